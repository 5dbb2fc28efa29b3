"""Patient statements and the reminder cadence: hand-computed values, exact renderings, invariants."""

from __future__ import annotations

import contextlib
import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.billing._aging import AgingBucket, AgingReport, aging
from medoffice.billing._ledger import Entry, Ledger, Party
from medoffice.billing._statements import (
    Reminder,
    ReminderKind,
    ReminderPolicy,
    Statement,
    StatementLine,
    StatementPolicy,
    reminders,
    statement,
)
from medoffice.serialization import from_dict, to_dict
from tests.billing.test_aging import DAY0, HEAVY, _entry, as_of_dates, junk, ledgers

PLAN = Party.payer("12345")
PATIENT = Party.patient()
d = dt.date


def _e(
    id: str,  # noqa: A002
    kind: str,
    posted: dt.date,
    party: Party,
    amount: str,
    *,
    account: str = "C1",
    patient: str = "P1",
    line: str | None = "1",
    **more: Any,
) -> Entry:
    return _entry(id, kind, posted, account, patient, party, amount, line, **more)


def _move(
    id: str,  # noqa: A002
    day: dt.date,
    source: Party,
    target: Party,
    amount: str,
    **more: Any,
) -> tuple[Entry, Entry]:
    """A transfer on claim C1 of patient P1."""
    common: dict[str, Any] = {"account_number": "C1", "patient_id": "P1"}
    return Entry.transfer(
        id=id, posted=day, source=source, target=target, amount=amount, **common, **more
    )


def visit_ledger() -> Ledger:
    """An office visit (insurance pays, the patient owes coinsurance) and a self-pay flu shot."""
    bounced = _e("pp1", "patient_payment", d(2024, 2, 20), PATIENT, "-5", line=None)
    return Ledger(
        entries=[
            _e("c1", "charge", d(2024, 1, 10), PLAN, "125", memo="Office visit 99213"),
            _e("p1", "payment", d(2024, 2, 1), PLAN, "-80"),
            _e("w1", "adjustment", d(2024, 2, 1), PLAN, "-25", group="CO", reason="45"),
            *Entry.transfer(
                id="t1",
                posted=d(2024, 2, 1),
                account_number="C1",
                patient_id="P1",
                line="1",
                source=PLAN,
                target=PATIENT,
                amount="20",
                group="PR",
                reason="2",
            ),
            _e(
                "c2",
                "charge",
                d(2024, 2, 1),
                PATIENT,
                "40",
                account="C2",
                memo="Flu shot (self-pay)",
            ),
            bounced,
            _e("pp2", "patient_payment", d(2024, 3, 5), PATIENT, "-10", line=None),
            bounced.reversal(id="r1", posted=d(2024, 3, 10)),
            _e(
                "a1",
                "adjustment",
                d(2024, 3, 12),
                PATIENT,
                "-3",
                group="OA",
                reason="45",
                line=None,
            ),
            # After both statements.
            _e("pp3", "patient_payment", d(2024, 4, 2), PATIENT, "-47", line=None),
            # Another patient.
            _e("x1", "charge", d(2024, 1, 10), PLAN, "300", account="C9", patient="P2"),
        ]
    )


PRACTICE = ("SMITH FAMILY PRACTICE", "1 MAIN ST, SPRINGFIELD IL 62701", "(217) 555-0100")

