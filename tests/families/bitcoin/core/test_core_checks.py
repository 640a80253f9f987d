"""The Core node's findings from hand-built facts (no node): reasons regtest cannot produce,
and the arithmetic behind each fix."""

from __future__ import annotations

import time

import pytest

from tests.findings_helpers import codes, evidence
from txdoctor.core.chains import CHAINS
from txdoctor.core.classify import classify
from txdoctor.core.diagnosis import make_diagnosis
from txdoctor.families.bitcoin.checks import BtcTxContext, btc_tx_checks
from txdoctor.families.bitcoin.core_checks import dust_threshold
from txdoctor.families.bitcoin.facts import BtcNetworkState, BtcTxLookup, InputState, MempoolAccept
from txdoctor.families.bitcoin.rawtx import RawInput, RawOutput, RawTx
from txdoctor.model import Diagnosis

NODE = "core+http://***@127.0.0.1:9332"  # hand-built facts: no node was asked
RAW = RawTx(
    txid="cd" * 32,
    wtxid="ce" * 32,
    version=2,
    locktime=0,
    inputs=(RawInput("ab" * 32, 1, 0xFFFFFFFD),),
    outputs=(RawOutput(100, "0014" + "11" * 20), RawOutput(90_000, "76a914" + "22" * 20 + "88ac")),
    size=150,
    weight=600,
    segwit=True,
)


def diagnosis(lookup: BtcTxLookup) -> Diagnosis:
    ctx = BtcTxContext(CHAINS["ltc"], lookup, BtcNetworkState(tip_height=100, fees=None), time.time())
    return make_diagnosis(classify("ab" * 32), "ltc", btc_tx_checks.run(ctx), {})


def accept_diagnosis(reason: str | None, fee: int | None = 150, vsize: int = 150, **kw: object) -> Diagnosis:
    accept = MempoolAccept(NODE, reason is None, reason, fee, vsize, **kw)  # type: ignore[arg-type]
    return diagnosis(BtcTxLookup("ltc", RAW.txid, None, provider=NODE, raw=RAW, accept=accept))


def test_mempool_min_fee_says_the_rate_and_the_extra_cost() -> None:
    d = accept_diagnosis("mempool min fee not met", mempool_min_fee=5.0, min_relay_fee=1.0)
    ev = evidence(d, "BTC_RAW_TX_MEMPOOL_MIN_FEE")
    assert (ev["needed_fee_rate"], ev["needed_fee"], ev["extra_fee"]) == (5.0, 750, 600)
    assert d.verdict.value == "stuck"
    assert "BTC_RAW_TX_NOT_BROADCAST" not in codes(d)


def test_replacement_fee_adds_the_incremental_relay_fee() -> None:
    d = accept_diagnosis(
        "insufficient fee, rejecting replacement", replaced=(("ef" * 32, 400, 200),), incremental_fee=1.0
    )
    ev = evidence(d, "BTC_RAW_TX_REPLACEMENT_FEE")
    assert (ev["needed_fee"], ev["extra_fee"]) == (550, 400)


def test_time_locktime_names_the_median_time() -> None:
    from dataclasses import replace

    lookup = BtcTxLookup(
        "ltc",
        RAW.txid,
        None,
        provider=NODE,
        raw=replace(RAW, locktime=1_900_000_000),
        accept=MempoolAccept(NODE, False, "non-final", 150, 150, median_time=1_800_000_000),
    )
    ev = evidence(diagnosis(lookup), "BTC_RAW_TX_NON_FINAL")
    assert (ev["locktime"], ev["median_time"]) == (1_900_000_000, 1_800_000_000)


def test_spent_input_without_a_known_spender() -> None:
    d = accept_diagnosis("txn-mempool-conflict", inputs=(InputState(0, "spent"),))
    ev = evidence(d, "BTC_RAW_TX_INPUTS_SPENT")
    assert ev["inputs"][0]["spent_by"] is None
    assert d.verdict.value == "replaced"


def test_unknown_reason_is_said_verbatim() -> None:
    d = accept_diagnosis("mandatory-script-verify-flag-failed (Signature must be zero)")
    assert "Signature must be zero" in evidence(d, "BTC_RAW_TX_REJECTED")["reject_reason"]
    assert "Signature must be zero" in d.ranked_findings()[0].message
    assert d.verdict.value == "invalid"


@pytest.mark.parametrize(
    ("script", "limit"),
    [
        ("0014" + "11" * 20, 294),  # P2WPKH
        ("76a914" + "22" * 20 + "88ac", 546),  # P2PKH
        ("a914" + "33" * 20 + "87", 540),  # P2SH
        ("0020" + "44" * 32, 330),  # P2WSH
        ("5120" + "55" * 32, 330),  # P2TR
    ],
)
def test_dust_limits_match_core(script: str, limit: int) -> None:
    assert dust_threshold(script) == limit


def test_node_without_txindex_alone_cannot_tell() -> None:
    d = diagnosis(BtcTxLookup("ltc", "ab" * 32, None, provider=NODE, node_blind=(NODE,)))
    assert codes(d) == ["BTC_NODE_NO_TXINDEX"]
    assert d.verdict.value == "unreachable"


def test_node_without_txindex_then_an_explorer_that_also_has_nothing() -> None:
    lookup = BtcTxLookup(
        "ltc", "ab" * 32, None, provider=NODE, node_blind=(NODE,), not_found_confirmed_by=("https://x/api",)
    )
    d = diagnosis(lookup)
    assert "BTC_TX_NOT_FOUND" in codes(d)
    assert d.verdict.value == "not_found"
