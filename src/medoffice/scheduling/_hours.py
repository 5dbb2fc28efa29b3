"""Working hours as bookable time: weekly templates, date overrides, breaks and blocks.

An :class:`~medoffice.scheduling.Hours` is expanded into half-open windows of
UTC epoch microseconds. Weekly hours and breaks are local wall-clock times in
``hours.timezone``: ``dateutil.rrule`` decides which local dates they fall on
(expanded in memoised blocks of two weeks near the query's own dates, never
from some early ``dtstart``), and the wall times only then become instants, so
09:00 stays 09:00 local on both sides of a DST change. On a day whose offset
does not change that is one subtraction of the day's UTC offset; on a day with
a change it goes through :func:`~medoffice.scheduling._time.localize` (by
default a time that a spring-forward skips shifts forward, a repeated one takes
the earlier instant). Results are cached a week (of UTC) at a time per
``Hours`` value.

The rules, in order:

1. A :class:`~medoffice.scheduling.DateOverride` replaces the weekly hours of
   its local date (no windows: the day is closed).
2. :class:`~medoffice.scheduling.Break` occurrences (lunch) are cut out, on
   override days too.
3. :class:`~medoffice.scheduling.Block` periods (one-off, aware) are cut out.

Only breaks and blocks at level ``block`` remove time; ``warn`` and ``info``
ones are reported by :func:`closed_reasons` but leave the time bookable.
``hours=None`` means always available.

>>> from datetime import datetime, time
>>> from medoffice.scheduling import Break, Hours, WeeklyHours
>>> from medoffice.scheduling._time import from_us, to_us, zone
>>> ny = zone("America/New_York")
>>> h = Hours(timezone="America/New_York",
...           weekly=(WeeklyHours(days=range(5), start=time(9), end=time(17)),),
...           breaks=(Break(days=range(5), start=time(12), end=time(13), reason="lunch"),))
>>> day = to_us(datetime(2025, 3, 10, tzinfo=ny)), to_us(datetime(2025, 3, 11, tzinfo=ny))
>>> [(from_us(s).astimezone(ny).strftime("%H:%M"), from_us(e).astimezone(ny).strftime("%H:%M"))
...  for s, e in working_windows(h, *day)]
[('09:00', '12:00'), ('13:00', '17:00')]
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Iterator
from typing import ClassVar, Generic, TypeVar

import attrs
from dateutil.rrule import WEEKLY, rrule

from medoffice._values import name_sequences
from medoffice.scheduling._model import Block, Break, DateOverride, Hours, Level
from medoffice.scheduling._time import (
    Ambiguous,
    Nonexistent,
    day_bounds,
    from_us,
    local_date,
    localize_or_none,
    to_us,
)

__all__ = [
    "Blocked",
    "DateClosed",
    "HoursReason",
    "OnBreak",
    "OutsideHours",
    "closed_reasons",
    "fitting_window",
    "working_windows",
]

_DAY = dt.timedelta(days=1)
_US = dt.timedelta(microseconds=1)
#: Expansion works in cached chunks of one UTC week (epoch-aligned).
_CHUNK = 7 * 86_400_000_000
_SF = Nonexistent.SHIFT_FORWARD
_EA = Ambiguous.EARLIER

Window = tuple[int, int]
_K = TypeVar("_K")
_V = TypeVar("_V")


# -- reasons ----------------------------------------------------------------------


def _who(resource: str | None) -> str:
    return resource if resource is not None else "the resource"


def _stamp(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M")


def _zone_name(value: dt.datetime) -> str:
    return str(getattr(value.tzinfo, "key", value.tzname()))


@attrs.frozen(kw_only=True)
class OutsideHours:
    """Part of the interval falls outside the resource's weekly working hours.

    Attributes:
        resource: The resource id (``None`` when the hours were asked about
            without one).
        start: Where the stretch outside working hours starts (in the hours' zone).
        end: Where it ends.

    >>> from datetime import datetime, timezone
    >>> str(OutsideHours(resource="dr-lee", start=datetime(2025, 1, 6, 17, tzinfo=timezone.utc),
    ...                  end=datetime(2025, 1, 6, 18, tzinfo=timezone.utc)))
    'dr-lee does not work from 2025-01-06 17:00 to 2025-01-06 18:00 (UTC)'
    """

    resource: str | None
    start: dt.datetime
    end: dt.datetime

    @property
    def level(self) -> Level:
        """Always :attr:`Level.BLOCK`: time outside working hours cannot be booked.

        >>> from datetime import datetime, timezone
        >>> t = datetime(2025, 1, 6, tzinfo=timezone.utc)
        >>> OutsideHours(resource=None, start=t, end=t).level
        <Level.BLOCK: 'block'>
        """
        return Level.BLOCK

    def __str__(self) -> str:
        return (
            f"{_who(self.resource)} does not work from {_stamp(self.start)} "
            f"to {_stamp(self.end)} ({_zone_name(self.start)})"
        )


@attrs.frozen(kw_only=True, field_transformer=name_sequences)
class DateClosed:
    """A date override closes the day, or replaces its hours with others.

    Attributes:
        resource: The resource id, or ``None``.
        date: The local date of the override.
        reason: The override's reason ("holiday").
        windows: The replacement hours; empty when the day is closed.

    >>> from datetime import date, time
    >>> str(DateClosed(resource="dr-lee", date=date(2025, 12, 25), reason="holiday"))
    'dr-lee is closed on 2025-12-25 (holiday)'
    >>> str(DateClosed(resource="dr-lee", date=date(2025, 12, 24), windows=((time(9), time(12)),)))
    'dr-lee has special hours on 2025-12-24: 09:00-12:00'
    """

    resource: str | None
    date: dt.date
    reason: str = ""
    windows: tuple[tuple[dt.time, dt.time], ...] = ()

    @property
    def level(self) -> Level:
        """Always :attr:`Level.BLOCK`.

        >>> from datetime import date
        >>> DateClosed(resource=None, date=date(2025, 12, 25)).level
        <Level.BLOCK: 'block'>
        """
        return Level.BLOCK

    def __str__(self) -> str:
        why = f" ({self.reason})" if self.reason else ""
        if not self.windows:
            return f"{_who(self.resource)} is closed on {self.date.isoformat()}{why}"
        hours = ", ".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in self.windows)
        return f"{_who(self.resource)} has special hours on {self.date.isoformat()}: {hours}{why}"


@attrs.frozen(kw_only=True)
class _Period:
    resource: str | None
    reason: str
    start: dt.datetime
    end: dt.datetime
    level: Level = attrs.field(converter=Level)

    _what: ClassVar[str] = ""

    def __str__(self) -> str:
        why = f" ({self.reason})" if self.reason else ""
        return (
            f"{_who(self.resource)} is {self._what}{why} from {_stamp(self.start)} "
            f"to {_stamp(self.end)} ({_zone_name(self.start)}) [{self.level.value}]"
        )


@attrs.frozen(kw_only=True)
class OnBreak(_Period):
    """A recurring break (lunch) overlaps the interval.

    Attributes:
        resource: The resource id, or ``None``.
        reason: The break's reason.
        start: This occurrence's start (in the hours' zone).
        end: Its end.
        level: ``block`` removes the time; ``warn``/``info`` only note it.

    >>> from datetime import datetime, timezone
    >>> str(OnBreak(resource="dr-lee", reason="lunch", start=datetime(2025, 1, 6, 12, tzinfo=timezone.utc),
    ...             end=datetime(2025, 1, 6, 13, tzinfo=timezone.utc), level="block"))
    'dr-lee is on a break (lunch) from 2025-01-06 12:00 to 2025-01-06 13:00 (UTC) [block]'
    """

    _what: ClassVar[str] = "on a break"


@attrs.frozen(kw_only=True)
class Blocked(_Period):
    """A one-off block (out of office, a meeting) overlaps the interval.

    Attributes:
        resource: The resource id, or ``None``.
        reason: The block's reason.
        start: The block's start (in the hours' zone).
        end: Its end.
        level: ``block`` removes the time; ``warn``/``info`` only note it.

    >>> from datetime import datetime, timezone
    >>> str(Blocked(resource="room-1", reason="deep clean", start=datetime(2025, 1, 6, 14, tzinfo=timezone.utc),
    ...             end=datetime(2025, 1, 6, 16, tzinfo=timezone.utc), level="warn"))
    'room-1 is blocked (deep clean) from 2025-01-06 14:00 to 2025-01-06 16:00 (UTC) [warn]'
    """

    _what: ClassVar[str] = "blocked"


HoursReason = OutsideHours | DateClosed | OnBreak | Blocked


# -- interval helpers -------------------------------------------------------------


def _merge(windows: Iterable[Window]) -> list[Window]:
    out: list[Window] = []
    for start, end in sorted(windows):
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def _subtract(windows: list[Window], cuts: Iterable[Window]) -> list[Window]:
    """``windows`` (sorted, merged) minus the union of ``cuts``."""
    out = windows
    for cut_start, cut_end in _merge(cuts):
        kept: list[Window] = []
        for start, end in out:
            if end <= cut_start or start >= cut_end:
                kept.append((start, end))
                continue
            if start < cut_start:
                kept.append((start, cut_start))
            if end > cut_end:
                kept.append((cut_end, end))
        out = kept
    return out


# -- expansion --------------------------------------------------------------------


def _span(
    day: dt.date, start: dt.time, end: dt.time, tz: dt.tzinfo, *, nx: Nonexistent, am: Ambiguous
) -> Window | None:
    """The instants of a wall-clock window on a local date (``None`` if empty or skipped)."""
    lo = localize_or_none(dt.datetime.combine(day, start), tz, nonexistent=nx, ambiguous=am)
    hi = localize_or_none(dt.datetime.combine(day, end), tz, nonexistent=nx, ambiguous=am)
    if lo is None or hi is None:
        return None
    lo_us, hi_us = to_us(lo), to_us(hi)
    return (lo_us, hi_us) if hi_us > lo_us else None


#: Weekly rules are expanded by ``rrule`` in memoised blocks of this many days.
_BLOCK = 14
_LAST_ORDINAL = dt.date.max.toordinal()
_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
_DAY_US = 86_400_000_000


@functools.lru_cache(maxsize=2048)
def _block_dates(days: frozenset[int], block: int) -> tuple[int, ...]:
    """The ordinals of the dates in block ``block`` whose weekday is in ``days``, via ``rrule``.

    Keyed by value (a frozenset and an int), so an entry can never be stale.
    """
    first = block * _BLOCK + 1
    last = min(first + _BLOCK - 1, _LAST_ORDINAL)
    rule = rrule(
        WEEKLY,
        byweekday=sorted(days),
        dtstart=dt.datetime.combine(dt.date.fromordinal(first), dt.time()),
        until=dt.datetime.combine(dt.date.fromordinal(last), dt.time()),
    )
    return tuple(occurrence.toordinal() for occurrence in rule)


def _occurrences(days: frozenset[int], first: int, last: int) -> Iterator[int]:
    """The ordinals of the local dates in ``[first, last]`` whose weekday is in ``days``.

    ``rrule`` decides which dates a weekly rule hits; its expansion is
    memoised in blocks of :data:`_BLOCK` days that start near the query.
    """
    if not days:
        return
    for block in range((first - 1) // _BLOCK, (last - 1) // _BLOCK + 1):
        for ordinal in _block_dates(days, block):
            if first <= ordinal <= last:
                yield ordinal


def _time_us(value: dt.time) -> int:
    return ((value.hour * 60 + value.minute) * 60 + value.second) * 1_000_000 + value.microsecond


@functools.lru_cache(maxsize=8192)
def _midnight(tz: dt.tzinfo, ordinal: int) -> int | None:
    """The UTC offset (µs) at local midnight of day ``ordinal``, ``None`` if a change is there.

    Keyed by value (the zone and the day), so an entry can never be stale.
    """
    day = dt.date.fromordinal(ordinal)
    early = dt.datetime(day.year, day.month, day.day, tzinfo=tz).utcoffset()
    late = dt.datetime(day.year, day.month, day.day, tzinfo=tz, fold=1).utcoffset()
    return None if early is None or early != late else early // _US


class _Clock:
    """Wall-clock windows on local dates as instants, with one UTC offset per plain day.

    A local day is *plain* when its midnight and the next one exist once each
    and read the same UTC offset: then every wall time of the day is that
    offset away from UTC (tzdata never changes a zone's offset twice within a
    day; the closest changes are four days apart), and a window costs two
    additions. Any other day goes through :func:`_span` and the policies.
    """

    __slots__ = ("am", "bases", "nx", "tz")

    def __init__(
        self, tz: dt.tzinfo, first: int, last: int, nx: Nonexistent, am: Ambiguous
    ) -> None:
        self.tz = tz
        self.nx = nx
        self.am = am
        #: Per plain day in ``[first, last]``: the instant of its wall-clock 00:00.
        self.bases: dict[int, int] = {}
        offset = _midnight(tz, first)
        for ordinal in range(first, min(last, _LAST_ORDINAL - 1) + 1):
            following = _midnight(tz, ordinal + 1)
            if offset is not None and offset == following:
                self.bases[ordinal] = (ordinal - _EPOCH_ORDINAL) * _DAY_US - offset
            offset = following

    def span(self, ordinal: int, start: dt.time, end: dt.time) -> Window | None:
        """The instants of ``[start, end)`` on local day ``ordinal`` (``None``: empty or skipped)."""
        base = self.bases.get(ordinal)
        if base is not None:
            return base + _time_us(start), base + _time_us(end)  # end > start: validated
        return _span(dt.date.fromordinal(ordinal), start, end, self.tz, nx=self.nx, am=self.am)


def _overrides_by_date(hours: Hours) -> dict[dt.date, list[DateOverride]]:
    found: dict[dt.date, list[DateOverride]] = {}
    for override in hours.overrides:
        found.setdefault(override.date, []).append(override)
    return found


@attrs.frozen
class _Expansion:
    """Base windows (weekly or override, tagged with their date's ordinal) and break occurrences."""

    base: list[tuple[int, int, int]]
    breaks: list[tuple[int, int, Break]]


def _expand(
    hours: Hours, first: dt.date, last: dt.date, nx: Nonexistent, am: Ambiguous
) -> _Expansion:
    lo, hi = first.toordinal(), last.toordinal()
    clock = _Clock(hours.zone, lo, hi, nx, am)
    overrides = {day.toordinal(): items for day, items in _overrides_by_date(hours).items()}
    base: list[tuple[int, int, int]] = []
    for weekly in hours.weekly:
        for day in _occurrences(weekly.days, lo, hi):
            if day not in overrides:
                span = clock.span(day, weekly.start, weekly.end)
                if span is not None:
                    base.append((*span, day))
    for day, items in overrides.items():
        if lo <= day <= hi:
            for item in items:
                for start, end in item.windows:
                    span = clock.span(day, start, end)
                    if span is not None:
                        base.append((*span, day))
    breaks: list[tuple[int, int, Break]] = []
    for pause in hours.breaks:
        for day in _occurrences(pause.days, lo, hi):
            span = clock.span(day, pause.start, pause.end)
            if span is not None:
                breaks.append((*span, pause))
    return _Expansion(base=base, breaks=breaks)


def _block_spans(blocks: Iterable[Block]) -> list[Window]:
    return [(to_us(b.start), to_us(b.end)) for b in blocks if b.level is Level.BLOCK]


class IdentityMemo(Generic[_K, _V]):
    """A bounded memo of a pure function of one frozen value, keyed by its identity.

    A lookup hashes an ``int`` (``id``), not the value, so it costs the same for a
    large value. Each entry holds its value, so that id is not reused while the
    entry lives, and the entry is checked to hold the very same value; a frozen
    value cannot change, so an entry is never stale. Equal but distinct values
    only miss. Bounded: emptied when full.

    >>> from medoffice.scheduling import Hours
    >>> memo = IdentityMemo(lambda h: h.zone.key, maxsize=2)
    >>> h = Hours(timezone="UTC")
    >>> memo(h), memo(h), len(memo)
    ('UTC', 'UTC', 1)
    """

    __slots__ = ("_function", "_maxsize", "_memo")

    def __init__(self, function: Callable[[_K], _V], *, maxsize: int) -> None:
        self._function = function
        self._maxsize = maxsize
        self._memo: dict[int, tuple[_K, _V]] = {}

    def __call__(self, value: _K) -> _V:
        """The function's result for ``value``, computed once per value.

        >>> IdentityMemo(str, maxsize=1)(5)
        '5'
        """
        found = self._memo.get(id(value))
        if found is not None and found[0] is value:
            return found[1]
        result = self._function(value)
        if len(self._memo) >= self._maxsize:
            self._memo.clear()
        self._memo[id(value)] = (value, result)
        return result

    def __len__(self) -> int:
        return len(self._memo)


def _chunk_windows(hours: Hours, index: int, nx: Nonexistent, am: Ambiguous) -> tuple[Window, ...]:
    """The maximal bookable windows that overlap UTC chunk ``index``, unclipped."""
    lo, hi = index * _CHUNK, (index + 1) * _CHUNK
    tz = hours.zone
    expansion = _expand(hours, local_date(lo, tz) - _DAY, local_date(hi, tz) + _DAY, nx, am)
    windows = _merge((s, e) for s, e, _ in expansion.base)
    cuts = [(s, e) for s, e, pause in expansion.breaks if pause.level is Level.BLOCK]
    windows = _subtract(windows, cuts + _block_spans(hours.blocks))
    return tuple(w for w in windows if w[1] > lo and w[0] < hi)


class _ChunkMemo:
    """:func:`_chunk_windows`, memoised by ``Hours`` identity, chunk and policies.

    The key is made of ``id`` values, so a lookup hashes four ints, not a deep
    ``Hours``. Each entry holds its ``Hours``, so that id cannot be reused
    while the entry lives (and the entry is checked to hold the same one); a
    frozen ``Hours`` cannot change, so an entry is never stale. Equal but
    distinct ``Hours`` only miss the cache. Bounded: emptied when full.

    ``cache_clear`` empties every memo of this module (the rrule blocks and
    midnight offsets too), so that a cold measurement is really cold.
    """

    __slots__ = ("_memo", "maxsize")

    def __init__(self, maxsize: int = 16384) -> None:
        #: At most this many (Hours, week) entries.
        self.maxsize = maxsize
        self._memo: dict[tuple[int, int, int, int], tuple[Hours, tuple[Window, ...]]] = {}

    def __call__(
        self, hours: Hours, index: int, nx: Nonexistent, am: Ambiguous
    ) -> tuple[Window, ...]:
        key = (id(hours), index, id(nx), id(am))
        found = self._memo.get(key)
        if found is not None and found[0] is hours:
            return found[1]
        windows = _chunk_windows(hours, index, nx, am)
        if len(self._memo) >= self.maxsize:
            self._memo.clear()
        self._memo[key] = (hours, windows)
        return windows

    def __len__(self) -> int:
        return len(self._memo)

    def cache_clear(self) -> None:
        """Empty every hours memo."""
        self._memo.clear()
        _block_dates.cache_clear()
        _midnight.cache_clear()


_chunk = _ChunkMemo()


def _windows_between(
    hours: Hours, start_us: int, end_us: int, nx: Nonexistent, am: Ambiguous
) -> Iterator[Window]:
    """The maximal windows overlapping ``[start_us, end_us)``, in order, unclipped."""
    last_end: int | None = None
    for index in range(start_us // _CHUNK, (end_us - 1) // _CHUNK + 1):
        for window in _chunk(hours, index, nx, am):
            if window[1] <= start_us or (last_end is not None and window[0] < last_end):
                continue
            if window[0] >= end_us:
                return
            last_end = window[1]
            yield window


def working_windows(
    hours: Hours | None,
    start_us: int,
    end_us: int,
    *,
    nonexistent: Nonexistent = _SF,
    ambiguous: Ambiguous = _EA,
) -> tuple[Window, ...]:
    """The bookable windows within ``[start_us, end_us)``, sorted and merged.

    Args:
        hours: The resource's hours; ``None`` means always available.
        start_us: The query's start (epoch microseconds, UTC).
        end_us: Its end (exclusive).
        nonexistent: How to read a wall time that a spring-forward skips
            (``SKIP`` drops a window whose start or end is skipped).
        ambiguous: Which instant to take for a repeated wall time.

    Returns:
        Half-open ``(start_us, end_us)`` pairs, clipped to the query.

    >>> from datetime import date, datetime, time, timezone
    >>> from medoffice.scheduling import DateOverride, Hours, WeeklyHours
    >>> from medoffice.scheduling._time import to_us
    >>> h = Hours(timezone="UTC", weekly=(WeeklyHours(days=range(7), start=time(9), end=time(17)),),
    ...           overrides=(DateOverride(date=date(2025, 1, 7), reason="holiday"),))
    >>> lo, hi = to_us(datetime(2025, 1, 6, tzinfo=timezone.utc)), to_us(datetime(2025, 1, 9, tzinfo=timezone.utc))
    >>> [(s - lo) // 3_600_000_000 for w in working_windows(h, lo, hi) for s in w]
    [9, 17, 57, 65]
    >>> working_windows(None, 0, 10)
    ((0, 10),)
    """
    if end_us <= start_us:
        return ()
    if hours is None:
        return ((start_us, end_us),)
    return tuple(
        (max(s, start_us), min(e, end_us))
        for s, e in _windows_between(hours, start_us, end_us, nonexistent, ambiguous)
    )


def fitting_window(
    hours: Hours | None,
    at_us: int,
    length_us: int,
    until_us: int,
    *,
    nonexistent: Nonexistent = _SF,
    ambiguous: Ambiguous = _EA,
) -> Window | None:
    """The first window holding ``[x, x + length_us)`` for some ``at_us <= x <= until_us``.

    Returns ``(x, window_end)`` for the smallest such ``x``, or ``None``. With
    ``hours=None`` the resource is always available: ``(at_us, until_us + length_us)``.

    >>> from datetime import datetime, time, timezone
    >>> from medoffice.scheduling import Hours, WeeklyHours
    >>> from medoffice.scheduling._time import to_us
    >>> h = Hours(timezone="UTC", weekly=(WeeklyHours(days=range(7), start=time(9), end=time(10)),))
    >>> t = to_us(datetime(2025, 1, 6, 9, 45, tzinfo=timezone.utc))
    >>> hour = 3_600_000_000
    >>> x, end = fitting_window(h, t, hour // 2, t + 2 * 24 * hour)
    >>> (x - t) / hour, (end - x) / hour
    (23.25, 1.0)
    """
    if at_us > until_us:
        return None
    if hours is None:
        return (at_us, until_us + length_us)
    # _windows_between, inlined: this is the hot path of earliest_slot.
    end_us = until_us + length_us
    last_end: int | None = None
    for index in range(at_us // _CHUNK, (end_us - 1) // _CHUNK + 1):
        for start, end in _chunk(hours, index, nonexistent, ambiguous):
            if end <= at_us or (last_end is not None and start < last_end):
                continue
            if start >= end_us:
                return None
            last_end = end
            x = start if start > at_us else at_us
            if x > until_us:
                return None
            if x + length_us <= end:
                return (x, end)
    return None


# -- reasons ----------------------------------------------------------------------


def _local(us: int, tz: dt.tzinfo) -> dt.datetime:
    return from_us(us).astimezone(tz)


def _overlaps_any(start: int, end: int, windows: list[Window]) -> bool:
    return any(s < end and start < e for s, e in windows)


def closed_reasons(
    hours: Hours | None,
    start_us: int,
    end_us: int,
    *,
    resource: str | None = None,
    nonexistent: Nonexistent = _SF,
    ambiguous: Ambiguous = _EA,
) -> tuple[HoursReason, ...]:
    """Why ``[start_us, end_us)`` is not (or only softly) inside working time.

    Reports each stretch outside the weekly hours (:class:`OutsideHours`),
    each date whose override closes the day or replaces its hours
    (:class:`DateClosed`), and each break (:class:`OnBreak`) and block
    (:class:`Blocked`), of any level, that overlaps the interval where the
    resource would otherwise work. The interval lies within
    :func:`working_windows` exactly when no reason has level ``block``.

    Args:
        hours: The resource's hours; ``None`` (always available) gives ``()``.
        start_us: The interval's start (epoch microseconds, UTC).
        end_us: Its end (exclusive).
        resource: The id to name in the reasons (default: ``hours.resource``).
        nonexistent: As for :func:`working_windows`.
        ambiguous: As for :func:`working_windows`.

    >>> from datetime import date, datetime, time, timezone
    >>> from medoffice.scheduling import Break, DateOverride, Hours, WeeklyHours
    >>> from medoffice.scheduling._time import to_us
    >>> h = Hours(resource="dr-lee", timezone="UTC",
    ...           weekly=(WeeklyHours(days=range(5), start=time(9), end=time(17)),),
    ...           breaks=(Break(days=range(5), start=time(12), end=time(13), reason="lunch"),),
    ...           overrides=(DateOverride(date=date(2025, 1, 7), reason="training"),))
    >>> utc = timezone.utc
    >>> for r in closed_reasons(h, to_us(datetime(2025, 1, 6, 12, 30, tzinfo=utc)),
    ...                         to_us(datetime(2025, 1, 7, 10, tzinfo=utc))):
    ...     print(r)
    dr-lee is on a break (lunch) from 2025-01-06 12:00 to 2025-01-06 13:00 (UTC) [block]
    dr-lee does not work from 2025-01-06 17:00 to 2025-01-07 00:00 (UTC)
    dr-lee is closed on 2025-01-07 (training)
    """
    if hours is None or end_us <= start_us:
        return ()
    who = hours.resource if resource is None else resource
    tz = hours.zone
    first, last = local_date(start_us, tz) - _DAY, local_date(end_us, tz) + _DAY
    expansion = _expand(hours, first, last, nonexistent, ambiguous)
    base = _merge((s, e) for s, e, _ in expansion.base)
    inside = [(max(s, start_us), min(e, end_us)) for s, e in base if s < end_us and e > start_us]
    found: list[tuple[int, int, HoursReason]] = []
    overrides = _overrides_by_date(hours)
    # Stretches outside the base hours, cut at local midnights.
    outside: list[Window] = []
    for gap_start, gap_end in _subtract([(start_us, end_us)], inside):
        cursor = gap_start
        while cursor < gap_end:
            day = local_date(cursor, tz)
            piece_end = min(gap_end, day_bounds(day, tz)[1])
            if day in overrides:
                items = overrides[day]
                reason = DateClosed(
                    resource=who,
                    date=day,
                    reason="; ".join(o.reason for o in items if o.reason),
                    windows=tuple(sorted(w for o in items for w in o.windows)),
                )
                if not any(r == reason for _, _, r in found):
                    found.append((cursor, 0, reason))
            elif outside and outside[-1][1] == cursor:
                outside[-1] = (outside[-1][0], piece_end)
            else:
                outside.append((cursor, piece_end))
            cursor = piece_end
    for s, e in outside:
        found.append((s, 1, OutsideHours(resource=who, start=_local(s, tz), end=_local(e, tz))))
    for s, e, pause in expansion.breaks:
        if _overlaps_any(s, e, inside):
            found.append(
                (s, 2, OnBreak(resource=who, reason=pause.reason, start=_local(s, tz),
                               end=_local(e, tz), level=pause.level))
            )  # fmt: skip
    for block in hours.blocks:
        s, e = to_us(block.start), to_us(block.end)
        if _overlaps_any(s, e, inside):
            found.append(
                (s, 3, Blocked(resource=who, reason=block.reason, start=_local(s, tz),
                               end=_local(e, tz), level=block.level))
            )  # fmt: skip
    found.sort(key=lambda item: (item[0], item[1]))
    return tuple(reason for _, _, reason in found)
