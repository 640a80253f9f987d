"""Signed EVM transactions pasted as hex: decoded offline, then diagnosed by their hash."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.families.evm.anvil import DEV, Anvil
from tests.families.evm.helpers import check, codes, evidence
from txdoctor.api import diagnose
from txdoctor.core.classify import classify, looks_like_evm_raw_tx
from txdoctor.families.evm.rawtx import EvmRawTxError, decode_evm_raw_tx
from txdoctor.model import Kind, Verdict

FIXTURE = Path(__file__).parents[2] / "fixtures" / "raw-tx" / "eth_signed_raw_txs.json"
VECTORS: list[dict[str, Any]] = json.loads(FIXTURE.read_text())["txs"]
RECIPIENT = "0x1111111111111111111111111111111111111111"


@pytest.mark.parametrize("vector", [v for v in VECTORS if v.get("hash")], ids=lambda v: v["name"][:40])
def test_recorded_raw_txs_hash_to_what_the_node_returned(vector: dict[str, Any]) -> None:
    raw = decode_evm_raw_tx(vector["raw"])
    assert raw.hash == vector["hash"]
    assert looks_like_evm_raw_tx(vector["raw"])
    c = classify(vector["raw"])
    assert (c.kind, c.form) == (Kind.TXID, "raw_tx_0x")


def test_eip155_example_fields() -> None:
    vector = VECTORS[0]  # the EIP-155 example: legacy, chain id 1, nonce 9, 1 ether
    raw = decode_evm_raw_tx(vector["raw"])
    fields = vector["fields"]
    assert (raw.type, raw.chain_id, raw.nonce, raw.to) == (0, 1, fields["nonce"], fields["to"])
    assert (raw.value, raw.gas_limit, raw.gas_price) == (10**18, 21000, 20 * 10**9)


def test_truncated_raw_tx_is_invalid_input() -> None:
    with pytest.raises(EvmRawTxError, match="truncated"):
        decode_evm_raw_tx(VECTORS[0]["raw"][:-10])
    d = diagnose(VECTORS[0]["raw"][:-10], offline=True)
    assert (d.verdict, d.findings[0].code) == (Verdict.INVALID, "INPUT_BAD_RAW_TX")


def test_offline_raw_tx_names_its_chain() -> None:
    d = diagnose(VECTORS[0]["raw"], offline=True)
    assert (d.verdict, d.chain, d.facts["chain_id"]) == (Verdict.VALID, "eth", 1)
    assert evidence(d, "EVM_RAW_TX_DECODED")["signed_for"] == "eth"


def sign(node: Anvil, nonce_offset: int = 0) -> str:
    nonce = node.nonce(DEV[3]) + nonce_offset
    tx = {"from": DEV[3], "to": RECIPIENT, "value": hex(7), "gas": hex(21000), "nonce": hex(nonce)}
    tx["maxFeePerGas"] = hex(100 * 10**9)
    tx["maxPriorityFeePerGas"] = hex(10**9)
    signed: str = node.rpc("eth_signTransaction", tx)
    return signed


@pytest.mark.anvil
def test_raw_tx_not_broadcast_then_broadcast(eth_node: Anvil, txdoctor_env: dict[str, str]) -> None:
    signed = sign(eth_node)
    d = check(signed, txdoctor_env, "eth", eth=eth_node.url)
    assert d.verdict is Verdict.NOT_FOUND
    assert codes(d)[0] == "EVM_RAW_TX_NOT_BROADCAST"
    raw = decode_evm_raw_tx(signed)
    assert evidence(d, "EVM_RAW_TX_NOT_BROADCAST")["hash"] == raw.hash
    # now send it as it is, and mine it
    assert eth_node.rpc("eth_sendRawTransaction", signed) == raw.hash
    eth_node.mine()
    d = check(signed, txdoctor_env, "eth", eth=eth_node.url)
    assert d.verdict is Verdict.CONFIRMED
    assert "EVM_TX_SUCCESS" in codes(d)
    assert evidence(d, "EVM_RAW_TX_DECODED")["chain_id"] == 1
    assert d.input == signed.lower()


@pytest.mark.anvil
def test_raw_tx_signed_for_another_chain(eth_node: Anvil, txdoctor_env: dict[str, str]) -> None:
    signed = sign(eth_node)
    d = check(signed, txdoctor_env, "bsc", bsc=eth_node.url)
    assert d.verdict is Verdict.NOT_FOUND
    ev = evidence(d, "EVM_RAW_TX_WRONG_CHAIN")
    assert (ev["chain_id"], ev["signed_for"], ev["asked_chain"]) == (1, "eth", "bsc")


def test_hostile_nesting_is_a_clear_error_not_a_recursion_error() -> None:
    with pytest.raises(EvmRawTxError, match="nested too deeply"):
        decode_evm_raw_tx("0x02" + "c1" * 5000 + "c0")
    d = diagnose("0x02" + "c1" * 5000 + "c0", offline=True)
    assert (d.verdict, d.findings[0].code) == (Verdict.INVALID, "INPUT_BAD_RAW_TX")
