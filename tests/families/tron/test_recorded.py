"""TronGrid parsing and whole TRON diagnoses on real recorded mainnet answers (tests/fixtures/tron/)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
import respx

from tests.families.tron.helpers import (
    OOE_TX,
    TRC10_TX,
    TRX_TX,
    URL,
    URL2,
    USDT_TX,
    TronGrid,
    check_address,
    check_tx,
    codes,
    evidence,
    finding,
    load,
)
from txdoctor.core.net.base import BadResponse
from txdoctor.families.tron.context import amount_words
from txdoctor.families.tron.tokens import USDT
from txdoctor.families.tron.trongrid import API_KEY_HEADER, TronGridApi, parse_tx, parse_tx_info
from txdoctor.messages import catalog
from txdoctor.model import Verdict

SENDER = "TP4MZM8iDVEfRbtbvcidqVQBt4SQ9Pfi8R"
RECIPIENT = "TW3NSuhT68vXKdamU7Rkq6sfEVCFwoDfGb"


# ---------------------------------------------------------------- parsing


def test_usdt_transfer_parses_and_decodes() -> None:
    tx = parse_tx(URL, load("gettransactionbyid_usdt_transfer_661f1df8.json"))
    assert tx is not None
    assert (tx.txid, tx.contract_type, tx.owner) == (USDT_TX, "TriggerSmartContract", SENDER)
    assert tx.contract_address == USDT and tx.contract_ret == "SUCCESS"
    assert tx.fee_limit == 50_000_000
    t = tx.token_transfer
    assert t is not None
    # the word holds 41 + the account id; the Transfer log of the same tx names the same bytes
    assert (t.recipient, t.amount, t.symbol, t.decimals) == (RECIPIENT, 0x8E277354, "USDT", 6)
    assert catalog("en").text(amount_words(t).key, **amount_words(t).values) == "2384.9501 USDT"


def test_trc10_transfer_in_hex_form_parses() -> None:
    tx = parse_tx(URL, load("gettransactionbyid_trc10_transfer_d0807adb_docs.json"))
    assert tx is not None
    assert tx.txid == TRC10_TX and tx.contract_type == "TransferAssetContract"
    assert tx.asset_name == "Tronics"  # hex 54726f6e696373
    assert tx.amount == 16
    assert tx.owner is not None and tx.owner.startswith("T") and tx.to is not None and tx.to.startswith("T")
    assert tx.token_transfer is None


def test_info_parses_out_of_energy_and_missing_receipt_result() -> None:
    ooe = parse_tx_info(URL, load("gettransactioninfobyid_out_of_energy_e63a324a.json"))
    assert ooe is not None
    assert ooe.receipt.result == "OUT_OF_ENERGY" and ooe.result == "FAILED"
    assert ooe.res_message is not None and ooe.res_message.startswith("Not enough energy for 'SSTORE'")
    assert (ooe.fee, ooe.receipt.energy_fee, ooe.receipt.energy_usage_total) == (16500120, 16500120, 78572)
    assert ooe.contract_address == USDT  # given in hex 41a614f8…
    plain = parse_tx_info(URL, load("gettransactioninfobyid_trx_transfer_no_result_23897196.json"))
    assert plain is not None
    assert (plain.receipt.result, plain.fee, plain.receipt.net_usage) == (None, 0, 265)


def test_empty_object_is_not_found() -> None:
    assert parse_tx(URL, {}) is None
    assert parse_tx_info(URL, {}) is None


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda b: b.pop("raw_data"), "raw_data"),
        (
            lambda b: b["raw_data"]["contract"][0]["parameter"]["value"].update(contract_address=7),
            "contract_address",
        ),
        (lambda b: b.update(txID="xyz"), "txID"),
        (lambda b: b["raw_data"].update(fee_limit="50"), "fee_limit"),
    ],
)
def test_missing_or_mistyped_field_is_a_bad_response_naming_it(mutate: Any, field: str) -> None:
    body = load("gettransactionbyid_usdt_transfer_661f1df8.json")
    mutate(body)
    with pytest.raises(BadResponse) as err:
        parse_tx(URL, body)
    assert repr(field) in err.value.detail


def test_info_mistyped_fee_is_a_bad_response() -> None:
    body = load("gettransactioninfobyid_usdt_transfer_success_661f1df8.json")
    body["receipt"]["energy_fee"] = "27255900"
    with pytest.raises(BadResponse, match="energy_fee"):
        parse_tx_info(URL, body)


# ---------------------------------------------------------------- diagnoses


def test_usdt_transfer_success(router: respx.Router) -> None:
    grid = TronGrid(router)
    grid.txs[USDT_TX] = load("gettransactionbyid_usdt_transfer_661f1df8.json")
    grid.infos[USDT_TX] = load("gettransactioninfobyid_usdt_transfer_success_661f1df8.json")
    d = check_tx(USDT_TX)
    assert d.verdict is Verdict.CONFIRMED and d.chain == "tron"
    assert codes(d) == [
        "TRON_TX_SUCCESS",
        "TRON_TOKEN_TRANSFER",
        "TRON_FEE_BURNED",
        "TRON_RECIPIENT_NEW_HOLDER",
        "TRON_ENERGY_PENALTY",
    ]
    ev = evidence(d, "TRON_TX_SUCCESS")
    assert ev["block"] == 60836289 and ev["tip_height"] == 60836308
    assert ev["confirmations"] == 20 and ev["solidified"] is True and ev["result"] == "SUCCESS"
    assert ev["fee_trx"] == "27.6009" and ev["energy_usage_total"] == 64895
    tok = evidence(d, "TRON_TOKEN_TRANSFER")
    assert tok == {
        "token": USDT,
        "symbol": "USDT",
        "decimals": 6,
        "amount": "2384950100",
        "from": SENDER,
        "recipient": RECIPIENT,
    }
    assert "2384.9501 USDT" in finding(d, "TRON_TOKEN_TRANSFER").message
    assert evidence(d, "TRON_FEE_BURNED")["energy_fee_sun"] == 27255900
    # 64,895 energy of which 35,245 surcharge: a base of 29,650, a new storage slot (first-time holder)
    assert evidence(d, "TRON_ENERGY_PENALTY") == {
        "energy_penalty_total": 35245,
        "energy_usage_total": 64895,
        "penalty_share_pct": 54,
    }
    holder = evidence(d, "TRON_RECIPIENT_NEW_HOLDER")
    assert (holder["recipient"], holder["source"], holder["symbol"]) == (RECIPIENT, "energy", "USDT")
    assert d.facts["confirmations"] == 20 and d.facts["to"] == RECIPIENT and d.facts["symbol"] == "USDT"
    assert d.exit_code == 0


def test_unsolidified_when_the_solid_tip_is_behind(router: respx.Router) -> None:
    grid = TronGrid(router)
    grid.txs[USDT_TX] = load("gettransactionbyid_usdt_transfer_661f1df8.json")
    grid.infos[USDT_TX] = load("gettransactioninfobyid_usdt_transfer_success_661f1df8.json")
    grid.solid = {"block_header": {"raw_data": {"number": 60836280}}}
    grid.now = {"block_header": {"raw_data": {"number": 60836291}}}
    d = check_tx(USDT_TX)
    ev = evidence(d, "TRON_TX_SUCCESS")
    assert d.verdict is Verdict.CONFIRMED
    assert ev["confirmations"] == 3 and ev["solidified"] is False
    assert "final after about 19" in finding(d, "TRON_TX_SUCCESS").message


def test_out_of_energy_failure(router: respx.Router) -> None:
    # Only the execution info of e63a324a was recorded; the node answers {} for the transaction
    # body, and the diagnosis stands on the info alone.
    grid = TronGrid(router)
    grid.infos[OOE_TX] = load("gettransactioninfobyid_out_of_energy_e63a324a.json")
    grid.now = {"block_header": {"raw_data": {"number": 66860100}}}
    grid.solid = {"block_header": {"raw_data": {"number": 66860080}}}
    d = check_tx(OOE_TX)
    assert d.verdict is Verdict.FAILED and d.exit_code == 1
    assert codes(d) == ["TRON_TX_FAILED", "TRON_OUT_OF_ENERGY", "TRON_ENERGY_PENALTY"]
    failed = finding(d, "TRON_TX_FAILED")
    assert failed.evidence["result"] == "OUT_OF_ENERGY"
    assert failed.evidence["message"].startswith("Not enough energy for 'SSTORE' operation")
    assert failed.evidence["fee_trx"] == "16.50012" and failed.evidence["confirmations"] == 91
    assert "The USDT did not move, but 16.50012 TRX was burned" in failed.message
    ooe = finding(d, "TRON_OUT_OF_ENERGY")
    # without the transaction body the fee limit is unknown, so which limit it was is not said
    assert ooe.evidence == {
        "fee_trx": "16.50012",
        "energy_usage_total": 78572,
        "energy_fee_sun": 16500120,
        "fee_limit_sun": None,
        "limited_by": "unknown",
        "energy_limit": 78572,  # curInvokeEnergyLimit[78572] in the node message
        "energy_staked_used": 0,
        "energy_penalty_total": 25905,
        "energy_price_sun": 210,  # 16,500,120 sun / 78,572 energy, the price in force in Nov 2024
        "energy_price_now_sun": None,
        "fee_limit_energy": None,
        "energy_needed": 121567,  # usedEnergy 33,567 + SSTORE 20,000 + its penalty 68,000
        "operation": "SSTORE",
        "sender_balance_sun": None,
        "sender_energy_left": None,
    }
    assert 78572 * 210 == 16500120  # energy used x energy price = TRX burned
    assert "Energy is what running a token contract costs" in ooe.message
    assert "more TRX" in ooe.advice
    assert d.facts["message"].startswith("Not enough energy") and d.facts["result"] == "OUT_OF_ENERGY"


def test_trx_transfer_without_receipt_result_is_a_success(router: respx.Router) -> None:
    grid = TronGrid(router)
    grid.infos[TRX_TX] = load("gettransactioninfobyid_trx_transfer_no_result_23897196.json")
    grid.now = {"block_header": {"raw_data": {"number": 66862205}}}
    grid.solid = {"block_header": {"raw_data": {"number": 66862186}}}
    d = check_tx(TRX_TX)
    assert d.verdict is Verdict.CONFIRMED
    assert codes(d) == ["TRON_TX_SUCCESS"]  # no fee burned: no TRON_FEE_BURNED
    ev = evidence(d, "TRON_TX_SUCCESS")
    assert ev["confirmations"] == 1 and ev["solidified"] is False and ev["result"] is None
    assert ev["fee_sun"] == 0 and ev["net_usage"] == 265


def test_unknown_txid_is_not_found_after_asking_the_next_endpoint(router: respx.Router) -> None:
    first, second = TronGrid(router, URL), TronGrid(router, URL2)
    d = check_tx("ab" * 32, urls=[URL, URL2])
    assert d.verdict is Verdict.NOT_FOUND
    assert codes(d) == ["TRON_TX_NOT_FOUND", "NET_NOT_FOUND_CAUSE"]
    assert evidence(d, "TRON_TX_NOT_FOUND") == {"txid": "ab" * 32, "chain": "tron", "provider": URL}
    cause = evidence(d, "NET_NOT_FOUND_CAUSE")  # custom URLs: no other TRON network asked
    assert cause == {
        "cause": "never_broadcast",
        "searched": ["tron"],
        "unreachable": [],
        "found_on": [],
        "narrowed": True,  # Nile and Shasta were not asked: the message says so
    }
    assert "Only TRON" in finding(d, "NET_NOT_FOUND_CAUSE").message
    paths = [r.url.path for r in second.requests]
    assert "/wallet/gettransactionbyid" in paths  # the "not found" was confirmed
    assert first.requests


def test_not_found_on_one_endpoint_found_on_the_next(router: respx.Router) -> None:
    TronGrid(router, URL)
    second = TronGrid(router, URL2)
    second.txs[USDT_TX] = load("gettransactionbyid_usdt_transfer_661f1df8.json")
    second.infos[USDT_TX] = load("gettransactioninfobyid_usdt_transfer_success_661f1df8.json")
    d = check_tx(USDT_TX, urls=[URL, URL2])
    assert d.verdict is Verdict.CONFIRMED
    assert d.facts["provider"] == URL2


def test_server_error_falls_back_to_the_next_endpoint(router: respx.Router) -> None:
    router.post(URL + "/wallet/gettransactionbyid").mock(return_value=httpx.Response(503))
    router.post(URL + "/wallet/gettransactioninfobyid").mock(return_value=httpx.Response(503))
    router.post(URL + "/wallet/getnowblock").mock(return_value=httpx.Response(503))
    router.post(URL + "/walletsolidity/getnowblock").mock(return_value=httpx.Response(503))
    grid = TronGrid(router, URL2)
    grid.txs[USDT_TX] = load("gettransactionbyid_usdt_transfer_661f1df8.json")
    grid.infos[USDT_TX] = load("gettransactioninfobyid_usdt_transfer_success_661f1df8.json")
    d = check_tx(USDT_TX, urls=[URL, URL2])
    assert d.verdict is Verdict.CONFIRMED
    assert "NET_PROVIDER_FAILED" in codes(d)
    ev = evidence(d, "NET_PROVIDER_FAILED")
    assert ev["answered_by"] == URL2
    assert ev["failures"][0]["reason"] == "unavailable" and ev["failures"][0]["provider"] == URL
    assert evidence(d, "TRON_TX_SUCCESS")["confirmations"] == 20


def test_server_error_and_html_everywhere_is_unreachable(router: respx.Router) -> None:
    for path in ("/wallet/gettransactionbyid", "/wallet/gettransactioninfobyid"):
        router.post(URL + path).mock(return_value=httpx.Response(502))
        router.post(URL2 + path).mock(return_value=httpx.Response(200, text="<html>Just a moment…</html>"))
    for path in ("/wallet/getnowblock", "/walletsolidity/getnowblock"):
        router.post(URL + path).mock(return_value=httpx.Response(502))
        router.post(URL2 + path).mock(return_value=httpx.Response(502))
    d = check_tx(USDT_TX, urls=[URL, URL2])
    assert d.verdict is Verdict.UNREACHABLE and d.exit_code == 3
    assert codes(d) == ["NET_UNREACHABLE"]
    ev = evidence(d, "NET_UNREACHABLE")
    assert ev["chain"] == "tron"
    assert [(f["provider"], f["reason"]) for f in ev["failures"]] == [
        (URL, "unavailable"),
        (URL2, "bad_response"),
    ]


def test_a_malformed_answer_moves_to_the_next_endpoint(router: respx.Router) -> None:
    bad = TronGrid(router, URL)
    body = load("gettransactionbyid_usdt_transfer_661f1df8.json")
    del body["raw_data"]["contract"][0]["type"]
    bad.txs[USDT_TX] = body
    good = TronGrid(router, URL2)
    good.txs[USDT_TX] = load("gettransactionbyid_usdt_transfer_661f1df8.json")
    good.infos[USDT_TX] = load("gettransactioninfobyid_usdt_transfer_success_661f1df8.json")
    d = check_tx(USDT_TX, urls=[URL, URL2])
    assert d.verdict is Verdict.CONFIRMED
    failure = evidence(d, "NET_PROVIDER_FAILED")["failures"][0]
    assert failure["reason"] == "bad_response" and "'type' is missing" in failure["detail"]


def test_tip_unreachable_still_diagnoses_the_transaction(router: respx.Router) -> None:
    grid = TronGrid(router)
    grid.txs[USDT_TX] = load("gettransactionbyid_usdt_transfer_661f1df8.json")
    grid.infos[USDT_TX] = load("gettransactioninfobyid_usdt_transfer_success_661f1df8.json")
    grid.now = httpx.Response(503)
    d = check_tx(USDT_TX)
    assert d.verdict is Verdict.CONFIRMED
    assert evidence(d, "TRON_TX_SUCCESS")["confirmations"] is None
    assert evidence(d, "NET_LOOKUP_FAILED")["chain"] == "tron"


def test_api_key_is_not_shown_anywhere(router: respx.Router) -> None:
    for path in ("/wallet/gettransactionbyid", "/wallet/gettransactioninfobyid", "/wallet/getnowblock"):
        router.post(URL + path).mock(return_value=httpx.Response(503))
    router.post(URL + "/walletsolidity/getnowblock").mock(return_value=httpx.Response(503))
    d = check_tx(USDT_TX, api_key="sekrit-key-0123456789abcdef")
    assert d.verdict is Verdict.UNREACHABLE
    assert "sekrit" not in json.dumps(d.to_dict())


def test_api_key_goes_in_the_header() -> None:
    sent: list[tuple[str, Any, Any]] = []

    class FakeHttp:
        async def post_json(self, url: str, payload: Any, headers: Any = None) -> Any:
            sent.append((url, payload, headers))
            return {}

    api = TronGridApi(FakeHttp(), URL + "/", api_key="k123")  # type: ignore[arg-type]
    assert asyncio.run(api.tx(USDT_TX)) is None
    assert sent == [
        (URL + "/wallet/gettransactionbyid", {"value": USDT_TX, "visible": True}, {API_KEY_HEADER: "k123"})
    ]
    keyless = TronGridApi(FakeHttp(), URL)  # type: ignore[arg-type]
    asyncio.run(keyless.tx(USDT_TX))
    assert sent[-1][2] is None


def test_offline_checks_the_format_only() -> None:
    from txdoctor.core.classify import classify
    from txdoctor.core.session import Options, Session
    from txdoctor.families.tron.diagnose import diagnose_tron_tx

    async def run() -> Any:
        async with Session(Options(chain="tron", offline=True, environ={})) as s:
            return await diagnose_tron_tx(s, classify(USDT_TX))

    d = asyncio.run(run())
    assert d.verdict is Verdict.VALID and codes(d) == ["NET_OFFLINE"]
    assert d.facts == {"txid": USDT_TX, "chain": "tron"}


# ------------------------------------------------------------------ address


def test_address_not_activated(router: respx.Router) -> None:
    TronGrid(router)  # {} for every account: never activated
    d = check_address(RECIPIENT)
    assert d.verdict is Verdict.VALID and d.chain == "tron"
    assert "ADDR_VALID" in codes(d) and "ADDR_OTHER_CHAIN" not in codes(d)
    ev = evidence(d, "TRON_ADDRESS_NOT_ACTIVATED")
    assert ev == {"address": RECIPIENT, "activated": False, "provider": URL}
    assert "still works" in finding(d, "TRON_ADDRESS_NOT_ACTIVATED").message
    assert d.facts["activity"]["tron"]["activated"] is False


def test_address_activity(router: respx.Router) -> None:
    grid = TronGrid(router)
    # trimmed getaccount answer (the fields read), values made up for the test
    grid.accounts[SENDER] = {"address": SENDER, "balance": 12_500_000, "create_time": 1600000000000}
    d = check_address(SENDER)
    assert d.verdict is Verdict.VALID
    ev = evidence(d, "TRON_ADDRESS_ACTIVITY")
    assert ev["balance_trx"] == "12.5" and ev["balance_sun"] == 12_500_000 and ev["activated"] is True
    assert "12.5 TRX" in finding(d, "TRON_ADDRESS_ACTIVITY").message
    assert d.facts["activity"]["tron"]["balance"] == 12_500_000


def test_address_lookup_failure_keeps_the_format_verdict(router: respx.Router) -> None:
    router.post(URL + "/wallet/getaccount").mock(return_value=httpx.Response(500))
    d = check_address(SENDER)
    assert d.verdict is Verdict.VALID
    assert evidence(d, "NET_LOOKUP_FAILED")["failures"][0]["reason"] == "unavailable"


def test_usdt_contract_address_is_flagged_offline() -> None:
    d = check_address(USDT, offline=True)
    assert (d.verdict, d.exit_code) == (Verdict.INVALID, 1)  # issue 8 item 6: not a green VALID
    assert evidence(d, "TRON_ADDRESS_IS_TOKEN_CONTRACT") == {"address": USDT, "symbol": "USDT"}
