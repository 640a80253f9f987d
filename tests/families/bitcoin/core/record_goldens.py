"""Record the Core JSON-RPC answers of the golden scenarios that need a node's verdict on a raw
transaction (testmempoolaccept), from a real Litecoin Core 0.21 regtest node.

Run by hand when a scenario is added or the requests txdoctor makes change:
``.venv/bin/python -m tests.families.bitcoin.core.record_goldens``. It starts the regtest node
of tests/families/bitcoin/core/node.py, builds each raw transaction as test_core_raw.py does,
then runs tests/render/scenarios_core.py's :func:`run` with the node at the fixed URL the
golden tests replay it at (CORE_URL), forwarded to the node; every exchange is written to
tests/fixtures/core/<name>.json (one call per entry, a batch split by id).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import httpx
import respx

from tests.families.bitcoin.core.node import Node
from tests.families.bitcoin.core.test_core_raw import _spend
from tests.render.reply_scenarios import NOW
from tests.render.scenarios_core import CORE_HTTP, RECORDINGS, run

VERSION = "Litecoin Core 0.21 (Debian litecoind), -regtest -txindex, wallet 'w'"


def forward(node: Node, log: list[dict[str, Any]]) -> Callable[[httpx.Request], httpx.Response]:
    def answer(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        got = node.client.post(node.url + request.url.path, content=request.content)
        data = got.json()
        calls = body if isinstance(body, list) else [body]
        by_id = {a.get("id"): a for a in (data if isinstance(data, list) else [data])}
        for call in calls:
            log.append({"path": request.url.path, "request": call, "response": by_id[call.get("id")]})
        return httpx.Response(
            got.status_code, content=got.content, headers={"content-type": "application/json"}
        )

    return answer


def min_relay_fee(node: Node) -> str:
    return _spend(node, Decimal("0.00000050"))[0]  # 50 sat for ~141 vB: below 1 sat/vB


def inputs_spent(node: Node) -> str:
    raw, _ = _spend(node, Decimal("0.0001"))
    first, _ = _spend(node, Decimal("0.0002"))  # the same coin, sequence 0xffffffff: no RBF
    node.rpc("sendrawtransaction", first)
    return raw


def dust(node: Node) -> str:
    return _spend(node, Decimal("0.0001"), {node.address(): Decimal("0.00000100")})[0]


SCENARIOS: dict[str, tuple[Callable[[Node], str], str]] = {
    "btc-stuck-node-min-relay-fee": (min_relay_fee, "a raw tx paying 50 sat (below 1 sat/vB)"),
    "btc-replaced-node-inputs-spent": (
        inputs_spent,
        "a raw tx whose coin another tx in the node's mempool (no RBF) already spends",
    ),
    "btc-invalid-node-dust": (dust, "a raw tx with a 100-litoshi P2WPKH output (dust limit 294)"),
}


def record(name: str, node: Node) -> None:
    build, note = SCENARIOS[name]
    raw = build(node)
    log: list[dict[str, Any]] = []
    with respx.mock(assert_all_called=False, assert_all_mocked=True) as router:
        router.post(url__startswith=CORE_HTTP).mock(side_effect=forward(node, log))
        router.route(host="127.0.0.1").pass_through()  # the node itself
        d = run(raw)
    node.mine()  # the next scenario spends another coin
    print(f"{name}: {d.verdict.value} {[f.code for f in d.findings]}")
    data = {"recorded_with": VERSION, "scenario": note, "raw": raw, "verdict": d.verdict.value, "calls": log}
    RECORDINGS.mkdir(parents=True, exist_ok=True)
    (RECORDINGS / f"{name}.json").write_text(json.dumps(data, indent=1) + "\n")


def main(names: list[str]) -> None:
    os.environ["TXDOCTOR_CACHE_DIR"] = tempfile.mkdtemp(prefix="txdoctor-record-")
    time.time = lambda: NOW  # as the golden tests pin it
    node = Node(txindex=True)
    try:
        node.mine(101)
        node.fee_history()
        for name in SCENARIOS:
            if not names or name in names:
                record(name, node)
    finally:
        node.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
