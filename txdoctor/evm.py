"""EVM diagnoses: a transaction hash or an address on Ethereum and the EVM chains.

Called lazily by :mod:`txdoctor.diagnose`; this module imports only light modules at
the top, so an offline check pulls in neither httpx nor the providers.

Chain detection: with ``--chain X`` the hash is looked up on X; when X does not have it,
the other candidate chains are probed concurrently and a hit elsewhere is the
wrong-network verdict. Without ``--chain`` all candidate chains are probed at once and
the first (in chains.py order) that has it wins. Candidates are the EVM chains with
``lookup_by_default`` — unless any EVM chain has a custom URL (--url or
TXDOCTOR_URL_*), in which case only the chains with custom URLs are probed, so a
hash checked against one's own nodes is not sent to public endpoints.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from txdoctor.chains import CHAINS, EVM_CHAINS, Chain
from txdoctor.checks.common import offline_only, provider_fallback, unreachable
from txdoctor.model import Category, Diagnosis, Finding, Severity, Verdict

if TYPE_CHECKING:
    from txdoctor.checks.address import AddressContext
    from txdoctor.classify import Classified
    from txdoctor.diagnose import Session
    from txdoctor.evm_facts import EvmTxLookup
    from txdoctor.providers.base import ProviderFailure
    from txdoctor.providers.evm import EvmSource, SeenStore


def _make(c: Classified, chain: str | None, findings: list[Finding], facts: dict[str, Any], default: Verdict = Verdict.INVALID) -> Diagnosis:
    from txdoctor.diagnose import make_diagnosis

    return make_diagnosis(c, chain, findings, facts, default=default)


def evm_source(session: Session, chain: Chain) -> EvmSource:
    """The per-run source for one chain (shared facts are fetched once per run)."""
    from txdoctor.providers.evm import EvmSource

    key = f"evm:{chain.name}"
    src = session.sources.get(key)
    if src is None:
        src = session.sources[key] = EvmSource(session.http, chain, session.config.urls(chain))
    return src  # type: ignore[no-any-return]


def seen_store(session: Session) -> SeenStore:
    from txdoctor.providers.evm import SeenStore, cache_dir

    store = session.sources.get("evm:seen")
    if store is None:
        store = session.sources["evm:seen"] = SeenStore(cache_dir(session.options.environ))
    return store  # type: ignore[no-any-return]


def candidate_chains(session: Session, exclude: Chain | None = None) -> list[Chain]:
    """The chains to probe for a hash or an address (see the module docstring)."""
    config = session.config
    custom = [c for c in EVM_CHAINS if config.is_custom(c) and config.urls(c)]
    pool = custom if custom else [c for c in EVM_CHAINS if c.lookup_by_default and config.urls(c)]
    return [c for c in pool if c is not exclude]


def _rpc_unreachable(chain: Chain, failures: list[ProviderFailure]) -> Finding:
    f = unreachable(chain.display, failures, chain.env_var, chain.name)
    return replace(
        f,
        advice="This says nothing about the transfer itself. Check the internet connection and try "
        "again in a minute (public endpoints rate-limit), or use another JSON-RPC endpoint: "
        f"--url {chain.name}=URL or {chain.env_var}=URL (e.g. your own node or a provider with a key).",
    )


def _chain_id_mismatch(chain: Chain, failures: list[ProviderFailure], answered: bool) -> Finding | None:
    wrong = [f for f in failures if f.reason == "wrong_chain"]
    if not wrong:
        return None
    reported = [_reported_id(f.detail) for f in wrong]
    names = [_chain_by_id(r) for r in reported]
    described = "; ".join(
        f"{f.provider} is on chain id {r}" + (f" ({n.display})" if n else "")
        for f, r, n in zip(wrong, reported, names, strict=True)
    )
    hint = next((n for n in names if n is not None), None)
    return Finding(
        "EVM_CHAIN_ID_MISMATCH",
        Category.NETWORK,
        Severity.WARNING if answered else Severity.ERROR,
        f"The node given for {chain.display} (chain id {chain.chain_id}) serves another chain: "
        f"{described}. Its answers were not used, so that they cannot be mistaken for {chain.display}'s.",
        f"Fix the URL: --url {chain.name}=URL or {chain.env_var}=URL must point at a {chain.display} node."
        + (f" If you meant {hint.display}, use --chain {hint.name}." if hint else ""),
        {
            "chain": chain.name,
            "expected_chain_id": chain.chain_id,
            "reported_chain_ids": reported,
            "providers": [f.provider for f in wrong],
        },
        None if answered else Verdict.UNREACHABLE,
    )


def _reported_id(detail: str) -> int | None:
    # WrongChain's detail: "reports chain id N, expected M"
    words = detail.replace(",", " ").split()
    try:
        return int(words[words.index("id") + 1])
    except (ValueError, IndexError):
        return None


def _chain_by_id(chain_id: int | None) -> Chain | None:
    return next((c for c in EVM_CHAINS if c.chain_id == chain_id), None)


def _network_findings(chain: Chain, failures: list[ProviderFailure], used: str | None) -> list[Finding]:
    """Fallback/mismatch/unreachable findings for one chain's provider list."""
    out: list[Finding] = []
    mismatch = _chain_id_mismatch(chain, failures, answered=used is not None)
    if mismatch is not None:
        out.append(mismatch)
    if used is None:
        if mismatch is None or any(f.reason != "wrong_chain" for f in failures):
            out.append(_rpc_unreachable(chain, failures))
    elif failures:
        out.append(provider_fallback(failures, used))
    return out


