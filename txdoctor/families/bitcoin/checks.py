"""Checks for a Bitcoin-family transaction: status, fee, what to do, congestion."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from txdoctor.core.chains import CHAINS, Chain
from txdoctor.core.checks import Registry
from txdoctor.core.checks.common import maybe_private_key
from txdoctor.families.bitcoin.facts import BtcNetworkState, BtcTx, BtcTxLookup
from txdoctor.families.bitcoin.fee_checks import (
    SOON_BLOCKS,
    congestion_level,
    cpfp_plan,
    next_block_fee,
    projected_position,
    rbf_plan,
)
from txdoctor.model import Category, Finding, Severity, Verdict

MEMPOOL_EXPIRY_HOURS = 336  # Bitcoin Core drops a tx after two weeks unconfirmed


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


btc_tx_checks: Registry[BtcTxContext] = Registry("bitcoin transaction")


def _sat_vb(rate: float) -> str:
    return f"{rate:.2f}".rstrip("0").rstrip(".") + " sat/vB"


def _hours(seconds: float) -> str:
    h = seconds / 3600
    return f"{h:.0f} h" if h < 48 else f"{h / 24:.1f} days"


@btc_tx_checks.register
def status(ctx: BtcTxContext) -> Iterator[Finding]:
    lk, tx = ctx.lookup, ctx.tx
    name = ctx.chain.display
    if lk.replacement is not None and not (tx is not None and tx.confirmed):
        r = lk.replacement
        yield Finding(
            "BTC_TX_REPLACED",
            Category.STATUS,
            Severity.ERROR,
            f"This transaction was replaced (RBF) by {r.replaced_by}"
            + (" which is confirmed." if r.replacement_mined else "."),
            "Track the replacing transaction instead: it spends the same coins, so this one can "
            "never confirm. If you did not ask for the replacement, the sender's wallet did.",
            {
                "replaced_by": r.replaced_by,
                "replacement_fee_rate": r.replacement_fee_rate,
                "replacement_mined": r.replacement_mined,
                "full_rbf": r.full_rbf,
            },
            Verdict.REPLACED,
        )
        return
    if lk.conflicts and not (tx is not None and tx.confirmed):
        index, spender = lk.conflicts[0]
        yield Finding(
            "BTC_TX_CONFLICT",
            Category.STATUS,
            Severity.ERROR,
            f"Input #{index} of this transaction was spent by another transaction ({spender}): "
            "a conflicting spend (double spend) won, so this one can never confirm.",
            "Check the other transaction; if the payment is still owed, the sender must send a new one.",
            {"conflicts": [{"input": i, "spent_by": s} for i, s in lk.conflicts]},
            Verdict.REPLACED,
        )
        return
    if tx is None and (lk.node_cannot_tell or (lk.accept is not None and not lk.accept.allowed)):
        return  # core_checks.py says what the Core node can tell
    if tx is None and lk.raw is not None and not lk.found_on_other_chains:
        yield Finding(
            "BTC_RAW_TX_NOT_BROADCAST",
            Category.NETWORK,
            Severity.ERROR,
            f"This signed transaction (txid {lk.raw.txid}) is not on {name}: it was never broadcast, "
            "or it was dropped.",
            "It can be sent as it is: paste the raw hex into an explorer's 'broadcast transaction' page "
            "(e.g. mempool.space/tx/push) or the wallet's rebroadcast option. If it is rejected, the "
            "reason (fee too low, inputs already spent) says what to do next.",
            {"txid": lk.raw.txid, "checked_providers": list(lk.not_found_confirmed_by) or [lk.provider]},
            Verdict.NOT_FOUND,
        )
        return
    if tx is None:
        checked = ", ".join(lk.not_found_confirmed_by) or lk.provider
        other = lk.found_on_other_chains
        if other:
            names = ", ".join(CHAINS[c].display for c in other if c in CHAINS)
            yield Finding(
                "BTC_TX_ON_OTHER_NETWORK",
                Category.NETWORK,
                Severity.ERROR,
                f"This transaction is not on {name}; it exists on {names}.",
                f"Check it there: txdoctor check {lk.txid} --chain {other[0]}. "
                + (
                    "Testnet and signet coins have no value; make sure the wallet is on the network "
                    "you meant."
                    if all(CHAINS[c].is_test_network for c in other if c in CHAINS)
                    else "A payment on another network or coin never arrives on this one: ask which "
                    "coin and network it was sent on."
                ),
                {"found_on": list(other), "checked": ctx.chain.name},
                Verdict.NOT_FOUND,
            )
            return
        yield Finding(
            "BTC_TX_NOT_FOUND",
            Category.STATUS,
            Severity.ERROR,
            f"No transaction with this ID is known on {name} (checked: {checked}).",
            "Likely causes: it was never broadcast (the wallet built it but did not send it); it was "
            "dropped from mempools (fee too low, or unconfirmed for two weeks); it belongs to another "
            "network; or the ID is mistyped. Next: check the whole ID was copied, then ask the sender's "
            "wallet to rebroadcast the transaction or send it again.",
            {"checked_providers": list(lk.not_found_confirmed_by) or [lk.provider]},
            Verdict.NOT_FOUND,
        )
        yield maybe_private_key()
        return
    if tx.confirmed:
        confs = confirmations(tx, ctx.state.tip_height)
        yield Finding(
            "BTC_TX_CONFIRMED",
            Category.STATUS,
            Severity.OK,
            f"Confirmed in block {tx.block_height}"
            + (
                f", {confs} confirmation{'s' if confs != 1 else ''}."
                if confs is not None
                else " (the current block height could not be read, so the confirmation count is unknown)."
            ),
            "Nothing to do on the network side: the transfer is final. If the recipient does not see "
            "it, they should check the address it was sent to and that their wallet is synced.",
            {
                "confirmations": confs,
                "block_height": tx.block_height,
                "block_hash": tx.block_hash,
                "block_time": tx.block_time,
            },
            Verdict.CONFIRMED,
        )
        return
    evidence: dict[str, object] = {"first_seen": tx.first_seen}
    message = "Not confirmed yet: the transaction is in the mempool, waiting for a miner."
    if tx.first_seen:
        age = max(0.0, ctx.now - tx.first_seen)
        evidence["waiting_hours"] = round(age / 3600, 1)
        message = f"Not confirmed yet: waiting in the mempool for {_hours(age)}."
        if age > MEMPOOL_EXPIRY_HOURS * 3600:
            message += (
                " Most nodes forget a transaction after two weeks unconfirmed; once it is gone "
                "everywhere, the coins are spendable again by the sender."
            )
    yield Finding(
        "BTC_TX_UNCONFIRMED",
        Category.STATUS,
        Severity.INFO,
        message,
        "",
        evidence,
        Verdict.PENDING,
    )


@btc_tx_checks.register
def fee(ctx: BtcTxContext) -> Iterator[Finding]:
    tx = ctx.pending_tx
    if tx is None or tx.fee is None:
        return
    rate = ctx.effective_rate
    own = tx.fee_rate
    if rate is None or own is None:
        return
    state = ctx.state
    if abs(rate - own) > 0.005 * max(own, 1.0):
        pkg = ctx.lookup.package
        yield Finding(
            "BTC_FEE_PACKAGE_RATE",
            Category.FEE,
            Severity.INFO,
            f"Miners see this transaction with its unconfirmed relatives (CPFP): its effective fee rate "
            f"is {_sat_vb(rate)}, against {_sat_vb(own)} on its own.",
            "",
            {
                "fee_rate": round(own, 2),
                "effective_fee_rate": round(rate, 2),
                "ancestors": list(pkg.ancestors) if pkg else [],
                "descendants": list(pkg.descendants) if pkg else [],
            },
        )
    if state.fees is None and not state.projected_blocks:
        yield Finding(
            "BTC_FEE_LEVELS_UNAVAILABLE",
            Category.FEE,
            Severity.INFO,
            "Could not compare the fee with the network: no fee levels were available.",
            "Try again later, or point --url at an explorer that serves fee estimates.",
            {"errors": list(state.errors)},
        )
        return
    if state.fees is not None and rate < state.fees.minimum:
        yield Finding(
            "BTC_FEE_BELOW_MEMPOOL_MIN",
            Category.FEE,
            Severity.ERROR,
            f"The fee rate {_sat_vb(rate)} is below the minimum that nodes keep in their mempools now "
            f"({_sat_vb(state.fees.minimum)}): many nodes have dropped or will drop it.",
            "Bump the fee (see below). If nothing is done it may vanish from explorers and the coins "
            "return to the sender's wallet after it forgets the transaction.",
            {"effective_fee_rate": round(rate, 2), "mempool_min_fee": state.fees.minimum},
            Verdict.STUCK,
        )
        return
    pos = projected_position(rate, state)
    if pos is None:
        return
    evidence: dict[str, object] = {
        "effective_fee_rate": round(rate, 2),
        "projected_block": pos.block_index,
        "eta_blocks": pos.eta_blocks,
        "eta_minutes": pos.eta_minutes,
        "method": pos.method,
    }
    if state.fees is not None:
        evidence["next_block_fee"] = next_block_fee(state.fees, state.projected_blocks, state.mempool)
    if pos.soon:
        where = "the next block" if pos.block_index == 0 else f"projected block #{(pos.block_index or 0) + 1}"
        yield Finding(
            "BTC_FEE_OK",
            Category.FEE,
            Severity.OK,
            f"The fee rate {_sat_vb(rate)} puts it in {where}: expected in about "
            f"{pos.eta_blocks} block{'s' if pos.eta_blocks != 1 else ''} (~{pos.eta_minutes} min).",
            "",
            evidence,
        )
    else:
        yield Finding(
            "BTC_FEE_TOO_LOW",
            Category.FEE,
            Severity.WARNING,
            f"The fee rate {_sat_vb(rate)} is below what the next {SOON_BLOCKS} blocks will take: "
            "it will not confirm any time soon.",
            "Bump the fee (see below), or wait for the mempool to clear, which can take days.",
            evidence,
            Verdict.STUCK,
        )


@btc_tx_checks.register
def next_step(ctx: BtcTxContext) -> Iterator[Finding]:
    tx = ctx.pending_tx
    fees = ctx.state.fees
    if tx is None or tx.fee is None or fees is None:
        return
    rate = ctx.effective_rate or 0.0
    pos = projected_position(rate, ctx.state)
    if pos is not None and pos.soon and rate >= fees.minimum:
        yield Finding(
            "BTC_ACTION_WAIT",
            Category.FEE,
            Severity.INFO,
            "Wait: the fee is enough for the current mempool.",
            f"Expected in about {pos.eta_minutes} minutes. Check again later; nothing needs to be done.",
            {"eta_minutes": pos.eta_minutes},
        )
        return
    target = fees.half_hour
    if tx.signals_rbf:
        plan = rbf_plan(tx.fee, tx.vsize, target)
        yield Finding(
            "BTC_ACTION_RBF",
            Category.FEE,
            Severity.INFO,
            "The sender can speed it up by replacing it (Replace-By-Fee): the transaction signals RBF.",
            f"In the sending wallet use 'Bump fee' / 'Speed up' and set at least "
            f"{_sat_vb(plan.new_fee_rate)} (about 30 minutes at current rates; "
            f"{_sat_vb(fees.fastest)} for the next block). New fee {plan.new_fee} sat, "
            f"{plan.extra_cost} sat more than now.",
            {
                "rbf": True,
                "target": "half_hour",
                "target_fee_rate": target,
                "new_fee_rate": plan.new_fee_rate,
                "new_fee": plan.new_fee,
                "extra_cost": plan.extra_cost,
            },
        )
        return
    output = next((o for o in tx.outputs if o.address), None)
    cp = cpfp_plan(tx.fee, tx.vsize, target, output.script_type if output else None, fees.minimum)
    yield Finding(
        "BTC_ACTION_CPFP",
        Category.FEE,
        Severity.INFO,
        "The transaction does not signal RBF, so the usual fix is Child-Pays-For-Parent (CPFP): "
        "whoever received an output spends it with a high fee.",
        f"The recipient (or the sender, from a change output) spends an output of this transaction "
        f"with a fee of at least {cp.child_fee} sat ({_sat_vb(cp.child_fee_rate)} for a ~{cp.child_vsize} vB "
        f"child), lifting the pair to {_sat_vb(cp.package_fee_rate)}. Many nodes now also accept "
        "full-RBF replacements, but not every wallet offers them.",
        {
            "rbf": False,
            "target": "half_hour",
            "target_fee_rate": target,
            "child_vsize": cp.child_vsize,
            "child_fee": cp.child_fee,
            "child_fee_rate": cp.child_fee_rate,
            "package_fee_rate": cp.package_fee_rate,
        },
    )


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
    severity = Severity.WARNING if name in ("busy", "congested") else Severity.INFO
    yield Finding(
        "BTC_CONGESTION",
        Category.CONGESTION,
        severity,
        f"The network is {name}: about {backlog:.1f} blocks' worth of transactions are waiting"
        + (f"; the next block takes {_sat_vb(nbf)} or more." if nbf is not None else "."),
        "Fees rise and fall with the backlog; a low-fee transaction confirms once it clears."
        if name in ("busy", "congested")
        else "",
        {
            "level": name,
            "backlog_blocks": round(backlog, 2),
            "mempool_vsize": state.mempool.vsize if state.mempool else None,
            "mempool_count": state.mempool.count if state.mempool else None,
            "next_block_fee": nbf,
        },
    )


@btc_tx_checks.register
def raw_transaction(ctx: BtcTxContext) -> Iterator[Finding]:
    raw = ctx.lookup.raw
    if raw is None:
        return
    fee = ctx.lookup.raw_fee
    rate = fee / raw.vsize if fee is not None else None
    yield Finding(
        "BTC_RAW_TX_DECODED",
        Category.STATUS,
        Severity.INFO,
        f"Decoded a raw transaction: txid {raw.txid}, {len(raw.inputs)} input(s), {len(raw.outputs)} "
        f"output(s), {raw.vsize} vB" + (f", fee {fee} sat ({_sat_vb(rate)})." if rate is not None else "."),
        "",
        {
            "txid": raw.txid,
            "wtxid": raw.wtxid,
            "vsize": raw.vsize,
            "segwit": raw.segwit,
            "rbf": raw.signals_rbf,
            "fee": fee,
            "fee_rate": round(rate, 2) if rate is not None else None,
        },
    )
    fees = ctx.state.fees
    not_broadcast = ctx.tx is None and ctx.lookup.replacement is None and not ctx.lookup.conflicts
    checked = ctx.lookup.accept is not None  # a Core node's testmempoolaccept says it better
    if not_broadcast and not checked and rate is not None and fees is not None and rate < fees.minimum:
        yield Finding(
            "BTC_RAW_TX_FEE_TOO_LOW",
            Category.FEE,
            Severity.ERROR,
            f"Its fee rate {_sat_vb(rate)} is below the {_sat_vb(fees.minimum)} that nodes accept now: "
            "a broadcast would be refused.",
            "Create the transaction again with a higher fee (at least "
            f"{_sat_vb(fees.half_hour)} to confirm in about 30 minutes).",
            {"fee_rate": round(rate, 2), "mempool_min_fee": fees.minimum},
            Verdict.STUCK,
        )


@btc_tx_checks.register
def providers(ctx: BtcTxContext) -> Iterator[Finding]:
    if ctx.lookup.disagreeing_providers and ctx.tx is not None:
        yield Finding(
            "NET_PROVIDERS_DISAGREE",
            Category.NETWORK,
            Severity.WARNING,
            f"Explorers disagree: {', '.join(ctx.lookup.disagreeing_providers)} said 'not found', but "
            f"{ctx.lookup.provider} has the transaction.",
            "Explorers lag or drop low-fee transactions from their own mempools; trust the one that "
            "has it, and re-check later.",
            {"not_found_by": list(ctx.lookup.disagreeing_providers), "found_by": ctx.lookup.provider},
        )


def confirmations(tx: BtcTx, tip: int | None) -> int | None:
    """tip − height + 1 for a confirmed tx, 0 for an unconfirmed one, None when the tip is unknown."""
    if not tx.confirmed:
        return 0
    if tip is None or tx.block_height is None or tip < tx.block_height:
        return None  # a tip below the tx's own block is a bad answer, not "1 confirmation"
    return tip - tx.block_height + 1


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
    lagging = min(tips, key=lambda t: t[1])[0]
    yield Finding(
        "NET_TIP_MISMATCH",
        Category.NETWORK,
        Severity.WARNING,
        f"Explorers disagree on the latest block by {spread} blocks, so they show different "
        f"confirmation counts ({', '.join(f'{n}: {c}' for n, c in counts.items())}); {lagging} is behind.",
        "Trust the higher count once another explorer agrees; a lagging explorer catches up by itself.",
        {"tips": dict(tips), "confirmations_by_provider": counts, "spread_blocks": spread},
    )


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


# A Core node's findings (what it cannot see, testmempoolaccept) run with these checks.
from txdoctor.families.bitcoin import core_checks as _core  # noqa: E402, F401
