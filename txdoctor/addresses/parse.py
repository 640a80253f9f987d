"""The public entry point: recognise and check an address of any supported kind, offline."""

from __future__ import annotations

from txdoctor.addresses.info import AddressInfo, why

# Longer than any address we recognise (Cardano base addresses are ~103 characters).
_MAX_INPUT = 200
# "Clearly trying" Base58 addresses: these first characters and this length range.
_BASE58_GUESS = {
    "1": ("btc", "Bitcoin mainnet (probably)"),
    "3": ("btc", "Bitcoin mainnet (probably)"),
    "m": ("btc", "Bitcoin testnet/signet/regtest (probably)"),
    "n": ("btc", "Bitcoin testnet/signet/regtest (probably)"),
    "2": ("btc", "Bitcoin testnet/signet/regtest (probably)"),
    "L": ("btc", "Litecoin (probably)"),
    "M": ("btc", "Litecoin (probably)"),
    "T": ("tron", "TRON (probably)"),
}
_BASE58_LENGTHS = range(25, 37)


def parse_address(text: str) -> AddressInfo | None:
    """None when the text does not look like an address of any kind at all.

    Secrets (WIF keys, extended private keys, seed phrases) also give None; check them
    with ``txdoctor.core.secrets.detect_secret``.
    """
    if not isinstance(text, str):
        return None
    s = text.strip()
    if not s or len(s) > _MAX_INPUT or any(c.isspace() for c in s):
        return None
    from txdoctor.core.secrets import detect_secret

    secret = detect_secret(s)
    if secret is not None and secret.certain:
        return None
    from txdoctor.addresses import bitcoin

    info = bitcoin.parse_segwit(s)
    if info is None and (s[:2].lower() == "0x" or len(s) == 40):
        from txdoctor.addresses import evm

        info = evm.parse_evm(s)
    if info is None:
        info = bitcoin.parse_base58(s)
    if info is None:
        from txdoctor.addresses import other

        info = other.parse_other(s)
    if info is None:
        info = _base58_attempt(s)
    if secret is not None and (info is None or not info.valid):
        return None  # probably a mistyped key: do not treat it as an address
    return info


def _base58_attempt(s: str) -> AddressInfo | None:
    """An invalid address that is clearly meant to be a Base58 one."""
    from txdoctor.addresses.base58 import Base58Error, b58check_decode

    try:
        payload = b58check_decode(s)
    except Base58Error as err:
        guess = _BASE58_GUESS.get(s[0])
        if guess is None or len(s) not in _BASE58_LENGTHS or not s.isalnum() or not s.isascii():
            return None
        family, network = guess
        return AddressInfo(
            text=s,
            valid=False,
            family=family,
            chains=(),
            network=network,
            type=None,
            encoding="base58",
            checksum="bad",
            why=err.why,
            error_code=err.code,
            error_locations=err.positions,
        )
    if len(s) not in _BASE58_LENGTHS:
        return None
    if len(payload) == 21:
        code = "UNKNOWN_VERSION"
        error = why("unknown_version", version=f"{payload[0]:02x}")
    else:
        code = "BAD_LENGTH"
        error = why("payload_length", size=str(len(payload)))
    guess = _BASE58_GUESS.get(s[0]) if code == "BAD_LENGTH" else None
    return AddressInfo(
        text=s,
        valid=False,
        family=guess[0] if guess else None,
        chains=(),
        network=guess[1] if guess else "unknown",
        type=None,
        encoding="base58",
        checksum="ok",
        why=error,
        error_code=code,
        confidence="low",
    )
