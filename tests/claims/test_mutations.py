"""The mutation suite: a valid claim broken one way at a time, refused with the right code.

Each mutation changes one thing in a valid claim. :func:`build_837p` must then
refuse the batch with :class:`ValidationFailed` holding the expected problem
code, and return nothing. Where the same fault can be written as X12 text, the
valid claim's 837P is changed the same way and given to pyx12, the external
validator: it must report errors exactly when ``pyx12_catches`` says so. The
table covers faults pyx12 also catches (structure, lengths, code lists,
characters) and faults only medoffice catches (check digits, code existence,
pointers, totals, dates, addresses), per the reference's section 4.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import pytest

from medoffice.claims import build_837p
from medoffice.claims._model import Accident, Batch, Claim, Provider
from medoffice.claims._rules import RULES_BY_CODE
from medoffice.claims.examples import dependent_visit, office_visit, receiver, submitter
from medoffice.exceptions import ValidationFailed
from tests.pyx12_judge import pyx12_errors

#: The day of service of the base claims: inside every bundled code set
#: (ICD-10-CM FY2025, HCPCS July 2025, place of service).
DOS = dt.date(2025, 8, 1)
CREATED = dt.datetime(2025, 8, 15, 12, 0, tzinfo=dt.UTC)


def _dated(claim: Claim) -> Claim:
    lines = tuple(attrs.evolve(line, service_date=DOS) for line in claim.lines)
    return attrs.evolve(claim, lines=lines, dates=attrs.evolve(claim.dates, onset=None))


SELF = _dated(office_visit())
DEPENDENT = _dated(dependent_visit())
OTHER_NPI = "1234567802"
FIVE = ("E119", "I10", "E785", "K219", "F419")
THIRTEEN = (*FIVE, "J45909", "R519", "G4700", "N390", "J069", "R051", "Z0000", "E6601")


def _build(claim: Claim) -> str:
    return build_837p(
        Batch(claims=(claim,)),
        sender=submitter(),
        receiver=receiver(),
        control_number=1,
        created=CREATED,
    )


BASE_TEXT = {"self": _build(SELF), "dependent": _build(DEPENDENT)}


# -- claim mutations ---------------------------------------------------------------


def _ev(value: Any, **changes: Any) -> Any:
    return attrs.evolve(value, **changes)


def claim(**changes: Any) -> Callable[[Claim], Claim]:
    return lambda c: _ev(c, **changes)


def billing(**changes: Any) -> Callable[[Claim], Claim]:
    return lambda c: _ev(c, billing=_ev(c.billing, **changes))


def billing_address(**changes: Any) -> Callable[[Claim], Claim]:
    return lambda c: _ev(c, billing=_ev(c.billing, address=_ev(c.billing.address, **changes)))


def subscriber(**changes: Any) -> Callable[[Claim], Claim]:
    return lambda c: _ev(c, subscriber=_ev(c.subscriber, **changes))


def subscriber_address(**changes: Any) -> Callable[[Claim], Claim]:
    return lambda c: _ev(
        c, subscriber=_ev(c.subscriber, address=_ev(c.subscriber.address, **changes))
    )


def patient(**changes: Any) -> Callable[[Claim], Claim]:
    return lambda c: _ev(c, patient=_ev(c.patient, **changes))


def line(i: int, **changes: Any) -> Callable[[Claim], Claim]:
    def mutate(c: Claim) -> Claim:
        lines = list(c.lines)
        lines[i] = _ev(lines[i], **changes)
        return _ev(c, lines=tuple(lines))

    return mutate


def then(*steps: Callable[[Claim], Claim]) -> Callable[[Claim], Claim]:
    def mutate(c: Claim) -> Claim:
        for step in steps:
            c = step(c)
        return c

    return mutate


# -- text mutations ------------------------------------------------------------------


def sub(*pairs: tuple[str, str]) -> Callable[[str], str]:
    """Replace each ``old`` with ``new`` in the 837P; each ``old`` must be there."""

    def mutate(text: str) -> str:
        for old, new in pairs:
            assert old in text, old
            text = text.replace(old, new)
        return text

    return mutate


_CLM = "CLM*PATACCT001*150***11:B:1*Y*A*Y*Y~"
_HI = "HI*ABK:E119*ABF:I10~"
_SV1_1 = "SV1*HC:99213*125*UN*1***1:2~"
_SV1_2 = "SV1*HC:36415*25*UN*1***1~"
_LINE_2 = "LX*2~SV1*HC:36415*25*UN*1***1~DTP*472*D8*20250801~"


def _hi(codes: tuple[str, ...]) -> str:
    return "HI*" + "*".join(("ABK:" if i == 0 else "ABF:") + c for i, c in enumerate(codes)) + "~"


def _fifty_one_lines(text: str) -> str:
    """The second line repeated up to line 51, with CLM02 to match."""
    extra = "".join(f"LX*{n}~{_SV1_2}DTP*472*D8*20250801~" for n in range(3, 52))
    return text.replace(_LINE_2, _LINE_2 + extra).replace("PATACCT001*150", "PATACCT001*1375")


def _recount(text: str) -> str:
    """``text`` with SE01 counting its segments again (after segments were added or removed)."""
    segments = text.split("~")
    start = next(i for i, s in enumerate(segments) if s.startswith("ST*"))
    end = next(i for i, s in enumerate(segments) if s.startswith("SE*"))
    control = segments[end].split("*")[2]
    segments[end] = f"SE*{end - start + 1}*{control}"
    return "~".join(segments)


@attrs.frozen
class Mutation:
    """One way to break a valid claim, what it is refused with, and what pyx12 says."""

    name: str
    mutate: Callable[[Claim], Claim]
    code: str
    pyx12_catches: bool
    text: Callable[[str], str] | None = None
    base: str = "self"


MUTATIONS: tuple[Mutation, ...] = (
    # -- provider identifiers (pyx12 misses all of these) --------------------------------
    *(
        Mutation(f"billing NPI {npi}", billing(npi=npi), code, False,
                 sub(("XX*1234567893", f"XX*{npi}")))
        for npi, code in (
            ("1234567890", "npi.checksum"),
            ("123456789", "npi.length"),
            ("12345678A3", "npi.format"),
            ("3234567891", "npi.prefix"),
        )
    ),
    *(
        Mutation(f"tax ID {ein}", billing(tax_id=ein), code, False,
                 sub(("REF*EI*371234567", f"REF*EI*{ein}")))
        for ein, code in (("37123456A", "ein.format"), ("37123456", "ein.length"))
    ),
    Mutation("taxonomy without the final X", billing(taxonomy="207Q00000"), "taxonomy.format", False,
             sub(("PXC*207Q00000X", "PXC*207Q00000"))),
    Mutation("referring provider as an organisation",
             claim(referring=Provider(npi=OTHER_NPI, name="REFERRAL CLINIC", entity="2")),
             "provider.entity", True,
             sub((_HI, _HI + "NM1*DN*2*REFERRAL CLINIC*****XX*1234567802~"))),
    # -- billing-provider address (pyx12 misses these) ---------------------------------
    Mutation("billing ZIP without +4", billing_address(postal_code="62701"), "zipcode.zip4", False,
             sub(("IL*627011234", "IL*62701"))),
    Mutation("billing state unknown", billing_address(state="ZZ"), "state.unknown", False,
             sub(("SPRINGFIELD*IL*627011234", "SPRINGFIELD*ZZ*627011234"))),
    Mutation("billing PO box", billing_address(line1="PO BOX 12"), "address.po_box", False,
             sub(("N3*123 MAIN ST", "N3*PO BOX 12"))),
    Mutation("billing address missing", billing(address=None), "address.required", True,
             sub(("N3*123 MAIN ST~N4*SPRINGFIELD*IL*627011234~", ""))),
    Mutation("subscriber ZIP starting 000", subscriber_address(postal_code="00012"),
             "zipcode.prefix", False, sub(("IL*62704", "IL*00012"))),
    Mutation("one-letter city", subscriber_address(city="X"), "text.too_short", True,
             sub(("N4*SPRINGFIELD*IL*62704", "N4*X*IL*62704"))),
    # -- diagnoses ------------------------------------------------------------------------
    Mutation("diagnosis that does not exist", claim(diagnoses=("E1199", "I10")), "icd10cm.unknown",
             False, sub(("ABK:E119", "ABK:E1199"))),
    Mutation("diagnosis header", claim(diagnoses=("E11", "I10")), "icd10cm.not_billable", False,
             sub(("ABK:E119", "ABK:E11"))),
    Mutation("diagnosis with a hyphen", claim(diagnoses=("E11-9", "I10")), "icd10cm.format", False,
             sub(("ABK:E119", "ABK:E11-9"))),
    Mutation("ICD-9 diagnosis", claim(diagnoses=("25000", "I10")), "icd10cm.first", False,
             sub(("ABK:E119", "ABK:25000"))),
    Mutation("duplicate diagnosis", claim(diagnoses=("E119", "E119")), "diagnoses.duplicate", False,
             sub(("ABF:I10", "ABF:E119"))),
    Mutation("no diagnosis", then(claim(diagnoses=()), line(0, pointers=(1,))),
             "diagnoses.required", True, sub((_HI, ""), (_SV1_1, _SV1_1.replace("1:2~", "1~")))),
    Mutation("thirteen diagnoses", claim(diagnoses=THIRTEEN), "diagnoses.too_many", True,
             sub((_HI, _hi(THIRTEEN)))),
    # -- pointers ---------------------------------------------------------------------------
    Mutation("pointer beyond the diagnoses", line(1, pointers=(3,)), "pointers.range", False,
             sub((_SV1_2, _SV1_2.replace("***1~", "***3~")))),
    Mutation("pointer 13", line(1, pointers=(13,)), "pointers.range", True,
             sub((_SV1_2, _SV1_2.replace("***1~", "***13~")))),
    Mutation("duplicate pointer", line(1, pointers=(1, 1)), "pointers.duplicate", False,
             sub((_SV1_2, _SV1_2.replace("***1~", "***1:1~")))),
    Mutation("five pointers", then(claim(diagnoses=FIVE), line(0, pointers=(1, 2, 3, 4, 5))),
             "pointers.too_many", True,
             sub((_HI, _hi(FIVE)), (_SV1_1, _SV1_1.replace("1:2~", "1:2:3:4:5~")))),
    # -- procedures and modifiers -----------------------------------------------------------
    Mutation("procedure of 4 digits", line(1, procedure="3641"), "procedure.format", False,
             sub(("HC:36415", "HC:3641"))),
    Mutation("HCPCS code that does not exist", line(1, procedure="J9998"), "hcpcs.unknown", False,
             sub(("HC:36415", "HC:J9998"))),
    Mutation("modifier of 3 characters", line(1, modifiers=("251",)), "modifier.length", True,
             sub(("HC:36415", "HC:36415:251"))),
    Mutation("NOC code without a description", line(1, procedure="J3490"),
             "procedure.description_required", False, sub(("HC:36415", "HC:J3490"))),
    # -- amounts ----------------------------------------------------------------------------
    Mutation("total not the sum of the lines", claim(total_charge=Decimal(151)), "total.mismatch",
             False, sub(("PATACCT001*150", "PATACCT001*151"))),
    Mutation("zero units", line(1, units=0), "units.not_positive", False,
             sub((_SV1_2, _SV1_2.replace("UN*1*", "UN*0*")))),
    Mutation("negative charge", line(1, charge=Decimal(-25)), "charge.not_positive", False,
             sub((_SV1_2, _SV1_2.replace("*25*", "*-25*")), ("PATACCT001*150", "PATACCT001*100"))),
    Mutation("charge with 3 decimals", line(1, charge=Decimal("25.001")), "amount.decimals", False,
             sub((_SV1_2, _SV1_2.replace("*25*", "*25.001*")),
                 ("PATACCT001*150", "PATACCT001*150.001"))),
    Mutation("charge of 19 digits", then(line(1, charge=Decimal(10**18)),
                                          claim(total_charge=None)),
             "number.too_long", True,
             sub((_SV1_2, _SV1_2.replace("*25*", f"*{10**18}*")),
                 ("PATACCT001*150", f"PATACCT001*{10**18 + 125}"))),
    Mutation("51 lines", claim(lines=(SELF.lines[0],) + (SELF.lines[1],) * 50), "lines.too_many",
             True, _fifty_one_lines),
    # -- claim codes --------------------------------------------------------------------------
    Mutation("replacement without the original claim number", claim(frequency="7"),
             "original_claim_number.required", False, sub(("11:B:1", "11:B:7"))),
    Mutation("place of service unassigned", claim(place_of_service="28"), "pos.unknown", True,
             sub(("*11:B:1*", "*28:B:1*"))),
    Mutation("auto accident without a state", claim(accident=Accident(causes=("AA",))),
             "accident.state_required", False, sub((_CLM, _CLM.replace("Y*Y~", "Y*Y**AA~")))),
    # -- dates ---------------------------------------------------------------------------------
    Mutation("date of service after the batch", line(1, service_date=dt.date(2025, 8, 20)),
             "date.future", False,
             sub(("LX*2~SV1*HC:36415*25*UN*1***1~DTP*472*D8*20250801",
                  "LX*2~SV1*HC:36415*25*UN*1***1~DTP*472*D8*20250820"))),
    Mutation("birth date in the future", subscriber(birth_date=dt.date(2026, 1, 1)), "date.future",
             False, sub(("DMG*D8*19800115", "DMG*D8*20260101"))),
    Mutation("service before birth", subscriber(birth_date=dt.date(2025, 8, 2)),
             "date.before_birth", False, sub(("DMG*D8*19800115", "DMG*D8*20250802"))),
    Mutation("service before ICD-10", line(1, service_date=dt.date(2015, 9, 30)),
             "date.before_icd10", False,
             sub(("LX*2~SV1*HC:36415*25*UN*1***1~DTP*472*D8*20250801",
                  "LX*2~SV1*HC:36415*25*UN*1***1~DTP*472*D8*20150930"))),
    # -- people ---------------------------------------------------------------------------------
    Mutation("self patient without sex", subscriber(sex=None), "sex.required", True,
             sub(("DMG*D8*19800115*M", "DMG*D8*19800115"))),
    Mutation("self patient without birth date", subscriber(birth_date=None, sex=None),
             "birth_date.required", False, sub(("DMG*D8*19800115*M~", ""))),
    Mutation("empty member id", subscriber(member_id=""), "text.required", True,
             sub(("*MI*XYZ123456789~", "*MI~"))),
    Mutation("dependent with relationship self", patient(relationship="18"), "patient.self", True,
             sub(("PAT*19~", "PAT*18~")), base="dependent"),
    # -- text --------------------------------------------------------------------------------
    Mutation("account number of 39 characters", claim(account_number="A" * 39), "text.too_long",
             True, sub(("CLM*PATACCT001*", "CLM*" + "A" * 39 + "*"))),
    Mutation("payer name with an element separator", lambda c: _ev(c, payer=_ev(c.payer, name="ACME*HEALTH")),
             "x12.delimiter", True, sub(("NM1*PR*2*ACME HEALTH PLAN", "NM1*PR*2*ACME*HEALTH"))),
    Mutation("subscriber name with a repetition separator", subscriber(last_name="DOE^SMITH"),
             "x12.delimiter", False, sub(("NM1*IL*1*DOE*", "NM1*IL*1*DOE^SMITH*"))),
    Mutation("subscriber name with a non-ASCII letter", subscriber(last_name="DO\u00c9"),
             "x12.charset", True, sub(("NM1*IL*1*DOE*", "NM1*IL*1*DO\u00c9*"))),
)  # fmt: skip


def test_the_bases_are_valid() -> None:
    for text in BASE_TEXT.values():
        assert _recount(text) == text
        assert pyx12_errors(text) == []


def test_at_least_thirty_mutations_both_kinds() -> None:
    assert len(MUTATIONS) >= 30
    assert len({m.name for m in MUTATIONS}) == len(MUTATIONS)
    caught = [m for m in MUTATIONS if m.pyx12_catches]
    missed = [m for m in MUTATIONS if not m.pyx12_catches]
    assert len(caught) >= 10
    assert len(missed) >= 20
    assert all(m.code in RULES_BY_CODE for m in MUTATIONS)


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.name)
def test_the_mutated_claim_is_refused(mutation: Mutation) -> None:
    base = SELF if mutation.base == "self" else DEPENDENT
    mutated = mutation.mutate(base)
    assert mutated != base
    with pytest.raises(ValidationFailed) as info:
        _build(mutated)
    codes = {p.code for p in info.value.errors}
    assert mutation.code in codes, [str(p) for p in info.value.problems]


@pytest.mark.parametrize(
    "mutation", [m for m in MUTATIONS if m.text is not None], ids=lambda m: m.name
)
def test_pyx12_on_the_same_fault_in_text(mutation: Mutation) -> None:
    assert mutation.text is not None
    text = _recount(mutation.text(BASE_TEXT[mutation.base]))
    errors = pyx12_errors(text)
    assert bool(errors) is mutation.pyx12_catches, errors
