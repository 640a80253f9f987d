"""Bitcoin Core / Litecoin Core JSON-RPC transport: ``core+http(s)://`` URLs, auth, batched calls.

``core+http://user:pass@127.0.0.1:8332`` (HTTP Basic) or
``core+http://127.0.0.1:9332?cookie=~/.litecoin/.cookie`` (the node's cookie file, read at the
first call). A path such as ``/wallet/NAME`` is kept (wallet calls go to that wallet).

Every call is sent as a JSON-RPC *batch*, even a single one: Core answers a batch with
HTTP 200 and one result or error per call, whereas a lone failing call is an HTTP 500
that would look like a server failure. Answers go through the shared Http client (size
cap, timeouts, retries, strict JSON). Credentials never appear in a name or a message.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from txdoctor.core.net.base import BadResponse, ProviderError, Unauthorized, Unavailable
from txdoctor.core.net.urls import CoreEndpoint, CoreUrlError, is_core_url, parse_core_url, redact_url

if TYPE_CHECKING:
    from txdoctor.core.net.http import Http

MAX_BATCH = 2000  # calls in one request; answers stay under the Http size cap
MAX_COOKIE_BYTES = 4096


class RpcError(Exception):
    """One call's JSON-RPC error (the node answered; the call failed), e.g. -5 'No such transaction'."""

    def __init__(self, code: int, message: str) -> None:
        self.code = code
        self.message = message[:300]
        super().__init__(f"{code}: {self.message}")


Call = tuple[str, Sequence[Any]]


class CoreRpc:
    """Batched JSON-RPC calls to one Core node."""

    def __init__(self, http: Http, url: str) -> None:
        self.http = http
        self.name = redact_url(url)
        self._auth: str | None = None
        self._bad_url: str | None = None
        try:
            self.endpoint = parse_core_url(url)
        except CoreUrlError as err:  # from an environment variable: said on use, not a crash
            self.endpoint = CoreEndpoint("", self.name)
            self._bad_url = str(err)

    def _authorization(self) -> str | None:
        if self._auth is None:
            e = self.endpoint
            if e.cookie is not None:
                secret = _read_cookie(self.name, e.cookie)
            elif e.user is not None or e.password is not None:
                from urllib.parse import unquote

                secret = f"{unquote(e.user or '')}:{unquote(e.password or '')}"
            else:
                return None
            self._auth = "Basic " + base64.b64encode(secret.encode()).decode()
        return self._auth

    async def batch(self, calls: Sequence[Call]) -> list[Any]:
        """One request; each item is the call's result, or an RpcError for a call that failed."""
        if not calls:
            return []
        if self._bad_url is not None:
            raise BadResponse(self.name, self._bad_url)
        if len(calls) > MAX_BATCH:
            raise ValueError(f"at most {MAX_BATCH} calls per batch")  # a bug, never user input
        payload = [
            {"jsonrpc": "1.0", "id": i, "method": m, "params": list(p)} for i, (m, p) in enumerate(calls)
        ]
        auth = self._authorization()
        headers = {"Authorization": auth} if auth else None
        try:
            answer = await self.http.post_json(self.endpoint.url, payload, headers=headers)
        except BadResponse as err:
            if err.detail.startswith(("HTTP 401", "HTTP 403")):
                raise Unauthorized(
                    self.name,
                    "the node refused the RPC credentials (HTTP 401): check the user and password in "
                    "the URL, or that ?cookie= names the running node's cookie file",
                ) from None
            raise
        return _match(self.name, answer, len(calls))

    async def call(self, method: str, *params: Any) -> Any:
        """One call; raises RpcError when the node answers with an error."""
        (result,) = await self.batch([(method, params)])
        if isinstance(result, RpcError):
            raise result
        return result


def _read_cookie(name: str, path: str) -> str:
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_COOKIE_BYTES + 1)
    except OSError as err:
        why = err.strerror or type(err).__name__
        raise Unavailable(name, f"cannot read the cookie file {path} ({why}): is the node running?") from None
    text = data.decode("utf-8", errors="replace").strip()
    if len(data) > MAX_COOKIE_BYTES or ":" not in text:
        raise BadResponse(name, f"{path} is not a Core cookie file (expected user:password on one line)")
    return text


def _match(name: str, answer: Any, count: int) -> list[Any]:
    if isinstance(answer, Mapping) and isinstance(answer.get("error"), Mapping):
        raise _rpc_failure(name, answer["error"])
    if not isinstance(answer, list):
        raise BadResponse(name, f"expected a JSON-RPC batch answer (a list), got {type(answer).__name__}")
    results: dict[int, Any] = {}
    for item in answer:
        if not isinstance(item, Mapping):
            raise BadResponse(name, "a JSON-RPC batch item is not an object")
        ident = item.get("id")
        if isinstance(ident, bool) or not isinstance(ident, int) or not 0 <= ident < count:
            raise BadResponse(name, f"a JSON-RPC answer has an unknown id {str(ident)[:20]!r}")
        error = item.get("error")
        if error is not None:
            results[ident] = _rpc_error(name, error)
        elif "result" not in item:
            raise BadResponse(name, "a JSON-RPC answer has neither result nor error")
        else:
            results[ident] = item["result"]
    if len(results) != count:
        raise BadResponse(name, f"the node answered {len(results)} of {count} calls")
    return [results[i] for i in range(count)]


def _rpc_error(name: str, error: Any) -> RpcError:
    if not isinstance(error, Mapping):
        raise BadResponse(name, "a JSON-RPC error is not an object")
    code, message = error.get("code"), error.get("message")
    if isinstance(code, bool) or not isinstance(code, int) or not isinstance(message, str):
        raise BadResponse(name, "a JSON-RPC error lacks its code or message")
    if code == -28:  # RPC_IN_WARMUP: the node is starting
        raise Unavailable(name, f"the node is starting ({message[:120]}); try again in a minute")
    return RpcError(code, message)


def _rpc_failure(name: str, error: Mapping[str, Any]) -> ProviderError:
    err = _rpc_error(name, error)
    return BadResponse(name, f"the node refused the request ({err.code}: {err.message[:120]})")


__all__ = ["CoreEndpoint", "CoreRpc", "CoreUrlError", "RpcError", "is_core_url", "parse_core_url"]
