"""A Core node listed with an explorer, in either order (the node is real; the explorer is replayed)."""

from __future__ import annotations

import httpx
import respx

from tests.families.bitcoin.core.node import Node
from tests.families.bitcoin.core.test_core_node import _sync, check
from tests.findings_helpers import codes, evidence

EXPLORER = "http://explorer.invalid/api"


def _explorer(router: respx.Router, status: int, text: str) -> None:
    router.route(host="127.0.0.1").pass_through()  # the real node
    router.get(url__startswith=EXPLORER).mock(return_value=httpx.Response(status, text=text))


def test_explorer_failing_first_then_the_node(node: Node, router: respx.Router) -> None:
    _explorer(router, 503, "Service Unavailable")
    txid = node.send("1", 25)
    node.mine(2)
    d = check(txid, EXPLORER, node.core_url())
    assert d.verdict.value == "confirmed"
    assert evidence(d, "BTC_TX_CONFIRMED")["confirmations"] == 2
    assert evidence(d, "NET_PROVIDER_FAILED")["failures"][0]["provider"] == EXPLORER


def test_node_first_then_the_explorer(node: Node, router: respx.Router) -> None:
    _explorer(router, 503, "Service Unavailable")
    txid = node.send("1", 25)
    node.mine(2)
    d = check(txid, node.core_url(), EXPLORER)
    assert d.verdict.value == "confirmed"
    assert evidence(d, "BTC_TX_CONFIRMED")["confirmations"] == 2
    assert "NET_PROVIDER_FAILED" not in codes(d)


def test_node_without_txindex_then_an_explorer_that_has_nothing(
    node: Node, blind: Node, router: respx.Router
) -> None:
    """The node cannot tell, so the explorer is asked; its clear 404 makes it 'not found'."""
    _explorer(router, 404, "Transaction not found")
    txid = node.send("1", 25)
    node.mine()
    _sync(node, blind)
    d = check(txid, blind.core_url(), EXPLORER)
    assert d.verdict.value == "not_found"
    assert evidence(d, "BTC_TX_NOT_FOUND")["checked_providers"] == [EXPLORER]
    assert evidence(d, "BTC_NODE_NO_TXINDEX")["answered_by"] == d.facts["provider"] == EXPLORER
    assert any(str(r.request.url).startswith(f"{EXPLORER}/tx/{txid}") for r in router.calls)
