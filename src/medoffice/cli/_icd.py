"""``medoffice icd``: look up and search ICD-10-CM codes, as of a date of service.

``medoffice icd lookup CODE...`` prints one line per code::

    OK  <code>  <title>  [billable|not billable, <release>]
    BAD <message>; did you mean: <code> (<reason>); ...

``medoffice icd search QUERY`` prints the best matches, one per line::

    <code>  <title>

Both take ``--on YYYY-MM-DD`` (the date of service; default: the newest bundled
release). The exit status of ``lookup`` is 1 if any code is unknown (or, with
``--billable``, not billable).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import TYPE_CHECKING, Any

from medoffice.cli._codes import read_values
from medoffice.cli._command import UsageError, add_command, add_group
from medoffice.cli._hcpcs import positive_int
from medoffice.cli._output import write_json, write_lines
from medoffice.exceptions import InvalidCode, UnknownCode
from medoffice.serialization import to_dict

if TYPE_CHECKING:
    from medoffice.cli._command import Subparsers
    from medoffice.terminology import Concept, Hit

__all__ = ["concept_line", "hit_line", "parse_date", "register"]


def parse_date(text: str) -> dt.date:
    """Parse ``--on``: an ISO date (``YYYY-MM-DD``).

    >>> parse_date("2026-03-02")
    datetime.date(2026, 3, 2)
    """
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        msg = f"not a date (YYYY-MM-DD): {text!r}"
        raise argparse.ArgumentTypeError(msg) from None


def concept_line(concept: Concept) -> str:
    """One line of ``icd lookup`` output.

    >>> from medoffice.terminology import icd10cm
    >>> concept_line(icd10cm.lookup("E11.9"))
    'OK  E11.9  Type 2 diabetes mellitus without complications  [billable, FY2027]'
    """
    status = "billable" if concept.billable else f"not billable: {concept.kind.value}"
    return f"OK  {concept.display}  {concept.title}  [{status}, {concept.release}]"


def hit_line(hit: Hit) -> str:
    """One line of ``icd search`` output.

    >>> from medoffice.terminology import icd10cm
    >>> hit_line(icd10cm.search("essential hypertension", limit=1)[0])
    'I10  Essential (primary) hypertension'
    """
    mark = "" if hit.billable else "  (not billable)"
    return f"{hit.display}  {hit.title}{mark}"


def _codes(args: argparse.Namespace) -> list[str]:
    codes: list[str] = args.codes
    if not codes:
        msg = "give at least one CODE, or '-' to read codes from standard input"
        raise UsageError(msg)
    if "-" not in codes:
        return codes
    at = codes.index("-")
    return [*codes[:at], *read_values(sys.stdin), *codes[at + 1 :]]


def _lookup(args: argparse.Namespace) -> int:
    from medoffice.terminology import icd10cm  # noqa: PLC0415

    lines: list[str] = []
    results: list[dict[str, Any]] = []
    ok = True
    for code in _codes(args):
        try:
            concept = icd10cm.lookup(code, on=args.on, billable=args.billable)
        except (UnknownCode, InvalidCode) as exc:
            ok = False
            lines.append(f"BAD {exc}")
            suggestions = [to_dict(s) for s in getattr(exc, "suggestions", ())]
            error = {
                "message": str(exc),
                "code": getattr(exc, "code", ""),
                "suggestions": suggestions,
            }
            results.append({"input": code, "found": False, "concept": None, "error": error})
        else:
            lines.append(concept_line(concept))
            results.append(
                {"input": code, "found": True, "concept": to_dict(concept), "error": None}
            )
    if args.json:
        write_json(results)
    else:
        write_lines(lines)
    return 0 if ok else 1


def _search(args: argparse.Namespace) -> int:
    from medoffice.terminology import icd10cm  # noqa: PLC0415

    query = " ".join(args.query)
    if not query.strip():
        msg = "give the words to search for"
        raise UsageError(msg)
    hits = icd10cm.search(query, limit=args.limit, billable_only=args.billable_only, on=args.on)
    if args.json:
        write_json([to_dict(h) for h in hits])
    else:
        write_lines([hit_line(h) for h in hits] or ["no matches"])
    return 0


def _releases(args: argparse.Namespace) -> int:
    from medoffice.terminology import icd10cm  # noqa: PLC0415

    releases = icd10cm.releases()
    if args.json:
        write_json([to_dict(r) for r in releases])
    else:
        write_lines(
            f"{r.id:<11} {r.starts} to {r.ends or 'open'}  {r.codes:>6} billable codes"
            + ("" if r.titles_complete else "  (titles incomplete)")
            for r in releases
        )
    return 0


def register(subparsers: Subparsers) -> None:
    """Add ``icd`` with ``lookup``, ``search`` and ``releases`` to the command line.

    >>> import argparse
    >>> root = argparse.ArgumentParser(prog="medoffice")
    >>> register(root.add_subparsers(dest="command"))
    >>> args = root.parse_args(["icd", "lookup", "i10", "--on", "2026-03-02"])
    >>> args.handler(args)
    OK  I10  Essential (primary) hypertension  [billable, FY2026]
    0
    """
    group = add_group(
        subparsers,
        "icd",
        summary="look up and search ICD-10-CM codes",
        description="Look up and search ICD-10-CM diagnosis codes, as of a date of service.",
    )
    lookup = add_command(
        group,
        "lookup",
        summary="look codes up",
        description=(
            "Print the title of each CODE (any case, with or without the dot) as of the\n"
            "date of service, or why it is not a code and what was probably meant."
        ),
        handler=_lookup,
        epilog="examples:\n  medoffice icd lookup e11.9 W21.89A\n  medoffice icd lookup --on 2024-05-01 --billable E11\n",
        values_dest="codes",
    )
    lookup.add_argument("codes", metavar="CODE", nargs="*", help="codes, or '-' for standard input")
    lookup.add_argument("--on", type=parse_date, help="the date of service (YYYY-MM-DD)")
    lookup.add_argument(
        "--billable", action="store_true", help="refuse headers that cannot go on a claim"
    )
    search = add_command(
        group,
        "search",
        summary="search titles, inclusion terms and lay synonyms",
        description="Search ICD-10-CM for QUERY: words, a partly typed word, or a code prefix.",
        handler=_search,
        epilog='examples:\n  medoffice icd search "type 2 diabetes"\n  medoffice icd search --billable-only "broken hip"\n',
    )
    search.add_argument("query", metavar="QUERY", nargs="+", help="the words to search for")
    search.add_argument(
        "--limit", type=positive_int, default=10, help="the most results (default 10)"
    )
    search.add_argument("--billable-only", action="store_true", help="only billable codes")
    search.add_argument("--on", type=parse_date, help="the date of service (YYYY-MM-DD)")
    add_command(
        group,
        "releases",
        summary="list the bundled releases",
        description="List the bundled ICD-10-CM releases and the dates of service they cover.",
        handler=_releases,
    )
