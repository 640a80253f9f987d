"""Text that is safe to print to a terminal: every control or invisible formatting character
shown as an escape. Inputs and providers' answers are untrusted (a pasted ``\\x1b[2J``, a
TronGrid message holding terminal escapes); the renderers and a reply's sentences
(:mod:`txdoctor.core.reply`) pass every such string through :func:`printable`."""

from __future__ import annotations

import re

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
