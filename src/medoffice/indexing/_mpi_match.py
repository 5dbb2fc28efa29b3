"""Record linkage for the master patient index: blocking, Fellegi-Sunter scoring, clustering.

Every piece is a pure, picklable, top-level function of plain values, so that a
distributed engine can run them unchanged: :func:`blocking_keys` of one record,
:func:`score_pair` of one candidate pair, :func:`clusters` of the scored pairs.
:func:`find_duplicates` strings them together on one machine.
"""

from __future__ import annotations

import enum
import functools
import itertools
import math
import operator
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs

from medoffice._values import name_sequences
from medoffice.indexing._mpi_record import Features, PatientRecord, features
from medoffice.indexing._nicknames import NICKNAMES
from medoffice.indexing._text import given_name_keys, jaro_winkler

__all__ = [
    "Band",
    "FieldModel",
    "FieldScore",
    "Match",
    "Model",
    "NameFrequencies",
    "blocking_keys",
    "clusters",
    "estimate_model",
    "find_duplicates",
    "name_frequencies",
    "score_pair",
]


class Band(enum.Enum):
    """The decision band of a scored pair.

    >>> Band("review"), Band.LINK.value
    (<Band.REVIEW: 'review'>, 'link')
    """

    #: At or above the model's ``link`` threshold: the same patient, linked without review.
    LINK = "link"
    #: Between the ``review`` and ``link`` thresholds: a person must decide.
    REVIEW = "review"


#: The compared fields and their agreement levels, best first. Level 0 (not
#: listed) is "missing": one side or both have no usable value; it weighs 0.
LEVELS: dict[str, tuple[str, ...]] = {
    "family": ("exact", "alias", "part", "close", "similar", "changed", "different"),
    "given": ("exact", "nickname", "close", "similar", "initial", "different"),
    "middle": ("exact", "initial", "different"),
    "suffix": ("same", "different"),
    "sex": ("same", "different"),
    "birth_date": ("exact", "day_month", "transposed", "one_digit", "different"),
    "ssn": ("exact", "last_four", "transposed", "one_digit", "different"),
    "contact": ("phone_and_address", "phone", "address", "similar_address", "zip", "different"),
    "email": ("same", "different"),
}
FIELDS: tuple[str, ...] = tuple(LEVELS)

# Default m = P(level | same patient) and u = P(level | different patients), per level.
_DEFAULT_M: dict[str, tuple[float, ...]] = {
    "family": (0.80, 0.04, 0.03, 0.03, 0.02, 0.05, 0.03),
    "given": (0.80, 0.06, 0.05, 0.03, 0.01, 0.05),
    "middle": (0.65, 0.28, 0.07),
    "suffix": (0.98, 0.02),
    "sex": (0.98, 0.02),
    "birth_date": (0.868, 0.06, 0.03, 0.04, 0.002),
    "ssn": (0.909, 0.04, 0.015, 0.035, 0.001),
    "contact": (0.42, 0.14, 0.17, 0.04, 0.08, 0.15),
    "email": (0.95, 0.05),
}
_DEFAULT_U: dict[str, tuple[float, ...]] = {
    "family": (0.002, 0.0005, 0.0005, 0.002, 0.01, 0.24, 0.745),
    "given": (0.01, 0.001, 0.003, 0.01, 0.03, 0.946),
    "middle": (0.02, 0.06, 0.92),
    "suffix": (0.95, 0.05),
    "sex": (0.5, 0.5),
    "birth_date": (0.00004, 0.00002, 0.0001, 0.0008, 0.999),
    "ssn": (1e-7, 1e-4, 1e-6, 1e-5, 0.9999),
    "contact": (1e-5, 1e-4, 2e-4, 5e-4, 0.03, 0.97),
    "email": (0.03, 0.97),
}


def _probabilities(value: object) -> tuple[float, ...]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        msg = "m and u: must be sequences of probabilities"
        raise TypeError(msg)
    out = tuple(float(x) for x in value)
    if not all(0.0 < x < 1.0 for x in out):
        msg = "m and u: every probability must be strictly between 0 and 1"
        raise ValueError(msg)
    return out


@attrs.frozen(kw_only=True, field_transformer=name_sequences)
class FieldModel:
    """The m and u probabilities of one compared field, one pair per agreement level.

    Attributes:
        field: one of the compared fields (``family``, ``given``, ``middle``,
            ``suffix``, ``sex``, ``birth_date``, ``ssn``, ``contact``, ``email``).
        m: P(level | same patient) for each level of ``LEVELS[field]``, best first.
        u: P(level | different patients), same order.

    >>> FieldModel(field="sex", m=(0.98, 0.02), u=(0.5, 0.5)).weights()
    (0.970..., -4.643...)
    """

    field: str = attrs.field()
    m: tuple[float, ...] = attrs.field(converter=_probabilities)
    u: tuple[float, ...] = attrs.field(converter=_probabilities)

    @field.validator
    def _check_field(self, _attribute: attrs.Attribute[Any], value: str) -> None:
        if value not in LEVELS:
            msg = f"field: must be one of {', '.join(FIELDS)}"
            raise ValueError(msg)

    def __attrs_post_init__(self) -> None:
        size = len(LEVELS[self.field])
        if len(self.m) != size or len(self.u) != size:
            msg = f"m and u: {self.field} needs one probability per level ({size})"
            raise ValueError(msg)

    def weights(self) -> tuple[float, ...]:
        """``log2(m / u)`` per level, best level first.

        >>> FieldModel(field="email", m=(0.5, 0.5), u=(0.25, 0.75)).weights()
        (1.0, -0.584...)
        """
        return tuple(math.log2(m / u) for m, u in zip(self.m, self.u, strict=True))


