"""Decode a signed EVM transaction pasted as hex (legacy RLP or EIP-2718 typed). Pure, no I/O.

The hash (keccak-256 of the bytes) tells whether it reached a chain; the chain id it
was signed for tells which chain it can ever be mined on.
"""

from __future__ import annotations

from dataclasses import dataclass

from txdoctor.messages import WordedLater


class EvmRawTxError(WordedLater):
    """Why the hex does not decode: the catalog's ``raw_tx_error.<key>`` filled from its values."""

    def __init__(self, key: str, /, **values: object) -> None:
        super().__init__(f"raw_tx_error.{key}", **values)


@dataclass(frozen=True)
class EvmRawTx:
    hash: str
    type: int  # 0 legacy, 1 access list, 2 dynamic fee, 3 blob, 4 set code
    chain_id: int | None  # None: a pre-EIP-155 legacy tx, valid on any chain
    nonce: int
    to: str | None
    value: int
    gas_limit: int
    gas_price: int | None = None
    max_fee_per_gas: int | None = None
    max_priority_fee_per_gas: int | None = None


MAX_RLP_DEPTH = 8  # a transaction nests lists 3 deep (access lists, authorisations)


def _rlp(data: bytes, pos: int, depth: int = 0) -> tuple[bytes | list[object], int]:
    if depth > MAX_RLP_DEPTH:
        raise EvmRawTxError("too_deep")
    if pos >= len(data):
        raise EvmRawTxError("truncated")
    b = data[pos]
    if b < 0x80:
        return data[pos : pos + 1], pos + 1
    if b < 0xB8:
        n = b - 0x80
        start = pos + 1
    elif b < 0xC0:
        ll = b - 0xB7
        n = int.from_bytes(data[pos + 1 : pos + 1 + ll], "big")
        start = pos + 1 + ll
    else:
        if b < 0xF8:
            n = b - 0xC0
            start = pos + 1
        else:
            ll = b - 0xF7
            n = int.from_bytes(data[pos + 1 : pos + 1 + ll], "big")
            start = pos + 1 + ll
        end = start + n
        if end > len(data):
            raise EvmRawTxError("truncated")
        items: list[object] = []
        p = start
        while p < end:
            item, p = _rlp(data, p, depth + 1)
            items.append(item)
        if p != end:
            raise EvmRawTxError("malformed_list")
        return items, end
    end = start + n
    if end > len(data):
        raise EvmRawTxError("truncated")
    return data[start:end], end


MAX_INT_BYTES = 32  # every number in a transaction is a uint256 at most


def _int(item: object) -> int:
    if not isinstance(item, bytes):
        raise EvmRawTxError("number_not_list")
    if len(item) > MAX_INT_BYTES:
        raise EvmRawTxError("number_too_long", size=str(len(item)))
    return int.from_bytes(item, "big")


def _addr(item: object) -> str | None:
    if not isinstance(item, bytes):
        raise EvmRawTxError("address_not_list")
    if not item:
        return None  # contract creation
    if len(item) != 20:
        raise EvmRawTxError("address_length")
    return "0x" + item.hex()


def decode_evm_raw_tx(hex_text: str) -> EvmRawTx:
    try:
        data = bytes.fromhex(hex_text[2:] if hex_text.lower().startswith("0x") else hex_text)
    except ValueError:
        raise EvmRawTxError("not_hex") from None
    if not data:
        raise EvmRawTxError("empty")
    tx_type = data[0] if data[0] < 0x7F else 0
    body, end = _rlp(data, 1 if tx_type else 0)
    if end != len(data):
        raise EvmRawTxError("left_over", size=str(len(data) - end))
    if not isinstance(body, list):
        raise EvmRawTxError("not_list")
    f = body
    try:
        if tx_type == 0:
            if len(f) != 9:
                raise EvmRawTxError("legacy_fields", fields=str(len(f)))
            v = _int(f[6])
            chain_id = (v - 35) // 2 if v >= 35 else None
            fields = {"nonce": f[0], "gas_price": f[1], "gas": f[2], "to": f[3], "value": f[4]}
        elif tx_type == 1:
            chain_id = _int(f[0])
            fields = {"nonce": f[1], "gas_price": f[2], "gas": f[3], "to": f[4], "value": f[5]}
        elif tx_type in (2, 3, 4):
            chain_id = _int(f[0])
            fields = {"nonce": f[1], "tip": f[2], "max_fee": f[3], "gas": f[4], "to": f[5], "value": f[6]}
        else:
            raise EvmRawTxError("unknown_type", type=f"{tx_type:02x}")
    except IndexError:
        raise EvmRawTxError("too_few_fields") from None
    from Crypto.Hash import keccak

    digest = keccak.new(digest_bits=256, data=data).hexdigest()
    return EvmRawTx(
        hash="0x" + digest,
        type=tx_type,
        chain_id=chain_id,
        nonce=_int(fields["nonce"]),
        to=_addr(fields["to"]),
        value=_int(fields["value"]),
        gas_limit=_int(fields["gas"]),
        gas_price=_int(fields["gas_price"]) if "gas_price" in fields else None,
        max_fee_per_gas=_int(fields["max_fee"]) if "max_fee" in fields else None,
        max_priority_fee_per_gas=_int(fields["tip"]) if "tip" in fields else None,
    )
