"""JSON output: one compact object per line, so one input and many read the same way (NDJSON)."""

from __future__ import annotations

import json
from typing import TextIO

from txdoctor.model import Diagnosis


def _jsonable(value: object) -> object:
    """Never fail on a value json does not know: sets become sorted lists, the rest text."""
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    return str(value)


def render_json(diagnosis: Diagnosis, out: TextIO) -> None:
    out.write(json.dumps(diagnosis.to_dict(), ensure_ascii=False, separators=(",", ":"), default=_jsonable))
    out.write("\n")
    out.flush()