def _default_fields() -> tuple[FieldModel, ...]:
    return tuple(FieldModel(field=f, m=_DEFAULT_M[f], u=_DEFAULT_U[f]) for f in FIELDS)


def _field_models(value: object) -> tuple[FieldModel, ...]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        msg = "fields: must be a sequence of FieldModel"
        raise TypeError(msg)
    items = tuple(value)
    if not all(isinstance(item, FieldModel) for item in items):
        msg = "fields: must be a sequence of FieldModel"
        raise TypeError(msg)
    if sorted(item.field for item in items) != sorted(FIELDS):
        msg = f"fields: must hold each of {', '.join(FIELDS)} exactly once"
        raise ValueError(msg)
    order = {name: i for i, name in enumerate(FIELDS)}
    return tuple(sorted(items, key=lambda item: order[item.field]))


def _finite(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
        msg = f"{attribute.name}: must be a finite number"
        raise TypeError(msg)


#: Default upper threshold (total weight, in bits) of the auto-link band.
LINK_THRESHOLD = 23.0
#: Default lower threshold of the clerical-review band.
REVIEW_THRESHOLD = 15.0


@attrs.frozen(kw_only=True, cache_hash=True)
class Model:
    """Fellegi-Sunter weights and decision thresholds.

    Attributes:
        fields: one :class:`FieldModel` per compared field (the defaults when omitted).
        link: a pair scoring at least this (total weight in bits) is auto-linked.
        review: a pair scoring at least this, and below ``link``, goes to clerical review.
        twin_weight: added when two records look like twins (same birth date and
            family name, different given names or sexes, SSNs not equal).
        generation_weight: added when two records look like a Jr./Sr. pair or
            relatives (suffixes JR/SR or II/III differ; or the birth dates differ
            beyond any typo and either the birth years are 12 or more apart or the
            two share family name and household (phone or address); SSNs not equal).
        value_specific: weigh an exact family or given name by its frequency in
            the data (a rare surname counts more than SMITH).

    >>> model = Model.default()
    >>> model.link, model.review
    (23.0, 15.0)
    """

    fields: tuple[FieldModel, ...] = attrs.field(factory=_default_fields, converter=_field_models)
    link: float = attrs.field(default=LINK_THRESHOLD, validator=_finite, converter=float)
    review: float = attrs.field(default=REVIEW_THRESHOLD, validator=_finite, converter=float)
    twin_weight: float = attrs.field(default=-30.0, validator=_finite, converter=float)
    generation_weight: float = attrs.field(default=-30.0, validator=_finite, converter=float)
    value_specific: bool = attrs.field(default=True, validator=attrs.validators.instance_of(bool))

    def __attrs_post_init__(self) -> None:
        if self.review > self.link:
            msg = "review: must not be above link"
            raise ValueError(msg)

    @classmethod
    def default(cls) -> Model:
        """The default model (documented m and u, thresholds 23 and 15).

        >>> Model.default() == Model()
        True
        """
        return cls()

    def field(self, name: str) -> FieldModel:
        """The :class:`FieldModel` of ``name``.

        >>> Model().field("sex").m[0]
        0.98
        """
        for item in self.fields:
            if item.field == name:
                return item
        msg = f"name: not a compared field (one of {', '.join(FIELDS)})"
        raise KeyError(msg)

    def band(self, score: float) -> Band | None:
        """The band of a total weight, or None below the review threshold.

        >>> Model().band(30.0), Model().band(16.0), Model().band(3.0)
        (<Band.LINK: 'link'>, <Band.REVIEW: 'review'>, None)
        """
        if score >= self.link:
            return Band.LINK
        if score >= self.review:
            return Band.REVIEW
        return None


@attrs.frozen(kw_only=True)
class FieldScore:
    """One line of a match's explanation: a field, its agreement level and its weight.

    Attributes:
        field: the compared field, or ``twin`` / ``generation`` for a non-match signal.
        level: the agreement level (``exact``, ``nickname``, ``one_digit`` ...);
            ``swapped-`` in front when given and family names were swapped.
        weight: the weight it adds to the score (bits; negative for disagreement).

    >>> FieldScore(field="sex", level="same", weight=0.97)
    FieldScore(field='sex', level='same', weight=0.97)
    """

    field: str = attrs.field(validator=attrs.validators.instance_of(str))
    level: str = attrs.field(validator=attrs.validators.instance_of(str))
    weight: float = attrs.field(converter=float, validator=_finite)


def field_scores(value: Iterable[FieldScore]) -> tuple[FieldScore, ...]:
    """An explanation as a tuple of :class:`FieldScore` (the converter of ``fields``).

    >>> field_scores([FieldScore(field="sex", level="same", weight=1.0)])[0].level
    'same'
    """
    items: tuple[object, ...] = tuple(value)
    for item in items:
        if not isinstance(item, FieldScore):
            msg = f"fields: every item must be a FieldScore, not {type(item).__name__}"
            raise TypeError(msg)
    return items  # type: ignore[return-value]  # every item was checked


@attrs.frozen(kw_only=True, field_transformer=name_sequences)
class Match:
    """A scored pair of records: ids, total weight, band and the per-field explanation.

    Attributes:
        left: the smaller record id.
        right: the larger record id.
        score: the total weight (the sum of the ``fields`` weights).
        band: LINK or REVIEW; None for a pair below the review threshold
            (only :func:`score_pair` returns those).
        fields: the explanation, one :class:`FieldScore` per field that was
            present on both sides, plus any non-match signal.

    >>> a = PatientRecord(id="1", family="Lee", given="Ann", birth_date="1990-01-02")
    >>> m = score_pair(a, attrs.evolve(a, id="2"))
    >>> m.band, [f.field for f in m.fields]
    (<Band.LINK: 'link'>, ['family', 'given', 'birth_date'])
    """

    left: str = attrs.field(validator=attrs.validators.instance_of(str))
    right: str = attrs.field(validator=attrs.validators.instance_of(str))
    score: float = attrs.field(converter=float, validator=_finite)
    band: Band | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(Band))
    )
    fields: tuple[FieldScore, ...] = attrs.field(default=(), converter=field_scores)


