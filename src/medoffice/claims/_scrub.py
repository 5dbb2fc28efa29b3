"""The claim scrubber: every problem a payer or the 837P format would reject, at once.

:func:`scrub` checks one claim as of a day (``on``, the day it is sent) and
returns every :class:`~medoffice.exceptions.Problem` found, in a fixed order:
the claim's fields in their order, a service line's fields in theirs. Each
problem has a ``path`` into the claim (``billing.npi``, ``lines[2].units``,
``diagnoses[3]``), a stable ``code`` from :data:`RULES` and a severity.
Messages name the field and the rule; they never repeat a patient's name,
birth date, member ID, address or account number (codes, amounts and dates of
service may appear).

>>> import datetime as dt
>>> import attrs
>>> from medoffice.claims.examples import office_visit
>>> claim = office_visit()
>>> scrub(claim, on=dt.date(2024, 1, 15))
()
>>> bad = attrs.evolve(claim, diagnoses=("E11",), total_charge="149.99")
>>> for problem in scrub(bad, on=dt.date(2024, 1, 15)):
...     print(problem.path, problem.code)
diagnoses[0] icd10cm.not_billable
lines[0].pointers[1] pointers.range
total_charge total.mismatch

Codes are checked against ``medoffice.terminology`` as of each date of service,
or against the code sets given in :class:`CodeSets` (a newer release, or a
CPT file the practice licenses).
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import re
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from medoffice.claims._model import (
    Accident,
    AccidentCause,
    Address,
    Batch,
    Claim,
    ClaimDates,
    EntityType,
    Frequency,
    OtherPayer,
    Patient,
    PayerAdjustment,
    PayerResponsibility,
    Provider,
    Relationship,
    ServiceLine,
    Subscriber,
    TaxIdKind,
)
from medoffice.claims._rules import RULES, Rule
from medoffice.codes import cpt as _cpt
from medoffice.codes import ein as _ein
from medoffice.codes import hcpcs as _hcpcs_form
from medoffice.codes import icd10cm as _icd_form
from medoffice.codes import modifier as _modifier
from medoffice.codes import npi as _npi
from medoffice.codes import zipcode as _zipcode
from medoffice.exceptions import (
    InvalidCode,
    InvalidFormat,
    InvalidLength,
    Problem,
    Severity,
    UnknownCode,
)
from medoffice.terminology import CodeSet, NoRelease, hcpcs, icd10cm, pos
from medoffice.x12 import text_problems

__all__ = ["RULES", "CodeSets", "Rule", "scrub", "scrub_batch"]

_ERROR = Severity.ERROR
_WARNING = Severity.WARNING

#: The first date of service of ICD-10-CM (and of the ABK/ABF qualifiers).
_ICD10_START = dt.date(2015, 10, 1)

_MAX_DIAGNOSES = 12
_MAX_LINES = 50
_MAX_POINTERS = 4
_MAX_MODIFIERS = 4
_MAX_CAUSES = 2  # CLM11-1 and CLM11-2; CLM11-3 is not used in the 837P
_MAX_OTHER_PAYERS = 10  # loop 2320 repeats up to 10 times
_MAX_CAS = 5  # CAS segments in one 2320 or 2430 loop
_CAS_TRIPLETS = 6  # adjustments in one CAS segment
#: The claims that follow an earlier payer's adjudication (SBR01 S or T).
_FOLLOWING = frozenset({PayerResponsibility.SECONDARY, PayerResponsibility.TERTIARY})

#: US states, DC, the territories and the military "states" (AA, AE, AP).
_STATES = frozenset(
    [
        "AL",
        "AK",
        "AZ",
        "AR",
        "CA",
        "CO",
        "CT",
        "DE",
        "FL",
        "GA",
        "HI",
        "ID",
        "IL",
        "IN",
        "IA",
        "KS",
        "KY",
        "LA",
        "ME",
        "MD",
        "MA",
        "MI",
        "MN",
        "MS",
        "MO",
        "MT",
        "NE",
        "NV",
        "NH",
        "NJ",
        "NM",
        "NY",
        "NC",
        "ND",
        "OH",
        "OK",
        "OR",
        "PA",
        "RI",
        "SC",
        "SD",
        "TN",
        "TX",
        "UT",
        "VT",
        "VA",
        "WA",
        "WV",
        "WI",
        "WY",
        "DC",
        "PR",
        "VI",
        "GU",
        "AS",
        "MP",
        "AA",
        "AE",
        "AP",
    ]
)
_US = frozenset({"", "US", "USA"})

#: Any character X12 cannot carry with the default delimiters: the four
#: delimiters and anything outside printable ASCII (what x12.text_problems refuses).
_BAD_CHARACTER = re.compile(r"[^ -~]|[*:^~]").search
#: PO box and lock box addresses, however written.
_PO_BOX = re.compile(
    r"\bP\s*\.?\s*O\s*\.?\s*B(?:OX|X)?\b|\bPOST\s*OFFICE\s*BOX\b|\bPOST\s+BOX\b|\bLOCK\s*BOX\b",
    re.IGNORECASE,
).search
#: A NUCC provider taxonomy code: ten letters and digits, the last an X.
_TAXONOMY = re.compile(r"[0-9A-Z]{9}X").fullmatch

#: Claim dates that cannot be after the day the claim is scrubbed (not the
#: expected end of a disability, nor an authorised return to work).
_PAST_DATES = frozenset(
    {
        "onset",
        "initial_treatment",
        "last_seen",
        "acute_manifestation",
        "last_menstrual_period",
        "last_xray",
        "disability_start",
        "last_worked",
        "admission",
        "discharge",
    }
)
_DATE_FIELDS = tuple(a.name for a in attrs.fields(ClaimDates))
#: The date ranges of a claim: end field -> start field.
_DATE_RANGES = {"disability_end": "disability_start", "discharge": "admission"}


def _code_set(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, CodeSet):
        msg = (
            f"{attribute.name}: must be a code set (medoffice.terminology.CodeSet, such as a"
            f" CodeTable) or None, not {type(value).__name__}"
        )
        raise TypeError(msg)


@attrs.frozen(kw_only=True)
class CodeSets:
    """The code sets the scrubber checks codes against; ``None`` is the bundled one.

    Attributes:
        icd10cm: Diagnosis codes (default: the bundled ICD-10-CM releases).
        hcpcs: HCPCS Level II procedure codes (default: the bundled release).
        pos: Places of service (default: the bundled CMS table).
        cpt: CPT codes, from a file the practice licenses (such as a
            :class:`~medoffice.terminology.CodeTable`). Without one, CPT codes
            are checked for their form only: medoffice does not ship CPT.

    >>> from medoffice.terminology import CodeTable
    >>> sets = CodeSets(cpt=CodeTable(system="cpt", rows=[("99213", "Office visit")]))
    >>> sets.cpt.get("99213").title, sets.icd10cm is None
    ('Office visit', True)
    """

    icd10cm: CodeSet | None = attrs.field(default=None, validator=_code_set)
    hcpcs: CodeSet | None = attrs.field(default=None, validator=_code_set)
    pos: CodeSet | None = attrs.field(default=None, validator=_code_set)
    cpt: CodeSet | None = attrs.field(default=None, validator=_code_set)


_NO_CODE_SETS = CodeSets()

# -- faults: what is wrong with one value, before it has a path ------------------------

#: (code, message, severity); None when nothing is wrong.
_Fault = tuple[str, str, Severity]


def _problem(path: str, code: str, message: str, severity: Severity = _ERROR) -> Problem:
    return Problem(path=path, code=code, severity=severity, message=message)


def _plain(value: str, canonical: str, field: str, what: str) -> str:
    """``canonical`` if ``value`` is written that way, digits only: the 837P has no hyphens."""
    if value != canonical:
        msg = f"{field}: write the {what} as digits only, without a hyphen or spaces"
        raise InvalidFormat(msg, field=field, code=f"{field}.format")
    return canonical


def _validate_zip(value: str) -> str:
    return _plain(value, _zipcode.validate(value), "zipcode", "ZIP code (N403)")


def _validate_zip4(value: str) -> str:
    digits = _validate_zip(value)
    if len(digits) != 9:
        msg = "zipcode: must be the full ZIP+4 (9 digits) for this address"
        raise InvalidLength(msg, field="zipcode", code="zipcode.zip4")
    return digits


def _validate_ein(value: str) -> str:
    return _plain(value, _ein.validate(value), "ein", "EIN (REF02)")


def _validate_ssn(value: str) -> str:
    if not (len(value) == 9 and value.isascii() and value.isdigit()):
        msg = "ssn: a social security number is 9 digits, written without hyphens"
        raise InvalidFormat(msg, field="ssn", code="ssn.format")
    return value


_VALIDATORS: dict[str, Callable[[str], str]] = {
    "npi": _npi.validate,
    "ein": _validate_ein,
    "ssn": _validate_ssn,
    "zipcode": _validate_zip,
    "zip4": _validate_zip4,
    "modifier": _modifier.validate,
}


@functools.lru_cache(maxsize=8192)
def _form_fault(kind: str, value: str) -> _Fault | None:
    """What is wrong with the form of ``value`` as a ``kind`` (npi, ein ...), if anything."""
    try:
        _VALIDATORS[kind](value)
    except InvalidCode as exc:
        return (exc.code, exc.message, _ERROR)
    return None


def _no_release(system: str, code: str, on: dt.date) -> _Fault:
    message = (
        f"{system}: no release of the code set covers the date of service {on.isoformat()},"
        f" so {code} was checked for its form only; pass code_sets= with one that does"
    )
    return ("code_set.no_release", message, _WARNING)


def _icd10cm_fault(code: str, on: dt.date, code_set: CodeSet | None) -> _Fault | None:
    try:
        concept = icd10cm.get(code, on=on, code_set=code_set)
    except NoRelease:
        if not _icd_form.is_valid(code):
            return _form_fault_of(_icd_form.validate, code)
        return _no_release("icd10cm", code, on)
    if concept is not None and concept.billable:
        return None
    try:
        icd10cm.lookup(code, on=on, billable=True, code_set=code_set)
    except InvalidCode as exc:
        return (exc.code, exc.message, _ERROR)
    except UnknownCode as exc:
        kind = "icd10cm.unknown" if concept is None else "icd10cm.not_billable"
        return (kind, str(exc), _ERROR)
    return None  # pragma: no cover (get and lookup agree)


def _form_fault_of(validate: Callable[[str], str], code: str) -> _Fault | None:
    try:
        validate(code)
    except InvalidCode as exc:
        return (exc.code, exc.message, _ERROR)
    return None  # pragma: no cover (called for invalid codes only)


def _hcpcs_fault(code: str, on: dt.date, code_set: CodeSet | None) -> _Fault | None:
    try:
        concept = hcpcs.get(code, on=on, code_set=code_set)
    except NoRelease:
        if code_set is None and hcpcs.get(code) is not None:
            # In the bundled release, which starts after this date: HCPCS codes
            # outlive quarterly releases, so the code is taken as valid then.
            return None
        return _no_release("hcpcs", code, on)
    if concept is not None:
        return None
    try:
        hcpcs.lookup(code, on=on, kind="code", code_set=code_set)
    except (UnknownCode, InvalidCode) as exc:
        return ("hcpcs.unknown", str(exc), _ERROR)
    return None  # pragma: no cover (get and lookup agree)


def _cpt_fault(code: str, on: dt.date, code_set: CodeSet | None) -> _Fault | None:
    if code_set is None:  # pragma: no cover (CPT is only checked against a caller's file)
        return None
    try:
        concept = code_set.get(code, on=on)
    except NoRelease:
        return _no_release("cpt", code, on)
    if concept is not None:
        return None
    releases = code_set.releases()
    label = releases[-1].label if releases else code_set.system
    message = f"cpt: {code} is not a code in {label} on {on.isoformat()}"
    return ("cpt.unknown", message, _ERROR)


def _pos_fault(code: str, on: dt.date, code_set: CodeSet | None) -> _Fault | None:
    try:
        concept = pos.get(code, on=on, code_set=code_set)
    except NoRelease:
        concept = None
    if concept is not None:
        return None
    try:
        pos.lookup(code, on=on, code_set=code_set)
    except InvalidCode as exc:
        return (exc.code, exc.message, _ERROR)
    except UnknownCode as exc:
        return ("pos.unknown", str(exc), _ERROR)
    except NoRelease:
        return _no_release("pos", code, on)
    return None  # pragma: no cover (get and lookup agree)


_CHECKS: dict[str, Callable[[str, dt.date, CodeSet | None], _Fault | None]] = {
    "icd10cm": _icd10cm_fault,
    "hcpcs": _hcpcs_fault,
    "cpt": _cpt_fault,
    "pos": _pos_fault,
}


@functools.lru_cache(maxsize=16384)
def _bundled_fault(system: str, code: str, on: dt.date) -> _Fault | None:
    """A code checked against the bundled code set (cached: the data never changes)."""
    return _CHECKS[system](code, on, None)


class _Context:
    """One scrub call's settings and its cache of caller code-set answers."""

    __slots__ = ("cache", "code_sets", "on")

    def __init__(self, on: dt.date, code_sets: CodeSets) -> None:
        self.on = on
        self.code_sets = code_sets
        self.cache: dict[tuple[str, str, dt.date], _Fault | None] = {}

    def fault(self, system: str, code: str, on: dt.date) -> _Fault | None:
        code_set: CodeSet | None = getattr(self.code_sets, system)
        if code_set is None:
            return _bundled_fault(system, code, on)
        key = (system, code, on)
        try:
            return self.cache[key]
        except KeyError:
            found = self.cache[key] = _CHECKS[system](code, on, code_set)
            return found


