"""Rescheduling proposals: the least disruptive way out of double bookings.

:func:`propose_reschedule` takes a :class:`~medoffice.scheduling.Calendar` with
conflicts and returns :class:`Proposal` values, each a set of :class:`Move`
values that, applied, leave no blocking conflict behind. Proposals are ranked by
their :class:`Cost`: appointments moved, total minutes shifted, the largest
shift, then the changes a patient notices (another day, another provider).

The search:

- Conflicts are taken in time order (UTC). For each, every party that may move
  (not locked, not started before ``now``, not moved already in this plan) is
  tried; the others stay pinned.
- For one party and one set of resources (its own first, then other resources
  qualified by its type's requirements, fewest changes first, at most 16 sets;
  patients are never swapped), the candidate starts
  are the edges where feasibility can change: the original start, where other
  bookings of those resources end or start, where working windows open or close,
  and where notice allows. They are probed nearest first, in both directions
  (earlier and later), each probe asking :func:`~medoffice.scheduling.explain`
  (hours, blocks, breaks, notice, daily caps) and checking that the new place
  overlaps no other booking's occupied interval (buffers included) beyond
  capacity. The nearest feasible earlier and later start are the party's
  alternatives for these resources.
- A beam search keeps the ``beam`` cheapest partial plans after each conflict,
  each expanded by at most ``alternatives`` moves per party. Plans therefore
  move at most one appointment per conflict step, and never move one twice.
- A conflict whose parties are all locked (or already started), or for which no
  feasible time exists within ``within`` of the original start, is left as it
  is and listed in the proposal's :attr:`Proposal.unresolved`. Plans that leave
  fewer conflicts unresolved rank first; if no conflict can be resolved at all,
  the result is empty.

>>> from datetime import datetime, time, timedelta
>>> from medoffice.scheduling import Appointment, Availability, Hours, Resource, WeeklyHours
>>> from medoffice.scheduling._calendar import Calendar
>>> from medoffice.scheduling._time import zone
>>> ny = zone("America/New_York")
>>> dr = Resource(id="dr-lee", kind="provider")
>>> def visit(id, hour, minute=0):
...     start = datetime(2025, 3, 10, hour, minute, tzinfo=ny)
...     return Appointment(id=id, start=start, end=start + timedelta(minutes=30), resources=(dr,))
>>> cal = Calendar((visit("a1", 9), visit("a2", 9, 15), visit("a3", 10)))
>>> av = Availability(timezone="America/New_York", resources=(dr,),
...     hours=(Hours(timezone="America/New_York",
...                  weekly=(WeeklyHours(days=range(5), start=time(9), end=time(17)),)),))
>>> best = propose_reschedule(cal, av, now=datetime(2025, 3, 1, tzinfo=ny))[0]
>>> [str(m) for m in best.moves]
['a2: 2025-03-10T13:15:00+00:00 -> 2025-03-10T13:30:00+00:00']
>>> str(best.cost)
'1 appointment moved, 15 min shifted in all, largest shift 15 min, no day or provider change'
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
from collections.abc import Iterable, Mapping, Sequence

import attrs

from medoffice._values import name_sequences
from medoffice.scheduling._calendar import Calendar
from medoffice.scheduling._conflicts import ConflictKey, conflict_key
from medoffice.scheduling._hours import working_windows
from medoffice.scheduling._model import (
    Appointment,
    AppointmentType,
    Availability,
    Conflict,
    Level,
    Requirement,
    Resource,
    ResourceKind,
    SlotRequest,
    _utc_start,
)
from medoffice.scheduling._slots import explain
from medoffice.scheduling._time import (
    day_bounds,
    from_us,
    local_date,
    require_aware,
    to_us,
    zone,
)

__all__ = ["Cost", "Move", "Proposal", "propose_reschedule"]

_US = dt.timedelta(microseconds=1)
_MINUTE_US = 60_000_000
_DAY_US = 86_400_000_000
#: At most this many resource sets are tried per appointment (own first).
_MAX_OPTIONS = 16


def _resource_tuple(value: Iterable[Resource]) -> tuple[Resource, ...]:
    return tuple(sorted(value, key=lambda r: r.id))


def _minutes(value: dt.timedelta) -> str:
    return f"{value / dt.timedelta(minutes=1):g} min"


@attrs.frozen(kw_only=True, field_transformer=name_sequences)
class Move:
    """One appointment moved to another start and, perhaps, other resources.

    Attributes:
        appointment: The appointment as it is booked now.
        from_start: Its current start.
        to_start: The proposed start (same clinical length, same buffers).
        from_resources: The resources it holds now.
        to_resources: The resources it would hold.

    >>> from datetime import datetime, timedelta, timezone
    >>> from medoffice.scheduling import Appointment, Resource
    >>> t = datetime(2025, 1, 6, 14, tzinfo=timezone.utc)
    >>> a = Appointment(id="a1", start=t, end=t + timedelta(minutes=30),
    ...                 resources=(Resource(id="dr-lee", kind="provider"),))
    >>> m = Move.of(a, to_start=t - timedelta(minutes=45))
    >>> m.shift, str(m)
    (datetime.timedelta(days=-1, seconds=83700), 'a1: 2025-01-06T14:00:00+00:00 -> 2025-01-06T13:15:00+00:00')
    """

    appointment: Appointment = attrs.field(validator=attrs.validators.instance_of(Appointment))
    from_start: dt.datetime = attrs.field(converter=_utc_start)
    to_start: dt.datetime = attrs.field(converter=_utc_start)
    from_resources: tuple[Resource, ...] = attrs.field(converter=_resource_tuple)
    to_resources: tuple[Resource, ...] = attrs.field(converter=_resource_tuple)

    @classmethod
    def of(
        cls,
        appointment: Appointment,
        *,
        to_start: dt.datetime,
        to_resources: Iterable[Resource] | None = None,
    ) -> Move:
        """The move of ``appointment`` to ``to_start`` (and ``to_resources``, if given).

        >>> from datetime import datetime, timezone
        >>> from medoffice.scheduling import Appointment, Resource
        >>> t = datetime(2025, 1, 6, 14, tzinfo=timezone.utc)
        >>> a = Appointment(id="a1", start=t, end=t, resources=(Resource(id="r", kind="room"),))
        >>> Move.of(a, to_start=t).shift
        datetime.timedelta(0)
        """
        resources = appointment.resources if to_resources is None else tuple(to_resources)
        return cls(
            appointment=appointment,
            from_start=appointment.start,
            to_start=to_start,
            from_resources=appointment.resources,
            to_resources=resources,
        )

    @property
    def id(self) -> str:
        """The moved appointment's id.

        >>> from datetime import datetime, timezone
        >>> from medoffice.scheduling import Appointment, Resource
        >>> t = datetime(2025, 1, 6, 14, tzinfo=timezone.utc)
        >>> a = Appointment(id="a1", start=t, end=t, resources=(Resource(id="r", kind="room"),))
        >>> Move.of(a, to_start=t).id
        'a1'
        """
        return self.appointment.id

    @property
    def shift(self) -> dt.timedelta:
        """``to_start - from_start`` (negative when the visit moves earlier).

        >>> from datetime import datetime, timedelta, timezone
        >>> from medoffice.scheduling import Appointment, Resource
        >>> t = datetime(2025, 1, 6, 14, tzinfo=timezone.utc)
        >>> a = Appointment(id="a1", start=t, end=t, resources=(Resource(id="r", kind="room"),))
        >>> Move.of(a, to_start=t + timedelta(hours=1)).shift
        datetime.timedelta(seconds=3600)
        """
        return (to_us(self.to_start) - to_us(self.from_start)) * _US

    @property
    def moved(self) -> Appointment:
        """The appointment as the move books it.

        >>> from datetime import datetime, timedelta, timezone
        >>> from medoffice.scheduling import Appointment, Resource
        >>> t = datetime(2025, 1, 6, 14, tzinfo=timezone.utc)
        >>> a = Appointment(id="a1", start=t, end=t + timedelta(minutes=20),
        ...                 resources=(Resource(id="r", kind="room"),))
        >>> Move.of(a, to_start=t + timedelta(hours=1)).moved.end.hour
        15
        """
        return attrs.evolve(
            self.appointment,
            start=self.to_start,
            end=self.to_start + self.appointment.duration,
            resources=self.to_resources,
        )

    def changed_resources(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The resource ids given up and the ones taken on, each sorted.

        >>> from datetime import datetime, timezone
        >>> from medoffice.scheduling import Appointment, Resource
        >>> t = datetime(2025, 1, 6, 14, tzinfo=timezone.utc)
        >>> a = Appointment(id="a1", start=t, end=t, resources=(Resource(id="dr-a", kind="provider"),))
        >>> Move.of(a, to_start=t, to_resources=(Resource(id="dr-b", kind="provider"),)).changed_resources()
        (('dr-a',), ('dr-b',))
        """
        before = {r.id for r in self.from_resources}
        after = {r.id for r in self.to_resources}
        return tuple(sorted(before - after)), tuple(sorted(after - before))

    def __str__(self) -> str:
        text = f"{self.id}: {self.from_start.isoformat()} -> {self.to_start.isoformat()}"
        gone, new = self.changed_resources()
        if gone or new:
            text += f" ({', '.join(gone)} -> {', '.join(new)})"
        return text


