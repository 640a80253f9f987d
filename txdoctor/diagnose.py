"""providers → facts → checks → Diagnosis. Also the public Python API.

Heavy and network modules (httpx, the providers) are imported only on the
paths that use them: an offline address check imports neither.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, TypeVar

from txdoctor.chains import CHAINS, Chain, ProviderConfig, get_chain
from txdoctor.checks.address import AddressContext, address_checks, address_facts
from txdoctor.checks.common import (
    from_link,
    input_problem,
    lookup_failed,
    offline_only,
    prefix_dropped,
    provider_fallback,
    secret_refused,
)
from txdoctor.classify import VIA_LINK, Classified, classify
from txdoctor.model import Diagnosis, Finding, Kind, Verdict, decide_verdict

T = TypeVar("T")

if TYPE_CHECKING:
    from txdoctor.cache import TxCache
    from txdoctor.providers.bitcoin import BitcoinSource
    from txdoctor.providers.http import Http
    from txdoctor.rawtx import RawTx
    from txdoctor.statecache import StateCache


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


# The chain an explorer link names, for the input being diagnosed (each input of a batch
# runs in its own task, so each sees its own); --chain, when given, wins over it.
_LINK_CHAIN: ContextVar[Chain | None] = ContextVar("txdoctor_link_chain", default=None)


class Session:
    """One run: a shared HTTP client and one source per chain, so shared facts are fetched once."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.option_chain: Chain | None = get_chain(options.chain) if options.chain else None
        self.config = ProviderConfig(options.urls, options.environ, options.config_urls)
        if not options.offline:
            self.config.validate()  # txdoctor.urls.InvalidUrl (a ValueError), the URL redacted
        self._http: Http | None = None
        self._btc: dict[str, BitcoinSource] = {}
        # Other families keep their per-chain sources (and shared facts) here, by key.
        self.sources: dict[str, Any] = {}
        self.cache: TxCache | None = None
        if options.cache_dir:
            from txdoctor.cache import TxCache

            self.cache = TxCache(options.cache_dir)
        self.state_cache: StateCache | None = None
        if options.cache_dir and options.state_ttl > 0:
            from txdoctor.statecache import StateCache

            self.state_cache = StateCache(options.cache_dir, options.state_ttl)

    @property
    def asked_chain(self) -> Chain | None:
        """The chain asked for: --chain, else the chain of the explorer link pasted, else None."""
        return self.option_chain or _LINK_CHAIN.get()

    @property
    def http(self) -> Http:
        if self._http is None:
            from txdoctor.providers.http import DEFAULT_PER_HOST, Http

            o = self.options
            self._http = Http(
                timeout=o.timeout,
                retries=o.retries,
                per_host=o.concurrency or DEFAULT_PER_HOST,
                rate=o.rate,
            )
        return self._http

    async def aclose(self) -> None:
        """Stop what is still running (shared-state fetches nobody awaited), then the HTTP client."""
        for source in [*self._btc.values(), *self.sources.values()]:
            close = getattr(source, "aclose", None)
            if close is not None:
                await close()
        if self._http is not None:
            await self._http.aclose()

    async def __aenter__(self) -> Session:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def btc(self, chain: Chain) -> BitcoinSource:
        if chain.name not in self._btc:
            from txdoctor.providers.bitcoin import BitcoinSource

            self._btc[chain.name] = BitcoinSource(
                self.http,
                chain,
                self.config.urls(chain),
                speculative=self.options.speculative,
                cache=self.cache,
            )
            self._btc[chain.name].state_cache = self.state_cache
        return self._btc[chain.name]

    # ------------------------------------------------------------------ entry

    async def diagnose(self, raw: str) -> Diagnosis:
        c = classify(raw)
        token = _LINK_CHAIN.set(CHAINS[c.link_chain]) if c.link_chain in CHAINS else None
        try:
            d = with_not_found_cause(await self._diagnose(c))
        finally:
            if token is not None:
                _LINK_CHAIN.reset(token)
        if c.via is None:
            return d
        findings = d.findings
        if c.via == VIA_LINK:  # an explorer showed this ID: it is no private key
            findings = tuple(f for f in findings if f.code != "INPUT_MAYBE_PRIVATE_KEY")
        note = from_link(c.via, c.text, c.link_chain)
        return replace(d, findings=(*findings, note))

    async def _diagnose(self, c: Classified) -> Diagnosis:
        if c.kind is Kind.SECRET and c.secret is not None:
            return make_diagnosis(c, None, [secret_refused(c.secret)], {})
        if c.kind is Kind.UNKNOWN:
            return make_diagnosis(
                c, None, [input_problem(c.problem_code or "INPUT_UNRECOGNISED", c.problem or "")], {}
            )
        if c.kind is Kind.ADDRESS:
            return await self._address(c)
        return await self._txid(c)

    # --------------------------------------------------------------- address

    async def _address(self, c: Classified) -> Diagnosis:
        assert c.address is not None
        info = c.address
        ctx = AddressContext(info, self.asked_chain)
        extra: list[Finding] = []
        if info.valid and info.family == "tron":
            from txdoctor.tron import diagnose_tron_address

            return await diagnose_tron_address(self, c, ctx, self.options.api_keys.get("trongrid"))
        if info.valid and info.family == "evm":
            from txdoctor.evm import diagnose_evm_address

            return await diagnose_evm_address(self, c, ctx)
        # MWEB stealth addresses are private: no explorer or node can list their payments.
        if info.valid and info.family == "btc" and not self.options.offline and info.type != "mweb":
            chains = [self.asked_chain] if self.asked_chain else [CHAINS[n] for n in info.chains]
            chains = [
                ch for ch in chains if ch is not None and ch.name in info.chains and self.config.urls(ch)
            ]
            if chains:
                ctx, extra = await self._btc_activity(ctx, chains)
        findings = address_checks.run(ctx) + extra
        chain = (
            self.asked_chain.name if self.asked_chain else (info.chains[0] if len(info.chains) == 1 else None)
        )
        if ctx.activity and chain is None:
            active = [a.chain for a, _ in ctx.activity if a.confirmed_tx_count + a.unconfirmed_tx_count]
            chain = active[0] if len(active) == 1 else None
        return make_diagnosis(c, chain, findings, address_facts(ctx), default=Verdict.VALID)

    async def _btc_activity(
        self, ctx: AddressContext, chains: list[Chain]
    ) -> tuple[AddressContext, list[Finding]]:
        from txdoctor.providers.base import AllProvidersFailed

        async def one(ch: Chain) -> Any:
            src = self.btc(ch)
            try:
                act, failures = await src.address_activity(ctx.info.text)
            except AllProvidersFailed as err:
                return err
            state = await src.state() if act.mempool_txs else _empty_state()
            return act, state, failures

        import asyncio

        results = await asyncio.gather(*(one(ch) for ch in chains))
        activity = []
        extra: list[Finding] = []
        failed = []
        for ch, r in zip(chains, results, strict=True):
            if isinstance(r, AllProvidersFailed):
                failed.append((ch, r))
                continue
            act, state, failures = r
            activity.append((act, state))
            if failures:
                extra.append(provider_fallback(failures, act.provider))
        if failed and not activity:
            ch, err = failed[0]
            extra.append(lookup_failed("the address's activity", ch, err.failures))
        return AddressContext(ctx.info, ctx.asked_chain, tuple(activity)), extra

    # ------------------------------------------------------------------ txid

    async def _txid(self, c: Classified) -> Diagnosis:
        asked = self.asked_chain
        if c.form == "evm_txhash" and asked is not None and asked.family in ("btc", "tron"):
            # --chain names a chain whose txids have no 0x: look there only, and say so.
            d = await self._txid(replace(c, text=c.text[2:], form="btc_txid"))
            return replace(d, findings=(*d.findings, prefix_dropped(c.text, asked)))
        if c.form == "evm_raw_tx":
            from txdoctor.evm_rawdiag import diagnose_evm_raw_tx

            return await diagnose_evm_raw_tx(self, c)
        if asked is not None and asked.family == "tron" and c.form == "btc_txid":
            from txdoctor.tron import diagnose_tron_tx

            return await diagnose_tron_tx(self, c, self.options.api_keys.get("trongrid"))
        if c.form == "evm_txhash" or (asked is not None and asked.family == "evm"):
            from txdoctor.evm import diagnose_evm_tx

            return await diagnose_evm_tx(self, c)
        if asked is not None and asked.family != "btc":
            return make_diagnosis(
                c,
                asked.name,
                [
                    input_problem(
                        "INPUT_UNSUPPORTED",
                        f"Looking up transactions on {asked.display} is not supported by this version.",
                    )
                ],
                {},
            )
        chain = asked or CHAINS["btc"]
        raw = None
        if c.form == "btc_raw_tx":
            from txdoctor.rawtx import RawTxError, decode_raw_tx

            try:
                raw = decode_raw_tx(c.text)
            except RawTxError as err:
                problem = f"This looks like a raw Bitcoin transaction, but it does not decode: {err}."
                return make_diagnosis(c, None, [input_problem("INPUT_BAD_RAW_TX", problem)], {})
        if self.options.offline:
            return _offline_txid(c, asked, raw)
        return await self._btc_txid(c, chain, explicit=asked is not None, raw=raw)

    async def _btc_txid(
        self, c: Classified, chain: Chain, explicit: bool, raw: RawTx | None = None
    ) -> Diagnosis:
        from txdoctor.search import diagnose_btc_txid

        return await diagnose_btc_txid(self, c, chain, explicit, raw)


