"""An EVM address: the shared address checks (format, checksum, network), then, online, its
activity on each candidate chain, asked at once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from txdoctor.core.diagnosis import make_diagnosis
from txdoctor.core.session import Session
from txdoctor.families.evm.probe import candidate_chains, evm_source
from txdoctor.model import Diagnosis, Finding, Verdict

if TYPE_CHECKING:
    from txdoctor.core.chains import Chain
    from txdoctor.core.checks.address import AddressContext
    from txdoctor.core.classified import Classified
    from txdoctor.families.evm.facts import EvmAddressActivity


async def diagnose_evm_address(session: Session, c: Classified, ctx: AddressContext) -> Diagnosis:
    """The address checks, then (online, an EVM or no --chain) its activity per chain."""
    from txdoctor.core.checks.address import address_checks, address_facts
    from txdoctor.families.evm.checks.token_contract import with_token_contract

    ctx = with_token_contract(ctx)
    findings = address_checks.run(ctx)
    facts: dict[str, Any] = dict(address_facts(ctx))
    asked = session.asked_chain
    if not ctx.info.valid or session.options.offline or (asked is not None and asked.family != "evm"):
        return make_diagnosis(c, asked.name if asked else None, findings, facts, default=Verdict.VALID)
    return await _online(session, c, ctx, findings, facts)


async def _activity(session: Session, chain: Chain, address: str) -> Any:
    """(activity, failures) on one chain, or the AllProvidersFailed it raised."""
    from txdoctor.core.net.base import AllProvidersFailed

    src = evm_source(session, chain)
    if not src.providers:
        return AllProvidersFailed(chain, [])
    try:
        return await src.address_activity(address)
    except AllProvidersFailed as err:
        return err


async def _online(
    session: Session, c: Classified, ctx: AddressContext, findings: list[Finding], facts: dict[str, Any]
) -> Diagnosis:
    import asyncio

    from txdoctor.core.net.base import AllProvidersFailed
    from txdoctor.families.evm.checks.address import EvmAddressContext, address_evm_facts, evm_address_checks
    from txdoctor.families.evm.checks.network import activity_lookup_failed, network_findings

    asked = session.asked_chain
    chains = [asked] if asked is not None else candidate_chains(session)
    results = await asyncio.gather(*(_activity(session, ch, ctx.info.text) for ch in chains))
    activity: list[EvmAddressActivity] = []
    failed: list[Chain] = []
    extra: list[Finding] = []
    for ch, r in zip(chains, results, strict=True):
        if isinstance(r, AllProvidersFailed):
            failed.append(ch)
            continue
        activity.append(r[0])
        extra += network_findings(ch, r[1], r[0].provider)
    for ch, r in zip(chains, results, strict=True):
        if isinstance(r, AllProvidersFailed):
            extra += activity_lookup_failed(ch, r.failures)
    actx = EvmAddressContext(ctx.info.text.lower(), tuple(activity), tuple(ch.name for ch in failed))
    findings = findings + evm_address_checks.run(actx) + extra
    facts.update(address_evm_facts(actx))
    return make_diagnosis(c, _named_chain(asked, activity), findings, facts, default=Verdict.VALID)


def _named_chain(asked: Chain | None, activity: list[EvmAddressActivity]) -> str | None:
    """The chain asked, else the only chain where the address is active."""
    if asked is not None:
        return asked.name
    active = [a.chain for a in activity if a.active]
    return active[0] if len(active) == 1 else None
