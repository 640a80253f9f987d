"""Litecoin's address forms on every network, offline: L/M/3, ltc1, m/n/Q/2, tltc1, rltc1, MWEB."""

from __future__ import annotations

import pytest

from txdoctor.addresses import AddressInfo, parse_address
from txdoctor.addresses.bech32 import Encoding, bech32_encode, convertbits

# Litecoin Core's own MWEB vectors (src/wallet/test/scriptpubkeyman_tests.cpp, stealth addresses 0..2).
MWEB_MAINNET = (
    "ltcmweb1qq20e2arnhvxw97katjkmsd35agw3capxjkrkh7dk8d30rczm8ypxuq329nwh2twmchhqn3jqh7ua4ps539f6aazh79jy7"
    "6urqht4qa59ts3at6gf",
    "ltcmweb1qqg5hddkl4uhspjwg9tkmatxa4s6gswdaq9swl8vsg5xxznmye7phcqatzc62mzkg788tsrfcuegxe9q3agf5cplw7ztq"
    "dusqf7x3n2tl55x4gvyt",
    "ltcmweb1qq0yq03ewm830ugmkkvrvjmyyeslcpwk8ayd7k27qx63sryy6kx3ksqm3k6jd24ld3r5dp5lzx7rm7uyxfujf8sn7v4nl"
    "xeqwrcq6k6xxwqdc6tl3",
)
# Given by a real `litecoind -regtest` 0.21.2.1: getnewaddress "" legacy / p2sh-segwit / bech32 / mweb.
REGTEST = {
    "p2pkh": "mhsqVa26mooVakzN2C72wZCpPtYuhFP65V",
    "p2sh": "QPTxFiiLmePYjD8NBZxtaAuPh82Hsv7A7U",
    "p2wpkh": "rltc1qdecpjsnhqz3pttm3y0xrsm9r322aakney398ry",
    "mweb": "tmweb1qqf4f7v59zl72sl4eyw2rrfvjq67rdr5cpdnukganjmfsjg08gr9xjqahd56gkjp6xdjwjrfh2ajztq2sde47a2n0w"
    "4nucakxq5tzxgr87ym3mvy0",
}
LTC_TEST = ("ltc-testnet", "ltc-regtest")


def _parse(text: str) -> AddressInfo:
    info = parse_address(text)
    assert info is not None
    return info


@pytest.mark.parametrize("address", MWEB_MAINNET)
def test_mweb_mainnet_addresses_are_valid_beyond_90_characters(address: str) -> None:
    assert len(address) > 90
    info = _parse(address)
    assert (info.valid, info.type, info.chains, info.encoding) == (True, "mweb", ("ltc",), "bech32")
    assert info.network == "Litecoin (MWEB)"
    assert _parse(address.upper()).valid


def test_regtest_forms_from_a_real_node() -> None:
    assert _parse(REGTEST["p2wpkh"]).chains == ("ltc-regtest",)
    assert _parse(REGTEST["p2wpkh"]).type == "p2wpkh"
    assert (_parse(REGTEST["p2sh"]).type, _parse(REGTEST["p2sh"]).chains) == ("p2sh", LTC_TEST)
    p2pkh = _parse(REGTEST["p2pkh"])
    assert p2pkh.type == "p2pkh"
    assert set(LTC_TEST) | {"btc-regtest", "btc-testnet"} <= set(p2pkh.chains)
    mweb = _parse(REGTEST["mweb"])
    assert (mweb.valid, mweb.type, mweb.chains) == (True, "mweb", LTC_TEST)


def test_testnet_bech32_prefix() -> None:
    program = bytes(range(20))
    data = [0, *(convertbits(program, 8, 5, True) or [])]
    info = _parse(bech32_encode("tltc", data, Encoding.BECH32))
    assert (info.valid, info.chains, info.type) == (True, ("ltc-testnet",), "p2wpkh")


@pytest.mark.parametrize(
    ("mutate", "code"),
    [
        (lambda a: a[:-1] + ("q" if a[-1] != "q" else "p"), "BECH32_CHECKSUM"),
        (lambda a: a[:40] + a[41:], "BECH32_CHECKSUM"),
        (lambda a: a[:30] + "B" + a[31:], "MIXED_CASE"),
    ],
)
def test_broken_mweb_addresses_are_invalid_and_named(mutate: object, code: str) -> None:
    assert callable(mutate)
    info = _parse(mutate(MWEB_MAINNET[0]))
    assert (info.valid, info.error_code, info.chains) == (False, code, ("ltc",))
    assert "MWEB" in info.network


def _mweb(hrp: str, version: int, payload: bytes, encoding: Encoding = Encoding.BECH32) -> str:
    return bech32_encode(hrp, [version, *(convertbits(payload, 8, 5, True) or [])], encoding)


@pytest.mark.parametrize(
    ("address", "code"),
    [
        (_mweb("ltcmweb", 1, b"\x02" * 66), "UNKNOWN_VERSION"),
        (_mweb("ltcmweb", 0, b"\x02" * 65), "BAD_LENGTH"),
        (_mweb("ltcmweb", 0, b"\x04" * 66), "BAD_PUBKEY"),
        (_mweb("tmweb", 0, b"\x02" * 66, Encoding.BECH32M), "BECH32_REQUIRED"),
    ],
)
def test_well_formed_bech32_that_is_not_an_mweb_address(address: str, code: str) -> None:
    info = _parse(address)
    assert (info.valid, info.error_code) == (False, code)


def test_well_formed_mweb_from_keys() -> None:
    info = _parse(_mweb("tmweb", 0, b"\x02" + b"\x11" * 32 + b"\x03" + b"\x22" * 32))
    assert (info.valid, info.chains) == (True, LTC_TEST)


@pytest.mark.parametrize(
    ("address", "asked", "code"),
    [
        (REGTEST["p2wpkh"], "btc-regtest", "ADDR_WRONG_NETWORK"),
        ("bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080", "ltc-regtest", "ADDR_WRONG_NETWORK"),
        (REGTEST["p2sh"], "btc-regtest", "ADDR_WRONG_NETWORK"),
        (REGTEST["mweb"], "ltc", "ADDR_WRONG_NETWORK"),
        (REGTEST["p2wpkh"], "ltc-regtest", "ADDR_VALID"),
        (REGTEST["mweb"], "ltc-regtest", "ADDR_VALID"),
    ],
)
def test_litecoin_regtest_vs_bitcoin_regtest_prefixes(address: str, asked: str, code: str) -> None:
    from txdoctor.api import diagnose

    d = diagnose(address, chain=asked, offline=True)
    assert d.findings[0].code == code
    assert d.verdict.value == ("valid" if code == "ADDR_VALID" else "invalid")


def test_mweb_address_online_asks_no_explorer(router: object) -> None:
    """An MWEB address is private: txdoctor does not ask an explorer (the router refuses any request)."""
    from txdoctor.api import diagnose

    d = diagnose(MWEB_MAINNET[2])
    assert [f.code for f in d.findings] == ["ADDR_VALID"]
    assert d.verdict.value == "valid"
    assert "MWEB stealth address" in d.findings[0].message
