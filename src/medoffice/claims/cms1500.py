"""The CMS-1500 (02/12) paper claim form, box by box, filled from a :class:`Claim`.

:func:`boxes` gives the form's fields for printing or review, following the
NUCC 1500 Claim Form Reference Instruction Manual; :func:`pages` gives one
form per six service lines. **The output is protected health information by
design** (it is the form): names, birth dates, member IDs and addresses appear
in it, so treat it like the claim itself.

Keys follow the form, in form order (:data:`KEYS`):

- a box number (``"1"``, ``"1a"``, ``"11c"``, ``"21A"`` to ``"21L"``) for a box
  with one value;
- ``"<box>.<part>"`` for the parts of a box: ``"3.sex"``, ``"5.city"``,
  ``"5.state"``, ``"5.zip"``, ``"10b.state"``, ``"14.qual"``, ``"16.from"``,
  ``"22.original"``, ``"25.kind"``, ``"32.street"``, ``"33.city_state_zip"`` ...;
- for the six service lines ``n`` = 1 to 6: ``"24A.n.from"``, ``"24A.n.to"``,
  ``"24B.n"`` to ``"24J.n"``, ``"24D.n.mod1"`` to ``"24D.n.mod4"``,
  ``"24J.n.other"`` (the shaded other ID, with its qualifier in ``"24I.n"``)
  and ``"24.n.shaded"``, the shaded supplemental line above (``N4``, the NDC,
  the unit and the quantity of a drug line).

Every key is present on every page; an empty box is ``""``. A line's
``To`` date repeats ``From`` for a single day (NUCC allows either). Dates of service
and other event dates are ``MM DD YY``; birth dates ``MM DD YYYY``; amounts
have two decimals and no dollar sign; a 9-digit ZIP has its hyphen; tax IDs
have none (NUCC).

>>> from medoffice.claims.examples import office_visit
>>> form = boxes(office_visit())
>>> form["1"], form["1a"], form["2"], form["3"], form["3.sex"]
('GROUP HEALTH PLAN', 'XYZ123456789', 'DOE, JOHN, A', '01 15 1980', 'M')
>>> form["21A"], form["21B"], form["24D.1"], form["24E.1"], form["24F.1"], form["28"]
('E11.9', 'I10', '99213', 'AB', '125.00', '150.00')
"""

from __future__ import annotations

import datetime as dt
import decimal
import types
from collections.abc import Mapping

from medoffice.claims._model import (
    AccidentCause,
    Address,
    Assignment,
    BenefitsAssignment,
    Claim,
    EntityType,
    FilingIndicator,
    Frequency,
    Provider,
    Relationship,
    ReleaseOfInformation,
    ServiceLine,
    Sex,
    TaxIdKind,
    _dotted,
)
from medoffice.codes import zipcode

__all__ = ["KEYS", "LINES_PER_PAGE", "boxes", "pages"]

#: Service lines on one form (box 24 has six rows).
LINES_PER_PAGE = 6

_LETTERS = "ABCDEFGHIJKL"
_ON_FILE = "SIGNATURE ON FILE"

_HEADER_KEYS = (
    "1", "1a", "2", "3", "3.sex", "4", "5", "5.city", "5.state", "5.zip", "6",
    "7", "7.city", "7.state", "7.zip", "8", "9", "9a", "9b", "9c", "9d",
    "10a", "10b", "10b.state", "10c", "10d", "11", "11a", "11a.sex", "11b", "11c", "11d",
    "12", "13", "14", "14.qual", "15", "15.qual", "16.from", "16.to",
    "17", "17.qual", "17a", "17b", "18.from", "18.to", "19", "20", "20.charges",
    "21.ind", *(f"21{letter}" for letter in _LETTERS), "22", "22.original", "23",
)  # fmt: skip
_LINE_PARTS = (
    "24.{n}.shaded", "24A.{n}.from", "24A.{n}.to", "24B.{n}", "24C.{n}", "24D.{n}",
    "24D.{n}.mod1", "24D.{n}.mod2", "24D.{n}.mod3", "24D.{n}.mod4", "24E.{n}", "24F.{n}",
    "24G.{n}", "24H.{n}", "24I.{n}", "24J.{n}", "24J.{n}.other",
)  # fmt: skip
_FOOTER_KEYS = (
    "25", "25.kind", "26", "27", "28", "29", "30", "31",
    "32", "32.street", "32.city_state_zip", "32a", "32b",
    "33", "33.street", "33.city_state_zip", "33.phone", "33a", "33b",
)  # fmt: skip

