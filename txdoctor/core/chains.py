"""The chains txdoctor knows: names, families, address parameters and default providers."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Literal

from txdoctor.messages import Term, Worded

Family = Literal["btc", "evm", "tron"]


@dataclass(frozen=True)
class Chain:
    name: str  # the CLI name, e.g. "btc-testnet"
    family: Family
    display: str  # "Bitcoin testnet3"
    default_urls: tuple[str, ...] = ()
    # Bitcoin-family address parameters
    bech32_hrp: str | None = None
    p2pkh_version: int | None = None
    p2sh_version: int | None = None
    wif_version: int | None = None
    # EVM
    chain_id: int | None = None
    native_symbol: str = ""
    # Networks that share address formats (testnet, signet, testnet4 all use tb1)
    address_group: str = ""
    lookup_by_default: bool = True
    testnet: bool = False  # a test network whose name does not say "test" (TRON's Nile, Shasta)

    @property
    def is_test_network(self) -> bool:
        return self.testnet or any(w in self.name for w in ("test", "signet", "regtest", "sepolia"))

    @property
    def symbol(self) -> str:
        return self.native_symbol or ("BTC" if self.family == "btc" else "")

    @property
    def env_var(self) -> str:
        return "TXDOCTOR_URL_" + self.name.upper().replace("-", "_")


_MEMPOOL = "https://mempool.space"
_BLOCKSTREAM = "https://blockstream.info"

CHAINS: dict[str, Chain] = {
    c.name: c
    for c in [
        Chain(
            "btc",
            "btc",
            "Bitcoin mainnet",
            (f"{_MEMPOOL}/api", f"{_BLOCKSTREAM}/api"),
            bech32_hrp="bc",
            p2pkh_version=0x00,
            p2sh_version=0x05,
            wif_version=0x80,
            address_group="btc",
        ),
        Chain(
            "btc-testnet",
            "btc",
            "Bitcoin testnet3",
            (f"{_MEMPOOL}/testnet/api", f"{_BLOCKSTREAM}/testnet/api"),
            bech32_hrp="tb",
            p2pkh_version=0x6F,
            p2sh_version=0xC4,
            wif_version=0xEF,
            address_group="btc-test",
        ),
        Chain(
            "btc-testnet4",
            "btc",
            "Bitcoin testnet4",
            (f"{_MEMPOOL}/testnet4/api",),
            bech32_hrp="tb",
            p2pkh_version=0x6F,
            p2sh_version=0xC4,
            wif_version=0xEF,
            address_group="btc-test",
        ),
        Chain(
            "btc-signet",
            "btc",
            "Bitcoin signet",
            (f"{_MEMPOOL}/signet/api",),
            bech32_hrp="tb",
            p2pkh_version=0x6F,
            p2sh_version=0xC4,
            wif_version=0xEF,
            address_group="btc-test",
        ),
        Chain(
            "btc-regtest",
            "btc",
            "Bitcoin regtest",
            (),
            bech32_hrp="bcrt",
            p2pkh_version=0x6F,
            p2sh_version=0xC4,
            wif_version=0xEF,
            address_group="btc-regtest",
            lookup_by_default=False,
        ),
        Chain(
            "ltc",
            "btc",
            "Litecoin",
            ("https://litecoinspace.org/api",),
            bech32_hrp="ltc",
            p2pkh_version=0x30,
            p2sh_version=0x32,
            wif_version=0xB0,
            native_symbol="LTC",
            address_group="ltc",
        ),
        Chain(
            "ltc-testnet",
            "btc",
            "Litecoin testnet",
            (),
            bech32_hrp="tltc",
            p2pkh_version=0x6F,
            p2sh_version=0x3A,
            wif_version=0xEF,
            native_symbol="LTC",
            address_group="ltc-test",
            lookup_by_default=False,
        ),
        Chain(
            "ltc-regtest",
            "btc",
            "Litecoin regtest",
            (),
            bech32_hrp="rltc",
            p2pkh_version=0x6F,
            p2sh_version=0x3A,
            wif_version=0xEF,
            native_symbol="LTC",
            address_group="ltc-regtest",
            lookup_by_default=False,
        ),
        Chain(
            "tron",
            "tron",
            "TRON",
            ("https://api.trongrid.io",),
            native_symbol="TRX",
            address_group="tron",
        ),
        Chain(
            "tron-nile",
            "tron",
            "TRON Nile testnet",
            ("https://nile.trongrid.io",),
            native_symbol="TRX",
            address_group="tron",
            lookup_by_default=False,
            testnet=True,
        ),
        Chain(
            "tron-shasta",
            "tron",
            "TRON Shasta testnet",
            ("https://api.shasta.trongrid.io",),
            native_symbol="TRX",
            address_group="tron",
            lookup_by_default=False,
            testnet=True,
        ),
        Chain(
            "eth",
            "evm",
            "Ethereum",
            ("https://ethereum-rpc.publicnode.com", "https://eth.drpc.org"),
            chain_id=1,
            native_symbol="ETH",
            address_group="evm",
        ),
        Chain(
            "bsc",
            "evm",
            "BNB Smart Chain",
            ("https://bsc-rpc.publicnode.com", "https://bsc.drpc.org"),
            chain_id=56,
            native_symbol="BNB",
            address_group="evm",
        ),
        Chain(
            "polygon",
            "evm",
            "Polygon PoS",
            ("https://polygon-bor-rpc.publicnode.com", "https://polygon-rpc.com"),
            chain_id=137,
            native_symbol="POL",
            address_group="evm",
        ),
        Chain(
            "arbitrum",
            "evm",
            "Arbitrum One",
            ("https://arb1.arbitrum.io/rpc", "https://arbitrum-one-rpc.publicnode.com"),
            chain_id=42161,
            native_symbol="ETH",
            address_group="evm",
        ),
        Chain(
            "optimism",
            "evm",
            "OP Mainnet",
            ("https://mainnet.optimism.io", "https://optimism-rpc.publicnode.com"),
            chain_id=10,
            native_symbol="ETH",
            address_group="evm",
        ),
        Chain(
            "base",
            "evm",
            "Base",
            ("https://mainnet.base.org", "https://base-rpc.publicnode.com"),
            chain_id=8453,
            native_symbol="ETH",
            address_group="evm",
        ),
        Chain(
            "eth-sepolia",
            "evm",
            "Ethereum Sepolia testnet",
            ("https://ethereum-sepolia-rpc.publicnode.com", "https://sepolia.drpc.org"),
            chain_id=11155111,
            native_symbol="ETH",
            address_group="evm",
            lookup_by_default=False,
        ),
    ]
}

BTC_CHAINS = [c for c in CHAINS.values() if c.family == "btc"]  # Bitcoin's networks, and Litecoin
EVM_CHAINS = [c for c in CHAINS.values() if c.family == "evm"]
TRON_CHAINS = [c for c in CHAINS.values() if c.family == "tron"]  # mainnet first, then Nile and Shasta


# Other names people use for a chain, or for the tokens on it: accepted wherever a chain
# name is (--chain, --url, the config file, the Python API); TXDOCTOR_URL_* use the own names.
ALIASES: dict[str, str] = {
    "bitcoin": "btc",
    "xbt": "btc",
    "testnet": "btc-testnet",
    "testnet3": "btc-testnet",
    "testnet4": "btc-testnet4",
    "signet": "btc-signet",
    "regtest": "btc-regtest",
    "litecoin": "ltc",
    "ethereum": "eth",
    "erc20": "eth",
    "sepolia": "eth-sepolia",
    "trx": "tron",
    "trc20": "tron",
    "bnb": "bsc",
    "bep20": "bsc",
    "binance": "bsc",
    "matic": "polygon",
    "pol": "polygon",
    "arb": "arbitrum",
    "op": "optimism",
}


class UnknownChain(Worded):
    """A chain name txdoctor does not know; the message suggests the closest and lists them all."""


def chain_name(name: str) -> str:
    """The chain's own name for a name or an alias (not checked: see get_chain)."""
    key = name.strip().lower()
    return ALIASES.get(key, key)


