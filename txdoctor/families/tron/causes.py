"""TRON root causes: which energy limit was hit, why a transfer cost so much, the contract's
revert reason, USDT's issuer blacklist, another key controlling the account, bandwidth.

Pure functions of the facts (the transaction, its receipt, and the ``TronExtra`` lookups);
registered on the TRON registries after the status checks of :mod:`txdoctor.families.tron.checks`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from txdoctor.core.abi import decode_revert
from txdoctor.core.findings import Term, finding
from txdoctor.families.tron.context import (
    ENERGY_WORDS,
    TronAddressContext,
    TronTxContext,
    role_words,
    tron_address_checks,
    tron_tx_checks,
)
from txdoctor.families.tron.facts import TronAccount, TronReceipt, TronTx, trx
from txdoctor.families.tron.resources import (
    NEW_SLOT_BASE_ENERGY,
    SSTORE_NEW_SLOT,
    TRX_TRANSFER_BANDWIDTH,
    USDT_ENERGY_HOLDER,
    USDT_ENERGY_NEW_HOLDER,
    EnergyShortfall,
    TronChainParams,
    TronPermission,
    TronResources,
    burned_energy_price,
    ceil_div,
    parse_energy_message,
)
from txdoctor.families.tron.tokens import USDT
from txdoctor.model import Category, Finding, Severity, Verdict


def _is_usdt(ctx: TronTxContext) -> bool:
    t = ctx.token_transfer
    return t is not None and t.token == USDT and ctx.chain.name == "tron"


def new_holder(ctx: TronTxContext) -> tuple[bool, str] | None:
    """Whether the recipient held none of the token (a new storage slot), and how that is known."""
    lk = ctx.lookup
    info = lk.info if lk else None
    if ctx.token_transfer is None:
        return None
    if ctx.block is not None and info is not None and not ctx.failed and _is_usdt(ctx):
        base = info.receipt.energy_usage_total - info.receipt.energy_penalty_total
        if base > 0:
            return base >= NEW_SLOT_BASE_ENERGY, "energy"
    if ctx.extra.recipient_balance is not None and (ctx.failed or ctx.block is None):
        return ctx.extra.recipient_balance == 0, "balanceOf"
    short = parse_energy_message(info.res_message) if info is not None else None
    if short is not None and short.operation == "SSTORE" and short.op_energy == SSTORE_NEW_SLOT:
        return True, "sstore"
    return None


def _limited_by(r: TronReceipt, fee_limit: int | None, price: int | None) -> str:
    """``fee_limit`` when the TRX burned reached the fee limit, else ``account`` (it could not pay more)."""
    if fee_limit is None or price is None:
        return "unknown"
    if r.energy_fee > fee_limit - price:
        return "fee_limit"
    return "account" if r.energy_usage == 0 or r.energy_fee == 0 else "unknown"


def _needed(ctx: TronTxContext, short: EnergyShortfall | None) -> int | None:
    at_least = short.needed_at_least if short else None
    if _is_usdt(ctx):
        holder = new_holder(ctx)
        typical = USDT_ENERGY_NEW_HOLDER if holder is not None and holder[0] else USDT_ENERGY_HOLDER
        return max(at_least or 0, typical)
    return at_least


def _ooe_evidence(ctx: TronTxContext, tx: TronTx | None, r: TronReceipt, fee: int) -> dict[str, Any]:
    short = parse_energy_message(ctx.lookup.info.res_message if ctx.lookup and ctx.lookup.info else None)
    price = burned_energy_price(r.energy_fee, r.burned_energy)
    now = ctx.extra.params.energy_price if ctx.extra.params else None
    fee_limit = tx.fee_limit if tx else None
    sender = ctx.extra.sender
    res = ctx.extra.sender_resources
    any_price = price or now
    return {
        "fee_trx": trx(fee),
        "energy_usage_total": r.energy_usage_total,
        "energy_fee_sun": r.energy_fee,
        "fee_limit_sun": fee_limit,
        "limited_by": _limited_by(r, fee_limit, price or now),
        "energy_limit": short.limit if short else r.energy_usage_total,
        "energy_staked_used": r.energy_usage,
        "energy_penalty_total": r.energy_penalty_total,
        "energy_price_sun": price,
        "energy_price_now_sun": now,
        "fee_limit_energy": fee_limit // any_price if fee_limit is not None and any_price else None,
        "energy_needed": _needed(ctx, short),
        "operation": short.operation if short else None,
        "sender_balance_sun": sender.balance if sender is not None else None,
        "sender_energy_left": res.energy_left if res is not None else None,
    }


_OOE = "finding.TRON_OUT_OF_ENERGY"


def _needed_words(e: dict[str, Any]) -> Term | str:
    need = e["energy_needed"]
    return Term(f"{_OOE}.needed", energy=f"{need:,}") if need else ""


def _ooe_words(e: dict[str, Any]) -> tuple[Term, Term]:
    """The cause and the next step of an OUT_OF_ENERGY, by the limit that was hit."""
    if e["limited_by"] == "fee_limit":
        return _by_fee_limit(e)
    if e["limited_by"] == "account":
        return _by_account(e)
    return _by_unknown_limit(e)


def _by_fee_limit(e: dict[str, Any]) -> tuple[Term, Term]:
    price = e["energy_price_sun"] or e["energy_price_now_sun"]
    now = e["energy_price_now_sun"] or price
    need = e["energy_needed"]
    want = ceil_div(need * now, 1_000_000) if need and now else None
    cause = Term(
        f"{_OOE}.fee_limit",
        fee_limit_trx=trx(e["fee_limit_sun"]),
        fee_limit_energy=f"{e['fee_limit_energy']:,}",
        price=price,
        needed=_needed_words(e),
    )
    raise_to = Term(f"{_OOE}.raise_to", trx=want, price=now) if want else Term(f"{_OOE}.raise_to_unknown")
    return cause, Term(f"{_OOE}.fee_limit_advice", raise_to=raise_to)


def _by_account(e: dict[str, Any]) -> tuple[Term, Term]:
    price = e["energy_price_sun"] or e["energy_price_now_sun"]
    now = e["energy_price_now_sun"] or price
    need = e["energy_needed"]
    total = need * now if need and now else None
    cause = Term(
        f"{_OOE}.account",
        energy_limit=f"{e['energy_limit']:,}",
        energy_staked_used=f"{e['energy_staked_used']:,}",
        burned_trx=trx(e["energy_fee_sun"]),
        price=price,
        needed=_needed_words(e),
        energy_words=ENERGY_WORDS,
    )
    advice = Term(
        f"{_OOE}.account_advice",
        top_up=Term(f"{_OOE}.top_up", trx=trx(total)) if total else Term(f"{_OOE}.top_up_unknown"),
        stake=Term(f"{_OOE}.stake", energy=f"{need:,}") if need else Term(f"{_OOE}.stake_unknown"),
        held=_held_words(e["sender_balance_sun"], e["sender_energy_left"], total),
    )
    return cause, advice


def _held_words(balance: int | None, left: int | None, total: int | None) -> Term | str:
    """What the sender holds now, when known."""
    if balance is None:
        return ""
    if total and balance >= total:
        return Term(f"{_OOE}.holds_enough", trx=trx(balance))
    if left is None:
        return Term(f"{_OOE}.holds", trx=trx(balance))
    return Term(f"{_OOE}.holds_and_energy", trx=trx(balance), energy=f"{left:,}")


def _by_unknown_limit(e: dict[str, Any]) -> tuple[Term, Term]:
    price = e["energy_price_sun"] or e["energy_price_now_sun"]
    limit = f"{e['energy_limit']:,}"
    at_most = (
        Term(f"{_OOE}.at_most_burned", energy=limit, trx=trx(e["energy_fee_sun"]), price=price)
        if price
        else Term(f"{_OOE}.at_most", energy=limit)
    )
    cause = Term(f"{_OOE}.unknown", at_most=at_most, needed=_needed_words(e), energy_words=ENERGY_WORDS)
    return cause, Term(f"{_OOE}.unknown_advice")


def failure_advice(ctx: TronTxContext, result: str) -> Term | None:
    """The root cause's next step, for the headline of a failed transaction; None when unknown."""
    lk = ctx.lookup
    if lk is None or lk.info is None:
        return None
    if any(listed for _, _, listed in ctx.extra.blacklisted):
        return Term("finding.TRON_TX_FAILED.frozen")
    if result == "OUT_OF_ENERGY":
        e = _ooe_evidence(ctx, lk.tx, lk.info.receipt, lk.info.fee)
        return _ooe_words(e)[1] if e["limited_by"] != "unknown" else None
    if result == "REVERT" and lk.info.contract_result:
        rv = decode_revert(lk.info.contract_result)
        if rv.reason:
            return Term("finding.TRON_TX_FAILED.revert", reason=rv.reason)
    return None


