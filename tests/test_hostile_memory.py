"""Memory and time under hostile answers, measured on a real process (issue 8, item 12).

Each case runs ``python -m txdoctor`` as a subprocess against fake servers on loopback and
reads its own peak RSS (``os.wait4`` in a small parent, see MEASURE): at most 150 MB for a single
check, 300 MB for a batch. A watchdog kills a run that hangs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from tests.fakeserver import FakeEsplora, fake_servers
from tests.hostile import BTC_TXID, ESPLORA, EVM, Case, gzip_answer

SINGLE_MB = 150
BATCH_MB = 300
WATCHDOG_S = 120.0


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    peak_mb: float


# A small Python process forks txdoctor and reports the grandchild's own peak RSS. Measured
# straight from the test process, ru_maxrss starts at the test process's RSS (Linux keeps the
# high-water mark of the memory a child had before exec, and subprocess's vfork shares ours):
# 275 MB "peak" for every run late in a full suite, whatever txdoctor did.
MEASURE = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.executable, [sys.executable, "-m", "txdoctor", *sys.argv[1:]])
_, status, usage = os.wait4(pid, 0)
sys.stderr.write(f"\\n@@measured {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}\\n")
"""


def run_measured(args: list[str], stdin: str = "") -> Run:
    """``python -m txdoctor ARGS`` in a grandchild process; its exit code, output and peak RSS."""
    import signal

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as inp:
        inp.write(stdin.encode())
        inp.seek(0)
        proc = subprocess.Popen(
            [sys.executable, "-c", MEASURE, *args],
            stdin=inp,
            stdout=out,
            stderr=err,
            env=os.environ.copy(),
            start_new_session=True,
        )
        timer = threading.Timer(WATCHDOG_S, lambda: os.killpg(proc.pid, signal.SIGKILL))
        timer.start()
        try:
            proc.wait()
        finally:
            timer.cancel()
        assert proc.returncode != -9, f"killed by the watchdog after {WATCHDOG_S} s (a hang)"
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8"), err.read().decode("utf-8")
    stderr, _, measured = stderr.rpartition("\n@@measured ")
    kb, code = (int(x) for x in measured.split())
    assert "Traceback" not in stdout + stderr, stderr[-2000:]
    print(f"peak RSS {kb / 1024:.0f} MB, exit {code}: {' '.join(args)[:60]}")
    return Run(code, stdout, stderr, kb / 1024)


def results(run: Run) -> list[dict[str, Any]]:
    def refuse(name: str) -> Any:
        raise AssertionError(f"{name} in JSON output")

    return [json.loads(line, parse_constant=refuse) for line in run.stdout.splitlines()]


@pytest.fixture
def make() -> Iterator[Callable[..., FakeEsplora]]:
    with fake_servers() as factory:
        yield factory


def bomb_server(make: Callable[..., FakeEsplora], base_path: str = "/api") -> str:
    """Every path answers a 1 MB gzip body that inflates to 1 GiB."""
    server = make(base_path=base_path)
    server.set_default(gzip_answer(1024))
    return server.base_url


def test_gzip_bomb_single_check(make: Callable[..., FakeEsplora]) -> None:
    run = run_measured(ESPLORA.args(bomb_server(make), ESPLORA.serve(make)))
    (result,) = results(run)
    assert (result["verdict"], run.code) == ("confirmed", 0)
    assert "answer too large" in json.dumps(result["findings"])
    assert run.peak_mb <= SINGLE_MB, f"{run.peak_mb:.0f} MB"


def test_gzip_bomb_batch(make: Callable[..., FakeEsplora]) -> None:
    """64 inputs, every request of the first provider a bomb: at most 300 MB, one result each."""
    txids = [BTC_TXID] + [f"{n:064x}" for n in range(1, 64)]
    args = ["check", "-", "--json", "--no-cache", "--chain", "btc"]
    args += ["--url", f"btc={bomb_server(make)}", "--url", f"btc={ESPLORA.serve(make)}", "--timeout", "5"]
    run = run_measured(args, stdin="\n".join(txids) + "\n")
    out = results(run)
    assert [r["input"] for r in out] == txids
    assert out[0]["verdict"] == "confirmed"
    assert {r["verdict"] for r in out[1:]} == {"not_found"}
    assert run.code == 1
    assert run.peak_mb <= BATCH_MB, f"{run.peak_mb:.0f} MB"


def test_gzip_bomb_evm_and_deep_json(make: Callable[..., FakeEsplora]) -> None:
    run = run_measured(EVM.args(bomb_server(make, ""), EVM.serve(make)))
    (result,) = results(run)
    assert (result["verdict"], run.code) == ("confirmed", 0)
    assert run.peak_mb <= SINGLE_MB, f"{run.peak_mb:.0f} MB"


def _pending_with_gap(nonce: int, mined: int) -> Case:
    """The hive dynamic-fee tx, still pending, with a nonce far above the sender's (hand-built)."""

    def edit(answers: dict[str, Any]) -> None:
        answers["tx"].update(nonce=hex(nonce), blockNumber=None, blockHash=None, transactionIndex=None)
        answers["receipt"] = None
        answers["methods"] = {"eth_getTransactionCount": hex(mined), "eth_getBalance": hex(10**18)}

    return Case("nonce_gap", edit)


@pytest.mark.parametrize("nonce", [50_000_000, 10**9, 2**64 - 1])
def test_nonce_gap_of_billions_is_counted_not_listed(make: Callable[..., FakeEsplora], nonce: int) -> None:
    run = run_measured(EVM.args(EVM.serve(make, _pending_with_gap(nonce, 5))))
    (result,) = results(run)
    gap = next(f for f in result["findings"] if f["code"] == "EVM_NONCE_GAP")
    assert gap["evidence"]["missing_count"] == nonce - 5
    assert gap["evidence"]["missing_nonces"] == list(range(5, 25))
    assert (result["verdict"], run.code) == ("stuck", 1)
    assert run.peak_mb <= SINGLE_MB, f"{run.peak_mb:.0f} MB"


def test_four_megabyte_contract_code(make: Callable[..., FakeEsplora]) -> None:
    def edit(answers: dict[str, Any]) -> None:
        answers["methods"] = {"eth_getCode": "0x" + "60" * (2 * 1024 * 1024)}  # 2 MiB of code: 4 MiB of hex

    run = run_measured(EVM.args(EVM.serve(make, Case("big_code", edit))))
    (result,) = results(run)
    assert (result["verdict"], run.code) == ("confirmed", 0)
    assert run.peak_mb <= SINGLE_MB, f"{run.peak_mb:.0f} MB"


def test_measure_baseline(make: Callable[..., FakeEsplora]) -> None:
    """The healthy check's peak, for comparison in the report (and a floor for the bounds)."""
    run = run_measured(ESPLORA.args(ESPLORA.serve(make)))
    assert run.code == 0
    assert run.peak_mb <= SINGLE_MB


def test_the_measure_is_the_child_s_own_not_the_test_process_s(make: Callable[..., FakeEsplora]) -> None:
    """With 300 MB held by the test process, a healthy check still measures its own peak
    (measured straight from here, ru_maxrss began at the test process's RSS)."""
    ballast = bytearray(300 * 1024 * 1024)
    ballast[::4096] = b"\x01" * len(ballast[::4096])  # touch every page: resident
    run = run_measured(ESPLORA.args(ESPLORA.serve(make)))
    assert run.code == 0
    assert run.peak_mb <= SINGLE_MB, f"{run.peak_mb:.0f} MB"
    del ballast
