"""The golden scenarios that need a Core node's verdict on a raw transaction (testmempoolaccept):
the real pipeline on answers recorded from a Litecoin Core 0.21 regtest node.

tests/families/bitcoin/core/record_goldens.py builds each raw transaction on the node (as
tests/families/bitcoin/core/test_core_raw.py does) and records every exchange while it runs
:func:`run` below with the node at CORE_URL (tests/fixtures/core/<name>.json; provenance in
tests/fixtures/SOURCES.md). Here the exchanges are served back at that URL, exactly.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import respx

from tests.render.scenarios_evm import ExactNode
from txdoctor.model import Diagnosis

RECORDINGS = Path(__file__).resolve().parents[1] / "fixtures" / "core"
CHAIN = "ltc-regtest"
CORE_URL = "core+http://txdoctor:s3cret-Pa55word@127.0.0.1:19443"  # the node's rpcauth (node.py)
CORE_HTTP = "http://127.0.0.1:19443"


def run(raw_hex: str) -> Diagnosis:
    from txdoctor.api import diagnose

    return diagnose(raw_hex, chain=CHAIN, urls={CHAIN: [CORE_URL]}, timeout=20)


def replay(name: str, router: respx.Router) -> Diagnosis:
    rec = json.loads((RECORDINGS / f"{name}.json").read_text())
    by_path: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]] = defaultdict(list)
    for call in rec["calls"]:
        by_path[call["path"]].append((call["request"], call["response"]))
    for path, exchanges in by_path.items():
        ExactNode(router, CORE_HTTP + path, exchanges)
    return run(rec["raw"])


def recorded(name: str) -> Any:
    return lambda router: replay(name, router)
