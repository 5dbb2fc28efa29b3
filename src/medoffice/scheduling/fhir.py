"""FHIR R4 ``Appointment``, ``Slot`` and ``Schedule`` as plain dicts, both ways.

No network and no FHIR library: dicts in, dicts out, ready for ``json.dumps``.

- **Appointment**: ``status`` (our :class:`~medoffice.scheduling.Status` values
  are the FHIR codes), ``start``/``end`` as FHIR instants, ``minutesDuration``,
  ``appointmentType`` and one ``participant`` per held resource
  (``required="required"``, ``status="accepted"``). The actor's reference type
  follows the resource kind: provider → ``Practitioner``, staff →
  ``Practitioner`` with a ``resource-kind`` extension, room → ``Location``,
  equipment → ``Device``, patient → ``Patient``.
- What R4 has no element for is carried in extensions under
  :data:`EXTENSION_BASE`: ``buffer-before``/``buffer-after`` (Duration),
  ``locked`` (boolean), ``resource-kind`` and ``capacity`` (on an actor reference), and
  ``slot-resource`` (on a Slot).
- An id that is not a valid FHIR id (``[A-Za-z0-9-.]{1,64}``) travels as an
  identifier in the :data:`ID_SYSTEM` system instead.
- Patient display names are never exported.

Bad input raises :class:`~medoffice.exceptions.ValidationFailed` with every
problem found (paths such as ``participant[2].actor.reference``, codes such as
``fhir.appointment.status``); messages never repeat the values. Anything that
is not a mapping raises ``TypeError``.

>>> from datetime import datetime, timezone
>>> from medoffice.scheduling import Appointment, Resource
>>> a = Appointment(id="a1", start=datetime(2025, 1, 6, 14, tzinfo=timezone.utc),
...                 end=datetime(2025, 1, 6, 14, 30, tzinfo=timezone.utc),
...                 resources=(Resource(id="dr-lee", kind="provider"),), type="checkup")
>>> d = appointment_to_fhir(a)
>>> d["start"], d["minutesDuration"], d["participant"][0]["actor"]
('2025-01-06T14:00:00Z', 30, {'reference': 'Practitioner/dr-lee'})
>>> appointment_from_fhir(d) == a
True
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from medoffice._values import name_sequences
from medoffice.exceptions import Problem, ValidationFailed
from medoffice.scheduling._model import (
    Appointment,
    Resource,
    ResourceKind,
    Slot,
    Status,
    _nonempty_id,
    _resources,
    _unique_resources,
)
from medoffice.scheduling._time import require_aware, to_us

__all__ = [  # noqa: RUF022  # plain sorted(), as tests/test_docstrings.py checks
    "EXTENSION_BASE",
    "FhirSlot",
    "ID_SYSTEM",
    "Schedule",
    "SlotStatus",
    "TYPE_SYSTEM",
    "appointment_from_fhir",
    "appointment_to_fhir",
    "schedule_from_fhir",
    "schedule_to_fhir",
    "slot_from_fhir",
    "slot_to_fhir",
]

#: Where our extensions' StructureDefinitions live (``EXTENSION_BASE + "locked"``).
EXTENSION_BASE = "https://medoffice.dev/fhir/StructureDefinition/"
#: The identifier system for ids that are not valid FHIR ids (spaces, ``_``, > 64 chars).
ID_SYSTEM = "https://medoffice.dev/fhir/NamingSystem/id"
#: The code system of appointment-type codes (``Appointment.type``).
TYPE_SYSTEM = "https://medoffice.dev/fhir/CodeSystem/appointment-type"

_EXT_BUFFER_BEFORE = EXTENSION_BASE + "buffer-before"
_EXT_BUFFER_AFTER = EXTENSION_BASE + "buffer-after"
_EXT_LOCKED = EXTENSION_BASE + "locked"
_EXT_KIND = EXTENSION_BASE + "resource-kind"
_EXT_CAPACITY = EXTENSION_BASE + "capacity"
_EXT_SLOT_RESOURCE = EXTENSION_BASE + "slot-resource"
_UCUM = "http://unitsofmeasure.org"

_FHIR_ID = re.compile(r"[A-Za-z0-9\-.]{1,64}")
_FHIR_CODE = re.compile(r"[^\s]+(?: [^\s]+)*")
_INSTANT = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?"
    r"(Z|([+-])([0-9]{2}):([0-9]{2}))"
)
_ACTOR_TYPES = (
    "Patient",
    "Practitioner",
    "PractitionerRole",
    "RelatedPerson",
    "Device",
    "HealthcareService",
    "Location",
)
_REFERENCE = re.compile(
    r"(?:[^#]*/)?([A-Za-z]+)/([A-Za-z0-9\-.]{1,64})(?:/_history/[A-Za-z0-9\-.]{1,64})?"
)

_KIND_TO_TYPE = {
    ResourceKind.PROVIDER: "Practitioner",
    ResourceKind.STAFF: "Practitioner",
    ResourceKind.ROOM: "Location",
    ResourceKind.EQUIPMENT: "Device",
    ResourceKind.PATIENT: "Patient",
}
_TYPE_TO_KIND = {
    "Practitioner": ResourceKind.PROVIDER,
    "PractitionerRole": ResourceKind.PROVIDER,
    "Location": ResourceKind.ROOM,
    "Device": ResourceKind.EQUIPMENT,
    "Patient": ResourceKind.PATIENT,
}
#: Kinds whose reference type alone does not say the kind: exported with the extension.
_KIND_NEEDS_EXTENSION = frozenset({ResourceKind.STAFF})

_UNITS_US = {"us": 1, "ms": 1_000, "s": 1_000_000, "min": 60_000_000, "h": 3_600_000_000}
_UNITS_US["d"] = 24 * _UNITS_US["h"]
_US = dt.timedelta(microseconds=1)
_MAX_US = dt.timedelta.max // _US


class SlotStatus(enum.Enum):
    """FHIR R4 ``Slot.status``.

    >>> SlotStatus("busy-tentative")
    <SlotStatus.BUSY_TENTATIVE: 'busy-tentative'>
    """

    BUSY = "busy"
    FREE = "free"
    BUSY_UNAVAILABLE = "busy-unavailable"
    BUSY_TENTATIVE = "busy-tentative"
    ENTERED_IN_ERROR = "entered-in-error"


def _optional_utc(value: object, field: str) -> dt.datetime | None:
    return None if value is None else require_aware(value, field).astimezone(dt.UTC)


def _horizon_start(value: object) -> dt.datetime | None:
    return _optional_utc(value, "horizon_start")


def _horizon_end(value: object) -> dt.datetime | None:
    return _optional_utc(value, "horizon_end")


@attrs.frozen(kw_only=True, field_transformer=name_sequences)
class Schedule:
    """The FHIR ``Schedule`` of one or more resources: whose time is managed, and until when.

    FHIR R4 Schedule has no status element, only ``active``. Working hours are
    not part of a Schedule; they are published as free :class:`Slot` values.

    Attributes:
        id: The schedule's key.
        actors: The resources whose time the schedule manages (at least one).
        active: Whether the schedule is in use.
        horizon_start: Where the planning horizon starts, if set (aware; kept in UTC).
        horizon_end: Where it ends, if set (not before ``horizon_start``; kept in UTC).

    >>> from medoffice.scheduling import Resource
    >>> Schedule(id="s-lee", actors=(Resource(id="dr-lee", kind="provider"),)).active
    True
    """

    id: str = attrs.field(validator=_nonempty_id)
    actors: tuple[Resource, ...] = attrs.field(converter=_resources, validator=_unique_resources)
    active: bool = attrs.field(default=True, validator=attrs.validators.instance_of(bool))
    horizon_start: dt.datetime | None = attrs.field(default=None, converter=_horizon_start)
    horizon_end: dt.datetime | None = attrs.field(default=None, converter=_horizon_end)

    def __attrs_post_init__(self) -> None:
        if (
            self.horizon_start is not None
            and self.horizon_end is not None
            and to_us(self.horizon_end) < to_us(self.horizon_start)
        ):
            msg = "horizon_end: must not be before horizon_start"
            raise ValueError(msg)


@attrs.frozen(kw_only=True)
class FhirSlot:
    """A FHIR ``Slot`` as read back: the :class:`Slot` and what FHIR adds to it.

    Attributes:
        slot: The time and the resource ids.
        schedule: The id of the ``Schedule`` the slot belongs to.
        status: A :class:`SlotStatus`.
        overbooked: Whether the slot already holds more than it should.
        id: The FHIR resource id, if the dict had one.

    >>> from datetime import datetime, timezone
    >>> from medoffice.scheduling import Slot
    >>> t = datetime(2025, 1, 6, 14, tzinfo=timezone.utc)
    >>> FhirSlot(slot=Slot(start=t, end=t, resources=()), schedule="s-lee").status
    <SlotStatus.FREE: 'free'>
    """

    slot: Slot = attrs.field(validator=attrs.validators.instance_of(Slot))
    schedule: str = attrs.field(validator=_nonempty_id)
    status: SlotStatus = attrs.field(default=SlotStatus.FREE, converter=SlotStatus)
    overbooked: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))
    id: str | None = attrs.field(default=None, validator=attrs.validators.optional(_nonempty_id))


# -- writing ----------------------------------------------------------------------


def _instant(value: dt.datetime) -> str:
    """A FHIR instant in UTC: seconds always, microseconds when set."""
    value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value.isoformat(timespec="microseconds" if value.microsecond else "seconds") + "Z"


def _duration(value: dt.timedelta) -> dict[str, Any]:
    us = value // _US
    for code in ("min", "s"):
        if us % _UNITS_US[code] == 0:
            return {"value": us // _UNITS_US[code], "unit": code, "system": _UCUM, "code": code}
    return {"value": us, "unit": "us", "system": _UCUM, "code": "us"}


def _ext(url: str, kind: str, value: object) -> dict[str, Any]:
    return {"url": url, f"value{kind}": value}


def _set_id(out: dict[str, Any], value: str) -> None:
    if _FHIR_ID.fullmatch(value):
        out["id"] = value
    else:
        out["identifier"] = [{"system": ID_SYSTEM, "value": value}]


def _reference(fhir_type: str, value: str) -> dict[str, Any]:
    if _FHIR_ID.fullmatch(value):
        return {"reference": f"{fhir_type}/{value}"}
    return {"type": fhir_type, "identifier": {"system": ID_SYSTEM, "value": value}}


def _actor(resource: Resource) -> dict[str, Any]:
    out = _reference(_KIND_TO_TYPE[resource.kind], resource.id)
    if resource.name and resource.kind is not ResourceKind.PATIENT:
        out["display"] = resource.name
    extensions = []
    if resource.kind in _KIND_NEEDS_EXTENSION:
        extensions.append(_ext(_EXT_KIND, "Code", resource.kind.value))
    if resource.capacity != 1:
        extensions.append(_ext(_EXT_CAPACITY, "PositiveInt", resource.capacity))
    if extensions:
        out["extension"] = extensions
    return out


def _code_or_text(code: str, system: str) -> dict[str, Any]:
    if _FHIR_CODE.fullmatch(code):
        return {"coding": [{"system": system, "code": code}]}
    return {"text": code}


def appointment_to_fhir(appointment: Appointment) -> dict[str, Any]:
    """A FHIR R4 ``Appointment`` resource (a plain, JSON-ready dict) for ``appointment``.

    Times are written in UTC (the appointment keeps them so). Buffers, the
    locked flag, the staff kind and capacities above 1 are extensions (see the module docs). An empty type code
    is exported as no ``appointmentType``. Patient names are never exported.

    Args:
        appointment: The appointment.

    Returns:
        The dict; :func:`appointment_from_fhir` reads it back to an equal
        appointment (with patient names blank).

    >>> from datetime import datetime, timedelta
    >>> from zoneinfo import ZoneInfo
    >>> from medoffice.scheduling import Appointment, Resource
    >>> ny = ZoneInfo("America/New_York")
    >>> a = Appointment(id="a 2", start=datetime(2025, 3, 10, 9, tzinfo=ny),
    ...     end=datetime(2025, 3, 10, 9, 45, tzinfo=ny), buffer_after=timedelta(minutes=15),
    ...     resources=(Resource(id="p-17", kind="patient", name="Ada Lovelace"),
    ...                Resource(id="echo-1", kind="equipment")))
    >>> d = appointment_to_fhir(a)
    >>> d["identifier"], d["start"]
    ([{'system': 'https://medoffice.dev/fhir/NamingSystem/id', 'value': 'a 2'}], '2025-03-10T13:00:00Z')
    >>> [p["actor"]["reference"] for p in d["participant"]]
    ['Device/echo-1', 'Patient/p-17']
    >>> "Ada" in str(d)
    False
    """
    out: dict[str, Any] = {"resourceType": "Appointment"}
    _set_id(out, appointment.id)
    extensions = []
    if appointment.buffer_before:
        extensions.append(
            _ext(_EXT_BUFFER_BEFORE, "Duration", _duration(appointment.buffer_before))
        )
    if appointment.buffer_after:
        extensions.append(_ext(_EXT_BUFFER_AFTER, "Duration", _duration(appointment.buffer_after)))
    if appointment.locked:
        extensions.append(_ext(_EXT_LOCKED, "Boolean", True))  # noqa: FBT003
    if extensions:
        out["extension"] = extensions
    out["status"] = appointment.status.value
    if appointment.type:
        out["appointmentType"] = _code_or_text(appointment.type, TYPE_SYSTEM)
    out["start"] = _instant(appointment.start)
    out["end"] = _instant(appointment.end)
    duration = appointment.duration
    if duration and not duration % dt.timedelta(minutes=1):
        out["minutesDuration"] = duration // dt.timedelta(minutes=1)
    out["participant"] = [
        {"actor": _actor(resource), "required": "required", "status": "accepted"}
        for resource in appointment.resources
    ]
    return out


def slot_to_fhir(
    slot: Slot,
    *,
    schedule: str,
    status: SlotStatus | str = SlotStatus.FREE,
    overbooked: bool = False,
    id: str | None = None,  # noqa: A002  # the FHIR element's name
) -> dict[str, Any]:
    """A FHIR R4 ``Slot`` resource for ``slot`` in the ``Schedule`` with id ``schedule``.

    The slot's resource ids are ``slot-resource`` extensions, so that
    :func:`slot_from_fhir` gives them back without the schedule.

    Args:
        slot: The slot (an :func:`~medoffice.scheduling.earliest_slot` answer, say).
        schedule: The id of its ``Schedule``.
        status: A :class:`SlotStatus` or its code; ``free`` by default.
        overbooked: Whether it already holds more than it should.
        id: The Slot's own id, if any.

    >>> from datetime import datetime, timezone
    >>> from medoffice.scheduling import Slot
    >>> s = Slot(start=datetime(2025, 1, 6, 14, tzinfo=timezone.utc),
    ...          end=datetime(2025, 1, 6, 14, 30, tzinfo=timezone.utc), resources=("dr-lee",))
    >>> d = slot_to_fhir(s, schedule="s-lee")
    >>> d["schedule"], d["status"], d["end"]
    ({'reference': 'Schedule/s-lee'}, 'free', '2025-01-06T14:30:00Z')
    """
    record = FhirSlot(
        slot=slot, schedule=schedule, status=SlotStatus(status), overbooked=overbooked, id=id
    )
    out: dict[str, Any] = {"resourceType": "Slot"}
    if record.id is not None:
        _set_id(out, record.id)
    if slot.resources:
        out["extension"] = [_ext(_EXT_SLOT_RESOURCE, "String", r) for r in slot.resources]
    out["schedule"] = _reference("Schedule", record.schedule)
    out["status"] = record.status.value
    out["start"] = _instant(slot.start)
    out["end"] = _instant(slot.end)
    if record.overbooked:
        out["overbooked"] = True
    return out


def schedule_to_fhir(schedule: Schedule) -> dict[str, Any]:
    """A FHIR R4 ``Schedule`` resource: ``active``, ``actor[]`` and ``planningHorizon``.

    >>> from medoffice.scheduling import Resource
    >>> d = schedule_to_fhir(Schedule(id="s-1", actors=(Resource(id="room-1", kind="room"),)))
    >>> d["actor"], d["active"]
    ([{'reference': 'Location/room-1'}], True)
    """
    out: dict[str, Any] = {"resourceType": "Schedule"}
    _set_id(out, schedule.id)
    out["active"] = schedule.active
    out["actor"] = [_actor(resource) for resource in schedule.actors]
    horizon = {}
    if schedule.horizon_start is not None:
        horizon["start"] = _instant(schedule.horizon_start)
    if schedule.horizon_end is not None:
        horizon["end"] = _instant(schedule.horizon_end)
    if horizon:
        out["planningHorizon"] = horizon
    return out


# -- reading ----------------------------------------------------------------------


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


class _Reader:
    """Reads a dict and collects every :class:`Problem`; never echoes a value."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, path: str, code: str, message: str) -> None:
        self.problems.append(Problem(path=path, code=code, message=message))

    def mapping(self, value: object, path: str, code: str) -> Mapping[Any, Any] | None:
        if isinstance(value, Mapping):
            return value
        self.fail(path, code, "is required" if value is None else "must be an object")
        return None

    def items(self, data: Mapping[Any, Any], key: str, path: str, code: str) -> list[Any]:
        value = data.get(key)
        if value is None:
            return []
        if isinstance(value, list | tuple):
            return list(value)
        self.fail(_join(path, key), code, "must be an array")
        return []

    def string(self, data: Mapping[Any, Any], key: str, path: str, code: str) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, str) and value:
            return value
        self.fail(_join(path, key), code, "must be a non-empty string")
        return None

    def identifier(
        self, value: object, path: str, code: str, *, required: bool = True
    ) -> str | None:
        """A usable id: a non-empty string without surrounding spaces or line breaks."""
        if value is None:
            if required:
                self.fail(path, code, "is required")
            return None
        try:
            _nonempty_id(None, _ID_FIELD, value)
        except (TypeError, ValueError):
            self.fail(path, code, "must be a non-empty identifier without surrounding spaces")
            return None
        assert isinstance(value, str)  # noqa: S101  # checked above
        return value

    def own_id(self, data: Mapping[Any, Any], code: str, *, required: bool) -> str | None:
        """The resource's id: an identifier in :data:`ID_SYSTEM`, else ``id``."""
        for index, item in enumerate(self.items(data, "identifier", "", code)):
            path = f"identifier[{index}]"
            ident = self.mapping(item, path, code)
            if ident is not None and ident.get("system") == ID_SYSTEM:
                return self.identifier(ident.get("value"), f"{path}.value", code)
        value = self.identifier(data.get("id"), "id", code, required=False)
        if value is None and data.get("id") is None and required:
            self.fail("id", code, "is required (an id or an identifier)")
        return value

    def instant(self, data: Mapping[Any, Any], key: str, code: str) -> dt.datetime | None:
        value = data.get(key)
        if value is None:
            return None
        match = _INSTANT.fullmatch(value) if isinstance(value, str) else None
        if match is not None:
            year, month, day, hour, minute, second, frac, zulu, sign, oh, om = match.groups()
            try:
                tz = dt.UTC
                if zulu != "Z":
                    if int(oh) > 14 or int(om) > 59:
                        raise ValueError
                    offset = dt.timedelta(hours=int(oh), minutes=int(om))
                    tz = dt.timezone(-offset if sign == "-" else offset)
                micro = int((frac or "").ljust(6, "0")[:6])
                return dt.datetime(
                    int(year),
                    int(month),
                    int(day),
                    int(hour),
                    int(minute),
                    int(second),
                    micro,
                    tzinfo=tz,
                )
            except ValueError:
                pass
        self.fail(key, code, "must be a FHIR instant such as 2025-01-06T09:00:00-05:00")
        return None

    def extensions(
        self, data: Mapping[Any, Any], path: str, urls: Mapping[str, str]
    ) -> dict[str, list[tuple[str, object]]]:
        """Our extensions' values by URL, with their paths; foreign ones are ignored."""
        found: dict[str, list[tuple[str, object]]] = {}
        code = "fhir.extension"
        for index, item in enumerate(self.items(data, "extension", path, code)):
            where = f"{_join(path, 'extension')}[{index}]"
            ext = self.mapping(item, where, code)
            if ext is None:
                continue
            url = ext.get("url")
            if not isinstance(url, str):
                self.fail(_join(where, "url"), f"{code}.url", "must be a string")
                continue
            if url not in urls:
                continue
            key = f"value{urls[url]}"
            found.setdefault(url, []).append((_join(where, key), ext.get(key)))
        return found

    def single(
        self, found: Mapping[str, list[tuple[str, object]]], url: str
    ) -> tuple[str, object] | None:
        values = found.get(url, [])
        if len(values) > 1:
            self.fail(values[1][0], "fhir.extension.repeated", "this extension is repeated")
        return values[0] if values else None

    def duration(self, entry: tuple[str, object] | None) -> dt.timedelta:
        if entry is None:
            return dt.timedelta(0)
        path, value = entry
        code = "fhir.extension.duration"
        if isinstance(value, Mapping):
            number = value.get("value")
            unit = value.get("code", value.get("unit"))
            if (
                isinstance(unit, str)
                and isinstance(number, int | float)
                and not isinstance(number, bool)
                and math.isfinite(number)
                and number >= 0
                and unit in _UNITS_US
            ):
                us = decimal.Decimal(str(number)) * _UNITS_US[unit]
                if us <= _MAX_US:
                    return dt.timedelta(microseconds=int(us.to_integral_value()))
        self.fail(path, code, "must be a Duration with a non-negative value and a UCUM time code")
        return dt.timedelta(0)

    def flag(self, entry: tuple[str, object] | None, code: str) -> bool:
        if entry is None:
            return False
        if isinstance(entry[1], bool):
            return entry[1]
        self.fail(entry[0], code, "must be a boolean")
        return False

    def reference(
        self, data: Mapping[Any, Any], path: str, code: str, types: Iterable[str]
    ) -> tuple[str, str] | None:
        """``(type, id)`` of a Reference: ``Type/id`` (or a URL ending so), or type + identifier."""
        allowed = tuple(types)
        ref = data.get("reference")
        if ref is not None:
            match = _REFERENCE.fullmatch(ref) if isinstance(ref, str) else None
            if match is None or match.group(1) not in allowed:
                self.fail(
                    _join(path, "reference"),
                    code,
                    f"must be 'Type/id' with Type one of {', '.join(allowed)}",
                )
                return None
            return match.group(1), match.group(2)
        ident = data.get("identifier")
        if ident is None:
            self.fail(path, code, "needs a reference or a type and an identifier")
            return None
        ident_map = self.mapping(ident, _join(path, "identifier"), code)
        if ident_map is None:
            return None
        value = self.identifier(ident_map.get("value"), _join(path, "identifier.value"), code)
        fhir_type = data.get("type")
        name = fhir_type.rsplit("/", 1)[-1] if isinstance(fhir_type, str) else None
        if name not in allowed:
            self.fail(_join(path, "type"), code, f"must be one of {', '.join(allowed)}")
            return None
        return (name, value) if value is not None else None

    def actor(self, data: object, path: str) -> Resource | None:
        code = "fhir.actor"
        ref = self.mapping(data, path, code)
        if ref is None:
            return None
        target = self.reference(ref, path, f"{code}.reference", _ACTOR_TYPES)
        found = self.extensions(ref, path, {_EXT_KIND: "Code", _EXT_CAPACITY: "PositiveInt"})
        kind_entry = self.single(found, _EXT_KIND)
        kind: ResourceKind | None = None
        if kind_entry is not None:
            try:
                kind = ResourceKind(kind_entry[1])
            except ValueError:
                self.fail(kind_entry[0], f"{code}.kind", "must be a medoffice resource kind")
                return None
        capacity = 1
        capacity_entry = self.single(found, _EXT_CAPACITY)
        if capacity_entry is not None:
            value = capacity_entry[1]
            if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
                capacity = value
            else:
                self.fail(capacity_entry[0], f"{code}.capacity", "must be a positive integer")
        display = ref.get("display")
        if display is not None and not isinstance(display, str):
            self.fail(_join(path, "display"), f"{code}.display", "must be a string")
            display = None
        if target is None:
            return None
        fhir_type, resource_id = target
        kind = kind or _TYPE_TO_KIND.get(fhir_type)
        if kind is None:
            self.fail(
                _join(path, "reference"),
                f"{code}.kind",
                "a RelatedPerson or HealthcareService actor needs the resource-kind extension",
            )
            return None
        name = "" if kind is ResourceKind.PATIENT else (display or "")
        return Resource(id=resource_id, kind=kind, capacity=capacity, name=name)

    def actors(self, items: Iterable[tuple[str, object]], code: str) -> tuple[Resource, ...]:
        """Resources from ``(path, reference)`` pairs; an id seen before is a problem."""
        seen: set[str] = set()
        out = []
        for where, item in items:
            resource = self.actor(item, where)
            if resource is None:
                continue
            if resource.id in seen:
                self.fail(where, code, "the same resource id appears twice")
                continue
            seen.add(resource.id)
            out.append(resource)
        return tuple(out)

    def done(self) -> None:
        if self.problems:
            raise ValidationFailed(tuple(self.problems))


