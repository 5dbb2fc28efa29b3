"""Hypothesis strategies for working hours and availability (candidates for medoffice.strategies)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from medoffice.scheduling._model import Block, Break, DateOverride, Hours, Level, WeeklyHours
from medoffice.scheduling._time import to_us

#: Zones with DST changes on both hemispheres, a half-hour zone and UTC.
ZONES = ("UTC", "America/New_York", "Europe/London", "Australia/Sydney", "Asia/Kolkata")
#: Days around the 2025 changeovers of those zones.
ANCHORS = (
    dt.date(2025, 3, 7),
    dt.date(2025, 3, 28),
    dt.date(2025, 4, 4),
    dt.date(2025, 10, 3),
    dt.date(2025, 10, 24),
    dt.date(2025, 10, 31),
    dt.date(2025, 6, 2),
)

_times = st.integers(0, 47).map(lambda h: dt.time(h // 2, 30 * (h % 2)))
_days = st.frozensets(st.integers(0, 6), min_size=1, max_size=7)


@st.composite
def _window(draw: st.DrawFn) -> tuple[dt.time, dt.time]:
    a = draw(st.integers(0, 46))
    b = draw(st.integers(a + 1, 48))
    end = dt.time(b // 2, 30 * (b % 2)) if b < 48 else dt.time(23, 59)
    return dt.time(a // 2, 30 * (a % 2)), end


@st.composite
def weekly_hours(draw: st.DrawFn) -> WeeklyHours:
    """Weekly hours on a half-hour grid (DST gap and fold times included)."""
    start, end = draw(_window())
    return WeeklyHours(days=draw(_days), start=start, end=end)


@st.composite
def breaks(draw: st.DrawFn) -> Break:
    """A recurring break with a level."""
    start, end = draw(_window())
    return Break(
        days=draw(_days),
        start=start,
        end=end,
        reason=draw(st.sampled_from(["", "lunch"])),
        level=draw(st.sampled_from(list(Level))),
    )


@st.composite
def hours_and_range(draw: st.DrawFn, resource: str | None = None) -> tuple[Hours, int, int]:
    """Hours in a DST-changing zone and a query range of up to ten days around a change."""
    zone = draw(st.sampled_from(ZONES))
    tz = ZoneInfo(zone)
    anchor = draw(st.sampled_from(ANCHORS))
    days = draw(st.integers(1, 10))
    first = dt.datetime.combine(anchor, dt.time(), tz)
    start = to_us(first) + draw(st.integers(0, 24)) * 1_800_000_000
    end = start + days * 86_400_000_000 + draw(st.integers(0, 47)) * 1_800_000_000
    overrides = []
    for offset in draw(st.lists(st.integers(0, 9), max_size=2, unique=True)):
        windows = draw(st.lists(_window(), max_size=2))
        overrides.append(
            DateOverride(date=anchor + dt.timedelta(days=offset), windows=tuple(windows))
        )
    blocks = []
    for _ in range(draw(st.integers(0, 2))):
        a = start + draw(st.integers(0, 20 * 24)) * 1_800_000_000
        b = a + draw(st.integers(1, 48)) * 1_800_000_000
        blocks.append(
            Block(
                start=dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=a),
                end=dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=b),
                level=draw(st.sampled_from(list(Level))),
                reason="block",
            )
        )
    hours = Hours(
        resource=resource,
        timezone=zone,
        weekly=tuple(draw(st.lists(weekly_hours(), max_size=3))),
        breaks=tuple(draw(st.lists(breaks(), max_size=2))),
        overrides=tuple(overrides),
        blocks=tuple(blocks),
    )
    return hours, start, end