@attrs.frozen(kw_only=True)
class Cost:
    """What a proposal costs, compared lexicographically by :attr:`key`.

    Attributes:
        moved: How many appointments move.
        total_shift: The sum of the absolute shifts.
        largest_shift: The largest absolute shift.
        day_changes: Moves to another local day (in the clinic's zone).
        provider_changes: Moves to another provider.

    >>> from datetime import timedelta
    >>> c = Cost(moved=2, total_shift=timedelta(minutes=45), largest_shift=timedelta(minutes=30),
    ...          day_changes=1, provider_changes=0)
    >>> print(c)
    2 appointments moved, 45 min shifted in all, largest shift 30 min, 1 day change
    """

    moved: int = 0
    total_shift: dt.timedelta = dt.timedelta(0)
    largest_shift: dt.timedelta = dt.timedelta(0)
    day_changes: int = 0
    provider_changes: int = 0

    @property
    def key(self) -> tuple[int, int, int, int]:
        """``(moved, total µs, largest µs, day changes + provider changes)``: smaller is better.

        >>> Cost().key
        (0, 0, 0, 0)
        """
        return (
            self.moved,
            self.total_shift // _US,
            self.largest_shift // _US,
            self.day_changes + self.provider_changes,
        )

    @property
    def patient_visible(self) -> int:
        """Changes a patient notices besides the time: day changes plus provider changes.

        >>> Cost(day_changes=1, provider_changes=1).patient_visible
        2
        """
        return self.day_changes + self.provider_changes

    def explain(self) -> str:
        """The cost in words (no patient data).

        >>> Cost().explain()
        'nothing moves'
        """
        if not self.moved:
            return "nothing moves"
        plural = "" if self.moved == 1 else "s"
        text = (
            f"{self.moved} appointment{plural} moved, {_minutes(self.total_shift)} shifted in all, "
            f"largest shift {_minutes(self.largest_shift)}"
        )
        visible = [
            f"{n} {what}{'' if n == 1 else 's'}"
            for n, what in (
                (self.day_changes, "day change"),
                (self.provider_changes, "provider change"),
            )
            if n
        ]
        return text + ", " + (" and ".join(visible) if visible else "no day or provider change")

    def __str__(self) -> str:
        return self.explain()

    @classmethod
    def of(cls, moves: Iterable[Move], timezone: str = "UTC") -> Cost:
        """The cost of ``moves``, with day changes counted in ``timezone``.

        >>> Cost.of(()).moved
        0
        """
        tz = zone(timezone)
        moved = 0
        total = 0
        largest = 0
        days = 0
        providers = 0
        for move in moves:
            moved += 1
            shift = abs(to_us(move.to_start) - to_us(move.from_start))
            total += shift
            largest = max(largest, shift)
            days += local_date(to_us(move.from_start), tz) != local_date(to_us(move.to_start), tz)
            providers += _providers(move.from_resources) != _providers(move.to_resources)
        return cls(
            moved=moved,
            total_shift=total * _US,
            largest_shift=largest * _US,
            day_changes=days,
            provider_changes=providers,
        )


