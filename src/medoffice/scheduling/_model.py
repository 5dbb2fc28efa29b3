"""The scheduling value types: resources, appointments, types, hours and conflicts.

All values are frozen attrs classes. Instants are timezone-aware datetimes
(naive ones are refused); intervals are half-open ``[start, end)``.

>>> from datetime import datetime, timedelta
>>> from zoneinfo import ZoneInfo
>>> ny = ZoneInfo("America/New_York")
>>> dr = Resource(id="dr-lee", kind="provider")
>>> a = Appointment(id="a1", start=datetime(2025, 3, 10, 9, tzinfo=ny),
...                 end=datetime(2025, 3, 10, 9, 30, tzinfo=ny), resources=(dr,))
>>> a.duration
datetime.timedelta(seconds=1800)
>>> a.holds_time
True
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
from collections.abc import Iterable
from typing import Any

import attrs

from medoffice._values import name_sequences
from medoffice.scheduling._time import require_aware, to_us, zone

__all__ = [
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
    "Requirement",
    "Resource",
    "ResourceKind",
    "Slot",
    "SlotRequest",
    "Status",
    "WeeklyHours",
]

_ZERO = dt.timedelta(0)
_US = dt.timedelta(microseconds=1)


# -- validators -------------------------------------------------------------------


def _nonempty_id(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        msg = f"{attribute.name}: must be a string"
        raise TypeError(msg)
    if not value or value != value.strip() or any(c in value for c in "\r\n\t"):
        msg = f"{attribute.name}: must be a non-empty identifier without surrounding spaces"
        raise ValueError(msg)


def _aware(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    require_aware(value, attribute.name)


def _utc(value: object, field: str) -> dt.datetime:
    """The same instant in UTC; naive datetimes are refused.

    Instants are kept in UTC: aware datetimes in a fold (the repeated hour)
    compare unequal to every datetime in another zone (PEP 495), so values
    holding local times would not equal themselves after a round trip.
    """
    return require_aware(value, field).astimezone(dt.UTC)


def _utc_start(value: object) -> dt.datetime:
    return _utc(value, "start")


def _utc_end(value: object) -> dt.datetime:
    return _utc(value, "end")


def _non_negative(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, dt.timedelta):
        msg = f"{attribute.name}: must be a timedelta"
        raise TypeError(msg)
    if value < _ZERO:
        msg = f"{attribute.name}: must not be negative"
        raise ValueError(msg)


def _positive_duration(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, dt.timedelta):
        msg = f"{attribute.name}: must be a timedelta"
        raise TypeError(msg)
    if value <= _ZERO:
        msg = f"{attribute.name}: must be longer than zero"
        raise ValueError(msg)


def _positive_int(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        msg = f"{attribute.name}: must be an integer"
        raise TypeError(msg)
    if value < 1:
        msg = f"{attribute.name}: must be at least 1"
        raise ValueError(msg)


def _optional_positive_int(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _positive_int(inst, attribute, value)


def _timezone(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        msg = f"{attribute.name}: must be an IANA time-zone name such as 'America/New_York'"
        raise TypeError(msg)
    zone(value)  # raises a ValueError naming the rule


def _naive_time(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, dt.time):
        msg = f"{attribute.name}: must be a time of day"
        raise TypeError(msg)
    if value.tzinfo is not None:
        msg = f"{attribute.name}: a wall-clock time takes no tzinfo; the zone is the schedule's"
        raise ValueError(msg)


def _weekdays(value: Iterable[object]) -> frozenset[int]:
    days: frozenset[object] = frozenset(value)
    for day in days:
        if not isinstance(day, int) or isinstance(day, bool) or not 0 <= day <= 6:
            msg = "days: weekdays are integers 0 (Monday) to 6 (Sunday)"
            raise ValueError(msg)
    return days  # type: ignore[return-value]  # checked above


def _sorted_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(sorted(value))


def _tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(value)


# -- resources and appointments ---------------------------------------------------


class ResourceKind(enum.Enum):
    """What a resource is. Patients are resources too: one patient cannot be in two places.

    >>> ResourceKind("room")
    <ResourceKind.ROOM: 'room'>
    """

    PROVIDER = "provider"
    ROOM = "room"
    EQUIPMENT = "equipment"
    PATIENT = "patient"
    STAFF = "staff"


def _mask_name(value: str) -> str:
    return repr("***") if value else repr("")


@attrs.frozen(kw_only=True, repr=False)
class Resource:
    """A person or thing whose time is booked.

    Attributes:
        id: The caller's key; two resources with the same ``id`` are the same.
            For patients use an opaque key, not a record number.
        kind: A :class:`ResourceKind`.
        capacity: How many bookings it can hold at once (a room with six
            infusion chairs: 6). More than 1 is controlled overbooking.
        name: A display name. Masked in the repr for patients.

    >>> Resource(id="p-17", kind="patient", name="Ada Lovelace")
    Resource(id='p-17', kind=<ResourceKind.PATIENT: 'patient'>, capacity=1, name='***')
    """

    id: str = attrs.field(validator=_nonempty_id)
    kind: ResourceKind = attrs.field(converter=ResourceKind)
    capacity: int = attrs.field(default=1, validator=_positive_int)
    name: str = attrs.field(default="", validator=attrs.validators.instance_of(str))

    def __repr__(self) -> str:
        name = _mask_name(self.name) if self.kind is ResourceKind.PATIENT else repr(self.name)
        return (
            f"Resource(id={self.id!r}, kind={self.kind!r}, capacity={self.capacity}, name={name})"
        )


class Status(enum.Enum):
    """FHIR R4 ``Appointment.status``.

    ``cancelled``, ``noshow``, ``entered-in-error`` and ``waitlist`` hold no
    time: they never conflict and never make a slot busy.

    >>> Status("checked-in").holds_time, Status("noshow").holds_time
    (True, False)
    """

    PROPOSED = "proposed"
    PENDING = "pending"
    BOOKED = "booked"
    ARRIVED = "arrived"
    FULFILLED = "fulfilled"
    CANCELLED = "cancelled"
    NOSHOW = "noshow"
    ENTERED_IN_ERROR = "entered-in-error"
    CHECKED_IN = "checked-in"
    WAITLIST = "waitlist"

    @property
    def holds_time(self) -> bool:
        """Whether an appointment with this status occupies its resources.

        >>> Status.BOOKED.holds_time
        True
        """
        return self not in _FREE_STATUSES


_FREE_STATUSES = frozenset(
    {Status.CANCELLED, Status.NOSHOW, Status.ENTERED_IN_ERROR, Status.WAITLIST}
)


def _resources(value: Iterable[Resource] | Resource) -> tuple[Resource, ...]:
    items: tuple[object, ...] = (value,) if isinstance(value, Resource) else tuple(value)
    for item in items:
        if not isinstance(item, Resource):
            msg = "resources: every item must be a Resource"
            raise TypeError(msg)
    return tuple(sorted(items, key=lambda r: r.id))  # type: ignore[arg-type]


def _unique_resources(
    _inst: object, _attribute: attrs.Attribute[Any], value: tuple[Resource, ...]
) -> None:
    if not value:
        msg = "resources: an appointment holds at least one resource"
        raise ValueError(msg)
    for left, right in itertools.pairwise(value):
        if left.id == right.id:
            msg = f"resources: resource {left.id!r} is listed twice"
            raise ValueError(msg)


@attrs.frozen(kw_only=True, field_transformer=name_sequences)
class Appointment:
    """A booking of one or more resources over ``[start, end)``.

    The *occupied* interval adds the buffers: ``[start - buffer_before,
    end + buffer_after)``; the clinical interval stays ``[start, end)``. A
    zero-length appointment (``start == end``) is a marker and holds nothing.

    Attributes:
        id: The caller's key.
        start: When the visit starts: any aware datetime, kept as the same
            instant in UTC (naive datetimes are refused).
        end: When it ends (aware, not before ``start``; kept in UTC).
        resources: The resources it holds (provider, room, equipment, patient,
            staff), kept sorted by id.
        status: A FHIR R4 :class:`Status`; by default ``booked``.
        buffer_before: Set-up time held before ``start``.
        buffer_after: Clean-up time held after ``end``.
        type: The appointment-type code, if any.
        locked: Rescheduling never moves a locked appointment.

    >>> from datetime import datetime, timedelta, timezone
    >>> a = Appointment(id="a1", start=datetime(2025, 1, 6, 14, tzinfo=timezone.utc),
    ...                 end=datetime(2025, 1, 6, 14, 30, tzinfo=timezone.utc),
    ...                 resources=(Resource(id="room-1", kind="room"),),
    ...                 buffer_after=timedelta(minutes=10))
    >>> a.occupied_end.isoformat()
    '2025-01-06T14:40:00+00:00'
    >>> from zoneinfo import ZoneInfo
    >>> Appointment(id="a3", start=datetime(2025, 11, 2, 1, 30, fold=1, tzinfo=ZoneInfo("America/New_York")),
    ...             end=datetime(2025, 11, 2, 7, tzinfo=timezone.utc),
    ...             resources=(Resource(id="room-1", kind="room"),)).start.isoformat()
    '2025-11-02T06:30:00+00:00'
    >>> Appointment(id="a2", start=datetime(2025, 1, 6, 14), end=datetime(2025, 1, 6, 15),
    ...             resources=(Resource(id="room-1", kind="room"),))
    Traceback (most recent call last):
    ...
    ValueError: start: naive datetimes are refused; give a time zone (tzinfo)
    """

    id: str = attrs.field(validator=_nonempty_id)
    start: dt.datetime = attrs.field(converter=_utc_start, validator=_aware)
    end: dt.datetime = attrs.field(converter=_utc_end, validator=_aware)
    resources: tuple[Resource, ...] = attrs.field(converter=_resources, validator=_unique_resources)
    status: Status = attrs.field(default=Status.BOOKED, converter=Status)
    buffer_before: dt.timedelta = attrs.field(default=_ZERO, validator=_non_negative)
    buffer_after: dt.timedelta = attrs.field(default=_ZERO, validator=_non_negative)
    type: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(str))
    )
    locked: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))
    #: Epoch microseconds of the occupied interval (buffers included); derived.
    _span: tuple[int, int] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        start = to_us(self.start)
        end = to_us(self.end)
        if end < start:
            msg = "end: must not be before start"
            raise ValueError(msg)
        if end == start:
            span = (start, start)
        else:
            span = (start - self.buffer_before // _US, end + self.buffer_after // _US)
        object.__setattr__(self, "_span", span)

    @property
    def duration(self) -> dt.timedelta:
        """The clinical length, ``end - start``.

        >>> from datetime import datetime, timezone
        >>> t = datetime(2025, 1, 6, 14, tzinfo=timezone.utc)
        >>> Appointment(id="m", start=t, end=t, resources=(Resource(id="r", kind="room"),)).duration
        datetime.timedelta(0)
        """
        return self.end - self.start

    @property
    def holds_time(self) -> bool:
        """Whether it occupies its resources: an active status and a non-zero length.

        >>> from datetime import datetime, timezone
        >>> t = datetime(2025, 1, 6, 14, tzinfo=timezone.utc)
        >>> Appointment(id="m", start=t, end=t, resources=(Resource(id="r", kind="room"),)).holds_time
        False
        """
        return self.status.holds_time and self._span[0] != self._span[1]

    @property
    def occupied_start(self) -> dt.datetime:
        """``start - buffer_before`` (``start`` for a zero-length marker).

        >>> from datetime import datetime, timedelta, timezone
        >>> t = datetime(2025, 1, 6, 14, tzinfo=timezone.utc)
        >>> Appointment(id="a", start=t, end=t + timedelta(hours=1), buffer_before=timedelta(minutes=5),
        ...             resources=(Resource(id="r", kind="room"),)).occupied_start.minute
        55
        """
        return self.start - (self.buffer_before if self.end != self.start else _ZERO)

    @property
    def occupied_end(self) -> dt.datetime:
        """``end + buffer_after`` (``end`` for a zero-length marker).

        >>> from datetime import datetime, timedelta, timezone
        >>> t = datetime(2025, 1, 6, 14, tzinfo=timezone.utc)
        >>> Appointment(id="a", start=t, end=t + timedelta(hours=1), buffer_after=timedelta(minutes=5),
        ...             resources=(Resource(id="r", kind="room"),)).occupied_end.minute
        5
        """
        return self.end + (self.buffer_after if self.end != self.start else _ZERO)

    @property
    def span(self) -> tuple[int, int]:
        """The occupied interval as epoch microseconds ``(start, end)``, buffers included.

        >>> from datetime import datetime, timezone
        >>> t = datetime(1970, 1, 1, 0, 0, 1, tzinfo=timezone.utc)
        >>> Appointment(id="a", start=t, end=t, resources=(Resource(id="r", kind="room"),)).span
        (1000000, 1000000)
        """
        return self._span

    def resource_ids(self) -> tuple[str, ...]:
        """The ids of the held resources, sorted.

        >>> from datetime import datetime, timezone
        >>> t = datetime(2025, 1, 6, tzinfo=timezone.utc)
        >>> Appointment(id="a", start=t, end=t, resources=(Resource(id="r2", kind="room"),
        ...             Resource(id="dr", kind="provider"))).resource_ids()
        ('dr', 'r2')
        """
        return tuple(r.id for r in self.resources)


# -- conflicts --------------------------------------------------------------------


class Level(enum.Enum):
    """How hard a scheduling rule is: ``block`` refuses, ``warn`` asks, ``info`` notes.

    >>> Level.BLOCK.rank > Level.WARN.rank > Level.INFO.rank
    True
    """

    BLOCK = "block"
    WARN = "warn"
    INFO = "info"

    @property
    def rank(self) -> int:
        """2 for block, 1 for warn, 0 for info (higher is more severe).

        >>> Level.INFO.rank
        0
        """
        return _RANK[self]


_RANK = {Level.BLOCK: 2, Level.WARN: 1, Level.INFO: 0}


class ConflictKind(enum.Enum):
    """``overlap``: two bookings share a capacity-1 resource at once.

    ``overload``: a resource with capacity > 1 holds more bookings than its
    capacity over a window.

    >>> ConflictKind("overload")
    <ConflictKind.OVERLOAD: 'overload'>
    """

    OVERLAP = "overlap"
    OVERLOAD = "overload"


@attrs.frozen(kw_only=True, field_transformer=name_sequences)
class Conflict:
    """Bookings that need the same resource at the same time.

    Attributes:
        kind: :attr:`ConflictKind.OVERLAP` for a pair of bookings on a
            capacity-1 resource, :attr:`ConflictKind.OVERLOAD` for a window in
            which a capacity > 1 resource holds more than its capacity.
        appointments: The appointment ids involved, sorted (two for an overlap;
            every booking that overlaps the window for an overload).
        resources: The shared resource ids, sorted (one for an overload).
        start: Where the overlap window starts (UTC).
        end: Where it ends (UTC).
        severity: The :class:`Level` that the :class:`ConflictPolicy` gives it.
        buffer_only: True when only buffers overlap, not the visits themselves.
        load: The highest number of concurrent bookings in the window.
        capacity: The resource's capacity (1 for an overlap).

    >>> from datetime import datetime, timezone
    >>> c = Conflict(kind="overlap", appointments=("a1", "a2"), resources=("dr-lee",),
    ...              start=datetime(2025, 1, 6, 14, tzinfo=timezone.utc),
    ...              end=datetime(2025, 1, 6, 14, 15, tzinfo=timezone.utc), severity="block")
    >>> str(c)
    'overlap of a1, a2 on dr-lee from 2025-01-06T14:00:00+00:00 to 2025-01-06T14:15:00+00:00 [block]'
    """

    kind: ConflictKind = attrs.field(converter=ConflictKind)
    appointments: tuple[str, ...] = attrs.field(converter=_sorted_tuple)
    resources: tuple[str, ...] = attrs.field(converter=_sorted_tuple)
    start: dt.datetime = attrs.field(converter=_utc_start, validator=_aware)
    end: dt.datetime = attrs.field(converter=_utc_end, validator=_aware)
    severity: Level = attrs.field(default=Level.BLOCK, converter=Level)
    buffer_only: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))
    load: int = attrs.field(default=2, validator=_positive_int)
    capacity: int = attrs.field(default=1, validator=_positive_int)

    def __str__(self) -> str:
        what = "buffer overlap" if self.buffer_only else self.kind.value
        load = f" ({self.load} of {self.capacity})" if self.kind is ConflictKind.OVERLOAD else ""
        return (
            f"{what} of {', '.join(self.appointments)} on {', '.join(self.resources)}{load} "
            f"from {self.start.isoformat()} to {self.end.isoformat()} [{self.severity.value}]"
        )


def _level_pairs(value: Iterable[tuple[str, Level | str]]) -> tuple[tuple[str, Level], ...]:
    if isinstance(value, dict):
        value = value.items()
    return tuple(sorted((str(k), Level(v)) for k, v in value))


@attrs.frozen(kw_only=True, field_transformer=name_sequences)
class ConflictPolicy:
    """The severity of each kind of conflict.

    Out of the box every double booking blocks (the same patient with two
    providers at once too), and an overlap of buffers alone warns.

    Attributes:
        provider, room, equipment, patient, staff: The level for a resource of
            that kind.
        buffer: The level when only the buffers overlap, not the visits.
        resources: Per-resource overrides, ``(resource_id, level)`` pairs (a
            dict is accepted).

    >>> p = ConflictPolicy(room="warn", resources={"lab": "info"})
    >>> p.level_for(Resource(id="room-1", kind="room")), p.level_for(Resource(id="lab", kind="room"))
    (<Level.WARN: 'warn'>, <Level.INFO: 'info'>)
    """

    provider: Level = attrs.field(default=Level.BLOCK, converter=Level)
    room: Level = attrs.field(default=Level.BLOCK, converter=Level)
    equipment: Level = attrs.field(default=Level.BLOCK, converter=Level)
    patient: Level = attrs.field(default=Level.BLOCK, converter=Level)
    staff: Level = attrs.field(default=Level.BLOCK, converter=Level)
    buffer: Level = attrs.field(default=Level.WARN, converter=Level)
    resources: tuple[tuple[str, Level], ...] = attrs.field(default=(), converter=_level_pairs)

    def level_for(self, resource: Resource) -> Level:
        """The level of a conflict on ``resource`` (its override, else its kind's).

        >>> ConflictPolicy().level_for(Resource(id="p", kind="patient"))
        <Level.BLOCK: 'block'>
        """
        for key, override in self.resources:
            if key == resource.id:
                return override
        level: Level = getattr(self, resource.kind._value_)  # .value, without the enum's property
        return level


# -- appointment types and requests ----------------------------------------------


def _ids(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        value = (value,)
    return tuple(value)


@attrs.frozen(kw_only=True, field_transformer=name_sequences)
class Requirement:
    """One resource a visit needs: a kind, and optionally which ones qualify.

    Attributes:
        kind: The :class:`ResourceKind` needed.
        any_of: Resource ids that qualify ("any of these providers"); empty
            means any resource of that kind the availability knows.
        count: How many distinct resources of this requirement (default 1).

    >>> Requirement(kind="provider", any_of=("dr-lee", "dr-kim")).any_of
    ('dr-lee', 'dr-kim')
    """

    kind: ResourceKind = attrs.field(converter=ResourceKind)
    any_of: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    count: int = attrs.field(default=1, validator=_positive_int)


@attrs.frozen(kw_only=True, field_transformer=name_sequences)
class AppointmentType:
    """A kind of visit: how long it takes, what it needs, and its buffers.

    >>> from datetime import timedelta
    >>> echo = AppointmentType(code="echo", duration=timedelta(minutes=45),
    ...     requires=(Requirement(kind="provider"), Requirement(kind="equipment", any_of="echo-1")),
    ...     buffer_after=timedelta(minutes=15))
    >>> [r.kind.value for r in echo.requires]
    ['provider', 'equipment']
    """

    code: str = attrs.field(validator=_nonempty_id)
    duration: dt.timedelta = attrs.field(validator=_positive_duration)
    requires: tuple[Requirement, ...] = attrs.field(default=(), converter=_tuple)
    buffer_before: dt.timedelta = attrs.field(default=_ZERO, validator=_non_negative)
    buffer_after: dt.timedelta = attrs.field(default=_ZERO, validator=_non_negative)
    name: str = attrs.field(default="", validator=attrs.validators.instance_of(str))


@attrs.frozen(kw_only=True, field_transformer=name_sequences)
class SlotRequest:
    """What a front desk asks for: a visit type, and who the patient is.

    Attributes:
        type: The :class:`AppointmentType`.
        patient: The patient as a resource, so that the patient's own bookings
            count as busy; ``None`` for a request without one.
        resources: Resources the booking must use besides the requirements
            (a chosen provider, say); they must be free too.

    >>> from datetime import timedelta
    >>> SlotRequest(type=AppointmentType(code="visit", duration=timedelta(minutes=15))).patient is None
    True
    """

    type: AppointmentType = attrs.field(validator=attrs.validators.instance_of(AppointmentType))
    patient: Resource | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(Resource))
    )
    resources: tuple[Resource, ...] = attrs.field(default=(), converter=_tuple)


@attrs.frozen(kw_only=True, field_transformer=name_sequences)
class Slot:
    """A time and the resources that are free to take it.

    >>> from datetime import datetime, timezone
    >>> s = Slot(start=datetime(2025, 1, 6, 14, tzinfo=timezone.utc),
    ...          end=datetime(2025, 1, 6, 14, 30, tzinfo=timezone.utc), resources=("dr-lee", "room-1"))
    >>> s.duration
    datetime.timedelta(seconds=1800)
    """

    start: dt.datetime = attrs.field(converter=_utc_start, validator=_aware)
    end: dt.datetime = attrs.field(converter=_utc_end, validator=_aware)
    resources: tuple[str, ...] = attrs.field(converter=_sorted_tuple)

    @property
    def duration(self) -> dt.timedelta:
        """``end - start``.

        >>> from datetime import datetime, timezone
        >>> t = datetime(2025, 1, 6, tzinfo=timezone.utc)
        >>> Slot(start=t, end=t, resources=()).duration
        datetime.timedelta(0)
        """
        return self.end - self.start


# -- hours and availability -------------------------------------------------------


def _check_window(inst: Any) -> None:
    if inst.end <= inst.start:
        msg = "end: must be after start (a window within one day)"
        raise ValueError(msg)


@attrs.frozen(kw_only=True, field_transformer=name_sequences)
class WeeklyHours:
    """Working hours on some weekdays, as local wall-clock times.

    ``days`` are 0 (Monday) to 6 (Sunday); ``end`` must be after ``start``.
    Expanded with ``dateutil.rrule`` in the schedule's time zone, so 09:00
    stays 09:00 on both sides of a DST change.

    >>> from datetime import time
    >>> WeeklyHours(days=(0, 1, 2, 3, 4), start=time(9), end=time(17)).days == frozenset(range(5))
    True
    """

    days: frozenset[int] = attrs.field(converter=_weekdays)
    start: dt.time = attrs.field(validator=_naive_time)
    end: dt.time = attrs.field(validator=_naive_time)

    def __attrs_post_init__(self) -> None:
        _check_window(self)


@attrs.frozen(kw_only=True, field_transformer=name_sequences)
class Break:
    """A recurring pause on some weekdays, such as lunch (local wall-clock times).

    >>> from datetime import time
    >>> Break(days=range(5), start=time(12), end=time(13), reason="lunch").reason
    'lunch'
    """

    days: frozenset[int] = attrs.field(converter=_weekdays)
    start: dt.time = attrs.field(validator=_naive_time)
    end: dt.time = attrs.field(validator=_naive_time)
    reason: str = attrs.field(default="", validator=attrs.validators.instance_of(str))
    level: Level = attrs.field(default=Level.BLOCK, converter=Level)

    def __attrs_post_init__(self) -> None:
        _check_window(self)


def _windows(value: Iterable[tuple[object, object]]) -> tuple[tuple[dt.time, dt.time], ...]:
    out: list[tuple[dt.time, dt.time]] = []
    for item in value:
        start, end = item
        for t in (start, end):
            if not isinstance(t, dt.time) or t.tzinfo is not None:
                msg = "windows: each window is two naive times of day (start, end)"
                raise TypeError(msg)
        assert isinstance(start, dt.time)  # noqa: S101  # narrowed above
        assert isinstance(end, dt.time)  # noqa: S101
        if end <= start:
            msg = "windows: each window's end must be after its start"
            raise ValueError(msg)
        out.append((start, end))
    return tuple(sorted(out))


@attrs.frozen(kw_only=True, field_transformer=name_sequences)
class DateOverride:
    """Hours for one local date that replace the weekly ones; no windows closes the day.

    >>> from datetime import date
    >>> DateOverride(date=date(2025, 12, 25), reason="holiday").closed
    True
    """

    date: dt.date = attrs.field(validator=attrs.validators.instance_of(dt.date))
    windows: tuple[tuple[dt.time, dt.time], ...] = attrs.field(default=(), converter=_windows)
    reason: str = attrs.field(default="", validator=attrs.validators.instance_of(str))

    @property
    def closed(self) -> bool:
        """Whether the day is closed (no windows).

        >>> from datetime import date, time
        >>> DateOverride(date=date(2025, 12, 24), windows=((time(9), time(12)),)).closed
        False
        """
        return not self.windows


@attrs.frozen(kw_only=True)
class Block:
    """A one-off period when a resource cannot be booked (out of office, a meeting).

    >>> from datetime import datetime, timezone
    >>> Block(start=datetime(2025, 1, 6, 14, tzinfo=timezone.utc),
    ...       end=datetime(2025, 1, 6, 16, tzinfo=timezone.utc), reason="out of office").level
    <Level.BLOCK: 'block'>
    """

    start: dt.datetime = attrs.field(converter=_utc_start, validator=_aware)
    end: dt.datetime = attrs.field(converter=_utc_end, validator=_aware)
    reason: str = attrs.field(default="", validator=attrs.validators.instance_of(str))
    level: Level = attrs.field(default=Level.BLOCK, converter=Level)

    def __attrs_post_init__(self) -> None:
        if to_us(self.end) <= to_us(self.start):
            msg = "end: must be after start"
            raise ValueError(msg)


@attrs.frozen(kw_only=True, field_transformer=name_sequences)
class Hours:
    """When one resource (or, with ``resource=None``, every other one) can be booked.

    Attributes:
        resource: The resource id, or ``None`` for the default hours of every
            non-patient resource that has none of its own.
        timezone: The IANA zone the wall-clock times are in.
        weekly: Weekly working hours.
        breaks: Recurring pauses (lunch).
        overrides: Per-date hours that replace the weekly ones (or close the day).
        blocks: One-off periods that cannot be booked.
        daily_cap: At most this many bookings a local day, if set.

    >>> from datetime import time
    >>> h = Hours(resource="dr-lee", timezone="America/New_York",
    ...           weekly=(WeeklyHours(days=range(5), start=time(9), end=time(17)),))
    >>> h.zone.key
    'America/New_York'
    """

    resource: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(_nonempty_id)
    )
    timezone: str = attrs.field(validator=_timezone)
    weekly: tuple[WeeklyHours, ...] = attrs.field(default=(), converter=_tuple)
    breaks: tuple[Break, ...] = attrs.field(default=(), converter=_tuple)
    overrides: tuple[DateOverride, ...] = attrs.field(default=(), converter=_tuple)
    blocks: tuple[Block, ...] = attrs.field(default=(), converter=_tuple)
    daily_cap: int | None = attrs.field(default=None, validator=_optional_positive_int)

    @property
    def zone(self) -> Any:
        """The ``zoneinfo.ZoneInfo`` for :attr:`timezone`.

        >>> Hours(timezone="UTC").zone.key
        'UTC'
        """
        return zone(self.timezone)


def _resource_registry(value: Iterable[Resource]) -> tuple[Resource, ...]:
    return _resources(value) if value else ()


def _unique_ids(
    _inst: object, attribute: attrs.Attribute[Any], value: tuple[Resource, ...]
) -> None:
    for left, right in itertools.pairwise(value):
        if left.id == right.id:
            msg = f"{attribute.name}: resource {left.id!r} is listed twice"
            raise ValueError(msg)


def _unique_hours(_inst: object, attribute: attrs.Attribute[Any], value: tuple[Hours, ...]) -> None:
    seen: set[str | None] = set()
    for hours in value:
        if hours.resource in seen:
            msg = f"{attribute.name}: two Hours for resource {hours.resource!r}"
            raise ValueError(msg)
        seen.add(hours.resource)


@attrs.frozen(kw_only=True, field_transformer=name_sequences)
class Availability:
    """The clinic's booking rules: its resources, their hours, and notice.

    Attributes:
        timezone: The clinic's IANA zone (calendar days for notice in days).
        resources: Every bookable resource, with kind and capacity.
        hours: Working hours per resource, plus at most one default
            (``resource=None``). A resource with no hours of its own and no
            default, and every patient, is available at any time.
        minimum_notice: A booking must start at least this long after ``now``.
        notice_days: ...and at least this many calendar days after ``now``'s
            local date (0: same day allowed).
        horizon: Bookings may start at most this long after ``now``, if set.

    >>> from datetime import time, timedelta
    >>> av = Availability(timezone="America/New_York",
    ...     resources=(Resource(id="dr-lee", kind="provider"),),
    ...     hours=(Hours(timezone="America/New_York",
    ...                  weekly=(WeeklyHours(days=range(5), start=time(9), end=time(17)),)),),
    ...     minimum_notice=timedelta(hours=2))
    >>> av.hours_for("dr-lee").resource is None
    True
    """

    timezone: str = attrs.field(validator=_timezone)
    resources: tuple[Resource, ...] = attrs.field(
        default=(), converter=_resource_registry, validator=_unique_ids
    )
    hours: tuple[Hours, ...] = attrs.field(default=(), converter=_tuple, validator=_unique_hours)
    minimum_notice: dt.timedelta = attrs.field(default=_ZERO, validator=_non_negative)
    notice_days: int = attrs.field(default=0, validator=attrs.validators.ge(0))
    horizon: dt.timedelta | None = attrs.field(
        default=None, validator=attrs.validators.optional(_positive_duration)
    )

    def resource(self, resource_id: str) -> Resource | None:
        """The registered resource with this id, if any.

        >>> Availability(timezone="UTC", resources=(Resource(id="r", kind="room"),)).resource("r").kind
        <ResourceKind.ROOM: 'room'>
        """
        for item in self.resources:
            if item.id == resource_id:
                return item
        return None

    def hours_for(self, resource_id: str) -> Hours | None:
        """The hours that apply to a resource: its own, else the default, else ``None``.

        Patients never take the default hours.

        >>> Availability(timezone="UTC").hours_for("anything") is None
        True
        """
        default = None
        for hours in self.hours:
            if hours.resource == resource_id:
                return hours
            if hours.resource is None:
                default = hours
        known = self.resource(resource_id)
        if known is not None and known.kind is ResourceKind.PATIENT:
            return None
        return default
