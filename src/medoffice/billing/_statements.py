"""Patient statements from the ledger, and the reminder cadence for unpaid balances.

A statement covers the activity on the patient's claims after ``since`` up to
``as_of``. Only amounts owed by the *patient* party are due from the patient;
the insurance's payments and adjustments are shown for information. Every
patient entry falls in exactly one column, so

    amount due = previous balance + new charges - payments - adjustments

holds exactly, and the amount due is the patient's balance on ``as_of``.

>>> import datetime as dt
>>> from medoffice.billing._ledger import Entry, Ledger, Party
>>> visit = Entry(id="v1", kind="charge", posted=dt.date(2024, 4, 2), account_number="S9",
...               patient_id="P7", party=Party.patient(), amount="95", memo="Self-pay visit")
>>> paid = Entry(id="v2", kind="patient_payment", posted=dt.date(2024, 4, 2),
...              account_number="S9", patient_id="P7", party=Party.patient(), amount="-35")
>>> s = statement(Ledger(entries=[visit, paid]), patient_id="P7", as_of=dt.date(2024, 4, 30))
>>> s.new_charges, s.patient_payments, s.amount_due, s.due_date
(Decimal('95'), Decimal('35'), Decimal('60'), datetime.date(2024, 5, 30))
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import html
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from medoffice.billing._aging import (
    DEFAULT_BOUNDS,
    AgingBucket,
    Basis,
    aging_buckets,
    check_as_of,
    check_basis,
    check_days,
    check_ledger,
    check_whole,
    money,
    open_amounts,
)
from medoffice.billing._ledger import Entry, EntryKind, Ledger, PartyKind
from medoffice.billing._remit import AdjustmentGroup
from medoffice.claims._model import _date, _items, _mask, _member, _text, to_decimal

__all__ = [
    "Reminder",
    "ReminderKind",
    "ReminderPolicy",
    "Statement",
    "StatementLine",
    "StatementPolicy",
    "reminders",
    "statement",
]

_ZERO = decimal.Decimal(0)
_WIDTH = 78


def _lines_of_text(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, Iterable):
        msg = f"must be text or a sequence of text lines, not {type(value).__name__}"
        raise TypeError(msg)
    return tuple(value)


def _text_lines(_inst: object, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    for i, item in enumerate(value):
        if not isinstance(item, str):
            msg = f"{attribute.name}[{i}]: must be text (str), not {type(item).__name__}"
            raise TypeError(msg)


def _whole(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    check_whole(attribute.name, value)


def _non_negative(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _whole(inst, attribute, value)
    if isinstance(value, int) and value < 0:
        msg = f"{attribute.name}: must not be negative"
        raise ValueError(msg)


def _basis(_inst: object, _attribute: attrs.Attribute[Any], value: object) -> None:
    check_basis(value)


def _bounds(value: object) -> tuple[int, ...]:
    return check_days("bounds", value, first=1)


def _steps(value: object) -> tuple[int, ...]:
    return check_days("steps", value, first=0)


def _to_adjustments(value: object) -> decimal.Decimal:
    return to_decimal(value, "adjustments")


def _to_amount(value: object) -> decimal.Decimal:
    return to_decimal(value, "amount")


def _to_amount_due(value: object) -> decimal.Decimal:
    return to_decimal(value, "amount_due")


def _to_balance(value: object) -> decimal.Decimal:
    return to_decimal(value, "balance")


def _to_insurance_payments(value: object) -> decimal.Decimal:
    return to_decimal(value, "insurance_payments")


def _to_new_charges(value: object) -> decimal.Decimal:
    return to_decimal(value, "new_charges")


def _to_patient_payments(value: object) -> decimal.Decimal:
    return to_decimal(value, "patient_payments")


def _to_previous_balance(value: object) -> decimal.Decimal:
    return to_decimal(value, "previous_balance")


# -- statements ----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class StatementPolicy:
    """What a practice configures about its statements (nothing here is law).

    Attributes:
        due_days: Days from the statement date to the due date.
        message: A note printed at the bottom (payment options, a phone number ...).
        currency: The symbol printed before the amount due.
        basis: What the statement's aging counts from (see :func:`aging`);
            ``"responsibility"`` by default: the day the amount became the patient's.
        bounds: The aging buckets' upper bounds in days.

    >>> StatementPolicy().due_days, StatementPolicy(due_days=15).due_days
    (30, 15)
    """

    due_days: int = attrs.field(default=30, validator=_non_negative)
    message: str = attrs.field(default="", validator=_text)
    currency: str = attrs.field(default="$", validator=_text)
    basis: str = attrs.field(default="responsibility", validator=_basis)
    bounds: tuple[int, ...] = attrs.field(default=DEFAULT_BOUNDS, converter=_bounds)


@attrs.frozen(kw_only=True)
class StatementLine:
    """One row of a statement's activity.

    Attributes:
        posted: The day the entry was posted.
        account_number: The claim's account number (masked in the repr).
        description: What happened (the entry's memo if it has one). Masked in the repr.
        amount: The entry's signed amount (charges positive, payments negative).
        patient: Whether it changes what the patient owes (``False`` for the
            insurance's charges, payments and adjustments, shown for information).

    >>> import datetime as dt
    >>> row = StatementLine(posted=dt.date(2024, 2, 1), account_number="A1",
    ...                     description="Coinsurance (PR-2)", amount="20", patient=True)
    >>> row.amount, "A1" in repr(row)
    (Decimal('20'), False)
    """

    posted: dt.date = attrs.field(validator=_date)
    account_number: str = attrs.field(validator=_text, repr=_mask)
    description: str = attrs.field(validator=_text, repr=_mask)
    amount: decimal.Decimal = attrs.field(converter=_to_amount)
    patient: bool = attrs.field(validator=attrs.validators.instance_of(bool))


def _statement_lines(value: Iterable[StatementLine]) -> tuple[StatementLine, ...]:
    return tuple(value)


def _aging_buckets(value: Iterable[AgingBucket]) -> tuple[AgingBucket, ...]:
    return tuple(value)


def _optional_date(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _date(_inst, attribute, value)


@attrs.frozen(kw_only=True)
class Statement:
    """A patient statement: what the patient owes on a date, and why.

    Built by :func:`statement`; render it with :meth:`text` or :meth:`html`.
    Patient data (id, name, address, account numbers) is masked in the repr,
    and left out of the notebook view.

    Attributes:
        patient_id: The patient's identifier in the practice. Masked.
        patient_name: The name printed on the statement. Masked.
        patient_address: The address lines printed under the name. Masked.
        practice: The practice's lines for the header (name, address, phone).
        as_of: The statement date; entries posted later are ignored.
        period_start: The day after which the activity is listed (the previous
            statement's date), or ``None`` for all activity.
        previous_balance: What the patient owed on ``period_start``.
        new_charges: Amounts that became the patient's in the period (self-pay
            charges, the patient's share moved from insurance).
        insurance_payments: What insurance paid in the period (for information).
        adjustments: Adjustments of the patient's balance (discounts, write-offs).
        patient_payments: What the patient paid, less refunds.
        amount_due: ``previous_balance + new_charges - adjustments - patient_payments``.
        due_date: The day payment is due.
        aging: The patient's balance by age.
        lines: The activity in the period, in posting order.
        message: A note for the bottom of the statement.
        currency: The symbol printed before the amount due.

    >>> import datetime as dt
    >>> s = Statement(patient_id="P1", as_of=dt.date(2024, 3, 1), previous_balance="10",
    ...               new_charges="20", patient_payments="10", amount_due="20",
    ...               due_date=dt.date(2024, 3, 31))
    >>> s.amount_due, "P1" in repr(s)
    (Decimal('20'), False)
    >>> Statement(patient_id="P1", as_of=dt.date(2024, 3, 1), amount_due="5",
    ...           due_date=dt.date(2024, 3, 31))
    Traceback (most recent call last):
    ...
    ValueError: amount_due: must equal previous_balance + new_charges - adjustments - patient_payments (0)
    """

    patient_id: str = attrs.field(validator=_text, repr=_mask)
    patient_name: str = attrs.field(default="", validator=_text, repr=_mask)
    patient_address: tuple[str, ...] = attrs.field(
        default=(), converter=_lines_of_text, validator=_text_lines, repr=_mask
    )
    practice: tuple[str, ...] = attrs.field(
        default=(), converter=_lines_of_text, validator=_text_lines
    )
    as_of: dt.date = attrs.field(validator=_date)
    period_start: dt.date | None = attrs.field(default=None, validator=_optional_date)
    previous_balance: decimal.Decimal = attrs.field(default=_ZERO, converter=_to_previous_balance)
    new_charges: decimal.Decimal = attrs.field(default=_ZERO, converter=_to_new_charges)
    insurance_payments: decimal.Decimal = attrs.field(
        default=_ZERO, converter=_to_insurance_payments
    )
    adjustments: decimal.Decimal = attrs.field(default=_ZERO, converter=_to_adjustments)
    patient_payments: decimal.Decimal = attrs.field(default=_ZERO, converter=_to_patient_payments)
    amount_due: decimal.Decimal = attrs.field(converter=_to_amount_due)
    due_date: dt.date = attrs.field(validator=_date)
    aging: tuple[AgingBucket, ...] = attrs.field(
        default=(), converter=_aging_buckets, validator=_items(AgingBucket)
    )
    lines: tuple[StatementLine, ...] = attrs.field(
        default=(), converter=_statement_lines, validator=_items(StatementLine)
    )
    message: str = attrs.field(default="", validator=_text)
    currency: str = attrs.field(default="$", validator=_text)

    def __attrs_post_init__(self) -> None:
        expected = (
            self.previous_balance + self.new_charges - self.adjustments - self.patient_payments
        )
        if self.amount_due != expected:
            msg = (
                "amount_due: must equal previous_balance + new_charges - adjustments"
                f" - patient_payments ({expected})"
            )
            raise ValueError(msg)

    def _summary(self) -> list[tuple[str, decimal.Decimal]]:
        return [
            ("Previous balance", self.previous_balance),
            ("New charges", self.new_charges),
            ("Adjustments", -self.adjustments),
            ("Your payments", -self.patient_payments),
            ("Amount due", self.amount_due),
        ]

    def text(self) -> str:
        """The statement as fixed-width plain text (78 columns), byte for byte deterministic.

        >>> import datetime as dt
        >>> s = Statement(patient_id="P1", patient_name="JANE DOE", practice=["SMITH CLINIC"],
        ...               as_of=dt.date(2024, 3, 1), new_charges="20", amount_due="20",
        ...               due_date=dt.date(2024, 3, 31))
        >>> print(s.text())
        SMITH CLINIC
        <BLANKLINE>
        STATEMENT                                              Statement date: 2024-03-01
        JANE DOE                                                    Patient ID: P1
        <BLANKLINE>
        Date        Account     Description                         Insurance   You owe
        ------------------------------------------------------------------------------
        No activity in this period.
        ------------------------------------------------------------------------------
        Previous balance                                                          0.00
        New charges                                                              20.00
        Adjustments                                                               0.00
        Your payments                                                             0.00
        Amount due                                                               20.00
        <BLANKLINE>
        AMOUNT DUE: $20.00 by 2024-03-31
        """
        out = [*self.practice]
        if self.practice:
            out.append("")
        out.append(_pair("STATEMENT", f"Statement date: {self.as_of.isoformat()}"))
        out.append(_pair(self.patient_name, f"Patient ID: {self.patient_id}"))
        out += self.patient_address
        if self.period_start is not None:
            out.append(f"Activity after {self.period_start.isoformat()}")
        out.append("")
        out.append(
            f"{'Date':<12}{'Account':<12}{'Description':<32}{'Insurance':>11}{'You owe':>10}"
        )
        out.append("-" * _WIDTH)
        for row in self.lines:
            amount = money(row.amount)
            insurance, patient = ("", amount) if row.patient else (amount, "")
            out.append(
                f"{row.posted.isoformat():<12}{row.account_number[:11]:<12}"
                f"{row.description[:31]:<32}{insurance:>11}{patient:>10}"
            )
        if not self.lines:
            out.append("No activity in this period.")
        out.append("-" * _WIDTH)
        out += [_pair(label, money(amount)) for label, amount in self._summary()]
        if self.insurance_payments:
            out.append(f"(Insurance paid {money(self.insurance_payments)} in this period.)")
        out.append("")
        out.append(self._due_text())
        if self.aging:
            out.append("Your balance by age in days:")
            out.append("".join(f"{b.label:>13}" for b in self.aging))
            out.append("".join(f"{money(b.amount):>13}" for b in self.aging))
        if self.message:
            out += ["", self.message]
        return "\n".join(line.rstrip() for line in out)

    def _due_text(self) -> str:
        if self.amount_due > 0:
            return (
                f"AMOUNT DUE: {self.currency}{money(self.amount_due)}"
                f" by {self.due_date.isoformat()}"
            )
        if self.amount_due < 0:
            return f"CREDIT BALANCE: {self.currency}{money(-self.amount_due)} (nothing is due)"
        return "Nothing is due. Thank you."

    def html(self) -> str:
        """The statement as an HTML fragment; every caller-supplied text is escaped.

        >>> import datetime as dt
        >>> s = Statement(patient_id="P1", patient_name="<script>", as_of=dt.date(2024, 3, 1),
        ...               amount_due="0", due_date=dt.date(2024, 3, 31))
        >>> "<script>" in s.html(), "&lt;script&gt;" in s.html()
        (False, True)
        """
        return self._html(private=True)

    def _repr_html_(self) -> str:
        """Notebooks: the figures and the activity, without patient data or descriptions.

        >>> import datetime as dt
        >>> s = Statement(patient_id="P1", patient_name="JANE DOE", as_of=dt.date(2024, 3, 1),
        ...               amount_due="0", due_date=dt.date(2024, 3, 31))
        >>> page = s._repr_html_()
        >>> "JANE" in page, "P1" in page, "Amount due" in page
        (False, False, True)
        """
        return self._html(private=False)

    def _html(self, *, private: bool) -> str:
        esc = html.escape
        parts = ['<div class="medoffice-statement">']
        if self.practice:
            parts.append("<p>" + "<br>".join(esc(line) for line in self.practice) + "</p>")
        parts.append(f"<h2>Statement of {self.as_of.isoformat()}</h2>")
        if private:
            who = [self.patient_name, *self.patient_address, f"Patient ID: {self.patient_id}"]
            parts.append("<p>" + "<br>".join(esc(line) for line in who if line) + "</p>")
        if self.period_start is not None:
            parts.append(f"<p>Activity after {self.period_start.isoformat()}</p>")
        head = ("Date", "Account", "Description", "Insurance", "You owe")
        rows = []
        for row in self.lines:
            amount = money(row.amount)
            insurance, patient = ("", amount) if row.patient else (amount, "")
            account, description = (row.account_number, row.description) if private else ("***", "")
            cells = (row.posted.isoformat(), account, description, insurance, patient)
            rows.append("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in cells) + "</tr>")
        parts.append(
            "<table><thead><tr>"
            + "".join(f"<th>{h}</th>" for h in head)
            + f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )
        summary = "".join(
            f"<tr><th>{label}</th><td>{money(amount)}</td></tr>"
            for label, amount in self._summary()
        )
        parts.append(f"<table>{summary}</table>")
        if self.insurance_payments:
            parts.append(f"<p>Insurance paid {money(self.insurance_payments)} in this period.</p>")
        parts.append(f"<p><strong>{esc(self._due_text())}</strong></p>")
        if self.aging:
            labels = "".join(f"<th>{esc(b.label)}</th>" for b in self.aging)
            amounts = "".join(f"<td>{money(b.amount)}</td>" for b in self.aging)
            parts.append(f"<table><tr>{labels}</tr><tr>{amounts}</tr></table>")
        if self.message:
            parts.append(f"<p>{esc(self.message)}</p>")
        parts.append("</div>")
        return "".join(parts)


def _pair(left: str, right: str) -> str:
    """``left`` and ``right`` on one line of :data:`_WIDTH` columns."""
    room = max(_WIDTH - len(right), len(left) + 1)
    return f"{left:<{room}}{right}"


#: Names of the patient's cost share by CARC (group PR).
_SHARE = {"1": "Deductible", "2": "Coinsurance", "3": "Copay"}
_ADJUSTMENT = {
    AdjustmentGroup.CONTRACTUAL: "Contractual adjustment",
    AdjustmentGroup.PAYER_INITIATED: "Payer reduction",
    AdjustmentGroup.OTHER: "Other adjustment",
    AdjustmentGroup.CORRECTION: "Correction",
    AdjustmentGroup.PATIENT: "Adjustment",
}


def _code(entry: Entry) -> str:
    if entry.group is None:
        return ""
    return f" ({entry.group.value}-{entry.reason})" if entry.reason else f" ({entry.group.value})"


def _describe(entry: Entry, kinds: Mapping[str, Entry], payers: Mapping[str, str]) -> str:
    if entry.memo:
        return entry.memo
    patient = entry.party.kind is PartyKind.PATIENT
    payer = payers.get(entry.party.id, entry.party.id)
    kind = entry.kind
    if kind is EntryKind.CHARGE:
        text = "Charge"
    elif kind in (EntryKind.PAYMENT, EntryKind.PATIENT_PAYMENT):
        text = "Payment, thank you" if patient else f"Insurance payment: {payer}"
    elif kind is EntryKind.ADJUSTMENT:
        text = _ADJUSTMENT[entry.group] if entry.group is not None else "Adjustment"
    elif kind is EntryKind.TRANSFER:
        text = _transfer(entry)
    elif kind is EntryKind.REFUND:
        text = "Refund to you" if patient else f"Refund to {payer}"
    else:
        original = kinds.get(entry.reverses or "")
        inner = "entry" if original is None else _describe(original, {}, payers)
        return f"Reversal: {inner}"
    return text + _code(entry)


def _transfer(entry: Entry) -> str:
    if entry.amount < 0:
        return "Moved to insurance"
    if entry.group is AdjustmentGroup.PATIENT:
        return _SHARE.get(entry.reason or "", "Your share")
    return "Moved to you"


def _column(entry: Entry, kinds: Mapping[str, Entry]) -> str:
    """Which statement figure a patient entry belongs to."""
    kind = entry.kind
    if kind is EntryKind.REVERSAL:
        original = kinds.get(entry.reverses or "")
        kind = EntryKind.ADJUSTMENT if original is None else original.kind
        if kind is EntryKind.REVERSAL:
            kind = EntryKind.ADJUSTMENT
    if kind in (EntryKind.CHARGE, EntryKind.TRANSFER):
        return "new_charges"
    if kind is EntryKind.ADJUSTMENT:
        return "adjustments"
    return "patient_payments"


def _shown(entry: Entry) -> bool:
    """Whether an insurance entry is listed: not transfers between payers, not zero amounts."""
    return entry.party.kind is PartyKind.PATIENT or (
        entry.kind is not EntryKind.TRANSFER and bool(entry.amount)
    )


def statement(
    ledger: Ledger,
    *,
    patient_id: str,
    as_of: dt.date,
    since: dt.date | None = None,
    policy: StatementPolicy | None = None,
    practice: str | Iterable[str] = (),
    patient_name: str = "",
    patient_address: str | Iterable[str] = (),
    payer_names: Mapping[str, str] | None = None,
) -> Statement:
    """The statement of one patient as of a date.

    Args:
        ledger: The ledger.
        patient_id: The patient (the entries' ``patient_id``).
        as_of: The statement date; entries posted after it are ignored.
        since: The previous statement's date: its balance is the previous
            balance, and activity posted after it is listed. ``None`` lists all.
        policy: The practice's statement settings.
        practice: The practice's lines for the header.
        patient_name: The name to print.
        patient_address: The address lines to print.
        payer_names: Payer names by payer id, for the insurance lines.

    Raises:
        ValueError: If ``since`` is not before ``as_of``.

    >>> import datetime as dt
    >>> from medoffice.billing._ledger import Entry, Ledger, Party
    >>> me = Party.patient()
    >>> ledger = Ledger(entries=[
    ...     Entry(id="c1", kind="charge", posted=dt.date(2024, 1, 10), account_number="A1",
    ...           patient_id="P1", party=me, amount="100", memo="Office visit"),
    ...     Entry(id="p1", kind="patient_payment", posted=dt.date(2024, 2, 10),
    ...           account_number="A1", patient_id="P1", party=me, amount="-40"),
    ... ])
    >>> s = statement(ledger, patient_id="P1", as_of=dt.date(2024, 3, 1),
    ...               since=dt.date(2024, 1, 31))
    >>> s.previous_balance, s.patient_payments, s.amount_due
    (Decimal('100'), Decimal('40'), Decimal('60'))
    >>> [(row.description, str(row.amount)) for row in s.lines]
    [('Payment, thank you', '-40')]
    """
    policy = StatementPolicy() if policy is None else policy
    given: object = policy
    if not isinstance(given, StatementPolicy):
        msg = f"policy: must be a StatementPolicy, not {type(given).__name__}"
        raise TypeError(msg)
    check_ledger(ledger)
    check_as_of(as_of)
    if since is not None:
        check_as_of(since)
        if since >= as_of:
            msg = "since: must be before as_of"
            raise ValueError(msg)
    payers = dict(payer_names or {})
    kinds = {e.id: e for e in ledger.select(as_of=as_of)}
    figures = dict.fromkeys(
        ("previous_balance", "new_charges", "adjustments", "patient_payments"), _ZERO
    )
    insurance = _ZERO
    lines = []
    for entry in ledger.select(patient_id=patient_id, as_of=as_of):
        patient = entry.party.kind is PartyKind.PATIENT
        if since is not None and entry.posted <= since:
            if patient:
                figures["previous_balance"] += entry.amount
            continue
        if patient:
            column = _column(entry, kinds)
            figures[column] += entry.amount if column == "new_charges" else -entry.amount
        elif _column(entry, kinds) == "patient_payments":
            insurance -= entry.amount
        if _shown(entry):
            lines.append(
                StatementLine(
                    posted=entry.posted,
                    account_number=entry.account_number,
                    description=_describe(entry, kinds, payers),
                    amount=entry.amount,
                    patient=patient,
                )
            )
    lines.sort(key=lambda row: row.posted)
    lots = [
        lot
        for (party, who, _account), amounts in open_amounts(
            ledger, as_of=as_of, basis=_as_basis(policy.basis)
        ).items()
        if party.kind is PartyKind.PATIENT and who == patient_id
        for lot in amounts
    ]
    due = (
        figures["previous_balance"]
        + figures["new_charges"]
        - figures["adjustments"]
        - figures["patient_payments"]
    )
    return Statement(
        patient_id=patient_id,
        patient_name=patient_name,
        patient_address=patient_address,
        practice=practice,
        as_of=as_of,
        period_start=since,
        insurance_payments=insurance,
        amount_due=due,
        due_date=as_of + dt.timedelta(days=policy.due_days),
        aging=aging_buckets(lots, as_of=as_of, bounds=policy.bounds),
        lines=lines,
        message=policy.message,
        currency=policy.currency,
        **figures,
    )


def _as_basis(value: str) -> Basis:
    return "charge" if value == "charge" else "responsibility"


# -- reminders -----------------------------------------------------------------------------


class ReminderKind(enum.Enum):
    """What a reminder is: a reminder, the final notice, or the hand-over to collections.

    >>> ReminderKind("final_notice").name
    'FINAL_NOTICE'
    """

    REMINDER = "reminder"
    FINAL_NOTICE = "final_notice"
    COLLECTIONS = "collections"


def _minimum(value: object) -> decimal.Decimal:
    result = to_decimal(value, "minimum_balance")
    if result < 0:
        msg = "minimum_balance: must not be negative"
        raise ValueError(msg)
    return result


def _optional_whole(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _whole(inst, attribute, value)


@attrs.frozen(kw_only=True)
class ReminderPolicy:
    """A practice's reminder cadence for unpaid patient balances.

    Attributes:
        steps: The ages in days of the oldest unpaid amount at which each
            reminder is due; the last is the final notice.
        collections: The age in days at which the balance is flagged for
            collections after the final notice, or ``None`` for never.
        minimum_balance: Balances below this get no reminder.
        spacing: The fewest days between two reminders to the same patient,
            so that a late start does not send the steps on consecutive days.
        basis: What the age counts from: ``"responsibility"`` (the day the
            amount became the patient's, by default) or ``"charge"``.

    >>> ReminderPolicy().steps
    (30, 60, 90)
    >>> ReminderPolicy(steps=(60, 30))
    Traceback (most recent call last):
    ...
    ValueError: steps: must be strictly increasing whole days from 0
    """

    steps: tuple[int, ...] = attrs.field(default=(30, 60, 90), converter=_steps)
    collections: int | None = attrs.field(default=None, validator=_optional_whole)
    minimum_balance: decimal.Decimal = attrs.field(
        default=decimal.Decimal("0.01"), converter=_minimum
    )
    spacing: int = attrs.field(default=14, validator=_non_negative)
    basis: str = attrs.field(default="responsibility", validator=_basis)

    def __attrs_post_init__(self) -> None:
        if self.collections is not None and self.collections <= self.steps[-1]:
            msg = "collections: must come after the last step"
            raise ValueError(msg)

    @property
    def schedule(self) -> tuple[tuple[int, ReminderKind], ...]:
        """Every step as ``(days, kind)``, in order.

        >>> [(d, k.name) for d, k in ReminderPolicy(steps=(30, 60), collections=120).schedule]
        [(30, 'REMINDER'), (60, 'FINAL_NOTICE'), (120, 'COLLECTIONS')]
        """
        out = [(days, ReminderKind.REMINDER) for days in self.steps[:-1]]
        out.append((self.steps[-1], ReminderKind.FINAL_NOTICE))
        if self.collections is not None:
            out.append((self.collections, ReminderKind.COLLECTIONS))
        return tuple(out)


def _reminder_kind(value: object) -> ReminderKind:
    return _member(ReminderKind, value, "kind")


def _positive(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _whole(inst, attribute, value)
    if isinstance(value, int) and value < 1:
        msg = f"{attribute.name}: must be at least 1"
        raise ValueError(msg)


@attrs.frozen(kw_only=True)
class Reminder:
    """A reminder due to one patient.

    Attributes:
        patient_id: The patient. Masked in the repr.
        as_of: The day it was computed (and, once sent, the day it was sent).
        step: Its place in the cadence, from 1.
        days: The step's age threshold in days.
        kind: A reminder, the final notice, or collections.
        balance: The patient's balance.
        oldest: The date the oldest unpaid amount is aged from.

    >>> import datetime as dt
    >>> r = Reminder(patient_id="P1", as_of=dt.date(2024, 3, 1), step=1, days=30,
    ...              kind="reminder", balance="20", oldest=dt.date(2024, 1, 20))
    >>> r.age, "P1" in repr(r)
    (41, False)
    """

    patient_id: str = attrs.field(validator=_text, repr=_mask)
    as_of: dt.date = attrs.field(validator=_date)
    step: int = attrs.field(validator=_positive)
    days: int = attrs.field(validator=_non_negative)
    kind: ReminderKind = attrs.field(converter=_reminder_kind)
    balance: decimal.Decimal = attrs.field(converter=_to_balance)
    oldest: dt.date = attrs.field(validator=_date)

    @property
    def age(self) -> int:
        """The age in days of the oldest unpaid amount on ``as_of``.

        >>> import datetime as dt
        >>> Reminder(patient_id="P", as_of=dt.date(2024, 3, 1), step=1, days=30,
        ...          kind="reminder", balance=5, oldest=dt.date(2024, 1, 31)).age
        30
        """
        return (self.as_of - self.oldest).days


def reminders(
    ledger: Ledger,
    *,
    as_of: dt.date,
    policy: ReminderPolicy | None = None,
    sent: Iterable[Reminder] = (),
) -> tuple[Reminder, ...]:
    """The reminders due today: for each patient, the next step of the cadence, if it is time.

    A patient's age is that of their oldest unpaid amount (the patient's
    payments settle the oldest amounts first). The next step is the one after
    the last ``sent`` to the patient since that amount became open (a balance
    paid off and owed again starts over); it is due once the age reaches its
    days and ``spacing`` days have passed since the last reminder. At most one
    step per patient per day, never skipping one and never repeating one.

    Args:
        ledger: The ledger.
        as_of: Today; entries posted later are ignored.
        policy: The practice's cadence.
        sent: The reminders already sent (the ones this returned before).

    Returns:
        The reminders due, by patient id.

    >>> import datetime as dt
    >>> from medoffice.billing._ledger import Entry, Ledger, Party
    >>> ledger = Ledger(entries=[
    ...     Entry(id="c1", kind="charge", posted=dt.date(2024, 1, 1), account_number="A1",
    ...           patient_id="P1", party=Party.patient(), amount="50")])
    >>> due = reminders(ledger, as_of=dt.date(2024, 2, 15))
    >>> [(r.step, r.kind.name, r.age) for r in due]
    [(1, 'REMINDER', 45)]
    >>> reminders(ledger, as_of=dt.date(2024, 2, 16), sent=due)
    ()
    >>> [(r.step, r.kind.name) for r in reminders(ledger, as_of=dt.date(2024, 3, 1), sent=due)]
    [(2, 'REMINDER')]
    """
    policy = ReminderPolicy() if policy is None else policy
    given: object = policy
    if not isinstance(given, ReminderPolicy):
        msg = f"policy: must be a ReminderPolicy, not {type(given).__name__}"
        raise TypeError(msg)
    history: dict[str, list[Reminder]] = {}
    for i, reminder in enumerate(sent):
        item: object = reminder
        if not isinstance(item, Reminder):
            msg = f"sent[{i}]: must be a Reminder, not {type(item).__name__}"
            raise TypeError(msg)
        history.setdefault(reminder.patient_id, []).append(reminder)
    lots: dict[str, list[tuple[dt.date, decimal.Decimal]]] = {}
    for (party, patient_id, _account), amounts in open_amounts(
        ledger, as_of=as_of, basis=_as_basis(policy.basis)
    ).items():
        if party.kind is PartyKind.PATIENT:
            lots.setdefault(patient_id, []).extend(amounts)
    schedule = policy.schedule
    due = []
    for patient_id in sorted(lots):
        amounts = lots[patient_id]
        balance = sum((amount for _when, amount in amounts), _ZERO)
        if balance <= 0 or balance < policy.minimum_balance:
            continue
        oldest = min(when for when, amount in amounts if amount > 0)
        earlier = [r for r in history.get(patient_id, ()) if oldest <= r.as_of <= as_of]
        done = max((r.step for r in earlier), default=0)
        if done >= len(schedule):
            continue
        days, kind = schedule[done]
        if (as_of - oldest).days < days:
            continue
        if earlier and (as_of - max(r.as_of for r in earlier)).days < max(policy.spacing, 1):
            continue
        due.append(
            Reminder(
                patient_id=patient_id,
                as_of=as_of,
                step=done + 1,
                days=days,
                kind=kind,
                balance=balance,
                oldest=oldest,
            )
        )
    return tuple(due)
