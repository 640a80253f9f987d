"""Each classified input to its family, found in the family table (:mod:`txdoctor.core.families`).

What no family owns is answered here: a secret (refused), unrecognised text, an address of a
family txdoctor does not look up or an invalid one (the shared address checks), a transaction
form no family takes on the chain asked, the ``0x`` of a hash given with a chain whose IDs have
none. Families are imported only on the paths that use them: an offline address check
imports neither httpx nor a provider.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import replace
from typing import Any, TypeVar

from txdoctor.core.chains import CHAINS
from txdoctor.core.checks.common import chain_term, from_link, input_problem, prefix_dropped, secret_refused
from txdoctor.core.classified import Classified
from txdoctor.core.classify import VIA_LINK, classify
from txdoctor.core.diagnosis import address_diagnosis, make_diagnosis, with_not_found_cause
from txdoctor.core.families import claiming, family_named, family_of
from txdoctor.core.findings import Term, finding
from txdoctor.core.session import LINK_CHAIN, Options, Session
from txdoctor.model import Category, Diagnosis, Kind, Severity, Verdict

T = TypeVar("T")


async def diagnose_input(session: Session, raw: str) -> Diagnosis:
    """One input of the run, whatever it is."""
    c = classify(raw)
    token = LINK_CHAIN.set(CHAINS[c.link_chain]) if c.link_chain in CHAINS else None
    try:
        d = with_not_found_cause(await _diagnose(session, c))
    finally:
        if token is not None:
            LINK_CHAIN.reset(token)
    if c.via is None:
        return d
    findings = d.findings
    if c.via == VIA_LINK:  # an explorer showed this ID: it is no private key
        findings = tuple(f for f in findings if f.code != "INPUT_MAYBE_PRIVATE_KEY")
    note = from_link(c.via, c.text, c.link_chain)
    return replace(d, findings=(*findings, note))


async def _diagnose(session: Session, c: Classified) -> Diagnosis:
    if c.kind is Kind.SECRET and c.secret is not None:
        return make_diagnosis(c, None, [secret_refused(c.secret)], {})
    if c.kind is Kind.UNKNOWN:
        return make_diagnosis(
            c, None, [input_problem(c.problem_code or "INPUT_UNRECOGNISED", **dict(c.problem_words))], {}
        )
    if c.kind is Kind.ADDRESS:
        return await _address(session, c)
    return await _txid(session, c)


async def _address(session: Session, c: Classified) -> Diagnosis:
    from txdoctor.core.checks.address import AddressContext  # the address checks: not a txid's

    assert c.address is not None
    ctx = AddressContext(c.address, session.asked_chain)
    spec = family_named(c.address.family) if c.address.valid else None
    if spec is not None:
        return await spec.hooks().diagnose_address(session, c, ctx)
    return address_diagnosis(session, c, ctx)


async def _txid(session: Session, c: Classified) -> Diagnosis:
    asked = session.asked_chain
    if asked is not None and c.form == "txid_0x":
        spec = family_of(asked)
        if "txid_0x" not in spec.asked_forms and "txid_hex" in spec.asked_forms:
            # --chain names a chain whose txids have no 0x: look there only, and say so.
            d = await _txid(session, replace(c, text=c.text[2:], form="txid_hex"))
            return replace(d, findings=(*d.findings, prefix_dropped(c.text, asked)))
    owner = claiming(c.form, asked)
    if owner is not None:
        session.warm(owner.warm)
        return await owner.hooks().diagnose_tx(session, c)
    problem = (
        Term("finding.INPUT_UNSUPPORTED.chain", chain_name=chain_term(asked.name))
        if asked is not None
        else Term("finding.INPUT_UNSUPPORTED.form")
    )
    unsupported = input_problem("INPUT_UNSUPPORTED", problem=problem)
    return make_diagnosis(c, asked.name if asked else None, [unsupported], {})


def internal_error(text: str, err: BaseException) -> Diagnosis:
    """A bug in txdoctor on one input, as a result (the other inputs are unaffected)."""
    c = classify(text)
    return Diagnosis(
        c.text,
        c.kind,
        None,
        Verdict.UNREACHABLE,
        (
            finding(
                "INTERNAL_ERROR",
                Category.NETWORK,
                Severity.ERROR,
                {"error": type(err).__name__},
                Verdict.UNREACHABLE,
            ),
        ),
        {},
    )


async def diagnose_one(text: str, options: Options) -> Diagnosis:
    async with Session(options) as session:
        return await diagnose_input(session, text)


async def diagnose_many(inputs: list[str], options: Options) -> list[Diagnosis]:
    async with Session(options) as session:
        import asyncio

        return list(await asyncio.gather(*(diagnose_input(session, i) for i in inputs)))


def run_coroutine(factory: Callable[[], Coroutine[Any, Any, T]], offline: bool) -> T:
    """Run a coroutine; offline, without an event loop.

    An offline check never waits on I/O, and skipping asyncio (its import alone is
    ~40 ms) keeps it fast. Online work runs under asyncio.run.
    """
    if offline:
        coro = factory()
        try:
            coro.send(None)
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]
        coro.close()
        raise RuntimeError("an offline check tried to wait on I/O")  # a bug, never user input
    import asyncio

    return asyncio.run(factory())