#: Every key of a page, in form order.
KEYS: tuple[str, ...] = (
    *_HEADER_KEYS,
    *(part.format(n=n) for n in range(1, LINES_PER_PAGE + 1) for part in _LINE_PARTS),
    *_FOOTER_KEYS,
)

_MEDICARE = {
    FilingIndicator.MEDICARE_A,
    FilingIndicator.MEDICARE_B,
    FilingIndicator.HMO_MEDICARE_RISK,
}
_GROUP = {
    FilingIndicator.PPO, FilingIndicator.POS, FilingIndicator.EPO, FilingIndicator.INDEMNITY,
    FilingIndicator.BLUE_CROSS_BLUE_SHIELD, FilingIndicator.COMMERCIAL,
    FilingIndicator.FEDERAL_EMPLOYEES, FilingIndicator.HMO,
}  # fmt: skip
_RELATIONSHIPS = {
    Relationship.SELF: "SELF",
    Relationship.SPOUSE: "SPOUSE",
    Relationship.CHILD: "CHILD",
}
#: Box 15 "other date" qualifiers, in the order they are preferred.
_OTHER_DATES = (
    ("initial_treatment", "454"),
    ("last_seen", "304"),
    ("acute_manifestation", "453"),
    ("last_xray", "455"),
)


def _insurance_type(indicator: FilingIndicator) -> str:
    """Box 1 from the claim filing indicator (SBR09)."""
    if indicator in _MEDICARE:
        return "MEDICARE"
    if indicator in _GROUP:
        return "GROUP HEALTH PLAN"
    return {
        FilingIndicator.MEDICAID: "MEDICAID",
        FilingIndicator.CHAMPUS: "TRICARE",
        FilingIndicator.VETERANS_AFFAIRS: "CHAMPVA",
    }.get(indicator, "OTHER")


def _short(day: dt.date | None) -> str:
    return "" if day is None else day.strftime("%m %d %y")


def _long(day: dt.date | None) -> str:
    return "" if day is None else day.strftime("%m %d %Y")


def _sex(sex: Sex | None) -> str:
    return "" if sex is None or sex is Sex.UNKNOWN else sex.value


def _money(amount: decimal.Decimal | None) -> str:
    return "" if amount is None else f"{amount:.2f}"


def _number(value: decimal.Decimal) -> str:
    """``value`` without an exponent or trailing zeros: ``1``, ``1.5``, ``100``."""
    return f"{value.normalize():f}"


def _person(last: str, first: str, middle: str, suffix: str) -> str:
    """``LAST SUFFIX, FIRST, M`` as NUCC asks for boxes 2 and 4."""
    parts = [f"{last} {suffix}".strip()]
    if first:
        parts.append(first)
        if middle:
            parts.append(middle[0])
    return ", ".join(parts)


def _provider_name(provider: Provider) -> str:
    """An organisation's name, or a person's ``FIRST M LAST SUFFIX`` (boxes 17, 32, 33)."""
    if provider.entity is EntityType.ORGANIZATION:
        return provider.name
    words = (provider.first_name, provider.middle_name[:1], provider.name, provider.suffix)
    return " ".join(w for w in words if w)


def _zip(code: str) -> str:
    return zipcode.format(code) if zipcode.is_valid(code) else code


def _street(address: Address) -> str:
    return f"{address.line1} {address.line2}".strip()


def _address(out: dict[str, str], box: str, address: Address | None) -> None:
    """Boxes 5 and 7: the street, then city, state and ZIP in their own fields."""
    if address is None:
        return
    out[box] = _street(address)
    out[f"{box}.city"] = address.city
    out[f"{box}.state"] = address.state
    out[f"{box}.zip"] = _zip(address.postal_code)


def _location(out: dict[str, str], box: str, provider: Provider | None) -> None:
    """Boxes 32 and 33: the name, the street, then ``CITY ST ZIP`` (no punctuation)."""
    if provider is None:
        return
    out[box] = _provider_name(provider)
    if provider.address is not None:
        address = provider.address
        out[f"{box}.street"] = _street(address)
        out[f"{box}.city_state_zip"] = " ".join(
            p for p in (address.city, address.state, _zip(address.postal_code)) if p
        )


