"""``medoffice schedule``: conflicts, open slots, meeting times and calendar views.

Every command reads a *schedule file*: JSON (a path, or ``-`` for standard
input) with the clinic's time zone and what ``medoffice.serialization`` reads
for each part::

    {
      "timezone": "America/New_York",
      "resources": [{"id": "dr-lee", "kind": "provider"}, ...],
      "appointments": [{"id": "a1", "start": "2025-03-10T09:00:00-04:00",
                        "end": "2025-03-10T09:30:00-04:00",
                        "resources": ["dr-lee", "room-1", "p-17"], ...}, ...],
      "availability": {"timezone": "America/New_York", "hours": [...], ...},
      "types": [{"code": "visit", "duration": "PT30M", "requires": [...]}, ...],
      "policy": {"room": "warn"}
    }

Only ``timezone`` is required. An appointment's resources may be written as
ids of ``resources`` entries instead of whole objects; the availability's
resources default to the file's ``resources``.

Date-times on the command line are ISO 8601; one without an offset
(``2025-03-10T09:00``) is a wall-clock time in the file's time zone, and one
that does not exist there (spring forward) or happens twice (fall back) is
refused rather than guessed.

- ``schedule check FILE``: every conflict, most severe first within time;
  exit status 1 if any blocks.
- ``schedule slots FILE --type CODE --after WHEN``: the first open slots for
  a visit type; ``--explain WHEN`` says why a start is refused instead.
- ``schedule meeting FILE --required ID,ID --duration MINUTES --from WHEN --to WHEN``:
  the best times for a staff meeting.
- ``schedule view FILE --day DATE -o day.svg``: a day (or ``--week``) as SVG.

Patient names are never printed; resources are shown by id.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from medoffice.cli._command import CliError, UsageError, add_command, add_group
from medoffice.cli._hcpcs import iso_date, positive_int
from medoffice.cli._output import write_json, write_lines
from medoffice.exceptions import LocalTimeError
from medoffice.scheduling import (
    Appointment,
    AppointmentType,
    Availability,
    ConflictPolicy,
    Resource,
)
from medoffice.scheduling._time import Ambiguous, Nonexistent, localize, zone
from medoffice.serialization import from_dict, to_dict

if TYPE_CHECKING:
    from medoffice.cli._command import Subparsers

__all__ = ["ScheduleFile", "load", "parse_when", "register"]


def _known_zone(_inst: object, _attribute: object, value: str) -> None:
    zone(value)  # a ValueError naming the field and the rule


@attrs.frozen(kw_only=True)
class ScheduleFile:
    """What a schedule file holds, structured.

    >>> ScheduleFile(timezone="UTC").appointments
    ()
    """

    timezone: str = attrs.field(validator=_known_zone)
    resources: tuple[Resource, ...] = ()
    appointments: tuple[Appointment, ...] = ()
    availability: Availability | None = None
    types: tuple[AppointmentType, ...] = ()
    policy: ConflictPolicy | None = None

    def zone(self) -> dt.tzinfo:
        """The file's time zone.

        >>> ScheduleFile(timezone="Europe/London").zone().key
        'Europe/London'
        """
        return zone(self.timezone)

    def rules(self) -> Availability:
        """The availability, or one that knows the file's resources and nothing else.

        >>> ScheduleFile(timezone="UTC").rules().hours
        ()
        """
        if self.availability is not None:
            return self.availability
        return Availability(timezone=self.timezone, resources=self.resources)

    def type(self, code: str) -> AppointmentType:
        """The appointment type with this code, or :class:`CliError`.

        >>> ScheduleFile(timezone="UTC").type("visit")
        Traceback (most recent call last):
        ...
        medoffice.cli._command.CliError: --type: the schedule file has no appointment type 'visit' (it has none)
        """
        for item in self.types:
            if item.code == code:
                return item
        known = ", ".join(sorted(t.code for t in self.types)) or "none"
        msg = f"--type: the schedule file has no appointment type {code!r} (it has {known})"
        raise CliError(msg)


def _resolve_resources(data: dict[str, Any]) -> dict[str, Any]:
    """Replace resource ids in appointments (and a missing availability registry)."""
    registry = {
        item["id"]: item
        for item in data.get("resources") or ()
        if isinstance(item, dict) and isinstance(item.get("id"), str)
    }
    out = dict(data)
    appointments = data.get("appointments")
    if isinstance(appointments, list):
        resolved = []
        for i, item in enumerate(appointments):
            if isinstance(item, dict) and isinstance(item.get("resources"), list):
                refs = []
                for j, ref in enumerate(item["resources"]):
                    if isinstance(ref, str) and ref not in registry:
                        msg = f"appointments[{i}].resources[{j}]: no resource with that id in 'resources'"
                        raise CliError(msg)
                    refs.append(registry[ref] if isinstance(ref, str) else ref)
                item = {**item, "resources": refs}  # noqa: PLW2901
            resolved.append(item)
        out["appointments"] = resolved
    availability = data.get("availability")
    if isinstance(availability, dict) and "resources" not in availability:
        out["availability"] = {**availability, "resources": list(registry.values())}
    return out


def load(text: str) -> ScheduleFile:
    """Read a schedule file's text.

    Raises:
        CliError: if the text is not JSON or not an object.
        medoffice.exceptions.ValidationFailed: with every problem in its parts.

    >>> f = load('{"timezone": "UTC", "resources": [{"id": "r", "kind": "room"}],'
    ...          ' "appointments": [{"id": "a", "start": "2025-01-06T09:00:00Z",'
    ...          ' "end": "2025-01-06T10:00:00Z", "resources": ["r"]}]}')
    >>> f.appointments[0].resources[0].kind.value
    'room'
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        msg = f"the schedule file is not JSON (line {exc.lineno}, column {exc.colno})"
        raise CliError(msg) from None
    if not isinstance(data, dict):
        msg = "the schedule file must hold a JSON object"
        raise CliError(msg)
    return from_dict(_resolve_resources(data), ScheduleFile)


