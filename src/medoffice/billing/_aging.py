"""A/R aging: what is owed, by whom, and how old it is; days in A/R; denials by reason.

Every open amount is aged from a date chosen by the *basis*:

- ``"charge"`` (the default): the day the service line's charge was posted,
  however often the amount has moved since (primary to secondary to patient).
  The ledger carries no date of service, so the charge's posting date stands
  in for it; post charges on the day of service to age from the service.
- ``"responsibility"``: the day the amount became the owing party's, such as
  the day the patient's share was transferred to the patient.

Payments, adjustments and transfers out settle the oldest open amounts first
(FIFO). A payer's entries settle that payer's amounts on the same claim; the
patient's entries settle the patient's oldest amounts across all their claims
(a patient pays a statement, not a claim). An amount paid beyond what is open
is a credit, aged from its own date, and later charges settle it first.

>>> import datetime as dt
>>> from medoffice.billing._ledger import Entry, Ledger, Party
>>> plan = Party.payer("12345")
>>> ledger = Ledger(entries=[
...     Entry(id="c1", kind="charge", posted=dt.date(2024, 1, 10), account_number="A1",
...           patient_id="P1", line="1", party=plan, amount="125"),
...     Entry(id="c2", kind="charge", posted=dt.date(2024, 3, 1), account_number="A2",
...           patient_id="P1", line="1", party=plan, amount="90"),
... ])
>>> report = aging(ledger, as_of=dt.date(2024, 3, 15))
>>> [(b.label, str(b.amount)) for b in report.buckets]
[('0-30', '90'), ('31-60', '0'), ('61-90', '125'), ('91-120', '0'), ('over 120', '0')]
"""

from __future__ import annotations

import datetime as dt
import decimal
import heapq
import html
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Literal, get_args

import attrs

from medoffice.billing._ledger import Entry, EntryKind, Ledger, Party, PartyKind
from medoffice.billing._post import WorkItem, WorkKind
from medoffice.billing._remit import ClaimPayment, Remittance
from medoffice.claims._model import _date, _instance, _mask, _text, to_decimal

__all__ = [
    "AgingBucket",
    "AgingReport",
    "AgingRow",
    "Basis",
    "DenialCode",
    "DenialSummary",
    "aging",
    "days_in_ar",
    "denial_summary",
]

_ZERO = decimal.Decimal(0)

#: What an open amount's age is counted from (see the module's documentation).
Basis = Literal["charge", "responsibility"]
_BASES: tuple[str, ...] = get_args(Basis)

#: The bucket bounds of the usual aging report: 0-30, 31-60, 61-90, 91-120, over 120 days.
DEFAULT_BOUNDS = (30, 60, 90, 120)

#: A FIFO group: (party, patient id, claim account number or None for the patient).
_Key = tuple[Party, str, str | None]


# -- validation helpers (shared with _statements) -----------------------------------------


def check_basis(value: object) -> None:
    """Refuse a basis that is not one of :data:`Basis`."""
    if value not in _BASES:
        msg = f"basis: must be one of {', '.join(map(repr, _BASES))}, not {value!r}"
        raise ValueError(msg)


def check_days(name: str, values: object, *, first: int = 0) -> tuple[int, ...]:
    """``values`` as a non-empty tuple of strictly increasing ints, the first at least ``first``."""
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        msg = f"{name}: must be a sequence of whole days"
        raise TypeError(msg)
    days = tuple(values)
    for day in days:
        if not isinstance(day, int) or isinstance(day, bool):
            msg = f"{name}: every value must be a whole number of days (int)"
            raise TypeError(msg)
    if not days:
        msg = f"{name}: must not be empty"
        raise ValueError(msg)
    if days[0] < first or any(b <= a for a, b in itertools.pairwise(days)):
        msg = f"{name}: must be strictly increasing whole days from {first}"
        raise ValueError(msg)
    return days


