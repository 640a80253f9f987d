"""The fee, funds and next-step checks at their boundaries, with the exact findings."""

from __future__ import annotations

import pytest

from tests.families.evm.checks.builders import RICH, codes, history, one, pending, state, tx
from txdoctor.families.evm.checks.replace import bumped, replacement_plan
from txdoctor.families.evm.facts import EvmChainState
from txdoctor.families.evm.units import GWEI
from txdoctor.model import Severity, Verdict

HEALTHY = ["EVM_TX_PENDING", "EVM_FEE_OK", "EVM_ACTION_WAIT", "EVM_CONGESTION"]


def test_a_healthy_pending_transfer_says_exactly_wait() -> None:
    c = pending()
    assert codes(c) == HEALTHY
    ok = one(c, "EVM_FEE_OK")
    assert ok.severity is Severity.OK and ok.verdict is None
    assert ok.evidence["headroom_blocks"] == 3  # 30 / 20 gwei: 1.125 ** 3 ≤ 1.5 < 1.125 ** 4
    assert ok.message == (
        "The fee is enough: max fee 30 gwei against a base fee of 20 gwei for the next block. "
        "It stays valid even if the base fee rises for 3 full blocks in a row."
    )


def test_a_max_fee_equal_to_the_base_fee_is_enough_one_wei_less_is_stuck() -> None:
    at = pending(tx(max_fee_per_gas=20 * GWEI, max_priority_fee_per_gas=0), state(p10=0))
    assert codes(at) == HEALTHY
    assert one(at, "EVM_FEE_OK").evidence["headroom_blocks"] == 0
    assert "rises for 0 full blocks" in one(at, "EVM_FEE_OK").message
    below = pending(tx(max_fee_per_gas=20 * GWEI - 1, max_priority_fee_per_gas=0), state(p10=0))
    assert codes(below) == [
        "EVM_TX_PENDING",
        "EVM_FEE_BELOW_BASE_FEE",
        "EVM_ACTION_REPLACE",
        "EVM_CONGESTION",
    ]
    f = one(below, "EVM_FEE_BELOW_BASE_FEE")
    assert (f.verdict, f.severity, f.evidence["shortfall"]) == (Verdict.STUCK, Severity.ERROR, 1)
    assert f.message.startswith("Stuck: its max fee of 19.999999999 gwei is below the network's base fee")
    assert one(below, "EVM_ACTION_REPLACE").evidence["reason"] == "below_base_fee"


def test_a_tip_at_the_tenth_percentile_is_enough_one_wei_less_is_low() -> None:
    at = pending(tx(max_priority_fee_per_gas=GWEI), state(p10=GWEI))
    assert codes(at) == HEALTHY
    low = pending(tx(max_priority_fee_per_gas=GWEI - 1), state(p10=GWEI))
    assert codes(low) == ["EVM_TX_PENDING", "EVM_FEE_LOW_PRIORITY", "EVM_ACTION_REPLACE", "EVM_CONGESTION"]
    f = one(low, "EVM_FEE_LOW_PRIORITY")
    assert (f.verdict, f.severity, f.evidence["tip"]) == (Verdict.PENDING, Severity.WARNING, GWEI - 1)
    assert (
        "of 0.999999999 gwei is below what 90 % of recently included transactions paid (1 gwei" in f.message
    )
    assert one(low, "EVM_ACTION_REPLACE").evidence["reason"] == "low_priority"


def test_no_recent_tips_means_no_low_priority() -> None:
    assert codes(pending(tx(max_priority_fee_per_gas=0), state(p10=0))) == HEALTHY


def test_a_legacy_price_is_named_gas_price() -> None:
    legacy = tx(type=0, gas_price=10 * GWEI, max_fee_per_gas=None, max_priority_fee_per_gas=None)
    c = pending(legacy, state(next_base=20 * GWEI))
    assert codes(c) == ["EVM_TX_PENDING", "EVM_FEE_BELOW_BASE_FEE", "EVM_ACTION_REPLACE", "EVM_CONGESTION"]
    assert "its gas price of 10 gwei" in one(c, "EVM_FEE_BELOW_BASE_FEE").message
    replace = one(c, "EVM_ACTION_REPLACE")
    assert (
        replace.message == "Speed it up by replacing it: same nonce (5), gas price at least 27 gwei."
    )  # 20 + 25 % + the median tip (2)
    assert "(nodes refuse a replacement that raises the price by less than 10 %: 11 gwei)" in replace.advice
    assert replace.evidence["new_gas_price_gwei"] == "27" and replace.evidence["new_max_fee_gwei"] is None


