"""The EVM family's finding codes (EVM_*): category, severity, verdict and the meaning and
evidence docs/evm.md shows, generated with the catalog's words (``python -m txdoctor.docsgen``)."""

from __future__ import annotations

from txdoctor.core.codedoc import CodeDoc, Section

SECTIONS = (
    Section(
        "evm.status",
        "Status",
        {
            "EVM_TX_SUCCESS": CodeDoc(
                "status",
                "ok",
                "confirmed",
                meaning="mined with receipt status 1",
                evidence=(
                    "`block_number`, `block_hash`, `confirmations` (latest − block + 1), `safe`, "
                    "`finalized` (null when the node does not report those tags), `gas_used`, `gas_limit`, "
                    "`effective_gas_price`, `fee_paid`"
                ),
            ),
            "EVM_TX_REVERTED": CodeDoc(
                "status",
                "error",
                "failed",
                meaning=(
                    "mined with status 0, gas left: the contract refused it; nothing moved, the fee was paid"
                ),
                evidence=(
                    "as above + `revert_reason` (decoded `Error(string)`, or `Panic 0xNN: meaning`), "
                    "`revert_kind` (`error`, `panic`, `custom`, `empty`, `out_of_gas`, `unavailable`, "
                    "`not_reproduced`), `revert_selector` (4-byte, hex), `panic_code`, `revert_detail` "
                    "(the node's message)"
                ),
            ),
            "EVM_TX_OUT_OF_GAS": CodeDoc(
                "status",
                "error",
                "failed",
                meaning="mined with status 0 and gas used = gas limit",
                evidence="as `EVM_TX_REVERTED`",
            ),
            "EVM_TX_NO_STATUS": CodeDoc(
                "status",
                "warning",
                "confirmed",
                meaning=(
                    "mined, but the receipt has no status (before Byzantium, Oct 2017): the outcome cannot "
                    "be read from it"
                ),
                evidence="as `EVM_TX_SUCCESS` + `likely_failed` (all gas used)",
            ),
            "EVM_TX_NO_RECEIPT": CodeDoc(
                "status",
                "warning",
                "confirmed",
                meaning="the tx names a block but the node gave no receipt",
                evidence="`block_number`",
            ),
            "EVM_TX_PENDING": CodeDoc(
                "status",
                "info",
                "pending",
                meaning="known to the node, not mined",
                evidence="`nonce`, `mined_nonce`",
            ),
            "EVM_TX_REPLACED": CodeDoc(
                "status",
                "error",
                "replaced",
                meaning=(
                    'the sender\'s mined nonce (`eth_getTransactionCount(from, "latest")`) has passed this '
                    "tx's nonce and it has no receipt: another tx with the same nonce was mined"
                ),
                evidence=(
                    "`nonce`, `mined_nonce`, `sender`, `evidence_source` (`still known to the node` / "
                    "`seen pending by txdoctor earlier`)"
                ),
            ),
            "EVM_TX_DROPPED": CodeDoc(
                "status",
                "error",
                "not_found",
                meaning=(
                    "seen pending earlier, unknown now, nonce still unused: dropped from the mempool, "
                    "nothing paid"
                ),
                evidence="`nonce`, `mined_nonce`, `sender`, `seen_at`",
            ),
            "EVM_TX_NOT_FOUND": CodeDoc(
                "status",
                "error",
                "not_found",
                meaning=(
                    "no chain asked knows the hash (never broadcast, dropped, replaced by a "
                    "speed-up/cancel, other network, typo)"
                ),
                evidence=(
                    "`checked[]`, `unchecked[]` (chains that did not answer), `not_found_by[]` (the "
                    'endpoints that answered "not found", on every chain checked, with or without '
                    "`--chain`)"
                ),
            ),
            "EVM_TX_ON_OTHER_CHAIN": CodeDoc(
                "network",
                "error",
                "not_found",
                meaning=(
                    "the hash is not on the chain asked for but is on another: the wrong-network ticket"
                ),
                evidence="`found_on[]`, `checked[]`, `asked_chain`",
            ),
            "EVM_TX_CHAIN_DETECTED": CodeDoc(
                "network",
                "info",
                "",
                meaning="without `--chain`: the chain that has it",
                evidence="`chain`, `checked[]`, `also_on[]`",
            ),
            "EVM_HASH_NO_PREFIX": CodeDoc(
                "status",
                "info",
                "",
                meaning="a bare 64-hex hash with an EVM `--chain` was read as 0x + hash",
                evidence="`hash`",
            ),
            "EVM_DATA_UNAVAILABLE": CodeDoc(
                "network",
                "info",
                "",
                meaning="some detail calls failed; the checks needing them were skipped",
                evidence="`errors[]`",
            ),
        },
    ),
    Section(
        "evm.raw",
        "Signed transactions pasted as hex",
        {
            "EVM_RAW_TX_DECODED": CodeDoc(
                "status",
                "info",
                "",
                meaning="what the hex holds",
                evidence=(
                    "`hash`, `type`, `chain_id`, `signed_for`, `nonce`, `to`, `value` (wei string), "
                    "`gas_limit`, `gas_price_gwei`, `max_fee_per_gas_gwei`"
                ),
            ),
            "EVM_RAW_TX_NOT_BROADCAST": CodeDoc(
                "network",
                "error",
                "not_found",
                meaning=(
                    "the hash is on no chain checked: never broadcast, or dropped; it can be broadcast as "
                    "it is while its nonce is unused"
                ),
                evidence="`hash`, `chain_id`, `signed_for`",
            ),
            "EVM_RAW_TX_WRONG_CHAIN": CodeDoc(
                "network",
                "error",
                "not_found",
                meaning=(
                    "`--chain` names a chain other than the one it was signed for: it can never be mined "
                    "there"
                ),
                evidence="`chain_id`, `signed_for`, `asked_chain`",
            ),
        },
    ),
    Section(
        "evm.pending",
        "Pending transactions: fee, nonce, funds, next step",
        {
            "EVM_FEE_BELOW_BASE_FEE": CodeDoc(
                "fee",
                "error",
                "stuck",
                meaning=(
                    "max fee (legacy: gas price) below the next block's base fee (`eth_feeHistory`'s last "
                    "`baseFeePerGas`): no block can include it"
                ),
                evidence=(
                    "`max_fee_per_gas`, `max_priority_fee_per_gas`, `gas_price`, `next_base_fee`, "
                    "`next_base_fee_gwei`, `fee_cap_gwei`, `shortfall`, `base_fee_trend` "
                    "(`rising`/`falling`/`steady`, ±10 % over the window), `base_fee_min`, `base_fee_max`, "
                    "`blocks`, `recent_tip_p10`/`p50`/`p90` (median over the blocks of each reward "
                    "percentile)"
                ),
            ),
            "EVM_FEE_LOW_PRIORITY": CodeDoc(
                "fee",
                "warning",
                "pending",
                meaning="includable, but its tip is below the recent 10th-percentile tip",
                evidence="as above + `tip`",
            ),
            "EVM_FEE_OK": CodeDoc(
                "fee",
                "ok",
                "",
                meaning="max fee at or above the next base fee",
                evidence=(
                    "as above + `tip`, `headroom_blocks` (full blocks of +12.5 % the max fee survives)"
                ),
            ),
            "EVM_FEE_LEVELS_UNAVAILABLE": CodeDoc(
                "fee",
                "info",
                "",
                meaning="the node gave no base fee or fee history",
                evidence="`errors[]`",
            ),
            "EVM_NONCE_GAP": CodeDoc(
                "status",
                "error",
                "stuck",
                meaning=(
                    "the tx's nonce is above the sender's mined nonce and the nonces between are not in "
                    "the node's pool (`pending` count): they must be sent first"
                ),
                evidence=(
                    "`nonce`, `mined_nonce`, `pending_nonce`, `missing_nonces[]` (up to 20), "
                    "`missing_count`, `waiting_for[]`, `waiting_for_count`"
                ),
            ),
            "EVM_NONCE_BLOCKED": CodeDoc(
                "status",
                "warning",
                "pending",
                meaning=(
                    "earlier nonces of the sender are pending (or the node did not say): this one waits "
                    "for them"
                ),
                evidence=(
                    "`nonce`, `mined_nonce`, `pending_nonce`, `blocked_by_nonces[]`, `waiting_for[]`, "
                    "`waiting_for_count`"
                ),
            ),
            "EVM_INSUFFICIENT_FUNDS": CodeDoc(
                "fee",
                "error",
                "stuck",
                meaning="balance below value + gas limit × max fee: it cannot be mined",
                evidence="`balance`, `needed`, `shortfall`",
            ),
            "EVM_ACTION_REPLACE": CodeDoc(
                "fee",
                "info",
                "",
                meaning="the exact replacement: same nonce, fees below",
                evidence=(
                    "`nonce`, `next_base_fee`, `new_max_fee_per_gas`, `new_max_priority_fee_per_gas` (or "
                    "`new_gas_price` for legacy), the same in gwei (`new_max_fee_gwei`, "
                    "`new_priority_fee_gwei`, `new_gas_price_gwei`), `min_max_fee_per_gas`, "
                    "`min_max_priority_fee_per_gas`, `min_gas_price` (the +10 % rule alone), `reason` "
                    "(`below_base_fee`/`low_priority`)"
                ),
            ),
            "EVM_ACTION_WAIT": CodeDoc(
                "fee",
                "info",
                "",
                meaning="nothing wrong: wait, do not send again",
            ),
            "EVM_CONGESTION": CodeDoc(
                "congestion",
                "info/warning",
                "",
                meaning="how full recent blocks are",
                evidence="`level`, `gas_used_ratio`, `base_fee_growth`, `blocks`, `next_base_fee`",
                severity_note="info / warning (busy, congested)",
            ),
        },
    ),
    Section(
        "evm.tokens",
        "Tokens and recipients",
        {
            "EVM_TOKEN_TRANSFER": CodeDoc(
                "status",
                "info",
                "",
                meaning=(
                    "an ERC-20 transfer: from the `Transfer` logs of a mined tx (`source: log`), else from "
                    "`transfer`/`transferFrom` input (`source: input`; a failed tx moved nothing)"
                ),
                evidence=(
                    "`token`, `symbol`, `decimals` (null when the token does not answer), `from`, `to`, "
                    "`amount` (base units), `amount_display`, `source`"
                ),
            ),
            "EVM_TOKEN_TO_CONTRACT_ITSELF": CodeDoc(
                "address",
                "error",
                "",
                meaning="tokens sent to the token contract's own address: most likely lost",
                evidence="`token`, `symbol`, `amount`, `recipient`",
                verdict_note=(
                    "failed (by the rule in [contract.md](contract.md#verdicts): no exit-0 verdict beside "
                    "an error)"
                ),
            ),
            "EVM_ADDRESS_IS_TOKEN_CONTRACT": CodeDoc(
                "address",
                "error",
                "",
                meaning=(
                    "the address checked is a main token's own contract (offline table, "
                    "[`txdoctor/core/tokens.py`](#token-contracts)), not a wallet: do not send to it. With "
                    "`--chain`, only that chain's table"
                ),
                evidence="`address`, `symbol`, `chains[]`",
                verdict_note="invalid (by the same rule)",
            ),
            "EVM_RECIPIENT_IS_CONTRACT": CodeDoc(
                "address",
                "info/warning",
                "",
                meaning=(
                    "the recipient of the coins/tokens has code (an EIP-7702 delegated account is not "
                    "counted as a contract)"
                ),
                evidence="`address`, `code_size`, `token_contract`, `kind` (`native`/`token`)",
                severity_note="info; warning when the recipient is itself a token contract",
            ),
        },
    ),
    Section(
        "evm.network",
        "Network",
        {
            "EVM_CHAIN_ID_MISMATCH": CodeDoc(
                "network",
                "error/warning",
                "unreachable/-",
                meaning=("an endpoint's `eth_chainId` is not the chain asked for; its answers were not used"),
                evidence="`chain`, `expected_chain_id`, `reported_chain_ids[]`, `providers[]`",
                severity_note="error (none answered) / warning (a fallback answered)",
                verdict_note="unreachable when none answered",
            ),
            "EVM_CHAIN_ID_UNVERIFIED": CodeDoc(
                "network",
                "info",
                "",
                meaning="the endpoint does not support `eth_chainId`",
                evidence="`chain`",
            ),
        },
    ),
    Section(
        "evm.address",
        "Addresses",
        {
            "EVM_ADDRESS_ACTIVITY": CodeDoc(
                "status",
                "info",
                "",
                meaning=(
                    "one per chain where the address has sent transactions, holds coins or has code: "
                    "account, contract, or EIP-7702 delegated account"
                ),
                evidence=(
                    "`chain`, `nonce` (transactions sent), `balance`, `is_contract`, `code_size`, "
                    "`delegate`, `provider`"
                ),
            ),
            "EVM_ADDRESS_SUMMARY": CodeDoc(
                "network",
                "info",
                "",
                meaning='where it is active and where not ("activity on BNB Smart Chain only")',
                evidence="`active_on[]`, `inactive_on[]`, `unchecked[]`",
            ),
        },
    ),
)
