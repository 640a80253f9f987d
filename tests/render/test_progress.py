"""The batch progress line (stderr on a terminal) speaks the language asked."""

from __future__ import annotations

import io

import pytest

from txdoctor.core.session import Options
from txdoctor.runner import run_check


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("lang", "words"), [("en", "2 checked"), ("zh", "已查询 2 条")])
def test_the_progress_line_speaks_the_language_asked(lang: str, words: str) -> None:
    out, err = io.StringIO(), Terminal()
    inputs = ["1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"]
    code = run_check(
        inputs, Options(offline=True, lang=lang), single=False, json_out=True, details=False, out=out, err=err
    )
    assert code == 0
    assert words in err.getvalue()
    assert ("checked" in err.getvalue()) is (lang == "en")
