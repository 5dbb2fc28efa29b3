"""DST-safe recurring appointments: :class:`Recurrence` rules and :class:`Series`.

Rules are expanded on *naive local wall times* with :mod:`dateutil.rrule` and
only then turned into instants by :func:`~medoffice.scheduling._time.localize`
under the rule's explicit policies, so a weekly 09:00 stays 09:00 local across
daylight-saving changes and a local time that does not exist is never emitted.

>>> from datetime import datetime
>>> from zoneinfo import ZoneInfo
>>> from medoffice.scheduling import Appointment, Resource
>>> ny = ZoneInfo("America/New_York")
>>> first = Appointment(id="t", start=datetime(2025, 3, 3, 9, tzinfo=ny),
...                     end=datetime(2025, 3, 3, 9, 30, tzinfo=ny),
...                     resources=(Resource(id="dr-lee", kind="provider"),))
>>> weekly = Series(id="s1", template=first, timezone="America/New_York",
...                 recurrence=Recurrence.from_rrule("FREQ=WEEKLY;COUNT=3"))
>>> [a.start.astimezone(ny).strftime("%m-%d %H:%M %Z") for a in weekly.occurrences(
...     datetime(2025, 3, 1, tzinfo=ny), datetime(2025, 4, 1, tzinfo=ny))]
['03-03 09:00 EST', '03-10 09:00 EDT', '03-17 09:00 EDT']
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import enum
import functools
import heapq
import itertools
import re
from collections.abc import Iterable, Iterator
from typing import Any

import attrs
from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrule, weekday

from medoffice._values import name_sequences
from medoffice.exceptions import Problem, Severity
from medoffice.scheduling._model import Appointment, Resource, Status
from medoffice.scheduling._time import (
    UTC,
    Ambiguous,
    Nonexistent,
    day_bounds,
    from_us,
    localize_or_none,
    require_aware,
    to_us,
    zone,
)

__all__ = [
    "ByDay",
    "Feb29",
    "Frequency",
    "OccurrenceChange",
    "Recurrence",
    "Series",
]

_DAY_NAMES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_ONE_DAY = dt.timedelta(days=1)
_US = dt.timedelta(microseconds=1)
_SECOND_US = 1_000_000


class Frequency(enum.Enum):
    """How often a rule repeats (RFC 5545 ``FREQ``; sub-daily rules are not offered).

    >>> Frequency("WEEKLY")
    <Frequency.WEEKLY: 'WEEKLY'>
    """

    DAILY = "DAILY"
    WEEKLY = "WEEKLY"
    MONTHLY = "MONTHLY"
    YEARLY = "YEARLY"


_DATEUTIL_FREQ = {
    Frequency.DAILY: DAILY,
    Frequency.WEEKLY: WEEKLY,
    Frequency.MONTHLY: MONTHLY,
    Frequency.YEARLY: YEARLY,
}


class Feb29(enum.Enum):
    """What a rule on the 29th does in February of a common year.

    ``SKIP`` is RFC 5545 (no occurrence: a yearly visit from 2024-02-29 comes
    only in leap years); ``FEB28`` and ``MAR1`` put it on that day instead.

    >>> Feb29("mar1")
    <Feb29.MAR1: 'mar1'>
    """

    SKIP = "skip"
    FEB28 = "feb28"
    MAR1 = "mar1"


_BYDAY_RE = re.compile(r"([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)")


@attrs.frozen(kw_only=True, order=True)
class ByDay:
    """A weekday in a rule, with an optional ordinal (``2TU``: the second Tuesday).

    Attributes:
        day: 0 (Monday) to 6 (Sunday).
        n: 0 for every such weekday of the period, else the ordinal within the
            month (or year): 1 to 53, or -1 (the last) to -53.

    >>> ByDay.parse("-1FR")
    ByDay(day=4, n=-1)
    >>> str(ByDay(day=1, n=2))
    '2TU'
    """

    day: int = attrs.field(validator=attrs.validators.in_(range(7)))
    n: int = attrs.field(default=0, validator=attrs.validators.in_(range(-53, 54)))

    @classmethod
    def parse(cls, text: str) -> ByDay:
        """Read one ``BYDAY`` item such as ``MO``, ``2TU`` or ``-1SU``.

        >>> ByDay.parse("SU")
        ByDay(day=6, n=0)
        """
        match = _BYDAY_RE.fullmatch(text.strip().upper())
        if match is None:
            msg = f"BYDAY: {text!r} is not a weekday such as MO, 2TU or -1SU"
            raise ValueError(msg)
        return cls(day=_DAY_NAMES.index(match[2]), n=int(match[1] or 0))

    def __str__(self) -> str:
        return f"{self.n or ''}{_DAY_NAMES[self.day]}"


def _by_days(value: Iterable[object]) -> tuple[ByDay, ...]:
    out: set[ByDay] = set()
    for item in value:
        if isinstance(item, ByDay):
            out.add(item)
        elif isinstance(item, str):
            out.add(ByDay.parse(item))
        elif isinstance(item, int) and not isinstance(item, bool):
            out.add(ByDay(day=item))
        else:
            msg = "by_weekday: items are ByDay values, 'MO'-style text or weekday numbers 0-6"
            raise TypeError(msg)
    return tuple(sorted(out))


def _int_set(value: Iterable[int]) -> tuple[int, ...]:
    return tuple(sorted(set(value)))


def _ints_in(low: int, high: int, *, signed: bool) -> Any:
    """A validator: every item in ``low..high`` (or, if ``signed``, in ``±low..high``)."""

    def check(_inst: object, attribute: attrs.Attribute[Any], value: tuple[object, ...]) -> None:
        for item in value:
            if not isinstance(item, int) or isinstance(item, bool):
                msg = f"{attribute.name}: items must be integers"
                raise TypeError(msg)
            if not low <= (abs(item) if signed else item) <= high:
                msg = f"{attribute.name}: {item} is outside {'±' if signed else ''}{low}..{high}"
                raise ValueError(msg)

    return check


def _until(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return
    require_aware(value, attribute.name)


def _instants(value: Iterable[object]) -> tuple[dt.datetime | dt.date, ...]:
    items: list[dt.datetime | dt.date] = []
    for item in value:
        if isinstance(item, dt.datetime):
            require_aware(item, "exdates/rdates")
        elif not isinstance(item, dt.date):
            msg = "exdates/rdates: items must be aware datetimes or dates"
            raise TypeError(msg)
        items.append(item)
    return tuple(sorted(set(items), key=_sort_key))


def _sort_key(value: dt.datetime | dt.date) -> tuple[int, int]:
    if isinstance(value, dt.datetime):
        return (0, to_us(value))
    return (1, value.toordinal())


def _aware_only(_inst: object, attribute: attrs.Attribute[Any], value: tuple[object, ...]) -> None:
    for item in value:
        if not isinstance(item, dt.datetime):
            msg = f"{attribute.name}: items must be aware datetimes"
            raise TypeError(msg)


@attrs.frozen(kw_only=True, field_transformer=name_sequences)
class Recurrence:
    """A recurrence rule (RFC 5545 ``RRULE`` with ``EXDATE``/``RDATE``) plus DST policies.

    Attributes:
        frequency: A :class:`Frequency`.
        interval: Every ``interval``-th period (2: every other week).
        by_weekday: Weekdays (with ordinals for monthly/yearly rules).
        by_month_day: Days of the month, 1 to 31 or -1 (the last) to -31.
        by_month: Months, 1 to 12.
        by_set_pos: Which of each period's candidates to keep (-1: the last).
        week_start: The first day of the week (0 Monday ... 6 Sunday); it
            matters for weekly rules with an interval.
        count: At most this many occurrences, counted *before* exclusions.
        until: The last possible start: an aware datetime (inclusive), or a
            ``date`` meaning the end of that local day. Not with ``count``.
        exdates: Starts to leave out. An aware datetime removes the occurrence
            that starts at that instant; a ``date`` removes every occurrence
            on that local date.
        rdates: Extra starts (aware datetimes), not counted by ``count``.
        nonexistent: What to do with a local time that a spring-forward
            change skips (never emitted as is).
        ambiguous: Which instant to take for a local time that a fall-back
            change repeats.
        feb29: What a rule on the 29th does in February of a common year.

    >>> Recurrence.from_rrule("FREQ=MONTHLY;BYDAY=2TU;COUNT=6").by_weekday
    (ByDay(day=1, n=2),)
    >>> Recurrence(frequency="DAILY", count=3, until=dt.date(2025, 1, 1))
    Traceback (most recent call last):
    ...
    ValueError: count: COUNT and UNTIL are mutually exclusive (RFC 5545 §3.3.10)
    """

    frequency: Frequency = attrs.field(converter=Frequency)
    interval: int = attrs.field(default=1, validator=attrs.validators.ge(1))
    by_weekday: tuple[ByDay, ...] = attrs.field(default=(), converter=_by_days)
    by_month_day: tuple[int, ...] = attrs.field(
        default=(), converter=_int_set, validator=_ints_in(1, 31, signed=True)
    )
    by_month: tuple[int, ...] = attrs.field(
        default=(), converter=_int_set, validator=_ints_in(1, 12, signed=False)
    )
    by_set_pos: tuple[int, ...] = attrs.field(
        default=(), converter=_int_set, validator=_ints_in(1, 366, signed=True)
    )
    week_start: int = attrs.field(default=0, validator=attrs.validators.in_(range(7)))
    count: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.ge(1))
    )
    until: dt.datetime | dt.date | None = attrs.field(default=None, validator=_until)
    exdates: tuple[dt.datetime | dt.date, ...] = attrs.field(default=(), converter=_instants)
    rdates: tuple[dt.datetime, ...] = attrs.field(
        default=(),
        converter=_instants,
        validator=_aware_only,
    )
    nonexistent: Nonexistent = attrs.field(default=Nonexistent.SHIFT_FORWARD, converter=Nonexistent)
    ambiguous: Ambiguous = attrs.field(default=Ambiguous.EARLIER, converter=Ambiguous)
    feb29: Feb29 = attrs.field(default=Feb29.SKIP, converter=Feb29)

    def __attrs_post_init__(self) -> None:
        if self.count is not None and self.until is not None:
            msg = "count: COUNT and UNTIL are mutually exclusive (RFC 5545 §3.3.10)"
            raise ValueError(msg)
        if self.by_set_pos and not (self.by_weekday or self.by_month_day or self.by_month):
            msg = "by_set_pos: needs another BYxxx part to select from"
            raise ValueError(msg)
        if any(d.n for d in self.by_weekday) and self.frequency not in {
            Frequency.MONTHLY,
            Frequency.YEARLY,
        }:
            msg = "by_weekday: ordinals (2TU) need a MONTHLY or YEARLY rule"
            raise ValueError(msg)
        if self.feb29 is not Feb29.SKIP and (
            self.by_weekday
            or self.by_set_pos
            or self.frequency in {Frequency.DAILY, Frequency.WEEKLY}
        ):
            msg = "feb29: a Feb 28 / Mar 1 policy needs a MONTHLY or YEARLY rule by month day"
            raise ValueError(msg)

    # -- RRULE text --------------------------------------------------------------------

    @classmethod
    def from_rrule(cls, text: str, *, timezone: str | None = None, **policies: Any) -> Recurrence:
        """Read RFC 5545 ``RRULE`` text (with or without the ``RRULE:`` prefix).

        ``UNTIL`` may be a UTC date-time (``...Z``), a ``DATE`` (the end of that
        local day) or, as broken feeds write it, a floating date-time read in
        ``timezone``. ``policies`` are the other fields (``nonexistent``,
        ``ambiguous``, ``feb29``, ``exdates``, ``rdates``).

        >>> r = Recurrence.from_rrule("RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;UNTIL=20250331T235959Z")
        >>> r.interval, [str(d) for d in r.by_weekday], r.until.isoformat()
        (2, ['MO', 'TH'], '2025-03-31T23:59:59+00:00')
        >>> Recurrence.from_rrule("FREQ=DAILY;COUNT=5;UNTIL=20250101")
        Traceback (most recent call last):
        ...
        ValueError: RRULE: COUNT and UNTIL are mutually exclusive (RFC 5545 §3.3.10)
        """
        body = text.strip()
        if body.upper().startswith("RRULE:"):
            body = body[6:]
        parts: dict[str, str] = {}
        for item in body.split(";"):
            key, sep, value = item.partition("=")
            key = key.strip().upper()
            if not sep or not key or not value.strip():
                msg = f"RRULE: {item!r} is not a NAME=VALUE part"
                raise ValueError(msg)
            if key in parts:
                msg = f"RRULE: {key} is given twice"
                raise ValueError(msg)
            parts[key] = value.strip()
        if "COUNT" in parts and "UNTIL" in parts:
            msg = "RRULE: COUNT and UNTIL are mutually exclusive (RFC 5545 §3.3.10)"
            raise ValueError(msg)
        unknown = sorted(set(parts) - _RRULE_PARTS)
        if unknown:
            msg = f"RRULE: {unknown[0]} is not supported (FREQ, INTERVAL, BYDAY, BYMONTHDAY, BYMONTH, BYSETPOS, WKST, COUNT, UNTIL are)"
            raise ValueError(msg)
        if "FREQ" not in parts:
            msg = "RRULE: FREQ is required"
            raise ValueError(msg)
        freq = parts["FREQ"].upper()
        if freq not in Frequency.__members__:
            msg = f"RRULE: FREQ={freq} is not supported (DAILY, WEEKLY, MONTHLY, YEARLY are)"
            raise ValueError(msg)
        fields: dict[str, Any] = {"frequency": freq}
        try:
            if "INTERVAL" in parts:
                fields["interval"] = int(parts["INTERVAL"])
            if "COUNT" in parts:
                fields["count"] = int(parts["COUNT"])
            for key, name in (
                ("BYMONTHDAY", "by_month_day"),
                ("BYMONTH", "by_month"),
                ("BYSETPOS", "by_set_pos"),
            ):
                if key in parts:
                    fields[name] = tuple(int(v) for v in parts[key].split(","))
        except ValueError:
            msg = "RRULE: INTERVAL, COUNT, BYMONTHDAY, BYMONTH and BYSETPOS take integers"
            raise ValueError(msg) from None
        if "BYDAY" in parts:
            fields["by_weekday"] = tuple(parts["BYDAY"].split(","))
        if "WKST" in parts:
            wkst = parts["WKST"].upper()
            if wkst not in _DAY_NAMES:
                msg = f"RRULE: WKST={wkst} is not a weekday (MO ... SU)"
                raise ValueError(msg)
            fields["week_start"] = _DAY_NAMES.index(wkst)
        if "UNTIL" in parts:
            fields["until"] = _parse_until(parts["UNTIL"], timezone)
        return cls(**fields, **policies)

    def to_rrule(self) -> str:
        """The rule as RFC 5545 ``RRULE`` text (without the ``RRULE:`` prefix).

        A ``date`` ``until`` is written as a ``DATE``; :mod:`~medoffice.scheduling.ical`
        writes the UTC end of that local day instead, as RFC 5545 wants beside a
        ``TZID`` start.

        >>> Recurrence(frequency="MONTHLY", by_weekday=("2TU",), count=6).to_rrule()
        'FREQ=MONTHLY;COUNT=6;BYDAY=2TU'
        """
        return self.rrule_text(self.until)

    def rrule_text(self, until: dt.datetime | dt.date | None) -> str:
        """``RRULE`` text with ``until`` in place of :attr:`until`.

        >>> Recurrence(frequency="DAILY", interval=2).rrule_text(dt.date(2025, 1, 31))
        'FREQ=DAILY;INTERVAL=2;UNTIL=20250131'
        """
        out = [f"FREQ={self.frequency.value}"]
        if self.interval != 1:
            out.append(f"INTERVAL={self.interval}")
        if self.count is not None:
            out.append(f"COUNT={self.count}")
        if isinstance(until, dt.datetime):
            out.append(f"UNTIL={until.astimezone(UTC):%Y%m%dT%H%M%SZ}")
        elif until is not None:
            out.append(f"UNTIL={until:%Y%m%d}")
        for key, values in (
            ("BYMONTH", self.by_month),
            ("BYMONTHDAY", self.by_month_day),
            ("BYDAY", self.by_weekday),
            ("BYSETPOS", self.by_set_pos),
        ):
            if values:
                out.append(f"{key}={','.join(str(v) for v in values)}")
        if self.week_start:
            out.append(f"WKST={_DAY_NAMES[self.week_start]}")
        return ";".join(out)


_RRULE_PARTS = frozenset(
    {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS", "WKST", "COUNT", "UNTIL"}
)


def _parse_until(text: str, timezone: str | None) -> dt.datetime | dt.date:
    value = text.strip().upper()
    try:
        if len(value) == 8:
            return dt.datetime.strptime(value, "%Y%m%d").date()  # a DATE
        if value.endswith("Z"):
            return dt.datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        floating = dt.datetime.strptime(value, "%Y%m%dT%H%M%S")  # read in timezone
    except ValueError:
        msg = f"RRULE: UNTIL={text} is not a DATE or a DATE-TIME"
        raise ValueError(msg) from None
    if timezone is None:
        msg = "RRULE: a floating UNTIL needs the start's time zone; write it in UTC (Z)"
        raise ValueError(msg)
    return floating.replace(tzinfo=zone(timezone))


# -- expansion on wall times ---------------------------------------------------------


def _rule_kwargs(rec: Recurrence, first: dt.datetime) -> dict[str, Any]:
    """The dateutil arguments with every default made explicit from the first start."""
    by_month: tuple[int, ...] | None = rec.by_month or None
    by_month_day: tuple[int, ...] | None = rec.by_month_day or None
    by_weekday: tuple[weekday, ...] | None = (
        tuple(weekday(d.day, d.n or None) for d in rec.by_weekday) or None
    )
    if not (by_month_day or by_weekday):
        if rec.frequency is Frequency.YEARLY:
            by_month = by_month or (first.month,)
            by_month_day = (first.day,)
        elif rec.frequency is Frequency.MONTHLY:
            by_month_day = (first.day,)
        elif rec.frequency is Frequency.WEEKLY:
            by_weekday = (weekday(first.weekday()),)
    return {
        "freq": _DATEUTIL_FREQ[rec.frequency],
        "interval": rec.interval,
        "wkst": rec.week_start,
        "bymonth": by_month,
        "bymonthday": by_month_day,
        "byweekday": by_weekday,
        "bysetpos": rec.by_set_pos or None,
        "byhour": first.hour,
        "byminute": first.minute,
        "bysecond": first.second,
        "cache": False,
    }


def _period_start(rec: Recurrence, first: dt.datetime, target: dt.datetime) -> dt.datetime:
    """The start of the rule's period that holds ``target`` (never before ``first``).

    Computed arithmetically, so a window far from the first occurrence does not
    walk the occurrences in between.
    """
    if target <= first:
        return first
    k = rec.interval
    d0, dt_ = first.date(), target.date()
    if rec.frequency is Frequency.DAILY:
        day = d0 + dt.timedelta(days=(dt_ - d0).days // k * k)
    elif rec.frequency is Frequency.WEEKLY:
        w0 = d0 - dt.timedelta(days=(d0.weekday() - rec.week_start) % 7)
        wt = dt_ - dt.timedelta(days=(dt_.weekday() - rec.week_start) % 7)
        day = w0 + dt.timedelta(weeks=(wt - w0).days // 7 // k * k)
    elif rec.frequency is Frequency.MONTHLY:
        m0 = d0.year * 12 + d0.month - 1
        months = (dt_.year * 12 + dt_.month - 1 - m0) // k * k
        year, month = divmod(m0 + months, 12)
        day = dt.date(year, month + 1, 1)
    else:
        day = dt.date(d0.year + (dt_.year - d0.year) // k * k, 1, 1)
    return max(first, dt.datetime.combine(day, dt.time()))


def _feb29_months(rec: Recurrence, first: dt.datetime) -> tuple[int, ...] | None:
    """``(2,)`` if a FEB28/MAR1 policy adds stand-in days for this rule, else None."""
    if rec.feb29 is Feb29.SKIP:
        return None
    kwargs = _rule_kwargs(rec, first)
    if 29 not in kwargs["bymonthday"]:
        return None
    months = kwargs["bymonth"]
    return (2,) if months is None or 2 in months else None


def _walls(rec: Recurrence, first: dt.datetime, begin: dt.datetime) -> Iterator[dt.datetime]:
    """The rule's wall times at or after ``period_start(begin)``, sorted, unique, unbounded."""
    start = _period_start(rec, first, begin)
    main: Iterator[dt.datetime] = iter(rrule(dtstart=start, **_rule_kwargs(rec, first)))
    months = _feb29_months(rec, first)
    if months is None:
        return main
    # The Februaries of the rule's periods; in a common year, a stand-in day.
    kwargs = _rule_kwargs(rec, first) | {"bymonth": months, "bymonthday": (1,)}
    shift = 27 if rec.feb29 is Feb29.FEB28 else 28
    febs = (
        d + dt.timedelta(days=shift)
        for d in rrule(dtstart=start.replace(day=1), **kwargs)
        if not calendar.isleap(d.year)
    )
    stand_ins = (d for d in febs if d >= first)
    merged = heapq.merge(main, stand_ins)
    return (w for w, _ in itertools.groupby(merged))


