"""TRON reached from the CLI: --chain tron, a TRON address, and a bare txid found only on TRON."""

from __future__ import annotations

import json

import httpx
import respx

from tests.cli_runner import CliRunner
from tests.esplora_mock import MEMPOOL, Explorer, mount_fallthrough, quiet_state
from tests.families.tron.helpers import USDT_TX, TronGrid, load
from txdoctor.cli import app

TRONGRID = "https://api.trongrid.io"
runner = CliRunner()


def grid(router: respx.Router) -> TronGrid:
    g = TronGrid(router, TRONGRID)
    g.txs[USDT_TX] = load("gettransactionbyid_usdt_transfer_661f1df8.json")
    g.infos[USDT_TX] = load("gettransactioninfobyid_usdt_transfer_success_661f1df8.json")
    return g


def test_chain_tron_through_the_cli(router: respx.Router) -> None:
    grid(router)
    result = runner.invoke(app, ["check", USDT_TX, "--chain", "tron", "--json"])
    data = json.loads(result.stdout)
    assert (result.exit_code, data["verdict"], data["chain"]) == (0, "confirmed", "tron")
    assert "TRON_TOKEN_TRANSFER" in [f["code"] for f in data["findings"]]


def test_a_bare_txid_found_only_on_tron_is_diagnosed_there(router: respx.Router) -> None:
    grid(router)
    Explorer(router, MEMPOOL).state(quiet_state(), 890448)
    mount_fallthrough(router)
    result = runner.invoke(app, ["check", USDT_TX, "--json", "--no-cache"])
    data = json.loads(result.stdout)
    assert (result.exit_code, data["verdict"], data["chain"]) == (0, "confirmed", "tron")
    codes = [f["code"] for f in data["findings"]]
    assert "BTC_TX_NETWORK_INFERRED" in codes and "INPUT_MAYBE_PRIVATE_KEY" not in codes
    explicit = json.loads(runner.invoke(app, ["check", USDT_TX, "--chain", "btc", "--json"]).stdout)
    assert explicit["verdict"] == "not_found"
    other = next(f for f in explicit["findings"] if f["code"] == "BTC_TX_ON_OTHER_NETWORK")
    assert other["evidence"]["found_on"] == ["tron"]
    assert "--chain tron" in other["advice"]


def test_a_tron_address_is_looked_up(router: respx.Router) -> None:
    g = grid(router)
    address = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"
    g.accounts[address] = {"address": address, "balance": 1_500_000, "create_time": 1555400628000}
    result = runner.invoke(app, ["check", address, "--json"])
    data = json.loads(result.stdout)
    # TRON's USDT contract: looked up, and not a destination (issue 8 item 6).
    assert (result.exit_code, data["verdict"], data["chain"]) == (1, "invalid", "tron")
    assert data["findings"][0]["code"] == "TRON_ADDRESS_IS_TOKEN_CONTRACT"
    assert "TRON_ADDRESS_ACTIVITY" in [f["code"] for f in data["findings"]]
    assert "ADDR_OTHER_CHAIN" not in [f["code"] for f in data["findings"]]


def test_the_trongrid_key_from_the_config_file_is_sent_and_never_shown(
    router: respx.Router, tmp_path: object, monkeypatch: object
) -> None:
    from pathlib import Path

    import pytest

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    config = Path(str(tmp_path)) / "config.toml"
    config.write_text('[keys]\ntrongrid = "k-3f9a7c-secret"\n')
    config.chmod(0o600)
    monkeypatch.setenv("TXDOCTOR_CONFIG", str(config))
    g = grid(router)
    result = runner.invoke(app, ["check", USDT_TX, "--chain", "tron"])
    assert result.exit_code == 0
    assert g.requests and all(r.headers.get("TRON-PRO-API-KEY") == "k-3f9a7c-secret" for r in g.requests)
    assert "k-3f9a7c-secret" not in result.output


def test_tron_testnets_are_chains_with_their_own_trongrid(router: respx.Router) -> None:
    from txdoctor.core.chains import CHAINS, get_chain

    nile, shasta = get_chain("tron-nile"), get_chain("TRON-Shasta")
    assert (nile.family, nile.default_urls) == ("tron", ("https://nile.trongrid.io",))
    assert (shasta.family, shasta.default_urls) == ("tron", ("https://api.shasta.trongrid.io",))
    assert nile.is_test_network and shasta.is_test_network and not CHAINS["tron"].is_test_network
    assert (nile.env_var, shasta.symbol) == ("TXDOCTOR_URL_TRON_NILE", "TRX")
    g = TronGrid(router, "https://nile.trongrid.io")
    g.txs[USDT_TX] = load("gettransactionbyid_usdt_transfer_661f1df8.json")
    g.infos[USDT_TX] = load("gettransactioninfobyid_usdt_transfer_success_661f1df8.json")
    mainnet = router.post(TRONGRID + "/wallet/gettransactionbyid").mock(
        return_value=httpx.Response(200, json={})
    )
    router.post("https://api.shasta.trongrid.io/wallet/gettransactionbyid").mock(
        return_value=httpx.Response(200, json={})
    )
    result = runner.invoke(app, ["check", USDT_TX, "--chain", "tron-nile", "--json"])
    data = json.loads(result.stdout)
    assert (result.exit_code, data["verdict"], data["chain"]) == (0, "confirmed", "tron-nile")
    assert data["facts"]["provider"] == "https://nile.trongrid.io"  # the answer is Nile's
    # TRON's other networks are searched at the same time (issue 8 item 5): one "is it here?" each
    assert g.requests and mainnet.call_count == 1


def test_a_tron_address_checked_on_shasta(router: respx.Router) -> None:
    g = TronGrid(router, "https://api.shasta.trongrid.io")
    address = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"
    g.accounts[address] = {"address": address, "balance": 1_500_000, "create_time": 1555400628000}
    result = runner.invoke(app, ["check", address, "--chain", "tron-shasta", "--json"])
    data = json.loads(result.stdout)
    assert (result.exit_code, data["verdict"], data["chain"]) == (0, "valid", "tron-shasta")
    codes = [f["code"] for f in data["findings"]]
    assert "ADDR_WRONG_CHAIN" not in codes and "ADDR_OTHER_CHAIN" not in codes
    assert g.requests
