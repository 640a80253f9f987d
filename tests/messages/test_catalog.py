"""The message catalogs: the same keys and placeholders in every language, Chinese without
English words, and the English words the report keeps in code equal to the catalog's."""

from __future__ import annotations

import re
import string
import tomllib
from pathlib import Path

import pytest

from txdoctor.core.chains import CHAINS
from txdoctor.messages import LANGS, catalog
from txdoctor.messages.loader import HERE, Catalog, CatalogError, flatten, placeholders, read_entries
from txdoctor.model import Kind, Verdict
from txdoctor.render.words import ENGLISH_REPORT

OTHERS = [lang for lang in LANGS if lang != "en"]
# Latin-script words a Chinese entry may hold: units, codes, chain and token names (GLOSSARY-zh.md).
ZH_LATIN = {
    "sat", "vB", "Gwei", "TRX", "USDT", "Gas", "Nonce", "RBF", "CPFP", "ID", "Bitcoin", "Litecoin",
    "TRON", "Ethereum", "BNB", "Smart", "Chain", "Polygon", "PoS", "Arbitrum", "One", "OP", "Mainnet",
    "Base", "Sepolia", "Nile", "Shasta", "testnet3", "testnet4", "signet", "regtest", "Tether",
    "Lightning", "xpub", "WIF", "BIP39", "BSC", "CSV", "UTC",
    "en", "zh", "Hans",  # language codes
    # TRON: its unit (1 TRX = 1,000,000 sun) and token standards, and other chains' standards
    "sun", "TRC20", "TRC10", "ERC20", "BEP20",
    # technical names a support agent types as they are: protocols, products, file names
    "URL", "RPC", "API", "JSON", "Esplora", "mempool", "cookie", "TronGrid",
    # the EVM family's name and its standards (EIP-1559, EIP-7702)
    "EVM", "EIP",
    "txdoctor", "ASCII", "LNURL", "PATH", "ypub", "zpub", "tpub", "SECONDS", "TRC",
    "testmempoolaccept", "sendrawtransaction", "txindex",
    "MWEB", "P2PKH", "P2SH", "P2WPKH", "P2WSH", "P2TR", "Taproot", "dead", "eater",
    # address encodings, their standards and prefixes (address_error.*), the Taproot curve
    "bech32", "bech32m", "Base58", "BIP350", "bc1q", "bc1p", "secp256k1",
    # networks txdoctor recognises but does not look up (address_error.network)
    "Cardano", "Cosmos", "Hub", "Osmosis",
    # the config file's section and key names, as typed in it (usage.config.*)
    "providers", "defaults", "keys", "lang", "TOML", "UTF", "Core",
}  # fmt: skip
# Command-line options, environment variables, finding codes and the hex prefix 0x are not
# words to translate; nor URLs, quoted commands ('txdoctor check …'), metavariables (PATH, CHAIN=URL),
# hex digits (a-f), URL paths, payment-link schemes (bitcoin:) and commands (txdoctor check).
NOT_WORDS = re.compile(
    r"\{[a-z_]+\}|--[a-z][a-z-]*|\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b|\?[a-z]+=|\b0x|\b(?:bitcoin|litecoin|ethereum):"
    r"|\b[a-z+]+://\S+|'[^']*'|\b[A-Z]{2,}\b|\b[a-z]+=\S*|\ba-f\b|/tx/|\btxdoctor [a-z]+\b"
    r"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)+/[\w/-]*"
)


def forms(entry: str | dict[str, str]) -> list[str]:
    return list(entry.values()) if isinstance(entry, dict) else [entry]


def names(entry: str | dict[str, str]) -> set[str]:
    return set().union(*(placeholders(f) for f in forms(entry)))


@pytest.mark.parametrize("lang", OTHERS)
def test_same_keys_as_english(lang: str) -> None:
    en, other = read_entries("en"), read_entries(lang)
    assert sorted(set(en) - set(other)) == [], "missing"
    assert sorted(set(other) - set(en)) == [], "extra"