def _counts(value: object) -> tuple[tuple[str, int], ...]:
    if isinstance(value, Mapping):
        value = value.items()
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        msg = "counts: must be (name, count) pairs"
        raise TypeError(msg)
    out = []
    for item in value:
        if not isinstance(item, (tuple, list)) or len(item) != 2:
            msg = "counts: must be (name, count) pairs"
            raise TypeError(msg)
        name, count = item
        if not isinstance(name, str) or not isinstance(count, int) or count < 0:
            msg = "counts: each pair is a name (str) and a count (int >= 0)"
            raise TypeError(msg)
        out.append((name, count))
    return tuple(sorted(out))


@attrs.frozen(kw_only=True, cache_hash=True, field_transformer=name_sequences)
class NameFrequencies:
    """How often each folded family and given name occurs: the value-specific u.

    Built by :func:`name_frequencies`; pass it to :func:`score_pair` so that each
    worker of a distributed run weighs names as the whole data set does.

    Attributes:
        total: the number of records counted.
        family: (folded family name, count) pairs, sorted.
        given: (folded given name, count) pairs, sorted.

    >>> name_frequencies([PatientRecord(id="1", family="Lee")]).family
    (('LEE', 1),)
    """

    total: int = attrs.field(default=0, validator=attrs.validators.instance_of(int))
    family: tuple[tuple[str, int], ...] = attrs.field(default=(), converter=_counts, repr=False)
    given: tuple[tuple[str, int], ...] = attrs.field(default=(), converter=_counts, repr=False)


def name_frequencies(records: Iterable[PatientRecord]) -> NameFrequencies:
    """Count the folded family and given names of ``records``.

    Args:
        records: the records (any order: the result is the same).

    Returns:
        The counts.

    >>> freq = name_frequencies([PatientRecord(id="1", family="Lee", given="Ann"),
    ...                          PatientRecord(id="2", family="LEE")])
    >>> freq.total, freq.family, freq.given
    (2, (('LEE', 2),), (('ANN', 1),))
    """
    return _frequencies([features(record) for record in records])


def _frequencies(feats: Sequence[Features]) -> NameFrequencies:
    family: dict[str, int] = defaultdict(int)
    given: dict[str, int] = defaultdict(int)
    for f in feats:
        if f.family:
            family[f.family] += 1
        if f.given:
            given[f.given] += 1
    return NameFrequencies(total=len(feats), family=family, given=given)


# -- comparison ------------------------------------------------------------------------------

_U_FLOOR = 2e-4


class _Scorer:
    """Weights of a model, laid out for fast lookups (level code -> weight)."""

    __slots__ = (
        "established",
        "family_counts",
        "family_exact_m",
        "family_exact_u",
        "given_counts",
        "given_exact_m",
        "given_exact_u",
        "model",
        "names_max",
        "total",
        "weights",
    )

    def __init__(self, model: Model, frequencies: NameFrequencies | None) -> None:
        self.model = model
        self.weights = {item.field: (0.0, *item.weights()) for item in model.fields}
        self.family_exact_m = model.field("family").m[0]
        self.family_exact_u = model.field("family").u[0]
        self.given_exact_m = model.field("given").m[0]
        self.given_exact_u = model.field("given").u[0]
        use = frequencies is not None and model.value_specific
        self.family_counts = dict(frequencies.family) if use and frequencies else {}
        self.given_counts = dict(frequencies.given) if use and frequencies else {}
        self.total = frequencies.total if use and frequencies else 0
        # Given names common enough in the data to be real names, not typos.
        floor = max(3, self.total * 0.0002)
        self.established = frozenset(
            name for name, count in (frequencies.given if frequencies else ()) if count >= floor
        )
        self.names_max = max(
            *self.weights["family"], math.log2(self.family_exact_m / _U_FLOOR)
        ) + max(*self.weights["given"], math.log2(self.given_exact_m / _U_FLOOR))

    def exact_weight(self, name: str, *, family: bool) -> float:
        counts = self.family_counts if family else self.given_counts
        m = self.family_exact_m if family else self.given_exact_m
        u0 = self.family_exact_u if family else self.given_exact_u
        if not self.total:
            return math.log2(m / u0)
        count = counts.get(name, 0)
        u = (count + 1) / (self.total + 1 / u0)
        return math.log2(m / max(u, _U_FLOOR))


@functools.lru_cache(maxsize=16)
def _scorer(model: Model, frequencies: NameFrequencies | None) -> _Scorer:
    return _Scorer(model, frequencies)


