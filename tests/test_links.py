"""What agents paste around an ID (issue 8 item 2): explorer links set the chain; quotes; CSV lines."""

from __future__ import annotations

import json

import pytest
import respx
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.cli_runner import CliRunner
from tests.esplora_mock import MEMPOOL, Explorer, docs_sample, mount_fallthrough, quiet_state
from tests.findings_helpers import codes, finding
from txdoctor.api import diagnose
from txdoctor.cli import app
from txdoctor.core.classify import classify
from txdoctor.core.links import Link, parse_link
from txdoctor.model import Kind, Verdict

TXID = "ab" * 32
TESTNET_API = "https://mempool.space/testnet/api"
HASH = "0x" + "cd" * 32
BTC_ADDR = "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"
TB_ADDR = "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx"
LTC_ADDR = "ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9"
TRON_ADDR = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"
EVM_ADDR = "0xdAC17F958D2ee523a2206206994597C13D831ec7"
WIF = "5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ"  # the well-known example key

# (link, the ID it carries, the chain it names)
LINKS = [
    (f"https://mempool.space/tx/{TXID}", TXID, "btc"),
    (f"https://mempool.space/testnet/tx/{TXID}", TXID, "btc-testnet"),
    (f"https://mempool.space/testnet4/tx/{TXID}", TXID, "btc-testnet4"),
    (f"https://mempool.space/signet/tx/{TXID}", TXID, "btc-signet"),
    (f"https://mempool.space/testnet/address/{TB_ADDR}", TB_ADDR, "btc-testnet"),
    (f"https://blockstream.info/tx/{TXID}?expand", TXID, "btc"),
    (f"https://blockstream.info/testnet/tx/{TXID}", TXID, "btc-testnet"),
    (f"https://litecoinspace.org/tx/{TXID}", TXID, "ltc"),
    (f"https://litecoinspace.org/address/{LTC_ADDR}", LTC_ADDR, "ltc"),
    (f"https://tronscan.org/#/transaction/{TXID}", TXID, "tron"),
    (f"https://tronscan.org/#/address/{TRON_ADDR}", TRON_ADDR, "tron"),
    (f"https://nile.tronscan.org/#/transaction/{TXID}", TXID, "tron-nile"),
    (f"https://shasta.tronscan.org/#/transaction/{TXID}", TXID, "tron-shasta"),
    (f"https://etherscan.io/tx/{HASH}", HASH, "eth"),
    (f"https://etherscan.io/address/{EVM_ADDR}", EVM_ADDR, "eth"),
    (f"https://sepolia.etherscan.io/tx/{HASH}", HASH, "eth-sepolia"),
    (f"https://bscscan.com/tx/{HASH}", HASH, "bsc"),
    (f"https://polygonscan.com/tx/{HASH}", HASH, "polygon"),
    (f"https://arbiscan.io/tx/{HASH}", HASH, "arbitrum"),
    (f"https://optimistic.etherscan.io/tx/{HASH}", HASH, "optimism"),
    (f"https://basescan.org/tx/{HASH}#eventlog", HASH, "base"),
    (f"https://blockchair.com/bitcoin/transaction/{TXID}", TXID, "btc"),
    (f"https://blockchair.com/bitcoin/testnet/transaction/{TXID}", TXID, "btc-testnet"),
    (f"https://blockchair.com/bitcoin/address/{BTC_ADDR}", BTC_ADDR, "btc"),
    (f"https://blockchair.com/ethereum/transaction/{HASH}", HASH, "eth"),
    (f"https://blockchair.com/litecoin/transaction/{TXID}", TXID, "ltc"),
    (f"https://www.blockchain.com/explorer/transactions/btc/{TXID}", TXID, "btc"),
    (f"https://www.blockchain.com/explorer/addresses/btc/{BTC_ADDR}", BTC_ADDR, "btc"),
    (f"https://www.blockchain.com/explorer/transactions/eth/{HASH}", HASH, "eth"),
    (f"https://www.blockchain.com/btc-testnet/tx/{TXID}", TXID, "btc-testnet"),
    (f"https://www.oklink.com/btc/tx/{TXID}", TXID, "btc"),
    (f"https://www.oklink.com/en/eth/tx/{HASH}", HASH, "eth"),
    (f"https://www.oklink.com/trx/tx/{TXID}", TXID, "tron"),
    (f"https://www.oklink.com/bsc/address/{EVM_ADDR}", EVM_ADDR, "bsc"),
]


