"""Usage errors in the reader's language: argparse's own messages and txdoctor's.

Loaded only on the error path. A usage error is said in the language asked for — the
``--lang`` in the command line even when parsing it failed, else ``TXDOCTOR_LANG``, the
config file, the locale — and English otherwise (an unsupported language is itself an
error, said in English). English is the error as raised; another language re-reads it:

- txdoctor's own errors carry their catalog sentence (``UsageError.term``, the
  ``usage.*`` entries) and are said again from it;
- argparse's messages are English from argparse: each is matched against argparse's
  templates (``argparse.*`` entries, equal to argparse's own strings — a test holds them
  so) and said again from the matching entry, the quoted names kept.

Nothing else is translated: a value (an option, a file name, an operating system's
reason) stays as it is.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

from txdoctor.messages import ENGLISH, Term, UnsupportedLanguage, catalog, resolve_lang

if TYPE_CHECKING:
    from txdoctor.cliparser import UsageError
    from txdoctor.messages.loader import Catalog

# argparse's messages (Python 3.11-3.13), as catalog keys: %s and %r become {args} and {value}.
ARGPARSE = {
    "argparse.argument": "argument %(argument_name)s: %(message)s",
    "argparse.unrecognized": "unrecognized arguments: %s",
    "argparse.required": "the following arguments are required: %s",
    "argparse.one_of_required": "one of the arguments %s is required",
    "argparse.invalid_choice": "invalid choice: %(value)r (choose from %(choices)s)",
    "argparse.expected_one": "expected one argument",
    "argparse.expected_at_least_one": "expected at least one argument",
    "argparse.expected_at_most_one": "expected at most one argument",
    "argparse.invalid_value": "invalid %(type)s value: %(value)r",
    "argparse.ambiguous": "ambiguous option: %(option)s could match %(matches)s",
    "argparse.not_allowed_with": "not allowed with argument %s",
    "argparse.ignored_explicit": "ignored explicit argument %r",
}
USAGE_PREFIX = "usage: "
# The English entries txdoctor's own argument checks raise inside "argument --x: …" (cliparser.ranged).
OWN_INNER = ("usage.not_a_number", "usage.out_of_range", "usage.at_least")


def as_template(msgid: str) -> str:
    """argparse's ``%(name)s``/``%s``/``%r`` as catalog placeholders."""
    text = re.sub(r"%\((\w+)\)[sr]", r"{\1}", msgid)
    return text.replace("%s", "{args}").replace("%r", "{value}")


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", template)
    regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts))
    return re.compile(regex + r"\Z", re.DOTALL)


@cache
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    en = catalog(ENGLISH)
    keys = [*ARGPARSE, *OWN_INNER]
    return [(key, _pattern(en.text(key))) for key in keys]


def reword(message: str, cat: Catalog) -> str:
    """An English argparse message (or one of ours inside it) said again in ``cat``'s language."""
    for key, pattern in _patterns():
        match = pattern.match(message)
        if match:
            values = match.groupdict()
            if "message" in values:
                values["message"] = reword(values["message"], cat)
            return cat.text(key, **values)
    return message


def said(err: UsageError, lang: str) -> str:
    """The usage error in ``lang`` (as raised, in English)."""
    if lang == ENGLISH:
        return str(err)
    cat = catalog(lang)
    if err.term is not None:
        return cat.text(err.term.key, **err.term.values)
    if err.argparse is None:
        return str(err)
    message, hint, usage = err.argparse
    text = reword(message, cat)
    if hint is not None:
        values = dict(hint.values)
        if "names" in values:  # commands named in a list: joined in this language
            values["commands"] = cat.text("usage.and").join(values["names"])  # type: ignore[arg-type]
        text += cat.text(hint.key, **values)
    return f"{text}\n{_usage_line(usage, cat)}"


def _usage_line(usage: str, cat: Catalog) -> str:
    """argparse's usage lines with the catalog's "usage: ", the wrapped lines shifted to match."""
    if not usage.startswith(USAGE_PREFIX):
        return usage
    from txdoctor.render.style import columns

    prefix = cat.text("usage.usage_prefix")
    shift = columns(prefix) - len(USAGE_PREFIX)
    first, *rest = usage[len(USAGE_PREFIX) :].split("\n")
    rest = [" " * shift + line if shift >= 0 else line[-shift:] for line in rest]
    return "\n".join([prefix + first, *rest])


def os_reason(err: OSError) -> str | object:
    """Why a file could not be read: the catalog's words for a common reason, else the system's."""
    import errno

    names = {errno.ENOENT: "not_found", errno.EACCES: "no_permission", errno.EISDIR: "is_directory"}
    name = names.get(err.errno or 0)
    return Term(f"usage.os_error.{name}") if name else (err.strerror or str(err))


def error_lang(argv: Sequence[str]) -> str:
    """The language to say a usage error in: ``--lang`` in ``argv`` (parsed or not) > the
    environment > the config file > the locale > English; English if that is unsupported."""
    flag = None
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            flag = argv[i + 1]
        elif arg.startswith("--lang="):
            flag = arg.partition("=")[2]
    try:
        return resolve_lang(flag, os.environ, _config_lang())
    except UnsupportedLanguage:
        try:
            return resolve_lang(None, os.environ, _config_lang())
        except UnsupportedLanguage:
            return ENGLISH


def _config_lang() -> str | None:
    from txdoctor.config import ConfigError, load_config

    try:
        return load_config().lang
    except (ConfigError, OSError):
        return None
