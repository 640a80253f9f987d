"""A key or seed phrase typed where a command or an option value was expected is never echoed.

`txdoctor <WIF>` (without `check`), `--chain <key>`, `--lang <seed phrase>` printed it in
full in the usage error ("invalid choice: 'KwDi…'").
"""

from __future__ import annotations

import pytest

from tests.cli_runner import CliRunner
from txdoctor.cli import app

WIF = "KwDiBf89QgGbjEhKnhXJuH7LrciVrZi3qYjgd9M7rFU73sVHnoWn"
XPRV = (
    "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4st"
    "bPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi"
)
PHRASE = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"
runner = CliRunner()


@pytest.mark.parametrize(
    "argv",
    [
        [WIF],
        [PHRASE],
        ["check", "x", "--chain", WIF],
        ["check", "x", "--lang", PHRASE],
        ["check", f"--{WIF}"],
        ["fees", "--chain", XPRV],
        ["watch", "0" * 64, "--chain", XPRV],
    ],
)
def test_a_secret_in_a_usage_error_is_not_echoed(argv: list[str]) -> None:
    result = runner.invoke(app, argv)
    assert result.exit_code == 2
    for secret in (WIF, XPRV, PHRASE, "abandon abandon"):
        assert secret not in result.output
    assert "[redacted" in result.stderr


def test_an_ordinary_typo_is_still_named() -> None:
    result = runner.invoke(app, ["chekc"])
    assert result.exit_code == 2 and "'chekc'" in result.stderr and "did you mean 'check'?" in result.stderr
