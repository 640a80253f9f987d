"""The one sanity layer for provider answers: what no honest explorer or node sends.

Two halves, both ending in the provider's BadResponse (so the next provider is asked):

* :func:`loads` parses JSON with bounds: nesting depth is measured *before* ``json.loads``
  recurses, integers longer than MAX_INT_DIGITS digits are refused before Python's
  4,300-digit guard can raise a ValueError, and NaN / Infinity (also as 1e400) are refused.
* :func:`bounded` and :func:`bounded_float` check one parsed value: finite, within a range
  that real data never leaves (non-negative amounts, heights below MAX_HEIGHT …). The
  parsers of each provider call them where answers become facts, and check that the
  answer is about the ID that was asked.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

MAX_DEPTH = 64  # the deepest real answer (an EVM receipt's logs) is about 5 levels
MAX_INT_DIGITS = 80  # 2**256 - 1 has 78 digits
MAX_HEIGHT = 10**12  # block heights (Bitcoin is near 10**6, TRON and Arbitrum near 10**8)
MAX_SATS = 10**16  # above every Bitcoin-family supply (Litecoin: 8.4 * 10**15 sat)
MAX_RATE = 10.0**7  # sat/vB: 0.1 BTC per vbyte is no fee level anyone publishes
U32 = 2**32 - 1
U64 = 2**64 - 1  # EVM nonces and gas (EIP-2681), TRON amounts (int64)
U256 = 2**256 - 1


class Insane(ValueError):
    """A value or a document no honest provider sends; the text says what was wrong."""


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_LEAF_PAIR = re.compile(r"\[\]|\{\}")


def check_depth(text: str, limit: int = MAX_DEPTH) -> None:
    """Raise Insane when JSON text nests deeper than ``limit`` (or its brackets do not pair).

    Linear passes over the text, no recursion: strings are blanked, everything but the
    brackets dropped, then each pass removes the innermost pairs (one level per pass).
    """
    if text.count("[") + text.count("{") <= limit:
        return
    brackets = _NOT_BRACKET.sub("", _STRING.sub('""', text))
    for _ in range(limit):
        if not brackets:
            return
        brackets = _LEAF_PAIR.sub("", brackets)
    if brackets:
        raise Insane(f"nested more than {limit} levels deep")


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise Insane(f"holds a number of {len(text)} digits")
    return int(text)


def _parse_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise Insane(f"holds a number out of range ({text[:20]}…)")
    return value


def _parse_constant(name: str) -> float:
    raise Insane(f"holds {name}, which is not a number")


def loads(text: str) -> Any:
    """``json.loads`` with the bounds above; raises Insane or json.JSONDecodeError."""
    check_depth(text)
    return json.loads(text, parse_int=_parse_int, parse_float=_parse_float, parse_constant=_parse_constant)


def bounded(value: int, field: str, low: int = 0, high: int = U256) -> int:
    """An integer within [low, high], else Insane naming the field."""
    if value < low or value > high:
        shown = str(value) if abs(value) < 10**30 else f"a {len(str(abs(value)))}-digit number"
        raise Insane(f"field {field!r} is {shown}, outside {low}…{high}")
    return value


def bounded_float(value: float, field: str, low: float = 0.0, high: float = MAX_RATE) -> float:
    """A finite float within [low, high], else Insane naming the field."""
    if not math.isfinite(value) or value < low or value > high:
        raise Insane(f"field {field!r} is {value:.6g}, outside {low:g}…{high:g}")
    return value


def echoed(asked: str, answered: str, field: str) -> None:
    """The answer is about the ID that was asked (IDs compared case-insensitively)."""
    if asked.lower().removeprefix("0x") != answered.lower().removeprefix("0x"):
        raise Insane(f"answered about another transaction ({field} {answered[:16]}…, asked {asked[:16]}…)")


def height_within_tip(
    height: int | None, tip: int | None, field: str = "block height", margin: int = 1
) -> None:
    """A block height may be the tip + 1 (the tip was read a moment earlier), never more;
    ``margin`` is wider when the tip came from another provider, which may lag a little."""
    if height is not None and tip is not None and height > tip + margin:
        raise Insane(f"{field} {height} is beyond the chain tip ({tip})")


__all__ = [
    "Insane",
    "bounded",
    "bounded_float",
    "check_depth",
    "echoed",
    "height_within_tip",
    "loads",
]
