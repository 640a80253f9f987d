"""The reply's family parts (``reply_parts`` hook, :class:`txdoctor.core.reply.ReplyParts`): the
skeleton in render/ reaches a family's sentences only through them, and each family's part
reads only its own findings."""

from __future__ import annotations

import importlib
from dataclasses import fields
from typing import Any

import pytest

from txdoctor.core.families import FAMILIES
from txdoctor.core.reply import Reply, ReplyParts
from txdoctor.messages import catalog
from txdoctor.model import Category, Diagnosis, Finding, Kind, Severity, Verdict
from txdoctor.render import reply_outcomes
from txdoctor.render.reply import build_reply

# Evidence every part would say something about, were the finding its own.
RICH: dict[str, Any] = {
    "confirmations": 3,
    "finalized": True,
    "solidified": True,
    "eta_minutes": 5,
    "found_on": ["ethereum", "bsc"],
    "asked_chain": "bitcoin",
    "signed_for": "bsc",
    "role": "sender",
    "energy_needed": 1000,
    "energy_price_sun": 420,
    "fee_trx": 1.5,
    "fee_paid": "21000000000000",
    "reason": "paused",
    "hash": "0x" + "ab" * 32,
    "replaced_by": "cd" * 32,
    "conflicts": [{"spent_by": "ef" * 32}],
    "inputs": [{"spent_by": "ef" * 32}],
    "needed_fee_rate": 2.0,
    "missing_nonces": [4],
    "shortfall": "1000",
    "new_max_fee_gwei": 3,
    "active_on": ["ethereum"],
    "is_contract": True,
    "confirmed_tx_count": 2,
    "amount_display": "1",
    "to": "0x" + "12" * 20,
    "recipient": "T" * 34,
    "amount_trx": 2,
    "symbol": "USDT",
}


def _codes(name: str) -> list[str]:
    module = importlib.import_module(f"txdoctor.families.{name}.codes")
    return [code for section in module.SECTIONS for code in section.codes]


def _said(parts: ReplyParts, d: Diagnosis) -> list[tuple[str, object, list[str], list[str]]]:
    out = []
    for slot in fields(ReplyParts):
        r = Reply(d, catalog("en"))
        answer = getattr(parts, slot.name)(r)
        out.append((slot.name, answer, r.what, r.todo))
    return out


@pytest.mark.parametrize("spec", FAMILIES, ids=lambda s: s.name)
@pytest.mark.parametrize("verdict", list(Verdict), ids=lambda v: v.value)
def test_a_family_part_ignores_the_other_families_findings(spec: Any, verdict: Verdict) -> None:
    """Every other family's code, with evidence that would make a sentence, changes nothing
    in this family's part: what it says is what it says of a diagnosis with no finding."""
    parts = spec.hooks().reply_parts()
    others = [c for other in FAMILIES if other is not spec for c in _codes(other.name)]
    assert len(others) > 30
    findings = tuple(Finding(c, Category.STATUS, Severity.ERROR, "m", "a", dict(RICH)) for c in others)
    chain = next(spec.chains()).name
    crowded = Diagnosis("x", Kind.TXID, chain, verdict, findings, {})
    empty = Diagnosis("x", Kind.TXID, chain, verdict, (), {})
    assert _said(parts, crowded) == _said(parts, empty)


def test_the_rich_evidence_does_make_a_family_say_something() -> None:
    """The test above could not fail if its evidence made no sentence: with its own codes it does."""
    spec = FAMILIES[[s.name for s in FAMILIES].index("evm")]
    own = tuple(Finding(c, Category.STATUS, Severity.ERROR, "m", "a", dict(RICH)) for c in _codes("evm"))
    d = Diagnosis("x", Kind.TXID, "ethereum", Verdict.FAILED, own, {})
    assert _said(spec.hooks().reply_parts(), d) != _said(
        spec.hooks().reply_parts(), Diagnosis("x", Kind.TXID, "ethereum", Verdict.FAILED, (), {})
    )


def test_the_skeleton_says_what_a_family_part_says(monkeypatch: pytest.MonkeyPatch) -> None:
    """A family's part reaches the reply through the table's hook alone: render/ needs no edit
    for a family it has never seen (here one that explains every failure as out of gas)."""

    def failed(r: Reply) -> bool:
        r.say("reply.failed.out_of_gas", gas_limit=21000)
        r.ask("reply.failed.todo_gas")
        return True

    d = Diagnosis("x", Kind.TXID, "ethereum", Verdict.FAILED, (), {})
    before = build_reply(d, catalog("en"))
    monkeypatch.setattr(reply_outcomes, "family_parts", lambda: (ReplyParts(failed=failed),))
    after = build_reply(d, catalog("en"))
    assert "21000" not in before and "rejected" in before.lower()
    assert "21000" in after and before != after
