"""The clients under ``Http`` fail alike: the fault matrix's transport faults.

Every fault of tests/test_faults.py on ``/tx`` (refused, silent, dripping, reset, hung up,
429s, 5xx, HTML, truncated, wrong shape, 50 MB bodies, a redirect elsewhere), with one
provider and with a healthy fallback, run through ``Http`` with aiohttp (a batch's client)
and with httpx (a run with a proxy in the environment) under it: the same verdict, failure
reason, detail and time budget as the cases there (a single check's client, httpcore).
httpcore sends what httpx sent: the same headers and body on the wire.
"""

from __future__ import annotations

import asyncio
import time
import warnings
from collections.abc import Iterator
from typing import Any

import pytest

from tests.fakeserver import fake_servers
from tests.findings_helpers import finding
from tests.test_faults import (
    CONFIRMATIONS,
    CONFIRMED_TXID,
    FAULT_IDS,
    FAULTS,
    TIMEOUT,
    TX,
    Fault,
    budget,
    detail_for,
    faulty,
    healthy,
    mount_confirmed,
    names,
)
from txdoctor.core.dispatch import diagnose_input
from txdoctor.core.session import Options, Session
from txdoctor.model import Diagnosis, Verdict

pytest.importorskip("aiohttp")


async def _one(urls: list[str], slots: asyncio.Semaphore, client: str) -> tuple[Diagnosis, float, bool]:
    options = Options(urls={"btc": urls}, timeout=TIMEOUT, environ={}, http_client=client)
    async with slots:
        t0 = time.monotonic()
        async with Session(options) as session:
            d = await diagnose_input(session, CONFIRMED_TXID)
            http = session.http
            used = (
                http._aio is not None if client == "aiohttp" else http._core is None and bool(http._clients)
            )
        return d, time.monotonic() - t0, used


@pytest.fixture(scope="module", params=["aiohttp", "httpx"])
def outcomes(request: pytest.FixtureRequest) -> Iterator[dict[str, tuple[Diagnosis, float, bool]]]:
    client = request.param
    with fake_servers() as make:
        cases: dict[str, list[str]] = {}
        for f in FAULTS:
            cases[f"single-{f.name}"] = [faulty(make, f, TX, mount_confirmed)]
            cases[f"fallback-{f.name}"] = [
                faulty(make, f, TX, mount_confirmed),
                healthy(make, mount_confirmed),
            ]

        async def run() -> dict[str, Any]:
            slots = asyncio.Semaphore(12)
            got = await asyncio.gather(*(_one(urls, slots, client) for urls in cases.values()))
            return dict(zip(cases, got, strict=True))

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)  # recorded by test_faults; not this test's
            yield asyncio.run(run())


@pytest.mark.parametrize("fault", FAULTS, ids=FAULT_IDS)
def test_one_provider_fault_is_the_same_failure(
    outcomes: dict[str, tuple[Diagnosis, float, bool]], fault: Fault
) -> None:
    d, elapsed, used_the_client = outcomes[f"single-{fault.name}"]
    assert used_the_client
    assert (d.verdict, d.exit_code) == (Verdict.UNREACHABLE, 3)
    failures = finding(d, "NET_UNREACHABLE").evidence["failures"]
    assert [f["reason"] for f in failures] == [fault.reason]
    assert names(failures[0]["detail"], detail_for(fault, TX)), failures[0]["detail"]
    assert elapsed < budget(fault), f"{elapsed:.2f} s"


@pytest.mark.parametrize("fault", FAULTS, ids=FAULT_IDS)
def test_with_a_fallback_the_diagnosis_is_whole(
    outcomes: dict[str, tuple[Diagnosis, float, bool]], fault: Fault
) -> None:
    d, elapsed, _ = outcomes[f"fallback-{fault.name}"]
    assert (d.verdict, d.exit_code) == (Verdict.CONFIRMED, 0)
    assert d.facts["confirmations"] == CONFIRMATIONS
    failed = finding(d, "NET_PROVIDER_FAILED").evidence["failures"]
    assert [f["reason"] for f in failed] == [fault.reason]
    assert names(failed[0]["detail"], detail_for(fault, TX)), failed[0]["detail"]
    assert elapsed < budget(fault), f"{elapsed:.2f} s"


