"""Diagnoses for the reply's golden files: one per verdict of every family.

Two sources, named in each scenario: ``recorded`` runs the real pipeline on recorded
provider answers (tests/fixtures, through the respx mocks of the other tests) or offline
on real addresses; ``hand-built`` builds the findings by hand with the evidence keys of
docs/evm.md and docs/tron.md (values made up, shaped as the checks emit them). A
hand-built finding's message is a marker that must never reach a reply: the reply is
made from codes and evidence only.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from tests.esplora_mock import (
    BLOCKSTREAM,
    MEMPOOL,
    Explorer,
    congested_state,
    docs_sample,
    load,
    mount_fallthrough,
    quiet_state,
)
from tests.render.scenarios_core import recorded as core_recorded
from tests.render.scenarios_evm import recorded as evm_recorded
from txdoctor.api import diagnose
from txdoctor.model import Category, Diagnosis, Finding, Kind, Severity, Verdict

MARKER = "HAND-BUILT MESSAGE"
NOW = 1767225600.0  # 2026-01-01 00:00 UTC, the clock of every scenario (build)
LITECOIN = "https://litecoinspace.org/api"
LTC_ADDRESS = "LM2WMpR1Rp6j3Sa59cMXMs1SPzj9eXpGc1"  # a P2PKH address from Litecoin's docs (tests/addresses)
TIP = 890448
RBF_ORIGINAL = "242f3fff9ca7d5aea7a7a57d886f3fa7329e24fac948598a991b3a3dd631cd29"
RBF_REPLACEMENT = "b6a53d8a8025c0c5b194345925a99741b645cae0b1f180f0613273029f2bf698"
EVM_HASH = "0x" + "5c" * 32
SENDER_EVM = "0x52908400098527886E0F7030069857D2E4169EE7"
TOKEN_TO = "0x8617E340B3D01FA5F11F306F4090FD50E238070D"
PHRASE_ENTROPY = bytes(range(16))
RAW_FIXTURE = Path(__file__).parent.parent / "fixtures" / "raw-tx" / "btc_mainnet_raw_txs_verified.json"
RAW_BTC = json.loads(RAW_FIXTURE.read_text())["txs"][0]  # 242f3fff…, a signed mainnet transaction

Build = Callable[[respx.Router], Diagnosis]


def hb(
    code: str, evidence: dict[str, Any], verdict: Verdict | None = None, severity: str = "info"
) -> Finding:
    category = Category.FEE if "FEE" in code or "ACTION" in code else Category.STATUS
    return Finding(code, category, Severity(severity), MARKER, MARKER, evidence, verdict)


def hand(
    kind: Kind, chain: str | None, verdict: Verdict, *findings: Finding, text: str = EVM_HASH
) -> Diagnosis:
    return Diagnosis(text, kind, chain, verdict, tuple(findings), {})


# ------------------------------------------------------------------ Bitcoin (recorded)


def btc_confirmed(router: respx.Router) -> Diagnosis:
    tx = load("esplora/mempool_backend_txs_random_4.json")[2]  # block 848136
    Explorer(router, MEMPOOL).state(quiet_state(), TIP)
    Explorer(router, MEMPOOL).tx(tx)
    mount_fallthrough(router)
    return diagnose(tx["txid"])


def btc_pending(router: respx.Router) -> Diagnosis:
    m = Explorer(router, MEMPOOL)
    m.state(quiet_state(), 890447)
    m.tx(load("esplora/mempool_tx_unconfirmed_rbf_replacement_b6a53d8a.json"))
    mount_fallthrough(router)
    return diagnose(RBF_REPLACEMENT)


def btc_stuck(router: respx.Router) -> Diagnosis:
    m = Explorer(router, MEMPOOL)
    m.state(congested_state(), TIP)
    m.tx(load("esplora/mempool_tx_unconfirmed_rbf_original_242f3fff.json"))
    mount_fallthrough(router)
    return diagnose(RBF_ORIGINAL)


def btc_stuck_below_minimum(router: respx.Router) -> Diagnosis:
    tx = load("esplora/mempool_backend_txs_random_4.json")[1]  # 1.06 sat/vB against a minimum of 2
    m = Explorer(router, MEMPOOL)
    m.state(congested_state(), TIP)
    m.tx(tx)
    mount_fallthrough(router)
    return diagnose(tx["txid"])


def btc_replaced(router: respx.Router) -> Diagnosis:
    m = Explorer(router, MEMPOOL)
    m.state(quiet_state(), TIP)
    m.missing_tx(RBF_ORIGINAL)
    m.route(f"v1/tx/{RBF_ORIGINAL}/rbf", load("esplora/mempool_v1_tx_rbf_242f3fff.json"))
    mount_fallthrough(router)
    return diagnose(RBF_ORIGINAL)


def btc_not_found(router: respx.Router) -> Diagnosis:
    mount_fallthrough(router)
    return diagnose("ab" * 32)


def btc_unreachable(router: respx.Router) -> Diagnosis:
    router.get(url__startswith=MEMPOOL).mock(side_effect=httpx.ConnectError("refused"))
    router.get(url__startswith=BLOCKSTREAM).mock(side_effect=httpx.ConnectError("refused"))
    mount_fallthrough(router, skip=(MEMPOOL, BLOCKSTREAM))  # the other networks searched do not know it
    return diagnose("cd" * 32, chain="btc")


def offline(text: str, chain: str | None = None) -> Build:
    return lambda router: diagnose(text, chain=chain, offline=True)


def refused(router: respx.Router) -> Diagnosis:
    from mnemonic import Mnemonic

    return diagnose(Mnemonic("english").to_mnemonic(PHRASE_ENTROPY), offline=True)


def btc_other_network(router: respx.Router) -> Diagnosis:
    """mempool.space's recorded testnet transaction (its API docs), asked on Bitcoin mainnet."""
    sample = docs_sample("get-transaction", "Testnet")["response"]
    Explorer(router, MEMPOOL).state(quiet_state(), TIP)
    Explorer(router, "https://mempool.space/testnet/api").tx(sample)
    mount_fallthrough(router)
    return diagnose(sample["txid"], chain="btc")


