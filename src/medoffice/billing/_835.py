"""The 835 (005010X221A1): reading remittances, and writing them for test payers and simulations.

:func:`parse_835` reads every 835 transaction of X12 text into
:class:`~medoffice.billing.Remittance` values; segments the model does not hold
(CUR, TS3, MIA, QTY, other REF and NM1 ...) are skipped. :func:`build_835`
writes remittances as one interchange, refusing with every problem at once
anything that does not balance or cannot be written.

>>> import datetime as dt
>>> from medoffice.billing import (Adjustment, ClaimPayment, Payee, Payer, Payment,
...                                Remittance, ServicePayment)
>>> from medoffice.claims import Address
>>> line = ServicePayment(procedure="99213", charge=125, paid=80,
...                       service_date=dt.date(2024, 1, 10), control_number="PATACCT001-1",
...                       adjustments=[Adjustment(group="CO", reason="45", amount=25),
...                                    Adjustment(group="PR", reason="2", amount=20)])
>>> claim = ClaimPayment(account_number="PATACCT001", status="1", billed=125, paid=80,
...                      patient_responsibility=20, filing_indicator="12",
...                      payer_claim_number="PCN0001", lines=[line])
>>> remittance = Remittance(
...     payment=Payment(amount=80, method="CHK", date=dt.date(2024, 2, 1),
...                     trace_number="CHK12345", payer_id="1512345678"),
...     payer=Payer(name="ACME HEALTH PLAN", id="12345", contact_phone="8005551212",
...                 address=Address(line1="1 PLAN WAY", city="HARTFORD", state="CT",
...                                 postal_code="06101")),
...     payee=Payee(name="SMITH FAMILY PRACTICE", npi="1234567893"), claims=[claim])
>>> text = build_835(remittance, sender_id="ACMEHEALTH", receiver_id="SMITHFP",
...                  control_number=1, created=dt.datetime(2024, 2, 1, 9, tzinfo=dt.UTC))
>>> [s for s in text.split("~") if s.startswith(("CLP", "SVC", "CAS"))]
['CLP*PATACCT001*1*125*80*20*12*PCN0001', 'SVC*HC:99213*125*80', 'CAS*CO*45*25', 'CAS*PR*2*20']
>>> parse_835(text) == (remittance,)
True
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from medoffice.billing._balance import balance
from medoffice.billing._remit import (
    _ADJUSTMENT_DRAFT,
    _SERVICE_PAYMENT_DRAFT,
    Adjustment,
    AdjustmentGroup,
    ClaimPayment,
    ClaimStatus,
    Payee,
    Payer,
    Payment,
    PaymentMethod,
    ProviderAdjustment,
    Remittance,
    ServicePayment,
    _trusted_adjustment,
    _trusted_claim_payment,
    _trusted_service_payment,
)
from medoffice.claims._model import Address, _code
from medoffice.exceptions import ParseError, Problem, ValidationFailed
from medoffice.x12 import (
    FunctionalGroup,
    Interchange,
    Segment,
    Transaction,
    parse_all,
    serialize,
    text_problems,
)
from medoffice.x12._model import ENVELOPE_IDS, valid_segment_id
from medoffice.x12._reader import ISA_LENGTH, _read_isa
from medoffice.x12._reader import _Reader as _EnvelopeReader

__all__ = ["build_835", "parse_835"]

#: The implementation guide (GS08, ST03).
VERSION = "005010X221A1"

# The stable error codes.
WRONG_TRANSACTION = "x12.835.wrong_transaction"
MISSING_SEGMENT = "x12.835.missing_segment"
MISSING_ELEMENT = "x12.835.missing_element"
UNEXPECTED_SEGMENT = "x12.835.unexpected_segment"
BAD_VALUE = "x12.835.bad_value"

_AMOUNT = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_ZERO = decimal.Decimal(0)
_STATUSES = {s.value: s for s in ClaimStatus}
_GROUPS = {g.value: g for g in AdjustmentGroup}
_METHODS = {m.value: m for m in PaymentMethod}
_BPR01 = frozenset({"C", "D", "H", "I", "P", "U", "X"})

#: Segments a 2100 loop may hold besides CAS, NM1, MOA and DTM (skipped).
_CLAIM_SKIPPED = frozenset({"MIA", "REF", "PER", "AMT", "QTY"})
#: Claim dates (2100 DTM) by qualifier.
_CLAIM_DATES = {"232": "statement_start", "233": "statement_end", "050": "received"}
#: Segments a 2110 loop may hold besides CAS, and the ServicePayment field of each it reads.
_LINE_SEGMENTS = frozenset({"DTM", "REF", "AMT", "QTY", "LQ"})
_LINE_FIELDS = {
    ("DTM", "472"): "service_date",
    ("DTM", "150"): "service_date",
    ("DTM", "151"): "service_end",
    ("REF", "6R"): "control_number",
    ("AMT", "B6"): "allowed",
    ("LQ", "HE"): "remarks",
}
_PAD = ("",) * 20


def _flat(seg: Segment) -> tuple[str, ...]:
    """The segment's elements as text (a composite's first component), padded with ''."""
    elements = seg.elements
    for v in elements:
        if v.__class__ is not str:
            return tuple([v if v.__class__ is str else v[0] if v else "" for v in elements]) + _PAD
    return elements + _PAD  # type: ignore[return-value]  # every element is a str


def _parts(seg: Segment, n: int) -> tuple[str, ...]:
    """The components of element ``n`` (0-based), padded with ''."""
    elements = seg.elements
    value = elements[n] if n < len(elements) else ""
    return ((value,) if value.__class__ is str else tuple(value)) + _PAD


@functools.lru_cache(maxsize=4096)
def _date_of(text: str) -> dt.date | None:
    if len(text) != 8 or not text.isdigit():
        return None
    try:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


@functools.lru_cache(maxsize=4096)
def _code_of(text: str) -> str:
    """A code as the model's converters normalise it (upper case, no dots or spaces)."""
    return str(_code(text))


@functools.lru_cache(maxsize=8192)
def _amount_of(text: str) -> decimal.Decimal | None:
    return decimal.Decimal(text) if _AMOUNT.fullmatch(text) else None


# -- reading ---------------------------------------------------------------------------

#: What the 835 header says: the payment, the production date, the payer and the payee.
_Header = tuple[Payment, dt.date | None, Payer, Payee]


