"""``medoffice ar aging``: what is owed, by whom and how old it is, from a ledger file.

The billing commands read and write a *ledger file*: JSON holding what
``medoffice.serialization`` writes for a :class:`~medoffice.billing.Ledger`,
its entries in order::

    {"entries": [{"id": "charge:...", "kind": "charge", "posted": "2026-03-02",
                  "account_number": "BW-100231", "patient_id": "PT-2041",
                  "line": "#1", "party": {"kind": "payer", "id": "LHP01"},
                  "amount": "165.00", ...}, ...]}

A file that cannot be read as a ledger is reported with every problem and its
path (``entries[3].amount``), and the exit status is 1.

- ``ar aging LEDGER.json --as-of DATE [--basis charge|responsibility]``: the
  open amounts in buckets of 0-30, 31-60, 61-90, 91-120 and over 120 days, one
  row per payer and per patient (patients by their masked id), with totals
  and days in A/R.

>>> from medoffice.cli import main
>>> main(["ar", "aging", "--help"])  # doctest: +ELLIPSIS
usage: medoffice ar aging [-h] [--json] --as-of AS_OF ...
...
0
"""

from __future__ import annotations

import argparse
import datetime as dt
import decimal
import json
from typing import TYPE_CHECKING, Any

from medoffice.cli._claim import _read_text, _report
from medoffice.cli._command import CliError, add_command, add_group
from medoffice.cli._hcpcs import iso_date
from medoffice.cli._output import mask, write_json, write_lines
from medoffice.exceptions import ValidationFailed
from medoffice.serialization import from_dict

if TYPE_CHECKING:
    from medoffice.billing import AgingReport, AgingRow, Ledger
    from medoffice.cli._command import Subparsers

__all__ = [
    "aging_data",
    "aging_lines",
    "days_in_ar_or_none",
    "load_ledger",
    "read_ledger",
    "register",
]


def load_ledger(text: str) -> Ledger:
    """Read a ledger file's text: ``{"entries": [...]}``, or the list of entries alone.

    Raises:
        CliError: if the text is not JSON, or neither an object nor a list.
        medoffice.exceptions.ValidationFailed: with every problem, each with its
            path (``entries[2].amount``), duplicate entry ids included.

    >>> len(load_ledger('{"entries": []}'))
    0
    >>> load_ledger('{"entries": [{"id": "c1"}]}')  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    medoffice.exceptions.ValidationFailed: 6 errors: entries[0].kind: a required field is missing ...
    """
    from medoffice.billing import Ledger  # noqa: PLC0415 - loaded when a command runs

    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        msg = f"the ledger file is not JSON (line {exc.lineno}, column {exc.colno})"
        raise CliError(msg) from None
    if isinstance(data, list):
        data = {"entries": data}
    if not isinstance(data, dict):
        msg = "the ledger file must hold a JSON object with its entries, or a list of entries"
        raise CliError(msg)
    ledger: Ledger = from_dict(data, Ledger)
    return ledger


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def read_ledger(args: argparse.Namespace, path: str) -> Ledger | None:
    """The ledger file at ``path``; ``None`` after reporting every problem in it.

    >>> import argparse, pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder) / "ledger.json"
    ...     _ = path.write_text('{"entries": [{"id": "c1"}]}')
    ...     read_ledger(argparse.Namespace(json=False), str(path)) is None  # doctest: +ELLIPSIS
    ERROR   entries[0].kind: a required field is missing [serialization.missing]
    ...
    the ledger file cannot be read: 6 errors
    True
    """
    try:
        return load_ledger(_read_text(path, "ledger file"))
    except ValidationFailed as exc:
        _report(
            args,
            exc.problems,
            f"the ledger file cannot be read: {_plural(len(exc.errors), 'error')}",
            ledger=None,
        )
        return None


# -- aging ----------------------------------------------------------------------------


def _money(amount: decimal.Decimal) -> str:
    return format(amount, ",.2f")


def _row_name(row: AgingRow) -> str:
    from medoffice.billing import PartyKind  # noqa: PLC0415

    if row.party.kind is PartyKind.PATIENT:
        return f"patient {mask(row.patient_id)}"
    return f"payer {row.party.id}"


def days_in_ar_or_none(ledger: Ledger, as_of: dt.date) -> decimal.Decimal | None:
    """Days in A/R over the 90 days to ``as_of``; ``None`` if nothing was charged but some is owed.

    >>> import datetime as dt
    >>> from medoffice.billing import Ledger
    >>> days_in_ar_or_none(Ledger(), dt.date(2026, 4, 1))
    Decimal('0.0')
    """
    from medoffice.billing import days_in_ar  # noqa: PLC0415

    try:
        return days_in_ar(ledger, as_of=as_of)
    except ValueError:  # something owed, nothing charged in the 90 days
        return None


