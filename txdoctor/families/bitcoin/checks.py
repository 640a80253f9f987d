"""Checks for a Bitcoin-family transaction: status, fee, what to do, congestion.

Each check is a small pure function of the context; each outcome has its own helper that
builds one finding from the catalog entry ``finding.<CODE>`` (txdoctor/messages/en.toml).
"""

from __future__ import annotations

from collections.abc import Iterator

from txdoctor.core.chains import CHAINS
from txdoctor.core.checks.common import chain_names, maybe_private_key
from txdoctor.core.findings import Term, finding
from txdoctor.families.bitcoin.bitcoin_context import (
    BtcTxContext,
    btc_tx_checks,
    confirmations,
    rate,
    tx_facts,
)
from txdoctor.families.bitcoin.facts import BtcNetworkState, BtcTx, BtcTxLookup, FeeLevels
from txdoctor.families.bitcoin.fee_checks import (
    SOON_BLOCKS,
    Position,
    congestion_level,
    cpfp_plan,
    next_block_fee,
    projected_position,
    rbf_plan,
)
from txdoctor.model import Category, Finding, Severity, Verdict

MEMPOOL_EXPIRY_HOURS = 336  # Bitcoin Core drops a tx after two weeks unconfirmed
__all__ = ["BtcTxContext", "btc_tx_checks", "confirmations", "congestion_findings", "rate", "tx_facts"]


_UNC = "finding.BTC_TX_UNCONFIRMED"


def _waited(seconds: float) -> Term:
    h = seconds / 3600
    return Term(f"{_UNC}.hours", hours=f"{h:.0f}") if h < 48 else Term(f"{_UNC}.days", days=f"{h / 24:.1f}")


def _on(ctx: BtcTxContext) -> Term:
    return Term(f"chain.{ctx.chain.name}")


# ---------------------------------------------------------------- status


@btc_tx_checks.register
def status(ctx: BtcTxContext) -> Iterator[Finding]:
    lk, tx = ctx.lookup, ctx.tx
    confirmed = tx is not None and tx.confirmed
    if lk.replacement is not None and not confirmed:
        yield _replaced(lk)
    elif lk.conflicts and not confirmed:
        yield _conflict(lk)
    elif tx is None and (lk.node_cannot_tell or (lk.accept is not None and not lk.accept.allowed)):
        return  # checks/core.py says what the Core node can tell
    elif tx is None and lk.raw is not None and not lk.found_on_other_chains:
        yield _raw_not_broadcast(ctx)
    elif tx is None and lk.found_on_other_chains:
        yield _on_other_network(ctx)
    elif tx is None:
        yield _not_found(ctx)
        yield maybe_private_key()
    elif tx.confirmed:
        yield _confirmed(tx, ctx.state.tip_height)
    else:
        yield _unconfirmed(tx, ctx.now)


def _checked_providers(lk: BtcTxLookup) -> list[str]:
    return list(lk.not_found_confirmed_by) or [lk.provider]


def _replaced(lk: BtcTxLookup) -> Finding:
    r = lk.replacement
    assert r is not None
    key = "confirmed" if r.replacement_mined else "end"
    return finding(
        "BTC_TX_REPLACED",
        Category.STATUS,
        Severity.ERROR,
        {
            "replaced_by": r.replaced_by,
            "replacement_fee_rate": r.replacement_fee_rate,
            "replacement_mined": r.replacement_mined,
            "full_rbf": r.full_rbf,
        },
        Verdict.REPLACED,
        mined=Term(f"finding.BTC_TX_REPLACED.{key}"),
    )


def _conflict(lk: BtcTxLookup) -> Finding:
    index, spender = lk.conflicts[0]
    return finding(
        "BTC_TX_CONFLICT",
        Category.STATUS,
        Severity.ERROR,
        {"conflicts": [{"input": i, "spent_by": s} for i, s in lk.conflicts]},
        Verdict.REPLACED,
        index=str(index),
        spender=spender,
    )


def _raw_not_broadcast(ctx: BtcTxContext) -> Finding:
    raw = ctx.lookup.raw
    assert raw is not None
    return finding(
        "BTC_RAW_TX_NOT_BROADCAST",
        Category.NETWORK,
        Severity.ERROR,
        {"txid": raw.txid, "checked_providers": _checked_providers(ctx.lookup)},
        Verdict.NOT_FOUND,
        chain_name=_on(ctx),
    )


