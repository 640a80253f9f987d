"""How full recent blocks are (also the `fees` command's congestion), and details the node did not give."""

from __future__ import annotations

import math
from collections.abc import Iterator

from txdoctor.core.chains import Chain
from txdoctor.core.checks.common import chain_term
from txdoctor.core.findings import Term, finding
from txdoctor.families.evm.checks.context import EvmTxContext
from txdoctor.families.evm.facts import FeeHistory
from txdoctor.model import Category, Finding, Severity

# Congestion from the last FEE_HISTORY blocks: the average gas-used ratio (a full block is 1.0,
# the EIP-1559 target 0.5), and, when blocks run above the target, how much the base fee grew
# across the window (it can grow at most 12.5 % per block).
CONGESTION_LEVELS = (
    # (level, average gas-used ratio at least this, or ratio above target and growth at least this)
    ("congested", 0.9, 2.0),
    ("busy", 0.6, 1.25),
    ("normal", 0.3, math.inf),
)


def gas_congestion(history: FeeHistory) -> tuple[str, float, float] | None:
    """How full the recent blocks were (not the Bitcoin mempool backlog): (level, average gas-used
    ratio, base-fee growth over the window); levels in CONGESTION_LEVELS."""
    if not history.gas_used_ratios or not history.base_fees:
        return None
    ratio = sum(history.gas_used_ratios) / len(history.gas_used_ratios)
    first = history.base_fees[0]
    growth = history.base_fees[-1] / first if first > 0 else 1.0
    for name, min_ratio, min_growth in CONGESTION_LEVELS:
        if ratio >= min_ratio or (ratio > 0.5 and growth >= min_growth):
            return name, ratio, growth
    return "quiet", ratio, growth


def congestion(ctx: EvmTxContext) -> Iterator[Finding]:
    if ctx.pending_tx is None or ctx.history is None:
        return
    yield from congestion_findings(ctx.history, ctx.chain)


def _congestion_words(history: FeeHistory, ratio: float, growth: float) -> tuple[Term, Term]:
    """How full the recent blocks were, and where the base fee went."""
    key = "finding.EVM_CONGESTION."
    blocks, percent = len(history.gas_used_ratios), f"{ratio * 100:.0f}"
    if blocks > 1:
        fullness = Term(key + "blocks_full", count=blocks, percent=percent)
    else:
        fullness = Term(key + "block_full", percent=percent)
    if growth > 1.005:
        trend = Term(key + "rose", percent=f"{(growth - 1) * 100:.0f}")
    else:
        trend = Term(key + ("fell" if growth < 0.995 else "steady"))
    return fullness, trend


def congestion_findings(history: FeeHistory, chain: Chain | None) -> Iterator[Finding]:
    level = gas_congestion(history)
    if level is None:
        return
    name, ratio, growth = level
    key = "finding.EVM_CONGESTION."
    busy = name in ("busy", "congested")
    fullness, trend = _congestion_words(history, ratio, growth)
    yield finding(
        "EVM_CONGESTION",
        Category.CONGESTION,
        Severity.WARNING if busy else Severity.INFO,
        {
            "level": name,
            "gas_used_ratio": round(ratio, 3),
            "base_fee_growth": round(growth, 3),
            "blocks": len(history.gas_used_ratios),
            "next_base_fee": history.next_base_fee,
        },
        None,
        where=chain_term(chain.name) if chain else Term(key + "the_network"),
        level_name=Term(key + name),
        fullness=fullness,
        trend=trend,
        busy=Term(key + "busy_advice") if busy else "",
    )


def partial_data(ctx: EvmTxContext) -> Iterator[Finding]:
    lk = ctx.lookup
    if lk is None or not lk.errors or (lk.tx is None and lk.receipt is None and lk.seen is None):
        return
    yield finding(
        "EVM_DATA_UNAVAILABLE",
        Category.NETWORK,
        Severity.INFO,
        {"errors": list(lk.errors)},
        None,
        details="; ".join(lk.errors[:5]),
    )
