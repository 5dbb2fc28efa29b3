"""Batch conflict detection: the rules, the oracle, time zones, DST and bad input."""

from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.exceptions import ValidationFailed
from medoffice.scheduling._conflicts import (
    conflict_key,
    find_conflicts,
    overlap,
    overload_windows,
)
from medoffice.scheduling._model import (
    Appointment,
    Conflict,
    ConflictKind,
    ConflictPolicy,
    Level,
    Resource,
    Status,
)
from tests.scheduling._oracle import all_pairs_conflicts, overload_oracle
from tests.scheduling._strategies_conflicts import ZONES, calendars, policies, pool

UTC = dt.UTC
NY = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")
SYDNEY = ZoneInfo("Australia/Sydney")
MIN = dt.timedelta(minutes=1)
T0 = dt.datetime(2025, 1, 6, 9, tzinfo=UTC)
#: For properties that check many pairs per example: fewer examples under the ci profile.
HEAVY = settings(max_examples=min(60, settings().max_examples))
#: For the cheaper properties.
LIGHT = settings(max_examples=min(150, settings().max_examples))

DR_A = Resource(id="dr-a", kind="provider")
DR_B = Resource(id="dr-b", kind="provider")
ROOM = Resource(id="room-1", kind="room")
PATIENT = Resource(id="p-1", kind="patient", name="Ada Lovelace")
LAB = Resource(id="lab", kind="room", capacity=2)


def book(
    id: str,  # noqa: A002  # the field's name
    start: int | dt.datetime,
    end: int | dt.datetime,
    *resources: Resource,
    **kw: object,
) -> Appointment:
    """A booking; ints are minutes after ``T0``."""
    s = T0 + start * MIN if isinstance(start, int) else start
    e = T0 + end * MIN if isinstance(end, int) else end
    return Appointment(id=id, start=s, end=e, resources=resources, **kw)  # type: ignore[arg-type]


def in_zone(a: Appointment, zone: dt.tzinfo) -> Appointment:
    return Appointment(
        id=a.id,
        start=a.start.astimezone(zone),
        end=a.end.astimezone(zone),
        resources=a.resources,
        status=a.status,
        buffer_before=a.buffer_before,
        buffer_after=a.buffer_after,
    )


def summary(conflicts: tuple[Conflict, ...]) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    return [(c.kind.value, c.appointments, c.resources) for c in conflicts]


# -- the oracle ---------------------------------------------------------------------


@given(calendars(), policies())
@LIGHT
def test_matches_the_all_pairs_oracle(apps: list[Appointment], policy: ConflictPolicy) -> None:
    assert find_conflicts(apps, policy=policy) == all_pairs_conflicts(apps, policy)


@given(calendars(max_size=30), st.randoms(use_true_random=False))
@HEAVY
def test_larger_calendars_in_any_order_match_the_oracle(
    apps: list[Appointment], rnd: object
) -> None:
    expected = all_pairs_conflicts(apps)
    shuffled = list(apps)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert find_conflicts(iter(shuffled)) == expected


@given(calendars())
@HEAVY
def test_oracle_finds_the_pairs_the_rule_describes(apps: list[Appointment]) -> None:
    # A cross-check of the oracle itself, written from the words.
    found = {c.appointments for c in all_pairs_conflicts(apps) if c.kind is ConflictKind.OVERLAP}
    for a, b in itertools.combinations(apps, 2):
        active = all(x.status.holds_time and x.start != x.end for x in (a, b))
        meets = a.occupied_start < b.occupied_end and b.occupied_start < a.occupied_end
        shares = {r.id for r in a.resources if r.capacity == 1} & {
            r.id for r in b.resources if r.capacity == 1
        }
        assert (tuple(sorted((a.id, b.id))) in found) == bool(active and meets and shares)


@given(calendars(), policies())
@LIGHT
def test_result_invariants(apps: list[Appointment], policy: ConflictPolicy) -> None:
    result = find_conflicts(apps, policy=policy)
    assert list(result) == sorted(result, key=conflict_key)
    pairs = [c.appointments for c in result if c.kind is ConflictKind.OVERLAP]
    assert len(pairs) == len(set(pairs))
    by_id = {a.id: a for a in apps}
    for c in result:
        assert c.start < c.end
        assert c.start.utcoffset() == dt.timedelta(0)
        for key in c.appointments:
            a = by_id[key]
            assert a.holds_time
            assert a.occupied_start < c.end
            assert c.start < a.occupied_end
        if c.kind is ConflictKind.OVERLAP:
            assert (c.load, c.capacity, len(c.appointments)) == (2, 1, 2)
        else:
            assert c.load > c.capacity > 1
            assert len(c.appointments) >= c.load
        assert (c.severity is policy.buffer) or not c.buffer_only


