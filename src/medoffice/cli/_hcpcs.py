"""``medoffice hcpcs``: look up and search HCPCS Level II codes and modifiers.

``medoffice hcpcs lookup CODE...`` prints one line per code, in order::

    OK  <code>  <description>
    OK  <modifier>  [modifier]  <description>
    BAD <message>; did you mean: <code> (<reason>) ...

A code on CMS's "not otherwise classified" list ends with ``[NOC: ...]``: the
claim must describe the item. The exit status is 1 if any code is unknown.

``medoffice hcpcs search QUERY`` prints the best matches, one per line
(``<code>  <description>``); the exit status is 1 if nothing matches.

The library is imported by the handlers, so ``register`` stays cheap.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING, Any

from medoffice.cli._command import add_command, add_group
from medoffice.cli._output import write_json, write_lines
from medoffice.exceptions import InvalidCode, UnknownCode
from medoffice.serialization import to_dict

if TYPE_CHECKING:
    from medoffice.cli._command import Subparsers
    from medoffice.terminology import Concept, Hit

__all__ = ["concept_line", "error_json", "hit_line", "iso_date", "positive_int", "register"]

_WIDTH = 120
_NOC = "[NOC: describe the item on the claim]"


def iso_date(text: str) -> dt.date:
    """Parse ``--on``: an ISO 8601 calendar date.

    Raises:
        argparse.ArgumentTypeError: if ``text`` is not ``YYYY-MM-DD``.

    >>> iso_date("2025-08-01")
    datetime.date(2025, 8, 1)
    """
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        msg = f"not a date (YYYY-MM-DD): {text!r}"
        raise argparse.ArgumentTypeError(msg) from None


def _short(text: str) -> str:
    return text if len(text) <= _WIDTH else text[: _WIDTH - 1].rstrip() + "…"


def concept_line(concept: Concept, *, noc: bool = False) -> str:
    """One line of ``hcpcs lookup`` output for a code or modifier that was found.

    >>> from medoffice.terminology import hcpcs
    >>> concept_line(hcpcs.lookup("J3490"), noc=True)
    'OK  J3490  Unclassified drugs  [NOC: describe the item on the claim]'
    >>> concept_line(hcpcs.lookup("RT"))
    'OK  RT  [modifier]  Right side (used to identify procedures performed on the right side of the body)'
    """
    kind = "  [modifier]" if concept.kind.value == "modifier" else ""
    tail = f"  {_NOC}" if noc else ""
    return f"OK  {concept.display}{kind}  {concept.title}{tail}"


def hit_line(hit: Hit) -> str:
    """One line of ``hcpcs search`` output (long descriptions are cut short).

    >>> from medoffice.terminology import hcpcs
    >>> hit_line(hcpcs.search("unlisted drug", limit=1)[0])
    'J3490  Unclassified drugs'
    """
    kind = "  [modifier]" if len(hit.code) == 2 else ""
    return f"{hit.display}{kind}  {_short(hit.title)}"


def error_json(exc: InvalidCode | UnknownCode) -> dict[str, Any]:
    """A lookup error as JSON-ready data: its type, rule code, message and suggestions.

    >>> from medoffice.exceptions import UnknownCode
    >>> error_json(UnknownCode("hcpcs: J9998 is not a code", system="hcpcs", code="J9998"))
    {'type': 'UnknownCode', 'code': None, 'message': 'hcpcs: J9998 is not a code', 'suggestions': []}
    """
    suggestions = [to_dict(s) for s in exc.suggestions] if isinstance(exc, UnknownCode) else []
    return {
        "type": type(exc).__name__,
        "code": exc.code if isinstance(exc, InvalidCode) else None,
        "message": exc.message,
        "suggestions": suggestions,
    }


def _bad_line(exc: InvalidCode | UnknownCode, value: str) -> str:
    if isinstance(exc, InvalidCode):
        return f"BAD {exc.code}: {exc.message}  (input {value!r})"
    return f"BAD {exc}"


def _lookup(args: argparse.Namespace) -> int:
    from medoffice.terminology import hcpcs  # noqa: PLC0415

    on: dt.date | None = args.on
    lines: list[str] = []
    results: list[dict[str, Any]] = []
    for value in args.codes:
        try:
            concept = hcpcs.lookup(value, on=on, kind=args.kind)
        except (InvalidCode, UnknownCode) as exc:
            lines.append(_bad_line(exc, value))
            results.append(
                {
                    "input": value,
                    "found": False,
                    "concept": None,
                    "noc": False,
                    "error": error_json(exc),
                }
            )
            continue
        noc = hcpcs.is_noc(concept.code, on=on)
        lines.append(concept_line(concept, noc=noc))
        results.append(
            {"input": value, "found": True, "concept": to_dict(concept), "noc": noc, "error": None}
        )
    if args.json:
        write_json(results)
    else:
        write_lines(lines)
    return 0 if all(r["found"] for r in results) else 1


def _search(args: argparse.Namespace) -> int:
    from medoffice.terminology import hcpcs  # noqa: PLC0415

    hits = hcpcs.search(args.query, limit=args.limit, kind=args.kind, on=args.on)
    if args.json:
        write_json([to_dict(hit) for hit in hits])
    else:
        write_lines(hit_line(hit) for hit in hits)
    return 0 if hits else 1


def positive_int(text: str) -> int:
    """Parse ``--limit``: a whole number of at least 1.

    Raises:
        argparse.ArgumentTypeError: for anything else.

    >>> positive_int("20")
    20
    """
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        msg = f"not a positive whole number: {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return value


_LOOKUP_EPILOG = """\
output:
  OK  <code>  <description>             [NOC: ...] for not-otherwise-classified codes
  OK  <modifier>  [modifier]  <description>
  BAD <message>; did you mean: ...      unknown code, with suggestions
  BAD <rule>: <message>  (input '...')  not a code or modifier in form

