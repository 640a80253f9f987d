"""Nonce, token, recipient, congestion, partial-data and address checks at their boundaries."""

from __future__ import annotations

import pytest

from tests.families.evm.anvil import calldata
from tests.families.evm.checks.builders import A, B, H, codes, ctx, history, mined, one, pending, tx
from txdoctor.core.chains import CHAINS
from txdoctor.families.evm.checks.address import EvmAddressContext, evm_address_checks
from txdoctor.families.evm.checks.congestion import congestion_findings, gas_congestion
from txdoctor.families.evm.facts import (
    AccountCode,
    EvmAddressActivity,
    EvmReceipt,
    TokenInfo,
    TokenTransfer,
)
from txdoctor.families.evm.units import GWEI
from txdoctor.model import Severity, Verdict

TOKEN = "0x" + "cc" * 20


def test_one_missing_nonce_is_a_gap() -> None:
    c = pending(tx(nonce=6), mined_nonce=5, pending_nonce=5)
    assert codes(c) == ["EVM_TX_PENDING", "EVM_FEE_OK", "EVM_NONCE_GAP", "EVM_CONGESTION"]
    f = one(c, "EVM_NONCE_GAP")
    assert (f.verdict, f.evidence["missing_nonces"], f.evidence["missing_count"]) == (Verdict.STUCK, [5], 1)
    assert "from this sender with nonce 5 (never sent, or dropped)" in f.message
    assert "using nonce 5." in f.advice


def test_many_missing_nonces_are_listed_up_to_twenty() -> None:
    f = one(pending(tx(nonce=30), mined_nonce=5, pending_nonce=5), "EVM_NONCE_GAP")
    assert f.evidence["missing_nonces"] == list(range(5, 25)) and f.evidence["missing_count"] == 25
    assert "nonces 5, 6, 7" in f.message and "23, 24 and 5 more (never sent" in f.message
    twenty = one(pending(tx(nonce=25), mined_nonce=5, pending_nonce=5), "EVM_NONCE_GAP")
    assert "more" not in twenty.message.split("(never")[0]


def test_earlier_nonces_in_the_pool_block_it() -> None:
    c = pending(tx(nonce=6), mined_nonce=5, pending_nonce=6)
    assert codes(c) == ["EVM_TX_PENDING", "EVM_FEE_OK", "EVM_NONCE_BLOCKED", "EVM_CONGESTION"]
    f = one(c, "EVM_NONCE_BLOCKED")
    assert (f.verdict, f.severity, f.evidence["blocked_by_nonces"]) == (
        Verdict.PENDING,
        Severity.WARNING,
        [5],
    )
    assert (
        "the sender's transaction with nonce 5 must be mined first (they are waiting in the mempool)."
        in f.message
    )
    unsure = one(pending(tx(nonce=7), mined_nonce=5, pending_nonce=None), "EVM_NONCE_BLOCKED")
    assert "transactions with nonces 5, 6 must be mined first (the node did not say" in unsure.message


def test_nonce_at_the_mined_count_is_no_nonce_finding() -> None:
    assert "EVM_NONCE_GAP" not in codes(pending(tx(nonce=5), mined_nonce=5))
    assert "EVM_NONCE_BLOCKED" not in codes(pending(tx(nonce=5), mined_nonce=5))


def token_ctx(to: str, decimals: int | None = 6, symbol: str | None = "USDT", status: int = 1) -> object:
    t = mined(to=TOKEN, value=0, input=calldata("transfer(address,uint256)", to, 1_500_000))
    rc = EvmReceipt(H, 100, H, 40000, status, GWEI)
    transfers = (TokenTransfer(TOKEN, A, to, 1_500_000, "log" if status else "input"),)
    return ctx(t, receipt=rc, transfers=transfers, tokens=(TokenInfo(TOKEN, symbol, decimals),))


