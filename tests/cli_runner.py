"""Run the CLI in-process with captured stdin/stdout/stderr (like click's CliRunner)."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str
    exception: BaseException | None = None

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


class CliRunner:
    def invoke(
        self,
        app: Callable[[Sequence[str]], int],
        args: Sequence[str],
        input: str | None = None,
        env: dict[str, str] | None = None,
    ) -> Result:
        out, err = io.StringIO(), io.StringIO()
        stdin = io.StringIO(input or "")
        exception: BaseException | None = None
        with (
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
            _redirect_stdin(stdin),
            _environ(env or {}),
        ):
            try:
                code = app(list(args))
            except SystemExit as exc:  # argparse's --version and --help
                code = exc.code if isinstance(exc.code, int) else 0
                exception = exc
            except Exception as exc:
                code = -1
                exception = exc
        return Result(code, out.getvalue(), err.getvalue(), exception)


@contextlib.contextmanager
def _redirect_stdin(stream: io.StringIO):  # type: ignore[no-untyped-def]
    import sys

    old = sys.stdin
    sys.stdin = stream
    try:
        yield
    finally:
        sys.stdin = old


@contextlib.contextmanager
def _environ(env: dict[str, str]):  # type: ignore[no-untyped-def]
    import os

    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
