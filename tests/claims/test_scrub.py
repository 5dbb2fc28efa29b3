"""The scrubber: every rule broken on its own, and properties over junk claims."""

from __future__ import annotations

import datetime as dt
import re
import string
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.claims import RULES, CodeSets, Rule, scrub, scrub_batch
from medoffice.claims._model import (
    Accident,
    Address,
    Claim,
    ClaimDates,
    Drug,
    OtherPayer,
    Patient,
    Payer,
    PayerAdjustment,
    Provider,
    ServiceLine,
    Subscriber,
)
from medoffice.claims._rules import RULES_BY_CODE
from medoffice.claims.examples import dependent_visit, office_visit
from medoffice.exceptions import Problem, Severity
from medoffice.terminology import CodeTable, Release
from medoffice.x12 import text_problems
from tests.claims._secondary_example import secondary_visit

ON = dt.date(2024, 3, 1)
VISIT = office_visit()  # self, 2024-01-10, 99213 + 36415, E119 + I10
CHILD = dependent_visit()  # dependent, 2024-02-05, 99213 + J0696 (NDC) + 96372
OTHER_NPI = "1234567802"
LATER = dt.date(2025, 8, 1)  # inside the bundled HCPCS release
CPT_FILE = CodeTable(system="cpt", rows=[("99213", "Office visit, established patient")])


def _ev(value: Any, **changes: Any) -> Any:
    return attrs.evolve(value, **changes)


def _line(i: int, claim: Claim = VISIT, **changes: Any) -> Claim:
    lines = list(claim.lines)
    lines[i] = _ev(lines[i], **changes)
    return _ev(claim, lines=tuple(lines))


def _dated(when: dt.date, claim: Claim = VISIT) -> Claim:
    return _ev(claim, lines=tuple(_ev(line, service_date=when) for line in claim.lines))


def _billing(**changes: Any) -> Claim:
    return _ev(VISIT, billing=_ev(VISIT.billing, **changes))


def _billing_address(**changes: Any) -> Claim:
    assert VISIT.billing.address is not None
    return _billing(address=_ev(VISIT.billing.address, **changes))


def _subscriber(**changes: Any) -> Claim:
    return _ev(VISIT, subscriber=_ev(VISIT.subscriber, **changes))


def _subscriber_address(**changes: Any) -> Claim:
    assert VISIT.subscriber.address is not None
    return _subscriber(address=_ev(VISIT.subscriber.address, **changes))


def _patient(**changes: Any) -> Claim:
    assert CHILD.patient is not None
    return _ev(CHILD, patient=_ev(CHILD.patient, **changes))


SECONDARY = secondary_visit()  # to a secondary payer; the primary paid 80 + 20


def _other(k: int = 0, claim: Claim = SECONDARY, **changes: Any) -> Claim:
    others = list(claim.other_payers)
    others[k] = _ev(others[k], **changes)
    return _ev(claim, other_payers=tuple(others))


def _adjudication(i: int, claim: Claim = SECONDARY, **changes: Any) -> Claim:
    return _line(i, claim, adjudications=(_ev(claim.lines[i].adjudications[0], **changes),))


def _many_others(count: int) -> tuple[OtherPayer, ...]:
    first = SECONDARY.other_payers[0]
    orders = "PTABCDEFGHU"
    more = (
        _ev(first, payer=Payer(name="PAYER", id=f"ID{k}"), responsibility=orders[k], paid=None)
        for k in range(1, count)
    )
    return (first, *more)


_SEVEN_CO = tuple(PayerAdjustment(group="CO", reason="45", amount="1") for _ in range(7))
_FOUR_GROUPS = tuple(
    PayerAdjustment(group=g, reason="23", amount="0") for g in ("PR", "OA", "PI", "CR")
)


def _drug(**changes: Any) -> Claim:
    drug = CHILD.lines[1].drug
    assert drug is not None
    return _line(1, CHILD, drug=_ev(drug, **changes))


_THIRTEEN = (
    "E119", "I10", "E785", "J45909", "R519", "K219", "F419",
    "G4700", "N390", "J069", "R051", "Z0000", "E6601",
)  # fmt: skip


@attrs.frozen
class Case:
    """A claim that breaks exactly one rule, and where."""

    code: str
    path: str
    claim: Claim
    on: dt.date = ON
    code_sets: CodeSets | None = None