def _empty_state() -> Any:
    from txdoctor.facts import BtcNetworkState

    return BtcNetworkState(tip_height=None, fees=None)


def _offline_txid(c: Classified, asked: Chain | None, raw: RawTx | None) -> Diagnosis:
    """--offline: say what the form proves and what it does not (the network is unknown)."""
    txid = raw.txid if raw is not None else c.text
    if raw is not None:
        what = f"the raw transaction (it decodes; its txid is {txid})"
    else:
        what = "the transaction ID (64 hex characters, the form Bitcoin, Litecoin and TRON IDs take)"
    unchecked = "whether it was broadcast" if raw is not None else "whether it exists"
    network = f"its status on {asked.display}" if asked else "which network it is on, its status"
    finding = offline_only(what, f"{unchecked}, {network}")
    return make_diagnosis(c, asked.name if asked else None, [finding], {"txid": txid}, default=Verdict.VALID)


def with_not_found_cause(d: Diagnosis, narrowed: bool = False) -> Diagnosis:
    """Every not_found carries one NET_NOT_FOUND_CAUSE: added from the family's findings when
    the family did not add its own (the networks it checked, those it could not, where it is)."""
    if d.verdict is not Verdict.NOT_FOUND or any(f.code == "NET_NOT_FOUND_CAUSE" for f in d.findings):
        return d
    from txdoctor.checks.common import not_found_cause

    searched: list[str] = [d.chain] if d.chain else []
    unasked: list[str] = []
    found_on: list[str] = []
    cause = None
    for f in d.findings:
        ev = f.evidence
        checked = ev.get("checked")
        searched += [checked] if isinstance(checked, str) else list(checked or [])
        unasked += list(ev.get("unchecked") or [])
        if f.verdict is Verdict.NOT_FOUND:
            found_on += list(ev.get("found_on") or [])
        if f.code == "EVM_TX_DROPPED":
            cause = "dropped_or_expired"
    chain = CHAINS.get(d.chain) if d.chain else None
    note = not_found_cause(chain, searched, unasked, list(dict.fromkeys(found_on)), cause, narrowed)
    return replace(d, findings=(*d.findings, note))


