"""Where is this txid? Networks searched together (issue 8 items 4-5, issue 13's not-found rows)."""

from __future__ import annotations

import httpx
import pytest
import respx

from tests.esplora_mock import (
    BLOCKSTREAM,
    MEMPOOL,
    Explorer,
    docs_sample,
    load,
    mount_fallthrough,
    quiet_state,
)
from tests.families.tron.helpers import TronGrid
from tests.families.tron.helpers import load as tron_load
from tests.findings_helpers import codes, finding
from txdoctor.api import diagnose
from txdoctor.model import Verdict

MISSING = "00" * 32
EVERY_NETWORK = [
    "btc",
    "btc-testnet",
    "btc-testnet4",
    "btc-signet",
    "ltc",
    "tron",
    "tron-nile",
    "tron-shasta",
]
TESTNET_NODE = "http://testnet-node.example:3000/api"
USDT_TX = "661f1df88ce02b746efe7449c3c7a04d6d21a7fc019723c92679228d8275ad57"


def cause(d: object) -> dict[str, object]:
    found = [f for f in d.findings if f.code == "NET_NOT_FOUND_CAUSE"]  # type: ignore[attr-defined]
    assert len(found) == 1  # exactly one, whatever the family
    return dict(found[0].evidence)


def test_a_bare_txid_found_nowhere_names_every_network_searched(router: respx.Router) -> None:
    """Regression: not_found named no cause and no network besides mainnet's explorers."""
    Explorer(router, MEMPOOL).state(quiet_state(), 890448)
    mount_fallthrough(router)
    d = diagnose(MISSING)
    assert (d.verdict, d.chain) == (Verdict.NOT_FOUND, "btc")
    assert codes(d)[:1] == ["BTC_TX_NOT_FOUND"]
    assert cause(d) == {
        "cause": "never_broadcast",
        "searched": EVERY_NETWORK,
        "unreachable": [],
        "found_on": [],
    }
    assert finding(d, "NET_NOT_FOUND_CAUSE").category.value == "network"


def test_networks_that_could_not_be_asked_are_named(router: respx.Router) -> None:
    Explorer(router, MEMPOOL).state(quiet_state(), 890448)
    router.get(url__startswith="https://litecoinspace.org/api").mock(return_value=httpx.Response(503))
    mount_fallthrough(router, skip=("https://litecoinspace.org/api",))
    d = diagnose(MISSING, timeout=2)
    assert d.verdict is Verdict.NOT_FOUND
    ev = cause(d)
    assert ev["unreachable"] == ["ltc"]
    assert ev["searched"] == [n for n in EVERY_NETWORK if n != "ltc"]
    assert "Could not ask: Litecoin." in finding(d, "NET_NOT_FOUND_CAUSE").message


def test_not_found_at_the_default_providers_in_few_requests_and_no_v1_to_blockstream(
    router: respx.Router,
) -> None:
    """Issue 13: one cheap request per other network, not four; mempool.space-only paths never
    go to Blockstream (request counts, not timings: the round trips are in benchmarks/)."""
    Explorer(router, MEMPOOL).state(quiet_state(), 890448)
    mount_fallthrough(router)
    d = diagnose(MISSING)
    assert d.verdict is Verdict.NOT_FOUND
    calls = [c.request.url for c in router.calls]
    assert len(calls) <= 15, calls
    assert not [u for u in calls if u.host == "blockstream.info" and "/v1/" in u.path]
    per_network = {"/testnet/api/", "/testnet4/api/", "/signet/api/"}
    for prefix in per_network:  # the other networks: only "/tx/<txid>"
        assert [u.path for u in calls if u.host == "mempool.space" and u.path.startswith(prefix)] == [
            f"{prefix}tx/{MISSING}"
        ]


