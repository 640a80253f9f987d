"""The benchmarks run (CI checks only that; their numbers are read by people, docs/benchmarks.md)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ratios_benchmark_runs_in_quick_mode() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks/ratios.py"), "--quick", "--json"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    rows = json.loads(done.stdout)
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
        for row in ("asyncio + httpcore, no diagnosis", "standard library on threads", "libraries' floor"):
            assert row in names, row


def test_batch_clients_benchmark_runs_in_quick_mode() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks/batch_clients.py"), "--quick"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "| httpx | 10 |" in done.stdout and "| aiohttp | 10 |" in done.stdout


def test_online_startup_benchmark_runs() -> None:
    """Two installs (here the same one twice) side by side, with curl when it is there."""
    txdoctor = ROOT / ".venv/bin/txdoctor"
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks/online_startup.py"),
            "--pairs",
            "2",
            "--base",
            f"other={txdoctor}",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "this ÷ other, wall" in done.stdout and "first request, this ÷ other" in done.stdout
    assert "txdoctor modules" in done.stdout


def test_batch_versus_benchmark_runs_in_quick_mode() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks/batch_versus.py"), "--quick", "--floor"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "| this | 10 |" in done.stdout and "| this | 32 |" in done.stdout
    assert "| bare aiohttp | 32 |" in done.stdout
