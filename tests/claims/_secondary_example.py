"""A claim to a secondary payer after the primary paid: the base of the other-payer tests."""

from __future__ import annotations

import datetime as dt

import attrs

from medoffice.claims import Claim, Payer
from medoffice.claims._model import (
    LineAdjudication,
    OtherPayer,
    OtherSubscriber,
    PayerAdjustment,
)
from medoffice.claims.examples import office_visit

#: The day the primary adjudicated the office visit.
ADJUDICATED = dt.date(2024, 1, 25)


def secondary_visit() -> Claim:
    """The office visit (99213 for 125, 36415 for 25) to a secondary payer.

    The primary (Acme, 12345) allowed 90 and 20: 99213 CO-45 35 and PR-2 10,
    paid 80; 36415 CO-45 5, paid 20; 100 in all, 10 left to the patient.
    """
    visit = office_visit()
    first, second = visit.lines
    lines = (
        attrs.evolve(
            first,
            adjudications=(
                LineAdjudication(
                    payer_id="12345",
                    paid="80",
                    procedure="99213",
                    adjustments=(
                        PayerAdjustment(group="CO", reason="45", amount="35"),
                        PayerAdjustment(group="PR", reason="2", amount="10"),
                    ),
                    adjudicated=ADJUDICATED,
                    remaining_liability="10",
                ),
            ),
        ),
        attrs.evolve(
            second,
            adjudications=(
                LineAdjudication(
                    payer_id="12345",
                    paid="20",
                    procedure="36415",
                    adjustments=(PayerAdjustment(group="CO", reason="45", amount="5"),),
                    adjudicated=ADJUDICATED,
                ),
            ),
        ),
    )
    primary = OtherPayer(
        payer=visit.payer,
        subscriber=OtherSubscriber.of(visit.subscriber),
        paid="100",
        remaining_liability="10",
        claim_number="ACME0001",
    )
    return attrs.evolve(
        visit,
        payer=Payer(name="SECOND HEALTH", id="67890"),
        subscriber=attrs.evolve(visit.subscriber, responsibility="S", group_number="SEC77"),
        other_payers=(primary,),
        lines=lines,
    )