def _context(on: object, code_sets: object) -> _Context:
    if not isinstance(on, dt.date) or isinstance(on, dt.datetime):
        msg = "on: must be a calendar date (datetime.date, not a datetime): the day of the check"
        raise TypeError(msg)
    if code_sets is None:
        code_sets = _NO_CODE_SETS
    elif not isinstance(code_sets, CodeSets):
        msg = f"code_sets: must be a CodeSets or None, not {type(code_sets).__name__}"
        raise TypeError(msg)
    return _Context(on, code_sets)


# -- text -------------------------------------------------------------------------------


#: An X12 element's name and its length limits: (element, maximum, minimum).
_Element = tuple[str, int, int]

_CLM01: _Element = ("CLM01", 38, 1)
_CLM11_4: _Element = ("CLM11-4", 2, 2)
_NM103: _Element = ("NM103", 60, 1)
_NM104: _Element = ("NM104", 35, 1)
_NM105: _Element = ("NM105", 25, 1)
_NM107: _Element = ("NM107", 10, 1)
_NM109: _Element = ("NM109", 80, 2)
_N301: _Element = ("N301", 55, 1)
_N302: _Element = ("N302", 55, 1)
_N401: _Element = ("N401", 30, 2)
_N402: _Element = ("N402", 2, 2)
_N403: _Element = ("N403", 15, 3)
_NTE02: _Element = ("NTE02", 80, 1)
_REF02: _Element = ("REF02", 50, 1)
_SBR03: _Element = ("SBR03", 50, 1)
_SBR04: _Element = ("SBR04", 60, 1)
_SV101_7: _Element = ("SV101-7", 80, 1)
_CAS02: _Element = ("CAS02", 5, 1)
_SVD01: _Element = ("SVD01", 80, 2)


