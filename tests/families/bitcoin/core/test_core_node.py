"""The Bitcoin-family diagnosis against a real Litecoin Core node (regtest), over core+http://.

Scenarios are laid on the node by each test, then checked right away (a later test's
blocks do not disturb them).
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from tests.families.bitcoin.core.node import PASSWORD, USER, Node, free_port
from tests.findings_helpers import codes, evidence, finding
from txdoctor.api import diagnose
from txdoctor.model import Diagnosis

CHAIN = "ltc-regtest"


def check(text: str, *urls: str, chain: str = CHAIN) -> Diagnosis:
    return diagnose(text, chain=chain, urls={chain: list(urls)}, timeout=20)


def test_confirmed_n_deep(node: Node) -> None:
    txid = node.send("1", 25)
    node.mine(3)
    d = check(txid, node.core_url())
    assert d.verdict.value == "confirmed"
    assert evidence(d, "BTC_TX_CONFIRMED")["confirmations"] == 3
    assert d.facts["confirmations"] == 3
    assert d.facts["provider"] == f"core+http://***@127.0.0.1:{node.port}"
    assert d.facts["fee"] is not None and d.facts["fee"] > 0  # from the spent outputs (txindex)


def test_pending_with_a_good_fee(node: Node) -> None:
    txid = node.send("1", 60)
    d = check(txid, node.core_url())
    assert d.verdict.value == "pending"
    assert "BTC_FEE_OK" in codes(d)
    assert d.facts["confirmations"] == 0
    assert d.facts["fee_rate"] == pytest.approx(60, abs=1)
    assert "BTC_ACTION_WAIT" in codes(d)


def test_below_estimatesmartfee_with_room_in_the_next_block_is_pending(node: Node) -> None:
    """estimatesmartfee (~20 sat/vB, from past blocks) is not what the next block takes when the
    whole mempool fits in it: a 2 sat/vB transaction was called stuck, and the next block mined it.
    (A stuck transaction below the estimates needs a mempool of more than one block, which regtest
    cannot hold cheaply: tests/families/bitcoin/test_checks.py covers it from the same facts.)"""
    txid = node.send("1", 2, rbf=True)
    d = check(txid, node.core_url())
    assert d.verdict.value == "pending"
    ev = evidence(d, "BTC_FEE_OK")
    assert ev["effective_fee_rate"] == pytest.approx(2, abs=0.1)
    assert (ev["method"], ev["projected_block"]) == ("mempool-room", 0)
    assert ev["next_block_fee"] < 2  # the node's mempool minimum, not the estimate
    assert "BTC_ACTION_RBF" not in codes(d)
    node.mine()
    assert check(txid, node.core_url()).verdict.value == "confirmed"


def test_replaced_by_bumpfee(node: Node) -> None:
    txid = node.send("1", 2, rbf=True)
    bumped = node.rpc("bumpfee", txid, {"fee_rate": 30})["txid"]
    d = check(txid, node.core_url())
    assert d.verdict.value == "replaced"
    assert evidence(d, "BTC_TX_REPLACED")["replaced_by"] == bumped
    assert evidence(d, "BTC_TX_REPLACED")["replacement_mined"] is False
    assert d.facts["replaced_by"] == bumped
    node.mine()
    assert evidence(check(txid, node.core_url()), "BTC_TX_REPLACED")["replacement_mined"] is True


def _output_to(node: Node, txid: str, address: str) -> tuple[int, Decimal]:
    for out in node.tx(txid)["vout"]:
        if (
            out["scriptPubKey"].get("addresses", [None])[0] == address
            or out["scriptPubKey"].get("address") == address
        ):
            return int(out["n"]), Decimal(out["value"])
    raise AssertionError("no such output")


def test_cpfp_child_raises_the_parent(node: Node) -> None:
    to = node.address()
    parent = node.send("1", 2, to=to)
    vout, value = _output_to(node, parent, to)
    child_hex = node.raw([{"txid": parent, "vout": vout}], {node.address(): str(value - Decimal("0.001"))})
    child = node.rpc("sendrawtransaction", child_hex)
    d = check(parent, node.core_url())
    ev = evidence(d, "BTC_FEE_PACKAGE_RATE")
    assert ev["descendants"] == [child]
    assert ev["fee_rate"] == pytest.approx(2, abs=0.1)
    assert ev["effective_fee_rate"] > 100  # 0.001 LTC over the pair's ~250 vB
    assert d.verdict.value == "pending"
    dc = check(child, node.core_url())
    assert evidence(dc, "BTC_FEE_PACKAGE_RATE")["ancestors"] == [parent]


def _double_spend(node: Node) -> tuple[str, str]:
    """A (RBF, low fee) in the mempool, then B spending A's first input elsewhere, with a high fee."""
    a = node.send("1", 2, rbf=True)
    first = node.tx(a)["vin"][0]
    coin = node.rpc("gettxout", first["txid"], first["vout"], False)
    b_hex = node.raw(
        [{"txid": first["txid"], "vout": first["vout"]}],
        {node.address(): str(Decimal(coin["value"]) - Decimal("0.01"))},
    )
    return a, node.rpc("sendrawtransaction", b_hex)