@tron_tx_checks.register
def out_of_energy(ctx: TronTxContext) -> Iterator[Finding]:
    """Which limit an OUT_OF_ENERGY hit: fee_limit, or what the account could pay."""
    lk = ctx.lookup
    if lk is None or lk.info is None or not ctx.failed or ctx.result != "OUT_OF_ENERGY":
        return
    e = _ooe_evidence(ctx, lk.tx, lk.info.receipt, lk.info.fee)
    cause, what_to_do = _ooe_words(e)
    yield finding(
        "TRON_OUT_OF_ENERGY",
        Category.FEE,
        Severity.ERROR,
        e,
        Verdict.FAILED,
        cause=cause,
        what_to_do=what_to_do,
    )


@tron_tx_checks.register
def revert_reason(ctx: TronTxContext) -> Iterator[Finding]:
    """The contract's own reason for a REVERT, from ``contractResult``."""
    info = ctx.lookup.info if ctx.lookup else None
    if info is None or not ctx.failed or ctx.result != "REVERT" or not info.contract_result:
        return
    rv = decode_revert(info.contract_result)
    key = "finding.TRON_REVERT_REASON"
    if rv.kind == "error":
        why = Term(f"{key}.error", reason=rv.reason)
    elif rv.kind == "panic":
        why = Term(f"{key}.panic", reason=rv.reason)
    elif rv.selector:
        why = Term(f"{key}.custom", hex_selector=f"0x{rv.selector}")
    else:
        return
    yield finding(
        "TRON_REVERT_REASON",
        Category.STATUS,
        Severity.ERROR,
        {"kind": rv.kind, "reason": rv.reason, "selector": rv.selector, "panic_code": rv.panic_code},
        None,
        why=why,
    )


