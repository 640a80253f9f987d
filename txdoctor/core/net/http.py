"""One shared async HTTP client: bounded timeouts and sizes, retries, 429 handling.

Every transport failure leaves this module as a ProviderError subclass with a
plain-language detail; URLs in messages are redacted.
"""

from __future__ import annotations

import asyncio
import json
import random
import ssl
import time
from collections import deque
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from txdoctor._version import __version__
from txdoctor.core.net import sanity
from txdoctor.core.net.base import (
    BadResponse,
    NotFound,
    ProviderError,
    RateLimited,
    Unavailable,
    redact_url,
)
from txdoctor.core.net.base import host_down as _down
from txdoctor.core.net.base import timed_out as _timed_out
from txdoctor.core.net.http_clients import (
    AioClient,
    CoreClient,
    proxy_in_environment,
    read_capped,
    tls_context,
)

if TYPE_CHECKING:
    import httpx  # imported where used: a batch on aiohttp never loads it (~50 ms)

DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_RETRIES = 2
DEFAULT_PER_HOST = 10  # concurrent requests per host (a batch's default concurrency)
# A single check's: its first round at the user's own explorer (a waiting tx's lookup, package,
# first-seen time, RBF history, cached copy, tip and fee state: 11 requests) fits.
SINGLE_CHECK_PER_HOST = 12
DEFAULT_RATE = 10.0  # requests per second per public host (0 = unlimited)
RATE_BURST = 20
MAX_RETRY_AFTER = 30.0
RATE_LIMIT_BUDGET = 5.0  # seconds one request may spend on 429s: this, or 2 × the timeout if longer
TIMEOUTS_DOWN = 2  # timeouts in a row that mark a host down for the run
RETRY_STATUSES = {429, 500, 502, 503, 504}
# Connections per pool. httpcore walks every connection of a pool for every queued request
# on every request event (quadratic in the requests in flight): at 32 in flight one pool
# spent 64 % of the CPU there. Several small pools taken in turn keep that walk short
# (measured against the other options: docs/benchmarks.md).
POOL_SIZE = 8
MAX_POOLS = 8
HEADERS = {
    "User-Agent": f"txdoctor/{__version__}",
    "Accept": "application/json",
    "Accept-Encoding": "gzip, deflate",  # the ones Inflater decodes (capped)
}


