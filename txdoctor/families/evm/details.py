"""The details an EVM transaction's checks need beyond the tx and receipt: which calls to
batch (the sender's nonces and balance, the recipients' code, the tokens' decimals and
symbol, a failed call's replay, the block a remembered transaction was seen in), and what
their answers say. Pure: the batch itself is :meth:`EvmSource.details`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from txdoctor.core.abi import SEL_DECIMALS, SEL_SYMBOL, RevertInfo, decode_revert, decode_symbol, decode_uint
from txdoctor.core.net.base import BadResponse
from txdoctor.families.evm.facts import (
    AccountCode,
    BlockHead,
    EvmTx,
    EvmTxLookup,
    SeenPending,
    SenderState,
    TokenInfo,
    TokenTransfer,
    parse_code,
)
from txdoctor.families.evm.rpc import Call, RpcError, parse_block, parse_data, parse_quantity

MAX_TOKENS = 3  # token contracts asked for decimals()/symbol() per transaction


def _parties(tx: EvmTx | None, transfers: list[TokenTransfer]) -> tuple[list[str], list[str]]:
    """The recipients whose code is asked, and the tokens asked for decimals()/symbol()."""
    recipients: list[str] = [tx.to] if tx is not None and tx.to is not None else []
    tokens: list[str] = []
    for t in transfers:
        if t.token not in tokens and len(tokens) < MAX_TOKENS:
            tokens.append(t.token)
        if t.recipient not in recipients and len(recipients) <= MAX_TOKENS:
            recipients.append(t.recipient)
    return recipients, tokens


def _replay_call(tx: EvmTx) -> dict[str, str]:
    """The failed transaction as an eth_call (same from/to/value/data/gas)."""
    call = {"from": tx.sender, "data": tx.input, "value": hex(tx.value), "gas": hex(tx.gas_limit)}
    if tx.to is not None:
        call["to"] = tx.to
    return call


def plan_details(lk: EvmTxLookup, transfers: list[TokenTransfer]) -> DetailPlan:
    tx, rc, seen = lk.tx, lk.receipt, lk.seen
    sender = tx.sender if tx is not None else seen.sender if seen is not None else None
    recipients, tokens = _parties(tx, transfers)
    plan = DetailPlan(sender, recipients, tokens)
    if sender is not None:
        plan.add("mined", "eth_getTransactionCount", sender, "latest")
    if tx is not None and tx.pending:
        plan.add("pending_nonce", "eth_getTransactionCount", tx.sender, "pending")
        plan.add("balance", "eth_getBalance", tx.sender, "latest")
    for address in recipients:
        plan.add(f"code:{address}", "eth_getCode", address, "latest")
    for token in tokens:
        plan.add(f"decimals:{token}", "eth_call", {"to": token, "data": "0x" + SEL_DECIMALS}, "latest")
        plan.add(f"symbol:{token}", "eth_call", {"to": token, "data": "0x" + SEL_SYMBOL}, "latest")
    for address in recipients:
        if address not in tokens:  # is the recipient itself a token contract?
            plan.add(f"symbol:{address}", "eth_call", {"to": address, "data": "0x" + SEL_SYMBOL}, "latest")
    if tx is not None and rc is not None and rc.status == 0 and rc.block_number > 0:
        plan.add("replay", "eth_call", _replay_call(tx), hex(rc.block_number - 1))
    if seen is not None and seen.seen_block is not None:
        plan.add("seen_block", "eth_getBlockByNumber", hex(seen.seen_block), False)
    return plan


def _token_like(plan: DetailPlan, got: Results, codes: tuple[AccountCode, ...]) -> tuple[str, ...]:
    """Recipient contracts (not the tokens moved) that answer symbol(): other token contracts."""
    contracts = {c.address for c in codes if c.is_contract}
    return tuple(
        a
        for a in plan.recipients
        if a not in plan.tokens and a in contracts and got.symbol(f"symbol:{a}") is not None
    )


def _seen_now(lk: EvmTxLookup, got: Results) -> SeenPending | None:
    """The remembered transaction, with whether the block seen then is still in the chain."""
    seen = lk.seen
    if seen is None or "seen_block" not in got.values or isinstance(got.values["seen_block"], RpcError):
        return seen
    block = got.block("seen_block")
    if block is None:  # the chain is shorter now than when it was seen: a reset dev chain
        return replace(seen, still_same_chain=False)
    if seen.seen_block_hash is not None:
        return replace(seen, still_same_chain=block.hash == seen.seen_block_hash)
    return seen


def apply_details(
    lk: EvmTxLookup, plan: DetailPlan, got: Results, transfers: list[TokenTransfer]
) -> EvmTxLookup:
    """``lk`` with what the detail batch told (what it could not is listed in ``errors``)."""
    sender_state = None
    if plan.sender is not None:
        sender_state = SenderState(
            plan.sender,
            got.quantity("mined", "eth_getTransactionCount"),
            got.quantity("pending_nonce", "eth_getTransactionCount"),
            got.quantity("balance", "eth_getBalance"),
        )
    codes = tuple(c for c in (got.code(a) for a in plan.recipients) if c is not None)
    token_infos = tuple(
        TokenInfo(t, got.symbol(f"symbol:{t}"), got.decimals(f"decimals:{t}")) for t in plan.tokens
    )
    return replace(
        lk,
        sender=sender_state,
        revert=got.revert("replay") if "replay" in got.values else None,
        transfers=tuple(transfers),
        tokens=token_infos,
        codes=codes,
        token_like=_token_like(plan, got, codes),
        seen=_seen_now(lk, got),
        errors=lk.errors + tuple(got.errors),
    )


class DetailPlan:
    """The calls of one detail batch, each under a key, and what they are about."""

    def __init__(self, sender: str | None, recipients: list[str], tokens: list[str]) -> None:
        self.keys: list[str] = []
        self.calls: list[Call] = []
        self.sender = sender
        self.recipients = recipients
        self.tokens = tokens

    def add(self, key: str, method: str, *params: Any) -> None:
        self.keys.append(key)
        self.calls.append((method, list(params)))


class Results:
    """Parse a detail batch one entry at a time; a bad entry becomes an error line, not a crash."""

    def __init__(self, url: str, values: Mapping[str, Any]) -> None:
        self.url = url
        self.values = values
        self.errors: list[str] = []

    def _get(self, key: str) -> Any:
        value = self.values.get(key)
        if isinstance(value, RpcError):
            self.errors.append(f"{key.split(':')[0]}: {value.detail}")
            return None
        return value

    def quantity(self, key: str, method: str) -> int | None:
        if key not in self.values:
            return None
        value = self._get(key)
        if value is None:
            return None
        try:
            return parse_quantity(self.url, method, value)
        except BadResponse as err:
            self.errors.append(err.detail)
            return None

    def code(self, address: str) -> AccountCode | None:
        value = self._get(f"code:{address}")
        if value is None:
            return None
        try:
            return parse_code(address, parse_data(self.url, "eth_getCode", value))
        except BadResponse as err:
            self.errors.append(err.detail)
            return None

    def symbol(self, key: str) -> str | None:
        value = self.values.get(key)  # a token that does not answer is normal: no error line
        return decode_symbol(value) if isinstance(value, str) else None

    def decimals(self, key: str) -> int | None:
        value = self.values.get(key)
        if not isinstance(value, str):
            return None
        d = decode_uint(value)
        return d if d is not None and d <= 77 else None

    def block(self, key: str) -> BlockHead | None:
        value = self._get(key)
        try:
            return parse_block(self.url, value)
        except BadResponse as err:
            self.errors.append(err.detail)
            return None

    def revert(self, key: str) -> RevertInfo:
        value = self.values.get(key)
        if isinstance(value, RpcError):
            data = value.revert_data
            if data is not None:
                return decode_revert(data)
            low = value.message.lower()
            if "out of gas" in low or "outofgas" in low:
                return RevertInfo("out_of_gas", detail=value.message)
            if "revert" in low:
                return RevertInfo("empty", detail=value.message)
            return RevertInfo("unavailable", detail=value.message)
        if isinstance(value, str):
            info = decode_revert(value)  # some old nodes answer the revert data as a result
            if info.kind in ("error", "panic"):
                return info
            return RevertInfo("not_reproduced", data=value if len(value) <= 200 else value[:200] + "…")
        return RevertInfo("unavailable", detail="the node gave no answer")