def _letters(pointers: tuple[int, ...]) -> str:
    return "".join(_LETTERS[p - 1] if 1 <= p <= len(_LETTERS) else "?" for p in pointers)


def _header(claim: Claim) -> dict[str, str]:
    out = dict.fromkeys(KEYS, "")
    subscriber, patient = claim.subscriber, claim.patient
    out["1"] = _insurance_type(subscriber.filing_indicator)
    out["1a"] = subscriber.member_id
    insured_name = _person(
        subscriber.last_name, subscriber.first_name, subscriber.middle_name, subscriber.suffix
    )
    if patient is None:
        out["2"] = insured_name
        out["3"], out["3.sex"] = _long(subscriber.birth_date), _sex(subscriber.sex)
        _address(out, "5", subscriber.address)
    else:
        out["2"] = _person(
            patient.last_name, patient.first_name, patient.middle_name, patient.suffix
        )
        out["3"], out["3.sex"] = _long(patient.birth_date), _sex(patient.sex)
        _address(out, "5", patient.address)
    out["4"] = insured_name
    out["6"] = _RELATIONSHIPS.get(claim.relationship, "OTHER")
    _address(out, "7", subscriber.address)
    causes = claim.accident.causes if claim.accident is not None else ()
    out["10a"] = "YES" if AccidentCause.EMPLOYMENT in causes else "NO"
    out["10b"] = "YES" if AccidentCause.AUTO in causes else "NO"
    if claim.accident is not None and AccidentCause.AUTO in causes:
        out["10b.state"] = claim.accident.state or ""
    out["10c"] = "YES" if AccidentCause.OTHER in causes else "NO"
    out["11"] = subscriber.group_number or ""
    out["11a"], out["11a.sex"] = _long(subscriber.birth_date), _sex(subscriber.sex)
    out["11c"] = subscriber.group_name or ""
    out["11d"] = "NO"  # the model carries no other payer (loop 2320)
    if claim.release_of_information is ReleaseOfInformation.YES:
        out["12"] = _ON_FILE
    if claim.benefits_assigned is BenefitsAssignment.YES:
        out["13"] = _ON_FILE
    dates = claim.dates
    if dates.onset is not None:
        out["14"], out["14.qual"] = _short(dates.onset), "431"
    elif dates.last_menstrual_period is not None:
        out["14"], out["14.qual"] = _short(dates.last_menstrual_period), "484"
    _other_date(out, claim)
    out["16.from"], out["16.to"] = _short(dates.disability_start), _short(dates.disability_end)
    if claim.referring is not None:
        out["17"], out["17.qual"] = _provider_name(claim.referring), "DN"
        out["17b"] = claim.referring.npi or ""
    out["18.from"], out["18.to"] = _short(dates.admission), _short(dates.discharge)
    out["19"] = claim.note or ""
    out["21.ind"] = "0"
    for letter, code in zip(_LETTERS, claim.diagnoses, strict=False):
        out[f"21{letter}"] = _dotted(code)
    if claim.frequency is not Frequency.ORIGINAL:
        out["22"] = claim.frequency.value
        out["22.original"] = claim.original_claim_number or ""
    out["23"] = claim.prior_authorization or claim.referral_number or ""
    _footer(out, claim)
    return out


def _other_date(out: dict[str, str], claim: Claim) -> None:
    """Box 15: the first of the other dates the claim has, with its qualifier."""
    for name, qualifier in _OTHER_DATES:
        day = getattr(claim.dates, name)
        if day is not None:
            out["15"], out["15.qual"] = _short(day), qualifier
            return
    if claim.accident is not None and claim.accident.date is not None:
        out["15"], out["15.qual"] = _short(claim.accident.date), "439"