FIRST_TEXT = """\
SMITH FAMILY PRACTICE
1 MAIN ST, SPRINGFIELD IL 62701
(217) 555-0100

STATEMENT                                           Statement date: 2024-03-01
JANE DOE                                                        Patient ID: P1
2 ELM ST
SPRINGFIELD IL 62704

Date        Account     Description                       Insurance   You owe
------------------------------------------------------------------------------
2024-01-10  C1          Office visit 99213                   125.00
2024-02-01  C1          Insurance payment: ACME HEALTH       -80.00
2024-02-01  C1          Contractual adjustment (CO-45)       -25.00
2024-02-01  C1          Coinsurance (PR-2)                              20.00
2024-02-01  C2          Flu shot (self-pay)                             40.00
2024-02-20  C1          Payment, thank you                              -5.00
------------------------------------------------------------------------------
Previous balance                                                          0.00
New charges                                                              60.00
Adjustments                                                               0.00
Your payments                                                            -5.00
Amount due                                                               55.00
(Insurance paid 80.00 in this period.)

AMOUNT DUE: $55.00 by 2024-03-31
Your balance by age in days:
         0-30        31-60        61-90       91-120     over 120
        55.00         0.00         0.00         0.00         0.00

Questions? Call (217) 555-0100."""


def first_statement(ledger: Ledger | None = None) -> Statement:
    return statement(
        visit_ledger() if ledger is None else ledger,
        patient_id="P1",
        as_of=d(2024, 3, 1),
        practice=PRACTICE,
        patient_name="JANE DOE",
        patient_address=("2 ELM ST", "SPRINGFIELD IL 62704"),
        payer_names={"12345": "ACME HEALTH"},
        policy=StatementPolicy(message="Questions? Call (217) 555-0100."),
    )


# -- statements, by hand -----------------------------------------------------------------------


def test_first_statement_by_hand() -> None:
    s = first_statement()
    assert (s.previous_balance, s.new_charges, s.adjustments, s.patient_payments) == (
        Decimal(0),
        Decimal(60),
        Decimal(0),
        Decimal(5),
    )
    assert s.insurance_payments == Decimal(80)
    assert s.amount_due == Decimal(55)
    assert s.due_date == d(2024, 3, 31)
    assert s.period_start is None
    assert [b.amount for b in s.aging] == [Decimal(55), 0, 0, 0, 0]
    assert [(row.description, row.amount, row.patient) for row in s.lines] == [
        ("Office visit 99213", Decimal(125), False),
        ("Insurance payment: ACME HEALTH", Decimal(-80), False),
        ("Contractual adjustment (CO-45)", Decimal(-25), False),
        ("Coinsurance (PR-2)", Decimal(20), True),
        ("Flu shot (self-pay)", Decimal(40), True),
        ("Payment, thank you", Decimal(-5), True),
    ]


def test_first_statement_text_exactly() -> None:
    assert first_statement().text() == FIRST_TEXT


def test_second_statement_since_the_first() -> None:
    s = statement(visit_ledger(), patient_id="P1", as_of=d(2024, 3, 31), since=d(2024, 3, 1))
    assert (s.previous_balance, s.new_charges, s.adjustments, s.patient_payments) == (
        Decimal(55),
        Decimal(0),
        Decimal(3),
        # 10 paid, and the bounced 5 taken back.
        Decimal(5),
    )
    assert s.amount_due == Decimal(47)
    assert s.insurance_payments == 0
    assert [(row.posted, row.description, row.amount) for row in s.lines] == [
        (d(2024, 3, 5), "Payment, thank you", Decimal(-10)),
        (d(2024, 3, 10), "Reversal: Payment, thank you", Decimal(5)),
        (d(2024, 3, 12), "Other adjustment (OA-45)", Decimal(-3)),
    ]
    # Aged from the day each amount became the patient's: Feb 1 (42 left), the bounced 5 (Mar 10).
    assert [b.amount for b in s.aging] == [Decimal(5), Decimal(42), 0, 0, 0]
    text = s.text()
    assert "Activity after 2024-03-01" in text
    assert "AMOUNT DUE: $47.00 by 2024-04-30" in text
    assert "Insurance paid" not in text


