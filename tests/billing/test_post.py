"""Tests for posting: money is conserved, order does not matter, reversals undo, nothing twice."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from decimal import Decimal

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medoffice import strategies
from medoffice.billing import (
    Adjustment,
    ClaimPayment,
    Entry,
    EntryKind,
    Ledger,
    Party,
    Payee,
    Payer,
    Payment,
    ProviderAdjustment,
    Remittance,
    ServicePayment,
    build_835,
    parse_835,
)
from medoffice.billing._post import (
    PostingResult,
    WorkItem,
    WorkKind,
    charges,
    line_ids,
    post,
)
from medoffice.claims import Address as ClaimAddress
from medoffice.claims import Claim, ServiceLine
from medoffice.claims.examples import office_visit
from medoffice.exceptions import ValidationFailed

ZERO = Decimal(0)
DAY = dt.date(2025, 10, 1)
PAID_ON = dt.date(2025, 11, 1)
CAPPED = settings(max_examples=min(30, settings().max_examples), deadline=None)

# -- a local adjudication strategy --------------------------------------------------


@attrs.frozen
class Plan:
    """An adjudicated claim and what posting it must leave on the ledger."""

    claim: Claim
    payment: ClaimPayment
    #: Per line id: (paid, written off, to the patient, left on the payer).
    lines: dict[str, tuple[Decimal, Decimal, Decimal, Decimal]]

    @property
    def written_off(self) -> Decimal:
        return sum((w for _, w, _, _ in self.lines.values()), ZERO)

    @property
    def paid(self) -> Decimal:
        return sum((p for p, _, _, _ in self.lines.values()), ZERO)

    @property
    def patient(self) -> Decimal:
        return sum((r for _, _, r, _ in self.lines.values()), ZERO)


def _cents(value: int) -> Decimal:
    return Decimal(value) / 100


#: One draw per line: three cut points (per cent of the charge), what the rest is,
#: how the deductible is split, the PR reasons, how modifiers change, whether
#: the date is sent, the remarks.
_LINE = st.tuples(
    st.integers(0, 100), st.integers(0, 100), st.integers(0, 100), st.integers(0, 2),
    st.integers(0, 100), st.permutations(("1", "2", "3")), st.integers(0, 3), st.booleans(),
    st.integers(0, 2),
)  # fmt: skip
#: One draw per claim: denied (1 in 10), the status, whether lines lose their control numbers.
_CLAIM = st.tuples(st.integers(0, 9), st.sampled_from(("1", "1", "19")), st.booleans())
_REMARKS = ((), ("N130",), ("M15", "N130"))


def _service(
    line: ServiceLine, fields: tuple[object, ...], *, loose: bool, undated: bool
) -> tuple[ServicePayment, tuple[Decimal, ...]]:
    f1, f2, f3, what, split, reasons, how, dated, remarks = fields
    cents = int(line.charge * 100)
    cuts = sorted(cents * int(f) // 100 for f in (f1, f2, f3))  # type: ignore[call-overload]
    paid, co, pr, rest = cuts[0], cuts[1] - cuts[0], cuts[2] - cuts[1], cents - cuts[2]
    other = ("PI", "OA", "CO")[what]  # type: ignore[index]
    adjustments = []
    if co:
        adjustments.append(Adjustment(group="CO", reason="45", amount=_cents(co)))
    if pr:
        deductible = pr * split // 100  # type: ignore[operator]
        adjustments += [
            Adjustment(group="PR", reason=reasons[0], amount=_cents(deductible)),  # type: ignore[index]
            Adjustment(group="PR", reason=reasons[1], amount=_cents(pr - deductible)),  # type: ignore[index]
        ]
    if rest:
        adjustments.append(Adjustment(group=other, reason="B7", amount=_cents(rest)))
    modifiers = line.modifiers
    control = line.control_number
    procedure, original, original_modifiers = line.procedure, None, ()
    if loose:  # no line control number: keep, drop, reorder the modifiers, or recode
        control = None
        if how == 1:
            modifiers = modifiers[: len(modifiers) // 2]
        elif how == 2:
            modifiers = tuple(reversed(modifiers))
        elif how == 3:
            procedure, original, original_modifiers = "G0000", line.procedure, modifiers
            modifiers = ()
    svc = ServicePayment(
        procedure=procedure,
        modifiers=modifiers,
        charge=line.charge,
        paid=_cents(paid),
        original_procedure=original,
        original_modifiers=original_modifiers,
        service_date=line.service_date if dated or not (loose and undated) else None,
        control_number=control,
        adjustments=adjustments,
        remarks=_REMARKS[remarks],  # type: ignore[index]
    )
    off = co + (rest if other != "OA" else 0)
    return svc, (_cents(paid), _cents(off), _cents(pr), _cents(rest if other == "OA" else 0))


@st.composite
def plans(draw: st.DrawFn, claim: Claim, *, pcn: str) -> Plan:
    # Without control numbers, a line is found by procedure and date (the date
    # only if the payer sends it): keep the test's lines distinguishable.
    unique = len({(x.procedure, x.service_date) for x in claim.lines}) == len(claim.lines)
    undated = len({x.procedure for x in claim.lines}) == len(claim.lines)
    denial, status, loose = draw(_CLAIM)
    services = [
        _service(line, draw(_LINE), loose=unique and loose, undated=undated) for line in claim.lines
    ]
    denied = denial == 0
    if denied:
        services = [
            (
                attrs.evolve(
                    svc,
                    paid=ZERO,
                    adjustments=[Adjustment(group="CO", reason="50", amount=svc.charge)],
                ),
                (ZERO, ZERO, ZERO, ZERO),
            )
            for svc, _ in services
        ]
    payment = ClaimPayment(
        account_number=claim.account_number,
        status="4" if denied else status,
        billed=claim.total,
        paid=sum((svc.paid for svc, _ in services), ZERO),
        patient_responsibility=sum((e[2] for _, e in services), ZERO),
        payer_claim_number=pcn,
        lines=[svc for svc, _ in services],
    )
    ids = line_ids(claim)
    return Plan(
        claim=claim,
        payment=payment,
        lines={i: e for i, (_, e) in zip(ids, services, strict=True)},  # type: ignore[misc]
    )


def remittance(
    payments: Iterable[ClaimPayment],
    *,
    trace: str = "T1",
    plb: Sequence[tuple[str, Decimal]] = (),
) -> Remittance:
    claims = tuple(payments)
    adjustments = [
        ProviderAdjustment(provider_id="1234567893", fiscal_period_end=dt.date(2025, 12, 31),
                           reason=reason, amount=amount)
        for reason, amount in plb
    ]  # fmt: skip
    total = sum((c.paid for c in claims), ZERO) - sum((a for _, a in plb), ZERO)
    return Remittance(
        payment=Payment(amount=total, method="ACH", date=PAID_ON, trace_number=trace,
                        payer_id="1512345678"),
        payer=Payer(name="ACME HEALTH PLAN", id="12345"),
        payee=Payee(name="SMITH FAMILY PRACTICE", npi="1234567893"),
        claims=claims,
        provider_adjustments=adjustments,
    )  # fmt: skip


_PROCEDURES = ("99213", "99214", "36415", "80053", "J3301")
_MODIFIERS = ("25", "59", "LT", "RT", "XU")


_LINE_ROWS = st.lists(
    st.tuples(
        st.sampled_from(_PROCEDURES),
        st.lists(st.sampled_from(_MODIFIERS), max_size=3, unique=True),
        st.integers(1, 50_000),
        st.integers(0, 3),
    ),
    min_size=1,
    max_size=6,
)


def _lines(rows: list[tuple[str, list[str], int, int]], controlled: bool) -> list[ServiceLine]:
    return [
        ServiceLine(
            procedure=procedure,
            modifiers=modifiers,
            charge=_cents(cents),
            service_date=DAY - dt.timedelta(days=days),
            control_number=f"L{n}" if controlled else None,
        )
        for n, (procedure, modifiers, cents, days) in enumerate(rows)
    ]


_PAYER_IDS = st.sampled_from(("12345", "67890"))


@st.composite
def quick_claims(draw: st.DrawFn, count: int) -> list[Claim]:
    """Claims made quickly from the office visit: other accounts, lines and payers."""
    base = office_visit()
    return [
        attrs.evolve(
            base,
            account_number=f"ACCT{n}",
            payer=attrs.evolve(base.payer, id=draw(_PAYER_IDS)),
            lines=_lines(draw(_LINE_ROWS), draw(st.booleans())),
        )
        for n in range(count)
    ]


def _charge_all(claims: Sequence[Claim]) -> Ledger:
    entries = [
        e for n, c in enumerate(claims) for e in charges(c, posted=DAY, patient_id=f"PT{n % 2}")
    ]
    return Ledger().append(*entries)


_COUNT = st.integers(1, 5)


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[Ledger, list[Plan]]:
    claims = draw(quick_claims(draw(_COUNT)))
    plans_ = [draw(plans(c, pcn=f"ICN{n}")) for n, c in enumerate(claims)]
    return _charge_all(claims), plans_


@st.composite
def valid_scenarios(draw: st.DrawFn) -> tuple[Ledger, list[Plan]]:
    claims = [draw(strategies.valid_claims())]
    plans_ = [draw(plans(c, pcn=f"ICN{n}")) for n, c in enumerate(claims)]
    return _charge_all(claims), plans_


PLB = st.lists(
    st.tuples(st.sampled_from(("L6", "WO", "FB")), st.integers(-5000, 5000).map(_cents)),
    max_size=2,
)

# -- money is conserved ----------------------------------------------------------


def _check_plan(ledger: Ledger, plan: Plan) -> None:
    account = plan.claim.account_number
    payer = Party.payer(plan.claim.payer.id)
    if plan.payment.is_denied:
        assert ledger.balance(account_number=account) == plan.claim.total
        return
    assert ledger.balance(account_number=account) == (
        plan.claim.total - plan.paid - plan.written_off
    )
    for line, (paid, off, patient, review) in plan.lines.items():
        charge = next(
            x.charge
            for x, i in zip(plan.claim.lines, line_ids(plan.claim), strict=True)
            if i == line
        )
        # charge = paid + adjustments, exactly, on every line:
        entries = list(ledger.select(account_number=account, line=line))
        assert sum((e.amount for e in entries), ZERO) == charge - paid - off
        assert -sum((e.amount for e in entries if e.kind is EntryKind.PAYMENT), ZERO) == paid
        assert ledger.balance(account_number=account, line=line, party=Party.patient()) == patient
        assert ledger.balance(account_number=account, line=line, party=payer) == review
        assert charge == paid + off + patient + review


@CAPPED
@given(scenarios(), PLB)
def test_money_is_conserved(
    scenario: tuple[Ledger, list[Plan]], plb: list[tuple[str, Decimal]]
) -> None:
    _conserved(scenario, plb)


@settings(
    max_examples=min(8, settings().max_examples),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(valid_scenarios())
def test_money_is_conserved_on_valid_claims(scenario: tuple[Ledger, list[Plan]]) -> None:
    _conserved(scenario, [])


def _conserved(scenario: tuple[Ledger, list[Plan]], plb: list[tuple[str, Decimal]]) -> None:
    ledger, plans_ = scenario
    r = remittance((p.payment for p in plans_), plb=plb)
    result = post(r, ledger, [p.claim for p in plans_])
    assert result.ledger.entries[: len(ledger)] == ledger.entries
    assert result.ledger.entries[len(ledger) :] == result.posted
    assert result.matched == len(plans_)
    for plan in plans_:
        _check_plan(result.ledger, plan)
    # The transaction: what the entries say was received is the payment (BPR02).
    received = -sum(
        (e.amount for e in result.posted if e.kind is EntryKind.PAYMENT or e.account_number == ""),
        ZERO,
    )
    assert received == r.payment.amount
    assert [e.amount for e in result.provider_adjustments] == [a for _, a in plb]
    assert all(e.account_number == "" for e in result.provider_adjustments)
    # Work: every denial and every OA adjustment, with their codes.
    kinds = [w.kind for w in result.work]
    assert kinds.count(WorkKind.DENIED) == sum(p.payment.is_denied for p in plans_)
    assert kinds.count(WorkKind.PROVIDER_LEVEL) == sum(reason != "L6" for reason, _ in plb)
    others = [
        a for p in plans_ if not p.payment.is_denied for s in p.payment.lines
        for a in s.adjustments if a.group.value == "OA"
    ]  # fmt: skip
    assert kinds.count(WorkKind.OTHER_ADJUSTMENT) == len(others)
    assert WorkKind.UNMATCHED_LINE not in kinds
    for item in result.work:
        if item.kind is WorkKind.DENIED:
            assert "CO-50" in item.codes


@CAPPED
@given(scenarios(), st.data())
def test_posting_order_does_not_change_balances(
    scenario: tuple[Ledger, list[Plan]], data: st.DataObject
) -> None:
    ledger, plans_ = scenario
    groups = data.draw(st.lists(st.integers(0, 2), min_size=len(plans_), max_size=len(plans_)))
    remittances = [
        remittance(
            (p.payment for p, g in zip(plans_, groups, strict=True) if g == n), trace=f"T{n}"
        )
        for n in range(3)
    ]
    claims = [p.claim for p in plans_]
    results = []
    for order in (remittances, remittances[::-1], data.draw(st.permutations(remittances))):
        posted = ledger
        for r in order:
            posted = post(r, posted, claims).ledger
        results.append(posted)
    for other in results[1:]:
        assert set(other.entries) == set(results[0].entries)
        for by in ("line", "party", "patient_id", "account_number"):
            assert other.balances(by) == results[0].balances(by)


def _negated(payment: ClaimPayment) -> ClaimPayment:
    def flip(adjustments: Iterable[Adjustment]) -> list[Adjustment]:
        return [attrs.evolve(a, amount=-a.amount) for a in adjustments]

    return attrs.evolve(
        payment,
        status="22",
        billed=-payment.billed,
        paid=-payment.paid,
        patient_responsibility=None,
        adjustments=flip(payment.adjustments),
        lines=[
            attrs.evolve(s, charge=-s.charge, paid=-s.paid, adjustments=flip(s.adjustments))
            for s in payment.lines
        ],
    )


def _nonzero(totals: dict[object, Decimal]) -> dict[object, Decimal]:
    return {k: v for k, v in totals.items() if v}


@CAPPED
@given(scenarios(), st.data())
def test_reversal_then_correction_is_the_correction_alone(
    scenario: tuple[Ledger, list[Plan]], data: st.DataObject
) -> None:
    ledger, plans_ = scenario
    plans_ = [p for p in plans_ if not p.payment.is_denied] or plans_[:0]
    corrected = [data.draw(plans(p.claim, pcn=f"NEW{n}")) for n, p in enumerate(plans_)]
    claims = [p.claim for p in plans_]
    first = post(remittance(p.payment for p in plans_), ledger, claims).ledger
    fix = remittance(
        itertools.chain.from_iterable(
            (_negated(p.payment), c.payment) for p, c in zip(plans_, corrected, strict=True)
        ),
        trace="T2",
    )
    result = post(fix, first, claims)
    alone = post(remittance((c.payment for c in corrected), trace="T3"), ledger, claims).ledger
    for by in ("line", "party", "patient_id", "account_number"):
        assert _nonzero(result.ledger.balances(by)) == _nonzero(alone.balances(by))
    assert not [w for w in result.work if w.kind is WorkKind.REVERSAL]
    reversals = [e for e in result.posted if e.kind is EntryKind.REVERSAL]
    assert {e.reverses for e in reversals} == {e.id for e in first.entries[len(ledger) :]}


@CAPPED
@given(scenarios(), PLB)
def test_posting_twice_is_detected(
    scenario: tuple[Ledger, list[Plan]], plb: list[tuple[str, Decimal]]
) -> None:
    ledger, plans_ = scenario
    r = remittance((p.payment for p in plans_), plb=plb)
    claims = [p.claim for p in plans_]
    once = post(r, ledger, claims)
    twice = post(r, once.ledger, claims)
    if once.posted:
        assert twice.duplicate
        assert twice.ledger is once.ledger
        assert twice.posted == ()
        assert [w.path for w in twice.work] == ["payment.trace_number"]
    else:  # only work items: nothing to count twice
        assert twice.ledger == once.ledger


@CAPPED
@given(scenarios(), st.data())
def test_an_unbalanced_remittance_posts_nothing(
    scenario: tuple[Ledger, list[Plan]], data: st.DataObject
) -> None:
    _, plans_ = scenario
    r = remittance(p.payment for p in plans_)
    where = data.draw(st.sampled_from(("line", "claim", "payment")))
    cent = Decimal("0.01")
    if where == "payment":
        r = attrs.evolve(r, payment=attrs.evolve(r.payment, amount=r.payment.amount + cent))
    else:
        claim = r.claims[0]
        if where == "line":
            line = attrs.evolve(claim.lines[0], paid=claim.lines[0].paid + cent)
            claim = attrs.evolve(claim, lines=[line, *claim.lines[1:]], paid=claim.paid + cent)
        else:
            claim = attrs.evolve(claim, billed=claim.billed + cent)
        r = attrs.evolve(r, claims=[claim, *r.claims[1:]])
    with pytest.raises(ValidationFailed) as caught:
        post(r, Ledger(), [p.claim for p in plans_])
    assert caught.value.problems


@CAPPED
@given(scenarios())
def test_unknown_claims_go_to_the_work_queue(scenario: tuple[Ledger, list[Plan]]) -> None:
    _, plans_ = scenario
    r = remittance(p.payment for p in plans_)
    ledger = Ledger()  # nothing charged, nothing open
    result = post(r, ledger, [])
    assert result.ledger == ledger
    assert result.posted == ()
    assert result.matched == 0
    assert [w.kind for w in result.work] == [WorkKind.UNMATCHED_CLAIM] * len(plans_)
    assert [w.amount for w in result.work] == [p.payment.paid for p in plans_]
    assert all("account_number='***'" in repr(w) for w in result.work)


@CAPPED
@given(scenarios())
def test_claims_charged_in_the_ledger_match_without_the_claims(
    scenario: tuple[Ledger, list[Plan]],
) -> None:
    ledger, plans_ = scenario
    r = remittance(p.payment for p in plans_)
    with_claims = post(r, ledger, [p.claim for p in plans_])
    alone = post(r, ledger, [])
    assert alone.matched == with_claims.matched
    assert alone.ledger.balances("account_number") == with_claims.ledger.balances("account_number")
    assert alone.ledger.balances("party") == with_claims.ledger.balances("party")
    for plan in plans_:
        if all(s.control_number is not None for s in plan.payment.lines):
            account = plan.claim.account_number
            assert list(alone.ledger.select(account_number=account)) == list(
                with_claims.ledger.select(account_number=account)
            )


# -- examples ----------------------------------------------------------------------


def _visit(**changes: object) -> Claim:
    claim = office_visit()
    lines = [
        attrs.evolve(claim.lines[0], modifiers=("25", "59")),
        attrs.evolve(claim.lines[1]),
    ]
    return attrs.evolve(claim, **{"lines": lines, **changes})


def _svc(
    procedure: str, charge: str, paid: str, *adjustments: tuple[str, str, str], **more: object
) -> ServicePayment:
    return ServicePayment(
        procedure=procedure,
        charge=charge,
        paid=paid,
        adjustments=[Adjustment(group=g, reason=r, amount=a) for g, r, a in adjustments],
        **more,  # type: ignore[arg-type]
    )


def _visit_payment(**changes: object) -> ClaimPayment:
    claim = _visit()
    values: dict[str, object] = {
        "account_number": claim.account_number,
        "status": "1",
        "billed": "150",
        "paid": "100",
        "payer_claim_number": "ICN1",
        "lines": [
            _svc("99213", "125", "80", ("CO", "45", "25"), ("PR", "2", "20"),
                 modifiers=("59",), service_date=claim.lines[0].service_date),
            _svc("36415", "25", "20", ("CO", "45", "5")),
        ],
    }  # fmt: skip
    values.update(changes)
    return ClaimPayment(**values)  # type: ignore[arg-type]


def _charged(claim: Claim | None = None) -> Ledger:
    return Ledger().append(*charges(claim or _visit(), posted=DAY, patient_id="PT1"))


def test_worked_example() -> None:
    claim = _visit()
    result = post(remittance([_visit_payment()]), _charged(), [claim])
    ledger = result.ledger
    account = claim.account_number
    assert ledger.balance(account_number=account) == Decimal(20)
    assert ledger.balance(party=Party.patient()) == Decimal(20)
    assert ledger.balance(party=Party.payer("12345")) == ZERO
    assert ledger.balance(account_number=account, line="#1") == Decimal(20)
    assert ledger.balance(patient_id="PT1") == Decimal(20)
    assert result.work == ()
    assert result.matched == 1
    kinds = [(e.kind.value, e.line, str(e.amount)) for e in result.posted]
    assert kinds == [
        ("payment", "#1", "-80"),
        ("adjustment", "#1", "-25"),
        ("transfer", "#1", "-20"),
        ("transfer", "#1", "20"),
        ("payment", "#2", "-20"),
        ("adjustment", "#2", "-5"),
    ]
    assert all(e.payer_claim_number == "ICN1" for e in result.posted)
    assert all(account not in e.id for e in result.posted)
    assert all(account not in e.id for e in ledger)


def test_secondary_payer_takes_the_patient_share() -> None:
    claim = _visit()
    result = post(remittance([_visit_payment()]), _charged(), [claim],
                  secondary={claim.account_number: "S2"})  # fmt: skip
    assert result.ledger.balance(party=Party.payer("S2")) == Decimal(20)
    assert result.ledger.balance(party=Party.patient()) == ZERO
    # The secondary's own remittance (status 2) posts against the secondary payer.
    second = _visit_payment(status="2", billed="30", paid="15", payer_claim_number="S-1",
        lines=[_svc("99213", "30", "15", ("PR", "3", "5"), ("OA", "23", "10"),
                    modifiers=("25", "59"))])  # fmt: skip
    r2 = attrs.evolve(remittance([second], trace="T9"), payer=Payer(name="SECOND", id="S2"))
    after = post(r2, result.ledger, [claim], secondary={claim.account_number: "S2"})
    assert after.ledger.balance(party=Party.payer("S2")) == ZERO
    assert after.ledger.balance(party=Party.patient()) == Decimal(5)
    assert after.work == ()


def test_patient_ids_come_from_the_mapping_the_ledger_or_the_account() -> None:
    claim = _visit()
    r = remittance([_visit_payment()])
    assert {e.patient_id for e in post(r, _charged(), [claim]).posted} == {"PT1"}
    mapped = post(
        r, _charged(), {claim.account_number: claim}, patient_ids={claim.account_number: "X9"}
    )
    assert {e.patient_id for e in mapped.posted} == {"X9"}
    assert {e.patient_id for e in post(r, Ledger(), [claim]).posted} == {claim.account_number}


def test_posted_date_defaults_to_the_payment_date() -> None:
    r = remittance([_visit_payment()])
    assert {e.posted for e in post(r, _charged(), [_visit()]).posted} == {PAID_ON}
    later = dt.date(2025, 11, 5)
    assert {e.posted for e in post(r, _charged(), [_visit()], posted=later).posted} == {later}


def test_denial_goes_to_the_queue_with_its_codes() -> None:
    denial = _visit_payment(
        status="4", paid="0", payer_claim_number="ICN7", remarks=["N130"],
        lines=[_svc("99213", "125", "0", ("CO", "50", "125"), remarks=["M15"]),
               _svc("36415", "25", "0", ("CO", "50", "25"))],
    )  # fmt: skip
    result = post(remittance([denial]), _charged(), [_visit()])
    assert result.posted == ()
    [item] = result.work
    assert item.kind is WorkKind.DENIED
    assert item.codes == ("N130", "CO-50", "M15")
    assert item.amount == Decimal(150)
    assert item.payer_claim_number == "ICN7"
    assert result.ledger.balance() == Decimal(150)


def test_zero_pay_is_posted_and_reviewed() -> None:
    zero = _visit_payment(paid="0", lines=[
        _svc("99213", "125", "0", ("CO", "45", "25"), ("PR", "1", "100")),
        _svc("36415", "25", "0", ("PR", "1", "25")),
    ])  # fmt: skip
    result = post(remittance([zero]), _charged(), [_visit()])
    assert [w.kind for w in result.work] == [WorkKind.ZERO_PAY]
    assert result.work[0].codes == ("CO-45", "PR-1")
    assert result.ledger.balance(party=Party.patient()) == Decimal(125)


def test_other_adjustments_are_reviewed_not_written_off() -> None:
    payment = _visit_payment(lines=[
        _svc("99213", "125", "80", ("CO", "45", "25"), ("OA", "94", "20")),
        _svc("36415", "25", "20", ("CR", "45", "5")),
    ])  # fmt: skip
    result = post(remittance([payment]), _charged(), [_visit()])
    assert [(w.kind, w.codes, w.amount, w.path) for w in result.work] == [
        (WorkKind.OTHER_ADJUSTMENT, ("OA-94",), Decimal(20), "claims[0].lines[0].adjustments[1]"),
        (WorkKind.OTHER_ADJUSTMENT, ("CR-45",), Decimal(5), "claims[0].lines[1].adjustments[0]"),
    ]
    assert result.ledger.balance(party=Party.payer("12345")) == Decimal(25)


def test_claim_level_payment_and_adjustments() -> None:
    payment = _visit_payment(lines=[], adjustments=[
        Adjustment(group="CO", reason="45", amount="30"), Adjustment(group="PR", reason="3", amount="20"),
    ])  # fmt: skip
    result = post(remittance([payment]), _charged(), [_visit()])
    assert {e.line for e in result.posted} == {None}
    assert result.ledger.balance(account_number=_visit().account_number) == Decimal(20)
    assert result.ledger.balance(party=Party.patient()) == Decimal(20)


def test_unmatched_line_posts_on_the_claim() -> None:
    payment = _visit_payment(lines=[
        _svc("99213", "125", "80", ("CO", "45", "25"), ("PR", "2", "20")),
        _svc("80053", "25", "20", ("CO", "45", "5"), service_date=dt.date(2020, 1, 1)),
    ])  # fmt: skip
    result = post(remittance([payment]), _charged(), [_visit()])
    [item] = result.work
    assert item.kind is WorkKind.UNMATCHED_LINE
    assert item.path == "claims[0].lines[1]"
    assert item.codes == ("CO-45",)
    assert {
        e.line
        for e in result.posted
        if e.kind is not EntryKind.TRANSFER and e.amount in {Decimal(-20), Decimal(-5)}
    } == {None}
    assert result.ledger.balance(account_number=_visit().account_number) == Decimal(20)


@pytest.mark.parametrize(
    ("modifiers", "extra", "target"),
    [
        (("59", "25"), {}, "#2"),  # reordered
        ((), {}, "#2"),  # all dropped: the charge decides
        (("25",), {}, "#1"),  # the decoy's modifiers exactly: an exact match wins
        (("XU",), {}, "#2"),  # changed: the charge decides
        ((), {"procedure": "99212", "original_procedure": "99213"}, "#2"),  # recoded (SVC06)
        ((), {"procedure": "99212", "original_procedure": "99213", "original_modifiers": ("25",)},
         "#1"),
    ],
)  # fmt: skip
def test_lines_match_despite_modifiers(
    modifiers: tuple[str, ...], extra: dict[str, object], target: str
) -> None:
    claim = _visit()
    decoy = attrs.evolve(claim.lines[0], modifiers=("25",), charge=Decimal(99))
    claim = attrs.evolve(claim, lines=[decoy, *claim.lines])  # same procedure, other modifiers
    values: dict[str, object] = {"procedure": "99213", "modifiers": modifiers, **extra}
    svc = ServicePayment(charge="125", paid="100", adjustments=[Adjustment(group="CO", reason="45", amount="25")],
                         service_date=claim.lines[1].service_date, **values)  # type: ignore[arg-type]  # fmt: skip
    payment = ClaimPayment(account_number=claim.account_number, status="1", billed="125",
                           paid="100", lines=[svc])  # fmt: skip
    result = post(remittance([payment]), _charged(claim), [claim])
    assert {e.line for e in result.posted} == {target}
    assert result.work == ()


def test_line_control_number_wins() -> None:
    claim = _visit()
    lines = [attrs.evolve(x, control_number=f"C{n}") for n, x in enumerate(claim.lines)]
    claim = attrs.evolve(claim, lines=lines)
    assert line_ids(claim) == ("C0", "C1")
    svc = _svc("36415", "25", "25", control_number="C1")
    payment = ClaimPayment(
        account_number=claim.account_number, status="1", billed="25", paid="25", lines=[svc]
    )
    result = post(remittance([payment]), _charged(claim), [claim])
    assert [e.line for e in result.posted] == ["C1"]
    duplicated = attrs.evolve(claim, lines=[lines[0], lines[0]])
    with pytest.raises(ValueError, match=r"lines\[1\].control_number: must be unique"):
        charges(duplicated, posted=DAY, patient_id="P")


def test_matching_by_payer_claim_number_after_a_correction() -> None:
    claim = _visit()
    first = post(remittance([_visit_payment()]), _charged(), [claim])
    # The payer's correction quotes our old number wrongly but its claim number right.
    fix = _visit_payment(account_number="SOMETHING-ELSE", paid="0", payer_claim_number="ICN1",
                         lines=[], adjustments=[Adjustment(group="CO", reason="45", amount="150")],
                         billed="150")  # fmt: skip
    result = post(remittance([fix], trace="T2"), first.ledger, [claim])
    assert result.matched == 1
    assert {e.account_number for e in result.posted} == {claim.account_number}
    # A replacement claim citing the payer claim number is matched too.
    replacement = attrs.evolve(
        _visit(), account_number="NEW-ACCT", frequency="7", original_claim_number="ICN1"
    )
    other = post(remittance([fix], trace="T3"), _charged(), [replacement])
    assert {e.account_number for e in other.posted} == {"NEW-ACCT"}
    assert other.matched == 1
    # ... also when the number was posted before, to an account no longer open.
    again = post(remittance([fix], trace="T6"), first.ledger, {"NEW-ACCT": replacement})
    assert {e.account_number for e in again.posted} == {"NEW-ACCT"}
    assert [w.kind for w in post(remittance([fix], trace="T4"), _charged(), [claim]).work] == [
        WorkKind.UNMATCHED_CLAIM
    ]


def test_reversals_without_a_posting_or_with_other_amounts_are_queued() -> None:
    claim = _visit()
    reversal = _negated(_visit_payment())
    nothing = post(remittance([reversal]), _charged(), [claim])
    assert [w.kind for w in nothing.work] == [WorkKind.REVERSAL]
    assert nothing.posted == ()
    first = post(remittance([_visit_payment()]), _charged(), [claim])
    odd = attrs.evolve(reversal, paid=Decimal(-90), billed=Decimal(-140),
                       lines=[reversal.lines[0], attrs.evolve(reversal.lines[1], charge=Decimal(-15),
                                                              paid=Decimal(-10))])  # fmt: skip
    result = post(remittance([odd], trace="T2"), first.ledger, [])
    assert [w.kind for w in result.work] == [WorkKind.REVERSAL]
    assert result.work[0].amount == Decimal(10)
    assert result.ledger.balance() == Decimal(150)  # everything posted was undone
    # A reversal found by its payer claim number alone; reversing twice finds nothing left.
    moved = attrs.evolve(reversal, account_number="ELSEWHERE")
    again = post(remittance([moved], trace="T3"), first.ledger, [])
    assert again.work == ()
    assert again.ledger.balance() == Decimal(150)
    assert [w.kind for w in post(remittance([moved], trace="T5"), again.ledger, []).work] == [
        WorkKind.REVERSAL
    ]


@pytest.mark.parametrize("status", ["23", "25"])
def test_claims_not_ours_are_not_posted(status: str) -> None:
    payment = _visit_payment(status=status)
    result = post(remittance([payment]), _charged(), [_visit()])
    assert [w.kind for w in result.work] == [WorkKind.NOT_PROCESSED]
    assert result.posted == ()


def test_provider_level_adjustments_stay_off_claims() -> None:
    plb = [("L6", Decimal("-1.25")), ("WO", Decimal(30))]
    result = post(remittance([_visit_payment()], plb=plb), _charged(), [_visit()])
    assert [(e.account_number, e.patient_id, e.reason, e.amount) for e in result.provider_adjustments] == [
        ("", "", "L6", Decimal("-1.25")), ("", "", "WO", Decimal(30)),
    ]  # fmt: skip
    assert [w.kind for w in result.work] == [WorkKind.PROVIDER_LEVEL]
    assert result.ledger.balance(account_number="") == Decimal("28.75")


def test_arguments_are_checked() -> None:
    r = remittance([_visit_payment()])
    with pytest.raises(TypeError, match="remittance: must be a Remittance"):
        post("835", Ledger(), [])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="ledger: must be a Ledger"):
        post(r, [], [])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="posted: must be a calendar date"):
        post(r, Ledger(), [], posted=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    with pytest.raises(TypeError, match=r"open_claims\[0\]: must be a Claim"):
        post(r, Ledger(), ["claim"])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="claim: must be a Claim"):
        charges("claim", posted=DAY, patient_id="P")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="kind: must be one of"):
        WorkItem(kind="lost", path="")
    with pytest.raises(TypeError, match="ledger: must be a Ledger"):
        PostingResult(ledger=None)  # type: ignore[arg-type]


@settings(max_examples=min(100, settings().max_examples))
@given(st.one_of(strategies.junk(), st.builds(list, st.lists(strategies.junk(), max_size=2))))
def test_junk_is_refused_with_a_type_error(junk: object) -> None:
    with pytest.raises(TypeError):
        post(junk, Ledger(), [])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        post(remittance([]), junk, [])  # type: ignore[arg-type]


def test_charges_are_entries_of_the_payer() -> None:
    claim = _visit()
    entries = charges(claim, posted=DAY, patient_id="PT1", payer_id="OTHER")
    assert all(isinstance(e, Entry) and e.kind is EntryKind.CHARGE for e in entries)
    assert {e.party for e in entries} == {Party.payer("OTHER")}
    assert sum((e.amount for e in entries), ZERO) == claim.total
    with pytest.raises(ValidationFailed):
        Ledger().append(*entries, *charges(claim, posted=DAY, patient_id="PT1"))


def test_an_entry_id_already_taken_is_a_duplicate() -> None:
    r = remittance([_visit_payment()])
    would = post(r, _charged(), [_visit()]).posted[0]
    taken = attrs.evolve(would, source="manual")  # same id, another source
    result = post(r, _charged().append(taken), [_visit()])
    assert result.duplicate
    assert result.posted == ()


# -- through the 835 text ---------------------------------------------------------------


def _expect(ledger: Ledger, claim: Claim, payment: ClaimPayment) -> None:
    """The balances a posted adjudication must leave, from the adjudication itself."""
    account = claim.account_number
    if payment.is_denied:
        assert ledger.balance(account_number=account) == claim.total
        return
    every = [*payment.adjustments, *(a for s in payment.lines for a in s.adjustments)]
    off = sum((a.amount for a in every if a.group.value in {"CO", "PI"}), ZERO)
    to_patient = sum((a.amount for a in every if a.group.value == "PR"), ZERO)
    assert ledger.balance(account_number=account) == claim.total - payment.paid - off
    assert ledger.balance(account_number=account, party=Party.patient()) == to_patient
    for svc, line in zip(payment.lines, line_ids(claim), strict=True):
        # charge = paid + adjustments on every line, in the ledger too:
        posted = ledger.balance(account_number=account, line=line)
        line_off = sum((a.amount for a in svc.adjustments if a.group.value in {"CO", "PI"}), ZERO)
        assert posted == svc.charge - svc.paid - line_off


def _buildable(claims: Sequence[ClaimPayment], trace: str) -> Remittance:
    r = remittance(claims, trace=trace)
    return attrs.evolve(
        r,
        payment=attrs.evolve(r.payment, method="CHK"),
        payer=Payer(name="ACME HEALTH PLAN", id="12345", contact_phone="8005551212",
                    address=ClaimAddress(line1="1 PLAN WAY", city="HARTFORD", state="CT",
                                         postal_code="06101")),
        claims=[attrs.evolve(c, filing_indicator="12") for c in r.claims],
    )  # fmt: skip


@st.composite
def adjudicated(draw: st.DrawFn) -> tuple[list[Claim], list[ClaimPayment]]:
    claims = draw(quick_claims(draw(_COUNT)))
    payments = [
        attrs.evolve(draw(strategies.adjudications(c)), payer_claim_number=f"ICN{n}")
        for n, c in enumerate(claims)
    ]
    return claims, payments


@CAPPED
@given(adjudicated())
def test_posting_through_the_835_text(case: tuple[list[Claim], list[ClaimPayment]]) -> None:
    claims, payments = case
    r = _buildable(payments, "CHK1001")
    text = build_835(r, sender_id="ACMEHEALTH", receiver_id="SMITHFP", control_number=1,
                     created=dt.datetime(2025, 11, 1, 9, tzinfo=dt.UTC))  # fmt: skip
    (parsed,) = parse_835(text)
    ledger = _charge_all(claims)
    result = post(parsed, ledger, claims)
    assert result.posted == post(r, ledger, claims).posted
    for claim, payment in zip(claims, payments, strict=True):
        _expect(result.ledger, claim, payment)
    assert post(parsed, result.ledger, claims).duplicate == bool(result.posted)


@settings(max_examples=min(20, settings().max_examples), deadline=None)
@given(strategies.balanced_remittances())
def test_any_balanced_remittance_posts_without_claims(r: Remittance) -> None:
    result = post(r, Ledger(), [])
    assert {e.account_number for e in result.posted} <= {""}
    assert len(result.provider_adjustments) == len(r.provider_adjustments)
    claims_queued = {w.path for w in result.work if w.path.startswith("claims[")}
    assert claims_queued == {f"claims[{i}]" for i in range(len(r.claims))}


def test_pay_reverse_and_correct_in_one_remittance() -> None:
    claim = _visit()
    paid = _visit_payment()
    corrected = _visit_payment(paid="110", payer_claim_number="ICN2", lines=[
        _svc("99213", "125", "90", ("CO", "45", "25"), ("PR", "2", "10"), modifiers=("25", "59")),
        _svc("36415", "25", "20", ("CO", "45", "5")),
    ])  # fmt: skip
    result = post(remittance([paid, _negated(paid), corrected]), _charged(), [claim])
    alone = post(remittance([corrected], trace="T2"), _charged(), [claim])
    assert result.work == ()
    for by in ("line", "party"):
        assert _nonzero(result.ledger.balances(by)) == _nonzero(alone.ledger.balances(by))


def test_a_reversal_leaves_other_payers_postings_alone() -> None:
    claim = _visit()
    first = post(
        remittance([_visit_payment()]), _charged(), [claim], secondary={claim.account_number: "S2"}
    )
    second = _visit_payment(status="2", billed="20", paid="20", payer_claim_number="S-1",
                            lines=[_svc("99213", "20", "20", modifiers=("25", "59"))])  # fmt: skip
    r2 = remittance([second], trace="S-T1")
    r2 = attrs.evolve(r2, payment=attrs.evolve(r2.payment, payer_id="1999999999"))
    both = post(r2, first.ledger, [claim], secondary={claim.account_number: "S2"})
    assert both.ledger.balance(account_number=claim.account_number) == ZERO
    undo = attrs.evolve(_negated(_visit_payment()), payer_claim_number="")
    result = post(remittance([undo], trace="T9"), both.ledger, [claim])
    assert {e.reverses for e in result.posted} == {e.id for e in first.posted}
    assert result.ledger.balance(party=Party.payer("S2")) == Decimal(-20)
