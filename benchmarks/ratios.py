"""Issue 13's speed table in one run, every row as a ratio measured side by side.

Rows (each against servers on 127.0.0.1 only, whole processes as a user runs them):

  batch         1,000 txids at 50 ms latency, concurrency 10 and 32: wall ÷ ideal
                (requests × latency ÷ concurrency), and wall(32) ÷ wall(10)
  batch CPU     CPU time of the batch process per input at concurrency 10 (and net of start-up)
  vs curl       `txdoctor check <txid> --json` against `curl --parallel` sending the same requests
  vs cast       `txdoctor check <hash>` on anvil against the four `cast` commands, at 0 and 50 ms
  lookups       a txid found nowhere and a replaced txid at the default providers: round
                trips (waves of requests at 300 ms per answer) and requests
  start-up      an offline address check against a bare interpreter
  state cache   requests per diagnosis for single checks in a row, with and without the
                shared network-state cache on disk
  pending       round trips of a waiting tx's check with the fee state on disk (300 ms per answer)

Ratios are taken within one run, with the two sides interleaved, because the machines
are shared (2 cores, other jobs running): absolute times drift between runs, ratios much
less. Repeat the run and report the spread.

    .venv/bin/python benchmarks/ratios.py [--quick] [--repeat N] [--out PATH]

--quick (used by the test suite) runs every row on a small scale, once: it only proves
the benchmark works. Rows whose tool is missing (anvil/cast from scripts/install-tools,
curl) are reported as skipped.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from latency_proxy import DelayProxy  # noqa: E402

from tests.fakeserver import FakeEsplora  # noqa: E402

TXDOCTOR = ROOT / ".venv/bin/txdoctor"
ANVIL = ROOT / ".tools/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"
CAST = ROOT / ".tools/node_modules/@foundry-rs/cast-linux-amd64/bin/cast"
OUT = ROOT / "benchmarks/results/ratios.md"
ADDRESS = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"


@dataclass
class Row:
    name: str
    value: str  # the ratio or number
    goal: str
    detail: str = ""
    met: bool | None = None


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)

    def add(self, name: str, value: str, goal: str, detail: str = "", met: bool | None = None) -> None:
        self.rows.append(Row(name, value, goal, detail, met))
        print(f"  {name}: {value} (goal {goal}) {detail}", file=sys.stderr, flush=True)


def installed_copy(tmp: str) -> Path:
    """txdoctor installed as README.md installs it (`pip install .`, not editable), in a venv.

    The development venv's editable install puts setuptools' import hook in every start-up
    (~5 ms here); a user's install has none. The new venv sees the development venv's
    packages through a .pth line (no downloads); pip builds the wheel offline.
    """
    venv = Path(tmp) / "installed"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = next(venv.glob("lib/python3*/site-packages"))
    dev = next((ROOT / ".venv").glob("lib/python3*/site-packages"))
    (site / "dev-packages.pth").write_text(f"{dev}\n")
    subprocess.run(
        [
            str(venv / "bin/python"),
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    return venv / "bin/txdoctor"


def environment(tmp: str) -> dict[str, str]:
    """Byte-code caching on (as for an installed package), no user config, a private cache."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env = {k: v for k, v in env.items() if not k.startswith("TXDOCTOR_URL_")}
    env.update(
        PYTHONPYCACHEPREFIX=str(Path(tmp) / "pycache"),
        TXDOCTOR_CACHE_DIR=str(Path(tmp) / "cache"),
        TXDOCTOR_CONFIG=str(Path(tmp) / "no-config.toml"),
    )
    return env


