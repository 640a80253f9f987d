"""No family's finding codes outside its package (issue 9: a core that knows no family).

A family's codes are the ones its ``codes.py`` lists. The core, the renderers and the runner
reach what a family's findings mean through the family table's hooks (``reply_parts``,
``watch_parts``, ``next_step``…), never by naming a code: a string literal naming one (alone or
inside a catalog key such as ``"finding.EVM_X.on"``) in ``txdoctor/core/``, ``txdoctor/render/``
or ``txdoctor/runner.py`` fails here. Docstrings are prose and are not read; comments are not
in the syntax tree.
"""

from __future__ import annotations

import ast
import importlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from txdoctor.core.families import FAMILIES

ROOT = Path(__file__).resolve().parents[1] / "txdoctor"
NEUTRAL = sorted([*(ROOT / "core").rglob("*.py"), *(ROOT / "render").rglob("*.py"), ROOT / "runner.py"])


def family_codes() -> dict[str, str]:
    """Every code a family's ``codes.py`` lists → the family's name."""
    out: dict[str, str] = {}
    for spec in FAMILIES:
        module = importlib.import_module(f"txdoctor.families.{spec.name}.codes")
        for section in module.SECTIONS:
            out.update(dict.fromkeys(section.codes, spec.name))
    return out


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the string constants that are a module's, class's or function's docstring."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                out.add(id(body[0].value))
    return out


def named_codes(source: str, codes: dict[str, str]) -> Iterator[tuple[int, str]]:
    """(line, code) for each family code a string literal of ``source`` names."""
    pattern = re.compile(r"(?<![A-Z0-9_])(" + "|".join(map(re.escape, codes)) + r")(?![A-Z0-9_])")
    tree = ast.parse(source)
    skip = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            for match in pattern.finditer(node.value):
                yield node.lineno, match.group(1)


def test_every_family_lists_codes() -> None:
    codes = family_codes()
    assert {codes[c] for c in ("BTC_TX_CONFIRMED", "EVM_NONCE_GAP", "TRON_OUT_OF_ENERGY")} == {
        "bitcoin",
        "evm",
        "tron",
    }
    assert "INPUT_EMPTY" not in codes and "ADDR_INVALID" not in codes  # the core's own
    assert len(NEUTRAL) > 20 and ROOT / "render" / "reply_steps.py" in NEUTRAL


@pytest.mark.parametrize("path", NEUTRAL, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_family_code_outside_the_families(path: Path) -> None:
    found = list(named_codes(path.read_text(encoding="utf-8"), family_codes()))
    assert found == [], f"{path.relative_to(ROOT)} names family codes (use a family hook): {found}"


def test_the_scan_sees_codes_in_literals_and_keys_not_in_docstrings_or_prefixes() -> None:
    """The reader is what the rule stands on: a code in a tuple, a call, a catalog key or an
    f-string is found; a docstring, a comment, a longer code or a prefix is not."""
    codes = {"EVM_TX_SUCCESS": "evm", "BTC_ACTION_RBF": "bitcoin"}
    source = (
        '"""EVM_TX_SUCCESS in a docstring."""\n'
        "def f(r):\n"
        '    """BTC_ACTION_RBF in a docstring."""\n'
        "    # EVM_TX_SUCCESS in a comment\n"
        '    r.ev("BTC_TX_CONFIRMED", "EVM_TX_SUCCESS")\n'
        '    key = "finding.BTC_ACTION_RBF.todo"\n'
        '    other = f"x {r} EVM_TX_SUCCESS"\n'
        '    return ("EVM_TX_SUCCESS_LATER", "BTC_ACTION_", key, other)\n'
    )
    assert sorted(named_codes(source, codes)) == [
        (5, "EVM_TX_SUCCESS"),
        (6, "BTC_ACTION_RBF"),
        (7, "EVM_TX_SUCCESS"),
    ]
