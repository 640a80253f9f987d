"""The command line's grammar: commands, options, help with examples, "did you mean".

Built on argparse: an offline check must start fast, and a typer CLI measured ~2.6× the
start-up of this one (benchmarks/cli_startup.py; docs/benchmarks.md). The conveniences
come from small libraries loaded only when used: rich-argparse formats ``--help``,
argcomplete answers shell completion, difflib suggests on the error path.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from txdoctor._version import __version__
from txdoctor.core.chains import ALIASES, CHAINS
from txdoctor.messages import Term, english

TX = "15e10745f15593a899cef391191bdd3d7c12412cc4696b7bcb669d0feadc8521"
ADDRESS = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"


def top_epilog() -> str:
    import textwrap

    def para(text: str) -> str:
        return textwrap.fill(text, width=80, subsequent_indent="  ", break_on_hyphens=False)

    return f"""\
examples:
  txdoctor check {TX}
  txdoctor check {ADDRESS} --offline
  txdoctor check - --json < txids.txt
  txdoctor watch {TX[:16]}… -n 3
  txdoctor fees --chain eth

{para("chains: " + ", ".join(CHAINS))}
{para("aliases: " + ", ".join(f"{a}={c}" for a, c in ALIASES.items()))}

exit codes: 0 confirmed, pending or valid · 1 a problem was diagnosed ·
  2 usage error · 3 no provider reachable · 4 watch gave up (--max-wait) before
  its goal · 130 interrupted

environment: TXDOCTOR_URL_<CHAIN> (provider URLs, comma-separated), TXDOCTOR_CONFIG
  (config file), TXDOCTOR_LANG (en or zh), TXDOCTOR_CACHE_DIR, TXDOCTOR_STATE_TTL,
  NO_COLOR, COLUMNS.
shell completion: see 'txdoctor completion --help'."""


EXAMPLES = {
    "check": f"""\
examples:
  txdoctor check {TX}
  txdoctor check {ADDRESS} --offline
  txdoctor check https://mempool.space/tx/{TX[:12]}…
  txdoctor check 0x<64 hex> --chain bsc --json
  txdoctor check - --json < txids.txt        # one input per line, NDJSON out
  txdoctor check --file queue.txt --details  # a table, full reports for problems
  txdoctor check <txid> --reply --lang zh    # a reply to paste into the ticket, in Chinese
  txdoctor check <txid> --url btc=http://127.0.0.1:3000/api""",
    "watch": f"""\
examples:
  txdoctor watch {TX[:16]}… -n 3
  txdoctor watch <txid> --interval 60 --max-wait 7200 --json

Stops at N confirmations, or when the transaction is replaced, fails or is invalid.
Gives up after --max-wait seconds: that says so and exits 4. Addresses cannot be
watched (use 'txdoctor check ADDRESS').""",
    "fees": """\
examples:
  txdoctor fees
  txdoctor fees --chain eth --json
  txdoctor fees --chain btc-testnet --url btc-testnet=http://127.0.0.1:3000/api""",
    "config": """\
examples:
  txdoctor config path
  txdoctor config show
  txdoctor config show --json""",
    "completion": """\
examples:
  eval "$(txdoctor completion bash)"    # add this line to ~/.bashrc
  eval "$(txdoctor completion zsh)"     # add this line to ~/.zshrc
  txdoctor completion fish | source     # add this line to ~/.config/fish/config.fish""",
}


