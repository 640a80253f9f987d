"""Usage errors in the language asked for: argparse's messages, "did you mean", unknown chains
and languages, txdoctor's own checks. English stays as it was; Chinese holds no English word
but options, commands, metavariables, chain names and the values the user typed."""

from __future__ import annotations

import argparse
import errno
import inspect
import os
import re

import pytest

from tests.cli_runner import CliRunner
from tests.render.test_no_english import english_words
from txdoctor.cli import app
from txdoctor.cliwords import ARGPARSE, as_template
from txdoctor.messages import catalog

runner = CliRunner()
# what the user typed, choices; short options; a metavariable after its option (--rate R)
TYPED = re.compile(r"'[^']*'|(?<!\S)/\S+|(?<![\w-])-[a-zA-Z]\b|(?<=\w) [A-Z](?=\])")
ADDRESS = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"
# The command line's own names: the program, its commands and actions, shells.
COMMANDS = {
    "txdoctor",
    "check",
    "watch",
    "fees",
    "config",
    "completion",
    "path",
    "show",
    "bash",
    "zsh",
    "fish",
    "shell",
}

ERRORS = [
    (["chek", ADDRESS], "您是不是要输入 'check'？"),
    (["check", ADDRESS, "--ofline"], "无法识别的参数：--ofline；您是不是要输入 '--offline'？"),
    (["check", "--chain", "dogecoin", ADDRESS], "未知的链 'dogecoin'。您是不是要输入 'litecoin'（即 ltc）？"),
    (["check", "--chain", "etherium", ADDRESS], "支持的链：btc, "),
    (["watch", "0" * 64, "--reply"], "--reply 只能用于 'check' 命令"),
    (["check"], "请提供交易哈希或地址"),
    (["watch", ADDRESS], "地址没有确认数"),
    (["check", ADDRESS, "--timeout", "abc"], "参数 --timeout：'abc' 不是数字\n用法：txdoctor check [-h]"),
    (["check", ADDRESS, "--timeout", "500"], "500 超出范围（0.5 到 120）"),
    (["check", ADDRESS, "--concurrency", "0"], "0 超出范围（1 到 64）"),
    (["check", ADDRESS, "--rate", "-1"], "-1 超出范围（至少为 0）"),
    (["check", ADDRESS, "--url", "foo"], "--url 的格式是 CHAIN=URL"),
    (
        ["check", "--file", "/nonexistent/inputs.txt"],
        "无法读取 --file /nonexistent/inputs.txt：文件或目录不存在",
    ),
    (["check", ADDRESS, "--chain"], "参数 --chain/-c：需要一个值"),
    (["completion", "tcsh"], "无效的选项：'tcsh'（可选：'bash', 'zsh', 'fish'）"),
    (["watch"], "缺少必需的参数：TXID"),
]


@pytest.mark.parametrize(("args", "words"), ERRORS, ids=lambda a: " ".join(a) if isinstance(a, list) else "")
def test_usage_errors_in_chinese(args: list[str], words: str) -> None:
    english = runner.invoke(app, args)
    chinese = runner.invoke(
        app, [*args, "--lang", "zh"] if args[-1] != "--chain" else [*args[:-1], "--lang", "zh", args[-1]]
    )
    assert english.exit_code == chinese.exit_code == 2
    assert words in chinese.stderr, chinese.stderr
    left = english_words(TYPED.sub(" ", chinese.stderr)) - COMMANDS
    assert left == set(), chinese.stderr
    assert english_words(TYPED.sub(" ", english.stderr)) - COMMANDS, english.stderr  # English stays English


def test_the_language_of_an_error_comes_from_the_environment_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TXDOCTOR_LANG", "zh-CN")
    assert "无法识别的参数" in runner.invoke(app, ["check", ADDRESS, "--ofline"]).stderr
    monkeypatch.setenv("TXDOCTOR_LANG", "klingon")  # itself an error: said in English
    result = runner.invoke(app, ["check", ADDRESS])
    assert result.exit_code == 2 and "TXDOCTOR_LANG: unsupported language 'klingon'" in result.stderr
    monkeypatch.delenv("TXDOCTOR_LANG")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert "无法识别的参数" in runner.invoke(app, ["check", ADDRESS, "--ofline"]).stderr


def test_an_unsupported_language_is_said_in_english_naming_the_choices() -> None:
    result = runner.invoke(app, ["check", ADDRESS, "--lang", "fr"])
    assert result.exit_code == 2
    assert "unsupported language 'fr': use en (English) or zh" in result.stderr


def test_a_secret_typed_as_an_option_is_redacted_in_chinese_too() -> None:
    wif = "KwDiBf89QgGbjEhKnhXJuH7LrciVrZi3qYjgd9M7rFU73sVHnoWn"
    result = runner.invoke(app, ["check", ADDRESS, "--chain", wif, "--lang", "zh"])
    assert result.exit_code == 2 and wif not in result.output
    assert "[已隐去：看起来是私钥或助记词，请勿向任何人提供]" in result.stderr


def test_argparse_templates_are_argparse_s_own_messages() -> None:
    """The entries matched against argparse's English are its strings (a new Python that
    rewords one shows here, and that message then stays English)."""
    en, source = catalog("en"), inspect.getsource(argparse)
    for key, msgid in ARGPARSE.items():
        assert en.text(key) == as_template(msgid), key
        assert repr(msgid) in source or f'"{msgid}"' in source, msgid


def test_file_reasons_are_the_system_s_words_in_english() -> None:
    en = catalog("en")
    for name, code in (
        ("not_found", errno.ENOENT),
        ("no_permission", errno.EACCES),
        ("is_directory", errno.EISDIR),
    ):
        assert en.text(f"usage.os_error.{name}") == os.strerror(code)
