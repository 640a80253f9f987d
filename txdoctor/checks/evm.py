"""Checks for an EVM transaction and address: status, nonce, fee, funds, tokens, congestion.

Pure functions from the facts in :mod:`txdoctor.evm_facts` to findings; no I/O. The
finding catalogue (codes, verdicts, evidence keys, thresholds) is docs/evm.md.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from txdoctor.chains import CHAINS, Chain
from txdoctor.checks import Registry
from txdoctor.evm_facts import (
    EvmAddressActivity,
    EvmChainState,
    EvmTx,
    EvmTxLookup,
    FeeHistory,
    TokenTransfer,
    format_gwei,
    format_native,
    format_units,
    round_up_nice,
)
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

GLOSSARY_NONCE = (
    "the nonce is the sender's transaction counter: each transaction from an address has a "
    "number, and the network takes them strictly in order"
)
GLOSSARY_BASE_FEE = (
    "the base fee is the minimum price per unit of gas the next block charges; it rises when blocks are full"
)


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


def _name(chain: str) -> str:
    return CHAINS[chain].display if chain in CHAINS else chain


def _names(chains: tuple[str, ...] | list[str]) -> str:
    return ", ".join(_name(c) for c in chains)


def _gwei(wei: int | None) -> str:
    return "?" if wei is None else f"{format_gwei(wei)} gwei"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


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
    lk = ctx.lookup
    tx = ctx.tx
    rc = lk.receipt if lk else None
    where = ctx.chain.display if ctx.chain else "any chain checked"
    if lk is None or (tx is None and rc is None):
        yield from _not_found(ctx)
        return
    if rc is None and tx is not None and tx.pending:
        if ctx.replaced:
            yield _replaced(ctx, tx.sender, tx.nonce, "still known to the node")
            return
        yield Finding(
            "EVM_TX_PENDING",
            Category.STATUS,
            Severity.INFO,
            f"Not mined yet: the transaction is waiting in the {where} mempool (nonce {tx.nonce}).",
            "",
            {"nonce": tx.nonce, "mined_nonce": ctx.mined_nonce},
            Verdict.PENDING,
        )
        return
    if rc is None:
        assert tx is not None
        yield Finding(
            "EVM_TX_NO_RECEIPT",
            Category.STATUS,
            Severity.WARNING,
            f"Included in block {tx.block_number}, but the node did not return its receipt, so "
            "whether it succeeded is unknown.",
            "Check again in a minute, or with another node (--url).",
            {"block_number": tx.block_number},
            Verdict.CONFIRMED,
        )
        return
    confs = confirmations(ctx)
    safe, final = _finality(ctx, rc.block_number)
    fee = rc.fee_paid(tx)
    base_evidence: dict[str, object] = {
        "block_number": rc.block_number,
        "block_hash": rc.block_hash,
        "confirmations": confs,
        "safe": safe,
        "finalized": final,
        "gas_used": rc.gas_used,
        "gas_limit": tx.gas_limit if tx else None,
        "effective_gas_price": rc.effective_gas_price,
        "fee_paid": str(fee) if fee is not None else None,
    }
    in_block = f"in block {rc.block_number}" + (
        f", {_plural(confs, 'confirmation')}" if confs is not None else ""
    )
    if rc.status == 1:
        if final:
            finality = " The block is finalized: it cannot be reversed."
        elif safe:
            finality = " The block is 'safe' (very unlikely to be reversed) but not finalized yet."
        elif final is False:
            finality = " The block is not finalized yet" + (
                " (that takes about 13 minutes on Ethereum)."
                if ctx.chain is not None and ctx.chain.name in ("eth", "eth-sepolia")
                else "."
            )
        else:
            finality = ""
        yield Finding(
            "EVM_TX_SUCCESS",
            Category.STATUS,
            Severity.OK,
            f"Succeeded {in_block}.{finality}",
            "Nothing to do on the network side. If the recipient does not see the funds, check the "
            "address it was sent to, the network their wallet is on, and (for tokens) that the wallet "
            "shows that token.",
            base_evidence,
            Verdict.CONFIRMED,
        )
        return
    if rc.status is None:
        likely_failed = tx is not None and rc.gas_used >= tx.gas_limit
        yield Finding(
            "EVM_TX_NO_STATUS",
            Category.STATUS,
            Severity.WARNING,
            f"Mined {in_block}, but its receipt has no success/failure status (receipts before the "
            "Byzantium upgrade of October 2017 do not record it), so the outcome cannot be read from "
            "the receipt."
            + (
                " It used all of its gas, which at the time usually meant it failed." if likely_failed else ""
            ),
            "Check the balances or the token's events in an explorer to see whether the transfer happened.",
            {**base_evidence, "likely_failed": likely_failed},
            Verdict.CONFIRMED,
        )
        return
    # status 0: failed
    fee_text = f" The fee of {format_native(fee, ctx.symbol)} was still paid." if fee is not None else ""
    rv = lk.revert if lk else None
    evidence = {
        **base_evidence,
        "revert_reason": rv.reason if rv else None,
        "revert_kind": rv.kind if rv else None,
        "revert_selector": rv.selector if rv else None,
        "panic_code": rv.panic_code if rv else None,
        "revert_detail": rv.detail if rv else None,
    }
    if tx is not None and rc.gas_used >= tx.gas_limit:
        yield Finding(
            "EVM_TX_OUT_OF_GAS",
            Category.STATUS,
            Severity.ERROR,
            f"Failed {in_block}: it ran out of gas (it used all {tx.gas_limit:,} gas it was allowed). "
            f"Nothing was transferred; its effects were undone.{fee_text}",
            "Send it again with a higher gas limit: let the wallet estimate it, or raise it by half. "
            "The fee already paid is not refunded.",
            evidence,
            Verdict.FAILED,
        )
        return
    reason = _revert_text(rv)
    yield Finding(
        "EVM_TX_REVERTED",
        Category.STATUS,
        Severity.ERROR,
        f"Failed {in_block}: the contract refused it (reverted){reason}. Nothing was transferred; "
        f"its effects were undone.{fee_text}",
        "The reason comes from the contract: fix what it names (e.g. balance, allowance, slippage, "
        "deadline) and send a new transaction. The fee already paid is not refunded.",
        evidence,
        Verdict.FAILED,
    )


def _revert_text(rv: object) -> str:
    from txdoctor.abi import RevertInfo

    if not isinstance(rv, RevertInfo):
        return ""
    if rv.kind == "error" and rv.reason is not None:
        return f" with the reason {rv.reason!r}"
    if rv.kind == "panic" and rv.reason:
        return f" with a {rv.reason}"
    if rv.kind == "custom" and rv.selector:
        return (
            f" with the custom error 0x{rv.selector} "
            "(look it up in the contract's ABI or a selector database)"
        )
    if rv.kind == "empty":
        return " without giving a reason"
    if rv.kind == "not_reproduced":
        return (
            " (replaying it before its block succeeded, so it depended on an earlier "
            "transaction in the same block)"
        )
    if rv.kind == "unavailable":
        return " (the reason could not be read: the node cannot replay old blocks)"
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
            yield Finding(
                "EVM_TX_DROPPED",
                Category.STATUS,
                Severity.ERROR,
                f"This transaction was waiting earlier (seen {_ago(ctx.now - seen.seen_at)} ago) but the "
                f"node no longer has it, and its nonce {seen.nonce} is still unused: it was dropped "
                "from the mempool without being mined, usually because its fee was too low.",
                "Nothing was sent and no fee was paid. The sender can simply send the transfer again "
                "(the wallet may need a 'reset'/'clear pending' to reuse the nonce).",
                {"nonce": seen.nonce, "mined_nonce": mined, "sender": seen.sender, "seen_at": seen.seen_at},
                Verdict.NOT_FOUND,
            )
            return
    checked = list(ctx.checked)
    if ctx.found_on and ctx.asked is not None:
        other = ctx.found_on[0]
        names = _names(ctx.found_on)
        yield Finding(
            "EVM_TX_ON_OTHER_CHAIN",
            Category.NETWORK,
            Severity.ERROR,
            f"This transfer is on {names}, not {ctx.asked.display}.",
            f"The funds moved on {_name(other)}: the recipient must look for them there"
            + (
                f" (same address, other network; their wallet or exchange must support {_name(other)})"
                if ctx.asked.family == "evm"
                else ""
            )
            + f". Check it: txdoctor check {lk.hash if lk else ctx.tx_hash} --chain {other}",
            {"found_on": list(ctx.found_on), "checked": checked, "asked_chain": ctx.asked.name},
            Verdict.NOT_FOUND,
        )
        return
    where = _names(checked) or "no chain"
    unchecked = f" Could not check: {', '.join(_name(c) for c in ctx.unchecked)}." if ctx.unchecked else ""
    yield Finding(
        "EVM_TX_NOT_FOUND",
        Category.STATUS,
        Severity.ERROR,
        f"No transaction with this hash is known on {where}.{unchecked}",
        "Likely causes: it was never broadcast (the wallet built it but did not send it); it was "
        "dropped from the mempool (fee too low); it was replaced by a 'speed up' or 'cancel' (which "
        "gets a new hash — look at the sender's latest transactions); it is on another network; or "
        "the hash is mistyped. Next: check the whole hash was copied, and which network the wallet used "
        "(--chain).",
        {
            "checked": checked,
            "unchecked": list(ctx.unchecked),
            "not_found_by": list(ctx.not_found_by or (lk.not_found_confirmed_by if lk else ())),
        },
        Verdict.NOT_FOUND,
    )


def _ago(seconds: float) -> str:
    minutes = max(0.0, seconds) / 60
    if minutes < 90:
        return f"{minutes:.0f} min"
    hours = minutes / 60
    return f"{hours:.0f} h" if hours < 48 else f"{hours / 24:.1f} days"


def _replaced(ctx: EvmTxContext, sender: str, nonce: int, how: str) -> Finding:
    mined = ctx.mined_nonce
    return Finding(
        "EVM_TX_REPLACED",
        Category.STATUS,
        Severity.ERROR,
        f"This transaction was replaced: another transaction from the same sender with the same nonce "
        f"({nonce}) was mined instead ({GLOSSARY_NONCE}). This one can never be mined.",
        "Look at the sender's latest transactions in an explorer: the one with nonce "
        f"{nonce} is the one that counts (a wallet 'speed up' or 'cancel' creates it with a new hash). "
        "If it was a cancel, the transfer did not happen and must be sent again.",
        {"nonce": nonce, "mined_nonce": mined, "sender": sender, "evidence_source": how},
        Verdict.REPLACED,
    )


@evm_tx_checks.register
def chain_detected(ctx: EvmTxContext) -> Iterator[Finding]:
    if not ctx.detected or ctx.chain is None or ctx.tx is None:
        return
    also = f" It also exists on {', '.join(_name(c) for c in ctx.also_on)}." if ctx.also_on else ""
    yield Finding(
        "EVM_TX_CHAIN_DETECTED",
        Category.NETWORK,
        Severity.INFO,
        f"Found on {ctx.chain.display} (looked on: {', '.join(_name(c) for c in ctx.checked)}).{also}",
        "",
        {"chain": ctx.chain.name, "checked": list(ctx.checked), "also_on": list(ctx.also_on)},
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


@evm_tx_checks.register
def fee(ctx: EvmTxContext) -> Iterator[Finding]:
    tx = ctx.pending_tx
    if tx is None or tx.fee_cap is None:
        return
    base = ctx.next_base_fee
    history = ctx.history
    if base is None:
        yield Finding(
            "EVM_FEE_LEVELS_UNAVAILABLE",
            Category.FEE,
            Severity.INFO,
            "Could not compare the fee with the network: the node gave no base fee or fee history.",
            "Try again later, or point --url at another node.",
            {"errors": list(ctx.state.errors) if ctx.state else []},
        )
        return
    cap = tx.fee_cap
    tip = tx.tip_at(base)
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
    which = "max fee" if tx.dynamic_fee else "gas price"
    if cap < base:
        evidence["shortfall"] = base - cap
        yield Finding(
            "EVM_FEE_BELOW_BASE_FEE",
            Category.FEE,
            Severity.ERROR,
            f"Stuck: its {which} of {_gwei(cap)} is below the network's base fee for the next block "
            f"({_gwei(base)}), so no block can include it until the base fee falls that low "
            f"({GLOSSARY_BASE_FEE}).",
            "Replace it with a higher fee (see the next step), or wait for the base fee to fall; many "
            "nodes drop such transactions after a while.",
            evidence,
            Verdict.STUCK,
        )
        return
    p10 = evidence.get("recent_tip_p10")
    if isinstance(p10, int) and p10 > 0 and tip is not None and tip < p10:
        yield Finding(
            "EVM_FEE_LOW_PRIORITY",
            Category.FEE,
            Severity.WARNING,
            f"Its priority fee (the tip for the block producer) of {_gwei(tip)} is below what 90 % of "
            f"recently included transactions paid ({_gwei(p10)} or more): it may wait a long time.",
            "Wait, or replace it with a higher priority fee (see the next step).",
            {**evidence, "tip": tip},
            Verdict.PENDING,
        )
        return
    steps = int(math.log(cap / base) / math.log(BASE_FEE_MAX_STEP)) if base > 0 else None
    room = (
        f" It stays valid even if the base fee rises for {_plural(steps, 'full block')} in a row."
        if steps is not None and steps < 1000
        else ""
    )
    yield Finding(
        "EVM_FEE_OK",
        Category.FEE,
        Severity.OK,
        f"The fee is enough: {which} {_gwei(cap)} against a base fee of {_gwei(base)} for the next "
        f"block.{room}",
        "",
        {**evidence, "tip": tip, "headroom_blocks": steps},
    )


# ----------------------------------------------------------------- nonce


@evm_tx_checks.register
def nonce(ctx: EvmTxContext) -> Iterator[Finding]:
    tx = ctx.pending_tx
    lk = ctx.lookup
    if tx is None or lk is None or lk.sender is None or lk.sender.mined_nonce is None:
        return
    mined = lk.sender.mined_nonce
    if tx.nonce <= mined:
        return
    pending = lk.sender.pending_nonce
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
        "pending_nonce": lk.sender.pending_nonce,
        "waiting_for": _first_nonces(waiting_for),
        "waiting_for_count": waiting_for[1],
    }
    if missing[1]:
        shown = ", ".join(str(n) for n in _first_nonces(missing))
        more = f" and {missing[1] - MAX_LISTED_NONCES} more" if missing[1] > MAX_LISTED_NONCES else ""
        word = "nonce" if missing[1] == 1 else "nonces"
        yield Finding(
            "EVM_NONCE_GAP",
            Category.STATUS,
            Severity.ERROR,
            f"Stuck behind a nonce gap: this transaction has nonce {tx.nonce}, but the node has no "
            f"transaction from this sender with {word} {shown}{more} (never sent, or dropped) "
            f"({GLOSSARY_NONCE}). It cannot be mined until those are.",
            f"From the same address, send transactions with the missing {word} {shown}{more} "
            f"(any transaction will do, e.g. 0 {ctx.symbol} to yourself), or replace this "
            f"one with a transaction using nonce {missing[0]}. Many wallets offer 'reset account' / "
            "'clear pending' for this.",
            {**evidence, "missing_nonces": _first_nonces(missing), "missing_count": missing[1]},
            Verdict.STUCK,
        )
        return
    blocked_by = _first_nonces(queued_before if queued_before[1] else waiting_for)
    shown = ", ".join(str(n) for n in blocked_by)
    certain = pending is not None
    yield Finding(
        "EVM_NONCE_BLOCKED",
        Category.STATUS,
        Severity.WARNING,
        f"Waiting for earlier transactions: this one has nonce {tx.nonce}, and the sender's "
        f"{'transaction with nonce' if waiting_for[1] == 1 else 'transactions with nonces'} "
        f"{shown} must be mined first"
        + (
            " (they are waiting in the mempool)."
            if certain
            else " (the node did not say whether it has them)."
        )
        + f" {GLOSSARY_NONCE[0].upper()}{GLOSSARY_NONCE[1:]}.",
        "Check the earlier pending transaction(s) of this sender: if one is stuck (fee too low), "
        "speeding it up unblocks this one too.",
        {**evidence, "blocked_by_nonces": blocked_by},
        Verdict.PENDING,
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
    yield Finding(
        "EVM_INSUFFICIENT_FUNDS",
        Category.FEE,
        Severity.ERROR,
        f"The sender cannot pay for it: it needs up to {format_native(needed, ctx.symbol)} (the amount "
        f"plus gas limit × {'max fee' if tx.dynamic_fee else 'gas price'}), but the address holds "
        f"{format_native(balance, ctx.symbol)}. No block can include it.",
        f"Add at least {format_native(needed - balance, ctx.symbol)} to the sending address, or replace "
        "it (same nonce) with a smaller amount.",
        {"balance": str(balance), "needed": str(needed), "shortfall": str(needed - balance)},
        Verdict.STUCK,
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
        if _blocked(ctx):
            return
        yield Finding(
            "EVM_ACTION_WAIT",
            Category.FEE,
            Severity.INFO,
            "Wait: nothing is wrong with this transaction; it should be mined within a few blocks.",
            "Check again in a minute. Do not send it again: a second transfer would be paid twice.",
            {},
        )
        return
    history = ctx.history
    tip_target = (history.reward_percentile(50.0) if history else None) or 0
    plan = replacement_plan(tx, base, tip_target)
    if plan.max_fee_per_gas is not None and plan.max_priority_fee_per_gas is not None:
        fees = (
            f"max fee at least {_gwei(plan.max_fee_per_gas)} and priority fee at least "
            f"{_gwei(plan.max_priority_fee_per_gas)}"
        )
        rule = (
            f"(nodes refuse a replacement that raises either fee by less than {BUMP_PERCENT} %: "
            f"{_gwei(plan.min_max_fee_per_gas)} and {_gwei(plan.min_max_priority_fee_per_gas)})"
        )
    else:
        fees = f"gas price at least {_gwei(plan.gas_price)}"
        rule = (
            f"(nodes refuse a replacement that raises the price by less than {BUMP_PERCENT} %: "
            f"{_gwei(plan.min_gas_price)})"
        )
    yield Finding(
        "EVM_ACTION_REPLACE",
        Category.FEE,
        Severity.INFO,
        f"Speed it up by replacing it: same nonce ({tx.nonce}), {fees}.",
        f"In the sending wallet use 'Speed up' and set the {fees} {rule}. Without that button, send "
        f"the same transfer from the same address with nonce {tx.nonce} and these fees. To cancel "
        f"instead, send 0 {ctx.symbol} to yourself with nonce {tx.nonce} and the same fees.",
        {
            "nonce": plan.nonce,
            "next_base_fee": base,
            "new_max_fee_per_gas": plan.max_fee_per_gas,
            "new_max_priority_fee_per_gas": plan.max_priority_fee_per_gas,
            "new_gas_price": plan.gas_price,
            "new_max_fee_gwei": format_gwei(plan.max_fee_per_gas)
            if plan.max_fee_per_gas is not None
            else None,
            "new_priority_fee_gwei": format_gwei(plan.max_priority_fee_per_gas)
            if plan.max_priority_fee_per_gas is not None
            else None,
            "new_gas_price_gwei": format_gwei(plan.gas_price) if plan.gas_price is not None else None,
            "min_max_fee_per_gas": plan.min_max_fee_per_gas,
            "min_max_priority_fee_per_gas": plan.min_max_priority_fee_per_gas,
            "min_gas_price": plan.min_gas_price,
            "reason": problem,
        },
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


def _amount(t: TokenTransfer, ctx: EvmTxContext) -> tuple[str, str | None, int | None]:
    info = ctx.lookup.token(t.token) if ctx.lookup else None
    symbol = info.symbol if info else None
    decimals = info.decimals if info else None
    if decimals is not None:
        text = f"{format_units(t.amount, decimals)} {symbol or 'tokens'}"
    else:
        text = f"{t.amount} base units of {symbol or 'the token'} (its decimals are unknown)"
    return text, symbol, decimals


@evm_tx_checks.register
def tokens(ctx: EvmTxContext) -> Iterator[Finding]:
    lk = ctx.lookup
    if lk is None or not lk.transfers:
        return
    failed = lk.receipt is not None and lk.receipt.status == 0
    for t in lk.transfers[:MAX_TOKEN_FINDINGS]:
        text, symbol, decimals = _amount(t, ctx)
        if t.source == "log":
            verb = "Moved"
        elif failed:
            verb = "Tried to move (nothing moved: the transaction failed)"
        elif ctx.pending_tx is not None:
            verb = "Will move, once mined,"
        elif lk.receipt is not None:
            verb = "Called the token to move (it logged no Transfer event: check the balances to confirm)"
        else:
            verb = "Asks to move"
        yield Finding(
            "EVM_TOKEN_TRANSFER",
            Category.STATUS,
            Severity.INFO,
            f"{verb} {text} (token contract {t.token}) from {t.sender} to {t.recipient}.",
            "",
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
        )
        if t.recipient == t.token:
            yield Finding(
                "EVM_TOKEN_TO_CONTRACT_ITSELF",
                Category.ADDRESS,
                Severity.ERROR,
                f"The tokens were sent to the token's own contract address ({t.token}), not to a wallet. "
                "Token contracts usually cannot send tokens back: they are most likely lost.",
                "Contact the token's issuer: a few tokens have a recovery function their owner can use. "
                "Before sending again, copy the recipient's own wallet address, not the token's address.",
                {"token": t.token, "symbol": symbol, "amount": str(t.amount), "recipient": t.recipient},
            )


@evm_tx_checks.register
def recipient(ctx: EvmTxContext) -> Iterator[Finding]:
    lk = ctx.lookup
    tx = ctx.tx
    if lk is None or tx is None:
        return
    targets: list[tuple[str, str]] = []
    if tx.to is not None and tx.value > 0:
        targets.append((tx.to, "native"))
    for t in lk.transfers[:MAX_TOKEN_FINDINGS]:
        if t.recipient != t.token and all(t.recipient != a for a, _ in targets):
            targets.append((t.recipient, "token"))
    for address, kind in targets:
        code = lk.code(address)
        if code is None or not code.is_contract:
            continue
        token_like = address in lk.token_like
        what = f"{format_native(tx.value, ctx.symbol)}" if kind == "native" else "the tokens"
        if token_like:
            yield Finding(
                "EVM_RECIPIENT_IS_CONTRACT",
                Category.ADDRESS,
                Severity.WARNING,
                f"The recipient {address} is itself a token contract, not a wallet: {what} went to a "
                "contract that most likely cannot send them on.",
                "Contact that token's issuer; a few contracts have a recovery function. Next time, copy "
                "the recipient's wallet address, not a token address.",
                {"address": address, "code_size": code.code_size, "token_contract": True, "kind": kind},
            )
            continue
        yield Finding(
            "EVM_RECIPIENT_IS_CONTRACT",
            Category.ADDRESS,
            Severity.INFO,
            f"The recipient {address} is a smart contract, not a personal wallet.",
            "That is normal for exchange deposit addresses, smart-contract wallets and apps. If a "
            "person's own wallet was expected, double-check the address with them.",
            {"address": address, "code_size": code.code_size, "token_contract": False, "kind": kind},
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


def congestion_findings(history: FeeHistory, chain: Chain | None) -> Iterator[Finding]:
    level = congestion_level(history)
    if level is None:
        return
    name, ratio, growth = level
    where = chain.display if chain else "The network"
    yield Finding(
        "EVM_CONGESTION",
        Category.CONGESTION,
        Severity.WARNING if name in ("busy", "congested") else Severity.INFO,
        f"{where} is {name}: "
        + (
            f"the last {len(history.gas_used_ratios)} blocks were {ratio * 100:.0f} % full on average"
            if len(history.gas_used_ratios) > 1
            else f"the last block was {ratio * 100:.0f} % full"
        )
        + " (50 % is the target) and the base fee "
        + (
            f"rose {(growth - 1) * 100:.0f} %."
            if growth > 1.005
            else "fell."
            if growth < 0.995
            else "held steady."
        ),
        "When blocks are full the base fee climbs up to 12.5 % per block; a transaction with a thin "
        "fee margin can fall below it and wait."
        if name in ("busy", "congested")
        else "",
        {
            "level": name,
            "gas_used_ratio": round(ratio, 3),
            "base_fee_growth": round(growth, 3),
            "blocks": len(history.gas_used_ratios),
            "next_base_fee": history.next_base_fee,
        },
    )


@evm_tx_checks.register
def partial_data(ctx: EvmTxContext) -> Iterator[Finding]:
    lk = ctx.lookup
    if lk is None or not lk.errors or (lk.tx is None and lk.receipt is None and lk.seen is None):
        return
    yield Finding(
        "EVM_DATA_UNAVAILABLE",
        Category.NETWORK,
        Severity.INFO,
        "Some details could not be read from the node, so the checks that need them were skipped: "
        + "; ".join(lk.errors[:5]),
        "Try another node with --url if those details matter.",
        {"errors": list(lk.errors)},
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


@evm_address_checks.register
def address_activity(ctx: EvmAddressContext) -> Iterator[Finding]:
    for act in ctx.activity:
        if not act.active:
            continue
        chain = CHAINS[act.chain]
        if act.code.delegate is not None:
            kind = f"an account that delegates to the contract {act.code.delegate} (EIP-7702)"
        elif act.code.is_contract:
            kind = f"a smart contract ({act.code.code_size:,} bytes of code)"
        else:
            kind = "an ordinary account (no contract code)"
        yield Finding(
            "EVM_ADDRESS_ACTIVITY",
            Category.STATUS,
            Severity.INFO,
            f"On {chain.display}: {kind}; it has sent {_plural(act.nonce, 'transaction')} and holds "
            f"{format_native(act.balance, chain.native_symbol)}.",
            "",
            {
                "chain": act.chain,
                "nonce": act.nonce,
                "balance": str(act.balance),
                "is_contract": act.code.is_contract,
                "code_size": act.code.code_size,
                "delegate": act.code.delegate,
                "provider": act.provider,
            },
        )


@evm_address_checks.register
def address_summary(ctx: EvmAddressContext) -> Iterator[Finding]:
    if not ctx.activity:
        return
    active = [a.chain for a in ctx.activity if a.active]
    quiet = [a.chain for a in ctx.activity if not a.active]
    names = _names(active)
    failed = f" Could not check: {', '.join(_name(c) for c in ctx.failed)}." if ctx.failed else ""
    if not active:
        message = (
            f"No activity on any chain checked ({', '.join(_name(c) for c in quiet)}): no balance, "
            f"no transactions sent, no contract.{failed}"
        )
        advice = (
            "A new address is fine to receive funds. If a payment to it was expected, it has not "
            "arrived on these chains: check the transaction hash with 'txdoctor check'."
        )
    else:
        only = " only" if len(active) == 1 and quiet else ""
        message = (
            f"This address has activity on {names}{only}."
            + (f" None on {', '.join(_name(c) for c in quiet)}." if quiet else "")
            + failed
        )
        advice = (
            "The same address exists on every EVM chain, but funds on one chain never show on another: "
            "make sure the wallet is looking at the chain where the funds are."
            if quiet
            else ""
        )
    yield Finding(
        "EVM_ADDRESS_SUMMARY",
        Category.NETWORK,
        Severity.INFO,
        message,
        advice,
        {"active_on": active, "inactive_on": quiet, "unchecked": list(ctx.failed)},
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
