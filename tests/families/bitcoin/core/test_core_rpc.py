"""The core+http(s):// transport: URLs, auth, redaction, and hostile or broken answers (respx, hand-built)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from tests.findings_helpers import evidence
from txdoctor.api import diagnose
from txdoctor.core.chains import parse_url_option
from txdoctor.core.dispatch import diagnose_one, run_coroutine
from txdoctor.core.net.base import redact_url
from txdoctor.core.net.urls import CoreUrlError, parse_core_url
from txdoctor.core.session import Options

URL = "http://127.0.0.1:19332/"
TXID = "ab" * 32


def check(url: str, chain: str = "ltc") -> Any:
    return diagnose(TXID, chain=chain, urls={chain: [url]}, timeout=2)


def detail(d: Any) -> str:
    return str(evidence(d, "NET_UNREACHABLE")["failures"][0]["detail"])


def test_url_parts() -> None:
    e = parse_core_url("core+http://alice:pa%40ss@127.0.0.1:9332/wallet/w")
    assert (e.url, e.user, e.password, e.cookie) == (
        "http://127.0.0.1:9332/wallet/w",
        "alice",
        "pa%40ss",
        None,
    )
    assert e.name == "core+http://***@127.0.0.1:9332/wallet/w"
    c = parse_core_url("core+https://node.example:443?cookie=~/.litecoin/.cookie")
    assert c.url == "https://node.example:443/"
    assert c.cookie is not None and c.cookie.endswith("/.litecoin/.cookie") and "~" not in c.cookie


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("core+http://u:p@h:1?cookie=/x", "either user:password@ or ?cookie="),
        ("core+http://h:1?wallet=w", "unknown option 'wallet'"),
        ("core+ftp://h:1", "core+http://user:pass@127.0.0.1:8332"),
        ("core+http://h:notaport", "not a valid URL"),
    ],
)
def test_bad_urls_are_named_without_secrets(url: str, message: str) -> None:
    with pytest.raises(CoreUrlError) as err:
        parse_core_url(url)
    assert message in str(err.value)
    assert ":p@" not in str(err.value)


def test_url_option_accepts_core_for_bitcoin_family_only() -> None:
    assert parse_url_option("ltc=core+http://u:p@127.0.0.1:9332") == ("ltc", "core+http://u:p@127.0.0.1:9332")
    assert parse_url_option("btc-regtest=core+https://h:1?cookie=/c")[0] == "btc-regtest"
    with pytest.raises(ValueError, match="Bitcoin and Litecoin chains only"):
        parse_url_option("eth=core+http://127.0.0.1:8545")
    with pytest.raises(ValueError, match="either user:password@ or"):
        parse_url_option("ltc=core+http://u:secret@h:1?cookie=/c")


def test_redaction_of_core_urls() -> None:
    assert redact_url("core+http://u:hunter2@127.0.0.1:8332") == "core+http://***@127.0.0.1:8332"
    assert redact_url("core+http://127.0.0.1:9332?cookie=/home/a/.cookie") == (
        "core+http://127.0.0.1:9332?cookie=***"
    )  # a path, not a secret, but hidden like any query value


def test_bad_core_url_from_the_environment_is_a_usage_error_without_secrets() -> None:
    from txdoctor.core.net.urls import InvalidUrl

    options = Options(chain="ltc", environ={"TXDOCTOR_URL_LTC": "core+http://u:hunter2@h:1?cookie=/c"})
    with pytest.raises(InvalidUrl) as err:
        run_coroutine(lambda: diagnose_one(TXID, options), False)
    assert "either user:password@ or ?cookie=" in str(err.value)
    assert "hunter2" not in str(err.value)


def _reply(router: respx.Router, body: Any, status: int = 200, raw: bytes | None = None) -> respx.Route:
    content = raw if raw is not None else json.dumps(body).encode()
    return router.post(URL).mock(return_value=httpx.Response(status, content=content))


@pytest.mark.parametrize(
    ("body", "raw", "status", "expected"),
    [
        ({"result": None, "error": None, "id": 0}, None, 200, "expected a JSON-RPC batch answer"),
        ([], None, 200, "answered 0 of"),
        ([{"result": {}, "error": None, "id": 99}], None, 200, "unknown id"),
        ([{"error": None, "id": 0}], None, 200, "neither result nor error"),
        (None, b"<html>gateway</html>", 200, "HTML page"),
        (None, b'[{"result": ', 200, "truncated or invalid JSON"),
        (
            [
                {"result": None, "error": {"code": -28, "message": "Loading block index..."}, "id": i}
                for i in range(8)
            ],
            None,
            200,
            "the node is starting",
        ),
        ([{"result": None, "error": "boom", "id": 0}], None, 200, "JSON-RPC error is not an object"),
    ],
)
def test_broken_answers_are_that_providers_failure(
    router: respx.Router, body: Any, raw: bytes | None, status: int, expected: str
) -> None:
    _reply(router, body, status, raw)
    d = check("core+http://u:hunter2@127.0.0.1:19332")
    assert d.verdict.value == "unreachable"
    assert expected in detail(d)
    assert "hunter2" not in json.dumps(d.to_dict())


def test_wrong_node_info_is_refused(router: respx.Router) -> None:
    answers = [
        {"result": {"chain": "main", "blocks": 5}, "error": None, "id": 0},
        {"result": "00" * 32, "error": None, "id": 1},
    ] + [{"result": None, "error": {"code": -5, "message": "x"}, "id": i} for i in range(2, 8)]
    _reply(router, answers)
    assert "the node is on an unknown chain ('main')" in detail(check("core+http://127.0.0.1:19332"))


def test_401_names_the_credentials_but_not_the_cookie(router: respx.Router, tmp_path: Path) -> None:
    cookie = tmp_path / ".cookie"
    cookie.write_text("__cookie__:c00kie-secret-value")
    route = _reply(router, None, 401, b"")
    d = check(f"core+http://127.0.0.1:19332?cookie={cookie}")
    assert "refused the RPC credentials" in detail(d)
    assert "c00kie-secret-value" not in json.dumps(d.to_dict())
    unreachable = next(f for f in d.findings if f.code == "NET_UNREACHABLE")
    assert unreachable.evidence["failures"][0]["reason"] == "unauthorized"
    assert "refused the credentials" in unreachable.advice
    assert "internet connection" not in unreachable.advice
    sent = route.calls.last.request.headers["authorization"]
    import base64

    assert base64.b64decode(sent.removeprefix("Basic ")).decode() == "__cookie__:c00kie-secret-value"


def test_garbage_cookie_file(router: respx.Router, tmp_path: Path) -> None:
    cookie = tmp_path / "not-a-cookie"
    cookie.write_bytes(b"\x00" * 10)
    d = check(f"core+http://127.0.0.1:19332?cookie={cookie}")
    assert "is not a Core cookie file" in detail(d)


def test_redaction_of_a_url_with_a_bad_port_does_not_raise() -> None:
    assert "hunter2" not in redact_url("core+http://u:hunter2@h:notaport")


def _lookup_answers(index: Any, raw_error: str) -> list[dict[str, Any]]:
    """A Litecoin (mainnet) node's batch answer to a txid lookup: the txid is nowhere (hand-built)."""
    errors = {
        2: {"code": -5, "message": raw_error},
        3: {"code": -5, "message": "Transaction not in mempool"},
        4: {"code": -5, "message": "Transaction not in mempool"},
        5: {"code": -5, "message": "Transaction not in mempool"},
        7: {"code": -18, "message": "Requested wallet does not exist or is not loaded"},
    }
    genesis = "12a765e31ffd4059bada1e25190f6e98c99d9714d334efa41a195a7e7e04bfe2"
    answers: list[dict[str, Any]] = [
        {
            "result": {"chain": "main", "blocks": 2_800_000, "mediantime": 1_790_000_000},
            "error": None,
            "id": 0,
        },
        {"result": genesis, "error": None, "id": 1},
    ]
    for i in range(2, 8):
        if i == 6:
            answers.append(index | {"id": 6})
        else:
            answers.append({"result": None, "error": errors[i], "id": i})
    return answers


