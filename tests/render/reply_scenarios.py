"""Diagnoses for the golden files (report and reply): one per verdict of every family.

Every scenario runs the real pipeline (``txdoctor.api.diagnose``; the checks, the catalog's
words) on recorded provider answers replayed with respx, or offline on real inputs; the
source is named in each scenario:

- ``recorded``: real recorded answers (tests/fixtures, provenance in SOURCES.md): mempool.space
  and TronGrid recordings through the other tests' mocks, JSON-RPC recorded from anvil
  (scenarios_evm.py) and from a Litecoin Core regtest node (scenarios_core.py);
- ``recorded (Bitcoin's, served as Litecoin's)``: no recorded litecoinspace.org answer exists,
  so Bitcoin mainnet's recorded Esplora answers are served at Litecoin's explorer, which
  speaks the same API, and asked with ``--chain ltc`` (txids and amounts are Bitcoin's).

Nothing is built by hand: every finding, message and evidence value comes from the checks.
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
from txdoctor.model import Diagnosis, Verdict

NOW = 1767225600.0  # 2026-01-01 00:00 UTC, the clock of every scenario (build)
LITECOIN = "https://litecoinspace.org/api"
LTC_ADDRESS = "LM2WMpR1Rp6j3Sa59cMXMs1SPzj9eXpGc1"  # a P2PKH address from Litecoin's docs (tests/addresses)
TIP = 890448
RBF_ORIGINAL = "242f3fff9ca7d5aea7a7a57d886f3fa7329e24fac948598a991b3a3dd631cd29"
RBF_REPLACEMENT = "b6a53d8a8025c0c5b194345925a99741b645cae0b1f180f0613273029f2bf698"
SENDER_EVM = "0x52908400098527886E0F7030069857D2E4169EE7"
PHRASE_ENTROPY = bytes(range(16))
RAW_FIXTURE = Path(__file__).parent.parent / "fixtures" / "raw-tx" / "btc_mainnet_raw_txs_verified.json"
RAW_BTC = json.loads(RAW_FIXTURE.read_text())["txs"][0]  # 242f3fff…, a signed mainnet transaction

Build = Callable[[respx.Router], Diagnosis]


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


# ------------------------------------------------------------------ Litecoin (Bitcoin's recordings)
# Litecoin's explorer (litecoinspace.org) speaks the same Esplora API: Bitcoin's recorded
# answers replayed there, asked with --chain ltc (the amounts and txids are Bitcoin's).


LTC_SOURCE = "recorded (Bitcoin's, served as Litecoin's)"


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
# TronGrid's recorded answers (tests/fixtures/tron, the TRON tests' TronGrid) at its default URL.

TRONGRID = "https://api.trongrid.io"
OOE_BLOCKS = (66860100, 66860080)  # the tips a few blocks after e63a324a's block 66860010


def _grid(router: respx.Router, tips: tuple[int, int] | None = None) -> Any:
    from tests.families.tron.helpers import TronGrid, now_block

    grid = TronGrid(router, TRONGRID)
    if tips is not None:
        grid.now, grid.solid = now_block(tips[0]), now_block(tips[1])
    mount_fallthrough(router)
    return grid


def _tron(txid: str) -> Diagnosis:
    return diagnose(txid, chain="tron")


def tron_confirmed(router: respx.Router) -> Diagnosis:
    from tests.families.tron.helpers import USDT_TX
    from tests.families.tron.helpers import load as tron_load

    grid = _grid(router)
    grid.txs[USDT_TX] = tron_load("gettransactionbyid_usdt_transfer_661f1df8.json")
    grid.infos[USDT_TX] = tron_load("gettransactioninfobyid_usdt_transfer_success_661f1df8.json")
    return _tron(USDT_TX)


def tron_pending(router: respx.Router) -> Diagnosis:
    """The recorded 661f1df8 body; its info is TronGrid's answer for a tx in no block yet ({})."""
    from tests.families.tron.helpers import USDT_TX
    from tests.families.tron.helpers import load as tron_load

    grid = _grid(router)
    grid.txs[USDT_TX] = tron_load("gettransactionbyid_usdt_transfer_661f1df8.json")
    return _tron(USDT_TX)


def tron_failed(router: respx.Router) -> Diagnosis:
    from tests.families.tron.helpers import OOE_TX
    from tests.families.tron.helpers import load as tron_load

    grid = _grid(router, OOE_BLOCKS)
    grid.infos[OOE_TX] = tron_load("gettransactioninfobyid_out_of_energy_e63a324a.json")
    return _tron(OOE_TX)


def tron_failed_fee_limit(router: respx.Router) -> Diagnosis:
    """e63a324a's recorded info, derived for a 10 TRX fee limit (tests/families/tron/test_causes.py)."""
    from tests.families.tron.helpers import load as tron_load

    txid = "ffe63a324a43aebfe41273db4f7fdfe325b2257b4f5711595a5fc0f8a75cf1b4"
    grid = _grid(router, OOE_BLOCKS)
    grid.txs[txid] = tron_load("gettransactionbyid_out_of_energy_fee_limit_derived.json")
    grid.infos[txid] = tron_load("gettransactioninfobyid_out_of_energy_fee_limit_derived.json")
    return _tron(txid)


def tron_not_found(router: respx.Router) -> Diagnosis:
    _grid(router)
    return _tron("ab" * 32)


def tron_valid(router: respx.Router) -> Diagnosis:
    _grid(router)  # {} for every account: never activated
    return diagnose("TW3NSuhT68vXKdamU7Rkq6sfEVCFwoDfGb", chain="tron")


def tron_unreachable(router: respx.Router) -> Diagnosis:
    from tests.families.tron.helpers import USDT_TX

    router.post(url__startswith=TRONGRID).mock(return_value=httpx.Response(502))
    return _tron(USDT_TX)


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
    "ltc-confirmed": (LTC_SOURCE, ltc_confirmed),
    "ltc-pending": (LTC_SOURCE, ltc_pending),
    "ltc-stuck": (LTC_SOURCE, ltc_stuck),
    "ltc-replaced": (LTC_SOURCE, ltc_replaced),
    "ltc-not_found": (LTC_SOURCE, ltc_not_found),
    "ltc-unreachable": (LTC_SOURCE, ltc_unreachable),
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
    "tron-pending": ("recorded", tron_pending),
    "tron-failed": ("recorded", tron_failed),
    "tron-failed-fee-limit": ("recorded", tron_failed_fee_limit),
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
