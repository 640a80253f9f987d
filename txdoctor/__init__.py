"""txdoctor: find out what happened to a crypto transfer, and why."""

from __future__ import annotations

import sys
import types
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

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
    Raises ``TypeError`` for a ``urls`` of another shape, ``txdoctor.chains.UnknownChain``
    for an unknown chain name. ``lang="zh"`` (also ``zh-CN``, ``zh_CN``, ``zh-Hans``) and
    ``reply=True`` as ``--lang`` and ``--reply``: the reply is ``Diagnosis.reply``;
    :func:`reply_text` gives it for any diagnosis. An unsupported ``lang`` raises
    ``txdoctor.messages.UnsupportedLanguage`` (a ValueError).
    """
    from txdoctor.diagnose import diagnose as _diagnose

    return _diagnose(text, chain=chain, offline=offline, urls=urls, timeout=timeout, lang=lang, reply=reply)


def reply_text(diagnosis: Diagnosis, lang: str | None = None) -> str:
    """The reply to the customer for ``diagnosis``, in ``lang`` (default: the diagnosis's)."""
    from txdoctor.render.reply import reply_text as _reply_text

    return _reply_text(diagnosis, lang)


class _Package(types.ModuleType):
    """Keeps ``txdoctor.diagnose`` the function: importing the submodule of the same name
    (``txdoctor/diagnose.py``) would otherwise replace it on the package with the module."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "diagnose" and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package

__all__ = ["__version__", "diagnose", "reply_text"]
