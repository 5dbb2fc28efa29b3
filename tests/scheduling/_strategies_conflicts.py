"""Hypothesis strategies for calendars that stress conflict detection.

Small pools of resources (capacity 1 and > 1, patients) and bookings on a coarse
five-minute grid, so that touching, nested, identical and zero-length
intervals are common; buffers; every FHIR status; each booking written in a
time zone of its own (DST zones and fixed offsets).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from medoffice.scheduling._model import Appointment, ConflictPolicy, Level, Resource, Status

__all__ = ["ZONES", "calendars", "policies", "pool"]

ZONES: tuple[dt.tzinfo, ...] = (
    dt.UTC,
    ZoneInfo("America/New_York"),
    ZoneInfo("Europe/London"),
    ZoneInfo("Australia/Sydney"),
    dt.timezone(dt.timedelta(hours=5, minutes=30)),
    dt.timezone(dt.timedelta(hours=-7)),
)

#: The resources bookings draw from; one id is always one kind and capacity.
pool: tuple[Resource, ...] = (
    Resource(id="dr-a", kind="provider"),
    Resource(id="dr-b", kind="provider"),
    Resource(id="room-1", kind="room"),
    Resource(id="lab", kind="room", capacity=2),
    Resource(id="chairs", kind="equipment", capacity=3),
    Resource(id="p-1", kind="patient", name="Ada Lovelace"),
    Resource(id="p-2", kind="patient"),
    Resource(id="nurse", kind="staff"),
)

#: Around the New York fall-back night, so local times repeat in some zones.
BASE = dt.datetime(2025, 11, 2, 4, tzinfo=dt.UTC)
_STEP = dt.timedelta(minutes=5)
_BUFFERS = st.sampled_from([dt.timedelta(0), dt.timedelta(0), _STEP, 2 * _STEP, 3 * _STEP])
_ACTIVE = [s for s in Status if s.holds_time]


@st.composite
def _appointment(draw: st.DrawFn, index: int, resources: tuple[Resource, ...]) -> Appointment:
    start = BASE + draw(st.integers(0, 30)) * _STEP
    end = start + draw(st.sampled_from([0, 1, 2, 3, 4, 6, 9, 12])) * _STEP
    zone = draw(st.sampled_from(ZONES))
    held = draw(st.lists(st.sampled_from(resources), min_size=1, max_size=3, unique=True))
    status = draw(st.one_of(st.sampled_from(_ACTIVE), st.sampled_from(list(Status))))
    return Appointment(
        id=f"a{index:02d}",
        start=start.astimezone(zone),
        end=end.astimezone(zone),
        resources=tuple(held),
        status=status,
        buffer_before=draw(_BUFFERS),
        buffer_after=draw(_BUFFERS),
    )


@st.composite
def calendars(
    draw: st.DrawFn, max_size: int = 14, resources: tuple[Resource, ...] = pool
) -> list[Appointment]:
    """A list of bookings with unique ids over ``resources``."""
    size = draw(st.integers(0, max_size))
    sub = tuple(draw(st.lists(st.sampled_from(resources), min_size=1, unique=True)))
    return [draw(_appointment(i, sub)) for i in range(size)]


_LEVELS = st.sampled_from(list(Level))


def policies() -> st.SearchStrategy[ConflictPolicy]:
    """Policies with any level per kind, for buffers and per resource."""
    return st.builds(
        ConflictPolicy,
        provider=_LEVELS,
        room=_LEVELS,
        equipment=_LEVELS,
        patient=_LEVELS,
        staff=_LEVELS,
        buffer=_LEVELS,
        resources=st.dictionaries(st.sampled_from([r.id for r in pool]), _LEVELS, max_size=3),
    )
