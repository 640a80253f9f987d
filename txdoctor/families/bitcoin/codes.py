"""The Bitcoin family's finding codes (BTC_*, and an address's activity: ADDR_ACTIVITY,
ADDR_NO_ACTIVITY, ADDR_PENDING_TX): category, severity, verdict and the meaning and
evidence docs/findings.md shows, generated with the catalog's words (``python -m txdoctor.docsgen``)."""

from __future__ import annotations

from txdoctor.core.codedoc import CodeDoc, Section

SECTIONS = (
    Section(
        "bitcoin.tx",
        "Bitcoin transactions",
        {
            "BTC_TX_CONFIRMED": CodeDoc(
                "status",
                "ok",
                "confirmed",
                meaning="in a block",
                evidence=("`confirmations` (tip − height + 1), `block_height`, `block_hash`, `block_time`"),
            ),
            "BTC_TX_UNCONFIRMED": CodeDoc(
                "status",
                "info",
                "pending",
                meaning="in the mempool, waiting",
                evidence="`first_seen` (unix time), `waiting_hours`",
            ),
            "BTC_TX_NOT_FOUND": CodeDoc(
                "status",
                "error",
                "not_found",
                meaning=(
                    "no explorer knows it on this network, after checking the RBF history and a second "
                    "explorer where one exists"
                ),
                evidence="`checked_providers[]`",
            ),
            "BTC_TX_ON_OTHER_NETWORK": CodeDoc(
                "network",
                "error",
                "not_found",
                meaning=(
                    "not on the network asked with `--chain`, but on another Bitcoin network, Litecoin or "
                    "TRON"
                ),
                evidence="`found_on[]`, `checked`",
            ),
            "BTC_TX_REPLACED": CodeDoc(
                "status",
                "error",
                "replaced",
                meaning=(
                    "replaced by fee (RBF); mempool.space answers 404 for a replaced tx, so its RBF "
                    "history is always consulted"
                ),
                evidence="`replaced_by`, `replacement_fee_rate`, `replacement_mined`, `full_rbf`",
            ),
            "BTC_TX_CONFLICT": CodeDoc(
                "status",
                "error",
                "replaced",
                meaning=(
                    "gone from the mempool, and an input was spent by another transaction (double spend)"
                ),
                evidence="`conflicts[]` (`input`, `spent_by`)",
            ),
            "BTC_RAW_TX_DECODED": CodeDoc(
                "status",
                "info",
                "",
                meaning=("the input was a raw transaction (hex); it was decoded and its txid looked up"),
                evidence=(
                    "`txid`, `wtxid`, `vsize`, `segwit`, `rbf`, `fee`, `fee_rate` (fee from the outputs it "
                    "spends, when they can be fetched)"
                ),
            ),
            "BTC_RAW_TX_NOT_BROADCAST": CodeDoc(
                "network",
                "error",
                "not_found",
                meaning=(
                    "the raw transaction is not on the network: never broadcast, or dropped; it can be "
                    "broadcast as it is"
                ),
                evidence="`txid`, `checked_providers[]`",
            ),
            "BTC_RAW_TX_FEE_TOO_LOW": CodeDoc(
                "fee",
                "error",
                "stuck",
                meaning=(
                    "the raw transaction's fee rate is below what nodes accept now: a broadcast would be "
                    "refused (not given when a Core node checked it: see below)"
                ),
                evidence="`fee_rate`, `mempool_min_fee`",
            ),
            "BTC_FEE_OK": CodeDoc(
                "fee",
                "ok",
                "",
                meaning="the fee rate lands in the first six projected blocks",
                evidence=(
                    "`effective_fee_rate`, `projected_block` (0 = next), `eta_blocks`, `eta_minutes`, "
                    "`method` (`projected-blocks`, `fee-levels`, or `mempool-room`: no projected blocks, "
                    "and the whole mempool fits in the next block, so any rate at or above the mempool "
                    "minimum goes in), `next_block_fee` (with `mempool-room`, the mempool minimum)"
                ),
            ),
            "BTC_FEE_TOO_LOW": CodeDoc(
                "fee",
                "warning",
                "stuck",
                meaning='beyond the sixth projected block: "not any time soon"',
                evidence="as `BTC_FEE_OK` (`eta_*` null)",
            ),
            "BTC_FEE_BELOW_MEMPOOL_MIN": CodeDoc(
                "fee",
                "error",
                "stuck",
                meaning="below the mempool minimum fee: nodes drop it (eviction)",
                evidence="`effective_fee_rate`, `mempool_min_fee`",
            ),
            "BTC_FEE_PACKAGE_RATE": CodeDoc(
                "fee",
                "info",
                "",
                meaning="unconfirmed ancestors or descendants (CPFP) change the rate miners see",
                evidence="`fee_rate`, `effective_fee_rate`, `ancestors[]`, `descendants[]`",
            ),
            "BTC_FEE_LEVELS_UNAVAILABLE": CodeDoc(
                "fee",
                "info",
                "",
                meaning="no fee levels could be fetched: the fee was not judged",
                evidence="`errors[]`",
            ),
            "BTC_ACTION_WAIT": CodeDoc(
                "fee",
                "info",
                "",
                meaning="the fee is enough: wait",
                evidence="`eta_minutes`",
            ),
            "BTC_ACTION_RBF": CodeDoc(
                "fee",
                "info",
                "",
                meaning=(
                    "RBF is signalled (an input sequence < 0xfffffffe): bump the fee to the ~30-minute level"
                ),
                evidence="`target`, `target_fee_rate`, `new_fee_rate`, `new_fee`, `extra_cost` (sat)",
            ),
            "BTC_ACTION_CPFP": CodeDoc(
                "fee",
                "info",
                "",
                meaning="no RBF signal: spend an output with a child paying for both",
                evidence=(
                    "`target_fee_rate`, `child_vsize`, `child_fee`, `child_fee_rate`, `package_fee_rate`"
                ),
            ),
            "BTC_CONGESTION": CodeDoc(
                "congestion",
                "info/warning",
                "",
                meaning="how busy the network is (for unconfirmed transactions)",
                evidence=("`level`, `backlog_blocks`, `mempool_vsize`, `mempool_count`, `next_block_fee`"),
            ),
        },
    ),
    Section(
        "bitcoin.node",
        "Your own node (Core JSON-RPC: `core+http://`)",
        {
            "BTC_NODE_NO_TXINDEX": CodeDoc(
                "network",
                "error/info",
                "unreachable/-",
                meaning=(
                    "a node without `-txindex` sees only its mempool and its wallet: a confirmed "
                    'transaction outside them is invisible to it, so "not found" there would be a guess. '
                    "Error when no other provider answered; info when a fallback provider answered"
                ),
                evidence="`nodes[]`, `txindex` (false), `answered_by` (info)",
                verdict_note="unreachable (error)",
            ),
            "BTC_RAW_TX_ACCEPTABLE": CodeDoc(
                "status",
                "ok",
                "",
                meaning=(
                    "the node would accept it now: it can be broadcast as it is (with "
                    "`BTC_RAW_TX_NOT_BROADCAST`)"
                ),
            ),
            "BTC_RAW_TX_MIN_RELAY_FEE": CodeDoc(
                "fee",
                "error",
                "stuck",
                meaning="`min relay fee not met`: the fee is below the node's minimum relay fee",
                evidence="`needed_fee_rate`, `needed_fee`, `extra_fee`",
            ),
            "BTC_RAW_TX_MEMPOOL_MIN_FEE": CodeDoc(
                "fee",
                "error",
                "stuck",
                meaning=(
                    "`mempool min fee not met`: the node's mempool is full and takes only higher rates now"
                ),
                evidence="`needed_fee_rate`, `needed_fee`, `extra_fee`",
            ),
            "BTC_RAW_TX_INPUTS_SPENT": CodeDoc(
                "status",
                "error",
                "replaced",
                meaning=(
                    "an input is already spent by a transaction in the mempool that cannot be replaced "
                    "(`txn-mempool-conflict`), named when found (`gettxspendingprevout`, or a bounded "
                    "mempool scan)"
                ),
                evidence="`inputs[]` (`input`, `outpoint`, `state`, `spent_by`)",
            ),
            "BTC_RAW_TX_INPUTS_MISSING": CodeDoc(
                "status",
                "error",
                "invalid",
                meaning=(
                    "`missing-inputs`: an input spends a coin the node does not have — spent in a block, "
                    "or never existed on this network"
                ),
                evidence="`inputs[]`",
            ),
            "BTC_RAW_TX_REPLACEMENT_FEE": CodeDoc(
                "fee",
                "error",
                "stuck",
                meaning=(
                    "`insufficient fee`: as a replacement it must pay what it replaces (with descendants) "
                    "plus the incremental relay fee for its own size"
                ),
                evidence="`replaces[]`, `needed_fee`, `extra_fee`",
            ),
            "BTC_RAW_TX_NON_FINAL": CodeDoc(
                "status",
                "warning",
                "stuck",
                meaning=(
                    "`non-final` / `non-BIP68-final`: its locktime (block or time) or a relative lock has "
                    "not passed"
                ),
                evidence=(
                    "`locktime`, `tip_height`, `blocks_to_wait` (height locks) or `median_time` (time locks)"
                ),
            ),
            "BTC_RAW_TX_DUST": CodeDoc(
                "status",
                "error",
                "invalid",
                meaning=(
                    "`dust`: an output is worth less than spending it would cost (Core's limit at 3 sat/vB)"
                ),
                evidence="`dust_outputs[]` (`output`, `value`, `dust_limit`)",
            ),
            "BTC_RAW_TX_TOO_LARGE": CodeDoc(
                "status",
                "error",
                "invalid",
                meaning="`tx-size`: over 400,000 weight units, the most nodes relay",
                evidence="`weight`, `max_weight`",
            ),
            "BTC_RAW_TX_NONSTANDARD": CodeDoc(
                "status",
                "error",
                "invalid",
                meaning=(
                    "valid but non-standard (`scriptpubkey`, `bare-multisig`, `multi-op-return`, "
                    "`version`, non-standard scripts…): nodes do not relay it"
                ),
            ),
            "BTC_RAW_TX_FEE_ABSURD": CodeDoc(
                "fee",
                "error",
                "invalid",
                meaning=(
                    "`absurdly-high-fee` / `max-fee-exceeded`: a fee far above any normal rate, almost "
                    "certainly a mistake"
                ),
            ),
            "BTC_RAW_TX_ALREADY_KNOWN": CodeDoc(
                "status",
                "ok",
                "confirmed/pending",
                meaning=(
                    "`txn-already-known` (in the chain) or `txn-already-in-mempool`: nothing to broadcast"
                ),
            ),
            "BTC_RAW_TX_REJECTED": CodeDoc(
                "status",
                "error",
                "invalid",
                meaning=("any other reason (a bad signature, outputs worth more than the inputs…), quoted"),
            ),
        },
    ),
    Section(
        "bitcoin.address",
        "Bitcoin and Litecoin addresses, online",
        {
            "ADDR_ACTIVITY": CodeDoc(
                "status",
                "info",
                "",
                meaning="online: transactions and balance on a network",
                evidence=(
                    "`chain`, `confirmed_tx_count`, `unconfirmed_tx_count`, `confirmed_balance`, "
                    "`unconfirmed_delta` (sat), `provider`"
                ),
            ),
            "ADDR_NO_ACTIVITY": CodeDoc(
                "status",
                "info",
                "",
                meaning="online: no transactions on that network yet",
                evidence="as `ADDR_ACTIVITY`",
            ),
            "ADDR_PENDING_TX": CodeDoc(
                "fee",
                "info/warning",
                "",
                meaning="one of the address's unconfirmed transactions, briefly diagnosed",
                evidence="`txid`, `fee_rate`, `projected_block`, `eta_minutes`",
            ),
        },
    ),
)
