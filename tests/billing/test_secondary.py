"""secondary_claim: from the primary's adjudication (835) to the secondary payer's 837P.

The property: for valid claims and a realistic primary adjudication (each line
CO-45 and PR-1/2/3, paid = charge - adjustments, modifiers sometimes dropped,
control numbers sometimes echoed, lines in any order), the secondary claim scrubs clean, builds,
validates under pyx12 with zero errors and reads back equal; each line's
charge is the primary's paid amount plus its adjustments.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medoffice import strategies
from medoffice.billing import Adjustment, ClaimPayment, ServicePayment
from medoffice.billing._secondary import secondary_claim
from medoffice.claims import Claim, Payer, Subscriber, build_837p, parse_837p, scrub
from medoffice.claims.examples import dependent_visit, office_visit, receiver, submitter
from medoffice.exceptions import Severity
from tests.pyx12_judge import pyx12_errors

#: After every date valid_claims() draws (its window ends on 2025-09-30).
CREATED = dt.datetime(2025, 12, 1, 9, 0, tzinfo=dt.UTC)
SECOND = Payer(name="SECOND HEALTH", id="67890")
VISIT = office_visit()  # 99213 for 125, 36415 for 25, to Acme (12345)
PAID_ON = dt.date(2024, 1, 25)


def _primary(claim: Claim, **changes: Any) -> ClaimPayment:
    """Acme's answer to the office visit: 80 and 20 paid, 10 coinsurance."""
    fields: dict[str, Any] = {
        "account_number": claim.account_number,
        "status": "1",
        "billed": 150,
        "paid": 100,
        "patient_responsibility": 10,
        "payer_claim_number": "ACME0001",
        "lines": (
            ServicePayment(
                procedure="99213",
                charge=125,
                paid=80,
                service_date=claim.lines[0].service_date,
                adjustments=(
                    Adjustment(group="CO", reason="45", amount=35),
                    Adjustment(group="PR", reason="2", amount=10),
                ),
            ),
            ServicePayment(
                procedure="36415",
                charge=25,
                paid=20,
                adjustments=(Adjustment(group="CO", reason="45", amount=5),),
            ),
        ),
    }
    fields.update(changes)
    return ClaimPayment(**fields)


def _secondary(claim: Claim = VISIT, primary: ClaimPayment | None = None, **kw: Any) -> Claim:
    kw.setdefault("payer", SECOND)
    kw.setdefault("subscriber", claim.subscriber)
    kw.setdefault("adjudicated", PAID_ON)
    return secondary_claim(claim, primary or _primary(claim), **kw)


def _build(claim: Claim) -> str:
    return build_837p(
        [claim], sender=submitter(), receiver=receiver(), control_number=5, created=CREATED
    )


def test_the_office_visit_goes_to_the_secondary_payer() -> None:
    claim = _secondary()
    assert claim.payer == SECOND
    assert claim.subscriber.responsibility.value == "S"
    assert claim.frequency.value == "1"
    assert (claim.diagnoses, claim.total) == (VISIT.diagnoses, VISIT.total)
    (other,) = claim.other_payers
    assert other.payer == VISIT.payer
    assert other.subscriber.member_id == VISIT.subscriber.member_id
    assert (other.responsibility.value, other.relationship.value) == ("P", "18")
    assert (other.paid, other.remaining_liability, other.claim_number) == (100, 10, "ACME0001")
    assert other.adjudicated is None  # the lines carry the date
    first, second = (line.adjudications for line in claim.lines)
    assert [(a.group, a.reason, a.amount) for a in first[0].adjustments] == [
        ("CO", "45", 35),
        ("PR", "2", 10),
    ]
    assert (first[0].payer_id, first[0].paid, first[0].remaining_liability) == ("12345", 80, 10)
    assert (second[0].paid, second[0].remaining_liability, second[0].units) == (20, None, 1)
    assert scrub(claim, on=CREATED.date()) == ()
    text = _build(claim)
    assert pyx12_errors(text) == []
    assert parse_837p(text).claims == (claim,)