def _on_other_network(ctx: BtcTxContext) -> Finding:
    lk = ctx.lookup
    other = lk.found_on_other_chains
    test_only = all(CHAINS[c].is_test_network for c in other if c in CHAINS)
    return finding(
        "BTC_TX_ON_OTHER_NETWORK",
        Category.NETWORK,
        Severity.ERROR,
        {"found_on": list(other), "checked": ctx.chain.name},
        Verdict.NOT_FOUND,
        chain_name=_on(ctx),
        names=chain_names([c for c in other if c in CHAINS]),
        txid=lk.txid,
        first=other[0],
        why=Term(f"finding.BTC_TX_ON_OTHER_NETWORK.{'test_networks' if test_only else 'other_coin'}"),
    )


def _not_found(ctx: BtcTxContext) -> Finding:
    lk = ctx.lookup
    return finding(
        "BTC_TX_NOT_FOUND",
        Category.STATUS,
        Severity.ERROR,
        {"checked_providers": _checked_providers(lk)},
        Verdict.NOT_FOUND,
        chain_name=_on(ctx),
        checked=", ".join(lk.not_found_confirmed_by) or lk.provider,
    )


def _confirmed(tx: BtcTx, tip: int | None) -> Finding:
    confs = confirmations(tx, tip)
    count = (
        Term("finding.BTC_TX_CONFIRMED.unknown_count")
        if confs is None
        else Term("finding.BTC_TX_CONFIRMED.count", count=confs)
    )
    return finding(
        "BTC_TX_CONFIRMED",
        Category.STATUS,
        Severity.OK,
        {
            "confirmations": confs,
            "block_height": tx.block_height,
            "block_hash": tx.block_hash,
            "block_time": tx.block_time,
        },
        Verdict.CONFIRMED,
        confirmations_text=count,
    )


def _unconfirmed(tx: BtcTx, now: float) -> Finding:
    evidence: dict[str, object] = {"first_seen": tx.first_seen}
    key = _UNC
    waiting: Term = Term(f"{key}.in_mempool")
    expiry: Term | str = ""
    if tx.first_seen:
        age = max(0.0, now - tx.first_seen)
        evidence["waiting_hours"] = round(age / 3600, 1)
        waiting = Term(f"{key}.waiting", waited=_waited(age))
        if age > MEMPOOL_EXPIRY_HOURS * 3600:
            expiry = Term(f"{key}.expiry")
    return finding(
        "BTC_TX_UNCONFIRMED",
        Category.STATUS,
        Severity.INFO,
        evidence,
        Verdict.PENDING,
        waiting=waiting,
        expiry=expiry,
    )


# ---------------------------------------------------------------- fee


@btc_tx_checks.register
def fee(ctx: BtcTxContext) -> Iterator[Finding]:
    tx = ctx.pending_tx
    if tx is None or tx.fee is None:
        return
    effective, own = ctx.effective_rate, tx.fee_rate
    if effective is None or own is None:
        return
    state = ctx.state
    if abs(effective - own) > 0.005 * max(own, 1.0):
        yield _package_rate(ctx, effective, own)
    if state.fees is None and not state.projected_blocks:
        yield finding(
            "BTC_FEE_LEVELS_UNAVAILABLE", Category.FEE, Severity.INFO, {"errors": list(state.errors)}
        )
    elif state.fees is not None and effective < state.fees.minimum:
        yield _below_mempool_min(effective, state.fees)
    else:
        pos = projected_position(effective, state)
        if pos is not None:
            yield _fee_position(effective, pos, state)


def _package_rate(ctx: BtcTxContext, effective: float, own: float) -> Finding:
    pkg = ctx.lookup.package
    return finding(
        "BTC_FEE_PACKAGE_RATE",
        Category.FEE,
        Severity.INFO,
        {
            "fee_rate": round(own, 2),
            "effective_fee_rate": round(effective, 2),
            "ancestors": list(pkg.ancestors) if pkg else [],
            "descendants": list(pkg.descendants) if pkg else [],
        },
        effective=rate(effective),
        own=rate(own),
    )


