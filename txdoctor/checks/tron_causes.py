"""TRON root causes: which energy limit was hit, why a transfer cost so much, the contract's
revert reason, USDT's issuer blacklist, another key controlling the account, bandwidth.

Pure functions of the facts (the transaction, its receipt, and the ``TronExtra`` lookups);
registered on the TRON registries after the status checks of :mod:`txdoctor.checks.tron`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from txdoctor.abi import decode_revert
from txdoctor.checks.tron_context import (
    ENERGY_WORDS,
    TronAddressContext,
    TronTxContext,
    tron_address_checks,
    tron_tx_checks,
)
from txdoctor.model import Category, Finding, Severity, Verdict
from txdoctor.tron_facts import USDT_CONTRACT, TronAccount, TronReceipt, TronTx, trx
from txdoctor.tron_resources import (
    NEW_SLOT_BASE_ENERGY,
    SSTORE_NEW_SLOT,
    TRX_TRANSFER_BANDWIDTH,
    USDT_ENERGY_HOLDER,
    USDT_ENERGY_NEW_HOLDER,
    EnergyShortfall,
    TronChainParams,
    TronResources,
    burned_energy_price,
    ceil_div,
    parse_energy_message,
)


def _is_usdt(ctx: TronTxContext) -> bool:
    t = ctx.token_transfer
    return t is not None and t.token == USDT_CONTRACT and ctx.chain.name == "tron"


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


def _ooe_text(e: dict[str, Any]) -> tuple[str, str]:
    price = e["energy_price_sun"] or e["energy_price_now_sun"]
    now = e["energy_price_now_sun"] or price
    need = e["energy_needed"]
    need_text = f"; the transfer needed about {need:,}" if need else ""
    if e["limited_by"] == "fee_limit":
        want = ceil_div(need * now, 1_000_000) if need and now else None
        return (
            f"Out of energy because of the fee limit: the wallet set fee_limit = {trx(e['fee_limit_sun'])} "
            f"TRX, which buys about {e['fee_limit_energy']:,} energy at {price} sun per energy{need_text}.",
            "Send again with a higher fee limit (the wallet's fee limit or energy setting)"
            + (f": at least {want} TRX at today's {now} sun per energy." if want else ".")
            + " The fee limit is only a ceiling: the network burns what the transfer uses.",
        )
    if e["limited_by"] == "account":
        total = need * now if need and now else None
        held = ""
        balance = e["sender_balance_sun"]
        if balance is not None and total and balance >= total:
            held = f" The sender now holds {trx(balance)} TRX, enough: sending again should work."
        elif balance is not None:
            left = e["sender_energy_left"]
            held = f" The sender holds {trx(balance)} TRX now"
            held += f" and {left:,} energy." if left is not None else "."
        return (
            f"Out of energy because the sender's account could not pay for more: it covered only "
            f"{e['energy_limit']:,} energy ({e['energy_staked_used']:,} staked or rented energy and "
            f"{trx(e['energy_fee_sun'])} TRX burned at {price} sun per energy){need_text}. {ENERGY_WORDS}",
            (f"Top up the sending wallet to about {trx(total)} TRX for this transfer" if total else "Top up")
            + (f", or stake or rent about {need:,} energy first." if need else ", or stake or rent energy.")
            + held,
        )
    at_most = f"at most {e['energy_limit']:,} energy"
    if price:
        at_most += f" ({trx(e['energy_fee_sun'])} TRX burned at {price} sun per energy)"
    return (
        f"Out of energy: the transfer could use {at_most}, what the fee limit or the sender's TRX and "
        f"energy allowed{need_text}. {ENERGY_WORDS}",
        "Send again with more TRX in the sending wallet for fees, or stake or rent energy first. "
        "If the wallet sets a fee limit, raise it.",
    )


def failure_advice(ctx: TronTxContext, result: str) -> str | None:
    """The root cause's next step, for the headline of a failed transaction; None when unknown."""
    lk = ctx.lookup
    if lk is None or lk.info is None:
        return None
    if any(listed for _, _, listed in ctx.extra.blacklisted):
        return "An address in it is frozen by Tether (see below): sending again fails the same way."
    if result == "OUT_OF_ENERGY":
        e = _ooe_evidence(ctx, lk.tx, lk.info.receipt, lk.info.fee)
        return _ooe_text(e)[1] if e["limited_by"] != "unknown" else None
    if result == "REVERT" and lk.info.contract_result:
        rv = decode_revert(lk.info.contract_result)
        if rv.reason:
            return f'The contract said "{rv.reason}": fix that before sending again.'
    return None


@tron_tx_checks.register
def out_of_energy(ctx: TronTxContext) -> Iterator[Finding]:
    """Which limit an OUT_OF_ENERGY hit: fee_limit, or what the account could pay."""
    lk = ctx.lookup
    if lk is None or lk.info is None or not ctx.failed or ctx.result != "OUT_OF_ENERGY":
        return
    e = _ooe_evidence(ctx, lk.tx, lk.info.receipt, lk.info.fee)
    message, advice = _ooe_text(e)
    yield Finding("TRON_OUT_OF_ENERGY", Category.FEE, Severity.ERROR, message, advice, e, Verdict.FAILED)


@tron_tx_checks.register
def revert_reason(ctx: TronTxContext) -> Iterator[Finding]:
    """The contract's own reason for a REVERT, from ``contractResult``."""
    info = ctx.lookup.info if ctx.lookup else None
    if info is None or not ctx.failed or ctx.result != "REVERT" or not info.contract_result:
        return
    rv = decode_revert(info.contract_result)
    if rv.kind == "error":
        text = f'the contract said: "{rv.reason}"'
    elif rv.kind == "panic":
        text = f"the contract panicked ({rv.reason})"
    elif rv.selector:
        text = f"the contract reverted with custom error 0x{rv.selector} (see the contract's ABI)"
    else:
        return
    yield Finding(
        "TRON_REVERT_REASON",
        Category.STATUS,
        Severity.ERROR,
        f"Why it reverted: {text}.",
        "Fix what the contract complains about before sending again (for a token transfer, most "
        "often the token balance or an address frozen by the issuer).",
        {"kind": rv.kind, "reason": rv.reason, "selector": rv.selector, "panic_code": rv.panic_code},
    )


