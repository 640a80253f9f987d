"""Hosts that drip, never answer, or rate-limit, in a batch (issue 8, items 16 and 17).

Counted on the server (requests seen, answers lost), never timed:

* two timeouts in a row mark a host down for the run: a dripping or silent first provider
  sees about one round of the per-host concurrency, not a request (and retries) per input;
* a 429 (with Retry-After) is retried within a time budget, with the host's concurrency
  halved: no input of a batch is reported unreachable because of rate limits.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Callable
from typing import Any

import pytest

from tests.esplora_mock import load
from tests.fakeserver import FakeEsplora, NeverAnswer, SlowDrip, fake_esplora_factory  # noqa: F401
from txdoctor.core.net.http import DEFAULT_PER_HOST, TIMEOUTS_DOWN
from txdoctor.core.session import Options
from txdoctor.model import Diagnosis, Verdict

CONFIRMED: dict[str, Any] = load("esplora/mempool_backend_txs_random_4.json")[2]  # block 848136
PENDING: dict[str, Any] = load("esplora/mempool_tx_unconfirmed_rbf_replacement_b6a53d8a.json")
TIP = 890448


def copies(template: dict[str, Any], n: int, start: int = 1) -> list[dict[str, Any]]:
    """Copies of one real recorded transaction under distinct (hand-built) txids."""
    out = []
    for i in range(start, start + n):
        tx = copy.deepcopy(template)
        tx["txid"] = f"{i:064x}"
        out.append(tx)
    return out


def run(inputs: list[str], options: Options) -> list[Diagnosis]:
    from txdoctor.batch import run_batch

    got: list[Diagnosis] = []
    asyncio.run(run_batch(inputs, options, got.append))
    return got


@pytest.mark.parametrize(
    "fault",
    [SlowDrip(b'{"txid": "' + b"0" * 64 + b'"}', interval_ms=200), NeverAnswer()],
    ids=["drip", "silent"],
)
def test_a_host_that_times_out_twice_is_down_for_the_run(
    fake_esplora_factory: Callable[..., FakeEsplora],  # noqa: F811
    fault: Any,
) -> None:
    bad, good = fake_esplora_factory(), fake_esplora_factory()
    bad.set_default(fault)
    good.quiet_state(TIP)
    txs = copies(CONFIRMED, 64)
    for tx in txs:
        good.add_tx(tx)
    inputs = [tx["txid"] for tx in txs]
    options = Options(urls={"btc": [bad.base_url, good.base_url]}, timeout=1.0, speculative=False)
    got = run(inputs, options)
    assert [d.input for d in got] == inputs
    assert {d.verdict for d in got} == {Verdict.CONFIRMED}
    assert all(d.facts["provider"] == good.base_url for d in got)
    # the first round of concurrent requests times out together; nothing after it is sent
    assert bad.count() <= DEFAULT_PER_HOST + TIMEOUTS_DOWN, bad.count()


def test_every_seventh_request_rate_limited_loses_nothing(
    fake_esplora_factory: Callable[..., FakeEsplora],  # noqa: F811
) -> None:
    """The issue's case (285 lines, 250 distinct pending txids there), every 7th answer a 429."""
    server = fake_esplora_factory()
    server.quiet_state(TIP)
    txs = copies(PENDING, 120)
    for tx in txs:
        server.add_tx(tx)
    inputs = [tx["txid"] for tx in txs] + [tx["txid"] for tx in txs[:20]]
    server.rate_limit_every(7)
    got = run(inputs, Options(urls={"btc": [server.base_url]}, speculative=False))
    assert len(got) == 140
    assert {d.verdict for d in got} <= {Verdict.PENDING, Verdict.STUCK}, {d.verdict for d in got}
    assert sum(e.status == 429 for e in server.log()) >= 20  # the limit really bit


def test_a_tight_token_bucket_loses_nothing(
    fake_esplora_factory: Callable[..., FakeEsplora],  # noqa: F811
) -> None:
    """Beyond 40 requests/s (bursts of 5) every answer is a 429 with Retry-After: 1."""
    server = fake_esplora_factory()
    server.quiet_state(TIP)
    txs = copies(CONFIRMED, 60)
    for tx in txs:
        server.add_tx(tx)
    server.rate_limit(40, burst=5)
    got = run([tx["txid"] for tx in txs], Options(urls={"btc": [server.base_url]}, speculative=False))
    assert {d.verdict for d in got} == {Verdict.CONFIRMED}, [
        d.verdict for d in got if d.verdict is not Verdict.CONFIRMED
    ][:3]
    assert sum(e.status == 429 for e in server.log()) >= 10


def test_a_retry_after_beyond_30_s_fails_at_once(
    fake_esplora_factory: Callable[..., FakeEsplora],  # noqa: F811
) -> None:
    """ "Come back in two minutes" is not waited for, whatever the budget: the next provider is asked."""
    from tests.fakeserver import status_response

    bad, good = fake_esplora_factory(), fake_esplora_factory()
    for server in (bad, good):
        server.quiet_state(TIP)
    (tx,) = copies(CONFIRMED, 1)
    good.add_tx(tx)
    bad.set_route(f"tx/{tx['txid']}", status_response(429, retry_after="120"))
    (d,) = run([tx["txid"]], Options(urls={"btc": [bad.base_url, good.base_url]}, timeout=30.0))
    assert d.verdict is Verdict.CONFIRMED
    assert bad.count(f"tx/{tx['txid']}") == 1
