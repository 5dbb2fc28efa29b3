"""Reading an 837P (005010X222A1) back into a :class:`~medoffice.claims.Batch`.

:func:`parse_837p` reads what :func:`~medoffice.claims.build_837p` writes, and
837P files from other systems. It walks the HL hierarchy (billing provider >
subscriber > patient) and the loops inside each claim by segment id and
qualifier, and returns the claims in file order, with their other payers
(loops 2320/2330A/2330B) and line adjudications (loop 2430). Segments and
loops that the claim model does not hold (PWK, CN1, K3, ambulance and DME
segments, the other payers' provider loops 2330C-G ...) are skipped, and each is
recorded as a warning :class:`~medoffice.exceptions.Problem` in
``batch.header.warnings``. Anything else that cannot be read is a
:class:`~medoffice.exceptions.ParseError` naming the segment number (1-based,
counted from the ISA), the element and the rule, never the value.

>>> from medoffice.claims.examples import office_visit
>>> text = (
...     "ISA*00*          *00*          *ZZ*SENDERID       *ZZ*RECEIVERID     "
...     "*240115*1200*^*00501*000000001*0*T*:~"
...     "GS*HC*SENDERID*RECEIVERID*20240115*1200*1*X*005010X222A1~"
...     "ST*837*0001*005010X222A1~BHT*0019*00*0123*20240115*1200*CH~"
...     "NM1*41*2*SMITH FAMILY PRACTICE*****46*TGJ23~PER*IC*JANE BILLER*TE*2175551234~"
...     "NM1*40*2*ACME CLEARINGHOUSE*****46*66783JJT~"
...     "HL*1**20*1~PRV*BI*PXC*207Q00000X~"
...     "NM1*85*2*SMITH FAMILY PRACTICE*****XX*1234567893~"
...     "N3*123 MAIN ST~N4*SPRINGFIELD*IL*627011234~REF*EI*371234567~"
...     "HL*2*1*22*0~SBR*P*18*GRP12345******CI~"
...     "NM1*IL*1*DOE*JOHN*A***MI*XYZ123456789~N3*456 OAK AVE~N4*SPRINGFIELD*IL*62704~"
...     "DMG*D8*19800115*M~NM1*PR*2*ACME HEALTH PLAN*****PI*12345~"
...     "CLM*PATACCT001*150***11:B:1*Y*A*Y*Y~HI*ABK:E119*ABF:I10~"
...     "LX*1~SV1*HC:99213*125*UN*1***1:2~DTP*472*D8*20240110~"
...     "LX*2~SV1*HC:36415*25*UN*1***1~DTP*472*D8*20240110~"
...     "SE*27*0001~GE*1*1~IEA*1*000000001~"
... )
>>> batch = parse_837p(text)
>>> batch.claims == (office_visit(),)
True
>>> batch.header.control_number, batch.header.created.isoformat(), batch.header.warnings
(1, '2024-01-15T12:00:00+00:00', ())
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import re
from collections.abc import Callable
from typing import Any, TypeVar

import attrs

from medoffice.claims._model import (
    Accident,
    AccidentCause,
    Address,
    Assignment,
    Batch,
    BenefitsAssignment,
    Claim,
    ClaimDates,
    Drug,
    DrugUnit,
    EntityType,
    FilingIndicator,
    Frequency,
    Header,
    LineAdjudication,
    OtherPayer,
    OtherSubscriber,
    Patient,
    Payer,
    PayerAdjustment,
    PayerResponsibility,
    Provider,
    Receiver,
    Relationship,
    ReleaseOfInformation,
    ServiceLine,
    Sex,
    Submitter,
    Subscriber,
    TaxIdKind,
    UnitKind,
    Usage,
)
from medoffice.exceptions import ParseError, Problem, Severity
from medoffice.x12 import Interchange, Segment, parse

__all__ = ["parse_837p"]

_T = TypeVar("_T")
_E = TypeVar("_E", bound=enum.Enum)

#: The implementation guide this reader understands (ST03 and GS08).
IMPLEMENTATION = "005010X222A1"

# The stable error codes.
MISSING_SEGMENT = "x12.837p.missing_segment"
MISSING_ELEMENT = "x12.837p.missing_element"
UNEXPECTED_SEGMENT = "x12.837p.unexpected_segment"
BAD_VALUE = "x12.837p.bad_value"
HIERARCHY = "x12.837p.hierarchy"
UNSUPPORTED = "x12.837p.unsupported"
# The warning codes.
SKIPPED = "x12.837p.skipped"
INCONSISTENT = "x12.837p.inconsistent"
LOSSY = "x12.837p.lossy"

# X12 type R (a decimal number) and DT (CCYYMMDD), as this reader accepts them.
_AMOUNT = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_D8 = re.compile(r"[0-9]{8}")
_TIME = re.compile(r"[0-9]{4}(?:[0-9]{2}(?:[0-9]{1,2})?)?")

# -- what each loop may hold ----------------------------------------------------------

#: Claim-level DTP qualifiers and the ClaimDates field each fills (439 is the accident date).
_CLAIM_DATES = {
    "431": "onset",
    "454": "initial_treatment",
    "304": "last_seen",
    "453": "acute_manifestation",
    "484": "last_menstrual_period",
    "455": "last_xray",
    "360": "disability_start",
    "361": "disability_end",
    "297": "last_worked",
    "296": "return_to_work",
    "435": "admission",
    "096": "discharge",
}
#: Claim-level REF qualifiers and the Claim field each fills.
_CLAIM_REFS = {
    "9F": "referral_number",
    "G1": "prior_authorization",
    "F8": "original_claim_number",
    "EA": "medical_record_number",
}
#: Segments of loop 2300 before the provider loops (in any order).
_CLAIM_SEGMENTS = frozenset(
    {"DTP", "PWK", "CN1", "AMT", "REF", "K3", "NTE", "CR1", "CR2", "CRC", "HI", "HCP"}
)
#: Segments of loop 2400 after SV1 and before the drug and provider loops.
_LINE_SEGMENTS = frozenset(
    {"SV5", "PWK", "CR1", "CR3", "CRC", "DTP", "QTY", "MEA", "CN1", "REF", "AMT", "K3",
     "NTE", "PS1", "HCP"}
)  # fmt: skip
#: What may follow the NM1 of a provider or location loop.
_NAME_LOOP = frozenset({"N3", "N4", "REF", "PER", "PRV"})
#: Loops 2330C-G: other-payer provider NM1 qualifiers the model does not hold.
_OTHER_PAYER_PARTIES = {
    "DN": ("2330C", "other payer referring provider"),
    "P3": ("2330C", "other payer primary care provider"),
    "82": ("2330D", "other payer rendering provider"),
    "77": ("2330E", "other payer service facility location"),
    "DQ": ("2330F", "other payer supervising provider"),
    "85": ("2330G", "other payer billing provider"),
}
#: The elements of a CAS segment: the group, then six reason/amount/quantity triplets.
_CAS_ELEMENTS = 19
#: Loops 2310D-F and 2420B-H: NM1 qualifiers the model does not hold, and what they are.
_CLAIM_PARTIES = {
    "P3": ("2310A", "primary care provider"),
    "DQ": ("2310D", "supervising provider"),
    "PW": ("2310E", "ambulance pick-up location"),
    "45": ("2310F", "ambulance drop-off location"),
}
_LINE_PARTIES = {
    "QB": ("2420B", "purchased service provider"),
    "77": ("2420C", "line service facility"),
    "DQ": ("2420D", "line supervising provider"),
    "DK": ("2420E", "ordering provider"),
    "DN": ("2420F", "line referring provider"),
    "P3": ("2420F", "line primary care provider"),
    "PW": ("2420G", "line ambulance pick-up location"),
    "45": ("2420H", "line ambulance drop-off location"),
}
#: Names of skipped segments, for the warnings.
_SEGMENT_NAMES = {
    "AMT": "amount",
    "CN1": "contract information",
    "CR1": "ambulance transport information",
    "CR2": "spinal manipulation information",
    "CR3": "DME certification",
    "CRC": "condition information",
    "CUR": "foreign currency information",
    "DMG": "demographic information",
    "DTP": "date",
    "HCP": "pricing/repricing information",
    "HI": "other health care information",
    "K3": "file information",
    "MEA": "test result",
    "NTE": "note",
    "PAT": "patient information",
    "PER": "contact information",
    "PS1": "purchased service information",
    "PWK": "supplemental information (paperwork)",
    "QTY": "quantity",
    "REF": "reference identifier",
    "SV5": "DME service",
}
_YES_NO = {"Y": True, "N": False}


# -- one segment, with its number ------------------------------------------------------


class _Fields:
    """A segment and its number in the file, with element readers that raise ParseError."""

    __slots__ = ("number", "seg")

    def __init__(self, seg: Segment, number: int) -> None:
        self.seg = seg
        self.number = number

    def error(self, code: str, message: str, element: int | None = None) -> ParseError:
        return ParseError(
            message, code=code, segment=self.number, element=element, segment_id=self.seg.id
        )

    def name(self, n: int, k: int | None = None) -> str:
        """``CLM05`` or ``CLM05-3``."""
        return f"{self.seg.id}{n:02d}" + ("" if k is None else f"-{k}")

    def text(self, n: int) -> str:
        """Simple element ``n``: '' when absent; a composite is refused."""
        elements = self.seg.elements
        value = elements[n - 1] if n <= len(elements) else ""
        if isinstance(value, tuple):
            msg = f"{self.name(n)} must be a simple element, not a composite"
            raise self.error(BAD_VALUE, msg, n)
        return value

    def optional(self, n: int) -> str | None:
        return self.text(n) or None

    def required(self, n: int, what: str) -> str:
        value = self.text(n)
        if not value:
            msg = f"{self.name(n)} ({what}) is required"
            raise self.error(MISSING_ELEMENT, msg, n)
        return value

    def components(self, n: int) -> tuple[str, ...]:
        elements = self.seg.elements
        value = elements[n - 1] if n <= len(elements) else ""
        return (value,) if isinstance(value, str) else value

    def component(self, n: int, k: int) -> str:
        return self.seg.component(n, k)

    def required_component(self, n: int, k: int, what: str) -> str:
        value = self.component(n, k)
        if not value:
            msg = f"{self.name(n, k)} ({what}) is required"
            raise self.error(MISSING_ELEMENT, msg, n)
        return value

    def amount(self, n: int, what: str, k: int | None = None) -> decimal.Decimal:
        value = self.required(n, what) if k is None else self.required_component(n, k, what)
        if _AMOUNT.fullmatch(value) is None:
            msg = f"{self.name(n, k)} ({what}) must be a decimal number such as 125.5"
            raise self.error(BAD_VALUE, msg, n)
        return decimal.Decimal(value)

    def date(self, n: int, what: str, value: str | None = None) -> dt.date:
        value = self.required(n, what) if value is None else value
        if _D8.fullmatch(value) is not None:
            try:
                return dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))
            except ValueError:
                pass
        msg = f"{self.name(n)} ({what}) must be a date CCYYMMDD"
        raise self.error(BAD_VALUE, msg, n)

    def code(self, n: int, cls: type[_E], what: str, k: int | None = None) -> _E:
        value = self.required(n, what) if k is None else self.required_component(n, k, what)
        try:
            return cls(value)
        except ValueError:
            allowed = ", ".join(str(m.value) for m in cls)
            msg = f"{self.name(n, k)} ({what}) must be one of the codes {allowed}"
            raise self.error(BAD_VALUE, msg, n) from None

    def flag(self, n: int, what: str) -> bool:
        value = self.required(n, what)
        if value not in _YES_NO:
            msg = f"{self.name(n)} ({what}) must be Y or N"
            raise self.error(BAD_VALUE, msg, n)
        return _YES_NO[value]

    def make(self, cls: Callable[..., _T], **fields: Any) -> _T:
        """``cls(**fields)``, with the model's refusals as a ParseError at this segment."""
        try:
            return cls(**fields)
        except (TypeError, ValueError) as exc:
            # The model's messages name the field and the rule, never the value.
            msg = f"the claim model refuses what this segment says: {exc}"
            raise self.error(BAD_VALUE, msg) from None