def _providers(resources: Iterable[Resource]) -> frozenset[str]:
    return frozenset(r.id for r in resources if r.kind is ResourceKind.PROVIDER)


@attrs.frozen(kw_only=True, field_transformer=name_sequences)
class Proposal:
    """A plan that resolves conflicts by moving appointments.

    Attributes:
        moves: The moves, in the order the search chose them.
        cost: What the plan costs.
        unresolved: Conflicts the plan leaves as they are: all their parties
            are locked or have started, or no feasible time was found.

    >>> Proposal(moves=(), cost=Cost()).explain()
    'nothing moves'
    """

    moves: tuple[Move, ...]
    cost: Cost
    unresolved: tuple[Conflict, ...] = ()

    def apply(self, calendar: Calendar) -> Calendar:
        """The calendar with every move made.

        >>> from medoffice.scheduling._calendar import Calendar
        >>> Proposal(moves=(), cost=Cost()).apply(Calendar(())) == Calendar(())
        True
        """
        for move in self.moves:
            calendar = calendar.move(
                move.id, start=move.to_start, resources=move.to_resources
            ).calendar
        return calendar

    def explain(self) -> str:
        """The cost, then one line per move, then any conflict left unresolved.

        >>> Proposal(moves=(), cost=Cost()).explain()
        'nothing moves'
        """
        lines = [self.cost.explain()]
        lines.extend(f"move {move}" for move in self.moves)
        lines.extend(f"unresolved: {conflict}" for conflict in self.unresolved)
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.explain()


