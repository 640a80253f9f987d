"""`--chain` decides where a 0x hash is looked up (issue 8 item 3)."""

from __future__ import annotations

import json

import respx

from tests.cli_runner import CliRunner
from tests.esplora_mock import Explorer, docs_sample, mount_fallthrough, quiet_state
from tests.findings_helpers import codes, finding
from txdoctor.api import diagnose
from txdoctor.cli import app
from txdoctor.model import Verdict

TESTNET = "https://mempool.space/testnet/api"
TRON_HOSTS = {"api.trongrid.io", "nile.trongrid.io", "api.shasta.trongrid.io"}


def test_a_0x_hash_with_a_bitcoin_chain_is_looked_up_there_only(router: respx.Router) -> None:
    """Regression: `check 0x<64 hex> --chain btc-testnet` asked 12 public EVM endpoints."""
    sample = docs_sample("get-transaction", "Testnet")["response"]  # a real testnet3 tx
    test = Explorer(router, TESTNET)
    test.state(quiet_state(), 2091200)
    test.tx(sample)
    mount_fallthrough(router)
    d = diagnose("0x" + sample["txid"], chain="btc-testnet")
    assert (d.verdict, d.chain, d.input) == (Verdict.CONFIRMED, "btc-testnet", sample["txid"])
    assert finding(d, "INPUT_HEX_PREFIX_DROPPED").evidence == {"txid": sample["txid"], "chain": "btc-testnet"}
    hosts = {c.request.url.host for c in router.calls}  # Bitcoin's networks, Litecoin and TRON's: no EVM host
    assert hosts <= {"mempool.space", "blockstream.info", "litecoinspace.org"} | TRON_HOSTS


def test_a_0x_hash_with_tron_is_looked_up_on_tron_only(router: respx.Router) -> None:
    txid = "ef" * 32
    mount_fallthrough(router)  # TronGrid answers {} for an unknown transaction
    result = CliRunner().invoke(app, ["check", "0x" + txid.upper(), "--chain", "tron", "--json"])
    data = json.loads(result.stdout)
    assert (result.exit_code, data["verdict"], data["chain"], data["input"]) == (1, "not_found", "tron", txid)
    assert "INPUT_HEX_PREFIX_DROPPED" in [f["code"] for f in data["findings"]]
    assert {c.request.url.host for c in router.calls} == TRON_HOSTS  # TRON's networks only


def test_offline_a_0x_hash_with_a_bitcoin_chain_names_that_chain() -> None:
    d = diagnose("0x" + "ab" * 32, chain="btc-signet", offline=True)
    assert (d.verdict, d.chain) == (Verdict.VALID, "btc-signet")
    assert "INPUT_HEX_PREFIX_DROPPED" in codes(d)
