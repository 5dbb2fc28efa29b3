"""The 837P builder: claims to a complete 005010X222A1 interchange.

:func:`build_837p` scrubs the claims first and refuses, with every problem at
once, anything a payer would reject; it never returns partial output. Claims
keep the caller's order: consecutive claims from the same billing provider
share its 2000A loop, consecutive claims of the same subscriber and payer share
a 2000B loop, and consecutive claims of the same dependent share a 2000C loop.
Sort the claims by provider and subscriber first for the most compact file.

>>> import datetime as dt
>>> from medoffice.claims.examples import office_visit, receiver, submitter
>>> text = build_837p([office_visit()], sender=submitter(), receiver=receiver(),
...                   control_number=1, created=dt.datetime(2024, 1, 15, 12, tzinfo=dt.UTC))
>>> text.count("~"), text[text.index("CLM"):].split("~")[0]
(31, 'CLM*PATACCT001*150***11:B:1*Y*A*Y*Y')
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import itertools
from collections.abc import Callable, Iterable, Iterator

from medoffice.claims._model import (
    Address,
    Batch,
    Claim,
    Frequency,
    LineAdjudication,
    OtherPayer,
    OtherSubscriber,
    Patient,
    Payer,
    PayerAdjustment,
    Provider,
    Receiver,
    ServiceLine,
    Submitter,
    Subscriber,
    Usage,
)
from medoffice.claims._scrub import CodeSets, scrub_batch
from medoffice.exceptions import Problem, ValidationFailed
from medoffice.x12 import (
    FunctionalGroup,
    Interchange,
    Segment,
    Transaction,
    serialize,
    text_problems,
)
from medoffice.x12 import Usage as X12Usage

__all__ = ["build_837p"]

#: The implementation guide (GS08, ST03).
VERSION = "005010X222A1"

_MAX_CONTROL = 999_999_999
_ID_MIN, _ID_MAX = 2, 15  # GS02/GS03 are 2-15 characters, ISA06/ISA08 1-15
_QUALIFIER_LENGTH = 2
_YEARS = (2000, 2099)  # ISA09 has a two-digit year
_CAS_TRIPLETS = 6  # reason, amount and quantity triplets in one CAS segment

#: Claim dates (2300 DTP), in the order of the TR3 map.
_CLAIM_DATES = (
    ("431", "onset"),
    ("454", "initial_treatment"),
    ("304", "last_seen"),
    ("453", "acute_manifestation"),
    ("439", None),  # the accident date, from Claim.accident
    ("484", "last_menstrual_period"),
    ("455", "last_xray"),
    ("360", None),  # disability: 360 start, 361 end, or 314 with a range (one DTP)
    ("297", "last_worked"),
    ("296", "return_to_work"),
    ("435", "admission"),
    ("096", "discharge"),
)

#: LX*1 to LX*50: segments are immutable, so one instance serves every claim.
_LX = tuple(Segment("LX", (str(i),)) for i in range(51))


# -- formatting --------------------------------------------------------------------


def _amount(value: decimal.Decimal) -> str:
    """An amount or quantity in minimal form: ``125.00`` -> ``125``, ``125.50`` -> ``125.5``."""
    if not value:
        return "0"
    text = str(value)
    if "E" in text:  # 1E+2: str() uses an exponent, X12 never does
        text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


@functools.lru_cache(maxsize=4096)
def _d8(value: dt.date) -> str:
    """A date as ``CCYYMMDD``."""
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


@functools.lru_cache(maxsize=4096)
def _service_date(value: dt.date) -> Segment:
    """``DTP*472*D8``: one shared instance per date."""
    return Segment("DTP", ("472", "D8", _d8(value)))


# -- segments ------------------------------------------------------------------------


def _address(address: Address) -> tuple[Segment, Segment]:
    return (
        Segment("N3", (address.line1, address.line2)),
        Segment("N4", (address.city, address.state, address.postal_code, address.country)),
    )


def _provider_name(code: str, provider: Provider) -> Segment:
    """NM1 for a provider identified by NPI (NM108 ``XX``)."""
    npi = provider.npi
    return Segment(
        "NM1",
        (
            code,
            provider.entity._value_,
            provider.name,
            provider.first_name,
            provider.middle_name,
            "",
            provider.suffix,
            "XX" if npi else "",
            npi or "",
        ),
    )


def _specialty(qualifier: str, provider: Provider) -> list[Segment]:
    taxonomy = provider.taxonomy
    return [Segment("PRV", (qualifier, "PXC", taxonomy))] if taxonomy else []


def _billing_segments(hl: int, billing: Provider, pay_to: Address | None) -> list[Segment]:
    """Loop 2000A with 2010AA (and 2010AB when there is a pay-to address)."""
    out = [Segment("HL", (str(hl), "", "20", "1"))]
    out += _specialty("BI", billing)
    out.append(_provider_name("85", billing))
    if billing.address is not None:
        out += _address(billing.address)
    if billing.tax_id is not None:
        out.append(Segment("REF", (billing.tax_id_kind._value_, billing.tax_id)))
    if pay_to is not None:
        out.append(Segment("NM1", ("87", billing.entity._value_)))
        out += _address(pay_to)
    return out


def _person(code: str, person: Subscriber | Patient | OtherSubscriber) -> Segment:
    return Segment(
        "NM1",
        (
            code,
            "1",
            person.last_name,
            person.first_name,
            person.middle_name,
            "",
            person.suffix,
        ),
    )


def _demographics(person: Subscriber | Patient) -> list[Segment]:
    out: list[Segment] = []
    if person.address is not None:
        out += _address(person.address)
    if person.birth_date is not None:
        sex = person.sex
        out.append(Segment("DMG", ("D8", _d8(person.birth_date), sex._value_ if sex else "")))
    return out


def _sbr(
    responsibility: str, relationship: str, sub: Subscriber | OtherSubscriber, filing: str
) -> Segment:
    """SBR in loop 2000B or 2320: SBR05-08 are not sent."""
    group = (sub.group_number or "", sub.group_name or "")
    return Segment("SBR", (responsibility, relationship, *group, "", "", "", "", filing))


def _payer_segments(payer: Payer) -> list[Segment]:
    """NM1*PR (loop 2010BB or 2330B) and the payer's address."""
    out = [Segment("NM1", ("PR", "2", payer.name, "", "", "", "", "PI", payer.id))]
    if payer.address is not None:
        out += _address(payer.address)
    return out