@functools.lru_cache(maxsize=262144)
def _jw(a: str, b: str) -> float:
    return jaro_winkler(a, b)


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by one substitution, insertion, deletion or swap."""
    la, lb = len(a), len(b)
    if abs(la - lb) > 1 or a == b:
        return False
    i = 0
    while i < min(la, lb) and a[i] == b[i]:
        i += 1
    if la == lb:
        return a[i + 1 :] == b[i + 1 :] or (
            i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
        )
    return a[i + 1 :] == b[i:] if la > lb else a[i:] == b[i + 1 :]


def _family_level(a: Features, b: Features) -> int:
    if not a.family or not b.family:
        return 0
    if a.family == b.family:
        return 1
    if a.families & b.families:
        return 2
    if a.family_parts & b.family_parts:
        return 3
    jw = _jw(a.family, b.family)
    if jw >= 0.94:
        return 4
    if jw >= 0.88 or _one_edit(a.family, b.family):
        return 5
    # Different, between two women: a surname changed by marriage weighs less.
    return 6 if a.sex == "F" and b.sex == "F" else 7


def _given_level(a: Features, b: Features) -> int:
    if not a.given or not b.given:
        return 0
    if a.given == b.given:
        return 1
    if a.given_keys & b.given_keys:
        return 2
    jw = _jw(a.given, b.given)
    if jw >= 0.94:
        return 3
    if jw >= 0.88 or _one_edit(a.given, b.given):
        return 4
    if (len(a.given) == 1 or len(b.given) == 1) and a.given[0] == b.given[0]:
        return 5
    if len(a.given_keys) > 1 or len(b.given_keys) > 1:
        # A misspelt nickname or formal name: close to one of the other's keys.
        for x in a.given_keys:
            for y in b.given_keys:
                if _jw(x, y) >= 0.94 or _one_edit(x, y):
                    return 4
    return 6


def _middle_level(a: str, b: str) -> int:
    if not a or not b:
        return 0
    if a == b:
        return 1
    if (len(a) == 1 or len(b) == 1) and a[0] == b[0]:
        return 2
    return 3


def _digits_level(a: str, b: str) -> int:
    """1 exact, 2 adjacent transposition, 3 one digit different, 4 different (same length)."""
    if a == b:
        return 1
    differ = sum(map(operator.ne, a, b))
    if differ == 1:
        return 3
    if differ == 2:
        i = next(k for k in range(len(a)) if a[k] != b[k])
        if a[i] == b[i + 1] and a[i + 1] == b[i]:
            return 2
    return 4


_DOB_LEVELS = (0, 1, 3, 4, 5)
_SSN_LEVELS = (0, 1, 3, 4, 5)


def _dob_level(a: Features, b: Features) -> int:
    if not a.dob or not b.dob:
        return 0
    if a.dob == b.dob:
        return 1
    if a.dob[:4] != b.dob[:4] and a.dob[4:] != b.dob[4:]:
        return 5  # typos stay within the year, the month or the day
    x, y = a.birth_date, b.birth_date
    if (
        x is not None
        and y is not None
        and x.year == y.year
        and x.month == y.day
        and x.day == y.month
    ):
        return 2
    return _DOB_LEVELS[_digits_level(a.dob, b.dob)]


def _ssn_level(a: Features, b: Features) -> int:
    if a.ssn and b.ssn:
        return _SSN_LEVELS[_digits_level(a.ssn, b.ssn)]
    if a.ssn4 and b.ssn4:
        return 2 if a.ssn4 == b.ssn4 else 5
    return 0


def _contact_level(a: Features, b: Features) -> int:
    phone = 0
    if a.phone and b.phone:
        phone = 1 if a.phone == b.phone else 2
    address = 0
    if a.street and b.street:
        if a.street == b.street and (a.zip == b.zip or not a.zip or not b.zip):
            address = 1
        elif a.house and a.house == b.house and _jw(a.street, b.street) >= 0.9:
            address = 2
        elif a.zip and a.zip == b.zip:
            address = 3
        else:
            address = 4
    elif a.zip and b.zip:
        address = 3 if a.zip == b.zip else 4
    if phone == 1:
        return 1 if address == 1 else 2
    if address == 1:
        return 3
    if address == 2:
        return 4
    if address == 3:
        return 5
    if phone or address:
        return 6
    return 0


def _name_levels(a: Features, b: Features) -> tuple[int, int, bool]:
    family = _family_level(a, b)
    given = _given_level(a, b)
    if family <= 2 and given <= 2:
        return family, given, False
    if not (a.family and b.given and a.family[0] == b.given[0]) and not (
        a.given and b.family and a.given[0] == b.family[0]
    ):
        return family, given, False
    swapped = b._replace(
        family=b.given,
        families=frozenset((b.given,)) if b.given else frozenset(),
        family_parts=frozenset(),
        given=b.family,
        given_keys=given_name_keys(b.family) if b.family else frozenset(),
    )
    s_family = _family_level(a, swapped)
    s_given = _given_level(a, swapped)
    if s_family and s_given and s_family + s_given + 2 <= family + given:
        return s_family, s_given, True
    return family, given, False


_GENERATIONAL = frozenset({"JR", "SR", "II", "III", "IV"})

_Levels = tuple[int, int, int, int, int, int, int, int, int, bool, bool, bool]


def _misspelt_nickname(x: str, y: str) -> bool:
    """Whether ``x`` is one slip away from a nickname of one of ``y``'s formal names."""
    for key in given_name_keys(y):
        for nick in NICKNAMES.get(key, ()):
            if _one_edit(x, nick):
                return True
    return False


def _different_people(x: str, y: str, level: int, sex: int, known: frozenset[str]) -> bool:
    """Twins: two real given names ``x``, ``y`` (or sexes) that no typo or nickname explains."""
    if level <= 2:
        return False
    if sex == 2 or (x in known and y in known):
        return True
    return level == 6 and not (_misspelt_nickname(x, y) or _misspelt_nickname(y, x))


# A family-name level read as a given-name level (exact, alias ~ nickname, part
# and close ~ close, similar, changed and different ~ different).
_FAMILY_AS_GIVEN = (0, 1, 2, 3, 3, 4, 6, 6)


