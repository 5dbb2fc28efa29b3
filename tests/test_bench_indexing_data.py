"""The generator of ``benchmarks/indexing.py``: deterministic, labelled truthfully, at its rates."""

from __future__ import annotations

import datetime as dt
import math
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import _indexing_data as data

FIELDS = {
    "id", "family", "given", "middle", "suffix", "sex", "birth_date", "ssn", "phone",
    "street", "city", "state", "zip", "email", "previous_family", "identifiers",
}  # fmt: skip
KINDS = set(data.RATES) | {"none"}
N = 4000


@pytest.fixture(scope="module")
def dataset() -> data.Dataset:
    return data.generate(N, seed=11)


def _plain(value: object) -> str:
    """Upper case without accents (JOSÉ is JOSE)."""
    text = unicodedata.normalize("NFKD", str(value).upper())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _by_id(d: data.Dataset) -> dict[str, dict[str, object]]:
    return {str(r["id"]): r for r in d.rows}


def _first_registrations(d: data.Dataset) -> tuple[dict[str, dict[str, object]], list[str]]:
    """Each person's faithful first registration, and the ids of the extra ones."""
    rows = _by_id(d)
    seen: dict[str, dict[str, object]] = {}
    extra: list[str] = []
    by_person: dict[str, list[str]] = defaultdict(list)
    for rid in rows:
        by_person[d.person[rid]].append(rid)
    for pid, ids in by_person.items():
        clean = [r for r in ids if not d.corruptions[r]]
        first = clean[0] if clean else ids[0]
        seen[pid] = rows[first]
        extra += [r for r in ids if r != first]
    return seen, extra


def test_same_seed_same_data_and_different_seeds_differ() -> None:
    a, b, c = data.generate(300, seed=5), data.generate(300, seed=5), data.generate(300, seed=6)
    assert a == b
    assert a.rows != c.rows


def test_rows_have_exactly_the_contract_fields(dataset: data.Dataset) -> None:
    assert len(dataset.rows) == N
    assert len({r["id"] for r in dataset.rows}) == N
    for row in dataset.rows:
        assert set(row) == FIELDS
        for key, value in row.items():
            if key == "birth_date":
                assert value is None or isinstance(value, dt.date)
            elif key in {"previous_family", "identifiers"}:
                assert isinstance(value, tuple)
            else:
                assert value is None or (isinstance(value, str) and value), key


def test_duplicate_share_and_pairs_follow_the_persons(dataset: data.Dataset) -> None:
    persons = Counter(dataset.person.values())
    extra = N - len(persons)
    assert extra == round(N * data.DUPLICATE_SHARE)
    groups: dict[str, list[str]] = defaultdict(list)
    for rid, pid in dataset.person.items():
        groups[pid].append(rid)
    pairs = {frozenset((a, b)) for ids in groups.values() for a in ids for b in ids if a < b}
    assert set(dataset.error_types) == pairs
    for pair, label in dataset.error_types.items():
        a, b = sorted(pair)
        assert data.split_types(label) <= KINDS
        assert label == "+".join(sorted(dataset.corruptions[a] | dataset.corruptions[b])) or (
            label == "none" and not dataset.corruptions[a] | dataset.corruptions[b]
        )


def test_every_error_type_is_present(dataset: data.Dataset) -> None:
    seen = Counter(t for label in dataset.error_types.values() for t in data.split_types(label))
    assert set(seen) == KINDS, KINDS - set(seen)


def _rate_ok(hits: int, trials: int, rate: float) -> bool:
    """Within five binomial standard deviations of ``rate``."""
    sigma = math.sqrt(trials * rate * (1 - rate))
    return abs(hits - trials * rate) <= 5 * sigma + 1


def test_corruptions_come_at_their_rates(dataset: data.Dataset) -> None:
    first, extra = _first_registrations(dataset)
    kinds = Counter(k for rid in extra for k in dataset.corruptions[rid])
    for kind in ("typo", "swapped_names", "address_move", "dob_digit", "dob_transposed"):
        assert _rate_ok(kinds[kind], len(extra), data.RATES[kind]), kind

    def clean(rid: str) -> dict[str, object]:
        return first[dataset.person[rid]]

    def has_nickname(rid: str) -> bool:
        return _plain(clean(rid)["given"]) in data.NICKNAMES

    def day_month(rid: str) -> bool:
        birth = clean(rid)["birth_date"]
        return isinstance(birth, dt.date) and birth.day <= 12 and birth.day != birth.month

    def has_ssn(rid: str) -> bool:
        ssn = clean(rid)["ssn"]
        return ssn is not None and ssn not in data.PLACEHOLDERS

    for kind, eligible in (
        ("nickname", has_nickname),
        ("dob_day_month", day_month),
        ("ssn_missing", has_ssn),
        ("ssn_placeholder", has_ssn),
        ("ssn_digit", has_ssn),
    ):
        pool = [rid for rid in extra if eligible(rid)]
        hits = sum(kind in dataset.corruptions[rid] for rid in pool)
        assert _rate_ok(hits, len(pool), data.RATES[kind]), kind
        assert all(eligible(rid) for rid in extra if kind in dataset.corruptions[rid]), kind
    women = [rid for rid in extra if clean(rid)["sex"] == "F"]
    maiden = sum("maiden_name" in dataset.corruptions[rid] for rid in women)
    assert 0 < maiden < len(women) * data.RATES["maiden_name"]


