"""Bitcoin-family addresses (every btc-family chain in core/chains.py, incl. Litecoin).

P2PKH / P2SH (Base58Check) and segwit v0..v16 (bech32 / bech32m), with scriptPubKey.
"""

from __future__ import annotations

from txdoctor.addresses import bech32
from txdoctor.addresses.base58 import Base58Error, b58check_decode
from txdoctor.addresses.info import AddressInfo, why
from txdoctor.core.chains import CHAINS

FAMILY = "btc"
_GROUP_LABELS = {
    "btc": "Bitcoin mainnet",
    "btc-test": "Bitcoin testnet/signet",
    "btc-regtest": "Bitcoin regtest",
    "ltc": "Litecoin",
    "ltc-test": "Litecoin testnet",
    "ltc-regtest": "Litecoin regtest",
}
# Litecoin's older P2SH addresses used Bitcoin's version bytes: 0x05 ("3…") on mainnet,
# 0xc4 ("2…") on testnet and regtest (Litecoin Core still decodes both).
_LEGACY_P2SH = {0x05: ("ltc",), 0xC4: ("ltc-testnet", "ltc-regtest")}
_P2A_PROGRAM = bytes.fromhex("4e73")


def _btc_chains() -> list[str]:
    return [c.name for c in CHAINS.values() if c.family == FAMILY]


def network_label(chains: tuple[str, ...]) -> str:
    """A human label for a set of chain names, e.g. 'Bitcoin testnet/signet'."""
    labels: list[str] = []
    for name in chains:
        chain = CHAINS[name]
        label = _GROUP_LABELS.get(chain.address_group, chain.display)
        if label not in labels:
            labels.append(label)
    # One coin's test networks read as one: "Bitcoin testnet/signet/regtest or Litecoin testnet/regtest".
    coins: dict[str, list[str]] = {}
    for label in labels:
        coin, _, rest = label.partition(" ")
        coins.setdefault(coin, []).append(rest)
    merged = [" ".join(filter(None, (coin, "/".join(filter(None, rests))))) for coin, rests in coins.items()]
    return " or ".join(merged) if merged else "unknown"


def hrp_chains() -> dict[str, tuple[str, ...]]:
    """bech32 prefix -> chain names, e.g. 'tb' -> (btc-testnet, btc-testnet4, btc-signet)."""
    out: dict[str, list[str]] = {}
    for name in _btc_chains():
        hrp = CHAINS[name].bech32_hrp
        if hrp:
            out.setdefault(hrp, []).append(name)
    return {hrp: tuple(names) for hrp, names in out.items()}


def base58_versions() -> dict[int, tuple[str, tuple[str, ...]]]:
    """Base58 version byte -> (script type, chain names); Bitcoin chains listed first."""
    out: dict[int, tuple[str, list[str]]] = {}
    for name in _btc_chains():
        chain = CHAINS[name]
        for kind, version in (("p2pkh", chain.p2pkh_version), ("p2sh", chain.p2sh_version)):
            if version is not None:
                out.setdefault(version, (kind, []))[1].append(name)
    for version, extra in _LEGACY_P2SH.items():
        if version in out:
            out[version][1].extend(n for n in extra if n not in out[version][1])
    return {v: (kind, tuple(names)) for v, (kind, names) in out.items()}


def segwit_type(version: int, program: bytes) -> str:
    if version == 0:
        return "p2wpkh" if len(program) == 20 else "p2wsh"
    if version == 1 and len(program) == 32:
        return "p2tr"
    if version == 1 and program == _P2A_PROGRAM:
        return "p2a"
    return f"witness_v{version}"


