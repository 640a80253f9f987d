"""Findings into a Diagnosis, whatever the family: the verdict, and the not-found cause every
``not_found`` carries."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from txdoctor.core.chains import CHAINS
from txdoctor.model import Diagnosis, Finding, Verdict, decide_verdict

if TYPE_CHECKING:
    from txdoctor.core.checks.address import AddressContext
    from txdoctor.core.classified import Classified
    from txdoctor.core.session import Session


def make_diagnosis(
    c: Classified,
    chain: str | None,
    findings: list[Finding],
    facts: dict[str, Any],
    default: Verdict = Verdict.INVALID,
) -> Diagnosis:
    verdict = decide_verdict(findings, default, c.kind)
    return Diagnosis(c.text, c.kind, chain, verdict, tuple(findings), facts)


def with_not_found_cause(d: Diagnosis, narrowed: bool = False, dropped: Collection[str] = ()) -> Diagnosis:
    """Every not_found carries one NET_NOT_FOUND_CAUSE: added from the family's findings when
    the family did not add its own (the networks it checked, those it could not, where it is);
    ``dropped``: the family's codes saying the transaction existed but is gone."""
    if d.verdict is not Verdict.NOT_FOUND or any(f.code == "NET_NOT_FOUND_CAUSE" for f in d.findings):
        return d
    from txdoctor.core.checks.common import not_found_cause

    searched: list[str] = [d.chain] if d.chain else []
    unasked: list[str] = []
    found_on: list[str] = []
    cause = None
    for f in d.findings:
        ev = f.evidence
        checked = ev.get("checked")
        searched += [checked] if isinstance(checked, str) else list(checked or [])
        unasked += list(ev.get("unchecked") or [])
        if f.verdict is Verdict.NOT_FOUND:
            found_on += list(ev.get("found_on") or [])
        if f.code in dropped:
            cause = "dropped_or_expired"
    chain = CHAINS.get(d.chain) if d.chain else None
    note = not_found_cause(chain, searched, unasked, list(dict.fromkeys(found_on)), cause, narrowed)
    return replace(d, findings=(*d.findings, note))


def address_diagnosis(
    session: Session, c: Classified, ctx: AddressContext, extra: list[Finding] | None = None
) -> Diagnosis:
    """The shared address checks (format, checksum, network, with what the family found online
    in ``ctx.lookup``), plus a family's ``extra`` findings (its providers' failures)."""
    from txdoctor.core.checks.address import address_checks, address_facts

    info = ctx.info
    findings = address_checks.run(ctx) + (extra or [])
    asked = session.asked_chain
    chain = asked.name if asked else (info.chains[0] if len(info.chains) == 1 else None)
    if chain is None and len(ctx.lookup.active_on) == 1:
        chain = ctx.lookup.active_on[0]
    return make_diagnosis(c, chain, findings, address_facts(ctx), default=Verdict.VALID)
