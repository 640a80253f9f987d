"""Addresses of chains txdoctor does not look up, recognised offline by their format.

TRON, Dogecoin, XRP, Bitcoin Cash (cashaddr), Cardano (Shelley), Cosmos-style bech32
and (low confidence, no checksum) Solana. Enough to say "this is a TRON address".
"""

from __future__ import annotations

from txdoctor.addresses import bech32
from txdoctor.addresses.base58 import (
    RIPPLE_ALPHABET,
    Base58Error,
    b58check_decode,
    b58check_encode,
    b58decode,
)
from txdoctor.addresses.info import AddressInfo, why
from txdoctor.core.chains import CHAINS
from txdoctor.messages.term import Term

_DOGE_VERSIONS = {0x1E: "p2pkh", 0x16: "p2sh"}
_COSMOS_HRPS = {"cosmos": "Cosmos Hub", "osmo": "Osmosis"}
_CARDANO_HRPS = {"addr": ("Cardano", 1), "addr_test": ("Cardano testnet", 0)}
_CARDANO_TYPES = {0: "base", 1: "base", 2: "base", 3: "base"} | {
    4: "pointer",
    5: "pointer",
    6: "enterprise",
    7: "enterprise",
}
_CASH_PREFIXES = {"bitcoincash": "Bitcoin Cash", "bchtest": "Bitcoin Cash testnet"}
_CASH_GEN = (0x98F2BC8E61, 0x79B76D99E2, 0xF33E5FB3C4, 0xAE2EABE2A8, 0x1E4F43E470)
_CASH_SIZES = (20, 24, 28, 32, 40, 48, 56, 64)
_HEX = frozenset("0123456789abcdefABCDEF")


def _info(
    text: str,
    family: str | None,
    network: str,
    kind: str | None,
    encoding: str,
    *,
    valid: bool = True,
    checksum: str = "ok",
    script_pubkey: str | None = None,
    error: Term | None = None,
    error_code: str | None = None,
    confidence: str = "high",
) -> AddressInfo:
    chains = tuple(c.name for c in CHAINS.values() if c.family == family)
    return AddressInfo(
        text=text,
        valid=valid,
        family=family,
        chains=chains,
        network=network,
        type=kind,
        encoding=encoding,
        checksum=checksum,
        script_pubkey=script_pubkey,
        why=error,
        error_code=error_code,
        confidence=confidence,
    )


def _p2_script(kind: str, digest: bytes) -> str | None:
    if len(digest) != 20:
        return None
    return f"76a914{digest.hex()}88ac" if kind == "p2pkh" else f"a914{digest.hex()}87"


def parse_other(text: str) -> AddressInfo | None:
    for check in (_cashaddr, _base58_kinds, _bech32_kinds, _tron_hex, _solana):
        info = check(text)
        if info is not None:
            return info
    return None


# --- Base58Check: TRON, Dogecoin, XRP ---------------------------------------------------


def _base58_kinds(text: str) -> AddressInfo | None:
    if not 25 <= len(text) <= 35:
        return None
    if text[0] == "r":
        try:
            payload = b58check_decode(text, RIPPLE_ALPHABET)
        except Base58Error:
            payload = b""
        if len(payload) == 21 and payload[0] == 0:
            return _info(text, "xrp", "XRP Ledger", "xrp", "base58")
    try:
        payload = b58check_decode(text)
    except Base58Error:
        return None
    if len(payload) != 21:
        return None
    if payload[0] == 0x41 and text[0] == "T" and len(text) == 34:
        return _info(text, "tron", "TRON", "tron", "base58")
    kind = _DOGE_VERSIONS.get(payload[0])
    if kind is not None:
        return _info(
            text, "dogecoin", "Dogecoin", kind, "base58", script_pubkey=_p2_script(kind, payload[1:])
        )
    return None


def _tron_hex(text: str) -> AddressInfo | None:
    """TRON's hex form: 41 + 20 bytes (42 hex digits, no checksum)."""
    if len(text) != 42 or not text.lower().startswith("41") or not all(c in _HEX for c in text):
        return None
    return _info(
        text,
        "tron",
        f"TRON (hex form of {b58check_encode(bytes.fromhex(text))})",
        "tron",
        "hex",
        checksum="none",
        confidence="low",
    )


# --- Solana -------------------------------------------------------------------------------


def _solana(text: str) -> AddressInfo | None:
    if not 32 <= len(text) <= 44:
        return None
    try:
        raw = b58decode(text)
    except Base58Error:
        return None
    if len(raw) != 32:
        return None
    return _info(
        text,
        "solana",
        "Solana (looks like; Solana addresses carry no checksum)",
        "solana",
        "base58",
        checksum="none",
        confidence="low",
    )


# --- bech32 families: Cardano, Cosmos, unknown prefixes ---------------------------------


