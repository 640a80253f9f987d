"""The EVM family imports the core and itself only (function-level imports counted); the
Bitcoin and offline paths never load its online modules (nor web3); they load lazily."""

from __future__ import annotations

import ast
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import txdoctor

PACKAGE = Path(txdoctor.__file__).parent / "families" / "evm"
# Neither another family, nor the dispatcher, nor the app layer above it.
FORBIDDEN = (
    "txdoctor.families.bitcoin",
    "txdoctor.families.tron",
    "txdoctor.core.dispatch",
    "txdoctor.api",
    "txdoctor.cli",
    "txdoctor.runner",
    "txdoctor.batch",
    "txdoctor.render",
    "txdoctor.fees_command",
)


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at any depth (inside functions and TYPE_CHECKING too)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
            out.update(f"{node.module}.{alias.name}" for alias in node.names)
    return out


def test_the_family_imports_no_other_family_nor_the_layers_above() -> None:
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) >= 25
    bad = {
        str(f.relative_to(PACKAGE)): sorted(m for m in imported_modules(f) if m.startswith(FORBIDDEN))
        for f in files
        if any(m.startswith(FORBIDDEN) for m in imported_modules(f))
    }
    assert bad == {}


def test_the_import_check_catches_a_function_level_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from txdoctor.families.tron.facts import trx\n")
    assert "txdoctor.families.tron.facts" in imported_modules(sample)


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
