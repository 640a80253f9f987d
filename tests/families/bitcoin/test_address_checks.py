"""A Bitcoin or Litecoin address's activity checks (ADDR_ACTIVITY, ADDR_NO_ACTIVITY,
ADDR_PENDING_TX) from hand-built facts, and what the core's address diagnosis makes of them
(the neutral ``AddressLookup``): no HTTP."""

from __future__ import annotations

from txdoctor.addresses import parse_address
from txdoctor.core.checks.address import AddressContext, AddressLookup, address_checks, address_facts
from txdoctor.core.classify import classify
from txdoctor.core.diagnosis import address_diagnosis
from txdoctor.core.session import Options, Session
from txdoctor.families.bitcoin.address_checks import BtcAddressContext, address_lookup, btc_address_checks
from txdoctor.families.bitcoin.facts import (
    BtcAddressActivity,
    BtcInput,
    BtcNetworkState,
    BtcOutput,
    BtcTx,
    FeeLevels,
    ProjectedBlock,
)
from txdoctor.model import Finding, Severity, Verdict

FEES = FeeLevels(fastest=20, half_hour=12, hour=8, economy=4, minimum=2)
# Seven projected blocks: the 7th (index 6) is the first that is not "soon".
BLOCKS = tuple(ProjectedBlock(1e6, 3000, 10.0 - i, (10.0 - i, 11.0)) for i in range(7))
STATE = BtcNetworkState(tip_height=900_000, fees=FEES, projected_blocks=BLOCKS)
NO_STATE = BtcNetworkState(tip_height=None, fees=None)
EATER = "1BitcoinEaterAddressDontSendf59kuE"


def pending(fee: int, vsize: int = 100, txid: str = "aa" * 32) -> BtcTx:
    inputs = (BtcInput("bb" * 32, 0, 0xFFFFFFFD),)
    return BtcTx(txid, vsize, vsize * 4, fee, inputs, (BtcOutput(1, None, None),), confirmed=False)


def act(
    chain: str = "btc", confirmed: int = 3, unconfirmed: int = 0, delta: int = 0, txs: tuple[BtcTx, ...] = ()
) -> BtcAddressActivity:
    return BtcAddressActivity(EATER, chain, confirmed, unconfirmed, 100_000, delta, txs, "test")


def run(*activity: tuple[BtcAddressActivity, BtcNetworkState]) -> list[Finding]:
    return btc_address_checks.run(BtcAddressContext(tuple(activity)))


def test_activity_with_nothing_pending() -> None:
    (f,) = run((act(), NO_STATE))
    assert f.code == "ADDR_ACTIVITY" and f.severity is Severity.INFO and f.verdict is None
    assert f.evidence == {
        "chain": "btc",
        "confirmed_tx_count": 3,
        "unconfirmed_tx_count": 0,
        "confirmed_balance": 100_000,
        "unconfirmed_delta": 0,
        "provider": "test",
    }
    assert f.message == (
        "On Bitcoin mainnet: 3 confirmed and 0 unconfirmed transactions; balance 0.00100000 BTC confirmed."
    )


def test_activity_with_an_amount_pending_on_litecoin() -> None:
    (f,) = run((act("ltc", confirmed=0, unconfirmed=1, delta=-2500), NO_STATE))
    assert f.code == "ADDR_ACTIVITY"
    assert f.message.endswith("balance 0.00100000 LTC confirmed, -0.00002500 LTC pending.")


def test_no_transactions_at_all() -> None:
    (f,) = run((act(confirmed=0), NO_STATE))
    assert (f.code, f.evidence["confirmed_tx_count"], f.evidence["chain"]) == ("ADDR_NO_ACTIVITY", 0, "btc")
    assert f.message == "No transactions on Bitcoin mainnet yet."


def test_pending_tx_in_the_sixth_block_is_soon() -> None:
    # 5.0 sat/vB: the minimum of block index 5, the last "soon" one
    codes = run((act(unconfirmed=1, txs=(pending(500),)), STATE))
    assert [f.code for f in codes] == ["ADDR_ACTIVITY", "ADDR_PENDING_TX"]
    tx = codes[1]
    assert tx.severity is Severity.INFO
    assert tx.evidence == {"txid": "aa" * 32, "fee_rate": 5.0, "projected_block": 5, "eta_minutes": 60}
    assert tx.message == f"Unconfirmed transaction {'aa' * 32} pays 5.00 sat/vB: expected in ~60 min."
    assert tx.advice == ""