def test_a_dependent_keeps_the_patient_unless_told() -> None:
    child = dependent_visit()
    primary = ClaimPayment(
        account_number=child.account_number,
        status="1",
        billed=child.total,
        paid=child.total,
    )
    claim = _secondary(child, primary)
    assert claim.patient == child.patient
    assert claim.other_payers[0].relationship.value == "19"
    assert claim.other_payers[0].adjudicated == PAID_ON  # no line detail: at the claim level
    assert all(not line.adjudications for line in claim.lines)
    assert scrub(claim, on=CREATED.date()) == ()
    assert _secondary(child, primary, patient=None).patient is None


def test_lines_match_by_control_number_then_procedure_and_date() -> None:
    lines = (
        attrs.evolve(VISIT.lines[0], modifiers=("25",), control_number="L1"),
        attrs.evolve(VISIT.lines[1], control_number="L2"),
    )
    claim = attrs.evolve(VISIT, lines=lines)
    first, second = _primary(claim).lines
    # The payer echoes L2 for the second line (listed first), and drops the first's modifier.
    primary = _primary(
        claim,
        lines=(
            attrs.evolve(
                second, procedure="36416", original_procedure="36415", control_number="L2"
            ),
            attrs.evolve(first, modifiers=(), control_number="UNKNOWN"),
        ),
    )
    result = _secondary(claim, primary)
    assert [a.procedure for line in result.lines for a in line.adjudications] == [
        "99213",
        "36416",
    ]
    assert result.lines[0].adjudications[0].modifiers == ()
    assert scrub(result, on=CREATED.date()) == ()


def test_equal_lines_prefer_the_same_charge() -> None:
    twin = attrs.evolve(VISIT.lines[0], charge=Decimal(60))
    claim = attrs.evolve(VISIT, lines=(VISIT.lines[0], twin))
    primary = ClaimPayment(
        account_number=claim.account_number,
        status="1",
        billed=185,
        paid=185,
        lines=(
            ServicePayment(procedure="99213", charge=60, paid=60),
            ServicePayment(procedure="99213", charge=125, paid=125),
        ),
    )
    result = _secondary(claim, primary)
    assert [line.adjudications[0].paid for line in result.lines] == [125, 60]


def test_a_secondary_claim_goes_on_to_the_tertiary_payer() -> None:
    claim = _secondary()
    third = Payer(name="THIRD PLAN", id="55555")
    primary = _primary(claim, paid=0, patient_responsibility=None, lines=(), adjustments=(
        Adjustment(group="OA", reason="23", amount=150),))  # fmt: skip
    tertiary = _secondary(claim, primary, payer=third)
    assert tertiary.subscriber.responsibility.value == "T"
    assert [o.payer.id for o in tertiary.other_payers] == ["12345", "67890"]
    assert [o.responsibility.value for o in tertiary.other_payers] == ["P", "S"]
    assert scrub(tertiary, on=CREATED.date()) == ()
    assert pyx12_errors(_build(tertiary)) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"account_number": "X9"}, r"^primary\.account_number: is not the claim's"),
        ({"status": "22"}, r"^primary\.status: 22 \(reversal\) is not an adjudication"),
        ({"status": "23"}, r"^primary\.status: 23 \(not_our_claim\)"),
        (
            {"lines": (ServicePayment(procedure="99214", charge=125, paid=125),)},
            r"^primary\.lines\[0\]: matches no line of the claim",
        ),
        (
            {"lines": (ServicePayment(procedure="99213", charge=120, paid=120),)},
            r"^primary\.lines\[0\]\.charge: is 120, not the charge 125",
        ),
        (
            {"lines": (ServicePayment(procedure="99213", charge=125, paid=120),)},
            r"^primary\.lines\[0\]: the charge less the adjustments \(125\) is not the amount paid",
        ),
    ],
)
def test_what_cannot_be_billed_on_is_refused(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message) as info:
        _secondary(VISIT, _primary(VISIT, **change))
    assert "PATACCT001" not in str(info.value)


