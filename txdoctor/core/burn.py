"""Burn addresses: valid encodings whose key nobody holds, so whatever is sent there is lost.

Two kinds, both offline: a payload of all zeros (the hash or program of the address is
00…00: Bitcoin's 1111111111111111111114oLvT2, EVM's 0x000…000, TRON's
T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb, …), and a short table of well-known ones whose hash is
not zero but was chosen by hand, so no key can be behind it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from txdoctor.addresses import AddressInfo

KNOWN = {
    "0x000000000000000000000000000000000000dead": "the 'dead' address used to burn tokens",
    "1bitcoineateraddressdontsendf59kue": "Bitcoin's hand-made 'eater' address",
}
_TRON_ZERO = "T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb"
# scriptPubKey templates: (prefix, payload bytes, suffix)
_SCRIPTS = (("76a914", 20, "88ac"), ("a914", 20, "87"), ("0014", 20, ""), ("0020", 32, ""), ("5120", 32, ""))


def burn_reason(info: AddressInfo) -> str | None:
    """Why ``info`` is a burn address (``zero`` or ``known``), or None."""
    if not info.valid:
        return None
    if info.text.lower() in KNOWN:
        return "known"
    if info.family == "evm":
        return "zero" if int(info.text[2:], 16) == 0 else None
    if info.family == "tron":
        return "zero" if info.text == _TRON_ZERO else None
    script = (info.script_pubkey or "").lower()
    for prefix, size, suffix in _SCRIPTS:
        payload = script[len(prefix) : len(prefix) + 2 * size]
        fits = len(script) == len(prefix) + 2 * size + len(suffix)
        if fits and script.startswith(prefix) and script.endswith(suffix) and set(payload) == {"0"}:
            return "zero"
    return None
