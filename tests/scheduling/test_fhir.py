"""FHIR R4 Appointment, Slot and Schedule: round trips, the fhir.resources judge, every problem."""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import attrs
import pytest
from fhir.resources.R4B.appointment import Appointment as R4Appointment
from fhir.resources.R4B.schedule import Schedule as R4Schedule
from fhir.resources.R4B.slot import Slot as R4Slot
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.exceptions import ValidationFailed
from medoffice.scheduling import Appointment, Resource, ResourceKind, Slot
from medoffice.scheduling.fhir import (
    EXTENSION_BASE,
    ID_SYSTEM,
    TYPE_SYSTEM,
    FhirSlot,
    Schedule,
    SlotStatus,
    appointment_from_fhir,
    appointment_to_fhir,
    schedule_from_fhir,
    schedule_to_fhir,
    slot_from_fhir,
    slot_to_fhir,
)
from medoffice.strategies import junk
from tests.scheduling import _strategies_fhir as fs

UTC = dt.UTC
T0 = dt.datetime(2025, 3, 10, 13, tzinfo=UTC)
PATIENT_NAME = "Zebulon Quxworth"


def _blank_patients(a: Appointment) -> Appointment:
    return attrs.evolve(
        a,
        resources=tuple(
            attrs.evolve(r, name="") if r.kind is ResourceKind.PATIENT else r for r in a.resources
        ),
    )


def _appointment(**kw: Any) -> Appointment:
    base: dict[str, Any] = {
        "id": "a1",
        "start": T0,
        "end": T0 + dt.timedelta(minutes=30),
        "resources": (
            Resource(id="dr-lee", kind="provider", name="Dr Lee"),
            Resource(id="p-1", kind="patient", name=PATIENT_NAME),
        ),
    }
    base.update(kw)
    return Appointment(**base)


def _problems(call: Any, *args: Any) -> list[tuple[str, str]]:
    with pytest.raises(ValidationFailed) as info:
        call(*args)
    return [(p.path, p.code) for p in info.value.problems]


# -- round trips and the external judge -------------------------------------------


@given(fs.appointments())
def test_appointment_round_trip(a: Appointment) -> None:
    d = appointment_to_fhir(a)
    assert appointment_from_fhir(d) == _blank_patients(a)
    # Plain JSON: dumps and loads to the same dict, and reads back the same.
    assert appointment_from_fhir(json.loads(json.dumps(d))) == _blank_patients(a)


@settings(max_examples=min(60, settings().max_examples))
@given(fs.appointments())
def test_fhir_resources_parses_every_appointment(a: Appointment) -> None:
    d = appointment_to_fhir(a)
    parsed = R4Appointment.model_validate(d)
    assert parsed.status == a.status.value
    assert parsed.start == a.start
    assert parsed.end == a.end
    assert len(parsed.participant) == len(a.resources)


@given(fs.appointments(), st.text(min_size=1).filter(str.strip))
def test_patient_names_never_exported(a: Appointment, name: str) -> None:
    marker = "\x00" + PATIENT_NAME + name
    resources = tuple(
        attrs.evolve(r, name=marker) if r.kind is ResourceKind.PATIENT else r for r in a.resources
    )
    d = appointment_to_fhir(attrs.evolve(a, resources=resources))
    assert PATIENT_NAME not in json.dumps(d, ensure_ascii=False)


@given(fs.fhir_slots())
def test_slot_round_trip(record: FhirSlot) -> None:
    d = slot_to_fhir(
        record.slot,
        schedule=record.schedule,
        status=record.status,
        overbooked=record.overbooked,
        id=record.id,
    )
    assert slot_from_fhir(json.loads(json.dumps(d))) == record


@settings(max_examples=min(60, settings().max_examples))
@given(fs.fhir_slots(), fs.schedules())
def test_fhir_resources_parses_slots_and_schedules(record: FhirSlot, schedule: Schedule) -> None:
    d = slot_to_fhir(record.slot, schedule=record.schedule, status=record.status.value)
    assert R4Slot.model_validate(d).status == record.status.value
    assert R4Schedule.model_validate(schedule_to_fhir(schedule)).active == schedule.active


