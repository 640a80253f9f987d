"""Contract ABI decoding shared by the EVM and TRON families (both run the EVM's ABI).

Pure functions, no I/O: an ABI value is a run of 32-byte words, decoded by hand (no
web3 or eth-abi). Revert data is ``Error(string)``, ``Panic(uint256)`` or a custom
error's 4-byte selector.
"""

from __future__ import annotations

from dataclasses import dataclass

SEL_DECIMALS = "313ce567"  # decimals()
SEL_SYMBOL = "95d89b41"  # symbol()
SEL_ERROR = "08c379a0"  # Error(string)
SEL_PANIC = "4e487b71"  # Panic(uint256)

# Solidity's Panic(uint256) codes (docs.soliditylang.org, "Panic via assert and Error via require").
PANIC_CODES: dict[int, str] = {
    0x00: "generic compiler panic",
    0x01: "assert() failed",
    0x11: "arithmetic overflow or underflow",
    0x12: "division or modulo by zero",
    0x21: "conversion to an invalid enum value",
    0x22: "incorrectly encoded storage byte array",
    0x31: ".pop() on an empty array",
    0x32: "array index out of bounds",
    0x41: "too much memory allocated",
    0x51: "call to an uninitialised internal function",
}


@dataclass(frozen=True)
class RevertInfo:
    """Why a contract call failed: its revert data decoded (EVM replay with eth_call, TRON contractResult)."""

    # "error" (a reason string), "panic", "custom" (a custom error selector), "empty", "out_of_gas",
    # "unavailable" (the node could not replay it), "not_reproduced" (the replay succeeded)
    kind: str
    reason: str | None = None
    selector: str | None = None
    panic_code: int | None = None
    data: str | None = None
    detail: str | None = None  # the node's message when it gave no data


class AbiError(ValueError):
    pass


def _body(data: str) -> str:
    body = data[2:] if data[:2] in ("0x", "0X") else data
    if len(body) % 2:
        raise AbiError("odd number of hex digits")
    try:
        bytes.fromhex(body)
    except ValueError:
        raise AbiError("not hex") from None
    return body.lower()


def _word(body: str, i: int) -> str:
    w = body[i * 64 : (i + 1) * 64]
    if len(w) != 64:
        raise AbiError(f"word {i} missing")
    return w


def word_uint(body: str, i: int) -> int:
    return int(_word(body, i), 16)


def word_address(body: str, i: int) -> str:
    w = _word(body, i)
    if int(w[:24], 16) != 0:
        raise AbiError(f"word {i} is not an address")
    return "0x" + w[24:]


def decode_string(data: str) -> str:
    """An ABI-encoded ``string`` (offset, length, bytes); raises AbiError."""
    body = _body(data)
    offset = word_uint(body, 0)
    if offset % 32 or offset > len(body) // 2:
        raise AbiError("bad offset")
    start = offset * 2
    length = int(body[start : start + 64] or "0", 16)
    raw = body[start + 64 : start + 64 + length * 2]
    if len(body[start : start + 64]) != 64 or len(raw) != length * 2:
        raise AbiError("string runs past the data")
    return bytes.fromhex(raw).decode("utf-8", errors="replace")


def decode_symbol(data: str) -> str | None:
    """A token symbol: an ABI string, or a bytes32 (old tokens such as MKR); None when neither."""
    try:
        body = _body(data)
    except AbiError:
        return None
    if not body:
        return None
    if len(body) >= 128:
        try:
            text = decode_string(data)
        except AbiError:
            text = ""
        if text:
            return _printable(text)
    if len(body) == 64:
        raw = bytes.fromhex(body).rstrip(b"\0")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return _printable(text) if text else None
    return None


def _printable(text: str) -> str | None:
    clean = "".join(c for c in text if c.isprintable()).strip()
    return clean[:32] or None


def decode_uint(data: str) -> int | None:
    try:
        body = _body(data)
        return word_uint(body, 0) if len(body) == 64 else None
    except AbiError:
        return None


def decode_revert(data: str | None) -> RevertInfo:
    """Revert data from a failed call: Error(string), Panic(uint256) or a custom error selector."""
    if data is None:
        return RevertInfo("empty")
    try:
        body = _body(data)
    except AbiError:
        return RevertInfo("unavailable", detail=f"revert data is not hex: {data[:80]!r}")
    if not body:
        return RevertInfo("empty", data="0x")
    selector = body[:8]
    rest = "0x" + body[8:]
    if selector == SEL_ERROR:
        try:
            return RevertInfo("error", decode_string(rest), selector, data="0x" + body)
        except AbiError:
            return RevertInfo("custom", None, selector, data="0x" + body, detail="malformed Error(string)")
    if selector == SEL_PANIC:
        code = decode_uint(rest)
        if code is not None:
            meaning = PANIC_CODES.get(code, "unknown panic code")
            return RevertInfo("panic", f"Panic 0x{code:02x}: {meaning}", selector, code, "0x" + body)
    return RevertInfo("custom", None, selector if len(selector) == 8 else None, data="0x" + body)
