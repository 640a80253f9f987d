"""What an agent pastes around an ID: explorer links (which name the network), quotes, CSV lines.

Pure and offline. ``parse_link`` reads a link of a known explorer — with or without the
scheme — for the ID it carries and the chain it is about; an unknown host's
``…/tx/<id>`` still gives the ID, without a chain. ``unwrap`` takes the ID out of quotes or
out of the first field of a CSV line. Neither decides what the ID is: the caller
classifies it again (so a secret inside is still refused).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

_ID = re.compile(r"^[0-9A-Za-z]{26,130}$")
_TX_WORDS = {"tx", "txs", "transaction", "transactions"}
_ADDRESS_WORDS = {"address", "addresses", "addr", "account"}

# Esplora-style explorers: host → {network path prefix → chain}; "" is the host's mainnet.
_ESPLORA: dict[str, dict[str, str | None]] = {
    "mempool.space": {
        "": "btc",
        "testnet": "btc-testnet",
        "testnet4": "btc-testnet4",
        "signet": "btc-signet",
    },
    "blockstream.info": {"": "btc", "testnet": "btc-testnet", "liquid": None, "liquidtestnet": None},
    "litecoinspace.org": {"": "ltc", "testnet": None},
}
_UNSUPPORTED = {"liquid": "Liquid", "liquidtestnet": "Liquid testnet", "testnet": "Litecoin testnet"}
# Etherscan-style explorers (…/tx/0x…, …/address/0x…): host → chain.
_BY_HOST = {
    "etherscan.io": "eth",
    "sepolia.etherscan.io": "eth-sepolia",
    "bscscan.com": "bsc",
    "polygonscan.com": "polygon",
    "arbiscan.io": "arbitrum",
    "optimistic.etherscan.io": "optimism",
    "basescan.org": "base",
    "tronscan.org": "tron",
    "tronscan.io": "tron",
    "nile.tronscan.org": "tron-nile",
    "shasta.tronscan.org": "tron-shasta",
}
# Multi-chain explorers name the coin in the path: blockchair.com/<coin>/transaction/<id>,
# blockchain.com/explorer/transactions/<coin>/<id> (or /<coin>/tx/<id>), oklink.com/<coin>/tx/<id>.
_COINS = {
    "bitcoin": "btc",
    "btc": "btc",
    "bitcoin/testnet": "btc-testnet",
    "btc-testnet": "btc-testnet",
    "litecoin": "ltc",
    "ltc": "ltc",
    "ethereum": "eth",
    "eth": "eth",
    "bnb": "bsc",
    "bsc": "bsc",
    "polygon": "polygon",
    "polygon-pos": "polygon",
    "arbitrum": "arbitrum",
    "arbitrum-one": "arbitrum",
    "optimism": "optimism",
    "op": "optimism",
    "base": "base",
    "tron": "tron",
    "trx": "tron",
    "sepolia": "eth-sepolia",
    "sepolia-test": "eth-sepolia",
}
_MULTI = {"blockchair.com", "blockchain.com", "oklink.com"}
_KNOWN_HOSTS = set(_ESPLORA) | set(_BY_HOST) | _MULTI


@dataclass(frozen=True)
class Link:
    id: str  # the transaction ID or address the link carries, as written
    chain: str | None  # the chain the explorer shows it on; None when the link does not say
    host: str  # the explorer's host, for messages
    unsupported: str | None = None  # a network txdoctor does not look up (Liquid, …)


def parse_link(text: str) -> Link | None:
    """The ID (and chain) a web link carries, or None when it carries none we can read."""
    parts = _split(text)
    if parts is None:
        return None
    host, segments = parts
    found = _known(host, segments)
    if found is not None:
        return found
    return _generic(host, segments)


def _split(text: str) -> tuple[str, list[str]] | None:
    """(host without www., path segments — a ``#/…`` fragment's too) of a link, or None."""
    low = text.lower()
    if "://" not in text:
        first = low.split("/", 1)[0]
        if not (low.startswith("www.") or _host(first) in _KNOWN_HOSTS):
            return None
        text = "https://" + text
    elif not low.startswith(("http://", "https://")):
        return None
    try:
        parts = urlsplit(text)
        host = _host(parts.hostname or "")
    except ValueError:
        return None
    path = unquote(parts.path)
    fragment = unquote(parts.fragment)
    if fragment.startswith("/"):  # tronscan.org/#/transaction/<id>
        path = path.rstrip("/") + fragment.split("?", 1)[0]
    return host, [s for s in path.split("/") if s]


def _host(name: str) -> str:
    name = name.lower().rstrip(".")
    return name[4:] if name.startswith("www.") else name


def _known(host: str, segments: list[str]) -> Link | None:
    if host in _ESPLORA:
        networks = _ESPLORA[host]
        prefix = segments[0].lower() if segments and segments[0].lower() in networks else ""
        rest = segments[1:] if prefix else segments
        found = _kind_then_id(rest)
        if found is None:
            return None
        chain = networks[prefix]
        return Link(found, chain, host, None if chain else _UNSUPPORTED.get(prefix, prefix))
    if host in _BY_HOST:
        found = _kind_then_id(segments)
        return Link(found, _BY_HOST[host], host) if found else None
    if host in _MULTI:
        return _multi(host, segments)
    return None


def _multi(host: str, segments: list[str]) -> Link | None:
    """blockchair/blockchain.com/OKLink: ``…/<coin>/tx/<id>`` or ``…/transactions/<coin>/<id>``."""
    low = [s.lower() for s in segments]
    for i, word in enumerate(low):
        if word not in _TX_WORDS and word not in _ADDRESS_WORDS:
            continue
        rest = segments[i + 1 :]
        if len(rest) >= 2 and rest[0].lower() in _COINS and _ID.match(rest[1]):
            return Link(rest[1], _COINS[rest[0].lower()], host)
        if rest and _ID.match(rest[0]):
            return Link(rest[0], _coin(low[:i]), host)
    return None


def _coin(before: list[str]) -> str | None:
    """The chain named by the segments before the tx/address word (``bitcoin/testnet``, ``eth``)."""
    for size in (2, 1):
        if len(before) >= size:
            chain = _COINS.get("/".join(before[-size:]))
            if chain is not None:
                return chain
    return None


def _kind_then_id(segments: list[str]) -> str | None:
    low = [s.lower() for s in segments]
    for i in range(len(segments) - 1):
        if (low[i] in _TX_WORDS or low[i] in _ADDRESS_WORDS) and _ID.match(segments[i + 1]):
            return segments[i + 1]
    return None


def _generic(host: str, segments: list[str]) -> Link | None:
    found = _kind_then_id(segments)
    return Link(found, None, host) if found else None


# ------------------------------------------------------------ quotes and CSV

_QUOTES = {'"': '"', "'": "'", "`": "`", "\u201c": "\u201d", "\u2018": "\u2019", "\u00ab": "\u00bb"}


def unquote_id(text: str) -> str | None:
    """The text inside one pair of matching quotes around the whole input, or None."""
    if len(text) >= 2 and _QUOTES.get(text[0]) == text[-1]:
        inner = text[1:-1].strip()
        return inner or None
    return None


def csv_fields(text: str) -> list[str]:
    """The fields of a CSV (or semicolon/tab separated) line with several fields, else []."""
    present = [sep for sep in ",;\t" if sep in text]
    if not present:
        return []
    import csv  # only for a line that has a separator

    delimiter = min(present, key=text.index)
    try:
        row = next(csv.reader([text], delimiter=delimiter, skipinitialspace=True), [])
    except csv.Error:
        return []
    fields = [f.strip() for f in row]
    return fields if len(fields) >= 2 and fields[0] else []
