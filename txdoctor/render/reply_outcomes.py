"""The reply for the outcomes after "was it mined": failed, not found, addresses, unreachable."""

from __future__ import annotations

import re
from typing import Any

from txdoctor.core.chains import CHAINS
from txdoctor.model import Kind
from txdoctor.render.reply_parts import Reply, native_symbol, num, plain_reason, symbol, units

SUN = 6  # 1 TRX = 10**6 sun

_ADDRESS_REASONS = {
    "checksum": ("BASE58_CHECKSUM", "BECH32_CHECKSUM", "EIP55_CHECKSUM", "CASHADDR_CHECKSUM"),
    "length": ("BAD_LENGTH", "MAX_LENGTH", "BAD_PROGRAM_LENGTH", "CHECKSUM_LENGTH", "PUBKEY_BYTES"),
    "character": ("BASE58_CHARACTER", "INVALID_CHARACTER", "NOT_HEX", "MIXED_CASE", "RIPPLE_ALPHABET"),
}
# Revert reasons common enough to say in the reader's language (OpenZeppelin's ERC-20, Tether).
_REVERTS = [
    (re.compile(r"(?i)exceeds balance|insufficient balance|balance too low"), "balance"),
    (re.compile(r"(?i)allowance"), "allowance"),
    (re.compile(r"(?i)paused"), "paused"),
    (re.compile(r"(?i)blacklist|blocked|frozen"), "frozen"),
]
# Why a Core node refuses a signed Bitcoin transaction for good (docs/findings.md, Core node).
_RAW_REASONS = {
    "BTC_RAW_TX_INPUTS_MISSING": "inputs_missing",
    "BTC_RAW_TX_DUST": "dust",
    "BTC_RAW_TX_TOO_LARGE": "too_large",
    "BTC_RAW_TX_NONSTANDARD": "nonstandard",
    "BTC_RAW_TX_FEE_ABSURD": "fee_absurd",
    "BTC_RAW_TX_REJECTED": "rejected",
}
_INPUT_REASONS = {
    "INPUT_EMPTY": "empty",
    "INPUT_TOO_LONG": "too_long",
    "INPUT_HIDDEN_CHARACTER": "hidden_character",
    "INPUT_URL": "link",
    "INPUT_LIGHTNING": "lightning",
    "INPUT_EXTENDED_PUBLIC_KEY": "xpub",
    "INPUT_PATH": "path",
    "INPUT_HAS_SPACES": "spaces",
    "INPUT_BAD_RAW_TX": "damaged_tx",
    "INPUT_WRONG_LENGTH": "wrong_length",
    "INPUT_UNSUPPORTED": "unsupported",
    "INPUT_UNRECOGNISED": "other",
}


def _list(ev: dict[str, Any] | None, key: str) -> list[Any]:
    value = (ev or {}).get(key)
    return list(value) if isinstance(value, (list, tuple)) else []


def _trx(sun: object) -> str | None:
    return units(sun, SUN, places=2)


# ------------------------------------------------------------------ failed


def _energy(r: Reply, ev: dict[str, Any]) -> None:
    needed, price = ev.get("energy_needed"), ev.get("energy_price_now_sun") or ev.get("energy_price_sun")
    trx = _trx(needed * price) if isinstance(needed, int) and isinstance(price, int) else None
    limited_by = ev.get("limited_by")
    if limited_by == "fee_limit":
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


def _fee_charged(r: Reply) -> None:
    tron = r.ev("TRON_TX_FAILED", "TRON_OUT_OF_ENERGY")
    if tron is not None and tron.get("fee_trx") is not None:
        r.say("reply.failed.fee_charged", fee=num(tron["fee_trx"]), symbol="TRX")
        return
    evm = r.ev("EVM_TX_REVERTED", "EVM_TX_OUT_OF_GAS")
    fee = units(evm.get("fee_paid"), 18, places=8) if evm else None
    if fee is not None:
        r.say("reply.failed.fee_charged", fee=fee, symbol=native_symbol(r))


