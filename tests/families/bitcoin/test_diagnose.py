"""End-to-end Bitcoin txid diagnoses, replaying real recorded explorer answers."""

from __future__ import annotations

import httpx
import respx

from tests.esplora_mock import (
    BLOCKSTREAM,
    MEMPOOL,
    Explorer,
    congested_state,
    docs_sample,
    load,
    mount_fallthrough,
    quiet_state,
)
from tests.findings_helpers import codes, finding
from txdoctor.api import diagnose
from txdoctor.model import Verdict

TIP = 890448  # block of mempool_ws_block_confirmation_890448.json
RBF_ORIGINAL = "242f3fff9ca7d5aea7a7a57d886f3fa7329e24fac948598a991b3a3dd631cd29"
RBF_REPLACEMENT = "b6a53d8a8025c0c5b194345925a99741b645cae0b1f180f0613273029f2bf698"


def test_confirmed_tx_counts_confirmations(router: respx.Router, mempool: Explorer) -> None:
    tx = load("esplora/mempool_backend_txs_random_4.json")[2]  # block 848136
    mempool.state(quiet_state(), TIP)
    mempool.tx(tx)
    mount_fallthrough(router)
    d = diagnose(tx["txid"])
    assert d.verdict is Verdict.CONFIRMED
    assert d.chain == "btc"
    f = finding(d, "BTC_TX_CONFIRMED")
    assert f.evidence["confirmations"] == TIP - 848136 + 1
    assert f.evidence["block_height"] == 848136
    assert d.facts["confirmations"] == TIP - 848136 + 1
    assert d.facts["rbf"] is False
    assert d.facts["fee_rate"] == round(4000 / 159, 2)  # weight 633 → 159 vB
    assert "BTC_CONGESTION" not in codes(d)  # congestion is noise for a confirmed transfer
    assert d.exit_code == 0


def test_taproot_annex_tx_confirmed(router: respx.Router, mempool: Explorer) -> None:
    tx = load("esplora/mempool_backend_tx_nonstandard_annex.json")[0]  # block 896088
    mempool.state(quiet_state(), 896100)
    mempool.tx(tx)
    mount_fallthrough(router)
    d = diagnose(tx["txid"])
    assert d.verdict is Verdict.CONFIRMED
    assert d.facts["confirmations"] == 13


def test_pending_replacement_is_in_next_block(router: respx.Router, mempool: Explorer) -> None:
    """b6a53d8a at 4.29 sat/vB against the projected blocks recorded right after it was sent."""
    tx = load("esplora/mempool_tx_unconfirmed_rbf_replacement_b6a53d8a.json")
    mempool.state(quiet_state(), TIP - 1)
    mempool.tx(tx)
    mempool.route(f"v1/cpfp/{RBF_REPLACEMENT}", load("esplora/mempool_v1_cpfp_b6a53d8a_no_relatives.json"))
    mempool.route(f"v1/tx/{RBF_REPLACEMENT}/rbf", load("esplora/mempool_v1_tx_rbf_b6a53d8a.json"))
    mempool.route(
        f"v1/transaction-times?txId[]={RBF_REPLACEMENT}",
        load("esplora/mempool_v1_transaction_times_b6a53d8a.json"),
    )
    mount_fallthrough(router)
    d = diagnose(RBF_REPLACEMENT)
    assert d.verdict is Verdict.PENDING
    assert d.exit_code == 0
    fee = finding(d, "BTC_FEE_OK")
    assert fee.evidence["projected_block"] == 0
    assert fee.evidence["eta_blocks"] == 1
    # ETA uses the recorded adjustedTimeAvg (302328 ms) rather than a flat 10 minutes
    assert fee.evidence["eta_minutes"] == round(302.328 / 60)
    assert "BTC_ACTION_WAIT" in codes(d)
    assert finding(d, "BTC_TX_UNCONFIRMED").evidence["first_seen"] == 1743541726
    assert d.facts["effective_fee_rate"] == round(960 / 224, 2)
    assert d.facts["rbf"] is True
    assert "replaced_by" not in d.facts
    assert finding(d, "BTC_CONGESTION").evidence["level"] == "normal"


