"""Input-side fuzz suite (issue 8, "Done when"): random and mutated inputs, and secrets in
every wordlist and wrapping, through the whole command line.

For every input, in text and in JSON: no traceback, the exit code the contract gives the
verdict (docs/contract.md), JSON that parses strictly (no NaN/Infinity) and validates
against docs/schema.json, UTF-8-encodable output, no exit-0 verdict beside an error
finding. For every secret: refused, nothing of it in stdout or stderr, and no request
made (a catch-all transport that records any request). Example counts are bounded so
the suite stays fast; hypothesis shrinks any failure to a small reproduction.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import respx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mnemonic import Mnemonic

from tests.cli_runner import CliRunner, Result
from tests.test_secret_wrappings import WRAPPINGS
from txdoctor.addresses.base58 import b58check_encode
from txdoctor.addresses.bech32 import Encoding, bech32_encode, convertbits
from txdoctor.cli import app
from txdoctor.core.secrets import XPRV_VERSIONS
from txdoctor.core.seedwords import LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "docs" / "schema.json").read_text())
FIXTURES = ROOT / "tests" / "fixtures" / "raw-tx"
runner = CliRunner()
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ----------------------------------------------------------------- the contract


def _strict_json(text: str) -> dict[str, Any]:
    def refuse(name: str) -> None:
        raise AssertionError(f"JSON holds {name}")

    data = json.loads(text, parse_constant=refuse)
    assert isinstance(data, dict)
    return data


def _expected_exit(data: dict[str, Any]) -> int:
    verdict = data["verdict"]
    if verdict in ("confirmed", "pending", "valid"):
        return 0
    if verdict == "unreachable":
        return 3
    if data["kind"] == "unknown" and verdict == "invalid":
        return 2
    return 1


def _check_result(result: Result, json_out: bool) -> dict[str, Any] | None:
    assert result.exception is None, repr(result.exception)
    assert "Traceback" not in result.stderr
    result.stdout.encode("utf-8")  # strict: no lone surrogates
    result.stderr.encode("utf-8")
    if not json_out:
        assert result.exit_code in (0, 1, 2, 3)
        return None
    data = _strict_json(result.stdout)
    jsonschema.validate(data, SCHEMA)
    assert result.exit_code == _expected_exit(data), data
    if result.exit_code == 0:
        assert all(f["severity"] != "error" for f in data["findings"]), data
    return data


def _run_offline(text: str) -> None:
    if text == "-":
        text = "--"  # "-" alone means standard input
    outcomes = []
    for json_out in (True, False):
        args = ["check", "--offline", *(["--json"] if json_out else []), "--", text]
        result = runner.invoke(app, args)
        data = _check_result(result, json_out)
        if data is not None:  # offline: nothing to be unreachable, and never a crash
            assert data["verdict"] != "unreachable", data
            assert "INTERNAL_ERROR" not in [f["code"] for f in data["findings"]], data
        outcomes.append(result.exit_code)
    assert outcomes[0] == outcomes[1]  # text and JSON agree


# ----------------------------------------------------------------- seeds to mutate

_BTC = json.loads((FIXTURES / "btc_mainnet_raw_txs_verified.json").read_text())["txs"]
_EVM = json.loads((FIXTURES / "eth_signed_raw_txs.json").read_text())["txs"]
SEEDS = [
    "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
    "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
    "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
    "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
    "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx",
    "ltc1qg82w7mfsvz8g5g5q8d0k3tpq8l7f7jexkcscvx",
    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
    "f4184fc596403b9d638783cf57adfe4c75c605f6356fbc91338530e9831e9e16",
    "0x" + "ab" * 32,
    "bitcoin:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa?amount=0.1&label=x",
    "ethereum:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed@56",
    "https://mempool.space/tx/f4184fc596403b9d638783cf57adfe4c75c605f6356fbc91338530e9831e9e16",
    "https://etherscan.io/address/0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    "lnbc1pvjluezpp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypq",
    _BTC[0]["hex"],
    _EVM[0]["raw"],
]
_ODD = [
    "\x00",
    "\x1b[2J",
    "\x1b[32mCONFIRMED\x1b[0m",
    "\u202e",
    "\u2066",
    "\u200b",
    "\ufeff",
    "\r",
    "\n",
    "\t",
    "\u00a0",
    "\u0430",  # Cyrillic a
    "O",
    "0",
    "l",
    "I",
    "\ufffd",
    "'",
    '"',
    "%",
    "/",
    "#",
]


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 4))):
        pos = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["insert", "delete", "replace", "truncate", "double", "case", "wrap"]))
        char = draw(st.one_of(st.sampled_from(_ODD), st.characters(), st.sampled_from("0123456789abcdefxX")))
        if op == "insert":
            text = text[:pos] + char + text[pos:]
        elif op == "delete":
            text = text[:pos] + text[pos + 1 :]
        elif op == "replace":
            text = text[:pos] + char + text[pos + 1 :]
        elif op == "truncate":
            text = text[:pos]
        elif op == "double":
            text = text + text[pos:]
        elif op == "case":
            text = text.upper() if pos % 2 else text.lower()
        else:
            text = char + text + char
    return text


@FUZZ
@given(mutated())
def test_mutated_inputs(text: str) -> None:
    _run_offline(text)


@FUZZ
@given(st.text(max_size=300))
def test_random_unicode(text: str) -> None:
    _run_offline(text)


@FUZZ
@given(st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=200))
def test_random_ascii_with_control_characters(text: str) -> None:
    _run_offline(text)


def _rlp_item(data: bytes) -> bytes:
    if len(data) == 1 and data[0] < 0x80:
        return data
    return _rlp_prefix(len(data), 0x80) + data


def _rlp_prefix(length: int, offset: int) -> bytes:
    if length < 56:
        return bytes([offset + length])
    size = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes([offset + 55 + len(size)]) + size


RLP_BYTES = 200
rlp_values = st.recursive(
    st.binary(max_size=RLP_BYTES).map(_rlp_item),
    lambda inner: st.lists(inner, max_size=12).map(
        lambda xs: _rlp_prefix(len(b"".join(xs)), 0xC0) + b"".join(xs)
    ),
    max_leaves=30,
)


@FUZZ
@given(st.sampled_from([b"", b"\x01", b"\x02", b"\x03", b"\x04"]), rlp_values)
def test_random_rlp_transactions(prefix: bytes, body: bytes) -> None:
    _run_offline("0x" + (prefix + body).hex())


def _rlp_list(items: list[bytes]) -> bytes:
    body = b"".join(items)
    return _rlp_prefix(len(body), 0xC0) + body


# Quantities of any size: over 32 bytes an RLP integer is invalid input, never a crash.
ints = st.one_of(st.integers(0, 2**64), st.integers(0, 2**256 - 1), st.integers(0, 2**1600)).map(
    lambda n: _rlp_item(n.to_bytes((n.bit_length() + 7) // 8, "big"))
)


@st.composite
def shaped_evm_transactions(draw: st.DrawFn) -> str:
    """Transactions with the right fields and hostile values (quantities of any size)."""
    to = _rlp_item(draw(st.binary(min_size=20, max_size=20)))
    data = _rlp_item(draw(st.binary(max_size=64)))
    sig = [draw(ints), draw(ints), draw(ints)]
    if draw(st.booleans()):  # legacy: nonce, gasPrice, gas, to, value, data, v, r, s
        fields = [draw(ints), draw(ints), draw(ints), to, draw(ints), data, *sig]
        return "0x" + _rlp_list(fields).hex()
    # EIP-1559: chainId, nonce, tip, maxFee, gas, to, value, data, accessList, yParity, r, s
    fields = [draw(ints), draw(ints), draw(ints), draw(ints), draw(ints), to, draw(ints), data, _rlp_list([])]
    return "0x02" + _rlp_list([*fields, *sig]).hex()


@FUZZ
@given(shaped_evm_transactions())
def test_evm_transactions_with_hostile_quantities(text: str) -> None:
    _run_offline(text)


@FUZZ
@given(st.binary(min_size=10, max_size=600))
def test_random_raw_bitcoin_transactions(data: bytes) -> None:
    # Starts like a transaction (version 1 or 2, optional segwit marker), then anything.
    _run_offline("02000000" + ("0001" if data[0] & 1 else "") + data.hex())


@FUZZ
@given(
    st.sampled_from(["bc", "tb", "bcrt", "ltc", "tltc"]),
    st.integers(0, 16),
    st.binary(min_size=2, max_size=40),
)
def test_random_segwit_addresses(hrp: str, version: int, program: bytes) -> None:
    # Any version and length, valid or not, with either checksum.
    data = [version, *(convertbits(program, 8, 5, True) or [])]
    for encoding in Encoding:
        _run_offline(bech32_encode(hrp, data, encoding))


# ----------------------------------------------------------------- secrets


def _wif(key: bytes, version: int, compressed: bool) -> str:
    return b58check_encode(bytes([version]) + key + (b"\x01" if compressed else b""))


keys = st.binary(min_size=32, max_size=32).filter(lambda k: any(k))


@st.composite
def private_keys(draw: st.DrawFn) -> str:
    key = draw(keys)
    if draw(st.booleans()):
        return _wif(key, draw(st.sampled_from([0x80, 0xEF, 0xB0])), draw(st.booleans()))
    version = draw(st.sampled_from(sorted(XPRV_VERSIONS)))
    body = bytes([draw(st.integers(0, 5))]) + draw(st.binary(min_size=8, max_size=8))
    return b58check_encode(version + body + draw(st.binary(min_size=32, max_size=32)) + b"\x00" + key)


# Every wrapping the refusal tests know, and a few the fuzzer adds (a bare key, labels glued
# without a space, a payment-URI scheme).
WRAPS = ["{}", "my key{}", "key{}.txt", "bitcoin:{}", *WRAPPINGS]


@st.composite
def wrapped_keys(draw: st.DrawFn) -> tuple[str, str]:
    key = draw(private_keys())
    shown = key
    if draw(st.booleans()):  # one typo
        i = draw(st.integers(0, len(key) - 1))
        shown = key[:i] + draw(st.sampled_from("123abcXYZ0lO")) + key[i + 1 :]
    return draw(st.sampled_from(WRAPS)).format(shown), key


SEPARATORS = [" ", "  ", "\n", ",", ", ", ";", "/", "|", "-", "_", ".", "、", "，", "+", "\t", "\u3000"]


@st.composite
def seed_phrases(draw: st.DrawFn) -> tuple[str, list[str]]:
    language = draw(st.sampled_from(LANGUAGES))
    strength = draw(st.sampled_from([16, 20, 24, 28, 32]))
    m = Mnemonic(language)
    words = m.to_mnemonic(draw(st.binary(min_size=strength, max_size=strength))).split(m.delimiter)
    style = draw(st.sampled_from(["sep", "numbered", "nospace", "nfkd", "upper", "chatter"]))
    if style == "numbered":
        text = "\n".join(
            f"{i + 1}{draw(st.sampled_from(['.', ')', ':', '']))} {w}" for i, w in enumerate(words)
        )
    elif style == "nospace" and language.startswith("chinese"):
        text = "".join(words)
    elif style == "nfkd":
        text = unicodedata.normalize("NFKD", " ".join(words))
    elif style == "upper" and language != "turkish":  # Turkish dotted/dotless i do not round-trip
        text = " ".join(words).upper()
    elif style == "chatter":
        text = "my seed phrase is: " + " ".join(words) + " — please help"
    else:
        text = draw(st.sampled_from(SEPARATORS)).join(words)
    return text, words


def _boilerplate() -> str:
    """What every refusal prints whatever the secret (a key's and a seed phrase's: "phrase" is
    a BIP39 word too): words of it are not an echo."""
    key = _wif(bytes(range(1, 33)), 0x80, True)
    phrase = Mnemonic("english").to_mnemonic(bytes(range(16)))
    return "".join(
        runner.invoke(app, ["check", secret, *json_flag]).stdout
        for secret in (key, phrase)
        for json_flag in (["--json"], [])
    )


BOILERPLATE = _boilerplate()


def _assert_refused_silently(text: str, parts: list[str]) -> None:
    parts = [p for p in parts if p not in BOILERPLATE]
    with respx.mock(assert_all_mocked=True, assert_all_called=False) as router:
        anything = router.route().respond(500)
        for json_out in (True, False):
            args = ["check", "--no-cache", "--timeout", "1", *(["--json"] if json_out else []), "--", text]
            result = runner.invoke(app, args)
            data = _check_result(result, json_out)
            if data is not None:
                assert (data["verdict"], data["kind"], data["input"]) == ("refused", "secret", "[redacted]")
            for part in parts:
                assert part not in result.stdout and part not in result.stderr, part
        assert not anything.called, "a request was made for a secret"


@FUZZ
@given(wrapped_keys())
def test_keys_in_any_wrapping_are_refused(case: tuple[str, str]) -> None:
    text, key = case
    _assert_refused_silently(text, [key, key[4:40]])


@FUZZ
@given(seed_phrases())
def test_seed_phrases_in_every_wordlist_are_refused(case: tuple[str, list[str]]) -> None:
    text, words = case
    # Long words and every non-ASCII word must not appear (short English words may, inside others).
    parts = [w for w in words if len(w) >= 5 or not w.isascii()]
    nfkd = [unicodedata.normalize("NFKD", w) for w in parts]
    _assert_refused_silently(text, parts + nfkd)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_wordlist_once_through_stdin(language: str) -> None:
    m = Mnemonic(language)
    phrase = m.to_mnemonic(bytes(range(32)))
    with respx.mock(assert_all_mocked=True, assert_all_called=False) as router:
        anything = router.route().respond(500)
        result = runner.invoke(app, ["check", "-", "--json", "--no-cache"], input=phrase + "\n")
        assert not anything.called
    data = _check_result(result, True)
    assert data is not None and data["verdict"] == "refused"
    for w in phrase.split(m.delimiter):
        if len(w) >= 5 or not w.isascii():
            assert w not in result.stdout + result.stderr
