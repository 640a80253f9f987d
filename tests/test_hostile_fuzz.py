"""Fuzz: recorded provider answers with one value replaced by a hostile one (hypothesis, bounded).

Each example takes a real recorded answer (Esplora, EVM JSON-RPC, TronGrid), replaces the
value at a random place with a generated one (huge, negative, NaN/Infinity, text, null,
lists, deep nesting …), sends the bytes through the HTTP layer's JSON parsing and the
family's parser, and, when the answer is accepted, through the family's checks and the
JSON renderer. Asserted: the only failure is the provider's BadResponse (so the next
provider is asked); accepted facts are within the sanity bounds; checks and rendering never
raise; the output is strict JSON. Examples are bounded so the suite stays fast.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import math
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.esplora_mock import load, quiet_state
from tests.hostile import BTC_TX, EVM, TRON, TRON_TIP
from txdoctor.core.chains import CHAINS
from txdoctor.core.net import sanity
from txdoctor.core.net.base import BadResponse
from txdoctor.core.net.http import _parse_json
from txdoctor.model import Diagnosis, Kind, Verdict
from txdoctor.render.json import render_json

URL = "http://fuzz.test/api"
EXAMPLES = 300
NOW = 1_750_000_000.0

hostile_numbers = st.one_of(
    st.integers(min_value=-(10**100), max_value=10**100),
    st.sampled_from([0, -1, 2**32, 2**63, 2**64, 2**256, 2**256 - 1, -(2**255), 10**400]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["0x" + "f" * 64, "0x" + "f" * 65, "-0x5", "0x", "0x0", "1e400", ""]),
)
hostile_values = st.recursive(
    st.one_of(hostile_numbers, st.none(), st.booleans(), st.text(max_size=40)),
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)


def places(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside the answer (dict keys and list indexes)."""
    out = [prefix] if prefix else []
    if isinstance(data, dict):
        for k, v in data.items():
            out += places(v, (*prefix, k))
    elif isinstance(data, list):
        for i, v in enumerate(data[:4]):
            out += places(v, (*prefix, i))
    return out


def mutated(answer: Any, draw: Callable[..., Any]) -> bytes:
    """The answer with one value replaced; its bytes as a provider would send them."""
    data = copy.deepcopy(answer)
    path = draw(st.sampled_from(places(data)))
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = draw(hostile_values)
    return json.dumps(data, allow_nan=True).encode()


def parsed(body: bytes, parse: Callable[[Any], Any]) -> Any:
    """Through the HTTP layer's JSON parsing and the parser: a record, or None for a BadResponse."""
    try:
        return parse(_parse_json(URL, body))
    except BadResponse:
        return None


def strict_json(d: Diagnosis) -> dict[str, Any]:
    out = io.StringIO()
    render_json(d, out)

    def refuse(name: str) -> Any:
        raise AssertionError(f"{name} in JSON output")

    result: dict[str, Any] = json.loads(out.getvalue(), parse_constant=refuse)
    return result


def diagnosis(findings: list[Any], facts: dict[str, Any], default: Verdict) -> dict[str, Any]:
    from txdoctor.model import decide_verdict

    return strict_json(
        Diagnosis("x", Kind.TXID, "x", decide_verdict(findings, default), tuple(findings), facts)
    )


# ------------------------------------------------------------------ Esplora


def _btc_state() -> Any:
    from txdoctor.families.bitcoin.esplora import parse_mempool_blocks
    from txdoctor.families.bitcoin.facts import BtcNetworkState

    s = quiet_state()
    from txdoctor.families.bitcoin.facts import FeeLevels, MempoolState

    f = s["fees"]
    fees = FeeLevels(f["fastestFee"], f["halfHourFee"], f["hourFee"], f["economyFee"], f["minimumFee"])
    m = s["mempool"]
    return BtcNetworkState(
        tip_height=890448,
        fees=fees,
        projected_blocks=parse_mempool_blocks(URL, s["blocks"]),
        mempool=MempoolState(m["count"], m["vsize"], m["total_fee"]),
        tips=(("other", 890448),),
    )


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_esplora_tx(data: st.DataObject) -> None:
    from txdoctor.families.bitcoin.checks import BtcTxContext, btc_tx_checks, tx_facts
    from txdoctor.families.bitcoin.esplora import parse_tx
    from txdoctor.families.bitcoin.facts import BtcTxLookup

    tx = parsed(mutated(BTC_TX, data.draw), lambda d: parse_tx(URL, d))
    if tx is None:
        return
    assert 1 <= tx.weight <= 4_000_000 and tx.vsize >= 1
    assert tx.fee is None or 0 <= tx.fee <= sanity.MAX_SATS
    assert all(0 <= o.value <= sanity.MAX_SATS for o in tx.outputs)
    assert all(i.value is None or i.value >= 0 for i in tx.inputs)
    assert tx.block_height is None or 0 <= tx.block_height <= sanity.MAX_HEIGHT
    assert len(tx.txid) == 64
    ctx = BtcTxContext(CHAINS["btc"], BtcTxLookup("btc", tx.txid, tx, provider=URL), _btc_state(), NOW)
    diagnosis(btc_tx_checks.run(ctx), tx_facts(ctx), Verdict.INVALID)


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.data())
def test_esplora_fee_levels(data: st.DataObject) -> None:
    from txdoctor.families.bitcoin.esplora import _num, _obj

    fees = quiet_state()["fees"]

    def parse(d: Any) -> list[float]:
        obj = _obj(URL, d)
        return [_num(URL, obj, k) for k in fees]

    levels = parsed(mutated(fees, data.draw), parse)
    assert levels is None or all(math.isfinite(x) and 0 <= x <= sanity.MAX_RATE for x in levels)