def _subscriber_segments(hl: int, parent: int, claim: Claim, *, is_self: bool) -> list[Segment]:
    """Loop 2000B with 2010BA (subscriber) and 2010BB (payer)."""
    sub = claim.subscriber
    name = _person("IL", sub)
    out = [
        Segment("HL", (str(hl), str(parent), "22", "0" if is_self else "1")),
        _sbr(
            sub.responsibility._value_, "18" if is_self else "", sub, sub.filing_indicator._value_
        ),
        Segment("NM1", (*name.elements, "MI", sub.member_id)),
    ]
    out += _demographics(sub)
    out += _payer_segments(claim.payer)
    return out


def _adjustment_segments(adjustments: tuple[PayerAdjustment, ...]) -> list[Segment]:
    """CAS: one segment per run of one group code, six reason/amount/quantity triplets at most."""
    out = []
    for group, run in itertools.groupby(adjustments, key=lambda a: a.group):
        items = tuple(run)
        for k in range(0, len(items), _CAS_TRIPLETS):
            elements = [group]
            for item in items[k : k + _CAS_TRIPLETS]:
                quantity = item.quantity
                elements += (
                    item.reason,
                    _amount(item.amount),
                    "" if quantity is None else _amount(quantity),
                )
            out.append(Segment("CAS", tuple(elements)))
    return out