@tron_tx_checks.register
def energy_cost(ctx: TronTxContext) -> Iterator[Finding]:
    """Why a token transfer needed so much energy: a first-time holder, a busy contract."""
    t = ctx.token_transfer
    info = ctx.lookup.info if ctx.lookup else None
    holder = new_holder(ctx)
    if t is not None and holder is not None and holder[0]:
        name = t.symbol or "token"
        yield Finding(
            "TRON_RECIPIENT_NEW_HOLDER",
            Category.FEE,
            Severity.INFO,
            f"The recipient held no {name} before this transfer, so it writes a new storage slot in the "
            f"token contract: about twice the energy of a transfer to an address that already holds "
            f"{name} (this is not account activation).",
            "Expect roughly twice the usual fee (or energy) for a first transfer to an address; later "
            "transfers to it cost the usual amount.",
            {
                "recipient": t.recipient,
                "token": t.token,
                "symbol": t.symbol,
                "source": holder[1],
                "recipient_balance": ctx.extra.recipient_balance,
            },
        )
    if info is not None and info.receipt.energy_penalty_total > 0:
        r = info.receipt
        share = round(100 * r.energy_penalty_total / r.energy_usage_total) if r.energy_usage_total else None
        yield Finding(
            "TRON_ENERGY_PENALTY",
            Category.FEE,
            Severity.INFO,
            f"{r.energy_penalty_total:,} of the {r.energy_usage_total:,} energy ({share}%) was the "
            "dynamic-energy surcharge TRON adds to heavily used contracts such as USDT.",
            "",
            {
                "energy_penalty_total": r.energy_penalty_total,
                "energy_usage_total": r.energy_usage_total,
                "penalty_share_pct": share,
            },
        )


def _blacklist_findings(entries: tuple[tuple[str, str, bool], ...]) -> Iterator[Finding]:
    for role, address, listed in entries:
        if listed:
            yield Finding(
                "TRON_USDT_BLACKLISTED",
                Category.ADDRESS,
                Severity.ERROR,
                f"The {role} {address} is on USDT's blacklist: Tether (the issuer) has frozen it, so no "
                "wallet can move USDT from it, and transfers involving it fail.",
                "Only Tether can act on a frozen address (the owner can contact Tether support with proof "
                "of ownership). Sending again will fail the same way; do not pay anyone who promises "
                "to unfreeze it.",
                {"address": address, "role": role, "token": USDT_CONTRACT},
            )


@tron_tx_checks.register
def blacklisted(ctx: TronTxContext) -> Iterator[Finding]:
    yield from _blacklist_findings(ctx.extra.blacklisted)


def _permission_findings(account: TronAccount | None, role: str) -> Iterator[Finding]:
    if account is None or not account.activated:
        return
    for perm in account.permissions:
        if not perm.keys or not perm.foreign(account.address):
            continue
        others = [a for a, _ in perm.keys if a != account.address]
        yield Finding(
            "TRON_PERMISSION_FOREIGN",
            Category.SECURITY,
            Severity.ERROR,
            f"Another key controls the {role} {account.address}: its {perm.kind} permission "
            f"'{perm.name}' needs weight {perm.threshold}, and the account's own key has "
            f"{perm.weight_of(account.address)} (keys: {', '.join(others[:5]) or 'none'}). "
            "Whoever holds those keys can move its funds; a wallet that shows this account may not be "
            "able to send from it.",
            "If this was not set up on purpose (a multi-signature account), treat the wallet as "
            "compromised: stop sending funds to it, and never import its seed phrase elsewhere. This "
            "is a common scam: an account with a balance whose permissions were changed so only the "
            "scammer can spend.",
            {
                "address": account.address,
                "role": role,
                "permission": perm.kind,
                "name": perm.name,
                "threshold": perm.threshold,
                "own_weight": perm.weight_of(account.address),
                "keys": [a for a, _ in perm.keys][:8],
            },
        )
        return  # one finding per account is enough


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
        yield Finding(
            "TRON_ACCOUNT_ACTIVATED",
            Category.FEE,
            Severity.INFO,
            f"This transfer activated the recipient {tx.to}, a new TRON account: {trx(extra_fee)} TRX of "
            "the fee is the account-creation fee (1 TRX), paid once per new address.",
            "",
            {"recipient": tx.to, "creation_fee_sun": extra_fee},
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
    yield Finding(
        "TRON_NO_BANDWIDTH",
        Category.FEE,
        Severity.WARNING,
        f"This account cannot send anything right now: {res.bandwidth_left} bandwidth left (a transfer "
        f"needs about {TRX_TRANSFER_BANDWIDTH}) and {trx(a.balance)} TRX to burn for it (about "
        f"{trx(cost)} TRX needed). Free bandwidth refills over 24 hours.",
        "Send the account a little TRX (1 TRX covers a few transfers' bandwidth), stake TRX for "
        "bandwidth, or wait for the free daily bandwidth to refill. A USDT transfer also needs energy.",
        {
            "address": a.address,
            "bandwidth_left": res.bandwidth_left,
            "balance_sun": a.balance,
            "bandwidth_needed": TRX_TRANSFER_BANDWIDTH,
            "bandwidth_price_sun": price,
        },
    )
