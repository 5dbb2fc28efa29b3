"""The earliest slot, open slots, and why a start is refused.

A :class:`~medoffice.scheduling.SlotRequest` needs several resources at once:
every :class:`~medoffice.scheduling.Requirement` of its type (``count``
distinct resources among ``any_of``, or among every registered resource of
that kind), plus the patient and the request's own resources. A resource is
*free* for a start ``t`` when

- the clinical interval ``[t, t + duration)`` lies within its working hours
  (weekly hours, date overrides, breaks and blocks: see
  :func:`~medoffice.scheduling._hours.working_windows`). Buffers need not be
  within hours: set-up and clean-up may spill past closing time;
- the occupied interval ``[t - buffer_before, t + duration + buffer_after)``
  does not meet its bookings' occupied spans (buffers included on both sides);
  for a resource with capacity > 1, its load stays below capacity there;
- its daily cap (``Hours.daily_cap``: bookings starting on that local day in
  the hours' zone) is not reached.

Booking rules: a start must be at least ``now + minimum_notice``, on or after
the local date ``now`` + ``notice_days`` (``Availability.timezone``), at most
``now + horizon``; with ``before`` the visit must *end* (clinically, not
counting buffers) by ``before``. Without ``before`` or a horizon the search
looks one year ahead.

:func:`earliest_slot` finds the first start by a fixed point: ``t`` only
grows, and each move jumps past a busy interval or a window edge, so the
search costs a few ``O(log n)`` calendar queries, not a scan.

>>> from datetime import datetime, time, timedelta
>>> from zoneinfo import ZoneInfo
>>> from medoffice.scheduling import (Appointment, AppointmentType, Availability, Hours,
...     Requirement, Resource, SlotRequest, WeeklyHours)
>>> from medoffice.scheduling._calendar import Calendar
>>> ny = ZoneInfo("America/New_York")
>>> lee = Resource(id="dr-lee", kind="provider")
>>> av = Availability(timezone="America/New_York", resources=(lee,),
...     hours=(Hours(timezone="America/New_York",
...                  weekly=(WeeklyHours(days=range(5), start=time(9), end=time(17)),)),))
>>> visit = AppointmentType(code="visit", duration=timedelta(minutes=30),
...                         requires=(Requirement(kind="provider"),))
>>> cal = Calendar([Appointment(id="a1", start=datetime(2025, 3, 10, 9, tzinfo=ny),
...                             end=datetime(2025, 3, 10, 10, tzinfo=ny), resources=(lee,))])
>>> slot = earliest_slot(SlotRequest(type=visit), cal, av, after=datetime(2025, 3, 10, 8, tzinfo=ny))
>>> slot.start.astimezone(ny).strftime("%a %H:%M"), slot.resources
('Mon 10:00', ('dr-lee',))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Protocol

import attrs

from medoffice.scheduling._hours import (
    Blocked,
    DateClosed,
    IdentityMemo,
    OnBreak,
    OutsideHours,
    closed_reasons,
    fitting_window,
)
from medoffice.scheduling._model import (
    Availability,
    Hours,
    Level,
    Requirement,
    Resource,
    ResourceKind,
    Slot,
    SlotRequest,
)
from medoffice.scheduling._time import (
    UTC,
    day_bounds,
    from_us,
    local_date,
    require_aware,
    to_us,
    zone,
)

__all__ = [
    "BeyondHorizon",
    "DailyCap",
    "MinimumNotice",
    "NoQualifiedResource",
    "NonexistentLocalTime",
    "Reason",
    "ResourceBusy",
    "earliest_slot",
    "explain",
    "open_slots",
]

_US = dt.timedelta(microseconds=1)
_DAY_US = 86_400_000_000
#: How far the search looks without ``before`` or a horizon.
_DEFAULT_SEARCH_US = 366 * _DAY_US


class _Calendar(Protocol):
    def busy(self, resource_id: str, start_us: int, end_us: int) -> Sequence[tuple[int, int, str]]:
        """The occupied spans ``(start, end, id)`` overlapping the window, sorted."""

    def count_starts(self, resource_id: str, start_us: int, end_us: int) -> int:
        """How many bookings start within the window."""


# -- reasons ----------------------------------------------------------------------


def _fmt(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M %Z").strip()


@attrs.frozen(kw_only=True)
class ResourceBusy:
    """A booking already holds the resource then.

    Attributes:
        resource: The resource id.
        appointment: The id of the booking in the way.
        start: Where its occupied span (buffers included) starts.
        end: Where it ends.
        buffer: True when only buffers meet, not the visits themselves.
        patient: True when the resource is the patient (the message then says
            "the patient" rather than the key).

    >>> from datetime import datetime, timezone
    >>> str(ResourceBusy(resource="dr-lee", appointment="a1", start=datetime(2025, 1, 6, 9, tzinfo=timezone.utc),
    ...                  end=datetime(2025, 1, 6, 10, tzinfo=timezone.utc), buffer=False))
    'dr-lee is booked (a1) from 2025-01-06 09:00 UTC to 2025-01-06 10:00 UTC'
    """

    resource: str
    appointment: str
    start: dt.datetime
    end: dt.datetime
    buffer: bool = False
    patient: bool = False

    @property
    def level(self) -> Level:
        """Always :attr:`Level.BLOCK`.

        >>> from datetime import datetime, timezone
        >>> t = datetime(2025, 1, 6, tzinfo=timezone.utc)
        >>> ResourceBusy(resource="r", appointment="a", start=t, end=t).level
        <Level.BLOCK: 'block'>
        """
        return Level.BLOCK

    def __str__(self) -> str:
        who = "the patient" if self.patient else self.resource
        what = "set-up or clean-up time of a booking" if self.buffer else "booked"
        return f"{who} is {what} ({self.appointment}) from {_fmt(self.start)} to {_fmt(self.end)}"


@attrs.frozen(kw_only=True)
class DailyCap:
    """The resource already has its maximum number of bookings that day.

    >>> str(DailyCap(resource="dr-lee", date=dt.date(2025, 1, 6), limit=12, count=12))
    'dr-lee already has 12 bookings on 2025-01-06 (limit 12)'
    """

    resource: str
    date: dt.date
    limit: int
    count: int

    @property
    def level(self) -> Level:
        """Always :attr:`Level.BLOCK`.

        >>> DailyCap(resource="r", date=dt.date(2025, 1, 6), limit=1, count=1).level
        <Level.BLOCK: 'block'>
        """
        return Level.BLOCK

    def __str__(self) -> str:
        return (
            f"{self.resource} already has {self.count} bookings on "
            f"{self.date.isoformat()} (limit {self.limit})"
        )


@attrs.frozen(kw_only=True)
class MinimumNotice:
    """The start is too soon: bookings need notice.

    Attributes:
        earliest: The earliest start the notice rules allow.

    >>> from datetime import datetime, timezone
    >>> str(MinimumNotice(earliest=datetime(2025, 1, 6, 11, tzinfo=timezone.utc)))
    'too short notice: the earliest start is 2025-01-06 11:00 UTC'
    """

    earliest: dt.datetime

    @property
    def level(self) -> Level:
        """Always :attr:`Level.BLOCK`.

        >>> from datetime import datetime, timezone
        >>> MinimumNotice(earliest=datetime(2025, 1, 6, tzinfo=timezone.utc)).level
        <Level.BLOCK: 'block'>
        """
        return Level.BLOCK

    def __str__(self) -> str:
        return f"too short notice: the earliest start is {_fmt(self.earliest)}"


@attrs.frozen(kw_only=True)
class BeyondHorizon:
    """The start is further ahead than bookings may be made.

    Attributes:
        latest: The latest start the horizon allows.

    >>> from datetime import datetime, timezone
    >>> str(BeyondHorizon(latest=datetime(2025, 4, 6, 9, tzinfo=timezone.utc)))
    'too far ahead: the latest start is 2025-04-06 09:00 UTC'
    """

    latest: dt.datetime

    @property
    def level(self) -> Level:
        """Always :attr:`Level.BLOCK`.

        >>> from datetime import datetime, timezone
        >>> BeyondHorizon(latest=datetime(2025, 1, 6, tzinfo=timezone.utc)).level
        <Level.BLOCK: 'block'>
        """
        return Level.BLOCK

    def __str__(self) -> str:
        return f"too far ahead: the latest start is {_fmt(self.latest)}"


@attrs.frozen(kw_only=True)
class NonexistentLocalTime:
    """The start is a wall-clock time that a spring-forward change skips.

    Attributes:
        local: The wall-clock time as given, ISO 8601 without an offset
            (``2025-03-09T02:30:00``), like :class:`~medoffice.exceptions.LocalTimeError`.
        zone: The IANA zone.

    >>> str(NonexistentLocalTime(local="2025-03-09T02:30:00", zone="America/New_York"))
    '2025-03-09T02:30:00 does not exist in America/New_York (clocks spring forward)'
    """

    local: str
    zone: str

    @property
    def level(self) -> Level:
        """Always :attr:`Level.BLOCK`.

        >>> NonexistentLocalTime(local="2025-03-09T02:30:00", zone="UTC").level
        <Level.BLOCK: 'block'>
        """
        return Level.BLOCK

    def __str__(self) -> str:
        return f"{self.local} does not exist in {self.zone} (clocks spring forward)"


@attrs.frozen(kw_only=True)
class NoQualifiedResource:
    """Fewer resources qualify for a requirement than it needs.

    Attributes:
        requirement: The requirement.
        available: How many qualified resources the availability knows.

    >>> str(NoQualifiedResource(requirement=Requirement(kind="equipment", any_of="echo-1", count=2),
    ...                         available=1))
    'needs 2 equipment (any of echo-1) but 1 qualify'
    """

    requirement: Requirement
    available: int = 0

    @property
    def level(self) -> Level:
        """Always :attr:`Level.BLOCK`.

        >>> NoQualifiedResource(requirement=Requirement(kind="room")).level
        <Level.BLOCK: 'block'>
        """
        return Level.BLOCK

    def __str__(self) -> str:
        req = self.requirement
        which = f" (any of {', '.join(req.any_of)})" if req.any_of else ""
        return f"needs {req.count} {req.kind.value}{which} but {self.available} qualify"


Reason = (
    ResourceBusy
    | OutsideHours
    | DateClosed
    | OnBreak
    | Blocked
    | DailyCap
    | MinimumNotice
    | BeyondHorizon
    | NonexistentLocalTime
    | NoQualifiedResource
)


# -- the request, prepared ----------------------------------------------------------


@attrs.frozen
class _Candidate:
    id: str
    capacity: int
    hours: Hours | None
    patient: bool


class _Need:
    """``count`` distinct resources among ``candidates`` (in preference order)."""

    __slots__ = ("candidates", "count", "requirement")

    def __init__(
        self, candidates: tuple[_Candidate, ...], count: int, requirement: Requirement | None
    ) -> None:
        self.candidates = candidates
        self.count = count
        self.requirement = requirement


def _qualifies(resource: Resource, requirement: Requirement) -> bool:
    if resource.kind is not requirement.kind:
        return False
    return not requirement.any_of or resource.id in requirement.any_of


@attrs.frozen
class _Registry:
    """An availability's resources and hours by id (built once per availability)."""

    resources: Mapping[str, Resource]
    hours: Mapping[str, Hours]
    default: Hours | None
    by_kind: Mapping[ResourceKind, tuple[str, ...]]
    #: For each registered resource, its kind and its candidate as
    #: :func:`_candidate` makes it (a plain dict: read on every request).
    candidates: dict[str, tuple[ResourceKind, _Candidate]] = attrs.Factory(dict)


