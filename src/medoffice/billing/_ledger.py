"""The ledger: an append-only, immutable list of money entries, and balances derived from it.

Every balance (of a claim, a line, a patient, a payer) is a sum over entries;
nothing is stored beside them, so balances cannot drift from the history. An
entry's ``amount`` is its signed effect on what ``party`` owes: a charge adds,
a payment or write-off subtracts, a transfer moves an amount from one party to
another as two entries that sum to zero, a reversal negates an earlier entry.

>>> import datetime as dt
>>> from decimal import Decimal
>>> day = dt.date(2024, 1, 10)
>>> plan, patient = Party.payer("12345"), Party.patient()
>>> ledger = Ledger().append(
...     Entry(id="c1", kind="charge", posted=day, account_number="A1", patient_id="P1",
...           line="L1", party=plan, amount="125"),
...     Entry(id="p1", kind="payment", posted=day, account_number="A1", patient_id="P1",
...           line="L1", party=plan, amount="-80"),
...     Entry(id="w1", kind="adjustment", posted=day, account_number="A1", patient_id="P1",
...           line="L1", party=plan, amount="-25", group="CO", reason="45"),
...     *Entry.transfer(id="t1", posted=day, account_number="A1", patient_id="P1", line="L1",
...                     source=plan, target=patient, amount="20", group="PR", reason="2"),
... )
>>> ledger.balance(account_number="A1"), ledger.balance(party=patient)
(Decimal('20'), Decimal('20'))
"""

from __future__ import annotations

import bisect
import datetime as dt
import decimal
import enum
import itertools
import operator
import threading
from collections.abc import Iterable, Iterator
from typing import Any

import attrs

from medoffice._values import draft as _draft
from medoffice._values import name_sequences
from medoffice.billing._remit import AdjustmentGroup
from medoffice.claims._model import (
    _code,
    _date,
    _mask,
    _member,
    _optional_text,
    _text,
    _tuple,
    to_decimal,
)
from medoffice.exceptions import Problem, ValidationFailed

__all__ = ["Entry", "EntryKind", "Ledger", "Party", "PartyKind"]

_ZERO = decimal.Decimal(0)


class EntryKind(enum.Enum):
    """What an entry records.

    >>> EntryKind("transfer").name
    'TRANSFER'
    """

    #: A service billed (positive).
    CHARGE = "charge"
    #: Money from a payer (negative).
    PAYMENT = "payment"
    #: Money from the patient (negative).
    PATIENT_PAYMENT = "patient_payment"
    #: A write-off or other adjustment, with its group and reason (usually negative).
    ADJUSTMENT = "adjustment"
    #: Responsibility moved between parties: one entry out (negative), one in (positive).
    TRANSFER = "transfer"
    #: Money paid back to a payer or the patient (positive).
    REFUND = "refund"
    #: The negation of an earlier entry (``reverses`` names it).
    REVERSAL = "reversal"


class PartyKind(enum.Enum):
    """Who can owe: a payer or the patient.

    >>> PartyKind("patient").name
    'PATIENT'
    """

    PAYER = "payer"
    PATIENT = "patient"


def _party_kind(value: object) -> PartyKind:
    return _member(PartyKind, value, "kind")


def _entry_kind(value: object) -> EntryKind:
    return _member(EntryKind, value, "kind")


def _optional_group(value: object) -> AdjustmentGroup | None:
    return None if value is None else _member(AdjustmentGroup, value, "group")


def _optional_reason(value: object) -> object:
    return None if value is None else _code(value)


def _entry_amount(value: object) -> decimal.Decimal:
    return to_decimal(value, "amount")


@attrs.frozen(kw_only=True)
class Party:
    """Who owes an amount: a payer (by its id) or the patient.

    >>> Party.payer("12345"), Party.patient()
    (Party(kind=<PartyKind.PAYER: 'payer'>, id='12345'), Party(kind=<PartyKind.PATIENT: 'patient'>, id=''))
    """

    kind: PartyKind = attrs.field(converter=_party_kind)
    id: str = attrs.field(default="", validator=_text)

    @classmethod
    def payer(cls, payer_id: str) -> Party:
        """The payer with this id.

        >>> Party.payer("12345").kind.name
        'PAYER'
        """
        return cls(kind=PartyKind.PAYER, id=payer_id)

    @classmethod
    def patient(cls) -> Party:
        """The patient (whose id is the entry's ``patient_id``).

        >>> Party.patient().kind.name
        'PATIENT'
        """
        return cls(kind=PartyKind.PATIENT)


