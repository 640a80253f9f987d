"""The config file's errors and warnings in the language asked for (issue 10): ``usage.config.*``,
said by the lang precedence (--lang > TXDOCTOR_LANG > the config file > the locale); English as
it always was."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.cli_runner import CliRunner
from tests.render.test_no_english import english_words
from txdoctor.cli import app
from txdoctor.config import ConfigError, load_config

runner = CliRunner()
ADDRESS = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"


def write(tmp_path: Path, text: str | bytes, mode: int = 0o600) -> Path:
    path = tmp_path / "config.toml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    os.chmod(path, mode)
    return path


# the file, the English as txdoctor always said it (after "<path>"), Chinese words it holds
ERRORS = [
    (
        "[providers\n",
        " is not valid TOML: Expected ']' at the end of a table declaration (at line 1, column 11)",
        "第 1 行第 11 列有语法错误",
    ),
    (b"lang = '\xff'\n", None, "不是 UTF-8 编码的文本"),
    (
        "[providers]\nbtc = 3\n",
        ": [providers] btc must be a URL or a list of URLs",
        "必须是一个 URL 或 URL 列表",
    ),
    (
        '[providers]\neth = ["core+http://u:p@127.0.0.1:8332"]\n',
        ": [providers] eth: 'core+http://***@127.0.0.1:8332': core+http(s):// (a Bitcoin or Litecoin "
        "Core node) serves Bitcoin and Litecoin chains only",
        "只能用于 Bitcoin 和 Litecoin 链",
    ),
    ("[defaults]\ntimeout = -1\n", ": [defaults] timeout must be a non-negative number", "必须是非负数"),
    ("providers = 3\n", ": [providers] must be a table", "必须是一节"),
    ("lang = 3\n", ": lang must be a string (en or zh)", "必须是字符串"),
    (
        'lang = "fr"\n',
        ": unsupported language 'fr': use en (English) or zh (Simplified Chinese; also zh-CN, zh-Hans)",
        "不支持",
    ),
]


@pytest.mark.parametrize(("text", "english", "chinese"), ERRORS, ids=range(len(ERRORS)))
def test_a_config_error_in_english_and_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str | bytes, english: str | None, chinese: str
) -> None:
    path = write(tmp_path, text)
    monkeypatch.setenv("TXDOCTOR_CONFIG", str(path))
    monkeypatch.delenv("TXDOCTOR_LANG", raising=False)
    with pytest.raises(ConfigError) as caught:
        load_config()
    if english is not None:
        assert str(caught.value) == f"{path}{english}"
    en = runner.invoke(app, ["check", ADDRESS, "--offline"])
    assert en.exit_code == 2 and str(caught.value) in en.stderr
    zh = runner.invoke(app, ["check", ADDRESS, "--offline", "--lang", "zh"])
    assert zh.exit_code == 2 and chinese in zh.stderr, zh.stderr
    skip = [str(path), "core+http://***@127.0.0.1:8332", "'fr'", "timeout"]  # values: the file's names
    assert english_words(zh.stderr, sorted(skip, key=len, reverse=True)) == set(), zh.stderr


WARNINGS = [
    (
        '[provider]\nbtc = ["http://x.invalid"]\n',
        ": unknown section [provider] is ignored; did you mean 'providers'?",
        "您是不是想写 'providers'",
    ),
    (
        "[defaults]\ntimout = 3\n",
        ": unknown key 'timout' in [defaults] is ignored; did you mean 'timeout'?",
        "未知键 'timout'",
    ),
    (
        "[colours]\nx = 1\n",
        ": unknown section [colours] is ignored (known: defaults, providers, keys)",
        "可用的有",
    ),
    (
        "[keys]\ntrongrid = 12\n",
        ": key 'trongrid' in [keys] is ignored: it must be a string (the API key in quotes, "
        'e.g. trongrid = "..."), not a number',
        "而不是数字",
    ),
]


@pytest.mark.parametrize(("text", "english", "chinese"), WARNINGS, ids=range(len(WARNINGS)))
def test_a_config_warning_in_english_and_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, english: str, chinese: str
) -> None:
    path = write(tmp_path, text)
    monkeypatch.setenv("TXDOCTOR_CONFIG", str(path))
    monkeypatch.delenv("TXDOCTOR_LANG", raising=False)
    assert load_config().warnings() == [f"{path}{english}"]
    en = runner.invoke(app, ["check", ADDRESS, "--offline"])
    assert f"txdoctor: warning: {path}{english}\n" in en.stderr
    monkeypatch.setenv("TXDOCTOR_LANG", "zh")  # the environment's language, the flag's absent
    zh = runner.invoke(app, ["check", ADDRESS, "--offline"])
    assert zh.exit_code == 0 and "txdoctor: 警告：" in zh.stderr and chinese in zh.stderr, zh.stderr
    skip = [
        str(path),
        "'providers'",
        "'timout'",
        "'timeout'",
        "trongrid",
        "[colours]",
        "[provider]",
    ]  # the file's names
    assert english_words(zh.stderr, sorted(skip, key=len, reverse=True)) == set(), zh.stderr
    en_flag = runner.invoke(app, ["check", ADDRESS, "--offline", "--lang", "en"])  # the flag wins
    assert f"txdoctor: warning: {path}{english}\n" in en_flag.stderr


def test_the_permission_warning_in_chinese_from_the_config_file_s_own_lang(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, 'lang = "zh"\n[keys]\ntrongrid = "k"\n', mode=0o644)
    monkeypatch.setenv("TXDOCTOR_CONFIG", str(path))
    monkeypatch.delenv("TXDOCTOR_LANG", raising=False)
    english = f"{path} holds API keys or credentials and is readable by other users: run 'chmod 600 {path}'."
    assert load_config().warnings() == [english]
    zh = runner.invoke(app, ["check", ADDRESS, "--offline"])
    assert f"{path} 中有 API 密钥或凭据" in zh.stderr, zh.stderr
    assert english_words(zh.stderr, [str(path)]) == set(), zh.stderr


TXID = "ab" * 32
# a provider URL that cannot be used, the English as txdoctor always said it (after the source), Chinese
URL_ERRORS = [
    (
        "ftp://x",
        " 'ftp://x' is not an http(s) URL; write it with http:// or https://, e.g. http://127.0.0.1:3000/api",
        "不是 HTTP 或 HTTPS 的 URL",
    ),
    ("http://", " 'http://' has no host", "缺少主机名"),
    ("http://a b", " 'http://a b' contains spaces or control characters", "含有空格或控制字符"),
    ("http://h:99999", " '***' is not a valid URL (bad host or port)", "主机名或端口有误"),
    (
        "core+http://127.0.0.1:1?x=1",
        " 'core+http://127.0.0.1:1?x=***': unknown option 'x' (only ?cookie=PATH is understood)",
        "无法识别的选项",
    ),
    (
        "core+http://u:p@127.0.0.1:1?cookie=/c",
        " 'core+http://***@127.0.0.1:1?cookie=***': give either user:password@ or ?cookie=, not both",
        "只能二选一",
    ),
    (
        "core+ftp://127.0.0.1:1",
        " 'core+ftp://127.0.0.1:1' is not an http(s) URL; write it with http:// or "
        "https://, e.g. http://127.0.0.1:3000/api",
        "不是 HTTP 或 HTTPS 的 URL",
    ),
]


@pytest.mark.parametrize(("url", "english", "chinese"), URL_ERRORS, ids=range(len(URL_ERRORS)))
@pytest.mark.parametrize("where", ["flag", "env", "config"])
def test_a_bad_provider_url_in_english_and_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, url: str, english: str, chinese: str, where: str
) -> None:
    """Every source of a URL (--url, TXDOCTOR_URL_BTC, the config file) says why it is refused
    in the language asked for, before any request; English unchanged."""
    monkeypatch.delenv("TXDOCTOR_LANG", raising=False)
    args = ["check", TXID, "--chain", "btc"]
    if where == "flag":
        args += ["--url", f"btc={url}"]
        source = "--url btc:"
    elif where == "env":
        monkeypatch.setenv("TXDOCTOR_URL_BTC", url)
        source = "TXDOCTOR_URL_BTC:"
    else:
        path = write(tmp_path, f'[providers]\nbtc = ["{url}"]\n')
        monkeypatch.setenv("TXDOCTOR_CONFIG", str(path))
        source = f"{path}: [providers] btc:"
    en = runner.invoke(app, args)
    assert en.exit_code == 2 and f"{source}{english}" in en.stderr, en.stderr
    zh = runner.invoke(app, [*args, "--lang", "zh"])
    assert zh.exit_code == 2 and chinese in zh.stderr, zh.stderr
    shown = re.findall(r"'[^']*'", english)  # the URL as shown (redacted) and an option: values
    skip = [
        *shown,
        source.rstrip(":"),
        "--url btc",
        "TXDOCTOR_URL_BTC",
        "http://127.0.0.1:3000/api",
        "https://",
        "http://",
    ]
    assert english_words(zh.stderr, sorted(skip, key=len, reverse=True)) == set(), zh.stderr