def parse_segwit(text: str) -> AddressInfo | None:
    """A bc1/tb1/bcrt1/ltc1… address (valid or not); None for other prefixes.

    Litecoin's MWEB stealth addresses (ltcmweb1…, tmweb1…) are bech32 too, without its
    90-character limit: txdoctor.addresses.mweb reads them."""
    lower = text.lower()
    from txdoctor.addresses import mweb

    if lower.startswith(mweb.PREFIXES):
        return mweb.parse(text)
    hrps = hrp_chains()
    hrp = next((h for h in sorted(hrps, key=len, reverse=True) if lower.startswith(h + "1")), None)
    if hrp is None:
        return None
    chains = hrps[hrp]
    network = network_label(chains)
    try:
        addr = bech32.decode_segwit_address(text, hrp)
    except bech32.Bech32Error as err:
        return _segwit_error(text, err, chains, network)
    if addr.version == 1 and len(addr.program) == 32 and not is_secp256k1_x(addr.program):
        return _taproot_off_curve(text, chains, network, addr.program)
    return AddressInfo(
        text=text,
        valid=True,
        family=FAMILY,
        chains=chains,
        network=network,
        type=segwit_type(addr.version, addr.program),
        encoding=addr.encoding.value,
        checksum="ok",
        script_pubkey=addr.script_pubkey.hex(),
        witness_version=addr.version,
        witness_program=addr.program.hex(),
    )


# secp256k1's field prime. Hand-written arithmetic on purpose: one modular power answers
# "is x a point's x-coordinate?" (x³ + 7 must be a square mod p: Euler's criterion), and it
# spares an elliptic-curve dependency (and its import time) for one check on addresses.
_SECP256K1_P = 2**256 - 2**32 - 977


def is_secp256k1_x(program: bytes) -> bool:
    """Is this 32-byte Taproot output key the x-coordinate of a secp256k1 point (BIP340)?"""
    x = int.from_bytes(program, "big")
    if x >= _SECP256K1_P:
        return False
    y2 = (pow(x, 3, _SECP256K1_P) + 7) % _SECP256K1_P
    return pow(y2, (_SECP256K1_P - 1) // 2, _SECP256K1_P) == 1  # (never 0: no point has y = 0)


def _taproot_off_curve(text: str, chains: tuple[str, ...], network: str, program: bytes) -> AddressInfo:
    """Encoded right, but no key can ever sign for it: coins sent there are lost."""
    return AddressInfo(
        text=text,
        valid=False,
        family=FAMILY,
        chains=chains,
        network=network,
        type="p2tr",
        encoding="bech32m",
        checksum="ok",
        script_pubkey="5120" + program.hex(),
        witness_version=1,
        witness_program=program.hex(),
        why=why("taproot_off_curve"),
        error_code="TAPROOT_KEY_NOT_ON_CURVE",
    )


def _segwit_error(text: str, err: bech32.Bech32Error, chains: tuple[str, ...], network: str) -> AddressInfo:
    checksum_ok = err.encoding is not None and err.code not in ("BECH32_REQUIRED", "BECH32M_REQUIRED")
    reason = err.why
    if err.suggestion and err.code == "MIXED_CASE":
        checksum_ok = True
        reason = why("lower_case_valid", why=err.why, suggestion=err.suggestion)
    elif err.suggestion:
        reason = why("only_valid_nearby", why=err.why, suggestion=err.suggestion)
    return AddressInfo(
        text=text,
        valid=False,
        family=FAMILY,
        chains=chains,
        network=network,
        type=None,
        encoding=err.encoding.value if err.encoding else None,
        checksum="ok" if checksum_ok else "bad",
        why=reason,
        error_code=err.code,
        error_locations=err.positions,
        suggestion=err.suggestion,
    )


def parse_base58(text: str) -> AddressInfo | None:
    """A valid P2PKH/P2SH address of a btc-family chain; None for anything else."""
    if not 25 <= len(text) <= 35:
        return None
    try:
        payload = b58check_decode(text)
    except Base58Error:
        return None
    entry = base58_versions().get(payload[0]) if len(payload) == 21 else None
    if entry is None:
        return None
    kind, chains = entry
    digest = payload[1:].hex()
    script = f"76a914{digest}88ac" if kind == "p2pkh" else f"a914{digest}87"
    return AddressInfo(
        text=text,
        valid=True,
        family=FAMILY,
        chains=chains,
        network=network_label(chains),
        type=kind,
        encoding="base58",
        checksum="ok",
        script_pubkey=script,
    )