@attrs.frozen(kw_only=True)
class Entry:
    """One money entry in the ledger.

    Attributes:
        id: A unique, stable identifier (posting derives it from the remittance,
            so posting the same remittance twice is recognised).
        kind: What the entry records.
        posted: The day it was posted.
        account_number: The claim's patient account number (CLM01 / CLP01). Masked.
        patient_id: The patient's identifier in the practice (for statements). Masked.
        line: The service line's control number (REF*6R), or ``None`` for the claim.
        party: Whose balance the entry moves.
        amount: The signed effect on that party's balance (charges positive,
            payments and write-offs negative).
        group: The adjustment group (CO, PR, OA, PI, CR), for adjustments and transfers.
        reason: The reason code (CARC), for adjustments and transfers.
        source: Where the entry comes from (``835:<payer id>:<trace number>`` for a
            posting, ``837`` for a charge).
        payer_claim_number: The payer's claim control number (CLP07) of the claim
            an 835 posting came from: how a correction or reversal finds it.
        reverses: For a reversal, the id of the entry it negates.
        memo: Free text for people; never used in logic.

    >>> import datetime as dt
    >>> e = Entry(id="c1", kind="charge", posted=dt.date(2024, 1, 10), account_number="A1",
    ...           patient_id="P1", party=Party.payer("12345"), amount="125.00")
    >>> e.amount, "A1" in repr(e)
    (Decimal('125.00'), False)
    """

    id: str = attrs.field(validator=_text)
    kind: EntryKind = attrs.field(converter=_entry_kind)
    posted: dt.date = attrs.field(validator=_date)
    account_number: str = attrs.field(validator=_text, repr=_mask)
    patient_id: str = attrs.field(validator=_text, repr=_mask)
    line: str | None = attrs.field(default=None, validator=_optional_text)
    party: Party = attrs.field()
    amount: decimal.Decimal = attrs.field(converter=_entry_amount)
    group: AdjustmentGroup | None = attrs.field(default=None, converter=_optional_group)
    reason: str | None = attrs.field(
        default=None, converter=_optional_reason, validator=_optional_text
    )
    source: str = attrs.field(default="", validator=_text)
    payer_claim_number: str = attrs.field(default="", validator=_text)
    reverses: str | None = attrs.field(default=None, validator=_optional_text)
    memo: str = attrs.field(default="", validator=_text, repr=_mask)

    @party.validator
    def _check_party(self, _attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, Party):
            msg = f"party: must be a Party, not {type(value).__name__}"
            raise TypeError(msg)

    @classmethod
    def transfer(
        cls,
        *,
        id: str,  # noqa: A002 - the field's name
        posted: dt.date,
        account_number: str,
        patient_id: str,
        source: Party,
        target: Party,
        amount: decimal.Decimal | int | str,
        line: str | None = None,
        group: AdjustmentGroup | str | None = None,
        reason: str | None = None,
        origin: str = "",
    ) -> tuple[Entry, Entry]:
        """The two entries that move ``amount`` from ``source`` to ``target`` (ids ``<id>.out``/``.in``).

        >>> import datetime as dt
        >>> out, into = Entry.transfer(id="t1", posted=dt.date(2024, 1, 10), account_number="A",
        ...                            patient_id="P", source=Party.payer("1"),
        ...                            target=Party.patient(), amount="20")
        >>> out.amount + into.amount, into.party.kind.name
        (Decimal('0'), 'PATIENT')
        """
        value = to_decimal(amount, "amount")
        common: dict[str, Any] = {
            "kind": EntryKind.TRANSFER,
            "posted": posted,
            "account_number": account_number,
            "patient_id": patient_id,
            "line": line,
            "group": group,
            "reason": reason,
            "source": origin,
        }
        return (
            cls(id=f"{id}.out", party=source, amount=-value, **common),
            cls(id=f"{id}.in", party=target, amount=value, **common),
        )

    def reversal(self, *, id: str, posted: dt.date, source: str = "") -> Entry:  # noqa: A002
        """The entry that negates this one.

        >>> import datetime as dt
        >>> e = Entry(id="p1", kind="payment", posted=dt.date(2024, 1, 10), account_number="A",
        ...           patient_id="P", party=Party.payer("1"), amount="-80")
        >>> r = e.reversal(id="r1", posted=dt.date(2024, 2, 1))
        >>> r.amount, r.reverses, r.kind.name
        (Decimal('80'), 'p1', 'REVERSAL')
        """
        return attrs.evolve(
            self,
            id=id,
            kind=EntryKind.REVERSAL,
            posted=posted,
            amount=-self.amount,
            reverses=self.id,
            source=source or self.source,
        )


