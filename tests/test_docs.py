"""The public contract is documented: every finding code, every verdict, the schema."""

from __future__ import annotations

import json
import re
from pathlib import Path

from txdoctor.model import EXIT_CODES, Category, Severity, Verdict

ROOT = Path(__file__).parent.parent
CODE = re.compile(r"^(BTC|EVM|TRON|ADDR|NET|INPUT|INTERNAL|WATCH)_[A-Z0-9_]*[A-Z0-9]$")


LITERAL = re.compile(r"""["']((?:BTC|EVM|TRON|ADDR|NET|INPUT|INTERNAL|WATCH)_[A-Z0-9_]*[A-Z0-9])["']""")


def emitted_codes() -> set[str]:
    """Every code-shaped string literal in the package (read as text: no ast needed)."""
    codes = set()
    for path in (ROOT / "txdoctor").rglob("*.py"):
        codes.update(m for m in LITERAL.findall(path.read_text()) if CODE.match(m))
    return codes


def test_every_finding_code_is_documented() -> None:
    docs = "".join(p.read_text() for p in (ROOT / "docs").glob("*.md"))
    codes = emitted_codes()
    assert len(codes) > 30
    missing = sorted(c for c in codes if f"`{c}`" not in docs)
    assert not missing, f"document these finding codes in docs/: {missing}"


def test_contract_lists_every_verdict_category_severity_and_exit_code() -> None:
    contract = (ROOT / "docs" / "contract.md").read_text()
    for v in Verdict:
        assert f"| `{v.value}` |" in contract
        assert re.search(rf"\| `{v.value}` \|[^\n]*\| {EXIT_CODES[v]} \|", contract), v
    for c in Category:
        assert f"`{c.value}`" in contract
    for s in Severity:
        assert f"`{s.value}`" in contract
    schema = json.loads((ROOT / "docs" / "schema.json").read_text())
    props = schema["properties"]
    assert props["verdict"]["enum"] == [v.value for v in Verdict]
    assert props["findings"]["items"]["properties"]["category"]["enum"] == [c.value for c in Category]
    assert props["findings"]["items"]["properties"]["severity"]["enum"] == [s.value for s in Severity]


def test_every_fixture_has_its_provenance() -> None:
    fixtures = ROOT / "tests" / "fixtures"
    sources = (fixtures / "SOURCES.md").read_text()
    files = [p.relative_to(fixtures).as_posix() for p in fixtures.rglob("*") if p.is_file()]
    missing = [f for f in files if f != "SOURCES.md" and f"`{f}`" not in sources]
    assert len(files) > 40
    assert not missing, f"add rows to tests/fixtures/SOURCES.md for {missing}"