class _Reader:
    """A cursor over one transaction's body; ``base`` is the ST segment's number."""

    __slots__ = ("base", "body", "i")

    def __init__(self, body: tuple[Segment, ...], base: int) -> None:
        self.body = body
        self.base = base
        self.i = 0

    def fail(self, message: str, code: str, seg: Segment | None, element: int | None) -> ParseError:
        at = self.i
        if seg is not None and (at >= len(self.body) or self.body[at] is not seg):
            at -= 1  # the segment just taken
        number = self.base + at + 1
        return ParseError(
            message,
            code=code,
            segment=number,
            element=element,
            segment_id=seg.id if seg is not None else None,
        )

    def peek(self) -> str:
        body = self.body
        return body[self.i].id if self.i < len(body) else ""

    def take(self, wanted: str, what: str) -> Segment:
        body = self.body
        if self.i >= len(body) or body[self.i].id != wanted:
            seg = body[self.i] if self.i < len(body) else None
            raise self.fail(f"{what}: expected a {wanted} segment here", MISSING_SEGMENT, seg, None)
        seg = body[self.i]
        self.i += 1
        return seg

    def required(self, seg: Segment, k: int) -> str:
        value = seg.component(k, 1)
        if not value:
            raise self.fail(f"{seg.id}{k:02d} is required", MISSING_ELEMENT, seg, k) from None
        return value

    def amount(self, seg: Segment, k: int, c: int = 1) -> decimal.Decimal:
        text = seg.component(k, c)
        value = _amount_of(text)
        if value is None:
            problem = "is required" if not text else "must be a decimal number"
            code = MISSING_ELEMENT if not text else BAD_VALUE
            raise self.fail(f"{seg.id}{k:02d}: an amount {problem}", code, seg, k)
        return value

    def date(self, seg: Segment, k: int) -> dt.date:
        value = _date_of(seg.component(k, 1))
        if value is None:
            raise self.fail(f"{seg.id}{k:02d}: a date must be CCYYMMDD", BAD_VALUE, seg, k)
        return value

    def code(self, seg: Segment, k: int, allowed: dict[str, Any] | frozenset[str]) -> Any:
        value = seg.component(k, 1)
        if value not in allowed:
            raise self.fail(
                f"{seg.id}{k:02d}: must be one of {', '.join(sorted(allowed))}", BAD_VALUE, seg, k
            )
        return allowed[value] if isinstance(allowed, dict) else value

    # -- loops -------------------------------------------------------------------------

    def remittance(self) -> Remittance:
        header = self.header()
        claims: list[ClaimPayment] = []
        while True:
            kind = self.peek()
            if kind == "CLP":
                claims.append(self.claim())
            elif kind in ("LX", "TS3", "TS2"):
                self.i += 1
            else:
                break
        return self.finish(header, claims)

    def finish(self, header: _Header, claims: list[ClaimPayment]) -> Remittance:
        """The remittance of the header and claims read; the PLB segments end it."""
        payment, production, payer, payee = header
        return Remittance(
            payment=payment,
            payer=payer,
            payee=payee,
            production_date=production,
            claims=claims,
            provider_adjustments=self.trailer(),
        )

    def header(self) -> _Header:
        """The segments before the first claim: BPR, TRN, CUR/REF/DTM, loops 1000A and 1000B."""
        bpr = self.take("BPR", "the 835 header")
        self.code(bpr, 1, _BPR01)
        amount = self.amount(bpr, 2)
        credit = self.code(bpr, 3, frozenset({"C", "D"})) == "C"
        method = self.code(bpr, 4, _METHODS)
        paid_on = self.date(bpr, 16)
        trn = self.take("TRN", "the 835 header")
        self.code(trn, 1, frozenset({"1"}))
        payment = Payment(
            amount=amount,
            method=method,
            credit=credit,
            date=paid_on,
            trace_number=self.required(trn, 2),
            payer_id=self.required(trn, 3),
        )
        production = None
        while self.peek() in ("CUR", "REF", "DTM"):
            seg = self.body[self.i]
            if seg.id == "DTM" and seg.element(1) == "405":
                production = self.date(seg, 2)
            self.i += 1
        payer = self.payer()
        return payment, production, payer, self.payee()

    def trailer(self) -> list[ProviderAdjustment]:
        """The PLB segments after the claims, which end the transaction."""
        adjustments: list[ProviderAdjustment] = []
        while self.peek() == "PLB":
            adjustments.extend(self.provider_adjustments(self.body[self.i]))
            self.i += 1
        if self.i < len(self.body):
            seg = self.body[self.i]
            raise self.fail(
                f"a {seg.id} segment is not expected here", UNEXPECTED_SEGMENT, seg, None
            )
        return adjustments

    def address(self) -> Address | None:
        if self.peek() != "N3":
            return None
        n3 = self.body[self.i]
        self.i += 1
        n4 = self.take("N4", "an address")
        return Address(
            line1=n3.element(1),
            line2=n3.element(2),
            city=n4.element(1),
            state=n4.element(2),
            postal_code=n4.element(3),
            country=n4.element(4),
        )

    def payer(self) -> Payer:
        n1 = self.take("N1", "loop 1000A")
        if n1.element(1) != "PR":
            raise self.fail("N101: loop 1000A starts with N1*PR", BAD_VALUE, n1, 1)
        name = self.required(n1, 2)
        payer_id = n1.element(4)
        address = self.address()
        phone = ""
        while self.peek() in ("REF", "PER"):
            seg = self.body[self.i]
            if seg.id == "REF" and seg.element(1) == "2U":
                payer_id = seg.element(2)
            elif seg.id == "PER" and seg.element(1) == "BL" and not phone:
                phone = next((seg.element(k + 1) for k in (3, 5, 7) if seg.element(k) == "TE"), "")
            self.i += 1
        return Payer(name=name, id=payer_id, contact_phone=phone, address=address)

    def payee(self) -> Payee:
        n1 = self.take("N1", "loop 1000B")
        if n1.element(1) != "PE":
            raise self.fail("N101: loop 1000B starts with N1*PE", BAD_VALUE, n1, 1)
        name = self.required(n1, 2)
        qualifier = n1.element(3)
        npi = n1.element(4) if qualifier == "XX" else ""
        tax_id = n1.element(4) if qualifier == "FI" else ""
        self.address()
        while self.peek() in ("REF", "RDM"):
            seg = self.body[self.i]
            if seg.id == "REF" and seg.element(1) == "TJ":
                tax_id = seg.element(2)
            self.i += 1
        return Payee(name=name, npi=npi, tax_id=tax_id)

    def number(self, text: str, seg: Segment, k: int) -> decimal.Decimal:
        value = _amount_of(text)
        if value is None:
            return self.amount(seg, k)  # raises, naming the rule
        return value

    def adjustments(self, seg: Segment, into: list[Adjustment]) -> None:
        e = _flat(seg)
        group = _GROUPS.get(e[0]) or self.code(seg, 1, _GROUPS)  # raises
        if not e[1]:
            raise self.fail("CAS02 is required", MISSING_ELEMENT, seg, 2)
        for k in range(1, min(len(seg.elements), 18), 3):
            reason = e[k]
            if reason:
                amount = _amount_of(e[k + 1])
                if amount is None:
                    amount = self.amount(seg, k + 2)  # raises, naming the rule
                quantity = e[k + 2]
                into.append(
                    _trusted_adjustment(
                        group,
                        _code_of(reason),
                        amount,
                        self.number(quantity, seg, k + 3) if quantity else None,
                    )
                )

    def claim(self) -> ClaimPayment:
        clp = self.body[self.i]
        e = _flat(clp)
        if not e[0]:
            self.required(clp, 1)
        status = _STATUSES.get(e[1]) or self.code(clp, 2, _STATUSES)  # raises
        billed = self.number(e[2], clp, 3)
        paid = self.number(e[3], clp, 4)
        responsibility = self.number(e[4], clp, 5) if e[4] else None
        last = first = member = ""
        received = start = end = None
        adjustments: list[Adjustment] = []
        remarks: list[str] = []
        self.i += 1
        body = self.body
        size = len(body)
        while self.i < size:
            seg = body[self.i]
            kind = seg.id
            if kind == "CAS":
                self.adjustments(seg, adjustments)
            elif kind == "NM1":
                n = _flat(seg)
                if n[0] == "QC":
                    last, first, member = n[2], n[3], n[8]
            elif kind == "DTM":
                field = _CLAIM_DATES.get(_flat(seg)[0])
                if field == "received":
                    received = self.date(seg, 2)
                elif field == "statement_start":
                    start = self.date(seg, 2)
                elif field == "statement_end":
                    end = self.date(seg, 2)
            elif kind == "MOA":
                remarks.extend(_code_of(v) for v in _flat(seg)[2:7] if v)
            elif kind not in _CLAIM_SKIPPED:
                break
            self.i += 1
        lines: list[ServicePayment] = []
        while self.i < size and body[self.i].id == "SVC":
            lines.append(self.line())
        return _trusted_claim_payment(
            e[0],
            status,
            billed,
            paid,
            responsibility,
            e[5],
            e[6],
            e[7],
            e[8],
            last,
            first,
            member,
            tuple(adjustments),
            tuple(lines),
            tuple(remarks),
            received,
            start,
            end,
        )

    def line(self) -> ServicePayment:
        svc = self.body[self.i]
        e = _flat(svc)
        adjudicated = _parts(svc, 0)
        if not adjudicated[1]:
            raise self.fail("SVC01-2: the procedure is required", MISSING_ELEMENT, svc, 1)
        billed = _parts(svc, 5)
        charge = self.number(e[1], svc, 2)
        paid = self.number(e[2], svc, 3)
        units = self.number(e[4], svc, 5) if e[4] else None
        original_units = self.number(e[6], svc, 7) if e[6] else None
        service_date = service_end = allowed = None
        control_number: str | None = None
        adjustments: list[Adjustment] = []
        remarks: list[str] = []
        self.i += 1
        body = self.body
        size = len(body)
        while self.i < size:
            seg = body[self.i]
            kind = seg.id
            if kind == "CAS":
                self.adjustments(seg, adjustments)
            elif kind in _LINE_SEGMENTS:
                f = _flat(seg)
                field = _LINE_FIELDS.get((kind, f[0]))
                if field == "remarks":
                    remarks.append(_code_of(f[1] or self.required(seg, 2)))
                elif field == "service_date":
                    service_date = _date_of(f[1]) or self.date(seg, 2)  # raises if not a date
                elif field == "service_end":
                    service_end = _date_of(f[1]) or self.date(seg, 2)
                elif field == "control_number":
                    control_number = f[1] or self.required(seg, 2)
                elif field == "allowed":
                    allowed = self.number(f[1], seg, 2)
            else:
                break
            self.i += 1
        return _trusted_service_payment(
            _code_of(adjudicated[1]),
            tuple([_code_of(m) for m in adjudicated[2:6] if m]),
            charge,
            paid,
            units,
            _code_of(billed[1]) if billed[1] else None,
            tuple([_code_of(m) for m in billed[2:6] if m]),
            original_units,
            service_date,
            service_end,
            control_number,
            tuple(adjustments),
            allowed,
            tuple(remarks),
        )

    def provider_adjustments(self, seg: Segment) -> list[ProviderAdjustment]:
        provider = self.required(seg, 1)
        period = self.date(seg, 2)
        found = []
        for k in (3, 5, 7, 9, 11, 13):
            reason = seg.component(k, 1)
            if not reason:
                if k == 3:
                    raise self.fail("PLB03-1 is required", MISSING_ELEMENT, seg, 3)
                continue
            found.append(
                ProviderAdjustment(
                    provider_id=provider,
                    fiscal_period_end=period,
                    reason=reason,
                    reference=seg.component(k, 2),
                    amount=self.amount(seg, k + 1),
                )
            )
        return found