@tron_tx_checks.register
def energy_cost(ctx: TronTxContext) -> Iterator[Finding]:
    """Why a token transfer needed so much energy: a first-time holder, a busy contract."""
    t = ctx.token_transfer
    info = ctx.lookup.info if ctx.lookup else None
    holder = new_holder(ctx)
    if t is not None and holder is not None and holder[0]:
        yield finding(
            "TRON_RECIPIENT_NEW_HOLDER",
            Category.FEE,
            Severity.INFO,
            {
                "recipient": t.recipient,
                "token": t.token,
                "symbol": t.symbol,
                "source": holder[1],
                "recipient_balance": ctx.extra.recipient_balance,
            },
            None,
            name=t.symbol or Term("tron.token"),
        )
    if info is not None and info.receipt.energy_penalty_total > 0:
        yield _energy_penalty(info.receipt)


def _energy_penalty(r: TronReceipt) -> Finding:
    share = round(100 * r.energy_penalty_total / r.energy_usage_total) if r.energy_usage_total else None
    return finding(
        "TRON_ENERGY_PENALTY",
        Category.FEE,
        Severity.INFO,
        {
            "energy_penalty_total": r.energy_penalty_total,
            "energy_usage_total": r.energy_usage_total,
            "penalty_share_pct": share,
        },
        None,
        energy_penalty_total=f"{r.energy_penalty_total:,}",
        energy_usage_total=f"{r.energy_usage_total:,}",
    )


def _blacklist_findings(entries: tuple[tuple[str, str, bool], ...]) -> Iterator[Finding]:
    for role, address, listed in entries:
        if listed:
            yield finding(
                "TRON_USDT_BLACKLISTED",
                Category.ADDRESS,
                Severity.ERROR,
                {"address": address, "role": role, "token": USDT},
                None,
                role_name=role_words(role),
            )


