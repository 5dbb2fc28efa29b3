"""Tests for the scheduling value model: validation, normalisation, masking."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice import scheduling
from medoffice import strategies as ms
from medoffice.exceptions import ValidationFailed
from medoffice.scheduling import (
    Appointment,
    AppointmentType,
    Availability,
    Block,
    Break,
    Conflict,
    ConflictKind,
    ConflictPolicy,
    DateOverride,
    Hours,
    Level,
    Requirement,
    Resource,
    ResourceKind,
    Slot,
    SlotRequest,
    Status,
    WeeklyHours,
)
from medoffice.scheduling._time import to_us
from medoffice.serialization import from_dict, to_dict

UTC = dt.UTC
NY = ZoneInfo("America/New_York")
T0 = dt.datetime(2025, 1, 6, 14, tzinfo=UTC)
ROOM = Resource(id="room-1", kind="room")
DR = Resource(id="dr-lee", kind="provider")


def appt(**kw: object) -> Appointment:
    fields: dict[str, object] = {
        "id": "a1",
        "start": T0,
        "end": T0 + dt.timedelta(minutes=30),
        "resources": (ROOM,),
    }
    fields.update(kw)
    return Appointment(**fields)  # type: ignore[arg-type]


# -- resources --------------------------------------------------------------------


def test_resource_defaults_and_kinds() -> None:
    r = Resource(id="chair", kind="equipment")
    assert (r.kind, r.capacity, r.name) == (ResourceKind.EQUIPMENT, 1, "")
    with pytest.raises(ValueError, match="capacity: must be at least 1"):
        Resource(id="x", kind="room", capacity=0)
    with pytest.raises(TypeError, match="capacity: must be an integer"):
        Resource(id="x", kind="room", capacity=True)
    with pytest.raises(ValueError, match="'nurse' is not a valid ResourceKind"):
        Resource(id="x", kind="nurse")
    for bad in ("", " x", "x\n"):
        with pytest.raises(ValueError, match="id: must be a non-empty identifier"):
            Resource(id=bad, kind="room")
    with pytest.raises(TypeError, match="id: must be a string"):
        Resource(id=5, kind="room")  # type: ignore[arg-type]


def test_patient_names_are_masked_in_reprs() -> None:
    patient = Resource(id="p-17", kind="patient", name="Ada Lovelace")
    assert "Ada" not in repr(patient)
    assert "'***'" in repr(patient)
    a = appt(resources=(patient, DR))
    assert "Ada" not in repr(a)
    assert "Lovelace" not in str(a)
    assert "Dr Lee" in repr(Resource(id="dr", kind="provider", name="Dr Lee"))
    assert "name=''" in repr(Resource(id="p-1", kind="patient"))


@given(ms.appointments())
def test_no_patient_name_in_any_appointment_repr(a: Appointment) -> None:
    for resource in a.resources:
        if resource.kind is ResourceKind.PATIENT and len(resource.name) > 3:
            assert repr(resource.name) not in repr(a)


# -- appointments -----------------------------------------------------------------


@pytest.mark.parametrize("field", ["start", "end"])
def test_naive_datetimes_are_refused(field: str) -> None:
    with pytest.raises(ValueError, match=f"{field}: naive datetimes are refused"):
        appt(**{field: dt.datetime(2025, 1, 6, 14)})
    with pytest.raises(TypeError, match=f"{field}: must be a datetime"):
        appt(**{field: dt.date(2025, 1, 6)})


def test_end_before_start_is_refused_but_zero_length_is_a_marker() -> None:
    with pytest.raises(ValueError, match="end: must not be before start"):
        appt(end=T0 - dt.timedelta(minutes=1))
    marker = appt(end=T0, buffer_before=dt.timedelta(minutes=10))
    assert marker.duration == dt.timedelta(0)
    assert not marker.holds_time
    assert marker.span == (to_us(T0), to_us(T0))
    assert marker.occupied_start == marker.occupied_end == T0


def test_instants_are_kept_in_utc_and_compare_across_zones() -> None:
    ny = appt(start=dt.datetime(2025, 11, 2, 1, 30, fold=1, tzinfo=NY),
              end=dt.datetime(2025, 11, 2, 2, 0, tzinfo=NY))  # fmt: skip
    assert ny.start == dt.datetime(2025, 11, 2, 6, 30, tzinfo=UTC)
    assert ny.start.tzinfo is UTC
    same = appt(start=dt.datetime(2025, 11, 2, 6, 30, tzinfo=UTC),
                end=dt.datetime(2025, 11, 2, 7, 0, tzinfo=UTC))  # fmt: skip
    assert ny == same
    assert from_dict(to_dict(ny), Appointment) == ny


def test_buffers_enlarge_the_occupied_interval_only() -> None:
    a = appt(buffer_before=dt.timedelta(minutes=5), buffer_after=dt.timedelta(minutes=10))
    assert a.occupied_start == T0 - dt.timedelta(minutes=5)
    assert a.occupied_end == T0 + dt.timedelta(minutes=40)
    assert a.span == (to_us(a.occupied_start), to_us(a.occupied_end))
    assert a.duration == dt.timedelta(minutes=30)
    with pytest.raises(ValueError, match="buffer_before: must not be negative"):
        appt(buffer_before=dt.timedelta(minutes=-1))
    with pytest.raises(TypeError, match="buffer_after: must be a timedelta"):
        appt(buffer_after=5)


@pytest.mark.parametrize("status", list(Status))
def test_statuses_that_hold_time(status: Status) -> None:
    free = {Status.CANCELLED, Status.NOSHOW, Status.ENTERED_IN_ERROR, Status.WAITLIST}
    assert status.holds_time is (status not in free)
    assert appt(status=status.value).holds_time is (status not in free)


def test_resources_are_sorted_and_unique() -> None:
    a = appt(resources=[ROOM, DR])
    assert a.resources == (DR, ROOM)
    assert a.resource_ids() == ("dr-lee", "room-1")
    assert appt(resources=DR).resources == (DR,)
    with pytest.raises(ValueError, match="resources: resource 'dr-lee' is listed twice"):
        appt(resources=(DR, Resource(id="dr-lee", kind="provider", capacity=2)))
    with pytest.raises(ValueError, match="resources: an appointment holds at least one"):
        appt(resources=())
    with pytest.raises(TypeError, match="resources: every item must be a Resource"):
        appt(resources=("dr-lee",))


def test_appointment_equality_ignores_the_derived_span() -> None:
    a = appt()
    assert a == attrs.evolve(a)
    assert hash(a) == hash(attrs.evolve(a))
    assert "span" not in to_dict(a)


@given(ms.appointments())
def test_span_matches_the_occupied_datetimes(a: Appointment) -> None:
    assert a.span == (to_us(a.occupied_start), to_us(a.occupied_end))
    assert a.span[0] <= to_us(a.start) <= to_us(a.end) <= a.span[1]


# -- conflicts and policy ---------------------------------------------------------


def test_levels_rank() -> None:
    assert sorted(Level, key=lambda lv: lv.rank) == [Level.INFO, Level.WARN, Level.BLOCK]


def test_conflict_text() -> None:
    c = Conflict(kind="overload", appointments=("b", "a", "c"), resources=("lab",),
                 start=T0, end=T0 + dt.timedelta(minutes=5), load=3, capacity=2,
                 buffer_only=True, severity="warn")  # fmt: skip
    assert c.appointments == ("a", "b", "c")
    assert str(c) == (
        "buffer overlap of a, b, c on lab (3 of 2) from 2025-01-06T14:00:00+00:00 "
        "to 2025-01-06T14:05:00+00:00 [warn]"
    )
    assert c.kind is ConflictKind.OVERLOAD


def test_policy_levels() -> None:
    default = ConflictPolicy()
    for kind in ResourceKind:
        assert default.level_for(Resource(id="x", kind=kind)) is Level.BLOCK
    assert default.buffer is Level.WARN
    custom = ConflictPolicy(staff="info", resources=[("room-1", "warn")])
    assert custom.level_for(Resource(id="s", kind="staff")) is Level.INFO
    assert custom.level_for(ROOM) is Level.WARN
    assert custom.level_for(Resource(id="room-2", kind="room")) is Level.BLOCK
    with pytest.raises(ValueError, match="'fatal' is not a valid Level"):
        ConflictPolicy(room="fatal")


# -- types and requests -----------------------------------------------------------


def test_types_and_requirements() -> None:
    r = Requirement(kind="provider", any_of="dr-lee")
    assert r.any_of == ("dr-lee",)
    with pytest.raises(ValueError, match="count: must be at least 1"):
        Requirement(kind="room", count=0)
    with pytest.raises(ValueError, match="duration: must be longer than zero"):
        AppointmentType(code="v", duration=dt.timedelta(0))
    t = AppointmentType(code="v", duration=dt.timedelta(minutes=15), requires=[r])
    assert t.requires == (r,)
    req = SlotRequest(type=t, patient=Resource(id="p", kind="patient"), resources=[ROOM])
    assert req.resources == (ROOM,)
    with pytest.raises(TypeError):
        SlotRequest(type="v")  # type: ignore[arg-type]


def test_slot() -> None:
    s = Slot(start=dt.datetime(2025, 1, 6, 9, tzinfo=NY), end=dt.datetime(2025, 1, 6, 9, 30, tzinfo=NY),
             resources=["room-1", "dr-lee"])  # fmt: skip
    assert s.resources == ("dr-lee", "room-1")
    assert s.start.tzinfo is UTC
    assert s.duration == dt.timedelta(minutes=30)


# -- hours ------------------------------------------------------------------------


def test_weekly_hours_and_breaks() -> None:
    w = WeeklyHours(days=[0, 2, 4], start=dt.time(9), end=dt.time(17))
    assert w.days == frozenset({0, 2, 4})
    with pytest.raises(ValueError, match="end: must be after start"):
        WeeklyHours(days=[0], start=dt.time(17), end=dt.time(9))
    with pytest.raises(ValueError, match="days: weekdays are integers 0"):
        WeeklyHours(days=[7], start=dt.time(9), end=dt.time(17))
    with pytest.raises(ValueError, match="days: weekdays are integers 0"):
        WeeklyHours(days=[True], start=dt.time(9), end=dt.time(17))
    with pytest.raises(ValueError, match="start: a wall-clock time takes no tzinfo"):
        WeeklyHours(days=[0], start=dt.time(9, tzinfo=UTC), end=dt.time(17))
    with pytest.raises(TypeError, match="end: must be a time of day"):
        Break(days=[0], start=dt.time(12), end="13:00")  # type: ignore[arg-type]
    assert (
        Break(days=range(5), start=dt.time(12), end=dt.time(13), level="warn").level is Level.WARN
    )


def test_date_overrides() -> None:
    closed = DateOverride(date=dt.date(2025, 12, 25))
    assert closed.closed
    half = DateOverride(
        date=dt.date(2025, 12, 24), windows=[(dt.time(13), dt.time(17)), (dt.time(8), dt.time(12))]
    )
    assert half.windows[0] == (dt.time(8), dt.time(12))
    with pytest.raises(ValueError, match="windows: each window's end must be after its start"):
        DateOverride(date=dt.date(2025, 1, 1), windows=[(dt.time(12), dt.time(9))])
    with pytest.raises(TypeError, match="windows: each window is two naive times"):
        DateOverride(date=dt.date(2025, 1, 1), windows=[(dt.time(9), "12:00")])


def test_blocks() -> None:
    with pytest.raises(ValueError, match="end: must be after start"):
        Block(start=T0, end=T0)
    with pytest.raises(ValueError, match="start: naive datetimes are refused"):
        Block(start=dt.datetime(2025, 1, 1), end=T0)


def test_hours_and_availability() -> None:
    with pytest.raises(ValueError, match="timezone: 'Nowhere/City' is not an IANA"):
        Hours(timezone="Nowhere/City")
    with pytest.raises(TypeError, match="timezone: must be an IANA"):
        Hours(timezone=None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="daily_cap: must be at least 1"):
        Hours(timezone="UTC", daily_cap=0)
    default = Hours(timezone="America/New_York")
    own = Hours(resource="dr-lee", timezone="Europe/London")
    patient = Resource(id="p-1", kind="patient")
    av = Availability(timezone="America/New_York", resources=[ROOM, DR, patient],
                      hours=[default, own])  # fmt: skip
    assert av.resources == (DR, patient, ROOM)
    assert av.hours_for("dr-lee") is own
    assert av.hours_for("room-1") is default
    assert av.hours_for("unregistered") is default
    assert av.hours_for("p-1") is None
    assert av.resource("p-1") is patient
    assert av.resource("nobody") is None
    with pytest.raises(ValueError, match="hours: two Hours for resource None"):
        Availability(timezone="UTC", hours=[default, default])
    with pytest.raises(ValueError, match="resources: resource 'room-1' is listed twice"):
        Availability(timezone="UTC", resources=[ROOM, ROOM])
    with pytest.raises(ValueError, match="horizon: must be longer than zero"):
        Availability(timezone="UTC", horizon=dt.timedelta(0))


def test_structuring_errors_name_the_field_not_the_value() -> None:
    data = to_dict(appt(resources=(Resource(id="p-1", kind="patient", name="Ada Lovelace"),)))
    data["start"] = "2025-01-06T14:00:00"  # naive
    data["buffer_after"] = "ten minutes"
    with pytest.raises(ValidationFailed) as info:
        from_dict(data, Appointment)
    paths = sorted(p.path for p in info.value.problems)
    assert paths == ["buffer_after", "start"]
    assert "Ada" not in str(info.value)


def test_every_scheduling_model_has_a_strategy() -> None:
    models = {
        obj
        for name in scheduling.__all__
        if attrs.has(obj := getattr(scheduling, name)) and name != "Change"
    }
    missing = sorted(cls.__name__ for cls in models - set(ms.TYPE_STRATEGIES))
    assert missing == []


@given(st.data())
def test_durations_round_trip_through_iso_8601(data: st.DataObject) -> None:
    td = data.draw(
        st.timedeltas(min_value=dt.timedelta(days=-3000), max_value=dt.timedelta(days=3000))
    )
    t = AppointmentType(code="v", duration=dt.timedelta(minutes=5), buffer_before=abs(td))
    assert from_dict(to_dict(t), AppointmentType) == t
