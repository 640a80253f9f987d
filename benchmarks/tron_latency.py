"""How many round trips and requests a TRON check waits for, for one or more source trees side by side.

Fake TronGrid servers on 127.0.0.1 (tests/fakeserver.py) serve the recorded answers of
tests/fixtures/tron/mainnet and wait L ms before every answer, L in {0, 300}. Each case is a
different path through the TRON family:

    confirmed     661f1df8…  a USDT transfer: transaction, execution info, tip, solidified tip
    failed (OOE)  e63a324a…  OUT_OF_ENERGY: + chain parameters, the sender's account and
                             resources, the recipient's balanceOf, USDT's isBlackListed
    not found     00…00      (--url: only the asked network)
    not found, --chain tron at the default providers: Nile and Shasta searched as well
                  (benchmarks/at_defaults.py points the built-in hosts at fake servers)
    address       TZ4UXDV5…  getaccount, + resources, chain parameters, isBlackListed

It runs `python -m txdoctor check … --json --no-cache` as a whole process with each tree
first on PYTHONPATH (default: this checkout), alternating trees run by run so that both see
the same load, and reports per tree the requests per check, the request rounds at 300 ms
(from the servers' logs) and the depth in round trips from wall times
((median at 300 ms − median at 0 ms) / 0.3 s).

    .venv/bin/python benchmarks/tron_latency.py [--runs 5] [--tree NAME=PATH ...] [--no-defaults]

A tree made with `git archive <commit> txdoctor | tar -x -C DIR` measures an older commit
with this checkout's venv and fixtures.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from check_latency import DefaultHosts, environment, now_block, waves  # noqa: E402

from tests.fakeserver import FakeEsplora  # noqa: E402

FIXTURES = ROOT / "tests/fixtures/tron/mainnet"
PYTHON = ROOT / ".venv/bin/python"
AT_DEFAULTS = ROOT / "benchmarks/at_defaults.py"
LATENCIES_MS = (0, 300)
USDT_TX = "661f1df88ce02b746efe7449c3c7a04d6d21a7fc019723c92679228d8275ad57"
OOE_TX = "e63a324a43aebfe41273db4f7fdfe325b2257b4f5711595a5fc0f8a75cf1b481"
MISSING = "00" * 32
ADDRESS = "TZ4UXDV5ZhNW7fb2AMSbgfAEZ7hWsnYS2g"  # the recorded getaccount answer's account


def load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


@dataclass(frozen=True)
class Case:
    name: str
    args: tuple[str, ...]
    verdict: str
    answers: dict[str, str | dict[str, Any]]  # path → fixture name or JSON body
    defaults: bool = False  # at the built-in providers (benchmarks/at_defaults.py), not --url


TIPS: dict[str, str | dict[str, Any]] = {
    "/wallet/getnowblock": now_block(60836308),
    "/walletsolidity/getnowblock": now_block(60836290),
}
CALLS: dict[str, str | dict[str, Any]] = {
    "/wallet/getchainparameters": "getchainparameters_energy420_edge.json",
    "/wallet/getaccount": "getaccount_ordinary_permissions_tatum_docs.json",
    "/wallet/getaccountresource": "getaccountresource_tatum_docs.json",
    "/wallet/triggerconstantcontract": "triggerconstantcontract_isblacklisted_false_derived.json",
}
CASES = (
    Case(
        "confirmed (661f1df8…)",
        ("check", USDT_TX, "--chain", "tron"),
        "confirmed",
        {
            "/wallet/gettransactionbyid": "gettransactionbyid_usdt_transfer_661f1df8.json",
            "/wallet/gettransactioninfobyid": "gettransactioninfobyid_usdt_transfer_success_661f1df8.json",
            **TIPS,
        },
    ),
    Case(
        "failed, OUT_OF_ENERGY (e63a324a…)",
        ("check", OOE_TX, "--chain", "tron"),
        "failed",
        {
            "/wallet/gettransactionbyid": "gettransactionbyid_out_of_energy_e63a324a_handbuilt.json",
            "/wallet/gettransactioninfobyid": "gettransactioninfobyid_out_of_energy_e63a324a.json",
            "/wallet/getnowblock": now_block(66860030),  # its block is 66860010
            "/walletsolidity/getnowblock": now_block(66860012),
            **CALLS,
        },
    ),
    Case(
        "not found (--url)",
        ("check", MISSING, "--chain", "tron"),
        "not_found",
        {"/wallet/gettransactionbyid": {}, "/wallet/gettransactioninfobyid": {}, **TIPS},
    ),
    Case("not found, default providers", ("check", MISSING, "--chain", "tron"), "not_found", {}, True),
    Case("address (TZ4UXDV5…)", ("check", ADDRESS, "--chain", "tron"), "valid", CALLS),
)


@dataclass
class Result:
    walls: dict[int, list[float]] = field(default_factory=dict)
    requests: set[int] = field(default_factory=set)
    rounds: int = 0

    def median(self, latency: int) -> float:
        return statistics.median(self.walls[latency])

    @property
    def depth(self) -> float:
        return (self.median(300) - self.median(0)) / 0.3


def serve(case: Case) -> FakeEsplora:
    server = FakeEsplora(base_path="").start()
    for path, answer in case.answers.items():
        server.set_json(path, load(answer) if isinstance(answer, str) else answer)
    return server


def one(case: Case, tree: Path, env: dict[str, str], server: Any) -> tuple[float, int, int]:
    """Wall time, requests and request rounds of one check."""
    env = {**env, "PYTHONPATH": str(tree)}
    if case.defaults:
        cmd = [str(PYTHON), str(AT_DEFAULTS), *case.args, "--json", "--no-cache"]
        env["TXDOCTOR_BENCH_HOSTS"] = json.dumps(server.hosts)
        server.reset()
    else:
        cmd = [str(PYTHON), "-m", "txdoctor", *case.args, "--url", f"tron={server.base_url}"]
        cmd += ["--json", "--no-cache"]
        server.reset_stats()
    t0 = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=60, cwd=tree)
    wall = time.perf_counter() - t0
    verdict = json.loads(done.stdout)["verdict"] if done.stdout.startswith("{") else None
    if verdict != case.verdict or "Traceback" in done.stderr:
        raise SystemExit(
            f"{tree}: {case.name}: expected {case.verdict}, got {verdict}\n{done.stderr[-2000:]}"
        )
    log = server.log()
    arrivals = [e[0] for e in log] if case.defaults else [e.arrived for e in log]
    return wall, len(arrivals), waves(arrivals, server.latency_ms) if arrivals else 0


def measure(trees: dict[str, Path], runs: int, env: dict[str, str]) -> dict[tuple[str, str], Result]:
    results = {(t, c.name): Result() for t in trees for c in CASES}
    with DefaultHosts() as hosts:
        servers = {c.name: hosts if c.defaults else serve(c) for c in CASES}
        try:
            for latency in LATENCIES_MS:
                hosts.set_latency(latency)
                for s in servers.values():
                    s.latency_ms = latency
                for run in range(runs + 1):  # the first round warms the byte-code caches
                    for case in CASES:
                        for name, tree in trees.items():
                            wall, requests, rounds = one(case, tree, env, servers[case.name])
                            if run == 0:
                                continue
                            r = results[(name, case.name)]
                            r.walls.setdefault(latency, []).append(wall)
                            r.requests.add(requests)
                            if latency == 300:
                                r.rounds = max(r.rounds, rounds)
        finally:
            for s in servers.values():
                if isinstance(s, FakeEsplora):
                    s.stop()
    return results


def report(trees: dict[str, Path], results: dict[tuple[str, str], Result], runs: int) -> list[str]:
    lines = [
        f"TRON checks, median of {runs} runs per tree, trees alternating run by run "
        f"(load average {os.getloadavg()[0]:.1f}).",
        "",
        "| case | tree | L=0 | L=300 | requests/check | request rounds (L=300) | depth (round trips) |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for case in CASES:
        for name in trees:
            r = results[(name, case.name)]
            reqs = "/".join(map(str, sorted(r.requests)))
            lines.append(
                f"| {case.name} | {name} | {r.median(0) * 1000:.0f} ms | {r.median(300) * 1000:.0f} ms "
                f"| {reqs} | {r.rounds} | {r.depth:.2f} |"
            )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--tree", action="append", default=[], help="NAME=PATH of a source tree")
    parser.add_argument("--no-defaults", action="store_true", help="skip the default-providers case")
    args = parser.parse_args(argv)
    if args.no_defaults:  # benchmarks/at_defaults.py follows this checkout's layout, not an old tree's
        global CASES
        CASES = tuple(c for c in CASES if not c.defaults)
    trees = {"this": ROOT} if not args.tree else {}
    for item in args.tree:
        name, _, path = item.partition("=")
        trees[name] = Path(path).resolve()
    with tempfile.TemporaryDirectory() as tmp:
        results = measure(trees, args.runs, environment(tmp))
    print("\n".join(report(trees, results, args.runs)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
