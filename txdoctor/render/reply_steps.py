"""What the reply says for each verdict: one function per verdict, reading codes and evidence.

Each function picks catalog sentences from the findings it knows (docs/findings.md,
docs/evm.md, docs/tron.md) and fills them with the evidence's numbers; a finding it does
not know adds nothing, so a new code never breaks a reply.
"""

from __future__ import annotations

from collections.abc import Callable

from txdoctor.core.chains import CHAINS
from txdoctor.model import Verdict
from txdoctor.render import reply_outcomes as o
from txdoctor.render.reply_parts import Reply, minutes, native_symbol, num, symbol, units


def _confirmations(r: Reply) -> int | None:
    for value in (
        r.d.facts.get("confirmations"),
        (r.ev("BTC_TX_CONFIRMED", "EVM_TX_SUCCESS", "EVM_TX_NO_STATUS", "TRON_TX_SUCCESS") or {}).get(
            "confirmations"
        ),
    ):
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value
    return None


def _moved(r: Reply) -> None:
    """What a confirmed transfer moved, when a token or TRX transfer was decoded."""
    ev = r.ev("EVM_TOKEN_TRANSFER")
    if ev and ev.get("amount_display") and ev.get("to"):
        r.say(
            "reply.confirmed.moved",
            amount=ev["amount_display"],
            symbol=symbol(ev.get("symbol"), ""),
            recipient=ev["to"],
        )
        return
    ev = r.ev("TRON_TOKEN_TRANSFER")
    if ev and isinstance(ev.get("decimals"), int) and ev.get("recipient"):
        amount = units(ev.get("amount"), ev["decimals"], places=ev["decimals"])
        if amount is not None:
            r.say(
                "reply.confirmed.moved",
                amount=amount,
                symbol=symbol(ev.get("symbol"), ""),
                recipient=ev["recipient"],
            )
        return
    ev = r.ev("TRON_TRX_TRANSFER")
    if ev and ev.get("amount_trx") is not None and ev.get("recipient"):
        r.say("reply.confirmed.moved", amount=num(ev["amount_trx"]), symbol="TRX", recipient=ev["recipient"])


def confirmed(r: Reply) -> None:
    count = _confirmations(r)
    if count is None:
        r.say("reply.confirmed.main_no_count", chain=r.chain())
    else:
        r.say("reply.confirmed.main", chain=r.chain(), count=count)
    tron = r.ev("TRON_TX_SUCCESS") or {}
    evm = r.ev("EVM_TX_SUCCESS") or {}
    if tron.get("solidified") is True or evm.get("finalized") is True:
        r.say("reply.confirmed.final")
    _moved(r)
    if r.code("EVM_TOKEN_TO_CONTRACT_ITSELF", "TRON_TOKEN_TO_CONTRACT_ITSELF"):
        r.say("reply.confirmed.to_token_contract")
    r.ask("reply.confirmed.todo")


def pending(r: Reply) -> None:
    r.say("reply.pending.main", chain=r.chain())
    again: int | None = None
    eta = minutes((r.ev("BTC_FEE_OK", "BTC_ACTION_WAIT") or {}).get("eta_minutes"))
    if eta is not None:
        r.say("reply.pending.eta", minutes=eta)
        again = max(10, eta)
    blocked = r.ev("EVM_NONCE_BLOCKED")
    if blocked is not None:
        count = blocked.get("waiting_for_count") or len(blocked.get("blocked_by_nonces") or []) or 1
        r.say("reply.pending.waits_for_earlier", count=count)
    if r.code("EVM_FEE_LOW_PRIORITY"):
        r.say("reply.pending.low_tip")
        _replace(r)
        again = 10
    elif r.code("EVM_FEE_OK", "EVM_ACTION_WAIT"):
        r.say("reply.pending.fee_ok")
        again = 10
    if r.code("TRON_TX_PENDING"):
        r.say("reply.pending.tron")
        again = 2
    r.ask("reply.pending.check_again", minutes=again or 30)


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


def _bitcoin_stuck(r: Reply) -> None:
    if _node_refused(r):
        return
    raw = r.ev("BTC_RAW_TX_FEE_TOO_LOW")
    if raw is not None:
        minimum = num(raw.get("mempool_min_fee"))
        r.say("reply.stuck.not_sent_fee_too_low", fee_rate=num(raw.get("fee_rate")), minimum=minimum)
        r.ask("reply.stuck.resend_higher_fee", fee_rate=minimum)
        return
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


def _evm_stuck(r: Reply) -> None:
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


def stuck(r: Reply) -> None:
    r.say("reply.stuck.main", chain=r.chain())
    chain = CHAINS.get(r.d.chain or "")
    if chain is not None and chain.family == "evm":
        _evm_stuck(r)
    else:
        _bitcoin_stuck(r)


def replaced(r: Reply) -> None:
    ev = r.ev("BTC_TX_REPLACED")
    conflict = r.ev("BTC_TX_CONFLICT")
    same_nonce = r.ev("EVM_TX_REPLACED")
    spent_in_mempool = r.ev("BTC_RAW_TX_INPUTS_SPENT")
    if conflict is None and spent_in_mempool is not None:
        conflict = {"conflicts": spent_in_mempool.get("inputs") or []}
    if conflict is not None and ev is None:
        spent = [c.get("spent_by") for c in conflict.get("conflicts") or [] if isinstance(c, dict)]
        spent = [s for s in spent if isinstance(s, str)]
        if spent:
            r.say("reply.replaced.conflict", txid=spent[0])
        else:
            r.say("reply.replaced.conflict_unnamed")
        r.ask("reply.replaced.todo_conflict")
        return
    if same_nonce is not None:
        r.say("reply.replaced.same_nonce", nonce=same_nonce.get("nonce"))
    else:
        r.say("reply.replaced.main")
    if ev is not None and ev.get("replaced_by"):
        key = "new_confirmed" if ev.get("replacement_mined") else "new_waiting"
        r.say(f"reply.replaced.{key}", txid=ev["replaced_by"])
    r.ask("reply.replaced.todo")


HANDLERS: dict[Verdict, Callable[[Reply], None]] = {
    Verdict.CONFIRMED: confirmed,
    Verdict.PENDING: pending,
    Verdict.STUCK: stuck,
    Verdict.REPLACED: replaced,
    Verdict.FAILED: o.failed,
    Verdict.NOT_FOUND: o.not_found,
    Verdict.VALID: o.valid,
    Verdict.INVALID: o.invalid,
    Verdict.REFUSED: o.unreachable,  # never used: a secret is answered before the verdict is read
    Verdict.UNREACHABLE: o.unreachable,
}
