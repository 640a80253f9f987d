"""Base58 and Base58Check (double SHA-256 checksum), with readable errors."""

from __future__ import annotations

from txdoctor.addresses.info import english, why
from txdoctor.messages.term import Term

ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
RIPPLE_ALPHABET = "rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz"

_REVERSE: dict[str, dict[str, int]] = {}


class Base58Error(ValueError):
    """A Base58 string that cannot be decoded; ``code`` is a stable UPPER_SNAKE name, ``why``
    the reason's catalog term and ``message`` its English."""

    def __init__(self, code: str, term: Term, positions: tuple[int, ...] = ()) -> None:
        super().__init__(code)
        self.code = code
        self.why = term
        self.positions = positions

    @property
    def message(self) -> str:
        return english(self.why)

    def __str__(self) -> str:
        return self.message


def _reverse(alphabet: str) -> dict[str, int]:
    table = _REVERSE.get(alphabet)
    if table is None:
        table = {c: i for i, c in enumerate(alphabet)}
        _REVERSE[alphabet] = table
    return table


def checksum(payload: bytes) -> bytes:
    """The 4-byte Base58Check checksum: the start of SHA-256(SHA-256(payload))."""
    import hashlib  # lazily: not needed to reject most inputs

    return hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]


def invalid_positions(text: str, alphabet: str = ALPHABET) -> tuple[int, ...]:
    """0-based positions of characters that are not in the alphabet."""
    table = _reverse(alphabet)
    return tuple(i for i, c in enumerate(text) if c not in table)


def b58encode(data: bytes, alphabet: str = ALPHABET) -> str:
    number = int.from_bytes(data, "big")
    out: list[str] = []
    while number:
        number, rem = divmod(number, 58)
        out.append(alphabet[rem])
    zeros = len(data) - len(data.lstrip(b"\0"))
    return alphabet[0] * zeros + "".join(reversed(out))


def b58decode(text: str, alphabet: str = ALPHABET) -> bytes:
    """Decode Base58; raises Base58Error(BASE58_CHARACTER) naming the bad positions."""
    bad = invalid_positions(text, alphabet)
    if bad:
        shown = ", ".join(sorted({repr(text[i]) for i in bad}))
        raise Base58Error("BASE58_CHARACTER", why("base58_character", characters=shown), bad)
    table = _reverse(alphabet)
    number = 0
    for c in text:
        number = number * 58 + table[c]
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    zeros = len(text) - len(text.lstrip(alphabet[0]))
    return b"\0" * zeros + body


def b58check_encode(payload: bytes, alphabet: str = ALPHABET) -> str:
    return b58encode(payload + checksum(payload), alphabet)


def b58check_decode(text: str, alphabet: str = ALPHABET) -> bytes:
    """Decode Base58Check and return the payload (without the checksum).

    Raises Base58Error with code BASE58_CHARACTER, BAD_LENGTH or BASE58_CHECKSUM.
    """
    raw = b58decode(text, alphabet)
    if len(raw) < 5:
        raise Base58Error("BAD_LENGTH", why("base58_too_short"))
    payload, check = raw[:-4], raw[-4:]
    if checksum(payload) != check:
        raise Base58Error("BASE58_CHECKSUM", why("base58_checksum"))
    return payload
