"""``medoffice abbrev``: expand order abbreviations and check orders for unsafe ones.

``medoffice abbrev check TEXT`` prints one line per finding, in order of
position (line and column count from 1)::

    <line>:<column>  <severity>  <rule>: <message>

then a count (``1 error, 2 warnings``), or ``OK  no findings``. The exit
status is 1 if any finding is an error (the Joint Commission Do-Not-Use list).

``medoffice abbrev expand TOKEN...`` prints one line per token::

    OK  <abbreviation>  <meaning>  [<category>]
    OK  <abbreviation>  <meaning>  [<category>]  <flag>: write '<replacement>'
    BAD abbreviations: '<token>' is not a known abbreviation; did you mean: ...

The exit status is 1 if any token is unknown.

The library is imported by the handlers, so ``register`` stays cheap.
"""

from __future__ import annotations

import argparse
import bisect
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from medoffice.cli._codes import read_values
from medoffice.cli._command import CliError, UsageError, add_command, add_group
from medoffice.cli._output import write_json, write_lines
from medoffice.exceptions import UnknownCode
from medoffice.serialization import to_dict

if TYPE_CHECKING:
    from medoffice.cli._command import Subparsers
    from medoffice.terminology.abbreviations import Abbreviation, Finding

__all__ = ["expand_line", "finding_lines", "register"]

_FLAG_LABELS = {"do_not_use": "do not use", "error_prone": "error-prone"}


def _positions(text: str, offsets: Iterable[int]) -> list[tuple[int, int]]:
    """The 1-based (line, column) of each offset into ``text``."""
    starts = [0]
    starts.extend(i + 1 for i, ch in enumerate(text) if ch == "\n")
    out = []
    for offset in offsets:
        line = bisect.bisect_right(starts, offset)
        out.append((line, offset - starts[line - 1] + 1))
    return out


def finding_lines(text: str, findings: tuple[Finding, ...]) -> list[str]:
    r"""The text output of ``abbrev check``: a line per finding, then a count.

    >>> from medoffice.terminology.abbreviations import check
    >>> text = "Lasix 40 mg PO\nKCl 20 mEq PO qd"
    >>> for line in finding_lines(text, check(text)):
    ...     print(line)
    2:15  error    abbrev.do_not_use.qd: 'qd', once daily, is on the Joint Commission Do-Not-Use list: read as QID (four times a day) or as QOD; write 'daily'
    1 error
    >>> finding_lines("Lasix 40 mg PO daily", ())
    ['OK  no findings']
    """
    if not findings:
        return ["OK  no findings"]
    lines = [
        f"{line}:{column}  {f.severity.value:<7}  {f.rule}: {f.message}"
        for f, (line, column) in zip(
            findings, _positions(text, (f.start for f in findings)), strict=True
        )
    ]
    errors = sum(f.is_error for f in findings)
    warnings = len(findings) - errors
    counts = []
    if errors:
        counts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        counts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    lines.append(", ".join(counts))
    return lines


def _finding_json(text: str, findings: tuple[Finding, ...]) -> list[dict[str, Any]]:
    out = []
    for finding, (line, column) in zip(
        findings, _positions(text, (f.start for f in findings)), strict=True
    ):
        data = to_dict(finding)
        data["line"], data["column"] = line, column
        out.append(data)
    return out


def _read_text(value: str | None) -> str:
    if value is None:
        msg = "give the TEXT to check, or '-' to read it from standard input"
        raise UsageError(msg)
    if value != "-":
        return value
    try:
        return sys.stdin.read()
    except UnicodeDecodeError:
        msg = "stdin: the input is not text in the expected encoding (UTF-8)"
        raise CliError(msg) from None


def _check(args: argparse.Namespace) -> int:
    # The table and its patterns load when a command runs, not at start-up.
    from medoffice.terminology.abbreviations import check  # noqa: PLC0415

    text = _read_text(args.text)
    findings = check(text, context=args.context)
    if args.json:
        write_json(_finding_json(text, findings))
    else:
        write_lines(finding_lines(text, findings))
    return 1 if any(f.is_error for f in findings) else 0


def expand_line(entry: Abbreviation) -> str:
    """One line of ``abbrev expand`` output for a known abbreviation.

    >>> from medoffice.terminology.abbreviations import expand
    >>> expand_line(expand("b.i.d."))
    'OK  bid  twice a day  [frequency]'
    >>> expand_line(expand("QD"))
    "OK  qd  once daily  [frequency]  do not use: write 'daily'"
    >>> expand_line(expand("HCT"))
    'OK  HCT  hydrocortisone or hydrochlorothiazide (ambiguous; as a lab, hematocrit)  [drug]  error-prone: write the meaning in full'
    """
    line = f"OK  {entry.abbreviation}  {entry.meaning}  [{entry.category.value}]"
    label = _FLAG_LABELS.get(entry.flag.value)
    if label is None:
        return line
    advice = "the meaning in full" if entry.replacement is None else repr(entry.replacement)
    return f"{line}  {label}: write {advice}"


