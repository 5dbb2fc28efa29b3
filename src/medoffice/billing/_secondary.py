"""Secondary claims: the claim to the next payer, from the primary payer's adjudication.

When the primary payer has paid (an 835 :class:`~medoffice.billing.ClaimPayment`),
what is left goes to the secondary payer on a new 837P claim that says what the
primary did: the primary becomes one of the claim's
:attr:`~medoffice.claims.Claim.other_payers` (loops 2320/2330) with its
claim-level adjustments and the amount it paid, and each line it adjudicated
carries a :class:`~medoffice.claims._model.LineAdjudication` (loop 2430) with
the line's adjustments and paid amount.

>>> import datetime as dt
>>> from medoffice.billing import Adjustment, ClaimPayment, ServicePayment
>>> from medoffice.claims import Payer, scrub
>>> from medoffice.claims.examples import office_visit
>>> visit = office_visit()  # 99213 for 125 and 36415 for 25
>>> primary = ClaimPayment(account_number=visit.account_number, status="1", billed=150,
...     paid=100, payer_claim_number="ACME0001", lines=[
...     ServicePayment(procedure="99213", charge=125, paid=80, adjustments=[
...         Adjustment(group="CO", reason="45", amount=35),
...         Adjustment(group="PR", reason="2", amount=10)]),
...     ServicePayment(procedure="36415", charge=25, paid=20, adjustments=[
...         Adjustment(group="CO", reason="45", amount=5)])])
>>> claim = secondary_claim(visit, primary, payer=Payer(name="Second Health", id="67890"),
...                         subscriber=visit.subscriber, adjudicated=dt.date(2024, 1, 25))
>>> claim.subscriber.responsibility.name, claim.other_payers[0].paid
('SECONDARY', Decimal('100'))
>>> [a.paid for line in claim.lines for a in line.adjudications]
[Decimal('80'), Decimal('20')]
>>> scrub(claim, on=dt.date(2024, 2, 1))
()
"""

from __future__ import annotations

import datetime as dt
import decimal
import types
from collections.abc import Iterable

import attrs

from medoffice.billing._remit import Adjustment, AdjustmentGroup, ClaimPayment, ServicePayment
from medoffice.claims._model import (
    Claim,
    Frequency,
    LineAdjudication,
    OtherPayer,
    OtherSubscriber,
    Patient,
    Payer,
    PayerAdjustment,
    ServiceLine,
    Subscriber,
)

__all__ = ["secondary_claim"]

#: Adjudications that are not a payer's answer to the claim: a reversal, "not our
#: claim", a predetermination.
_NOT_ADJUDICATED = frozenset({"22", "23", "25"})
#: The order of benefits (SBR01): primary, secondary, tertiary, then payers 4 to 11.
_ORDER = "PSTABCDEFGH"


def _converted(adjustments: Iterable[Adjustment]) -> tuple[PayerAdjustment, ...]:
    return tuple(
        PayerAdjustment(group=a.group.value, reason=a.reason, amount=a.amount, quantity=a.quantity)
        for a in adjustments
    )


def _patient_share(adjustments: Iterable[Adjustment]) -> decimal.Decimal | None:
    """The sum of the patient-responsibility (PR) adjustments, or None without any."""
    shares = [a.amount for a in adjustments if a.group is AdjustmentGroup.PATIENT]
    return sum(shares, decimal.Decimal(0)) if shares else None


def _match(lines: tuple[ServiceLine, ...], paid: ServicePayment, taken: set[int]) -> int | None:
    """The claim line a service payment is for, by control number or procedure and date.

    Modifiers the payer dropped or changed are tolerated; among equal
    candidates, the same charge and then the same modifiers win.
    """
    free = [i for i in range(len(lines)) if i not in taken]
    if paid.control_number is not None:
        for i in free:
            if lines[i].control_number == paid.control_number:
                return i
    procedure = paid.billed_procedure
    modifiers = paid.original_modifiers or paid.modifiers
    candidates = [
        i
        for i in free
        if lines[i].procedure == procedure
        and (paid.service_date is None or lines[i].service_date == paid.service_date)
    ]
    if not candidates:
        return None
    return min(
        candidates,
        key=lambda i: (lines[i].charge != paid.charge, lines[i].modifiers != modifiers, i),
    )