def test_double_spend_conflict(node: Node) -> None:
    a, b = _double_spend(node)
    d = check(a, node.core_url())
    assert d.verdict.value == "replaced"
    assert evidence(d, "BTC_TX_CONFLICT")["conflicts"] == [{"input": 0, "spent_by": b}]
    node.mine()
    d = check(a, node.core_url())
    assert evidence(d, "BTC_TX_CONFLICT")["conflicts"] == [{"input": 0, "spent_by": b}]


# ------------------------------------------------------------ connection and node problems


def test_cookie_auth(node: Node) -> None:
    txid = node.send("1", 25)
    node.mine()
    d = check(txid, node.core_url("cookie"))
    assert d.verdict.value == "confirmed"
    assert d.facts["provider"] == f"core+http://127.0.0.1:{node.port}?cookie=***"


def test_node_down() -> None:
    port = free_port()
    d = check("ab" * 32, f"core+http://{USER}:{PASSWORD}@127.0.0.1:{port}")
    assert d.verdict.value == "unreachable"
    failure = evidence(d, "NET_UNREACHABLE")["failures"][0]
    assert failure["provider"] == f"core+http://***@127.0.0.1:{port}"
    assert "could not connect" in failure["detail"]
    assert PASSWORD not in json.dumps(d.to_dict())


def test_wrong_credentials_say_so_without_the_secret(node: Node) -> None:
    d = check("ab" * 32, f"core+http://{USER}:wrong-Pa55@127.0.0.1:{node.port}")
    assert d.verdict.value == "unreachable"
    text = json.dumps(d.to_dict())
    assert "refused the RPC credentials" in text
    assert "wrong-Pa55" not in text and PASSWORD not in text


def test_missing_cookie_file(node: Node, tmp_path: Any) -> None:
    d = check("ab" * 32, f"core+http://127.0.0.1:{node.port}?cookie={tmp_path}/nope")
    assert d.verdict.value == "unreachable"
    assert "cannot read the cookie file" in evidence(d, "NET_UNREACHABLE")["failures"][0]["detail"]


def test_node_on_another_chain_is_refused(node: Node) -> None:
    """A Litecoin regtest node asked about Bitcoin regtest: getblockchaininfo says "regtest" for both;
    the genesis block tells them apart."""
    d = check("ab" * 32, node.core_url(), chain="btc-regtest")
    assert d.verdict.value == "unreachable"
    detail = evidence(d, "NET_UNREACHABLE")["failures"][0]["detail"]
    assert "the node is on Litecoin regtest, not Bitcoin regtest" in detail


def test_down_node_then_working_one_in_either_order(node: Node) -> None:
    txid = node.send("1", 25)
    node.mine()
    down = f"core+http://127.0.0.1:{free_port()}"
    d = check(txid, down, node.core_url())
    assert d.verdict.value == "confirmed"
    assert "NET_PROVIDER_FAILED" in codes(d)
    assert check(txid, node.core_url(), down).verdict.value == "confirmed"


def test_unknown_txid_with_txindex_is_not_found(node: Node) -> None:
    d = check("ab" * 32, node.core_url())
    assert d.verdict.value == "not_found"
    assert "BTC_TX_NOT_FOUND" in codes(d)


# -------------------------------------------------------------------------- -txindex


def test_without_txindex_a_confirmed_tx_is_said_unseen(node: Node, blind: Node) -> None:
    txid = node.send("1", 25)
    node.mine()
    _sync(node, blind)
    d = check(txid, blind.core_url())
    assert d.verdict.value == "unreachable"
    assert codes(d)[0] == "BTC_NODE_NO_TXINDEX"
    assert finding(d, "BTC_NODE_NO_TXINDEX").severity.value == "error"
    assert "BTC_TX_NOT_FOUND" not in codes(d)


