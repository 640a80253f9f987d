"""EVM diagnoses: a transaction hash or an address on Ethereum and the EVM chains.

Called lazily through the family table (:mod:`txdoctor.core.families`); this module
imports only light modules at the top, so an offline check pulls in neither httpx nor the providers.

Chain detection: with ``--chain X`` the hash is looked up on X; when X does not have it,
the other candidate chains are probed concurrently and a hit elsewhere is the
wrong-network verdict. Without ``--chain`` all candidate chains are probed at once and
the first (in chains.py order) that has it wins. Candidates are the EVM chains with
``lookup_by_default`` — unless any EVM chain has a custom URL (--url or
TXDOCTOR_URL_*), in which case only the chains with custom URLs are probed, so a
hash checked against one's own nodes is not sent to public endpoints.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from txdoctor.chains import CHAINS, EVM_CHAINS, Chain
from txdoctor.checks.common import (
    failure_details,
    lookup_failed,
    offline_only,
    provider_fallback,
    unreachable,
)
from txdoctor.core.diagnosis import make_diagnosis, with_not_found_cause
from txdoctor.core.findings import Term, finding
from txdoctor.core.session import Session
from txdoctor.families.evm.words import chain_by_id, chain_term, joined
from txdoctor.messages import ENGLISH, catalog
from txdoctor.model import Category, Diagnosis, Finding, Severity, Verdict

if TYPE_CHECKING:
    from txdoctor.checks.address import AddressContext
    from txdoctor.classify import Classified
    from txdoctor.families.evm.checks import EvmTxContext
    from txdoctor.families.evm.facts import EvmTxLookup
    from txdoctor.families.evm.source import EvmSource, SeenStore
    from txdoctor.providers.base import ProviderFailure

NOWHERE = "finding.EVM_TX_NOT_FOUND"  # the words of NET_UNREACHABLE for every EVM chain


def evm_source(session: Session, chain: Chain) -> EvmSource:
    """The per-run source for one chain (shared facts are fetched once per run)."""
    from txdoctor.families.evm.source import EvmSource

    return session.source(
        f"evm:{chain.name}", lambda: EvmSource(session.http, chain, session.config.urls(chain))
    )


def seen_store(session: Session) -> SeenStore:
    """The memory of pending transactions, in the run's cache directory (none without one)."""
    from txdoctor.families.evm.source import SeenStore

    return session.source("evm:seen", lambda: SeenStore(session.options.cache_dir))


def candidate_chains(session: Session, exclude: Chain | None = None) -> list[Chain]:
    """The chains to probe for a hash or an address (see the module docstring)."""
    config = session.config
    custom = [c for c in EVM_CHAINS if config.is_custom(c) and config.urls(c)]
    pool = custom if custom else [c for c in EVM_CHAINS if c.lookup_by_default and config.urls(c)]
    return [c for c in pool if c is not exclude]


def _chain_id_mismatch(chain: Chain, failures: list[ProviderFailure], answered: bool) -> Finding | None:
    wrong = [f for f in failures if f.reason == "wrong_chain"]
    if not wrong:
        return None
    reported = [_reported_id(f.detail) for f in wrong]
    names = [chain_by_id(r) for r in reported]
    key = "finding.EVM_CHAIN_ID_MISMATCH."
    served = joined(
        [
            Term(key + "served_known", provider=f.provider, chain_id=r, served_name=chain_term(n.name))
            if n
            else Term(key + "served", provider=f.provider, chain_id=r)
            for f, r, n in zip(wrong, reported, names, strict=True)
        ],
        key + "list",
    )
    hint = next((n for n in names if n is not None), None)
    return finding(
        "EVM_CHAIN_ID_MISMATCH",
        Category.NETWORK,
        Severity.WARNING if answered else Severity.ERROR,
        {
            "chain": chain.name,
            "expected_chain_id": chain.chain_id,
            "reported_chain_ids": reported,
            "providers": [f.provider for f in wrong],
        },
        None if answered else Verdict.UNREACHABLE,
        chain_name=chain_term(chain.name),
        served=served,
        env_var=chain.env_var,
        hint=Term(key + "hint", hint_name=chain_term(hint.name), hint=hint.name) if hint else "",
    )


