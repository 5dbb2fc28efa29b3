"""Claims: a professional claim, a scrubber that reports every problem, and the 837P.

A :class:`Claim` holds one patient's services from one billing provider to one
payer. The model checks types and normalises codes; whether the claim is
acceptable is the scrubber's question.

>>> from medoffice.claims import Claim
>>> from medoffice.claims.examples import office_visit
>>> claim = office_visit()
>>> isinstance(claim, Claim), claim.total
(True, Decimal('150'))
"""

from __future__ import annotations

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
    Patient,
    Payer,
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

__all__ = [
    "Accident",
    "AccidentCause",
    "Address",
    "Assignment",
    "Batch",
    "BenefitsAssignment",
    "Claim",
    "ClaimDates",
    "Drug",
    "DrugUnit",
    "EntityType",
    "FilingIndicator",
    "Frequency",
    "Header",
    "Patient",
    "Payer",
    "PayerResponsibility",
    "Provider",
    "Receiver",
    "Relationship",
    "ReleaseOfInformation",
    "ServiceLine",
    "Sex",
    "Submitter",
    "Subscriber",
    "TaxIdKind",
    "UnitKind",
    "Usage",
]