def _below_mempool_min(effective: float, fees: FeeLevels) -> Finding:
    return finding(
        "BTC_FEE_BELOW_MEMPOOL_MIN",
        Category.FEE,
        Severity.ERROR,
        {"effective_fee_rate": round(effective, 2), "mempool_min_fee": fees.minimum},
        Verdict.STUCK,
        rate=rate(effective),
        minimum=rate(fees.minimum),
    )


def _fee_position(effective: float, pos: Position, state: BtcNetworkState) -> Finding:
    evidence: dict[str, object] = {
        "effective_fee_rate": round(effective, 2),
        "projected_block": pos.block_index,
        "eta_blocks": pos.eta_blocks,
        "eta_minutes": pos.eta_minutes,
        "method": pos.method,
    }
    if state.fees is not None:
        evidence["next_block_fee"] = next_block_fee(state.fees, state.projected_blocks, state.mempool)
    if not pos.soon:
        return finding(
            "BTC_FEE_TOO_LOW",
            Category.FEE,
            Severity.WARNING,
            evidence,
            Verdict.STUCK,
            rate=rate(effective),
            soon_blocks=str(SOON_BLOCKS),
        )
    where = (
        Term("finding.BTC_FEE_OK.next_block")
        if pos.block_index == 0
        else Term("finding.BTC_FEE_OK.projected_block", number=str((pos.block_index or 0) + 1))
    )
    return finding(
        "BTC_FEE_OK",
        Category.FEE,
        Severity.OK,
        evidence,
        rate=rate(effective),
        where=where,
        blocks=Term("finding.BTC_FEE_OK.blocks", count=pos.eta_blocks),
    )


# ---------------------------------------------------------------- next step


@btc_tx_checks.register
def next_step(ctx: BtcTxContext) -> Iterator[Finding]:
    tx = ctx.pending_tx
    fees = ctx.state.fees
    if tx is None or tx.fee is None or fees is None:
        return
    effective = ctx.effective_rate or 0.0
    pos = projected_position(effective, ctx.state)
    if pos is not None and pos.soon and effective >= fees.minimum:
        yield finding("BTC_ACTION_WAIT", Category.FEE, Severity.INFO, {"eta_minutes": pos.eta_minutes})
    elif tx.signals_rbf:
        yield _rbf(tx.fee, tx.vsize, fees)
    else:
        output = next((o for o in tx.outputs if o.address), None)
        yield _cpfp(tx.fee, tx.vsize, fees, output.script_type if output else None)


def _rbf(old_fee: int, vsize: int, fees: FeeLevels) -> Finding:
    target = fees.half_hour
    plan = rbf_plan(old_fee, vsize, target)
    return finding(
        "BTC_ACTION_RBF",
        Category.FEE,
        Severity.INFO,
        {
            "rbf": True,
            "target": "half_hour",
            "target_fee_rate": target,
            "new_fee_rate": plan.new_fee_rate,
            "new_fee": plan.new_fee,
            "extra_cost": plan.extra_cost,
        },
        new_rate=rate(plan.new_fee_rate),
        fastest=rate(fees.fastest),
    )


def _cpfp(old_fee: int, vsize: int, fees: FeeLevels, output_type: str | None) -> Finding:
    target = fees.half_hour
    cp = cpfp_plan(old_fee, vsize, target, output_type, fees.minimum)
    return finding(
        "BTC_ACTION_CPFP",
        Category.FEE,
        Severity.INFO,
        {
            "rbf": False,
            "target": "half_hour",
            "target_fee_rate": target,
            "child_vsize": cp.child_vsize,
            "child_fee": cp.child_fee,
            "child_fee_rate": cp.child_fee_rate,
            "package_fee_rate": cp.package_fee_rate,
        },
        child_rate=rate(cp.child_fee_rate),
        package_rate=rate(cp.package_fee_rate),
    )


# ---------------------------------------------------------------- congestion


@btc_tx_checks.register
def congestion(ctx: BtcTxContext) -> Iterator[Finding]:
    if ctx.pending_tx is None:
        return
    yield from congestion_findings(ctx.state)


