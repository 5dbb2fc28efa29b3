r"""iCalendar (RFC 5545) text for appointments and recurring series.

:func:`to_ical` writes a ``VCALENDAR`` with one ``VEVENT`` per appointment or
series (``RRULE``, ``EXDATE``, ``RDATE``, and a ``RECURRENCE-ID`` event per
changed occurrence), a ``VTIMEZONE`` generated from the IANA database for each
zone used, CRLF line endings and lines folded at 75 octets. :func:`from_ical`
reads that text back, and common feeds too.

Privacy: ``SUMMARY`` comes from the appointment type only, there is no
``DESCRIPTION``, and patient resources are never written. Resource ids, kinds,
buffers and the exact FHIR status travel in ``X-MEDOFFICE-*`` properties so a
round trip gives the same values.

>>> from datetime import datetime, timezone
>>> from medoffice.scheduling import Appointment, Resource
>>> utc = timezone.utc
>>> a = Appointment(id="a1", start=datetime(2025, 1, 6, 14, tzinfo=utc),
...                 end=datetime(2025, 1, 6, 14, 30, tzinfo=utc), type="follow-up",
...                 resources=(Resource(id="dr-lee", kind="provider"),))
>>> text = to_ical([a], dtstamp=datetime(2025, 1, 2, 15, tzinfo=utc), domain="clinic.example")
>>> print(text.replace("\r\n", "\n"), end="")
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//medoffice//medoffice scheduling//EN
CALSCALE:GREGORIAN
BEGIN:VEVENT
UID:a1@clinic.example
DTSTAMP:20250102T150000Z
DTSTART:20250106T140000Z
DTEND:20250106T143000Z
SUMMARY:follow-up
STATUS:CONFIRMED
X-MEDOFFICE-TYPE:follow-up
X-MEDOFFICE-RESOURCE;KIND=provider:dr-lee
END:VEVENT
END:VCALENDAR
>>> from_ical(text, domain="clinic.example") == (a,)
True
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import attrs

from medoffice.exceptions import ParseError
from medoffice.scheduling._model import Appointment, Resource, ResourceKind, Status
from medoffice.scheduling._recurrence import OccurrenceChange, Recurrence, Series
from medoffice.scheduling._time import (
    UTC,
    Ambiguous,
    Nonexistent,
    day_bounds,
    from_us,
    localize,
    to_us,
    zone,
)

__all__ = ["from_ical", "to_ical"]

PRODID = "-//medoffice//medoffice scheduling//EN"
DOMAIN = "medoffice.invalid"
_DAY_NAMES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_SECOND = dt.timedelta(seconds=1)
_MAX = dt.datetime(9000, 1, 1, tzinfo=UTC)
_YEAR_US = 366 * 86_400_000_000

_TO_ICAL_STATUS = {
    Status.PROPOSED: "TENTATIVE",
    Status.PENDING: "TENTATIVE",
    Status.WAITLIST: "TENTATIVE",
    Status.CANCELLED: "CANCELLED",
    Status.NOSHOW: "CANCELLED",
    Status.ENTERED_IN_ERROR: "CANCELLED",
}
_FROM_ICAL_STATUS = {
    "CONFIRMED": Status.BOOKED,
    "TENTATIVE": Status.PENDING,
    "CANCELLED": Status.CANCELLED,
}

# -- writing -------------------------------------------------------------------------------


def _escape(text: str) -> str:
    out = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return out.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def _fold(line: str) -> str:
    """Fold at 75 octets with CRLF and a space, never inside a UTF-8 sequence."""
    if len(line.encode()) <= 75:
        return line + "\r\n"
    parts: list[str] = []
    current: list[str] = []
    size, limit = 0, 75
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, 74
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts) + "\r\n"


def _utc_text(value: dt.datetime) -> str:
    return f"{value.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def _whole_seconds(value: dt.datetime, field: str) -> dt.datetime:
    if value.microsecond:
        msg = f"{field}: iCalendar times are whole seconds"
        raise ValueError(msg)
    return value


class _Writer:
    """Content lines for one calendar, and the span of instants used per zone."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.spans: dict[str, list[int]] = {}

    def add(self, name: str, value: str, params: Iterable[tuple[str, str]] = ()) -> None:
        head = name + "".join(f";{k}={v}" for k, v in params)
        self.lines.append(f"{head}:{value}")

    def text(self, name: str, value: str) -> None:
        self.add(name, _escape(value))

    def instant(self, name: str, value: dt.datetime, tzid: str | None) -> None:
        """A DATE-TIME with ``TZID`` where the wall time names it, else in UTC."""
        _whole_seconds(value, name)
        if tzid is None or tzid == "UTC":
            self.add(name, _utc_text(value))
            return
        tz = zone(tzid)
        wall = value.astimezone(tz).replace(tzinfo=None)
        # A reader takes a repeated wall time as the first one (RFC 5545).
        if localize(wall, tz) != value:
            self.add(name, _utc_text(value))
            return
        self.spans.setdefault(tzid, []).append(to_us(value))
        self.add(name, f"{wall:%Y%m%dT%H%M%S}", (("TZID", tzid),))

    def wall(self, name: str, wall: dt.datetime, tzid: str) -> None:
        """A DATE-TIME written as the rule's wall time (a DTSTART in a gap stays as is)."""
        if tzid == "UTC":
            self.add(name, f"{wall:%Y%m%dT%H%M%SZ}")
            return
        self.spans.setdefault(tzid, []).append(to_us(localize(wall, zone(tzid))))
        self.add(name, f"{wall:%Y%m%dT%H%M%S}", (("TZID", tzid),))


