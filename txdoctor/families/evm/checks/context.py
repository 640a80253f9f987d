"""What the EVM transaction checks read: the lookup, the chain state, where it was searched."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from txdoctor.core.chains import Chain
from txdoctor.families.evm.facts import EvmChainState, EvmTx, EvmTxLookup, FeeHistory


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


def mined_confirmations(ctx: EvmTxContext) -> int | None:
    """latest − block + 1, at least 1, for a transaction in a block; None when either is unknown
    (not Bitcoin's ``confirmations``, which is 0 for an unconfirmed transaction)."""
    lk = ctx.lookup
    block = lk.receipt.block_number if lk and lk.receipt else (ctx.tx.block_number if ctx.tx else None)
    latest = ctx.state.latest.number if ctx.state and ctx.state.latest else None
    if block is None or latest is None:
        return None
    return max(1, latest - block + 1)


def finality(ctx: EvmTxContext, block: int) -> tuple[bool | None, bool | None]:
    st = ctx.state
    if st is None:
        return None, None
    safe = None if st.safe_block is None else block <= st.safe_block
    final = None if st.finalized_block is None else block <= st.finalized_block
    return safe, final