@given(calendars(), policies())
@HEAVY
def test_overlap_is_the_pair_rule(apps: list[Appointment], policy: ConflictPolicy) -> None:
    expected = {
        c.appointments: c
        for c in all_pairs_conflicts(apps, policy)
        if c.kind is ConflictKind.OVERLAP
    }
    for a, b in itertools.combinations(apps, 2):
        got = overlap(a, b, policy)
        assert got == overlap(b, a, policy)
        assert got == expected.get(tuple(sorted((a.id, b.id))))


@given(calendars(resources=(LAB, DR_A, Resource(id="chairs", kind="equipment", capacity=3))))
@HEAVY
def test_overload_windows_is_the_overload_rule(apps: list[Appointment]) -> None:
    policy = ConflictPolicy(room="info", buffer="warn")
    for resource in (LAB, Resource(id="chairs", kind="equipment", capacity=3)):
        assert overload_windows(resource, apps, policy) == overload_oracle(resource, apps, policy)
    assert overload_windows(DR_A, apps, policy) == []


# -- time zones and DST -------------------------------------------------------------


@given(calendars(), st.sampled_from(ZONES))
@HEAVY
def test_time_zone_invariance(apps: list[Appointment], zone: dt.tzinfo) -> None:
    assert find_conflicts([in_zone(a, zone) for a in apps]) == find_conflicts(apps)


@pytest.mark.parametrize("zone", ZONES, ids=str)
def test_same_instants_in_another_zone_give_identical_conflicts(zone: dt.tzinfo) -> None:
    apps = [
        book("a", 0, 30, DR_A, PATIENT),
        book("b", 20, 50, DR_B, PATIENT, buffer_after=10 * MIN),
        book("c", 55, 70, DR_B),
        book("d", 0, 60, LAB),
        book("e", 10, 20, LAB),
        book("f", 15, 25, LAB),
    ]
    expected = find_conflicts(apps)
    assert len(expected) == 3
    assert find_conflicts([in_zone(a, zone) for a in apps]) == expected


def test_fall_back_repeated_half_hour_is_two_instants() -> None:
    def ny(hour: int, minute: int, fold: int = 0) -> dt.datetime:
        return dt.datetime(2025, 11, 2, hour, minute, fold=fold, tzinfo=NY)

    first = book("first", ny(1, 30), ny(1, 55), DR_A)  # EDT: 05:30Z-05:55Z
    second = book("second", ny(1, 30, fold=1), ny(1, 55, fold=1), DR_A)  # EST: 06:30Z-06:55Z
    assert second.span[0] - first.span[1] == 35 * 60_000_000
    assert find_conflicts([first, second]) == ()
    # A visit from 01:00 EDT to 01:15 EST spans the whole first pass.
    long = book("long", ny(1, 0), ny(1, 15, fold=1), DR_A)
    conflicts = find_conflicts([first, second, long])
    assert summary(conflicts) == [("overlap", ("first", "long"), ("dr-a",))]
    assert conflicts[0].start == dt.datetime(2025, 11, 2, 5, 30, tzinfo=UTC)
    assert conflicts[0].end == dt.datetime(2025, 11, 2, 5, 55, tzinfo=UTC)
    # Fold 1 against fold 1 overlaps.
    again = book("again", ny(1, 40, fold=1), ny(2, 0), DR_A)
    assert summary(find_conflicts([first, second, again])) == [
        ("overlap", ("again", "second"), ("dr-a",))
    ]


