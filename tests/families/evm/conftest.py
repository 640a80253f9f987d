"""Fixtures for the EVM tests: real anvil nodes (chain id 1 and 56), the compiled test contracts,
and an isolated txdoctor environment (its own cache directory, no TXDOCTOR_URL_* leaking in)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.families.evm.anvil import ANVIL, Anvil, compile_contracts, require_tools


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