def failed(r: Reply) -> None:
    r.say("reply.failed.main", chain=r.chain())
    frozen = [e for e in _all(r, "TRON_USDT_BLACKLISTED") if e.get("role") in ("sender", "recipient")]
    energy = r.ev("TRON_OUT_OF_ENERGY")
    if frozen:
        r.say("reply.failed.frozen", role=r.t(f"reply.role.{frozen[0]['role']}"))
        r.ask("reply.failed.todo_frozen")
    elif energy is not None:
        _energy(r, energy)
    elif r.code("EVM_TX_OUT_OF_GAS"):
        r.say("reply.failed.out_of_gas", gas_limit=(r.ev("EVM_TX_OUT_OF_GAS") or {}).get("gas_limit"))
        r.ask("reply.failed.todo_gas")
    else:
        r.say("reply.failed.rejected")
        revert = r.ev("TRON_REVERT_REASON") or r.ev("EVM_TX_REVERTED") or {}
        _revert_reason(r, revert.get("reason") or revert.get("revert_reason"))
        r.ask("reply.failed.todo_rejected")
    _fee_charged(r)


def _revert_reason(r: Reply, raw: object) -> None:
    """A common reason in the reader's words; another one quoted, when short and plain."""
    text = raw if isinstance(raw, str) else ""
    known = next((key for pattern, key in _REVERTS if pattern.search(text)), None)
    if known is not None:
        r.say(f"reply.failed.reason_{known}")
        return
    reason = plain_reason(raw)
    if reason:
        r.say("reply.failed.reason", reason=reason)


def _all(r: Reply, code: str) -> list[dict[str, Any]]:
    return [f.evidence for f in r.d.ranked_findings() if f.code == code]


# ------------------------------------------------------------------ not found


def _other_network(r: Reply) -> bool:
    ev = r.ev("BTC_TX_ON_OTHER_NETWORK", "EVM_TX_ON_OTHER_CHAIN")
    found = _list(ev, "found_on")
    if ev is None or not found:
        return False
    asked = ev.get("asked_chain") or ev.get("checked") or r.d.chain
    names = {"asked": r.chain(asked), "found": r.chains(found)}
    r.say("reply.not_found.other_network", **names)
    r.ask("reply.not_found.todo_other_network", **names)
    return True


def not_found(r: Reply) -> None:
    if _other_network(r):
        return
    wrong = r.ev("EVM_RAW_TX_WRONG_CHAIN")
    if wrong is not None and wrong.get("signed_for"):
        asked = r.chain(wrong.get("asked_chain"))
        r.say("reply.not_found.signed_for_other", signed_for=r.chain(wrong["signed_for"]), asked=asked)
        r.ask("reply.not_found.todo_not_sent")
        return
    if r.code("BTC_RAW_TX_NOT_BROADCAST", "EVM_RAW_TX_NOT_BROADCAST"):
        r.say("reply.not_found.not_sent")
        r.ask("reply.not_found.todo_not_sent")
        return
    if r.code("EVM_TX_DROPPED"):
        r.say("reply.not_found.dropped")
        r.ask("reply.not_found.todo_dropped")
        return
    if r.d.chain:
        r.say("reply.not_found.main", chain=r.chain())
    else:
        r.say("reply.not_found.main_any")
    r.say("reply.not_found.reasons")
    if r.code("INPUT_MAYBE_PRIVATE_KEY"):
        r.say("reply.not_found.maybe_key")
    if r.code("TRON_TX_NOT_FOUND"):
        r.say("reply.not_found.tron_expiry")
    if r.code("EVM_TX_NOT_FOUND"):  # a speed-up or cancel replaces the hash; the old one vanishes
        r.say("reply.not_found.evm_new_hash")
    r.ask("reply.not_found.todo")


# ------------------------------------------------------------------ addresses


def _warnings(r: Reply) -> bool:
    """Warnings that outweigh "you can send to it"; True when one was said."""
    said = False
    contract = next(  # TRON's, and any family's finding of the same name
        (f.evidence for f in r.d.ranked_findings() if f.code.endswith("_ADDRESS_IS_TOKEN_CONTRACT")), None
    )
    if contract is not None:
        r.say("reply.warning.token_contract", symbol=symbol(contract.get("symbol"), "?"))
        said = True
    if r.code("TRON_PERMISSION_FOREIGN"):
        r.say("reply.warning.foreign_control")
        said = True
    if any(e.get("role") == "address" for e in _all(r, "TRON_USDT_BLACKLISTED")):
        r.say("reply.warning.frozen")
        said = True
    return said


