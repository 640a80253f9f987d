"""The `facts` object of the JSON output for an EVM transaction (keys in a fixed order)."""

from __future__ import annotations

from txdoctor.families.evm.checks.context import EvmTxContext, finality, mined_confirmations
from txdoctor.families.evm.facts import EvmTxLookup


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


def _chain_id(ctx: EvmTxContext) -> int | None:
    """As the node reported it, else as the transaction says, else the chain's."""
    tx, chain = ctx.tx, ctx.chain
    return (
        (ctx.state.chain_id if ctx.state and ctx.state.chain_id else None)
        or (tx.chain_id if tx else None)
        or (chain.chain_id if chain else None)
    )


def _base_facts(ctx: EvmTxContext) -> dict[str, object]:
    lk, tx, chain = ctx.lookup, ctx.tx, ctx.chain
    rc = lk.receipt if lk else None
    return {
        "hash": lk.hash if lk else (ctx.tx_hash or None),
        "chain": chain.name if chain else None,
        "chain_id": _chain_id(ctx),
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
        "confirmations": mined_confirmations(ctx) if rc or (tx and not tx.pending) else 0 if tx else None,
        "gas_used": rc.gas_used if rc else None,
        "effective_gas_price": rc.effective_gas_price if rc else None,
        "fee_paid": None,
        "revert_reason": None,
        "native_symbol": ctx.symbol,
    }


def _lookup_facts(ctx: EvmTxContext, lk: EvmTxLookup, facts: dict[str, object]) -> None:
    """What the receipt, the replay, the sender and the memory of pending ones added."""
    rc, tx = lk.receipt, ctx.tx
    if rc is not None:
        fee_paid = rc.fee_paid(tx)
        facts["fee_paid"] = str(fee_paid) if fee_paid is not None else None
        facts["safe"], facts["finalized"] = finality(ctx, rc.block_number)
    if lk.revert is not None:
        facts["revert_reason"] = lk.revert.reason
        facts["revert_kind"] = lk.revert.kind
    if lk.sender is not None:
        facts["mined_nonce"] = lk.sender.mined_nonce
        facts["pending_nonce"] = lk.sender.pending_nonce
        facts["sender_balance"] = str(lk.sender.balance) if lk.sender.balance is not None else None
    if lk.seen is not None and tx is None:
        facts.update(**{"from": lk.seen.sender, "nonce": lk.seen.nonce, "seen_pending_at": lk.seen.seen_at})
    if lk.transfers:
        facts["token_transfers"] = [_transfer(lk, i) for i in range(len(lk.transfers))]


def _transfer(lk: EvmTxLookup, i: int) -> dict[str, object]:
    t = lk.transfers[i]
    info = lk.token(t.token)
    return {
        "token": t.token,
        "symbol": info.symbol if info else None,
        "decimals": info.decimals if info else None,
        "from": t.sender,
        "to": t.recipient,
        "amount": str(t.amount),
        "source": t.source,
    }


def tx_facts(ctx: EvmTxContext) -> dict[str, object]:
    """The `facts` object of the JSON output for an EVM transaction."""
    facts = _base_facts(ctx)
    if ctx.lookup is not None:
        _lookup_facts(ctx, ctx.lookup, facts)
    st = ctx.state
    if st is not None:
        facts["latest_block"] = st.latest.number if st.latest else None
        facts["next_base_fee"] = st.next_base_fee
    if ctx.found_on:
        facts["found_on"] = list(ctx.found_on)
    if ctx.checked:
        facts["checked"] = list(ctx.checked)
    return facts
