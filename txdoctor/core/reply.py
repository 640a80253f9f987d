"""The pieces of a customer reply every family uses: the sentences gathered for one diagnosis
(:class:`Reply`), numbers as people say them, and :class:`ReplyParts`, what a family says in
each outcome (its ``reply_parts`` hook, :class:`txdoctor.core.families.FamilyHooks`).

The reply's skeleton (greeting, the outcome's main sentence, secrets, the core's own input and
address codes, what to do, closing) is ``txdoctor/render/reply*.py``; it knows no family's
finding codes: it asks each family's :class:`ReplyParts` in the family table's order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from txdoctor.core.chains import CHAINS
from txdoctor.core.printable import printable
from txdoctor.model import Diagnosis

if TYPE_CHECKING:
    from txdoctor.messages.loader import Catalog

_MAX_NAMES = 3
# A provider's or contract's own words (a revert reason, a token symbol) go into the reply
# only when short and plain: a hostile contract can revert with "visit … to recover funds".
_PLAIN_REASON = re.compile(r"[\w .,:;'()/%+-]{1,80}")
_LINKISH = re.compile(r"(?i)://|www\.|\.(com|io|org|net|xyz|me|cc|top|app)\b|t\.me|@")
# A space between two Chinese characters (left where a placeholder meets the text) goes.
_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_CJK_GAP = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")
_SYMBOL = re.compile(r"[A-Za-z0-9$._-]{1,12}")


class Reply:
    """Sentences gathered for one diagnosis: what happened, then what to do."""

    def __init__(self, d: Diagnosis, cat: Catalog) -> None:
        self.d = d
        self.cat = cat
        self.what: list[str] = []
        self.todo: list[str] = []

    def t(self, key: str, /, **values: Any) -> str:
        clean = {k: v if k == "count" else printable(str(v)) for k, v in values.items()}
        return self.cat.text(key, **clean)

    def say(self, key: str, /, **values: Any) -> None:
        self.what.append(self.t(key, **values))

    def ask(self, key: str, /, **values: Any) -> None:
        self.todo.append(self.t(key, **values))

    def ev(self, *codes: str) -> dict[str, Any] | None:
        """The evidence of the first finding with one of ``codes`` (in ranked order)."""
        for f in self.d.ranked_findings():
            if f.code in codes:
                return f.evidence
        return None

    def all(self, code: str) -> list[dict[str, Any]]:
        """The evidence of every finding with ``code`` (in ranked order)."""
        return [f.evidence for f in self.d.ranked_findings() if f.code == code]

    def code(self, *codes: str) -> str | None:
        return next((f.code for f in self.d.ranked_findings() if f.code in codes), None)

    def chain(self, name: object = None) -> str:
        name = self.d.chain if name is None else name
        key = f"chain.{name}"
        return (
            self.cat.text(key)
            if key in self.cat or (self.cat.fallback and key in self.cat.fallback)
            else str(name)
        )

    def chains(self, names: Iterable[object]) -> str:
        shown = [self.chain(n) for n in names]
        joined = self.cat.text("reply.list_separator").join(shown[:_MAX_NAMES])
        return self.t("reply.and_more", names=joined) if len(shown) > _MAX_NAMES else joined

    def text(self) -> str:
        joiner = self.cat.text("reply.joiner")
        parts = [
            self.t("reply.greeting"),
            joiner.join(self.what),
            joiner.join(self.todo),
            self.t("reply.closing"),
        ]
        return _CJK_GAP.sub("", "\n\n".join(p for p in parts if p))


# ------------------------------------------------------------------ what a family says


def _nothing(r: Reply) -> None:
    return None


def _not_said(r: Reply) -> bool:
    return False


@dataclass(frozen=True)
class ReplyParts:
    """What one family says in a reply, outcome by outcome; each piece reads only its own
    family's findings and says nothing when none is there. A piece returning ``bool`` answers
    "did I say it?" (the skeleton then says nothing more of that part)."""

    success: Callable[[Reply], dict[str, Any] | None] = _nothing  # its "in a block" evidence
    confirmed: Callable[[Reply], None] = _nothing  # after "confirmed": final, what moved…
    pending: Callable[[Reply], int | None] = _nothing  # why it waits; minutes to check again
    stuck: Callable[[Reply], None] = _nothing  # why and what to do (its chains' stuck outcome)
    replaced: Callable[[Reply], bool] = _not_said  # how, and what to do
    failed: Callable[[Reply], bool] = _not_said  # why, and what to do
    revert_reason: Callable[[Reply], object] = _nothing  # a contract's own reason, as it is
    fee_charged: Callable[[Reply], bool] = _not_said  # the fee a failed transfer still cost
    not_found: Callable[[Reply], bool] = _not_said  # another network, never sent, dropped
    not_found_notes: Callable[[Reply], None] = _nothing  # more likely reasons
    raw_txid: Callable[[Reply], str | None] = _nothing  # a signed transaction's decoded ID
    address: Callable[[Reply], None] = _nothing  # what it found online about an address
    warnings: Callable[[Reply], bool] = _not_said  # what outweighs "you can send to it"
    refused: Callable[[Reply], bool] = _not_said  # a signed transaction refused for good


# ------------------------------------------------------------------ sentences families share


def other_network(r: Reply, ev: dict[str, Any] | None) -> bool:
    """ "Not on the network asked: found on …" (evidence ``found_on``, ``asked_chain``/``checked``)."""
    found = list_of(ev, "found_on")
    if ev is None or not found:
        return False
    asked = ev.get("asked_chain") or ev.get("checked") or r.d.chain
    names = {"asked": r.chain(asked), "found": r.chains(found)}
    r.say("reply.not_found.other_network", **names)
    r.ask("reply.not_found.todo_other_network", **names)
    return True


def not_sent(r: Reply) -> bool:
    """A signed transaction that was never broadcast."""
    r.say("reply.not_found.not_sent")
    r.ask("reply.not_found.todo_not_sent")
    return True


def token_contract(r: Reply, ev: dict[str, Any]) -> None:
    """The address is a token's own contract: tokens sent to it are lost."""
    r.say("reply.warning.token_contract", symbol=symbol(ev.get("symbol"), "?"))