@given(fs.schedules())
def test_schedule_round_trip(schedule: Schedule) -> None:
    blank = attrs.evolve(
        schedule,
        actors=tuple(
            attrs.evolve(r, name="") if r.kind is ResourceKind.PATIENT else r
            for r in schedule.actors
        ),
    )
    assert schedule_from_fhir(json.loads(json.dumps(schedule_to_fhir(schedule)))) == blank


# -- what the dicts look like -------------------------------------------------------


def test_appointment_dict_layout() -> None:
    a = _appointment(
        type="echo",
        buffer_before=dt.timedelta(minutes=5),
        buffer_after=dt.timedelta(seconds=90),
        locked=True,
        resources=(
            Resource(id="dr-lee", kind="provider", name="Dr Lee"),
            Resource(id="nurse 1", kind="staff"),
            Resource(id="room-1", kind="room", capacity=2),
            Resource(id="echo-1", kind="equipment"),
            Resource(id="p-1", kind="patient", name=PATIENT_NAME),
        ),
    )
    d = appointment_to_fhir(a)
    assert d["id"] == "a1"
    assert d["status"] == "booked"
    assert d["start"] == "2025-03-10T13:00:00Z"
    assert d["end"] == "2025-03-10T13:30:00Z"
    assert d["minutesDuration"] == 30
    assert d["appointmentType"] == {"coding": [{"system": TYPE_SYSTEM, "code": "echo"}]}
    assert d["extension"] == [
        {
            "url": EXTENSION_BASE + "buffer-before",
            "valueDuration": {
                "value": 5,
                "unit": "min",
                "system": "http://unitsofmeasure.org",
                "code": "min",
            },
        },
        {
            "url": EXTENSION_BASE + "buffer-after",
            "valueDuration": {
                "value": 90,
                "unit": "s",
                "system": "http://unitsofmeasure.org",
                "code": "s",
            },
        },
        {"url": EXTENSION_BASE + "locked", "valueBoolean": True},
    ]
    actors = [p["actor"] for p in d["participant"]]
    assert actors == [
        {"reference": "Practitioner/dr-lee", "display": "Dr Lee"},
        {"reference": "Device/echo-1"},
        {
            "type": "Practitioner",
            "identifier": {"system": ID_SYSTEM, "value": "nurse 1"},
            "extension": [{"url": EXTENSION_BASE + "resource-kind", "valueCode": "staff"}],
        },
        {"reference": "Patient/p-1"},
        {
            "reference": "Location/room-1",
            "extension": [{"url": EXTENSION_BASE + "capacity", "valuePositiveInt": 2}],
        },
    ]
    assert all(p["required"] == "required" and p["status"] == "accepted" for p in d["participant"])


def test_zero_length_and_odd_lengths_have_no_minutes_duration() -> None:
    assert "minutesDuration" not in appointment_to_fhir(_appointment(end=T0))
    odd = _appointment(end=T0 + dt.timedelta(minutes=1, seconds=1))
    assert "minutesDuration" not in appointment_to_fhir(odd)


def test_instants_keep_microseconds_and_other_offsets_read_the_same() -> None:
    a = _appointment(start=T0 + dt.timedelta(microseconds=5))
    assert appointment_to_fhir(a)["start"] == "2025-03-10T13:00:00.000005Z"
    d = appointment_to_fhir(_appointment())
    d["start"] = "2025-03-10T09:00:00-04:00"
    d["end"] = "2025-03-10T19:00:00.000000+05:30"
    back = appointment_from_fhir(d)
    assert back.start == T0
    assert back.end == dt.datetime(2025, 3, 10, 13, 30, tzinfo=UTC)
    d["end"] = "2025-03-10T13:30:00.1234567891Z"  # more than 6 digits: cut to microseconds
    assert appointment_from_fhir(d).end.microsecond == 123456