def _twins(
    a: Features, b: Features, levels: tuple[int, int, bool], sex: int, known: frozenset[str]
) -> bool:
    """Same family name (the better-agreeing name when swapped), different given names."""
    family, given, swapped = levels
    if not swapped:
        return 1 <= family <= 5 and _different_people(a.given, b.given, given, sex, known)
    if family <= given:  # a.family ~ b.given are the family names
        return 1 <= family <= 5 and _different_people(a.given, b.family, given, sex, known)
    as_given = _FAMILY_AS_GIVEN[family]
    return 1 <= given <= 5 and _different_people(a.family, b.given, as_given, sex, known)


def _levels(a: Features, b: Features, known: frozenset[str]) -> _Levels:
    family, given, swapped = _name_levels(a, b)
    middle = _middle_level(a.middle, b.middle)
    suffix = 0
    if a.suffix and b.suffix:
        suffix = 1 if a.suffix == b.suffix else 2
    sex = 0
    if a.sex and b.sex:
        sex = 1 if a.sex == b.sex else 2
    dob = _dob_level(a, b)
    ssn = _ssn_level(a, b)
    contact = _contact_level(a, b)
    email = 0
    if a.email and b.email:
        email = 1 if a.email == b.email else 2
    twin = generation = False
    if ssn != 1:
        if 1 <= dob <= 4:
            twin = _twins(a, b, (family, given, swapped), sex, known) or (
                ssn == 5 and given >= 2 and not swapped and 1 <= family <= 5
            )
        conflict = suffix == 2 and a.suffix in _GENERATIONAL and b.suffix in _GENERATIONAL
        if conflict and dob != 1:
            generation = True
        elif dob == 5 and a.birth_date is not None and b.birth_date is not None:
            years = abs(a.birth_date.year - b.birth_date.year)
            # A generation apart, or relatives of one household (same family name,
            # phone or address) whose birth dates differ beyond any typo.
            generation = years >= 12 or (1 <= family <= 5 and 1 <= contact <= 4)
    return (family, given, middle, suffix, sex, dob, ssn, contact, email, swapped, twin, generation)


def _name_weight(scorer: _Scorer, level: int, x: str, y: str, *, family: bool) -> float:
    """The weight of a name level: exact by frequency; partial never above exact."""
    if level == 1:
        return scorer.exact_weight(x, family=family)
    weight: float = scorer.weights["family" if family else "given"][level]
    if level <= 5 and scorer.total:
        return min(
            weight, scorer.exact_weight(x, family=family), scorer.exact_weight(y, family=family)
        )
    return weight


def _total(scorer: _Scorer, a: Features, b: Features, levels: _Levels) -> float:
    w = scorer.weights
    family, given, middle, suffix, sex, dob, ssn, contact, email, swapped, twin, generation = levels
    total = (
        w["middle"][middle]
        + w["suffix"][suffix]
        + w["sex"][sex]
        + w["birth_date"][dob]
        + w["ssn"][ssn]
        + w["contact"][contact]
        + w["email"][email]
    )
    if family:
        total += _name_weight(
            scorer, family, a.family, b.given if swapped else b.family, family=True
        )
    if given:
        total += _name_weight(
            scorer, given, a.given, b.family if swapped else b.given, family=False
        )
    if twin:
        total += scorer.model.twin_weight
    if generation:
        total += scorer.model.generation_weight
    return total


def _bound(scorer: _Scorer, a: Features, b: Features) -> float:
    """An upper bound of the pair's score from the cheap fields, names at their best."""
    w = scorer.weights
    total = scorer.names_max + w["middle"][_middle_level(a.middle, b.middle)]
    if a.suffix and b.suffix:
        total += w["suffix"][1 if a.suffix == b.suffix else 2]
    if a.sex and b.sex:
        total += w["sex"][1 if a.sex == b.sex else 2]
    if a.email and b.email:
        total += w["email"][1 if a.email == b.email else 2]
    return (
        total
        + w["birth_date"][_dob_level(a, b)]
        + w["ssn"][_ssn_level(a, b)]
        + w["contact"][_contact_level(a, b)]
    )


def _explain(scorer: _Scorer, a: Features, b: Features, levels: _Levels) -> tuple[FieldScore, ...]:
    w = scorer.weights
    swapped, twin, generation = levels[9], levels[10], levels[11]
    out: list[FieldScore] = []
    for name, level in zip(FIELDS, levels[:9], strict=True):
        if not level:
            continue
        label = LEVELS[name][level - 1]
        weight = w[name][level]
        if name == "family":
            other = b.given if swapped else b.family
            weight = _name_weight(scorer, level, a.family, other, family=True)
        elif name == "given":
            other = b.family if swapped else b.given
            weight = _name_weight(scorer, level, a.given, other, family=False)
        if swapped and name in {"family", "given"}:
            label = "swapped-" + label
        out.append(FieldScore(field=name, level=label, weight=weight))
    if twin:
        out.append(FieldScore(field="twin", level="signal", weight=scorer.model.twin_weight))
    if generation:
        out.append(
            FieldScore(field="generation", level="signal", weight=scorer.model.generation_weight)
        )
    return tuple(out)


def _match(scorer: _Scorer, a: Features, b: Features, levels: _Levels) -> Match:
    fields = _explain(scorer, a, b, levels)
    score = math.fsum(f.weight for f in fields)
    left, right = (a.id, b.id) if a.id < b.id else (b.id, a.id)
    return Match(
        left=left, right=right, score=score, band=_band(scorer.model, score, levels), fields=fields
    )


#: The family level of two women's different surnames (a name changed by marriage).
_CHANGED = LEVELS["family"].index("changed") + 1


def _corroborated(levels: _Levels) -> bool:
    """Whether something besides names and birth date backs a pair: see :func:`_band`."""
    middle, ssn, contact, email = levels[2], levels[6], levels[7], levels[8]
    if middle == 3:  # two middle names that contradict each other
        return False
    return 1 <= contact <= 4 or 1 <= ssn <= 4 or email == 1 or middle in {1, 2}


