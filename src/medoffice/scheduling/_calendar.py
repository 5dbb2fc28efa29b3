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
from collections.abc import Iterable, Iterator

import attrs

from medoffice.exceptions import Problem, ValidationFailed
from medoffice.scheduling._conflicts import conflict_key, find_conflicts
from medoffice.scheduling._model import Appointment, Conflict, ConflictPolicy, Resource, Status
from medoffice.scheduling._time import require_aware, to_us

__all__ = ["Calendar", "Change"]

_DEFAULT_POLICY = ConflictPolicy()


def _order_key(appointment: Appointment) -> tuple[int, str]:
    return appointment.span[0], appointment.id


def _check_appointment(value: object) -> None:
    if not isinstance(value, Appointment):
        msg = f"appointment: must be an Appointment, not {type(value).__name__}"
        raise TypeError(msg)


def _failed(path: str, code: str, message: str) -> ValidationFailed:
    return ValidationFailed((Problem(path=path, code=code, message=message),))


class Calendar:
    """An immutable set of appointments, indexed by resource and time.

    Every change returns a :class:`Change` holding a new calendar; the old one
    is never modified. Cancelled (and other non-time-holding) appointments stay
    in the calendar with their status but hold no time.

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

    __slots__ = ("_by_id", "_order", "_policy")

    _by_id: dict[str, Appointment]
    _order: tuple[Appointment, ...]
    _policy: ConflictPolicy

    def __init__(
        self, appointments: Iterable[Appointment] = (), *, policy: ConflictPolicy | None = None
    ) -> None:
        if policy is None:
            policy = _DEFAULT_POLICY
        given: object = policy  # callers may pass anything at run time
        if not isinstance(given, ConflictPolicy):
            msg = "policy: must be a ConflictPolicy or None"
            raise TypeError(msg)
        apps = tuple(appointments)
        find_conflicts(apps, policy=policy)  # checks types, ids and resources
        self._set(apps, policy)

    def _set(self, apps: Iterable[Appointment], policy: ConflictPolicy) -> None:
        order = tuple(sorted(apps, key=_order_key))
        object.__setattr__(self, "_order", order)
        object.__setattr__(self, "_by_id", {a.id: a for a in order})
        object.__setattr__(self, "_policy", policy)

    def __setattr__(self, name: str, value: object) -> None:
        msg = "Calendar is immutable; add, move, cancel and replace return a new one"
        raise AttributeError(msg)

    @classmethod
    def _make(cls, apps: Iterable[Appointment], policy: ConflictPolicy) -> Calendar:
        new = object.__new__(cls)
        new._set(apps, policy)
        return new

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
        return self._order

    def __len__(self) -> int:
        return len(self._order)

    def __iter__(self) -> Iterator[Appointment]:
        return iter(self._order)

    def __contains__(self, appointment_id: object) -> bool:
        return appointment_id in self._by_id

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Calendar):
            return NotImplemented
        return self._policy == other._policy and self._order == other._order

    def __hash__(self) -> int:
        return hash((len(self._order), self._policy))

    def __repr__(self) -> str:
        return f"<Calendar of {len(self)} appointments>"

    def get(self, appointment_id: str) -> Appointment | None:
        """The appointment with this id, or ``None``.

        >>> Calendar().get("a1") is None
        True
        """
        return self._by_id.get(appointment_id)

    def resource(self, resource_id: str) -> Resource | None:
        """The resource with this id as the appointments know it, or ``None``.

        >>> Calendar().resource("dr-lee") is None
        True
        """
        for appointment in self._order:
            for item in appointment.resources:
                if item.id == resource_id:
                    return item
        return None

    def conflicts(self) -> tuple[Conflict, ...]:
        """Every conflict in the calendar, as :func:`find_conflicts` reports them.

        >>> Calendar().conflicts()
        ()
        """
        return find_conflicts(self._order, policy=self._policy)

    def busy(
        self, resource_id: str, start_us: int, end_us: int
    ) -> tuple[tuple[int, int, str], ...]:
        """The occupied spans on a resource that overlap ``[start_us, end_us)``.

        Only appointments that hold time count; spans include buffers and are
        epoch microseconds ``(start, end, appointment id)``, sorted.

        >>> Calendar().busy("dr-lee", 0, 10)
        ()
        """
        out = []
        for a in self._order:
            start, end = a.span
            if (
                a.holds_time
                and start < end_us
                and end > start_us
                and any(r.id == resource_id for r in a.resources)
            ):
                out.append((start, end, a.id))
        return tuple(sorted(out))

    def count_starts(self, resource_id: str, start_us: int, end_us: int) -> int:
        """How many time-holding appointments on a resource start within ``[start_us, end_us)``.

        The clinical start counts (not the buffer): this is what daily caps count.

        >>> Calendar().count_starts("dr-lee", 0, 10)
        0
        """
        return sum(
            1
            for a in self._order
            if a.holds_time
            and start_us <= to_us(a.start) < end_us
            and any(r.id == resource_id for r in a.resources)
        )

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
        return tuple(
            a
            for a in self._order
            if a.holds_time
            and a.span[0] < hi
            and a.span[1] > lo
            and (resource_id is None or any(r.id == resource_id for r in a.resources))
        )

    # -- changing --------------------------------------------------------------

    def _change(self, old: Appointment | None, new: Appointment) -> Change:
        apps = [a for a in self._order if old is None or a.id != old.id]
        apps.append(new)
        before = set(self.conflicts())
        after_cal = Calendar(apps, policy=self._policy)
        after = set(after_cal.conflicts())
        return Change(
            calendar=after_cal,
            added=tuple(sorted(after - before, key=conflict_key)),
            resolved=tuple(sorted(before - after, key=conflict_key)),
        )

    def _existing(self, appointment_id: str) -> Appointment:
        found = self._by_id.get(appointment_id)
        if found is None:
            raise _failed(
                "appointment_id",
                "scheduling.appointment.unknown_id",
                f"appointment_id: {appointment_id!r} is not in the calendar",
            )
        return found

    def add(self, appointment: Appointment) -> Change:
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
        _check_appointment(appointment)
        if appointment.id in self._by_id:
            raise _failed(
                "appointment.id",
                "scheduling.appointment.duplicate_id",
                f"id: {appointment.id!r} is already in the calendar",
            )
        return self._change(None, appointment)

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
