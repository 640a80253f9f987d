"""The fake Esplora server itself: what a plain httpx client sees for each route and fault."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable

import httpx
import pytest

from tests import fakeserver
from tests.esplora_mock import load, quiet_state
from tests.fakeserver import (
    MB,
    BigBody,
    FakeEsplora,
    HangUp,
    NeverAnswer,
    ResetMidBody,
    SlowDrip,
    closed_port,
    html_page,
    redirect,
    refused_url,
    status_response,
    truncated_json,
)

fake_esplora = fakeserver.fake_esplora
fake_esplora_factory = fakeserver.fake_esplora_factory

CONFIRMED = load("esplora/mempool_backend_txs_random_4.json")[2]


def get(server: FakeEsplora, path: str, timeout: float = 2.0) -> httpx.Response:
    return httpx.get(server.url(path), timeout=timeout)


def test_routes_default_and_base_path(fake_esplora: FakeEsplora) -> None:
    assert fake_esplora.base_url.startswith("http://127.0.0.1:")
    assert fake_esplora.base_url.endswith("/api")
    fake_esplora.quiet_state(890448)
    txid = fake_esplora.add_tx(CONFIRMED)
    fake_esplora.set_json("v1/transaction-times?txId[]=abc", [1743541726])
    fake_esplora.set_text("/health", "ok")  # absolute path, outside the base
    r = httpx.get(f"{fake_esplora.base_url}/tx/{txid}")
    assert r.status_code == 200 and r.json() == CONFIRMED
    assert r.headers["content-type"] == "application/json"
    assert get(fake_esplora, "blocks/tip/height").text == "890448"
    assert get(fake_esplora, "v1/fees/recommended").json() == quiet_state()["fees"]
    assert get(fake_esplora, "v1/transaction-times?txId[]=abc").json() == [1743541726]
    assert get(fake_esplora, "/health").text == "ok"
    missing = get(fake_esplora, "tx/" + "00" * 32)
    assert (missing.status_code, missing.text) == (404, "Not Found")
    assert fake_esplora.count(f"tx/{txid}") == 1
    assert fake_esplora.count() == 6


def test_keep_alive_reuses_one_connection(fake_esplora: FakeEsplora) -> None:
    fake_esplora.set_text("a", "1")
    with httpx.Client() as client:
        for _ in range(5):
            assert client.get(fake_esplora.url("a")).text == "1"
    assert fake_esplora.stats.connections == 1


def test_latency_is_applied_before_answering(fake_esplora: FakeEsplora) -> None:
    fake_esplora.set_text("a", "1")
    fake_esplora.latency_ms = 200
    t0 = time.monotonic()
    assert get(fake_esplora, "a").text == "1"
    assert time.monotonic() - t0 >= 0.2


def test_connection_refused() -> None:
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{closed_port()}/api/blocks/tip/height", timeout=2)
    with pytest.raises(httpx.ConnectError):
        httpx.get(refused_url() + "/mempool", timeout=2)


def test_never_answer_is_a_read_timeout(fake_esplora: FakeEsplora) -> None:
    fake_esplora.set_route("x", NeverAnswer())
    t0 = time.monotonic()
    with pytest.raises(httpx.ReadTimeout):
        get(fake_esplora, "x", timeout=0.3)
    assert 0.3 <= time.monotonic() - t0 < 1.5
    assert fake_esplora.log()[-1].status is None


def test_slow_drip_sends_a_byte_per_interval(fake_esplora: FakeEsplora) -> None:
    fake_esplora.set_route("x", SlowDrip(b"12345", interval_ms=100))
    t0 = time.monotonic()
    r = get(fake_esplora, "x", timeout=1.0)  # each byte comes well within the read timeout
    assert (r.status_code, r.text) == (200, "12345")
    assert time.monotonic() - t0 >= 0.5
    fake_esplora.set_route("x", SlowDrip(b"12345", interval_ms=500))
    with pytest.raises(httpx.ReadTimeout):
        get(fake_esplora, "x", timeout=0.2)


@pytest.mark.parametrize("rst", [False, True])
def test_reset_mid_body(fake_esplora: FakeEsplora, rst: bool) -> None:
    body = json.dumps(CONFIRMED).encode()
    fake_esplora.set_route("x", ResetMidBody(body, rst=rst))
    with httpx.stream("GET", fake_esplora.url("x"), timeout=2) as r:
        assert r.headers["content-length"] == str(len(body))
        with pytest.raises(httpx.ReadError if rst else httpx.RemoteProtocolError):
            r.read()


def test_hang_up_without_answer(fake_esplora: FakeEsplora) -> None:
    fake_esplora.set_route("x", HangUp())
    with pytest.raises(httpx.RemoteProtocolError):
        get(fake_esplora, "x")


@pytest.mark.parametrize(
    ("status", "retry_after"), [(429, "1"), (429, None), (500, None), (502, None), (503, None)]
)
def test_error_statuses(fake_esplora: FakeEsplora, status: int, retry_after: str | None) -> None:
    fake_esplora.set_route("x", status_response(status, retry_after))
    r = get(fake_esplora, "x")
    assert r.status_code == status
    assert r.headers.get("retry-after") == retry_after


def test_html_truncated_and_wrong_shape(fake_esplora: FakeEsplora) -> None:
    fake_esplora.set_route("html", html_page())
    r = get(fake_esplora, "html")
    assert r.status_code == 200 and r.text.startswith("<!DOCTYPE html>")
    fake_esplora.set_route("trunc", truncated_json(CONFIRMED))
    r = get(fake_esplora, "trunc")
    assert r.status_code == 200 and 0 < len(r.content) < len(json.dumps(CONFIRMED))
    with pytest.raises(json.JSONDecodeError):
        json.loads(r.content)
    fake_esplora.set_json("shape", {k: v for k, v in CONFIRMED.items() if k != "weight"})
    assert "weight" not in get(fake_esplora, "shape").json()


@pytest.mark.parametrize("declare_length", [False, True])
def test_big_body_is_streamed(fake_esplora: FakeEsplora, declare_length: bool) -> None:
    fake_esplora.set_route("big", BigBody(declare_length=declare_length))
    with httpx.stream("GET", fake_esplora.url("big"), timeout=10) as r:
        assert r.headers.get("content-length") == (str(50 * MB) if declare_length else None)
        assert r.headers.get("transfer-encoding") == (None if declare_length else "chunked")
        size = sum(len(chunk) for chunk in r.iter_raw())
    assert size == 50 * MB


def test_big_body_client_can_stop_early(fake_esplora: FakeEsplora) -> None:
    fake_esplora.set_route("big", BigBody())
    for _ in range(3):
        with httpx.stream("GET", fake_esplora.url("big"), timeout=5) as r:
            for _chunk in r.iter_raw():
                break
    fake_esplora.set_text("ok", "still serving")
    assert get(fake_esplora, "ok").text == "still serving"


def test_redirect_to_another_host(fake_esplora: FakeEsplora) -> None:
    fake_esplora.set_route("x", redirect("http://127.0.0.2:9/api/x"))
    r = get(fake_esplora, "x")
    assert (r.status_code, r.headers["location"]) == (302, "http://127.0.0.2:9/api/x")


def test_rate_limit_token_bucket(fake_esplora: FakeEsplora) -> None:
    fake_esplora.set_text("a", "1")
    fake_esplora.rate_limit(1, burst=3)  # slow refill: a loaded machine's slow requests earn no token
    with httpx.Client() as client:
        answers = [client.get(fake_esplora.url("a")) for _ in range(6)]
        assert [r.status_code for r in answers] == [200, 200, 200, 429, 429, 429]
        assert answers[3].headers["retry-after"] == "1"
        time.sleep(2.05)  # 2 tokens back at 1/s
        assert [client.get(fake_esplora.url("a")).status_code for _ in range(3)] == [200, 200, 429]
        fake_esplora.rate_limit(None)
        assert all(client.get(fake_esplora.url("a")).status_code == 200 for _ in range(10))


def test_fail_fraction_is_deterministic(fake_esplora_factory: Callable[..., FakeEsplora]) -> None:
    def statuses(seed: int) -> list[int]:
        server = fake_esplora_factory({"a": (200, {}, b"1")})
        server.fail_fraction(0.3, seed=seed)
        with httpx.Client() as client:
            return [client.get(server.url("a")).status_code for _ in range(40)]

    first, again, other = statuses(7), statuses(7), statuses(8)
    assert first == again
    assert first != other
    assert set(first) == {200, 503}
    assert 4 <= first.count(503) <= 20


def test_counters_and_max_in_flight(fake_esplora: FakeEsplora) -> None:
    fake_esplora.set_text("a", "1")
    fake_esplora.latency_ms = 300
    n = 200

    async def burst() -> list[int]:
        limits = httpx.Limits(max_connections=n + 10)
        async with httpx.AsyncClient(limits=limits, timeout=10) as client:
            paths = [fake_esplora.url("a" if i % 2 else "b") for i in range(n)]
            return [r.status_code for r in await asyncio.gather(*(client.get(p) for p in paths))]

    codes = asyncio.run(burst())
    assert codes.count(200) == n // 2 and codes.count(404) == n // 2
    s = fake_esplora.stats
    assert s.total == n and s.in_flight == 0
    assert fake_esplora.count("a") == fake_esplora.count("b") == n // 2
    assert s.max_in_flight == n  # all were held by the latency at the same time
    log = fake_esplora.log()
    assert len(log) == n and {e.status for e in log} == {200, 404}
    assert all(e.time >= 0.3 for e in log)  # logged when answered, after the latency
    fake_esplora.reset_stats()
    assert fake_esplora.count() == 0 and fake_esplora.stats.max_in_flight == 0


def test_state_changes_while_running(fake_esplora: FakeEsplora) -> None:
    """A transaction goes from the mempool into a block (for `watch`-style tests)."""
    tx = load("esplora/mempool_tx_unconfirmed_rbf_replacement_b6a53d8a.json")
    txid = fake_esplora.add_tx(tx)
    assert get(fake_esplora, f"tx/{txid}").json()["status"] == {"confirmed": False}
    mined = {**tx, "status": {"confirmed": True, "block_height": 890449, "block_hash": "00" * 32}}
    fake_esplora.add_tx(mined)
    fake_esplora.set_text("blocks/tip/height", "890449")
    assert get(fake_esplora, f"tx/{txid}").json()["status"]["confirmed"] is True
    fake_esplora.remove_route(f"tx/{txid}")
    assert get(fake_esplora, f"tx/{txid}").status_code == 404


def test_stop_closes_everything(fake_esplora_factory: Callable[..., FakeEsplora]) -> None:
    server = fake_esplora_factory({"hang": NeverAnswer()}, latency_ms=0)
    url = server.url("hang")

    async def hang() -> type[BaseException] | None:
        async with httpx.AsyncClient(timeout=5) as client:
            try:
                await client.get(url)
            except httpx.HTTPError as exc:
                return type(exc)
        return None

    async def main() -> type[BaseException] | None:
        task = asyncio.ensure_future(hang())
        await asyncio.sleep(0.2)
        await asyncio.to_thread(server.stop)
        return await task

    t0 = time.monotonic()
    assert asyncio.run(main()) is httpx.RemoteProtocolError  # the held connection was closed
    assert time.monotonic() - t0 < 2
    with pytest.raises(httpx.ConnectError):
        httpx.get(url, timeout=2)
