"""The command line: parse options, call diagnose, render, map to an exit code. Nothing else.

Built on argparse: an offline check must start fast, and typer's import alone costs
more than the whole offline check (measured: docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NoReturn

from txdoctor import __version__
from txdoctor.chains import CHAINS, UnknownChain, parse_url_option
from txdoctor.model import EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:
    from txdoctor.config import Config
    from txdoctor.diagnose import Options


class UsageError(Exception):
    """Bad options or arguments: a message on stderr and exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message}\n{self.format_usage().strip()}")


def _ranged(kind: Callable[[str], float], low: float, high: float | None = None) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if value < low or (high is not None and value > high):
            bound = f"from {low:g} to {high:g}" if high is not None else f"at least {low:g}"
            raise argparse.ArgumentTypeError(f"{text} is out of range ({bound})")
        return value

    return parse


def _add_common(p: argparse.ArgumentParser, *, many: bool = True) -> None:
    p.add_argument("--chain", "-c", help=f"one of: {', '.join(CHAINS)}")
    p.add_argument("--json", dest="json_out", action="store_true", help="print JSON (docs/contract.md)")
    p.add_argument(
        "--url",
        action="append",
        metavar="CHAIN=URL",
        help="provider base URL for a chain; repeat for fallbacks",
    )
    p.add_argument(
        "--timeout" if many else "--request-timeout",
        dest="timeout",
        type=_ranged(float, 0.5, 120),
        help="seconds per request (default 10)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="txdoctor",
        description="Find out what happened to a crypto transfer, and why.",
        epilog="Exit codes: 0 confirmed/pending/valid, 1 a problem was diagnosed, 2 usage error, "
        "3 no provider reachable, 130 interrupted.",
    )
    parser.add_argument("--version", action="version", version=f"txdoctor {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = sub.add_parser("check", help="diagnose transaction IDs, raw transactions or addresses")
    check.add_argument("inputs", nargs="*", metavar="INPUT", help="txid, address, raw tx; '-' reads stdin")
    check.add_argument("--file", "-f", help="read inputs from a file, one per line")
    _add_common(check)
    check.add_argument("--offline", action="store_true", help="no network: check formats only")
    check.add_argument(
        "--concurrency", type=_ranged(int, 1, 64), help="requests in flight per host (default 10)"
    )
    check.add_argument(
        "--rate",
        type=_ranged(float, 0),
        help="requests per second per host (default 10 for public hosts; 0 = unlimited)",
    )
    check.add_argument("--details", action="store_true", help="many inputs: full report for each problem")
    check.add_argument("--no-cache", action="store_true", help="do not use the on-disk cache")
    check.add_argument(
        "--lang",
        help="en or zh (Simplified Chinese; also zh-CN, zh_CN, zh-Hans); default: TXDOCTOR_LANG, "
        "the config file, the locale",
    )
    check.add_argument(
        "--reply", action="store_true", help="print a reply to paste into the customer's ticket"
    )

    watch = sub.add_parser("watch", help="re-check a transaction until it confirms")
    watch.add_argument("input", metavar="INPUT", help="a transaction ID")
    watch.add_argument("--confirmations", "-n", type=_ranged(int, 1), default=1, help="stop at N (default 1)")
    watch.add_argument(
        "--interval", type=_ranged(float, 1), default=30.0, help="seconds between checks (default 30)"
    )
    watch.add_argument(
        "--timeout", dest="watch_timeout", type=_ranged(float, 1), default=3600.0, help="give up after S"
    )
    _add_common(watch, many=False)

    fees = sub.add_parser("fees", help="fee levels and congestion now")
    _add_common(fees)

    config = sub.add_parser("config", help="where the config file is, and what it holds")
    config.add_argument("action", choices=["path", "show"])
    config.add_argument("--json", dest="json_out", action="store_true")
    return parser


# ------------------------------------------------------------------ helpers


def _parse_urls(values: Sequence[str] | None) -> dict[str, list[str]]:
    urls: dict[str, list[str]] = {}
    for value in values or []:
        try:
            chain, url = parse_url_option(value)
        except (ValueError, UnknownChain) as err:
            raise UsageError(str(err)) from None
        urls.setdefault(chain, []).append(url)
    return urls


def _load_config() -> Config:
    from txdoctor.config import ConfigError, load_config

    try:
        config = load_config()
    except ConfigError as err:
        raise UsageError(str(err)) from None
    for warning in config.warnings():
        print(f"txdoctor: warning: {warning}", file=sys.stderr)
    return config


def _options(args: argparse.Namespace, *, offline: bool = False, cache: bool = True) -> Options:
    """Settings by precedence: flag > environment > config file > built-in default."""
    from txdoctor.chains import get_chain
    from txdoctor.diagnose import Options

    if args.chain:
        try:
            get_chain(args.chain)
        except UnknownChain as err:
            raise UsageError(str(err)) from None
    config = _load_config()
    rate = getattr(args, "rate", None)
    options = Options(
        chain=args.chain,
        offline=offline,
        urls=_parse_urls(args.url),
        timeout=args.timeout or config.timeout or 10.0,
        concurrency=getattr(args, "concurrency", None) or config.concurrency,
        rate=rate if rate is not None else config.rate,
        cache_dir=_cache_dir() if cache and not offline else None,
        state_ttl=_state_ttl(config.state_ttl),
        config_urls=config.providers,
        api_keys=dict(config.keys),
        lang=_lang(getattr(args, "lang", None), config) if hasattr(args, "reply") else "en",
    )
    if not offline:
        _validate_urls(options)
    return options


def _lang(flag: str | None, config: Config) -> str:
    """flag > TXDOCTOR_LANG > config file > locale > English."""
    import os

    from txdoctor.messages import UnsupportedLanguage, resolve_lang

    try:
        return resolve_lang(flag, os.environ, config.lang)
    except UnsupportedLanguage as err:
        raise UsageError(str(err)) from None


def _validate_urls(options: Options) -> None:
    """Every provider URL (flag, environment, config) checked alike, before any request."""
    from txdoctor.chains import ProviderConfig
    from txdoctor.urls import InvalidUrl

    try:
        ProviderConfig(options.urls, options.environ, options.config_urls).validate()
    except InvalidUrl as err:
        raise UsageError(str(err)) from None


def _state_ttl(configured: float | None) -> float:
    """TXDOCTOR_STATE_TTL > [defaults] state_ttl > 10 s (txdoctor.statecache)."""
    env = os.environ.get("TXDOCTOR_STATE_TTL", "").strip()
    if env:
        try:
            return max(0.0, float(env))
        except ValueError:
            raise UsageError(f"TXDOCTOR_STATE_TTL={env!r} is not a number of seconds") from None
    return configured if configured is not None else 10.0


def _cache_dir() -> str:
    from txdoctor.cache import default_cache_dir  # not on the offline path

    return default_cache_dir()


# ----------------------------------------------------------------- commands


def _check(args: argparse.Namespace) -> int:
    from txdoctor.inputs import gather_inputs, open_input_file
    from txdoctor.runner import run_check

    if not args.inputs and args.file is None:
        raise UsageError("give a transaction ID or address, '-' for stdin, or --file PATH")
    options = _options(args, offline=args.offline, cache=not args.no_cache)
    single = len(args.inputs) == 1 and args.inputs[0] != "-" and args.file is None
    file = None
    if args.file is not None:
        try:
            file = open_input_file(args.file)
        except OSError as err:
            raise UsageError(f"cannot read --file {args.file}: {err.strerror}") from None
    try:
        return run_check(
            gather_inputs(args.inputs, file, sys.stdin),
            options,
            single=single,
            json_out=args.json_out,
            details=args.details,
            reply=args.reply,
        )
    finally:
        if file is not None:
            file.close()


def _watch(args: argparse.Namespace) -> int:
    from txdoctor.runner import run_watch

    return run_watch(
        args.input,
        _options(args, cache=False),
        confirmations=int(args.confirmations),
        interval=args.interval,
        timeout=args.watch_timeout,
        json_out=args.json_out,
    )


def _fees(args: argparse.Namespace) -> int:
    import asyncio

    from txdoctor.netstate import fees_report, render_fees_json, render_fees_text

    try:
        report = asyncio.run(fees_report(_options(args, cache=False)))
    except ValueError as err:
        raise UsageError(str(err)) from None
    (render_fees_json if args.json_out else render_fees_text)(report, sys.stdout)
    return report.exit_code


def _config(args: argparse.Namespace) -> int:
    import json

    from txdoctor.config import EXAMPLE, config_path

    if args.action == "path":
        print(config_path())
        return EXIT_OK
    config = _load_config()
    data = config.redacted()
    if args.json_out:
        print(json.dumps(data, indent=2))
        return EXIT_OK
    print(f"# {data['path']}" + ("" if config.exists else " (does not exist; an example follows)"))
    if not config.exists:
        print(EXAMPLE)
        return EXIT_OK
    print("[defaults]")
    for k, v in data["defaults"].items():
        if v is not None:
            print(f"{k} = {v}")
    print("[providers]")
    for c, urls in data["providers"].items():
        print(f"{c} = {json.dumps(urls)}")
    print("[keys]")
    for k in data["keys"]:
        print(f'{k} = "***"')
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "check": _check,
    "watch": _watch,
    "fees": _fees,
    "config": _config,
}


def app(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (never raises for bad input)."""
    from txdoctor.render.safe import clean_arg, printable

    parser = build_parser()
    try:
        args = parser.parse_args([clean_arg(a) for a in (sys.argv[1:] if argv is None else argv)])
        if args.command is None:
            parser.print_help()
            return EXIT_USAGE
        return COMMANDS[args.command](args)
    except UsageError as err:
        message = "\n".join(printable(line) for line in str(err).split("\n"))
        print(f"txdoctor: {message}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # help or config output into `| head`: nothing more to say
        return EXIT_OK
    except KeyboardInterrupt:
        sys.stdout.flush()
        print("txdoctor: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def _run() -> int:
    from txdoctor.render.safe import silence, utf8_stdio

    utf8_stdio()
    code = app()
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader left early (`| head -1`): exit as if all was written
        silence(sys.stdout)
    return code


def main() -> None:
    sys.exit(_run())


def run() -> NoReturn:
    """The console script: ``main()``, then leave without the interpreter's teardown (freeing
    every module costs 40-70 ms) once the output is flushed. Safe here: by then the event
    loop and its threads are closed and every file written; a cache write is atomic."""
    code = _run()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing left to tell
            stream.flush()
    os._exit(code)
