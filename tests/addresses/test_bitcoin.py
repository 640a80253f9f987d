"""Bitcoin-family addresses on every btc-family chain, and error location on real addresses."""

from __future__ import annotations

import pytest

from txdoctor.addresses import AddressInfo, parse_address
from txdoctor.addresses.base58 import b58check_encode
from txdoctor.addresses.bech32 import Encoding, bech32_encode, convertbits, encode_segwit_address

H20 = bytes.fromhex("751e76e8199196d454941c45d1b3a323f1433bd6")
H32 = bytes.fromhex("1863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262")
XONLY = bytes.fromhex("79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798")

TEST_SEGWIT = ("btc-testnet", "btc-testnet4", "btc-signet")
LTC_TEST = ("ltc-testnet", "ltc-regtest")
TEST_BASE58 = ("btc-testnet", "btc-testnet4", "btc-signet", "btc-regtest", *LTC_TEST)
# chain group: (hrp, segwit chains, network label, p2pkh version, p2sh version, base58 chains)
NETWORKS = {
    "mainnet": ("bc", ("btc",), "Bitcoin mainnet", 0x00, 0x05, ("btc",), ("btc", "ltc")),
    "testnet": ("tb", TEST_SEGWIT, "Bitcoin testnet/signet", 0x6F, 0xC4, TEST_BASE58, TEST_BASE58),
    "regtest": ("bcrt", ("btc-regtest",), "Bitcoin regtest", 0x6F, 0xC4, TEST_BASE58, TEST_BASE58),
    "ltc": ("ltc", ("ltc",), "Litecoin", 0x30, 0x32, ("ltc",), ("ltc",)),
    # Litecoin testnet and regtest share Bitcoin's test p2pkh byte; their p2sh is "Q…" (0x3a)
    "ltc-testnet": ("tltc", ("ltc-testnet",), "Litecoin testnet", 0x6F, 0x3A, TEST_BASE58, LTC_TEST),
    "ltc-regtest": ("rltc", ("ltc-regtest",), "Litecoin regtest", 0x6F, 0x3A, TEST_BASE58, LTC_TEST),
}


def _parse(text: str) -> AddressInfo:
    info = parse_address(text)
    assert info is not None
    return info


@pytest.mark.parametrize("net", NETWORKS)
@pytest.mark.parametrize(
    ("kind", "version", "program", "spk_prefix"),
    [
        ("p2wpkh", 0, H20, "0014"),
        ("p2wsh", 0, H32, "0020"),
        ("p2tr", 1, XONLY, "5120"),
        ("witness_v1", 1, H20, "5114"),
        ("witness_v2", 2, H20, "5214"),
        ("witness_v16", 16, H32[:2], "6002"),
    ],
)
def test_segwit_types(net: str, kind: str, version: int, program: bytes, spk_prefix: str) -> None:
    hrp, chains, label = NETWORKS[net][:3]
    address = encode_segwit_address(hrp, version, program)
    info = _parse(address)
    assert info.valid is True
    assert info.type == kind
    assert info.family == "btc"
    assert info.chains == chains
    assert info.network == label
    assert info.script_pubkey == spk_prefix + program.hex()
    assert info.witness_version == version
    assert info.witness_program == program.hex()
    assert info.encoding == ("bech32" if version == 0 else "bech32m")
    assert info.checksum == "ok"
    assert _parse(address.upper()).script_pubkey == info.script_pubkey


@pytest.mark.parametrize("net", NETWORKS)
def test_base58_types(net: str) -> None:
    _, _, _, p2pkh_v, p2sh_v, p2pkh_chains, p2sh_chains = NETWORKS[net]
    p2pkh = _parse(b58check_encode(bytes([p2pkh_v]) + H20))
    assert (p2pkh.valid, p2pkh.type, p2pkh.encoding, p2pkh.checksum) == (True, "p2pkh", "base58", "ok")
    assert p2pkh.script_pubkey == "76a914" + H20.hex() + "88ac"
    assert p2pkh.chains == p2pkh_chains
    assert p2pkh.witness_version is None
    p2sh = _parse(b58check_encode(bytes([p2sh_v]) + H20))
    assert (p2sh.valid, p2sh.type) == (True, "p2sh")
    assert p2sh.script_pubkey == "a914" + H20.hex() + "87"
    assert p2sh.chains == p2sh_chains


@pytest.mark.parametrize(
    ("address", "kind", "chains", "network", "spk"),
    [
        # the genesis block's coinbase address
        (
            "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
            "p2pkh",
            ("btc",),
            "Bitcoin mainnet",
            "76a91462e907b15cbf27d5425399ebf6f0fb50ebb88f1888ac",
        ),
        (
            "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
            "p2sh",
            ("btc", "ltc"),
            "Bitcoin mainnet or Litecoin",
            "a914b472a266d0bd89c13706a4132ccfb16f7c3b9fcb87",
        ),
        (
            "mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn",
            "p2pkh",
            TEST_BASE58,
            "Bitcoin testnet/signet/regtest or Litecoin testnet/regtest",
            "76a914243f1394f44554f4ce3fd68649c19adc483ce92488ac",
        ),
        (
            "LM2WMpR1Rp6j3Sa59cMXMs1SPzj9eXpGc1",
            "p2pkh",
            ("ltc",),
            "Litecoin",
            "76a91413c60d8e68d7349f5b4ca362c3954b15045061b188ac",
        ),
        (
            "MQMcJhpWHYVeQArcZR3sBgyPZxxRtnH441",
            "p2sh",
            ("ltc",),
            "Litecoin",
            "a914b48297bff5dadecc5f36145cec6a5f20d57c8f9b87",
        ),
        (
            "ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9",
            "p2wpkh",
            ("ltc",),
            "Litecoin",
            "0014751e76e8199196d454941c45d1b3a323f1433bd6",
        ),
        (
            "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
            "p2wpkh",
            ("btc",),
            "Bitcoin mainnet",
            "0014e8df018c7e326cc253faac7e46cdc51e68542c42",
        ),
    ],
)
def test_real_addresses(address: str, kind: str, chains: tuple[str, ...], network: str, spk: str) -> None:
    info = _parse(address)
    assert (info.valid, info.type, info.chains, info.network, info.script_pubkey) == (
        True,
        kind,
        chains,
        network,
        spk,
    )