def _other_payer_segments(other: OtherPayer) -> list[Segment]:
    """Loop 2320 (SBR, CAS, AMT, OI) with 2330A (the other subscriber) and 2330B (the payer)."""
    sub = other.subscriber
    out = [
        _sbr(
            other.responsibility._value_,
            other.relationship._value_,
            sub,
            other.filing_indicator._value_,
        ),
        *_adjustment_segments(other.adjustments),
    ]
    if other.paid is not None:
        out.append(Segment("AMT", ("D", _amount(other.paid))))
    if other.remaining_liability is not None:
        out.append(Segment("AMT", ("EAF", _amount(other.remaining_liability))))
    out.append(
        Segment(
            "OI",
            (
                "",
                "",
                other.benefits_assigned._value_,
                "",
                "",
                other.release_of_information._value_,
            ),
        )
    )
    name = _person("IL", sub)
    out.append(Segment("NM1", ("IL", sub.entity._value_, *name.elements[2:], "MI", sub.member_id)))
    if sub.address is not None:
        out += _address(sub.address)
    out += _payer_segments(other.payer)
    if other.adjudicated is not None:
        out.append(Segment("DTP", ("573", "D8", _d8(other.adjudicated))))
    if other.claim_number is not None:
        out.append(Segment("REF", ("F8", other.claim_number)))
    return out


def _adjudication_segments(adjudication: LineAdjudication) -> list[Segment]:
    """Loop 2430: SVD, CAS, DTP*573 and AMT*EAF."""
    out = [
        Segment(
            "SVD",
            (
                adjudication.payer_id,
                _amount(adjudication.paid),
                ("HC", adjudication.procedure, *adjudication.modifiers),
                "",
                _amount(adjudication.units),
            ),
        ),
        *_adjustment_segments(adjudication.adjustments),
        Segment("DTP", ("573", "D8", _d8(adjudication.adjudicated))),
    ]
    if adjudication.remaining_liability is not None:
        out.append(Segment("AMT", ("EAF", _amount(adjudication.remaining_liability))))
    return out


def _patient_segments(hl: int, parent: int, patient: Patient) -> list[Segment]:
    """Loop 2000C with 2010CA."""
    out = [
        Segment("HL", (str(hl), str(parent), "23", "0")),
        Segment("PAT", (patient.relationship._value_,)),
        _person("QC", patient),
    ]
    out += _demographics(patient)
    return out


def _claim_segments(claim: Claim) -> list[Segment]:
    """Loop 2300 and its lines (2310A-C, 2400, 2410, 2420A)."""
    accident = claim.accident
    clm: tuple[str | tuple[str, ...], ...] = (
        claim.account_number,
        _amount(claim.total),
        "",
        "",
        (claim.place_of_service, "B", claim.frequency._value_),
        "Y" if claim.provider_signature else "N",
        claim.assignment._value_,
        claim.benefits_assigned._value_,
        claim.release_of_information._value_,
    )
    if accident is not None:
        causes = [c.value for c in accident.causes[:3]]
        causes += [""] * (3 - len(causes))
        clm += ("", (*causes, accident.state or "", accident.country))
    out = [Segment("CLM", clm)]
    dates = claim.dates
    for code, name in _CLAIM_DATES:
        if name is not None:
            when = getattr(dates, name)
        elif code == "439":
            when = accident.date if accident else None
        else:
            out += _disability(dates.disability_start, dates.disability_end)
            continue
        if when is not None:
            out.append(Segment("DTP", (code, "D8", _d8(when))))
    if claim.patient_paid is not None:
        out.append(Segment("AMT", ("F5", _amount(claim.patient_paid))))
    for qualifier, value in (
        ("9F", claim.referral_number),
        ("G1", claim.prior_authorization),
        ("F8", None if claim.frequency is Frequency.ORIGINAL else claim.original_claim_number),
        ("EA", claim.medical_record_number),
    ):
        if value is not None:
            out.append(Segment("REF", (qualifier, value)))
    if claim.note is not None:
        out.append(Segment("NTE", ("ADD", claim.note)))
    diagnoses = claim.diagnoses
    if diagnoses:
        out.append(
            Segment(
                "HI",
                (("ABK", diagnoses[0]), *(("ABF", code) for code in diagnoses[1:])),
            )
        )
    if claim.referring is not None:
        out.append(_provider_name("DN", claim.referring))
    if claim.rendering is not None:
        out.append(_provider_name("82", claim.rendering))
        out += _specialty("PE", claim.rendering)
    facility = claim.facility
    if facility is not None:
        npi = facility.npi
        out.append(
            Segment(
                "NM1",
                ("77", "2", facility.name, "", "", "", "", "XX" if npi else "", npi or ""),
            )
        )
        if facility.address is not None:
            out += _address(facility.address)
    for other in claim.other_payers:
        out += _other_payer_segments(other)
    for number, line in enumerate(claim.lines, 1):
        out += _line_segments(number, line)
    return out