def _length(out: list[Problem], value: str, path: str, element: _Element) -> None:
    """Within the element's length limits, and writable in X12."""
    name, maximum, minimum = element
    size = len(value)
    if size > maximum:
        message = f"{name} holds at most {maximum} characters, not {size}"
        out.append(_problem(path, "text.too_long", message))
    elif size < minimum:
        message = f"{name} needs at least {minimum} characters, not {size}"
        out.append(_problem(path, "text.too_short", message))
    if _BAD_CHARACTER(value) is not None:
        out.extend(text_problems(value, path))


def _required(out: list[Problem], value: str, path: str, element: _Element) -> None:
    """A required text field (``str``)."""
    if not value or value.isspace():
        message = f"{element[0]} is required and may not be blank"
        out.append(_problem(path, "text.required", message))
        return
    _length(out, value, path, element)


def _optional(out: list[Problem], value: str | None, path: str, element: _Element) -> None:
    """An optional text field (``str | None``): ``None`` leaves it out, blank text is refused."""
    if value is None:
        return
    if not value or value.isspace():
        message = f"{element[0]} is blank; leave it out (None) instead"
        out.append(_problem(path, "text.empty", message))
        return
    _length(out, value, path, element)


def _part(out: list[Problem], value: str, path: str, element: _Element) -> None:
    """An optional name part or second line (``str``, ``""`` when there is none)."""
    if not value:
        return
    if value.isspace():
        message = f"{element[0]} is blank; leave it empty instead"
        out.append(_problem(path, "text.empty", message))
        return
    _length(out, value, path, element)


# -- numbers ------------------------------------------------------------------------


#: How a number is written: (decimal places allowed, the code when there are more, digits).
_Number = tuple[int, str, int]
#: X12 data element 782 (monetary amount, type R): cents, 18 digits.
_AMOUNT: _Number = (2, "amount.decimals", 18)
#: X12 data element 380 (quantity, type R): 15 digits; medoffice allows thousandths.
_QUANTITY: _Number = (3, "units.decimals", 15)


def _number(out: list[Problem], value: decimal.Decimal, path: str, kind: _Number) -> None:
    """At most so many decimal places, and at most so many digits as written."""
    decimals, decimals_code, digits = kind
    _sign, numerals, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # noqa: S101 (the model keeps numbers finite)
    if -decimals <= exponent <= 0 and len(numerals) <= digits:
        return
    places = 0
    if exponent < 0:
        places = -exponent
        end = len(numerals)
        while places and end and numerals[end - 1] == 0:
            places -= 1
            end -= 1
    if places > decimals:
        message = f"has {places} decimal places; at most {decimals} are allowed"
        out.append(_problem(path, decimals_code, message))
    size = max(len(numerals) + exponent, 1) + places
    if size > digits:
        message = f"has {size} digits; the X12 element holds at most {digits}"
        out.append(_problem(path, "number.too_long", message))


# -- parties ----------------------------------------------------------------------------


