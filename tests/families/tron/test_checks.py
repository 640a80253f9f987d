"""The TRON checks from hand-built facts (no HTTP)."""

from __future__ import annotations

from dataclasses import replace

from txdoctor.core.amounts import format_units
from txdoctor.core.chains import CHAINS
from txdoctor.families.tron.checks import (
    TronAddressContext,
    TronTxContext,
    tron_address_checks,
    tron_tx_checks,
    tx_facts,
)
from txdoctor.families.tron.facts import (
    TronAccount,
    TronReceipt,
    TronTip,
    TronTx,
    TronTxInfo,
    TronTxLookup,
    address_hex,
    decode_trc20_transfer,
    normalize_address,
)
from txdoctor.families.tron.tokens import USDT
from txdoctor.model import Finding, Verdict, decide_verdict

TRON = CHAINS["tron"]
TXID = "cd" * 32
A = "TP4MZM8iDVEfRbtbvcidqVQBt4SQ9Pfi8R"
B = "TW3NSuhT68vXKdamU7Rkq6sfEVCFwoDfGb"


def word(address: str) -> str:
    return address_hex(address)[2:].rjust(64, "0")


def usdt_tx(recipient: str = B, amount: int = 50_000_000, ret: str | None = "SUCCESS") -> TronTx:
    data = "a9059cbb" + word(recipient) + f"{amount:064x}"
    return TronTx(TXID, "TriggerSmartContract", A, None, None, None, USDT, data, None, ret, 100_000_000, 1)


def info(
    result: str | None = "SUCCESS",
    block: int | None = 1000,
    fee: int = 0,
    msg: str | None = None,
    contract_result: str | None = None,
) -> TronTxInfo:
    return TronTxInfo(
        TXID, block, 1, fee, "FAILED" if result not in (None, "SUCCESS") else None, msg,
        TronReceipt(result, energy_usage_total=65000, energy_fee=fee), USDT, 0, contract_result,
    )  # fmt: skip


def run(
    tx: TronTx | None, inf: TronTxInfo | None, tip: TronTip | None = None
) -> tuple[Verdict, list[Finding]]:
    ctx = TronTxContext(TRON, TXID, TronTxLookup(TXID, "p", tx, inf), tip)
    findings = tron_tx_checks.run(ctx)
    return decide_verdict(findings, Verdict.VALID), findings


def by_code(findings: list[Finding], code: str) -> Finding:
    return next(f for f in findings if f.code == code)


def test_address_forms_and_units() -> None:
    assert normalize_address("41a614f803b6fd780986a42c78ec9c7f77e6ded13c") == USDT
    assert normalize_address(USDT) == USDT
    assert format_units(2384950100, 6) == "2384.9501" and format_units(5, 0) == "5"
    # a word without the 41 prefix (as tronweb/aiotx write it, Shasta test_send_trc20_token)
    data = "a9059cbb000000000000000000000000f928b8f3ffb2763e11442cd26ef37b89a7f396f3" + f"{1_000_000:064x}"
    recipient, amount = decode_trc20_transfer(data) or ("", 0)
    assert address_hex(recipient) == "41f928b8f3ffb2763e11442cd26ef37b89a7f396f3" and amount == 1_000_000
    assert decode_trc20_transfer("095ea7b3" + "00" * 64) is None  # approve(), not transfer


def test_success_with_confirmations_and_solid_tip() -> None:
    verdict, f = run(usdt_tx(), info(fee=13_000_000), TronTip(1009, None, 1000))
    assert verdict is Verdict.CONFIRMED
    ev = by_code(f, "TRON_TX_SUCCESS").evidence
    assert (ev["confirmations"], ev["solidified"], ev["fee_trx"]) == (10, True, "13")
    assert by_code(f, "TRON_TOKEN_TRANSFER").evidence["amount"] == "50000000"
    assert "50 USDT" in by_code(f, "TRON_TOKEN_TRANSFER").message
    assert by_code(f, "TRON_FEE_BURNED").evidence["fee_sun"] == 13_000_000


def test_solidified_by_depth_without_a_solid_tip() -> None:
    _, f = run(usdt_tx(), info(), TronTip(1018, None, None))
    assert by_code(f, "TRON_TX_SUCCESS").evidence["solidified"] is True
    _, f = run(usdt_tx(), info(), TronTip(1017, None, None))
    assert by_code(f, "TRON_TX_SUCCESS").evidence["solidified"] is False