def _check_types(  # noqa: PLR0917 (every argument of secondary_claim)
    claim: object,
    primary: object,
    payer: object,
    subscriber: object,
    patient: object,
    adjudicated: object,
) -> None:
    for name, value, cls in (
        ("claim", claim, Claim),
        ("primary", primary, ClaimPayment),
        ("payer", payer, Payer),
        ("subscriber", subscriber, Subscriber),
    ):
        if not isinstance(value, cls):
            msg = f"{name}: must be a {cls.__name__}, not {type(value).__name__}"
            raise TypeError(msg)
    if patient is not ... and patient is not None and not isinstance(patient, Patient):
        msg = f"patient: must be a Patient, None or left out, not {type(patient).__name__}"
        raise TypeError(msg)
    if not isinstance(adjudicated, dt.date) or isinstance(adjudicated, dt.datetime):
        msg = "adjudicated: must be a calendar date (datetime.date, not a datetime)"
        raise TypeError(msg)


def _adjudications(
    claim: Claim, primary: ClaimPayment, adjudicated: dt.date
) -> list[list[LineAdjudication]]:
    """The primary's line adjudications, one list per claim line."""
    found: list[list[LineAdjudication]] = [[] for _ in claim.lines]
    taken: set[int] = set()
    for k, paid in enumerate(primary.lines):
        at = f"primary.lines[{k}]"
        i = _match(claim.lines, paid, taken)
        if i is None:
            msg = (
                f"{at}: matches no line of the claim (by line control number, or by"
                " procedure and date of service)"
            )
            raise ValueError(msg)
        line = claim.lines[i]
        if paid.charge != line.charge:
            msg = f"{at}.charge: is {paid.charge}, not the charge {line.charge} of the claim line"
            raise ValueError(msg)
        if not paid.balances:
            msg = (
                f"{at}: the charge less the adjustments ({paid.charge - paid.adjusted}) is"
                f" not the amount paid ({paid.paid})"
            )
            raise ValueError(msg)
        taken.add(i)
        found[i].append(
            LineAdjudication(
                payer_id=claim.payer.id,
                paid=paid.paid,
                procedure=paid.procedure,
                modifiers=paid.modifiers,
                units=paid.units if paid.units is not None else line.units,
                adjustments=_converted(paid.adjustments),
                adjudicated=adjudicated,
                remaining_liability=_patient_share(paid.adjustments),
            )
        )
    return found


