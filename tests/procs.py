"""Stopping a local test node (anvil, litecoind) the same way everywhere."""

from __future__ import annotations

import subprocess


def stop_process(proc: subprocess.Popen[bytes] | None, grace: float) -> str:
    """Terminate ``proc`` (kill it after ``grace`` seconds); the tail of its stderr, for messages."""
    if proc is None:
        return ""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    return err[-500:]
