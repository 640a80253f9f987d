"""A catalog term used as a value in another entry (no imports: the loader and the
language settings both use it without a cycle)."""

from __future__ import annotations

from collections.abc import Iterable


class Term:
    """A word or phrase from the catalog used as a value in another entry: a chain's name
    (``Term("chain.btc")``), a provider kind… It reads in the language of the entry it
    fills (the loader looks it up there)."""

    __slots__ = ("key", "values")

    def __init__(self, key: str, /, **values: object) -> None:
        self.key = key
        self.values = values

    def __repr__(self) -> str:
        return f"Term({self.key!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Term) and (self.key, self.values) == (other.key, other.values)

    def __hash__(self) -> int:
        return hash(self.key)


class TermList:
    """Several values (:class:`Term` or plain) shown as one list, joined with the catalog's
    ``words.sep.<sep>`` (``list``: ", " in English, "、" in Chinese; ``and``, ``or``)."""

    __slots__ = ("items", "sep")

    def __init__(self, items: Iterable[object], sep: str = "list") -> None:
        self.items = tuple(items)
        self.sep = sep

    def __repr__(self) -> str:
        return f"TermList({self.items!r}, {self.sep!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TermList) and (self.items, self.sep) == (other.items, other.sep)

    def __hash__(self) -> int:
        return hash(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)
