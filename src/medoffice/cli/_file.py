"""``medoffice file sort``: medical record numbers in shelf order.

- ``file sort [--system terminal-digit|middle-digit|straight] [--padded] FILE``:
  reads record numbers one per line from ``FILE`` (``-`` for standard input;
  blank lines are skipped) and prints them in the order their folders stand on
  the shelf (see :mod:`medoffice.indexing.numbering`). A line that is not a
  record number is reported on standard error as ``line N: <rule>`` (its text is
  never echoed); the valid numbers are still printed, and the exit status is 1.

>>> from medoffice.cli import main
>>> main(["file", "sort", "--help"])  # doctest: +ELLIPSIS
usage: medoffice file sort [-h] [--json]...
...
0
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from medoffice.cli._claim import _read_text
from medoffice.cli._command import add_command, add_group
from medoffice.cli._output import error, write_json, write_lines

if TYPE_CHECKING:
    from medoffice.cli._command import Subparsers
    from medoffice.indexing.numbering import RecordNumber

__all__ = ["register", "sort_lines"]

_SYSTEMS = ("terminal-digit", "middle-digit", "straight")


def sort_lines(
    text: str, system: str
) -> tuple[list[tuple[int, RecordNumber]], list[dict[str, Any]]]:
    r"""The valid numbers of ``text`` in shelf order with their line numbers, and the errors.

    Each error is ``{"line": N, "code": ..., "message": ...}``; the message names
    the rule, never the line's text.

    >>> numbers, errors = sort_lines("04-21-35\n\n12-34x\n04-21-34\n", "terminal-digit")
    >>> [(line, str(n)) for line, n in numbers]
    [(4, '04-21-34'), (1, '04-21-35')]
    >>> errors[0]["line"], errors[0]["code"]
    (3, 'record_number.format')
    """
    from medoffice.exceptions import InvalidCode  # noqa: PLC0415 - loaded when a command runs
    from medoffice.indexing.numbering import parse, sort_key  # noqa: PLC0415

    found: list[tuple[int, RecordNumber]] = []
    errors: list[dict[str, Any]] = []
    for at, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            found.append((at, parse(line)))
        except InvalidCode as exc:
            errors.append({"line": at, "code": exc.code, "message": exc.message})
    found.sort(key=lambda item: (sort_key(item[1], system), item[0]))
    return found, errors


def _sort(args: argparse.Namespace) -> int:
    from medoffice.indexing.numbering import format_number, section  # noqa: PLC0415

    system: str = args.system
    padded: bool = args.padded
    numbers, errors = sort_lines(_read_text(args.file, "numbers file"), system)
    if args.json:
        write_json(
            {
                "system": system,
                "numbers": [
                    {
                        "number": format_number(n, padded=padded),
                        "digits": n.digits,
                        "section": section(n, system),
                        "line": line,
                    }
                    for line, n in numbers
                ],
                "errors": errors,
            }
        )
    else:
        write_lines(format_number(n, padded=padded) for _, n in numbers)
        for problem in errors:
            error(f"line {problem['line']}: {problem['message']} [{problem['code']}]")
    return 1 if errors else 0


_SORT_EPILOG = """\
output:
  one record number per line, in shelf order, as written (or zero-padded to
  six digits with --padded); with --json, {"system", "numbers": [{"number",
  "digits", "section", "line"}], "errors": [{"line", "code", "message"}]}.
  Invalid lines: 'medoffice: error: line N: <rule> [<code>]' on standard error.

exit status: 0 all valid, 1 any line invalid or the file unreadable, 2 usage error.

examples:
  medoffice file sort --system terminal-digit numbers.txt
  medoffice file sort --system middle-digit --json numbers.txt
  cut -f1 charts.tsv | medoffice file sort --system straight -
"""


def register(subparsers: Subparsers) -> None:
    """Add ``file`` and its subcommand ``sort`` to the command line.

    >>> import argparse
    >>> root = argparse.ArgumentParser(prog="medoffice")
    >>> register(root.add_subparsers(dest="command"))
    >>> root.parse_args(["file", "sort", "-"]).system
    'terminal-digit'
    """
    group = add_group(
        subparsers,
        "file",
        summary="paper files: record numbers in shelf order",
        description="Paper files: medical record numbers in terminal-digit, "
        "middle-digit or straight-numeric shelf order.",
    )
    parser = add_command(
        group,
        "sort",
        summary="print record numbers in shelf order",
        description="Read medical record numbers one per line (AA-BB-CC, padded to six "
        "digits for filing) and print them in the order their folders stand on the shelf.",
        handler=_sort,
        epilog=_SORT_EPILOG,
    )
    parser.add_argument(
        "--system",
        choices=_SYSTEMS,
        default="terminal-digit",
        help="the filing order (default: terminal-digit)",
    )
    parser.add_argument(
        "--padded",
        action="store_true",
        help="print every number zero-padded to six digits (00-12-34)",
    )
    parser.add_argument("file", metavar="FILE", help="the numbers, one per line; '-' for stdin")
