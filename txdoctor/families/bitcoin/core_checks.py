"""What a Core node (core+http:// provider) adds: what it cannot see, and testmempoolaccept's verdict.

Registered on the Bitcoin transaction checks (imported at the end of checks.py).
Each reject reason of ``testmempoolaccept`` becomes a finding in plain words with the fix.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from txdoctor.families.bitcoin.checks import BtcTxContext, btc_tx_checks
from txdoctor.families.bitcoin.facts import BtcTxLookup, MempoolAccept
from txdoctor.families.bitcoin.rawtx import RawTx
from txdoctor.model import Category, Finding, Severity, Verdict

DUST_RELAY_SAT_VB = 3.0  # Core's default -dustrelayfee
MAX_STANDARD_WEIGHT = 400_000
LOCKTIME_THRESHOLD = 500_000_000  # below: a block height; from here on: a unix time
INPUT_REASONS = ("missing-inputs", "bad-txns-inputs-missingorspent", "txn-mempool-conflict")
NONSTANDARD = (
    "scriptpubkey",
    "bare-multisig",
    "multi-op-return",
    "version",
    "scriptsig-size",
    "scriptsig-not-pushonly",
    "tx-size-small",
    "bad-txns-nonstandard-inputs",
    "bad-witness-nonstandard",
    "non-mandatory-script-verify-flag",
    "datacarrier",
)


def _sat_vb(rate: float) -> str:
    return f"{rate:.2f}".rstrip("0").rstrip(".") + " sat/vB"


@btc_tx_checks.register
def node_visibility(ctx: BtcTxContext) -> Iterator[Finding]:
    lk = ctx.lookup
    if not lk.node_blind:
        return
    nodes = ", ".join(lk.node_blind)
    evidence: dict[str, object] = {"nodes": list(lk.node_blind), "txindex": False}
    if lk.node_cannot_tell and lk.accept is None:
        yield Finding(
            "BTC_NODE_NO_TXINDEX",
            Category.NETWORK,
            Severity.ERROR,
            f"{nodes} cannot tell whether this transaction exists: it runs without -txindex, so it "
            "sees only its mempool and its own wallet's transactions, and a confirmed transaction "
            "outside its wallet is invisible to it. 'Not found' there says nothing.",
            f"Restart the node with -txindex=1 (building the index takes a while once), or add an "
            f"explorer after the node, e.g. --url {ctx.chain.name}=<node URL> --url {ctx.chain.name}="
            "<explorer URL>: it is asked when the node cannot tell.",
            evidence,
            Verdict.UNREACHABLE,
        )
        return
    evidence["answered_by"] = lk.provider
    yield Finding(
        "BTC_NODE_NO_TXINDEX",
        Category.NETWORK,
        Severity.INFO,
        f"{nodes} runs without -txindex and could not tell; the answer comes from {lk.provider}.",
        "",
        evidence,
    )


@btc_tx_checks.register
def mempool_accept(ctx: BtcTxContext) -> Iterator[Finding]:
    lk, acc = ctx.lookup, ctx.lookup.accept
    if acc is None or lk.raw is None or ctx.tx is not None or lk.replacement is not None:
        return
    rate = acc.fee / acc.vsize if acc.fee is not None and acc.vsize else None
    base: dict[str, object] = {
        "provider": acc.provider,
        "reject_reason": acc.reason,
        "fee": acc.fee,
        "fee_rate": round(rate, 2) if rate is not None else None,
        "vsize": acc.vsize,
    }
    if acc.allowed:
        yield Finding(
            "BTC_RAW_TX_ACCEPTABLE",
            Category.STATUS,
            Severity.OK,
            f"{acc.provider} would accept it into its mempool now (testmempoolaccept): it is valid and "
            "pays enough to be relayed.",
            "Broadcast it as it is (the wallet's rebroadcast, the node's sendrawtransaction, or an "
            "explorer's broadcast page).",
            base,
        )
        return
    reason = acc.reason or ""
    for match, explain in _EXPLAIN:
        if match(reason):
            yield explain(lk, acc, base)
            return
    yield _rejected(acc, base)


def _fee_floor(lk: BtcTxLookup, acc: MempoolAccept, base: dict[str, object]) -> Finding:
    mempool = acc.reason == "mempool min fee not met"
    floor = (acc.mempool_min_fee if mempool else acc.min_relay_fee) or 0.0
    needed = math.ceil(floor * acc.vsize)
    more = needed - acc.fee if acc.fee is not None else None
    what = "the minimum fee its mempool takes now (it is full)" if mempool else "its minimum relay fee"
    return Finding(
        "BTC_RAW_TX_MEMPOOL_MIN_FEE" if mempool else "BTC_RAW_TX_MIN_RELAY_FEE",
        Category.FEE,
        Severity.ERROR,
        f"{acc.provider} refuses it: the fee is below {what}, {_sat_vb(floor)}"
        + (f" ({acc.fee} sat for {acc.vsize} vB)." if acc.fee is not None else "."),
        f"Create it again with a fee of at least {needed} sat ({_sat_vb(floor)})"
        + (f", {more} sat more" if more is not None and more > 0 else "")
        + "; a higher rate confirms sooner. Nodes would not relay it as it is.",
        {**base, "needed_fee_rate": floor, "needed_fee": needed, "extra_fee": more},
        Verdict.STUCK,
    )


def _inputs(lk: BtcTxLookup, acc: MempoolAccept, base: dict[str, object]) -> Finding:
    raw = lk.raw
    assert raw is not None
    spent = [s for s in acc.inputs if s.state == "spent"]
    missing = [s for s in acc.inputs if s.state == "spent_or_missing"]
    rows = [
        {"input": s.index, "outpoint": _outpoint(raw, s.index), "state": s.state, "spent_by": s.spent_by}
        for s in (*spent, *missing)
    ]
    if spent and not missing:
        s = spent[0]
        by = f"by {s.spent_by}" if s.spent_by else "by a transaction in its mempool"
        return Finding(
            "BTC_RAW_TX_INPUTS_SPENT",
            Category.STATUS,
            Severity.ERROR,
            f"{acc.provider} refuses it: input #{s.index} ({_outpoint(raw, s.index)}) is already spent "
            f"{by}, which does not allow replacement. This transaction conflicts with it and can never "
            "confirm while that one stands.",
            "Track the other transaction: it spends the same coins. If the payment is still owed, the "
            "sender must make a new one from unspent coins.",
            {**base, "inputs": rows},
            Verdict.REPLACED,
        )
    first = (missing or spent)[0]
    return Finding(
        "BTC_RAW_TX_INPUTS_MISSING",
        Category.STATUS,
        Severity.ERROR,
        f"{acc.provider} refuses it: input #{first.index} ({_outpoint(raw, first.index)}) spends a coin it "
        "does not have — already spent in a block, or it never existed on this network"
        + (f" ({len(rows)} inputs in all)." if len(rows) > 1 else "."),
        "If the coins were spent by another transaction, that one is the payment to track; if this "
        "transaction was made for another network or a wallet out of sync, create it again from "
        "the wallet's current coins.",
        {**base, "inputs": rows},
        Verdict.INVALID,
    )


def _replacement_fee(lk: BtcTxLookup, acc: MempoolAccept, base: dict[str, object]) -> Finding:
    old_fee = sum(f for _, f, _ in acc.replaced)
    incremental = acc.incremental_fee if acc.incremental_fee is not None else 1.0
    needed = old_fee + math.ceil(incremental * acc.vsize) if acc.replaced else None
    more = needed - acc.fee if needed is not None and acc.fee is not None else None
    olds = ", ".join(t for t, _, _ in acc.replaced) or "a transaction in its mempool"
    return Finding(
        "BTC_RAW_TX_REPLACEMENT_FEE",
        Category.FEE,
        Severity.ERROR,
        f"{acc.provider} refuses it as a replacement of {olds}: a replacement must pay more than what it "
        f"replaces, plus {_sat_vb(incremental)} for its own size"
        + (f" — at least {needed} sat, it pays {acc.fee}." if needed is not None else "."),
        (f"Raise the fee by at least {more} sat" if more is not None and more > 0 else "Raise the fee")
        + " and sign it again (the wallet's 'Bump fee' does this).",
        {**base, "replaces": [t for t, _, _ in acc.replaced], "needed_fee": needed, "extra_fee": more},
        Verdict.STUCK,
    )


def _non_final(lk: BtcTxLookup, acc: MempoolAccept, base: dict[str, object]) -> Finding:
    raw = lk.raw
    assert raw is not None
    lock = raw.locktime
    if acc.reason == "non-BIP68-final":
        when = "a relative lock (an input's sequence number) has not expired yet"
        evidence: dict[str, object] = {}
    elif lock < LOCKTIME_THRESHOLD:
        wait = lock - (acc.tip_height or 0)
        when = f"its locktime is block {lock}; the chain is at {acc.tip_height}, {wait} block(s) to go"
        evidence = {"locktime": lock, "tip_height": acc.tip_height, "blocks_to_wait": wait}
    else:
        when = f"its locktime is unix time {lock}; the chain's median time is {acc.median_time}"
        evidence = {"locktime": lock, "median_time": acc.median_time}
    return Finding(
        "BTC_RAW_TX_NON_FINAL",
        Category.STATUS,
        Severity.WARNING,
        f"{acc.provider} refuses it for now: it is not final yet — {when}.",
        "Broadcast it again once the lock has passed (nodes refuse it until then), or ask the sender "
        "for a version without the lock.",
        {**base, **evidence},
        Verdict.STUCK,
    )


def dust_threshold(script_hex: str) -> int:
    """Core's dust limit for an output: what spending it would cost at the dust relay fee."""
    script_len = len(script_hex) // 2
    size = 8 + (1 if script_len < 253 else 3) + script_len
    witness = script_hex.startswith(("0014", "0020", "5120")) or (
        len(script_hex) >= 4 and script_hex[:2] in {f"{0x50 + v:02x}" for v in range(1, 17)}
    )
    size += 67 if witness else 148  # the input that would spend it
    return math.ceil(size * DUST_RELAY_SAT_VB)


