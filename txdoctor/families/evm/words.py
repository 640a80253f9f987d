"""Words the EVM findings share beyond the core's (chain names and lists are
:func:`txdoctor.core.checks.common.chain_term` / ``chain_names``), and chains by id.

Light on purpose (the offline EVM path uses it).
"""

from __future__ import annotations

from collections.abc import Sequence

from txdoctor.core.chains import EVM_CHAINS, Chain
from txdoctor.core.checks.common import chain_names
from txdoctor.messages import Term


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
