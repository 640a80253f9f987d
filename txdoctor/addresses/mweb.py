"""Litecoin MWEB (MimbleWimble Extension Blocks) stealth addresses, offline.

``ltcmweb1…`` on mainnet, ``tmweb1…`` on testnet and regtest (what Litecoin Core's
``getnewaddress "" mweb`` gives). Bech32 (not bech32m), without bech32's 90-character
limit: a version 0 followed by two compressed public keys (scan and spend, 33 bytes each),
so about 120 characters.
"""

from __future__ import annotations

from txdoctor.addresses import bech32
from txdoctor.addresses.info import AddressInfo, why
from txdoctor.messages.term import Term

HRPS: dict[str, tuple[str, ...]] = {
    "ltcmweb": ("ltc",),
    "tmweb": ("ltc-testnet", "ltc-regtest"),
}
PREFIXES = tuple(h + "1" for h in HRPS)
MAX_LENGTH = 200  # no protocol limit; longer than any valid one (~120) and bounded for the decoder
PUBKEY_BYTES = 33
_LABELS = {"ltcmweb": "Litecoin (MWEB)", "tmweb": "Litecoin testnet/regtest (MWEB)"}


def _hrp(text: str) -> str:
    lower = text.lower()
    return next(h for h in HRPS if lower.startswith(h + "1"))


def _invalid(
    text: str, hrp: str, code: str, reason: Term, checksum: str, locations: tuple[int, ...] = ()
) -> AddressInfo:
    return AddressInfo(
        text=text,
        valid=False,
        family="btc",
        chains=HRPS[hrp],
        network=_LABELS[hrp],
        type=None,
        encoding="bech32",
        checksum=checksum,
        why=reason,
        error_code=code,
        error_locations=locations,
    )


def parse(text: str) -> AddressInfo:
    """An MWEB address, valid or not (the caller checked the prefix)."""
    hrp = _hrp(text)
    try:
        decoded = bech32._decode(text, MAX_LENGTH, hrp, None)
    except bech32.Bech32Error as err:
        checksum = "ok" if err.code == "MIXED_CASE" else "bad"
        return _invalid(text, hrp, err.code, err.why, checksum, err.positions)
    if decoded.hrp != hrp:
        return _invalid(text, hrp, "BAD_PREFIX", why("mweb_prefix"), "bad")
    if decoded.encoding is not bech32.Encoding.BECH32:
        return _invalid(text, hrp, "BECH32_REQUIRED", why("mweb_bech32m"), "bad")
    return _check_payload(text, hrp, decoded.data)


def _check_payload(text: str, hrp: str, data: tuple[int, ...]) -> AddressInfo:
    payload = bech32.convertbits(data[1:], 5, 8, False) if data else None
    if not data or data[0] != 0:
        return _invalid(text, hrp, "UNKNOWN_VERSION", why("mweb_version"), "ok")
    if payload is None or len(payload) != 2 * PUBKEY_BYTES:
        reason = why("mweb_unreadable") if payload is None else why("mweb_length", size=str(len(payload)))
        return _invalid(text, hrp, "BAD_LENGTH", reason, "ok")
    if payload[0] not in (2, 3) or payload[PUBKEY_BYTES] not in (2, 3):
        return _invalid(text, hrp, "BAD_PUBKEY", why("mweb_pubkey"), "ok")
    return AddressInfo(
        text=text,
        valid=True,
        family="btc",
        chains=HRPS[hrp],
        network=_LABELS[hrp],
        type="mweb",
        encoding="bech32",
        checksum="ok",
    )