def make_diagnosis(
    c: Classified,
    chain: str | None,
    findings: list[Finding],
    facts: dict[str, Any],
    default: Verdict = Verdict.INVALID,
) -> Diagnosis:
    verdict = decide_verdict(findings, default, c.kind)
    return Diagnosis(c.text, c.kind, chain, verdict, tuple(findings), facts)


def internal_error(text: str, err: BaseException) -> Diagnosis:
    """A bug in txdoctor on one input, as a result (the other inputs are unaffected)."""
    from txdoctor.model import Category, Severity

    c = classify(text)
    return Diagnosis(
        c.text,
        c.kind,
        None,
        Verdict.UNREACHABLE,
        (
            Finding(
                "INTERNAL_ERROR",
                Category.NETWORK,
                Severity.ERROR,
                f"txdoctor failed on this input ({type(err).__name__}); the other inputs are unaffected.",
                "Please report this, with the input, at the txdoctor issue tracker.",
                {"error": type(err).__name__},
                Verdict.UNREACHABLE,
            ),
        ),
        {},
    )


# ---------------------------------------------------------------- public API


async def diagnose_one(text: str, options: Options) -> Diagnosis:
    async with Session(options) as session:
        return await session.diagnose(text)


async def diagnose_many(inputs: list[str], options: Options) -> list[Diagnosis]:
    async with Session(options) as session:
        import asyncio

        return list(await asyncio.gather(*(session.diagnose(i) for i in inputs)))


