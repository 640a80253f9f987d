"""Golden files: a test's output compared with the file under tests/golden/, or rewritten.

Regenerate after a deliberate change (new words, a changed layout), then read the diff:
``.venv/bin/python -m pytest tests/render --update-golden`` (or ``TXDOCTOR_UPDATE_GOLDEN=1``).
"""

from __future__ import annotations

from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"
HOW = "regenerate with: .venv/bin/python -m pytest tests/render --update-golden, then read git diff"


def compare(path: Path, text: str, update: bool) -> None:
    """``text`` equals the golden file ``path``; with ``update``, ``path`` is rewritten first."""
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} is missing ({HOW})"
    assert text == path.read_text(encoding="utf-8"), f"{path} differs ({HOW}):\n{text}"
