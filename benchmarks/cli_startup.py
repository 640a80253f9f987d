"""Start-up of the command line: today's argparse CLI against the same CLI written with typer.

The issue's rule (issue 8, item 22): use typer if an offline address check with a typer
CLI stays within 1.5× of today's start-up; otherwise keep argparse. Both run the same
command function on the same input (`check bc1q… --offline`, text and `--json`), as
whole processes, interleaved run by run so both see the same machine load; a bare
interpreter is measured alongside. Reported: medians, and the ratio typer ÷ argparse.

    .venv/bin/python benchmarks/cli_startup.py [--runs 25] [--out PATH]

Needs typer in the venv for the typer side (`.venv/bin/pip install typer`; not a
txdoctor dependency). Byte code is cached (a temporary PYTHONPYCACHEPREFIX, warmed
first), as for an installed package.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv/bin/python"
OUT = ROOT / "benchmarks/results/cli_startup.md"
ADDRESS = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"  # BIP173 test vector, P2WPKH
LIMIT = 1.5


def commands() -> dict[str, list[str]]:
    argparse_cli = [str(PYTHON), "-m", "txdoctor"]
    typer_cli = [str(PYTHON), str(ROOT / "benchmarks/typer_cli.py")]
    check = ["check", ADDRESS, "--offline"]
    return {
        "bare interpreter": [str(PYTHON), "-c", "pass"],
        "argparse, text": [*argparse_cli, *check],
        "typer, text": [*typer_cli, *check],
        "argparse, --json": [*argparse_cli, *check, "--json"],
        "typer, --json": [*typer_cli, *check, "--json"],
    }


def once(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one whole process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    assert proc.stderr is not None
    err = proc.stderr.read()
    proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {err!r}")
    return elapsed, usage.ru_utime + usage.ru_stime


def measure(runs: int, env: dict[str, str]) -> dict[str, list[tuple[float, float]]]:
    cmds = commands()
    for cmd in cmds.values():  # warm the byte-code cache
        once(cmd, env)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in cmds}
    for _ in range(runs):
        for name, cmd in cmds.items():
            times[name].append(once(cmd, env))
    return times


def report(times: dict[str, list[tuple[float, float]]], runs: int) -> str:
    wall = {name: statistics.median(w for w, _ in t) * 1000 for name, t in times.items()}
    cpu = {name: statistics.median(c for _, c in t) * 1000 for name, t in times.items()}
    lines = [
        "# Start-up: argparse (today) against typer",
        "",
        f"{time.strftime('%Y-%m-%d %H:%M')}, {platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; `check {ADDRESS[:10]}… --offline` "
        f"as a whole process, median of {runs} interleaved runs (ms). CPU = user + system time of "
        "the process: steadier than wall time on a busy machine.",
        "",
        "| command | wall | CPU | fastest wall |",
        "|---|---:|---:|---:|",
    ]
    for name, t in times.items():
        fastest = min(w for w, _ in t) * 1000
        lines.append(f"| {name} | {wall[name]:.0f} | {cpu[name]:.0f} | {fastest:.0f} |")
    lines.append("")
    for mode in ("text", "--json"):
        a, b = f"typer, {mode}", f"argparse, {mode}"
        ratio_wall, ratio_cpu = wall[a] / wall[b], cpu[a] / cpu[b]
        verdict = "within" if max(ratio_wall, ratio_cpu) <= LIMIT else "**over**"
        lines.append(
            f"- {mode}: typer ÷ argparse = {ratio_wall:.2f} (wall), {ratio_cpu:.2f} (CPU): "
            f"{verdict} the {LIMIT}× limit"
        )
    lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=25, help="runs per command (default 25)")
    parser.add_argument("--out", type=Path, default=OUT, help=f"Markdown file (default {OUT})")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "PYTHONPYCACHEPREFIX": tmp,
            "TXDOCTOR_CONFIG": str(Path(tmp) / "none.toml"),
            "PYTHONPATH": str(ROOT),
        }
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        times = measure(args.runs, env)
    text = report(times, args.runs)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
