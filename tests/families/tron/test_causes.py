"""TRON root causes on recorded TronGrid answers (tests/fixtures/tron/, provenance in SOURCES.md).

Answers named ``*_handbuilt`` / ``*_derived`` were built from real recordings where none exists;
each test that uses one says so.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from typing import Any

import pytest
import respx

from tests.families.tron.helpers import (
    OOE_TX,
    USDT_TX,
    TronGrid,
    check_address,
    check_tx,
    codes,
    constant_answer,
    evidence,
    finding,
    load,
    session,
    word,
)
from txdoctor.core.classify import classify
from txdoctor.core.net.base import BadResponse
from txdoctor.families.tron.facts import normalize_address
from txdoctor.families.tron.resources import burned_energy_price, parse_energy_message
from txdoctor.families.tron.tokens import TRC20_TOKENS, USDT
from txdoctor.families.tron.trongrid import parse_account, parse_tx_info
from txdoctor.families.tron.trongrid_calls import parse_chain_params, parse_constant, parse_resources
from txdoctor.model import Category, Severity, Verdict

URL = "https://tron.recorded.test"
SENDER = "TP4MZM8iDVEfRbtbvcidqVQBt4SQ9Pfi8R"
RECIPIENT = "TW3NSuhT68vXKdamU7Rkq6sfEVCFwoDfGb"
FEE_LIMIT_TX = "ffe63a324a43aebfe41273db4f7fdfe325b2257b4f5711595a5fc0f8a75cf1b4"
REVERT_TX = "abe63a324a43aebfe41273db4f7fdfe325b2257b4f5711595a5fc0f8a75cf1b4"
FOREIGN = "TAUN6FwrnwwmaEqYcckffC7wYmbaS6cBiX"
TZ4 = "TZ4UXDV5ZhNW7fb2AMSbgfAEZ7hWsnYS2g"


# ---------------------------------------------------------------- energy arithmetic


def test_energy_used_times_energy_price_is_the_trx_burned() -> None:
    params = parse_chain_params(URL, load("getchainparameters_energy420_edge.json"))
    assert (params.energy_price, params.bandwidth_price) == (420, 1000)
    assert (params.create_account_fee, params.free_net_limit, params.max_fee_limit) == (
        1_000_000,
        600,
        15 * 10**9,
    )
    # 661f1df8 (April 2024, when the price was 420): every unit of energy was bought with TRX
    usdt = parse_tx_info(URL, load("gettransactioninfobyid_usdt_transfer_success_661f1df8.json"))
    assert usdt is not None
    r = usdt.receipt
    assert r.energy_usage_total * params.energy_price == r.energy_fee == 27_255_900
    assert burned_energy_price(r.energy_fee, r.burned_energy) == 420
    assert 345 * params.bandwidth_price == r.net_fee  # 345 bytes of bandwidth at 1,000 sun
    assert r.energy_fee + r.net_fee == usdt.fee
    # e63a324a (Nov 2024, after the cut to 210): 78,572 energy x 210 sun = 16.50012 TRX
    ooe = parse_tx_info(URL, load("gettransactioninfobyid_out_of_energy_e63a324a.json"))
    assert ooe is not None
    assert burned_energy_price(ooe.receipt.energy_fee, ooe.receipt.burned_energy) == 210
    assert ooe.receipt.energy_usage_total * 210 == ooe.fee == 16_500_120


def test_the_node_message_numbers_are_read() -> None:
    info = parse_tx_info(URL, load("gettransactioninfobyid_out_of_energy_e63a324a.json"))
    assert info is not None
    short = parse_energy_message(info.res_message)
    assert short is not None
    assert (short.limit, short.operation, short.op_energy, short.penalty, short.used) == (
        78572,
        "SSTORE",
        20000,
        68000,
        33567,
    )
    assert short.needed_at_least == 33567 + 20000 + 68000
    assert parse_energy_message("REVERT opcode executed") is None
    assert parse_energy_message("curInvokeEnergyLimit[" + "9" * 40 + "]") is None  # absurd, not read


# ---------------------------------------------------------------- OUT_OF_ENERGY


def ooe_grid(router: respx.Router, txid: str, tx: str, info: str) -> TronGrid:
    grid = TronGrid(router)
    grid.txs[txid] = load(tx)
    grid.infos[txid] = load(info)
    grid.now = {"block_header": {"raw_data": {"number": 66860100}}}
    grid.solid = {"block_header": {"raw_data": {"number": 66860080}}}
    grid.accounts[SENDER] = {"address": SENDER, "balance": 2_500_000, "create_time": 1555400628000}
    return grid


def test_out_of_energy_because_of_the_account(router: respx.Router) -> None:
    # recorded e63a324a info + a hand-built body with a 100 TRX fee limit: only 16.5 TRX was burned
    ooe_grid(router, OOE_TX, "gettransactionbyid_out_of_energy_e63a324a_handbuilt.json",
             "gettransactioninfobyid_out_of_energy_e63a324a.json")  # fmt: skip
    d = check_tx(OOE_TX)
    assert d.verdict is Verdict.FAILED
    assert codes(d) == [
        "TRON_TX_FAILED",
        "TRON_TOKEN_TRANSFER",
        "TRON_OUT_OF_ENERGY",
        "TRON_RECIPIENT_NEW_HOLDER",
        "TRON_ENERGY_PENALTY",
    ]
    e = evidence(d, "TRON_OUT_OF_ENERGY")
    assert e["limited_by"] == "account"
    assert (e["energy_limit"], e["energy_price_sun"], e["energy_price_now_sun"]) == (78572, 210, 420)
    assert e["fee_limit_sun"] == 100_000_000 and e["fee_limit_energy"] == 100_000_000 // 210
    assert e["energy_needed"] == 130_285  # the recipient holds no USDT: a first-time holder's transfer
    assert (e["sender_balance_sun"], e["sender_energy_left"]) == (2_500_000, 0)
    f = finding(d, "TRON_OUT_OF_ENERGY")
    assert "could not pay for more" in f.message and "78,572 energy" in f.message
    assert "16.50012 TRX burned at 210 sun per energy" in f.message
    assert "54.7197 TRX" in f.advice  # 130,285 energy x today's 420 sun
    assert "holds 2.5 TRX now" in f.advice
    assert (
        finding(d, "TRON_TX_FAILED").advice == "Nothing reached the recipient. " + f.advice
    )  # the next step
    holder = evidence(d, "TRON_RECIPIENT_NEW_HOLDER")
    assert (holder["source"], holder["recipient_balance"], holder["recipient"]) == ("balanceOf", 0, RECIPIENT)


def test_out_of_energy_because_of_the_fee_limit(router: respx.Router) -> None:
    # derived from e63a324a: a 10 TRX fee limit buys 47,619 energy at 210 sun, all of it burned
    grid = ooe_grid(router, FEE_LIMIT_TX, "gettransactionbyid_out_of_energy_fee_limit_derived.json",
                    "gettransactioninfobyid_out_of_energy_fee_limit_derived.json")  # fmt: skip
    grid.constants[(USDT, "balanceOf(address)", word(RECIPIENT))] = constant_answer(f"{5_000_000:064x}")
    d = check_tx(FEE_LIMIT_TX)
    e = evidence(d, "TRON_OUT_OF_ENERGY")
    assert e["limited_by"] == "fee_limit"
    assert (e["fee_limit_sun"], e["fee_limit_energy"], e["energy_limit"]) == (10_000_000, 47619, 47619)
    assert e["energy_fee_sun"] == 47619 * 210
    assert e["energy_needed"] == 121_567  # a holder's typical 64,285 is below what the message proves
    f = finding(d, "TRON_OUT_OF_ENERGY")
    assert "fee_limit = 10 TRX, which buys about 47,619 energy at 210 sun" in f.message
    assert "at least 52 TRX at today's 420 sun" in f.advice  # 121,567 x 420 sun = 51.06 TRX, rounded up
    assert "TRON_RECIPIENT_NEW_HOLDER" not in codes(d)  # the recipient holds 5 USDT


def test_a_blacklisted_sender_is_named(router: respx.Router) -> None:
    grid = ooe_grid(router, OOE_TX, "gettransactionbyid_out_of_energy_e63a324a_handbuilt.json",
                    "gettransactioninfobyid_out_of_energy_e63a324a.json")  # fmt: skip
    grid.constants[(USDT, "isBlackListed(address)", word(SENDER))] = load(
        "triggerconstantcontract_isblacklisted_true_derived.json"
    )
    d = check_tx(OOE_TX)
    f = finding(d, "TRON_USDT_BLACKLISTED")
    assert f.severity is Severity.ERROR
    assert f.evidence == {"address": SENDER, "role": "sender", "token": USDT}
    assert "Only Tether can act" in f.advice
    asked = [r.content for r in grid.requests if r.url.path.endswith("triggerconstantcontract")]
    assert sum(b"isBlackListed" in a for a in asked) == 2  # sender and recipient


def test_a_confirmed_transfer_asks_nothing_more(router: respx.Router) -> None:
    grid = TronGrid(router)
    grid.txs[USDT_TX] = load("gettransactionbyid_usdt_transfer_661f1df8.json")
    grid.infos[USDT_TX] = load("gettransactioninfobyid_usdt_transfer_success_661f1df8.json")
    check_tx(USDT_TX)
    paths = {r.url.path for r in grid.requests}
    assert paths <= {"/wallet/gettransactionbyid", "/wallet/gettransactioninfobyid", "/wallet/getnowblock",
                     "/walletsolidity/getnowblock"}  # fmt: skip


# ---------------------------------------------------------------- REVERT reason


def test_revert_reason_from_contract_result(router: respx.Router) -> None:
    # hand-built from the recorded e63a324a info: a USDC transfer reverted with Error(string)
    grid = ooe_grid(router, REVERT_TX, "gettransactionbyid_revert_reason_handbuilt.json",
                    "gettransactioninfobyid_revert_reason_handbuilt.json")  # fmt: skip
    d = check_tx(REVERT_TX)
    assert d.verdict is Verdict.FAILED
    f = finding(d, "TRON_REVERT_REASON")
    assert f.evidence == {
        "kind": "error",
        "reason": "ERC20: transfer amount exceeds balance",
        "selector": "08c379a0",
        "panic_code": None,
    }
    assert 'the contract said: "ERC20: transfer amount exceeds balance"' in f.message
    assert 'The contract said "ERC20: transfer amount exceeds balance"' in finding(d, "TRON_TX_FAILED").advice
    assert evidence(d, "TRON_TOKEN_TRANSFER")["symbol"] == "USDC"  # from the offline table
    assert not [r for r in grid.requests if b"isBlackListed" in r.content]  # not a USDT transfer


def test_revert_panic_and_custom_error() -> None:
    from tests.families.tron.test_checks import by_code, info, run, usdt_tx  # hand-built facts

    panic = "4e487b71" + "11".rjust(64, "0")
    _, f = run(usdt_tx(ret="REVERT"), info("REVERT", contract_result=panic))
    assert (
        by_code(f, "TRON_REVERT_REASON").evidence["reason"] == "Panic 0x11: arithmetic overflow or underflow"
    )
    _, f = run(usdt_tx(ret="REVERT"), info("REVERT", contract_result="deadbeef"))
    assert by_code(f, "TRON_REVERT_REASON").evidence == {
        "kind": "custom",
        "reason": None,
        "selector": "deadbeef",
        "panic_code": None,
    }
    _, f = run(usdt_tx(ret="REVERT"), info("REVERT", contract_result=None))
    assert "TRON_REVERT_REASON" not in [x.code for x in f]  # nothing to decode: no guess


# ---------------------------------------------------------------- permissions, bandwidth, blacklist


def test_ordinary_permissions_are_quiet(router: respx.Router) -> None:
    grid = TronGrid(router)
    grid.accounts[TZ4] = load("getaccount_ordinary_permissions_tatum_docs.json")
    grid.resources[TZ4] = load("getaccountresource_tatum_docs.json")
    d = check_address(TZ4)
    assert d.verdict is Verdict.VALID
    assert "TRON_PERMISSION_FOREIGN" not in codes(d) and "TRON_NO_BANDWIDTH" not in codes(d)
    account = parse_account(URL, load("getaccount_ordinary_permissions_tatum_docs.json"), TZ4, URL)
    assert [(p.kind, p.threshold, p.keys) for p in account.permissions] == [
        ("owner", 1, ((TZ4, 1),)),
        ("active", 1, ((TZ4, 1),)),
    ]


def test_foreign_permissions_are_a_security_finding(router: respx.Router) -> None:
    # hand-built: the recorded getaccount with its keys replaced by another address
    grid = TronGrid(router)
    grid.accounts[TZ4] = load("getaccount_foreign_permissions_handbuilt.json")
    d = check_address(TZ4)
    f = finding(d, "TRON_PERMISSION_FOREIGN")
    assert (f.category, f.severity) == (Category.SECURITY, Severity.ERROR)
    assert f.evidence == {
        "address": TZ4,
        "role": "address",
        "permission": "owner",
        "name": "owner",
        "threshold": 1,
        "own_weight": 0,
        "keys": [FOREIGN],
    }


def test_no_bandwidth_and_no_trx(router: respx.Router) -> None:
    grid = TronGrid(router)
    grid.accounts[TZ4] = {**load("getaccount_ordinary_permissions_tatum_docs.json"), "balance": 1000}
    grid.resources[TZ4] = {**load("getaccountresource_tatum_docs.json"), "freeNetUsed": 1400}
    d = check_address(TZ4)
    f = finding(d, "TRON_NO_BANDWIDTH")
    assert f.evidence["bandwidth_left"] == 100 and f.evidence["balance_sun"] == 1000
    assert f.evidence["bandwidth_price_sun"] == 1000


def test_a_blacklisted_address(router: respx.Router) -> None:
    grid = TronGrid(router)
    grid.accounts[TZ4] = load("getaccount_ordinary_permissions_tatum_docs.json")
    grid.constants[(USDT, "isBlackListed(address)", word(TZ4))] = load(
        "triggerconstantcontract_isblacklisted_true_derived.json"
    )
    d = check_address(TZ4)
    assert evidence(d, "TRON_USDT_BLACKLISTED") == {"address": TZ4, "role": "address", "token": USDT}


def test_resources_parse() -> None:
    staked = parse_resources(URL, load("getaccountresource_tronweb_docs.json"))
    assert (staked.bandwidth_left, staked.energy_left) == (5000 + 483512, 4949344)
    assert staked.energy_per_staked_trx == pytest.approx(971444468045 / 2355329)
    empty = parse_resources(URL, load("getaccountresource_tatum_docs.json"))
    assert (empty.bandwidth_left, empty.energy_left) == (1500, 0)


# ---------------------------------------------------------------- tokens


def test_the_token_table_addresses_have_valid_checksums() -> None:
    assert {s for s, _ in TRC20_TOKENS.values()} == {
        "USDT",
        "USDC",
        "USDD",
        "WTRX",
        "BTT",
        "JST",
        "SUN",
        "WIN",
    }
    for address in TRC20_TOKENS:
        assert normalize_address(address) == address
    assert TRC20_TOKENS[USDT] == ("USDT", 6)


def test_an_unknown_token_is_named_by_its_contract_once_per_run(router: respx.Router) -> None:
    other = "TG3XXyExBkPp9nzdajDZsozEu4BkaSJozs"  # not in the mainnet table
    grid = TronGrid(router)
    body: Any = load("gettransactionbyid_usdt_transfer_661f1df8.json")
    body["raw_data"]["contract"][0]["parameter"]["value"]["contract_address"] = other
    grid.txs[USDT_TX] = body
    grid.infos[USDT_TX] = load("gettransactioninfobyid_usdt_transfer_success_661f1df8.json")
    grid.constants[(other, "symbol()", "")] = load("triggerconstantcontract_symbol_usdt_derived.json")
    grid.constants[(other, "decimals()", "")] = load("triggerconstantcontract_decimals_6_derived.json")

    async def twice() -> list[Any]:
        from txdoctor.families.tron.diagnose import diagnose_tron_tx

        async with session() as s:
            return [await diagnose_tron_tx(s, classify(USDT_TX)) for _ in range(2)]

    first, second = asyncio.run(twice())
    for d in (first, second):
        tok = evidence(d, "TRON_TOKEN_TRANSFER")
        assert (tok["token"], tok["symbol"], tok["decimals"]) == (other, "USDT", 6)
        assert "2384.9501 USDT" in finding(d, "TRON_TOKEN_TRANSFER").message
    symbol_calls = [r for r in grid.requests if b'"symbol()"' in r.content]
    assert len(symbol_calls) == 1  # cached for the run


# ---------------------------------------------------------------- strict parsing


@pytest.mark.parametrize(
    "answer",
    [
        {"chainParameter": "x"},
        {
            "chainParameter": [
                {"key": "getEnergyFee", "value": -1},
                {"key": "getTransactionFee", "value": 1000},
            ]
        },
        {
            "chainParameter": [
                {"key": "getEnergyFee", "value": 10**30},
                {"key": "getTransactionFee", "value": 1},
            ]
        },
        {"chainParameter": [{"key": "getTransactionFee", "value": 1000}]},
    ],
)
def test_bad_chain_parameters_are_a_bad_response(answer: Any) -> None:
    with pytest.raises(BadResponse):
        parse_chain_params(URL, answer)


def test_constant_call_failures() -> None:
    ok = parse_constant(URL, load("triggerconstantcontract_decimals_6_derived.json"))
    assert ok.ok and ok.data is not None and int(ok.data, 16) == 6 and ok.energy_used == 541
    failed = parse_constant(URL, {"result": {"code": "CONTRACT_VALIDATE_ERROR", "message": "6e6f"}})
    assert not failed.ok and failed.message == "no"
    reverted = parse_constant(URL, {**load("triggerconstantcontract_decimals_6_derived.json"),
                                    "transaction": {"ret": [{"ret": "FAILED"}]}})  # fmt: skip
    assert not reverted.ok
    with pytest.raises(BadResponse):
        parse_constant(URL, {"result": {"result": True}, "constant_result": [1]})


def test_hostile_permissions_are_a_bad_response() -> None:
    body = load("getaccount_ordinary_permissions_tatum_docs.json")
    body["owner_permission"]["keys"] = [{"address": TZ4, "weight": 1}] * 100
    with pytest.raises(BadResponse):
        parse_account(URL, body, TZ4, URL)
    body = load("getaccount_ordinary_permissions_tatum_docs.json")
    body["active_permission"][0]["keys"][0]["address"] = "not an address"
    with pytest.raises(BadResponse):
        parse_account(URL, body, TZ4, URL)


def test_tron_modules_do_not_import_the_evm_family() -> None:
    code = (
        "import sys, txdoctor.families.tron.diagnose, txdoctor.families.tron.checks,"
        " txdoctor.families.tron.trongrid_calls, txdoctor.families.tron.extra;"
        "print(sorted(m for m in sys.modules if m.startswith('txdoctor') and 'evm' in m))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_trx_transfer_that_activated_its_recipient() -> None:
    # hand-built facts: a TRX transfer whose fee holds the 1 TRX account-creation fee + 0.1 TRX bandwidth
    from tests.families.tron.test_checks import TXID, A, B, by_code, run
    from txdoctor.families.tron.facts import TronReceipt, TronTx, TronTxInfo

    tx = TronTx(TXID, "TransferContract", A, B, 5_000_000, None, None, None, None, "SUCCESS", None, 1)
    inf = TronTxInfo(TXID, 1000, 1, 1_100_000, None, None, TronReceipt(None, net_fee=100_000), None, 0)
    _, f = run(tx, inf)
    assert by_code(f, "TRON_ACCOUNT_ACTIVATED").evidence == {"recipient": B, "creation_fee_sun": 1_000_000}
    plain = TronTxInfo(TXID, 1000, 1, 100_000, None, None, TronReceipt(None, net_fee=100_000), None, 0)
    _, f = run(tx, plain)
    assert "TRON_ACCOUNT_ACTIVATED" not in [x.code for x in f]


def test_a_pending_transfer_from_an_account_without_bandwidth(router: respx.Router) -> None:
    grid = TronGrid(router)
    grid.txs[USDT_TX] = load("gettransactionbyid_usdt_transfer_661f1df8.json")  # no info yet: pending
    grid.accounts[SENDER] = {"address": SENDER, "balance": 0, "create_time": 1555400628000}
    grid.resources[SENDER] = {**load("getaccountresource_tatum_docs.json"), "freeNetUsed": 1500}
    d = check_tx(USDT_TX)
    assert d.verdict is Verdict.PENDING
    assert evidence(d, "TRON_NO_BANDWIDTH") == {
        "address": SENDER,
        "bandwidth_left": 0,
        "balance_sun": 0,
        "bandwidth_needed": 268,
        "bandwidth_price_sun": 1000,
    }
    assert evidence(d, "TRON_RECIPIENT_NEW_HOLDER")["source"] == "balanceOf"
    assert "TRON_PERMISSION_FOREIGN" not in codes(d)  # the recorded account has no permissions field


def test_an_account_answer_about_another_address_is_a_bad_response(router: respx.Router) -> None:
    """A getaccount answer for TZ4… taken as the account asked (TP4M…) gave a false
    TRON_PERMISSION_FOREIGN ("another key controls the sender") and TZ4's balance."""
    body = load("getaccount_ordinary_permissions_tatum_docs.json")  # "address": TZ4
    assert parse_account(URL, body, TZ4, URL).activated
    with pytest.raises(BadResponse, match="another account"):
        parse_account(URL, body, SENDER, URL)
    hex_body = {**body, "address": "41" + normalize_hex(TZ4)}
    assert parse_account(URL, hex_body, TZ4, URL).activated  # the hex form of the same account
    grid = TronGrid(router)
    grid.accounts[SENDER] = body  # the endpoint answers about TZ4 when asked about the sender
    d = check_address(SENDER)
    assert "TRON_PERMISSION_FOREIGN" not in codes(d)


def normalize_hex(address: str) -> str:
    from txdoctor.addresses.base58 import b58check_decode

    return b58check_decode(address)[1:].hex()
