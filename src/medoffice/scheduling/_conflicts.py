"""Batch conflict detection: every double booking and every overload, in one pass.

:func:`find_conflicts` reports

- an :attr:`~medoffice.scheduling.ConflictKind.OVERLAP` for every unordered
  pair of bookings whose *occupied* intervals (buffers included) overlap while
  they share a resource of capacity 1, exactly once, with every such shared
  resource and the overlap window;
- an :attr:`~medoffice.scheduling.ConflictKind.OVERLOAD` for every maximal
  window in which a resource of capacity ``c > 1`` holds more than ``c``
  bookings at once, with the peak load.

Only bookings that hold time count (an active FHIR status and a non-zero
length). Intervals are half-open, so back-to-back bookings never clash. The
work is a sort and a sweep on integer UTC microseconds per resource,
``O(n log n + k)`` for ``k`` conflicting pairs; datetimes are built only for
the answer.

:func:`overlap`, :func:`overload_windows` and :func:`conflict_key` are the same
rules for one pair, one resource and the result order, for an incremental
calendar that must agree with the batch answer.

>>> from datetime import datetime, timedelta, timezone
>>> from medoffice.scheduling import Appointment, Resource
>>> dr = Resource(id="dr-lee", kind="provider")
>>> def visit(id, hour, minute, minutes, *resources):
...     start = datetime(2025, 1, 6, hour, minute, tzinfo=timezone.utc)
...     return Appointment(id=id, start=start, end=start + timedelta(minutes=minutes),
...                        resources=resources)
>>> for c in find_conflicts([visit("a1", 9, 0, 30, dr), visit("a2", 9, 15, 30, dr),
...                          visit("a3", 9, 40, 15, dr)]):
...     print(c)
overlap of a1, a2 on dr-lee from 2025-01-06T09:15:00+00:00 to 2025-01-06T09:30:00+00:00 [block]
overlap of a2, a3 on dr-lee from 2025-01-06T09:40:00+00:00 to 2025-01-06T09:45:00+00:00 [block]
"""

from __future__ import annotations

import collections
import datetime as dt
import itertools
import operator
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any, cast

import attrs

from medoffice.exceptions import Problem, ValidationFailed
from medoffice.scheduling._model import (
    Appointment,
    Conflict,
    ConflictKind,
    ConflictPolicy,
    Level,
    Resource,
    ResourceKind,
    Status,
)
from medoffice.scheduling._time import from_us, to_us

__all__ = ["conflict_key", "find_conflicts", "overlap", "overload_windows"]

_FREE = frozenset(status for status in Status if not status.holds_time)
_DEFAULT_POLICY = ConflictPolicy()
_FREE_VALUES = frozenset(status.value for status in _FREE)  # str hashes, not Enum.__hash__
_VALUE = operator.attrgetter("_value_")
_SPAN = operator.attrgetter("span")
_ID = operator.attrgetter("id")
_RESOURCES = operator.attrgetter("resources")
_STATUS = operator.attrgetter("status")
_FIRST = operator.itemgetter(0)
_DATETIME = dt.datetime
_OVERLAP = ConflictKind.OVERLAP
_SECOND = operator.itemgetter(1)

#: The sort key of a conflict: (start µs, end µs, kind, appointments, resources).
ConflictKey = tuple[int, int, str, tuple[str, ...], tuple[str, ...]]


def conflict_key(conflict: Conflict) -> ConflictKey:
    """The sort key of the result of :func:`find_conflicts`.

    ``(start, end, kind, appointments, resources)``, with the instants as epoch
    microseconds, so conflicts written in any zone sort by the instant.

    >>> from datetime import datetime, timezone
    >>> c = Conflict(kind="overlap", appointments=("a1", "a2"), resources=("dr",),
    ...              start=datetime(1970, 1, 1, 0, 0, 1, tzinfo=timezone.utc),
    ...              end=datetime(1970, 1, 1, 0, 0, 2, tzinfo=timezone.utc))
    >>> conflict_key(c)
    (1000000, 2000000, 'overlap', ('a1', 'a2'), ('dr',))
    """
    return (
        to_us(conflict.start),
        to_us(conflict.end),
        conflict.kind.value,
        conflict.appointments,
        conflict.resources,
    )