def _read(path: str) -> ScheduleFile:
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        msg = f"{path}: the schedule file is not UTF-8 text"
        raise CliError(msg) from None
    return load(text)


def parse_when(text: str, tz: dt.tzinfo) -> dt.datetime:
    """An ISO 8601 date-time; a wall-clock time without an offset is read in ``tz``.

    >>> from zoneinfo import ZoneInfo
    >>> parse_when("2025-03-10T09:00", ZoneInfo("America/New_York")).isoformat()
    '2025-03-10T09:00:00-04:00'
    >>> parse_when("2025-03-09T02:30", ZoneInfo("America/New_York"))
    Traceback (most recent call last):
    ...
    medoffice.cli._command.UsageError: 2025-03-09T02:30:00 does not exist in America/New_York (clocks spring forward)
    """
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        msg = f"not an ISO 8601 date-time: {text!r}"
        raise UsageError(msg) from None
    if value.tzinfo is not None:
        return value
    try:
        return localize(value, tz, nonexistent=Nonexistent.RAISE, ambiguous=Ambiguous.RAISE)
    except LocalTimeError as exc:
        raise UsageError(str(exc)) from None


def _local(value: dt.datetime, tz: dt.tzinfo) -> str:
    return value.astimezone(tz).strftime("%Y-%m-%d %H:%M %Z")


# -- check ------------------------------------------------------------------------


def _check(args: argparse.Namespace) -> int:
    from medoffice.scheduling import find_conflicts  # noqa: PLC0415

    book = _read(args.file)
    found = find_conflicts(book.appointments, policy=book.policy)
    blocking = sum(1 for c in found if c.severity.value == "block")
    if args.json:
        write_json({"conflicts": [to_dict(c) for c in found], "blocking": blocking})
    else:
        tz = book.zone()
        lines = [
            f"{c.severity.value.upper():5} {c}  [{_local(c.start, tz)} to {_local(c.end, tz)}]"
            for c in found
        ]
        lines.append(
            f"{len(found)} conflict{'s' if len(found) != 1 else ''} among "
            f"{len(book.appointments)} appointments, {blocking} blocking"
        )
        write_lines(lines)
    return 1 if blocking else 0