def _address(
    out: list[Problem], address: Address, prefix: str, *, zip4: bool = False, po_box: bool = False
) -> None:
    line1 = address.line1
    _required(out, line1, prefix + ".line1", _N301)
    if po_box and _PO_BOX(line1) is not None:
        _po_box(out, prefix + ".line1")
    line2 = address.line2
    _part(out, line2, prefix + ".line2", _N302)
    if po_box and line2 and _PO_BOX(line2) is not None:
        _po_box(out, prefix + ".line2")
    _required(out, address.city, prefix + ".city", _N401)
    country = address.country
    state = address.state
    if country in _US:
        if state not in _STATES:
            message = (
                "N402 must be the upper-case two-letter code of a US state, DC, a territory"
                " or a military post (AA, AE, AP)"
            )
            out.append(_problem(prefix + ".state", "state.unknown", message))
        fault = _form_fault("zip4" if zip4 else "zipcode", address.postal_code)
        if fault is not None:
            out.append(_problem(prefix + ".postal_code", *fault))
    else:
        _part(out, state, prefix + ".state", _N402)
        _part(out, address.postal_code, prefix + ".postal_code", _N403)
    if country:
        _country(out, country, prefix + ".country")


def _country(out: list[Problem], country: str, path: str) -> None:
    if not (2 <= len(country) <= 3 and country.isascii() and country.isalpha()) or (
        not country.isupper()
    ):
        message = "a country code is two or three upper-case letters (ISO 3166)"
        out.append(_problem(path, "country.format", message))


def _po_box(out: list[Problem], path: str) -> None:
    message = (
        "the billing provider's address must be a street address, not a PO box or lock box;"
        " send a PO box as the pay-to address"
    )
    out.append(_problem(path, "address.po_box", message))


def _provider(
    out: list[Problem],
    provider: Provider,
    prefix: str,
    *,
    npi_required: bool,
    entity: EntityType | None = None,
    billing: bool = False,
    facility: bool = False,
) -> None:
    npi = provider.npi
    if npi is None or (npi_required and (not npi or npi.isspace())):
        if npi_required:
            message = "an NPI is required for this provider (NM109)"
            out.append(_problem(prefix + ".npi", "npi.required", message))
    else:
        fault = _form_fault("npi", npi)
        if fault is not None:
            out.append(_problem(prefix + ".npi", *fault))
    if entity is not None and provider.entity is not entity:
        kind = "a person" if entity is EntityType.PERSON else "an organisation"
        message = f"this provider must be {kind} (NM102 {entity.value})"
        out.append(_problem(prefix + ".entity", "provider.entity", message))
    _required(out, provider.name, prefix + ".name", _NM103)
    _part(out, provider.first_name, prefix + ".first_name", _NM104)
    _part(out, provider.middle_name, prefix + ".middle_name", _NM105)
    _part(out, provider.suffix, prefix + ".suffix", _NM107)
    taxonomy = provider.taxonomy
    if taxonomy is not None and _TAXONOMY(taxonomy) is None:
        message = "a taxonomy code (PRV03) is ten letters and digits ending in X, e.g. 207Q00000X"
        out.append(_problem(prefix + ".taxonomy", "taxonomy.format", message))
    if billing:
        _tax_id(out, provider, prefix + ".tax_id")
    address = provider.address
    if address is None:
        if billing or facility:
            message = "an address (N3/N4) is required for this provider"
            out.append(_problem(prefix + ".address", "address.required", message))
    else:
        _address(out, address, prefix + ".address", zip4=billing or facility, po_box=billing)


def _tax_id(out: list[Problem], provider: Provider, path: str) -> None:
    tax_id = provider.tax_id
    if tax_id is None or not tax_id.strip():
        message = "the billing provider's tax ID (REF*EI or REF*SY) is required"
        out.append(_problem(path, "tax_id.required", message))
    else:
        fault = _form_fault("ein" if provider.tax_id_kind is TaxIdKind.EIN else "ssn", tax_id)
        if fault is not None:
            out.append(_problem(path, *fault))


def _demographics(
    out: list[Problem],
    on: dt.date,
    person: Subscriber | Patient,
    prefix: str,
    *,
    required: bool,
) -> None:
    birth = person.birth_date
    sex = person.sex
    if birth is None:
        if required or sex is not None:
            message = "the birth date (DMG02) is required here" + (
                "" if required else " when the sex is given"
            )
            out.append(_problem(prefix + ".birth_date", "birth_date.required", message))
    elif birth > on:
        message = "the birth date is after the day of the check"
        out.append(_problem(prefix + ".birth_date", "date.future", message))
    if sex is None and (required or birth is not None):
        message = "the sex (DMG03) is required here" + (
            "" if required else " when the birth date is given"
        )
        out.append(_problem(prefix + ".sex", "sex.required", message))
    address = person.address
    if address is None:
        if required:
            message = "the patient's address (N3/N4) is required"
            out.append(_problem(prefix + ".address", "address.required", message))
    else:
        _address(out, address, prefix + ".address")


def _subscriber(
    out: list[Problem], on: dt.date, subscriber: Subscriber, *, is_patient: bool
) -> None:
    _required(out, subscriber.last_name, "subscriber.last_name", _NM103)
    _part(out, subscriber.first_name, "subscriber.first_name", _NM104)
    _part(out, subscriber.middle_name, "subscriber.middle_name", _NM105)
    _part(out, subscriber.suffix, "subscriber.suffix", _NM107)
    _required(out, subscriber.member_id, "subscriber.member_id", _NM109)
    _demographics(out, on, subscriber, "subscriber", required=is_patient)
    _optional(out, subscriber.group_number, "subscriber.group_number", _SBR03)
    _optional(out, subscriber.group_name, "subscriber.group_name", _SBR04)


def _patient(out: list[Problem], on: dt.date, patient: Patient) -> None:
    _required(out, patient.last_name, "patient.last_name", _NM103)
    _part(out, patient.first_name, "patient.first_name", _NM104)
    _part(out, patient.middle_name, "patient.middle_name", _NM105)
    _part(out, patient.suffix, "patient.suffix", _NM107)
    _demographics(out, on, patient, "patient", required=True)
    if patient.relationship is Relationship.SELF:
        message = (
            "a Patient is only for a patient who is not the subscriber; leave it out (None)"
            " when the subscriber is the patient"
        )
        out.append(_problem("patient.relationship", "patient.self", message))


# -- the claim ------------------------------------------------------------------------


def _count(
    out: list[Problem], count: int, path: str, what: str, *, holder: str, maximum: int
) -> None:
    """Between one and ``maximum`` items: ``{what}.required``, ``{what}.too_many``."""
    if count == 0:
        message = f"{holder} needs at least one of its {what}"
        out.append(_problem(path, f"{what}.required", message))
    elif count > maximum:
        message = f"{holder} holds at most {maximum} {what}, not {count}"
        out.append(_problem(path, f"{what}.too_many", message))


