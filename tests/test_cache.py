"""The on-disk cache keeps deeply confirmed transactions only, and is used on a later run."""

from __future__ import annotations

import asyncio
from pathlib import Path

import respx

from tests.esplora_mock import MEMPOOL, Explorer, load, mount_fallthrough, quiet_state
from txdoctor.core.dispatch import diagnose_many
from txdoctor.core.session import Options
from txdoctor.families.bitcoin.cache import REORG_SAFE_DEPTH, TxCache
from txdoctor.model import Verdict

CONFIRMED = load("esplora/mempool_backend_txs_random_4.json")[2]  # block 848136
PENDING = load("esplora/mempool_tx_unconfirmed_rbf_replacement_b6a53d8a.json")


def test_deep_confirmation_is_cached_and_reused(router: respx.Router, tmp_path: Path) -> None:
    m = Explorer(router, MEMPOOL)
    m.state(quiet_state(), 890448)
    route = m.route(f"tx/{CONFIRMED['txid']}", CONFIRMED)
    m.tx(PENDING)
    mount_fallthrough(router)
    options = Options(cache_dir=str(tmp_path))
    first = asyncio.run(diagnose_many([CONFIRMED["txid"], PENDING["txid"]], options))
    second = asyncio.run(diagnose_many([CONFIRMED["txid"], PENDING["txid"]], options))
    assert route.call_count == 1  # the second run read the cache
    assert second[0].facts["provider"] == "cache"
    assert second[0].verdict is Verdict.CONFIRMED
    assert second[0].facts["confirmations"] == first[0].facts["confirmations"] == 890448 - 848136 + 1
    # pending state is never cached
    assert second[1].facts["provider"] == "https://mempool.space/api"
    assert [p.name for p in tmp_path.rglob("*.json")] == [f"{CONFIRMED['txid']}.json"]


def test_shallow_or_unconfirmed_is_not_cached(tmp_path: Path) -> None:
    from txdoctor.families.bitcoin.esplora import parse_tx

    cache = TxCache(tmp_path)
    tx = parse_tx("fixture", CONFIRMED)
    assert not cache.put("btc", tx, REORG_SAFE_DEPTH - 1)
    assert not cache.put("btc", parse_tx("fixture", PENDING), None)
    assert cache.put("btc", tx, REORG_SAFE_DEPTH)
    assert cache.get("btc", tx.txid) == tx
    # a corrupt entry is ignored, an unsafe name never touches the disk
    next(tmp_path.rglob("*.json")).write_text("{not json")
    assert cache.get("btc", tx.txid) is None
    assert cache.get("btc", "../../etc/passwd") is None
