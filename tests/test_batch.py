"""Many inputs: one result per input, in order, duplicates looked up once, bounded memory."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import Iterator

import httpx
import pytest
import respx

from tests.cli_runner import CliRunner
from tests.esplora_mock import (
    BLOCKSTREAM,
    MEMPOOL,
    Explorer,
    docs_sample,
    load,
    mount_fallthrough,
    quiet_state,
)
from txdoctor.batch import DEFAULT_WINDOW, gather_inputs, read_inputs, run_batch
from txdoctor.cli import app
from txdoctor.core.session import Options
from txdoctor.feed import READ_AHEAD
from txdoctor.model import Diagnosis, Verdict

runner = CliRunner()
CONFIRMED = load("esplora/mempool_backend_txs_random_4.json")[2]
CONFIRMED_2 = load("esplora/mempool_backend_txs_random_4.json")[3]
ADDRESS = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"


@pytest.fixture(autouse=True)
def _httpx_for_respx(monkeypatch: pytest.MonkeyPatch) -> None:
    """respx mocks httpx: these batches use it (aiohttp's are tested on real sockets)."""
    monkeypatch.setattr("txdoctor.batch.BATCH_CLIENT", "httpx")


def mount(router: respx.Router) -> tuple[respx.Route, Explorer]:
    m = Explorer(router, MEMPOOL)
    m.state(quiet_state(), 890448)
    route = m.route(f"tx/{CONFIRMED['txid']}", CONFIRMED)
    m.tx(CONFIRMED_2)
    # the recorded /address answer of the mempool.space docs (for another address: same shape)
    m.route(f"address/{ADDRESS}", docs_sample("get-address")["response"])
    m.route(f"address/{ADDRESS}/txs/mempool", [])
    mount_fallthrough(router)
    return route, m


def test_ndjson_in_input_order_with_duplicates_looked_up_once(router: respx.Router) -> None:
    route, _ = mount(router)
    stdin = "\n".join(
        [
            "# tickets from the help desk",
            CONFIRMED["txid"],
            "",
            "not a txid",
            ADDRESS,
            CONFIRMED_2["txid"],
            CONFIRMED["txid"].upper(),  # a duplicate, pasted in capitals
        ]
    )
    result = runner.invoke(app, ["check", "-", "--json"], input=stdin)
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    assert [x["input"] for x in lines] == [
        CONFIRMED["txid"],
        "not a txid",
        ADDRESS,
        CONFIRMED_2["txid"],
        CONFIRMED["txid"],
    ]
    assert [x["verdict"] for x in lines] == ["confirmed", "invalid", "valid", "confirmed", "confirmed"]
    assert route.call_count == 1  # the duplicate reused the first lookup
    # shared facts were fetched once for the whole run (the tip from each provider, once)
    tip_calls = [str(c.request.url) for c in router.calls if c.request.url.path == "/api/blocks/tip/height"]
    assert sorted(tip_calls) == [f"{BLOCKSTREAM}/blocks/tip/height", f"{MEMPOOL}/blocks/tip/height"]
    assert result.exit_code == 2  # the worst: "not a txid" is a usage-level input error


def test_file_and_arguments_together_and_table_summary(router: respx.Router, tmp_path: object) -> None:
    mount(router)
    from pathlib import Path

    path = Path(str(tmp_path)) / "queue.txt"
    path.write_text(f"{CONFIRMED_2['txid']}\n# done\n\n{ADDRESS}x\n")
    result = runner.invoke(app, ["check", CONFIRMED["txid"], "--file", str(path), "--details"])
    out = result.stdout.splitlines()
    rows = [line for line in out if not line.startswith(" ")]  # a long cause wraps under its column
    assert rows[0].split() == ["INPUT", "CHAIN", "VERDICT", "MAIN", "CAUSE"]
    assert rows[1].split()[1:3] == ["btc", "confirmed"]
    assert rows[2].split()[1:3] == ["btc", "confirmed"]
    assert "invalid" in rows[3]
    assert "INVALID  address" in result.stdout  # --details: the full report for the problem
    assert out[-1] == "3 inputs: 2 confirmed, 1 invalid"
    assert result.exit_code == 1


def test_no_input_is_usage_error() -> None:
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 2
    assert "--file" in result.stderr


def test_read_inputs_skips_blanks_and_comments() -> None:
    assert list(read_inputs(["a\n", "  \n", "# x\n", " b \r\n"])) == ["a", " b "]
    assert list(gather_inputs(["x", "-", "y"], io.StringIO("z\n"), io.StringIO("s\n#c\n"))) == [
        "x",
        "s",
        "y",
        "z",
    ]


def test_failures_become_results_and_nothing_is_lost(router: respx.Router) -> None:
    """A chain that fails gives 'unreachable' for its inputs; the others are unaffected."""
    mount(router)
    router.routes.clear()
    router.get(url__startswith=MEMPOOL + "/tx/" + "ee" * 32).mock(return_value=httpx.Response(503))
    router.get(url__startswith="https://blockstream.info/api/tx/" + "ee" * 32).mock(
        return_value=httpx.Response(503)
    )
    mount(router)
    got: list[Diagnosis] = []
    inputs = [CONFIRMED["txid"], "ee" * 32, ADDRESS, "0x" + "ee" * 10]
    counts = asyncio.run(run_batch(inputs, Options(retries=0), got.append))
    assert [d.verdict for d in got] == [
        Verdict.CONFIRMED,
        Verdict.UNREACHABLE,
        Verdict.VALID,
        Verdict.INVALID,
    ]
    assert counts[Verdict.UNREACHABLE] == 1
    assert sum(counts.values()) == len(inputs)


def test_100k_inputs_stream_with_bounded_memory() -> None:
    """Inputs are read lazily and results leave in order: in-flight work never exceeds the window."""
    produced = 0
    emitted = 0
    max_lag = 0
    n = 100_000

    def source() -> Iterator[str]:
        nonlocal produced, max_lag
        for i in range(n):
            produced += 1
            max_lag = max(max_lag, produced - emitted)
            yield f"zz{i:x}"  # distinct, unrecognisable: diagnosed offline, no network

    last = -1

    def emit(d: Diagnosis) -> None:
        nonlocal emitted, last
        index = int(d.input[2:], 16)
        assert index == last + 1  # in order
        last = index
        emitted += 1

    counts = asyncio.run(run_batch(source(), Options(offline=True), emit))
    assert emitted == n
    assert counts[Verdict.INVALID] == n
    assert max_lag <= DEFAULT_WINDOW + READ_AHEAD + 1  # in flight + read ahead by the input thread


def test_first_seen_of_concurrent_inputs_is_one_batched_request(router: respx.Router) -> None:
    """mempool.space /v1/transaction-times takes many txids: a batch asks once for all."""
    replacement = load("esplora/mempool_tx_unconfirmed_rbf_replacement_b6a53d8a.json")
    original = load("esplora/mempool_tx_unconfirmed_rbf_original_242f3fff.json")
    m = Explorer(router, MEMPOOL)
    m.state(quiet_state(), 890447)
    m.tx(replacement)
    m.tx({**original, "firstSeen": None})  # as plain /tx answers: no first-seen field
    # DERIVED: the recorded time of b6a53d8a (mempool_v1_transaction_times_b6a53d8a.json) and the
    # recorded firstSeen of 242f3fff (its cached JSON), in the order asked
    times = router.get(url__startswith=f"{MEMPOOL}/v1/transaction-times").mock(
        return_value=httpx.Response(200, json=[1743541726, 1743541407])
    )
    mount_fallthrough(router)
    got: list[Diagnosis] = []
    asyncio.run(run_batch([replacement["txid"], original["txid"]], Options(speculative=False), got.append))
    assert times.call_count == 1
    query = times.calls[0].request.url.query.decode()
    assert replacement["txid"] in query and original["txid"] in query
    assert [d.facts["first_seen"] for d in got] == [1743541726, 1743541407]


def test_stdin_results_stream_before_more_input_comes() -> None:
    """One line written to `check - --json`: its result comes out while stdin is still open."""
    import os
    import select
    import subprocess
    import sys
    from pathlib import Path

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    cmd = [sys.executable, "-m", "txdoctor", "check", "-", "--json", "--offline"]
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert p.stdin is not None and p.stdout is not None and p.stderr is not None
    try:
        lines = []
        for text in (ADDRESS, "ab" * 32):
            p.stdin.write(f"{text}\n".encode())
            p.stdin.flush()
            readable, _, _ = select.select([p.stdout], [], [], 30)
            assert readable, "no result while stdin is open"
            lines.append(json.loads(p.stdout.readline()))
        assert [d["input"] for d in lines] == [ADDRESS, "ab" * 32]
        p.stdin.close()
        assert p.stdout.read() == b""
        assert p.wait(timeout=30) == 0
    finally:
        p.kill()
        p.wait()
        for stream in (p.stdin, p.stdout, p.stderr):
            stream.close()


def test_an_error_reading_the_inputs_is_raised_after_the_results_before_it() -> None:
    def source() -> Iterator[str]:
        yield ADDRESS
        raise OSError("disk gone")

    got: list[Diagnosis] = []
    with pytest.raises(OSError, match="disk gone"):
        asyncio.run(run_batch(source(), Options(offline=True), got.append))
    assert [d.input for d in got] == [ADDRESS]


def test_a_batch_runs_on_uvloop_where_installed_else_on_asyncio(monkeypatch: pytest.MonkeyPatch) -> None:
    """The batch's loop (issue 13: the loop's own work per request is about a fifth less)."""
    import sys

    from txdoctor.batch import new_loop

    uvloop = pytest.importorskip("uvloop")
    loop = new_loop()
    try:
        assert isinstance(loop, uvloop.Loop)
    finally:
        loop.close()
    monkeypatch.setitem(sys.modules, "uvloop", None)  # not installed (Windows): asyncio's own
    loop = new_loop()
    try:
        assert not isinstance(loop, uvloop.Loop) and isinstance(loop, asyncio.AbstractEventLoop)
    finally:
        loop.close()


def test_a_batch_gives_the_same_results_on_either_loop(
    router: respx.Router, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    pytest.importorskip("uvloop")
    mount(router)
    stdin = "\n".join([CONFIRMED["txid"], "not a txid", ADDRESS, CONFIRMED_2["txid"], CONFIRMED["txid"]])
    results = []
    for missing in (False, True):
        if missing:
            monkeypatch.setitem(sys.modules, "uvloop", None)
        result = runner.invoke(app, ["check", "-", "--json", "--no-cache"], input=stdin)
        lines = [json.loads(x) for x in result.stdout.splitlines()]
        results.append((result.exit_code, [(x["input"], x["verdict"], x["findings"]) for x in lines]))
    assert results[0] == results[1]
    assert [v for _, v, _ in results[0][1]] == ["confirmed", "invalid", "valid", "confirmed", "confirmed"]
