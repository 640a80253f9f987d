"""The TRON family: TRON mainnet, Nile and Shasta (TronGrid)."""
