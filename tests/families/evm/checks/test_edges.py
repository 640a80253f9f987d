"""Edges the other check tests leave open: the JSON facts, the context's derived values, a
pasted signed transaction's findings, recipients counted once, thresholds at their exact value."""

from __future__ import annotations

from tests.families.evm.checks.builders import (
    ETH,
    A,
    B,
    H,
    codes,
    ctx,
    history,
    mined,
    one,
    pending,
    state,
    tx,
)
from txdoctor.core.abi import RevertInfo
from txdoctor.core.net.base import ProviderFailure
from txdoctor.families.evm.checks.congestion import congestion_findings, gas_congestion
from txdoctor.families.evm.checks.context import EvmTxContext, mined_confirmations
from txdoctor.families.evm.checks.facts import tx_facts
from txdoctor.families.evm.checks.network import activity_lookup_failed
from txdoctor.families.evm.checks.raw import decoded_finding, not_broadcast, wrong_chain
from txdoctor.families.evm.checks.status import revert_words
from txdoctor.families.evm.facts import (
    AccountCode,
    BlockHead,
    EvmChainState,
    EvmReceipt,
    EvmTxLookup,
    SeenPending,
    SenderState,
    TokenTransfer,
)
from txdoctor.families.evm.rawtx import EvmRawTx
from txdoctor.families.evm.units import GWEI


def test_facts_of_a_pending_transaction() -> None:
    f = tx_facts(pending())
    assert (f["status"], f["confirmations"], f["block_number"], f["chain_id"]) == ("pending", 0, None, 1)
    assert (f["mined_nonce"], f["pending_nonce"], f["sender_balance"]) == (5, 5, str(10**21))
    assert (f["latest_block"], f["next_base_fee"], f["checked"]) == (120, 20 * GWEI, ["eth"])
    assert "safe" not in f and "found_on" not in f and "token_transfers" not in f


def test_facts_of_a_mined_transaction_without_receipt_or_state() -> None:
    c = EvmTxContext(ETH, EvmTxLookup("eth", H, "p", mined(chain_id=1)), None)
    f = tx_facts(c)
    assert (f["status"], f["block_number"], f["confirmations"], f["chain_id"]) == ("mined", 100, None, 1)
    assert "latest_block" not in f and "mined_nonce" not in f and "checked" not in f
    assert (
        tx_facts(EvmTxContext(ETH, EvmTxLookup("eth", H, "p", mined()), None))["chain_id"] == 1
    )  # the chain's


def test_facts_of_a_failed_transaction_with_its_transfer() -> None:
    t = mined(value=0)
    transfer = TokenTransfer(B, A, B, 7, "input")
    rc = EvmReceipt(H, 100, H, 30000, 0, GWEI)
    c = ctx(t, receipt=rc, transfers=(transfer,), revert=RevertInfo("error", "nope"))
    f = tx_facts(c)
    assert (f["status"], f["revert_reason"], f["revert_kind"], f["fee_paid"]) == (
        "failed",
        "nope",
        "error",
        str(30000 * GWEI),
    )
    assert (f["safe"], f["finalized"]) == (False, False)
    assert f["token_transfers"] == [
        {"token": B, "symbol": None, "decimals": None, "from": A, "to": B, "amount": "7", "source": "input"}
    ]


def test_facts_of_a_transaction_remembered_but_gone() -> None:
    seen = SeenPending("eth", H, A, 5, 1000, still_same_chain=False)
    c = EvmTxContext(ETH, EvmTxLookup("eth", H, "", sender=SenderState(A, 6), seen=seen), None)
    f = tx_facts(c)
    assert (f["status"], f["replaced"], f["from"], f["nonce"], f["seen_pending_at"]) == (
        "not_found",
        False,
        A,
        5,
        1000,
    )
    replaced = EvmTxContext(
        ETH, EvmTxLookup("eth", H, "", sender=SenderState(A, 6), seen=SeenPending("eth", H, A, 5, 1)), None
    )
    assert tx_facts(replaced)["status"] == "replaced"


def test_the_context_without_a_lookup() -> None:
    c = EvmTxContext(None, None, None)
    assert (c.replaced, c.mined_nonce, c.pending_tx, c.next_base_fee, c.history, c.symbol) == (
        False, None, None, None, None, "ETH",
    )  # fmt: skip
    assert mined_confirmations(c) is None
    mined_with_receipt = ctx(mined(), SenderState(A, 9), receipt=EvmReceipt(H, 100, H, 21000, 1, GWEI))
    assert mined_with_receipt.replaced is False and mined_confirmations(mined_with_receipt) == 21


def test_a_transfer_to_a_contract_recipient_is_reported_once() -> None:
    rc = EvmReceipt(H, 100, H, 60000, 1, GWEI)
    both = (TokenTransfer("0x" + "cc" * 20, A, B, 7, "log"),)
    c = ctx(mined(), receipt=rc, transfers=both, codes=(AccountCode(B, 100),))
    assert codes(c).count("EVM_RECIPIENT_IS_CONTRACT") == 1
    assert one(c, "EVM_RECIPIENT_IS_CONTRACT").evidence["kind"] == "native"