def _band(model: Model, score: float, levels: _Levels) -> Band | None:
    """The band of a pair, by its score and the rules that keep a LINK in review.

    No auto-link without a name compared (names without a letter A-Z fold to
    nothing, so two people whose names are written in another script are never
    merged on their birth date and address alone). No auto-link across
    different suffixes (Jr. and Sr. share a name and often an address; a
    father and son born on one date is rare but not a duplicate). No auto-link
    without a birth date or an SSN compared. And no auto-link of
    two women whose surnames differ (the ``changed`` family level) unless
    something other than the names and the birth date corroborates it: a
    phone or street address in common, agreeing SSNs (exact, last four or one
    typo apart), the same e-mail or agreeing middle names (exact or initial),
    with no contradicting middle names: without it, two different women of
    one given name and birth date look just like a maiden-name duplicate. The
    score is left as it is (the explanation still sums to it); only the band
    changes.
    """
    band = model.band(score)
    if band is not Band.LINK:
        return band
    if not levels[0] and not levels[1]:  # no name compared (missing, or no Latin letters)
        return Band.REVIEW
    if levels[3] == 2:  # different suffixes: Jr. and Sr., II and III
        return Band.REVIEW
    if not levels[5] and not levels[6]:
        return Band.REVIEW
    if levels[0] == _CHANGED and not _corroborated(levels):
        return Band.REVIEW
    return band


def score_pair(
    left: PatientRecord,
    right: PatientRecord,
    *,
    model: Model | None = None,
    frequencies: NameFrequencies | None = None,
) -> Match:
    """Score one candidate pair: per-field levels, weights, total and band.

    Pure and picklable: a distributed engine can call it on any worker. The
    score does not depend on which record is ``left``.

    The band follows the score (:meth:`Model.band`), except that these rules
    keep a pair that scores a LINK in REVIEW, score unchanged: neither its
    family nor its given names were compared (missing, or written without a
    letter A-Z); its suffixes differ (Jr. and Sr.); neither its
    birth dates nor its SSNs were compared (present on both sides); or its family
    names are at the ``changed`` level (two women, different surnames) and
    nothing besides the names and the birth date corroborates it: no phone or
    street address in common (``contact`` ``similar_address`` or better), no
    agreeing SSN (``one_digit`` or better), no shared e-mail and no agreeing
    middle name (exact or initial); or the middle names contradict each other.
    A maiden name listed in ``previous_family`` makes the family level
    ``alias``, which needs nothing more.

    Args:
        left: one record.
        right: the other record.
        model: the weights and thresholds (:meth:`Model.default` when omitted).
        frequencies: name counts of the whole data set for value-specific weights
            (:func:`name_frequencies`); without them every exact name weighs the
            model's ``log2(m/u)``.

    Returns:
        The :class:`Match`, whatever its score (``band`` is None below review).

    >>> a = PatientRecord(id="1", family="Smith", given="William", birth_date="1970-03-04")
    >>> b = PatientRecord(id="2", family="Smith", given="Bill", birth_date="1970-04-03")
    >>> m = score_pair(a, b)
    >>> [(f.field, f.level) for f in m.fields], m.band
    ([('family', 'exact'), ('given', 'nickname'), ('birth_date', 'day_month')], <Band.LINK: 'link'>)
    >>> freq = NameFrequencies(total=100_000, given={"ADAEZE": 2})
    >>> maiden = PatientRecord(id="3", family="Okafor", given="Adaeze", sex="F",
    ...                        birth_date="1984-09-30", zip="62701")
    >>> married = attrs.evolve(maiden, id="4", family="Lindqvist")
    >>> m = score_pair(maiden, married, frequencies=freq)
    >>> m.fields[0].level, m.score >= Model().link, m.band
    ('changed', True, <Band.REVIEW: 'review'>)
    >>> phone = {"phone": "217-555-0101"}
    >>> score_pair(attrs.evolve(maiden, **phone), attrs.evolve(married, **phone),
    ...            frequencies=freq).band
    <Band.LINK: 'link'>
    """
    scorer = _scorer(model or _DEFAULT_MODEL, frequencies)
    a, b = features(left), features(right)
    if b.id < a.id:
        a, b = b, a
    return _match(scorer, a, b, _levels(a, b, scorer.established))


_DEFAULT_MODEL = Model()


# -- blocking --------------------------------------------------------------------------------


def _feature_keys(f: Features) -> set[str]:
    keys: set[str] = set()
    if f.dob:
        keys.add("d" + f.dob)
    if f.ssn:
        keys.add("s" + f.ssn)
    if f.phone:
        keys.add("p" + f.phone)
    if f.zip and f.house:
        keys.add(f"a{f.zip} {f.house} {f.street[len(f.house) + 1 : len(f.house) + 2]}")
    if f.email:
        keys.add("e" + f.email)
    given_initials = {key[0] for key in f.given_keys}
    family_code = f.family_soundex
    if family_code:
        keys.update(f"n{family_code}{initial}" for initial in given_initials)
        for code in f.given_soundexes:
            keys.add(f"w{min(code, family_code)}{max(code, family_code)}")
    return keys


def blocking_keys(record: PatientRecord) -> frozenset[str]:
    """The blocking keys of one record: two records are compared when they share one.

    Passes (each key starts with its pass's letter): ``d`` birth date; ``s``
    valid SSN; ``p`` real phone; ``a`` ZIP, house number and the street's first
    letter; ``e`` e-mail;
    ``n`` Soundex of the family name and the initial of the given name (and of
    every formal name it is a nickname of); ``w`` the two names' Soundex codes
    in sorted order (so swapped names still meet). Blocks of more than
    ``BLOCK_CAP`` records are compared within a sliding window over two sort
    orders. Keys are text so that a distributed engine can group by them.

    Args:
        record: the record.

    Returns:
        Its keys.

    >>> sorted(blocking_keys(PatientRecord(id="1", family="Lee", given="Bill",
    ...                                    birth_date="1990-01-02")))
    ['d19900102', 'nL000B', 'nL000W', 'wB400L000', 'wL000W450']
    """
    return frozenset(_feature_keys(features(record)))