def secondary_claim(
    claim: Claim,
    primary: ClaimPayment,
    *,
    payer: Payer,
    subscriber: Subscriber,
    patient: Patient | types.EllipsisType | None = ...,
    adjudicated: dt.date,
) -> Claim:
    """The claim to the secondary payer, from the original claim and the primary's adjudication.

    The new claim has the same lines, diagnoses, providers and dates, goes to
    ``payer`` for ``subscriber`` (with responsibility ``S``, secondary, after a
    primary claim) as an
    original claim (frequency 1), and carries the primary as an
    :class:`~medoffice.claims._model.OtherPayer`: the claim's payer and
    subscriber, the primary's claim-level adjustments (CAS), what it paid
    (``primary.paid``, AMT*D), the patient's remaining responsibility (CLP05,
    AMT*EAF) and its claim number (CLP07, REF*F8). Each line the primary
    adjudicated gets a :class:`~medoffice.claims._model.LineAdjudication`: the
    procedure and modifiers as adjudicated, the paid amount and units, the line
    adjustments, ``adjudicated`` as the date, and the patient-responsibility
    adjustments as the remaining liability. Without line detail in the 835 the
    date goes at the claim level (DTP*573 in loop 2330B) instead.

    A primary line is matched to a claim line by its line control number
    (REF*6R), else by the procedure as billed and the date of service: a
    payer that dropped or changed modifiers still matches. A claim that
    already has other payers (a secondary claim, say) keeps them, and the
    new one follows: the claim then goes to the payer after it (``T``, tertiary).

    Args:
        claim: The claim sent to the primary payer.
        primary: The primary payer's answer to it (an 835 claim payment).
        payer: The secondary payer.
        subscriber: The subscriber of the secondary policy.
        patient: The patient when not that subscriber; left out, the claim's own
            patient is kept (``None`` says the secondary subscriber is the patient).
        adjudicated: The date the primary adjudicated or paid the claim (the 835's
            payment date, say).

    Returns:
        The claim to the secondary payer; check it with :func:`medoffice.claims.scrub`.

    Raises:
        TypeError: If an argument has the wrong type.
        ValueError: If ``primary`` is for another account number or is not an
            adjudication (a reversal, not our claim, a predetermination), if one
            of its lines matches no line of the claim, has another charge, or does
            not balance (charge - adjustments = paid), or if the claim's
            responsibility has no next payer (``U`` unknown, ``H`` the last).

    >>> import datetime as dt
    >>> from medoffice.billing import ClaimPayment
    >>> from medoffice.claims import Payer
    >>> from medoffice.claims.examples import office_visit
    >>> visit = office_visit()
    >>> denied = ClaimPayment(account_number=visit.account_number, status="4", billed=150,
    ...                       paid=0, adjustments=[Adjustment(group="CO", reason="29", amount=150)])
    >>> claim = secondary_claim(visit, denied, payer=Payer(name="Second Health", id="67890"),
    ...                         subscriber=visit.subscriber, adjudicated=dt.date(2024, 1, 25))
    >>> other = claim.other_payers[0]
    >>> other.paid, other.adjudicated, [(a.group, a.reason) for a in other.adjustments]
    (Decimal('0'), datetime.date(2024, 1, 25), [('CO', '29')])
    >>> secondary_claim(visit, attrs.evolve(denied, account_number="OTHER"), payer=claim.payer,
    ...                 subscriber=visit.subscriber, adjudicated=dt.date(2024, 1, 25))
    Traceback (most recent call last):
    ...
    ValueError: primary.account_number: is not the claim's account number (CLP01 = CLM01)
    """
    _check_types(claim, primary, payer, subscriber, patient, adjudicated)
    if primary.account_number != claim.account_number:
        msg = "primary.account_number: is not the claim's account number (CLP01 = CLM01)"
        raise ValueError(msg)
    if primary.status.value in _NOT_ADJUDICATED:
        msg = (
            f"primary.status: {primary.status.value} ({primary.status.name.lower()}) is not"
            " an adjudication to bill the next payer on"
        )
        raise ValueError(msg)
    place = _ORDER.find(claim.subscriber.responsibility.value)
    if not 0 <= place < len(_ORDER) - 1:
        msg = (
            "claim.subscriber.responsibility: the payer after"
            f" {claim.subscriber.responsibility.name.lower()} is not known"
        )
        raise ValueError(msg)
    found = _adjudications(claim, primary, adjudicated)
    lines = tuple(
        attrs.evolve(line, adjudications=(*line.adjudications, *mine))
        for line, mine in zip(claim.lines, found, strict=True)
    )
    number = primary.payer_claim_number
    before = OtherPayer(
        payer=claim.payer,
        subscriber=OtherSubscriber.of(claim.subscriber),
        responsibility=claim.subscriber.responsibility,
        relationship=claim.relationship,
        filing_indicator=claim.subscriber.filing_indicator,
        adjustments=_converted(primary.adjustments),
        paid=primary.paid,
        remaining_liability=primary.patient_responsibility,
        benefits_assigned=claim.benefits_assigned,
        release_of_information=claim.release_of_information,
        adjudicated=None if any(found) else adjudicated,
        claim_number=number or None,
    )
    return attrs.evolve(
        claim,
        payer=payer,
        subscriber=attrs.evolve(subscriber, responsibility=_ORDER[place + 1]),
        patient=claim.patient if patient is ... else patient,
        frequency=Frequency.ORIGINAL,
        original_claim_number=None,
        other_payers=(*claim.other_payers, before),
        lines=lines,
    )
