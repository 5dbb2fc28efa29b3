"""The SVG day and week views: well-formed, placed by instants (DST days too), escaped, private."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.scheduling import Appointment, Conflict, Resource
from medoffice.scheduling._time import day_bounds, from_us, to_us, zone
from medoffice.scheduling._view import CalendarView, day_view, week_view

NS = {"s": "http://www.w3.org/2000/svg"}
UTC = dt.UTC
GOLDEN = Path(__file__).parent / "golden" / "view_day.svg"
HEADER, PX = 36, 48
HOUR_US = 3_600_000_000
DR = Resource(id="dr-lee", kind="provider", name="Dr Lee")
ROOM = Resource(id="room-1", kind="room")
PATIENT = Resource(id="p-1", kind="patient", name="Zebulon Quxworth")


def _at(day: dt.date, hour: int, minute: int = 0, tz: str = "America/New_York") -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zone(tz))


def _appt(aid: str, start: dt.datetime, minutes: int, *res: Resource, **kw: object) -> Appointment:
    return Appointment(
        id=aid, start=start, end=start + dt.timedelta(minutes=minutes), resources=res, **kw
    )


def _root(view: CalendarView) -> ET.Element:
    root = ET.fromstring(view.svg)  # noqa: S314  # our own output
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("version") == "1.1"
    return root


def _groups(root: ET.Element, cls: str) -> list[ET.Element]:
    return [
        g for g in root.iter("{http://www.w3.org/2000/svg}g") if cls in g.get("class", "").split()
    ]


def _visit_y(group: ET.Element) -> float:
    rect = next(r for r in group.findall("s:rect", NS) if r.get("class") == "visit")
    return float(rect.get("y", "nan"))


MONDAY = dt.date(2025, 3, 10)


def _sample() -> tuple[list[Appointment], list[Conflict]]:
    a1 = _appt("a1", _at(MONDAY, 9), 30, DR, ROOM, PATIENT, type="echo",
               buffer_after=dt.timedelta(minutes=10))  # fmt: skip
    a2 = _appt("a2", _at(MONDAY, 9, 15), 45, DR, type="visit")
    a3 = _appt("a3", _at(MONDAY, 11), 60, ROOM, status="cancelled")
    a4 = _appt("a4", _at(MONDAY, 12), 20, ROOM, status="proposed", buffer_before=dt.timedelta(minutes=5))  # fmt: skip
    conflict = Conflict(kind="overlap", appointments=("a1", "a2"), resources=("dr-lee",),
                        start=_at(MONDAY, 9, 15), end=_at(MONDAY, 9, 30))  # fmt: skip
    return [a1, a2, a3, a4], [conflict]


def test_day_view_golden() -> None:
    items, conflicts = _sample()
    view = day_view(items, MONDAY, "America/New_York", conflicts=conflicts)
    assert view.svg == GOLDEN.read_text(encoding="utf-8")
    assert view._repr_html_() == view.svg
    assert view.title == "Day view, 2025-03-10 (America/New_York)"


def test_day_view_structure() -> None:
    items, conflicts = _sample()
    root = _root(day_view(items, MONDAY, "America/New_York", conflicts=conflicts))
    labels = [
        t.text
        for t in root.iter("{http://www.w3.org/2000/svg}text")
        if t.get("class") == "column-label"
    ]
    assert labels == ["Dr Lee", "room-1"]  # providers first, patients not a column
    boxes = _groups(root, "appointment")
    # a1 in both columns, a2 in Dr Lee's, a3 and a4 in the room's.
    assert len(boxes) == 5
    assert all(g.find("s:title", NS) is not None for g in boxes)
    assert len(_groups(root, "conflict")) == 1
    assert len(_groups(root, "conflicted")) == 2
    assert len(_groups(root, "cancelled")) == 1
    cancelled = _groups(root, "cancelled")[0]
    assert cancelled.get("opacity") == "0.5"
    assert cancelled.find("s:line", NS) is not None  # struck
    texts = [t.text or "" for g in boxes for t in g.findall("s:text", NS)]
    assert "09:00–09:30 echo" in texts
    assert "11:00–12:00" in texts
    assert (
        len(
            [r for r in root.iter("{http://www.w3.org/2000/svg}rect") if r.get("class") == "buffer"]
        )
        == 3
    )
    assert _groups(root, "legend")


def test_no_conflicts_no_markers_and_output_is_deterministic() -> None:
    items, _ = _sample()
    view = day_view(items, MONDAY, "America/New_York")
    assert not _groups(_root(view), "conflict")
    assert not _groups(_root(view), "conflicted")
    assert day_view(list(reversed(items)), MONDAY, "America/New_York") == view


def test_resources_chosen_and_ordered_by_the_caller() -> None:
    items, conflicts = _sample()
    root = _root(day_view(items, MONDAY, "America/New_York", conflicts=conflicts,
                          resources=["room-1", "p-1", "room-9", "room-1"]))  # fmt: skip
    labels = [
        t.text
        for t in root.iter("{http://www.w3.org/2000/svg}text")
        if t.get("class") == "column-label"
    ]
    assert labels == ["room-1", "p-1", "room-9"]  # a patient column shows the id only
    assert not _groups(root, "conflict")  # the conflict is on dr-lee
    only_patient = day_view([_appt("x", _at(MONDAY, 10), 10, PATIENT)], MONDAY, "UTC")
    assert "p-1" in only_patient.svg


def test_empty_day() -> None:
    root = _root(day_view([], MONDAY, "Europe/London"))
    assert "no columns to show" in ET.tostring(root, encoding="unicode")


@pytest.mark.parametrize(
    ("day", "hours", "labels", "absent"),
    [
        (dt.date(2025, 3, 9), 23, ["01:00 EST", "03:00 EDT"], "02:00"),
        (dt.date(2025, 11, 2), 25, ["01:00 EDT", "01:00 EST", "02:00 EST"], None),
    ],
)
def test_dst_days_are_drawn_as_lived(
    day: dt.date, hours: int, labels: list[str], absent: str | None
) -> None:
    tz = zone("America/New_York")
    lo, _ = day_bounds(day, tz)
    a = _appt("a", from_us(lo) + dt.timedelta(hours=4), 60, DR)
    view = day_view([a], day, "America/New_York", start_hour=0, end_hour=24)
    root = _root(view)
    column = next(
        r for r in root.iter("{http://www.w3.org/2000/svg}rect") if r.get("stroke") == "#bbb"
    )
    assert float(column.get("height", "0")) == hours * PX
    hour_labels = [
        t.text or ""
        for t in root.iter("{http://www.w3.org/2000/svg}text")
        if t.get("class") == "hour-label"
    ]
    assert len(hour_labels) == hours + 1
    for label in labels:
        assert label in hour_labels
    if absent:
        assert not any(label.startswith(absent) for label in hour_labels)
    # Four real hours after local midnight, whatever the clock says.
    assert _visit_y(_groups(root, "appointment")[0]) == HEADER + 4 * PX


@settings(max_examples=min(40, settings().max_examples))
@given(
    st.sampled_from(["America/New_York", "Europe/London", "Australia/Sydney", "Asia/Kolkata"]),
    st.sampled_from(
        [
            dt.date(2025, 3, 9),
            dt.date(2025, 3, 30),
            dt.date(2025, 4, 6),
            dt.date(2025, 10, 5),
            dt.date(2025, 10, 26),
            dt.date(2025, 11, 2),
            dt.date(2025, 6, 18),
        ]
    ),
    st.lists(
        st.tuples(st.integers(0, 23 * 60), st.integers(0, 180), st.booleans()),
        min_size=1,
        max_size=8,
    ),
)
def test_boxes_are_placed_by_elapsed_time(
    tz_name: str, day: dt.date, specs: list[tuple[int, int, bool]]
) -> None:
    tz = zone(tz_name)
    lo, hi = day_bounds(day, tz)
    items = []
    for index, (offset, minutes, room) in enumerate(specs):
        if lo + offset * 60_000_000 >= hi:
            continue  # a 23-hour day
        start = from_us(lo) + dt.timedelta(minutes=offset)
        items.append(_appt(f"a{index}", start, minutes, ROOM if room else DR, PATIENT))
    view = day_view(items, day, tz_name, start_hour=0, end_hour=24)
    root = _root(view)
    boxes = _groups(root, "appointment")
    assert len(boxes) == len(items)
    for box in boxes:
        aid = (box.findtext("s:title", "", NS)).split(" · ")[0]
        item = next(a for a in items if a.id == aid)
        expected = HEADER + (to_us(item.start) - lo) * PX / HOUR_US
        assert abs(_visit_y(box) - expected) <= 0.006
    assert "Zebulon" not in view.svg


def test_view_widens_to_show_every_booking_of_the_day() -> None:
    early = _appt("early", _at(MONDAY, 5, 30), 30, DR)
    late = _appt("late", _at(MONDAY, 21), 30, DR)
    root = _root(day_view([early, late], MONDAY, "America/New_York"))
    hour_labels = [
        t.text
        for t in root.iter("{http://www.w3.org/2000/svg}text")
        if t.get("class") == "hour-label"
    ]
    assert hour_labels[0] == "05:00"
    assert hour_labels[-1] == "22:00"
    assert _visit_y(_groups(root, "appointment")[0]) == HEADER + PX / 2
    other_day = _appt("other", _at(MONDAY + dt.timedelta(days=1), 3), 30, DR)
    assert "other" not in day_view([other_day], MONDAY, "America/New_York").svg


def test_overnight_and_clipped_buffers() -> None:
    overnight = _appt("night", _at(MONDAY, 23), 120, DR, buffer_before=dt.timedelta(minutes=30))
    root = _root(day_view([overnight], MONDAY + dt.timedelta(days=1), "America/New_York"))
    # The next day shows from midnight: only the last hour of the visit.
    assert _visit_y(_groups(root, "appointment")[0]) == HEADER
    only_buffer = _appt(
        "buf", _at(MONDAY - dt.timedelta(days=1), 23), 60, DR, buffer_after=dt.timedelta(minutes=30)
    )
    clipped = Appointment(id="b2", start=_at(MONDAY, 7), end=_at(MONDAY, 7),
                          resources=(DR,))  # fmt: skip
    root = _root(day_view([only_buffer, clipped], MONDAY, "America/New_York"))
    assert len(_groups(root, "appointment")) == 2


@given(st.text(min_size=1, max_size=12).map(lambda s: s.strip("\r\n\t ") or "x"))
def test_hostile_ids_and_types_are_escaped(text: str) -> None:
    hostile = "<script>alert('&')</script>" + text
    clean = re.sub(r"[\r\n\t]", "", hostile).strip()
    a = _appt(clean, _at(MONDAY, 10), 30, Resource(id=clean, kind="room"), type=hostile)
    view = day_view([a], MONDAY, "America/New_York")
    root = _root(view)  # parses: escaped, and no character XML refuses
    assert "<script>" not in view.svg
    assert root.find(".//s:g/s:title", NS) is not None


def test_conflict_markers_match_the_conflicts_given() -> None:
    items, _ = _sample()
    on_room = Conflict(kind="overload", appointments=("a3", "a4"), resources=("room-1",),
                       start=_at(MONDAY, 11), end=_at(MONDAY, 11, 30), load=3, capacity=2,
                       severity="warn")  # fmt: skip
    on_both = Conflict(kind="overlap", appointments=("a1", "a2"), resources=("dr-lee", "room-1"),
                       start=_at(MONDAY, 9, 15), end=_at(MONDAY, 9, 30), buffer_only=True)  # fmt: skip
    outside = Conflict(kind="overlap", appointments=("a1", "a2"), resources=("dr-lee",),
                       start=_at(MONDAY, 2), end=_at(MONDAY, 3))  # fmt: skip
    root = _root(day_view(items, MONDAY, "America/New_York", conflicts=[on_room, on_both, outside]))
    groups = _groups(root, "conflict")
    assert len(groups) == 3  # one in the room, one in each column for on_both
    titles = sorted(g.findtext("s:title", "", NS) for g in groups)
    assert titles[0].startswith("buffer overlap of a1, a2 on dr-lee, room-1 09:15–09:30")
    assert titles[2] == "overload of a3, a4 on room-1 11:00–11:30 [warn]"


def test_week_view() -> None:
    items, conflicts = _sample()
    tuesday = _appt("t1", _at(MONDAY + dt.timedelta(days=1), 14), 30, ROOM, type="xray")
    view = week_view([*items, tuesday], MONDAY, "America/New_York", conflicts=conflicts)
    root = _root(view)
    labels = [
        t.text
        for t in root.iter("{http://www.w3.org/2000/svg}text")
        if t.get("class") == "column-label"
    ]
    assert labels == ["Mon 2025-03-10", "Tue 2025-03-11", "Wed 2025-03-12", "Thu 2025-03-13",
                      "Fri 2025-03-14", "Sat 2025-03-15", "Sun 2025-03-16"]  # fmt: skip
    assert len(_groups(root, "appointment")) == 5
    assert len(_groups(root, "conflict")) == 1
    room = _root(week_view([*items, tuesday], MONDAY, "America/New_York", conflicts=conflicts,
                           resource="room-1", days=2))  # fmt: skip
    assert len(_groups(room, "appointment")) == 4  # a1, a3, a4, t1
    assert not _groups(room, "conflict")  # the conflict is on dr-lee
    assert view.title == "Week view from 2025-03-10 (America/New_York)"


def test_week_view_across_a_dst_change_labels_the_changed_day() -> None:
    sunday = dt.date(2025, 3, 9)
    a = _appt("a", _at(dt.date(2025, 3, 8), 12), 30, DR)
    root = _root(
        week_view([a], dt.date(2025, 3, 8), "America/New_York", days=2, start_hour=0, end_hour=24)
    )
    hour_labels = [
        t.text or ""
        for t in root.iter("{http://www.w3.org/2000/svg}text")
        if t.get("class") == "hour-label"
    ]
    assert "03:00 EDT" in hour_labels  # the Sunday column carries its own labels
    assert len(hour_labels) == 25 + 24
    assert sunday.isoformat() in ET.tostring(root, encoding="unicode")


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"start_hour": 8, "end_hour": 8}, ValueError, "end_hour: must be after start_hour"),
        ({"start_hour": -1}, ValueError, "start_hour: must be from 0 to 24"),
        ({"end_hour": 25}, ValueError, "end_hour: must be from 0 to 24"),
        ({"start_hour": 7.5}, TypeError, "start_hour: must be an integer hour"),
        ({"start_hour": True}, TypeError, "start_hour: must be an integer hour"),
    ],
)
def test_bad_hours(kwargs: dict[str, object], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=re.escape(message)):
        day_view([], MONDAY, "UTC", **kwargs)  # type: ignore[arg-type]


def test_bad_days_and_zones() -> None:
    with pytest.raises(TypeError, match="day: must be a date"):
        day_view([], dt.datetime(2025, 3, 10, tzinfo=UTC), "UTC")
    with pytest.raises(TypeError, match="week_start: must be a date"):
        week_view([], "2025-03-10", "UTC")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="days: must be an integer from 1 to 31"):
        week_view([], MONDAY, "UTC", days=0)
    with pytest.raises(ValueError, match="timezone"):
        day_view([], MONDAY, "Mars/Olympus")
