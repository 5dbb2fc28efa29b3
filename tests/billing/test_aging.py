"""A/R aging, days in A/R and the denial summary: hand-computed reports, invariants, a FIFO oracle."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.billing._aging import (
    AgingBucket,
    AgingReport,
    AgingRow,
    DenialCode,
    DenialSummary,
    aging,
    days_in_ar,
    denial_summary,
    open_amounts,
)
from medoffice.billing._ledger import Entry, EntryKind, Ledger, Party, PartyKind
from medoffice.billing._post import WorkItem
from medoffice.billing._remit import (
    Adjustment,
    AdjustmentGroup,
    ClaimPayment,
    Payee,
    Payer,
    Payment,
    Remittance,
    ServicePayment,
)

DAY0 = dt.date(2024, 1, 1)
PAYERS = (Party.payer("A"), Party.payer("B"))
PATIENT = Party.patient()
#: Kinds whose amount is positive (the rest negative, transfers and reversals either).
_POSITIVE = {EntryKind.CHARGE, EntryKind.REFUND}
_NEGATIVE = {EntryKind.PAYMENT, EntryKind.PATIENT_PAYMENT, EntryKind.ADJUSTMENT}


_KINDS = list(EntryKind)
_GROUPS = (None, *AdjustmentGroup)
_PARTIES = (*PAYERS, PATIENT)
_REASONS = ("1", "2", "3", "45")
#: One entry as plain numbers: patient, kind, amount, group, reason, day, claim, line,
#: party, and which earlier entry a reversal negates.
_ROW = st.tuples(
    st.integers(1, 3),
    st.integers(0, len(_KINDS) - 1),
    st.integers(-50_000, 50_000),
    st.integers(0, len(_GROUPS) - 1),
    st.integers(0, len(_REASONS) - 1),
    st.integers(0, 240),
    st.integers(1, 2),
    st.sampled_from(("1", "2", None)),
    st.integers(0, len(_PARTIES) - 1),
    st.integers(0, 100),
)


def _ledger(
    rows: list[tuple[int, int, int, int, int, int, int, str | None, int, int]], *, dollars: bool
) -> Ledger:
    entries: list[Entry] = []
    for i, (
        patient,
        kind_i,
        cents,
        group_i,
        reason_i,
        day,
        claim,
        line,
        party_i,
        back,
    ) in enumerate(rows):
        kind = _KINDS[kind_i]
        amount = Decimal(cents % 17 - 8) if dollars else Decimal(cents) / 100
        if kind in _POSITIVE:
            amount = abs(amount)
        elif kind in _NEGATIVE:
            amount = -abs(amount)
        group = _GROUPS[group_i]
        reverses = (
            entries[back % len(entries)].id if kind is EntryKind.REVERSAL and entries else None
        )
        entries.append(
            Entry(
                id=f"e{i}",
                kind=kind,
                posted=DAY0 + dt.timedelta(days=day),
                account_number=f"P{patient}-{claim}",
                patient_id=f"P{patient}",
                line=line,
                party=_PARTIES[party_i],
                amount=amount,
                group=group,
                reason=None if group is None else _REASONS[reason_i],
                reverses=reverses,
            )
        )
    return Ledger(entries=entries)


def ledgers(*, max_entries: int = 25, dollars: bool = False) -> st.SearchStrategy[Ledger]:
    """Ledgers of a few patients, claims, lines and payers; amounts in cents (or whole dollars -8 to 8)."""
    return st.lists(_ROW, max_size=max_entries).map(lambda rows: _ledger(rows, dollars=dollars))


#: Ledger properties build many entries: capped so the CI profile stays quick.
HEAVY = settings(max_examples=min(100, settings().max_examples))

as_of_dates = st.integers(0, 300).map(lambda n: DAY0 + dt.timedelta(days=n))
bases = st.sampled_from(("charge", "responsibility"))


def _entry(  # noqa: PLR0917 - a compact table of entries reads best positionally
    id: str,  # noqa: A002
    kind: str,
    posted: dt.date,
    account: str,
    patient: str,
    party: Party,
    amount: str,
    line: str | None = "1",
    **more: str,
) -> Entry:
    return Entry(
        id=id,
        kind=kind,
        posted=posted,
        account_number=account,
        patient_id=patient,
        line=line,
        party=party,
        amount=amount,
        **more,
    )


A, B = PAYERS
AS_OF = dt.date(2024, 6, 30)


def hand_ledger() -> Ledger:
    """The ledger whose aging is computed by hand in the tests below."""
    jan15 = dt.date(2024, 1, 15)
    return Ledger(
        entries=[
            _entry("c1", "charge", jan15, "C1", "P1", A, "100"),
            _entry("c2", "charge", jan15, "C1", "P1", A, "50", line="2"),
            _entry("p1", "payment", dt.date(2024, 3, 1), "C1", "P1", A, "-60"),
            _entry("w1", "adjustment", dt.date(2024, 3, 1), "C1", "P1", A, "-20", group="CO"),
            *Entry.transfer(
                id="t1",
                posted=dt.date(2024, 4, 10),
                account_number="C1",
                patient_id="P1",
                line="1",
                source=A,
                target=PATIENT,
                amount="20",
                group="PR",
                reason="2",
            ),
            _entry("c3", "charge", dt.date(2024, 5, 20), "C2", "P2", A, "200"),
            _entry("c4", "charge", dt.date(2024, 6, 10), "C2", "P2", A, "40", line="2"),
            _entry("c5", "charge", dt.date(2024, 3, 15), "C3", "P1", B, "300"),
            _entry("p2", "payment", dt.date(2024, 6, 1), "C3", "P1", B, "-100"),
            _entry("c6", "charge", dt.date(2024, 6, 25), "C4", "P2", PATIENT, "30"),
            _entry("p3", "patient_payment", dt.date(2024, 6, 28), "C4", "P2", PATIENT, "-50", None),
            # After the report's date: ignored.
            _entry("p4", "payment", dt.date(2024, 7, 5), "C2", "P2", A, "-200"),
        ]
    )


def _amounts(buckets: tuple[AgingBucket, ...]) -> list[Decimal]:
    return [b.amount for b in buckets]


def _d(*values: int) -> list[Decimal]:
    return [Decimal(v) for v in values]


# -- hand-computed ---------------------------------------------------------------------------


def test_hand_computed_report_aged_from_the_charge() -> None:
    report = aging(hand_ledger(), as_of=AS_OF)
    rows = {(r.party.kind.name, r.party.id, r.patient_id): _amounts(r.buckets) for r in report.rows}
    assert rows == {
        # C1: 150 charged on Jan 15, 80 paid and written off, 20 moved to the patient: 50 left.
        ("PAYER", "A", ""): _d(40, 200, 0, 0, 50),
        ("PAYER", "B", ""): _d(0, 0, 0, 200, 0),
        # The patient's 20 is aged from C1's charge (167 days).
        ("PATIENT", "", "P1"): _d(0, 0, 0, 0, 20),
        # Paid 50 against 30: a credit of 20.
        ("PATIENT", "", "P2"): _d(-20, 0, 0, 0, 0),
    }
    assert [r.party.kind for r in report.rows] == [
        PartyKind.PAYER,
        PartyKind.PAYER,
        PartyKind.PATIENT,
        PartyKind.PATIENT,
    ]
    assert _amounts(report.buckets) == _d(20, 200, 0, 200, 70)
    assert report.total == Decimal(490)
    assert _amounts(report.payer_total) == _d(40, 200, 0, 200, 50)
    assert _amounts(report.patient_total) == _d(-20, 0, 0, 0, 20)


def test_hand_computed_report_aged_from_the_responsibility() -> None:
    report = aging(hand_ledger(), as_of=AS_OF, basis="responsibility")
    p1 = next(r for r in report.patients if r.patient_id == "P1")
    # Moved to the patient on Apr 10: 81 days.
    assert _amounts(p1.buckets) == _d(0, 0, 20, 0, 0)
    assert _amounts(report.payers[0].buckets) == _d(40, 200, 0, 0, 50)


def test_open_amounts_are_fifo_per_claim_and_party() -> None:
    lots = open_amounts(hand_ledger(), as_of=AS_OF)
    # The payment, the write-off and the transfer settle line 1 (the older lot) first.
    assert lots[(A, "P1", "C1")] == [(dt.date(2024, 1, 15), Decimal(50))]
    # The patient's amounts are one FIFO group across claims.
    assert lots[(PATIENT, "P2", None)] == [(dt.date(2024, 6, 25), Decimal(-20))]


def test_patient_payments_settle_the_oldest_claim_first() -> None:
    ledger = Ledger(
        entries=[
            _entry("c1", "charge", dt.date(2024, 1, 1), "C1", "P1", PATIENT, "40"),
            _entry("c2", "charge", dt.date(2024, 3, 1), "C2", "P1", PATIENT, "60"),
            # Paid on the newer claim, but settles the older amount first.
            _entry("p1", "patient_payment", dt.date(2024, 3, 5), "C2", "P1", PATIENT, "-50"),
        ]
    )
    assert open_amounts(ledger, as_of=dt.date(2024, 3, 31)) == {
        (PATIENT, "P1", None): [(dt.date(2024, 3, 1), Decimal(50))]
    }


def test_a_credit_is_settled_by_later_charges() -> None:
    ledger = Ledger(
        entries=[
            _entry("p1", "patient_payment", dt.date(2024, 1, 1), "C1", "P1", PATIENT, "-30"),
            _entry("p2", "patient_payment", dt.date(2024, 1, 2), "C1", "P1", PATIENT, "-10"),
            _entry("c1", "charge", dt.date(2024, 2, 1), "C1", "P1", PATIENT, "35"),
        ]
    )
    lots = open_amounts(ledger, as_of=dt.date(2024, 3, 1), basis="responsibility")
    assert lots == {(PATIENT, "P1", None): [(dt.date(2024, 1, 2), Decimal(-5))]}


def test_a_settled_claim_has_no_open_amounts_and_no_row() -> None:
    ledger = Ledger(
        entries=[
            _entry("c1", "charge", dt.date(2024, 1, 1), "C1", "P1", A, "100"),
            _entry("p1", "payment", dt.date(2024, 2, 1), "C1", "P1", A, "-100"),
            _entry("c2", "charge", dt.date(2024, 1, 1), "C2", "P1", B, "10"),
        ]
    )
    assert list(open_amounts(ledger, as_of=AS_OF)) == [(B, "P1", "C2")]
    assert [row.party for row in aging(ledger, as_of=AS_OF).rows] == [B]


@pytest.mark.parametrize(
    ("age", "index"),
    [(0, 0), (30, 0), (31, 1), (60, 1), (61, 2), (90, 2), (91, 3), (120, 3), (121, 4), (999, 4)],
)
def test_bucket_boundaries(age: int, index: int) -> None:
    ledger = Ledger(
        entries=[_entry("c", "charge", AS_OF - dt.timedelta(days=age), "C", "P", A, "9")]
    )
    amounts = _amounts(aging(ledger, as_of=AS_OF).buckets)
    assert amounts == [Decimal(9) if i == index else Decimal(0) for i in range(5)]


def test_custom_bounds() -> None:
    ledger = Ledger(
        entries=[_entry("c", "charge", AS_OF - dt.timedelta(days=20), "C", "P", A, "9")]
    )
    report = aging(ledger, as_of=AS_OF, bounds=(15, 45))
    assert report.labels == ("0-15", "16-45", "over 45")
    assert _amounts(report.buckets) == _d(0, 9, 0)


def test_claim_level_entries_take_the_claims_charge_date() -> None:
    ledger = Ledger(
        entries=[
            _entry("c", "charge", dt.date(2024, 1, 1), "C", "P", A, "100"),
            *Entry.transfer(
                id="t",
                posted=dt.date(2024, 6, 1),
                account_number="C",
                patient_id="P",
                line=None,
                source=A,
                target=PATIENT,
                amount="10",
            ),
            # No charge on this claim: aged from its own posting.
            _entry("x", "adjustment", dt.date(2024, 6, 20), "D", "P", B, "5", line=None),
        ]
    )
    lots = open_amounts(ledger, as_of=AS_OF)
    assert lots[(PATIENT, "P", None)] == [(dt.date(2024, 1, 1), Decimal(10))]
    assert lots[(B, "P", "D")] == [(dt.date(2024, 6, 20), Decimal(5))]


def test_text_and_html() -> None:
    report = aging(hand_ledger(), as_of=AS_OF)
    assert report.text() == "\n".join(
        [
            "A/R aging as of 2024-06-30 (aged from the charge)",
            "owed by                   0-30     31-60     61-90    91-120  over 120       total",
            "payer A                  40.00    200.00      0.00      0.00     50.00      290.00",
            "payer B                   0.00      0.00      0.00    200.00      0.00      200.00",
            "patients (2)            -20.00      0.00      0.00      0.00     20.00        0.00",
            "total                    20.00    200.00      0.00    200.00     70.00      490.00",
        ]
    )
    detailed = report.text(patients=True)
    assert "patient P1" in detailed
    assert "patient P2" in detailed
    assert (
        aging(hand_ledger(), as_of=AS_OF, basis="responsibility")
        .text()
        .startswith("A/R aging as of 2024-06-30 (aged from the transfer of responsibility)")
    )
    page = report._repr_html_()
    assert page == aging(hand_ledger(), as_of=AS_OF)._repr_html_()
    assert "<td>payer A</td>" in page
    assert "P1" not in page
    assert "P2" not in page
    assert "P1" not in repr(report)


def test_values_refuse_bad_input() -> None:
    with pytest.raises(ValueError, match="basis"):
        aging(Ledger(), as_of=AS_OF, basis="service")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="bounds"):
        aging(Ledger(), as_of=AS_OF, bounds=(60, 30))
    with pytest.raises(ValueError, match="bounds"):
        aging(Ledger(), as_of=AS_OF, bounds=())
    with pytest.raises(TypeError, match="bounds"):
        aging(Ledger(), as_of=AS_OF, bounds=(30.0,))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="bounds"):
        aging(Ledger(), as_of=AS_OF, bounds="30")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="as_of"):
        aging(Ledger(), as_of=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    with pytest.raises(TypeError, match="ledger"):
        aging([], as_of=AS_OF)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="buckets"):
        AgingRow(party=A, buckets=[])
    with pytest.raises(TypeError, match="rows"):
        AgingReport(as_of=AS_OF, rows=["x"])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="amount"):
        AgingBucket(low=0, high=30, amount=1.5)


# -- invariants ------------------------------------------------------------------------------


@HEAVY
@given(ledgers(), as_of_dates, bases)
def test_rows_sum_to_the_balances(ledger: Ledger, as_of: dt.date, basis: str) -> None:
    report = aging(ledger, as_of=as_of, basis=basis)  # type: ignore[arg-type]
    assert report.total == ledger.balance(as_of=as_of)
    for row in report.payers:
        assert row.total == ledger.balance(party=row.party, as_of=as_of)
        assert row.patient_id == ""
    for row in report.patients:
        assert row.total == ledger.balance(party=PATIENT, patient_id=row.patient_id, as_of=as_of)
    # Payers plus patients are the whole, bucket by bucket.
    both = [
        p.amount + q.amount for p, q in zip(report.payer_total, report.patient_total, strict=True)
    ]
    assert both == _amounts(report.buckets)
    assert sum(both, Decimal(0)) == report.total
    # Every party that owes something (or is owed) has a row.
    owing = {
        (e.party, e.patient_id if e.party == PATIENT else "") for e in ledger.select(as_of=as_of)
    }
    for party, patient_id in owing:
        balance = ledger.balance(party=party, patient_id=patient_id or None, as_of=as_of)
        if balance:
            assert any(r.party == party and r.patient_id == patient_id for r in report.rows)


@HEAVY
@given(ledgers(), as_of_dates, bases)
def test_entries_after_the_date_are_ignored(ledger: Ledger, as_of: dt.date, basis: str) -> None:
    before = Ledger(entries=[e for e in ledger if e.posted <= as_of])
    assert aging(ledger, as_of=as_of, basis=basis) == aging(before, as_of=as_of, basis=basis)  # type: ignore[arg-type]


@HEAVY
@given(ledgers(), as_of_dates)
def test_ages_are_never_negative_nor_older_than_the_ledger(ledger: Ledger, as_of: dt.date) -> None:
    for lots in open_amounts(ledger, as_of=as_of).values():
        assert lots
        for when, amount in lots:
            assert DAY0 <= when <= as_of
            assert amount
        # Open amounts of one group all have the same sign.
        assert len({amount > 0 for _when, amount in lots}) == 1


def _oracle(
    ledger: Ledger, as_of: dt.date, basis: str
) -> dict[tuple[Party, str, str | None], dict[dt.date, Decimal]]:
    """FIFO spelled out one dollar at a time: each dollar is a token with a date."""
    entries = [e for e in ledger if e.posted <= as_of]
    line_dates: dict[tuple[str, str | None], dt.date] = {}
    claim_dates: dict[str, dt.date] = {}
    for e in entries:
        if e.kind is EntryKind.CHARGE:
            line = (e.account_number, e.line)
            line_dates[line] = min(line_dates.get(line, e.posted), e.posted)
            claim = e.account_number
            claim_dates[claim] = min(claim_dates.get(claim, e.posted), e.posted)

    def date_of(e: Entry) -> dt.date:
        if basis == "responsibility":
            return e.posted
        return (
            line_dates.get((e.account_number, e.line))
            or claim_dates.get(e.account_number)
            or e.posted
        )

    tokens: dict[tuple[Party, str, str | None], list[tuple[dt.date, int, int]]] = defaultdict(list)
    for seq, e in enumerate(sorted(entries, key=lambda e: e.posted)):
        key = (e.party, e.patient_id, None if e.party == PATIENT else e.account_number)
        sign = 1 if e.amount > 0 else -1
        for _ in range(int(abs(e.amount))):
            against = [t for t in tokens[key] if t[2] != sign]
            if against:
                tokens[key].remove(min(against))  # the oldest open dollar of the other sign
            else:
                tokens[key].append((date_of(e), seq, sign))
    result: dict[tuple[Party, str, str | None], dict[dt.date, Decimal]] = {}
    for key, items in tokens.items():
        by_date: dict[dt.date, Decimal] = defaultdict(Decimal)
        for when, _seq, sign in items:
            by_date[when] += sign
        if by_date:
            result[key] = dict(by_date)
    return result


@HEAVY
@given(ledgers(dollars=True), as_of_dates, bases)
def test_fifo_matches_the_dollar_by_dollar_oracle(
    ledger: Ledger, as_of: dt.date, basis: str
) -> None:
    fast = open_amounts(ledger, as_of=as_of, basis=basis)  # type: ignore[arg-type]
    summed: dict[tuple[Party, str, str | None], dict[dt.date, Decimal]] = {}
    for key, lots in fast.items():
        by_date: dict[dt.date, Decimal] = defaultdict(Decimal)
        for when, amount in lots:
            by_date[when] += amount
        summed[key] = dict(by_date)
    assert summed == _oracle(ledger, as_of, basis)


@HEAVY
@given(ledgers(), as_of_dates)
def test_report_is_deterministic_and_order_of_postings_on_a_day_does_not_move_totals(
    ledger: Ledger, as_of: dt.date
) -> None:
    report = aging(ledger, as_of=as_of)
    shuffled = Ledger(entries=sorted(ledger, key=lambda e: (e.posted, e.id), reverse=True))
    other = aging(shuffled, as_of=as_of)
    assert report.total == other.total
    assert {(r.party, r.patient_id): r.total for r in report.rows} == {
        (r.party, r.patient_id): r.total for r in other.rows
    }
    assert report.text() == aging(ledger, as_of=as_of).text()


# -- days in A/R -------------------------------------------------------------------------------


def test_days_in_ar_hand_computed() -> None:
    # 490 owed; charged in the 90 days to Jun 30 (after Apr 1): 200 + 40 + 30 = 270 → 3/day.
    assert days_in_ar(hand_ledger(), as_of=AS_OF) == Decimal("163.3")
    # Over 30 days (after May 31): 40 + 30 = 70.
    assert days_in_ar(hand_ledger(), as_of=AS_OF, period_days=30) == Decimal("210.0")


def test_days_in_ar_counts_reversed_charges_out() -> None:
    charge = _entry("c1", "charge", dt.date(2024, 6, 1), "C", "P", A, "300")
    other = _entry("c2", "charge", dt.date(2024, 6, 2), "C", "P", A, "300")
    ledger = Ledger(entries=[charge, other, other.reversal(id="r", posted=dt.date(2024, 6, 3))])
    # 300 owed, 300 charged in 30 days.
    assert days_in_ar(ledger, as_of=AS_OF, period_days=30) == Decimal("30.0")


def test_days_in_ar_edges() -> None:
    assert days_in_ar(Ledger(), as_of=AS_OF) == Decimal("0.0")
    old = Ledger(entries=[_entry("c", "charge", dt.date(2023, 1, 1), "C", "P", A, "10")])
    with pytest.raises(ValueError, match="nothing was charged"):
        days_in_ar(old, as_of=AS_OF)
    with pytest.raises(ValueError, match="period_days"):
        days_in_ar(old, as_of=AS_OF, period_days=0)
    with pytest.raises(TypeError, match="period_days"):
        days_in_ar(old, as_of=AS_OF, period_days=True)
    with pytest.raises(TypeError, match="ledger"):
        days_in_ar(None, as_of=AS_OF)  # type: ignore[arg-type]


@HEAVY
@given(ledgers(), as_of_dates)
def test_days_in_ar_is_ar_over_daily_charges(ledger: Ledger, as_of: dt.date) -> None:
    owed = ledger.balance(as_of=as_of)
    start = as_of - dt.timedelta(days=60)
    kinds = {e.id: e.kind for e in ledger if e.posted <= as_of}

    def is_charge(e: Entry) -> bool:
        if e.kind is EntryKind.REVERSAL:
            return kinds.get(e.reverses or "") is EntryKind.CHARGE
        return e.kind is EntryKind.CHARGE

    charged = sum(
        (e.amount for e in ledger if start < e.posted <= as_of and is_charge(e)), Decimal(0)
    )
    before = Ledger(entries=[e for e in ledger if e.posted <= as_of])
    if not owed:
        assert days_in_ar(ledger, as_of=as_of, period_days=60) == 0
        assert days_in_ar(before, as_of=as_of, period_days=60) == 0
    elif charged <= 0:
        with pytest.raises(ValueError, match="undefined"):
            days_in_ar(ledger, as_of=as_of, period_days=60)
    else:
        days = days_in_ar(ledger, as_of=as_of, period_days=60)
        assert days == days_in_ar(before, as_of=as_of, period_days=60)
        assert abs(days - owed / (charged / 60)) <= Decimal("0.05")


# -- denials ---------------------------------------------------------------------------------


def _remittance(*claims: ClaimPayment) -> Remittance:
    return Remittance(
        payment=Payment(
            amount=sum((c.paid for c in claims), Decimal(0)),
            method="CHK",
            date=AS_OF,
            trace_number="T1",
            payer_id="1512345678",
        ),
        payer=Payer(name="ACME"),
        payee=Payee(name="SMITH", npi="1234567893"),
        claims=claims,
    )


def test_denial_summary_hand_computed() -> None:
    denied = ClaimPayment(
        account_number="A1",
        status="4",
        billed=150,
        paid=0,
        adjustments=[Adjustment(group="CO", reason="50", amount=100)],
        remarks=["M15"],
        lines=[
            ServicePayment(
                procedure="99213",
                charge=50,
                paid=0,
                adjustments=[Adjustment(group="CO", reason="50", amount=50)],
                remarks=["N130"],
            )
        ],
    )
    mixed = ClaimPayment(
        account_number="A2",
        status="1",
        billed=300,
        paid=80,
        lines=[
            ServicePayment(
                procedure="99213",
                charge=100,
                paid=80,
                adjustments=[Adjustment(group="CO", reason="45", amount=20)],
            ),
            # Paid nothing: a denial.
            ServicePayment(
                procedure="93000",
                charge=100,
                paid=0,
                adjustments=[
                    Adjustment(group="CO", reason="97", amount=70),
                    Adjustment(group="PR", reason="204", amount=30),
                ],
                remarks=["N130", "N20"],
            ),
            # Paid nothing because of the deductible: not a denial.
            ServicePayment(
                procedure="36415",
                charge=100,
                paid=0,
                adjustments=[Adjustment(group="PR", reason="1", amount=100)],
            ),
        ],
    )
    reversal = ClaimPayment(
        account_number="A3",
        status="22",
        billed=-100,
        paid=0,
        lines=[
            ServicePayment(
                procedure="99213",
                charge=-100,
                paid=0,
                adjustments=[Adjustment(group="CO", reason="50", amount=-100)],
            )
        ],
    )
    summary = denial_summary([_remittance(denied, mixed), reversal])
    assert (summary.claims, summary.lines) == (1, 1)
    assert [(c.code, c.count, c.amount) for c in summary.reasons] == [
        ("CO-50", 2, Decimal(150)),
        ("CO-97", 1, Decimal(70)),
        ("PR-204", 1, Decimal(30)),
    ]
    # A RARC carries the denied amount of what it is on: the claim (150) and line 2 (100).
    assert [(c.code, c.count, c.amount) for c in summary.remarks] == [
        ("N130", 2, Decimal(250)),
        ("M15", 1, Decimal(150)),
        ("N20", 1, Decimal(100)),
    ]
    assert summary.amount == Decimal(250)
    assert "CO-50" in summary.text()
    assert "A1" not in summary.text()
    assert "A1" not in repr(summary)


def test_denial_summary_of_nothing_and_of_junk() -> None:
    empty = denial_summary([])
    assert empty == DenialSummary(claims=0, lines=0, reasons=(), remarks=())
    assert empty.amount == 0
    with pytest.raises(
        TypeError, match=r"items\[0\]: must be a Remittance, a ClaimPayment or a WorkItem"
    ):
        denial_summary(["CO-50"])  # type: ignore[list-item]
    assert DenialCode(code="N130", count=1, amount=Decimal(1)).amount == 1


@HEAVY
@given(
    st.lists(
        st.tuples(
            st.sampled_from(("CO", "PR", "OA", "PI")),
            st.sampled_from(("1", "45", "50")),
            st.integers(1, 500),
        ),
        max_size=6,
    )
)
def test_denied_claims_count_every_adjustment(triples: list[tuple[str, str, int]]) -> None:
    adjustments = [Adjustment(group=g, reason=r, amount=a) for g, r, a in triples]
    total = sum((a.amount for a in adjustments), Decimal(0))
    claim = ClaimPayment(
        account_number="A", status="4", billed=total, paid=0, adjustments=adjustments
    )
    summary = denial_summary([claim])
    assert summary.amount == total
    assert sum(c.count for c in summary.reasons) == len(adjustments)
    assert summary.claims == 1


def test_denial_summary_of_work_items() -> None:
    items = [
        WorkItem(kind="denied", path="claims[0]", codes=("CO-50", "N130"), amount="125"),
        WorkItem(kind="zero_pay", path="claims[1]", codes=("PR-1", "CO-45", "N130"), amount="80"),
        # Not denials.
        WorkItem(kind="unmatched_claim", path="claims[2]", codes=("CO-50",), amount="999"),
        WorkItem(kind="other_adjustment", path="claims[3]", codes=("OA-23",), amount="5"),
    ]
    summary = denial_summary(items)
    assert (summary.claims, summary.lines, summary.amount) == (2, 0, Decimal(205))
    assert [(c.code, c.count, c.amount) for c in summary.reasons] == [
        ("CO-50", 1, Decimal(125)),
        ("CO-45", 1, Decimal(80)),
    ]
    assert [(c.code, c.count, c.amount) for c in summary.remarks] == [("N130", 2, Decimal(205))]


@HEAVY
@given(
    st.lists(
        st.tuples(
            st.sampled_from(("CO", "OA", "PI")),
            st.sampled_from(("45", "50", "97")),
            st.integers(1, 500),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_work_items_of_denied_claims_agree_with_the_claims(
    triples: list[tuple[str, str, int]],
) -> None:
    adjustments = [Adjustment(group=g, reason=r, amount=a) for g, r, a in triples]
    total = sum((a.amount for a in adjustments), Decimal(0))
    claim = ClaimPayment(
        account_number="A", status="4", billed=total, paid=0, adjustments=adjustments
    )
    codes = tuple(dict.fromkeys(f"{g}-{r}" for g, r, _a in triples))
    item = WorkItem(kind="denied", path="claims[0]", codes=codes, amount=total)
    from_claims, from_items = denial_summary([claim]), denial_summary([item])
    assert (from_claims.claims, from_claims.amount) == (from_items.claims, from_items.amount)
    assert {c.code for c in from_claims.reasons} == {c.code for c in from_items.reasons}


# -- robustness: junk in any argument gives only our documented errors ------------------------

junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 200),
    st.floats(allow_nan=True),
    st.decimals(allow_nan=True),
    st.text(max_size=4),
    st.binary(max_size=3),
    st.dates(),
    st.lists(st.integers(-5, 200), max_size=4),
    st.tuples(st.integers(0, 200), st.integers(0, 200)),
)


@HEAVY
@given(st.sampled_from(("ledger", "as_of", "basis", "bounds", "period_days", "items")), junk)
def test_junk_gives_only_documented_errors(argument: str, value: object) -> None:
    calls: dict[str, Any] = {
        "ledger": lambda: aging(value, as_of=AS_OF),  # type: ignore[arg-type]
        "as_of": lambda: days_in_ar(hand_ledger(), as_of=value),  # type: ignore[arg-type]
        "basis": lambda: aging(hand_ledger(), as_of=AS_OF, basis=value),  # type: ignore[arg-type]
        "bounds": lambda: aging(hand_ledger(), as_of=AS_OF, bounds=value),  # type: ignore[arg-type]
        "period_days": lambda: days_in_ar(hand_ledger(), as_of=AS_OF, period_days=value),  # type: ignore[arg-type]
        "items": lambda: denial_summary(value),  # type: ignore[arg-type]
    }
    # Anything but a TypeError or a ValueError (an AttributeError, a KeyError ...) fails the test.
    with contextlib.suppress(TypeError, ValueError):
        calls[argument]()