@functools.lru_cache(maxsize=64)
def _counted(rec: Recurrence, first: dt.datetime) -> tuple[dt.datetime, ...]:
    """The first ``rec.count`` wall times (COUNT rules are counted from the start)."""
    assert rec.count is not None  # noqa: S101  # callers check
    return tuple(itertools.islice(_walls(rec, first, first), rec.count))


# -- series ---------------------------------------------------------------------------


def _optional_aware(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        require_aware(value, attribute.name)


def _optional_resources(value: Iterable[Resource] | None) -> tuple[Resource, ...] | None:
    return None if value is None else tuple(value)


@attrs.frozen(kw_only=True)
class OccurrenceChange:
    """A change to one occurrence of a :class:`Series` (RFC 5545 ``RECURRENCE-ID``).

    ``None`` fields keep the series' values.

    Attributes:
        original_start: The start the rule gives the occurrence (its key).
        start: A new start.
        end: A new end.
        resources: New resources.
        status: A new status (``cancelled`` cancels the one occurrence).

    >>> from datetime import datetime, timezone
    >>> OccurrenceChange(original_start=datetime(2025, 1, 6, 14, tzinfo=timezone.utc),
    ...                  status="cancelled").status
    <Status.CANCELLED: 'cancelled'>
    """

    original_start: dt.datetime = attrs.field(validator=_optional_aware)
    start: dt.datetime | None = attrs.field(default=None, validator=_optional_aware)
    end: dt.datetime | None = attrs.field(default=None, validator=_optional_aware)
    resources: tuple[Resource, ...] | None = attrs.field(
        default=None, converter=_optional_resources
    )
    status: Status | None = attrs.field(default=None, converter=attrs.converters.optional(Status))

    @property
    def key(self) -> int:
        """The original start as epoch microseconds.

        >>> from datetime import datetime, timezone
        >>> OccurrenceChange(original_start=datetime(1970, 1, 1, 0, 0, 1, tzinfo=timezone.utc)).key
        1000000
        """
        return to_us(self.original_start)


def _stamp(us: int) -> str:
    return f"{from_us(us):%Y%m%dT%H%M%SZ}"


def _template(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Appointment):
        msg = f"{attribute.name}: must be an Appointment"
        raise TypeError(msg)
    if value.start.microsecond or value.end.microsecond:
        msg = f"{attribute.name}: a recurring series starts and ends on whole seconds"
        raise ValueError(msg)


def _changes(value: Iterable[OccurrenceChange]) -> tuple[OccurrenceChange, ...]:
    return tuple(sorted(value, key=lambda c: c.key))


def _unique_changes(
    _inst: object, attribute: attrs.Attribute[Any], value: tuple[OccurrenceChange, ...]
) -> None:
    for left, right in itertools.pairwise(value):
        if left.key == right.key:
            msg = f"{attribute.name}: two changes for the occurrence at {_stamp(left.key)}"
            raise ValueError(msg)


def _zone_name(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        msg = f"{attribute.name}: must be an IANA time-zone name"
        raise TypeError(msg)
    zone(value)


@attrs.frozen(kw_only=True, field_transformer=name_sequences)
class Series:
    """A recurring appointment: a template, a rule, and per-occurrence changes.

    The template's start and end give the first occurrence's local wall time
    (in :attr:`timezone`) and every occurrence's length. Each occurrence is an
    :class:`~medoffice.scheduling.Appointment` whose id is
    ``f"{series.id}@{original UTC start:%Y%m%dT%H%M%SZ}"``, stable when the
    occurrence is moved.

    Attributes:
        id: The series' key.
        template: The first occurrence as written (whole seconds).
        timezone: The IANA zone whose wall clock the rule follows.
        recurrence: The :class:`Recurrence`.
        changes: :class:`OccurrenceChange` values, at most one per occurrence.

    >>> from datetime import datetime
    >>> from zoneinfo import ZoneInfo
    >>> ny = ZoneInfo("America/New_York")
    >>> t = Appointment(id="t", start=datetime(2025, 1, 6, 9, tzinfo=ny),
    ...                 end=datetime(2025, 1, 6, 9, 30, tzinfo=ny),
    ...                 resources=(Resource(id="dr-lee", kind="provider"),))
    >>> s = Series(id="s", template=t, timezone="America/New_York",
    ...            recurrence=Recurrence(frequency="WEEKLY", count=5))
    >>> s = s.cancel_occurrence(datetime(2025, 1, 13, 9, tzinfo=ny))
    >>> [(a.id, a.status.value) for a in s.occurrences(datetime(2025, 1, 12, tzinfo=ny),
    ...                                                 datetime(2025, 1, 21, tzinfo=ny))]
    [('s@20250113T140000Z', 'cancelled'), ('s@20250120T140000Z', 'booked')]
    """

    id: str = attrs.field(validator=attrs.validators.instance_of(str))
    template: Appointment = attrs.field(validator=_template)
    timezone: str = attrs.field(validator=_zone_name)
    recurrence: Recurrence = attrs.field(validator=attrs.validators.instance_of(Recurrence))
    changes: tuple[OccurrenceChange, ...] = attrs.field(
        default=(), converter=_changes, validator=_unique_changes
    )

    @property
    def first_wall(self) -> dt.datetime:
        """The first occurrence's naive local wall time in :attr:`timezone`.

        >>> from datetime import datetime, timezone
        >>> t = Appointment(id="t", start=datetime(2025, 1, 6, 14, tzinfo=timezone.utc),
        ...                 end=datetime(2025, 1, 6, 15, tzinfo=timezone.utc),
        ...                 resources=(Resource(id="r", kind="room"),))
        >>> Series(id="s", template=t, timezone="America/New_York",
        ...        recurrence=Recurrence(frequency="DAILY")).first_wall
        datetime.datetime(2025, 1, 6, 9, 0)
        """
        return self.template.start.astimezone(zone(self.timezone)).replace(tzinfo=None, fold=0)

    @property
    def duration(self) -> dt.timedelta:
        """Every occurrence's length (the template's elapsed time).

        >>> from datetime import datetime, timezone
        >>> t = Appointment(id="t", start=datetime(2025, 1, 6, 14, tzinfo=timezone.utc),
        ...                 end=datetime(2025, 1, 6, 15, tzinfo=timezone.utc),
        ...                 resources=(Resource(id="r", kind="room"),))
        >>> Series(id="s", template=t, timezone="UTC",
        ...        recurrence=Recurrence(frequency="DAILY")).duration
        datetime.timedelta(seconds=3600)
        """
        return self.template.end - self.template.start

    # -- the rule's instants ----------------------------------------------------------

    def _localize(self, wall: dt.datetime) -> dt.datetime | None:
        rec = self.recurrence
        return localize_or_none(
            wall, zone(self.timezone), nonexistent=rec.nonexistent, ambiguous=rec.ambiguous
        )

    def _until_ok(self, wall: dt.datetime, us: int) -> bool:
        until = self.recurrence.until
        if until is None:
            return True
        if isinstance(until, dt.datetime):
            return us <= to_us(until)
        return wall.date() <= until

    def _rule_starts(self, lo: int, hi: int) -> list[int]:
        """Epoch µs of the rule's starts (RRULE and RDATE, before EXDATE) in ``[lo, hi)``."""
        rec = self.recurrence
        tz = zone(self.timezone)
        first = self.first_wall
        # A day of margin either side covers any UTC offset and a shift across a gap.
        lo_wall = from_us(lo).astimezone(tz).replace(tzinfo=None) - _ONE_DAY
        hi_wall = from_us(hi).astimezone(tz).replace(tzinfo=None) + _ONE_DAY
        walls: Iterable[dt.datetime]
        if rec.count is not None:
            counted = _counted(rec, first)
            walls = counted[bisect.bisect_left(counted, lo_wall) :]
        else:
            walls = _walls(rec, first, lo_wall)
        out: list[int] = []
        for wall in walls:
            if wall > hi_wall:
                break
            if wall < lo_wall:
                continue
            start = self._localize(wall)
            if start is None:
                continue
            us = to_us(start)
            if not self._until_ok(wall, us):
                break
            if lo <= us < hi:
                out.append(us)
        out.extend(u for u in map(to_us, rec.rdates) if lo <= u < hi)
        return sorted(set(out))

    def _excluded(self) -> tuple[frozenset[int], frozenset[dt.date]]:
        instants = frozenset(
            to_us(x) for x in self.recurrence.exdates if isinstance(x, dt.datetime)
        )
        days = frozenset(x for x in self.recurrence.exdates if not isinstance(x, dt.datetime))
        return instants, days

    def _is_excluded(self, us: int, excluded: tuple[frozenset[int], frozenset[dt.date]]) -> bool:
        instants, days = excluded
        return us in instants or (
            bool(days) and from_us(us).astimezone(zone(self.timezone)).date() in days
        )

    def _starts(self, lo: int, hi: int) -> list[int]:
        excluded = self._excluded()
        return [us for us in self._rule_starts(lo, hi) if not self._is_excluded(us, excluded)]

    def _is_start(self, us: int) -> bool:
        return bool(self._starts(us, us + 1))

    # -- occurrences ------------------------------------------------------------------

    def _occurrence(self, us: int, change: OccurrenceChange | None) -> Appointment:
        start = from_us(us)  # UTC: local + timedelta would be wall-clock arithmetic
        appt = attrs.evolve(
            self.template, id=f"{self.id}@{_stamp(us)}", start=start, end=start + self.duration
        )
        if change is None:
            return appt
        fields: dict[str, Any] = {}
        if change.start is not None:
            fields["start"] = change.start
            fields["end"] = change.start.astimezone(UTC) + self.duration
        if change.end is not None:
            fields["end"] = change.end
        if change.resources is not None:
            fields["resources"] = change.resources
        if change.status is not None:
            fields["status"] = change.status
        return attrs.evolve(appt, **fields)

    def occurrences(self, start: dt.datetime, end: dt.datetime) -> tuple[Appointment, ...]:
        """Every occurrence that overlaps ``[start, end)``, changes applied, by start.

        A zero-length occurrence is included when it starts in the window. A
        rule without COUNT starts expanding at the rule period that holds
        ``start`` (computed arithmetically: a month in 2029 of a daily series
        from 2020 does not walk 2020-2028); a COUNT rule is expanded once (at
        most COUNT wall times, cached) and searched by bisection.

        >>> from datetime import datetime
        >>> from zoneinfo import ZoneInfo
        >>> ny = ZoneInfo("America/New_York")
        >>> t = Appointment(id="t", start=datetime(2020, 1, 6, 9, tzinfo=ny),
        ...                 end=datetime(2020, 1, 6, 9, 30, tzinfo=ny),
        ...                 resources=(Resource(id="dr-lee", kind="provider"),))
        >>> s = Series(id="s", template=t, timezone="America/New_York",
        ...            recurrence=Recurrence(frequency="DAILY"))
        >>> len(s.occurrences(datetime(2029, 2, 1, tzinfo=ny), datetime(2029, 3, 1, tzinfo=ny)))
        28
        """
        lo = to_us(require_aware(start, "start"))
        hi = to_us(require_aware(end, "end"))
        if hi < lo:
            msg = "end: must not be before start"
            raise ValueError(msg)
        dur = self.duration // dt.timedelta(microseconds=1)
        by_key = {c.key: c for c in self.changes}
        out: list[Appointment] = []
        for us in self._starts(lo - dur, hi):
            if us in by_key:
                continue
            if us + dur > lo or (dur == 0 and us >= lo):  # and us < hi, by _starts
                out.append(self._occurrence(us, None))
        for change in self.changes:
            if not self._is_start(change.key):
                continue
            appt = self._occurrence(change.key, change)
            s, e = to_us(appt.start), to_us(appt.end)
            if s < hi and (e > lo or (s == e and s >= lo)):
                out.append(appt)
        return tuple(sorted(out, key=lambda a: (to_us(a.start), a.id)))

    def unmatched_exdates(self) -> tuple[dt.datetime | dt.date, ...]:
        """The exdates that remove nothing (a datetime one second off, a wrong day).

        >>> from datetime import datetime
        >>> from zoneinfo import ZoneInfo
        >>> ny = ZoneInfo("America/New_York")
        >>> t = Appointment(id="t", start=datetime(2025, 1, 6, 9, tzinfo=ny),
        ...                 end=datetime(2025, 1, 6, 9, 30, tzinfo=ny),
        ...                 resources=(Resource(id="dr-lee", kind="provider"),))
        >>> s = Series(id="s", template=t, timezone="America/New_York",
        ...            recurrence=Recurrence(frequency="WEEKLY",
        ...                exdates=(datetime(2025, 1, 13, 9, 0, 1, tzinfo=ny),)))
        >>> [x.isoformat() for x in s.unmatched_exdates()]
        ['2025-01-13T09:00:01-05:00']
        """
        out: list[dt.datetime | dt.date] = []
        tz = zone(self.timezone)
        for item in self.recurrence.exdates:
            if isinstance(item, dt.datetime):
                us = to_us(item)
                hit = bool(self._rule_starts(us, us + 1))
            else:
                hit = bool(self._rule_starts(*day_bounds(item, tz)))
            if not hit:
                out.append(item)
        return tuple(out)

    def problems(self) -> tuple[Problem, ...]:
        """Warnings about the series: each exdate that matches no occurrence.

        >>> from datetime import datetime, timezone
        >>> t = Appointment(id="t", start=datetime(2025, 1, 6, 14, tzinfo=timezone.utc),
        ...                 end=datetime(2025, 1, 6, 15, tzinfo=timezone.utc),
        ...                 resources=(Resource(id="r", kind="room"),))
        >>> s = Series(id="s", template=t, timezone="UTC",
        ...            recurrence=Recurrence(frequency="DAILY", exdates=(datetime(2025, 1, 7, 14, 0, 1, tzinfo=timezone.utc),)))
        >>> [p.code for p in s.problems()]
        ['recurrence.exdate.unmatched']
        """
        out = []
        index = {x: i for i, x in enumerate(self.recurrence.exdates)}
        for item in self.unmatched_exdates():
            shown = _stamp(to_us(item)) if isinstance(item, dt.datetime) else item.isoformat()
            out.append(
                Problem(
                    path=f"recurrence.exdates[{index[item]}]",
                    code="recurrence.exdate.unmatched",
                    severity=Severity.WARNING,
                    message=(
                        f"exdate {shown} matches no occurrence; an EXDATE must equal an "
                        "occurrence's start exactly (same second, same day)"
                    ),
                )
            )
        return tuple(out)

    # -- edits ------------------------------------------------------------------------

    def _require_start(self, original_start: dt.datetime) -> int:
        us = to_us(require_aware(original_start, "original_start"))
        if not self._is_start(us):
            msg = f"original_start: {_stamp(us)} is not an occurrence of series {self.id!r}"
            raise ValueError(msg)
        return us

    def modify(
        self,
        original_start: dt.datetime,
        *,
        start: dt.datetime | None = None,
        end: dt.datetime | None = None,
        resources: Iterable[Resource] | None = None,
        status: Status | str | None = None,
    ) -> Series:
        """A new series with one occurrence changed (moved, re-resourced, re-statused).

        A new ``start`` without ``end`` keeps the length. Changes to the same
        occurrence add up.

        >>> from datetime import datetime, timezone
        >>> utc = timezone.utc
        >>> t = Appointment(id="t", start=datetime(2025, 1, 6, 14, tzinfo=utc),
        ...                 end=datetime(2025, 1, 6, 15, tzinfo=utc),
        ...                 resources=(Resource(id="r", kind="room"),))
        >>> s = Series(id="s", template=t, timezone="UTC", recurrence=Recurrence(frequency="DAILY"))
        >>> s = s.modify(datetime(2025, 1, 7, 14, tzinfo=utc), start=datetime(2025, 1, 7, 16, tzinfo=utc))
        >>> [a.start.hour for a in s.occurrences(datetime(2025, 1, 7, tzinfo=utc), datetime(2025, 1, 8, tzinfo=utc))]
        [16]
        """
        us = self._require_start(original_start)
        old = next((c for c in self.changes if c.key == us), None)
        change = OccurrenceChange(
            original_start=from_us(us),
            start=start if start is not None else (old.start if old else None),
            end=end if end is not None else (old.end if old and start is None else None),
            resources=resources if resources is not None else (old.resources if old else None),
            status=Status(status) if status is not None else (old.status if old else None),
        )
        self._occurrence(us, change)  # validates the changed appointment
        rest = tuple(c for c in self.changes if c.key != us)
        return attrs.evolve(self, changes=(*rest, change))

    def cancel_occurrence(self, original_start: dt.datetime) -> Series:
        """A new series with one occurrence cancelled (it stays, holding no time).

        >>> from datetime import datetime, timezone
        >>> utc = timezone.utc
        >>> t = Appointment(id="t", start=datetime(2025, 1, 6, 14, tzinfo=utc),
        ...                 end=datetime(2025, 1, 6, 15, tzinfo=utc),
        ...                 resources=(Resource(id="r", kind="room"),))
        >>> s = Series(id="s", template=t, timezone="UTC", recurrence=Recurrence(frequency="DAILY"))
        >>> s.cancel_occurrence(datetime(2025, 1, 8, 14, tzinfo=utc)).changes[0].status.value
        'cancelled'
        """
        return self.modify(original_start, status=Status.CANCELLED)

    def _scan_from(self, cut: int) -> tuple[int, int, list[tuple[dt.datetime, dt.datetime]]]:
        """For :meth:`split`: rule walls before ``cut``, skipped ones after it, and the next starts."""
        rec = self.recurrence
        tz = zone(self.timezone)
        first = self.first_wall
        walls: Iterable[dt.datetime]
        if rec.count is not None:
            walls = _counted(rec, first)
        else:  # the first start, then jump near the cut
            head_walls = [first]
            for wall in _walls(rec, first, first):
                head_walls.append(wall)
                if self._localize(wall) is not None:
                    break
            begin = from_us(cut).astimezone(tz).replace(tzinfo=None) - _ONE_DAY
            jumped = _walls(rec, first, max(begin, first))
            walls = itertools.chain(head_walls[1:], (w for w in jumped if w > head_walls[-1]))
        n_before = dropped = 0
        first_us: int | None = None
        later: list[tuple[dt.datetime, dt.datetime]] = []  # the next starts, up to a kept wall
        cut_wall = from_us(cut).astimezone(tz).replace(tzinfo=None)
        for wall in walls:
            start = self._localize(wall)
            if start is None:  # skipped (SKIP policy): counted on the side of its wall time
                if wall < cut_wall:
                    n_before += 1
                elif not later:
                    dropped += 1
                continue
            us = to_us(start)
            first_us = us if first_us is None else first_us
            if us < cut:
                n_before += 1
                continue
            if not self._until_ok(wall, us):
                break
            later.append((wall, start))
            if start.astimezone(tz).replace(tzinfo=None) == wall:
                break
        if first_us is None or first_us >= cut or not later:
            msg = "at: must fall after the first occurrence and at or before the last one"
            raise ValueError(msg)
        return n_before, dropped, later

    def split(self, at: dt.datetime, *, new_id: str | None = None) -> tuple[Series, Series]:
        """Split for "this and following": the occurrences before ``at`` and those from ``at`` on.

        The first series ends with the last occurrence before ``at``; the second
        starts at the first occurrence at or after ``at`` (same wall time, same
        policies), takes the remaining COUNT, and carries the later changes,
        exdates and rdates. Its id is ``new_id`` or ``f"{id}-{UTC start}"``.

        >>> from datetime import datetime, timezone
        >>> utc = timezone.utc
        >>> t = Appointment(id="t", start=datetime(2025, 1, 6, 14, tzinfo=utc),
        ...                 end=datetime(2025, 1, 6, 15, tzinfo=utc),
        ...                 resources=(Resource(id="r", kind="room"),))
        >>> s = Series(id="s", template=t, timezone="UTC",
        ...            recurrence=Recurrence(frequency="WEEKLY", count=10))
        >>> a, b = s.split(datetime(2025, 2, 3, 14, tzinfo=utc))
        >>> a.recurrence.count, b.recurrence.count, b.id
        (4, 6, 's-20250203T140000Z')
        """
        cut = to_us(require_aware(at, "at"))
        rec = self.recurrence
        tz = zone(self.timezone)
        n_before, dropped, later = self._scan_from(cut)
        # The tail starts at the first start whose wall time was kept; one shifted
        # out of a spring-forward gap before it would change the tail's wall
        # time, so it becomes an RDATE (not counted by COUNT).
        shifted = [start for _, start in later[:-1]]
        if later[-1][1].astimezone(tz).replace(tzinfo=None) != later[-1][0]:
            shifted, later = [], later[:1]
        next_start = later[-1][1].astimezone(UTC)
        next_us = to_us(later[0][1])
        # The head's last start is before the cut; starts are whole seconds.
        head_until = from_us((cut - 1) // _SECOND_US * _SECOND_US)

        def side(items: Iterable[Any], *, late: bool) -> tuple[Any, ...]:
            return tuple(x for x in items if (_sort_point(x, tz) >= cut) is late)

        head_rec = attrs.evolve(
            rec,
            count=n_before if rec.count is not None else None,
            until=None if rec.count is not None else head_until,
            exdates=side(rec.exdates, late=False),
            rdates=side(rec.rdates, late=False),
        )
        tail_rec = attrs.evolve(
            rec,
            count=rec.count - n_before - dropped - len(shifted) if rec.count is not None else None,
            exdates=side(rec.exdates, late=True),
            rdates=(*side(rec.rdates, late=True), *shifted),
        )
        head = attrs.evolve(
            self,
            recurrence=head_rec,
            changes=tuple(c for c in self.changes if c.key < cut),
        )
        tail_id = new_id if new_id is not None else f"{self.id}-{_stamp(next_us)}"
        tail = Series(
            id=tail_id,
            template=attrs.evolve(
                self.template, id=tail_id, start=next_start, end=next_start + self.duration
            ),
            timezone=self.timezone,
            recurrence=tail_rec,
            changes=tuple(c for c in self.changes if c.key >= cut),
        )
        return head, tail


def _sort_point(value: dt.datetime | dt.date, tz: dt.tzinfo) -> int:
    if isinstance(value, dt.datetime):
        return to_us(value)
    return day_bounds(value, tz)[0]