def test_replaced_tx_is_found_through_rbf_history(router: respx.Router, mempool: Explorer) -> None:
    """mempool.space answers 404 for a replaced tx; the RBF history names the winner."""
    mempool.state(quiet_state(), TIP)
    mempool.missing_tx(RBF_ORIGINAL)
    mempool.route(f"v1/tx/{RBF_ORIGINAL}/rbf", load("esplora/mempool_v1_tx_rbf_242f3fff.json"))
    mempool.route(
        f"v1/tx/{RBF_ORIGINAL}/cached", load("esplora/mempool_tx_unconfirmed_rbf_original_242f3fff.json")
    )
    mount_fallthrough(router)
    d = diagnose(RBF_ORIGINAL)
    assert d.verdict is Verdict.REPLACED
    assert d.exit_code == 1
    f = finding(d, "BTC_TX_REPLACED")
    assert f.evidence["replaced_by"] == RBF_REPLACEMENT
    assert f.evidence["replacement_fee_rate"] == 960 / 224
    assert d.facts["replaced_by"] == RBF_REPLACEMENT
    assert d.facts["fee_rate"] == round(606 / 233, 2)
    # a replaced tx gets no fee advice: it can never confirm
    assert not any(c.startswith("BTC_ACTION_") for c in codes(d))


def test_stuck_low_fee_with_rbf_gets_bump_advice(router: respx.Router, mempool: Explorer) -> None:
    """242f3fff (2.6 sat/vB, RBF) against the congested 2024 mempool: beyond the 7th block."""
    tx = load("esplora/mempool_tx_unconfirmed_rbf_original_242f3fff.json")
    mempool.state(congested_state(), TIP)
    mempool.tx(tx)
    mount_fallthrough(router)
    d = diagnose(RBF_ORIGINAL)
    assert d.verdict is Verdict.STUCK
    assert d.exit_code == 1
    low = finding(d, "BTC_FEE_TOO_LOW")
    assert low.evidence["projected_block"] == 7
    assert low.evidence["eta_minutes"] is None
    bump = finding(d, "BTC_ACTION_RBF")
    # half-hour target of 8 sat/vB on 233 vB: 1864 sat, 1258 more than the 606 paid
    assert bump.evidence["new_fee"] == 1864
    assert bump.evidence["extra_cost"] == 1864 - 606
    assert bump.evidence["new_fee_rate"] == 8.0
    cong = finding(d, "BTC_CONGESTION")
    assert cong.evidence["level"] == "congested"
    assert cong.evidence["next_block_fee"] == 8


def test_below_mempool_minimum_is_stuck(router: respx.Router, mempool: Explorer) -> None:
    tx = load("esplora/mempool_backend_txs_random_4.json")[1]  # 691 sat / 652 vB ≈ 1.06 sat/vB
    mempool.state(congested_state(), TIP)  # minimumFee 2
    mempool.tx(tx)
    mount_fallthrough(router)
    d = diagnose(tx["txid"])
    assert d.verdict is Verdict.STUCK
    f = finding(d, "BTC_FEE_BELOW_MEMPOOL_MIN")
    assert f.evidence["mempool_min_fee"] == 2
    assert f.evidence["effective_fee_rate"] == round(691 / 652, 2)
    assert "BTC_ACTION_RBF" in codes(d)


def test_cpfp_child_uses_effective_rate(router: respx.Router, mempool: Explorer) -> None:
    """21518a98 pays 80.5 sat/vB itself but 35.05 with its ancestor: miners see 35.05."""
    tx = load("esplora/mempool_tx_unconfirmed_cpfp_child_21518a98.json")
    mempool.state(congested_state(), TIP)
    mempool.tx(tx)
    mount_fallthrough(router)
    d = diagnose(tx["txid"])
    pkg = finding(d, "BTC_FEE_PACKAGE_RATE")
    assert pkg.evidence["effective_fee_rate"] == 35.05
    # 8794 sat over ceil(437 / 4) = 110 vB (Bitcoin Core vsize; mempool.space shows 109.25)
    assert pkg.evidence["fee_rate"] == 79.95
    assert pkg.evidence["ancestors"] == ["1e3bd5c634781a6ba8bb3d3385b14739bf38cad5332d5fbc5c0ab775e54b9aef"]
    assert d.verdict is Verdict.PENDING
    assert d.facts["effective_fee_rate"] == 35.05


