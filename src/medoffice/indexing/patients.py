"""The master patient index: find duplicate charts, link them, search patients.

A :class:`PatientRecord` is one chart as registered. :func:`find_duplicates`
compares the records that share a blocking key and scores each pair with
Fellegi-Sunter weights (per-field agreement levels, partial credit for
nicknames, typos, day/month-swapped or one-digit birth dates and SSNs, strong
non-match signals for twins and Jr./Sr. pairs). Pairs at or above the
``link`` threshold are auto-linked, those between ``review`` and ``link`` go
to clerical review; :func:`clusters` groups the links transitively.
:class:`PatientIndex` answers "is this patient already registered?" with
ranked candidates. :func:`duplicate_rate` and :func:`overlay_rate` are the
AHIMA rates.

The building blocks are pure top-level functions of picklable values, so a
distributed engine can run them unchanged: :func:`blocking_keys` of a record,
:func:`score_pair` of a candidate pair (with :func:`name_frequencies` of the
whole data set), and :func:`clusters` of the scored pairs.

>>> records = [
...     PatientRecord(id="100", family="Smith", given="William", birth_date="1970-03-04",
...                   phone="(217) 555-0101"),
...     PatientRecord(id="205", family="SMITH", given="Bill", birth_date="1970-03-04",
...                   phone="217-555-0101"),
...     PatientRecord(id="311", family="Smith", given="Mary", birth_date="1972-08-30",
...                   phone="217-555-0101"),
... ]
>>> [(m.left, m.right, m.band.value) for m in find_duplicates(records)]
[('100', '205', 'link')]
>>> index = PatientIndex.of(records)
>>> [c.record.id for c in index.search(name="Bill Smith", birth_date="1970-03-04")][:2]
['100', '205']
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence

import attrs

from medoffice._values import name_sequences
from medoffice.indexing._mpi_distributed import block_pairs
from medoffice.indexing._mpi_match import (
    Band,
    FieldModel,
    FieldScore,
    Match,
    Model,
    NameFrequencies,
    _band,
    _explain,
    _feature_keys,
    _frequencies,
    _levels,
    _records,
    _Scorer,
    _scorer,
    _total,
    blocking_keys,
    clusters,
    estimate_model,
    field_scores,
    find_duplicates,
    name_frequencies,
    score_pair,
)
from medoffice.indexing._mpi_record import Features, PatientRecord, features

__all__ = [
    "Band",
    "Candidate",
    "FieldModel",
    "FieldScore",
    "Match",
    "Model",
    "NameFrequencies",
    "PatientIndex",
    "PatientRecord",
    "block_pairs",
    "blocking_keys",
    "clusters",
    "duplicate_creation_rate",
    "duplicate_rate",
    "estimate_model",
    "find_duplicates",
    "name_frequencies",
    "overlay_rate",
    "score_pair",
]


@attrs.frozen(kw_only=True, field_transformer=name_sequences)
class Candidate:
    """A search result: a record, its score against the query and its band.

    Attributes:
        record: the indexed record.
        score: the Fellegi-Sunter total weight of the query against it.
        band: LINK or REVIEW by the index's model thresholds, or None below review.
        fields: the per-field explanation (weights sum to ``score``).

    >>> Candidate(record=PatientRecord(id="7"), score=3.5).band is None
    True
    """

    record: PatientRecord = attrs.field(validator=attrs.validators.instance_of(PatientRecord))
    score: float = attrs.field(converter=float)
    band: Band | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(Band))
    )
    fields: tuple[FieldScore, ...] = attrs.field(default=(), converter=field_scores)


_QUERY_ID = "\x00query"
#: Candidates re-ranked by the scorer per search (those sharing most keys with the query).
_RERANK = 40


class _Base:
    """The bulk of an index: records, features, key -> positions, name counts."""

    __slots__ = ("blocks", "feats", "ids", "records", "scorer", "surnames")

    def __init__(self, records: Sequence[PatientRecord], model: Model) -> None:
        self.records = tuple(records)
        self.feats = [features(r) for r in self.records]
        self.ids = {r.id: i for i, r in enumerate(self.records)}
        blocks: dict[str, list[int]] = {}
        surnames: dict[str, list[int]] = {}
        for i, f in enumerate(self.feats):
            for key in _feature_keys(f):
                blocks.setdefault(key, []).append(i)
            for code in {f.family_soundex, *f.given_soundexes} - {""}:
                surnames.setdefault(code, []).append(i)
        self.blocks = {key: tuple(value) for key, value in blocks.items()}
        self.surnames = {key: tuple(value) for key, value in surnames.items()}
        self.scorer: _Scorer = _scorer(model, _frequencies(self.feats))


class PatientIndex:
    """An immutable, searchable master patient index.

    Build one with :meth:`of`; :meth:`add` returns a new index that shares the
    bulk of the old one (new records wait in a small side list that is merged
    in once it grows past the square root of the index size), so adding is
    cheap and the old index stays valid. Name frequencies for value-specific
    weights are those of the bulk.

    >>> index = PatientIndex.of([PatientRecord(id="1", family="Lee", given="Ann")])
    >>> bigger = index.add(PatientRecord(id="2", family="Ng", given="Bo"))
    >>> len(index), len(bigger), "2" in bigger
    (1, 2, True)
    """

    __slots__ = ("_base", "_model", "_pending", "_pending_ids")

    def __init__(
        self,
        base: _Base,
        pending: tuple[tuple[PatientRecord, Features, frozenset[str]], ...],
        model: Model,
    ) -> None:
        self._base = base
        self._pending = pending
        self._pending_ids = frozenset(item[0].id for item in pending)
        self._model = model

    @classmethod
    def of(
        cls, records: Iterable[PatientRecord] = (), *, model: Model | None = None
    ) -> PatientIndex:
        """An index of ``records`` (ids must be unique).

        Args:
            records: the records.
            model: weights and thresholds (:meth:`Model.default` when omitted).

        Returns:
            The index.

        Raises:
            TypeError: an item is not a PatientRecord, or ``model`` is not a Model.
            ValueError: two records share an id.

        >>> len(PatientIndex.of([PatientRecord(id="1"), PatientRecord(id="2")]))
        2
        """
        chosen: object = Model() if model is None else model
        if not isinstance(chosen, Model):
            msg = f"model: must be a Model, not {type(chosen).__name__}"
            raise TypeError(msg)
        items = _records(records)
        seen: set[str] = set()
        for item in items:
            if item.id in seen:
                msg = "records: record ids must be unique"
                raise ValueError(msg)
            seen.add(item.id)
        return cls(_Base(items, chosen), (), chosen)

    @property
    def model(self) -> Model:
        """The weights and thresholds the index scores with.

        >>> PatientIndex.of().model == Model()
        True
        """
        return self._model

    def __len__(self) -> int:
        return len(self._base.records) + len(self._pending)

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._base.ids or record_id in self._pending_ids

    def __iter__(self) -> Iterator[PatientRecord]:
        yield from self._base.records
        for item in self._pending:
            yield item[0]

    def __repr__(self) -> str:
        return f"PatientIndex(<{len(self)} records>)"

    def get(self, record_id: str) -> PatientRecord | None:
        """The record with ``record_id``, or None.

        >>> PatientIndex.of([PatientRecord(id="9", family="Lee")]).get("9").id
        '9'
        """
        position = self._base.ids.get(record_id)
        if position is not None:
            return self._base.records[position]
        for item in self._pending:
            if item[0].id == record_id:
                return item[0]
        return None

    def add(self, record: PatientRecord) -> PatientIndex:
        """A new index with ``record`` added; this one is unchanged.

        Args:
            record: the record; its id must be new.

        Returns:
            The new index.

        Raises:
            TypeError: ``record`` is not a PatientRecord.
            ValueError: the id is already in the index.

        >>> PatientIndex.of().add(PatientRecord(id="1")).get("1") is not None
        True
        """
        value: object = record
        if not isinstance(value, PatientRecord):
            msg = f"record: must be a PatientRecord, not {type(value).__name__}"
            raise TypeError(msg)
        if record.id in self:
            msg = "record.id: already in the index"
            raise ValueError(msg)
        f = features(record)
        pending = (*self._pending, (record, f, frozenset(_feature_keys(f))))
        if len(pending) > max(64, math.isqrt(len(self._base.records)) * 2):
            records = [*self._base.records, *(item[0] for item in pending)]
            return PatientIndex(_Base(records, self._model), (), self._model)
        return PatientIndex(self._base, pending, self._model)

    def search(
        self,
        *,
        name: str | None = None,
        family: str | None = None,
        given: str | None = None,
        middle: str | None = None,
        birth_date: dt.date | str | None = None,
        sex: str | None = None,
        ssn: str | None = None,
        phone: str | None = None,
        street: str | None = None,
        zip: str | None = None,  # noqa: A002 - the field's name
        email: str | None = None,
        limit: int = 10,
    ) -> tuple[Candidate, ...]:
        """Patients that may be the one described, best first.

        The query is scored like a record against every indexed record that
        shares a blocking key or a Soundex code with it (the candidates sharing
        most keys are re-ranked by the full scorer). ``name`` is ``"Family,
        Given Middle"`` or ``"Given Middle Family"``; ``family`` and ``given``
        override it. Ties are broken by record id.

        Args:
            name: the whole name.
            family: the family name.
            given: the given name.
            middle: the middle name or initial.
            birth_date: the date of birth (date or ISO text).
            sex: F, M, U or X.
            ssn: the SSN or its last four digits.
            phone: the phone number.
            street: the street address.
            zip: the ZIP code.
            email: the e-mail address.
            limit: at most this many candidates (at least 1).

        Returns:
            The candidates, best first, with their band (None below review).

        Raises:
            TypeError: a value of the wrong type (naming the field).
            ValueError: a value breaking its rule, or ``limit`` below 1.

        >>> index = PatientIndex.of([
        ...     PatientRecord(id="1", family="Nguyen", given="Thi", birth_date="1988-05-06"),
        ...     PatientRecord(id="2", family="Nguyen", given="Tam", birth_date="1990-01-01")])
        >>> [(c.record.id, c.band) for c in index.search(name="Nguyen, Thi", birth_date="1988-05-06")]
        [('1', <Band.LINK: 'link'>), ('2', None)]
        """
        count: object = limit
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            msg = "limit: must be a whole number of at least 1"
            raise ValueError(msg)
        text: object = name
        if text is not None:
            if not isinstance(text, str):
                msg = f"name: must be text (str), not {type(text).__name__}"
                raise TypeError(msg)
            parsed_family, parsed_given, parsed_middle = _split_name(text)
            family = family if family is not None else parsed_family
            given = given if given is not None else parsed_given
            middle = middle if middle is not None else parsed_middle
        query = PatientRecord(
            id=_QUERY_ID,
            family=family,
            given=given,
            middle=middle,
            birth_date=birth_date,
            sex=sex,
            ssn=ssn,
            phone=phone,
            street=street,
            zip=zip,
            email=email,
        )
        q = features(query)
        base = self._base
        keys = _feature_keys(q)
        shared: Counter[int] = Counter()
        for key in sorted(keys):
            shared.update(base.blocks.get(key, ()))
        if len(shared) < 10:
            for code in sorted({q.family_soundex, *q.given_soundexes} - {""}):
                shared.update(base.surnames.get(code, ()))
        chosen = [i for i, _ in shared.most_common(_RERANK)]
        scorer = base.scorer
        scored: list[tuple[float, str, PatientRecord, Features]] = []
        for i in chosen:
            f = base.feats[i]
            scored.append(
                (_total(scorer, q, f, _levels(q, f, scorer.established)), f.id, base.records[i], f)
            )
        for record, f, its_keys in self._pending:
            if keys & its_keys or q.family_soundex == f.family_soundex:
                scored.append(
                    (_total(scorer, q, f, _levels(q, f, scorer.established)), f.id, record, f)
                )
        scored.sort(key=lambda item: (-item[0], item[1]))
        out = []
        for _, _, record, f in scored[:limit]:
            levels = _levels(q, f, scorer.established)
            explanation = _explain(scorer, q, f, levels)
            score = math.fsum(x.weight for x in explanation)
            out.append(
                Candidate(
                    record=record,
                    score=score,
                    band=_band(self._model, score, levels),
                    fields=explanation,
                )
            )
        return tuple(out)


def _split_name(name: str) -> tuple[str | None, str | None, str | None]:
    if "," in name:
        family, _, rest = name.partition(",")
        words = rest.split()
        return family.strip() or None, words[0] if words else None, " ".join(words[1:]) or None
    words = name.split()
    if not words:
        return None, None, None
    if len(words) == 1:
        return words[0], None, None
    return words[-1], words[0], " ".join(words[1:-1]) or None


# -- AHIMA rates ------------------------------------------------------------------------------


def _count(name: str, value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        msg = f"{name}: must be a whole number, at least 0"
        raise ValueError(msg)
    return value


def duplicate_rate(matches: Iterable[Match], *, total: int) -> float:
    """The AHIMA duplicate record error rate.

    Records involved in suspected duplicate pairs, divided by the total number
    of records in the MPI. The numerator counts each distinct record id that
    appears in at least one of ``matches`` (whatever its band: pass only the
    bands you count as suspected), once. AHIMA's target is at most 1 %
    (0.01); an MPI without work on duplicates commonly shows 8-12 %.

    Args:
        matches: the suspected duplicate pairs (e.g. :func:`find_duplicates`).
        total: the number of records in the MPI.

    Returns:
        The rate, from 0.0 to 1.0 (0.0 for an empty MPI).

    Raises:
        ValueError: ``total`` is negative or smaller than the records involved.

    >>> pairs = [Match(left="1", right="2", score=30, band=Band.LINK),
    ...          Match(left="2", right="3", score=18, band=Band.REVIEW)]
    >>> duplicate_rate(pairs, total=100)
    0.03
    """
    records = _count("total", total)
    involved = {x for match in matches for x in (match.left, match.right)}
    if len(involved) > records:
        msg = "total: smaller than the number of records involved in the pairs"
        raise ValueError(msg)
    return len(involved) / records if records else 0.0


def duplicate_creation_rate(created: int, *, registrations: int) -> float:
    """The AHIMA duplicate creation rate of a period.

    Confirmed duplicate records created in the period, divided by the
    registrations (new records) in that period.

    Args:
        created: duplicates created in the period and confirmed.
        registrations: registrations in the period.

    Returns:
        The rate, from 0.0 to 1.0 (0.0 when there were no registrations).

    Raises:
        ValueError: a count is negative, or ``created`` exceeds ``registrations``.

    >>> duplicate_creation_rate(12, registrations=1500)
    0.008
    """
    made = _count("created", created)
    total = _count("registrations", registrations)
    if made > total:
        msg = "created: more duplicates than registrations"
        raise ValueError(msg)
    return made / total if total else 0.0


def overlay_rate(groups: Iterable[Iterable[str]], person: Mapping[str, str]) -> float:
    """The overlay rate: charts that hold more than one person, per chart.

    An overlay (AHIMA) is one medical record number holding two or more
    people's information. Here a chart is a group of record ids the MPI
    treats as one patient (e.g. :func:`clusters` of the auto-links); every
    record of ``person`` in no group is a chart of its own. The numerator is the
    number of charts whose records belong to two or more people according to
    ``person`` (record id -> the true person, e.g. from a review); the
    denominator is the number of charts.

    Args:
        groups: groups of record ids merged into one chart.
        person: the true person of every record.

    Returns:
        The rate, from 0.0 to 1.0 (0.0 with no records).

    Raises:
        ValueError: a grouped record id is missing from ``person``, or is in two groups.

    >>> person = {"1": "A", "2": "A", "3": "B", "4": "B", "5": "C"}
    >>> overlay_rate([{"1", "2"}, {"3", "4", "5"}], person)
    0.5
    """
    grouped: set[str] = set()
    charts = 0
    overlays = 0
    for group in groups:
        ids = set(group)
        if ids & grouped:
            msg = "groups: a record id is in two groups"
            raise ValueError(msg)
        grouped |= ids
        try:
            people = {person[x] for x in ids}
        except KeyError:
            msg = "groups: every record id must have a person"
            raise ValueError(msg) from None
        charts += 1
        overlays += len(people) > 1
    charts += sum(1 for x in person if x not in grouped)
    return overlays / charts if charts else 0.0
