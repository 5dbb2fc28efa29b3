"""Calendar: every answer agrees with a brute-force oracle over the same appointments."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.exceptions import ValidationFailed
from medoffice.scheduling import Appointment, ConflictPolicy, Resource, Status
from medoffice.scheduling._calendar import Calendar, Change
from medoffice.scheduling._conflicts import conflict_key, find_conflicts
from medoffice.scheduling._time import to_us
from tests.scheduling._strategies_calendar import (
    BASE,
    IDS,
    MINUTE,
    POOL,
    appointments,
    unique_appointments,
)
from tests.scheduling.test_persistent import small_nodes

T = BASE
DR = POOL[0]
LAB = POOL[3]
DENSE = (DR, POOL[2], LAB, POOL[5])


def visit(id_: str, start: int, minutes: int, *resources: Resource, **kw: object) -> Appointment:
    return Appointment(
        id=id_,
        start=T + start * MINUTE,
        end=T + (start + minutes) * MINUTE,
        resources=resources or (DR,),
        **kw,  # type: ignore[arg-type]
    )


# -- the oracle -------------------------------------------------------------------


def holds(a: Appointment, rid: str) -> bool:
    return a.holds_time and any(r.id == rid for r in a.resources)


def check_reads(cal: Calendar, apps: dict[str, Appointment], policy: ConflictPolicy) -> None:
    """Every read of ``cal`` equals a brute-force scan of ``apps``."""
    ordered = sorted(apps.values(), key=lambda a: (a.span[0], a.id))
    assert list(cal) == ordered
    assert cal.appointments == tuple(ordered)
    assert len(cal) == len(apps)
    for key in IDS:
        assert (key in cal) == (key in apps)
        assert cal.get(key) == apps.get(key)
    assert set(cal.conflicts()) == set(find_conflicts(ordered, policy=policy))
    assert cal.conflicts() == find_conflicts(ordered, policy=policy)
    lo, hi = to_us(T) - 3_600_000_000, to_us(T) + 6 * 3_600_000_000
    windows = [(lo, hi)] + [
        (to_us(T + m * MINUTE), to_us(T + (m + w) * MINUTE))
        for m, w in ((0, 30), (25, 5), (60, 60), (100, 1), (140, 0), (-20, 30))
    ]
    for res in POOL:
        known = [r for a in ordered for r in a.resources if r.id == res.id]
        assert cal.resource(res.id) == (known[0] if known else None)
        for s, e in windows:
            expect = sorted(
                (
                    (a.span[0], a.span[1], a.id)
                    for a in ordered
                    if holds(a, res.id) and a.span[0] < e and a.span[1] > s and s < e
                ),
                key=lambda x: (x[0], x[2]),
            )
            assert cal.busy(res.id, s, e) == tuple(expect)
            starts = sum(1 for a in ordered if holds(a, res.id) and s <= to_us(a.start) < e)
            assert cal.count_starts(res.id, s, e) == starts
            win = (
                BASE + dt.timedelta(microseconds=s - to_us(BASE)),
                BASE + dt.timedelta(microseconds=e - to_us(BASE)),
            )
            expect_apps = tuple(
                a for a in ordered if holds(a, res.id) and a.span[0] < e and a.span[1] > s and s < e
            )
            assert cal.between(*win, resource_id=res.id) == expect_apps
    for s, e in windows:
        win = (
            BASE + dt.timedelta(microseconds=s - to_us(BASE)),
            BASE + dt.timedelta(microseconds=e - to_us(BASE)),
        )
        expect_all = tuple(
            a for a in ordered if a.holds_time and a.span[0] < e and a.span[1] > s and s < e
        )
        assert cal.between(*win) == expect_all


def check_change(
    change: Change,
    before: dict[str, Appointment],
    after: dict[str, Appointment],
    policy: ConflictPolicy,
) -> None:
    old = set(find_conflicts(list(before.values()), policy=policy))
    new = set(find_conflicts(list(after.values()), policy=policy))
    assert change.added == tuple(sorted(new - old, key=conflict_key))
    assert change.resolved == tuple(sorted(old - new, key=conflict_key))
    assert change.ok == (not (new - old))


POLICIES = st.sampled_from(
    (ConflictPolicy(), ConflictPolicy(room="warn", buffer="info", resources={"lab": "info"}))
)


@st.composite
def operations(draw: st.DrawFn) -> list[tuple[str, object]]:
    ops: list[tuple[str, object]] = []
    for _ in range(draw(st.integers(0, 14))):
        kind = draw(st.sampled_from(("add", "add", "add", "move", "cancel", "replace")))
        if kind in ("add", "replace"):
            ops.append((kind, draw(appointments())))
        elif kind == "move":
            minutes = draw(st.integers(-30, 240))
            length = draw(st.none() | st.integers(0, 60))
            res = draw(
                st.none()
                | st.lists(st.sampled_from(POOL), min_size=1, max_size=3, unique_by=lambda r: r.id)
            )
            ops.append((kind, (draw(st.sampled_from(IDS)), minutes, length, res)))
        else:
            ops.append(
                (
                    kind,
                    (
                        draw(st.sampled_from(IDS)),
                        draw(st.sampled_from((Status.CANCELLED, Status.NOSHOW))),
                    ),
                )
            )
    return ops


def apply(
    cal: Calendar, apps: dict[str, Appointment], kind: str, arg: object
) -> tuple[Change | None, dict[str, Appointment]]:
    """Apply one operation to the calendar and to the oracle's dict."""
    if kind == "add":
        assert isinstance(arg, Appointment)
        if arg.id in apps:
            with pytest.raises(ValidationFailed) as err:
                cal.add(arg)
            assert err.value.problems[0].code == "scheduling.appointment.duplicate_id"
            return None, apps
        return cal.add(arg), {**apps, arg.id: arg}
    if kind == "replace":
        assert isinstance(arg, Appointment)
        if arg.id not in apps:
            with pytest.raises(ValidationFailed) as err:
                cal.replace(arg)
            assert err.value.problems[0].code == "scheduling.appointment.unknown_id"
            return None, apps
        return cal.replace(arg), {**apps, arg.id: arg}
    key = arg[0]  # type: ignore[index]
    if key not in apps:
        call = cal.move if kind == "move" else cal.cancel
        with pytest.raises(ValidationFailed) as err:
            call(key, start=T) if kind == "move" else call(key)
        assert err.value.problems[0].code == "scheduling.appointment.unknown_id"
        return None, apps
    old = apps[key]
    if kind == "cancel":
        status = arg[1]  # type: ignore[index]
        return cal.cancel(key, status=status), {**apps, key: attrs.evolve(old, status=status)}
    _, minutes, length, res = arg  # type: ignore[misc]
    start = T + minutes * MINUTE
    end = None if length is None else start + length * MINUTE
    if old.locked:
        with pytest.raises(ValidationFailed) as err:
            cal.move(key, start=start, end=end, resources=res)
        assert err.value.problems[0].code == "scheduling.appointment.locked"
        return None, apps
    new = attrs.evolve(
        old,
        start=start,
        end=start + old.duration if end is None else end,
        resources=old.resources if res is None else res,
    )
    return cal.move(key, start=start, end=end, resources=res), {**apps, key: new}


