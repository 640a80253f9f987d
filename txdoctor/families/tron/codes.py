"""The TRON family's finding codes (TRON_*): category, severity, verdict and the meaning and
evidence docs/tron.md shows, generated with the catalog's words (``python -m txdoctor.docsgen``)."""

from __future__ import annotations

from txdoctor.core.codedoc import CodeDoc, Section

SECTIONS = (
    Section(
        "tron.findings",
        "Findings",
        {
            "TRON_TX_SUCCESS": CodeDoc(
                "status",
                "ok",
                "confirmed",
                meaning=(
                    "in a block, executed successfully (receipt `SUCCESS`, or no result at all, as for "
                    "plain TRX transfers)"
                ),
                evidence=(
                    "`block`, `tip_height`, `confirmations` (tip − block + 1), `solidified`, `result`, "
                    "`fee_sun`, `fee_trx`, `energy_usage_total`, `energy_fee_sun`, `net_usage`, "
                    "`net_fee_sun`"
                ),
            ),
            "TRON_TX_PENDING": CodeDoc(
                "status",
                "info",
                "pending",
                meaning=(
                    "known to the node, not in a block yet (expires about a minute after signing if never "
                    "included)"
                ),
                evidence="`txid`, `contract_ret`",
            ),
            "TRON_TX_NOT_FOUND": CodeDoc(
                "status",
                "error",
                "not_found",
                meaning=(
                    "no endpoint knows it (`{}`): never broadcast, expired, or on another network or chain"
                ),
                evidence="`txid`, `chain`, `provider`",
            ),
            "TRON_TX_ON_OTHER_NETWORK": CodeDoc(
                "network",
                "error",
                "not_found",
                meaning=(
                    "not on the TRON network asked (`--chain` or a tronscan link), but on another one "
                    "(mainnet, Nile, Shasta: all are searched at the same time); with "
                    "`NET_NOT_FOUND_CAUSE` `cause: other_network`"
                ),
                evidence="`found_on[]`, `checked`",
            ),
            "TRON_TX_FAILED": CodeDoc(
                "status",
                "error",
                "failed",
                meaning=(
                    "in a block but failed (`receipt.result` / `contractRet` is `REVERT`, `OUT_OF_ENERGY`, "
                    "`OUT_OF_TIME`, `TRANSFER_FAILED`, …): nothing moved, the fee was still burned"
                ),
                evidence="as `TRON_TX_SUCCESS` + `message` (decoded `resMessage`)",
            ),
            "TRON_OUT_OF_ENERGY": CodeDoc(
                "fee",
                "error",
                "failed",
                meaning=(
                    "failed for lack of energy, and which limit was hit (see [Which energy "
                    "limit](#which-energy-limit)): `fee_limit` → raise the fee limit to at least the TRX "
                    "named; `account` → top up TRX or stake/rent the energy named"
                ),
                evidence=(
                    "`fee_trx`, `energy_usage_total`, `energy_fee_sun`, `fee_limit_sun`, `limited_by` "
                    "(`fee_limit`, `account`, `unknown`), `energy_limit` (`curInvokeEnergyLimit`), "
                    "`energy_staked_used` (receipt `energy_usage`), `energy_penalty_total`, "
                    "`energy_price_sun` (charged: `energy_fee` / energy bought), `energy_price_now_sun` "
                    "(`getEnergyFee`), `fee_limit_energy` (fee_limit / price), `energy_needed` (estimate), "
                    "`operation` (the opcode that ran out), `sender_balance_sun`, `sender_energy_left` "
                    "(now)"
                ),
            ),
            "TRON_REVERT_REASON": CodeDoc(
                "status",
                "error",
                "",
                meaning=(
                    "a REVERT's own reason, decoded from `contractResult[0]`: `Error(string)`, "
                    "`Panic(uint256)` (Solidity's panic codes) or a custom error's selector"
                ),
                evidence="`kind` (`error`, `panic`, `custom`), `reason`, `selector`, `panic_code`",
            ),
            "TRON_RECIPIENT_NEW_HOLDER": CodeDoc(
                "fee",
                "info",
                "",
                meaning=(
                    "the recipient held none of the token: the transfer writes a new storage slot, about "
                    "twice the energy (not account activation). Known from `balanceOf` = 0 (failed or "
                    "pending), from a confirmed USDT transfer's base energy (total − penalty ≥ 25,000), or "
                    "from an SSTORE of 20,000 in the node message"
                ),
                evidence=(
                    "`recipient`, `token`, `symbol`, `source` (`balanceOf`, `energy`, `sstore`), "
                    "`recipient_balance`"
                ),
            ),
            "TRON_ENERGY_PENALTY": CodeDoc(
                "fee",
                "info",
                "",
                meaning=(
                    "part of the energy was the dynamic-energy surcharge of a busy contract "
                    "(`energy_penalty_total`)"
                ),
                evidence="`energy_penalty_total`, `energy_usage_total`, `penalty_share_pct`",
            ),
            "TRON_USDT_BLACKLISTED": CodeDoc(
                "address",
                "error",
                "",
                meaning=(
                    "`isBlackListed(address)` on the USDT contract is true: Tether froze the address; no "
                    "wallet can move its USDT, only Tether can act"
                ),
                evidence="`address`, `role` (`sender`, `recipient`, `address`), `token`",
            ),
            "TRON_PERMISSION_FOREIGN": CodeDoc(
                "security",
                "error",
                "",
                meaning=(
                    "an owner or active permission whose threshold the account's own key cannot meet (its "
                    'key absent, or too light): another key controls the account (the "被多签" scam)'
                ),
                evidence=(
                    "`address`, `role` (`address`, `sender`), `permission` (`owner`, `active`), `name`, "
                    "`threshold`, `own_weight`, `keys` (up to 8)"
                ),
            ),
            "TRON_NO_BANDWIDTH": CodeDoc(
                "fee",
                "warning",
                "",
                meaning=(
                    "an activated account (the address checked, or the sender of a failed or pending "
                    "transaction) with less bandwidth left than a transfer needs (~268 bytes) and too "
                    "little TRX to burn for it"
                ),
                evidence=(
                    "`address`, `bandwidth_left`, `balance_sun`, `bandwidth_needed`, `bandwidth_price_sun`"
                ),
            ),
            "TRON_ACCOUNT_ACTIVATED": CodeDoc(
                "fee",
                "info",
                "",
                meaning=(
                    "a successful TRX transfer whose fee holds the 1 TRX account-creation fee (fee − "
                    "net_fee − energy_fee ≥ 1 TRX): it activated the recipient"
                ),
                evidence="`recipient`, `creation_fee_sun`",
            ),
            "TRON_FEE_BURNED": CodeDoc(
                "fee",
                "info",
                "",
                meaning="a successful transaction burned TRX for energy/bandwidth",
                evidence=(
                    "`fee_sun`, `fee_trx`, `energy_usage_total`, `energy_fee_sun`, `net_usage`, `net_fee_sun`"
                ),
            ),
            "TRON_TOKEN_TRANSFER": CodeDoc(
                "status",
                "info",
                "",
                meaning=(
                    "a TRC20 `transfer(address,uint256)` (`a9059cbb`) decoded from the call data; the "
                    "token named from the offline table (below) or from its `symbol()`/`decimals()`"
                ),
                evidence=(
                    "`token`, `symbol`, `decimals`, `amount` (base units, string), `from`, `recipient`"
                ),
            ),
            "TRON_TOKEN_TO_CONTRACT_ITSELF": CodeDoc(
                "address",
                "error",
                "",
                meaning="the tokens were sent to the token contract's own address: most likely lost",
                evidence="`token`, `symbol`, `amount`, `recipient`",
                verdict_note=(
                    "failed (no exit-0 verdict beside an error: [contract.md](contract.md#verdicts))"
                ),
            ),
            "TRON_TRX_TRANSFER": CodeDoc(
                "status",
                "info",
                "",
                meaning="a TRX transfer (`TransferContract`)",
                evidence="`amount_sun`, `amount_trx`, `from`, `recipient`",
            ),
            "TRON_TRC10_TRANSFER": CodeDoc(
                "status",
                "info",
                "",
                meaning="a TRC10 token transfer (`TransferAssetContract`; not USDT)",
                evidence="`asset`, `amount`, `from`, `recipient`",
            ),
            "TRON_OTHER_TX": CodeDoc(
                "status",
                "info",
                "",
                meaning="another contract type (staking, voting, other contract calls): not decoded",
                evidence="`contract_type`, `contract`, `from`",
            ),
            "TRON_ADDRESS_ACTIVITY": CodeDoc(
                "status",
                "info",
                "",
                meaning="an activated account and its TRX balance",
                evidence=(
                    "`address`, `activated`, `balance_sun`, `balance_trx`, `is_contract`, `create_time`, "
                    "`provider`"
                ),
            ),
            "TRON_ADDRESS_NOT_ACTIVATED": CodeDoc(
                "address",
                "warning",
                "",
                meaning=(
                    "the address never received TRX (`getaccount` answers `{}`): a USDT transfer to it "
                    "still works (a first one to an address without USDT needs about twice the energy: a "
                    "new storage slot, not activation); TRX sent to it pays the 1 TRX account-creation "
                    "fee; the owner needs TRX to move funds on"
                ),
                evidence="`address`, `activated`, `provider`",
            ),
            "TRON_ADDRESS_IS_TOKEN_CONTRACT": CodeDoc(
                "address",
                "error",
                "",
                meaning=(
                    "the address is a known token contract (the offline table; on mainnet only), not a "
                    "wallet: do not send to it"
                ),
                evidence="`address`, `symbol`",
                verdict_note="invalid (same rule)",
            ),
        },
    ),
)
