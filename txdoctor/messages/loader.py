"""One language's catalog: a TOML file of keyed templates with ``{placeholder}`` fields.

Keys are dotted paths of the file's tables (``reply.greeting``, ``verdict.stuck``,
``chain.btc``, ``finding.BTC_FEE_TOO_LOW.message``). A value is a template, or a plural
table ``{one = "…", other = "…"}`` chosen by the value ``count`` (a language without
plurals gives ``other`` only). Placeholders are plain names filled from the values the
caller passes (evidence, already formatted); nothing else is evaluated. A value that is a
:class:`~txdoctor.messages.Term` (a chain's name, a phrase) is itself looked up in the
same catalog, so it reads in the same language.

Speed: each TOML file has built twins, ``_built_<lang>.marshal`` and ``_built_<lang>_later.marshal``
(the flattened entries in the interpreter's own serialisation: data, not modules, read in a
fraction of a millisecond with no import, where TOML costs tomllib's import and ~2 ms a file),
made by ``python -m txdoctor.messages.build``.
The twin records the CRC-32 of the TOML it was built from; when the TOML was edited
since (a translator at work), the TOML itself is parsed, so an edit is never ignored —
only slower until the twin is rebuilt (a test fails on a stale twin).
"""

from __future__ import annotations

import marshal
import zlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from txdoctor.messages.term import Term, TermList

HERE = Path(__file__).resolve().parent
PLURAL_FORMS = frozenset({"one", "other"})
UNSPACED = frozenset({"zh"})  # languages written without spaces between words
# Entries an English check never reads (the English report writes these words in code; the
# rest serve errors, fees and watch): in a second twin, ``_built_<lang>_later.marshal``, read on
# first use, so the English path loads only the entries it needs.
LATER = (
    "evidence.",
    "value.",
    "severity.",
    "category.",
    "time.",
    "usage.",
    "argparse.",
    "fees.",
    "watch.",
    "character.",
    "failure.",
)
Entry = str | dict[str, str]


class CatalogError(ValueError):
    """A catalog file that cannot be used (a bug in the shipped files; the tests catch it)."""


class _Lenient(dict[str, Any]):
    """A missing value shows as its placeholder rather than raising (the tests forbid it);
    a :class:`Term` value is read from the catalog."""

    def __init__(self, catalog: Catalog, values: dict[str, Any]) -> None:
        super().__init__(values)
        self.catalog = catalog

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"

    def __getitem__(self, key: str) -> Any:
        value = super().__getitem__(key)
        return self.catalog.value(value)


def _close_gaps(text: str) -> str:
    """A space between two Chinese characters (left where a placeholder met the text: "Litecoin
    主网 的") goes; a space beside a Latin word or a number stays ("在 Litecoin 主网上")."""
    import re

    return re.sub(
        "(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]) (?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])",
        "",
        text,
    )


def placeholders(template: str) -> set[str]:
    """The field names of a template; ``{{`` and ``}}`` are literal braces."""
    import string  # for the catalog's checks and docs only: not on a check's path

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
        self._later: Callable[[], dict[str, Entry]] | None = None

    def defer(self, later: Callable[[], dict[str, Entry]]) -> Catalog:
        """The entries under LATER come from ``later()``, read the first time one is asked for."""
        self._later = later
        return self

    def _has(self, key: str) -> bool:
        if key not in self.entries and self._later is not None and key.startswith(LATER):
            self.entries = {**self.entries, **self._later()}
            self._later = None
        return key in self.entries

    def __contains__(self, key: str) -> bool:
        return self._has(key)

    def knows(self, key: str) -> bool:
        """``key`` is in this catalog or the English one under it."""
        return self._has(key) or (self.fallback is not None and self.fallback.knows(key))

    def keys(self) -> set[str]:
        self._has(LATER[0])
        return set(self.entries)

    def _entry(self, key: str) -> Entry:
        if self._has(key):
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
        try:
            text = entry.format_map(_Lenient(self, values))
        except (ValueError, IndexError, AttributeError):  # a malformed template: the tests forbid it
            return entry
        return _close_gaps(text) if self.lang in UNSPACED and " " in text else text

    def value(self, value: Any) -> Any:
        """A value as it reads in this language: a :class:`Term` is looked up, a
        :class:`TermList` joined with ``words.sep.<sep>``; anything else as it is."""
        if isinstance(value, Term):
            return self.text(value.key, **value.values)
        if isinstance(value, TermList):
            return self.text(f"words.sep.{value.sep}").join(str(self.value(v)) for v in value.items)
        return value

    def finding(self, code: str, values: dict[str, Any]) -> tuple[str, str] | None:
        """A finding's message and advice from ``finding.CODE.message``/``.advice``, filled
        from ``values`` (its evidence and words), or None when the catalog has no entry."""
        key, advice_key = f"finding.{code}.message", f"finding.{code}.advice"
        if not self.knows(key):
            return None
        advice = self.text(advice_key, **values) if self.knows(advice_key) else ""
        return self.text(key, **values), advice


def source_crc(data: bytes) -> int:
    return zlib.crc32(data)


def parse_toml(data: bytes) -> dict[str, Entry]:
    import tomllib

    return flatten(tomllib.loads(data.decode("utf-8")))


TWINS_READ: list[str] = []  # the twins read so far in this process (a test reads it)


def _twin(name: str, crc: int) -> dict[str, Entry] | None:
    """A built twin's entries (``_built_<lang>[_later].marshal``), or None when it is missing,
    stale (its CRC is not the TOML's) or written by a Python whose marshal format differs."""
    try:
        built = marshal.loads((HERE / f"{name}.marshal").read_bytes())
        entries: dict[str, Entry] | None = built["entries"] if built["crc"] == crc else None
    except (OSError, ValueError, EOFError, TypeError, KeyError):
        return None
    if entries is not None:
        TWINS_READ.append(name)
    return entries


def read_entries(lang: str, part: str = "all") -> dict[str, Entry]:
    """The entries of ``lang`` — ``all``, the ``first`` twin's (no LATER key) or the ``later``
    twin's — from the built twins when they match the TOML, else the TOML."""
    data = (HERE / f"{lang}.toml").read_bytes()
    crc = source_crc(data)
    first = _twin(f"_built_{lang}", crc) if part != "later" else {}
    later = _twin(f"_built_{lang}_later", crc) if part != "first" else {}
    if first is None or later is None:
        entries = parse_toml(data)
        if part == "all":
            return entries
        return {k: v for k, v in entries.items() if k.startswith(LATER) == (part == "later")}
    return {**first, **later}


@cache
def load_catalog(lang: str) -> Catalog:
    """``lang`` (already normalised) with English under it for any key it lacks; the LATER
    entries are read when first asked for (an English check never asks)."""
    fallback = None if lang == "en" else load_catalog("en")
    return Catalog(lang, read_entries(lang, "first"), fallback).defer(lambda: read_entries(lang, "later"))