CASES: tuple[Case, ...] = (
    Case("accident.state_required", "accident.state", _ev(VISIT, accident=Accident(causes=("AA",)))),
    Case(
        "adjudication.duplicate",
        "lines[0].adjudications[1].payer_id",
        _line(0, SECONDARY, adjudications=SECONDARY.lines[0].adjudications * 2),
    ),
    Case(
        "adjudication.payer_unknown",
        "lines[1].adjudications[0].payer_id",
        _adjudication(1, _other(paid="80"), payer_id="99999"),
    ),
    Case("adjudication.unbalanced", "lines[0].adjudications[0].paid", _line(0, SECONDARY, charge="126")),
    Case("adjustments.too_many", "other_payers[0].adjustments", _other(adjustments=_SEVEN_CO + _FOUR_GROUPS, paid=93)),
    Case("address.po_box", "billing.address.line1", _billing_address(line1="P.O. Box 12")),
    Case("address.required", "billing.address", _billing(address=None)),
    Case("amount.decimals", "lines[0].charge", _line(0, charge="125.001")),
    Case("birth_date.required", "subscriber.birth_date", _subscriber(birth_date=None)),
    Case("causes.duplicate", "accident.causes[1]", _ev(VISIT, accident=Accident(causes=("EM", "EM")))),
    Case("causes.required", "accident.causes", _ev(VISIT, accident=Accident(causes=()))),
    Case(
        "causes.too_many",
        "accident.causes",
        _ev(VISIT, accident=Accident(causes=("EM", "OA", "AA"), state="IL")),
    ),
    Case("charge.not_positive", "lines[1].charge", _line(1, charge=0)),
    Case(
        "code_set.no_release",
        "diagnoses[0]",
        _ev(
            _dated(dt.date(2019, 5, 1), _line(0, pointers=(1,))),
            diagnoses=("E119",),
        ),
    ),
    Case("country.format", "accident.country", _ev(VISIT, accident=Accident(causes=("EM",), country="U5"))),
    Case("cpt.unknown", "lines[1].procedure", VISIT, code_sets=CodeSets(cpt=CPT_FILE)),
    Case(
        "date.before_birth",
        "lines[0].service_date",
        _ev(
            _subscriber(birth_date=dt.date(2024, 1, 11)),
            lines=(VISIT.lines[0], _ev(VISIT.lines[1], service_date=dt.date(2024, 1, 12))),
        ),
    ),
    Case("date.before_icd10", "lines[1].service_date", _line(1, service_date=dt.date(2015, 9, 30))),
    Case(
        "date.future",
        "lines[1].service_date",
        _line(1, service_date=dt.date(2024, 1, 11)),
        on=dt.date(2024, 1, 10),
    ),
    Case("date.order", "lines[0].service_end", _line(0, service_end=dt.date(2024, 1, 9))),
    Case("diagnoses.duplicate", "diagnoses[2]", _ev(VISIT, diagnoses=("E119", "I10", "E119"))),
    Case("diagnoses.required", "diagnoses", _ev(VISIT, diagnoses=())),
    Case("diagnoses.too_many", "diagnoses", _ev(VISIT, diagnoses=_THIRTEEN)),
    Case("ein.format", "billing.tax_id", _billing(tax_id="37-12345AB")),
    Case("ein.length", "billing.tax_id", _billing(tax_id="37123456")),
    Case("ein.prefix", "billing.tax_id", _billing(tax_id="071234567")),
    Case(
        "hcpcs.unknown",
        "lines[1].procedure",
        _line(1, _dated(LATER), procedure="J9998"),
        on=LATER,
    ),
    Case("icd10cm.first", "diagnoses[0]", _ev(VISIT, diagnoses=("250.00", "I10"))),
    Case("icd10cm.format", "diagnoses[0]", _ev(VISIT, diagnoses=("E11-9", "I10"))),
    Case("icd10cm.length", "diagnoses[0]", _ev(VISIT, diagnoses=("E1", "I10"))),
    Case("icd10cm.not_billable", "diagnoses[0]", _ev(VISIT, diagnoses=("E11", "I10"))),
    Case("icd10cm.unknown", "diagnoses[0]", _ev(VISIT, diagnoses=("E11.99", "I10"))),
    Case("lines.required", "lines", _ev(VISIT, lines=())),
    Case("lines.too_many", "lines", _ev(VISIT, lines=(VISIT.lines[1],) * 51)),
    Case("modifier.format", "lines[0].modifiers[0]", _line(0, modifiers=("2-",))),
    Case("modifier.length", "lines[0].modifiers[0]", _line(0, modifiers=("251",))),
    Case("modifiers.duplicate", "lines[0].modifiers[1]", _line(0, modifiers=("25", "25"))),
    Case(
        "modifiers.too_many",
        "lines[0].modifiers",
        _line(0, modifiers=("25", "59", "LT", "RT", "GT")),
    ),
    Case("ndc.format", "lines[1].drug.ndc", _drug(ndc="0040973320")),
    Case("npi.checksum", "billing.npi", _billing(npi="1234567890")),
    Case("npi.format", "billing.npi", _billing(npi="12345678A3")),
    Case("npi.length", "billing.npi", _billing(npi="123456789")),
    Case("npi.prefix", "billing.npi", _billing(npi="3234567891")),
    Case("npi.required", "billing.npi", _billing(npi=None)),
    Case("number.too_long", "lines[0].charge", _line(0, charge=Decimal("1" * 19))),
    Case("original_claim_number.required", "original_claim_number", _ev(VISIT, frequency="7")),
    Case(
        "original_claim_number.unexpected",
        "original_claim_number",
        _ev(VISIT, original_claim_number="PAYER123"),
    ),
    Case("other_payer.paid_mismatch", "other_payers[0].paid", _other(paid="99.99")),
    Case("other_payer.paid_required", "other_payers[0].paid", _other(paid=None)),
    Case("other_payer.responsibility", "other_payers[0].responsibility", _other(responsibility="S")),
    Case("other_payers.duplicate", "other_payers[1].payer.id", _ev(SECONDARY, other_payers=(
        SECONDARY.other_payers[0], _ev(SECONDARY.other_payers[0], responsibility="T")))),
    Case("other_payers.required", "other_payers", _subscriber(responsibility="S")),
    Case("other_payers.too_many", "other_payers", _ev(SECONDARY, other_payers=_many_others(11))),
    Case("patient.self", "patient.relationship", _patient(relationship="18")),
    Case("patient_paid.negative", "patient_paid", _ev(VISIT, patient_paid="-5")),
    Case("pointers.duplicate", "lines[0].pointers[1]", _line(0, pointers=(1, 1))),
    Case("pointers.range", "lines[0].pointers[1]", _line(0, pointers=(1, 3))),
    Case("pointers.required", "lines[0].pointers", _line(0, pointers=())),
    Case(
        "pointers.too_many",
        "lines[0].pointers",
        _line(0, _ev(VISIT, diagnoses=_THIRTEEN[:5]), pointers=(1, 2, 3, 4, 5)),
    ),
    Case("pos.format", "place_of_service", _ev(VISIT, place_of_service="AB")),
    Case("pos.length", "place_of_service", _ev(VISIT, place_of_service="1")),
    Case("pos.unknown", "place_of_service", _ev(VISIT, place_of_service="28")),
    Case("procedure.description_required", "lines[1].description", _line(1, procedure="J3490")),
    Case("procedure.format", "lines[0].procedure", _line(0, procedure="9921")),
    Case(
        "provider.entity",
        "referring.entity",
        _ev(VISIT, referring=Provider(npi=OTHER_NPI, name="REFERRAL CLINIC", entity="2")),
    ),
    Case("quantity.not_positive", "lines[1].drug.quantity", _drug(quantity=0)),
    Case("sex.required", "subscriber.sex", _subscriber(sex=None)),
    Case("ssn.format", "billing.tax_id", _billing(tax_id="12345", tax_id_kind="SY")),
    Case("state.unknown", "billing.address.state", _billing_address(state="XX")),
    Case("tax_id.required", "billing.tax_id", _billing(tax_id=None)),
    Case("taxonomy.format", "billing.taxonomy", _billing(taxonomy="207Q00000")),
    Case("text.empty", "prior_authorization", _ev(VISIT, prior_authorization="")),
    Case("text.required", "account_number", _ev(VISIT, account_number="")),
    Case("text.too_long", "account_number", _ev(VISIT, account_number="A" * 39)),
    Case("text.too_short", "payer.id", _ev(VISIT, payer=Payer(name="ACME", id="1"))),
    Case("total.mismatch", "total_charge", _ev(VISIT, total_charge="151")),
    Case("units.decimals", "lines[0].units", _line(0, units="1.0001")),
    Case("units.not_positive", "lines[0].units", _line(0, units=0)),
    Case("x12.charset", "note", _ev(VISIT, note="caf\u00e9 visit")),
    Case("x12.delimiter", "note", _ev(VISIT, note="A*B")),
    Case("zipcode.format", "subscriber.address.postal_code", _subscriber_address(postal_code="6270A")),
    Case("zipcode.length", "subscriber.address.postal_code", _subscriber_address(postal_code="6270")),
    Case("zipcode.prefix", "subscriber.address.postal_code", _subscriber_address(postal_code="00012")),
    Case("zipcode.zip4", "billing.address.postal_code", _billing_address(postal_code="62701")),
)  # fmt: skip


