"""What the reply says for each verdict: one function per verdict, the family-neutral skeleton.

Each function says the outcome's main sentence and what to do, and asks every family's
:class:`~txdoctor.core.reply.ReplyParts` (the family table's ``reply_parts`` hook, in the
table's order) for what its findings add: this package knows no family's finding codes
(tests/render/test_reply_families.py). A finding no family knows adds nothing, so a new code
never breaks a reply.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from txdoctor.core.chains import CHAINS
from txdoctor.core.families import family_of
from txdoctor.core.reply import Reply
from txdoctor.model import Verdict
from txdoctor.render import reply_outcomes as o
from txdoctor.render.reply_outcomes import family_parts


def _confirmations(r: Reply) -> int | None:
    found = (p.success(r) for p in family_parts())
    first: dict[str, Any] | None = next((e for e in found if e is not None), None)
    success = first or {}
    for value in (r.d.facts.get("confirmations"), success.get("confirmations")):
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value
    return None


def confirmed(r: Reply) -> None:
    count = _confirmations(r)
    if count is None:
        r.say("reply.confirmed.main_no_count", chain=r.chain())
    else:
        r.say("reply.confirmed.main", chain=r.chain(), count=count)
    for parts in family_parts():
        parts.confirmed(r)
    r.ask("reply.confirmed.todo")


def pending(r: Reply) -> None:
    r.say("reply.pending.main", chain=r.chain())
    again: int | None = None
    for parts in family_parts():  # the last family with a horizon sets when to look again
        said = parts.pending(r)
        again = said if said is not None else again
    r.ask("reply.pending.check_again", minutes=again or 30)


def stuck(r: Reply) -> None:
    """Only the diagnosis's own family says why (every family's when the chain is unknown)."""
    r.say("reply.stuck.main", chain=r.chain())
    chain = CHAINS.get(r.d.chain or "")
    if chain is not None:
        family_of(chain).hooks().reply_parts().stuck(r)
        return
    for parts in family_parts():
        parts.stuck(r)


def replaced(r: Reply) -> None:
    if not any(parts.replaced(r) for parts in family_parts()):
        r.say("reply.replaced.main")
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