# -- the search -------------------------------------------------------------------


@attrs.frozen
class _Target:
    ids: frozenset[str]
    resources: frozenset[str]
    rank: int

    def covers(self, conflict: Conflict) -> bool:
        return (
            conflict.severity.rank >= self.rank
            and self.ids.issuperset(conflict.appointments)
            and not self.resources.isdisjoint(conflict.resources)
        )


@attrs.frozen
class _Plan:
    calendar: Calendar
    moves: tuple[Move, ...]
    skipped: frozenset[ConflictKey]
    unresolved: tuple[Conflict, ...]
    cost: Cost

    def rank(self) -> tuple[object, ...]:
        return (len(self.unresolved), self.cost.key, _tiebreak(self.moves))

    def identity(self) -> tuple[object, ...]:
        return (_tiebreak(self.moves), tuple(sorted(self.skipped)))


def _tiebreak(moves: Iterable[Move]) -> tuple[tuple[str, int, tuple[str, ...]], ...]:
    return tuple(
        sorted((m.id, to_us(m.to_start), tuple(r.id for r in m.to_resources)) for m in moves)
    )


class _Search:
    """The state one call of :func:`propose_reschedule` shares across plans."""

    def __init__(
        self,
        availability: Availability,
        *,
        now_us: int,
        types: Mapping[str, AppointmentType],
        within_us: int,
        alternatives: int,
        now: dt.datetime,
    ) -> None:
        self.availability = availability
        self.now = now
        self.now_us = now_us
        self.types = types
        self.within_us = within_us
        self.alternatives = alternatives
        self.tz = zone(availability.timezone)
        self.earliest_us = self._earliest_start()

    def _earliest_start(self) -> int:
        av = self.availability
        bound = self.now_us + av.minimum_notice // _US
        if av.notice_days:
            day = local_date(self.now_us, self.tz) + dt.timedelta(days=av.notice_days)
            bound = max(bound, day_bounds(day, self.tz)[0])
        return bound

    # -- the beam search -------------------------------------------------------

    def run(self, calendar: Calendar, given: Sequence[Conflict], *, beam: int) -> list[_Plan]:
        """Every complete plan the beam search found, best first."""
        targets = [
            _Target(frozenset(c.appointments), frozenset(c.resources), c.severity.rank)
            for c in given
        ]
        frontier = [_Plan(calendar, (), frozenset(), (), Cost())]
        done: dict[tuple[object, ...], _Plan] = {}
        # Each step moves an appointment that no plan moved before or gives up
        # on one more conflict, so the frontier empties after finitely many steps.
        while frontier:
            children: dict[tuple[object, ...], _Plan] = {}
            for plan in frontier:
                remaining = sorted(
                    (
                        c
                        for c in plan.calendar.conflicts()
                        if conflict_key(c) not in plan.skipped and any(t.covers(c) for t in targets)
                    ),
                    key=conflict_key,
                )
                if remaining:
                    for child in self._expand(plan, remaining[0]):
                        children.setdefault(child.identity(), child)
                else:
                    done.setdefault(plan.identity(), plan)
            frontier = heapq.nsmallest(beam, children.values(), key=_Plan.rank)
        return sorted((p for p in done.values() if p.moves), key=_Plan.rank)

    def _expand(self, plan: _Plan, conflict: Conflict) -> list[_Plan]:
        """The plans that resolve ``conflict`` by moving one party, or the one giving up."""
        out = []
        moved = {m.id for m in plan.moves}
        for party in conflict.appointments:
            appointment = plan.calendar.get(party)
            if (
                appointment is None
                or appointment.locked
                or party in moved
                or to_us(appointment.start) < self.now_us
            ):
                continue
            for move in self.placements(plan.calendar, appointment):
                moves = (*plan.moves, move)
                after = plan.calendar.move(party, start=move.to_start, resources=move.to_resources)
                cost = Cost.of(moves, self.availability.timezone)
                out.append(attrs.evolve(plan, calendar=after.calendar, moves=moves, cost=cost))
        if not out:
            out.append(
                attrs.evolve(
                    plan,
                    skipped=plan.skipped | {conflict_key(conflict)},
                    unresolved=(*plan.unresolved, conflict),
                )
            )
        return out

    # -- which resources may an appointment use --------------------------------

    def resource_options(
        self, appointment: Appointment, calendar: Calendar
    ) -> list[tuple[Resource, ...]]:
        """Its own resources first, then other qualified ones, fewest changes first.

        Each resource the appointment holds fills the first requirement of its
        type that it qualifies for (patients are never swapped); each such
        position may take any other resource qualified for that requirement.
        At most :data:`_MAX_OPTIONS` sets are tried.
        """
        own = appointment.resources
        kind = self.types.get(appointment.type) if appointment.type is not None else None
        if kind is None:
            return [own]
        positions: list[list[Resource]] = []
        fixed = list(own)
        for requirement in kind.requires:
            if requirement.kind is ResourceKind.PATIENT:
                continue
            filling = [r for r in fixed if _qualifies(r, requirement)][: requirement.count]
            for current in filling:
                fixed.remove(current)
                positions.append([current, *self._qualified(requirement, calendar, current)])
        combos = {
            choice
            for choice in itertools.product(*positions)
            if len({r.id for r in choice}) == len(choice)
            and not {r.id for r in choice} & {r.id for r in fixed}
        }
        held = [p[0].id for p in positions]
        ranked = sorted(
            combos,
            key=lambda c: (
                sum(r.id != was for r, was in zip(c, held, strict=True)),
                [r.id for r in c],
            ),
        )
        return [
            tuple(sorted((*fixed, *choice), key=lambda r: r.id)) for choice in ranked[:_MAX_OPTIONS]
        ]

    def _qualified(
        self, requirement: Requirement, calendar: Calendar, current: Resource
    ) -> list[Resource]:
        ids = requirement.any_of or tuple(
            r.id for r in self.availability.resources if r.kind is requirement.kind
        )
        out = []
        for other in sorted(set(ids) - {current.id}):
            resource = (
                calendar.resource(other)
                or self.availability.resource(other)
                or Resource(id=other, kind=requirement.kind)
            )
            if resource.kind is requirement.kind:
                out.append(resource)
        return out

    # -- where may it go -------------------------------------------------------

    def placements(self, calendar: Calendar, appointment: Appointment) -> list[Move]:
        """The nearest feasible earlier and later start for each resource option."""
        rest = calendar.cancel(appointment.id).calendar
        found: list[Move] = []
        for resources in self.resource_options(appointment, rest):
            request = _request(appointment, resources)
            for direction in self._candidates(rest, appointment, resources):
                for start in direction:
                    move = Move.of(appointment, to_start=from_us(start), to_resources=resources)
                    if self._fits(rest, move, request):
                        found.append(move)
                        break
        found.sort(key=self._move_rank)
        return found[: self.alternatives]

    def _move_rank(self, move: Move) -> tuple[object, ...]:
        cost = Cost.of((move,), self.availability.timezone)
        return (cost.key[1:], to_us(move.to_start), tuple(r.id for r in move.to_resources))

    def _candidates(
        self, rest: Calendar, appointment: Appointment, resources: tuple[Resource, ...]
    ) -> tuple[list[int], list[int]]:
        """Candidate starts, nearest first: earlier ones, then later ones.

        Feasibility can only change where a busy span or a working window
        starts or ends, or where notice allows, so the latest feasible start
        before the original one is ``edge - length`` for some obstacle edge,
        and the earliest feasible one after it is an obstacle's end.
        """
        origin = to_us(appointment.start)
        before = appointment.buffer_before // _US
        after = appointment.buffer_after // _US
        length = to_us(appointment.end) - origin
        lo = max(origin - self.within_us, self.earliest_us)
        hi = origin + self.within_us
        up = {origin, lo}
        down = {origin}
        window_lo = lo - before - _DAY_US
        window_hi = hi + length + after + _DAY_US
        for resource in resources:
            for start, end, _id in rest.busy(resource.id, window_lo, window_hi):
                up.add(end + before)
                down.add(start - length - after)
            hours = self.availability.hours_for(resource.id)
            for w_start, w_end in working_windows(hours, window_lo, window_hi):
                up.update((w_start, w_start + before))
                down.update((w_end - length, w_end - length - after))
        same = resources == appointment.resources
        earlier = sorted((e for e in down if lo <= e <= hi and e < origin), reverse=True)
        later = sorted(
            e for e in up if lo <= e <= hi and e >= origin and not (same and e == origin)
        )
        return earlier, later

    def _fits(self, rest: Calendar, move: Move, request: SlotRequest) -> bool:
        """Whether the move breaks no rule and meets no other booking."""
        old = move.appointment
        lo = to_us(move.to_start) - old.buffer_before // _US
        hi = to_us(move.to_start) + (to_us(old.end) - to_us(old.start)) + old.buffer_after // _US
        for resource in move.to_resources:
            spans = rest.busy(resource.id, lo, hi)
            if len(spans) >= resource.capacity and _peak(spans, lo, hi) >= resource.capacity:
                return False
        if explain(request, move.to_start, rest, self.availability, now=self.now):
            return False
        moved = move.moved
        change = rest.replace(moved)
        return not any(
            c.severity is Level.BLOCK and moved.id in c.appointments for c in change.added
        )


