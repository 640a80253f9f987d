"""Inputs read on a thread, so a source that waits (a terminal, a pipe) never stops the event loop.

A batch reads its inputs lazily. Reading stdin blocks until a line arrives; done on the
event loop, that would hold every finished result back until more input (or EOF) came.
Here a daemon thread reads ahead at most ``limit`` lines into a deque; the batch takes
lines without waiting while there are some, and only when the deque is empty does it
wait, for the next line or the next result, whichever comes first.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Sequence

READ_AHEAD = 256


class End:
    """No more inputs (``error``: reading them failed)."""

    def __init__(self, error: BaseException | None = None) -> None:
        self.error = error


EMPTY = object()  # nothing to read yet


class Feed:
    def __init__(self, source: Iterable[str], limit: int = READ_AHEAD) -> None:
        self._source = source
        self._buffer: deque[str | End] = deque()
        self._limit = limit
        self._space = threading.Condition()
        self._full = False  # the reader waits for room (refills from half empty, not line by line)
        self._stopped = False
        self._waiter: asyncio.Future[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        threading.Thread(target=self._read, name="txdoctor-input", daemon=True).start()

    def poll(self) -> str | End | object:
        """The next input, an End, or EMPTY when the reader has nothing yet."""
        if not self._buffer:
            return EMPTY
        item = self._buffer.popleft()
        if self._full and len(self._buffer) <= self._limit // 2:
            with self._space:
                self._space.notify_all()
        return item

    def ready(self) -> asyncio.Future[None]:
        """A future done once poll() has something to give."""
        assert self._loop is not None
        waiter = self._waiter = self._loop.create_future()
        if self._buffer:  # the reader may have appended before it could see the waiter
            _resolve(waiter)
        return waiter

    def stop(self) -> None:
        self._stopped = True
        with self._space:
            self._space.notify_all()

    def _read(self) -> None:
        end = End()
        try:
            for text in self._source:
                self._buffer.append(text)
                self._wake()
                if len(self._buffer) >= self._limit:
                    self._wait_for_room()
                if self._stopped:
                    return
        except BaseException as err:  # handed to the loop: raised where the batch reads
            end = End(err)
        self._buffer.append(end)
        self._wake()

    def _wait_for_room(self) -> None:
        with self._space:
            self._full = True
            while len(self._buffer) > self._limit // 2 and not self._stopped:
                self._space.wait()
            self._full = False

    def _wake(self) -> None:
        waiter, self._waiter = self._waiter, None
        if waiter is not None and self._loop is not None:
            with contextlib.suppress(RuntimeError):  # a closed loop: nobody is waiting any more
                self._loop.call_soon_threadsafe(_resolve, waiter)


class Direct:
    """In-memory inputs: nothing to wait for, no thread."""

    def __init__(self, source: Iterable[str]) -> None:
        self._it = iter(source)

    def start(self) -> None:
        pass

    def poll(self) -> str | End | object:
        return next(self._it, End())

    def ready(self) -> asyncio.Future[None]:  # never called: poll() is never EMPTY
        raise AssertionError("Direct inputs are never empty")

    def stop(self) -> None:
        pass


def _resolve(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_result(None)


def feed_for(inputs: Iterable[str]) -> Feed | Direct:
    if isinstance(inputs, Sequence) and not isinstance(inputs, Iterator):
        return Direct(inputs)
    return Feed(inputs)
