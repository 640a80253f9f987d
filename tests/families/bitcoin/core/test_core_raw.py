"""Raw signed transactions checked by a real node before broadcast (testmempoolaccept).

Each reject reason that regtest can produce is laid on the node and must come back as its
finding, with the numbers that say what to fix.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tests.families.bitcoin.core.node import Node
from tests.findings_helpers import codes, evidence, finding
from txdoctor.api import diagnose
from txdoctor.model import Diagnosis

CHAIN = "ltc-regtest"
SAT = Decimal("0.00000001")


def check(raw_hex: str, *urls: str) -> Diagnosis:
    return diagnose(raw_hex, chain=CHAIN, urls={CHAIN: list(urls)}, timeout=20)


def _spend(
    node: Node, fee: Decimal, outputs: dict[str, Decimal] | None = None, locktime: int = 0, rbf: bool = False
) -> tuple[str, dict[str, Any]]:
    """A raw tx spending the wallet's first big confirmed coin: `outputs`, plus change minus `fee`.

    Two calls before either is sent spend the same coin."""
    coin = node.coin()
    outputs = dict(outputs or {})
    change = Decimal(coin["amount"]) - sum(outputs.values(), Decimal(0)) - fee
    outs = {**{a: str(v) for a, v in outputs.items()}, node.address(): str(change)}
    spend: dict[str, Any] = {"txid": coin["txid"], "vout": coin["vout"]}
    if rbf:
        spend["sequence"] = 0xFFFFFFFD
    return node.raw([spend], outs, locktime), coin


def test_acceptable_raw_tx(node: Node) -> None:
    raw, _ = _spend(node, Decimal("0.0001"))
    d = check(raw, node.core_url())
    ev = evidence(d, "BTC_RAW_TX_ACCEPTABLE")
    assert ev["fee"] == 10_000
    assert "BTC_RAW_TX_NOT_BROADCAST" in codes(d)
    assert d.verdict.value == "not_found"
    assert d.facts["fee"] == 10_000


def test_min_relay_fee_not_met(node: Node) -> None:
    raw, _ = _spend(node, Decimal("0.00000050"))
    d = check(raw, node.core_url())
    ev = evidence(d, "BTC_RAW_TX_MIN_RELAY_FEE")
    assert ev["reject_reason"] == "min relay fee not met"
    assert ev["fee"] == 50
    assert ev["needed_fee_rate"] == 1.0  # the node's -minrelaytxfee, 0.00001 LTC/kvB
    assert ev["needed_fee"] == ev["vsize"]  # 1 sat/vB
    assert ev["extra_fee"] == ev["vsize"] - 50
    assert d.verdict.value == "stuck"
    assert "BTC_RAW_TX_FEE_TOO_LOW" not in codes(d)  # said once, by the node


def test_missing_input(node: Node) -> None:
    fake = "11" * 32
    unsigned = node.rpc("createrawtransaction", [{"txid": fake, "vout": 0}], {node.address(): "1"})
    d = check(unsigned, node.core_url())
    ev = evidence(d, "BTC_RAW_TX_INPUTS_MISSING")
    assert ev["reject_reason"] == "missing-inputs"
    assert ev["inputs"] == [
        {"input": 0, "outpoint": f"{fake}:0", "state": "spent_or_missing", "spent_by": None}
    ]
    assert d.verdict.value == "invalid"


def test_input_already_spent_in_a_block(node: Node) -> None:
    raw, coin = _spend(node, Decimal("0.0001"))
    other, _ = _spend(node, Decimal("0.0002"))
    assert other != raw  # the same coin, another spend (the wallet picks its first big coin)
    node.rpc("sendrawtransaction", other)
    node.mine()
    d = check(raw, node.core_url())
    ev = evidence(d, "BTC_RAW_TX_INPUTS_MISSING")
    assert ev["inputs"][0]["outpoint"] == f"{coin['txid']}:{coin['vout']}"
    assert d.verdict.value == "invalid"


def test_input_spent_in_the_mempool_by_a_non_rbf_tx(node: Node) -> None:
    raw, coin = _spend(node, Decimal("0.0001"))
    first, _ = _spend(node, Decimal("0.0002"))  # sequence 0xffffffff: does not signal RBF
    spender = node.rpc("sendrawtransaction", first)
    d = check(raw, node.core_url())
    ev = evidence(d, "BTC_RAW_TX_INPUTS_SPENT")
    assert ev["reject_reason"] == "txn-mempool-conflict"
    assert ev["inputs"] == [
        {"input": 0, "outpoint": f"{coin['txid']}:{coin['vout']}", "state": "spent", "spent_by": spender}
    ]
    assert spender in finding(d, "BTC_RAW_TX_INPUTS_SPENT").message
    assert d.verdict.value == "replaced"
    node.mine()


def test_replacement_without_enough_fee(node: Node) -> None:
    first, _ = _spend(node, Decimal("0.0002"), rbf=True)
    second, _ = _spend(node, Decimal("0.0002"), rbf=True)  # the same coin, the same fee, new change
    old = node.rpc("sendrawtransaction", first)
    entry = node.rpc("getmempoolentry", old)
    d = check(second, node.core_url())
    ev = evidence(d, "BTC_RAW_TX_REPLACEMENT_FEE")
    assert ev["reject_reason"].startswith("insufficient fee")
    assert ev["replaces"] == [old]
    old_fee = int(Decimal(entry["fees"]["descendant"]) / SAT)
    assert ev["needed_fee"] == old_fee + ev["vsize"]  # + 1 sat/vB incremental relay fee for its size
    assert ev["extra_fee"] == ev["needed_fee"] - ev["fee"] == ev["vsize"]
    assert d.verdict.value == "stuck"
    node.mine()


def _address(n: int) -> str:
    from txdoctor.addresses.bech32 import encode_segwit_address

    return encode_segwit_address("rltc", 0, n.to_bytes(20, "big"))


def test_non_final_locktime(node: Node) -> None:
    tip = node.rpc("getblockcount")
    raw, _ = _spend(node, Decimal("0.0001"), locktime=tip + 10)
    d = check(raw, node.core_url())
    ev = evidence(d, "BTC_RAW_TX_NON_FINAL")
    assert ev["reject_reason"] == "non-final"
    assert (ev["locktime"], ev["tip_height"]) == (tip + 10, tip)
    assert ev["blocks_to_wait"] == 10
    assert d.verdict.value == "stuck"


def test_dust_output(node: Node) -> None:
    dusty = node.address()
    raw, _ = _spend(node, Decimal("0.0001"), {dusty: Decimal("0.00000100")})
    d = check(raw, node.core_url())
    ev = evidence(d, "BTC_RAW_TX_DUST")
    assert ev["reject_reason"] == "dust"
    assert ev["dust_outputs"] == [{"output": 0, "value": 100, "dust_limit": 294}]
    assert d.verdict.value == "invalid"


def test_too_large(node: Node) -> None:
    outputs = {_address(n): Decimal("0.00001") for n in range(3300)}  # > 400,000 weight units
    raw, _ = _spend(node, Decimal("0.01"), outputs)
    d = check(raw, node.core_url())
    ev = evidence(d, "BTC_RAW_TX_TOO_LARGE")
    assert ev["reject_reason"] == "tx-size"
    assert ev["weight"] > ev["max_weight"] == 400_000
    assert d.verdict.value == "invalid"


def test_non_standard_output(node: Node) -> None:
    coin = node.coin()
    change = Decimal(coin["amount"]) - Decimal("0.001")
    outputs = [{"data": "00" * 100}, {node.address(): str(change)}]  # OP_RETURN over 83 bytes
    raw = node.raw([{"txid": coin["txid"], "vout": coin["vout"]}], outputs)
    d = check(raw, node.core_url())
    ev = evidence(d, "BTC_RAW_TX_NONSTANDARD")
    assert ev["reject_reason"] == "scriptpubkey"
    assert d.verdict.value == "invalid"


def test_absurd_fee(node: Node) -> None:
    raw, _ = _spend(node, Decimal("0.5"))
    d = check(raw, node.core_url())
    ev = evidence(d, "BTC_RAW_TX_FEE_ABSURD")
    assert ev["reject_reason"] in ("absurdly-high-fee", "max-fee-exceeded")
    assert ev["fee"] == 50_000_000
    assert d.verdict.value == "invalid"


def test_already_confirmed_raw_tx_on_a_node_without_txindex(node: Node, blind: Node) -> None:
    """The node without -txindex cannot find the tx by its txid, but testmempoolaccept knows its outputs."""
    raw, _ = _spend(node, Decimal("0.0001"))
    node.rpc("sendrawtransaction", raw)
    node.mine()
    from tests.families.bitcoin.core.test_core_node import _sync

    _sync(node, blind)
    d = check(raw, blind.core_url())
    ev = evidence(d, "BTC_RAW_TX_ALREADY_KNOWN")
    assert ev["reject_reason"] == "txn-already-known"
    assert d.verdict.value == "confirmed"
    assert "BTC_RAW_TX_NOT_BROADCAST" not in codes(d)


@pytest.mark.parametrize("reason", ["mempool min fee not met"])
def test_reasons_regtest_cannot_produce_are_covered_by_hand(reason: str) -> None:
    """A full mempool needs hundreds of MB on regtest: this reason is checked from hand-built facts."""
    from tests.families.bitcoin.core.test_core_checks import accept_diagnosis

    d = accept_diagnosis(reason, fee=150, vsize=150, mempool_min_fee=5.0)
    ev = evidence(d, "BTC_RAW_TX_MEMPOOL_MIN_FEE")
    assert (ev["needed_fee"], ev["extra_fee"]) == (750, 600)