def _entries(value: Iterable[Entry]) -> tuple[Entry, ...]:
    return _tuple(value)


_SET = object.__setattr__
_new = object.__new__

#: A private subclass of Entry whose slots can be set (see ``medoffice._values.draft``):
#: posting fills one and turns it into an Entry, at the cost of plain stores.
ENTRY_DRAFT = _draft(Entry)


def _trusted_entry(values: dict[str, Any]) -> Entry:
    """An :class:`Entry` from values already of the right types, without converters or validators.

    For posting, which makes thousands of entries from a validated remittance;
    ``values`` must have every field (``None`` or ``""`` for the unused ones).
    """
    entry = _new(ENTRY_DRAFT)
    for name in _FIELDS:
        setattr(entry, name, values[name])
    entry.__class__ = Entry
    return entry  # type: ignore[no-any-return]


_FIELDS = tuple(field.name for field in attrs.fields(Entry))


_ID = operator.attrgetter("id")

#: Where a key's entries are, ascending: a range while they are one run.
Positions = list[int] | range
_ACCOUNT = operator.attrgetter("account_number")

#: The fields a ledger indexes, and how an entry's key is read.
_KEYS: dict[str, Any] = {
    "account_number": operator.attrgetter("account_number"),
    "line": operator.attrgetter("account_number", "line"),
    "patient_id": operator.attrgetter("patient_id"),
    "party": operator.attrgetter("party"),
    "payer_claim_number": operator.attrgetter("payer_claim_number"),
    "source": operator.attrgetter("source"),
}