_ID_FIELD = attrs.fields(Appointment).id


def _begin(data: object, resource_type: str) -> tuple[Mapping[Any, Any], _Reader]:
    if not isinstance(data, Mapping):
        msg = f"data: must be a mapping (a FHIR {resource_type} as a dict)"
        raise TypeError(msg)
    reader = _Reader()
    if data.get("resourceType") != resource_type:
        reader.fail("resourceType", "fhir.resource_type", f"must be {resource_type!r}")
    return data, reader


def _period(reader: _Reader, start: dt.datetime | None, end: dt.datetime | None, code: str) -> None:
    if start is not None and end is not None and to_us(end) < to_us(start):
        reader.fail("end", code, "must not be before start")


_MAY_LACK_TIMES = frozenset({Status.PROPOSED, Status.CANCELLED, Status.WAITLIST})


def _appointment_type(reader: _Reader, data: Mapping[Any, Any]) -> str | None:
    concept = data.get("appointmentType")
    if concept is None:
        return None
    code = "fhir.appointment.appointment_type"
    mapped = reader.mapping(concept, "appointmentType", code)
    if mapped is None:
        return None
    codes: list[tuple[bool, str]] = []
    for index, item in enumerate(reader.items(mapped, "coding", "appointmentType", code)):
        path = f"appointmentType.coding[{index}]"
        coding = reader.mapping(item, path, code)
        if coding is not None:
            value = reader.string(coding, "code", path, code)
            if value is not None:
                codes.append((coding.get("system") != TYPE_SYSTEM, value))
    text = reader.string(mapped, "text", "appointmentType", code)
    if codes:
        return min(codes, key=lambda pair: pair[0])[1]
    return text