def test_input_is_stripped() -> None:
    info = _parse("  bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq\n")
    assert info.text == "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"
    assert info.valid is True


BC1Q = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"
BC1P = "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"


def _alter(text: str, positions: tuple[int, ...]) -> str:
    chars = list(text)
    for p in positions:
        chars[p] = "q" if chars[p] != "q" else "z"
    return "".join(chars)


@pytest.mark.parametrize(
    ("address", "positions"),
    [(BC1Q, (10,)), (BC1Q, (5, 30)), (BC1Q, (40, 41)), (BC1P, (20,)), (BC1P, (7, 55)), (BC1P, (3, 61))],
)
def test_error_locations_for_substitutions(address: str, positions: tuple[int, ...]) -> None:
    typo = _alter(address, positions)
    info = _parse(typo)
    assert info.valid is False
    assert info.error_code == "BECH32_CHECKSUM"
    assert info.checksum == "bad"
    assert info.error_locations == positions
    assert info.suggestion == address
    assert info.chains == ("btc",)
    assert info.error is not None and address in info.error
    upper = _parse(typo.upper())
    assert upper.error_locations == positions
    assert upper.suggestion == address.upper()


def test_three_substitutions_are_not_located() -> None:
    info = _parse(_alter(BC1Q, (5, 20, 35)))
    assert (info.error_code, info.error_locations, info.suggestion) == ("BECH32_CHECKSUM", (), None)


def test_invalid_character_is_located_and_corrected() -> None:
    typo = BC1Q[:-1] + "o"  # 'o' is not in the bech32 alphabet
    info = _parse(typo)
    assert (info.error_code, info.error_locations, info.suggestion) == ("INVALID_CHARACTER", (41,), BC1Q)
    stray_one = BC1Q[:20] + "1" + BC1Q[21:]  # a '1' inside the data, not a second separator
    info = _parse(stray_one)
    assert (info.error_code, info.error_locations, info.suggestion) == ("INVALID_CHARACTER", (20,), BC1Q)
    assert info.chains == ("btc",)


def test_missing_character_is_a_checksum_error_without_locations() -> None:
    info = _parse(BC1Q[:20] + BC1Q[21:])
    assert (info.valid, info.error_code, info.error_locations, info.suggestion) == (
        False,
        "BECH32_CHECKSUM",
        (),
        None,
    )


def test_mixed_case() -> None:
    text = BC1Q[:10] + BC1Q[10:].upper()
    info = _parse(text)
    assert info.error_code == "MIXED_CASE"
    assert info.error_locations == tuple(i for i in range(10, len(BC1Q)) if BC1Q[i].isalpha())
    assert info.suggestion == BC1Q


def test_wrong_checksum_variant() -> None:
    v1 = bech32_encode("bc", [1, *(convertbits(XONLY, 8, 5, True) or [])], Encoding.BECH32)
    info = _parse(v1)
    assert (info.valid, info.error_code, info.encoding, info.checksum) == (
        False,
        "BECH32M_REQUIRED",
        "bech32",
        "bad",
    )
    v0 = bech32_encode("tb", [0, *(convertbits(H20, 8, 5, True) or [])], Encoding.BECH32M)
    info = _parse(v0)
    assert (info.error_code, info.encoding, info.chains) == ("BECH32_REQUIRED", "bech32m", TEST_SEGWIT)


def test_bad_program_length_and_version() -> None:
    info = _parse(bech32_encode("bc", [0, *(convertbits(H20[:16], 8, 5, True) or [])], Encoding.BECH32))
    assert (info.error_code, info.checksum) == ("BAD_PROGRAM_LENGTH", "ok")
    info = _parse(bech32_encode("bc", [17, *(convertbits(H20, 8, 5, True) or [])], Encoding.BECH32M))
    assert info.error_code == "BAD_WITNESS_VERSION"


def test_base58_errors() -> None:
    genesis = "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"
    info = _parse(genesis[:-1] + "b")
    assert (info.valid, info.family, info.error_code, info.checksum) == (
        False,
        "btc",
        "BASE58_CHECKSUM",
        "bad",
    )
    info = _parse(genesis[:10] + "0" + genesis[11:])
    assert (info.error_code, info.error_locations) == ("BASE58_CHARACTER", (10,))
    assert info.error is not None and "'0'" in info.error
    info = _parse(b58check_encode(bytes([0x99]) + H20))
    assert (info.error_code, info.checksum, info.family) == ("UNKNOWN_VERSION", "ok", None)
    info = _parse(b58check_encode(bytes([0x00]) + H20[:18]))
    assert (info.error_code, info.network) == ("BAD_LENGTH", "Bitcoin mainnet (probably)")
