"""Build each catalog's fast twin: ``python -m txdoctor.messages.build`` (``--check`` only
reports a stale one and exits 1).

``_built_<lang>.py`` holds the flattened entries of ``<lang>.toml`` as a dict literal and
the CRC-32 of that TOML; ``_built_<lang>_later.py`` the entries under ``loader.LATER``
(read on first use). The loader uses them only when the CRC matches (loader.py).
"""

from __future__ import annotations

import sys

from txdoctor.messages import LANGS
from txdoctor.messages.loader import HERE, LATER, parse_toml, source_crc

HEADER = '"""Built from {lang}.toml by ``python -m txdoctor.messages.build``: do not edit."""\n\n'


def built_text(lang: str, later: bool = False) -> str:
    data = (HERE / f"{lang}.toml").read_bytes()
    entries = {k: v for k, v in parse_toml(data).items() if k.startswith(LATER) == later}
    lines = [HEADER.format(lang=lang), f"SOURCE_CRC = {source_crc(data)}\n", "ENTRIES = {\n"]
    lines += [f"    {key!r}: {value!r},\n" for key, value in sorted(entries.items())]
    lines.append("}\n")
    return "".join(lines)


def main(argv: list[str]) -> int:
    stale = []
    for lang, later in ((lang, later) for lang in LANGS for later in (False, True)):
        path = HERE / (f"_built_{lang}_later.py" if later else f"_built_{lang}.py")
        text = built_text(lang, later)
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(path.name)
        if "--check" not in argv:
            path.write_text(text, encoding="utf-8")
    if stale and "--check" in argv:
        print("stale: " + ", ".join(stale) + " (run python -m txdoctor.messages.build)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
