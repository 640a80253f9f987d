"""The JSON-RPC layer and whole diagnoses on real recorded node answers (tests/fixtures/eth/)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
import respx

from tests.families.evm.helpers import check, codes, evidence, finding
from tests.families.evm.recorded import RecordedNode, io_result, load_io, load_json, sepolia_interactions
from txdoctor.core.abi import decode_revert, decode_symbol
from txdoctor.core.net.base import BadResponse
from txdoctor.core.net.http import Http
from txdoctor.families.evm.facts import decode_transfer_log
from txdoctor.families.evm.rpc import (
    EvmRpc,
    RpcError,
    parse_block,
    parse_fee_history,
    parse_receipt,
    parse_tx,
)
from txdoctor.model import Verdict

TX = "eth/execution-apis/eth_getTransactionByHash/"
RC = "eth/execution-apis/eth_getTransactionReceipt/"
ETL = "eth/mainnet/ethereum-etl/"
URL = "https://rpc.recorded.test/"
URL2 = "https://rpc2.recorded.test/"
ENV: dict[str, str] = {}  # no TXDOCTOR_* variables, no pending-tx memory


# ---------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    ("name", "tx_type", "fee_fields"),
    [
        ("get-legacy-tx.io", 0, {"gas_price": 1, "max_fee_per_gas": None}),
        ("get-access-list.io", 1, {"gas_price": 1, "max_fee_per_gas": None}),
        ("get-dynamic-fee.io", 2, {"max_fee_per_gas": 0x3B9ACA01, "max_priority_fee_per_gas": 1}),
        ("get-blob-tx.io", 3, {"max_fee_per_gas": 0x813F23C, "max_priority_fee_per_gas": 1}),
        ("get-setcode-tx.io", 4, {"max_fee_per_gas": 0x56A9214, "max_priority_fee_per_gas": 1}),
    ],
)
def test_every_transaction_type_parses(name: str, tx_type: int, fee_fields: dict[str, Any]) -> None:
    raw = io_result(TX + name)
    tx = parse_tx(URL, raw)
    assert tx is not None
    assert tx.type == tx_type
    assert tx.hash == raw["hash"]
    assert tx.sender == "0x7435ed30a8b4aeb0877cef0c6e8cffe834eb865f"
    assert tx.nonce == int(raw["nonce"], 16)
    assert tx.value == int(raw["value"], 16)
    assert tx.gas_limit == int(raw["gas"], 16)
    assert tx.block_number == int(raw["blockNumber"], 16)
    assert tx.chain_id == (int(raw["chainId"], 16) if "chainId" in raw else None)
    assert not tx.pending
    for field, value in fee_fields.items():
        assert getattr(tx, field) == value


def test_contract_creation_has_no_recipient() -> None:
    tx = parse_tx(URL, io_result(TX + "get-legacy-create.io"))
    assert tx is not None and tx.to is None
    assert tx.input.startswith("0x600d38")
    rc = parse_receipt(URL, io_result(RC + "get-legacy-contract.io"))
    assert rc is not None and rc.contract_address == "0x9344b07175800259691961298ca11c824e65032d"


def test_sepolia_transactions_parse_and_unknown_is_none() -> None:
    found = 0
    for request, response in sepolia_interactions():
        if "error" in response:
            continue
        tx = parse_tx("https://ethereum-sepolia-rpc.publicnode.com", response["result"])
        if response["result"] is None:
            assert tx is None
            continue
        found += 1
        assert tx is not None and tx.hash == request["params"][0]
        assert tx.type in (0, 2)
        assert tx.block_number == 0x590432
        assert (tx.max_fee_per_gas is not None) == (tx.type == 2)
        if tx.type == 2:
            assert tx.chain_id == 11155111
    assert found == 6


def test_receipts_with_and_without_status() -> None:
    rc = parse_receipt(URL, io_result(RC + "get-dynamic-fee.io"))
    assert rc is not None
    assert rc.status == 1
    assert rc.gas_used == 0xCA9C
    assert rc.effective_gas_price == 0x3B9ACA01
    assert rc.fee_paid(None) == 0xCA9C * 0x3B9ACA01
    assert len(rc.logs) == 1 and rc.logs[0].address == "0x7dcd17433742f4c0ca53122ab541d0ba67fc27df"
    for name in ("get-access-list.io", "get-blob-tx.io", "get-setcode-tx.io"):
        assert parse_receipt(URL, io_result(RC + name)).status == 1  # type: ignore[union-attr]
    # geth on the hive chain: a legacy receipt with a state root and no status field
    legacy = parse_receipt(URL, io_result(RC + "get-legacy-receipt.io"))
    assert legacy is not None and legacy.status is None and legacy.gas_used == 21000
    # mainnet, pre-Byzantium (block 483920): "status": null
    old = parse_receipt(
        URL, load_json(ETL + "eth_getTransactionReceipt_0x05287a56_prebyzantium_transfer.json")["result"]
    )
    assert old is not None and old.status is None
    assert old.block_number == 483920
    assert old.fee_paid(None) == 21000 * 0xBA43B7400
    assert parse_receipt(URL, io_result(RC + "get-notfound-tx.io")) is None
    assert parse_tx(URL, io_result(TX + "get-notfound-tx.io")) is None


def test_erc20_transfer_log_of_a_mainnet_receipt() -> None:
    rc = parse_receipt(
        URL, load_json(ETL + "eth_getTransactionReceipt_0x04cbcb23_prebyzantium_logs.json")["result"]
    )
    assert rc is not None and rc.status is None
    (log,) = rc.logs
    t = decode_transfer_log(log)
    assert t is not None
    assert t.token == "0xf4eced2f682ce333f96f2d8966c613ded8fc95dd"
    assert t.sender == "0x1b63142628311395ceafeea5667e7c9026c862ca"
    assert t.recipient == "0xac4df82fe37ea2187bc8c011a23d743b4f39019a"
    assert t.amount == 100000


def test_fee_history_parses() -> None:
    ((request, response),) = load_io("eth/execution-apis/eth_feeHistory/fee-history.io")
    h = parse_fee_history(URL, response["result"], request["params"][2])
    assert h.oldest_block == 0x1B
    assert h.base_fees == (0x3B9ACA00, 0x342A385A)
    assert h.next_base_fee == 0x342A385A
    assert h.gas_used_ratios == (0.00072868,)
    assert h.reward_percentile(95.0) == 1
    assert h.reward_percentile(50.0) is None  # not asked for


def test_blocks_before_and_after_london() -> None:
    latest = parse_block(URL, io_result("eth/execution-apis/eth_getBlockByNumber/get-latest.io"))
    assert latest is not None and latest.number == 0x36 and latest.base_fee == 0x1A21397
    old = parse_block(URL, load_json(ETL + "eth_getBlockByNumber_latest_false_0x71993a.json")["result"])
    assert old is not None and old.number == 0x71993A and old.base_fee is None


def test_token_symbol_with_trailing_zero_bytes() -> None:
    # a mainnet token whose name() returns "ETH" padded with zero bytes inside the string
    assert decode_symbol(load_json(ETL + "eth_call_name_invalid_data.json")["result"]) == "ETH"


@pytest.mark.parametrize(
    ("mutate", "field", "problem"),
    [
        (lambda t: t.pop("maxFeePerGas"), "maxFeePerGas", "is missing"),
        (lambda t: t.update(nonce=144), "nonce", "is a number (144), expected a hex quantity"),
        (lambda t: t.update(value="12"), "value", "expected a hex quantity"),
        (lambda t: t.update({"from": "0x1234"}), "from", "expected a 20-byte address"),
        (lambda t: t.pop("hash"), "hash", "expected a 32-byte hash"),
        (lambda t: t.update(input=7), "input", "expected 0x-prefixed hex bytes"),
    ],
)
def test_a_missing_or_mistyped_field_is_named(mutate: Any, field: str, problem: str) -> None:
    raw = dict(io_result(TX + "get-dynamic-fee.io"))
    mutate(raw)
    with pytest.raises(BadResponse) as err:
        parse_tx(URL, raw)
    assert f"eth_getTransactionByHash: field '{field}'" in err.value.detail
    assert problem in err.value.detail


def test_receipt_with_a_bad_log_is_named() -> None:
    raw = json.loads(json.dumps(io_result(RC + "get-dynamic-fee.io")))
    raw["logs"][0]["topics"] = "0xdead"
    with pytest.raises(BadResponse, match=r"logs\[0\]: field 'topics'"):
        parse_receipt(URL, raw)


# ------------------------------------------------------------ JSON-RPC client


def _rpc(coro: Any) -> Any:
    async def run() -> Any:
        async with Http(retries=0) as http:
            return await coro(EvmRpc(http, URL))

    return asyncio.run(run())


def test_json_rpc_error_object_is_an_rpc_error(router: respx.Router) -> None:
    node = RecordedNode(router, URL, sepolia_interactions())
    bad = "0x93ff17f18511c4fa74166a2dbd53ffa7ce5cc2ee431cbb4fd5e02bbdf2701b2"
    with pytest.raises(RpcError) as err:
        _rpc(lambda r: r.call("eth_getTransactionByHash", bad))
    assert err.value.code == -32602
    assert "hex string of odd length" in err.value.message
    assert err.value.reason == "rpc_error"
    # inside a batch the error is a value next to the good answers
    good = "0x293fbb7d14e6a11a152fad9d621abdf810acfccb7c8c95977622223638fad96a"
    results = _rpc(
        lambda r: r.batch(
            [("eth_getTransactionByHash", [good]), ("eth_getTransactionByHash", [bad]), ("eth_nope", [])]
        )
    )
    assert results[0]["hash"] == good
    assert isinstance(results[1], RpcError) and results[1].code == -32602
    assert isinstance(results[2], RpcError) and results[2].code == -32601 and results[2].unsupported
    assert isinstance(node.requests[-1], list) and len(node.requests[-1]) == 3


def test_batch_refused_falls_back_to_single_calls(router: respx.Router) -> None:
    node = RecordedNode(
        router, URL, load_io(TX + "get-legacy-tx.io") + load_io(RC + "get-legacy-receipt.io"), batches=False
    )
    h = io_result(TX + "get-legacy-tx.io")["hash"]

    async def twice(r: EvmRpc) -> Any:
        first = await r.batch([("eth_getTransactionByHash", [h]), ("eth_getTransactionReceipt", [h])])
        second = await r.batch([("eth_getTransactionByHash", [h]), ("eth_getTransactionReceipt", [h])])
        return first, second, r.batch_ok

    first, second, batch_ok = _rpc(twice)
    assert first[0]["hash"] == h and first[1]["transactionHash"] == h
    assert second == first
    assert batch_ok is False
    kinds = [type(r).__name__ for r in node.requests]
    assert kinds == ["list", "dict", "dict", "dict", "dict"]  # one refused batch, then single calls only


@pytest.mark.parametrize(
    ("name", "kind", "reason", "code"),
    [
        ("call-revert-abi-error.io", "error", "user error", None),
        ("call-revert-abi-panic.io", "panic", "Panic 0x01: assert() failed", 1),
    ],
)
def test_recorded_revert_data_decodes(
    router: respx.Router, name: str, kind: str, reason: str, code: int | None
) -> None:
    ((request, _),) = load_io("eth/execution-apis/eth_call/" + name)
    RecordedNode(router, URL, load_io("eth/execution-apis/eth_call/" + name))
    with pytest.raises(RpcError) as err:
        _rpc(lambda r: r.call("eth_call", *request["params"]))
    info = decode_revert(err.value.revert_data)
    assert (info.kind, info.reason, info.panic_code) == (kind, reason, code)


# --------------------------------------------------------- whole diagnoses


def hive_node(router: respx.Router, url: str, *names: str) -> RecordedNode:
    """The hive test chain's answers for these tx/receipt files plus its latest block and fee history.

    The hive node's chain id is 0xc72dd9d5e883e, no chain of txdoctor's: these recordings are served
    without eth_chainId (the node answers -32601), the case of a node that cannot tell its chain."""
    exchanges = load_io("eth/execution-apis/eth_getBlockByNumber/get-latest.io") + load_io(
        "eth/execution-apis/eth_feeHistory/fee-history.io"
    )
    for name in names:
        exchanges += load_io(TX + name) + load_io(RC + name.replace("get-legacy-tx", "get-legacy-receipt"))
    return RecordedNode(router, url, exchanges)


def test_receipt_without_status_cannot_tell_the_outcome(router: respx.Router) -> None:
    node = hive_node(router, URL, "get-legacy-tx.io")
    h = io_result(TX + "get-legacy-tx.io")["hash"]
    d = check(h, ENV, "eth", eth=URL)
    assert d.verdict is Verdict.CONFIRMED
    ev = evidence(d, "EVM_TX_NO_STATUS")
    assert ev["confirmations"] == 0x36 - 3 + 1
    assert ev["likely_failed"] is True  # a plain transfer with gas limit 21000 uses it all
    assert ev["fee_paid"] == "21000"
    assert ev["safe"] is None and ev["finalized"] is None  # the node rejected those tags
    assert "EVM_CHAIN_ID_UNVERIFIED" in codes(d)
    assert d.facts["status"] == "mined_no_status"
    assert any(isinstance(r, list) for r in node.requests)  # batched


def test_dynamic_fee_success_on_recorded_answers(router: respx.Router) -> None:
    hive_node(router, URL, "get-dynamic-fee.io")
    h = io_result(TX + "get-dynamic-fee.io")["hash"]
    d = check(h, ENV, "eth", eth=URL)
    assert d.verdict is Verdict.CONFIRMED
    ev = evidence(d, "EVM_TX_SUCCESS")
    assert ev["confirmations"] == 0x36 - 0x1B + 1
    assert ev["fee_paid"] == str(0xCA9C * 0x3B9ACA01)
    assert (
        finding(d, "EVM_TX_SUCCESS").message == f"Succeeded in block {0x1B}, {0x36 - 0x1B + 1} confirmations."
    )
    assert d.facts["type"] == 2
    assert d.facts["max_fee_per_gas"] == 0x3B9ACA01


def test_unknown_hash_on_sepolia_is_not_found(router: respx.Router) -> None:
    url = "https://ethereum-sepolia-rpc.publicnode.com"
    RecordedNode(router, url, sepolia_interactions())
    unknown = "0x93ff17f18511c4fa74166a2dbd53ffa7ce5cc2ee431cbb4fd5e02bbdf2701b73"
    d = check(unknown, ENV, "eth-sepolia", **{"eth-sepolia": url})
    assert d.verdict is Verdict.NOT_FOUND
    assert evidence(d, "EVM_TX_NOT_FOUND") == {
        "checked": ["eth-sepolia"],
        "unchecked": [],
        "not_found_by": [url],
    }
    assert d.exit_code == 1


def test_unknown_hash_without_chain_names_the_endpoints_that_said_not_found(router: respx.Router) -> None:
    # Regression: without --chain the probes kept no lookup, so not_found_by was always [].
    url = "https://ethereum-sepolia-rpc.publicnode.com"
    RecordedNode(router, url, sepolia_interactions())
    unknown = "0x93ff17f18511c4fa74166a2dbd53ffa7ce5cc2ee431cbb4fd5e02bbdf2701b73"
    d = check(unknown, ENV, None, **{"eth-sepolia": url})
    assert d.verdict is Verdict.NOT_FOUND
    assert evidence(d, "EVM_TX_NOT_FOUND") == {
        "checked": ["eth-sepolia"],
        "unchecked": [],
        "not_found_by": [url],
    }
    cause = finding(d, "NET_NOT_FOUND_CAUSE")  # only the chain given a URL was asked
    assert cause.evidence["narrowed"] is True
    assert "Only Ethereum Sepolia testnet was searched" in cause.message


def test_5xx_then_html_falls_back_then_is_unreachable(router: respx.Router) -> None:
    router.post(URL).mock(return_value=httpx.Response(503, text="upstream down"))
    hive_node(router, URL2, "get-dynamic-fee.io")
    h = io_result(TX + "get-dynamic-fee.io")["hash"]
    d = check(h, ENV, "eth", eth=[URL, URL2])
    assert d.verdict is Verdict.CONFIRMED
    ev = evidence(d, "NET_PROVIDER_FAILED")
    assert ev["answered_by"] == URL2
    assert ev["failures"][0]["provider"] == URL and ev["failures"][0]["reason"] == "unavailable"

    router.routes.clear()
    router.post(URL).mock(return_value=httpx.Response(503, text="upstream down"))
    router.post(URL2).mock(return_value=httpx.Response(200, text="<html><body>Just a moment…</body></html>"))
    d = check(h, ENV, "eth", eth=[URL, URL2])
    assert d.verdict is Verdict.UNREACHABLE
    assert d.exit_code == 3
    f = finding(d, "NET_UNREACHABLE")
    assert [x["reason"] for x in f.evidence["failures"]] == ["unavailable", "bad_response"]
    assert "JSON-RPC" in f.advice and "--url eth=URL" in f.advice


def test_json_rpc_error_on_the_lookup_falls_back(router: respx.Router) -> None:
    h = io_result(TX + "get-dynamic-fee.io")["hash"]
    router.post(URL).mock(
        return_value=httpx.Response(
            200,
            json=[
                {
                    "jsonrpc": "2.0",
                    "id": i,
                    "error": {"code": -32005, "message": "daily request limit exceeded"},
                }
                for i in (1, 2, 3)
            ],
        )
    )
    hive_node(router, URL2, "get-dynamic-fee.io")
    d = check(h, ENV, "eth", eth=[URL, URL2])
    assert d.verdict is Verdict.CONFIRMED
    assert evidence(d, "NET_PROVIDER_FAILED")["failures"][0]["reason"] == "rate_limited"


def test_recorded_foreign_chain_id_is_a_mismatch(router: respx.Router) -> None:
    # The ethereum-etl recording answers eth_chainId with 0x1234 (4660), not Ethereum's 1.
    exchanges = [({"method": "eth_chainId", "params": []}, load_json(ETL + "eth_chainId_mainnet.json"))]
    RecordedNode(router, URL, exchanges)
    h = io_result(TX + "get-dynamic-fee.io")["hash"]
    d = check(h, ENV, "eth", eth=URL)
    assert d.verdict is Verdict.UNREACHABLE
    ev = evidence(d, "EVM_CHAIN_ID_MISMATCH")
    assert ev["reported_chain_ids"] == [0x1234]
    assert ev["expected_chain_id"] == 1
    assert codes(d) == ["EVM_CHAIN_ID_MISMATCH"]


def test_address_lookup_failure_keeps_the_format_verdict(router: respx.Router) -> None:
    router.post(URL).mock(return_value=httpx.Response(503, text="upstream down"))
    d = check("0x2222222222222222222222222222222222222222", ENV, "eth", eth=URL)
    assert d.verdict is Verdict.VALID
    ev = evidence(d, "NET_LOOKUP_FAILED")
    assert ev["chain"] == "eth" and ev["failures"][0]["reason"] == "unavailable"
    assert "EVM_ADDRESS_SUMMARY" not in codes(d)
