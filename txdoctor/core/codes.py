"""The core's finding codes (input, network, address, watch): category, severity, verdict and
the meaning and evidence docs/findings.md shows. The docs' tables are generated from these rows
and the catalog's words (``python -m txdoctor.docsgen``); a finding whose category, severity or
verdict its row does not allow fails the test session (tests/finding_audit.py)."""

from __future__ import annotations

from txdoctor.core.codedoc import CodeDoc, Section

SECTIONS = (
    Section(
        "core.input",
        "Input and secrets",
        {
            "INPUT_EMPTY": CodeDoc(
                "status",
                "error",
                "invalid",
                meaning="nothing was pasted",
            ),
            "INPUT_TOO_LONG": CodeDoc(
                "status",
                "error",
                "invalid",
                meaning="over 1,000 characters; no ID or address is that long",
            ),
            "INPUT_HIDDEN_CHARACTER": CodeDoc(
                "status",
                "error",
                "invalid",
                meaning=(
                    "an invisible (zero-width, control) or look-alike non-ASCII character; its name, code "
                    "point and position are in the message"
                ),
            ),
            "INPUT_URL": CodeDoc(
                "status",
                "error",
                "invalid",
                meaning="a web link with no transaction ID or address in it",
            ),
            "INPUT_FROM_LINK": CodeDoc(
                "status",
                "info",
                "",
                meaning=(
                    "the ID was taken from an explorer link (`…/tx/<id>`, `…/address/<addr>`, with or "
                    "without `https://`), a payment URI (`bitcoin:`, `litecoin:`, `ethereum:`; an EIP-681 "
                    "token transfer `ethereum:<token>@<chain id>/transfer?address=<recipient>` gives the "
                    "recipient, and `@<chain id>` the EVM chain), quotes, or the first field of a CSV "
                    "line; `input` is the ID checked. A known explorer's link also sets the chain (see "
                    "README, *Inputs*), unless `--chain` is given"
                ),
                evidence=(
                    "`via` (`an explorer link`, `a bitcoin: payment link`, `an ethereum: token transfer "
                    "link`, `quotes`, `the first field of a CSV line`), `taken`, `chain` (the link's "
                    "network, when it names one)"
                ),
            ),
            "INPUT_LIGHTNING": CodeDoc(
                "status",
                "error",
                "invalid",
                meaning="a Lightning invoice or LNURL: not an on-chain transfer",
            ),
            "INPUT_EXTENDED_PUBLIC_KEY": CodeDoc(
                "status",
                "error",
                "invalid",
                meaning=(
                    "an xpub/ypub/zpub/tpub: a wallet's address-deriving key, not an address; not secret, "
                    "but private"
                ),
            ),
            "INPUT_PATH": CodeDoc(
                "status",
                "error",
                "invalid",
                meaning="a file path instead of an ID (use `--file`)",
            ),
            "INPUT_HAS_SPACES": CodeDoc(
                "status",
                "error",
                "invalid",
                meaning="several words; paste one ID or address",
            ),
            "INPUT_BAD_RAW_TX": CodeDoc(
                "status",
                "error",
                "invalid",
                meaning=(
                    "hex shaped like a raw Bitcoin or signed EVM transaction that does not decode "
                    "(truncated, bytes left over, bad fields)"
                ),
            ),
            "INPUT_WRONG_LENGTH": CodeDoc(
                "status",
                "error",
                "invalid",
                meaning=(
                    "hex of the wrong length for a txid (64), an EVM hash (0x+64) or an EVM address (0x+40)"
                ),
            ),
            "INPUT_UNRECOGNISED": CodeDoc(
                "status",
                "error",
                "invalid",
                meaning="neither a transaction ID nor an address txdoctor recognises",
            ),
            "INPUT_UNSUPPORTED": CodeDoc(
                "status",
                "error",
                "invalid",
                meaning=(
                    "a chain txdoctor cannot look transactions up on (also a link to one, e.g. "
                    "blockstream.info/liquid)"
                ),
            ),
            "INPUT_HEX_PREFIX_DROPPED": CodeDoc(
                "status",
                "info",
                "",
                meaning=(
                    "a `0x` hash checked with a Bitcoin-family or TRON `--chain`: the `0x` was dropped and "
                    "the ID looked up on that chain only"
                ),
                evidence="`txid`, `chain`",
            ),
            "INPUT_MAYBE_PRIVATE_KEY": CodeDoc(
                "status",
                "warning",
                "",
                meaning=(
                    "a 64-hex input found on no network: it may be a raw private key rather than a txid "
                    "(not said for an ID taken from an explorer link)"
                ),
            ),
            "INPUT_SECRET": CodeDoc(
                "status",
                "error",
                "refused",
                meaning=(
                    "a WIF private key (also one typo away from one), an extended private key of any "
                    "version (every SLIP-132 `…prv`: xprv yprv zprv Yprv Zprv tprv uprv vprv Uprv Vprv "
                    "Ltpv Mtpv ttpv …, or any BIP32 private serialisation) found anywhere in the input, "
                    "whatever wraps it; or a seed phrase in any BIP39 wordlist (English, Chinese "
                    "simplified/traditional with or without spaces, Japanese, Korean, Spanish, French, "
                    "Italian, Czech, Portuguese; also Russian, Turkish), however separated or numbered: "
                    "refused before any network call, never echoed"
                ),
                evidence=("`secret_kind` (`wif`, `xprv`, `seed_phrase`), `certain` (a checksum proved it)"),
            ),
            "INPUT_SEED_WORDS": CodeDoc(
                "status",
                "error",
                "invalid",
                meaning=(
                    "only words from a BIP39 wordlist (fewer than 12: part of a phrase, or a phrase pasted "
                    "one word per line), or six or more of them in a row among other words: not an input "
                    'txdoctor knows, and never echoed (`input` is `"[redacted]"`); exit 2'
                ),
            ),
        },
    ),
    Section(
        "core.network",
        "Network and providers",
        {
            "NET_UNREACHABLE": CodeDoc(
                "network",
                "error",
                "unreachable",
                meaning=(
                    "no provider for the chain answered usefully (timeout, refused, 429, 5xx, HTML, "
                    "truncated or mis-shaped JSON). Says nothing about the transfer"
                ),
                evidence=(
                    "`chain`, `failures[]` (`provider`, `reason`: "
                    "`unavailable`/`rate_limited`/`bad_response`/`unauthorized` (your node refused the RPC "
                    "credentials; the advice then says to check them), `detail`)"
                ),
            ),
            "NET_LOOKUP_FAILED": CodeDoc(
                "network",
                "warning",
                "",
                meaning=(
                    "a secondary lookup (an address's activity) failed on every provider; the format "
                    "verdict stands"
                ),
                evidence="`chain`, `failures[]`",
            ),
            "NET_PROVIDER_FAILED": CodeDoc(
                "network",
                "warning",
                "",
                meaning="a provider failed and the next one in the list answered",
                evidence="`failures[]`, `answered_by`",
            ),
            "NET_PROVIDERS_DISAGREE": CodeDoc(
                "network",
                "warning",
                "",
                meaning='one explorer said "not found" while another had the transaction',
                evidence="`not_found_by[]`, `found_by`",
            ),
            "INTERNAL_ERROR": CodeDoc(
                "network",
                "error",
                "unreachable",
                meaning=(
                    "txdoctor itself failed on this input (a bug); with many inputs the others are unaffected"
                ),
                evidence="`error` (the exception's type)",
            ),
            "NET_TIP_MISMATCH": CodeDoc(
                "network",
                "warning",
                "",
                meaning=(
                    "for a confirmed transaction: the explorers' latest blocks are more than one block "
                    "apart, so their confirmation counts differ (every configured provider's tip is asked "
                    "once per run, the others within 2 s)"
                ),
                evidence="`tips` (provider → height), `confirmations_by_provider`, `spread_blocks`",
            ),
            "NET_OFFLINE": CodeDoc(
                "network",
                "info",
                "",
                meaning=(
                    "`--offline`: checked for format only. For a txid or raw transaction it says what was "
                    "not checked (whether it exists or was broadcast, on which network, its status); the "
                    "result names no chain unless `--chain` or a link gave one"
                ),
                evidence="`checked` (`format`), `not_checked` (for a txid or raw transaction)",
            ),
            "NET_NOT_FOUND_CAUSE": CodeDoc(
                "network",
                "warning",
                "",
                meaning=(
                    "carried by **every** `not_found` of every family (Bitcoin, Litecoin, EVM, TRON), "
                    "exactly once: the likely cause and where txdoctor looked. `cause`: `never_broadcast` "
                    "(no network searched knows it), `dropped_or_expired` (it existed — seen pending "
                    "earlier, or a TRON transaction that expired — but is gone), `other_network` (the "
                    "chain asked does not have it, another one does)"
                ),
                evidence=(
                    "`cause`, `searched[]` (networks that answered), `unreachable[]` (networks that could "
                    "not be asked), `found_on[]`; `narrowed: true` only when the user's own provider URLs "
                    "(`--url`, `TXDOCTOR_URL_*`) kept networks that are otherwise searched from being "
                    "asked — the message then says only the listed networks were searched and it may be on "
                    "another network or public explorer (a `never_broadcast` is less certain)"
                ),
            ),
            "NET_SEARCH_INCOMPLETE": CodeDoc(
                "network",
                "info",
                "",
                meaning=(
                    "a bare txid was found on one network while others could not be asked (e.g. mainnet "
                    "unreachable, testnet found it): the network that has it decides"
                ),
                evidence="`unreachable[]`, `failures[]`",
            ),
            "NET_FOUND_ELSEWHERE": CodeDoc(
                "network",
                "warning",
                "",
                meaning=(
                    "the chain asked (`--chain` or a link) could not be reached, but another network "
                    "searched knows the transaction; the verdict stays `unreachable`"
                ),
                evidence="`chain`, `found_on[]`",
            ),
            # The bare-txid search's conclusion, whichever family's network has it (Bitcoin's
            # test networks, Litecoin, TRON): built by the core (checks/common.network_inferred).
            "BTC_TX_NETWORK_INFERRED": CodeDoc(
                "network",
                "warning",
                "",
                meaning=(
                    "no `--chain` was given and the txid is not on Bitcoin mainnet but on a test network, "
                    "Litecoin or TRON: the diagnosis is about that chain"
                ),
                evidence="`chain`",
            ),
        },
    ),
    Section(
        "core.watch",
        "`watch`",
        {
            "WATCH_TIMED_OUT": CodeDoc(
                "status",
                "warning",
                "",
                meaning=(
                    "`watch` gave up at `--max-wait` before its goal (the confirmations asked for, or a "
                    "final state); added to the last result, exit 4"
                ),
                evidence="`max_wait_s`, `confirmations` (reached), `confirmations_wanted`",
            ),
        },
    ),
    Section(
        "core.address",
        "Addresses",
        {
            "ADDR_VALID": CodeDoc(
                "address",
                "ok",
                "valid",
                meaning="the address passes every check",
                evidence="`type`, `network`, `encoding`, `chains[]`",
            ),
            "ADDR_INVALID": CodeDoc(
                "address",
                "error",
                "invalid",
                meaning=(
                    "checksum, encoding or length wrong; bech32 typos come with the likely positions and a "
                    "correction; or encoded right but unspendable: a Taproot (`bc1p…`) output key that is "
                    "not an x-coordinate on secp256k1 (`error_code` `TAPROOT_KEY_NOT_ON_CURVE`: x ≥ p, or "
                    "x³ + 7 not a square mod p)"
                ),
                evidence=("`error_code`, `network`, `encoding`, `error_locations[]` (0-based), `suggestion`"),
            ),
            "ADDR_WRONG_NETWORK": CodeDoc(
                "network",
                "error",
                "invalid",
                meaning=(
                    "valid, but for another network of the same family than `--chain` (testnet vs mainnet)"
                ),
                evidence="`type`, `network`, `chains[]`, `asked_chain`",
            ),
            "ADDR_OTHER_CHAIN": CodeDoc(
                "address",
                "error/warning",
                "invalid/valid",
                meaning=(
                    'an address of another chain family ("this is an Ethereum address"); an error with a '
                    "`--chain` it cannot belong to, a warning for chains txdoctor does not look up"
                ),
                evidence="`type`, `network`, `chains[]`, `asked_chain`",
            ),
            "ADDR_NO_CHECKSUM": CodeDoc(
                "address",
                "info",
                "",
                meaning=(
                    "an all-lower/upper EVM address: valid, but without the EIP-55 checksum a typo goes "
                    "unnoticed"
                ),
                evidence="`checksummed`",
            ),
            "ADDR_BURN": CodeDoc(
                "address",
                "error",
                "invalid",
                meaning=(
                    "a burn address: the encoding is valid but nobody holds its key, so anything sent "
                    "there is lost — a payload of all zeros (EVM `0x000…000`, TRON "
                    "`T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb`, Bitcoin `1111111111111111111114oLvT2`, …) or a "
                    "well-known one (`0x…dEaD`, `1BitcoinEaterAddressDontSendf59kuE`)"
                ),
                evidence="`address`, `reason` (`zero` or `known`)",
            ),
        },
    ),
)