def _policy(policy: object) -> ConflictPolicy:
    if policy is None:
        return _DEFAULT_POLICY
    if not isinstance(policy, ConflictPolicy):
        msg = "policy: must be a ConflictPolicy or None"
        raise TypeError(msg)
    return policy


_RANK = {level: level.rank for level in Level}


def _severest(levels: Iterable[Level]) -> Level:
    return max(levels, key=_RANK.__getitem__)


def _clinical(appointment: Appointment) -> tuple[int, int]:
    """The clinical interval ``[start, end)`` in epoch µs (the span when no buffers)."""
    if appointment.buffer_before or appointment.buffer_after:
        return to_us(appointment.start), to_us(appointment.end)
    return appointment.span


def _active(appointment: Appointment) -> bool:
    start, end = appointment.span
    return start != end and appointment.status not in _FREE


# A Conflict built from values this module has already checked, without attrs'
# converters and validators (they dominate the cost of a result with many
# conflicts): each slot is set through its descriptor, as attrs' own __init__ does.
_SLOTS = {field.name: Conflict.__dict__[field.name].__set__ for field in attrs.fields(Conflict)}
_NEW = object.__new__
_SET_KIND = _SLOTS.pop("kind")
_SET_APPOINTMENTS = _SLOTS.pop("appointments")
_SET_RESOURCES = _SLOTS.pop("resources")
_SET_START = _SLOTS.pop("start")
_SET_END = _SLOTS.pop("end")
_SET_SEVERITY = _SLOTS.pop("severity")
_SET_BUFFER_ONLY = _SLOTS.pop("buffer_only")
_SET_LOAD = _SLOTS.pop("load")
_SET_CAPACITY = _SLOTS.pop("capacity")
if _SLOTS:  # pragma: no cover  # a field added to Conflict must be set above too
    msg = f"_conflicts: Conflict fields not set by the fast constructor: {sorted(_SLOTS)}"
    raise ImportError(msg)


def _conflict(  # noqa: PLR0917  # private and hot: positional is faster
    kind: ConflictKind,
    appointments: tuple[str, ...],
    resources: tuple[str, ...],
    start: dt.datetime,
    end: dt.datetime,
    severity: Level,
    buffer_only: bool,  # noqa: FBT001  # private, positional for speed
    load: int,
    capacity: int,
) -> Conflict:
    conflict: Conflict = _NEW(Conflict)
    _SET_KIND(conflict, kind)
    _SET_APPOINTMENTS(conflict, appointments)
    _SET_RESOURCES(conflict, resources)
    _SET_START(conflict, start)
    _SET_END(conflict, end)
    _SET_SEVERITY(conflict, severity)
    _SET_BUFFER_ONLY(conflict, buffer_only)
    _SET_LOAD(conflict, load)
    _SET_CAPACITY(conflict, capacity)
    return conflict


def _pair(  # noqa: PLR0917  # private and hot: positional is faster
    a: Appointment,
    b: Appointment,
    rids: list[str],
    level: Level,
    policy: ConflictPolicy,
    instant: Callable[[int], dt.datetime] = from_us,
) -> Conflict:
    """The OVERLAP conflict of two bookings whose spans overlap on ``rids`` (capacity 1)."""
    a_start, a_end = a._span  # Appointment.span, without the call
    b_start, b_end = b._span
    if a.buffer_before or a.buffer_after or b.buffer_before or b.buffer_after:
        # The clinical intervals, compared as datetimes (all are kept in UTC).
        buffer_only = (a.start if a.start > b.start else b.start) >= (
            a.end if a.end < b.end else b.end
        )
        if buffer_only:
            level = policy.buffer
        first = instant(a_start if a_start > b_start else b_start)
        second = instant(a_end if a_end < b_end else b_end)
    else:  # the window's bounds are the bookings' own instants (plain UTC datetimes)
        buffer_only = False
        first = a.start if a_start > b_start else b.start
        second = a.end if a_end < b_end else b.end
        if first.__class__ is not _DATETIME or second.__class__ is not _DATETIME:
            first = instant(a_start if a_start > b_start else b_start)  # a subclass: plain ones
            second = instant(a_end if a_end < b_end else b_end)
    conflict: Conflict = _NEW(Conflict)
    _SET_KIND(conflict, _OVERLAP)
    _SET_APPOINTMENTS(conflict, (a.id, b.id) if a.id < b.id else (b.id, a.id))
    _SET_RESOURCES(conflict, (rids[0],) if len(rids) == 1 else tuple(sorted(rids)))
    _SET_START(conflict, first)
    _SET_END(conflict, second)
    _SET_SEVERITY(conflict, level)
    _SET_BUFFER_ONLY(conflict, buffer_only)
    _SET_LOAD(conflict, 2)
    _SET_CAPACITY(conflict, 1)
    return conflict


