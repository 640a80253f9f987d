"""Issue 8 item 20: one validation for every provider URL source, and redaction of
credentials (userinfo, query values, key-like path segments) in every message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_runner import CliRunner
from txdoctor.cli import app
from txdoctor.core.net.urls import InvalidUrl, check_url, redact_text, redact_url

runner = CliRunner()
PASSWORD = "S3cretPW"
TXID = "ab" * 32


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (f"alice:{PASSWORD}@x", "***@x"),
        (f"http://alice:{PASSWORD}@node:8332/", "http://***@node:8332/"),
        (
            f"https://node/rpc?pwd={PASSWORD}&sig=abc%2B1&chainid=1",
            "https://node/rpc?pwd=***&sig=***&chainid=1",
        ),
        (f"https://node/?{PASSWORD}", "https://node/?***"),
        ("https://eth-mainnet.example/v2/Xk3j9Q2aa", "https://eth-mainnet.example/v2/***"),
        ("https://node/rpc/k3Y9", "https://node/rpc/***"),
        ("https://rpc.example/eth/" + "ab" * 32, "https://rpc.example/eth/***"),
        ("https://x/api#token", "https://x/api#***"),
        ("https://mempool.space/testnet4/api", "https://mempool.space/testnet4/api"),
        ("http://127.0.0.1:3000/api", "http://127.0.0.1:3000/api"),
        ("https://x/ext/bc/C/rpc", "https://x/ext/bc/C/rpc"),
        (f"https://mempool.space/api/tx/{TXID}/status", f"https://mempool.space/api/tx/{TXID}/status"),
        ("SeCrEtToKeN123abc", "***"),  # a token where a URL goes: not echoed, not even lower-cased
        ("bitcoind:8332", "bitcoind:8332"),
        ("node.example:8332/api", "node.example:8332/api"),
    ],
)
def test_redact_url(url: str, shown: str) -> None:
    assert redact_url(url) == shown


def test_redact_text_finds_userinfo_without_a_scheme() -> None:
    text = f"alice:{PASSWORD}@x timed out; then http://u:{PASSWORD}@h/x?apikey={PASSWORD}"
    assert PASSWORD not in redact_text(text)


@pytest.mark.parametrize(
    "url",
    [
        f"alice:{PASSWORD}@x",
        f"ftp://alice:{PASSWORD}@x",
        "http://",
        f"http://a:{PASSWORD}@h:99999/",
        "http://h/ x",
    ],
)
def test_check_url_refuses_and_redacts(url: str) -> None:
    with pytest.raises(InvalidUrl) as err:
        check_url(url, "TXDOCTOR_URL_BTC")
    assert PASSWORD not in str(err.value)
    assert "TXDOCTOR_URL_BTC" in str(err.value)


def _no_password(result_output: str) -> None:
    assert PASSWORD not in result_output


def test_env_url_without_scheme_is_a_usage_error() -> None:
    env = {"TXDOCTOR_URL_BTC": f"alice:{PASSWORD}@x"}
    result = runner.invoke(app, ["check", TXID, "--chain", "btc", "--json", "--no-cache"], env=env)
    assert result.exit_code == 2
    assert "TXDOCTOR_URL_BTC" in result.stderr and "***@x" in result.stderr
    _no_password(result.output)


def test_config_url_without_scheme_is_a_usage_error(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'[providers]\nbtc = ["alice:{PASSWORD}@x"]\n', encoding="utf-8")
    config.chmod(0o600)
    result = runner.invoke(app, ["check", TXID, "--no-cache"], env={"TXDOCTOR_CONFIG": str(config)})
    assert result.exit_code == 2
    assert "[providers] btc" in result.stderr
    _no_password(result.output)


@pytest.mark.parametrize(
    "value",
    [f"https://alice:{PASSWORD}@node/", f"https://alice:{PASSWORD}@node/?k=v", f"alice:{PASSWORD}@node"],
)
def test_url_flag_without_chain_does_not_echo_the_password(value: str) -> None:
    result = runner.invoke(app, ["check", TXID, "--url", value])
    assert result.exit_code == 2
    assert "CHAIN=URL" in result.stderr
    _no_password(result.output)


@pytest.mark.parametrize("source", ["flag", "env"])
def test_unreachable_provider_is_named_redacted(source: str) -> None:
    url = f"http://alice:{PASSWORD}@127.0.0.1:9/api/k3Y9x?pwd={PASSWORD}&sig={PASSWORD}"
    args = ["check", TXID, "--chain", "btc", "--timeout", "1", "--no-cache", "--json"]
    env = {}
    if source == "flag":
        args += ["--url", f"btc={url}"]
    else:
        env["TXDOCTOR_URL_BTC"] = url
    result = runner.invoke(app, args, env=env)
    assert result.exit_code == 3
    _no_password(result.output)
    data = json.loads(result.stdout)
    providers = {f["provider"] for f in data["findings"][0]["evidence"]["failures"]}
    assert providers == {"http://***@127.0.0.1:9/api/***?pwd=***&sig=***"}


def test_python_api_validates_urls_too() -> None:
    from txdoctor.api import diagnose

    with pytest.raises(InvalidUrl) as err:
        diagnose(TXID, urls={"btc": [f"alice:{PASSWORD}@x"]})
    assert PASSWORD not in str(err.value)


def test_config_value_that_is_a_token_is_not_echoed(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[providers]\nbtc = ["SeCrEtToKeN123abc"]\n', encoding="utf-8")
    config.chmod(0o600)
    result = runner.invoke(app, ["check", TXID, "--no-cache"], env={"TXDOCTOR_CONFIG": str(config)})
    assert result.exit_code == 2
    assert "[providers] btc" in result.stderr
    assert "secrettoken123abc" not in result.output.lower()