NO_INDEX = (  # Litecoin Core 0.21's words, as a real node said them
    "No such mempool transaction. Use -txindex or provide a block hash to enable blockchain "
    "transaction queries."
)
WITH_INDEX = "No such mempool or blockchain transaction. Use gettransaction for wallet transactions."
OLD_NODE = {"result": None, "error": {"code": -32601, "message": "Method not found"}}


@pytest.mark.parametrize(
    ("index", "raw_error", "code"),
    [
        ({"result": {}, "error": None}, NO_INDEX, "BTC_NODE_NO_TXINDEX"),
        (
            {"result": {"txindex": {"synced": True, "best_block_height": 2_800_000}}, "error": None},
            WITH_INDEX,
            "BTC_TX_NOT_FOUND",
        ),
        (OLD_NODE, NO_INDEX, "BTC_NODE_NO_TXINDEX"),  # before getindexinfo: the error's words tell
        (OLD_NODE, WITH_INDEX, "BTC_TX_NOT_FOUND"),
    ],
)
def test_whether_the_node_has_a_txindex(router: respx.Router, index: Any, raw_error: str, code: str) -> None:
    state = [{"result": {"mempoolminfee": 0.00001, "size": 0, "bytes": 0}, "error": None, "id": 2}] + [
        {"result": {"feerate": 0.0001, "blocks": 2}, "error": None, "id": i} for i in range(3, 7)
    ]

    def reply(request: httpx.Request) -> httpx.Response:
        calls = json.loads(request.content)
        if calls[2]["method"] == "getrawtransaction":
            return httpx.Response(200, json=_lookup_answers(index, raw_error))
        return httpx.Response(200, json=_lookup_answers(index, raw_error)[:2] + state)

    router.post(URL).mock(side_effect=reply)
    d = check("core+http://127.0.0.1:19332")
    assert d.ranked_findings()[0].code == code
    assert d.verdict.value == ("unreachable" if code == "BTC_NODE_NO_TXINDEX" else "not_found")


def test_config_file_takes_core_urls_for_bitcoin_family_only(tmp_path: Path) -> None:
    from txdoctor.config import ConfigError, load_config

    good = tmp_path / "good.toml"
    good.write_text(
        '[providers]\nltc = ["core+http://u:hunter2@127.0.0.1:9332", "https://litecoinspace.org/api"]\n'
    )
    config = load_config({"TXDOCTOR_CONFIG": str(good)})
    assert config.providers["ltc"][0] == "core+http://u:hunter2@127.0.0.1:9332"
    assert "hunter2" not in json.dumps(config.redacted())
    bad = tmp_path / "bad.toml"
    bad.write_text('[providers]\neth = "core+http://u:hunter2@127.0.0.1:8545"\n')
    with pytest.raises(ConfigError) as err:
        load_config({"TXDOCTOR_CONFIG": str(bad)})
    assert "Bitcoin and Litecoin chains only" in str(err.value)
    assert "hunter2" not in str(err.value)
