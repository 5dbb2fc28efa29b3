"""Earliest slot, open slots and explain, against a brute-force grid oracle."""

from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.scheduling._calendar import Calendar
from medoffice.scheduling._conflicts import find_conflicts
from medoffice.scheduling._hours import Blocked, DateClosed, OnBreak, OutsideHours
from medoffice.scheduling._model import (
    Appointment,
    AppointmentType,
    Availability,
    Block,
    Break,
    DateOverride,
    Hours,
    Level,
    Requirement,
    Resource,
    SlotRequest,
    Status,
    WeeklyHours,
)
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
from medoffice.scheduling._time import from_us, to_us

from ._strategies_availability import weekly_hours
from .test_hours import oracle_windows

UTC = dt.UTC
NY = ZoneInfo("America/New_York")
MIN = dt.timedelta(minutes=1)
STEP = 5 * MIN
STEP_US = 300_000_000

P = tuple(Resource(id=f"p{i}", kind="provider") for i in range(1, 4))
R1 = Resource(id="r1", kind="room")
R2 = Resource(id="r2", kind="room", capacity=2)
E1 = Resource(id="e1", kind="equipment")
PAT = Resource(id="pat", kind="patient", name="Jane Doe")
REGISTERED = (*P, R1, R2, E1)
ALL = (*REGISTERED, PAT)

# -- the scenario strategy --------------------------------------------------------


@st.composite
def scenarios(draw: st.DrawFn) -> dict[str, object]:
    zone = draw(st.sampled_from(["UTC", "America/New_York", "Australia/Sydney", "Asia/Kolkata"]))
    tz = ZoneInfo(zone)
    anchor = draw(st.sampled_from([dt.date(2025, 3, 8), dt.date(2025, 4, 5), dt.date(2025, 6, 2),
                                   dt.date(2025, 10, 4), dt.date(2025, 11, 1)]))  # fmt: skip
    base = to_us(dt.datetime.combine(anchor, dt.time(), tz))

    def at(steps: int) -> dt.datetime:
        return from_us(base + steps * STEP_US).astimezone(tz)

    hours = []
    for rid in draw(
        st.lists(st.sampled_from([None, "p1", "p2", "r1", "e1"]), unique=True, max_size=3)
    ):
        blocks = []
        for _ in range(draw(st.integers(0, 1))):
            a = draw(st.integers(0, 3 * 288))
            blocks.append(Block(start=at(a), end=at(a + draw(st.integers(1, 72))), reason="meeting",
                                level=draw(st.sampled_from(list(Level)))))  # fmt: skip
        overrides = []
        for _ in range(draw(st.integers(0, 1))):
            day = anchor + dt.timedelta(days=draw(st.integers(0, 3)))
            windows = () if draw(st.booleans()) else ((dt.time(10), dt.time(13)),)
            overrides.append(DateOverride(date=day, windows=windows, reason="special"))
        breaks = []
        if draw(st.booleans()):
            breaks.append(Break(days=range(7), start=dt.time(12), end=dt.time(13), reason="lunch",
                                level=draw(st.sampled_from(list(Level)))))  # fmt: skip
        hours.append(
            Hours(
                resource=rid,
                timezone=zone,
                weekly=tuple(draw(st.lists(weekly_hours(), min_size=1, max_size=2))),
                breaks=tuple(breaks),
                overrides=tuple(overrides),
                blocks=tuple(blocks),
                daily_cap=draw(st.one_of(st.none(), st.integers(1, 3))),
            )
        )
    appointments = []
    for i in range(draw(st.integers(0, 12))):
        a = draw(st.integers(0, 3 * 288))
        held = draw(
            st.lists(st.sampled_from(ALL), min_size=1, max_size=3, unique_by=lambda r: r.id)
        )
        appointments.append(
            Appointment(
                id=f"a{i}",
                start=at(a),
                end=at(a + draw(st.integers(1, 24))),
                resources=tuple(held),
                buffer_before=draw(st.sampled_from([dt.timedelta(0), STEP])),
                buffer_after=draw(st.sampled_from([dt.timedelta(0), 2 * STEP])),
                status=draw(st.sampled_from([Status.BOOKED] * 4 + [Status.CANCELLED])),
            )
        )
    requires = [
        Requirement(
            kind="provider",
            any_of=tuple(
                draw(st.lists(st.sampled_from(["p1", "p2", "p3"]), unique=True, max_size=3))
            ),
            count=draw(st.sampled_from([1, 1, 2])),
        )
    ]
    if draw(st.booleans()):
        requires.append(
            Requirement(kind="room", any_of=draw(st.sampled_from([(), ("r2", "r1"), ("r1",)])))
        )
    if draw(st.booleans()):
        requires.append(Requirement(kind="equipment"))
    kind = AppointmentType(
        code="visit",
        duration=draw(st.integers(1, 18)) * STEP,
        requires=tuple(requires),
        buffer_before=draw(st.sampled_from([dt.timedelta(0), STEP])),
        buffer_after=draw(st.sampled_from([dt.timedelta(0), 2 * STEP])),
    )
    request = SlotRequest(type=kind, patient=PAT if draw(st.booleans()) else None)
    availability = Availability(
        timezone=zone,
        resources=REGISTERED,
        hours=tuple(hours),
        minimum_notice=draw(st.integers(0, 36)) * STEP,
        notice_days=draw(st.sampled_from([0, 0, 1])),
        horizon=draw(st.sampled_from([None, dt.timedelta(days=2), dt.timedelta(hours=30)])),
    )
    now_steps = draw(st.integers(0, 288))
    after_steps = now_steps + draw(st.integers(0, 144))
    return {
        "request": request,
        "calendar": Calendar(appointments),
        "availability": availability,
        "now": at(now_steps),
        "after": at(after_steps),
        "before": at(after_steps + 3 * 288),
        "base": base,
    }


