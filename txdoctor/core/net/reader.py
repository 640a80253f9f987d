"""Strict reading of a provider's parsed answer: the one reader every family's parsers build on.

A JSON document comes bounded from :func:`txdoctor.core.net.sanity.loads`; reading it into
facts, every problem is that provider's BadResponse naming the field (``method: field 'x' is
missing``), so the next provider is asked. So is a value no honest provider sends
(``sanity.Insane``, inside :func:`sane`). Families subclass :class:`Reader` for their own
kinds of field (hex quantities, TRON addresses) and their wording of a wrong type.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeGuard

from txdoctor.core.net import sanity
from txdoctor.core.net.base import BadResponse

_HEX = frozenset("0123456789abcdefABCDEF")


@contextmanager
def sane(url: str) -> Iterator[None]:
    """A ``sanity.Insane`` raised inside is the provider's BadResponse (the next one is asked)."""
    try:
        yield
    except sanity.Insane as err:
        raise BadResponse(url, str(err)) from None


def is_int(value: object) -> TypeGuard[int]:
    """A JSON integer (``true`` is not 1)."""
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: object) -> TypeGuard[int | float]:
    """A JSON number, integer or not (``true`` is not 1)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


class Reader:
    """Field access on one answer of ``url`` (``what``: the call, named in every problem)."""

    def __init__(self, url: str, what: str = "") -> None:
        self.url = url
        self.what = what

    def fail(self, field: str, problem: str) -> BadResponse:
        prefix = f"{self.what}: " if self.what else ""
        return BadResponse(self.url, f"{prefix}field {field!r} {problem}")

    def need(self, obj: Mapping[str, Any], field: str) -> Any:
        """The field's value; its absence is a BadResponse."""
        if field not in obj:
            raise self.fail(field, "is missing")
        return obj[field]

    # These two run for every number of every answer: the same as ``with sane(self.url)``,
    # without a context manager's generator (which tripled an Esplora transaction's parsing).

    def bounded(self, value: int, field: str, low: int = 0, high: int = sanity.U64) -> int:
        """An integer within [low, high] (``sanity.bounded``)."""
        try:
            return sanity.bounded(value, field, low, high)
        except sanity.Insane as err:
            raise BadResponse(self.url, str(err)) from None

    def bounded_float(self, value: float, field: str, high: float = sanity.MAX_RATE) -> float:
        """A finite, non-negative number up to ``high`` (``sanity.bounded_float``)."""
        try:
            return sanity.bounded_float(value, field, 0.0, high)
        except sanity.Insane as err:
            raise BadResponse(self.url, str(err)) from None

    def txid_value(self, value: str, field: str) -> str:
        """A 64-hex transaction ID, in lower case."""
        if len(value) != 64 or not _HEX.issuperset(value):
            raise self.fail(field, "is not a 64-hex transaction ID")
        return value.lower()


__all__ = ["Reader", "is_int", "is_number", "sane"]