#: Blocks larger than this are compared within a sorted window instead of all pairs.
BLOCK_CAP = 80
_WINDOW = 6


def _block_pairs(members: list[int], feats: Sequence[Features], size: int) -> Iterable[int]:
    """Candidate pairs of one block as ``i * size + j`` (``i < j``, members ascending)."""
    count = len(members)
    if count <= BLOCK_CAP:
        for x in range(count - 1):
            base = members[x] * size
            for y in range(x + 1, count):
                yield base + members[y]
        return
    for order in (
        sorted(members, key=lambda i: (feats[i].family, feats[i].given, feats[i].dob)),
        sorted(members, key=lambda i: (feats[i].given, feats[i].dob, feats[i].family)),
    ):
        for x in range(count):
            i = order[x]
            for y in range(x + 1, min(x + 1 + _WINDOW, count)):
                j = order[y]
                yield i * size + j if i < j else j * size + i


def _candidates(feats: Sequence[Features]) -> list[int]:
    """Every candidate pair as ``i * len(feats) + j`` with ``i < j``, in a fixed order."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(feats):
        for key in _feature_keys(f):
            blocks[key].append(i)
    size = len(feats)
    pairs: set[int] = set()
    for members in blocks.values():
        if len(members) > 1:
            pairs.update(_block_pairs(members, feats, size))
    return sorted(pairs)


def _records(records: Iterable[object]) -> list[PatientRecord]:
    items = list(records)
    for item in items:
        if not isinstance(item, PatientRecord):
            msg = f"records: every item must be a PatientRecord, not {type(item).__name__}"
            raise TypeError(msg)
    return items  # type: ignore[return-value]  # every item was checked


def _sorted_features(records: Iterable[PatientRecord]) -> list[Features]:
    items = _records(records)
    items.sort(key=lambda r: r.id)
    for x, y in itertools.pairwise(items):
        if x.id == y.id:
            msg = "records: record ids must be unique"
            raise ValueError(msg)
    return [features(r) for r in items]


def find_duplicates(
    records: Iterable[PatientRecord],
    *,
    model: Model | None = None,
    progress: Callable[[int, int], object] | None = None,
) -> tuple[Match, ...]:
    """Every candidate pair in the auto-link or clerical-review band.

    Records are blocked on several keys (:func:`blocking_keys`), each candidate
    pair is scored (:func:`score_pair`, with name frequencies counted over
    ``records``), and the pairs at or above the review threshold are returned
    (a pair is auto-linked only if its birth dates or SSNs were compared, and
    two women with different surnames only with corroboration: see
    :func:`score_pair`),
    sorted by ``(left, right)``. The result does not depend on the order of
    ``records``.

    Args:
        records: the records; ids must be unique.
        model: weights and thresholds (:meth:`Model.default` when omitted).
        progress: called as ``progress(done, total)`` with the number of
            candidate pairs scored so far, now and then and once at the end.

    Returns:
        The matches.

    Raises:
        ValueError: two records share an id.
        TypeError: an item is not a :class:`PatientRecord`.

    >>> rows = [PatientRecord(id="1", family="Smith", given="Peggy", birth_date="1950-06-07"),
    ...         PatientRecord(id="2", family="SMITH", given="Margaret", birth_date="1950-06-07",
    ...                       phone="217-555-0134"),
    ...         PatientRecord(id="3", family="Jones", given="Ann", birth_date="1950-06-07")]
    >>> [(m.left, m.right, m.band.value) for m in find_duplicates(rows)]
    [('1', '2', 'link')]
    """
    feats = _sorted_features(records)
    scorer = _scorer(model or _DEFAULT_MODEL, _frequencies(feats))
    pairs = _candidates(feats)
    size = len(feats)
    total = len(pairs)
    review = scorer.model.review
    out: list[Match] = []
    step = 20000
    for start in range(0, total, step):
        for pair in pairs[start : start + step]:
            i, j = divmod(pair, size)
            a, b = feats[i], feats[j]
            if _bound(scorer, a, b) < review:
                continue
            levels = _levels(a, b, scorer.established)
            if _total(scorer, a, b, levels) >= review - 1e-9:
                match = _match(scorer, a, b, levels)
                if match.band is not None:
                    out.append(match)
        if progress is not None:
            progress(min(start + step, total), total)
    if progress is not None and not total:
        progress(0, 0)
    return tuple(out)


_SIGNALS = frozenset({"twin", "generation"})


def clusters(matches: Iterable[Match]) -> tuple[frozenset[str], ...]:
    """Transitive groups of record ids over the auto-links, never across a twin or Jr./Sr. signal.

    The LINK-band matches are joined into connected components (review and
    unbanded matches are not links). Any match among ``matches`` that carries a
    twin or generation signal (whatever its band) keeps its two records apart:
    links are taken best score first (then by ids), and a link that would put
    two such records in one group is skipped. Without signals the groups are
    exactly the connected components. Groups of one are not listed. The result
    does not depend on the order of ``matches``.

    Args:
        matches: scored pairs, e.g. from :func:`find_duplicates` or :func:`score_pair`.

    Returns:
        The groups, sorted by their smallest id.

    >>> links = [Match(left="a", right="b", score=30, band=Band.LINK),
    ...          Match(left="b", right="c", score=28, band=Band.LINK),
    ...          Match(left="d", right="e", score=17, band=Band.REVIEW)]
    >>> [sorted(group) for group in clusters(links)]
    [['a', 'b', 'c']]
    >>> twins = Match(left="a", right="c", score=-5, fields=[FieldScore(field="twin", level="signal", weight=-30)])
    >>> [sorted(group) for group in clusters([*links, twins])]
    [['a', 'b']]
    """
    items = list(matches)
    apart: dict[str, set[str]] = defaultdict(set)
    links = []
    for match in items:
        if any(f.field in _SIGNALS for f in match.fields):
            apart[match.left].add(match.right)
            apart[match.right].add(match.left)
        elif match.band is Band.LINK:
            links.append(match)
    links.sort(key=lambda m: (-m.score, m.left, m.right))
    parent: dict[str, str] = {}
    members: dict[str, set[str]] = {}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for match in links:
        for x in (match.left, match.right):
            if x not in parent:
                parent[x] = x
                members[x] = {x}
        a, b = root(match.left), root(match.right)
        if a == b:
            continue
        if any(apart[x] & members[b] for x in members[a] if x in apart):
            continue
        keep, gone = min(a, b), max(a, b)
        parent[gone] = keep
        members[keep] |= members.pop(gone)
    return tuple(frozenset(members[key]) for key in sorted(members) if len(members[key]) > 1)


def _normalised(sums: list[float], previous: list[float]) -> list[float]:
    total = sum(sums)
    if total <= 0:
        return previous
    raw = [max(x / total, 1e-4) for x in sums]
    norm = sum(raw)
    return [min(x / norm, 1 - 1e-4) for x in raw]


def estimate_model(
    records: Iterable[PatientRecord],
    *,
    model: Model | None = None,
    iterations: int = 25,
    max_pairs: int = 200_000,
) -> Model:
    """Refine the m probabilities of ``model`` from unlabelled records by EM.

    The candidate pairs of :func:`find_duplicates` (every k-th one, in a fixed
    order, when there are more than ``max_pairs``) are compared field by field,
    and expectation-maximisation fits a two-class mixture (same patient or
    not) over the agreement patterns, starting from ``model``. Only the fitted
    m is kept: the fitted u describes blocked pairs, not random ones, so u
    stays the model's (and the value frequencies'). Every level keeps at least
    0.0001.

    Caution: where many records share a household (family name, address,
    phone), the class EM finds drifts toward "same household" and the fitted
    weights link relatives. Check the result on labelled pairs before using it
    instead of the default model, whose m values were set on such data. Deterministic and
    independent of the order of ``records``; thresholds are kept.

    Args:
        records: the records (unique ids).
        model: the starting model (:meth:`Model.default` when omitted).
        iterations: EM rounds.
        max_pairs: at most this many candidate pairs are used.

    Returns:
        The model with refined m.

    Raises:
        ValueError: two records share an id, or ``iterations`` / ``max_pairs`` is below 1.

    >>> rows = [PatientRecord(id=str(i), family=f, given=g, birth_date=d)
    ...         for i, (f, g, d) in enumerate([("Lee", "Ann", "1990-01-02"), ("Lee", "Ann", "1990-01-02"),
    ...                                        ("Lee", "Bo", "1990-01-02"), ("Ng", "Ann", "1990-01-02")])]
    >>> estimate_model(rows).field("birth_date").m[0] > 0.5
    True
    """
    counts: tuple[tuple[str, object], ...] = (("iterations", iterations), ("max_pairs", max_pairs))
    for name, number in counts:
        if not isinstance(number, int) or isinstance(number, bool):
            msg = f"{name}: must be a whole number, not {type(number).__name__}"
            raise TypeError(msg)
    if iterations < 1 or max_pairs < 1:
        msg = "iterations and max_pairs: must be at least 1"
        raise ValueError(msg)
    base = model or _DEFAULT_MODEL
    feats = _sorted_features(records)
    scorer = _scorer(base, _frequencies(feats))
    pairs = _candidates(feats)
    step = max(1, -(-len(pairs) // max_pairs))
    patterns: dict[tuple[int, ...], int] = defaultdict(int)
    size = len(feats)
    for pair in pairs[::step]:
        i, j = divmod(pair, size)
        patterns[_levels(feats[i], feats[j], scorer.established)[:9]] += 1
    if not patterns:
        return base
    ms = [list(item.m) for item in base.fields]
    us = [list(item.u) for item in base.fields]
    share = 0.01
    items = sorted(patterns.items())
    for _ in range(iterations):
        m_sums = [[0.0] * len(m) for m in ms]
        u_sums = [[0.0] * len(m) for m in ms]
        matched = 0.0
        count_sum = 0
        for pattern, count in items:
            pm, pu = share, 1.0 - share
            for k, level in enumerate(pattern):
                if level:
                    pm *= ms[k][level - 1]
                    pu *= us[k][level - 1]
            g = pm / (pm + pu) if pm + pu > 0 else 0.0
            matched += g * count
            count_sum += count
            for k, level in enumerate(pattern):
                if level:
                    m_sums[k][level - 1] += g * count
                    u_sums[k][level - 1] += (1.0 - g) * count
        share = min(max(matched / count_sum, 1e-6), 1 - 1e-6)
        ms = [_normalised(sums, m) for sums, m in zip(m_sums, ms, strict=True)]
        us = [_normalised(sums, u) for sums, u in zip(u_sums, us, strict=True)]
    fields = tuple(
        FieldModel(field=item.field, m=tuple(m), u=item.u)
        for item, m in zip(base.fields, ms, strict=True)
    )
    return attrs.evolve(base, fields=fields)
