"""Issue 13's batch rows for several txdoctor installs, interleaved run by run (a before/after
measured in one run, on a shared machine whose load drifts).

    .venv/bin/python benchmarks/batch_versus.py --install before=PATH --install after=PATH
                                                [--n 1000] [--runs 3] [--floor] [--quick]

PATH is a txdoctor executable (an install's console script, or a wrapper such as
``PYTHONPATH=<tree> exec python -m txdoctor "$@"``). The fake Esplora (tests/fakeserver.py,
50 ms per answer, 1,000 recorded transactions under distinct ids) runs in a process of its
own. For each install and concurrency (10, 32), medians over the runs:

    wall ÷ ideal       the whole `check --file ids --json --no-cache` process; ideal =
                       requests × latency ÷ concurrency
    wire ÷ ideal       from the server's log: first request in to last answer out
    CPU/input          user + system time of the whole process ÷ inputs, and net of an offline
                       check's (the interpreter and txdoctor's common start-up)

--floor adds a bare aiohttp client (no txdoctor: a semaphore, GET, json.loads) sending the
same number of requests to the same server: what the server and the machine allow.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SERVER = """
import json, sys
sys.path.insert(0, {root!r}); sys.path.insert(0, {bench!r})
import batch
from tests.fakeserver import FakeEsplora
with FakeEsplora(latency_ms={latency}) as s:
    ids = batch.serve(s, {n})
    open({ids!r}, "w").write("\\n".join(ids) + "\\n")
    print(s.base_url, flush=True)
    for line in sys.stdin:
        log = s.log()
        first = min((e.arrived for e in log), default=0.0)
        last = max((e.time for e in log), default=0.0)
        print(json.dumps([len(log), last - first, s.stats.max_in_flight]), flush=True)
        s.reset_stats()
"""
FLOOR = """
import asyncio, json, sys, aiohttp
url, ids, conc, n = sys.argv[1], open(sys.argv[2]).read().split(), int(sys.argv[3]), int(sys.argv[4])
async def main():
    sem = asyncio.Semaphore(conc)
    async with aiohttp.ClientSession(trust_env=False) as s:
        async def one(i):
            async with sem:
                async with s.get(f"{url}/tx/{ids[i % len(ids)]}") as r:
                    json.loads(await r.read())
        await asyncio.gather(*(one(i) for i in range(n)))
asyncio.run(main())
"""
LATENCY_MS = 50.0


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one whole process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, env=env, timeout=600, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1) or b"Traceback" in done.stderr:
        raise SystemExit(f"{' '.join(cmd[:3])}… exited {done.returncode}: {done.stderr.decode()[-600:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def med(values: list[float]) -> float:
    return statistics.median(values)


def span(values: list[float]) -> str:
    return f"{min(values):.2f}–{max(values):.2f}" if len(values) > 1 else f"{values[0]:.2f}"


Rows = dict[tuple[str, int], list[tuple[float, float, float, int, float]]]


class Server:
    """The fake Esplora in its own process; ``stats()`` reads and resets its log."""

    def __init__(self, n: int, ids: str) -> None:
        code = SERVER.format(root=str(ROOT), bench=str(ROOT / "benchmarks"), latency=LATENCY_MS, n=n, ids=ids)
        self.proc = subprocess.Popen(
            [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self.proc.stdout is not None
        self.url = self.proc.stdout.readline().strip()

    def stats(self) -> tuple[int, float, int]:
        """Requests, first request in to last answer out (s), most in flight; then a reset."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write("stats\n")
        self.proc.stdin.flush()
        count, wire, peak = json.loads(self.proc.stdout.readline())
        return int(count), float(wire), int(peak)

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(10)


def measure(
    args: argparse.Namespace, installs: dict[str, str], env: dict[str, str], ids: str
) -> tuple[Rows, dict[str, list[float]]]:
    """Every install (and the bare client) at 10 and 32, run by run; offline start-up CPU."""
    rows: Rows = {}
    start_cpu: dict[str, list[float]] = {}
    server = Server(args.n, ids)
    first_id = Path(ids).read_text().split()[0]
    sides = [*installs.items()] + ([("bare aiohttp", "")] if args.floor else [])
    try:
        for _ in range(args.runs):
            for conc in (10, 32):
                requests = None
                for name, path in sides:
                    server.stats()  # a clean log
                    if path:
                        cmd = [path, "check", "--file", ids, "--json", "--no-cache"]
                        cmd += ["--url", f"btc={server.url}", "--concurrency", str(conc)]
                    else:
                        n = requests or int(1.6 * args.n)
                        cmd = [sys.executable, "-c", FLOOR, server.url, ids, str(conc), str(n)]
                    wall, cpu = timed(cmd, env)
                    count, wire, peak = server.stats()
                    requests = requests or count
                    ideal = count * LATENCY_MS / 1000 / conc
                    rows.setdefault((name, conc), []).append((wall / ideal, wire / ideal, cpu, peak, wall))
            for name, path in installs.items():
                offline = [path, "check", first_id, "--offline", "--json"]
                start_cpu.setdefault(name, []).append(timed(offline, env)[1])
    finally:
        server.close()
    return rows, start_cpu


def report(
    args: argparse.Namespace, installs: dict[str, str], rows: Rows, start_cpu: dict[str, list[float]]
) -> None:
    load = os.getloadavg()
    print(f"# Batch, {args.n} txids, {LATENCY_MS:g} ms per answer; runs {args.runs}, interleaved")
    print(
        f"\n{time.strftime('%Y-%m-%d %H:%M')}, load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} "
        f"(1 / 5 / 15 min) at the end, {os.cpu_count()} CPUs\n"
    )
    print("| install | C | wall ÷ ideal | wire ÷ ideal | CPU/input (ms) | net of start-up (ms) | peak |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for (name, conc), vals in rows.items():
        wall_r = [v[0] for v in vals]
        wire_r = [v[1] for v in vals]
        cpu = med([v[2] for v in vals])
        net = cpu - med(start_cpu[name]) if name in start_cpu else cpu
        print(
            f"| {name} | {conc} | {med(wall_r):.2f} ({span(wall_r)}) | {med(wire_r):.2f} ({span(wire_r)}) "
            f"| {cpu / args.n * 1000:.2f} | {net / args.n * 1000:.2f} | {max(v[3] for v in vals)} |"
        )
    print()
    for name in installs:
        faster = [a[4] / b[4] for a, b in zip(rows[(name, 32)], rows[(name, 10)], strict=True)]
        print(
            f"- {name}: wall at 32 ÷ wall at 10 {med(faster):.2f} ({span(faster)}); "
            f"offline check's CPU (start-up) {med(start_cpu[name]) * 1000:.0f} ms"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--install", action="append", default=[], metavar="NAME=PATH")
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--floor", action="store_true", help="add a bare aiohttp client")
    parser.add_argument("--quick", action="store_true", help="20 inputs, once: proves it runs")
    args = parser.parse_args()
    installs = dict(i.split("=", 1) for i in args.install) or {"this": str(ROOT / ".venv/bin/txdoctor")}
    if args.quick:
        args.n, args.runs = 20, 1
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory() as tmp:
        env.update(TXDOCTOR_CONFIG=str(Path(tmp) / "none.toml"), TXDOCTOR_CACHE_DIR=str(Path(tmp) / "cache"))
        rows, start_cpu = measure(args, installs, env, str(Path(tmp) / "ids.txt"))
    report(args, installs, rows, start_cpu)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
