"""How many network round trips a `txdoctor check <txid>` waits for (issue 2), and the offline start-up.

A fake Esplora/mempool.space server on 127.0.0.1 (tests/fakeserver.py) serves real recorded
answers (tests/fixtures/esplora) and waits L ms before every answer, L in {0, 50, 300}.
For four transactions, each a different path through the lookup:

    confirmed    20b98449…  (block 848136; tip 890448)
    unconfirmed  b6a53d8a…  (the RBF replacement: CPFP, RBF history, first seen)
    replaced     242f3fff…  (404, then the RBF history and the cached copy)
    not found    00…00      (404 everywhere; one provider, so no second explorer)

it runs `txdoctor check <txid> --url btc=<fake> --json --no-cache` as a whole process,
several times, and reports the median wall time, the requests the server saw per check,
the most requests the server had in flight at once, and the critical-path depth in round
trips: (median at 300 ms − median at 0 ms) / 0.3 s. It also times an offline address
check (`txdoctor check bc1q… --offline`) as a whole process, and a bare interpreter.

Targets (issue 2): at 300 ms a txid check takes at most ~2.5 round trips longer than at
0 ms; an offline address check takes well under 200 ms.

    .venv/bin/python benchmarks/check_latency.py [--runs 7] [--offline-runs 15] [--out PATH]

Byte-code caching is on (in a temporary directory), as for an installed package; the
user's config file and cache are not used.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.esplora_mock import load  # noqa: E402
from tests.fakeserver import FakeEsplora  # noqa: E402

TXDOCTOR = ROOT / ".venv/bin/txdoctor"
PYTHON = ROOT / ".venv/bin/python"
OUT = ROOT / "benchmarks/results/check_latency.md"
LATENCIES_MS = (0, 50, 300)
TIP = 890448
CONFIRMED = load("esplora/mempool_backend_txs_random_4.json")[2]  # block 848136
REPLACEMENT = load("esplora/mempool_tx_unconfirmed_rbf_replacement_b6a53d8a.json")
ORIGINAL = "242f3fff9ca7d5aea7a7a57d886f3fa7329e24fac948598a991b3a3dd631cd29"
MISSING = "00" * 32
ADDRESS = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"  # BIP173 test vector, P2WPKH


@dataclass(frozen=True)
class Case:
    name: str
    txid: str
    verdict: str  # what every run must answer


CASES = (
    Case("confirmed", CONFIRMED["txid"], "confirmed"),
    Case("unconfirmed (b6a53d8a…)", REPLACEMENT["txid"], "pending"),
    Case("replaced (242f3fff…)", ORIGINAL, "replaced"),
    Case("not found", MISSING, "not_found"),
)


@dataclass
class Run:
    wall: float  # the whole process, seconds
    requests: int  # requests the server saw
    first: float  # from spawning the process to the server reading its first request
    wire: float  # from the first request read to the last answer sent (server clock)


@dataclass
class Result:
    runs: dict[int, list[Run]] = field(default_factory=dict)  # by latency in ms
    max_in_flight: int = 0

    def median(self, latency: int, what: str = "wall") -> float:
        return statistics.median(float(getattr(r, what)) for r in self.runs[latency])

    @property
    def depth(self) -> float:
        """Round trips on the critical path, from whole-process times (the issue's measure)."""
        return (self.median(300) - self.median(0)) / 0.3

    @property
    def wire_depth(self) -> float:
        """The same from the server's log alone: free of process start-up noise."""
        return (self.median(300, "wire") - self.median(0, "wire")) / 0.3


def mount(server: FakeEsplora) -> None:
    """Everything the four cases need, from the recorded fixtures, on one server."""
    server.quiet_state(TIP)
    server.add_tx(CONFIRMED)
    rid = server.add_tx(REPLACEMENT)
    server.add_fixture(f"v1/cpfp/{rid}", "esplora/mempool_v1_cpfp_b6a53d8a_no_relatives.json")
    server.add_fixture(f"v1/tx/{rid}/rbf", "esplora/mempool_v1_tx_rbf_b6a53d8a.json")
    server.add_fixture(
        f"v1/transaction-times?txId[]={rid}", "esplora/mempool_v1_transaction_times_b6a53d8a.json"
    )
    server.missing_tx(ORIGINAL)
    server.add_fixture(f"v1/tx/{ORIGINAL}/rbf", "esplora/mempool_v1_tx_rbf_242f3fff.json")
    server.add_fixture(
        f"v1/tx/{ORIGINAL}/cached", "esplora/mempool_tx_unconfirmed_rbf_original_242f3fff.json"
    )
    server.missing_tx(MISSING)


def environment(tmp: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k != "PYTHONDONTWRITEBYTECODE" and not k.startswith("TXDOCTOR_URL_")
    }
    env.update(
        PYTHONPYCACHEPREFIX=str(Path(tmp) / "pycache"),
        TXDOCTOR_CACHE_DIR=str(Path(tmp) / "cache"),
        TXDOCTOR_CONFIG=str(Path(tmp) / "no-config.toml"),
    )
    return env


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    t0 = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=60)
    return time.perf_counter() - t0, done


