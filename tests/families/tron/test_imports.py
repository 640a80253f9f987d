"""The TRON family imports the core and itself only (function-level imports counted), and its
offline paths load neither the network stack nor TronGrid's modules."""

from __future__ import annotations

import ast
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import txdoctor

PACKAGE = Path(txdoctor.__file__).parent / "families" / "tron"
# Neither another family, nor the dispatcher, nor the app layer above it.
FORBIDDEN = (
    "txdoctor.families.bitcoin",
    "txdoctor.families.evm",
    "txdoctor.core.dispatch",
    "txdoctor.api",
    "txdoctor.cli",
    "txdoctor.runner",
    "txdoctor.batch",
    "txdoctor.render",
    "txdoctor.fees_command",
)
HEAVY = (
    "httpx",
    "txdoctor.families.tron.trongrid",
    "txdoctor.families.tron.trongrid_calls",
    "txdoctor.families.tron.extra",
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
    files = sorted(PACKAGE.glob("*.py"))
    assert len(files) >= 10
    bad = {
        f.name: sorted(m for m in imported_modules(f) if m.startswith(FORBIDDEN))
        for f in files
        if any(m.startswith(FORBIDDEN) for m in imported_modules(f))
    }
    assert bad == {}


def test_the_import_check_catches_a_function_level_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from txdoctor.families.evm.facts import GWEI\n")
    assert "txdoctor.families.evm.facts" in imported_modules(sample)


SCRIPT = r"""
import json, sys
from txdoctor.api import diagnose
verdicts = [
    diagnose("ab" * 32, chain="tron", offline=True).verdict.value,
    diagnose("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", offline=True).verdict.value,
]
heavy = sorted(m for m in sys.modules if m in sys.argv[1].split(","))
print(json.dumps({"verdicts": verdicts, "heavy": heavy}))
"""


def test_offline_tron_checks_load_no_network_modules() -> None:
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, ",".join(HEAVY)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result == {"verdicts": ["valid", "invalid"], "heavy": []}


def test_the_guarded_modules_exist() -> None:
    """A guard naming a module that was moved or renamed would pass for nothing."""
    assert [m for m in (*HEAVY, *FORBIDDEN) if importlib.util.find_spec(m) is None] == []