# ---------------------------------------------------------------------- EVM


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), st.sampled_from(["tx", "receipt"]))
def test_evm_tx_and_receipt(data: st.DataObject, part: str) -> None:
    from txdoctor.families.evm.checks.tx import EvmTxContext, evm_tx_checks, tx_facts
    from txdoctor.families.evm.facts import EvmChainState, EvmTxLookup
    from txdoctor.families.evm.rpc import parse_block, parse_fee_history, parse_receipt, parse_tx

    answers = EVM.answers()
    body = mutated(answers[part], data.draw)
    other = "receipt" if part == "tx" else "tx"
    parse = parse_tx if part == "tx" else parse_receipt
    one = parsed(body, lambda d: parse(URL, d))
    if one is None:
        return
    rest = (parse_receipt if part == "tx" else parse_tx)(URL, answers[other])
    tx, rc = (one, rest) if part == "tx" else (rest, one)
    if tx is not None:
        assert tx.nonce <= sanity.U64 and tx.gas_limit <= sanity.U64 and tx.value <= sanity.U256
    if rc is not None:
        assert rc.block_number <= sanity.U64 and rc.gas_used <= sanity.U64
    state = EvmChainState(
        "eth",
        latest=parse_block(URL, answers["latest"]),
        fee_history=parse_fee_history(URL, answers["history"], (25.0, 75.0)),  # as recorded
    )
    lookup = EvmTxLookup("eth", EVM.ident, URL, tx, rc)
    ctx = EvmTxContext(CHAINS["eth"], lookup, state, now=NOW, tx_hash=EVM.ident)
    diagnosis(evm_tx_checks.run(ctx), tx_facts(ctx), Verdict.NOT_FOUND)


# --------------------------------------------------------------------- TRON


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), st.sampled_from(["tx", "info"]))
def test_trongrid_tx_and_info(data: st.DataObject, part: str) -> None:
    from txdoctor.families.tron.checks import TronTxContext, tron_tx_checks, tx_facts
    from txdoctor.families.tron.facts import TronTip, TronTxLookup
    from txdoctor.families.tron.trongrid import parse_tx, parse_tx_info

    answers = TRON.answers()
    parse = parse_tx if part == "tx" else parse_tx_info
    one = parsed(mutated(answers[part], data.draw), lambda d: parse(URL, d))
    if one is None:
        return
    rest = (parse_tx_info if part == "tx" else parse_tx)(URL, answers["info" if part == "tx" else "tx"])
    tx, info = (one, rest) if part == "tx" else (rest, one)
    if info is not None:
        assert info.fee >= 0 and (info.block_number is None or info.block_number >= 0)
    if tx is not None:
        assert tx.amount is None or tx.amount >= 0
        assert tx.fee_limit is None or tx.fee_limit >= 0
    lookup = TronTxLookup(TRON.ident, URL, tx, info)
    ctx = TronTxContext(CHAINS["tron"], TRON.ident, lookup, TronTip(TRON_TIP, None, TRON_TIP - 19))
    diagnosis(tron_tx_checks.run(ctx), tx_facts(ctx), Verdict.NOT_FOUND)


# ---------------------------------------------------------------- raw JSON


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.text(alphabet='[]{}",:0123456789.-eE NaInfity\\tru', max_size=300))
def test_any_text_is_json_or_a_bad_response(text: str) -> None:
    with contextlib.suppress(BadResponse):
        _parse_json(URL, text.encode())


assert load  # the recorded fixtures come through tests.hostile