def _reported_id(detail: str) -> int | None:
    # WrongChain's detail: "reports chain id N, expected M"
    words = detail.replace(",", " ").split()
    try:
        return int(words[words.index("id") + 1])
    except (ValueError, IndexError):
        return None


def _network_findings(chain: Chain, failures: list[ProviderFailure], used: str | None) -> list[Finding]:
    """Fallback/mismatch/unreachable findings for one chain's provider list."""
    out: list[Finding] = []
    mismatch = _chain_id_mismatch(chain, failures, answered=used is not None)
    if mismatch is not None:
        out.append(mismatch)
    if used is None:
        if mismatch is None or any(f.reason != "wrong_chain" for f in failures):
            out.append(unreachable(chain, failures))
    elif failures:
        out.append(provider_fallback(failures, used))
    return out


def _prefix_note(c: Classified) -> list[Finding]:
    if c.form == "txid_0x":
        return []
    return [finding("EVM_HASH_NO_PREFIX", Category.STATUS, Severity.INFO, {"hash": "0x" + c.text.lower()})]


# -------------------------------------------------------------- transaction


async def diagnose_evm_tx(session: Session, c: Classified) -> Diagnosis:
    """Diagnose an EVM transaction hash (``0x`` + 64 hex; a bare 64-hex with an EVM --chain)."""
    tx_hash = c.text.lower() if c.text.lower().startswith("0x") else "0x" + c.text.lower()
    extra = _prefix_note(c)
    asked = session.asked_chain if session.asked_chain and session.asked_chain.family == "evm" else None
    # --chain btc with a 0x hash: look on the EVM chains; a hit is the wrong-network answer.
    foreign = session.asked_chain if session.asked_chain and session.asked_chain.family != "evm" else None
    if session.options.offline:
        return make_diagnosis(
            c,
            asked.name if asked else None,
            [offline_only("the transaction hash"), *extra],
            {"hash": tx_hash, "chain": asked.name if asked else None},
            default=Verdict.VALID,
        )
    import asyncio

    from txdoctor.families.evm.checks import EvmTxContext, evm_tx_checks, tx_facts
    from txdoctor.families.evm.facts import EvmTxLookup
    from txdoctor.providers.base import AllProvidersFailed, settle

    store = seen_store(session)
    seen = store.get(tx_hash)
    chain: Chain | None = asked
    lookup: EvmTxLookup | None = None
    found_on: tuple[str, ...] = ()
    also_on: tuple[str, ...] = ()
    checked: list[str] = []
    unchecked: list[str] = []
    not_found_by: list[str] = []  # the endpoints that answered "not found", on every chain checked

    if asked is not None:
        src = evm_source(session, asked)
        if not src.providers:
            return make_diagnosis(
                c, asked.name, [unreachable(asked, []), *extra], {"hash": tx_hash, "chain": asked.name}
            )
        src.state()  # shared facts load while the transaction is looked up
        # the other chains are asked at the same time: a miss here is answered in one round trip
        elsewhere = asyncio.ensure_future(_probe(session, tx_hash, candidate_chains(session, exclude=asked)))
        try:
            lookup, failures = await src.find_tx(tx_hash)
        except AllProvidersFailed as err:
            await settle(elsewhere)
            findings = _network_findings(asked, err.failures, None)
            return make_diagnosis(c, asked.name, findings + extra, {"hash": tx_hash, "chain": asked.name})
        extra += _network_findings(asked, failures, lookup.provider)
        checked = [asked.name]
        if lookup.tx is not None or lookup.receipt is not None:
            await settle(elsewhere)
        else:
            probes = await elsewhere
            not_found_by = [*lookup.not_found_confirmed_by, *(n for p in probes for n in p.not_found_by)]
            found_on = tuple(p.chain.name for p in probes if p.found)
            checked += [p.chain.name for p in probes if p.answered]
            unchecked = [p.chain.name for p in probes if not p.answered]
    else:
        probes = await _probe(session, tx_hash, candidate_chains(session))
        hits = [p for p in probes if p.found]
        checked = [p.chain.name for p in probes if p.answered]
        unchecked = [p.chain.name for p in probes if not p.answered]
        not_found_by = [n for p in probes for n in p.not_found_by]
        if hits and foreign is not None:
            found_on = tuple(p.chain.name for p in hits)
        elif hits:
            chain, lookup = hits[0].chain, hits[0].lookup
            also_on = tuple(p.chain.name for p in hits[1:])
            extra += _network_findings(
                chain, hits[0].failures, hits[0].lookup.provider if hits[0].lookup else None
            )
        elif seen is not None and seen.chain in CHAINS and foreign is None:
            # Nowhere now, but seen pending earlier: ask that chain about the sender's nonce.
            chain = CHAINS[seen.chain]
            lookup = EvmTxLookup(chain.name, tx_hash, "")
        elif not checked and probes:
            return make_diagnosis(
                c, None, _nowhere_reachable(probes) + extra, {"hash": tx_hash, "chain": None}
            )

    src_final = evm_source(session, chain) if chain is not None else None
    state_task = src_final.state() if src_final is not None else None  # concurrent with the details
    if lookup is not None and seen is not None and chain is not None and seen.chain == chain.name:
        lookup = replace(lookup, seen=seen)
    if src_final is not None and lookup is not None and (lookup.tx or lookup.receipt or lookup.seen):
        lookup = await src_final.details(lookup)
    state = await state_task if state_task is not None else None
    ctx = EvmTxContext(
        chain,
        lookup,
        state,
        asked=asked or foreign,
        checked=tuple(checked),
        found_on=found_on,
        unchecked=tuple(unchecked),
        detected=asked is None and chain is not None and lookup is not None and lookup.tx is not None,
        also_on=also_on,
        tx_hash=tx_hash,
        not_found_by=tuple(dict.fromkeys(not_found_by)),
    )
    if chain is not None and src_final is not None and src_final.chain_id_unverified:
        extra.append(_chain_id_unverified(chain))
    findings = evm_tx_checks.run(ctx) + extra
    _remember(store, ctx)
    named = chain or asked or foreign
    d = make_diagnosis(c, named.name if named else None, findings, tx_facts(ctx))
    return with_not_found_cause(d, narrowed=_narrowed(session)) if d.verdict is Verdict.NOT_FOUND else d


