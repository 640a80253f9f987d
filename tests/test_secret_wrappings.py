"""Issue 8 items 18 and 19: a key or a seed phrase is refused however it is wrapped,
mistyped or written, in every BIP39 language; never echoed; no request made."""

from __future__ import annotations

import json
import unicodedata

import pytest
import respx
from mnemonic import Mnemonic

from tests.cli_runner import CliRunner
from txdoctor.addresses.base58 import ALPHABET, b58check_encode
from txdoctor.cli import app
from txdoctor.core.secretmatch import SecretMatch
from txdoctor.core.secrets import XPRV_VERSIONS, detect_secret, xprv_term
from txdoctor.core.seedwords import LANGUAGES
from txdoctor.messages import Term

runner = CliRunner()
KEY = bytes(range(1, 33))
WIF = b58check_encode(b"\x80" + KEY + b"\x01")  # K…, 52 characters
WIF_UNCOMPRESSED = b58check_encode(b"\x80" + KEY)  # 5…, 51 characters
WIF_TESTNET = b58check_encode(b"\xef" + KEY + b"\x01")  # c…
WIF_LITECOIN = b58check_encode(b"\xb0" + KEY + b"\x01")  # T…
XPRV_BODY = b"\x00" + b"\x00" * 8 + bytes(range(32)) + b"\x00" + KEY  # depth 0, chain code, 0x00 + key

# Every wrapping from the reproduction, and a few more.
WRAPPINGS = [
    "key={}",
    "wif:{}",
    "{}/",
    "@{}",
    "|{}|",
    "«{}»",
    "“{}”",
    "‘{}’",
    "{}!",
    "{}?",
    "{}。",
    "_{}_",
    "#{}",
    "https://x/?k={}",
    "https://x/?k=%20{}%0A",
    "\u202e{}",
    "\u2066{}\u2069",
    "\u2067{}\u2069",
    "\u2068{}\u2069",
    "\ufeff{}",
    "my key is{}",  # glued to a label
    "wif{}abc",
    "'{}'",
    "<{}>",
    "({})",
    "[{}]",
    "{}\u200b",
    "k\u200d{}",
    "{}\x1b[0m",
    "tx: {}\n",
]


def _refused(text: str) -> SecretMatch:
    match = detect_secret(text)
    assert match is not None, text.encode("unicode_escape")
    return match


@pytest.mark.parametrize("wrapping", WRAPPINGS)
@pytest.mark.parametrize("key", [WIF, WIF_UNCOMPRESSED, WIF_TESTNET, WIF_LITECOIN])
def test_wif_refused_in_any_wrapping(wrapping: str, key: str) -> None:
    assert _refused(wrapping.format(key)).kind == "wif"


def test_one_typo_keys_glued_on_both_sides_are_refused() -> None:
    """A mistyped key with text glued before and after it (``wif…abc``) was echoed."""
    ltpv = (  # an Ltpv key whose first character was mistyped
        "1tpv71G8qDifUiNes31FGz2xDmvFWRALngww337FJ2BTPUctro8EfipMoj"
        "GeCuaYxfaBYbAFnCQGQtRGQ4jTT641YVmJDMcyeWE3orGjweY76PW"
    )
    assert _refused("wif" + ltpv + "abc").kind == "xprv"
    typo = WIF[:20] + ("a" if WIF[20] != "a" else "b") + WIF[21:]
    assert _refused("key" + typo + "abc").kind == "wif"
    assert _refused("privatekey" + typo + "backup").kind == "wif"


@pytest.mark.parametrize("key", [WIF, WIF_UNCOMPRESSED, WIF_TESTNET, WIF_LITECOIN])
def test_every_one_typo_wif_is_refused(key: str) -> None:
    # Every position, every kind of typo: a substituted character (also a look-alike that
    # Base58 leaves out), a missing one, a doubled one.
    for i in range(len(key)):
        other = ALPHABET[(ALPHABET.index(key[i]) + 7) % 58]
        for typo in (
            key[:i] + other + key[i + 1 :],
            key[:i] + "0" + key[i + 1 :],
            key[:i] + "l" + key[i + 1 :],
            key[:i] + key[i + 1 :],
            key[:i] + key[i] + key[i:],
        ):
            match = _refused(typo)
            assert match.kind == "wif"
            assert match.certain is False


@pytest.mark.parametrize(("version", "name"), list(XPRV_VERSIONS.items()))
def test_every_registered_extended_private_key(version: bytes, name: str) -> None:
    key = b58check_encode(version + XPRV_BODY)
    assert key.startswith(name)
    assert detect_secret(key) == SecretMatch("xprv", xprv_term(name), True)
    for wrapping in ("xprv={}", "“{}”", "\u202e{}", "https://x/?k={}", "{}。"):
        assert _refused(wrapping.format(key)).kind == "xprv"
    typo = key[:60] + ("2" if key[60] != "2" else "3") + key[61:]
    assert detect_secret(typo) == SecretMatch("xprv", xprv_term(name), False)


def test_litecoin_and_unregistered_versions_by_structure() -> None:
    for version in ("019d9cfe", "01b26792"):  # Ltpv, Mtpv
        key = b58check_encode(bytes.fromhex(version) + XPRV_BODY)
        assert key[:4] in ("Ltpv", "Mtpv")
        assert _refused(key).certain is True
    # A version nobody registered is still a BIP32 private key by its structure.
    odd = b58check_encode(bytes.fromhex("0123abcd") + XPRV_BODY)
    assert _refused(odd) == SecretMatch("xprv", xprv_term(None), True)
    # … and an extended *public* key with any version is not a secret.
    public = b58check_encode(bytes.fromhex("0123abcd") + XPRV_BODY[:41] + b"\x02" + KEY)
    assert detect_secret(public) is None