def test_statement_aged_from_the_charge() -> None:
    policy = StatementPolicy(basis="charge", bounds=(60,))
    s = statement(visit_ledger(), patient_id="P1", as_of=d(2024, 3, 31), policy=policy)
    # The coinsurance (and the bounced payment taken back on its claim) age from the
    # visit's charge, Jan 10 (81 days): 20 - 5 - 10 + 5 - 3 = 7; the flu shot from Feb 1 (59 days).
    assert [(b.label, b.amount) for b in s.aging] == [
        ("0-60", Decimal(40)),
        ("over 60", Decimal(7)),
    ]


def test_credit_and_nothing_due() -> None:
    paid_more = visit_ledger().append(
        _e("pp9", "patient_payment", d(2024, 4, 3), PATIENT, "-10", line=None),
    )
    s = statement(
        paid_more, patient_id="P1", as_of=d(2024, 4, 30), policy=StatementPolicy(currency="€")
    )
    assert s.amount_due == Decimal(-10)
    assert "CREDIT BALANCE: €10.00 (nothing is due)" in s.text()
    settled = statement(visit_ledger(), patient_id="P1", as_of=d(2024, 4, 30))
    assert settled.amount_due == 0
    assert "Nothing is due. Thank you." in settled.text()
    assert (
        "No activity in this period."
        in statement(
            visit_ledger(), patient_id="P1", as_of=d(2024, 4, 30), since=d(2024, 4, 10)
        ).text()
    )
    empty = statement(Ledger(), patient_id="P1", as_of=d(2024, 4, 30))
    assert empty.amount_due == 0
    assert empty.lines == ()


def test_descriptions_of_every_kind() -> None:
    other = Party.payer("999")
    ledger = Ledger(
        entries=[
            _e("c", "charge", d(2024, 1, 1), PLAN, "100"),
            _e("r", "refund", d(2024, 1, 2), PLAN, "7"),
            _e("rp", "refund", d(2024, 1, 2), PATIENT, "4"),
            _e("a", "adjustment", d(2024, 1, 3), PLAN, "-1"),
            _e("pi", "adjustment", d(2024, 1, 3), PLAN, "-1", group="PI", reason="45"),
            _e("cr", "adjustment", d(2024, 1, 3), PLAN, "-1", group="CR"),
            _e("pr", "adjustment", d(2024, 1, 3), PATIENT, "-1", group="PR", reason="45"),
            _e("pay", "payment", d(2024, 1, 4), PATIENT, "-2"),
            *_move("t", d(2024, 1, 5), PLAN, PATIENT, "9", group="PR", reason="1"),
            *_move("u", d(2024, 1, 5), PLAN, PATIENT, "8", group="PR", reason="204"),
            *_move("v", d(2024, 1, 5), PLAN, PATIENT, "6"),
            *_move("w", d(2024, 1, 6), PATIENT, other, "5", group="PR"),
            _e("zero", "payment", d(2024, 1, 7), PLAN, "0"),
            _e("x", "reversal", d(2024, 1, 8), PATIENT, "1", reverses="nowhere"),
            _e("y", "reversal", d(2024, 1, 8), PATIENT, "-1", reverses="x"),
            _e("z", "reversal", d(2024, 1, 8), PLAN, "-100", reverses="c"),
        ]
    )
    s = statement(ledger, patient_id="P1", as_of=d(2024, 1, 31))
    assert [(row.description, row.patient) for row in s.lines] == [
        ("Charge", False),
        ("Refund to 12345", False),
        ("Refund to you", True),
        ("Adjustment", False),
        ("Payer reduction (PI-45)", False),
        ("Correction (CR)", False),
        ("Adjustment (PR-45)", True),
        ("Payment, thank you", True),
        ("Deductible (PR-1)", True),
        ("Your share (PR-204)", True),
        ("Moved to you", True),
        ("Moved to insurance (PR)", True),
        ("Reversal: entry", True),
        ("Reversal: Reversal: entry", True),
        ("Reversal: Charge", False),
    ]
    # Refund 4 and payment 2 are payments; the reversals of an unknown entry are adjustments.
    assert (s.new_charges, s.patient_payments, s.adjustments) == (
        Decimal(9 + 8 + 6 - 5),
        Decimal(2 - 4),
        Decimal(1 - 1 + 1),
    )
    # The refund to the plan takes its payment back: the plan's payments net to -7.
    assert s.insurance_payments == Decimal(-7)


