"""The provider seam: the error tree every adapter raises, and URL redaction.

Providers turn transport trouble (timeouts, 429, 5xx, HTML, truncated JSON) into
these errors; nothing above the providers imports httpx.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypeVar
from urllib.parse import urlsplit, urlunsplit

if TYPE_CHECKING:
    from txdoctor.chains import Chain


class ProviderError(Exception):
    """A provider could not give a usable answer."""

    reason = "error"

    def __init__(self, provider: str, detail: str) -> None:
        self.provider = redact_url(provider)
        self.detail = redact_text(detail)
        super().__init__(f"{self.provider}: {self.detail}")


class Unavailable(ProviderError):
    """Could not connect, timed out, or the server failed (5xx)."""

    reason = "unavailable"


class RateLimited(ProviderError):
    """HTTP 429 after the retries allowed."""

    reason = "rate_limited"


class BadResponse(ProviderError):
    """The answer was not what the API promises: HTML, truncated JSON, a missing field."""

    reason = "bad_response"


class NotFound(ProviderError):
    """The provider answered clearly that the thing does not exist."""

    reason = "not_found"


_SECRETISH_PATH = re.compile(r"^[A-Za-z0-9_\-]{20,}$")
_SECRET_QUERY_KEYS = re.compile(r"(?i)(api[-_]?key|apikey|key|token|secret|auth|access[-_]?token|password)")


def redact_url(url: str) -> str:
    """Hide credentials in a URL: user:password@, key-like path segments, key query values."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "***"
    if not parts.scheme or not parts.netloc:
        return url
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    if parts.username or parts.password:
        host = "***@" + host
    segments = [("***" if _looks_like_key(s) else s) for s in parts.path.split("/")]
    query = parts.query
    if query:
        pairs = []
        for pair in query.split("&"):
            k, sep, _v = pair.partition("=")
            pairs.append(f"{k}={'***'}" if sep and _SECRET_QUERY_KEYS.search(k) else pair)
        query = "&".join(pairs)
    return urlunsplit((parts.scheme, host, "/".join(segments), query, ""))


_TXID = re.compile(r"^(0x)?[0-9a-fA-F]{64}$")


def _looks_like_key(segment: str) -> bool:
    """A long token-like path segment (``/v3/<key>``), but not a txid or a number."""
    return bool(_SECRETISH_PATH.match(segment)) and not segment.isdigit() and not _TXID.match(segment)


_URL_IN_TEXT = re.compile(r"https?://[^\s'\"<>]+")


def redact_text(text: str) -> str:
    """Redact every URL inside a free-text message."""
    return _URL_IN_TEXT.sub(lambda m: redact_url(m.group(0)), text)


@dataclass
class ProviderFailure:
    provider: str
    reason: str
    detail: str

    def as_dict(self) -> dict[str, str]:
        return {"provider": self.provider, "reason": self.reason, "detail": self.detail}


class AllProvidersFailed(Exception):
    def __init__(self, chain: Chain, failures: list[ProviderFailure]) -> None:
        self.chain = chain
        self.failures = failures
        super().__init__(f"no provider for {chain.name} answered")


@dataclass
class Attempt:
    failures: list[ProviderFailure] = field(default_factory=list)

    def record(self, provider_name: str, err: ProviderError) -> None:
        self.failures.append(ProviderFailure(redact_url(provider_name), err.reason, err.detail))


async def settle(task: Any) -> None:
    """Finish a shared background task nobody may await again: cancel it if still running,
    and read its outcome either way, so an exception is never left 'never retrieved'."""
    import asyncio
    import contextlib

    if task is None:
        return
    if not task.done():
        task.cancel()
    with contextlib.suppress(asyncio.CancelledError, Exception):
        await task


class _Named(Protocol):
    @property
    def name(self) -> str: ...


P = TypeVar("P", bound=_Named)
T = TypeVar("T")


async def first_answer(
    chain: Chain, providers: Sequence[P], op: Callable[[P], Awaitable[T]]
) -> tuple[T, P, list[ProviderFailure]]:
    """Ask the providers in order; the first answer wins, with the failures before it.

    Raises AllProvidersFailed, listing every failure, when none answers.
    """
    attempt = Attempt()
    for p in providers:
        try:
            return await op(p), p, attempt.failures
        except ProviderError as err:
            attempt.record(p.name, err)
    raise AllProvidersFailed(chain, attempt.failures)