def _candidate(resource: Resource, registry: _Registry) -> _Candidate:
    known = registry.resources.get(resource.id)
    patient = resource.kind is ResourceKind.PATIENT
    hours = registry.hours.get(resource.id)
    if hours is None and not patient:  # patients never take the default hours
        hours = registry.default
    capacity = known.capacity if known is not None else resource.capacity
    return _Candidate(id=resource.id, capacity=capacity, hours=hours, patient=patient)


def _make_registry(availability: Availability) -> _Registry:
    by_kind: dict[ResourceKind, list[str]] = {}
    for item in availability.resources:
        by_kind.setdefault(item.kind, []).append(item.id)
    own = {h.resource: h for h in availability.hours if h.resource is not None}
    default = next((h for h in availability.hours if h.resource is None), None)
    registry = _Registry(
        resources=MappingProxyType({r.id: r for r in availability.resources}),
        hours=MappingProxyType(own),
        default=default,
        by_kind=MappingProxyType({k: tuple(v) for k, v in by_kind.items()}),
    )
    registry.candidates.update(
        (r.id, (r.kind, _candidate(r, registry))) for r in availability.resources
    )
    return registry


_registry = IdentityMemo(_make_registry, maxsize=64)


def _needs(request: SlotRequest, availability: Availability) -> tuple[list[_Need], list[_Need]]:
    """(needs, needs that cannot be met at all) for a request."""
    registry = _registry(availability)
    fixed = list(request.resources)
    if request.patient is not None:
        fixed.append(request.patient)
    taken: set[str] = set()
    needs: list[_Need] = []
    impossible: list[_Need] = []
    for requirement in request.type.requires:
        count = requirement.count
        # A resource the request names fills a requirement it qualifies for.
        for resource in fixed:
            if count and resource.id not in taken and _qualifies(resource, requirement):
                taken.add(resource.id)
                count -= 1
                needs.append(_Need((_candidate(resource, registry),), 1, requirement))
        if not count:
            continue
        ids = requirement.any_of or registry.by_kind.get(requirement.kind, ())
        cands = []
        registered = registry.candidates
        for rid in dict.fromkeys(ids):
            if rid in taken:
                continue
            known = registered.get(rid)
            if known is None:  # not registered: a resource of the kind asked for
                cands.append(_candidate(Resource(id=rid, kind=requirement.kind), registry))
            elif known[0] is requirement.kind:
                cands.append(known[1])
        need = _Need(tuple(cands), count, requirement)
        (needs if len(cands) >= count else impossible).append(need)
    for resource in fixed:
        if resource.id not in taken:
            taken.add(resource.id)
            needs.append(_Need((_candidate(resource, registry),), 1, None))
    return needs, impossible