def test_the_examples_are_clean() -> None:
    assert scrub(VISIT, on=ON) == ()
    assert scrub(SECONDARY, on=ON) == ()
    assert scrub(CHILD, on=ON) == ()
    assert scrub_batch([VISIT, CHILD], on=ON) == ()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.code)
def test_each_rule_on_its_own(case: Case) -> None:
    problems = scrub(case.claim, on=case.on, code_sets=case.code_sets)
    assert [(p.code, p.path) for p in problems] == [(case.code, case.path)]
    assert problems[0].severity is RULES_BY_CODE[case.code].severity


def test_every_rule_has_a_case() -> None:
    assert sorted(c.code for c in CASES) == [r.code for r in RULES]


def test_rules_are_sorted_unique_and_well_formed() -> None:
    codes = [r.code for r in RULES]
    assert codes == sorted(set(codes))
    assert all(isinstance(r, Rule) and r.summary.endswith(".") for r in RULES)
    warnings = {r.code for r in RULES if r.severity is Severity.WARNING}
    assert warnings == {
        "code_set.no_release",
        "original_claim_number.unexpected",
        "other_payers.required",
    }


# -- more paths through the rules -------------------------------------------------------


def _codes(
    claim: Claim, on: dt.date = ON, code_sets: CodeSets | None = None
) -> list[tuple[str, str]]:
    return [(p.code, p.path) for p in scrub(claim, on=on, code_sets=code_sets)]


@pytest.mark.parametrize(
    "line1",
    [
        "PO Box 12",
        "p.o. box 7",
        "P O BOX 7",
        "POB 99",
        "Post Office Box 3",
        "Lock Box 1",
        "LOCKBOX 5",
        "POBOX 1",
    ],
)
def test_po_boxes_in_every_spelling(line1: str) -> None:
    assert _codes(_billing_address(line1=line1)) == [("address.po_box", "billing.address.line1")]


