"""aiohttp, a batch's HTTP client, fails as httpx does: the fault matrix's transport faults.

Every fault of tests/test_faults.py on ``/tx`` (refused, silent, dripping, reset, hung up,
429s, 5xx, HTML, truncated, wrong shape, 50 MB bodies, a redirect elsewhere), with one
provider and with a healthy fallback, run through ``Http`` with aiohttp under it: the same
verdict, failure reason, detail and time budget as the httpx cases there.
"""

from __future__ import annotations

import asyncio
import time
import warnings
from collections.abc import Iterator
from typing import Any

import pytest

from tests.fakeserver import fake_servers
from tests.findings_helpers import finding
from tests.test_faults import (
    CONFIRMATIONS,
    CONFIRMED_TXID,
    FAULT_IDS,
    FAULTS,
    TIMEOUT,
    TX,
    Fault,
    budget,
    detail_for,
    faulty,
    healthy,
    mount_confirmed,
    names,
)
from txdoctor.core.dispatch import diagnose_input
from txdoctor.core.session import Options, Session
from txdoctor.model import Diagnosis, Verdict

pytest.importorskip("aiohttp")


async def _one(urls: list[str], slots: asyncio.Semaphore) -> tuple[Diagnosis, float, bool]:
    options = Options(urls={"btc": urls}, timeout=TIMEOUT, environ={}, http_client="aiohttp")
    async with slots:
        t0 = time.monotonic()
        async with Session(options) as session:
            d = await diagnose_input(session, CONFIRMED_TXID)
            used_aiohttp = session.http._aio is not None
        return d, time.monotonic() - t0, used_aiohttp


@pytest.fixture(scope="module")
def outcomes() -> Iterator[dict[str, tuple[Diagnosis, float, bool]]]:
    with fake_servers() as make:
        cases: dict[str, list[str]] = {}
        for f in FAULTS:
            cases[f"single-{f.name}"] = [faulty(make, f, TX, mount_confirmed)]
            cases[f"fallback-{f.name}"] = [
                faulty(make, f, TX, mount_confirmed),
                healthy(make, mount_confirmed),
            ]

        async def run() -> dict[str, Any]:
            slots = asyncio.Semaphore(12)
            got = await asyncio.gather(*(_one(urls, slots) for urls in cases.values()))
            return dict(zip(cases, got, strict=True))

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)  # recorded by test_faults; not this test's
            yield asyncio.run(run())


@pytest.mark.parametrize("fault", FAULTS, ids=FAULT_IDS)
def test_one_provider_fault_is_the_same_failure(
    outcomes: dict[str, tuple[Diagnosis, float, bool]], fault: Fault
) -> None:
    d, elapsed, used_aiohttp = outcomes[f"single-{fault.name}"]
    assert used_aiohttp
    assert (d.verdict, d.exit_code) == (Verdict.UNREACHABLE, 3)
    failures = finding(d, "NET_UNREACHABLE").evidence["failures"]
    assert [f["reason"] for f in failures] == [fault.reason]
    assert names(failures[0]["detail"], detail_for(fault, TX)), failures[0]["detail"]
    assert elapsed < budget(fault), f"{elapsed:.2f} s"


@pytest.mark.parametrize("fault", FAULTS, ids=FAULT_IDS)
def test_with_a_fallback_the_diagnosis_is_whole(
    outcomes: dict[str, tuple[Diagnosis, float, bool]], fault: Fault
) -> None:
    d, elapsed, _ = outcomes[f"fallback-{fault.name}"]
    assert (d.verdict, d.exit_code) == (Verdict.CONFIRMED, 0)
    assert d.facts["confirmations"] == CONFIRMATIONS
    failed = finding(d, "NET_PROVIDER_FAILED").evidence["failures"]
    assert [f["reason"] for f in failed] == [fault.reason]
    assert names(failed[0]["detail"], detail_for(fault, TX)), failed[0]["detail"]
    assert elapsed < budget(fault), f"{elapsed:.2f} s"
