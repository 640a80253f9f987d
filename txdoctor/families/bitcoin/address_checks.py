"""Checks for a Bitcoin or Litecoin address online: its activity on each network asked
(ADDR_ACTIVITY, ADDR_NO_ACTIVITY) and its unconfirmed transactions (ADDR_PENDING_TX).

Pure: the family's ``diagnose_address`` looks the activity up and hands the core an
:class:`~txdoctor.core.checks.address.AddressLookup` built here (:func:`address_lookup`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from txdoctor.core.chains import CHAINS
from txdoctor.core.checks import Registry
from txdoctor.core.checks.address import AddressLookup
from txdoctor.core.findings import Term, finding
from txdoctor.model import Category, Finding, Severity

if TYPE_CHECKING:
    from txdoctor.families.bitcoin.facts import BtcAddressActivity, BtcNetworkState

_ADDR = "finding.ADDR_"


@dataclass(frozen=True)
class BtcAddressContext:
    """The address's activity on each network that answered, with that network's state."""

    activity: tuple[tuple[BtcAddressActivity, BtcNetworkState], ...]


btc_address_checks: Registry[BtcAddressContext] = Registry()


@btc_address_checks.register
def activity(ctx: BtcAddressContext) -> Iterator[Finding]:
    for act, state in ctx.activity:
        yield _activity(act)
        for tx in act.mempool_txs:
            if tx.fee_rate is not None:
                yield _pending_tx(act.chain, tx.txid, tx.fee_rate, state)


def _activity(act: BtcAddressActivity) -> Finding:
    chain = CHAINS[act.chain]
    total = act.confirmed_tx_count + act.unconfirmed_tx_count
    evidence = {
        "chain": act.chain,
        "confirmed_tx_count": act.confirmed_tx_count,
        "unconfirmed_tx_count": act.unconfirmed_tx_count,
        "confirmed_balance": act.confirmed_balance,
        "unconfirmed_delta": act.unconfirmed_delta,
        "provider": act.provider,
    }
    name = Term(f"chain.{act.chain}")
    if not total:
        return finding("ADDR_NO_ACTIVITY", Category.STATUS, Severity.INFO, evidence, chain_name=name)
    pending = (
        Term(f"{_ADDR}ACTIVITY.pending", delta=f"{act.unconfirmed_delta / 1e8:+.8f}", symbol=chain.symbol)
        if act.unconfirmed_delta
        else Term(f"{_ADDR}ACTIVITY.end")
    )
    return finding(
        "ADDR_ACTIVITY",
        Category.STATUS,
        Severity.INFO,
        evidence,
        chain_name=name,
        balance=f"{act.confirmed_balance / 1e8:.8f}",
        symbol=chain.symbol,
        pending=pending,
    )


def _pending_tx(chain: str, txid: str, rate: float, state: BtcNetworkState) -> Finding:
    """One of the address's unconfirmed transactions, briefly diagnosed."""
    from txdoctor.families.bitcoin.fee_checks import projected_position  # only with a pending tx

    pos = projected_position(rate, state)
    below_min = state.fees is not None and rate < state.fees.minimum
    soon = pos is not None and pos.soon and not below_min
    return finding(
        "ADDR_PENDING_TX",
        Category.FEE,
        Severity.INFO if soon else Severity.WARNING,
        {
            "txid": txid,
            "fee_rate": round(rate, 2),
            "projected_block": pos.block_index if pos else None,
            "eta_minutes": pos.eta_minutes if pos else None,
        },
        rate=f"{rate:.2f}",
        when=Term(f"{_ADDR}PENDING_TX.expected", eta_minutes=pos.eta_minutes)
        if soon and pos
        else Term(f"{_ADDR}PENDING_TX.not_soon"),
        todo="" if soon else Term(f"{_ADDR}PENDING_TX.diagnose", txid=txid, chain=chain),
    )


def activity_facts(ctx: BtcAddressContext) -> dict[str, object]:
    """The address facts' ``activity``: per network, its counts and balance (none when no
    network answered)."""
    if not ctx.activity:
        return {}
    return {
        "activity": {
            a.chain: {
                "confirmed_tx_count": a.confirmed_tx_count,
                "unconfirmed_tx_count": a.unconfirmed_tx_count,
                "confirmed_balance": a.confirmed_balance,
                "unconfirmed_delta": a.unconfirmed_delta,
            }
            for a, _ in ctx.activity
        }
    }


def address_lookup(activity: Sequence[tuple[BtcAddressActivity, BtcNetworkState]]) -> AddressLookup:
    """What the core's address diagnosis gets: the findings above, the facts, and the networks
    with transactions (when only one has any, it is the diagnosis's chain)."""
    ctx = BtcAddressContext(tuple(activity))
    active = tuple(a.chain for a, _ in ctx.activity if a.confirmed_tx_count + a.unconfirmed_tx_count)
    return AddressLookup(tuple(btc_address_checks.run(ctx)), activity_facts(ctx), active)