def _bech32_kinds(text: str) -> AddressInfo | None:
    lower = text.lower()
    sep = lower.rfind("1")
    hrp = lower[:sep] if sep > 0 else ""
    limit = 200 if hrp in _CARDANO_HRPS else bech32.MAX_LENGTH
    try:
        decoded = bech32.bech32_decode(text, limit)
    except bech32.Bech32Error as err:
        if hrp in _COSMOS_HRPS or hrp in _CARDANO_HRPS:
            family = "cosmos" if hrp in _COSMOS_HRPS else "cardano"
            network = _COSMOS_HRPS.get(hrp) or _CARDANO_HRPS[hrp][0]
            return _info(
                text,
                family,
                network,
                None,
                "bech32",
                valid=False,
                checksum="bad",
                error=err.why,
                error_code=err.code,
            )
        return None
    data = bech32.convertbits(decoded.data, 5, 8, False)
    if decoded.hrp in _CARDANO_HRPS:
        if decoded.encoding is bech32.Encoding.BECH32 and data:
            return _cardano(text, decoded.hrp, bytes(data))
        return _malformed(text, "cardano", _CARDANO_HRPS[decoded.hrp][0])
    if decoded.hrp in _COSMOS_HRPS:
        network = _COSMOS_HRPS[decoded.hrp]
        if decoded.encoding is bech32.Encoding.BECH32 and data is not None and len(data) in (20, 32):
            return _info(text, "cosmos", network, "cosmos", "bech32")
        return _malformed(text, "cosmos", network)
    return _info(
        text,
        None,
        "unknown",
        None,
        decoded.encoding.value,
        valid=False,
        error=why("unknown_bech32_prefix", prefix=repr(decoded.hrp)),
        error_code="UNKNOWN_PREFIX",
        confidence="low",
    )


def _malformed(text: str, family: str, network: str) -> AddressInfo:
    return _info(
        text,
        family,
        network,
        None,
        "bech32",
        valid=False,
        error=why("malformed", network=why("network." + network.lower().replace(" ", "_"))),
        error_code="UNKNOWN_VERSION",
    )


def _cardano(text: str, hrp: str, data: bytes) -> AddressInfo:
    network, net_id = _CARDANO_HRPS[hrp]
    header_type, header_net = data[0] >> 4, data[0] & 0x0F
    kind = _CARDANO_TYPES.get(header_type, "")
    expected_len = {"base": 57, "enterprise": 29}.get(kind)
    if not kind or header_net != net_id or (expected_len and len(data) != expected_len):
        return _malformed(text, "cardano", network)
    return _info(text, "cardano", network, f"cardano_{kind}", "bech32")


# --- Bitcoin Cash cashaddr ----------------------------------------------------------------


def _cash_polymod(values: list[int]) -> int:
    chk = 1
    for value in values:
        top = chk >> 35
        chk = ((chk & 0x07FFFFFFFF) << 5) ^ value
        for i in range(5):
            if (top >> i) & 1:
                chk ^= _CASH_GEN[i]
    return chk ^ 1


def _cashaddr(text: str) -> AddressInfo | None:
    lower = text.lower()
    prefix, colon, body = lower.rpartition(":")
    if colon and prefix not in _CASH_PREFIXES:
        return None
    if not colon:
        if len(lower) != 42 or lower[0] not in "qp":
            return None
        prefix = "bitcoincash"
    network = _CASH_PREFIXES[prefix]

    def invalid(code: str, reason: Term) -> AddressInfo | None:
        if not colon:  # without the prefix we are not sure it was meant as cashaddr
            return None
        return _info(
            text,
            "bitcoincash",
            network,
            None,
            "cashaddr",
            valid=False,
            checksum="bad",
            error=reason,
            error_code=code,
        )

    if text != lower and text != text.upper():
        return invalid("MIXED_CASE", why("cashaddr_mixed_case"))
    bad = [i for i, c in enumerate(body) if c not in bech32.CHARSET]
    if bad or len(body) < 9:
        return invalid("INVALID_CHARACTER", why("cashaddr_character"))
    values = [bech32.CHARSET.index(c) for c in body]
    if _cash_polymod([ord(c) & 31 for c in prefix] + [0] + values) != 0:
        return invalid("CASHADDR_CHECKSUM", why("cashaddr_checksum"))
    data = bech32.convertbits(values[:-8], 5, 8, False)
    if not data or len(data) - 1 != _CASH_SIZES[data[0] & 7] or (data[0] >> 3) > 3:
        return invalid("BAD_LENGTH", why("cashaddr_payload"))
    kind = "p2sh" if (data[0] >> 3) & 1 else "p2pkh"
    return _info(
        text, "bitcoincash", network, kind, "cashaddr", script_pubkey=_p2_script(kind, bytes(data[1:]))
    )