def appointment_from_fhir(data: Mapping[str, Any]) -> Appointment:
    """The :class:`~medoffice.scheduling.Appointment` for a FHIR R4 ``Appointment`` dict.

    Reads what :func:`appointment_to_fhir` writes and what other systems send:
    the id from an :data:`ID_SYSTEM` identifier or ``id``; the type from our
    :data:`TYPE_SYSTEM` coding, else the first coding, else the text; every
    participant with an actor becomes a held resource (participants with only
    a ``type`` are skipped). Actor kinds: ``Practitioner`` and
    ``PractitionerRole`` → provider, ``Location`` → room, ``Device`` →
    equipment, ``Patient`` → patient, unless our ``resource-kind`` extension
    says otherwise. Times may carry any offset; the appointment keeps them in UTC.

    Raises:
        ValidationFailed: With every problem found. medoffice needs ``start``
            and ``end``; FHIR's own invariants app-2 (both or neither) and
            app-3 (only proposed, cancelled or waitlist may lack them) are
            reported as such.
        TypeError: If ``data`` is not a mapping.

    >>> d = {"resourceType": "Appointment", "id": "a7", "status": "booked",
    ...      "start": "2025-03-10T09:00:00-04:00", "end": "2025-03-10T09:20:00-04:00",
    ...      "participant": [{"actor": {"reference": "Practitioner/dr-kim"}, "status": "accepted"}]}
    >>> a = appointment_from_fhir(d)
    >>> a.duration.seconds // 60, a.resources[0].kind.value
    (20, 'provider')
    >>> appointment_from_fhir({**d, "status": "done", "participant": []})
    Traceback (most recent call last):
    ...
    medoffice.exceptions.ValidationFailed: 2 errors: status: must be a FHIR R4 Appointment status [fhir.appointment.status]; participant: needs at least one participant with an actor [fhir.appointment.participant]
    """
    data, reader = _begin(data, "Appointment")
    ident = reader.own_id(data, "fhir.appointment.id", required=True)
    status: Status | None = None
    raw_status = data.get("status")
    try:
        status = Status(raw_status)
    except ValueError:
        reader.fail("status", "fhir.appointment.status", "must be a FHIR R4 Appointment status")
    found = reader.extensions(
        data,
        "",
        {
            _EXT_BUFFER_BEFORE: "Duration",
            _EXT_BUFFER_AFTER: "Duration",
            _EXT_LOCKED: "Boolean",
        },
    )
    before = reader.duration(reader.single(found, _EXT_BUFFER_BEFORE))
    after = reader.duration(reader.single(found, _EXT_BUFFER_AFTER))
    locked = reader.flag(reader.single(found, _EXT_LOCKED), "fhir.extension.locked")
    start = reader.instant(data, "start", "fhir.appointment.start")
    end = reader.instant(data, "end", "fhir.appointment.end")
    has_start, has_end = data.get("start") is not None, data.get("end") is not None
    if has_start != has_end:
        reader.fail(
            "end" if has_start else "start",
            "fhir.appointment.app2",
            "start and end are both present or both absent (app-2)",
        )
    elif not has_start:
        if status is not None and status not in _MAY_LACK_TIMES:
            reader.fail("start", "fhir.appointment.app3", "required for this status (app-3)")
        else:
            reader.fail("start", "fhir.appointment.times", "medoffice needs start and end")
    _period(reader, start, end, "fhir.appointment.end")
    minutes = data.get("minutesDuration")
    if minutes is not None and (
        not isinstance(minutes, int) or isinstance(minutes, bool) or minutes < 1
    ):
        reader.fail(
            "minutesDuration", "fhir.appointment.minutes_duration", "must be a positive integer"
        )
    kind = _appointment_type(reader, data)
    actors: list[tuple[str, object]] = []
    for index, item in enumerate(
        reader.items(data, "participant", "", "fhir.appointment.participant")
    ):
        path = f"participant[{index}]"
        participant = reader.mapping(item, path, "fhir.appointment.participant")
        if participant is None:
            continue
        if participant.get("actor") is not None:
            actors.append((f"{path}.actor", participant["actor"]))
        elif participant.get("type") is None:
            reader.fail(
                path, "fhir.appointment.app1", "a participant has a type or an actor (app-1)"
            )
    resources = reader.actors(actors, "fhir.appointment.participant")
    if not actors and isinstance(data.get("participant"), list | tuple | None):
        reader.fail(
            "participant",
            "fhir.appointment.participant",
            "needs at least one participant with an actor",
        )
    reader.done()
    assert ident is not None and status is not None and start is not None and end is not None  # noqa: S101,PT018
    return Appointment(
        id=ident,
        start=start,
        end=end,
        resources=resources,
        status=status,
        buffer_before=before,
        buffer_after=after,
        type=kind,
        locked=locked,
    )


