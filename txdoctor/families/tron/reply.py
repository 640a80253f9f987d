"""What a customer reply says of the TRON family's findings (its ``reply_parts`` hook): solidified
and what moved, the short wait, a frozen USDT account, energy and the TRX it costs (amounts in
sun said in TRX), a revert, the expiry of a transaction never mined, an address's activation
and its warnings. Reads codes and evidence only (docs/tron.md); every sentence comes from the
catalog's ``reply.*`` entries."""

from __future__ import annotations

from typing import Any

from txdoctor.core.reply import Reply, ReplyParts, moved, num, token_contract, units
from txdoctor.families.tron.resources import ceil_div

SUN = 6  # 1 TRX = 10**6 sun
_ROLES = ("sender", "recipient")


def _trx(sun: object) -> str | None:
    return units(sun, SUN, places=2)


def _success(r: Reply) -> dict[str, Any] | None:
    return r.ev("TRON_TX_SUCCESS")


def _moved(r: Reply) -> None:
    ev = r.ev("TRON_TOKEN_TRANSFER")
    if ev and isinstance(ev.get("decimals"), int) and ev.get("recipient"):
        amount = units(ev.get("amount"), ev["decimals"], places=ev["decimals"])
        if amount is not None:
            moved(r, amount, ev.get("symbol"), ev["recipient"])
        return
    ev = r.ev("TRON_TRX_TRANSFER")
    if ev and ev.get("amount_trx") is not None and ev.get("recipient"):
        moved(r, num(ev["amount_trx"]), "TRX", ev["recipient"])


def _confirmed(r: Reply) -> None:
    if (r.ev("TRON_TX_SUCCESS") or {}).get("solidified") is True:
        r.say("reply.confirmed.final")
    _moved(r)
    if r.code("TRON_TOKEN_TO_CONTRACT_ITSELF"):
        r.say("reply.confirmed.to_token_contract")


def _pending(r: Reply) -> int | None:
    if not r.code("TRON_TX_PENDING"):
        return None
    r.say("reply.pending.tron")
    return 2


def _energy(r: Reply, ev: dict[str, Any]) -> None:
    needed, price = ev.get("energy_needed"), ev.get("energy_price_now_sun") or ev.get("energy_price_sun")
    trx = _trx(needed * price) if isinstance(needed, int) and isinstance(price, int) else None
    limited_by = ev.get("limited_by")
    if limited_by == "fee_limit":
        if isinstance(needed, int) and isinstance(price, int) and trx:
            trx = str(ceil_div(needed * price, 10**SUN))  # a limit to set: whole TRX up, as the report says
        r.say("reply.failed.fee_limit_too_low", fee_limit=_trx(ev.get("fee_limit_sun")) or "?")
        r.ask("reply.failed.todo_fee_limit", trx=trx) if trx else r.ask("reply.failed.todo_fee_limit_unknown")
    elif limited_by == "account":
        r.say("reply.failed.account_short")
        if trx:
            r.ask("reply.failed.todo_account", trx=trx, energy=needed)
        else:
            r.ask("reply.failed.todo_account_unknown")
    else:
        r.say("reply.failed.out_of_energy")
        if trx:
            r.ask("reply.failed.todo_energy", trx=trx, energy=needed)
        else:
            r.ask("reply.failed.todo_fee_limit_unknown")


def _failed(r: Reply) -> bool:
    frozen = [e for e in r.all("TRON_USDT_BLACKLISTED") if e.get("role") in _ROLES]
    energy = r.ev("TRON_OUT_OF_ENERGY")
    if frozen:
        r.say("reply.failed.frozen", role=r.t(f"reply.role.{frozen[0]['role']}"))
        r.ask("reply.failed.todo_frozen")
    elif energy is not None:
        _energy(r, energy)
    else:
        return False
    return True


def _revert_reason(r: Reply) -> object:
    ev = r.ev("TRON_REVERT_REASON")
    return (ev.get("reason") or ev.get("revert_reason")) if ev else None


def _fee_charged(r: Reply) -> bool:
    tron = r.ev("TRON_TX_FAILED", "TRON_OUT_OF_ENERGY")
    if tron is None or tron.get("fee_trx") is None:
        return False
    r.say("reply.failed.fee_charged", fee=num(tron["fee_trx"]), symbol="TRX")
    return True


def _not_found_notes(r: Reply) -> None:
    if r.code("TRON_TX_NOT_FOUND"):
        r.say("reply.not_found.tron_expiry")


def _address(r: Reply) -> None:
    if r.code("TRON_ADDRESS_NOT_ACTIVATED"):
        r.say("reply.valid.not_activated")


def _warnings(r: Reply) -> bool:
    said = False
    contract = r.ev("TRON_ADDRESS_IS_TOKEN_CONTRACT")
    if contract is not None:
        token_contract(r, contract)
        said = True
    if r.code("TRON_PERMISSION_FOREIGN"):
        r.say("reply.warning.foreign_control")
        said = True
    if any(e.get("role") == "address" for e in r.all("TRON_USDT_BLACKLISTED")):
        r.say("reply.warning.frozen")
        said = True
    return said


PARTS = ReplyParts(
    success=_success,
    confirmed=_confirmed,
    pending=_pending,
    failed=_failed,
    revert_reason=_revert_reason,
    fee_charged=_fee_charged,
    not_found_notes=_not_found_notes,
    address=_address,
    warnings=_warnings,
)