@pytest.mark.parametrize(("link", "ident", "chain"), LINKS)
def test_an_explorer_link_sets_the_chain(link: str, ident: str, chain: str) -> None:
    for text in (link, link.split("://", 1)[1], link.split("://", 1)[1].removeprefix("www.")):
        c = classify(text)
        assert c.kind in (Kind.TXID, Kind.ADDRESS), text
        assert (c.text.lower(), c.link_chain, c.via) == (ident.lower(), chain, "an explorer link"), text


def test_an_unknown_explorer_still_gives_the_id_without_a_chain() -> None:
    c = classify(f"https://explorer.example.org/tx/{TXID}")
    assert (c.kind, c.text, c.link_chain) == (Kind.TXID, TXID, None)


def test_a_link_to_an_unsupported_network_says_so() -> None:
    c = classify(f"https://blockstream.info/liquid/tx/{TXID}")
    assert (c.kind, c.problem_code) == (Kind.UNKNOWN, "INPUT_UNSUPPORTED")
    assert "Liquid" in (c.problem or "")


@pytest.mark.parametrize(
    ("text", "via"),
    [
        (f'"{TXID}"', "quotes"),
        (f"'{TXID}'", "quotes"),
        (f"\u201c{TXID}\u201d", "quotes"),
        (f"`{TXID}`", "quotes"),
        (f"{TXID},0.015,BTC,2024-05-01", "the first field of a CSV line"),
        (f'"{TXID}";"0,015";"BTC"', "the first field of a CSV line"),
        (f"{TXID}\t0.015\tBTC", "the first field of a CSV line"),
        (f"{TXID}, 0.015 BTC, paid", "the first field of a CSV line"),
    ],
)
def test_an_id_in_quotes_or_a_csv_line(text: str, via: str) -> None:
    c = classify(text)
    assert (c.kind, c.text, c.via) == (Kind.TXID, TXID, via)


@pytest.mark.parametrize("text", [f'"{WIF}"', f"{TXID},{WIF}", f"{WIF},{TXID}", f"'https://x.org/tx/{WIF}'"])
def test_a_key_in_quotes_or_any_csv_field_is_refused(text: str) -> None:
    c = classify(text)
    assert (c.kind, c.text) == (Kind.SECRET, "[redacted]")


def test_offline_json_names_the_links_network() -> None:
    """Regression: `check https://mempool.space/testnet/tx/<id> --offline --json` said "chain":"btc"."""
    result = CliRunner().invoke(app, ["check", f"mempool.space/testnet/tx/{TXID}", "--offline", "--json"])
    data = json.loads(result.stdout)
    assert (result.exit_code, data["chain"], data["verdict"], data["input"]) == (
        0,
        "btc-testnet",
        "valid",
        TXID,
    )
    note = next(f for f in data["findings"] if f["code"] == "INPUT_FROM_LINK")
    assert note["evidence"] == {"via": "an explorer link", "taken": TXID, "chain": "btc-testnet"}


def test_a_testnet_link_is_looked_up_on_testnet(router: respx.Router) -> None:
    """Regression: a testnet link was looked up on mainnet, which advised sending it again."""
    sample = docs_sample("get-transaction", "Testnet")["response"]  # a real testnet3 tx
    test = Explorer(router, TESTNET_API)
    test.state(quiet_state(), 2091200)
    test.tx(sample)
    mount_fallthrough(router)
    d = diagnose(f"https://mempool.space/testnet/tx/{sample['txid']}")
    assert (d.verdict, d.chain) == (Verdict.CONFIRMED, "btc-testnet")
    assert d.facts["confirmations"] == 2091200 - 2091199 + 1
    assert finding(d, "INPUT_FROM_LINK").evidence["chain"] == "btc-testnet"
    assert "BTC_TX_NETWORK_INFERRED" not in codes(d)
    assert d.facts["provider"] == TESTNET_API  # the answer is testnet's, asked first and in full


