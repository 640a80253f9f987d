"""What people expect of a command line: aliases, "did you mean", examples in every --help,
one meaning of --timeout, shell completion; and `fees` naming a failing provider once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
import respx

from tests.cli_runner import CliRunner
from tests.esplora_mock import BLOCKSTREAM, MEMPOOL
from txdoctor.cli import app
from txdoctor.cliparser import build_parser
from txdoctor.core.chains import ALIASES, CHAINS, get_chain, parse_url_option

ADDRESS = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"
TRON_ADDRESS = "TW3NSuhT68vXKdamU7Rkq6sfEVCFwoDfGb"  # a wallet: a token contract is `invalid` as a recipient
runner = CliRunner()
HELP_PAGES = [
    [],
    ["check"],
    ["watch"],
    ["fees"],
    ["config"],
    ["config", "path"],
    ["config", "show"],
    ["completion"],
]


# ------------------------------------------------------------------ aliases


def test_every_alias_names_a_chain_and_the_issue_s_aliases_are_there() -> None:
    for alias in ("bitcoin", "ethereum", "trx", "bnb", "bep20", "erc20", "trc20", "matic", "sepolia"):
        assert alias in ALIASES
    for alias, name in ALIASES.items():
        assert name in CHAINS and alias not in CHAINS
        assert get_chain(alias.upper()).name == name
    assert parse_url_option("bitcoin=http://127.0.0.1:3000/api") == ("btc", "http://127.0.0.1:3000/api")


@pytest.mark.parametrize(
    ("alias", "text", "chain"), [("bitcoin", ADDRESS, "btc"), ("trc20", TRON_ADDRESS, "tron")]
)
def test_an_alias_works_on_the_command_line(alias: str, text: str, chain: str) -> None:
    result = runner.invoke(app, ["check", text, "--chain", alias, "--offline", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["chain"] == chain


# ------------------------------------------------------------------ did you mean


@pytest.mark.parametrize(
    ("args", "suggestion"),
    [
        (["chek", ADDRESS], "did you mean 'check'?"),
        (["check", ADDRESS, "--ofline"], "did you mean '--offline'?"),
        (["check", ADDRESS, "--chain", "bitcon"], "Did you mean 'bitcoin' (btc)?"),
        (["check", ADDRESS, "--chain", "etherium"], "Did you mean 'ethereum' (eth)?"),
        (["config", "shwo"], "did you mean 'show'?"),
        (["fees", "--jsn"], "did you mean '--json'?"),
    ],
)
def test_a_typo_gets_a_suggestion(args: list[str], suggestion: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert suggestion in result.stderr


@pytest.mark.parametrize(
    ("args", "commands"),
    [
        (["fees", "--details"], "'check'"),
        (["watch", "0" * 64, "--reply"], "'check'"),
        (["fees", "--offline"], "'check'"),
        (["config", "show", "--max-wait", "3"], "'watch'"),
    ],
)
def test_an_option_of_another_command_is_not_suggested_as_a_typo(args: list[str], commands: str) -> None:
    """`fees --lang zh` said "did you mean '--lang'?": the option exists, but not for this command."""
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    option = next(a for a in args if a.startswith("--"))
    assert f"did you mean '{option}'" not in result.stderr
    assert f"{option} is an option of {commands}" in result.stderr


# ------------------------------------------------------------------ help


@pytest.mark.parametrize("page", HELP_PAGES, ids=lambda p: " ".join(p) or "top")
def test_every_help_has_examples_and_points_at_no_repository_file(page: list[str]) -> None:
    result = runner.invoke(app, [*page, "--help"])
    assert result.exit_code == 0
    text = result.stdout
    assert "example" in text.lower()
    assert "txdoctor " in text.split("xample")[1]
    assert "docs/" not in text and ".md" not in text


def test_config_actions_are_described() -> None:
    text = runner.invoke(app, ["config", "--help"]).stdout
    assert "where the config file is" in text
    assert "the settings in effect" in text


# ------------------------------------------------------------------ one meaning of --timeout


def test_timeout_means_seconds_per_request_in_every_command() -> None:
    parser = build_parser()
    assert parser.parse_args(["check", "x", "--timeout", "3"]).timeout == 3
    assert parser.parse_args(["fees", "--timeout", "3"]).timeout == 3
    watch = parser.parse_args(["watch", "x", "--timeout", "3"])
    assert (watch.timeout, watch.max_wait) == (3, 3600)
    assert parser.parse_args(["watch", "x", "--max-wait", "60"]).max_wait == 60
    helps = {
        a.help
        for name in ("check", "watch", "fees")
        for a in parser._subparsers._group_actions[0].choices[name]._actions  # type: ignore[union-attr]
        if "--timeout" in a.option_strings
    }
    assert helps == {"seconds to wait for each request (default 10)"}
    result = runner.invoke(app, ["watch", "ab" * 32, "--timeout", "3600"])  # the old meaning
    assert result.exit_code == 2 and "out of range" in result.stderr


# ------------------------------------------------------------------ completion


def complete(line: str, tmp_path: Path) -> list[str]:
    """What the shell gets when it asks the real entry point (argcomplete's protocol)."""
    out = tmp_path / "completions"
    env = {
        **os.environ,
        "PYTHONPATH": str(Path(__file__).parent.parent),
        "_ARGCOMPLETE": "1",
        "COMP_LINE": line,
        "COMP_POINT": str(len(line)),
        "_ARGCOMPLETE_IFS": "\n",
        "_ARGCOMPLETE_STDOUT_FILENAME": str(out),
    }
    subprocess.run([sys.executable, "-m", "txdoctor"], env=env, capture_output=True, timeout=60)
    return [word.strip() for word in out.read_text().split("\n")]


def test_shell_completion_of_commands_options_and_chains(tmp_path: Path) -> None:
    assert "check" in complete("txdoctor ch", tmp_path)
    assert "--offline" in complete("txdoctor check --of", tmp_path)
    assert "bitcoin" in complete("txdoctor check --chain bi", tmp_path)
    assert "trc20" in complete("txdoctor fees --chain tr", tmp_path)
    result = runner.invoke(app, ["completion", "bash"])
    assert result.exit_code == 0 and "txdoctor" in result.stdout and "complete" in result.stdout


def test_completion_costs_nothing_when_the_shell_is_not_asking() -> None:
    code = (
        "import sys; sys.argv=['txdoctor','check','--offline','--json','" + ADDRESS + "'];"
        "import txdoctor.cli as c\n"
        "try:\n    c.app()\nexcept SystemExit:\n    pass\n"
        "print('LOADED', [m for m in ('argcomplete', 'rich_argparse', 'difflib') if m in sys.modules])"
    )
    env = {k: v for k, v in os.environ.items() if k != "_ARGCOMPLETE"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.strip().endswith("LOADED []")


# ------------------------------------------------------------------ fees (item 24)


def test_fees_names_each_unreachable_provider_once_with_a_next_step(router: respx.Router) -> None:
    router.get(url__startswith=MEMPOOL).mock(side_effect=httpx.ConnectError("refused"))
    router.get(url__startswith=BLOCKSTREAM).mock(side_effect=httpx.ConnectError("refused"))
    result = runner.invoke(app, ["fees", "--timeout", "1"])
    assert result.exit_code == 3
    out = result.stdout
    assert out.count(MEMPOOL) == 1 and out.count(BLOCKSTREAM) == 1, out
    assert "Next step" in out and "--url btc=URL" in out and "TXDOCTOR_URL_BTC" in out
    data = runner.invoke(app, ["fees", "--json", "--timeout", "1"]).stdout
    assert data.count("\n") == 1  # one compact line, like check --json
    errors = json.loads(data)["errors"]
    assert [e.split(": ")[0] for e in errors] == [MEMPOOL, BLOCKSTREAM]


def test_help_names_every_environment_variable_txdoctor_reads() -> None:
    """TXDOCTOR_LANG and TXDOCTOR_STATE_TTL were read but missing from --help's environment line."""
    import re
    from pathlib import Path

    package = Path(__file__).parents[1] / "txdoctor"
    read = {m for p in package.rglob("*.py") for m in re.findall(r"TXDOCTOR_[A-Z_]*[A-Z]", p.read_text())}
    read = {"TXDOCTOR_URL_<CHAIN>" if name.startswith("TXDOCTOR_URL") else name for name in read}
    text = " ".join(runner.invoke(app, ["--help"]).stdout.split())
    assert read and all(name in text for name in read), sorted(n for n in read if n not in text)
    check_help = runner.invoke(app, ["check", "--help"]).stdout
    assert "--reply --lang zh" in check_help
