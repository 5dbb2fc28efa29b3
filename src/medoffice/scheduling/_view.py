"""Day and week views of appointments as SVG, for people who look rather than read.

A day view has one column per resource, a week view one column per day; both
have a local time axis. Boxes are placed by their instants (epoch
microseconds) against the column's local start, so a 23- or 25-hour DST day is
drawn as it was lived: the repeated hour appears twice, the skipped one not at
all, and the hour labels carry the zone abbreviation on such days.

Boxes show the type code, the local times and the appointment id (never a
patient's name); buffers are lighter, cancelled and no-show bookings faded and
struck, and each conflict window is hatched and outlined in red.

>>> from datetime import date, datetime, timezone
>>> from medoffice.scheduling import Appointment, Resource
>>> a = Appointment(id="a1", start=datetime(2025, 3, 10, 13, tzinfo=timezone.utc),
...                 end=datetime(2025, 3, 10, 13, 30, tzinfo=timezone.utc),
...                 resources=(Resource(id="dr-lee", kind="provider"),), type="checkup")
>>> view = day_view([a], date(2025, 3, 10), "America/New_York")
>>> view.svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
True
>>> "09:00–09:30 checkup" in view.svg
True
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

import attrs

from medoffice.scheduling._model import Appointment, Conflict, Resource, ResourceKind, Status
from medoffice.scheduling._time import from_us, localize, to_us, zone

__all__ = ["CalendarView", "day_view", "week_view"]

_HOUR_US = 3_600_000_000
_AXIS_W = 72
_COL_W = 168
_HEADER_H = 36
_PX_PER_HOUR = 48
_LEGEND_H = 40
_PAD = 6
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_KIND_ORDER = {
    ResourceKind.PROVIDER: 0,
    ResourceKind.STAFF: 1,
    ResourceKind.ROOM: 2,
    ResourceKind.EQUIPMENT: 3,
    ResourceKind.PATIENT: 4,
}
_FADED = frozenset({Status.CANCELLED, Status.NOSHOW, Status.ENTERED_IN_ERROR})
_TENTATIVE = frozenset({Status.PROPOSED, Status.PENDING, Status.WAITLIST})
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@attrs.frozen(kw_only=True)
class CalendarView:
    """A rendered calendar view: SVG 1.1 text, shown inline in notebooks.

    Attributes:
        svg: The SVG document (deterministic: the same input gives the same bytes).
        title: What the view shows ("Day view, 2025-03-10 (America/New_York)").

    >>> v = CalendarView(svg="<svg/>", title="empty")
    >>> v._repr_html_()
    '<svg/>'
    """

    svg: str = attrs.field(validator=attrs.validators.instance_of(str))
    title: str = attrs.field(default="", validator=attrs.validators.instance_of(str))

    def _repr_html_(self) -> str:
        """The SVG, for Jupyter's rich display."""
        return self.svg


@attrs.frozen
class _Column:
    label: str
    day: dt.date
    start_us: int
    end_us: int
    items: tuple[Appointment, ...]
    conflicts: tuple[Conflict, ...]


# -- text and numbers -------------------------------------------------------------


def _esc(text: str) -> str:
    text = _BAD_XML.sub("\ufffd", text)
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )


