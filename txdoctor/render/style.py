"""Plain-text layout shared by the report, the table and `fees`: width, wrapping, colour, words.

No rich here: an offline check prints its report without loading a UI library. Colour is
ANSI, only on a terminal (``NO_COLOR`` turns it off, ``FORCE_COLOR`` on), and always
decoration over words that stand alone.
"""

from __future__ import annotations

import os
import textwrap
import time
from datetime import UTC, datetime
from typing import Any, TextIO

from txdoctor.render.safe import printable

MIN_WIDTH = 50  # the table's first three columns take 49
DEFAULT_WIDTH = 80
_CODES = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "magenta": "35", "cyan": "36"}


def text_width(out: TextIO) -> int:
    """``COLUMNS`` if set, else the terminal's width, else 80; never under 50."""
    env = os.environ.get("COLUMNS", "")
    if env.isdigit() and int(env) > 0:
        return max(MIN_WIDTH, int(env))
    try:
        if out.isatty():
            return max(MIN_WIDTH, os.get_terminal_size(out.fileno()).columns)
    except (OSError, ValueError, AttributeError):
        pass
    return DEFAULT_WIDTH


def wants_colour(out: TextIO) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    try:
        return out.isatty() and os.environ.get("TERM") != "dumb"
    except (ValueError, AttributeError):
        return False


class Painter:
    def __init__(self, colour: bool) -> None:
        self.colour = colour

    def __call__(self, text: str, style: str) -> str:
        if not self.colour or not style:
            return text
        codes = ";".join(_CODES[s] for s in style.split())
        return f"\x1b[{codes}m{text}\x1b[0m"


def columns(text: str) -> int:
    """The terminal columns ``text`` takes: a Chinese (wide or fullwidth) character counts two."""
    if text.isascii():
        return len(text)
    from txdoctor.render.widewrap import columns as wide_columns

    return wide_columns(text)


def wrap(text: str, width: int, first: str = "", rest: str | None = None) -> list[str]:
    """``text`` (made printable) wrapped to ``width`` columns with a hanging indent; long tokens
    (txids, URLs) are never split, so they stay copyable. Chinese is wrapped by display width
    and may break between characters."""
    text = printable(text)
    rest = first if rest is None else rest
    if max(text, default="") >= "\u1100":  # no wide character sorts below U+1100
        from txdoctor.render.widewrap import has_wide, wrap_wide

        if has_wide(text):
            return wrap_wide(text, width, first, rest) or [first.rstrip()]
    lines = textwrap.wrap(
        text,
        width=width,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return lines or [first.rstrip()]


# ------------------------------------------------------------------ evidence as words

_TIME_KEYS = ("first_seen", "timestamp")


def _is_time(key: str) -> bool:
    return key in _TIME_KEYS or key.endswith(("_time", "_at"))


def when(seconds: float, now: float | None = None) -> str:
    """A Unix time as a UTC date with its age: ``2018-11-20 03:11 UTC (7 years ago)``."""
    date = datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"{date} ({age((now if now is not None else time.time()) - seconds)})"


def age(delta: float) -> str:
    future = delta < 0
    delta = abs(delta)
    for unit, size in (("year", 365.25 * 86400), ("day", 86400), ("hour", 3600), ("minute", 60)):
        if delta >= size:
            n = int(delta // size)
            span = f"{n} {unit}{'s' if n != 1 else ''}"
            return f"in {span}" if future else f"{span} ago"
    return "just now"


def words(key: str, value: Any, now: float | None = None) -> str:
    """One evidence value as a reader would say it."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int) and _is_time(key) and 10**9 <= value < 10**14:
        return when(value / 1000 if value >= 10**12 else value, now)
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        return ", ".join(words(key, v, now) for v in value) if value else "none"
    if isinstance(value, dict):
        return ", ".join(f"{label(k)} {words(k, v, now)}" for k, v in value.items()) or "none"
    return str(value)


def label(key: str) -> str:
    return str(key).replace("_", " ")


def evidence_text(evidence: dict[str, Any], now: float | None = None) -> str:
    shown = [(k, v) for k, v in evidence.items() if v is not None]
    return "; ".join(f"{label(k)}: {words(k, v, now)}" for k, v in shown)
