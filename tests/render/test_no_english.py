"""No English sentence in ``--lang zh`` output: every golden scenario's report and reply (and
the fees, watch and usage-error outputs in their own tests) hold no Latin-script word but codes,
units, chain and token names, addresses, txids, option names, URLs and values quoted from a
node or a contract.

Findings whose code has no Chinese entry yet are skipped through ``NOT_YET_CONVERTED``, an
explicit list that only shrinks (issue 9 moves each family's words into the catalog).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import pytest
import respx

from tests.addresses.error_samples import SAMPLES as BAD_ADDRESSES
from tests.messages.test_catalog import NOT_WORDS, ZH_LATIN
from tests.render.raw_tx_error_samples import SAMPLES as RAW_SAMPLES
from tests.render.reply_scenarios import SCENARIOS, build
from tests.render.test_reply import ALLOWED_LATIN, VALUE
from tests.render.test_report_golden import report
from txdoctor.core.chains import ALIASES, CHAINS
from txdoctor.messages import Term, catalog
from txdoctor.model import Diagnosis
from txdoctor.render.reply import reply_text

# chain names as codes (btc, eth, tron); address formats and encodings; the time zone; the program
FORMATS = {
    "bech32",
    "bech32m",
    "base58",
    "cashaddr",
    "hex",
    "p2pkh",
    "p2sh",
    "p2wpkh",
    "p2wsh",
    "p2tr",
    "evm",
    "UTC",
}
FORMATS |= {"txdoctor"}
ALLOWED = ZH_LATIN | ALLOWED_LATIN | set(CHAINS) | set(ALIASES) | FORMATS
CAPS = re.compile(r"\b[A-Z][A-Z0-9]+\b")  # all capitals: a code or a name (SUCCESS, SSTORE, EVM)
SHORTENED = re.compile(r"\S+…\S+")  # a value cut to fit the table (bc1qar0srrr…zzwf5mdq)
CODE_POINT = re.compile(r"\bU\+[0-9A-F]{4,6}\b")  # a character's code point (U+200B)
SCHEME = re.compile(r"\b(?:bitcoin|litecoin|ethereum|tron):")  # a payment link's scheme
URL = re.compile(
    r"\b(?:(?:core\+)?https?|wss?)://\S+|\b[a-z0-9.-]+\.(?:space|info|io|org|com|invalid)\b(?:/\S*)?"
)
# snake_case or kebab-case values (evidence values are codes: below_base_fee, projected-blocks)
IDENT = re.compile(r"\b[A-Za-z0-9]+(?:[_-][A-Za-z0-9]+)+\b")
CAMEL = re.compile(r"\b[a-z]+[A-Z][A-Za-z0-9]*\b")  # a function's name (balanceOf): a code
SELECTOR = re.compile(r"\b[0-9a-f]{8}\b")  # a 4-byte function or error selector (revert_selector)
# Evidence quoted from elsewhere: a node's or a contract's own words, a provider's error.
QUOTED_KEYS = frozenset(
    {"message", "revert_reason", "revert_detail", "detail", "error", "reject_reason", "reason"}
)

# Codes whose words are still English only: skipped until converted. Only ever remove codes.
# Empty since every finding's words are in the catalog (issue 9); kept for the next family.
NOT_YET_CONVERTED: frozenset[str] = frozenset()


def quoted(evidence: Any, key: str = "") -> Iterable[str]:
    if isinstance(evidence, dict) and {"provider", "reason", "detail"} <= set(evidence):
        # a provider failure: its detail is said from the catalog (txdoctor/core/failwords.py),
        # only a provider's own answer after an HTTP status is quoted
        from txdoctor.core.failwords import detail_term

        snippet = detail_term(str(evidence["detail"]), str(evidence["reason"])).values.get("snippet")
        yield from [str(snippet)] if snippet else []
        evidence = {k: v for k, v in evidence.items() if k != "detail"}
    if isinstance(evidence, dict):
        for k, v in evidence.items():
            yield from quoted(v, k)
    elif isinstance(evidence, (list, tuple)):
        for v in evidence:
            yield from quoted(v, key)
    elif isinstance(evidence, str) and key in QUOTED_KEYS:
        yield evidence


def skipped(d: Diagnosis) -> list[str]:
    """Text the test does not read: quoted values, and the words of findings not converted yet."""
    zh = catalog("zh")
    out: list[str] = []
    for f in d.findings:
        out += quoted(f.evidence)
        if f.code in NOT_YET_CONVERTED and f"finding.{f.code}.message" not in zh:
            out += [f.message, f.advice]
    return sorted((s for s in out if s), key=len, reverse=True)


def english_words(text: str, skip: Iterable[str] = ()) -> set[str]:
    """The Latin-script words of ``text`` that are neither allowed names nor values."""
    flat = re.sub(r"\s*\n\s*", " ", text)  # a quoted value may be wrapped over lines
    for value in skip:
        flat = flat.replace(re.sub(r"\s+", " ", value), " ")
    flat = CODE_POINT.sub(" ", flat)  # before CAPS would take its hex digits
    for pattern in (URL, SHORTENED, VALUE, NOT_WORDS, IDENT, CAPS, SCHEME, SELECTOR, CAMEL):
        flat = pattern.sub(" ", flat)
    return set(re.findall(r"[A-Za-z][A-Za-z0-9]*", flat)) - ALLOWED


def zh_texts(name: str, router: respx.Router, monkeypatch: pytest.MonkeyPatch) -> tuple[Diagnosis, str]:
    d = build(name, router, monkeypatch)
    return d, report(d, "zh") + "\n" + reply_text(d, "zh")


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_no_english_in_chinese_report_or_reply(
    name: str, router: respx.Router, monkeypatch: pytest.MonkeyPatch
) -> None:
    d, text = zh_texts(name, router, monkeypatch)
    words = english_words(text, skipped(d))
    assert words == set(), f"{sorted(words)}\n{text}"


def test_the_check_finds_an_english_sentence() -> None:
    """Not vacuous: English left in Chinese text is caught, names and values are not."""
    text = "已确认 BTC_TX_CONFIRMED bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq 2.6 sat/vB --url btc=URL"
    assert english_words(text) == set()
    assert english_words(text + " Wait for it.") == {"Wait", "for", "it"}
    assert english_words("原因：level normal") == {"level", "normal"}
    assert english_words("Transaction ID 已确认") == {"Transaction"}  # a capitalised word is a word
    assert english_words("失败选择器：08c379a0；defaced 1") == {"defaced"}  # a selector is 8 hex digits
    assert english_words("来源：balanceOf；source") == {"source"}  # a function's name is a code


def test_not_yet_converted_only_names_codes_that_exist() -> None:
    from tests.test_docs import emitted_codes

    assert emitted_codes() >= NOT_YET_CONVERTED
    from txdoctor.messages.loader import read_entries

    zh = read_entries("zh")
    assert {c for c in emitted_codes() if f"finding.{c}.message" not in zh} <= NOT_YET_CONVERTED


def test_no_english_in_the_chinese_batch_table() -> None:
    """The table (headers, verdicts, main causes) and its summary line."""
    import io

    from txdoctor.api import diagnose
    from txdoctor.core.session import Options
    from txdoctor.runner import run_check

    inputs = [
        "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
        "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u",
        "0x" + "ab" * 20,
    ]
    out, err = io.StringIO(), io.StringIO()
    run_check(
        inputs,
        Options(offline=True, lang="zh"),
        single=False,
        json_out=False,
        details=False,
        out=out,
        err=err,
    )
    text = out.getvalue()
    assert text.startswith("输入") and "共 3 条：" in text, text
    skip = [s for i in inputs for s in skipped(diagnose(i, offline=True))]
    assert english_words(text, skip) == set(), text


def values(term: object) -> Iterable[str]:
    """The values a catalog term is filled with (addresses, quoted characters, numbers)."""
    if isinstance(term, Term):
        for v in term.values.values():
            yield from values(v)
    elif isinstance(term, str):
        yield term


# A character outside printable ASCII is the input check's (INPUT_HIDDEN_CHARACTER) before
# the address parser's: that reason is read in Chinese in tests/addresses/test_error_words.py.
NOT_DIAGNOSED = {"bech32 not printable"}


@pytest.mark.parametrize("name", sorted(set(BAD_ADDRESSES) - NOT_DIAGNOSED))
def test_no_english_in_why_an_address_is_invalid(name: str) -> None:
    """ADDR_INVALID's reason, for every reason an address parser gives (address_error.*)."""
    from txdoctor.api import diagnose

    address, key = BAD_ADDRESSES[name]
    d = diagnose(address, offline=True)
    (bad,) = [f for f in d.findings if f.code == "ADDR_INVALID"]
    text = report(d, "zh") + "\n" + reply_text(d, "zh")
    reason = catalog("zh").value(bad.words["error"])
    flat = re.sub(r"\s+", "", text)  # the report wraps lines
    assert re.sub(r"\s+", "", reason) in flat
    assert catalog("zh").text(f"address_error.{key}").split("{")[0] in reason
    # its values: addresses and quoted characters (numbers are no words anyway)
    skip = [*skipped(d), address, *(v for v in values(bad.words["error"]) if len(v) > 3)]
    words = english_words(text, sorted(skip, key=len, reverse=True))
    assert words == set(), f"{sorted(words)}\n{text}"


