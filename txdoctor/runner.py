"""What `check` and `watch` do between parsing options and exiting: no option parsing here."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, TextIO

from txdoctor.core.chains import CHAINS
from txdoctor.core.dispatch import diagnose_input, diagnose_one, internal_error, run_coroutine
from txdoctor.core.families import family_of
from txdoctor.core.session import Options, Session
from txdoctor.model import (
    EXIT_OK,
    EXIT_TIMED_OUT,
    EXIT_USAGE,
    Category,
    Diagnosis,
    Severity,
    Verdict,
)
from txdoctor.render import render_json, render_text
from txdoctor.render.safe import printable, silence

if TYPE_CHECKING:
    from txdoctor.render.table import TableRenderer


def run_check(
    inputs: Iterable[str],
    options: Options,
    *,
    single: bool,
    json_out: bool,
    details: bool,
    reply: bool = False,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Diagnose the inputs, print as they finish (in input order); return the worst exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    worst = EXIT_OK
    table = None
    if not (single or json_out or reply):
        from txdoctor.render.table import TableRenderer

        table = TableRenderer(out, details=details, lang=options.lang)

    def show(d: Diagnosis) -> None:
        if reply or options.lang != "en":
            from txdoctor.render.reply import localize, render_reply

            d = localize(d, options.lang, reply=reply)
            if reply and not json_out:
                render_reply(d, out, separate=not single)
                return
        if json_out:
            render_json(d, out)
        elif table is not None:
            table.row(d)
        else:
            render_text(d, out)

    def emit(d: Diagnosis) -> None:
        nonlocal worst
        worst = max(worst, d.exit_code)  # first: a closed pipe while showing it still counts it
        try:
            show(d)
        except (ValueError, TypeError, OverflowError) as exc:  # still one result for this input
            d = internal_error(d.input, exc)
            worst = max(worst, d.exit_code)
            show(d)

    try:
        if single:
            (text,) = inputs
            emit(_single(text, options))
        else:
            _batch(inputs, options, emit, err, table)
    except BrokenPipeError:  # the reader left (`| head -1`): stop quietly, exit as if all was written
        silence(out)
    return worst


def _single(text: str, options: Options) -> Diagnosis:
    try:
        return run_coroutine(lambda: diagnose_one(text, options), options.offline)
    except Exception as exc:
        return internal_error(text, exc)


def _batch(
    inputs: Iterable[str],
    options: Options,
    emit: Callable[[Diagnosis], None],
    err: TextIO,
    table: TableRenderer | None,
) -> None:
    import asyncio

    from txdoctor.batch import new_loop, run_batch

    options = replace(options, speculative=False)
    progress = _progress(err, options.lang)
    try:
        with asyncio.Runner(loop_factory=new_loop) as runner:  # asyncio.run, on the batch's loop
            counts = runner.run(
                run_batch(inputs, options, emit, on_progress=progress.advance if progress else None)
            )
    finally:
        if progress is not None:
            progress.stop()
    if table is not None:
        table.summary(counts)


class _Progress:
    """A progress line on stderr, only when stderr is a terminal."""

    def __init__(self, err: TextIO, lang: str = "en") -> None:
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        from txdoctor.render.words import progress_label

        self._progress = Progress(
            SpinnerColumn(),
            TextColumn(progress_label(lang)),
            TimeElapsedColumn(),
            console=Console(file=err),
            transient=True,
        )
        self._task = self._progress.add_task("check", total=None)
        self._progress.start()

    def advance(self, done: int) -> None:
        self._progress.update(self._task, completed=done)

    def stop(self) -> None:
        self._progress.stop()


def _progress(err: TextIO, lang: str = "en") -> _Progress | None:
    return _Progress(err, lang) if err.isatty() else None


# -------------------------------------------------------------------- watch

FINAL = {Verdict.REPLACED, Verdict.FAILED, Verdict.INVALID, Verdict.REFUSED}


def _signature(d: Diagnosis) -> tuple[object, ...]:
    return (d.verdict, d.facts.get("confirmations"), tuple(sorted(f.code for f in d.findings)))


def watch_done(d: Diagnosis, confirmations: int) -> bool:
    if d.verdict in FINAL:
        return True
    confs = d.facts.get("confirmations")
    return d.verdict is Verdict.CONFIRMED and isinstance(confs, int) and confs >= confirmations


def status_line(d: Diagnosis, lang: str = "en") -> str:
    """``pending · projected block 3 · 4.3 sat/vB vs next block 2`` in ``lang`` (the catalog's
    ``watch.*``; watch is online, so reading the catalog costs nothing that counts)."""
    from txdoctor.messages import catalog

    cat = catalog(lang)
    parts = [d.verdict.value if lang == "en" else cat.text(f"verdict.{d.verdict.value}")]
    if d.facts.get("confirmations"):
        parts.append(cat.text("watch.confirmations", count=d.facts["confirmations"]))
    if d.chain in CHAINS:  # what the chain's family says of its findings (the fee against the next block)
        hooks = family_of(CHAINS[d.chain]).hooks()
        for finding in d.findings:
            parts += [cat.text(t.key, **t.values) for t in hooks.watch_parts(finding)]
    return printable(cat.text("watch.separator").join(parts))


async def watch(
    text: str,
    options: Options,
    confirmations: int,
    interval: float,
    timeout: float,
    on_change: Callable[[Diagnosis], None],
    on_tick: Callable[[Diagnosis], None] | None = None,
) -> Diagnosis:
    """Re-check until done or timed out; call on_change with each diagnosis that differs."""
    deadline = time.monotonic() + timeout
    last: tuple[object, ...] | None = None
    while True:
        async with Session(options) as session:
            d = await diagnose_input(session, text)
        sig = _signature(d)
        if sig != last:
            on_change(d)
            last = sig
        if on_tick is not None:
            on_tick(d)
        if watch_done(d, confirmations) or d.exit_code >= 2:
            return d
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return d
        import asyncio

        await asyncio.sleep(min(interval, remaining))


def timed_out(final: Diagnosis, confirmations: int, max_wait: float) -> Diagnosis:
    """The last result, with a finding that says watch gave up before its goal."""
    from txdoctor.core.findings import finding
    from txdoctor.messages import Term

    confs = final.facts.get("confirmations")
    got = confs if isinstance(confs, int) else 0
    gave_up = finding(
        "WATCH_TIMED_OUT",
        Category.STATUS,
        Severity.WARNING,
        {"max_wait_s": max_wait, "confirmations": got, "confirmations_wanted": confirmations},
        None,
        seconds=f"{max_wait:g}",
        wanted=Term("finding.WATCH_TIMED_OUT.wanted", count=confirmations),
        state=Term(f"watch.state.{final.verdict.value}"),
        input=final.input,
    )
    return replace(final, findings=(*final.findings, gave_up))


def _in(d: Diagnosis, lang: str) -> Diagnosis:
    """``d`` in ``lang``: its findings' words too (as ``check`` does)."""
    if lang == "en":
        return replace(d, lang=lang)
    from txdoctor.render.reply import localize

    return localize(d, lang, reply=False)