@settings(max_examples=min(150, settings().max_examples), deadline=None)
@given(initial=unique_appointments(8), ops=operations(), policy=POLICIES)
def test_sequences_of_changes_agree_with_the_oracle(
    initial: list[Appointment], ops: list[tuple[str, object]], policy: ConflictPolicy
) -> None:
    cal = Calendar(initial, policy=policy)
    apps = {a.id: a for a in initial}
    check_reads(cal, apps, policy)
    for kind, arg in ops:
        snapshot = list(cal)
        change, new_apps = apply(cal, apps, kind, arg)
        assert list(cal) == snapshot  # the old calendar never changes
        if change is None:
            continue
        check_change(change, apps, new_apps, policy)
        assert change.calendar.policy is cal.policy
        cal, apps = change.calendar, new_apps
        check_reads(cal, apps, policy)


@given(apps=unique_appointments())
def test_building_equals_adding_one_by_one(apps: list[Appointment]) -> None:
    cal = Calendar()
    for a in apps:
        cal = cal.add(a).calendar
    assert cal == Calendar(apps)
    assert list(cal) == list(Calendar(reversed(apps)))
    assert hash(cal) == hash(Calendar(apps))


# -- examples and errors ------------------------------------------------------------


def test_an_overload_window_grows_and_shrinks() -> None:
    a = visit("a", 0, 30, LAB)
    b = visit("b", 0, 30, LAB)
    c = visit("c", 10, 10, LAB)
    cal = Calendar([a, b, c])
    (first,) = cal.conflicts()
    assert (first.load, first.start, first.end) == (3, T + 10 * MINUTE, T + 20 * MINUTE)
    change = cal.add(visit("d", 15, 15, LAB))
    (grown,) = change.added
    assert change.resolved == (first,)
    assert (grown.load, grown.start, grown.end) == (4, T + 10 * MINUTE, T + 30 * MINUTE)
    back = change.calendar.cancel("d")
    assert back.added == (first,)
    assert back.resolved == (grown,)


