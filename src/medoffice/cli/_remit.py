"""``medoffice remit``: read a payer's 835 remittance, and post it to a ledger file.

- ``remit read FILE.835 [--summary]``: the remittances as JSON (what
  ``medoffice.serialization`` writes for each
  :class:`~medoffice.billing.Remittance`); with ``--summary``, one line per
  claim instead (status, billed, paid, the patient's share and the adjustments
  by group and reason, the account number masked) and whether the remittance
  balances. A file that is not an 835 is refused with the segment and element
  where reading stopped (exit status 1).
- ``remit post FILE.835 --ledger LEDGER.json [--claims CLAIMS.json] [-o
  NEW.json] [--posted DATE]``: post every remittance of the file to the
  ledger (:func:`medoffice.billing.post`): what was posted, and the work queue
  (denials, unmatched claims and lines, OA adjustments, reversals with nothing
  to reverse, provider-level adjustments). The claims file (what ``medoffice
  claim`` reads) holds the open claims the payments are matched to. The new
  ledger is written to ``-o`` only if everything posted: a remittance that
  does not balance is refused with every problem, and a remittance posted
  before is caught; either way nothing is written (exit status 1). Without
  ``-o`` nothing is written at all: the output shows what posting would do.

The output of ``--summary`` and ``post`` never shows patient names, member IDs
or account numbers (masked to their last four characters).

>>> from medoffice.cli import main
>>> main(["remit", "post", "--help"])  # doctest: +ELLIPSIS
usage: medoffice remit post [-h] [--json] --ledger LEDGER ...
...
0
"""

from __future__ import annotations

import argparse
import contextlib
import decimal
import json
import os
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from medoffice.cli._ar import read_ledger
from medoffice.cli._claim import _read_text, _report, load
from medoffice.cli._command import CliError, add_command, add_group
from medoffice.cli._hcpcs import iso_date
from medoffice.cli._output import mask, write_json, write_lines
from medoffice.exceptions import Problem, ValidationFailed
from medoffice.serialization import to_dict

if TYPE_CHECKING:
    from medoffice.billing import ClaimPayment, Entry, PostingResult, Remittance, WorkItem
    from medoffice.claims import Claim
    from medoffice.cli._command import Subparsers

__all__ = ["claim_summary", "posting_totals", "register", "write_atomically"]

_ZERO = decimal.Decimal(0)


def _money(amount: decimal.Decimal) -> str:
    return format(amount, ",.2f")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _entries(count: int) -> str:
    return f"{count} {'entry' if count == 1 else 'entries'}"


def write_atomically(path: str, text: str) -> None:
    """Write ``text`` to ``path`` all at once: a temporary file beside it, then a rename.

    A reader never sees half a file, and on any failure the file is left as it was.

    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     target = pathlib.Path(folder) / "ledger.json"
    ...     write_atomically(str(target), '{"entries": []}')
    ...     target.read_text(), sorted(p.name for p in pathlib.Path(folder).iterdir())
    ('{"entries": []}', ['ledger.json'])
    """
    target = Path(path)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        Path(temporary).replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise


# -- read ------------------------------------------------------------------------------


def _parse(path: str) -> tuple[Remittance, ...]:
    from medoffice.billing import parse_835  # noqa: PLC0415 - loaded when a command runs

    remittances = parse_835(_read_text(path, "835 file"))
    if not remittances:
        msg = f"{path}: the 835 file holds no remittance"
        raise CliError(msg)
    return remittances


def _adjustment_totals(claim: ClaimPayment) -> dict[str, decimal.Decimal]:
    totals: dict[str, decimal.Decimal] = defaultdict(lambda: _ZERO)
    for adjustment in (*claim.adjustments, *(a for line in claim.lines for a in line.adjustments)):
        totals[f"{adjustment.group.value}-{adjustment.reason}"] += adjustment.amount
    return dict(totals)


def _patient_share(claim: ClaimPayment) -> decimal.Decimal:
    if claim.patient_responsibility is not None:
        return claim.patient_responsibility
    return sum(
        (amount for code, amount in _adjustment_totals(claim).items() if code.startswith("PR-")),
        _ZERO,
    )


def _remarks(claim: ClaimPayment) -> list[str]:
    return list(dict.fromkeys((*claim.remarks, *(r for line in claim.lines for r in line.remarks))))