def _accident(out: list[Problem], on: dt.date, accident: Accident) -> None:
    causes = accident.causes
    _count(
        out,
        len(causes),
        "accident.causes",
        "causes",
        holder="an accident (CLM11)",
        maximum=_MAX_CAUSES,
    )
    for k, cause in enumerate(causes):
        if cause in causes[:k]:
            message = f"the cause {cause.value} is listed twice"
            out.append(_problem(f"accident.causes[{k}]", "causes.duplicate", message))
    state = accident.state
    if state is None or not state.strip():
        if AccidentCause.AUTO in causes:
            message = "an auto accident (AA) needs the state it happened in (CLM11-4)"
            out.append(_problem("accident.state", "accident.state_required", message))
        elif state is not None:
            _optional(out, state, "accident.state", _CLM11_4)
    elif accident.country in _US and state not in _STATES:
        message = "CLM11-4 must be the upper-case two-letter code of a US state or territory"
        out.append(_problem("accident.state", "state.unknown", message))
    elif accident.country not in _US:
        _length(out, state, "accident.state", _CLM11_4)
    if accident.country:
        _country(out, accident.country, "accident.country")
    when = accident.date
    if when is not None and when > on:
        message = "the accident date is after the day of the check"
        out.append(_problem("accident.date", "date.future", message))


def _claim_dates(out: list[Problem], on: dt.date, dates: ClaimDates) -> None:
    for name in _DATE_FIELDS:
        value: dt.date | None = getattr(dates, name)
        if value is None:
            continue
        if name in _PAST_DATES and value > on:
            message = f"{name} is after the day of the check"
            out.append(_problem(f"dates.{name}", "date.future", message))
        start_name = _DATE_RANGES.get(name)
        if start_name is not None:
            start: dt.date | None = getattr(dates, start_name)
            if start is not None and value < start:
                message = f"{name} is before {start_name}"
                out.append(_problem(f"dates.{name}", "date.order", message))


def _diagnoses(
    out: list[Problem], ctx: _Context, diagnoses: tuple[str, ...], dates: tuple[dt.date, ...]
) -> None:
    _count(
        out, len(diagnoses), "diagnoses", "diagnoses", holder="a claim (HI)", maximum=_MAX_DIAGNOSES
    )
    for j, code in enumerate(diagnoses):
        if code in diagnoses[:j]:
            message = f"the diagnosis {code} is listed twice"
            out.append(_problem(f"diagnoses[{j}]", "diagnoses.duplicate", message))
            continue
        found: _Fault | None = None
        for when in dates:
            fault = ctx.fault("icd10cm", code, when)
            if fault is not None:
                found = fault
                if fault[2] is _ERROR:
                    break
        if found is not None:
            out.append(_problem(f"diagnoses[{j}]", *found))


@functools.lru_cache(maxsize=4096)
def _procedure_form(code: str) -> bool:
    """Whether ``code`` is a CPT or HCPCS Level II code in form (exactly as written)."""
    return (
        len(code) == 5
        and code.isascii()
        and code.isalnum()
        and (_cpt.is_valid(code) or _hcpcs_form.is_valid(code))
    )


def _line(  # noqa: PLR0915 (one service line, every rule in field order)
    out: list[Problem],
    ctx: _Context,
    claim: Claim,
    line: ServiceLine,
    *,
    prefix: str,
    birth: dt.date | None,
    diagnoses: int,
) -> None:
    on = ctx.on
    when = line.service_date
    dated = when >= _ICD10_START
    procedure = line.procedure
    noc = False
    if not _procedure_form(procedure):
        message = (
            "a procedure code is CPT (5 digits, or 4 digits and F, T or U) or HCPCS Level II"
            " (a letter and 4 digits)"
        )
        out.append(_problem(prefix + ".procedure", "procedure.format", message))
    elif procedure[0].isalpha():
        fault = ctx.fault("hcpcs", procedure, when) if dated else None
        if fault is not None:
            out.append(_problem(prefix + ".procedure", *fault))
        noc = not line.description and not claim.note and hcpcs.is_noc(procedure)
    elif ctx.code_sets.cpt is not None and dated:
        fault = ctx.fault("cpt", procedure, when)
        if fault is not None:
            out.append(_problem(prefix + ".procedure", *fault))
    modifiers = line.modifiers
    if modifiers:
        if len(modifiers) > _MAX_MODIFIERS:
            message = f"a line holds at most {_MAX_MODIFIERS} modifiers, not {len(modifiers)}"
            out.append(_problem(prefix + ".modifiers", "modifiers.too_many", message))
        for k, modifier in enumerate(modifiers):
            fault = _form_fault("modifier", modifier)
            if fault is not None:
                out.append(_problem(f"{prefix}.modifiers[{k}]", *fault))
            elif modifier in modifiers[:k]:
                message = f"the modifier {modifier} is listed twice"
                out.append(_problem(f"{prefix}.modifiers[{k}]", "modifiers.duplicate", message))
    charge = line.charge
    if charge <= 0:
        message = f"the line charge (SV102) must be positive, not {charge}"
        out.append(_problem(prefix + ".charge", "charge.not_positive", message))
    _number(out, charge, prefix + ".charge", _AMOUNT)
    units = line.units
    if units <= 0:
        message = f"the units (SV104) must be positive, not {units}"
        out.append(_problem(prefix + ".units", "units.not_positive", message))
    _number(out, units, prefix + ".units", _QUANTITY)
    if when > on:
        message = f"the date of service {when.isoformat()} is after {on.isoformat()}"
        out.append(_problem(prefix + ".service_date", "date.future", message))
    elif not dated:
        message = (
            f"the date of service {when.isoformat()} is before 2015-10-01, when ICD-10-CM"
            " began; such claims are not 837P 5010 with ICD-10 codes"
        )
        out.append(_problem(prefix + ".service_date", "date.before_icd10", message))
    elif birth is not None and when < birth:
        message = f"the date of service {when.isoformat()} is before the patient's birth date"
        out.append(_problem(prefix + ".service_date", "date.before_birth", message))
    end = line.service_end
    if end is not None:
        if end < when:
            message = f"the last date of service {end.isoformat()} is before the first"
            out.append(_problem(prefix + ".service_end", "date.order", message))
        elif end > on:
            message = f"the last date of service {end.isoformat()} is after {on.isoformat()}"
            out.append(_problem(prefix + ".service_end", "date.future", message))
    pointers = line.pointers
    _count(
        out,
        len(pointers),
        prefix + ".pointers",
        "pointers",
        holder="a line (SV107)",
        maximum=_MAX_POINTERS,
    )
    highest = min(diagnoses, _MAX_DIAGNOSES)
    for k, pointer in enumerate(pointers):
        if highest and not 1 <= pointer <= highest:
            message = f"the pointer {pointer} is not between 1 and {highest}, the diagnoses present"
            out.append(_problem(f"{prefix}.pointers[{k}]", "pointers.range", message))
        elif pointer in pointers[:k]:
            message = f"the pointer {pointer} is listed twice"
            out.append(_problem(f"{prefix}.pointers[{k}]", "pointers.duplicate", message))
    place = line.place_of_service
    if place is not None and dated:
        fault = ctx.fault("pos", place, when)
        if fault is not None:
            out.append(_problem(prefix + ".place_of_service", *fault))
    if line.rendering is not None:
        _provider(out, line.rendering, prefix + ".rendering", npi_required=True)
    drug = line.drug
    if drug is not None:
        ndc = drug.ndc
        if not (len(ndc) == 11 and ndc.isascii() and ndc.isdigit()):
            message = "an NDC on a claim (LIN03) is 11 digits: 5-4-2, zero-padded"
            out.append(_problem(prefix + ".drug.ndc", "ndc.format", message))
        quantity = drug.quantity
        if quantity <= 0:
            message = f"the drug quantity (CTP04) must be positive, not {quantity}"
            out.append(_problem(prefix + ".drug.quantity", "quantity.not_positive", message))
        _number(out, quantity, prefix + ".drug.quantity", _QUANTITY)
        _optional(out, drug.prescription_number, prefix + ".drug.prescription_number", _REF02)
    _optional(out, line.control_number, prefix + ".control_number", _REF02)
    _optional(out, line.description, prefix + ".description", _SV101_7)
    if noc:
        message = (
            f"{procedure} is a not-otherwise-classified code: describe the item in the line"
            " description (SV101-7) or the claim note"
        )
        out.append(_problem(prefix + ".description", "procedure.description_required", message))


