"""The command line: parse options, call diagnose, render, map to an exit code. Nothing else."""

from __future__ import annotations

import asyncio
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from txdoctor import __version__
from txdoctor.chains import UnknownChain, parse_url_option
from txdoctor.model import EXIT_INTERRUPTED, EXIT_USAGE

if TYPE_CHECKING:
    from txdoctor.config import Config
    from txdoctor.diagnose import Options

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Find out what happened to a crypto transfer, and why.",
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

ChainOpt = Annotated[
    str | None,
    typer.Option(
        "--chain", "-c", help="btc, btc-testnet, btc-testnet4, btc-signet, btc-regtest (addresses) …"
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON (see docs/contract.md).")]
UrlOpt = Annotated[
    list[str] | None,
    typer.Option("--url", help="Provider base URL for a chain, CHAIN=URL; repeat for fallbacks."),
]
TimeoutOpt = Annotated[
    float | None, typer.Option("--timeout", min=0.5, max=120, help="Seconds per request (default 10).")
]


ConcurrencyOpt = Annotated[
    int | None,
    typer.Option("--concurrency", min=1, max=64, help="Requests in flight per host (default 6)."),
]
RateOpt = Annotated[
    float | None,
    typer.Option(
        "--rate", min=0, help="Requests per second per host (default 10 for public hosts, 0 = unlimited)."
    ),
]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help="Do not use the on-disk cache.")]


def _load_config() -> Config:
    from txdoctor.config import ConfigError, load_config

    try:
        config = load_config()
    except ConfigError as err:
        raise _usage_error(str(err)) from None
    for warning in config.warnings():
        typer.echo(f"txdoctor: warning: {warning}", err=True)
    return config


def _options(
    chain: str | None,
    offline: bool,
    url: list[str] | None,
    timeout: float | None,
    concurrency: int | None,
    rate: float | None,
    no_cache: bool,
) -> Options:
    """Settings by precedence: flag > environment > config file > built-in default."""
    from txdoctor.cache import default_cache_dir
    from txdoctor.chains import get_chain
    from txdoctor.diagnose import Options

    if chain:
        try:
            get_chain(chain)
        except UnknownChain as err:
            raise _usage_error(str(err)) from None
    config = _load_config()
    return Options(
        chain=chain,
        offline=offline,
        urls=_parse_urls(url),
        timeout=timeout or config.timeout or 10.0,
        concurrency=concurrency or config.concurrency,
        rate=rate if rate is not None else config.rate,
        cache_dir=None if (no_cache or offline) else default_cache_dir(),
        config_urls=config.providers,
    )


def _usage_error(message: str) -> typer.Exit:
    typer.echo(f"txdoctor: {message}", err=True)
    return typer.Exit(EXIT_USAGE)


def _parse_urls(values: list[str] | None) -> dict[str, list[str]]:
    urls: dict[str, list[str]] = {}
    for value in values or []:
        try:
            chain, url = parse_url_option(value)
        except (ValueError, UnknownChain) as err:
            raise _usage_error(str(err)) from None
        urls.setdefault(chain, []).append(url)
    return urls