# -- renderings --------------------------------------------------------------------------------

HOSTILE = "<script>alert('x')</script> & \"quoted\""


def test_html_escapes_every_caller_supplied_text() -> None:
    ledger = Ledger(
        entries=[
            _e("c", "charge", d(2024, 1, 1), PATIENT, "10", account=HOSTILE, memo=HOSTILE),
            _e("p", "payment", d(2024, 1, 2), PLAN, "-10", account=HOSTILE),
        ]
    )
    s = statement(
        ledger,
        patient_id="P1",
        as_of=d(2024, 1, 31),
        practice=HOSTILE,
        patient_name=HOSTILE,
        patient_address=HOSTILE,
        payer_names={"12345": HOSTILE},
        policy=StatementPolicy(message=HOSTILE, currency=HOSTILE),
    )
    for page in (s.html(), s._repr_html_()):
        assert "<script" not in page
        assert '"quoted"' not in page
    assert "&lt;script&gt;" in s.html()
    assert s.html().count("&lt;script&gt;") >= 6


def test_notebook_view_and_repr_leave_out_patient_data() -> None:
    s = first_statement()
    for shown in (repr(s), s._repr_html_()):
        for private in ("JANE", "ELM", "C1", "C2", "Flu shot", "Office visit"):
            assert private not in shown
    assert "P1'" not in repr(s)
    assert "Amount due" in s._repr_html_()
    assert "JANE DOE" in s.html()
    assert "Flu shot" in s.html()


def test_renderings_are_deterministic() -> None:
    assert first_statement() == first_statement()
    assert first_statement().html() == first_statement().html()
    assert first_statement().text() == first_statement().text()
    # Rows of one day keep the ledger's (posting) order; the figures do not depend on it.
    shuffled = first_statement(Ledger(entries=reversed(visit_ledger().entries)))
    original = first_statement()
    assert shuffled.text() != FIRST_TEXT
    assert shuffled.aging == original.aging
    assert attrs.evolve(shuffled, lines=()) == attrs.evolve(original, lines=())
    key = attrs.astuple
    assert sorted(shuffled.lines, key=key) == sorted(original.lines, key=key)


# -- statements, invariants ----------------------------------------------------------------------


@st.composite
def statement_requests(draw: st.DrawFn) -> tuple[Ledger, str, dt.date, dt.date | None]:
    ledger = draw(ledgers())
    as_of = draw(as_of_dates.filter(lambda day: day > DAY0))
    since = draw(
        st.none()
        | st.integers(0, (as_of - DAY0).days - 1).map(lambda n: DAY0 + dt.timedelta(days=n))
    )
    return ledger, draw(st.sampled_from(("P1", "P2", "P3"))), as_of, since