def _basis(_inst: object, _attribute: attrs.Attribute[Any], value: object) -> None:
    check_basis(value)


def _bounds(value: object) -> tuple[int, ...]:
    return check_days("bounds", value, first=1)


def _money(value: object) -> decimal.Decimal:
    return to_decimal(value, "amount")


def money(amount: decimal.Decimal) -> str:
    """Money as text for reports: two decimals, thousands separated (``1,234.50``)."""
    return format(amount, ",.2f")


def check_whole(name: str, value: object) -> None:
    """Refuse a ``value`` that is not an int (``bool`` included)."""
    if not isinstance(value, int) or isinstance(value, bool):
        msg = f"{name}: must be a whole number of days (int), not {type(value).__name__}"
        raise TypeError(msg)


def check_ledger(ledger: object) -> None:
    """Refuse a ``ledger`` that is not a :class:`Ledger`."""
    if not isinstance(ledger, Ledger):
        msg = f"ledger: must be a Ledger, not {type(ledger).__name__}"
        raise TypeError(msg)


def check_as_of(as_of: object) -> None:
    """Refuse an ``as_of`` that is not a date."""
    if not isinstance(as_of, dt.date) or isinstance(as_of, dt.datetime):
        msg = f"as_of: must be a date, not {type(as_of).__name__}"
        raise TypeError(msg)


# -- FIFO: the open amounts --------------------------------------------------------------


def _key(entry: Entry) -> _Key:
    if entry.party.kind is PartyKind.PATIENT:
        return (entry.party, entry.patient_id, None)
    return (entry.party, entry.patient_id, entry.account_number)


def _posted(entry: Entry) -> dt.date:
    return entry.posted


def _dater(entries: list[Entry], basis: str) -> Callable[[Entry], dt.date]:
    """The function giving each entry's aging date under ``basis``."""
    if basis == "responsibility":
        return _posted
    lines: dict[tuple[str, str | None], dt.date] = {}
    claims: dict[str, dt.date] = {}
    for entry in entries:
        if entry.kind is EntryKind.CHARGE:
            where = (entry.account_number, entry.line)
            lines[where] = min(lines.get(where, entry.posted), entry.posted)
            claims[entry.account_number] = min(
                claims.get(entry.account_number, entry.posted), entry.posted
            )

    def date_of(entry: Entry) -> dt.date:
        found = lines.get((entry.account_number, entry.line))
        if found is None:
            found = claims.get(entry.account_number, entry.posted)
        return found

    return date_of


def open_amounts(
    ledger: Ledger, *, as_of: dt.date, basis: Basis = "charge"
) -> dict[_Key, list[tuple[dt.date, decimal.Decimal]]]:
    """The open amounts per FIFO group as ``(aging date, amount)``; credit_lots are negative.

    Entries posted after ``as_of`` are ignored. The amounts of a group sum to its
    balance exactly. Groups with nothing open are left out.
    """
    check_ledger(ledger)
    check_as_of(as_of)
    check_basis(basis)
    selected = list(ledger.select(as_of=as_of))
    date_of = _dater(selected, basis)
    entries = [e for e in selected if e.amount]
    order = sorted(range(len(entries)), key=lambda i: entries[i].posted)
    # Per group: a heap of open debits and a heap of open credits, [date, seq, remaining].
    debits: dict[_Key, list[list[Any]]] = defaultdict(list)
    credit_lots: dict[_Key, list[list[Any]]] = defaultdict(list)
    for seq, i in enumerate(order):
        entry = entries[i]
        key = _key(entry)
        if entry.amount > 0:
            same, other, left = debits[key], credit_lots[key], entry.amount
        else:
            same, other, left = credit_lots[key], debits[key], -entry.amount
        while left and other:
            oldest = other[0]
            used = min(left, abs(oldest[2]))
            left -= used
            oldest[2] -= used if oldest[2] > 0 else -used
            if not oldest[2]:
                heapq.heappop(other)
        if left:
            heapq.heappush(same, [date_of(entry), seq, left if entry.amount > 0 else -left])
    result: dict[_Key, list[tuple[dt.date, decimal.Decimal]]] = {}
    for key in sorted(set(debits) | set(credit_lots), key=_sort_key):
        lots = sorted(debits.get(key, []) + credit_lots.get(key, []))
        if lots:
            result[key] = [(lot[0], lot[2]) for lot in lots]
    return result


