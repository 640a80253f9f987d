"""txdoctor: find out what happened to a crypto transfer, and why."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from txdoctor._version import __version__

if TYPE_CHECKING:
    from txdoctor.api import diagnose
    from txdoctor.model import Diagnosis


def __getattr__(name: str) -> Any:
    """``txdoctor.diagnose`` (:func:`txdoctor.api.diagnose`), imported on first use: ``import
    txdoctor`` stays free of the core."""
    if name == "diagnose":
        from txdoctor.api import diagnose

        return diagnose
    raise AttributeError(f"module 'txdoctor' has no attribute {name!r}")


def reply_text(diagnosis: Diagnosis, lang: str | None = None) -> str:
    """The reply to the customer for ``diagnosis``, in ``lang`` (default: the diagnosis's)."""
    from txdoctor.render.reply import reply_text as _reply_text

    return _reply_text(diagnosis, lang)


__all__ = ["__version__", "diagnose", "reply_text"]
