"""Output formats. Each renderer takes a Diagnosis and writes it to a text stream.

FORMATS maps the format names to renderers; a test proves each is wired. Renderers
are imported when used, so JSON output never loads rich.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from txdoctor.model import Diagnosis

Renderer = Callable[[Diagnosis, TextIO], None]


def render_text(diagnosis: Diagnosis, out: TextIO) -> None:
    from txdoctor.render.text import render_text as render

    render(diagnosis, out)


def render_json(diagnosis: Diagnosis, out: TextIO) -> None:
    from txdoctor.render.json import render_json as render

    render(diagnosis, out)


FORMATS: dict[str, Renderer] = {
    "text": render_text,
    "json": render_json,
}

__all__ = ["FORMATS", "Renderer", "render_json", "render_text"]
