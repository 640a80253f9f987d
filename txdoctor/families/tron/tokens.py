"""The main TRC-20 tokens on TRON mainnet: contract → (symbol, decimals), known offline.

Addresses checked against several public sources (TronLink's developer docs token table,
MetaMask's TRON token list, java-tron's own WTRX constant, SunSwap/SUN toolkits; see
docs/tron.md) and against their Base58Check checksums (a test). Other tokens are named by
constant calls of ``symbol()``/``decimals()`` on the contract, cached per run.
"""

from __future__ import annotations

USDT = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"  # Tether USD

TRC20_TOKENS: dict[str, tuple[str, int]] = {
    USDT: ("USDT", 6),
    "TEkxiTehnzSmSe2XqrBj4w32RUN966rdz8": ("USDC", 6),  # USD Coin
    "TXDk8mbtRbXeYuMNS83CfKPaYYT8XWv9Hz": ("USDD", 18),  # USDD (2.0, since 2025)
    "TPYmHEhy5n8TCEfYGqW2rPxsghSfzghPDn": ("USDD", 18),  # the first USDD contract ("USDDOLD")
    "TNUC9Qb1rRpS5CbWLmNMxXBjyFoydXjWFR": ("WTRX", 6),  # Wrapped TRX
    "TAFjULxiVgT4qWk6UZwjqwZXTSaGaqnVp4": ("BTT", 18),  # BitTorrent (new BTT)
    "TCFLL5dx5ZJdKnWuesXxi1VPwjLVmWZZy9": ("JST", 18),  # JUST
    "TSSMHYeV2uE9qYH95DqyoCuNCzEL1NvU3S": ("SUN", 18),  # SUN
    "TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7": ("WIN", 6),  # WINkLink
}

# Function selectors (first 4 bytes of keccak256 of the signature), for constant calls.
SIG_BALANCE_OF = "balanceOf(address)"  # 70a08231
SIG_IS_BLACKLISTED = "isBlackListed(address)"  # e47d6060, USDT's issuer blacklist
SIG_DECIMALS = "decimals()"  # 313ce567
SIG_SYMBOL = "symbol()"  # 95d89b41
