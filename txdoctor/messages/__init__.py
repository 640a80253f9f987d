"""The words txdoctor says, kept apart from its logic: one keyed catalog file per language.

This module only names the languages and settles which one to use (flag > environment >
config file > locale > English); it reads no file and imports nothing heavy, so the
English path pays nothing for a second language. :func:`catalog` loads a language's
file (``en.toml``, ``zh.toml`` next to this module) on first use; see docs/messages.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from txdoctor.messages.term import Term, TermList

if TYPE_CHECKING:
    from txdoctor.messages.loader import Catalog

ENGLISH = "en"
LANGS = ("en", "zh")  # zh: Simplified Chinese
LANG_ENV = "TXDOCTOR_LANG"
LOCALE_ENV = ("LC_ALL", "LC_MESSAGES", "LANG")  # POSIX: the first one set decides

# Spellings accepted for --lang, TXDOCTOR_LANG and the config file (case, '-' or '_' aside).
_ALIASES = {
    "en": "en",
    "zh": "zh",
    "zh-cn": "zh",
    "zh-sg": "zh",
    "zh-hans": "zh",
    "zh-hans-cn": "zh",
    "zh-hans-sg": "zh",
}


class Worded(ValueError):
    """An error said by a catalog sentence: ``str()`` is its English, ``term`` says it again in
    another language (a usage error in Chinese, txdoctor.cliwords)."""

    def __init__(self, key: str, /, **values: object) -> None:
        self.term = Term(key, **values)
        super().__init__(english(key, **values))


class WordedLater(ValueError):
    """An error said by a catalog sentence read only when shown: ``term`` says it in any
    language, ``str()`` in English. For errors a check catches and turns into a finding,
    so that catching one reads no catalog (the raw-transaction decoders')."""

    def __init__(self, key: str, /, **values: object) -> None:
        super().__init__(key)
        self.term = Term(key, **values)

    def __str__(self) -> str:
        return english(self.term.key, **self.term.values)


class UnsupportedLanguage(Worded):
    """A language txdoctor has no catalog for; the message names the ones it has."""


def english(key: str, /, **values: object) -> str:
    """The English sentence of ``key`` (an error's words; never on the start-up path)."""
    return catalog(ENGLISH).text(key, **values)


def normalize_lang(text: str) -> str:
    """``en`` or ``zh`` for an accepted spelling (``zh-CN``, ``zh_CN``, ``zh-Hans``, ``en-US``…)."""
    key = text.strip().lower().replace("_", "-")
    if key in _ALIASES:
        return _ALIASES[key]
    if key.startswith("en-"):
        return ENGLISH
    raise UnsupportedLanguage("usage.unsupported_language", value=repr(text))


def lang_from_locale(environ: Mapping[str, str]) -> str | None:
    """The language of the POSIX locale (``zh_CN.UTF-8`` → zh), or None when it names neither.

    Only Simplified Chinese locales (zh_CN, zh_SG, zh_Hans) mean zh: a zh_TW or zh_HK
    locale asks for Traditional Chinese, which txdoctor does not have (``--lang zh`` gives
    Simplified Chinese on purpose).
    """
    for name in LOCALE_ENV:
        value = environ.get(name, "")
        if not value:
            continue
        base = value.split(".", 1)[0].split("@", 1)[0]
        if base in ("C", "POSIX"):
            return ENGLISH
        try:
            return normalize_lang(base)
        except UnsupportedLanguage:
            return None
    return None


def resolve_lang(flag: str | None, environ: Mapping[str, str], config: str | None) -> str:
    """flag > TXDOCTOR_LANG > the config file's ``lang`` > the locale > English.

    An unsupported value given on purpose (flag, environment, config) raises
    :class:`UnsupportedLanguage`; a locale txdoctor cannot speak means English.
    """
    if flag:
        return normalize_lang(flag)
    if environ.get(LANG_ENV, "").strip():
        try:
            return normalize_lang(environ[LANG_ENV])
        except UnsupportedLanguage as err:
            raise UnsupportedLanguage("usage.from_source", source=LANG_ENV, problem=err.term) from None
    if config:
        return normalize_lang(config)
    return lang_from_locale(environ) or ENGLISH


def catalog(lang: str) -> Catalog:
    """The catalog of ``lang`` (``en``, ``zh`` or an accepted spelling), loaded once."""
    from txdoctor.messages.loader import load_catalog

    return load_catalog(normalize_lang(lang))


__all__ = [
    "ENGLISH",
    "LANGS",
    "Term",
    "TermList",
    "UnsupportedLanguage",
    "Worded",
    "catalog",
    "english",
    "lang_from_locale",
    "normalize_lang",
    "resolve_lang",
]
