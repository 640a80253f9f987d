"""Bech32 (BIP173) and bech32m (BIP350): encoding, decoding, segwit addresses, error location.

Error location uses the linearity of the checksum: changing the character ``p`` places
from the end by ``e`` (XOR of 5-bit values) changes the checksum residue by a fixed
value ``E(p, e)``. With a table of all ``E(p, e)`` the corrections of at most two
substitutions are found by one dictionary lookup per table entry, like Bitcoin Core's
``LocateErrors`` (errors are only looked for after the '1' separator).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

from txdoctor.addresses.info import english, why
from txdoctor.messages.term import Term

CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
MAX_LENGTH = 90
CHECKSUM_LENGTH = 6
_REV = {c: i for i, c in enumerate(CHARSET)}
_GEN = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)


class Encoding(Enum):
    BECH32 = "bech32"
    BECH32M = "bech32m"

    @property
    def constant(self) -> int:
        return 1 if self is Encoding.BECH32 else 0x2BC830A3


class Bech32Error(ValueError):
    """Why a string is not valid bech32/bech32m or not a valid segwit address.

    ``why`` is the reason's catalog term (``address_error.*``) and ``message`` its English;
    ``positions`` are 0-based indices into the string; ``suggestion`` is the only string
    within two substituted characters that is valid (None when there is no single one).
    """

    def __init__(
        self,
        code: str,
        term: Term,
        positions: tuple[int, ...] = (),
        suggestion: str | None = None,
        encoding: Encoding | None = None,
    ) -> None:
        super().__init__(code)
        self.code = code
        self.why = term
        self.positions = positions
        self.suggestion = suggestion
        self.encoding = encoding

    @property
    def message(self) -> str:
        return english(self.why)

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Decoded:
    hrp: str  # lower case
    data: tuple[int, ...]  # 5-bit values, checksum removed
    encoding: Encoding


@dataclass(frozen=True)
class SegwitAddress:
    hrp: str
    version: int
    program: bytes
    encoding: Encoding

    @property
    def script_pubkey(self) -> bytes:
        opcode = 0 if self.version == 0 else 0x50 + self.version
        return bytes([opcode, len(self.program)]) + self.program


# --- checksum -------------------------------------------------------------------------


def _step(chk: int) -> int:
    top = chk >> 25
    chk = (chk & 0x1FFFFFF) << 5
    for i in range(5):
        if (top >> i) & 1:
            chk ^= _GEN[i]
    return chk


def _polymod(values: Iterable[int]) -> int:
    chk = 1
    for value in values:
        chk = _step(chk) ^ value
    return chk


def _hrp_expand(hrp: str) -> list[int]:
    return [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]


def _checksum_encoding(hrp: str, values: Sequence[int]) -> Encoding | None:
    residue = _polymod(_hrp_expand(hrp) + list(values))
    for encoding in Encoding:
        if residue == encoding.constant:
            return encoding
    return None


def bech32_encode(hrp: str, data: Sequence[int], encoding: Encoding) -> str:
    """Encode 5-bit ``data`` under ``hrp`` (lower-case output)."""
    hrp = hrp.lower()
    residue = _polymod(_hrp_expand(hrp) + list(data) + [0] * CHECKSUM_LENGTH)
    residue ^= encoding.constant
    check = [(residue >> (5 * (5 - i))) & 31 for i in range(CHECKSUM_LENGTH)]
    return hrp + "1" + "".join(CHARSET[d] for d in list(data) + check)


def convertbits(data: Iterable[int], frombits: int, tobits: int, pad: bool) -> list[int] | None:
    """Regroup bits (8->5 with pad=True, 5->8 with pad=False); None on bad padding."""
    acc = bits = 0
    out: list[int] = []
    maxv = (1 << tobits) - 1
    for value in data:
        if value < 0 or value >> frombits:
            return None
        acc = ((acc << frombits) | value) & ((1 << (frombits + tobits)) - 1)
        bits += frombits
        while bits >= tobits:
            bits -= tobits
            out.append((acc >> bits) & maxv)
    if pad:
        if bits:
            out.append((acc << (tobits - bits)) & maxv)
    elif bits >= frombits or ((acc << (tobits - bits)) & maxv):
        return None
    return out


# --- error location -------------------------------------------------------------------

_TABLE: dict[int, list[tuple[int, int]]] = {}
_ENTRIES: list[tuple[int, int, int]] = []


def _error_tables() -> tuple[dict[int, list[tuple[int, int]]], list[tuple[int, int, int]]]:
    """residue -> [(p, e)] and the (p, e, residue) list, for p < MAX_LENGTH - 2."""
    if not _ENTRIES:
        basis = [1 << i for i in range(5)]  # E(0, 2^i)
        for p in range(MAX_LENGTH - 2):
            for e in range(1, 32):
                residue = 0
                for i in range(5):
                    if (e >> i) & 1:
                        residue ^= basis[i]
                _ENTRIES.append((p, e, residue))
                _TABLE.setdefault(residue, []).append((p, e))
            basis = [_step(b) for b in basis]
    return _TABLE, _ENTRIES


def _locate(
    text: str,
    sep: int,
    erasures: tuple[int, ...],
    validate: Callable[[str], bool] | None,
) -> tuple[tuple[int, ...], str | None]:
    """Find the unique correction with <= 2 substituted data characters (erasures count)."""
    n = len(text) - sep - 1
    if n > MAX_LENGTH - 2 or len(erasures) > 2:
        return (), None
    lower = text.lower()
    hrp = lower[:sep]
    values = [_REV.get(c, 0) for c in lower[sep + 1 :]]
    upper = text != lower
    base = _polymod(_hrp_expand(hrp) + values)
    erased = {n - 1 - (i - sep - 1) for i in erasures}
    table, entries = _error_tables()
    found: dict[str, tuple[int, ...]] = {}
    for encoding in Encoding:
        residue = base ^ encoding.constant
        options: list[dict[int, int]] = [{}] if residue == 0 else []
        options += [{p: e} for p, e in table.get(residue, ()) if p < n]
        for p1, e1, r1 in entries:
            if p1 >= n:
                break
            for p2, e2 in table.get(residue ^ r1, ()):
                if p1 < p2 < n:
                    options.append({p1: e1, p2: e2})
        for change in options:
            changed = set(change) | erased
            if len(changed) > 2:
                continue
            new = list(values)
            for p, e in change.items():
                new[n - 1 - p] ^= e
            data = "".join(CHARSET[v] for v in new)
            candidate = text[: sep + 1] + (data.upper() if upper else data)
            if validate is None or validate(candidate):
                found[candidate] = tuple(sorted(sep + n - p for p in changed))
    if len(found) == 1:
        ((candidate, positions),) = found.items()
        return positions, candidate
    return (), None


# --- decoding -------------------------------------------------------------------------


def _split(text: str, max_length: int, hrp_hint: str | None) -> int:
    """Structural checks; returns the separator index. Raises Bech32Error."""
    if len(text) > max_length:
        raise Bech32Error("BAD_LENGTH", why("too_long", length=str(len(text)), max_length=str(max_length)))
    bad = tuple(i for i, c in enumerate(text) if not 33 <= ord(c) <= 126)
    if bad:
        raise Bech32Error("INVALID_CHARACTER", why("not_printable"), bad)
    letters = [(i, c) for i, c in enumerate(text) if c.isalpha()]
    if any(c.islower() for _, c in letters) and any(c.isupper() for _, c in letters):
        first_upper = letters[0][1].isupper()
        odd = tuple(i for i, c in letters if c.isupper() != first_upper)
        raise Bech32Error("MIXED_CASE", why("mixed_case"), odd)
    lower = text.lower()
    hinted = hrp_hint is not None and lower.startswith(hrp_hint + "1")
    sep = len(hrp_hint or "") if hinted else lower.rfind("1")
    if sep < 0:
        raise Bech32Error("MISSING_SEPARATOR", why("no_separator"))
    if sep == 0:
        raise Bech32Error("EMPTY_HRP", why("empty_prefix"), (0,))
    if len(text) - sep - 1 < CHECKSUM_LENGTH:
        raise Bech32Error("BAD_LENGTH", why("too_short"), (sep,))
    return sep


def _decode(
    text: str,
    max_length: int,
    hrp_hint: str | None,
    validate: Callable[[str], bool] | None,
) -> Decoded:
    sep = _split(text, max_length, hrp_hint)
    lower = text.lower()
    bad = tuple(i for i in range(sep + 1, len(text)) if lower[i] not in _REV)
    if bad:
        positions, suggestion = _locate(text, sep, bad, validate)
        shown = ", ".join(sorted({repr(text[i]) for i in bad}))
        term = why("bech32_character", characters=shown, charset=CHARSET)
        raise Bech32Error("INVALID_CHARACTER", term, positions or bad, suggestion)
    values = [_REV[c] for c in lower[sep + 1 :]]
    hrp = lower[:sep]
    encoding = _checksum_encoding(hrp, values)
    if encoding is None:
        positions, suggestion = _locate(text, sep, (), validate)
        term = why("bech32_checksum" if positions else "bech32_checksum_unplaced")
        raise Bech32Error("BECH32_CHECKSUM", term, positions, suggestion)
    return Decoded(hrp, tuple(values[:-CHECKSUM_LENGTH]), encoding)


def bech32_decode(text: str, max_length: int = MAX_LENGTH) -> Decoded:
    """Decode a bech32 or bech32m string (either checksum). Raises Bech32Error."""
    try:
        return _decode(text, max_length, None, None)
    except Bech32Error as err:
        raise _with_case_hint(err, text, lambda s: bool(_decode(s, max_length, None, None))) from None


def _with_case_hint(err: Bech32Error, text: str, check: Callable[[str], bool]) -> Bech32Error:
    """For MIXED_CASE, suggest the all-lower-case form when that one is valid."""
    if err.code != "MIXED_CASE":
        return err
    try:
        ok = check(text.lower())
    except Bech32Error:
        ok = False
    if ok:
        err.suggestion = text.lower()
    return err


# --- segwit addresses -------------------------------------------------------------------


def _segwit_from_decoded(decoded: Decoded) -> SegwitAddress:
    enc = decoded.encoding
    if not decoded.data:
        raise Bech32Error("BAD_LENGTH", why("no_program"), (), None, enc)
    version = decoded.data[0]
    if version > 16:
        raise Bech32Error("BAD_WITNESS_VERSION", why("witness_version", version=str(version)), (), None, enc)
    program = convertbits(decoded.data[1:], 5, 8, False)
    if program is None:
        raise Bech32Error("BAD_PADDING", why("bad_padding"), (), None, enc)
    problem = _program_problem(version, len(program), enc)
    if problem is not None:
        raise Bech32Error(*problem, (), None, enc)
    return SegwitAddress(decoded.hrp, version, bytes(program), enc)


def _program_problem(version: int, size: int, enc: Encoding) -> tuple[str, Term] | None:
    """(code, why) when a witness program's length or checksum kind does not fit its version."""
    if version == 0 and size not in (20, 32):
        return "BAD_PROGRAM_LENGTH", why("v0_program_length", size=str(size))
    if not 2 <= size <= 40:
        return "BAD_PROGRAM_LENGTH", why("program_length", size=str(size))
    if version == 0 and enc is not Encoding.BECH32:
        return "BECH32_REQUIRED", why("bech32_required")
    if version > 0 and enc is not Encoding.BECH32M:
        return "BECH32M_REQUIRED", why("bech32m_required", version=str(version))
    return None


