"""The next step for a pending transaction: wait, or replace it (same nonce) with these fees."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from txdoctor.core.findings import Term, finding
from txdoctor.families.evm.checks.context import EvmTxContext
from txdoctor.families.evm.facts import EvmTx, format_gwei, round_up_nice
from txdoctor.model import Category, Finding, Severity

# geth's txpool.pricebump: a replacement must raise both fee fields by at least 10 %.
BUMP_PERCENT = 10


def bumped(value: int) -> int:
    """The least a replacement may offer for a fee field under geth's 10 % rule."""
    return max(-(-value * (100 + BUMP_PERCENT) // 100), value + 1)


@dataclass(frozen=True)
class ReplacementPlan:
    nonce: int
    max_fee_per_gas: int | None  # EIP-1559 transactions
    max_priority_fee_per_gas: int | None
    gas_price: int | None  # legacy transactions
    min_max_fee_per_gas: int | None  # the 10 % rule alone
    min_max_priority_fee_per_gas: int | None
    min_gas_price: int | None


def replacement_plan(tx: EvmTx, next_base_fee: int, tip_target: int) -> ReplacementPlan:
    """Fees for a same-nonce replacement that nodes accept and the next blocks include.

    Both fee fields at least +10 % (geth's rule, stricter than most nodes); the max fee
    at least twice the next base fee plus the tip (room for ~6 full blocks of base-fee
    rises), the tip at least the median recent tip. Rounded up to three significant digits.
    """
    if tx.max_fee_per_gas is not None and tx.max_priority_fee_per_gas is not None:
        min_tip = bumped(tx.max_priority_fee_per_gas)
        min_max = bumped(tx.max_fee_per_gas)
        tip = round_up_nice(max(min_tip, tip_target))
        max_fee = round_up_nice(max(min_max, 2 * next_base_fee + tip))
        return ReplacementPlan(tx.nonce, max_fee, tip, None, min_max, min_tip, None)
    old = tx.gas_price or 0
    min_price = bumped(old)
    price = round_up_nice(max(min_price, next_base_fee + next_base_fee // 4 + tip_target))
    return ReplacementPlan(tx.nonce, None, None, price, None, None, min_price)


def _fee_problem(ctx: EvmTxContext) -> str | None:
    """'below_base_fee' / 'low_priority' for a pending tx, else None."""
    tx = ctx.pending_tx
    base = ctx.next_base_fee
    if tx is None or base is None or tx.fee_cap is None:
        return None
    if tx.fee_cap < base:
        return "below_base_fee"
    p10 = ctx.history.reward_percentile(10.0) if ctx.history else None
    tip = tx.tip_at(base)
    if p10 and tip is not None and tip < p10:
        return "low_priority"
    return None


def next_step(ctx: EvmTxContext) -> Iterator[Finding]:
    tx = ctx.pending_tx
    base = ctx.next_base_fee
    if tx is None or base is None or tx.fee_cap is None:
        return
    problem = _fee_problem(ctx)
    if problem is None:
        if not _blocked(ctx):
            yield finding("EVM_ACTION_WAIT", Category.FEE, Severity.INFO, {})
        return
    history = ctx.history
    tip_target = (history.reward_percentile(50.0) if history else None) or 0
    yield _replace(ctx, replacement_plan(tx, base, tip_target), base, problem)


def _gwei_or_none(wei: int | None) -> str | None:
    return format_gwei(wei) if wei is not None else None


def _replace_words(plan: ReplacementPlan) -> tuple[Term, Term]:
    """The fees to set and the 10 % rule, for an EIP-1559 or a legacy transaction."""
    key = "finding.EVM_ACTION_REPLACE."
    if plan.max_fee_per_gas is not None and plan.max_priority_fee_per_gas is not None:
        fees = Term(
            key + "fees",
            max_fee=format_gwei(plan.max_fee_per_gas),
            tip=format_gwei(plan.max_priority_fee_per_gas),
        )
        rule = Term(
            key + "rule",
            bump=BUMP_PERCENT,
            min_max_fee=_gwei_or_none(plan.min_max_fee_per_gas) or "?",
            min_tip=_gwei_or_none(plan.min_max_priority_fee_per_gas) or "?",
        )
        return fees, rule
    fees = Term(key + "fees_legacy", gas_price=_gwei_or_none(plan.gas_price) or "?")
    rule = Term(
        key + "rule_legacy", bump=BUMP_PERCENT, min_gas_price=_gwei_or_none(plan.min_gas_price) or "?"
    )
    return fees, rule


def _replace(ctx: EvmTxContext, plan: ReplacementPlan, base: int, problem: str) -> Finding:
    fees, rule = _replace_words(plan)
    return finding(
        "EVM_ACTION_REPLACE",
        Category.FEE,
        Severity.INFO,
        {
            "nonce": plan.nonce,
            "next_base_fee": base,
            "new_max_fee_per_gas": plan.max_fee_per_gas,
            "new_max_priority_fee_per_gas": plan.max_priority_fee_per_gas,
            "new_gas_price": plan.gas_price,
            "new_max_fee_gwei": _gwei_or_none(plan.max_fee_per_gas),
            "new_priority_fee_gwei": _gwei_or_none(plan.max_priority_fee_per_gas),
            "new_gas_price_gwei": _gwei_or_none(plan.gas_price),
            "min_max_fee_per_gas": plan.min_max_fee_per_gas,
            "min_max_priority_fee_per_gas": plan.min_max_priority_fee_per_gas,
            "min_gas_price": plan.min_gas_price,
            "reason": problem,
        },
        None,
        fees=fees,
        rule=rule,
        symbol=ctx.symbol,
    )


def _blocked(ctx: EvmTxContext) -> bool:
    """Something other than the fee holds it: earlier nonces, or funds it does not have."""
    tx = ctx.pending_tx
    lk = ctx.lookup
    if tx is None or lk is None or lk.sender is None:
        return False
    mined, balance = lk.sender.mined_nonce, lk.sender.balance
    if mined is not None and tx.nonce > mined:
        return True
    return balance is not None and tx.fee_cap is not None and balance < tx.value + tx.gas_limit * tx.fee_cap
