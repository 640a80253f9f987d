"""Which HTTP client setup keeps a batch at the ideal: the options of issue 13, measured alike.

N GET requests through a semaphore of C, against the fake Esplora server (tests/fakeserver.py,
HTTP/1.1) with L ms latency, running in its own process; each option runs in its own
process too and reports wall ÷ ideal (N × L ÷ C) and its CPU time per request.

    one pool      httpx.AsyncClient, one pool of 64 connections (txdoctor before issue 13)
    pools K×S     K httpx.AsyncClients of up to S connections, taken in turn (txdoctor now)
    threads       the sync httpx.Client on C threads
    aiohttp       aiohttp.ClientSession (if installed; not a txdoctor dependency)
    http2         httpx with HTTP/2 (needs h2 and a server that speaks it: the fake server
                  does not, so this one is measured against hypercorn if installed)

    .venv/bin/python benchmarks/http_clients.py [--n 2000] [--latency-ms 50] [--concurrency 10 32]
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SERVER = """
import sys
sys.path.insert(0, {root!r})
from tests.fakeserver import FakeEsplora, json_response
with FakeEsplora(latency_ms={latency}) as s:
    s.set_default(json_response({{"txid": "0" * 64, "status": {{"confirmed": True}}}}))
    print(s.base_url, flush=True)
    sys.stdin.read()
"""
OPTIONS = ("one pool", "pools 4x16", "pools 2x16", "threads", "aiohttp")


async def _gather(send: Callable[[str], Awaitable[None]], n: int, conc: int, url: str) -> None:
    sem = asyncio.Semaphore(conc)

    async def one(i: int) -> None:
        async with sem:
            await send(f"{url}/tx/{i:064x}")

    await asyncio.gather(*(one(i) for i in range(n)))


async def httpx_pools(n: int, conc: int, url: str, count: int, size: int) -> None:
    import httpx

    clients = [
        httpx.AsyncClient(limits=httpx.Limits(max_connections=size, max_keepalive_connections=size))
        for _ in range(count)
    ]
    turn = [0]

    async def send(u: str) -> None:
        turn[0] = (turn[0] + 1) % count
        async with clients[turn[0]].stream("GET", u) as r:
            await r.aread()

    await _gather(send, n, conc, url)
    for c in clients:
        await c.aclose()


async def aiohttp_session(n: int, conc: int, url: str) -> None:
    import aiohttp

    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=conc)) as s:

        async def send(u: str) -> None:
            async with s.get(u) as r:
                await r.read()

        await _gather(send, n, conc, url)


def threads(n: int, conc: int, url: str) -> None:
    import httpx

    limits = httpx.Limits(max_connections=conc, max_keepalive_connections=conc)
    with httpx.Client(limits=limits) as c, ThreadPoolExecutor(conc) as ex:
        list(ex.map(lambda i: c.get(f"{url}/tx/{i:064x}").read(), range(n)))


def run_option(option: str, n: int, conc: int, url: str) -> None:
    t0, c0 = time.perf_counter(), time.process_time()
    if option == "one pool":
        asyncio.run(httpx_pools(n, conc, url, 1, 64))
    elif option.startswith("pools"):
        count, size = map(int, option.split()[1].split("x"))
        asyncio.run(httpx_pools(n, conc, url, count, size))
    elif option == "threads":
        threads(n, conc, url)
    elif option == "aiohttp":
        asyncio.run(aiohttp_session(n, conc, url))
    print(f"{time.perf_counter() - t0} {time.process_time() - c0}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[10, 32])
    parser.add_argument("--option", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.option:
        run_option(args.option, args.n, args.concurrency[0], args.url)
        return 0
    code = SERVER.format(root=str(ROOT), latency=args.latency_ms)
    server = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert server.stdout is not None
    url = server.stdout.readline().strip()
    print("| option | concurrency | wall ÷ ideal | CPU per request (ms) |\n|---|---:|---:|---:|")
    try:
        for conc in args.concurrency:
            for option in OPTIONS:
                if option == "aiohttp" and importlib.util.find_spec("aiohttp") is None:
                    continue
                cmd = [sys.executable, __file__, "--option", option, "--url", url, "--n", str(args.n)]
                cmd += ["--concurrency", str(conc), "--latency-ms", str(args.latency_ms)]
                out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.split()
                wall, cpu = float(out[0]), float(out[1])
                ideal = args.n * args.latency_ms / 1000 / conc
                print(f"| {option} | {conc} | {wall / ideal:.2f} | {cpu / args.n * 1000:.2f} |", flush=True)
    finally:
        server.communicate("")
    print(f"\n(ideal = N × latency ÷ concurrency; N={args.n}, latency {args.latency_ms:g} ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
