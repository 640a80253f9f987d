"""TRON diagnoses: a transaction ID or an address on TRON mainnet (TronGrid).

Called lazily through the family table (:mod:`txdoctor.core.families`); only light
modules are imported at the top, so an offline check pulls in neither httpx nor the providers.

A TRON transaction ID is 64 hex characters without ``0x`` (a leading ``0x`` is dropped).
The transaction and its execution info are asked together, with the latest block
(once per run) for the confirmation count; a "not found" from one endpoint is
confirmed with the next before it is believed.
"""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from txdoctor.core.chains import CHAINS, Chain
from txdoctor.core.checks.common import lookup_failed, offline_only, provider_fallback, unreachable
from txdoctor.core.diagnosis import make_diagnosis
from txdoctor.core.session import Session
from txdoctor.model import Diagnosis, Finding, Verdict

if TYPE_CHECKING:
    from txdoctor.core.checks.address import AddressContext
    from txdoctor.core.classified import Classified
    from txdoctor.families.tron.facts import TronAccount, TronTip, TronTxLookup
    from txdoctor.families.tron.trongrid import TronSource


def tron_chain(session: Session | None = None) -> Chain:
    """The TRON network asked for with ``--chain`` (mainnet, Nile, Shasta), else mainnet."""
    asked = session.asked_chain if session is not None else None
    return asked if asked is not None and asked.family == "tron" else CHAINS["tron"]


def tron_source(session: Session, api_key: str | None = None, chain: Chain | None = None) -> TronSource:
    """The per-run source of one TRON network (the tip is fetched once per run), in the session."""
    from txdoctor.families.tron.trongrid import TronSource

    chain = chain or tron_chain(session)
    return session.source(
        f"tron:{chain.name}",
        lambda: TronSource(session.http, chain, session.config.urls(chain), api_key=api_key),
    )


@dataclass(frozen=True)
class TronTxLookupAt:
    """A transaction's lookup on one network, with the tip it is counted against."""

    chain: Chain
    txid: str
    lookup: TronTxLookup
    tip: TronTip | None


def _txid(c: Classified) -> str:
    text = c.text.strip().lower()
    return text[2:] if text.startswith("0x") else text


async def diagnose_tron_tx(
    session: Session, c: Classified, api_key: str | None = None, chain: Chain | None = None
) -> Diagnosis:
    """Diagnose a TRON transaction ID (64 hex, no ``0x``) on ``chain`` (default: the one asked).

    Without ``chain`` (the network came from --chain or a link), TRON's other networks are
    searched at the same time; a hit there is the wrong-network finding (families/tron/search.py).
    """
    if chain is None and not session.options.offline:
        from txdoctor.families.tron.search import tron_with_search

        async def on(chain: Chain) -> Diagnosis:
            return await diagnose_tron_tx(session, c, api_key, chain)

        return await tron_with_search(session, c, tron_chain(session), on)
    chain = chain or tron_chain(session)
    txid = _txid(c)
    facts = {"txid": txid, "chain": chain.name}
    if session.options.offline:
        findings = [offline_only("the transaction ID")]
        return make_diagnosis(c, chain.name, findings, facts, default=Verdict.VALID)
    from txdoctor.core.net.base import AllProvidersFailed

    src = tron_source(session, api_key, chain)
    if not src.providers:
        return make_diagnosis(c, chain.name, [unreachable(chain, [])], facts)
    tip_task = src.tip()  # the latest block loads while the transaction is looked up
    try:
        lookup, failures = await src.find_tx(txid)
    except AllProvidersFailed as err:
        return make_diagnosis(c, chain.name, [unreachable(chain, err.failures)], facts)
    extra = [provider_fallback(failures, lookup.provider)] if failures else []
    tip = await _tip_for(lookup, tip_task, chain, extra)
    return await _conclude_tx(session, c, src, TronTxLookupAt(chain, txid, lookup, tip), extra)


async def _tip_for(
    lookup: TronTxLookup, tip_task: Awaitable[tuple[TronTip, Any]], chain: Chain, extra: list[Finding]
) -> TronTip | None:
    """The latest block, for a transaction in a block (its failure is said in ``extra``)."""
    from txdoctor.core.net.base import AllProvidersFailed

    if lookup.info is None or lookup.info.block_number is None:
        return None
    try:
        tip, _tip_failures = await tip_task
    except AllProvidersFailed as err:
        extra.append(lookup_failed("the latest block (for the confirmation count)", chain, err.failures))
        return None
    return tip


async def _conclude_tx(
    session: Session, c: Classified, src: TronSource, at: TronTxLookupAt, extra: list[Finding]
) -> Diagnosis:
    """The root-cause lookups, then the checks."""
    from dataclasses import replace

    from txdoctor.families.tron.checks import TronTxContext, tron_tx_checks, tx_facts
    from txdoctor.families.tron.extra import tx_extra

    ctx = TronTxContext(at.chain, at.txid, at.lookup, at.tip)
    more, more_failed = await tx_extra(session, src, ctx)
    ctx = replace(ctx, extra=more)
    findings = tron_tx_checks.run(ctx) + extra + more_failed
    return make_diagnosis(c, at.chain.name, findings, tx_facts(ctx))


async def diagnose_tron_address(
    session: Session, c: Classified, ctx: AddressContext, api_key: str | None = None
) -> Diagnosis:
    """The address checks (format, checksum, network), then, online, the account's activity."""
    from txdoctor.core.checks.address import address_checks, address_facts

    chain = tron_chain(session)
    findings = address_checks.run(ctx)
    facts: dict[str, Any] = dict(address_facts(ctx))
    asked = session.asked_chain
    if not ctx.info.valid or (asked is not None and asked.family != "tron"):
        return make_diagnosis(c, asked.name if asked else None, findings, facts, default=Verdict.VALID)

    from txdoctor.families.tron.checks import TronAddressContext, address_tron_facts, tron_address_checks

    address = ctx.info.text
    if session.options.offline:
        findings += tron_address_checks.run(TronAddressContext(address, None, chain=chain.name))
        return make_diagnosis(c, chain.name, findings, facts, default=Verdict.VALID)
    src = tron_source(session, api_key, chain)
    account, extra = await _account(src, chain, address)
    tctx = TronAddressContext(address, account, chain=chain.name)
    if account is not None:
        from txdoctor.families.tron.extra import address_extra

        more, more_failed = await address_extra(session, src, account)
        extra += more_failed
        tctx = TronAddressContext(address, account, more, chain.name)
    findings += tron_address_checks.run(tctx) + extra
    facts.update(address_tron_facts(tctx))
    return make_diagnosis(c, chain.name, findings, facts, default=Verdict.VALID)


async def _account(src: TronSource, chain: Chain, address: str) -> tuple[TronAccount | None, list[Finding]]:
    """The account, or None with the finding that says why."""
    from txdoctor.core.net.base import AllProvidersFailed

    if not src.providers:
        return None, [lookup_failed("the address's activity", chain, [])]
    try:
        account, failures = await src.account(address)
    except AllProvidersFailed as err:
        return None, [lookup_failed("the address's activity", chain, err.failures)]
    return account, [provider_fallback(failures, account.provider)] if failures else []
