"""The report's evidence line and severity labels in a language other than English.

English is written in :mod:`txdoctor.render.style` (labels are the evidence keys with
spaces, so the English report loads no catalog); a test holds the catalog's English
equal to it. Here every label and word comes from the catalog: ``evidence.<key>``
(a key the catalog lacks shows as it is, a code), ``value.yes``/``value.no``/``value.none``,
``value.<key>.<value>`` for the few evidence values txdoctor writes as words, and
``time.*`` for dates and ages. Values quoted from elsewhere (addresses, txids, amounts,
a node's own message) and codes stay as they are. A few evidence values are txdoctor's own
English phrases (``PROSE_KEYS``: how an ID was taken from a link, what was not checked…):
shown translated when the catalog has the phrase (or it is a chain's name), else left out
of the line — the finding's message already says it in the reader's language.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from txdoctor.render.style import _is_time

if TYPE_CHECKING:
    from txdoctor.messages.loader import Catalog

PROSE_KEYS = frozenset({"via", "not_checked", "evidence_source", "network"})
_UNITS = (("year", 365.25 * 86400), ("day", 86400), ("hour", 3600), ("minute", 60))


def age_in(cat: Catalog, delta: float) -> str:
    """``7 years ago`` / ``in 2 days`` / ``just now`` in the catalog's language."""
    future = delta < 0
    delta = abs(delta)
    for unit, size in _UNITS:
        if delta >= size:
            span = cat.text(f"time.{unit}", count=int(delta // size))
            return cat.text("time.later" if future else "time.ago", span=span)
    return cat.text("time.just_now")


def when_in(cat: Catalog, seconds: float, now: float | None = None) -> str:
    date = datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%d %H:%M UTC")
    age = age_in(cat, (now if now is not None else time.time()) - seconds)
    return cat.text("time.date", date=date, age=age)


def label_in(cat: Catalog, key: str) -> str:
    name = f"evidence.{key}"
    return cat.text(name) if cat.knows(name) else str(key)


def value_in(cat: Catalog, key: str, value: Any, now: float | None = None) -> str:
    """One evidence value as a reader of the catalog's language would say it."""
    if isinstance(value, bool):
        return cat.text("value.yes" if value else "value.no")
    if isinstance(value, int) and _is_time(key) and 10**9 <= value < 10**14:
        return when_in(cat, value / 1000 if value >= 10**12 else value, now)
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        if not value:
            return cat.text("value.none")
        return cat.text("reply.list_separator").join(value_in(cat, key, v, now) for v in value)
    if isinstance(value, dict):
        parts = [f"{label_in(cat, k)} {_item_in(cat, value, k, v, now)}" for k, v in value.items()]
        return cat.text("reply.list_separator").join(parts) or cat.text("value.none")
    text = str(value)
    word = f"value.{key}.{text}"
    return cat.text(word) if isinstance(value, str) and cat.knows(word) else text


def _item_in(cat: Catalog, record: dict[str, Any], key: str, value: Any, now: float | None) -> str:
    """One value of a record: a provider failure's ``detail`` said from the catalog by its shape
    or reason (txdoctor.core.failwords: the JSON keeps the provider's own words)."""
    if key == "detail" and isinstance(value, str) and "reason" in record and "provider" in record:
        from txdoctor.core.failwords import detail_term

        return str(cat.value(detail_term(value, str(record["reason"]))))
    return value_in(cat, key, value, now)


def _prose(cat: Catalog, key: str, value: Any) -> bool:
    """An English phrase of txdoctor's own that the catalog cannot say (left out)."""
    if key not in PROSE_KEYS or not isinstance(value, str) or cat.knows(f"value.{key}.{value}"):
        return False
    return _chain_named(cat, value) is None


def _chain_named(cat: Catalog, display: str) -> str | None:
    from txdoctor.core.chains import CHAINS

    name = next((c.name for c in CHAINS.values() if c.display == display), None)
    return cat.text(f"chain.{name}") if name is not None else None


def evidence_text_in(cat: Catalog, evidence: dict[str, Any], now: float | None = None) -> str:
    shown = [
        (k, _chain_named(cat, v) or v if k == "network" else v)
        for k, v in evidence.items()
        if v is not None and not _prose(cat, k, v)
    ]
    parts = [
        cat.text("report.evidence_item", label=label_in(cat, k), value=value_in(cat, k, v, now))
        for k, v in shown
    ]
    return cat.text("report.evidence_separator").join(parts)


def severity_in(cat: Catalog, severity: str) -> str:
    return cat.text(f"severity.{severity}")


def category_in(cat: Catalog, category: str) -> str:
    return cat.text(f"category.{category}")
