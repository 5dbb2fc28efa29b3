"""Posting: a remittance's money into the ledger, and what people must look at into a work queue.

:func:`charges` makes the ledger's charge entries of a claim; :func:`post`
matches an 835 :class:`~medoffice.billing.Remittance` to the open claims and
appends its payments, write-offs and transfers. Nothing is posted from a
remittance that does not balance, and nothing twice.

>>> import datetime as dt
>>> from medoffice.billing import (Adjustment, ClaimPayment, Ledger, Payee, Payer, Payment,
...                                Remittance, ServicePayment)
>>> from medoffice.claims.examples import office_visit
>>> claim = office_visit()
>>> ledger = Ledger().append(*charges(claim, posted=dt.date(2024, 1, 10), patient_id="P1"))
>>> paid = ClaimPayment(account_number=claim.account_number, status="1", billed=150, paid=100,
...     payer_claim_number="ICN1",
...     lines=[ServicePayment(procedure="99213", charge=125, paid=80, control_number="1",
...                           adjustments=[Adjustment(group="CO", reason="45", amount=25),
...                                        Adjustment(group="PR", reason="2", amount=20)]),
...            ServicePayment(procedure="36415", charge=25, paid=20, control_number="2",
...                           adjustments=[Adjustment(group="CO", reason="45", amount=5)])])
>>> remittance = Remittance(
...     payment=Payment(amount=100, method="CHK", date=dt.date(2024, 2, 1), trace_number="T1",
...                     payer_id="1512345678"),
...     payer=Payer(name="ACME", id="12345"), payee=Payee(name="SMITH", npi="1234567893"),
...     claims=[paid])
>>> result = post(remittance, ledger, [claim])
>>> result.ledger.balance(account_number=claim.account_number), result.work
(Decimal('20'), ())
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import functools
import hashlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any, NamedTuple

import attrs

from medoffice._values import draft
from medoffice.billing._balance import balance
from medoffice.billing._ledger import (
    ENTRY_DRAFT,
    Entry,
    EntryKind,
    Ledger,
    Party,
    PartyKind,
    _trusted_entry,
)
from medoffice.billing._remit import (
    Adjustment,
    AdjustmentGroup,
    ClaimPayment,
    ClaimStatus,
    ProviderAdjustment,
    Remittance,
    ServicePayment,
)
from medoffice.claims._model import (
    Claim,
    ServiceLine,
    _instance,
    _items,
    _mask,
    _member,
    _text,
    _text_items,
    _tuple,
    to_decimal,
)
from medoffice.exceptions import ValidationFailed

__all__ = ["PostingResult", "WorkItem", "WorkKind", "charges", "line_ids", "post"]

_ZERO = decimal.Decimal(0)
_new = object.__new__

#: CARC 23, "the impact of prior payer(s) adjudication": a secondary payer's
#: note of what the primary did, informational, neither posted nor queued.
_PRIOR_PAYER = "23"

_POSTED = (
    ClaimStatus.PRIMARY,
    ClaimStatus.SECONDARY,
    ClaimStatus.TERTIARY,
    ClaimStatus.PRIMARY_FORWARDED,
    ClaimStatus.SECONDARY_FORWARDED,
    ClaimStatus.TERTIARY_FORWARDED,
)
_PAYMENT, _TRANSFER, _ADJUSTMENT = EntryKind.PAYMENT, EntryKind.TRANSFER, EntryKind.ADJUSTMENT
_PR, _CO, _PI = (
    AdjustmentGroup.PATIENT,
    AdjustmentGroup.CONTRACTUAL,
    AdjustmentGroup.PAYER_INITIATED,
)
#: Makes and appends one entry of a claim: id, kind, line, party, amount, group, reason.
_Make = Callable[
    [str, EntryKind, "str | None", Party, decimal.Decimal, "AdjustmentGroup | None", "str | None"],
    None,
]
_AS_SECONDARY = (ClaimStatus.SECONDARY, ClaimStatus.SECONDARY_FORWARDED)
_REVERSAL, _DENIED = ClaimStatus.REVERSAL, ClaimStatus.DENIED

#: The ends of the ids of a line's entries: ``:<k>`` for line ``k`` (made once).
_AT = tuple(f":{k}" for k in range(64))
#: The ends of an adjustment's ids: ``:<m>``, ``:<m>.out``, ``:<m>.in`` for adjustment ``m``.
_ADJUSTED = tuple((f":{m}", f":{m}.out", f":{m}.in") for m in range(16))
_TO_SECONDARY = (ClaimStatus.PRIMARY, ClaimStatus.PRIMARY_FORWARDED)


class WorkKind(enum.Enum):
    """Why a work item needs a person.

    >>> WorkKind("denied").name
    'DENIED'
    """

    #: The payer denied the claim (CLP02 = 4): nothing posted, appeal or write off.
    DENIED = "denied"
    #: The payer paid nothing on a processed claim: posted, to be reviewed.
    ZERO_PAY = "zero_pay"
    #: No open claim has the account number (or the payer claim number): nothing posted.
    UNMATCHED_CLAIM = "unmatched_claim"
    #: A service line matched no line of the claim: posted on the claim, not a line.
    UNMATCHED_LINE = "unmatched_line"
    #: An OA or CR adjustment: not written off, left on the payer's balance.
    OTHER_ADJUSTMENT = "other_adjustment"
    #: A reversal (CLP02 = 22) with nothing to reverse, or amounts unlike what was posted.
    REVERSAL = "reversal"
    #: The remittance was posted before: nothing posted again.
    DUPLICATE = "duplicate"
    #: A provider-level adjustment (PLB) other than interest: posted, to be reconciled.
    PROVIDER_LEVEL = "provider_level"
    #: Not a payment of ours: not our claim (23) or a predetermination (25).
    NOT_PROCESSED = "not_processed"


def _work_kind(value: object) -> WorkKind:
    return _member(WorkKind, value, "kind")


def _amount(value: object) -> decimal.Decimal:
    return to_decimal(value, "amount")


@attrs.frozen(kw_only=True)
class WorkItem:
    """Something posting could not decide: a denial, an unmatched claim, an OA adjustment ...

    Attributes:
        kind: Why it needs a person.
        path: Where it is in the remittance (``claims[2].lines[0].adjustments[1]``).
        account_number: The claim's account number (CLP01), or ``""``. Masked in the repr.
        payer_claim_number: The payer's claim number (CLP07), or ``""``.
        codes: The reason and remark codes: ``CO-50`` (group-CARC), ``N130`` (RARC),
            or the PLB reason.
        amount: The amount concerned (the billed amount of a denial, the money of
            an unmatched claim, the adjustment's amount ...).
        message: What happened, for people; no patient data.

    >>> item = WorkItem(kind="denied", path="claims[0]", account_number="A1",
    ...                 codes=("CO-50", "N130"), amount="125", message="claim denied")
    >>> item.kind.name, "A1" in repr(item)
    ('DENIED', False)
    """

    kind: WorkKind = attrs.field(converter=_work_kind)
    path: str = attrs.field(validator=_text)
    account_number: str = attrs.field(default="", validator=_text, repr=_mask)
    payer_claim_number: str = attrs.field(default="", validator=_text)
    codes: tuple[str, ...] = attrs.field(default=(), converter=_tuple, validator=_text_items)
    amount: decimal.Decimal = attrs.field(default=_ZERO, converter=_amount)
    message: str = attrs.field(default="", validator=_text)


@attrs.frozen(kw_only=True)
class PostingResult:
    """What :func:`post` did: the new ledger, the entries it added and the work queue.

    Attributes:
        ledger: The ledger with the posting appended (the one given, if nothing was posted).
        posted: The entries appended, in order.
        work: The items for people, in remittance order.
        matched: How many of the remittance's claims were matched and posted or reversed.
        provider_adjustments: The entries of the provider-level adjustments (PLB),
            also in ``posted``.

    >>> from medoffice.billing import Ledger
    >>> PostingResult(ledger=Ledger()).duplicate
    False
    """

    ledger: Ledger = attrs.field(validator=_instance(Ledger))
    posted: tuple[Entry, ...] = attrs.field(default=(), converter=_tuple, validator=_items(Entry))
    work: tuple[WorkItem, ...] = attrs.field(
        default=(), converter=_tuple, validator=_items(WorkItem)
    )
    matched: int = 0
    provider_adjustments: tuple[Entry, ...] = attrs.field(
        default=(), converter=_tuple, validator=_items(Entry)
    )

    @property
    def duplicate(self) -> bool:
        """Whether the remittance had been posted already (and nothing was posted).

        >>> from medoffice.billing import Ledger
        >>> PostingResult(ledger=Ledger(), work=[WorkItem(kind="duplicate", path="")]).duplicate
        True
        """
        return any(item.kind is WorkKind.DUPLICATE for item in self.work)


_RESULT_DRAFT = draft(PostingResult)


# -- charges ----------------------------------------------------------------------


def line_ids(claim: Claim) -> tuple[str, ...]:
    """The ledger's ``line`` id of each of a claim's service lines.

    A line's id is its line item control number (REF*6R, echoed in the 835),
    or ``#n`` (``n`` counting from 1) when it has none. Ids are unique within a
    claim, not across claims: a line is its claim's account number and its id.

    Raises:
        ValueError: if two lines of the claim would have the same id.

    >>> from medoffice.claims.examples import office_visit
    >>> line_ids(office_visit())
    ('#1', '#2')
    """
    lines = claim.lines
    if all(line.control_number is None for line in lines):
        return _numbered(len(lines))
    ids = tuple(
        line.control_number if line.control_number is not None else f"#{n}"
        for n, line in enumerate(lines, 1)
    )
    if len(set(ids)) != len(ids):
        first = next(n for n, x in enumerate(ids) if ids.index(x) != n)
        msg = f"lines[{first}].control_number: must be unique within the claim"
        raise ValueError(msg)
    return ids


@functools.cache
def _numbered(count: int) -> tuple[str, ...]:
    """``("#1", ..., "#<count>")``: the ids of lines without control numbers (made once)."""
    return tuple(f"#{n}" for n in range(1, count + 1))


def _claim_key(account_number: str) -> str:
    """A short digest of an account number, for ids that must not show it."""
    return hashlib.blake2b(account_number.encode(), digest_size=8).hexdigest()


def charges(
    claim: Claim, *, posted: dt.date, patient_id: str, payer_id: str | None = None
) -> tuple[Entry, ...]:
    """The charge entries of a claim: one per service line, owed by the claim's payer.

    Each entry's ``line`` is the line's id (:func:`line_ids`), its amount the
    line's charge, its source ``837``. The id, ``charge:<digest>:<line>``, is
    derived from the account number (hashed: ids are not masked) and the line,
    so charging the same claim twice is refused by the ledger.

    Args:
        claim: The claim as billed.
        posted: The day the charges are entered.
        patient_id: The patient's identifier in the practice (for statements).
        payer_id: Who owes the charge; the claim's payer (``claim.payer.id``) if ``None``.

    Raises:
        TypeError: if ``claim`` is not a Claim (or a field has the wrong type).
        ValueError: if two lines of the claim have the same control number.

    >>> import datetime as dt
    >>> from medoffice.claims.examples import office_visit
    >>> entries = charges(office_visit(), posted=dt.date(2024, 1, 10), patient_id="P1")
    >>> [(e.line, e.amount, e.party.id) for e in entries]
    [('#1', Decimal('125'), '12345'), ('#2', Decimal('25'), '12345')]
    """
    item: object = claim
    if not isinstance(item, Claim):
        msg = f"claim: must be a Claim, not {type(item).__name__}"
        raise TypeError(msg)
    party = Party.payer(claim.payer.id if payer_id is None else payer_id)
    key = _claim_key(claim.account_number)
    return tuple(
        Entry(
            id=f"charge:{key}:{line_id}",
            kind=EntryKind.CHARGE,
            posted=posted,
            account_number=claim.account_number,
            patient_id=patient_id,
            line=line_id,
            party=party,
            amount=line.charge,
            source="837",
        )
        for line_id, line in zip(line_ids(claim), claim.lines, strict=True)
    )


# -- line matching -----------------------------------------------------------------


class _Lines:
    """One claim's lines, for matching the 835's service lines to them."""

    __slots__ = ("by_control", "first", "ids", "lines", "used")

    def __init__(
        self, ids: tuple[str, ...], lines: tuple[ServiceLine, ...], by_control: dict[str, int]
    ) -> None:
        self.ids = ids
        self.lines = lines
        self.by_control = by_control
        self.used: set[int] = set()
        #: Every line before this one is used (the 835 mostly follows the claim's order).
        self.first = 0

    @classmethod
    def of_claim(cls, claim: Claim) -> _Lines:
        """The lines of an open claim: by control number, procedure and date."""
        lines = claim.lines
        for x in lines:
            if x.control_number is not None:
                break
        else:  # no control numbers
            return cls(_numbered(len(lines)), lines, {})
        controls = {
            x.control_number: n for n, x in enumerate(lines) if x.control_number is not None
        }
        return cls(line_ids(claim), lines, controls)

    @classmethod
    def of_charges(cls, ids: tuple[str, ...]) -> _Lines:
        """The lines of a claim known only by its charges in the ledger: by control number."""
        return cls(ids, (), {x: n for n, x in enumerate(ids)})

    def _take(self, n: int) -> None:
        """Mark line ``n`` used."""
        used = self.used
        used.add(n)
        if n == self.first:
            n += 1
            while n in used:
                n += 1
            self.first = n

    def match(self, svc: ServicePayment) -> int | None:
        """The index of the claim line ``svc`` pays, or ``None``."""
        control = svc.control_number
        if control is not None:
            n = self.by_control.get(control)
            if n is not None:
                self._take(n)
                return n
        procedure = svc.procedure
        if svc.original_procedure is None:
            billed, modifiers = procedure, svc.modifiers
        else:  # svc.billed_procedure, inlined
            billed, modifiers = svc.original_procedure, svc.original_modifiers
        date, charge, used, lines = svc.service_date, svc.charge, self.used, self.lines
        best: tuple[tuple[bool, ...], int] | None = None
        for n in range(self.first, len(lines)):  # the lines before are used
            line = lines[n]
            theirs = line.procedure
            if (theirs != billed and theirs != procedure) or n in used:  # noqa: PLR1714
                continue
            if date is not None and date != line.service_date:
                continue
            if theirs == billed and line.modifiers == modifiers and line.charge == charge:
                best = (_PERFECT, n)
                break  # no later line can score higher, and ties keep the first
            score = _score(line, modifiers, billed, charge)
            if best is None or score > best[0]:
                best = (score, n)
        if best is None:
            return None
        n = best[1]
        used.add(n)
        if n == self.first:  # self._take(n), inlined
            while n in used:
                n += 1
            self.first = n
        return best[1]


def _score(
    line: ServiceLine, modifiers: tuple[str, ...], billed: str, charge: decimal.Decimal
) -> tuple[bool, ...]:
    """How well a claim line fits a service line; higher is better (booleans in order of weight).

    The service line's billed procedure, modifiers and charge: the same
    procedure, the same modifiers in order, in any order, a subset of the
    line's, the same charge.
    """
    if line.modifiers == modifiers:  # then the same as sets, and a subset
        return (line.procedure == billed, True, True, True, line.charge == charge)
    theirs, mine = set(line.modifiers), set(modifiers)
    return (line.procedure == billed, False, theirs == mine, mine <= theirs, line.charge == charge)


_PERFECT = (True, True, True, True, True)


# -- posting -----------------------------------------------------------------------


def _codes(claim: ClaimPayment) -> tuple[str, ...]:
    """Every reason and remark code of a claim, in order, once each."""
    codes = dict.fromkeys(_line_codes(claim))
    for line in claim.lines:
        codes.update(dict.fromkeys(_line_codes(line)))
    return tuple(codes)


def _line_codes(item: ClaimPayment | ServicePayment) -> tuple[str, ...]:
    """The reason codes (``CO-45``) and remark codes of a claim's or a line's own level."""
    codes = dict.fromkeys(f"{a.group.value}-{a.reason}" for a in item.adjustments)
    codes.update(dict.fromkeys(item.remarks))
    return tuple(codes)


class _Posting:
    """The entries and work items of one remittance, before they are appended."""

    def __init__(
        self,
        remittance: Remittance,
        ledger: Ledger,
        claims: Mapping[str, Claim],
        *,
        day: dt.date,
        patient_ids: Mapping[str, str],
        secondary: Mapping[str, str],
    ) -> None:
        payment = remittance.payment
        self.source = f"835:{payment.payer_id}:{payment.trace_number}"
        self.payer_source = f"835:{payment.payer_id}:"
        self.payer_id = remittance.payer.id or payment.payer_id
        self.ledger = ledger
        self.claims = claims
        self.day = day
        self.patient_ids = patient_ids
        self.secondary = secondary
        self.entries: list[Entry] = []
        self.work: list[WorkItem] = []
        self.matched = 0
        self._replacing: dict[str, Claim] | None = None
        self._parties: dict[str, Party] = {}
        self._patient_party = Party.patient()
        self._firsts: dict[str, int] | None = None

    # -- entries

    def _queue(  # noqa: PLR0917  # private, one argument per field
        self,
        kind: WorkKind,
        path: str,
        claim: ClaimPayment | None,
        codes: tuple[str, ...],
        amount: decimal.Decimal,
        message: str,
    ) -> None:
        self.work.append(
            WorkItem(
                kind=kind,
                path=path,
                account_number=claim.account_number if claim is not None else "",
                payer_claim_number=claim.payer_claim_number if claim is not None else "",
                codes=codes,
                amount=amount,
                message=message,
            )
        )

    # -- claims

    def claim(self, i: int, cp: ClaimPayment) -> None:
        path = f"claims[{i}]"
        status = cp.status
        if status is _REVERSAL:  # cp.is_reversal
            self._reverse(i, cp)
            return
        denied = status is _DENIED  # cp.is_denied
        if status not in _POSTED and not denied:
            self._queue(
                WorkKind.NOT_PROCESSED,
                path,
                cp,
                _codes(cp),
                cp.paid,
                f"claim status {cp.status.value} ({cp.status.name.lower()}): not posted",
            )
            return
        target = self._match(cp)
        if target is None:
            self._queue(
                WorkKind.UNMATCHED_CLAIM,
                path,
                cp,
                _codes(cp),
                cp.paid,
                "no open claim has this account number or payer claim number: not posted",
            )
            return
        if denied:
            self.matched += 1
            self._queue(
                WorkKind.DENIED, path, cp, _codes(cp), cp.billed, "claim denied: not posted"
            )
            return
        self.matched += 1
        self._post_claim(i, cp, target)
        if cp.paid == 0:
            self._queue(
                WorkKind.ZERO_PAY, path, cp, _codes(cp), cp.billed, "nothing paid: posted, review"
            )

    def _match(self, cp: ClaimPayment) -> _Target | None:
        claim = self._claim(cp)
        if claim is not None:
            return _Target(claim.account_number, claim.payer.id, claim, ())
        # A claim not among the open ones but charged in the ledger: its lines
        # are matched by control number only (the charges keep no procedure).
        charged = [
            e
            for e in self.ledger.select(account_number=cp.account_number)
            if e.kind is EntryKind.CHARGE and e.party.kind is PartyKind.PAYER
        ]
        if not charged:
            return None
        ids = tuple(dict.fromkeys(e.line for e in charged if e.line is not None))
        return _Target(cp.account_number, charged[0].party.id, None, ids)

    def _claim(self, cp: ClaimPayment) -> Claim | None:
        claim = self.claims.get(cp.account_number)
        if claim is not None or not cp.payer_claim_number:
            return claim
        # After a correction the payer may quote only its own claim number:
        # the account it was posted to before, or the replacement claim citing it.
        for entry in self.ledger.select(payer_claim_number=cp.payer_claim_number):
            claim = self.claims.get(entry.account_number)
            if claim is not None:
                return claim
        if self._replacing is None:
            self._replacing = {
                c.original_claim_number: c
                for c in self.claims.values()
                if c.original_claim_number is not None
            }
        return self._replacing.get(cp.payer_claim_number)

    def _patient(self, account: str) -> str:
        patient = self.patient_ids.get(account)
        if patient is None:
            # ledger.patient_of(account), with the index fetched once per posting
            if self._firsts is None:
                self._firsts = self.ledger._index.firsts()
            position = self._firsts.get(account)
            ledger = self.ledger.entries
            if position is not None and position < len(ledger):
                patient = ledger[position].patient_id
            patient = patient or account
        return patient

    def _payer(self, payer_id: str) -> Party:
        party = self._parties.get(payer_id)
        if party is None:
            party = self._parties[payer_id] = Party.payer(payer_id)
        return party

    def _post_claim(self, i: int, cp: ClaimPayment, target: _Target) -> None:
        account = target.account
        secondary = self.secondary.get(account)
        payer = self._payer(
            secondary if secondary is not None and cp.status in _AS_SECONDARY else target.payer_id
        )
        responsible = (
            self._payer(secondary)
            if secondary is not None and cp.status in _TO_SECONDARY
            else self._patient_party
        )
        pcn = cp.payer_claim_number
        base = f"{self.source}:{i}:{pcn}"
        entry = self._maker(account, self._patient(account), pcn)
        lines = target.lines() if cp.lines else None
        paid = _ZERO
        for k, svc in enumerate(cp.lines):
            assert lines is not None  # noqa: S101 - for mypy: set when there are lines
            n = lines.match(svc)
            if n is None:
                line = None
                self._queue(
                    WorkKind.UNMATCHED_LINE,
                    f"claims[{i}].lines[{k}]",
                    cp,
                    _line_codes(svc),
                    svc.paid,
                    f"no line of the claim matches {svc.billed_procedure}: posted on the claim",
                )
            else:
                line = lines.ids[n]
            key = base + _AT[k] if k < 64 else f"{base}:{k}"
            amount = svc.paid
            if amount:
                entry(key + ":p", _PAYMENT, line, payer, -amount, None, None)
            paid += amount
            if svc.adjustments:
                self._adjust(key, i, k, cp, svc.adjustments, line, payer, responsible, entry)
        if cp.adjustments:
            self._adjust(f"{base}:c", i, None, cp, cp.adjustments, None, payer, responsible, entry)
        rest = cp.paid - paid
        if rest:
            entry(f"{base}:c:p", _PAYMENT, None, payer, -rest, None, None)

    def _maker(self, account: str, patient: str, pcn: str) -> _Make:
        """The function that appends an entry of one claim (the fields it shares captured).

        The entries are made from values already checked (the remittance is
        validated, the ids and parties are made here), without converters or
        validators: a draft filled in with plain stores becomes an Entry.
        """
        day, source, append = self.day, self.source, self.entries.append

        def entry(  # noqa: PLR0917  # hot: positional is faster
            id: str,  # noqa: A002 - the field's name
            kind: EntryKind,
            line: str | None,
            party: Party,
            amount: decimal.Decimal,
            group: AdjustmentGroup | None,
            reason: str | None,
        ) -> None:
            made = _new(ENTRY_DRAFT)
            made.id = id
            made.kind = kind
            made.posted = day
            made.account_number = account
            made.patient_id = patient
            made.line = line
            made.party = party
            made.amount = amount
            made.group = group
            made.reason = reason
            made.source = source
            made.payer_claim_number = pcn
            made.reverses = None
            made.memo = ""
            made.__class__ = Entry
            append(made)

        return entry

    def _adjust(  # noqa: PLR0917  # private and hot: positional is faster
        self,
        key: str,
        i: int,
        k: int | None,
        cp: ClaimPayment,
        adjustments: tuple[Adjustment, ...],
        line: str | None,
        payer: Party,
        responsible: Party,
        entry: _Make,
    ) -> None:
        """Post the adjustments of claim ``i``'s line ``k`` (of the claim itself if ``None``)."""
        for m, adj in enumerate(adjustments):
            amount = adj.amount
            if not amount:
                continue
            group = adj.group
            at, out, into = _ADJUSTED[m] if m < 16 else (f":{m}", f":{m}.out", f":{m}.in")
            if group is _PR:
                entry(key + out, _TRANSFER, line, payer, -amount, group, adj.reason)
                entry(key + into, _TRANSFER, line, responsible, amount, group, adj.reason)
            elif group is _CO or group is _PI:
                entry(key + at, _ADJUSTMENT, line, payer, -amount, group, adj.reason)
            elif not (group is AdjustmentGroup.OTHER and adj.reason == _PRIOR_PAYER):
                path = f"claims[{i}]" if k is None else f"claims[{i}].lines[{k}]"
                self._queue(
                    WorkKind.OTHER_ADJUSTMENT,
                    f"{path}.adjustments[{m}]",
                    cp,
                    (f"{group.value}-{adj.reason}",),
                    amount,
                    f"{group.value} adjustment: not written off, left on the payer's balance",
                )

    # -- reversals

    def _reverse(self, i: int, cp: ClaimPayment) -> None:
        path = f"claims[{i}]"
        account, pcn = cp.account_number, cp.payer_claim_number
        # What earlier remittances posted, and what this one has so far (a payer
        # may pay, reverse and correct a claim in one 835).
        candidates = [
            *self.ledger.select(account_number=account),
            *(e for e in self.entries if e.account_number == account),
        ]
        if not candidates and pcn:
            candidates = [
                *self.ledger.select(payer_claim_number=pcn),
                *(e for e in self.entries if e.payer_claim_number == pcn),
            ]
        undone = {e.reverses for e in candidates if e.kind is EntryKind.REVERSAL}
        targets = [
            e
            for e in candidates
            if e.source.startswith(self.payer_source)
            and e.kind is not EntryKind.REVERSAL
            and e.id not in undone
            and e.account_number != ""
        ]
        if cp.payer_claim_number and any(
            e.payer_claim_number == cp.payer_claim_number for e in targets
        ):
            targets = [e for e in targets if e.payer_claim_number == cp.payer_claim_number]
        if not targets:
            self._queue(
                WorkKind.REVERSAL,
                path,
                cp,
                _codes(cp),
                cp.paid,
                "reversal of a claim with no posting to reverse: not posted",
            )
            return
        self.matched += 1
        base = f"{self.source}:{i}:{cp.payer_claim_number}:r"
        for n, entry in enumerate(targets):
            self.entries.append(
                entry.reversal(id=f"{base}:{n}", posted=self.day, source=self.source)
            )
        taken = sum((e.amount for e in targets if e.kind is EntryKind.PAYMENT), _ZERO)
        if taken != cp.paid:
            self._queue(
                WorkKind.REVERSAL,
                path,
                cp,
                _codes(cp),
                cp.paid - taken,
                f"reversal of {-cp.paid} but {-taken} was posted: reversed what was posted",
            )

    # -- provider level

    def provider(self, j: int, plb: ProviderAdjustment) -> Entry:
        entry = _trusted_entry(
            {
                "id": f"{self.source}:plb:{j}",
                "kind": EntryKind.ADJUSTMENT,
                "posted": self.day,
                "account_number": "",
                "patient_id": "",
                "line": None,
                "party": Party.payer(self.payer_id),
                "amount": plb.amount,
                "group": None,
                "reason": plb.reason,
                "source": self.source,
                "payer_claim_number": "",
                "reverses": None,
                "memo": plb.reference,
            }
        )
        self.entries.append(entry)
        if plb.reason != "L6":
            self._queue(
                WorkKind.PROVIDER_LEVEL,
                f"provider_adjustments[{j}]",
                None,
                (plb.reason,),
                plb.amount,
                f"provider-level adjustment {plb.reason}: posted at the provider level, reconcile",
            )
        return entry


class _Target(NamedTuple):
    """The claim a claim payment was matched to: its account, its payer and its lines.

    Its lines are the open claim's, or the line ids of its charges in the ledger.
    """

    account: str
    payer_id: str
    claim: Claim | None
    ids: tuple[str, ...]

    def lines(self) -> _Lines:
        """The claim's lines, for matching."""
        claim = self.claim
        return _Lines.of_charges(self.ids) if claim is None else _Lines.of_claim(claim)


def post(
    remittance: Remittance,
    ledger: Ledger,
    open_claims: Iterable[Claim] | Mapping[str, Claim],
    *,
    posted: dt.date | None = None,
    patient_ids: Mapping[str, str] | None = None,
    secondary: Mapping[str, str] | None = None,
) -> PostingResult:
    """Post a remittance: its payments, write-offs and transfers to the ledger, the rest to people.

    The remittance must balance (:func:`medoffice.billing.balance`). Then, claim
    by claim (CLP):

    - The claim is found by its account number (CLP01) among ``open_claims``;
      failing that, by the payer claim number (CLP07): the account an earlier
      posting of that number went to, or an open replacement claim citing it
      (``original_claim_number``); failing that, by its charges in the ledger
      (then the lines are matched by control number only, the charges keeping
      no procedure). Unknown claims go to the work queue, unposted.
    - Lines are matched by line control number (REF*6R), else by procedure
      (SVC01, or SVC06 when the payer changed the code) and date of service,
      preferring the same modifiers, then the same in another order, then a
      superset (the payer dropped some), then the same charge; a line matching
      nothing is posted on the claim (``line=None``) and queued.
    - Each line's paid amount (SVC03) is a ``payment`` entry; CO and PI
      adjustments are ``adjustment`` entries (write-offs); PR (deductible 1,
      coinsurance 2, copay 3 ...) is a ``transfer`` from the payer to the patient,
      or to the secondary payer when ``secondary`` names one and the claim was
      processed as primary (CLP02 1 or 19). OA and CR adjustments are not written
      off: they stay on the payer's balance and go to the work queue, except
      OA-23 (the impact of the prior payer's adjudication on a secondary
      remittance), which is informational. Claim-level adjustments and any
      payment not on a line post with ``line=None``.
    - Denials (CLP02 = 4) post nothing and go to the queue with their codes;
      zero-pay claims are posted and queued for review; status 23 and 25 are
      queued, unposted.
    - A reversal (CLP02 = 22) negates every entry an earlier 835 of the same
      payer (TRN03), or this one before it, posted for the claim and not yet
      reversed (those of its payer claim number, when it has one), with
      ``reversal`` entries, so the
      corrected claim that follows posts on a clean slate. It need not be among
      ``open_claims``; it is found by account number, else by payer claim number.
    - Provider-level adjustments (PLB) post on the provider account
      (``account_number=""``, ``patient_id=""``) of the payer, amount as sent (a
      positive recovery raises what the payer owes back, interest lowers it);
      all but interest (L6) are queued for reconciliation.

    Every entry's id is derived from the payer id, the trace number (TRN), the
    claim's position and payer claim number, the line and the adjustment, and
    its ``source`` is ``835:<payer id>:<trace number>``: posting the same
    remittance again posts nothing and returns one ``duplicate`` work item.
    (A remittance that posted no entries at all, only work items, is not
    recognised.) The payer of a claim's entries is the open claim's payer
    (``claim.payer.id``), or the secondary payer for a claim processed as
    secondary (CLP02 2 or 20) when ``secondary`` names one.

    Args:
        remittance: One 835 transaction.
        ledger: The ledger so far (with the claims' charges, see :func:`charges`).
        open_claims: The claims that may be paid (and those paid before, if a
            correction may come), or a mapping from account number to claim.
        posted: The posting date; the payment's date (BPR16) if ``None``.
        patient_ids: The patient id of each account number; otherwise that of
            the account's first entry in the ledger, or the account number.
        secondary: The secondary payer's id of each account number that has one.

    Returns:
        The new ledger, the entries posted and the work queue.

    Raises:
        TypeError: if an argument has the wrong type.
        ValidationFailed: with the balancing problems, if the remittance does
            not balance; nothing is posted.

    >>> import datetime as dt
    >>> from medoffice.billing import ClaimPayment, Ledger, Payee, Payer, Payment, Remittance
    >>> denial = ClaimPayment(account_number="UNKNOWN", status="4", billed=90, paid=0,
    ...                       adjustments=[Adjustment(group="CO", reason="50", amount=90)])
    >>> r = Remittance(payment=Payment(amount=0, method="NON", date=dt.date(2024, 2, 1),
    ...                                trace_number="T2", payer_id="1512345678"),
    ...                payer=Payer(name="ACME"), payee=Payee(name="SMITH", npi="1234567893"),
    ...                claims=[denial])
    >>> [(w.kind.name, w.codes) for w in post(r, Ledger(), []).work]
    [('UNMATCHED_CLAIM', ('CO-50',))]
    """
    for name, value, cls in (("remittance", remittance, Remittance), ("ledger", ledger, Ledger)):
        if not isinstance(value, cls):
            msg = f"{name}: must be a {cls.__name__}, not {type(value).__name__}"
            raise TypeError(msg)
    day: object = posted
    if day is not None and (not isinstance(day, dt.date) or isinstance(day, dt.datetime)):
        msg = "posted: must be a calendar date (datetime.date, not a datetime)"
        raise TypeError(msg)
    problems = balance(remittance)
    if problems:
        raise ValidationFailed(problems)
    claims = open_claims if isinstance(open_claims, Mapping) else _by_account(open_claims)
    posting = _Posting(
        remittance,
        ledger,
        claims,
        day=remittance.payment.date if posted is None else posted,
        patient_ids={} if patient_ids is None else patient_ids,
        secondary={} if secondary is None else secondary,
    )
    if next(ledger.select(source=posting.source), None) is not None:
        return _duplicate(ledger, posting.source)
    for i, cp in enumerate(remittance.claims):
        posting.claim(i, cp)
    provider = tuple(
        posting.provider(j, plb) for j, plb in enumerate(remittance.provider_adjustments)
    )
    entries = tuple(posting.entries)
    try:
        # The ids are distinct by construction (claim position, line, adjustment).
        appended = ledger._append_made(entries)
    except ValidationFailed:  # an id already there: ids are derived from the remittance
        return _duplicate(ledger, posting.source)
    # The fields are of the right types already (the entries made here, the
    # work items validated): a draft filled in becomes the result, unchecked.
    result = _new(_RESULT_DRAFT)
    result.ledger = appended
    result.posted = entries
    result.work = tuple(posting.work)
    result.matched = posting.matched
    result.provider_adjustments = provider
    result.__class__ = PostingResult
    return result  # type: ignore[no-any-return]


def _by_account(claims: Iterable[Claim]) -> dict[str, Claim]:
    result: dict[str, Claim] = {}
    for i, claim in enumerate(claims):
        item: Any = claim
        if not isinstance(item, Claim):
            msg = f"open_claims[{i}]: must be a Claim, not {type(item).__name__}"
            raise TypeError(msg)
        result[claim.account_number] = claim
    return result


def _duplicate(ledger: Ledger, source: str) -> PostingResult:
    item = WorkItem(
        kind=WorkKind.DUPLICATE,
        path="payment.trace_number",
        message="this remittance (payer and trace number) was posted before: nothing posted",
    )
    return PostingResult(ledger=ledger, work=(item,))
