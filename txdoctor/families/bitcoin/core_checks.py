"""What a Core node (core+http:// provider) adds: what it cannot see, and testmempoolaccept's verdict.

Registered on the Bitcoin transaction checks (imported at the end of checks/bitcoin.py).
Each reject reason of ``testmempoolaccept`` becomes a finding in plain words with the fix.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from txdoctor.core.findings import Term, TermList, finding
from txdoctor.families.bitcoin.bitcoin_context import BtcTxContext, btc_tx_checks, rate
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


_TXINDEX = "finding.BTC_NODE_NO_TXINDEX"


@btc_tx_checks.register
def node_visibility(ctx: BtcTxContext) -> Iterator[Finding]:
    lk = ctx.lookup
    if not lk.node_blind:
        return
    nodes = ", ".join(lk.node_blind)
    evidence: dict[str, object] = {"nodes": list(lk.node_blind), "txindex": False}
    if lk.node_cannot_tell and lk.accept is None:
        yield finding(
            "BTC_NODE_NO_TXINDEX",
            Category.NETWORK,
            Severity.ERROR,
            evidence,
            Verdict.UNREACHABLE,
            problem=Term(f"{_TXINDEX}.blind", nodes=nodes),
            todo=Term(f"{_TXINDEX}.blind_todo", chain=ctx.chain.name),
        )
        return
    evidence["answered_by"] = lk.provider
    yield finding(
        "BTC_NODE_NO_TXINDEX",
        Category.NETWORK,
        Severity.INFO,
        evidence,
        problem=Term(f"{_TXINDEX}.fallback", nodes=nodes, answered_by=lk.provider),
        todo="",
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
        yield finding("BTC_RAW_TX_ACCEPTABLE", Category.STATUS, Severity.OK, base)
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
    code = "BTC_RAW_TX_MEMPOOL_MIN_FEE" if mempool else "BTC_RAW_TX_MIN_RELAY_FEE"
    return finding(
        code,
        Category.FEE,
        Severity.ERROR,
        {**base, "needed_fee_rate": floor, "needed_fee": needed, "extra_fee": more},
        Verdict.STUCK,
        floor=rate(floor),
        paid=Term(f"finding.{code}.paid", fee=acc.fee, vsize=acc.vsize)
        if acc.fee is not None
        else Term(f"finding.{code}.end"),
        more=Term(f"finding.{code}.more", extra_fee=more) if more is not None and more > 0 else "",
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
        spent_key = "finding.BTC_RAW_TX_INPUTS_SPENT"
        return finding(
            "BTC_RAW_TX_INPUTS_SPENT",
            Category.STATUS,
            Severity.ERROR,
            {**base, "inputs": rows},
            Verdict.REPLACED,
            index=str(s.index),
            outpoint=_outpoint(raw, s.index),
            by=Term(f"{spent_key}.by", spent_by=s.spent_by)
            if s.spent_by
            else Term(f"{spent_key}.by_mempool"),
        )
    first = (missing or spent)[0]
    missing_key = "finding.BTC_RAW_TX_INPUTS_MISSING"
    return finding(
        "BTC_RAW_TX_INPUTS_MISSING",
        Category.STATUS,
        Severity.ERROR,
        {**base, "inputs": rows},
        Verdict.INVALID,
        index=str(first.index),
        outpoint=_outpoint(raw, first.index),
        in_all=Term(f"{missing_key}.in_all", count=len(rows))
        if len(rows) > 1
        else Term(f"{missing_key}.end"),
    )


def _replacement_fee(lk: BtcTxLookup, acc: MempoolAccept, base: dict[str, object]) -> Finding:
    old_fee = sum(f for _, f, _ in acc.replaced)
    incremental = acc.incremental_fee if acc.incremental_fee is not None else 1.0
    needed = old_fee + math.ceil(incremental * acc.vsize) if acc.replaced else None
    more = needed - acc.fee if needed is not None and acc.fee is not None else None
    key = "finding.BTC_RAW_TX_REPLACEMENT_FEE"
    olds = ", ".join(t for t, _, _ in acc.replaced)
    return finding(
        "BTC_RAW_TX_REPLACEMENT_FEE",
        Category.FEE,
        Severity.ERROR,
        {**base, "replaces": [t for t, _, _ in acc.replaced], "needed_fee": needed, "extra_fee": more},
        Verdict.STUCK,
        olds=olds or Term(f"{key}.a_mempool_tx"),
        incremental=rate(incremental),
        at_least=Term(f"{key}.at_least", needed_fee=needed, fee=acc.fee)
        if needed is not None
        else Term(f"{key}.end"),
        raise_fee=Term(f"{key}.raise_by", extra_fee=more)
        if more is not None and more > 0
        else Term(f"{key}.raise"),
    )


def _non_final(lk: BtcTxLookup, acc: MempoolAccept, base: dict[str, object]) -> Finding:
    raw = lk.raw
    assert raw is not None
    lock = raw.locktime
    key = "finding.BTC_RAW_TX_NON_FINAL"
    if acc.reason == "non-BIP68-final":
        when = Term(f"{key}.relative")
        evidence: dict[str, object] = {}
    elif lock < LOCKTIME_THRESHOLD:
        wait = lock - (acc.tip_height or 0)
        evidence = {"locktime": lock, "tip_height": acc.tip_height, "blocks_to_wait": wait}
        when = Term(f"{key}.height", **evidence)
    else:
        evidence = {"locktime": lock, "median_time": acc.median_time}
        when = Term(f"{key}.time", **evidence)
    return finding(
        "BTC_RAW_TX_NON_FINAL",
        Category.STATUS,
        Severity.WARNING,
        {**base, **evidence},
        Verdict.STUCK,
        when=when,
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
    key = "finding.BTC_RAW_TX_DUST"
    which = TermList(Term(f"{key}.output", **d) for d in small[:5])
    return finding(
        "BTC_RAW_TX_DUST",
        Category.STATUS,
        Severity.ERROR,
        {**base, "dust_outputs": small},
        Verdict.INVALID,
        which=Term(f"{key}.which", outputs=which) if which else Term(f"{key}.end"),
    )


def _too_large(lk: BtcTxLookup, acc: MempoolAccept, base: dict[str, object]) -> Finding:
    raw = lk.raw
    assert raw is not None
    return finding(
        "BTC_RAW_TX_TOO_LARGE",
        Category.STATUS,
        Severity.ERROR,
        {**base, "weight": raw.weight, "max_weight": MAX_STANDARD_WEIGHT},
        Verdict.INVALID,
        raw_vsize=str(raw.vsize),
        max_vsize=str(MAX_STANDARD_WEIGHT // 4),
    )


def _already(lk: BtcTxLookup, acc: MempoolAccept, base: dict[str, object]) -> Finding:
    in_mempool = acc.reason == "txn-already-in-mempool"
    where = "in_mempool" if in_mempool else "in_chain"
    return finding(
        "BTC_RAW_TX_ALREADY_KNOWN",
        Category.STATUS,
        Severity.OK,
        base,
        Verdict.PENDING if in_mempool else Verdict.CONFIRMED,
        where=Term(f"finding.BTC_RAW_TX_ALREADY_KNOWN.{where}"),
    )


def _absurd_fee(lk: BtcTxLookup, acc: MempoolAccept, base: dict[str, object]) -> Finding:
    amount = (
        Term("finding.BTC_RAW_TX_FEE_ABSURD.amount", fee=acc.fee, fee_rate=base["fee_rate"])
        if acc.fee is not None
        else ""
    )
    return finding(
        "BTC_RAW_TX_FEE_ABSURD", Category.FEE, Severity.ERROR, base, Verdict.INVALID, amount=amount
    )


def _nonstandard(lk: BtcTxLookup, acc: MempoolAccept, base: dict[str, object]) -> Finding:
    return finding("BTC_RAW_TX_NONSTANDARD", Category.STATUS, Severity.ERROR, base, Verdict.INVALID)


def _rejected(acc: MempoolAccept, base: dict[str, object]) -> Finding:
    return finding(
        "BTC_RAW_TX_REJECTED",
        Category.STATUS,
        Severity.ERROR,
        base,
        Verdict.INVALID,
        reason=acc.reason or Term("finding.BTC_RAW_TX_REJECTED.no_reason"),
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