def congestion_findings(state: BtcNetworkState) -> Iterator[Finding]:
    level = congestion_level(state.mempool, state.projected_blocks)
    if level is None:
        return
    name, backlog = level
    nbf = next_block_fee(state.fees, state.projected_blocks, state.mempool)
    busy = name in ("busy", "congested")
    key = "finding.BTC_CONGESTION"
    yield finding(
        "BTC_CONGESTION",
        Category.CONGESTION,
        Severity.WARNING if busy else Severity.INFO,
        {
            "level": name,
            "backlog_blocks": round(backlog, 2),
            "mempool_vsize": state.mempool.vsize if state.mempool else None,
            "mempool_count": state.mempool.count if state.mempool else None,
            "next_block_fee": nbf,
        },
        level_name=Term(f"{key}.level.{name}"),
        backlog=f"{backlog:.1f}",
        next_block=Term(f"{key}.next_block", fee=rate(nbf)) if nbf is not None else Term(f"{key}.end"),
        todo=Term(f"{key}.busy_todo") if busy else "",
    )


# ---------------------------------------------------------------- raw transactions


@btc_tx_checks.register
def raw_transaction(ctx: BtcTxContext) -> Iterator[Finding]:
    raw = ctx.lookup.raw
    if raw is None:
        return
    fee = ctx.lookup.raw_fee
    fee_rate = fee / raw.vsize if fee is not None else None
    key = "finding.BTC_RAW_TX_DECODED"
    yield finding(
        "BTC_RAW_TX_DECODED",
        Category.STATUS,
        Severity.INFO,
        {
            "txid": raw.txid,
            "wtxid": raw.wtxid,
            "vsize": raw.vsize,
            "segwit": raw.segwit,
            "rbf": raw.signals_rbf,
            "fee": fee,
            "fee_rate": round(fee_rate, 2) if fee_rate is not None else None,
        },
        inputs=str(len(raw.inputs)),
        outputs=str(len(raw.outputs)),
        fee_text=Term(f"{key}.fee", fee=fee, rate=rate(fee_rate))
        if fee_rate is not None
        else Term(f"{key}.end"),
    )
    fees = ctx.state.fees
    not_broadcast = ctx.tx is None and ctx.lookup.replacement is None and not ctx.lookup.conflicts
    checked = ctx.lookup.accept is not None  # a Core node's testmempoolaccept says it better
    if (
        not_broadcast
        and not checked
        and fee_rate is not None
        and fees is not None
        and fee_rate < fees.minimum
    ):
        yield _raw_fee_too_low(fee_rate, fees)


def _raw_fee_too_low(fee_rate: float, fees: FeeLevels) -> Finding:
    return finding(
        "BTC_RAW_TX_FEE_TOO_LOW",
        Category.FEE,
        Severity.ERROR,
        {"fee_rate": round(fee_rate, 2), "mempool_min_fee": fees.minimum},
        Verdict.STUCK,
        rate=rate(fee_rate),
        minimum=rate(fees.minimum),
        half_hour=rate(fees.half_hour),
    )


# ---------------------------------------------------------------- explorers


@btc_tx_checks.register
def providers(ctx: BtcTxContext) -> Iterator[Finding]:
    if ctx.lookup.disagreeing_providers and ctx.tx is not None:
        yield finding(
            "NET_PROVIDERS_DISAGREE",
            Category.NETWORK,
            Severity.WARNING,
            {"not_found_by": list(ctx.lookup.disagreeing_providers), "found_by": ctx.lookup.provider},
            said_not_found=", ".join(ctx.lookup.disagreeing_providers),
        )


@btc_tx_checks.register
def tip_agreement(ctx: BtcTxContext) -> Iterator[Finding]:
    """Explorers more than a block apart give different confirmation counts: say so."""
    tx, tips = ctx.tx, ctx.state.tips
    if tx is None or not tx.confirmed or tx.block_height is None or len(tips) < 2:
        return
    heights = [h for _, h in tips]
    spread = max(heights) - min(heights)
    if spread <= 1:
        return
    counts = {name: max(0, h - tx.block_height + 1) for name, h in tips}
    yield finding(
        "NET_TIP_MISMATCH",
        Category.NETWORK,
        Severity.WARNING,
        {"tips": dict(tips), "confirmations_by_provider": counts, "spread_blocks": spread},
        counts=", ".join(f"{n}: {c}" for n, c in counts.items()),
        lagging=min(tips, key=lambda t: t[1])[0],
    )


# A Core node's findings (what it cannot see, testmempoolaccept) run with these checks.
from txdoctor.families.bitcoin import core_checks as _core  # noqa: E402, F401
