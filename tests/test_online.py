"""Smoke tests against the real public providers. Skipped by default (they need the internet):

    .venv/bin/python -m pytest -m online tests/test_online.py

They check that the live APIs still have the shape txdoctor parses, on transfers whose
outcome cannot change any more.
"""

from __future__ import annotations

import pytest

from txdoctor.api import diagnose
from txdoctor.model import Verdict

pytestmark = pytest.mark.online


def test_bitcoin_confirmed_tx_live() -> None:
    # the mempool.space API docs' sample transaction, block 363348
    d = diagnose("15e10745f15593a899cef391191bdd3d7c12412cc4696b7bcb669d0feadc8521", chain="btc")
    assert d.verdict is Verdict.CONFIRMED
    assert d.facts["block_height"] == 363348
    assert d.facts["confirmations"] > 500_000


def test_bitcoin_address_live() -> None:
    d = diagnose("1wiz18xYmhRX6xStj2b9t1rwWX4GKUgpv")
    assert d.verdict is Verdict.VALID
    assert d.facts["activity"]["btc"]["confirmed_tx_count"] >= 7


def test_bitcoin_fees_live() -> None:
    import asyncio

    from txdoctor.core.session import Options
    from txdoctor.fees_command import fees_report

    report = asyncio.run(fees_report(Options(chain="btc")))
    assert report.reachable


def test_tron_out_of_energy_live() -> None:
    # e63a324a…: a USDT transfer that ran out of energy in block 66860010 (Nov 2024, 210 sun per energy)
    d = diagnose("e63a324a43aebfe41273db4f7fdfe325b2257b4f5711595a5fc0f8a75cf1b481", chain="tron")
    assert d.verdict is Verdict.FAILED
    ooe = next(f for f in d.findings if f.code == "TRON_OUT_OF_ENERGY")
    assert ooe.evidence["energy_limit"] == 78572 and ooe.evidence["energy_price_sun"] == 210
    assert ooe.evidence["limited_by"] in ("account", "fee_limit")


def test_tron_fees_live() -> None:
    import asyncio

    from txdoctor.core.session import Options
    from txdoctor.fees_command import fees_report

    report = asyncio.run(fees_report(Options(chain="tron")))
    assert report.reachable
    d = report.to_dict()
    assert 0 < d["energy_price_sun"] < 10_000 and d["usdt_transfer"]["to_new_holder"]["energy"] > 100_000
