"""Issue 8 item 6: the headline and the exit code agree with the worst finding; the main
token contracts are known offline and an address that is one is not `valid`."""

from __future__ import annotations

import json

import pytest

from tests.cli_runner import CliRunner
from txdoctor.addresses import parse_address
from txdoctor.addresses.base58 import b58check_decode
from txdoctor.cli import app
from txdoctor.core.tokens import TOKEN_CONTRACTS, token_contracts_at, tokens_on
from txdoctor.model import EXIT_OK, Category, Finding, Kind, Severity, Verdict, decide_verdict

runner = CliRunner()


def _check(*args: str) -> tuple[int, dict[str, object], str]:
    result = runner.invoke(app, ["check", "--offline", *args])
    text = runner.invoke(app, ["check", "--offline", *[a for a in args if a != "--json"]])
    return result.exit_code, json.loads(result.stdout), text.stdout


def test_tron_usdt_contract_is_not_valid() -> None:
    code, data, text = _check("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "--json")
    assert (code, data["verdict"]) == (1, "invalid")
    findings = data["findings"]
    assert isinstance(findings, list)
    assert findings[0]["code"] == "TRON_ADDRESS_IS_TOKEN_CONTRACT"
    assert text.startswith("INVALID  address TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t")
    assert "VALID " not in text.splitlines()[0].replace("INVALID", "")


@pytest.mark.parametrize(
    ("address", "symbol", "chain"),
    [
        ("0xdAC17F958D2ee523a2206206994597C13D831ec7", "USDT", "eth"),
        ("0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48", "USDC", "eth"),  # lower case too
        ("0x55d398326f99059fF775485246999027B3197955", "USDT", "bsc"),
        ("0x8AC76a51cc950d9822D68b83fE1Ad97B32Cd580d", "USDC", "bsc"),
        ("TEkxiTehnzSmSe2XqrBj4w32RUN966rdz8", "USDC", "tron"),
    ],
)
def test_token_contracts_are_refused_as_recipients(address: str, symbol: str, chain: str) -> None:
    code, data, text = _check(address, "--json")
    assert (code, data["verdict"]) == (1, "invalid")
    findings = data["findings"]
    assert isinstance(findings, list)
    top = findings[0]
    assert top["code"] in ("EVM_ADDRESS_IS_TOKEN_CONTRACT", "TRON_ADDRESS_IS_TOKEN_CONTRACT")
    assert top["severity"] == "error"
    assert top["evidence"]["symbol"] == symbol
    if top["code"] == "EVM_ADDRESS_IS_TOKEN_CONTRACT":
        assert top["evidence"]["chains"] == [chain]
    assert text.startswith("INVALID")
    assert f"Do not send {symbol}" in text


def test_chain_asked_limits_the_table() -> None:
    # Ethereum's USDT address on BSC is not BSC's USDT contract.
    code, data, _ = _check("0xdAC17F958D2ee523a2206206994597C13D831ec7", "--chain", "bsc", "--json")
    assert (code, data["verdict"]) == (0, "valid")
    findings = data["findings"]
    assert isinstance(findings, list)
    assert "EVM_ADDRESS_IS_TOKEN_CONTRACT" not in [f["code"] for f in findings]
    code, data, _ = _check("0xdAC17F958D2ee523a2206206994597C13D831ec7", "--chain", "eth", "--json")
    assert (code, data["verdict"]) == (1, "invalid")


def test_an_ordinary_address_stays_valid() -> None:
    code, data, _ = _check("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "--json")
    assert (code, data["verdict"]) == (0, "valid")


def _finding(severity: Severity, verdict: Verdict | None) -> Finding:
    return Finding("X", Category.STATUS, severity, "m", "", {}, verdict)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [(Kind.ADDRESS, Verdict.INVALID), (Kind.TXID, Verdict.FAILED)],
)
def test_no_exit_0_verdict_beside_an_error(kind: Kind, expected: Verdict) -> None:
    good = _finding(Severity.OK, Verdict.CONFIRMED if kind is Kind.TXID else Verdict.VALID)
    error = _finding(Severity.ERROR, None)
    warning = _finding(Severity.WARNING, None)
    assert decide_verdict([good, warning], Verdict.VALID, kind).exit_code == EXIT_OK
    assert decide_verdict([good, error], Verdict.VALID, kind) is expected
    # A stronger verdict of its own is kept.
    stuck = _finding(Severity.ERROR, Verdict.STUCK)
    assert decide_verdict([good, stuck, error], Verdict.VALID, kind) is Verdict.STUCK


def test_token_table_addresses_carry_valid_checksums() -> None:
    assert {"eth", "bsc", "tron"} <= {t.chain for t in TOKEN_CONTRACTS}
    for chain in ("eth", "bsc", "tron"):
        assert {"USDT", "USDC"} <= {t.symbol for t in tokens_on(chain)}
    for t in TOKEN_CONTRACTS:
        if t.chain == "tron":
            assert b58check_decode(t.address)[0] == 0x41
        else:
            info = parse_address(t.address)
            assert info is not None and info.valid and info.checksum == "ok", t
        assert token_contracts_at(t.address.lower() if t.chain != "tron" else t.address, t.chain) == (t,)
    assert len({(t.chain, t.address.lower()) for t in TOKEN_CONTRACTS}) == len(TOKEN_CONTRACTS)
