"""Which EVM chains to ask, their per-run sources, and asking them all at once about a hash.

Candidates are the EVM chains with ``lookup_by_default`` — unless any EVM chain has a
custom URL (--url or TXDOCTOR_URL_*), in which case only the chains with custom URLs are
probed, so a hash checked against one's own nodes is not sent to public endpoints.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from txdoctor.core.chains import EVM_CHAINS, Chain
from txdoctor.core.session import Session

if TYPE_CHECKING:
    from txdoctor.core.net.base import ProviderFailure
    from txdoctor.families.evm.checks.context import EvmTxContext
    from txdoctor.families.evm.facts import EvmTxLookup
    from txdoctor.families.evm.seen import SeenStore
    from txdoctor.families.evm.source import EvmSource


def evm_source(session: Session, chain: Chain) -> EvmSource:
    """The per-run source for one chain (shared facts are fetched once per run)."""
    from txdoctor.families.evm.source import EvmSource

    return session.source(
        f"evm:{chain.name}", lambda: EvmSource(session.http, chain, session.config.urls(chain))
    )


def seen_store(session: Session) -> SeenStore:
    """The memory of pending transactions, in the run's cache directory (none without one)."""
    from txdoctor.families.evm.seen import SeenStore

    return session.source("evm:seen", lambda: SeenStore(session.options.cache_dir))


def _custom(session: Session) -> list[Chain]:
    config = session.config
    return [c for c in EVM_CHAINS if config.is_custom(c) and config.urls(c)]


def candidate_chains(session: Session, exclude: Chain | None = None) -> list[Chain]:
    """The chains to probe for a hash or an address (see the module docstring)."""
    config = session.config
    custom = _custom(session)
    pool = custom if custom else [c for c in EVM_CHAINS if c.lookup_by_default and config.urls(c)]
    return [c for c in pool if c is not exclude]


def narrowed(session: Session) -> bool:
    """Only the chains with the user's own URLs were asked: public default chains were not."""
    config = session.config
    custom = _custom(session)
    public = [c for c in EVM_CHAINS if c.lookup_by_default and c not in custom and config.urls(c)]
    return bool(custom) and bool(public)


@dataclass(frozen=True)
class Probe:
    chain: Chain
    lookup: EvmTxLookup | None  # set when the chain has the hash
    answered: bool  # False: no endpoint of the chain answered
    failures: list[ProviderFailure]
    not_found_by: tuple[str, ...] = ()  # the endpoints that answered "not found"

    @property
    def found(self) -> bool:
        return self.lookup is not None


async def _probe_one(session: Session, tx_hash: str, chain: Chain) -> Probe:
    from txdoctor.core.net.base import AllProvidersFailed

    src = evm_source(session, chain)
    if not src.providers:
        return Probe(chain, None, False, [])
    try:
        lookup, failures = await src.find_tx(tx_hash, confirm_not_found=False)
    except AllProvidersFailed as err:
        return Probe(chain, None, False, list(err.failures))
    if lookup.tx is not None or lookup.receipt is not None:
        return Probe(chain, lookup, True, failures)
    return Probe(chain, None, True, failures, lookup.not_found_confirmed_by)


async def probe(session: Session, tx_hash: str, chains: list[Chain]) -> list[Probe]:
    """Ask each chain, concurrently, whether it knows the hash."""
    import asyncio

    return list(await asyncio.gather(*(_probe_one(session, tx_hash, ch) for ch in chains)))


def remember(store: SeenStore, ctx: EvmTxContext) -> None:
    """Keep a pending transaction in the memory of pending ones; forget a mined or replaced one."""
    lk = ctx.lookup
    if lk is None or ctx.chain is None:
        return
    tx = ctx.pending_tx
    if tx is not None and ctx.state is not None and ctx.state.latest is not None:
        store.remember(ctx.chain.name, tx, ctx.state)
    elif lk.receipt is not None or ctx.replaced:
        store.forget(lk.hash)