@attrs.frozen(kw_only=True, field_transformer=name_sequences)
class Ledger:
    """An immutable, append-only ledger; :meth:`append` returns a new one.

    Entry ids are unique: appending an id already present is refused (this is
    how posting the same remittance twice is caught). Balances are sums over
    entries, filtered by claim, line, patient, party and date; each ledger
    builds an index per filter the first time it is asked, so later questions
    cost the size of the answer, not of the ledger.

    A line is identified by its claim and its ``line`` id (``line`` ids are only
    unique within a claim): ``balance(line=...)`` alone adds up that line id over
    every claim; give ``account_number`` too for one line.

    >>> import datetime as dt
    >>> e = Entry(id="c1", kind="charge", posted=dt.date(2024, 1, 10), account_number="A1",
    ...           patient_id="P1", party=Party.payer("1"), amount="50")
    >>> Ledger().append(e).append(e)
    Traceback (most recent call last):
    ...
    medoffice.exceptions.ValidationFailed: 1 error: entries[1].id: the id is already in the ledger [ledger.duplicate_id]
    """

    entries: tuple[Entry, ...] = attrs.field(default=(), converter=_entries)
    _index: _Index = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        index = _Index()
        ids = _check(self.entries, 0, index, 0)
        index.entries = self.entries
        index.ids.update(zip(ids, itertools.repeat(None)))
        index.extend(self.entries, 0)
        _SET(self, "_index", index)

    def __reduce__(self) -> tuple[Any, ...]:
        # The index (with its lock) is not data: a copy or a pickle rebuilds it.
        return (_ledger, (self.entries,))

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def __contains__(self, entry_id: object) -> bool:
        return self._index.has(entry_id, len(self.entries))

    def append(self, *entries: Entry) -> Ledger:
        """A new ledger with ``entries`` added at the end; every problem at once, nothing added.

        The entries already in the ledger are not checked again, and the
        indexes of the ledger appended to are extended, not rebuilt (the new
        ledger shares them; appending to an older ledger again starts afresh):
        appending ``k`` entries costs ``k`` checks and one copy of the tuple.
        Append a posting's entries in one call.

        Raises:
            TypeError: if an item is not an :class:`Entry`.
            ValidationFailed: ``ledger.duplicate_id`` for every id already present.

        >>> import datetime as dt
        >>> e = Entry(id="c1", kind="charge", posted=dt.date(2024, 1, 10), account_number="A1",
        ...           patient_id="P1", party=Party.payer("1"), amount="50")
        >>> len(Ledger().append(e))
        1
        """
        size = len(self.entries)
        return self._grown(entries, _check(entries, size, self._index, size))

    def _append_made(self, entries: tuple[Entry, ...]) -> Ledger:
        """:meth:`append` for entries made by posting: Entries whose ids are distinct.

        The ids go into the index in one pass that also checks them (the index
        grows by as many as there are entries, or is put back as it was and
        :meth:`append` says which are taken).
        """
        size = len(self.entries)
        everything = self.entries + entries
        index = self._index
        with index.lock:
            if len(index.entries) != size:  # not the tip: a new index, cut from the tip's
                index = index.cut(size)
            if index.add_ids(entries):
                index.entries = everything
                index.extend(entries, size)
                ledger = object.__new__(Ledger)
                _SET(ledger, "entries", everything)
                _SET(ledger, "_index", index)
                return ledger
        return self.append(*entries)

    def _grown(self, entries: tuple[Entry, ...], ids: list[str]) -> Ledger:
        ledger = object.__new__(Ledger)
        _SET(ledger, "entries", self.entries + entries)
        _SET(ledger, "_index", self._index.grow(len(self.entries), entries, ids, ledger.entries))
        return ledger

    def _positions(self, field: str) -> dict[Any, Positions]:
        """Where each key's entries are (read only): the shared index, cut to this ledger."""
        return self._index.positions(field, len(self.entries))

    def select(
        self,
        *,
        account_number: str | None = None,
        line: str | None = None,
        patient_id: str | None = None,
        party: Party | None = None,
        as_of: dt.date | None = None,
        payer_claim_number: str | None = None,
        source: str | None = None,
    ) -> Iterator[Entry]:
        """The entries that match every filter given (``as_of``: posted on or before), in order.

        ``payer_claim_number`` and ``source`` find what an 835 posted: the
        entries of a payer's claim, or of one remittance.

        >>> import datetime as dt
        >>> e = Entry(id="c1", kind="charge", posted=dt.date(2024, 1, 10), account_number="A1",
        ...           patient_id="P1", party=Party.payer("1"), amount="50")
        >>> [x.id for x in Ledger(entries=[e]).select(as_of=dt.date(2024, 1, 9))]
        []
        >>> [x.id for x in Ledger(entries=[e]).select(account_number="A1", line=None)]
        ['c1']
        """
        entries: Iterable[Entry] = self.entries
        if account_number is not None and line is not None:
            entries = self._pick("line", (account_number, line))
        elif account_number is not None:
            entries = self._pick("account_number", account_number)
        elif payer_claim_number is not None:
            entries = self._pick("payer_claim_number", payer_claim_number)
        elif source is not None:
            entries = self._pick("source", source)
        elif patient_id is not None:
            entries = self._pick("patient_id", patient_id)
        elif party is not None:
            entries = self._pick("party", party)
        for entry in entries:
            if (
                (line is None or entry.line == line)
                and (patient_id is None or entry.patient_id == patient_id)
                and (party is None or entry.party == party)
                and (as_of is None or entry.posted <= as_of)
                and (payer_claim_number is None or entry.payer_claim_number == payer_claim_number)
                and (source is None or entry.source == source)
            ):
                yield entry

    def patient_of(self, account_number: str) -> str | None:
        """The patient id of a claim's first entry, or ``None`` if the ledger has none.

        >>> import datetime as dt
        >>> e = Entry(id="c1", kind="charge", posted=dt.date(2024, 1, 10), account_number="A1",
        ...           patient_id="P1", party=Party.payer("1"), amount="50")
        >>> Ledger(entries=[e]).patient_of("A1"), Ledger().patient_of("A1")
        ('P1', None)
        """
        position = self._index.firsts().get(account_number)
        if position is None or position >= len(self.entries):
            return None
        return self.entries[position].patient_id

    def _pick(self, field: str, key: object) -> list[Entry]:
        entries = self.entries
        size = len(entries)
        positions = self._index.positions(field).get(key, ())
        if positions and positions[-1] >= size:
            positions = positions[: bisect.bisect_left(positions, size)]
        return [entries[i] for i in positions]

    def balance(
        self,
        *,
        account_number: str | None = None,
        line: str | None = None,
        patient_id: str | None = None,
        party: Party | None = None,
        as_of: dt.date | None = None,
    ) -> decimal.Decimal:
        """The sum of the matching entries: what is still owed.

        >>> Ledger().balance()
        Decimal('0')
        """
        return sum(
            (
                e.amount
                for e in self.select(
                    account_number=account_number,
                    line=line,
                    patient_id=patient_id,
                    party=party,
                    as_of=as_of,
                )
            ),
            _ZERO,
        )

    def balances(self, by: str, *, as_of: dt.date | None = None) -> dict[Any, decimal.Decimal]:
        """Every balance at once, keyed by ``account_number``, ``line``, ``patient_id`` or ``party``.

        ``line`` keys are ``(account_number, line)`` pairs. Keys are in the order
        of their first entry; a key whose entries sum to zero is kept.

        Raises:
            ValueError: if ``by`` is not one of those fields.

        >>> import datetime as dt
        >>> day = dt.date(2024, 1, 10)
        >>> ledger = Ledger(entries=[
        ...     Entry(id="c1", kind="charge", posted=day, account_number="A1", patient_id="P1",
        ...           party=Party.payer("1"), amount="50"),
        ...     Entry(id="c2", kind="charge", posted=day, account_number="A2", patient_id="P1",
        ...           party=Party.payer("1"), amount="20")])
        >>> ledger.balances("patient_id")
        {'P1': Decimal('70')}
        """
        if by not in ("account_number", "line", "patient_id", "party"):
            msg = "by: must be account_number, line, patient_id or party"
            raise ValueError(msg)
        entries = self.entries
        size = len(entries)
        return {
            key: sum(
                (
                    entries[i].amount
                    for i in positions
                    if i < size and (as_of is None or entries[i].posted <= as_of)
                ),
                _ZERO,
            )
            for key, positions in list(self._positions(by).items())
        }


