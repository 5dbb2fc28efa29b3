"""Writing to the terminal: text lines, JSON, errors, and masking PHI for display.

All output of the command line goes through here, so the conventions hold
everywhere: JSON has sorted keys and keeps non-ASCII text as it is; errors go to
standard error as ``medoffice: error: <message>``.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable
from typing import TextIO

__all__ = [
    "describe_os_error",
    "discard_stdout",
    "error",
    "mask",
    "progress_bar",
    "write_json",
    "write_lines",
]


def write_lines(lines: Iterable[str]) -> None:
    """Print each line to standard output.

    >>> write_lines(["OK  99213  (99213)", "BAD cpt.length: cpt: must be exactly 5 characters"])
    OK  99213  (99213)
    BAD cpt.length: cpt: must be exactly 5 characters
    """
    for line in lines:
        print(line)


def write_json(data: object) -> None:
    """Print ``data`` as JSON: sorted keys, indented, non-ASCII kept as is.

    >>> write_json({"valid": True, "kind": "npi", "note": "café"})
    {
      "kind": "npi",
      "note": "café",
      "valid": true
    }
    """
    print(json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2))


def error(message: str) -> None:
    r"""Print ``medoffice: error: <message>`` to standard error.

    >>> import contextlib, io
    >>> buffer = io.StringIO()
    >>> with contextlib.redirect_stderr(buffer):
    ...     error("stdin: the input is not valid text")
    >>> buffer.getvalue()
    'medoffice: error: stdin: the input is not valid text\n'
    """
    print(f"medoffice: error: {message}", file=sys.stderr)


def describe_os_error(exc: OSError) -> str:
    """A one-line description of an ``OSError``: the file name and the reason.

    >>> describe_os_error(FileNotFoundError(2, "No such file or directory", "claims.txt"))
    'claims.txt: No such file or directory'
    >>> describe_os_error(OSError("device not ready"))
    'device not ready'
    """
    reason = exc.strerror or str(exc)
    return f"{exc.filename}: {reason}" if exc.filename is not None else reason


def discard_stdout() -> None:
    """Point standard output at the null device after its reader went away.

    Called on ``BrokenPipeError`` (``medoffice demo | head -3``), so that the
    interpreter's final flush of standard output does not fail a second time.
    Does nothing if standard output is not a real file.

    >>> import io, sys
    >>> saved, sys.stdout = sys.stdout, io.StringIO()
    >>> discard_stdout()
    >>> sys.stdout = saved
    """
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


def mask(text: str, keep: int = 4) -> str:
    """Hide every letter and digit of ``text`` but the last ``keep`` behind ``*``.

    Separators stay, so the shape is still recognisable. Used for patient
    identifiers such as the MBI.

    >>> mask("1EG4-TE5-MK73")
    '****-***-MK73'
    >>> mask("1EG4TE5MK73")
    '*******MK73'
    >>> mask("AB", keep=4)
    'AB'
    """
    total = sum(ch.isalnum() for ch in text)
    seen = 0
    out = []
    for ch in text:
        if ch.isalnum():
            seen += 1
            out.append(ch if seen > total - keep else "*")
        else:
            out.append(ch)
    return "".join(out)


def progress_bar(
    label: str, *, stream: TextIO | None = None, minimum: int = 500
) -> Callable[[int, int], None] | None:
    r"""A ``progress(done, total)`` callback that draws a bar on a terminal, or ``None``.

    The library's long operations (``build_837p``, ``scrub_batch``) take such a
    callback. The bar goes to standard error, only when it is a terminal, and
    only for work of at least ``minimum`` steps; it redraws when the whole
    percentage changes and ends its line when the work is done.

    >>> import io
    >>> class Tty(io.StringIO):
    ...     def isatty(self):
    ...         return True
    >>> out = Tty()
    >>> bar = progress_bar("claims", stream=out, minimum=1)
    >>> for done in range(1, 5):
    ...     bar(done, 4)
    >>> out.getvalue().split("\r")[-1]
    'claims [########################] 100% (4/4)\n'
    >>> progress_bar("claims", stream=io.StringIO()) is None
    True
    """
    out = sys.stderr if stream is None else stream
    if not out.isatty():
        return None
    shown = -1

    def draw(done: int, total: int) -> None:
        nonlocal shown
        if total < minimum:
            return
        percent = 100 * done // total if total else 100
        if percent == shown:
            return
        shown = percent
        filled = 24 * percent // 100
        bar = "#" * filled + "." * (24 - filled)
        end = "\n" if done >= total else ""
        out.write(f"\r{label} [{bar}] {percent:3d}% ({done}/{total}){end}")
        out.flush()

    return draw