def test_no_sender_facts_still_gives_the_next_step() -> None:
    c = ctx(tx(), None)
    assert codes(c) == ["EVM_TX_PENDING", "EVM_FEE_OK", "EVM_ACTION_WAIT", "EVM_CONGESTION"]


def test_a_replacement_without_fee_history_adds_no_tip() -> None:
    st = EvmChainState("eth", 1, BlockHead(120, None, None, 20 * GWEI))
    legacy = tx(type=0, gas_price=10 * GWEI, max_fee_per_gas=None, max_priority_fee_per_gas=None)
    replace = one(pending(legacy, st), "EVM_ACTION_REPLACE")
    assert replace.evidence["new_gas_price"] == 25 * GWEI  # 20 + 25 %, no median tip to add


def test_fee_evidence_holds_the_recent_tips() -> None:
    ev = one(pending(), "EVM_FEE_OK").evidence
    assert (ev["recent_tip_p10"], ev["recent_tip_p50"], ev["recent_tip_p90"], ev["blocks"]) == (
        GWEI,
        2 * GWEI,
        5 * GWEI,
        20,
    )


def test_an_enormous_headroom_is_not_counted_in_blocks() -> None:
    ok = one(pending(tx(max_fee_per_gas=10**60), state(next_base=1)), "EVM_FEE_OK")
    assert ok.evidence["headroom_blocks"] > 1000 and ok.message.endswith(
        "base fee of 0.000000001 gwei for the next block."
    )


def test_congestion_growth_edges() -> None:
    assert gas_congestion(history((0, 10 * GWEI), (0.55,))) == (
        "normal",
        0.55,
        1.0,
    )  # no first base fee: no growth
    assert gas_congestion(history((1, 3), (0.55,))) == ("congested", 0.55, 3.0)
    steady_low = next(iter(congestion_findings(history((1000, 995), (0.4,)), None)))
    steady_high = next(iter(congestion_findings(history((1000, 1005), (0.4,)), None)))
    assert steady_low.message.endswith("held steady.") and steady_high.message.endswith("held steady.")


def test_partial_data_lists_five_errors_at_most() -> None:
    errors = tuple(f"e{i}" for i in range(7))
    c = ctx(tx(), SenderState(A, 5, 5, 10**21), errors=errors)
    f = one(c, "EVM_DATA_UNAVAILABLE")
    assert f.message.endswith("skipped: e0; e1; e2; e3; e4") and f.evidence["errors"] == list(errors)


def test_revert_words_need_their_detail() -> None:
    assert revert_words(RevertInfo("panic", None)) == "" and revert_words(RevertInfo("custom")) == ""
    assert revert_words(RevertInfo("error", None)) == ""


def test_a_failed_activity_lookup_on_a_wrong_chain_and_down_endpoint() -> None:
    wrong = ProviderFailure("http://a", "wrong_chain", "reports chain id 56, expected 1")
    down = ProviderFailure("http://b", "unavailable", "timed out")
    assert [f.code for f in activity_lookup_failed(ETH, [wrong, down])] == [
        "EVM_CHAIN_ID_MISMATCH",
        "NET_LOOKUP_FAILED",
    ]


RAW = EvmRawTx(H, 2, 1, 3, B, 10**18, 21000, None, 30 * GWEI, 2 * GWEI)


def test_a_decoded_raw_transaction_says_what_it_was_signed_for() -> None:
    f = decoded_finding(RAW)
    assert f.message == f"Decoded a signed transaction: hash {H}, nonce 3, signed for chain id 1 (eth)."
    assert (f.evidence["max_fee_per_gas_gwei"], f.evidence["gas_price_gwei"]) == (30.0, None)
    legacy = EvmRawTx(H, 0, None, 3, None, 0, 21000, 10 * GWEI)
    g = decoded_finding(legacy)
    assert g.message.endswith("nonce 3, signed without a chain id (valid on any chain).")
    assert (g.evidence["gas_price_gwei"], g.evidence["signed_for"]) == (10.0, None)
    odd = decoded_finding(EvmRawTx(H, 2, 777, 3, B, 0, 21000))
    assert odd.message.endswith("signed for chain id 777.")


def test_a_raw_transaction_on_the_wrong_chain_or_nowhere() -> None:
    from txdoctor.core.chains import CHAINS

    f = wrong_chain(RAW, CHAINS["bsc"])
    assert (
        f.message == "This transaction is signed for chain id 1 (eth), not BNB Smart Chain: "
        "it can never be mined there."
    )
    assert f.advice.startswith("Check it on the chain it was signed for: --chain eth. To pay")
    odd = wrong_chain(EvmRawTx(H, 2, 777, 3, B, 0, 21000), CHAINS["bsc"])
    assert odd.message.startswith("This transaction is signed for chain id 777, not BNB")
    assert odd.advice.startswith("Check it on the chain it was signed for. To pay")
    assert "explorer's 'broadcast transaction' page for eth." in not_broadcast(RAW).advice
    assert (
        "page for the chain it was signed for." in not_broadcast(EvmRawTx(H, 2, 777, 3, B, 0, 21000)).advice
    )
