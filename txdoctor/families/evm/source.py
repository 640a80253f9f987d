"""One EVM chain as a source of facts: its JSON-RPC endpoints in order, with fallback.

* Every request to an endpoint carries ``eth_chainId`` until the endpoint's chain id is
  known; an endpoint serving another chain is never used for answers (WrongChain).
* Shared facts (latest/safe/finalized block, fee history) are fetched once per run per
  chain, however many inputs ask; a session keeps one source per chain in
  ``session.source("evm:<chain>", …)``.
* Independent calls go out together in one JSON-RPC batch.
* What the checks need beyond the tx and receipt comes in one more batch
  (:mod:`txdoctor.families.evm.details`); transactions seen pending on earlier runs are
  remembered apart (:mod:`txdoctor.families.evm.seen`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

from txdoctor.core.chains import Chain
from txdoctor.core.net import sanity
from txdoctor.core.net.base import (
    AllProvidersFailed,
    BadResponse,
    ProviderFailure,
    ask_in_order,
    first_answer,
)
from txdoctor.core.net.http import Http
from txdoctor.core.net.once import Once
from txdoctor.core.net.reader import sane
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

if TYPE_CHECKING:  # the records (and the details' plans) are loaded once a request is on its way
    from txdoctor.families.evm.facts import EvmAddressActivity, EvmChainState, EvmReceipt, EvmTx, EvmTxLookup

FEE_HISTORY_BLOCKS = 20
REWARD_PERCENTILES = (10.0, 50.0, 90.0)
TIP_MARGIN = 1000  # blocks another endpoint may be ahead of the one that gave the tip

T = TypeVar("T")


class EvmSource:
    def __init__(self, http: Http, chain: Chain, urls: Sequence[str]) -> None:
        self.chain = chain
        self.providers = [EvmRpc(http, u) for u in urls]
        self._state: Once[None, EvmChainState] = Once()

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
        await self._state.aclose()

    def state(self) -> Awaitable[EvmChainState]:
        """Latest/safe/finalized blocks and fee history, fetched once per run."""
        return self._state.get(None, self._fetch_state)

    async def _fetch_state(self) -> EvmChainState:
        calls: list[Call] = [
            ("eth_getBlockByNumber", ["latest", False]),
            ("eth_feeHistory", [hex(FEE_HISTORY_BLOCKS), "latest", list(REWARD_PERCENTILES)]),
            ("eth_getBlockByNumber", ["safe", False]),
            ("eth_getBlockByNumber", ["finalized", False]),
        ]

        async def op(p: EvmRpc) -> EvmChainState:
            latest_r, history_r, safe_r, final_r = await self._batch(p, calls)
            from txdoctor.families.evm.facts import EvmChainState, FeeHistory

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
            from txdoctor.families.evm.facts import EvmChainState

            return EvmChainState(
                chain=self.chain.name, errors=tuple(f"{f.provider}: {f.detail}" for f in err.failures)
            )
        except RuntimeError as err:
            # This task is shared and may outlive the input that started it: if the run ends
            # (and the HTTP client closes) first, end quietly instead of an unretrieved error.
            from txdoctor.families.evm.facts import EvmChainState

            return EvmChainState(chain=self.chain.name, errors=(str(err),))
        return state

    # ---------------------------------------------------------- tx lookup

    async def find_tx(
        self, tx_hash: str, confirm_not_found: bool = True
    ) -> tuple[EvmTxLookup, list[ProviderFailure]]:
        """The transaction and its receipt. A "not found" is confirmed with the next endpoint
        when there is one. Raises AllProvidersFailed when no endpoint answers."""

        async def op(p: EvmRpc) -> EvmTxLookup:
            tx_r, rc_r = await self._batch(
                p, [("eth_getTransactionByHash", [tx_hash]), ("eth_getTransactionReceipt", [tx_hash])]
            )
            for r in (tx_r, rc_r):
                if isinstance(r, RpcError):
                    raise r
            from txdoctor.families.evm.facts import EvmTxLookup

            tx = parse_tx(p.url, tx_r)
            receipt = parse_receipt(p.url, rc_r)
            await self._sane_answer(p, tx_hash, tx, receipt)
            return EvmTxLookup(self.chain.name, tx_hash, p.name, tx, receipt)

        asked = await ask_in_order(
            self.chain,
            self.providers,
            op,
            found=lambda lk: lk.tx is not None or lk.receipt is not None,
            confirm=confirm_not_found,
        )
        if asked.found:
            return asked.answers[-1].value, asked.failures
        from txdoctor.families.evm.facts import EvmTxLookup

        not_found_by = tuple(a.provider.name for a in asked.answers)
        lookup = EvmTxLookup(self.chain.name, tx_hash, not_found_by[0], not_found_confirmed_by=not_found_by)
        return lookup, asked.failures

    async def _sane_answer(self, p: EvmRpc, tx_hash: str, tx: EvmTx | None, rc: EvmReceipt | None) -> None:
        """The answer is about the hash asked, and its block is not beyond the chain's tip.

        The tip is the run's shared latest block: + 1 when this endpoint reported it, with a
        margin of TIP_MARGIN blocks when another endpoint did (nodes lag each other a little).
        """
        with sane(p.url):
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

    async def details(self, lk: EvmTxLookup) -> EvmTxLookup:
        """Everything the checks need beyond the tx and receipt, in one batch (best effort:
        what could not be had is listed in ``errors``)."""
        from txdoctor.families.evm.details import Results, apply_details, plan_details
        from txdoctor.families.evm.facts import token_transfers

        transfers = token_transfers(lk.tx, lk.receipt)
        plan = plan_details(lk, transfers)
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
        got = Results(p.url, dict(zip(plan.keys, results, strict=True)))
        return apply_details(lk, plan, got, transfers)

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
            from txdoctor.families.evm.facts import EvmAddressActivity, parse_code

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
