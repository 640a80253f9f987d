"""The run's Bitcoin source of one network (shared facts, the tip and fee levels, once per run)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from txdoctor.core.chains import Chain
    from txdoctor.core.session import Session
    from txdoctor.families.bitcoin.cache import TxCache
    from txdoctor.families.bitcoin.source import BitcoinSource


def tx_cache(session: Session) -> TxCache | None:
    """The run's on-disk cache of deeply confirmed transactions (``--cache-dir``), if any."""
    directory = session.options.cache_dir
    if not directory:
        return None

    def make() -> TxCache:
        from txdoctor.families.bitcoin.cache import TxCache

        return TxCache(directory)

    return session.source("btc:txcache", make)


def bitcoin_source(session: Session, chain: Chain) -> BitcoinSource:
    """The source of ``chain`` (Bitcoin's networks, Litecoin), made on first use in the session."""

    def make() -> BitcoinSource:
        from txdoctor.families.bitcoin.source import BitcoinSource

        src = BitcoinSource(
            session.http,
            chain,
            session.config.urls(chain),
            speculative=session.options.speculative,
            cache=tx_cache(session),
        )
        src.state_cache = session.state_cache
        return src

    return session.source(f"btc:{chain.name}", make)
