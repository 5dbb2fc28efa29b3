"""Billing: remittances (835), balancing, the ledger, posting, statements and A/R aging.

What happens after the claim: the payer's answer comes back as an 835
:class:`Remittance`, the money is posted to an append-only :class:`Ledger`,
the patient gets a statement, and the office sees what is owed and how old it is.

>>> import datetime as dt
>>> from medoffice.billing import Entry, Ledger, Party
>>> charge = Entry(id="c1", kind="charge", posted=dt.date(2024, 1, 10), account_number="A1",
...                patient_id="P1", party=Party.payer("12345"), amount="125")
>>> Ledger().append(charge).balance(account_number="A1")
Decimal('125')
"""

from __future__ import annotations

from medoffice.billing._835 import build_835, parse_835
from medoffice.billing._aging import (
    AgingBucket,
    AgingReport,
    AgingRow,
    Basis,
    DenialCode,
    DenialSummary,
    aging,
    days_in_ar,
    denial_summary,
)
from medoffice.billing._balance import balance
from medoffice.billing._ledger import Entry, EntryKind, Ledger, Party, PartyKind
from medoffice.billing._post import PostingResult, WorkItem, WorkKind, charges, line_ids, post
from medoffice.billing._remit import (
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
)
from medoffice.billing._secondary import secondary_claim
from medoffice.billing._statements import (
    Reminder,
    ReminderKind,
    ReminderPolicy,
    Statement,
    StatementLine,
    StatementPolicy,
    reminders,
    statement,
)

__all__ = [
    "Adjustment",
    "AdjustmentGroup",
    "AgingBucket",
    "AgingReport",
    "AgingRow",
    "Basis",
    "ClaimPayment",
    "ClaimStatus",
    "DenialCode",
    "DenialSummary",
    "Entry",
    "EntryKind",
    "Ledger",
    "Party",
    "PartyKind",
    "Payee",
    "Payer",
    "Payment",
    "PaymentMethod",
    "PostingResult",
    "ProviderAdjustment",
    "Reminder",
    "ReminderKind",
    "ReminderPolicy",
    "Remittance",
    "ServicePayment",
    "Statement",
    "StatementLine",
    "StatementPolicy",
    "WorkItem",
    "WorkKind",
    "aging",
    "balance",
    "build_835",
    "charges",
    "days_in_ar",
    "denial_summary",
    "line_ids",
    "parse_835",
    "post",
    "reminders",
    "secondary_claim",
    "statement",
]
