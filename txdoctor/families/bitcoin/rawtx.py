"""Decode a raw (signed, serialised) Bitcoin transaction pasted as hex. Pure, no I/O.

A support agent often has the raw hex from a wallet's "export transaction" screen:
its txid tells whether it ever reached the network.
"""

from __future__ import annotations

from dataclasses import dataclass

from txdoctor.messages import WordedLater


class RawTxError(WordedLater):
    """Why the hex does not decode: the catalog's ``raw_tx_error.<key>`` filled from its values."""

    def __init__(self, key: str, /, **values: object) -> None:
        super().__init__(f"raw_tx_error.{key}", **values)


@dataclass(frozen=True)
class RawInput:
    prev_txid: str
    prev_vout: int
    sequence: int


@dataclass(frozen=True)
class RawOutput:
    value: int
    script_pubkey: str


@dataclass(frozen=True)
class RawTx:
    txid: str
    wtxid: str
    version: int
    locktime: int
    inputs: tuple[RawInput, ...]
    outputs: tuple[RawOutput, ...]
    size: int
    weight: int
    segwit: bool

    @property
    def vsize(self) -> int:
        return (self.weight + 3) // 4

    @property
    def signals_rbf(self) -> bool:
        return any(i.sequence < 0xFFFFFFFE for i in self.inputs)


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def take(self, n: int) -> bytes:
        if n < 0 or self.pos + n > len(self.data):
            raise RawTxError("truncated")
        out = self.data[self.pos : self.pos + n]
        self.pos += n
        return out

    def u32(self) -> int:
        return int.from_bytes(self.take(4), "little")

    def u64(self) -> int:
        return int.from_bytes(self.take(8), "little")

    def varint(self) -> int:
        first = self.take(1)[0]
        if first < 0xFD:
            return first
        size = {0xFD: 2, 0xFE: 4, 0xFF: 8}[first]
        return int.from_bytes(self.take(size), "little")

    def varbytes(self) -> bytes:
        return self.take(self.varint())


def _sha256d(data: bytes) -> bytes:
    import hashlib

    return hashlib.sha256(hashlib.sha256(data).digest()).digest()


def decode_raw_tx(hex_text: str) -> RawTx:
    try:
        data = bytes.fromhex(hex_text)
    except ValueError:
        raise RawTxError("not_hex") from None
    r = _Reader(data)
    version = r.u32()
    segwit = False
    if r.data[r.pos : r.pos + 2] == b"\x00\x01":
        segwit = True
        r.take(2)
    n_in = r.varint()
    if n_in == 0 or n_in > 10_000:
        raise RawTxError("inputs", number=str(n_in))
    inputs = []
    for _ in range(n_in):
        prev = r.take(32)[::-1].hex()
        vout = r.u32()
        r.varbytes()  # scriptSig
        inputs.append(RawInput(prev, vout, r.u32()))
    n_out = r.varint()
    if n_out > 100_000:
        raise RawTxError("outputs", number=str(n_out))
    outputs = [RawOutput(r.u64(), r.varbytes().hex()) for _ in range(n_out)]
    outputs_end = r.pos
    if segwit:
        for _ in range(n_in):
            for _ in range(r.varint()):
                r.varbytes()
    witness_end = r.pos
    locktime = r.u32()
    if r.pos != len(data):
        raise RawTxError("left_over", size=str(len(data) - r.pos))
    stripped = data[:4] + data[6:outputs_end] + data[witness_end:] if segwit else data
    txid = _sha256d(stripped)[::-1].hex()
    return RawTx(
        txid=txid,
        wtxid=_sha256d(data)[::-1].hex(),
        version=version,
        locktime=locktime,
        inputs=tuple(inputs),
        outputs=tuple(outputs),
        size=len(data),
        weight=len(stripped) * 3 + len(data),
        segwit=segwit,
    )
