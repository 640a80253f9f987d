"""Under ``Http``: the capped body decoder both clients share, and aiohttp for batches (issue 13).

``Http`` keeps everything that decides behaviour — per-host gates, pacing, retries, hosts
marked down, the overall time limit, the size cap while inflating, status handling — and
asks a client only to send one request and hand back the raw body. For a single check
that client is httpx (cheaper to import); for a batch it is aiohttp, which spends about a
third of httpx's CPU per request (docs/benchmarks.md: the batch's CPU per input and its
distance from the ideal at concurrency 32 both about halve). The failures map onto the same
ProviderErrors, with the same reasons and wording as httpx's.

aiohttp is imported only when a batch starts (it costs ~100 ms to import). With a proxy set
in the environment the batch stays on httpx, which follows it.
"""

from __future__ import annotations

import ssl
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urljoin, urlsplit

from txdoctor.core.net.base import BadResponse, Unavailable, redact_url

if TYPE_CHECKING:
    import aiohttp


REDIRECTS = (301, 302, 303, 307, 308)


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
        for _hop in range(3):
            status, answer, body = await self._send(method, url, json_body, headers)
            if status in REDIRECTS and "location" in answer:
                target = urljoin(url, answer.get("location", ""))
                if urlsplit(target).netloc != urlsplit(url).netloc:
                    raise BadResponse(url, f"redirected to another host ({redact_url(target)}); not followed")
                url = target
                continue
            self.http._raise_for_status(url, _Answer(status, answer), body)
            return body
        raise BadResponse(url, "too many redirects")

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
        declared = resp.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > http.max_bytes:
            raise BadResponse(url, f"answer too large ({int(declared)} bytes; limit {http.max_bytes})")
        inflater = Inflater(url, resp.headers.get("content-encoding", ""), http.max_bytes)
        try:
            async for chunk in resp.content.iter_any():
                inflater.feed(chunk)
            return inflater.result()
        except TimeoutError:
            raise _timed_out(url, f"timed out after {http.timeout:g} s while reading") from None
        except (aiohttp.ClientError, OSError) as exc:
            raise Unavailable(url, f"connection broke mid-answer ({type(exc).__name__})") from None
        finally:
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
