"""One language's catalog: a TOML file of keyed templates with ``{placeholder}`` fields.

Keys are dotted paths of the file's tables (``reply.greeting``, ``verdict.stuck``,
``chain.btc``; later ``finding.BTC_FEE_TOO_LOW.message``). A value is a template, or a
plural table ``{one = "…", other = "…"}`` chosen by the value ``count`` (a language without
plurals gives ``other`` only). Placeholders are plain names filled from the values the
caller passes (evidence, already formatted); nothing else is evaluated.
"""

from __future__ import annotations

import string
from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PLURAL_FORMS = frozenset({"one", "other"})
Entry = str | dict[str, str]


class CatalogError(ValueError):
    """A catalog file that cannot be used (a bug in the shipped files; the tests catch it)."""


class _Lenient(dict[str, Any]):
    """A missing value shows as its placeholder rather than raising (the tests forbid it)."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def placeholders(template: str) -> set[str]:
    """The field names of a template; ``{{`` and ``}}`` are literal braces."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def _is_plural(value: dict[str, Any]) -> bool:
    return "other" in value and set(value) <= PLURAL_FORMS and all(isinstance(v, str) for v in value.values())


def flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Entry]:
    out: dict[str, Entry] = {}
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, str):
            out[path] = value
        elif isinstance(value, dict) and _is_plural(value):
            out[path] = dict(value)
        elif isinstance(value, dict):
            out.update(flatten(value, path + "."))
        else:
            raise CatalogError(f"{path}: a catalog value is a string or a plural table, not {value!r}")
    return out


class Catalog:
    def __init__(self, lang: str, entries: dict[str, Entry], fallback: Catalog | None = None) -> None:
        self.lang = lang
        self.entries = entries
        self.fallback = fallback

    def __contains__(self, key: str) -> bool:
        return key in self.entries

    def knows(self, key: str) -> bool:
        """``key`` is in this catalog or the English one under it."""
        return key in self.entries or (self.fallback is not None and self.fallback.knows(key))

    def keys(self) -> set[str]:
        return set(self.entries)

    def _entry(self, key: str) -> Entry:
        if key in self.entries:
            return self.entries[key]
        if self.fallback is not None:
            return self.fallback._entry(key)
        raise KeyError(key)

    def text(self, key: str, /, **values: Any) -> str:
        """The template of ``key`` filled with ``values`` (English when this language lacks it);
        a plural entry is chosen by ``values["count"]``."""
        entry = self._entry(key)
        if isinstance(entry, dict):
            form = "one" if values.get("count") == 1 and "one" in entry else "other"
            entry = entry[form]
        return entry.format_map(_Lenient(values))

    def finding(self, code: str, evidence: dict[str, Any]) -> tuple[str, str] | None:
        """A finding's message and advice from ``finding.CODE.message``/``.advice`` (issue 9's
        entries), or None while the catalog has none for ``code``."""
        key, advice_key = f"finding.{code}.message", f"finding.{code}.advice"
        if not self.knows(key):
            return None
        advice = self.text(advice_key, **evidence) if self.knows(advice_key) else ""
        return self.text(key, **evidence), advice


def read_entries(lang: str) -> dict[str, Entry]:
    import tomllib

    path = HERE / f"{lang}.toml"
    with path.open("rb") as f:
        return flatten(tomllib.load(f))


@cache
def load_catalog(lang: str) -> Catalog:
    """``lang`` (already normalised) with English under it for any key it lacks."""
    if lang == "en":
        return Catalog("en", read_entries("en"))
    return Catalog(lang, read_entries(lang), fallback=load_catalog("en"))