def _disability(start: dt.date | None, end: dt.date | None) -> list[Segment]:
    """The one disability DTP: 314 with a range when both dates are known, else 360 or 361."""
    if start is not None and end is not None:
        return [Segment("DTP", ("314", "RD8", f"{_d8(start)}-{_d8(end)}"))]
    if start is not None:
        return [Segment("DTP", ("360", "D8", _d8(start)))]
    if end is not None:
        return [Segment("DTP", ("361", "D8", _d8(end)))]
    return []


def _line_segments(number: int, line: ServiceLine) -> list[Segment]:
    """Loop 2400 with its 2410 (drug) and 2420A (rendering) loops."""
    modifiers = line.modifiers
    procedure: tuple[str, ...] = ("HC", line.procedure, *modifiers)
    if line.description is not None:
        procedure += ("",) * (4 - len(modifiers)) + (line.description,)
    sv1: tuple[str | tuple[str, ...], ...] = (
        procedure,
        _amount(line.charge),
        line.unit._value_,
        _amount(line.units),
        line.place_of_service or "",
        "",
        tuple(map(str, line.pointers)),
    )
    if line.emergency:
        sv1 += ("", "Y")
    end = line.service_end
    out = [
        _LX[number] if number <= 50 else Segment("LX", (str(number),)),
        Segment("SV1", sv1),
        _service_date(line.service_date)
        if end is None
        else Segment("DTP", ("472", "RD8", f"{_d8(line.service_date)}-{_d8(end)}")),
    ]
    if line.control_number is not None:
        out.append(Segment("REF", ("6R", line.control_number)))
    drug = line.drug
    if drug is not None:
        out.append(Segment("LIN", ("", "N4", drug.ndc)))
        out.append(Segment("CTP", ("", "", "", _amount(drug.quantity), drug.unit._value_)))
        if drug.prescription_number is not None:
            out.append(Segment("REF", ("XZ", drug.prescription_number)))
    if line.rendering is not None:
        out.append(_provider_name("82", line.rendering))
        out += _specialty("PE", line.rendering)
    for adjudication in line.adjudications:
        out += _adjudication_segments(adjudication)
    return out


def _header(
    sender: Submitter, receiver: Receiver, control_number: int, created: dt.datetime
) -> list[Segment]:
    """BHT, 1000A (submitter) and 1000B (receiver)."""
    contact: tuple[str, ...] = ("IC", sender.contact_name)
    if sender.phone:
        contact += ("TE", sender.phone)
    if sender.email:
        contact += ("EM", sender.email)
    return [
        Segment(
            "BHT",
            ("0019", "00", str(control_number), _d8(created.date()), f"{created:%H%M}", "CH"),
        ),
        Segment("NM1", ("41", sender.entity._value_, sender.name, "", "", "", "", "46", sender.id)),
        Segment("PER", contact),
        Segment("NM1", ("40", "2", receiver.name, "", "", "", "", "46", receiver.id)),
    ]


def _body(
    claims: tuple[Claim, ...],
    sender: Submitter,
    receiver: Receiver,
    control_number: int,
    created: dt.datetime,
    *,
    progress: Callable[[int], None] | None = None,
) -> list[Segment]:
    """The transaction body: the header and the HL hierarchy, in the caller's claim order.

    ``progress(k)`` is called after the k-th claim's segments are made.
    """
    body = _header(sender, receiver, control_number, created)
    extend = body.extend
    hl = a_hl = b_hl = 0
    a_key: tuple[object, ...] = ()
    b_key: tuple[object, ...] = ()
    patient: Patient | None = None
    for done, claim in enumerate(claims, 1):
        billing_key = (claim.billing, claim.pay_to)
        new_a = billing_key != a_key
        if new_a:
            hl += 1
            a_hl = hl
            a_key = billing_key
            extend(_billing_segments(hl, claim.billing, claim.pay_to))
        is_self = claim.patient is None
        key = (claim.subscriber, claim.payer, is_self)
        new_b = new_a or key != b_key
        if new_b:
            hl += 1
            b_hl = hl
            b_key = key
            extend(_subscriber_segments(hl, a_hl, claim, is_self=is_self))
        if claim.patient is not None and (new_b or claim.patient != patient):
            hl += 1
            patient = claim.patient
            extend(_patient_segments(hl, b_hl, claim.patient))
        extend(_claim_segments(claim))
        if progress is not None:
            progress(done)
    return body


