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


def test_generated_code_tables_are_current() -> None:
    """docs/ holds what ``python -m txdoctor.docsgen`` writes from the code tables and catalogs."""
    from txdoctor.docsgen import main

    assert main(["--check"]) == 0, "run: python -m txdoctor.docsgen"


def test_every_emitted_code_has_one_row_in_a_code_table_and_every_section_a_page() -> None:
    from txdoctor.docsgen import MARKER, code_table, pages, sections

    rows = [code for s in sections().values() for code in s.codes]
    assert len(rows) == len(set(rows)), "a code in two tables"
    assert sorted(emitted_codes() - set(rows)) == [], "add these to their family's codes.py"
    assert sorted(set(rows) - emitted_codes()) == [], "these rows name no code txdoctor emits"
    assert set(code_table()) == set(rows)
    marked = [m.group(2) for page in pages() for m in MARKER.finditer(page.read_text())]
    assert sorted(marked) == sorted(sections()), "each section is generated exactly once in docs/"


def test_a_code_row_with_an_unknown_value_fails_and_notes_replace_values() -> None:
    import pytest

    from txdoctor.core.codedoc import CodeDoc

    with pytest.raises(ValueError):
        CodeDoc("statuss", "error", "", meaning="typo")
    row = CodeDoc("network", "error/info", "unreachable/-", meaning="m", verdict_note="unreachable (error)")
    assert row.verdicts == (Verdict.UNREACHABLE, None) and row.severities == (Severity.ERROR, Severity.INFO)
    assert (row.severity_text(), row.verdict_text()) == ("error / info", "unreachable (error)")


def test_generation_fills_only_between_markers() -> None:
    import pytest

    from txdoctor.docsgen import generated

    page = "Intro by hand.\n<!-- generated: codes core.watch -->\nold\n<!-- end generated -->\nOutro.\n"
    out = generated(page)
    assert out.startswith("Intro by hand.\n<!-- generated: codes core.watch -->\n| code |")
    assert out.endswith("<!-- end generated -->\nOutro.\n") and "old" not in out
    assert "`WATCH_TIMED_OUT` | status | warning |" in out and "| message | Gave up after {seconds} s" in out
    from txdoctor.messages.loader import read_entries

    assert read_entries("zh")["finding.WATCH_TIMED_OUT.message"] in out  # both languages
    with pytest.raises(KeyError):
        generated("<!-- generated: codes nope.none -->\n<!-- end generated -->")
