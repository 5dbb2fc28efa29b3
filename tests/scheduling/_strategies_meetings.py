"""Hypothesis strategies for the meeting types (to move into ``medoffice.strategies``).

``attendees()`` and ``meeting_times()`` build any valid value; the tests'
oracle uses its own grid-aligned inputs.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from medoffice.scheduling._meetings import Attendee, MeetingTime
from medoffice.strategies import aware_datetimes, hours, resource_ids


def _intervals() -> st.SearchStrategy[tuple[dt.datetime, dt.datetime]]:
    def build(start: dt.datetime, minutes: int) -> tuple[dt.datetime, dt.datetime]:
        return start, start + dt.timedelta(minutes=minutes)

    return st.builds(build, aware_datetimes(), st.integers(0, 8 * 60))


def attendees() -> st.SearchStrategy[Attendee]:
    """:class:`Attendee` values: any hours (or none) and a few busy intervals."""
    return st.builds(
        Attendee,
        id=resource_ids(),
        hours=st.none() | hours(),
        busy=st.lists(_intervals(), max_size=4).map(tuple),
    )


def meeting_times() -> st.SearchStrategy[MeetingTime]:
    """:class:`MeetingTime` values (ids sorted, attendees and missing disjoint)."""

    def build(start: dt.datetime, minutes: int, present: set[str], absent: set[str]) -> MeetingTime:
        return MeetingTime(
            start=start,
            end=start + dt.timedelta(minutes=minutes),
            attendees=tuple(sorted(present)),
            missing=tuple(sorted(absent - present)),
        )

    return st.builds(
        build,
        aware_datetimes(),
        st.integers(1, 10 * 60),
        st.sets(resource_ids(), min_size=1, max_size=4),
        st.sets(resource_ids(), max_size=3),
    )