@pytest.mark.parametrize("line1", ["123 POPLAR ST", "1 APOLLO WAY", "9 BOXWOOD LN", "5 POST RD"])
def test_street_addresses_are_not_po_boxes(line1: str) -> None:
    assert _codes(_billing_address(line1=line1)) == []


def test_a_po_box_on_the_second_line_and_elsewhere() -> None:
    assert _codes(_billing_address(line2="PO BOX 4")) == [
        ("address.po_box", "billing.address.line2")
    ]
    assert _codes(_subscriber_address(line1="PO BOX 4")) == []  # only the billing provider's


def test_providers_in_every_role() -> None:
    rendering = Provider(npi="1234567890", name="SMITH", first_name="A" * 36)
    claim = _ev(VISIT, rendering=rendering)
    assert _codes(claim) == [
        ("npi.checksum", "rendering.npi"),
        ("text.too_long", "rendering.first_name"),
    ]
    facility = Provider(name="CLINIC", entity="1")
    assert _codes(_ev(VISIT, facility=facility)) == [
        ("provider.entity", "facility.entity"),
        ("address.required", "facility.address"),
    ]
    assert VISIT.billing.address is not None
    facility = Provider(npi="", name="CLINIC", entity="2", address=VISIT.billing.address)
    assert _codes(_ev(VISIT, facility=facility)) == [("npi.format", "facility.npi")]
    assert _codes(_ev(VISIT, referring=Provider(name="DOC"))) == [("npi.required", "referring.npi")]
    line_rendering = Provider(npi=OTHER_NPI, name="", middle_name=" ", suffix="JR" * 6)
    assert _codes(_line(0, rendering=line_rendering)) == [
        ("text.required", "lines[0].rendering.name"),
        ("text.empty", "lines[0].rendering.middle_name"),
        ("text.too_long", "lines[0].rendering.suffix"),
    ]


def test_a_blank_billing_npi_is_missing() -> None:
    assert _codes(_billing(npi=" ")) == [("npi.required", "billing.npi")]


def test_tax_ids() -> None:
    assert _codes(_billing(tax_id="123456789", tax_id_kind="SY")) == []
    # The 837P carries them as digits only: the model drops the hyphens.
    assert _billing(tax_id="37-1234567").billing.tax_id == "371234567"
    assert _codes(_billing(tax_id="37-1234567")) == []
    assert _codes(_billing(tax_id="123-45-6789", tax_id_kind="SY")) == []
    assert _codes(_billing_address(postal_code="62701-1234")) == []
    assert _codes(_billing(tax_id="37-12345 6X")) == [("ein.format", "billing.tax_id")]
    assert _codes(_billing(tax_id="12-345-678X", tax_id_kind="SY")) == [
        ("ssn.format", "billing.tax_id")
    ]
    assert _codes(_billing_address(postal_code="62701-12X4")) == [
        ("zipcode.format", "billing.address.postal_code")
    ]
    assert _codes(_billing(tax_id=" ")) == [("tax_id.required", "billing.tax_id")]


def test_the_patient_when_not_the_subscriber() -> None:
    assert _codes(_patient(birth_date=None, sex=None, address=None)) == [
        ("birth_date.required", "patient.birth_date"),
        ("sex.required", "patient.sex"),
        ("address.required", "patient.address"),
    ]
    # The subscriber of a dependent claim needs no DMG, but a DMG needs both parts.
    subscriber = _ev(CHILD.subscriber, birth_date=None, sex=None, address=None)
    assert _codes(_ev(CHILD, subscriber=subscriber)) == []
    subscriber = _ev(CHILD.subscriber, birth_date=None)
    assert _codes(_ev(CHILD, subscriber=subscriber)) == [
        ("birth_date.required", "subscriber.birth_date")
    ]
    subscriber = _ev(CHILD.subscriber, sex=None)
    assert _codes(_ev(CHILD, subscriber=subscriber)) == [("sex.required", "subscriber.sex")]
    assert _codes(_subscriber(address=None)) == [("address.required", "subscriber.address")]


def test_future_birth_dates_are_reported_once() -> None:
    future = dt.date(2030, 1, 1)
    assert _codes(_subscriber(birth_date=future)) == [("date.future", "subscriber.birth_date")]
    assert _codes(_patient(birth_date=future)) == [("date.future", "patient.birth_date")]


def test_claim_dates() -> None:
    dates = ClaimDates(
        onset=dt.date(2024, 3, 2),
        disability_start=dt.date(2024, 1, 5),
        disability_end=dt.date(2024, 1, 4),
        return_to_work=dt.date(2024, 6, 1),
        admission=dt.date(2024, 1, 8),
        discharge=dt.date(2024, 1, 9),
    )
    assert _codes(_ev(VISIT, dates=dates)) == [
        ("date.future", "dates.onset"),
        ("date.order", "dates.disability_end"),
    ]
    dates = ClaimDates(admission=dt.date(2024, 1, 8), discharge=dt.date(2024, 1, 7))
    assert _codes(_ev(VISIT, dates=dates)) == [("date.order", "dates.discharge")]


def test_service_ranges() -> None:
    assert _codes(_line(0, service_end=dt.date(2024, 1, 12))) == []
    assert _codes(_line(0, service_end=dt.date(2024, 3, 2))) == [
        ("date.future", "lines[0].service_end")
    ]