def _activity(r: Reply) -> None:
    for ev in _all(r, "ADDR_ACTIVITY") + _all(r, "ADDR_NO_ACTIVITY"):
        count = ev.get("confirmed_tx_count")
        chain = r.chain(ev.get("chain") or r.d.chain)
        if isinstance(count, int) and count > 0:
            r.say("reply.valid.activity", count=count, chain=chain)
        else:
            r.say("reply.valid.no_activity", chain=chain)
    summary = r.ev("EVM_ADDRESS_SUMMARY")
    if summary is not None:
        active = _list(summary, "active_on")
        if active:
            r.say("reply.valid.used_on", chains=r.chains(active))
        elif _list(summary, "inactive_on"):
            r.say("reply.valid.unused")
    if r.code("TRON_ADDRESS_NOT_ACTIVATED"):
        r.say("reply.valid.not_activated")
    if any(ev.get("is_contract") is True for ev in _all(r, "EVM_ADDRESS_ACTIVITY")):
        r.say("reply.valid.smart_contract")  # an EIP-7702 delegated account is not counted (docs/evm.md)


def _raw_txid(r: Reply) -> str | None:
    """The txid of a signed transaction checked offline (its hex was pasted, not a txid)."""
    evm = r.ev("EVM_RAW_TX_DECODED")
    if evm is not None and isinstance(evm.get("hash"), str):
        return str(evm["hash"])
    txid = r.d.facts.get("txid")  # Bitcoin: the decoded txid, which the raw hex does not contain
    return txid if isinstance(txid, str) and txid.lower() not in r.d.input.lower() else None


def valid(r: Reply) -> None:
    if r.d.kind is not Kind.ADDRESS:
        txid = _raw_txid(r)
        r.say("reply.valid.raw_tx_offline", txid=txid) if txid else r.say("reply.valid.txid_offline")
        return
    ev = r.ev("ADDR_VALID", "ADDR_OTHER_CHAIN") or {}
    chains = _main_networks(_list(ev, "chains") or ([r.d.chain] if r.d.chain else []))
    r.say("reply.valid.address", address=r.d.input, chains=r.chains(chains))
    _activity(r)
    if not _warnings(r):
        r.ask("reply.valid.todo")


def _main_networks(names: list[Any]) -> list[Any]:
    """The chains an address is for, test networks left out when a main network is among them."""
    main = [n for n in names if n in CHAINS and not CHAINS[n].is_test_network]
    return main or names


def _address_reason(code: object) -> str:
    return next((k for k, codes in _ADDRESS_REASONS.items() if code in codes), "other")


def invalid(r: Reply) -> None:
    bad = r.ev("ADDR_INVALID")
    wrong = r.ev("ADDR_WRONG_NETWORK", "ADDR_OTHER_CHAIN")
    if bad is not None:
        reason = r.t(f"reply.invalid.address_reason.{_address_reason(bad.get('error_code'))}")
        r.say("reply.invalid.address", address=r.d.input, reason=reason)
        r.ask("reply.invalid.todo_address")
    elif wrong is not None and wrong.get("asked_chain"):
        asked = r.chain(wrong["asked_chain"])
        r.say(
            "reply.invalid.wrong_network",
            address=r.d.input,
            chains=r.chains(_list(wrong, "chains")),
            asked=asked,
        )
        r.ask("reply.invalid.todo_wrong_network", asked=asked)
    elif r.code("ADDR_BURN"):
        r.say("reply.invalid.burn", address=r.d.input)
        r.ask("reply.invalid.todo_burn")
    elif r.d.kind is Kind.ADDRESS and _warnings(r):
        return
    elif r.code(*_RAW_REASONS):
        refused = r.code(*_RAW_REASONS) or ""
        r.say("reply.invalid.raw_tx", reason=r.t(f"reply.invalid.raw_reason.{_RAW_REASONS[refused]}"))
        r.ask("reply.invalid.todo_raw_tx")
    else:
        code = r.code(*_INPUT_REASONS) or "INPUT_UNRECOGNISED"
        r.say("reply.invalid.input", reason=r.t(f"reply.invalid.input_reason.{_INPUT_REASONS[code]}"))
        if code == "INPUT_EXTENDED_PUBLIC_KEY":
            r.say("reply.invalid.xpub_note")
        r.ask("reply.invalid.todo_input")


def unreachable(r: Reply) -> None:
    r.say("reply.unreachable.main")
    r.ask("reply.unreachable.todo")