# -- the fast path ---------------------------------------------------------------------
#
# ``_fast`` walks the usual 835 text once, splitting segments and elements
# itself, and builds the claim and line values with the trusted constructors.
# It never reports an error: on anything it does not handle or that is not
# right it gives up (returns None) and parse_835 reads the text again with the
# full reader above (over medoffice.x12.parse_all), which stays the oracle and
# the source of every ParseError (segment number, element and rule). So the
# fast path only has to be at least as strict as the full reader, and give the
# same values where it succeeds (tests/billing/test_835_fast.py compares the
# two on built, mutated and junk texts).
#
# It hands back to the full reader's code instead of repeating it: the ISA
# (_read_isa), the ISA and GS values (the envelope reader's isa_values and
# gs_values), the transaction header (BPR ... loop 1000B, _Reader.header) and
# the PLB segments (_Reader.trailer): a few segments per transaction, tokenized
# as medoffice.x12.tokenize does. Loops 2100 and 2110, where the time goes, are
# read here. It gives up on: delimiters that can be part of an amount ('.' or
# '-'); a component separator in an element it reads, other than SVC01 and
# SVC06; a second interchange with other delimiters; any segment or value it
# does not expect at its place.

#: Ids that end the 835 header (the first claim, the PLBs) or the transaction.
_AFTER_HEADER = frozenset({"CLP", "LX", "TS3", "TS2", "PLB"}) | ENVELOPE_IDS
_BETWEEN_CLAIMS = frozenset({"LX", "TS3", "TS2"})
#: Loop 2110 segments besides CAS and DTM.
_LINE_OTHER = _LINE_SEGMENTS - {"DTM"}
#: The 2110 fields whose value (element 02) is required when the qualifier matches.
_LINE_FIELDS_READ = frozenset(key for key in _LINE_FIELDS if key[0] != "DTM")
#: The characters of an amount (``_AMOUNT``), which no delimiter of the fast path is.
_AMOUNT_CHARS = "0123456789.-"
#: A context that raises on text that is not a number, whatever the caller's context says.
_STRICT = decimal.Context(traps=[decimal.InvalidOperation])
_Decimal = decimal.Decimal
#: The DTM qualifiers read in loops 2100 and 2110, by where the date goes.
_CLAIM_DTM = {"050": 0, "232": 1, "233": 2}  # received, statement start, statement end
_LINE_DTM = {"472": 0, "150": 0, "151": 1}  # service date, service end
_new = object.__new__


class _GiveUp(Exception):
    """The text needs the full reader."""


class _Memo(dict[str, Any]):
    """Values by text, computed once per distinct text; gives up where ``compute`` gives None."""

    __slots__ = ("compute",)

    def __init__(self, compute: Callable[[str], Any]) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, key: str) -> Any:
        value = self.compute(key)
        if value is None:
            raise _GiveUp
        self[key] = value
        return value


