"""JSON output: one object (pretty) or one object per line (NDJSON)."""

from __future__ import annotations

import json
from typing import TextIO

from txdoctor.model import Diagnosis


def render_json(diagnosis: Diagnosis, out: TextIO) -> None:
    out.write(json.dumps(diagnosis.to_dict(), indent=2, ensure_ascii=False))
    out.write("\n")


def render_ndjson_line(diagnosis: Diagnosis, out: TextIO) -> None:
    out.write(json.dumps(diagnosis.to_dict(), ensure_ascii=False, separators=(",", ":")))
    out.write("\n")
