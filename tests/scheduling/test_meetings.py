"""Staff meetings: ``common_free_time`` against a brute-force grid oracle, DST, errors."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice import serialization
from medoffice.scheduling._meetings import (
    Attendee,
    MeetingTime,
    _closed_spans,
    _intersect,
    _subtract,
    attendees_from,
    common_free_time,
)
from medoffice.scheduling._model import Availability, Block, Break, DateOverride, Hours, WeeklyHours
from medoffice.scheduling._time import to_us
from medoffice.strategies import attendees, meeting_times

UTC = dt.UTC
NY = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")
SYDNEY = ZoneInfo("Australia/Sydney")
HOUR = dt.timedelta(hours=1)
GRID = dt.timedelta(minutes=15)
GRID_US = GRID // dt.timedelta(microseconds=1)
ZONES = ("America/New_York", "Europe/London", "Australia/Sydney", "UTC", "Asia/Kolkata")
#: UTC midnights a day or two before DST changes in New York, London and Sydney.
BASES = tuple(
    dt.datetime(*ymd, tzinfo=UTC)
    for ymd in (
        (2025, 3, 8),
        (2025, 3, 29),
        (2025, 4, 5),
        (2025, 10, 4),
        (2025, 10, 25),
        (2025, 11, 1),
        (2025, 6, 2),
    )
)


def at(day: int, hour: int, minute: int = 0, tz: dt.tzinfo = UTC) -> dt.datetime:
    return dt.datetime(2025, 1, day, hour, minute, tzinfo=tz)


def nine_to_five(tz: str, start: int = 9, end: int = 17) -> Hours:
    return Hours(
        timezone=tz, weekly=(WeeklyHours(days=range(5), start=dt.time(start), end=dt.time(end)),)
    )


def spans(found: tuple[MeetingTime, ...]) -> list[tuple[dt.datetime, dt.datetime, tuple[str, ...]]]:
    return [(m.start.astimezone(UTC), m.end.astimezone(UTC), m.missing) for m in found]


# -- the oracle: who is free in each 15-minute cell, and every maximal run --------


def _clock(unit: int) -> dt.time:
    return dt.time(unit // 4, unit % 4 * 15)


def _works(hours: Hours | None, instant: dt.datetime) -> bool:
    """Wall-clock reading of the hours, one instant at a time (no windows built)."""
    if hours is None:
        return True
    local = instant.astimezone(hours.zone)
    day, clock = local.date(), local.time().replace(tzinfo=None)
    overrides = [o for o in hours.overrides if o.date == day]
    if overrides:
        inside = any(s <= clock < e for o in overrides for s, e in o.windows)
    else:
        inside = any(day.weekday() in w.days and w.start <= clock < w.end for w in hours.weekly)
    on_break = any(day.weekday() in b.days and b.start <= clock < b.end for b in hours.breaks)
    blocked = any(b.start <= instant < b.end for b in hours.blocks)
    return inside and not on_break and not blocked


def _free(person: Attendee, instant: dt.datetime) -> bool:
    return _works(person.hours, instant) and not any(s <= instant < e for s, e in person.busy)


def oracle(  # noqa: PLR0917  # called with the problem's keywords
    people: list[Attendee],
    start: dt.datetime,
    cells: int,
    duration: dt.timedelta,
    required: tuple[str, ...],
    optional: tuple[str, ...],
) -> list[tuple[int, int, tuple[str, ...], tuple[str, ...]]]:
    """Every maximal run of grid cells for the set of people free all along it."""
    by_id = {p.id: p for p in people}
    free = [
        {key for key in (*required, *optional) if _free(by_id[key], start + i * GRID)}
        for i in range(cells)
    ]
    need = set(required)
    found = set()
    for a in range(cells):
        if not need <= free[a]:
            continue
        present = set(optional) & free[a]
        for b in range(a, cells):
            if not need <= free[b]:
                break
            present &= free[b]
            group = need | present
            right = b + 1 == cells or not group <= free[b + 1]
            left = a == 0 or not group <= free[a - 1]
            if right and left and (b + 1 - a) * GRID >= duration:
                found.add((a, b + 1, frozenset(present)))
    base = to_us(start)
    out = [
        (
            base + a * GRID_US,
            base + b * GRID_US,
            tuple(sorted(need | present)),
            tuple(sorted(set(optional) - present)),
        )
        for a, b, present in found
    ]
    out.sort(key=lambda r: (len(r[3]), r[0], -r[1]))
    return out


def as_rows(
    found: tuple[MeetingTime, ...],
) -> list[tuple[int, int, tuple[str, ...], tuple[str, ...]]]:
    return [(to_us(m.start), to_us(m.end), m.attendees, m.missing) for m in found]


# -- Hypothesis inputs on the grid ------------------------------------------------

_days = st.frozensets(st.integers(0, 6), min_size=1)


@st.composite
def _window_times(draw: st.DrawFn) -> tuple[dt.time, dt.time]:
    # 05:00 to 23:45 local: clear of every DST change (01:00-03:00).
    start = draw(st.integers(20, 94))
    end = draw(st.integers(start + 1, 95))
    return _clock(start), _clock(end)


@st.composite
def grid_hours(draw: st.DrawFn, base: dt.datetime, cells: int) -> Hours:
    tz = draw(st.sampled_from(ZONES))
    weekly = []
    for _ in range(draw(st.integers(0, 2))):
        start, end = draw(_window_times())
        weekly.append(WeeklyHours(days=draw(_days), start=start, end=end))
    pauses = []
    for _ in range(draw(st.integers(0, 1))):
        start, end = draw(_window_times())
        pauses.append(Break(days=draw(_days), start=start, end=end))
    first = base.astimezone(ZoneInfo(tz)).date()
    dates = draw(st.sets(st.integers(-1, 3), max_size=2))
    overrides = [
        DateOverride(
            date=first + dt.timedelta(days=d),
            windows=draw(st.lists(_window_times(), max_size=1)),
        )
        for d in sorted(dates)
    ]
    blocks = []
    for _ in range(draw(st.integers(0, 1))):
        a = draw(st.integers(-4, cells))
        b = draw(st.integers(a + 1, cells + 8))
        blocks.append(Block(start=base + a * GRID, end=base + b * GRID))
    return Hours(timezone=tz, weekly=weekly, breaks=pauses, overrides=overrides, blocks=blocks)


@st.composite
def meeting_problems(draw: st.DrawFn, max_cells: int = 2 * 96) -> dict[str, object]:
    base = draw(st.sampled_from(BASES)) + draw(st.integers(0, 40)) * GRID
    cells = draw(st.integers(1, max_cells))
    count = draw(st.integers(1, 5))
    people = []
    for i in range(count):
        hours = draw(st.none() | grid_hours(base, cells))
        busy = []
        for _ in range(draw(st.integers(0, 5))):
            a = draw(st.integers(-4, cells + 2))
            b = draw(st.integers(a, a + 40))
            zone = ZoneInfo(draw(st.sampled_from(ZONES)))
            busy.append(((base + a * GRID).astimezone(zone), (base + b * GRID).astimezone(zone)))
        people.append(Attendee(id=f"p{i}", hours=hours, busy=tuple(busy)))
    ids = [p.id for p in people]
    roles = draw(
        st.lists(
            st.sampled_from(("required", "optional", "absent")), min_size=count, max_size=count
        )
    )
    required = tuple(key for key, role in zip(ids, roles, strict=True) if role == "required")
    if not required:
        required = (ids[0],)
    optional = tuple(
        key
        for key, role in zip(ids, roles, strict=True)
        if role == "optional" and key not in required
    )
    duration = dt.timedelta(minutes=draw(st.integers(1, 4 * 60)))
    return {
        "people": people,
        "start": base,
        "cells": cells,
        "duration": duration,
        "required": required,
        "optional": optional,
    }


def solve(problem: dict[str, object], **kwargs: object) -> tuple[MeetingTime, ...]:
    start = problem["start"]
    assert isinstance(start, dt.datetime)
    cells = problem["cells"]
    assert isinstance(cells, int)
    return common_free_time(
        problem["people"],  # type: ignore[arg-type]
        # Add in UTC: adding to a local datetime is wall-clock arithmetic (DST).
        (start, (start.astimezone(UTC) + cells * GRID).astimezone(start.tzinfo)),
        duration=problem["duration"],  # type: ignore[arg-type]
        required=problem["required"],  # type: ignore[arg-type]
        optional=problem["optional"],  # type: ignore[arg-type]
        **kwargs,  # type: ignore[arg-type]
    )


# -- properties -------------------------------------------------------------------


@settings(max_examples=min(150, settings().max_examples))
@given(meeting_problems())
def test_equals_the_grid_oracle(problem: dict[str, object]) -> None:
    expected = oracle(**problem)  # type: ignore[arg-type]
    assert as_rows(solve(problem)) == expected


@settings(max_examples=min(60, settings().max_examples))
@given(meeting_problems(max_cells=48), st.integers(1, 6))
def test_limit_keeps_the_best(problem: dict[str, object], limit: int) -> None:
    everything = solve(problem)
    assert solve(problem, limit=limit) == everything[:limit]


@settings(max_examples=min(60, settings().max_examples))
@given(meeting_problems(max_cells=96), st.sampled_from(ZONES))
def test_the_same_instants_in_another_zone_give_the_same_answer(
    problem: dict[str, object], name: str
) -> None:
    tz = ZoneInfo(name)
    start = problem["start"]
    assert isinstance(start, dt.datetime)
    moved = dict(problem, start=start.astimezone(tz))
    here, there = solve(problem), solve(moved)
    assert as_rows(here) == as_rows(there)
    assert all(m.start.tzinfo is UTC and m.end.tzinfo is UTC for m in there)


@settings(max_examples=min(60, settings().max_examples))
@given(meeting_problems(max_cells=96))
def test_results_are_well_formed(problem: dict[str, object]) -> None:
    duration = problem["duration"]
    assert isinstance(duration, dt.timedelta)
    required = set(problem["required"])  # type: ignore[call-overload]
    optional = set(problem["optional"])  # type: ignore[call-overload]
    found = solve(problem)
    for m in found:
        assert m.duration >= duration
        assert required <= set(m.attendees)
        assert set(m.attendees) | set(m.missing) == required | optional
        assert not set(m.attendees) & set(m.missing)
    keys = [(len(m.missing), to_us(m.start), -to_us(m.end)) for m in found]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)


# -- interval algebra against sets of cells ---------------------------------------

_cells = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 12)), max_size=8).map(
    lambda pairs: sorted((a, a + n) for a, n in pairs)
)


def _points(spans: list[tuple[int, int]]) -> set[int]:
    return {x for s, e in spans for x in range(s, e)}


def _canonical(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    points = sorted(_points(spans))
    out: list[tuple[int, int]] = []
    for x in points:
        if out and out[-1][1] == x:
            out[-1] = (out[-1][0], x + 1)
        else:
            out.append((x, x + 1))
    return out


@given(_cells, _cells)
def test_union_intersection_and_difference_match_sets(
    left: list[tuple[int, int]], right: list[tuple[int, int]]
) -> None:
    a, b = _canonical(left), _canonical(right)
    both = _intersect(a, b)
    rest = _subtract(a, b)
    assert _points(both) == _points(a) & _points(b)
    assert _points(rest) == _points(a) - _points(b)
    # Sorted, non-empty, neither overlapping nor touching.
    assert both == _canonical(both)
    assert rest == _canonical(rest)


@given(st.lists(st.integers(0, 7), min_size=1, max_size=12))
def test_closed_spans_match_brute_force(masks: list[int]) -> None:
    starts = list(range(len(masks)))
    ends = [s + 1 for s in starts]
    got = set(_closed_spans(starts, ends, masks, 3, 1))
    want = set()
    n = len(masks)
    for a in range(n):
        common = masks[a]
        for b in range(a, n):
            common &= masks[b]
            right = b + 1 == n or masks[b + 1] & common != common
            left = a == 0 or masks[a - 1] & common != common
            if left and right:
                want.add((a, b + 1, common))
    assert got == want


# -- worked examples --------------------------------------------------------------


def test_required_only_gives_the_gaps() -> None:
    a = Attendee(id="a", busy=((at(6, 10), at(6, 11)),))
    b = Attendee(id="b", busy=((at(6, 10, 30), at(6, 12)), (at(6, 13), at(6, 13))))
    found = common_free_time((a, b), (at(6, 9), at(6, 14)), duration=HOUR, required=("a", "b"))
    assert spans(found) == [(at(6, 9), at(6, 10), ()), (at(6, 12), at(6, 14), ())]
    assert all(m.attendees == ("a", "b") for m in found)


def test_no_common_time_is_empty() -> None:
    a = Attendee(id="a", hours=nine_to_five("Europe/London"))
    b = Attendee(id="b", hours=nine_to_five("Australia/Sydney"))
    window = (at(6, 0), at(11, 0))
    assert common_free_time((a, b), window, duration=HOUR, required=("a", "b")) == ()
    # Each alone has time, so the emptiness is the intersection's.
    assert common_free_time((a, b), window, duration=HOUR, required=("a",))
    assert common_free_time((a, b), window, duration=HOUR, required=("b",))


def test_optional_attendees_rank_fewest_missing_first() -> None:
    lead = Attendee(id="lead")
    x = Attendee(id="x", busy=((at(6, 10), at(6, 11)),))
    y = Attendee(id="y", busy=((at(6, 9), at(6, 10)), (at(6, 11, 30), at(6, 12))))
    found = common_free_time(
        (lead, x, y),
        (at(6, 9), at(6, 12)),
        duration=dt.timedelta(minutes=30),
        required=("lead",),
        optional=("x", "y"),
    )
    assert spans(found) == [
        (at(6, 11), at(6, 11, 30), ()),
        (at(6, 9), at(6, 10), ("y",)),
        (at(6, 10), at(6, 11, 30), ("x",)),
        (at(6, 11), at(6, 12), ("y",)),
        (at(6, 9), at(6, 12), ("x", "y")),
    ]
    assert found[0].attendees == ("lead", "x", "y")
    assert found[-1].attendees == ("lead",)
    # A two-hour meeting only fits if both optional attendees miss it.
    long = common_free_time(
        (lead, x, y),
        (at(6, 9), at(6, 12)),
        duration=2 * HOUR,
        required=("lead",),
        optional=("x", "y"),
    )
    assert spans(long) == [(at(6, 9), at(6, 12), ("x", "y"))]


def test_unlisted_attendees_are_ignored_and_ids_may_repeat() -> None:
    a = Attendee(id="a")
    busy = Attendee(id="busy", busy=((at(6, 0), at(7, 0)),))
    found = common_free_time((a, busy), (at(6, 9), at(6, 10)), duration=HOUR, required=("a", "a"))
    assert spans(found) == [(at(6, 9), at(6, 10), ())]


def test_three_offices_nine_to_five_each_in_their_own_zone() -> None:
    ny = Attendee(id="ny", hours=nine_to_five("America/New_York"))
    ldn = Attendee(id="ldn", hours=nine_to_five("Europe/London"))
    syd = Attendee(id="syd", hours=nine_to_five("Australia/Sydney"))
    people = (ny, ldn, syd)
    monday = (at(6, 0), at(7, 0))
    # Everyone required: New York and London share 14:00-17:00 UTC, Sydney none of it.
    assert common_free_time(people, monday, duration=HOUR, required=("ny", "ldn", "syd")) == ()
    found = common_free_time(
        people, monday, duration=HOUR, required=("ny",), optional=("ldn", "syd")
    )
    assert spans(found) == [
        (at(6, 14), at(6, 17), ("syd",)),
        (at(6, 14), at(6, 22), ("ldn", "syd")),
    ]
    # Sydney's Tuesday starts at 22:00 UTC on Monday: touching New York's end, no overlap.
    tuesday_sydney = common_free_time(
        people, (at(6, 0), at(8, 0)), duration=dt.timedelta(minutes=1), required=("ny", "syd")
    )
    assert tuesday_sydney == ()


def _monday(month: int, day: int) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime(2025, month, day, tzinfo=UTC)
    return start, start + dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("month", "day", "common"),
    [
        (3, 3, (14, 17)),  # New York EST (UTC-5), London GMT
        (3, 10, (13, 17)),  # New York has sprung forward (EDT), London not yet
        (3, 31, (13, 16)),  # both on summer time
        (10, 27, (13, 17)),  # London back on GMT (26 October), New York still on EDT
        (11, 3, (14, 17)),  # both back on standard time
    ],
)
def test_dst_weeks_keep_nine_local(month: int, day: int, common: tuple[int, int]) -> None:
    ny = Attendee(id="ny", hours=nine_to_five("America/New_York"))
    ldn = Attendee(id="ldn", hours=nine_to_five("Europe/London"))
    found = common_free_time((ny, ldn), _monday(month, day), duration=HOUR, required=("ny", "ldn"))
    start, _ = _monday(month, day)
    assert [(m.start - start, m.end - start) for m in found] == [
        (common[0] * HOUR, common[1] * HOUR)
    ]
    for m in found:
        assert m.start.astimezone(NY).hour == 9 or m.start.astimezone(LONDON).hour == 9


@pytest.mark.parametrize(
    ("month", "day", "common"),
    [
        (3, 31, (19, 21)),  # Sydney still on AEDT (UTC+11): its 06:00 Tuesday is 19:00Z Monday
        (4, 7, (20, 21)),  # Sydney fell back on 6 April (AEST, UTC+10)
    ],
)
def test_sydney_change_moves_the_overlap(month: int, day: int, common: tuple[int, int]) -> None:
    ny = Attendee(id="ny", hours=nine_to_five("America/New_York"))
    syd = Attendee(id="syd", hours=nine_to_five("Australia/Sydney", start=6))
    start, end = _monday(month, day)
    found = common_free_time((ny, syd), (start, end), duration=HOUR, required=("ny", "syd"))
    assert [(m.start - start, m.end - start) for m in found] == [
        (common[0] * HOUR, common[1] * HOUR)
    ]
    assert found[0].end.astimezone(NY).hour == 17
    assert found[0].start.astimezone(SYDNEY).hour == 6


# -- values, errors, calendars ----------------------------------------------------


def test_attendee_keeps_busy_in_utc_and_equality_is_fold_safe() -> None:
    first = dt.datetime(2025, 11, 2, 1, 30, tzinfo=NY)
    second = dt.datetime(2025, 11, 2, 1, 30, fold=1, tzinfo=NY)
    early = Attendee(id="a", busy=[[first, first + HOUR]])
    late = Attendee(id="a", busy=[(second, second + HOUR)])
    assert early.busy[0][0] == dt.datetime(2025, 11, 2, 5, 30, tzinfo=UTC)
    assert late.busy[0][0] == dt.datetime(2025, 11, 2, 6, 30, tzinfo=UTC)
    assert early != late
    assert attrs.evolve(early, id="b").busy == early.busy
    assert "busy_us" not in repr(early)


def test_meeting_time_keeps_instants_in_utc() -> None:
    m = MeetingTime(start=at(6, 9, tz=SYDNEY), end=at(6, 10, tz=SYDNEY), attendees=["a"])
    assert m.start == at(5, 22)
    assert m.start.tzinfo is UTC
    assert m.missing == ()
    assert m.attendees == ("a",)


@settings(max_examples=min(50, settings().max_examples))
@given(attendees())
def test_attendees_round_trip_through_plain_data(person: Attendee) -> None:
    assert serialization.from_dict(serialization.to_dict(person), Attendee) == person


@settings(max_examples=min(50, settings().max_examples))
@given(meeting_times())
def test_meeting_times_round_trip_through_plain_data(meeting: MeetingTime) -> None:
    data = serialization.to_dict(meeting)
    assert serialization.from_dict(data, MeetingTime) == meeting
    assert meeting.duration > dt.timedelta(0)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"id": ""}, ValueError, "id: must be a non-empty identifier"),
        ({"id": 7}, TypeError, "id: must be a string"),
        ({"hours": "9-5"}, TypeError, "hours: must be Hours or None"),
        ({"busy": [(at(6, 9),)]}, TypeError, "busy: each interval is a (start, end) pair"),
        ({"busy": ["ab"]}, TypeError, "busy: each interval is a (start, end) pair"),
        ({"busy": [(dt.datetime(2025, 1, 6), at(6, 9))]}, ValueError, "busy: naive datetimes"),
        (
            {"busy": [(at(6, 9), at(6, 8))]},
            ValueError,
            "busy: an interval's end must not be before",
        ),
    ],
)
def test_attendee_errors_name_the_field(
    kwargs: dict[str, object], error: type, message: str
) -> None:
    with pytest.raises(error) as info:
        Attendee(**{"id": "a", **kwargs})  # type: ignore[arg-type]
    assert message in str(info.value)


def test_meeting_time_errors() -> None:
    with pytest.raises(ValueError, match="end: must be after start"):
        MeetingTime(start=at(6, 9), end=at(6, 9), attendees=("a",))
    with pytest.raises(ValueError, match="start: naive"):
        MeetingTime(start=dt.datetime(2025, 1, 6), end=at(6, 9), attendees=("a",))


A = Attendee(id="a")
B = Attendee(id="b")
DAY = (at(6, 0), at(7, 0))


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "message"),
    [
        ((A, DAY), {}, TypeError, "attendees: must be a collection"),
        (((A, "b"), DAY), {}, TypeError, "attendees: every item must be an Attendee"),
        (((A, A), DAY), {}, ValueError, "attendees: 'a' is listed twice"),
        (((A,), DAY), {"duration": 30}, TypeError, "duration: must be a timedelta"),
        (((A,), DAY), {"duration": dt.timedelta(0)}, ValueError, "duration: must be longer"),
        (
            ((A,), DAY),
            {"required": "a"},
            TypeError,
            "required: must be a collection of attendee ids",
        ),
        (((A,), DAY), {"required": 5}, TypeError, "required: must be a collection"),
        (((A,), DAY), {"required": (5,)}, TypeError, "required: attendee ids are strings"),
        (((A,), DAY), {"required": ()}, ValueError, "required: name at least one attendee"),
        (
            ((A,), DAY),
            {"required": ("x",)},
            ValueError,
            "required: 'x' is not one of the attendees",
        ),
        (
            ((A,), DAY),
            {"optional": ("x",)},
            ValueError,
            "optional: 'x' is not one of the attendees",
        ),
        (((A, B), DAY), {"optional": ("b", "a")}, ValueError, "optional: 'a' is also required"),
        (((A,), DAY), {"limit": 0}, ValueError, "limit: must be at least 1"),
        (((A,), DAY), {"limit": True}, TypeError, "limit: must be an integer or None"),
        (((A,), DAY), {"limit": 1.5}, TypeError, "limit: must be an integer or None"),
        (((A,), (at(6, 0),)), {}, TypeError, "window: must be a (start, end) pair"),
        (((A,), at(6, 0)), {}, TypeError, "window: must be a (start, end) pair"),
        (((A,), (at(6, 1), at(6, 1))), {}, ValueError, "window: end must be after start"),
        (((A,), (dt.datetime(2025, 1, 6), at(6, 1))), {}, ValueError, "window: naive"),
    ],
)
def test_search_errors_name_the_field(
    args: tuple[object, ...], kwargs: dict[str, object], error: type, message: str
) -> None:
    options: dict[str, object] = {"duration": HOUR, "required": ("a",), **kwargs}
    with pytest.raises(error) as info:
        common_free_time(*args, **options)  # type: ignore[arg-type]
    assert message in str(info.value)


def test_attendees_from_a_calendar_and_the_clinic_hours() -> None:
    from medoffice.scheduling._calendar import Calendar
    from medoffice.scheduling._model import Appointment, Resource

    lee = Resource(id="dr-lee", kind="provider")
    kaur = Resource(id="dr-kaur", kind="provider")
    visit = Appointment(
        id="v1",
        start=at(6, 10),
        end=at(6, 10, 30),
        resources=(lee,),
        buffer_after=dt.timedelta(minutes=15),
    )
    late = Appointment(id="v2", start=at(7, 10), end=at(7, 11), resources=(lee, kaur))
    calendar = Calendar().add(visit).calendar.add(late).calendar
    clinic = nine_to_five("UTC")
    own = attrs.evolve(nine_to_five("Europe/London", 12, 17), resource="dr-kaur")
    availability = Availability(timezone="UTC", resources=(lee, kaur), hours=(clinic, own))
    window = (at(6, 0), at(7, 0))
    people = attendees_from(calendar, availability, ["dr-lee", "dr-kaur"], window)
    assert [p.id for p in people] == ["dr-lee", "dr-kaur"]
    assert people[0].busy == ((at(6, 10), at(6, 10, 45)),)
    assert people[0].hours == clinic
    assert people[1].hours == own
    assert people[1].busy == ()
    found = common_free_time(people, window, duration=HOUR, required=("dr-lee", "dr-kaur"))
    assert spans(found) == [(at(6, 12), at(6, 17), ())]
    with pytest.raises(TypeError, match="ids: must be a collection"):
        attendees_from(calendar, availability, "dr-lee", window)