def test_spring_forward_gap() -> None:
    # 01:30 to 03:30 EDT on 2025-03-09 is one hour: 06:30Z to 07:30Z.
    across = book(
        "across",
        dt.datetime(2025, 3, 9, 1, 30, tzinfo=NY),
        dt.datetime(2025, 3, 9, 3, 30, tzinfo=NY),
        ROOM,
    )
    assert across.span[1] - across.span[0] == 3_600_000_000
    before = book(
        "before",
        dt.datetime(2025, 3, 9, 1, 0, tzinfo=NY),
        dt.datetime(2025, 3, 9, 1, 30, tzinfo=NY),
        ROOM,
    )
    after = book(
        "after",
        dt.datetime(2025, 3, 9, 3, 30, tzinfo=NY),
        dt.datetime(2025, 3, 9, 4, 0, tzinfo=NY),
        ROOM,
    )
    inside = book(
        "inside",
        dt.datetime(2025, 3, 9, 3, 0, tzinfo=NY),
        dt.datetime(2025, 3, 9, 3, 15, tzinfo=NY),
        ROOM,
    )
    conflicts = find_conflicts([across, before, after, inside])
    assert summary(conflicts) == [("overlap", ("across", "inside"), ("room-1",))]
    # A buffer that reaches back over the gap: 03:10 EDT minus 45 minutes is 01:25 EST.
    buffered = book(
        "buffered",
        dt.datetime(2025, 3, 9, 3, 10, tzinfo=NY),
        dt.datetime(2025, 3, 9, 3, 20, tzinfo=NY),
        DR_A,
        buffer_before=45 * MIN,
    )
    early = book(
        "early",
        dt.datetime(2025, 3, 9, 1, 0, tzinfo=NY),
        dt.datetime(2025, 3, 9, 1, 26, tzinfo=NY),
        DR_A,
    )
    (c,) = find_conflicts([buffered, early])
    assert c.buffer_only
    assert c.start == dt.datetime(2025, 3, 9, 6, 25, tzinfo=UTC)
    assert c.end == dt.datetime(2025, 3, 9, 6, 26, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "wall", "other"),
    [
        # London: 2025-03-30 01:00 GMT jumps to 02:00 BST; 2025-10-26 01:00-02:00 repeats.
        (LONDON, dt.datetime(2025, 10, 26, 1, 15), dt.datetime(2025, 10, 26, 1, 45)),
        # Sydney: 2025-04-06 03:00 AEDT falls back to 02:00 AEST; 02:00-03:00 repeats.
        (SYDNEY, dt.datetime(2025, 4, 6, 2, 15), dt.datetime(2025, 4, 6, 2, 45)),
    ],
)
def test_fall_back_in_other_zones(zone: ZoneInfo, wall: dt.datetime, other: dt.datetime) -> None:
    # [wall, other) in the first pass and again in the second pass do not clash.
    first = book("first", wall.replace(tzinfo=zone), other.replace(tzinfo=zone), DR_A)
    second = book(
        "second", wall.replace(tzinfo=zone, fold=1), other.replace(tzinfo=zone, fold=1), DR_A
    )
    assert first.span[1] < second.span[0]
    assert find_conflicts([first, second]) == ()
    # From the first pass to the second is an hour and a half: it meets both.
    span = book("span", wall.replace(tzinfo=zone), other.replace(tzinfo=zone, fold=1), DR_A)
    assert summary(find_conflicts([first, second, span])) == [
        ("overlap", ("first", "span"), ("dr-a",)),
        ("overlap", ("second", "span"), ("dr-a",)),
    ]


@pytest.mark.parametrize(
    ("zone", "start", "end", "minutes"),
    [
        (LONDON, dt.datetime(2025, 3, 30, 0, 30), dt.datetime(2025, 3, 30, 2, 30), 60),
        (SYDNEY, dt.datetime(2025, 10, 5, 1, 30), dt.datetime(2025, 10, 5, 3, 30), 60),
    ],
)
def test_spring_forward_in_other_zones(
    zone: ZoneInfo, start: dt.datetime, end: dt.datetime, minutes: int
) -> None:
    across = book("across", start.replace(tzinfo=zone), end.replace(tzinfo=zone), ROOM)
    assert across.span[1] - across.span[0] == minutes * 60_000_000
    touching = book("touching", end.replace(tzinfo=zone), end.replace(tzinfo=zone) + 30 * MIN, ROOM)
    nested = book("nested", end.replace(tzinfo=zone) - 10 * MIN, end.replace(tzinfo=zone), ROOM)
    assert summary(find_conflicts([across, touching, nested])) == [
        ("overlap", ("across", "nested"), ("room-1",))
    ]


# -- the rules ----------------------------------------------------------------------


def test_back_to_back_and_zero_length_never_clash() -> None:
    apps = [
        book("a", 0, 30, DR_A),
        book("b", 30, 60, DR_A),
        book("marker", 15, 15, DR_A),
        book("marker2", 15, 15, DR_A, buffer_before=10 * MIN, buffer_after=10 * MIN),
    ]
    assert find_conflicts(apps) == ()
    assert overlap(apps[0], apps[2]) is None