# -- checks ------------------------------------------------------------------------


def _problem(path: str, code: str, message: str) -> Problem:
    return Problem(path=path, code=code, message=message)


def _party_problems(party: Submitter | Receiver, path: str) -> list[Problem]:
    problems = []
    if not _ID_MIN <= len(party.id) <= _ID_MAX:
        problems.append(
            _problem(
                f"{path}.id",
                "envelope.id_length",
                f"must be {_ID_MIN} to {_ID_MAX} characters (ISA and GS ids), not {len(party.id)}",
            )
        )
    if party.id != party.id.strip(" "):
        problems.append(
            _problem(
                f"{path}.id",
                "envelope.id_spaces",
                "must not begin or end with a space (the ISA pads ids with spaces)",
            )
        )
    if len(party.qualifier) != _QUALIFIER_LENGTH:
        problems.append(
            _problem(
                f"{path}.qualifier",
                "envelope.qualifier",
                f"the interchange id qualifier must be 2 characters, not {len(party.qualifier)}",
            )
        )
    if not party.name.strip():
        problems.append(_problem(f"{path}.name", "envelope.name", "is required (NM103)"))
    if isinstance(party, Submitter) and not (party.phone or party.email):
        problems.append(
            _problem(
                f"{path}.phone",
                "envelope.contact",
                "the submitter needs a contact phone number or e-mail (PER in loop 1000A)",
            )
        )
    return problems


def _envelope_problems(
    sender: Submitter,
    receiver: Receiver,
    control_number: int,
    created: dt.datetime,
    usage: X12Usage | None,
) -> list[Problem]:
    problems = _party_problems(sender, "sender") + _party_problems(receiver, "receiver")
    if not 1 <= control_number <= _MAX_CONTROL:
        problems.append(
            _problem("control_number", "envelope.control_number", "must be between 1 and 999999999")
        )
    if created.utcoffset() is None:
        problems.append(
            _problem("created", "envelope.created", "must be timezone-aware (give it a time zone)")
        )
    if not _YEARS[0] <= created.year <= _YEARS[1]:
        problems.append(
            _problem(
                "created",
                "envelope.created",
                f"the year must be between {_YEARS[0]} and {_YEARS[1]} (ISA09 has two digits)",
            )
        )
    if usage is None:
        problems.append(
            _problem("usage", "envelope.usage", "must be 'P' (production) or 'T' (test)")
        )
    return problems


def _usage(value: object) -> X12Usage | None:
    if isinstance(value, Usage | X12Usage):
        return X12Usage(value.value)
    if value in ("P", "T"):
        return X12Usage(value)
    return None


def _provider_text(provider: Provider, path: str, role: str) -> Iterator[tuple[str, str]]:
    """The text of a provider that the builder writes in the given role."""
    if provider.npi is not None:
        yield f"{path}.npi", provider.npi
    yield f"{path}.name", provider.name
    if role != "facility":
        yield f"{path}.first_name", provider.first_name
        yield f"{path}.middle_name", provider.middle_name
        yield f"{path}.suffix", provider.suffix
    if role in ("billing", "rendering") and provider.taxonomy is not None:
        yield f"{path}.taxonomy", provider.taxonomy
    if role == "billing" and provider.tax_id is not None:
        yield f"{path}.tax_id", provider.tax_id
    if role in ("billing", "facility") and provider.address is not None:
        yield from _address_text(provider.address, f"{path}.address")


def _address_text(address: Address, path: str) -> Iterator[tuple[str, str]]:
    for name in ("line1", "line2", "city", "state", "postal_code", "country"):
        yield f"{path}.{name}", getattr(address, name)


def _person_text(person: Subscriber | Patient, path: str) -> Iterator[tuple[str, str]]:
    for name in ("last_name", "first_name", "middle_name", "suffix"):
        yield f"{path}.{name}", getattr(person, name)
    if person.address is not None:
        yield from _address_text(person.address, f"{path}.address")


