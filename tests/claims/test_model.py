"""Tests for the claim model: masked reprs, field-naming errors, codes, properties, round trips."""

from __future__ import annotations

import datetime as dt
import enum
import json
import string
import typing
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice import strategies
from medoffice.claims import (
    Accident,
    AccidentCause,
    Address,
    Batch,
    Claim,
    ClaimDates,
    Drug,
    Header,
    Patient,
    Payer,
    Provider,
    Receiver,
    Relationship,
    ServiceLine,
    Submitter,
    Subscriber,
)
from medoffice.claims import _model as model
from medoffice.claims._model import (
    LineAdjudication,
    OtherPayer,
    OtherSubscriber,
    PayerAdjustment,
)
from medoffice.claims.examples import dependent_visit, office_visit, receiver, submitter
from medoffice.serialization import from_dict, to_dict
from tests._settings import PER_CASE

QUICK = settings(max_examples=min(60, settings().max_examples), deadline=None)

# -- one value of every model, to change a field at a time ------------------------------

_CLAIM = dependent_visit()
_HEADER = Header(
    sender=submitter(),
    receiver=receiver(),
    control_number=1,
    created=dt.datetime(2024, 2, 6, 9, 0, tzinfo=dt.UTC),
)
BASES: dict[type, Any] = {
    Address: _CLAIM.billing.address,
    Provider: _CLAIM.billing,
    Payer: _CLAIM.payer,
    Subscriber: _CLAIM.subscriber,
    Patient: _CLAIM.patient,
    Accident: Accident(causes=("AA",), state="IL", date=dt.date(2024, 1, 2)),
    ClaimDates: _CLAIM.dates,
    Drug: _CLAIM.lines[1].drug,
    ServiceLine: _CLAIM.lines[1],
    Claim: _CLAIM,
    Submitter: submitter(),
    Receiver: receiver(),
    Header: _HEADER,
    Batch: Batch(claims=(_CLAIM,), header=_HEADER),
    PayerAdjustment: PayerAdjustment(group="PR", reason="2", amount="10", quantity="1"),
    LineAdjudication: LineAdjudication(
        payer_id="12345",
        paid="80",
        procedure="99213",
        modifiers=("25",),
        units="1",
        adjustments=(PayerAdjustment(group="CO", reason="45", amount="45"),),
        adjudicated=dt.date(2024, 2, 1),
        remaining_liability="10",
    ),
    OtherSubscriber: OtherSubscriber(
        last_name="DOE",
        first_name="JOHN",
        member_id="XYZ1",
        address=_CLAIM.billing.address,
        group_number="G1",
    ),
    OtherPayer: OtherPayer(
        payer=_CLAIM.payer,
        subscriber=OtherSubscriber(last_name="DOE", member_id="XYZ1"),
        adjustments=(PayerAdjustment(group="PR", reason="1", amount="5"),),
        paid="80",
        remaining_liability="5",
        adjudicated=dt.date(2024, 2, 1),
        claim_number="CLM1",
    ),
}
#: The other-payer models (issue 6) whose strategies live in tests/claims/test_other_payers.py
#: until medoffice.strategies has them.
OTHER_PAYER_TYPES = {PayerAdjustment, LineAdjudication, OtherSubscriber, OtherPayer}


def test_every_public_model_has_a_base() -> None:
    public = {getattr(model, n) for n in model.__all__ if attrs.has(getattr(model, n))}
    assert public == set(BASES)
    generated = {c for c in strategies.TYPE_STRATEGIES if c.__module__ == model.__name__}
    assert generated <= public
    assert public - generated <= OTHER_PAYER_TYPES


def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(model))


def _is_tuple(hint: object) -> bool:
    return typing.get_origin(hint) is tuple


class Junk:
    """A value of no expected type, whose text would show if a message repeated it."""

    def __repr__(self) -> str:
        return "SECRETVALUE"

    __str__ = __repr__


FIELDS = [(cls, a.name) for cls in BASES for a in attrs.fields(cls)]


# -- reprs mask patient data ---------------------------------------------------------

