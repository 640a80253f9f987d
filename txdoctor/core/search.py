"""Which network has a transaction: one "is it here?" request per network, asked side by side
through each network's family (:meth:`txdoctor.core.families.FamilyHooks.probe_tx`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from txdoctor.core.chains import Chain
from txdoctor.core.families import family_of

if TYPE_CHECKING:
    from txdoctor.core.net.base import ProviderFailure
    from txdoctor.core.session import Session


@dataclass(frozen=True)
class Probe:
    chain: Chain
    found: bool
    answered: bool  # False: none of the network's providers could be asked
    failures: list[ProviderFailure] = field(default_factory=list)


@dataclass(frozen=True)
class Search:
    probes: list[Probe]
    narrowed: bool = False  # the user's own URLs: networks otherwise searched were not asked

    @property
    def hits(self) -> list[Probe]:
        return [p for p in self.probes if p.found]

    @property
    def searched(self) -> list[str]:
        return [p.chain.name for p in self.probes if p.answered]

    @property
    def unasked(self) -> list[str]:
        return [p.chain.name for p in self.probes if not p.answered]


async def probe(session: Session, chain: Chain, txid: str) -> Probe:
    from txdoctor.core.net.base import AllProvidersFailed

    try:
        found, failures = await family_of(chain).hooks().probe_tx(session, chain, txid)
    except AllProvidersFailed as err:
        return Probe(chain, False, False, list(err.failures))
    return Probe(chain, found, True, failures)