def _optional(path: str, value: str | None) -> Iterator[tuple[str, str]]:
    if value is not None:
        yield path, value


def claim_text(claim: Claim, path: str) -> Iterator[tuple[str, str]]:
    """Every text value of ``claim`` that :func:`build_837p` writes, with its path.

    >>> from medoffice.claims.examples import office_visit
    >>> dict(claim_text(office_visit(), "claims[0]"))["claims[0].lines[1].procedure"]
    '36415'
    """
    yield f"{path}.account_number", claim.account_number
    yield from _provider_text(claim.billing, f"{path}.billing", "billing")
    if claim.pay_to is not None:
        yield from _address_text(claim.pay_to, f"{path}.pay_to")
    yield f"{path}.payer.name", claim.payer.name
    yield f"{path}.payer.id", claim.payer.id
    if claim.payer.address is not None:
        yield from _address_text(claim.payer.address, f"{path}.payer.address")
    sub = claim.subscriber
    yield from _person_text(sub, f"{path}.subscriber")
    yield f"{path}.subscriber.member_id", sub.member_id
    yield from _optional(f"{path}.subscriber.group_number", sub.group_number)
    yield from _optional(f"{path}.subscriber.group_name", sub.group_name)
    if claim.patient is not None:
        yield from _person_text(claim.patient, f"{path}.patient")
    yield f"{path}.place_of_service", claim.place_of_service
    if claim.accident is not None:
        yield from _optional(f"{path}.accident.state", claim.accident.state)
        yield f"{path}.accident.country", claim.accident.country
    for name in (
        "referral_number",
        "prior_authorization",
        "original_claim_number",
        "medical_record_number",
        "note",
    ):
        yield from _optional(f"{path}.{name}", getattr(claim, name))
    for i, code in enumerate(claim.diagnoses):
        yield f"{path}.diagnoses[{i}]", code
    for role in ("referring", "rendering", "facility"):
        provider = getattr(claim, role)
        if provider is not None:
            yield from _provider_text(provider, f"{path}.{role}", role)
    for k, other in enumerate(claim.other_payers):
        yield from _other_payer_text(other, f"{path}.other_payers[{k}]")
    for i, line in enumerate(claim.lines):
        at = f"{path}.lines[{i}]"
        yield f"{at}.procedure", line.procedure
        for k, modifier in enumerate(line.modifiers):
            yield f"{at}.modifiers[{k}]", modifier
        yield from _optional(f"{at}.description", line.description)
        yield from _optional(f"{at}.place_of_service", line.place_of_service)
        yield from _optional(f"{at}.control_number", line.control_number)
        if line.drug is not None:
            yield f"{at}.drug.ndc", line.drug.ndc
            yield from _optional(f"{at}.drug.prescription_number", line.drug.prescription_number)
        if line.rendering is not None:
            yield from _provider_text(line.rendering, f"{at}.rendering", "rendering")
        for k, adjudication in enumerate(line.adjudications):
            yield from _adjudication_text(adjudication, f"{at}.adjudications[{k}]")


def _adjustment_text(
    adjustments: tuple[PayerAdjustment, ...], path: str
) -> Iterator[tuple[str, str]]:
    for k, adjustment in enumerate(adjustments):
        yield f"{path}.adjustments[{k}].reason", adjustment.reason


def _other_payer_text(other: OtherPayer, path: str) -> Iterator[tuple[str, str]]:
    """The text of an other payer (loops 2320, 2330A, 2330B) that the builder writes."""
    sub = other.subscriber
    for name in ("last_name", "first_name", "middle_name", "suffix", "member_id"):
        yield f"{path}.subscriber.{name}", getattr(sub, name)
    if sub.address is not None:
        yield from _address_text(sub.address, f"{path}.subscriber.address")
    yield from _optional(f"{path}.subscriber.group_number", sub.group_number)
    yield from _optional(f"{path}.subscriber.group_name", sub.group_name)
    yield from _adjustment_text(other.adjustments, path)
    yield f"{path}.payer.name", other.payer.name
    yield f"{path}.payer.id", other.payer.id
    if other.payer.address is not None:
        yield from _address_text(other.payer.address, f"{path}.payer.address")
    yield from _optional(f"{path}.claim_number", other.claim_number)