@HEAVY
@given(statement_requests())
def test_statement_figures_come_from_the_ledger(
    request: tuple[Ledger, str, dt.date, dt.date | None],
) -> None:
    ledger, patient_id, as_of, since = request
    s = statement(ledger, patient_id=patient_id, as_of=as_of, since=since)
    owed = ledger.balance(patient_id=patient_id, party=PATIENT, as_of=as_of)
    assert s.amount_due == owed
    assert s.amount_due == s.previous_balance + s.new_charges - s.patient_payments - s.adjustments
    previous = (
        Decimal(0)
        if since is None
        else ledger.balance(patient_id=patient_id, party=PATIENT, as_of=since)
    )
    assert s.previous_balance == previous
    assert sum((row.amount for row in s.lines if row.patient), Decimal(0)) == owed - previous
    assert sum((b.amount for b in s.aging), Decimal(0)) == owed
    assert all((since is None or row.posted > since) and row.posted <= as_of for row in s.lines)
    assert [row.posted for row in s.lines] == sorted(row.posted for row in s.lines)
    # Insurance rows never change what the patient owes, and are all insurance entries.
    by_id = {e.id: e for e in ledger if e.posted <= as_of}
    money_kinds = ("payment", "patient_payment", "refund")

    def insurance_money(e: Entry) -> bool:
        kind = e.kind.value
        if kind == "reversal":
            kind = by_id[e.reverses].kind.value if e.reverses in by_id else ""
        return e.party != PATIENT and kind in money_kinds

    paid = sum(
        (
            -e.amount
            for e in ledger.select(patient_id=patient_id, as_of=as_of)
            if insurance_money(e) and (since is None or e.posted > since)
        ),
        Decimal(0),
    )
    assert s.insurance_payments == paid
    again = statement(ledger, patient_id=patient_id, as_of=as_of, since=since)
    assert again.text() == s.text()
    assert again.html() == s.html()


@HEAVY
@given(statement_requests())
def test_statement_ignores_entries_after_its_date(
    request: tuple[Ledger, str, dt.date, dt.date | None],
) -> None:
    ledger, patient_id, as_of, since = request
    before = Ledger(entries=[e for e in ledger if e.posted <= as_of])
    assert statement(ledger, patient_id=patient_id, as_of=as_of, since=since) == statement(
        before, patient_id=patient_id, as_of=as_of, since=since
    )


def test_statement_refuses_bad_input() -> None:
    ledger = visit_ledger()
    with pytest.raises(ValueError, match="since: must be before as_of"):
        statement(ledger, patient_id="P1", as_of=d(2024, 3, 1), since=d(2024, 3, 1))
    with pytest.raises(TypeError, match="policy"):
        statement(ledger, patient_id="P1", as_of=d(2024, 3, 1), policy=ReminderPolicy())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="as_of"):
        statement(ledger, patient_id="P1", as_of="2024-03-01")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="ledger"):
        statement(list(ledger), patient_id="P1", as_of=d(2024, 3, 1))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="due_days"):
        StatementPolicy(due_days=-1)
    with pytest.raises(TypeError, match="due_days"):
        StatementPolicy(due_days="30")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="basis"):
        StatementPolicy(basis="service")
    with pytest.raises(ValueError, match="amount_due"):
        Statement(
            patient_id="P",
            as_of=d(2024, 1, 1),
            new_charges="5",
            amount_due="4",
            due_date=d(2024, 1, 1),
        )
    with pytest.raises(TypeError, match="new_charges"):
        Statement(
            patient_id="P",
            as_of=d(2024, 1, 1),
            new_charges=5.0,
            amount_due="5",
            due_date=d(2024, 1, 1),
        )
    with pytest.raises(TypeError, match="patient_address"):
        Statement(
            patient_id="P",
            patient_address=["x", 5],
            as_of=d(2024, 1, 1),
            amount_due=0,
            due_date=d(2024, 1, 1),
        )
    with pytest.raises(TypeError, match="text or a sequence"):
        Statement(
            patient_id="P", practice=5, as_of=d(2024, 1, 1), amount_due=0, due_date=d(2024, 1, 1)
        )
    with pytest.raises(TypeError, match=r"lines\[0\]"):
        Statement(
            patient_id="P",
            as_of=d(2024, 1, 1),
            amount_due=0,
            due_date=d(2024, 1, 1),
            lines=["x"],  # type: ignore[list-item]
        )
    with pytest.raises(TypeError, match=r"aging\[0\]"):
        Statement(
            patient_id="P",
            as_of=d(2024, 1, 1),
            amount_due=0,
            due_date=d(2024, 1, 1),
            aging=[1],  # type: ignore[list-item]
        )
    with pytest.raises(TypeError, match="patient"):
        StatementLine(
            posted=d(2024, 1, 1),
            account_number="A",
            description="x",
            amount=1,
            patient=1,  # type: ignore[arg-type]
        )
    assert (
        Statement(
            patient_id="P",
            patient_address=None,
            as_of=d(2024, 1, 1),
            amount_due=0,
            due_date=d(2024, 1, 1),
        ).patient_address
        == ()
    )
    assert AgingBucket(low=0, high=None, amount=0).label == "over -1"


