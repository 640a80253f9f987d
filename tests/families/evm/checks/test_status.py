"""Status and not-found checks at their boundaries, with the exact findings."""

from __future__ import annotations

import pytest

from tests.families.evm.checks.builders import ETH, A, H, codes, ctx, mined, one, pending, state, tx
from txdoctor.core.abi import RevertInfo
from txdoctor.core.chains import CHAINS
from txdoctor.families.evm.checks.context import EvmTxContext
from txdoctor.families.evm.facts import EvmReceipt, EvmTxLookup, SeenPending, SenderState
from txdoctor.families.evm.units import GWEI
from txdoctor.model import Severity, Verdict

NOW = 1_700_000_000.0


def receipt(status: int | None, gas_used: int = 21000, block: int = 100) -> EvmReceipt:
    return EvmReceipt(H, block, H, gas_used, status, GWEI)


@pytest.mark.parametrize(
    ("safe", "final", "chain", "words"),
    [
        (88, 100, "eth", " The block is finalized: it cannot be reversed."),
        (100, 99, "eth", " The block is 'safe' (very unlikely to be reversed) but not finalized yet."),
        (99, 99, "eth", " The block is not finalized yet (that takes about 13 minutes on Ethereum)."),
        (99, 99, "base", " The block is not finalized yet."),
        (None, None, "eth", ""),
    ],
)
def test_success_says_how_final_it_is(safe: int | None, final: int | None, chain: str, words: str) -> None:
    c = ctx(mined(), receipt=receipt(1), st=state(safe=safe, final=final))
    c = EvmTxContext(CHAINS[chain], c.lookup, c.state, asked=CHAINS[chain], checked=(chain,))
    assert codes(c) == ["EVM_TX_SUCCESS"]
    f = one(c, "EVM_TX_SUCCESS")
    assert f.message == f"Succeeded in block 100, 21 confirmations.{words}"
    assert (f.evidence["safe"], f.evidence["finalized"]) == (
        None if safe is None else safe >= 100,
        None if final is None else final >= 100,
    )


def test_one_confirmation_is_singular_and_no_state_leaves_it_out() -> None:
    c = ctx(mined(), receipt=receipt(1, block=120))
    assert one(c, "EVM_TX_SUCCESS").message.startswith("Succeeded in block 120, 1 confirmation.")
    bare = EvmTxContext(ETH, c.lookup, None, asked=ETH)
    assert one(bare, "EVM_TX_SUCCESS").message == "Succeeded in block 120."


def test_all_gas_used_is_out_of_gas_one_less_is_a_revert() -> None:
    out = ctx(mined(gas_limit=50000), receipt=receipt(0, gas_used=50000))
    assert codes(out) == ["EVM_TX_OUT_OF_GAS"]
    f = one(out, "EVM_TX_OUT_OF_GAS")
    assert (f.verdict, f.severity) == (Verdict.FAILED, Severity.ERROR)
    assert f.message == (
        "Failed in block 100, 21 confirmations: it ran out of gas (it used all 50,000 gas it was allowed). "
        "Nothing was transferred; its effects were undone. The fee of 0.00005 ETH was still paid."
    )
    rv = ctx(mined(gas_limit=50000), receipt=receipt(0, gas_used=49999))
    assert codes(rv) == ["EVM_TX_REVERTED"]


@pytest.mark.parametrize(
    ("revert", "words"),
    [
        (RevertInfo("error", "no funds"), " with the reason 'no funds'"),
        (
            RevertInfo("panic", "Panic 0x11: arithmetic overflow or underflow"),
            " with a Panic 0x11: arithmetic",
        ),
        (RevertInfo("custom", selector="deadbeef"), " with the custom error 0xdeadbeef (look it up"),
        (RevertInfo("empty"), " without giving a reason"),
        (RevertInfo("not_reproduced"), " (replaying it before its block succeeded"),
        (RevertInfo("unavailable"), " (the reason could not be read: the node cannot replay old blocks)"),
        (RevertInfo("out_of_gas"), ""),
        (None, ""),
    ],
)
def test_revert_reasons_are_named(revert: RevertInfo | None, words: str) -> None:
    c = ctx(mined(gas_limit=50000), receipt=receipt(0, gas_used=30000), revert=revert)
    f = one(c, "EVM_TX_REVERTED")
    assert f.message.startswith(
        f"Failed in block 100, 21 confirmations: the contract refused it (reverted){words}"
    )
    assert f.evidence["revert_kind"] == (revert.kind if revert else None)


def test_no_status_likely_failed_only_when_all_gas_was_used() -> None:
    full = one(ctx(mined(gas_limit=21000), receipt=receipt(None)), "EVM_TX_NO_STATUS")
    assert full.evidence["likely_failed"] is True and full.message.endswith("usually meant it failed.")
    part = one(ctx(mined(gas_limit=21001), receipt=receipt(None)), "EVM_TX_NO_STATUS")
    assert part.evidence["likely_failed"] is False and part.message.endswith("read from the receipt.")
    assert (part.verdict, part.severity) == (Verdict.CONFIRMED, Severity.WARNING)


