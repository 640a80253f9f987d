"""Other chains recognised offline by format: every recognised kind has a case here."""

from __future__ import annotations

import pytest

from txdoctor.addresses import AddressInfo, parse_address
from txdoctor.addresses.base58 import RIPPLE_ALPHABET, b58check_encode
from txdoctor.addresses.bech32 import Encoding, bech32_encode, convertbits

H20 = bytes.fromhex("751e76e8199196d454941c45d1b3a323f1433bd6")

# USDT's TRC20 contract address on TRON mainnet (base58 and hex forms).
USDT_TRON = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"
USDT_TRON_HEX = "41a614f803b6fd780986a42c78ec9c7f77e6ded13c"
# cashaddr spec examples; same hash as 1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu
# and 3CWFddi6m4ndiGyKqzYvsFYagqDLPVMTzC
BCH_P2PKH = "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a"
BCH_P2SH = "bitcoincash:ppm2qsznhks23z7629mms6s4cwef74vcwvn0h829pq"
BCH_HASH = "76a04053bda0a88bda5177b86a15c3b29f559873"
# CIP-19 test vectors
ADA_BASE = (
    "addr1qx2fxv2umyhttkxyxp8x0dlpdt3k6cwng5pxj3jhsydzer3n0d3vllmyqwsx5wktcd8cc3sq835lu7drv2xwl2wywfgse35a3x"
)
ADA_ENTERPRISE = "addr1vx2fxv2umyhttkxyxp8x0dlpdt3k6cwng5pxj3jhsydzers66hrl8"
ADA_TEST_BASE = (
    "addr_test1qz2fxv2umyhttkxyxp8x0dlpdt3k6cwng5pxj3jhsydzer3n0d3vllmyqwsx5wk"
    "tcd8cc3sq835lu7drv2xwl2wywfgs68faae"
)


def _parse(text: str) -> AddressInfo:
    info = parse_address(text)
    assert info is not None
    return info


def _summary(info: AddressInfo) -> tuple[object, ...]:
    return (info.valid, info.family, info.type, info.encoding, info.checksum, info.confidence)


def test_tron_base58() -> None:
    info = _parse(USDT_TRON)
    assert _summary(info) == (True, "tron", "tron", "base58", "ok", "high")
    assert info.network == "TRON"
    assert info.chains == ("tron", "tron-nile", "tron-shasta")  # one address format on every TRON network


def test_tron_typo() -> None:
    info = _parse(USDT_TRON[:-1] + "u")
    assert (info.valid, info.family, info.error_code, info.network) == (
        False,
        "tron",
        "BASE58_CHECKSUM",
        "TRON (probably)",
    )
    info = _parse(USDT_TRON[:5] + "l" + USDT_TRON[6:])
    assert (info.family, info.error_code, info.error_locations) == ("tron", "BASE58_CHARACTER", (5,))


def test_tron_hex_form() -> None:
    info = _parse(USDT_TRON_HEX)
    assert _summary(info) == (True, "tron", "tron", "hex", "none", "low")
    assert USDT_TRON in info.network
    assert b58check_encode(bytes.fromhex(USDT_TRON_HEX)) == USDT_TRON


@pytest.mark.parametrize(
    "address",
    [
        "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA",  # SPL Token program
        "So11111111111111111111111111111111111111112",  # wrapped SOL mint
        "11111111111111111111111111111111",  # System program: 32 zero bytes
    ],
)
def test_solana_is_a_low_confidence_guess(address: str) -> None:
    info = _parse(address)
    assert _summary(info) == (True, "solana", "solana", "base58", "none", "low")
    assert info.network.startswith("Solana (looks like")


def test_xrp() -> None:
    info = _parse("rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh")  # the XRP Ledger genesis account
    assert _summary(info) == (True, "xrp", "xrp", "base58", "ok", "high")
    assert info.network == "XRP Ledger"
    built = b58check_encode(b"\x00" + H20, RIPPLE_ALPHABET)
    assert built[0] == "r"
    assert _parse(built).family == "xrp"


