"""Tests for the ledger: ids, append, indexed selections and balances against a plain filter."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.billing import Entry, EntryKind, Ledger, Party, PartyKind
from medoffice.billing._ledger import _trusted_entry
from medoffice.exceptions import ValidationFailed
from medoffice.serialization import from_dict, to_dict

DAY = dt.date(2024, 1, 10)
PARTIES = (Party.payer("11111"), Party.payer("22222"), Party.patient())


def _entry(i: int, fields: tuple[int, ...]) -> Entry:
    kind, day, account, patient, line, party, cents, number, source = fields
    return Entry(
        id=f"e{i}",
        kind=list(EntryKind)[kind],
        posted=DAY + dt.timedelta(days=day),
        account_number=("A1", "A2", "A3", "")[account],
        patient_id=("P1", "P2", "")[patient],
        line=(None, "1", "2", "#1")[line],
        party=PARTIES[party],
        amount=Decimal(cents) / 100,
        payer_claim_number=("", "ICN1", "ICN2")[number],
        source=("", "837", "835:1:T1")[source],
    )


_FIELDS = st.tuples(
    st.integers(0, len(EntryKind) - 1), st.integers(0, 60), st.integers(0, 3), st.integers(0, 2),
    st.integers(0, 3), st.integers(0, 2), st.integers(-100_000, 100_000), st.integers(0, 2),
    st.integers(0, 2),
)  # fmt: skip


def entry_lists(max_size: int = 30) -> st.SearchStrategy[list[Entry]]:
    return st.lists(_FIELDS, max_size=max_size).map(
        lambda rows: [_entry(i, row) for i, row in enumerate(rows)]
    )


#: The properties are cheap but their examples are not: cap them under CI.
CAPPED = settings(max_examples=min(60, settings().max_examples))


FILTERS = st.fixed_dictionaries(
    {},
    optional={
        "account_number": st.sampled_from(("A1", "A2", "A3", "", "A9")),
        "line": st.sampled_from(("1", "2", "#1", "9")),
        "patient_id": st.sampled_from(("P1", "P2", "")),
        "party": st.sampled_from(PARTIES),
        "as_of": st.dates(DAY, DAY + dt.timedelta(days=60)),
    },
)


def _oracle(entries: list[Entry], filters: dict[str, object]) -> list[Entry]:
    as_of = filters.get("as_of")
    return [
        e
        for e in entries
        if all(getattr(e, k) == v for k, v in filters.items() if k != "as_of")
        and (as_of is None or e.posted <= as_of)  # type: ignore[operator]
    ]


@CAPPED
@given(entry_lists(), FILTERS, st.integers(0, 40))
def test_select_and_balance_match_a_plain_filter(
    entries: list[Entry], filters: dict[str, object], cut: int
) -> None:
    # Build in two appends so the indexes of the second ledger are its own.
    ledger = Ledger(entries=entries[:cut]).append(*entries[cut:])
    expected = _oracle(entries, filters)
    assert list(ledger.select(**filters)) == expected  # type: ignore[arg-type]
    assert list(ledger.select(**filters)) == expected  # the index, built, answers the same
    assert ledger.balance(**filters) == sum((e.amount for e in expected), Decimal(0))  # type: ignore[arg-type]


@CAPPED
@given(entry_lists(), st.sampled_from(("ICN1", "ICN2", "X")), st.sampled_from(("837", "835:1:T1")))
def test_select_by_payer_claim_number_and_source(
    entries: list[Entry], number: str, source: str
) -> None:
    ledger = Ledger(entries=entries)
    assert list(ledger.select(payer_claim_number=number)) == [
        e for e in entries if e.payer_claim_number == number
    ]
    assert list(ledger.select(source=source)) == [e for e in entries if e.source == source]
    assert list(ledger.select(source=source, account_number="A1")) == [
        e for e in entries if e.source == source and e.account_number == "A1"
    ]


@CAPPED
@given(entry_lists(), st.sampled_from(("account_number", "line", "patient_id", "party")))
def test_balances_are_every_balance(entries: list[Entry], by: str) -> None:
    ledger = Ledger(entries=entries)
    totals = ledger.balances(by, as_of=DAY + dt.timedelta(days=30))
    keys = {(e.account_number, e.line) if by == "line" else getattr(e, by) for e in entries}
    assert set(totals) == keys
    for key, total in totals.items():
        if by == "line":
            assert isinstance(key, tuple)
            account, line = key
            expected = _oracle(
                [e for e in entries if e.line == line],
                {"account_number": account, "as_of": DAY + dt.timedelta(days=30)},
            )
        else:
            expected = _oracle(entries, {by: key, "as_of": DAY + dt.timedelta(days=30)})
        assert total == sum((e.amount for e in expected), Decimal(0))
    assert sum(ledger.balances(by).values(), Decimal(0)) == ledger.balance()


def test_balances_refuses_an_unknown_key() -> None:
    with pytest.raises(ValueError, match="by: must be"):
        Ledger().balances("payer_claim_number")


@CAPPED
@given(entry_lists(max_size=20))
def test_append_is_persistent(entries: list[Entry]) -> None:
    ledger = Ledger()
    history = [ledger]
    for entry in entries:
        ledger = ledger.append(entry)
        history.append(ledger)
    for n, old in enumerate(history):
        assert old.entries == tuple(entries[:n])
        assert len(old) == n
        assert all((e.id in old) == (i < n) for i, e in enumerate(entries))
    assert ledger == Ledger(entries=entries)
    assert list(ledger) == entries


def test_duplicate_ids_are_refused_all_at_once() -> None:
    a = Entry(
        id="x", kind="charge", posted=DAY, account_number="A", patient_id="P",
        party=Party.payer("1"), amount="10",
    )  # fmt: skip
    b = attrs.evolve(a, id="y")
    ledger = Ledger(entries=[a])
    with pytest.raises(ValidationFailed) as caught:
        ledger.append(b, a, b)
    assert [p.path for p in caught.value.problems] == ["entries[2].id", "entries[3].id"]
    assert len(ledger) == 1
    with pytest.raises(ValidationFailed):
        Ledger(entries=[a, b, a])


@pytest.mark.parametrize("junk", [None, "entry", 3, Decimal(1)])
def test_only_entries_go_in(junk: object) -> None:
    with pytest.raises(TypeError, match=r"entries\[0\]: must be an Entry"):
        Ledger().append(junk)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"entries\[0\]: must be an Entry"):
        Ledger(entries=[junk])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="expected a sequence"):
        Ledger(entries="entries")  # type: ignore[arg-type]


def test_entry_checks_its_fields() -> None:
    good = {
        "id": "x", "kind": "charge", "posted": DAY, "account_number": "A", "patient_id": "P",
        "party": Party.payer("1"), "amount": "10",
    }  # fmt: skip
    with pytest.raises(TypeError, match="party: must be a Party"):
        Entry(**{**good, "party": "payer"})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="amount"):
        Entry(**{**good, "amount": 1.5})  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="kind: must be one of"):
        Entry(**{**good, "kind": "gift"})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="posted"):
        Entry(**{**good, "posted": dt.datetime(2024, 1, 1, tzinfo=dt.UTC)})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="payer_claim_number"):
        Entry(**{**good, "payer_claim_number": None})  # type: ignore[arg-type]
    entry = Entry(**good, group="PR", reason=" 2 ")  # type: ignore[arg-type]
    assert entry.group is not None
    assert entry.group.value == "PR"
    assert entry.reason == "2"
    assert "'A'" not in repr(entry)
    assert "'P'" not in repr(entry)
    assert Party(kind="patient").kind is PartyKind.PATIENT


@CAPPED
@given(entry_lists(max_size=10))
def test_trusted_entries_equal_checked_ones(entries: list[Entry]) -> None:
    for entry in entries:
        copy = _trusted_entry(attrs.asdict(entry, recurse=False))
        assert copy == entry
        assert hash(copy) == hash(entry)


@CAPPED
@given(entry_lists(max_size=10), st.integers(0, 9))
def test_reversal_and_transfer_sum_to_zero(entries: list[Entry], n: int) -> None:
    if entries:
        entry = entries[n % len(entries)]
        undo = entry.reversal(id="r", posted=DAY)
        assert undo.amount + entry.amount == 0
        assert undo.reverses == entry.id
        assert undo.kind is EntryKind.REVERSAL
    out, into = Entry.transfer(
        id="t", posted=DAY, account_number="A", patient_id="P", source=PARTIES[0],
        target=PARTIES[2], amount=str(n), group="PR", reason="1",
    )  # fmt: skip
    assert out.amount + into.amount == 0
    assert (out.id, into.id) == ("t.out", "t.in")


@settings(max_examples=20)
@given(entry_lists(max_size=10))
def test_serialization_round_trip(entries: list[Entry]) -> None:
    ledger = Ledger(entries=entries)
    again = from_dict(to_dict(ledger), Ledger)
    assert again == ledger
    assert list(again.select(account_number="A1")) == list(ledger.select(account_number="A1"))


@CAPPED
@given(
    entry_lists(max_size=30),
    st.lists(
        st.tuples(
            st.integers(0, 20), st.integers(0, 4), st.booleans(), st.booleans(),
            st.sampled_from((None, "taken", "twice")),
        ),
        max_size=8,
    ),
    FILTERS,
)  # fmt: skip
def test_shared_indexes_stay_right_when_ledgers_branch(
    entries: list[Entry],
    steps: list[tuple[int, int, bool, bool, str | None]],
    filters: dict[str, object],
) -> None:
    # Append batches to any earlier ledger (the tip or not), as posting does or
    # not, asking questions in between so indexes are built, extended and cut;
    # a batch with an id taken (or twice) is refused and leaves every index as it was.
    ledgers = [Ledger()]
    for taken, (pick, count, ask, made, wanted) in enumerate(steps):
        base = ledgers[pick % len(ledgers)]
        batch = [attrs.evolve(e, id=f"s{taken}-{n}") for n, e in enumerate(entries[:count])]
        if ask:
            list(base.select(account_number="A1"))
            base.balances("party")
            base.patient_of("A1")
        clash = bool(batch) and (wanted == "twice" or (wanted == "taken" and bool(base.entries)))
        if clash:
            batch.append(
                batch[0] if wanted == "twice" else attrs.evolve(batch[0], id=base.entries[-1].id)
            )
            with pytest.raises(ValidationFailed) as caught:
                base._append_made(tuple(batch)) if made else base.append(*batch)
            assert [p.code for p in caught.value.problems] == ["ledger.duplicate_id"]
            assert not any(e.id in base for e in batch[:-1])
            continue
        ledgers.append(base._append_made(tuple(batch)) if made else base.append(*batch))
    for ledger in ledgers:
        own = list(ledger.entries)
        assert list(ledger.select(**filters)) == _oracle(own, filters)  # type: ignore[arg-type]
        for by in ("account_number", "party", "line"):
            expected: dict[object, Decimal] = {}
            for e in own:
                key = (e.account_number, e.line) if by == "line" else getattr(e, by)
                expected[key] = expected.get(key, Decimal(0)) + e.amount
            assert ledger.balances(by) == expected
        assert all(e.id in ledger for e in own)
        for e in own:
            first = next(x for x in own if x.account_number == e.account_number)
            assert ledger.patient_of(e.account_number) == first.patient_id
        assert ledger.patient_of("nobody") is None
    for a in ledgers:
        for b in ledgers:
            if len(b) > len(a):
                assert not all(e.id in a for e in b.entries)


def test_copies_and_pickles_rebuild_the_index() -> None:
    import copy
    import pickle

    e = Entry(
        id="x", kind="charge", posted=DAY, account_number="A", patient_id="P",
        party=Party.payer("1"), amount="10",
    )  # fmt: skip
    ledger = Ledger(entries=[e])
    for again in (copy.copy(ledger), copy.deepcopy(ledger), pickle.loads(pickle.dumps(ledger))):  # noqa: S301
        assert again == ledger
        assert "x" in again
        assert again.balance(account_number="A") == Decimal(10)
        with pytest.raises(ValidationFailed):
            again.append(e)
    assert 3 not in ledger