def slot_from_fhir(data: Mapping[str, Any], *, schedules: Iterable[Schedule] = ()) -> FhirSlot:
    """The :class:`FhirSlot` for a FHIR R4 ``Slot`` dict.

    The resource ids come from our ``slot-resource`` extensions; a Slot without
    them takes the actors of its schedule when that is among ``schedules``.

    Raises:
        ValidationFailed: With every problem found.
        TypeError: If ``data`` is not a mapping.

    >>> from medoffice.scheduling import Resource
    >>> s = Schedule(id="s-lee", actors=(Resource(id="dr-lee", kind="provider"),))
    >>> d = {"resourceType": "Slot", "schedule": {"reference": "Schedule/s-lee"},
    ...      "status": "busy", "start": "2025-01-06T14:00:00Z", "end": "2025-01-06T14:30:00Z"}
    >>> r = slot_from_fhir(d, schedules=[s])
    >>> r.slot.resources, r.status.value
    (('dr-lee',), 'busy')
    """
    data, reader = _begin(data, "Slot")
    ident = reader.own_id(data, "fhir.slot.id", required=False)
    schedule_ref = reader.mapping(data.get("schedule"), "schedule", "fhir.slot.schedule")
    target = None
    if schedule_ref is not None:
        target = reader.reference(schedule_ref, "schedule", "fhir.slot.schedule", ("Schedule",))
    status = SlotStatus.FREE
    try:
        status = SlotStatus(data.get("status"))
    except ValueError:
        reader.fail("status", "fhir.slot.status", "must be a FHIR R4 Slot status")
    start = reader.instant(data, "start", "fhir.slot.start")
    end = reader.instant(data, "end", "fhir.slot.end")
    for key in ("start", "end"):
        if data.get(key) is None:
            reader.fail(key, f"fhir.slot.{key}", "is required")
    _period(reader, start, end, "fhir.slot.end")
    overbooked = data.get("overbooked", False)
    if not isinstance(overbooked, bool):
        reader.fail("overbooked", "fhir.slot.overbooked", "must be a boolean")
        overbooked = False
    found = reader.extensions(data, "", {_EXT_SLOT_RESOURCE: "String"})
    resources = []
    for path, value in found.get(_EXT_SLOT_RESOURCE, []):
        checked = reader.identifier(value, path, "fhir.slot.resource")
        if checked is not None:
            resources.append(checked)
    if len(set(resources)) != len(resources):
        reader.fail("extension", "fhir.slot.resource", "a resource id appears twice")
    reader.done()
    assert target is not None and start is not None and end is not None  # noqa: S101,PT018
    if not found:
        for schedule in schedules:
            if schedule.id == target[1]:
                resources = [r.id for r in schedule.actors]
    return FhirSlot(
        slot=Slot(start=start, end=end, resources=resources),
        schedule=target[1],
        status=status,
        overbooked=overbooked,
        id=ident,
    )


