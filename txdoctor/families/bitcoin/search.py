"""A Bitcoin-family txid (or a bare 64-hex ID): which network has it? All are asked at once.

The chain asked (``--chain``, an explorer link's network, else Bitcoin mainnet) gets the
full lookup; every other candidate network — Bitcoin's test networks, Litecoin, and for a
bare ID TRON, Nile and Shasta — gets one "is it here?" request (``/tx/:txid``,
``gettransactionbyid``), all in the same round trip. A network that finds it decides;
networks that could not be asked are named (``NET_SEARCH_INCOMPLETE`` when another one
found it, the ``NET_NOT_FOUND_CAUSE`` evidence when none did). With ``--chain`` a hit
elsewhere is the wrong-network finding. Nothing is sent to public explorers when the
asked chain has the user's own URLs.

Called lazily by the Bitcoin family (:mod:`txdoctor.families.bitcoin.family`).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace
from typing import TYPE_CHECKING

from txdoctor.core.chains import CHAINS, Chain
from txdoctor.core.checks.common import (
    chain_names,
    chain_term,
    network_inferred,
    not_found_cause,
    provider_fallback,
    unreachable,
)
from txdoctor.core.diagnosis import make_diagnosis
from txdoctor.core.families import family_of, probed_for
from txdoctor.core.findings import finding
from txdoctor.core.search import Probe, Search, probe
from txdoctor.families.bitcoin.sources import bitcoin_source
from txdoctor.model import Category, Diagnosis, Finding, Severity, Verdict

if TYPE_CHECKING:
    from txdoctor.core.classified import Classified
    from txdoctor.core.net.base import AllProvidersFailed, ProviderFailure
    from txdoctor.core.session import Session
    from txdoctor.families.bitcoin.facts import BtcNetworkState, BtcTxLookup
    from txdoctor.families.bitcoin.rawtx import RawTx
    from txdoctor.families.bitcoin.source import BitcoinSource


def other_networks(session: Session, primary: Chain, tron: bool) -> list[Chain]:
    """The networks searched besides the asked one (none when it has the user's own URLs)."""
    return [] if session.config.is_custom(primary) else _candidates(session, primary, tron)


def narrowed(session: Session, primary: Chain, tron: bool) -> bool:
    """The asked chain has the user's own URLs, so networks otherwise searched are not asked."""
    return session.config.is_custom(primary) and bool(_candidates(session, primary, tron))


def _candidates(session: Session, primary: Chain, tron: bool) -> list[Chain]:
    """Made once per run for each asked chain (a batch asks for every input)."""
    key = f"btc.candidates:{primary.name}:{tron}"
    return list(session.source(key, lambda: tuple(_all_candidates(session, primary, tron))))


def _all_candidates(session: Session, primary: Chain, tron: bool) -> list[Chain]:
    config = session.config
    out = [
        ch
        for ch in CHAINS.values()
        if ch.family == "btc" and ch is not primary and ch.lookup_by_default and config.urls(ch)
    ]
    if tron:  # other families' IDs of this form (TRON's): their test networks are searched as well
        out += [ch for spec in probed_for("txid_hex") for ch in spec.chains() if config.urls(ch)]
    return out


async def diagnose_btc_txid(
    session: Session, c: Classified, chain: Chain, explicit: bool, raw: RawTx | None = None
) -> Diagnosis:
    """The asked network's full lookup and the other networks' probes, together."""
    from txdoctor.core.net.base import AllProvidersFailed

    src = bitcoin_source(session, chain)
    if not src.providers:
        return make_diagnosis(c, chain.name, [unreachable(chain, [])], {})
    txid = raw.txid if raw is not None else c.text
    src.tips_state()  # the tip loads with the lookup
    cached = src.cache is not None and src.cache.get(chain.name, txid) is not None
    others = [] if cached else other_networks(session, chain, tron=raw is None)
    if session.options.speculative and not cached and src.prefetch_is_cheap():
        src.eager = True  # what a waiting tx needs goes out with the lookup: one round trip
        src.state()
    if session.options.speculative:  # a single check: every network in the first round trip
        primary, probes = await asyncio.gather(
            _lookup(src, txid), asyncio.gather(*(probe(session, ch, txid) for ch in others))
        )
    else:  # a batch: requests count more than round trips; the others only after a miss here
        primary = await _lookup(src, txid)
        missed = isinstance(primary, BaseException) or not _known(primary[0])
        probes = await asyncio.gather(*(probe(session, ch, txid) for ch in others)) if missed else []
    search = Search(list(probes), narrowed(session, chain, tron=raw is None))
    if isinstance(primary, AllProvidersFailed):
        return await _primary_failed(session, c, chain, explicit, raw, primary, search)
    lookup, failures = primary
    if _known(lookup) or raw is not None or explicit or not search.hits:
        return await _conclude(session, c, chain, lookup, failures, raw, search)
    return await _switch(session, c, search.hits[0].chain, raw, search, [])


async def _lookup(
    src: BitcoinSource, txid: str
) -> tuple[BtcTxLookup, list[ProviderFailure]] | AllProvidersFailed:
    from txdoctor.core.net.base import AllProvidersFailed

    try:
        return await src.lookup_tx(txid)
    except AllProvidersFailed as err:
        return err


def _known(lookup: BtcTxLookup) -> bool:
    return lookup.tx is not None or lookup.replacement is not None or bool(lookup.conflicts)


async def _primary_failed(
    session: Session,
    c: Classified,
    chain: Chain,
    explicit: bool,
    raw: RawTx | None,
    err: AllProvidersFailed,
    search: Search,
) -> Diagnosis:
    """The asked network could not be asked: another one that has it decides (unless --chain)."""

    failures = list(err.failures)
    txid = raw.txid if raw is not None else c.text
    if search.hits and not explicit:
        failed = [Probe(chain, False, False, failures)] + [p for p in search.probes if not p.answered]
        return await _switch(session, c, search.hits[0].chain, raw, search, failed)
    findings = [unreachable(chain, failures)]
    if search.hits:
        findings.append(_found_elsewhere_note(chain, [p.chain.name for p in search.hits], txid))
    return make_diagnosis(c, chain.name, findings, {"txid": txid})


async def _switch(
    session: Session,
    c: Classified,
    chain: Chain,
    raw: RawTx | None,
    search: Search,
    failed: list[Probe],
) -> Diagnosis:
    """Another network has it: diagnose it there, and say which network that is."""
    from txdoctor.core.net.base import AllProvidersFailed

    failed = failed or [p for p in search.probes if not p.answered]
    incomplete = [search_incomplete(failed)] if failed else []
    if chain.family != "btc":  # another family's ID of the same form: that family diagnoses it
        d = await family_of(chain).hooks().diagnose_found(session, c, chain)
        return replace(d, findings=(*d.findings, *incomplete))
    extra = [_network_inferred(chain), *incomplete]
    src = bitcoin_source(session, chain)
    try:
        lookup, failures = await src.lookup_tx(raw.txid if raw is not None else c.text)
    except AllProvidersFailed as err:
        return make_diagnosis(c, chain.name, [unreachable(chain, err.failures)], {})
    d = await _conclude(session, c, chain, replace(lookup, raw=raw), failures, raw, None)
    return replace(d, findings=(*d.findings, *extra))


async def _conclude(
    session: Session,
    c: Classified,
    chain: Chain,
    lookup: BtcTxLookup,
    failures: list[ProviderFailure],
    raw: RawTx | None,
    search: Search | None,
) -> Diagnosis:
    """The checks on one network's answer; a not-found names its likely cause."""
    from txdoctor.families.bitcoin.checks import BtcTxContext, btc_tx_checks, confirmations, tx_facts

    src = bitcoin_source(session, chain)
    if raw is not None and not _known(lookup):
        fee, conflicts = await src.raw_details(raw)
        accept = await src.mempool_accept(raw, c.text)  # a Core node's testmempoolaccept, if any
        fee = fee if accept is None or accept.fee is None else accept.fee
        lookup = replace(lookup, raw=raw, raw_fee=fee, conflicts=conflicts, accept=accept)
    elif raw is not None:
        lookup = replace(lookup, raw=raw)
    if search is not None and not _known(lookup) and search.hits:
        lookup = replace(lookup, found_on_other_chains=tuple(p.chain.name for p in search.hits))
    extra: list[Finding] = []
    if failures and (lookup.tx is not None or lookup.replacement is not None):
        extra.append(provider_fallback(failures, lookup.provider))
    ctx = BtcTxContext(chain, lookup, await src.tips_state(), time.time())
    if ctx.pending_tx is not None or (raw is not None and not _known(lookup)):
        ctx = replace(ctx, state=await src.state())  # fee levels: only a waiting tx needs them
    if src.state_from_cache and _newer_block(lookup, ctx.state):
        ctx = replace(ctx, state=await src.refresh_state())  # the shared state is older than the tx
    cache = src.cache
    if cache is not None and lookup.tx is not None and lookup.provider != "cache":
        cache.put(chain.name, lookup.tx, confirmations(lookup.tx, ctx.state.tip_height))
    findings = btc_tx_checks.run(ctx) + extra
    if any(f.verdict is Verdict.NOT_FOUND for f in findings):
        searched = [chain.name, *(search.searched if search else [])]
        unasked = search.unasked if search else []
        found_on = lookup.found_on_other_chains
        wide = search is None or not search.narrowed
        findings.append(not_found_cause(chain, searched, unasked, found_on, narrowed=not wide))
    return make_diagnosis(c, chain.name, findings, tx_facts(ctx))


def _newer_block(lookup: BtcTxLookup, state: BtcNetworkState) -> bool:
    """The tx is in a block above the shared state's tip: that state is older than the tx."""
    height = lookup.tx.block_height if lookup.tx is not None else None
    return height is not None and (state.tip_height is None or height > state.tip_height)


def search_incomplete(failed: list[Probe]) -> Finding:
    """Networks that could not be asked whether they know the transaction."""
    return finding(
        "NET_SEARCH_INCOMPLETE",
        Category.NETWORK,
        Severity.INFO,
        {
            "unreachable": [p.chain.name for p in failed],
            "failures": [f.as_dict() for p in failed for f in p.failures],
        },
        names=chain_names([p.chain.name for p in failed]),
    )


def _found_elsewhere_note(chain: Chain, found_on: list[str], txid: str) -> Finding:
    return finding(
        "NET_FOUND_ELSEWHERE",
        Category.NETWORK,
        Severity.WARNING,
        {"found_on": found_on, "chain": chain.name},
        chain_name=chain_term(chain.name),
        names=chain_names([n for n in found_on if n in CHAINS]),
        txid=txid,
        first=found_on[0],
    )


def _network_inferred(chain: Chain) -> Finding:
    return network_inferred(chain, "test_network" if chain.is_test_network else "other_coin")
