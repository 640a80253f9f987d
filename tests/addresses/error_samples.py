"""One invalid address for each reason an address parser gives (``address_error.*``), built
from the encoders where no real one is at hand. tests/render/test_no_english.py diagnoses each
under ``--lang zh``; tests/addresses/test_error_words.py checks they reach every reason."""

from __future__ import annotations

from txdoctor.addresses.base58 import b58check_encode
from txdoctor.addresses.bech32 import Encoding, bech32_encode, convertbits


def _five(data: bytes) -> list[int]:
    five = convertbits(data, 8, 5, True)
    assert five is not None
    return five


def _segwit(version: int, program: bytes, encoding: Encoding, hrp: str = "bc") -> str:
    return bech32_encode(hrp, [version, *_five(program)], encoding)


def _cashaddr(payload: bytes, prefix: str = "bitcoincash") -> str:
    """A cashaddr with a right checksum (whatever its payload)."""
    from txdoctor.addresses.bech32 import CHARSET
    from txdoctor.addresses.other import _cash_polymod

    values = _five(payload)
    mod = _cash_polymod([ord(c) & 31 for c in prefix] + [0] + values + [0] * 8)
    check = [(mod >> 5 * (7 - i)) & 31 for i in range(8)]
    return prefix + ":" + "".join(CHARSET[v] for v in values + check)


_GOOD = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"
_EIP55 = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"  # EIP-55's own example
_KEY = b"\x02" + b"\x01" * 32  # a compressed public key's shape (MWEB carries two)
_CASH = "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a"  # the cashaddr spec's example

# name -> (address, the reason's key it gives: address_error.<key>)
SAMPLES: dict[str, tuple[str, str]] = {
    "bech32 too long": ("bc1q" + "q" * 100, "too_long"),
    "bech32 not printable": (_GOOD[:-1] + "é", "not_printable"),
    "bech32 mixed case, valid in lower case": (_GOOD[:4] + "A" + _GOOD[5:], "lower_case_valid"),
    "bech32 mixed case": (_GOOD[:4] + "A" + _GOOD[5:-1] + "d", "mixed_case"),
    "bech32 too short": ("bc1qqqq", "too_short"),
    "bech32 bad character": (_GOOD[:-1] + "o", "bech32_character"),
    "bech32 checksum, one fix": (_GOOD[:-1] + "d", "bech32_checksum"),
    "bech32 checksum, unplaced": (_GOOD[:-2], "bech32_checksum_unplaced"),
    "witness version 17": (
        bech32_encode("bc", [17, *_five(b"\x01" * 20)], Encoding.BECH32M),
        "witness_version",
    ),
    "bad padding": (bech32_encode("bc", [0, *_five(b"\x01" * 20), 1], Encoding.BECH32), "bad_padding"),
    "v0 program length": (_segwit(0, b"\x01" * 21, Encoding.BECH32), "v0_program_length"),
    "program length": (_segwit(1, b"\x01" * 41, Encoding.BECH32M), "program_length"),
    "bech32 required": (_segwit(0, b"\x01" * 20, Encoding.BECH32M), "bech32_required"),
    "bech32m required": (_segwit(1, b"\x01" * 32, Encoding.BECH32), "bech32m_required"),
    "no program": (bech32_encode("bc", [], Encoding.BECH32), "no_program"),
    "taproot key off the curve": (_segwit(1, b"\xff" * 32, Encoding.BECH32M), "taproot_off_curve"),
    "base58 character": ("1BoatSLRHtKNngkdXEeobR76b53LETtpy0", "base58_character"),
    "base58 checksum": ("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3", "base58_checksum"),
    "TRON checksum": ("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6v", "base58_checksum"),
    "base58 unknown version": (b58check_encode(bytes([0x99]) + b"\x01" * 20), "unknown_version"),
    "base58 payload length": (b58check_encode(bytes([0]) + b"\x01" * 22), "payload_length"),
    "EVM without 0x": ("ab" * 20, "evm_no_prefix"),
    "EVM without 0x, checksum off": (_EIP55[2:-1] + "D", "evm_no_prefix_typo"),
    "EVM not hex": ("0x" + "ab" * 19 + "zz", "evm_not_hex"),
    "EVM too long": ("0x" + "ab" * 21, "evm_too_long"),
    "EVM too short": ("0x" + "ab" * 19, "evm_too_short"),
    "EVM upper-case 0X": ("0X" + "ab" * 20, "evm_upper_prefix"),
    "EIP-55 case": (_EIP55[:4] + "a" + _EIP55[5:], "eip55_case"),
    "EIP-55 one change": (_EIP55[:-1] + "E", "eip55_one_change"),
    "EIP-55 mistyped": ("0x" + _EIP55[2:].swapcase(), "eip55_mistyped"),
    "MWEB bech32m": (bech32_encode("ltcmweb", [0, *_five(_KEY * 2)], Encoding.BECH32M), "mweb_bech32m"),
    "MWEB version": (bech32_encode("ltcmweb", [1, *_five(_KEY * 2)], Encoding.BECH32), "mweb_version"),
    "MWEB length": (bech32_encode("ltcmweb", [0, *_five(_KEY)], Encoding.BECH32), "mweb_length"),
    "MWEB unreadable": (
        bech32_encode("ltcmweb", [0, *_five(_KEY * 2), 1], Encoding.BECH32),
        "mweb_unreadable",
    ),
    "MWEB pubkey": (bech32_encode("ltcmweb", [0, *_five(b"\x05" * 66)], Encoding.BECH32), "mweb_pubkey"),
    "unknown bech32 prefix": (bech32_encode("xyz", [0] * 10, Encoding.BECH32), "unknown_bech32_prefix"),
    "Cosmos malformed": (bech32_encode("cosmos", [0] * 10, Encoding.BECH32M), "malformed"),
    "Cardano testnet malformed": (bech32_encode("addr_test", [0] * 10, Encoding.BECH32M), "malformed"),
    "cashaddr mixed case": (_CASH[:-1] + "A", "cashaddr_mixed_case"),
    "cashaddr character": (_CASH[:-1] + "b", "cashaddr_character"),
    "cashaddr checksum": (_CASH[:-1] + "c", "cashaddr_checksum"),
    "cashaddr payload": (_cashaddr(bytes([0]) + b"\x01" * 10), "cashaddr_payload"),
}

# Reasons no text reaches through parse_address (its callers split or check first); the
# decoders still give them, and test_error_words.py reads each in Chinese.
UNREACHED = {"no_separator", "empty_prefix", "other_prefix", "base58_too_short", "mweb_prefix"}