def schedule_from_fhir(data: Mapping[str, Any]) -> Schedule:
    """The :class:`Schedule` for a FHIR R4 ``Schedule`` dict.

    ``planningHorizon`` bounds must be full instants with an offset (a bare
    date has no time zone and is refused).

    Raises:
        ValidationFailed: With every problem found.
        TypeError: If ``data`` is not a mapping.

    >>> d = {"resourceType": "Schedule", "id": "s-1", "actor": [{"reference": "Location/room-1"}],
    ...      "planningHorizon": {"end": "2025-12-31T23:59:59Z"}}
    >>> s = schedule_from_fhir(d)
    >>> s.actors[0].kind.value, s.horizon_end.year, s.active
    ('room', 2025, True)
    """
    data, reader = _begin(data, "Schedule")
    ident = reader.own_id(data, "fhir.schedule.id", required=True)
    active = data.get("active", True)
    if not isinstance(active, bool):
        reader.fail("active", "fhir.schedule.active", "must be a boolean")
        active = True
    items = reader.items(data, "actor", "", "fhir.schedule.actor")
    actors = reader.actors(
        ((f"actor[{i}]", item) for i, item in enumerate(items)), "fhir.schedule.actor"
    )
    if not items:
        reader.fail("actor", "fhir.schedule.actor", "needs at least one actor")
    horizon_start = horizon_end = None
    horizon = data.get("planningHorizon")
    if horizon is not None:
        period = reader.mapping(horizon, "planningHorizon", "fhir.schedule.planning_horizon")
        if period is not None:
            sub = _Reader()
            horizon_start = sub.instant(period, "start", "fhir.schedule.planning_horizon")
            horizon_end = sub.instant(period, "end", "fhir.schedule.planning_horizon")
            _period(sub, horizon_start, horizon_end, "fhir.schedule.planning_horizon")
            reader.problems.extend(p.at("planningHorizon") for p in sub.problems)
    reader.done()
    assert ident is not None  # noqa: S101
    return Schedule(
        id=ident,
        actors=actors,
        active=active,
        horizon_start=horizon_start,
        horizon_end=horizon_end,
    )
