"""txdoctor.core.net.reader: the strict reader the families' parsers build on.

Every problem is the provider's BadResponse naming the field; the families' own wording of
it (each family's answers are asserted below, byte for byte) is unchanged.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from txdoctor.core.net import sanity
from txdoctor.core.net.base import BadResponse
from txdoctor.core.net.reader import Reader, is_int, is_number, sane
from txdoctor.families.bitcoin import esplora
from txdoctor.families.evm import rpc
from txdoctor.families.tron import trongrid

URL = "https://p.example/api"
HEX64 = re.compile("[0-9a-fA-F]{64}")


def detail(call: Any, *args: Any) -> str:
    with pytest.raises(BadResponse) as err:
        call(*args)
    assert err.value.provider == URL
    return err.value.detail


@settings(max_examples=100, deadline=None)
@given(
    st.one_of(st.text(alphabet="0123456789abcdefABCDEFxg ", min_size=60, max_size=66), st.text(max_size=70))
)
def test_a_txid_is_64_hex_digits_in_lower_case(text: str) -> None:
    r = Reader(URL, "gettransactionbyid")
    if HEX64.fullmatch(text):
        assert r.txid_value(text, "txID") == text.lower()
    else:
        want = "gettransactionbyid: field 'txID' is not a 64-hex transaction ID"
        assert detail(r.txid_value, text, "txID") == want


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=-(2**70), max_value=2**70), st.integers(0, 2**64))
def test_bounded_is_sanitys_rule_and_its_words(value: int, high: int) -> None:
    try:
        want: int | str = sanity.bounded(value, "fee", 0, high)
    except sanity.Insane as err:
        want = str(err)
    r = Reader(URL)
    got = (
        r.bounded(value, "fee", 0, high)
        if isinstance(want, int)
        else detail(r.bounded, value, "fee", 0, high)
    )
    assert got == want


def test_the_call_is_named_when_given_and_a_missing_field_says_so() -> None:
    assert detail(Reader(URL, "eth_getBlockByNumber").need, {}, "number") == (
        "eth_getBlockByNumber: field 'number' is missing"
    )
    assert detail(Reader(URL).need, {"a": 1}, "b") == "field 'b' is missing"
    assert Reader(URL).need({"b": None}, "b") is None
    assert detail(Reader(URL).bounded_float, float("nan"), "fastestFee") == (
        "field 'fastestFee' is nan, outside 0…1e+07"
    )


def test_sane_turns_only_insane_into_the_providers_bad_response() -> None:
    def insane() -> None:
        with sane(URL):
            sanity.echoed("aa" * 32, "bb" * 32, "txid")

    assert detail(insane).startswith("answered about another transaction (txid bbbb")
    with pytest.raises(KeyError), sane(URL):
        raise KeyError("not a sanity problem")


def test_booleans_are_not_numbers() -> None:
    assert [is_int(v) for v in (1, -1, True, 1.0, "1", None)] == [True, True, False, False, False, False]
    assert [is_number(v) for v in (1, 1.5, False, "1.5", None)] == [True, True, False, False, False]


def test_each_familys_words_are_unchanged() -> None:
    """One wrong answer per family, read through the core reader: the same detail as before."""
    btc = {"txid": "ab" * 32, "weight": True}
    assert detail(esplora.parse_tx, URL, btc) == "field 'weight' should be an integer, got bool"
    assert detail(esplora.parse_tx, URL, {"txid": "zz"}) == "field 'txid' is not a 64-hex transaction ID"
    assert (
        detail(rpc.parse_block, URL, {"hash": "0x" + "ab" * 32})
        == "eth_getBlockByNumber: field 'number' is missing"
    )
    assert detail(rpc.parse_quantity, URL, "eth_chainId", True) == (
        "eth_chainId: field 'result' is a boolean, expected a hex quantity"
    )
    assert (
        detail(trongrid.parse_tx, URL, {"txID": 5})
        == "gettransactionbyid: field 'txID' is not a string (int)"
    )
    assert detail(trongrid.parse_tx, URL, {"txID": "g" * 64}) == (
        "gettransactionbyid: field 'txID' is not a 64-hex transaction ID"
    )