class Http:
    """One per run, shared by all providers, over one client (txdoctor.core.net.http_clients):
    httpcore for a single check, aiohttp for a batch, httpx with a proxy in the environment."""

    def __init__(
        self,
        timeout: float = DEFAULT_TIMEOUT,
        retries: int = DEFAULT_RETRIES,
        max_bytes: int = DEFAULT_MAX_BYTES,
        per_host: int = DEFAULT_PER_HOST,
        backoff: float = 0.3,
        rate: float | None = None,
        client: str = "httpx",
    ) -> None:
        self.timeout = timeout
        self.retries = retries
        self.max_bytes = max_bytes
        self.per_host = per_host
        self.backoff = backoff
        self.rate = rate  # None: DEFAULT_RATE for public hosts, unlimited for loopback/private ones
        self._hosts: dict[str, _Gate] = {}
        self._rates: dict[str, float] = {}  # host name → requests per second (0 = unlimited)
        self._buckets: dict[str, tuple[float, float]] = {}  # host → (tokens, as of)
        self._down: dict[str, str] = {}  # hosts that could not be reached at all: host → why
        self._strikes: dict[str, int] = {}  # consecutive connect failures per host
        self._timeouts: dict[str, int] = {}  # consecutive timeouts per host
        self._clients: dict[bool, _Pools] = {}  # by TLS or not
        self._tls: ssl.SSLContext | None = None
        self._aio: Any = None  # http_clients.AioClient when the run uses aiohttp (batches)
        self._core: CoreClient | None = None  # httpcore without httpx's layer (single checks)
        if client == "httpcore" and not proxy_in_environment():
            pools = max(1, min(MAX_POOLS, -(-self.per_host // POOL_SIZE)))
            self._core = CoreClient(self, self._tls_context, HEADERS, pools, POOL_SIZE)
        if client == "aiohttp" and not proxy_in_environment():
            try:
                import aiohttp  # noqa: F401
            except ImportError:  # not installed: httpx does it, a little slower
                pass
            else:
                self._aio = AioClient(self, self._tls_context, HEADERS)

    def _client(self, url: str) -> httpx.AsyncClient:
        """The next of several small pools for the URL's scheme (see _Pools)."""
        tls = url.startswith("https://")
        pools = self._clients.get(tls)
        if pools is None:
            pools = self._clients[tls] = _Pools(self._new_client, tls, -(-self.per_host // POOL_SIZE))
        return pools.pick()

    def _new_client(self, tls: bool) -> httpx.AsyncClient:
        """One pool. TLS always verified for https; plain http is built without a TLS context
        (~30-60 ms to load the CA store), so a run against local nodes only never pays for it;
        the https pools share one context. Redirects never change the scheme silently: a
        redirect to another host is refused, to the same host followed."""
        import httpx

        return httpx.AsyncClient(
            timeout=httpx.Timeout(self.timeout, connect=min(self.timeout, 5.0)),
            follow_redirects=False,
            headers=HEADERS,
            limits=httpx.Limits(max_connections=2 * POOL_SIZE, max_keepalive_connections=2 * POOL_SIZE),
            verify=self._tls_context() if tls else False,
        )

    def _tls_context(self) -> ssl.SSLContext:
        """httpx's (certifi's CA bundle, SSL_CERT_FILE/SSL_CERT_DIR), for every client."""
        if self._tls is None:
            self._tls = tls_context()
        return self._tls

    def when_idle(self, work: Callable[[], object]) -> None:
        """``work`` (a warm-up) runs once every request in flight waits for its answer; with a
        client that does not say when that is (httpx, aiohttp), never."""
        if self._core is not None:
            self._core.when_idle(work)

    async def __aenter__(self) -> Http:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        for pools in self._clients.values():
            await pools.aclose()
        if self._aio is not None:
            await self._aio.aclose()
        if self._core is not None:
            await self._core.aclose()

    def _sem(self, host: str) -> _Gate:
        gate = self._hosts.get(host)
        if gate is None:
            gate = self._hosts[host] = _Gate(self.per_host)
        return gate

    def _rate_for(self, host: str) -> float:
        if self.rate is not None:
            return self.rate
        rate = self._rates.get(host)
        if rate is None:
            rate = self._rates[host] = 0.0 if _is_local(host) else DEFAULT_RATE
        return rate

    async def _pace(self, host: str) -> None:
        """A per-host token bucket: `rate` requests per second, bursts of up to RATE_BURST."""
        rate = self._rate_for(host)
        if rate <= 0:
            return
        now = asyncio.get_running_loop().time()
        tokens, last = self._buckets.get(host, (float(RATE_BURST), now))
        tokens = min(float(RATE_BURST), tokens + (now - last) * rate) - 1.0
        self._buckets[host] = (tokens, now)
        if tokens < 0:
            await asyncio.sleep(-tokens / rate)

    async def get_json(self, url: str) -> Any:
        return _parse_json(url, await self.request("GET", url))

    async def get_text(self, url: str) -> str:
        body = await self.request("GET", url)
        text = body.decode("utf-8", errors="replace").strip()
        if text.startswith("<"):
            raise BadResponse(url, "answered an HTML page instead of data (an error or CDN challenge page?)")
        return text

    async def post_json(
        self, url: str, payload: Any, idempotent: bool = True, headers: Mapping[str, str] | None = None
    ) -> Any:
        body = await self.request("POST", url, json_body=payload, idempotent=idempotent, headers=headers)
        return _parse_json(url, body)

    def _check_down(self, url: str, host: str) -> None:
        if host in self._down:
            # the reason it failed earlier in this run; it is not asked again
            raise Unavailable(url, self._down[host])

    async def request(
        self,
        method: str,
        url: str,
        json_body: Any = None,
        idempotent: bool = True,
        headers: Mapping[str, str] | None = None,
    ) -> bytes:
        """Send one request with retries; return the body, or raise a ProviderError.

        A host that cannot be reached (refused retries + 1 times in a row, or timed out
        TIMEOUTS_DOWN times in a row, whichever requests those were) is marked down for the
        rest of the run: later requests to it fail at once instead of each waiting out its
        own timeouts. A 429 halves the host's concurrency (it grows back with successes)
        and is retried, after its Retry-After, for up to the rate-limit budget — not a count.
        """
        attempt = 0
        limited_since: float | None = None
        host = urlsplit(url).netloc
        while True:
            try:
                return await self._attempt(method, url, json_body, headers)
            except (RateLimited, Unavailable) as err:
                self._strike(host, err)
                wait = getattr(err, "retry_after", None)
                if wait is not None and wait > MAX_RETRY_AFTER:
                    raise  # "come back in an hour": that provider is out for this run
                if isinstance(err, RateLimited) and idempotent and host not in self._down:
                    now = time.monotonic()
                    limited_since = now if limited_since is None else limited_since
                    delay = self._rate_limit_delay(wait, attempt)
                    if now + delay - limited_since <= max(RATE_LIMIT_BUDGET, 2 * self.timeout):
                        attempt += 1
                        await asyncio.sleep(delay)
                        continue
                    raise
                if not idempotent or attempt >= self.retries or host in self._down:
                    raise
                attempt += 1
                delay = wait if wait is not None else self.backoff * (2 ** (attempt - 1))
                await asyncio.sleep(delay * (0.5 + random.random()) if wait is None else delay)

    async def _attempt(
        self, method: str, url: str, json_body: Any, headers: Mapping[str, str] | None
    ) -> bytes:
        parts = urlsplit(url)
        host = parts.netloc
        self._check_down(url, host)
        gate = self._sem(host)
        async with gate:
            self._check_down(url, host)
            await self._pace(parts.hostname or "")
            try:
                async with asyncio.timeout(self.timeout * 1.5):  # no task per request (wait_for makes one)
                    body = await self._once(method, url, json_body, headers)
            except TimeoutError:
                raise _timed_out(url, f"no complete answer within {self.timeout * 1.5:g} s") from None
            except RateLimited:
                gate.slow_down()
                raise
        gate.speed_up()
        self._strikes.pop(host, None)
        self._timeouts.pop(host, None)
        return body

    def _strike(self, host: str, err: ProviderError) -> None:
        """Count a failure that says the host itself is out of reach; mark it down when due."""
        if getattr(err, "timed_out", False):
            self._timeouts[host] = self._timeouts.get(host, 0) + 1
            if self._timeouts[host] >= TIMEOUTS_DOWN:
                self._down.setdefault(host, err.detail)
        elif getattr(err, "host_down", False):
            self._strikes[host] = self._strikes.get(host, 0) + 1
            if self._strikes[host] > self.retries:
                self._down.setdefault(host, err.detail)

    def _rate_limit_delay(self, retry_after: float | None, attempt: int) -> float:
        """Retry-After when the server gives one (capped), else a jittered backoff up to 5 s."""
        if retry_after is not None:
            return float(retry_after)
        return float(min(5.0, self.backoff * (2**attempt)) * (0.5 + random.random()))

    async def _once(
        self, method: str, url: str, json_body: Any, headers: Mapping[str, str] | None = None
    ) -> bytes:
        if self._aio is not None:
            return bytes(await self._aio.once(method, url, json_body, headers))
        if self._core is not None and self._core.takes(url):
            return await self._core.once(method, url, json_body, headers)
        import httpx

        for _hop in range(3):
            try:
                client = self._client(url)
                req = client.build_request(method, url, json=json_body, headers=headers)
                resp = await client.send(req, stream=True)
            except httpx.TimeoutException:
                raise _timed_out(url, f"timed out after {self.timeout:g} s") from None
            except httpx.InvalidURL as exc:
                raise BadResponse(url, f"invalid URL ({exc})") from None
            except httpx.RemoteProtocolError:
                raise Unavailable(url, "the server closed the connection without answering") from None
            except httpx.ConnectError as exc:
                raise _down(url, f"could not connect ({type(exc).__name__})") from None
            except httpx.TransportError as exc:
                raise Unavailable(url, f"the connection failed ({type(exc).__name__})") from None
            try:
                if resp.is_redirect:
                    target = urljoin(url, resp.headers.get("location", ""))
                    if urlsplit(target).netloc != urlsplit(url).netloc:
                        raise BadResponse(
                            url, f"redirected to another host ({redact_url(target)}); not followed"
                        )
                    url = target
                    continue
                body = await self._read_capped(url, resp)
            finally:
                await resp.aclose()
            self._raise_for_status(url, resp, body)
            return body
        raise BadResponse(url, "too many redirects")

    async def _read_capped(self, url: str, resp: httpx.Response) -> bytes:
        """The body, decoded, never more than max_bytes: a gzip bomb stops at the cap while
        inflating (the raw bytes are inflated chunk by chunk with an output limit)."""
        import httpx

        try:
            return await read_capped(url, resp.headers, self.max_bytes, resp.aiter_raw())
        except httpx.TimeoutException:
            raise _timed_out(url, f"timed out after {self.timeout:g} s while reading") from None
        except httpx.TransportError as exc:
            raise Unavailable(url, f"connection broke mid-answer ({type(exc).__name__})") from None

    def _raise_for_status(self, url: str, resp: httpx.Response, body: bytes) -> None:
        status = resp.status_code
        if status < 400:
            return
        if status == 404:
            raise NotFound(url, "not found (HTTP 404)")
        if status == 429:
            err = RateLimited(url, "rate limited (HTTP 429)")
            err.retry_after = _retry_after(resp.headers.get("retry-after"))  # type: ignore[attr-defined]
            raise err
        if status >= 500:
            err2 = Unavailable(url, f"server error (HTTP {status})")
            err2.retry_after = _retry_after(resp.headers.get("retry-after"))  # type: ignore[attr-defined]
            raise err2
        snippet = body[:120].decode("utf-8", errors="replace").strip()
        raise BadResponse(url, f"HTTP {status}: {snippet}" if snippet else f"HTTP {status}")


class _Pools:
    """ceil(per_host / POOL_SIZE) clients, made on first use, taken in turn.

    Each may open up to 2 × POOL_SIZE connections, so that an uneven turn never queues a
    request while another pool has room."""

    def __init__(self, make: Callable[[bool], httpx.AsyncClient], tls: bool, count: int) -> None:
        self._make = make
        self._tls = tls
        self._count = max(1, min(MAX_POOLS, count))
        self._clients: list[httpx.AsyncClient] = []
        self._turn = 0

    def pick(self) -> httpx.AsyncClient:
        self._turn = (self._turn + 1) % self._count
        if self._turn >= len(self._clients):
            self._clients.append(self._make(self._tls))
            return self._clients[-1]
        return self._clients[self._turn]

    async def aclose(self) -> None:
        for client in self._clients:
            await client.aclose()


class _Gate:
    """Per-host concurrency that adapts: halved on a 429, grows back by one per two successes.

    Waiters queue in order and a freed slot wakes exactly one of them (a condition's
    notify_all woke every waiter on every release: quadratic in the requests queued)."""

    def __init__(self, limit: int) -> None:
        self.max = max(1, limit)
        self.limit = float(self.max)
        self.active = 0
        self._waiters: deque[asyncio.Future[None]] = deque()

    async def __aenter__(self) -> None:
        if not self._waiters and self.active < int(self.limit):
            self.active += 1
            return
        slot: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(slot)
        try:
            await slot  # _wake() counts this request in when it sets the result
        except asyncio.CancelledError:
            if slot.done() and not slot.cancelled():  # given a slot, then cancelled: pass it on
                self.active -= 1
                self._wake()
            elif slot in self._waiters:
                self._waiters.remove(slot)
            raise

    async def __aexit__(self, *exc: object) -> None:
        self.active -= 1
        self._wake()

    def _wake(self) -> None:
        while self._waiters and self.active < int(self.limit):
            slot = self._waiters.popleft()
            if not slot.done():
                self.active += 1
                slot.set_result(None)

    def slow_down(self) -> None:
        self.limit = max(1.0, self.limit / 2)

    def speed_up(self) -> None:
        self.limit = min(float(self.max), self.limit + 0.5)
        self._wake()


def is_local_url(url: str) -> bool:
    """A URL on this machine or a private network (the user's own server)."""
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return False
    return host is not None and _is_local(host)


def _is_local(host: str) -> bool:
    """Loopback and private addresses are the user's own servers: no politeness limit."""
    import ipaddress

    if host in ("localhost", ""):
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return host.endswith((".local", ".internal", ".lan"))
    return ip.is_loopback or ip.is_private


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    import email.utils  # only for a Retry-After given as a date

    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _parse_json(url: str, body: bytes) -> Any:
    text = body.decode("utf-8", errors="replace").strip()
    if text.startswith("<"):
        raise BadResponse(url, "answered an HTML page instead of JSON (an error or CDN challenge page?)")
    try:
        return sanity.loads(text)
    except sanity.Insane as err:
        raise BadResponse(url, f"unusable JSON: {err}") from None
    except json.JSONDecodeError:
        what = "empty answer" if not text else "truncated or invalid JSON"
        raise BadResponse(url, what) from None


__all__ = ["Http", "ProviderError"]
