"""Item 26 (issue 8): an offline txid says what was and was not checked; a raw transaction's
headline names its txid; a cached confirmed transaction asks for nothing it will not use."""

from __future__ import annotations

import json
from pathlib import Path

import respx

from tests.cli_runner import CliRunner
from tests.esplora_mock import MEMPOOL, Explorer, load, mount_fallthrough, quiet_state
from tests.findings_helpers import finding
from txdoctor.api import diagnose
from txdoctor.cli import app
from txdoctor.model import Verdict

TXID = "ab" * 32
RAW = json.loads((Path(__file__).parent / "fixtures/raw-tx/btc_mainnet_raw_txs_verified.json").read_text())[
    "txs"
][0]
runner = CliRunner()


def test_offline_txid_names_no_network_and_says_what_was_not_checked() -> None:
    """Regression: `--offline` on a txid printed `VALID … on Bitcoin mainnet`."""
    d = diagnose(TXID, offline=True)
    assert (d.verdict, d.chain) == (Verdict.VALID, None)
    f = finding(d, "NET_OFFLINE")
    assert f.evidence == {
        "checked": "format",
        "not_checked": "whether it exists, which network it is on, its status",
    }
    text = runner.invoke(app, ["check", TXID, "--offline"]).stdout
    assert text.splitlines()[0].strip() == f"VALID  txid {TXID}"
    assert "Bitcoin mainnet" not in text


def test_offline_txid_with_a_chain_names_it() -> None:
    d = diagnose(TXID, offline=True, chain="btc-signet")
    assert d.chain == "btc-signet"
    assert (
        finding(d, "NET_OFFLINE").evidence["not_checked"] == "whether it exists, its status on Bitcoin signet"
    )


def test_a_raw_transactions_headline_shows_its_txid_not_the_hex() -> None:
    result = runner.invoke(app, ["check", RAW["hex"], "--offline"])
    head = " ".join(line.strip() for line in result.stdout.splitlines()[:2])  # wrapped at 80 columns
    assert head.startswith(f"VALID raw transaction {RAW['txid']}") or head.startswith(
        f"VALID  raw transaction {RAW['txid']}"
    )
    assert RAW["hex"][:40] not in result.stdout
    data = json.loads(runner.invoke(app, ["check", RAW["hex"], "--offline", "--json"]).stdout)
    assert (data["input"], data["facts"]["txid"], data["chain"]) == (RAW["hex"], RAW["txid"], None)


def test_a_cached_confirmed_tx_fetches_no_fee_levels_and_searches_no_other_network(
    router: respx.Router,
) -> None:
    tx = load("esplora/mempool_backend_txs_random_4.json")[2]  # block 848136: deep enough to cache
    mempool = Explorer(router, MEMPOOL)
    mempool.state(quiet_state(), 890448)
    mempool.tx(tx)
    mount_fallthrough(router)
    first = json.loads(runner.invoke(app, ["check", tx["txid"], "--json"]).stdout)
    assert first["verdict"] == "confirmed"
    before = len(router.calls)
    again = json.loads(runner.invoke(app, ["check", tx["txid"], "--json"]).stdout)
    assert (again["verdict"], again["facts"]["provider"]) == ("confirmed", "cache")
    assert again["facts"]["confirmations"] == 890448 - 848136 + 1
    paths = [c.request.url.path for c in list(router.calls)[before:]]
    assert paths and all(p.endswith("/blocks/tip/height") for p in paths), paths  # the tips only
