"""Checks for an EVM transaction and address: status, nonce, fee, funds, tokens, congestion.

Pure functions from the facts in :mod:`txdoctor.families.evm.facts` to findings; no I/O. The
finding catalogue (codes, verdicts, evidence keys, thresholds) is docs/evm.md.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from txdoctor.abi import RevertInfo
from txdoctor.chains import CHAINS, Chain
from txdoctor.checks import Registry
from txdoctor.core.findings import Term, finding
from txdoctor.families.evm.facts import (
    AccountCode,
    EvmAddressActivity,
    EvmChainState,
    EvmReceipt,
    EvmTx,
    EvmTxLookup,
    FeeHistory,
    SeenPending,
    TokenTransfer,
    format_gwei,
    format_native,
    format_units,
    round_up_nice,
)
from txdoctor.families.evm.words import chain_names, chain_term, could_not_check
from txdoctor.model import Category, Finding, Severity, Verdict

# geth's txpool.pricebump: a replacement must raise both fee fields by at least 10 %.
BUMP_PERCENT = 10
# The base fee can rise by at most 12.5 % per block (EIP-1559).
BASE_FEE_MAX_STEP = 1.125
# Congestion from the last FEE_HISTORY blocks: the average gas-used ratio (a full block is 1.0,
# the EIP-1559 target 0.5), and, when blocks run above the target, how much the base fee grew
# across the window (it can grow at most 12.5 % per block).
CONGESTION_LEVELS = (
    # (level, average gas-used ratio at least this, or ratio above target and growth at least this)
    ("congested", 0.9, 2.0),
    ("busy", 0.6, 1.25),
    ("normal", 0.3, math.inf),
)
TREND_BAND = 0.10  # base fee counts as rising/falling beyond ±10 % over the window
MAX_LISTED_NONCES = 20
MAX_TOKEN_FINDINGS = 5


@dataclass(frozen=True)
class EvmTxContext:
    chain: Chain | None  # the chain the answer is about; None when found nowhere
    lookup: EvmTxLookup | None
    state: EvmChainState | None
    asked: Chain | None = None
    checked: tuple[str, ...] = ()  # chains where the hash was looked up
    found_on: tuple[str, ...] = ()  # with --chain: other chains that have it
    unchecked: tuple[str, ...] = ()  # chains that could not be asked
    detected: bool = False  # the chain was found by probing (no --chain)
    also_on: tuple[str, ...] = ()
    now: float = field(default_factory=time.time)
    tx_hash: str = ""  # as asked (also when no chain had it)
    not_found_by: tuple[str, ...] = ()  # endpoints that answered "not found" (every chain checked)

    @property
    def tx(self) -> EvmTx | None:
        return self.lookup.tx if self.lookup else None

    @property
    def symbol(self) -> str:
        return self.chain.native_symbol if self.chain else "ETH"

    @property
    def mined_nonce(self) -> int | None:
        lk = self.lookup
        return lk.sender.mined_nonce if lk and lk.sender else None

    @property
    def replaced(self) -> bool:
        """Its nonce was used by another mined transaction: this one can never be mined."""
        lk = self.lookup
        if lk is None or lk.receipt is not None:
            return False
        mined = self.mined_nonce
        if mined is None:
            return False
        if lk.tx is not None:
            return lk.tx.pending and mined > lk.tx.nonce
        seen = lk.seen
        return seen is not None and seen.still_same_chain is not False and mined > seen.nonce

    @property
    def pending_tx(self) -> EvmTx | None:
        """The transaction when it waits to be mined and still can be."""
        tx = self.tx
        if tx is None or not tx.pending or self.replaced or (self.lookup and self.lookup.receipt):
            return None
        return tx

    @property
    def next_base_fee(self) -> int | None:
        return self.state.next_base_fee if self.state else None

    @property
    def history(self) -> FeeHistory | None:
        return self.state.fee_history if self.state else None


evm_tx_checks: Registry[EvmTxContext] = Registry("evm transaction")


def confirmations(ctx: EvmTxContext) -> int | None:
    lk = ctx.lookup
    block = lk.receipt.block_number if lk and lk.receipt else (ctx.tx.block_number if ctx.tx else None)
    latest = ctx.state.latest.number if ctx.state and ctx.state.latest else None
    if block is None or latest is None:
        return None
    return max(1, latest - block + 1)


def _finality(ctx: EvmTxContext, block: int) -> tuple[bool | None, bool | None]:
    st = ctx.state
    if st is None:
        return None, None
    safe = None if st.safe_block is None else block <= st.safe_block
    final = None if st.finalized_block is None else block <= st.finalized_block
    return safe, final


# ---------------------------------------------------------------- status


@evm_tx_checks.register
def status(ctx: EvmTxContext) -> Iterator[Finding]:
    lk, tx = ctx.lookup, ctx.tx
    rc = lk.receipt if lk else None
    if lk is None or (tx is None and rc is None):
        yield from _not_found(ctx)
    elif rc is None and tx is not None and tx.pending:
        yield (
            _replaced(ctx, tx.sender, tx.nonce, "still known to the node")
            if ctx.replaced
            else _pending(ctx, tx)
        )
    elif rc is None:
        assert tx is not None
        yield _no_receipt(tx)
    else:
        yield _mined(ctx, lk, rc)


def _pending(ctx: EvmTxContext, tx: EvmTx) -> Finding:
    where = chain_term(ctx.chain.name) if ctx.chain else Term("finding.EVM_TX_PENDING.anywhere")
    return finding(
        "EVM_TX_PENDING",
        Category.STATUS,
        Severity.INFO,
        {"nonce": tx.nonce, "mined_nonce": ctx.mined_nonce},
        Verdict.PENDING,
        where=where,
    )


def _no_receipt(tx: EvmTx) -> Finding:
    return finding(
        "EVM_TX_NO_RECEIPT",
        Category.STATUS,
        Severity.WARNING,
        {"block_number": tx.block_number},
        Verdict.CONFIRMED,
    )


def _mined_evidence(ctx: EvmTxContext, rc: EvmReceipt) -> dict[str, object]:
    safe, final = _finality(ctx, rc.block_number)
    fee = rc.fee_paid(ctx.tx)
    return {
        "block_number": rc.block_number,
        "block_hash": rc.block_hash,
        "confirmations": confirmations(ctx),
        "safe": safe,
        "finalized": final,
        "gas_used": rc.gas_used,
        "gas_limit": ctx.tx.gas_limit if ctx.tx else None,
        "effective_gas_price": rc.effective_gas_price,
        "fee_paid": str(fee) if fee is not None else None,
    }


def _in_block(block: int, confs: int | None) -> Term:
    if confs is None:
        return Term("finding.EVM_TX_SUCCESS.in_block", block_number=block)
    return Term("finding.EVM_TX_SUCCESS.in_block_confirmations", block_number=block, count=confs)


def _mined(ctx: EvmTxContext, lk: EvmTxLookup, rc: EvmReceipt) -> Finding:
    evidence = _mined_evidence(ctx, rc)
    in_block = _in_block(rc.block_number, confirmations(ctx))
    if rc.status == 1:
        return _success(ctx, evidence, in_block)
    if rc.status is None:
        return _no_status(ctx, rc, evidence, in_block)
    return _failed(ctx, lk, rc, evidence, in_block)


def _finality_words(ctx: EvmTxContext, safe: object, final: object) -> Term | str:
    if final:
        return Term("finding.EVM_TX_SUCCESS.finalized")
    if safe:
        return Term("finding.EVM_TX_SUCCESS.safe")
    if final is False:
        on_ethereum = ctx.chain is not None and ctx.chain.name in ("eth", "eth-sepolia")
        return Term("finding.EVM_TX_SUCCESS.not_finalized" + ("_ethereum" if on_ethereum else ""))
    return ""


def _success(ctx: EvmTxContext, evidence: dict[str, object], in_block: Term) -> Finding:
    finality = _finality_words(ctx, evidence["safe"], evidence["finalized"])
    return finding(
        "EVM_TX_SUCCESS",
        Category.STATUS,
        Severity.OK,
        evidence,
        Verdict.CONFIRMED,
        in_block=in_block,
        finality=finality,
    )


def _no_status(ctx: EvmTxContext, rc: EvmReceipt, evidence: dict[str, object], in_block: Term) -> Finding:
    likely_failed = ctx.tx is not None and rc.gas_used >= ctx.tx.gas_limit
    return finding(
        "EVM_TX_NO_STATUS",
        Category.STATUS,
        Severity.WARNING,
        {**evidence, "likely_failed": likely_failed},
        Verdict.CONFIRMED,
        in_block=in_block,
        all_gas_used=Term("finding.EVM_TX_NO_STATUS.all_gas_used") if likely_failed else "",
    )


def _failed(
    ctx: EvmTxContext, lk: EvmTxLookup, rc: EvmReceipt, evidence: dict[str, object], in_block: Term
) -> Finding:
    rv = lk.revert
    fee = rc.fee_paid(ctx.tx)
    fee_still_paid = (
        Term("finding.EVM_TX_REVERTED.fee_still_paid", fee=format_native(fee, ctx.symbol))
        if fee is not None
        else ""
    )
    evidence = {
        **evidence,
        "revert_reason": rv.reason if rv else None,
        "revert_kind": rv.kind if rv else None,
        "revert_selector": rv.selector if rv else None,
        "panic_code": rv.panic_code if rv else None,
        "revert_detail": rv.detail if rv else None,
    }
    tx = ctx.tx
    if tx is not None and rc.gas_used >= tx.gas_limit:
        return finding(
            "EVM_TX_OUT_OF_GAS",
            Category.STATUS,
            Severity.ERROR,
            evidence,
            Verdict.FAILED,
            in_block=in_block,
            gas_allowed=f"{tx.gas_limit:,}",
            fee_still_paid=fee_still_paid,
        )
    return finding(
        "EVM_TX_REVERTED",
        Category.STATUS,
        Severity.ERROR,
        evidence,
        Verdict.FAILED,
        in_block=in_block,
        why=revert_words(rv),
        fee_still_paid=fee_still_paid,
    )


def revert_words(rv: RevertInfo | None) -> Term | str:
    """What the failed call said, as the catalog reads it (``why_*`` of EVM_TX_REVERTED)."""
    if rv is None:
        return ""
    key = "finding.EVM_TX_REVERTED.why_"
    if rv.kind == "error" and rv.reason is not None:
        return Term(key + "error", reason=repr(rv.reason))
    if rv.kind == "panic" and rv.reason:
        return Term(key + "panic", reason=rv.reason)
    if rv.kind == "custom" and rv.selector:
        return Term(key + "custom", selector=rv.selector)
    if rv.kind in ("empty", "not_reproduced", "unavailable"):
        return Term(key + rv.kind)
    return ""


def _not_found(ctx: EvmTxContext) -> Iterator[Finding]:
    lk = ctx.lookup
    seen = lk.seen if lk else None
    if seen is not None and lk is not None and lk.sender is not None and seen.still_same_chain is not False:
        mined = lk.sender.mined_nonce
        if mined is not None and mined > seen.nonce:
            yield _replaced(ctx, seen.sender, seen.nonce, "seen pending by txdoctor earlier")
            return
        if mined is not None:
            yield _dropped(ctx, seen, mined)
            return
    if ctx.found_on and ctx.asked is not None:
        yield _on_other_chain(ctx, ctx.asked)
        return
    yield _nowhere(ctx)


def _dropped(ctx: EvmTxContext, seen: SeenPending, mined: int) -> Finding:
    return finding(
        "EVM_TX_DROPPED",
        Category.STATUS,
        Severity.ERROR,
        {"nonce": seen.nonce, "mined_nonce": mined, "sender": seen.sender, "seen_at": seen.seen_at},
        Verdict.NOT_FOUND,
        ago=_ago(ctx.now - seen.seen_at),
    )


def _on_other_chain(ctx: EvmTxContext, asked: Chain) -> Finding:
    other = ctx.found_on[0]
    same_address = (
        Term("finding.EVM_TX_ON_OTHER_CHAIN.same_address", other_name=chain_term(other))
        if asked.family == "evm"
        else ""
    )
    tx_hash = ctx.lookup.hash if ctx.lookup else ctx.tx_hash
    return finding(
        "EVM_TX_ON_OTHER_CHAIN",
        Category.NETWORK,
        Severity.ERROR,
        {"found_on": list(ctx.found_on), "checked": list(ctx.checked), "asked_chain": asked.name},
        Verdict.NOT_FOUND,
        found_names=chain_names(ctx.found_on),
        asked_name=chain_term(asked.name),
        other_name=chain_term(other),
        same_address=same_address,
        command=f"txdoctor check {tx_hash} --chain {other}",
    )


def _nowhere(ctx: EvmTxContext) -> Finding:
    lk = ctx.lookup
    return finding(
        "EVM_TX_NOT_FOUND",
        Category.STATUS,
        Severity.ERROR,
        {
            "checked": list(ctx.checked),
            "unchecked": list(ctx.unchecked),
            "not_found_by": list(ctx.not_found_by or (lk.not_found_confirmed_by if lk else ())),
        },
        Verdict.NOT_FOUND,
        where=chain_names(ctx.checked) or Term("finding.EVM_TX_NOT_FOUND.no_chain"),
        could_not_check=could_not_check(ctx.unchecked),
    )


def _ago(seconds: float) -> Term:
    minutes = max(0.0, seconds) / 60
    key = "finding.EVM_TX_DROPPED."
    if minutes < 90:
        return Term(key + "minutes", count=f"{minutes:.0f}")
    hours = minutes / 60
    if hours < 48:
        return Term(key + "hours", count=f"{hours:.0f}")
    return Term(key + "days", count=f"{hours / 24:.1f}")


def _replaced(ctx: EvmTxContext, sender: str, nonce: int, how: str) -> Finding:
    return finding(
        "EVM_TX_REPLACED",
        Category.STATUS,
        Severity.ERROR,
        {"nonce": nonce, "mined_nonce": ctx.mined_nonce, "sender": sender, "evidence_source": how},
        Verdict.REPLACED,
    )


@evm_tx_checks.register
def chain_detected(ctx: EvmTxContext) -> Iterator[Finding]:
    if not ctx.detected or ctx.chain is None or ctx.tx is None:
        return
    also = Term("finding.EVM_TX_CHAIN_DETECTED.also", chains=chain_names(ctx.also_on)) if ctx.also_on else ""
    yield finding(
        "EVM_TX_CHAIN_DETECTED",
        Category.NETWORK,
        Severity.INFO,
        {"chain": ctx.chain.name, "checked": list(ctx.checked), "also_on": list(ctx.also_on)},
        None,
        chain_name=chain_term(ctx.chain.name),
        checked_names=chain_names(ctx.checked),
        also=also,
    )


# ------------------------------------------------------------------- fee


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


def _trend(history: FeeHistory) -> tuple[str, int, int]:
    fees = [f for f in history.base_fees if f is not None]
    low, high = min(fees), max(fees)
    first, last = fees[0], fees[-1]
    if first and last > first * (1 + TREND_BAND):
        return "rising", low, high
    if first and last < first * (1 - TREND_BAND):
        return "falling", low, high
    return "steady", low, high


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


def _which(tx: EvmTx) -> Term:
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


@evm_tx_checks.register
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
        "EVM_FEE_BELOW_BASE_FEE", Category.FEE, Severity.ERROR, evidence, Verdict.STUCK, which=_which(tx)
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
        which=_which(tx),
        room=room,
    )


# ----------------------------------------------------------------- nonce


@evm_tx_checks.register
def nonce(ctx: EvmTxContext) -> Iterator[Finding]:
    tx = ctx.pending_tx
    sender = ctx.lookup.sender if ctx.lookup else None
    if tx is None or sender is None or sender.mined_nonce is None or tx.nonce <= sender.mined_nonce:
        return
    mined, pending = sender.mined_nonce, sender.pending_nonce
    # first nonce and count, never a list: the nonces come from a provider and may be 2**64 apart
    waiting_for = (mined, tx.nonce - mined)
    if pending is not None:
        pending = min(max(pending, mined), tx.nonce)
        missing, queued_before = (pending, tx.nonce - pending), (mined, pending - mined)
    else:
        missing, queued_before = (mined, 0), (mined, 0)
    evidence: dict[str, object] = {
        "nonce": tx.nonce,
        "mined_nonce": mined,
        "pending_nonce": sender.pending_nonce,
        "waiting_for": _first_nonces(waiting_for),
        "waiting_for_count": waiting_for[1],
    }
    if missing[1]:
        yield _nonce_gap(ctx, evidence, missing)
    else:
        blocked_by = _first_nonces(queued_before if queued_before[1] else waiting_for)
        yield _nonce_blocked(evidence, blocked_by, waiting_for[1], known=pending is not None)


def _nonces_text(nonces: list[int]) -> str:
    return ", ".join(str(n) for n in nonces)


def _nonce_gap(ctx: EvmTxContext, evidence: dict[str, object], missing: tuple[int, int]) -> Finding:
    shown = _nonces_text(_first_nonces(missing))
    key = "finding.EVM_NONCE_GAP."
    if missing[1] == 1:
        words = Term(key + "one_nonce", nonces=shown)
    else:
        beyond = missing[1] - MAX_LISTED_NONCES
        more = Term(key + "more", count=beyond) if beyond > 0 else ""
        words = Term(key + "nonces", nonces=shown, more=more)
    return finding(
        "EVM_NONCE_GAP",
        Category.STATUS,
        Severity.ERROR,
        {**evidence, "missing_nonces": _first_nonces(missing), "missing_count": missing[1]},
        Verdict.STUCK,
        missing=words,
        symbol=ctx.symbol,
        first_missing=missing[0],
    )


def _nonce_blocked(evidence: dict[str, object], blocked_by: list[int], waiting: int, known: bool) -> Finding:
    key = "finding.EVM_NONCE_BLOCKED."
    earlier = Term(key + ("one_earlier" if waiting == 1 else "earlier"), nonces=_nonces_text(blocked_by))
    return finding(
        "EVM_NONCE_BLOCKED",
        Category.STATUS,
        Severity.WARNING,
        {**evidence, "blocked_by_nonces": blocked_by},
        Verdict.PENDING,
        earlier=earlier,
        known=Term(key + ("in_mempool" if known else "unknown")),
    )


def _first_nonces(span: tuple[int, int]) -> list[int]:
    """The first MAX_LISTED_NONCES of ``count`` nonces from ``start``."""
    start, count = span
    return list(range(start, start + min(count, MAX_LISTED_NONCES)))


# ----------------------------------------------------------------- funds


@evm_tx_checks.register
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
        which=_which(tx),
        balance_amount=format_native(balance, ctx.symbol),
        shortfall_amount=format_native(needed - balance, ctx.symbol),
    )


# ------------------------------------------------------------- next step


@evm_tx_checks.register
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


# ---------------------------------------------------------------- tokens


def _amount(t: TokenTransfer, ctx: EvmTxContext) -> tuple[Term, str | None, int | None]:
    info = ctx.lookup.token(t.token) if ctx.lookup else None
    symbol = info.symbol if info else None
    decimals = info.decimals if info else None
    key = "finding.EVM_TOKEN_TRANSFER."
    if decimals is not None:
        text = Term(
            key + "amount", amount=format_units(t.amount, decimals), symbol=symbol or Term(key + "tokens")
        )
    else:
        text = Term(key + "base_units", amount=t.amount, symbol=symbol or Term(key + "the_token"))
    return text, symbol, decimals


def _verb(t: TokenTransfer, ctx: EvmTxContext, lk: EvmTxLookup) -> Term:
    """What the transaction did with the tokens: moved them, failed to, will, or only asked."""
    if t.source == "log":
        verb = "moved"
    elif lk.receipt is not None and lk.receipt.status == 0:
        verb = "failed"
    elif ctx.pending_tx is not None:
        verb = "once_mined"
    elif lk.receipt is not None:
        verb = "no_event"
    else:
        verb = "asks"
    return Term(f"finding.EVM_TOKEN_TRANSFER.{verb}")


@evm_tx_checks.register
def tokens(ctx: EvmTxContext) -> Iterator[Finding]:
    lk = ctx.lookup
    if lk is None:
        return
    for t in lk.transfers[:MAX_TOKEN_FINDINGS]:
        yield _token_transfer(t, ctx, lk)
        if t.recipient == t.token:
            yield _token_to_contract_itself(t, ctx)


def _token_transfer(t: TokenTransfer, ctx: EvmTxContext, lk: EvmTxLookup) -> Finding:
    text, symbol, decimals = _amount(t, ctx)
    return finding(
        "EVM_TOKEN_TRANSFER",
        Category.STATUS,
        Severity.INFO,
        {
            "token": t.token,
            "symbol": symbol,
            "decimals": decimals,
            "from": t.sender,
            "to": t.recipient,
            "amount": str(t.amount),
            "amount_display": format_units(t.amount, decimals) if decimals is not None else None,
            "source": t.source,
        },
        None,
        verb=_verb(t, ctx, lk),
        amount_text=text,
    )


def _token_to_contract_itself(t: TokenTransfer, ctx: EvmTxContext) -> Finding:
    info = ctx.lookup.token(t.token) if ctx.lookup else None
    return finding(
        "EVM_TOKEN_TO_CONTRACT_ITSELF",
        Category.ADDRESS,
        Severity.ERROR,
        {
            "token": t.token,
            "symbol": info.symbol if info else None,
            "amount": str(t.amount),
            "recipient": t.recipient,
        },
    )


def _recipients(tx: EvmTx, lk: EvmTxLookup) -> list[tuple[str, str]]:
    """The addresses that received something: (address, "native" or "token")."""
    targets: list[tuple[str, str]] = []
    if tx.to is not None and tx.value > 0:
        targets.append((tx.to, "native"))
    for t in lk.transfers[:MAX_TOKEN_FINDINGS]:
        if t.recipient != t.token and all(t.recipient != a for a, _ in targets):
            targets.append((t.recipient, "token"))
    return targets


@evm_tx_checks.register
def recipient(ctx: EvmTxContext) -> Iterator[Finding]:
    lk, tx = ctx.lookup, ctx.tx
    if lk is None or tx is None:
        return
    for address, kind in _recipients(tx, lk):
        code = lk.code(address)
        if code is not None and code.is_contract:
            yield _recipient_is_contract(ctx, tx, address, kind, code, address in lk.token_like)


def _recipient_is_contract(
    ctx: EvmTxContext, tx: EvmTx, address: str, kind: str, code: AccountCode, token_like: bool
) -> Finding:
    key = "finding.EVM_RECIPIENT_IS_CONTRACT."
    if token_like:
        what = format_native(tx.value, ctx.symbol) if kind == "native" else Term(key + "the_tokens")
        what_it_is, what_to_do = Term(key + "token_contract", what=what), Term(key + "token_contract_advice")
    else:
        what_it_is, what_to_do = Term(key + "contract"), Term(key + "contract_advice")
    return finding(
        "EVM_RECIPIENT_IS_CONTRACT",
        Category.ADDRESS,
        Severity.WARNING if token_like else Severity.INFO,
        {"address": address, "code_size": code.code_size, "token_contract": token_like, "kind": kind},
        None,
        what_it_is=what_it_is,
        what_to_do=what_to_do,
    )


# ------------------------------------------------------------ congestion


def congestion_level(history: FeeHistory) -> tuple[str, float, float] | None:
    """(level, average gas-used ratio, base-fee growth over the window); levels in CONGESTION_LEVELS."""
    if not history.gas_used_ratios or not history.base_fees:
        return None
    ratio = sum(history.gas_used_ratios) / len(history.gas_used_ratios)
    first = history.base_fees[0]
    growth = history.base_fees[-1] / first if first > 0 else 1.0
    for name, min_ratio, min_growth in CONGESTION_LEVELS:
        if ratio >= min_ratio or (ratio > 0.5 and growth >= min_growth):
            return name, ratio, growth
    return "quiet", ratio, growth


@evm_tx_checks.register
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
    level = congestion_level(history)
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


@evm_tx_checks.register
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


# ----------------------------------------------------------------- facts


def tx_status(ctx: EvmTxContext) -> str:
    lk = ctx.lookup
    if lk is None or (lk.tx is None and lk.receipt is None):
        if ctx.replaced:
            return "replaced"
        return "not_found"
    if lk.receipt is None:
        if ctx.replaced:
            return "replaced"
        return "pending" if ctx.tx is not None and ctx.tx.pending else "mined"
    return {1: "success", 0: "failed"}.get(
        lk.receipt.status if lk.receipt.status is not None else -1, "mined_no_status"
    )


def tx_facts(ctx: EvmTxContext) -> dict[str, object]:
    """The `facts` object of the JSON output for an EVM transaction."""
    lk, tx = ctx.lookup, ctx.tx
    rc = lk.receipt if lk else None
    chain = ctx.chain
    facts: dict[str, object] = {
        "hash": lk.hash if lk else (ctx.tx_hash or None),
        "chain": chain.name if chain else None,
        "chain_id": (ctx.state.chain_id if ctx.state and ctx.state.chain_id else None)
        or (tx.chain_id if tx else None)
        or (chain.chain_id if chain else None),
        "status": tx_status(ctx),
        "replaced": ctx.replaced,
        "provider": lk.provider if lk else None,
        "from": tx.sender if tx else None,
        "to": tx.to if tx else None,
        "nonce": tx.nonce if tx else None,
        "value": str(tx.value) if tx else None,
        "type": tx.type if tx else None,
        "gas_limit": tx.gas_limit if tx else None,
        "gas_price": tx.gas_price if tx else None,
        "max_fee_per_gas": tx.max_fee_per_gas if tx else None,
        "max_priority_fee_per_gas": tx.max_priority_fee_per_gas if tx else None,
        "block_number": rc.block_number if rc else (tx.block_number if tx else None),
        "confirmations": confirmations(ctx) if rc or (tx and not tx.pending) else 0 if tx else None,
        "gas_used": rc.gas_used if rc else None,
        "effective_gas_price": rc.effective_gas_price if rc else None,
        "fee_paid": None,
        "revert_reason": None,
        "native_symbol": ctx.symbol,
    }
    if rc is not None:
        fee_paid = rc.fee_paid(tx)
        facts["fee_paid"] = str(fee_paid) if fee_paid is not None else None
        safe, final = _finality(ctx, rc.block_number)
        facts["safe"], facts["finalized"] = safe, final
    if lk is not None and lk.revert is not None:
        facts["revert_reason"] = lk.revert.reason
        facts["revert_kind"] = lk.revert.kind
    if lk is not None and lk.sender is not None:
        facts["mined_nonce"] = lk.sender.mined_nonce
        facts["pending_nonce"] = lk.sender.pending_nonce
        facts["sender_balance"] = str(lk.sender.balance) if lk.sender.balance is not None else None
    if lk is not None and lk.seen is not None and tx is None:
        facts.update(**{"from": lk.seen.sender, "nonce": lk.seen.nonce, "seen_pending_at": lk.seen.seen_at})
    if lk is not None and lk.transfers:
        transfers = []
        for t in lk.transfers:
            info = lk.token(t.token)
            transfers.append(
                {
                    "token": t.token,
                    "symbol": info.symbol if info else None,
                    "decimals": info.decimals if info else None,
                    "from": t.sender,
                    "to": t.recipient,
                    "amount": str(t.amount),
                    "source": t.source,
                }
            )
        facts["token_transfers"] = transfers
    st = ctx.state
    if st is not None:
        facts["latest_block"] = st.latest.number if st.latest else None
        facts["next_base_fee"] = st.next_base_fee
    if ctx.found_on:
        facts["found_on"] = list(ctx.found_on)
    if ctx.checked:
        facts["checked"] = list(ctx.checked)
    return facts


# --------------------------------------------------------------- address


@dataclass(frozen=True)
class EvmAddressContext:
    address: str
    activity: tuple[EvmAddressActivity, ...]
    failed: tuple[str, ...] = ()  # chains that could not be asked


evm_address_checks: Registry[EvmAddressContext] = Registry("evm address")


def _account_kind(code: AccountCode) -> Term:
    key = "finding.EVM_ADDRESS_ACTIVITY."
    if code.delegate is not None:
        return Term(key + "delegates", delegate=code.delegate)
    if code.is_contract:
        return Term(key + "contract", size=f"{code.code_size:,}")
    return Term(key + "ordinary")


@evm_address_checks.register
def address_activity(ctx: EvmAddressContext) -> Iterator[Finding]:
    for act in ctx.activity:
        if act.active:
            yield _address_activity(act)


def _address_activity(act: EvmAddressActivity) -> Finding:
    chain = CHAINS[act.chain]
    return finding(
        "EVM_ADDRESS_ACTIVITY",
        Category.STATUS,
        Severity.INFO,
        {
            "chain": act.chain,
            "nonce": act.nonce,
            "balance": str(act.balance),
            "is_contract": act.code.is_contract,
            "code_size": act.code.code_size,
            "delegate": act.code.delegate,
            "provider": act.provider,
        },
        None,
        chain_name=chain_term(chain.name),
        kind=_account_kind(act.code),
        sent=Term("finding.EVM_ADDRESS_ACTIVITY.sent", count=act.nonce),
        holds=format_native(act.balance, chain.native_symbol),
    )


def _summary_words(active: list[str], quiet: list[str]) -> tuple[Term, Term | str]:
    key = "finding.EVM_ADDRESS_SUMMARY."
    if not active:
        return Term(key + "no_activity", quiet_names=chain_names(quiet)), Term(key + "no_activity_advice")
    summary = Term(
        key + "activity",
        active_names=chain_names(active),
        only=Term(key + "only") if len(active) == 1 and quiet else "",
        none_on=Term(key + "none_on", quiet_names=chain_names(quiet)) if quiet else "",
    )
    return summary, Term(key + "other_chains_advice") if quiet else ""


@evm_address_checks.register
def address_summary(ctx: EvmAddressContext) -> Iterator[Finding]:
    if not ctx.activity:
        return
    active = [a.chain for a in ctx.activity if a.active]
    quiet = [a.chain for a in ctx.activity if not a.active]
    summary, what_to_do = _summary_words(active, quiet)
    yield finding(
        "EVM_ADDRESS_SUMMARY",
        Category.NETWORK,
        Severity.INFO,
        {"active_on": active, "inactive_on": quiet, "unchecked": list(ctx.failed)},
        None,
        summary=summary,
        could_not_check=could_not_check(ctx.failed),
        what_to_do=what_to_do,
    )


def address_evm_facts(ctx: EvmAddressContext) -> dict[str, object]:
    return {
        "evm_activity": {
            a.chain: {
                "nonce": a.nonce,
                "balance": str(a.balance),
                "is_contract": a.code.is_contract,
                "code_size": a.code.code_size,
                "delegate": a.code.delegate,
            }
            for a in ctx.activity
        }
    }
