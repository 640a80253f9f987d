from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import respx

from tests.esplora_mock import MEMPOOL, Explorer


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own on-disk cache; none touches the user's."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("TXDOCTOR_CACHE_DIR", str(cache))
    monkeypatch.setenv("TXDOCTOR_CONFIG", str(tmp_path / "no-config.toml"))
    for name in list(os.environ):
        if name.startswith("TXDOCTOR_URL_"):
            monkeypatch.delenv(name)
    return cache


@pytest.fixture
def router() -> Iterator[respx.Router]:
    """A respx router that refuses any request it has no route for (no test touches the internet)."""
    with respx.mock(assert_all_called=False, assert_all_mocked=True) as r:
        yield r


@pytest.fixture
def mempool(router: respx.Router) -> Explorer:
    return Explorer(router, MEMPOOL)