def _adjudication_text(adjudication: LineAdjudication, path: str) -> Iterator[tuple[str, str]]:
    """The text of a line adjudication (loop 2430) that the builder writes."""
    yield f"{path}.payer_id", adjudication.payer_id
    yield f"{path}.procedure", adjudication.procedure
    for k, modifier in enumerate(adjudication.modifiers):
        yield f"{path}.modifiers[{k}]", modifier
    yield from _adjustment_text(adjudication.adjustments, path)


def _party_text(party: Submitter | Receiver, path: str) -> Iterator[tuple[str, str]]:
    yield f"{path}.id", party.id
    yield f"{path}.name", party.name
    yield f"{path}.qualifier", party.qualifier
    if isinstance(party, Submitter):
        yield f"{path}.contact_name", party.contact_name
        yield from _optional(f"{path}.phone", party.phone)
        yield from _optional(f"{path}.email", party.email)


def _text_problems(
    claims: tuple[Claim, ...], sender: Submitter, receiver: Receiver
) -> list[Problem]:
    """Delimiters and characters X12 cannot carry, in every value the builder writes."""
    problems: list[Problem] = []
    values = [*_party_text(sender, "sender"), *_party_text(receiver, "receiver")]
    for i, claim in enumerate(claims):
        values += claim_text(claim, f"claims[{i}]")
    for path, value in values:
        problems += text_problems(value, path)
    return problems


def _merge(
    scrubbed: Iterable[Problem], own: Iterable[Problem], text: Iterable[Problem]
) -> tuple[Problem, ...]:
    """Every problem, without the text problems the scrubber has already reported."""
    found = tuple(scrubbed)
    known = {(p.path, p.code) for p in found}
    return (*found, *own, *(p for p in text if (p.path, p.code) not in known))


def _check_types(
    claims: object, sender: object, receiver: object, control_number: object, created: object
) -> tuple[Claim, ...]:
    if not isinstance(sender, Submitter):
        msg = f"sender: must be a Submitter, not {type(sender).__name__}"
        raise TypeError(msg)
    if not isinstance(receiver, Receiver):
        msg = f"receiver: must be a Receiver, not {type(receiver).__name__}"
        raise TypeError(msg)
    if not isinstance(control_number, int) or isinstance(control_number, bool):
        msg = f"control_number: must be an int, not {type(control_number).__name__}"
        raise TypeError(msg)
    if not isinstance(created, dt.datetime):
        msg = f"created: must be a datetime, not {type(created).__name__}"
        raise TypeError(msg)
    if isinstance(claims, Batch):
        return claims.claims
    if isinstance(claims, str | bytes) or not isinstance(claims, Iterable):
        msg = f"claims: must be a Batch or an iterable of Claim, not {type(claims).__name__}"
        raise TypeError(msg)
    out = tuple(claims)
    for i, claim in enumerate(out):
        if not isinstance(claim, Claim):
            msg = f"claims[{i}]: must be a Claim, not {type(claim).__name__}"
            raise TypeError(msg)
    return out


# -- the builder -------------------------------------------------------------------


