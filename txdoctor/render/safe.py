"""Text that is safe to print to a terminal, and a standard output that is always UTF-8.

Inputs and providers' answers are untrusted: a pasted ``\\x1b[2J`` or a TronGrid message
holding terminal escapes must not clear the screen or paint a fake verdict. Every string
that reaches text output goes through :func:`printable`; JSON escapes control characters
itself.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import TextIO

from txdoctor.core.printable import printable

__all__ = ["clean_arg", "printable", "silence", "utf8_stdio"]


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