# A translation may leave out a placeholder only here, with its reason (never add one):
# a character the catalog has no name for is shown by its English Unicode name in English,
# by its code point alone in Chinese (issue 10: no English word in Chinese output).
LEFT_OUT = {("zh", "finding.INPUT_HIDDEN_CHARACTER.unnamed"): {"name"}}
# A provider's technical words (an exception's class name, its own sentence) stay in the JSON
# evidence; Chinese says what happened instead (txdoctor/core/failwords.py).
LEFT_OUT |= {("zh", f"failure.{k}"): {"error"} for k in ("could_not_connect", "connection_failed", "broke")}
LEFT_OUT |= {("zh", f"failure.{k}"): {"detail"} for k in ("html", "too_large")}
# The system's or TOML's English sentence about the config file: Chinese says the reason (a
# common one from the catalog) or where TOML stopped instead (ADDED: what it says in its place).
LEFT_OUT |= {("zh", "usage.config.cannot_read"): {"error"}, ("zh", "usage.config.not_toml"): {"error"}}
ADDED = {("zh", "usage.config.cannot_read"): {"reason"}, ("zh", "usage.config.not_toml"): {"where"}}
LEFT_OUT |= {
    ("zh", f"failure.reason.{k}"): {"detail"}
    for k in ("unavailable", "rate_limited", "bad_response", "unauthorized", "not_found", "error")
}


@pytest.mark.parametrize("lang", OTHERS)
def test_same_placeholders_as_english(lang: str) -> None:
    en, other = read_entries("en"), read_entries(lang)
    differ = {
        k: (names(en[k]), names(other[k]))
        for k in en
        if k in other
        and names(en[k]) - LEFT_OUT.get((lang, k), set()) != names(other[k]) - ADDED.get((lang, k), set())
    }
    assert differ == {}


@pytest.mark.parametrize("lang", LANGS)
def test_placeholders_are_plain_names_and_plurals_well_formed(lang: str) -> None:
    for key, entry in read_entries(lang).items():
        if isinstance(entry, dict):
            assert "other" in entry and set(entry) <= {"one", "other"}, key
            assert "count" in names(entry), f"{key}: a plural entry needs {{count}}"
        for form in forms(entry):
            for _, field, spec, conv in string.Formatter().parse(form):
                if field is not None:
                    assert field.isidentifier() and not spec and not conv, (key, field)


@pytest.mark.parametrize("lang", OTHERS)
def test_chinese_entries_hold_no_english_words(lang: str) -> None:
    found: dict[str, set[str]] = {}
    for key, entry in read_entries(lang).items():
        for form in forms(entry):
            text = NOT_WORDS.sub("", form)
            words = set(re.findall(r"[A-Za-z][A-Za-z0-9]*", text)) - ZH_LATIN
            if words:
                found[key] = words
    assert found == {}


def test_the_english_latin_check_catches_a_sentence() -> None:
    """The check above is not vacuous: an untranslated entry trips it."""
    words = set(re.findall(r"[A-Za-z][A-Za-z0-9]*", "Your transfer 已确认 on {chain}")) - ZH_LATIN
    assert words == {"Your", "transfer", "on", "chain"}


def test_every_verdict_kind_and_chain_has_words() -> None:
    en = read_entries("en")
    assert {f"verdict.{v.value}" for v in Verdict} <= set(en)
    assert {f"kind.{k.value}" for k in Kind} <= set(en)
    assert {f"chain.{name}" for name in CHAINS} <= set(en)
    assert {k for k in en if k.startswith("chain.")} == {f"chain.{name}" for name in CHAINS}


def test_english_words_kept_in_code_equal_the_catalog() -> None:
    en = catalog("en")
    assert {key: en.text(key) for key in ENGLISH_REPORT} == ENGLISH_REPORT
    assert {v: en.text(f"verdict.{v.value}") for v in Verdict} == {
        v: v.value.upper().replace("_", " ") for v in Verdict
    }
    assert all(en.text(f"chain.{c.name}") == c.display for c in CHAINS.values())


