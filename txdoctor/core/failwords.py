"""What went wrong with a provider, in the reader's language (issue 10).

A provider's failure keeps its own technical words in the JSON evidence (``detail``); the text
says it again from the catalog (``failure.<kind>``), by the shape of that detail (a timeout, an
HTTP status, a refused connection…) or else by its reason (``unavailable``, ``bad_response``…).
The English entries give back the detail exactly; another language says the same in its words
(a provider's own message after an HTTP status stays as it is).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from txdoctor.messages import Term, TermList

# (kind, the whole detail): the first that matches names it; its groups fill the entry.
_SHAPES = (
    ("timeout_reading", re.compile(r"timed out after (?P<seconds>[0-9.]+) s while reading")),
    ("timeout", re.compile(r"timed out after (?P<seconds>[0-9.]+) s")),
    ("server_error", re.compile(r"server error \(HTTP (?P<status>\d{3})\)")),
    ("rate_limited", re.compile(r"rate limited \(HTTP 429\)")),
    ("not_found", re.compile(r"not found \(HTTP 404\)")),
    ("closed", re.compile(r"the server closed the connection without answering")),
    ("could_not_connect", re.compile(r"could not connect \((?P<error>\w+)\)")),
    ("connection_failed", re.compile(r"the connection failed \((?P<error>\w+)\)")),
    ("broke", re.compile(r"connection broke mid-answer \((?P<error>\w+)\)")),
    (
        "html",
        re.compile(r"answered an HTML page instead of (?:data|JSON) \(an error or CDN challenge page\?\)"),
    ),
    ("too_large", re.compile(r"answer too large \(.*\)")),
    ("http_status_text", re.compile(r"HTTP (?P<status>\d{3}): (?P<snippet>.+)", re.S)),
    ("http_status", re.compile(r"HTTP (?P<status>\d{3})")),
    ("no_provider", re.compile(r"no provider configured")),
)
REASONS = frozenset({"unavailable", "rate_limited", "bad_response", "unauthorized", "not_found", "error"})


def _shaped(detail: str) -> Term | None:
    for kind, shape in _SHAPES:
        m = shape.fullmatch(detail)
        if m is not None:
            return Term(f"failure.{kind}", detail=detail, **m.groupdict())
    return None


def detail_term(detail: str, reason: str = "error") -> Term:
    """``detail`` (a provider failure's own words) as a catalog term: by its shape, else by ``reason``."""
    shaped = _shaped(detail)
    if shaped is not None:
        return shaped
    return Term(f"failure.reason.{reason if reason in REASONS else 'error'}", detail=detail)


def failure_words(failures: Sequence[Any]) -> TermList:
    """``provider: what went wrong; …`` for a finding (empty when there were none)."""
    return TermList(
        (Term("failure.item", provider=f.provider, why=detail_term(f.detail, f.reason)) for f in failures),
        "semi",
    )


def said(line: str, lang: str) -> str:
    """A ``name: detail / detail`` line (``fees``' unreachable lines) in ``lang``."""
    from txdoctor.messages import ENGLISH, catalog

    if lang == ENGLISH:
        return line
    name, sep, rest = line.partition(": ")
    cat = catalog(lang)
    if not sep:  # a provider without details, or no provider at all
        shaped = _shaped(line)
        return line if shaped is None else str(cat.value(shaped))
    whys: Iterable[Term] = (detail_term(d) for d in rest.split(" / "))
    return str(cat.value(Term("failure.item", provider=name, why=TermList(whys, "slash"))))
