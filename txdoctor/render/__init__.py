"""Output formats. Each renderer takes a Diagnosis and writes it to a text stream.

Renderers are imported when used, so JSON output never loads rich; tests/test_cli.py drives
both through the command line (`--json` and the text report).
"""

from __future__ import annotations

from typing import TextIO

from txdoctor.model import Diagnosis


def render_text(diagnosis: Diagnosis, out: TextIO) -> None:
    from txdoctor.render.text import render_text as render

    render(diagnosis, out)


def render_json(diagnosis: Diagnosis, out: TextIO) -> None:
    from txdoctor.render.json import render_json as render

    render(diagnosis, out)


__all__ = ["render_json", "render_text"]