def claim_summary(claim: ClaimPayment) -> dict[str, Any]:
    """One claim of a remittance, for people: its account number masked, no names.

    >>> from medoffice.billing import Adjustment, ClaimPayment
    >>> claim_summary(ClaimPayment(account_number="BW-100231", status="1", billed=100,
    ...     paid=80, adjustments=[Adjustment(group="CO", reason="45", amount=20)]))
    ... # doctest: +NORMALIZE_WHITESPACE
    {'account': '**-**0231', 'status': '1', 'status_name': 'primary', 'billed': '100',
     'paid': '80', 'patient_responsibility': '0', 'payer_claim_number': '',
     'adjustments': {'CO-45': '20'}, 'remarks': []}
    """
    return {
        "account": mask(claim.account_number),
        "status": claim.status.value,
        "status_name": claim.status.name.lower().replace("_", " "),
        "billed": str(claim.billed),
        "paid": str(claim.paid),
        "patient_responsibility": str(_patient_share(claim)),
        "payer_claim_number": claim.payer_claim_number,
        "adjustments": {code: str(amount) for code, amount in _adjustment_totals(claim).items()},
        "remarks": _remarks(claim),
    }


def _problems(remittance: Remittance) -> tuple[Problem, ...]:
    from medoffice.billing import balance  # noqa: PLC0415

    return balance(remittance)


def _summary_data(remittance: Remittance) -> dict[str, Any]:
    payment = remittance.payment
    return {
        "payer": {"name": remittance.payer.name, "id": remittance.payer.id},
        "payee": {"name": remittance.payee.name, "npi": remittance.payee.npi},
        "payment": {
            "amount": str(payment.amount),
            "method": payment.method.value,
            "date": payment.date.isoformat(),
            "trace_number": payment.trace_number,
            "payer_id": payment.payer_id,
        },
        "claims": [claim_summary(claim) for claim in remittance.claims],
        "provider_adjustments": [
            {"reason": plb.reason, "reference": plb.reference, "amount": str(plb.amount)}
            for plb in remittance.provider_adjustments
        ],
        "problems": [to_dict(p) for p in _problems(remittance)],
    }


def _summary_lines(number: int, count: int, data: dict[str, Any]) -> list[str]:
    payment = data["payment"]
    payer = data["payer"]
    lines = [
        f"remittance {number} of {count}: {payer['name']}"
        + (f" ({payer['id']})" if payer["id"] else "")
        + f" to {data['payee']['name']} (NPI {data['payee']['npi']})",
        (
            f"  payment {_money(decimal.Decimal(payment['amount']))} by {payment['method']} on "
            f"{payment['date']}, trace {payment['trace_number']} (payer {payment['payer_id']})"
        ),
        f"  {'claim':<12}{'status':<22}{'billed':>10}{'paid':>10}{'patient':>10}  adjustments",
    ]
    for claim in data["claims"]:
        adjustments = ", ".join(
            f"{code} {_money(decimal.Decimal(amount))}"
            for code, amount in claim["adjustments"].items()
        )
        if claim["remarks"]:
            adjustments += f"; remarks {', '.join(claim['remarks'])}"
        status = f"{claim['status']} {claim['status_name']}"
        lines.append(
            f"  {claim['account']:<12}{status[:21]:<22}"
            f"{_money(decimal.Decimal(claim['billed'])):>10}"
            f"{_money(decimal.Decimal(claim['paid'])):>10}"
            f"{_money(decimal.Decimal(claim['patient_responsibility'])):>10}  {adjustments}"
        )
    lines += [
        f"  provider-level {plb['reason']} {_money(decimal.Decimal(plb['amount']))}"
        + (f" ({plb['reference']})" if plb["reference"] else "")
        for plb in data["provider_adjustments"]
    ]
    problems = data["problems"]
    if problems:
        lines.append(f"  does not balance: {_plural(len(problems), 'problem')}")
        lines += [f"  ERROR   {p['path']}: {p['message']} [{p['code']}]" for p in problems]
    else:
        lines.append("  balances: lines, claims and the payment")
    return lines


def _read(args: argparse.Namespace) -> int:
    remittances = _parse(args.file)
    if not args.summary:
        write_json({"remittances": [to_dict(r) for r in remittances]})
        return 0
    summaries = [_summary_data(r) for r in remittances]
    if args.json:
        write_json({"remittances": summaries})
    else:
        lines: list[str] = []
        for number, data in enumerate(summaries, 1):
            lines += _summary_lines(number, len(summaries), data)
        write_lines(lines)
    return 0


