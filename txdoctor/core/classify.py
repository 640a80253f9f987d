"""What is this input? Which chains could it belong to? Is it a secret?

Runs before any network call. A secret is recognised first so that it is never
sent anywhere; hostile or malformed text gets a reason, never an exception.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from txdoctor.addresses import parse_address
from txdoctor.core.classified import Classified
from txdoctor.core.families import claiming
from txdoctor.core.links import csv_fields, parse_link, unquote_id
from txdoctor.core.secrets import detect_secret
from txdoctor.messages import Term
from txdoctor.model import Kind

MAX_INPUT = 1000
VIA_LINK = "an explorer link"
MAX_EVM_RAW_HEX = 2 + 2 * 256 * 1024  # 0x + 128 KiB, the usual txpool size limit
MAX_RAW_HEX = 400_000  # a standard Bitcoin tx is at most 400,000 weight units (100 kB); hex doubles
_HEX = re.compile(r"^[0-9a-fA-F]+$")
_INVISIBLE = {"Cf", "Cc", "Zl", "Zp"}


def _unknown(text: str, code: str, **words: object) -> Classified:
    """Not something txdoctor checks: ``code``'s catalog entry, filled from ``words``, says why."""
    return Classified(text, Kind.UNKNOWN, "unknown", problem_code=code, problem_words=tuple(words.items()))


def _odd_character(text: str) -> tuple[int, str, str] | None:
    """The first invisible, control or non-ASCII character: (position, char, its name)."""
    if text.isascii() and text.replace("\t", " ").isprintable():  # the usual case, without a loop
        return None
    for pos, ch in enumerate(text):
        if ch.isascii() and ch.isprintable():
            continue
        if ch in " \t":
            continue
        name = unicodedata.name(ch, f"U+{ord(ch):04X}").lower()
        return pos, ch, name
    return None


def _character(ch: str, name: str) -> Term:
    """A character's name and code point: its catalog name (``character.<hex>``) when it has one,
    else its Unicode name, which only English shows (the catalog's ``unnamed``)."""
    from txdoctor.messages import ENGLISH, catalog

    key, code_point = f"character.{ord(ch):04x}", f"U+{ord(ch):04X}"
    if catalog(ENGLISH).knows(key):
        return Term("finding.INPUT_HIDDEN_CHARACTER.named", name=Term(key), code_point=code_point)
    return Term("finding.INPUT_HIDDEN_CHARACTER.unnamed", name=name, code_point=code_point)


def classify(raw: str) -> Classified:
    text = raw.strip()
    if not text:
        return _unknown("", "INPUT_EMPTY")
    # Secrets first: detect_secret looks through odd spacing, wrappings and invisible characters.
    secret = detect_secret(text)
    if secret is not None and secret.kind == "seed_words":
        return _unknown("[redacted]", "INPUT_SEED_WORDS")
    if secret is not None:
        return Classified("[redacted]", Kind.SECRET, "secret", secret=secret)
    quoted = _quoted(text)
    if quoted is not None:
        return quoted
    if looks_like_raw_tx(text) and _HEX.match(text):
        return Classified(text.lower(), Kind.TXID, "raw_tx_hex", _candidates("raw_tx_hex"))
    if looks_like_evm_raw_tx(text) and _HEX.match(text[2:]):
        return Classified(text.lower(), Kind.TXID, "raw_tx_0x", _candidates("raw_tx_0x"))
    if len(text) > MAX_INPUT:
        return _unknown(text[:60] + "…", "INPUT_TOO_LONG", length=str(len(text)))
    odd = _odd_character(text)
    if odd is not None:
        pos, ch, name = odd
        kind = "invisible" if unicodedata.category(ch) in _INVISIBLE else "look_alike"
        return _unknown(
            text,
            "INPUT_HIDDEN_CHARACTER",
            kind=Term(f"finding.INPUT_HIDDEN_CHARACTER.{kind}"),
            character=_character(ch, name),
            position=str(pos + 1),
        )
    special = _special(text)
    if special is not None:
        return special
    if "://" in text or text.lower().startswith("www."):
        return _unknown(text, "INPUT_URL")
    if text.startswith(("/", "./", "../", "~")) or "\\" in text:
        return _unknown(text, "INPUT_PATH")
    if " " in text or "\t" in text:
        return _unknown(text, "INPUT_HAS_SPACES")
    low = text.lower()
    if len(text) == 64 and _HEX.match(text):
        return Classified(low, Kind.TXID, "txid_hex", _candidates("txid_hex"))
    if low.startswith("0x") and len(text) == 66 and _HEX.match(text[2:]):
        return Classified(low, Kind.TXID, "txid_0x", _candidates("txid_0x"))
    address = parse_address(text)
    if address is not None:
        return Classified(text, Kind.ADDRESS, "address", address.chains, address=address)
    body = text[2:] if low.startswith("0x") else text
    if body and _HEX.match(body):
        return _unknown(text, "INPUT_WRONG_LENGTH", length=str(len(body)))
    return _unknown(text, "INPUT_UNRECOGNISED")