def _prefix_note(c: Classified) -> list[Finding]:
    if c.form == "evm_txhash":
        return []
    return [
        Finding(
            "EVM_HASH_NO_PREFIX",
            Category.STATUS,
            Severity.INFO,
            "The hash had no '0x' in front; EVM transaction hashes are written 0x + 64 hex characters, "
            "so it was read as 0x" + c.text.lower() + ".",
            "",
            {"hash": "0x" + c.text.lower()},
        )
    ]


# -------------------------------------------------------------- transaction


async def diagnose_evm_tx(session: Session, c: Classified) -> Diagnosis:
    """Diagnose an EVM transaction hash (``0x`` + 64 hex; a bare 64-hex with an EVM --chain)."""
    tx_hash = c.text.lower() if c.text.lower().startswith("0x") else "0x" + c.text.lower()
    notes = _prefix_note(c)
    asked = session.asked_chain if session.asked_chain and session.asked_chain.family == "evm" else None
    if session.options.offline:
        return _make(
            c,
            asked.name if asked else None,
            [offline_only("the transaction hash"), *notes],
            {"hash": tx_hash, "chain": asked.name if asked else None},
            default=Verdict.VALID,
        )
    from txdoctor.checks.evm import EvmTxContext, evm_tx_checks, tx_facts
    from txdoctor.providers.base import AllProvidersFailed

    store = seen_store(session)
    seen = store.get(tx_hash)
    extra: list[Finding] = list(notes)
    found_on: tuple[str, ...] = ()
    unchecked: list[str] = []
    detected = False
    also_on: tuple[str, ...] = ()

    if asked is not None:
        chain: Chain | None = asked
        src = evm_source(session, asked)
        if not src.providers:
            return _make(c, asked.name, [_rpc_unreachable(asked, []), *extra], {"hash": tx_hash, "chain": asked.name})
        state_task = src.state()
        try:
            lookup, failures = await src.find_tx(tx_hash)
        except AllProvidersFailed as err:
            findings = _network_findings(asked, err.failures, None)
            return _make(c, asked.name, findings + extra, {"hash": tx_hash, "chain": asked.name})
        extra += _network_findings(asked, failures, lookup.provider)
        checked = [asked.name]
        if lookup.tx is None and lookup.receipt is None:
            probes = await _probe(session, tx_hash, candidate_chains(session, exclude=asked))
            found_on = tuple(name for name, lk, _ in probes if lk is not None)
            checked += [name for name, lk, err in probes if err is None]
            unchecked = [name for name, _, err in probes if err is not None]
    else:
        candidates = candidate_chains(session)
        probes = await _probe(session, tx_hash, candidates)
        hits = [(name, lk) for name, lk, _ in probes if lk is not None]
        checked = [name for name, _, err in probes if err is None]
        unchecked = [name for name, _, err in probes if err is not None]
        if hits:
            name, lookup = hits[0]
            chain = CHAINS[name]
            detected = True
            also_on = tuple(n for n, _ in hits[1:])
        elif seen is not None and seen.chain in CHAINS:
            # Nowhere now, but seen pending earlier: ask that chain about the sender's nonce.
            chain = CHAINS[seen.chain]
            from txdoctor.evm_facts import EvmTxLookup

            lookup = EvmTxLookup(chain.name, tx_hash, "", not_found_confirmed_by=())
        elif checked or not unchecked:
            chain, lookup = None, None
        else:
            failures_all = [f for _, _, err in probes if err is not None for f in (err or [])]
            chain0 = candidates[0] if len(candidates) == 1 else None
            finding = (
                _network_findings(chain0, failures_all, None)
                if chain0
                else [
                    replace(
                        _rpc_unreachable(CHAINS["eth"], failures_all),
                        message="Could not get an answer from any EVM chain's endpoint ("
                        + "; ".join(f"{f.provider}: {f.detail}" for f in failures_all)
                        + ").",
                        evidence={"chain": None, "failures": [f.as_dict() for f in failures_all]},
                    )
                ]
            )
            return _make(c, None, finding + extra, {"hash": tx_hash, "chain": None})
        src = evm_source(session, chain) if chain else None
        state_task = src.state() if src else None

    if seen is not None and lookup is not None and chain is not None and seen.chain == chain.name:
        lookup = replace(lookup, seen=seen)
    if src is not None and lookup is not None and (lookup.tx is not None or lookup.receipt is not None or lookup.seen):
        lookup = await src.details(lookup)
    state = await state_task if state_task is not None else None
    ctx = EvmTxContext(
        chain,
        lookup,
        state,
        asked=asked,
        checked=tuple(checked),
        found_on=found_on,
        unchecked=tuple(unchecked),
        detected=detected,
        also_on=also_on,
    )
    if chain is not None and src is not None and src.chain_id_unverified:
        extra.append(
            Finding(
                "EVM_CHAIN_ID_UNVERIFIED",
                Category.NETWORK,
                Severity.INFO,
                f"The node did not say which chain it serves (eth_chainId is not supported), so it could "
                f"not be confirmed to be {chain.display}.",
                "",
                {"chain": chain.name},
            )
        )
    findings = evm_tx_checks.run(ctx) + extra
    _remember(store, ctx)
    return _make(c, chain.name if chain else (asked.name if asked else None), findings, tx_facts(ctx))


