"""The EVM findings' words: English as before, the same entries in Chinese (no network)."""

from __future__ import annotations

from tests.fakeserver import refused_url
from tests.families.evm.helpers import check, codes, finding
from txdoctor.core.findings import localized
from txdoctor.model import Verdict

HASH = "0x" + "ab" * 32


def test_no_evm_chain_answering_is_one_unreachable_for_every_chain() -> None:
    eth, base = refused_url(""), refused_url("")
    d = check(HASH, {}, None, eth=eth, base=base)
    assert d.verdict is Verdict.UNREACHABLE
    assert codes(d) == ["NET_UNREACHABLE"]
    f = finding(d, "NET_UNREACHABLE")
    assert f.evidence["chain"] is None and f.evidence["chains"] == ["eth", "base"]
    assert f.message == (
        f"Could not get an answer from any EVM chain's endpoint ({eth}: could not connect (ConnectError); "
        f"{base}: could not connect (ConnectError))."
    )
    zh = localized(f, "zh")
    assert zh.message.startswith("所有 EVM 链的节点都没有返回结果（") and eth in zh.message
