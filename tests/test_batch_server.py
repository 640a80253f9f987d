"""Many inputs against a real local server that rate-limits and fails: nothing lost, limits kept."""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Callable
from typing import Any

from tests.esplora_mock import load
from tests.fakeserver import FakeEsplora, fake_esplora_factory  # noqa: F401 - the fixture
from txdoctor.core.session import Options
from txdoctor.model import Diagnosis, Verdict

CONFIRMED: dict[str, Any] = load("esplora/mempool_backend_txs_random_4.json")[2]  # block 848136
TIP = 890448


def synthetic_txids(n: int) -> list[str]:
    """Distinct ids for copies of one real recorded confirmed transaction."""
    return [f"{i:064x}" for i in range(1, n + 1)]


def serve(server: FakeEsplora, txids: list[str]) -> None:
    server.quiet_state(TIP)
    for txid in txids:
        tx = copy.deepcopy(CONFIRMED)
        tx["txid"] = txid
        server.add_tx(tx)


def run(inputs: list[str], options: Options) -> list[Diagnosis]:
    from txdoctor.batch import run_batch

    got: list[Diagnosis] = []
    asyncio.run(run_batch(inputs, options, got.append))
    return got


def test_nothing_lost_under_429s_and_failures(fake_esplora_factory: Callable[..., FakeEsplora]) -> None:  # noqa: F811
    server = fake_esplora_factory(latency_ms=5)
    txids = synthetic_txids(80)
    serve(server, txids)
    server.rate_limit(40, burst=10)  # beyond 40/s: 429 + Retry-After: 1
    server.fail_fraction(0.15, seed=7)  # and 15 % of answers are 503
    inputs = [*txids[:40], "not a txid", txids[3], *txids[40:]]  # a bad line and a duplicate
    options = Options(urls={"btc": [server.base_url]}, concurrency=4, rate=0, retries=4, speculative=False)
    got = run(inputs, options)
    assert len(got) == len(inputs)
    assert [d.input for d in got] == [i.strip().lower() if i != "not a txid" else i for i in inputs]
    assert got[40].verdict is Verdict.INVALID
    assert got[41].facts["txid"] == txids[3]
    confirmed = [d for d in got if d.verdict is Verdict.CONFIRMED]
    others = {d.verdict for d in got} - {Verdict.CONFIRMED, Verdict.INVALID}
    assert others <= {Verdict.UNREACHABLE}  # a tx can only fail honestly, never vanish
    assert len(confirmed) >= 75
    assert all(d.facts["confirmations"] == TIP - 848136 + 1 for d in confirmed)
    statuses = {e.status for e in server.log()}
    assert {429, 503} <= statuses  # the faults really happened
    assert server.stats.max_in_flight <= 4  # --concurrency respected, counted server-side
    # each confirmed input was answered by the server once: the duplicate was not asked again
    answered = [e.path for e in server.log() if e.path.startswith("/api/tx/") and e.status == 200]
    assert sorted(answered) == sorted({f"/api/tx/{d.facts['txid']}" for d in confirmed})


def test_client_rate_limit_keeps_under_the_server_limit(
    fake_esplora_factory: Callable[..., FakeEsplora],  # noqa: F811
) -> None:
    server = fake_esplora_factory()
    txids = synthetic_txids(30)
    serve(server, txids)
    server.rate_limit(30, burst=25)  # client: 15/s, bursts of 20 — a margin for arrival jitter
    options = Options(urls={"btc": [server.base_url]}, rate=15, speculative=False)
    got = run(txids, options)
    assert [d.verdict for d in got] == [Verdict.CONFIRMED] * 30
    assert 429 not in {e.status for e in server.log()}
    # shared facts once per run: one tip for 30 inputs; confirmed txs need no fee levels at all
    assert server.count("blocks/tip/height") == 1
    assert server.count("v1/fees/recommended") == 0
    assert server.count("v1/fees/mempool-blocks") == 0
    assert server.count() == 30 + 1  # one request per confirmed input, plus the tip
