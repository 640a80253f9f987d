"""One EVM chain as a source of facts: its JSON-RPC endpoints in order, with fallback.

* Every request to an endpoint carries ``eth_chainId`` until the endpoint's chain id is
  known; an endpoint serving another chain is never used for answers (WrongChain).
* Shared facts (latest/safe/finalized block, fee history) are fetched once per run per
  chain, however many inputs ask; a session keeps one source per chain in
  ``session.source("evm:<chain>", …)``.
* Independent calls go out together in one JSON-RPC batch.
* :class:`SeenStore` remembers transactions seen pending on earlier runs (in the cache
  directory), so that a hash the node has since forgotten can still be recognised as
  replaced or dropped.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from txdoctor.abi import SEL_DECIMALS, SEL_SYMBOL, RevertInfo, decode_revert, decode_symbol, decode_uint
from txdoctor.chains import Chain
from txdoctor.families.evm.facts import (
    AccountCode,
    BlockHead,
    EvmAddressActivity,
    EvmChainState,
    EvmReceipt,
    EvmTx,
    EvmTxLookup,
    FeeHistory,
    SeenPending,
    SenderState,
    TokenInfo,
    parse_code,
    token_transfers,
)
from txdoctor.families.evm.rpc import (
    Call,
    EvmRpc,
    RpcError,
    WrongChain,
    parse_block,
    parse_data,
    parse_fee_history,
    parse_quantity,
    parse_receipt,
    parse_tx,
)
from txdoctor.providers import sanity
from txdoctor.providers.base import (
    AllProvidersFailed,
    Attempt,
    BadResponse,
    ProviderError,
    ProviderFailure,
    first_answer,
    settle,
)
from txdoctor.providers.http import Http

FEE_HISTORY_BLOCKS = 20
REWARD_PERCENTILES = (10.0, 50.0, 90.0)
MAX_TOKENS = 3  # token contracts asked for decimals()/symbol() per transaction
TIP_MARGIN = 1000  # blocks another endpoint may be ahead of the one that gave the tip

T = TypeVar("T")


class EvmSource:
    def __init__(self, http: Http, chain: Chain, urls: Sequence[str]) -> None:
        self.chain = chain
        self.providers = [EvmRpc(http, u) for u in urls]
        self._state: asyncio.Future[EvmChainState] | None = None

    # ------------------------------------------------------------ plumbing

    async def _batch(self, p: EvmRpc, calls: Sequence[Call]) -> list[Any]:
        """A batch on one endpoint, checking its chain id on first use; raises WrongChain."""
        expected = self.chain.chain_id
        if p.chain_id is not None and expected is not None and p.chain_id not in (expected, -1):
            raise WrongChain(p.name, expected, p.chain_id)
        ask_id = p.chain_id is None
        results = await p.batch(([("eth_chainId", [])] if ask_id else []) + list(calls))
        if ask_id:
            reported, results = results[0], results[1:]
            if isinstance(reported, RpcError):
                if not reported.unsupported:
                    raise reported
                p.chain_id = -1  # the node cannot tell; answers are used unverified
            else:
                p.chain_id = parse_quantity(p.url, "eth_chainId", reported)
            if expected is not None and p.chain_id not in (expected, -1):
                raise WrongChain(p.name, expected, p.chain_id)
        return results

    def _ordered(self, first: str | None) -> list[EvmRpc]:
        if first is None:
            return list(self.providers)
        return sorted(self.providers, key=lambda p: p.name != first)

    async def _first(
        self, op: Callable[[EvmRpc], Awaitable[T]], prefer: str | None = None
    ) -> tuple[T, EvmRpc, list[ProviderFailure]]:
        return await first_answer(self.chain, self._ordered(prefer), op)

    @property
    def chain_id_unverified(self) -> bool:
        return any(p.chain_id == -1 for p in self.providers)

    # -------------------------------------------------------- shared state

    async def aclose(self) -> None:
        """Stop the shared-state fetch if nobody waited for it."""
        await settle(self._state)

    def state(self) -> Awaitable[EvmChainState]:
        """Latest/safe/finalized blocks and fee history, fetched once per run."""
        if self._state is None:
            self._state = asyncio.ensure_future(self._fetch_state())
        return self._state

    async def _fetch_state(self) -> EvmChainState:
        calls: list[Call] = [
            ("eth_getBlockByNumber", ["latest", False]),
            ("eth_feeHistory", [hex(FEE_HISTORY_BLOCKS), "latest", list(REWARD_PERCENTILES)]),
            ("eth_getBlockByNumber", ["safe", False]),
            ("eth_getBlockByNumber", ["finalized", False]),
        ]

        async def op(p: EvmRpc) -> EvmChainState:
            latest_r, history_r, safe_r, final_r = await self._batch(p, calls)
            if isinstance(latest_r, RpcError):
                raise latest_r
            latest = parse_block(p.url, latest_r)
            if latest is None:
                raise BadResponse(p.url, "eth_getBlockByNumber: no 'latest' block")
            errors: list[str] = []
            history: FeeHistory | None = None
            if isinstance(history_r, RpcError):
                errors.append(f"fee history: {history_r.detail}")
            else:
                try:
                    history = parse_fee_history(p.url, history_r, REWARD_PERCENTILES)
                except BadResponse as err:
                    errors.append(err.detail)
            safe = _tag_block(p.url, safe_r, errors, "safe")
            final = _tag_block(p.url, final_r, errors, "finalized")
            return EvmChainState(
                chain=self.chain.name,
                chain_id=p.chain_id if p.chain_id not in (None, -1) else None,
                latest=latest,
                safe_block=safe,
                finalized_block=final,
                fee_history=history,
                provider=p.name,
                errors=tuple(errors),
            )

        try:
            state, _, _ = await self._first(op)
        except AllProvidersFailed as err:
            return EvmChainState(
                chain=self.chain.name, errors=tuple(f"{f.provider}: {f.detail}" for f in err.failures)
            )
        except RuntimeError as err:
            # This task is shared and may outlive the input that started it: if the run ends
            # (and the HTTP client closes) first, end quietly instead of an unretrieved error.
            return EvmChainState(chain=self.chain.name, errors=(str(err),))
        return state

    # ---------------------------------------------------------- tx lookup

    async def find_tx(
        self, tx_hash: str, confirm_not_found: bool = True
    ) -> tuple[EvmTxLookup, list[ProviderFailure]]:
        """The transaction and its receipt. A "not found" is confirmed with the next endpoint
        when there is one. Raises AllProvidersFailed when no endpoint answers."""
        attempt = Attempt()
        not_found_by: list[str] = []
        for p in self.providers:
            try:
                tx_r, rc_r = await self._batch(
                    p,
                    [("eth_getTransactionByHash", [tx_hash]), ("eth_getTransactionReceipt", [tx_hash])],
                )
                for r in (tx_r, rc_r):
                    if isinstance(r, RpcError):
                        raise r
                tx = parse_tx(p.url, tx_r)
                receipt = parse_receipt(p.url, rc_r)
                await self._sane_answer(p, tx_hash, tx, receipt)
            except ProviderError as err:
                attempt.record(p.name, err)
                continue
            if tx is not None or receipt is not None:
                return EvmTxLookup(self.chain.name, tx_hash, p.name, tx, receipt), attempt.failures
            not_found_by.append(p.name)
            if not confirm_not_found:
                break
        if not not_found_by:
            raise AllProvidersFailed(self.chain, attempt.failures)
        lookup = EvmTxLookup(
            self.chain.name, tx_hash, not_found_by[0], not_found_confirmed_by=tuple(not_found_by)
        )
        return lookup, attempt.failures

    async def _sane_answer(self, p: EvmRpc, tx_hash: str, tx: EvmTx | None, rc: EvmReceipt | None) -> None:
        """The answer is about the hash asked, and its block is not beyond the chain's tip.

        The tip is the run's shared latest block: + 1 when this endpoint reported it, with a
        margin of TIP_MARGIN blocks when another endpoint did (nodes lag each other a little).
        """
        try:
            if tx is not None:
                sanity.echoed(tx_hash, tx.hash, "hash")
            if rc is not None:
                sanity.echoed(tx_hash, rc.tx_hash, "transactionHash")
            block = rc.block_number if rc is not None else tx.block_number if tx is not None else None
            if block is None:
                return
            state = await self.state()
            if state.latest is not None:
                margin = 1 if state.provider == p.name else TIP_MARGIN
                sanity.height_within_tip(block, state.latest.number, margin=margin)
        except sanity.Insane as err:
            raise BadResponse(p.url, str(err)) from None

    async def details(self, lk: EvmTxLookup) -> EvmTxLookup:
        """Everything the checks need beyond the tx and receipt, in one batch (best effort:
        what could not be had is listed in ``errors``)."""
        tx, rc, seen = lk.tx, lk.receipt, lk.seen
        sender = tx.sender if tx is not None else seen.sender if seen is not None else None
        plan = _DetailPlan()
        if sender is not None:
            plan.add("mined", "eth_getTransactionCount", sender, "latest")
        if tx is not None and tx.pending:
            plan.add("pending_nonce", "eth_getTransactionCount", tx.sender, "pending")
            plan.add("balance", "eth_getBalance", tx.sender, "latest")
        transfers = token_transfers(tx, rc)
        recipients: list[str] = []
        if tx is not None and tx.to is not None:
            recipients.append(tx.to)
        tokens: list[str] = []
        for t in transfers:
            if t.token not in tokens and len(tokens) < MAX_TOKENS:
                tokens.append(t.token)
            if t.recipient not in recipients and len(recipients) <= MAX_TOKENS:
                recipients.append(t.recipient)
        for address in recipients:
            plan.add(f"code:{address}", "eth_getCode", address, "latest")
        for token in tokens:
            plan.add(f"decimals:{token}", "eth_call", {"to": token, "data": "0x" + SEL_DECIMALS}, "latest")
            plan.add(f"symbol:{token}", "eth_call", {"to": token, "data": "0x" + SEL_SYMBOL}, "latest")
        for address in recipients:
            if address not in tokens:  # is the recipient itself a token contract?
                plan.add(
                    f"symbol:{address}", "eth_call", {"to": address, "data": "0x" + SEL_SYMBOL}, "latest"
                )
        if tx is not None and rc is not None and rc.status == 0 and rc.block_number > 0:
            call: dict[str, str] = {
                "from": tx.sender,
                "data": tx.input,
                "value": hex(tx.value),
                "gas": hex(tx.gas_limit),
            }
            if tx.to is not None:
                call["to"] = tx.to
            plan.add("replay", "eth_call", call, hex(rc.block_number - 1))
        if seen is not None and seen.seen_block is not None:
            plan.add("seen_block", "eth_getBlockByNumber", hex(seen.seen_block), False)
        if not plan.calls:
            return replace(lk, transfers=tuple(transfers))
        try:
            results, p, _ = await self._first(lambda p: self._batch(p, plan.calls), prefer=lk.provider)
        except AllProvidersFailed as err:
            return replace(
                lk,
                transfers=tuple(transfers),
                errors=lk.errors + tuple(f"{f.provider}: {f.detail}" for f in err.failures),
            )
        got = _Results(p.url, dict(zip(plan.keys, results, strict=True)))
        sender_state = None
        if sender is not None:
            sender_state = SenderState(
                sender,
                got.quantity("mined", "eth_getTransactionCount"),
                got.quantity("pending_nonce", "eth_getTransactionCount"),
                got.quantity("balance", "eth_getBalance"),
            )
        codes = tuple(c for c in (got.code(a) for a in recipients) if c is not None)
        token_infos = tuple(
            TokenInfo(t, got.symbol(f"symbol:{t}"), got.decimals(f"decimals:{t}")) for t in tokens
        )
        token_like = tuple(
            a
            for a in recipients
            if a not in tokens
            and (c := next((x for x in codes if x.address == a), None)) is not None
            and c.is_contract
            and got.symbol(f"symbol:{a}") is not None
        )
        revert = got.revert("replay") if "replay" in got.values else None
        if (
            seen is not None
            and "seen_block" in got.values
            and not isinstance(got.values["seen_block"], RpcError)
        ):
            block = got.block("seen_block")
            if block is None:  # the chain is shorter now than when it was seen: a reset dev chain
                seen = replace(seen, still_same_chain=False)
            elif seen.seen_block_hash is not None:
                seen = replace(seen, still_same_chain=block.hash == seen.seen_block_hash)
        return replace(
            lk,
            sender=sender_state,
            revert=revert,
            transfers=tuple(transfers),
            tokens=token_infos,
            codes=codes,
            token_like=token_like,
            seen=seen,
            errors=lk.errors + tuple(got.errors),
        )

    # ------------------------------------------------------------ address

    async def address_activity(self, address: str) -> tuple[EvmAddressActivity, list[ProviderFailure]]:
        addr = address.lower()

        async def op(p: EvmRpc) -> EvmAddressActivity:
            nonce_r, balance_r, code_r = await self._batch(
                p,
                [
                    ("eth_getTransactionCount", [addr, "latest"]),
                    ("eth_getBalance", [addr, "latest"]),
                    ("eth_getCode", [addr, "latest"]),
                ],
            )
            for r in (nonce_r, balance_r, code_r):
                if isinstance(r, RpcError):
                    raise r
            return EvmAddressActivity(
                chain=self.chain.name,
                address=addr,
                nonce=parse_quantity(p.url, "eth_getTransactionCount", nonce_r),
                balance=parse_quantity(p.url, "eth_getBalance", balance_r),
                code=parse_code(addr, parse_data(p.url, "eth_getCode", code_r)),
                provider=p.name,
            )

        activity, _, failures = await self._first(op)
        return activity, failures


def _tag_block(url: str, result: Any, errors: list[str], tag: str) -> int | None:
    """A "safe"/"finalized" block number; None when the node rejects the tag."""
    if isinstance(result, RpcError):
        errors.append(f"'{tag}' block: {result.message}")
        return None
    try:
        block = parse_block(url, result)
    except BadResponse as err:
        errors.append(err.detail)
        return None
    return block.number if block is not None else None


class _DetailPlan:
    def __init__(self) -> None:
        self.keys: list[str] = []
        self.calls: list[Call] = []

    def add(self, key: str, method: str, *params: Any) -> None:
        self.keys.append(key)
        self.calls.append((method, list(params)))


class _Results:
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


# ------------------------------------------------------------------ memory

SEEN_FILE = "evm-seen-pending.json"
SEEN_MAX = 500
SEEN_MAX_AGE = 30 * 86400


class SeenStore:
    """Transactions seen pending on earlier runs, in the cache directory (``--no-cache``: none).

    One small JSON file, ``{hash: {chain, sender, nonce, fees, seen_at, seen_block,
    seen_block_hash}}``, at most SEEN_MAX entries of at most SEEN_MAX_AGE. It is evidence,
    never an answer: a hash found in it is still checked against the chain (the sender's
    nonce now, and that the block seen then is still in the chain). Reading or writing it
    never fails a diagnosis: a broken file is ignored.
    """

    def __init__(self, directory: str | os.PathLike[str] | None) -> None:
        self.path = Path(directory) / SEEN_FILE if directory else None
        self._data: dict[str, dict[str, Any]] | None = None

    def _load(self) -> dict[str, dict[str, Any]]:
        if self._data is None:
            self._data = {}
            if self.path is not None:
                with contextlib.suppress(OSError, ValueError):
                    raw = json.loads(self.path.read_text(encoding="utf-8"))
                    if isinstance(raw, dict):
                        self._data = {k: v for k, v in raw.items() if isinstance(v, dict)}
        return self._data

    def get(self, tx_hash: str) -> SeenPending | None:
        entry = self._load().get(tx_hash)
        if entry is None:
            return None
        try:
            return SeenPending(
                chain=str(entry["chain"]),
                hash=tx_hash,
                sender=str(entry["sender"]),
                nonce=int(entry["nonce"]),
                seen_at=int(entry["seen_at"]),
                seen_block=_opt_int(entry.get("seen_block")),
                seen_block_hash=entry.get("seen_block_hash")
                if isinstance(entry.get("seen_block_hash"), str)
                else None,
                max_fee_per_gas=_opt_int(entry.get("max_fee_per_gas")),
                max_priority_fee_per_gas=_opt_int(entry.get("max_priority_fee_per_gas")),
                gas_price=_opt_int(entry.get("gas_price")),
            )
        except (KeyError, TypeError, ValueError):
            return None

    def remember(self, chain: str, tx: EvmTx, state: EvmChainState, now: float | None = None) -> None:
        if self.path is None:
            return
        data = self._load()
        latest = state.latest
        data[tx.hash] = {
            "chain": chain,
            "sender": tx.sender,
            "nonce": tx.nonce,
            "seen_at": int(now if now is not None else time.time()),
            "seen_block": latest.number if latest else None,
            "seen_block_hash": latest.hash if latest else None,
            "max_fee_per_gas": _str_or_none(tx.max_fee_per_gas),
            "max_priority_fee_per_gas": _str_or_none(tx.max_priority_fee_per_gas),
            "gas_price": _str_or_none(tx.gas_price),
        }
        self._save()

    def forget(self, tx_hash: str) -> None:
        if self.path is None or tx_hash not in self._load():
            return
        del self._load()[tx_hash]
        self._save()

    def _save(self) -> None:
        if self.path is None or self._data is None:
            return
        cutoff = time.time() - SEEN_MAX_AGE
        items = [(k, v) for k, v in self._data.items() if (_opt_int(v.get("seen_at")) or 0) >= cutoff]
        items = sorted(items, key=lambda kv: _opt_int(kv[1].get("seen_at")) or 0)[-SEEN_MAX:]
        self._data = dict(items)
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(self._data, indent=1, sort_keys=True), encoding="utf-8")
            tmp.replace(self.path)


def _opt_int(value: Any) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _str_or_none(value: int | None) -> str | None:
    return None if value is None else str(value)