# -- post ------------------------------------------------------------------------------


def posting_totals(entries: Sequence[Entry]) -> dict[str, decimal.Decimal]:
    """What a posting's entries did, in money: paid, written off, moved, provider-level.

    ``reversed`` is what the reversal entries took back from payments.

    >>> import datetime as dt
    >>> from medoffice.billing import Entry, Party
    >>> day, plan = dt.date(2026, 3, 23), Party.payer("LHP01")
    >>> totals = posting_totals([
    ...     Entry(id="p", kind="payment", posted=day, account_number="A", patient_id="P",
    ...           party=plan, amount="-80"),
    ...     *Entry.transfer(id="t", posted=day, account_number="A", patient_id="P",
    ...                     source=plan, target=Party.patient(), amount="20")])
    >>> totals["paid"], totals["to_patient"]
    (Decimal('80'), Decimal('20'))
    """
    from medoffice.billing import EntryKind, PartyKind  # noqa: PLC0415

    totals = dict.fromkeys(
        ("paid", "written_off", "to_patient", "to_other_payers", "provider_level", "reversed"),
        _ZERO,
    )
    for entry in entries:
        if entry.kind is EntryKind.PAYMENT:
            totals["paid"] -= entry.amount
        elif entry.kind is EntryKind.ADJUSTMENT and not entry.account_number:
            totals["provider_level"] += entry.amount
        elif entry.kind is EntryKind.ADJUSTMENT:
            totals["written_off"] -= entry.amount
        elif entry.kind is EntryKind.TRANSFER and entry.amount > 0:
            key = "to_patient" if entry.party.kind is PartyKind.PATIENT else "to_other_payers"
            totals[key] += entry.amount
        elif entry.kind is EntryKind.REVERSAL and entry.group is None:
            totals["reversed"] += entry.amount  # a payment taken back
    return totals


def _work_data(prefix: str, item: WorkItem) -> dict[str, Any]:
    return {
        "kind": item.kind.value,
        "path": f"{prefix}.{item.path}" if item.path else prefix,
        "account": mask(item.account_number),
        "payer_claim_number": item.payer_claim_number,
        "codes": list(item.codes),
        "amount": str(item.amount),
        "message": item.message,
    }


def _open_claims(args: argparse.Namespace) -> list[Claim] | None:
    """The claims of ``--claims`` (none without it); ``None`` after reporting its problems."""
    if args.claims is None:
        return []
    try:
        return list(load(_read_text(args.claims, "claims file")).batch.claims)
    except ValidationFailed as exc:
        _report(
            args,
            exc.problems,
            f"the claims file cannot be read: {_plural(len(exc.errors), 'error')}",
            written=None,
        )
        return None


def _unbalanced(args: argparse.Namespace, remittances: Sequence[Remittance]) -> bool:
    """Report every balancing problem of every remittance; whether there was any."""
    problems = tuple(
        problem.at(f"remittances[{i}]")
        for i, remittance in enumerate(remittances)
        for problem in _problems(remittance)
    )
    if problems:
        _report(
            args,
            problems,
            f"nothing posted, nothing written: {_plural(len(problems), 'error')} "
            "(the 835 does not balance)",
            written=None,
        )
    return bool(problems)


def _posting_lines(number: int, remittance: Remittance, result: PostingResult) -> list[str]:
    payment = remittance.payment
    head = (
        f"remittance {number}: {remittance.payer.name}, trace {payment.trace_number}, "
        f"{_money(payment.amount)} by {payment.method.value} on {payment.date.isoformat()}"
    )
    if result.duplicate:
        return [head, "  posted before: nothing posted again"]
    totals = posting_totals(result.posted)
    moved = f", to the patient {_money(totals['to_patient'])}"
    lines = [
        head,
        (
            f"  matched {result.matched} of {len(remittance.claims)} claims; "
            f"{_entries(len(result.posted))} posted"
        ),
        f"  paid {_money(totals['paid'])}, written off {_money(totals['written_off'])}{moved}",
    ]
    if totals["reversed"]:
        lines.append(f"  reversed {_money(totals['reversed'])} of earlier payments")
    if totals["provider_level"]:
        lines.append(f"  provider-level {_money(totals['provider_level'])}")
    return lines