def test_pending_exact_words_and_replaced_when_the_nonce_passed() -> None:
    assert one(pending(), "EVM_TX_PENDING").message == (
        "Not mined yet: the transaction is waiting in the Ethereum mempool (nonce 5)."
    )
    gone = pending(mined_nonce=6, pending_nonce=6)
    assert codes(gone) == ["EVM_TX_REPLACED"]
    assert one(gone, "EVM_TX_REPLACED").evidence["evidence_source"] == "still known to the node"
    assert codes(pending(mined_nonce=5, pending_nonce=5)) != ["EVM_TX_REPLACED"]


def seen_ctx(
    mined_nonce: int, seen_nonce: int = 5, ago: float = 600.0, same: bool | None = True
) -> EvmTxContext:
    seen = SeenPending("eth", H, A, seen_nonce, int(NOW - ago), 100, "0x" + "00" * 32, still_same_chain=same)
    lookup = EvmTxLookup("eth", H, "", sender=SenderState(A, mined_nonce), seen=seen)
    return EvmTxContext(ETH, lookup, state(), asked=ETH, checked=("eth",), now=NOW)


def test_seen_pending_earlier_then_replaced_or_dropped() -> None:
    assert codes(seen_ctx(6)) == ["EVM_TX_REPLACED"]
    assert (
        one(seen_ctx(6), "EVM_TX_REPLACED").evidence["evidence_source"] == "seen pending by txdoctor earlier"
    )
    assert codes(seen_ctx(5)) == ["EVM_TX_DROPPED"]
    dropped = one(seen_ctx(5), "EVM_TX_DROPPED")
    assert dropped.evidence == {"nonce": 5, "mined_nonce": 5, "sender": A, "seen_at": int(NOW - 600)}
    assert codes(seen_ctx(6, same=False)) == ["EVM_TX_NOT_FOUND"]  # a reset chain: the memory does not count


@pytest.mark.parametrize(
    ("minutes", "ago"), [(0, "0 min"), (89, "89 min"), (90, "2 h"), (47 * 60, "47 h"), (48 * 60, "2.0 days")]
)
def test_dropped_says_when_it_was_seen(minutes: int, ago: str) -> None:
    assert f"(seen {ago} ago)" in one(seen_ctx(5, ago=minutes * 60.0), "EVM_TX_DROPPED").message


def test_on_another_chain_names_it_and_the_command() -> None:
    lookup = EvmTxLookup("eth", H, "p")
    c = EvmTxContext(ETH, lookup, None, asked=ETH, checked=("eth", "bsc"), found_on=("bsc",))
    assert codes(c) == ["EVM_TX_ON_OTHER_CHAIN"]
    f = one(c, "EVM_TX_ON_OTHER_CHAIN")
    assert f.message == "This transfer is on BNB Smart Chain, not Ethereum."
    assert f.advice == (
        "The funds moved on BNB Smart Chain: the recipient must look for them there (same address, other "
        "network; their wallet or exchange must support BNB Smart Chain). Check it: txdoctor check "
        f"{H} --chain bsc"
    )
    btc = EvmTxContext(None, None, None, asked=CHAINS["btc"], found_on=("eth", "base"), tx_hash=H)
    f = one(btc, "EVM_TX_ON_OTHER_CHAIN")
    assert f.message == "This transfer is on Ethereum, Base, not Bitcoin mainnet."
    assert "same address" not in f.advice and f.advice.endswith(f"txdoctor check {H} --chain eth")


def test_not_found_names_where_it_looked_and_could_not() -> None:
    c = EvmTxContext(None, None, None, checked=("eth", "base"), unchecked=("bsc",), not_found_by=("p1",))
    assert codes(c) == ["EVM_TX_NOT_FOUND"]
    f = one(c, "EVM_TX_NOT_FOUND")
    assert (
        f.message
        == "No transaction with this hash is known on Ethereum, Base. Could not check: BNB Smart Chain."
    )
    assert f.evidence == {"checked": ["eth", "base"], "unchecked": ["bsc"], "not_found_by": ["p1"]}
    nowhere = one(EvmTxContext(None, None, None), "EVM_TX_NOT_FOUND")
    assert nowhere.message == "No transaction with this hash is known on no chain."


def test_chain_detected_only_without_chain_asked() -> None:
    c = ctx(
        tx(),
        SenderState(A, 5, 5, 10**21),
        asked=None,
        detected=True,
        checked=("eth", "bsc"),
        also_on=("base",),
    )
    assert codes(c)[:2] == ["EVM_TX_PENDING", "EVM_TX_CHAIN_DETECTED"]
    assert one(c, "EVM_TX_CHAIN_DETECTED").message == (
        "Found on Ethereum (looked on: Ethereum, BNB Smart Chain). It also exists on Base."
    )
    assert "EVM_TX_CHAIN_DETECTED" not in codes(pending())


def test_no_receipt_for_a_mined_transaction() -> None:
    assert codes(ctx(mined())) == ["EVM_TX_NO_RECEIPT"]