def _footer(out: dict[str, str], claim: Claim) -> None:
    billing = claim.billing
    out["25"] = (billing.tax_id or "").replace("-", "")
    if billing.tax_id:
        out["25.kind"] = "SSN" if billing.tax_id_kind is TaxIdKind.SSN else "EIN"
    out["26"] = claim.account_number
    out["27"] = "NO" if claim.assignment is Assignment.NOT_ASSIGNED else "YES"
    out["29"] = _money(claim.patient_paid)
    if claim.provider_signature:
        out["31"] = _ON_FILE
    _location(out, "32", claim.facility)
    if claim.facility is not None:
        out["32a"] = claim.facility.npi or ""
    _location(out, "33", billing)
    out["33a"] = billing.npi or ""
    if billing.taxonomy:
        out["33b"] = f"ZZ{billing.taxonomy}"


def _line(out: dict[str, str], n: int, line: ServiceLine, claim: Claim) -> None:
    if line.drug is not None:
        drug = line.drug
        out[f"24.{n}.shaded"] = f"N4{drug.ndc} {drug.unit.value}{_number(drug.quantity)}"
    out[f"24A.{n}.from"] = _short(line.service_date)
    out[f"24A.{n}.to"] = _short(line.last_date)
    out[f"24B.{n}"] = line.place_of_service or claim.place_of_service
    out[f"24C.{n}"] = "Y" if line.emergency else ""
    out[f"24D.{n}"] = line.procedure
    for k, mod in enumerate(line.modifiers[:4], start=1):
        out[f"24D.{n}.mod{k}"] = mod
    out[f"24E.{n}"] = _letters(line.pointers)
    out[f"24F.{n}"] = _money(line.charge)
    out[f"24G.{n}"] = _number(line.units)
    rendering = line.rendering or claim.rendering
    if rendering is not None:
        out[f"24J.{n}"] = rendering.npi or ""
        if rendering.taxonomy:
            out[f"24I.{n}"], out[f"24J.{n}.other"] = "ZZ", rendering.taxonomy


def pages(claim: Claim) -> tuple[Mapping[str, str], ...]:
    """The claim as CMS-1500 forms: one per six service lines (at least one).

    Every page repeats the patient, insured, diagnosis and provider boxes and
    carries its own six lines. Box 28 (total charge) and box 29 (amount paid)
    are on the last page; the pages before it say ``CONTINUED`` in box 28.

    Each page is a read-only mapping with every key of :data:`KEYS`, in that
    order. The output contains the patient's data: it is the form.

    >>> import attrs
    >>> from medoffice.claims.examples import office_visit
    >>> claim = office_visit()
    >>> long = attrs.evolve(claim, lines=claim.lines * 4)
    >>> [(page["24D.1"], page["24D.6"], page["28"]) for page in pages(long)]
    [('99213', '36415', 'CONTINUED'), ('99213', '', '600.00')]
    """
    header = _header(claim)
    chunks = [
        claim.lines[i : i + LINES_PER_PAGE] for i in range(0, len(claim.lines), LINES_PER_PAGE)
    ] or [()]
    result = []
    for number, chunk in enumerate(chunks, start=1):
        page = dict(header)
        for n, line in enumerate(chunk, start=1):
            _line(page, n, line, claim)
        if number < len(chunks):
            page["28"], page["29"] = "CONTINUED", ""
        else:
            page["28"] = _money(claim.total)
        result.append(types.MappingProxyType(page))
    return tuple(result)


def boxes(claim: Claim) -> Mapping[str, str]:
    """The CMS-1500 boxes 1 to 33b of ``claim``'s first page, for printing or review.

    A claim with more than six lines needs more than one form: this is the
    first (its box 28 says ``CONTINUED``); :func:`pages` gives them all.
    The claim is not checked: scrub it first
    (:func:`medoffice.claims.scrub`) for a form a payer will take.

    Returns:
        A read-only mapping with every key of :data:`KEYS` in form order; an
        empty box is ``""``. It holds the patient's data (it is the form).

    >>> from medoffice.claims.examples import dependent_visit
    >>> form = boxes(dependent_visit())
    >>> form["2"], form["4"], form["6"], form["3"]
    ('DOE, JANE', 'DOE, JOHN, A', 'CHILD', '06 03 2016')
    >>> form["24.2.shaded"], form["24D.2"], form["24G.2"], form["24J.2"]
    ('N400409733201 ML1', 'J0696', '2', '1245319599')
    >>> form["14"], form["14.qual"]
    ('02 03 24', '431')
    """
    return pages(claim)[0]