def _code_dates(lines: tuple[ServiceLine, ...], on: dt.date) -> tuple[dt.date, ...]:
    """The dates codes are checked on: the earliest and latest dates of service.

    Dates before ICD-10-CM are left out (they are an error of their own); a
    claim without lines is checked as of ``on``.
    """
    if not lines:
        return (on,)
    first = last = lines[0].service_date
    for line in lines:
        start = line.service_date
        end = line.service_end or start
        first = min(first, start)
        last = max(last, end)
    return tuple(d for d in ((first,) if first == last else (first, last)) if d >= _ICD10_START)


def _frequency(out: list[Problem], claim: Claim) -> None:
    original = claim.original_claim_number
    if claim.frequency is not Frequency.ORIGINAL:
        if original is None or not original.strip():
            message = (
                f"a frequency {claim.frequency.value} claim needs the payer's original claim"
                " number (REF*F8)"
            )
            out.append(_problem("original_claim_number", "original_claim_number.required", message))
        else:
            _length(out, original, "original_claim_number", _REF02)
    elif original is not None:
        message = "an original claim (frequency 1) does not send an original claim number"
        out.append(
            _problem("original_claim_number", "original_claim_number.unexpected", message, _WARNING)
        )


def _amounts(out: list[Problem], claim: Claim, total: decimal.Decimal) -> None:
    charged = claim.total_charge
    if charged is not None:
        _number(out, charged, "total_charge", _AMOUNT)
        if charged != total:
            message = f"the total charge {charged} is not the sum of the line charges, {total}"
            out.append(_problem("total_charge", "total.mismatch", message))
    paid = claim.patient_paid
    if paid is not None:
        if paid < 0:
            message = f"the amount paid (AMT*F5) may not be negative: {paid}"
            out.append(_problem("patient_paid", "patient_paid.negative", message))
        _number(out, paid, "patient_paid", _AMOUNT)


def _parties(out: list[Problem], on: dt.date, claim: Claim) -> None:
    """The billing provider, pay-to address, payer, subscriber and patient."""
    _provider(out, claim.billing, "billing", npi_required=True, billing=True)
    if claim.pay_to is not None:
        _address(out, claim.pay_to, "pay_to")
    payer = claim.payer
    _required(out, payer.name, "payer.name", _NM103)
    _required(out, payer.id, "payer.id", _NM109)
    if payer.address is not None:
        _address(out, payer.address, "payer.address")
    patient = claim.patient
    _subscriber(out, on, claim.subscriber, is_patient=patient is None)
    if patient is not None:
        _patient(out, on, patient)


def _lines(out: list[Problem], ctx: _Context, claim: Claim) -> decimal.Decimal:
    """Every line's problems; the sum of the line charges."""
    lines = claim.lines
    _count(out, len(lines), "lines", "lines", holder="a claim (loop 2400)", maximum=_MAX_LINES)
    birth = (claim.patient or claim.subscriber).birth_date
    if birth is not None and birth > ctx.on:
        birth = None  # reported as a future birth date already
    diagnoses = len(claim.diagnoses)
    total = decimal.Decimal(0)
    for i, line in enumerate(lines):
        _line(out, ctx, claim, line, prefix=f"lines[{i}]", birth=birth, diagnoses=diagnoses)
        total += line.charge
    return total


