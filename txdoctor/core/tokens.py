"""The main token contracts per chain, offline: sending tokens to a token's own contract
loses them, and people paste the contract address they saw on an explorer as a recipient.

Each address was checked against several public sources (issuers' pages, token lists,
wallets' configurations) and carries its own checksum (EIP-55 mixed case, TRON
Base58Check), which the test suite verifies.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TokenContract:
    chain: str  # a txdoctor chain name
    address: str  # as published (checksummed)
    symbol: str
    decimals: int
    name: str


TOKEN_CONTRACTS: tuple[TokenContract, ...] = (
    TokenContract("eth", "0xdAC17F958D2ee523a2206206994597C13D831ec7", "USDT", 6, "Tether USD"),
    TokenContract("eth", "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", "USDC", 6, "USD Coin"),
    TokenContract("eth", "0x6B175474E89094C44Da98b954EedeAC495271d0F", "DAI", 18, "Dai Stablecoin"),
    TokenContract("eth", "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2", "WETH", 18, "Wrapped Ether"),
    TokenContract("eth", "0x2260FAC5E5542a773Aa44fBCfeDf7C193bc2C599", "WBTC", 8, "Wrapped BTC"),
    TokenContract("bsc", "0x55d398326f99059fF775485246999027B3197955", "USDT", 18, "Binance-Peg Tether USD"),
    TokenContract("bsc", "0x8AC76a51cc950d9822D68b83fE1Ad97B32Cd580d", "USDC", 18, "Binance-Peg USD Coin"),
    TokenContract("bsc", "0xe9e7CEA3DedcA5984780Bafc599bD69ADd087D56", "BUSD", 18, "Binance-Peg BUSD"),
    TokenContract("bsc", "0xbb4CdB9CBd36B01bD1cBaEBF2De08d9173bc095c", "WBNB", 18, "Wrapped BNB"),
    TokenContract("polygon", "0xc2132D05D31c914a87C6611C10748AEb04B58e8F", "USDT", 6, "Tether USD (PoS)"),
    TokenContract("polygon", "0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359", "USDC", 6, "USD Coin"),
    TokenContract("polygon", "0x2791Bca1f2de4661ED88A30C99A7a9449Aa84174", "USDC.e", 6, "USD Coin (bridged)"),
    TokenContract("arbitrum", "0xFd086bC7CD5C481DCC9C85ebE478A1C0b69FCbb9", "USDT", 6, "Tether USD"),
    TokenContract("arbitrum", "0xaf88d065e77c8cC2239327C5EDb3A432268e5831", "USDC", 6, "USD Coin"),
    TokenContract("optimism", "0x94b008aA00579c1307B0EF2c499aD98a8ce58e58", "USDT", 6, "Tether USD"),
    TokenContract("optimism", "0x0b2C639c533813f4Aa9D7837CAf62653d097Ff85", "USDC", 6, "USD Coin"),
    TokenContract("base", "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913", "USDC", 6, "USD Coin"),
)
# TRON's main TRC-20 tokens (the TRON family reads them as families/tron/tokens.py's
# TRC20_TOKENS; docs/tron.md). Named by their symbol.
TOKEN_CONTRACTS += (
    TokenContract("tron", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "USDT", 6, "USDT"),  # Tether USD
    TokenContract("tron", "TEkxiTehnzSmSe2XqrBj4w32RUN966rdz8", "USDC", 6, "USDC"),  # USD Coin
    TokenContract("tron", "TXDk8mbtRbXeYuMNS83CfKPaYYT8XWv9Hz", "USDD", 18, "USDD"),  # USDD 2.0 (2025)
    TokenContract("tron", "TPYmHEhy5n8TCEfYGqW2rPxsghSfzghPDn", "USDD", 18, "USDD"),  # the first USDD
    TokenContract("tron", "TNUC9Qb1rRpS5CbWLmNMxXBjyFoydXjWFR", "WTRX", 6, "WTRX"),  # Wrapped TRX
    TokenContract("tron", "TAFjULxiVgT4qWk6UZwjqwZXTSaGaqnVp4", "BTT", 18, "BTT"),  # BitTorrent (new)
    TokenContract("tron", "TCFLL5dx5ZJdKnWuesXxi1VPwjLVmWZZy9", "JST", 18, "JST"),  # JUST
    TokenContract("tron", "TSSMHYeV2uE9qYH95DqyoCuNCzEL1NvU3S", "SUN", 18, "SUN"),  # SUN
    TokenContract("tron", "TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7", "WIN", 6, "WIN"),  # WINkLink
)


def _key(address: str) -> str:
    return address.lower() if address.startswith(("0x", "0X")) else address


_BY_ADDRESS: dict[str, tuple[TokenContract, ...]] = {}
for _t in TOKEN_CONTRACTS:
    _BY_ADDRESS[_key(_t.address)] = (*_BY_ADDRESS.get(_key(_t.address), ()), _t)


def token_contracts_at(address: str, chain: str | None = None) -> tuple[TokenContract, ...]:
    """The known token contracts at ``address`` (EVM: any case), on ``chain`` if given."""
    found = _BY_ADDRESS.get(_key(address.strip()), ())
    return tuple(t for t in found if chain is None or t.chain == chain)


def tokens_on(chain: str) -> tuple[TokenContract, ...]:
    return tuple(t for t in TOKEN_CONTRACTS if t.chain == chain)
