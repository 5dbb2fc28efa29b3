"""The remittance value types: what an 835 says about a payment and the claims it pays.

The model checks types when a value is made (money is ``Decimal``, dates are
``date``) and normalises codes; whether a remittance *balances* is the
question of :func:`medoffice.billing.balance`. Patient names and member IDs
are masked in every ``repr``.

>>> import datetime as dt
>>> from decimal import Decimal
>>> line = ServicePayment(procedure="99213", charge="125", paid="80",
...                       adjustments=[Adjustment(group="CO", reason="45", amount="45")])
>>> line.adjusted, line.balances
(Decimal('45'), True)
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
from collections.abc import Iterable
from typing import Any

import attrs

from medoffice._values import draft as _draft
from medoffice._values import name_sequences
from medoffice.claims._model import (
    Address,
    _bool,
    _code,
    _codes,
    _date,
    _instance,
    _items,
    _mask,
    _member,
    _optional_date,
    _optional_instance,
    _optional_text,
    _text,
    _text_items,
    _tuple,
    to_decimal,
)

__all__ = [
    "Adjustment",
    "AdjustmentGroup",
    "ClaimPayment",
    "ClaimStatus",
    "Payee",
    "Payer",
    "Payment",
    "PaymentMethod",
    "ProviderAdjustment",
    "Remittance",
    "ServicePayment",
]

_ZERO = decimal.Decimal(0)


class AdjustmentGroup(enum.Enum):
    """Who an adjustment is charged to (CAS01).

    ``CO`` contractual: written off, never billed to the patient. ``PR`` patient
    responsibility (CARC 1 deductible, 2 coinsurance, 3 copay). ``OA`` other
    (reviewed). ``PI`` payer-initiated reduction (written off). ``CR``
    correction and reversal.

    >>> AdjustmentGroup("PR").name
    'PATIENT'
    """

    CONTRACTUAL = "CO"
    PATIENT = "PR"
    OTHER = "OA"
    PAYER_INITIATED = "PI"
    CORRECTION = "CR"


class ClaimStatus(enum.Enum):
    """How the payer processed a claim (CLP02).

    >>> ClaimStatus("22").name
    'REVERSAL'
    """

    PRIMARY = "1"
    SECONDARY = "2"
    TERTIARY = "3"
    DENIED = "4"
    PRIMARY_FORWARDED = "19"
    SECONDARY_FORWARDED = "20"
    TERTIARY_FORWARDED = "21"
    REVERSAL = "22"
    NOT_OUR_CLAIM = "23"
    PREDETERMINATION = "25"


class PaymentMethod(enum.Enum):
    """How the money moved (BPR04).

    >>> PaymentMethod("CHK").name
    'CHECK'
    """

    ACH = "ACH"
    CHECK = "CHK"
    NONE = "NON"
    FEDWIRE = "FWT"
    FINANCIAL_INSTITUTION_OPTION = "BOP"


def _group(value: object) -> AdjustmentGroup:
    return _member(AdjustmentGroup, value, "group")


def _status(value: object) -> ClaimStatus:
    return _member(ClaimStatus, value, "status")


def _method(value: object) -> PaymentMethod:
    return _member(PaymentMethod, value, "method")


def _amount(value: object) -> decimal.Decimal:
    return to_decimal(value, "amount")


def _charge(value: object) -> decimal.Decimal:
    return to_decimal(value, "charge")


def _paid(value: object) -> decimal.Decimal:
    return to_decimal(value, "paid")


def _billed(value: object) -> decimal.Decimal:
    return to_decimal(value, "billed")


def _optional_quantity(value: object) -> decimal.Decimal | None:
    return None if value is None else to_decimal(value, "quantity")


def _optional_units(value: object) -> decimal.Decimal | None:
    return None if value is None else to_decimal(value, "units")


def _optional_original_units(value: object) -> decimal.Decimal | None:
    return None if value is None else to_decimal(value, "original_units")


def _optional_allowed(value: object) -> decimal.Decimal | None:
    return None if value is None else to_decimal(value, "allowed")


def _optional_patient_responsibility(value: object) -> decimal.Decimal | None:
    return None if value is None else to_decimal(value, "patient_responsibility")


def _optional_procedure(value: object) -> object:
    return None if value is None else _code(value)


def _adjustments(value: Iterable[Any]) -> tuple[Any, ...]:
    return _tuple(value)


def _sum(adjustments: Iterable[Adjustment]) -> decimal.Decimal:
    return sum((a.amount for a in adjustments), _ZERO)


@attrs.frozen(kw_only=True)
class Adjustment:
    """One adjustment: a group, a reason (CARC) and an amount (one CAS triplet).

    A positive amount reduces the payment; a negative one increases it.

    Attributes:
        group: Who the adjustment is charged to (CAS01).
        reason: The claim adjustment reason code, CARC (``45``, ``1``, ``2`` ...).
        amount: The amount (CAS03, CAS06 ...).
        quantity: The units adjusted (CAS04), if any.

    >>> Adjustment(group="PR", reason="2", amount="12.50").group.name
    'PATIENT'
    """

    group: AdjustmentGroup = attrs.field(converter=_group)
    reason: str = attrs.field(converter=_code, validator=_text)
    amount: decimal.Decimal = attrs.field(converter=_amount)
    quantity: decimal.Decimal | None = attrs.field(default=None, converter=_optional_quantity)


@attrs.frozen(kw_only=True, field_transformer=name_sequences)
class ServicePayment:
    """What the payer did with one service line (loop 2110: SVC, DTM, CAS, REF, AMT, LQ).

    Attributes:
        procedure: The procedure as adjudicated (SVC01-2), upper case.
        modifiers: Its modifiers as adjudicated (SVC01-3 to -6).
        charge: The line's charge as billed (SVC02).
        paid: The amount paid for the line (SVC03).
        units: The units paid (SVC05), if sent.
        original_procedure: The procedure as billed (SVC06-2) when the payer changed it.
        original_modifiers: The modifiers as billed (SVC06-3 to -6) when it did.
        original_units: The units as billed (SVC07) when they differ.
        service_date: The date of service (DTM*472, or DTM*150 for a range's start).
        service_end: The last date of a range (DTM*151).
        control_number: Our line item control number (REF*6R), echoed from the 837P.
        adjustments: The line's adjustments (CAS).
        allowed: The allowed amount (AMT*B6), if sent.
        remarks: Remittance advice remark codes (LQ*HE), e.g. ``N130``.

    >>> ServicePayment(procedure="99213", charge=100, paid=100).balances
    True
    """

    procedure: str = attrs.field(converter=_code, validator=_text)
    modifiers: tuple[str, ...] = attrs.field(default=(), converter=_codes, validator=_text_items)
    charge: decimal.Decimal = attrs.field(converter=_charge)
    paid: decimal.Decimal = attrs.field(converter=_paid)
    units: decimal.Decimal | None = attrs.field(default=None, converter=_optional_units)
    original_procedure: str | None = attrs.field(
        default=None, converter=_optional_procedure, validator=_optional_text
    )
    original_modifiers: tuple[str, ...] = attrs.field(
        default=(), converter=_codes, validator=_text_items
    )
    original_units: decimal.Decimal | None = attrs.field(
        default=None, converter=_optional_original_units
    )
    service_date: dt.date | None = attrs.field(default=None, validator=_optional_date)
    service_end: dt.date | None = attrs.field(default=None, validator=_optional_date)
    control_number: str | None = attrs.field(default=None, validator=_optional_text)
    adjustments: tuple[Adjustment, ...] = attrs.field(
        default=(), converter=_adjustments, validator=_items(Adjustment)
    )
    allowed: decimal.Decimal | None = attrs.field(default=None, converter=_optional_allowed)
    remarks: tuple[str, ...] = attrs.field(default=(), converter=_codes, validator=_text_items)

    @property
    def adjusted(self) -> decimal.Decimal:
        """The sum of the line's adjustments.

        >>> ServicePayment(procedure="99213", charge=100, paid=60,
        ...                adjustments=[Adjustment(group="CO", reason="45", amount=40)]).adjusted
        Decimal('40')
        """
        return _sum(self.adjustments)

    @property
    def balances(self) -> bool:
        """Whether charge - adjustments = paid (the line balancing rule).

        >>> ServicePayment(procedure="99213", charge=100, paid=60).balances
        False
        """
        return self.charge - self.adjusted == self.paid

    @property
    def billed_procedure(self) -> str:
        """The procedure as we billed it: ``original_procedure`` if sent, else ``procedure``.

        >>> ServicePayment(procedure="99212", original_procedure="99213", charge=1,
        ...                paid=1).billed_procedure
        '99213'
        """
        return self.original_procedure if self.original_procedure is not None else self.procedure


@attrs.frozen(kw_only=True, field_transformer=name_sequences)
class ClaimPayment:
    """What the payer did with one claim (loop 2100: CLP, CAS, NM1, MOA, REF, DTM, AMT; 2110 lines).

    Attributes:
        account_number: Our patient account number (CLP01 = CLM01). Masked in the repr.
        status: How the claim was processed (CLP02).
        billed: The total charge as billed (CLP03).
        paid: The amount paid (CLP04).
        patient_responsibility: The patient's share (CLP05), if sent.
        filing_indicator: The claim filing indicator (CLP06), e.g. ``12`` PPO, ``MB``.
        payer_claim_number: The payer's claim control number (CLP07): the number a
            replacement or void claim quotes in REF*F8.
        place_of_service: The facility code (CLP08), if sent.
        frequency: The claim frequency code (CLP09), if sent.
        patient_last_name, patient_first_name: The patient (NM1*QC). Masked.
        member_id: The patient's member id (NM1*QC NM109). Masked.
        adjustments: Claim-level adjustments (CAS in 2100).
        lines: The service lines (2110).
        remarks: Claim-level remark codes (MOA), if any.
        received: The date the payer received the claim (DTM*050), if sent.
        statement_start, statement_end: The claim's dates of service (DTM*232/233).

    >>> c = ClaimPayment(account_number="PATACCT001", status="1", billed=150, paid=100,
    ...                  adjustments=[Adjustment(group="CO", reason="45", amount=50)])
    >>> c.balances, "PATACCT001" in repr(c)
    (True, False)
    """

    account_number: str = attrs.field(validator=_text, repr=_mask)
    status: ClaimStatus = attrs.field(converter=_status)
    billed: decimal.Decimal = attrs.field(converter=_billed)
    paid: decimal.Decimal = attrs.field(converter=_paid)
    patient_responsibility: decimal.Decimal | None = attrs.field(
        default=None, converter=_optional_patient_responsibility
    )
    filing_indicator: str = attrs.field(default="", validator=_text)
    payer_claim_number: str = attrs.field(default="", validator=_text)
    place_of_service: str = attrs.field(default="", validator=_text)
    frequency: str = attrs.field(default="", validator=_text)
    patient_last_name: str = attrs.field(default="", validator=_text, repr=_mask)
    patient_first_name: str = attrs.field(default="", validator=_text, repr=_mask)
    member_id: str = attrs.field(default="", validator=_text, repr=_mask)
    adjustments: tuple[Adjustment, ...] = attrs.field(
        default=(), converter=_adjustments, validator=_items(Adjustment)
    )
    lines: tuple[ServicePayment, ...] = attrs.field(
        default=(), converter=_tuple, validator=_items(ServicePayment)
    )
    remarks: tuple[str, ...] = attrs.field(default=(), converter=_codes, validator=_text_items)
    received: dt.date | None = attrs.field(default=None, validator=_optional_date)
    statement_start: dt.date | None = attrs.field(default=None, validator=_optional_date)
    statement_end: dt.date | None = attrs.field(default=None, validator=_optional_date)

    @property
    def adjusted(self) -> decimal.Decimal:
        """The sum of the claim-level and line-level adjustments.

        >>> ClaimPayment(account_number="A", status="1", billed=10, paid=10).adjusted
        Decimal('0')
        """
        return _sum(self.adjustments) + sum((line.adjusted for line in self.lines), _ZERO)

    @property
    def balances(self) -> bool:
        """Whether billed - claim and line adjustments = paid (the claim balancing rule).

        >>> ClaimPayment(account_number="A", status="4", billed=10, paid=0).balances
        False
        """
        return self.billed - self.adjusted == self.paid

    @property
    def is_reversal(self) -> bool:
        """Whether this takes back an earlier payment of the claim (CLP02 = 22).

        >>> ClaimPayment(account_number="A", status="22", billed=-10, paid=-10).is_reversal
        True
        """
        return self.status is ClaimStatus.REVERSAL

    @property
    def is_denied(self) -> bool:
        """Whether the claim was denied (CLP02 = 4).

        >>> ClaimPayment(account_number="A", status="4", billed=10, paid=0).is_denied
        True
        """
        return self.status is ClaimStatus.DENIED


@attrs.frozen(kw_only=True)
class ProviderAdjustment:
    """An adjustment at the provider level, not tied to a claim (one PLB pair).

    A positive amount reduces the payment (a recovery, a levy); a negative one
    increases it (interest, ``L6``).

    Attributes:
        provider_id: The provider the adjustment is for (PLB01, the NPI or tax id).
        fiscal_period_end: The last day of the provider's fiscal period (PLB02).
        reason: The adjustment reason (PLB03-1): ``L6`` interest, ``WO`` overpayment
            recovery, ``FB`` forwarding balance, ``72`` authorised return ...
        reference: The reference (PLB03-2), such as the claim the recovery is for.
        amount: The amount (PLB04).

    >>> import datetime as dt
    >>> ProviderAdjustment(provider_id="1234567893", fiscal_period_end=dt.date(2024, 12, 31),
    ...                    reason="L6", amount="-1.25").amount
    Decimal('-1.25')
    """

    provider_id: str = attrs.field(validator=_text)
    fiscal_period_end: dt.date = attrs.field(validator=_date)
    reason: str = attrs.field(converter=_code, validator=_text)
    reference: str = attrs.field(default="", validator=_text)
    amount: decimal.Decimal = attrs.field(converter=_amount)


@attrs.frozen(kw_only=True)
class Payment:
    """The money itself: how much, how, when, and its trace number (BPR and TRN).

    Attributes:
        amount: The total actual payment (BPR02).
        method: ACH, check, none ... (BPR04).
        credit: Whether it is a credit to the provider (BPR03 ``C``) or a debit (``D``).
        date: The payment or check date (BPR16).
        trace_number: The check or EFT trace number (TRN02): how the deposit is found.
        payer_id: The payer's identifier in the trace (TRN03, ``1`` + the EIN usually).

    >>> import datetime as dt
    >>> Payment(amount="100", method="CHK", date=dt.date(2024, 2, 1),
    ...         trace_number="12345", payer_id="1512345678").method.name
    'CHECK'
    """

    amount: decimal.Decimal = attrs.field(converter=_amount)
    method: PaymentMethod = attrs.field(converter=_method)
    credit: bool = attrs.field(default=True, validator=_bool)
    date: dt.date = attrs.field(validator=_date)
    trace_number: str = attrs.field(validator=_text)
    payer_id: str = attrs.field(validator=_text)


@attrs.frozen(kw_only=True)
class Payer:
    """The payer that sent the remittance (loop 1000A: N1*PR, N3, N4, REF, PER).

    Attributes:
        name: The payer's name (N102).
        id: The payer identifier (REF*2U or N104), if sent.
        contact_phone: The business contact's phone (PER*BL), digits only.
        address: The payer's address (N3, N4): required in an 835, so
            :func:`~medoffice.billing.build_835` refuses a payer without one.

    >>> Payer(name="ACME HEALTH PLAN", id="12345").name
    'ACME HEALTH PLAN'
    """

    name: str = attrs.field(validator=_text)
    id: str = attrs.field(default="", validator=_text)
    contact_phone: str = attrs.field(default="", validator=_text)
    address: Address | None = attrs.field(default=None, validator=_optional_instance(Address))


@attrs.frozen(kw_only=True)
class Payee:
    """The provider being paid (loop 1000B: N1*PE with the NPI, REF*TJ tax id).

    Attributes:
        name: The payee's name (N102).
        npi: The payee's NPI (N104 with N103 ``XX``).
        tax_id: The payee's tax identifier (REF*TJ), if sent.

    >>> Payee(name="SMITH FAMILY PRACTICE", npi="1234567893").npi
    '1234567893'
    """

    name: str = attrs.field(validator=_text)
    npi: str = attrs.field(validator=_text)
    tax_id: str = attrs.field(default="", validator=_text)


@attrs.frozen(kw_only=True, field_transformer=name_sequences)
class Remittance:
    """One 835 transaction: a payment and the claims and adjustments it accounts for.

    Attributes:
        payment: The money (BPR, TRN).
        payer: Who pays (1000A).
        payee: Who is paid (1000B).
        production_date: When the payer produced the remittance (DTM*405), if sent.
        claims: The claims it pays, denies or reverses (2100), in file order.
        provider_adjustments: Provider-level adjustments (PLB).

    >>> import datetime as dt
    >>> r = Remittance(payment=Payment(amount=100, method="CHK", date=dt.date(2024, 2, 1),
    ...                                trace_number="T1", payer_id="1512345678"),
    ...                payer=Payer(name="ACME"), payee=Payee(name="SMITH", npi="1234567893"),
    ...                claims=[ClaimPayment(account_number="A", status="1", billed=100, paid=100)])
    >>> r.paid, r.balances
    (Decimal('100'), True)
    """

    payment: Payment = attrs.field(validator=_instance(Payment))
    payer: Payer = attrs.field(validator=_instance(Payer))
    payee: Payee = attrs.field(validator=_instance(Payee))
    production_date: dt.date | None = attrs.field(default=None, validator=_optional_date)
    claims: tuple[ClaimPayment, ...] = attrs.field(
        default=(), converter=_tuple, validator=_items(ClaimPayment)
    )
    provider_adjustments: tuple[ProviderAdjustment, ...] = attrs.field(
        default=(), converter=_tuple, validator=_items(ProviderAdjustment)
    )

    @property
    def paid(self) -> decimal.Decimal:
        """The sum of the claims' payments (Σ CLP04).

        >>> import datetime as dt
        >>> Remittance(payment=Payment(amount=0, method="NON", date=dt.date(2024, 2, 1),
        ...                            trace_number="T", payer_id="P"),
        ...            payer=Payer(name="A"), payee=Payee(name="B", npi="1234567893")).paid
        Decimal('0')
        """
        return sum((c.paid for c in self.claims), _ZERO)

    @property
    def balances(self) -> bool:
        """Whether Σ CLP04 - Σ PLB = BPR02 (the transaction balancing rule).

        >>> import datetime as dt
        >>> Remittance(payment=Payment(amount=5, method="CHK", date=dt.date(2024, 2, 1),
        ...                            trace_number="T", payer_id="P"),
        ...            payer=Payer(name="A"), payee=Payee(name="B", npi="1234567893")).balances
        False
        """
        plb = sum((p.amount for p in self.provider_adjustments), _ZERO)
        return self.paid - plb == self.payment.amount


# -- unchecked construction, for the 835 reader ----------------------------------------
#
# The reader makes tens of thousands of these values from elements it has
# already checked (amounts are Decimal, dates are dates, codes are normalised
# by the converters' own function): running the converters and validators
# again costs more than the rest of the reading. Each builder below fills a
# private subclass that adds no slot (``medoffice.terminology``'s drafts), then
# turns it into the public class (same layout): the value is equal to, and has
# the same repr as, what the public constructor makes from the same arguments
# (tests/billing/test_835.py proves it for every value the strategies make).
# Every field must be given.

_new = object.__new__


_ADJUSTMENT_DRAFT = _draft(Adjustment)
_SERVICE_PAYMENT_DRAFT = _draft(ServicePayment)
_CLAIM_PAYMENT_DRAFT = _draft(ClaimPayment)


def _trusted_adjustment(
    group: AdjustmentGroup, reason: str, amount: decimal.Decimal, quantity: decimal.Decimal | None
) -> Adjustment:
    """An :class:`Adjustment` of checked values (``reason`` already a normalised code)."""
    a = _new(_ADJUSTMENT_DRAFT)
    a.group = group
    a.reason = reason
    a.amount = amount
    a.quantity = quantity
    a.__class__ = Adjustment
    return a  # type: ignore[no-any-return]


def _trusted_service_payment(  # noqa: PLR0917  # one argument per field, in order
    procedure: str,
    modifiers: tuple[str, ...],
    charge: decimal.Decimal,
    paid: decimal.Decimal,
    units: decimal.Decimal | None,
    original_procedure: str | None,
    original_modifiers: tuple[str, ...],
    original_units: decimal.Decimal | None,
    service_date: dt.date | None,
    service_end: dt.date | None,
    control_number: str | None,
    adjustments: tuple[Adjustment, ...],
    allowed: decimal.Decimal | None,
    remarks: tuple[str, ...],
) -> ServicePayment:
    """A :class:`ServicePayment` of checked values (codes already normalised)."""
    s = _new(_SERVICE_PAYMENT_DRAFT)
    s.procedure = procedure
    s.modifiers = modifiers
    s.charge = charge
    s.paid = paid
    s.units = units
    s.original_procedure = original_procedure
    s.original_modifiers = original_modifiers
    s.original_units = original_units
    s.service_date = service_date
    s.service_end = service_end
    s.control_number = control_number
    s.adjustments = adjustments
    s.allowed = allowed
    s.remarks = remarks
    s.__class__ = ServicePayment
    return s  # type: ignore[no-any-return]


def _trusted_claim_payment(  # noqa: PLR0917  # one argument per field, in order
    account_number: str,
    status: ClaimStatus,
    billed: decimal.Decimal,
    paid: decimal.Decimal,
    patient_responsibility: decimal.Decimal | None,
    filing_indicator: str,
    payer_claim_number: str,
    place_of_service: str,
    frequency: str,
    patient_last_name: str,
    patient_first_name: str,
    member_id: str,
    adjustments: tuple[Adjustment, ...],
    lines: tuple[ServicePayment, ...],
    remarks: tuple[str, ...],
    received: dt.date | None,
    statement_start: dt.date | None,
    statement_end: dt.date | None,
) -> ClaimPayment:
    """A :class:`ClaimPayment` of checked values (codes already normalised)."""
    c = _new(_CLAIM_PAYMENT_DRAFT)
    c.account_number = account_number
    c.status = status
    c.billed = billed
    c.paid = paid
    c.patient_responsibility = patient_responsibility
    c.filing_indicator = filing_indicator
    c.payer_claim_number = payer_claim_number
    c.place_of_service = place_of_service
    c.frequency = frequency
    c.patient_last_name = patient_last_name
    c.patient_first_name = patient_first_name
    c.member_id = member_id
    c.adjustments = adjustments
    c.lines = lines
    c.remarks = remarks
    c.received = received
    c.statement_start = statement_start
    c.statement_end = statement_end
    c.__class__ = ClaimPayment
    return c  # type: ignore[no-any-return]
