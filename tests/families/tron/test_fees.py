"""`txdoctor fees --chain tron` on recorded answers: getchainparameters (Edge's mainnet
recording, 420 sun per energy) and getaccountresource (Tatum's docs example)."""

from __future__ import annotations

import json

import httpx
import respx

from tests.cli_runner import CliRunner
from tests.families.tron.helpers import TronGrid, load
from txdoctor.cli import app

TRONGRID = "https://api.trongrid.io"
USDT = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"
runner = CliRunner()


def test_fees_for_tron(router: respx.Router) -> None:
    grid = TronGrid(router, TRONGRID)
    grid.resources[USDT] = load("getaccountresource_tatum_docs.json")
    result = runner.invoke(app, ["fees", "--chain", "tron", "--json"])
    assert result.exit_code == 0
    d = json.loads(result.stdout)
    assert (d["chain"], d["reachable"], d["energy_price_sun"], d["bandwidth_price_sun"]) == (
        "tron",
        True,
        420,
        1000,
    )
    assert (d["account_creation_fee_sun"], d["free_bandwidth_per_day"]) == (1_000_000, 600)
    holder, new = d["usdt_transfer"]["to_holder"], d["usdt_transfer"]["to_new_holder"]
    # energy x price + bandwidth x price: 64,285 x 420 + 345 x 1,000 sun
    assert (holder["energy"], holder["burn_sun"], holder["burn_trx"]) == (64285, 27_344_700, "27.3447")
    assert (new["energy"], new["burn_sun"], new["burn_trx"]) == (130285, 55_064_700, "55.0647")
    assert holder["with_energy_trx"] == "0" and holder["with_energy_no_free_bandwidth_trx"] == "0.345"
    per_trx = 50_000_000_000_000 / 12_189_370_443  # the recorded network totals: ~4,102 energy per TRX
    assert (holder["stake_trx_for_daily_energy"], new["stake_trx_for_daily_energy"]) == (16, 32)
    assert round(64285 / per_trx) == 16
    text = runner.invoke(app, ["fees", "--chain", "tron"]).stdout
    assert "420 sun per energy" in text and "27.3447 TRX burned" in text and "55.0647 TRX burned" in text
    assert "1 TRX (account creation)" in text and "staking ~16 TRX gives that energy daily" in text


def test_fees_for_tron_unreachable(router: respx.Router) -> None:
    router.post(TRONGRID + "/wallet/getchainparameters").mock(return_value=httpx.Response(503))
    router.post(TRONGRID + "/wallet/getaccountresource").mock(return_value=httpx.Response(503))
    result = runner.invoke(app, ["fees", "--chain", "tron-nile", "--json", "--url", f"tron-nile={TRONGRID}"])
    d = json.loads(result.stdout)
    assert result.exit_code == 3 and d["reachable"] is False and d["usdt_transfer"] is None
    assert len(d["errors"]) == 1 and TRONGRID in d["errors"][0]  # the endpoint is named once