def _segwit_valid(text: str, hrp: str | None) -> bool:
    try:
        decoded = _decode(text, MAX_LENGTH, hrp, None)
        _segwit_from_decoded(decoded)
    except Bech32Error:
        return False
    return hrp is None or decoded.hrp == hrp


def decode_segwit_address(text: str, hrp: str | None = None) -> SegwitAddress:
    """Decode a segwit address (BIP173 + BIP350 rules). Raises Bech32Error.

    With ``hrp`` (e.g. "bc"), the text is split right after that prefix when it starts
    with it, so a stray '1' in the data is reported as a bad character.
    """

    def validate(candidate: str) -> bool:
        return _segwit_valid(candidate, hrp)

    try:
        decoded = _decode(text, MAX_LENGTH, hrp, validate)
        if hrp is not None and decoded.hrp != hrp:
            raise Bech32Error(
                "UNKNOWN_PREFIX", why("other_prefix", found=repr(decoded.hrp), expected=repr(hrp))
            )
        return _segwit_from_decoded(decoded)
    except Bech32Error as err:
        raise _with_case_hint(err, text, validate) from None


def encode_segwit_address(hrp: str, version: int, program: bytes) -> str:
    """Encode a witness program; raises ValueError if the result would be invalid."""
    encoding = Encoding.BECH32 if version == 0 else Encoding.BECH32M
    five = convertbits(program, 8, 5, True)
    if five is None or not 0 <= version <= 16:
        raise ValueError("invalid witness version or program")
    text = bech32_encode(hrp, [version, *five], encoding)
    try:
        decode_segwit_address(text, hrp.lower())
    except Bech32Error as err:
        raise ValueError(err.message) from None
    return text
