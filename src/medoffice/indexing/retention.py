"""When a record may be destroyed, under a retention policy given as parameters.

**This is not legal advice.** State (and sometimes federal, payer or
professional) rules decide how long records are kept; they differ from place
to place and change. medoffice hard-codes no law: every period is a parameter
of a :class:`RetentionPolicy` that the office fills in from the rules that bind
it. The values in the examples below (10 years after the last encounter,
majority at 18, plus 10 years for minors) are the ones commonly cited, for
illustration only.

The rule: a record may be destroyed on or after the later of

- ``last_encounter + adult_years_after_last_encounter`` (the adult rule) and
- ``birth_date + age_of_majority + minor_years_after_majority`` (the minor
  rule, which binds for anyone seen as a child: a young adult's chart still
  holds the childhood records);

and never while a :class:`LegalHold` is in force (once every hold is released,
not before the latest release). Records of a permanent class (the master
patient index, ``"mpi"``, always; others as the policy says) are never
destroyed: :func:`destruction_date` returns ``None``.

A birthday or an encounter on 29 February lands, in a year without one, on
28 February or 1 March as :attr:`RetentionPolicy.leap_day` says.

>>> import datetime as dt
>>> policy = RetentionPolicy(adult_years_after_last_encounter=10, age_of_majority=18,
...                          minor_years_after_majority=10)
>>> adult = RetainedRecord(birth_date=dt.date(1960, 3, 1), last_encounter=dt.date(2020, 6, 30))
>>> destruction_date(adult, policy)
datetime.date(2030, 6, 30)
>>> child = RetainedRecord(birth_date=dt.date(2016, 2, 29), last_encounter=dt.date(2020, 6, 30))
>>> destruction_date(child, policy)
datetime.date(2044, 2, 29)
>>> destruction_date(attrs.evolve(child, record_class="mpi"), policy) is None
True
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from medoffice.indexing._filing_common import items, mask, non_empty_text

__all__ = [  # noqa: RUF022 - plain sorted order, as tests/test_docstrings.py checks
    "LeapDay",
    "LegalHold",
    "MEDICAL_RECORD",
    "MPI",
    "RetainedRecord",
    "RetentionPolicy",
    "destruction_date",
    "is_destroyable",
]

#: The record class of master patient index entries, which are kept permanently.
MPI = "mpi"

#: The class of an ordinary medical record.
MEDICAL_RECORD = "medical-record"


class LeapDay(enum.Enum):
    """Where 29 February plus some years lands in a year without a 29 February.

    >>> LeapDay("mar-1").name
    'MAR_1'
    """

    FEB_28 = "feb-28"
    MAR_1 = "mar-1"


def _years(_instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        msg = f"{attribute.name}: must be a whole number of years (int)"
        raise TypeError(msg, attribute)
    if not 0 <= value <= 200:
        msg = f"{attribute.name}: must be from 0 to 200 years"
        raise ValueError(msg, attribute)


def _classes(value: object) -> frozenset[str]:
    return frozenset(_class_names(value))


_class_names = items(
    "permanent_classes", str, "a record class name (non-empty text)", lambda c: bool(c.strip())
)


@attrs.frozen(kw_only=True)
class RetentionPolicy:
    """One jurisdiction's retention periods, every one of them a parameter (not legal advice).

    Attributes:
        adult_years_after_last_encounter: Years an adult's record is kept after
            the last encounter.
        age_of_majority: The age at which a patient stops being a minor.
        minor_years_after_majority: Years a minor's record is kept after the
            patient reaches majority (the statute of limitations).
        permanent_classes: Record classes kept permanently, besides :data:`MPI`.
        leap_day: Where a 29 February date plus whole years lands in other years.
        name: A label for the policy (the jurisdiction), for reports.

    >>> p = RetentionPolicy(adult_years_after_last_encounter=7, age_of_majority=21,
    ...                     minor_years_after_majority=3, permanent_classes={"immunization"})
    >>> sorted(p.permanent_classes), p.leap_day
    (['immunization'], <LeapDay.FEB_28: 'feb-28'>)
    """

    adult_years_after_last_encounter: int = attrs.field(validator=_years)
    age_of_majority: int = attrs.field(validator=_years)
    minor_years_after_majority: int = attrs.field(validator=_years)
    permanent_classes: frozenset[str] = attrs.field(default=frozenset(), converter=_classes)
    leap_day: LeapDay = attrs.field(default=LeapDay.FEB_28, converter=LeapDay)
    name: str = attrs.field(default="", validator=attrs.validators.instance_of(str))


def _date(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        msg = f"{attribute.name}: must be a date"
        raise TypeError(msg, attribute)


def _optional_date(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _date(instance, attribute, value)


@attrs.frozen(kw_only=True)
class LegalHold:
    """A legal hold: the record must not be destroyed while it is in force.

    Attributes:
        reason: Why (a case or matter reference); never patient data.
        placed_on: The day the hold was placed.
        released_on: The day it was released, or ``None`` while in force.

    >>> import datetime as dt
    >>> LegalHold(reason="case 24-118", placed_on=dt.date(2024, 1, 5)).in_force
    True
    """

    reason: str = attrs.field(validator=attrs.validators.instance_of(str))
    placed_on: dt.date = attrs.field(validator=_date)
    released_on: dt.date | None = attrs.field(default=None, validator=_optional_date)

    def __attrs_post_init__(self) -> None:
        if self.released_on is not None and self.released_on < self.placed_on:
            msg = "released_on: must not be before placed_on"
            raise ValueError(msg)

    @property
    def in_force(self) -> bool:
        """Whether the hold has not been released.

        >>> import datetime as dt
        >>> LegalHold(reason="r", placed_on=dt.date(2024, 1, 5),
        ...           released_on=dt.date(2024, 9, 1)).in_force
        False
        """
        return self.released_on is None


_legal_holds = items("legal_holds", LegalHold, "a LegalHold")


def _holds(value: object) -> tuple[LegalHold, ...]:
    return _legal_holds(value)


@attrs.frozen(kw_only=True)
class RetainedRecord:
    """What retention needs to know about one record (the birth date is masked in the repr).

    Attributes:
        birth_date: The patient's date of birth.
        last_encounter: The day of the patient's last encounter in this record.
        record_class: The kind of record (``medical-record`` by default; ``mpi``
            for a master patient index entry).
        legal_holds: Legal holds on the record, in force or released.

    >>> import datetime as dt
    >>> RetainedRecord(birth_date=dt.date(1990, 1, 1), last_encounter=dt.date(2024, 1, 1))
    RetainedRecord(birth_date='***', last_encounter=datetime.date(2024, 1, 1), record_class='medical-record', legal_holds=())
    """

    birth_date: dt.date = attrs.field(validator=_date, repr=mask)
    last_encounter: dt.date = attrs.field(validator=_date)
    record_class: str = attrs.field(default=MEDICAL_RECORD, validator=non_empty_text)
    legal_holds: tuple[LegalHold, ...] = attrs.field(default=(), converter=_holds)

    def __attrs_post_init__(self) -> None:
        if self.last_encounter < self.birth_date:
            msg = "last_encounter: must not be before birth_date"
            raise ValueError(msg)


def _plus_years(day: dt.date, years: int, leap_day: LeapDay) -> dt.date:
    """``day`` plus whole ``years``; 29 February lands as ``leap_day`` says."""
    try:
        moved: dt.date = day + relativedelta(years=years)
    except (ValueError, OverflowError):
        msg = "destruction date: falls after the year 9999 (check the birth date and the periods)"
        raise ValueError(msg) from None
    if leap_day is LeapDay.MAR_1 and (day.month, day.day) == (2, 29) and moved.day == 28:
        return moved + dt.timedelta(days=1)
    return moved


def _check(record: object, policy: object) -> None:
    if not isinstance(record, RetainedRecord):
        msg = f"record: must be a RetainedRecord, not {type(record).__name__}"
        raise TypeError(msg)
    if not isinstance(policy, RetentionPolicy):
        msg = f"policy: must be a RetentionPolicy, not {type(policy).__name__}"
        raise TypeError(msg)


def destruction_date(record: RetainedRecord, policy: RetentionPolicy) -> dt.date | None:
    """The first day ``record`` may be destroyed under ``policy``, or ``None`` if not now known.

    ``None`` for a permanent class (:data:`MPI` and ``policy.permanent_classes``)
    and while any legal hold is in force. Not legal advice: the periods are the
    policy's.

    >>> import datetime as dt
    >>> policy = RetentionPolicy(adult_years_after_last_encounter=10, age_of_majority=18,
    ...                          minor_years_after_majority=10, leap_day="mar-1")
    >>> child = RetainedRecord(birth_date=dt.date(2016, 2, 29), last_encounter=dt.date(2020, 6, 30))
    >>> destruction_date(child, policy)
    datetime.date(2044, 2, 29)
    >>> born = RetainedRecord(birth_date=dt.date(2015, 2, 28), last_encounter=dt.date(2016, 2, 29))
    >>> destruction_date(born, policy)
    datetime.date(2043, 2, 28)
    >>> held = attrs.evolve(born, legal_holds=[LegalHold(reason="r", placed_on=dt.date(2020, 1, 1))])
    >>> destruction_date(held, policy) is None
    True
    """
    _check(record, policy)
    if record.record_class == MPI or record.record_class in policy.permanent_classes:
        return None
    if any(h.in_force for h in record.legal_holds):
        return None
    when = _plus_years(
        record.last_encounter, policy.adult_years_after_last_encounter, policy.leap_day
    )
    # Whatever the age at the last encounter: a chart opened in childhood keeps
    # its childhood records, which the minor rule protects.
    when = max(
        when,
        _plus_years(
            record.birth_date,
            policy.age_of_majority + policy.minor_years_after_majority,
            policy.leap_day,
        ),
    )
    releases = [h.released_on for h in record.legal_holds if h.released_on is not None]
    return max([when, *releases])


def is_destroyable(record: RetainedRecord, policy: RetentionPolicy, *, today: dt.date) -> bool:
    """Whether ``record`` may be destroyed on ``today`` (a parameter: no clock is read).

    >>> import datetime as dt
    >>> policy = RetentionPolicy(adult_years_after_last_encounter=10, age_of_majority=18,
    ...                          minor_years_after_majority=10)
    >>> record = RetainedRecord(birth_date=dt.date(1950, 1, 1), last_encounter=dt.date(2010, 5, 4))
    >>> is_destroyable(record, policy, today=dt.date(2020, 5, 3))
    False
    >>> is_destroyable(record, policy, today=dt.date(2020, 5, 4))
    True
    """
    day: object = today
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        msg = "today: must be a date"
        raise TypeError(msg)
    when = destruction_date(record, policy)
    return when is not None and day >= when
