"""The provider seam: the error tree every adapter raises (URLs in it redacted: txdoctor.core.net.urls).

Providers turn transport trouble (timeouts, 429, 5xx, HTML, truncated JSON) into
these errors; nothing above the providers imports httpx.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from txdoctor.core.net.urls import redact_text as redact_text  # re-exported: adapters import them here
from txdoctor.core.net.urls import redact_url as redact_url

if TYPE_CHECKING:
    from txdoctor.core.chains import Chain


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


class Unauthorized(BadResponse):
    """The provider refused our credentials (HTTP 401/403 from your own node)."""

    reason = "unauthorized"


class NotFound(ProviderError):
    """The provider answered clearly that the thing does not exist."""

    reason = "not_found"


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


@dataclass
class Answer(Generic[P, T]):
    """One provider's answer, and how many failures had been recorded before it."""

    provider: P
    value: T
    failed_before: int


@dataclass
class Asked(Generic[P, T]):
    """What :func:`ask_in_order` heard: the answers in order (the last one found it, when
    ``found``) and every provider's failure."""

    answers: list[Answer[P, T]]
    failures: list[ProviderFailure]
    found: bool

    @property
    def missing(self) -> list[Answer[P, T]]:
        """The answers that did not find it (all of them unless ``found``)."""
        return self.answers[:-1] if self.found else self.answers


def _always(_: object) -> bool:
    return True


async def ask_in_order(
    chain: Chain,
    providers: Sequence[P],
    op: Callable[[P], Awaitable[T]],
    found: Callable[[T], bool] = _always,
    confirm: bool = True,
    sure: Callable[[T], bool] = _always,
    attempt: Attempt | None = None,
) -> Asked[P, T]:
    """Ask the providers in order until one finds it (``found``; by default any answer does).

    A provider's failure (a bad answer, an unreachable host) is recorded and the next one is
    asked. A "not found" is confirmed by the providers after it, in order, until one finds
    it, unless ``confirm`` is off: then the first clear "not found" ends the search. An
    answer that is not ``sure`` (it cannot tell) always asks the next. Failures go to
    ``attempt`` when given (shared by concurrent searches). Raises AllProvidersFailed,
    listing every failure, when no provider answered at all.
    """
    attempt = attempt if attempt is not None else Attempt()
    start = len(attempt.failures)
    answers: list[Answer[P, T]] = []
    for p in providers:
        try:
            value = await op(p)
        except ProviderError as err:
            attempt.record(p.name, err)
            continue
        answers.append(Answer(p, value, len(attempt.failures) - start))
        if found(value):
            return Asked(answers, attempt.failures, True)
        if not confirm and sure(value):
            break
    if not answers:
        raise AllProvidersFailed(chain, attempt.failures)
    return Asked(answers, attempt.failures, False)


async def first_answer(
    chain: Chain, providers: Sequence[P], op: Callable[[P], Awaitable[T]], attempt: Attempt | None = None
) -> tuple[T, P, list[ProviderFailure]]:
    """Ask the providers in order; the first answer wins, with the failures before it.

    Raises AllProvidersFailed, listing every failure, when none answers.
    """
    asked = await ask_in_order(chain, providers, op, attempt=attempt)
    return asked.answers[0].value, asked.answers[0].provider, asked.failures


def host_down(url: str, detail: str) -> Unavailable:
    """An Unavailable that means the host itself cannot be reached (not a server error)."""
    err = Unavailable(url, detail)
    err.host_down = True  # type: ignore[attr-defined]
    return err


def timed_out(url: str, detail: str) -> Unavailable:
    """A timeout: TIMEOUTS_DOWN of them in a row mark the host down."""
    err = Unavailable(url, detail)
    err.timed_out = True  # type: ignore[attr-defined]
    return err
