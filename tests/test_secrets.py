"""Secrets: WIF keys, extended private keys, BIP39 / electrum-style seed phrases."""

from __future__ import annotations

from dataclasses import asdict

import pytest
from mnemonic import Mnemonic

from txdoctor.addresses import parse_address
from txdoctor.addresses.base58 import b58check_decode, b58check_encode, b58decode, b58encode
from txdoctor.core.secretmatch import SecretMatch
from txdoctor.core.secrets import XPRV_VERSIONS, detect_secret, looks_like_hex_private_key, xprv_term
from txdoctor.messages import Term

KEY = bytes.fromhex("0c28fca386c7a227600b2fe50b7cae11ec86d3bf1fbe471be89827e19d72aa1d")
# BIP32 test vector 1, chain m (seed 000102030405060708090a0b0c0d0e0f)
BIP32_TV1_XPRV = (
    "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUt"
    "g6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi"
)
BIP32_TV1_XPUB = (
    "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje"
    "8YtGqsefD265TMg7usUDFdp6W1EGMcet8"
)
WORDS = Mnemonic("english")


def _flip_one_char(text: str, index: int) -> str:
    return text[:index] + ("2" if text[index] != "2" else "3") + text[index + 1 :]


@pytest.mark.parametrize(
    ("version", "compressed"),
    [(0x80, False), (0x80, True), (0xEF, False), (0xEF, True), (0xB0, True)],
)
def test_wif_keys(version: int, compressed: bool) -> None:
    wif = b58check_encode(bytes([version]) + KEY + (b"\x01" if compressed else b""))
    assert len(wif) == (52 if compressed else 51)
    assert detect_secret(wif) == SecretMatch("wif", Term("secret.wif"), True)
    assert parse_address(wif) is None
    typo = detect_secret(_flip_one_char(wif, 20))
    assert typo == SecretMatch("wif", Term("secret.wif"), False)


@pytest.mark.parametrize(
    ("version", "uncompressed", "compressed"),
    [(0x80, "5", "KL"), (0xEF, "9", "c"), (0xB0, "6", "T")],
)
def test_wif_first_characters(version: int, uncompressed: str, compressed: str) -> None:
    for key in (b"\x00" * 31 + b"\x01", b"\xff" * 32):
        assert b58check_encode(bytes([version]) + key)[0] in uncompressed
        assert b58check_encode(bytes([version]) + key + b"\x01")[0] in compressed


def test_upper_case_testnet_address_is_not_a_wif_key() -> None:
    # Found by hypothesis: 52 characters starting with "T", all Base58 — the shape of a
    # compressed Litecoin WIF key — yet a valid bech32m address.
    address = "TB1PQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQDYZV3X"
    assert detect_secret(address) is None
    info = parse_address(address)
    assert info is not None
    assert (info.valid, info.type, info.witness_program) == (True, "witness_v1", "00" * 26)


def test_wif_known_vector() -> None:
    # The WIF encoding of KEY as documented on the Bitcoin wiki.
    wif = "5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ"
    assert b58check_decode(wif) == b"\x80" + KEY
    assert detect_secret(wif) == SecretMatch("wif", Term("secret.wif"), True)
    assert detect_secret(f"my key: {wif}, please help") == SecretMatch("wif", Term("secret.wif"), True)


def test_bip32_vector_is_a_certain_xprv() -> None:
    payload = b58check_decode(BIP32_TV1_XPRV)  # checksum passes
    assert payload[:4] == bytes.fromhex("0488ade4")
    assert payload[13:45].hex() == "873dff81c02f525623fd1fe5167eac3a55a049de3d314bb42ee227ffed37d508"
    assert payload[45:].hex() == "00e8f32e723decf4051aefac8e2c93c9c5b214313817cdb01a1494b917c8436b35"
    assert detect_secret(BIP32_TV1_XPRV) == SecretMatch("xprv", xprv_term("xprv"), True)
    assert parse_address(BIP32_TV1_XPRV) is None


def test_mistyped_xprv_is_still_a_secret() -> None:
    typo = _flip_one_char(BIP32_TV1_XPRV, 60)
    assert detect_secret(typo) == SecretMatch("xprv", xprv_term("xprv"), False)
    with_bad_char = BIP32_TV1_XPRV[:50] + "0" + BIP32_TV1_XPRV[51:]
    assert detect_secret(with_bad_char) == SecretMatch("xprv", xprv_term("xprv"), False)


