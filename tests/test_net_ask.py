"""txdoctor.core.net.base.ask_in_order: the one "ask the providers in order" loop.

The families' old loops (EVM find_tx, Bitcoin lookup_tx, TRON find_tx, first_answer) are
written out below as the rule they followed; any sequence of provider outcomes gives the
same providers asked, the same answers and the same failures.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from txdoctor.core.chains import CHAINS
from txdoctor.core.net.base import (
    AllProvidersFailed,
    Asked,
    Attempt,
    BadResponse,
    NotFound,
    Unavailable,
    ask_in_order,
    first_answer,
)

CHAIN = next(iter(CHAINS.values()))
OUTCOMES = ("found", "missing", "blind", "down", "bad")


@dataclass
class Fake:
    name: str
    outcome: str


def providers(outcomes: list[str]) -> list[Fake]:
    return [Fake(f"https://p{i}.example", o) for i, o in enumerate(outcomes)]


def run(outcomes: list[str], confirm: bool = True) -> tuple[list[str], Asked[Fake, str] | AllProvidersFailed]:
    """(the providers asked, in order; the Asked or the AllProvidersFailed raised)"""
    asked: list[str] = []

    async def op(p: Fake) -> str:
        asked.append(p.name)
        if p.outcome == "down":
            raise Unavailable(p.name, "connection refused")
        if p.outcome == "bad":
            raise BadResponse(p.name, "truncated or invalid JSON")
        return p.outcome

    async def main() -> Asked[Fake, str] | AllProvidersFailed:
        try:
            return await ask_in_order(
                CHAIN,
                providers(outcomes),
                op,
                found=lambda v: v == "found",
                confirm=confirm,
                sure=lambda v: v != "blind",
            )
        except AllProvidersFailed as err:
            return err

    return asked, asyncio.run(main())


def old_rule(outcomes: list[str], confirm: bool) -> tuple[list[int], list[int], list[int], bool]:
    """The old loops: (asked, answered, failed) provider indexes and whether one found it."""
    asked: list[int] = []
    answered: list[int] = []
    failed: list[int] = []
    for i, o in enumerate(outcomes):
        asked.append(i)
        if o in ("down", "bad"):
            failed.append(i)
            continue
        answered.append(i)
        if o == "found":
            return asked, answered, failed, True
        if o == "blind":  # cannot tell: the next one is asked whatever ``confirm`` says
            continue
        if not confirm:
            break
    return asked, answered, failed, False


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(OUTCOMES), max_size=6), st.booleans())
def test_any_outcomes_follow_the_old_loops_rule(outcomes: list[str], confirm: bool) -> None:
    asked, result = run(outcomes, confirm)
    want_asked, answered, failed, found = old_rule(outcomes, confirm)
    names = [p.name for p in providers(outcomes)]
    assert asked == [names[i] for i in want_asked]
    if not answered:
        assert isinstance(result, AllProvidersFailed)
        assert [f.provider for f in result.failures] == [names[i] for i in failed]
        return
    assert isinstance(result, Asked)
    assert [a.provider.name for a in result.answers] == [names[i] for i in answered]
    assert result.found is found
    assert [f.provider for f in result.failures] == [names[i] for i in failed]
    for a in result.answers:
        at = names.index(a.provider.name)
        assert a.failed_before == len([i for i in failed if i < at])
    assert [a.value for a in result.missing] == [outcomes[i] for i in answered if outcomes[i] != "found"]


def test_a_not_found_is_confirmed_by_every_later_provider_until_one_has_it() -> None:
    asked, result = run(["missing", "down", "missing", "found", "missing"])
    assert isinstance(result, Asked)
    assert asked == [f"https://p{i}.example" for i in range(4)]
    assert result.found
    assert result.answers[-1].provider.name == "https://p3.example"
    assert [(f.provider, f.reason) for f in result.failures] == [("https://p1.example", "unavailable")]


def test_without_confirmation_the_first_clear_not_found_ends_it_but_cannot_tell_does_not() -> None:
    asked, result = run(["blind", "bad", "missing", "found"], confirm=False)
    assert isinstance(result, Asked)
    assert asked == [f"https://p{i}.example" for i in range(3)]
    assert not result.found
    assert [a.value for a in result.answers] == ["blind", "missing"]
    assert [a.failed_before for a in result.answers] == [0, 1]


def test_nobody_answering_raises_with_every_failure() -> None:
    asked, result = run(["down", "bad"])
    assert len(asked) == 2
    assert isinstance(result, AllProvidersFailed)
    assert [f.reason for f in result.failures] == ["unavailable", "bad_response"]


def test_first_answer_takes_any_answer_and_a_shared_attempt_gets_the_failures() -> None:
    async def op(p: Fake) -> str:
        if p.outcome != "missing":
            raise (
                NotFound(p.name, "no such thing") if p.outcome == "gone" else Unavailable(p.name, "timed out")
            )
        return p.name

    attempt = Attempt()
    ps = providers(["down", "missing", "down"])
    value, used, failures = asyncio.run(first_answer(CHAIN, ps, op, attempt))
    assert (value, used) == ("https://p1.example", ps[1])
    assert failures is attempt.failures
    assert [(f.provider, f.detail) for f in attempt.failures] == [("https://p0.example", "timed out")]
    with pytest.raises(AllProvidersFailed) as err:
        asyncio.run(first_answer(CHAIN, providers(["gone", "down"]), op, attempt))
    assert [f.reason for f in err.value.failures] == ["unavailable", "not_found", "unavailable"]