def test_empty_type_code_is_no_appointment_type() -> None:
    assert "appointmentType" not in appointment_to_fhir(_appointment(type=""))
    assert appointment_to_fhir(_appointment(type="two  spaces"))["appointmentType"] == {
        "text": "two  spaces"
    }


# -- reading what others send ---------------------------------------------------------


def _minimal(**kw: Any) -> dict[str, Any]:
    d: dict[str, Any] = {
        "resourceType": "Appointment",
        "id": "x1",
        "status": "booked",
        "start": "2025-03-10T13:00:00Z",
        "end": "2025-03-10T13:30:00Z",
        "participant": [{"actor": {"reference": "Practitioner/dr-1"}, "status": "accepted"}],
    }
    d.update(kw)
    return d


def test_reads_references_of_every_form() -> None:
    d = _minimal(
        participant=[
            {"actor": {"reference": "https://ehr.example/fhir/Practitioner/dr-1/_history/3"}},
            {"actor": {"reference": "PractitionerRole/role-1"}},
            {"actor": {"reference": "Location/room-1", "display": "Room 1"}},
            {"actor": {"reference": "Device/echo-1"}},
            {"actor": {"reference": "Patient/p-1", "display": PATIENT_NAME}},
            {
                "actor": {
                    "type": "http://hl7.org/fhir/StructureDefinition/RelatedPerson",
                    "identifier": {"system": "urn:other", "value": "rp 1"},
                    "extension": [{"url": EXTENSION_BASE + "resource-kind", "valueCode": "staff"}],
                }
            },
            {"type": [{"text": "interpreter"}]},  # no actor: skipped
            {"actor": {"reference": "Location/lab", "extension": [{"url": "urn:foreign"}]}},
        ]
    )
    a = appointment_from_fhir(d)
    kinds = {r.id: (r.kind.value, r.name) for r in a.resources}
    assert kinds == {
        "dr-1": ("provider", ""),
        "role-1": ("provider", ""),
        "room-1": ("room", "Room 1"),
        "echo-1": ("equipment", ""),
        "p-1": ("patient", ""),
        "rp 1": ("staff", ""),
        "lab": ("room", ""),
    }


def test_appointment_type_prefers_our_system_then_first_coding_then_text() -> None:
    foreign = {"system": "http://terminology.hl7.org/CodeSystem/v2-0276", "code": "FOLLOWUP"}
    ours = {"system": TYPE_SYSTEM, "code": "echo"}
    read = appointment_from_fhir
    assert read(_minimal(appointmentType={"coding": [foreign, ours]})).type == "echo"
    assert read(_minimal(appointmentType={"coding": [foreign], "text": "t"})).type == "FOLLOWUP"
    assert read(_minimal(appointmentType={"text": "walk in"})).type == "walk in"
    assert read(_minimal(appointmentType={"coding": []})).type is None


def test_durations_in_other_units() -> None:
    def with_buffer(value: object, code: str) -> dt.timedelta:
        ext = {
            "url": EXTENSION_BASE + "buffer-before",
            "valueDuration": {"value": value, "code": code},
        }
        return appointment_from_fhir(_minimal(extension=[ext])).buffer_before

    assert with_buffer(1.5, "h") == dt.timedelta(minutes=90)
    assert with_buffer(1, "d") == dt.timedelta(days=1)
    assert with_buffer(250, "ms") == dt.timedelta(milliseconds=250)
    assert with_buffer(0.1, "s") == dt.timedelta(milliseconds=100)
    ext = {"url": EXTENSION_BASE + "buffer-after", "valueDuration": {"value": 2, "unit": "min"}}
    assert appointment_from_fhir(_minimal(extension=[ext])).buffer_after == dt.timedelta(minutes=2)


