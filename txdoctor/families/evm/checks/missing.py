"""A transaction no chain has now: replaced, dropped, on another chain, or nowhere; and where it was found."""

from __future__ import annotations

from collections.abc import Iterator

from txdoctor.core.chains import Chain
from txdoctor.core.checks.common import chain_names, chain_term
from txdoctor.core.findings import Term, finding
from txdoctor.families.evm.checks.context import EvmTxContext
from txdoctor.families.evm.facts import SeenPending
from txdoctor.families.evm.words import could_not_check
from txdoctor.model import Category, Finding, Severity, Verdict

# Codes saying the transaction existed but is gone (NET_NOT_FOUND_CAUSE's dropped_or_expired).
DROPPED = ("EVM_TX_DROPPED",)


def not_found(ctx: EvmTxContext) -> Iterator[Finding]:
    lk = ctx.lookup
    seen = lk.seen if lk else None
    if seen is not None and lk is not None and lk.sender is not None and seen.still_same_chain is not False:
        mined = lk.sender.mined_nonce
        if mined is not None and mined > seen.nonce:
            yield replaced(ctx, seen.sender, seen.nonce, "seen pending by txdoctor earlier")
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


def replaced(ctx: EvmTxContext, sender: str, nonce: int, how: str) -> Finding:
    return finding(
        "EVM_TX_REPLACED",
        Category.STATUS,
        Severity.ERROR,
        {"nonce": nonce, "mined_nonce": ctx.mined_nonce, "sender": sender, "evidence_source": how},
        Verdict.REPLACED,
    )


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