class _Instants(dict[int, dt.datetime]):
    """A per-call cache of UTC datetimes by epoch µs (bookings share their boundaries)."""

    def __missing__(self, key: int) -> dt.datetime:
        value = self[key] = from_us(key)
        return value


def overlap(
    a: Appointment, b: Appointment, policy: ConflictPolicy | None = None
) -> Conflict | None:
    """The OVERLAP conflict of two bookings, or ``None`` if they do not clash.

    They clash when both hold time, their occupied spans (buffers included)
    overlap, and they share at least one resource of capacity 1 (``a``'s view
    of the resource decides its capacity). Two bookings with the same id are
    the same booking and never clash. The conflict names every shared
    capacity-1 resource; its window is the overlap of the occupied spans; it is
    ``buffer_only`` when the clinical intervals do not overlap, and then takes
    ``policy.buffer``, else the most severe level of the shared resources.

    Args:
        a: One booking.
        b: The other.
        policy: The severities; ``None`` for the default :class:`ConflictPolicy`.

    Returns:
        A :class:`Conflict` with ``load=2`` and ``capacity=1``, or ``None``.

    >>> from datetime import datetime, timedelta, timezone
    >>> from medoffice.scheduling import Appointment, Resource
    >>> room = Resource(id="room-1", kind="room")
    >>> t = datetime(2025, 1, 6, 9, tzinfo=timezone.utc)
    >>> a = Appointment(id="a", start=t, end=t + timedelta(minutes=30), resources=(room,),
    ...                 buffer_after=timedelta(minutes=10))
    >>> b = Appointment(id="b", start=t + timedelta(minutes=35), end=t + timedelta(hours=1),
    ...                 resources=(room,))
    >>> print(overlap(a, b))
    buffer overlap of a, b on room-1 from 2025-01-06T09:35:00+00:00 to 2025-01-06T09:40:00+00:00 [warn]
    >>> overlap(a, b, ConflictPolicy(buffer="info")).severity
    <Level.INFO: 'info'>
    """
    policy = _policy(policy)
    if a.id == b.id or not (_active(a) and _active(b)):
        return None
    if max(a.span[0], b.span[0]) >= min(a.span[1], b.span[1]):
        return None
    b_ids = {r.id for r in b.resources}
    shared = [r for r in a.resources if r.capacity == 1 and r.id in b_ids]
    if not shared:
        return None
    level = _severest(policy.level_for(r) for r in shared)
    return _pair(a, b, [r.id for r in shared], level, policy)


def _overloads(
    resource: Resource,
    bookings: Sequence[Appointment],
    level: Level,
    policy: ConflictPolicy,
    instant: Callable[[int], dt.datetime] = from_us,
) -> list[Conflict]:
    """The OVERLOAD windows of ``resource`` over active ``bookings`` that hold it."""
    capacity = resource.capacity
    starting: defaultdict[int, list[int]] = defaultdict(list)
    ending: defaultdict[int, list[int]] = defaultdict(list)
    for index, booking in enumerate(bookings):
        start, end = booking.span
        starting[start].append(index)
        ending[end].append(index)
    live: set[int] = set()
    members: set[int] = set()
    window_start: int | None = None
    peak = 0
    found: list[tuple[int, int, int, set[int]]] = []
    for t in sorted(starting.keys() | ending.keys()):
        live.difference_update(ending.get(t, ()))
        arriving = starting.get(t, ())
        live.update(arriving)
        load = len(live)
        if load > capacity:
            if window_start is None:
                window_start, peak, members = t, load, set(live)
            else:
                peak = max(peak, load)
                members.update(arriving)
        elif window_start is not None:
            found.append((window_start, t, peak, members))
            window_start = None
    out: list[Conflict] = []
    for start, end, load, indexes in found:
        chosen = [bookings[i] for i in indexes]
        buffer_only = _clinical_peak(chosen, start, end) <= capacity
        out.append(
            _conflict(
                ConflictKind.OVERLOAD,
                tuple(sorted(b.id for b in chosen)),
                (resource.id,),
                instant(start),
                instant(end),
                policy.buffer if buffer_only else level,
                buffer_only,
                load,
                capacity,
            )
        )
    return out


