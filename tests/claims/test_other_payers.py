"""Other payers (loops 2320/2330A/2330B) and line adjudications (2430): model, 837P and back.

Local strategies make the other-payer models (well-typed ones for the plain-data
round trip, and balanced ones added to ``strategies.valid_claims()`` for the
837P round trip judged by pyx12) until ``medoffice.strategies`` has them.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medoffice import strategies
from medoffice.billing import AdjustmentGroup
from medoffice.claims import Claim, Payer, build_837p, parse_837p, scrub
from medoffice.claims._model import (
    LineAdjudication,
    OtherPayer,
    OtherSubscriber,
    PayerAdjustment,
)
from medoffice.exceptions import ParseError, Severity, ValidationFailed
from medoffice.serialization import from_dict, to_dict
from tests._settings import PER_CASE
from tests.claims._secondary_example import ADJUDICATED, secondary_visit
from tests.claims.test_build import envelope
from tests.pyx12_judge import pyx12_errors

SECONDARY = secondary_visit()
ON = dt.date(2024, 3, 1)
#: After every date valid_claims() draws (its window ends on 2025-09-30).
CREATED = dt.datetime(2025, 12, 1, 9, 0, tzinfo=dt.UTC)
_CENTS = st.integers(0, 10**7).map(lambda c: Decimal(c) / 100)
_SAFE = st.text(strategies.X12_SAFE, min_size=2, max_size=12).map(str.strip).filter(bool)


# -- local strategies -------------------------------------------------------------------

_ANY_TEXT = st.text(max_size=8)
_ANY_DECIMAL = st.decimals(-(10**9), 10**9, allow_nan=False, allow_infinity=False)


def payer_adjustments() -> st.SearchStrategy[PayerAdjustment]:
    return st.builds(
        PayerAdjustment,
        group=st.sampled_from(("CO", "CR", "OA", "PI", "PR")),
        reason=_ANY_TEXT,
        amount=_ANY_DECIMAL,
        quantity=st.none() | _ANY_DECIMAL,
    )


def line_adjudications() -> st.SearchStrategy[LineAdjudication]:
    return st.builds(
        LineAdjudication,
        payer_id=_ANY_TEXT,
        paid=_ANY_DECIMAL,
        procedure=_ANY_TEXT,
        modifiers=st.lists(_ANY_TEXT, max_size=4).map(tuple),
        units=_ANY_DECIMAL,
        adjustments=st.lists(payer_adjustments(), max_size=4).map(tuple),
        adjudicated=st.dates(),
        remaining_liability=st.none() | _ANY_DECIMAL,
    )


def other_subscribers() -> st.SearchStrategy[OtherSubscriber]:
    return st.builds(
        OtherSubscriber,
        last_name=_ANY_TEXT,
        first_name=_ANY_TEXT,
        member_id=_ANY_TEXT,
        address=st.none() | strategies.addresses(),
        group_number=st.none() | _ANY_TEXT,
    )


def other_payers() -> st.SearchStrategy[OtherPayer]:
    return st.builds(
        OtherPayer,
        payer=strategies.payers(),
        subscriber=other_subscribers(),
        responsibility=st.sampled_from("PSTABCDEFGHU"),
        relationship=st.sampled_from(("18", "01", "19", "G8")),
        filing_indicator=st.sampled_from(("CI", "MB", "MC", "12")),
        adjustments=st.lists(payer_adjustments(), max_size=4).map(tuple),
        paid=st.none() | _ANY_DECIMAL,
        remaining_liability=st.none() | _ANY_DECIMAL,
        benefits_assigned=st.sampled_from("YNW"),
        release_of_information=st.sampled_from("IY"),
        adjudicated=st.none() | st.dates(),
        claim_number=st.none() | _ANY_TEXT,
    )


LOCAL = {
    PayerAdjustment: payer_adjustments,
    LineAdjudication: line_adjudications,
    OtherSubscriber: other_subscribers,
    OtherPayer: other_payers,
}


@st.composite
def _balanced_adjustments(draw: st.DrawFn, charge: Decimal) -> tuple[PayerAdjustment, ...]:
    """CO-45 and PR-1/2/3 (and sometimes OA-23) that leave 0 to ``charge`` paid."""
    cents = int(charge * 100)
    allowed = draw(st.integers(0, cents))
    share = draw(st.integers(0, allowed))
    out = []
    if cents > allowed:
        out.append(PayerAdjustment(group="CO", reason="45", amount=Decimal(cents - allowed) / 100))
    if share:
        reasons = draw(st.lists(st.sampled_from("123"), min_size=1, max_size=3, unique=True))
        cut = [share // len(reasons)] * len(reasons)
        cut[0] += share - sum(cut)
        out += [
            PayerAdjustment(group="PR", reason=r, amount=Decimal(c) / 100, quantity=None)
            for r, c in zip(reasons, cut, strict=True)
        ]
    if draw(st.booleans()):
        out.append(PayerAdjustment(group="OA", reason="23", amount=Decimal(0)))
    return tuple(out)


@st.composite
def secondary_claims(draw: st.DrawFn) -> Claim:
    """A valid claim sent on to a secondary (or tertiary) payer with balanced adjudications."""
    claim = draw(strategies.valid_claims())
    count = draw(st.integers(1, 2))
    others = []
    for k in range(count):
        payer = Payer(name=draw(_SAFE), id=f"OP{k}{draw(st.integers(0, 999))}")
        others.append(
            OtherPayer(
                payer=payer,
                subscriber=OtherSubscriber.of(claim.subscriber),
                responsibility="PS"[k],
                filing_indicator=draw(st.sampled_from(("CI", "MB", "MC", "BL"))),
                claim_number=draw(st.none() | _SAFE),
            )
        )
    lines = list(claim.lines)
    paid = [Decimal(0)] * count
    for i, line in enumerate(lines):
        found = []
        for k in range(count):
            if not draw(st.booleans()) and k:
                continue
            adjustments = draw(_balanced_adjustments(line.charge))
            amount = line.charge - sum((a.amount for a in adjustments), Decimal(0))
            paid[k] += amount
            found.append(
                LineAdjudication(
                    payer_id=others[k].payer.id,
                    paid=amount,
                    procedure=line.procedure,
                    modifiers=draw(st.sampled_from(((), line.modifiers))),
                    units=line.units,
                    adjustments=adjustments,
                    adjudicated=line.last_date + dt.timedelta(days=draw(st.integers(1, 30))),
                )
            )
        lines[i] = attrs.evolve(line, adjudications=tuple(found))
    others = [attrs.evolve(o, paid=paid[k]) for k, o in enumerate(others)]
    subscriber = attrs.evolve(claim.subscriber, responsibility="ST"[count - 1])
    return attrs.evolve(claim, subscriber=subscriber, other_payers=others, lines=lines)


# -- the model ----------------------------------------------------------------------


@pytest.mark.parametrize("cls", list(LOCAL), ids=lambda c: c.__name__)
@PER_CASE
@given(data=st.data())
def test_every_other_payer_model_round_trips_as_plain_data(cls: type, data: st.DataObject) -> None:
    value = data.draw(LOCAL[cls](), label="value")
    plain = json.loads(json.dumps(to_dict(value)))
    assert from_dict(plain, cls) == value


def test_reprs_mask_the_other_subscriber() -> None:
    other = SECONDARY.other_payers[0]
    text = repr(other) + repr(SECONDARY)
    assert "XYZ123456789" not in text
    assert "DOE" not in text
    assert "ACME HEALTH PLAN" in text  # a payer is not patient data


@settings(max_examples=50)
@given(st.lists(payer_adjustments(), max_size=12))
def test_adjustments_are_grouped_by_group_in_order_of_first_appearance(
    items: list[PayerAdjustment],
) -> None:
    grouped = OtherPayer(
        payer=Payer(name="A", id="12"),
        subscriber=OtherSubscriber(last_name="X", member_id="Y"),
        adjustments=items,
    ).adjustments
    assert sorted(map(repr, grouped)) == sorted(map(repr, items))
    order = list(dict.fromkeys(a.group for a in items))
    assert [a.group for a in grouped] == sorted((a.group for a in items), key=order.index)
    for group in order:  # stable within a group
        assert [a for a in grouped if a.group == group] == [a for a in items if a.group == group]


def test_adjustment_groups() -> None:
    assert PayerAdjustment(group=AdjustmentGroup.CONTRACTUAL, reason="45", amount=1).group == "CO"
    assert PayerAdjustment(group=" oa ", reason="23", amount=0).group == "OA"
    with pytest.raises(ValueError, match=r"^group: must be one of the codes CO, CR, OA, PI, PR$"):
        PayerAdjustment(group="XX", reason="45", amount=1)
    with pytest.raises(TypeError, match=r"^group: must be text"):
        PayerAdjustment(group=Severity.ERROR, reason="45", amount=1)


@settings(max_examples=50)
@given(
    charge=_CENTS,
    amounts=st.lists(_CENTS, max_size=6),
    paid=_CENTS,
)
def test_line_balance_matches_its_oracle(
    charge: Decimal, amounts: list[Decimal], paid: Decimal
) -> None:
    adjudication = LineAdjudication(
        payer_id="P1",
        paid=paid,
        procedure="99213",
        adjustments=[PayerAdjustment(group="CO", reason="45", amount=a) for a in amounts],
        adjudicated=ADJUDICATED,
    )
    total = Decimal(0)
    for a in amounts:
        total += a
    assert adjudication.adjusted == total
    assert adjudication.balances(charge=charge) is (charge - total == paid)


# -- the 837P -------------------------------------------------------------------------


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(secondary_claims())
def test_secondary_claims_scrub_clean_validate_and_read_back(claim: Claim) -> None:
    errors = [p for p in scrub(claim, on=CREATED.date()) if p.severity is Severity.ERROR]
    assert errors == []
    text = build_837p([claim], **envelope(created=CREATED))
    assert pyx12_errors(text) == []
    batch = parse_837p(text)
    assert batch.claims == (claim,)
    assert batch.header is not None
    assert not any("2320" in p.message or "2430" in p.message for p in batch.header.warnings)


def _segments(claim: Claim) -> list[str]:
    text = build_837p([claim], **envelope(created=CREATED))
    return text.split("~")


def test_cas_segments_hold_one_group_and_six_adjustments_each() -> None:
    seven = tuple(PayerAdjustment(group="CO", reason=str(r), amount=1) for r in range(40, 47))
    other = attrs.evolve(
        SECONDARY.other_payers[0],
        adjustments=(PayerAdjustment(group="PR", reason="1", amount=2, quantity=1), *seven),
        paid=Decimal(91),
    )
    claim = attrs.evolve(SECONDARY, other_payers=(other,))
    cas = [s for s in _segments(claim) if s.startswith("CAS")]
    assert cas[:3] == [
        "CAS*PR*1*2*1",
        "CAS*CO*40*1**41*1**42*1**43*1**44*1**45*1",
        "CAS*CO*46*1",
    ]
    assert scrub(claim, on=ON) == ()
    assert parse_837p("~".join(_segments(claim))).claims == (claim,)


def test_the_golden_secondary_file_reads_back() -> None:
    from tests.claims.test_build import GOLDEN

    text = (GOLDEN / "secondary.x12").read_text(encoding="ascii")
    batch = parse_837p(text)
    assert batch.claims == (SECONDARY,)
    assert batch.header is not None
    assert batch.header.warnings == ()


def test_text_of_other_payers_is_checked_for_delimiters() -> None:
    sub = attrs.evolve(SECONDARY.other_payers[0].subscriber, last_name="DOE*JOHN")
    claim = attrs.evolve(
        SECONDARY, other_payers=(attrs.evolve(SECONDARY.other_payers[0], subscriber=sub),)
    )
    with pytest.raises(ValidationFailed) as info:
        build_837p([claim], **envelope(created=CREATED))
    assert [(p.path, p.code) for p in info.value.errors] == [
        ("claims[0].other_payers[0].subscriber.last_name", "x12.delimiter")
    ]


# -- the scrubber's other paths ---------------------------------------------------------


def _other(**changes: Any) -> Claim:
    return attrs.evolve(
        SECONDARY, other_payers=(attrs.evolve(SECONDARY.other_payers[0], **changes),)
    )


def _adjudication(**changes: Any) -> Claim:
    line = SECONDARY.lines[1]
    changed = attrs.evolve(line.adjudications[0], **changes)
    return attrs.evolve(
        SECONDARY, lines=(SECONDARY.lines[0], attrs.evolve(line, adjudications=(changed,)))
    )


@pytest.mark.parametrize(
    ("claim", "expected"),
    [
        (
            _other(
                adjustments=(
                    PayerAdjustment(group="OA", reason="23", amount="0.001"),
                    PayerAdjustment(group="OA", reason="23", amount="-0.001"),
                )
            ),
            [
                ("other_payers[0].adjustments[0].amount", "amount.decimals"),
                ("other_payers[0].adjustments[1].amount", "amount.decimals"),
            ],
        ),
        (
            _other(remaining_liability="10.005"),
            [("other_payers[0].remaining_liability", "amount.decimals")],
        ),
        (
            _other(adjudicated=dt.date(2024, 3, 2)),
            [("other_payers[0].adjudicated", "date.future")],
        ),
        (
            _other(subscriber=OtherSubscriber(last_name="DOE", member_id="")),
            [("other_payers[0].subscriber.member_id", "text.required")],
        ),
        (_other(claim_number=""), [("other_payers[0].claim_number", "text.empty")]),
        (
            _adjudication(adjudicated=dt.date(2024, 3, 2)),
            [("lines[1].adjudications[0].adjudicated", "date.future")],
        ),
        (
            _adjudication(procedure="3641"),
            [("lines[1].adjudications[0].procedure", "procedure.format")],
        ),
        (
            _adjudication(modifiers=("9", "25", "59", "LT", "RT")),
            [
                ("lines[1].adjudications[0].modifiers[0]", "modifier.length"),
                ("lines[1].adjudications[0].modifiers", "modifiers.too_many"),
            ],
        ),
        (
            _adjudication(units="1.0001"),
            [("lines[1].adjudications[0].units", "units.decimals")],
        ),
        (
            _adjudication(remaining_liability="0.001"),
            [("lines[1].adjudications[0].remaining_liability", "amount.decimals")],
        ),
        (
            _adjudication(
                adjustments=(PayerAdjustment(group="CO", reason="", amount=5, quantity="0.0001"),)
            ),
            [
                ("lines[1].adjudications[0].adjustments[0].reason", "text.required"),
                ("lines[1].adjudications[0].adjustments[0].quantity", "units.decimals"),
            ],
        ),
    ],
)
def test_other_payer_fields_are_scrubbed(claim: Claim, expected: list[tuple[str, str]]) -> None:
    assert [(p.path, p.code) for p in scrub(claim, on=ON)] == expected


def test_claim_level_adjustments_count_in_the_paid_amount() -> None:
    # The primary paid 100 on the lines and took 10 back at the claim level (paid 90).
    refund = (PayerAdjustment(group="OA", reason="94", amount=10),)
    assert scrub(_other(adjustments=refund, paid=90), on=ON) == ()
    assert [p.code for p in scrub(_other(adjustments=refund), on=ON)] == [
        "other_payer.paid_mismatch"
    ]


# -- the reader ------------------------------------------------------------------------

GOLDEN_TEXT = "~".join(_segments(SECONDARY))


def _read(old: str, new: str) -> Any:
    assert old in GOLDEN_TEXT
    text = GOLDEN_TEXT.replace(old, new, 1)
    count = text.count("~") - 4  # ST to SE: every segment but ISA, GS, GE and IEA
    text = text.replace("SE*44*", f"SE*{count}*")
    return parse_837p(text)


def test_reader_skips_what_it_does_not_hold_with_warnings() -> None:
    batch = _read(
        "REF*F8*ACME0001~",
        "DTP*573*D8*20240125~REF*2U*X1~REF*F8*ACME0001~NM1*82*1*LEE~REF*G2*1~",
    )
    claim = batch.claims[0]
    assert claim.other_payers[0].adjudicated == ADJUDICATED
    assert [p.message.split(" is not")[0] for p in batch.header.warnings] == [
        "segment 32 (REF, reference identifier)",
        "loop 2330D (other payer rendering provider) in segments 34-35, starting with NM1,",
    ]


def test_reader_skips_amounts_and_moa_with_warnings() -> None:
    batch = _read("OI***Y***Y~", "AMT*A8*5~OI***Y*P**Y~MOA***MA01~")
    assert batch.claims == (SECONDARY,)
    assert [p.message.split(" (")[0] for p in batch.header.warnings] == [
        "segment 26",
        "segment 28",
    ]


def test_reader_warns_of_a_procedure_qualifier_other_than_hc() -> None:
    batch = _read("SVD*12345*20*HC:36415", "SVD*12345*20*IV:36415")
    assert batch.claims == (SECONDARY,)
    assert [p.code for p in batch.header.warnings] == ["x12.837p.lossy"]


@pytest.mark.parametrize(
    ("old", "new", "code", "where"),
    [
        ("OI***Y***Y~", "", "x12.837p.missing_segment", "NM1"),
        ("OI***Y***Y~", "OI***Y***Y~OI***Y***Y~", "x12.837p.unexpected_segment", "OI"),
        ("AMT*D*100~", "AMT*D*100~AMT*D*100~", "x12.837p.unexpected_segment", "AMT"),
        ("CAS*CO*45*5~", "CAS*XX*45*5~", "x12.837p.bad_value", "CAS"),
        ("CAS*CO*45*5~", "CAS*CO*45*5*" + "*".join(["1"] * 17) + "~", "x12.837p.bad_value", "CAS"),
        ("CAS*CO*45*5~", "CAS*CO*45*FIVE~", "x12.837p.bad_value", "CAS"),
        ("CAS*CO*45*5~", "CAS*CO*45*5**1~", "x12.837p.missing_element", "CAS"),
        ("CAS*CO*45*5~", "CAS*CO*45*5*A~", "x12.837p.bad_value", "CAS"),
        ("CAS*CO*45*5~DTP*573*D8*20240125~", "CAS*CO*45*5~", "x12.837p.missing_segment", "SE"),
        ("CAS*CO*45*5~DTP*573*D8*20240125~", "CAS*CO*45*5~DTP*573*RD8*20240125-20240126~", "x12.837p.bad_value", "DTP"),
        ("DTP*573*D8*20240125~AMT*EAF*10~", "DTP*573*D8*20240125~DTP*573*D8*20240125~", "x12.837p.unexpected_segment", "DTP"),
        ("AMT*EAF*10~LX", "AMT*EAF*10~AMT*EAF*10~LX", "x12.837p.unexpected_segment", "AMT"),
        ("SVD*12345*20*", "SVD*12345*-*", "x12.837p.bad_value", "SVD"),
        ("SBR*P*18*GRP12345******CI~", "SBR*P*17*GRP12345******CI~", "x12.837p.bad_value", "SBR"),
        ("NM1*IL*1*DOE*JOHN*A***MI*XYZ123456789~N3", "NM1*IL*1*DOE*JOHN*A***MI~N3", "x12.837p.missing_element", "NM1"),
    ],
)  # fmt: skip
def test_reader_errors_name_the_segment(old: str, new: str, code: str, where: str) -> None:
    with pytest.raises(ParseError) as info:
        _read(old, new)
    assert info.value.code == code
    assert info.value.segment_id == where
    assert "XYZ123456789" not in str(info.value)


def test_reader_skips_other_dates_of_a_line_adjudication() -> None:
    batch = _read("DTP*573*D8*20240125~AMT*EAF", "DTP*573*D8*20240125~DTP*150*D8*20240125~AMT*EAF")
    assert batch.claims == (SECONDARY,)
    assert [p.code for p in batch.header.warnings] == ["x12.837p.skipped"]


def test_an_other_payer_without_amounts_round_trips() -> None:
    other = attrs.evolve(
        SECONDARY.other_payers[0], paid=None, remaining_liability=None, claim_number=None
    )
    lines = tuple(attrs.evolve(line, adjudications=()) for line in SECONDARY.lines)
    claim = attrs.evolve(SECONDARY, other_payers=(other,), lines=lines)
    assert scrub(claim, on=ON) == ()
    text = build_837p([claim], **envelope(created=CREATED))
    assert "AMT*D" not in text
    assert pyx12_errors(text) == []
    assert parse_837p(text).claims == (claim,)