@pytest.mark.parametrize("name", sorted(RAW_SAMPLES))
def test_no_english_in_why_a_raw_transaction_does_not_decode(name: str) -> None:
    """INPUT_BAD_RAW_TX's reason, for every reason a decoder gives (raw_tx_error.*)."""
    from txdoctor.api import diagnose

    raw, key = RAW_SAMPLES[name]
    d = diagnose(raw, offline=True)
    (bad,) = [f for f in d.findings if f.code == "INPUT_BAD_RAW_TX"]
    assert bad.words["error"] == Term(f"raw_tx_error.{key}", **bad.words["error"].values)
    assert bad.message == catalog("en").text("finding.INPUT_BAD_RAW_TX.message", **bad.words)
    text = report(d, "zh") + "\n" + reply_text(d, "zh")
    reason = catalog("zh").value(bad.words["error"])
    assert re.sub(r"\s+", "", reason) in re.sub(r"\s+", "", text)
    words = english_words(text, [*skipped(d), raw])
    assert words == set(), f"{sorted(words)}\n{text}"


def test_the_raw_samples_reach_every_reason() -> None:
    from tests.render.raw_tx_error_samples import UNREACHED
    from txdoctor.messages.loader import placeholders, read_entries

    en, zh = read_entries("en"), read_entries("zh")
    every = {k.removeprefix("raw_tx_error.") for k in en if k.startswith("raw_tx_error.")}
    assert {key for _, key in RAW_SAMPLES.values()} == every - UNREACHED
    for key in UNREACHED:  # no pasted text reaches these: their Chinese is read here
        entry = zh[f"raw_tx_error.{key}"]
        assert isinstance(entry, str)
        filled = catalog("zh").text(f"raw_tx_error.{key}", **dict.fromkeys(placeholders(entry), "05"))
        assert english_words(filled) == set() and filled != en[f"raw_tx_error.{key}"]


