"""What a customer reply says of the EVM family's findings (its ``reply_parts`` hook): the
success and what it moved, a low tip or a nonce gap and the replacement to send, a revert or
out of gas and the fee it cost, another chain, a signed transaction never sent or signed for
another chain, an address's use. Reads codes and evidence only (docs/evm.md); every sentence
comes from the catalog's ``reply.*`` entries."""

from __future__ import annotations

from typing import Any

from txdoctor.core.reply import (
    Reply,
    ReplyParts,
    list_of,
    moved,
    native_symbol,
    not_sent,
    other_network,
    token_contract,
    units,
)


def _success(r: Reply) -> dict[str, Any] | None:
    return r.ev("EVM_TX_SUCCESS", "EVM_TX_NO_STATUS")


def _confirmed(r: Reply) -> None:
    if (r.ev("EVM_TX_SUCCESS") or {}).get("finalized") is True:
        r.say("reply.confirmed.final")
    ev = r.ev("EVM_TOKEN_TRANSFER")
    if ev and ev.get("amount_display") and ev.get("to"):
        moved(r, ev["amount_display"], ev.get("symbol"), ev["to"])
    if r.code("EVM_TOKEN_TO_CONTRACT_ITSELF"):
        r.say("reply.confirmed.to_token_contract")


def _replace(r: Reply) -> None:
    ev = r.ev("EVM_ACTION_REPLACE")
    if ev is None:
        return
    if ev.get("new_gas_price_gwei") is not None:
        r.ask("reply.stuck.replace_legacy", nonce=ev.get("nonce"), gas_price=ev["new_gas_price_gwei"])
    elif ev.get("new_max_fee_gwei") is not None:
        r.ask(
            "reply.stuck.replace",
            nonce=ev.get("nonce"),
            max_fee=ev["new_max_fee_gwei"],
            tip=ev.get("new_priority_fee_gwei"),
        )


def _pending(r: Reply) -> int | None:
    blocked = r.ev("EVM_NONCE_BLOCKED")
    if blocked is not None:
        count = blocked.get("waiting_for_count") or len(blocked.get("blocked_by_nonces") or []) or 1
        r.say("reply.pending.waits_for_earlier", count=count)
    if r.code("EVM_FEE_LOW_PRIORITY"):
        r.say("reply.pending.low_tip")
        _replace(r)
        return 10
    if r.code("EVM_FEE_OK", "EVM_ACTION_WAIT"):
        r.say("reply.pending.fee_ok")
        return 10
    return None


def _stuck(r: Reply) -> None:
    ev = r.ev("EVM_FEE_BELOW_BASE_FEE")
    if ev is not None:
        r.say(
            "reply.stuck.below_base_fee",
            fee_cap=ev.get("fee_cap_gwei"),
            base_fee=ev.get("next_base_fee_gwei"),
        )
    gap = r.ev("EVM_NONCE_GAP")
    if gap is not None:
        missing = [str(n) for n in gap.get("missing_nonces") or []]
        count = gap.get("missing_count") or len(missing) or 1
        shown = r.chains(missing) if missing else "?"
        r.say("reply.stuck.nonce_gap", count=count, nonces=shown)
        r.ask("reply.stuck.send_missing", count=count)
    funds = r.ev("EVM_INSUFFICIENT_FUNDS")
    if funds is not None:
        short = units(funds.get("shortfall")) or "?"
        r.say("reply.stuck.no_funds", symbol=native_symbol(r), shortfall=short)
        r.ask("reply.stuck.add_funds", symbol=native_symbol(r), shortfall=short)
    if gap is None and funds is None:
        _replace(r)


def _replaced(r: Reply) -> bool:
    same_nonce = r.ev("EVM_TX_REPLACED")
    if same_nonce is None:
        return False
    r.say("reply.replaced.same_nonce", nonce=same_nonce.get("nonce"))
    r.ask("reply.replaced.todo")
    return True


def _failed(r: Reply) -> bool:
    if not r.code("EVM_TX_OUT_OF_GAS"):
        return False
    r.say("reply.failed.out_of_gas", gas_limit=(r.ev("EVM_TX_OUT_OF_GAS") or {}).get("gas_limit"))
    r.ask("reply.failed.todo_gas")
    return True


def _revert_reason(r: Reply) -> object:
    ev = r.ev("EVM_TX_REVERTED")
    return (ev.get("reason") or ev.get("revert_reason")) if ev else None


def _fee_charged(r: Reply) -> bool:
    evm = r.ev("EVM_TX_REVERTED", "EVM_TX_OUT_OF_GAS")
    fee = units(evm.get("fee_paid"), 18, places=8) if evm else None
    if fee is None:
        return False
    r.say("reply.failed.fee_charged", fee=fee, symbol=native_symbol(r))
    return True


def _not_found(r: Reply) -> bool:
    if other_network(r, r.ev("EVM_TX_ON_OTHER_CHAIN")):
        return True
    wrong = r.ev("EVM_RAW_TX_WRONG_CHAIN")
    if wrong is not None and wrong.get("signed_for"):
        asked = r.chain(wrong.get("asked_chain"))
        r.say("reply.not_found.signed_for_other", signed_for=r.chain(wrong["signed_for"]), asked=asked)
        r.ask("reply.not_found.todo_not_sent")
        return True
    if r.code("EVM_RAW_TX_NOT_BROADCAST"):
        return not_sent(r)
    if r.code("EVM_TX_DROPPED"):
        r.say("reply.not_found.dropped")
        r.ask("reply.not_found.todo_dropped")
        return True
    return False


def _not_found_notes(r: Reply) -> None:
    if r.code("EVM_TX_NOT_FOUND"):  # a speed-up or cancel replaces the hash; the old one vanishes
        r.say("reply.not_found.evm_new_hash")


def _raw_txid(r: Reply) -> str | None:
    ev = r.ev("EVM_RAW_TX_DECODED")
    return str(ev["hash"]) if ev is not None and isinstance(ev.get("hash"), str) else None


def _address(r: Reply) -> None:
    summary = r.ev("EVM_ADDRESS_SUMMARY")
    if summary is not None:
        active = list_of(summary, "active_on")
        if active:
            r.say("reply.valid.used_on", chains=r.chains(active))
        elif list_of(summary, "inactive_on"):
            r.say("reply.valid.unused")
    if any(ev.get("is_contract") is True for ev in r.all("EVM_ADDRESS_ACTIVITY")):
        r.say("reply.valid.smart_contract")  # an EIP-7702 delegated account is not counted (docs/evm.md)


def _warnings(r: Reply) -> bool:
    contract = r.ev("EVM_ADDRESS_IS_TOKEN_CONTRACT")
    if contract is None:
        return False
    token_contract(r, contract)
    return True


PARTS = ReplyParts(
    success=_success,
    confirmed=_confirmed,
    pending=_pending,
    stuck=_stuck,
    replaced=_replaced,
    failed=_failed,
    revert_reason=_revert_reason,
    fee_charged=_fee_charged,
    not_found=_not_found,
    not_found_notes=_not_found_notes,
    raw_txid=_raw_txid,
    address=_address,
    warnings=_warnings,
)