def test_a_testnet_txid_is_found_although_mainnet_is_unreachable(
    router: respx.Router, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression (item 4): with only TXDOCTOR_URL_BTC_TESTNET set, an unreachable mainnet stopped
    the search (UNREACHABLE … Bitcoin mainnet) and the testnet URL was never asked."""
    monkeypatch.setenv("TXDOCTOR_URL_BTC_TESTNET", TESTNET_NODE)
    sample = docs_sample("get-transaction", "Testnet")["response"]  # a real testnet3 tx
    node = Explorer(router, TESTNET_NODE)
    node.state(quiet_state(), 2091200)
    node.tx(sample)
    router.get(url__startswith=TESTNET_NODE).mock(return_value=httpx.Response(404, text="Not Found"))
    router.get(url__startswith=MEMPOOL).mock(side_effect=httpx.ConnectError("unreachable"))
    router.get(url__startswith=BLOCKSTREAM).mock(side_effect=httpx.ConnectError("unreachable"))
    mount_fallthrough(router, skip=(MEMPOOL, BLOCKSTREAM))
    d = diagnose(sample["txid"], timeout=2)
    assert (d.verdict, d.chain) == (Verdict.CONFIRMED, "btc-testnet")
    assert d.facts["confirmations"] == 2091200 - 2091199 + 1
    assert finding(d, "BTC_TX_NETWORK_INFERRED").evidence == {"chain": "btc-testnet"}
    incomplete = finding(d, "NET_SEARCH_INCOMPLETE")
    assert incomplete.evidence["unreachable"] == ["btc"]
    assert {f["provider"] for f in incomplete.evidence["failures"]} == {MEMPOOL, BLOCKSTREAM}
    assert d.exit_code == 0


def test_with_chain_a_hit_on_another_network_is_the_wrong_network_finding(router: respx.Router) -> None:
    sample = docs_sample("get-transaction", "Testnet")["response"]
    Explorer(router, MEMPOOL).state(quiet_state(), 890448)
    Explorer(router, "https://mempool.space/testnet/api").tx(sample)
    mount_fallthrough(router)
    d = diagnose(sample["txid"], chain="btc")
    assert (d.verdict, d.chain) == (Verdict.NOT_FOUND, "btc")
    assert finding(d, "BTC_TX_ON_OTHER_NETWORK").evidence["found_on"] == ["btc-testnet"]
    ev = cause(d)
    assert (ev["cause"], ev["found_on"]) == ("other_network", ["btc-testnet"])
    assert "BTC_TX_NOT_FOUND" not in codes(d)


def test_a_txid_found_only_on_tron_nile_is_diagnosed_there(router: respx.Router) -> None:
    """A bare ID found nowhere else: TRON's test networks are searched too."""
    Explorer(router, MEMPOOL).state(quiet_state(), 890448)
    nile = TronGrid(router, "https://nile.trongrid.io")
    nile.txs[USDT_TX] = tron_load("gettransactionbyid_usdt_transfer_661f1df8.json")
    nile.infos[USDT_TX] = tron_load("gettransactioninfobyid_usdt_transfer_success_661f1df8.json")
    mount_fallthrough(router)
    d = diagnose(USDT_TX)
    assert (d.verdict, d.chain) == (Verdict.CONFIRMED, "tron-nile")
    assert finding(d, "BTC_TX_NETWORK_INFERRED").evidence == {"chain": "tron-nile"}
    assert "NET_NOT_FOUND_CAUSE" not in codes(d)


def test_tron_with_chain_finds_it_on_another_tron_network(router: respx.Router) -> None:
    shasta = TronGrid(router, "https://api.shasta.trongrid.io")
    shasta.txs[USDT_TX] = tron_load("gettransactionbyid_usdt_transfer_661f1df8.json")
    mount_fallthrough(router)
    d = diagnose(USDT_TX, chain="tron")
    assert (d.verdict, d.chain) == (Verdict.NOT_FOUND, "tron")
    assert finding(d, "TRON_TX_ON_OTHER_NETWORK").evidence == {"found_on": ["tron-shasta"], "checked": "tron"}
    ev = cause(d)
    assert (ev["cause"], ev["found_on"], ev["searched"]) == (
        "other_network",
        ["tron-shasta"],
        EVERY_NETWORK[5:],
    )


def test_a_replaced_tx_is_answered_from_the_first_round(router: respx.Router) -> None:
    """Issue 13: /v1/tx/:txid/rbf and /cached go out with /tx (mempool.space), never after the 404."""
    original = "242f3fff9ca7d5aea7a7a57d886f3fa7329e24fac948598a991b3a3dd631cd29"
    mempool = Explorer(router, MEMPOOL)
    mempool.state(quiet_state(), 890448)
    mempool.missing_tx(original)
    mempool.route(f"v1/tx/{original}/rbf", load("esplora/mempool_v1_tx_rbf_242f3fff.json"))
    mempool.route(
        f"v1/tx/{original}/cached", load("esplora/mempool_tx_unconfirmed_rbf_original_242f3fff.json")
    )
    mount_fallthrough(router)
    d = diagnose(original)
    assert d.verdict is Verdict.REPLACED
    assert finding(d, "BTC_TX_REPLACED").evidence["replaced_by"] == d.facts["replaced_by"]
    assert "NET_NOT_FOUND_CAUSE" not in codes(d)


def test_in_a_batch_the_other_networks_are_asked_only_after_a_miss(router: respx.Router) -> None:
    """A batch (not speculative) spends no request on other networks for a tx found where asked."""
    import asyncio

    from txdoctor.core.dispatch import diagnose_many
    from txdoctor.core.session import Options

    tx = load("esplora/mempool_backend_txs_random_4.json")[2]
    mempool = Explorer(router, MEMPOOL)
    mempool.state(quiet_state(), 890448)
    mempool.tx(tx)
    mount_fallthrough(router)
    options = Options(speculative=False, environ={})
    found, missing = asyncio.run(diagnose_many([tx["txid"], MISSING], options))
    assert (found.verdict, missing.verdict) == (Verdict.CONFIRMED, Verdict.NOT_FOUND)
    asked = [c.request.url for c in router.calls]
    elsewhere = [u for u in asked if u.host != "mempool.space" or not u.path.startswith("/api/")]
    assert not [u for u in elsewhere if tx["txid"] in str(u)]  # the confirmed one: mainnet only
    assert cause(missing)["searched"] == EVERY_NETWORK  # the missing one: every network


def test_with_only_the_users_own_url_the_cause_says_the_search_was_narrowed(router: respx.Router) -> None:
    """Regression: with --url btc=OWN the other networks are not asked, yet the cause said
    `never_broadcast` as confidently as after searching every network."""
    own = "http://127.0.0.1:3002/api"
    node = Explorer(router, own)
    node.state(quiet_state(), 890448)
    router.get(url__startswith=own).mock(return_value=httpx.Response(404, text="Transaction not found"))
    d = diagnose(MISSING, urls={"btc": own}, timeout=2)
    assert (d.verdict, d.chain) == (Verdict.NOT_FOUND, "btc")
    assert cause(d) == {
        "cause": "never_broadcast",
        "searched": ["btc"],
        "unreachable": [],
        "found_on": [],
        "narrowed": True,
    }
    f = finding(d, "NET_NOT_FOUND_CAUSE")
    assert "Only Bitcoin mainnet was searched" in f.message
    assert "another network" in f.message and "public explorer" in f.advice
    assert not [r for r in router.calls if not str(r.request.url).startswith(own)]  # nothing public asked


def test_every_network_searched_is_not_narrowed(router: respx.Router) -> None:
    Explorer(router, MEMPOOL).state(quiet_state(), 890448)
    mount_fallthrough(router)
    d = diagnose(MISSING)
    assert "narrowed" not in cause(d)
    assert "Only" not in finding(d, "NET_NOT_FOUND_CAUSE").message
