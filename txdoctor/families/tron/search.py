"""A TRON txid on the network asked, with TRON's other networks searched at the same time."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from txdoctor.core.chains import CHAINS, Chain
from txdoctor.core.checks.common import not_found_cause
from txdoctor.core.search import Search, probe
from txdoctor.families.tron.checks import other_network
from txdoctor.model import Diagnosis, Verdict

if TYPE_CHECKING:
    from txdoctor.core.classified import Classified
    from txdoctor.core.session import Session


async def tron_with_search(
    session: Session, c: Classified, chain: Chain, diagnose_on: Callable[[Chain], Awaitable[Diagnosis]]
) -> Diagnosis:
    """A TRON txid on the network asked (``diagnose_on(chain)``: the family's diagnosis on one
    network), with TRON's other networks searched at the same time."""
    from txdoctor.core.net.base import settle

    txid = c.text.lower().removeprefix("0x")
    config = session.config
    others = (
        []
        if config.is_custom(chain)
        else [ch for ch in CHAINS.values() if ch.family == "tron" and ch is not chain and config.urls(ch)]
    )
    probes = asyncio.ensure_future(asyncio.gather(*(probe(session, ch, txid) for ch in others)))
    try:
        d = await diagnose_on(chain)
    except BaseException:
        await settle(probes)
        raise
    if d.verdict is not Verdict.NOT_FOUND:
        await settle(probes)
        return d
    narrow = config.is_custom(chain) and any(
        ch.family == "tron" and ch is not chain and config.urls(ch) for ch in CHAINS.values()
    )
    search = Search(list(await probes), narrow)
    findings = list(d.findings)
    if search.hits:
        findings.insert(0, other_network(chain, txid, [p.chain.name for p in search.hits]))
    found_on = [p.chain.name for p in search.hits]
    searched = [chain.name, *search.searched]
    findings.append(not_found_cause(chain, searched, search.unasked, found_on, narrowed=narrow))
    return replace(d, findings=tuple(findings))
