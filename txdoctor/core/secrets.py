"""Recognise pasted secrets (private keys, seed phrases) so they are never used or echoed.

Nothing here keeps the secret text: a SecretMatch says only what kind of secret it was.

A key is found anywhere in the input, whatever surrounds it (labels, quotes, punctuation,
URL parameters, invisible or bidi characters), and a near miss of a key (one typo) is
still a key: the cost of refusing a look-alike is one re-paste; the cost of sending a
key to an explorer is the funds. Seed phrases are in seedwords.py.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from urllib.parse import unquote_plus

from txdoctor.addresses.base58 import ALPHABET, Base58Error, b58check_decode, b58decode, checksum
from txdoctor.core.secretmatch import SecretMatch
from txdoctor.messages import Term

# WIF version bytes: Bitcoin mainnet, Bitcoin test networks, Litecoin.
_WIF_VERSIONS = frozenset((0x80, 0xEF, 0xB0))
# (length, first character) of those WIF keys, uncompressed (51) and compressed (52).
_WIF_SHAPES = frozenset(((51, "5"), (51, "9"), (51, "6"), (52, "K"), (52, "L"), (52, "c"), (52, "T")))
# Private extended key versions: every private entry of the SLIP-132 registry
# (github.com/satoshilabs/slips/blob/master/slip-0132.md) and the ones wallets use beyond it.
# vtcv (Vertcoin) shares xprv's bytes. Any other version is still caught by its structure
# (a 78-byte BIP32 serialisation whose key starts with 0x00).
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
        ("019d9cfe", "Ltpv"),  # Litecoin
        ("01b26792", "Mtpv"),  # Litecoin P2WPKH in P2SH
        ("0436ef7d", "ttpv"),  # Litecoin testnet
        ("03e25945", "pprv"),  # Polis
        ("02fac398", "dgpv"),  # Dogecoin
        ("02fda4e8", "dprv"),  # Decred
    )
}
_XPRV_NAMES = tuple(sorted(set(XPRV_VERSIONS.values())))
_SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
# Candidate tokens: runs of ASCII letters and digits (a typo may bring 0 O I l, which
# Base58 leaves out, so the run is wider than the Base58 alphabet).
_RUN = re.compile(r"[0-9A-Za-z]+")
_HEX_RUN = re.compile(r"(?:0[xX])?[0-9a-fA-F]*")
_WIF_LENGTHS = range(50, 54)  # 51/52, and one character missing or doubled
_XPRV_LENGTHS = range(100, 116)
_MAX_SLIDE = 400  # longest run searched for a key glued to other characters
_B58 = {c: i for i, c in enumerate(ALPHABET)}


def detect_secret(text: str) -> SecretMatch | None:
    """The kind of secret in ``text``: a key anywhere in it, or seed-phrase words."""
    if not isinstance(text, str) or _HEX_RUN.fullmatch(text.strip()):
        return None  # hex: a txid, a raw transaction, or a hex key (a warning elsewhere)
    for view in _views(text):
        match = find_key(view)
        if match is not None:
            return match
    from txdoctor.core.seedwords import find_seed_phrase

    return find_seed_phrase(text)


def _views(text: str) -> list[str]:
    """The text as pasted, compatibility-normalised (full-width letters become ASCII),
    without invisible format characters (a BOM or bidi mark inside a key), and
    percent-decoded (a key in a URL parameter)."""
    nfkc = unicodedata.normalize("NFKC", text)
    bare = "".join(c for c in nfkc if unicodedata.category(c) not in ("Cf", "Cc", "Co", "Cn"))
    views = [nfkc, bare]
    if "%" in bare or "+" in bare:
        views.append(unquote_plus(bare, errors="replace"))
    return list(dict.fromkeys(views))


def looks_like_hex_private_key(text: str) -> bool:
    """64 hex digits (optional 0x) in the secp256k1 key range. Txids look the same!"""
    s = text.strip()
    if s[:2] in ("0x", "0X"):
        s = s[2:]
    if len(s) != 64 or not all(c in "0123456789abcdefABCDEF" for c in s):
        return False
    return 0 < int(s, 16) < _SECP256K1_N


def find_key(text: str) -> SecretMatch | None:
    """A WIF or extended private key anywhere in ``text`` (one token, or glued to others)."""
    for m in _RUN.finditer(text):
        run = m.group()
        if len(run) < 50 or _HEX_RUN.fullmatch(run):
            continue  # too short for a key; hex is a txid, a raw tx or a hex key (handled elsewhere)
        match = _key_token(run)
        if match is None and len(run) <= _MAX_SLIDE:
            match = _glued_key(run)
        if match is not None:
            return match
    return None


def _key_token(token: str) -> SecretMatch | None:
    if len(token) in _WIF_LENGTHS:
        return _wif(token)
    if len(token) in _XPRV_LENGTHS:
        return _xprv(token)
    return None


def _glued_key(run: str) -> SecretMatch | None:
    """A key run together with a label or other text (``wifK…``, ``K…abc``): only a
    window whose checksum passes counts, so a long address is never mistaken for one."""
    for i in range(len(run) - 50):
        for length in (51, 52):
            window = run[i : i + length]
            if len(window) == length and (length, window[0]) in _WIF_SHAPES and _wif_certain(window):
                return SecretMatch("wif", Term("secret.wif"), certain=True)
    for name in _XPRV_NAMES:
        start = run.find(name)
        while start != -1:
            for length in (111, 112):
                match = _xprv_certain(run[start : start + length])
                if match is not None:
                    return match
            start = run.find(name, start + 1)
    return _glued_near_miss(run)


def _glued_near_miss(run: str) -> SecretMatch | None:
    """A mistyped key with a short label glued before or after it (``key5Hu…``, ``K…txt``):
    the key-long windows at either end of the run, judged like a separate token. A run
    that is itself an address is left alone."""
    if len(run) > 130 or _is_address(run) or _is_base58check(run):
        return None
    for length in (*_WIF_LENGTHS, *range(110, 114)):
        for window in _windows(run, length):
            # One edit from a valid key, checksum and all: the shape alone would take
            # the tail of a long address for a key.
            if length in _WIF_LENGTHS and _one_edit_from_wif(window):
                return SecretMatch("wif", Term("secret.wif"), certain=False)
            if length not in _WIF_LENGTHS and _one_edit(window, _xprv_value):
                return SecretMatch("xprv", Term("secret.xprv_mistyped"), False)
    return None


_MAX_LABEL = 12  # longest text glued on each side of a mistyped key that is still searched


def _windows(run: str, length: int) -> list[str]:
    """The ``length``-long windows of ``run`` that leave text on one side only (any length),
    or at most ``_MAX_LABEL`` characters on each side (``wif`` + key + ``abc``)."""
    spare = len(run) - length
    if spare <= 0:
        return []
    starts = {0, spare} | {a for a in range(1, min(spare, _MAX_LABEL) + 1) if spare - a <= _MAX_LABEL}
    return [run[a : a + length] for a in sorted(starts)]


def _is_base58check(token: str) -> bool:
    try:
        b58check_decode(token)
    except Base58Error:
        return False
    return True


# ------------------------------------------------------------------ WIF


def _wif_payload_ok(payload: bytes) -> bool:
    if len(payload) not in (33, 34) or payload[0] not in _WIF_VERSIONS:
        return False
    return len(payload) == 33 or payload[33] == 0x01


def _wif_certain(token: str) -> bool:
    try:
        return _wif_payload_ok(b58check_decode(token))
    except Base58Error:
        return False


def _wif(token: str) -> SecretMatch | None:
    if _wif_certain(token):
        return SecretMatch("wif", Term("secret.wif"), certain=True)
    if _is_address(token):
        return None
    if _wif_shaped(token) or _one_edit_from_wif(token):
        # A mistyped WIF is still a key: judged by its shape, or by being one typo away.
        return SecretMatch("wif", Term("secret.wif"), certain=False)
    return None


def _wif_shaped(token: str) -> bool:
    """Length, first character and version byte of a WIF key, whatever the checksum says."""
    if (len(token), token[0]) not in _WIF_SHAPES:
        return False
    fixed = "".join(c if c in _B58 else "1" for c in token)  # a look-alike typo (0 O I l)
    raw = b58decode(fixed)
    return len(raw) == len(token) - 14 and raw[0] in _WIF_VERSIONS


def _wif_value(value: int) -> bool:
    """Is this Base58 number a WIF key with a valid checksum? (Version and length first:
    most candidates fail there, before any hashing.)"""
    raw = value.to_bytes((value.bit_length() + 7) // 8, "big")
    if len(raw) not in (37, 38) or raw[0] not in _WIF_VERSIONS or (len(raw) == 38 and raw[33] != 1):
        return False
    return checksum(raw[:-4]) == raw[-4:]


def _xprv_value(value: int) -> bool:
    """Is this Base58 number a BIP32 private serialisation with a valid checksum?"""
    raw = value.to_bytes((value.bit_length() + 7) // 8, "big")
    return _bip32_private_shape(raw) and checksum(raw[:-4]) == raw[-4:]


def _one_edit_from_wif(token: str) -> bool:
    return _one_edit(token, _wif_value)


def _one_edit(token: str, accept: Callable[[int], bool]) -> bool:
    """One substituted, inserted or deleted character away from a valid key.

    Computed on the Base58 number (prefix and suffix values, one power of 58 for the
    edited place) instead of decoding every variant: ~6,000 candidates in a few ms
    (``accept`` rejects by length and shape before hashing). A candidate may not start
    with "1" (a zero byte): no WIF or extended key does.
    """
    n = len(token)
    bad = [i for i, c in enumerate(token) if c not in _B58]
    if len(bad) > 1:
        return False
    d = [_B58.get(c, 0) for c in token]
    p58 = [58**k for k in range(n + 2)]
    pre = [0] * (n + 1)
    for i in range(n):
        pre[i + 1] = pre[i] * 58 + d[i]
    suf = [0] * (n + 1)
    for i in range(n - 1, -1, -1):
        suf[i] = suf[i + 1] + d[i] * p58[n - 1 - i]
    for i in bad or range(n):  # substitute
        for c in range(1 if i == 0 else 0, 58):
            if (
                (i == 0 or d[0])
                and c != d[i]
                and accept(pre[i] * p58[n - i] + c * p58[n - 1 - i] + suf[i + 1])
            ):
                return True
    for i in bad or range(n):  # delete
        if d[1 if i == 0 else 0] and accept(pre[i] * p58[n - 1 - i] + suf[i + 1]):
            return True
    if bad:
        return False
    for i in range(n + 1 if d[0] else 1):  # insert
        for c in range(1 if i == 0 else 0, 58):
            if accept(pre[i] * p58[n - i + 1] + c * p58[n - i] + suf[i]):
                return True
    return False


def _is_address(token: str) -> bool:
    """An upper-case "TB1…" address has the shape of a Litecoin WIF key."""
    from txdoctor.addresses.bech32 import Bech32Error, bech32_decode

    try:
        bech32_decode(token)
    except Bech32Error:
        return False
    return True


# ------------------------------------------------------------------ extended keys


def _xprv_certain(token: str) -> SecretMatch | None:
    try:
        payload = b58check_decode(token)
    except Base58Error:
        return None
    if len(payload) != 78 or payload[45] != 0:
        return None
    name = XPRV_VERSIONS.get(payload[:4])
    return SecretMatch("xprv", xprv_term(name), True)


def _xprv(token: str) -> SecretMatch | None:
    """A 100-115 character token that is, or nearly is, an extended private key: by its
    version bytes, by its prefix, or by its structure (a private key starts with 0x00)."""
    certain = _xprv_certain(token)
    if certain is not None:
        return certain
    fixed = "".join(c if c in _B58 else "1" for c in token)
    raw = b58decode(fixed)
    name = XPRV_VERSIONS.get(raw[:4]) if len(raw) == 82 else None
    if name is None:
        name = next((n for n in _XPRV_NAMES if token.startswith(n)), None)
    if name is None and _bip32_private_shape(raw) and not _is_address(token):
        return SecretMatch("xprv", xprv_term(None), certain=False)
    if name is None and 110 <= len(token) <= 113 and _one_edit(token, _xprv_value):
        return SecretMatch("xprv", Term("secret.xprv_mistyped"), certain=False)
    if name is None:
        return None
    return SecretMatch("xprv", xprv_term(name), certain=False)


def xprv_term(name: str | None) -> Term:
    """An extended private key of version ``name`` (xprv, Ltpv…), or of an unregistered one."""
    return Term("secret.xprv", version=name) if name else Term("secret.xprv_unregistered")


def _bip32_private_shape(raw: bytes) -> bool:
    """78 bytes + checksum, a plausible depth, and a private key's 0x00 marker."""
    return len(raw) == 82 and raw[4] <= 10 and raw[45] == 0