def _clinical_peak(bookings: Iterable[Appointment], lo: int, hi: int) -> int:
    """The most clinical intervals at once within ``[lo, hi)``."""
    delta: defaultdict[int, int] = defaultdict(int)
    for booking in bookings:
        start, end = _clinical(booking)
        start, end = max(start, lo), min(end, hi)
        if start < end:
            delta[start] += 1
            delta[end] -= 1
    return max(itertools.accumulate(delta[t] for t in sorted(delta)), default=0)


def overload_windows(
    resource: Resource,
    appointments: Sequence[Appointment],
    policy: ConflictPolicy | None = None,
) -> list[Conflict]:
    """The OVERLOAD conflicts of one resource with capacity > 1 over some bookings.

    One conflict per maximal window in which more than ``resource.capacity``
    occupied spans hold the resource at once, in time order. Its appointments
    are every booking whose occupied span meets the window; its load is the
    peak count in the window; it is ``buffer_only`` when the clinical intervals
    never exceed the capacity within the window, and then takes
    ``policy.buffer``, else ``policy.level_for(resource)``. Bookings that hold
    no time or do not hold the resource are ignored; a resource of capacity 1
    has no overload (its clashes are pairs: :func:`overlap`).

    Args:
        resource: The resource.
        appointments: Its bookings.
        policy: The severities; ``None`` for the default :class:`ConflictPolicy`.

    Returns:
        The overload conflicts, sorted by :func:`conflict_key`.

    >>> from datetime import datetime, timedelta, timezone
    >>> from medoffice.scheduling import Appointment, Resource
    >>> lab = Resource(id="lab", kind="room", capacity=2)
    >>> t = datetime(2025, 1, 6, 9, tzinfo=timezone.utc)
    >>> books = [Appointment(id=f"a{i}", start=t + timedelta(minutes=10 * i),
    ...                      end=t + timedelta(minutes=10 * i + 30), resources=(lab,))
    ...          for i in range(3)]
    >>> [str(c) for c in overload_windows(lab, books)]
    ['overload of a0, a1, a2 on lab (3 of 2) from 2025-01-06T09:20:00+00:00 to 2025-01-06T09:30:00+00:00 [block]']
    """
    policy = _policy(policy)
    if resource.capacity == 1:
        return []
    held = [a for a in appointments if _active(a) and any(r.id == resource.id for r in a.resources)]
    return _overloads(resource, held, policy.level_for(resource), policy)


# -- find_conflicts ---------------------------------------------------------------


def _mention(*views: Resource) -> str:
    """How a message names a resource: patients' keys stay out of messages."""
    if any(view.kind is ResourceKind.PATIENT for view in views):
        return "a resource that is also a patient"
    return f"resource {views[0].id!r}"


def _duplicate_ids(ids: list[str]) -> list[Problem]:
    first: dict[str, int] = {}
    problems = []
    for index, key in enumerate(ids):
        seen = first.setdefault(key, index)
        if seen != index:
            problems.append(
                Problem(
                    path=f"appointments[{index}].id",
                    code="scheduling.appointment.duplicate_id",
                    message=f"id: {key!r} is also the id of appointments[{seen}]; "
                    "appointment ids must be unique",
                )
            )
    return problems