def _saturated(spans: Sequence[tuple[int, int, str]], capacity: int) -> list[tuple[int, int]]:
    """Where at least ``capacity`` spans overlap (the resource is full)."""
    if capacity == 1:
        return [(s, e) for s, e, _ in spans]
    events = sorted([(s, 1) for s, _, _ in spans] + [(e, -1) for _, e, _ in spans])
    out: list[tuple[int, int]] = []
    load = 0
    opened = 0
    for t, delta in events:
        before = load
        load += delta
        if before < capacity <= load:
            opened = t
        elif load < capacity <= before and t > opened:
            if out and out[-1][1] == opened:
                out[-1] = (out[-1][0], t)
            else:
                out.append((opened, t))
    return out


def _matching(needs: Sequence[_Need], free: set[str]) -> list[str] | None:
    """Distinct free resources for every need (preference order), or ``None``."""
    seats = [need for need in needs for _ in range(need.count)]
    owner: dict[str, int] = {}

    def place(seat: int, seen: set[str]) -> bool:
        for cand in seats[seat].candidates:
            if cand.id in free and cand.id not in seen:
                seen.add(cand.id)
                if cand.id not in owner or place(owner[cand.id], seen):
                    owner[cand.id] = seat
                    return True
        return False

    for seat in range(len(seats)):
        if not place(seat, set()):
            return None
    return sorted(owner)