def get_chain(name: str) -> Chain:
    try:
        return CHAINS[chain_name(name)]
    except KeyError:
        raise unknown_chain(name) from None


def unknown_chain(name: str) -> UnknownChain:
    import difflib

    key = name.strip().lower()
    close = difflib.get_close_matches(key, [*CHAINS, *ALIASES], n=1, cutoff=0.6)
    hint: Term | str = ""
    if close and close[0] in ALIASES:
        hint = Term("usage.did_you_mean_alias", guess=repr(close[0]), chain=ALIASES[close[0]])
    elif close:
        hint = Term("usage.did_you_mean_chain", guess=repr(close[0]))
    chains, aliases = ", ".join(CHAINS), ", ".join(ALIASES)
    return UnknownChain("usage.unknown_chain", name=repr(name), hint=hint, chains=chains, aliases=aliases)


@dataclass
class ProviderConfig:
    """Which base URLs to use for each chain, in order of preference.

    Precedence: --url flags > TXDOCTOR_URL_<CHAIN> > the config file > built-in defaults. A user-supplied
    URL replaces the defaults for that chain (a self-hosted node is not silently
    bypassed for a public explorer). Several URLs (repeated --url, or a
    comma-separated environment variable) are tried in order.
    """

    overrides: dict[str, list[str]] = field(default_factory=dict)
    environ: dict[str, str] | None = None
    from_file: dict[str, list[str]] = field(default_factory=dict)

    def urls(self, chain: Chain) -> list[str]:
        if self.overrides.get(chain.name):
            return list(self.overrides[chain.name])
        env = os.environ if self.environ is None else self.environ
        value = env.get(chain.env_var, "").strip()
        if value:
            return [u.strip().rstrip("/") for u in value.split(",") if u.strip()]
        if self.from_file.get(chain.name):
            return list(self.from_file[chain.name])
        return list(chain.default_urls)

    def validate(self) -> None:
        """Check every user-supplied URL now, from every source alike (InvalidUrl, redacted),
        instead of failing later with the URL in a provider message."""
        from txdoctor.core.net.urls import check_url

        env = os.environ if self.environ is None else self.environ
        for chain in CHAINS.values():
            for url in self.overrides.get(chain.name, []):
                check_url(url, f"--url {chain.name}")
            for url in env.get(chain.env_var, "").split(","):
                if url.strip():
                    check_url(url, chain.env_var)
            for url in self.from_file.get(chain.name, []):
                check_url(url, f"config [providers] {chain.name}")

    def is_custom(self, chain: Chain) -> bool:
        return self.urls(chain) != list(chain.default_urls)


def parse_url_option(value: str) -> tuple[str, str]:
    """Parse ``CHAIN=URL`` from ``--url``; raises ValueError with a readable message
    (the URL redacted: it may hold a password or an API key)."""
    from txdoctor.core.net.urls import check_url, redact_url

    chain_name, sep, url = value.partition("=")
    if not sep or not url.strip() or any(c in chain_name for c in ":/@?#"):
        raise Worded("usage.url_format", value=repr(redact_url(value)))
    chain = get_chain(chain_name)
    url = check_url(url, f"--url {chain.name}")
    problem = core_url_problem(chain, url)
    if problem:
        raise ValueError(f"--url {chain.name}=…: {problem}")
    return chain.name, url


def core_url_problem(chain: Chain, url: str) -> str | None:
    """A Core node's URL (core+http://) given for a chain it cannot serve."""
    if url.lower().startswith("core+") and chain.family != "btc":
        return "core+http(s):// (a Bitcoin or Litecoin Core node) serves Bitcoin and Litecoin chains only"
    return None