def test_touching_and_zero_length_bookings_do_not_clash() -> None:
    cal = Calendar([visit("a", 0, 30)])
    assert cal.add(visit("b", 30, 30)).added == ()
    assert cal.add(visit("c", 10, 0)).added == ()


def test_move_keeps_the_duration_and_resolves() -> None:
    cal = Calendar([visit("a", 0, 30), visit("b", 15, 30)])
    change = cal.move("b", start=T + 30 * MINUTE)
    assert change.added == ()
    assert len(change.resolved) == 1
    assert change.calendar.get("b").end == T + 60 * MINUTE  # type: ignore[union-attr]
    assert len(cal.conflicts()) == 1


def test_move_to_other_resources() -> None:
    room = POOL[2]
    cal = Calendar([visit("a", 0, 30), visit("b", 0, 30, room)])
    change = cal.move("a", start=T, resources=(room,))
    assert [c.resources for c in change.added] == [("room-1",)]
    assert change.calendar.busy("dr-a", to_us(T), to_us(T) + 1) == ()


def test_locked_and_unknown() -> None:
    cal = Calendar([visit("a", 0, 30, locked=True)])
    with pytest.raises(ValidationFailed, match=r"scheduling\.appointment\.locked"):
        cal.move("a", start=T)
    with pytest.raises(ValidationFailed, match=r"scheduling\.appointment\.unknown_id"):
        cal.cancel("zz")
    assert cal.cancel("a").calendar.get("a").status is Status.CANCELLED  # type: ignore[union-attr]


def test_errors() -> None:
    with pytest.raises(TypeError, match="policy"):
        Calendar(policy="strict")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="appointment"):
        Calendar().add("a")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="appointment"):
        Calendar().replace(None)  # type: ignore[arg-type]
    with pytest.raises(ValidationFailed, match="duplicate_id"):
        Calendar([visit("a", 0, 5), visit("a", 10, 5)])
    with pytest.raises(ValueError, match="status"):
        Calendar([visit("a", 0, 5)]).cancel("a", status=Status.BOOKED)
    with pytest.raises(ValueError, match="naive"):
        Calendar([visit("a", 0, 5)]).move("a", start=dt.datetime(2025, 1, 1))
    with pytest.raises(ValueError, match="naive"):
        Calendar().between(dt.datetime(2025, 1, 1), T)
    with pytest.raises(AttributeError, match="immutable"):
        Calendar().x = 1  # type: ignore[attr-defined]