def test_slot_takes_resources_from_its_schedule_when_it_has_none() -> None:
    schedule = Schedule(
        id="s 1", actors=(Resource(id="dr-1", kind="provider"), Resource(id="r", kind="room"))
    )
    d = slot_to_fhir(Slot(start=T0, end=T0, resources=()), schedule="s 1")
    assert "extension" not in d
    assert slot_from_fhir(d).slot.resources == ()
    assert slot_from_fhir(d, schedules=[schedule]).slot.resources == ("dr-1", "r")
    other = Schedule(id="s-2", actors=(Resource(id="x", kind="room"),))
    assert slot_from_fhir(d, schedules=[other]).slot.resources == ()
    with_ext = slot_to_fhir(Slot(start=T0, end=T0, resources=("q",)), schedule="s 1")
    assert slot_from_fhir(with_ext, schedules=[schedule]).slot.resources == ("q",)


def test_schedule_horizon_and_checks() -> None:
    s = Schedule(id="s", actors=(Resource(id="r", kind="room"),), horizon_end=T0)
    assert schedule_to_fhir(s)["planningHorizon"] == {"end": "2025-03-10T13:00:00Z"}
    assert schedule_from_fhir(schedule_to_fhir(s)) == s
    assert "planningHorizon" not in schedule_to_fhir(attrs.evolve(s, horizon_end=None))
    with pytest.raises(ValueError, match="horizon_end: must not be before horizon_start"):
        Schedule(id="s", actors=(Resource(id="r", kind="room"),), horizon_start=T0,
                 horizon_end=T0 - dt.timedelta(seconds=1))  # fmt: skip
    with pytest.raises(ValueError, match="horizon_start: naive"):
        Schedule(id="s", actors=(Resource(id="r", kind="room"),), horizon_start=dt.datetime(2025, 1, 1))  # fmt: skip
    with pytest.raises(ValueError, match="resources: an appointment holds at least one"):
        Schedule(id="s", actors=())


def test_slot_to_fhir_checks_its_arguments() -> None:
    slot = Slot(start=T0, end=T0, resources=())
    with pytest.raises(ValueError, match="not a valid SlotStatus"):
        slot_to_fhir(slot, schedule="s", status="open")
    with pytest.raises(ValueError, match="schedule: must be a non-empty identifier"):
        slot_to_fhir(slot, schedule=" s")


# -- every problem, by path and code ----------------------------------------------------


def test_not_a_mapping_is_a_type_error() -> None:
    for read in (appointment_from_fhir, slot_from_fhir, schedule_from_fhir):
        with pytest.raises(TypeError, match="data: must be a mapping"):
            read(["resourceType", "Appointment"])  # type: ignore[arg-type]