def _dust(lk: BtcTxLookup, acc: MempoolAccept, base: dict[str, object]) -> Finding:
    raw = lk.raw
    assert raw is not None
    small = [
        {"output": n, "value": o.value, "dust_limit": dust_threshold(o.script_pubkey)}
        for n, o in enumerate(raw.outputs)
        if not o.script_pubkey.startswith("6a") and o.value < dust_threshold(o.script_pubkey)
    ]
    which = ", ".join(f"#{d['output']} ({d['value']} sat, limit {d['dust_limit']})" for d in small[:5])
    return Finding(
        "BTC_RAW_TX_DUST",
        Category.STATUS,
        Severity.ERROR,
        f"{acc.provider} refuses it: an output is 'dust', worth less than it would cost to spend"
        + (f": {which}." if which else "."),
        "Create it again without the tiny output (add it to the fee or the change), or send a larger amount.",
        {**base, "dust_outputs": small},
        Verdict.INVALID,
    )


def _too_large(lk: BtcTxLookup, acc: MempoolAccept, base: dict[str, object]) -> Finding:
    raw = lk.raw
    assert raw is not None
    return Finding(
        "BTC_RAW_TX_TOO_LARGE",
        Category.STATUS,
        Severity.ERROR,
        f"{acc.provider} refuses it: at {raw.weight} weight units ({raw.vsize} vB) it is larger than the "
        f"{MAX_STANDARD_WEIGHT} ({MAX_STANDARD_WEIGHT // 4} vB) that nodes relay.",
        "Split the payment into several smaller transactions (fewer inputs or outputs each); "
        "consolidate many small coins first if the wallet has them.",
        {**base, "weight": raw.weight, "max_weight": MAX_STANDARD_WEIGHT},
        Verdict.INVALID,
    )