def test_a_token_transfer_with_its_amount() -> None:
    c = token_ctx(B)
    assert codes(c) == ["EVM_TX_SUCCESS", "EVM_TOKEN_TRANSFER"]  # type: ignore[arg-type]
    f = one(c, "EVM_TOKEN_TRANSFER")  # type: ignore[arg-type]
    assert f.message == f"Moved 1.5 USDT (token contract {TOKEN}) from {A} to {B}."
    assert f.evidence["amount_display"] == "1.5"
    nameless = one(token_ctx(B, symbol=None), "EVM_TOKEN_TRANSFER")  # type: ignore[arg-type]
    assert nameless.message.startswith("Moved 1.5 tokens (token contract")
    failed = one(token_ctx(B, decimals=None, status=0), "EVM_TOKEN_TRANSFER")  # type: ignore[arg-type]
    assert failed.message.startswith(
        "Tried to move (nothing moved: the transaction failed) 1500000 base units of USDT "
        "(its decimals are unknown)"
    )


def test_tokens_sent_to_the_token_itself() -> None:
    c = token_ctx(TOKEN)
    assert codes(c) == ["EVM_TX_SUCCESS", "EVM_TOKEN_TRANSFER", "EVM_TOKEN_TO_CONTRACT_ITSELF"]  # type: ignore[arg-type]
    f = one(c, "EVM_TOKEN_TO_CONTRACT_ITSELF")  # type: ignore[arg-type]
    assert f.evidence == {"token": TOKEN, "symbol": "USDT", "amount": "1500000", "recipient": TOKEN}
    assert f.severity is Severity.ERROR


def test_at_most_five_token_transfers_are_reported() -> None:
    many = tuple(TokenTransfer(TOKEN, A, "0x" + f"{i:040x}", i, "log") for i in range(1, 8))
    c = ctx(mined(value=0), receipt=EvmReceipt(H, 100, H, 40000, 1, GWEI), transfers=many)
    assert codes(c) == ["EVM_TX_SUCCESS"] + ["EVM_TOKEN_TRANSFER"] * 5


@pytest.mark.parametrize(
    ("code", "token_like", "severity"),
    [(AccountCode(B, 100), True, Severity.WARNING), (AccountCode(B, 100), False, Severity.INFO)],
)
def test_a_contract_recipient(code: AccountCode, token_like: bool, severity: Severity) -> None:
    c = ctx(
        mined(),
        receipt=EvmReceipt(H, 100, H, 21000, 1, GWEI),
        codes=(code,),
        token_like=(B,) if token_like else (),
    )
    assert codes(c) == ["EVM_TX_SUCCESS", "EVM_RECIPIENT_IS_CONTRACT"]
    f = one(c, "EVM_RECIPIENT_IS_CONTRACT")
    assert (
        f.severity is severity
        and f.evidence["token_contract"] is token_like
        and f.evidence["kind"] == "native"
    )
    if token_like:
        assert "is itself a token contract, not a wallet: 1 ETH went to a contract" in f.message


def test_a_delegated_account_or_an_empty_transfer_is_no_contract_recipient() -> None:
    rc = EvmReceipt(H, 100, H, 21000, 1, GWEI)
    delegated = AccountCode(B, 23, "0x" + "dd" * 20)
    assert codes(ctx(mined(), receipt=rc, codes=(delegated,))) == ["EVM_TX_SUCCESS"]
    assert codes(ctx(mined(value=0), receipt=rc, codes=(AccountCode(B, 100),))) == ["EVM_TX_SUCCESS"]


@pytest.mark.parametrize(
    ("ratio", "growth", "level"),
    [
        (0.9, 1.0, "congested"),
        (0.8999, 1.0, "busy"),
        (0.6, 1.0, "busy"),
        (0.5999, 1.0, "normal"),
        (0.3, 1.0, "normal"),
        (0.2999, 1.0, "quiet"),
        (0.51, 2.0, "congested"),
        (0.51, 1.99, "busy"),
        (0.51, 1.25, "busy"),
        (0.51, 1.249, "normal"),
        (0.5, 5.0, "normal"),  # at the target, growth alone is not congestion
    ],
)
def test_congestion_thresholds(ratio: float, growth: float, level: str) -> None:
    h = history((1000 * GWEI, int(1000 * GWEI * growth)), (ratio,))  # one block: no float averaging
    result = gas_congestion(h)
    assert result is not None and result[0] == level


