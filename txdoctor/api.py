"""The public Python API: ``txdoctor.diagnose()`` (README, docs/contract.md), the same as
``txdoctor check``. The work is the core's (:mod:`txdoctor.core.dispatch`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from txdoctor.core.chains import get_chain

if TYPE_CHECKING:
    from txdoctor.model import Diagnosis


def diagnose(
    text: str,
    *,
    chain: str | None = None,
    offline: bool = False,
    urls: Mapping[str, str | Sequence[str]] | None = None,
    timeout: float = 10.0,
    lang: str = "en",
    reply: bool = False,
) -> Diagnosis:
    """Diagnose one transaction ID or address; the same as ``txdoctor check``.

    ``urls`` maps a chain name to one provider URL or a list of them (tried in order).
    Raises ``TypeError`` for a ``urls`` of another shape, ``txdoctor.core.chains.UnknownChain``
    for an unknown chain name. ``lang="zh"`` (also ``zh-CN``, ``zh_CN``, ``zh-Hans``) and
    ``reply=True`` as ``--lang`` and ``--reply``: the reply is ``Diagnosis.reply``;
    :func:`txdoctor.reply_text` gives it for any diagnosis. An unsupported ``lang`` raises
    ``txdoctor.messages.UnsupportedLanguage`` (a ValueError).
    """
    from txdoctor.core.dispatch import diagnose_one, run_coroutine
    from txdoctor.core.session import Options
    from txdoctor.messages import normalize_lang

    lang = normalize_lang(lang)
    options = Options(chain=chain, offline=offline, urls=api_urls(urls), timeout=timeout, lang=lang)
    d = run_coroutine(lambda: diagnose_one(text, options), offline)
    if lang == "en" and not reply:
        return d
    from txdoctor.render.reply import localize

    return localize(d, lang, reply=reply)


def api_urls(urls: object) -> dict[str, list[str]]:
    """``urls`` of the Python API as the session wants them: chain → list of URLs.

    A plain string is one URL (not a sequence of one-character URLs); anything but a
    mapping of chain names to a string or a list/tuple of strings is a TypeError, at once.
    """
    if urls is None:
        return {}
    if not isinstance(urls, Mapping):
        raise TypeError(f"urls must be a mapping of chain name to URL(s), not {type(urls).__name__}")
    out: dict[str, list[str]] = {}
    for name, value in urls.items():
        if not isinstance(name, str):
            raise TypeError(f"urls: a chain name must be a string, not {type(name).__name__}")
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, (list, tuple)) or not all(isinstance(v, str) for v in values):
            raise TypeError(
                f"urls[{name!r}] must be a URL string or a list of URL strings, not {type(value).__name__}"
            )
        out[get_chain(name).name] = [v.strip().rstrip("/") for v in values if v.strip()]
    return out
