"""Amounts in a token's or coin's smallest unit, shown in whole units: one function for every
family (wei, sun, token base units), exact (integers only, no float or Decimal)."""

from __future__ import annotations


def format_units(amount: int, decimals: int) -> str:
    """``1500000, 6`` → ``"1.5"``; ``27712999, 6`` → ``"27.712999"`` (trailing zeros dropped)."""
    if decimals <= 0:
        return str(amount)
    sign = "-" if amount < 0 else ""
    whole, frac = divmod(abs(amount), 10**decimals)
    digits = str(frac).rjust(decimals, "0").rstrip("0")
    return f"{sign}{whole}" + (f".{digits}" if digits else "")
