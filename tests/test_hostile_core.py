"""A Bitcoin/Litecoin Core node's hostile answers go through the same sanity layer (issue 8, item 11).

respx plays a Litecoin mainnet node (hand-built answers in the shape litecoind 0.21 gives)
whose getrawtransaction is about another txid, weighs nothing, or pays a negative output.
Each is that node's bad response: alone, the verdict is unreachable (exit 3), never a wrong
fact; the control answer is believed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
import respx

from tests.findings_helpers import codes, evidence
from txdoctor.api import diagnose
from txdoctor.model import Verdict

URL = "http://127.0.0.1:19332/"
TXID = "ab" * 32
GENESIS = "12a765e31ffd4059bada1e25190f6e98c99d9714d334efa41a195a7e7e04bfe2"  # Litecoin mainnet
TIP = 2_800_000


def verbose_tx(**changes: Any) -> dict[str, Any]:
    """getrawtransaction TXID true, 3 blocks deep (hand-built, litecoind 0.21's fields)."""
    tx: dict[str, Any] = {
        "txid": TXID,
        "hash": TXID,
        "version": 2,
        "size": 222,
        "vsize": 141,
        "weight": 561,
        "locktime": 0,
        "vin": [{"txid": "cd" * 32, "vout": 0, "sequence": 4294967293}],
        "vout": [{"value": 0.5, "n": 0, "scriptPubKey": {"type": "witness_v0_keyhash"}}],
        "blockhash": "00" * 32,
        "confirmations": 3,
        "time": 1_790_000_000,
        "blocktime": 1_790_000_000,
    }
    tx.update(changes)
    return tx


def node(router: respx.Router, tx: dict[str, Any]) -> None:
    def reply(request: httpx.Request) -> httpx.Response:
        calls = json.loads(request.content)
        out = []
        for n, call in enumerate(calls):
            method = call["method"]
            result: Any = None
            error: Any = None
            if method == "getblockchaininfo":
                result = {"chain": "main", "blocks": TIP, "mediantime": 1_790_000_000}
            elif method == "getblockhash":
                result = GENESIS
            elif method == "getrawtransaction" and call["params"][0] == TXID:
                result = tx
            elif method == "getindexinfo":
                result = {"txindex": {"synced": True, "best_block_height": TIP}}
            elif method == "getmempoolinfo":
                result = {"mempoolminfee": 0.00001, "size": 0, "bytes": 0}
            elif method == "estimatesmartfee":
                result = {"feerate": 0.0001, "blocks": 2}
            else:
                error = {"code": -5, "message": "No such mempool or blockchain transaction"}
            out.append({"result": result, "error": error, "id": call.get("id", n)})
        return httpx.Response(200, json=out)

    router.post(URL).mock(side_effect=reply)


HOSTILE: list[tuple[str, Callable[[], dict[str, Any]], str]] = [
    ("wrong_txid", lambda: verbose_tx(txid="ef" * 32), "another transaction"),
    ("zero_weight", lambda: verbose_tx(weight=0), "'weight' is 0"),
    ("negative_output", lambda: verbose_tx(vout=[{"value": -0.5, "n": 0, "scriptPubKey": {}}]), "'value'"),
    (
        "huge_sequence",
        lambda: verbose_tx(vin=[{"txid": "cd" * 32, "vout": 0, "sequence": 2**40}]),
        "sequence",
    ),
]


@pytest.mark.parametrize(("name", "tx", "problem"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_core_answer_is_that_nodes_failure(
    router: respx.Router, name: str, tx: Callable[[], dict[str, Any]], problem: str
) -> None:
    node(router, tx())
    d = diagnose(TXID, chain="ltc", urls={"ltc": ["core+http://127.0.0.1:19332"]}, timeout=2)
    assert (d.verdict, d.exit_code) == (Verdict.UNREACHABLE, 3), codes(d)
    failure = evidence(d, "NET_UNREACHABLE")["failures"][0]
    assert failure["reason"] == "bad_response" and problem in failure["detail"], failure


def test_the_control_answer_is_believed(router: respx.Router) -> None:
    node(router, verbose_tx())
    d = diagnose(TXID, chain="ltc", urls={"ltc": ["core+http://127.0.0.1:19332"]}, timeout=2)
    assert d.verdict is Verdict.CONFIRMED, codes(d)
    assert d.facts["confirmations"] == 3