ENTROPY = bytes(range(100, 116))


def _phrase(language: str) -> tuple[str, list[str], str]:
    m = Mnemonic(language)
    phrase = m.to_mnemonic(ENTROPY)
    return phrase, phrase.split(m.delimiter), m.delimiter


@pytest.mark.parametrize("language", LANGUAGES)
def test_bip39_phrase_in_every_wordlist(language: str) -> None:
    phrase, words, _ = _phrase(language)
    variants = [
        phrase,
        unicodedata.normalize("NFKD", phrase),
        unicodedata.normalize("NFC", phrase),
        " ".join(words),
        "\n".join(f"{i + 1}. {w}" for i, w in enumerate(words)),
        f"my seed: {phrase} please help",
    ]
    if language.startswith(("chinese", "japanese", "korean")):
        variants.append("".join(words))  # no spaces
    for sep in [",", ";", "/", "|", "-", "_", ".", "、", "，", "+", ", ", "\t"]:
        variants.append(sep.join(words))
    for text in variants:
        match = _refused(text)
        assert match == SecretMatch("seed_phrase", Term("secret.bip39_phrase", count=12), True), (
            language,
            text,
        )


@pytest.mark.parametrize("language", ["french", "spanish", "czech", "portuguese"])
def test_accents_dropped_or_decomposed(language: str) -> None:
    _, words, _ = _phrase(language)
    plain = " ".join(
        "".join(c for c in unicodedata.normalize("NFKD", w) if not unicodedata.combining(c)) for w in words
    )
    assert _refused(plain).kind == "seed_phrase"
    assert _refused(plain.upper()).kind == "seed_phrase"


def test_part_of_a_phrase_is_refused() -> None:
    _, words, _ = _phrase("english")
    assert _refused(" ".join(words[:3])).kind == "seed_words"
    # Six or more words of a phrase among other words: never echoed either.
    assert _refused("my words: " + " ".join(words[:7])).kind == "seed_words"
    assert _refused("legal winner thank year wave sausage worth useful tx").kind == "seed_words"
    assert _refused("7. " + words[6]).kind == "seed_words"  # one numbered line of a phrase
    _, zh, _ = _phrase("chinese_simplified")
    assert _refused("".join(zh[:4])).kind == "seed_words"


@pytest.mark.parametrize(
    "text",
    [
        "my transaction has been pending for three days and the exchange says it was sent already",
        "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
        "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
        "f4184fc596403b9d638783cf57adfe4c75c605f6356fbc91338530e9831e9e16",
        "https://mempool.space/tx/f4184fc596403b9d638783cf57adfe4c75c605f6356fbc91338530e9831e9e16",
        "bitcoin:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa?amount=0.1",
        "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8",
        "TB1PQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQDYZV3X",
    ],
)
def test_ordinary_inputs_are_not_secrets(text: str) -> None:
    assert detect_secret(text) is None


def _cases() -> list[str]:
    english, _, _ = _phrase("english")
    cases = [w.format(WIF) for w in WRAPPINGS[:16]]
    cases += [_phrase(lang)[0] for lang in LANGUAGES]
    cases += ["".join(_phrase("chinese_traditional")[1]), "|".join(english.split()), WIF[:30] + WIF[31:]]
    return cases


def _secret_parts(text: str) -> list[str]:
    """What must never appear in the output: the key, and every word of a phrase."""
    if WIF in text:
        return [WIF, WIF[5:40]]
    for language in LANGUAGES:
        _, words, _ = _phrase(language)
        if words[0] in text or unicodedata.normalize("NFKD", words[0]) in text:
            return [w for w in words if len(w) > 3 or not w.isascii()]
    return [text[5:35]]


@pytest.mark.parametrize("json_out", [False, True])
def test_cli_refuses_never_echoes_never_asks(json_out: bool) -> None:
    cases = _cases()
    with respx.mock(assert_all_mocked=True, assert_all_called=False) as router:
        for text in cases:
            args = ["check", text, "--no-cache"] + (["--json"] if json_out else [])
            result = runner.invoke(app, args)
            assert result.exception is None
            assert result.exit_code == 1, (text, result.output)
            if json_out:
                data = json.loads(result.stdout)
                assert (data["verdict"], data["kind"], data["input"]) == ("refused", "secret", "[redacted]")
            for part in _secret_parts(text):
                assert part not in result.stdout and part not in result.stderr, (text, part)
        assert router.calls.call_count == 0


def test_seed_phrase_one_word_per_line_on_stdin() -> None:
    # A phrase pasted into `check -` arrives one line (one input) at a time.
    _, words, _ = _phrase("english")
    with respx.mock(assert_all_mocked=True, assert_all_called=False) as router:
        result = runner.invoke(app, ["check", "-", "--json", "--no-cache"], input="\n".join(words) + "\n")
    assert router.calls.call_count == 0
    assert result.exit_code == 2
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(d["input"], d["findings"][0]["code"]) for d in lines] == [
        ("[redacted]", "INPUT_SEED_WORDS")
    ] * 12
    for w in words:
        assert w not in result.stdout + result.stderr
