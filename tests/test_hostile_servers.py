"""The hostile-server matrix (issue 8): Esplora, EVM JSON-RPC and TronGrid × hostile answers.

For every family and case, through the CLI in-process (``txdoctor check … --json``):

* ``--url X=BAD --url X=GOOD``: the good provider's diagnosis — its verdict and exit code
  (docs/contract.md), facts from it, and the bad one named as a failed provider;
* ``--url X=BAD`` alone (answers about the transaction itself): ``unreachable``, exit 3,
  never ``INTERNAL_ERROR``;
* always: no traceback, the run ends (a watchdog, not a timing assertion), stdout is
  UTF-8 and one strict JSON object (no NaN / Infinity).

Memory under the same answers is measured in a subprocess: tests/test_hostile_memory.py.
"""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import redirect_stderr, redirect_stdout
from typing import Any

import pytest

from tests.fakeserver import FakeEsplora, fake_servers
from tests.hostile import BTC_CONFIRMATIONS, ESPLORA, EVM, FAMILIES, TRON, Case, Family
from txdoctor.cli import app

WATCHDOG_S = 60.0  # far beyond any case: reaching it means the run hung
TIMEOUT = "1"  # --timeout: the drip case waits 1.5 s per try


def _strict(text: str) -> Any:
    def refuse(name: str) -> Any:
        raise AssertionError(f"{name} in JSON output")

    return json.loads(text, parse_constant=refuse)


def run_cli(args: list[str], timeout_flag: str = "--timeout") -> tuple[int, dict[str, Any], str]:
    """The CLI in a thread with a watchdog; (exit code, the JSON result, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    box: dict[str, Any] = {}

    def target() -> None:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                box["code"] = app([*args, timeout_flag, TIMEOUT])
            except BaseException as exc:
                box["exc"] = exc

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(WATCHDOG_S)
    assert not worker.is_alive(), f"no answer within {WATCHDOG_S} s: {args}"
    assert "exc" not in box, f"escaped: {box.get('exc')!r}"
    stdout = out.getvalue()
    stdout.encode("utf-8")  # valid UTF-8 (no lone surrogates)
    assert "Traceback" not in stdout + err.getvalue()
    lines = stdout.splitlines()
    assert len(lines) >= 1, stdout[:300]
    last = (
        lines[-1] if lines[0].startswith("{") and lines[0].endswith("}") else stdout
    )  # NDJSON or one document
    return box["code"], _strict(last), err.getvalue()


@pytest.fixture
def make() -> Iterator[Callable[..., FakeEsplora]]:
    with fake_servers() as factory:
        yield factory


def matrix(tx_level_only: bool = False) -> list[Any]:
    return [
        pytest.param(fam, case, id=f"{fam.name}-{case.name}")
        for fam in FAMILIES
        for case in fam.cases
        if case.tx_level or not tx_level_only
    ]


def codes(result: dict[str, Any]) -> list[str]:
    return [f["code"] for f in result["findings"]]


def healthy_facts(fam: Family, result: dict[str, Any]) -> None:
    """The facts only the good recording gives."""
    facts = result["facts"]
    if fam is ESPLORA:
        assert facts["confirmations"] == BTC_CONFIRMATIONS
        assert facts["fee"] == ESPLORA.answers()["tx"]["fee"]
    elif fam is EVM:
        assert facts["block_number"] == 0x1B
    elif fam is TRON:
        assert (facts["fee_sun"], facts["confirmations"]) == (TRON.answers()["info"]["fee"], 20)


@pytest.mark.parametrize(("fam", "case"), matrix())
def test_bad_then_good_gives_the_good_diagnosis(
    make: Callable[..., FakeEsplora], fam: Family, case: Case
) -> None:
    bad, good = fam.serve(make, case), fam.serve(make)
    code, result, _ = run_cli(fam.args(bad, good))
    assert (result["verdict"], code) == (fam.verdict, 0), codes(result)
    assert "INTERNAL_ERROR" not in codes(result)
    healthy_facts(fam, result)
    if case.tx_level:
        failed = [f for f in result["findings"] if f["code"] == "NET_PROVIDER_FAILED"]
        assert failed, codes(result)
        reasons = {x["reason"] for x in failed[0]["evidence"]["failures"]}
        assert reasons <= {"bad_response", "unavailable"}, reasons


@pytest.mark.parametrize(("fam", "case"), matrix(tx_level_only=True))
def test_bad_alone_is_unreachable(make: Callable[..., FakeEsplora], fam: Family, case: Case) -> None:
    code, result, _ = run_cli(fam.args(fam.serve(make, case)))
    assert "INTERNAL_ERROR" not in codes(result)
    if case.alone == "confirmed":  # a height beyond the provider's own tip: the count is unknown
        assert (result["verdict"], code, result["facts"]["confirmations"]) == ("confirmed", 0, None)
        return
    assert (result["verdict"], code) == ("unreachable", 3), codes(result)
    assert "NET_UNREACHABLE" in codes(result)


@pytest.mark.parametrize("fam", FAMILIES, ids=[f.name for f in FAMILIES])
def test_healthy_servers_alone(make: Callable[..., FakeEsplora], fam: Family) -> None:
    """The control: the recordings as served give the healthy diagnosis with no failure."""
    code, result, _ = run_cli(fam.args(fam.serve(make)))
    assert (result["verdict"], code) == (fam.verdict, 0), codes(result)
    assert "NET_PROVIDER_FAILED" not in codes(result)
    healthy_facts(fam, result)


STATE_CASES = [
    c for c in ESPLORA.cases if c.name in ("tip_huge", "fees_nan", "fees_infinity", "fees_negative")
]


@pytest.mark.parametrize("case", STATE_CASES, ids=[c.name for c in STATE_CASES])
def test_fees_take_the_good_providers_levels(make: Callable[..., FakeEsplora], case: Case) -> None:
    bad, good = ESPLORA.serve(make, case), ESPLORA.serve(make)
    code, result, _ = run_cli(["fees", "--json", "--url", f"btc={bad}", "--url", f"btc={good}"])
    fees = ESPLORA.answers()["fees"]
    assert (code, result["reachable"], result["tip_height"]) == (0, True, 890448)
    assert result["fees"]["fastest"] == fees["fastestFee"]
    assert result["fees"]["minimum"] == fees["minimumFee"]


WATCH_CASES = [c for c in ESPLORA.cases if c.name in ("huge_number", "deep", "nan", "wrong_txid")]


@pytest.mark.parametrize("case", WATCH_CASES, ids=[c.name for c in WATCH_CASES])
def test_watch_takes_the_good_providers_answer(make: Callable[..., FakeEsplora], case: Case) -> None:
    bad, good = ESPLORA.serve(make, case), ESPLORA.serve(make)
    args = [
        "watch",
        ESPLORA.ident,
        "--json",
        "--interval",
        "1",
        "--url",
        f"btc={bad}",
        "--url",
        f"btc={good}",
    ]
    code, result, _ = run_cli(args, timeout_flag="--request-timeout")
    assert (result["verdict"], code) == ("confirmed", 0)
    assert result["facts"]["confirmations"] == BTC_CONFIRMATIONS