def test_dogecoin() -> None:
    info = _parse("DH5yaieqoZN36fDVciNyRueRGvGLR3mr7L")
    assert _summary(info) == (True, "dogecoin", "p2pkh", "base58", "ok", "high")
    assert info.script_pubkey == "76a914830a7420e63d76244ff7cbd1c248e94c1446325988ac"
    p2sh = _parse(b58check_encode(b"\x16" + H20))
    assert (p2sh.family, p2sh.type, p2sh.script_pubkey) == ("dogecoin", "p2sh", "a914" + H20.hex() + "87")


def test_bitcoin_cash_cashaddr() -> None:
    info = _parse(BCH_P2PKH)
    assert _summary(info) == (True, "bitcoincash", "p2pkh", "cashaddr", "ok", "high")
    assert info.network == "Bitcoin Cash"
    assert info.script_pubkey == f"76a914{BCH_HASH}88ac"
    assert _parse(BCH_P2SH).script_pubkey == f"a914{BCH_HASH}87"
    assert _parse(BCH_P2SH).type == "p2sh"
    bare = _parse(BCH_P2PKH.removeprefix("bitcoincash:"))
    assert (bare.valid, bare.family, bare.script_pubkey) == (True, "bitcoincash", info.script_pubkey)
    assert _parse(BCH_P2PKH.upper()).valid is True


def test_bitcoin_cash_bad_checksum() -> None:
    typo = BCH_P2PKH[:-1] + "q"  # 'a' -> 'q'
    info = _parse(typo)
    assert (info.valid, info.family, info.error_code, info.checksum) == (
        False,
        "bitcoincash",
        "CASHADDR_CHECKSUM",
        "bad",
    )
    assert parse_address(typo.removeprefix("bitcoincash:")) is None  # no prefix: not sure it is one


def test_cardano() -> None:
    base = _parse(ADA_BASE)
    assert _summary(base) == (True, "cardano", "cardano_base", "bech32", "ok", "high")
    assert base.network == "Cardano"
    enterprise = _parse(ADA_ENTERPRISE)
    assert (enterprise.valid, enterprise.type) == (True, "cardano_enterprise")
    test = _parse(ADA_TEST_BASE)
    assert (test.valid, test.network, test.type) == (True, "Cardano testnet", "cardano_base")
    typo = _parse(ADA_BASE[:-1] + "q")
    assert (typo.valid, typo.family, typo.error_code) == (False, "cardano", "BECH32_CHECKSUM")


def test_cosmos() -> None:
    info = _parse("cosmos1lzecpea0qxw5xae92xkm3vaddeszr278jp8g4l")
    assert _summary(info) == (True, "cosmos", "cosmos", "bech32", "ok", "high")
    assert info.network == "Cosmos Hub"
    osmo = _parse(bech32_encode("osmo", convertbits(H20, 8, 5, True) or [], Encoding.BECH32))
    assert (osmo.valid, osmo.network) == (True, "Osmosis")
    typo = _parse("cosmos1lzecpea0qxw5xae92xkm3vaddeszr278jp8g4q")
    assert (typo.valid, typo.family, typo.error_code) == (False, "cosmos", "BECH32_CHECKSUM")
    wrong = _parse(bech32_encode("cosmos", convertbits(H20, 8, 5, True) or [], Encoding.BECH32M))
    assert (wrong.valid, wrong.family, wrong.error_code) == (False, "cosmos", "UNKNOWN_VERSION")


def test_unknown_bech32_prefix() -> None:
    info = _parse(bech32_encode("zzz", convertbits(H20, 8, 5, True) or [], Encoding.BECH32))
    assert (info.valid, info.family, info.error_code, info.confidence, info.checksum) == (
        False,
        None,
        "UNKNOWN_PREFIX",
        "low",
        "ok",
    )


@pytest.mark.parametrize(
    "text",
    [
        "hello",
        "hello world",
        "a" * 64,  # a txid
        "0x" + "0" * 64,  # an EVM tx hash
        "12345",
        "",
        "   ",
        "zzz1qqqqqqqq",  # bech32-like but bad checksum and unknown prefix
    ],
)
def test_not_addresses(text: str) -> None:
    assert parse_address(text) is None
