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

Default providers (issue 13): the same, but without `--url`, so that a bare txid is
searched on every network as a user's first check is. Each built-in host (mempool.space,
blockstream.info, litecoinspace.org, TronGrid and its Nile and Shasta endpoints) is a
fake server of its own (its own per-host limits), and the CLI runs through
benchmarks/at_defaults.py, which points the built-in URLs at them. Goals: a txid found
nowhere in ≤ 2 round trips and ≤ 15 requests; a replaced txid in ≤ 1.1 round trips.

    .venv/bin/python benchmarks/check_latency.py [--runs 7] [--offline-runs 15] [--out PATH]
                                                 [--only custom|defaults|offline]

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
AT_DEFAULTS = ROOT / "benchmarks/at_defaults.py"
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


DEFAULT_CASES = (
    Case("not found, default providers", MISSING, "not_found"),
    Case("replaced (242f3fff…), default providers", ORIGINAL, "replaced"),
    Case("confirmed, default providers", CONFIRMED["txid"], "confirmed"),
)
GOALS: dict[str, tuple[float, int | None]] = {  # issue 13: (round trips, requests)
    "not found, default providers": (2.0, 15),
    "replaced (242f3fff…), default providers": (1.1, None),
    "replaced (242f3fff…)": (1.1, None),
}


@dataclass
class Run:
    wall: float  # the whole process, seconds
    requests: int  # requests the server saw
    first: float  # from spawning the process to the server reading its first request
    wire: float  # from the first request read to the last answer sent (server clock)
    waves: int = 0  # round trips counted from the log: requests sent one latency or more apart


def waves(arrivals: list[float], latency_ms: float) -> int:
    """How many rounds of requests the client waited for (at a latency that dwarfs its own work)."""
    if latency_ms <= 0:
        return 0
    start = min(arrivals)
    return 1 + max(round((a - start) / (latency_ms / 1000)) for a in arrivals)


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
    def rounds(self) -> int:
        """Request rounds at L=300, from the log (the most over the runs)."""
        return max(r.waves for r in self.runs[300])

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


def now_block(number: int) -> dict[str, object]:
    """Hand-built: a TronGrid getnowblock answer with only the fields txdoctor reads."""
    return {
        "blockID": f"{number:016x}" + "0" * 48,
        "block_header": {"raw_data": {"number": number, "timestamp": 1713150600000}},
    }


class DefaultHosts:
    """One fake server per built-in host; ``hosts`` maps each real origin to its fake."""

    ESPLORA = ("https://mempool.space", "https://blockstream.info", "https://litecoinspace.org")
    TRON = ("https://api.trongrid.io", "https://nile.trongrid.io", "https://api.shasta.trongrid.io")

    def __init__(self) -> None:
        self.servers: dict[str, FakeEsplora] = {}

    def __enter__(self) -> DefaultHosts:
        for origin in self.ESPLORA:
            self.servers[origin] = FakeEsplora(base_path="/api").start()
        for origin in self.TRON:
            server = self.servers[origin] = FakeEsplora(base_path="").start()
            server.set_json("/wallet/gettransactionbyid", {})  # TronGrid: {} = unknown txid
            server.set_json("/wallet/gettransactioninfobyid", {})
            server.set_json("/wallet/getnowblock", now_block(60836308))
            server.set_json("/walletsolidity/getnowblock", now_block(60836290))
        mount(self.servers["https://mempool.space"])  # mainnet (base /api); other networks 404
        blockstream = self.servers["https://blockstream.info"]
        blockstream.set_text("blocks/tip/height", str(TIP))
        blockstream.add_tx(CONFIRMED)
        blockstream.missing_tx(ORIGINAL)
        blockstream.missing_tx(MISSING)
        return self

    def __exit__(self, *exc: object) -> None:
        for server in self.servers.values():
            server.stop()

    @property
    def hosts(self) -> dict[str, str]:
        return {origin: f"http://127.0.0.1:{s.port}" for origin, s in self.servers.items()}

    latency_ms = 0

    def set_latency(self, ms: int) -> None:
        self.latency_ms = ms
        for server in self.servers.values():
            server.latency_ms = ms

    def reset(self) -> float:
        for server in self.servers.values():
            server.reset_stats()
        return time.monotonic()

    def log(self) -> list[tuple[float, float, str]]:
        """Every server's log on one clock: (arrived, answered, host)."""
        out = []
        for origin, server in self.servers.items():
            offset = time.monotonic() - server.clock()
            out += [(e.arrived + offset, e.time + offset, origin) for e in server.log()]
        return out


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
    n = waves([e.arrived for e in log], server.latency_ms)
    return Run(elapsed, len(log), first - spawned, max(e.time for e in log) - first, n)


