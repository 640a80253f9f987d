"""Bitcoin-family lookups over an ordered list of Esplora providers, with fallback.

Independent requests go out together (the tx, its CPFP package and its RBF
history, and the network state); the network state is fetched once per run and
shared by every input of the chain.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Generic, TypeVar

from txdoctor.core.chains import Chain
from txdoctor.core.net import sanity
from txdoctor.core.net.base import (
    AllProvidersFailed,
    Attempt,
    NotFound,
    ProviderError,
    ProviderFailure,
    Unavailable,
    ask_in_order,
    first_answer,
    settle,
)
from txdoctor.core.net.http import Http
from txdoctor.core.net.once import Once
from txdoctor.core.net.reader import sane
from txdoctor.families.bitcoin.cache import TxCache
from txdoctor.families.bitcoin.esplora import Esplora
from txdoctor.families.bitcoin.facts import (
    BtcAddressActivity,
    BtcNetworkState,
    BtcPackage,
    BtcReplacement,
    BtcTx,
    BtcTxLookup,
    MempoolAccept,
)
from txdoctor.families.bitcoin.rawtx import RawTx

if TYPE_CHECKING:
    from txdoctor.core.statecache import StateCache

T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V")
SECOND_OPINION_S = 2.0  # how long the other providers' tip heights may take
TIP_MARGIN = 6  # blocks a provider may be ahead of the one whose tip the run uses
FIRST_SEEN_BATCH = 100  # mempool.space /v1/transaction-times takes up to 100 txids


class MicroBatcher(Generic[K, V]):
    """Collects keys asked for at about the same time and fetches them in one call."""

    def __init__(self, fetch: Callable[[list[K]], Awaitable[list[V]]], max_size: int, delay: float = 0.002):
        self.fetch = fetch
        self.max_size = max_size
        self.delay = delay
        self._waiting: list[tuple[K, asyncio.Future[V]]] = []
        self._timer: asyncio.TimerHandle | None = None
        self._running: set[asyncio.Task[None]] = set()

    def get(self, key: K) -> asyncio.Future[V]:
        loop = asyncio.get_running_loop()
        fut: asyncio.Future[V] = loop.create_future()
        self._waiting.append((key, fut))
        if len(self._waiting) >= self.max_size:
            self._flush()
        elif self._timer is None:
            self._timer = loop.call_later(self.delay, self._flush)
        return fut

    async def aclose(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        for task in list(self._running):
            task.cancel()
        for _, fut in self._waiting:
            fut.cancel()
        self._waiting = []

    def _flush(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        batch, self._waiting = self._waiting, []
        if batch:
            task = asyncio.ensure_future(self._run(batch))
            self._running.add(task)
            task.add_done_callback(self._running.discard)

    async def _run(self, batch: list[tuple[K, asyncio.Future[V]]]) -> None:
        try:
            values = await self.fetch([k for k, _ in batch])
        except Exception as err:
            for _, fut in batch:
                if not fut.done():
                    fut.set_exception(err)
            return
        for (_, fut), value in zip(batch, values, strict=True):
            if not fut.done():
                fut.set_result(value)


class BitcoinSource:
    # Set by the session: the network state shared across runs on disk (txdoctor.core.statecache).
    state_cache: StateCache | None = None
    state_from_cache = False
    # Set by the search when that is cheap (prefetch_is_cheap): what a waiting tx needs — fee
    # levels, its package, first-seen time — goes out with /tx.
    eager = False

    def __init__(
        self,
        http: Http,
        chain: Chain,
        urls: list[str],
        speculative: bool = True,
        cache: TxCache | None = None,
    ) -> None:
        self.chain = chain
        self.providers = [_provider(http, chain, u) for u in urls]
        self.speculative = speculative
        self.cache = cache
        self._batchers: dict[str, MicroBatcher[str, int | None]] = {}
        self._states: Once[str, BtcNetworkState] = Once()  # "tips", then "state" when a tx waits

    # ------------------------------------------------------------ shared state

    async def aclose(self) -> None:
        """Stop the shared-state fetch if nobody waited for it (e.g. the tx lookup failed)."""
        await self._states.aclose()
        for batcher in self._batchers.values():
            await batcher.aclose()
        for p in self.providers:
            close = getattr(p, "aclose", None)  # a Core node's shared state
            if close is not None:
                await close()

    def state(self) -> Awaitable[BtcNetworkState]:
        """The network state, fetched once per run however many inputs ask."""
        return self._states.get("state", self._shared_state)

    def refresh_state(self) -> Awaitable[BtcNetworkState]:
        """A live fetch, for when the state from the cache is older than a block a lookup saw."""
        self.state_from_cache = False
        self._states.renew("tips", lambda: self._fetch_tips(live=True))
        return self._states.renew("state", self._fetch_state)

    async def _shared_state(self) -> BtcNetworkState:
        from txdoctor.families.bitcoin.state_cache import load_btc_state, save_btc_state

        urls = self._state_key()
        cached = load_btc_state(self.state_cache, self.chain.name, urls)
        if cached is not None:
            self.state_from_cache = True
            return cached
        state = await self._fetch_state()
        save_btc_state(self.state_cache, self.chain.name, urls, state)
        return state

    def prefetch_is_cheap(self) -> bool:
        """May what a waiting tx needs (its package, first-seen time) go out with the lookup,
        before the tx is known to be waiting? When the fee state is on disk already (shared
        across runs): then it costs no request, and the two more requests make a waiting tx
        one round trip. Not otherwise: a confirmed or missing tx would pay seven requests more,
        and a check that fails at once would leave them in flight."""
        if self.state_cache is None:
            return False
        from txdoctor.families.bitcoin.state_cache import load_btc_state

        return load_btc_state(self.state_cache, self.chain.name, self._state_key()) is not None

    def _state_key(self) -> list[str]:
        """The providers, as the on-disk state is keyed: redacted, no credential reaches the disk."""
        return [p.name for p in self.providers]

    def tips_state(self) -> Awaitable[BtcNetworkState]:
        """Only the tip heights — all a confirmed, replaced or missing tx needs — once per run.

        Started with the tx lookup; the fee levels, projected blocks and mempool follow only
        when the tx turns out to be waiting (``state()``, which reuses these tips).
        """
        return self._states.get("tips", self._fetch_tips)

    async def _first(self, call: Callable[[Esplora], Awaitable[T]], attempt: Attempt) -> T | None:
        try:
            return (await first_answer(self.chain, self.providers, call, attempt))[0]
        except AllProvidersFailed:
            return None

    async def _fetch_tips(self, live: bool = False) -> BtcNetworkState:
        if not live and self.state_cache is not None:
            from txdoctor.families.bitcoin.state_cache import load_btc_state

            cached = load_btc_state(self.state_cache, self.chain.name, self._state_key())
            if cached is not None:  # the whole state shared across runs: no request at all
                self.state_from_cache = True
                return cached
        errors: list[str] = []
        tip, tips = await self._tips(errors)
        return BtcNetworkState(tip_height=tip, fees=None, errors=tuple(errors), tips=tips)

    async def _fetch_state(self) -> BtcNetworkState:
        attempt = Attempt()  # the four searches' failures, in the order they happen
        base, fees, blocks, mempool, interval = await asyncio.gather(
            self.tips_state(),
            self._first(lambda p: p.fees(), attempt),
            self._first(lambda p: p.projected_blocks(), attempt),
            self._first(lambda p: p.mempool(), attempt),
            self._first(lambda p: p.block_interval(), attempt),
        )
        errors = [f"{f.provider}: {f.detail}" for f in attempt.failures]
        return BtcNetworkState(
            tip_height=base.tip_height,
            fees=fees,
            projected_blocks=blocks or (),
            mempool=mempool,
            block_interval_s=interval or 600.0,
            errors=base.errors + tuple(errors),
            tips=base.tips,
        )

    async def _tips(self, errors: list[str]) -> tuple[int | None, tuple[tuple[str, int], ...]]:
        """The tip height from every provider at once: the first in order is used, the others
        are a second opinion (bounded to SECOND_OPINION_S) that shows a lagging explorer."""

        async def one(index: int, p: Esplora) -> int | None:
            try:
                if index == 0:
                    return await p.tip_height()
                return await asyncio.wait_for(p.tip_height(), SECOND_OPINION_S)
            except ProviderError as err:
                errors.append(f"{p.name}: {err.detail}")
            except TimeoutError:
                pass
            return None

        heights = await asyncio.gather(*(one(i, p) for i, p in enumerate(self.providers)))
        seen = tuple((p.name, h) for p, h in zip(self.providers, heights, strict=True) if h is not None)
        return (seen[0][1] if seen else None), seen

    # ---------------------------------------------------------------- tx lookup

    async def lookup_tx(
        self, txid: str, confirm_not_found: bool = True
    ) -> tuple[BtcTxLookup, list[ProviderFailure]]:
        """Look a txid up; fall back to the next provider when one fails.

        A "not found" from one provider is confirmed with the next one, when there
        is one, before it is believed. Raises AllProvidersFailed when none answers.
        """
        if self.cache is not None:
            cached = self.cache.get(self.chain.name, txid)
            if cached is not None:
                return BtcTxLookup(self.chain.name, txid, cached, provider="cache"), []
        asked = await ask_in_order(
            self.chain,
            self.providers,
            lambda p: self._lookup_on(p, txid),
            found=lambda r: r.tx is not None or r.replacement is not None,
            confirm=confirm_not_found,
            sure=lambda r: not r.node_blind,  # a Core node without -txindex cannot tell: ask the next
        )
        # the providers that said a clear "not found", and the ones that could not tell
        not_found_by = tuple(a.provider.name for a in asked.missing if not a.value.node_blind)
        blind = tuple(name for a in asked.missing if a.value.node_blind for name in a.value.node_blind)
        if asked.found:
            result = asked.answers[-1].value
            if not_found_by:
                result = replace(result, disagreeing_providers=not_found_by)
            return replace(result, node_blind=blind), asked.failures
        # a clear answer over "cannot tell"
        first = next((a.value for a in asked.answers if not a.value.node_blind), asked.answers[0].value)
        return replace(first, not_found_confirmed_by=not_found_by, node_blind=blind), asked.failures

    async def _lookup_on(self, p: Esplora, txid: str) -> BtcTxLookup:
        if not isinstance(p, Esplora):  # a Core node (core_node.CoreNode) looks up in its own way
            return await p.lookup(txid)
        early = None
        if self.speculative:
            # A replaced or vanished tx answers 404 on /tx: its RBF history and cached copy
            # (mempool.space only) go out with it, so a replaced tx takes one round trip.
            # Eager (see ``eager``): a waiting tx's package and first-seen time go too.
            if self.eager:
                early = asyncio.gather(_quiet(p.package(txid)), _quiet(p.first_seen(txid)))
            try:
                tx_r, rbf_r, cached_r = await asyncio.gather(
                    p.tx(txid), p.replacement(txid), p.cached_tx(txid), return_exceptions=True
                )
                tx = _tx_or_raise(tx_r)
            except BaseException:
                await settle(early)  # this provider failed: the next one is asked at once
                raise
        else:
            # Only what this tx needs: fewer requests, one more round trip when it is not found.
            try:
                tx = await p.tx(txid)  # awaited here: no task per input
            except NotFound:
                tx = None
            rbf_r = cached_r = None
            if tx is None:
                rbf_r, cached_r = await asyncio.gather(_quiet(p.replacement(txid)), _quiet(p.cached_tx(txid)))
        package: BtcPackage | None = None
        if early is not None and (tx is None or tx.confirmed):
            await settle(early)  # asked in case it was waiting: not needed, not waited for
        if tx is not None and not tx.confirmed:
            self.state()  # a waiting tx is judged against the fee levels: they load with its package
            if early is None:
                seen = p.first_seen(txid) if self.speculative else self._first_seen_batched(p, txid)
                early = asyncio.gather(_quiet(p.package(txid)), _quiet(seen))
            pkg_r, seen_r = await early
            if tx.first_seen is None and isinstance(seen_r, int):
                tx = replace(tx, first_seen=seen_r)
            package = pkg_r if isinstance(pkg_r, BtcPackage) else tx.package
        if tx is not None and tx.confirmed:
            await self._within_tip(p, tx)
        replacement = rbf_r if isinstance(rbf_r, BtcReplacement) else None
        conflicts: tuple[tuple[int, str], ...] = ()
        if tx is None and isinstance(cached_r, BtcTx):
            tx = _unconfirmed_copy(cached_r)
            if replacement is None:
                conflicts = await self._conflicts(p, cached_r)
        return BtcTxLookup(
            chain=self.chain.name,
            txid=txid,
            tx=tx,
            package=package if tx is not None and not tx.confirmed else None,
            replacement=replacement,
            conflicts=conflicts,
            provider=p.name,
        )

    async def _within_tip(self, p: Esplora, tx: BtcTx) -> None:
        """A block height beyond another provider's tip + TIP_MARGIN is a bad answer.

        Only another provider's tip is evidence: when a provider's own tip is below its own
        block height, either answer may be the broken one, and the diagnosis only loses the
        confirmation count (``confirmations`` gives None).
        """
        state = await self.tips_state()  # the tips alone: no fee levels for a confirmed tx
        others = [h for name, h in state.tips if name != p.name]
        with sane(p.name):
            sanity.height_within_tip(tx.block_height, max(others, default=None), margin=TIP_MARGIN)

    async def probe_tx(self, txid: str) -> tuple[BtcTx | None, list[ProviderFailure]]:
        """Is it here? One ``/tx`` request (the next provider only when one fails).

        A "not found" is believed at once: this answers the wrong-network question for the
        networks nobody asked about, not the verdict. Raises AllProvidersFailed.
        """
        if self.cache is not None:
            cached = self.cache.get(self.chain.name, txid)
            if cached is not None:
                return cached, []

        async def op(p: Esplora) -> BtcTx | None:
            if not isinstance(p, Esplora):  # a Core node (core_node.CoreNode) looks up in its own way
                lookup = await p.lookup(txid)
                if lookup.node_blind:
                    raise Unavailable(p.name, "this node cannot look up other wallets' transactions")
                return lookup.tx
            try:
                return await p.tx(txid)
            except NotFound:
                return None

        tx, _, failures = await first_answer(self.chain, self.providers, op)
        return tx, failures

    async def _first_seen_batched(self, p: Esplora, txid: str) -> int | None:
        """Batch first-seen lookups of concurrent inputs: up to 100 txids per request."""
        batcher = self._batchers.get(p.base)
        if batcher is None:
            batcher = self._batchers[p.base] = MicroBatcher(p.first_seen_many, FIRST_SEEN_BATCH)
        return await batcher.get(txid)

    async def raw_details(self, raw: RawTx) -> tuple[int | None, tuple[tuple[int, str], ...]]:
        """For a raw tx not on the network: its fee (from the outputs it spends) and spent inputs."""
        if not self.providers:
            return None, ()
        p = self.providers[0]
        if not isinstance(p, Esplora):
            return None, ()  # a Core node: mempool_accept() tells more
        inputs = raw.inputs[:10]
        prevs, spenders = await asyncio.gather(
            asyncio.gather(*(_quiet(p.tx(i.prev_txid)) for i in inputs)),
            asyncio.gather(*(_quiet(p.outspend(i.prev_txid, i.prev_vout)) for i in inputs)),
        )
        fee: int | None = None
        if len(inputs) == len(raw.inputs):
            values = [
                prev.outputs[i.prev_vout].value
                if prev is not None and i.prev_vout < len(prev.outputs)
                else None
                for i, prev in zip(inputs, prevs, strict=True)
            ]
            if all(v is not None for v in values):
                fee = sum(v for v in values if v is not None) - sum(o.value for o in raw.outputs)
        conflicts = tuple((n, s) for n, s in enumerate(spenders) if s is not None and s != raw.txid)
        return fee, conflicts

    async def _conflicts(self, p: Esplora, tx: BtcTx) -> tuple[tuple[int, str], ...]:
        """Inputs of a vanished tx that another tx has spent: a double spend."""
        inputs = [i for i in tx.inputs if not i.is_coinbase][:10]
        spenders = await asyncio.gather(*(_quiet(p.outspend(i.prev_txid, i.prev_vout)) for i in inputs))
        return tuple((n, s) for n, s in enumerate(spenders) if s is not None and s != tx.txid)

    async def mempool_accept(self, raw: RawTx, raw_hex: str) -> MempoolAccept | None:
        """testmempoolaccept on the first Core node in the list (None without one, or if it fails)."""
        from txdoctor.families.bitcoin.core_node import CoreNode

        providers: list[object] = list(self.providers)  # Esplora and CoreNode (see _provider)
        node = next((p for p in providers if isinstance(p, CoreNode)), None)
        if node is None:
            return None
        from txdoctor.families.bitcoin.core_accept import mempool_accept

        return await _quiet(mempool_accept(node, raw, raw_hex))

    # ----------------------------------------------------------------- address

    async def address_activity(self, address: str) -> tuple[BtcAddressActivity, list[ProviderFailure]]:
        async def op(p: Esplora) -> BtcAddressActivity:
            stats, mempool_txs = await asyncio.gather(
                p.address_stats(address), p.address_mempool_txs(address)
            )
            chain_s, pool_s = stats["chain_stats"], stats["mempool_stats"]
            return BtcAddressActivity(
                address=address,
                chain=self.chain.name,
                confirmed_tx_count=chain_s["tx_count"],
                unconfirmed_tx_count=pool_s["tx_count"],
                confirmed_balance=chain_s["funded_txo_sum"] - chain_s["spent_txo_sum"],
                unconfirmed_delta=pool_s["funded_txo_sum"] - pool_s["spent_txo_sum"],
                mempool_txs=mempool_txs,
                provider=p.name,
            )

        activity, _, failures = await first_answer(self.chain, self.providers, op)
        return activity, failures


def _provider(http: Http, chain: Chain, url: str) -> Esplora:
    """An Esplora base URL, or a Core node's core+http(s):// URL (core_node.CoreNode, same duties)."""
    if url.lower().startswith("core+"):
        from txdoctor.families.bitcoin.core_node import CoreNode

        return CoreNode(http, chain, url)  # type: ignore[return-value]
    return Esplora(http, url)


async def _quiet(aw: Awaitable[T]) -> T | None:
    try:
        return await aw
    except ProviderError:
        return None


def _output_value(tx: BtcTx | None, vout: int) -> int | None:
    return tx.outputs[vout].value if tx is not None and vout < len(tx.outputs) else None


def _tx_or_raise(result: BtcTx | BaseException) -> BtcTx | None:
    if isinstance(result, NotFound):
        return None
    if isinstance(result, BaseException):
        raise result
    return result


def _unconfirmed_copy(tx: BtcTx) -> BtcTx:
    return replace(tx, confirmed=False, block_height=None, block_hash=None, block_time=None)
