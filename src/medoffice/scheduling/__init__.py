"""Scheduling: a calendar without double bookings.

Resources (providers, rooms, equipment, patients, staff), appointments on
half-open ``[start, end)`` intervals of aware datetimes (kept in UTC),
conflicts with severities, an immutable :class:`Calendar` that reports what
each change causes, working hours and the earliest slot with the reasons a
time is refused, staff meetings across time zones, DST-safe recurrence,
rescheduling proposals ranked by disruption, and FHIR R4, iCalendar and SVG
views of it all. Interop lives in the submodules :mod:`medoffice.scheduling.fhir`
and :mod:`medoffice.scheduling.ical`.

>>> from datetime import datetime, timezone
>>> from medoffice.scheduling import Appointment, Calendar, Resource
>>> dr = Resource(id="dr-lee", kind="provider")
>>> def visit(ident, hour, minute):
...     start = datetime(2025, 1, 6, hour, minute, tzinfo=timezone.utc)
...     return Appointment(id=ident, start=start, end=start.replace(minute=minute + 30),
...                        resources=(dr,))
>>> change = Calendar([visit("a1", 14, 0)]).add(visit("a2", 14, 15))
>>> [str(c) for c in change.added]
['overlap of a1, a2 on dr-lee from 2025-01-06T14:15:00+00:00 to 2025-01-06T14:30:00+00:00 [block]']
"""

from __future__ import annotations

from medoffice.scheduling._calendar import Calendar, Change
from medoffice.scheduling._conflicts import find_conflicts
from medoffice.scheduling._hours import (
    Blocked,
    DateClosed,
    OnBreak,
    OutsideHours,
    working_windows,
)
from medoffice.scheduling._meetings import (
    Attendee,
    MeetingTime,
    attendees_from,
    common_free_time,
)
from medoffice.scheduling._model import (
    Appointment,
    AppointmentType,
    Availability,
    Block,
    Break,
    Conflict,
    ConflictKind,
    ConflictPolicy,
    DateOverride,
    Hours,
    Level,
    Requirement,
    Resource,
    ResourceKind,
    Slot,
    SlotRequest,
    Status,
    WeeklyHours,
)
from medoffice.scheduling._recurrence import (
    ByDay,
    Feb29,
    Frequency,
    OccurrenceChange,
    Recurrence,
    Series,
)
from medoffice.scheduling._reschedule import Cost, Move, Proposal, propose_reschedule
from medoffice.scheduling._slots import (
    BeyondHorizon,
    DailyCap,
    MinimumNotice,
    NonexistentLocalTime,
    NoQualifiedResource,
    ResourceBusy,
    earliest_slot,
    explain,
    open_slots,
)
from medoffice.scheduling._time import Ambiguous, Nonexistent, from_us, to_us
from medoffice.scheduling._view import CalendarView, day_view, week_view

__all__ = [
    "Ambiguous",
    "Appointment",
    "AppointmentType",
    "Attendee",
    "Availability",
    "BeyondHorizon",
    "Block",
    "Blocked",
    "Break",
    "ByDay",
    "Calendar",
    "CalendarView",
    "Change",
    "Conflict",
    "ConflictKind",
    "ConflictPolicy",
    "Cost",
    "DailyCap",
    "DateClosed",
    "DateOverride",
    "Feb29",
    "Frequency",
    "Hours",
    "Level",
    "MeetingTime",
    "MinimumNotice",
    "Move",
    "NoQualifiedResource",
    "Nonexistent",
    "NonexistentLocalTime",
    "OccurrenceChange",
    "OnBreak",
    "OutsideHours",
    "Proposal",
    "Recurrence",
    "Requirement",
    "Resource",
    "ResourceBusy",
    "ResourceKind",
    "Series",
    "Slot",
    "SlotRequest",
    "Status",
    "WeeklyHours",
    "attendees_from",
    "common_free_time",
    "day_view",
    "earliest_slot",
    "explain",
    "find_conflicts",
    "from_us",
    "open_slots",
    "propose_reschedule",
    "to_us",
    "week_view",
    "working_windows",
]
