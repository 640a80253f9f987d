"""The TRON findings' words: the phrases a branch chooses read as before in English, and every
TRON finding reads in Chinese with no placeholder left and no English word (hand-built facts)."""

from __future__ import annotations

import re
from dataclasses import replace

from tests.families.tron.test_checks import TRON, TXID, A, B, by_code, info, run, usdt_tx
from tests.messages.test_catalog import NOT_WORDS, ZH_LATIN
from txdoctor.core.chains import CHAINS
from txdoctor.core.findings import localized
from txdoctor.families.tron.checks import TronTxContext, other_network, tron_tx_checks
from txdoctor.families.tron.facts import TronExtra, TronReceipt, TronTip, TronTx, TronTxLookup
from txdoctor.families.tron.resources import TronChainParams
from txdoctor.model import Finding

OOE_MESSAGE = (
    "Not enough energy for 'SSTORE' operation executing: curInvokeEnergyLimit[78572], "
    "curOpEnergy[20000], usedEnergy[58400], penaltyEnergy[0]"
)


def ooe(fee_limit: int, energy_fee: int, params: TronChainParams | None) -> list[Finding]:
    tx = replace(usdt_tx(ret="OUT_OF_ENERGY"), fee_limit=fee_limit)
    inf = replace(
        info("OUT_OF_ENERGY", fee=energy_fee, msg=OOE_MESSAGE),
        receipt=TronReceipt("OUT_OF_ENERGY", energy_usage_total=78_572, energy_fee=energy_fee),
    )
    ctx = TronTxContext(
        TRON, TXID, TronTxLookup(TXID, "p", tx, inf), TronTip(1010, 1, 1000), TronExtra(params)
    )
    return tron_tx_checks.run(ctx)


def test_out_of_energy_by_the_fee_limit_reads_as_before() -> None:
    f = by_code(ooe(16_500_120, 16_500_120, TronChainParams(210, 1000)), "TRON_OUT_OF_ENERGY")
    assert f.evidence["limited_by"] == "fee_limit"
    assert f.message == (
        "Out of energy because of the fee limit: the wallet set fee_limit = 16.50012 TRX, which buys "
        "about 78,572 energy at 210 sun per energy; the transfer needed about 130,285."
    )
    assert f.advice == (
        "Send again with a higher fee limit (the wallet's fee limit or energy setting): at least 28 TRX "
        "at today's 210 sun per energy. The fee limit is only a ceiling: the network burns what the "
        "transfer uses."
    )
    failed = by_code(ooe(16_500_120, 16_500_120, TronChainParams(210, 1000)), "TRON_TX_FAILED")
    assert failed.advice == "Nothing reached the recipient. " + f.advice
    zh = localized(f, "zh")
    assert zh.message.startswith("能量不足，原因是手续费上限：钱包设置的手续费上限为 16.50012 TRX")
    assert "78,572" in zh.message and "130,285" in zh.message and "至少需要 28 TRX" in zh.advice


def test_out_of_energy_of_unknown_limit_reads_as_before() -> None:
    f = by_code(ooe(100_000_000, 0, None), "TRON_OUT_OF_ENERGY")
    assert f.evidence["limited_by"] == "unknown"
    assert f.message.startswith(
        "Out of energy: the transfer could use at most 78,572 energy, what the fee limit or the sender's "
        "TRX and energy allowed; the transfer needed about 130,285. Energy is what running"
    )
    assert localized(f, "zh").message.startswith("能量不足：这笔转账最多只能使用 78,572 能量")


def test_a_failure_without_words_of_its_own_names_the_result() -> None:
    _, findings = run(usdt_tx(ret="SOMETHING_NEW"), info("SOMETHING_NEW", fee=1_000_000))
    f = by_code(findings, "TRON_TX_FAILED")
    assert f.message == (
        "Failed in block 1000: the network reported SOMETHING_NEW. The 50 USDT did not move, but 1 TRX "
        "was burned for the fee."
    )
    assert localized(f, "zh").message == (
        "交易失败，区块高度 1000：网络返回 SOMETHING_NEW。50 USDT 没有转出，但仍燃烧了 1 TRX 作为手续费。"
    )


def test_confirmations_are_counted_in_words() -> None:
    one = by_code(run(usdt_tx(), info(), TronTip(1000, 1, 999))[1], "TRON_TX_SUCCESS")
    many = by_code(run(usdt_tx(), info(), TronTip(1019, 1, 1000))[1], "TRON_TX_SUCCESS")
    assert one.message == "Succeeded in block 1000; 1 confirmation, final after about 19."
    assert many.message == "Succeeded in block 1000; 20 confirmations, solidified (final)."
    assert localized(many, "zh").message == "交易成功，区块高度 1000；确认数 20，已固化（不可逆）。"


def test_other_networks_are_named_in_the_language_of_the_report() -> None:
    f = other_network(CHAINS["tron-nile"], TXID, ["tron", "tron-shasta"])
    assert (
        f.message == "This transaction is not on TRON Nile testnet; it exists on TRON, TRON Shasta testnet."
    )
    assert f.advice.startswith(f"Check it there: txdoctor check {TXID} --chain tron. Test-network TRX")
    assert (
        localized(f, "zh").message == "该交易不在 TRON Nile 测试网上，而在 TRON 主网、TRON Shasta 测试网上。"
    )


def every_tron_finding() -> list[Finding]:
    trx = TronTx(TXID, "TransferContract", A, B, 5_000_000, None, None, None, None, "SUCCESS", None, 1)
    other = TronTx(TXID, "FreezeBalanceV2Contract", A, None, None, None, None, None, None, None, None, 1)
    out = ooe(16_500_120, 16_500_120, TronChainParams(210, 1000)) + ooe(100_000_000, 0, None)
    out += run(usdt_tx(recipient=USDT_SELF), info(fee=27_000_000))[1]
    out += run(trx, replace(info(None, fee=1_100_000), receipt=TronReceipt(None, net_fee=100_000)))[1]
    out += run(other, info(None))[1] + run(usdt_tx(), info(block=None))[1] + run(None, None)[1]
    return [*out, other_network(CHAINS["tron"], TXID, ["tron-nile"])]


USDT_SELF = usdt_tx().contract_address or ""


def test_every_tron_finding_reads_in_chinese() -> None:
    findings = every_tron_finding()
    codes = {f.code for f in findings}
    assert len(codes) >= 12
    for f in findings:
        zh = localized(f, "zh")
        text = zh.message + zh.advice
        shown = (str(v) for v in (*f.evidence.values(), f.words.get("command")))
        values = sorted((v for v in shown if not v.replace(".", "").isdigit()), key=len)
        for value in reversed(values):  # as shown: addresses, the node's message, the command…
            text = text.replace(value, "")
        text = NOT_WORDS.sub("", text)
        assert "{" not in text and "}" not in text, (f.code, zh.message)
        assert set(re.findall(r"[A-Za-z][A-Za-z0-9]*", text)) - ZH_LATIN == set(), (f.code, text)