def test_public_extended_key_is_not_a_secret() -> None:
    assert detect_secret(BIP32_TV1_XPUB) is None


@pytest.mark.parametrize("version", list(XPRV_VERSIONS))
def test_every_private_version_prefix(version: bytes) -> None:
    name = XPRV_VERSIONS[version]
    for body in (b"\x00" * 41 + b"\x00" + b"\x01" * 32, b"\xff" * 41 + b"\x00" + b"\xff" * 32):
        key = b58check_encode(version + body)
        assert key[:4] == name  # the version bytes really give this prefix
        assert detect_secret(key) == SecretMatch("xprv", xprv_term(name), True)


def test_bip39_valid_phrase() -> None:
    for strength, count in ((128, 12), (160, 15), (256, 24)):
        phrase = WORDS.generate(strength)
        assert detect_secret(phrase) == SecretMatch(
            "seed_phrase", Term("secret.bip39_phrase", count=count), True
        )
        assert parse_address(phrase) is None


def test_bip39_tolerates_layout() -> None:
    words = WORDS.generate(128).split()
    messy = "\n  " + "\n".join(f"{i + 1}. {w.upper()}" for i, w in enumerate(words)) + "\n\n"
    assert detect_secret(messy) == SecretMatch("seed_phrase", Term("secret.bip39_phrase", count=12), True)
    assert detect_secret("   ".join(words)).certain is True  # type: ignore[union-attr]


def test_bip39_bad_checksum_is_still_a_secret() -> None:
    words = WORDS.generate(128).split()
    for replacement in WORDS.wordlist:
        candidate = " ".join([*words[:-1], replacement])
        if not WORDS.check(candidate):
            break
    assert detect_secret(candidate) == SecretMatch(
        "seed_phrase", Term("secret.bip39_phrase", count=12), False
    )


def test_electrum_style_phrase() -> None:
    words = [*WORDS.generate(128).split(), "abandon"]  # 13 words from the list
    # Its first 12 words are a BIP39 phrase: the checksum finds them inside the 13.
    assert detect_secret(" ".join(words)) == SecretMatch(
        "seed_phrase", Term("secret.bip39_phrase", count=12), True
    )
    mostly = [*words[:11], "zzzz", "abandon"]  # 12 of 13 known (92 %)
    assert detect_secret(" ".join(mostly)) == SecretMatch(
        "seed_phrase", Term("secret.seed_phrase", count=13), False
    )


@pytest.mark.parametrize(
    "text",
    [
        "my transaction has been pending for three days and the exchange says it was sent already",
        "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "f4184fc596403b9d638783cf57adfe4c75c605f6356fbc91338530e9831e9e16",  # a txid
        "",
    ],
)
def test_not_secrets(text: str) -> None:
    assert detect_secret(text) is None


def test_secret_text_is_not_kept() -> None:
    phrase = WORDS.generate(128)
    match = detect_secret(phrase)
    assert match is not None
    stored = " ".join(str(v) for v in asdict(match).values()) + repr(match)
    assert not any(word in stored.split() for word in phrase.split() if len(word) > 3)
    wif = b58check_encode(b"\x80" + KEY)
    assert wif not in repr(detect_secret(wif))


def test_hex_private_key_helper() -> None:
    assert looks_like_hex_private_key(KEY.hex()) is True
    assert looks_like_hex_private_key("0x" + KEY.hex()) is True
    assert looks_like_hex_private_key("00" * 32) is False  # zero is not a key
    assert looks_like_hex_private_key("ff" * 32) is False  # above the curve order
    assert looks_like_hex_private_key(KEY.hex()[:-1]) is False
    assert looks_like_hex_private_key("zz" * 32) is False
    assert looks_like_hex_private_key("0c_8" + KEY.hex()[4:]) is False  # int() would accept "_"
    assert detect_secret(KEY.hex()) is None  # a bare 64-hex string may be a txid


def test_base58_roundtrip_with_leading_zeros() -> None:
    data = b"\x00\x00\x01\x02"
    assert b58encode(data) == "115T"
    assert b58decode("115T") == data
