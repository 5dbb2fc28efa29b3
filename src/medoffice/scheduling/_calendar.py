"""An immutable calendar that answers with the conflicts each change causes.

:class:`Calendar` holds appointments. :meth:`Calendar.add`,
:meth:`Calendar.move`, :meth:`Calendar.cancel` and :meth:`Calendar.replace`
never change it: they return a :class:`Change` with a new calendar and the
conflicts that the change adds and resolves.

>>> from datetime import datetime, timedelta, timezone
>>> from medoffice.scheduling import Appointment, Resource
>>> dr = Resource(id="dr-lee", kind="provider")
>>> t = datetime(2025, 1, 6, 9, tzinfo=timezone.utc)
>>> cal = Calendar([Appointment(id="a1", start=t, end=t + timedelta(minutes=30), resources=(dr,))])
>>> change = cal.add(Appointment(id="a2", start=t + timedelta(minutes=15),
...                              end=t + timedelta(minutes=45), resources=(dr,)))
>>> [str(c) for c in change.added]
['overlap of a1, a2 on dr-lee from 2025-01-06T09:15:00+00:00 to 2025-01-06T09:30:00+00:00 [block]']
>>> len(cal), len(change.calendar)
(1, 2)
"""

from __future__ import annotations

import datetime as dt
import html
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from itertools import repeat
from typing import TYPE_CHECKING, Any

import attrs

from medoffice.exceptions import Problem, ValidationFailed
from medoffice.scheduling import _persistent
from medoffice.scheduling._conflicts import (
    _pair,
    _severest,
    conflict_key,
    find_conflicts,
    overlap,
    overload_windows,
)
from medoffice.scheduling._model import (
    Appointment,
    Conflict,
    ConflictPolicy,
    Resource,
    ResourceKind,
    Status,
)
from medoffice.scheduling._persistent import (
    _ABSENT,
    Bucket,
    HashMap,
    Tree,
    _push_down,
    _raised,
    add_interval,
    bucket_get,
    bucket_set,
    trie_path,
)
from medoffice.scheduling._time import day_bounds, from_us, require_aware, to_us, zone

if TYPE_CHECKING:
    from medoffice.scheduling._view import CalendarView

__all__ = ["Calendar", "Change"]

_DEFAULT_POLICY = ConflictPolicy()
_EMPTY_INDEX = Tree(keylen=2, end=2)  # (span start, id, span end, clinical start, appointment)
# Two hash maps: appointment id -> Appointment, and resource id -> its entry
# (Resource, number of bookings, and the root, height and size of the index
# of its time-holding bookings: a Tree's fields, kept flat so that an add
# builds one tuple per resource).
_FREE = tuple(status for status in Status if not status.holds_time)  # `in` by identity


def _order_key(appointment: Appointment) -> tuple[int, str]:
    return appointment.span[0], appointment.id


def _check_appointment(value: object) -> None:
    if not isinstance(value, Appointment):
        msg = f"appointment: must be an Appointment, not {type(value).__name__}"
        raise TypeError(msg)


def _failed(path: str, code: str, message: str) -> ValidationFailed:
    return ValidationFailed((Problem(path=path, code=code, message=message),))


def _mention(*views: Resource) -> str:
    """How a message names a resource: patients' keys stay out of messages."""
    if any(view.kind is ResourceKind.PATIENT for view in views):
        return "a patient resource"
    return f"resource {views[0].id!r}"


def _inconsistency(path: str, given: Resource, known: Resource, where: str) -> Problem:
    return Problem(
        path=path,
        code="scheduling.resource.inconsistent",
        message=f"resources: {_mention(given, known)} is a {given.kind.value} of capacity "
        f"{given.capacity} here but a {known.kind.value} of capacity {known.capacity} {where}; "
        "one id is one resource",
    )


