"""Bitcoin checks from hand-built facts: no HTTP."""

from __future__ import annotations

from typing import Any

from txdoctor.core.chains import CHAINS
from txdoctor.families.bitcoin.checks import BtcTxContext, btc_tx_checks
from txdoctor.families.bitcoin.facts import (
    BtcInput,
    BtcNetworkState,
    BtcOutput,
    BtcTx,
    BtcTxLookup,
    FeeLevels,
    MempoolState,
    ProjectedBlock,
)
from txdoctor.families.bitcoin.fee_checks import congestion_level, cpfp_plan, projected_position, rbf_plan
from txdoctor.model import Verdict, decide_verdict

FEES = FeeLevels(fastest=20, half_hour=12, hour=8, economy=4, minimum=2)
BLOCKS = tuple(ProjectedBlock(1e6, 3000, m, (lo, m, m * 2)) for lo, m in [(15, 20), (11, 12), (8, 9), (5, 6)])
STATE = BtcNetworkState(tip_height=900_000, fees=FEES, projected_blocks=BLOCKS)


def tx(fee: int, vsize: int = 200, sequence: int = 0xFFFFFFFF, out_type: str = "v0_p2wpkh") -> BtcTx:
    return BtcTx(
        txid="aa" * 32,
        vsize=vsize,
        weight=vsize * 4,
        fee=fee,
        inputs=(BtcInput("bb" * 32, 0, sequence),),
        outputs=(BtcOutput(10_000, "bc1qexample", out_type),),
        confirmed=False,
    )


def run(t: BtcTx | None, state: BtcNetworkState = STATE, **lookup: Any) -> tuple[Verdict, dict[str, Any]]:
    lk = BtcTxLookup("btc", "aa" * 32, t, provider="test", **lookup)
    findings = btc_tx_checks.run(BtcTxContext(CHAINS["btc"], lk, state, 0.0))
    return decide_verdict(findings, Verdict.INVALID), {f.code: f.evidence for f in findings}


def test_beyond_projection_without_rbf_gets_cpfp_plan() -> None:
    verdict, ev = run(tx(fee=600))  # 3 sat/vB, below every projected block's minimum
    assert verdict is Verdict.STUCK
    assert ev["BTC_FEE_TOO_LOW"]["projected_block"] is None
    cpfp = ev["BTC_ACTION_CPFP"]
    # target 12 sat/vB over 200 + 110 vB = 3720 sat; the parent paid 600 → child 3120 sat
    assert (cpfp["child_vsize"], cpfp["child_fee"], cpfp["package_fee_rate"]) == (110, 3120, 12.0)
    assert cpfp["child_fee_rate"] == round(3120 / 110, 2)
    assert "BTC_ACTION_RBF" not in ev


def test_rbf_signalled_gets_bump_with_incremental_relay_floor() -> None:
    # 11.5 sat/vB: in projected block 2 → pending, nothing to do
    verdict, ev = run(tx(fee=2300, sequence=0xFFFFFFFD))
    assert verdict is Verdict.PENDING
    assert ev["BTC_FEE_OK"]["projected_block"] == 1
    assert ev["BTC_ACTION_WAIT"]["eta_minutes"] == 20
    # a replacement must add at least 1 sat/vB × its size even when the target is lower
    plan = rbf_plan(fee=2300, vsize=200, target_rate=8)
    assert (plan.new_fee, plan.extra_cost) == (2500, 200)


def test_below_minimum_is_stuck_with_eviction_risk() -> None:
    verdict, ev = run(tx(fee=300, sequence=0))  # 1.5 < 2 sat/vB
    assert verdict is Verdict.STUCK
    assert ev["BTC_FEE_BELOW_MEMPOOL_MIN"] == {"effective_fee_rate": 1.5, "mempool_min_fee": 2}
    assert ev["BTC_ACTION_RBF"]["new_fee"] == 2400


def test_conflict_is_replaced() -> None:
    verdict, ev = run(tx(fee=300), conflicts=((0, "cc" * 32),))
    assert verdict is Verdict.REPLACED
    assert ev["BTC_TX_CONFLICT"]["conflicts"] == [{"input": 0, "spent_by": "cc" * 32}]
    assert not any(code.startswith(("BTC_FEE", "BTC_ACTION")) for code in ev)