# -- slots ------------------------------------------------------------------------


def _slots(args: argparse.Namespace) -> int:
    from medoffice.scheduling import (  # noqa: PLC0415
        Calendar,
        SlotRequest,
        explain,
        open_slots,
    )

    book = _read(args.file)
    tz = book.zone()
    rules = book.rules()
    patient = None
    if args.patient:
        patient = rules.resource(args.patient) or Resource(id=args.patient, kind="patient")
    pinned: list[Resource] = []
    for rid in args.resource or ():
        known = rules.resource(rid)
        if known is None:
            msg = f"--resource: the schedule file has no resource {rid!r}"
            raise CliError(msg)
        pinned.append(known)
    request = SlotRequest(type=book.type(args.type), patient=patient, resources=tuple(pinned))
    calendar = Calendar(book.appointments, policy=book.policy)
    now = parse_when(args.now, tz) if args.now else None
    if args.explain:
        start = parse_when(args.explain, tz)
        reasons = explain(request, start, calendar, rules, now=now)
        if args.json:
            write_json(
                {
                    "start": start.isoformat(),
                    "bookable": not reasons,
                    "reasons": [{"type": type(r).__name__, **to_dict(r)} for r in reasons],
                }
            )
        else:
            write_lines([f"NO  {r}" for r in reasons] or [f"OK  {_local(start, tz)} can be booked"])
        return 1 if reasons else 0
    if not args.after:
        msg = "give --after (where to start looking) or --explain WHEN"
        raise UsageError(msg)
    after = parse_when(args.after, tz)
    before = parse_when(args.before, tz) if args.before else None
    found = []
    for slot in open_slots(request, calendar, rules, after=after, before=before, now=now):
        found.append(slot)
        if len(found) >= args.limit:
            break
    if args.json:
        write_json({"slots": [to_dict(s) for s in found]})
    else:
        write_lines(
            [
                f"SLOT {_local(s.start, tz)} to {s.end.astimezone(tz):%H:%M}  {', '.join(s.resources)}"
                for s in found
            ]
            or ["no open slot in that range"]
        )
    return 0 if found else 1


# -- meeting ----------------------------------------------------------------------


