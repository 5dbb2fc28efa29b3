"""``medoffice pos``: the CMS place-of-service codes, by date of service.

``medoffice pos lookup CODE...`` prints each code's name, then its CMS
description indented below it::

    OK  <code>  <name>
        <description>
    BAD <message>

The exit status is 1 if any code is unassigned, not yet (or no longer) valid on
``--on``, or not two digits.

``medoffice pos list`` prints every assigned code (``<code>  <name>``), and
``medoffice pos search QUERY`` the best matches for some words.

The library is imported by the handlers, so ``register`` stays cheap.
"""

from __future__ import annotations

import argparse
import datetime as dt
import textwrap
from typing import TYPE_CHECKING, Any

from medoffice.cli._command import add_command, add_group
from medoffice.cli._hcpcs import error_json, iso_date, positive_int
from medoffice.cli._output import write_json, write_lines
from medoffice.exceptions import InvalidCode, UnknownCode
from medoffice.serialization import to_dict

if TYPE_CHECKING:
    from medoffice.cli._command import Subparsers
    from medoffice.terminology import Concept

__all__ = ["lookup_lines", "register"]


def lookup_lines(concept: Concept) -> list[str]:
    """The text output of ``pos lookup`` for a code that was found.

    >>> from medoffice.terminology import pos
    >>> for line in lookup_lines(pos.lookup("12")):
    ...     print(line)
    OK  12  Home
        Location, other than a hospital or other facility, where the patient receives care
        in a private residence.
    """
    head = f"OK  {concept.display}  {concept.title}"
    body = textwrap.wrap(
        concept.description, width=88, initial_indent="    ", subsequent_indent="    "
    )
    return [head, *body]


def _lookup(args: argparse.Namespace) -> int:
    from medoffice.terminology import pos  # noqa: PLC0415

    on: dt.date | None = args.on
    lines: list[str] = []
    results: list[dict[str, Any]] = []
    for value in args.codes:
        try:
            concept = pos.lookup(value, on=on)
        except InvalidCode as exc:
            lines.append(f"BAD {exc.code}: {exc.message}  (input {value!r})")
            results.append(
                {"input": value, "found": False, "concept": None, "error": error_json(exc)}
            )
        except UnknownCode as exc:
            lines.append(f"BAD {exc}")
            results.append(
                {"input": value, "found": False, "concept": None, "error": error_json(exc)}
            )
        else:
            lines.extend(lookup_lines(concept))
            results.append(
                {"input": value, "found": True, "concept": to_dict(concept), "error": None}
            )
    if args.json:
        write_json(results)
    else:
        write_lines(lines)
    return 0 if all(r["found"] for r in results) else 1


def _list(args: argparse.Namespace) -> int:
    from medoffice.terminology import pos  # noqa: PLC0415

    found = pos.codes(on=args.on)
    if args.json:
        write_json([to_dict(concept) for concept in found])
    else:
        write_lines(f"{c.display}  {c.title}" for c in found)
    return 0


def _search(args: argparse.Namespace) -> int:
    from medoffice.terminology import pos  # noqa: PLC0415

    hits = pos.search(args.query, limit=args.limit, on=args.on)
    if args.json:
        write_json([to_dict(hit) for hit in hits])
    else:
        write_lines(f"{h.display}  {h.title}" for h in hits)
    return 0 if hits else 1


_LOOKUP_EPILOG = """\
output:
  OK  <code>  <name>              then the CMS description, indented
  BAD <message>                   unassigned, or not valid on --on
  BAD <rule>: <message>  (input)  not two digits

The table answers dates of service from 2016-01-01 and knows when codes were
added since (10 on 2022-01-01, 27 on 2023-10-01 ...).

exit status: 0 all found, 1 any not found, 2 usage error.

examples:
  medoffice pos lookup 11 02 10
  medoffice pos lookup --on 2021-06-01 10
  medoffice pos lookup --json 23
"""


def _on(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--on",
        type=iso_date,
        metavar="DATE",
        help="the date of service (YYYY-MM-DD; default: today's code set)",
    )


def register(subparsers: Subparsers) -> None:
    """Add ``pos`` and its subcommands ``lookup``, ``list`` and ``search``.

    >>> import argparse
    >>> root = argparse.ArgumentParser(prog="medoffice")
    >>> register(root.add_subparsers(dest="command"))
    >>> args = root.parse_args(["pos", "list"])
    >>> args.handler(args)  # doctest: +ELLIPSIS
    01  Pharmacy
    ...
    99  Other Place of Service
    0
    """
    group = add_group(
        subparsers,
        "pos",
        summary="look up place-of-service codes (CMS)",
        description="The CMS place-of-service codes (CMS-1500 box 24B, 837P CLM05-1), by date of service.",
    )
    lookup = add_command(
        group,
        "lookup",
        summary="describe place-of-service codes",
        description="Look up each two-digit CODE and print its name and description.",
        handler=_lookup,
        epilog=_LOOKUP_EPILOG,
        values_dest="codes",
    )
    lookup.add_argument("codes", metavar="CODE", nargs="+", help="a two-digit code (11)")
    _on(lookup)
    listing = add_command(
        group,
        "list",
        summary="list the assigned codes",
        description="Print every assigned place-of-service code and its name.",
        handler=_list,
    )
    _on(listing)
    search = add_command(
        group,
        "search",
        summary="find place-of-service codes by words",
        description="Search the names and descriptions for QUERY.",
        handler=_search,
    )
    search.add_argument("query", metavar="QUERY", help="the words to look for")
    search.add_argument(
        "--limit", type=positive_int, default=5, help="how many matches at most (default 5)"
    )
    _on(search)
