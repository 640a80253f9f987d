"""The EVM golden scenarios: the real pipeline on JSON-RPC answers recorded from anvil.

tests/families/evm/record_goldens.py puts a local anvil node (one per chain, with the chain's
id) into each scenario's state and records every exchange txdoctor has with it while it runs
:func:`run` below, the default provider URLs forwarded to the node
(tests/fixtures/eth/anvil/<name>.json; provenance in tests/fixtures/SOURCES.md). Here each
check's exchanges are served back at the same URLs, exactly: a call that was not recorded is
a test failure (the requests txdoctor makes changed: record again).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import httpx
import respx

from tests.families.evm.recorded import RecordedNode
from txdoctor.core.chains import CHAINS
from txdoctor.model import Diagnosis

RECORDINGS = Path(__file__).resolve().parents[1] / "fixtures" / "eth" / "anvil"
EVM_LOOKUP = [c for c in CHAINS.values() if c.family == "evm" and c.lookup_by_default]


def run(tx_hash: str, chain: str | None, remember: bool) -> Diagnosis:
    """One check as a user runs it: ``txdoctor.api.diagnose`` on the default providers.

    ``remember``: with the CLI's memory of transactions seen pending (its cache directory,
    TXDOCTOR_CACHE_DIR, which the tests give each test on its own), as ``txdoctor check`` does;
    the API keeps none."""
    if not remember:
        from txdoctor.api import diagnose

        return diagnose(tx_hash, chain=chain)
    from txdoctor.core.dispatch import diagnose_one, run_coroutine
    from txdoctor.core.session import Options

    options = Options(chain=chain, cache_dir=os.environ["TXDOCTOR_CACHE_DIR"])
    return run_coroutine(lambda: diagnose_one(tx_hash, options), False)


class ExactNode(RecordedNode):
    """A recorded node that answers only the calls it recorded, with the recorded answer."""

    def _one(self, call: dict[str, Any]) -> dict[str, Any]:
        response = self.exact.get(self.key(call["method"], call.get("params", [])))
        if response is None:
            raise AssertionError(f"not recorded: {call['method']} {call.get('params')}")
        return {**response, "id": call["id"]}


def mount_down(router: respx.Router, chains: list[str]) -> None:
    for name in chains:
        for url in CHAINS[name].default_urls:
            router.post(url).mock(side_effect=httpx.ConnectError("refused"))


def replay(name: str, router: respx.Router) -> Diagnosis:
    """Every check of the recording, each on its own recorded answers; the last one's diagnosis."""
    rec = json.loads((RECORDINGS / f"{name}.json").read_text())
    remember = len(rec["checks"]) > 1
    d: Diagnosis | None = None
    for check in rec["checks"]:
        router.routes.clear()
        mount_down(router, rec["down"])
        for url, exchanges in check.items():
            ExactNode(router, url, [(x["request"], x["response"]) for x in exchanges])
        d = run(rec["hash"], rec["chain"], remember)
    assert d is not None
    return d


def recorded(name: str) -> Any:
    return lambda router: replay(name, router)
