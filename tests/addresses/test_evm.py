"""EVM addresses: EIP-55 vectors (tests/fixtures/eth/eip55_test_vectors.json) and typos."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from txdoctor.addresses import AddressInfo, parse_address
from txdoctor.addresses.evm import to_checksum_address

VECTORS = json.loads(
    (Path(__file__).resolve().parents[1] / "fixtures" / "eth" / "eip55_test_vectors.json").read_text("utf-8")
)
EVM_CHAINS = ("eth", "bsc", "polygon", "arbitrum", "optimism", "base", "eth-sepolia")
GOOD = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"


def _parse(text: str) -> AddressInfo:
    info = parse_address(text)
    assert info is not None
    return info


@pytest.mark.parametrize("address", VECTORS["normal_checksummed"])
def test_checksummed_vectors(address: str) -> None:
    info = _parse(address)
    assert (info.valid, info.family, info.type, info.encoding, info.checksum) == (
        True,
        "evm",
        "evm",
        "hex",
        "ok",
    )
    assert info.chains == EVM_CHAINS
    assert info.network == "EVM (Ethereum, BSC, Polygon, …)"
    assert to_checksum_address(address[2:].lower()) == address
    assert to_checksum_address(address[2:].upper()) == address


@pytest.mark.parametrize("address", VECTORS["all_caps"] + VECTORS["all_lower"])
def test_single_case_vectors(address: str) -> None:
    # These EIP-55 examples are addresses whose checksummed form happens to be single-case.
    info = _parse(address)
    assert (info.valid, info.checksum, info.error_code, info.suggestion) == (True, "ok", None, None)


@pytest.mark.parametrize("address", [GOOD.lower(), "0x" + GOOD[2:].upper()])
def test_single_case_address_has_no_checksum(address: str) -> None:
    info = _parse(address)
    assert (info.valid, info.checksum, info.error_code) == (True, "none", None)
    assert info.suggestion == GOOD  # the EIP-55 form, for copying


def test_all_caps_vectors_are_their_own_checksummed_form() -> None:
    # EIP-55's all-caps examples are addresses whose checksum makes every letter upper case.
    for address in VECTORS["all_caps"]:
        assert to_checksum_address(address[2:]) == address
    for address in VECTORS["all_lower"]:
        assert to_checksum_address(address[2:]) == address


def test_flipped_case_is_located_with_suggestion() -> None:
    typo = GOOD[:4] + GOOD[4].lower() + GOOD[5:]  # 'A' -> 'a' at index 4
    info = _parse(typo)
    assert (info.valid, info.error_code, info.checksum) == (False, "EIP55_CHECKSUM", "bad")
    assert info.error_locations == (4,)
    assert info.suggestion == GOOD
    assert info.error is not None and GOOD in info.error


def test_changed_digit_is_located_with_suggestion() -> None:
    typo = GOOD[:6] + "0" + GOOD[7:]  # '6' -> '0'
    info = _parse(typo)
    assert (info.valid, info.error_code, info.error_locations, info.suggestion) == (
        False,
        "EIP55_CHECKSUM",
        (6,),
        GOOD,
    )


def test_bad_length_and_not_hex() -> None:
    info = _parse(GOOD[:-1])
    assert (info.valid, info.error_code, info.family) == (False, "BAD_LENGTH", "evm")
    assert info.error is not None and "39" in info.error
    info = _parse(GOOD + "a")
    assert info.error_code == "BAD_LENGTH"
    info = _parse(GOOD[:20] + "g" + GOOD[21:])
    assert (info.error_code, info.error_locations) == ("NOT_HEX", (20,))


def test_prefix_problems() -> None:
    info = _parse(GOOD[2:].lower())
    assert (info.valid, info.error_code, info.suggestion, info.confidence) == (
        False,
        "MISSING_PREFIX",
        GOOD,
        "low",
    )
    bad_case = GOOD[2:4] + GOOD[4].lower() + GOOD[5:]  # no 0x and a flipped letter
    info = _parse(bad_case)
    assert (info.error_code, info.checksum, info.suggestion) == ("MISSING_PREFIX", "bad", None)
    info = _parse("0X" + GOOD[2:])
    assert (info.valid, info.error_code, info.suggestion) == (False, "BAD_PREFIX", GOOD)


@pytest.mark.parametrize("text", ["0x" + "ab" * 32, "ab" * 32, "0x1234", "0x"])
def test_hashes_and_short_hex_are_not_addresses(text: str) -> None:
    assert parse_address(text) is None


def test_keccak_is_imported_lazily() -> None:
    code = (
        "import sys, txdoctor.addresses.evm as e; a = 'Crypto.Hash.keccak' in sys.modules; "
        "e.to_checksum_address('ab' * 20); print(a, 'Crypto.Hash.keccak' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]