def test_nested_and_identical_intervals_clash() -> None:
    apps = [book("a", 0, 60, ROOM), book("b", 10, 20, ROOM), book("c", 10, 20, ROOM)]
    assert summary(find_conflicts(apps)) == [
        ("overlap", ("a", "b"), ("room-1",)),
        ("overlap", ("a", "c"), ("room-1",)),
        ("overlap", ("b", "c"), ("room-1",)),
    ]


def test_both_bookings_buffers_apply() -> None:
    a = book("a", 0, 30, ROOM, buffer_after=5 * MIN)
    b = book("b", 40, 60, ROOM, buffer_before=5 * MIN)
    assert find_conflicts([a, b]) == ()
    b2 = book("b", 40, 60, ROOM, buffer_before=6 * MIN)
    (c,) = find_conflicts([a, b2])
    assert (c.start, c.end) == (T0 + 34 * MIN, T0 + 35 * MIN)
    assert c.buffer_only
    assert c.severity is Level.WARN
    assert str(c).startswith("buffer overlap of a, b on room-1")


def test_buffer_only_severity_follows_the_policy_and_real_overlap_does_not() -> None:
    a = book("a", 0, 30, ROOM, buffer_after=15 * MIN)
    b = book("b", 35, 60, ROOM)
    c = book("c", 20, 40, ROOM)
    policy = ConflictPolicy(buffer="info", room="warn")
    result = {x.appointments: x for x in find_conflicts([a, b, c], policy=policy)}
    assert result["a", "b"].severity is Level.INFO
    assert result["a", "b"].buffer_only
    assert result["a", "c"].severity is Level.WARN
    assert not result["a", "c"].buffer_only
    assert result["b", "c"].severity is Level.WARN
    assert not result["b", "c"].buffer_only


def test_patient_double_booked_across_providers_blocks_by_default() -> None:
    a = book("a", 0, 30, DR_A, PATIENT)
    b = book("b", 15, 45, DR_B, PATIENT)
    (c,) = find_conflicts([a, b])
    assert (c.kind, c.resources, c.severity) == (ConflictKind.OVERLAP, ("p-1",), Level.BLOCK)
    assert "Ada" not in repr(c) + str(c)


def test_several_shared_resources_make_one_conflict_with_the_worst_level() -> None:
    a = book("a", 0, 30, DR_A, ROOM, PATIENT)
    b = book("b", 15, 45, DR_A, ROOM, PATIENT)
    policy = ConflictPolicy(provider="info", room="warn", patient="info")
    (c,) = find_conflicts([a, b], policy=policy)
    assert c.resources == ("dr-a", "p-1", "room-1")
    assert c.severity is Level.WARN


def test_per_resource_policy_override() -> None:
    apps = [
        book("a", 0, 30, DR_A),
        book("b", 15, 45, DR_A),
        book("c", 0, 30, DR_B),
        book("d", 0, 30, DR_B),
    ]
    policy = ConflictPolicy(resources=(("dr-a", "info"),))
    levels = {c.appointments: c.severity for c in find_conflicts(apps, policy=policy)}
    assert levels == {("a", "b"): Level.INFO, ("c", "d"): Level.BLOCK}


def test_statuses_that_hold_no_time_are_ignored() -> None:
    base = book("a", 0, 30, DR_A)
    for status in Status:
        other = book("b", 0, 30, DR_A, status=status)
        assert bool(find_conflicts([base, other])) is status.holds_time
        assert (overlap(base, other) is not None) is status.holds_time


def test_capacity_above_one_conflicts_only_when_overloaded() -> None:
    apps = [book("a", 0, 60, LAB), book("b", 10, 30, LAB)]
    assert find_conflicts(apps) == ()
    assert overlap(apps[0], apps[1]) is None
    apps += [book("c", 20, 40, LAB), book("d", 60, 80, LAB), book("e", 65, 68, LAB)]
    (c,) = find_conflicts(apps)
    assert c.kind is ConflictKind.OVERLOAD
    assert (c.start, c.end) == (T0 + 20 * MIN, T0 + 30 * MIN)
    assert c.appointments == ("a", "b", "c")
    assert (c.load, c.capacity, c.resources) == (3, 2, ("lab",))
    assert str(c).endswith("[block]")


