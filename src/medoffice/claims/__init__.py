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

from medoffice.claims._build import build_837p
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
from medoffice.claims._read import parse_837p
from medoffice.claims._scrub import RULES, CodeSets, Rule, scrub, scrub_batch

__all__ = [  # noqa: RUF022 - plain sorted order, as tests/test_docstrings.py checks
    "Accident",
    "AccidentCause",
    "Address",
    "Assignment",
    "Batch",
    "BenefitsAssignment",
    "Claim",
    "ClaimDates",
    "CodeSets",
    "Drug",
    "DrugUnit",
    "EntityType",
    "FilingIndicator",
    "Frequency",
    "Header",
    "LineAdjudication",
    "OtherPayer",
    "OtherSubscriber",
    "Patient",
    "Payer",
    "PayerAdjustment",
    "PayerResponsibility",
    "Provider",
    "RULES",
    "Receiver",
    "Relationship",
    "ReleaseOfInformation",
    "Rule",
    "ServiceLine",
    "Sex",
    "Submitter",
    "Subscriber",
    "TaxIdKind",
    "UnitKind",
    "Usage",
    "build_837p",
    "parse_837p",
    "scrub",
    "scrub_batch",
]
