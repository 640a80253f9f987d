"""Text that is safe to print to a terminal, and a standard output that is always UTF-8.

Inputs and providers' answers are untrusted: a pasted ``\\x1b[2J`` or a TronGrid message
holding terminal escapes must not clear the screen or paint a fake verdict. Every string
that reaches text output goes through :func:`printable`; JSON escapes control characters
itself.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from typing import TextIO

# C0 and C1 controls, DEL, line/paragraph separators, bidi embeddings/overrides/isolates,
# zero-width marks, the BOM and lone surrogates (undecodable bytes).
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ud800-\udfff]"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with every control or invisible formatting character shown as an escape."""
    return _UNSAFE.sub(_escape, text)


def clean_arg(text: str) -> str:
    """A command-line argument with undecodable bytes (surrogate escapes) shown as ``\\xNN``."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate that is not an escaped byte
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def utf8_stdio() -> None:
    """stdout and stderr always write UTF-8 (nothing unencodable stops them); stdin reads
    UTF-8 with undecodable bytes kept as ``\\xNN`` and lines split on ``\\n`` only."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="backslashreplace")
    reconfigure = getattr(sys.stdin, "reconfigure", None)
    if reconfigure is not None:
        with contextlib.suppress(OSError, ValueError):
            reconfigure(encoding="utf-8", errors="backslashreplace", newline="\n")


def silence(stream: TextIO) -> None:
    """The reader went away (``| head -1``): send whatever is still buffered to /dev/null."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
