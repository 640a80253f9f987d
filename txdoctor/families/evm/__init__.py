"""The EVM family: Ethereum and the EVM chains (JSON-RPC)."""