def test_no_fee_levels_is_said_not_guessed() -> None:
    verdict, ev = run(tx(fee=600), BtcNetworkState(tip_height=None, fees=None, errors=("x: timed out",)))
    assert verdict is Verdict.PENDING
    assert ev["BTC_FEE_LEVELS_UNAVAILABLE"]["errors"] == ["x: timed out"]
    assert "BTC_FEE_TOO_LOW" not in ev


def test_position_eta_and_congestion_levels() -> None:
    assert projected_position(16, STATE) is not None
    p = projected_position(16, STATE)
    assert p is not None and (p.block_index, p.eta_blocks, p.eta_minutes, p.soon) == (0, 1, 10, True)
    assert congestion_level(MempoolState(1, 500_000, 1), ()) == ("quiet", 0.5)
    assert congestion_level(MempoolState(1, 3_000_000, 1), ()) == ("normal", 3.0)
    assert congestion_level(MempoolState(1, 19_000_000, 1), ()) == ("busy", 19.0)
    assert congestion_level(MempoolState(1, 20_000_000, 1), ()) == ("congested", 20.0)
    assert congestion_level(None, ()) is None
    assert cpfp_plan(fee=10_000, vsize=100, target_rate=5, output_type="p2pkh", min_rate=1).child_fee == 192


def test_a_confirmed_tx_is_never_called_replaced() -> None:
    """A stale RBF history (or outspend) cannot outvote a block."""
    from dataclasses import replace

    from txdoctor.families.bitcoin.facts import BtcReplacement

    mined = replace(tx(fee=600), confirmed=True, block_height=899_990)
    stale = BtcReplacement(
        replaced_by="cc" * 32, replacement_fee_rate=5.0, replacement_mined=False, full_rbf=True
    )
    verdict, ev = run(mined, replacement=stale, conflicts=((0, "dd" * 32),))
    assert verdict is Verdict.CONFIRMED
    assert ev["BTC_TX_CONFIRMED"]["confirmations"] == 11
    assert "BTC_TX_REPLACED" not in ev and "BTC_TX_CONFLICT" not in ev


def test_without_projected_blocks_a_mempool_under_one_block_takes_any_rate_above_the_minimum() -> None:
    """A Core node (or plain Esplora) gives fee estimates, not projected blocks. Its estimates
    come from past blocks: 20 sat/vB over a mempool of 1 kvB called a 2.4 sat/vB transaction
    stuck, with a bump to 20 sat/vB advised, and the next block mined it (litecoind regtest)."""
    quiet = BtcNetworkState(tip_height=900_000, fees=FEES, mempool=MempoolState(2, 1_026, 1_000))
    verdict, ev = run(tx(fee=480), quiet)  # 2.4 sat/vB, above the mempool minimum of 2
    assert verdict is Verdict.PENDING
    assert ev["BTC_FEE_OK"]["method"] == "mempool-room"
    assert (ev["BTC_FEE_OK"]["projected_block"], ev["BTC_FEE_OK"]["eta_blocks"]) == (0, 1)
    assert ev["BTC_FEE_OK"]["next_block_fee"] == 2  # the mempool minimum, not the 20 estimated
    assert ev["BTC_CONGESTION"]["next_block_fee"] == 2
    assert "BTC_ACTION_WAIT" in ev and "BTC_ACTION_RBF" not in ev
    # A mempool of more than one block: the estimates decide, as before.
    busy = BtcNetworkState(tip_height=900_000, fees=FEES, mempool=MempoolState(9_000, 3_000_000, 1))
    verdict, ev = run(tx(fee=480), busy)
    assert verdict is Verdict.STUCK
    assert ev["BTC_FEE_TOO_LOW"]["method"] == "fee-levels"
    assert ev["BTC_CONGESTION"]["next_block_fee"] == 20
    # Below the mempool minimum: still stuck, room or not.
    verdict, ev = run(tx(fee=300), quiet)  # 1.5 sat/vB
    assert verdict is Verdict.STUCK and "BTC_FEE_BELOW_MEMPOOL_MIN" in ev
