"""One run: its options, the shared HTTP client, and each family's per-chain sources.

The session knows no family: a family keeps its sources (and their shared facts, fetched
once per run) in :meth:`Session.source` under its own keys ("evm:eth", "tron:nile", …).
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar, cast

from txdoctor.core.chains import Chain, ProviderConfig, get_chain

if TYPE_CHECKING:
    from txdoctor.core.net.http import Http
    from txdoctor.core.statecache import StateCache

S = TypeVar("S")


@dataclass
class Options:
    chain: str | None = None
    offline: bool = False
    urls: dict[str, list[str]] = field(default_factory=dict)
    timeout: float = 10.0
    retries: int = 2
    concurrency: int | None = None  # per host; None = the default (10)
    rate: float | None = None  # requests/s per host; None = 10 for public hosts, unlimited for local
    # Fire the dependent requests of a txid (CPFP, RBF history, first seen) together with
    # the tx itself: one round trip instead of two, at the cost of requests that a
    # confirmed tx does not need. On for a single check, off for batches.
    speculative: bool = True
    cache_dir: str | None = None  # on-disk cache of deeply confirmed txs; None = no cache
    state_ttl: float = 0.0  # seconds a chain's network state is shared across runs (in cache_dir); 0 = off
    environ: dict[str, str] | None = None  # for tests; None = os.environ
    config_urls: dict[str, list[str]] = field(default_factory=dict)  # from the config file
    api_keys: dict[str, str] = field(default_factory=dict)  # [keys] of the config file, e.g. trongrid
    lang: str = "en"  # the language of the words (txdoctor.messages); the diagnosis is the same
    # "httpcore", "httpx" or "aiohttp"; "auto": aiohttp for a batch (a third of the CPU per
    # request), httpcore for a single check (cheapest to import). aiohttp missing: httpx.
    http_client: str = "auto"


# The chain an explorer link names, for the input being diagnosed (each input of a batch
# runs in its own task, so each sees its own); --chain, when given, wins over it.
LINK_CHAIN: ContextVar[Chain | None] = ContextVar("txdoctor_link_chain", default=None)


class Session:
    """One run: a shared HTTP client and one source per chain, so shared facts are fetched once."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.option_chain: Chain | None = get_chain(options.chain) if options.chain else None
        self.config = ProviderConfig(options.urls, options.environ, options.config_urls)
        if not options.offline:
            self.config.validate()  # txdoctor.core.net.urls.InvalidUrl (a ValueError), the URL redacted
        self._http: Http | None = None
        self._sources: dict[str, object] = {}
        self._warmed: set[tuple[str, ...]] = set()
        self.state_cache: StateCache | None = None
        if options.cache_dir and options.state_ttl > 0:
            from txdoctor.core.statecache import StateCache

            self.state_cache = StateCache(options.cache_dir, options.state_ttl)

    @property
    def asked_chain(self) -> Chain | None:
        """The chain asked for: --chain, else the chain of the explorer link pasted, else None."""
        return self.option_chain or LINK_CHAIN.get()

    @property
    def http(self) -> Http:
        if self._http is None:
            from txdoctor.core.net.http import DEFAULT_PER_HOST, SINGLE_CHECK_PER_HOST, Http

            o = self.options
            self._http = Http(
                timeout=o.timeout,
                retries=o.retries,
                per_host=o.concurrency or (SINGLE_CHECK_PER_HOST if o.speculative else DEFAULT_PER_HOST),
                rate=o.rate,
                client="httpcore" if o.http_client == "auto" else o.http_client,
            )
        return self._http

    def warm(self, modules: tuple[str, ...]) -> None:
        """Import ``modules`` (what the answers' analysis needs: a family's checks) and read the
        words' catalog while the first requests are on the wire, instead of after the answer
        (issue 13: at 50 ms per answer that is time off the critical path). A warm-up only."""
        if self.options.offline or not modules or modules in self._warmed:
            return
        self._warmed.add(modules)
        lang = self.options.lang

        def work() -> None:
            import importlib

            from txdoctor.messages import catalog

            for name in modules:
                importlib.import_module(name)
            catalog(lang)

        self.http.when_idle(work)

    def source(self, key: str, make: Callable[[], S]) -> S:
        """The run's object under ``key`` (a family's source for one chain…), made once by ``make``.

        One key, one type: the family that owns the key is the only one that makes it."""
        found = self._sources.get(key)
        if found is None:
            found = self._sources[key] = make()
        return cast(S, found)

    async def aclose(self) -> None:
        """Stop what is still running (shared-state fetches nobody awaited), then the HTTP client."""
        for source in self._sources.values():
            close: Any = getattr(source, "aclose", None)
            if close is not None:
                await close()
        if self._http is not None:
            await self._http.aclose()

    async def __aenter__(self) -> Session:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