def looks_like_raw_tx(text: str) -> bool:
    """Cheap shape test: even-length hex, version 1 or 2 little-endian, longer than a txid."""
    if len(text) < 120 or len(text) % 2 or len(text) > MAX_RAW_HEX:
        return False
    try:
        int(text[:16], 16)
    except ValueError:
        return False
    return text[:8].lower() in ("01000000", "02000000", "03000000")


def looks_like_evm_raw_tx(text: str) -> bool:
    """Shape only: 0x + even-length hex longer than a hash, starting like a typed or RLP tx."""
    if not text.lower().startswith("0x") or len(text) <= 66 or len(text) % 2 or len(text) > MAX_EVM_RAW_HEX:
        return False
    return text[2:4].lower() in ("01", "02", "03", "04", "f8", "f9", "fa")


_TOKEN_TRANSFER = re.compile(r"^/transfer\?(?:[^#]*&)?address=(0x[0-9A-Fa-f]{40})(?![0-9A-Za-z])")
_URI = re.compile(r"^(bitcoin|litecoin|ethereum):(?://)?([0-9A-Za-z]+)(?:@(\d+))?", re.IGNORECASE)
_XPUB = re.compile(r"^[xyzuvtYZUV]pub[1-9A-HJ-NP-Za-km-z]{100,112}$")
_LIGHTNING = re.compile(
    r"^(lightning:)?(ln(bc|tb|bcrt|tbs)[0-9a-z]{20,}|lnurl1[0-9a-z]{20,})$", re.IGNORECASE
)


def _special(text: str) -> Classified | None:
    """Links and payment URIs carrying an ID; Lightning invoices and xpubs, which are neither."""
    if _LIGHTNING.match(text):
        return _unknown(text, "INPUT_LIGHTNING")
    if _XPUB.match(text):
        return _unknown(text, "INPUT_EXTENDED_PUBLIC_KEY")
    uri = _URI.match(text)
    if uri is not None:
        return _payment_uri(text, uri)
    return _link(text) or _wrapped(text)


def _payment_uri(text: str, uri: re.Match[str]) -> Classified | None:
    """``bitcoin:``/``litecoin:``/``ethereum:`` URIs. An EIP-681 token transfer
    (``ethereum:<token>@<chain id>/transfer?address=<recipient>&uint256=…``) pays the
    recipient, not the token's contract; ``@<chain id>`` names the EVM chain."""
    scheme, target = uri.group(1).lower(), uri.group(2)
    recipient = _TOKEN_TRANSFER.match(text[uri.end() :]) if scheme == "ethereum" else None
    inner = classify(recipient.group(1) if recipient else target)
    if inner.kind is Kind.SECRET:
        return inner  # a key inside a link is still a key: refused, never echoed
    if inner.kind is Kind.UNKNOWN:
        return None
    article = "an" if scheme == "ethereum" else "a"
    via = f"an {scheme}: token transfer link" if recipient else f"{article} {scheme}: payment link"
    chain = _evm_chain(uri.group(3)) if scheme == "ethereum" else None
    return replace(inner, via=via, link_chain=chain or inner.link_chain)


def _evm_chain(chain_id: str | None) -> str | None:
    from txdoctor.core.chains import CHAINS

    if not chain_id:
        return None
    return next((c.name for c in CHAINS.values() if c.family == "evm" and str(c.chain_id) == chain_id), None)


def _link(text: str) -> Classified | None:
    """An explorer link (with or without the scheme): its ID, and the chain it names."""
    link = parse_link(text)
    if link is None:
        return None
    inner = classify(link.id)
    if inner.kind is Kind.SECRET:
        return inner  # a key inside a link is still a key: refused, never echoed
    if inner.kind not in (Kind.TXID, Kind.ADDRESS):
        return None
    if link.unsupported:
        return _unknown(
            inner.text,
            "INPUT_UNSUPPORTED",
            problem=Term("finding.INPUT_UNSUPPORTED.link", host=link.host, network=link.unsupported),
        )
    return replace(inner, via=VIA_LINK, link_chain=link.chain)


def _quoted(text: str) -> Classified | None:
    """An ID (or link) inside one pair of quotes, straight or typographic."""
    quoted = unquote_id(text)
    if quoted is None:
        return None
    inner = classify(quoted)
    if inner.kind is Kind.SECRET or inner.via is not None:
        return inner
    return replace(inner, via="quotes") if inner.kind in (Kind.TXID, Kind.ADDRESS) else None


def _wrapped(text: str) -> Classified | None:
    """The first field of a CSV line (a key in any field is refused)."""
    fields = csv_fields(text)
    if not fields:
        return None
    for field_text in fields[1:]:
        secret = detect_secret(field_text)
        if secret is not None:
            return Classified("[redacted]", Kind.SECRET, "secret", secret=secret)
    inner = classify(fields[0])
    if inner.kind is Kind.SECRET or inner.via is not None:
        return inner
    return (
        replace(inner, via="the first field of a CSV line")
        if inner.kind in (Kind.TXID, Kind.ADDRESS)
        else None
    )


def _candidates(form: str) -> tuple[str, ...]:
    """The chains an input of ``form`` is looked up on by default: those of the family taking it."""
    spec = claiming(form, None)
    return tuple(c.name for c in spec.chains() if c.lookup_by_default) if spec is not None else ()
