"""EVM units, in one place (light: the offline path uses them)."""

GWEI = 10**9  # wei per gwei