def test_corruptions_are_visible_in_the_rows(dataset: data.Dataset) -> None:
    first, extra = _first_registrations(dataset)
    rows = _by_id(dataset)
    for rid in extra:
        row, kinds = rows[rid], dataset.corruptions[rid]
        truth = first[dataset.person[rid]]
        if "nickname" in kinds and "typo" not in kinds:
            names = {row["given"], row["family"]}
            nicknames = data.NICKNAMES[_plain(truth["given"])]
            assert any(_plain(x) in nicknames for x in names)
        if kinds <= {"swapped_names"} and kinds:
            assert str(row["given"]).upper() == str(truth["family"]).upper()
        if "ssn_missing" in kinds:
            assert row["ssn"] is None
        if "ssn_placeholder" in kinds:
            assert row["ssn"] in data.PLACEHOLDERS
        birth, true_birth = row["birth_date"], truth["birth_date"]
        if birth is not None and true_birth is not None:
            assert isinstance(birth, dt.date)
            assert isinstance(true_birth, dt.date)
            changed = bool(kinds & {"dob_day_month", "dob_digit", "dob_transposed"})
            assert (birth != true_birth) == changed, (kinds, birth, true_birth)
            if "dob_day_month" in kinds:
                assert (birth.month, birth.day) == (true_birth.day, true_birth.month)
        if not kinds & {"typo", "nickname", "swapped_names", "maiden_name"}:
            assert str(row["family"]).upper() == str(truth["family"]).upper()


def test_without_ssns_the_same_people_have_none() -> None:
    with_ssn = data.generate(1500, seed=3)
    without = data.generate(1500, seed=3, ssn=False)
    assert all(r["ssn"] is None for r in without.rows)
    assert any(r["ssn"] is not None for r in with_ssn.rows)
    assert [{**r, "ssn": None} for r in with_ssn.rows] == without.rows
    assert without.person == with_ssn.person
    assert without.hard_pairs == with_ssn.hard_pairs
    for pair, label in without.error_types.items():
        assert not any(t.startswith("ssn_") for t in data.split_types(label))
        kept = data.split_types(with_ssn.error_types[pair]) - {
            "ssn_missing", "ssn_placeholder", "ssn_digit"
        }  # fmt: skip
        assert data.split_types(label) == (kept or {"none"})


def test_hard_pairs_are_different_people_that_look_alike(dataset: data.Dataset) -> None:
    first, _ = _first_registrations(dataset)
    assert set(dataset.hard_pairs.values()) == set(data.HARD_KINDS)
    for pair, kind in dataset.hard_pairs.items():
        pa, pb = (dataset.person[r] for r in sorted(pair))
        assert pa != pb
        assert pair not in dataset.error_types
        ta, tb = first[pa], first[pb]
        if kind == "twins":
            assert ta["birth_date"] == tb["birth_date"] or None in {
                ta["birth_date"], tb["birth_date"]
            }  # fmt: skip
            assert str(ta["given"]).upper() != str(tb["given"]).upper()
            assert str(ta["family"]).upper() == str(tb["family"]).upper()
        elif kind == "jr_sr":
            assert str(ta["given"]).upper() == str(tb["given"]).upper()
            assert str(ta["family"]).upper() == str(tb["family"]).upper()
            if isinstance(ta["birth_date"], dt.date) and isinstance(tb["birth_date"], dt.date):
                years = abs((ta["birth_date"] - tb["birth_date"]).days) / 365.25
                assert 18 <= years <= 45
    twins = sum(k == "twins" for k in dataset.hard_pairs.values())
    assert twins > 0


def test_rows_make_patient_records() -> None:
    from medoffice.indexing.patients import PatientRecord

    for row in data.generate(400, seed=8).rows:
        record = PatientRecord(**row)
        assert record.id == row["id"]


def test_moves_and_maiden_names_change_what_they_say(dataset: data.Dataset) -> None:
    first, extra = _first_registrations(dataset)
    rows = _by_id(dataset)
    moved = maiden = 0
    for rid in extra:
        row, kinds = rows[rid], dataset.corruptions[rid]
        truth = first[dataset.person[rid]]
        if "address_move" in kinds:
            moved += 1
            assert _plain(row["street"]) != _plain(truth["street"])
        if "maiden_name" in kinds and not kinds & {"typo", "swapped_names"}:
            maiden += 1
            assert _plain(row["family"]) != _plain(truth["family"])
            assert row["previous_family"] == ()
    assert moved
    assert maiden