def _peak(spans: Sequence[tuple[int, int, str]], lo: int, hi: int) -> int:
    """The most spans that overlap one point of ``[lo, hi)``."""
    points = [lo, *(s for s, _e, _i in spans if lo < s < hi)]
    return max(sum(1 for s, e, _i in spans if s <= p < e) for p in points)


def _qualifies(resource: Resource, requirement: Requirement) -> bool:
    if resource.kind is not requirement.kind:
        return False
    return not requirement.any_of or resource.id in requirement.any_of


def _request(appointment: Appointment, resources: tuple[Resource, ...]) -> SlotRequest:
    patients = [r for r in resources if r.kind is ResourceKind.PATIENT]
    patient = patients[0] if patients else None
    kind = AppointmentType(
        code=appointment.type or "reschedule",
        duration=appointment.duration,
        buffer_before=appointment.buffer_before,
        buffer_after=appointment.buffer_after,
    )
    others = tuple(r for r in resources if r is not patient)
    return SlotRequest(type=kind, patient=patient, resources=others)


def _types(
    types: Mapping[str, AppointmentType] | Iterable[AppointmentType],
) -> dict[str, AppointmentType]:
    if isinstance(types, Mapping):
        return dict(types)
    out: dict[str, AppointmentType] = {}
    for item in types:
        given: object = item  # callers may pass anything at run time
        if not isinstance(given, AppointmentType):
            msg = "types: every item must be an AppointmentType"
            raise TypeError(msg)
        out[item.code] = item
    return out