# -- the hierarchy ---------------------------------------------------------------------


@attrs.frozen
class _Billing:
    """What a 2000A billing-provider level gives the claims under it."""

    provider: Provider
    pay_to: Address | None


@attrs.frozen
class _Insured:
    """What a 2000B subscriber level gives the claims under it."""

    billing: _Billing
    subscriber: Subscriber
    payer: Payer
    is_self: bool


@attrs.frozen
class _Start:
    """The submitter, receiver and creation time of one transaction."""

    created: dt.datetime
    sender: Submitter
    receiver: Receiver


class _Transaction:
    """Reads the body of one 837P transaction (the segments between ST and SE)."""

    def __init__(
        self,
        body: tuple[Segment, ...],
        first: int,
        interchange: Interchange,
        claims: list[Claim],
        warnings: list[Problem],
    ) -> None:
        self.body = body
        self.first = first  # the segment number of body[0]
        self.index = 0
        self.interchange = interchange
        self.claims = claims
        self.warnings = warnings
        self.path = ""

    # -- the cursor ------------------------------------------------------------------

    def peek(self) -> Segment | None:
        return self.body[self.index] if self.index < len(self.body) else None

    def at(self, sid: str, *qualifiers: str) -> bool:
        seg = self.peek()
        return (
            seg is not None and seg.id == sid and (not qualifiers or seg.element(1) in qualifiers)
        )

    def take(self) -> _Fields:
        fields = _Fields(self.body[self.index], self.first + self.index)
        self.index += 1
        return fields

    def here(self) -> tuple[int, str]:
        """The number and id of the next segment (the SE when the body is read)."""
        seg = self.peek()
        return self.first + self.index, "SE" if seg is None else seg.id

    def missing(self, label: str, what: str) -> ParseError:
        number, sid = self.here()
        msg = f"{label} ({what}) is missing: it must come before this segment"
        return ParseError(msg, code=MISSING_SEGMENT, segment=number, segment_id=sid)

    def unexpected(self, expected: str) -> ParseError:
        number, sid = self.here()
        msg = f"this {sid} segment cannot appear here; expected {expected}"
        return ParseError(msg, code=UNEXPECTED_SEGMENT, segment=number, segment_id=sid)

    def expect(self, sid: str, qualifier: str, what: str) -> _Fields:
        if self.at(sid, qualifier) if qualifier else self.at(sid):
            return self.take()
        raise self.missing(f"{sid}*{qualifier}" if qualifier else sid, what)

    def warn(self, code: str, message: str) -> None:
        self.warnings.append(
            Problem(path=self.path, code=code, severity=Severity.WARNING, message=message)
        )

    def skip(self, what: str = "") -> None:
        """Skip one segment the model does not hold, with a warning."""
        f = self.take()
        what = what or _SEGMENT_NAMES.get(f.seg.id, "segment")
        self.warn(
            SKIPPED,
            f"segment {f.number} ({f.seg.id}, {what}) is not held by the claim model; skipped",
        )

    def skip_loop(self, loop: str, what: str, members: frozenset[str]) -> None:
        """Skip a loop: its first segment and every following one in ``members``."""
        f = self.take()
        while (seg := self.peek()) is not None and seg.id in members:
            self.index += 1
        last = self.first + self.index - 1
        where = f"segment {f.number}" if last == f.number else f"segments {f.number}-{last}"
        self.warn(
            SKIPPED,
            f"loop {loop} ({what}) in {where}, starting with {f.seg.id}, "
            "is not held by the claim model; skipped",
        )

    def once(self, seen: dict[str, int], key: str, f: _Fields, what: str) -> None:
        """Refuse a second segment for a value the model holds once."""
        if key in seen:
            msg = f"a second {what} segment; the first is segment {seen[key]}"
            raise f.error(UNEXPECTED_SEGMENT, msg)
        seen[key] = f.number

    # -- the header ------------------------------------------------------------------

    def start(self) -> _Start:
        bht = self.expect("BHT", "", "the beginning of the hierarchical transaction")
        if bht.text(1) != "0019":
            raise bht.error(BAD_VALUE, "BHT01 must be 0019 (information source, subscriber ...)", 1)
        if bht.text(2) not in {"00", "18"}:
            raise bht.error(BAD_VALUE, "BHT02 must be 00 (original) or 18 (reissue)", 2)
        day = bht.date(4, "the creation date")
        clock = bht.required(5, "the creation time")
        if _TIME.fullmatch(clock) is None or not (
            int(clock[:2]) <= 23 and int(clock[2:4]) <= 59 and int(clock[4:6] or 0) <= 59
        ):
            raise bht.error(BAD_VALUE, "BHT05 (the creation time) must be HHMM or HHMMSS", 5)
        second = int(clock[4:6] or 0)
        if bht.text(6) not in {"CH", "RP", "31"}:
            raise bht.error(BAD_VALUE, "BHT06 must be CH (chargeable), RP or 31", 6)
        created = dt.datetime.combine(day, dt.time(int(clock[:2]), int(clock[2:4]), second), dt.UTC)
        nm1 = self.expect("NM1", "41", "the submitter name, loop 1000A")
        phone: str | None = None
        email: str | None = None
        per = self.expect("PER", "IC", "the submitter contact, loop 1000A")
        contact = per.text(2)
        for n in (3, 5, 7):
            kind, number = per.text(n), per.text(n + 1)
            if kind == "TE" and phone is None:
                phone = number or None
            elif kind == "EM" and email is None:
                email = number or None
        while self.at("PER"):
            self.skip("a second submitter contact")
        sender = nm1.make(
            Submitter,
            id=nm1.required(9, "the submitter identifier"),
            name=nm1.required(3, "the submitter name"),
            contact_name=contact,
            phone=phone,
            email=email,
            entity=nm1.code(2, EntityType, "the entity type"),
            qualifier=self.interchange.sender_qualifier,
        )
        nm1 = self.expect("NM1", "40", "the receiver name, loop 1000B")
        receiver = nm1.make(
            Receiver,
            id=nm1.required(9, "the receiver identifier"),
            name=nm1.required(3, "the receiver name"),
            qualifier=self.interchange.receiver_qualifier,
        )
        return _Start(created=created, sender=sender, receiver=receiver)

    # -- the HL hierarchy ------------------------------------------------------------

    def read(self) -> _Start:
        start = self.start()
        levels: dict[str, tuple[str, _Billing | _Insured]] = {}
        if not self.at("HL"):
            raise self.missing("HL", "the billing provider level, loop 2000A")
        while self.peek() is not None:
            if not self.at("HL"):
                raise self.unexpected("HL (a new level) or CLM (a new claim)")
            hl = self.take()
            key = hl.required(1, "the hierarchical id")
            if key in levels:
                raise hl.error(HIERARCHY, "HL01 repeats the id of an earlier HL segment", 1)
            parent = hl.text(2)
            level = hl.required(3, "the hierarchical level code")
            if level == "20":
                if parent:
                    msg = "HL02 must be empty for a billing provider (level 20)"
                    raise hl.error(HIERARCHY, msg, 2)
                levels[key] = (level, self.billing())
            elif level == "22":
                above = self.parent(hl, levels, parent, "20")
                assert isinstance(above, _Billing)  # noqa: S101 - parent() checked the level
                insured = self.insured(above)
                levels[key] = (level, insured)
                if self.at("CLM") and not insured.is_self:
                    self.path = f"claims[{len(self.claims)}]"
                    self.warn(
                        INCONSISTENT,
                        f"the claims under segment {hl.number} (HL, a subscriber level) are "
                        "read as the subscriber's own, but SBR02 is not 18 (self)",
                    )
                while self.at("CLM"):
                    self.claims.append(self.claim(insured, None))
            elif level == "23":
                above = self.parent(hl, levels, parent, "22")
                assert isinstance(above, _Insured)  # noqa: S101 - parent() checked the level
                self.path = ""
                if above.is_self:
                    self.warn(
                        INCONSISTENT,
                        f"segment {hl.number} (HL) is a patient level under a subscriber "
                        "whose SBR02 is 18 (self); its claims are read as the patient's",
                    )
                patient = self.patient()
                while self.at("CLM"):
                    self.claims.append(self.claim(above, patient))
            else:
                raise hl.error(BAD_VALUE, "HL03 must be 20, 22 or 23", 3)
        return start

    @staticmethod
    def parent(
        hl: _Fields, levels: dict[str, tuple[str, _Billing | _Insured]], parent: str, level: str
    ) -> _Billing | _Insured:
        if not parent:
            raise hl.error(HIERARCHY, "HL02 (the parent id) is required for this level", 2)
        found = levels.get(parent)
        if found is None or found[0] != level:
            msg = f"HL02 must be the id of an earlier HL segment of level {level}"
            raise hl.error(HIERARCHY, msg, 2)
        return found[1]

    # -- names and addresses -----------------------------------------------------------

    def address(self, what: str) -> Address | None:
        """N3 and N4, if there; an N4 without N3 or an N3 without N4 is refused."""
        if not self.at("N3"):
            if self.at("N4"):
                raise self.missing("N3", f"the street address of {what}")
            return None
        n3 = self.take()
        n4 = self.expect("N4", "", f"the city, state and ZIP code of {what}")
        return n4.make(
            Address,
            line1=n3.required(1, "the street address"),
            line2=n3.text(2),
            city=n4.text(1),
            state=n4.text(2),
            postal_code=n4.text(3),
            country=n4.text(4),
        )

    @staticmethod
    def person(nm1: _Fields) -> dict[str, Any]:
        return {
            "first_name": nm1.text(4),
            "middle_name": nm1.text(5),
            "suffix": nm1.text(7),
        }

    def npi(self, nm1: _Fields) -> str | None:
        """NM109 when NM108 is XX; a warning when another kind of identifier is there."""
        qualifier = nm1.text(8)
        if qualifier == "XX":
            return nm1.required(9, "the NPI")
        if qualifier:
            self.warn(
                LOSSY,
                f"segment {nm1.number} (NM1): NM108 is not XX, so the provider is read "
                "without its identifier",
            )
        return None

    def provider(self, nm1: _Fields, what: str, **more: Any) -> Provider:
        return nm1.make(
            Provider,
            npi=self.npi(nm1),
            entity=nm1.code(2, EntityType, "the entity type"),
            name=nm1.required(3, f"the name of {what}"),
            **self.person(nm1),
            **more,
        )

    def specialty(self, qualifier: str) -> str | None:
        """PRV (the taxonomy code), if there."""
        if not self.at("PRV"):
            return None
        prv = self.take()
        if prv.text(1) != qualifier:
            raise prv.error(BAD_VALUE, f"PRV01 must be {qualifier} here", 1)
        return prv.required(3, "the taxonomy code")

    def extras(self, ids: frozenset[str]) -> None:
        """Skip the segments of ``ids`` (secondary REFs, contacts ...) with warnings."""
        while (seg := self.peek()) is not None and seg.id in ids:
            self.skip()

    # -- 2000A, 2000B, 2000C -------------------------------------------------------------

    def billing(self) -> _Billing:
        self.path = ""
        taxonomy = None
        while self.at("PRV") or self.at("CUR"):
            if self.at("CUR"):
                self.skip()
            elif taxonomy is None:
                taxonomy = self.specialty("BI")
            else:
                raise self.unexpected("a single PRV segment in loop 2000A")
        nm1 = self.expect("NM1", "85", "the billing provider name, loop 2010AA")
        address = self.address("the billing provider")
        tax_id: str | None = None
        kind = TaxIdKind.EIN
        while self.at("REF") or self.at("PER"):
            if self.at("REF", "EI", "SY") and tax_id is None:
                ref = self.take()
                kind = ref.code(1, TaxIdKind, "the tax id qualifier")
                tax_id = ref.required(2, "the tax identifier")
            else:
                self.skip()
        provider = self.provider(
            nm1, "the billing provider", taxonomy=taxonomy, tax_id=tax_id,
            tax_id_kind=kind, address=address,
        )  # fmt: skip
        pay_to = None
        if self.at("NM1", "87"):
            nm1 = self.take()
            pay_to = self.address("the pay-to address")
            if pay_to is None:
                raise self.missing("N3", "the pay-to address, loop 2010AB")
        if self.at("NM1", "PE"):
            self.skip_loop("2010AC", "pay-to plan", frozenset({"N3", "N4", "REF"}))
        return _Billing(provider=provider, pay_to=pay_to)

    def insured(self, billing: _Billing) -> _Insured:
        self.path = ""
        sbr = self.expect("SBR", "", "the subscriber information")
        relationship = sbr.text(2)
        if relationship not in {"", "18"}:
            raise sbr.error(BAD_VALUE, "SBR02 must be 18 (self) or empty", 2)
        if self.at("PAT"):
            self.skip("patient information of a subscriber who is the patient")
        nm1 = self.expect("NM1", "IL", "the subscriber name, loop 2010BA")
        address = self.address("the subscriber")
        birth_date, sex = self.demographics()
        self.extras(frozenset({"REF", "PER"}))
        subscriber = sbr.make(
            Subscriber,
            last_name=nm1.required(3, "the subscriber's last name"),
            **self.person(nm1),
            member_id=nm1.required(9, "the member identifier"),
            birth_date=birth_date,
            sex=sex,
            address=address,
            group_number=sbr.optional(3),
            group_name=sbr.optional(4),
            responsibility=sbr.code(1, PayerResponsibility, "the payer responsibility"),
            filing_indicator=sbr.code(9, FilingIndicator, "the claim filing indicator"),
        )
        nm1 = self.expect("NM1", "PR", "the payer name, loop 2010BB")
        payer_address = self.address("the payer")
        self.extras(frozenset({"REF"}))
        payer = nm1.make(
            Payer,
            name=nm1.required(3, "the payer name"),
            id=nm1.required(9, "the payer identifier"),
            address=payer_address,
        )
        return _Insured(
            billing=billing, subscriber=subscriber, payer=payer, is_self=bool(relationship)
        )

    def demographics(self) -> tuple[dt.date | None, Sex | None]:
        if not self.at("DMG"):
            return None, None
        dmg = self.take()
        birth_date = None
        if dmg.text(2):
            if dmg.text(1) != "D8":
                raise dmg.error(BAD_VALUE, "DMG01 must be D8", 1)
            birth_date = dmg.date(2, "the birth date")
        sex = dmg.code(3, Sex, "the sex") if dmg.text(3) else None
        return birth_date, sex

    def patient(self) -> Patient:
        pat = self.expect("PAT", "", "the patient information, loop 2000C")
        relationship = pat.code(1, Relationship, "the relationship to the subscriber")
        if relationship is Relationship.SELF:
            msg = "PAT01 must not be 18 (self): a patient level is for a patient who is not the subscriber"
            raise pat.error(BAD_VALUE, msg, 1)
        nm1 = self.expect("NM1", "QC", "the patient name, loop 2010CA")
        address = self.address("the patient")
        birth_date, sex = self.demographics()
        self.extras(frozenset({"REF", "PER"}))
        return nm1.make(
            Patient,
            last_name=nm1.required(3, "the patient's last name"),
            **self.person(nm1),
            birth_date=birth_date,
            sex=sex,
            address=address,
            relationship=relationship,
        )

    # -- 2300 ----------------------------------------------------------------------------

    def claim(self, insured: _Insured, patient: Patient | None) -> Claim:
        index = len(self.claims)
        self.path = f"claims[{index}]"
        clm = self.take()
        fields: dict[str, Any] = {
            "account_number": clm.required(1, "the patient account number"),
            "place_of_service": clm.required_component(5, 1, "the place of service"),
            "frequency": clm.code(5, Frequency, "the claim frequency code", k=3),
            "provider_signature": clm.flag(6, "the provider signature indicator"),
            "assignment": clm.code(7, Assignment, "the assignment code"),
            "benefits_assigned": clm.code(8, BenefitsAssignment, "the benefits assignment"),
            "release_of_information": clm.code(9, ReleaseOfInformation, "the release code"),
        }
        total = clm.amount(2, "the total charge")
        if clm.component(5, 2) not in {"", "B"}:
            raise clm.error(BAD_VALUE, "CLM05-2 must be B (place of service codes)", 5)
        accident = self.causes(clm)
        dates: dict[str, dt.date] = {}
        diagnoses = self.claim_segments(clm, fields, dates)
        fields.update(self.claim_providers())
        others: list[OtherPayer] = []
        while self.at("SBR"):
            self.path = f"claims[{index}].other_payers[{len(others)}]"
            others.append(self.other_payer())
        self.path = f"claims[{index}]"
        if not self.at("LX"):
            raise self.missing("LX", f"a service line of the claim at segment {clm.number}")
        lines: list[ServiceLine] = []
        while self.at("LX"):
            self.path = f"claims[{index}].lines[{len(lines)}]"
            lines.append(self.line())
        self.path = f"claims[{index}]"
        accident_date = dates.pop("accident", None)
        if accident is not None or accident_date is not None:
            causes, state, country = accident or ((), None, "")
            accident_value = clm.make(
                Accident, causes=causes, state=state, country=country, date=accident_date
            )
        else:
            accident_value = None
        line_total = sum((line.charge for line in lines), decimal.Decimal(0))
        return clm.make(
            Claim,
            billing=insured.billing.provider,
            pay_to=insured.billing.pay_to,
            payer=insured.payer,
            subscriber=insured.subscriber,
            patient=patient,
            accident=accident_value,
            dates=clm.make(ClaimDates, **dates),
            diagnoses=diagnoses,
            lines=tuple(lines),
            total_charge=None if total == line_total else total,
            other_payers=tuple(others),
            **fields,
        )

    def claim_segments(
        self, clm: _Fields, fields: dict[str, Any], dates: dict[str, dt.date]
    ) -> tuple[str, ...]:
        """The 2300 segments between CLM and the provider loops; returns the diagnoses."""
        seen: dict[str, int] = {}
        diagnoses: tuple[str, ...] | None = None
        while (seg := self.peek()) is not None and seg.id in _CLAIM_SEGMENTS:
            if seg.id == "HI" and seg.component(1, 1) in {"ABK", "BK", "ABF", "BF"}:
                hi = self.take()
                self.once(seen, "HI", hi, "diagnosis HI")
                diagnoses = self.diagnoses(hi)
                if hi.component(1, 1) == "BK":
                    self.warn(
                        LOSSY,
                        f"segment {hi.number} (HI) has ICD-9-CM qualifiers (BK, BF); the codes "
                        "are read as diagnoses, which the model takes for ICD-10-CM",
                    )
            elif seg.id == "DTP" and (
                seg.element(1) in _CLAIM_DATES or seg.element(1) in {"439", "314"}
            ):
                dtp = self.take()
                self.once(seen, "DTP" + dtp.text(1), dtp, f"DTP*{dtp.text(1)}")
                self.claim_date(dtp, dates)
            elif seg.id == "REF" and seg.element(1) in _CLAIM_REFS:
                ref = self.take()
                self.once(seen, "REF" + ref.text(1), ref, f"REF*{ref.text(1)}")
                fields[_CLAIM_REFS[ref.text(1)]] = ref.required(2, "the reference identifier")
            elif seg.id == "AMT" and seg.element(1) == "F5":
                amt = self.take()
                self.once(seen, "AMT", amt, "AMT*F5")
                fields["patient_paid"] = amt.amount(2, "the patient amount paid")
            elif seg.id == "NTE" and seg.element(1) == "ADD":
                nte = self.take()
                self.once(seen, "NTE", nte, "NTE*ADD")
                fields["note"] = nte.required(2, "the note")
            else:
                self.skip()
        if diagnoses is None:
            raise self.missing("HI", f"the diagnoses of the claim at segment {clm.number}")
        return diagnoses

    @staticmethod
    def causes(clm: _Fields) -> tuple[tuple[AccidentCause, ...], str | None, str] | None:
        """CLM11: up to three causes, the state and the country; None if absent."""
        parts = clm.components(11)
        if not any(parts):
            return None
        causes = tuple(
            clm.code(11, AccidentCause, "the related cause", k=k)
            for k in (1, 2, 3)
            if clm.component(11, k)
        )
        return causes, clm.component(11, 4) or None, clm.component(11, 5)

    @staticmethod
    def diagnoses(hi: _Fields) -> tuple[str, ...]:
        if hi.component(1, 1) not in {"ABK", "BK"}:
            msg = "HI01-1 must be ABK: the first diagnosis is the principal one"
            raise hi.error(BAD_VALUE, msg, 1)
        found = []
        for n in range(1, len(hi.seg.elements) + 1):
            qualifier = hi.component(n, 1)
            if n > 12:
                raise hi.error(BAD_VALUE, "an HI segment holds at most 12 diagnoses", n)
            if n > 1 and qualifier not in {"ABF", "BF"}:
                msg = f"{hi.name(n, 1)} must be ABF (another diagnosis)"
                raise hi.error(BAD_VALUE, msg, n)
            found.append(hi.required_component(n, 2, "the diagnosis code"))
        return tuple(found)

    @staticmethod
    def claim_date(dtp: _Fields, dates: dict[str, dt.date]) -> None:
        qualifier, form = dtp.text(1), dtp.text(2)
        if qualifier == "314":  # disability dates, as a range or a single date
            if form == "RD8":
                first, last = _range(dtp)
                dates["disability_start"], dates["disability_end"] = first, last
                return
            qualifier = "360"
        if form != "D8":
            raise dtp.error(BAD_VALUE, "DTP02 must be D8 (a single date) here", 2)
        field = "accident" if qualifier == "439" else _CLAIM_DATES[qualifier]
        if field in dates:
            raise dtp.error(UNEXPECTED_SEGMENT, "this date was already given for the claim")
        dates[field] = dtp.date(3, "the date")

    def claim_providers(self) -> dict[str, Provider]:
        """Loops 2310A-F: the referring and rendering providers and the facility."""
        found: dict[str, Provider] = {}
        seen: dict[str, int] = {}
        while self.at("NM1"):
            qualifier = self.peek().element(1)  # type: ignore[union-attr]  # at() saw it
            if qualifier in _CLAIM_PARTIES:
                loop, what = _CLAIM_PARTIES[qualifier]
                self.skip_loop(loop, what, _NAME_LOOP)
                continue
            nm1 = self.take()
            if qualifier == "DN":
                self.once(seen, qualifier, nm1, "referring provider NM1")
                self.extras(frozenset({"REF"}))
                found["referring"] = self.provider(nm1, "the referring provider")
            elif qualifier == "82":
                self.once(seen, qualifier, nm1, "rendering provider NM1")
                taxonomy = self.specialty("PE")
                self.extras(frozenset({"REF"}))
                found["rendering"] = self.provider(nm1, "the rendering provider", taxonomy=taxonomy)
            elif qualifier == "77":
                self.once(seen, qualifier, nm1, "service facility NM1")
                address = self.address("the service facility")
                self.extras(frozenset({"REF", "PER"}))
                found["facility"] = nm1.make(
                    Provider,
                    npi=self.npi(nm1),
                    entity=nm1.code(2, EntityType, "the entity type"),
                    name=nm1.required(3, "the service facility name"),
                    address=address,
                )
            else:
                msg = "NM101 is not a provider of loop 2310 (DN, P3, 82, 77, DQ, PW or 45)"
                raise nm1.error(UNEXPECTED_SEGMENT, msg, 1)
        return found

    # -- 2400 ----------------------------------------------------------------------------

    def line(self) -> ServiceLine:
        lx = self.take()
        sv1 = self.expect("SV1", "", f"the professional service of the line at segment {lx.number}")
        qualifier = sv1.required_component(1, 1, "the procedure code qualifier")
        if qualifier != "HC":
            self.warn(
                LOSSY,
                f"segment {sv1.number} (SV1): SV101-1 is not HC, so the procedure code is "
                "read as a CPT/HCPCS code",
            )
        parts = sv1.components(1)
        fields: dict[str, Any] = {
            "procedure": sv1.required_component(1, 2, "the procedure code"),
            "modifiers": tuple(m for m in parts[2:6] if m),
            "description": sv1.component(1, 7) or None,
            "charge": sv1.amount(2, "the line charge"),
            "unit": sv1.code(3, UnitKind, "the unit of measure"),
            "units": sv1.amount(4, "the units"),
            "place_of_service": sv1.optional(5),
            "pointers": self.pointers(sv1),
            "emergency": sv1.text(9) == "Y",
        }
        if sv1.text(9) not in {"", "Y", "N"}:
            raise sv1.error(BAD_VALUE, "SV109 (the emergency indicator) must be Y or empty", 9)
        seen: dict[str, int] = {}
        while (seg := self.peek()) is not None and seg.id in _LINE_SEGMENTS:
            if seg.id == "DTP" and seg.element(1) == "472":
                dtp = self.take()
                self.once(seen, "DTP", dtp, "DTP*472")
                form = dtp.text(2)
                if form == "D8":
                    fields["service_date"] = dtp.date(3, "the date of service")
                elif form == "RD8":
                    fields["service_date"], fields["service_end"] = _range(dtp)
                else:
                    raise dtp.error(BAD_VALUE, "DTP02 must be D8 or RD8", 2)
            elif seg.id == "REF" and seg.element(1) == "6R":
                ref = self.take()
                self.once(seen, "REF", ref, "REF*6R")
                fields["control_number"] = ref.required(2, "the line item control number")
            else:
                self.skip()
        if "service_date" not in fields:
            raise self.missing("DTP*472", f"the date of service of the line at segment {lx.number}")
        if self.at("LIN"):
            fields["drug"] = self.drug()
        while self.at("NM1"):
            qualifier = self.peek().element(1)  # type: ignore[union-attr]  # at() saw it
            if qualifier in _LINE_PARTIES:
                loop, what = _LINE_PARTIES[qualifier]
                self.skip_loop(loop, what, _NAME_LOOP)
                continue
            nm1 = self.take()
            if qualifier != "82":
                msg = "NM101 is not a provider of loop 2420 (82, QB, 77, DQ, DK, DN, P3, PW or 45)"
                raise nm1.error(UNEXPECTED_SEGMENT, msg, 1)
            self.once(seen, "NM1", nm1, "line rendering provider NM1")
            taxonomy = self.specialty("PE")
            self.extras(frozenset({"REF"}))
            fields["rendering"] = self.provider(
                nm1, "the line rendering provider", taxonomy=taxonomy
            )
        fields["adjudications"] = self.adjudications()
        while self.at("LQ"):
            self.skip_loop("2440", "form identification", frozenset({"FRM"}))
        return sv1.make(ServiceLine, **fields)

    # -- 2320, 2330A-G, 2430 ----------------------------------------------------------------

    def other_payer(self) -> OtherPayer:
        """Loop 2320 with 2330A (the other subscriber) and 2330B (the other payer)."""
        sbr = self.take()
        adjustments: list[PayerAdjustment] = []
        amounts: dict[str, decimal.Decimal] = {}
        seen: dict[str, int] = {}
        oi: _Fields | None = None
        while (seg := self.peek()) is not None and seg.id in {"CAS", "AMT", "OI", "MOA"}:
            if seg.id == "CAS":
                adjustments += self.adjustments(self.take())
            elif seg.id == "AMT" and seg.element(1) in {"D", "EAF"}:
                amt = self.take()
                self.once(seen, "AMT" + amt.text(1), amt, f"AMT*{amt.text(1)}")
                amounts[amt.text(1)] = amt.amount(2, "the amount")
            elif seg.id == "OI":
                oi = self.take()
                self.once(seen, "OI", oi, "OI")
            else:
                self.skip()
        if oi is None:
            raise self.missing("OI", f"the other insurance coverage of segment {sbr.number}")
        nm1 = self.expect("NM1", "IL", "the other subscriber name, loop 2330A")
        address = self.address("the other subscriber")
        self.extras(frozenset({"REF"}))
        subscriber = nm1.make(
            OtherSubscriber,
            last_name=nm1.required(3, "the other subscriber's last name"),
            **self.person(nm1),
            entity=nm1.code(2, EntityType, "the entity type"),
            member_id=nm1.required(9, "the other subscriber's identifier"),
            address=address,
            group_number=sbr.optional(3),
            group_name=sbr.optional(4),
        )
        payer_nm1 = self.expect("NM1", "PR", "the other payer name, loop 2330B")
        payer = payer_nm1.make(
            Payer,
            name=payer_nm1.required(3, "the other payer name"),
            id=payer_nm1.required(9, "the other payer identifier"),
            address=self.address("the other payer"),
        )
        more: dict[str, Any] = {}
        while self.at("DTP") or self.at("REF"):
            if self.at("DTP", "573") and "adjudicated" not in more:
                more["adjudicated"] = self.adjudication_date(self.take())
            elif self.at("REF", "F8") and "claim_number" not in more:
                more["claim_number"] = self.take().required(2, "the other payer's claim number")
            else:
                self.skip()
        while self.at("NM1") and self.peek().element(1) in _OTHER_PAYER_PARTIES:  # type: ignore[union-attr]
            loop, what = _OTHER_PAYER_PARTIES[self.peek().element(1)]  # type: ignore[union-attr]
            self.skip_loop(loop, what, frozenset({"REF"}))
        return sbr.make(
            OtherPayer,
            payer=payer,
            subscriber=subscriber,
            responsibility=sbr.code(1, PayerResponsibility, "the payer responsibility"),
            relationship=sbr.code(2, Relationship, "the relationship to the other subscriber"),
            filing_indicator=sbr.code(9, FilingIndicator, "the claim filing indicator"),
            adjustments=tuple(adjustments),
            paid=amounts.get("D"),
            remaining_liability=amounts.get("EAF"),
            benefits_assigned=oi.code(3, BenefitsAssignment, "the benefits assignment"),
            release_of_information=oi.code(6, ReleaseOfInformation, "the release code"),
            **more,
        )

    @staticmethod
    def adjustments(cas: _Fields) -> list[PayerAdjustment]:
        """One CAS segment: a group code and one to six reason/amount/quantity triplets."""
        if len(cas.seg.elements) > _CAS_ELEMENTS:
            raise cas.error(BAD_VALUE, "a CAS segment has at most 19 elements", _CAS_ELEMENTS + 1)
        group = cas.required(1, "the adjustment group code")
        found = []
        for n in range(2, _CAS_ELEMENTS, 3):
            if n > 2 and not (cas.text(n) or cas.text(n + 1) or cas.text(n + 2)):
                continue
            quantity = cas.amount(n + 2, "the adjustment quantity") if cas.text(n + 2) else None
            found.append(
                cas.make(
                    PayerAdjustment,
                    group=group,
                    reason=cas.required(n, "the adjustment reason code"),
                    amount=cas.amount(n + 1, "the adjustment amount"),
                    quantity=quantity,
                )
            )
        return found

    @staticmethod
    def adjudication_date(dtp: _Fields) -> dt.date:
        if dtp.text(2) != "D8":
            raise dtp.error(BAD_VALUE, "DTP02 must be D8 (a single date) here", 2)
        return dtp.date(3, "the adjudication date")

    def adjudications(self) -> tuple[LineAdjudication, ...]:
        found = []
        while self.at("SVD"):
            found.append(self.adjudication())
        return tuple(found)

    def adjudication(self) -> LineAdjudication:
        """Loop 2430: SVD, CAS, DTP*573 and AMT*EAF."""
        svd = self.take()
        if svd.required_component(3, 1, "the procedure code qualifier") != "HC":
            self.warn(
                LOSSY,
                f"segment {svd.number} (SVD): SVD03-1 is not HC, so the procedure code is "
                "read as a CPT/HCPCS code",
            )
        fields: dict[str, Any] = {
            "payer_id": svd.required(1, "the other payer identifier"),
            "paid": svd.amount(2, "the line paid amount"),
            "procedure": svd.required_component(3, 2, "the procedure code"),
            "modifiers": tuple(m for m in svd.components(3)[2:6] if m),
            "units": svd.amount(5, "the paid units"),
        }
        adjustments: list[PayerAdjustment] = []
        seen: dict[str, int] = {}
        while self.at("CAS") or self.at("DTP") or self.at("AMT"):
            if self.at("CAS"):
                adjustments += self.adjustments(self.take())
            elif self.at("DTP", "573"):
                dtp = self.take()
                self.once(seen, "DTP", dtp, "DTP*573")
                fields["adjudicated"] = self.adjudication_date(dtp)
            elif self.at("AMT", "EAF"):
                amt = self.take()
                self.once(seen, "AMT", amt, "AMT*EAF")
                fields["remaining_liability"] = amt.amount(2, "the remaining patient liability")
            else:
                self.skip()
        if "adjudicated" not in fields:
            what = f"the adjudication date of the line adjudication at segment {svd.number}"
            raise self.missing("DTP*573", what)
        return svd.make(LineAdjudication, adjustments=tuple(adjustments), **fields)

    @staticmethod
    def pointers(sv1: _Fields) -> tuple[int, ...]:
        found = []
        for k, part in enumerate(sv1.components(7), 1):
            if not part:
                continue
            if not (part.isascii() and part.isdigit() and len(part) <= 2):
                msg = f"SV107-{k} (a diagnosis pointer) must be a number from 1 to 12"
                raise sv1.error(BAD_VALUE, msg, 7)
            found.append(int(part))
        return tuple(found)

    def drug(self) -> Drug:
        lin = self.take()
        if lin.text(2) != "N4":
            raise lin.error(BAD_VALUE, "LIN02 must be N4 (an NDC)", 2)
        ndc = lin.required(3, "the national drug code")
        ctp = self.expect("CTP", "", "the drug quantity, loop 2410")
        quantity = ctp.amount(4, "the drug quantity")
        unit = ctp.code(5, DrugUnit, "the unit of the drug quantity", k=1)
        prescription = None
        while self.at("REF"):
            if self.at("REF", "XZ") and prescription is None:
                prescription = self.take().required(2, "the prescription number")
            else:
                self.skip()
        return lin.make(
            Drug, ndc=ndc, quantity=quantity, unit=unit, prescription_number=prescription
        )


