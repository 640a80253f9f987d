"""What reaches the terminal: 80 columns, words not field names, no escapes from inputs or
providers, always UTF-8, a BOM or a CR does not change the inputs, `| head -1` is quiet."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import respx

from tests.cli_runner import CliRunner
from tests.esplora_mock import Explorer, load, mount_fallthrough, quiet_state
from txdoctor.cli import app
from txdoctor.inputs import gather_inputs, open_input_file, read_inputs
from txdoctor.model import Category, Diagnosis, Finding, Kind, Severity, Verdict
from txdoctor.render.style import when, words
from txdoctor.render.table import TableRenderer
from txdoctor.render.text import render_text

ROOT = Path(__file__).parent.parent
ADDRESS = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"
ESC = "\x1b[2J\x1b[32mCONFIRMED"
runner = CliRunner()


def txdoctor(*args: str | bytes, env: dict[str, str] | None = None, **kw: object) -> subprocess.Popen[bytes]:
    full = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    full.pop("COLUMNS", None)
    return subprocess.Popen([sys.executable, "-m", "txdoctor", *args], env=full, **kw)  # type: ignore[call-overload]


# ------------------------------------------------------------------ 9: | head -1


def test_a_closed_pipe_ends_quietly_with_the_results_exit_code() -> None:
    """The reader is gone before anything is written: no traceback, the code of the result."""
    p = txdoctor("check", "--offline", ADDRESS, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert p.stdout is not None and p.stderr is not None
    p.stdout.close()
    with p.stderr:
        err = p.stderr.read()
    assert p.wait(timeout=60) == 0
    assert err == b""


def test_a_closed_pipe_in_a_json_batch_ends_quietly() -> None:
    p = txdoctor(
        "check",
        "--offline",
        "--json",
        "-",
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert p.stdin is not None and p.stdout is not None
    p.stdout.close()
    _, err = p.communicate(input=(ADDRESS + "\n").encode() * 200, timeout=60)
    assert p.returncode == 0
    assert b"Traceback" not in err and b"BrokenPipe" not in err


# ------------------------------------------------------------------ 14: UTF-8, escapes


def test_undecodable_argument_bytes_give_utf8_json() -> None:
    p = txdoctor("check", b"\xff", "--offline", "--json", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, _ = p.communicate(timeout=60)
    data = json.loads(out.decode("utf-8"))  # strict: raises on byte 0xFF
    assert data["input"] == "\\xff"
    assert p.returncode == 2


def test_stdout_is_utf8_whatever_the_locale_says() -> None:
    env = {"PYTHONIOENCODING": "latin-1", "LC_ALL": "C"}
    p = txdoctor("check", "Ωmega€", "--offline", env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = p.communicate(timeout=60)
    assert "Ωmega€" in out.decode("utf-8")
    assert b"Traceback" not in err


def test_terminal_escapes_in_an_input_are_shown_not_obeyed() -> None:
    for args in (["check", "--offline", ESC], ["check", "--offline", ESC, ADDRESS]):
        result = runner.invoke(app, args)
        assert "\x1b" not in result.stdout + result.stderr
        assert "\\x1b[2J" in result.stdout


def test_terminal_escapes_in_a_provider_message_are_shown_not_obeyed() -> None:
    finding = Finding(
        "TRON_TX_FAILED",
        Category.STATUS,
        Severity.ERROR,
        f"The contract said: {ESC}\u202eevil\x07",
        advice=f"next {ESC}",
        evidence={"message": ESC},
        verdict=Verdict.FAILED,
    )
    d = Diagnosis("ab" * 32, Kind.TXID, "tron", Verdict.FAILED, (finding,), {})
    for render in (render_text, lambda d, out: TableRenderer(out, details=True).row(d)):
        out = io.StringIO()
        render(d, out)
        text = out.getvalue()
        assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
        assert "\\x1b[2J\\x1b[32mCONFIRMED" in text and "\\u202e" in text


def test_a_usage_error_does_not_echo_escapes() -> None:
    result = runner.invoke(app, ["check", ADDRESS, "--chain", ESC])
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr and "\\x1b" in result.stderr


# ------------------------------------------------------------------ 15: BOM and line ends


def test_a_bom_does_not_become_part_of_the_first_input(tmp_path: Path) -> None:
    path = tmp_path / "queue.txt"
    path.write_bytes(b"\xef\xbb\xbf" + ADDRESS.encode() + b"\r\n")
    for args, stdin in (
        (["check", "--offline", "--json", "-"], "\ufeff" + ADDRESS + "\n"),
        (["check", "--offline", "--json", "--file", str(path)], None),
    ):
        result = runner.invoke(app, args, input=stdin)
        assert result.exit_code == 0, result.stdout
        assert json.loads(result.stdout)["input"] == ADDRESS


def test_stdin_and_file_split_lines_alike(tmp_path: Path) -> None:
    raw = f"{ADDRESS}\r\n{ADDRESS}\rjunk\n\r\n"
    path = tmp_path / "queue.txt"
    path.write_bytes(raw.encode())
    with open_input_file(str(path)) as f:
        from_file = list(gather_inputs([], f, io.StringIO()))
    from_stdin = list(gather_inputs(["-"], None, io.StringIO(raw, newline="\n")))
    assert from_file == from_stdin == [ADDRESS, f"{ADDRESS}\rjunk"]
    assert list(read_inputs(["\ufeff# comment\n", "\ufeffx\n"])) == ["\ufeffx"]  # only the stream's first


def test_a_file_with_bytes_that_are_not_utf8_keeps_them_visible(tmp_path: Path) -> None:
    path = tmp_path / "queue.txt"
    path.write_bytes(b"ab\xffcd\n")
    with open_input_file(str(path)) as f:
        assert list(read_inputs(f)) == ["ab\\xffcd"]


# ------------------------------------------------------------------ 21: 80 columns, words


def test_the_report_fits_80_columns_and_says_the_cause_once(router: respx.Router, mempool: Explorer) -> None:
    tx = load("esplora/mempool_backend_txs_random_4.json")[2]
    mempool.state(quiet_state(), 890448)
    mempool.tx(tx)
    mount_fallthrough(router)
    result = runner.invoke(app, ["check", tx["txid"], "--no-cache"], env={"COLUMNS": "80"})
    lines = result.stdout.splitlines()
    assert all(len(line) <= 80 or " " not in line.strip() for line in lines), lines
    assert lines[0] == f"CONFIRMED  txid {tx['txid']}"
    assert lines[1] == "           on Bitcoin mainnet"  # hanging indent under the input
    assert result.stdout.count("Confirmed in block 848136") == 1  # not repeated as the first finding
    assert "block time: 2024-06-16 05:51 UTC (" in result.stdout  # a date with its age
    assert "block_time=" not in result.stdout


def test_evidence_reads_as_words() -> None:
    assert words("rbf", False) == "no" and words("full_rbf", True) == "yes"
    assert when(1542731460, now=1542731460 + 3 * 86400) == "2018-11-20 16:31 UTC (3 days ago)"
    assert words("create_time", 1542731460000).startswith("2018-11-20 16:31 UTC")  # TRON: milliseconds
    assert words("block_height", 1542731460) == "1542731460"  # not a time


def test_batch_rows_fit_the_width() -> None:
    inputs = ["ab" * 32, ADDRESS, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "hello there"]
    for columns in ("80", "50"):
        result = runner.invoke(app, ["check", "--offline", *inputs], env={"COLUMNS": columns})
        lines = result.stdout.splitlines()
        assert len(lines) > len(inputs) + 2
        assert all(len(line) <= int(columns) for line in lines), lines


def test_an_offline_text_report_loads_no_ui_library() -> None:
    code = (
        "import sys; sys.argv=['txdoctor','check','--offline','bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq'];"
        "import txdoctor.cli as c\n"
        "try:\n    c.app()\nexcept SystemExit:\n    pass\n"
        "print('LOADED', [m for m in ('rich', 'asyncio', 'httpx') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("LOADED []")
