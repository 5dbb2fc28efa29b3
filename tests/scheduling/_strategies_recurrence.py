"""Hypothesis strategies for recurrence values (candidates for medoffice.strategies)."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from medoffice.scheduling import Appointment, Resource
from medoffice.scheduling._recurrence import Recurrence, Series
from medoffice.scheduling._time import Ambiguous, Nonexistent, zone

ZONES = ("America/New_York", "Europe/London", "Australia/Sydney", "UTC")
#: Start days near the DST changes of the zones above (and one quiet day).
DAYS = (
    dt.date(2025, 3, 1),
    dt.date(2025, 3, 7),
    dt.date(2025, 3, 27),
    dt.date(2025, 3, 30),
    dt.date(2025, 10, 1),
    dt.date(2025, 10, 25),
    dt.date(2025, 10, 31),
    dt.date(2025, 6, 16),
)
TIMES = (dt.time(0, 30), dt.time(1, 30), dt.time(2, 30), dt.time(9), dt.time(23, 15))
ROOM = Resource(id="room-1", kind="room")


@st.composite
def simple_recurrences(draw: st.DrawFn, *, first: dt.datetime) -> Recurrence:
    """Daily or weekly rules, with interval, weekdays, count or until, and exdates."""
    frequency = draw(st.sampled_from(("DAILY", "WEEKLY")))
    by_weekday = draw(st.frozensets(st.integers(0, 6), max_size=3))
    end = draw(st.sampled_from(("count", "until-date", "until-datetime")))
    count = draw(st.integers(1, 40)) if end == "count" else None
    until: dt.date | dt.datetime | None = None
    if end == "until-date":
        until = first.date() + dt.timedelta(days=draw(st.integers(0, 80)))
    elif end == "until-datetime":
        until = first.astimezone(dt.UTC) + dt.timedelta(hours=draw(st.integers(0, 2000)))
    exdates = draw(
        st.lists(st.integers(0, 60).map(lambda d: first + dt.timedelta(days=d)), max_size=3)
    )
    return Recurrence(
        frequency=frequency,
        interval=draw(st.integers(1, 3)),
        by_weekday=tuple(by_weekday),
        week_start=draw(st.integers(0, 6)),
        count=count,
        until=until,
        exdates=tuple(exdates),
        nonexistent=draw(st.sampled_from((Nonexistent.SHIFT_FORWARD, Nonexistent.SKIP))),
        ambiguous=draw(st.sampled_from((Ambiguous.EARLIER, Ambiguous.LATER))),
    )


@st.composite
def series(draw: st.DrawFn) -> Series:
    """A series in a DST zone near a change, with a simple daily or weekly rule."""
    name = draw(st.sampled_from(ZONES))
    wall = dt.datetime.combine(draw(st.sampled_from(DAYS)), draw(st.sampled_from(TIMES)))
    tz = zone(name)
    start = wall.replace(tzinfo=tz).astimezone(dt.UTC).astimezone(tz)  # an instant that exists
    minutes = draw(st.sampled_from((0, 15, 30, 90)))
    template = Appointment(
        id="t", start=start, end=start + dt.timedelta(minutes=minutes), resources=(ROOM,)
    )
    rec = draw(simple_recurrences(first=start))
    return Series(id="s", template=template, timezone=name, recurrence=rec)