def _check(entries: tuple[Entry, ...], start: int, index: _Index, size: int) -> list[str]:
    """The ids of ``entries``, after checking their types and that no id is twice or in the ledger.

    ``index`` and ``size`` are the ledger's (its first ``size`` entries are in it).
    """
    if set(map(type, entries)) <= {Entry}:
        ids = list(map(_ID, entries))
        # Every id new and distinct (exact when the index is this ledger's own).
        if len(set(ids)) == len(ids) and index.ids.keys().isdisjoint(ids):
            return ids
    problems = []
    seen: set[str] = set()
    # The ids of the ledger (its index may also hold those of longer ledgers of its chain).
    taken = set(map(_ID, index.entries[:size]))
    for i, entry in enumerate(entries, start):
        item: object = entry
        if not isinstance(item, Entry):
            msg = f"entries[{i}]: must be an Entry, not {type(entry).__name__}"
            raise TypeError(msg)
        if entry.id in seen or entry.id in taken:
            problems.append(_duplicate(i))
        seen.add(entry.id)
    if problems:
        raise ValidationFailed(problems)
    return [entry.id for entry in entries]


class _Index:
    """Where entries are, by id and by key, shared by a ledger and the ledgers appended to it.

    Ledgers are immutable but an index grows: the ledgers of one chain of
    appends share one, each seeing the positions below its own length. Only
    the longest ledger of the chain (the tip) extends it; appending to an
    older ledger makes a new index. Built key indexes are extended as entries
    come; others are built on first use.
    """

    __slots__ = ("entries", "fields", "first", "ids", "lock")

    def __init__(self) -> None:
        self.entries: tuple[Entry, ...] = ()
        #: The ids of the entries (those of ``entries``: they are set first). A dict
        #: of ``None``s, not a set: holding only strings, the collector skips it.
        self.ids: dict[str, None] = {}
        self.fields: dict[str, dict[Any, Positions]] = {}
        #: The position of each account's first entry (for ``patient_of``), once asked.
        self.first: dict[str, int] | None = None
        self.lock = threading.Lock()

    def has(self, entry_id: object, size: int) -> bool:
        """Whether the ledger of the first ``size`` entries has an entry ``entry_id``."""
        if not isinstance(entry_id, str) or entry_id not in self.ids:
            return False
        everything = self.entries
        # An older ledger of the chain (rarely asked): look among its own entries.
        return size >= len(everything) or entry_id in map(_ID, everything[:size])

    def add_ids(self, entries: tuple[Entry, ...]) -> bool:
        """Add the ids of ``entries`` if every one is new and they are distinct; else add none.

        One pass: the dict grows by one key per entry, or some id was there (or
        twice), and the keys just added, the last ones in order, are taken out.
        """
        ids = self.ids
        before = len(ids)
        ids.update(zip(map(_ID, entries), itertools.repeat(None)))
        added = len(ids) - before
        if added == len(entries):
            return True
        pop = ids.popitem
        for _ in range(added):
            pop()
        return False

    def extend(self, entries: tuple[Entry, ...], start: int) -> None:
        """Add ``entries`` (the ``start``-th on) to the key indexes (their ids are in already)."""
        for field, index in self.fields.items():
            _add(index, map(_KEYS[field], entries), start)
        first = self.first
        if first is not None:
            new = set(map(_ACCOUNT, entries)).difference(first)  # mostly none
            if new:
                for i, entry in enumerate(entries, start):
                    if entry.account_number in new and entry.account_number not in first:
                        first[entry.account_number] = i

    def firsts(self) -> dict[str, int]:
        """The position of each account's first entry (read only)."""
        with self.lock:
            if self.first is None:
                self.first = _firsts(self.entries, 0)
            return self.first

    def grow(
        self, size: int, entries: tuple[Entry, ...], ids: list[str], everything: tuple[Entry, ...]
    ) -> _Index:
        """The index of the ledger of ``everything``: this one extended if ``size`` is the tip.

        Otherwise a new one, cut from this one to its first ``size`` entries.
        """
        with self.lock:
            index = self if len(self.entries) == size else self.cut(size)
            index.entries = everything
            index.ids.update(zip(ids, itertools.repeat(None)))
            index.extend(entries, size)
            return index

    def cut(self, size: int) -> _Index:
        """A new index of the first ``size`` entries (hold the lock)."""
        index = _Index()
        index.entries = self.entries[:size]
        # The ids are in the entries' order: the first ``size`` are theirs.
        index.ids = dict.fromkeys(itertools.islice(self.ids, size))
        index.fields = {
            field: self._cut(positions, size) for field, positions in self.fields.items()
        }
        if self.first is not None:
            index.first = {k: i for k, i in self.first.items() if i < size}
        return index

    @staticmethod
    def _cut(index: dict[Any, Positions], size: int) -> dict[Any, Positions]:
        """The positions below ``size`` of a key index (a new dict; the lists copied)."""
        cut: dict[Any, Positions] = {}
        for k, positions in index.items():
            if positions[0] < size:
                if positions[-1] < size:
                    cut[k] = positions if type(positions) is range else positions[:]
                else:
                    cut[k] = positions[: bisect.bisect_left(positions, size)]
        return cut

    def positions(self, field: str, size: int | None = None) -> dict[Any, Positions]:
        """Each key's positions (ascending); only those below ``size`` if given."""
        with self.lock:
            index = self.fields.get(field)
            if index is None:
                index = {}
                _add(index, map(_KEYS[field], self.entries), 0)
                self.fields[field] = index
        if size is None or size == len(self.entries):
            return index
        return self._cut(index, size)