def test_appointment_problems_all_at_once() -> None:
    d = _minimal(
        resourceType="Slot",
        id=" x",
        status="done",
        start="2025-02-30T10:00:00Z",
        end="tomorrow",
        minutesDuration=0,
        appointmentType={"coding": [{"code": 5}, "x"], "text": ""},
        extension=[
            {"url": EXTENSION_BASE + "locked", "valueBoolean": "yes"},
            {"url": EXTENSION_BASE + "buffer-before", "valueDuration": {"value": -1, "code": "s"}},
            {"url": EXTENSION_BASE + "buffer-after", "valueDuration": {"value": 1, "code": "wk"}},
            {"url": EXTENSION_BASE + "buffer-after", "valueDuration": {"value": 1, "code": "s"}},
            {"url": 7},
            "junk",
            {"url": EXTENSION_BASE + "buffer-before", "valueDuration": 5},
        ],
        participant=[
            {"actor": {"reference": "Practitioner/dr-1"}},
            {"actor": {"reference": "Location/dr-1"}},
            {"actor": {"reference": "Organization/o-1"}},
            {"actor": {"reference": "RelatedPerson/rp-1"}},
            {"actor": {"type": "Patient", "identifier": {"value": " p"}}},
            {"actor": {"type": "Encounter", "identifier": {"value": "e"}}},
            {"actor": {"identifier": "x", "type": "Patient"}},
            {"actor": {"display": "only a display"}},
            {"actor": {"reference": "Device/d", "display": 3}},
            {
                "actor": {
                    "reference": "Device/d2",
                    "extension": [
                        {"url": EXTENSION_BASE + "resource-kind", "valueCode": "robot"},
                    ],
                }
            },
            {
                "actor": {
                    "reference": "Device/d3",
                    "extension": [{"url": EXTENSION_BASE + "capacity", "valuePositiveInt": 0}],
                }
            },
            {"actor": "Practitioner/x"},
            {"status": "accepted"},
            "junk",
        ],
    )
    got = _problems(appointment_from_fhir, d)
    assert got == [
        ("resourceType", "fhir.resource_type"),
        ("id", "fhir.appointment.id"),
        ("status", "fhir.appointment.status"),
        ("extension[4].url", "fhir.extension.url"),
        ("extension[5]", "fhir.extension"),
        ("extension[6].valueDuration", "fhir.extension.repeated"),
        ("extension[1].valueDuration", "fhir.extension.duration"),
        ("extension[3].valueDuration", "fhir.extension.repeated"),
        ("extension[2].valueDuration", "fhir.extension.duration"),
        ("extension[0].valueBoolean", "fhir.extension.locked"),
        ("start", "fhir.appointment.start"),
        ("end", "fhir.appointment.end"),
        ("minutesDuration", "fhir.appointment.minutes_duration"),
        ("appointmentType.coding[0].code", "fhir.appointment.appointment_type"),
        ("appointmentType.coding[1]", "fhir.appointment.appointment_type"),
        ("appointmentType.text", "fhir.appointment.appointment_type"),
        ("participant[12]", "fhir.appointment.app1"),
        ("participant[13]", "fhir.appointment.participant"),
        ("participant[1].actor", "fhir.appointment.participant"),
        ("participant[2].actor.reference", "fhir.actor.reference"),
        ("participant[3].actor.reference", "fhir.actor.kind"),
        ("participant[4].actor.identifier.value", "fhir.actor.reference"),
        ("participant[5].actor.type", "fhir.actor.reference"),
        ("participant[6].actor.identifier", "fhir.actor.reference"),
        ("participant[7].actor", "fhir.actor.reference"),
        ("participant[8].actor.display", "fhir.actor.display"),
        ("participant[9].actor.extension[0].valueCode", "fhir.actor.kind"),
        ("participant[10].actor.extension[0].valuePositiveInt", "fhir.actor.capacity"),
        ("participant[11].actor", "fhir.actor"),
    ]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"start": None}, [("start", "fhir.appointment.app2")]),
        ({"end": None}, [("end", "fhir.appointment.app2")]),
        ({"start": None, "end": None}, [("start", "fhir.appointment.app3")]),
        (
            {"start": None, "end": None, "status": "waitlist"},
            [("start", "fhir.appointment.times")],
        ),
        ({"end": "2025-03-10T12:59:59Z"}, [("end", "fhir.appointment.end")]),
        ({"start": "2025-03-10T13:00:60Z"}, [("start", "fhir.appointment.start")]),
        ({"start": "2025-03-10T13:00:00+15:00"}, [("start", "fhir.appointment.start")]),
        ({"start": "2025-03-10T13:00:00+01:60"}, [("start", "fhir.appointment.start")]),
        ({"start": "2025-03-10T13:00:00"}, [("start", "fhir.appointment.start")]),
        ({"start": "2025-03-10"}, [("start", "fhir.appointment.start")]),
        ({"start": 1741611600}, [("start", "fhir.appointment.start")]),
        ({"id": None}, [("id", "fhir.appointment.id")]),
        ({"id": 5}, [("id", "fhir.appointment.id")]),
        ({"identifier": {"system": ID_SYSTEM}}, [("identifier", "fhir.appointment.id")]),
        (
            {"identifier": [{"system": ID_SYSTEM}]},
            [("identifier[0].value", "fhir.appointment.id")],
        ),
        ({"participant": []}, [("participant", "fhir.appointment.participant")]),
        ({"participant": {"actor": {}}}, [("participant", "fhir.appointment.participant")]),
        ({"minutesDuration": True}, [("minutesDuration", "fhir.appointment.minutes_duration")]),
        ({"appointmentType": "echo"}, [("appointmentType", "fhir.appointment.appointment_type")]),
        (
            {"appointmentType": {"coding": "echo"}},
            [("appointmentType.coding", "fhir.appointment.appointment_type")],
        ),
        ({"extension": {"url": "x"}}, [("extension", "fhir.extension")]),
    ],
)
def test_appointment_problem(changes: dict[str, Any], expected: list[tuple[str, str]]) -> None:
    d = _minimal(**changes)
    for key in [k for k, v in changes.items() if v is None]:
        del d[key]
    assert _problems(appointment_from_fhir, d) == expected


