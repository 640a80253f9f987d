"""Chinese text wraps by display width: a wide character takes two columns, and a line may
break between two Chinese characters (there are no spaces to break at)."""

from __future__ import annotations

import subprocess
import sys
import unicodedata

import respx

from tests.cli_runner import CliRunner
from tests.esplora_mock import Explorer, load, mount_fallthrough, quiet_state
from txdoctor.cli import app
from txdoctor.render.style import columns, wrap

runner = CliRunner()
SENTENCE = "这笔交易已经在区块中确认，资金已经到达收款地址，无需再做任何处理。" * 4


def display(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def test_columns_counts_a_chinese_character_as_two() -> None:
    assert columns("abc") == 3
    assert columns("交易") == 4
    assert columns("（Bitcoin 主网）") == 16


def test_chinese_without_spaces_breaks_between_characters_within_the_width() -> None:
    lines = wrap(SENTENCE, 80, "  ", "    ")
    assert len(lines) > 1
    assert all(display(line) <= 80 for line in lines), lines
    assert all(display(line) >= 80 - 4 for line in lines[:-1])  # lines are filled, not cut early
    assert "".join(line.strip() for line in lines) == SENTENCE  # nothing lost, no space added
    assert not any(line.lstrip()[0] in "，。" for line in lines)  # no line starts with a comma


def test_mixed_text_keeps_latin_words_and_long_tokens_whole() -> None:
    txid = "ab" * 32
    lines = wrap(f"交易哈希 {txid} 在 Bitcoin 主网上已确认，确认数 6。" * 2, 50)
    assert all(display(line) <= 50 or txid in line for line in lines), lines
    assert sum(line.count(txid) for line in lines) == 2
    assert all("Bitcoin" in line for line in lines if "Bitc" in line)


def test_ascii_text_wraps_as_before() -> None:
    import textwrap

    text = "Valid: a native SegWit (P2WPKH) address on Bitcoin mainnet. " * 5
    expected = textwrap.wrap(
        text,
        60,
        initial_indent="  ",
        subsequent_indent="    ",
        break_long_words=False,
        break_on_hyphens=False,
    )
    assert wrap(text, 60, "  ", "    ") == expected


def test_a_chinese_report_fits_80_columns(router: respx.Router, mempool: Explorer) -> None:
    tx = load("esplora/mempool_backend_txs_random_4.json")[2]
    mempool.state(quiet_state(), 890448)
    mempool.tx(tx)
    mount_fallthrough(router)
    result = runner.invoke(app, ["check", tx["txid"], "--no-cache", "--lang", "zh"], env={"COLUMNS": "80"})
    lines = result.stdout.splitlines()
    assert result.exit_code == 0
    assert any(tx["txid"] in line for line in lines)
    assert all(display(line) <= 80 for line in lines), [(display(line), line) for line in lines]


def test_an_opening_bracket_does_not_end_a_line() -> None:
    lines = wrap("有效  地址 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa （Bitcoin 主网）", 50)
    assert all(display(line) <= 50 for line in lines), lines
    assert not any(line.rstrip().endswith("（") for line in lines), lines


def test_an_english_report_does_not_load_the_wide_wrapper() -> None:
    code = (
        "import sys; sys.argv=['txdoctor','check','--offline','bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq'];"
        "import txdoctor.cli as c\n"
        "try:\n    c.app()\nexcept SystemExit:\n    pass\n"
        "print('LOADED', 'txdoctor.render.widewrap' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("LOADED False")