def test_accidents() -> None:
    assert _codes(_ev(VISIT, accident=Accident(causes=("AA",), state="IL"))) == []
    assert _codes(_ev(VISIT, accident=Accident(causes=("AA",), state="ZZ"))) == [
        ("state.unknown", "accident.state")
    ]
    assert _codes(_ev(VISIT, accident=Accident(causes=("EM",), state=""))) == [
        ("text.empty", "accident.state")
    ]
    abroad = Accident(causes=("AA",), state="ONT", country="CA", date=dt.date(2024, 3, 2))
    assert _codes(_ev(VISIT, accident=abroad)) == [
        ("text.too_long", "accident.state"),
        ("date.future", "accident.date"),
    ]


def test_addresses_abroad_and_elsewhere() -> None:
    abroad = Address(line1="1 RUE X", city="PARIS", state="", postal_code="75001", country="FR")
    assert _codes(_subscriber(address=abroad)) == []
    abroad = Address(line1="1 RUE X", city="P", state="IDF", postal_code="75", country="FRA")
    assert _codes(_subscriber(address=abroad)) == [
        ("text.too_short", "subscriber.address.city"),
        ("text.too_long", "subscriber.address.state"),
        ("text.too_short", "subscriber.address.postal_code"),
    ]
    assert _codes(_subscriber_address(line2=" ")) == [("text.empty", "subscriber.address.line2")]
    assert VISIT.billing.address is not None
    assert (
        _codes(_ev(VISIT, pay_to=_ev(VISIT.billing.address, line1="PO BOX 9", postal_code="62701")))
        == []
    )
    payer = Payer(name="ACME", id="12345", address=_ev(VISIT.billing.address, state="il"))
    assert _codes(_ev(VISIT, payer=payer)) == [("state.unknown", "payer.address.state")]


def test_text_fields_of_the_claim() -> None:
    claim = _ev(
        VISIT,
        referral_number="R" * 51,
        medical_record_number="MR~1",
        note="N" * 81,
        frequency="8",
        original_claim_number="X" * 51,
        subscriber=_ev(VISIT.subscriber, group_number="", group_name="G:1"),
    )
    assert _codes(claim) == [
        ("text.empty", "subscriber.group_number"),
        ("x12.delimiter", "subscriber.group_name"),
        ("text.too_long", "original_claim_number"),
        ("text.too_long", "referral_number"),
        ("x12.delimiter", "medical_record_number"),
        ("text.too_long", "note"),
    ]
    line = _ev(VISIT.lines[0], control_number="", description="^")
    assert _codes(_ev(VISIT, lines=(line, VISIT.lines[1]))) == [
        ("text.empty", "lines[0].control_number"),
        ("x12.delimiter", "lines[0].description"),
    ]
    assert _codes(_drug(prescription_number="RX*1")) == [
        ("x12.delimiter", "lines[1].drug.prescription_number")
    ]


def test_numbers() -> None:
    assert _codes(_line(0, charge="125.000")) == []  # trailing zeros are not decimals
    assert _codes(_line(0, charge=Decimal("1.25E+18"))) == [("number.too_long", "lines[0].charge")]
    assert _codes(_line(0, units="0.5")) == []
    assert _codes(_drug(quantity=Decimal("1.0001"))) == [
        ("units.decimals", "lines[1].drug.quantity")
    ]
    assert _codes(_ev(VISIT, total_charge="150.00", patient_paid="20.001")) == [
        ("amount.decimals", "patient_paid")
    ]
    assert _codes(_ev(VISIT, patient_paid=0)) == []


def test_pointers_without_diagnoses_are_not_out_of_range() -> None:
    assert _codes(_ev(VISIT, diagnoses=())) == [("diagnoses.required", "diagnoses")]


def test_pointers_beyond_twelve_diagnoses() -> None:
    claim = _line(0, _ev(VISIT, diagnoses=_THIRTEEN), pointers=(13,))
    assert _codes(claim) == [
        ("diagnoses.too_many", "diagnoses"),
        ("pointers.range", "lines[0].pointers[0]"),
    ]


def test_line_place_of_service() -> None:
    assert _codes(_line(0, place_of_service="02")) == []
    assert _codes(_line(0, place_of_service="10")) == []
    assert _codes(_line(0, place_of_service="28")) == [("pos.unknown", "lines[0].place_of_service")]


def test_place_of_service_before_the_bundled_table() -> None:
    claim = _ev(_dated(dt.date(2015, 11, 2)), diagnoses=("E119",), lines=(
        _ev(VISIT.lines[0], service_date=dt.date(2015, 11, 2), pointers=(1,)),
    ))  # fmt: skip
    assert [(p.code, p.path, p.severity.value) for p in scrub(claim, on=ON)] == [
        ("code_set.no_release", "place_of_service", "warning"),
        ("code_set.no_release", "diagnoses[0]", "warning"),
    ]


def test_diagnoses_before_the_bundled_releases_are_checked_for_form() -> None:
    claim = _ev(_dated(dt.date(2019, 5, 1), _line(0, pointers=(1,))), diagnoses=("1E11",))
    assert _codes(claim) == [("icd10cm.first", "diagnoses[0]")]