# -- the oracle -------------------------------------------------------------------


def _load_below(intervals: list[tuple[int, int]], lo: int, hi: int, capacity: int) -> bool:
    points = {lo} | {s for s, _ in intervals if lo < s < hi}
    return all(sum(1 for s, e in intervals if s <= p < e) < capacity for p in points)


class Oracle:
    """A slow, obviously right bookability test for one scenario."""

    def __init__(self, case: dict[str, object]) -> None:
        self.request: SlotRequest = case["request"]  # type: ignore[assignment]
        self.calendar: Calendar = case["calendar"]  # type: ignore[assignment]
        self.av: Availability = case["availability"]  # type: ignore[assignment]
        self.now = to_us(case["now"])  # type: ignore[arg-type]
        base: int = case["base"]  # type: ignore[assignment]
        self.lo, self.hi = base - 86_400_000_000, base + 6 * 86_400_000_000
        self.windows = {
            r.id: None if (h := self._hours(r)) is None else oracle_windows(h, self.lo, self.hi)
            for r in ALL
        }
        kind = self.request.type
        self.d = kind.duration // dt.timedelta(microseconds=1)
        self.bb = kind.buffer_before // dt.timedelta(microseconds=1)
        self.ba = kind.buffer_after // dt.timedelta(microseconds=1)
        seats: list[tuple[str, ...]] = []
        for req in kind.requires:
            ids = req.any_of or tuple(r.id for r in REGISTERED if r.kind is req.kind)
            seats += [ids] * req.count
        if self.request.patient is not None:
            seats.append((self.request.patient.id,))
        self.seats = seats

    def _hours(self, resource: Resource) -> Hours | None:
        own = [h for h in self.av.hours if h.resource == resource.id]
        default = [
            h for h in self.av.hours if h.resource is None and resource.kind.value != "patient"
        ]
        return (own or default or [None])[0]

    def free(self, rid: str, t: int) -> bool:
        windows = self.windows[rid]
        if windows is not None and not any(s <= t and t + self.d <= e for s, e in windows):
            return False
        resource = next(r for r in ALL if r.id == rid)
        mine = [a for a in self.calendar if a.holds_time and rid in a.resource_ids()]
        occupied = [a.span for a in mine]
        if not _load_below(occupied, t - self.bb, t + self.d + self.ba, resource.capacity):
            return False
        hours = self._hours(resource)
        if hours is not None and hours.daily_cap is not None:
            day = from_us(t).astimezone(hours.zone).date()
            same = [a for a in mine if a.start.astimezone(hours.zone).date() == day]
            if len(same) >= hours.daily_cap:
                return False
        return True

    def rules(self, t: int) -> bool:
        av = self.av
        tz = ZoneInfo(av.timezone)
        if t < self.now + av.minimum_notice // dt.timedelta(microseconds=1):
            return False
        now_day = from_us(self.now).astimezone(tz).date()
        if from_us(t).astimezone(tz).date() < now_day + dt.timedelta(days=av.notice_days):
            return False
        return av.horizon is None or t <= self.now + av.horizon // dt.timedelta(microseconds=1)

    def assignment_ok(self, t: int, chosen: tuple[str, ...]) -> bool:
        for combo in itertools.product(*self.seats):
            distinct = len(set(combo)) == len(combo)
            if distinct and all(self.free(r, t) for r in combo):  # noqa: SIM102
                if chosen is None or set(combo) - {PAT.id} == set(chosen):
                    return True
        return False

    def bookable(self, t: int, chosen: tuple[str, ...] | None = None) -> bool:
        return self.rules(t) and self.assignment_ok(t, chosen)  # type: ignore[arg-type]