# ------------------------------------------------------------------ on the wire


async def _wire(client: str, calls: list[tuple[str, str, Any, dict[str, str] | None]]) -> list[bytes]:
    """What a raw loopback server read for each call made through ``Http`` with ``client``."""
    from txdoctor.core.net.http import Http

    seen: list[bytes] = []
    handlers: list[asyncio.Task[Any]] = []

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        handlers.append(asyncio.current_task())  # type: ignore[arg-type]
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.lower().split(b"\r\n")
                length = next((int(x[15:]) for x in lines if x.startswith(b"content-length:")), 0)
                seen.append(head + await reader.readexactly(length))
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}")
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass  # the client closed the connection
        finally:
            writer.close()
            await writer.wait_closed()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        async with Http(timeout=5, client=client) as http:
            for method, path, body, headers in calls:
                url = f"http://127.0.0.1:{port}{path}"
                if method == "GET":
                    assert await http.get_json(url) == {}
                else:
                    assert await http.post_json(url, body, headers=headers) == {}
            if client == "httpcore":
                assert http._core is not None and not http._clients  # httpx was not used
        await asyncio.wait_for(asyncio.gather(*handlers), 5)  # each saw its connection closed
    finally:
        server.close()
        await server.wait_closed()
    return [x.replace(b":%d\r\n" % port, b":PORT\r\n") for x in seen]


def _parsed(raw: bytes) -> tuple[bytes, dict[bytes, bytes], bytes]:
    head, _, body = raw.partition(b"\r\n\r\n")
    first, *lines = head.split(b"\r\n")
    return first, {k.strip().lower(): v.strip() for k, _, v in (line.partition(b":") for line in lines)}, body


def test_httpcore_sends_what_httpx_sent() -> None:
    """Request line, every header (Host with its port, User-Agent, Accept-Encoding, a caller's
    key header, JSON's Content-Type and Content-Length) and the JSON body's exact bytes."""
    calls: list[tuple[str, str, Any, dict[str, str] | None]] = [
        ("GET", "/api/tx/ab?x=1", None, None),
        ("POST", "/rpc", {"jsonrpc": "2.0", "params": ["é", 1.5, None]}, {"TRON-PRO-API-KEY": "k"}),
    ]
    ours = [_parsed(r) for r in asyncio.run(_wire("httpcore", calls))]
    theirs = [_parsed(r) for r in asyncio.run(_wire("httpx", calls))]
    assert ours == theirs
    assert ours[1][1][b"content-type"] == b"application/json"
    assert ours[0][1][b"host"] == b"127.0.0.1:PORT"


# ------------------------------------------------------------------ warm-up while waiting


def test_warm_up_runs_once_while_every_request_waits_for_its_answer() -> None:
    """httpcore's trace says when a request is written out: the warm-up (a family's checks, the
    catalog) runs when none is left to write, before the answers (300 ms away) are in; once;
    a failing one changes nothing."""
    from tests.fakeserver import FakeEsplora, json_response
    from txdoctor.core.net.http import Http

    ran: list[tuple[int, float]] = []

    async def run(url: str) -> tuple[list[Any], float, float]:
        async with Http(timeout=5, client="httpcore") as http:
            assert http._core is not None
            core = http._core
            http.when_idle(lambda: 1 / 0)
            http.when_idle(lambda: ran.append((core._sending, time.monotonic())))
            t0 = time.monotonic()
            got = await asyncio.gather(http.get_json(url), http.get_json(url), http.get_json(url))
            return got, t0, time.monotonic()

    with FakeEsplora({"/x": json_response({"a": 1})}, latency_ms=300) as server:
        got, t0, t1 = asyncio.run(run(server.url("/x")))
    assert got == [{"a": 1}] * 3
    assert [n for n, _ in ran] == [0]  # once, with nothing left to write
    assert ran[0][1] - t0 < t1 - t0 - 0.2  # well before the answers