def test_a_code_valid_on_one_date_of_service_but_not_the_other() -> None:
    # U07.1 (COVID-19) exists throughout; Z0000 too; a FY2025 addition is not valid in FY2024.
    new_in_2025 = "E1A"  # a category header in every release
    claim = _ev(VISIT, diagnoses=(new_in_2025,))
    claim = _ev(claim, lines=tuple(_ev(line, pointers=(1,)) for line in claim.lines))
    assert _codes(claim) == [("icd10cm.unknown", "diagnoses[0]")]


def test_hcpcs_codes_by_date() -> None:
    # Before the bundled release: taken from it when there, a warning when not.
    assert _codes(_line(1, procedure="J3420")) == []
    assert [(p.code, p.severity.value) for p in scrub(_line(1, procedure="J9998"), on=ON)] == [
        ("code_set.no_release", "warning")
    ]
    # With a caller's HCPCS file and one that does not cover the date.
    hcpcs_file = CodeTable(system="hcpcs", rows=[("J3420", "B12")])
    sets = CodeSets(hcpcs=hcpcs_file)
    assert _codes(_line(1, procedure="J3420"), code_sets=sets) == []
    assert _codes(_line(1, procedure="J0696"), code_sets=sets) == [
        ("hcpcs.unknown", "lines[1].procedure")
    ]
    late = CodeTable(
        system="hcpcs",
        rows=[("J3420", "B12")],
        release=Release(id="2030", label="HCPCS 2030", starts=dt.date(2030, 1, 1)),
    )
    problems = scrub(_line(1, procedure="J3420"), on=ON, code_sets=CodeSets(hcpcs=late))
    assert [(p.code, p.path) for p in problems] == [("code_set.no_release", "lines[1].procedure")]


def test_cpt_codes_against_a_licensed_file() -> None:
    cpt = CodeTable(system="cpt", rows=[("99213", "visit"), ("36415", "venipuncture")])
    assert _codes(VISIT, code_sets=CodeSets(cpt=cpt)) == []
    late = CodeTable(
        system="cpt",
        rows=[("99213", "visit")],
        release=Release(id="2030", label="CPT 2030", starts=dt.date(2030, 1, 1)),
    )
    assert [p.code for p in scrub(VISIT, on=ON, code_sets=CodeSets(cpt=late))] == [
        "code_set.no_release",
        "code_set.no_release",
    ]
    empty = CodeTable(system="cpt", rows=[])
    problems = scrub(VISIT, on=ON, code_sets=CodeSets(cpt=empty))
    assert "not a code in cpt (caller-supplied)" in problems[0].message


def test_icd10cm_and_pos_from_the_callers_code_sets() -> None:
    icd = CodeTable(system="icd10cm", rows=[("E119", "T2DM"), ("I10", "HTN")])
    places = CodeTable(system="pos", rows=[("11", "Office")])
    sets = CodeSets(icd10cm=icd, pos=places)
    assert _codes(VISIT, code_sets=sets) == []
    assert _codes(_ev(VISIT, diagnoses=("E119", "E785")), code_sets=sets) == [
        ("icd10cm.unknown", "diagnoses[1]")
    ]
    assert _codes(_ev(VISIT, place_of_service="12"), code_sets=sets) == [
        ("pos.unknown", "place_of_service")
    ]
    # The answers are cached within a call: a 50-line claim asks once per code and date.
    many = _ev(VISIT, lines=(VISIT.lines[1],) * 50)
    assert _codes(many, code_sets=sets) == []
    old = CodeTable(
        system="pos",
        rows=[("11", "Office")],
        release=Release(id="x", label="POS 2030", starts=dt.date(2030, 1, 1)),
    )
    assert _codes(VISIT, code_sets=CodeSets(pos=old)) == [
        ("code_set.no_release", "place_of_service")
    ]


def test_noc_codes_with_a_description_or_a_note() -> None:
    assert _codes(_line(1, procedure="J3490", description="CEFTRIAXONE 250MG")) == []
    assert _codes(_ev(_line(1, procedure="J3490"), note="J3490 IS CEFTRIAXONE 250MG")) == []


def test_the_frequencies() -> None:
    assert _codes(_ev(VISIT, frequency="8", original_claim_number="PAYER123")) == []
    assert _codes(_ev(VISIT, frequency="7", original_claim_number=" ")) == [
        ("original_claim_number.required", "original_claim_number")
    ]


def test_a_batch_prefixes_paths_and_keeps_order() -> None:
    from medoffice.claims._model import Batch

    bad = _ev(VISIT, account_number="", total_charge=1)
    problems = scrub_batch(Batch(claims=(VISIT, bad, bad)), on=ON)
    assert [p.path for p in problems] == [
        "claims[1].account_number",
        "claims[1].total_charge",
        "claims[2].account_number",
        "claims[2].total_charge",
    ]


def test_arguments_are_checked() -> None:
    with pytest.raises(TypeError, match="claim: must be a Claim"):
        scrub("claim", on=ON)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="on: must be a calendar date"):
        scrub(VISIT, on=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    with pytest.raises(TypeError, match="code_sets: must be a CodeSets"):
        scrub(VISIT, on=ON, code_sets={"cpt": None})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"claims\[1\]: must be a Claim"):
        scrub_batch([VISIT, None], on=ON)  # type: ignore[list-item]
    with pytest.raises(TypeError, match="cpt: must be a code set"):
        CodeSets(cpt="cpt.csv")  # type: ignore[arg-type]


