"""The TRON family's offline paths load neither the network stack nor TronGrid's modules.
What the family may import is tests/test_layers.py's rule for every family."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

HEAVY = (
    "httpx",
    "txdoctor.families.tron.trongrid",
    "txdoctor.families.tron.trongrid_calls",
    "txdoctor.families.tron.extra",
)


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
    assert [m for m in HEAVY if importlib.util.find_spec(m) is None] == []
