"""Recognise pasted secrets (private keys, seed phrases) so they are never used or echoed.

Nothing here keeps the secret text: a SecretMatch says only what kind of secret it was.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from txdoctor.addresses.base58 import Base58Error, b58check_decode, b58decode

if TYPE_CHECKING:
    from mnemonic import Mnemonic

# WIF version bytes: Bitcoin mainnet, Bitcoin test networks, Litecoin.
_WIF_VERSIONS = frozenset((0x80, 0xEF, 0xB0))
# (length, first character) of those WIF keys, uncompressed (51) and compressed (52).
_WIF_SHAPES = frozenset(((51, "5"), (51, "9"), (51, "6"), (52, "K"), (52, "L"), (52, "c"), (52, "T")))
# SLIP-132 / BIP32 private extended key versions.
XPRV_VERSIONS: dict[bytes, str] = {
    bytes.fromhex(h): name
    for h, name in (
        ("0488ade4", "xprv"),
        ("04358394", "tprv"),
        ("049d7878", "yprv"),
        ("044a4e28", "uprv"),
        ("04b2430c", "zprv"),
        ("045f18bc", "vprv"),
        ("0295b005", "Yprv"),
        ("024285b5", "Uprv"),
        ("02aa7a99", "Zprv"),
        ("02575048", "Vprv"),
    )
}
_BIP39_COUNTS = frozenset((12, 15, 18, 21, 24))
_SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
_PUNCT = ".,;:()[]{}\"'`-#*"


@dataclass(frozen=True)
class SecretMatch:
    kind: str  # "wif" | "xprv" | "seed_phrase" | "hex_private_key"
    label: str  # e.g. "a WIF private key"
    certain: bool  # True when a checksum proves it


def detect_secret(text: str) -> SecretMatch | None:
    """The kind of secret in ``text`` (a key anywhere in it, or the whole text as a seed phrase)."""
    if not isinstance(text, str):
        return None
    tokens = text.split()
    for token in tokens:
        match = _key_token(token.strip(_PUNCT))
        if match is not None:
            return match
    if len(tokens) >= 12:
        return _seed_phrase(tokens)
    return None


def looks_like_hex_private_key(text: str) -> bool:
    """64 hex digits (optional 0x) in the secp256k1 key range. Txids look the same!"""
    s = text.strip()
    if s[:2] in ("0x", "0X"):
        s = s[2:]
    if len(s) != 64 or not all(c in "0123456789abcdefABCDEF" for c in s):
        return False
    return 0 < int(s, 16) < _SECP256K1_N


def _key_token(token: str) -> SecretMatch | None:
    if 50 <= len(token) <= 53:
        return _wif(token)
    if 100 <= len(token) <= 115:
        return _xprv(token)
    return None


def _wif(token: str) -> SecretMatch | None:
    try:
        payload = b58check_decode(token)
    except Base58Error as err:
        # A mistyped WIF is still a key: judge it by its shape and version byte.
        if err.code == "BASE58_CHECKSUM" and (len(token), token[0]) in _WIF_SHAPES:
            raw = b58decode(token)
            if len(raw) == len(token) - 14 and raw[0] in _WIF_VERSIONS and not _is_bech32(token):
                return SecretMatch("wif", "a WIF private key", certain=False)
        return None
    if len(payload) not in (33, 34) or payload[0] not in _WIF_VERSIONS:
        return None
    if len(payload) == 34 and payload[33] != 0x01:
        return None
    return SecretMatch("wif", "a WIF private key", certain=True)


def _is_bech32(token: str) -> bool:
    """An upper-case "TB1…" address has the shape of a Litecoin WIF key."""
    from txdoctor.addresses.bech32 import Bech32Error, bech32_decode

    try:
        bech32_decode(token)
    except Bech32Error:
        return False
    return True


def _xprv(token: str) -> SecretMatch | None:
    """Any 100-115 character token with a private prefix is a key, mistyped or not."""
    name = next((n for n in XPRV_VERSIONS.values() if token.startswith(n)), None)
    if name is None:
        return None
    try:
        payload = b58check_decode(token)
    except Base58Error:
        payload = b""
    certain = len(payload) == 78 and payload[:4] in XPRV_VERSIONS and payload[45] == 0
    return SecretMatch("xprv", f"an extended private key ({name})", certain)


@functools.lru_cache(maxsize=1)
def _bip39() -> tuple[frozenset[str], Mnemonic]:
    from mnemonic import Mnemonic

    m = Mnemonic("english")
    return frozenset(m.wordlist), m


def _seed_phrase(tokens: list[str]) -> SecretMatch | None:
    words = []
    for token in tokens:
        word = token.strip(_PUNCT).lower()
        # tolerate numbered lists: "1." / "1)" / "1.abandon"
        word = word.lstrip("0123456789").strip(_PUNCT)
        if word:
            words.append(word)
    if not 12 <= len(words) <= 30:
        return None
    wordlist, mnemonic = _bip39()
    known = sum(1 for w in words if w in wordlist)
    count = len(words)
    if known == count and count in _BIP39_COUNTS:
        certain = mnemonic.check(" ".join(words))
        return SecretMatch("seed_phrase", f"a BIP39 seed phrase ({count} words)", certain)
    if known >= 0.8 * count:
        return SecretMatch("seed_phrase", f"a seed phrase ({count} words)", certain=False)
    return None