# ------------------------------------------------------------------ Litecoin (hand-built)
# Litecoin's explorer (litecoinspace.org) speaks the same Esplora API: Bitcoin's recorded
# answers replayed there, asked with --chain ltc (the amounts and txids are Bitcoin's).


def _ltc(state: dict[str, Any], tx: dict[str, Any] | None, txid: str, router: respx.Router) -> Diagnosis:
    m = Explorer(router, LITECOIN)
    m.state(state, TIP)
    if tx is not None:
        m.tx(tx)
    mount_fallthrough(router)
    return diagnose(txid, chain="ltc")


def ltc_confirmed(router: respx.Router) -> Diagnosis:
    tx = load("esplora/mempool_backend_txs_random_4.json")[2]
    return _ltc(quiet_state(), tx, tx["txid"], router)


def ltc_pending(router: respx.Router) -> Diagnosis:
    tx = load("esplora/mempool_tx_unconfirmed_rbf_replacement_b6a53d8a.json")
    return _ltc(quiet_state(), tx, RBF_REPLACEMENT, router)


def ltc_stuck(router: respx.Router) -> Diagnosis:
    tx = load("esplora/mempool_tx_unconfirmed_rbf_original_242f3fff.json")
    return _ltc(congested_state(), tx, RBF_ORIGINAL, router)


def ltc_replaced(router: respx.Router) -> Diagnosis:
    m = Explorer(router, LITECOIN)
    m.missing_tx(RBF_ORIGINAL)
    m.route(f"v1/tx/{RBF_ORIGINAL}/rbf", load("esplora/mempool_v1_tx_rbf_242f3fff.json"))
    return _ltc(quiet_state(), None, RBF_ORIGINAL, router)


def ltc_not_found(router: respx.Router) -> Diagnosis:
    return _ltc(quiet_state(), None, "ab" * 32, router)