def test_the_fast_character_check_agrees_with_x12() -> None:
    from medoffice.claims import _scrub

    for code in range(0x110):
        char = chr(code)
        assert (_scrub._BAD_CHARACTER(f"A{char}B") is not None) == bool(
            text_problems(f"A{char}B", "x")
        ), repr(char)


# -- properties ------------------------------------------------------------------------

_PRINTABLE = st.characters(min_codepoint=0x20, max_codepoint=0x7E)
_TEXT = st.text(max_size=12) | st.text(_PRINTABLE, max_size=90)
_DATES = st.dates(min_value=dt.date(2014, 1, 1), max_value=dt.date(2031, 12, 31))
_AMOUNTS = st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**20), max_value=10**20)
_CODES = st.sampled_from(
    ["E119", "I10", "E11", "99213", "J3490", "J0696", "1E11", "E785", "X"]
) | st.text("0123456789ABCEJXZ.-*", max_size=8)
_NPIS = st.sampled_from(["1234567893", "1234567890", "123", "", OTHER_NPI]) | st.text(max_size=11)


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


_ADDRESSES = st.builds(
    Address,
    line1=_TEXT,
    line2=_TEXT,
    city=_TEXT,
    state=st.sampled_from(["IL", "XX", "", "il"]) | _TEXT,
    postal_code=st.sampled_from(["627011234", "62704", "6270", "00012"]) | _TEXT,
    country=st.sampled_from(["", "US", "CA", "us", "X"]),
)
_PROVIDERS = st.builds(
    Provider,
    npi=_maybe(_NPIS),
    entity=st.sampled_from(["1", "2"]),
    name=_TEXT,
    first_name=_TEXT,
    taxonomy=_maybe(st.sampled_from(["207Q00000X", "207Q"]) | _TEXT),
    tax_id=_maybe(st.sampled_from(["371234567", "071234567"]) | _TEXT),
    tax_id_kind=st.sampled_from(["EI", "SY"]),
    address=_maybe(_ADDRESSES),
)
_LINES = st.builds(
    ServiceLine,
    procedure=_CODES,
    modifiers=st.lists(st.sampled_from(["25", "LT", "2-", "251"]) | _TEXT, max_size=5).map(tuple),
    charge=_AMOUNTS,
    units=_AMOUNTS,
    service_date=_DATES,
    service_end=_maybe(_DATES),
    pointers=st.lists(st.integers(-2, 15), max_size=6).map(tuple),
    place_of_service=_maybe(st.sampled_from(["11", "28", "1", "AB"]) | _TEXT),
    emergency=st.booleans(),
    rendering=_maybe(_PROVIDERS),
    drug=_maybe(
        st.builds(
            Drug,
            ndc=st.sampled_from(["00409733201", "123"]) | _TEXT,
            quantity=_AMOUNTS,
            unit=st.sampled_from(["ML", "UN"]),
            prescription_number=_maybe(_TEXT),
        )
    ),
    control_number=_maybe(_TEXT),
    description=_maybe(_TEXT),
)


def _people(
    names: st.SearchStrategy[str], births: st.SearchStrategy[dt.date]
) -> tuple[st.SearchStrategy[Subscriber], st.SearchStrategy[Patient]]:
    addresses = st.builds(
        Address,
        line1=names,
        line2=st.just("") | names,
        city=names,
        state=st.sampled_from(["IL", "XX", "il"]),
        postal_code=st.sampled_from(["04321", "043219876", "0432"]),
        country=st.sampled_from(["", "US", "FR"]),
    )
    subscribers = st.builds(
        Subscriber,
        last_name=names,
        first_name=names,
        middle_name=names,
        member_id=names,
        birth_date=_maybe(births),
        sex=_maybe(st.sampled_from(["F", "M", "U"])),
        address=_maybe(addresses),
        group_number=_maybe(names),
        group_name=_maybe(names),
    )
    patients = st.builds(
        Patient,
        last_name=names,
        first_name=names,
        birth_date=_maybe(births),
        sex=_maybe(st.sampled_from(["F", "M"])),
        address=_maybe(addresses),
        relationship=st.sampled_from(["18", "19", "01"]),
    )
    return subscribers, patients


_SUBSCRIBERS, _PATIENTS = _people(_TEXT, _DATES)