def _already(lk: BtcTxLookup, acc: MempoolAccept, base: dict[str, object]) -> Finding:
    in_mempool = acc.reason == "txn-already-in-mempool"
    return Finding(
        "BTC_RAW_TX_ALREADY_KNOWN",
        Category.STATUS,
        Severity.OK,
        f"{acc.provider} already has it "
        + ("in its mempool: it was broadcast." if in_mempool else "in the chain: it is confirmed."),
        "Nothing to broadcast. Check it by its txid for confirmations.",
        base,
        Verdict.PENDING if in_mempool else Verdict.CONFIRMED,
    )


def _absurd_fee(lk: BtcTxLookup, acc: MempoolAccept, base: dict[str, object]) -> Finding:
    return Finding(
        "BTC_RAW_TX_FEE_ABSURD",
        Category.FEE,
        Severity.ERROR,
        f"{acc.provider} refuses it: the fee is far above any normal rate"
        + (f" ({acc.fee} sat, {base['fee_rate']} sat/vB)" if acc.fee is not None else "")
        + " — almost certainly a mistake (an amount typed as the fee, or a change output left out).",
        "Do not broadcast it: create it again with a normal fee and check the change output.",
        base,
        Verdict.INVALID,
    )


def _nonstandard(lk: BtcTxLookup, acc: MempoolAccept, base: dict[str, object]) -> Finding:
    return Finding(
        "BTC_RAW_TX_NONSTANDARD",
        Category.STATUS,
        Severity.ERROR,
        f"{acc.provider} refuses to relay it: it is valid but non-standard ({acc.reason}), so nodes "
        "do not pass it on.",
        "Create it again with standard outputs and scripts (a normal wallet does this); a miner "
        "may still take it directly, but the usual broadcast will not work.",
        base,
        Verdict.INVALID,
    )


def _rejected(acc: MempoolAccept, base: dict[str, object]) -> Finding:
    return Finding(
        "BTC_RAW_TX_REJECTED",
        Category.STATUS,
        Severity.ERROR,
        f"{acc.provider} refuses it as invalid: {acc.reason or 'no reason given'}.",
        "The transaction is broken (a bad signature, or outputs worth more than its inputs): the "
        "sender's wallet must create and sign it again.",
        base,
        Verdict.INVALID,
    )


def _outpoint(raw: RawTx, index: int) -> str:
    i = raw.inputs[index]
    return f"{i.prev_txid}:{i.prev_vout}"


_EXPLAIN = (
    (lambda r: r in ("min relay fee not met", "mempool min fee not met"), _fee_floor),
    (lambda r: r.startswith(INPUT_REASONS), _inputs),
    (lambda r: r.startswith("insufficient fee"), _replacement_fee),
    (lambda r: r in ("non-final", "non-BIP68-final"), _non_final),
    (lambda r: r == "dust", _dust),
    (lambda r: r in ("tx-size", "bad-txns-oversize"), _too_large),
    (lambda r: r in ("txn-already-known", "txn-already-in-mempool"), _already),
    (lambda r: r in ("absurdly-high-fee", "max-fee-exceeded"), _absurd_fee),
    (lambda r: r.startswith(NONSTANDARD), _nonstandard),
)
