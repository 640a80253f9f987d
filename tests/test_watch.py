"""`watch`: re-check until N confirmations, one NDJSON line per change."""

from __future__ import annotations

import asyncio
import copy
import io
from typing import Any

import httpx
import respx

from tests.esplora_mock import MEMPOOL, Explorer, load, mount_fallthrough, quiet_state
from txdoctor.core.session import Options
from txdoctor.model import Diagnosis, Kind, Verdict
from txdoctor.runner import run_watch, status_line, watch, watch_done

PENDING = load("esplora/mempool_tx_unconfirmed_rbf_replacement_b6a53d8a.json")


def confirmed_copy(height: int) -> dict[str, object]:
    tx = copy.deepcopy(PENDING)
    tx["status"] = {
        "confirmed": True,
        "block_height": height,
        "block_hash": "000000000000000000019bfe551da67e0d93dda4b355d16f1fdb4031ba7e5d61",
        "block_time": 1743541850,
    }
    return tx


def test_watch_follows_pending_to_confirmed(router: respx.Router) -> None:
    """The tx is pending twice, then mined in block 890448 (as it really was), then buried."""
    m = Explorer(router, MEMPOOL)
    state = quiet_state()
    m.route("v1/fees/recommended", state["fees"])
    m.route("v1/fees/mempool-blocks", state["blocks"])
    m.route("mempool", state["mempool"])
    m.route("v1/difficulty-adjustment", state["da"])
    router.get(f"{MEMPOOL}/blocks/tip/height").mock(
        side_effect=[httpx.Response(200, text=str(h)) for h in (890447, 890447, 890448, 890449, 890450)]
    )
    router.get(f"{MEMPOOL}/tx/{PENDING['txid']}").mock(
        side_effect=[
            httpx.Response(200, json=PENDING),
            httpx.Response(200, json=PENDING),
            httpx.Response(200, json=confirmed_copy(890448)),
            httpx.Response(200, json=confirmed_copy(890448)),
            httpx.Response(200, json=confirmed_copy(890448)),
        ]
    )
    mount_fallthrough(router)
    changes: list[Diagnosis] = []
    ticks: list[str] = []
    final = asyncio.run(
        watch(
            PENDING["txid"],
            Options(),
            confirmations=3,
            interval=0.01,
            timeout=30,
            on_change=changes.append,
            on_tick=lambda d: ticks.append(status_line(d)),
        )
    )
    assert final.verdict is Verdict.CONFIRMED
    assert final.facts["confirmations"] == 3
    # one line per change: pending (once, not twice), then 1, 2, 3 confirmations
    assert [(d.verdict, d.facts["confirmations"]) for d in changes] == [
        (Verdict.PENDING, 0),
        (Verdict.CONFIRMED, 1),
        (Verdict.CONFIRMED, 2),
        (Verdict.CONFIRMED, 3),
    ]
    assert ticks[0].startswith("pending · projected block 1 · 4.29 sat/vB vs next block 1")
    assert ticks[-1] == "confirmed · 3 confirmations"


def test_watch_stops_on_replacement_and_times_out() -> None:
    d = Diagnosis("x", Kind.TXID, "btc", Verdict.REPLACED, (), {})
    assert watch_done(d, 1)
    pending = Diagnosis("x", d.kind, "btc", Verdict.PENDING, (), {"confirmations": 0})
    assert not watch_done(pending, 1)
    assert not watch_done(Diagnosis("x", d.kind, "btc", Verdict.CONFIRMED, (), {"confirmations": 1}), 2)


def test_watch_gives_up_at_its_timeout(router: respx.Router) -> None:
    m = Explorer(router, MEMPOOL)
    m.state(quiet_state(), 890447)
    m.tx(PENDING)
    mount_fallthrough(router)
    changes: list[Diagnosis] = []
    final = asyncio.run(
        watch(
            PENDING["txid"], Options(), confirmations=1, interval=0.05, timeout=0.2, on_change=changes.append
        )
    )
    assert final.verdict is Verdict.PENDING
    assert len(changes) == 1  # nothing changed: one line only


def test_status_line_for_an_evm_fee() -> None:
    from txdoctor.model import Category, Finding, Severity

    fee = Finding(
        "EVM_FEE_BELOW_BASE_FEE",
        Category.FEE,
        Severity.ERROR,
        "m",
        evidence={"fee_cap_gwei": 2, "next_base_fee_gwei": 3},
    )
    d = Diagnosis("0x" + "ab" * 32, Kind.TXID, "eth", Verdict.STUCK, (fee,), {"confirmations": 0})
    assert status_line(d) == "stuck · max fee 2 gwei vs base fee 3 gwei"