def test_pending_when_found_without_a_block() -> None:
    verdict, f = run(usdt_tx(ret=None), None)
    assert verdict is Verdict.PENDING
    assert [x.code for x in f] == ["TRON_TX_PENDING", "TRON_TOKEN_TRANSFER"]
    assert by_code(f, "TRON_TX_PENDING").evidence == {"txid": TXID, "contract_ret": None}


def test_not_found() -> None:
    verdict, f = run(None, None)
    assert verdict is Verdict.NOT_FOUND
    assert by_code(f, "TRON_TX_NOT_FOUND").evidence["txid"] == TXID
    ctx = TronTxContext(TRON, TXID, None)
    assert [x.code for x in tron_tx_checks.run(ctx)] == ["TRON_TX_NOT_FOUND"]
    assert tx_facts(ctx)["block_height"] is None


def test_revert_fails_with_the_decoded_message_and_no_out_of_energy() -> None:
    verdict, f = run(
        usdt_tx(ret="REVERT"), info("REVERT", fee=3_000_000, msg="transfer amount exceeds balance")
    )
    assert verdict is Verdict.FAILED
    failed = by_code(f, "TRON_TX_FAILED")
    assert (
        failed.evidence["result"] == "REVERT"
        and failed.evidence["message"] == "transfer amount exceeds balance"
    )
    assert "The 50 USDT did not move, but 3 TRX was burned" in failed.message
    assert "TRON_OUT_OF_ENERGY" not in [x.code for x in f] and "TRON_FEE_BURNED" not in [x.code for x in f]
    assert "tried to send" in by_code(f, "TRON_TOKEN_TRANSFER").message


def test_contract_ret_alone_decides_when_the_receipt_is_silent() -> None:
    verdict, f = run(usdt_tx(ret="OUT_OF_TIME"), info(None))
    assert verdict is Verdict.FAILED
    assert by_code(f, "TRON_TX_FAILED").evidence["result"] == "OUT_OF_TIME"


def test_tokens_to_the_token_contract_itself() -> None:
    verdict, f = run(usdt_tx(recipient=USDT), info())
    # Mined, but the tokens reached no one: no exit-0 verdict beside an error (docs/contract.md).
    assert verdict is Verdict.FAILED
    lost = by_code(f, "TRON_TOKEN_TO_CONTRACT_ITSELF")
    assert lost.evidence == {
        "token": USDT,
        "symbol": "USDT",
        "amount": "50000000",
        "recipient": USDT,
    }
    assert "most likely lost" in lost.message


def test_trx_and_trc10_transfers_and_other_contracts() -> None:
    trx_tx = TronTx(TXID, "TransferContract", A, B, 1_500_000, None, None, None, None, "SUCCESS", None, 1)
    verdict, f = run(trx_tx, info(None))
    assert verdict is Verdict.CONFIRMED
    assert by_code(f, "TRON_TRX_TRANSFER").evidence == {
        "amount_sun": 1_500_000, "amount_trx": "1.5", "from": A, "recipient": B,
    }  # fmt: skip
    trc10 = replace(trx_tx, contract_type="TransferAssetContract", amount=16, asset_name="1002000")
    _, f = run(trc10, info(None))
    assert by_code(f, "TRON_TRC10_TRANSFER").evidence == {
        "asset": "1002000",
        "amount": "16",
        "from": A,
        "recipient": B,
    }
    stake = replace(trx_tx, contract_type="FreezeBalanceV2Contract", to=None, amount=None)
    _, f = run(stake, info(None))
    assert by_code(f, "TRON_OTHER_TX").evidence["contract_type"] == "FreezeBalanceV2Contract"


def test_facts() -> None:
    ctx = TronTxContext(TRON, TXID, TronTxLookup(TXID, "p", usdt_tx(), info(fee=7)), TronTip(1000, None, 999))
    facts = tx_facts(ctx)
    assert facts["confirmations"] == 1 and facts["solidified"] is False and facts["fee_sun"] == 7
    assert (facts["token"], facts["to"], facts["amount"], facts["from"]) == (USDT, B, "50000000", A)


def test_address_checks() -> None:
    empty = TronAccount(A, True, 0, None, False, "p")
    f = tron_address_checks.run(TronAddressContext(A, empty))
    assert [x.code for x in f] == ["TRON_ADDRESS_ACTIVITY"]
    assert f[0].evidence["balance_trx"] == "0" and "cannot pay fees" in f[0].message
    f = tron_address_checks.run(TronAddressContext(A, replace(empty, activated=False)))
    assert [x.code for x in f] == ["TRON_ADDRESS_NOT_ACTIVATED"] and f[0].verdict is None
    assert tron_address_checks.run(TronAddressContext(A, None)) == []