def _firsts(entries: tuple[Entry, ...], start: int) -> dict[str, int]:
    """The position of each account's first entry among ``entries`` (the first at ``start``)."""
    # Backwards: the first entry of an account is the last written.
    end = start + len(entries)
    return dict(zip(map(_ACCOUNT, reversed(entries)), range(end - 1, start - 1, -1), strict=True))


def _add(index: dict[Any, Positions], keys: Iterable[Any], start: int) -> None:
    """Add the positions ``start, start + 1 ...`` of ``keys`` to ``index``.

    A run of equal keys (a claim's entries, a posting's source) is added at
    once; a key's first run is a ``range`` (no list of integers for the
    collector to walk), made a list when a second run comes.
    """
    keys = list(keys)
    if not keys:
        return
    first = keys[0]
    if keys.count(first) == len(keys):  # one run (a posting's source)
        runs: Iterable[tuple[Any, int]] = ((first, len(keys)),)
    else:
        runs = ((key, len(list(run))) for key, run in itertools.groupby(keys))
    for key, length in runs:
        end = start + length
        positions = index.get(key)
        if positions is None:
            index[key] = range(start, end)
        elif type(positions) is range:
            index[key] = [*positions, *range(start, end)]
        else:
            positions += range(start, end)
        start = end


def _ledger(entries: tuple[Entry, ...]) -> Ledger:
    """A ledger from its entries (for pickle and copy)."""
    return Ledger(entries=entries)


def _duplicate(i: int) -> Problem:
    return Problem(
        path=f"entries[{i}].id",
        code="ledger.duplicate_id",
        message="the id is already in the ledger",
    )