def ltc_unreachable(router: respx.Router) -> Diagnosis:
    router.get(url__startswith=LITECOIN).mock(side_effect=httpx.ConnectError("refused"))
    mount_fallthrough(router, skip=(LITECOIN,))
    return diagnose("cd" * 32, chain="ltc")


# ------------------------------------------------------------------ EVM (recorded: scenarios_evm.py)


# ------------------------------------------------------------------ TRON


def tron_confirmed(router: respx.Router) -> Diagnosis:
    from tests.families.tron.helpers import USDT_TX, TronGrid, check_tx
    from tests.families.tron.helpers import load as tron_load

    grid = TronGrid(router)
    grid.txs[USDT_TX] = tron_load("gettransactionbyid_usdt_transfer_661f1df8.json")
    grid.infos[USDT_TX] = tron_load("gettransactioninfobyid_usdt_transfer_success_661f1df8.json")
    return check_tx(USDT_TX)


def tron_failed(router: respx.Router) -> Diagnosis:
    from tests.families.tron.helpers import OOE_TX, TronGrid, check_tx
    from tests.families.tron.helpers import load as tron_load

    grid = TronGrid(router)
    grid.infos[OOE_TX] = tron_load("gettransactioninfobyid_out_of_energy_e63a324a.json")
    grid.now = {"block_header": {"raw_data": {"number": 66860100}}}
    grid.solid = {"block_header": {"raw_data": {"number": 66860080}}}
    return check_tx(OOE_TX)


def tron_failed_fee_limit(router: respx.Router) -> Diagnosis:
    ev = {
        "fee_trx": "15",
        "fee_limit_sun": 15000000,
        "limited_by": "fee_limit",
        "energy_price_now_sun": 210,
        "energy_needed": 130285,
    }
    return hand(
        Kind.TXID,
        "tron",
        Verdict.FAILED,
        hb("TRON_TX_FAILED", {"fee_trx": "15", "result": "OUT_OF_ENERGY"}, Verdict.FAILED, "error"),
        hb("TRON_OUT_OF_ENERGY", ev, Verdict.FAILED, "error"),
        text="ef" * 32,
    )


def tron_pending(router: respx.Router) -> Diagnosis:
    ev = {"txid": "ef" * 32, "contract_ret": None}
    return hand(
        Kind.TXID, "tron", Verdict.PENDING, hb("TRON_TX_PENDING", ev, Verdict.PENDING), text="ef" * 32
    )


def tron_not_found(router: respx.Router) -> Diagnosis:
    from tests.families.tron.helpers import TronGrid, check_tx

    TronGrid(router)
    return check_tx("ab" * 32)


def tron_valid(router: respx.Router) -> Diagnosis:
    from tests.families.tron.helpers import TronGrid, check_address

    TronGrid(router)  # {} for every account: never activated
    return check_address("TW3NSuhT68vXKdamU7Rkq6sfEVCFwoDfGb")


def tron_unreachable(router: respx.Router) -> Diagnosis:
    from tests.families.tron.helpers import URL, USDT_TX, check_tx

    for path in ("/wallet/gettransactionbyid", "/wallet/gettransactioninfobyid"):
        router.post(URL + path).mock(return_value=httpx.Response(502))
    for path in ("/wallet/getnowblock", "/walletsolidity/getnowblock"):
        router.post(URL + path).mock(return_value=httpx.Response(502))
    return check_tx(USDT_TX)