def test_not_found_is_confirmed_by_second_provider(router: respx.Router) -> None:
    txid = "00" * 32
    main = Explorer(router, MEMPOOL)
    main.state(quiet_state(), TIP)
    main.missing_tx(txid)
    fallback = Explorer(router, BLOCKSTREAM)
    fallback.missing_tx(txid)
    mount_fallthrough(router)
    d = diagnose(txid)
    assert d.verdict is Verdict.NOT_FOUND
    f = finding(d, "BTC_TX_NOT_FOUND")
    assert f.evidence["checked_providers"] == ["https://mempool.space/api", "https://blockstream.info/api"]
    assert d.exit_code == 1
    assert "INPUT_MAYBE_PRIVATE_KEY" in codes(d)  # a raw private key is 64 hex too
    assert router.routes  # both explorers were asked
    assert any(c.request.url.host == "blockstream.info" for c in router.calls)


def test_found_on_testnet_when_no_chain_given(router: respx.Router) -> None:
    sample = docs_sample("get-transaction", "Testnet")["response"]
    txid = sample["txid"]
    Explorer(router, MEMPOOL).state(quiet_state(), TIP)
    test = Explorer(router, "https://mempool.space/testnet/api")
    test.state(quiet_state(), 2091200)
    test.tx(sample)
    mount_fallthrough(router)
    d = diagnose(txid)
    assert d.chain == "btc-testnet"
    assert d.verdict is Verdict.CONFIRMED
    assert finding(d, "BTC_TX_NETWORK_INFERRED").evidence["chain"] == "btc-testnet"
    assert d.facts["confirmations"] == 2091200 - 2091199 + 1


def test_wrong_network_with_explicit_chain(router: respx.Router) -> None:
    sample = docs_sample("get-transaction", "Testnet")["response"]
    Explorer(router, MEMPOOL).state(quiet_state(), TIP)
    Explorer(router, "https://mempool.space/testnet/api").tx(sample)
    mount_fallthrough(router)
    d = diagnose(sample["txid"], chain="btc")
    assert d.verdict is Verdict.NOT_FOUND
    f = finding(d, "BTC_TX_ON_OTHER_NETWORK")
    assert f.evidence["found_on"] == ["btc-testnet"]
    assert "--chain btc-testnet" in f.advice


def test_unreachable_when_every_provider_fails(router: respx.Router) -> None:
    txid = "11" * 32
    router.get(url__startswith=MEMPOOL).mock(return_value=httpx.Response(503, text="busy"))
    router.get(url__startswith=BLOCKSTREAM).mock(
        return_value=httpx.Response(200, text="<html><body>Just a moment...</body></html>")
    )
    mount_fallthrough(router, skip=(MEMPOOL, BLOCKSTREAM))  # the other networks searched do not know it
    d = diagnose(txid, timeout=2)
    assert d.verdict is Verdict.UNREACHABLE
    assert d.exit_code == 3
    f = finding(d, "NET_UNREACHABLE")
    reasons = {x["reason"] for x in f.evidence["failures"]}
    assert reasons == {"unavailable", "bad_response"}
    assert "--url btc=" in f.advice


def test_truncated_json_falls_back_to_blockstream(router: respx.Router) -> None:
    tx = load("esplora/mempool_backend_txs_random_4.json")[3]  # b10c…, block 850000
    body = (MEMPOOL, BLOCKSTREAM)
    router.get(f"{body[0]}/tx/{tx['txid']}").mock(return_value=httpx.Response(200, text='{"txid": "b10c'))
    fallback = Explorer(router, BLOCKSTREAM)
    fallback.tx(tx)
    fallback.route("blocks/tip/height", text=str(TIP))
    fallback.route("fee-estimates", load("esplora/esplora_api_docs_examples.json")["fee-estimates"])
    mount_fallthrough(router)
    d = diagnose(tx["txid"])
    assert d.verdict is Verdict.CONFIRMED
    assert d.facts["provider"] == "https://blockstream.info/api"
    f = finding(d, "NET_PROVIDER_FAILED")
    assert f.evidence["failures"][0]["reason"] == "bad_response"
    assert "truncated" in f.evidence["failures"][0]["detail"]
    assert d.facts["confirmations"] == TIP - 850000 + 1


