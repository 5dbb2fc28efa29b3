"""Ready-made, fictional claims to try the library with, in a notebook or the docs.

Every person, practice and identifier here is made up; the NPIs and EINs are
well formed (check digits included) but are not anyone's.

>>> claim = office_visit()
>>> claim.diagnoses, [line.procedure for line in claim.lines]
(('E119', 'I10'), ['99213', '36415'])
>>> dependent_visit().relationship.name
'CHILD'
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from medoffice.claims._model import (
    Address,
    Claim,
    ClaimDates,
    Drug,
    Patient,
    Payer,
    Provider,
    Receiver,
    ServiceLine,
    Submitter,
    Subscriber,
)

__all__ = ["billing_provider", "dependent_visit", "office_visit", "receiver", "submitter"]


def billing_provider() -> Provider:
    """The fictional Smith Family Practice, an organisation billing under its group NPI.

    >>> billing_provider().npi, billing_provider().address.state
    ('1234567893', 'IL')
    """
    return Provider(
        npi="1234567893",
        entity="2",
        name="SMITH FAMILY PRACTICE",
        taxonomy="207Q00000X",
        tax_id="371234567",
        address=Address(
            line1="123 MAIN ST", city="SPRINGFIELD", state="IL", postal_code="627011234"
        ),
    )


def submitter() -> Submitter:
    """The practice as the submitter of its own claims.

    >>> submitter().id
    'TGJ23'
    """
    return Submitter(
        id="TGJ23",
        name="SMITH FAMILY PRACTICE",
        contact_name="JANE BILLER",
        phone="2175551234",
    )


def receiver() -> Receiver:
    """The fictional clearinghouse the practice sends its claims to.

    >>> receiver().name
    'ACME CLEARINGHOUSE'
    """
    return Receiver(id="66783JJT", name="ACME CLEARINGHOUSE")


def _subscriber() -> Subscriber:
    return Subscriber(
        last_name="DOE",
        first_name="JOHN",
        middle_name="A",
        member_id="XYZ123456789",
        birth_date=dt.date(1980, 1, 15),
        sex="M",
        address=Address(line1="456 OAK AVE", city="SPRINGFIELD", state="IL", postal_code="62704"),
        group_number="GRP12345",
        filing_indicator="CI",
    )


def office_visit() -> Claim:
    """An established-patient visit for diabetes and hypertension, with a blood draw.

    The subscriber is the patient; two lines, 150.00 in all.

    >>> claim = office_visit()
    >>> claim.total, claim.lines[0].pointers
    (Decimal('150'), (1, 2))
    """
    return Claim(
        account_number="PATACCT001",
        billing=billing_provider(),
        payer=Payer(name="ACME HEALTH PLAN", id="12345"),
        subscriber=_subscriber(),
        place_of_service="11",
        diagnoses=("E11.9", "I10"),
        lines=(
            ServiceLine(
                procedure="99213",
                charge=Decimal(125),
                service_date=dt.date(2024, 1, 10),
                pointers=(1, 2),
            ),
            ServiceLine(procedure="36415", charge=Decimal(25), service_date=dt.date(2024, 1, 10)),
        ),
    )


def dependent_visit() -> Claim:
    """A child's visit for an ear infection with an antibiotic injection (an NDC drug line).

    The patient is the subscriber's child (loop 2000C); the rendering provider
    is named; the drug line carries its NDC and quantity.

    >>> claim = dependent_visit()
    >>> claim.patient.relationship.name, claim.lines[1].drug.unit.name
    ('CHILD', 'MILLILITER')
    """
    return Claim(
        account_number="PATACCT002",
        billing=billing_provider(),
        payer=Payer(name="ACME HEALTH PLAN", id="12345"),
        subscriber=_subscriber(),
        patient=Patient(
            last_name="DOE",
            first_name="JANE",
            birth_date=dt.date(2016, 6, 3),
            sex="F",
            address=Address(
                line1="456 OAK AVE", city="SPRINGFIELD", state="IL", postal_code="62704"
            ),
            relationship="19",
        ),
        place_of_service="11",
        dates=ClaimDates(onset=dt.date(2024, 2, 3)),
        diagnoses=("H66.90", "R50.9"),
        lines=(
            ServiceLine(
                procedure="99213",
                charge=Decimal("125.00"),
                service_date=dt.date(2024, 2, 5),
                pointers=(1, 2),
                control_number="L0002-1",
            ),
            ServiceLine(
                procedure="J0696",
                charge=Decimal("18.50"),
                units=Decimal(2),
                service_date=dt.date(2024, 2, 5),
                drug=Drug(ndc="00409-7332-01", quantity="1", unit="ML"),
                control_number="L0002-2",
            ),
            ServiceLine(
                procedure="96372",
                charge=Decimal("30.00"),
                service_date=dt.date(2024, 2, 5),
                control_number="L0002-3",
            ),
        ),
        rendering=Provider(
            npi="1245319599", name="SMITH", first_name="ALICE", taxonomy="208000000X"
        ),
    )
