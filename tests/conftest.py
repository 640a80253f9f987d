from __future__ import annotations

import gc
import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import respx

from tests.esplora_mock import MEMPOOL, Explorer
from tests.finding_audit import AUDIT
from tests.finding_audit import install as audit_findings

audit_findings()  # every finding txdoctor builds in this session is checked against the catalog


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own on-disk cache; none touches the user's."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("TXDOCTOR_CACHE_DIR", str(cache))
    monkeypatch.setenv("TXDOCTOR_CONFIG", str(tmp_path / "no-config.toml"))
    for name in list(os.environ):
        if name.startswith("TXDOCTOR_URL_"):
            monkeypatch.delenv(name)
    # English unless a test asks: the machine's locale or TXDOCTOR_LANG must not change the words
    for name in ("TXDOCTOR_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    return cache


@pytest.fixture
def router() -> Iterator[respx.Router]:
    """A respx router that refuses any request it has no route for (no test touches the internet)."""
    with respx.mock(assert_all_called=False, assert_all_mocked=True) as r:
        yield r


@pytest.fixture
def mempool(router: respx.Router) -> Explorer:
    return Explorer(router, MEMPOOL)


class _NeverRetrieved(logging.Handler):
    """asyncio logs a task whose exception nobody read when it is collected, maybe in a later
    test: collect those for the whole session and fail the run if there are any."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if "never retrieved" in text or "was destroyed but it is pending" in text:
            self.messages.append(" | ".join(text.splitlines()[:2])[:300])


_LEAKS = _NeverRetrieved()
logging.getLogger("asyncio").addHandler(_LEAKS)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    gc.collect()
    if _LEAKS.messages:
        print("\nasyncio tasks left with unread exceptions or still pending:")
        for message in _LEAKS.messages[:10]:
            print("  " + message)
        session.exitstatus = 1
    if AUDIT.problems:
        print(f"\nfindings that do not match the catalog or their code's table ({len(AUDIT.problems)}):")
        for problem, message in sorted(AUDIT.problems.items())[:30]:
            print(f"  {problem}   [{message}]")
        session.exitstatus = 1


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/ from today's output (also TXDOCTOR_UPDATE_GOLDEN=1)",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Rewrite the golden files instead of comparing (``--update-golden`` or TXDOCTOR_UPDATE_GOLDEN=1)."""
    flag = bool(request.config.getoption("--update-golden"))
    return flag or os.environ.get("TXDOCTOR_UPDATE_GOLDEN") == "1"
