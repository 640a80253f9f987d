"""The reply for the outcomes after "was it mined": failed, not found, addresses, unreachable.

The family-neutral skeleton: the core's own codes (``INPUT_*``, ``ADDR_*``) are read here;
what a family's findings add comes from its :class:`~txdoctor.core.reply.ReplyParts`.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from txdoctor.core.chains import CHAINS
from txdoctor.core.families import FAMILIES
from txdoctor.core.reply import Reply, ReplyParts, list_of, plain_reason
from txdoctor.model import Kind

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


@cache
def family_parts() -> tuple[ReplyParts, ...]:
    """Every family's reply parts (its ``reply_parts`` hook), in the family table's order."""
    return tuple(spec.hooks().reply_parts() for spec in FAMILIES)


# ------------------------------------------------------------------ failed


def failed(r: Reply) -> None:
    r.say("reply.failed.main", chain=r.chain())
    if not any(parts.failed(r) for parts in family_parts()):
        r.say("reply.failed.rejected")
        raw = next((x for parts in family_parts() if (x := parts.revert_reason(r)) is not None), None)
        _revert_reason(r, raw)
        r.ask("reply.failed.todo_rejected")
    any(parts.fee_charged(r) for parts in family_parts())


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


# ------------------------------------------------------------------ not found


def not_found(r: Reply) -> None:
    if any(parts.not_found(r) for parts in family_parts()):
        return
    if r.d.chain:
        r.say("reply.not_found.main", chain=r.chain())
    else:
        r.say("reply.not_found.main_any")
    r.say("reply.not_found.reasons")
    if r.code("INPUT_MAYBE_PRIVATE_KEY"):
        r.say("reply.not_found.maybe_key")
    for parts in family_parts():
        parts.not_found_notes(r)
    r.ask("reply.not_found.todo")


# ------------------------------------------------------------------ addresses


def _warnings(r: Reply) -> bool:
    """Warnings that outweigh "you can send to it"; True when one was said."""
    return any([parts.warnings(r) for parts in family_parts()])  # every family's, not the first


def _raw_txid(r: Reply) -> str | None:
    """The txid of a signed transaction checked offline (its hex was pasted, not a txid)."""
    decoded = next((t for parts in family_parts() if (t := parts.raw_txid(r)) is not None), None)
    if decoded is not None:
        return decoded
    txid = r.d.facts.get("txid")  # a decoded txid, which the raw hex does not contain
    return txid if isinstance(txid, str) and txid.lower() not in r.d.input.lower() else None


def valid(r: Reply) -> None:
    if r.d.kind is not Kind.ADDRESS:
        txid = _raw_txid(r)
        r.say("reply.valid.raw_tx_offline", txid=txid) if txid else r.say("reply.valid.txid_offline")
        return
    ev = r.ev("ADDR_VALID", "ADDR_OTHER_CHAIN") or {}
    chains = _main_networks(list_of(ev, "chains") or ([r.d.chain] if r.d.chain else []))
    r.say("reply.valid.address", address=r.d.input, chains=r.chains(chains))
    for parts in family_parts():
        parts.address(r)
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
            chains=r.chains(list_of(wrong, "chains")),
            asked=asked,
        )
        r.ask("reply.invalid.todo_wrong_network", asked=asked)
    elif r.code("ADDR_BURN"):
        r.say("reply.invalid.burn", address=r.d.input)
        r.ask("reply.invalid.todo_burn")
    elif r.d.kind is Kind.ADDRESS and _warnings(r):
        return
    elif not any(parts.refused(r) for parts in family_parts()):
        _bad_input(r)


def _bad_input(r: Reply) -> None:
    code = r.code(*_INPUT_REASONS) or "INPUT_UNRECOGNISED"
    r.say("reply.invalid.input", reason=r.t(f"reply.invalid.input_reason.{_INPUT_REASONS[code]}"))
    if code == "INPUT_EXTENDED_PUBLIC_KEY":
        r.say("reply.invalid.xpub_note")
    r.ask("reply.invalid.todo_input")


def unreachable(r: Reply) -> None:
    r.say("reply.unreachable.main")
    r.ask("reply.unreachable.todo")
