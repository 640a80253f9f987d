"""Under ``Http``: the capped body decoder the clients share, httpcore for a single check and
aiohttp for batches (issue 13).

``Http`` keeps everything that decides behaviour — per-host gates, pacing, retries, hosts
marked down, the overall time limit, the size cap while inflating, status handling — and
asks a client only to send one request and hand back the raw body. For a single check
that client is httpcore, the transport under httpx, used without httpx's layer above it
(URL and cookie models, auth, and their email / http.cookiejar / urllib.request imports:
a fifth of a check's start-up, none of it used: docs/benchmarks.md); for a batch it is
aiohttp, which spends about a third of httpx's CPU per request (the batch's CPU per input
and its distance from the ideal at concurrency 32 both about halve). The failures map onto
the same ProviderErrors, with the same reasons and wording as httpx's.

aiohttp is imported only when a batch starts (it costs ~100 ms to import). With a proxy set
in the environment a run stays on httpx, which follows it; so does a URL with a user name
(httpx sends it as Basic auth) or with a character outside ASCII (httpx encodes it).
"""

from __future__ import annotations

import contextlib
import json
import ssl
from collections.abc import AsyncIterable, Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urljoin, urlsplit

from txdoctor.core.net.base import BadResponse, Unavailable, redact_url

if TYPE_CHECKING:
    import aiohttp
    import httpcore


REDIRECTS = (301, 302, 303, 307, 308)
DEFAULT_PORTS = {b"http": 80, b"https": 443}


class _Answer:
    """What ``Http._raise_for_status`` reads of a response."""

    def __init__(self, status: int, headers: Mapping[str, str]) -> None:
        self.status_code = status
        self.headers = headers


class _Owner(Protocol):
    """What the client reads of its ``Http`` (which imports this module: no import back)."""

    timeout: float
    max_bytes: int

    def _raise_for_status(self, url: str, resp: Any, body: bytes) -> None: ...


