from __future__ import annotations

from collections.abc import Iterator

import pytest
import respx

from tests.esplora_mock import MEMPOOL, Explorer


@pytest.fixture
def router() -> Iterator[respx.Router]:
    """A respx router that refuses any request it has no route for (no test touches the internet)."""
    with respx.mock(assert_all_called=False, assert_all_mocked=True) as r:
        yield r


@pytest.fixture
def mempool(router: respx.Router) -> Explorer:
    return Explorer(router, MEMPOOL)