def _registry(apps: list[Appointment]) -> dict[str, Resource]:
    """Every resource by id (its first appearance); every duplicate id and inconsistency raised."""
    problems = []
    seen: dict[str, int] = {}
    registry: dict[str, tuple[Resource, int]] = {}
    for index, a in enumerate(apps):
        first = seen.setdefault(a.id, index)
        if first != index:
            problems.append(
                Problem(
                    path=f"appointments[{index}].id",
                    code="scheduling.appointment.duplicate_id",
                    message=f"id: {a.id!r} is also the id of appointments[{first}]; "
                    "appointment ids must be unique",
                )
            )
        for position, r in enumerate(a.resources):
            known, at = registry.setdefault(r.id, (r, index))
            if known.kind is not r.kind or known.capacity != r.capacity:
                where = f"in appointments[{at}]"
                problems.append(
                    _inconsistency(f"appointments[{index}].resources[{position}]", r, known, where)
                )
    if problems:
        raise ValidationFailed(problems)
    return {rid: r for rid, (r, _) in registry.items()}


def _index_entry(appointment: Appointment) -> tuple[Any, ...]:
    start, end = appointment.span
    clinical = to_us(appointment.start) if appointment.buffer_before else start
    return (start, appointment.id, end, clinical, appointment)


class Calendar:
    """An immutable set of appointments, indexed by resource and time.

    Every change returns a :class:`Change` holding a new calendar; the old one
    is never modified, and the two share all the structure the change did not
    touch, so a change costs ``O(log n)``. Cancelled (and other
    non-time-holding) appointments stay in the calendar with their status but
    hold no time.

    Args:
        appointments: The bookings; ids must be unique and one resource id
            must always come with the same kind and capacity.
        policy: The conflict severities; ``None`` for the default.

    Raises:
        ValidationFailed: duplicate ids (``scheduling.appointment.duplicate_id``)
            or inconsistent resources (``scheduling.resource.inconsistent``).

    >>> Calendar().policy == ConflictPolicy()
    True
    >>> len(Calendar())
    0
    """

    __slots__ = ("_ids", "_policy", "_resources", "_sorted")

    _ids: HashMap
    _resources: HashMap
    _policy: ConflictPolicy
    _sorted: tuple[Appointment, ...] | None

    def __init__(
        self, appointments: Iterable[Appointment] = (), *, policy: ConflictPolicy | None = None
    ) -> None:
        if policy is None:
            policy = _DEFAULT_POLICY
        given: object = policy  # callers may pass anything at run time
        if not isinstance(given, ConflictPolicy):
            msg = "policy: must be a ConflictPolicy or None"
            raise TypeError(msg)
        apps = list(appointments)
        for item in apps:
            _check_appointment(item)
        registry = _registry(apps)
        held: dict[str, list[tuple[Any, ...]]] = {rid: [] for rid in registry}
        counts = dict.fromkeys(registry, 0)
        for a in apps:
            entry = _index_entry(a) if a.holds_time else None
            for r in a.resources:
                counts[r.id] += 1
                if entry is not None:
                    held[r.id].append(entry)
        resources = HashMap(
            (rid, _entry(registry[rid], counts[rid], _EMPTY_INDEX.build(held[rid])))
            for rid in registry
        )
        self._init(HashMap((a.id, a) for a in apps), resources, policy)

    def _init(self, ids: HashMap, resources: HashMap, policy: ConflictPolicy) -> None:
        setattr_ = object.__setattr__
        setattr_(self, "_ids", ids)
        setattr_(self, "_resources", resources)
        setattr_(self, "_policy", policy)
        setattr_(self, "_sorted", None)

    def __setattr__(self, name: str, value: object) -> None:
        msg = "Calendar is immutable; add, move, cancel and replace return a new one"
        raise AttributeError(msg)

    # -- reading ---------------------------------------------------------------

    @property
    def policy(self) -> ConflictPolicy:
        """The conflict policy.

        >>> Calendar(policy=ConflictPolicy(room="warn")).policy.room
        <Level.WARN: 'warn'>
        """
        return self._policy

    @property
    def appointments(self) -> tuple[Appointment, ...]:
        """Every appointment, sorted by (occupied start, id).

        >>> Calendar().appointments
        ()
        """
        found = self._sorted
        if found is None:
            found = tuple(sorted((a for _, a in self._ids.items()), key=_order_key))
            object.__setattr__(self, "_sorted", found)
        return found

    def __len__(self) -> int:
        return len(self._ids)

    def __iter__(self) -> Iterator[Appointment]:
        return iter(self.appointments)

    def __contains__(self, appointment_id: object) -> bool:
        return isinstance(appointment_id, str) and appointment_id in self._ids

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Calendar):
            return NotImplemented
        return (
            self._policy == other._policy
            and len(self) == len(other)
            and dict(self._ids.items()) == dict(other._ids.items())
        )

    def __hash__(self) -> int:
        return hash((len(self), self._policy))

    def __repr__(self) -> str:
        return f"<Calendar of {len(self)} appointments>"

    def view(self, day: dt.date, timezone: str, **options: Any) -> CalendarView:
        """One local day of this calendar as SVG, its conflicts marked.

        ``options`` go to :func:`~medoffice.scheduling.day_view`
        (``resources``, ``start_hour``, ``end_hour``).

        >>> from datetime import date, datetime, timezone
        >>> from medoffice.scheduling import Appointment, Resource
        >>> t = datetime(2025, 1, 6, 14, tzinfo=timezone.utc)
        >>> cal = Calendar([Appointment(id="a1", start=t, end=t.replace(hour=15),
        ...                             resources=(Resource(id="dr-lee", kind="provider"),))])
        >>> cal.view(date(2025, 1, 6), "America/New_York").svg.startswith("<svg")
        True
        """
        from medoffice.scheduling._view import day_view  # noqa: PLC0415  # drawing loads on use

        start_us, end_us = day_bounds(day, zone(timezone))
        window = (from_us(start_us), from_us(end_us))
        shown = self.between(*window)
        conflicts = find_conflicts(shown, policy=self._policy)
        return day_view(shown, day, timezone, conflicts=conflicts, **options)

    def _repr_html_(self) -> str:
        """Notebooks: the first day with bookings (UTC), or a note when empty.

        >>> Calendar()._repr_html_()
        '<p>An empty calendar.</p>'
        """
        first = next((a for a in self if a.holds_time), None)
        if first is None:
            return (
                "<p>An empty calendar.</p>"
                if not len(self)
                else (f"<p>A calendar of {len(self)} appointments, none holding time.</p>")
            )
        head = f"<p>A calendar of {len(self)} appointments; the first day with bookings (UTC):</p>"
        return head + self.view(first.start.date(), "UTC").svg

    def get(self, appointment_id: str) -> Appointment | None:
        """The appointment with this id, or ``None``.

        >>> Calendar().get("a1") is None
        True
        """
        found: Appointment | None = self._ids.get(appointment_id)
        return found

    def resource(self, resource_id: str) -> Resource | None:
        """The resource with this id as the calendar's appointments know it, or ``None``.

        >>> Calendar().resource("dr-lee") is None
        True
        """
        entry = self._resources.get(resource_id)
        return None if entry is None else entry[0]

    def _index(self, resource_id: str) -> Tree:
        entry = self._resources.get(resource_id)
        return _EMPTY_INDEX if entry is None else _tree(entry)

    def conflicts(self) -> tuple[Conflict, ...]:
        """Every conflict in the calendar, as :func:`find_conflicts` reports them.

        >>> Calendar().conflicts()
        ()
        """
        return find_conflicts(self.appointments, policy=self._policy)

    def busy(
        self, resource_id: str, start_us: int, end_us: int
    ) -> tuple[tuple[int, int, str], ...]:
        """The occupied spans on a resource that overlap ``[start_us, end_us)``.

        Only appointments that hold time count; spans include buffers and are
        epoch microseconds ``(start, end, appointment id)``, sorted. An empty
        window overlaps nothing.

        >>> Calendar().busy("dr-lee", 0, 10)
        ()
        """
        return tuple(
            (e[0], e[2], e[1]) for e in self._index(resource_id).overlapping(start_us, end_us)
        )

    def count_starts(self, resource_id: str, start_us: int, end_us: int) -> int:
        """How many time-holding appointments on a resource start within ``[start_us, end_us)``.

        The clinical start counts (not the buffer): this is what daily caps count.

        >>> Calendar().count_starts("dr-lee", 0, 10)
        0
        """
        # A booking that starts in the window also overlaps it (it holds time).
        found = self._index(resource_id).overlapping(start_us, end_us)
        return sum(1 for e in found if start_us <= e[3] < end_us)

    def between(
        self, start: dt.datetime, end: dt.datetime, *, resource_id: str | None = None
    ) -> tuple[Appointment, ...]:
        """The time-holding appointments whose occupied span overlaps ``[start, end)``.

        Sorted by (occupied start, id); optionally only those holding ``resource_id``.

        >>> from datetime import datetime, timezone
        >>> Calendar().between(datetime(2025, 1, 6, tzinfo=timezone.utc),
        ...                    datetime(2025, 1, 7, tzinfo=timezone.utc))
        ()
        """
        lo = to_us(require_aware(start, "start"))
        hi = to_us(require_aware(end, "end"))
        if resource_id is not None:
            return tuple(e[4] for e in self._index(resource_id).overlapping(lo, hi))
        found = {
            e[:2]: e[4] for _, r in self._resources.items() for e in _tree(r).overlapping(lo, hi)
        }
        return tuple(found[k] for k in sorted(found))

    # -- changing --------------------------------------------------------------

    def _near(
        self,
        here: Appointment | None,
        spans: list[tuple[int, int]],
        entries: dict[str, tuple[Any, ...] | None],
    ) -> set[Conflict]:
        """The conflicts of this calendar that a change between ``here`` and ``other`` may touch.

        ``here`` is the changed appointment as this calendar holds it (``None``
        if it does not); ``entries`` are this calendar's resource entries of
        every resource either version holds. Every overlap involving ``here``,
        and every overload window of those resources that meets one of ``spans``
        (those of both versions).
        """
        policy = self._policy
        out: set[Conflict] = set()
        current = here if here is not None and here.holds_time else None
        held = set() if current is None else {r.id for r in current.resources}
        for rid, entry in entries.items():
            if entry is None:
                continue
            resource, index = entry[0], _tree(entry)
            if resource.capacity == 1:
                if current is not None and rid in held:
                    me = current.id
                    hits = index.overlapping(*current.span)
                    pairs = (overlap(current, e[4], policy) for e in hits if e[1] != me)
                    out.update(c for c in pairs if c is not None)
            else:
                for span in spans:
                    out.update(_windows_near(resource, index, span, policy))
        return out

    def _change(self, old: Appointment, new: Appointment) -> Change:
        """Replace ``old`` by ``new`` (same id)."""
        ids = self._ids.set(new.id, new)
        resources = self._resources
        registered: dict[str, tuple[Any, ...] | None] = {}
        for a in (old, new):
            for r in a.resources:
                registered[r.id] = resources.get(r.id)
        old_rids = {r.id for r in old.resources}
        for position, r in enumerate(new.resources):
            known = registered[r.id]
            if known is None or (known[0].kind is r.kind and known[0].capacity == r.capacity):
                continue
            if known[1] == 1 and r.id in old_rids:
                continue  # its only booking redefines it
            path = f"appointment.resources[{position}]"
            raise ValidationFailed((_inconsistency(path, r, known[0], "in the calendar"),))
        spans = [a.span for a in (old, new) if a.holds_time]
        before = self._near(old, spans, registered)
        old_entry = _index_entry(old) if old.holds_time else None
        new_entry = _index_entry(new) if new.holds_time else None
        new_rids = {r.id: r for r in new.resources}
        now: dict[str, tuple[Any, ...] | None] = {}
        for rid, known in registered.items():
            if known is None:
                resource, count, index = new_rids[rid], 0, _EMPTY_INDEX
            else:
                resource, count, index = known[0], known[1], _tree(known)
            if rid in old_rids:
                count -= 1
                if old_entry is not None:
                    index = index.remove(old_entry[:2])
            if rid in new_rids:
                if count == 0:
                    resource = new_rids[rid]
                count += 1
                if new_entry is not None:
                    index = index.insert(new_entry)
            if count:
                now[rid] = entry = _entry(resource, count, index)
                resources = resources.set(rid, entry)
            else:
                now[rid] = None
                resources = resources.remove(rid)
        calendar = object.__new__(Calendar)
        calendar._init(ids, resources, self._policy)
        after = calendar._near(new, spans, now)
        return _changed(calendar, after - before, before - after)

    def _existing(self, appointment_id: str) -> Appointment:
        found = self.get(appointment_id)
        if found is None:
            raise _failed(
                "appointment_id",
                "scheduling.appointment.unknown_id",
                f"appointment_id: {appointment_id!r} is not in the calendar",
            )
        return found

    def add(self, appointment: Appointment) -> Change:  # noqa: PLR0915  # hot: inlined
        """A new calendar with ``appointment`` added, and the conflicts it causes.

        Raises:
            TypeError: ``appointment`` is not an :class:`Appointment`.
            ValidationFailed: its id is taken (``scheduling.appointment.duplicate_id``)
                or a resource differs from the one the calendar knows
                (``scheduling.resource.inconsistent``).

        >>> from datetime import datetime, timezone
        >>> from medoffice.scheduling import Appointment, Resource
        >>> t = datetime(2025, 1, 6, 9, tzinfo=timezone.utc)
        >>> a = Appointment(id="a1", start=t, end=t, resources=(Resource(id="r", kind="room"),))
        >>> cal = Calendar().add(a).calendar
        >>> cal.add(a)
        Traceback (most recent call last):
        ...
        medoffice.exceptions.ValidationFailed: 1 error: appointment.id: id: 'a1' is already in the calendar [scheduling.appointment.duplicate_id]
        """
        # Everything a common add needs is spelled out here, not called: the
        # walks down the two hash tries (as trie_path does) and the insert into
        # each resource's interval index (as add_interval does); the rare cases
        # (hash collisions, paths shared by two resources, full leaves, deep
        # trees, resources of capacity above 1) call the general helpers.
        given: object = appointment  # callers may pass anything at run time
        if given.__class__ is not Appointment and not isinstance(given, Appointment):
            _check_appointment(given)
        new = appointment
        nid = new.id
        # The id's slot in a copy of the id map (its root is fresh, the rest
        # is the old map's): taken means a duplicate.
        ids = self._ids
        ids_root = node = ids._root.copy()
        h = hash(nid)
        slot = h & 31
        child = node[slot]
        while child.__class__ is list:
            node[slot] = node = child.copy()
            h >>= 5
            slot = h & 31
            child = node[slot]
        if child is None:
            node[slot] = (nid, new)
        else:
            if child.__class__ is tuple:  # one key's pair
                if child[0] == nid:
                    raise _duplicate(nid)
                node, slot = _push_down(ids_root, node, nid, child)
                child = node[slot]
            if child is None:
                node[slot] = (nid, new)
            elif bucket_get(child, nid, _ABSENT) is _ABSENT:
                bucket_set(node, slot, nid, new)
            else:
                raise _duplicate(nid)
        policy = self._policy
        lo, hi = span = new._span
        entry = (
            (lo, nid, hi, to_us(new.start) if new.buffer_before else lo, new)
            if lo != hi and new.status not in _FREE
            else None
        )  # as _index_entry makes it
        fanout = _persistent.FANOUT
        hits: list[tuple[Any, ...]] = []  # (entry, resource) of each overlap on a capacity-1 one
        before: list[Conflict] | None = None  # overload windows, for resources of capacity > 1
        after: list[Conflict] = []
        # One walk per resource finds its entry and the slot for the new one.
        resources = self._resources
        old_root = resources._root
        root = old_root.copy()
        size = resources._size
        for r in new.resources:
            rid = r.id
            h = hash(rid)
            slot = h & 31
            child = root[slot]
            node = root
            if child.__class__ is list:
                if child is old_root[slot]:  # the old map's: copy it and every node below
                    while child.__class__ is list:
                        node[slot] = node = child.copy()
                        h >>= 5
                        slot = h & 31
                        child = node[slot]
                    if child.__class__ is tuple and child[0] != rid:
                        node, slot = _push_down(root, node, rid, child)
                        child = node[slot]
                else:  # copied already for another resource of this booking
                    node, slot = trie_path(root, old_root, rid)
                    child = node[slot]
            elif child.__class__ is tuple and child[0] != rid:
                node, slot = _push_down(root, node, rid, child)
                child = node[slot]
            if child.__class__ is tuple:
                resource, count, index, height, held = child[1]
            elif child is None or (known := bucket_get(child, rid)) is None:
                resource, count, index, height, held = r, 0, None, 0, 0
                size += 1
            else:
                resource, count, index, height, held = known
            if resource is not r and (
                resource.kind is not r.kind or resource.capacity != r.capacity
            ):
                path = f"appointment.resources[{new.resources.index(r)}]"
                problem = _inconsistency(path, r, resource, "in the calendar")
                raise ValidationFailed((problem,))
            if entry is None:
                pass
            elif r.capacity != 1:
                if before is None:
                    before = []
                tree = _EMPTY_INDEX._new(index, height, held)
                before.extend(_windows_near(resource, tree, span, policy))
                tree = tree.insert(entry)
                after.extend(_windows_near(resource, tree, span, policy))
                index, height = tree._root, tree._height
                held += 1
            else:
                # add_interval for a tree of one or two levels whose leaf has room.
                held += 1
                if height == 1:
                    seps, children, running, firsts = index
                    j = bisect_left(firsts, lo)
                    last = len(firsts)
                    while j < last and firsts[j] == lo and seps[j] <= entry:
                        j += 1
                    leaf = children[j]
                elif height == 0 and index is not None:
                    leaf = index
                else:
                    leaf = None
                if leaf is not None and len(leaf[0]) < fanout:
                    entries, longest, top, starts = leaf
                    n = len(entries)
                    i = bisect_left(starts, lo)
                    while i < n and starts[i] == lo and entries[i] < entry:
                        i += 1
                    # Every entry ends after it starts: those starting in
                    # [lo, hi) overlap, and of those starting before lo (but
                    # after lo - longest) the ones ending after lo.
                    floor = lo - longest
                    k = i if not i or starts[i - 1] <= floor else bisect_right(starts, floor, 0, i)
                    m = i if i == n or starts[i] >= hi else bisect_left(starts, hi, i)
                    if height and (
                        (m == n and j + 1 < len(children)) or (j and running[j - 1] > lo)
                    ):  # other leaves may hold overlapping entries too
                        found_ = _EMPTY_INDEX._new(index, height, held).overlapping(lo, hi)
                        hits += zip(found_, repeat(r))
                    else:
                        while k < i:
                            found = entries[k]
                            if found[2] > lo:
                                hits.append((found, r))
                            k += 1
                        if i < m:
                            hits += zip(entries[i:m], repeat(r))
                    new_entries = entries.copy()
                    new_entries.insert(i, entry)
                    new_starts = starts[:]  # packed: every datetime's µs fit in 64 bits
                    new_starts.insert(i, lo)
                    length = hi - lo
                    leaf = (
                        new_entries,
                        length if length > longest else longest,
                        hi if hi > top else top,
                        new_starts,
                    )
                    if height:
                        children = children.copy()
                        children[j] = leaf
                        if hi > running[j]:
                            running = _raised(running, j, hi)
                        index = (seps, children, running, firsts)
                    else:
                        index = leaf
                else:
                    index, height, found_ = add_interval(index, height, entry, 2, 2)
                    hits += zip(found_, repeat(r))
            if child.__class__ is Bucket:
                bucket_set(node, slot, rid, (resource, count + 1, index, height, held))
            else:
                node[slot] = (rid, (resource, count + 1, index, height, held))
        added = _overlaps(new, hits, policy) if hits else ()
        calendar: Calendar = _NEW(Calendar)
        ids = _NEW(HashMap)  # HashMap._new, without the call
        ids._root = ids_root
        ids._size = self._ids._size + 1
        _SET_IDS(calendar, ids)
        resources = _NEW(HashMap)
        resources._root = root
        resources._size = size
        _SET_RESOURCES(calendar, resources)
        _SET_POLICY(calendar, policy)
        _SET_SORTED(calendar, None)
        if before is not None:
            after += added
            return _changed(calendar, set(after) - set(before), set(before) - set(after))
        change: Change = _NEW(Change)
        _SET_CALENDAR(change, calendar)
        _SET_ADDED(change, added)
        _SET_RESOLVED(change, ())
        return change

    def replace(self, appointment: Appointment) -> Change:
        """A new calendar with the appointment of the same id replaced by ``appointment``.

        Any field may change (status, times, resources, buffers).

        >>> from datetime import datetime, timezone
        >>> from medoffice.scheduling import Appointment, Resource
        >>> t = datetime(2025, 1, 6, 9, tzinfo=timezone.utc)
        >>> a = Appointment(id="a1", start=t, end=t, resources=(Resource(id="r", kind="room"),))
        >>> cal = Calendar([a]).replace(attrs.evolve(a, status="arrived")).calendar
        >>> cal.get("a1").status
        <Status.ARRIVED: 'arrived'>
        """
        _check_appointment(appointment)
        return self._change(self._existing(appointment.id), appointment)

    def move(
        self,
        appointment_id: str,
        *,
        start: dt.datetime,
        end: dt.datetime | None = None,
        resources: Iterable[Resource] | None = None,
    ) -> Change:
        """A new calendar with an appointment moved to ``start`` (and ``end``, ``resources``).

        Args:
            appointment_id: Which appointment.
            start: The new start (aware).
            end: The new end; ``None`` keeps the duration.
            resources: The new resources; ``None`` keeps them.

        Raises:
            ValidationFailed: the id is unknown (``scheduling.appointment.unknown_id``)
                or the appointment is locked (``scheduling.appointment.locked``).

        >>> from datetime import datetime, timedelta, timezone
        >>> from medoffice.scheduling import Appointment, Resource
        >>> t = datetime(2025, 1, 6, 9, tzinfo=timezone.utc)
        >>> a = Appointment(id="a1", start=t, end=t + timedelta(minutes=20),
        ...                 resources=(Resource(id="r", kind="room"),))
        >>> moved = Calendar([a]).move("a1", start=t + timedelta(hours=1)).calendar.get("a1")
        >>> moved.end.isoformat()
        '2025-01-06T10:20:00+00:00'
        """
        old = self._existing(appointment_id)
        if old.locked:
            raise _failed(
                "appointment_id",
                "scheduling.appointment.locked",
                f"appointment_id: {appointment_id!r} is locked and cannot be moved",
            )
        require_aware(start, "start")
        new_end = start + old.duration if end is None else end
        held = old.resources if resources is None else tuple(resources)
        return self._change(old, attrs.evolve(old, start=start, end=new_end, resources=held))

    def cancel(self, appointment_id: str, *, status: Status = Status.CANCELLED) -> Change:
        """A new calendar with an appointment set to a status that holds no time.

        The appointment stays in the calendar with its new status.

        Args:
            appointment_id: Which appointment.
            status: ``cancelled`` (default), ``noshow``, ``entered-in-error`` or ``waitlist``.

        Raises:
            ValueError: ``status`` holds time.
            ValidationFailed: the id is unknown (``scheduling.appointment.unknown_id``).

        >>> from datetime import datetime, timedelta, timezone
        >>> from medoffice.scheduling import Appointment, Resource
        >>> t = datetime(2025, 1, 6, 9, tzinfo=timezone.utc)
        >>> a = Appointment(id="a1", start=t, end=t + timedelta(minutes=20),
        ...                 resources=(Resource(id="r", kind="room"),))
        >>> Calendar([a]).cancel("a1").calendar.get("a1").status
        <Status.CANCELLED: 'cancelled'>
        """
        status = Status(status)
        if status.holds_time:
            msg = f"status: {status.value!r} holds time; cancel takes one that does not"
            raise ValueError(msg)
        old = self._existing(appointment_id)
        return self._change(old, attrs.evolve(old, status=status))


