"""The Python API (issue 8 item 1): repeated calls, and what ``urls`` accepts."""

from __future__ import annotations

import subprocess
import sys

import httpx
import pytest
import respx

import txdoctor
from tests.esplora_mock import Explorer, load, quiet_state

ADDRESS = "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"
NODE = "http://node.example:3000/api"


def test_diagnose_works_on_repeated_calls_in_a_fresh_interpreter() -> None:
    code = (
        "import txdoctor as t\n"
        f"a = t.diagnose({ADDRESS!r}, offline=True)\n"
        f"b = t.diagnose({ADDRESS!r}, offline=True)\n"
        "from txdoctor.api import api_urls  # the module behind it, imported by name\n"
        f"c = t.diagnose({ADDRESS!r}, offline=True)\n"
        "print(a.verdict.value, b.verdict.value, c.verdict.value, callable(t.diagnose))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["valid", "valid", "valid", "True"]


def test_diagnose_stays_the_function_after_the_core_is_imported() -> None:
    import txdoctor.api as _
    import txdoctor.core.dispatch as _d  # noqa: F401  (what the CLI and runner do)

    assert txdoctor.diagnose is _.diagnose  # one function, one signature (no copy in __init__)

    first = txdoctor.diagnose(ADDRESS, offline=True)
    second = txdoctor.diagnose(ADDRESS, offline=True)
    assert (first.verdict.value, second.verdict.value) == ("valid", "valid")
    assert first.facts["address"] == ADDRESS


@pytest.mark.parametrize("urls", [{"btc": NODE}, {"btc": [NODE]}, {"btc": (NODE,)}, {"BTC": NODE + "/"}])
def test_urls_accepts_a_string_or_a_list(router: respx.Router, urls: dict[str, object]) -> None:
    tx = load("esplora/mempool_backend_txs_random_4.json")[2]
    node = Explorer(router, NODE)
    node.state(quiet_state(), 890448)
    node.tx(tx)
    router.get(url__startswith=NODE).mock(return_value=httpx.Response(404, text="Not Found"))
    d = txdoctor.diagnose(tx["txid"], urls=urls, timeout=2)  # type: ignore[arg-type]
    assert (d.verdict.value, d.chain) == ("confirmed", "btc")
    assert d.facts["provider"] == "http://node.example:3000/api"
    assert d.facts["confirmations"] == 890448 - 848136 + 1
    hosts = {call.request.url.host for call in router.calls}
    assert hosts == {"node.example"}


@pytest.mark.parametrize(
    "urls",
    [{"btc": 5}, {"btc": [NODE, 5]}, {"btc": {NODE}}, {"btc": None}, [("btc", NODE)], NODE, {5: NODE}],
)
def test_urls_of_another_shape_is_a_type_error_before_any_request(router: respx.Router, urls: object) -> None:
    with pytest.raises(TypeError, match="urls"):
        txdoctor.diagnose("00" * 32, urls=urls, timeout=1)  # type: ignore[arg-type]
    assert not router.calls


def test_urls_with_an_unknown_chain_name() -> None:
    from txdoctor.core.chains import UnknownChain

    with pytest.raises(UnknownChain):
        txdoctor.diagnose(ADDRESS, urls={"dogecoin": NODE}, offline=True)
