"""A reply the support agent can paste into the ticket: greeting, what happened, what to do, closing.

Built from the findings' codes and evidence (the public contract in docs/findings.md,
docs/evm.md, docs/tron.md), never from their English messages; every sentence comes
from the message catalog, so the reply reads the same in every language. No codes,
provider URLs or evidence dumps; a secret gets only the warning never to share it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from txdoctor.model import Diagnosis, Kind, Verdict
from txdoctor.render.safe import printable

if TYPE_CHECKING:
    from txdoctor.messages.loader import Catalog

SECRET_CODES = ("INPUT_SECRET", "INPUT_SEED_WORDS")


# ------------------------------------------------------------------ the reply


def is_secret(d: Diagnosis) -> bool:
    return (
        d.kind is Kind.SECRET
        or d.verdict is Verdict.REFUSED
        or any(f.code in SECRET_CODES for f in d.findings)
    )


def build_reply(d: Diagnosis, cat: Catalog) -> str:
    """The reply for ``d`` in the catalog's language."""
    from txdoctor.core.reply import Reply
    from txdoctor.render.reply_steps import HANDLERS

    r = Reply(d, cat)
    if is_secret(d):
        r.say("reply.secret.warning")
        r.ask("reply.secret.move_funds")
        return r.text()
    HANDLERS[d.verdict](r)
    return r.text()


def reply_text(d: Diagnosis, lang: str | None = None) -> str:
    """The reply for ``d`` in ``lang`` (default: the language of the diagnosis)."""
    from txdoctor.messages import catalog

    return build_reply(d, catalog(lang or d.lang))


def localize(d: Diagnosis, lang: str, *, reply: bool) -> Diagnosis:
    """``d`` in ``lang`` (its findings' words too), with its reply when asked for."""
    from dataclasses import replace

    from txdoctor.core.findings import localized

    d = replace(d, lang=lang, findings=tuple(localized(f, lang) for f in d.findings))
    return replace(d, reply=reply_text(d)) if reply else d


def render_reply(d: Diagnosis, out: TextIO, *, separate: bool) -> None:
    """The reply as text; with several inputs, each under a line naming its input."""
    if separate:
        from txdoctor.messages import catalog

        line = catalog(d.lang).text("reply.separator", input=printable(d.input))
        out.write(line + "\n\n")
    out.write((d.reply or reply_text(d)) + ("\n\n" if separate else "\n"))
    out.flush()