def test_a_timeout_before_the_confirmations_asked_says_so_and_exits_4(router: respx.Router) -> None:
    """-n 6 with the tx at 1 confirmation for the whole --max-wait: not 'final', not exit 0."""
    import io
    import json

    from txdoctor.model import EXIT_TIMED_OUT

    m = Explorer(router, MEMPOOL)
    m.state(quiet_state(), 890448)
    m.tx(confirmed_copy(890448))
    mount_fallthrough(router)
    for json_out in (False, True):
        out, err = io.StringIO(), io.StringIO()
        code = run_watch(
            PENDING["txid"],
            Options(),
            confirmations=6,
            interval=0.05,
            max_wait=0.2,
            json_out=json_out,
            out=out,
            err=err,
        )
        assert code == EXIT_TIMED_OUT == 4
        assert "timed out" in err.getvalue()
        if json_out:
            last = json.loads(out.getvalue().splitlines()[-1])
            timeout = [f for f in last["findings"] if f["code"] == "WATCH_TIMED_OUT"]
            assert timeout[0]["evidence"] == {
                "max_wait_s": 0.2,
                "confirmations": 1,
                "confirmations_wanted": 6,
            }
        else:
            text = out.getvalue()
            assert "WATCH_TIMED_OUT" in text and "1 of the 6 confirmations" in text
            assert "Next step\n  Run 'txdoctor watch" in text  # not "the transfer is final"


def _run_watch(
    router: respx.Router, tip: int, tx: dict[str, Any], max_wait: float
) -> tuple[int, io.StringIO, io.StringIO]:
    """``run_watch`` for one confirmation against a mocked explorer at ``tip`` answering ``tx``."""
    m = Explorer(router, MEMPOOL)
    m.state(quiet_state(), tip)
    m.tx(tx)
    mount_fallthrough(router)
    out, err = io.StringIO(), io.StringIO()
    code = run_watch(
        PENDING["txid"],
        Options(),
        confirmations=1,
        interval=0.05,
        max_wait=max_wait,
        json_out=False,
        out=out,
        err=err,
    )
    return code, out, err


def test_a_pending_tx_that_times_out_exits_4(router: respx.Router) -> None:
    code, out, _err = _run_watch(router, 890447, PENDING, max_wait=0.2)
    assert code == 4
    assert "the transaction is pending" in out.getvalue()


def test_the_goal_reached_is_not_a_timeout(router: respx.Router) -> None:
    code, out, err = _run_watch(router, 890448, confirmed_copy(890448), max_wait=5)
    assert code == 0
    assert "WATCH_TIMED_OUT" not in out.getvalue() and err.getvalue() == ""


def test_watching_an_address_is_a_usage_error_without_a_request(router: respx.Router) -> None:
    from tests.cli_runner import CliRunner
    from txdoctor.cli import app

    result = CliRunner().invoke(app, ["watch", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"])
    assert result.exit_code == 2
    assert "txdoctor check bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq" in result.stderr
    assert not router.calls


def test_watch_speaks_the_language_asked(router: respx.Router) -> None:
    """`watch --lang zh` (or TXDOCTOR_LANG=zh) gives the report's own words in Chinese, as `check` does;
    it was refused ("unrecognized arguments: --lang zh") and TXDOCTOR_LANG was ignored."""
    import json

    from tests.cli_runner import CliRunner
    from txdoctor.cli import app

    m = Explorer(router, MEMPOOL)
    m.state(quiet_state(), 890448)
    m.tx(confirmed_copy(890448))
    mount_fallthrough(router)
    runner = CliRunner()
    result = runner.invoke(app, ["watch", PENDING["txid"], "--lang", "zh"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("已确认")
    result = runner.invoke(app, ["watch", PENDING["txid"], "--json"], env={"TXDOCTOR_LANG": "zh-CN"})
    assert result.exit_code == 0, result.stderr
    assert [json.loads(line)["lang"] for line in result.stdout.splitlines()] == ["zh"]
    assert runner.invoke(app, ["watch", PENDING["txid"], "--lang", "xx"]).exit_code == 2