def _remember(store: SeenStore, ctx: Any) -> None:
    lk: EvmTxLookup | None = ctx.lookup
    if lk is None or ctx.chain is None:
        return
    if ctx.pending_tx is not None and ctx.state is not None:
        store.remember(ctx.chain.name, ctx.pending_tx, ctx.state)
    elif lk.receipt is not None or ctx.replaced:
        store.forget(lk.hash)


async def _probe(
    session: Session, tx_hash: str, chains: list[Chain]
) -> list[tuple[str, EvmTxLookup | None, list[ProviderFailure] | None]]:
    """Ask each chain (concurrently) whether it knows the hash: (chain, lookup or None, failures
    when the chain could not be asked)."""
    from txdoctor.providers.base import AllProvidersFailed

    async def one(ch: Chain) -> tuple[str, EvmTxLookup | None, list[ProviderFailure] | None]:
        src = evm_source(session, ch)
        if not src.providers:
            return ch.name, None, []
        try:
            lookup, _ = await src.find_tx(tx_hash, confirm_not_found=False)
        except AllProvidersFailed as err:
            return ch.name, None, list(err.failures)
        found = lookup.tx is not None or lookup.receipt is not None
        return ch.name, lookup if found else None, None

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
        return _make(c, chain_name, findings, facts, default=Verdict.VALID)

    from txdoctor.checks.evm import EvmAddressContext, address_evm_facts, evm_address_checks
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
    if failed and not activity:
        ch, err = failed[0]
        if len(failed) == 1:
            extra += _network_findings(ch, err.failures, None)
        else:
            every = [f for _, e in failed for f in e.failures]
            extra.append(
                replace(
                    _rpc_unreachable(ch, every),
                    message="Could not get an answer from any EVM chain's endpoint ("
                    + "; ".join(f"{f.provider}: {f.detail}" for f in every)
                    + ").",
                )
            )
    else:
        for ch, err in failed:
            mismatch = _chain_id_mismatch(ch, err.failures, answered=True)
            if mismatch is not None:
                extra.append(mismatch)
    actx = EvmAddressContext(ctx.info.text.lower(), tuple(activity), tuple(ch.name for ch, _ in failed))
    findings += evm_address_checks.run(actx) + extra
    facts.update(address_evm_facts(actx))
    if chain_name is None:
        active = [a.chain for a in activity if a.active]
        chain_name = active[0] if len(active) == 1 else None
    return _make(c, chain_name, findings, facts, default=Verdict.VALID)
