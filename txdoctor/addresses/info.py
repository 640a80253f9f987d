"""The record every address parser answers with (a leaf: the parsers import it, not each other)."""

from __future__ import annotations

from dataclasses import dataclass

from txdoctor.messages.term import Term


def why(key: str, /, **values: object) -> Term:
    """An address error's words: ``address_error.<key>`` filled from ``values`` (stable key and
    values, read in the reader's language; ``AddressInfo.error`` is its English)."""
    return Term(f"address_error.{key}", **values)


def english(term: Term) -> str:
    """A term's English sentence (read only when an address is invalid)."""
    from txdoctor.messages import ENGLISH, catalog

    return str(catalog(ENGLISH).value(term))


@dataclass(frozen=True)
class AddressInfo:
    """What an address is, or why it is not valid. Positions are 0-based into ``text``.

    For an invalid address, ``family``/``chains``/``network`` say what it appears to be
    meant for (from its prefix), so advice can name the network. ``why`` is the reason, a
    catalog term (``address_error.*``: a stable key and values, read in the reader's language);
    ``error`` its English clause for "This is not a valid address: {error}." (lower-case
    start, no final period, positions left to ``error_locations``).
    """

    text: str
    valid: bool
    family: str | None
    chains: tuple[str, ...]
    network: str
    type: str | None
    encoding: str | None
    checksum: str  # "ok" | "bad" | "none"
    script_pubkey: str | None = None
    witness_version: int | None = None
    witness_program: str | None = None
    why: Term | None = None
    error_code: str | None = None
    error_locations: tuple[int, ...] = ()
    suggestion: str | None = None
    confidence: str = "high"

    @property
    def error(self) -> str | None:
        """The reason in English (``why`` read from the English catalog)."""
        return None if self.why is None else english(self.why)
