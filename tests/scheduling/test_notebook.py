"""What notebooks show: ``_repr_html_`` of a calendar, a change and a view."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from medoffice.scheduling import Appointment, Calendar, Resource, Status

UTC = dt.UTC
DR = Resource(id="dr-<lee>", kind="provider")
PT = Resource(id="p-1", kind="patient", name="Grace Hopper")


def visit(ident: str, hour: int, minute: int = 0, **kw: object) -> Appointment:
    start = dt.datetime(2025, 1, 6, hour, minute, tzinfo=UTC)
    return Appointment(
        id=ident, start=start, end=start + dt.timedelta(minutes=30), resources=(DR, PT), **kw
    )  # type: ignore[arg-type]


def test_calendar_shows_its_first_day_with_conflicts_marked() -> None:
    cal = Calendar([visit("a1", 9), visit("a2", 9, 15)])
    html = cal._repr_html_()
    assert html.startswith(
        "<p>A calendar of 2 appointments; the first day with bookings (UTC):</p>"
    )
    svg = html[html.index("<svg") :]
    root = ET.fromstring(svg)  # noqa: S314  # our own output
    assert root.tag.endswith("svg")
    assert "Grace" not in html
    assert "dr-&lt;lee&gt;" in html
    view = cal.view(dt.date(2025, 1, 6), "UTC")
    assert view.svg in html
    assert 'class="conflict' in view.svg or "hatch" in view.svg


def test_empty_and_idle_calendars() -> None:
    assert Calendar()._repr_html_() == "<p>An empty calendar.</p>"
    idle = Calendar([visit("a1", 9, status=Status.CANCELLED)])
    assert idle._repr_html_() == "<p>A calendar of 1 appointments, none holding time.</p>"


def test_change_lists_added_and_resolved_escaped() -> None:
    cal = Calendar([visit("a1", 9)])
    change = cal.add(visit("a<2>", 9, 15))
    html = change._repr_html_()
    assert html.startswith("<p>Added:</p><ul><li>overlap of a1, a&lt;2&gt;")
    assert "Resolved" not in html
    undone = change.calendar.cancel("a<2>")
    assert undone._repr_html_().startswith("<p>Resolved:</p><ul><li>overlap of a1, a&lt;2&gt;")
    assert "Grace" not in html