def check(server: FakeEsplora, case: Case, env: dict[str, str]) -> Run:
    cmd = [str(TXDOCTOR), "check", case.txid, "--url", f"btc={server.base_url}", "--json", "--no-cache"]
    server.reset_stats()
    spawned = server.clock()
    elapsed, done = run(cmd, env)
    verdict = json.loads(done.stdout)["verdict"] if done.stdout.startswith("{") else None
    if verdict != case.verdict or "Traceback" in done.stderr:
        raise SystemExit(f"{case.name}: expected {case.verdict}, got {verdict}\n{done.stderr[-2000:]}")
    log = server.log()
    first = min(e.arrived for e in log)
    return Run(elapsed, len(log), first - spawned, max(e.time for e in log) - first)


def measure(runs: int, env: dict[str, str]) -> dict[str, Result]:
    results = {c.name: Result() for c in CASES}
    with FakeEsplora() as server:
        mount(server)
        for case in CASES:  # warm the byte-code and file caches
            check(server, case, env)
        for _ in range(runs):
            for latency in LATENCIES_MS:  # interleaved, so load drift hits every cell alike
                server.latency_ms = latency
                for case in CASES:
                    r = results[case.name]
                    r.runs.setdefault(latency, []).append(check(server, case, env))
                    r.max_in_flight = max(r.max_in_flight, server.stats.max_in_flight)
    return results


def offline(runs: int, env: dict[str, str]) -> tuple[list[float], list[float]]:
    address = [str(TXDOCTOR), "check", ADDRESS, "--offline"]
    bare = [str(PYTHON), "-c", "pass"]
    run(address, env)
    t_address, t_bare = [], []
    for _ in range(runs):
        elapsed, done = run(address, env)
        if done.returncode != 0:
            raise SystemExit(f"offline check failed ({done.returncode}): {done.stdout}{done.stderr}")
        t_address.append(elapsed)
        t_bare.append(run(bare, env)[0])
    return t_address, t_bare


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def report(results: dict[str, Result], t_address: list[float], t_bare: list[float], runs: int) -> str:
    lines = [
        "# `txdoctor check`: round trips on the critical path",
        "",
        f"{time.strftime('%Y-%m-%d %H:%M')}, {platform.python_implementation()} "
        f"{platform.python_version()}, {os.cpu_count()} CPUs; fake Esplora on 127.0.0.1 "
        f"(tests/fakeserver.py) with L ms before every answer; `txdoctor check <txid> "
        f"--url btc=<fake> --json --no-cache`, whole process, median of {runs} runs.",
        "",
        "| case | L=0 | L=50 | L=300 | requests/check | max in flight | depth (round trips) "
        "| ≤ 2.5? | on the wire | first request after |",
        "|---|---:|---:|---:|---:|---:|---:|:---:|---:|---:|",
    ]
    for case in CASES:
        r = results[case.name]
        reqs = sorted({run.requests for runs in r.runs.values() for run in runs})
        lines.append(
            f"| {case.name} | {ms(r.median(0))} | {ms(r.median(50))} | {ms(r.median(300))} "
            f"| {'/'.join(map(str, reqs))} | {r.max_in_flight} | {r.depth:.2f} "
            f"| {'yes' if r.depth <= 2.5 else '**no**'} | {r.wire_depth:.2f} | {ms(r.median(0, 'first'))} |"
        )
    med_a, med_b = statistics.median(t_address), statistics.median(t_bare)
    lines += [
        "",
        "Times in ms. depth = (median wall time at L=300 − at L=0) / 0.3 s. *on the wire*: the "
        "same from the server's log (first request read → last answer sent), free of process "
        "start-up noise. *first request after*: from spawning the process to the server reading "
        "its first request, at L=0 (interpreter start-up, imports, option parsing).",
        "",
        "| offline | median | min | max | < 200 ms? |",
        "|---|---:|---:|---:|:---:|",
        f"| `txdoctor check {ADDRESS[:10]}… --offline` ({len(t_address)} runs) | {ms(med_a)} "
        f"| {ms(min(t_address))} | {ms(max(t_address))} | {'yes' if med_a < 0.2 else '**no**'} |",
        f"| bare interpreter (`python -c pass`) | {ms(med_b)} | {ms(min(t_bare))} | {ms(max(t_bare))} | |",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=7, help="runs per case and latency (default 7)")
    parser.add_argument("--offline-runs", type=int, default=15, help="offline runs (default 15)")
    parser.add_argument("--out", type=Path, default=OUT, help=f"Markdown file (default {OUT})")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        env = environment(tmp)
        t0 = time.monotonic()
        results = measure(args.runs, env)
        t_address, t_bare = offline(args.offline_runs, env)
    text = report(results, t_address, t_bare, args.runs)
    print(text)
    print(f"({time.monotonic() - t0:.0f} s)", file=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