_secret = st.text(string.ascii_uppercase, min_size=8, max_size=8).map(lambda s: f"QZ{s}")
_birth = st.dates(dt.date(1900, 1, 1), dt.date(1960, 12, 31))


@QUICK
@given(
    words=st.lists(_secret, min_size=14, max_size=14, unique=True),
    born=st.tuples(_birth, _birth),
)
def test_reprs_never_show_patient_data(words: list[str], born: tuple[dt.date, dt.date]) -> None:
    address = Address(
        line1=words[0], line2=words[1], city=words[2], state="IL", postal_code="62701"
    )
    subscriber = Subscriber(
        last_name=words[3],
        first_name=words[4],
        middle_name=words[5],
        member_id=words[6],
        birth_date=born[0],
        address=address,
    )
    patient = Patient(
        last_name=words[7],
        first_name=words[8],
        middle_name=words[9],
        birth_date=born[1],
        address=address,
        relationship="19",
    )
    claim = attrs.evolve(
        _CLAIM,
        account_number=words[10],
        medical_record_number=words[11],
        note=words[12],
        subscriber=subscriber,
        patient=patient,
        pay_to=attrs.evolve(address, line1=words[13]),
    )
    values = (address, subscriber, patient, claim, Batch(claims=(claim,)))
    for value in values:
        text = repr(value)
        for word in words:
            assert word not in text
        for day in born:
            assert repr(day) not in text
            assert day.isoformat() not in text
        assert "62701" not in text


# -- wrong types name the field ---------------------------------------------------------


@pytest.mark.parametrize(("cls", "field"), FIELDS, ids=lambda x: getattr(x, "__name__", x))
def test_a_wrong_type_names_the_field(cls: type, field: str) -> None:
    hint = _hints(cls)[field]
    junk: object = (Junk(),) if _is_tuple(hint) else Junk()
    with pytest.raises((TypeError, ValueError)) as info:
        attrs.evolve(BASES[cls], **{field: junk})
    message = str(info.value)
    assert message.startswith(field), message
    assert "SECRET" not in message


@pytest.mark.parametrize(
    ("cls", "field"),
    [(c, f) for c, f in FIELDS if _is_tuple(_hints(c)[f])],
    ids=lambda x: getattr(x, "__name__", x),
)
def test_a_sequence_field_refuses_single_values_without_repeating_them(
    cls: type, field: str
) -> None:
    for value in (Junk(), "SECRETVALUE"):
        with pytest.raises(TypeError) as info:
            attrs.evolve(BASES[cls], **{field: value})
        assert "SECRET" not in str(info.value)


MONEY = [
    (ServiceLine, "charge"),
    (ServiceLine, "units"),
    (Drug, "quantity"),
    (Claim, "total_charge"),
    (Claim, "patient_paid"),
    (PayerAdjustment, "amount"),
    (PayerAdjustment, "quantity"),
    (LineAdjudication, "paid"),
    (LineAdjudication, "units"),
    (LineAdjudication, "remaining_liability"),
    (OtherPayer, "paid"),
    (OtherPayer, "remaining_liability"),
]


@pytest.mark.parametrize(("cls", "field"), MONEY, ids=lambda x: getattr(x, "__name__", x))
@settings(max_examples=20)
@given(value=st.floats() | st.booleans())
def test_floats_are_refused_for_money_and_quantities(cls: type, field: str, value: float) -> None:
    with pytest.raises(TypeError, match=rf"^{field}: must be a Decimal"):
        attrs.evolve(BASES[cls], **{field: value})


@pytest.mark.parametrize(("cls", "field"), MONEY, ids=lambda x: getattr(x, "__name__", x))
def test_money_text_is_read_exactly(cls: type, field: str) -> None:
    value = attrs.evolve(BASES[cls], **{field: " 18.50 "})
    assert str(getattr(value, field)) == "18.50"
    for bad in ("NaN", "Infinity", "12,50", "abc"):
        with pytest.raises(ValueError, match=rf"^{field}: "):
            attrs.evolve(BASES[cls], **{field: bad})


DATES = [(cls, name) for cls, name in FIELDS if _hints(cls)[name] in (dt.date, dt.date | None)]


