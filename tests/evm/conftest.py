"""Fixtures for the EVM tests: real anvil nodes (chain id 1 and 56), the compiled test contracts,
and an isolated txdoctor environment (its own cache directory, no TXDOCTOR_URL_* leaking in)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.evm.anvil import ANVIL, Anvil, compile_contracts, require_tools
from txdoctor.diagnose import Options, diagnose_many
from txdoctor.model import Diagnosis, Finding


@pytest.fixture(scope="session")
def anvil_binary() -> Path:
    require_tools(ANVIL)
    return ANVIL


@pytest.fixture(scope="session")
def eth_node(anvil_binary: Path) -> Iterator[Anvil]:
    """A long-lived chain-id-1 node for tests that only add mined transactions."""
    node = Anvil(1)
    yield node
    node.stop()


@pytest.fixture(scope="session")
def bsc_node(anvil_binary: Path) -> Iterator[Anvil]:
    node = Anvil(56)
    yield node
    node.stop()


@pytest.fixture
def fresh_eth_node(anvil_binary: Path) -> Iterator[Anvil]:
    """A node of its own, for tests that change the mempool, mining mode or base fee."""
    node = Anvil(1)
    yield node
    node.stop()


@pytest.fixture(scope="session")
def bytecode(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return compile_contracts(tmp_path_factory.mktemp("solc"))


@pytest.fixture
def txdoctor_env(tmp_path: Path) -> dict[str, str]:
    """The environment txdoctor sees: only its cache directory (which holds its pending-tx memory)."""
    return {"TXDOCTOR_CACHE_DIR": str(tmp_path / "cache")}


def check(text: str, env: dict[str, str], chain: str | None = None, **urls: str | list[str]) -> Diagnosis:
    """One diagnosis through the public API (Options + diagnose_many), with --url overrides."""
    url_lists = {k: ([v] if isinstance(v, str) else list(v)) for k, v in urls.items()}
    options = Options(chain=chain, urls=url_lists, environ=env, timeout=5.0, retries=0)
    return asyncio.run(diagnose_many([text], options))[0]


def codes(d: Diagnosis) -> list[str]:
    return [f.code for f in d.findings]


def finding(d: Diagnosis, code: str) -> Finding:
    found = [f for f in d.findings if f.code == code]
    assert found, f"{code} not in {codes(d)}"
    return found[0]


def evidence(d: Diagnosis, code: str) -> dict[str, Any]:
    return finding(d, code).evidence