Two characters are a modifier (LT), five a code (J3490). CPT codes and CPT
modifiers (99213, 25) are AMA material: they are named, not described.
The bundled release is HCPCS Level II July 2025, for dates of service from
2025-07-01; --on before that is an error.

exit status: 0 all found, 1 any unknown, 2 usage error.

examples:
  medoffice hcpcs lookup J3490 G0008 LT
  medoffice hcpcs lookup --json E0114
  medoffice hcpcs lookup --kind modifier XS 59
"""

_SEARCH_EPILOG = """\
The last word may be typed partly; one typo per word is forgiven; a code
prefix (J34) lists the codes it starts.

exit status: 0 some match, 1 no match, 2 usage error.

examples:
  medoffice hcpcs search "flu vaccine administration"
  medoffice hcpcs search --kind modifier "left side"
  medoffice hcpcs search --limit 20 wheelchair
"""


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--kind", choices=("code", "modifier"), help="only procedure codes, or only modifiers"
    )
    parser.add_argument(
        "--on", type=iso_date, metavar="DATE", help="the date of service (YYYY-MM-DD)"
    )


def register(subparsers: Subparsers) -> None:
    """Add ``hcpcs`` and its subcommands ``lookup`` and ``search`` to the command line.

    >>> import argparse
    >>> root = argparse.ArgumentParser(prog="medoffice")
    >>> register(root.add_subparsers(dest="command"))
    >>> args = root.parse_args(["hcpcs", "lookup", "J3490"])
    >>> args.handler(args)
    OK  J3490  Unclassified drugs  [NOC: describe the item on the claim]
    0
    """
    group = add_group(
        subparsers,
        "hcpcs",
        summary="look up and search HCPCS Level II codes and modifiers",
        description="HCPCS Level II codes and modifiers (CMS, July 2025 release).",
    )
    lookup = add_command(
        group,
        "lookup",
        summary="describe codes and modifiers",
        description="Look up each CODE (five characters) or modifier (two) and print its description.",
        handler=_lookup,
        epilog=_LOOKUP_EPILOG,
        values_dest="codes",
    )
    lookup.add_argument("codes", metavar="CODE", nargs="+", help="a code (J3490) or modifier (LT)")
    _common(lookup)
    search = add_command(
        group,
        "search",
        summary="find codes and modifiers by words",
        description="Search the descriptions (and common lay words) for QUERY.",
        handler=_search,
        epilog=_SEARCH_EPILOG,
    )
    search.add_argument("query", metavar="QUERY", help="the words to look for, or a code prefix")
    search.add_argument(
        "--limit", type=positive_int, default=10, help="how many matches at most (default 10)"
    )
    _common(search)