def test_overload_window_is_maximal_across_a_hand_over() -> None:
    # Load 3 throughout [10, 40): b ends at 25 exactly as d starts.
    apps = [
        book("a", 0, 40, LAB),
        book("b", 10, 25, LAB),
        book("c", 10, 40, LAB),
        book("d", 25, 50, LAB),
        book("e", 30, 35, LAB),
    ]
    (c,) = find_conflicts(apps)
    assert (c.start, c.end, c.load) == (T0 + 10 * MIN, T0 + 40 * MIN, 4)
    assert c.appointments == ("a", "b", "c", "d", "e")


def test_overload_of_buffers_only() -> None:
    apps = [
        book("a", 0, 30, LAB, buffer_after=10 * MIN),
        book("b", 0, 35, LAB),
        book("c", 35, 60, LAB, buffer_before=5 * MIN),
    ]
    (c,) = find_conflicts(apps, policy=ConflictPolicy(buffer="info"))
    assert c.buffer_only
    assert c.severity is Level.INFO
    assert (c.start, c.end) == (T0 + 30 * MIN, T0 + 35 * MIN)
    apps.append(book("d", 31, 32, LAB))
    (c,) = find_conflicts(apps)  # two visits at once are within capacity
    assert c.buffer_only
    assert c.load == 4
    apps.append(book("e", 31, 33, LAB))
    (c,) = find_conflicts(apps)
    assert not c.buffer_only
    assert c.severity is Level.BLOCK
    assert c.load == 5
    assert c.appointments == ("a", "b", "c", "d", "e")


def test_overload_windows_ignores_other_bookings_and_capacity_one() -> None:
    apps = [book(f"x{i}", 0, 10, LAB) for i in range(3)]
    others = [book("y", 0, 10, DR_A), book("z", 0, 10, LAB, status="cancelled")]
    (c,) = overload_windows(LAB, apps + others)
    assert c.appointments == ("x0", "x1", "x2")
    assert overload_windows(DR_A, apps + others) == []


def test_overlap_of_a_booking_with_itself_is_none() -> None:
    a = book("a", 0, 30, DR_A)
    assert overlap(a, a) is None
    assert overlap(a, book("b", 40, 50, DR_A)) is None
    assert overlap(a, book("b", 0, 30, DR_B)) is None


def test_conflict_key_sorts_by_instant_not_wall_time() -> None:
    early = dt.datetime(2025, 11, 2, 1, 30, tzinfo=NY)
    late = dt.datetime(2025, 11, 2, 1, 10, fold=1, tzinfo=NY)
    c1 = Conflict(kind="overlap", appointments=("a", "b"), resources=("r",), start=early, end=late)
    assert conflict_key(c1)[:2] == (1762061400000000, 1762063800000000)


def test_empty_and_single() -> None:
    assert find_conflicts([]) == ()
    assert find_conflicts([book("a", 0, 10, DR_A)]) == ()


#: A few capacity-1 resources and one of capacity 2, so that many bookings run at once.
CROWDED = (DR_A, DR_B, ROOM, LAB)


@given(calendars(max_size=40, resources=CROWDED), policies())
@HEAVY
def test_dense_calendars_on_few_resources_match_the_oracle(
    apps: list[Appointment], policy: ConflictPolicy
) -> None:
    # Long runs of bookings that overlap each other: the sweep's lists of the
    # bookings still running grow, shrink and restart.
    assert find_conflicts(apps, policy=policy) == all_pairs_conflicts(apps, policy)


def test_a_booking_overlapping_several_running_ones() -> None:
    apps = [
        book("long", 0, 60, DR_A, ROOM),
        book("x", 10, 20, DR_A),
        book("y", 15, 25, ROOM, DR_A),
        book("z", 30, 70, DR_A),
        book("after", 70, 80, DR_A, ROOM),
    ]
    assert summary(find_conflicts(apps)) == [
        ("overlap", ("long", "x"), ("dr-a",)),
        ("overlap", ("x", "y"), ("dr-a",)),
        ("overlap", ("long", "y"), ("dr-a", "room-1")),
        ("overlap", ("long", "z"), ("dr-a",)),
    ]


class _Instant(dt.datetime):
    """A datetime subclass, as some libraries hand out."""


