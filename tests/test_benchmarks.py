"""The benchmarks run (CI checks only that; their numbers are read by people, docs/benchmarks.md)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def bench(script: str, *args: str) -> str:
    """Run benchmarks/SCRIPT with ARGS; its standard output, once it has exited 0."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / script), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_ratios_benchmark_runs_in_quick_mode() -> None:
    rows = json.loads(bench("ratios.py", "--quick", "--json"))
    names = " ".join(r["name"] for r in rows)
    for row in (
        "concurrency 32",
        "CPU per batch input",
        "curl --parallel",
        "cast commands, 0 ms",
        "cast commands, 50 ms",
        "bare interpreter",
        "shared network state",
        "unconfirmed tx, fee state on disk",
        "txid not found, default providers",
        "txid replaced, default providers",
    ):
        assert row in names, row
    assert all(r["value"] for r in rows)
    if shutil.which("curl"):  # the floors are timed beside curl, in the same loop
        for row in (
            "50 ms per answer",
            "asyncio + httpcore, no diagnosis",
            "standard library on threads",
            "libraries' floor",
        ):
            assert row in names, row


def test_batch_clients_benchmark_runs_in_quick_mode() -> None:
    out = bench("batch_clients.py", "--quick")
    assert "| httpx | 10 |" in out and "| aiohttp | 10 |" in out


def test_online_startup_benchmark_runs() -> None:
    """Two installs (here the same one twice) side by side, with curl when it is there."""
    txdoctor = ROOT / ".venv/bin/txdoctor"
    out = bench("online_startup.py", "--pairs", "2", "--base", f"other={txdoctor}")
    assert "this ÷ other, wall" in out and "first request, this ÷ other" in out
    assert "txdoctor modules" in out


def test_batch_versus_benchmark_runs_in_quick_mode() -> None:
    out = bench("batch_versus.py", "--quick", "--floor")
    assert "| this | 10 |" in out and "| this | 32 |" in out
    assert "| bare aiohttp | 32 |" in out