def test_no_private_key_warning_for_an_id_from_an_explorer_link(router: respx.Router) -> None:
    Explorer(router, MEMPOOL).state(quiet_state(), 890448)
    mount_fallthrough(router)
    d = diagnose(f"https://mempool.space/tx/{TXID}")
    assert d.verdict is Verdict.NOT_FOUND
    assert "INPUT_MAYBE_PRIVATE_KEY" not in codes(d)
    bare = diagnose(TXID)
    assert "INPUT_MAYBE_PRIVATE_KEY" in codes(bare)  # the warning stays for a bare 64-hex input


# ----------------------------------------------------------------- properties

_hex64 = st.text(alphabet="0123456789abcdef", min_size=64, max_size=64)
_templates = st.sampled_from(
    [(link.replace(TXID, "{id}"), chain) for link, ident, chain in LINKS if ident == TXID]
)


@settings(max_examples=150, deadline=None)
@given(
    _templates,
    _hex64,
    st.sampled_from(["https://", "http://", ""]),
    st.sampled_from(["", "/", "?x=1", "#top"]),
)
def test_every_known_link_round_trips(template: tuple[str, str], ident: str, scheme: str, tail: str) -> None:
    link_t, chain = template
    link = link_t.format(id=ident).split("://", 1)[1]
    text = scheme + link + ("" if "#/" in link and tail.startswith("#") else tail)
    found = parse_link(text)
    assert found is not None and (found.id, found.chain) == (ident, chain), text


_urlish = st.one_of(
    st.text(max_size=200),
    st.builds(
        "".join,
        st.lists(
            st.sampled_from(
                [
                    "https://",
                    "www.",
                    "mempool.space",
                    "tronscan.org",
                    "blockchair.com",
                    "/",
                    "#/",
                    "tx",
                    "testnet",
                    "transaction",
                    "address",
                    "bitcoin",
                    "?",
                    "=",
                    "%2F",
                    ".",
                    TXID,
                    "0x",
                    "explorer",
                    "transactions",
                ]
            ),
            max_size=12,
        ),
    ),
)


@settings(max_examples=300, deadline=None)
@given(_urlish)
def test_the_link_parser_never_raises_and_takes_ids_from_the_text(text: str) -> None:
    found = parse_link(text)
    assert found is None or isinstance(found, Link)
    if found is not None:
        assert found.id in text or found.id in text.replace("%2F", "/")
        assert found.chain is None or found.unsupported is None
    classify(text)  # never raises either


RECIPIENT = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"


@pytest.mark.parametrize(
    ("uri", "chain", "via"),
    [
        # EIP-681 token transfer: the target is the token's contract, the recipient is address=
        (
            f"ethereum:0xdAC17F958D2ee523a2206206994597C13D831ec7@1/transfer?address={RECIPIENT}&uint256=1000000",
            "eth",
            "an ethereum: token transfer link",
        ),
        (
            f"ethereum:0x55d398326f99059fF775485246999027B3197955@56/transfer?uint256=1&address={RECIPIENT}",
            "bsc",
            "an ethereum: token transfer link",
        ),
        (f"ethereum:{RECIPIENT}@137?value=1e18", "polygon", "an ethereum: payment link"),
        (f"ethereum:{RECIPIENT}", None, "an ethereum: payment link"),
    ],
)
def test_an_eip681_uri_checks_the_recipient_on_the_chain_it_names(
    uri: str, chain: str | None, via: str
) -> None:
    """A USDT payment request was checked as the USDT contract (the URI's target), on no chain."""
    data = json.loads(CliRunner().invoke(app, ["check", uri, "--offline", "--json"]).stdout)
    assert (data["input"], data["chain"], data["verdict"]) == (RECIPIENT, chain, "valid")
    (link,) = [f for f in data["findings"] if f["code"] == "INPUT_FROM_LINK"]
    assert link["evidence"]["via"] == via