def _fast(text: str) -> list[Remittance] | None:
    """Every 835 remittance in ``text``, or ``None`` when the full reader must decide."""
    try:
        return _Fast(text).interchanges()
    except (_GiveUp, ParseError, decimal.InvalidOperation, KeyError):
        return None  # KeyError: a code (CLP02, CAS01) that is not in the list


def _amounts() -> Callable[[str], decimal.Decimal]:
    """:func:`_decimal`, once per distinct text (one file's amounts repeat: units, copays ...)."""
    memo: dict[str, decimal.Decimal] = {}
    known = memo.get

    def number(text: str) -> decimal.Decimal:
        value = known(text)
        if value is None:
            value = memo[text] = _decimal(text)
        return value

    return number


def _decimal(text: str) -> decimal.Decimal:
    """:func:`_amount_of` of a decimal number (``-?digits[.digits]``); else give up."""
    # Only the characters of the pattern, then what Decimal reads of them: the pattern.
    if not text or text.strip(_AMOUNT_CHARS):
        raise _GiveUp
    return _Decimal(text, _STRICT)  # raises on "-", "1.2.3" ...: the caller gives up


class _Fast:
    """One pass over the text's segments (``chunks``), ``k`` the current one."""

    def __init__(self, text: str) -> None:
        pos = 0
        while text.startswith(("\r", "\n"), pos):
            pos += 1
        if not text.startswith("ISA", pos):
            raise _GiveUp
        d, self.isa = _read_isa(text, pos, 1)
        self.delimiters = d
        es, cs, term = d.element, d.component, d.segment
        if es in _AMOUNT_CHARS or cs in _AMOUNT_CHARS or term in _AMOUNT_CHARS:
            raise _GiveUp
        self.es, self.cs = es, cs
        rest = text[pos + ISA_LENGTH :]
        if "\n" in text or "\r" in text:  # the tokenizer drops line breaks after terminators
            chunks = re.split(re.escape(term) + "[\r\n]*", rest.lstrip("\r\n"))
        else:
            chunks = rest.split(term)
        if chunks[-1]:
            raise _GiveUp  # no terminator after the last segment
        # The last, empty chunk is a sentinel: no segment id is "".
        self.chunks = chunks
        self.k = 0
        self.codes = _Memo(self._code)
        self.procedures = _Memo(self._procedure)
        self.number = _amounts()
        self.claim_dates = _Memo(self._claim_date)
        self.line_dates = _Memo(self._line_date)
        self.patients = _Memo(self._patient)

    # -- values, each computed once per distinct text (by a _Memo) ---------------------

    def _code(self, text: str) -> str | None:
        """:func:`_code_of` of a required code, unless the tokenizer would make a composite of it."""
        return None if not text or self.cs in text else _code_of(text)

    def _procedure(self, text: str) -> tuple[str, tuple[str, ...]] | None:
        """SVC01 or SVC06: the procedure and modifiers (components 2 to 6) of a composite."""
        parts = text.split(self.cs)
        if len(parts) < 2 or not parts[1]:
            return None
        return _code_of(parts[1]), tuple([_code_of(m) for m in parts[2:6] if m])

    def _dated(self, raw: str, qualifiers: dict[str, int]) -> tuple[int, dt.date | None] | None:
        """A DTM segment: (which qualifier, the date), (-1, None) when not one of ``qualifiers``."""
        if self.cs in raw:
            return None
        p = raw.split(self.es)
        which = qualifiers.get(p[1], -1) if len(p) > 1 else -1
        if which < 0:
            return -1, None
        day = _date_of(p[2]) if len(p) > 2 else None
        return None if day is None else (which, day)

    def _claim_date(self, raw: str) -> tuple[int, dt.date | None] | None:
        return self._dated(raw, _CLAIM_DTM)

    def _line_date(self, raw: str) -> tuple[int, dt.date | None] | None:
        return self._dated(raw, _LINE_DTM)

    def _patient(self, raw: str) -> tuple[str, ...] | None:
        """An NM1 segment in loop 2100: the patient's last and first name and member id if QC."""
        if self.cs in raw:
            return None
        p = raw.split(self.es)
        if len(p) < 2 or p[1] != "QC":
            return ()
        p.extend(_PAD)
        return p[3], p[4], p[9]

    def segment(self, raw: str) -> Segment:
        """A segment as :func:`medoffice.x12.tokenize` makes it."""
        es, cs = self.es, self.cs
        parts = raw.split(es)
        if not valid_segment_id(parts[0]):
            raise _GiveUp
        elements = parts[1:]
        return Segment(
            parts[0],
            tuple([tuple(p.split(cs)) if cs in p else p for p in elements])
            if cs in raw
            else tuple(elements),
        )

    def simple(self, raw: str, prefix: str, size: int) -> list[str]:
        """An envelope segment's elements (id first), at least ``size`` of them, no composite."""
        if not raw.startswith(prefix + self.es) or self.cs in raw:
            raise _GiveUp
        parts = raw.split(self.es)
        if len(parts) < size + 1:
            raise _GiveUp
        return parts

    # -- envelopes ---------------------------------------------------------------------

    def interchanges(self) -> list[Remittance]:
        found: list[Remittance] = []
        chunks = self.chunks
        last = len(chunks) - 1
        while True:
            isa = self.isa
            _EnvelopeReader([isa], {}, dt.UTC).isa_values(isa)
            groups = 0
            while chunks[self.k].startswith("GS" + self.es):
                self.group(found)
                groups += 1
            iea = self.simple(chunks[self.k], "IEA", 2)
            if not _is_count(iea[1], groups) or iea[2] != isa.elements[12]:
                raise _GiveUp
            self.k += 1
            if self.k == last:
                return found
            # Another interchange: the fast path reads it only with the same delimiters.
            raw = chunks[self.k]
            if len(raw) != ISA_LENGTH - 1 or not raw.startswith("ISA"):
                raise _GiveUp
            d, self.isa = _read_isa(raw + self.delimiters.segment, 0, 1)
            if d != self.delimiters:
                raise _GiveUp
            self.k += 1

    def group(self, found: list[Remittance]) -> None:
        chunks = self.chunks
        gs = self.simple(chunks[self.k], "GS", 8)
        head = self.segment(chunks[self.k])
        _EnvelopeReader([head], {}, dt.UTC).gs_values(head)
        if gs[1] != "HP" or gs[8] != VERSION:
            raise _GiveUp
        self.k += 1
        count = 0
        while chunks[self.k].startswith("ST" + self.es):
            st = self.simple(chunks[self.k], "ST", 2)
            if st[1] != "835" or not st[2] or (len(st) > 3 and st[3] not in ("", VERSION)):
                raise _GiveUp
            self.k += 1
            start = self.k
            found.append(self.transaction())
            se = self.simple(chunks[self.k], "SE", 2)
            if not _is_count(se[1], self.k - start + 2) or se[2] != st[2]:
                raise _GiveUp
            self.k += 1
            count += 1
        ge = self.simple(chunks[self.k], "GE", 2)
        if not _is_count(ge[1], count) or ge[2] != gs[6]:
            raise _GiveUp
        self.k += 1

    # -- a transaction -----------------------------------------------------------------

    def transaction(self) -> Remittance:
        chunks, es = self.chunks, self.es
        start = self.k
        while chunks[self.k].split(es, 1)[0] not in _AFTER_HEADER and chunks[self.k]:
            self.k += 1
        header = _Reader(tuple([self.segment(c) for c in chunks[start : self.k]]), 0)
        values = header.header()
        if header.i != len(header.body):
            raise _GiveUp  # the full reader finds a segment out of place
        claims = self.claims()
        start = self.k
        while chunks[self.k].startswith("PLB" + es):
            self.k += 1
        plb = _Reader(tuple([self.segment(c) for c in chunks[start : self.k]]), 0)
        return plb.finish(values, claims)

    def claims(self) -> list[ClaimPayment]:  # noqa: PLR0915 - one loop, for speed
        """Loops 2100 and 2110 from the current segment on, as ``_Reader.claim`` reads them."""
        chunks, es, cs = self.chunks, self.es, self.cs
        codes, procedures, number = self.codes, self.procedures, self.number
        claim_dates, line_dates, patients = self.claim_dates, self.line_dates, self.patients
        statuses, groups = _STATUSES, _GROUPS
        new = _new
        adjustment_draft, line_draft = _ADJUSTMENT_DRAFT, _SERVICE_PAYMENT_DRAFT
        claims: list[ClaimPayment] = []
        k = self.k
        raw = chunks[k]
        p = raw.split(es)
        kind = p[0]
        while True:
            if kind in _BETWEEN_CLAIMS:
                k += 1
                raw = chunks[k]
                p = raw.split(es)
                kind = p[0]
                continue
            if kind != "CLP":
                self.k = k
                return claims
            # -- CLP and the rest of loop 2100
            if cs in raw:
                raise _GiveUp
            if len(p) < 10:
                p.extend(_PAD)
            if not p[1]:
                raise _GiveUp
            status = statuses[p[2]]
            billed = number(p[3])
            paid = number(p[4])
            responsibility = number(p[5]) if p[5] else None
            claim = p
            patient: tuple[str, ...] = ("", "", "")
            dates: list[dt.date | None] = [None, None, None]
            adjustments: list[Adjustment] = []
            remarks: list[str] = []
            k += 1
            raw = chunks[k]
            p = raw.split(es)
            kind = p[0]
            while True:
                if kind == "CAS":
                    self.adjustments(p, adjustments)
                elif kind == "NM1":
                    found = patients[raw]
                    if found:
                        patient = found
                elif kind == "DTM":
                    dated = claim_dates[raw]
                    if dated[0] >= 0:
                        dates[dated[0]] = dated[1]
                elif kind == "MOA":
                    if cs in raw:
                        raise _GiveUp
                    remarks.extend([_code_of(v) for v in p[3:8] if v])
                elif kind not in _CLAIM_SKIPPED:
                    break
                k += 1
                raw = chunks[k]
                p = raw.split(es)
                kind = p[0]
            # -- loop 2110
            lines: list[ServicePayment] = []
            while kind == "SVC":
                if len(p) < 8:
                    p.extend(_PAD)
                line = new(line_draft)
                line.procedure, line.modifiers = procedures[p[1]]
                line.charge = number(p[2])
                line.paid = number(p[3])
                line.units = number(p[5]) if p[5] else None
                if p[6]:
                    line.original_procedure, line.original_modifiers = procedures[p[6]]
                else:
                    line.original_procedure, line.original_modifiers = None, ()
                line.original_units = number(p[7]) if p[7] else None
                line.service_date = line.service_end = line.control_number = line.allowed = None
                line.remarks = ()
                line_adjustments: list[Adjustment] = []
                k += 1
                raw = chunks[k]
                dated = line_dates.get(raw)  # the usual DTM after SVC, seen before: not split
                if dated is not None:
                    if dated[0] == 1:
                        line.service_end = dated[1]
                    elif dated[0] == 0:
                        line.service_date = dated[1]
                    k += 1
                    raw = chunks[k]
                p = raw.split(es)
                kind = p[0]
                while True:
                    if kind == "CAS":
                        if len(p) == 4:  # the usual CAS: one adjustment without a quantity
                            a = new(adjustment_draft)
                            a.group = groups[p[1]]
                            a.reason = codes[p[2]]
                            a.amount = number(p[3])
                            a.quantity = None
                            a.__class__ = Adjustment
                            line_adjustments.append(a)
                        else:
                            self.adjustments(p, line_adjustments)
                    elif kind == "DTM":
                        dated = line_dates[raw]
                        if dated[0] == 1:
                            line.service_end = dated[1]
                        elif dated[0] == 0:
                            line.service_date = dated[1]
                    elif kind in _LINE_OTHER:
                        self.line_value(raw, line)
                    else:
                        break
                    k += 1
                    raw = chunks[k]
                    p = raw.split(es)
                    kind = p[0]
                line.adjustments = tuple(line_adjustments)
                line.__class__ = ServicePayment
                lines.append(line)
            claims.append(
                _trusted_claim_payment(
                    claim[1],
                    status,
                    billed,
                    paid,
                    responsibility,
                    claim[6],
                    claim[7],
                    claim[8],
                    claim[9],
                    patient[0],
                    patient[1],
                    patient[2],
                    tuple(adjustments),
                    tuple(lines),
                    tuple(remarks),
                    *dates,
                )
            )

    def line_value(self, raw: str, line: Any) -> None:
        """A REF, AMT, QTY or LQ segment of loop 2110, as ``_Reader.line`` reads it."""
        if self.cs in raw:
            raise _GiveUp
        p = raw.split(self.es) + list(_PAD)
        kind, qualifier, value = p[0], p[1], p[2]
        if (kind, qualifier) in _LINE_FIELDS_READ and not value:
            raise _GiveUp
        if kind == "LQ" and qualifier == "HE":
            line.remarks += (_code_of(value),)
        elif kind == "REF" and qualifier == "6R":
            line.control_number = value
        elif kind == "AMT" and qualifier == "B6":
            line.allowed = self.number(value)

    def adjustments(self, p: list[str], into: list[Adjustment]) -> None:
        """One CAS segment's adjustments (``p``: its id and elements), as ``_Reader.adjustments``."""
        if len(p) < 3 or not p[2]:
            raise _GiveUp
        group = _GROUPS[p[1]]
        codes, number = self.codes, self.number
        end = min(len(p), 19)  # CAS02, 05 ... 17 are read; CAS19 on are not
        p.extend(_PAD)
        into.extend(
            [
                _trusted_adjustment(
                    group, codes[p[r]], number(p[r + 1]), number(p[r + 2]) if p[r + 2] else None
                )
                for r in range(2, end, 3)
                if p[r]
            ]
        )