# -- reminders -----------------------------------------------------------------------------------


FEB1 = d(2024, 2, 1)


def _coinsurance(amount: str = "20", day: dt.date = FEB1, patient: str = "P1") -> tuple[Entry, ...]:
    return (
        _e(
            f"c-{patient}-{day}",
            "charge",
            d(2024, 1, 10),
            PLAN,
            amount,
            patient=patient,
            account=f"{patient}{day}",
        ),
        *Entry.transfer(
            id=f"t-{patient}-{day}",
            posted=day,
            account_number=f"{patient}{day}",
            patient_id=patient,
            source=PLAN,
            target=PATIENT,
            amount=amount,
            group="PR",
            reason="2",
        ),
    )


def _run(
    ledger: Ledger, start: dt.date, end: dt.date, policy: ReminderPolicy | None = None
) -> list[Reminder]:
    """Ask every day from ``start`` to ``end``, sending what is due."""
    sent: list[Reminder] = []
    day = start
    while day <= end:
        sent += reminders(ledger, as_of=day, policy=policy, sent=sent)
        day += dt.timedelta(days=1)
    return sent


def test_cadence_by_hand() -> None:
    ledger = Ledger(entries=_coinsurance())
    policy = ReminderPolicy(collections=120)
    sent = _run(ledger, d(2024, 2, 1), d(2024, 8, 1), policy)
    assert [(r.as_of, r.step, r.days, r.kind, r.age) for r in sent] == [
        (d(2024, 3, 2), 1, 30, ReminderKind.REMINDER, 30),
        (d(2024, 4, 1), 2, 60, ReminderKind.REMINDER, 60),
        (d(2024, 5, 1), 3, 90, ReminderKind.FINAL_NOTICE, 90),
        (d(2024, 5, 31), 4, 120, ReminderKind.COLLECTIONS, 120),
    ]
    assert {(r.balance, r.oldest, r.patient_id) for r in sent} == {
        (Decimal(20), d(2024, 2, 1), "P1")
    }
    # The payer's own balance never gets a reminder; by the charge, the age starts Jan 10.
    by_charge = reminders(ledger, as_of=d(2024, 2, 9), policy=ReminderPolicy(basis="charge"))
    assert [(r.step, r.oldest) for r in by_charge] == [(1, d(2024, 1, 10))]


def test_a_late_start_does_not_skip_steps_and_keeps_spacing() -> None:
    ledger = Ledger(entries=_coinsurance())
    sent = _run(ledger, d(2024, 6, 1), d(2024, 7, 31))
    assert [(r.as_of, r.step) for r in sent] == [
        (d(2024, 6, 1), 1),
        (d(2024, 6, 15), 2),
        (d(2024, 6, 29), 3),
    ]
    fast = _run(ledger, d(2024, 6, 1), d(2024, 6, 5), ReminderPolicy(spacing=0))
    # Even without spacing, one step a day.
    assert [(r.as_of, r.step) for r in fast] == [
        (d(2024, 6, 1), 1),
        (d(2024, 6, 2), 2),
        (d(2024, 6, 3), 3),
    ]


