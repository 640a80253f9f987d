"""Which language: --lang > TXDOCTOR_LANG > the config file's lang > the locale > English."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_runner import CliRunner
from txdoctor.cli import app
from txdoctor.config import ConfigError, load_config
from txdoctor.messages import UnsupportedLanguage, lang_from_locale, normalize_lang, resolve_lang

ADDRESS = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"
ROOT = Path(__file__).parents[2]
runner = CliRunner()


@pytest.mark.parametrize(
    "text", ["zh", "ZH", "zh-CN", "zh_CN", "zh-cn", "zh-Hans", "zh_Hans", "zh-Hans-CN", "zh-SG", " zh "]
)
def test_chinese_spellings(text: str) -> None:
    assert normalize_lang(text) == "zh"


@pytest.mark.parametrize("text", ["en", "EN", "en-US", "en_GB"])
def test_english_spellings(text: str) -> None:
    assert normalize_lang(text) == "en"


@pytest.mark.parametrize("text", ["fr", "zh-TW", "zh-Hant", "", "chinese"])
def test_unsupported_spellings(text: str) -> None:
    with pytest.raises(UnsupportedLanguage, match="use en"):
        normalize_lang(text)


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_CN.GB18030"}, "zh"),
        ({"LC_MESSAGES": "zh_SG.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        ({"LC_ALL": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, "en"),  # LC_ALL wins
        ({"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LC_ALL": "", "LANG": "zh_CN.UTF-8"}, "zh"),  # empty means unset
        ({"LANG": "zh_TW.UTF-8"}, None),  # Traditional Chinese: not ours, so English
        ({"LANG": "de_DE.UTF-8"}, None),
        ({"LANG": "zh_CN.UTF-8@pinyin"}, "zh"),
        ({}, None),
    ],
)
def test_locale(environ: dict[str, str], expected: str | None) -> None:
    assert lang_from_locale(environ) == expected


def test_precedence_flag_env_config_locale_english() -> None:
    locale = {"LANG": "zh_CN.UTF-8"}
    assert resolve_lang(None, {}, None) == "en"
    assert resolve_lang(None, locale, None) == "zh"
    assert resolve_lang(None, locale, "en") == "en"  # config > locale
    assert resolve_lang(None, {**locale, "TXDOCTOR_LANG": "zh"}, "en") == "zh"  # env > config
    assert resolve_lang("en", {"TXDOCTOR_LANG": "zh"}, "zh") == "en"  # flag > everything
    with pytest.raises(UnsupportedLanguage, match="TXDOCTOR_LANG"):
        resolve_lang(None, {"TXDOCTOR_LANG": "klingon"}, None)


def _verdict_word(env: dict[str, str], *args: str) -> str:
    result = runner.invoke(app, ["check", ADDRESS, "--offline", *args], env=env)
    assert result.exit_code == 0, result.output
    return result.stdout.split()[0]


def test_cli_precedence(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[defaults]\nlang = "zh-CN"\n')
    with_config = {"TXDOCTOR_CONFIG": str(config)}
    assert _verdict_word({}) == "VALID"
    assert _verdict_word({"LANG": "zh_CN.UTF-8"}) == "有效"
    assert _verdict_word({"LANG": "zh_CN.UTF-8", "TXDOCTOR_LANG": "en"}) == "VALID"
    assert _verdict_word(with_config) == "有效"
    assert _verdict_word({**with_config, "TXDOCTOR_LANG": "en"}) == "VALID"
    assert _verdict_word({**with_config, "TXDOCTOR_LANG": "en"}, "--lang", "zh_CN") == "有效"


def test_cli_rejects_an_unsupported_language_as_a_usage_error() -> None:
    for args, env in ((["--lang", "fr"], {}), ([], {"TXDOCTOR_LANG": "fr"})):
        result = runner.invoke(app, ["check", ADDRESS, "--offline", *args], env=env)
        assert result.exit_code == 2 and "unsupported language 'fr'" in result.stderr


def test_config_lang(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('lang = "zh_CN"\n')  # top level works too
    assert load_config({"TXDOCTOR_CONFIG": str(path)}).lang == "zh"
    path.write_text('[defaults]\nlang = "fr"\n')
    with pytest.raises(ConfigError, match="unsupported language"):
        load_config({"TXDOCTOR_CONFIG": str(path)})
    path.write_text("[defaults]\nlang = 3\n")
    with pytest.raises(ConfigError, match="lang must be a string"):
        load_config({"TXDOCTOR_CONFIG": str(path)})


def test_chinese_report_and_table_words() -> None:
    bad = ADDRESS[:-1] + "x"
    report = runner.invoke(app, ["check", ADDRESS, "--offline", "--lang", "zh"])
    assert report.stdout.startswith(f"有效  地址 {ADDRESS} （Bitcoin 主网）\n")
    assert "\n下一步\n  无需处理。\n" in report.stdout
    table = runner.invoke(app, ["check", ADDRESS, bad, "--offline", "--lang", "zh"], env={"COLUMNS": "100"})
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["输入", "链", "结论", "主要原因"]
    # a Chinese character takes two columns: each column starts where it does in English
    assert [
        columns(line[: line.index(word)]) for line, word in zip(lines[:2], ("结论", "有效"), strict=True)
    ] == [
        36,
        36,
    ]
    assert lines[-1] == "共 2 条：有效 1 条、无效 1 条"


def columns(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def test_english_offline_check_loads_no_toml_parser_and_no_reply_code() -> None:
    """A second language costs nothing unused: the findings' English words come from the built
    twin ``_built_en.marshal``, so neither tomllib, the Chinese twin nor the reply code is loaded."""
    code = (
        "import sys\n"
        "from txdoctor.cli import app\n"
        f"app(['check', '{ADDRESS}', '--offline'])\n"
        f"app(['check', '{ADDRESS}', '--offline', '--json'])\n"
        "from txdoctor.messages.loader import TWINS_READ\n"
        "mine = ('tomllib', 'txdoctor.render.reply', 'txdoctor.render.reply_steps', 'txdoctor.core.reply',\n"
        "        'txdoctor.families.bitcoin.reply', 'txdoctor.families.evm.reply')\n"
        "loaded = [m for m in mine if m in sys.modules] + [t for t in TWINS_READ if t != '_built_en']\n"
        "print('LOADED', loaded, '_built_en' in TWINS_READ)\n"
    )
    env = {"PATH": "/usr/bin:/bin", "TXDOCTOR_CONFIG": "/nonexistent/config.toml"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env)
    assert "LOADED [] True" in done.stdout, done.stdout + done.stderr