class CoreClient:
    """httpcore's connection pools, several small ones per scheme taken in turn (as httpx's
    were: ``POOL_SIZE`` in txdoctor.core.net.http), made on first use; https ones verified
    with ``tls_context()``, made only when an https URL is asked. The request is what httpx
    sent (its headers, JSON encoding, timeouts); the response's raw bytes go to ``Inflater``."""

    def __init__(
        self,
        http: _Owner,
        tls: Callable[[], ssl.SSLContext],
        headers: Mapping[str, str],
        pools: int,
        pool_size: int,
    ) -> None:
        self.http = http
        self._tls = tls
        self._headers = [(k.encode(), v.encode()) for k, v in {**headers, "Connection": "keep-alive"}.items()]
        self._count = pools
        self._size = pool_size
        self._pools: dict[bool, list[httpcore.AsyncConnectionPool]] = {}
        self._turn = 0
        self._sending = 0  # requests not yet written out (then they wait for their answer)
        self._idle: list[Callable[[], object]] = []

    def when_idle(self, work: Callable[[], object]) -> None:
        """Run ``work`` (a warm-up: imports, a catalog read) the next time every request in
        flight has been written out and waits for its answer: it then costs no time on the
        wire. Never relied upon: whatever it loads is loaded again where it is used."""
        self._idle.append(work)

    def _written(self) -> None:
        self._sending -= 1
        if self._sending or not self._idle:
            return
        work, self._idle = self._idle, []
        for w in work:
            with contextlib.suppress(Exception):  # a warm-up only: what needs it loads it again
                w()

    @staticmethod
    def takes(url: str) -> bool:
        """httpx's own work would change nothing on the wire: ASCII, no user name to send as auth."""
        netloc = urlsplit(url).netloc
        return url.isascii() and "@" not in netloc and "[" not in netloc  # an IPv6 host: httpx's Host

    def _pool(self, tls: bool) -> httpcore.AsyncConnectionPool:
        import httpcore

        pools = self._pools.setdefault(tls, [])
        self._turn = (self._turn + 1) % self._count
        if self._turn < len(pools):
            return pools[self._turn]
        pools.append(
            httpcore.AsyncConnectionPool(
                ssl_context=self._tls() if tls else None,
                max_connections=2 * self._size,
                max_keepalive_connections=2 * self._size,
                keepalive_expiry=5.0,  # httpx's default
            )
        )
        return pools[-1]

    async def aclose(self) -> None:
        for pools in self._pools.values():
            for pool in pools:
                await pool.aclose()
        self._pools.clear()

    async def once(self, method: str, url: str, json_body: Any, headers: Mapping[str, str] | None) -> bytes:
        """Send one request (same-host redirects followed, up to three); the body or a ProviderError."""
        return await _follow(self.http, self._send, method, url, json_body, headers)

    def _request(
        self, method: str, url: str, json_body: Any, headers: Mapping[str, str] | None
    ) -> httpcore.Request:
        """The request httpx would send: Host first, its default headers, the caller's over them,
        a JSON body encoded as httpx encodes ``json=``, its timeouts."""
        import httpcore

        try:
            target = httpcore.URL(url)
        except (TypeError, ValueError) as exc:
            raise BadResponse(url, f"invalid URL ({exc})") from None
        port = target.port
        host = (
            target.host
            if port in (None, DEFAULT_PORTS.get(target.scheme))
            else b"%b:%d" % (target.host, port)
        )
        given = [(k.encode(), v.encode()) for k, v in (headers or {}).items()]
        names = {k.lower() for k, _ in given}
        head = [(b"Host", host), *(h for h in self._headers if h[0].lower() not in names), *given]
        content = b""
        if json_body is not None:
            text = json.dumps(json_body, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
            content = text.encode()
            head += [(b"Content-Length", b"%d" % len(content)), (b"Content-Type", b"application/json")]
        t = self.http.timeout
        timeout = {"connect": min(t, 5.0), "read": t, "write": t, "pool": t}
        return httpcore.Request(
            method, target, headers=head, content=content, extensions={"timeout": timeout}
        )

    async def _send(
        self, method: str, url: str, json_body: Any, headers: Mapping[str, str] | None
    ) -> tuple[int, Mapping[str, str], bytes]:
        request = self._request(method, url, json_body, headers)
        sending = [True]

        async def trace(event: str, info: object) -> None:  # httpcore's trace extension
            if sending[0] and event == "http11.receive_response_headers.started":
                sending[0] = False
                self._written()

        request.extensions["trace"] = trace
        self._sending += 1
        try:
            resp = await self._pool(url.startswith("https://")).handle_async_request(request)
        except Exception as exc:
            raise _failure(url, exc, self.http.timeout) from None
        finally:
            if sending[0]:  # failed, or answered by a test's mock: no longer sending either
                sending[0] = False
                self._written()
        try:
            answer: dict[str, str] = {}
            for k, v in resp.headers:
                name = k.decode("latin-1").lower()
                value = v.decode("latin-1")
                answer[name] = f"{answer[name]}, {value}" if name in answer else value
            if resp.status in REDIRECTS and "location" in answer:
                return resp.status, answer, b""
            return resp.status, answer, await self._read_capped(url, resp, answer)
        finally:
            await resp.aclose()

    async def _read_capped(self, url: str, resp: httpcore.Response, answer: Mapping[str, str]) -> bytes:
        try:
            return await read_capped(url, answer, self.http.max_bytes, resp.aiter_stream())
        except Exception as exc:
            raise _failure(url, exc, self.http.timeout, reading=True) from None


def _failure(url: str, exc: Exception, timeout: float, reading: bool = False) -> Exception:
    """httpcore's failures as httpx reported them (same class names: httpx re-raises each
    under its own name). httpx's own are matched too: a test's mock may raise them."""
    from txdoctor.core.net.base import ProviderError
    from txdoctor.core.net.base import host_down as _down
    from txdoctor.core.net.base import timed_out as _timed_out

    kind = type(exc)
    if isinstance(exc, ProviderError) or not kind.__module__.startswith(("httpcore", "httpx")):
        return exc  # not a transport failure: as it is (httpx let these through too)
    names = {k.__name__ for k in kind.__mro__}
    name = kind.__name__
    if "TimeoutException" in names:
        return _timed_out(url, f"timed out after {timeout:g} s" + (" while reading" if reading else ""))
    if reading:
        return Unavailable(url, f"connection broke mid-answer ({name})")
    if "InvalidURL" in names:
        return BadResponse(url, f"invalid URL ({exc})")
    if name == "RemoteProtocolError":
        return Unavailable(url, "the server closed the connection without answering")
    if name == "ConnectError":
        return _down(url, f"could not connect ({name})")
    return Unavailable(url, f"the connection failed ({name})")


async def _follow(
    http: _Owner,
    send: Callable[..., Awaitable[tuple[int, Mapping[str, str], bytes]]],
    method: str,
    url: str,
    json_body: Any,
    headers: Mapping[str, str] | None,
) -> bytes:
    """Same-host redirects followed (up to three), another host's refused; then the status."""
    for _hop in range(3):
        status, answer, body = await send(method, url, json_body, headers)
        if status in REDIRECTS and "location" in answer:
            target = urljoin(url, answer.get("location", ""))
            if urlsplit(target).netloc != urlsplit(url).netloc:
                raise BadResponse(url, f"redirected to another host ({redact_url(target)}); not followed")
            url = target
            continue
        http._raise_for_status(url, _Answer(status, answer), body)
        return body
    raise BadResponse(url, "too many redirects")


def tls_context() -> ssl.SSLContext:
    """What ``httpx.create_ssl_context()`` builds (certifi's CA bundle, or SSL_CERT_FILE /
    SSL_CERT_DIR when set), without importing httpx; one per run, for every client."""
    import os

    if os.environ.get("SSL_CERT_FILE"):
        return ssl.create_default_context(cafile=os.environ["SSL_CERT_FILE"])
    if os.environ.get("SSL_CERT_DIR"):
        return ssl.create_default_context(capath=os.environ["SSL_CERT_DIR"])
    import certifi

    return ssl.create_default_context(cafile=certifi.where())


class AioClient:
    """One aiohttp session for the run, made on first use; TLS verified with httpx's context
    (the same CA bundle), made only when an https URL is asked."""

    def __init__(self, http: _Owner, tls: Callable[[], ssl.SSLContext], headers: Mapping[str, str]) -> None:
        self.http = http
        self._tls = tls
        self._headers = dict(headers)
        self._session: aiohttp.ClientSession | None = None

    def _open(self) -> aiohttp.ClientSession:
        import aiohttp

        if self._session is None:
            timeout = self.http.timeout
            self._session = aiohttp.ClientSession(
                # per-host limits are Http's gates; the connector only keeps connections alive
                connector=aiohttp.TCPConnector(limit=0, limit_per_host=0),
                timeout=aiohttp.ClientTimeout(sock_connect=min(timeout, 5.0), sock_read=timeout),
                headers=self._headers,
                auto_decompress=False,  # raw bytes: Http's inflater decodes them under the cap
                # no netrc lookup on every request (a thread hop each); httpx reads no netrc either.
                # A proxy in the environment keeps the run on httpx (Http's choice).
                trust_env=False,
            )
        return self._session

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def once(self, method: str, url: str, json_body: Any, headers: Mapping[str, str] | None) -> bytes:
        """Send one request (same-host redirects followed, up to three); the body or a ProviderError."""
        return await _follow(self.http, self._send, method, url, json_body, headers)

    async def _send(
        self, method: str, url: str, json_body: Any, headers: Mapping[str, str] | None
    ) -> tuple[int, Mapping[str, str], bytes]:
        import aiohttp

        from txdoctor.core.net.base import host_down as _down
        from txdoctor.core.net.base import timed_out as _timed_out

        tls = self._tls() if url.startswith("https://") else None
        try:
            resp = await self._open().request(
                method, url, json=json_body, headers=headers, allow_redirects=False, ssl=tls or True
            )
        except TimeoutError:
            raise _timed_out(url, f"timed out after {self.http.timeout:g} s") from None
        except aiohttp.InvalidURL as exc:
            raise BadResponse(url, f"invalid URL ({exc})") from None
        except aiohttp.ClientConnectorError:
            raise _down(url, "could not connect (ConnectError)") from None
        except aiohttp.ServerDisconnectedError:
            raise Unavailable(url, "the server closed the connection without answering") from None
        except (aiohttp.ClientError, OSError) as exc:
            raise Unavailable(url, f"the connection failed ({type(exc).__name__})") from None
        try:
            if resp.status in REDIRECTS and "location" in resp.headers:
                return resp.status, resp.headers, b""
            return resp.status, resp.headers, await self._read_capped(url, resp)
        finally:
            resp.release()

    async def _read_capped(self, url: str, resp: aiohttp.ClientResponse) -> bytes:
        import aiohttp

        from txdoctor.core.net.base import timed_out as _timed_out

        http = self.http
        try:
            return await read_capped(url, resp.headers, http.max_bytes, resp.content.iter_any())
        except TimeoutError:
            raise _timed_out(url, f"timed out after {http.timeout:g} s while reading") from None
        except (aiohttp.ClientError, OSError) as exc:
            raise Unavailable(url, f"connection broke mid-answer ({type(exc).__name__})") from None


async def read_capped(
    url: str, headers: Mapping[str, str], max_bytes: int, chunks: AsyncIterable[bytes]
) -> bytes:
    """The body, decoded, never more than max_bytes, for every client: a declared length
    over the cap is refused before reading, and a gzip bomb stops at the cap while inflating
    (the raw chunks are inflated one by one with an output limit). The client's own errors
    pass through for it to name."""
    declared = headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise BadResponse(url, f"answer too large ({int(declared)} bytes; limit {max_bytes})")
    inflater = Inflater(url, headers.get("content-encoding", ""), max_bytes)
    try:
        async for chunk in chunks:
            inflater.feed(chunk)
        return inflater.result()
    finally:
        # an error's traceback keeps this frame (and the inflater) alive as long as the
        # error is kept: drop the bytes read so far now, not when the error goes
        inflater.release()


class Inflater:
    """Decode a body (identity, gzip, deflate) as it arrives, with the size cap on the output."""

    def __init__(self, url: str, encoding: str, max_bytes: int) -> None:
        import zlib

        self.url = url
        self.max_bytes = max_bytes
        self.out = bytearray()
        coding = encoding.strip().lower()
        self._zlib: Any = None
        if coding in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif coding == "deflate":
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS)
        elif coding not in ("", "identity"):
            raise BadResponse(url, f"answered in an encoding txdoctor did not ask for ({coding[:20]})")

    def feed(self, data: bytes) -> None:
        """Take one raw chunk. On error no frame keeps a decoded piece: a traceback kept with
        the error (in a gather's results, say) would keep it alive."""
        import zlib

        while data:
            if self._zlib is None:
                piece, data = data, b""
            else:
                try:
                    piece = self._zlib.decompress(data, self.max_bytes - len(self.out) + 1)
                except zlib.error:
                    raise BadResponse(self.url, "a compressed answer that does not decompress") from None
                data = self._zlib.unconsumed_tail
                if not piece and data:  # no progress: a broken stream
                    raise BadResponse(self.url, "a compressed answer that does not decompress")
            fits = len(self.out) + len(piece) <= self.max_bytes
            if fits:
                self.out += piece
            del piece
            if not fits:
                raise self._too_large()

    def _too_large(self) -> BadResponse:
        self.release()
        return BadResponse(self.url, f"answer too large (over {self.max_bytes} bytes)")

    def result(self) -> bytes:
        if self._zlib is not None:
            rest = self._zlib.flush(self.max_bytes - len(self.out) + 1)
            fits = len(self.out) + len(rest) <= self.max_bytes
            self.out += rest if fits else b""
            del rest
            if not fits:
                raise self._too_large()
        return bytes(self.out)

    def release(self) -> None:
        self.out = bytearray()
        self._zlib = None


def proxy_in_environment() -> bool:
    """HTTP(S)_PROXY / ALL_PROXY set (any case): httpx follows them; aiohttp here would not."""
    import os

    return any(k.lower() in ("http_proxy", "https_proxy", "all_proxy") and v for k, v in os.environ.items())
