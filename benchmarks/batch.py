"""Issue 4's measurement: 1,000 txids in one run against a local Esplora with 50 ms latency.

Reports wall time, requests per input, and the ratio to the ideal for the concurrency
(requests × latency ÷ concurrency); also the time per input of a single check vs in a
batch. The inputs are real recorded transactions (tests/fixtures/esplora) served under
distinct ids. Everything talks to 127.0.0.1 only.

    .venv/bin/python benchmarks/batch.py [--n 1000] [--latency-ms 50]
"""

from __future__ import annotations

import argparse
import copy
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.esplora_mock import load  # noqa: E402
from tests.fakeserver import FakeEsplora  # noqa: E402

TXDOCTOR = ROOT / ".venv" / "bin" / "txdoctor"
TIP = 890448
SHARED_PATHS = ("blocks/tip/height", "v1/fees/recommended", "v1/fees/mempool-blocks", "mempool")


def recorded_txs() -> list[dict[str, Any]]:
    random4 = load("esplora/mempool_backend_txs_random_4.json")
    return [
        random4[2],  # confirmed, block 848136
        random4[3],  # confirmed, block 850000
        load("esplora/mempool_backend_tx_nonstandard_annex.json")[0],  # confirmed taproot
        random4[0],  # unconfirmed
        load("esplora/mempool_tx_unconfirmed_rbf_replacement_b6a53d8a.json"),  # unconfirmed
    ]


def serve(server: FakeEsplora, n: int) -> list[str]:
    server.quiet_state(TIP)
    txs = recorded_txs()
    ids = []
    for i in range(n):
        tx = copy.deepcopy(txs[i % len(txs)])
        tx["txid"] = f"{i + 1:064x}"
        server.add_tx(tx)
        ids.append(tx["txid"])
    return ids


def run(args: list[str], env: dict[str, str]) -> tuple[float, int]:
    start = time.perf_counter()
    proc = subprocess.run([str(TXDOCTOR), *args], capture_output=True, text=True, env=env, check=False)
    return time.perf_counter() - start, proc.returncode


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[10, 32])
    parser.add_argument("--single-runs", type=int, default=5)
    opts = parser.parse_args()
    latency = opts.latency_ms / 1000
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "", "TXDOCTOR_CONFIG": "/nonexistent"}
    rows = []
    with FakeEsplora(latency_ms=opts.latency_ms) as server, tempfile.TemporaryDirectory() as tmp:
        ids = serve(server, opts.n)
        path = Path(tmp) / "ids.txt"
        path.write_text("\n".join(ids) + "\n")
        url = f"btc={server.base_url}"
        for conc in opts.concurrency:
            server.reset_stats()
            wall, code = run(
                [
                    "check",
                    "--file",
                    str(path),
                    "--json",
                    "--no-cache",
                    "--url",
                    url,
                    "--concurrency",
                    str(conc),
                ],
                env,
            )
            requests = server.count()
            shared = sum(server.count(p) for p in SHARED_PATHS)
            ideal = requests * latency / conc
            rows.append((conc, wall, code, requests, shared, ideal, server.stats.max_in_flight))
        single = []
        for i in range(opts.single_runs):
            server.reset_stats()
            wall, _ = run(["check", ids[i % len(ids)], "--json", "--no-cache", "--url", url], env)
            single.append((wall, server.count()))
    lines = [
        f"# Batch: {opts.n} txids, {opts.latency_ms:g} ms latency per request",
        "",
        f"{time.strftime('%Y-%m-%d %H:%M')}, CPython {sys.version.split()[0]}, {os.cpu_count()} CPUs; "
        "fake Esplora on 127.0.0.1 (tests/fakeserver.py); `txdoctor check --file ids.txt --json "
        "--no-cache --url btc=<fake> --concurrency C`, whole process. Inputs: 5 real recorded "
        "transactions (3 confirmed, 2 unconfirmed) served under distinct ids.",
        "",
        "| concurrency | wall (s) | exit | requests | requests/input | shared-state requests | "
        "ideal (s) | wall ÷ ideal | max in flight (server) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for conc, wall, code, requests, shared, ideal, max_in_flight in rows:
        lines.append(
            f"| {conc} | {wall:.2f} | {code} | {requests} | {requests / opts.n:.2f} | {shared} | "
            f"{ideal:.2f} | {wall / ideal:.2f} | {max_in_flight} |"
        )
    single_wall = statistics.median(w for w, _ in single)
    batch_best = min(r[1] for r in rows)
    lines += [
        "",
        "ideal = requests × latency ÷ concurrency. *shared-state requests*: tip height, fee levels, "
        "projected blocks and mempool size, fetched once per run.",
        "",
        "| per input | time |",
        "|---|---:|",
        f"| a single `txdoctor check` (median of {len(single)}; {single[0][1]} requests) | "
        f"{single_wall * 1000:.0f} ms |",
        f"| in the batch (best wall ÷ {opts.n}) | {batch_best / opts.n * 1000:.1f} ms |",
    ]
    text = "\n".join(lines) + "\n"
    out = ROOT / "benchmarks" / "results" / "batch.md"
    out.parent.mkdir(exist_ok=True)
    out.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