def _version(value: bool) -> None:
    if value:
        typer.echo(f"txdoctor {__version__}")
        raise typer.Exit(0)


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Find out what happened to a crypto transfer, and why."""


@app.command()
def check(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            help="Transaction IDs or addresses; '-' reads one per line from stdin.", show_default=False
        ),
    ] = None,
    file: Annotated[
        typer.FileText | None, typer.Option("--file", "-f", help="Read inputs from a file, one per line.")
    ] = None,
    chain: ChainOpt = None,
    json_out: JsonOpt = False,
    offline: Annotated[bool, typer.Option("--offline", help="No network: check formats only.")] = False,
    url: UrlOpt = None,
    timeout: TimeoutOpt = None,
    concurrency: ConcurrencyOpt = None,
    rate: RateOpt = None,
    details: Annotated[
        bool, typer.Option("--details", help="With many inputs: the full report for each problem.")
    ] = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """Diagnose transaction IDs or addresses: verdict, causes, next step."""
    from txdoctor.batch import gather_inputs
    from txdoctor.runner import run_check

    args = list(inputs or [])
    if not args and file is None:
        raise _usage_error("give a transaction ID or address, '-' for stdin, or --file PATH")
    options = _options(chain, offline, url, timeout, concurrency, rate, no_cache)
    single = len(args) == 1 and args[0] != "-" and file is None
    try:
        code = run_check(
            gather_inputs(args, file, sys.stdin), options, single=single, json_out=json_out, details=details
        )
    except KeyboardInterrupt:
        sys.stdout.flush()
        raise typer.Exit(EXIT_INTERRUPTED) from None
    raise typer.Exit(code)


@app.command()
def watch(
    input_: Annotated[str, typer.Argument(metavar="INPUT", help="A transaction ID.", show_default=False)],
    confirmations: Annotated[int, typer.Option("--confirmations", "-n", min=1, help="Stop at N.")] = 1,
    interval: Annotated[float, typer.Option("--interval", min=1.0, help="Seconds between checks.")] = 30.0,
    watch_timeout: Annotated[
        float, typer.Option("--timeout", min=1.0, help="Give up after this many seconds.")
    ] = 3600.0,
    chain: ChainOpt = None,
    json_out: Annotated[bool, typer.Option("--json", help="One JSON line per change.")] = False,
    url: UrlOpt = None,
    request_timeout: Annotated[
        float, typer.Option("--request-timeout", min=0.5, max=120, help="Seconds per request.")
    ] = 10.0,
) -> None:
    """Re-check a transaction until it has N confirmations (or is replaced, fails, or times out)."""
    from txdoctor.runner import run_watch

    options = _options(chain, False, url, request_timeout, None, None, True)
    try:
        code = run_watch(
            input_,
            options,
            confirmations=confirmations,
            interval=interval,
            timeout=watch_timeout,
            json_out=json_out,
        )
    except KeyboardInterrupt:
        sys.stdout.flush()
        raise typer.Exit(EXIT_INTERRUPTED) from None
    raise typer.Exit(code)


@app.command()
def fees(
    chain: ChainOpt = "btc",
    json_out: JsonOpt = False,
    url: UrlOpt = None,
    timeout: TimeoutOpt = None,
) -> None:
    """Fee levels and congestion on a chain now."""
    from txdoctor.netstate import fees_report, render_fees_json, render_fees_text

    options = _options(chain, False, url, timeout, None, None, True)
    try:
        report = asyncio.run(fees_report(options))
    except UnknownChain as err:
        raise _usage_error(str(err)) from None
    except ValueError as err:
        raise _usage_error(str(err)) from None
    except KeyboardInterrupt:
        raise typer.Exit(EXIT_INTERRUPTED) from None
    (render_fees_json if json_out else render_fees_text)(report, sys.stdout)
    raise typer.Exit(report.exit_code)


config_app = typer.Typer(help="Show where the config file is and what it holds (keys redacted).")
app.add_typer(config_app, name="config")


@config_app.command("path")
def config_path_cmd() -> None:
    """Print the config file's path."""
    from txdoctor.config import config_path

    typer.echo(str(config_path()))


@config_app.command("show")
def config_show(json_out: JsonOpt = False) -> None:
    """Print the effective config file, with API keys and credentials redacted."""
    import json

    from txdoctor.config import EXAMPLE

    config = _load_config()
    if json_out:
        typer.echo(json.dumps(config.redacted(), indent=2))
        return
    data = config.redacted()
    typer.echo(f"# {data['path']}" + ("" if config.exists else " (does not exist; an example follows)"))
    if not config.exists:
        typer.echo(EXAMPLE)
        return
    typer.echo("[defaults]")
    for k, v in data["defaults"].items():
        if v is not None:
            typer.echo(f"{k} = {v}")
    typer.echo("[providers]")
    for c, urls in data["providers"].items():
        typer.echo(f"{c} = {json.dumps(urls)}")
    typer.echo("[keys]")
    for k in data["keys"]:
        typer.echo(f'{k} = "***"')


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(EXIT_INTERRUPTED)