def test_identifier_in_another_system_falls_back_to_id() -> None:
    d = _minimal(identifier=[{"system": "urn:mrn", "value": "123"}])
    assert appointment_from_fhir(d).id == "x1"
    d = _minimal(identifier=[{"system": ID_SYSTEM, "value": "a b"}])
    assert appointment_from_fhir(d).id == "a b"


def test_buffer_overflow_is_a_problem() -> None:
    ext = {
        "url": EXTENSION_BASE + "buffer-after",
        "valueDuration": {"value": 1e300, "code": "d"},
    }
    assert _problems(appointment_from_fhir, _minimal(extension=[ext])) == [
        ("extension[0].valueDuration", "fhir.extension.duration")
    ]


def test_slot_problems() -> None:
    d = {
        "resourceType": "Slot",
        "id": "",
        "schedule": {"reference": "Practitioner/x"},
        "status": "open",
        "start": "2025-03-10T14:00:00Z",
        "end": "2025-03-10T13:00:00Z",
        "overbooked": "no",
        "extension": [
            {"url": EXTENSION_BASE + "slot-resource", "valueString": "a"},
            {"url": EXTENSION_BASE + "slot-resource", "valueString": "a"},
            {"url": EXTENSION_BASE + "slot-resource", "valueString": 7},
        ],
    }
    assert _problems(slot_from_fhir, d) == [
        ("id", "fhir.slot.id"),
        ("schedule.reference", "fhir.slot.schedule"),
        ("status", "fhir.slot.status"),
        ("end", "fhir.slot.end"),
        ("overbooked", "fhir.slot.overbooked"),
        ("extension[2].valueString", "fhir.slot.resource"),
        ("extension", "fhir.slot.resource"),
    ]
    assert _problems(slot_from_fhir, {"resourceType": "Slot", "status": "free"}) == [
        ("schedule", "fhir.slot.schedule"),
        ("start", "fhir.slot.start"),
        ("end", "fhir.slot.end"),
    ]


def test_schedule_problems() -> None:
    d = {
        "resourceType": "Schedule",
        "active": "yes",
        "actor": [],
        "planningHorizon": {"start": "2025-03-10", "end": "2025-03-10T13:00:00Z"},
    }
    assert _problems(schedule_from_fhir, d) == [
        ("id", "fhir.schedule.id"),
        ("active", "fhir.schedule.active"),
        ("actor", "fhir.schedule.actor"),
        ("planningHorizon.start", "fhir.schedule.planning_horizon"),
    ]
    d = {
        "resourceType": "Schedule",
        "id": "s",
        "actor": [{"reference": "Location/r"}, {"reference": "Device/r"}],
        "planningHorizon": {"start": "2025-03-10T14:00:00Z", "end": "2025-03-10T13:00:00Z"},
    }
    assert _problems(schedule_from_fhir, d) == [
        ("actor[1]", "fhir.schedule.actor"),
        ("planningHorizon.end", "fhir.schedule.planning_horizon"),
    ]
    assert _problems(schedule_from_fhir, {**d, "planningHorizon": "2025"}) == [
        ("actor[1]", "fhir.schedule.actor"),
        ("planningHorizon", "fhir.schedule.planning_horizon"),
    ]


