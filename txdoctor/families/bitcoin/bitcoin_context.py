"""A Bitcoin-family transaction as the checks see it, and its JSON facts (pure)."""

from __future__ import annotations

from dataclasses import dataclass

from txdoctor.core.chains import Chain
from txdoctor.core.checks import Registry
from txdoctor.families.bitcoin.facts import BtcNetworkState, BtcTx, BtcTxLookup


@dataclass(frozen=True)
class BtcTxContext:
    chain: Chain
    lookup: BtcTxLookup
    state: BtcNetworkState
    now: float  # unix time of the check, for ages

    @property
    def tx(self) -> BtcTx | None:
        return self.lookup.tx

    @property
    def pending_tx(self) -> BtcTx | None:
        """The tx when it is unconfirmed, still live (not replaced or conflicted)."""
        tx = self.lookup.tx
        if tx is None or tx.confirmed or self.lookup.replacement or self.lookup.conflicts:
            return None
        return tx

    @property
    def effective_rate(self) -> float | None:
        tx = self.tx
        if tx is None:
            return None
        pkg = self.lookup.package
        if pkg and (pkg.ancestors or pkg.descendants) and pkg.effective_fee_rate:
            return pkg.effective_fee_rate
        return tx.fee_rate


# checks.py registers its checks here, then core_checks.py the Core node's (neither imports the other back)
btc_tx_checks: Registry[BtcTxContext] = Registry()


def rate(value: float) -> str:
    """A fee rate as the findings show it, in sat/vB: ``2.5``, ``12``."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def confirmations(tx: BtcTx, tip: int | None) -> int | None:
    """tip − height + 1 for a confirmed tx, 0 for an unconfirmed one, None when the tip is unknown."""
    if not tx.confirmed:
        return 0
    if tip is None or tx.block_height is None or tip < tx.block_height:
        return None  # a tip below the tx's own block is a bad answer, not "1 confirmation"
    return tip - tx.block_height + 1


def tx_facts(ctx: BtcTxContext) -> dict[str, object]:
    """The `facts` object of the JSON output for a Bitcoin transaction."""
    lk, tx = ctx.lookup, ctx.tx
    facts: dict[str, object] = {"txid": lk.txid, "provider": lk.provider}
    if tx is not None:
        tip = ctx.state.tip_height
        facts.update(
            confirmed=tx.confirmed,
            confirmations=confirmations(tx, tip),
            block_height=tx.block_height,
            block_time=tx.block_time,
            fee=tx.fee,
            vsize=tx.vsize,
            weight=tx.weight,
            fee_rate=round(tx.fee_rate, 2) if tx.fee_rate is not None else None,
            effective_fee_rate=round(ctx.effective_rate, 2) if ctx.effective_rate is not None else None,
            rbf=tx.signals_rbf,
            inputs=len(tx.inputs),
            outputs=len(tx.outputs),
            first_seen=tx.first_seen,
        )
    elif lk.raw is not None:
        rate = round(lk.raw_fee / lk.raw.vsize, 2) if lk.raw_fee is not None else None
        facts.update(
            confirmations=None,
            fee=lk.raw_fee,
            vsize=lk.raw.vsize,
            weight=lk.raw.weight,
            fee_rate=rate,
            effective_fee_rate=rate,
            rbf=lk.raw.signals_rbf,
            inputs=len(lk.raw.inputs),
            outputs=len(lk.raw.outputs),
        )
    else:
        facts.update(confirmations=None, fee_rate=None, effective_fee_rate=None, rbf=None)
    if tx is not None and tx.confirmed:
        pass  # a confirmed transaction was not replaced, whatever a stale RBF history says
    elif lk.replacement is not None:
        facts["replaced_by"] = lk.replacement.replaced_by
    elif lk.conflicts:
        facts["replaced_by"] = lk.conflicts[0][1]
    tip = ctx.state.tip_height
    if tip is not None and not (tx is not None and tx.block_height is not None and tip < tx.block_height):
        facts["tip_height"] = tip
    return facts
