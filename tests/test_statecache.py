"""The network state (tip, fee levels, projected blocks, mempool) shared across runs on disk."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli_runner import CliRunner
from tests.esplora_mock import load
from tests.fakeserver import FakeEsplora, fake_esplora_factory  # noqa: F401 - the fixture
from txdoctor.cli import app
from txdoctor.core.statecache import StateCache
from txdoctor.families.bitcoin.state_cache import load_btc_state, save_btc_state

CONFIRMED = load("esplora/mempool_backend_txs_random_4.json")[2]  # block 848136
PENDING = load("esplora/mempool_tx_unconfirmed_rbf_replacement_b6a53d8a.json")
TIP = 890448
STATE_PATHS = ("blocks/tip/height", "v1/fees/recommended", "v1/fees/mempool-blocks", "mempool")
runner = CliRunner()


def check(
    server: FakeEsplora, txid: str, *extra: str, env: dict[str, str] | None = None
) -> dict[str, object]:
    args = ["check", txid, "--json", "--url", f"btc={server.base_url}", *extra]
    result = runner.invoke(app, args, env=env)
    assert result.exception is None and result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


def state_requests(server: FakeEsplora) -> int:
    return sum(server.count(p) for p in STATE_PATHS)


def test_second_check_reuses_the_network_state_but_asks_for_the_tx(
    fake_esplora_factory: Callable[..., FakeEsplora],  # noqa: F811
) -> None:
    server = fake_esplora_factory()
    server.quiet_state(TIP)
    txid = server.add_tx(PENDING)
    first = check(server, txid)
    asked = server.count()
    assert state_requests(server) == 4
    server.reset_stats()
    second = check(server, txid)
    assert state_requests(server) == 0  # tip, fees, projected blocks and mempool came from the disk
    assert server.count(f"tx/{txid}") == 1  # the transaction's own status is always asked
    assert server.count() < asked
    assert second["verdict"] == first["verdict"] == "pending"
    assert second["findings"] == first["findings"]


def test_no_cache_flag_and_zero_ttl_turn_it_off(
    fake_esplora_factory: Callable[..., FakeEsplora],  # noqa: F811
) -> None:
    server = fake_esplora_factory()
    server.quiet_state(TIP)
    txid = server.add_tx(PENDING)
    check(server, txid)
    server.reset_stats()
    check(server, txid, "--no-cache")
    assert state_requests(server) == 4
    server.reset_stats()
    check(server, txid, env={"TXDOCTOR_STATE_TTL": "0"})
    assert state_requests(server) == 4


def test_a_tx_in_a_newer_block_than_the_cached_tip_refetches_the_state(
    fake_esplora_factory: Callable[..., FakeEsplora],  # noqa: F811
) -> None:
    server = fake_esplora_factory()
    server.quiet_state(TIP)
    txid = server.add_tx(CONFIRMED)
    check(server, txid)  # the state at TIP is on disk now
    newer = copy.deepcopy(CONFIRMED)
    newer["txid"] = "ab" * 32
    newer["status"]["block_height"] = TIP + 2
    server.add_tx(newer)
    server.quiet_state(TIP + 3)
    server.reset_stats()
    data = check(server, newer["txid"])
    assert server.count("blocks/tip/height") == 1
    assert data["facts"]["confirmations"] == 2  # type: ignore[index]  # from the live tip, not the cached one


def test_entries_expire_and_bad_entries_are_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from txdoctor.families.bitcoin.facts import BtcNetworkState, FeeLevels

    state = BtcNetworkState(tip_height=TIP, fees=FeeLevels(5, 4, 3, 2, 1), tips=(("a", TIP),))
    cache = StateCache(tmp_path, ttl=10)
    urls = ["http://127.0.0.1:1/api"]
    save_btc_state(cache, "btc", urls, state)
    assert load_btc_state(cache, "btc", urls) == state
    assert load_btc_state(cache, "btc", ["http://other/api"]) is None  # another provider list
    assert load_btc_state(cache, "ltc", urls) is None
    import time

    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 11)
    assert load_btc_state(cache, "btc", urls) is None  # older than the TTL
    monkeypatch.undo()
    for bad in (
        "{not json",
        "[]",
        '{"at": "x"}',
        json.dumps({"at": now, "urls": urls, "state": {"tip_height": "1"}}),
    ):
        next(tmp_path.rglob("btc-*.json")).write_text(bad)
        assert load_btc_state(cache, "btc", urls) is None


def test_a_state_with_errors_is_not_kept(tmp_path: Path) -> None:
    from txdoctor.families.bitcoin.facts import BtcNetworkState, FeeLevels

    cache = StateCache(tmp_path, ttl=10)
    failed = BtcNetworkState(tip_height=TIP, fees=FeeLevels(5, 4, 3, 2, 1), errors=("x: HTTP 502",))
    save_btc_state(cache, "btc", ["u"], failed)
    save_btc_state(cache, "btc", ["u"], BtcNetworkState(tip_height=None, fees=None))
    assert list(tmp_path.rglob("*.json")) == []


def test_with_the_fee_state_on_disk_a_pending_tx_takes_one_round_trip(
    fake_esplora_factory: Callable[..., FakeEsplora],  # noqa: F811
) -> None:
    """Regression (issue 13): a waiting tx's package and first-seen time were asked only once
    /tx had answered "waiting", a second round trip. With the fee state on disk (it costs no
    request) they go out with the lookup."""
    server = fake_esplora_factory(latency_ms=300)
    server.quiet_state(TIP)
    txid = server.add_tx(PENDING)
    check(server, txid)  # puts the fee state on disk
    server.reset_stats()
    data = check(server, txid)
    assert data["verdict"] == "pending"
    assert "BTC_FEE_OK" in [f["code"] for f in data["findings"]]  # judged against the fee levels
    assert state_requests(server) == 0
    log = {e.path.split("?")[0]: e for e in server.log()}
    tx, package = log[f"/api/tx/{txid}"], log[f"/api/v1/cpfp/{txid}"]
    assert package.arrived < tx.time  # asked before the tx's answer began (300 ms after it came)


def test_what_a_waiting_tx_needs_is_prefetched_only_when_cheap(tmp_path: Path) -> None:
    """No speculative package or first-seen requests unless the fee state is on disk already
    (a check that fails at once would leave them in flight; a confirmed tx would pay for them)."""
    from txdoctor.core.chains import CHAINS
    from txdoctor.core.net.http import Http
    from txdoctor.families.bitcoin.facts import BtcNetworkState, FeeLevels
    from txdoctor.families.bitcoin.source import BitcoinSource

    http = Http()
    for url in ("https://mempool.space/api", "http://127.0.0.1:3002/api"):
        src = BitcoinSource(http, CHAINS["btc"], [url])
        assert not src.prefetch_is_cheap()  # no state cache
        src.state_cache = StateCache(tmp_path, ttl=10)
        assert not src.prefetch_is_cheap()  # nothing on disk yet
        state = BtcNetworkState(tip_height=TIP, fees=FeeLevels(5, 4, 3, 2, 1), tips=(("a", TIP),))
        save_btc_state(src.state_cache, "btc", src._state_key(), state)
        assert src.prefetch_is_cheap()
