"""The per-block piece of duplicate finding, for running it on a distributed engine.

:func:`~medoffice.indexing.patients.find_duplicates` decomposes into pure steps:
name frequencies over all records (a global reduction), the blocking keys of
each record, the candidate pairs of each block (:func:`block_pairs`, here), the
score of each pair, and the clustering of the kept pairs. An engine that groups
records by blocking key and calls :func:`block_pairs` on each group gets
exactly the pairs the single-process run compares.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from medoffice.indexing._mpi_match import _block_pairs, _records
from medoffice.indexing._mpi_record import PatientRecord, features

__all__ = ["block_pairs"]


def block_pairs(records: Iterable[PatientRecord]) -> tuple[tuple[str, str], ...]:
    """The candidate pairs of one block: the records that share one blocking key.

    These are exactly the pairs :func:`~medoffice.indexing.patients.find_duplicates`
    compares within that block: every pair when the block holds at most
    ``BLOCK_CAP`` (80) records, otherwise the pairs within a sliding window over
    two sort orders (by family, given name and birth date; by given name, birth
    date and family). The result depends only on the set of records, not on
    their order. A pair can come from several blocks; drop the repeats before
    scoring (every pair is written ``(smaller id, larger id)``). Pure and
    picklable, so a distributed engine can call it on any worker.

    Args:
        records: the records of the block (unique ids).

    Returns:
        The pairs of record ids, each ``(smaller, larger)``, sorted.

    Raises:
        TypeError: an item is not a PatientRecord.
        ValueError: two records share an id.

    >>> block = [PatientRecord(id="7", family="Lee", birth_date="1990-01-02"),
    ...          PatientRecord(id="3", family="Ng", birth_date="1990-01-02"),
    ...          PatientRecord(id="5", family="Lee", given="Ann", birth_date="1990-01-02")]
    >>> block_pairs(block)
    (('3', '5'), ('3', '7'), ('5', '7'))
    """
    items = sorted(_records(records), key=lambda r: r.id)
    for x, y in itertools.pairwise(items):
        if x.id == y.id:
            msg = "records: record ids must be unique"
            raise ValueError(msg)
    feats = [features(r) for r in items]
    size = len(feats)
    pairs = sorted(set(_block_pairs(list(range(size)), feats, size)))
    return tuple((feats[pair // size].id, feats[pair % size].id) for pair in pairs)