def _n(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _hhmm(us: int, tz: dt.tzinfo) -> str:
    return from_us(us).astimezone(tz).strftime("%H:%M")


# -- windows and hour marks ---------------------------------------------------------


def _check_hours(start_hour: object, end_hour: object) -> None:
    for name, value in (("start_hour", start_hour), ("end_hour", end_hour)):
        if not isinstance(value, int) or isinstance(value, bool):
            msg = f"{name}: must be an integer hour"
            raise TypeError(msg)
        if not 0 <= value <= 24:
            msg = f"{name}: must be from 0 to 24"
            raise ValueError(msg)
    assert isinstance(start_hour, int)  # noqa: S101  # checked above
    assert isinstance(end_hour, int)  # noqa: S101
    if end_hour <= start_hour:
        msg = "end_hour: must be after start_hour"
        raise ValueError(msg)


def _check_day(value: object, name: str) -> dt.date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        msg = f"{name}: must be a date (not a datetime)"
        raise TypeError(msg)
    return value


def _hour_us(day: dt.date, hour: int, tz: dt.tzinfo) -> int:
    wall = dt.datetime.combine(day + dt.timedelta(days=hour // 24), dt.time(hour % 24))
    return to_us(localize(wall, tz))


def _local_hour(us: int, day: dt.date, tz: dt.tzinfo, *, ceil: bool) -> int:
    local = from_us(us).astimezone(tz)
    if local.date() < day:
        return 0
    if local.date() > day:
        return 24
    partial = (local.minute, local.second, local.microsecond) != (0, 0, 0)
    return local.hour + (1 if ceil and partial else 0)


def _extent(item: Appointment) -> tuple[int, int]:
    start, end = item.span
    return start, max(end, start + 1)


def _on_day(items: Iterable[Appointment], day: dt.date, tz: dt.tzinfo) -> list[Appointment]:
    lo, hi = _hour_us(day, 0, tz), _hour_us(day, 24, tz)
    return [a for a in items if _extent(a)[0] < hi and _extent(a)[1] > lo]


def _hours_shown(
    items: Iterable[tuple[Appointment, dt.date]], tz: dt.tzinfo, start_hour: int, end_hour: int
) -> tuple[int, int]:
    """Widen ``[start_hour, end_hour)`` so that every booking of its day shows."""
    for item, day in items:
        start, end = _extent(item)
        start_hour = min(start_hour, _local_hour(start, day, tz, ceil=False))
        end_hour = max(end_hour, _local_hour(end, day, tz, ceil=True))
    return start_hour, end_hour


def _marks(column: _Column, tz: dt.tzinfo) -> list[tuple[int, str]]:
    """``(instant, label)`` for every local hour that begins inside the column."""
    found: dict[int, dt.datetime] = {}
    for hour in range(25):
        wall = dt.datetime.combine(column.day + dt.timedelta(days=hour // 24), dt.time(hour % 24))
        for fold in (0, 1):
            aware = wall.replace(tzinfo=tz, fold=fold)
            if aware.astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None) != wall:
                continue  # skipped by a spring-forward change
            us = to_us(aware)
            if column.start_us <= us <= column.end_us:
                found[us] = aware
    offsets = {aware.utcoffset() for aware in found.values()}
    out = []
    for us in sorted(found):
        aware = found[us]
        label = aware.strftime("%H:%M")
        if len(offsets) > 1:
            label += f" {aware.tzname()}"
        out.append((us, label))
    return out


# -- lanes ----------------------------------------------------------------------------


def _lanes(items: Sequence[Appointment]) -> dict[str, tuple[int, int]]:
    """Side-by-side lanes for overlapping boxes: ``id -> (lane, lanes in its cluster)``."""
    ordered = sorted(items, key=lambda a: (*_extent(a), a.id))
    out: dict[str, tuple[int, int]] = {}
    cluster: list[tuple[str, int]] = []
    lane_ends: list[int] = []
    cluster_end = None

    def close() -> None:
        for key, lane in cluster:
            out[key] = (lane, len(lane_ends))

    for item in ordered:
        start, end = _extent(item)
        if cluster_end is not None and start >= cluster_end:
            close()
            cluster, lane_ends = [], []
        for lane, lane_end in enumerate(lane_ends):
            if lane_end <= start:
                lane_ends[lane] = end
                break
        else:
            lane = len(lane_ends)
            lane_ends.append(end)
        cluster.append((item.id, lane))
        cluster_end = end if cluster_end is None or start >= cluster_end else max(cluster_end, end)
    close()
    return out


# -- drawing -------------------------------------------------------------------------


class _Canvas:
    def __init__(self, columns: Sequence[_Column], tz: dt.tzinfo, title: str) -> None:
        self.columns = columns
        self.tz = tz
        self.title = title
        hours = max((c.end_us - c.start_us for c in columns), default=_HOUR_US) / _HOUR_US
        self.width = _AXIS_W + _COL_W * max(len(columns), 1)
        self.body = hours * _PX_PER_HOUR
        self.height = _HEADER_H + self.body + _LEGEND_H
        self.parts: list[str] = []

    def y(self, column: _Column, us: int) -> float:
        return _HEADER_H + (us - column.start_us) * _PX_PER_HOUR / _HOUR_US

    def add(self, text: str) -> None:
        self.parts.append(text)

    def rect(self, x: float, y: float, w: float, h: float, style: str) -> str:
        return f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" {style}/>'

    def render(self) -> str:
        w, h = _n(self.width), _n(self.height)
        self.add(
            f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{w}" height="{h}" '
            f'viewBox="0 0 {w} {h}" font-family="sans-serif" font-size="11">'
        )
        self.add(f"<title>{_esc(self.title)}</title>")
        self.add(
            '<defs><pattern id="hatch" patternUnits="userSpaceOnUse" width="6" height="6" '
            'patternTransform="rotate(45)"><rect width="6" height="6" fill="#d00" '
            'fill-opacity="0.08"/><line x1="0" y1="0" x2="0" y2="6" stroke="#d00" '
            'stroke-width="2" stroke-opacity="0.5"/></pattern></defs>'
        )
        self.add(self.rect(0, 0, self.width, self.height, 'fill="#fff"'))
        if not self.columns:
            self.add(f'<text x="{_AXIS_W}" y="{_HEADER_H - 12}">no columns to show</text>')
        for index, column in enumerate(self.columns):
            self.column(index, column)
        self.legend()
        self.add("</svg>")
        return "\n".join(self.parts) + "\n"

    def column(self, index: int, column: _Column) -> None:
        x = _AXIS_W + index * _COL_W
        bottom = self.y(column, column.end_us)
        self.add('<g class="column">')
        self.add(
            self.rect(x, _HEADER_H, _COL_W, bottom - _HEADER_H, 'fill="#fafafa" stroke="#bbb"')
        )
        self.add(
            f'<text class="column-label" x="{_n(x + _COL_W / 2)}" y="{_HEADER_H - 12}" '
            f'text-anchor="middle" font-weight="bold">{_esc(column.label)}</text>'
        )
        marks = _marks(column, self.tz)
        labelled = index == 0 or marks != _marks(self.columns[0], self.tz)
        for us, label in marks:
            y = _n(self.y(column, us))
            self.add(
                f'<line class="hour" x1="{_n(x)}" y1="{y}" x2="{_n(x + _COL_W)}" y2="{y}" '
                'stroke="#ddd"/>'
            )
            if labelled:
                anchor = (x - 4, "end") if index == 0 else (x + 3, "start")
                self.add(
                    f'<text class="hour-label" x="{_n(anchor[0])}" y="{_n(float(y) + 4)}" '
                    f'text-anchor="{anchor[1]}" fill="#555">{_esc(label)}</text>'
                )
        conflicted = {key for c in column.conflicts for key in c.appointments}
        lanes = _lanes(column.items)
        for item in sorted(column.items, key=lambda a: (*_extent(a), a.id)):
            self.box(column, x, item, lanes[item.id], hot=item.id in conflicted)
        for conflict in column.conflicts:
            self.conflict(column, x, conflict)
        self.add("</g>")

    def clip(self, column: _Column, start: int, end: int) -> tuple[float, float] | None:
        lo, hi = max(start, column.start_us), min(end, column.end_us)
        if hi < lo or (hi == lo and start != end):
            return None
        return self.y(column, lo), self.y(column, hi)

    def box(
        self, column: _Column, x: float, item: Appointment, lane: tuple[int, int], *, hot: bool
    ) -> None:
        start, end = to_us(item.start), to_us(item.end)
        main = self.clip(column, start, end)
        lane_w = (_COL_W - 2 * _PAD) / lane[1]
        bx = x + _PAD + lane[0] * lane_w
        bw = max(lane_w - 2, 1)
        faded = item.status in _FADED
        classes = f"appointment {item.status.value}" + (" conflicted" if hot else "")
        times = f"{_hhmm(start, self.tz)}–{_hhmm(end, self.tz)}"
        zone_name = from_us(start).astimezone(self.tz).tzname()
        held = ", ".join(r.id for r in item.resources if r.kind is not ResourceKind.PATIENT)
        title = f"{item.id} · {item.type or 'no type'} · {times} {zone_name} · {item.status.value}"
        for label, buffer in (("before", item.buffer_before), ("after", item.buffer_after)):
            if buffer:
                title += f" · {_n(buffer / dt.timedelta(minutes=1))} min buffer {label}"
        if held:
            title += f" · {held}"
        opacity = ' opacity="0.5"' if faded else ""
        self.add(f'<g class="{classes}"{opacity}>')
        self.add(f"<title>{_esc(title)}</title>")
        occupied = item.span
        if item.end != item.start:
            for lo, hi in ((occupied[0], start), (end, occupied[1])):
                part = self.clip(column, lo, hi) if hi > lo else None
                if part is not None:
                    self.add(
                        self.rect(bx, part[0], bw, part[1] - part[0], 'class="buffer" '
                                  'fill="#e8eef8" stroke="#9bb" stroke-dasharray="2 2"')
                    )  # fmt: skip
        if main is None:  # only a buffer shows in this window
            self.add("</g>")
            return
        top, bottom = main
        height = max(bottom - top, 2)
        stroke = "#d00" if hot else ("#888" if faded else "#3b6fb6")
        dash = ' stroke-dasharray="4 3"' if item.status in _TENTATIVE or faded else ""
        fill = "#eee" if faded else ("#fff4d6" if item.status in _TENTATIVE else "#cfe2ff")
        width = 2 if hot else 1
        self.add(
            self.rect(bx, top, bw, height, f'class="visit" fill="{fill}" stroke="{stroke}" '
                      f'stroke-width="{width}"{dash}')
        )  # fmt: skip
        if faded:
            self.add(
                f'<line class="struck" x1="{_n(bx)}" y1="{_n(top)}" x2="{_n(bx + bw)}" '
                f'y2="{_n(top + height)}" stroke="#888"/>'
            )
        deco = ' text-decoration="line-through"' if faded else ""
        lines = [f"{times} {item.type or ''}".rstrip(), item.id]
        for number, line in enumerate(lines):
            if height >= 13 * (number + 1):
                self.add(
                    f'<text x="{_n(bx + 3)}" y="{_n(top + 11 + 12 * number)}"{deco}>'
                    f"{_esc(line)}</text>"
                )
        self.add("</g>")

    def conflict(self, column: _Column, x: float, conflict: Conflict) -> None:
        part = self.clip(column, to_us(conflict.start), to_us(conflict.end))
        if part is None:
            return
        times = f"{_hhmm(to_us(conflict.start), self.tz)}–{_hhmm(to_us(conflict.end), self.tz)}"
        what = "buffer overlap" if conflict.buffer_only else conflict.kind.value
        title = (
            f"{what} of {', '.join(conflict.appointments)} on {', '.join(conflict.resources)} "
            f"{times} [{conflict.severity.value}]"
        )
        self.add(f'<g class="conflict {conflict.severity.value}">')
        self.add(f"<title>{_esc(title)}</title>")
        self.add(
            self.rect(x + 1, part[0], _COL_W - 2, part[1] - part[0],
                      'fill="url(#hatch)" stroke="#d00" stroke-width="1.5"')
        )  # fmt: skip
        self.add("</g>")

    def legend(self) -> None:
        y = self.height - _LEGEND_H + 14
        entries = (
            ('fill="#cfe2ff" stroke="#3b6fb6"', "booked"),
            ('fill="#e8eef8" stroke="#9bb" stroke-dasharray="2 2"', "buffer"),
            ('fill="#fff4d6" stroke="#3b6fb6" stroke-dasharray="4 3"', "proposed / pending"),
            ('fill="#eee" stroke="#888" opacity="0.5"', "cancelled / no-show"),
            ('fill="url(#hatch)" stroke="#d00"', "conflict"),
        )
        self.add('<g class="legend">')
        x = 8.0
        for style, label in entries:
            self.add(self.rect(x, y, 14, 10, style))
            self.add(f'<text x="{_n(x + 18)}" y="{_n(y + 9)}">{_esc(label)}</text>')
            x += 24 + 6.5 * len(label)
        self.add("</g>")


# -- public entry points ---------------------------------------------------------------


def _resource_label(resource: Resource) -> str:
    if resource.name and resource.kind is not ResourceKind.PATIENT:
        return resource.name
    return resource.id


def day_view(
    appointments: Iterable[Appointment],
    day: dt.date,
    timezone: str,
    *,
    conflicts: Iterable[Conflict] = (),
    resources: Sequence[str] | None = None,
    start_hour: int = 7,
    end_hour: int = 19,
) -> CalendarView:
    """One local day, one column per resource, as SVG.

    Args:
        appointments: The bookings (``calendar.appointments`` will do); those of
            other days are left out.
        day: The local date.
        timezone: The IANA zone of the time axis.
        conflicts: Conflicts to mark (``find_conflicts(...)``): each is hatched
            in the columns of its resources.
        resources: The resource ids to show, in order; by default every
            non-patient resource booked that day (providers, staff, rooms,
            equipment), or the patients if there is no other.
        start_hour: The first local hour shown at least.
        end_hour: The last local hour shown at least (24: midnight); the view
            widens to show every booking of the day.

    Returns:
        A :class:`CalendarView`.

    >>> from datetime import date, datetime, timezone
    >>> from medoffice.scheduling import Appointment, Resource
    >>> t = datetime(2025, 3, 9, 14, tzinfo=timezone.utc)
    >>> a = Appointment(id="<b>", start=t, end=t.replace(minute=45),
    ...                 resources=(Resource(id="room-1", kind="room"),))
    >>> svg = day_view([a], date(2025, 3, 9), "America/New_York", start_hour=0, end_hour=24).svg
    >>> "&lt;b&gt;" in svg, "<b>" in svg, "03:00 EDT" in svg, "02:00" in svg
    (True, False, True, False)
    """
    _check_hours(start_hour, end_hour)
    day = _check_day(day, "day")
    tz = zone(timezone)
    items = _on_day(appointments, day, tz)
    known: dict[str, Resource] = {}
    for item in items:
        for resource in item.resources:
            known.setdefault(resource.id, resource)
    if resources is None:
        others = [r for r in known.values() if r.kind is not ResourceKind.PATIENT]
        chosen = sorted(others or known.values(), key=lambda r: (_KIND_ORDER[r.kind], r.id))
        ids = [r.id for r in chosen]
    else:
        ids = list(dict.fromkeys(resources))
    shown = [a for a in items if any(r.id in ids for r in a.resources)]
    start_hour, end_hour = _hours_shown(((a, day) for a in shown), tz, start_hour, end_hour)
    lo, hi = _hour_us(day, start_hour, tz), _hour_us(day, end_hour, tz)
    marked = list(conflicts)
    columns = [
        _Column(
            label=_resource_label(known[rid]) if rid in known else rid,
            day=day,
            start_us=lo,
            end_us=hi,
            items=tuple(a for a in shown if rid in a.resource_ids()),
            conflicts=tuple(c for c in marked if rid in c.resources),
        )
        for rid in ids
    ]
    title = f"Day view, {day.isoformat()} ({timezone})"
    return CalendarView(svg=_Canvas(columns, tz, title).render(), title=title)


def week_view(
    appointments: Iterable[Appointment],
    week_start: dt.date,
    timezone: str,
    *,
    conflicts: Iterable[Conflict] = (),
    resource: str | None = None,
    days: int = 7,
    start_hour: int = 7,
    end_hour: int = 19,
) -> CalendarView:
    """Several local days (a week by default), one column per day, as SVG.

    Args:
        appointments: The bookings.
        week_start: The first local date shown.
        timezone: The IANA zone of the time axis.
        conflicts: Conflicts to mark (only those on ``resource`` when it is set).
        resource: Show only the bookings that hold this resource id.
        days: How many days (1 to 31).
        start_hour: The first local hour shown at least.
        end_hour: The last local hour shown at least; the view widens to show
            every booking.

    Returns:
        A :class:`CalendarView`.

    >>> from datetime import date, datetime, timezone
    >>> from medoffice.scheduling import Appointment, Resource
    >>> t = datetime(2025, 11, 3, 15, tzinfo=timezone.utc)
    >>> a = Appointment(id="a1", start=t, end=t.replace(minute=20), type="flu-shot",
    ...                 resources=(Resource(id="nurse-1", kind="staff"),))
    >>> svg = week_view([a], date(2025, 11, 3), "America/New_York", resource="nurse-1").svg
    >>> "Mon 2025-11-03" in svg, "10:00–10:20 flu-shot" in svg
    (True, True)
    """
    _check_hours(start_hour, end_hour)
    week_start = _check_day(week_start, "week_start")
    given: object = days  # callers may pass anything at run time
    if not isinstance(given, int) or isinstance(given, bool) or not 1 <= days <= 31:
        msg = "days: must be an integer from 1 to 31"
        raise ValueError(msg)
    tz = zone(timezone)
    pool = [a for a in appointments if resource is None or resource in a.resource_ids()]
    marks = [c for c in conflicts if resource is None or resource in c.resources]
    dates = [week_start + dt.timedelta(days=i) for i in range(days)]
    per_day = [(day, _on_day(pool, day, tz)) for day in dates]
    start_hour, end_hour = _hours_shown(
        ((a, day) for day, items in per_day for a in items), tz, start_hour, end_hour
    )
    columns = []
    for day, items in per_day:
        lo, hi = _hour_us(day, start_hour, tz), _hour_us(day, end_hour, tz)
        columns.append(
            _Column(
                label=f"{_WEEKDAYS[day.weekday()]} {day.isoformat()}",
                day=day,
                start_us=lo,
                end_us=hi,
                items=tuple(items),
                conflicts=tuple(marks),
            )
        )
    who = f", {resource}" if resource is not None else ""
    title = f"Week view from {week_start.isoformat()}{who} ({timezone})"
    return CalendarView(svg=_Canvas(columns, tz, title).render(), title=title)
