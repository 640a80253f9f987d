"""The command line: parse options, call diagnose, render, map to an exit code. Nothing else.

The grammar (commands, options, help, suggestions) is in txdoctor.cliparser.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NoReturn

from txdoctor.cliparser import UsageError, build_parser, wants_help
from txdoctor.core.chains import UnknownChain, parse_url_option
from txdoctor.model import EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:
    from txdoctor.config import Config
    from txdoctor.core.session import Options
    from txdoctor.messages import Term

__all__ = ["COMMANDS", "UsageError", "app", "main"]


# ------------------------------------------------------------------ helpers


def _parse_urls(values: Sequence[str] | None) -> dict[str, list[str]]:
    urls: dict[str, list[str]] = {}
    for value in values or []:
        try:
            chain, url = parse_url_option(value)
        except (ValueError, UnknownChain) as err:
            raise UsageError.wrap(err) from None
        urls.setdefault(chain, []).append(url)
    return urls


def _load_config(lang_flag: str | None = None) -> Config:
    from txdoctor.config import ConfigError, load_config

    try:
        config = load_config()
    except ConfigError as err:
        raise UsageError.wrap(err) from None
    warnings = config.warning_terms()
    if warnings:
        _warn(warnings, lang_flag)
    return config


def _warn(warnings: Sequence[Term], lang_flag: str | None) -> None:
    """The config file's warnings, in the language asked for (as usage errors are: the flag,
    the environment, the config file, the locale)."""
    from txdoctor.cliwords import error_lang
    from txdoctor.messages import catalog
    from txdoctor.render.safe import printable

    cat = catalog(error_lang(["--lang", lang_flag] if lang_flag else []))
    for term in warnings:
        print(f"txdoctor: {printable(cat.text('usage.config.warning', text=term))}", file=sys.stderr)


def _options(args: argparse.Namespace, *, offline: bool = False, cache: bool = True) -> Options:
    """Settings by precedence: flag > environment > config file > built-in default."""
    from txdoctor.config import DEFAULTS
    from txdoctor.core.chains import get_chain
    from txdoctor.core.session import Options

    chain = None
    if args.chain:
        try:
            chain = get_chain(args.chain).name  # an alias (bitcoin, erc20, trc20, …) becomes the name
        except UnknownChain as err:
            raise UsageError.wrap(err) from None
    config = _load_config(getattr(args, "lang", None))
    rate = getattr(args, "rate", None)
    options = Options(
        chain=chain,
        offline=offline,
        urls=_parse_urls(args.url),
        timeout=args.timeout or config.timeout or DEFAULTS["timeout"],
        concurrency=getattr(args, "concurrency", None) or config.concurrency,
        rate=rate if rate is not None else config.rate,
        cache_dir=_cache_dir() if cache and not offline else None,
        state_ttl=_state_ttl(config.state_ttl),
        config_urls=config.providers,
        api_keys=dict(config.keys),
        lang=_lang(args.lang, config) if hasattr(args, "lang") else "en",
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
        raise UsageError.wrap(err) from None


def _validate_urls(options: Options) -> None:
    """Every provider URL (flag, environment, config) checked alike, before any request."""
    from txdoctor.core.chains import ProviderConfig
    from txdoctor.core.net.urls import InvalidUrl

    try:
        ProviderConfig(options.urls, options.environ, options.config_urls).validate()
    except InvalidUrl as err:
        raise UsageError.wrap(err) from None


def _state_ttl(configured: float | None) -> float:
    """TXDOCTOR_STATE_TTL > [defaults] state_ttl > 10 s (txdoctor.core.statecache)."""
    env = os.environ.get("TXDOCTOR_STATE_TTL", "").strip()
    if env:
        try:
            return max(0.0, float(env))
        except ValueError:
            raise UsageError.of("usage.state_ttl", value=repr(env)) from None
    return configured if configured is not None else 10.0


def _cache_dir() -> str:
    from txdoctor.config import default_cache_dir

    return default_cache_dir()


# ----------------------------------------------------------------- commands


def _check(args: argparse.Namespace) -> int:
    from txdoctor.inputs import gather_inputs, open_input_file
    from txdoctor.runner import run_check

    if not args.inputs and args.file is None:
        raise UsageError.of("usage.no_input")
    options = _options(args, offline=args.offline, cache=not args.no_cache)
    single = len(args.inputs) == 1 and args.inputs[0] != "-" and args.file is None
    file = None
    if args.file is not None:
        try:
            file = open_input_file(args.file)
        except OSError as err:
            from txdoctor.cliwords import os_reason

            raise UsageError.of("usage.cannot_read_file", path=args.file, reason=os_reason(err)) from None
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
    from txdoctor.core.classify import classify
    from txdoctor.model import Kind
    from txdoctor.runner import run_watch

    if classify(args.input).kind is Kind.ADDRESS:
        raise UsageError.of("usage.watch_address", input=args.input)
    return run_watch(
        args.input,
        _options(args, cache=False),
        confirmations=int(args.confirmations),
        interval=args.interval,
        max_wait=args.max_wait,
        json_out=args.json_out,
    )


def _fees(args: argparse.Namespace) -> int:
    import asyncio

    from txdoctor.fees_command import fees_report, render_fees_json, render_fees_text

    options = _options(args, cache=False)
    try:
        report = asyncio.run(fees_report(options))
    except ValueError as err:
        raise UsageError.wrap(err) from None
    if args.json_out:
        render_fees_json(report, sys.stdout)
    else:
        render_fees_text(report, sys.stdout, options.lang)
    return report.exit_code


def _config(args: argparse.Namespace) -> int:
    import json

    from txdoctor.config import config_path

    if args.action == "path":
        path = config_path()
        print(json.dumps({"path": str(path), "exists": path.is_file()}) if args.json_out else path)
        return EXIT_OK
    from txdoctor.settings import show_json, show_text

    config = _load_config(getattr(args, "lang", None))
    print((show_json if args.json_out else show_text)(config))
    return EXIT_OK


def _completion(args: argparse.Namespace) -> int:
    from argcomplete.shell_integration import shellcode

    sys.stdout.write(shellcode(["txdoctor"], shell=args.shell))
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "check": _check,
    "watch": _watch,
    "fees": _fees,
    "config": _config,
    "completion": _completion,
}


def _complete(parser: argparse.ArgumentParser) -> None:
    """Answer the shell's tab completion (argcomplete) when it is the one asking; else nothing."""
    if "_ARGCOMPLETE" in os.environ:
        import argcomplete

        argcomplete.autocomplete(parser)