def timed(
    cmd: list[str], env: dict[str, str], ok: Callable[[int], bool] = lambda c: c == 0
) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one whole process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, env=env, timeout=300, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if not ok(done.returncode) or b"Traceback" in done.stderr:
        raise SystemExit(f"{' '.join(cmd[:4])}… exited {done.returncode}: {done.stderr.decode()[-600:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def med(values: list[float]) -> float:
    return statistics.median(values)


def spread(values: list[float]) -> str:
    return f"{min(values):.2f}–{max(values):.2f}" if len(values) > 1 else f"{values[0]:.2f}"


# ------------------------------------------------------------------ rows


def batch_rows(report: Report, env: dict[str, str], n: int, repeat: int) -> None:
    import batch as batch_bench

    latency = 0.05
    ratio: dict[int, list[float]] = {10: [], 32: []}
    walls: dict[int, list[float]] = {10: [], 32: []}
    cpu10: list[float] = []
    with FakeEsplora(latency_ms=latency * 1000) as server, tempfile.TemporaryDirectory() as tmp:
        ids = batch_bench.serve(server, n)
        path = Path(tmp) / "ids.txt"
        path.write_text("\n".join(ids) + "\n")
        base = [str(TXDOCTOR), "check", "--file", str(path), "--json", "--no-cache"]
        base += ["--url", f"btc={server.base_url}"]
        # a warm-up batch of every kind of input: the byte code is compiled (into the empty
        # PYTHONPYCACHEPREFIX) before any run is measured, not in the first run's CPU
        warm = Path(tmp) / "warm.txt"
        warm.write_text("\n".join(ids[:5]) + "\n")
        timed([*base[:3], str(warm), *base[4:]], env)
        for _ in range(repeat):
            for conc in (10, 32):
                server.reset_stats()
                wall, cpu = timed([*base, "--concurrency", str(conc)], env)
                walls[conc].append(wall)
                ratio[conc].append(wall / (server.count() * latency / conc))
                if conc == 10:
                    cpu10.append(cpu)
        start_cpu = med(
            [timed([str(TXDOCTOR), "check", ids[0], "--offline", "--json"], env)[1] for _ in range(3)]
        )
    faster = [w32 / w10 for w10, w32 in zip(walls[10], walls[32], strict=True)]
    r32 = med(ratio[32])
    report.add(
        f"batch {n} txids, 50 ms, concurrency 32: wall ÷ ideal",
        f"{r32:.2f}",
        "≤ 1.2",
        f"runs {spread(ratio[32])}",
        r32 <= 1.2,
    )
    report.add(
        f"batch {n} txids, 50 ms, concurrency 10: wall ÷ ideal",
        f"{med(ratio[10]):.2f}",
        "—",
        f"runs {spread(ratio[10])}",
    )
    report.add(
        "batch wall, concurrency 32 ÷ 10",
        f"{med(faster):.2f}",
        "< 1",
        f"runs {spread(faster)}",
        med(faster) < 1,
    )
    per_input = med(cpu10) / n * 1000
    net = (med(cpu10) - start_cpu) / n * 1000
    report.add(
        "CPU per batch input, concurrency 10 (ms)",
        f"{per_input:.2f}",
        "≤ 1",
        f"net of start-up ({start_cpu * 1000:.0f} ms): {net:.2f} ms",
        per_input <= 1,
    )


def module_level_imports(body: list[Any]) -> list[str]:
    """Modules an import of this code runs: not in functions, not under `if TYPE_CHECKING`."""
    import ast

    names: list[str] = []
    for node in body:
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.append(node.module)
        elif isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            names += module_level_imports(node.orelse)
        elif isinstance(node, ast.If | ast.Try | ast.With | ast.ClassDef):
            for part in ("body", "orelse", "finalbody", "handlers"):
                names += module_level_imports(getattr(node, part, []))
        elif isinstance(node, ast.ExceptHandler):
            names += module_level_imports(node.body)
    return names


def stdlib_imported_by_txdoctor(args: list[str], env: dict[str, str]) -> list[str]:
    """The standard-library modules txdoctor's own modules import on `txdoctor ARGS`' path.

    Which txdoctor modules load comes from online_startup.modules (`-X importtime`); what
    each imports at module level, from its source (the import order hides a module another
    one loaded first). asyncio is left out: it is the event loop, not the code.
    """
    import ast

    from online_startup import modules

    stdlib = sys.stdlib_module_names
    found: set[str] = set()
    for name in modules(TXDOCTOR, args, env):
        base = ROOT / name.replace(".", "/")
        path = base / "__init__.py" if base.is_dir() else base.with_suffix(".py")
        found |= {
            n for n in module_level_imports(ast.parse(path.read_text()).body) if n.split(".")[0] in stdlib
        }
    return sorted(found - {"asyncio", "__future__"})


def interpreter() -> str:
    """The measured install's own Python (same site, same packages)."""
    return str(TXDOCTOR.parent / "python")


def curl_row(report: Report, env: dict[str, str], pairs: int) -> None:
    """The same requests as one txid check, sent by curl --parallel as one process.

    Then both again at 50 ms per answer. Three floors are timed in the first loop, so the
    row can be read: the same GETs sent by a Python process with txdoctor's HTTP stack and
    no diagnosis (asyncio + httpcore); with the standard library alone (`http.client` on
    threads); and the latter after importing the standard-library modules txdoctor's own
    code imports. They show what the interpreter and the libraries cost before txdoctor
    does anything.
    """
    import batch as batch_bench

    if shutil.which("curl") is None:
        report.add("online txid check ÷ curl --parallel", "skipped", "≤ 8", "no curl on PATH")
        return
    with FakeEsplora() as server:
        txid = batch_bench.serve(server, 1)[0]
        ours = [str(TXDOCTOR), "check", txid, "--json", "--no-cache", "--url", f"btc={server.base_url}"]
        server.reset_stats()
        timed(ours, env)
        urls = [f"http://127.0.0.1:{server.port}{e.path}" for e in server.log()]
        curl = ["curl", "--silent", "--parallel", "--parallel-max", "10", "--parallel-immediate"]
        for u in urls:
            curl += ["--output", "/dev/null", u]
        floors = ROOT / "benchmarks/floors"
        used = stdlib_imported_by_txdoctor(ours[1:], env)
        python = interpreter()
        cmds = {
            "txdoctor": ours,
            "curl": curl,
            "stack": [python, str(floors / "asyncio_httpcore.py"), *urls],
            "stdlib": [python, str(floors / "stdlib_threads.py"), *urls],
            "stdlib+": [python, str(floors / "stdlib_threads.py"), "--import", ",".join(used), *urls],
            "asyncio": [python, "-c", "import asyncio"],
        }
        times: dict[str, list[float]] = {k: [] for k in cmds}
        for _ in range(pairs):
            for name, cmd in cmds.items():
                times[name].append(timed(cmd, env)[0])
        # the same two at 50 ms per answer: what a user on a real network waits for
        server.latency_ms = 50
        slow: dict[str, list[float]] = {"txdoctor": [], "curl": []}
        for _ in range(pairs):
            for name in slow:
                slow[name].append(timed(cmds[name], env)[0])
    ms = {k: med(v) * 1000 for k, v in times.items()}
    at50 = {k: med(v) * 1000 for k, v in slow.items()}
    ratios = [a / b for a, b in zip(times["txdoctor"], times["curl"], strict=True)]
    r = ms["txdoctor"] / ms["curl"]
    report.add(
        "online txid check ÷ curl --parallel (same requests)",
        f"{r:.1f}",
        "≤ 8",
        f"{len(urls)} requests; {ms['txdoctor']:.0f} vs {ms['curl']:.0f} ms; pairs {spread(ratios)}",
        r <= 8,
    )
    report.add(
        "online txid check ÷ curl --parallel, 50 ms per answer",
        f"{at50['txdoctor'] / at50['curl']:.1f}",
        "—",
        f"{at50['txdoctor']:.0f} vs {at50['curl']:.0f} ms",
    )
    report.add(
        "floor: the same requests from asyncio + httpcore, no diagnosis ÷ curl",
        f"{ms['stack'] / ms['curl']:.1f}",
        "—",
        f"{ms['stack']:.0f} ms (benchmarks/floors/asyncio_httpcore.py); `import asyncio` alone "
        f"{ms['asyncio']:.0f} ms = {ms['asyncio'] / ms['curl']:.1f}× curl",
    )
    report.add(
        "floor: the same requests from the standard library on threads ÷ curl",
        f"{ms['stdlib'] / ms['curl']:.1f}",
        "—",
        f"{ms['stdlib']:.0f} ms (benchmarks/floors/stdlib_threads.py: http.client, no asyncio)",
    )
    report.add(
        "floor: the same, after the standard-library modules txdoctor's code imports ÷ curl",
        f"{ms['stdlib+'] / ms['curl']:.1f}",
        "—",
        f"{ms['stdlib+']:.0f} ms; {len(used)} modules: {', '.join(used)}",
    )
    report.add(
        "online txid check ÷ its own libraries' floor (asyncio + httpcore)",
        f"{ms['txdoctor'] / ms['stack']:.2f}",
        "—",
        f"txdoctor's own imports and work: {ms['txdoctor'] - ms['stack']:.0f} ms",
    )


def cast_rows(report: Report, env: dict[str, str], pairs: int) -> None:
    import evm_vs_cast

    if not (ANVIL.exists() and CAST.exists()):
        for lat in (0, 50):
            report.add(f"EVM check ÷ four cast commands, {lat} ms", "skipped", "", "no anvil/cast (.tools)")
        return
    proc, url = evm_vs_cast.start_anvil()
    try:
        tx_hash = str(
            evm_vs_cast.rpc(
                url,
                "eth_sendTransaction",
                {"from": evm_vs_cast.SENDER, "to": evm_vs_cast.RECIPIENT, "value": hex(10**16)},
            )
        )
        for lat, goal in ((0, 2.5), (50, 1.0)):
            with DelayProxy(url, lat / 1000) as proxy:
                ours, theirs = evm_vs_cast.commands(tx_hash, proxy.url)
                ours = [str(TXDOCTOR), *ours[1:]]
                t_ours, t_cast = [], []
                timed(ours, env)
                for _ in range(pairs):
                    t_ours.append(timed(ours, env)[0])
                    t_cast.append(sum(timed(c, env)[0] for c in theirs))
            r = med(t_ours) / med(t_cast)
            report.add(
                f"EVM check ÷ four cast commands, {lat} ms latency",
                f"{r:.2f}",
                f"≤ {goal:g}",
                f"{med(t_ours) * 1000:.0f} vs {med(t_cast) * 1000:.0f} ms",
                r <= goal,
            )
    finally:
        proc.terminate()
        proc.wait(5)


def lookup_rows(report: Report, env: dict[str, str], runs: int) -> None:
    """The two commonest slow cases at default providers, as check_latency.py measures them.

    Every built-in host is a fake server of its own (benchmarks/at_defaults.py); round
    trips are the waves of requests in the servers' log at 300 ms per answer.
    """
    import check_latency

    results, by_host = check_latency.measure_defaults(runs, env)
    for case, label in (
        ("not found, default providers", "txid not found"),
        ("replaced (242f3fff…), default providers", "txid replaced"),
    ):
        r = results[case]
        rounds, most = check_latency.GOALS[case]
        requests = max(one.requests for rs in r.runs.values() for one in rs)
        report.add(
            f"{label}, default providers: round trips, requests",
            f"{r.rounds}, {requests}",
            f"≤ {rounds:g}" + (f", ≤ {most}" if most is not None else ""),
            f"depth from wall times {r.depth:.2f}; by host: "
            + ", ".join(f"{h.split('//')[1]} {n}" for h, n in sorted(by_host[case].items())),
            r.rounds <= rounds and (most is None or requests <= most),
        )


def pending_row(report: Report, env: dict[str, str], runs: int) -> None:
    """A waiting Bitcoin tx checked again within the state TTL (the fee state on disk): the
    rounds of requests the check waited for, from the server's log at 300 ms (its package and
    first-seen time go out with /tx when the fee state costs nothing: issue 13)."""
    import batch as batch_bench
    from check_latency import waves

    rounds, counts = [], []
    with FakeEsplora(latency_ms=300) as server:
        pending = batch_bench.serve(server, 5)[4]  # a recorded unconfirmed RBF replacement
        cmd = [str(TXDOCTOR), "check", pending, "--json", "--url", f"btc={server.base_url}"]
        timed(cmd, env, ok=lambda c: c in (0, 1))  # the fee state goes on disk
        for _ in range(runs):
            server.reset_stats()
            timed(cmd, env, ok=lambda c: c in (0, 1))
            rounds.append(waves([e.arrived for e in server.log()], 300))
            counts.append(server.count())
    report.add(
        "unconfirmed tx, fee state on disk: round trips",
        f"{max(rounds)}",
        "1",
        f"{med([float(c) for c in counts]):.0f} requests; most over {runs} runs",
        max(rounds) <= 1,
    )


def startup_row(report: Report, env: dict[str, str], pairs: int) -> None:
    offline = [str(TXDOCTOR), "check", ADDRESS, "--offline"]
    bare = [interpreter(), "-c", "pass"]
    timed(offline, env)
    t_off, t_bare = [], []
    for _ in range(pairs):
        t_off.append(timed(offline, env)[0])
        t_bare.append(timed(bare, env)[0])
    report.add(
        "offline address check ÷ bare interpreter",
        f"{med(t_off) / med(t_bare):.1f}",
        "—",
        f"{med(t_off) * 1000:.0f} vs {med(t_bare) * 1000:.0f} ms (text report)",
    )


def state_cache_row(report: Report, env: dict[str, str], checks: int) -> None:
    """Single checks one after another (a support desk): requests per check with the network
    state shared on disk for a few seconds, and without (--no-cache)."""
    import batch as batch_bench

    with FakeEsplora() as server, tempfile.TemporaryDirectory() as cache:
        ids = batch_bench.serve(server, checks)
        counts: dict[str, float] = {}
        for label, extra in (("without", ["--no-cache"]), ("with", [])):
            server.reset_stats()
            run_env = {**env, "TXDOCTOR_CACHE_DIR": cache}
            for txid in ids:
                timed(
                    [str(TXDOCTOR), "check", txid, "--json", "--url", f"btc={server.base_url}", *extra],
                    run_env,
                )
            counts[label] = server.count() / len(ids)
    report.add(
        "requests per single check, shared network state on disk",
        f"{counts['with']:.1f}",
        "fewer",
        f"without: {counts['without']:.1f} ({checks} checks in a row)",
        counts["with"] < counts["without"],
    )


# ------------------------------------------------------------------ output


def markdown(report: Report, args: argparse.Namespace, seconds: float) -> str:
    mark = {True: "yes", False: "**no**", None: ""}
    lines = [
        "# Issue 13: speed ratios, one run",
        "",
        f"{time.strftime('%Y-%m-%d %H:%M')}, {platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} CPUs (shared with other jobs: ratios, not absolute times, are comparable), "
        f"load average {os.getloadavg()[0]:.1f} at the end; {'quick' if args.quick else 'full'} mode, "
        f"repeat {args.repeat}; {seconds:.0f} s; measured: `{TXDOCTOR}`.",
        "",
        "| row | measured | goal | met | detail |",
        "|---|---:|---:|:---:|---|",
    ]
    lines += [f"| {r.name} | {r.value} | {r.goal} | {mark[r.met]} | {r.detail} |" for r in report.rows]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="small and once: proves it runs")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--out", type=Path, default=None, help=f"Markdown file (default {OUT}; none in --quick)"
    )
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    parser.add_argument("--txdoctor", type=Path, help="the txdoctor to measure (for a before/after)")
    parser.add_argument(
        "--editable",
        action="store_true",
        help="measure .venv/bin/txdoctor (the editable install) rather than a fresh `pip install .`",
    )
    args = parser.parse_args(argv)
    global TXDOCTOR
    TXDOCTOR = args.txdoctor or TXDOCTOR
    repeat = 1 if args.quick else args.repeat
    t0 = time.monotonic()
    report = Report()
    with tempfile.TemporaryDirectory() as tmp:
        env = environment(tmp)
        if not (args.txdoctor or args.editable or args.quick):
            TXDOCTOR = installed_copy(tmp)
        pairs = 1 if args.quick else 5 * args.repeat
        batch_rows(report, env, 20 if args.quick else 1000, repeat)
        curl_row(report, env, pairs)
        cast_rows(report, env, pairs)
        startup_row(report, env, pairs)
        lookup_rows(report, env, 1 if args.quick else 3)
        pending_row(report, env, 1 if args.quick else 3)
        state_cache_row(report, env, 2 if args.quick else 10)
    text = markdown(report, args, time.monotonic() - t0)
    out = args.out or (None if args.quick else OUT)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text)
    print(json.dumps([r.__dict__ for r in report.rows]) if args.json else text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