_NOT_HOURS = object()


class _Search:
    """One search: the request's needs over a calendar, with memoised next-free times."""

    __slots__ = (
        "after_us",
        "before_us",
        "calendar",
        "duration",
        "memo",
        "needs",
        "seats",
        "spans",
        "windows",
    )

    def __init__(self, needs: list[_Need], calendar: _Calendar, request: SlotRequest) -> None:
        self.needs = needs
        seats = 0
        for need in needs:
            seats += need.count
        self.seats = seats
        self.calendar = calendar
        kind = request.type
        self.duration = kind.duration // _US
        self.before_us = kind.buffer_before // _US
        self.after_us = kind.buffer_after // _US
        self.memo: dict[str, tuple[int, int | None]] = {}
        self.spans: dict[str, tuple[int, int, Sequence[tuple[int, int, str]]]] = {}
        self.windows: dict[int, tuple[int, int]] = {}

    def next_free(self, cand: _Candidate, t: int, limit: int) -> int | None:
        """The earliest start ``>= t`` and ``<= limit`` at which ``cand`` is free."""
        known = self.memo.get(cand.id)
        if known is not None and known[0] <= t and (known[1] is None or t <= known[1]):
            return known[1]
        found = self._next_free(cand, t, limit)
        self.memo[cand.id] = (t, found)
        return found

    def _window(self, hours: Hours | None, t: int, limit: int) -> tuple[int, int] | None:
        """The first working window where a visit starting at or after ``t`` fits.

        Memoised per ``Hours`` (by identity: candidates usually share the
        default hours), as the last window found.
        """
        key = id(hours)
        last = self.windows.get(key)
        if last is not None and last[0] <= t and t + self.duration <= last[1]:
            return t, last[1]
        window = fitting_window(hours, t, self.duration, limit)
        if window is not None:
            self.windows[key] = window
        return window

    def _next_free(self, cand: _Candidate, t: int, limit: int) -> int | None:
        duration, before, after = self.duration, self.before_us, self.after_us
        hours = cand.hours
        while t <= limit:
            window = self._window(hours, t, limit)
            if window is None:
                return None
            x, end = window
            end = min(end, x + duration + _DAY_US)  # look at a day of bookings at a time
            s = x
            for lo, hi, _ in self._blocked(cand, x - before, end + after):
                if lo >= s + duration + after:
                    break
                if hi > s - before:
                    s = hi + before
            if s + duration > end:
                t = s  # every start in [x, s) meets a booking; s does not fit here
                continue
            if hours is not None and hours.daily_cap is not None:
                day_lo, day_hi = day_bounds(local_date(s, hours.zone), hours.zone)
                if self.calendar.count_starts(cand.id, day_lo, day_hi) >= hours.daily_cap:
                    t = day_hi
                    continue
            return s
        return None

    def _blocked(self, cand: _Candidate, lo: int, hi: int) -> Sequence[tuple[int, int, str]]:
        """Where ``cand`` is full within ``[lo, hi)``, sorted.

        Fetched a working window at a time (``[lo, hi)`` is one) and kept
        while later questions fall within it.
        """
        got = self.spans.get(cand.id)
        if got is not None and got[0] <= lo and hi <= got[1]:
            return got[2]
        busy = self.calendar.busy(cand.id, lo, hi)
        if cand.capacity != 1:
            busy = [(s, e, "") for s, e in _saturated(busy, cand.capacity)]
        self.spans[cand.id] = (lo, hi, busy)
        return busy

    def first(self, t: int, limit: int) -> tuple[int, list[str]] | None:
        """The earliest start in ``[t, limit]`` with every need met, and the chosen ids."""
        needs = self.needs
        while t <= limit:
            t = self._hours_allow(t, limit)
            moved = False
            free: set[str] = set()
            for need in needs:
                got = 0
                later: list[int] = []
                for cand in need.candidates:  # in preference order; stop when enough
                    x = self.next_free(cand, t, limit)
                    if x == t:
                        free.add(cand.id)
                        got += 1
                        if got == need.count:
                            break
                    elif x is not None:
                        later.append(x)
                else:
                    # Too few free at t: jump to where enough can be.
                    missing = need.count - got
                    if len(later) < missing:
                        return None
                    later.sort()
                    t = later[missing - 1]
                    moved = True
            if moved:
                continue
            if len(free) == self.seats:
                # Each need found its own free resources, all distinct: the only
                # matching within ``free`` uses all of them.
                return t, sorted(free)
            chosen = _matching(needs, free)
            if chosen is not None:
                return t, chosen
            chosen, t_next = self._everyone(t, limit)
            if chosen is not None:
                return t, chosen
            if t_next is None:
                return None
            t = t_next
        return None

    def _hours_allow(self, t: int, limit: int) -> int:
        """The first time ``>= t`` at which every need has a candidate within working hours.

        No start before it can be free (a resource is free only within its
        hours), so the search may skip there without asking the calendar:
        then the first candidate in preference order is often free at once.
        """
        for need in self.needs:
            soonest = None
            seen = _NOT_HOURS
            for cand in need.candidates:
                hours = cand.hours
                if hours is seen:  # candidates usually share their hours
                    continue
                seen = hours
                window = self._window(hours, t, limit)
                if window is not None and (soonest is None or window[0] < soonest):
                    soonest = window[0]
                    if soonest == t:
                        break
            if soonest is not None and soonest > t:
                t = soonest
        return t

    def _everyone(self, t: int, limit: int) -> tuple[list[str] | None, int | None]:
        """A matching over every candidate free at ``t``, else the next time one frees up."""
        free = set()
        later: list[int] = []
        for need in self.needs:
            for cand in need.candidates:
                x = self.next_free(cand, t, limit)
                if x == t:
                    free.add(cand.id)
                elif x is not None:
                    later.append(x)
        chosen = _matching(self.needs, free)
        return chosen, (min(later) if later else None)


