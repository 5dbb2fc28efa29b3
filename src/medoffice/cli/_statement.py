"""``medoffice statement``: a patient's statement from a ledger file, as text or HTML.

- ``statement LEDGER.json --patient ID --as-of DATE [--since DATE] [--html]``:
  the statement (previous balance, new charges, insurance payments,
  adjustments, the patient's payments, the amount due and its due date, the
  balance by age) as plain text, or as an HTML fragment with every text
  escaped. ``--json`` gives the statement's figures and lines as data.

The statement is for the patient, so it shows what it was asked for: the
patient id, the name given with ``--name`` and the claims' account numbers.
A patient with no entry in the ledger is an error (exit status 1), not an
empty statement.

>>> from medoffice.cli import main
>>> main(["statement", "--help"])  # doctest: +ELLIPSIS
usage: medoffice statement [-h] [--json] --patient ID --as-of AS_OF ...
...
0
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from medoffice.cli._ar import read_ledger
from medoffice.cli._command import CliError, UsageError, add_command
from medoffice.cli._hcpcs import iso_date
from medoffice.cli._output import write_json
from medoffice.serialization import to_dict

if TYPE_CHECKING:
    from medoffice.cli._command import Subparsers

__all__ = ["register"]


def _statement(args: argparse.Namespace) -> int:
    from medoffice.billing import StatementPolicy, statement  # noqa: PLC0415

    if args.since is not None and args.since >= args.as_of:
        msg = "--since must be before --as-of"
        raise UsageError(msg)
    if args.due_days < 0:
        msg = "--due-days must not be negative"
        raise UsageError(msg)
    ledger = read_ledger(args, args.ledger)
    if ledger is None:
        return 1
    if next(ledger.select(patient_id=args.patient), None) is None:
        msg = "the ledger has no entry for the patient given with --patient"
        raise CliError(msg)
    found = statement(
        ledger,
        patient_id=args.patient,
        as_of=args.as_of,
        since=args.since,
        policy=StatementPolicy(due_days=args.due_days, message=args.message),
        practice=args.practice,
        patient_name=args.name,
    )
    if args.json:
        write_json(to_dict(found))
        return 0
    text = found.html() if args.html else found.text()
    sys.stdout.write(text + "\n")
    return 0


def register(subparsers: Subparsers) -> None:
    """Add ``statement``.

    >>> import argparse
    >>> root = argparse.ArgumentParser(prog="medoffice")
    >>> register(root.add_subparsers(dest="command"))
    >>> args = root.parse_args(["statement", "l.json", "--patient", "P1", "--as-of", "2026-04-08"])
    >>> args.patient, args.as_of, args.html
    ('P1', datetime.date(2026, 4, 8), False)
    """
    parser = add_command(
        subparsers,
        "statement",
        summary="a patient's statement from a ledger, as text or HTML",
        description="Write one patient's statement as of a date from a ledger file (JSON): "
        "previous balance, new charges, insurance payments, adjustments, payments, the "
        "amount due and its due date, and the balance by age.",
        handler=_statement,
    )
    parser.add_argument("ledger", help="the ledger file (JSON), or - for standard input")
    parser.add_argument(
        "--patient", required=True, metavar="ID", help="the patient's id in the ledger"
    )
    parser.add_argument(
        "--as-of", type=iso_date, required=True, help="the statement date (YYYY-MM-DD)"
    )
    parser.add_argument(
        "--since",
        type=iso_date,
        help="the previous statement's date: list only the activity after it",
    )
    parser.add_argument("--html", action="store_true", help="write an HTML fragment")
    parser.add_argument("--name", default="", help="the patient's name to print")
    parser.add_argument(
        "--practice",
        action="append",
        default=[],
        metavar="LINE",
        help="a line of the practice's header (repeatable)",
    )
    parser.add_argument(
        "--due-days", type=int, default=30, help="days from the statement to the due date (30)"
    )
    parser.add_argument("--message", default="", help="a note for the bottom of the statement")
