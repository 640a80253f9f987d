"""The Bitcoin and offline paths never load the EVM modules (nor web3); the EVM modules load lazily."""

from __future__ import annotations

import json
import subprocess
import sys

SCRIPT = r"""
import json, sys
from txdoctor.api import diagnose
runs = {
    "btc_address_offline": diagnose("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", offline=True).verdict.value,
    "btc_txid_offline": diagnose("f" * 64, offline=True).verdict.value,
}
loaded_btc = sorted(m for m in sys.modules if m.startswith(("txdoctor.evm", "txdoctor.providers.evm",
    "txdoctor.checks.evm", "web3", "eth_", "eth_abi", "eth_utils")))
evm = diagnose("0x" + "ab" * 32, offline=True).verdict.value
evm_addr = diagnose("0x2222222222222222222222222222222222222222", offline=True).verdict.value
heavy = sorted(m for m in sys.modules if m in ("httpx", "txdoctor.providers.evm",
    "txdoctor.providers.evm_rpc", "txdoctor.checks.evm", "web3"))
out = {"runs": runs, "loaded_btc": loaded_btc, "evm": [evm, evm_addr], "heavy_offline_evm": heavy}
print(json.dumps(out))
"""


def test_bitcoin_and_offline_paths_do_not_import_evm_modules() -> None:
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=60, check=True
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["runs"] == {"btc_address_offline": "valid", "btc_txid_offline": "valid"}
    assert result["loaded_btc"] == []
    # an offline EVM check loads txdoctor.evm, but neither the network stack nor the EVM providers/checks
    assert result["evm"] == ["valid", "valid"]
    assert result["heavy_offline_evm"] == []
