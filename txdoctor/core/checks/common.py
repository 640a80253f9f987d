"""Findings every chain shares: input problems, secrets, reachability.

Each finding's words are its catalog entry ``finding.<CODE>`` (txdoctor/messages/en.toml);
a phrase a branch chooses is a sub-key of that entry, passed as a :class:`Term`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from txdoctor.core.findings import Term, TermList, finding
from txdoctor.core.secretmatch import SecretMatch
from txdoctor.model import Category, Finding, Severity, Verdict

if TYPE_CHECKING:
    from txdoctor.core.chains import Chain


def secret_refused(secret: SecretMatch) -> Finding:
    return finding(
        "INPUT_SECRET",
        Category.STATUS,
        Severity.ERROR,
        {"secret_kind": secret.kind, "certain": secret.certain},
        Verdict.REFUSED,
        label=secret.label,
    )


def input_problem(code: str, **words: Any) -> Finding:
    """An input that is not a transaction ID or an address: ``finding.<code>`` filled from ``words``."""
    return finding(code, Category.STATUS, Severity.ERROR, {}, Verdict.INVALID, **words)


def bad_raw_tx(kind: str, error: Term | str) -> Finding:
    """Hex shaped like a signed transaction of ``kind`` (``bitcoin``, ``evm``) that does not decode;
    ``error`` is the decoder's reason (a ``raw_tx_error.*`` term: it reads in the reader's language)."""
    what = Term(f"finding.INPUT_BAD_RAW_TX.{kind}")
    return input_problem("INPUT_BAD_RAW_TX", what=what, error=error)


def chain_term(name: str) -> Term | str:
    """A chain's name in the reader's language (its key when txdoctor has no such chain)."""
    from txdoctor.core.chains import CHAINS

    return Term(f"chain.{name}") if name in CHAINS else name


def chain_names(chains: Sequence[str]) -> TermList:
    """Chains by name, as one list (``Bitcoin mainnet, Litecoin``)."""
    return TermList(chain_term(c) for c in chains)


def _provider_kind(chain: Chain) -> Term:
    kind = chain.family if chain.family in ("btc", "evm") else "other"
    return Term(f"provider_kind.{kind}")


def failure_details(failures: Sequence[Any]) -> TermList:
    """``provider: what went wrong; …`` in the reader's language (the English is each provider's
    own words, as the JSON evidence keeps them: txdoctor.core.failwords); empty for none."""
    from txdoctor.core.failwords import failure_words

    return failure_words(failures)


def unreachable(chain: Chain, failures: Sequence[Any], no_answer: Term | None = None) -> Finding:
    """No provider of ``chain`` answered; ``no_answer`` says so when it is not about one chain."""
    refused = any(getattr(f, "reason", "") == "unauthorized" for f in failures)
    code = "NET_UNREACHABLE"
    chain_name = Term(f"chain.{chain.name}")
    detail = failure_details(failures) or Term("words.no_provider")
    return finding(
        code,
        Category.NETWORK,
        Severity.ERROR,
        {"chain": chain.name, "failures": [f.as_dict() for f in failures]},
        Verdict.UNREACHABLE,
        no_answer=no_answer or Term(f"finding.{code}.about_chain", chain_name=chain_name, detail=detail),
        what_to_do=Term(
            f"finding.{code}.unauthorized" if refused else f"finding.{code}.retry",
            chain_name=chain.name,
            env_var=chain.env_var,
            provider_kind=_provider_kind(chain),
        ),
    )


# What a secondary lookup or an offline check was about, by its English phrase (callers not
# converted yet pass the phrase; converted ones pass the Term).
_WHAT = {
    "the address's activity": "address_activity",
    "the latest block (for the confirmation count)": "latest_block",
    "details for the root cause": "root_cause_details",
    "the account's resources and USDT status": "account_resources",
    "the transaction ID": "txid",
    "the transaction hash": "tx_hash",
    "the signed transaction": "signed_tx",
}


def what_term(what: str | Term) -> Term | str:
    """The Term of a phrase naming what was looked up (``words.what.<key>``)."""
    if isinstance(what, Term):
        return what
    return Term(f"words.what.{_WHAT[what]}") if what in _WHAT else what


def lookup_failed(what: str | Term, chain: Any, failures: Sequence[Any]) -> Finding:
    """A secondary lookup failed: worth saying, but not the verdict (the format check stands)."""
    return finding(
        "NET_LOOKUP_FAILED",
        Category.NETWORK,
        Severity.WARNING,
        {"chain": chain.name, "failures": [f.as_dict() for f in failures]},
        what=what_term(what),
        chain_name=chain_term(chain.name),
        detail=failure_details(failures) or Term("words.no_provider"),
        chain_key=chain.name,
        env_var=chain.env_var,
    )


def provider_fallback(failures: Sequence[Any], used: str) -> Finding:
    return finding(
        "NET_PROVIDER_FAILED",
        Category.NETWORK,
        Severity.WARNING,
        {"failures": [f.as_dict() for f in failures], "answered_by": used},
        providers=", ".join(f.provider for f in failures),
    )


def offline_only(what: str | Term, not_checked: str | None = None, unchecked: Term | None = None) -> Finding:
    """``--offline``: only the format of ``what`` was checked. ``not_checked`` (English, kept in
    the evidence) says what was not; ``unchecked`` is the same in the catalog's words."""
    if not_checked is None:
        checked = Term("finding.NET_OFFLINE.format_only", what=what_term(what))
        return finding("NET_OFFLINE", Category.NETWORK, Severity.INFO, {}, what_was_checked=checked)
    partly = Term("finding.NET_OFFLINE.partly", what=what_term(what), not_checked=unchecked or not_checked)
    return finding(
        "NET_OFFLINE",
        Category.NETWORK,
        Severity.INFO,
        {"checked": "format", "not_checked": not_checked},
        what_was_checked=partly,
    )


