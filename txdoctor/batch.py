"""Many inputs: read lazily, diagnose concurrently, emit in input order, lose nothing.

Memory stays bounded whatever the length of the input: at most `window` inputs are in
flight, results leave as soon as their turn comes, and duplicates are recognised
within a bounded recent-results cache (looked up once, reported for each occurrence).
"""

from __future__ import annotations

import asyncio
import re
from collections import Counter, OrderedDict, deque
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from txdoctor.core.dispatch import diagnose_input, internal_error
from txdoctor.core.session import Options, Session
from txdoctor.feed import EMPTY, End, feed_for
from txdoctor.inputs import gather_inputs, read_inputs
from txdoctor.model import Diagnosis, Verdict

__all__ = ["gather_inputs", "new_loop", "read_inputs", "run_batch"]

DEFAULT_WINDOW = 128
BATCH_CLIENT = "aiohttp"  # the HTTP client of a batch (Options.http_client "auto"); see http_clients
RECENT = 4096


_HEXISH = re.compile("[0-9a-fA-Fx]*")


def new_loop() -> asyncio.AbstractEventLoop:
    """A batch's event loop: uvloop's where it is installed (Linux and macOS; the loop's own work
    per request is about a fifth less: docs/benchmarks.md), else asyncio's own."""
    try:
        import uvloop
    except ImportError:
        return asyncio.new_event_loop()
    return uvloop.new_event_loop()


def _key(text: str) -> str:
    stripped = text.strip()
    return stripped.lower() if _HEXISH.fullmatch(stripped) else stripped


class _Batch:
    """One run's state: inputs in flight (in input order) and recent lookups (duplicates)."""

    def __init__(
        self, session: Session, emit: Callable[[Diagnosis], None], on_progress: Callable[[int], None] | None
    ) -> None:
        self.session = session
        self.emit = emit
        self.on_progress = on_progress
        self.counts: Counter[Verdict] = Counter()
        self.recent: OrderedDict[str, asyncio.Future[Diagnosis]] = OrderedDict()
        self.pending: deque[asyncio.Future[Diagnosis]] = deque()
        self.done = 0

    async def one(self, text: str) -> Diagnosis:
        try:
            return await diagnose_input(self.session, text)
        except asyncio.CancelledError:
            raise
        except Exception as err:
            return internal_error(text, err)

    def submit(self, text: str) -> None:
        key = _key(text)
        fut = self.recent.get(key)
        if fut is None:
            fut = asyncio.ensure_future(self.one(text))
            self.recent[key] = fut
            if len(self.recent) > RECENT:
                self.recent.popitem(last=False)
        else:
            self.recent.move_to_end(key)
        self.pending.append(fut)

    async def drain_one(self) -> None:
        result = await self.pending.popleft()
        self.counts[result.verdict] += 1
        self.done += 1
        self.emit(result)
        if self.on_progress is not None:
            self.on_progress(self.done)

    async def drain_ready(self, window: int) -> None:
        """Emit the results whose turn has come; wait while `window` inputs are in flight."""
        while len(self.pending) >= window or (self.pending and self.pending[0].done()):
            await self.drain_one()

    async def wait_for_input(self, ready: asyncio.Future[None]) -> None:
        """Nothing to read yet (a pipe, a terminal): results whose turn has come leave now."""
        while not ready.done():
            if not self.pending:
                await ready
                return
            either: list[asyncio.Future[Any]] = [ready, self.pending[0]]
            await asyncio.wait(either, return_when=asyncio.FIRST_COMPLETED)
            await self.drain_ready(len(self.pending) + 1)

    def cancel(self) -> None:
        for fut in self.recent.values():
            fut.cancel()


async def run_batch(
    inputs: Iterable[str],
    options: Options,
    emit: Callable[[Diagnosis], None],
    window: int | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> Counter[Verdict]:
    """Diagnose every input and call ``emit`` once per input, in input order.

    ``window`` (inputs in flight) defaults to 4 × the per-host concurrency, at most 64:
    enough to keep every request slot busy, few enough that the first results (which
    wait for the shared network state) are not queued behind a crowd of lookups.
    """
    if options.http_client == "auto":
        options = replace(options, http_client=BATCH_CLIENT)
    if window is None:
        from txdoctor.core.net.http import DEFAULT_PER_HOST

        window = min(DEFAULT_WINDOW, max(8, 4 * (options.concurrency or DEFAULT_PER_HOST)))
    async with Session(options) as session:
        batch = _Batch(session, emit, on_progress)
        feed = feed_for(inputs)
        feed.start()
        try:
            while not isinstance(text := feed.poll(), End):
                if text is EMPTY:
                    await batch.wait_for_input(feed.ready())
                    continue
                batch.submit(str(text))
                await batch.drain_ready(window)
            while batch.pending:
                await batch.drain_one()
            if text.error is not None:
                raise text.error
        finally:
            feed.stop()
            batch.cancel()
    return batch.counts