def build_837p(
    claims: Batch | Iterable[Claim],
    *,
    sender: Submitter,
    receiver: Receiver,
    control_number: int,
    created: dt.datetime,
    usage: Usage | str = "P",
    code_sets: CodeSets | None = None,
    line_breaks: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> str:
    """Build a complete 837P (005010X222A1) interchange from claims.

    The claims are scrubbed first (on the date of ``created``, in its own time
    zone); the envelope values are checked too. When anything is an error,
    nothing is built: :class:`~medoffice.exceptions.ValidationFailed` lists
    every problem at once, warnings included. Warnings alone do not block.

    One interchange holds one functional group and one transaction. The
    interchange (ISA13), group (GS06), transaction (ST02, at least 4 digits)
    and BHT03 reference numbers all come from ``control_number``; segment
    counts and trailers are computed. Claims keep the caller's order:
    consecutive claims that share a billing provider (and pay-to address)
    share a 2000A loop, then a subscriber and payer share a 2000B loop, then a
    dependent patient shares a 2000C loop. The same input always gives the
    same text, byte for byte.

    Args:
        claims: The claims, a :class:`~medoffice.claims.Batch` or an iterable.
        sender: The submitter (ISA06, GS02, loop 1000A).
        receiver: The receiver (ISA08, GS03, loop 1000B).
        control_number: 1 to 999,999,999.
        created: When the file is made, timezone-aware (ISA09/10, GS04/05, BHT04/05).
        usage: ``"P"`` production or ``"T"`` test (ISA15).
        code_sets: The code sets the scrubber checks against (default: the bundled ones).
        line_breaks: Add a line break after every segment, for reading.
        progress: Called as ``progress(done, total)`` while the batch is made, for
            long batches: ``total`` is twice the number of claims, as each claim
            is scrubbed and then written (the command line shows a progress bar).

    Returns:
        The X12 text.

    Raises:
        ValidationFailed: With every problem of the claims and of the envelope
            (``envelope.*`` codes: ids, names, the submitter contact, the
            control number, ``created``, ``usage``; ``batch.empty``; and
            ``x12.delimiter``/``x12.charset`` for text X12 cannot carry).
        TypeError: If an argument has the wrong type.

    >>> import datetime as dt
    >>> from medoffice.claims.examples import dependent_visit, office_visit, receiver, submitter
    >>> created = dt.datetime(2024, 3, 1, 9, 30, tzinfo=dt.UTC)
    >>> text = build_837p([office_visit(), dependent_visit()], sender=submitter(),
    ...                   receiver=receiver(), control_number=7, created=created,
    ...                   usage="T", line_breaks=True)
    >>> [line for line in text.splitlines() if line.startswith("HL")]
    ['HL*1**20*1~', 'HL*2*1*22*0~', 'HL*3*1*22*1~', 'HL*4*3*23*0~']
    >>> steps = []
    >>> _ = build_837p([office_visit(), dependent_visit()], sender=submitter(),
    ...                receiver=receiver(), control_number=8, created=created,
    ...                progress=lambda done, total: steps.append(f"{done}/{total}"))
    >>> steps
    ['1/4', '2/4', '3/4', '4/4']
    >>> build_837p([], sender=submitter(), receiver=receiver(), control_number=0,
    ...            created=created)
    Traceback (most recent call last):
    ...
    medoffice.exceptions.ValidationFailed: 2 errors: control_number: must be between 1 and 999999999 [envelope.control_number]; claims: a batch needs at least one claim [batch.empty]
    """
    batch = _check_types(claims, sender, receiver, control_number, created)
    x12_usage = _usage(usage)
    problems = _envelope_problems(sender, receiver, control_number, created, x12_usage)
    if not batch:
        problems.append(_problem("claims", "batch.empty", "a batch needs at least one claim"))
    total = 2 * len(batch)
    scrubbed = scrub_batch(
        batch,
        on=created.date(),
        code_sets=code_sets,
        progress=None if progress is None else lambda done, _n: progress(done, total),
    )
    if any(p.is_error for p in problems) or any(p.is_error for p in scrubbed):
        raise ValidationFailed(_merge(scrubbed, problems, _text_problems(batch, sender, receiver)))
    interchange = Interchange(
        sender_qualifier=sender.qualifier,
        sender_id=sender.id,
        receiver_qualifier=receiver.qualifier,
        receiver_id=receiver.id,
        control_number=control_number,
        created=created,
        usage=x12_usage or X12Usage.PRODUCTION,  # None was refused above
        groups=(
            FunctionalGroup(
                functional_id="HC",
                sender_code=sender.id,
                receiver_code=receiver.id,
                control_number=control_number,
                created=created,
                version=VERSION,
                transactions=(
                    Transaction(
                        set_id="837",
                        control_number=f"{control_number:04d}",
                        implementation=VERSION,
                        body=_body(
                            batch,
                            sender,
                            receiver,
                            control_number,
                            created,
                            progress=None
                            if progress is None
                            else lambda done: progress(len(batch) + done, total),
                        ),
                    ),
                ),
            ),
        ),
    )
    try:
        return serialize(interchange, line_breaks=line_breaks)
    except ValidationFailed as exc:
        located = _text_problems(batch, sender, receiver)
        raise ValidationFailed(_merge(scrubbed, (), located or exc.problems)) from None
