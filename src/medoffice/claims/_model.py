"""The professional-claim value types: parties, providers, the claim and its lines.

The model checks *types* when a value is made (text is ``str``, money is
``Decimal``, dates are ``date``) and normalises codes (upper case, no dots), so
that a claim read from a form, a JSON file or another system can always be
built. Whether the claim is *acceptable* (NPI check digits, pointers, totals,
code validity on the date of service) is the scrubber's job:
:func:`medoffice.claims.scrub` reports every problem at once.

Patient-identifying fields (names, birth dates, member IDs, addresses, account
numbers, notes) are masked in every ``repr``.

>>> import datetime as dt
>>> from decimal import Decimal
>>> line = ServiceLine(procedure="99213", charge="125.00",
...                    service_date=dt.date(2024, 1, 10), pointers=(1, 2))
>>> line.charge, line.units
(Decimal('125.00'), Decimal('1'))
>>> Subscriber(last_name="Doe", first_name="John", member_id="XYZ123456789")
Subscriber(last_name='***', first_name='***', middle_name='', suffix='', member_id='***', birth_date=None, sex=None, address=None, group_number=None, group_name=None, responsibility=<PayerResponsibility.PRIMARY: 'P'>, filing_indicator=<FilingIndicator.COMMERCIAL: 'CI'>)
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import html
from collections.abc import Iterable
from typing import Any, TypeVar

import attrs

from medoffice._values import name_sequences
from medoffice.codes._util import ascii_upper
from medoffice.exceptions import Problem

_E = TypeVar("_E", bound=enum.Enum)

__all__ = [
    "Accident",
    "AccidentCause",
    "Address",
    "Assignment",
    "Batch",
    "BenefitsAssignment",
    "Claim",
    "ClaimDates",
    "Drug",
    "DrugUnit",
    "EntityType",
    "FilingIndicator",
    "Frequency",
    "Header",
    "LineAdjudication",
    "OtherPayer",
    "OtherSubscriber",
    "Patient",
    "Payer",
    "PayerAdjustment",
    "PayerResponsibility",
    "Provider",
    "Receiver",
    "Relationship",
    "ReleaseOfInformation",
    "ServiceLine",
    "Sex",
    "Submitter",
    "Subscriber",
    "TaxIdKind",
    "UnitKind",
    "Usage",
]


# -- converters and validators -----------------------------------------------------
#
# attrs' own instance_of() validator repeats the offending value in its message,
# which may be patient data; these name the field and the rule only.


def _mask(value: object) -> str:
    """The repr of a patient-identifying field: whether it is set, never what it is."""
    if value is None:
        return "None"
    return "'***'" if value != "" else "''"


def _text(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        msg = f"{attribute.name}: must be text (str), not {type(value).__name__}"
        raise TypeError(msg)


def _optional_text(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _text(inst, attribute, value)


def _date(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        msg = f"{attribute.name}: must be a calendar date (datetime.date, not a datetime)"
        raise TypeError(msg)


def _optional_date(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _date(inst, attribute, value)


def _bool(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, bool):
        msg = f"{attribute.name}: must be True or False"
        raise TypeError(msg)


def _instance(cls: type) -> Any:
    """A validator that ``value`` is a ``cls``, naming the field and the type only."""

    def check(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, cls):
            msg = f"{attribute.name}: must be a {cls.__name__}, not {type(value).__name__}"
            raise TypeError(msg)

    return check


def _optional_instance(cls: type) -> Any:
    check = _instance(cls)

    def optional(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            check(inst, attribute, value)

    return optional


def _items(cls: type) -> Any:
    """A validator that every item of a tuple is a ``cls``."""

    def check(_inst: object, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
        for i, item in enumerate(value):
            if not isinstance(item, cls):
                msg = f"{attribute.name}[{i}]: must be a {cls.__name__}, not {type(item).__name__}"
                raise TypeError(msg)

    return check


def _tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    if isinstance(value, (str, bytes)):
        msg = "expected a sequence of items, not a single text value"
        raise TypeError(msg)
    return tuple(value)


def to_decimal(value: object, field: str) -> decimal.Decimal:
    """``value`` as a finite ``Decimal``; floats are refused (they have lost the cents).

    >>> to_decimal("125.50", "charge")
    Decimal('125.50')
    >>> to_decimal(0.1, "charge")
    Traceback (most recent call last):
        ...
    TypeError: charge: must be a Decimal, an int or decimal text; a float has already lost the cents
    """
    if isinstance(value, decimal.Decimal):
        result = value
    elif isinstance(value, int) and not isinstance(value, bool):
        result = decimal.Decimal(value)
    elif isinstance(value, str):
        try:
            result = decimal.Decimal(value.strip())
        except decimal.InvalidOperation:
            msg = f"{field}: must be a decimal number such as '125.50'"
            raise ValueError(msg) from None
    else:
        msg = f"{field}: must be a Decimal, an int or decimal text; a float has already lost the cents"
        raise TypeError(msg)
    if not result.is_finite():
        msg = f"{field}: must be a finite number"
        raise ValueError(msg)
    return result


def _code(value: object) -> object:
    """Upper case, without spaces or dots: ``e11.9`` -> ``E119``. Non-text is left to the validator."""
    if isinstance(value, str):
        return ascii_upper(value.replace(".", "").replace(" ", "").strip())
    return value


def _number(value: object) -> object:
    """``62701-1234`` -> ``627011234``: hyphens and spaces go when only digits are left.

    ZIP codes and tax IDs travel as digits only in the 837P; anything else (a
    foreign postal code such as ``K1A 0B1``) is kept as written.
    """
    if isinstance(value, str):
        digits = value.strip().replace("-", "").replace(" ", "")
        if digits.isascii() and digits.isdigit():
            return digits
    return value


def _optional_number(value: object) -> object:
    return None if value is None else _number(value)


def _dotted(code: str) -> str:
    """An ICD-10-CM code as printed: ``E119`` -> ``E11.9``."""
    return f"{code[:3]}.{code[3:]}" if len(code) > 3 else code


def _optional_code(value: object) -> object:
    return None if value is None else _code(value)


def _codes(value: Iterable[object]) -> tuple[object, ...]:
    return tuple(_code(v) for v in _tuple(value))


def _text_items(_inst: object, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    for i, item in enumerate(value):
        if not isinstance(item, str):
            msg = f"{attribute.name}[{i}]: must be text (str), not {type(item).__name__}"
            raise TypeError(msg)


def _pointers(_inst: object, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    for i, item in enumerate(value):
        if not isinstance(item, int) or isinstance(item, bool):
            msg = f"{attribute.name}[{i}]: a diagnosis pointer is an integer (1 = the first diagnosis)"
            raise TypeError(msg)


def _member(cls: type[_E], value: object, field: str) -> _E:
    """``value`` as a member of ``cls``: a member, or its X12 code (``"18"``)."""
    if isinstance(value, cls):
        return value
    try:
        return cls(value)
    except ValueError:
        allowed = ", ".join(str(m.value) for m in cls)
        msg = f"{field}: must be one of the codes {allowed}"
        raise ValueError(msg) from None


# -- code lists (X12 values) -----------------------------------------------------------


class EntityType(enum.Enum):
    """Whether a party is a person or an organisation (NM102).

    >>> EntityType("2")
    <EntityType.ORGANIZATION: '2'>
    """

    PERSON = "1"
    ORGANIZATION = "2"


class TaxIdKind(enum.Enum):
    """The kind of tax identifier of the billing provider (REF01 in loop 2010AA).

    >>> TaxIdKind.EIN.value
    'EI'
    """

    EIN = "EI"
    SSN = "SY"


class Sex(enum.Enum):
    """Administrative sex (DMG03).

    >>> Sex("F")
    <Sex.FEMALE: 'F'>
    """

    FEMALE = "F"
    MALE = "M"
    UNKNOWN = "U"


class Relationship(enum.Enum):
    """The patient's relationship to the subscriber (SBR02 ``18`` or PAT01).

    >>> Relationship("19")
    <Relationship.CHILD: '19'>
    """

    SELF = "18"
    SPOUSE = "01"
    CHILD = "19"
    EMPLOYEE = "20"
    UNKNOWN = "21"
    ORGAN_DONOR = "39"
    CADAVER_DONOR = "40"
    LIFE_PARTNER = "53"
    OTHER = "G8"


class PayerResponsibility(enum.Enum):
    """Which payer this claim goes to, in the order of benefits (SBR01).

    >>> PayerResponsibility("S")
    <PayerResponsibility.SECONDARY: 'S'>
    """

    PRIMARY = "P"
    SECONDARY = "S"
    TERTIARY = "T"
    PAYER_4 = "A"
    PAYER_5 = "B"
    PAYER_6 = "C"
    PAYER_7 = "D"
    PAYER_8 = "E"
    PAYER_9 = "F"
    PAYER_10 = "G"
    PAYER_11 = "H"
    UNKNOWN = "U"


class FilingIndicator(enum.Enum):
    """The claim filing indicator (SBR09, box 1 of the CMS-1500).

    >>> FilingIndicator("MB").name
    'MEDICARE_B'
    """

    OTHER_NON_FEDERAL = "11"
    PPO = "12"
    POS = "13"
    EPO = "14"
    INDEMNITY = "15"
    HMO_MEDICARE_RISK = "16"
    DENTAL_MAINTENANCE = "17"
    AUTOMOBILE_MEDICAL = "AM"
    BLUE_CROSS_BLUE_SHIELD = "BL"
    CHAMPUS = "CH"
    COMMERCIAL = "CI"
    DISABILITY = "DS"
    FEDERAL_EMPLOYEES = "FI"
    HMO = "HM"
    LIABILITY_MEDICAL = "LM"
    MEDICARE_A = "MA"
    MEDICARE_B = "MB"
    MEDICAID = "MC"
    OTHER_FEDERAL = "OF"
    TITLE_V = "TV"
    VETERANS_AFFAIRS = "VA"
    WORKERS_COMPENSATION = "WC"
    MUTUALLY_DEFINED = "ZZ"


class Frequency(enum.Enum):
    """The claim frequency (CLM05-3, box 22): original, replacement or void.

    Codes 2 to 5 are institutional only. 7 and 8 need the payer's original
    claim number.

    >>> Frequency("7").name
    'REPLACEMENT'
    """

    ORIGINAL = "1"
    REPLACEMENT = "7"
    VOID = "8"


class Assignment(enum.Enum):
    """Whether the provider accepts assignment (CLM07, box 27).

    >>> Assignment("A").name
    'ASSIGNED'
    """

    ASSIGNED = "A"
    CLINICAL_LAB_ONLY = "B"
    NOT_ASSIGNED = "C"


class BenefitsAssignment(enum.Enum):
    """Whether the insured assigned benefits to the provider (CLM08, box 13).

    >>> BenefitsAssignment("W").name
    'NOT_APPLICABLE'
    """

    YES = "Y"
    NO = "N"
    NOT_APPLICABLE = "W"


class ReleaseOfInformation(enum.Enum):
    """The release-of-information code (CLM09, box 12).

    >>> ReleaseOfInformation("I").name
    'INFORMED_CONSENT'
    """

    INFORMED_CONSENT = "I"
    YES = "Y"


class AccidentCause(enum.Enum):
    """What the condition is related to (CLM11, box 10a-c).

    >>> AccidentCause("AA").name
    'AUTO'
    """

    AUTO = "AA"
    EMPLOYMENT = "EM"
    OTHER = "OA"


class UnitKind(enum.Enum):
    """How a line's units are counted (SV103).

    >>> UnitKind("MJ").name
    'MINUTES'
    """

    UNIT = "UN"
    MINUTES = "MJ"


class DrugUnit(enum.Enum):
    """The unit of a drug quantity (CTP05-1 in loop 2410).

    >>> DrugUnit("ML").name
    'MILLILITER'
    """

    INTERNATIONAL_UNIT = "F2"
    GRAM = "GR"
    MILLIGRAM = "ME"
    MILLILITER = "ML"
    UNIT = "UN"


class Usage(enum.Enum):
    """Whether an interchange is production or test data (ISA15).

    >>> Usage("T").name
    'TEST'
    """

    PRODUCTION = "P"
    TEST = "T"


# -- converters to the code lists (named functions, as mypy's attrs plugin needs) --------


def _entity(value: object) -> EntityType:
    return _member(EntityType, value, "entity")


def _tax_id_kind(value: object) -> TaxIdKind:
    return _member(TaxIdKind, value, "tax_id_kind")


def _sex(value: object) -> Sex | None:
    return None if value is None else _member(Sex, value, "sex")


def _relationship(value: object) -> Relationship:
    return _member(Relationship, value, "relationship")


def _responsibility(value: object) -> PayerResponsibility:
    return _member(PayerResponsibility, value, "responsibility")


def _filing_indicator(value: object) -> FilingIndicator:
    return _member(FilingIndicator, value, "filing_indicator")


def _causes(value: Iterable[object]) -> tuple[AccidentCause, ...]:
    return tuple(_member(AccidentCause, c, "causes") for c in _tuple(value))


def _drug_unit(value: object) -> DrugUnit:
    return _member(DrugUnit, value, "unit")


def _unit_kind(value: object) -> UnitKind:
    return _member(UnitKind, value, "unit")


def _frequency(value: object) -> Frequency:
    return _member(Frequency, value, "frequency")


def _assignment(value: object) -> Assignment:
    return _member(Assignment, value, "assignment")


def _benefits(value: object) -> BenefitsAssignment:
    return _member(BenefitsAssignment, value, "benefits_assigned")


def _release(value: object) -> ReleaseOfInformation:
    return _member(ReleaseOfInformation, value, "release_of_information")


def _usage(value: object) -> Usage:
    return _member(Usage, value, "usage")


def _quantity(value: object) -> decimal.Decimal:
    return to_decimal(value, "quantity")


def _charge(value: object) -> decimal.Decimal:
    return to_decimal(value, "charge")


def _units(value: object) -> decimal.Decimal:
    return to_decimal(value, "units")


def _total_charge(value: object) -> decimal.Decimal | None:
    return None if value is None else to_decimal(value, "total_charge")


def _patient_paid(value: object) -> decimal.Decimal | None:
    return None if value is None else to_decimal(value, "patient_paid")


def _ndc(value: object) -> object:
    return value.replace("-", "").strip() if isinstance(value, str) else value


# -- parties -------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Address:
    """A postal address (N3 and N4). Street, city and ZIP are masked in the repr.

    Attributes:
        line1: The first street line (N301).
        line2: The second street line (N302), or ``""``.
        city: The city (N401).
        state: The two-letter state or territory code (N402).
        postal_code: The ZIP code, 5 or 9 digits (N403); ``"62701-1234"`` becomes
            ``"627011234"`` (a foreign postal code is kept as written).
        country: The ISO 3166 country code for an address outside the US (N404), or ``""``.

    >>> Address(line1="123 Main St", city="Springfield", state="IL", postal_code="627011234")
    Address(line1='***', line2='', city='***', state='IL', postal_code='***', country='')
    """

    line1: str = attrs.field(validator=_text, repr=_mask)
    line2: str = attrs.field(default="", validator=_text, repr=_mask)
    city: str = attrs.field(validator=_text, repr=_mask)
    state: str = attrs.field(validator=_text)
    postal_code: str = attrs.field(converter=_number, validator=_text, repr=_mask)
    country: str = attrs.field(default="", validator=_text)


@attrs.frozen(kw_only=True)
class Provider:
    """A provider: billing, rendering, referring, or a service facility.

    Provider names are not patient data; they are shown in the repr.

    Attributes:
        npi: The National Provider Identifier (NM109 with NM108 ``XX``); ``None``
            only for a service facility without one.
        entity: A person (``"1"``) or an organisation (``"2"``).
        name: The organisation's name, or the person's last name (NM103).
        first_name: A person's first name (NM104), or ``""``.
        middle_name: A person's middle name or initial (NM105), or ``""``.
        suffix: A person's name suffix (NM107), or ``""``.
        taxonomy: The NUCC taxonomy code (PRV03), if sent.
        tax_id: The tax identifier (REF02 in 2010AA): an EIN or, for a person, an SSN;
            hyphens are dropped (``"37-1234567"`` becomes ``"371234567"``).
        tax_id_kind: Which kind ``tax_id`` is.
        address: The address (N3/N4): required for the billing provider and a facility.

    >>> Provider(npi="1234567893", name="Smith Family Practice", entity="2").entity
    <EntityType.ORGANIZATION: '2'>
    """

    npi: str | None = attrs.field(default=None, converter=_optional_code, validator=_optional_text)
    entity: EntityType = attrs.field(default=EntityType.PERSON, converter=_entity)
    name: str = attrs.field(validator=_text)
    first_name: str = attrs.field(default="", validator=_text)
    middle_name: str = attrs.field(default="", validator=_text)
    suffix: str = attrs.field(default="", validator=_text)
    taxonomy: str | None = attrs.field(
        default=None, converter=_optional_code, validator=_optional_text
    )
    tax_id: str | None = attrs.field(
        default=None, converter=_optional_number, validator=_optional_text
    )
    tax_id_kind: TaxIdKind = attrs.field(default=TaxIdKind.EIN, converter=_tax_id_kind)
    address: Address | None = attrs.field(default=None, validator=_optional_instance(Address))


@attrs.frozen(kw_only=True)
class Payer:
    """The payer a claim is sent to (loop 2010BB).

    Attributes:
        name: The payer's name (NM103).
        id: The payer identifier (NM109 with NM108 ``PI``).
        address: The payer's address, if sent.

    >>> Payer(name="Acme Health Plan", id="12345").id
    '12345'
    """

    name: str = attrs.field(validator=_text)
    id: str = attrs.field(validator=_text)
    address: Address | None = attrs.field(default=None, validator=_optional_instance(Address))


@attrs.frozen(kw_only=True)
class Subscriber:
    """The insured person, or organisation, that holds the policy (loop 2000B/2010BA).

    When the subscriber is the patient (the claim has no :class:`Patient`),
    the birth date, sex and address are required (the scrubber says so).

    Attributes:
        last_name: The last name, or an organisation's name (NM103).
        first_name, middle_name, suffix: The rest of a person's name.
        member_id: The member identifier on the insurance card (NM109, box 1a).
        birth_date: The birth date (DMG02).
        sex: Administrative sex (DMG03).
        address: The subscriber's address (N3/N4).
        group_number: The group or policy number (SBR03, box 11).
        group_name: The group name (SBR04), sent only without a group number.
        responsibility: Whether this payer is primary, secondary ... (SBR01).
        filing_indicator: The kind of plan (SBR09, box 1).

    >>> Subscriber(last_name="Doe", member_id="XYZ1").responsibility.name
    'PRIMARY'
    """

    last_name: str = attrs.field(validator=_text, repr=_mask)
    first_name: str = attrs.field(default="", validator=_text, repr=_mask)
    middle_name: str = attrs.field(default="", validator=_text, repr=_mask)
    suffix: str = attrs.field(default="", validator=_text)
    member_id: str = attrs.field(validator=_text, repr=_mask)
    birth_date: dt.date | None = attrs.field(default=None, validator=_optional_date, repr=_mask)
    sex: Sex | None = attrs.field(default=None, converter=_sex)
    address: Address | None = attrs.field(
        default=None, validator=_optional_instance(Address), repr=_mask
    )
    group_number: str | None = attrs.field(default=None, validator=_optional_text)
    group_name: str | None = attrs.field(default=None, validator=_optional_text)
    responsibility: PayerResponsibility = attrs.field(
        default=PayerResponsibility.PRIMARY, converter=_responsibility
    )
    filing_indicator: FilingIndicator = attrs.field(
        default=FilingIndicator.COMMERCIAL, converter=_filing_indicator
    )


@attrs.frozen(kw_only=True)
class Patient:
    """A patient who is not the subscriber: a dependent (loop 2000C/2010CA).

    Attributes:
        last_name, first_name, middle_name, suffix: The patient's name.
        birth_date: The birth date (DMG02).
        sex: Administrative sex (DMG03).
        address: The patient's address (N3/N4).
        relationship: The relationship to the subscriber (PAT01); never ``SELF``
            (a patient who is the subscriber has no :class:`Patient` value).

    >>> import datetime as dt
    >>> p = Patient(last_name="Doe", first_name="Jane", birth_date=dt.date(2015, 5, 1),
    ...             sex="F", relationship="19")
    >>> p.relationship.name, "Jane" in repr(p)
    ('CHILD', False)
    """

    last_name: str = attrs.field(validator=_text, repr=_mask)
    first_name: str = attrs.field(default="", validator=_text, repr=_mask)
    middle_name: str = attrs.field(default="", validator=_text, repr=_mask)
    suffix: str = attrs.field(default="", validator=_text)
    birth_date: dt.date | None = attrs.field(default=None, validator=_optional_date, repr=_mask)
    sex: Sex | None = attrs.field(default=None, converter=_sex)
    address: Address | None = attrs.field(
        default=None, validator=_optional_instance(Address), repr=_mask
    )
    relationship: Relationship = attrs.field(converter=_relationship)


# -- the claim ---------------------------------------------------------------------------


@attrs.frozen(kw_only=True, field_transformer=name_sequences)
class Accident:
    """What the condition is related to: employment, an auto accident, another accident.

    Attributes:
        causes: One or two causes (CLM11-1 and CLM11-2; the 837P does not use
            CLM11-3), in order.
        state: The state where an auto accident happened (CLM11-4); required for ``AUTO``.
        country: The country of an accident outside the US (CLM11-5), or ``""``.
        date: The accident date (DTP*439), if known.

    >>> Accident(causes=("AA",), state="IL").causes
    (<AccidentCause.AUTO: 'AA'>,)
    """

    causes: tuple[AccidentCause, ...] = attrs.field(converter=_causes)
    state: str | None = attrs.field(default=None, validator=_optional_text)
    country: str = attrs.field(default="", validator=_text)
    date: dt.date | None = attrs.field(default=None, validator=_optional_date)


@attrs.frozen(kw_only=True)
class ClaimDates:
    """The claim-level dates (loop 2300 DTP segments), each optional.

    Attributes:
        onset: Onset of the current illness or symptom (DTP*431, box 14).
        initial_treatment: Initial treatment (DTP*454).
        last_seen: Last seen by the attending physician (DTP*304).
        acute_manifestation: Acute manifestation (DTP*453).
        last_menstrual_period: Last menstrual period (DTP*484, box 14).
        last_xray: Last X-ray (DTP*455).
        disability_start: Start of disability (DTP*360, box 16).
        disability_end: End of disability (DTP*361, box 16).
        last_worked: Last worked (DTP*297).
        return_to_work: Authorised return to work (DTP*296).
        admission: Hospital admission (DTP*435, box 18).
        discharge: Hospital discharge (DTP*096, box 18).

    >>> import datetime as dt
    >>> ClaimDates(onset=dt.date(2024, 1, 2)).onset
    datetime.date(2024, 1, 2)
    """

    onset: dt.date | None = attrs.field(default=None, validator=_optional_date)
    initial_treatment: dt.date | None = attrs.field(default=None, validator=_optional_date)
    last_seen: dt.date | None = attrs.field(default=None, validator=_optional_date)
    acute_manifestation: dt.date | None = attrs.field(default=None, validator=_optional_date)
    last_menstrual_period: dt.date | None = attrs.field(default=None, validator=_optional_date)
    last_xray: dt.date | None = attrs.field(default=None, validator=_optional_date)
    disability_start: dt.date | None = attrs.field(default=None, validator=_optional_date)
    disability_end: dt.date | None = attrs.field(default=None, validator=_optional_date)
    last_worked: dt.date | None = attrs.field(default=None, validator=_optional_date)
    return_to_work: dt.date | None = attrs.field(default=None, validator=_optional_date)
    admission: dt.date | None = attrs.field(default=None, validator=_optional_date)
    discharge: dt.date | None = attrs.field(default=None, validator=_optional_date)


@attrs.frozen(kw_only=True)
class Drug:
    """The drug given on a service line (loop 2410: LIN and CTP).

    Attributes:
        ndc: The 11-digit National Drug Code (LIN03), in 5-4-2 form without hyphens.
        quantity: The quantity given (CTP04).
        unit: The unit of the quantity (CTP05-1).
        prescription_number: The prescription number (REF*XZ), if any.

    >>> Drug(ndc="00002-7510-01", quantity="1.5", unit="ML").ndc
    '00002751001'
    """

    ndc: str = attrs.field(
        converter=_ndc,
        validator=_text,
    )
    quantity: decimal.Decimal = attrs.field(converter=_quantity)
    unit: DrugUnit = attrs.field(converter=_drug_unit)
    prescription_number: str | None = attrs.field(default=None, validator=_optional_text)


#: The claim adjustment group codes (CAS01): contractual, correction, other,
#: payer-initiated, patient responsibility.
_ADJUSTMENT_GROUPS = ("CO", "CR", "OA", "PI", "PR")


def _adjustment_group(value: object) -> object:
    if isinstance(value, str):
        code = ascii_upper(value.strip())
        if code not in _ADJUSTMENT_GROUPS:
            msg = f"group: must be one of the codes {', '.join(_ADJUSTMENT_GROUPS)}"
            raise ValueError(msg)
        return code
    if isinstance(value, enum.Enum) and value.value in _ADJUSTMENT_GROUPS:
        return value.value  # medoffice.billing.AdjustmentGroup, say
    return value


def _amount(value: object) -> decimal.Decimal:
    return to_decimal(value, "amount")


def _paid(value: object) -> decimal.Decimal:
    return to_decimal(value, "paid")


def _optional_paid(value: object) -> decimal.Decimal | None:
    return None if value is None else to_decimal(value, "paid")


def _optional_quantity(value: object) -> decimal.Decimal | None:
    return None if value is None else to_decimal(value, "quantity")


def _optional_liability(value: object) -> decimal.Decimal | None:
    return None if value is None else to_decimal(value, "remaining_liability")


def _grouped(value: Iterable[Any]) -> tuple[Any, ...]:
    """Adjustments grouped by group code, groups in order of first appearance (as CAS writes them)."""
    items = _tuple(value)
    order: dict[object, list[Any]] = {}
    for item in items:
        order.setdefault(getattr(item, "group", None), []).append(item)
    return tuple(item for group in order.values() for item in group)


@attrs.frozen(kw_only=True)
class PayerAdjustment:
    """One adjustment an earlier payer made (one CAS triplet in loop 2320 or 2430).

    A positive amount reduces what the payer paid; a negative one increases it.

    Attributes:
        group: Who the adjustment is charged to (CAS01): ``CO`` contractual,
            ``PR`` patient responsibility, ``OA`` other, ``PI`` payer-initiated,
            ``CR`` correction. A :class:`medoffice.billing.AdjustmentGroup` is taken too.
        reason: The claim adjustment reason code, CARC (``45``, ``1``, ``2`` ...).
        amount: The amount (CAS03, CAS06 ...).
        quantity: The units adjusted (CAS04 ...), if any.

    >>> PayerAdjustment(group="pr", reason="2", amount="12.50")
    PayerAdjustment(group='PR', reason='2', amount=Decimal('12.50'), quantity=None)
    """

    group: str = attrs.field(converter=_adjustment_group, validator=_text)
    reason: str = attrs.field(converter=_code, validator=_text)
    amount: decimal.Decimal = attrs.field(converter=_amount)
    quantity: decimal.Decimal | None = attrs.field(default=None, converter=_optional_quantity)


def _adjusted(adjustments: Iterable[PayerAdjustment]) -> decimal.Decimal:
    return sum((a.amount for a in adjustments), decimal.Decimal(0))


@attrs.frozen(kw_only=True)
class LineAdjudication:
    """What an earlier payer did with one service line (loop 2430: SVD, CAS, DTP, AMT).

    A line's adjudications sit in :attr:`ServiceLine.adjudications`, one per
    earlier payer that adjudicated it. The line balances when its charge less
    the adjustments is the amount paid (:attr:`balances`).

    Attributes:
        payer_id: The earlier payer's identifier (SVD01): the :attr:`Payer.id` of
            one of the claim's :attr:`Claim.other_payers` (loop 2330B NM109).
        paid: The amount it paid for the line (SVD02); zero for a denied line.
        procedure: The procedure as adjudicated (SVD03-2), upper case.
        modifiers: Its modifiers as adjudicated (SVD03-3 to -6).
        units: The units paid (SVD05).
        adjustments: The line's adjustments (CAS), grouped by group code.
        adjudicated: The date the payer adjudicated or paid the line (DTP*573).
        remaining_liability: What remains for the patient after that payer (AMT*EAF), if sent.

    >>> import datetime as dt
    >>> a = LineAdjudication(payer_id="12345", paid="80", procedure="99213",
    ...                      adjustments=[PayerAdjustment(group="CO", reason="45", amount="45")],
    ...                      adjudicated=dt.date(2024, 2, 1))
    >>> a.adjusted, a.balances(charge=125)
    (Decimal('45'), True)
    """

    payer_id: str = attrs.field(validator=_text)
    paid: decimal.Decimal = attrs.field(converter=_paid)
    procedure: str = attrs.field(converter=_code, validator=_text)
    modifiers: tuple[str, ...] = attrs.field(default=(), converter=_codes, validator=_text_items)
    units: decimal.Decimal = attrs.field(default=decimal.Decimal(1), converter=_units)
    adjustments: tuple[PayerAdjustment, ...] = attrs.field(
        default=(), converter=_grouped, validator=_items(PayerAdjustment)
    )
    adjudicated: dt.date = attrs.field(validator=_date)
    remaining_liability: decimal.Decimal | None = attrs.field(
        default=None, converter=_optional_liability
    )

    @property
    def adjusted(self) -> decimal.Decimal:
        """The sum of the line's adjustments.

        >>> import datetime as dt
        >>> LineAdjudication(payer_id="P", paid=0, procedure="99213",
        ...                  adjudicated=dt.date(2024, 2, 1)).adjusted
        Decimal('0')
        """
        return _adjusted(self.adjustments)

    def balances(self, *, charge: decimal.Decimal | int | str) -> bool:
        """Whether ``charge`` less the adjustments is the amount paid (the TR3 line rule).

        >>> import datetime as dt
        >>> LineAdjudication(payer_id="P", paid=60, procedure="99213",
        ...                  adjudicated=dt.date(2024, 2, 1)).balances(charge=100)
        False
        """
        return to_decimal(charge, "charge") - self.adjusted == self.paid


@attrs.frozen(kw_only=True)
class OtherSubscriber:
    """The insured of an earlier (or other) payer's policy (loop 2330A).

    Attributes:
        last_name: The last name, or an organisation's name (NM103). Masked.
        first_name, middle_name, suffix: The rest of a person's name. Masked.
        entity: A person (``"1"``) or an organisation (``"2"``) (NM102).
        member_id: The member identifier with that payer (NM109). Masked.
        address: The subscriber's address (N3/N4), if sent. Masked.
        group_number: The group or policy number (SBR03 in loop 2320).
        group_name: The group name (SBR04 in loop 2320).

    >>> OtherSubscriber(last_name="Doe", first_name="John", member_id="1EG4TE5MK72")
    OtherSubscriber(last_name='***', first_name='***', middle_name='', suffix='', entity=<EntityType.PERSON: '1'>, member_id='***', address=None, group_number=None, group_name=None)
    """

    last_name: str = attrs.field(validator=_text, repr=_mask)
    first_name: str = attrs.field(default="", validator=_text, repr=_mask)
    middle_name: str = attrs.field(default="", validator=_text, repr=_mask)
    suffix: str = attrs.field(default="", validator=_text)
    entity: EntityType = attrs.field(default=EntityType.PERSON, converter=_entity)
    member_id: str = attrs.field(validator=_text, repr=_mask)
    address: Address | None = attrs.field(
        default=None, validator=_optional_instance(Address), repr=_mask
    )
    group_number: str | None = attrs.field(default=None, validator=_optional_text)
    group_name: str | None = attrs.field(default=None, validator=_optional_text)

    @classmethod
    def of(cls, subscriber: Subscriber) -> OtherSubscriber:
        """The other-subscriber view of a claim's :class:`Subscriber` (no birth date or sex).

        >>> from medoffice.claims.examples import office_visit
        >>> other = OtherSubscriber.of(office_visit().subscriber)
        >>> other.member_id == office_visit().subscriber.member_id, other.group_number
        (True, 'GRP12345')
        """
        return cls(
            last_name=subscriber.last_name,
            first_name=subscriber.first_name,
            middle_name=subscriber.middle_name,
            suffix=subscriber.suffix,
            member_id=subscriber.member_id,
            address=subscriber.address,
            group_number=subscriber.group_number,
            group_name=subscriber.group_name,
        )


@attrs.frozen(kw_only=True)
class OtherPayer:
    """Another payer of the claim, and what it did (loops 2320, 2330A and 2330B).

    On a claim to a secondary payer, the primary payer is an other payer: its
    claim-level adjustments and the amount it paid travel here, its line-level
    adjudication in each :attr:`ServiceLine.adjudications`.

    Attributes:
        payer: The other payer (loop 2330B: NM1*PR name and ``PI`` identifier, N3/N4).
        subscriber: The insured of that payer's policy (loop 2330A).
        responsibility: That payer's place in the order of benefits (SBR01).
        relationship: The patient's relationship to that subscriber (SBR02).
        filing_indicator: The kind of plan (SBR09).
        adjustments: Its claim-level adjustments (CAS), grouped by group code.
        paid: The amount it paid for the claim (AMT*D), when it adjudicated it.
        remaining_liability: What remains for the patient after it (AMT*EAF), if sent.
        benefits_assigned: Whether benefits are assigned to the provider (OI03).
        release_of_information: The release-of-information code (OI06).
        adjudicated: The date it adjudicated or paid the claim (DTP*573 in loop 2330B), if sent.
        claim_number: Its claim control number (REF*F8 in loop 2330B: the 835 CLP07), if sent.

    >>> from medoffice.claims.examples import office_visit
    >>> primary = OtherPayer(payer=Payer(name="Acme Health Plan", id="12345"),
    ...                      subscriber=OtherSubscriber.of(office_visit().subscriber),
    ...                      paid="80", adjustments=[
    ...                          PayerAdjustment(group="PR", reason="2", amount="20"),
    ...                          PayerAdjustment(group="CO", reason="45", amount="45"),
    ...                          PayerAdjustment(group="PR", reason="1", amount="5")])
    >>> [(a.group, a.reason) for a in primary.adjustments], primary.adjusted
    ([('PR', '2'), ('PR', '1'), ('CO', '45')], Decimal('70'))
    """

    payer: Payer = attrs.field(validator=_instance(Payer))
    subscriber: OtherSubscriber = attrs.field(validator=_instance(OtherSubscriber))
    responsibility: PayerResponsibility = attrs.field(
        default=PayerResponsibility.PRIMARY, converter=_responsibility
    )
    relationship: Relationship = attrs.field(default=Relationship.SELF, converter=_relationship)
    filing_indicator: FilingIndicator = attrs.field(
        default=FilingIndicator.COMMERCIAL, converter=_filing_indicator
    )
    adjustments: tuple[PayerAdjustment, ...] = attrs.field(
        default=(), converter=_grouped, validator=_items(PayerAdjustment)
    )
    paid: decimal.Decimal | None = attrs.field(default=None, converter=_optional_paid)
    remaining_liability: decimal.Decimal | None = attrs.field(
        default=None, converter=_optional_liability
    )
    benefits_assigned: BenefitsAssignment = attrs.field(
        default=BenefitsAssignment.YES, converter=_benefits
    )
    release_of_information: ReleaseOfInformation = attrs.field(
        default=ReleaseOfInformation.YES, converter=_release
    )
    adjudicated: dt.date | None = attrs.field(default=None, validator=_optional_date)
    claim_number: str | None = attrs.field(default=None, validator=_optional_text)

    @property
    def adjusted(self) -> decimal.Decimal:
        """The sum of the claim-level adjustments.

        >>> from medoffice.claims.examples import office_visit
        >>> OtherPayer(payer=Payer(name="A", id="12345"),
        ...            subscriber=OtherSubscriber.of(office_visit().subscriber)).adjusted
        Decimal('0')
        """
        return _adjusted(self.adjustments)


@attrs.frozen(kw_only=True, field_transformer=name_sequences)
class ServiceLine:
    """One service line of a claim (loop 2400, box 24).

    Attributes:
        procedure: The CPT or HCPCS Level II code (SV101-2), upper case.
        modifiers: Up to four modifiers (SV101-3 to SV101-6).
        charge: The line charge (SV102, box 24F).
        units: The number of units or minutes (SV104, box 24G); default 1.
        unit: Whether ``units`` counts units or minutes (SV103).
        service_date: The date of service (DTP*472), or the first date of a range.
        service_end: The last date of a range of service (``RD8``), or ``None``.
        pointers: One to four diagnosis pointers, 1-based positions in the
            claim's diagnoses (SV107, box 24E).
        place_of_service: The line's place of service (SV105) when it differs from the claim's.
        emergency: Whether the service was an emergency (SV109, box 24C).
        rendering: The line's rendering provider (loop 2420A) when it differs from the claim's.
        drug: The drug given, for drug lines (loop 2410).
        control_number: The line item control number (REF*6R); it comes back in the 835.
        description: A description for a not-otherwise-classified code (SV101-7).
        adjudications: What earlier payers did with the line (loop 2430), one per
            payer that adjudicated it: on a claim to a secondary payer, the primary's.

    >>> import datetime as dt
    >>> ServiceLine(procedure="j3420", modifiers=("jw",), charge=12,
    ...             service_date=dt.date(2024, 1, 10)).modifiers
    ('JW',)
    """

    procedure: str = attrs.field(converter=_code, validator=_text)
    modifiers: tuple[str, ...] = attrs.field(default=(), converter=_codes, validator=_text_items)
    charge: decimal.Decimal = attrs.field(converter=_charge)
    units: decimal.Decimal = attrs.field(default=decimal.Decimal(1), converter=_units)
    unit: UnitKind = attrs.field(default=UnitKind.UNIT, converter=_unit_kind)
    service_date: dt.date = attrs.field(validator=_date)
    service_end: dt.date | None = attrs.field(default=None, validator=_optional_date)
    pointers: tuple[int, ...] = attrs.field(default=(1,), converter=_tuple, validator=_pointers)
    place_of_service: str | None = attrs.field(
        default=None, converter=_optional_code, validator=_optional_text
    )
    emergency: bool = attrs.field(default=False, validator=_bool)
    rendering: Provider | None = attrs.field(default=None, validator=_optional_instance(Provider))
    drug: Drug | None = attrs.field(default=None, validator=_optional_instance(Drug))
    control_number: str | None = attrs.field(default=None, validator=_optional_text)
    description: str | None = attrs.field(default=None, validator=_optional_text)
    adjudications: tuple[LineAdjudication, ...] = attrs.field(
        default=(), converter=_tuple, validator=_items(LineAdjudication)
    )

    @property
    def last_date(self) -> dt.date:
        """The last date of service: ``service_end`` or else ``service_date``.

        >>> import datetime as dt
        >>> ServiceLine(procedure="99213", charge=1, service_date=dt.date(2024, 1, 10)).last_date
        datetime.date(2024, 1, 10)
        """
        return self.service_end if self.service_end is not None else self.service_date


@attrs.frozen(kw_only=True, field_transformer=name_sequences)
class Claim:
    """A professional claim: one patient's services from one billing provider to one payer.

    Attributes:
        account_number: The patient account number (CLM01, box 26), up to 38
            characters; it comes back in the 835 as CLP01. Masked in the repr.
        billing: The billing provider (loop 2010AA, box 33).
        pay_to: The pay-to address (loop 2010AB) when payments go elsewhere.
        payer: The payer (loop 2010BB).
        subscriber: The insured (loop 2010BA).
        patient: The patient when not the subscriber (loop 2000C); ``None``
            means the subscriber is the patient.
        place_of_service: The place of service code (CLM05-1, box 24B), e.g. ``"11"`` office.
        frequency: Original, replacement or void (CLM05-3, box 22).
        original_claim_number: The payer's claim control number of the claim
            being replaced or voided (REF*F8, box 22); required for 7 and 8.
        provider_signature: Whether the provider's signature is on file (CLM06, box 31).
        assignment: Whether the provider accepts assignment (CLM07, box 27).
        benefits_assigned: Whether benefits are assigned (CLM08, box 13).
        release_of_information: The release-of-information code (CLM09, box 12).
        accident: What the condition is related to (CLM11, box 10), if anything.
        prior_authorization: The prior authorisation number (REF*G1, box 23).
        referral_number: The referral number (REF*9F).
        medical_record_number: The medical record number (REF*EA). Masked in the repr.
        dates: The claim-level dates (onset, admission ...).
        note: Additional claim information (NTE*ADD, box 19), up to 80 characters. Masked.
        diagnoses: One to twelve ICD-10-CM codes, the principal first (HI, box 21),
            stored without the dot.
        lines: One to fifty service lines.
        total_charge: The total charge as typed (CLM02, box 28); ``None`` means the
            sum of the lines. It must equal that sum (the scrubber reports one that
            does not), so a total equal to the sum is kept as ``None``: two claims
            that say the same thing are equal, and an 837P reads back equal to the
            claim it came from. Read :attr:`total` for the amount.
        patient_paid: The amount the patient paid (AMT*F5, box 29), if any.
        referring: The referring provider (loop 2310A, box 17).
        rendering: The rendering provider (loop 2310B, box 24J) when not the billing provider.
        facility: The service facility (loop 2310C, box 32) when not the billing provider's address.
        other_payers: The claim's other payers (loops 2320/2330, boxes 9 and 11d), up
            to ten: on a claim to a secondary payer, the primary with what it paid.

    >>> import datetime as dt
    >>> claim = Claim(
    ...     account_number="PATACCT001",
    ...     billing=Provider(npi="1234567893", entity="2", name="Smith Family Practice"),
    ...     payer=Payer(name="Acme Health Plan", id="12345"),
    ...     subscriber=Subscriber(last_name="Doe", member_id="XYZ123456789"),
    ...     diagnoses=("E11.9", "i10"),
    ...     lines=(ServiceLine(procedure="99213", charge="125", service_date=dt.date(2024, 1, 10),
    ...                        pointers=(1, 2)),
    ...            ServiceLine(procedure="36415", charge="25", service_date=dt.date(2024, 1, 10))),
    ... )
    >>> claim.diagnoses, claim.total, claim.relationship.name
    (('E119', 'I10'), Decimal('150'), 'SELF')
    >>> import attrs
    >>> attrs.evolve(claim, total_charge="150.00") == claim
    True
    >>> "PATACCT001" in repr(claim)
    False
    """

    account_number: str = attrs.field(validator=_text, repr=_mask)
    billing: Provider = attrs.field(validator=_instance(Provider))
    pay_to: Address | None = attrs.field(default=None, validator=_optional_instance(Address))
    payer: Payer = attrs.field(validator=_instance(Payer))
    subscriber: Subscriber = attrs.field(validator=_instance(Subscriber))
    patient: Patient | None = attrs.field(default=None, validator=_optional_instance(Patient))
    place_of_service: str = attrs.field(default="11", converter=_code, validator=_text)
    frequency: Frequency = attrs.field(default=Frequency.ORIGINAL, converter=_frequency)
    original_claim_number: str | None = attrs.field(default=None, validator=_optional_text)
    provider_signature: bool = attrs.field(default=True, validator=_bool)
    assignment: Assignment = attrs.field(default=Assignment.ASSIGNED, converter=_assignment)
    benefits_assigned: BenefitsAssignment = attrs.field(
        default=BenefitsAssignment.YES, converter=_benefits
    )
    release_of_information: ReleaseOfInformation = attrs.field(
        default=ReleaseOfInformation.YES, converter=_release
    )
    accident: Accident | None = attrs.field(default=None, validator=_optional_instance(Accident))
    prior_authorization: str | None = attrs.field(default=None, validator=_optional_text)
    referral_number: str | None = attrs.field(default=None, validator=_optional_text)
    medical_record_number: str | None = attrs.field(
        default=None, validator=_optional_text, repr=_mask
    )
    dates: ClaimDates = attrs.field(factory=ClaimDates, validator=_instance(ClaimDates))
    note: str | None = attrs.field(default=None, validator=_optional_text, repr=_mask)
    diagnoses: tuple[str, ...] = attrs.field(converter=_codes, validator=_text_items)
    lines: tuple[ServiceLine, ...] = attrs.field(converter=_tuple, validator=_items(ServiceLine))
    total_charge: decimal.Decimal | None = attrs.field(default=None, converter=_total_charge)
    patient_paid: decimal.Decimal | None = attrs.field(default=None, converter=_patient_paid)
    referring: Provider | None = attrs.field(default=None, validator=_optional_instance(Provider))
    rendering: Provider | None = attrs.field(default=None, validator=_optional_instance(Provider))
    facility: Provider | None = attrs.field(default=None, validator=_optional_instance(Provider))
    other_payers: tuple[OtherPayer, ...] = attrs.field(
        default=(), converter=_tuple, validator=_items(OtherPayer)
    )

    def __attrs_post_init__(self) -> None:
        if self.total_charge is not None and self.total_charge == self.line_total:
            object.__setattr__(self, "total_charge", None)

    def _repr_html_(self) -> str:
        """Notebooks: a summary for review, without patient-identifying data.

        The payer, the billing provider, the diagnoses (with their letters, as
        in box 21) and a table of the lines; names, member IDs, birth dates,
        addresses and the account number are left out.

        >>> from medoffice.claims.examples import office_visit
        >>> page = office_visit()._repr_html_()
        >>> "<td>99213</td>" in page, "A: E11.9" in page, "DOE" in page
        (True, True, False)
        """
        esc = html.escape
        letters = "ABCDEFGHIJKL"
        diagnoses = ", ".join(
            f"{letters[i] if i < len(letters) else i + 1}: {esc(_dotted(code))}"
            for i, code in enumerate(self.diagnoses)
        )
        rows = []
        for n, line in enumerate(self.lines, 1):
            when = line.service_date.isoformat()
            if line.service_end is not None and line.service_end != line.service_date:
                when += f" to {line.service_end.isoformat()}"
            code = "-".join((line.procedure, *line.modifiers))
            pointers = "".join(
                letters[p - 1] if 1 <= p <= len(letters) else "?" for p in line.pointers
            )
            drug = f" (NDC {esc(line.drug.ndc)})" if line.drug is not None else ""
            cells = (
                str(n),
                esc(when),
                esc(line.place_of_service or self.place_of_service),
                esc(code) + drug,
                esc(pointers),
                esc(f"{line.charge:.2f}"),
                esc(str(line.units)),
            )
            rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        head = "".join(
            f"<th>{h}</th>"
            for h in ("#", "date of service", "POS", "procedure", "dx", "charge", "units")
        )
        kind = {"1": "original", "7": "replacement", "8": "void"}[self.frequency.value]
        return (
            f"<p>Claim ({kind}) to {esc(self.payer.name)} ({esc(self.payer.id)}), billed by "
            f"{esc(self.billing.name)} (NPI {esc(self.billing.npi or '-')}); patient: "
            f"{self.relationship.name.lower().replace('_', ' ')}</p>"
            f"<p>Diagnoses: {diagnoses or '-'}</p>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody>"
            f"<tfoot><tr><td colspan='5'>total</td><td>{esc(f'{self.total:.2f}')}</td>"
            "<td></td></tr></tfoot></table>"
        )

    @property
    def line_total(self) -> decimal.Decimal:
        """The sum of the line charges.

        >>> from medoffice.claims.examples import office_visit
        >>> office_visit().line_total
        Decimal('150')
        """
        return sum((line.charge for line in self.lines), decimal.Decimal(0))

    @property
    def total(self) -> decimal.Decimal:
        """The total charge: ``total_charge`` if given, else the sum of the lines.

        >>> from medoffice.claims.examples import office_visit
        >>> office_visit().total
        Decimal('150')
        """
        return self.total_charge if self.total_charge is not None else self.line_total

    @property
    def relationship(self) -> Relationship:
        """The patient's relationship to the subscriber (``SELF`` without a :class:`Patient`).

        >>> from medoffice.claims.examples import office_visit
        >>> office_visit().relationship
        <Relationship.SELF: '18'>
        """
        return Relationship.SELF if self.patient is None else self.patient.relationship

    @property
    def first_date(self) -> dt.date | None:
        """The earliest date of service of the lines (``None`` without lines).

        >>> from medoffice.claims.examples import office_visit
        >>> office_visit().first_date
        datetime.date(2024, 1, 10)
        """
        return min((line.service_date for line in self.lines), default=None)

    @property
    def last_date(self) -> dt.date | None:
        """The latest date of service of the lines (``None`` without lines).

        >>> from medoffice.claims.examples import office_visit
        >>> office_visit().last_date
        datetime.date(2024, 1, 10)
        """
        return max((line.last_date for line in self.lines), default=None)


# -- the interchange parties and the batch --------------------------------------------------


@attrs.frozen(kw_only=True)
class Submitter:
    """Who sends the claims (loop 1000A, and the ISA/GS sender).

    Attributes:
        id: The submitter's identifier (ETIN) given by the receiver: NM109 in
            loop 1000A, ISA06 and GS02 (at most 15 characters there).
        name: The submitter's name (NM103).
        contact_name: The contact person (PER02).
        phone: The contact phone number, digits only (PER*TE).
        email: The contact e-mail (PER*EM); a phone or an e-mail is required.
        entity: A person or an organisation (NM102).
        qualifier: The ISA05 interchange id qualifier (``ZZ`` mutually defined).

    >>> Submitter(id="TGJ23", name="Smith Family Practice", contact_name="Jane Biller",
    ...           phone="2175551234").qualifier
    'ZZ'
    """

    id: str = attrs.field(validator=_text)
    name: str = attrs.field(validator=_text)
    contact_name: str = attrs.field(default="", validator=_text)
    phone: str | None = attrs.field(default=None, validator=_optional_text)
    email: str | None = attrs.field(default=None, validator=_optional_text)
    entity: EntityType = attrs.field(default=EntityType.ORGANIZATION, converter=_entity)
    qualifier: str = attrs.field(default="ZZ", validator=_text)


@attrs.frozen(kw_only=True)
class Receiver:
    """Who receives the claims (loop 1000B, and the ISA/GS receiver): a clearinghouse or payer.

    Attributes:
        id: The receiver's identifier: NM109 in loop 1000B, ISA08 and GS03.
        name: The receiver's name (NM103).
        qualifier: The ISA07 interchange id qualifier (``ZZ`` mutually defined).

    >>> Receiver(id="66783JJT", name="Acme Clearinghouse").id
    '66783JJT'
    """

    id: str = attrs.field(validator=_text)
    name: str = attrs.field(validator=_text)
    qualifier: str = attrs.field(default="ZZ", validator=_text)


@attrs.frozen(kw_only=True, field_transformer=name_sequences)
class Header:
    """The envelope of an 837P as read: who sent it, to whom, when, and its control number.

    Attributes:
        sender: The submitter (loop 1000A and the ISA sender).
        receiver: The receiver (loop 1000B and the ISA receiver).
        control_number: The interchange control number (ISA13).
        created: When the batch was made (BHT04/BHT05), timezone-aware.
        usage: Production or test (ISA15).
        warnings: What the reader saw but does not model (segments or loops it
            skipped, such as paperwork or ambulance segments), each a warning :class:`Problem`
            with the segment number in its message.

    >>> import datetime as dt
    >>> Header(sender=Submitter(id="S1", name="Sender"), receiver=Receiver(id="R1", name="Rcv"),
    ...        control_number=1, created=dt.datetime(2024, 1, 15, 12, tzinfo=dt.UTC)).usage
    <Usage.PRODUCTION: 'P'>
    """

    sender: Submitter = attrs.field(validator=_instance(Submitter))
    receiver: Receiver = attrs.field(validator=_instance(Receiver))
    control_number: int = attrs.field(validator=_instance(int))
    created: dt.datetime = attrs.field(validator=_instance(dt.datetime))
    usage: Usage = attrs.field(default=Usage.PRODUCTION, converter=_usage)
    warnings: tuple[Problem, ...] = attrs.field(
        default=(), converter=_tuple, validator=_items(Problem)
    )


@attrs.frozen(kw_only=True, field_transformer=name_sequences)
class Batch:
    """Claims sent together in one 837P interchange.

    Two batches are equal when their claims are; the :attr:`header` of a batch
    read from X12 is kept for reference and does not take part in equality, so
    that ``parse_837p(build_837p(batch, ...)) == batch``.

    Attributes:
        claims: The claims, in order.
        header: The envelope of a batch read from an 837P, else ``None``.

    >>> from medoffice.claims.examples import office_visit
    >>> Batch(claims=[office_visit()]) == Batch(claims=(office_visit(),))
    True
    """

    claims: tuple[Claim, ...] = attrs.field(converter=_tuple, validator=_items(Claim))
    header: Header | None = attrs.field(
        default=None, eq=False, validator=_optional_instance(Header)
    )
