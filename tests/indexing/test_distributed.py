"""find_duplicates decomposed into pure pieces gives the single-process result.

The decomposition (docs/indexing-distributed.md): name frequencies over all
records, blocking keys per record, candidate pairs per block
(:func:`block_pairs`), repeats dropped, :func:`score_pair` per pair, the kept
pairs sorted, :func:`clusters` as the final reduce. It runs once on Dask
(local multiprocessing scheduler, partitioned by blocking key) and as a
property in plain Python over any record order.
"""

from __future__ import annotations

import datetime as dt
import operator
import pickle
import random
from collections import Counter, defaultdict
from collections.abc import Iterable

import dask
import dask.bag as db
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.indexing._mpi_match import BLOCK_CAP, _candidates, _sorted_features
from medoffice.indexing.patients import (
    Match,
    NameFrequencies,
    PatientRecord,
    block_pairs,
    blocking_keys,
    clusters,
    find_duplicates,
    name_frequencies,
    score_pair,
)

FAMILIES = ("Okafor", "Lindqvist", "Barros", "Kowalczyk", "Haddad", "Tanaka", "Moreau",
            "Smith", "Nguyen", "Delacroix", "Abernathy", "Ruiz")  # fmt: skip
GIVEN = ("Margaret", "William", "Elizabeth", "Robert", "Ana", "Kenji", "Fatima", "Lars",
         "Susan", "James", "Priya", "Tomas")  # fmt: skip
NICKNAMES = {"Margaret": "Peggy", "William": "Bill", "Elizabeth": "Liz", "Robert": "Bob",
             "Susan": "Sue", "James": "Jim"}  # fmt: skip


def _registrations(seed: int, people: int, home: int = 0) -> list[PatientRecord]:
    """``people`` registrations, about a third registered twice with an error.

    The first ``home`` people live at one nursing home (one ZIP and house
    number), so that block is compared in sorted windows when ``home`` exceeds
    the block cap.
    """
    rng = random.Random(seed)  # noqa: S311 (seeded test data)
    rows: list[dict[str, object]] = []
    for k in range(people):
        birth = dt.date(1930, 1, 1) + dt.timedelta(days=rng.randrange(30000))
        street = "1 Care Way" if k < home else f"{rng.randint(2, 900)} Elm St"
        rows.append(
            {
                "id": f"R{rng.randrange(10**6):06d}-{k}",
                "family": rng.choice(FAMILIES),
                "given": rng.choice(GIVEN),
                "sex": rng.choice("FM"),
                "birth_date": birth,
                "phone": f"217555{rng.randrange(10**4):04d}" if rng.random() < 0.7 else None,
                "street": street,
                "zip": "62701" if k < home else rng.choice(("62702", "62703", "62704")),
            }
        )
    for k, row in enumerate(list(rows)):
        if rng.random() > 0.35:
            continue
        dup = dict(row, id=f"D{k:04d}")
        born = row["birth_date"]
        assert isinstance(born, dt.date)
        kind = rng.randrange(4)
        if kind == 0:
            dup["given"] = NICKNAMES.get(str(row["given"]), row["given"])
        elif kind == 1 and born.day <= 12:
            dup["birth_date"] = born.replace(month=born.day, day=born.month)
        elif kind == 2:
            family = str(row["family"])
            dup["family"] = family[0] + family[2] + family[1] + family[3:]
        else:
            dup["phone"] = None
            dup["street"] = f"{rng.randint(2, 900)} Oak Ave"
        rows.append(dup)
    return [PatientRecord(**row) for row in rows]


# -- the pieces, as a distributed engine would call them ----------------------------------------


def _keyed(record: PatientRecord) -> list[tuple[str, PatientRecord]]:
    return [(key, record) for key in sorted(blocking_keys(record))]


def _pairs_of_block(
    group: tuple[str, Iterable[tuple[str, PatientRecord]]],
) -> list[tuple[tuple[str, str], tuple[PatientRecord, PatientRecord]]]:
    records = {record.id: record for _, record in group[1]}
    return [(pair, (records[pair[0]], records[pair[1]])) for pair in block_pairs(records.values())]


def _score(
    item: tuple[tuple[str, str], tuple[PatientRecord, PatientRecord]],
    frequencies: NameFrequencies,
) -> Match:
    return score_pair(*item[1], frequencies=frequencies)


def _banded(match: Match) -> bool:
    return match.band is not None


def _merge(parts: Iterable[NameFrequencies]) -> NameFrequencies:
    total = 0
    family: Counter[str] = Counter()
    given: Counter[str] = Counter()
    for part in parts:
        total += part.total
        family.update(dict(part.family))
        given.update(dict(part.given))
    return NameFrequencies(total=total, family=family, given=given)