def diagnose(
    text: str,
    *,
    chain: str | None = None,
    offline: bool = False,
    urls: Mapping[str, str | Sequence[str]] | None = None,
    timeout: float = 10.0,
    lang: str = "en",
    reply: bool = False,
) -> Diagnosis:
    """Diagnose one transaction ID or address; the same as ``txdoctor check``.

    ``urls`` maps a chain name to one URL or a list of URLs. Raises ``TypeError`` for a
    ``urls`` of another shape and ``txdoctor.chains.UnknownChain`` for an unknown chain name.
    ``lang`` (``en``, ``zh``, ``zh-CN``…; ``txdoctor.messages.UnsupportedLanguage``, a
    ValueError, otherwise) and ``reply=True`` (``.reply``: the reply to the customer) as
    ``--lang`` and ``--reply``.
    """
    from txdoctor.messages import normalize_lang

    lang = normalize_lang(lang)
    options = Options(chain=chain, offline=offline, urls=api_urls(urls), timeout=timeout, lang=lang)
    d = run_coroutine(lambda: diagnose_one(text, options), offline)
    if lang == "en" and not reply:
        return d
    from txdoctor.render.reply import localize

    return localize(d, lang, reply=reply)


def api_urls(urls: object) -> dict[str, list[str]]:
    """``urls`` of the Python API as the session wants them: chain → list of URLs.

    A plain string is one URL (not a sequence of one-character URLs); anything but a
    mapping of chain names to a string or a list/tuple of strings is a TypeError, at once.
    """
    if urls is None:
        return {}
    if not isinstance(urls, Mapping):
        raise TypeError(f"urls must be a mapping of chain name to URL(s), not {type(urls).__name__}")
    out: dict[str, list[str]] = {}
    for name, value in urls.items():
        if not isinstance(name, str):
            raise TypeError(f"urls: a chain name must be a string, not {type(name).__name__}")
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, (list, tuple)) or not all(isinstance(v, str) for v in values):
            raise TypeError(
                f"urls[{name!r}] must be a URL string or a list of URL strings, not {type(value).__name__}"
            )
        out[get_chain(name).name] = [v.strip().rstrip("/") for v in values if v.strip()]
    return out


def run_coroutine(factory: Callable[[], Coroutine[Any, Any, T]], offline: bool) -> T:
    """Run a coroutine; offline, without an event loop.

    An offline check never waits on I/O, and skipping asyncio (its import alone is
    ~40 ms) keeps it fast. Online work runs under asyncio.run.
    """
    if offline:
        coro = factory()
        try:
            coro.send(None)
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]
        coro.close()
        raise RuntimeError("an offline check tried to wait on I/O")  # a bug, never user input
    import asyncio

    return asyncio.run(factory())