# -- properties -------------------------------------------------------------------


def _earliest(case: dict[str, object]) -> object:
    return earliest_slot(case["request"], case["calendar"], case["availability"],  # type: ignore[arg-type]
                         after=case["after"], before=case["before"], now=case["now"])  # type: ignore[arg-type]  # fmt: skip


@settings(max_examples=min(120, settings().max_examples), deadline=None)
@given(scenarios())
def test_earliest_slot_matches_the_grid_oracle(case: dict[str, object]) -> None:
    oracle = Oracle(case)
    slot = _earliest(case)
    after = to_us(case["after"])  # type: ignore[arg-type]
    limit = to_us(case["before"]) - oracle.d  # type: ignore[arg-type]
    first = next((t for t in range(after, limit + 1, STEP_US) if oracle.bookable(t)), None)
    if first is None:
        assert slot is None
        return
    assert slot is not None
    start = to_us(slot.start)
    assert start == first
    assert to_us(slot.end) - start == oracle.d
    assert oracle.bookable(start, slot.resources)
    assert (
        explain(
            case["request"], slot.start, case["calendar"], case["availability"], now=case["now"]
        )
        == ()
    )  # type: ignore[arg-type]
    # Booked, it conflicts with nothing at level block.
    request: SlotRequest = case["request"]  # type: ignore[assignment]
    held = [r for r in ALL if r.id in slot.resources]
    if request.patient is not None:
        held.append(request.patient)
    new = Appointment(id="new", start=slot.start, end=slot.end, resources=tuple(held),
                      buffer_before=request.type.buffer_before, buffer_after=request.type.buffer_after)  # fmt: skip
    calendar: Calendar = case["calendar"]  # type: ignore[assignment]
    for conflict in find_conflicts((*calendar, new)):
        assert "new" not in conflict.appointments or conflict.severity is not Level.BLOCK


@settings(max_examples=min(60, settings().max_examples), deadline=None)
@given(scenarios(), st.data())
def test_explain_refuses_exactly_what_the_oracle_refuses(
    case: dict[str, object], data: st.DataObject
) -> None:
    oracle = Oracle(case)
    after = to_us(case["after"])  # type: ignore[arg-type]
    for _ in range(6):
        t = after + data.draw(st.integers(0, 2 * 288)) * STEP_US
        start = from_us(t).astimezone(ZoneInfo(oracle.av.timezone))
        reasons = explain(
            case["request"], start, case["calendar"], case["availability"], now=case["now"]
        )  # type: ignore[arg-type]
        assert (reasons == ()) == oracle.bookable(t)
        for reason in reasons:
            assert reason.level is Level.BLOCK
            assert "Jane" not in str(reason)
            assert "pat " not in str(reason)


