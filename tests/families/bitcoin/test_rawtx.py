"""Raw transactions pasted as hex: decoded offline, then looked up by their txid."""

from __future__ import annotations

import json

import pytest
import respx

from tests.esplora_mock import FIXTURES, MEMPOOL, Explorer, docs_sample, load, mount_fallthrough, quiet_state
from txdoctor.api import diagnose
from txdoctor.core.classify import classify
from txdoctor.families.bitcoin.rawtx import RawTxError, decode_raw_tx
from txdoctor.model import Kind, Verdict

RAW = json.loads((FIXTURES / "raw-tx" / "btc_mainnet_raw_txs_verified.json").read_text())["txs"]
BY_TXID = {t["txid"]: t for t in RAW}
ORIGINAL = "242f3fff9ca7d5aea7a7a57d886f3fa7329e24fac948598a991b3a3dd631cd29"
REPLACEMENT = "b6a53d8a8025c0c5b194345925a99741b645cae0b1f180f0613273029f2bf698"


@pytest.mark.parametrize("entry", RAW, ids=[t["txid"][:8] for t in RAW])
def test_every_recorded_raw_tx_decodes_to_its_txid(entry: dict[str, object]) -> None:
    raw = decode_raw_tx(str(entry["hex"]))
    assert (raw.txid, raw.wtxid, raw.size, raw.weight) == (
        entry["txid"],
        entry["wtxid"],
        entry["size"],
        entry["weight"],
    )
    assert raw.signals_rbf is entry["signals_rbf_bip125"]
    assert raw.segwit is entry["segwit"]
    c = classify(str(entry["hex"]))
    assert (c.kind, c.form) == (Kind.TXID, "raw_tx_hex")


def test_truncated_raw_tx_is_a_clear_error() -> None:
    hex_text = BY_TXID[ORIGINAL]["hex"][:-20]
    with pytest.raises(RawTxError, match="truncated"):
        decode_raw_tx(hex_text)
    d = diagnose(hex_text, offline=True)
    assert d.verdict is Verdict.INVALID
    assert d.findings[0].code == "INPUT_BAD_RAW_TX"


def test_raw_tx_offline_gives_its_txid() -> None:
    d = diagnose(BY_TXID[REPLACEMENT]["hex"], offline=True)
    assert (d.verdict, d.facts["txid"]) == (Verdict.VALID, REPLACEMENT)


def test_raw_of_a_replaced_tx_is_replaced(router: respx.Router) -> None:
    m = Explorer(router, MEMPOOL)
    m.state(quiet_state(), 890448)
    m.missing_tx(ORIGINAL)
    m.route(f"v1/tx/{ORIGINAL}/rbf", load("esplora/mempool_v1_tx_rbf_242f3fff.json"))
    mount_fallthrough(router)
    d = diagnose(BY_TXID[ORIGINAL]["hex"])
    assert d.verdict is Verdict.REPLACED
    assert d.facts["replaced_by"] == REPLACEMENT
    decoded = next(f for f in d.findings if f.code == "BTC_RAW_TX_DECODED")
    assert (decoded.evidence["txid"], decoded.evidence["rbf"], decoded.evidence["vsize"]) == (
        ORIGINAL,
        True,
        233,
    )


def test_raw_tx_never_broadcast(router: respx.Router) -> None:
    m = Explorer(router, MEMPOOL)
    m.state(quiet_state(), 890448)
    mount_fallthrough(router)
    d = diagnose(BY_TXID[REPLACEMENT]["hex"])
    assert d.verdict is Verdict.NOT_FOUND
    f = d.findings[0]
    assert f.code == "BTC_RAW_TX_NOT_BROADCAST"
    assert f.evidence["txid"] == REPLACEMENT
    assert "broadcast" in f.advice
    assert "INPUT_MAYBE_PRIVATE_KEY" not in [x.code for x in d.findings]


def test_raw_tx_whose_input_was_spent_elsewhere_is_a_conflict(router: respx.Router) -> None:
    """The replacement's raw hex, after its input was spent by the original (a double spend)."""
    m = Explorer(router, MEMPOOL)
    m.state(quiet_state(), 890448)
    spend = docs_sample("get-transaction-outspends", "Testnet")["response"][0]
    # DERIVED: the recorded outspend shape, naming the original as the spender of the shared input
    m.route(
        "tx/fb16c141d22a3a7af5e44e7478a8663866c35d554cd85107ec8a99b97e5a72e9/outspend/0",
        {**spend, "txid": ORIGINAL},
    )
    mount_fallthrough(router)
    d = diagnose(BY_TXID[REPLACEMENT]["hex"])
    assert d.verdict is Verdict.REPLACED
    conflict = next(f for f in d.findings if f.code == "BTC_TX_CONFLICT")
    assert conflict.evidence["conflicts"] == [{"input": 0, "spent_by": ORIGINAL}]
    assert d.facts["replaced_by"] == ORIGINAL