def maybe_private_key() -> Finding:
    """A 64-hex string found nowhere: it may be a raw private key rather than a txid."""
    return finding("INPUT_MAYBE_PRIVATE_KEY", Category.STATUS, Severity.WARNING, {})


_VIA = {
    "an explorer link": "explorer_link",
    "quotes": "quotes",
    "the first field of a CSV line": "csv_field",
    "a bitcoin: payment link": "bitcoin_link",
    "a litecoin: payment link": "litecoin_link",
    "an ethereum: payment link": "ethereum_link",
    "an ethereum: token transfer link": "ethereum_token_link",
}


def from_link(via: str, taken: str, chain: str | None = None) -> Finding:
    evidence: dict[str, Any] = {"via": via, "taken": taken}
    if chain is not None:
        evidence["chain"] = chain
    return finding(
        "INPUT_FROM_LINK",
        Category.STATUS,
        Severity.INFO,
        evidence,
        via=Term(f"finding.INPUT_FROM_LINK.via.{_VIA[via]}") if via in _VIA else via,
        about=(
            Term("finding.INPUT_FROM_LINK.about", chain_name=chain_term(chain))
            if chain
            else Term("finding.INPUT_FROM_LINK.end")
        ),
    )


def network_inferred(chain: Chain, todo: str) -> Finding:
    """A bare txid (no --chain) found on ``chain``, not on Bitcoin mainnet; ``todo``: the advice's
    sub-key (``test_network``, ``other_coin``, ``tron``)."""
    name = Term(f"chain.{chain.name}")
    return finding(
        "BTC_TX_NETWORK_INFERRED",
        Category.NETWORK,
        Severity.WARNING,
        {"chain": chain.name},
        chain_name=name,
        todo=Term(f"finding.BTC_TX_NETWORK_INFERRED.{todo}", chain_name=name, symbol=chain.symbol),
    )


def prefix_dropped(text: str, chain: Chain) -> Finding:
    """A 0x hash checked on a chain whose transaction IDs are written without 0x."""
    return finding(
        "INPUT_HEX_PREFIX_DROPPED",
        Category.STATUS,
        Severity.INFO,
        {"txid": text[2:], "chain": chain.name},
        chain_name=Term(f"chain.{chain.name}"),
    )


NOT_FOUND_CAUSES = ("never_broadcast", "dropped_or_expired", "other_network")
_NF = "finding.NET_NOT_FOUND_CAUSE"


def not_found_cause(
    chain: Chain | None,
    searched: Sequence[str],
    unreachable: Sequence[str] = (),
    found_on: Sequence[str] = (),
    cause: str | None = None,
    narrowed: bool = False,
) -> Finding:
    """The one network-category finding every ``not_found`` carries, whatever the family:
    the likely cause, the networks searched and those that could not be asked. ``narrowed``:
    the user's own provider URLs were given, so networks otherwise searched were not asked."""
    searched = list(dict.fromkeys(searched))
    unasked = [n for n in dict.fromkeys(unreachable) if n not in searched]
    cause = "other_network" if found_on else (cause or "never_broadcast")
    evidence: dict[str, Any] = {
        "cause": cause,
        "searched": searched,
        "unreachable": unasked,
        "found_on": list(found_on),
    }
    if narrowed:
        evidence["narrowed"] = True
    names = chain_names(searched) if searched else Term("words.none")
    first = "not_found" if narrowed and cause == "never_broadcast" else cause
    return finding(
        "NET_NOT_FOUND_CAUSE",
        Category.NETWORK,
        Severity.WARNING,
        evidence,
        cause_text=Term(
            f"{_NF}.cause.{first}",
            where=chain_term(chain.name) if chain is not None else Term(f"{_NF}.chain_asked"),
            found=chain_names(found_on),
            searched=names if cause == "never_broadcast" else chain_names(searched),
        ),
        could_not_ask=Term(f"{_NF}.could_not_ask", names=chain_names(unasked)) if unasked else "",
        never_or_other=Term(f"{_NF}.never_or_other") if first == "not_found" else "",
        only=_only(searched, names) if narrowed else "",
        check_first=Term(f"{_NF}.check_first") if narrowed else "",
        cause_advice=Term(f"{_NF}.todo.{cause}"),
    )


def _only(searched: Sequence[str], names: Any) -> Term:
    """Only the user's own providers were asked: the cause is less certain than after a full search."""
    return Term(f"{_NF}.only_one" if len(searched) == 1 else f"{_NF}.only_many", names=names)
