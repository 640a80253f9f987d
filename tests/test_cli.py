"""The command line: every verdict's exit code, JSON against the schema, text reports, usage errors."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest
import respx

from tests.cli_runner import CliRunner
from tests.esplora_mock import (
    BLOCKSTREAM,
    MEMPOOL,
    Explorer,
    congested_state,
    load,
    mount_fallthrough,
    quiet_state,
)
from txdoctor.cli import app

ROOT = Path(__file__).parent.parent
SCHEMA = json.loads((ROOT / "docs" / "schema.json").read_text())
RBF_ORIGINAL = "242f3fff9ca7d5aea7a7a57d886f3fa7329e24fac948598a991b3a3dd631cd29"
RBF_REPLACEMENT = "b6a53d8a8025c0c5b194345925a99741b645cae0b1f180f0613273029f2bf698"
runner = CliRunner()


def run_json(*args: str) -> tuple[int, dict[str, Any]]:
    result = runner.invoke(app, ["check", *args, "--json"])
    data = json.loads(result.stdout)
    jsonschema.validate(data, SCHEMA)
    return result.exit_code, data


def test_confirmed_exit_0(router: respx.Router, mempool: Explorer) -> None:
    tx = load("esplora/mempool_backend_txs_random_4.json")[2]
    mempool.state(quiet_state(), 890448)
    mempool.tx(tx)
    mount_fallthrough(router)
    code, data = run_json(tx["txid"])
    assert (code, data["verdict"], data["kind"], data["chain"]) == (0, "confirmed", "txid", "btc")
    assert data["facts"]["confirmations"] == 890448 - 848136 + 1


def test_pending_exit_0(router: respx.Router, mempool: Explorer) -> None:
    mempool.state(quiet_state(), 890447)
    mempool.tx(load("esplora/mempool_tx_unconfirmed_rbf_replacement_b6a53d8a.json"))
    mount_fallthrough(router)
    code, data = run_json(RBF_REPLACEMENT)
    assert (code, data["verdict"]) == (0, "pending")
    assert data["findings"][0]["code"] == "BTC_TX_UNCONFIRMED"


def test_stuck_exit_1(router: respx.Router, mempool: Explorer) -> None:
    mempool.state(congested_state(), 890448)
    mempool.tx(load("esplora/mempool_tx_unconfirmed_rbf_original_242f3fff.json"))
    mount_fallthrough(router)
    code, data = run_json(RBF_ORIGINAL)
    assert (code, data["verdict"]) == (1, "stuck")
    assert data["findings"][0]["code"] == "BTC_FEE_TOO_LOW"  # the cause leads
    assert data["facts"]["rbf"] is True


def test_replaced_exit_1(router: respx.Router, mempool: Explorer) -> None:
    mempool.state(quiet_state(), 890448)
    mempool.missing_tx(RBF_ORIGINAL)
    mempool.route(f"v1/tx/{RBF_ORIGINAL}/rbf", load("esplora/mempool_v1_tx_rbf_242f3fff.json"))
    mount_fallthrough(router)
    code, data = run_json(RBF_ORIGINAL)
    assert (code, data["verdict"]) == (1, "replaced")
    assert data["facts"]["replaced_by"] == RBF_REPLACEMENT


def test_not_found_exit_1(router: respx.Router) -> None:
    mount_fallthrough(router)
    code, data = run_json("ab" * 32)
    assert (code, data["verdict"]) == (1, "not_found")
    assert data["findings"][0]["code"] == "BTC_TX_NOT_FOUND"


def test_unreachable_exit_3(router: respx.Router) -> None:
    router.get(url__startswith=MEMPOOL).mock(side_effect=httpx.ConnectError("refused"))
    router.get(url__startswith=BLOCKSTREAM).mock(side_effect=httpx.ConnectError("refused"))
    mount_fallthrough(router, skip=(MEMPOOL, BLOCKSTREAM))  # the other networks searched do not know it
    code, data = run_json("cd" * 32, "--chain", "btc")
    assert (code, data["verdict"]) == (3, "unreachable")
    failures = data["findings"][0]["evidence"]["failures"]
    assert [f["provider"] for f in failures] == [MEMPOOL, BLOCKSTREAM]
    assert all(f["reason"] == "unavailable" for f in failures)


def test_address_valid_offline_exit_0() -> None:
    code, data = run_json("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "--offline")
    assert (code, data["verdict"], data["kind"], data["chain"]) == (0, "valid", "address", "btc")
    assert data["facts"]["type"] == "p2wpkh"


def test_address_invalid_exit_1() -> None:
    code, data = run_json("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdx", "--offline")
    assert (code, data["verdict"]) == (1, "invalid")
    assert data["findings"][0]["code"] == "ADDR_INVALID"


def test_address_wrong_network_exit_1() -> None:
    code, data = run_json("tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx", "--chain", "btc", "--offline")
    assert (code, data["verdict"]) == (1, "invalid")
    f = data["findings"][0]
    assert f["code"] == "ADDR_WRONG_NETWORK"
    assert f["evidence"]["asked_chain"] == "btc"


def test_secret_refused_exit_1_and_not_echoed(router: respx.Router) -> None:
    from mnemonic import Mnemonic

    phrase = Mnemonic("english").to_mnemonic(bytes(range(16)))
    result = runner.invoke(app, ["check", phrase, "--json"])
    data = json.loads(result.stdout)
    jsonschema.validate(data, SCHEMA)
    assert (result.exit_code, data["verdict"], data["kind"]) == (1, "refused", "secret")
    assert phrase not in result.output
    words = phrase.split()
    assert all(f"{a} {b}" not in result.output for a, b in itertools.pairwise(words))
    assert not router.calls  # refused before any network call


def test_unknown_input_exit_2() -> None:
    code, data = run_json("what happened to my payment")
    assert (code, data["verdict"], data["kind"]) == (2, "invalid", "unknown")
    assert data["findings"][0]["code"] == "INPUT_HAS_SPACES"


def test_seed_words_are_unknown_and_not_echoed() -> None:
    # Wordlist words alone (a seed phrase cut into lines, or part of one) are not an input
    # txdoctor knows, and are never shown back.
    code, data = run_json("hello world")
    assert (code, data["verdict"], data["kind"], data["input"]) == (2, "invalid", "unknown", "[redacted]")
    assert data["findings"][0]["code"] == "INPUT_SEED_WORDS"
    assert "hello" not in json.dumps(data)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "INPUT_EMPTY"),
        ("https://mempool.space/blocks", "INPUT_URL"),
        ("/etc/passwd", "INPUT_PATH"),
        ("ab" * 31, "INPUT_WRONG_LENGTH"),
        ("f" * 5000, "INPUT_TOO_LONG"),
        ("bc1qar0srrr7xfkvy5l643lydnw9re59gtzz\u200bwf5mdq", "INPUT_HIDDEN_CHARACTER"),
        ("zz" * 32, "INPUT_UNRECOGNISED"),
    ],
)
def test_bad_input_is_a_clear_message_never_a_traceback(text: str, code: str) -> None:
    result = runner.invoke(app, ["check", text, "--json"])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    data = json.loads(result.stdout)
    assert data["findings"][0]["code"] == code
    assert "Traceback" not in result.output


def test_whitespace_padded_input_is_trimmed() -> None:
    code, data = run_json("  bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq\n", "--offline")
    assert (code, data["input"]) == (0, "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq")


def test_unknown_chain_is_usage_error() -> None:
    result = runner.invoke(app, ["check", "ab" * 32, "--chain", "dogecoin"])
    assert result.exit_code == 2
    assert "unknown chain 'dogecoin'" in result.stderr


def test_bad_url_option_is_usage_error() -> None:
    result = runner.invoke(app, ["check", "ab" * 32, "--url", "btc"])
    assert result.exit_code == 2
    assert "CHAIN=URL" in result.stderr


def test_text_report_reads_without_colour(router: respx.Router, mempool: Explorer) -> None:
    mempool.state(congested_state(), 890448)
    mempool.tx(load("esplora/mempool_tx_unconfirmed_rbf_original_242f3fff.json"))
    mount_fallthrough(router)
    result = runner.invoke(app, ["check", RBF_ORIGINAL])
    lines = result.stdout.splitlines()
    assert lines[0] == f"STUCK  txid {RBF_ORIGINAL} on"  # wrapped at 80 columns, hanging indent
    assert lines[1] == "       Bitcoin mainnet"
    assert "will not confirm any time soon" in " ".join(lines[2:4])
    assert "\x1b[" not in result.stdout  # no escape codes when piped
    assert "Next step" in result.stdout
    assert "Bump fee" in result.stdout.split("Next step")[1]
    assert result.exit_code == 1


def test_version() -> None:
    from txdoctor import __version__

    result = runner.invoke(app, ["--version"])
    assert (result.exit_code, result.stdout.strip()) == (0, f"txdoctor {__version__}")


ADDRESS = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"


@pytest.mark.parametrize(
    ("address", "verdict", "code", "exit_code"),
    [(ADDRESS, "valid", "ADDR_VALID", 0), (ADDRESS[:-1] + "p", "invalid", "ADDR_INVALID", 1)],
)
def test_json_and_text_output_are_wired(address: str, verdict: str, code: str, exit_code: int) -> None:
    """`--json` writes the schema's document, without it the text report: the same diagnosis in both."""
    as_json = runner.invoke(app, ["check", address, "--offline", "--json"])
    data = json.loads(as_json.stdout)
    jsonschema.validate(data, SCHEMA)
    assert as_json.stdout.count("\n") == 1  # one document, one line
    assert (as_json.exit_code, data["input"], data["kind"], data["chain"]) == (
        exit_code,
        address,
        "address",
        "btc",
    )
    assert (data["verdict"], [f["code"] for f in data["findings"]]) == (verdict, [code])
    as_text = runner.invoke(app, ["check", address, "--offline"])
    words = " ".join(as_text.stdout.split())
    assert as_text.exit_code == exit_code
    assert as_text.stdout.splitlines()[0].split() == [
        verdict.upper(),
        "address",
        address,
        "on",
        "Bitcoin",
        "mainnet",
    ]
    assert " ".join(data["findings"][0]["message"].split()) in words
    assert f"{code} (address)" in words and "Next step" in words
    assert "{" not in as_text.stdout