def test_the_replacement_of_an_eip1559_transaction() -> None:
    c = pending(tx(max_fee_per_gas=10 * GWEI, max_priority_fee_per_gas=GWEI))
    replace = one(c, "EVM_ACTION_REPLACE")
    assert replace.message == (
        "Speed it up by replacing it: same nonce (5), max fee at least 42 gwei and priority fee "
        "at least 2 gwei."
    )
    assert "raises either fee by less than 10 %: 11 gwei and 1.1 gwei)" in replace.advice
    assert "send 0 ETH to yourself with nonce 5" in replace.advice


@pytest.mark.parametrize(("value", "least"), [(0, 1), (1, 2), (10, 11), (100, 110), (101, 112), (7, 8)])
def test_geth_bump_rule_rounds_up(value: int, least: int) -> None:
    assert bumped(value) == least


def test_replacement_plan_takes_the_larger_of_the_rules() -> None:
    plan = replacement_plan(tx(max_fee_per_gas=100 * GWEI, max_priority_fee_per_gas=5 * GWEI), GWEI, GWEI)
    assert plan.max_fee_per_gas == 110 * GWEI and plan.max_priority_fee_per_gas == 5_500_000_000  # +10 %
    plan = replacement_plan(
        tx(max_fee_per_gas=GWEI, max_priority_fee_per_gas=GWEI // 10), 10 * GWEI, 3 * GWEI
    )
    assert plan.max_fee_per_gas == 23 * GWEI and plan.max_priority_fee_per_gas == 3 * GWEI  # 2 × base + tip


def test_exactly_enough_balance_is_enough_one_wei_less_is_stuck() -> None:
    needed = 10**18 + 21000 * 30 * GWEI
    assert codes(pending(balance=needed)) == HEALTHY
    short = pending(balance=needed - 1)
    assert codes(short) == ["EVM_TX_PENDING", "EVM_FEE_OK", "EVM_INSUFFICIENT_FUNDS", "EVM_CONGESTION"]
    f = one(short, "EVM_INSUFFICIENT_FUNDS")
    assert f.evidence == {"balance": str(needed - 1), "needed": str(needed), "shortfall": "1"}
    assert f.verdict is Verdict.STUCK
    assert "(the amount plus gas limit × max fee)" in f.message
    assert f.advice.startswith("Add at least 0.000000000000000001 ETH to the sending address")


def test_unknown_balance_is_not_a_shortfall() -> None:
    assert codes(pending(balance=None)) == HEALTHY


def test_no_base_fee_means_no_fee_verdict_and_no_next_step() -> None:
    st = EvmChainState("eth", 1, None, errors=("fee history: not supported",))
    assert codes(pending(st=st)) == ["EVM_TX_PENDING", "EVM_FEE_LEVELS_UNAVAILABLE"]


@pytest.mark.parametrize(
    ("last", "trend"), [(110, "steady"), (111, "rising"), (90, "steady"), (89, "falling"), (100, "steady")]
)
def test_the_base_fee_trend_band_is_ten_percent(last: int, trend: str) -> None:
    fees = history((100 * GWEI,) * 20 + (last * GWEI,), (0.5,) * 20)
    st = EvmChainState("eth", 1, None, fee_history=fees)
    ev = one(pending(tx(max_fee_per_gas=300 * GWEI), st), "EVM_FEE_OK").evidence
    assert ev["base_fee_trend"] == trend
    assert (ev["base_fee_min"], ev["base_fee_max"]) == (min(100, last) * GWEI, max(100, last) * GWEI)


def test_fee_checks_are_silent_for_a_mined_transaction_and_a_rich_sender() -> None:
    from tests.families.evm.checks.builders import ctx, mined
    from txdoctor.families.evm.facts import EvmReceipt, SenderState

    rc = EvmReceipt("0x" + "12" * 32, 100, None, 21000, 1, GWEI)
    c = ctx(mined(), SenderState("0x" + "aa" * 20, 6, 6, RICH), receipt=rc)
    assert codes(c) == ["EVM_TX_SUCCESS"]