def run_watch(
    text: str,
    options: Options,
    *,
    confirmations: int,
    interval: float,
    max_wait: float,
    json_out: bool,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Watch until the goal (exit code of the last result) or --max-wait (says so; EXIT_TIMED_OUT)."""
    out = out or sys.stdout
    err = err or sys.stderr
    live = err.isatty() and not json_out

    def on_change(d: Diagnosis) -> None:
        if json_out:
            render_json(_in(d, options.lang), out)

    def on_tick(d: Diagnosis) -> None:
        if live:
            err.write(f"\r\x1b[2K{status_line(d, options.lang)}")
            err.flush()

    import asyncio

    final = asyncio.run(watch(text, options, confirmations, interval, max_wait, on_change, on_tick))
    if live:
        err.write("\r\x1b[2K")
    code = final.exit_code
    if not (watch_done(final, confirmations) or code >= EXIT_USAGE):
        final, code = timed_out(final, confirmations, max_wait), EXIT_TIMED_OUT
        if json_out:
            render_json(_in(final, options.lang), out)  # the last line says it timed out
        from txdoctor.messages import catalog

        gave_up = catalog(options.lang).text("watch.timed_out", seconds=f"{max_wait:g}")
        print(f"txdoctor: {gave_up}", file=err)
    final = _in(final, options.lang)
    try:
        if not json_out:
            render_text(final, out)
    except BrokenPipeError:
        silence(out)
    return code