# -- the booking rules --------------------------------------------------------------


def _earliest_allowed(availability: Availability, now_us: int) -> int:
    earliest = now_us + availability.minimum_notice // _US
    if availability.notice_days:
        tz = zone(availability.timezone)
        day = local_date(now_us, tz) + dt.timedelta(days=availability.notice_days)
        earliest = max(earliest, day_bounds(day, tz)[0])
    return earliest


def _latest_allowed(availability: Availability, now_us: int) -> int | None:
    if availability.horizon is None:
        return None
    return now_us + availability.horizon // _US


def _bounds(
    request: SlotRequest,
    availability: Availability,
    after: dt.datetime,
    before: dt.datetime | None,
    now: dt.datetime | None,
) -> tuple[int, int]:
    after_us = to_us(require_aware(after, "after"))
    now_us = after_us if now is None else to_us(require_aware(now, "now"))
    start = max(after_us, _earliest_allowed(availability, now_us))
    limit = start + _DEFAULT_SEARCH_US
    latest = _latest_allowed(availability, now_us)
    if latest is not None:
        limit = latest
    if before is not None:
        limit = min(limit, to_us(require_aware(before, "before")) - request.type.duration // _US)
    return start, limit


# A Slot built from values this module has already checked (UTC datetimes, sorted
# ids), without attrs' converters and validators: each slot is set through its
# descriptor, as attrs' own __init__ does.
_SLOT_FIELDS = {field.name: Slot.__dict__[field.name].__set__ for field in attrs.fields(Slot)}
_NEW = object.__new__


def _slot(t: int, chosen: list[str], request: SlotRequest) -> Slot:
    """The slot at ``t`` (epoch µs) for the chosen ids (sorted), the patient left out."""
    start = from_us(t)
    patient = request.patient.id if request.patient is not None else None
    ids = tuple(rid for rid in chosen if rid != patient)
    slot: Slot = _NEW(Slot)
    fields = _SLOT_FIELDS
    fields["start"](slot, start)
    fields["end"](slot, start + request.type.duration)
    fields["resources"](slot, ids)
    return slot


def earliest_slot(
    request: SlotRequest,
    calendar: _Calendar,
    availability: Availability,
    *,
    after: dt.datetime,
    before: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> Slot | None:
    """The earliest bookable slot for a request, or ``None``.

    Args:
        request: The visit type, the patient and any resources it must use.
        calendar: The bookings (a :class:`~medoffice.scheduling.Calendar`).
        availability: Resources, hours and booking rules.
        after: Start no earlier than this.
        before: The visit must end (clinically; buffers may run past) by this.
        now: The time of booking, for notice and horizon; default ``after``.

    Returns:
        A :class:`~medoffice.scheduling.Slot` with the clinical start and end
        and the ids of the resources to book besides the patient (the
        request's own ones, and for each requirement the first free ones in
        ``any_of`` order, else in id order), or ``None`` if nothing fits.

    Raises:
        ValueError: ``after``, ``before`` or ``now`` is naive.

    >>> from datetime import datetime, time, timedelta, timezone
    >>> from medoffice.scheduling import AppointmentType, Availability, Requirement, Resource, SlotRequest
    >>> from medoffice.scheduling._calendar import Calendar
    >>> av = Availability(timezone="UTC", resources=(Resource(id="room-1", kind="room"),),
    ...                   minimum_notice=timedelta(hours=2))
    >>> kind = AppointmentType(code="x", duration=timedelta(minutes=20), requires=(Requirement(kind="room"),))
    >>> t = datetime(2025, 1, 6, 9, tzinfo=timezone.utc)
    >>> earliest_slot(SlotRequest(type=kind), Calendar(), av, after=t).start.isoformat()
    '2025-01-06T11:00:00+00:00'
    >>> earliest_slot(SlotRequest(type=kind), Calendar(), av, after=t, before=t + timedelta(hours=2)) is None
    True
    """
    start, limit = _bounds(request, availability, after, before, now)
    needs, impossible = _needs(request, availability)
    if impossible:
        return None
    found = _Search(needs, calendar, request).first(start, limit)
    return None if found is None else _slot(*found, request)


def _grid(tz: dt.tzinfo, step_us: int, t: int) -> Iterator[int]:
    """Instants ``>= t`` of the wall-clock grid: local midnight + k * step, in UTC order.

    A wall time that a spring-forward skips is left out; one that a fall-back
    repeats is on the grid at both instants.
    """
    day = local_date(t, tz) - dt.timedelta(days=1)
    last = t - 1
    while True:
        midnight, next_midnight = day_bounds(day, tz)
        points: list[int] = []
        if next_midnight - midnight == _DAY_US and (
            from_us(midnight).astimezone(tz).utcoffset()
            == from_us(next_midnight - 1).astimezone(tz).utcoffset()
        ):
            points = list(range(midnight, next_midnight, step_us))
        else:
            wall = dt.datetime.combine(day, dt.time())
            for k in range(-(-_DAY_US // step_us)):
                local = wall + dt.timedelta(microseconds=k * step_us)
                for fold in (0, 1):
                    instant = local.replace(tzinfo=tz, fold=fold)
                    if instant.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == local:
                        points.append(to_us(instant))
        for point in sorted(set(points)):
            if point > last:
                last = point
                yield point
        day += dt.timedelta(days=1)


def open_slots(
    request: SlotRequest,
    calendar: _Calendar,
    availability: Availability,
    *,
    after: dt.datetime,
    before: dt.datetime | None = None,
    now: dt.datetime | None = None,
    step: dt.timedelta = dt.timedelta(minutes=15),
) -> Iterator[Slot]:
    """Every bookable start on a grid, lazily, in time order.

    The grid is the wall-clock times local midnight + k * ``step`` of each
    local date in ``availability.timezone`` (09:00, 09:15, ... by default);
    a wall time that a spring-forward skips is never offered, one that a
    fall-back repeats is offered at each of its two instants. Each slot
    satisfies the same rules as :func:`earliest_slot`.

    >>> from datetime import datetime, time, timedelta, timezone
    >>> from medoffice.scheduling import (AppointmentType, Availability, Hours, Requirement, Resource,
    ...     SlotRequest, WeeklyHours)
    >>> from medoffice.scheduling._calendar import Calendar
    >>> av = Availability(timezone="UTC", resources=(Resource(id="room-1", kind="room"),),
    ...     hours=(Hours(timezone="UTC", weekly=(WeeklyHours(days=range(7), start=time(9), end=time(10)),)),))
    >>> kind = AppointmentType(code="x", duration=timedelta(minutes=20), requires=(Requirement(kind="room"),))
    >>> slots = open_slots(SlotRequest(type=kind), Calendar(), av,
    ...                    after=datetime(2025, 1, 6, tzinfo=timezone.utc), step=timedelta(minutes=20))
    >>> [s.start.strftime("%d %H:%M") for s, _ in zip(slots, range(4))]
    ['06 09:00', '06 09:20', '06 09:40', '07 09:00']
    """
    given: object = step  # callers may pass anything at run time
    if not isinstance(given, dt.timedelta) or step <= dt.timedelta(0):
        msg = "step: must be a positive timedelta"
        raise ValueError(msg)
    start, limit = _bounds(request, availability, after, before, now)
    needs, impossible = _needs(request, availability)
    if impossible:
        return iter(())
    grid = _grid(zone(availability.timezone), step // _US, start)
    return _open(_Search(needs, calendar, request), grid, limit, request)


def _open(search: _Search, grid: Iterator[int], limit: int, request: SlotRequest) -> Iterator[Slot]:
    point = next(grid)
    while point <= limit:
        found = search.first(point, limit)
        if found is None:
            return
        t, chosen = found
        while point < t:
            point = next(grid)
        if point == t:
            yield _slot(t, chosen, request)
            point = next(grid)


# -- explain ------------------------------------------------------------------------


def _nonexistent(start: dt.datetime) -> NonexistentLocalTime | None:
    tz = start.tzinfo
    naive = start.replace(tzinfo=None)
    if start.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == naive:
        return None
    return NonexistentLocalTime(
        local=naive.isoformat(), zone=str(getattr(tz, "key", start.tzname()))
    )


def _candidate_reasons(
    cand: _Candidate, t: int, search: _Search, availability: Availability
) -> list[Reason]:
    duration, before, after = search.duration, search.before_us, search.after_us
    tz = zone(availability.timezone)
    reasons: list[Reason] = [
        r
        for r in closed_reasons(
            cand.hours, t, t + duration, resource=None if cand.patient else cand.id
        )
        if r.level is Level.BLOCK
    ]
    lo, hi = t - before, t + duration + after
    spans = search.calendar.busy(cand.id, lo, hi)
    if any(s < hi and e > lo for s, e in _saturated(spans, cand.capacity)):
        for s, e, appointment in spans:
            reasons.append(
                ResourceBusy(
                    resource=cand.id,
                    appointment=appointment,
                    start=from_us(s).astimezone(tz),
                    end=from_us(e).astimezone(tz),
                    buffer=_clinically_apart(search, appointment, t, t + duration),
                    patient=cand.patient,
                )
            )
    hours = cand.hours
    if hours is not None and hours.daily_cap is not None:
        day = local_date(t, hours.zone)
        count = search.calendar.count_starts(cand.id, *day_bounds(day, hours.zone))
        if count >= hours.daily_cap:
            reasons.append(DailyCap(resource=cand.id, date=day, limit=hours.daily_cap, count=count))
    return reasons


def _clinically_apart(search: _Search, appointment: str, lo: int, hi: int) -> bool:
    """Whether the booking's clinical interval misses ``[lo, hi)`` (only buffers meet)."""
    get = getattr(search.calendar, "get", None)
    booking = get(appointment) if get is not None else None
    if booking is None:
        return False
    return not (to_us(booking.start) < hi and to_us(booking.end) > lo)


def explain(
    request: SlotRequest,
    start: dt.datetime,
    calendar: _Calendar,
    availability: Availability,
    *,
    now: dt.datetime | None = None,
) -> tuple[Reason, ...]:
    """Why a start is refused, as structured reasons; ``()`` means bookable.

    Reports, in this order: a start that does not exist on the wall clock
    (:class:`NonexistentLocalTime`, alone), the booking rules
    (:class:`MinimumNotice`, :class:`BeyondHorizon`; only when ``now`` is
    given), requirements that too few resources qualify for
    (:class:`NoQualifiedResource`), and, when the needs cannot all be met at
    once, every reason each resource that is not free has: outside hours,
    date overrides, breaks and blocks (level ``block`` only), the bookings in
    the way (:class:`ResourceBusy`) and daily caps (:class:`DailyCap`). For a
    requirement with alternatives, each candidate that is not free gets its
    reasons. Each reason's ``str`` is a sentence for the patient, without
    patient data.

    >>> from datetime import datetime, time, timedelta
    >>> from zoneinfo import ZoneInfo
    >>> from medoffice.scheduling import (Appointment, AppointmentType, Availability, Hours,
    ...     Requirement, Resource, SlotRequest, WeeklyHours)
    >>> from medoffice.scheduling._calendar import Calendar
    >>> ny = ZoneInfo("America/New_York")
    >>> lee = Resource(id="dr-lee", kind="provider")
    >>> av = Availability(timezone="America/New_York", resources=(lee,),
    ...     hours=(Hours(timezone="America/New_York",
    ...                  weekly=(WeeklyHours(days=range(5), start=time(9), end=time(17)),)),))
    >>> visit = AppointmentType(code="visit", duration=timedelta(minutes=30),
    ...                         requires=(Requirement(kind="provider"),))
    >>> cal = Calendar([Appointment(id="a1", start=datetime(2025, 3, 10, 9, tzinfo=ny),
    ...                             end=datetime(2025, 3, 10, 10, tzinfo=ny), resources=(lee,))])
    >>> for reason in explain(SlotRequest(type=visit), datetime(2025, 3, 10, 9, 30, tzinfo=ny), cal, av):
    ...     print(reason)
    dr-lee is booked (a1) from 2025-03-10 09:00 EDT to 2025-03-10 10:00 EDT
    >>> explain(SlotRequest(type=visit), datetime(2025, 3, 10, 10, tzinfo=ny), cal, av)
    ()
    """
    require_aware(start, "start")
    gap = _nonexistent(start)
    if gap is not None:
        return (gap,)
    t = to_us(start)
    reasons: list[Reason] = []
    if now is not None:
        now_us = to_us(require_aware(now, "now"))
        tz = zone(availability.timezone)
        earliest = _earliest_allowed(availability, now_us)
        if t < earliest:
            reasons.append(MinimumNotice(earliest=from_us(earliest).astimezone(tz)))
        latest = _latest_allowed(availability, now_us)
        if latest is not None and t > latest:
            reasons.append(BeyondHorizon(latest=from_us(latest).astimezone(tz)))
    needs, impossible = _needs(request, availability)
    for need in impossible:
        assert need.requirement is not None  # noqa: S101  # only requirements can be impossible
        reasons.append(
            NoQualifiedResource(requirement=need.requirement, available=len(need.candidates))
        )
    search = _Search(needs, calendar, request)
    per_candidate = {
        cand.id: _candidate_reasons(cand, t, search, availability)
        for need in needs
        for cand in need.candidates
    }
    free = {rid for rid, found in per_candidate.items() if not found}
    if _matching(needs, free) is None:
        for found in per_candidate.values():
            reasons.extend(found)
    return tuple(reasons)
