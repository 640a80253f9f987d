"""txdoctor.core.net.once.Once: what one run shares is fetched once per key."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from txdoctor.core.net.once import Once


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from("abcd"), max_size=12))
def test_any_asks_fetch_each_key_once_and_all_share_its_answer(keys: list[str]) -> None:
    fetched: list[str] = []

    async def main() -> list[str]:
        once: Once[str, str] = Once()

        def fetch(key: str) -> Callable[[], Coroutine[Any, Any, str]]:
            async def go() -> str:
                fetched.append(key)
                await asyncio.sleep(0)
                return key.upper()

            return go

        answers = await asyncio.gather(*(once.get(k, fetch(k)) for k in keys))
        await once.aclose()
        return list(answers)

    assert asyncio.run(main()) == [k.upper() for k in keys]
    assert fetched == list(dict.fromkeys(keys))  # once per key, in the order first asked


def test_renew_starts_a_fresh_fetch_that_later_asks_share() -> None:
    calls = 0

    async def fetch() -> int:
        nonlocal calls
        calls += 1
        return calls

    async def main() -> tuple[int, int, int]:
        once: Once[None, int] = Once()
        first = await once.get(None, fetch)
        renewed = await once.renew(None, fetch)
        again = await once.get(None, fetch)
        return first, renewed, again

    assert asyncio.run(main()) == (1, 2, 2)
    assert calls == 2


def test_aclose_stops_what_nobody_awaited_and_reads_failures(caplog: pytest.LogCaptureFixture) -> None:
    async def forever() -> int:
        await asyncio.sleep(3600)
        return 0

    async def fails() -> int:
        raise RuntimeError("the client closed")

    async def main() -> tuple[bool, bool]:
        once: Once[str, int] = Once()
        slow, bad = once.get("slow", forever), once.get("bad", fails)
        await asyncio.sleep(0)
        await once.aclose()
        await Once().aclose()  # nothing started: nothing to do
        return slow.cancelled(), bad.done() and not bad.cancelled()

    with caplog.at_level(logging.ERROR, logger="asyncio"):
        assert asyncio.run(main()) == (True, True)
    assert "never retrieved" not in caplog.text