def _narrowed(session: Session) -> bool:
    """Only the chains with the user's own URLs were asked: public default chains were not."""
    config = session.config
    custom = [c for c in EVM_CHAINS if config.is_custom(c) and config.urls(c)]
    public = [c for c in EVM_CHAINS if c.lookup_by_default and c not in custom and config.urls(c)]
    return bool(custom) and bool(public)


def _chain_id_unverified(chain: Chain) -> Finding:
    return finding(
        "EVM_CHAIN_ID_UNVERIFIED",
        Category.NETWORK,
        Severity.INFO,
        {"chain": chain.name},
        None,
        chain_name=chain_term(chain.name),
    )


def _nowhere_reachable(probes: list[_Probe]) -> list[Finding]:
    every = [f for p in probes for f in p.failures]
    if len(probes) == 1:
        return _network_findings(probes[0].chain, every, None)
    f = unreachable(probes[0].chain, every)
    detail = failure_details(every) or Term(f"{NOWHERE}.no_endpoint")
    # NET_UNREACHABLE about every EVM chain: its message names none (the other languages
    # fill NET_UNREACHABLE's own entry with "any EVM chain" for the chain's name)
    words = {**f.words, "chain_name": Term(f"{NOWHERE}.any_evm_chain"), "detail": detail}
    return [
        replace(
            f,
            message=catalog(ENGLISH).text(f"{NOWHERE}.unreachable_everywhere", detail=detail),
            words=words,
            evidence={
                "chain": None,
                "chains": [p.chain.name for p in probes],
                "failures": [x.as_dict() for x in every],
            },
        )
    ]


