from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from tests.families.bitcoin.core.node import Node


@pytest.fixture(scope="session")
def node() -> Iterator[Node]:
    """A regtest node with -txindex and a wallet, 100+ blocks deep and with fee estimates (~20 sat/vB)."""
    n = Node(txindex=True)
    try:
        n.mine(101)
        n.fee_history()
        yield n
    finally:
        n.stop()


@pytest.fixture(scope="session")
def blind(node: Node) -> Iterator[Node]:
    """A second node without -txindex and without a wallet, following the first one's chain."""
    n = Node(txindex=False, wallet=False, connect=node)
    try:
        deadline = time.monotonic() + 30
        while n.rpc("getblockcount") != node.rpc("getblockcount"):
            assert time.monotonic() < deadline, "the second node did not sync"
            time.sleep(0.1)
        yield n
    finally:
        n.stop()