def propose_reschedule(
    calendar: Calendar,
    availability: Availability,
    *,
    conflicts: Iterable[Conflict] | None = None,
    now: dt.datetime,
    types: Mapping[str, AppointmentType] | Iterable[AppointmentType] = (),
    limit: int = 5,
    within: dt.timedelta = dt.timedelta(days=7),
    beam: int = 8,
    alternatives: int = 4,
) -> tuple[Proposal, ...]:
    """Plans that resolve ``conflicts`` by moving appointments, least disruptive first.

    Args:
        calendar: The calendar as booked.
        availability: Working hours, blocks, notice and caps for the new times.
        conflicts: The conflicts to resolve; by default every conflict of the
            calendar with severity ``block``. A caller may pass a subset (the
            ``added`` conflicts of one change).
        now: The current instant (aware). Appointments that started before it
            never move, and no new start is earlier than it plus the notice.
        types: The appointment types (by code, or as an iterable), so that other
            qualified resources can be offered. An appointment whose type is
            unknown moves in time only, with its own resources.
        limit: At most this many proposals.
        within: How far from its original start a visit may move, either way.
        beam: How many partial plans the search keeps after each conflict.
        alternatives: How many placements it tries per appointment.

    Returns:
        At most ``limit`` proposals, ranked by the number of conflicts left
        unresolved, then :attr:`Cost.key`, then the moves themselves (so the
        order is deterministic). Empty when there is nothing to resolve or no
        conflict can be resolved.

    >>> from datetime import datetime, timezone
    >>> from medoffice.scheduling import Availability
    >>> from medoffice.scheduling._calendar import Calendar
    >>> propose_reschedule(Calendar(()), Availability(timezone="UTC"),
    ...                    now=datetime(2025, 1, 1, tzinfo=timezone.utc))
    ()
    """
    now_us = to_us(require_aware(now, "now"))
    for name, value in (("limit", limit), ("beam", beam), ("alternatives", alternatives)):
        given_value: object = value  # callers may pass anything at run time
        if not isinstance(given_value, int) or isinstance(given_value, bool) or value < 1:
            msg = f"{name}: must be a positive integer"
            raise ValueError(msg)
    given_within: object = within
    if not isinstance(given_within, dt.timedelta) or within <= dt.timedelta(0):
        msg = "within: must be a positive timedelta"
        raise ValueError(msg)
    given = (
        tuple(c for c in calendar.conflicts() if c.severity is Level.BLOCK)
        if conflicts is None
        else tuple(conflicts)
    )
    if not given:
        return ()
    search = _Search(
        availability,
        now=now,
        now_us=now_us,
        types=_types(types),
        within_us=within // _US,
        alternatives=alternatives,
    )
    plans = search.run(calendar, given, beam=beam)
    return tuple(
        Proposal(moves=p.moves, cost=p.cost, unresolved=p.unresolved) for p in plans[:limit]
    )
