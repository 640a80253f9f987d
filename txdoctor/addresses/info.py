"""The record every address parser answers with (a leaf: the parsers import it, not each other)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AddressInfo:
    """What an address is, or why it is not valid. Positions are 0-based into ``text``.

    For an invalid address, ``family``/``chains``/``network`` say what it appears to be
    meant for (from its prefix), so advice can name the network. ``error`` is a reason
    clause for "This is not a valid address: {error}." (lower-case start, no final period,
    positions left to ``error_locations``).
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
    error: str | None = None
    error_code: str | None = None
    error_locations: tuple[int, ...] = ()
    suggestion: str | None = None
    confidence: str = "high"