def test_date_fields_are_found() -> None:
    assert (ServiceLine, "service_date") in DATES
    assert (Subscriber, "birth_date") in DATES
    assert len([f for c, f in DATES if c is ClaimDates]) == 12


@pytest.mark.parametrize(("cls", "field"), DATES, ids=lambda x: getattr(x, "__name__", x))
def test_datetimes_are_refused_where_dates_are_expected(cls: type, field: str) -> None:
    moment = dt.datetime(2024, 2, 5, 9, 30, tzinfo=dt.UTC)
    with pytest.raises(TypeError, match=rf"^{field}: must be a calendar date"):
        attrs.evolve(BASES[cls], **{field: moment})
    day = dt.date(2024, 2, 5)
    assert getattr(attrs.evolve(BASES[cls], **{field: day}), field) == day


# -- enum codes as text ---------------------------------------------------------------


def _enum_of(hint: object) -> type[enum.Enum] | None:
    for candidate in (hint, *typing.get_args(hint)):
        if isinstance(candidate, type) and issubclass(candidate, enum.Enum):
            return candidate
    return None


ENUMS = [
    (cls, name, member)
    for cls, name in FIELDS
    if not _is_tuple(_hints(cls)[name]) and (kind := _enum_of(_hints(cls)[name])) is not None
    for member in kind
]


def test_enum_fields_are_found() -> None:
    assert {(c.__name__, f) for c, f, _ in ENUMS} >= {
        ("Provider", "entity"),
        ("Subscriber", "filing_indicator"),
        ("Patient", "relationship"),
        ("Claim", "frequency"),
        ("ServiceLine", "unit"),
        ("Drug", "unit"),
        ("Header", "usage"),
    }


@pytest.mark.parametrize(
    ("cls", "field", "member"), ENUMS, ids=lambda x: getattr(x, "__name__", str(x))
)
def test_enum_codes_are_accepted_as_text(cls: type, field: str, member: enum.Enum) -> None:
    assert getattr(attrs.evolve(BASES[cls], **{field: member.value}), field) is member
    assert getattr(attrs.evolve(BASES[cls], **{field: member}), field) is member
    with pytest.raises(ValueError, match=rf"^{field}: must be one of the codes"):
        attrs.evolve(BASES[cls], **{field: "SECRET"})


def test_accident_causes_as_text() -> None:
    accident = Accident(causes=["AA", AccidentCause.EMPLOYMENT], state="IL")
    assert accident.causes == (AccidentCause.AUTO, AccidentCause.EMPLOYMENT)
    with pytest.raises(ValueError, match=r"^causes: must be one of the codes"):
        Accident(causes=("XX",))


# -- code normalisation ----------------------------------------------------------------


def test_codes_are_normalised() -> None:
    line = attrs.evolve(
        _CLAIM.lines[0],
        procedure=" j 3420 ",
        modifiers=[" lt", "5 9", "x.u"],
        place_of_service=" 2.2 ",
    )
    assert (line.procedure, line.modifiers, line.place_of_service) == (
        "J3420",
        ("LT", "59", "XU"),
        "22",
    )
    claim = attrs.evolve(_CLAIM, diagnoses=["e11.9", " i10 ", "H66. 90"], place_of_service="1 1")
    assert claim.diagnoses == ("E119", "I10", "H6690")
    assert claim.place_of_service == "11"
    provider = Provider(npi=" 1234567893 ", name="X", taxonomy="207q00000x", tax_id="37-1234567")
    assert (provider.npi, provider.taxonomy, provider.tax_id) == (
        "1234567893",
        "207Q00000X",
        "371234567",
    )
    assert Drug(ndc=" 00409-7332-01 ", quantity=1, unit="ML").ndc == "00409733201"
    assert Address(line1="a", city="b", state="IL", postal_code="62701-1234").postal_code == (
        "627011234"
    )
    assert Address(line1="a", city="b", state="ON", postal_code="K1A 0B1").postal_code == (
        "K1A 0B1"
    )


