"""`fees` without projected blocks (a Core node, plain Esplora) over a mempool under one block."""

from __future__ import annotations

from txdoctor.families.bitcoin.facts import BtcNetworkState, FeeLevels, MempoolState
from txdoctor.families.bitcoin.fees_report import FeesReport

FEES = FeeLevels(fastest=20, half_hour=20, hour=20, economy=20, minimum=1, source="estimatesmartfee")


def test_fees_says_the_next_block_takes_the_minimum_when_the_mempool_fits_in_it() -> None:
    """`next block 20 sat/vB` (estimatesmartfee, from past blocks) while a 1 sat/vB transaction
    was mined by the next block (litecoind regtest): the report says the mempool has room."""
    quiet = FeesReport(
        "ltc-regtest", "Litecoin regtest", BtcNetworkState(112, FEES, (), MempoolState(2, 1026, 0))
    )
    assert quiet.to_dict()["congestion"]["next_block_fee"] == 1
    assert "the whole mempool fits in the next block: any rate from 1 sat/vB goes in now" in "\n".join(
        quiet.text()
    )
    busy = FeesReport("ltc", "Litecoin", BtcNetworkState(112, FEES, (), MempoolState(9000, 3_000_000, 0)))
    assert busy.to_dict()["congestion"]["next_block_fee"] == 20
    assert not any("fits in the next block" in line for line in busy.text())


def test_fees_for_a_network_without_a_default_provider_says_how_to_give_one() -> None:
    from tests.cli_runner import CliRunner
    from txdoctor.cli import app

    result = CliRunner().invoke(app, ["fees", "--chain", "btc-regtest"])
    assert result.exit_code == 2
    assert "--url btc-regtest=URL" in result.stderr and "TXDOCTOR_URL_BTC_REGTEST=URL" in result.stderr