def test_english_report_words_equal_what_the_code_writes() -> None:
    """The English report writes its labels in code (no catalog on the English path): evidence
    keys with spaces, severity and category values, yes/no/none and ages (render/style.py)."""
    from txdoctor.model import Category, Severity
    from txdoctor.render.evidence_words import age_in, evidence_text_in, value_in
    from txdoctor.render.style import age, evidence_text, label, words

    en = catalog("en")
    full = read_entries("en")
    evidence = {k.removeprefix("evidence."): en.text(k) for k in full if k.startswith("evidence.")}
    assert evidence == {key: label(key) for key in evidence}
    values = {k: en.text(k) for k in full if k.count(".") >= 2 and k.startswith("value.")}
    assert values == {k: k.split(".", 2)[2] for k in values}  # an evidence value says itself
    assert [en.text(f"value.{w}") for w in ("yes", "no", "none")] == ["yes", "no", "none"]
    assert {s.value: en.text(f"severity.{s.value}") for s in Severity} == {s.value: s.value for s in Severity}
    assert {c.value: en.text(f"category.{c.value}") for c in Category} == {c.value: c.value for c in Category}
    for delta in (0, 59, 60, 61, 3600, 7200, 86400, 3 * 86400, 400 * 86400, 800 * 86400, -7200, -86400):
        assert age_in(en, delta) == age(delta), delta
    sample = {"certain": True, "rbf": False, "found_on": [], "searched": ["btc", "ltc"], "nothing": None,
              "first_seen": 1600000000, "fee_rate": 2.5, "tips": {"a": 1, "b": 2}}  # fmt: skip
    for key, value in sample.items():
        assert value_in(en, key, value, now=1700000000) == words(key, value, now=1700000000), key
    assert evidence_text_in(en, sample, now=1700000000) == evidence_text(sample, now=1700000000)


def test_plural_and_fallback_and_lenient_fill() -> None:
    en = Catalog("en", {"a": {"one": "{count} input", "other": "{count} inputs"}, "b": "{x} and {y}"})
    zh = Catalog("zh", {"a": {"other": "{count} 条"}}, fallback=en)
    assert en.text("a", count=1) == "1 input" and en.text("a", count=2) == "2 inputs"
    assert zh.text("a", count=1) == "1 条"
    assert zh.text("b", x=1, y=2) == "1 and 2"  # a key the language lacks: English
    assert en.text("b", x=1) == "1 and {y}"  # a missing value shows, never raises
    with pytest.raises(KeyError):
        en.text("nope")


def test_finding_entries_for_issue_9() -> None:
    """Findings' words live under finding.CODE.message/advice, filled from evidence."""
    data = tomllib.loads(
        '[finding.BTC_FEE_TOO_LOW]\nmessage = "Fee rate {effective_fee_rate} sat/vB"\nadvice = "Bump"\n'
    )
    cat = Catalog("en", flatten(data))
    assert cat.finding("BTC_FEE_TOO_LOW", {"effective_fee_rate": 2.6}) == ("Fee rate 2.6 sat/vB", "Bump")
    assert cat.finding("BTC_FEE_OK", {}) is None


def test_a_bad_value_is_a_catalog_error() -> None:
    with pytest.raises(CatalogError):
        flatten({"reply": {"greeting": 3}})


def test_catalog_files_ship_with_the_package() -> None:
    assert sorted(p.name for p in HERE.glob("*.toml")) == sorted(f"{lang}.toml" for lang in LANGS)
    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())
    assert "messages/*.toml" in pyproject["tool"]["setuptools"]["package-data"]["txdoctor"]


def test_built_twins_are_fresh() -> None:
    """The ``_built_<lang>*.marshal`` twins match their TOML (else: python -m txdoctor.messages.build)."""
    from txdoctor.messages.build import main

    assert main(["--check"]) == 0
    # The twins were .py modules until 2026-12-02; one left behind by a merge is dead weight.
    assert sorted(p.name for p in HERE.glob("_built_*.py")) == []