@settings(max_examples=min(40, settings().max_examples), deadline=None)
@given(scenarios())
def test_open_slots_are_every_bookable_grid_point(case: dict[str, object]) -> None:
    oracle = Oracle(case)
    after = to_us(case["after"])  # type: ignore[arg-type]
    limit = after + 288 * STEP_US
    got = [
        to_us(s.start)
        for s in itertools.takewhile(
            lambda s: to_us(s.start) <= limit,
            open_slots(case["request"], case["calendar"], case["availability"],  # type: ignore[arg-type]
                       after=case["after"], before=case["before"], now=case["now"], step=STEP),  # type: ignore[arg-type]
        )
    ]  # fmt: skip
    expected = [t for t in range(after, limit + 1, STEP_US) if oracle.bookable(t)]
    assert got == expected


@settings(max_examples=min(60, settings().max_examples), deadline=None)
@given(
    scenarios(),
    st.sampled_from([UTC, NY, ZoneInfo("Asia/Tokyo"), dt.timezone(dt.timedelta(hours=-3))]),
)
def test_same_instants_in_other_zones_give_the_same_slot(
    case: dict[str, object], other: dt.tzinfo
) -> None:
    moved = dict(case)
    for key in ("after", "before", "now"):
        moved[key] = case[key].astimezone(other)  # type: ignore[attr-defined]
    calendar: Calendar = case["calendar"]  # type: ignore[assignment]
    moved["calendar"] = Calendar(
        [Appointment(id=a.id, start=a.start.astimezone(other), end=a.end.astimezone(other),
                     resources=a.resources, status=a.status, buffer_before=a.buffer_before,
                     buffer_after=a.buffer_after) for a in calendar]
    )  # fmt: skip
    assert _earliest(moved) == _earliest(case)


# -- examples ---------------------------------------------------------------------

NINE_TO_FIVE = WeeklyHours(days=range(7), start=dt.time(9), end=dt.time(17))


def ny(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=NY)  # type: ignore[misc]


def clinic(**kwargs: object) -> Availability:
    settings_ = {"timezone": "America/New_York", "resources": REGISTERED,
                 "hours": (Hours(timezone="America/New_York", weekly=(NINE_TO_FIVE,)),)}  # fmt: skip
    settings_.update(kwargs)
    return Availability(**settings_)  # type: ignore[arg-type]


def visit(*requires: Requirement, minutes: int = 30, **kwargs: object) -> SlotRequest:
    kind = AppointmentType(
        code="v", duration=dt.timedelta(minutes=minutes), requires=requires, **kwargs
    )  # type: ignore[arg-type]
    return SlotRequest(type=kind)


def book(
    aid: str, start: dt.datetime, minutes: int, *resources: Resource, **kwargs: object
) -> Appointment:
    return Appointment(id=aid, start=start, end=start + dt.timedelta(minutes=minutes),
                       resources=resources, **kwargs)  # type: ignore[arg-type]  # fmt: skip


PROVIDER = Requirement(kind="provider", any_of=("p2", "p1"))
ROOM = Requirement(kind="room", any_of="r1")


def test_nine_local_on_both_sides_of_dst() -> None:
    req = visit(Requirement(kind="provider", any_of="p1"))
    for after in (ny(2025, 3, 8, 18), ny(2025, 3, 9, 18), ny(2025, 11, 1, 18), ny(2025, 11, 2, 18)):
        slot = earliest_slot(req, Calendar(), clinic(), after=after)
        assert slot is not None
        assert slot.start.astimezone(NY).time() == dt.time(9)


def test_alternatives_provider_room_and_equipment_together() -> None:
    cal = Calendar([
        book("a", ny(2025, 1, 6, 9), 60, P[1]),  # p2 busy 9-10
        book("b", ny(2025, 1, 6, 9), 30, R1),  # room busy 9-9:30
        book("c", ny(2025, 1, 6, 9, 30), 60, E1),  # equipment busy 9:30-10:30
    ])  # fmt: skip
    req = visit(PROVIDER, ROOM, Requirement(kind="equipment"), minutes=20)
    slot = earliest_slot(req, cal, clinic(), after=ny(2025, 1, 6, 8))
    assert slot is not None
    assert slot.start == ny(2025, 1, 6, 10, 30)
    assert slot.resources == ("e1", "p2", "r1")  # p2 comes first in any_of and is free again
    slot = earliest_slot(visit(PROVIDER, ROOM, minutes=20), cal, clinic(), after=ny(2025, 1, 6, 8))
    assert slot is not None
    assert (slot.start, slot.resources) == (ny(2025, 1, 6, 9, 30), ("p1", "r1"))