def test_without_txindex_the_fallback_is_asked(node: Node, blind: Node) -> None:
    txid = node.send("1", 25)
    node.mine(2)
    _sync(node, blind)
    d = check(txid, blind.core_url(), node.core_url())
    assert d.verdict.value == "confirmed"
    assert evidence(d, "BTC_TX_CONFIRMED")["confirmations"] == 2
    ev = evidence(d, "BTC_NODE_NO_TXINDEX")
    assert ev["answered_by"] == node.core_url().replace(f"{USER}:{PASSWORD}", "***")
    assert "NET_PROVIDERS_DISAGREE" not in codes(d)


def test_without_txindex_the_mempool_is_still_seen(node: Node, blind: Node) -> None:
    txid = node.send("1", 60)
    raw = node.rpc("getrawtransaction", txid)
    blind.rpc("sendrawtransaction", raw)
    d = check(txid, blind.core_url())
    assert d.verdict.value == "pending"


def _sync(node: Node, other: Node) -> None:
    import time

    deadline = time.monotonic() + 30
    while other.rpc("getbestblockhash") != node.rpc("getbestblockhash"):
        assert time.monotonic() < deadline
        time.sleep(0.05)


# -------------------------------------------------------------------------- addresses


def test_watched_address_activity(node: Node) -> None:
    address = node.address()
    first = node.send("0.5", 25, to=address)
    node.mine()
    # the wallet owns the address: keep its coin selection off the 0.5 (or the balance is spent)
    outpoints = [
        {"txid": c["txid"], "vout": c["vout"]}
        for c in node.rpc("listunspent", 1, 9_999_999, [address])
        if c["txid"] == first
    ]
    node.rpc("lockunspent", False, outpoints)
    node.send("0.25", 25, to=address)
    node.rpc("lockunspent", True, outpoints)  # listunspent hides locked coins
    d = check(address, node.core_url())
    ev = evidence(d, "ADDR_ACTIVITY")
    assert (ev["confirmed_tx_count"], ev["unconfirmed_tx_count"]) == (1, 1)
    assert ev["confirmed_balance"] == 50_000_000
    assert ev["unconfirmed_delta"] == 25_000_000


def test_unwatched_address_says_the_node_cannot_list_it(node: Node) -> None:
    d = check("rltc1qdecpjsnhqz3pttm3y0xrsm9r322aakney398ry", node.core_url())
    assert d.verdict.value == "valid"
    assert "does not watch this address" in json.dumps(evidence(d, "NET_LOOKUP_FAILED"))


def test_bitcoin_regtest_address_against_a_litecoin_regtest_chain(node: Node) -> None:
    d = check("bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080", node.core_url())
    assert d.verdict.value == "invalid"
    assert codes(d)[0] == "ADDR_WRONG_NETWORK"


def test_cli_with_a_node_url_never_prints_the_password(node: Node) -> None:
    import subprocess
    import sys

    txid = node.send("1", 25)
    node.mine()
    for url, code in ((node.core_url(), 0), (node.core_url().replace(PASSWORD, "wr0ng-Pass"), 3)):
        out = subprocess.run(
            [sys.executable, "-m", "txdoctor", "check", txid, "--chain", CHAIN, "--url", f"{CHAIN}={url}"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert out.returncode == code, out.stderr
        assert PASSWORD not in out.stdout + out.stderr and "wr0ng-Pass" not in out.stdout + out.stderr
        assert ("CONFIRMED" if code == 0 else "refused the RPC credentials") in out.stdout


def test_nothing_on_disk_holds_the_password(node: Node, isolated_cache: Any) -> None:
    """The on-disk caches (confirmed txs, shared network state) key a node without its credentials."""
    import subprocess
    import sys
    from pathlib import Path

    txid = node.send("1", 25)
    node.mine(6)
    for _ in range(2):  # the CLI, which keeps the caches (in TXDOCTOR_CACHE_DIR, set per test)
        cmd = ["check", txid, "--chain", CHAIN, "--url", f"{CHAIN}={node.core_url()}"]
        out = subprocess.run([sys.executable, "-m", "txdoctor", *cmd], capture_output=True, timeout=60)
        assert out.returncode == 0, out.stderr
    files = [p for p in Path(isolated_cache).rglob("*") if p.is_file()]
    assert files  # the caches were written
    for path in files:
        assert PASSWORD not in path.read_text(errors="replace")
