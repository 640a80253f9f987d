"""Provider URLs: one validation for every source (--url, TXDOCTOR_URL_*, the config
file, the Python API) and the redaction used in every message that names a provider.

Redaction hides what can be a credential: user:password@, every query value whose name
is not known to be harmless, a fragment, and key-like path segments (``/v3/<key>``,
a short token as the last segment). It errs on the side of hiding: a redacted message
still names the host, which is what a user needs to tell providers apart.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from txdoctor.messages import Worded

# Query names whose values are never credentials (explorer and RPC API parameters).
HARMLESS_QUERY_NAMES = frozenset(
    {
        *("module", "action", "chain", "chainid", "chain_id", "network", "net", "format", "v"),
        *("version", "limit", "offset", "page", "sort", "order", "txhash", "hash", "txid", "tx"),
        *("address", "tag", "visible", "json", "lang"),
    }
)
# Path words after which a hex ID is a transaction or block, not a key.
_ID_WORDS = frozenset({"tx", "txs", "transaction", "transactions", "address", "block", "blocks", "outspend"})
# Words (testnet4, polygon-mainnet, v3, api), numbers, short names (C): not credentials.
_PLAIN_SEGMENT = re.compile(
    r"^(?=.{1,24}$)(?:[a-z]+(?:[-_.][a-z]+)*\d{0,2}|v\d{1,2}|\d{1,12}|[A-Za-z]{1,5})$"
)
_ID = re.compile(r"^[0-9A-Za-z]{20,130}$")  # a txid, hash or address after /tx/, /address/…
_USERINFO = re.compile(r"(?<![\w.-])[^\s/@:'\"<>]+:[^\s/@'\"<>]*@(?=[\w\[])")
_URL_IN_TEXT = re.compile(r"(?i)\bhttps?://[^\s'\"<>]+")
MASK = "***"


class InvalidUrl(Worded):
    """A provider URL that cannot be used (``usage.url.*``); the message shows it redacted."""


def check_url(url: object, source: str) -> str:
    """The URL ready to use (trimmed, no trailing slash), or InvalidUrl naming ``source``
    (e.g. ``--url btc``, ``TXDOCTOR_URL_BTC``, ``config.toml [providers] btc``)."""
    if not isinstance(url, str):
        raise InvalidUrl("usage.url.not_text", source=source, type=type(url).__name__)
    text = url.strip()
    shown = redact_url(text)
    if not text:
        raise InvalidUrl("usage.url.empty", source=source)
    if any(c.isspace() or not c.isprintable() for c in text):
        raise InvalidUrl("usage.url.spaces", source=source, url=repr(shown))
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise InvalidUrl("usage.url.bad_host_or_port", source=source, url=repr(shown)) from None
    if parts.scheme.lower() in ("core+http", "core+https"):  # a Bitcoin/Litecoin Core node's JSON-RPC
        try:
            parse_core_url(text)
        except CoreUrlError as err:
            raise InvalidUrl("usage.url.core", source=source, error=err.term) from None
        return text.rstrip("/")
    if parts.scheme.lower() not in ("http", "https"):
        raise InvalidUrl("usage.url.not_http", source=source, url=repr(shown))
    if not parts.hostname or port == 0:
        raise InvalidUrl("usage.url.no_host", source=source, url=repr(shown))
    return text.rstrip("/")


def redact_url(url: str) -> str:
    """Hide credentials in a URL (or in something meant as one, scheme or not)."""
    if not isinstance(url, str):
        return MASK
    text = url.strip()
    has_scheme = "://" in text
    try:
        parts = urlsplit(text if has_scheme else "//" + text)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return _USERINFO.sub(MASK + "@", text.split("?")[0].split("#")[0]) if "@" in text else MASK
    if not host and not parts.netloc:
        return text
    if not has_scheme and not _looks_like_a_host(host):
        return MASK  # a bare word that is no host name: maybe an API key pasted where a URL goes
    if ":" in host:
        host = f"[{host}]"
    if port is not None:
        host = f"{host}:{port}"
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        host = f"{MASK}@{host}"
    path = _redact_path(parts.path)
    query = _redact_query(parts.query)
    shown = urlunsplit((parts.scheme, host, path, query, MASK if parts.fragment else ""))
    return shown if has_scheme else shown[2:]


def _looks_like_a_host(host: str) -> bool:
    """A dotted name, an IP address, or a short plain word such as ``localhost`` or ``bitcoind``."""
    return "." in host or ":" in host or bool(_PLAIN_SEGMENT.match(host))


def _redact_path(path: str) -> str:
    segments = path.split("/")
    out = []
    for i, segment in enumerate(segments):
        prev = segments[i - 1].lower() if i else ""
        if not segment or _PLAIN_SEGMENT.match(segment) or (prev in _ID_WORDS and _ID.match(segment)):
            out.append(segment)
        else:
            out.append(MASK)
    return "/".join(out)


def _redact_query(query: str) -> str:
    if not query:
        return ""
    pairs = []
    for pair in re.split(r"[&;]", query):
        name, sep, _value = pair.partition("=")
        if sep and name.lower() in HARMLESS_QUERY_NAMES:
            pairs.append(pair)
        elif sep:
            pairs.append(f"{name}={MASK}" if re.fullmatch(r"[\w.\-\[\]]{1,40}", name) else MASK)
        else:
            pairs.append(MASK)
    return "&".join(pairs)


def redact_text(text: str) -> str:
    """Redact every URL inside a free-text message, and any user:password@ left over."""
    if not isinstance(text, str):
        return ""
    if "@" not in text and "://" not in text:  # neither pattern can match (every 404's detail)
        return text
    return _USERINFO.sub(MASK + "@", _URL_IN_TEXT.sub(lambda m: redact_url(m.group(0)), text))


# ---------------------------------------------------------------- a Core node's URL
# ``core+http://user:pass@127.0.0.1:8332`` or ``core+http://127.0.0.1:9332?cookie=PATH``
# (txdoctor.families.bitcoin.core_rpc sends the calls; validating it is every URL source's rule).

SCHEMES = ("core+http", "core+https")


def is_core_url(url: str) -> bool:
    return url.strip().lower().startswith(tuple(s + "://" for s in SCHEMES))


class CoreUrlError(Worded):
    """A core+http(s) URL that cannot be used (``usage.core_url.*``); the message never holds
    its credentials."""


@dataclass(frozen=True)
class CoreEndpoint:
    url: str  # plain http(s) URL the requests go to, without credentials or query
    name: str  # how it is shown: the core+ URL with credentials redacted
    user: str | None = None
    password: str | None = None
    cookie: str | None = None  # path of the cookie file


def parse_core_url(url: str) -> CoreEndpoint:
    """Split a core+http(s) URL into where to send requests and how to authenticate."""
    shown = redact_url(url)
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise CoreUrlError("usage.core_url.invalid", url=repr(shown)) from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES or not parts.hostname:
        raise CoreUrlError("usage.core_url.shape", url=repr(shown))
    query = dict(parse_qsl(parts.query))
    unknown = sorted(set(query) - {"cookie"})
    if unknown:
        raise CoreUrlError("usage.core_url.unknown_option", url=repr(shown), option=repr(unknown[0]))
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    netloc = f"{host}:{port}" if port else host
    target = urlunsplit((scheme.removeprefix("core+"), netloc, parts.path or "/", "", ""))
    cookie = query.get("cookie")
    if cookie is not None and (parts.username or parts.password):
        raise CoreUrlError("usage.core_url.both", url=repr(shown))
    return CoreEndpoint(
        url=target,
        name=shown,
        user=parts.username,
        password=parts.password,
        cookie=os.path.expanduser(cookie) if cookie else None,
    )
