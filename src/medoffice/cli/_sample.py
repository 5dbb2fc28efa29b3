"""Embedded sample data for ``medoffice demo``: one fictional practice's day.

Everything here is made up: the practice, the people, the identifiers. The NPIs
have valid check digits (computed with :func:`medoffice.codes.npi.calc_check_digit`)
but belong to no one we know of; the MBI follows the CMS format and is the
example format string, not a person's; the NDC labeler is invented. The visit
notes and the order are made up too (the drugs in the order are real generics).
Dates are fixed, so the demo never looks at the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import attrs

__all__ = [
    "AGING_DATE",
    "CLAIMS_CREATED",
    "CORRECTION_CREATED",
    "CORRECTION_DATE",
    "CPT_TYPED",
    "CPT_WITH_MODIFIER_TYPED",
    "DATE_OF_SERVICE",
    "DAY",
    "DIAGNOSES_TYPED",
    "DIAGNOSIS_CODES_TYPED",
    "HCPCS_TYPED",
    "LATE_CLAIM_CODE_TYPED",
    "LATE_DATE_OF_SERVICE",
    "LAY_QUERIES",
    "MODIFIERS_TYPED",
    "NDC_BARE_TYPED",
    "NDC_LABEL_LAYOUT",
    "NDC_LABEL_TYPED",
    "ORDER_TEXT",
    "PATIENT_IDS",
    "PATIENT_MBI_TYPED",
    "PAYER",
    "PLACES_TYPED",
    "PRACTICE",
    "PROVIDERS",
    "REMIT_CREATED",
    "REMIT_DATE",
    "SCHEDULE_ZONE",
    "STATEMENT_DATE",
    "TERMS_TYPED",
    "Payer",
    "Practice",
    "Provider",
    "claims_file",
    "schedule_file",
]


@attrs.frozen(kw_only=True)
class Practice:
    """The (fictional) practice: its name, tax ID, group NPI and billing ZIP as typed.

    >>> PRACTICE.ein_typed
    '123456789'
    """

    name: str
    ein_typed: str
    group_npi_typed: str
    billing_zip_typed: str
    billing_zip4_typed: str


@attrs.frozen(kw_only=True)
class Provider:
    """A (fictional) provider: the NPI as typed today and as on file in NPPES.

    >>> PROVIDERS[0].npi_typed == PROVIDERS[0].npi_on_file
    True
    """

    name: str
    role: str
    npi_typed: str
    npi_on_file: str


#: The day of the demo (fixed: the demo never reads the clock).
DAY = "Monday, 2 March 2026"
#: The date of service of the visits coded in the afternoon: the day of the demo.
DATE_OF_SERVICE = dt.date(2026, 3, 2)

PRACTICE = Practice(
    name="Brightwater Family Medicine, PLLC",
    ein_typed="123456789",
    group_npi_typed="2876543218",
    billing_zip_typed="12345",
    billing_zip4_typed="12345-6789",
)

PROVIDERS: tuple[Provider, ...] = (
    Provider(
        name="Dr. Ada Quill, MD",
        role="family medicine",
        npi_typed="1234567893",
        npi_on_file="1234567893",
    ),
    # One digit mistyped at the front desk (a 5 for the 2 in position 9).
    Provider(
        name="Dr. Ben Okafor, DO",
        role="sports medicine",
        npi_typed="1987654358",
        npi_on_file="1987654328",
    ),
)

#: The Medicare patient's MBI as typed from the card: lower case, with dashes.
PATIENT_MBI_TYPED = "1eg4-te5-mk73"

#: The NDC printed on the (fictional) vial: 4-4-2 layout.
NDC_LABEL_TYPED = "1234-5678-90"
#: The same NDC keyed without its hyphens, and the layout on the label.
NDC_BARE_TYPED = "1234567890"
NDC_LABEL_LAYOUT = "4-4-2"

#: Diagnoses as keyed by staff: lower case, no dots, one with a letter l for a 1.
DIAGNOSES_TYPED: tuple[tuple[str, str], ...] = (
    ("e119", "type 2 diabetes mellitus without complications"),
    ("i10", "essential (primary) hypertension"),
    ("s93401a", "sprain of the right ankle, initial encounter"),
    ("e1.19", "the diabetes code again, with the dot in the wrong place"),
)

#: The office visit, and the same code keyed with its modifier in the CPT field.
CPT_TYPED = "99213"
CPT_WITH_MODIFIER_TYPED = "99213-25"
#: Modifiers keyed in their own fields: on the visit, and on the ankle strapping.
MODIFIERS_TYPED: tuple[tuple[str, str], ...] = (
    ("25", "significant, separately identifiable E/M service on the day of a procedure"),
    ("rt", "right side (the ankle strapping, CPT 29540)"),
)

#: Diagnosis codes keyed from the morning's visit notes, with what the note says.
#: Looked up as of :data:`DATE_OF_SERVICE`; the second is checked for a claim
#: (billable only), the last is missing its placeholder X.
DIAGNOSIS_CODES_TYPED: tuple[tuple[str, str], ...] = (
    ("e11.9", "type 2 diabetes mellitus without complications"),
    ("E11", "the same diabetes, keyed as its category"),
    ("S93.401A", "sprain of the right ankle, first visit for it"),
    ("W21.89A", "how it happened: struck by sports equipment, first visit"),
)

#: A claim held back since September 2025 (before FY2026), and the code on it:
#: type 2 diabetes in remission, a code new in FY2026.
LATE_DATE_OF_SERVICE = dt.date(2025, 9, 15)
LATE_CLAIM_CODE_TYPED = ("E11.A", "type 2 diabetes mellitus in remission")

#: What patients called their problems, searched as typed (``True``: billable
#: codes only), and what brought them in.
LAY_QUERIES: tuple[tuple[str, bool, str], ...] = (
    ("pink eye", False, "a red, itchy eye"),
    ("sugar diabetes", False, "a check-up for diabetes"),
    ("broken hip", True, "a fall, as the caller put it"),
)

#: HCPCS Level II codes from the visits: the flu shot given, and the drug from
#: the fridge, which has no code of its own.
HCPCS_TYPED: tuple[tuple[str, str], ...] = (
    ("G0008", "giving a Medicare patient the flu shot"),
    ("J3490", "the drug from the fridge, which has no code of its own"),
)

#: Places of service: the office, and two video visits.
PLACES_TYPED: tuple[tuple[str, str], ...] = (
    ("11", "the visits in the office"),
    ("02", "a video visit, the patient at work"),
    ("10", "a video visit, the patient at home"),
)

#: A (made-up) medication order from a visit note, as written.
ORDER_TEXT = "Metformin 500.0 mg PO qd; insulin glargine 10 U SC qhs"

#: Words from the notes: one medoffice can take apart, one it can only partly read.
TERMS_TYPED: tuple[tuple[str, str], ...] = (
    ("cholecystectomy", "a word from a surgical history"),
    ("xanthelasma", "a word from an eye exam"),
)


# -- the schedule -------------------------------------------------------------------

#: The practice's time zone; the demo's Monday is a week before clocks spring forward.
SCHEDULE_ZONE = "America/New_York"


def _visit(
    ident: str, start: str, end: str, resources: list[str], kind: str, **extra: object
) -> dict[str, object]:
    day = "2026-03-02T"
    return {
        "id": ident,
        "start": f"{day}{start}:00-05:00",
        "end": f"{day}{end}:00-05:00",
        "resources": resources,
        "type": kind,
        **extra,
    }


def schedule_file() -> dict[str, object]:
    """The practice's Monday as a ``medoffice schedule`` file (JSON-ready data).

    Two providers, a nurse, three exam rooms, a lab with two draw chairs
    (capacity 2), an ECG cart, and the morning's bookings, some of which clash.
    Patients are resources too, named only by opaque ids.

    >>> data = schedule_file()
    >>> len(data["appointments"]), data["timezone"]
    (11, 'America/New_York')
    """
    resources = [
        {"id": "dr-quill", "kind": "provider", "name": "Dr. Ada Quill, MD"},
        {"id": "dr-okafor", "kind": "provider", "name": "Dr. Ben Okafor, DO"},
        {"id": "rn-lina", "kind": "staff", "name": "Lina Ortiz, RN"},
        {"id": "room-1", "kind": "room"},
        {"id": "room-2", "kind": "room"},
        {"id": "room-3", "kind": "room"},
        {"id": "lab", "kind": "room", "capacity": 2, "name": "Lab (two draw chairs)"},
        {"id": "ecg-cart", "kind": "equipment"},
        *({"id": f"pt-{n}", "kind": "patient"} for n in range(1001, 1010)),
    ]
    appointments = [
        _visit("a-01", "09:00", "09:30", ["dr-quill", "room-1", "pt-1001"], "visit"),
        _visit("a-02", "09:30", "10:00", ["dr-quill", "room-1", "pt-1002"], "visit"),
        # Booked by phone on top of a-01 and a-02: the same provider twice.
        _visit("a-03", "09:15", "09:45", ["dr-quill", "room-2", "pt-1003"], "visit"),
        # pt-1001 again, with the other provider, while still with Dr. Quill.
        _visit("a-04", "09:20", "09:50", ["dr-okafor", "room-3", "pt-1001"], "visit"),
        # Three draws in a lab with two chairs.
        _visit("a-05", "10:00", "10:15", ["lab", "rn-lina", "pt-1004"], "lab"),
        _visit("a-06", "10:00", "10:15", ["lab", "pt-1005"], "lab"),
        _visit("a-07", "10:05", "10:20", ["lab", "pt-1006"], "lab"),
        # ECGs: the cart needs ten minutes of cleaning after each use.
        _visit(
            "a-08",
            "11:00",
            "11:20",
            ["dr-okafor", "ecg-cart", "room-3", "pt-1007"],
            "ecg",
            buffer_after="PT10M",
        ),
        _visit(
            "a-09",
            "11:25",
            "11:45",
            ["dr-okafor", "ecg-cart", "room-2", "pt-1008"],
            "ecg",
            buffer_after="PT10M",
        ),
        _visit(
            "a-10", "14:00", "14:45", ["dr-quill", "room-1", "pt-1009"], "physical", locked=True
        ),
        _visit(
            "a-11", "13:00", "13:30", ["dr-quill", "room-2", "pt-1002"], "visit", status="cancelled"
        ),
    ]
    weekdays = [0, 1, 2, 3, 4]
    availability = {
        "timezone": SCHEDULE_ZONE,
        "minimum_notice": "PT2H",
        "hours": [
            # The clinic's hours, for rooms and equipment.
            {
                "timezone": SCHEDULE_ZONE,
                "weekly": [{"days": weekdays, "start": "08:00", "end": "17:00"}],
            },
            {
                "resource": "rn-lina",
                "timezone": SCHEDULE_ZONE,
                "weekly": [{"days": weekdays, "start": "08:00", "end": "16:00"}],
                "breaks": [{"days": weekdays, "start": "12:30", "end": "13:00", "reason": "lunch"}],
            },
            {
                "resource": "dr-okafor",
                "timezone": SCHEDULE_ZONE,
                "weekly": [{"days": [0, 2, 4], "start": "08:00", "end": "12:00"}],
            },
            {
                "resource": "dr-quill",
                "timezone": SCHEDULE_ZONE,
                "weekly": [{"days": weekdays, "start": "08:00", "end": "17:00"}],
                "breaks": [{"days": weekdays, "start": "12:00", "end": "13:00", "reason": "lunch"}],
                "blocks": [
                    {
                        "start": "2026-03-02T15:00:00-05:00",
                        "end": "2026-03-02T17:00:00-05:00",
                        "reason": "hospital rounds",
                    }
                ],
                "daily_cap": 16,
            },
        ],
    }
    provider = {"kind": "provider", "any_of": ["dr-quill", "dr-okafor"]}
    types = [
        {"code": "visit", "name": "Office visit", "duration": "PT30M",
         "requires": [provider, {"kind": "room", "any_of": ["room-1", "room-2", "room-3"]}]},
        {"code": "physical", "name": "Annual physical", "duration": "PT45M",
         "requires": [provider, {"kind": "room", "any_of": ["room-1", "room-2", "room-3"]}]},
        {"code": "ecg", "name": "Resting ECG", "duration": "PT20M", "buffer_after": "PT10M",
         "requires": [provider, {"kind": "equipment", "any_of": ["ecg-cart"]},
                      {"kind": "room", "any_of": ["room-2", "room-3"]}]},
        {"code": "lab", "name": "Blood draw", "duration": "PT15M",
         "requires": [{"kind": "room", "any_of": ["lab"]}]},
    ]  # fmt: skip
    return {
        "timezone": SCHEDULE_ZONE,
        "resources": resources,
        "appointments": appointments,
        "availability": availability,
        "types": types,
    }


# -- the claims -------------------------------------------------------------------

#: When the day's claims are made: 5 p.m. on the Monday, clinic time (EST).
CLAIMS_CREATED = dt.datetime(2026, 3, 2, 17, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5)))


def _claims_address(line1: str, postal_code: str) -> dict[str, str]:
    return {"line1": line1, "city": "BRIGHTWATER", "state": "NY", "postal_code": postal_code}


def _claim(
    account: str,
    subscriber: Mapping[str, object],
    diagnoses: list[str],
    lines: list[dict[str, object]],
    **extra: object,
) -> dict[str, object]:
    return {
        "account_number": account,
        "billing": {
            "npi": PRACTICE.group_npi_typed,
            "entity": "2",
            "name": "BRIGHTWATER FAMILY MEDICINE PLLC",
            "taxonomy": "207Q00000X",
            "tax_id": PRACTICE.ein_typed,
            "address": _claims_address(
                "200 HARBOR ST", PRACTICE.billing_zip4_typed.replace("-", "")
            ),
        },
        "payer": {"name": "LAKESIDE HEALTH PLAN", "id": "LHP01"},
        "subscriber": subscriber,
        "place_of_service": "11",
        "diagnoses": diagnoses,
        "lines": lines,
        "rendering": {
            "npi": PROVIDERS[0].npi_on_file,
            "name": "QUILL",
            "first_name": "ADA",
            "taxonomy": "207Q00000X",
        },
        **extra,
    }


def claims_file() -> dict[str, object]:
    """The day's two clean claims as a ``medoffice claim`` file (JSON-ready data).

    Both are Dr. Quill's office visits on :data:`DATE_OF_SERVICE`, billed by the
    practice under its group NPI to a (fictional) health plan through a
    (fictional) clearinghouse: an adult with diabetes and high blood pressure
    (a visit and a blood draw), and a child of a subscriber, with an ear
    infection, treated with an injection (a drug line with its NDC). The
    patients' names, member IDs, birth dates and account numbers are made up.

    >>> data = claims_file()
    >>> [claim["diagnoses"] for claim in data["claims"]]
    [['E11.9', 'I10'], ['H66.92', 'R50.9']]
    """
    day = DATE_OF_SERVICE.isoformat()
    adult = {
        "last_name": "RIVERA",
        "first_name": "MARCO",
        "member_id": "LHP884120377",
        "birth_date": "1961-04-12",
        "sex": "M",
        "address": _claims_address("14 ELM ST", "12345"),
        "group_number": "BW2200",
    }
    parent = {
        "last_name": "NGUYEN",
        "first_name": "THANH",
        "member_id": "LHP551903248",
        "birth_date": "1988-11-30",
        "sex": "F",
        "group_number": "BW3100",
    }
    child = {
        "last_name": "NGUYEN",
        "first_name": "MAI",
        "birth_date": "2019-08-20",
        "sex": "F",
        "address": _claims_address("9 LAKE RD", "12345"),
        "relationship": "19",
    }
    return {
        "sender": {
            "id": "BWFM01",
            "name": "BRIGHTWATER FAMILY MEDICINE PLLC",
            "contact_name": "BILLING OFFICE",
            "phone": "5185550100",
        },
        "receiver": {"id": "HARBORCH", "name": "HARBOR CLEARINGHOUSE"},
        "claims": [
            _claim(
                "BW-100231",
                adult,
                ["E11.9", "I10"],
                [
                    {
                        "procedure": "99214",
                        "charge": "165.00",
                        "service_date": day,
                        "pointers": [1, 2],
                    },
                    {"procedure": "36415", "charge": "20.00", "service_date": day},
                ],
            ),
            _claim(
                "BW-100245",
                parent,
                ["H66.92", "R50.9"],
                [
                    {
                        "procedure": "99213",
                        "charge": "125.00",
                        "service_date": day,
                        "pointers": [1, 2],
                    },
                    {
                        "procedure": "J0696",
                        "charge": "18.50",
                        "units": "2",
                        "service_date": day,
                        "drug": {"ndc": "01234-5678-90", "quantity": "1", "unit": "ML"},
                    },
                    {"procedure": "96372", "charge": "30.00", "service_date": day},
                ],
                patient=child,
            ),
        ],
    }


# -- billing -------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Payer:
    """The (fictional) health plan as its remittances name it.

    >>> PAYER.id, PAYER.trace_payer_id
    ('LHP01', '1746120938')
    """

    name: str
    id: str
    trace_payer_id: str
    phone: str
    address_line1: str
    city: str
    state: str
    postal_code: str


PAYER = Payer(
    name="LAKESIDE HEALTH PLAN",
    id="LHP01",
    trace_payer_id="1746120938",
    phone="8005550199",
    address_line1="PO BOX 4500",
    city="LAKESIDE",
    state="NY",
    postal_code="12201",
)

#: The practice's own ids of the patients of the claims, by account number.
PATIENT_IDS: Mapping[str, str] = {"BW-100231": "PT-2041", "BW-100245": "PT-2057"}

_EDT = dt.timezone(dt.timedelta(hours=-4))  # clocks sprang forward on 8 March 2026

#: The payer's first remittance: made on a Friday night, paid by ACH the Monday after.
REMIT_CREATED = dt.datetime(2026, 3, 20, 21, 0, tzinfo=_EDT)
REMIT_DATE = dt.date(2026, 3, 23)
#: The payer's correction of the adult's claim (a fee schedule update): a reversal
#: and the claim paid again.
CORRECTION_CREATED = dt.datetime(2026, 4, 3, 21, 0, tzinfo=_EDT)
CORRECTION_DATE = dt.date(2026, 4, 6)
#: The day the patient statements go out, and the A/R review 30 days later.
STATEMENT_DATE = dt.date(2026, 4, 8)
AGING_DATE = dt.date(2026, 5, 8)
