"""The three balancing equations of an 835 (TR3 005010X221A1, section 1.10.2).

1. Line: ``SVC02 - Σ line CAS = SVC03`` (charge - adjustments = paid).
2. Claim: ``CLP03 - Σ claim CAS - Σ line CAS = CLP04`` (billed - adjustments = paid).
3. Transaction: ``Σ CLP04 - Σ PLB = BPR02`` (a positive PLB reduces the payment).

:func:`balance` reports every equation that fails, each as a
:class:`~medoffice.exceptions.Problem` naming the line, claim or payment;
amounts appear in the messages, patient data never does.

>>> import datetime as dt
>>> from medoffice.billing import ClaimPayment, Payee, Payer, Payment, Remittance
>>> r = Remittance(payment=Payment(amount=90, method="CHK", date=dt.date(2024, 2, 1),
...                                trace_number="T1", payer_id="1512345678"),
...                payer=Payer(name="ACME"), payee=Payee(name="SMITH", npi="1234567893"),
...                claims=[ClaimPayment(account_number="A", status="1", billed=100, paid=100)])
>>> [p.code for p in balance(r)]
['balance.transaction']
"""

from __future__ import annotations

import decimal

from medoffice.billing._remit import Remittance
from medoffice.exceptions import Problem

__all__ = ["balance"]

_ZERO = decimal.Decimal(0)


def balance(remittance: Remittance) -> tuple[Problem, ...]:
    """Every balancing equation ``remittance`` breaks, in file order (lines, claim, then payment).

    Codes: ``balance.line`` (path ``claims[i].lines[j]``), ``balance.claim``
    (path ``claims[i]``) and ``balance.transaction`` (path ``payment.amount``).
    Amounts are compared exactly, as ``Decimal``.

    Args:
        remittance: The remittance to check.

    Returns:
        The problems; empty when the remittance balances.

    Raises:
        TypeError: if ``remittance`` is not a :class:`~medoffice.billing.Remittance`.

    >>> import datetime as dt
    >>> from medoffice.billing import (Adjustment, ClaimPayment, Payee, Payer, Payment,
    ...                                Remittance, ServicePayment)
    >>> line = ServicePayment(procedure="99213", charge=125, paid=80,
    ...                       adjustments=[Adjustment(group="CO", reason="45", amount=40)])
    >>> claim = ClaimPayment(account_number="A", status="1", billed=125, paid=80, lines=[line])
    >>> r = Remittance(payment=Payment(amount=80, method="CHK", date=dt.date(2024, 2, 1),
    ...                                trace_number="T1", payer_id="1512345678"),
    ...                payer=Payer(name="ACME"), payee=Payee(name="SMITH", npi="1234567893"),
    ...                claims=[claim])
    >>> for problem in balance(r):
    ...     print(problem)
    claims[0].lines[0]: the line does not balance: charge 125 - adjustments 40 = 85, but paid is 80 [balance.line]
    claims[0]: the claim does not balance: billed 125 - claim and line adjustments 40 = 85, but paid is 80 [balance.claim]
    """
    value: object = remittance
    if not isinstance(value, Remittance):
        msg = f"remittance: must be a Remittance, not {type(value).__name__}"
        raise TypeError(msg)
    problems: list[Problem] = []
    # One pass, local sums (Σ from zero, in order: the amounts the messages show).
    for i, claim in enumerate(remittance.claims):
        total = _ZERO
        for j, line in enumerate(claim.lines):
            adjusted = _ZERO
            for adjustment in line.adjustments:
                adjusted += adjustment.amount
            total += adjusted
            if line.charge - adjusted != line.paid:
                problems.append(
                    Problem(
                        path=f"claims[{i}].lines[{j}]",
                        code="balance.line",
                        message=(
                            f"the line does not balance: charge {line.charge} - adjustments "
                            f"{adjusted} = {line.charge - adjusted}, but paid is {line.paid}"
                        ),
                    )
                )
        own = _ZERO
        for adjustment in claim.adjustments:
            own += adjustment.amount
        total += own
        if claim.billed - total != claim.paid:
            problems.append(
                Problem(
                    path=f"claims[{i}]",
                    code="balance.claim",
                    message=(
                        f"the claim does not balance: billed {claim.billed} - claim and line "
                        f"adjustments {total} = {claim.billed - total}, but paid is {claim.paid}"
                    ),
                )
            )
    paid = remittance.paid
    plb = sum((p.amount for p in remittance.provider_adjustments), _ZERO)
    if paid - plb != remittance.payment.amount:
        problems.append(
            Problem(
                path="payment.amount",
                code="balance.transaction",
                message=(
                    f"the payment does not balance: claims paid {paid} - provider adjustments "
                    f"{plb} = {paid - plb}, but the payment is {remittance.payment.amount}"
                ),
            )
        )
    return tuple(problems)
