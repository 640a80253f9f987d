"""A pending transaction held by the sender's earlier nonces: a gap, or earlier ones still waiting."""

from __future__ import annotations

from collections.abc import Iterator

from txdoctor.core.findings import Term, finding
from txdoctor.families.evm.checks.context import EvmTxContext
from txdoctor.messages import TermList
from txdoctor.model import Category, Finding, Severity, Verdict

MAX_LISTED_NONCES = 20


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


def _nonces_text(nonces: list[int]) -> TermList:
    """The nonces as a list in the reader's language ("0, 1, 2"; "0、1、2")."""
    return TermList(str(n) for n in nonces)


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