def test_window_bounds_are_plain_utc_datetimes() -> None:
    t0 = _Instant(2025, 1, 6, 9, tzinfo=UTC)
    plain = [book("a", 0, 30, DR_A), book("b", 20, 40, DR_A), book("c", 35, 50, DR_A, ROOM)]
    odd = [
        Appointment(
            id=a.id,
            start=_Instant.fromtimestamp(a.start.timestamp(), UTC),
            end=t0 + (a.end - T0),
            resources=a.resources,
        )
        for a in plain
    ]
    assert all(type(a.start) is _Instant for a in odd)
    expected = find_conflicts(plain)
    found = find_conflicts(odd)
    assert found == expected
    assert len(found) == 2
    pairs = [overlap(odd[0], odd[1]), overlap(odd[2], odd[1])]
    assert pairs == [overlap(plain[0], plain[1]), overlap(plain[2], plain[1])]
    assert [str(c) for c in pairs] == [str(c) for c in expected]
    for c in (*found, *expected, *pairs):
        assert c is not None
        assert type(c.start) is dt.datetime
        assert type(c.end) is dt.datetime
        assert c.start.tzinfo is UTC


# -- bad input ----------------------------------------------------------------------


def test_duplicate_ids_are_all_reported() -> None:
    apps = [
        book("a", 0, 10, DR_A),
        book("b", 0, 10, DR_B),
        book("a", 20, 30, DR_A),
        book("b", 5, 6, DR_B),
    ]
    with pytest.raises(ValidationFailed) as info:
        find_conflicts(apps)
    problems = info.value.problems
    assert [(p.path, p.code) for p in problems] == [
        ("appointments[2].id", "scheduling.appointment.duplicate_id"),
        ("appointments[3].id", "scheduling.appointment.duplicate_id"),
    ]
    assert "appointments[0]" in problems[0].message


def test_inconsistent_resources_are_reported_by_position_without_patient_keys() -> None:
    patient_as_room = Resource(id="p-1", kind="room")
    big_room = Resource(id="room-1", kind="room", capacity=4)
    apps = [
        book("a", 0, 10, DR_A, PATIENT),
        book("b", 0, 10, ROOM),
        book("c", 0, 10, DR_A, patient_as_room),
        book("d", 0, 10, big_room, Resource(id="dr-a", kind="provider", name="other name")),
        book("a", 50, 60, DR_A),
    ]
    with pytest.raises(ValidationFailed) as info:
        find_conflicts(apps)
    assert [(p.path, p.code) for p in info.value.problems] == [
        ("appointments[4].id", "scheduling.appointment.duplicate_id"),
        ("appointments[2].resources[1]", "scheduling.resource.inconsistent"),
        ("appointments[3].resources[1]", "scheduling.resource.inconsistent"),
    ]
    messages = " ".join(p.message for p in info.value.problems)
    assert "p-1" not in messages
    assert "Ada" not in messages
    assert "'room-1'" in messages
    assert "capacity 4" in messages


def test_inconsistent_resource_held_only_by_a_booking_that_holds_no_time() -> None:
    apps = [
        book("a", 0, 10, DR_A, ROOM),
        book("b", 0, 10, DR_B, Resource(id="room-1", kind="room", capacity=2), status="cancelled"),
        book("c", 5, 5, Resource(id="dr-a", kind="staff")),
        book("d", 20, 30, Resource(id="new", kind="room"), status="noshow"),
    ]
    with pytest.raises(ValidationFailed) as info:
        find_conflicts(apps)
    assert [p.path for p in info.value.problems] == [
        "appointments[1].resources[1]",
        "appointments[2].resources[0]",
    ]


def test_consistent_copies_of_a_resource_are_fine() -> None:
    a = book("a", 0, 30, Resource(id="dr-a", kind="provider", name="Dr A"))
    b = book("b", 10, 20, Resource(id="dr-a", kind="provider"))
    assert len(find_conflicts([a, b])) == 1


def test_items_that_are_not_appointments() -> None:
    with pytest.raises(TypeError, match=r"appointments\[1\]: must be an Appointment, not str"):
        find_conflicts([book("a", 0, 10, DR_A), "b"])  # type: ignore[list-item]


def test_policy_must_be_a_policy() -> None:
    with pytest.raises(TypeError, match="policy: must be a ConflictPolicy"):
        find_conflicts([], policy="block")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="policy"):
        overlap(book("a", 0, 1, DR_A), book("b", 0, 1, DR_A), "warn")  # type: ignore[arg-type]


def test_pool_is_consistent() -> None:
    assert len({r.id for r in pool}) == len(pool)
