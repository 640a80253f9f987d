"""EVM checks and ABI helpers on hand-built facts: no network."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.families.evm.anvil import calldata
from tests.families.evm.checks.builders import A, B, H, ctx, state, tx
from txdoctor.core.abi import decode_revert, decode_symbol
from txdoctor.core.amounts import format_units
from txdoctor.core.chains import CHAINS
from txdoctor.families.evm.checks.address import EvmAddressContext, evm_address_checks
from txdoctor.families.evm.checks.congestion import gas_congestion
from txdoctor.families.evm.checks.replace import bumped, replacement_plan
from txdoctor.families.evm.checks.tx import EvmTxContext, evm_tx_checks, tx_facts
from txdoctor.families.evm.facts import (
    AccountCode,
    BlockHead,
    EvmAddressActivity,
    EvmChainState,
    EvmReceipt,
    FeeHistory,
    SenderState,
    decode_transfer_input,
    next_base_fee,
    parse_code,
    round_up_nice,
)
from txdoctor.families.evm.units import GWEI
from txdoctor.model import Severity, Verdict, decide_verdict


def run(c: EvmTxContext) -> tuple[Verdict, dict[str, object]]:
    findings = evm_tx_checks.run(c)
    return decide_verdict(findings, Verdict.INVALID), {f.code: f for f in findings}


def test_geth_bump_rule() -> None:
    assert bumped(0) == 1
    assert bumped(100) == 110
    assert bumped(7) == 8  # 7.7 rounds up
    assert bumped(2 * GWEI) == 2_200_000_000


def test_replacement_plan_dynamic_and_legacy() -> None:
    plan = replacement_plan(tx(max_fee_per_gas=10 * GWEI, max_priority_fee_per_gas=GWEI), 20 * GWEI, 2 * GWEI)
    assert plan.max_priority_fee_per_gas == 2 * GWEI  # the median tip beats +10 %
    assert plan.max_fee_per_gas == 42 * GWEI  # 2 x 20 + 2
    assert plan.min_max_fee_per_gas == 11 * GWEI
    legacy = replacement_plan(
        tx(type=0, gas_price=10 * GWEI, max_fee_per_gas=None, max_priority_fee_per_gas=None), 20 * GWEI, GWEI
    )
    assert legacy.gas_price == 26 * GWEI  # 20 + 25 % + 1
    assert legacy.min_gas_price == 11 * GWEI
    assert legacy.max_fee_per_gas is None


def test_round_up_nice_never_goes_below() -> None:
    assert round_up_nice(3_300_000_001) == 3_310_000_000
    assert round_up_nice(45_670_000_000) == 45_670_000_000
    assert round_up_nice(1819) == 1820
    assert round_up_nice(0) == 0
    for value in (1, 999, 1_000_001, 123_456_789_012):
        assert round_up_nice(value) >= value


def test_replaced_while_the_node_still_has_it() -> None:
    c = ctx(tx(), SenderState(A, mined_nonce=6))
    verdict, found = run(c)
    assert verdict is Verdict.REPLACED
    assert found["EVM_TX_REPLACED"].evidence == {  # type: ignore[attr-defined]
        "nonce": 5, "mined_nonce": 6, "sender": A, "evidence_source": "still known to the node",
    }  # fmt: skip
    assert "EVM_FEE_OK" not in found  # no fee advice for a transaction that cannot be mined
    assert tx_facts(c)["replaced"] is True


def test_low_priority_fee_is_a_warning_with_a_replacement() -> None:
    c = ctx(tx(max_priority_fee_per_gas=GWEI // 10), SenderState(A, 5, 5, 10**19), state(p10=GWEI))
    verdict, found = run(c)
    assert verdict is Verdict.PENDING
    assert found["EVM_FEE_LOW_PRIORITY"].severity is Severity.WARNING  # type: ignore[attr-defined]
    plan = found["EVM_ACTION_REPLACE"].evidence  # type: ignore[attr-defined]
    assert plan["reason"] == "low_priority"
    assert plan["new_max_priority_fee_per_gas"] == 2 * GWEI  # the median recent tip


def test_fee_levels_unavailable_is_said() -> None:
    st = EvmChainState("eth", 1, BlockHead(120, None, None, None), errors=("fee history: not supported",))
    verdict, found = run(ctx(tx(), SenderState(A, 5, 5, 10**19), st))
    assert verdict is Verdict.PENDING
    assert found["EVM_FEE_LEVELS_UNAVAILABLE"].evidence == {"errors": ["fee history: not supported"]}  # type: ignore[attr-defined]


def test_nonce_behind_without_pending_count_is_not_called_a_gap() -> None:
    verdict, found = run(ctx(tx(nonce=7), SenderState(A, 5, None, 10**19)))
    assert verdict is Verdict.PENDING
    assert found["EVM_NONCE_BLOCKED"].evidence["waiting_for"] == [5, 6]  # type: ignore[attr-defined]
    assert "EVM_NONCE_GAP" not in found


def test_mined_without_receipt() -> None:
    verdict, found = run(ctx(tx(block_number=100, block_hash=H)))
    assert verdict is Verdict.CONFIRMED
    assert found["EVM_TX_NO_RECEIPT"].severity is Severity.WARNING  # type: ignore[attr-defined]


def test_failed_tx_with_token_input_says_nothing_moved() -> None:
    data = calldata("transfer(address,uint256)", B, 7)
    t = tx(to="0x" + "cc" * 20, value=0, input=data, block_number=100, block_hash=H, gas_limit=60000)
    rc = EvmReceipt(H, 100, H, 30000, 0, GWEI)
    verdict, found = run(ctx(t, receipt=rc))
    assert verdict is Verdict.FAILED
    ev = found["EVM_TOKEN_TRANSFER"].evidence  # type: ignore[attr-defined]
    assert ev["source"] == "input" and ev["amount"] == "7" and ev["to"] == B
    assert "nothing moved" in found["EVM_TOKEN_TRANSFER"].message  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("ratios", "growth", "level"),
    [
        ((0.1,) * 20, 1.0, "quiet"),
        ((0.45,) * 20, 1.0, "normal"),
        ((0.55,) * 20, 1.3, "busy"),
        ((0.7,) * 20, 1.0, "busy"),
        ((0.55,) * 20, 2.5, "congested"),
        ((0.95,) * 20, 1.0, "congested"),
        ((0.1,) * 20, 3.0, "quiet"),  # a base fee set by hand on empty blocks is not congestion
    ],
)
def test_congestion_levels(ratios: tuple[float, ...], growth: float, level: str) -> None:
    base = 10 * GWEI
    h = FeeHistory(1, (base,) * len(ratios) + (int(base * growth),), ratios)
    result = gas_congestion(h)
    assert result is not None and result[0] == level


def test_next_base_fee_formula() -> None:
    assert next_base_fee(BlockHead(1, None, None, 1000, gas_used=30_000_000, gas_limit=30_000_000)) == 1125
    assert next_base_fee(BlockHead(1, None, None, 1000, gas_used=0, gas_limit=30_000_000)) == 875
    assert next_base_fee(BlockHead(1, None, None, 1000, gas_used=15_000_000, gas_limit=30_000_000)) == 1000


def test_abi_helpers() -> None:
    assert decode_revert("0x").kind == "empty"
    assert decode_revert("0xdeadbeef").selector == "deadbeef"
    assert decode_revert("0x4e487b71" + "32".rjust(64, "0")).reason == "Panic 0x32: array index out of bounds"
    assert (
        decode_revert("0x4e487b71" + "11".rjust(64, "0")).reason
        == "Panic 0x11: arithmetic overflow or underflow"
    )
    assert decode_revert("0x08c379a0" + "00" * 10).kind == "custom"  # malformed Error(string)
    mkr = "0x" + b"MKR".hex().ljust(64, "0")  # bytes32 symbol
    assert decode_symbol(mkr) == "MKR"
    assert decode_symbol("0x") is None
    assert format_units(1_500_000, 6) == "1.5"
    assert format_units(10**24, 18) == "1000000"
    assert format_units(0, 18) == "0"
    delegated = parse_code(A, "0xef0100" + "cc" * 20)
    assert delegated.delegate == "0x" + "cc" * 20 and not delegated.is_contract
    assert parse_code(A, "0x6080").is_contract
    t = tx(input=calldata("transferFrom(address,address,uint256)", A, B, 9))
    moved = decode_transfer_input(t)
    assert moved is not None and (moved.sender, moved.recipient, moved.amount) == (A, B, 9)
    assert decode_transfer_input(tx(input="0xa9059cbb" + "00" * 10)) is None


def test_address_summary_when_nothing_anywhere() -> None:
    acts = tuple(EvmAddressActivity(c, A, 0, 0, AccountCode(A, 0), "p") for c in ("eth", "bsc"))
    findings = evm_address_checks.run(EvmAddressContext(A, acts, ("polygon",)))
    (summary,) = findings
    assert summary.code == "EVM_ADDRESS_SUMMARY"
    assert summary.evidence == {"active_on": [], "inactive_on": ["eth", "bsc"], "unchecked": ["polygon"]}
    assert "Could not check: Polygon PoS" in summary.message


def test_token_that_does_not_answer_decimals_is_tolerated() -> None:
    token = "0x" + "cc" * 20
    t = tx(
        to=token,
        value=0,
        input=calldata("transfer(address,uint256)", B, 1234),
        block_number=100,
        block_hash=H,
    )
    rc = EvmReceipt(H, 100, H, 30000, 1, GWEI)  # mined, but the token logged no Transfer event
    verdict, found = run(ctx(t, receipt=rc))
    assert verdict is Verdict.CONFIRMED
    mined = found["EVM_TOKEN_TRANSFER"]
    assert mined.evidence["source"] == "input"  # type: ignore[attr-defined]
    assert "logged no Transfer event" in mined.message  # type: ignore[attr-defined]
    pending = tx(to=token, value=0, input=calldata("transfer(address,uint256)", B, 1234))
    verdict, found = run(ctx(pending, SenderState(A, 5, 5, 10**19)))
    ev = found["EVM_TOKEN_TRANSFER"].evidence  # type: ignore[attr-defined]
    assert ev["decimals"] is None and ev["symbol"] is None and ev["amount"] == "1234"
    assert "1234 base units of the token (its decimals are unknown)" in found["EVM_TOKEN_TRANSFER"].message  # type: ignore[attr-defined]


def test_candidate_chains_public_defaults_or_only_custom_ones() -> None:
    from txdoctor.core.session import Options, Session
    from txdoctor.families.evm.probe import candidate_chains

    public = Session(Options(environ={}))
    assert [c.name for c in candidate_chains(public)] == [
        "eth",
        "bsc",
        "polygon",
        "arbitrum",
        "optimism",
        "base",
    ]
    assert "eth" not in [c.name for c in candidate_chains(public, exclude=CHAINS["eth"])]
    own = Session(
        Options(environ={"TXDOCTOR_URL_BSC": "http://127.0.0.1:1"}, urls={"eth-sepolia": ["http://x:1"]})
    )
    assert [c.name for c in candidate_chains(own)] == ["bsc", "eth-sepolia"]


@given(st.integers(min_value=-(10**30), max_value=10**30), st.integers(min_value=0, max_value=30))
@settings(max_examples=200)
def test_format_units_is_exact(amount: int, decimals: int) -> None:
    """The shared formatter equals the exact decimal value, without trailing zeros."""
    from decimal import Decimal, localcontext

    with localcontext() as exact:
        exact.prec = 100
        expected = format(Decimal(amount).scaleb(-decimals).normalize(), "f") if amount else "0"
    assert format_units(amount, decimals) == expected


def test_format_units_keeps_every_digit_of_a_large_token_amount() -> None:
    """The EVM formatter used Decimal's default 28 digits: a balance of a 10**15-supply token in
    base units lost its last digits (1e33 + 1 showed as 1000000000000000)."""
    assert format_units(10**33 + 1, 18) == "1000000000000000.000000000000000001"