def test_minimum_notice_in_hours_and_days_and_horizon() -> None:
    req = visit(PROVIDER)
    slot = earliest_slot(
        req, Calendar(), clinic(minimum_notice=dt.timedelta(hours=3)), after=ny(2025, 1, 6, 10)
    )
    assert slot is not None
    assert slot.start == ny(2025, 1, 6, 13)
    slot = earliest_slot(req, Calendar(), clinic(notice_days=2), after=ny(2025, 1, 6, 10))
    assert slot is not None
    assert slot.start == ny(2025, 1, 8, 9)
    av = clinic(horizon=dt.timedelta(hours=5))
    assert earliest_slot(req, Calendar(), av, after=ny(2025, 1, 6, 18)) is None
    reasons = explain(req, ny(2025, 1, 7, 9), Calendar(), av, now=ny(2025, 1, 6, 18))
    assert reasons == (BeyondHorizon(latest=ny(2025, 1, 6, 23)),)
    assert str(reasons[0]) == "too far ahead: the latest start is 2025-01-06 23:00 EST"
    reasons = explain(
        req, ny(2025, 1, 6, 10), Calendar(), clinic(notice_days=1), now=ny(2025, 1, 6, 9)
    )
    assert reasons == (MinimumNotice(earliest=ny(2025, 1, 7)),)


def test_daily_cap_moves_to_the_next_day() -> None:
    hours = Hours(resource="p1", timezone="America/New_York", weekly=(NINE_TO_FIVE,), daily_cap=2)
    av = clinic(hours=(hours,))
    cal = Calendar(
        [book("a", ny(2025, 1, 6, 9), 30, P[0]), book("b", ny(2025, 1, 6, 10), 30, P[0])]
    )
    req = visit(Requirement(kind="provider", any_of="p1"))
    slot = earliest_slot(req, cal, av, after=ny(2025, 1, 6, 8))
    assert slot is not None
    assert slot.start == ny(2025, 1, 7, 9)
    assert explain(req, ny(2025, 1, 6, 11), cal, av) == (
        DailyCap(resource="p1", date=dt.date(2025, 1, 6), limit=2, count=2),
    )


def test_blocks_overrides_breaks_and_busy_reasons() -> None:
    hours = Hours(
        resource="p1", timezone="America/New_York", weekly=(NINE_TO_FIVE,),
        breaks=(Break(days=range(7), start=dt.time(12), end=dt.time(13), reason="lunch"),),
        overrides=(DateOverride(date=dt.date(2025, 12, 25), reason="holiday"),),
        blocks=(Block(start=ny(2025, 1, 6, 14), end=ny(2025, 1, 6, 16), reason="out of office"),),
    )  # fmt: skip
    av = clinic(hours=(hours,))
    cal = Calendar(
        [book("a", ny(2025, 1, 6, 9), 30, P[0], PAT, buffer_after=dt.timedelta(minutes=10))]
    )
    req = SlotRequest(type=visit(Requirement(kind="provider", any_of="p1")).type, patient=PAT)
    (busy_p1, busy_pat) = explain(req, ny(2025, 1, 6, 9, 35), cal, av)
    assert isinstance(busy_p1, ResourceBusy)
    assert busy_p1.buffer
    assert busy_pat.patient  # type: ignore[union-attr]
    assert str(busy_pat).startswith("the patient is set-up or clean-up time")
    assert "pat" not in str(busy_pat).replace("patient", "")
    assert [type(r) for r in explain(req, ny(2025, 1, 6, 12, 15), cal, av)] == [OnBreak]
    assert [type(r) for r in explain(req, ny(2025, 1, 6, 15), cal, av)] == [Blocked]
    assert [type(r) for r in explain(req, ny(2025, 1, 6, 16, 45), cal, av)] == [OutsideHours]
    assert [type(r) for r in explain(req, ny(2025, 12, 25, 10), cal, av)] == [DateClosed]
    slot = earliest_slot(req, cal, av, after=ny(2025, 1, 6, 9))
    assert slot is not None
    assert slot.start == ny(2025, 1, 6, 9, 40)


