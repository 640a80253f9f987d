"""No secret input and no credential inside a provider URL ever reaches any output."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mnemonic import Mnemonic

from tests.cli_runner import CliRunner
from txdoctor.addresses.base58 import b58encode
from txdoctor.cli import app
from txdoctor.core.classify import classify
from txdoctor.model import Kind

runner = CliRunner()


def wif(key: bytes, compressed: bool = True) -> str:
    payload = b"\x80" + key + (b"\x01" if compressed else b"")
    check = hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    return b58encode(payload + check)


SEED = Mnemonic("english").to_mnemonic(bytes(range(100, 132)))  # 24 words
WIF = wif(bytes(range(1, 33)))
PASSWORD = "hunter2-pass"
API_KEY = "KEY0123456789abcdefKEY"
PATH_KEY = "0123456789abcdef0123456789abcdef"
URL = f"http://alice:{PASSWORD}@127.0.0.1:9/v3/{PATH_KEY}/api?apikey={API_KEY}"


def _secrets() -> list[str]:
    return [SEED, WIF, PASSWORD, API_KEY, PATH_KEY, *SEED.split()[:3]]


@pytest.mark.parametrize("json_out", [False, True])
def test_no_secret_or_credential_in_any_output(json_out: bool) -> None:
    args = ["check", WIF, SEED, "ab" * 32, "--url", f"btc={URL}", "--timeout", "1", "--no-cache"]
    if json_out:
        args.append("--json")
    result = runner.invoke(app, args)
    output = result.stdout + result.stderr
    assert result.exit_code == 3  # the txid's provider was unreachable; the secrets were refused
    assert output.count("refused") >= 2 or output.count('"verdict":"refused"') == 2
    for secret in _secrets():
        assert secret not in output, secret
    assert "127.0.0.1:9" in output  # the failing provider is still named, redacted
    assert "***" in output


def test_single_secret_text_report() -> None:
    result = runner.invoke(app, ["check", WIF])
    assert result.exit_code == 1
    assert result.stdout.startswith("REFUSED  secret [redacted]")
    assert WIF not in result.stdout + result.stderr
    assert "Never share it" in result.stdout


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_classify_never_raises(text: str) -> None:
    c = classify(text)
    assert c.kind in set(Kind)
    if c.kind is Kind.UNKNOWN:
        assert c.problem and c.problem_code and c.problem_code.startswith("INPUT_")
    if c.kind is Kind.SECRET:
        assert c.text == "[redacted]"


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="0123456789abcdefABCDEF", min_size=64, max_size=64))
def test_any_64_hex_is_a_txid(text: str) -> None:
    c = classify(f"  {text}\n")
    assert (c.kind, c.form, c.text) == (Kind.TXID, "txid_hex", text.lower())


def test_no_credential_in_evm_output(tmp_path: object) -> None:
    infura_like = "http://127.0.0.1:9/v3/" + PATH_KEY
    query_key = f"http://127.0.0.1:9/rpc?apikey={API_KEY}"
    args = ["check", "0x" + "ab" * 32, "--chain", "eth", "--url", f"eth={infura_like}"]
    args += ["--url", f"eth={query_key}", "--timeout", "1", "--no-cache"]
    for extra in ([], ["--json"]):
        result = runner.invoke(app, args + extra)
        assert result.exit_code == 3
        output = result.stdout + result.stderr
        for secret in (PATH_KEY, API_KEY):
            assert secret not in output
        assert "/v3/***" in output and "apikey=***" in output
