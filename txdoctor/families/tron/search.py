"""A TRON txid on the network asked, with TRON's other networks searched at the same time."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import TYPE_CHECKING

from txdoctor.core.chains import CHAINS, Chain
from txdoctor.core.checks.common import not_found_cause
from txdoctor.core.findings import Term, finding
from txdoctor.core.search import Search, probe
from txdoctor.model import Category, Diagnosis, Finding, Severity, Verdict

if TYPE_CHECKING:
    from txdoctor.core.classified import Classified
    from txdoctor.core.session import Session


async def tron_with_search(session: Session, c: Classified, chain: Chain, api_key: str | None) -> Diagnosis:
    """A TRON txid on the network asked, with TRON's other networks searched at the same time."""
    from txdoctor.core.net.base import settle
    from txdoctor.families.tron.diagnose import diagnose_tron_tx

    txid = c.text.lower().removeprefix("0x")
    config = session.config
    others = (
        []
        if config.is_custom(chain)
        else [ch for ch in CHAINS.values() if ch.family == "tron" and ch is not chain and config.urls(ch)]
    )
    probes = asyncio.ensure_future(asyncio.gather(*(probe(session, ch, txid) for ch in others)))
    try:
        d = await diagnose_tron_tx(session, c, api_key, chain=chain)
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
        findings.insert(0, _tron_other_network(chain, txid, [p.chain.name for p in search.hits]))
    found_on = [p.chain.name for p in search.hits]
    searched = [chain.name, *search.searched]
    findings.append(not_found_cause(chain, searched, search.unasked, found_on, narrowed=narrow))
    return replace(d, findings=tuple(findings))


def _tron_other_network(chain: Chain, txid: str, found_on: list[str]) -> Finding:
    names: Term = Term(f"chain.{found_on[0]}")
    for name in found_on[1:]:
        names = Term("finding.TRON_TX_ON_OTHER_NETWORK.two", first=names, second=Term(f"chain.{name}"))
    return finding(
        "TRON_TX_ON_OTHER_NETWORK",
        Category.NETWORK,
        Severity.ERROR,
        {"found_on": found_on, "checked": chain.name},
        Verdict.NOT_FOUND,
        chain_name=Term(f"chain.{chain.name}"),
        names=names,
        command=f"txdoctor check {txid} --chain {found_on[0]}",
    )
