"""JSON output: one compact object per line, so one input and many read the same way (NDJSON)."""

from __future__ import annotations

import json
import math
from typing import Any, TextIO

from txdoctor.model import Diagnosis


def _jsonable(value: object) -> object:
    """Never fail on a value json does not know: sets become sorted lists, the rest text."""
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    return str(value)


def finite(value: Any) -> Any:
    """The same data with every NaN / Infinity replaced by null: JSON has no such numbers.

    Provider answers holding them are refused (core/net/sanity.py); this is the last guard
    for one computed from sane values (e.g. a ratio of two huge numbers).
    """
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value


def dumps(data: Any, **kwargs: Any) -> str:
    """``json.dumps`` that never writes NaN or Infinity (``allow_nan=False`` after ``finite``).

    The data is walked (``finite``) only when it holds such a number: json refuses it with a
    ValueError; walking every result first cost more than encoding it."""
    try:
        return json.dumps(data, allow_nan=False, default=_jsonable, **kwargs)
    except ValueError:
        return json.dumps(finite(data), allow_nan=False, default=_jsonable, **kwargs)


def render_json(diagnosis: Diagnosis, out: TextIO) -> None:
    out.write(dumps(diagnosis.to_dict(), ensure_ascii=False, separators=(",", ":")))
    out.write("\n")
    out.flush()