def _inconsistent(apps: list[Appointment]) -> list[Problem]:
    """A problem for every use of a resource id whose kind or capacity differs from its first."""
    first: dict[str, tuple[Resource, int, int]] = {}
    problems = []
    for index, appointment in enumerate(apps):
        for position, resource in enumerate(appointment.resources):
            known, at, at_position = first.setdefault(resource.id, (resource, index, position))
            if known.kind is resource.kind and known.capacity == resource.capacity:
                continue
            problems.append(
                Problem(
                    path=f"appointments[{index}].resources[{position}]",
                    code="scheduling.resource.inconsistent",
                    message=f"resources: {_mention(resource, known)} is a {resource.kind.value} of "
                    f"capacity {resource.capacity} here but a {known.kind.value} of capacity "
                    f"{known.capacity} in appointments[{at}].resources[{at_position}]; one id "
                    "is one resource",
                )
            )
    return problems


def _checked(appointments: Iterable[Appointment]) -> list[Appointment]:
    """The bookings as a list; a ``TypeError`` naming the first item that is not one."""
    items: list[object] = list(appointments)
    if not all(map(isinstance, items, itertools.repeat(Appointment))):
        index, item = next((i, x) for i, x in enumerate(items) if not isinstance(x, Appointment))
        msg = f"appointments[{index}]: must be an Appointment, not {type(item).__name__}"
        raise TypeError(msg)
    return cast("list[Appointment]", items)


# The derived field behind ``Appointment.span``, read without the property call.
_OCCUPIED = operator.attrgetter("_span")
_FREE_IDS = frozenset(map(id, _FREE))  # the statuses that hold no time, by identity
_FAR = 1 << 62  # beyond any datetime's epoch µs: the "max end" of a capacity > 1 resource
_NONE_YET = -_FAR  # the max end of a resource that has held nothing yet
_OVERLAP_VALUE = _OVERLAP.value

#: What the sweep keeps per resource id: ``[max end, live, first object]``. For
#: capacity 1, ``max end`` is the latest occupied end so far and ``live`` the
#: position of the one booking that may still be running, or the list of those
#: (after a clash), or ``None``; for capacity > 1, ``max end`` stays ``_FAR``
#: and ``live`` is the list of every active booking that holds the resource.
_State = list[Any]


def _new_state(resource: Resource) -> _State:
    if resource.capacity == 1:
        return [_NONE_YET, None, resource]
    return [_FAR, [], resource]


def _differs(known: Resource, resource: Resource) -> bool:
    """Whether a second object for a resource id has another kind or capacity."""
    return known.kind is not resource.kind or known.capacity != resource.capacity


class _Sweep:
    """One pass over the bookings in order of occupied start, and the input checks.

    Finds, for each resource of capacity 1, every pair of active bookings that
    overlap on it, and collects the bookings of each resource of capacity > 1.
    A booking that starts at or after the latest end so far on a resource
    clashes with nothing there: a comparison and two stores, the common case.
    Otherwise the bookings still running there are exactly the ones it
    overlaps; they stay in a short list until a booking starts after all of
    them. The checks ride along (an identity test per booking and resource);
    only when something differs does a slow pass name the problems.

    Attributes:
        apps: The bookings in order of occupied start (their ranks).
        state: Per resource id, a :data:`_State`.
        crowded: The ids of the resources of capacity > 1, as first seen.
        pairs: ``(earlier rank, later rank) -> ids of the capacity-1
            resources they share`` for every overlapping pair.
    """

    __slots__ = ("apps", "crowded", "pairs", "state")

    def __init__(self, apps: list[Appointment]) -> None:
        n = len(apps)
        order = sorted(range(n), key=list(map(_FIRST, map(_OCCUPIED, apps))).__getitem__)
        self.apps = ranked = list(map(apps.__getitem__, order))
        self.state = state = dict[str, _State]()
        self.pairs = pairs = dict[tuple[int, int], list[str]]()
        self.crowded = crowded = list[str]()
        idle: list[Appointment] = []
        consistent = True
        free, get = _FREE_IDS, state.get
        for j, booking in enumerate(ranked):
            s, e = booking._span  # Appointment.span, without the call
            if s == e or id(booking.status) in free:
                idle.append(booking)
                continue
            for resource in booking.resources:
                key = resource.id
                st = get(key)
                if st is None:
                    st = state[key] = _new_state(resource)
                    if st[0] == _FAR:
                        crowded.append(key)
                elif st[2] is not resource and _differs(st[2], resource):
                    consistent = False
                if s >= st[0]:  # nothing is running here: the common case
                    st[0] = e
                    st[1] = j
                    continue
                live = st[1]
                if st[0] == _FAR:  # capacity > 1: overloads are found afterwards
                    live.append(j)
                    continue
                if live.__class__ is int:  # one booking running here: they overlap
                    pair = (live, j)
                    shared = pairs.get(pair)
                    if shared is None:
                        pairs[pair] = [key]
                    else:
                        shared.append(key)
                    st[1] = [live, j]
                else:  # those that end after this one starts overlap it
                    live = [i for i in live if ranked[i]._span[1] > s]
                    for i in live:
                        shared = pairs.setdefault((i, j), [])
                        shared.append(key)
                    live.append(j)
                    st[1] = live
                if e > st[0]:  # noqa: PLR1730  # hot: no call
                    st[0] = e
        unique = len(set(map(_ID, apps))) == n
        _check(apps, state, idle, consistent=consistent and unique)


