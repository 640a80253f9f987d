"""A whole txdoctor batch with each HTTP client under txdoctor's own ``Http`` class (issue 13).

`benchmarks/http_clients.py` compares the clients on bare GETs; this runs the real thing —
`txdoctor check --file ids.txt --json` on 1,000 recorded transactions — in one process per
option, with only ``Http``'s transport swapped (its gate, pacing, retries, size caps and
status handling stay txdoctor's), and reports wall ÷ ideal and CPU per input:

    httpx         httpx, ⌈C ÷ 8⌉ pools of ≤ 16 connections taken in turn (a single check's client)
    aiohttp       aiohttp.ClientSession, raw chunks through the same capped inflater
                  (txdoctor.core.net.http_clients: a batch's client since issue 13)

The fake Esplora (tests/fakeserver.py) runs in its own process with L ms per answer.

    .venv/bin/python benchmarks/batch_clients.py [--n 1000] [--latency-ms 50] [--concurrency 10 32]
                                                 [--runs 3]
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SERVER = """
import sys
sys.path.insert(0, {root!r}); sys.path.insert(0, {bench!r})
import batch
from tests.fakeserver import FakeEsplora
with FakeEsplora(latency_ms={latency}) as s:
    ids = batch.serve(s, {n})
    open({ids!r}, "w").write("\\n".join(ids) + "\\n")
    print(s.base_url, flush=True)
    sys.stdin.read()
    print(s.count(), flush=True)
"""
OPTIONS = ("httpx", "aiohttp")


def run_option(option: str, ids: str, url: str, conc: int) -> None:
    """One batch in this process; prints wall, CPU (both from before the imports) and exit."""
    t0, c0 = time.perf_counter(), time.process_time()
    import txdoctor.batch
    from txdoctor import cli

    txdoctor.batch.BATCH_CLIENT = option  # what Options.http_client "auto" means for a batch

    sys.argv = ["txdoctor", "check", "--file", ids, "--json", "--no-cache"]
    sys.argv += ["--url", f"btc={url}", "--concurrency", str(conc)]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.app()
    verdicts: dict[str, int] = {}
    for line in out.getvalue().splitlines():
        v = json.loads(line)["verdict"]
        verdicts[v] = verdicts.get(v, 0) + 1
    print(json.dumps([time.perf_counter() - t0, time.process_time() - c0, code, verdicts]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[10, 32])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="20 inputs, once: proves it runs")
    parser.add_argument("--option", help=argparse.SUPPRESS)
    parser.add_argument("--ids", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.option:
        run_option(args.option, args.ids, args.url, args.concurrency[0])
        return 0
    if args.quick:
        args.n, args.runs, args.concurrency = 20, 1, [10]
    options = [o for o in OPTIONS if o != "aiohttp" or importlib.util.find_spec("aiohttp") is not None]
    with tempfile.TemporaryDirectory() as tmp:
        ids = str(Path(tmp) / "ids.txt")
        code = SERVER.format(
            root=str(ROOT), bench=str(ROOT / "benchmarks"), latency=args.latency_ms, n=args.n, ids=ids
        )
        server = subprocess.Popen(
            [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert server.stdout is not None and server.stdin is not None
        url = server.stdout.readline().strip()
        results: dict[tuple[int, str], list[tuple[float, float]]] = {}
        verdicts: dict[str, Any] = {}
        try:
            for _ in range(args.runs):
                for conc in args.concurrency:
                    for option in options:  # interleaved, run by run
                        cmd = [sys.executable, __file__, "--option", option, "--ids", ids, "--url", url]
                        cmd += ["--concurrency", str(conc)]
                        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
                        wall, cpu, _code, seen = json.loads(out)
                        verdicts.setdefault(option, seen)
                        if seen != verdicts[option] or seen != verdicts[options[0]]:
                            raise SystemExit(f"{option} gave other verdicts: {seen} vs {verdicts}")
                        results.setdefault((conc, option), []).append((wall, cpu))
        finally:
            server.stdin.close()
            requests = int(server.stdout.readline() or 0)
            server.wait(10)
    per_run = requests / (args.runs * len(args.concurrency) * len(options))
    print("| option | concurrency | wall ÷ ideal (median, range) | CPU per input (ms, median) |")
    print("|---|---:|---:|---:|")
    for (conc, option), vals in sorted(results.items()):
        ideal = per_run * args.latency_ms / 1000 / conc
        ratios = [w / ideal for w, _ in vals]
        cpu = statistics.median(c for _, c in vals) / args.n * 1000
        print(
            f"| {option} | {conc} | {statistics.median(ratios):.2f} ({min(ratios):.2f}–{max(ratios):.2f}) "
            f"| {cpu:.2f} |"
        )
    print(f"\n{args.n} inputs, {per_run:.0f} requests a run, {args.latency_ms:g} ms; verdicts {verdicts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
