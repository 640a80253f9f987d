"""The Bitcoin and offline paths never load the EVM family's online modules (nor web3);
they load lazily. What the family may import is tests/test_layers.py's rule for every family."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

# Loaded only online: the network stack, the EVM endpoints and the checks of a looked-up transaction.
HEAVY = (
    "httpx",
    "txdoctor.families.evm.source",
    "txdoctor.families.evm.rpc",
    "txdoctor.families.evm.details",
    "txdoctor.families.evm.facts",
    "txdoctor.families.evm.checks.tx",
)

SCRIPT = r"""
import json, sys
HEAVY = sys.argv[1].split(",")
from txdoctor.api import diagnose
runs = {
    "btc_address_offline": diagnose("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", offline=True).verdict.value,
    "btc_txid_offline": diagnose("f" * 64, offline=True).verdict.value,
}
loaded_btc = sorted(m for m in sys.modules if m.startswith(("txdoctor.families.evm", "web3", "eth_")))
evm = diagnose("0x" + "ab" * 32, offline=True).verdict.value
evm_addr = diagnose("0x2222222222222222222222222222222222222222", offline=True).verdict.value
heavy = sorted(m for m in sys.modules if m in HEAVY)
out = {"runs": runs, "loaded_btc": loaded_btc, "evm": [evm, evm_addr], "heavy_offline_evm": heavy}
print(json.dumps(out))
"""


def test_bitcoin_and_offline_paths_do_not_import_evm_modules() -> None:
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, ",".join(HEAVY)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["runs"] == {"btc_address_offline": "valid", "btc_txid_offline": "valid"}
    assert result["loaded_btc"] == []
    # an offline EVM check loads the family's diagnosis, not the network stack, endpoints or checks
    assert result["evm"] == ["valid", "valid"]
    assert result["heavy_offline_evm"] == []


def test_the_guarded_modules_exist() -> None:
    """A guard naming a module that was moved or renamed would pass for nothing."""
    assert [m for m in HEAVY if importlib.util.find_spec(m) is None] == []
