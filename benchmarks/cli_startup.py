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


def once(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=ROOT)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stdout}{done.stderr}")
    return elapsed


def measure(runs: int, env: dict[str, str]) -> dict[str, list[float]]:
    cmds = commands()
    for cmd in cmds.values():  # warm the byte-code cache
        once(cmd, env)
    times: dict[str, list[float]] = {name: [] for name in cmds}
    for _ in range(runs):
        for name, cmd in cmds.items():
            times[name].append(once(cmd, env))
    return times


def report(times: dict[str, list[float]], runs: int) -> str:
    med = {name: statistics.median(t) * 1000 for name, t in times.items()}
    lines = [
        "# Start-up: argparse (today) against typer",
        "",
        f"{time.strftime('%Y-%m-%d %H:%M')}, {platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} CPUs; `check {ADDRESS[:10]}… --offline` as a whole process, "
        f"median of {runs} interleaved runs (ms).",
        "",
        "| command | median | min | max |",
        "|---|---:|---:|---:|",
    ]
    for name, t in times.items():
        lines.append(f"| {name} | {med[name]:.0f} | {min(t) * 1000:.0f} | {max(t) * 1000:.0f} |")
    lines.append("")
    for mode in ("text", "--json"):
        ratio = med[f"typer, {mode}"] / med[f"argparse, {mode}"]
        verdict = "within" if ratio <= LIMIT else "**over**"
        lines.append(f"- {mode}: typer ÷ argparse = {ratio:.2f} ({verdict} the {LIMIT}× limit)")
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