def moved(r: Reply, amount: str, token: object, recipient: object) -> None:
    r.say("reply.confirmed.moved", amount=amount, symbol=symbol(token, ""), recipient=recipient)


# ------------------------------------------------------------------ numbers as people say them


def list_of(ev: dict[str, Any] | None, key: str) -> list[Any]:
    value = (ev or {}).get(key)
    return list(value) if isinstance(value, (list, tuple)) else []


def num(value: object) -> str:
    """2.6 → "2.6", 8.0 → "8", 7.041 → "7.04"; anything else as it is."""
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return str(value)


def units(base_units: object, decimals: int = 18, places: int = 6) -> str | None:
    """An amount in base units (wei, sun, token units; int or decimal string) in whole units."""
    from decimal import ROUND_UP, Decimal, InvalidOperation

    try:
        amount = Decimal(str(base_units)).scaleb(-decimals)
    except (InvalidOperation, ValueError):
        return None
    if not amount.is_finite() or amount < 0:
        return None
    rounded = amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_UP) if amount else amount
    text = f"{rounded.normalize():f}"
    return text


def minutes(value: object, floor: int = 1) -> int | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return max(floor, int(-(-value // 1)))


def plain_reason(text: object) -> str | None:
    if not isinstance(text, str):
        return None
    text = text.strip()
    return text if _PLAIN_REASON.fullmatch(text) and not _LINKISH.search(text) else None


def symbol(value: object, default: str) -> str:
    return value if isinstance(value, str) and _SYMBOL.fullmatch(value) else default


def native_symbol(r: Reply) -> str:
    """The chain's own coin (ETH, BNB, POL, TRX…)."""
    chain = CHAINS.get(r.d.chain or "")
    return symbol(r.d.facts.get("native_symbol"), chain.symbol if chain else "")