def _range(dtp: _Fields) -> tuple[dt.date, dt.date]:
    """DTP03 as an RD8 range CCYYMMDD-CCYYMMDD; the end may not come before the start."""
    value = dtp.required(3, "the date range")
    first, dash, last = value.partition("-")
    if not dash:
        raise dtp.error(BAD_VALUE, "DTP03 must be a range CCYYMMDD-CCYYMMDD", 3)
    start, end = dtp.date(3, "the first date", first), dtp.date(3, "the last date", last)
    if end < start:
        raise dtp.error(BAD_VALUE, "DTP03: the range ends before it starts", 3)
    return start, end


# -- the envelope ----------------------------------------------------------------------


def parse_837p(text: str) -> Batch:
    """Read an 837P interchange (005010X222A1) into a :class:`~medoffice.claims.Batch`.

    The claims come back in file order, across every transaction (ST) of every
    functional group (GS). ``batch.header`` holds the envelope of the first
    transaction: the submitter (loop 1000A, with the ISA05 qualifier), the
    receiver (loop 1000B, with ISA07), the interchange control number (ISA13),
    the creation time (BHT04/BHT05; X12 carries no time zone, so it is read as
    UTC), the usage (ISA15) and the warnings: one per segment or loop the model
    does not hold (code ``x12.837p.skipped``), one per value read with a loss
    (``x12.837p.lossy``) and one per contradiction in the hierarchy
    (``x12.837p.inconsistent``). The header does not take part in batch
    equality, so ``parse_837p(build_837p(batch, ...)) == batch``.

    ``total_charge`` is ``None`` when CLM02 equals the sum of the lines (it is
    then the claim's :attr:`~medoffice.claims.Claim.total`), else CLM02.

    Args:
        text: The X12 text: exactly one interchange (ISA ... IEA).

    Returns:
        The claims, with the header.

    Raises:
        ParseError: With the 1-based segment number, the element and a stable
            code: the envelope errors of :func:`medoffice.x12.parse`;
            ``x12.837p.unsupported`` for a transaction that is not an 837P
            005010X222A1; ``x12.837p.missing_segment``,
            ``x12.837p.missing_element``, ``x12.837p.unexpected_segment``,
            ``x12.837p.hierarchy`` (an HL parent that does not exist) and
            ``x12.837p.bad_value`` (an amount, date or code that cannot be read,
            or that the claim model refuses). Messages never contain the values.
        TypeError: If ``text`` is not a ``str``.

    >>> from medoffice.claims.examples import office_visit
    >>> text = ("ISA*00*          *00*          *ZZ*SENDERID       *ZZ*RECEIVERID     "
    ...         "*240115*1200*^*00501*000000001*0*T*:~"
    ...         "GS*HC*SENDERID*RECEIVERID*20240115*1200*1*X*005010X222A1~"
    ...         "ST*837*0001*005010X223A2~SE*2*0001~GE*1*1~IEA*1*000000001~")
    >>> parse_837p(text)
    Traceback (most recent call last):
    ...
    medoffice.exceptions.ParseError: segment 3 (ST), element 3: ST03 must be 005010X222A1 (an 837P); this reader does not read other implementations
    """
    interchange = parse(text)
    claims: list[Claim] = []
    warnings: list[Problem] = []
    start: _Start | None = None
    number = 1  # the ISA
    for group in interchange.groups:
        number += 1  # the GS
        gs = _Fields(Segment("GS", ()), number)
        if group.functional_id != "HC":
            raise gs.error(UNSUPPORTED, "GS01 must be HC (health care claims)", 1)
        if group.version != IMPLEMENTATION:
            msg = (
                f"GS08 must be {IMPLEMENTATION} (an 837P); this reader does not read other versions"
            )
            raise gs.error(UNSUPPORTED, msg, 8)
        for transaction in group.transactions:
            number += 1  # the ST
            st = _Fields(Segment("ST", ()), number)
            if transaction.set_id != "837":
                raise st.error(UNSUPPORTED, "ST01 must be 837 (a health care claim)", 1)
            if transaction.implementation not in {"", IMPLEMENTATION}:
                msg = (
                    f"ST03 must be {IMPLEMENTATION} (an 837P); this reader does not read "
                    "other implementations"
                )
                raise st.error(UNSUPPORTED, msg, 3)
            reader = _Transaction(transaction.body, number + 1, interchange, claims, warnings)
            first = reader.read()
            start = start or first
            number += len(transaction.body) + 1  # the body and the SE
        number += 1  # the GE
    if start is None:
        msg = "the interchange holds no 837P transaction (ST ... SE)"
        raise ParseError(msg, code=MISSING_SEGMENT, segment=number + 1, segment_id="IEA")
    header = Header(
        sender=start.sender,
        receiver=start.receiver,
        control_number=interchange.control_number,
        created=start.created,
        usage=Usage(interchange.usage.value),
        warnings=tuple(warnings),
    )
    return Batch(claims=tuple(claims), header=header)