def _appointment_props(
    w: _Writer, appt: Appointment, summary: Callable[[Appointment], str | None] | None
) -> None:
    title = summary(appt) if summary is not None else (appt.type or "Appointment")
    if title:
        w.text("SUMMARY", title)
    w.add("STATUS", _TO_ICAL_STATUS.get(appt.status, "CONFIRMED"))
    if appt.status not in {Status.BOOKED, Status.PENDING, Status.CANCELLED}:
        w.add("X-MEDOFFICE-STATUS", appt.status.value)
    if appt.type is not None:
        w.text("X-MEDOFFICE-TYPE", appt.type)
    for res in appt.resources:
        if res.kind is ResourceKind.PATIENT:
            continue
        params = [("KIND", res.kind.value)]
        if res.capacity != 1:
            params.append(("CAPACITY", str(res.capacity)))
        w.add("X-MEDOFFICE-RESOURCE", _escape(res.id), params)
    for name, buffer in (("BEFORE", appt.buffer_before), ("AFTER", appt.buffer_after)):
        if buffer:
            w.add(f"X-MEDOFFICE-BUFFER-{name}", str(buffer // _SECOND))
    if appt.locked:
        w.add("X-MEDOFFICE-LOCKED", "TRUE")


def _event(
    w: _Writer,
    *,
    uid: str,
    stamp: str,
    appt: Appointment,
    tzid: str | None,
    summary: Callable[[Appointment], str | None] | None,
    extra: Callable[[], None] | None = None,
) -> None:
    w.add("BEGIN", "VEVENT")
    w.text("UID", uid)
    w.add("DTSTAMP", stamp)
    if extra is not None:
        extra()
    else:
        w.instant("DTSTART", appt.start, tzid)
    w.instant("DTEND", appt.end, tzid)
    _appointment_props(w, appt, summary)


def _series_events(
    w: _Writer,
    series: Series,
    uid: str,
    stamp: str,
    summary: Callable[[Appointment], str | None] | None,
) -> None:
    tzid = series.timezone
    tz = zone(tzid)
    rec = series.recurrence

    def head() -> None:
        w.wall("DTSTART", series.first_wall, tzid)

    _event(w, uid=uid, stamp=stamp, appt=series.template, tzid=tzid, summary=summary, extra=head)
    until = rec.until
    if until is not None and not isinstance(until, dt.datetime):
        until = from_us(day_bounds(until, tz)[1]) - _SECOND  # the end of that local day
    if isinstance(until, dt.datetime):
        until = _whole_seconds(until.astimezone(UTC).replace(microsecond=0), "until")
        w.spans.setdefault(tzid, []).append(to_us(until))
    elif rec.count is not None:  # the VTIMEZONE covers the last start
        last = series._rule_starts(to_us(series.template.start), to_us(_MAX))[-1:]
        w.spans.setdefault(tzid, []).extend(last)
    else:  # no end: the VTIMEZONE's last rules run on
        w.spans.setdefault(tzid, []).append(to_us(series.template.start) + _YEAR_US)
    w.add("RRULE", rec.rrule_text(until))
    for item in rec.exdates:
        if isinstance(item, dt.datetime):
            w.instant("EXDATE", item, tzid)
        else:  # a local date: the starts on it, in DTSTART's value type
            for us in series._rule_starts(*day_bounds(item, tz)):
                w.instant("EXDATE", from_us(us), tzid)
    for item in rec.rdates:
        w.instant("RDATE", item, tzid)
    for name, value, default in (
        ("NONEXISTENT", rec.nonexistent.value, Nonexistent.SHIFT_FORWARD.value),
        ("AMBIGUOUS", rec.ambiguous.value, Ambiguous.EARLIER.value),
        ("FEB29", rec.feb29.value, "skip"),
    ):
        if value != default:
            w.add(f"X-MEDOFFICE-{name}", value)
    w.add("END", "VEVENT")
    for change in series.changes:
        occurrence = series._occurrence(change.key, change)

        def recurrence_id(change: OccurrenceChange = change, occ: Appointment = occurrence) -> None:
            w.instant("RECURRENCE-ID", change.original_start, tzid)
            w.instant("DTSTART", occ.start, tzid)

        _event(
            w,
            uid=uid,
            stamp=stamp,
            appt=occurrence,
            tzid=tzid,
            summary=summary,
            extra=recurrence_id,
        )
        w.add("END", "VEVENT")


def to_ical(
    items: Iterable[Appointment | Series],
    *,
    dtstamp: dt.datetime,
    prodid: str = PRODID,
    domain: str = DOMAIN,
    timezone: str | None = None,
    summary: Callable[[Appointment], str | None] | None = None,
) -> str:
    r"""RFC 5545 text for appointments and series, with CRLF line endings.

    Args:
        items: Appointments and :class:`~medoffice.scheduling.Series`.
        dtstamp: When the calendar was written (``DTSTAMP``, aware); there is
            no clock in the library.
        prodid: The ``PRODID``.
        domain: ``UID`` is ``f"{id}@{domain}"``.
        timezone: The IANA zone in which single appointments are written
            (``TZID``); ``None`` writes them in UTC. A series uses its own zone.
        summary: Gives the ``SUMMARY`` of an appointment (``None`` for none);
            by default its type code. Never put patient names or reasons here:
            the file leaves the practice.

    Every ``TZID`` used gets a ``VTIMEZONE`` built from the IANA database over
    the years used (rules as ``RRULE`` where the zone follows one). A time that
    a ``TZID`` wall time cannot name (the second 01:30 of a fall-back night) is
    written in UTC.

    >>> from datetime import datetime, timezone
    >>> from medoffice.scheduling import Appointment, Resource
    >>> from medoffice.scheduling._recurrence import Recurrence, Series
    >>> t = Appointment(id="s1", start=datetime(2025, 1, 6, 14, tzinfo=timezone.utc),
    ...                 end=datetime(2025, 1, 6, 14, 30, tzinfo=timezone.utc),
    ...                 resources=(Resource(id="dr-lee", kind="provider"),))
    >>> s = Series(id="s1", template=t, timezone="America/New_York",
    ...            recurrence=Recurrence.from_rrule("FREQ=WEEKLY;BYDAY=MO;COUNT=10"))
    >>> text = to_ical([s], dtstamp=datetime(2025, 1, 2, tzinfo=timezone.utc))
    >>> print(text.replace("\r\n", "\n"), end="")
    BEGIN:VCALENDAR
    VERSION:2.0
    PRODID:-//medoffice//medoffice scheduling//EN
    CALSCALE:GREGORIAN
    BEGIN:VTIMEZONE
    TZID:America/New_York
    BEGIN:DAYLIGHT
    DTSTART:20240310T020000
    TZOFFSETFROM:-0500
    TZOFFSETTO:-0400
    TZNAME:EDT
    RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
    END:DAYLIGHT
    BEGIN:STANDARD
    DTSTART:20241103T020000
    TZOFFSETFROM:-0400
    TZOFFSETTO:-0500
    TZNAME:EST
    RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
    END:STANDARD
    END:VTIMEZONE
    BEGIN:VEVENT
    UID:s1@medoffice.invalid
    DTSTAMP:20250102T000000Z
    DTSTART;TZID=America/New_York:20250106T090000
    DTEND;TZID=America/New_York:20250106T093000
    SUMMARY:Appointment
    STATUS:CONFIRMED
    X-MEDOFFICE-RESOURCE;KIND=provider:dr-lee
    RRULE:FREQ=WEEKLY;COUNT=10;BYDAY=MO
    END:VEVENT
    END:VCALENDAR
    """
    stamp = _utc_text(_whole_seconds(dtstamp.astimezone(UTC).replace(microsecond=0), "dtstamp"))
    if timezone is not None:
        zone(timezone)
    w = _Writer()
    given: Iterable[object] = items  # callers may pass anything at run time
    for item in given:
        if isinstance(item, Series):
            _series_events(w, item, f"{item.id}@{domain}", stamp, summary)
        elif isinstance(item, Appointment):
            _event(
                w,
                uid=f"{item.id}@{domain}",
                stamp=stamp,
                appt=item,
                tzid=timezone,
                summary=summary,
            )
            w.add("END", "VEVENT")
        else:
            msg = "items: every item must be an Appointment or a Series"
            raise TypeError(msg)
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{_escape(prodid)}", "CALSCALE:GREGORIAN"]
    zones = [line for name in sorted(w.spans) for line in _vtimezone(name, w.spans[name])]
    lines = [*head, *zones, *w.lines, "END:VCALENDAR"]
    return "".join(_fold(line) for line in lines)


# -- VTIMEZONE -------------------------------------------------------------------------------


def _offset_text(seconds: int) -> str:
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{secs:02d}" if secs else "")


def _offset_at(tz: dt.tzinfo, ts: int) -> int:
    offset = dt.datetime.fromtimestamp(ts, tz).utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0


@functools.cache
def _transitions(name: str, year: int) -> tuple[tuple[int, int, int, bool, str], ...]:
    """``(utc seconds, offset before, offset after, is DST, abbreviation)`` in ``year``."""
    tz = zone(name)
    start = int(dt.datetime(year, 1, 1, tzinfo=UTC).timestamp())
    end = int(dt.datetime(year + 1, 1, 1, tzinfo=UTC).timestamp())
    out = []
    before = _offset_at(tz, start - 1)
    for ts in range(start, end, 86400):
        after = _offset_at(tz, ts + 86399)
        if after == before:
            continue
        lo, hi = ts, ts + 86399  # the change is in (lo - 1, hi]
        while lo < hi:
            mid = (lo + hi) // 2
            if _offset_at(tz, mid) == before:
                lo = mid + 1
            else:
                hi = mid
        moment = dt.datetime.fromtimestamp(lo, tz)
        out.append((lo, before, after, bool(moment.dst()), moment.tzname() or name))
        before = after
    return tuple(out)


def _vtimezone(name: str, instants: list[int]) -> list[str]:
    """A VTIMEZONE for the years the instants fall in (and the year before)."""
    tz = zone(name)
    first = from_us(min(instants)).year - 1
    last = from_us(max(instants)).year
    found = [t for year in range(first, last + 1) for t in _transitions(name, year)]
    lines = ["BEGIN:VTIMEZONE", f"TZID:{name}"]
    if not found:
        moment = from_us(min(instants)).astimezone(tz)
        offset = _offset_text(_offset_at(tz, int(moment.timestamp())))
        kind = "DAYLIGHT" if moment.dst() else "STANDARD"
        lines += [
            f"BEGIN:{kind}",
            "DTSTART:19700101T000000",
            f"TZOFFSETFROM:{offset}",
            f"TZOFFSETTO:{offset}",
            f"TZNAME:{moment.tzname()}",
            f"END:{kind}",
        ]
        return [*lines, "END:VTIMEZONE"]
    groups: list[list[tuple[dt.datetime, tuple[Any, ...], int]]] = []
    for ts, before, after, dst, abbr in found:
        wall = dt.datetime.fromtimestamp(ts + before, UTC).replace(tzinfo=None)
        length = (wall.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        nth = -1 if wall.day + 7 > length.day else (wall.day - 1) // 7 + 1
        key = (dst, wall.month, wall.weekday(), nth, wall.time(), before, after, abbr)
        same = [g for g in groups if g[-1][1] == key and g[-1][0].year == wall.year - 1]
        if same:
            same[-1].append((wall, key, ts))
        else:
            groups.append([(wall, key, ts)])
    for group in groups:
        wall, key, _ = group[0]
        dst, month, weekday, nth, _time, before, after, abbr = key
        kind = "DAYLIGHT" if dst else "STANDARD"
        lines += [
            f"BEGIN:{kind}",
            f"DTSTART:{wall:%Y%m%dT%H%M%S}",
            f"TZOFFSETFROM:{_offset_text(before)}",
            f"TZOFFSETTO:{_offset_text(after)}",
            f"TZNAME:{abbr}",
        ]
        if len(group) > 1:
            rule = f"RRULE:FREQ=YEARLY;BYMONTH={month};BYDAY={nth}{_DAY_NAMES[weekday]}"
            if group[-1][0].year != last:  # a rule that stopped: say when
                rule += f";UNTIL={dt.datetime.fromtimestamp(group[-1][2], UTC):%Y%m%dT%H%M%SZ}"
            lines.append(rule)
        lines.append(f"END:{kind}")
    return [*lines, "END:VTIMEZONE"]


# -- reading -------------------------------------------------------------------------------


@attrs.frozen
class _Line:
    number: int
    name: str
    params: tuple[tuple[str, str], ...]
    value: str

    def param(self, key: str) -> str | None:
        for name, value in self.params:
            if name == key:
                return value
        return None

    def fail(self, message: str, code: str) -> ParseError:
        return ParseError(message, code=code, segment=self.number, segment_id=self.name)


_NAME_RE = re.compile(r"[A-Za-z0-9-]+")


def _unfold(text: str) -> Iterator[tuple[int, str]]:
    number, current = 0, None
    for index, raw in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        if raw[:1] in {" ", "\t"}:
            if current is None:
                msg = "a folded line continues nothing"
                raise ParseError(msg, code="ical.fold", segment=index)
            current += raw[1:]
            continue
        if current is not None:
            yield number, current
        number, current = index, (raw if raw.strip() else None)
    if current is not None:
        yield number, current


def _content_line(number: int, line: str) -> _Line:
    match = _NAME_RE.match(line)
    if match is None:
        msg = "a content line starts with a property name"
        raise ParseError(msg, code="ical.line", segment=number)
    name = match[0].upper()
    pos = match.end()
    params: list[tuple[str, str]] = []
    while pos < len(line) and line[pos] == ";":
        key = _NAME_RE.match(line, pos + 1)
        if key is None or line[key.end() : key.end() + 1] != "=":
            msg = f"{name}: a parameter is NAME=VALUE"
            raise ParseError(msg, code="ical.param", segment=number, segment_id=name)
        pos = key.end() + 1
        values = []
        while True:
            if line[pos : pos + 1] == '"':
                close = line.find('"', pos + 1)
                if close < 0:
                    msg = f"{name}: a quoted parameter value is not closed"
                    raise ParseError(msg, code="ical.param", segment=number, segment_id=name)
                values.append(line[pos + 1 : close])
                pos = close + 1
            else:
                stop = pos
                while stop < len(line) and line[stop] not in ';,:"':
                    stop += 1
                values.append(line[pos:stop])
                pos = stop
            if line[pos : pos + 1] != ",":
                break
            pos += 1
        params.append((key[0].upper(), ",".join(values)))
    if line[pos : pos + 1] != ":":
        msg = f"{name}: a content line is NAME[;PARAM=VALUE]:VALUE"
        raise ParseError(msg, code="ical.line", segment=number, segment_id=name)
    return _Line(number, name, tuple(params), line[pos + 1 :])


def _unescape(text: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], text)


def _events(text: str) -> list[tuple[_Line, list[_Line]]]:
    """The VEVENTs as (BEGIN line, property lines); other components are skipped."""
    stack: list[str] = []
    events: list[tuple[_Line, list[_Line]]] = []
    lines = [_content_line(n, raw) for n, raw in _unfold(text)]
    if not lines or (lines[0].name, lines[0].value.upper()) != ("BEGIN", "VCALENDAR"):
        msg = "an iCalendar stream starts with BEGIN:VCALENDAR"
        raise ParseError(msg, code="ical.vcalendar", segment=lines[0].number if lines else 1)
    closed = False
    for line in lines:
        if closed:
            if (line.name, line.value.upper()) == ("BEGIN", "VCALENDAR"):
                closed = False
                stack.append("VCALENDAR")
                continue
            raise line.fail("text after END:VCALENDAR", "ical.vcalendar")
        if line.name == "BEGIN":
            stack.append(line.value.upper())
            if stack == ["VCALENDAR", "VEVENT"]:
                events.append((line, []))
        elif line.name == "END":
            if not stack or stack[-1] != line.value.upper():
                expected = stack[-1] if stack else "nothing"
                raise line.fail(f"END:{line.value} closes {expected}", "ical.nesting")
            stack.pop()
            closed = not stack
        elif not stack:  # pragma: no cover  # the first line opens VCALENDAR
            raise line.fail("a property outside VCALENDAR", "ical.nesting")
        elif stack == ["VCALENDAR", "VEVENT"]:
            events[-1][1].append(line)
    if stack:
        msg = f"BEGIN:{stack[-1]} is never closed"
        raise ParseError(msg, code="ical.nesting", segment=lines[-1].number)
    return events


_DURATION_RE = re.compile(
    r"([+-])?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?"
)


def _duration(line: _Line) -> dt.timedelta:
    match = _DURATION_RE.fullmatch(line.value.strip().upper())
    if match is None or line.value.strip().upper() in {"P", "-P", "+P"}:
        raise line.fail("DURATION is not an RFC 5545 duration such as PT30M", "ical.duration")
    weeks, days, hours, minutes, seconds = (int(g or 0) for g in match.groups()[1:])
    value = dt.timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes, seconds=seconds)
    return -value if match[1] == "-" else value


class _Reader:
    def __init__(self, default_zone: str) -> None:
        self.default_zone = default_zone

    def zone_of(self, line: _Line) -> str:
        tzid = line.param("TZID")
        if tzid is None:
            return "UTC" if line.value.strip().upper().endswith("Z") else self.default_zone
        try:
            zone(tzid)
        except ValueError:
            raise line.fail(f"TZID {tzid!r} is not an IANA time zone", "ical.tzid") from None
        return tzid

    def values(self, line: _Line) -> list[dt.datetime | dt.date]:
        """The DATE or DATE-TIME values of a property (aware, or local dates)."""
        out: list[dt.datetime | dt.date] = []
        is_date = (line.param("VALUE") or "").upper() == "DATE"
        name = self.zone_of(line)
        for text in line.value.split(","):
            raw = text.strip().upper()
            try:
                if is_date or len(raw) == 8:
                    out.append(dt.datetime.strptime(raw, "%Y%m%d").date())
                    continue
                fmt = "%Y%m%dT%H%M%SZ" if raw.endswith("Z") else "%Y%m%dT%H%M%S"
                wall = dt.datetime.strptime(raw, fmt)
            except ValueError:
                raise line.fail(f"{raw!r} is not a DATE or DATE-TIME", "ical.datetime") from None
            out.append(
                wall.replace(tzinfo=UTC) if raw.endswith("Z") else localize(wall, zone(name))
            )
        return out

    def instant(self, line: _Line) -> dt.datetime:
        value = self.values(line)[0]  # a split gives at least one item
        if isinstance(value, dt.datetime):
            return value
        return localize(dt.datetime.combine(value, dt.time()), zone(self.default_zone))


def _one(props: list[_Line], name: str) -> _Line | None:
    found = [p for p in props if p.name == name]
    if len(found) > 1:
        raise found[1].fail(f"{name} is given twice", "ical.property.repeated")
    return found[0] if found else None


def _strip_domain(uid: str, domain: str | None) -> str:
    if domain and uid.endswith("@" + domain) and len(uid) > len(domain) + 1:
        return uid[: -len(domain) - 1]
    return uid


def _resources(props: list[_Line]) -> tuple[Resource, ...]:
    out = []
    for line in props:
        if line.name != "X-MEDOFFICE-RESOURCE":
            continue
        try:
            out.append(
                Resource(
                    id=_unescape(line.value),
                    kind=(line.param("KIND") or "staff").lower(),
                    capacity=int(line.param("CAPACITY") or 1),
                )
            )
        except (ValueError, TypeError) as exc:
            raise line.fail(f"not a resource: {exc}", "ical.resource") from None
    return tuple(out)


def _event_values(
    begin: _Line, props: list[_Line], reader: _Reader, domain: str | None, fallback: Resource
) -> dict[str, Any]:
    """The appointment fields of one VEVENT, and its RRULE/RECURRENCE-ID lines."""
    uid = _one(props, "UID")
    start_line = _one(props, "DTSTART")
    if uid is None or start_line is None:
        missing = "UID" if uid is None else "DTSTART"
        raise begin.fail(f"a VEVENT needs {missing}", "ical.vevent.required")
    start = reader.instant(start_line)
    all_day = not isinstance(reader.values(start_line)[0], dt.datetime)
    end_line, dur_line = _one(props, "DTEND"), _one(props, "DURATION")
    if end_line is not None and dur_line is not None:
        raise dur_line.fail("DTEND and DURATION are mutually exclusive", "ical.vevent.end")
    if end_line is not None:
        end = reader.instant(end_line)
    elif dur_line is not None:
        end = start.astimezone(UTC) + _duration(dur_line)
    elif all_day:
        wall = start.astimezone(zone(reader.default_zone)).replace(tzinfo=None)
        end = localize(wall + dt.timedelta(days=1), zone(reader.default_zone))
    else:
        end = start
    status_line = _one(props, "X-MEDOFFICE-STATUS") or _one(props, "STATUS")
    status = Status.BOOKED
    if status_line is not None:
        text = status_line.value.strip()
        found = _FROM_ICAL_STATUS.get(text.upper()) if status_line.name == "STATUS" else None
        try:
            status = found or Status(text.lower())
        except ValueError:
            raise status_line.fail(f"STATUS {text!r} is not known", "ical.status") from None
    fields: dict[str, Any] = {
        "id": _strip_domain(_unescape(uid.value), domain),
        "start": start,
        "end": end,
        "resources": _resources(props) or (fallback,),
        "status": status,
    }
    type_line = _one(props, "X-MEDOFFICE-TYPE")
    if type_line is not None:
        fields["type"] = _unescape(type_line.value)
    for key, name in (("buffer_before", "BEFORE"), ("buffer_after", "AFTER")):
        line = _one(props, f"X-MEDOFFICE-BUFFER-{name}")
        if line is not None:
            if not line.value.strip().isdigit():
                raise line.fail("a buffer is whole seconds", "ical.buffer")
            fields[key] = dt.timedelta(seconds=int(line.value))
    locked = _one(props, "X-MEDOFFICE-LOCKED")
    fields["locked"] = locked is not None and locked.value.strip().upper() == "TRUE"
    return fields


def _recurrence(props: list[_Line], rule: _Line, reader: _Reader, tzid: str) -> Recurrence:
    exdates: list[dt.datetime | dt.date] = []
    rdates: list[dt.datetime | dt.date] = []
    for line in props:
        if line.name == "EXDATE":
            exdates += reader.values(line)
        elif line.name == "RDATE":
            if (line.param("VALUE") or "").upper() == "PERIOD":
                raise line.fail("RDATE;VALUE=PERIOD is not supported", "ical.rdate")
            rdates += [
                v
                if isinstance(v, dt.datetime)
                else localize(dt.datetime.combine(v, dt.time()), zone(tzid))
                for v in reader.values(line)
            ]
    policies: dict[str, Any] = {"exdates": tuple(exdates), "rdates": tuple(rdates)}
    for name in ("NONEXISTENT", "AMBIGUOUS", "FEB29"):
        policy = _one(props, f"X-MEDOFFICE-{name}")
        if policy is not None:
            policies[name.lower()] = policy.value.strip().lower()
    try:
        return Recurrence.from_rrule(rule.value, timezone=tzid, **policies)
    except (ValueError, TypeError) as exc:
        raise rule.fail(str(exc), "ical.rrule") from None


def _read_event(
    begin: _Line, props: list[_Line], reader: _Reader, domain: str | None, fallback: Resource
) -> tuple[str, Appointment | Series, _Line | None]:
    """(uid, value, RECURRENCE-ID line) for one VEVENT."""
    fields = _event_values(begin, props, reader, domain, fallback)
    uid = fields["id"]
    recurrence_id = _one(props, "RECURRENCE-ID")
    rule = _one(props, "RRULE")
    try:
        appt = Appointment(**fields)
        if rule is None or recurrence_id is not None:
            return uid, appt, recurrence_id
        dtstart = _one(props, "DTSTART")
        assert dtstart is not None  # noqa: S101  # _event_values checked
        tzid = reader.zone_of(dtstart)
        rec = _recurrence(props, rule, reader, tzid)
        return uid, Series(id=uid, template=appt, timezone=tzid, recurrence=rec), None
    except ParseError:
        raise
    except (ValueError, TypeError) as exc:
        raise begin.fail(f"VEVENT: {exc}", "ical.vevent") from None


def _change(series: Series, occ: Appointment, original: dt.datetime) -> OccurrenceChange:
    """A change holding only what differs from the series' own occurrence."""
    plain = series._occurrence(to_us(original), None)
    return OccurrenceChange(
        original_start=original,
        start=None if occ.start == plain.start else occ.start,
        end=None if occ.end == (occ.start + series.duration) else occ.end,
        resources=None if occ.resources == plain.resources else occ.resources,
        status=None if occ.status is plain.status else occ.status,
    )


def from_ical(
    text: str,
    *,
    timezone: str = "UTC",
    domain: str | None = DOMAIN,
    resource: Resource | None = None,
) -> tuple[Appointment | Series, ...]:
    r"""Read appointments and series from RFC 5545 text (ours, and common feeds).

    Args:
        text: The calendar text (CRLF or LF line endings, folded or not).
        timezone: The zone for floating times and all-day (``VALUE=DATE``)
            events, which are local dates ``[date, date + 1)`` there.
        domain: Removed from the end of each ``UID`` (``id@domain``) to give
            the id; ``None`` keeps UIDs whole.
        resource: The resource of events that name none (default: a staff
            resource ``calendar``).

    A ``RECURRENCE-ID`` event becomes an
    :class:`~medoffice.scheduling.OccurrenceChange` of its series (one whose
    series is missing becomes an appointment). ``VTIMEZONE`` components are not
    read: ``TZID`` must be an IANA name. Anything malformed raises
    :class:`~medoffice.exceptions.ParseError` with the line number.

    >>> text = '''BEGIN:VCALENDAR
    ... BEGIN:VEVENT
    ... UID:x1@example.org
    ... DTSTART;VALUE=DATE:20250704
    ... SUMMARY:Closed
    ... END:VEVENT
    ... END:VCALENDAR'''
    >>> (day,) = from_ical(text, timezone="America/New_York", domain="example.org")
    >>> day.id, day.start.isoformat(), day.duration
    ('x1', '2025-07-04T04:00:00+00:00', datetime.timedelta(days=1))
    >>> from_ical("BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nDTSTART:2025\nEND:VEVENT\nEND:VCALENDAR")
    Traceback (most recent call last):
    ...
    medoffice.exceptions.ParseError: segment 4 (DTSTART): '2025' is not a DATE or DATE-TIME
    """
    given: object = text  # callers may pass bytes
    if not isinstance(given, str):
        msg = "text: must be a str (decode the bytes as UTF-8 first)"
        raise TypeError(msg)
    try:
        zone(timezone)
    except ValueError as exc:
        raise ValueError(str(exc)) from None
    fallback = resource or Resource(id="calendar", kind="staff")
    reader = _Reader(timezone)
    order: list[str] = []
    masters: dict[str, Appointment | Series] = {}
    pending: list[tuple[str, Appointment, _Line]] = []
    for begin, props in _events(text):
        uid, value, recurrence_id = _read_event(begin, props, reader, domain, fallback)
        if recurrence_id is not None:
            assert isinstance(value, Appointment)  # noqa: S101  # never a Series
            pending.append((uid, value, recurrence_id))
            continue
        if uid in masters:
            raise begin.fail(f"UID {uid!r} is given twice", "ical.uid.repeated")
        order.append(uid)
        masters[uid] = value
    orphans: list[Appointment] = []
    for uid, occ, line in pending:
        original = reader.instant(line)
        master = masters.get(uid)
        if not isinstance(master, Series):
            orphans.append(attrs.evolve(occ, id=f"{uid}@{original.astimezone(UTC):%Y%m%dT%H%M%SZ}"))
            continue
        key = to_us(original)
        if any(c.key == key for c in master.changes):
            raise line.fail("RECURRENCE-ID is given twice", "ical.recurrence_id.repeated")
        masters[uid] = attrs.evolve(
            master, changes=(*master.changes, _change(master, occ, original))
        )
    return (*(masters[uid] for uid in order), *orphans)
