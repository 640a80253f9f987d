"""Behaviour that needs a real server process: watch against changing state, Ctrl-C mid-batch."""

from __future__ import annotations

import asyncio
import copy
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tests.esplora_mock import load
from tests.fakeserver import FakeEsplora, fake_esplora_factory  # noqa: F401 - the fixture
from txdoctor.core.session import Options
from txdoctor.model import Diagnosis, Verdict
from txdoctor.runner import watch

PENDING = load("esplora/mempool_tx_unconfirmed_rbf_replacement_b6a53d8a.json")
ROOT = Path(__file__).parent.parent


def mined(height: int) -> dict[str, object]:
    tx = copy.deepcopy(PENDING)
    tx["status"] = {
        "confirmed": True,
        "block_height": height,
        "block_hash": "00" * 32,
        "block_time": 1743541850,
    }
    return tx


def test_watch_follows_a_server_whose_state_changes(
    fake_esplora_factory: Callable[..., FakeEsplora],  # noqa: F811
) -> None:
    server = fake_esplora_factory()
    server.quiet_state(890447)
    server.add_tx(PENDING)

    changes: list[Diagnosis] = []

    def step(d: Diagnosis) -> None:
        """Move the server on only after the watcher reported what it saw: each state is
        polled at least once however slow the machine (a timer could skip 1 confirmation)."""
        changes.append(d)
        if d.verdict is Verdict.PENDING:  # the tx is mined in 890448
            server.set_json(f"tx/{PENDING['txid']}", mined(890448))
            server.set_json("blocks/tip/height", 890448)
        elif d.facts["confirmations"] == 1:  # then one more block comes
            server.set_json("blocks/tip/height", 890449)

    final = asyncio.run(
        watch(
            PENDING["txid"],
            Options(urls={"btc": [server.base_url]}),
            confirmations=2,
            interval=0.1,
            timeout=30,
            on_change=step,
        )
    )
    assert final.verdict is Verdict.CONFIRMED
    assert final.facts["confirmations"] == 2
    assert [(d.verdict, d.facts["confirmations"]) for d in changes] == [
        (Verdict.PENDING, 0),
        (Verdict.CONFIRMED, 1),
        (Verdict.CONFIRMED, 2),
    ]
    assert server.count(f"tx/{PENDING['txid']}") >= 3  # it really polled


def test_ctrl_c_mid_batch_keeps_what_was_finished(
    fake_esplora_factory: Callable[..., FakeEsplora],  # noqa: F811
    tmp_path: Path,
) -> None:
    """SIGINT while a batch is running: finished results were printed, no traceback, exit 130."""
    server = fake_esplora_factory(latency_ms=150)
    server.quiet_state(890448)
    confirmed = load("esplora/mempool_backend_txs_random_4.json")[2]
    ids = []
    for i in range(200):
        tx = copy.deepcopy(confirmed)
        tx["txid"] = f"{i + 1:064x}"
        server.add_tx(tx)
        ids.append(tx["txid"])
    (tmp_path / "ids.txt").write_text("\n".join(ids))
    env = {**os.environ, "TXDOCTOR_CONFIG": str(tmp_path / "none.toml"), "TXDOCTOR_CACHE_DIR": str(tmp_path)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "txdoctor",
            "check",
            "--file",
            str(tmp_path / "ids.txt"),
            "--json",
            "--url",
            f"btc={server.base_url}",
            "--concurrency",
            "2",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
        # a CI runner may start us with SIGINT ignored, which a child would inherit
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 20
    while server.count() < 20 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 130
    assert "Traceback" not in err
    lines = out.splitlines()
    assert 0 < len(lines) < len(ids)  # some finished and were printed, the rest were not started
    assert [line.split('"input":"')[1][:64] for line in lines] == ids[: len(lines)]  # in order, whole
