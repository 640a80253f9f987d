"""The fault matrix (issue 5): every endpoint × every fault, against a real HTTP server on loopback.

For each case: the verdict, the finding code, the exit code, the failure reason and
detail, and that the check ends within its time budget (no hang). The API cases
(``diagnose_many``, ``fees_report``) run CONCURRENCY at a time in one event loop, one
fake server each; the CLI cases run one by one, in-process, through the console entry
point (``txdoctor.cli.main``), and also check that nothing escapes but SystemExit and
that no traceback is printed.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import io
import json
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any
from unittest import mock

import pytest

from tests.esplora_mock import load, quiet_state
from tests.fakeserver import (
    BigBody,
    FakeEsplora,
    HangUp,
    NeverAnswer,
    ResetMidBody,
    Route,
    SlowDrip,
    fake_servers,
    html_page,
    redirect,
    refused_url,
    status_response,
)
from tests.findings_helpers import codes, finding
from txdoctor.cli import main as cli_main
from txdoctor.core.dispatch import diagnose_many
from txdoctor.core.session import Options
from txdoctor.families.bitcoin.fees_report import FeesReport
from txdoctor.fees_command import fees_report
from txdoctor.model import Diagnosis, Verdict

TIMEOUT = 1.0  # --timeout for every case
# txdoctor.core.net.http: two retries, backoff 0.3 s × 2^n with jitter × (0.5 … 1.5)
MAX_BACKOFF = 0.3 * 1.5 + 0.6 * 1.5
SLACK = 1.5  # scheduling and loopback overhead, on a loaded 2-CPU machine

TIP = 890448
CONFIRMED: dict[str, Any] = load("esplora/mempool_backend_txs_random_4.json")[2]  # block 848136
CONFIRMED_TXID: str = CONFIRMED["txid"]
CONFIRMATIONS = TIP - 848136 + 1
PENDING: dict[str, Any] = load("esplora/mempool_tx_unconfirmed_rbf_replacement_b6a53d8a.json")
PENDING_TXID: str = PENDING["txid"]


# ------------------------------------------------------------------ faults


@dataclass(frozen=True)
class Endpoint:
    name: str
    path: str
    body: bytes  # the healthy answer
    wrong_shape: bytes  # valid JSON, not what the API promises
    wrong_shape_detail: str


TX = Endpoint(
    "tx",
    f"tx/{CONFIRMED_TXID}",
    json.dumps(CONFIRMED).encode(),
    json.dumps({k: v for k, v in CONFIRMED.items() if k != "weight"}).encode(),
    "field 'weight' is missing",
)
TIP_EP = Endpoint(
    "tip", "blocks/tip/height", str(TIP).encode(), json.dumps({"height": TIP}).encode(), "block height"
)
FEES = Endpoint(
    "fees",
    "v1/fees/recommended",
    json.dumps(quiet_state()["fees"]).encode(),
    json.dumps({k: v for k, v in quiet_state()["fees"].items() if k != "minimumFee"}).encode(),
    "field 'minimumFee'",
)


@dataclass(frozen=True)
class Fault:
    name: str
    route: Callable[[Endpoint], Route] | None  # None: nothing listens (connection refused)
    reason: str  # ProviderFailure.reason
    detail: str  # a substring of ProviderFailure.detail; "a|b": either
    extra_s: float = 0.0  # Retry-After waits the client is meant to honour


def _json(ep: Endpoint, status: int = 200) -> Route:
    return status, {"Content-Type": "application/json"}, ep.body


FAULTS = [
    Fault("refused", None, "unavailable", "could not connect"),
    # httpx's read timeout (1 s) normally fires first; under load the overall 1.5 s cap may
    Fault("never_answers", lambda ep: NeverAnswer(), "unavailable", "timed out|no complete answer"),
    Fault("slow_drip", lambda ep: SlowDrip(ep.body, interval_ms=300), "unavailable", "no complete answer"),
    Fault("reset_mid_body", lambda ep: ResetMidBody(ep.body), "unavailable", "connection broke mid-answer"),
    Fault("hang_up", lambda ep: HangUp(), "unavailable", "closed the connection without answering"),
    Fault("429_retry_after", lambda ep: status_response(429, "1"), "rate_limited", "HTTP 429", extra_s=2.0),
    Fault("429", lambda ep: status_response(429), "rate_limited", "HTTP 429"),
    Fault("500", lambda ep: status_response(500), "unavailable", "HTTP 500"),
    Fault("502", lambda ep: status_response(502), "unavailable", "HTTP 502"),
    Fault("503", lambda ep: status_response(503), "unavailable", "HTTP 503"),
    Fault("html_200", lambda ep: html_page(), "bad_response", "HTML"),
    Fault(
        "truncated_json",
        lambda ep: (200, {"Content-Type": "application/json"}, ep.body[: len(ep.body) // 2]),
        "bad_response",
        "truncated",
    ),
    Fault(
        "wrong_shape",
        lambda ep: (200, {"Content-Type": "application/json"}, ep.wrong_shape),
        "bad_response",
        "<per endpoint>",
    ),
    Fault("50MB_chunked", lambda ep: BigBody(), "bad_response", "answer too large"),
    Fault("50MB_declared", lambda ep: BigBody(declare_length=True), "bad_response", "answer too large"),
    Fault(
        "redirect_other_host",
        lambda ep: redirect(f"http://127.0.0.2:9/api/{ep.path}"),
        "bad_response",
        "redirected to another host",
    ),
]
FAULT_IDS = [f.name for f in FAULTS]
PER_ENDPOINT = [f for f in FAULTS if f.route is not None]  # "refused" is a whole-server fault
PER_ENDPOINT_IDS = [f.name for f in PER_ENDPOINT]


def budget(fault: Fault) -> float:
    """At most three tries of one --timeout each, the backoff between them, and Retry-After."""
    return 3 * TIMEOUT + MAX_BACKOFF + fault.extra_s + SLACK


def detail_for(fault: Fault, ep: Endpoint) -> str:
    return ep.wrong_shape_detail if fault.name == "wrong_shape" else fault.detail


def names(detail: str, expected: str) -> bool:
    return any(part in detail for part in expected.split("|"))


# ------------------------------------------------------------- the servers


def mount_confirmed(server: FakeEsplora) -> None:
    server.quiet_state(TIP)
    server.add_tx(CONFIRMED)


def mount_pending(server: FakeEsplora) -> None:
    server.quiet_state(TIP - 1)
    server.add_tx(PENDING)
    server.add_fixture(f"v1/cpfp/{PENDING_TXID}", "esplora/mempool_v1_cpfp_b6a53d8a_no_relatives.json")
    server.add_fixture(f"v1/tx/{PENDING_TXID}/rbf", "esplora/mempool_v1_tx_rbf_b6a53d8a.json")
    server.add_fixture(
        f"v1/transaction-times?txId[]={PENDING_TXID}", "esplora/mempool_v1_transaction_times_b6a53d8a.json"
    )


def faulty(make: Callable[..., FakeEsplora], fault: Fault, ep: Endpoint, mount: Callable[..., None]) -> str:
    """A base URL serving the healthy data except ``ep``, which plays ``fault``."""
    if fault.route is None:
        return refused_url()
    server = make()
    mount(server)
    server.set_route(ep.path, fault.route(ep))
    return server.base_url


def healthy(make: Callable[..., FakeEsplora], mount: Callable[..., None]) -> str:
    server = make()
    mount(server)
    return server.base_url


# ------------------------------------------------- run the API matrix at once


@dataclass
class Outcome:
    result: Any  # a Diagnosis list, a FeesReport, or the exception raised
    elapsed: float
    late_requests: int = 0  # requests the server saw after the call returned (after LINGER s)


@dataclass
class Matrix:
    outcomes: dict[str, Outcome]
    loop_errors: list[str]  # what asyncio's exception handler was given during the run
    resource_warnings: list[str]  # sockets left open (ResourceWarning), recorded, not raised
    max_lag: float  # the longest the event loop was blocked, for reading timing failures


@dataclass
class Job:
    name: str
    call: Callable[[], Any]
    weight: float  # expected seconds: the longest start first
    watch: FakeEsplora | None = None  # count this server's requests for LINGER s after the call

    @property
    def alone(self) -> bool:
        """Reading 5 MB takes ~100 ms alone but can pass 1.5 s on a busy event loop: run it alone."""
        return "50MB" in self.name


CONCURRENCY = 12  # cases in flight at once: the client side is CPU-bound (~25 ms to build a client)
LINGER = 2.0


def weight(fault: Fault) -> float:
    slow = {"never_answers": 4.5, "429_retry_after": 2.5, "slow_drip": 1.5}
    retried = {"refused", "hang_up", "reset_mid_body", "429", "500", "502", "503"}
    return slow.get(fault.name, 1.0 if fault.name in retried else 0.1)


def _options(urls: list[str]) -> Options:
    return Options(urls={"btc": urls}, timeout=TIMEOUT, environ={}, cache_dir=None)


def _check(txid: str, urls: list[str]) -> Callable[[], Any]:
    return lambda: diagnose_many([txid], _options(urls))


def _capped(txid: str, options: Options) -> Callable[[], Any]:
    """A check cut off (TimeoutError) half a second past the never-answer budget."""
    return lambda: asyncio.wait_for(diagnose_many([txid], options), budget(FAULTS[1]) + 0.5)


def _fees(url: str) -> Callable[[], Any]:
    return lambda: fees_report(_options([url]))


def _jobs(make: Callable[..., FakeEsplora]) -> list[Job]:
    jobs: list[Job] = []
    for f in FAULTS:
        url = faulty(make, f, TX, mount_confirmed)
        jobs.append(Job(f"tx-single-{f.name}", _check(CONFIRMED_TXID, [url]), weight(f)))
        urls = [faulty(make, f, TX, mount_confirmed), healthy(make, mount_confirmed)]
        jobs.append(Job(f"tx-fallback-{f.name}", _check(CONFIRMED_TXID, urls), weight(f)))
    for f in PER_ENDPOINT:
        url = faulty(make, f, TIP_EP, mount_confirmed)
        jobs.append(Job(f"tip-{f.name}", _check(CONFIRMED_TXID, [url]), weight(f)))
        url = faulty(make, f, FEES, mount_pending)
        jobs.append(Job(f"fees-{f.name}", _check(PENDING_TXID, [url]), weight(f)))
        jobs.append(Job(f"fees-cmd-{f.name}", _fees(url), weight(f)))
    # a whole server that never answers anything
    hung = make(default=NeverAnswer())
    jobs.append(Job("all-never-answer", _check(CONFIRMED_TXID, [hung.base_url]), 6.0))
    # the same with one request in flight per host (--concurrency 1), cut off past its budget
    hung1 = make(default=NeverAnswer())
    one_slot = replace(_options([hung1.base_url]), concurrency=1)
    jobs.append(Job("all-never-answer-one-slot", _capped(CONFIRMED_TXID, one_slot), 7.0))
    # every network-state endpoint hangs; the transaction answers
    state_hung = make()
    mount_pending(state_hung)
    for path in STATE_PATHS:
        state_hung.set_route(path, NeverAnswer())
    jobs.append(Job("state-never-answers", _check(PENDING_TXID, [state_hung.base_url]), 5.0))
    # rate limited: 5 requests a second, burst 5, then 429 + Retry-After: 1
    limited = make()
    mount_confirmed(limited)
    limited.rate_limit(5, burst=5)
    jobs.append(Job("rate-limited", _check(CONFIRMED_TXID, [limited.base_url]), 1.2))
    # the tx fails at once (HTML) while the tip is being retried (503)
    leak = make()
    mount_confirmed(leak)
    leak.set_route(TX.path, html_page())
    leak.set_route(TIP_EP.path, status_response(503))
    jobs.append(Job("unreachable-while-state-retries", _check(CONFIRMED_TXID, [leak.base_url]), 2.1, leak))
    return jobs


async def _run(jobs: list[Job], loop_errors: list[str], lag: list[float]) -> dict[str, Outcome]:
    def on_error(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        loop_errors.append(f"{context.get('message')}: {context.get('exception')!r}")

    async def monitor() -> None:
        while True:
            t = time.monotonic()
            await asyncio.sleep(0.02)
            lag[0] = max(lag[0], time.monotonic() - t - 0.02)

    slots = asyncio.Semaphore(CONCURRENCY)

    async def one(job: Job) -> Outcome:
        async with slots:
            t0 = time.monotonic()
            try:
                result: Any = await job.call()
            except Exception as exc:
                result = exc
            outcome = Outcome(result, time.monotonic() - t0)
            if job.watch is not None:
                seen = job.watch.count()
                await asyncio.sleep(LINGER)
                outcome.late_requests = job.watch.count() - seen
            return outcome

    asyncio.get_running_loop().set_exception_handler(on_error)
    mon = asyncio.ensure_future(monitor())
    results = {j.name: await one(j) for j in jobs if j.alone}
    together = sorted((j for j in jobs if not j.alone), key=lambda j: -j.weight)
    outcomes = await asyncio.gather(*(one(j) for j in together))
    results.update({j.name: o for j, o in zip(together, outcomes, strict=True)})
    mon.cancel()
    gc.collect()  # an unretrieved task exception is reported when the task is collected
    await asyncio.sleep(0)
    return results


@pytest.fixture(scope="module")
def matrix() -> Iterator[Matrix]:
    """Run every API case, CONCURRENCY at a time in one event loop, one fake server each."""
    loop_errors: list[str] = []
    lag = [0.0]
    with fake_servers() as make:
        jobs = _jobs(make)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ResourceWarning)
            outcomes = asyncio.run(_run(jobs, loop_errors, lag))
            gc.collect()
        resource_warnings = [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)]
        yield Matrix(outcomes, loop_errors, resource_warnings, lag[0])


STATE_PATHS = (
    "blocks/tip/height",
    "v1/fees/recommended",
    "v1/fees/mempool-blocks",
    "mempool",
    "v1/difficulty-adjustment",
)


def diagnosis(matrix: Matrix, key: str) -> tuple[Diagnosis, float]:
    o = matrix.outcomes[key]
    if isinstance(o.result, BaseException):
        raise AssertionError(f"{key} raised {o.result!r}") from o.result
    assert isinstance(o.result, list) and len(o.result) == 1
    d = o.result[0]
    assert isinstance(d, Diagnosis)
    return d, o.elapsed


# ---------------------------------------------------------- tx/:txid faults


@pytest.mark.parametrize("fault", FAULTS, ids=FAULT_IDS)
def test_tx_fault_single_provider_is_unreachable(matrix: Matrix, fault: Fault) -> None:
    d, elapsed = diagnosis(matrix, f"tx-single-{fault.name}")
    assert (d.verdict, d.exit_code) == (Verdict.UNREACHABLE, 3)
    assert d.ranked_findings()[0].code == "NET_UNREACHABLE"
    failures = finding(d, "NET_UNREACHABLE").evidence["failures"]
    assert len(failures) == 1
    assert failures[0]["reason"] == fault.reason
    assert names(failures[0]["detail"], detail_for(fault, TX))
    assert elapsed < budget(fault), f"{elapsed:.2f} s (event loop lag up to {matrix.max_lag:.2f} s)"


@pytest.mark.parametrize("fault", FAULTS, ids=FAULT_IDS)
def test_tx_fault_with_fallback_gives_full_diagnosis(matrix: Matrix, fault: Fault) -> None:
    d, elapsed = diagnosis(matrix, f"tx-fallback-{fault.name}")
    assert (d.verdict, d.exit_code) == (Verdict.CONFIRMED, 0)
    assert d.facts["confirmations"] == CONFIRMATIONS
    assert finding(d, "BTC_TX_CONFIRMED").evidence["confirmations"] == CONFIRMATIONS
    failed = finding(d, "NET_PROVIDER_FAILED").evidence
    assert len(failed["failures"]) == 1
    assert failed["failures"][0]["reason"] == fault.reason
    assert names(failed["failures"][0]["detail"], detail_for(fault, TX))
    assert failed["answered_by"] == d.facts["provider"] != failed["failures"][0]["provider"]
    assert elapsed < budget(fault), f"{elapsed:.2f} s (event loop lag up to {matrix.max_lag:.2f} s)"


# --------------------------------------------------- blocks/tip/height faults


@pytest.mark.parametrize("fault", [pytest.param(f, id=f.name) for f in PER_ENDPOINT])
def test_tip_fault_keeps_the_verdict(matrix: Matrix, fault: Fault) -> None:
    """The tip only gives the confirmation count: the tx is still confirmed, the count unknown."""
    d, elapsed = diagnosis(matrix, f"tip-{fault.name}")
    assert (d.verdict, d.exit_code) == (Verdict.CONFIRMED, 0)
    assert "NET_UNREACHABLE" not in codes(d)
    assert d.facts["confirmations"] is None
    assert finding(d, "BTC_TX_CONFIRMED").evidence["confirmations"] is None
    assert "tip_height" not in d.facts
    assert elapsed < budget(fault), f"{elapsed:.2f} s (event loop lag up to {matrix.max_lag:.2f} s)"


# ------------------------------------------------- v1/fees/recommended faults


@pytest.mark.parametrize("fault", PER_ENDPOINT, ids=PER_ENDPOINT_IDS)
def test_fees_fault_keeps_the_verdict(matrix: Matrix, fault: Fault) -> None:
    """Without fee levels, the projected blocks still place the fee (next block)."""
    d, elapsed = diagnosis(matrix, f"fees-{fault.name}")
    assert (d.verdict, d.exit_code) == (Verdict.PENDING, 0)
    assert "NET_UNREACHABLE" not in codes(d)
    assert finding(d, "BTC_FEE_OK").evidence["projected_block"] == 0
    assert "BTC_FEE_LEVELS_UNAVAILABLE" not in codes(d)
    assert elapsed < budget(fault), f"{elapsed:.2f} s (event loop lag up to {matrix.max_lag:.2f} s)"


@pytest.mark.parametrize("fault", PER_ENDPOINT, ids=PER_ENDPOINT_IDS)
def test_fees_command_reports_the_failure(matrix: Matrix, fault: Fault) -> None:
    o = matrix.outcomes[f"fees-cmd-{fault.name}"]
    report = o.result
    assert isinstance(report, FeesReport), report
    assert report.reachable and report.exit_code == 0  # the projected blocks answered
    assert report.state.fees is None
    errors = report.to_dict()["errors"]
    assert len(errors) == 1 and names(errors[0], detail_for(fault, FEES))
    assert o.elapsed < budget(fault)


# ---------------------------------------------------------- whole-server cases


def test_server_that_never_answers_anything(matrix: Matrix) -> None:
    d, elapsed = diagnosis(matrix, "all-never-answer")
    assert (d.verdict, d.exit_code) == (Verdict.UNREACHABLE, 3)
    assert finding(d, "NET_UNREACHABLE").evidence["failures"][0]["reason"] == "unavailable"
    # every request of the first round times out; the host is then marked down for the run
    assert elapsed < budget(FAULTS[1]) + 1.0


def test_server_that_never_answers_with_one_slot_per_host(matrix: Matrix) -> None:
    d, elapsed = diagnosis(matrix, "all-never-answer-one-slot")  # cut off past the budget
    assert (d.verdict, d.exit_code) == (Verdict.UNREACHABLE, 3)
    assert elapsed < budget(FAULTS[1])


def test_network_state_hangs_but_tx_answers(matrix: Matrix) -> None:
    d, elapsed = diagnosis(matrix, "state-never-answers")
    assert (d.verdict, d.exit_code) == (Verdict.PENDING, 0)
    errors = finding(d, "BTC_FEE_LEVELS_UNAVAILABLE").evidence["errors"]
    assert errors and all(names(e, "timed out|no complete answer") for e in errors)
    assert elapsed < budget(FAULTS[1])


def test_rate_limited_server_is_waited_for(matrix: Matrix) -> None:
    """Burst 5, 5/s, Retry-After: 1: the requests beyond the burst wait a second and succeed."""
    d, elapsed = diagnosis(matrix, "rate-limited")
    assert (d.verdict, d.exit_code) == (Verdict.CONFIRMED, 0)
    assert d.facts["confirmations"] == CONFIRMATIONS
    assert elapsed < 2 * 1.0 + SLACK


def test_unreachable_tx_result_is_returned_at_once(matrix: Matrix) -> None:
    d, elapsed = diagnosis(matrix, "unreachable-while-state-retries")
    assert (d.verdict, d.exit_code) == (Verdict.UNREACHABLE, 3)
    assert "HTML" in finding(d, "NET_UNREACHABLE").evidence["failures"][0]["detail"]
    assert elapsed < budget(FAULTS[1])


def test_no_request_after_the_check_returned(matrix: Matrix) -> None:
    assert matrix.outcomes["unreachable-while-state-retries"].late_requests == 0


def test_no_task_exception_in_the_event_loop(matrix: Matrix) -> None:
    assert matrix.loop_errors == []


def test_no_socket_left_open(matrix: Matrix) -> None:
    assert matrix.resource_warnings == []


# --------------------------------------------------------------------- CLI


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str
    exception: BaseException | None  # anything but SystemExit escaping the CLI


def invoke(args: list[str]) -> tuple[CliResult, float]:
    """Run ``txdoctor ARGS`` in-process through its console entry point (whatever the CLI library)."""
    out, err = io.StringIO(), io.StringIO()
    code, exception = 0, None
    with (
        warnings.catch_warnings(),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
        mock.patch.object(sys, "argv", ["txdoctor", *args]),
    ):
        warnings.simplefilter("ignore", ResourceWarning)
        t0 = time.monotonic()
        try:
            cli_main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
        except Exception as exc:
            exception = exc
        elapsed = time.monotonic() - t0
        gc.collect()
    result = CliResult(code, out.getvalue(), err.getvalue(), exception)
    assert result.exception is None, repr(result.exception)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result, elapsed


@pytest.mark.parametrize("fault", FAULTS, ids=FAULT_IDS)
def test_cli_tx_fault_single_provider(fault: Fault) -> None:
    with fake_servers() as make:
        url = faulty(make, fault, TX, mount_confirmed)
        result, elapsed = invoke(
            ["check", CONFIRMED_TXID, "--json", "--timeout", str(TIMEOUT), "--url", f"btc={url}"]
        )
    assert result.exit_code == 3
    data = json.loads(result.stdout)
    assert data["verdict"] == "unreachable"
    top = data["findings"][0]
    assert top["code"] == "NET_UNREACHABLE"
    assert top["evidence"]["failures"][0]["reason"] == fault.reason
    assert names(top["evidence"]["failures"][0]["detail"], detail_for(fault, TX))
    assert elapsed < budget(fault), f"{elapsed:.2f} s"


@pytest.mark.parametrize("fault_name", ["html_200", "50MB_chunked", "redirect_other_host"])
def test_cli_text_report_with_fallback(fault_name: str) -> None:
    fault = next(f for f in FAULTS if f.name == fault_name)
    with fake_servers() as make:
        urls = [faulty(make, fault, TX, mount_confirmed), healthy(make, mount_confirmed)]
        args = ["check", CONFIRMED_TXID, "--timeout", str(TIMEOUT)]
        for u in urls:
            args += ["--url", f"btc={u}"]
        result, _ = invoke(args)
    assert result.exit_code == 0
    assert result.stdout.startswith("CONFIRMED")
    assert f"{CONFIRMATIONS} confirmations" in result.stdout
    assert "NET_PROVIDER_FAILED" in result.stdout


# the API cases above cover every fault; the CLI adds the exit code, the JSON and no traceback
CLI_FEES = ("503", "html_200", "wrong_shape", "50MB_chunked", "redirect_other_host")
QUICK = [f for f in PER_ENDPOINT if f.name in CLI_FEES]


@pytest.mark.parametrize("fault", QUICK, ids=[f.name for f in QUICK])
def test_cli_fees_command_fault(fault: Fault) -> None:
    """`txdoctor fees` when the recommended-fees endpoint misbehaves (projected blocks still answer)."""
    with fake_servers() as make:
        url = faulty(make, fault, FEES, mount_pending)
        result, elapsed = invoke(["fees", "--json", "--timeout", str(TIMEOUT), "--url", f"btc={url}"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["fees"] is None and data["projected_blocks"]
    assert names(data["errors"][0], detail_for(fault, FEES))
    assert elapsed < budget(fault), f"{elapsed:.2f} s"