@given(code=strategies.icd10cm_codes(), data=st.data())
def test_any_spelling_of_a_code_normalises_to_it(code: str, data: st.DataObject) -> None:
    dotted = f"{code[:3]}.{code[3:]}" if len(code) > 3 else code
    cased = "".join(c.lower() if data.draw(st.booleans(), label="lower") else c for c in dotted)
    spelled = f"{' ' * data.draw(st.integers(0, 2))}{cased} "
    claim = attrs.evolve(_CLAIM, diagnoses=(spelled,))
    assert claim.diagnoses == (code,)
    line = attrs.evolve(_CLAIM.lines[0], procedure=spelled)
    assert line.procedure == code


# -- properties against oracles ----------------------------------------------------------


@QUICK
@given(strategies.claims())
def test_claim_properties_match_oracles(claim: Claim) -> None:
    total = Decimal(0)
    for line in claim.lines:
        total += line.charge
    assert claim.line_total == total
    assert claim.total == (claim.total_charge if claim.total_charge is not None else total)
    if claim.lines:
        assert claim.first_date == sorted(line.service_date for line in claim.lines)[0]
        ends = sorted(line.service_end or line.service_date for line in claim.lines)
        assert claim.last_date == ends[-1]
    else:
        assert claim.first_date is None
        assert claim.last_date is None
    if claim.patient is None:
        assert claim.relationship is Relationship.SELF
    else:
        assert claim.relationship is claim.patient.relationship


@QUICK
@given(strategies.valid_claims())
def test_valid_claim_dates_span_the_lines(claim: Claim) -> None:
    assert claim.first_date is not None
    assert claim.last_date is not None
    assert claim.first_date <= claim.last_date
    for line in claim.lines:
        assert claim.first_date <= line.service_date <= line.last_date <= claim.last_date
    assert claim.total == sum((line.charge for line in claim.lines), Decimal(0))


def test_examples() -> None:
    assert office_visit().total == Decimal(150)
    assert dependent_visit().total == Decimal("173.50")
    assert dependent_visit().first_date == dependent_visit().last_date == dt.date(2024, 2, 5)
    assert dependent_visit().relationship is Relationship.CHILD


# -- serialization -------------------------------------------------------------------


def _decimals(value: object) -> list[str]:
    """Every Decimal in a value, as text, in order (an oracle for exactness)."""
    found: list[str] = []
    if isinstance(value, Decimal):
        return [str(value)]
    if isinstance(value, tuple):
        for item in value:
            found += _decimals(item)
    elif attrs.has(type(value)):
        for name in attrs.asdict(typing.cast("Any", value), recurse=False):
            found += _decimals(getattr(value, name))
    return found


CLAIM_TYPES = [cls for cls in BASES if cls in strategies.TYPE_STRATEGIES]


@pytest.mark.parametrize("cls", CLAIM_TYPES, ids=lambda c: c.__name__)
@PER_CASE
@given(data=st.data())
def test_every_model_round_trips_exactly(cls: type, data: st.DataObject) -> None:
    value = data.draw(strategies.TYPE_STRATEGIES[cls](), label="value")
    plain = json.loads(json.dumps(to_dict(value)))
    back: object = from_dict(plain, cls)
    assert back == value
    assert _decimals(back) == _decimals(value)


@QUICK
@given(strategies.valid_batches(max_claims=2))
def test_valid_batches_round_trip_exactly(batch: Batch) -> None:
    plain = json.loads(json.dumps(to_dict(batch)))
    back = from_dict(plain, Batch)
    assert back == batch
    assert _decimals(back) == _decimals(batch)
    assert to_dict(back) == plain


def test_example_claim_as_plain_data() -> None:
    plain = to_dict(dependent_visit())
    assert plain["lines"][0]["charge"] == "125.00"
    assert plain["lines"][1]["drug"] == {
        "ndc": "00409733201",
        "quantity": "1",
        "unit": "ML",
        "prescription_number": None,
    }
    assert plain["patient"]["relationship"] == "19"
    assert plain["diagnoses"] == ["H6690", "R509"]
    assert from_dict(plain, Claim) == dependent_visit()


def test_bases_are_what_they_say() -> None:
    for cls, value in BASES.items():
        assert type(value) is cls