def _single_process_candidates(records: list[PatientRecord]) -> set[tuple[str, str]]:
    """The candidate pairs find_duplicates scores, as pairs of ids."""
    feats = _sorted_features(records)
    size = len(feats)
    return {(feats[p // size].id, feats[p % size].id) for p in _candidates(feats)}


def _union_of_blocks(records: list[PatientRecord]) -> set[tuple[str, str]]:
    blocks: dict[str, list[PatientRecord]] = defaultdict(list)
    for record in records:
        for key in blocking_keys(record):
            blocks[key].append(record)
    return {pair for members in blocks.values() for pair in block_pairs(members)}


def _decomposed(records: list[PatientRecord]) -> tuple[Match, ...]:
    """The plain-Python run of the pieces: dicts instead of a cluster."""
    frequencies = _merge(name_frequencies(records[i::3]) for i in range(3))
    blocks: dict[str, list[PatientRecord]] = defaultdict(list)
    for record in records:
        for key in blocking_keys(record):
            blocks[key].append(record)
    by_id = {record.id: record for record in records}
    pairs = {pair for members in blocks.values() for pair in block_pairs(members)}
    matches = (score_pair(by_id[a], by_id[b], frequencies=frequencies) for a, b in pairs)
    kept = [match for match in matches if match.band is not None]
    return tuple(sorted(kept, key=lambda m: (m.left, m.right)))


# -- tests ------------------------------------------------------------------------------------


def test_dask_partitioned_by_blocking_key_gives_the_single_process_result() -> None:
    records = _registrations(5, 260, home=90)
    expected = find_duplicates(records)
    assert len(expected) > 40  # the data has duplicates to find
    # One graph, one run on the local multiprocessing scheduler. Forked workers
    # start at once; spawned ones would import the test module first.
    config = {"scheduler": "processes", "num_workers": 2, "multiprocessing.context": "fork"}
    with dask.config.set(config):
        bag = db.from_sequence(records, npartitions=4)
        frequencies = bag.reduction(name_frequencies, _merge)  # the global reduction
        candidates = (
            bag.map(_keyed)
            .flatten()
            .groupby(operator.itemgetter(0), shuffle="tasks", npartitions=4)
            .map(_pairs_of_block)
            .flatten()
            .distinct(key=operator.itemgetter(0))  # a pair seen in several blocks
        )
        kept = candidates.map(_score, frequencies=frequencies).filter(_banded).compute()
    result = tuple(sorted(kept, key=lambda m: (m.left, m.right)))
    assert result == expected
    assert clusters(result) == clusters(expected)


def test_the_nursing_home_block_is_windowed() -> None:
    # The Dask data set exercises both candidate rules: all pairs and sorted windows.
    records = _registrations(5, 260, home=90)
    sizes = Counter(key for record in records for key in blocking_keys(record))
    assert max(sizes.values()) > BLOCK_CAP
    home = [r for r in records if r.street == "1 Care Way"]
    assert len(block_pairs(home)) < len(home) * (len(home) - 1) // 2
    # Every block's pairs together are exactly the pairs the single process scores.
    random.Random(1).shuffle(records)  # noqa: S311 (seeded test data)
    assert _union_of_blocks(records) == _single_process_candidates(records)


@settings(max_examples=min(8, settings().max_examples), deadline=None)
@given(st.integers(0, 10**6), st.integers(0, 10**6), st.sampled_from([0, 82]))
def test_the_decomposition_equals_find_duplicates_in_any_order(
    seed: int, shuffle: int, home: int
) -> None:
    records = _registrations(seed, 30 if not home else 83, home=home)
    random.Random(shuffle).shuffle(records)  # noqa: S311 (seeded test data)
    assert _union_of_blocks(records) == _single_process_candidates(records)
    expected = find_duplicates(records)
    result = _decomposed(records)
    assert result == expected
    assert clusters(result) == clusters(expected)


@settings(max_examples=min(25, settings().max_examples), deadline=None)
@given(st.lists(st.integers(0, 200), min_size=0, max_size=12, unique=True), st.randoms())
def test_block_pairs_depend_only_on_the_set_of_records(
    picks: list[int], rng: random.Random
) -> None:
    pool = _registrations(3, 140, home=100)
    block = [pool[i] for i in picks if i < len(pool)]
    shuffled = list(block)
    rng.shuffle(shuffled)
    pairs = block_pairs(block)
    assert pairs == block_pairs(shuffled)
    assert list(pairs) == sorted(set(pairs))
    assert all(a < b for a, b in pairs)
    assert len(pairs) == len(block) * (len(block) - 1) // 2  # small blocks: every pair


def test_block_pairs_refuses_bad_input_and_pickles() -> None:
    one = PatientRecord(id="1", family="Lee")
    with pytest.raises(ValueError, match="record ids must be unique"):
        block_pairs([one, one])
    with pytest.raises(TypeError, match="PatientRecord"):
        block_pairs([one, "2"])  # type: ignore[list-item]
    assert block_pairs([]) == block_pairs([one]) == ()
    assert pickle.loads(pickle.dumps(block_pairs)) is block_pairs  # noqa: S301 - our own bytes