#: Payers first, then patients.
_KIND_ORDER = {PartyKind.PAYER: "0", PartyKind.PATIENT: "1"}


def _sort_key(key: _Key) -> tuple[str, str, str, str]:
    party, patient_id, account = key
    return (_KIND_ORDER[party.kind], party.id, patient_id, account or "")


# -- the report ----------------------------------------------------------------------------


def _label(low: int, high: int | None) -> str:
    return f"over {low - 1}" if high is None else f"{low}-{high}"


@attrs.frozen(kw_only=True)
class AgingBucket:
    """One column of an aging report: an age range in days and the amount in it.

    Attributes:
        low: The fewest days old an amount in the bucket is (inclusive).
        high: The most days old (inclusive), or ``None`` for the last, open-ended bucket.
        amount: The amount owed that is this old.

    >>> AgingBucket(low=31, high=60, amount="20").label
    '31-60'
    >>> AgingBucket(low=121, high=None, amount="0").label
    'over 120'
    """

    low: int = attrs.field(validator=attrs.validators.instance_of(int))
    high: int | None = attrs.field(
        validator=attrs.validators.optional(attrs.validators.instance_of(int))
    )
    amount: decimal.Decimal = attrs.field(converter=_money)

    @property
    def label(self) -> str:
        """The bucket's name: ``0-30``, ``31-60`` ... ``over 120``.

        >>> AgingBucket(low=0, high=30, amount=0).label
        '0-30'
        """
        return _label(self.low, self.high)


def _buckets(bounds: tuple[int, ...], amounts: list[decimal.Decimal]) -> tuple[AgingBucket, ...]:
    lows = (0, *(b + 1 for b in bounds))
    highs: tuple[int | None, ...] = (*bounds, None)
    return tuple(
        AgingBucket(low=low, high=high, amount=amount)
        for low, high, amount in zip(lows, highs, amounts, strict=True)
    )


def bucket_amounts(
    lots: Iterable[tuple[dt.date, decimal.Decimal]], *, as_of: dt.date, bounds: tuple[int, ...]
) -> list[decimal.Decimal]:
    """Sum ``lots`` into ``len(bounds) + 1`` buckets by their age in days on ``as_of``."""
    amounts = [_ZERO] * (len(bounds) + 1)
    for when, amount in lots:
        age = (as_of - when).days
        index = next((i for i, bound in enumerate(bounds) if age <= bound), len(bounds))
        amounts[index] += amount
    return amounts


def aging_buckets(
    lots: Iterable[tuple[dt.date, decimal.Decimal]], *, as_of: dt.date, bounds: tuple[int, ...]
) -> tuple[AgingBucket, ...]:
    """``lots`` as aging buckets on ``as_of``."""
    return _buckets(bounds, bucket_amounts(lots, as_of=as_of, bounds=bounds))


