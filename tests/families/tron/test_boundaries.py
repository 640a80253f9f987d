"""The TRON checks at their thresholds, from hand-built facts, asserting the exact list of codes."""

from __future__ import annotations

from dataclasses import replace

from tests.families.tron.test_checks import TRON, TXID, A, B, info, usdt_tx
from txdoctor.families.tron.checks import (
    TronAddressContext,
    TronTxContext,
    tron_address_checks,
    tron_tx_checks,
)
from txdoctor.families.tron.facts import (
    TronAccount,
    TronExtra,
    TronReceipt,
    TronTip,
    TronTx,
    TronTxInfo,
    TronTxLookup,
)
from txdoctor.families.tron.resources import (
    NEW_SLOT_BASE_ENERGY,
    TRX_TRANSFER_BANDWIDTH,
    TronChainParams,
    TronResources,
)

TIP = TronTip(1010, 1, 1000)


def codes_of(tx: TronTx | None, inf: TronTxInfo | None, extra: TronExtra | None = None) -> list[str]:
    ctx = TronTxContext(TRON, TXID, TronTxLookup(TXID, "p", tx, inf), TIP, extra or TronExtra())
    return [f.code for f in tron_tx_checks.run(ctx)]


def trx_transfer(fee: int, net_fee: int = 100_000) -> list[str]:
    tx = TronTx(TXID, "TransferContract", A, B, 5_000_000, None, None, None, None, "SUCCESS", None, 1)
    return codes_of(tx, replace(info(None, fee=fee), receipt=TronReceipt(None, net_fee=net_fee)))


def test_the_account_creation_fee_starts_at_one_trx_above_the_bandwidth_fee() -> None:
    paid = ["TRON_TX_SUCCESS", "TRON_TRX_TRANSFER", "TRON_FEE_BURNED"]
    assert trx_transfer(1_100_000) == [*paid, "TRON_ACCOUNT_ACTIVATED"]
    assert trx_transfer(1_099_999) == paid
    assert trx_transfer(0, net_fee=0) == ["TRON_TX_SUCCESS", "TRON_TRX_TRANSFER"]  # nothing burned


def usdt_confirmed(total: int, penalty: int) -> list[str]:
    receipt = TronReceipt("SUCCESS", energy_usage_total=total, energy_fee=1, energy_penalty_total=penalty)
    return codes_of(usdt_tx(), replace(info(fee=1), receipt=receipt))


def test_a_new_holder_from_the_base_energy_of_a_confirmed_usdt_transfer() -> None:
    base = ["TRON_TX_SUCCESS", "TRON_TOKEN_TRANSFER", "TRON_FEE_BURNED"]
    assert usdt_confirmed(NEW_SLOT_BASE_ENERGY + 1_000, 1_000) == [
        *base,
        "TRON_RECIPIENT_NEW_HOLDER",
        "TRON_ENERGY_PENALTY",
    ]
    assert usdt_confirmed(NEW_SLOT_BASE_ENERGY - 1 + 1_000, 1_000) == [*base, "TRON_ENERGY_PENALTY"]
    assert usdt_confirmed(NEW_SLOT_BASE_ENERGY, 0) == [*base, "TRON_RECIPIENT_NEW_HOLDER"]
    assert usdt_confirmed(NEW_SLOT_BASE_ENERGY - 1, 0) == base


def out_of_energy(energy_fee: int, fee_limit: int, energy_usage: int = 0) -> dict[str, object]:
    tx = replace(usdt_tx(ret="OUT_OF_ENERGY"), fee_limit=fee_limit)
    receipt = TronReceipt(
        "OUT_OF_ENERGY", energy_usage_total=78_572, energy_fee=energy_fee, energy_usage=energy_usage
    )
    inf = replace(info("OUT_OF_ENERGY", fee=energy_fee), receipt=receipt)
    extra = TronExtra(params=TronChainParams(210, 1000))
    ctx = TronTxContext(TRON, TXID, TronTxLookup(TXID, "p", tx, inf), TIP, extra)
    findings = tron_tx_checks.run(ctx)
    assert [f.code for f in findings] == ["TRON_TX_FAILED", "TRON_TOKEN_TRANSFER", "TRON_OUT_OF_ENERGY"]
    return findings[2].evidence


def test_the_fee_limit_was_hit_when_the_trx_burned_reached_it_within_one_energy() -> None:
    # 78,572 energy burned at 210 sun: 16,500,120 sun
    assert out_of_energy(16_500_120, 16_500_120 + 209)["limited_by"] == "fee_limit"
    assert out_of_energy(16_500_120, 16_500_120 + 210)["limited_by"] == "account"  # no staked energy
    assert out_of_energy(16_500_120, 16_500_120 + 210, energy_usage=1)["limited_by"] == "unknown"
    assert out_of_energy(0, 16_500_120, energy_usage=1)["limited_by"] == "account"  # no TRX burned
    e = out_of_energy(16_500_120, 16_500_120)
    assert (e["energy_price_sun"], e["fee_limit_energy"], e["energy_needed"]) == (210, 78_572, 64_285)


def account_checks(left: int, balance: int) -> list[str]:
    account = TronAccount(A, True, balance, 1, False, "p")
    resources = TronResources(free_net_limit=600, free_net_used=600 - left)
    ctx = TronAddressContext(A, account, TronExtra(sender_resources=resources))
    return [f.code for f in tron_address_checks.run(ctx)]


def test_no_bandwidth_below_one_transfer_and_too_little_trx_to_burn() -> None:
    cost = TRX_TRANSFER_BANDWIDTH * 1000  # sun, at the default 1,000 sun per byte
    assert account_checks(TRX_TRANSFER_BANDWIDTH - 1, cost - 1) == [
        "TRON_ADDRESS_ACTIVITY",
        "TRON_NO_BANDWIDTH",
    ]
    assert account_checks(TRX_TRANSFER_BANDWIDTH, 0) == ["TRON_ADDRESS_ACTIVITY"]
    assert account_checks(TRX_TRANSFER_BANDWIDTH - 1, cost) == ["TRON_ADDRESS_ACTIVITY"]