def test_pending_tx_in_the_seventh_block_is_not_soon() -> None:
    (_, tx) = run((act(unconfirmed=1, txs=(pending(400),)), STATE))  # 4.0: block index 6
    assert tx.severity is Severity.WARNING
    assert (tx.evidence["projected_block"], tx.evidence["eta_minutes"]) == (6, None)
    assert tx.message.endswith("pays 4.00 sat/vB: not likely to confirm soon.")
    assert tx.advice == f"Diagnose it: txdoctor check {'aa' * 32} --chain btc"


def test_pending_tx_below_the_mempool_minimum_is_not_soon_even_in_a_block() -> None:
    blocks = (ProjectedBlock(1e6, 3000, 1.5, (1.0, 2.0)),)
    state = BtcNetworkState(tip_height=1, fees=FEES, projected_blocks=blocks)
    (_, below) = run((act(txs=(pending(199, 100),)), state))  # 1.99 < 2 (the minimum)
    assert (below.severity, below.evidence["projected_block"]) == (Severity.WARNING, 0)
    (_, at) = run((act(txs=(pending(200, 100),)), state))  # exactly the minimum: soon
    assert (at.severity, at.evidence["eta_minutes"]) == (Severity.INFO, 10)


def test_pending_tx_without_fee_levels_or_fee() -> None:
    (_, tx) = run((act(txs=(pending(691, 652),)), NO_STATE))
    assert tx.severity is Severity.WARNING
    assert tx.evidence["fee_rate"] == 1.06 and "pays 1.06 sat/vB" in tx.message
    assert (tx.evidence["projected_block"], tx.evidence["eta_minutes"]) == (None, None)
    no_fee = BtcTx("cc" * 32, 100, 400, None, (), (), confirmed=False)
    assert [f.code for f in run((act(txs=(no_fee,)), STATE))] == ["ADDR_ACTIVITY"]


def test_lookup_names_the_only_active_network_and_carries_the_facts() -> None:
    lk = address_lookup([(act("btc-testnet"), NO_STATE), (act("btc-signet", confirmed=0), NO_STATE)])
    assert [f.code for f in lk.findings] == ["ADDR_ACTIVITY", "ADDR_NO_ACTIVITY"]
    assert lk.active_on == ("btc-testnet",)
    assert dict(lk.facts) == {
        "activity": {
            "btc-testnet": {
                "confirmed_tx_count": 3,
                "unconfirmed_tx_count": 0,
                "confirmed_balance": 100_000,
                "unconfirmed_delta": 0,
            },
            "btc-signet": {
                "confirmed_tx_count": 0,
                "unconfirmed_tx_count": 0,
                "confirmed_balance": 100_000,
                "unconfirmed_delta": 0,
            },
        }
    }
    assert address_lookup([]) == AddressLookup((), {}, ())


def _diagnose(text: str, lookup: AddressLookup, chain: str | None = None) -> tuple[str | None, list[str]]:
    session = Session(Options(offline=True, chain=chain))
    c = classify(text)
    ctx = AddressContext(parse_address(text), session.asked_chain, lookup)
    d = address_diagnosis(session, c, ctx)
    assert d.verdict is (Verdict.INVALID if text == EATER else Verdict.VALID)
    assert address_facts(ctx).keys() >= dict(lookup.facts).keys()
    return d.chain, [f.code for f in d.findings]


def test_the_core_places_the_lookup_before_the_burn_check_and_infers_the_chain() -> None:
    lk = address_lookup([(act(unconfirmed=1, txs=(pending(500),)), STATE)])
    chain, codes = _diagnose(EATER, lk)
    assert codes == ["ADDR_VALID", "ADDR_ACTIVITY", "ADDR_PENDING_TX", "ADDR_BURN"]
    assert chain == "btc"
    testnet = "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx"
    one = AddressLookup((), {}, ("btc-signet",))
    assert _diagnose(testnet, one)[0] == "btc-signet"  # the only network with transactions
    two = AddressLookup((), {}, ("btc-signet", "btc-testnet4"))
    assert _diagnose(testnet, two)[0] is None
    assert _diagnose(testnet, one, chain="btc-testnet")[0] == "btc-testnet"  # --chain wins
    assert address_checks.run(AddressContext(parse_address(testnet), None)) == _only_valid(testnet)


def _only_valid(text: str) -> list[Finding]:
    """Without a lookup, the shared checks say what the format says, nothing more."""
    found = address_checks.run(AddressContext(parse_address(text), None, AddressLookup()))
    assert [f.code for f in found] == ["ADDR_VALID"]
    return found
