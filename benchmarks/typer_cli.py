"""txdoctor's command line written with typer, for benchmarks/cli_startup.py only.

The same commands and options as txdoctor.cli (check, watch, fees, config), each
collected into the same argparse.Namespace and handed to the same command function, so
the only difference measured is the option-parsing library. Needs typer installed
(`.venv/bin/pip install typer`); it is not a dependency of txdoctor.
"""

from __future__ import annotations

import argparse
import sys
from typing import Annotated

import typer

from txdoctor import cli

app = typer.Typer(add_completion=True, no_args_is_help=True, help="What happened to a crypto transfer.")

Chain = Annotated[str | None, typer.Option("--chain", "-c", help="chain name or alias")]
Json = Annotated[bool, typer.Option("--json", help="print JSON")]
Urls = Annotated[list[str] | None, typer.Option("--url", help="CHAIN=URL; repeat for fallbacks")]
Timeout = Annotated[float | None, typer.Option("--timeout", min=0.5, max=120, help="seconds per request")]


def run(command: str, **values: object) -> None:
    args = argparse.Namespace(command=command, **values)
    raise typer.Exit(cli.COMMANDS[command](args))


@app.command()
def check(
    inputs: Annotated[list[str] | None, typer.Argument(help="txid, address, raw tx; '-' reads stdin")] = None,
    file: Annotated[str | None, typer.Option("--file", "-f", help="inputs from a file")] = None,
    chain: Chain = None,
    json_out: Json = False,
    url: Urls = None,
    timeout: Timeout = None,
    offline: Annotated[bool, typer.Option("--offline", help="no network")] = False,
    concurrency: Annotated[int | None, typer.Option(min=1, max=64)] = None,
    rate: Annotated[float | None, typer.Option(min=0)] = None,
    details: Annotated[bool, typer.Option("--details")] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache")] = False,
    lang: Annotated[str | None, typer.Option("--lang")] = None,
    reply: Annotated[bool, typer.Option("--reply")] = False,
) -> None:
    """Diagnose transaction IDs, raw transactions or addresses."""
    run(
        "check",
        inputs=inputs or [],
        file=file,
        chain=chain,
        json_out=json_out,
        url=url,
        timeout=timeout,
        offline=offline,
        concurrency=concurrency,
        rate=rate,
        details=details,
        no_cache=no_cache,
        lang=lang,
        reply=reply,
    )


@app.command()
def watch(
    input: str,
    confirmations: Annotated[int, typer.Option("--confirmations", "-n", min=1)] = 1,
    interval: Annotated[float, typer.Option(min=1)] = 30.0,
    max_wait: Annotated[float, typer.Option("--max-wait", min=1)] = 3600.0,
    chain: Chain = None,
    json_out: Json = False,
    url: Urls = None,
    timeout: Timeout = None,
) -> None:
    """Re-check a transaction until it confirms."""
    run(
        "watch",
        input=input,
        confirmations=confirmations,
        interval=interval,
        max_wait=max_wait,
        chain=chain,
        json_out=json_out,
        url=url,
        timeout=timeout,
    )


@app.command()
def fees(chain: Chain = None, json_out: Json = False, url: Urls = None, timeout: Timeout = None) -> None:
    """Fee levels and congestion now."""
    run("fees", chain=chain, json_out=json_out, url=url, timeout=timeout)


@app.command()
def config(action: str, json_out: Json = False) -> None:
    """Where the config file is, and what it holds."""
    run("config", action=action, json_out=json_out)


if __name__ == "__main__":
    sys.exit(app())
