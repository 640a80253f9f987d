"""What went wrong with a provider, from the catalog (``failure.*``): English gives back the
provider's words exactly, Chinese says it in Chinese (issue 10)."""

from __future__ import annotations

import pytest

from tests.render.test_no_english import english_words
from txdoctor.core.chains import CHAINS
from txdoctor.core.checks.common import lookup_failed, unreachable
from txdoctor.core.failwords import detail_term, said
from txdoctor.core.findings import localized
from txdoctor.core.net.base import ProviderFailure
from txdoctor.messages import catalog
from txdoctor.messages.loader import read_entries

# (reason, detail as the providers write it: txdoctor/core/net/*, families' sources) -> its key
SAMPLES = {
    ("unavailable", "timed out after 10 s"): "timeout",
    ("unavailable", "timed out after 2.5 s while reading"): "timeout_reading",
    ("unavailable", "server error (HTTP 502)"): "server_error",
    ("rate_limited", "rate limited (HTTP 429)"): "rate_limited",
    ("not_found", "not found (HTTP 404)"): "not_found",
    ("unavailable", "the server closed the connection without answering"): "closed",
    ("unavailable", "could not connect (ConnectError)"): "could_not_connect",
    ("unavailable", "the connection failed (ConnectError)"): "connection_failed",
    ("unavailable", "connection broke mid-answer (RemoteProtocolError)"): "broke",
    ("bad_response", "answered an HTML page instead of data (an error or CDN challenge page?)"): "html",
    ("bad_response", "answered an HTML page instead of JSON (an error or CDN challenge page?)"): "html",
    ("bad_response", "answer too large (5000000 bytes; limit 4000000)"): "too_large",
    ("bad_response", "answer too large (over 4000000 bytes)"): "too_large",
    ("bad_response", "HTTP 400: invalid request"): "http_status_text",
    ("unauthorized", "HTTP 401"): "http_status",
    ("error", "no provider configured"): "no_provider",
    ("unavailable", "host is down"): "reason.unavailable",
    ("rate_limited", "slow down"): "reason.rate_limited",
    ("bad_response", "eth_getBlockByNumber: no 'latest' block"): "reason.bad_response",
    ("unauthorized", "the node refused the cookie"): "reason.unauthorized",
    ("not_found", "no such transaction"): "reason.not_found",
    ("error", "something else"): "reason.error",
    ("strange", "a reason txdoctor does not know"): "reason.error",
}


@pytest.mark.parametrize(("reason", "detail"), sorted(SAMPLES))
def test_each_failure_reads_back_in_english_and_in_chinese(reason: str, detail: str) -> None:
    term = detail_term(detail, reason)
    assert term.key == f"failure.{SAMPLES[reason, detail]}"
    assert catalog("en").value(term) == detail  # the provider's words, exactly
    zh = str(catalog("zh").value(term))
    skip = [term.values["snippet"]] if "snippet" in term.values else []
    assert zh != detail and english_words(zh, skip) == set(), zh


def test_the_samples_reach_every_failure_entry() -> None:
    keys = {k.removeprefix("failure.") for k in read_entries("en") if k.startswith("failure.")}
    assert set(SAMPLES.values()) | {"item"} == keys


def failures() -> list[ProviderFailure]:
    return [ProviderFailure(f"p{i}.example", r, d) for i, (r, d) in enumerate(sorted(SAMPLES))]


def test_unreachable_and_lookup_failed_keep_their_english_and_read_in_chinese() -> None:
    chain = CHAINS["btc"]
    fs = failures()
    old = "; ".join(f"{f.provider}: {f.detail}" for f in fs)  # what the message always said
    f = unreachable(chain, fs)
    assert f.message == f"Could not get an answer about Bitcoin mainnet from any provider ({old})."
    assert f.evidence["failures"] == [x.as_dict() for x in fs]  # JSON: the providers' own words
    g = lookup_failed("the address's activity", chain, fs)
    assert g.message.startswith("Could not look up the address's activity on Bitcoin mainnet (" + old)
    for zh in (localized(f, "zh").message, localized(g, "zh").message):
        assert "p0.example：" in zh and "；" in zh and "秒内无应答" in zh
        assert english_words(zh, [x.provider for x in fs] + ["invalid request"]) == set(), zh


def test_fees_unreachable_lines_in_chinese() -> None:
    line = "mempool.space: timed out after 10 s / server error (HTTP 503)"
    assert said(line, "en") == line
    zh = said(line, "zh")
    assert zh == "mempool.space：10 秒内无应答（超时） / 服务器出错（HTTP 503）"
    assert said("mempool.space", "zh") == "mempool.space"
    assert said("no provider configured", "zh") == "未配置数据源"
