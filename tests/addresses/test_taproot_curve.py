"""Issue 8 item 25: a Taproot address whose output key is not an x-coordinate on
secp256k1 is encoded right but unspendable: `invalid`, with the reason."""

from __future__ import annotations

import json

import pytest

from tests.cli_runner import CliRunner
from txdoctor.addresses import parse_address
from txdoctor.addresses.bech32 import encode_segwit_address
from txdoctor.cli import app

P = 2**256 - 2**32 - 977  # secp256k1's field prime
runner = CliRunner()


@pytest.mark.parametrize(
    "x",
    [
        P,  # the field prime itself (the example): not a field element
        2**256 - 1,  # above the prime
        5,  # below it, but 5³ + 7 = 132 is not a square mod p: no point has this x
        0,  # 0³ + 7 = 7 is not a square mod p either
    ],
)
@pytest.mark.parametrize("hrp", ["bc", "tb"])
def test_taproot_key_off_the_curve_is_invalid(x: int, hrp: str) -> None:
    address = encode_segwit_address(hrp, 1, x.to_bytes(32, "big"))
    info = parse_address(address)
    assert info is not None
    assert (info.valid, info.type, info.checksum) == (False, "p2tr", "ok")
    assert info.error_code == "TAPROOT_KEY_NOT_ON_CURVE"
    assert info.error is not None and "secp256k1" in info.error


@pytest.mark.parametrize(
    "address",
    [
        # BIP350 / BIP86 vectors: the generator's x-coordinate and a BIP86 key.
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
        "bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr",
        "tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c",
    ],
)
def test_real_taproot_addresses_stay_valid(address: str) -> None:
    info = parse_address(address)
    assert info is not None
    assert (info.valid, info.type, info.error_code) == (True, "p2tr", None)


def test_cli_reports_it_invalid() -> None:
    address = encode_segwit_address("bc", 1, P.to_bytes(32, "big"))
    result = runner.invoke(app, ["check", "--offline", "--json", address])
    data = json.loads(result.stdout)
    assert (result.exit_code, data["verdict"]) == (1, "invalid")
    top = data["findings"][0]
    assert (top["code"], top["evidence"]["error_code"]) == ("ADDR_INVALID", "TAPROOT_KEY_NOT_ON_CURVE")
    assert "no key can ever spend" in top["message"]