def _is_count(text: str, expected: int) -> bool:
    """Whether a trailer's count element says ``expected`` (the envelope reader's number check)."""
    return text.isascii() and text.isdigit() and len(text) <= 10 and int(text) == expected


def parse_835(text: str) -> tuple[Remittance, ...]:
    """Every 835 remittance in X12 text, in file order (every ST*835 of every GS and ISA).

    Args:
        text: The X12 text: one or more interchanges of 835 transactions.

    Returns:
        The remittances. Whether they balance is :func:`~medoffice.billing.balance`'s
        question: a file is read as the payer sent it.

    Raises:
        TypeError: if ``text`` is not a ``str``.
        ParseError: when the envelopes cannot be read (the ``x12.*`` codes of
            :func:`medoffice.x12.parse_all`), when a group or transaction is not
            an 835 of 005010X221A1 (``x12.835.wrong_transaction``), a required
            segment or element is missing (``x12.835.missing_segment``,
            ``x12.835.missing_element``), a value is not an amount, a date or
            an allowed code (``x12.835.bad_value``) or a segment is out of place
            (``x12.835.unexpected_segment``). The error names the segment number
            (counted from the first ISA), the element and the rule, never the value.

    >>> parse_835("ISA*00*          *00*          *ZZ*A              *ZZ*B              "
    ...           "*240201*0900*^*00501*000000001*0*P*:~GS*HC*A*B*20240201*0900*1*X*005010X222A1~"
    ...           "ST*837*0001*005010X222A1~SE*2*0001~GE*1*1~IEA*1*000000001~")
    Traceback (most recent call last):
    ...
    medoffice.exceptions.ParseError: segment 2 (GS), element 1: GS01 must be HP (an 835 group), so this is not an 835
    """
    value: object = text
    if not isinstance(value, str):
        msg = f"text: must be a str, not {type(value).__name__}"
        raise TypeError(msg)
    fast = _fast(text)
    return _full(text) if fast is None else tuple(fast)


