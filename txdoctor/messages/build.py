"""Build each catalog's fast twin: ``python -m txdoctor.messages.build`` (``--check`` only
reports a stale one and exits 1).

``_built_<lang>.marshal`` holds the flattened entries of ``<lang>.toml`` (marshal: data, not
a module) and the CRC-32 of that TOML; ``_built_<lang>_later.marshal`` the entries under ``loader.LATER``
(read on first use). The loader uses them only when the CRC matches (loader.py).
"""

from __future__ import annotations

import marshal
import sys
from pathlib import Path
from typing import Any

from txdoctor.messages import LANGS
from txdoctor.messages.loader import HERE, LATER, parse_toml, source_crc


def built_data(lang: str, later: bool = False) -> dict[str, Any]:
    data = (HERE / f"{lang}.toml").read_bytes()
    entries = {k: v for k, v in sorted(parse_toml(data).items()) if k.startswith(LATER) == later}
    return {"crc": source_crc(data), "entries": entries}


def _current(path: Path) -> Any:
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None


def main(argv: list[str]) -> int:
    stale = []
    for lang, later in ((lang, later) for lang in LANGS for later in (False, True)):
        path = HERE / (f"_built_{lang}_later.marshal" if later else f"_built_{lang}.marshal")
        data = built_data(lang, later)
        if _current(path) == data:  # by content: marshal's bytes may differ for equal data
            continue
        stale.append(path.name)
        if "--check" not in argv:
            path.write_bytes(marshal.dumps(data))
    if stale and "--check" in argv:
        print("stale: " + ", ".join(stale) + " (run python -m txdoctor.messages.build)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
