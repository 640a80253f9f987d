"""Output formats. Each renderer takes Diagnosis records and writes text.

FORMATS maps the --format names to renderers; a test proves each is wired.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from txdoctor.model import Diagnosis
from txdoctor.render.json import render_json
from txdoctor.render.text import render_text

Renderer = Callable[[Diagnosis, TextIO], None]

FORMATS: dict[str, Renderer] = {
    "text": render_text,
    "json": render_json,
}

__all__ = ["FORMATS", "Renderer", "render_json", "render_text"]