def test_alternatives_report_every_candidate() -> None:
    cal = Calendar([book("a", ny(2025, 1, 6, 9), 60, P[0]), book("b", ny(2025, 1, 6, 9), 60, P[1])])
    reasons = explain(visit(PROVIDER), ny(2025, 1, 6, 9), cal, clinic())
    assert [(r.resource, r.appointment) for r in reasons] == [("p2", "b"), ("p1", "a")]  # type: ignore[union-attr]
    assert explain(visit(PROVIDER), ny(2025, 1, 6, 9), cal.cancel("b").calendar, clinic()) == ()


def test_nonexistent_local_time_and_no_qualified_resource() -> None:
    req = visit(PROVIDER)
    gap = explain(req, dt.datetime(2025, 3, 9, 2, 30, tzinfo=NY), Calendar(), clinic())
    assert gap == (NonexistentLocalTime(local="2025-03-09T02:30:00", zone="America/New_York"),)
    need = Requirement(kind="equipment", count=2)
    assert earliest_slot(visit(need), Calendar(), clinic(), after=ny(2025, 1, 6)) is None
    assert list(open_slots(visit(need), Calendar(), clinic(), after=ny(2025, 1, 6))) == []
    reasons = explain(visit(need), ny(2025, 1, 6, 10), Calendar(), clinic())
    assert reasons == (NoQualifiedResource(requirement=need, available=1),)
    wrong = Requirement(kind="provider", any_of=("r1",))  # registered as a room
    assert explain(visit(wrong), ny(2025, 1, 6, 10), Calendar(), clinic())[0].available == 0  # type: ignore[union-attr]


def test_capacity_two_room() -> None:
    cal = Calendar([book("a", ny(2025, 1, 6, 9), 60, R2), book("b", ny(2025, 1, 6, 9, 30), 60, R2)])
    req = visit(Requirement(kind="room", any_of="r2"))
    slot = earliest_slot(req, cal, clinic(), after=ny(2025, 1, 6, 9))
    assert slot is not None
    assert slot.start == ny(2025, 1, 6, 9)  # one booking then: below capacity
    slot = earliest_slot(req, cal, clinic(), after=ny(2025, 1, 6, 9, 5))
    assert slot is not None
    assert slot.start == ny(2025, 1, 6, 10)  # 9:30-10:00 holds two
    reasons = explain(req, ny(2025, 1, 6, 9, 45), cal, clinic())
    assert {r.appointment for r in reasons} == {"a", "b"}  # type: ignore[union-attr]


def test_fixed_resources_fill_requirements_and_distinct_choices() -> None:
    fixed = SlotRequest(type=visit(Requirement(kind="provider")).type, resources=(P[2],))
    slot = earliest_slot(
        fixed, Calendar([book("a", ny(2025, 1, 6, 9), 60, P[2])]), clinic(), after=ny(2025, 1, 6, 9)
    )
    assert slot is not None
    assert (slot.start, slot.resources) == (ny(2025, 1, 6, 10), ("p3",))
    # Two staff requirements over the same people must take two different ones.
    two = visit(
        Requirement(kind="provider", any_of=("p1", "p2")), Requirement(kind="provider", any_of="p1")
    )
    slot = earliest_slot(
        two, Calendar([book("a", ny(2025, 1, 6, 9), 60, P[1])]), clinic(), after=ny(2025, 1, 6, 9)
    )
    assert slot is not None
    assert (slot.start, slot.resources) == (ny(2025, 1, 6, 10), ("p1", "p2"))
    extra = SlotRequest(type=visit(PROVIDER).type, resources=(E1,))
    slot = earliest_slot(
        extra, Calendar([book("a", ny(2025, 1, 6, 9), 60, E1)]), clinic(), after=ny(2025, 1, 6, 9)
    )
    assert slot is not None
    assert (slot.start, slot.resources) == (ny(2025, 1, 6, 10), ("e1", "p2"))


