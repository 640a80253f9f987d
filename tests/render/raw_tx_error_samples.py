"""One undecodable raw transaction for each reason a decoder gives (``raw_tx_error.*``), built
by hand byte by byte (hand-built: no real transaction is this broken)."""

from __future__ import annotations


def _btc(inputs: str = "01", outputs: str = "01") -> str:
    """A Bitcoin transaction: version 2, one input, one P2WPKH output, locktime 0 (hand-built)."""
    txin = "ab" * 32 + "00000000" + "00" + "ffffffff"
    txout = "1027000000000000" + "16" + "0014" + "cd" * 20
    return "02000000" + inputs + txin + outputs + txout + "00000000"


def _evm(items: str, kind: str = "02") -> str:
    """0x + type + an RLP list of exactly 64 bytes of ``items``."""
    assert len(items) == 128, len(items)
    return "0x" + kind + "f840" + items


_NESTED = "".join(f"{0xC0 + k:02x}" for k in reversed(range(33)))  # 33 lists, each inside the next

# name -> (hex, the reason's key: raw_tx_error.<key>)
SAMPLES: dict[str, tuple[str, str]] = {
    "Bitcoin truncated": (_btc()[:-8], "truncated"),
    "Bitcoin left over": (_btc() + "00", "left_over"),
    "Bitcoin no inputs": ("02000000" + "0000" + "00" * 60, "inputs"),
    "Bitcoin too many outputs": (_btc(outputs="fea1860100")[:120] + "00" * 10, "outputs"),
    "EVM truncated": ("0x02f8ff" + "00" * 40, "truncated"),
    "EVM nested too deeply": ("0x02" + _NESTED, "too_deep"),
    "EVM malformed list": ("0x02f840b841" + "aa" * 65, "malformed_list"),
    "EVM not a list": ("0x02b840" + "aa" * 64, "not_list"),
    "EVM number is a list": (_evm("c0" + "80" * 63), "number_not_list"),
    "EVM number too long": (_evm("a1" + "01" * 33 + "80" * 30), "number_too_long"),
    "EVM address is a list": (_evm("80" * 5 + "c0" + "80" * 58), "address_not_list"),
    "EVM address length": (_evm("80" * 5 + "82aabb" + "80" * 56), "address_length"),
    "EVM legacy fields": (_evm("80" * 64, kind=""), "legacy_fields"),
    "EVM too few fields": (_evm("80" + "b83d" + "aa" * 61), "too_few_fields"),
    "EVM left over": (_evm("80" * 64) + "00", "left_over"),
}

# Reasons no pasted text reaches (the input's shape is checked first: hex, not empty, a known
# type byte); the decoders still give them to a Python caller.
UNREACHED = {"not_hex", "empty", "unknown_type"}