def _scrub_claim(out: list[Problem], ctx: _Context, claim: Claim) -> None:
    """Every problem of ``claim``, in the order of its fields."""
    on = ctx.on
    dates = _code_dates(claim.lines, on)
    _required(out, claim.account_number, "account_number", _CLM01)
    _parties(out, on, claim)
    place = claim.place_of_service
    for when in dates:
        fault = ctx.fault("pos", place, when)
        if fault is not None:
            out.append(_problem("place_of_service", *fault))
            break
    _frequency(out, claim)
    if claim.accident is not None:
        _accident(out, on, claim.accident)
    _optional(out, claim.prior_authorization, "prior_authorization", _REF02)
    _optional(out, claim.referral_number, "referral_number", _REF02)
    _optional(out, claim.medical_record_number, "medical_record_number", _REF02)
    _claim_dates(out, on, claim.dates)
    _optional(out, claim.note, "note", _NTE02)
    _diagnoses(out, ctx, claim.diagnoses, dates)
    total = _lines(out, ctx, claim)
    _amounts(out, claim, total)
    if claim.referring is not None:
        _provider(out, claim.referring, "referring", npi_required=True, entity=EntityType.PERSON)
    if claim.rendering is not None:
        _provider(out, claim.rendering, "rendering", npi_required=True)
    if claim.facility is not None:
        _provider(
            out,
            claim.facility,
            "facility",
            npi_required=False,
            entity=EntityType.ORGANIZATION,
            facility=True,
        )
    _other_payers(out, on, claim)


# -- other payers (loops 2320, 2330A, 2330B) and line adjudications (loop 2430) ---------------