def _full(text: str) -> tuple[Remittance, ...]:
    """``parse_835`` by the full reader: the envelopes by ``parse_all``, then each transaction."""
    found: list[Remittance] = []
    number = 0
    for interchange in parse_all(text):
        number += 1
        for group in interchange.groups:
            number += 1
            if group.functional_id != "HP":
                raise ParseError(
                    "GS01 must be HP (an 835 group), so this is not an 835",
                    code=WRONG_TRANSACTION,
                    segment=number,
                    element=1,
                    segment_id="GS",
                )
            if group.version != VERSION:
                raise ParseError(
                    f"GS08 must be {VERSION}",
                    code=WRONG_TRANSACTION,
                    segment=number,
                    element=8,
                    segment_id="GS",
                )
            for transaction in group.transactions:
                number += 1
                _check_transaction(transaction, number)
                found.append(_read(transaction.body, number))
                number += len(transaction.body) + 1
            number += 1
        number += 1
    return tuple(found)


def _check_transaction(transaction: Transaction, number: int) -> None:
    if transaction.set_id != "835":
        raise ParseError(
            "ST01 must be 835", code=WRONG_TRANSACTION, segment=number, element=1, segment_id="ST"
        )
    if transaction.implementation not in ("", VERSION):
        raise ParseError(
            f"ST03 must be {VERSION}",
            code=WRONG_TRANSACTION,
            segment=number,
            element=3,
            segment_id="ST",
        )


def _read(body: tuple[Segment, ...], number: int) -> Remittance:
    return _Reader(body, number).remittance()


# -- writing ---------------------------------------------------------------------------


def _amount(value: decimal.Decimal) -> str:
    """An amount in minimal form: ``125.00`` -> ``125``, ``125.50`` -> ``125.5``."""
    if not value:
        return "0"
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _d8(value: dt.date) -> str:
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


#: Claim filing indicators (CLP06) and provider adjustment reasons (PLB03-1) of the map.
_CLP06 = frozenset({"12", "13", "14", "15", "16", "17", "AM", "CH", "DS", "HM", "LM", "MA", "MB", "MC", "OF", "TV", "VA", "WC", "ZZ"})  # fmt: skip
_PLB_REASONS = frozenset({
    "50", "51", "72", "90", "AH", "AM", "AP", "B2", "B3", "BD", "BN", "C5", "CR", "CS", "CT",
    "CV", "CW", "DM", "E3", "FB", "FC", "GO", "HM", "IP", "IR", "IS", "J1", "L3", "L6", "LE",
    "LS", "OA", "OB", "PI", "PL", "RA", "RE", "SL", "TL", "WO", "WU",
})  # fmt: skip
_BANKED = frozenset({PaymentMethod.ACH, PaymentMethod.FEDWIRE, PaymentMethod.FINANCIAL_INSTITUTION_OPTION})  # fmt: skip