def test_a_payer_after_the_last_is_refused() -> None:
    unknown = attrs.evolve(VISIT, subscriber=attrs.evolve(VISIT.subscriber, responsibility="U"))
    with pytest.raises(ValueError, match=r"^claim\.subscriber\.responsibility: the payer after"):
        _secondary(unknown)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("claim", "junk", r"^claim: must be a Claim, not str"),
        ("primary", VISIT, r"^primary: must be a ClaimPayment, not Claim"),
        ("payer", "12345", r"^payer: must be a Payer, not str"),
        ("subscriber", None, r"^subscriber: must be a Subscriber, not NoneType"),
        ("patient", "child", r"^patient: must be a Patient, None or left out, not str"),
        ("adjudicated", dt.datetime(2024, 1, 25, tzinfo=dt.UTC), r"^adjudicated: must be a calendar date"),
    ],
)  # fmt: skip
def test_wrong_types_name_the_argument(name: str, value: object, message: str) -> None:
    kw: dict[str, Any] = {
        "claim": VISIT,
        "primary": _primary(VISIT),
        "payer": SECOND,
        "subscriber": VISIT.subscriber,
        "adjudicated": PAID_ON,
    }
    kw[name] = value
    with pytest.raises(TypeError, match=message):
        secondary_claim(**kw)


# -- the property ------------------------------------------------------------------------


@st.composite
def _line_payment(draw: st.DrawFn, line: Any) -> ServicePayment:
    """CO-45 down to an allowed amount, PR-1/2/3 of it to the patient, the rest paid."""
    cents = int(line.charge * 100)
    allowed = draw(st.integers(0, cents))
    share = draw(st.integers(0, allowed))
    adjustments = []
    if cents > allowed:
        adjustments.append(
            Adjustment(group="CO", reason="45", amount=Decimal(cents - allowed) / 100)
        )
    if share:
        reasons = draw(st.lists(st.sampled_from("123"), min_size=1, max_size=3, unique=True))
        parts = [share // len(reasons)] * len(reasons)
        parts[0] += share - sum(parts)
        adjustments += [
            Adjustment(group="PR", reason=r, amount=Decimal(p) / 100)
            for r, p in zip(reasons, parts, strict=True)
        ]
    paid = line.charge - sum((a.amount for a in adjustments), Decimal(0))
    return ServicePayment(
        procedure=line.procedure,
        modifiers=draw(st.sampled_from(((), line.modifiers))),
        charge=line.charge,
        paid=paid,
        units=draw(st.sampled_from((None, line.units))),
        service_date=line.service_date,
        control_number=line.control_number if draw(st.booleans()) else None,
        adjustments=adjustments,
    )


@st.composite
def _adjudicated(draw: st.DrawFn) -> tuple[Claim, ClaimPayment, Subscriber]:
    claim = draw(strategies.valid_claims())
    claim = attrs.evolve(
        claim, subscriber=attrs.evolve(claim.subscriber, responsibility="P"), other_payers=()
    )
    payments = [draw(_line_payment(line)) for line in claim.lines]
    paid = sum((p.paid for p in payments), Decimal(0))
    shares = [a.amount for p in payments for a in p.adjustments if a.group.value == "PR"]
    primary = ClaimPayment(
        account_number=claim.account_number,
        status="1",
        billed=claim.total,
        paid=paid,
        patient_responsibility=sum(shares, Decimal(0)),
        payer_claim_number=draw(st.sampled_from(("", "PCN778899"))),
        lines=draw(st.permutations(payments)),  # payers may list the lines in any order
    )
    member = draw(st.text("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", min_size=6, max_size=12))
    return claim, primary, attrs.evolve(claim.subscriber, member_id=member)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(_adjudicated())
def test_secondary_claims_scrub_build_validate_and_read_back(
    case: tuple[Claim, ClaimPayment, Subscriber],
) -> None:
    claim, primary, subscriber = case
    adjudicated = (claim.last_date or PAID_ON) + dt.timedelta(days=10)
    result = secondary_claim(
        claim, primary, payer=SECOND, subscriber=subscriber, adjudicated=adjudicated
    )
    errors = [p for p in scrub(result, on=CREATED.date()) if p.severity is Severity.ERROR]
    assert errors == []
    text = _build(result)
    assert pyx12_errors(text) == []
    assert parse_837p(text).claims == (result,)
    # The amounts reconcile: each line's charge is the primary's paid plus its adjustments.
    (other,) = result.other_payers
    assert other.paid == primary.paid
    for line in result.lines:
        (adjudication,) = line.adjudications
        assert line.charge == adjudication.paid + adjudication.adjusted
    assert sum(a.paid for line in result.lines for a in line.adjudications) == primary.paid
    assert (result.lines, result.diagnoses) == (
        tuple(attrs.evolve(a, adjudications=b.adjudications) for a, b in zip(claim.lines, result.lines, strict=True)),
        claim.diagnoses,
    )  # fmt: skip
