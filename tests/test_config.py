"""The config file: precedence, validation, redaction and the permission warning."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import respx

from tests.cli_runner import CliRunner
from tests.esplora_mock import Explorer, load, mount_fallthrough, quiet_state
from txdoctor.cli import app
from txdoctor.config import ConfigError, load_config
from txdoctor.core.chains import CHAINS, ProviderConfig

runner = CliRunner()
KEYED = "https://rpc.example.invalid/v3/0123456789abcdef0123456789abcdef"


def write(tmp_path: Path, text: str, mode: int = 0o600) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text)
    os.chmod(path, mode)
    return path


def test_precedence_flag_env_file_default() -> None:
    btc = CHAINS["btc"]
    file_urls = {"btc": ["http://file.invalid/api"]}
    assert ProviderConfig({}, {}, {}).urls(btc) == list(btc.default_urls)
    assert ProviderConfig({}, {}, file_urls).urls(btc) == ["http://file.invalid/api"]
    env = {"TXDOCTOR_URL_BTC": "http://env1.invalid/api, http://env2.invalid/api"}
    assert ProviderConfig({}, env, file_urls).urls(btc) == [
        "http://env1.invalid/api",
        "http://env2.invalid/api",
    ]
    flags = {"btc": ["http://flag.invalid/api"]}
    assert ProviderConfig(flags, env, file_urls).urls(btc) == ["http://flag.invalid/api"]


def test_config_file_drives_providers_and_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, router: respx.Router
) -> None:
    base = "http://127.0.0.1:3999/api"
    path = write(tmp_path, f'[defaults]\ntimeout = 3\n[providers]\nbtc = ["{base}"]\n')
    monkeypatch.setenv("TXDOCTOR_CONFIG", str(path))
    tx = load("esplora/mempool_backend_txs_random_4.json")[2]
    m = Explorer(router, base)
    m.state(quiet_state(), 890448)
    m.tx(tx)
    mount_fallthrough(router)
    router.get(url__startswith=base).respond(404)
    result = runner.invoke(app, ["check", tx["txid"], "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["facts"]["provider"] == base
    assert {c.request.url.host for c in router.calls} == {"127.0.0.1"}


def test_show_redacts_keys_and_warns_when_readable_by_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, f'[providers]\neth = ["{KEYED}"]\n[keys]\ntrongrid = "s3cr3t-key-value"\n', 0o644)
    monkeypatch.setenv("TXDOCTOR_CONFIG", str(path))
    result = runner.invoke(app, ["config", "show"])
    assert result.exit_code == 0
    assert "s3cr3t-key-value" not in result.output
    assert "0123456789abcdef0123456789abcdef" not in result.output
    assert 'trongrid = "***"' in result.stdout
    assert "https://rpc.example.invalid/v3/***" in result.stdout
    assert "chmod 600" in result.stderr
    os.chmod(path, 0o600)
    assert "chmod" not in runner.invoke(app, ["config", "show"]).stderr
    assert runner.invoke(app, ["config", "path"]).stdout.strip() == str(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[providers\n", "not valid TOML"),
        ('[providers]\ndogecoin = ["http://x.invalid"]\n', "unknown chain 'dogecoin'"),
        ('[providers]\nbtc = ["ftp://x.invalid"]\n', "is not an http(s) URL"),
        ("[defaults]\ntimeout = -1\n", "non-negative number"),
        ("providers = 3\n", "must be a table"),
    ],
)
def test_bad_config_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str
) -> None:
    path = write(tmp_path, text)
    monkeypatch.setenv("TXDOCTOR_CONFIG", str(path))
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_config()
    result = runner.invoke(app, ["check", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"])
    assert result.exit_code == 2
    assert message in result.stderr


ADDRESS = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"


@pytest.mark.parametrize(
    ("text", "named", "suggested"),
    [
        ('[provider]\nbtc = ["http://x.invalid"]\n', "[provider]", "'providers'"),
        ("[defaults]\ntimout = 3\n", "'timout'", "'timeout'"),
        ('[keys]\ntrongird = "k"\n', "'trongird'", "'trongrid'"),
        ("[colours]\nx = 1\n", "[colours]", "known: defaults, providers, keys"),
    ],
)
def test_a_misspelt_section_or_key_is_named_in_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, named: str, suggested: str
) -> None:
    monkeypatch.setenv("TXDOCTOR_CONFIG", str(write(tmp_path, text)))
    result = runner.invoke(app, ["check", ADDRESS, "--offline"])
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if line.startswith("txdoctor: warning:")]
    assert len(warnings) == 1, result.stderr
    assert named in warnings[0] and suggested in warnings[0] and "ignored" in warnings[0]


def test_show_gives_the_settings_in_effect_and_where_each_comes_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, '[defaults]\ntimeout = 3\n[providers]\nltc = ["http://127.0.0.1:3002/api"]\n')
    monkeypatch.setenv("TXDOCTOR_CONFIG", str(path))
    env = {"TXDOCTOR_URL_ETH": "http://127.0.0.1:8545"}
    text = runner.invoke(app, ["config", "show"], env=env).stdout
    assert "timeout = 3  # config file" in text
    assert "concurrency = 10  # default" in text
    assert 'eth = ["http://127.0.0.1:8545"]  # TXDOCTOR_URL_ETH' in text
    assert 'ltc = ["http://127.0.0.1:3002/api"]  # config file' in text
    assert 'btc = ["https://mempool.space/api", "https://blockstream.info/api"]  # default' in text
    result = runner.invoke(app, ["config", "show", "--json"], env=env)
    assert result.stdout.count("\n") == 1  # compact, like check --json
    effective = json.loads(result.stdout)["effective"]
    assert effective["settings"]["timeout"] == {"value": 3.0, "source": "config file"}
    assert effective["settings"]["rate"] == {"value": 10.0, "source": "default"}
    assert effective["providers"]["eth"] == {"urls": ["http://127.0.0.1:8545"], "source": "TXDOCTOR_URL_ETH"}


def test_path_honours_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "none.toml"
    monkeypatch.setenv("TXDOCTOR_CONFIG", str(path))
    result = runner.invoke(app, ["config", "path", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"path": str(path), "exists": False}


def test_show_names_the_environment_for_state_ttl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TXDOCTOR_CONFIG", str(write(tmp_path, "[defaults]\nstate_ttl = 5\n")))
    assert "state_ttl = 5  # config file" in runner.invoke(app, ["config", "show"]).stdout
    text = runner.invoke(app, ["config", "show"], env={"TXDOCTOR_STATE_TTL": "0"}).stdout
    assert "state_ttl = 0  # TXDOCTOR_STATE_TTL" in text


def test_show_gives_the_language_in_effect_and_its_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`lang` is a setting like the others: config show says which one is in effect and why."""
    for name in ("TXDOCTOR_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TXDOCTOR_CONFIG", str(write(tmp_path, '[defaults]\nlang = "zh-CN"\n')))
    assert 'lang = "zh"  # config file' in runner.invoke(app, ["config", "show"]).stdout
    text = runner.invoke(app, ["config", "show"], env={"TXDOCTOR_LANG": "en"}).stdout
    assert 'lang = "en"  # TXDOCTOR_LANG' in text
    result = runner.invoke(app, ["config", "show", "--json"], env={"TXDOCTOR_LANG": "zh_CN"})
    assert json.loads(result.stdout)["effective"]["settings"]["lang"] == {
        "value": "zh",
        "source": "TXDOCTOR_LANG",
    }
    monkeypatch.setenv("TXDOCTOR_CONFIG", str(tmp_path / "none.toml"))
    text = runner.invoke(app, ["config", "show"], env={"LANG": "zh_CN.UTF-8"}).stdout
    assert 'lang = "zh"  # locale (LANG)' in text
    assert 'lang = "en"  # default' in runner.invoke(app, ["config", "show"]).stdout


@pytest.mark.parametrize(
    ("value", "kind"),
    [('["abc-secret-1234"]', "list"), ("1234567890", "number"), ('{k = "abc-secret-1234"}', "table")],
)
def test_a_key_that_is_not_a_string_is_named_in_a_warning_without_its_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str, kind: str
) -> None:
    """QA: `trongrid = ["abc"]` was silently ignored; the value is a secret and is never shown."""
    monkeypatch.setenv("TXDOCTOR_CONFIG", str(write(tmp_path, f"[keys]\ntrongrid = {value}\n")))
    result = runner.invoke(app, ["check", ADDRESS, "--offline"])
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if line.startswith("txdoctor: warning:")]
    assert len(warnings) == 1, result.stderr
    assert "'trongrid'" in warnings[0] and "must be a string" in warnings[0] and kind in warnings[0]
    assert "abc-secret" not in result.stderr + result.stdout and "1234567890" not in result.stderr
    assert load_config().keys == {}
