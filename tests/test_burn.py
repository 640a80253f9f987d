"""Burn addresses: a valid encoding whose key nobody holds is `invalid` (ADDR_BURN), offline.

They were `VALID … Nothing to do` (exit 0), and the reply told the customer it was a valid
address to send to: everything sent there is lost for good.
"""

from __future__ import annotations

import json

import pytest

from tests.cli_runner import CliRunner
from txdoctor.cli import app

runner = CliRunner()


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("0x0000000000000000000000000000000000000000", "zero"),
        ("0x000000000000000000000000000000000000dEaD", "known"),
        ("T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb", "zero"),  # TRON's 0x41 + 20 zero bytes
        ("1BitcoinEaterAddressDontSendf59kuE", "known"),
        ("1111111111111111111114oLvT2", "zero"),  # P2PKH of hash160 00…00
        ("31h1vYVSYuKP6AhS86fbRdMw9XHieotbST", "zero"),  # P2SH of 00…00
    ],
)
def test_a_burn_address_is_invalid_and_said_so(address: str, reason: str) -> None:
    result = runner.invoke(app, ["check", address, "--offline", "--json"])
    data = json.loads(result.stdout)
    assert (data["verdict"], result.exit_code) == ("invalid", 1)
    burn = next(f for f in data["findings"] if f["code"] == "ADDR_BURN")
    assert burn["severity"] == "error" and burn["evidence"] == {"address": address, "reason": reason}
    assert data["findings"][0]["code"] == "ADDR_BURN"  # the headline's cause
    for lang, words in (("en", "burn address"), ("zh", "销毁地址")):
        reply = runner.invoke(app, ["check", address, "--offline", "--reply", "--lang", lang]).stdout
        assert words in reply and address in reply, reply


@pytest.mark.parametrize(
    "address",
    [
        "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "TJCnKsPa7y5okkXvQAidZBzqx3QyQ6sxMW",
        "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
    ],
)
def test_an_ordinary_address_is_not_a_burn_address(address: str) -> None:
    data = json.loads(runner.invoke(app, ["check", address, "--offline", "--json"]).stdout)
    assert data["verdict"] == "valid"
    assert "ADDR_BURN" not in [f["code"] for f in data["findings"]]