def test_inconsistent_resources_are_refused() -> None:
    other = Resource(id="dr-a", kind="provider", capacity=2)
    cal = Calendar([visit("a", 0, 30)])
    with pytest.raises(ValidationFailed, match=r"scheduling\.resource\.inconsistent"):
        cal.add(visit("b", 60, 30, other))
    with pytest.raises(ValidationFailed, match=r"scheduling\.resource\.inconsistent"):
        Calendar([visit("a", 0, 30), visit("b", 60, 30, other)])
    # The only booking of a resource may redefine it.
    assert cal.replace(visit("a", 0, 30, other)).calendar.resource("dr-a") == other


def test_repr_and_equality_hide_patients() -> None:
    cal = Calendar([visit("a", 0, 30, POOL[5])])
    assert "Ada" not in repr(cal)
    assert "1 appointment" in repr(cal)
    assert cal != Calendar()
    assert cal != Calendar([visit("a", 0, 30, POOL[5])], policy=ConflictPolicy(patient="warn"))
    assert cal.__eq__(object()) is NotImplemented
    assert Change(calendar=cal).ok


def test_inconsistent_patient_is_not_named() -> None:
    patient = POOL[5]
    as_staff = Resource(id=patient.id, kind="staff")
    cal = Calendar([visit("a", 0, 30, patient)])
    with pytest.raises(ValidationFailed) as err:
        cal.add(visit("b", 60, 30, as_staff))
    assert patient.id not in str(err.value)
    assert "a patient resource" in str(err.value)


def test_a_change_shares_what_it_does_not_touch() -> None:
    dr_b = POOL[1]
    cal = Calendar([visit(f"a{i}", 10 * i, 5) for i in range(50)] + [visit("b", 0, 5, dr_b)])
    change = cal.add(visit("new", 3, 5))
    assert change.calendar._index("dr-b")._root is cal._index("dr-b")._root
    assert len(cal._index("dr-a")) == 50
    assert len(change.calendar._index("dr-a")) == 51


def test_replacing_a_shared_resource_with_another_view_is_refused() -> None:
    other = Resource(id="dr-a", kind="provider", capacity=2)
    cal = Calendar([visit("a", 0, 30), visit("b", 60, 30)])
    with pytest.raises(ValidationFailed, match=r"scheduling\.resource\.inconsistent"):
        cal.replace(visit("a", 0, 30, other))


def test_a_move_can_resolve_several_conflicts_in_order() -> None:
    cal = Calendar([visit("a", 0, 60), visit("b", 10, 10), visit("c", 40, 10)])
    change = cal.move("a", start=T + 120 * MINUTE)
    assert [c.appointments for c in change.resolved] == [("a", "b"), ("a", "c")]
    assert change.added == ()


def test_a_move_can_add_several_conflicts_in_order() -> None:
    cal = Calendar([visit("a", 200, 60), visit("b", 10, 10), visit("c", 40, 10)])
    change = cal.move("a", start=T)
    assert [c.appointments for c in change.added] == [("a", "b"), ("a", "c")]
    assert change.resolved == ()


class SameHash(str):
    """An id whose hash is every other one's: the calendar's hash maps keep them in buckets."""

    __slots__ = ()

    def __hash__(self) -> int:
        return 7


def test_ids_with_equal_hashes() -> None:
    dr = Resource(id=SameHash("dr-x"), kind="provider")
    room = Resource(id=SameHash("room-x"), kind="room")
    first = visit(SameHash("a"), 0, 30, dr)
    cal = Calendar([first])
    second = visit(SameHash("b"), 15, 30, dr, room)
    change = cal.add(second)
    assert [(c.appointments, c.resources) for c in change.added] == [(("a", "b"), ("dr-x",))]
    cal = change.calendar
    third = visit(SameHash("c"), 40, 10, room, Resource(id=SameHash("eq-x"), kind="equipment"))
    change = cal.add(third)
    assert [(c.appointments, c.resources) for c in change.added] == [(("b", "c"), ("room-x",))]
    cal = change.calendar
    apps = [first, second, third]
    assert len(cal) == 3
    assert [cal.get(SameHash(k)) for k in "abc"] == apps
    assert cal.get(SameHash("d")) is None
    assert cal.resource(SameHash("eq-x")) == third.resources[0]
    assert cal.resource(SameHash("room-x")) == room
    assert cal.conflicts() == find_conflicts(apps)
    span = (to_us(T), to_us(T + 60 * MINUTE))
    assert [b[2] for b in cal.busy(SameHash("room-x"), *span)] == ["b", "c"]
    assert [b[2] for b in cal.busy(SameHash("dr-x"), *span)] == ["a", "b"]
    with pytest.raises(ValidationFailed, match=r"scheduling\.appointment\.duplicate_id"):
        cal.add(visit(SameHash("b"), 90, 10, dr))
    as_staff = Resource(id=SameHash("room-x"), kind="staff")
    with pytest.raises(ValidationFailed, match=r"scheduling\.resource\.inconsistent"):
        cal.add(visit(SameHash("d"), 90, 10, as_staff))
    assert len(cal.add(visit(SameHash("d"), 90, 10, room)).calendar) == 4