def _check(
    apps: list[Appointment],
    state: dict[str, _State],
    idle: list[Appointment],
    *,
    consistent: bool,
) -> None:
    """Raise the problems of the input, if any; the bookings that hold no time count too.

    ``consistent`` is false when a resource id came with different kinds or
    capacities among the active bookings, or when some booking ids repeat.
    """
    for resource in itertools.chain.from_iterable(map(_RESOURCES, idle)):
        st = state.get(resource.id)
        if st is None:
            state[resource.id] = _new_state(resource)  # holds nothing: never crowded
        elif st[2] is not resource and _differs(st[2], resource):
            consistent = False
    if consistent:
        return
    ids = list(map(_ID, apps))
    problems = [] if len(set(ids)) == len(ids) else _duplicate_ids(ids)
    problems.extend(_inconsistent(apps))  # not empty: some id repeats, or some resource differs
    raise ValidationFailed(problems)


def find_conflicts(
    appointments: Iterable[Appointment], *, policy: ConflictPolicy | None = None
) -> tuple[Conflict, ...]:
    """Every conflict among some bookings: overlapping pairs and overload windows.

    - OVERLAP: each unordered pair of bookings that hold time, whose occupied
      spans overlap and that share at least one resource of capacity 1 appears
      exactly once (see :func:`overlap`).
    - OVERLOAD: for each resource of capacity > 1, each maximal window in which
      it holds more bookings than its capacity (see :func:`overload_windows`).

    Cancelled, no-show, entered-in-error and waitlist bookings, and zero-length
    ones, never conflict. The default policy blocks every double booking (the
    same patient with two providers at once too) and warns when only buffers
    overlap.

    Args:
        appointments: The bookings, in any order and any time zones.
        policy: The severities; ``None`` for the default :class:`ConflictPolicy`.

    Returns:
        The conflicts, sorted by :func:`conflict_key` (start, end, kind,
        appointments, resources).

    Raises:
        TypeError: An item is not an :class:`Appointment` (the message names
            its position), or ``policy`` is not a :class:`ConflictPolicy`.
        ValidationFailed: Two bookings share an id
            (``scheduling.appointment.duplicate_id``), or one resource id comes
            with different kinds or capacities
            (``scheduling.resource.inconsistent``); every such problem is listed.

    >>> from datetime import datetime, timedelta, timezone
    >>> from medoffice.scheduling import Appointment, Resource
    >>> t = datetime(2025, 1, 6, 9, tzinfo=timezone.utc)
    >>> pat = Resource(id="p-17", kind="patient")
    >>> lee, kim = Resource(id="dr-lee", kind="provider"), Resource(id="dr-kim", kind="provider")
    >>> a = Appointment(id="a", start=t, end=t + timedelta(minutes=30), resources=(lee, pat))
    >>> b = Appointment(id="b", start=t, end=t + timedelta(minutes=30), resources=(kim, pat))
    >>> [(c.kind.value, c.appointments, c.resources) for c in find_conflicts([a, b])]
    [('overlap', ('a', 'b'), ('p-17',))]
    >>> find_conflicts([a, a])
    Traceback (most recent call last):
    ...
    medoffice.exceptions.ValidationFailed: 1 error: appointments[1].id: id: 'a' is also the id of appointments[0]; appointment ids must be unique [scheduling.appointment.duplicate_id]
    """
    policy = _policy(policy)
    sweep = _Sweep(_checked(appointments))
    apps, state = sweep.apps, sweep.state
    instant = _Instants().__getitem__
    levels: dict[tuple[str, ...], Level] = {}
    buffer_level = policy.buffer
    records: list[_Record] = []
    add = records.append
    for (i, j), shared in sweep.pairs.items():
        a, b = apps[i], apps[j]
        # i came first: the window is [b's occupied start, the earlier occupied end).
        start, b_end = b._span
        a_end = a._span[1]
        end, last = (a_end, a) if a_end < b_end else (b_end, b)
        rids = tuple(shared)  # in the order of b's resources: by id
        level = levels.get(rids)
        if level is None:
            level = levels[rids] = _severest(policy.level_for(state[k][2]) for k in rids)
        if a.buffer_before or a.buffer_after or b.buffer_before or b.buffer_after:
            # The clinical intervals, compared as datetimes (all are kept in UTC).
            buffer_only = (a.start if a.start > b.start else b.start) >= (
                a.end if a.end < b.end else b.end
            )
            first, second = instant(start), instant(end)
            if buffer_only:
                level = buffer_level
        else:  # the bounds are the bookings' own instants (plain UTC datetimes)
            buffer_only = False
            first, second = b.start, last.end
            if first.__class__ is not _DATETIME or second.__class__ is not _DATETIME:
                first, second = instant(start), instant(end)  # a subclass: plain ones
        pair = (a.id, b.id) if a.id < b.id else (b.id, a.id)
        add((start, end, _OVERLAP_VALUE, pair, rids, first, second, level, buffer_only))
    records.sort()  # by conflict_key: its five fields come first, and differ
    out = _overlaps(records)
    crowded = [c for key in sweep.crowded for c in _crowded(state[key], apps, policy, instant)]
    if not crowded:
        return out
    keyed = [
        *zip(map(_KEY, records), out, strict=True),
        *zip(map(conflict_key, crowded), crowded, strict=True),
    ]
    keyed.sort(key=_FIRST)
    return tuple(map(_SECOND, keyed))


