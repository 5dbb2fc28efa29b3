"""Tests for medoffice.claims.cms1500: the CMS-1500 boxes, page by page."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings

from medoffice import strategies
from medoffice.claims import (
    Accident,
    Address,
    Claim,
    ClaimDates,
    Drug,
    Frequency,
    Patient,
    Provider,
    ServiceLine,
)
from medoffice.claims.cms1500 import KEYS, LINES_PER_PAGE, boxes, pages
from medoffice.claims.examples import dependent_visit, office_visit

QUICK = settings(max_examples=min(60, settings().max_examples), deadline=None)

HEADER_OFFICE = {
    "1": "GROUP HEALTH PLAN",
    "1a": "XYZ123456789",
    "2": "DOE, JOHN, A",
    "3": "01 15 1980",
    "3.sex": "M",
    "4": "DOE, JOHN, A",
    "5": "456 OAK AVE",
    "5.city": "SPRINGFIELD",
    "5.state": "IL",
    "5.zip": "62704",
    "6": "SELF",
    "7": "456 OAK AVE",
    "7.city": "SPRINGFIELD",
    "7.state": "IL",
    "7.zip": "62704",
    "10a": "NO",
    "10b": "NO",
    "10c": "NO",
    "11": "GRP12345",
    "11a": "01 15 1980",
    "11a.sex": "M",
    "11d": "NO",
    "12": "SIGNATURE ON FILE",
    "13": "SIGNATURE ON FILE",
    "21.ind": "0",
    "25": "371234567",
    "25.kind": "EIN",
    "27": "YES",
    "31": "SIGNATURE ON FILE",
    "33": "SMITH FAMILY PRACTICE",
    "33.street": "123 MAIN ST",
    "33.city_state_zip": "SPRINGFIELD IL 62701-1234",
    "33a": "1234567893",
    "33b": "ZZ207Q00000X",
}

OFFICE_VISIT = {
    **HEADER_OFFICE,
    "21A": "E11.9",
    "21B": "I10",
    "24A.1.from": "01 10 24",
    "24A.1.to": "01 10 24",
    "24B.1": "11",
    "24D.1": "99213",
    "24E.1": "AB",
    "24F.1": "125.00",
    "24G.1": "1",
    "24A.2.from": "01 10 24",
    "24A.2.to": "01 10 24",
    "24B.2": "11",
    "24D.2": "36415",
    "24E.2": "A",
    "24F.2": "25.00",
    "24G.2": "1",
    "26": "PATACCT001",
    "28": "150.00",
}

DEPENDENT_VISIT = {
    **HEADER_OFFICE,
    "2": "DOE, JANE",
    "3": "06 03 2016",
    "3.sex": "F",
    "6": "CHILD",
    "14": "02 03 24",
    "14.qual": "431",
    "21A": "H66.90",
    "21B": "R50.9",
    **{
        key.format(n=n): value
        for n in (1, 2, 3)
        for key, value in {
            "24A.{n}.from": "02 05 24",
            "24A.{n}.to": "02 05 24",
            "24B.{n}": "11",
            "24E.{n}": "A",
            "24G.{n}": "1",
            "24I.{n}": "ZZ",
            "24J.{n}": "1245319599",
            "24J.{n}.other": "208000000X",
        }.items()
    },
    "24D.1": "99213",
    "24E.1": "AB",
    "24F.1": "125.00",
    "24.2.shaded": "N400409733201 ML1",
    "24D.2": "J0696",
    "24F.2": "18.50",
    "24G.2": "2",
    "24D.3": "96372",
    "24F.3": "30.00",
    "26": "PATACCT002",
    "28": "173.50",
}


@pytest.mark.parametrize(
    ("claim", "expected"),
    [(office_visit(), OFFICE_VISIT), (dependent_visit(), DEPENDENT_VISIT)],
    ids=["office_visit", "dependent_visit"],
)
def test_examples_box_by_box(claim: Claim, expected: dict[str, str]) -> None:
    form = boxes(claim)
    filled = {key: value for key, value in form.items() if value}
    assert filled == expected
    assert tuple(form) == KEYS


def test_keys_follow_the_form() -> None:
    assert len(KEYS) == len(set(KEYS))
    assert KEYS[0] == "1"
    assert KEYS[-1] == "33b"
    assert (
        KEYS.index("23") < KEYS.index("24.1.shaded") < KEYS.index("24J.6.other") < KEYS.index("25")
    )
    assert [k for k in KEYS if k.startswith("21") and len(k) == 3] == [
        f"21{c}" for c in "ABCDEFGHIJKL"
    ]
    assert {k.split(".")[1] for k in KEYS if k.startswith("24")} == {"1", "2", "3", "4", "5", "6"}


_KEY_RE = re.compile(
    r"(?:[1-9]|1[0-9]|2[0-9]|3[0-3])[a-d]?(?:\.[a-z_0-9]+)?"
    r"|21[A-L]"
    r"|24\.[1-6]\.shaded|24[A-J]\.[1-6](?:\.(?:from|to|mod[1-4]|other))?"
)


def test_every_key_is_in_the_documented_scheme() -> None:
    for key in KEYS:
        assert _KEY_RE.fullmatch(key), key


def test_mapping_is_read_only() -> None:
    form = boxes(office_visit())
    with pytest.raises(TypeError):
        form["2"] = "SOMEONE ELSE"  # type: ignore[index]


def test_boxes_are_deterministic() -> None:
    assert list(boxes(dependent_visit()).items()) == list(boxes(dependent_visit()).items())


# -- particular boxes ---------------------------------------------------------------


def _with(**changes: Any) -> dict[str, str]:
    return dict(boxes(attrs.evolve(office_visit(), **changes)))


@pytest.mark.parametrize(
    ("indicator", "label"),
    [
        ("MB", "MEDICARE"),
        ("MA", "MEDICARE"),
        ("16", "MEDICARE"),
        ("MC", "MEDICAID"),
        ("CH", "TRICARE"),
        ("VA", "CHAMPVA"),
        ("CI", "GROUP HEALTH PLAN"),
        ("BL", "GROUP HEALTH PLAN"),
        ("HM", "GROUP HEALTH PLAN"),
        ("12", "GROUP HEALTH PLAN"),
        ("WC", "OTHER"),
        ("AM", "OTHER"),
        ("ZZ", "OTHER"),
    ],
)
def test_box_1_insurance_type(indicator: str, label: str) -> None:
    subscriber = attrs.evolve(office_visit().subscriber, filing_indicator=indicator)
    assert _with(subscriber=subscriber)["1"] == label


@pytest.mark.parametrize(
    ("relationship", "label"),
    [("01", "SPOUSE"), ("19", "CHILD"), ("G8", "OTHER"), ("20", "OTHER"), ("53", "OTHER")],
)
def test_box_6_relationship(relationship: str, label: str) -> None:
    patient = attrs.evolve(dependent_visit().patient, relationship=relationship)  # type: ignore[misc]
    assert dict(boxes(attrs.evolve(dependent_visit(), patient=patient)))["6"] == label


def test_names_with_suffix_and_no_first_name() -> None:
    subscriber = attrs.evolve(office_visit().subscriber, suffix="JR", middle_name="ALAN")
    assert _with(subscriber=subscriber)["2"] == "DOE JR, JOHN, A"
    patient = Patient(last_name="ROE", relationship="19")
    form = _with(patient=patient)
    assert (form["2"], form["3"], form["3.sex"], form["5"]) == ("ROE", "", "", "")
    assert form["4"] == "DOE, JOHN, A"


def test_unknown_sex_is_blank() -> None:
    subscriber = attrs.evolve(office_visit().subscriber, sex="U")
    assert _with(subscriber=subscriber)["3.sex"] == ""


def test_box_10_accidents() -> None:
    form = _with(accident=Accident(causes=("AA", "EM"), state="WI", date=dt.date(2024, 1, 2)))
    assert (form["10a"], form["10b"], form["10b.state"], form["10c"]) == ("YES", "YES", "WI", "NO")
    assert (form["15"], form["15.qual"]) == ("01 02 24", "439")
    form = _with(accident=Accident(causes=("OA",), state="WI"))
    assert (form["10a"], form["10b"], form["10b.state"], form["10c"]) == ("NO", "NO", "", "YES")
    assert form["15"] == ""


def test_boxes_14_to_18_dates() -> None:
    dates = ClaimDates(
        last_menstrual_period=dt.date(2023, 12, 1),
        initial_treatment=dt.date(2023, 12, 20),
        last_seen=dt.date(2023, 12, 27),
        disability_start=dt.date(2024, 1, 2),
        disability_end=dt.date(2024, 1, 20),
        admission=dt.date(2024, 1, 3),
        discharge=dt.date(2024, 1, 5),
    )
    form = _with(dates=dates)
    assert (form["14"], form["14.qual"]) == ("12 01 23", "484")
    assert (form["15"], form["15.qual"]) == ("12 20 23", "454")
    assert (form["16.from"], form["16.to"]) == ("01 02 24", "01 20 24")
    assert (form["18.from"], form["18.to"]) == ("01 03 24", "01 05 24")
    form = _with(dates=ClaimDates(last_xray=dt.date(2023, 11, 30)))
    assert (form["15"], form["15.qual"]) == ("11 30 23", "455")


def test_box_17_referring_and_32_facility() -> None:
    referring = Provider(npi="1245319599", name="JONES", first_name="MARY", middle_name="K")
    facility = Provider(
        npi=None,
        entity="2",
        name="NORTH CLINIC",
        address=Address(line1="9 ELM ST", line2="STE 2", city="PEORIA", state="IL",
                        postal_code="616021234"),
    )  # fmt: skip
    form = _with(referring=referring, facility=facility)
    assert (form["17"], form["17.qual"], form["17b"]) == ("MARY K JONES", "DN", "1245319599")
    assert (form["32"], form["32.street"], form["32.city_state_zip"], form["32a"]) == (
        "NORTH CLINIC",
        "9 ELM ST STE 2",
        "PEORIA IL 61602-1234",
        "",
    )


def test_boxes_19_22_23_29_and_signatures() -> None:
    form = _with(
        note="CORRECTED DOS",
        frequency="7",
        original_claim_number="PAYER-CCN-1",
        prior_authorization="AUTH77",
        referral_number="REF9",
        patient_paid="20",
        provider_signature=False,
        release_of_information="I",
        benefits_assigned="N",
        assignment="C",
    )
    assert (form["19"], form["22"], form["22.original"], form["23"]) == (
        "CORRECTED DOS",
        "7",
        "PAYER-CCN-1",
        "AUTH77",
    )
    assert (form["29"], form["31"], form["12"], form["13"], form["27"]) == (
        "20.00",
        "",
        "",
        "",
        "NO",
    )
    assert _with(referral_number="REF9")["23"] == "REF9"
    assert _with(frequency="8", original_claim_number="X")["22"] == "8"
    assert _with(assignment="B")["27"] == "YES"


def test_person_billing_provider_with_ssn() -> None:
    billing = attrs.evolve(
        office_visit().billing,
        entity="1",
        name="SMITH",
        first_name="ALICE",
        suffix="MD",
        tax_id="123-45-6789",
        tax_id_kind="SY",
        taxonomy=None,
    )
    form = _with(billing=billing)
    assert (form["33"], form["25"], form["25.kind"], form["33b"]) == (
        "ALICE SMITH MD",
        "123456789",
        "SSN",
        "",
    )


def test_line_details() -> None:
    line = ServiceLine(
        procedure="J3420",
        modifiers=("JW", "59", "RT", "XU"),
        charge="12.5",
        units="1.50",
        service_date=dt.date(2024, 1, 8),
        service_end=dt.date(2024, 1, 10),
        pointers=(2, 1),
        place_of_service="22",
        emergency=True,
        drug=Drug(ndc="00002-7510-01", quantity="2.500", unit="UN"),
    )
    form = _with(lines=(line,))
    assert [form[f"24D.1.mod{k}"] for k in (1, 2, 3, 4)] == ["JW", "59", "RT", "XU"]
    assert (form["24A.1.from"], form["24A.1.to"], form["24B.1"], form["24C.1"]) == (
        "01 08 24",
        "01 10 24",
        "22",
        "Y",
    )
    assert (form["24E.1"], form["24F.1"], form["24G.1"], form["24.1.shaded"]) == (
        "BA",
        "12.50",
        "1.5",
        "N400002751001 UN2.5",
    )
    assert form["28"] == "12.50"
    assert form["24J.1"] == ""


def test_pointers_outside_the_form_are_marked() -> None:
    line = attrs.evolve(office_visit().lines[0], pointers=(1, 13, 0))
    assert _with(lines=(line,))["24E.1"] == "A??"


def test_a_claim_without_lines_has_one_page() -> None:
    (page,) = pages(attrs.evolve(office_visit(), lines=()))
    assert page["28"] == "0.00"
    assert page["24D.1"] == ""


# -- several pages --------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 5, 6, 7, 12, 13, 50])
def test_pages_hold_six_lines_each(count: int) -> None:
    claim = office_visit()
    lines = tuple(
        attrs.evolve(claim.lines[0], charge=Decimal(i), control_number=f"L{i}")
        for i in range(1, count + 1)
    )
    claim = attrs.evolve(claim, lines=lines, patient_paid="3")
    forms = pages(claim)
    assert len(forms) == -(-count // LINES_PER_PAGE)
    charges = [
        form[f"24F.{n}"] for form in forms for n in range(1, LINES_PER_PAGE + 1) if form[f"24F.{n}"]
    ]
    assert charges == [f"{i}.00" for i in range(1, count + 1)]
    assert [f["28"] for f in forms] == ["CONTINUED"] * (len(forms) - 1) + [f"{claim.total:.2f}"]
    assert [f["29"] for f in forms] == [""] * (len(forms) - 1) + ["3.00"]
    assert boxes(claim) == forms[0]
    for form in forms:
        assert form["2"] == "DOE, JOHN, A"
        assert form["21A"] == "E11.9"
        assert tuple(form) == KEYS


# -- properties ------------------------------------------------------------------------


@QUICK
@given(strategies.valid_claims())
def test_every_line_appears_with_its_pointers(claim: Claim) -> None:
    forms = pages(claim)
    assert len(forms) == -(-len(claim.lines) // LINES_PER_PAGE)
    rows = [(form, n) for form in forms for n in range(1, LINES_PER_PAGE + 1)]
    for line, (form, n) in zip(claim.lines, rows, strict=False):
        assert form[f"24D.{n}"] == line.procedure
        assert [form[f"24D.{n}.mod{k}"] for k in range(1, len(line.modifiers) + 1)] == list(
            line.modifiers
        )
        letters = form[f"24E.{n}"]
        assert [ord(c) - ord("A") + 1 for c in letters] == list(line.pointers)
        for p in line.pointers:
            assert form[f"21{'ABCDEFGHIJKL'[p - 1]}"].replace(".", "") == claim.diagnoses[p - 1]
        assert Decimal(form[f"24F.{n}"]) == line.charge
        assert Decimal(form[f"24G.{n}"]) == line.units
        assert form[f"24.{n}.shaded"].startswith("N4") == (line.drug is not None)
        assert form[f"24A.{n}.from"] == line.service_date.strftime("%m %d %y")
    for form, n in rows[len(claim.lines) :]:
        assert form[f"24D.{n}"] == form[f"24F.{n}"] == ""
    used = len(claim.diagnoses)
    assert [forms[0][f"21{c}"] != "" for c in "ABCDEFGHIJKL"] == [i < used for i in range(12)]


@QUICK
@given(strategies.valid_claims())
def test_charges_sum_to_the_total_on_single_page_claims(claim: Claim) -> None:
    form = boxes(claim)
    charges = [form[f"24F.{n}"] for n in range(1, LINES_PER_PAGE + 1) if form[f"24F.{n}"]]
    if len(claim.lines) <= LINES_PER_PAGE:
        assert sum(map(Decimal, charges)) == Decimal(form["28"])
        assert Decimal(form["28"]) == claim.total
    else:
        assert form["28"] == "CONTINUED"
    assert form["26"] == claim.account_number
    assert form["1a"] == claim.subscriber.member_id
    assert form["33a"] == claim.billing.npi
    assert form["22"] == ("" if claim.frequency is Frequency.ORIGINAL else claim.frequency.value)


@QUICK
@given(strategies.claims())
def test_any_well_typed_claim_fills_a_form(claim: Claim) -> None:
    forms = pages(claim)
    for form in forms:
        assert tuple(form) == KEYS
        assert all(isinstance(value, str) for value in form.values())