def test_fees_command(router: respx.Router, mempool: Explorer) -> None:
    mempool.state(congested_state(), 890448)
    mount_fallthrough(router)
    result = runner.invoke(app, ["fees", "--json"])
    data = json.loads(result.stdout)
    assert result.exit_code == 0
    assert data["fees"]["fastest"] == 8
    assert data["congestion"]["level"] == "congested"
    assert len(data["projected_blocks"]) == 8
    text = runner.invoke(app, ["fees"]).stdout
    assert "next block      8 sat/vB" in text


def test_fees_unreachable_exit_3(router: respx.Router) -> None:
    router.get(url__startswith=MEMPOOL).mock(return_value=httpx.Response(502))
    router.get(url__startswith=BLOCKSTREAM).mock(return_value=httpx.Response(502))
    result = runner.invoke(app, ["fees", "--json", "--timeout", "1"])
    assert result.exit_code == 3
    assert json.loads(result.stdout)["reachable"] is False


def test_module_entry_point_and_offline_import_cost() -> None:
    """`python -m txdoctor` works, and an offline JSON address check imports no network or UI stack."""
    code = (
        "import sys, runpy; sys.argv=['txdoctor','check','--offline','--json',"
        "'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq'];"
        "import txdoctor.cli as c\n"
        "try:\n    c.main()\nexcept SystemExit as e:\n    rc = e.code\n"
        "heavy = ('httpx', 'web3', 'asyncio', 'rich', 'txdoctor.core.net.http', 'txdoctor.families.evm')\n"
        "bad = [m for m in heavy if m in sys.modules]\n"
        "print('LOADED', bad, rc)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("LOADED [] 0")


@pytest.mark.parametrize(
    ("text", "kind", "taken"),
    [
        ("bitcoin:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq?amount=0.1&label=shop", "address", "bc1q"),
        ("https://mempool.space/tx/" + "ab" * 32, "txid", "abab"),
        ("https://etherscan.io/tx/0x" + "cd" * 32 + "#eventlog", "txid", "0xcd"),
        # (not a token contract: those are `invalid` as recipients, issue 8 item 6)
        ("https://bscscan.com/address/0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "address", "0x5a"),
        ("ethereum:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed@56", "address", "0x5a"),
    ],
)
def test_ids_are_taken_from_links_and_payment_uris(text: str, kind: str, taken: str) -> None:
    code, data = run_json(text, "--offline")
    assert (code, data["kind"]) == (0, kind)
    assert data["input"].startswith(taken)
    note = next(f for f in data["findings"] if f["code"] == "INPUT_FROM_LINK")
    assert note["evidence"]["taken"] == data["input"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (
            "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8",
            "INPUT_EXTENDED_PUBLIC_KEY",
        ),
        (
            "lnbc1pvjluezpp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdpl2pkx2ctnv5sxxmmwwd5",
            "INPUT_LIGHTNING",
        ),
    ],
)
def test_things_that_are_neither_address_nor_transaction_are_named(text: str, code: str) -> None:
    result = runner.invoke(app, ["check", text, "--json"])
    data = json.loads(result.stdout)
    assert (result.exit_code, data["findings"][0]["code"]) == (2, code)


def test_a_key_inside_a_payment_link_is_still_refused() -> None:
    from tests.test_secret_scan import WIF

    result = runner.invoke(app, ["check", f"bitcoin:{WIF}", "--json"])
    assert json.loads(result.stdout)["verdict"] == "refused"
    assert WIF not in result.output


def test_a_bug_is_a_result_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    import txdoctor.core.dispatch

    async def broken(session: object, c: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(txdoctor.core.dispatch, "_diagnose", broken)
    for args in (["bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"], ["x", "y"]):
        result = runner.invoke(app, ["check", *args, "--json", "--offline"])
        lines = [json.loads(line) for line in result.stdout.splitlines()]
        assert len(lines) == len(args)
        assert {d["findings"][0]["code"] for d in lines} == {"INTERNAL_ERROR"}
        assert result.exit_code == 3
        assert result.exception is None and "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "--file", "/nonexistent/queue.txt"], "cannot read --file"),
        (["check", "ab" * 32, "--timeout", "0"], "out of range"),
        (["check", "ab" * 32, "--concurrency", "x"], "is not a number"),
        (["watch", "ab" * 32, "--confirmations", "0"], "out of range"),
        (["fees", "--chain", "dogecoin"], "unknown chain"),
        (["config", "delete"], "invalid choice"),
    ],
)
def test_usage_errors_exit_2_with_a_message(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output
