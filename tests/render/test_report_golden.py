"""The text report: golden files for every verdict of every family, in English and Chinese.

The scenarios are the reply's (tests/render/reply_scenarios.py). A hand-built finding's
message is a marker there; here it is filled from the catalog when its code has an entry
that the evidence alone fills (a sentence that needs the check's own words stays a marker).
Regenerate after a deliberate change: ``.venv/bin/python -m pytest tests/render --update-golden``.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
import respx

from tests.golden_files import GOLDEN, compare
from tests.render.reply_scenarios import MARKER, SCENARIOS, build
from txdoctor.core.findings import words_for
from txdoctor.messages import catalog
from txdoctor.model import Diagnosis, Finding
from txdoctor.render.reply import localize
from txdoctor.render.style import Painter
from txdoctor.render.text import report_lines

WIDTH = 80


def _filled(f: Finding) -> Finding:
    """A hand-built finding with the catalog's words, when its code has them."""
    if f.message != MARKER or not catalog("en").knows(f"finding.{f.code}.message"):
        return f
    message, advice = words_for(f.code, dict(f.evidence))
    if "{" in message + advice:  # the sentence needs the check's own words: stays a marker
        return f
    return replace(f, message=message, advice=advice)


def report(d: Diagnosis, lang: str) -> str:
    d = replace(d, findings=tuple(_filled(f) for f in d.findings))
    if lang != "en":
        marked = [f.message == MARKER for f in d.findings]
        d = localize(d, lang, reply=False)
        pairs = zip(d.findings, marked, strict=True)
        kept = (replace(f, message=MARKER, advice=MARKER) if m else f for f, m in pairs)
        d = replace(d, findings=tuple(kept))
    return "\n".join(report_lines(d, WIDTH, Painter(False))) + "\n"


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_report_golden(
    name: str, lang: str, router: respx.Router, monkeypatch: pytest.MonkeyPatch, update_golden: bool
) -> None:
    text = report(build(name, router, monkeypatch), lang)
    compare(GOLDEN / "report" / f"{name}.{lang}.txt", text, update_golden)


def test_readme_shows_a_chinese_report() -> None:
    from pathlib import Path

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert (GOLDEN / "report" / "tron-failed.zh.txt").read_text(encoding="utf-8").rstrip("\n") in readme
