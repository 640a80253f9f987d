"""JSON output: one compact object per line, so one input and many read the same way (NDJSON)."""

from __future__ import annotations

import json
from typing import TextIO

from txdoctor.model import Diagnosis


def render_json(diagnosis: Diagnosis, out: TextIO) -> None:
    out.write(json.dumps(diagnosis.to_dict(), ensure_ascii=False, separators=(",", ":")))
    out.write("\n")
    out.flush()
