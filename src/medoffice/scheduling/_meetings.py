"""Staff meetings: the common free time of several people, each in their own hours.

:func:`common_free_time` ranks the spans of time when every *required* attendee
is free inside their own working hours (each in their own time zone) and as many
*optional* attendees as possible (FHIR ``Appointment.participant.required``).

A result is a :class:`MeetingTime`: a **maximal** span ``[start, end)`` at least
``duration`` long, the attendees free for the whole of it and the optional ones
who are not. "Maximal" means that the span cannot grow on either side without
losing one of its attendees (or leaving the search window), so any meeting of
``duration`` placed inside it has at least those attendees. One instant can lie
in several results: a long span where one optional attendee is missing, and the
shorter spans inside it where everybody is free. Results come fewest missing
first, then earliest start, then longest. Instants are kept in UTC, as
everywhere in :mod:`medoffice.scheduling` (``astimezone`` them to show them).

>>> from datetime import datetime, time, timedelta
>>> from zoneinfo import ZoneInfo
>>> from medoffice.scheduling import Hours, WeeklyHours
>>> utc = ZoneInfo("UTC")
>>> def nine_to_five(tz):
...     return Hours(timezone=tz, weekly=(WeeklyHours(days=range(5), start=time(9), end=time(17)),))
>>> ny = Attendee(id="dr-lee", hours=nine_to_five("America/New_York"))
>>> london = Attendee(id="dr-kaur", hours=nine_to_five("Europe/London"),
...                   busy=((datetime(2025, 1, 6, 15, tzinfo=utc), datetime(2025, 1, 6, 16, tzinfo=utc)),))
>>> best = common_free_time((ny, london), (datetime(2025, 1, 6, tzinfo=utc), datetime(2025, 1, 7, tzinfo=utc)),
...                         duration=timedelta(minutes=30), required=("dr-lee",), optional=("dr-kaur",))
>>> for m in best:
...     print(m.start.strftime("%H:%M"), m.end.strftime("%H:%M"), m.attendees, m.missing)
14:00 15:00 ('dr-kaur', 'dr-lee') ()
16:00 17:00 ('dr-kaur', 'dr-lee') ()
14:00 22:00 ('dr-lee',) ('dr-kaur',)
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol

import attrs

from medoffice._values import name_sequences
from medoffice.scheduling._hours import _merge, working_windows
from medoffice.scheduling._model import Hours, _nonempty_id, _tuple, _utc_end, _utc_start
from medoffice.scheduling._time import from_us, require_aware, to_us

__all__ = ["Attendee", "MeetingTime", "attendees_from", "common_free_time"]

_Span = tuple[int, int]
_ZERO = dt.timedelta(0)
_US = dt.timedelta(microseconds=1)


# -- values -----------------------------------------------------------------------


def _intervals(value: Iterable[object]) -> tuple[tuple[dt.datetime, dt.datetime], ...]:
    out: list[tuple[dt.datetime, dt.datetime]] = []
    for item in value:
        if not isinstance(item, tuple | list) or len(item) != 2:
            msg = "busy: each interval is a (start, end) pair of aware datetimes"
            raise TypeError(msg)
        start = require_aware(item[0], "busy").astimezone(dt.UTC)
        end = require_aware(item[1], "busy").astimezone(dt.UTC)
        if end < start:
            msg = "busy: an interval's end must not be before its start"
            raise ValueError(msg)
        out.append((start, end))
    return tuple(out)


def _hours(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, Hours):
        msg = f"{attribute.name}: must be Hours or None (available at any time)"
        raise TypeError(msg)


@attrs.frozen(kw_only=True, field_transformer=name_sequences)
class Attendee:
    """Someone who may come to a meeting: their hours and when they are busy.

    Attributes:
        id: The attendee's key (a staff or provider id), unique in one search.
        hours: Their working hours, in their own time zone (:class:`Hours`;
            weekly hours, breaks, date overrides and blocks all count), or
            ``None``: available at any time.
        busy: Half-open ``(start, end)`` intervals of aware datetimes when they
            are taken, in any order, overlapping or not; kept as the same
            instants in UTC. Zero-length intervals take no time.

    >>> from datetime import datetime, timezone
    >>> a = Attendee(id="dr-lee", busy=[(datetime(2025, 1, 6, 14, tzinfo=timezone.utc),
    ...                                  datetime(2025, 1, 6, 15, tzinfo=timezone.utc))])
    >>> len(a.busy), a.hours is None
    (1, True)
    """

    id: str = attrs.field(validator=_nonempty_id)
    hours: Hours | None = attrs.field(default=None, validator=_hours)
    busy: tuple[tuple[dt.datetime, dt.datetime], ...] = attrs.field(
        default=(), converter=_intervals
    )
    # The busy intervals as sorted, merged epoch microseconds, computed once.
    _busy_us: tuple[_Span, ...] = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        spans = ((to_us(start), to_us(end)) for start, end in self.busy)
        object.__setattr__(self, "_busy_us", tuple(_merge(s for s in spans if s[1] > s[0])))


@attrs.frozen(kw_only=True, field_transformer=name_sequences)
class MeetingTime:
    """A maximal span when a set of attendees are all free (one result of a search).

    Attributes:
        start: Where the span starts: any aware datetime, kept as the same
            instant in UTC (as every instant in :mod:`medoffice.scheduling`).
        end: Where it ends (exclusive, kept in UTC); ``end - start`` is at
            least the meeting's duration.
        attendees: Everyone free for the whole span (the required attendees
            and the optional ones who can come), sorted.
        missing: The optional attendees who are not free for the whole span,
            sorted.

    >>> from datetime import datetime, timezone
    >>> m = MeetingTime(start=datetime(2025, 1, 6, 14, tzinfo=timezone.utc),
    ...                 end=datetime(2025, 1, 6, 15, tzinfo=timezone.utc),
    ...                 attendees=("dr-lee",), missing=("dr-kaur",))
    >>> m.duration
    datetime.timedelta(seconds=3600)
    """

    start: dt.datetime = attrs.field(converter=_utc_start)
    end: dt.datetime = attrs.field(converter=_utc_end)
    attendees: tuple[str, ...] = attrs.field(converter=_tuple)
    missing: tuple[str, ...] = attrs.field(default=(), converter=_tuple)

    def __attrs_post_init__(self) -> None:
        if to_us(self.end) <= to_us(self.start):
            msg = "end: must be after start"
            raise ValueError(msg)

    @property
    def duration(self) -> dt.timedelta:
        """How long the span is (``end - start``, as instants).

        >>> from datetime import datetime, timezone
        >>> MeetingTime(start=datetime(2025, 1, 6, 9, tzinfo=timezone.utc),
        ...             end=datetime(2025, 1, 6, 9, 45, tzinfo=timezone.utc),
        ...             attendees=("a",)).duration
        datetime.timedelta(seconds=2700)
        """
        return (to_us(self.end) - to_us(self.start)) * _US


# -- interval algebra on sorted epoch microseconds --------------------------------


def _intersect(left: Sequence[_Span], right: Sequence[_Span]) -> list[_Span]:
    """The common part of two sorted, disjoint span lists (two pointers)."""
    out: list[_Span] = []
    i = j = 0
    while i < len(left) and j < len(right):
        start = max(left[i][0], right[j][0])
        end = min(left[i][1], right[j][1])
        if start < end:
            out.append((start, end))
        if left[i][1] <= right[j][1]:
            i += 1
        else:
            j += 1
    return out


def _subtract(free: Sequence[_Span], busy: Sequence[_Span]) -> list[_Span]:
    """``free`` minus ``busy``; both sorted and disjoint (two pointers)."""
    out: list[_Span] = []
    j = 0
    for start, end in free:
        while j < len(busy) and busy[j][1] <= start:
            j += 1
        k = j
        cursor = start
        while k < len(busy) and busy[k][0] < end:
            if busy[k][0] > cursor:
                out.append((cursor, busy[k][0]))
            cursor = max(cursor, busy[k][1])
            k += 1
        if cursor < end:
            out.append((cursor, end))
    return out


def _segments(
    span: _Span, times: Sequence[int], masks: Sequence[int]
) -> tuple[list[int], list[int], list[int]]:
    """Cut ``span`` where the optional attendees' free set changes.

    ``times`` are the sorted change points and ``masks[i]`` the free set (a bit
    per optional attendee) from ``times[i]`` to the next one.
    """
    low, high = span
    i = bisect.bisect_right(times, low) - 1
    starts = [low]
    bits = [masks[i] if i >= 0 else 0]
    for j in range(i + 1, bisect.bisect_left(times, high)):
        starts.append(times[j])
        bits.append(masks[j])
    ends = [*starts[1:], high]
    return starts, ends, bits


def _closed_spans(
    starts: Sequence[int], ends: Sequence[int], bits: Sequence[int], width: int, shortest: int
) -> Iterator[tuple[int, int, int]]:
    """Every maximal run of segments for the set of attendees free all along it.

    For a start segment ``i`` the runs that begin there end just before the
    segment where one of its attendees first drops out; the run is kept if the
    segment before ``i`` lacks one of the run's attendees (else the run is not
    maximal on the left) and it is at least ``shortest`` long.
    """
    count = len(bits)
    # nxt[b]: the first segment after the current one where attendee b is not free.
    nxt = [count] * width
    firsts: list[list[int]] = [[]] * count
    for i in range(count - 1, -1, -1):
        mask = bits[i]
        firsts[i] = [nxt[b] if mask >> b & 1 else -1 for b in range(width)]
        for b in range(width):
            if not mask >> b & 1:
                nxt[b] = i
    for i in range(count):
        mask = bits[i]
        before = bits[i - 1] if i else -1
        if i and before & mask == mask:
            continue
        drop: dict[int, int] = {}
        for b, first in enumerate(firsts[i]):
            if first >= 0:
                drop[first] = drop.get(first, 0) | 1 << b
        drop.setdefault(count, 0)
        for stop in sorted(drop):
            if i and before & mask == mask:
                break
            if ends[stop - 1] - starts[i] >= shortest:
                yield starts[i], ends[stop - 1], mask
            mask &= ~drop[stop]


# -- the search -------------------------------------------------------------------


class _BusySource(Protocol):
    """What :func:`attendees_from` needs of a calendar (a ``Calendar`` has it)."""

    def busy(
        self, resource_id: str, start_us: int, end_us: int
    ) -> Iterable[tuple[int, int, str]]: ...  # pragma: no cover


class _HoursSource(Protocol):
    """What :func:`attendees_from` needs of the booking rules (``Availability`` has it)."""

    def hours_for(self, resource_id: str) -> Hours | None: ...  # pragma: no cover


def _window(value: object) -> tuple[int, int]:
    if not isinstance(value, tuple | list) or len(value) != 2:
        msg = "window: must be a (start, end) pair of aware datetimes"
        raise TypeError(msg)
    start = require_aware(value[0], "window")
    end = require_aware(value[1], "window")
    start_us, end_us = to_us(start), to_us(end)
    if end_us <= start_us:
        msg = "window: end must be after start"
        raise ValueError(msg)
    return start_us, end_us


def _ids(value: object, field: str) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        msg = f"{field}: must be a collection of attendee ids, not a single string"
        raise TypeError(msg)
    out: dict[str, None] = {}
    for item in value:
        if not isinstance(item, str):
            msg = f"{field}: attendee ids are strings"
            raise TypeError(msg)
        out[item] = None
    return tuple(out)


def _check(
    attendees: Iterable[object],
    duration: object,
    required: object,
    optional: object,
    limit: object,
) -> tuple[dict[str, Attendee], tuple[str, ...], tuple[str, ...]]:
    if isinstance(attendees, Attendee | str) or not isinstance(attendees, Iterable):
        msg = "attendees: must be a collection of Attendee values"
        raise TypeError(msg)
    by_id: dict[str, Attendee] = {}
    for attendee in attendees:
        if not isinstance(attendee, Attendee):
            msg = "attendees: every item must be an Attendee"
            raise TypeError(msg)
        if attendee.id in by_id:
            msg = f"attendees: {attendee.id!r} is listed twice"
            raise ValueError(msg)
        by_id[attendee.id] = attendee
    if not isinstance(duration, dt.timedelta):
        msg = "duration: must be a timedelta"
        raise TypeError(msg)
    if duration <= _ZERO:
        msg = "duration: must be longer than zero"
        raise ValueError(msg)
    if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool)):
        msg = "limit: must be an integer or None"
        raise TypeError(msg)
    if limit is not None and limit < 1:
        msg = "limit: must be at least 1"
        raise ValueError(msg)
    need = _ids(required, "required")
    may = _ids(optional, "optional")
    if not need:
        msg = "required: name at least one attendee"
        raise ValueError(msg)
    for field, ids in (("required", need), ("optional", may)):
        for key in ids:
            if key not in by_id:
                msg = f"{field}: {key!r} is not one of the attendees"
                raise ValueError(msg)
    both = sorted(set(need) & set(may))
    if both:
        msg = f"optional: {both[0]!r} is also required"
        raise ValueError(msg)
    return by_id, need, may


def common_free_time(
    attendees: Iterable[Attendee],
    window: tuple[dt.datetime, dt.datetime],
    *,
    duration: dt.timedelta,
    required: Iterable[str],
    optional: Iterable[str] = (),
    limit: int | None = None,
) -> tuple[MeetingTime, ...]:
    """Rank the times a meeting of ``duration`` fits, inside ``window``.

    Each attendee is free inside their own working hours (in their own time
    zone; ``hours=None`` is any time) minus their busy intervals. The results
    are the maximal spans at least ``duration`` long when every ``required``
    attendee is free, each with the optional attendees free for the whole span
    (``attendees``) and those who are not (``missing``); spans are clipped to
    the window. They come fewest missing first, then earliest start, then
    longest first; ``limit`` keeps only the first so many. Attendees named in
    neither list are ignored.

    Args:
        attendees: The people, each with a unique ``id``.
        window: ``(start, end)``, aware datetimes (any zones): where to look.
        duration: How long the meeting is (a positive timedelta).
        required: Ids of the attendees who must all be there (at least one).
        optional: Ids of the attendees who may come (none of them required).
        limit: At most this many results (the best ones), if set.

    Returns:
        The ranked :class:`MeetingTime` spans; an empty tuple when the required
        attendees have no common free span that long.

    Raises:
        ValueError: An unknown or doubly listed id, no required attendee, an
            empty window, or a duration or limit that is not positive.
        TypeError: Arguments of the wrong type (naive datetimes: ``ValueError``).

    >>> from datetime import datetime, timedelta, timezone
    >>> day = (datetime(2025, 1, 6, 9, tzinfo=timezone.utc), datetime(2025, 1, 6, 12, tzinfo=timezone.utc))
    >>> a = Attendee(id="a", busy=((datetime(2025, 1, 6, 10, tzinfo=timezone.utc),
    ...                             datetime(2025, 1, 6, 11, tzinfo=timezone.utc)),))
    >>> [(m.start.hour, m.end.hour) for m in common_free_time(
    ...     (a,), day, duration=timedelta(hours=1), required=("a",))]
    [(9, 10), (11, 12)]
    >>> common_free_time((a,), day, duration=timedelta(hours=2), required=("a",))
    ()
    """
    by_id, need, may = _check(attendees, duration, required, optional, limit)
    low, high = _window(window)
    shortest = duration // _US
    # Equal hours (a clinic's default, shared by most staff) are expanded once.
    cache: dict[Hours | None, Sequence[_Span]] = {}

    def working(hours: Hours | None) -> Sequence[_Span]:
        if hours not in cache:
            cache[hours] = working_windows(hours, low, high)
        return cache[hours]

    common: Sequence[_Span] = [(low, high)]
    for hours in dict.fromkeys(by_id[key].hours for key in need):
        common = _intersect(common, working(hours))
    taken = _merge(itertools.chain.from_iterable(by_id[key]._busy_us for key in need))
    spans = [s for s in _subtract(common, taken) if s[1] - s[0] >= shortest]

    found: list[tuple[int, int, int]] = []
    if may and spans:
        flips: dict[int, int] = {}
        for bit, key in enumerate(may):
            person = by_id[key]
            for s, e in _subtract(working(person.hours), person._busy_us):
                flips[s] = flips.get(s, 0) ^ 1 << bit
                flips[e] = flips.get(e, 0) ^ 1 << bit
        times = sorted(flips)
        masks: list[int] = []
        mask = 0
        for t in times:
            mask ^= flips[t]
            masks.append(mask)
        for span in spans:
            starts, ends, bits = _segments(span, times, masks)
            found.extend(_closed_spans(starts, ends, bits, len(may), shortest))
    else:
        found = [(s, e, 0) for s, e in spans]

    full = (1 << len(may)) - 1
    found.sort(key=lambda f: ((full & ~f[2]).bit_count(), f[0], -f[1], -f[2]))
    if limit is not None:
        del found[limit:]
    out = []
    for s, e, mask in found:
        present = [key for bit, key in enumerate(may) if mask >> bit & 1]
        absent = [key for bit, key in enumerate(may) if not mask >> bit & 1]
        out.append(
            MeetingTime(
                start=from_us(s),
                end=from_us(e),
                attendees=tuple(sorted((*need, *present))),
                missing=tuple(sorted(absent)),
            )
        )
    return tuple(out)


def attendees_from(
    calendar: _BusySource,
    availability: _HoursSource,
    ids: Iterable[str],
    window: tuple[dt.datetime, dt.datetime],
) -> tuple[Attendee, ...]:
    """Attendees for :func:`common_free_time`, from a calendar and the clinic's hours.

    Each attendee's busy intervals are what ``calendar`` holds for that
    resource inside ``window`` (buffers included); their hours are
    ``availability.hours_for(id)``.

    >>> from datetime import datetime, time, timezone
    >>> from medoffice.scheduling import Availability, Hours, WeeklyHours
    >>> class Calendar:  # anything with busy(); a medoffice Calendar works too
    ...     def busy(self, resource_id, start_us, end_us):
    ...         return ((start_us, start_us + 3_600_000_000, "a1"),)
    >>> av = Availability(timezone="UTC", hours=(Hours(timezone="UTC",
    ...     weekly=(WeeklyHours(days=range(5), start=time(9), end=time(17)),)),))
    >>> window = (datetime(2025, 1, 6, 9, tzinfo=timezone.utc), datetime(2025, 1, 6, 17, tzinfo=timezone.utc))
    >>> (dr,) = attendees_from(Calendar(), av, ["dr-lee"], window)
    >>> dr.busy[0][1].hour, dr.hours.timezone
    (10, 'UTC')
    """
    low, high = _window(window)
    out = []
    for key in _ids(ids, "ids"):
        busy = tuple((from_us(s), from_us(e)) for s, e, _ in calendar.busy(key, low, high))
        out.append(Attendee(id=key, hours=availability.hours_for(key), busy=busy))
    return tuple(out)