def test_congestion_words_and_severity() -> None:
    busy = history((GWEI, 2 * GWEI), (0.95,))
    (f,) = congestion_findings(busy, CHAINS["eth"])
    assert f.severity is Severity.WARNING
    assert (
        f.message == "Ethereum is congested: the last block was 95 % full (50 % is the target) "
        "and the base fee rose 100 %."
    )
    assert f.advice.startswith("When blocks are full the base fee climbs up to 12.5 % per block")
    calm = history((GWEI, GWEI, GWEI), (0.4, 0.4))
    (g,) = congestion_findings(calm, None)
    assert g.severity is Severity.INFO and g.advice == ""
    assert (
        g.message
        == "The network is normal: the last 2 blocks were 40 % full on average (50 % is the target) "
        "and the base fee held steady."
    )
    falling = history((GWEI, GWEI // 2), (0.1,))
    assert next(iter(congestion_findings(falling, None))).message.endswith("and the base fee fell.")
    assert list(congestion_findings(history((), ()), None)) == []


def test_partial_data_only_when_something_was_found() -> None:
    c = pending()
    with_errors = ctx(c.tx, c.lookup.sender if c.lookup else None, errors=("code: unsupported",))
    assert codes(with_errors)[-1] == "EVM_DATA_UNAVAILABLE"
    assert one(with_errors, "EVM_DATA_UNAVAILABLE").message.endswith("skipped: code: unsupported")
    assert "EVM_DATA_UNAVAILABLE" not in codes(ctx(None, errors=("code: unsupported",)))


def activity(
    chain: str, nonce: int = 0, balance: int = 0, code: AccountCode | None = None
) -> EvmAddressActivity:
    return EvmAddressActivity(chain, A, nonce, balance, code or AccountCode(A, 0), "p")


def test_address_activity_and_summary() -> None:
    acts = (activity("eth", 1, 10**18), activity("bsc"), activity("base", code=AccountCode(A, 2823)))
    found = evm_address_checks.run(EvmAddressContext(A, acts, ("polygon",)))
    assert [f.code for f in found] == ["EVM_ADDRESS_ACTIVITY", "EVM_ADDRESS_ACTIVITY", "EVM_ADDRESS_SUMMARY"]
    assert (
        found[0].message
        == "On Ethereum: an ordinary account (no contract code); it has sent 1 transaction and holds 1 ETH."
    )
    assert found[1].message.startswith(
        "On Base: a smart contract (2,823 bytes of code); it has sent 0 transactions"
    )
    assert found[2].message == (
        "This address has activity on Ethereum, Base. None on BNB Smart Chain. Could not check: Polygon PoS."
    )
    assert found[2].advice.startswith("The same address exists on every EVM chain")
    only = evm_address_checks.run(EvmAddressContext(A, (activity("eth", 2), activity("bsc"))))
    assert only[-1].message == "This address has activity on Ethereum only. None on BNB Smart Chain."
    everywhere = evm_address_checks.run(EvmAddressContext(A, (activity("eth", 2),)))
    assert everywhere[-1].message == "This address has activity on Ethereum." and everywhere[-1].advice == ""
    delegated = activity("eth", 1, 0, AccountCode(A, 23, "0x" + "dd" * 20))
    (d, _) = evm_address_checks.run(EvmAddressContext(A, (delegated,)))
    assert "an account that delegates to the contract 0x" + "dd" * 20 + " (EIP-7702)" in d.message
    assert evm_address_checks.run(EvmAddressContext(A, ())) == []