def test_paying_stops_the_cadence_and_a_new_balance_starts_over() -> None:
    ledger = Ledger(
        entries=[
            *_coinsurance(),
            _e("pay", "patient_payment", d(2024, 3, 20), PATIENT, "-20", line=None),
            *_coinsurance("15", d(2024, 5, 1)),
        ]
    )
    sent = _run(ledger, d(2024, 2, 1), d(2024, 6, 30))
    assert [(r.as_of, r.step, r.balance) for r in sent] == [
        (d(2024, 3, 2), 1, Decimal(20)),
        (d(2024, 5, 31), 1, Decimal(15)),
        (d(2024, 6, 30), 2, Decimal(15)),
    ]


def test_a_partial_payment_ages_from_the_oldest_unpaid_amount() -> None:
    ledger = Ledger(
        entries=[
            *_coinsurance("20"),
            *_coinsurance("30", d(2024, 3, 1)),
            _e("pay", "patient_payment", d(2024, 3, 10), PATIENT, "-25", line=None),
        ]
    )
    # The 20 of Feb 1 is paid; 25 of Mar 1 remain.
    (due,) = reminders(ledger, as_of=d(2024, 3, 31))
    assert (due.oldest, due.balance, due.age, due.step) == (d(2024, 3, 1), Decimal(25), 30, 1)


def test_small_and_credit_balances_get_no_reminder() -> None:
    small = Ledger(entries=_coinsurance("3"))
    assert (
        reminders(small, as_of=d(2024, 6, 1), policy=ReminderPolicy(minimum_balance=Decimal(5)))
        == ()
    )
    assert len(reminders(small, as_of=d(2024, 6, 1))) == 1
    credit = Ledger(
        entries=[_e("pay", "patient_payment", d(2024, 1, 1), PATIENT, "-20", line=None)]
    )
    assert reminders(credit, as_of=d(2024, 6, 1)) == ()


def test_reminders_ignore_later_entries_and_later_sent() -> None:
    ledger = Ledger(entries=_coinsurance())
    future = Reminder(
        patient_id="P1",
        as_of=d(2024, 9, 1),
        step=3,
        days=90,
        kind="final_notice",
        balance=20,
        oldest=d(2024, 2, 1),
    )
    (due,) = reminders(ledger, as_of=d(2024, 3, 5), sent=[future])
    assert due.step == 1
    assert reminders(ledger, as_of=d(2024, 1, 31)) == ()


def test_reminder_values_refuse_bad_input() -> None:
    with pytest.raises(ValueError, match="steps"):
        ReminderPolicy(steps=())
    with pytest.raises(ValueError, match="steps"):
        ReminderPolicy(steps=(30, 30))
    with pytest.raises(TypeError, match="steps"):
        ReminderPolicy(steps=(30, "60"))
    with pytest.raises(ValueError, match="collections"):
        ReminderPolicy(collections=90)
    with pytest.raises(TypeError, match="collections"):
        ReminderPolicy(collections=120.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="minimum_balance"):
        ReminderPolicy(minimum_balance=Decimal(-1))
    with pytest.raises(ValueError, match="spacing"):
        ReminderPolicy(spacing=-1)
    good: dict[str, Any] = {
        "patient_id": "P",
        "as_of": d(2024, 1, 1),
        "step": 1,
        "days": 30,
        "kind": "reminder",
        "balance": 1,
        "oldest": d(2024, 1, 1),
    }
    assert Reminder(**good).kind is ReminderKind.REMINDER
    with pytest.raises(ValueError, match="step"):
        Reminder(**{**good, "step": 0})
    with pytest.raises(ValueError, match="kind"):
        Reminder(**{**good, "kind": "nag"})
    with pytest.raises(TypeError, match=r"sent\[0\]"):
        reminders(Ledger(), as_of=d(2024, 1, 1), sent=[("P1", 1)])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="policy"):
        reminders(Ledger(), as_of=d(2024, 1, 1), policy=StatementPolicy())  # type: ignore[arg-type]
    assert [k for _d, k in ReminderPolicy(steps=(45,)).schedule] == [ReminderKind.FINAL_NOTICE]