# A character pasted inside an address: its name in Chinese when the catalog has one, its code
# point alone otherwise (never its English Unicode name).
HIDDEN = {
    "\u200b": "零宽空格",
    "\u202e": "从右到左强制符",
    "\ufeff": "零宽不换行空格",
    "\u3000": "全角空格",
    "\u0430": "西里尔小写字母",
    "\uff10": "全角数字",
    "\u00e9": None,  # latin small letter e with acute: no catalog name
    "\r": None,  # no Unicode name either
    "\U0001f600": None,  # grinning face
}


@pytest.mark.parametrize("char", sorted(HIDDEN), ids=lambda c: f"U+{ord(c):04X}")
def test_no_english_in_a_hidden_character(char: str) -> None:
    import unicodedata

    from txdoctor.api import diagnose

    text = "bc1qar0srrr7x" + char + "fkvy5l643lydnw9re59gtzzwf5mdq"
    d = diagnose(text, offline=True)
    assert [f.code for f in d.findings] == ["INPUT_HIDDEN_CHARACTER"]
    english = unicodedata.name(char, f"U+{ord(char):04X}").lower()
    assert f"({english}, U+{ord(char):04X})" in d.findings[0].message  # English as it always was
    out = report(d, "zh") + "\n" + reply_text(d, "zh")
    name = HIDDEN[char]
    assert (name or f"（U+{ord(char):04X}）") in out.replace("\n", "")
    shown = out.splitlines()[0].split(" ")[-1]  # the input as the headline shows it (escaped)
    assert english_words(out, [*skipped(d), text, shown]) == set(), out