def _remember(store: SeenStore, ctx: EvmTxContext) -> None:
    lk = ctx.lookup
    if lk is None or ctx.chain is None:
        return
    tx = ctx.pending_tx
    if tx is not None and ctx.state is not None and ctx.state.latest is not None:
        store.remember(ctx.chain.name, tx, ctx.state)
    elif lk.receipt is not None or ctx.replaced:
        store.forget(lk.hash)


@dataclass(frozen=True)
class _Probe:
    chain: Chain
    lookup: EvmTxLookup | None  # set when the chain has the hash
    answered: bool  # False: no endpoint of the chain answered
    failures: list[ProviderFailure]
    not_found_by: tuple[str, ...] = ()  # the endpoints that answered "not found"

    @property
    def found(self) -> bool:
        return self.lookup is not None


async def _probe(session: Session, tx_hash: str, chains: list[Chain]) -> list[_Probe]:
    """Ask each chain, concurrently, whether it knows the hash."""
    from txdoctor.providers.base import AllProvidersFailed

    async def one(ch: Chain) -> _Probe:
        src = evm_source(session, ch)
        if not src.providers:
            return _Probe(ch, None, False, [])
        try:
            lookup, failures = await src.find_tx(tx_hash, confirm_not_found=False)
        except AllProvidersFailed as err:
            return _Probe(ch, None, False, list(err.failures))
        found = lookup.tx is not None or lookup.receipt is not None
        if found:
            return _Probe(ch, lookup, True, failures)
        return _Probe(ch, None, True, failures, lookup.not_found_confirmed_by)

    import asyncio

    return list(await asyncio.gather(*(one(ch) for ch in chains)))


# ------------------------------------------------------------------ address


async def diagnose_evm_address(session: Session, c: Classified, ctx: AddressContext) -> Diagnosis:
    """The address checks (format, checksum, network), then, online, its activity per chain."""
    from txdoctor.checks.address import address_checks, address_facts

    findings = address_checks.run(ctx)
    facts: dict[str, Any] = dict(address_facts(ctx))
    asked = session.asked_chain
    chain_name = asked.name if asked else None
    if not ctx.info.valid or session.options.offline or (asked is not None and asked.family != "evm"):
        return make_diagnosis(c, chain_name, findings, facts, default=Verdict.VALID)

    from txdoctor.families.evm.checks import EvmAddressContext, address_evm_facts, evm_address_checks
    from txdoctor.providers.base import AllProvidersFailed

    chains = [asked] if asked is not None else candidate_chains(session)

    async def one(ch: Chain) -> Any:
        src = evm_source(session, ch)
        if not src.providers:
            return AllProvidersFailed(ch, [])
        try:
            return await src.address_activity(ctx.info.text)
        except AllProvidersFailed as err:
            return err

    import asyncio

    results = await asyncio.gather(*(one(ch) for ch in chains))
    activity = []
    failed: list[tuple[Chain, AllProvidersFailed]] = []
    extra: list[Finding] = []
    for ch, r in zip(chains, results, strict=True):
        if isinstance(r, AllProvidersFailed):
            failed.append((ch, r))
            continue
        act, failures = r
        activity.append(act)
        extra += _network_findings(ch, failures, act.provider)
    for ch, err in failed:
        # as for Bitcoin addresses: a failed activity lookup is said, the format verdict stands
        mismatch = _chain_id_mismatch(ch, err.failures, answered=True)
        if mismatch is not None:
            extra.append(mismatch)
        if mismatch is None or any(f.reason != "wrong_chain" for f in err.failures):
            extra.append(lookup_failed("the address's activity", ch, err.failures))
    actx = EvmAddressContext(ctx.info.text.lower(), tuple(activity), tuple(ch.name for ch, _ in failed))
    findings += evm_address_checks.run(actx) + extra
    facts.update(address_evm_facts(actx))
    if chain_name is None:
        active = [a.chain for a in activity if a.active]
        chain_name = active[0] if len(active) == 1 else None
    return make_diagnosis(c, chain_name, findings, facts, default=Verdict.VALID)