@settings(max_examples=min(25, settings().max_examples))
@given(
    ledgers(max_entries=15),
    st.sampled_from(
        [
            ReminderPolicy(),
            ReminderPolicy(steps=(10, 20), collections=40, spacing=0),
            ReminderPolicy(basis="charge", minimum_balance=Decimal(50)),
        ]
    ),
)
def test_cadence_never_skips_or_repeats_a_step(ledger: Ledger, policy: ReminderPolicy) -> None:
    sent = _run(ledger, DAY0, DAY0 + dt.timedelta(days=300), policy)
    for i, r in enumerate(sent):
        earlier = [s for s in sent[:i] if s.patient_id == r.patient_id]
        cycle = sorted(s.step for s in earlier if s.as_of >= r.oldest)
        # Exactly the steps before this one, each once, in this balance's cycle.
        assert cycle == list(range(1, r.step))
        assert all(s.as_of < r.as_of for s in earlier)
        if earlier:
            assert (r.as_of - earlier[-1].as_of).days >= max(policy.spacing, 1)
        assert (r.days, r.kind) == policy.schedule[r.step - 1]
        assert r.age >= r.days
        assert r.balance >= max(policy.minimum_balance, Decimal("0.01"))
        assert r.balance == ledger.balance(patient_id=r.patient_id, party=PATIENT, as_of=r.as_of)


# -- robustness: junk in any argument gives only our documented errors ------------------------

ARGUMENTS = (
    "as_of",
    "since",
    "patient_id",
    "patient_name",
    "patient_address",
    "practice",
    "payer_names",
    "policy",
    "sent",
    "reminder_policy",
    "due_days",
    "message",
    "currency",
    "statement_basis",
    "bounds",
    "steps",
    "collections",
    "minimum_balance",
    "spacing",
    "basis",
)


@HEAVY
@given(st.sampled_from(ARGUMENTS), junk)
def test_junk_gives_only_documented_errors(argument: str, value: Any) -> None:
    ledger = visit_ledger()
    as_of = d(2024, 3, 31)
    statement_args = {"as_of", "since", "patient_id", "patient_name", "patient_address", "practice"}
    policies = {"due_days", "message", "currency", "statement_basis", "bounds"}
    with contextlib.suppress(TypeError, ValueError):
        if argument in statement_args:
            args: dict[str, Any] = {"patient_id": "P1", "as_of": as_of, argument: value}
            statement(ledger, **args).text()
        elif argument == "payer_names":
            statement(ledger, patient_id="P1", as_of=as_of, payer_names=value).html()
        elif argument == "policy":
            statement(ledger, patient_id="P1", as_of=as_of, policy=value)
        elif argument == "sent":
            reminders(ledger, as_of=as_of, sent=value)
        elif argument == "reminder_policy":
            reminders(ledger, as_of=as_of, policy=value)
        elif argument in policies:
            StatementPolicy(**{argument.removeprefix("statement_"): value})
        else:
            reminders(ledger, as_of=as_of, policy=ReminderPolicy(**{argument: value}))


# -- data round trips (sent reminders are kept between runs) -----------------------------------


@HEAVY
@given(statement_requests())
def test_statements_reports_and_reminders_round_trip_through_dicts(
    request: tuple[Ledger, str, dt.date, dt.date | None],
) -> None:
    ledger, patient_id, as_of, since = request
    s = statement(ledger, patient_id=patient_id, as_of=as_of, since=since)
    assert from_dict(to_dict(s), Statement) == s
    report = aging(ledger, as_of=as_of)
    assert from_dict(to_dict(report), AgingReport) == report
    for reminder in reminders(ledger, as_of=as_of, policy=ReminderPolicy(steps=(0, 30))):
        assert from_dict(to_dict(reminder), Reminder) == reminder
    policy = ReminderPolicy(collections=200, minimum_balance=Decimal("5.00"))
    assert from_dict(to_dict(policy), ReminderPolicy) == policy
