"""The reply to the customer: golden files for every verdict of every family, in English and
Chinese, and what a reply must never hold. Regenerate the files after a deliberate change:
``.venv/bin/python -m pytest tests/render --update-golden`` (tests/golden_files.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import respx

from tests.cli_runner import CliRunner
from tests.golden_files import compare
from tests.render.reply_scenarios import PHRASE_ENTROPY, SCENARIOS, VERDICTS, build
from txdoctor import reply_text
from txdoctor.cli import app
from txdoctor.model import Verdict

GOLDEN = Path(__file__).parent.parent / "golden" / "reply"
SCHEMA = json.loads((Path(__file__).parent.parent.parent / "docs" / "schema.json").read_text())
# Latin-script words a Chinese reply may hold besides the values it quotes (addresses, txids):
# units, chain and token names.
ALLOWED_LATIN = {
    "sat", "vB", "Gwei", "TRX", "USDT", "USDC", "ETH", "BNB", "POL", "LTC", "BTC", "Gas", "Nonce",
    "RBF", "CPFP", "Bitcoin", "Litecoin", "TRON", "Ethereum", "Smart", "Chain", "Polygon", "PoS",
    "Arbitrum", "One", "OP", "Mainnet", "Base", "Sepolia", "Nile", "Shasta", "testnet3", "testnet4",
    "signet", "regtest", "Tether", "Lightning", "xpub",
    "TST",  # the symbol of the test token the EVM scenarios were recorded with (tests/families/evm/contracts)
}  # fmt: skip
VALUE = re.compile(
    r"\b(?:0x[0-9a-fA-F]+|[0-9a-f]{64}|(?:bc|tb|ltc|tltc|rltc)1[0-9a-z]+|T[1-9A-HJ-NP-Za-km-z]{33}"
    r"|[13LMmn2][1-9A-HJ-NP-Za-km-z]{25,34})\b"
)
runner = CliRunner()


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_reply_golden(
    name: str, lang: str, router: respx.Router, monkeypatch: pytest.MonkeyPatch, update_golden: bool
) -> None:
    d = build(name, router, monkeypatch)
    text = reply_text(d, lang) + "\n"
    compare(GOLDEN / f"{name}.{lang}.txt", text, update_golden)
    assert not re.search(r"\b[A-Z]{2,}_[A-Z_]+\b", text)  # never a finding code
    assert "http" not in text and "{" not in text  # no provider URL, no unfilled placeholder


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_chinese_reply_has_no_english_sentence(name: str) -> None:
    text = (GOLDEN / f"{name}.zh.txt").read_text(encoding="utf-8")
    words = set(re.findall(r"[A-Za-z][A-Za-z0-9]*", VALUE.sub("", text)))
    assert words <= ALLOWED_LATIN, words - ALLOWED_LATIN


def test_every_verdict_of_every_family_has_a_golden_reply() -> None:
    families = {
        "btc": set(Verdict) - {Verdict.FAILED, Verdict.REFUSED},  # Bitcoin has no failed transaction
        "ltc": set(Verdict) - {Verdict.FAILED, Verdict.REFUSED},  # Litecoin neither
        "evm": set(Verdict) - {Verdict.REFUSED},
        "tron": set(Verdict) - {Verdict.STUCK, Verdict.REPLACED, Verdict.REFUSED},  # TRON has neither
        "any": {Verdict.REFUSED, Verdict.INVALID},  # a secret or an input of no family
    }
    for family, verdicts in families.items():
        have = {VERDICTS[n] for n in SCENARIOS if n.startswith(family + "-")}
        assert have == verdicts, (family, verdicts - have)


def test_a_secret_gets_only_the_warning_and_is_never_echoed() -> None:
    from mnemonic import Mnemonic

    phrase = Mnemonic("english").to_mnemonic(PHRASE_ENTROPY)
    for lang, needle in (("en", "Never share it with anyone"), ("zh", "请勿向任何人提供私钥或助记词")):
        result = runner.invoke(app, ["check", phrase, "--reply", "--lang", lang])
        assert result.exit_code == 1
        assert needle in result.stdout
        assert not any(word in result.output for word in phrase.split())
        assert result.stdout.count("\n\n") == 3  # greeting, warning, move funds, closing: nothing else


def test_cli_reply_replaces_the_report_and_json_carries_it() -> None:
    address = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"
    text = runner.invoke(app, ["check", address, "--offline", "--reply"])
    assert text.exit_code == 0
    assert text.stdout.startswith(f"Hello,\n\nThe address {address} is a valid address")
    assert "ADDR_VALID" not in text.stdout
    result = runner.invoke(app, ["check", address, "--offline", "--reply", "--json", "--lang", "zh-Hans"])
    data = json.loads(result.stdout)
    jsonschema.validate(data, SCHEMA)
    assert data["lang"] == "zh" and data["reply"].startswith("您好，")
    assert data["findings"][0]["code"] == "ADDR_VALID"  # the contract is unchanged


def test_json_without_reply_has_lang_and_no_reply() -> None:
    result = runner.invoke(
        app, ["check", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "--offline", "--json"]
    )
    data = json.loads(result.stdout)
    jsonschema.validate(data, SCHEMA)
    assert data["lang"] == "en" and "reply" not in data


def test_several_inputs_one_reply_each_separated() -> None:
    inputs = ["bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdx"]
    result = runner.invoke(app, ["check", *inputs, "--offline", "--reply"])
    assert result.exit_code == 1
    assert result.stdout.count("Hello,") == 2
    assert result.stdout.index(f"----- Reply for {inputs[0]} -----") < result.stdout.index(
        f"----- Reply for {inputs[1]} -----"
    )
    zh = runner.invoke(app, ["check", *inputs, "--offline", "--reply", "--lang", "zh"])
    assert zh.stdout.count("您好，") == 2 and f"----- 回复：{inputs[1]} -----" in zh.stdout
    batch = runner.invoke(app, ["check", *inputs, "--offline", "--reply", "--json"])
    lines = [json.loads(line) for line in batch.stdout.splitlines()]
    assert [line["reply"].startswith("Hello,") for line in lines] == [True, True]


def test_python_api_lang_and_reply() -> None:
    from txdoctor import diagnose
    from txdoctor.messages import UnsupportedLanguage

    d = diagnose("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", offline=True, lang="zh_CN", reply=True)
    assert d.lang == "zh" and d.reply is not None and d.reply.startswith("您好，")
    assert d.to_dict()["reply"] == d.reply
    plain = diagnose("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", offline=True)
    assert plain.lang == "en" and plain.reply is None
    assert reply_text(plain).startswith("Hello,") and reply_text(plain, "zh").startswith("您好，")
    with pytest.raises(UnsupportedLanguage):
        diagnose("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", offline=True, lang="fr")


def test_a_contract_reason_with_a_link_is_left_out(router: respx.Router) -> None:
    d = SCENARIOS["evm-failed"][1](router)
    assert d.findings[0].code == "EVM_TX_REVERTED"
    ev = dict(d.findings[0].evidence, revert_reason="Claim your refund at www.evil.example now")
    from dataclasses import replace

    d = replace(d, findings=(replace(d.findings[0], evidence=ev),))
    text = reply_text(d)
    assert "evil" not in text and "The contract rejected it." in text


def test_readme_shows_the_golden_replies() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    for lang in ("en", "zh"):
        assert (GOLDEN / f"btc-stuck.{lang}.txt").read_text(encoding="utf-8").rstrip("\n") in readme


def _with_activity(address: str, **evidence: object) -> object:
    """An offline EVM address check plus the activity finding online (hand-built evidence, docs/evm.md)."""
    from dataclasses import replace

    from txdoctor import diagnose
    from txdoctor.model import Category, Finding, Severity

    d = diagnose(address, offline=True)
    ev = {"chain": "eth", "nonce": 1, "balance": "0", "code_size": 5, "delegate": None, **evidence}
    activity = Finding("EVM_ADDRESS_ACTIVITY", Category.ADDRESS, Severity.INFO, "…", evidence=ev)
    return replace(d, chain="eth", findings=(*d.findings, activity))


def test_a_contract_address_is_not_replied_to_as_a_plain_wallet() -> None:
    """The report says "a smart contract"; the reply said only "a valid address" (send to it)."""
    contract = _with_activity("0xe7f1725e7734ce288f8367e1bb143e90bb3f0512", is_contract=True)
    for lang, words in (("en", "smart contract"), ("zh", "智能合约")):
        text = reply_text(contract, lang)  # type: ignore[arg-type]
        assert words in text, text
    wallet = _with_activity("0xe7f1725e7734ce288f8367e1bb143e90bb3f0512", is_contract=False, code_size=0)
    delegated = _with_activity(
        "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512", is_contract=False, delegate="0x" + "11" * 20
    )
    for d in (wallet, delegated):
        assert "contract" not in reply_text(d, "en")  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_signed_transaction_offline_is_said_decoded_with_its_txid(lang: str) -> None:
    """QA: a raw signed transaction checked offline was called "a well-formed transaction ID"."""
    from tests.render.reply_scenarios import RAW_BTC
    from txdoctor.api import diagnose

    evm_file = Path(__file__).parents[1] / "fixtures" / "raw-tx" / "eth_signed_raw_txs.json"
    evm = json.loads(evm_file.read_text())["txs"][0]
    btc_text = reply_text(diagnose(RAW_BTC["hex"], offline=True), lang)
    evm_d = diagnose(evm["raw"], offline=True)
    evm_text = reply_text(evm_d, lang)
    assert RAW_BTC["txid"] in btc_text and evm_d.facts["hash"] in evm_text
    for text in (btc_text, evm_text):
        assert "well formed" not in text and "格式正确" not in text
        assert ("decoded" in text) if lang == "en" else ("解码" in text)
    txid_text = reply_text(diagnose("f" * 64, offline=True), lang)  # a bare txid keeps its sentence
    assert ("well formed" in txid_text) if lang == "en" else ("格式正确" in txid_text)


def test_every_scenario_runs_the_real_pipeline_on_recorded_answers() -> None:
    """No golden scenario is built by hand; each recording replayed is its scenario's, same verdict."""
    from tests.render.reply_scenarios import LTC_SOURCE
    from tests.render.scenarios_core import RECORDINGS as CORE
    from tests.render.scenarios_evm import RECORDINGS as EVM

    assert {source for source, _ in SCENARIOS.values()} <= {"recorded", LTC_SOURCE}
    files = sorted(EVM.glob("*.json")) + sorted(CORE.glob("*.json"))
    assert len(files) == 14
    for path in files:
        assert VERDICTS[path.stem].value == json.loads(path.read_text())["verdict"], path.name