@tron_tx_checks.register
def blacklisted(ctx: TronTxContext) -> Iterator[Finding]:
    yield from _blacklist_findings(ctx.extra.blacklisted)


def _permission_findings(account: TronAccount | None, role: str) -> Iterator[Finding]:
    if account is None or not account.activated:
        return
    for perm in account.permissions:
        if perm.keys and perm.foreign(account.address):
            yield _permission_foreign(account.address, perm, role)
            return  # one finding per account is enough


def _permission_foreign(address: str, perm: TronPermission, role: str) -> Finding:
    others = [a for a, _ in perm.keys if a != address]
    return finding(
        "TRON_PERMISSION_FOREIGN",
        Category.SECURITY,
        Severity.ERROR,
        {
            "address": address,
            "role": role,
            "permission": perm.kind,
            "name": perm.name,
            "threshold": perm.threshold,
            "own_weight": perm.weight_of(address),
            "keys": [a for a, _ in perm.keys][:8],
        },
        None,
        role_name=role_words(role),
        permission_name=Term(f"tron.permission.{perm.kind}"),
        others=", ".join(others[:5]) or Term("tron.none"),
    )


@tron_tx_checks.register
def sender_permissions(ctx: TronTxContext) -> Iterator[Finding]:
    yield from _permission_findings(ctx.extra.sender, "sender")


@tron_tx_checks.register
def account_created(ctx: TronTxContext) -> Iterator[Finding]:
    """A TRX transfer that activated its recipient paid the account-creation fee."""
    lk = ctx.lookup
    tx, info = (lk.tx, lk.info) if lk else (None, None)
    if tx is None or info is None or ctx.failed or tx.contract_type != "TransferContract":
        return
    extra_fee = info.fee - info.receipt.net_fee - info.receipt.energy_fee
    if extra_fee >= 1_000_000:
        evidence = {"recipient": tx.to, "creation_fee_sun": extra_fee}
        yield finding(
            "TRON_ACCOUNT_ACTIVATED",
            Category.FEE,
            Severity.INFO,
            evidence,
            None,
            creation_fee_trx=trx(extra_fee),
        )


# ------------------------------------------------------------------ address


@tron_address_checks.register
def address_permissions(ctx: TronAddressContext) -> Iterator[Finding]:
    yield from _permission_findings(ctx.account, "address")


@tron_address_checks.register
def address_blacklisted(ctx: TronAddressContext) -> Iterator[Finding]:
    yield from _blacklist_findings(ctx.extra.blacklisted)


@tron_address_checks.register
def bandwidth(ctx: TronAddressContext) -> Iterator[Finding]:
    """An account that can send nothing: no bandwidth left and no TRX to burn for it."""
    yield from _bandwidth_findings(ctx.account, ctx.extra.sender_resources, ctx.extra.params)


@tron_tx_checks.register
def sender_bandwidth(ctx: TronTxContext) -> Iterator[Finding]:
    """The sender of a failed or pending transaction, the same way."""
    if ctx.failed or ctx.block is None:
        yield from _bandwidth_findings(ctx.extra.sender, ctx.extra.sender_resources, ctx.extra.params)


def _bandwidth_findings(
    a: TronAccount | None, res: TronResources | None, params: TronChainParams | None
) -> Iterator[Finding]:
    if a is None or not a.activated or res is None:
        return
    price = params.bandwidth_price if params else 1000
    cost = TRX_TRANSFER_BANDWIDTH * price
    if res.bandwidth_left >= TRX_TRANSFER_BANDWIDTH or a.balance >= cost:
        return
    yield finding(
        "TRON_NO_BANDWIDTH",
        Category.FEE,
        Severity.WARNING,
        {
            "address": a.address,
            "bandwidth_left": res.bandwidth_left,
            "balance_sun": a.balance,
            "bandwidth_needed": TRX_TRANSFER_BANDWIDTH,
            "bandwidth_price_sun": price,
        },
        None,
        balance_trx=trx(a.balance),
        cost_trx=trx(cost),
    )
