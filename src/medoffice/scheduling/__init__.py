"""Scheduling: a calendar without double bookings.

Resources (providers, rooms, equipment, patients, staff), appointments on
half-open ``[start, end)`` intervals of aware datetimes, conflicts, working
hours, slots, staff meetings, DST-safe recurrence and rescheduling.

>>> from datetime import datetime, timezone
>>> from medoffice.scheduling import Appointment, Resource
>>> dr = Resource(id="dr-lee", kind="provider")
>>> Appointment(id="a1", start=datetime(2025, 1, 6, 14, tzinfo=timezone.utc),
...             end=datetime(2025, 1, 6, 14, 30, tzinfo=timezone.utc), resources=(dr,)).status
<Status.BOOKED: 'booked'>
"""

from __future__ import annotations

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
from medoffice.scheduling._time import Ambiguous, Nonexistent

__all__ = [
    "Ambiguous",
    "Appointment",
    "AppointmentType",
    "Availability",
    "Block",
    "Break",
    "Conflict",
    "ConflictKind",
    "ConflictPolicy",
    "DateOverride",
    "Hours",
    "Level",
    "Nonexistent",
    "Requirement",
    "Resource",
    "ResourceKind",
    "Slot",
    "SlotRequest",
    "Status",
    "WeeklyHours",
]
