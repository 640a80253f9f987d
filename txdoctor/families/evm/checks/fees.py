"""A pending transaction's fee against the next block's base fee, and whether the sender can pay."""

from __future__ import annotations

import math
from collections.abc import Iterator

from txdoctor.core.findings import Term, finding
from txdoctor.families.evm.checks.context import EvmTxContext
from txdoctor.families.evm.facts import EvmTx, FeeHistory, format_gwei, format_native
from txdoctor.model import Category, Finding, Severity, Verdict

# The base fee can rise by at most 12.5 % per block (EIP-1559).
BASE_FEE_MAX_STEP = 1.125


TREND_BAND = 0.10  # base fee counts as rising/falling beyond ±10 % over the window


def _trend(history: FeeHistory) -> tuple[str, int, int]:
    fees = [f for f in history.base_fees if f is not None]
    low, high = min(fees), max(fees)
    first, last = fees[0], fees[-1]
    if first and last > first * (1 + TREND_BAND):
        return "rising", low, high
    if first and last < first * (1 - TREND_BAND):
        return "falling", low, high
    return "steady", low, high


def fee_field(tx: EvmTx) -> Term:
    """ "max fee" (EIP-1559) or "gas price" (legacy): the fee field that caps the price."""
    return Term("finding.EVM_FEE_BELOW_BASE_FEE." + ("max_fee" if tx.dynamic_fee else "gas_price"))


def _fee_evidence(tx: EvmTx, base: int, history: FeeHistory | None) -> dict[str, object]:
    cap = tx.fee_cap or 0
    evidence: dict[str, object] = {
        "max_fee_per_gas": tx.max_fee_per_gas,
        "max_priority_fee_per_gas": tx.max_priority_fee_per_gas,
        "gas_price": tx.gas_price if not tx.dynamic_fee else None,
        "next_base_fee": base,
        "next_base_fee_gwei": format_gwei(base),
        "fee_cap_gwei": format_gwei(cap),
    }
    if history is not None and history.base_fees:
        trend, low, high = _trend(history)
        evidence.update(
            base_fee_trend=trend,
            base_fee_min=low,
            base_fee_max=high,
            blocks=len(history.gas_used_ratios),
            recent_tip_p10=history.reward_percentile(10.0),
            recent_tip_p50=history.reward_percentile(50.0),
            recent_tip_p90=history.reward_percentile(90.0),
        )
    return evidence


def fee(ctx: EvmTxContext) -> Iterator[Finding]:
    tx = ctx.pending_tx
    if tx is None or tx.fee_cap is None:
        return
    base = ctx.next_base_fee
    if base is None:
        yield _fee_levels_unavailable(ctx)
        return
    evidence = _fee_evidence(tx, base, ctx.history)
    tip = tx.tip_at(base)
    p10 = evidence.get("recent_tip_p10")
    if tx.fee_cap < base:
        yield _below_base_fee(tx, {**evidence, "shortfall": base - tx.fee_cap})
    elif isinstance(p10, int) and p10 > 0 and tip is not None and tip < p10:
        yield _low_priority({**evidence, "tip": tip}, tip, p10)
    else:
        yield _fee_ok(tx, evidence, base, tip)


def _fee_levels_unavailable(ctx: EvmTxContext) -> Finding:
    return finding(
        "EVM_FEE_LEVELS_UNAVAILABLE",
        Category.FEE,
        Severity.INFO,
        {"errors": list(ctx.state.errors) if ctx.state else []},
    )


def _below_base_fee(tx: EvmTx, evidence: dict[str, object]) -> Finding:
    return finding(
        "EVM_FEE_BELOW_BASE_FEE", Category.FEE, Severity.ERROR, evidence, Verdict.STUCK, which=fee_field(tx)
    )


def _low_priority(evidence: dict[str, object], tip: int, p10: int) -> Finding:
    return finding(
        "EVM_FEE_LOW_PRIORITY",
        Category.FEE,
        Severity.WARNING,
        evidence,
        Verdict.PENDING,
        tip_gwei=format_gwei(tip),
        low_tip_gwei=format_gwei(p10),
    )


def _fee_ok(tx: EvmTx, evidence: dict[str, object], base: int, tip: int | None) -> Finding:
    cap = tx.fee_cap or 0
    steps = int(math.log(cap / base) / math.log(BASE_FEE_MAX_STEP)) if base > 0 else None
    room = Term("finding.EVM_FEE_OK.room", count=steps) if steps is not None and steps < 1000 else ""
    return finding(
        "EVM_FEE_OK",
        Category.FEE,
        Severity.OK,
        {**evidence, "tip": tip, "headroom_blocks": steps},
        None,
        which=fee_field(tx),
        room=room,
    )


def funds(ctx: EvmTxContext) -> Iterator[Finding]:
    tx = ctx.pending_tx
    lk = ctx.lookup
    if tx is None or lk is None or lk.sender is None or lk.sender.balance is None or tx.fee_cap is None:
        return
    needed = tx.value + tx.gas_limit * tx.fee_cap
    balance = lk.sender.balance
    if balance >= needed:
        return
    yield finding(
        "EVM_INSUFFICIENT_FUNDS",
        Category.FEE,
        Severity.ERROR,
        {"balance": str(balance), "needed": str(needed), "shortfall": str(needed - balance)},
        Verdict.STUCK,
        needed_amount=format_native(needed, ctx.symbol),
        which=fee_field(tx),
        balance_amount=format_native(balance, ctx.symbol),
        shortfall_amount=format_native(needed - balance, ctx.symbol),
    )
