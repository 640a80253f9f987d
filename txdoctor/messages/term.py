"""A catalog term used as a value in another entry (no imports: the loader and the
language settings both use it without a cycle)."""

from __future__ import annotations


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
