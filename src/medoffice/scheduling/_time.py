"""Instants, wall-clock times and time zones: the one place scheduling converts.

Everything in :mod:`medoffice.scheduling` sorts and sweeps on integer
microseconds since the Unix epoch (UTC), never on local datetimes: aware
datetimes that share a ``tzinfo`` object compare by wall time and ignore
``fold``, which misorders the repeated hour of a fall-back night.

Wall-clock times become instants only through :func:`localize`, with an explicit
:class:`Nonexistent` and :class:`Ambiguous` policy (after *whenever*'s named
choices), so a time that does not exist is never emitted.

>>> from datetime import datetime
>>> ny = zone("America/New_York")
>>> localize(datetime(2025, 3, 9, 2, 30), ny).isoformat()
'2025-03-09T03:30:00-04:00'
>>> localize(datetime(2025, 11, 2, 1, 30), ny, ambiguous=Ambiguous.LATER).isoformat()
'2025-11-02T01:30:00-05:00'
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import zoneinfo

from medoffice._values import require_aware
from medoffice.exceptions import LocalTimeError

__all__ = [
    "UTC",
    "Ambiguous",
    "Nonexistent",
    "day_bounds",
    "from_us",
    "is_aware",
    "local_date",
    "localize",
    "localize_or_none",
    "require_aware",
    "to_us",
    "zone",
]

UTC = dt.UTC
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_US = dt.timedelta(microseconds=1)


class Nonexistent(enum.Enum):
    """What to do with a local time that a spring-forward change skips.

    ``SHIFT_FORWARD`` moves it forward by the length of the gap (02:30 on a
    night that jumps from 02:00 to 03:00 becomes 03:30, as RFC 5545 reads a
    DTSTART in a gap); ``SKIP`` drops it; ``RAISE`` raises
    :class:`~medoffice.exceptions.LocalTimeError`.

    >>> Nonexistent("shift_forward") is Nonexistent.SHIFT_FORWARD
    True
    """

    SHIFT_FORWARD = "shift_forward"
    SKIP = "skip"
    RAISE = "raise"


class Ambiguous(enum.Enum):
    """Which instant to take for a local time that a fall-back change repeats.

    ``EARLIER`` is the first (daylight) one, ``LATER`` the second (standard)
    one; ``RAISE`` raises :class:`~medoffice.exceptions.LocalTimeError`.

    >>> Ambiguous("earlier") is Ambiguous.EARLIER
    True
    """

    EARLIER = "earlier"
    LATER = "later"
    RAISE = "raise"


def is_aware(value: dt.datetime) -> bool:
    """Whether ``value`` carries a UTC offset.

    >>> is_aware(dt.datetime(2025, 1, 6, 9, tzinfo=UTC)), is_aware(dt.datetime(2025, 1, 6, 9))
    (True, False)
    """
    return value.tzinfo is not None and value.tzinfo.utcoffset(value) is not None


def to_us(value: dt.datetime) -> int:
    """Integer microseconds since the Unix epoch for an aware datetime.

    >>> to_us(dt.datetime(1970, 1, 1, 0, 0, 1, tzinfo=UTC))
    1000000
    """
    return (value - _EPOCH) // _US


def from_us(value: int) -> dt.datetime:
    """The UTC datetime for integer microseconds since the Unix epoch.

    >>> from_us(1_000_000).isoformat()
    '1970-01-01T00:00:01+00:00'
    """
    return _EPOCH + dt.timedelta(microseconds=value)


@functools.cache
def zone(name: str) -> zoneinfo.ZoneInfo:
    """The IANA time zone ``name`` (``America/New_York``), or a ``ValueError``.

    >>> zone("Europe/London").key
    'Europe/London'
    >>> zone("Mars/Olympus")
    Traceback (most recent call last):
    ...
    ValueError: timezone: 'Mars/Olympus' is not an IANA time-zone name
    """
    given: object = name  # callers may pass anything at run time
    if not isinstance(given, str) or not name or name != name.strip():
        msg = "timezone: must be an IANA time-zone name such as 'America/New_York'"
        raise ValueError(msg)
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        msg = f"timezone: {name!r} is not an IANA time-zone name"
        raise ValueError(msg) from None


def localize(
    wall: dt.datetime,
    tz: dt.tzinfo,
    *,
    nonexistent: Nonexistent = Nonexistent.SHIFT_FORWARD,
    ambiguous: Ambiguous = Ambiguous.EARLIER,
) -> dt.datetime:
    """The aware datetime for a naive wall-clock time in ``tz``, by policy.

    Returns a datetime in ``tz`` that really exists (its ``fold`` set so that it
    names the chosen instant). With ``Nonexistent.SKIP`` a skipped time raises
    :class:`~medoffice.exceptions.LocalTimeError` with code ``time.skipped``;
    :func:`localize_or_none` turns that into ``None``.

    >>> from datetime import datetime
    >>> ny = zone("America/New_York")
    >>> localize(datetime(2025, 7, 1, 9), ny).isoformat()
    '2025-07-01T09:00:00-04:00'
    >>> localize(datetime(2025, 3, 9, 2, 30), ny, nonexistent=Nonexistent.RAISE)
    Traceback (most recent call last):
    ...
    medoffice.exceptions.LocalTimeError: 2025-03-09T02:30:00 does not exist in America/New_York (clocks spring forward)
    >>> localize(datetime(2025, 11, 2, 1, 30), ny).isoformat()
    '2025-11-02T01:30:00-04:00'
    """
    naive = wall.replace(tzinfo=None)
    early = naive.replace(tzinfo=tz, fold=0)
    late = naive.replace(tzinfo=tz, fold=1)
    off_early = early.utcoffset()
    off_late = late.utcoffset()
    if off_early == off_late:
        return early
    name = str(getattr(tz, "key", tz))
    # A gap (the wall time is skipped) or a fold (it happens twice).
    round_trip = early.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    if round_trip != naive:
        if nonexistent is Nonexistent.SHIFT_FORWARD:
            # fold=0 reads a gap time with the offset from before the change.
            return early.astimezone(UTC).astimezone(tz)
        code = "time.skipped" if nonexistent is Nonexistent.SKIP else "time.nonexistent"
        msg = f"{naive.isoformat()} does not exist in {name} (clocks spring forward)"
        raise LocalTimeError(msg, code=code, local=naive.isoformat(), zone=name)
    if ambiguous is Ambiguous.EARLIER:
        return early
    if ambiguous is Ambiguous.LATER:
        return late
    msg = f"{naive.isoformat()} happens twice in {name} (clocks fall back)"
    raise LocalTimeError(msg, code="time.ambiguous", local=naive.isoformat(), zone=name)


def localize_or_none(
    wall: dt.datetime,
    tz: dt.tzinfo,
    *,
    nonexistent: Nonexistent = Nonexistent.SHIFT_FORWARD,
    ambiguous: Ambiguous = Ambiguous.EARLIER,
) -> dt.datetime | None:
    """Like :func:`localize`, but ``None`` for a time that ``Nonexistent.SKIP`` drops.

    >>> from datetime import datetime
    >>> ny = zone("America/New_York")
    >>> localize_or_none(datetime(2025, 3, 9, 2, 30), ny, nonexistent=Nonexistent.SKIP) is None
    True
    """
    try:
        return localize(wall, tz, nonexistent=nonexistent, ambiguous=ambiguous)
    except LocalTimeError as exc:
        if exc.code == "time.skipped":
            return None
        raise


def day_bounds(day: dt.date, tz: dt.tzinfo) -> tuple[int, int]:
    """The instants (epoch µs) where local ``day`` starts and the next one starts.

    A day is 23 or 25 hours long across a DST change; a midnight that a change
    skips starts the day at the first instant that exists.

    >>> ny = zone("America/New_York")
    >>> start, end = day_bounds(dt.date(2025, 3, 9), ny)
    >>> (end - start) // 3_600_000_000
    23
    """
    start = localize(dt.datetime.combine(day, dt.time()), tz)
    end = localize(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()), tz)
    return to_us(start), to_us(end)


def local_date(us: int, tz: dt.tzinfo) -> dt.date:
    """The local calendar date of an instant (epoch µs) in ``tz``.

    >>> local_date(0, zone("America/New_York"))
    datetime.date(1969, 12, 31)
    """
    return from_us(us).astimezone(tz).date()
