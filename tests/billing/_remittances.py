"""Hand-made remittances for the 835 golden files and the balancing tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from medoffice.billing import (
    Adjustment,
    ClaimPayment,
    Payee,
    Payer,
    Payment,
    ProviderAdjustment,
    Remittance,
    ServicePayment,
)
from medoffice.claims import Address

PAID_ON = dt.date(2024, 2, 1)
DOS = dt.date(2024, 1, 10)
CREATED = dt.datetime(2024, 2, 1, 9, 30, tzinfo=dt.UTC)
ENVELOPE = {"sender_id": "ACMEHEALTH", "receiver_id": "SMITHFP", "control_number": 1, "created": CREATED}  # fmt: skip

PAYER = Payer(
    name="ACME HEALTH PLAN",
    id="12345",
    contact_phone="8005551212",
    address=Address(line1="1 PLAN WAY", city="HARTFORD", state="CT", postal_code="06101"),
)
PAYEE = Payee(name="SMITH FAMILY PRACTICE", npi="1234567893", tax_id="371234567")


def co(reason: str, amount: str) -> Adjustment:
    return Adjustment(group="CO", reason=reason, amount=amount)


def pr(reason: str, amount: str) -> Adjustment:
    return Adjustment(group="PR", reason=reason, amount=amount)


def remittance(*claims: ClaimPayment, plb: tuple[ProviderAdjustment, ...] = ()) -> Remittance:
    paid = sum((c.paid for c in claims), Decimal(0)) - sum((p.amount for p in plb), Decimal(0))
    return Remittance(
        payment=Payment(
            amount=paid,
            method="CHK" if paid else "NON",
            date=PAID_ON,
            trace_number="CHK000123",
            payer_id="1512345678",
        ),
        payer=PAYER,
        payee=PAYEE,
        production_date=dt.date(2024, 1, 31),
        claims=claims,
        provider_adjustments=plb,
    )


def claim(account: str, *lines: ServicePayment, status: str = "1", **kw: object) -> ClaimPayment:
    billed = sum((line.charge for line in lines), Decimal(0))
    paid = sum((line.paid for line in lines), Decimal(0))
    fields: dict[str, object] = {
        "account_number": account,
        "status": status,
        "billed": billed,
        "paid": paid,
        "filing_indicator": "12",
        "payer_claim_number": f"PCN{account}",
        "place_of_service": "11",
        "frequency": "1",
        "patient_last_name": "DOE",
        "patient_first_name": "JOHN",
        "member_id": "XYZ123456789",
        "lines": lines,
        "statement_start": DOS,
        "statement_end": DOS,
        "received": dt.date(2024, 1, 15),
    }
    fields.update(kw)
    return ClaimPayment(**fields)  # type: ignore[arg-type]


def line(procedure: str, charge: str, *adjustments: Adjustment, **kw: object) -> ServicePayment:
    paid = Decimal(charge) - sum((a.amount for a in adjustments), Decimal(0))
    fields: dict[str, object] = {
        "procedure": procedure,
        "charge": charge,
        "paid": paid,
        "units": 1,
        "service_date": DOS,
        "adjustments": adjustments,
    }
    fields.update(kw)
    return ServicePayment(**fields)  # type: ignore[arg-type]


def reversed_claim(c: ClaimPayment) -> ClaimPayment:
    def flip(adjustments: tuple[Adjustment, ...]) -> tuple[Adjustment, ...]:
        return tuple(attrs.evolve(a, amount=-a.amount) for a in adjustments)

    return attrs.evolve(
        c,
        status="22",
        billed=-c.billed,
        paid=-c.paid,
        patient_responsibility=None,
        adjustments=flip(c.adjustments),
        lines=tuple(
            attrs.evolve(x, charge=-x.charge, paid=-x.paid, adjustments=flip(x.adjustments))
            for x in c.lines
        ),
    )


_FIRST = claim(
    "PATACCT002",
    line("99214", "200", co("45", "60"), pr("2", "28"), control_number="PATACCT002-1"),
    patient_responsibility=Decimal(28),
)

GOLDEN: dict[str, Remittance] = {
    "simple_paid": remittance(
        claim("PATACCT001", line("99213", "100", control_number="PATACCT001-1", allowed=Decimal(100)))
    ),
    "contractual_and_coinsurance": remittance(
        claim(
            "PATACCT001",
            line("99213", "125", co("45", "25"), pr("2", "20"), control_number="PATACCT001-1", allowed=Decimal(100)),
            line("36415", "25", co("45", "10"), pr("3", "15"), control_number="PATACCT001-2"),
            patient_responsibility=Decimal(35),
        )
    ),
    "denial_with_remarks": remittance(
        claim(
            "PATACCT003",
            line("99215", "250", co("50", "250"), remarks=("N130",), control_number="PATACCT003-1"),
            status="4",
            remarks=("MA130",),
            patient_responsibility=Decimal(0),
        )
    ),
    "reversal_and_correction": remittance(
        reversed_claim(_FIRST),
        attrs.evolve(
            _FIRST,
            lines=(line("99214", "200", co("45", "60"), pr("2", "20"), control_number="PATACCT002-1"),),
            paid=Decimal(120),
            patient_responsibility=Decimal(20),
            payer_claim_number="PCNPATACCT002B",
        ),
    ),
    "interest_and_recovery": remittance(
        claim("PATACCT004", line("99213", "100", co("45", "20"), control_number="PATACCT004-1")),
        plb=(
            ProviderAdjustment(provider_id="1234567893", fiscal_period_end=dt.date(2024, 12, 31), reason="L6", reference="PCNPATACCT004", amount="-1.25"),
            ProviderAdjustment(provider_id="1234567893", fiscal_period_end=dt.date(2024, 12, 31), reason="WO", reference="PCN99887766", amount="40"),
        ),
    ),
    "changed_procedure": remittance(
        claim(
            "PATACCT005",
            line(
                "99212", "150", co("45", "80"),
                original_procedure="99213", original_modifiers=("25",), original_units=Decimal(1),
                control_number="PATACCT005-1", remarks=("N20", "M80"),
            ),
        )
    ),
}  # fmt: skip