def test_problem_messages_never_echo_values() -> None:
    d = _minimal(
        id=" " + PATIENT_NAME,
        status=PATIENT_NAME,
        start=PATIENT_NAME,
        participant=[
            {"actor": {"reference": "Patient/" + PATIENT_NAME, "display": PATIENT_NAME}},
            {"actor": {"type": "Patient", "identifier": {"value": PATIENT_NAME + " "}}},
        ],
    )
    with pytest.raises(ValidationFailed) as info:
        appointment_from_fhir(d)
    assert len(info.value.problems) == 5
    text = str(info.value) + " ".join(p.message for p in info.value.problems)
    assert "Zebulon" not in text


# -- robustness -------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=12,
)
_KEYS = (
    "resourceType", "id", "identifier", "status", "start", "end", "minutesDuration",
    "appointmentType", "participant", "extension", "schedule", "overbooked", "actor",
    "active", "planningHorizon", "reference", "type", "display", "url", "valueDuration",
    "valueBoolean", "valueCode", "valuePositiveInt", "valueString", "coding", "code", "value",
    "system", "unit", "text",
)  # fmt: skip


def _paths(value: object, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            out.extend(_paths(item, (*prefix, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out.extend(_paths(item, (*prefix, index)))
    return out


def _mutated(draw: Any, base: dict[str, Any]) -> dict[str, Any]:
    d = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(d)
        path = draw(st.sampled_from(paths))
        parent: Any = d
        for step in path[:-1]:
            parent = parent[step]
        replacement = draw(st.one_of(junk(), json_values, st.sampled_from(_KEYS)))
        if isinstance(parent, dict) and draw(st.booleans()):
            parent[draw(st.sampled_from(_KEYS))] = replacement
        else:
            parent[path[-1]] = replacement
    return d


def _full_schedule() -> Schedule:
    actors = (Resource(id="s 1", kind="staff", capacity=2), Resource(id="r", kind="room"))
    return Schedule(id="s", actors=actors, horizon_start=T0, horizon_end=T0)


_BASES = (
    (
        appointment_from_fhir,
        appointment_to_fhir(
            _appointment(
                id="a b",
                type="echo",
                locked=True,
                buffer_before=dt.timedelta(minutes=5),
                resources=(Resource(id="n 1", kind="staff", capacity=2),),
            )
        ),
    ),
    (
        slot_from_fhir,
        slot_to_fhir(Slot(start=T0, end=T0, resources=("a",)), schedule="s x", overbooked=True),
    ),
    (schedule_from_fhir, schedule_to_fhir(_full_schedule())),
)


@given(st.data(), st.sampled_from(_BASES))
def test_junk_gives_only_validation_failed(data: st.DataObject, case: tuple[Any, Any]) -> None:
    read, base = case
    d = _mutated(data.draw, base)
    try:
        read(d)
    except ValidationFailed as exc:
        problems = exc.problems
    else:
        problems = ()
    assert all(p.code.startswith("fhir.") and p.path for p in problems)


@given(st.dictionaries(st.sampled_from(_KEYS), json_values, max_size=8))
def test_random_dicts_give_only_validation_failed(d: dict[str, Any]) -> None:
    for read in (appointment_from_fhir, slot_from_fhir, schedule_from_fhir):
        with pytest.raises(ValidationFailed):
            read(d)


@given(junk())
def test_non_mappings_give_type_error(value: object) -> None:
    with pytest.raises(TypeError):
        appointment_from_fhir(value)  # type: ignore[arg-type]


def test_slot_status_values_are_the_fhir_codes() -> None:
    assert [s.value for s in SlotStatus] == [
        "busy", "free", "busy-unavailable", "busy-tentative", "entered-in-error",
    ]  # fmt: skip


def test_a_null_id_is_reported_as_missing() -> None:
    # Found by the junk test: "id": null slipped past the required check.
    data = {"resourceType": "Schedule", "id": None, "actor": [{"reference": "Location/r"}]}
    with pytest.raises(ValidationFailed) as info:
        schedule_from_fhir(data)
    assert [(p.path, p.code) for p in info.value.problems] == [("id", "fhir.schedule.id")]