def test_warm_up_is_offline_free_and_asked_once() -> None:
    from txdoctor.core.session import Options, Session

    offline = Session(Options(offline=True))
    offline.warm(("txdoctor.families.evm.checks.tx",))
    assert offline._http is None  # no HTTP client made for it
    online = Session(Options(urls={"btc": ["http://127.0.0.1:9/api"]}, environ={}))
    online.warm(("txdoctor.families.evm.checks.tx",))
    online.warm(("txdoctor.families.evm.checks.tx",))
    assert online.http._core is not None and len(online.http._core._idle) == 1


# ------------------------------------------------------------------ TLS


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """A self-signed certificate for 127.0.0.1 (openssl), and its key."""
    import shutil
    import subprocess

    if shutil.which("openssl") is None:
        pytest.skip("no openssl to make a test certificate")
    d = tmp_path_factory.mktemp("tls")
    cert, key = str(d / "cert.pem"), str(d / "key.pem")
    make = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert]
    subject = ["-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"]
    subprocess.run([*make, *subject], check=True, capture_output=True)
    return cert, key


async def _tls_get(client: str, cert: str, key: str) -> Any:
    import ssl

    from txdoctor.core.net.http import Http

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await reader.readuntil(b"\r\n\r\n")
            writer.write(b'HTTP/1.1 200 OK\r\nContent-Length: 8\r\nConnection: close\r\n\r\n{"a": 1}')
            await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, ssl.SSLError):
            pass
        finally:
            writer.close()

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    server = await asyncio.start_server(serve, "127.0.0.1", 0, ssl=context)
    port = server.sockets[0].getsockname()[1]
    try:
        async with Http(timeout=5, retries=0, client=client) as http:
            try:
                return await http.get_json(f"https://127.0.0.1:{port}/x")
            except Exception as err:
                return err
    finally:
        server.close()
        await server.wait_closed()


@pytest.mark.parametrize("client", ["httpcore", "httpx"])
def test_tls_is_verified_against_the_ca_bundle_or_ssl_cert_file(
    client: str, tls_files: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An https provider is verified (certifi's bundle, or SSL_CERT_FILE as httpx reads it):
    a self-signed certificate is refused as a connection that failed, trusted when named."""
    from txdoctor.core.net.base import ProviderError

    cert, key = tls_files
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    refused = asyncio.run(_tls_get(client, cert, key))
    assert isinstance(refused, ProviderError) and "could not connect (ConnectError)" in str(refused)
    monkeypatch.setenv("SSL_CERT_FILE", cert)
    assert asyncio.run(_tls_get(client, cert, key)) == {"a": 1}


def test_a_proxy_in_the_environment_keeps_a_single_check_on_httpx(monkeypatch: pytest.MonkeyPatch) -> None:
    """httpx follows HTTP(S)_PROXY / ALL_PROXY; httpcore alone would not: so httpx it is."""
    import os

    from txdoctor.core.net.http import Http
    from txdoctor.core.net.http_clients import CoreClient

    for name in list(os.environ):
        if name.lower() in ("http_proxy", "https_proxy", "all_proxy"):
            monkeypatch.delenv(name)
    assert Http(client="httpcore")._core is not None
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    assert Http(client="httpcore")._core is None
    assert CoreClient.takes("http://127.0.0.1:3000/api/tx/ab")
    for url in ("http://user:pw@127.0.0.1/api", "http://[::1]:3000/api", "http://exämple.org/api"):
        assert not CoreClient.takes(url), url
