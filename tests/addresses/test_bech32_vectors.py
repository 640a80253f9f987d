"""BIP173 / BIP350 test vectors (tests/fixtures/btc-addresses) and Bitcoin Core's error locations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from txdoctor.addresses import parse_address
from txdoctor.addresses.bech32 import (
    Bech32Error,
    Encoding,
    bech32_decode,
    bech32_encode,
    convertbits,
    decode_segwit_address,
    encode_segwit_address,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "btc-addresses"
BIP173: dict[str, Any] = json.loads((FIXTURES / "bip173_test_vectors.json").read_text("utf-8"))
BIP350: dict[str, Any] = json.loads((FIXTURES / "bip350_test_vectors.json").read_text("utf-8"))

# The BIPs give a reason per invalid string; these are our codes for them.
STRING_REASONS = {
    "HRP character out of range": "INVALID_CHARACTER",
    "overall max length exceeded": "BAD_LENGTH",
    "No separator character": "MISSING_SEPARATOR",
    "Empty HRP": "EMPTY_HRP",
    "empty HRP": "EMPTY_HRP",
    "Invalid data character": "INVALID_CHARACTER",
    "Too short checksum": "BAD_LENGTH",
    "Invalid character in checksum": "INVALID_CHARACTER",
    "checksum calculated with uppercase form of HRP": "BECH32_CHECKSUM",
}
ADDRESS_REASONS = {
    "Invalid human-readable part": "UNKNOWN_PREFIX",
    "Invalid checksum": "BECH32_CHECKSUM",
    "Invalid checksum (Bech32 instead of Bech32m)": "BECH32M_REQUIRED",
    "Invalid checksum (Bech32m instead of Bech32)": "BECH32_REQUIRED",
    "Invalid character in checksum": "INVALID_CHARACTER",
    "Invalid witness version": "BAD_WITNESS_VERSION",
    "Invalid program length": "BAD_PROGRAM_LENGTH",
    "Invalid program length (1 byte)": "BAD_PROGRAM_LENGTH",
    "Invalid program length (41 bytes)": "BAD_PROGRAM_LENGTH",
    "Invalid program length for witness version 0 (per BIP141)": "BAD_PROGRAM_LENGTH",
    "Mixed case": "MIXED_CASE",
    "zero padding of more than 4 bits": "BAD_PADDING",
    "Non-zero padding in 8-to-5 conversion": "BAD_PADDING",
    "Empty data section": "BAD_LENGTH",
}


def _ids(rows: list[dict[str, Any]]) -> list[str]:
    return [row.get("string_escaped", row["string"])[:24] for row in rows]


def test_fixture_counts() -> None:
    # The provenance rows promise these counts; a truncated copy would fail here.
    assert [len(BIP173[k]) for k in ("valid_bech32", "invalid_bech32")] == [7, 12]
    assert [len(BIP173[k]) for k in ("valid_segwit_addresses", "invalid_segwit_addresses")] == [6, 10]
    assert [len(BIP350[k]) for k in ("valid_bech32m", "invalid_bech32m")] == [7, 14]
    assert [len(BIP350[k]) for k in ("valid_segwit_addresses", "invalid_segwit_addresses")] == [8, 15]


@pytest.mark.parametrize(
    ("text", "encoding"),
    [(r["string"], Encoding.BECH32) for r in BIP173["valid_bech32"]]
    + [(r["string"], Encoding.BECH32M) for r in BIP350["valid_bech32m"]],
)
def test_valid_strings_decode_and_reencode(text: str, encoding: Encoding) -> None:
    decoded = bech32_decode(text)
    assert decoded.encoding is encoding
    assert decoded.hrp == text[: text.rfind("1")].lower()
    assert bech32_encode(decoded.hrp, decoded.data, encoding) == text.lower()


@pytest.mark.parametrize(
    "row",
    BIP173["invalid_bech32"] + BIP350["invalid_bech32m"],
    ids=_ids(BIP173["invalid_bech32"] + BIP350["invalid_bech32m"]),
)
def test_invalid_strings(row: dict[str, Any]) -> None:
    text = row["string"]
    with pytest.raises(Bech32Error) as info:
        bech32_decode(text)
    code = STRING_REASONS[row["reason"]]
    assert info.value.code == code
    if code == "INVALID_CHARACTER":
        sep = text.rfind("1")
        bad = [
            i
            for i, c in enumerate(text)
            if not 33 <= ord(c) <= 126 or (i > sep and c.lower() not in "qpzry9x8gf2tvdw0s3jn54khce6mua7l")
        ]
        assert bad and set(bad) <= set(info.value.positions)


VALID_ADDRESSES = [r for r in BIP350["valid_segwit_addresses"]] + [
    r for r in BIP173["valid_segwit_addresses"] if r["scriptpubkey_hex"].startswith("00")
]


@pytest.mark.parametrize("row", VALID_ADDRESSES, ids=_ids(VALID_ADDRESSES))
def test_valid_segwit_addresses(row: dict[str, Any]) -> None:
    text, spk = row["string"], row["scriptpubkey_hex"]
    info = parse_address(text)
    assert info is not None
    assert info.valid is True
    assert info.error_code is None
    assert info.family == "btc"
    assert info.script_pubkey == spk
    version = 0 if spk[:2] == "00" else int(spk[:2], 16) - 0x50
    assert info.witness_version == version
    assert info.witness_program == spk[4:]
    assert info.encoding == ("bech32" if version == 0 else "bech32m")
    assert info.checksum == "ok"
    assert info.chains == (
        ("btc",) if text.lower().startswith("bc1") else ("btc-testnet", "btc-testnet4", "btc-signet")
    )
    # round trip: encoding the program again gives the same (lower-case) address
    hrp = text[: text.index("1")].lower()
    assert encode_segwit_address(hrp, version, bytes.fromhex(spk[4:])) == text.lower()


OBSOLETE_V1 = [r for r in BIP173["valid_segwit_addresses"] if not r["scriptpubkey_hex"].startswith("00")]


def test_bip173_has_three_obsolete_v1_plus_vectors() -> None:
    assert [r["string"] for r in OBSOLETE_V1] == [
        "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k7grplx",
        "BC1SW50QA3JX3S",
        "bc1zw508d6qejxtdg4y5r3zarvaryvg6kdaj",
    ]


@pytest.mark.parametrize("row", OBSOLETE_V1, ids=_ids(OBSOLETE_V1))
def test_bip173_v1_plus_bech32_addresses_are_rejected_per_bip350(row: dict[str, Any]) -> None:
    info = parse_address(row["string"])
    assert info is not None
    assert info.valid is False
    assert info.error_code == "BECH32M_REQUIRED"
    assert info.encoding == "bech32"
    assert info.checksum == "bad"
    assert info.suggestion is None
    assert info.error is not None and "bech32m" in info.error
    with pytest.raises(Bech32Error) as err:
        decode_segwit_address(row["string"], "bc")
    assert err.value.code == "BECH32M_REQUIRED"


INVALID_ADDRESSES = BIP173["invalid_segwit_addresses"] + BIP350["invalid_segwit_addresses"]


@pytest.mark.parametrize("row", INVALID_ADDRESSES, ids=_ids(INVALID_ADDRESSES))
def test_invalid_segwit_addresses(row: dict[str, Any]) -> None:
    text = row["string"]
    code = ADDRESS_REASONS[row["reason"]]
    info = parse_address(text)
    assert info is not None
    assert info.valid is False
    assert info.error_code == code
    assert info.error
    if code == "UNKNOWN_PREFIX":
        assert info.family is None
        assert info.chains == ()
        assert info.confidence == "low"
    else:
        assert info.family == "btc"
        assert info.chains[0] in ("btc", "btc-testnet")
        with pytest.raises(Bech32Error) as err:
            decode_segwit_address(text, text[:2].lower())
        assert err.value.code == code


# Bitcoin Core's expected error locations: src/test/bech32_tests.cpp
# (bech32_testvectors_invalid / bech32m_testvectors_invalid, `LocateErrors`).
CORE_LOCATE = [
    ("abcdef1qpzrz9x8gf2tvdw0s3jn54khce6mua7lmqqqxw", "BECH32_CHECKSUM", (11,)),
    ("test1zg69w7y6hn0aqy352euf40x77qddq3dc", "BECH32_CHECKSUM", (9, 16)),
    ("abcdef1l7aum6echk45nj2s0wdvt2fg8x9yrzpqzd3ryx", "BECH32_CHECKSUM", (21,)),
    ("test1zg69v7y60n00qy352euf40x77qcusag6", "BECH32_CHECKSUM", (13, 32)),
    ("a12UEL5L", "MIXED_CASE", (3, 4, 5, 7)),
    ("A12uEL5L", "MIXED_CASE", (3,)),
    ("x1b4n0q5v", "INVALID_CHARACTER", (2,)),
    ("A1G7SGD8", "BECH32_CHECKSUM", ()),
]


@pytest.mark.parametrize(("text", "code", "positions"), CORE_LOCATE)
def test_error_locations_match_bitcoin_core(text: str, code: str, positions: tuple[int, ...]) -> None:
    with pytest.raises(Bech32Error) as err:
        bech32_decode(text)
    assert err.value.code == code
    assert err.value.positions == positions


def test_core_locations_suggest_the_corrected_string() -> None:
    with pytest.raises(Bech32Error) as err:
        bech32_decode("abcdef1qpzrz9x8gf2tvdw0s3jn54khce6mua7lmqqqxw")
    assert err.value.suggestion == "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw"  # the BIP173 valid vector
    with pytest.raises(Bech32Error) as err:
        bech32_decode("abcdef1l7aum6echk45nj2s0wdvt2fg8x9yrzpqzd3ryx")
    assert err.value.suggestion == "abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx"  # the BIP350 valid vector


# Bitcoin Core's validateaddress: test/functional/rpc_validateaddress.py (error_locations).
CORE_VALIDATEADDRESS = [
    ("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", "BECH32_CHECKSUM", (41,)),
    ("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3t4", "MIXED_CASE", (40,)),
    ("bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4", "INVALID_CHARACTER", (59,)),
]


@pytest.mark.parametrize(("text", "code", "positions"), CORE_VALIDATEADDRESS)
def test_validateaddress_locations_match_bitcoin_core(
    text: str, code: str, positions: tuple[int, ...]
) -> None:
    info = parse_address(text)
    assert info is not None
    assert (info.valid, info.error_code, info.error_locations) == (False, code, positions)


def test_checksum_typo_and_mixed_case_suggestions() -> None:
    info = parse_address("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5")
    assert info is not None and info.suggestion == "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"
    info = parse_address("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3t4")
    assert info is not None and info.suggestion == "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"
    assert info.checksum == "ok"


def test_pay_to_anchor_from_core() -> None:
    info = parse_address("bc1pfeessrawgf")
    assert info is not None
    assert (info.valid, info.type, info.script_pubkey) == (True, "p2a", "51024e73")


def test_convertbits_padding_rules() -> None:
    assert convertbits(b"\xff", 8, 5, True) == [31, 28]
    assert convertbits([31, 28], 5, 8, False) == [255]
    assert convertbits([31, 29], 5, 8, False) is None  # non-zero padding
    assert convertbits([31, 28, 0], 5, 8, False) is None  # a whole spare group
