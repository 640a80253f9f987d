"""The command line: parse options, call diagnose, render, map to an exit code. Nothing else."""

from __future__ import annotations

import asyncio
import sys
from typing import Annotated

import typer

from txdoctor import __version__
from txdoctor.chains import UnknownChain, parse_url_option
from txdoctor.model import EXIT_INTERRUPTED, EXIT_USAGE

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
TimeoutOpt = Annotated[float, typer.Option("--timeout", min=0.5, max=120, help="Seconds per request.")]


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
    inputs: Annotated[list[str], typer.Argument(help="A transaction ID or an address.", show_default=False)],
    chain: ChainOpt = None,
    json_out: JsonOpt = False,
    offline: Annotated[bool, typer.Option("--offline", help="No network: check formats only.")] = False,
    url: UrlOpt = None,
    timeout: TimeoutOpt = 10.0,
) -> None:
    """Diagnose a transaction ID or an address: verdict, causes, next step."""
    from txdoctor.diagnose import Options, diagnose_many
    from txdoctor.render import FORMATS

    options = Options(chain=chain, offline=offline, urls=_parse_urls(url), timeout=timeout)
    try:
        results = asyncio.run(diagnose_many(list(inputs), options))
    except UnknownChain as err:
        raise _usage_error(str(err)) from None
    except KeyboardInterrupt:
        raise typer.Exit(EXIT_INTERRUPTED) from None
    fmt = ("json" if len(results) == 1 else "ndjson") if json_out else "text"
    for n, d in enumerate(results):
        if n and fmt == "text":
            typer.echo()
        FORMATS[fmt](d, sys.stdout)
    raise typer.Exit(max(d.exit_code for d in results))


@app.command()
def fees(
    chain: ChainOpt = "btc",
    json_out: JsonOpt = False,
    url: UrlOpt = None,
    timeout: TimeoutOpt = 10.0,
) -> None:
    """Fee levels and congestion on a chain now."""
    from txdoctor.netstate import fees_report, render_fees_json, render_fees_text

    try:
        report = asyncio.run(fees_report(chain or "btc", _parse_urls(url), timeout))
    except UnknownChain as err:
        raise _usage_error(str(err)) from None
    except ValueError as err:
        raise _usage_error(str(err)) from None
    except KeyboardInterrupt:
        raise typer.Exit(EXIT_INTERRUPTED) from None
    (render_fees_json if json_out else render_fees_text)(report, sys.stdout)
    raise typer.Exit(report.exit_code)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(EXIT_INTERRUPTED)
