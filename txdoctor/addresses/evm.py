"""EVM addresses: 0x + 40 hex digits, with the EIP-55 mixed-case checksum."""

from __future__ import annotations

from txdoctor.addresses.info import AddressInfo, why
from txdoctor.core.chains import CHAINS
from txdoctor.messages.term import Term

FAMILY = "evm"
NETWORK = "EVM (Ethereum, BSC, Polygon, …)"
_HEX = frozenset("0123456789abcdefABCDEF")
# An "0x…" string this long is clearly meant as an address (42 is right).
_NEAR = range(36, 49)


def _chains() -> tuple[str, ...]:
    return tuple(c.name for c in CHAINS.values() if c.family == FAMILY)


def to_checksum_address(hex40: str) -> str:
    """The EIP-55 form ("0x" + mixed case) of 40 hex digits."""
    from Crypto.Hash import keccak

    body = hex40.lower()
    digest = keccak.new(digest_bits=256, data=body.encode("ascii")).hexdigest()
    return "0x" + "".join(
        c.upper() if c.isalpha() and int(digest[i], 16) >= 8 else c for i, c in enumerate(body)
    )


def _info(
    text: str,
    *,
    valid: bool = False,
    checksum: str = "none",
    error: Term | None = None,
    error_code: str | None = None,
    error_locations: tuple[int, ...] = (),
    suggestion: str | None = None,
    confidence: str = "high",
) -> AddressInfo:
    return AddressInfo(
        text=text,
        valid=valid,
        family=FAMILY,
        chains=_chains(),
        network=NETWORK,
        type="evm",
        encoding="hex",
        checksum=checksum,
        why=error,
        error_code=error_code,
        error_locations=error_locations,
        suggestion=suggestion,
        confidence=confidence,
    )


def parse_evm(text: str) -> AddressInfo | None:
    """Check an EVM address; None when the text is not meant as one (e.g. a 64-hex txid).

    A valid single-case address has checksum "none" and its EIP-55 form as ``suggestion``.
    """
    if text[:2] in ("0x", "0X"):
        return _check_prefixed(text)
    if len(text) == 40 and all(c in _HEX for c in text):
        expected = to_checksum_address(text)
        typo = _mixed(text) and text != expected[2:]
        return _info(
            text,
            checksum="bad" if typo else "none",
            error=why("evm_no_prefix_typo") if typo else why("evm_no_prefix", expected=expected),
            error_code="MISSING_PREFIX",
            suggestion=None if typo else expected,
            confidence="low",
        )
    return None


def _mixed(body: str) -> bool:
    return body != body.lower() and body != body.upper()


def _case_mismatches(body: str, expected_body: str) -> tuple[int, ...]:
    return tuple(i for i, (a, b) in enumerate(zip(body, expected_body, strict=True)) if a != b)


def _check_prefixed(text: str) -> AddressInfo | None:
    body = text[2:]
    if len(text) not in _NEAR:
        return None
    bad = tuple(i + 2 for i, c in enumerate(body) if c not in _HEX)
    if bad:
        shown = ", ".join(sorted({repr(text[i]) for i in bad}))
        return _info(
            text,
            error=why("evm_not_hex", characters=shown),
            error_code="NOT_HEX",
            error_locations=bad,
        )
    if len(body) != 40:
        diff = len(body) - 40
        key = "evm_too_long" if diff > 0 else "evm_too_short"
        return _info(
            text,
            error=why(key, length=str(len(body)), diff=str(abs(diff))),
            error_code="BAD_LENGTH",
        )
    expected = to_checksum_address(body)
    if text[:2] == "0X":
        return _info(
            text,
            error=why("evm_upper_prefix", expected=expected),
            error_code="BAD_PREFIX",
            error_locations=(1,),
            suggestion=expected,
        )
    if body == expected[2:]:
        return _info(text, valid=True, checksum="ok")
    if not _mixed(body):
        return _info(text, valid=True, suggestion=expected)
    return _eip55_error(text, expected)


def _eip55_error(text: str, expected: str) -> AddressInfo:
    """Mixed case that does not match EIP-55: a flipped letter case or a changed digit."""
    body = text[2:]
    mismatches = _case_mismatches(body, expected[2:])
    if len(mismatches) <= 2:
        return _info(
            text,
            checksum="bad",
            error=why("eip55_case", expected=expected),
            error_code="EIP55_CHECKSUM",
            error_locations=tuple(i + 2 for i in mismatches),
            suggestion=expected,
        )
    fix = _single_digit_fix(body)
    if fix is not None:
        pos, fixed = fix
        return _info(
            text,
            checksum="bad",
            error=why("eip55_one_change", fixed=fixed),
            error_code="EIP55_CHECKSUM",
            error_locations=(pos,),
            suggestion=fixed,
        )
    return _info(
        text,
        checksum="bad",
        error=why("eip55_mistyped", places=str(len(mismatches)), expected=expected),
        error_code="EIP55_CHECKSUM",
    )


def _single_digit_fix(body: str) -> tuple[int, str] | None:
    """The unique one-character change whose checksum matches the given capitalisation."""
    found: list[tuple[int, str]] = []
    for i, typed in enumerate(body):
        for c in "0123456789abcdef":
            if c == typed.lower():
                continue
            candidate = to_checksum_address(body[:i] + c + body[i + 1 :])
            if all(a == b for j, (a, b) in enumerate(zip(body, candidate[2:], strict=True)) if j != i):
                found.append((i + 2, candidate))
                if len(found) > 1:
                    return None
    return found[0] if found else None
