"""Many inputs: read lazily, diagnose concurrently, emit in input order, lose nothing.

Memory stays bounded whatever the length of the input: at most `window` inputs are in
flight, results leave as soon as their turn comes, and duplicates are recognised
within a bounded recent-results cache (looked up once, reported for each occurrence).
"""

from __future__ import annotations

import asyncio
from collections import Counter, OrderedDict, deque
from collections.abc import Callable, Iterable
from typing import Any

from txdoctor.diagnose import Options, Session, internal_error
from txdoctor.feed import EMPTY, End, feed_for
from txdoctor.inputs import gather_inputs, read_inputs
from txdoctor.model import Diagnosis, Verdict

__all__ = ["gather_inputs", "read_inputs", "run_batch"]

DEFAULT_WINDOW = 128
RECENT = 4096


def _key(text: str) -> str:
    stripped = text.strip()
    return stripped.lower() if all(c in "0123456789abcdefABCDEFx" for c in stripped) else stripped


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
    if window is None:
        from txdoctor.providers.http import DEFAULT_PER_HOST

        window = min(DEFAULT_WINDOW, max(8, 4 * (options.concurrency or DEFAULT_PER_HOST)))
    counts: Counter[Verdict] = Counter()
    recent: OrderedDict[str, asyncio.Future[Diagnosis]] = OrderedDict()
    pending: deque[asyncio.Future[Diagnosis]] = deque()
    done = 0
    async with Session(options) as session:

        async def one(text: str) -> Diagnosis:
            try:
                return await session.diagnose(text)
            except asyncio.CancelledError:
                raise
            except Exception as err:
                return internal_error(text, err)

        def submit(text: str) -> asyncio.Future[Diagnosis]:
            key = _key(text)
            fut = recent.get(key)
            if fut is None:
                fut = asyncio.ensure_future(one(text))
                recent[key] = fut
                if len(recent) > RECENT:
                    recent.popitem(last=False)
            else:
                recent.move_to_end(key)
            return fut

        async def drain_one() -> None:
            nonlocal done
            result = await pending.popleft()
            counts[result.verdict] += 1
            done += 1
            emit(result)
            if on_progress is not None:
                on_progress(done)

        async def wait_for_input(ready: asyncio.Future[None]) -> None:
            # Nothing to read yet (a pipe, a terminal): results whose turn has come leave now.
            while not ready.done():
                if not pending:
                    await ready
                    return
                either: list[asyncio.Future[Any]] = [ready, pending[0]]
                await asyncio.wait(either, return_when=asyncio.FIRST_COMPLETED)
                while pending and pending[0].done():
                    await drain_one()

        feed = feed_for(inputs)
        feed.start()
        try:
            while not isinstance(text := feed.poll(), End):
                if text is EMPTY:
                    await wait_for_input(feed.ready())
                    continue
                pending.append(submit(str(text)))
                while len(pending) >= window or (pending and pending[0].done()):
                    await drain_one()
            while pending:
                await drain_one()
            if text.error is not None:
                raise text.error
        finally:
            feed.stop()
            for fut in recent.values():
                fut.cancel()
    return counts