def test_open_slots_grid_skips_the_gap_and_repeats_the_fold() -> None:
    av = Availability(timezone="America/New_York", resources=(R1,))
    req = visit(ROOM, minutes=30)
    spring = [
        s.start
        for s in itertools.islice(
            open_slots(req, Calendar(), av, after=ny(2025, 3, 9, 1), step=dt.timedelta(hours=1)), 3
        )
    ]
    assert [s.astimezone(NY).strftime("%H:%M%z") for s in spring] == [
        "01:00-0500",
        "03:00-0400",
        "04:00-0400",
    ]
    fall = [
        s.start
        for s in itertools.islice(
            open_slots(req, Calendar(), av, after=ny(2025, 11, 2, 0), step=dt.timedelta(hours=1)), 4
        )
    ]
    assert [s.astimezone(NY).strftime("%H:%M%z") for s in fall] == [
        "00:00-0400",
        "01:00-0400",
        "01:00-0500",
        "02:00-0500",
    ]
    with pytest.raises(ValueError, match="step"):
        open_slots(req, Calendar(), av, after=ny(2025, 1, 6), step=dt.timedelta(0))
    with pytest.raises(ValueError, match="after"):
        earliest_slot(req, Calendar(), av, after=dt.datetime(2025, 1, 6))


def test_no_hours_default_search_is_bounded() -> None:
    closed = Availability(timezone="UTC", resources=(R1,), hours=(Hours(timezone="UTC"),))
    assert earliest_slot(visit(ROOM), Calendar(), closed, after=ny(2025, 1, 6)) is None
    # A calendar without get(): buffers cannot be told apart, reported as visits.

    class Bare:
        def busy(self, rid: str, lo: int, hi: int) -> tuple[tuple[int, int, str], ...]:
            return ((lo, hi, "x"),) if rid == "r1" else ()

        def count_starts(self, rid: str, lo: int, hi: int) -> int:
            return 0

    reasons = explain(visit(ROOM), ny(2025, 1, 6, 10), Bare(), clinic())
    assert [r.buffer for r in reasons] == [False]  # type: ignore[union-attr]


# -- the fast paths ---------------------------------------------------------------


def test_trusted_slot_equals_a_validated_one() -> None:
    from medoffice.scheduling import Slot
    from medoffice.scheduling._slots import _slot

    request = SlotRequest(type=visit(PROVIDER).type, patient=PAT)
    t = 1_741_600_800_000_000
    got = _slot(t, ["p1", "pat", "r1"], request)
    want = Slot(start=dt.datetime(2025, 3, 10, 10, tzinfo=dt.UTC),
                end=dt.datetime(2025, 3, 10, 10, 30, tzinfo=dt.UTC), resources=("p1", "r1"))  # fmt: skip
    assert got == want
    assert repr(got) == repr(want)
    assert hash(got) == hash(want)


def test_identity_memo_is_bounded_and_keyed_by_the_very_value() -> None:
    from medoffice.scheduling._hours import IdentityMemo

    calls: list[object] = []

    def record(value: object) -> int:
        calls.append(value)
        return len(calls)

    memo = IdentityMemo(record, maxsize=2)
    a, b, c = Hours(timezone="UTC"), Hours(timezone="UTC"), Hours(timezone="UTC")
    assert (memo(a), memo(a), memo(b)) == (1, 1, 2)  # equal but distinct: its own entry
    assert memo(c) == 3
    assert len(memo) == 1  # emptied when full, then c
    assert memo(a) == 4


def test_a_resource_two_requirements_share_is_not_booked_twice() -> None:
    shared = (Requirement(kind="provider", any_of=("p1", "p2")),
              Requirement(kind="provider", any_of=("p1", "p3")))  # fmt: skip
    request = visit(*shared)
    cal = Calendar([book("a", ny(2025, 3, 10, 9), 60, P[2])])
    slot = earliest_slot(request, cal, clinic(), after=ny(2025, 3, 10, 9))
    assert slot is not None
    assert slot.start == ny(2025, 3, 10, 9)
    assert slot.resources == ("p1", "p2")


def test_a_window_filled_to_its_end_moves_to_the_next_day() -> None:
    only = Requirement(kind="provider", any_of="p1")
    cal = Calendar([book("a", ny(2025, 3, 10, 9), 465, P[0])])  # 09:00-16:45
    slot = earliest_slot(visit(only), cal, clinic(), after=ny(2025, 3, 10, 8))
    assert slot is not None
    assert slot.start == ny(2025, 3, 11, 9)