def _id_list(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def _meeting(args: argparse.Namespace) -> int:
    from medoffice.scheduling import (  # noqa: PLC0415
        Calendar,
        attendees_from,
        common_free_time,
    )

    book = _read(args.file)
    tz = book.zone()
    window = (parse_when(args.start, tz), parse_when(args.end, tz))
    required = _id_list(args.required)
    optional = _id_list(args.optional or "")
    calendar = Calendar(book.appointments, policy=book.policy)
    people = attendees_from(calendar, book.rules(), (*required, *optional), window)
    times = common_free_time(
        people,
        window,
        duration=dt.timedelta(minutes=args.duration),
        required=required,
        optional=optional,
        limit=args.limit,
    )
    if args.json:
        write_json({"times": [to_dict(t) for t in times]})
    else:
        write_lines(
            [
                f"MEET {_local(t.start, tz)} to {t.end.astimezone(tz):%H:%M}"
                + (f"  without {', '.join(t.missing)}" if t.missing else "  everyone")
                for t in times
            ]
            or ["no common free time in that window"]
        )
    return 0 if times else 1


# -- view -------------------------------------------------------------------------


def _view(args: argparse.Namespace) -> int:
    from medoffice.scheduling import day_view, find_conflicts, week_view  # noqa: PLC0415

    book = _read(args.file)
    conflicts = find_conflicts(book.appointments, policy=book.policy)
    resources = tuple(args.resource) if args.resource else None
    if args.week:
        if resources is not None and len(resources) > 1:
            msg = "--week shows one resource at most: give --resource once"
            raise UsageError(msg)
        view = week_view(
            book.appointments,
            args.day,
            book.timezone,
            conflicts=conflicts,
            resource=resources[0] if resources else None,
        )
    else:
        view = day_view(
            book.appointments, args.day, book.timezone, conflicts=conflicts, resources=resources
        )
    if args.output == "-":
        sys.stdout.write(view.svg)
    else:
        Path(args.output).write_text(view.svg, encoding="utf-8")
        if args.json:
            write_json({"output": args.output, "bytes": len(view.svg.encode("utf-8"))})
        else:
            write_lines([f"wrote {args.output}"])
    return 0


# -- registration -----------------------------------------------------------------


def register(subparsers: Subparsers) -> None:
    """Add ``schedule`` and its commands.

    >>> import argparse
    >>> root = argparse.ArgumentParser(prog="medoffice")
    >>> register(root.add_subparsers(dest="command"))
    >>> root.parse_args(["schedule", "check", "day.json"]).file
    'day.json'
    """
    group = add_group(
        subparsers,
        "schedule",
        summary="conflicts, open slots, meeting times and calendar views",
        description="Conflicts, open slots, meeting times and calendar views, from a "
        "schedule file (JSON). See 'medoffice schedule COMMAND --help'.",
    )
    check = add_command(
        group,
        "check",
        summary="list every conflict",
        description="List every conflict in a schedule file; exit status 1 if any blocks.",
        handler=_check,
    )
    check.add_argument("file", help="the schedule file (JSON), or - for standard input")

    slots = add_command(
        group,
        "slots",
        summary="find open slots for a visit type",
        description="Find the first open slots for a visit type, or explain why a start is refused.",
        handler=_slots,
    )
    slots.add_argument("file", help="the schedule file (JSON), or - for standard input")
    slots.add_argument("--type", required=True, help="the appointment type's code")
    slots.add_argument("--after", help="look from this date-time on (required unless --explain)")
    slots.add_argument("--before", help="the slot must end by this date-time")
    slots.add_argument("--now", help="the current time, for minimum notice (default: --after)")
    slots.add_argument("--patient", help="the patient's resource id (their bookings count)")
    slots.add_argument("--resource", action="append", help="a resource the visit must use")
    slots.add_argument("--limit", type=positive_int, default=5, help="how many slots (5)")
    slots.add_argument("--explain", metavar="WHEN", help="say why this start is refused")

    meeting = add_command(
        group,
        "meeting",
        summary="rank the times for a staff meeting",
        description="Rank the times when every required attendee is free, with as many "
        "optional attendees as possible.",
        handler=_meeting,
    )
    meeting.add_argument("file", help="the schedule file (JSON), or - for standard input")
    meeting.add_argument("--required", required=True, help="attendee ids, comma-separated")
    meeting.add_argument("--optional", help="optional attendee ids, comma-separated")
    meeting.add_argument("--duration", type=positive_int, required=True, help="minutes")
    meeting.add_argument("--from", dest="start", required=True, help="window start")
    meeting.add_argument("--to", dest="end", required=True, help="window end")
    meeting.add_argument("--limit", type=positive_int, default=5, help="how many times (5)")

    view = add_command(
        group,
        "view",
        summary="draw a day or a week as SVG",
        description="Draw a day (or, with --week, the week from --day) as SVG, conflicts marked.",
        handler=_view,
    )
    view.add_argument("file", help="the schedule file (JSON), or - for standard input")
    view.add_argument("--day", type=iso_date, required=True, help="the day (YYYY-MM-DD)")
    view.add_argument("--week", action="store_true", help="seven days from --day")
    view.add_argument("--resource", action="append", help="show only these resources")
    view.add_argument("-o", "--output", required=True, help="the SVG file to write (- for stdout)")