def app(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (never raises for bad input)."""
    from txdoctor.render.safe import clean_arg

    argv = [clean_arg(a) for a in (sys.argv[1:] if argv is None else argv)]
    parser = build_parser(rich_help=wants_help(argv))
    _complete(parser)
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help()
            return EXIT_USAGE
        return COMMANDS[args.command](args)
    except UsageError as err:
        print(f"txdoctor: {_said(err, argv)}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # help or config output into `| head`: nothing more to say
        return EXIT_OK
    except KeyboardInterrupt:
        sys.stdout.flush()
        print(f"txdoctor: {_words('usage.interrupted', argv)}", file=sys.stderr)
        return EXIT_INTERRUPTED


def _said(err: UsageError, argv: Sequence[str]) -> str:
    """The usage error in the language asked for (txdoctor.cliwords), printable, no secret in it."""
    from txdoctor.cliwords import error_lang, said
    from txdoctor.messages import catalog
    from txdoctor.render.safe import printable

    lang = error_lang(argv)
    text = _without_secrets(said(err, lang), argv, catalog(lang).text("usage.redacted_arg"))
    return "\n".join(printable(line) for line in text.split("\n"))


def _words(key: str, argv: Sequence[str]) -> str:
    from txdoctor.cliwords import error_lang
    from txdoctor.messages import catalog

    return catalog(error_lang(argv)).text(key)


def _without_secrets(message: str, argv: Sequence[str], redacted: str) -> str:
    """A usage error never echoes a key or seed phrase given where an option or command was
    expected (`txdoctor <WIF>` without `check`, `--chain <seed phrase>`)."""
    from txdoctor.core.secrets import detect_secret

    for arg in sorted(set(argv), key=len, reverse=True):
        if arg in message and (len(arg) >= 50 or " " in arg.strip()) and detect_secret(arg):
            message = message.replace(arg, redacted)
    return message


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
