"""Online address diagnosis: activity, balance and pending transactions, on real recorded answers."""

from __future__ import annotations

import respx

from tests.esplora_mock import MEMPOOL, Explorer, congested_state, docs_sample, load, mount_fallthrough
from txdoctor.api import diagnose
from txdoctor.model import Verdict


def test_mainnet_address_activity_and_pending_tx(router: respx.Router) -> None:
    sample = docs_sample("get-address")
    address = sample["args"][0]
    pending = load("esplora/mempool_backend_txs_random_4.json")[1]  # ≈ 1.06 sat/vB, unconfirmed
    m = Explorer(router, MEMPOOL)
    m.state(congested_state(), 890448)
    m.route(f"address/{address}", sample["response"])
    m.route(f"address/{address}/txs/mempool", [pending])
    mount_fallthrough(router)
    d = diagnose(address)
    assert d.verdict is Verdict.VALID
    assert d.chain == "btc"
    act = next(f for f in d.findings if f.code == "ADDR_ACTIVITY")
    assert act.evidence["confirmed_tx_count"] == 7
    assert act.evidence["confirmed_balance"] == 0  # 15007599040 funded, all spent
    tx = next(f for f in d.findings if f.code == "ADDR_PENDING_TX")
    assert tx.evidence["txid"] == pending["txid"]
    assert tx.evidence["fee_rate"] == round(691 / 652, 2)
    assert tx.severity.value == "warning"  # below the 2 sat/vB mempool minimum
    assert d.facts["activity"]["btc"]["confirmed_tx_count"] == 7
    assert d.facts["type"] == "p2pkh"


def test_testnet_address_is_looked_up_on_every_test_network(router: respx.Router) -> None:
    sample = docs_sample("get-address", "Testnet")
    address = sample["args"][0]
    t = Explorer(router, "https://mempool.space/testnet/api")
    t.route(f"address/{address}", sample["response"])
    t.route(f"address/{address}/txs/mempool", [])
    mount_fallthrough(router)
    d = diagnose(address)
    assert d.verdict is Verdict.VALID
    assert d.chain == "btc-testnet"  # the only test network with activity
    assert {f.evidence["chain"] for f in d.findings if f.code == "ADDR_ACTIVITY"} == {"btc-testnet"}
    hosts = {(c.request.url.host, c.request.url.path.split("/address")[0]) for c in router.calls}
    assert ("mempool.space", "/testnet4/api") in hosts and ("mempool.space", "/signet/api") in hosts