class UsageError(Exception):
    """Bad options or arguments: a message on stderr and exit code 2.

    ``str()`` is English. ``term`` (a catalog sentence) or ``argparse`` (argparse's English
    message, the hint txdoctor added, the usage line) let txdoctor.cliwords say it again in
    another language."""

    def __init__(
        self,
        message: str,
        *,
        term: Term | None = None,
        argparse: tuple[str, Term | None, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.term = term
        self.argparse = argparse

    @classmethod
    def of(cls, key: str, /, **values: object) -> UsageError:
        """The usage error said by the catalog's ``key``."""
        return cls(english(key, **values), term=Term(key, **values))

    @classmethod
    def wrap(cls, err: Exception) -> UsageError:
        """``err`` as a usage error, with its catalog sentence when it has one."""
        return cls(str(err), term=getattr(err, "term", None))


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        hint, usage = suggest(message, self), self.format_usage().strip()
        said = english(hint.key, **hint.values) if hint is not None else ""
        raise UsageError(f"{message}{said}\n{usage}", argparse=(message, hint, usage))


def _options_of(parser: argparse.ArgumentParser) -> list[str]:
    names = [s for a in parser._actions for s in a.option_strings if s.startswith("--")]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                names += _options_of(sub)
    return sorted(set(names))


def suggest(message: str, parser: argparse.ArgumentParser) -> Term | None:
    """'Did you mean …?' for a mistyped command, action or option (difflib)."""
    import difflib

    choice = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
    if choice:
        wrong, options = choice.group(1), re.findall(r"'([^']*)'", choice.group(2))
    else:
        unknown = re.search(r"unrecognized arguments: (\S+)", message)
        if not unknown or not unknown.group(1).startswith("-"):
            return None
        wrong, options = unknown.group(1).split("=")[0], _options_of(_root(parser))
        owners = _commands_with(_root(parser), wrong)
        if owners:  # a real option, of another command: no typo to suggest
            names = tuple(repr(o) for o in owners)  # joined again in another language (cliwords)
            return Term(
                "usage.option_of", option=wrong, commands=english("usage.and").join(names), names=names
            )
    close = difflib.get_close_matches(wrong, options, n=1, cutoff=0.6)
    return Term("usage.did_you_mean", guess=repr(close[0])) if close else None


def _commands_with(parser: argparse.ArgumentParser, option: str) -> list[str]:
    """The commands that take ``option`` (``--lang`` → ['check'])."""
    names: list[str] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                if option in _options_of(sub) and name not in names:
                    names.append(name)
    return names


def _root(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    return getattr(parser, "root", parser)


def ranged(kind: Callable[[str], float], low: float, high: float | None = None) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(english("usage.not_a_number", value=repr(text))) from None
        if value != value or value < low or (high is not None and value > high):  # NaN too
            if high is None:
                raise argparse.ArgumentTypeError(english("usage.at_least", value=text, low=f"{low:g}"))
            raise argparse.ArgumentTypeError(
                english("usage.out_of_range", value=text, low=f"{low:g}", high=f"{high:g}")
            )
        return value

    return parse


def _chains(prefix: str, **_: Any) -> list[str]:
    return [name for name in [*CHAINS, *ALIASES] if name.startswith(prefix)]


def add_network_options(p: argparse.ArgumentParser) -> None:
    """--chain, --json, --url and --timeout: one meaning in every command."""
    chain = p.add_argument(
        "--chain",
        "-c",
        metavar="CHAIN",
        help="chain name or alias, e.g. btc, eth, tron, bitcoin, erc20, trc20",
    )
    setattr(chain, "completer", _chains)  # noqa: B010 - read by argcomplete
    p.add_argument("--json", dest="json_out", action="store_true", help="print JSON, one object per line")
    p.add_argument(
        "--url",
        action="append",
        metavar="CHAIN=URL",
        help="use this provider for a chain (your node or explorer); repeat for fallbacks",
    )
    p.add_argument(
        "--timeout",
        type=ranged(float, 0.5, 120),
        metavar="S",
        help="seconds to wait for each request (default 10)",
    )


def add_lang_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--lang",
        metavar="LANG",
        help="en or zh (Simplified Chinese; also zh-CN, zh_CN, zh-Hans); default: TXDOCTOR_LANG, "
        "the config file, the locale",
    )


def _command(sub: Any, name: str, help: str, formatter: type[argparse.HelpFormatter]) -> Parser:
    parser: Parser = sub.add_parser(
        name,
        help=help,
        description=help[0].upper() + help[1:] + ".",
        epilog=EXAMPLES[name],
        formatter_class=formatter,
    )
    return parser


def _check(sub: Any, formatter: type[argparse.HelpFormatter]) -> None:
    check = _command(sub, "check", "diagnose transaction IDs, raw transactions or addresses", formatter)
    check.add_argument(
        "inputs", nargs="*", metavar="INPUT", help="txid, address, raw tx or explorer link; '-' reads stdin"
    )
    check.add_argument("--file", "-f", metavar="PATH", help="read inputs from a file, one per line")
    add_network_options(check)
    check.add_argument("--offline", action="store_true", help="no network: check formats only")
    check.add_argument(
        "--concurrency", type=ranged(int, 1, 64), metavar="N", help="requests in flight per host (default 10)"
    )
    check.add_argument(
        "--rate",
        type=ranged(float, 0),
        metavar="R",
        help="requests per second per host (default 10 for public hosts; 0 = unlimited)",
    )
    check.add_argument("--details", action="store_true", help="many inputs: full report for each problem")
    check.add_argument("--no-cache", action="store_true", help="do not use the on-disk cache")
    add_lang_option(check)
    check.add_argument(
        "--reply", action="store_true", help="print a reply to paste into the customer's ticket"
    )


def _watch(sub: Any, formatter: type[argparse.HelpFormatter]) -> None:
    watch = _command(sub, "watch", "re-check a transaction until it confirms", formatter)
    watch.add_argument("input", metavar="TXID", help="a transaction ID (or an explorer link to one)")
    watch.add_argument(
        "--confirmations", "-n", type=ranged(int, 1), default=1, metavar="N", help="stop at N (default 1)"
    )
    watch.add_argument(
        "--interval",
        type=ranged(float, 1),
        default=30.0,
        metavar="S",
        help="seconds between checks (default 30)",
    )
    watch.add_argument(
        "--max-wait",
        type=ranged(float, 1),
        default=3600.0,
        metavar="S",
        help="give up after S seconds (default 3600): says so, exit 4",
    )
    add_network_options(watch)
    add_lang_option(watch)
    # before --timeout meant "per request" everywhere, watch called it this
    watch.add_argument(
        "--request-timeout", dest="timeout", type=ranged(float, 0.5, 120), help=argparse.SUPPRESS
    )


def _config(sub: Any, formatter: type[argparse.HelpFormatter]) -> None:
    config = _command(sub, "config", "where the config file is, and the settings in effect", formatter)
    actions = config.add_subparsers(dest="action", metavar="ACTION", parser_class=Parser, required=True)
    path = actions.add_parser(
        "path",
        help="print where the config file is (or would be)",
        description="Print where the config file is, or would be ($TXDOCTOR_CONFIG, else the user's "
        "config directory).",
        epilog="examples:\n  txdoctor config path\n  txdoctor config path --json",
        formatter_class=formatter,
    )
    show = actions.add_parser(
        "show",
        help="the settings in effect (flags aside), each with where it comes from",
        description="The settings in effect (flags aside), each with where it comes from: an "
        "environment variable, the config file or the built-in default. Keys are never shown.",
        epilog="examples:\n  txdoctor config show\n  txdoctor config show --json",
        formatter_class=formatter,
    )
    for p in (path, show):
        p.add_argument("--json", dest="json_out", action="store_true", help="print JSON")


def build_parser(rich_help: bool = False) -> Parser:
    """The parser; ``rich_help`` formats help with rich-argparse (only loaded for --help)."""
    formatter: type[argparse.HelpFormatter] = argparse.RawDescriptionHelpFormatter
    if rich_help:
        from rich_argparse import RawDescriptionRichHelpFormatter

        formatter = RawDescriptionRichHelpFormatter
    parser = Parser(
        prog="txdoctor",
        description="Find out what happened to a crypto transfer, and why.",
        epilog=top_epilog() if rich_help else None,
        formatter_class=formatter,
    )
    parser.add_argument("--version", action="version", version=f"txdoctor {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    _check(sub, formatter)
    _watch(sub, formatter)
    fees = _command(sub, "fees", "fee levels and congestion now", formatter)
    add_network_options(fees)
    add_lang_option(fees)
    _config(sub, formatter)
    completion = _command(sub, "completion", "print the shell code for tab completion", formatter)
    completion.add_argument("shell", choices=["bash", "zsh", "fish"], help="your shell")
    _set_root(parser, parser)
    return parser


def _set_root(parser: argparse.ArgumentParser, root: Parser) -> None:
    parser.root = root  # type: ignore[attr-defined]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                _set_root(sub, root)


def wants_help(argv: Sequence[str]) -> bool:
    return not argv or any(a in ("-h", "--help") for a in argv)
