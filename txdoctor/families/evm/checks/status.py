"""The status of a transaction found on a chain: pending, mined (succeeded, failed, no status)."""

from __future__ import annotations

from collections.abc import Iterator

from txdoctor.core.abi import RevertInfo
from txdoctor.core.checks.common import chain_term
from txdoctor.core.findings import Term, finding
from txdoctor.families.evm.checks.context import EvmTxContext, finality, mined_confirmations
from txdoctor.families.evm.checks.missing import not_found, replaced
from txdoctor.families.evm.facts import EvmReceipt, EvmTx, EvmTxLookup, format_native
from txdoctor.model import Category, Finding, Severity, Verdict


def status(ctx: EvmTxContext) -> Iterator[Finding]:
    lk, tx = ctx.lookup, ctx.tx
    rc = lk.receipt if lk else None
    if lk is None or (tx is None and rc is None):
        yield from not_found(ctx)
    elif rc is None and tx is not None and tx.pending:
        yield (
            replaced(ctx, tx.sender, tx.nonce, "still known to the node")
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
    safe, final = finality(ctx, rc.block_number)
    fee = rc.fee_paid(ctx.tx)
    return {
        "block_number": rc.block_number,
        "block_hash": rc.block_hash,
        "confirmations": mined_confirmations(ctx),
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
    in_block = _in_block(rc.block_number, mined_confirmations(ctx))
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
