"""The lookups behind TRON's root causes, asked together once the transaction or account is known.

What is asked depends on what happened (each costs a TronGrid request; keyless calls are
throttled):

* a token transfer whose token is not in the offline table: ``symbol()``/``decimals()`` (cached);
* a failed or pending token transfer: the recipient's token balance (``balanceOf``);
* a failed or pending transaction: the sender's account (balance, permissions), its energy
  and bandwidth, and the chain parameters (the prices now);
* a failed USDT transfer on mainnet: ``isBlackListed`` for sender and recipient;
* an activated address: its energy/bandwidth, the prices, and (mainnet) ``isBlackListed``.

A lookup no endpoint answers leaves its fact None and is named in one NET_LOOKUP_FAILED.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any

from txdoctor.core.checks.common import lookup_failed
from txdoctor.families.tron.facts import TronAccount, TronExtra
from txdoctor.families.tron.tokens import USDT
from txdoctor.model import Finding

if TYPE_CHECKING:
    from txdoctor.core.chains import Chain
    from txdoctor.core.session import Session
    from txdoctor.families.tron.context import TronTxContext
    from txdoctor.families.tron.trongrid import TronSource
    from txdoctor.families.tron.trongrid_calls import TronQueries


def queries(session: Session, src: TronSource) -> TronQueries:
    from txdoctor.families.tron.trongrid_calls import TronQueries

    return session.source(f"tron-queries:{src.chain.name}", lambda: TronQueries(src))


async def _none() -> None:
    return None


async def _account(src: TronSource, address: str) -> TronAccount | None:
    from txdoctor.core.net.base import AllProvidersFailed

    try:
        account, _ = await src.account(address)
    except AllProvidersFailed:
        return None
    return account


async def tx_extra(session: Session, src: TronSource, ctx: TronTxContext) -> tuple[TronExtra, list[Finding]]:
    """The root-cause facts of one transaction (see the module docstring for what and when)."""
    lk = ctx.lookup
    tx = lk.tx if lk else None
    if tx is None:
        return TronExtra(), []
    q = queries(session, src)
    before = len(q.failures)
    t = tx.token_transfer
    trouble = ctx.failed or ctx.block is None
    mainnet = src.chain.name == "tron"
    jobs: dict[str, Awaitable[Any]] = {
        "params": q.params() if trouble else _none(),
        "sender": _account(src, tx.owner) if trouble and tx.owner else _none(),
        "resources": q.resources(tx.owner) if trouble and tx.owner else _none(),
        "meta": q.token_meta(t.token) if t is not None and t.decimals is None else _none(),
        "balance": q.token_balance(t.token, t.recipient) if t is not None and trouble else _none(),
    }
    usdt = t is not None and t.token == USDT and mainnet and ctx.failed
    if usdt and t is not None and tx.owner:
        jobs["bl_sender"] = q.usdt_blacklisted(tx.owner)
        jobs["bl_recipient"] = q.usdt_blacklisted(t.recipient)
    values = dict(zip(jobs, await asyncio.gather(*jobs.values()), strict=True))
    meta = values["meta"] or (None, None)
    listed = tuple(
        (role, address, values[key])
        for role, address, key in (
            ("sender", tx.owner, "bl_sender"),
            ("recipient", t.recipient if t else None, "bl_recipient"),
        )
        if address and values.get(key) is not None
    )
    extra = TronExtra(
        params=values["params"],
        sender=values["sender"],
        sender_resources=values["resources"],
        recipient_balance=values["balance"],
        blacklisted=listed,
        token_symbol=meta[0],
        token_decimals=meta[1],
    )
    return extra, _failed(src.chain, q, before, "details for the root cause")


async def address_extra(
    session: Session, src: TronSource, account: TronAccount
) -> tuple[TronExtra, list[Finding]]:
    """An activated address's energy and bandwidth, the prices, and (mainnet) USDT's blacklist."""
    if not account.activated:
        return TronExtra(), []
    q = queries(session, src)
    before = len(q.failures)
    mainnet = src.chain.name == "tron"
    params, resources, listed = await asyncio.gather(
        q.params(),
        q.resources(account.address),
        q.usdt_blacklisted(account.address) if mainnet else _none(),
    )
    extra = TronExtra(
        params=params,
        sender_resources=resources,
        blacklisted=(("address", account.address, listed),) if listed is not None else (),
    )
    return extra, _failed(src.chain, q, before, "the account's resources and USDT status")


def _failed(chain: Chain, q: TronQueries, before: int, what: str) -> list[Finding]:
    failures = q.failures[before:]
    return [lookup_failed(what, chain, failures)] if failures else []
