"""The sanity layer (core/net/sanity.py), RLP numbers, JSON output without NaN (issue 8: 10, 11, 13)."""

from __future__ import annotations

import io
import json
import math
from typing import Any

import pytest

from tests.cli_runner import CliRunner
from txdoctor.cli import app
from txdoctor.core.net import sanity
from txdoctor.core.net.base import BadResponse
from txdoctor.core.net.http import _parse_json
from txdoctor.model import Category, Diagnosis, Finding, Kind, Severity, Verdict
from txdoctor.render.json import dumps, render_json

URL = "https://explorer.test/api/tx/x"


def strict(text: str) -> Any:
    def refuse(name: str) -> Any:
        raise AssertionError(f"{name} in JSON output")

    return json.loads(text, parse_constant=refuse)


# ------------------------------------------------------------------ loads


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('{"fee": ' + "9" * 5000 + "}", "5000 digits"),
        ('{"fee": -' + "9" * 81 + "}", "digits"),
        ("[" * 100_000 + "]" * 100_000, "nested more than 64"),
        ('{"a": ' * 65 + "1" + "}" * 65, "nested more than 64"),
        ('{"fee": NaN}', "NaN"),
        ('{"fee": Infinity}', "Infinity"),
        ('{"fee": -Infinity}', "-Infinity"),
        ('{"fee": 1e400}', "out of range"),
        ('{"fee": ' + "1" * 400 + ".5}", "out of range"),
    ],
    ids=["huge", "huge-negative", "deep-list", "deep-object", "nan", "inf", "-inf", "1e400", "long-float"],
)
def test_hostile_json_is_refused_with_a_reason(text: str, problem: str) -> None:
    with pytest.raises(sanity.Insane, match=problem):
        sanity.loads(text)
    with pytest.raises(BadResponse, match=problem):  # what a provider's caller sees: its bad response
        _parse_json(URL, text.encode())


def test_honest_json_passes_unchanged() -> None:
    # brackets inside strings do not count as nesting
    text = json.dumps({"n": 2**256 - 1, "f": 1.5, "deep": [[[[{"k": "[[[[{{{{"}]]]], "s": "]]]}}}" * 40})
    assert sanity.loads(text) == json.loads(text)
    assert sanity.loads('{"a": ' * 64 + "1" + "}" * 64) is not None  # 64 levels are fine


def test_malformed_json_is_still_a_bad_response() -> None:
    with pytest.raises(BadResponse, match="truncated or invalid"):
        _parse_json(URL, b'{"fee": 1')


def test_bounds_name_the_field() -> None:
    assert sanity.bounded(5, "fee") == 5
    with pytest.raises(sanity.Insane, match="'fee' is -100000"):
        sanity.bounded(-100000, "fee")
    with pytest.raises(sanity.Insane, match="401-digit"):
        sanity.bounded(10**400, "fee")
    with pytest.raises(sanity.Insane, match="'rate'"):
        sanity.bounded_float(math.nan, "rate")
    with pytest.raises(sanity.Insane, match="another transaction"):
        sanity.echoed("aa" * 32, "bb" * 32, "txid")
    sanity.echoed("0x" + "AA" * 32, "aa" * 32, "hash")  # case and 0x do not matter
    sanity.height_within_tip(101, 100)
    with pytest.raises(sanity.Insane, match="beyond the chain tip"):
        sanity.height_within_tip(102, 100)


# ------------------------------------------------------------------- RLP


def _rlp(items: list[bytes]) -> str:
    """A legacy transaction's RLP list of byte strings (hand-built; lengths below 2**16)."""

    def one(b: bytes) -> bytes:
        if len(b) == 1 and b[0] < 0x80:
            return b
        if len(b) < 56:
            return bytes([0x80 + len(b)]) + b
        return bytes([0xB9]) + len(b).to_bytes(2, "big") + b

    payload = b"".join(one(i) for i in items)
    return "0x" + (bytes([0xF9]) + len(payload).to_bytes(2, "big") + payload).hex()


def _legacy(nonce: bytes = b"\x01", gas_price: bytes = b"\x01", gas: bytes = b"\x52\x08") -> str:
    return _rlp([nonce, gas_price, gas, b"\x11" * 20, b"\x01", b"", b"\x25", b"\x77" * 32, b"\x77" * 32])


# the input: a legacy tx whose gas limit is an 1,800-byte number
HUGE_RLP = "0xf907670101b90708" + "ff" * 1800 + "94" + "11" * 20 + "018025" + ("a0" + "77" * 32) * 2
NONCE_33 = _legacy(nonce=b"\x01" * 33)  # just over a uint256
GAS_PRICE_1090_BITS = _legacy(gas_price=b"\xff" * 137)  # the OverflowError


@pytest.mark.parametrize(
    "raw",
    [HUGE_RLP, NONCE_33, GAS_PRICE_1090_BITS],
    ids=["gas-1800-bytes", "nonce-33-bytes", "gas-price-1096-bits"],
)
def test_rlp_numbers_over_32_bytes_are_invalid(raw: str) -> None:
    result = CliRunner().invoke(app, ["check", raw, "--offline", "--json"])
    assert result.exception is None
    out = strict(result.stdout)
    assert (out["verdict"], result.exit_code) == ("invalid", 1)
    assert out["findings"][0]["code"] == "INPUT_BAD_RAW_TX"
    assert "32" in out["findings"][0]["message"]


def test_a_32_byte_number_still_decodes() -> None:
    result = CliRunner().invoke(app, ["check", _legacy(gas_price=b"\xff" * 32), "--offline", "--json"])
    out = strict(result.stdout)
    assert "EVM_RAW_TX_DECODED" in [f["code"] for f in out["findings"]]
    assert out["verdict"] != "invalid"


def test_one_result_per_line_around_a_hostile_rlp_line() -> None:
    lines = ["1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", HUGE_RLP, "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"]
    result = CliRunner().invoke(app, ["check", "-", "--offline", "--json"], input="\n".join(lines) + "\n")
    assert result.exception is None
    out = [strict(line) for line in result.stdout.splitlines()]
    assert [o["verdict"] for o in out] == ["valid", "invalid", "valid"]
    assert result.exit_code == 1


# ------------------------------------------------------------- JSON output


def _diagnosis(evidence: dict[str, Any], facts: dict[str, Any]) -> Diagnosis:
    finding = Finding("BTC_TX_REPLACED", Category.STATUS, Severity.ERROR, "m", "", evidence, Verdict.REPLACED)
    return Diagnosis("x", Kind.TXID, "btc", Verdict.REPLACED, (finding,), facts)


def test_json_output_never_holds_nan_or_infinity() -> None:
    d = _diagnosis(
        {"replacement_fee_rate": math.nan, "list": [math.inf, 1.5]}, {"gas_used_ratio": -math.inf, "ok": 2.5}
    )
    out = io.StringIO()
    render_json(d, out)
    data = strict(out.getvalue())
    assert data["findings"][0]["evidence"] == {"replacement_fee_rate": None, "list": [None, 1.5]}
    assert data["facts"] == {"gas_used_ratio": None, "ok": 2.5}


def test_fees_json_never_holds_nan() -> None:
    data = strict(dumps({"fees": {"fastest": math.nan, "hour": 3.0}}))
    assert data == {"fees": {"fastest": None, "hour": 3.0}}
