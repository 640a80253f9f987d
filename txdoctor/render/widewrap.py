"""Wrapping by display width, for text holding East Asian wide characters (Chinese).

A wide or fullwidth character takes two terminal columns, and Chinese has no spaces: a
line may break between two such characters. Loaded only when a text holds one, so the
English path (``textwrap``) and start-up stay as they were.
"""

from __future__ import annotations

import re
import unicodedata

# Closing punctuation stays with the character before it, opening with the one after it.
_NO_LINE_START = "，。、：；！？）》」』】,.:;!?)"
_NO_LINE_END = "（《「『【("
_CHUNKS = re.compile(r"\s+|[^\s]")


def is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def columns(text: str) -> int:
    """The terminal columns ``text`` takes: a wide or fullwidth character counts two."""
    return sum(2 if is_wide(c) else 1 for c in text)


def has_wide(text: str) -> bool:
    return not text.isascii() and any(is_wide(c) for c in text)


def _joins(before: str, piece: str) -> bool:
    """No break between ``before`` (a chunk) and ``piece`` (one character)?"""
    if before[-1] in _NO_LINE_END or piece in _NO_LINE_START:
        return True
    return not (is_wide(piece) or is_wide(before[-1]))  # inside a latin word


def _chunks(text: str) -> list[str]:
    """Whitespace runs, words without wide characters, single wide characters (with the
    punctuation that may not end or start a line)."""
    out: list[str] = []
    for piece in _CHUNKS.findall(text):
        if out and not piece.isspace() and not out[-1].isspace() and _joins(out[-1], piece):
            out[-1] += piece
        else:
            out.append(piece)
    return out


def wrap_wide(text: str, width: int, first: str, rest: str) -> list[str]:
    """Greedy wrap to ``width`` display columns; a chunk wider than a line is not split."""
    lines: list[str] = []
    line, used, space = first, columns(first), ""
    empty = True
    for chunk in _chunks(text):
        if chunk.isspace():
            space = " " * len(chunk) if not empty else ""
            continue
        size = columns(chunk)
        if not empty and used + len(space) + size > width:
            lines.append(line)
            line, used, space, empty = rest, columns(rest), "", True
        line, used = line + space + chunk, used + len(space) + size
        space, empty = "", False
    if not empty:
        lines.append(line)
    return lines
