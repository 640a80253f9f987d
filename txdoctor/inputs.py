"""Where the inputs come from: arguments, stdin (`-`) and --file; read lazily, one per line.

One rule for every source: a line ends at ``\\n``; a ``\\r`` before it is dropped (CRLF
files), a bare ``\\r`` inside a line is part of it. A UTF-8 byte order mark at the start
of a stream is not part of the first input. Bytes that are not UTF-8 are kept visible as
``\\xNN`` escapes (the stream is opened with ``errors="backslashreplace"``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TextIO

BOM = "\ufeff"


def read_inputs(lines: Iterable[str]) -> Iterator[str]:
    """One input per line; blank lines and `#` comments are skipped; a leading BOM is dropped."""
    first = True
    for line in lines:
        if first:
            line = line.removeprefix(BOM)
            first = False
        text = line.strip()
        if text and not text.startswith("#"):
            yield line.removesuffix("\n").removesuffix("\r")


def open_input_file(path: str) -> TextIO:
    """--file, read with the same line rule as stdin (``\\n`` only; no universal newlines)."""
    return open(path, encoding="utf-8", errors="backslashreplace", newline="\n")


def gather_inputs(args: list[str], file: TextIO | None, stdin: TextIO) -> Iterator[str]:
    """Positional inputs, with `-` meaning standard input, then --file."""
    for arg in args:
        if arg == "-":
            yield from read_inputs(stdin)
        else:
            yield arg
    if file is not None:
        yield from read_inputs(file)