def _row_buckets(_inst: object, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    if not value or not all(isinstance(b, AgingBucket) for b in value):
        msg = f"{attribute.name}: must be a non-empty sequence of AgingBucket"
        raise TypeError(msg)


def _tuple_of_buckets(value: Iterable[AgingBucket]) -> tuple[AgingBucket, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class AgingRow:
    """What one payer, or one patient, owes, by age.

    Attributes:
        party: The payer, or ``Party.patient()`` for a patient's own share.
        patient_id: For a patient row, the patient's identifier (masked in the repr);
            empty for a payer row.
        buckets: The amounts by age.

    >>> row = AgingRow(party=Party.patient(), patient_id="P1",
    ...                buckets=[AgingBucket(low=0, high=30, amount="20"),
    ...                         AgingBucket(low=31, high=None, amount="5")])
    >>> row.total, "P1" in repr(row)
    (Decimal('25'), False)
    """

    party: Party = attrs.field(validator=_instance(Party))
    patient_id: str = attrs.field(default="", validator=_text, repr=_mask)
    buckets: tuple[AgingBucket, ...] = attrs.field(
        converter=_tuple_of_buckets, validator=_row_buckets
    )

    @property
    def total(self) -> decimal.Decimal:
        """The row's balance: the sum of its buckets.

        >>> AgingRow(party=Party.payer("1"),
        ...          buckets=[AgingBucket(low=0, high=None, amount="7")]).total
        Decimal('7')
        """
        return sum((b.amount for b in self.buckets), _ZERO)


def _rows(value: Iterable[AgingRow]) -> tuple[AgingRow, ...]:
    return tuple(value)


def _check_rows(_inst: object, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    for i, row in enumerate(value):
        if not isinstance(row, AgingRow):
            msg = f"{attribute.name}[{i}]: must be an AgingRow, not {type(row).__name__}"
            raise TypeError(msg)


@attrs.frozen(kw_only=True)
class AgingReport:
    """Accounts receivable by age, by payer and by patient, as of a date.

    Attributes:
        as_of: The day the ages are counted to; entries posted later are ignored.
        basis: What ages are counted from (``"charge"`` or ``"responsibility"``).
        bounds: The buckets' upper bounds in days; one more bucket holds the rest.
        rows: Payer rows (by payer id), then patient rows (by patient id); rows
            with nothing owed are left out.

    >>> import datetime as dt
    >>> report = AgingReport(as_of=dt.date(2024, 3, 1), rows=[])
    >>> report.total, [b.label for b in report.buckets]
    (Decimal('0'), ['0-30', '31-60', '61-90', '91-120', 'over 120'])
    """

    as_of: dt.date = attrs.field(validator=_date)
    basis: str = attrs.field(default="charge", validator=_basis)
    bounds: tuple[int, ...] = attrs.field(default=DEFAULT_BOUNDS, converter=_bounds)
    rows: tuple[AgingRow, ...] = attrs.field(converter=_rows, validator=_check_rows)

    @property
    def labels(self) -> tuple[str, ...]:
        """The buckets' names.

        >>> import datetime as dt
        >>> AgingReport(as_of=dt.date(2024, 3, 1), bounds=(30,), rows=[]).labels
        ('0-30', 'over 30')
        """
        return tuple(b.label for b in _buckets(self.bounds, [_ZERO] * (len(self.bounds) + 1)))

    @property
    def buckets(self) -> tuple[AgingBucket, ...]:
        """The grand totals by age (payers and patients together).

        >>> import datetime as dt
        >>> AgingReport(as_of=dt.date(2024, 3, 1), rows=[]).buckets[0].amount
        Decimal('0')
        """
        return self._sum(self.rows)

    @property
    def total(self) -> decimal.Decimal:
        """Everything owed: the sum of every row.

        >>> import datetime as dt
        >>> AgingReport(as_of=dt.date(2024, 3, 1), rows=[]).total
        Decimal('0')
        """
        return sum((row.total for row in self.rows), _ZERO)

    @property
    def payers(self) -> tuple[AgingRow, ...]:
        """The payer rows.

        >>> import datetime as dt
        >>> AgingReport(as_of=dt.date(2024, 3, 1), rows=[]).payers
        ()
        """
        return tuple(r for r in self.rows if r.party.kind is PartyKind.PAYER)

    @property
    def patients(self) -> tuple[AgingRow, ...]:
        """The patient rows (each patient's own share).

        >>> import datetime as dt
        >>> AgingReport(as_of=dt.date(2024, 3, 1), rows=[]).patients
        ()
        """
        return tuple(r for r in self.rows if r.party.kind is PartyKind.PATIENT)

    @property
    def payer_total(self) -> tuple[AgingBucket, ...]:
        """The payers' buckets summed.

        >>> import datetime as dt
        >>> AgingReport(as_of=dt.date(2024, 3, 1), rows=[]).payer_total[-1].label
        'over 120'
        """
        return self._sum(self.payers)

    @property
    def patient_total(self) -> tuple[AgingBucket, ...]:
        """The patients' buckets summed.

        >>> import datetime as dt
        >>> AgingReport(as_of=dt.date(2024, 3, 1), rows=[]).patient_total[0].amount
        Decimal('0')
        """
        return self._sum(self.patients)

    def _sum(self, rows: Iterable[AgingRow]) -> tuple[AgingBucket, ...]:
        amounts = [_ZERO] * (len(self.bounds) + 1)
        for row in rows:
            for i, bucket in enumerate(row.buckets):
                amounts[i] += bucket.amount
        return _buckets(self.bounds, amounts)

    def _table(self, *, patients: bool) -> list[tuple[str, tuple[AgingBucket, ...]]]:
        table = [(f"payer {row.party.id}", row.buckets) for row in self.payers]
        if patients:
            table += [(f"patient {row.patient_id}", row.buckets) for row in self.patients]
        else:
            count = len(self.patients)
            table.append((f"patients ({count})", self.patient_total))
        table.append(("total", self.buckets))
        return table

    def text(self, *, patients: bool = False) -> str:
        """The report as a fixed-width table, one row per payer, then the patients.

        Args:
            patients: One row per patient (with the patient's id) instead of a
                single row for all patients' own shares.

        >>> import datetime as dt
        >>> print(AgingReport(as_of=dt.date(2024, 3, 1), rows=[]).text())
        A/R aging as of 2024-03-01 (aged from the charge)
        owed by                   0-30     31-60     61-90    91-120  over 120       total
        patients (0)              0.00      0.00      0.00      0.00      0.00        0.00
        total                     0.00      0.00      0.00      0.00      0.00        0.00
        """
        basis = "the charge" if self.basis == "charge" else "the transfer of responsibility"
        lines = [f"A/R aging as of {self.as_of.isoformat()} (aged from {basis})"]
        head = "".join(f"{label:>10}" for label in self.labels) + f"{'total':>12}"
        lines.append(f"{'owed by':<20}{head}")
        for name, buckets in self._table(patients=patients):
            cells = "".join(f"{money(b.amount):>10}" for b in buckets)
            total = money(sum((b.amount for b in buckets), _ZERO))
            lines.append(f"{name[:20]:<20}{cells}{total:>12}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        """Notebooks: the table, payers by id and the patients' shares as one row (no patient ids).

        >>> import datetime as dt
        >>> "<th>over 120</th>" in AgingReport(as_of=dt.date(2024, 3, 1), rows=[])._repr_html_()
        True
        """
        esc = html.escape
        head = "".join(f"<th>{esc(label)}</th>" for label in ("owed by", *self.labels, "total"))
        body = []
        for name, buckets in self._table(patients=False):
            cells = "".join(f"<td>{money(b.amount)}</td>" for b in buckets)
            total = money(sum((b.amount for b in buckets), _ZERO))
            body.append(f"<tr><td>{esc(name)}</td>{cells}<td>{total}</td></tr>")
        return (
            f"<p>A/R aging as of {self.as_of.isoformat()}</p>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        )


def aging(
    ledger: Ledger,
    *,
    as_of: dt.date,
    basis: Basis = "charge",
    bounds: tuple[int, ...] = DEFAULT_BOUNDS,
) -> AgingReport:
    """The A/R aging report of ``ledger`` as of a date.

    Args:
        ledger: The ledger.
        as_of: The day ages are counted to; entries posted after it are ignored.
        basis: ``"charge"`` to age from the posting of the service line's charge,
            ``"responsibility"`` to age from the day the amount became the owing
            party's (see the module's documentation).
        bounds: The buckets' upper bounds in days, strictly increasing.

    Returns:
        One row per payer and per patient with something owed (or a credit).
        Each row's buckets sum to the party's balance; payer rows plus patient
        rows sum to the ledger's balance.

    >>> import datetime as dt
    >>> from medoffice.billing._ledger import Entry, Ledger, Party
    >>> day = dt.date(2024, 1, 10)
    >>> ledger = Ledger(entries=[
    ...     Entry(id="c1", kind="charge", posted=day, account_number="A1", patient_id="P1",
    ...           line="1", party=Party.payer("12345"), amount="125"),
    ...     *Entry.transfer(id="t1", posted=dt.date(2024, 2, 20), account_number="A1",
    ...                     patient_id="P1", line="1", source=Party.payer("12345"),
    ...                     target=Party.patient(), amount="20", group="PR", reason="2"),
    ... ])
    >>> report = aging(ledger, as_of=dt.date(2024, 3, 1), basis="responsibility")
    >>> [(row.party.kind.name, str(row.total)) for row in report.rows]
    [('PAYER', '105'), ('PATIENT', '20')]
    >>> [str(b.amount) for b in report.patients[0].buckets]
    ['20', '0', '0', '0', '0']
    """
    bounds = _bounds(bounds)
    lots = open_amounts(ledger, as_of=as_of, basis=basis)
    grouped: dict[tuple[Party, str], list[tuple[dt.date, decimal.Decimal]]] = {}
    for (party, patient_id, _account), amounts in lots.items():
        who = (party, patient_id if party.kind is PartyKind.PATIENT else "")
        grouped.setdefault(who, []).extend(amounts)
    rows = []
    for (party, patient_id), amounts in sorted(
        grouped.items(), key=lambda item: _sort_key((*item[0], None))
    ):
        rows.append(
            AgingRow(
                party=party,
                patient_id=patient_id,
                buckets=aging_buckets(amounts, as_of=as_of, bounds=bounds),
            )
        )
    return AgingReport(as_of=as_of, basis=basis, bounds=bounds, rows=rows)


def days_in_ar(ledger: Ledger, *, as_of: dt.date, period_days: int = 90) -> decimal.Decimal:
    """Days in A/R: everything owed divided by the average daily charges over a period.

    The period is the ``period_days`` days ending on ``as_of``. Charges are the
    ``charge`` entries posted in it, less reversals of charges; A/R is the
    balance of every party as of ``as_of``. The result is rounded to 0.1 day.

    Args:
        ledger: The ledger.
        as_of: The last day of the period.
        period_days: The period's length in days (90 by default).

    Raises:
        ValueError: If something is owed but nothing was charged in the period.

    >>> import datetime as dt
    >>> from medoffice.billing._ledger import Entry, Ledger, Party
    >>> ledger = Ledger(entries=[
    ...     Entry(id="c1", kind="charge", posted=dt.date(2024, 1, 10), account_number="A1",
    ...           patient_id="P1", party=Party.payer("1"), amount="900"),
    ...     Entry(id="p1", kind="payment", posted=dt.date(2024, 2, 10), account_number="A1",
    ...           patient_id="P1", party=Party.payer("1"), amount="-600"),
    ... ])
    >>> days_in_ar(ledger, as_of=dt.date(2024, 3, 1), period_days=90)
    Decimal('30.0')
    """
    check_ledger(ledger)
    check_as_of(as_of)
    check_whole("period_days", period_days)
    if period_days < 1:
        msg = "period_days: must be at least 1"
        raise ValueError(msg)
    start = as_of - dt.timedelta(days=period_days)
    kinds = {e.id: e.kind for e in ledger.select(as_of=as_of)}
    charged = _ZERO
    for entry in ledger.select(as_of=as_of):
        if entry.posted <= start:
            continue
        reversed_kind = kinds.get(entry.reverses or "")
        if entry.kind is EntryKind.CHARGE or (
            entry.kind is EntryKind.REVERSAL and reversed_kind is EntryKind.CHARGE
        ):
            charged += entry.amount
    owed = ledger.balance(as_of=as_of)
    if not owed:
        return decimal.Decimal("0.0")
    if charged <= 0:
        msg = "days_in_ar: nothing was charged in the period, so days in A/R is undefined"
        raise ValueError(msg)
    return (owed * period_days / charged).quantize(
        decimal.Decimal("0.1"), rounding=decimal.ROUND_HALF_UP
    )


# -- denials -------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class DenialCode:
    """How often one reason code appears on denials, and the amount it denied.

    Attributes:
        code: ``group-CARC`` (``CO-50``) for adjustment reasons, or the RARC (``N130``).
        count: The number of denied claims or lines it appears on.
        amount: For a CARC, the sum of its adjustment amounts; for a RARC, the
            sum of the denied amounts of the claims and lines it appears on.

    >>> DenialCode(code="CO-50", count=2, amount="300").code
    'CO-50'
    """

    code: str = attrs.field(validator=_text)
    count: int = attrs.field(validator=attrs.validators.instance_of(int))
    amount: decimal.Decimal = attrs.field(converter=_money)


def _codes(value: Iterable[DenialCode]) -> tuple[DenialCode, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class DenialSummary:
    """Denials by reason: CARCs (with their group) and RARCs, most money first.

    Attributes:
        claims: The number of claims denied (CLP02 = 4), or denied or paid
            nothing for work items.
        lines: The number of lines paid nothing on claims that were not denied.
        reasons: Adjustment reasons (``CO-50``), by amount then code.
        remarks: Remark codes (``N130``), by amount then code.
        amount: The amount denied: of the claims and lines counted.

    >>> DenialSummary(claims=0, lines=0, reasons=[], remarks=[]).amount
    Decimal('0')
    """

    claims: int = attrs.field(validator=attrs.validators.instance_of(int))
    lines: int = attrs.field(validator=attrs.validators.instance_of(int))
    reasons: tuple[DenialCode, ...] = attrs.field(converter=_codes)
    remarks: tuple[DenialCode, ...] = attrs.field(converter=_codes)
    amount: decimal.Decimal = attrs.field(default=_ZERO, converter=_money)

    def text(self) -> str:
        """The summary as a fixed-width table.

        >>> print(DenialSummary(claims=1, lines=0, reasons=[DenialCode(code="CO-50", count=1,
        ...       amount="125")], remarks=[DenialCode(code="N130", count=1, amount="125")],
        ...       amount="125").text())
        Denials: 1 claim(s), 0 line(s), 125.00
        code           count      amount
        CO-50              1      125.00
        N130               1      125.00
        """
        lines = [
            f"Denials: {self.claims} claim(s), {self.lines} line(s), {money(self.amount)}",
            f"{'code':<10}{'count':>10}{'amount':>12}",
        ]
        lines += [
            f"{c.code:<10}{c.count:>10}{money(c.amount):>12}" for c in self.reasons + self.remarks
        ]
        return "\n".join(lines)


class _Tally:
    def __init__(self) -> None:
        self.counts: dict[str, int] = defaultdict(int)
        self.amounts: dict[str, decimal.Decimal] = defaultdict(lambda: _ZERO)

    def add(self, code: str, amount: decimal.Decimal) -> None:
        self.counts[code] += 1
        self.amounts[code] += amount

    def codes(self) -> tuple[DenialCode, ...]:
        return tuple(
            DenialCode(code=code, count=self.counts[code], amount=self.amounts[code])
            for code in sorted(self.counts, key=lambda c: (-self.amounts[c], c))
        )


def _items(items: Iterable[object]) -> Iterator[ClaimPayment | WorkItem]:
    for i, item in enumerate(items):
        if isinstance(item, Remittance):
            yield from item.claims
        elif isinstance(item, (ClaimPayment, WorkItem)):
            yield item
        else:
            msg = (
                f"items[{i}]: must be a Remittance, a ClaimPayment or a WorkItem,"
                f" not {type(item).__name__}"
            )
            raise TypeError(msg)


#: The work items that are denials.
_DENIALS = frozenset({WorkKind.DENIED, WorkKind.ZERO_PAY})


def _cost_share(code: str) -> bool:
    return code in {"PR-1", "PR-2", "PR-3"}


def denial_summary(items: Iterable[Remittance | ClaimPayment | WorkItem]) -> DenialSummary:
    """Denials by reason code (CARC with its group, and RARC): counts and amounts.

    A denied claim (CLP02 = 4) counts every claim and line adjustment and remark.
    On other claims (reversals excepted), a line with a charge that was paid
    nothing counts its adjustments, except the patient's cost share (PR 1, 2, 3:
    deductible, coinsurance, copay), which is not a denial.

    Work items from posting (:class:`WorkItem`) of kind ``denied`` or
    ``zero_pay`` count as one claim each, and each of their codes (the cost
    share excepted) counts once with the item's amount; other work items are
    not denials. Give the remittances or the work items made from them, not both.

    Args:
        items: Remittances (all their claims), single claim payments, or work items.

    >>> from medoffice.billing._remit import Adjustment, ClaimPayment, ServicePayment
    >>> denied = ClaimPayment(account_number="A1", status="4", billed=125, paid=0,
    ...                       adjustments=[Adjustment(group="CO", reason="50", amount=125)],
    ...                       remarks=["N115"])
    >>> partly = ClaimPayment(account_number="A2", status="1", billed=200, paid=80, lines=[
    ...     ServicePayment(procedure="99213", charge=100, paid=80,
    ...                    adjustments=[Adjustment(group="CO", reason="45", amount=20)]),
    ...     ServicePayment(procedure="93000", charge=100, paid=0, remarks=["N130"],
    ...                    adjustments=[Adjustment(group="CO", reason="97", amount=100)])])
    >>> summary = denial_summary([denied, partly])
    >>> [(c.code, c.count, str(c.amount)) for c in summary.reasons]
    [('CO-50', 1, '125'), ('CO-97', 1, '100')]
    >>> [c.code for c in summary.remarks], summary.claims, summary.lines, summary.amount
    (['N115', 'N130'], 1, 1, Decimal('225'))
    """
    reasons, remarks = _Tally(), _Tally()
    claims = lines = 0
    total = _ZERO
    for item in _items(items):
        if isinstance(item, WorkItem):
            if item.kind not in _DENIALS:
                continue
            claims += 1
            total += item.amount
            for code in item.codes:
                if _cost_share(code):
                    continue
                (reasons if "-" in code else remarks).add(code, item.amount)
        elif item.is_denied:
            claims += 1
            denied = item.adjusted
            total += denied
            for adjustment in (*item.adjustments, *(a for s in item.lines for a in s.adjustments)):
                reasons.add(f"{adjustment.group.value}-{adjustment.reason}", adjustment.amount)
            for code in (*item.remarks, *(r for s in item.lines for r in s.remarks)):
                remarks.add(code, denied)
        elif not item.is_reversal:
            for service in item.lines:
                if service.paid or service.charge <= 0:
                    continue
                counted = [
                    (f"{a.group.value}-{a.reason}", a.amount)
                    for a in service.adjustments
                    if not _cost_share(f"{a.group.value}-{a.reason}")
                ]
                if not counted:
                    continue
                lines += 1
                denied = sum((amount for _code, amount in counted), _ZERO)
                total += denied
                for code, amount in counted:
                    reasons.add(code, amount)
                for code in service.remarks:
                    remarks.add(code, denied)
    return DenialSummary(
        claims=claims,
        lines=lines,
        reasons=reasons.codes(),
        remarks=remarks.codes(),
        amount=total,
    )