def _adjustments(
    out: list[Problem], on_path: str, adjustments: tuple[PayerAdjustment, ...]
) -> decimal.Decimal:
    """The CAS of one loop: reasons, amounts, at most five segments; returns their sum."""
    total = decimal.Decimal(0)
    counts: dict[str, int] = {}
    for k, adjustment in enumerate(adjustments):
        at = f"{on_path}.adjustments[{k}]"
        _required(out, adjustment.reason, at + ".reason", _CAS02)
        _number(out, adjustment.amount, at + ".amount", _AMOUNT)
        if adjustment.quantity is not None:
            _number(out, adjustment.quantity, at + ".quantity", _QUANTITY)
        total += adjustment.amount
        counts[adjustment.group] = counts.get(adjustment.group, 0) + 1
    segments = sum(-(-n // _CAS_TRIPLETS) for n in counts.values())
    if segments > _MAX_CAS:
        message = (
            f"the adjustments need {segments} CAS segments (one group code and at most"
            f" {_CAS_TRIPLETS} adjustments each); a loop holds at most {_MAX_CAS}"
        )
        out.append(_problem(on_path + ".adjustments", "adjustments.too_many", message))
    return total


def _other_payer(out: list[Problem], on: dt.date, other: OtherPayer, prefix: str) -> None:
    sub = other.subscriber
    at = prefix + ".subscriber"
    _required(out, sub.last_name, at + ".last_name", _NM103)
    _part(out, sub.first_name, at + ".first_name", _NM104)
    _part(out, sub.middle_name, at + ".middle_name", _NM105)
    _part(out, sub.suffix, at + ".suffix", _NM107)
    _required(out, sub.member_id, at + ".member_id", _NM109)
    if sub.address is not None:
        _address(out, sub.address, at + ".address")
    _optional(out, sub.group_number, at + ".group_number", _SBR03)
    _optional(out, sub.group_name, at + ".group_name", _SBR04)
    _adjustments(out, prefix, other.adjustments)
    for name in ("paid", "remaining_liability"):
        amount = getattr(other, name)
        if amount is not None:
            _number(out, amount, f"{prefix}.{name}", _AMOUNT)
    payer = other.payer
    _required(out, payer.name, prefix + ".payer.name", _NM103)
    _required(out, payer.id, prefix + ".payer.id", _NM109)
    if payer.address is not None:
        _address(out, payer.address, prefix + ".payer.address")
    if other.adjudicated is not None and other.adjudicated > on:
        message = f"the adjudication date {other.adjudicated.isoformat()} is after {on.isoformat()}"
        out.append(_problem(prefix + ".adjudicated", "date.future", message))
    _optional(out, other.claim_number, prefix + ".claim_number", _REF02)


def _line_adjudications(
    out: list[Problem], on: dt.date, claim: Claim, paid: dict[str, decimal.Decimal]
) -> None:
    """Every 2430 loop: its payer, its amounts, its balance; adds up ``paid`` per payer."""
    for i, line in enumerate(claim.lines):
        seen: set[str] = set()
        for k, adj in enumerate(line.adjudications):
            at = f"lines[{i}].adjudications[{k}]"
            _required(out, adj.payer_id, at + ".payer_id", _SVD01)
            if adj.payer_id not in paid:
                message = (
                    "SVD01 must be the payer id (loop 2330B NM109) of one of the claim's"
                    " other payers"
                )
                out.append(_problem(at + ".payer_id", "adjudication.payer_unknown", message))
            elif adj.payer_id in seen:
                message = "the line already has an adjudication by this payer"
                out.append(_problem(at + ".payer_id", "adjudication.duplicate", message))
            else:
                paid[adj.payer_id] += adj.paid
            seen.add(adj.payer_id)
            _number(out, adj.paid, at + ".paid", _AMOUNT)
            if not _procedure_form(adj.procedure):
                message = "SVD03-2 must be a CPT or HCPCS Level II code"
                out.append(_problem(at + ".procedure", "procedure.format", message))
            for m, modifier in enumerate(adj.modifiers):
                fault = _form_fault("modifier", modifier)
                if fault is not None:
                    out.append(_problem(f"{at}.modifiers[{m}]", *fault))
            if len(adj.modifiers) > _MAX_MODIFIERS:
                message = (
                    f"SVD03 holds at most {_MAX_MODIFIERS} modifiers, not {len(adj.modifiers)}"
                )
                out.append(_problem(at + ".modifiers", "modifiers.too_many", message))
            _number(out, adj.units, at + ".units", _QUANTITY)
            adjusted = _adjustments(out, at, adj.adjustments)
            if line.charge - adjusted != adj.paid:
                message = (
                    f"the line charge {line.charge} less the adjustments {adjusted} is"
                    f" {line.charge - adjusted}, not the amount paid {adj.paid} (SVD02)"
                )
                out.append(_problem(at + ".paid", "adjudication.unbalanced", message))
            if adj.remaining_liability is not None:
                _number(out, adj.remaining_liability, at + ".remaining_liability", _AMOUNT)
            if adj.adjudicated > on:
                message = (
                    f"the adjudication date {adj.adjudicated.isoformat()} is after {on.isoformat()}"
                )
                out.append(_problem(at + ".adjudicated", "date.future", message))


def _other_payers(out: list[Problem], on: dt.date, claim: Claim) -> None:
    """Loops 2320/2330 and 2430: who paid before, and whether the amounts add up."""
    others = claim.other_payers
    own = claim.subscriber.responsibility
    if not others and own in _FOLLOWING:
        message = (
            f"a claim to a payer whose responsibility is {own.value} (SBR01) needs the"
            " payer(s) before it, with what they paid (loop 2320)"
        )
        out.append(_problem("other_payers", "other_payers.required", message, _WARNING))
    elif len(others) > _MAX_OTHER_PAYERS:
        message = f"a claim holds at most {_MAX_OTHER_PAYERS} other payers, not {len(others)}"
        out.append(_problem("other_payers", "other_payers.too_many", message))
    paid: dict[str, decimal.Decimal] = {}
    orders = {own}
    for k, other in enumerate(others):
        prefix = f"other_payers[{k}]"
        _other_payer(out, on, other, prefix)
        if other.payer.id in paid:
            message = "another other payer has the same payer id (SVD01 could not tell them apart)"
            out.append(_problem(prefix + ".payer.id", "other_payers.duplicate", message))
        paid.setdefault(other.payer.id, decimal.Decimal(0))
        if other.responsibility in orders:
            message = (
                f"the responsibility {other.responsibility.value} (SBR01) is already the"
                " claim's or another other payer's"
            )
            out.append(_problem(prefix + ".responsibility", "other_payer.responsibility", message))
        orders.add(other.responsibility)
    adjudicated = {a.payer_id for line in claim.lines for a in line.adjudications}
    _line_adjudications(out, on, claim, paid)
    for k, other in enumerate(others):
        payer_id = other.payer.id
        if payer_id not in adjudicated or k != _first(others, payer_id):
            continue
        prefix = f"other_payers[{k}]"
        if other.paid is None:
            message = (
                "an other payer that adjudicated lines (loop 2430) needs its paid amount (AMT*D)"
            )
            out.append(_problem(prefix + ".paid", "other_payer.paid_required", message))
        elif other.paid != paid[payer_id] - other.adjusted:
            message = (
                f"the amount paid {other.paid} (AMT*D) is not the sum of the payer's line"
                f" paid amounts (SVD02) less its claim adjustments, {paid[payer_id] - other.adjusted}"
            )
            out.append(_problem(prefix + ".paid", "other_payer.paid_mismatch", message))


def _first(others: tuple[OtherPayer, ...], payer_id: str) -> int:
    return next(k for k, other in enumerate(others) if other.payer.id == payer_id)


def _problems(ctx: _Context, claim: object, label: str) -> list[Problem]:
    """The problems of ``claim`` (anything, at run time: named ``label`` if not a claim)."""
    if not isinstance(claim, Claim):
        msg = f"{label}: must be a Claim, not {type(claim).__name__}"
        raise TypeError(msg)
    out: list[Problem] = []
    _scrub_claim(out, ctx, claim)
    return out


def scrub(claim: Claim, *, on: dt.date, code_sets: CodeSets | None = None) -> tuple[Problem, ...]:
    """Every problem with ``claim`` as of the day ``on``, errors and warnings.

    Args:
        claim: The claim to check.
        on: The day of the check (usually the day the claim is sent): dates of
            service and birth dates after it are errors.
        code_sets: Code sets to check codes against instead of the bundled ones;
            ``code_sets.cpt`` adds a check of CPT codes against a file you license.

    Returns:
        The problems, in the order of the claim's fields (a line's problems in
        the order of its fields); empty for a clean claim. A problem's path is
        relative to the claim.

    Raises:
        TypeError: if ``claim`` is not a :class:`~medoffice.claims.Claim`, ``on``
            is not a ``date`` or ``code_sets`` is not a :class:`CodeSets`.

    >>> import datetime as dt
    >>> import attrs
    >>> from medoffice.claims.examples import dependent_visit
    >>> claim = dependent_visit()
    >>> scrub(claim, on=dt.date(2024, 2, 6))
    ()
    >>> line = attrs.evolve(claim.lines[0], pointers=(1, 1, 3), units=0)
    >>> for p in scrub(attrs.evolve(claim, lines=(line, *claim.lines[1:])), on=dt.date(2024, 2, 6)):
    ...     print(p)
    lines[0].units: the units (SV104) must be positive, not 0 [units.not_positive]
    lines[0].pointers[1]: the pointer 1 is listed twice [pointers.duplicate]
    lines[0].pointers[2]: the pointer 3 is not between 1 and 2, the diagnoses present [pointers.range]
    """
    return tuple(_problems(_context(on, code_sets), claim, "claim"))


def scrub_batch(
    claims: Batch | Iterable[Claim],
    *,
    on: dt.date,
    code_sets: CodeSets | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[Problem, ...]:
    """Every problem with every claim of a batch; paths start with ``claims[i].``.

    Args:
        claims: A :class:`~medoffice.claims.Batch`, or claims.
        on: The day of the check.
        code_sets: Code sets to check codes against instead of the bundled ones.
        progress: Called as ``progress(done, total)`` after each claim, for long
            batches (the command line turns it into a progress bar).

    Returns:
        The problems of the first claim, then the second's, and so on.

    Raises:
        TypeError: if an item is not a :class:`~medoffice.claims.Claim`, ``on``
            is not a ``date`` or ``code_sets`` is not a :class:`CodeSets`.

    >>> import datetime as dt
    >>> import attrs
    >>> from medoffice.claims.examples import dependent_visit, office_visit
    >>> late = attrs.evolve(office_visit(), account_number="")
    >>> [str(p) for p in scrub_batch([dependent_visit(), late], on=dt.date(2024, 3, 1))]
    ['claims[1].account_number: CLM01 is required and may not be blank [text.required]']
    >>> seen = []
    >>> _ = scrub_batch([dependent_visit(), late], on=dt.date(2024, 3, 1),
    ...                 progress=lambda done, total: seen.append((done, total)))
    >>> seen
    [(1, 2), (2, 2)]
    """
    ctx = _context(on, code_sets)
    items = claims.claims if isinstance(claims, Batch) else tuple(claims)
    total = len(items)
    found: list[Problem] = []
    for i, claim in enumerate(items):
        prefix = f"claims[{i}]"
        found.extend(p.at(prefix) for p in _problems(ctx, claim, prefix))
        if progress is not None:
            progress(i + 1, total)
    return tuple(found)
