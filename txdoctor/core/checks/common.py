"""Findings every chain shares: input problems, secrets, reachability."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from txdoctor.core.findings import Term, finding
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


def input_problem(code: str, problem: str) -> Finding:
    return Finding(
        code,
        Category.STATUS,
        Severity.ERROR,
        problem,
        "Paste the transaction ID (txid/hash) or the address exactly as the wallet or explorer shows it.",
        {},
        Verdict.INVALID,
    )


def _provider_kind(chain: Chain) -> Term:
    kind = chain.family if chain.family in ("btc", "evm") else "other"
    return Term(f"provider_kind.{kind}")


def failure_details(failures: Sequence[Any]) -> str:
    """``provider: detail; …`` (providers' own words, technical), or that none was configured."""
    return "; ".join(f"{f.provider}: {f.detail}" for f in failures)


def unreachable(chain: Chain, failures: Sequence[Any]) -> Finding:
    refused = any(getattr(f, "reason", "") == "unauthorized" for f in failures)
    code = "NET_UNREACHABLE"
    return finding(
        code,
        Category.NETWORK,
        Severity.ERROR,
        {"chain": chain.name, "failures": [f.as_dict() for f in failures]},
        Verdict.UNREACHABLE,
        chain_name=Term(f"chain.{chain.name}"),
        detail=failure_details(failures) or Term("words.no_provider"),
        what_to_do=Term(
            "finding.NET_UNREACHABLE.unauthorized" if refused else "finding.NET_UNREACHABLE.retry",
            chain_name=chain.name,
            env_var=chain.env_var,
            provider_kind=_provider_kind(chain),
        ),
    )


def lookup_failed(what: str, chain: Any, failures: Sequence[Any]) -> Finding:
    """A secondary lookup failed: worth saying, but not the verdict (the format check stands)."""
    detail = "; ".join(f"{f.provider}: {f.detail}" for f in failures) or "no provider configured"
    return Finding(
        "NET_LOOKUP_FAILED",
        Category.NETWORK,
        Severity.WARNING,
        f"Could not look up {what} on {chain.display} ({detail}).",
        f"Try again later, or use another explorer: --url {chain.name}=URL or {chain.env_var}=URL.",
        {"chain": chain.name, "failures": [f.as_dict() for f in failures]},
    )


def provider_fallback(failures: Sequence[Any], used: str) -> Finding:
    return Finding(
        "NET_PROVIDER_FAILED",
        Category.NETWORK,
        Severity.WARNING,
        f"{', '.join(f.provider for f in failures)} did not answer properly; the answer comes from {used}.",
        "",
        {"failures": [f.as_dict() for f in failures], "answered_by": used},
    )


def offline_only(what: str, not_checked: str | None = None) -> Finding:
    if not_checked is None:
        return Finding(
            "NET_OFFLINE",
            Category.NETWORK,
            Severity.INFO,
            f"Offline: {what} was checked for format only; nothing was looked up.",
            "Run without --offline to look it up on the network.",
            {},
        )
    return Finding(
        "NET_OFFLINE",
        Category.NETWORK,
        Severity.INFO,
        f"Offline: only the format of {what} was checked. Not checked: {not_checked}.",
        "Run without --offline to look it up on the network.",
        {"checked": "format", "not_checked": not_checked},
    )


def maybe_private_key() -> Finding:
    """A 64-hex string found nowhere: it may be a raw private key rather than a txid."""
    return Finding(
        "INPUT_MAYBE_PRIVATE_KEY",
        Category.STATUS,
        Severity.WARNING,
        "A transaction ID and a raw private key look alike (64 characters 0-9, a-f). If this code came "
        "from a wallet's 'export private key' screen or a paper backup, it is a key, not a transaction.",
        "If it is a private key: do not paste it anywhere else, and move the funds to a new wallet if it "
        "has been shared. A transaction ID comes from the sending wallet's history or an explorer.",
        {},
    )


def _display(chain: str) -> str:
    from txdoctor.core.chains import CHAINS

    return CHAINS[chain].display if chain in CHAINS else chain


def from_link(via: str, taken: str, chain: str | None = None) -> Finding:
    evidence: dict[str, Any] = {"via": via, "taken": taken}
    if chain is not None:
        evidence["chain"] = chain
    return Finding(
        "INPUT_FROM_LINK",
        Category.STATUS,
        Severity.INFO,
        f"Took {taken} from {via}" + (f", which is about {_display(chain)}." if chain else "."),
        "",
        evidence,
    )


def prefix_dropped(text: str, chain: Chain) -> Finding:
    """A 0x hash checked on a chain whose transaction IDs are written without 0x."""
    return Finding(
        "INPUT_HEX_PREFIX_DROPPED",
        Category.STATUS,
        Severity.INFO,
        f"{chain.display} transaction IDs have no '0x' in front: it was dropped, and {text[2:]} was "
        f"checked as a {chain.display} transaction only, as asked.",
        "If this is an Ethereum-style (EVM) transaction hash, check it without --chain or with an EVM chain.",
        {"txid": text[2:], "chain": chain.name},
    )


NOT_FOUND_CAUSES = ("never_broadcast", "dropped_or_expired", "other_network")


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
    where = chain.display if chain is not None else "the chain asked"
    if cause == "other_network":
        message = f"Likely cause: another network. It is not on {where}, but {_names(found_on)} has it."
        advice = "Ask which network the sender used; a payment on one network never arrives on another."
    elif cause == "dropped_or_expired":
        message = (
            f"Likely cause: it was dropped or expired — it existed, but no network searched "
            f"({_names(searched)}) has it now."
        )
        advice = "Nothing was taken: the sender can send it again (with a higher fee if that was why)."
    else:
        message = (
            f"Likely cause: it was never broadcast — no network searched ({_names(searched) or 'none'}) "
            "knows it."
        )
        advice = (
            "Ask the sender to check the transaction in the wallet's history and rebroadcast or send it "
            "again; also check that the whole ID was copied."
        )
    if unasked:
        message += f" Could not ask: {_names(unasked)}."
    evidence: dict[str, Any] = {
        "cause": cause,
        "searched": searched,
        "unreachable": unasked,
        "found_on": list(found_on),
    }
    if narrowed:
        message, advice = _narrowed(message, advice, searched, cause)
        evidence["narrowed"] = True
    return Finding("NET_NOT_FOUND_CAUSE", Category.NETWORK, Severity.WARNING, message, advice, evidence)


def _narrowed(message: str, advice: str, searched: Sequence[str], cause: str) -> tuple[str, str]:
    """Only the user's own providers were asked: the cause is less certain than after a full search."""
    names = _names(searched) or "none"
    verb = "was" if len(searched) == 1 else "were"
    if cause == "never_broadcast":
        message = message.replace("Likely cause: it was never broadcast", "Not found", 1)
        message += " It was never broadcast, or it is on another network."
    message += (
        f" Only {names} {verb} searched: your own provider URL was given, so other networks and "
        "public explorers were not asked."
    )
    advice = (
        "Check it on a public explorer (or without --url / TXDOCTOR_URL_*, which searches the other "
        "networks too) before concluding. " + advice
    )
    return message, advice


def _names(chains: Sequence[str]) -> str:
    return ", ".join(_display(c) for c in chains)
