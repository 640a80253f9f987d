"""Words the EVM findings share: chain names as catalog terms, lists of them, chains by id.

Light on purpose (the offline EVM path uses it): the chains table and the catalog's
:class:`Term` only.
"""

from __future__ import annotations

from collections.abc import Sequence

from txdoctor.core.chains import CHAINS, EVM_CHAINS, Chain
from txdoctor.messages import Term

LIST = "finding.EVM_TX_NOT_FOUND.list"


def chain_term(name: str) -> Term | str:
    """A chain's name in the catalog's language (an unknown name as it is)."""
    return Term(f"chain.{name}") if name in CHAINS else name


def joined(items: Sequence[Term | str], key: str = LIST) -> Term | str:
    """``items`` joined by the catalog's list entry ``key`` ("" for none)."""
    if not items:
        return ""
    out = items[-1]
    for item in reversed(items[:-1]):
        out = Term(key, first=item, rest=out)
    return out


def chain_names(chains: Sequence[str]) -> Term | str:
    """The chains' names, as a list in the catalog's language."""
    return joined([chain_term(c) for c in chains])


def could_not_check(chains: Sequence[str]) -> Term | str:
    """ " Could not check: A, B." (nothing when every chain answered)."""
    if not chains:
        return ""
    return Term("finding.EVM_TX_NOT_FOUND.could_not_check", chains=chain_names(chains))


def chain_by_id(chain_id: int | None) -> Chain | None:
    """The EVM chain with this chain id (None for an unknown or missing id)."""
    if chain_id is None:
        return None
    return next((c for c in EVM_CHAINS if c.chain_id == chain_id), None)