def check_at_defaults(hosts: DefaultHosts, case: Case, env: dict[str, str]) -> tuple[Run, dict[str, int]]:
    cmd = [str(PYTHON), str(AT_DEFAULTS), "check", case.txid, "--json", "--no-cache"]
    spawned = hosts.reset()
    elapsed, done = run(cmd, {**env, "TXDOCTOR_BENCH_HOSTS": json.dumps(hosts.hosts)})
    verdict = json.loads(done.stdout)["verdict"] if done.stdout.startswith("{") else None
    if verdict != case.verdict or "Traceback" in done.stderr:
        raise SystemExit(f"{case.name}: expected {case.verdict}, got {verdict}\n{done.stderr[-2000:]}")
    log = hosts.log()
    first = min(arrived for arrived, _, _ in log)
    by_host: dict[str, int] = {}
    for _, _, origin in log:
        by_host[origin] = by_host.get(origin, 0) + 1
    n = waves([a for a, _, _ in log], hosts.latency_ms)
    return Run(elapsed, len(log), first - spawned, max(t for _, t, _ in log) - first, n), by_host


def measure_defaults(runs: int, env: dict[str, str]) -> tuple[dict[str, Result], dict[str, dict[str, int]]]:
    results = {c.name: Result() for c in DEFAULT_CASES}
    by_host: dict[str, dict[str, int]] = {}
    with DefaultHosts() as hosts:
        for case in DEFAULT_CASES:
            check_at_defaults(hosts, case, env)
        for _ in range(runs):
            for latency in LATENCIES_MS:
                hosts.set_latency(latency)
                for case in DEFAULT_CASES:
                    one, by_host[case.name] = check_at_defaults(hosts, case, env)
                    results[case.name].runs.setdefault(latency, []).append(one)
    return results, by_host


def defaults_report(results: dict[str, Result], by_host: dict[str, dict[str, int]], runs: int) -> list[str]:
    lines = [
        "",
        "## Default providers: a bare txid searched on every network",
        "",
        "No `--url`: every built-in host is a fake server of its own (benchmarks/at_defaults.py "
        f"points the built-in URLs at them); median of {runs} runs.",
        "",
        "| case | L=0 | L=50 | L=300 | requests/check | by host (last run) | depth (round trips) "
        "| on the wire | request rounds | goal |",
        "|---|---:|---:|---:|---:|---|---:|---:|---:|---|",
    ]
    for case in DEFAULT_CASES:
        r = results[case.name]
        reqs = sorted({one.requests for rs in r.runs.values() for one in rs})
        hosts = ", ".join(f"{h.split('//')[1]} {n}" for h, n in sorted(by_host[case.name].items()))
        lines.append(
            f"| {case.name} | {ms(r.median(0))} | {ms(r.median(50))} | {ms(r.median(300))} "
            f"| {'/'.join(map(str, reqs))} | {hosts} | {r.depth:.2f} | {r.wire_depth:.2f} | {r.rounds} "
            f"| {goal_met(case.name, r, max(reqs))} |"
        )
    return lines