#: An OVERLAP conflict before it is built: its :func:`conflict_key`, then its
#: start, end, severity and whether it is buffer-only.
_Record = tuple[
    int,
    int,
    str,
    tuple[str, str],
    tuple[str, ...],
    dt.datetime,
    dt.datetime,
    Level,
    bool,
]
_KEY = operator.itemgetter(0, 1, 2, 3, 4)


def _overlaps(records: list[_Record]) -> tuple[Conflict, ...]:
    """The OVERLAP conflicts of some records, built a field at a time for all of them."""
    if not records:
        return ()
    _, _, _, pairs, rids, starts, ends, levels, buffer_only = zip(*records, strict=True)
    out = tuple(map(_NEW, itertools.repeat(Conflict, len(records))))
    for setter, values in (
        (_SET_KIND, itertools.repeat(_OVERLAP)),
        (_SET_APPOINTMENTS, pairs),
        (_SET_RESOURCES, rids),
        (_SET_START, starts),
        (_SET_END, ends),
        (_SET_SEVERITY, levels),
        (_SET_BUFFER_ONLY, buffer_only),
        (_SET_LOAD, itertools.repeat(2)),
        (_SET_CAPACITY, itertools.repeat(1)),
    ):
        collections.deque(map(setter, out, values), 0)
    return out


def _crowded(
    st: _State,
    apps: list[Appointment],
    policy: ConflictPolicy,
    instant: Callable[[int], dt.datetime],
) -> list[Conflict]:
    """The OVERLOAD conflicts of a resource of capacity > 1 (its sweep state)."""
    _, held, resource = st
    if len(held) < 2:
        return []
    bookings = list(map(apps.__getitem__, held))
    return _overloads(resource, bookings, policy.level_for(resource), policy, instant)
