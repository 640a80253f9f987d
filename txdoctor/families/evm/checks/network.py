"""Findings about the lookup itself: endpoints on the wrong chain or unverified, fallbacks,
nothing reachable, a hash read without its 0x. Light (the offline path uses the prefix note)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from txdoctor.core.checks.common import (
    chain_term,
    failure_details,
    lookup_failed,
    provider_fallback,
    unreachable,
)
from txdoctor.core.findings import Term, finding
from txdoctor.families.evm.words import chain_by_id
from txdoctor.model import Category, Finding, Severity, Verdict

if TYPE_CHECKING:
    from txdoctor.core.chains import Chain
    from txdoctor.core.classified import Classified
    from txdoctor.core.net.base import ProviderFailure

# The words of NET_UNREACHABLE when no EVM chain answered (sub-keys of this entry).
NOWHERE = "finding.EVM_TX_NOT_FOUND"


def reported_id(detail: str) -> int | None:
    """The chain id in WrongChain's detail: "reports chain id N, expected M"."""
    words = detail.replace(",", " ").split()
    try:
        return int(words[words.index("id") + 1])
    except (ValueError, IndexError):
        return None


def _served(wrong: Sequence[ProviderFailure], reported: list[int | None]) -> Term | str:
    """ "P is on chain id N (Name); …" for each endpoint on another chain."""
    key = "finding.EVM_CHAIN_ID_MISMATCH."
    lines: list[Term | str] = []
    for f, r in zip(wrong, reported, strict=True):
        served = chain_by_id(r)
        if served is not None:
            lines.append(
                Term(
                    key + "served_known", provider=f.provider, chain_id=r, served_name=chain_term(served.name)
                )
            )
        else:
            lines.append(Term(key + "served", provider=f.provider, chain_id=r))
    out = lines[-1]  # "a; b; c": nested, each pair joined by the entry's "list"
    for line in reversed(lines[:-1]):
        out = Term(key + "list", first=line, rest=out)
    return out


def chain_id_mismatch(chain: Chain, failures: Sequence[ProviderFailure], answered: bool) -> Finding | None:
    """Endpoints given for ``chain`` that serve another chain (their answers were not used)."""
    wrong = [f for f in failures if f.reason == "wrong_chain"]
    if not wrong:
        return None
    reported = [reported_id(f.detail) for f in wrong]
    hint = next((c for c in map(chain_by_id, reported) if c is not None), None)
    key = "finding.EVM_CHAIN_ID_MISMATCH."
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
        served=_served(wrong, reported),
        env_var=chain.env_var,
        hint=Term(key + "hint", hint_name=chain_term(hint.name), hint=hint.name) if hint else "",
    )


def _only_wrong_chain(failures: Sequence[ProviderFailure]) -> bool:
    return all(f.reason == "wrong_chain" for f in failures)


def network_findings(chain: Chain, failures: Sequence[ProviderFailure], used: str | None) -> list[Finding]:
    """Fallback/mismatch/unreachable findings for one chain's endpoints (``used``: the one
    that answered, None when none did)."""
    out: list[Finding] = []
    mismatch = chain_id_mismatch(chain, failures, answered=used is not None)
    if mismatch is not None:
        out.append(mismatch)
    if used is None:
        if mismatch is None or not _only_wrong_chain(failures):
            out.append(unreachable(chain, list(failures)))
    elif failures:
        out.append(provider_fallback(failures, used))
    return out


def activity_lookup_failed(chain: Chain, failures: Sequence[ProviderFailure]) -> list[Finding]:
    """An address's activity could not be had on ``chain``: said, the format verdict stands
    (as for Bitcoin addresses)."""
    out: list[Finding] = []
    mismatch = chain_id_mismatch(chain, failures, answered=True)
    if mismatch is not None:
        out.append(mismatch)
    if mismatch is None or not _only_wrong_chain(failures):
        out.append(lookup_failed("the address's activity", chain, failures))
    return out


def nowhere_reachable(chains: Sequence[Chain], failures: Sequence[ProviderFailure]) -> list[Finding]:
    """No endpoint of any chain asked answered: one NET_UNREACHABLE for them all."""
    if len(chains) == 1:
        return network_findings(chains[0], failures, None)
    detail = failure_details(failures) or Term(f"{NOWHERE}.no_endpoint")
    # its message names no chain: NET_UNREACHABLE's message is this entry's sentence
    f = unreachable(chains[0], list(failures), Term(f"{NOWHERE}.unreachable_everywhere", detail=detail))
    evidence = {
        "chain": None,
        "chains": [c.name for c in chains],
        "failures": [x.as_dict() for x in failures],
    }
    return [replace(f, evidence=evidence)]


def chain_id_unverified(chain: Chain) -> Finding:
    return finding(
        "EVM_CHAIN_ID_UNVERIFIED",
        Category.NETWORK,
        Severity.INFO,
        {"chain": chain.name},
        None,
        chain_name=chain_term(chain.name),
    )


def prefix_note(c: Classified) -> list[Finding]:
    """A bare 64-hex hash read as 0x + hash (an EVM --chain was asked)."""
    if c.form == "txid_0x":
        return []
    return [finding("EVM_HASH_NO_PREFIX", Category.STATUS, Severity.INFO, {"hash": "0x" + c.text.lower()})]