class _Checks:
    """Collects what cannot be written, each with its path."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, code: str, message: str) -> None:
        self.problems.append(Problem(path=path, code=code, message=message))

    def text(self, value: str, path: str, low: int, high: int) -> None:
        self.problems.extend(text_problems(value, path))
        if not low <= len(value) <= high:
            self.add(
                path, "billing.835.length", f"must be {low} to {high} characters, not {len(value)}"
            )

    def optional(self, value: str | None, path: str, low: int, high: int) -> None:
        if value:
            self.text(value, path, low, high)

    def number(self, value: decimal.Decimal | None, path: str, digits: int = 18) -> None:
        if value is not None and sum(c.isdigit() for c in _amount(value)) > digits:
            self.add(path, "billing.835.length", f"must have at most {digits} digits")

    def adjustments(self, adjustments: Sequence[Adjustment], path: str) -> None:
        for k, a in enumerate(adjustments):
            where = f"{path}.adjustments[{k}]"
            if a.group is AdjustmentGroup.CORRECTION:
                self.add(
                    f"{where}.group",
                    "billing.835.group",
                    "group CR is not sent in a 005010 835 (use CO, OA, PI or PR)",
                )
            self.text(a.reason, f"{where}.reason", 1, 5)
            self.number(a.amount, f"{where}.amount")
            self.number(a.quantity, f"{where}.quantity", 15)


def _check_line(c: _Checks, line: ServicePayment, path: str) -> None:
    c.text(line.procedure, f"{path}.procedure", 1, 48)
    for k, modifier in enumerate(line.modifiers):
        c.text(modifier, f"{path}.modifiers[{k}]", 2, 2)
    for k, modifier in enumerate(line.original_modifiers):
        c.text(modifier, f"{path}.original_modifiers[{k}]", 2, 2)
    if len(line.modifiers) > 4 or len(line.original_modifiers) > 4:
        c.add(f"{path}.modifiers", "billing.835.too_many", "an SVC carries at most 4 modifiers")
    if line.original_modifiers and line.original_procedure is None:
        c.add(
            f"{path}.original_modifiers",
            "billing.835.missing",
            "original modifiers need the original procedure (SVC06-2)",
        )
    c.optional(line.original_procedure, f"{path}.original_procedure", 1, 48)
    c.optional(line.control_number, f"{path}.control_number", 1, 50)
    for name in ("charge", "paid", "allowed"):
        c.number(getattr(line, name), f"{path}.{name}")
    c.number(line.units, f"{path}.units", 15)
    c.number(line.original_units, f"{path}.original_units", 15)
    c.adjustments(line.adjustments, path)
    for k, remark in enumerate(line.remarks):
        c.text(remark, f"{path}.remarks[{k}]", 1, 30)


def _check_claim(c: _Checks, claim: ClaimPayment, path: str) -> None:
    c.text(claim.account_number, f"{path}.account_number", 1, 38)
    if claim.filing_indicator not in _CLP06:
        c.add(
            f"{path}.filing_indicator",
            "billing.835.code",
            "the claim filing indicator (CLP06) is required, one of " + ", ".join(sorted(_CLP06)),
        )
    c.text(claim.payer_claim_number, f"{path}.payer_claim_number", 1, 50)
    c.optional(claim.place_of_service, f"{path}.place_of_service", 1, 2)
    c.optional(claim.frequency, f"{path}.frequency", 1, 1)
    c.optional(claim.patient_last_name, f"{path}.patient_last_name", 1, 60)
    c.optional(claim.patient_first_name, f"{path}.patient_first_name", 1, 35)
    c.optional(claim.member_id, f"{path}.member_id", 2, 80)
    for name in ("billed", "paid", "patient_responsibility"):
        c.number(getattr(claim, name), f"{path}.{name}")
    c.adjustments(claim.adjustments, path)
    if len(claim.remarks) > 5:
        c.add(f"{path}.remarks", "billing.835.too_many", "an MOA carries at most 5 remark codes")
    for k, remark in enumerate(claim.remarks):
        c.text(remark, f"{path}.remarks[{k}]", 1, 50)
    for j, line in enumerate(claim.lines):
        _check_line(c, line, f"{path}.lines[{j}]")


def _check(remittance: Remittance, prefix: str) -> list[Problem]:
    c = _Checks()
    payment, payer, payee = remittance.payment, remittance.payer, remittance.payee
    if payment.method in _BANKED:
        c.add(
            f"{prefix}payment.method",
            "billing.835.bank_details",
            "ACH, FWT and BOP payments need the banks' account details (BPR06-15), "
            "which the model does not hold: build a CHK or NON remittance",
        )
    if payment.amount < 0:
        c.add(
            f"{prefix}payment.amount",
            "billing.835.negative_payment",
            "BPR02 cannot be negative: carry the balance forward with a PLB FB",
        )
    c.number(payment.amount, f"{prefix}payment.amount")
    c.text(payment.trace_number, f"{prefix}payment.trace_number", 1, 50)
    c.text(payment.payer_id, f"{prefix}payment.payer_id", 10, 10)
    c.text(payer.name, f"{prefix}payer.name", 1, 60)
    c.optional(payer.id, f"{prefix}payer.id", 1, 50)
    if not payer.contact_phone:
        c.add(
            f"{prefix}payer.contact_phone",
            "billing.835.missing",
            "the payer's business contact (PER*BL) is required",
        )
    c.optional(payer.contact_phone, f"{prefix}payer.contact_phone", 1, 256)
    if payer.address is None:
        c.add(
            f"{prefix}payer.address",
            "billing.835.missing",
            "the payer's address (N3, N4) is required",
        )
    else:
        a = payer.address
        c.text(a.line1, f"{prefix}payer.address.line1", 1, 55)
        c.optional(a.line2, f"{prefix}payer.address.line2", 1, 55)
        c.text(a.city, f"{prefix}payer.address.city", 2, 30)
        c.optional(a.state, f"{prefix}payer.address.state", 2, 2)
        c.optional(a.postal_code, f"{prefix}payer.address.postal_code", 3, 15)
        c.optional(a.country, f"{prefix}payer.address.country", 2, 3)
    c.text(payee.name, f"{prefix}payee.name", 1, 60)
    if not payee.npi and not payee.tax_id:
        c.add(f"{prefix}payee.npi", "billing.835.missing", "the payee needs an NPI or a tax id")
    c.optional(payee.npi, f"{prefix}payee.npi", 2, 80)
    c.optional(payee.tax_id, f"{prefix}payee.tax_id", 2, 50)
    for i, claim in enumerate(remittance.claims):
        _check_claim(c, claim, f"{prefix}claims[{i}]")
    for k, p in enumerate(remittance.provider_adjustments):
        where = f"{prefix}provider_adjustments[{k}]"
        c.text(p.provider_id, f"{where}.provider_id", 1, 50)
        if p.reason not in _PLB_REASONS:
            c.add(
                f"{where}.reason", "billing.835.code", "not a provider adjustment reason (PLB03-1)"
            )
        c.optional(p.reference, f"{where}.reference", 1, 50)
        c.number(p.amount, f"{where}.amount")
    problems = c.problems
    for problem in balance(remittance):
        problems.append(
            Problem(path=prefix + problem.path, code=problem.code, message=problem.message)
        )
    return problems


def _cas(adjustments: Sequence[Adjustment]) -> list[Segment]:
    """CAS segments: runs of one group, at most 6 adjustments each, in order."""
    out: list[Segment] = []
    run: list[str] = []
    group = ""
    count = 0
    for a in adjustments:
        if a.group.value != group or count == 6:
            if run:
                out.append(Segment("CAS", (group, *run)))
            group, run, count = a.group.value, [], 0
        quantity = "" if a.quantity is None else _amount(a.quantity)
        run += [a.reason, _amount(a.amount), quantity]
        count += 1
    if run:
        out.append(Segment("CAS", (group, *run)))
    return out


def _optional_amount(value: decimal.Decimal | None) -> str:
    return "" if value is None else _amount(value)


def _line_segments(line: ServicePayment) -> list[Segment]:
    original: tuple[str, ...] | str = ""
    if line.original_procedure is not None:
        original = ("HC", line.original_procedure, *line.original_modifiers)
    out = [
        Segment(
            "SVC",
            (
                ("HC", line.procedure, *line.modifiers),
                _amount(line.charge),
                _amount(line.paid),
                "",
                _optional_amount(line.units),
                original,
                _optional_amount(line.original_units),
            ),
        )
    ]
    if line.service_end is not None:
        if line.service_date is not None:
            out.append(Segment("DTM", ("150", _d8(line.service_date))))
        out.append(Segment("DTM", ("151", _d8(line.service_end))))
    elif line.service_date is not None:
        out.append(Segment("DTM", ("472", _d8(line.service_date))))
    out += _cas(line.adjustments)
    if line.control_number is not None:
        out.append(Segment("REF", ("6R", line.control_number)))
    if line.allowed is not None:
        out.append(Segment("AMT", ("B6", _amount(line.allowed))))
    out += [Segment("LQ", ("HE", remark)) for remark in line.remarks]
    return out


def _claim_segments(claim: ClaimPayment) -> list[Segment]:
    out = [
        Segment(
            "CLP",
            (
                claim.account_number,
                claim.status.value,
                _amount(claim.billed),
                _amount(claim.paid),
                _optional_amount(claim.patient_responsibility),
                claim.filing_indicator,
                claim.payer_claim_number,
                claim.place_of_service,
                claim.frequency,
            ),
        ),
        *_cas(claim.adjustments),
        Segment(
            "NM1",
            (
                "QC",
                "1",
                claim.patient_last_name,
                claim.patient_first_name,
                "",
                "",
                "",
                "MI" if claim.member_id else "",
                claim.member_id,
            ),
        ),
    ]
    if claim.remarks:
        out.append(Segment("MOA", ("", "", *claim.remarks)))
    for qualifier, day in (
        ("232", claim.statement_start),
        ("233", claim.statement_end),
        ("050", claim.received),
    ):
        if day is not None:
            out.append(Segment("DTM", (qualifier, _d8(day))))
    for line in claim.lines:
        out += _line_segments(line)
    return out


def _plb(adjustments: Sequence[ProviderAdjustment]) -> list[Segment]:
    """PLB segments: runs of one provider and period, at most 6 adjustments each."""
    out: list[Segment] = []
    key: tuple[str, dt.date] | None = None
    run: list[Any] = []
    for p in adjustments:
        if (p.provider_id, p.fiscal_period_end) != key or len(run) == 12:
            if run and key is not None:
                out.append(Segment("PLB", (key[0], _d8(key[1]), *run)))
            key, run = (p.provider_id, p.fiscal_period_end), []
        run += [(p.reason, p.reference) if p.reference else p.reason, _amount(p.amount)]
    if run and key is not None:
        out.append(Segment("PLB", (key[0], _d8(key[1]), *run)))
    return out


def _body(r: Remittance) -> list[Segment]:
    payment, payer, payee = r.payment, r.payer, r.payee
    address = payer.address
    assert address is not None  # noqa: S101 - checked first
    handling = "H" if not payment.amount else "I"
    out = [
        Segment(
            "BPR",
            (
                handling,
                _amount(payment.amount),
                "C" if payment.credit else "D",
                payment.method.value,
                *([""] * 11),
                _d8(payment.date),
            ),
        ),
        Segment("TRN", ("1", payment.trace_number, payment.payer_id)),
    ]
    if r.production_date is not None:
        out.append(Segment("DTM", ("405", _d8(r.production_date))))
    out += [
        Segment("N1", ("PR", payer.name)),
        Segment("N3", (address.line1, address.line2)),
        Segment("N4", (address.city, address.state, address.postal_code, address.country)),
    ]
    if payer.id:
        out.append(Segment("REF", ("2U", payer.id)))
    out.append(Segment("PER", ("BL", "", "TE", payer.contact_phone)))
    if payee.npi:
        out.append(Segment("N1", ("PE", payee.name, "XX", payee.npi)))
        if payee.tax_id:
            out.append(Segment("REF", ("TJ", payee.tax_id)))
    else:
        out.append(Segment("N1", ("PE", payee.name, "FI", payee.tax_id)))
    if r.claims:
        out.append(Segment("LX", ("1",)))
        for claim in r.claims:
            out += _claim_segments(claim)
    out += _plb(r.provider_adjustments)
    return out


def build_835(
    remittances: Remittance | Iterable[Remittance],
    *,
    sender_id: str,
    receiver_id: str,
    control_number: int,
    created: dt.datetime,
    usage: str = "P",
    line_breaks: bool = False,
) -> str:
    """Write remittances as one 005010X221A1 interchange: one HP group, one ST*835 per remittance.

    Every remittance must balance (:func:`~medoffice.billing.balance`) and be
    writable: text without X12 delimiters and within the element lengths; the
    payer's address (N3/N4) and business phone (PER*BL); a 10-character
    payer id in the trace (TRN03); a claim filing indicator (CLP06) and payer
    claim number (CLP07) on every claim; CAS groups CO, OA, PI or PR (``CR``
    is not sent in 005010); a payment that is not negative. ACH, FWT and BOP
    payments are refused: they need bank account details (BPR06-BPR15) that
    the model does not hold, so simulations write checks (``CHK``) or ``NON``.
    BPR01 is ``H`` (notification only) when nothing is paid and ``I``
    (remittance information only) otherwise. Adjustments are written in
    order: consecutive adjustments of one group share a CAS segment (up to
    six); consecutive provider adjustments of one provider and period share a
    PLB segment (up to six).

    Args:
        remittances: One remittance or several.
        sender_id: The payer's interchange and group sender id (ISA06, GS02).
        receiver_id: The receiver's id (ISA08, GS03).
        control_number: The interchange and group control number (ISA13, GS06).
        created: When the file is made (ISA09/10, GS04/05), an aware datetime.
        usage: ``P`` production or ``T`` test (ISA15).
        line_breaks: Add a line break after every segment.

    Returns:
        The X12 text.

    Raises:
        TypeError: if a remittance is not a :class:`~medoffice.billing.Remittance`.
        ValidationFailed: with every problem (paths such as
            ``remittances[0].claims[2].lines[0]``), when anything cannot be written.

    >>> import datetime as dt
    >>> from medoffice.billing import Payee, Payer, Payment, Remittance
    >>> from medoffice.claims import Address
    >>> nothing = Remittance(
    ...     payment=Payment(amount=0, method="NON", date=dt.date(2024, 2, 1),
    ...                     trace_number="T1", payer_id="1512345678"),
    ...     payer=Payer(name="ACME", contact_phone="8005551212",
    ...                 address=Address(line1="1 PLAN WAY", city="HARTFORD", state="CT",
    ...                                 postal_code="06101")),
    ...     payee=Payee(name="SMITH", npi="1234567893"))
    >>> text = build_835(nothing, sender_id="ACMEHEALTH", receiver_id="SMITHFP",
    ...                  control_number=7, created=dt.datetime(2024, 2, 1, 9, tzinfo=dt.UTC))
    >>> text.split("~")[3:5]
    ['BPR*H*0*C*NON************20240201', 'TRN*1*T1*1512345678']
    >>> import attrs
    >>> build_835(attrs.evolve(nothing, payer=Payer(name="ACME")), sender_id="ACMEHEALTH",
    ...           receiver_id="SMITHFP", control_number=7,
    ...           created=dt.datetime(2024, 2, 1, 9, tzinfo=dt.UTC))
    Traceback (most recent call last):
    ...
    medoffice.exceptions.ValidationFailed: 2 errors: ...
    """
    items: tuple[object, ...] = (
        (remittances,) if isinstance(remittances, Remittance) else tuple(remittances)
    )
    checked: list[Remittance] = []
    problems: list[Problem] = []
    for i, item in enumerate(items):
        if not isinstance(item, Remittance):
            msg = f"remittances[{i}]: must be a Remittance, not {type(item).__name__}"
            raise TypeError(msg)
        problems += _check(item, f"remittances[{i}].")
        checked.append(item)
    if problems:
        raise ValidationFailed(problems)
    transactions = [
        Transaction(set_id="835", control_number=f"{n:04d}", implementation="", body=_body(r))
        for n, r in enumerate(checked, 1)
    ]
    interchange = Interchange(
        sender_id=sender_id,
        receiver_id=receiver_id,
        control_number=control_number,
        created=created,
        usage=usage,
        groups=[
            FunctionalGroup(
                functional_id="HP",
                sender_code=sender_id,
                receiver_code=receiver_id,
                control_number=control_number,
                created=created,
                version=VERSION,
                transactions=transactions,
            )
        ],
    )
    return serialize(interchange, line_breaks=line_breaks)