def _entry(resource: Resource, count: int, index: Tree) -> tuple[Any, ...]:
    """A resource's entry in a calendar's map: its index kept as the tree's bare fields."""
    return (resource, count, index._root, index._height, len(index))


def _tree(entry: tuple[Any, ...]) -> Tree:
    """The index of a resource's entry, as a :class:`Tree`."""
    return _EMPTY_INDEX._new(entry[2], entry[3], entry[4])


def _duplicate(appointment_id: str) -> ValidationFailed:
    return _failed(
        "appointment.id",
        "scheduling.appointment.duplicate_id",
        f"id: {appointment_id!r} is already in the calendar",
    )


def _overlaps(
    new: Appointment, hits: list[tuple[Any, ...]], policy: ConflictPolicy
) -> tuple[Conflict, ...]:
    """The overlap conflicts of ``new``, sorted: ``hits`` are (entry, capacity-1 resource) pairs."""
    if len(hits) == 1:
        found, r = hits[0]
        return (_pair(new, found[4], [r.id], policy.level_for(r), policy),)
    shared: dict[str, tuple[Appointment, list[Resource]]] = {}
    for found, r in hits:
        other = found[1]
        if other in shared:
            shared[other][1].append(r)
        else:
            shared[other] = (found[4], [r])
    out = []
    for other, booked in shared.values():
        if len(booked) == 1:
            r = booked[0]
            out.append(_pair(new, other, [r.id], policy.level_for(r), policy))
        else:
            level = _severest(policy.level_for(r) for r in booked)
            out.append(_pair(new, other, [r.id for r in booked], level, policy))
    if len(out) > 1:
        out.sort(key=conflict_key)
    return tuple(out)