@settings(max_examples=min(60, settings().max_examples), deadline=None)
@given(
    apps=st.lists(appointments(), min_size=1, max_size=40),
    split=st.integers(0, 40),
    policy=POLICIES,
)
def test_adds_into_deep_indexes_agree_with_the_oracle(
    apps: list[Appointment], split: int, policy: ConflictPolicy
) -> None:
    """Nodes of four: Calendar.add's own insert meets full leaves, two and three levels."""
    # Few resources, so that each holds many bookings: trees of two and three levels.
    apps = [
        attrs.evolve(
            a, id=f"b{i * 17 % 41:02}", resources=[r for r in a.resources if r in DENSE] or [DR]
        )
        for i, a in enumerate(apps)
    ]
    with small_nodes():
        cal = Calendar(apps[:split], policy=policy)
        known = {a.id: a for a in apps[:split]}
        for a in apps[split:]:
            change = cal.add(a)
            after = {**known, a.id: a}
            check_change(change, known, after, policy)
            cal, known = change.calendar, after
            for res in POOL:
                expect = sorted((b.span[0], b.id) for b in after.values() if holds(b, res.id))
                busy = cal.busy(res.id, -(2**62), 2**62)
                assert [(s, i) for s, _, i in busy] == expect
        assert cal.conflicts() == find_conflicts(list(known.values()), policy=policy)


class Hashed(str):
    """An id with a chosen hash: resource ids that part only deep in the hash map."""

    __slots__ = ("_hash",)
    _hash: int

    def __new__(cls, value: str, hash_: int) -> Hashed:
        made = super().__new__(cls, value)
        made._hash = hash_
        return made

    def __hash__(self) -> int:
        return self._hash


def test_adds_through_every_branch_of_the_inline_insert() -> None:
    """Equal starts at a separator, overlaps in the leaves beside, a raised max end, deep keys."""
    with small_nodes():
        apps = {a.id: a for a in (visit(f"a{i}", 10 * i, 10) for i in range(9))}
        cal = Calendar(apps.values())
        assert cal._resources.get("dr-a")[3] == 1  # two levels
        for new in (
            visit("z", 30, 5),  # starts with a separator, sorts after it
            visit("y", 25, 10),  # ends in the next leaf
            visit("x", 65, 200),  # ends after every leaf
        ):
            change = cal.add(new)
            after = {**apps, new.id: new}
            check_change(change, apps, after, ConflictPolicy())
            cal, apps = change.calendar, after
    # r0 parts from r1 at the second level, below the node that r1 and r2 share.
    kinds = [
        Resource(id=Hashed(k, h), kind="room") for k, h in (("r1", 1), ("r2", 33), ("r0", 1025))
    ]
    cal = Calendar([visit("b0", 0, 10, kinds[0]), visit("b1", 0, 10, kinds[1])])
    change = cal.add(visit("b2", 5, 10, kinds[2], kinds[0]))
    assert [(c.appointments, c.resources) for c in change.added] == [(("b0", "b2"), ("r1",))]
    assert change.calendar.resource(kinds[2].id) == kinds[2]
