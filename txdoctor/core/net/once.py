"""Shared fetches: what the checks of one run share (a chain's tip, its fee levels, a token's
symbol) is fetched once per key, started by the first to ask, awaited by everyone after."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Hashable
from typing import Any, Generic, TypeVar

from txdoctor.core.net.base import settle

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Once(Generic[K, V]):
    """One background fetch per key, for the run; ``aclose`` settles the ones nobody awaited."""

    def __init__(self) -> None:
        self._tasks: dict[K, asyncio.Future[V]] = {}

    def get(self, key: K, fetch: Callable[[], Coroutine[Any, Any, V]]) -> asyncio.Future[V]:
        """The key's fetch, started now if nobody asked before."""
        task = self._tasks.get(key)
        if task is None:
            task = self._tasks[key] = asyncio.ensure_future(fetch())
        return task

    def renew(self, key: K, fetch: Callable[[], Coroutine[Any, Any, V]]) -> asyncio.Future[V]:
        """A fresh fetch for the key, which later asks share (the earlier one is left as it is)."""
        task = self._tasks[key] = asyncio.ensure_future(fetch())
        return task

    async def aclose(self) -> None:
        """Stop the fetches still running (nobody waits for them any more), read the others."""
        for task in list(self._tasks.values()):
            await settle(task)


__all__ = ["Once"]