def _changed(calendar: Calendar, added: Iterable[Conflict], resolved: Iterable[Conflict]) -> Change:
    """The :class:`Change` with ``added`` and ``resolved`` sorted by :func:`conflict_key`."""
    added = tuple(added)
    resolved = tuple(resolved)
    if len(added) > 1:
        added = tuple(sorted(added, key=conflict_key))
    if len(resolved) > 1:
        resolved = tuple(sorted(resolved, key=conflict_key))
    return Change(calendar=calendar, added=added, resolved=resolved)


def _windows_near(
    resource: Resource, index: Tree, span: tuple[int, int], policy: ConflictPolicy
) -> list[Conflict]:
    """The overload windows of ``resource`` whose closure meets the closed ``span``.

    Computed from the bookings that meet ``[lo, hi]`` only: the load there is
    exact, so a window inside ``[lo, hi]`` is exact too; a window that reaches
    past it widens ``[lo, hi]`` and is computed again.
    """
    s, e = span
    lo, hi = s, e
    while True:
        near = [entry[4] for entry in index.overlapping(lo - 1, hi + 1)]
        found = [
            w
            for w in overload_windows(resource, near, policy)
            if to_us(w.start) <= e and to_us(w.end) >= s
        ]
        new_lo = min([lo, *(to_us(w.start) for w in found)])
        new_hi = max([hi, *(to_us(w.end) for w in found)])
        if (new_lo, new_hi) == (lo, hi):
            return found
        lo, hi = new_lo, new_hi


