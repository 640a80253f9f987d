"""Where the inputs come from: arguments, stdin (`-`) and --file; read lazily, one per line."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TextIO


def read_inputs(lines: Iterable[str]) -> Iterator[str]:
    """One input per line; blank lines and `#` comments are skipped."""
    for line in lines:
        text = line.strip()
        if text and not text.startswith("#"):
            yield line.rstrip("\r\n")


def gather_inputs(args: list[str], file: TextIO | None, stdin: TextIO) -> Iterator[str]:
    """Positional inputs, with `-` meaning standard input, then --file."""
    for arg in args:
        if arg == "-":
            yield from read_inputs(stdin)
        else:
            yield arg
    if file is not None:
        yield from read_inputs(file)