def test_plain_esplora_fee_estimates_drive_the_fee_check(router: respx.Router) -> None:
    """A self-hosted Esplora has no /v1 endpoints: fee levels come from /fee-estimates."""
    base = "http://127.0.0.1:3002/api"
    tx = load("esplora/mempool_backend_txs_random_4.json")[0]  # 584 sat / 143 vB ≈ 4.08 sat/vB
    esplora = Explorer(router, base)
    esplora.tx(tx)
    esplora.route("blocks/tip/height", text=str(TIP))
    docs = load("esplora/esplora_api_docs_examples.json")
    esplora.route("fee-estimates", docs["fee-estimates"])
    esplora.route("mempool", docs["mempool"])
    router.get(url__startswith=base).mock(return_value=httpx.Response(404, text="Not Found"))
    d = diagnose(tx["txid"], urls={"btc": [base]})
    # 4.08 sat/vB is below the 6-block estimate (68.285) → not soon → stuck, with RBF advice
    assert d.verdict is Verdict.STUCK
    low = finding(d, "BTC_FEE_TOO_LOW")
    assert low.evidence["method"] == "fee-levels"
    assert finding(d, "BTC_ACTION_RBF").evidence["target_fee_rate"] == 87.882
    assert finding(d, "BTC_CONGESTION").evidence["backlog_blocks"] == 3.44
    assert all(c.request.url.host == "127.0.0.1" for c in router.calls)


def test_a_litecoin_transaction_is_named_as_such(router: respx.Router) -> None:
    """A bare txid found on no Bitcoin network but on Litecoin (recorded tx shape, served there)."""
    sample = docs_sample("get-transaction")["response"]
    Explorer(router, MEMPOOL).state(quiet_state(), TIP)
    ltc = Explorer(router, "https://litecoinspace.org/api")
    ltc.state(quiet_state(), 363400)
    ltc.tx(sample)
    mount_fallthrough(router)
    d = diagnose(sample["txid"])
    assert (d.chain, d.verdict) == ("ltc", Verdict.CONFIRMED)
    f = finding(d, "BTC_TX_NETWORK_INFERRED")
    assert "LTC" in f.advice
    assert "no value" not in f.advice
    explicit = diagnose(sample["txid"], chain="btc")
    other = finding(explicit, "BTC_TX_ON_OTHER_NETWORK")
    assert other.evidence["found_on"] == ["ltc"]
    assert "which coin and network" in other.advice


def test_explorers_a_few_blocks_apart_are_reported(router: respx.Router, mempool: Explorer) -> None:
    tx = load("esplora/mempool_backend_txs_random_4.json")[2]  # block 848136
    mempool.state(quiet_state(), TIP)
    mempool.tx(tx)
    Explorer(router, BLOCKSTREAM).route("blocks/tip/height", text=str(TIP - 5))  # a lagging explorer
    mount_fallthrough(router)
    d = diagnose(tx["txid"])
    assert d.verdict is Verdict.CONFIRMED
    assert d.facts["confirmations"] == TIP - 848136 + 1  # the first provider's count is used
    f = finding(d, "NET_TIP_MISMATCH")
    assert f.evidence["spread_blocks"] == 5
    assert f.evidence["confirmations_by_provider"] == {
        MEMPOOL: TIP - 848136 + 1,
        BLOCKSTREAM: TIP - 5 - 848136 + 1,
    }
    assert "blockstream.info" in f.message


def test_precise_fee_levels_keep_sub_sat_rates(router: respx.Router, mempool: Explorer) -> None:
    """With precise levels (min 0.1 sat/vB) a 1.06 sat/vB tx is not 'below the minimum'."""
    tx = load("esplora/mempool_backend_txs_random_4.json")[1]  # 691 sat / 652 vB
    mempool.state(congested_state(), TIP)  # recommended (rounded): minimum 2
    mempool.route("v1/fees/precise", docs_sample("get-recommended-fees-precise")["response"])
    mempool.route(
        "v1/fees/mempool-blocks", load("esplora/mempool_backend_fee_mempool_blocks_scenarios.json")["subsat"]
    )
    mempool.tx(tx)
    mount_fallthrough(router)
    d = diagnose(tx["txid"])
    assert "BTC_FEE_BELOW_MEMPOOL_MIN" not in codes(d)
    assert d.verdict is Verdict.PENDING
    ok = finding(d, "BTC_FEE_OK")
    assert ok.evidence["projected_block"] == 0
    assert ok.evidence["next_block_fee"] == 2.023
