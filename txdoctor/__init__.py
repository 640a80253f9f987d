"""txdoctor: find out what happened to a crypto transfer, and why."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from txdoctor.model import Diagnosis


def diagnose(text: str, **kwargs: Any) -> Diagnosis:
    """Diagnose one transaction ID or address. See ``txdoctor.diagnose.diagnose``."""
    from txdoctor.diagnose import diagnose as _diagnose

    return _diagnose(text, **kwargs)


__all__ = ["__version__", "diagnose"]