def goal_met(name: str, r: Result, requests: int) -> str:
    goal = GOALS.get(name)
    if goal is None:
        return ""
    depth, most = goal
    ok = r.rounds <= depth and (most is None or requests <= most)
    wanted = f"≤ {depth} round trips" + (f", ≤ {most} requests" if most is not None else "")
    return f"{wanted}: {'yes' if ok else '**no**'}"


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


def report(results: dict[str, Result], runs: int) -> list[str]:
    lines = [
        "## One provider: `--url btc=<fake>`",
        "",
        "| case | L=0 | L=50 | L=300 | requests/check | max in flight | depth (round trips) "
        "| ≤ 2.5? | on the wire | request rounds | first request after | goal |",
        "|---|---:|---:|---:|---:|---:|---:|:---:|---:|---:|---:|---|",
    ]
    for case in CASES:
        r = results[case.name]
        reqs = sorted({run.requests for runs in r.runs.values() for run in runs})
        lines.append(
            f"| {case.name} | {ms(r.median(0))} | {ms(r.median(50))} | {ms(r.median(300))} "
            f"| {'/'.join(map(str, reqs))} | {r.max_in_flight} | {r.depth:.2f} "
            f"| {'yes' if r.depth <= 2.5 else '**no**'} | {r.wire_depth:.2f} | {r.rounds} "
            f"| {ms(r.median(0, 'first'))} | {goal_met(case.name, r, max(reqs))} |"
        )
    lines += [
        "",
        "Times in ms. depth = (median wall time at L=300 − at L=0) / 0.3 s. *on the wire*: the "
        "same from the server's log (first request read → last answer sent), free of process "
        "start-up noise. *request rounds*: the waves of requests in the server log at L=300 "
        "(requests one latency apart are one round trip apart), the most over the runs; the "
        "goals are judged on it. *first request after*: from spawning the "
        "process to the server reading its first request, at L=0 (interpreter start-up, imports, "
        "option parsing).",
    ]
    return lines


def offline_report(t_address: list[float], t_bare: list[float]) -> list[str]:
    med_a, med_b = statistics.median(t_address), statistics.median(t_bare)
    return [
        "",
        "## Start-up",
        "",
        "| offline | median | min | max | < 200 ms? |",
        "|---|---:|---:|---:|:---:|",
        f"| `txdoctor check {ADDRESS[:10]}… --offline` ({len(t_address)} runs) | {ms(med_a)} "
        f"| {ms(min(t_address))} | {ms(max(t_address))} | {'yes' if med_a < 0.2 else '**no**'} |",
        f"| bare interpreter (`python -c pass`) | {ms(med_b)} | {ms(min(t_bare))} | {ms(max(t_bare))} | |",
    ]


def header(runs: int) -> list[str]:
    return [
        "# `txdoctor check`: round trips on the critical path",
        "",
        f"{time.strftime('%Y-%m-%d %H:%M')}, {platform.python_implementation()} "
        f"{platform.python_version()}, {os.cpu_count()} CPUs; fake Esplora servers on 127.0.0.1 "
        f"(tests/fakeserver.py) with L ms before every answer; `txdoctor check <txid> "
        f"--json --no-cache`, whole process, median of {runs} runs.",
        "",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=7, help="runs per case and latency (default 7)")
    parser.add_argument("--offline-runs", type=int, default=15, help="offline runs (default 15)")
    parser.add_argument("--out", type=Path, default=OUT, help=f"Markdown file (default {OUT})")
    parser.add_argument("--only", choices=("custom", "defaults", "offline"), help="run one part only")
    args = parser.parse_args(argv)
    lines = header(args.runs)
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        env = environment(tmp)
        if args.only in (None, "custom"):
            lines += report(measure(args.runs, env), args.runs)
        if args.only in (None, "defaults"):
            lines += defaults_report(*measure_defaults(args.runs, env), args.runs)
        if args.only in (None, "offline"):
            lines += offline_report(*offline(args.offline_runs, env))
    text = "\n".join([*lines, ""])
    print(text)
    print(f"({time.monotonic() - t0:.0f} s)", file=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
