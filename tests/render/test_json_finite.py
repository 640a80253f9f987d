"""JSON output never holds NaN or Infinity; a result without them is encoded as it is."""

from __future__ import annotations

import json
import math

from txdoctor.render.json import dumps, finite


def test_non_finite_numbers_become_null_at_any_depth() -> None:
    data = {"a": math.nan, "b": [1.5, math.inf, {"c": -math.inf}], "d": (2.0, "x"), "e": {3}}
    assert json.loads(dumps(data)) == {"a": None, "b": [1.5, None, {"c": None}], "d": [2.0, "x"], "e": [3]}


def test_finite_data_is_encoded_the_same_without_the_walk() -> None:
    data = {"a": [1, 2.5, (3, "é")], "b": {"c": None, "d": True}, "e": frozenset({"z", "y"})}
    kwargs = {"ensure_ascii": False, "separators": (",", ":")}
    assert dumps(data, **kwargs) == json.dumps(finite(data), allow_nan=False, default=sorted, **kwargs)
