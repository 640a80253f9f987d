"""The text report: golden files for every verdict of every family, in English and Chinese.

The scenarios are the reply's (tests/render/reply_scenarios.py): the real pipeline on
recorded answers, so every message is the checks' own, in either language.
Regenerate after a deliberate change: ``.venv/bin/python -m pytest tests/render --update-golden``.
"""

from __future__ import annotations

import pytest
import respx

from tests.golden_files import GOLDEN, compare
from tests.render.reply_scenarios import SCENARIOS, build
from txdoctor.model import Diagnosis
from txdoctor.render.reply import localize
from txdoctor.render.style import Painter
from txdoctor.render.text import report_lines

WIDTH = 80


def report(d: Diagnosis, lang: str) -> str:
    if lang != "en":
        d = localize(d, lang, reply=False)
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