# name → (source, build). The name is the golden file's: tests/golden/reply/<name>.<lang>.txt
SCENARIOS: dict[str, tuple[str, Build]] = {
    "btc-confirmed": ("recorded", btc_confirmed),
    "btc-pending": ("recorded", btc_pending),
    "btc-stuck": ("recorded", btc_stuck),
    "btc-stuck-below-minimum": ("recorded", btc_stuck_below_minimum),
    "btc-replaced": ("recorded", btc_replaced),
    "btc-not_found": ("recorded", btc_not_found),
    "btc-unreachable": ("recorded", btc_unreachable),
    "btc-not_found-other-network": ("recorded", btc_other_network),
    "btc-stuck-node-min-relay-fee": ("recorded", core_recorded("btc-stuck-node-min-relay-fee")),
    "btc-replaced-node-inputs-spent": ("recorded", core_recorded("btc-replaced-node-inputs-spent")),
    "btc-invalid-node-dust": ("recorded", core_recorded("btc-invalid-node-dust")),
    "btc-valid": ("recorded", offline("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq")),
    "btc-invalid": ("recorded", offline("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdx")),
    "btc-valid-raw-tx-offline": ("recorded", offline(RAW_BTC["hex"])),
    "btc-invalid-wrong-network": ("recorded", offline("tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx", "btc")),
    "ltc-confirmed": ("hand-built", ltc_confirmed),
    "ltc-pending": ("hand-built", ltc_pending),
    "ltc-stuck": ("hand-built", ltc_stuck),
    "ltc-replaced": ("hand-built", ltc_replaced),
    "ltc-not_found": ("hand-built", ltc_not_found),
    "ltc-unreachable": ("hand-built", ltc_unreachable),
    "ltc-valid": ("recorded", offline(LTC_ADDRESS)),
    "ltc-invalid": ("recorded", offline(LTC_ADDRESS[:-1] + "2")),
    "ltc-invalid-wrong-network": ("recorded", offline(LTC_ADDRESS, "btc")),
    "any-refused": ("recorded", refused),
    "any-invalid-input": ("recorded", offline("https://example.com/about")),
    "evm-confirmed": ("recorded", evm_recorded("evm-confirmed")),
    "evm-pending": ("recorded", evm_recorded("evm-pending")),
    "evm-stuck": ("recorded", evm_recorded("evm-stuck")),
    "evm-stuck-nonce-gap": ("recorded", evm_recorded("evm-stuck-nonce-gap")),
    "evm-stuck-no-funds": ("recorded", evm_recorded("evm-stuck-no-funds")),
    "evm-replaced": ("recorded", evm_recorded("evm-replaced")),
    "evm-failed": ("recorded", evm_recorded("evm-failed")),
    "evm-failed-out-of-gas": ("recorded", evm_recorded("evm-failed-out-of-gas")),
    "evm-not_found": ("recorded", evm_recorded("evm-not_found")),
    "evm-not_found-anywhere": ("recorded", evm_recorded("evm-not_found-anywhere")),
    "evm-unreachable": ("recorded", evm_recorded("evm-unreachable")),
    "evm-valid": ("recorded", offline(SENDER_EVM)),
    "evm-invalid": ("recorded", offline("0x52908400098527886E0F7030069857D2E4169Ee7")),
    "tron-confirmed": ("recorded", tron_confirmed),
    "tron-pending": ("hand-built", tron_pending),
    "tron-failed": ("recorded", tron_failed),
    "tron-failed-fee-limit": ("hand-built", tron_failed_fee_limit),
    "tron-not_found": ("recorded", tron_not_found),
    "tron-valid": ("recorded", tron_valid),
    "tron-invalid-token-contract": ("recorded", offline("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "tron")),
    "tron-invalid": ("recorded", offline("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u")),
    "tron-unreachable": ("recorded", tron_unreachable),
}

# The verdict each scenario must have (the golden files are only worth something if it holds).
VERDICTS: dict[str, Verdict] = {name: Verdict(name.split("-")[1]) for name in SCENARIOS}


def build(name: str, router: respx.Router, monkeypatch: pytest.MonkeyPatch) -> Diagnosis:
    """The scenario's diagnosis at the pinned clock (ages such as "first seen 274 days ago" stay
    put), checked to have the scenario's verdict."""
    monkeypatch.setattr(time, "time", lambda: NOW)
    d = SCENARIOS[name][1](router)
    assert d.verdict is VERDICTS[name], [f.code for f in d.findings]
    return d
