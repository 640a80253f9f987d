"""A raw transaction checked by a Core node before broadcast: ``testmempoolaccept``.

One batch asks the verdict together with what explains a refusal: the node's fee floors
(``getmempoolinfo``, ``getnetworkinfo``), its tip and median time (locktime), and the state of
every output the transaction spends (``gettxout`` with and without the mempool, the parent
transaction for its value). When inputs are spent in the mempool, a second round finds the
spending transactions (``gettxspendingprevout`` on Core 24+, else a bounded scan of the
mempool) and their fees, for "spent by which tx" and "how much more for a replacement".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from txdoctor.core.net.base import BadResponse
from txdoctor.families.bitcoin.core_node import CoreNode, per_vb, sat
from txdoctor.families.bitcoin.core_rpc import Call, RpcError
from txdoctor.families.bitcoin.facts import InputState, MempoolAccept
from txdoctor.families.bitcoin.rawtx import RawTx, RawTxError, decode_raw_tx

MAX_INPUTS = 50  # inputs looked at in detail
MAX_MEMPOOL_SCAN = 1500  # mempool txs read to find a spender on nodes without gettxspendingprevout


async def mempool_accept(node: CoreNode, raw: RawTx, raw_hex: str) -> MempoolAccept:
    inputs = raw.inputs[:MAX_INPUTS]
    calls: list[Call] = [
        ("testmempoolaccept", [[raw_hex]]),
        ("getmempoolinfo", []),
        ("getnetworkinfo", []),
    ]
    for i in inputs:
        calls += [
            ("gettxout", [i.prev_txid, i.prev_vout, True]),
            ("gettxout", [i.prev_txid, i.prev_vout, False]),
            ("getrawtransaction", [i.prev_txid, True]),
        ]
    answers = await node.checked(calls)
    verdict, pool, net = answers[:3]
    result = _verdict(node.name, verdict)
    states = [_input_state(n, answers[3 + 3 * n : 6 + 3 * n], i.prev_vout) for n, i in enumerate(inputs)]
    values = [s.value for s in states]
    fee = None
    if len(inputs) == len(raw.inputs) and all(v is not None for v in values):
        fee = sum(v or 0 for v in values) - sum(o.value for o in raw.outputs)
    accept = MempoolAccept(
        provider=node.name,
        allowed=result.get("allowed") is True,
        reason=_reason(result),
        fee=fee,
        vsize=raw.vsize,
        min_relay_fee=_rate(pool, "minrelaytxfee"),
        mempool_min_fee=_rate(pool, "mempoolminfee"),
        incremental_fee=_rate(net, "incrementalfee"),
        tip_height=node.tip,
        median_time=node.median_time,
        inputs=tuple(states),
    )
    if any(s.state == "spent" for s in states):
        accept = await _spenders(node, raw, accept)
    return accept


def _verdict(name: str, answer: Any) -> Mapping[str, Any]:
    if isinstance(answer, RpcError):
        raise BadResponse(name, f"testmempoolaccept failed ({answer.code}: {answer.message[:120]})")
    if not isinstance(answer, list) or len(answer) != 1 or not isinstance(answer[0], Mapping):
        raise BadResponse(name, "testmempoolaccept answered something other than one result")
    return answer[0]


def _reason(result: Mapping[str, Any]) -> str | None:
    reason = result.get("reject-reason")
    return reason[:200] if isinstance(reason, str) else None


def _rate(data: Any, key: str) -> float | None:
    if not isinstance(data, Mapping):
        return None
    try:
        return per_vb(data.get(key))
    except ValueError:
        return None


def _value(out: Any) -> int | None:
    if not isinstance(out, Mapping):
        return None
    try:
        return sat(out.get("value"))
    except ValueError:
        return None


def _input_state(index: int, answers: list[Any], vout: int) -> InputState:
    """gettxout with the mempool: unspent; only without it: spent by a mempool tx; neither: spent
    in a block or never existed (unless the parent is itself in the mempool, spent there)."""
    with_pool, without_pool, parent = answers
    if isinstance(with_pool, Mapping):
        return InputState(index, "unspent", value=_value(with_pool))
    outs = parent.get("vout") if isinstance(parent, Mapping) else None
    parent_value = _value(outs[vout]) if isinstance(outs, list) and 0 <= vout < len(outs) else None
    if isinstance(without_pool, Mapping):
        return InputState(index, "spent", value=_value(without_pool))
    if isinstance(parent, Mapping) and not parent.get("confirmations"):
        return InputState(index, "spent", value=parent_value)  # the parent is in the mempool
    return InputState(index, "spent_or_missing", value=parent_value)


async def _spenders(node: CoreNode, raw: RawTx, accept: MempoolAccept) -> MempoolAccept:
    """Which mempool txs spend the same outputs, and what they pay (fee incl. descendants, vsize)."""
    from dataclasses import replace

    wanted = {(raw.inputs[s.index].prev_txid, raw.inputs[s.index].prev_vout): s.index for s in accept.inputs}
    wanted = {k: n for k, n in wanted.items() if accept.inputs[n].state == "spent"}
    found = await _spending_txids(node, list(wanted))
    if not found:
        return accept
    states = tuple(
        replace(s, spent_by=found.get((raw.inputs[s.index].prev_txid, raw.inputs[s.index].prev_vout)))
        for s in accept.inputs
    )
    rivals = sorted(set(found.values()))[:20]
    entries = await node.rpc.batch([("getmempoolentry", [t]) for t in rivals])
    replaced = []
    for txid, entry in zip(rivals, entries, strict=True):
        if isinstance(entry, Mapping) and isinstance(entry.get("fees"), Mapping):
            try:
                fee = sat(entry["fees"].get("descendant"))
            except ValueError:
                continue
            size = entry.get("descendantsize")
            replaced.append((txid, fee, size if isinstance(size, int) else 0))
    return replace(accept, inputs=states, replaced=tuple(replaced))


async def _spending_txids(node: CoreNode, outpoints: list[tuple[str, int]]) -> dict[tuple[str, int], str]:
    """gettxspendingprevout (Core 24+), else read the mempool (bounded) and match the inputs."""
    (answer,) = await node.rpc.batch(
        [("gettxspendingprevout", [[{"txid": t, "vout": v} for t, v in outpoints]])]
    )
    if isinstance(answer, list):
        return {
            (a["txid"], a["vout"]): a["spendingtxid"]
            for a in answer
            if isinstance(a, Mapping) and isinstance(a.get("spendingtxid"), str)
        }
    (pool,) = await node.rpc.batch([("getrawmempool", [])])
    if not isinstance(pool, list) or not pool or len(pool) > MAX_MEMPOOL_SCAN:
        return {}
    txids = [t for t in pool if isinstance(t, str)]
    hexes = await node.rpc.batch([("getrawtransaction", [t]) for t in txids])
    wanted = set(outpoints)
    found: dict[tuple[str, int], str] = {}
    for txid, hex_text in zip(txids, hexes, strict=True):
        if not isinstance(hex_text, str):
            continue
        try:
            tx = decode_raw_tx(hex_text)
        except RawTxError:
            continue
        for i in tx.inputs:
            if (i.prev_txid, i.prev_vout) in wanted:
                found[(i.prev_txid, i.prev_vout)] = txid
    return found