def _work_line(item: dict[str, Any]) -> str:
    """``kind path: message (account; codes; amount)``, leaving out what is empty."""
    details = [
        item["account"],
        " ".join(item["codes"]),
        _money(decimal.Decimal(item["amount"])),
    ]
    return (
        f"  {item['kind']:<16} {item['path']}: {item['message']} "
        f"({'; '.join(d for d in details if d)})"
    )


def _post(args: argparse.Namespace) -> int:
    from medoffice.billing import post  # noqa: PLC0415

    remittances = _parse(args.file)
    ledger = read_ledger(args, args.ledger)
    if ledger is None:
        return 1
    claims = _open_claims(args)
    if claims is None or _unbalanced(args, remittances):
        return 1
    before = len(ledger)
    results = []
    for remittance in remittances:
        result = post(remittance, ledger, claims, posted=args.posted)
        ledger = result.ledger
        results.append(result)
    duplicate = any(result.duplicate for result in results)
    work = [
        _work_data(f"remittances[{i}]", item)
        for i, result in enumerate(results)
        for item in result.work
    ]
    written = None
    if args.output is not None and not duplicate:
        data = json.dumps(to_dict(ledger), sort_keys=True, ensure_ascii=False, indent=2)
        write_atomically(args.output, data + "\n")
        written = args.output
    added = len(ledger) - before
    if args.json:
        write_json(
            {
                "remittances": [
                    {
                        "trace_number": r.payment.trace_number,
                        "payer_id": r.payment.payer_id,
                        "claims": len(r.claims),
                        "matched": result.matched,
                        "entries": len(result.posted),
                        "duplicate": result.duplicate,
                        **{k: str(v) for k, v in posting_totals(result.posted).items()},
                    }
                    for r, result in zip(remittances, results, strict=True)
                ],
                "work": work,
                "written": written,
                "entries_added": 0 if duplicate else added,
                "ledger_entries": len(ledger) if written else before,
            }
        )
    else:
        lines: list[str] = []
        for number, (r, result) in enumerate(zip(remittances, results, strict=True), 1):
            lines += _posting_lines(number, r, result)
        lines.append(f"work queue: {_plural(len(work), 'item')}")
        lines += [_work_line(item) for item in work]
        if duplicate:
            lines.append("nothing written: the 835 was posted before")
        elif written is None:
            lines.append(f"not written: {_entries(added)} to add (give -o to write the new ledger)")
        else:
            lines.append(f"wrote {written}: {_entries(added)} added, {len(ledger)} in all")
        write_lines(lines)
    return 1 if duplicate else 0


def register(subparsers: Subparsers) -> None:
    """Add ``remit`` and its commands.

    >>> import argparse
    >>> root = argparse.ArgumentParser(prog="medoffice")
    >>> register(root.add_subparsers(dest="command"))
    >>> args = root.parse_args(["remit", "post", "in.835", "--ledger", "l.json", "-o", "n.json"])
    >>> args.file, args.ledger, args.output, args.claims
    ('in.835', 'l.json', 'n.json', None)
    """
    group = add_group(
        subparsers,
        "remit",
        summary="read an 835 remittance, post it to a ledger",
        description="Read a payer's X12 835 005010X221A1 remittance, and post it to a "
        "ledger file (JSON). See 'medoffice remit COMMAND --help'.",
    )
    read = add_command(
        group,
        "read",
        summary="the remittances of an 835, as JSON or a summary",
        description="Read an 835 file: its remittances as JSON, or with --summary one line "
        "per claim (account numbers masked) and whether each remittance balances.",
        handler=_read,
    )
    read.add_argument("file", help="the 835 file, or - for standard input")
    read.add_argument(
        "--summary", action="store_true", help="one line per claim instead of the full JSON"
    )
    posting = add_command(
        group,
        "post",
        summary="post an 835 to a ledger",
        description="Post every remittance of an 835 file to a ledger file: payments, "
        "write-offs, the patient's share, reversals; denials and what cannot be matched "
        "go to the work queue. Nothing is written if a remittance does not balance or was "
        "posted before.",
        handler=_post,
    )
    posting.add_argument("file", help="the 835 file, or - for standard input")
    posting.add_argument("--ledger", required=True, help="the ledger file (JSON)")
    posting.add_argument(
        "--claims", help="the open claims the payments are for (a claims file, JSON)"
    )
    posting.add_argument(
        "-o", "--output", help="the new ledger file to write (default: write nothing)"
    )
    posting.add_argument(
        "--posted", type=iso_date, help="the posting date (default: each payment's date)"
    )