def _claims(
    subscribers: st.SearchStrategy[Subscriber] = _SUBSCRIBERS,
    patients: st.SearchStrategy[Patient] = _PATIENTS,
    accounts: st.SearchStrategy[str] = _TEXT,
) -> st.SearchStrategy[Claim]:
    return st.builds(
        Claim,
        account_number=accounts,
        billing=_PROVIDERS,
        pay_to=_maybe(_ADDRESSES),
        payer=st.builds(Payer, name=_TEXT, id=_TEXT, address=_maybe(_ADDRESSES)),
        subscriber=subscribers,
        patient=_maybe(patients),
        place_of_service=st.sampled_from(["11", "28", "1", ""]) | _TEXT,
        frequency=st.sampled_from(["1", "7", "8"]),
        original_claim_number=_maybe(_TEXT),
        accident=_maybe(
            st.builds(
                Accident,
                causes=st.lists(st.sampled_from(["AA", "EM", "OA"]), max_size=4).map(tuple),
                state=_maybe(st.sampled_from(["IL", "ZZ", ""])),
                country=st.sampled_from(["", "CA", "x"]),
                date=_maybe(_DATES),
            )
        ),
        prior_authorization=_maybe(_TEXT),
        note=_maybe(_TEXT),
        dates=st.builds(
            ClaimDates,
            onset=_maybe(_DATES),
            disability_start=_maybe(_DATES),
            disability_end=_maybe(_DATES),
        ),
        diagnoses=st.lists(_CODES, max_size=14).map(tuple),
        lines=st.lists(_LINES, max_size=4).map(tuple),
        total_charge=_maybe(_AMOUNTS),
        patient_paid=_maybe(_AMOUNTS),
        referring=_maybe(_PROVIDERS),
        rendering=_maybe(_PROVIDERS),
        facility=_maybe(_PROVIDERS),
    )


_STEP = re.compile(r"([a-z_][a-z_0-9]*)|\[(\d+)\]")


def _resolve(root: object, path: str) -> object:
    """Follow ``billing.address.line1`` or ``lines[2].pointers[0]`` from ``root``."""
    value = root
    for part in path.split("."):
        for name, index in _STEP.findall(part):
            if name:
                assert attrs.has(type(value)), (path, name)
                assert name in attrs.fields_dict(type(value)), (path, name)  # type: ignore[arg-type]
                value = getattr(value, name)
            else:
                assert isinstance(value, tuple), path
                value = value[int(index)]
    return value


@settings(max_examples=min(150, settings().max_examples))
@given(claim=_claims(), on=_DATES)
def test_scrub_never_raises_and_is_deterministic(claim: Claim, on: dt.date) -> None:
    problems = scrub(claim, on=on)
    assert all(isinstance(p, Problem) for p in problems)
    assert scrub(claim, on=on) == problems
    assert {p.code for p in problems} <= set(RULES_BY_CODE)
    for p in problems:
        assert p.severity is RULES_BY_CODE[p.code].severity
        _resolve(claim, p.path)
    assert len(set(problems)) == len(problems)
    assert scrub_batch([claim], on=on) == tuple(p.at("claims[0]") for p in problems)


_MARKED = st.text(string.ascii_uppercase, min_size=6, max_size=10).map(lambda s: f"Q{s}Q")
_OLD_BIRTHS = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(1999, 12, 31))
_MARKED_SUBSCRIBERS, _MARKED_PATIENTS = _people(
    _MARKED | _MARKED.map(lambda s: s + "~*"), _OLD_BIRTHS
)


def _private(claim: Claim) -> set[str]:
    """The patient-identifying values of ``claim``."""
    found = {claim.account_number}
    for person in (claim.subscriber, claim.patient):
        if person is None:
            continue
        found |= {person.last_name, person.first_name, person.middle_name}
        if isinstance(person, Subscriber):
            found.add(person.member_id)
        if person.birth_date is not None:
            found |= {person.birth_date.isoformat(), person.birth_date.strftime("%Y%m%d")}
        if person.address is not None:
            found |= {person.address.line1, person.address.city, person.address.postal_code}
            found.add(person.address.line2)
    return {value for value in found if len(value) >= 4}


@settings(max_examples=min(100, settings().max_examples))
@given(claim=_claims(_MARKED_SUBSCRIBERS, _MARKED_PATIENTS, _MARKED), on=_DATES)
def test_messages_never_contain_patient_data(claim: Claim, on: dt.date) -> None:
    private = _private(claim)
    for problem in scrub(claim, on=on):
        for value in private:
            assert value not in problem.message, (problem.code, problem.path)


def test_a_problem_for_every_field_of_marked_people_keeps_them_out() -> None:
    """A claim whose patient fields are all broken still names none of them."""
    address = Address(line1="QLINEQ~", line2="QTWOQ*", city="Q", state="QQ", postal_code="QZIPQ")
    subscriber = Subscriber(
        last_name="QLASTQ" * 12, first_name="QFIRSTQ:", member_id="Q", address=address,
        birth_date=dt.date(2099, 1, 2), group_name="QGROUPQ^",
    )  # fmt: skip
    claim = _ev(VISIT, subscriber=subscriber, account_number="QACCTQ" * 7)
    problems = scrub(claim, on=ON)
    assert len(problems) >= 9
    text = " ".join(p.message for p in problems)
    for value in ("QLASTQ", "QFIRSTQ", "QLINEQ", "QTWOQ", "QZIPQ", "QGROUPQ", "QACCTQ", "2099"):
        assert value not in text


def test_the_docs_list_every_rule() -> None:
    from pathlib import Path

    page = Path(__file__).parents[2] / "docs" / "claims-scrub.md"
    rows = re.findall(r"^\| `([a-z0-9_.]+)` \| (error|warning) \| (.+) \|$", page.read_text(), re.M)
    assert rows == [(r.code, r.severity.value, r.summary) for r in RULES]