def aging_lines(report: AgingReport, days: decimal.Decimal | None) -> list[str]:
    """The report as a table: a row per payer, a row per patient (masked), the totals.

    >>> import datetime as dt
    >>> from medoffice.billing import AgingReport
    >>> for line in aging_lines(AgingReport(as_of=dt.date(2026, 4, 1), rows=[]), None):
    ...     print(line)
    A/R aging as of 2026-04-01 (aged from the charge)
    owed by                   0-30     31-60     61-90    91-120  over 120       total
    total                     0.00      0.00      0.00      0.00      0.00        0.00
    days in A/R (90 days): n/a
    """
    basis = "the charge" if report.basis == "charge" else "the transfer of responsibility"
    lines = [f"A/R aging as of {report.as_of.isoformat()} (aged from {basis})"]
    head = "".join(f"{label:>10}" for label in report.labels) + f"{'total':>12}"
    lines.append(f"{'owed by':<20}{head}")
    table = [(_row_name(row), row.buckets, row.total) for row in report.rows]
    table.append(("total", report.buckets, report.total))
    for name, buckets, total in table:
        cells = "".join(f"{_money(b.amount):>10}" for b in buckets)
        lines.append(f"{name[:20]:<20}{cells}{_money(total):>12}")
    lines.append(f"days in A/R (90 days): {'n/a' if days is None else days}")
    return lines


def _row_data(row: AgingRow) -> dict[str, Any]:
    from medoffice.billing import PartyKind  # noqa: PLC0415

    patient = row.party.kind is PartyKind.PATIENT
    return {
        "kind": row.party.kind.value,
        "id": mask(row.patient_id) if patient else row.party.id,
        "buckets": {b.label: str(b.amount) for b in row.buckets},
        "total": str(row.total),
    }


def aging_data(report: AgingReport, days: decimal.Decimal | None) -> dict[str, Any]:
    """The report as JSON-ready data; patients by their masked id.

    >>> import datetime as dt
    >>> from medoffice.billing import AgingReport
    >>> aging_data(AgingReport(as_of=dt.date(2026, 4, 1), rows=[]), None)["total"]
    '0'
    """
    return {
        "as_of": report.as_of.isoformat(),
        "basis": report.basis,
        "buckets": list(report.labels),
        "payers": [_row_data(row) for row in report.payers],
        "patients": [_row_data(row) for row in report.patients],
        "totals": {b.label: str(b.amount) for b in report.buckets},
        "total": str(report.total),
        "days_in_ar": None if days is None else str(days),
    }


def _aging(args: argparse.Namespace) -> int:
    from medoffice.billing import aging  # noqa: PLC0415

    ledger = read_ledger(args, args.ledger)
    if ledger is None:
        return 1
    report = aging(ledger, as_of=args.as_of, basis=args.basis)
    days = days_in_ar_or_none(ledger, args.as_of)
    if args.json:
        write_json(aging_data(report, days))
    else:
        write_lines(aging_lines(report, days))
    return 0


def register(subparsers: Subparsers) -> None:
    """Add ``ar`` and its commands.

    >>> import argparse
    >>> root = argparse.ArgumentParser(prog="medoffice")
    >>> register(root.add_subparsers(dest="command"))
    >>> root.parse_args(["ar", "aging", "l.json", "--as-of", "2026-04-01"]).as_of
    datetime.date(2026, 4, 1)
    """
    group = add_group(
        subparsers,
        "ar",
        summary="accounts receivable: aging by payer and patient",
        description="Accounts receivable from a ledger file (JSON). See 'medoffice ar COMMAND --help'.",
    )
    parser = add_command(
        group,
        "aging",
        summary="what is owed, by payer and patient, by age",
        description="The open amounts of a ledger in buckets of 0-30, 31-60, 61-90, 91-120 "
        "and over 120 days, one row per payer and per patient (patients masked), with the "
        "totals and days in A/R.",
        handler=_aging,
    )
    parser.add_argument("ledger", help="the ledger file (JSON), or - for standard input")
    parser.add_argument(
        "--as-of", type=iso_date, required=True, help="count ages to this date (YYYY-MM-DD)"
    )
    parser.add_argument(
        "--basis",
        choices=("charge", "responsibility"),
        default="charge",
        help="age from the charge (default) or from when the amount became the party's",
    )