@attrs.frozen(kw_only=True)
class Change:
    """The result of a calendar change: the new calendar and what changed in its conflicts.

    Attributes:
        calendar: The calendar after the change.
        added: Conflicts that exist after the change but not before.
        resolved: Conflicts that existed before the change but not after.

    >>> change = Change(calendar=Calendar(), added=(), resolved=())
    >>> change.ok
    True
    """

    calendar: Calendar
    added: tuple[Conflict, ...] = ()
    resolved: tuple[Conflict, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the change added no conflict.

        >>> Change(calendar=Calendar()).ok
        True
        """
        return not self.added

    def _repr_html_(self) -> str:
        """Notebooks: the conflicts added and resolved, as lists.

        >>> Change(calendar=Calendar())._repr_html_()
        '<p>No conflict added or resolved.</p>'
        """
        parts = []
        for title, found in (("Added", self.added), ("Resolved", self.resolved)):
            if found:
                rows = "".join(f"<li>{html.escape(str(c))}</li>" for c in found)
                parts.append(f"<p>{title}:</p><ul>{rows}</ul>")
        return "".join(parts) or "<p>No conflict added or resolved.</p>"


# Fast constructors for Calendar.add (values already checked): each slot is set
# through its descriptor, as attrs' own __init__ does for a frozen class.
_NEW = object.__new__
_SET_IDS = Calendar.__dict__["_ids"].__set__
_SET_RESOURCES = Calendar.__dict__["_resources"].__set__
_SET_POLICY = Calendar.__dict__["_policy"].__set__
_SET_SORTED = Calendar.__dict__["_sorted"].__set__
_SET_CALENDAR = Change.__dict__["calendar"].__set__
_SET_ADDED = Change.__dict__["added"].__set__
_SET_RESOLVED = Change.__dict__["resolved"].__set__
_CHANGE_FIELDS = ("calendar", "added", "resolved")
if tuple(field.name for field in attrs.fields(Change)) != _CHANGE_FIELDS:  # pragma: no cover
    msg = "_calendar: a field added to Change must be set by Calendar.add too"
    raise ImportError(msg)
