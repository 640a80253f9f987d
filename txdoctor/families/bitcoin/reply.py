"""What a customer reply says of the Bitcoin family's findings (its ``reply_parts`` hook):
confirmations, the wait, a stuck fee and how to bump it, a replacement or a conflict, another
network, what a Core node refuses, an address's activity. Reads codes and evidence only
(docs/findings.md); every sentence comes from the catalog's ``reply.*`` entries."""

from __future__ import annotations

from typing import Any

from txdoctor.core.reply import Reply, ReplyParts, minutes, not_sent, num, other_network

# Why a Core node refuses a signed Bitcoin transaction for good (docs/findings.md, Core node).
_RAW_REASONS = {
    "BTC_RAW_TX_INPUTS_MISSING": "inputs_missing",
    "BTC_RAW_TX_DUST": "dust",
    "BTC_RAW_TX_TOO_LARGE": "too_large",
    "BTC_RAW_TX_NONSTANDARD": "nonstandard",
    "BTC_RAW_TX_FEE_ABSURD": "fee_absurd",
    "BTC_RAW_TX_REJECTED": "rejected",
}


def _success(r: Reply) -> dict[str, Any] | None:
    return r.ev("BTC_TX_CONFIRMED")


def _pending(r: Reply) -> int | None:
    eta = minutes((r.ev("BTC_FEE_OK", "BTC_ACTION_WAIT") or {}).get("eta_minutes"))
    if eta is None:
        return None
    r.say("reply.pending.eta", minutes=eta)
    return max(10, eta)


def _node_refused(r: Reply) -> bool:
    """A raw transaction a Core node would not accept yet (docs/findings.md, Core node)."""
    fee = r.ev("BTC_RAW_TX_MIN_RELAY_FEE", "BTC_RAW_TX_MEMPOOL_MIN_FEE")
    if fee is not None and fee.get("needed_fee_rate") is not None:
        rate = num(fee["needed_fee_rate"])
        r.say("reply.stuck.not_sent_needs", fee_rate=rate)
        r.ask("reply.stuck.resend_higher_fee", fee_rate=rate)
        return True
    bump = r.ev("BTC_RAW_TX_REPLACEMENT_FEE")
    if bump is not None and bump.get("needed_fee") is not None:
        r.say("reply.stuck.replacement_fee", fee=num(bump["needed_fee"]), extra=num(bump.get("extra_fee")))
        r.ask("reply.stuck.resend_replacement", fee=num(bump["needed_fee"]))
        return True
    lock = r.ev("BTC_RAW_TX_NON_FINAL")
    if lock is not None:
        blocks = lock.get("blocks_to_wait")
        if isinstance(blocks, int) and blocks > 0:
            r.say("reply.stuck.locked_blocks", count=blocks)
            r.ask("reply.pending.check_again", minutes=blocks * 10)
        else:
            r.say("reply.stuck.locked")
        return True
    return False


def _fee_too_low(r: Reply) -> None:
    ev = r.ev("BTC_FEE_BELOW_MEMPOOL_MIN")
    if ev is not None:
        r.say(
            "reply.stuck.below_minimum",
            fee_rate=num(ev.get("effective_fee_rate")),
            minimum=num(ev.get("mempool_min_fee")),
        )
    ev = r.ev("BTC_FEE_TOO_LOW")
    if ev is not None and r.code("BTC_FEE_BELOW_MEMPOOL_MIN") is None:
        r.say(
            "reply.stuck.fee_too_low",
            fee_rate=num(ev.get("effective_fee_rate")),
            next_fee=num(ev.get("next_block_fee")),
        )


def _stuck(r: Reply) -> None:
    if _node_refused(r):
        return
    raw = r.ev("BTC_RAW_TX_FEE_TOO_LOW")
    if raw is not None:
        minimum = num(raw.get("mempool_min_fee"))
        r.say("reply.stuck.not_sent_fee_too_low", fee_rate=num(raw.get("fee_rate")), minimum=minimum)
        r.ask("reply.stuck.resend_higher_fee", fee_rate=minimum)
        return
    _fee_too_low(r)
    rbf, cpfp = r.ev("BTC_ACTION_RBF"), r.ev("BTC_ACTION_CPFP")
    if rbf is not None:
        r.ask(
            "reply.stuck.rbf",
            fee_rate=num(rbf.get("new_fee_rate")),
            fee=num(rbf.get("new_fee")),
            extra=num(rbf.get("extra_cost")),
        )
    elif cpfp is not None:
        r.ask("reply.stuck.cpfp", fee=num(cpfp.get("child_fee")), fee_rate=num(cpfp.get("child_fee_rate")))
    r.ask("reply.stuck.expires")


def _conflict(r: Reply) -> dict[str, Any] | None:
    conflict = r.ev("BTC_TX_CONFLICT")
    spent_in_mempool = r.ev("BTC_RAW_TX_INPUTS_SPENT")
    if conflict is None and spent_in_mempool is not None:
        conflict = {"conflicts": spent_in_mempool.get("inputs") or []}
    return conflict


def _replaced(r: Reply) -> bool:
    ev = r.ev("BTC_TX_REPLACED")
    conflict = _conflict(r)
    if conflict is not None and ev is None:
        spent = [c.get("spent_by") for c in conflict.get("conflicts") or [] if isinstance(c, dict)]
        spent = [s for s in spent if isinstance(s, str)]
        if spent:
            r.say("reply.replaced.conflict", txid=spent[0])
        else:
            r.say("reply.replaced.conflict_unnamed")
        r.ask("reply.replaced.todo_conflict")
        return True
    if ev is None:
        return False
    r.say("reply.replaced.main")
    if ev.get("replaced_by"):
        key = "new_confirmed" if ev.get("replacement_mined") else "new_waiting"
        r.say(f"reply.replaced.{key}", txid=ev["replaced_by"])
    r.ask("reply.replaced.todo")
    return True


def _not_found(r: Reply) -> bool:
    if other_network(r, r.ev("BTC_TX_ON_OTHER_NETWORK")):
        return True
    return bool(r.code("BTC_RAW_TX_NOT_BROADCAST")) and not_sent(r)


def _address(r: Reply) -> None:
    for ev in r.all("ADDR_ACTIVITY") + r.all("ADDR_NO_ACTIVITY"):
        count = ev.get("confirmed_tx_count")
        chain = r.chain(ev.get("chain") or r.d.chain)
        if isinstance(count, int) and count > 0:
            r.say("reply.valid.activity", count=count, chain=chain)
        else:
            r.say("reply.valid.no_activity", chain=chain)


def _refused(r: Reply) -> bool:
    refused = r.code(*_RAW_REASONS)
    if refused is None:
        return False
    r.say("reply.invalid.raw_tx", reason=r.t(f"reply.invalid.raw_reason.{_RAW_REASONS[refused]}"))
    r.ask("reply.invalid.todo_raw_tx")
    return True


PARTS = ReplyParts(
    success=_success,
    pending=_pending,
    stuck=_stuck,
    replaced=_replaced,
    not_found=_not_found,
    address=_address,
    refused=_refused,
)
