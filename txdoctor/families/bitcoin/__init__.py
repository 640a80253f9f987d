"""The Bitcoin family: Bitcoin's networks and Litecoin (Esplora explorers, a Core node)."""
