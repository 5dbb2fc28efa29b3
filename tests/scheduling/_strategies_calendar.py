"""Hypothesis strategies for calendars: small pools so that bookings collide often."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from medoffice.scheduling import Appointment, Resource, Status

BASE = dt.datetime(2025, 3, 9, 5, tzinfo=dt.UTC)  # spring-forward night in New York
ZONES = (dt.UTC, dt.timezone(dt.timedelta(hours=-5)), dt.timezone(dt.timedelta(hours=9)))

POOL = (
    Resource(id="dr-a", kind="provider"),
    Resource(id="dr-b", kind="provider"),
    Resource(id="room-1", kind="room"),
    Resource(id="lab", kind="room", capacity=2),
    Resource(id="chairs", kind="equipment", capacity=3),
    Resource(id="p-1", kind="patient", name="Ada Lovelace"),
    Resource(id="p-2", kind="patient", name="Alan Turing"),
)
IDS = tuple(f"a{i}" for i in range(12))
STATUSES = (Status.BOOKED,) * 6 + (Status.ARRIVED, Status.CANCELLED, Status.NOSHOW)
MINUTE = dt.timedelta(minutes=1)


@st.composite
def appointments(draw: st.DrawFn) -> Appointment:
    """An appointment on a 5-minute grid over four hours, with a few resources."""
    start = draw(st.integers(0, 48)) * 5
    length = draw(st.sampled_from((0, 5, 10, 15, 20, 30, 45, 60, 90)))
    tz = draw(st.sampled_from(ZONES))
    chosen = draw(st.lists(st.sampled_from(POOL), min_size=1, max_size=3, unique_by=lambda r: r.id))
    return Appointment(
        id=draw(st.sampled_from(IDS)),
        start=(BASE + start * MINUTE).astimezone(tz),
        end=(BASE + (start + length) * MINUTE).astimezone(tz),
        resources=chosen,
        status=draw(st.sampled_from(STATUSES)),
        buffer_before=draw(st.sampled_from((0, 0, 5, 10))) * MINUTE,
        buffer_after=draw(st.sampled_from((0, 0, 5, 15))) * MINUTE,
        locked=draw(st.booleans()),
    )


def unique_appointments(max_size: int = 12) -> st.SearchStrategy[list[Appointment]]:
    """Appointments with distinct ids."""
    return st.lists(appointments(), max_size=max_size, unique_by=lambda a: a.id)
