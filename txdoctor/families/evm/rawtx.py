"""Decode a signed EVM transaction pasted as hex (legacy RLP or EIP-2718 typed). Pure, no I/O.

The hash (keccak-256 of the bytes) tells whether it reached a chain; the chain id it
was signed for tells which chain it can ever be mined on.
"""

from __future__ import annotations

from dataclasses import dataclass


class EvmRawTxError(ValueError):
    pass


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
        raise EvmRawTxError("lists nested too deeply for a transaction")
    if pos >= len(data):
        raise EvmRawTxError("the hex ends in the middle of the transaction (truncated?)")
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
            raise EvmRawTxError("the hex ends in the middle of the transaction (truncated?)")
        items: list[object] = []
        p = start
        while p < end:
            item, p = _rlp(data, p, depth + 1)
            items.append(item)
        if p != end:
            raise EvmRawTxError("malformed RLP list")
        return items, end
    end = start + n
    if end > len(data):
        raise EvmRawTxError("the hex ends in the middle of the transaction (truncated?)")
    return data[start:end], end


MAX_INT_BYTES = 32  # every number in a transaction is a uint256 at most


def _int(item: object) -> int:
    if not isinstance(item, bytes):
        raise EvmRawTxError("expected a number, found a list")
    if len(item) > MAX_INT_BYTES:
        raise EvmRawTxError(f"a number is {len(item)} bytes long; a transaction's numbers fit in 32")
    return int.from_bytes(item, "big")


def _addr(item: object) -> str | None:
    if not isinstance(item, bytes):
        raise EvmRawTxError("expected an address, found a list")
    if not item:
        return None  # contract creation
    if len(item) != 20:
        raise EvmRawTxError("a recipient address is not 20 bytes")
    return "0x" + item.hex()


def decode_evm_raw_tx(hex_text: str) -> EvmRawTx:
    try:
        data = bytes.fromhex(hex_text[2:] if hex_text.lower().startswith("0x") else hex_text)
    except ValueError:
        raise EvmRawTxError("not hexadecimal") from None
    if not data:
        raise EvmRawTxError("empty")
    tx_type = data[0] if data[0] < 0x7F else 0
    body, end = _rlp(data, 1 if tx_type else 0)
    if end != len(data):
        raise EvmRawTxError(f"{len(data) - end} bytes left over after the transaction")
    if not isinstance(body, list):
        raise EvmRawTxError("not an RLP list")
    f = body
    try:
        if tx_type == 0:
            if len(f) != 9:
                raise EvmRawTxError(f"a legacy transaction has 9 fields, this has {len(f)}")
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
            raise EvmRawTxError(f"unknown transaction type 0x{tx_type:02x}")
    except IndexError:
        raise EvmRawTxError("too few fields for its transaction type") from None
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
