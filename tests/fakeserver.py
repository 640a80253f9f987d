"""A configurable fake Esplora / mempool.space HTTP server on loopback, for tests and benchmarks.

A real TCP server (asyncio streams, HTTP/1.1 with keep-alive). Every server of the
process runs on one event loop in one background thread, so it serves synchronous and
asynchronous clients in the test's own thread, hundreds of concurrent connections, and
faults that need control of the socket: partial bodies, resets, slow drips, answers
that never come. Fixtures: ``fake_esplora`` (one started server) and
``fake_esplora_factory`` (``make(routes, latency_ms=…)`` → a started server; all are
stopped at teardown); ``fake_servers()`` is the same factory as a context manager.

    with FakeEsplora(latency_ms=50) as server:
        server.mainnet_state(quiet_state(), tip=890448)
        server.add_tx(load("esplora/mempool_backend_txs_random_4.json")[2])
        server.set_route("blocks/tip/height", NeverAnswer())
        ... --url btc={server.base_url} ...
        server.stats.total, server.stats.max_in_flight, server.count("tx/<txid>")

Routes map a path to a canned answer ``(status, headers, body)`` or a :class:`Fault`.
A path without a leading slash is relative to the base path (``/api``); one with a
leading slash is absolute. The query string is part of the path
(``v1/transaction-times?txId[]=<txid>``); percent-escapes are decoded before matching,
and a route without a query also matches the same path with any query. Anything
unmounted answers the default (404 ``Not Found``), like a real Esplora server.

Everything is bounded: a fault holds a connection at most until the client goes away
or the server stops, and ``stop()`` cancels every handler.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import http
import json
import random
import socket
import struct
import threading
import time
from collections.abc import Callable, Coroutine, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar
from urllib.parse import unquote

import pytest

from tests.esplora_mock import congested_state, load, quiet_state

Response = tuple[int, Mapping[str, str], bytes]
T = TypeVar("T")
MB = 1024 * 1024


# ------------------------------------------------------------------ faults


class Fault:
    """A misbehaviour played on the socket instead of a canned answer."""

    status: int | None = None  # what the log records; None = no status line was sent


@dataclass(frozen=True)
class NeverAnswer(Fault):
    """Accept the request, then say nothing until the client gives up (a read timeout)."""

    status: int | None = None


@dataclass(frozen=True)
class HangUp(Fault):
    """Read the request, then close the connection without a status line."""

    status: int | None = None


@dataclass(frozen=True)
class SlowDrip(Fault):
    """Send the status line and headers (with the real Content-Length), then one byte per interval."""

    body: bytes = b'{"txid": "' + b"0" * 64 + b'"}'
    interval_ms: float = 300.0
    status: int | None = 200


@dataclass(frozen=True)
class ResetMidBody(Fault):
    """Send headers with the full Content-Length, half the body, then close (``rst``: with a TCP RST)."""

    body: bytes = b'{"txid": "' + b"0" * 64 + b'"}'
    rst: bool = False
    status: int | None = 200


@dataclass(frozen=True)
class BigBody(Fault):
    """A huge 200 answer, streamed in chunks (never held in memory).

    ``declare_length``: send ``Content-Length``; otherwise chunked transfer encoding,
    so the client only finds out by reading.
    """

    size: int = 50 * MB
    declare_length: bool = False
    status: int | None = 200


@dataclass(frozen=True)
class Handler(Fault):
    """An answer computed from the request body: ``answer(body)`` → a Response or a Fault
    (e.g. a JSON-RPC node answering by method)."""

    answer: Callable[[bytes], Response | Fault] = field(default=lambda body: NOT_FOUND)
    status: int | None = 200


Route = Response | Fault


# ----------------------------------------------------------- canned answers


def json_response(data: Any, status: int = 200) -> Response:
    return status, {"Content-Type": "application/json"}, json.dumps(data).encode()


def text_response(text: str, status: int = 200) -> Response:
    return status, {"Content-Type": "text/plain"}, text.encode()


def status_response(status: int, retry_after: str | None = None) -> Response:
    """An error status with its standard reason as the body (429, 500, 502, 503 …)."""
    headers = {"Content-Type": "text/plain"}
    if retry_after is not None:
        headers["Retry-After"] = retry_after
    return status, headers, http.HTTPStatus(status).phrase.encode()


def html_page(status: int = 200) -> Response:
    """What a CDN challenge or an error page looks like."""
    body = b"<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>Checking</body></html>"
    return status, {"Content-Type": "text/html; charset=utf-8"}, body


def truncated_json(data: Any) -> Response:
    """The first half of a JSON document, with a consistent Content-Length."""
    body = json.dumps(data).encode()
    return 200, {"Content-Type": "application/json"}, body[: len(body) // 2]


def redirect(location: str, status: int = 302) -> Response:
    return status, {"Location": location, "Content-Type": "text/plain"}, b"Found"


NOT_FOUND: Response = text_response("Not Found", 404)


_RESERVED: list[socket.socket] = []


def _release_reserved() -> None:
    for s in _RESERVED:
        s.close()


def closed_port() -> int:
    """A loopback port where connections are refused.

    The port stays bound (but never listens) for the life of the process, so no other
    server, in this process or another, can take it in the meantime.
    """
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    if not _RESERVED:
        atexit.register(_release_reserved)
    _RESERVED.append(s)
    port: int = s.getsockname()[1]
    return port


def refused_url(base_path: str = "/api") -> str:
    """A base URL whose connections are refused (nothing listening)."""
    return f"http://127.0.0.1:{closed_port()}{base_path}"


# ------------------------------------------------------------------ stats


class LogEntry(NamedTuple):
    time: float  # when the answer (or the fault) began, in seconds since the server started
    path: str  # decoded request target, with the query
    status: int | None  # None: no status line was sent (never answered, hung up)
    arrived: float  # when the request had been read, in seconds since the server started


@dataclass
class Stats:
    total: int = 0
    per_path: dict[str, int] = field(default_factory=dict)
    in_flight: int = 0
    max_in_flight: int = 0
    connections: int = 0
    log: list[LogEntry] = field(default_factory=list)


# ------------------------------------------------------------ server loop


class _ServerLoop:
    """One event loop in one daemon thread serves every FakeEsplora of the process.

    A single thread keeps the GIL contention with the client under test low, however
    many servers a test starts; it is stopped and closed at interpreter exit.
    """

    _lock = threading.Lock()
    _loop: asyncio.AbstractEventLoop | None = None
    _thread: threading.Thread | None = None

    @classmethod
    def get(cls) -> asyncio.AbstractEventLoop:
        with cls._lock:
            if cls._loop is None or cls._thread is None or not cls._thread.is_alive():
                loop = asyncio.new_event_loop()
                thread = threading.Thread(target=loop.run_forever, name="FakeEsplora", daemon=True)
                thread.start()
                cls._loop, cls._thread = loop, thread
                atexit.register(cls._shutdown, loop, thread)
            return cls._loop

    @classmethod
    def run(cls, coro: Coroutine[Any, Any, T], timeout: float = 10.0) -> T:
        return asyncio.run_coroutine_threadsafe(coro, cls.get()).result(timeout)

    @staticmethod
    def _shutdown(loop: asyncio.AbstractEventLoop, thread: threading.Thread) -> None:
        if loop.is_closed():
            return
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=5)
        if not thread.is_alive():
            loop.close()


# ------------------------------------------------------------------ server


class FakeEsplora:
    """A fake Esplora server on 127.0.0.1 (a free port), running in a background thread."""

    def __init__(
        self,
        routes: Mapping[str, Route] | None = None,
        *,
        base_path: str = "/api",
        latency_ms: float = 0.0,
        default: Route = NOT_FOUND,
    ) -> None:
        self.base_path = "/" + base_path.strip("/") if base_path.strip("/") else ""
        self.latency_ms = latency_ms
        self.default: Route = default
        self._lock = threading.Lock()
        self._routes: dict[str, Route] = {}
        for path, route in (routes or {}).items():
            self.set_route(path, route)
        self.stats = Stats()
        self.errors: list[BaseException] = []  # unexpected handler errors, for debugging
        # rate limiting (token bucket) and deterministic random failures
        self._rate: float | None = None
        self._burst = 0.0
        self._tokens = 0.0
        self._last_refill = 0.0
        self._fail_fraction = 0.0
        self._rng = random.Random(0)
        self._every = 0  # answer every n-th request 429 (0: never)
        self._arrivals = 0
        # runtime
        self.port = 0
        self._started_at = 0.0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.Server | None = None
        self._handlers: set[asyncio.Task[None]] = set()
        self._stopping: asyncio.Event | None = None

    # ------------------------------------------------------------ lifecycle

    @property
    def base_url(self) -> str:
        if not self.port:
            raise RuntimeError("the server is not started")
        return f"http://127.0.0.1:{self.port}{self.base_path}"

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{self._key(path)}"

    def start(self) -> FakeEsplora:
        if self._loop is not None:
            return self
        self._loop = _ServerLoop.get()
        _ServerLoop.run(self._open())
        return self

    async def _open(self) -> None:
        self._stopping = asyncio.Event()
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0, backlog=2048)
        self.port = self._server.sockets[0].getsockname()[1]
        self._started_at = time.monotonic()
        self._last_refill = self._started_at

    def stop(self) -> None:
        """Stop listening, cancel every handler and close every connection (idempotent)."""
        if self._loop is None:
            return
        _ServerLoop.run(self._close())
        self._loop = None

    async def _close(self) -> None:
        if self._stopping is not None:
            self._stopping.set()
        if self._server is not None:
            self._server.close()
        tasks = list(self._handlers)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if self._server is not None:
            await self._server.wait_closed()
            self._server = None

    def __enter__(self) -> FakeEsplora:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --------------------------------------------------------------- routes

    def _key(self, path: str) -> str:
        path = unquote(path)
        return path if path.startswith("/") else f"{self.base_path}/{path}"

    def set_route(self, path: str, route: Route) -> None:
        """Mount (or replace, while running) the answer for a path."""
        with self._lock:
            self._routes[self._key(path)] = route

    def set_json(self, path: str, data: Any, status: int = 200) -> None:
        self.set_route(path, json_response(data, status))

    def set_text(self, path: str, text: str, status: int = 200) -> None:
        self.set_route(path, text_response(text, status))

    def remove_route(self, path: str) -> None:
        with self._lock:
            self._routes.pop(self._key(path), None)

    def set_default(self, route: Route) -> None:
        """The answer for every unmounted path (e.g. a fault for the whole server)."""
        with self._lock:
            self.default = route

    def routes(self) -> dict[str, Route]:
        with self._lock:
            return dict(self._routes)

    def _resolve(self, target: str) -> Route:
        with self._lock:
            route = self._routes.get(target)
            if route is None and "?" in target:
                route = self._routes.get(target.split("?", 1)[0])
            return route if route is not None else self.default

    # --------------------------------------------- recorded Esplora fixtures

    def mainnet_state(self, state: Mapping[str, Any], tip: int) -> None:
        """Tip height, recommended fees, projected blocks, mempool, difficulty adjustment."""
        self.set_text("blocks/tip/height", str(tip))
        self.set_json("v1/fees/recommended", state["fees"])
        self.set_json("v1/fees/mempool-blocks", state["blocks"])
        self.set_json("mempool", state["mempool"])
        self.set_json("v1/difficulty-adjustment", state["da"])

    def quiet_state(self, tip: int) -> None:
        self.mainnet_state(quiet_state(), tip)

    def congested_state(self, tip: int) -> None:
        self.mainnet_state(congested_state(), tip)

    def add_tx(self, data: Mapping[str, Any]) -> str:
        """Serve ``GET tx/<txid>``; returns the txid."""
        txid = str(data["txid"])
        self.set_json(f"tx/{txid}", data)
        return txid

    def missing_tx(self, txid: str) -> None:
        self.set_text(f"tx/{txid}", "Transaction not found", 404)

    def add_fixture(self, path: str, fixture: str) -> None:
        """Serve a recorded file from tests/fixtures (e.g. ``esplora/mempool_v1_tx_rbf_242f3fff.json``)."""
        self.set_json(path, load(fixture))

    # ------------------------------------------------- rate limits, failures

    def rate_limit(self, per_second: float | None, burst: int = 1) -> None:
        """A token bucket: beyond ``per_second`` (burst ``burst``) answer 429 with Retry-After: 1.

        ``None`` switches it off.
        """
        with self._lock:
            self._rate = per_second
            self._burst = float(max(1, burst))
            self._tokens = self._burst
            self._last_refill = time.monotonic()

    def fail_fraction(self, fraction: float, seed: int = 0) -> None:
        """Answer 503 to ``fraction`` of requests, drawn from a seeded generator (deterministic order)."""
        with self._lock:
            self._fail_fraction = fraction
            self._rng = random.Random(seed)

    def rate_limit_every(self, n: int) -> None:
        """Answer every ``n``-th request (counted from now) with 429 and Retry-After: 1; 0 switches it off."""
        with self._lock:
            self._every = n
            self._arrivals = 0

    def _admission(self) -> Response | None:
        """Rate limit and random failure, decided on arrival, in arrival order."""
        with self._lock:
            if self._every:
                self._arrivals += 1
                if self._arrivals % self._every == 0:
                    return status_response(429, retry_after="1")
            if self._rate is not None:
                now = time.monotonic()
                self._tokens = min(self._burst, self._tokens + (now - self._last_refill) * self._rate)
                self._last_refill = now
                if self._tokens < 1.0:
                    return status_response(429, retry_after="1")
                self._tokens -= 1.0
            if self._fail_fraction > 0 and self._rng.random() < self._fail_fraction:
                return status_response(503)
        return None

    # ---------------------------------------------------------------- stats

    def clock(self) -> float:
        """Now, on the clock of the log (seconds since the server started)."""
        return time.monotonic() - self._started_at

    def count(self, path: str | None = None) -> int:
        """Requests seen in total, or for one path (relative to the base path, or absolute)."""
        with self._lock:
            return self.stats.total if path is None else self.stats.per_path.get(self._key(path), 0)

    def reset_stats(self) -> None:
        with self._lock:
            self.stats = Stats(in_flight=self.stats.in_flight)

    def log(self) -> list[LogEntry]:
        with self._lock:
            return list(self.stats.log)

    def _begin(self, target: str) -> None:
        with self._lock:
            s = self.stats
            s.total += 1
            s.per_path[target] = s.per_path.get(target, 0) + 1
            s.in_flight += 1
            s.max_in_flight = max(s.max_in_flight, s.in_flight)

    def _answered(self, target: str, status: int | None, arrived: float) -> None:
        now = time.monotonic()
        with self._lock:
            entry = LogEntry(now - self._started_at, target, status, arrived - self._started_at)
            self.stats.log.append(entry)

    def _end(self) -> None:
        with self._lock:
            self.stats.in_flight -= 1

    # ------------------------------------------------------------ protocol

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._handlers.add(task)
        with self._lock:
            self.stats.connections += 1
        try:
            while not self._stopped() and await self._one_request(reader, writer):
                pass
        except (asyncio.CancelledError, ConnectionError, asyncio.IncompleteReadError):
            pass
        except Exception as exc:  # keep serving; the test can look at .errors
            self.errors.append(exc)
        finally:
            self._handlers.discard(task)
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    def _stopped(self) -> bool:
        """Accepted just before stop(): the handler started after the cancel sweep."""
        return self._stopping is None or self._stopping.is_set()

    async def _one_request(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        """Serve one request; True to keep the connection for another."""
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            return False
        lines = head.decode("latin-1").split("\r\n")
        parts = lines[0].split(" ")
        if len(parts) != 3:
            await self._write(writer, status_response(400), keep_alive=False)
            return False
        _method, raw_target, version = parts
        headers = {}
        for line in lines[1:]:
            name, sep, value = line.partition(":")
            if sep:
                headers[name.strip().lower()] = value.strip()
        length = headers.get("content-length", "0")
        body = b""
        if length.isdigit() and int(length):
            body = await reader.readexactly(int(length))
        keep_alive = version == "HTTP/1.1" and headers.get("connection", "").lower() != "close"
        target = unquote(raw_target)
        arrived = time.monotonic()
        self._begin(target)
        try:
            admission = self._admission()
            if self.latency_ms > 0:
                await asyncio.sleep(self.latency_ms / 1000.0)
            route = admission if admission is not None else self._resolve(target)
            if isinstance(route, Handler):
                route = route.answer(body)
            if isinstance(route, Fault):
                self._answered(target, route.status, arrived)
                await self._fault(route, reader, writer)
                return False
            self._answered(target, route[0], arrived)
            await self._write(writer, route, keep_alive)
            return keep_alive
        finally:
            self._end()

    @staticmethod
    def _head(status: int, headers: Mapping[str, str], keep_alive: bool) -> bytes:
        try:
            phrase = http.HTTPStatus(status).phrase
        except ValueError:
            phrase = "Unknown"
        lines = [f"HTTP/1.1 {status} {phrase}"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        lines.append(f"Connection: {'keep-alive' if keep_alive else 'close'}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    async def _write(self, writer: asyncio.StreamWriter, response: Response, keep_alive: bool) -> None:
        status, headers, body = response
        hdrs = dict(headers)
        if not any(k.lower() == "content-length" for k in hdrs):
            hdrs["Content-Length"] = str(len(body))
        writer.write(self._head(status, hdrs, keep_alive) + body)
        await writer.drain()

    async def _fault(self, fault: Fault, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if isinstance(fault, NeverAnswer):
            # hold the connection until the client goes away (EOF) or the server stops (cancel)
            while await reader.read(65536):
                pass
        elif isinstance(fault, HangUp):
            return
        elif isinstance(fault, SlowDrip):
            hdrs = {"Content-Type": "application/json", "Content-Length": str(len(fault.body))}
            writer.write(self._head(fault.status or 200, hdrs, False))
            await writer.drain()
            for i in range(len(fault.body)):
                await asyncio.sleep(fault.interval_ms / 1000.0)
                if reader.at_eof() or writer.is_closing():
                    return
                writer.write(fault.body[i : i + 1])
                await writer.drain()
        elif isinstance(fault, ResetMidBody):
            hdrs = {"Content-Type": "application/json", "Content-Length": str(len(fault.body))}
            writer.write(self._head(fault.status or 200, hdrs, False) + fault.body[: len(fault.body) // 2])
            await writer.drain()
            if fault.rst:
                sock = writer.get_extra_info("socket")
                if sock is not None:
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        elif isinstance(fault, BigBody):
            await self._big_body(fault, writer)

    async def _big_body(self, fault: BigBody, writer: asyncio.StreamWriter) -> None:
        chunk = (b'{"filler": "' + b"x" * (64 * 1024 - 16) + b'", ')[: 64 * 1024]
        hdrs = {"Content-Type": "application/json"}
        if fault.declare_length:
            hdrs["Content-Length"] = str(fault.size)
        else:
            hdrs["Transfer-Encoding"] = "chunked"
        writer.write(self._head(fault.status or 200, hdrs, False))
        sent = 0
        while sent < fault.size:
            piece = chunk[: fault.size - sent]
            sent += len(piece)
            if writer.is_closing():
                return
            writer.write(piece if fault.declare_length else b"%x\r\n%s\r\n" % (len(piece), piece))
            await writer.drain()
            await asyncio.sleep(0)  # drain() does not yield while the socket takes it all
        if not fault.declare_length:
            writer.write(b"0\r\n\r\n")
            await writer.drain()


# ------------------------------------------------------------------ fixtures


@contextlib.contextmanager
def fake_servers() -> Iterator[Callable[..., FakeEsplora]]:
    """A factory of started servers, all stopped on exit."""
    started: list[FakeEsplora] = []

    def make(routes: Mapping[str, Route] | None = None, **kwargs: Any) -> FakeEsplora:
        server = FakeEsplora(routes, **kwargs).start()
        started.append(server)
        return server

    try:
        yield make
    finally:
        for server in started:
            server.stop()


@pytest.fixture
def fake_esplora() -> Iterator[FakeEsplora]:
    """A started FakeEsplora on a free loopback port (nothing mounted: every path answers 404)."""
    with FakeEsplora() as server:
        yield server


@pytest.fixture
def fake_esplora_factory() -> Iterator[Callable[..., FakeEsplora]]:
    """``make(routes=None, *, base_path="/api", latency_ms=0, default=NOT_FOUND)`` → a started server."""
    with fake_servers() as make:
        yield make
