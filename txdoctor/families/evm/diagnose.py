"""EVM diagnoses of a transaction hash on Ethereum and the EVM chains.

Called lazily through the family table (:mod:`txdoctor.core.families`); this module
imports only light modules at the top, so an offline check pulls in neither httpx nor the
endpoints.

Chain detection: with ``--chain X`` the hash is looked up on X; when X does not have it,
the other candidate chains (:mod:`txdoctor.families.evm.probe`) are probed concurrently and
a hit elsewhere is the wrong-network verdict. Without ``--chain`` all candidate chains are
probed at once and the first (in chains.py order) that has it wins.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from txdoctor.core.chains import CHAINS, Chain
from txdoctor.core.checks.common import offline_only, unreachable
from txdoctor.core.diagnosis import make_diagnosis, with_not_found_cause
from txdoctor.core.session import Session
from txdoctor.families.evm.checks.network import (
    chain_id_unverified,
    network_findings,
    nowhere_reachable,
    prefix_note,
)
from txdoctor.families.evm.probe import candidate_chains, evm_source, narrowed, probe, remember, seen_store
from txdoctor.model import Diagnosis, Finding, Verdict

if TYPE_CHECKING:
    from txdoctor.core.classified import Classified
    from txdoctor.families.evm.checks.context import EvmTxContext
    from txdoctor.families.evm.facts import EvmChainState, EvmTxLookup, SeenPending


@dataclass
class _Search:
    """Where the hash was looked for and what was found; ``done`` when that is the answer."""

    chain: Chain | None
    lookup: EvmTxLookup | None = None
    found_on: tuple[str, ...] = ()
    also_on: tuple[str, ...] = ()
    checked: list[str] = field(default_factory=list)
    unchecked: list[str] = field(default_factory=list)
    not_found_by: list[str] = field(default_factory=list)  # endpoints that said "not found"
    done: Diagnosis | None = None


@dataclass(frozen=True)
class _Asked:
    c: Classified
    tx_hash: str
    asked: Chain | None  # an EVM --chain
    foreign: Chain | None  # --chain btc with a 0x hash: a hit on an EVM chain is the wrong network
    extra: list[Finding]  # network findings, after the checks' own


async def diagnose_evm_tx(session: Session, c: Classified) -> Diagnosis:
    """Diagnose an EVM transaction hash (``0x`` + 64 hex; a bare 64-hex with an EVM --chain)."""
    text = c.text.lower()
    tx_hash = text if text.startswith("0x") else "0x" + text
    chain = session.asked_chain
    evm = chain is not None and chain.family == "evm"
    q = _Asked(c, tx_hash, chain if evm else None, None if evm else chain, prefix_note(c))
    if session.options.offline:
        return _offline(q)
    seen = seen_store(session).get(tx_hash)
    if q.asked is not None:
        search = await _search_asked(session, q, q.asked)
    else:
        search = await _search_all(session, q, seen)
    if search.done is not None:
        return search.done
    return await _conclude(session, q, search, seen)


def _offline(q: _Asked) -> Diagnosis:
    name = q.asked.name if q.asked else None
    findings = [offline_only("the transaction hash"), *q.extra]
    return make_diagnosis(q.c, name, findings, {"hash": q.tx_hash, "chain": name}, default=Verdict.VALID)


async def _search_asked(session: Session, q: _Asked, asked: Chain) -> _Search:
    """The chain asked; the other candidates at the same time, so a miss costs no extra round trip."""
    import asyncio

    from txdoctor.core.net.base import AllProvidersFailed, settle

    facts = {"hash": q.tx_hash, "chain": asked.name}
    src = evm_source(session, asked)
    if not src.providers:
        return _Search(asked, done=make_diagnosis(q.c, asked.name, [unreachable(asked, []), *q.extra], facts))
    src.state()  # shared facts load while the transaction is looked up
    elsewhere = asyncio.ensure_future(probe(session, q.tx_hash, candidate_chains(session, exclude=asked)))
    try:
        lookup, failures = await src.find_tx(q.tx_hash)
    except AllProvidersFailed as err:
        await settle(elsewhere)
        findings = network_findings(asked, err.failures, None) + q.extra
        return _Search(asked, done=make_diagnosis(q.c, asked.name, findings, facts))
    q.extra.extend(network_findings(asked, failures, lookup.provider))
    search = _Search(asked, lookup, checked=[asked.name])
    if lookup.tx is not None or lookup.receipt is not None:
        await settle(elsewhere)
        return search
    probes = await elsewhere
    search.not_found_by = [*lookup.not_found_confirmed_by, *(n for p in probes for n in p.not_found_by)]
    search.found_on = tuple(p.chain.name for p in probes if p.found)
    search.checked += [p.chain.name for p in probes if p.answered]
    search.unchecked = [p.chain.name for p in probes if not p.answered]
    return search


async def _search_all(session: Session, q: _Asked, seen: SeenPending | None) -> _Search:
    """Every candidate chain at once: the first that has it (in chains.py order) wins."""
    probes = await probe(session, q.tx_hash, candidate_chains(session))
    hits = [p for p in probes if p.found]
    search = _Search(
        None,
        checked=[p.chain.name for p in probes if p.answered],
        unchecked=[p.chain.name for p in probes if not p.answered],
        not_found_by=[n for p in probes for n in p.not_found_by],
    )
    if hits and q.foreign is not None:
        search.found_on = tuple(p.chain.name for p in hits)
    elif hits:
        search.chain, search.lookup = hits[0].chain, hits[0].lookup
        search.also_on = tuple(p.chain.name for p in hits[1:])
        used = hits[0].lookup.provider if hits[0].lookup else None
        q.extra.extend(network_findings(hits[0].chain, hits[0].failures, used))
    elif seen is not None and seen.chain in CHAINS and q.foreign is None:
        # Nowhere now, but seen pending earlier: ask that chain about the sender's nonce.
        from txdoctor.families.evm.facts import EvmTxLookup

        search.chain = CHAINS[seen.chain]
        search.lookup = EvmTxLookup(seen.chain, q.tx_hash, "")
    elif not search.checked and probes:
        findings = nowhere_reachable([p.chain for p in probes], [f for p in probes for f in p.failures])
        search.done = make_diagnosis(q.c, None, findings + q.extra, {"hash": q.tx_hash, "chain": None})
    return search


async def _conclude(session: Session, q: _Asked, s: _Search, seen: SeenPending | None) -> Diagnosis:
    """The details and shared state of the chain that has it, the checks, the diagnosis."""
    from txdoctor.families.evm.checks.missing import DROPPED
    from txdoctor.families.evm.checks.tx import evm_tx_checks, tx_facts

    src = evm_source(session, s.chain) if s.chain is not None else None
    state_task = src.state() if src is not None else None  # concurrent with the details
    lookup = s.lookup
    if lookup is not None and seen is not None and s.chain is not None and seen.chain == s.chain.name:
        lookup = replace(lookup, seen=seen)
    if src is not None and lookup is not None and (lookup.tx or lookup.receipt or lookup.seen):
        lookup = await src.details(lookup)
    ctx = _context(q, s, lookup, await state_task if state_task is not None else None)
    if s.chain is not None and src is not None and src.chain_id_unverified:
        q.extra.append(chain_id_unverified(s.chain))
    findings = evm_tx_checks.run(ctx) + q.extra
    remember(seen_store(session), ctx)
    named = s.chain or q.asked or q.foreign
    d = make_diagnosis(q.c, named.name if named else None, findings, tx_facts(ctx))
    if d.verdict is not Verdict.NOT_FOUND:
        return d
    return with_not_found_cause(d, narrowed=narrowed(session), dropped=DROPPED)


def _context(q: _Asked, s: _Search, lookup: EvmTxLookup | None, state: EvmChainState | None) -> EvmTxContext:
    from txdoctor.families.evm.checks.context import EvmTxContext

    return EvmTxContext(
        s.chain,
        lookup,
        state,
        asked=q.asked or q.foreign,
        checked=tuple(s.checked),
        found_on=s.found_on,
        unchecked=tuple(s.unchecked),
        detected=q.asked is None and s.chain is not None and lookup is not None and lookup.tx is not None,
        also_on=s.also_on,
        tx_hash=q.tx_hash,
        not_found_by=tuple(dict.fromkeys(s.not_found_by)),
    )
