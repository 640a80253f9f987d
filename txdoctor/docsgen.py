"""Generate the finding-code tables of docs/: ``python -m txdoctor.docsgen`` (``--check``: only
say which pages are stale, exit 1).

Each family's code table (``txdoctor/core/codes.py``, ``txdoctor/families/<family>/codes.py``)
gives a code's category, severity, verdict, meaning and evidence; the message catalogs give
its words (``finding.<CODE>`` in en.toml and zh.toml). Between ``<!-- generated: codes <id> -->``
and ``<!-- end generated -->`` in a docs page, this writes section ``<id>``'s table and its
words in both languages; everything outside the markers is written by hand.

A tool, not part of the core: it imports every family's table (the core imports none).
"""

from __future__ import annotations

import re
import sys
from functools import cache
from importlib import import_module
from pathlib import Path

from txdoctor.core.codedoc import CodeDoc, Section
from txdoctor.messages import LANGS
from txdoctor.messages.loader import HERE, Entry, parse_toml

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
TABLES = (
    "txdoctor.core.codes",
    "txdoctor.families.bitcoin.codes",
    "txdoctor.families.evm.codes",
    "txdoctor.families.tron.codes",
)
MARKER = re.compile(r"(<!-- generated: codes (\S+) -->\n)(.*?)(<!-- end generated -->)", re.DOTALL)
LANG_NAMES = {"en": "English", "zh": "中文"}


@cache
def sections() -> dict[str, Section]:
    out: dict[str, Section] = {}
    for name in TABLES:
        for section in import_module(name).SECTIONS:
            out[section.id] = section
    return out


def code_table() -> dict[str, CodeDoc]:
    """Every code of every family, with its row."""
    return {code: row for s in sections().values() for code, row in s.codes.items()}


@cache
def _entries(lang: str) -> dict[str, Entry]:
    return parse_toml((HERE / f"{lang}.toml").read_bytes())


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _words(entry: Entry) -> str:
    if isinstance(entry, str):
        return _cell(entry)
    return "; ".join(f"{form}: {_cell(text)}" for form, text in entry.items())


def _word_rows(code: str) -> list[str]:
    """message, advice and the sub-keys of ``finding.<code>``, in English and Chinese."""
    prefix = f"finding.{code}."
    en = _entries("en")
    keys = [k for k in en if k.startswith(prefix)]
    keys.sort(key=lambda k: {"message": 0, "advice": 1}.get(k[len(prefix) :], 2))
    rows = []
    for n, key in enumerate(keys):
        first = f"`{code}`" if n == 0 else ""
        words = [_words(_entries(lang).get(key, "")) for lang in LANGS]
        rows.append(f"| {first} | {key[len(prefix) :]} | " + " | ".join(words) + " |")
    return rows or [f"| `{code}` | | " + " | ".join("(not in the catalog yet)" for _ in LANGS) + " |"]


def render(section: Section) -> str:
    lines = [
        "| code | category | severity | verdict | meaning | evidence |",
        "|---|---|---|---|---|---|",
    ]
    for code, row in section.codes.items():
        cells = [
            f"`{code}`",
            row.category_text(),
            row.severity_text(),
            row.verdict_text(),
            row.meaning,
            row.evidence,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines += [
        "",
        "Words (`finding.<code>` in `txdoctor/messages/*.toml`; `{name}` is filled from the evidence"
        " or the check's words):",
        "",
        "| code | entry | " + " | ".join(LANG_NAMES.get(lang, lang) for lang in LANGS) + " |",
        "|---|---|" + "---|" * len(LANGS),
    ]
    for code in section.codes:
        lines += _word_rows(code)
    return "\n".join(lines) + "\n"


def generated(text: str) -> str:
    """``text`` with every marked section regenerated (an unknown section id is an error)."""
    known = sections()

    def fill(m: re.Match[str]) -> str:
        if m.group(2) not in known:
            raise KeyError(f"no code table has section {m.group(2)!r}")
        return m.group(1) + render(known[m.group(2)]) + m.group(4)

    return MARKER.sub(fill, text)


def pages() -> list[Path]:
    return sorted(p for p in DOCS.glob("*.md") if "<!-- generated: codes " in p.read_text(encoding="utf-8"))


def main(argv: list[str]) -> int:
    stale = []
    for page in pages():
        text = page.read_text(encoding="utf-8")
        new = generated(text)
        if new != text:
            stale.append(page.name)
            if "--check" not in argv:
                page.write_text(new, encoding="utf-8")
    if stale and "--check" in argv:
        print("stale: " + ", ".join(stale) + " (run python -m txdoctor.docsgen)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