def test_an_english_check_reads_only_the_first_twin() -> None:
    """The entries only other languages, errors, fees and watch need wait in the later twin."""
    import subprocess
    import sys

    code = (
        "import sys; from txdoctor.api import diagnose\n"
        "diagnose('KwDiBf89QgGbjEhKnhXJuH7LrciVrZi3qYjgd9M7rFU73sVHnoWn', offline=True)\n"
        "from txdoctor.messages.loader import TWINS_READ; print(*TWINS_READ)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["_built_en"]
    en = catalog("en")
    assert en.text("evidence.fee_rate") == "fee rate" and "value.yes" in en  # read when asked


def test_a_stale_twin_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An edited TOML is read even before its twin is rebuilt (a translator sees the edit);
    a twin this Python cannot read is ignored too."""
    import marshal

    import txdoctor.messages.loader as loader

    toml = b'[verdict]\nstuck = "STUCK"\n'
    (tmp_path / "en.toml").write_bytes(toml)
    monkeypatch.setattr(loader, "HERE", tmp_path)
    crc = loader.source_crc(toml)
    twin = tmp_path / "_built_en.marshal"
    (tmp_path / "_built_en_later.marshal").write_bytes(marshal.dumps({"crc": crc, "entries": {}}))
    twin.write_bytes(marshal.dumps({"crc": crc, "entries": {"verdict.stuck": "TWIN"}}))
    assert read_entries("en") == {"verdict.stuck": "TWIN"}  # the CRC matches: the twin is used…
    twin.write_bytes(marshal.dumps({"crc": -1, "entries": {"verdict.stuck": "TWIN"}}))
    assert read_entries("en") == {"verdict.stuck": "STUCK"}  # …a stale one is not: the TOML is read
    twin.write_bytes(b"\xff\x00 not marshal")
    assert read_entries("en") == {"verdict.stuck": "STUCK"}
    twin.unlink()
    assert read_entries("en") == {"verdict.stuck": "STUCK"}


def test_finding_words_come_from_the_catalog_in_either_language() -> None:
    from txdoctor.core.chains import CHAINS
    from txdoctor.core.checks.common import unreachable
    from txdoctor.core.findings import localized

    class Failure:
        provider, detail, reason = "mempool.space", "timeout", "timeout"

        def as_dict(self) -> dict[str, str]:
            return {"provider": self.provider}

    f = unreachable(CHAINS["btc"], [Failure()])
    assert f.message == (
        "Could not get an answer about Bitcoin mainnet from any provider (mempool.space: timeout)."
    )
    assert f.advice.endswith("(an Esplora/mempool API base, e.g. a self-hosted mempool).")
    assert f.evidence["chain"] == "btc" and "words" not in f.to_dict()
    zh = localized(f, "zh")
    assert zh.code == f.code and zh.evidence == f.evidence
    assert "所有数据源" in zh.message and "Bitcoin mainnet" not in zh.message
    assert "自建的 mempool" in zh.advice and "--url btc=URL" in zh.advice
    assert localized(f, "en") is f


# One Chinese word for one thing everywhere (GLOSSARY-zh.md, docs/messages.md): the variant on
# the left is written as the word on the right.
ZH_VARIANTS = {
    "发送方": "付款方",
    "转出方": "付款方",
    "发送钱包": "付款钱包",
    "转出钱包": "付款钱包",
    "你": "您",
    "以太坊": "Ethereum (a chain's name) or EVM (the family)",
    "交易池": "内存池",
    "交易费(?!率)": "矿工费 (Bitcoin, Litecoin) or 手续费 (EVM, TRON)",  # 子交易费率 is 子交易 + 费率
}


def test_chinese_says_one_thing_one_way() -> None:
    zh = read_entries("zh")
    found = {k: [v for v in ZH_VARIANTS if re.search(v, form)] for k, e in zh.items() for form in forms(e)}
    assert {k: v for k, v in found.items() if v} == {}


def test_bitcoin_says_miner_fee_and_the_others_fee() -> None:
    """矿工费 for the Bitcoin family (the glossary), 手续费 for EVM and TRON."""
    zh = read_entries("zh")
    others = {
        k for k in zh if k.startswith(("finding.EVM_", "finding.TRON_", "tron.", "fees.evm", "fees.tron"))
    }
    bitcoin = {k for k in zh if k.startswith(("finding.BTC_", "fees.btc"))}
    assert [k for k in others if any("矿工费" in f for f in forms(zh[k]))] == []
    # 手续费 in a Bitcoin sentence only as the glossary's "RBF 手续费替换"
    assert [
        k for k in bitcoin if any("手续费" in f.replace("RBF 手续费替换", "") for f in forms(zh[k]))
    ] == []


def test_character_names_in_english_are_their_unicode_names() -> None:
    """``character.<hex>``: the English is what the report always showed (Unicode's name)."""
    import unicodedata

    en = read_entries("en")
    chars = {k: chr(int(k.removeprefix("character."), 16)) for k in en if k.startswith("character.")}
    assert len(chars) > 50
    assert {k: en[k] for k in chars} == {k: unicodedata.name(c).lower() for k, c in chars.items()}
