"""The main TRC-20 tokens on TRON mainnet: contract → (symbol, decimals), known offline (the
rows are in the shared table :mod:`txdoctor.core.tokens`).

Addresses checked against several public sources (TronLink's developer docs token table,
MetaMask's TRON token list, java-tron's own WTRX constant, SunSwap/SUN toolkits; see
docs/tron.md) and against their Base58Check checksums (a test). Other tokens are named by
constant calls of ``symbol()``/``decimals()`` on the contract, cached per run.
"""

from __future__ import annotations

from txdoctor.core.tokens import TOKEN_CONTRACTS

USDT = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"  # Tether USD

# contract → (symbol, decimals), from the shared offline table of token contracts
TRC20_TOKENS: dict[str, tuple[str, int]] = {
    t.address: (t.symbol, t.decimals) for t in TOKEN_CONTRACTS if t.chain == "tron"
}

# Function selectors (first 4 bytes of keccak256 of the signature), for constant calls.
SIG_BALANCE_OF = "balanceOf(address)"  # 70a08231
SIG_IS_BLACKLISTED = "isBlackListed(address)"  # e47d6060, USDT's issuer blacklist
SIG_DECIMALS = "decimals()"  # 313ce567
SIG_SYMBOL = "symbol()"  # 95d89b41