def _tokens(args: argparse.Namespace) -> list[str]:
    tokens: list[str] = args.tokens
    if not tokens:
        msg = "give at least one TOKEN, or '-' to read tokens from standard input"
        raise UsageError(msg)
    if tokens.count("-") > 1:
        msg = "standard input can be read once: give '-' once"
        raise UsageError(msg)
    if "-" not in tokens:
        return tokens
    at = tokens.index("-")
    return [*tokens[:at], *read_values(sys.stdin), *tokens[at + 1 :]]


def _expand(args: argparse.Namespace) -> int:
    from medoffice.terminology.abbreviations import expand  # noqa: PLC0415

    lines: list[str] = []
    results: list[dict[str, Any]] = []
    known = True
    for token in _tokens(args):
        try:
            entry = expand(token)
        except UnknownCode as exc:
            known = False
            lines.append(f"BAD {exc}")
            suggestions = [to_dict(s) for s in exc.suggestions]
            error = {"message": exc.message, "suggestions": suggestions}
            results.append({"input": token, "known": False, "abbreviation": None, "error": error})
        else:
            lines.append(expand_line(entry))
            data = {"input": token, "known": True, "abbreviation": to_dict(entry), "error": None}
            results.append(data)
    if args.json:
        write_json(results)
    else:
        write_lines(lines)
    return 0 if known else 1


_CHECK_EPILOG = """\
output:
  <line>:<column>  <severity>  <rule>: <message>   one line per finding
  <n> errors, <n> warnings                       or: OK  no findings
  errors are the Joint Commission Do-Not-Use list; warnings are ISMP's
  error-prone kinds of abbreviation, symbol and dose designation.

exit status: 0 no errors (warnings allowed), 1 an error, 2 usage error.

examples:
  medoffice abbrev check "Metoprolol 25 mg PO QD; insulin 10 U SC qhs"
  medoffice abbrev check --context report "Lesion 2.0 cm"
  medoffice abbrev check --json - < order.txt
"""

_EXPAND_EPILOG = """\
Case, periods and spaces are ignored: b.i.d., BID and bid are the same.

exit status: 0 all known, 1 any unknown, 2 usage error.

examples:
  medoffice abbrev expand bid q.d. CBC "per os"
  medoffice abbrev expand --json prn
"""


def register(subparsers: Subparsers) -> None:
    """Add ``abbrev`` and its subcommands ``check`` and ``expand`` to the command line.

    >>> import argparse
    >>> root = argparse.ArgumentParser(prog="medoffice")
    >>> register(root.add_subparsers(dest="command"))
    >>> args = root.parse_args(["abbrev", "expand", "prn"])
    >>> args.handler(args)
    OK  prn  as needed  [timing]
    0
    """
    group = add_group(
        subparsers,
        "abbrev",
        summary="expand order abbreviations; check orders for unsafe ones",
        description=(
            "Expand the abbreviations used in orders and prescriptions, and check the\n"
            "text of an order for the Joint Commission Do-Not-Use list (errors) and\n"
            "error-prone abbreviations, symbols and dose designations (warnings)."
        ),
    )
    check = add_command(
        group,
        "check",
        summary="check the text of an order",
        description=(
            "Check TEXT for abbreviations and dose designations that must not be used\n"
            "(errors) or are error-prone (warnings), and print one line per finding.\n"
            "Give '-' to read the text from standard input."
        ),
        handler=_check,
        epilog=_CHECK_EPILOG,
    )
    check.add_argument("text", metavar="TEXT", nargs="?", help="the text to check, or '-'")
    check.add_argument(
        "--context",
        choices=("order", "report"),
        default="order",
        help="order (default) or report: a report may show a trailing zero (lab results, sizes)",
    )
    expand = add_command(
        group,
        "expand",
        summary="say what abbreviations mean",
        description=(
            "Print the meaning of each TOKEN, and what to write instead if it is flagged.\n"
            "Give '-' to read tokens from standard input, one per line."
        ),
        handler=_expand,
        epilog=_EXPAND_EPILOG,
        values_dest="tokens",
    )
    expand.add_argument(
        "tokens", metavar="TOKEN", nargs="*", default=[], help="an abbreviation, or '-'"
    )
