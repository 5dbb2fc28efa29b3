"""Tests for medoffice.scheduling.ical: RFC 5545 text out and in, judged by icalendar."""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import icalendar
import pytest
from dateutil.rrule import rruleset, rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.exceptions import ParseError
from medoffice.scheduling import Appointment, Resource, Status
from medoffice.scheduling._recurrence import Recurrence, Series
from medoffice.scheduling._time import to_us, zone
from medoffice.scheduling.ical import from_ical, to_ical

from ._strategies_recurrence import series

GOLDEN = Path(__file__).parent / "golden"
NY = ZoneInfo("America/New_York")
UTC = dt.UTC
STAMP = dt.datetime(2025, 1, 2, 15, tzinfo=UTC)
DR = Resource(id="dr-lee", kind="provider")
ROOM = Resource(id="room;1,a", kind="room", capacity=2)
PATIENT = Resource(id="p-17", kind="patient", name="Ada Lovelace")


def appt(start: dt.datetime, minutes: int = 30, **kw: object) -> Appointment:
    fields: dict[str, object] = {"id": "a1", "resources": (DR,)} | kw
    return Appointment(start=start, end=start + dt.timedelta(minutes=minutes), **fields)  # type: ignore[arg-type]


def weekly() -> Series:
    template = appt(
        dt.datetime(2025, 1, 6, 9, tzinfo=NY),
        id="s1",
        type="follow-up",
        resources=(DR, ROOM, PATIENT),
        buffer_after=dt.timedelta(minutes=10),
    )
    rec = Recurrence(
        frequency="WEEKLY",
        by_weekday=("MO",),
        until=dt.date(2025, 3, 31),
        exdates=(dt.datetime(2025, 1, 20, 9, tzinfo=NY), dt.date(2025, 2, 17)),
        rdates=(dt.datetime(2025, 1, 22, 15, tzinfo=NY),),
        nonexistent="skip",
    )
    s = Series(id="s1", template=template, timezone="America/New_York", recurrence=rec)
    s = s.modify(
        dt.datetime(2025, 3, 10, 9, tzinfo=NY), start=dt.datetime(2025, 3, 11, 14, tzinfo=NY)
    )
    return s.cancel_occurrence(dt.datetime(2025, 3, 17, 9, tzinfo=NY))


def sample() -> list[Appointment | Series]:
    single = appt(
        dt.datetime(2025, 11, 2, 1, 30, fold=1, tzinfo=NY),  # the second 01:30: written in UTC
        id="a2",
        type="Ünïcode visit; with, commas\\and a very long description that must be folded ✓✓✓",
        status="noshow",
        locked=True,
        buffer_before=dt.timedelta(minutes=5),
    )
    return [
        weekly(),
        single,
        appt(dt.datetime(2025, 7, 1, 9, tzinfo=NY), id="a3", status="pending"),
    ]


def write(items: list[Appointment | Series], **kw: object) -> str:
    return to_ical(items, dtstamp=STAMP, domain="clinic.example", timezone="America/New_York", **kw)  # type: ignore[arg-type]


# -- golden ------------------------------------------------------------------------------------


def test_output_is_byte_exact() -> None:
    text = write(sample())
    assert text.encode() == (GOLDEN / "calendar.ics").read_bytes()


def test_lines_are_crlf_and_folded_at_75_octets_without_splitting_utf8() -> None:
    data = write(sample()).encode()
    assert b"\n" not in data.replace(b"\r\n", b"")
    physical = data.split(b"\r\n")
    assert physical[-1] == b""
    assert max(len(line) for line in physical) <= 75
    assert any(line.startswith(b" ") for line in physical)
    for line in physical:
        line.decode()  # a folded piece never ends inside a UTF-8 sequence


@given(st.text(min_size=1, max_size=200).filter(lambda t: t.strip() == t and "\r" not in t))
@settings(max_examples=60, deadline=None)
def test_text_is_escaped_folded_and_read_back(kind: str) -> None:
    a = appt(dt.datetime(2025, 1, 6, 9, tzinfo=NY), type=kind)
    text = write([a])
    assert max(len(x) for x in text.encode().split(b"\r\n")) <= 75
    assert from_ical(text, domain="clinic.example") == (a,)
    event = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == kind


# -- privacy and status ---------------------------------------------------------------------


def test_patients_never_leave_the_practice() -> None:
    text = write(sample())
    assert "Ada" not in text
    assert "p-17" not in text
    assert "DESCRIPTION" not in text
    assert "SUMMARY:follow-up" in text
    custom = write([weekly()], summary=lambda a: None)
    assert "SUMMARY" not in custom


@pytest.mark.parametrize(
    ("status", "ical"),
    [
        ("booked", "CONFIRMED"),
        ("arrived", "CONFIRMED"),
        ("checked-in", "CONFIRMED"),
        ("fulfilled", "CONFIRMED"),
        ("proposed", "TENTATIVE"),
        ("pending", "TENTATIVE"),
        ("waitlist", "TENTATIVE"),
        ("cancelled", "CANCELLED"),
        ("noshow", "CANCELLED"),
        ("entered-in-error", "CANCELLED"),
    ],
)
def test_status_maps_and_round_trips(status: str, ical: str) -> None:
    a = appt(dt.datetime(2025, 1, 6, 9, tzinfo=NY), status=status)
    text = write([a])
    assert f"STATUS:{ical}\r\n" in text
    assert from_ical(text, domain="clinic.example")[0].status is Status(status)


# -- the judge: the icalendar package -------------------------------------------------------


def test_icalendar_reads_the_same_instants_and_rules() -> None:
    items = sample()
    cal = icalendar.Calendar.from_ical(write(items))
    events = cal.walk("VEVENT")
    s = items[0]
    assert isinstance(s, Series)
    master = events[0]
    assert master.decoded("DTSTART") == s.template.start
    assert master.decoded("DTEND") == s.template.end
    rrule = master["RRULE"]
    assert rrule["FREQ"] == ["WEEKLY"]
    assert rrule["BYDAY"] == ["MO"]
    assert rrule["UNTIL"][0] == dt.datetime(2025, 4, 1, 3, 59, 59, tzinfo=UTC)
    exdates = [d.dt for prop in master["EXDATE"] for d in prop.dts]
    assert exdates == [
        dt.datetime(2025, 1, 20, 14, tzinfo=UTC),
        dt.datetime(2025, 2, 17, 14, tzinfo=UTC),
    ]
    assert [str(x.tzinfo) for x in exdates] == ["America/New_York"] * 2
    changed = [e for e in events if "RECURRENCE-ID" in e]
    assert [e.decoded("RECURRENCE-ID") for e in changed] == [c.original_start for c in s.changes]
    assert changed[0].decoded("DTSTART") == dt.datetime(2025, 3, 11, 14, tzinfo=NY)
    assert str(changed[1]["STATUS"]) == "CANCELLED"
    single = events[-2]
    assert single.decoded("DTSTART") == dt.datetime(2025, 11, 2, 6, 30, tzinfo=UTC)


def test_icalendar_expands_the_rule_like_we_do() -> None:
    s = attrs.evolve(weekly(), changes=())
    text = write([s])
    master = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]
    rules = rrulestr(
        master["RRULE"].to_ical().decode(), dtstart=master.decoded("DTSTART"), forceset=True
    )
    assert isinstance(rules, rruleset)
    for prop in master["EXDATE"]:
        for d in prop.dts:
            rules.exdate(d.dt)
    rules.rdate(master["RDATE"].dts[0].dt)
    theirs = [to_us(x) for x in rules]
    ours = [
        to_us(a.start)
        for a in s.occurrences(
            dt.datetime(2025, 1, 1, tzinfo=UTC), dt.datetime(2026, 1, 1, tzinfo=UTC)
        )
    ]
    assert theirs == ours


@pytest.mark.parametrize(
    "name", ["America/New_York", "Europe/London", "Australia/Sydney", "Asia/Tokyo"]
)
def test_vtimezone_gives_the_iana_offsets(name: str) -> None:
    tz = zone(name)
    start = dt.datetime(2024, 6, 3, 9, tzinfo=tz)
    s = Series(
        id="s",
        template=appt(start),
        timezone=name,
        recurrence=Recurrence(frequency="WEEKLY", until=dt.date(2026, 6, 1)),
    )
    text = to_ical([s], dtstamp=STAMP)
    (vtz,) = icalendar.Calendar.from_ical(text).walk("VTIMEZONE")
    theirs = vtz.to_tz()
    probe = dt.datetime(2024, 1, 1, tzinfo=UTC)
    while probe < dt.datetime(2026, 7, 1, tzinfo=UTC):
        assert probe.astimezone(theirs).utcoffset() == probe.astimezone(tz).utcoffset(), probe
        probe += dt.timedelta(hours=37)


def test_vtimezone_for_a_rule_that_stopped_says_until() -> None:
    # Moscow kept summer time until 2011, then none.
    s = Series(
        id="s",
        template=appt(dt.datetime(2010, 1, 4, 9, tzinfo=ZoneInfo("Europe/Moscow"))),
        timezone="Europe/Moscow",
        recurrence=Recurrence(frequency="YEARLY", count=4),
    )
    text = to_ical([s], dtstamp=STAMP)
    assert "UNTIL=20101030T230000Z" in text
    vtz = icalendar.Calendar.from_ical(text).walk("VTIMEZONE")[0].to_tz()
    for year in (2010, 2012, 2013):
        probe = dt.datetime(year, 1, 4, 6, tzinfo=UTC)
        assert (
            probe.astimezone(vtz).utcoffset()
            == probe.astimezone(ZoneInfo("Europe/Moscow")).utcoffset()
        )


# -- round trip -----------------------------------------------------------------------------------


def test_round_trip_gives_the_same_values_without_patients() -> None:
    items = sample()
    back = from_ical(write(items), domain="clinic.example")
    s = items[0]
    assert isinstance(s, Series)
    no_patient = attrs.evolve(s, template=attrs.evolve(s.template, resources=(DR, ROOM)))
    got = back[0]
    assert isinstance(got, Series)
    # The date exdate comes back as the instant it removed; UNTIL as the end of that day.
    assert got.occurrences(STAMP, STAMP + dt.timedelta(days=120)) == no_patient.occurrences(
        STAMP, STAMP + dt.timedelta(days=120)
    )
    assert got.recurrence.until == dt.datetime(2025, 4, 1, 3, 59, 59, tzinfo=UTC)
    assert got.changes == s.changes
    assert got.recurrence.nonexistent.value == "skip"
    assert back[1:] == tuple(items[1:])


@given(series())
@settings(max_examples=60, deadline=None)
def test_round_trip_of_generated_series(s: Series) -> None:
    back = from_ical(to_ical([s], dtstamp=STAMP))
    (got,) = back
    assert isinstance(got, Series)
    window = (dt.datetime(2024, 1, 1, tzinfo=UTC), dt.datetime(2027, 1, 1, tzinfo=UTC))
    assert got.occurrences(*window) == s.occurrences(*window)
    assert (
        got.recurrence.to_rrule().split(";UNTIL")[0] == s.recurrence.to_rrule().split(";UNTIL")[0]
    )


# -- reading feeds --------------------------------------------------------------------------------


FEED = (
    "BEGIN:VCALENDAR\r\n"
    "PRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n"
    "VERSION:2.0\r\n"
    "BEGIN:VTIMEZONE\r\n"
    "TZID:Europe/London\r\n"
    "BEGIN:STANDARD\r\n"
    "DTSTART:19701025T020000\r\n"
    "TZOFFSETFROM:+0100\r\n"
    "TZOFFSETTO:+0000\r\n"
    "END:STANDARD\r\n"
    "END:VTIMEZONE\r\n"
    "BEGIN:VEVENT\r\n"
    'DTSTART;TZID="Europe/London":20250324T090000\r\n'
    "DURATION:PT45M\r\n"
    "RRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=20250414T080000Z\r\n"
    "EXDATE;TZID=Europe/London:20250331T090000,20250407T090000\r\n"
    "UID:abc123@google.com\r\n"
    "SUMMARY:Team\\, weekly \\; review\\nline two\r\n"
    "BEGIN:VALARM\r\n"
    "ACTION:DISPLAY\r\n"
    "TRIGGER:-PT10M\r\n"
    "END:VALARM\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:abc123@google.com\r\n"
    "RECURRENCE-ID;TZID=Europe/London:20250414T090000\r\n"
    "DTSTART:20250414T120000Z\r\n"
    "DTEND:20250414T124500Z\r\n"
    "STATUS:TENTATIVE\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:holiday-1\r\n"
    "DTSTART;VALUE=DATE:20250526\r\n"
    "DTEND;VALUE=DATE:20250527\r\n"
    "SUMMARY:Bank holiday\r\n"
    "TRANSP:TRANSPARENT\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:orphan\r\n"
    "RECURRENCE-ID:20250101T100000Z\r\n"
    "DTSTART:20250101T110000Z\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:floating\r\n"
    "DTSTART:20250601T0900\r\n"
    " 00\r\n"
    "END:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)


def test_reads_a_common_feed() -> None:
    series_, holiday, floating, orphan = from_ical(
        FEED, timezone="Europe/London", domain="google.com"
    )
    assert isinstance(series_, Series)
    assert series_.id == "abc123"
    assert series_.timezone == "Europe/London"
    starts = [
        a.start
        for a in series_.occurrences(
            dt.datetime(2025, 3, 1, tzinfo=UTC), dt.datetime(2025, 5, 1, tzinfo=UTC)
        )
    ]
    assert starts == [
        dt.datetime(2025, 3, 24, 9, tzinfo=UTC),
        dt.datetime(2025, 4, 14, 12, tzinfo=UTC),
    ]
    assert series_.template.duration == dt.timedelta(minutes=45)
    assert series_.changes[0].status is Status.PENDING
    assert series_.template.resources == (Resource(id="calendar", kind="staff"),)
    # All-day: the local date in the given zone (BST), never UTC midnight.
    assert isinstance(holiday, Appointment)
    assert holiday.start == dt.datetime(2025, 5, 25, 23, tzinfo=UTC)
    assert holiday.duration == dt.timedelta(days=1)
    assert isinstance(floating, Appointment)
    assert floating.start == dt.datetime(2025, 6, 1, 8, tzinfo=UTC)
    assert floating.duration == dt.timedelta(0)
    assert isinstance(orphan, Appointment)
    assert orphan.id == "orphan@20250101T100000Z"


def test_all_day_series_and_date_exdates() -> None:
    text = (
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nDTSTART;VALUE=DATE:20250303\n"
        "RRULE:FREQ=DAILY;COUNT=3\nEXDATE;VALUE=DATE:20250304\n"
        "RDATE;VALUE=DATE:20250310\nEND:VEVENT\nEND:VCALENDAR\n"
    )
    (s,) = from_ical(text, timezone="America/New_York", resource=DR)
    assert isinstance(s, Series)
    got = s.occurrences(dt.datetime(2025, 3, 1, tzinfo=UTC), dt.datetime(2025, 4, 1, tzinfo=UTC))
    assert [a.start.astimezone(NY).isoformat() for a in got] == [
        "2025-03-03T00:00:00-05:00",
        "2025-03-05T00:00:00-05:00",
        "2025-03-10T00:00:00-04:00",
    ]
    assert got[0].resources == (DR,)


# -- malformed input --------------------------------------------------------------------------------


def cal(*body: str) -> str:
    return "\r\n".join(["BEGIN:VCALENDAR", *body, "END:VCALENDAR", ""])


@pytest.mark.parametrize(
    ("text", "line", "code"),
    [
        ("", 1, "ical.vcalendar"),
        ("BEGIN:VEVENT\r\nEND:VEVENT", 1, "ical.vcalendar"),
        (" folded\r\n", 1, "ical.fold"),
        (cal("no colon here"), 2, "ical.line"),
        (cal(":value"), 2, "ical.line"),
        (cal("X;=a:b"), 2, "ical.param"),
        (cal('X;A="open:b'), 2, "ical.param"),
        (cal("BEGIN:VEVENT", "END:VTODO"), 3, "ical.nesting"),
        (cal("BEGIN:VEVENT"), 3, "ical.nesting"),
        (cal() + "X:1\r\n", 3, "ical.vcalendar"),
        (cal("BEGIN:VEVENT", "DTSTART:20250101T000000Z", "END:VEVENT"), 2, "ical.vevent.required"),
        (cal("BEGIN:VEVENT", "UID:a", "END:VEVENT"), 2, "ical.vevent.required"),
        (cal("BEGIN:VEVENT", "UID:a", "UID:b", "END:VEVENT"), 4, "ical.property.repeated"),
        (
            cal("BEGIN:VEVENT", "UID:a", "DTSTART;TZID=Mars/Base:20250101T000000", "END:VEVENT"),
            4,
            "ical.tzid",
        ),
        (
            cal(
                "BEGIN:VEVENT",
                "UID:a",
                "DTSTART:20250101T000000Z",
                "DURATION:PT1H",
                "DTEND:20250101T010000Z",
                "END:VEVENT",
            ),
            5,
            "ical.vevent.end",
        ),
        (
            cal("BEGIN:VEVENT", "UID:a", "DTSTART:20250101T000000Z", "DURATION:P", "END:VEVENT"),
            5,
            "ical.duration",
        ),
        (
            cal("BEGIN:VEVENT", "UID:a", "DTSTART:20250101T000000Z", "DURATION:1H", "END:VEVENT"),
            5,
            "ical.duration",
        ),
        (
            cal(
                "BEGIN:VEVENT", "UID:a", "DTSTART:20250101T000000Z", "DURATION:-PT1H", "END:VEVENT"
            ),
            2,
            "ical.vevent",
        ),
        (
            cal("BEGIN:VEVENT", "UID:a", "DTSTART:20250101T000000Z", "STATUS:MAYBE", "END:VEVENT"),
            5,
            "ical.status",
        ),
        (
            cal(
                "BEGIN:VEVENT",
                "UID:a",
                "DTSTART:20250101T000000Z",
                "X-MEDOFFICE-RESOURCE;KIND=robot:r",
                "END:VEVENT",
            ),
            5,
            "ical.resource",
        ),
        (
            cal(
                "BEGIN:VEVENT",
                "UID:a",
                "DTSTART:20250101T000000Z",
                "X-MEDOFFICE-BUFFER-AFTER:ten",
                "END:VEVENT",
            ),
            5,
            "ical.buffer",
        ),
        (
            cal(
                "BEGIN:VEVENT",
                "UID:a",
                "DTSTART:20250101T000000Z",
                "RRULE:FREQ=DAILY;COUNT=2;UNTIL=20250105",
                "END:VEVENT",
            ),
            5,
            "ical.rrule",
        ),
        (
            cal(
                "BEGIN:VEVENT",
                "UID:a",
                "DTSTART:20250101T000000Z",
                "RRULE:FREQ=DAILY",
                "RDATE;VALUE=PERIOD:20250101T000000Z/PT1H",
                "END:VEVENT",
            ),
            6,
            "ical.rdate",
        ),
        (
            cal("BEGIN:VEVENT", "UID:a", "DTSTART:20250101T000000Z", "END:VEVENT").replace(
                "END:VCALENDAR",
                "BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20250101T000000Z\r\nEND:VEVENT\r\nEND:VCALENDAR",
            ),
            6,
            "ical.uid.repeated",
        ),
        (
            cal(
                "BEGIN:VEVENT",
                "UID:a",
                "DTSTART:20250101T000000Z",
                "RRULE:FREQ=DAILY",
                "END:VEVENT",
                "BEGIN:VEVENT",
                "UID:a",
                "RECURRENCE-ID:20250102T000000Z",
                "DTSTART:20250102T000000Z",
                "END:VEVENT",
                "BEGIN:VEVENT",
                "UID:a",
                "RECURRENCE-ID:20250102T000000Z",
                "DTSTART:20250102T000000Z",
                "END:VEVENT",
            ),
            14,
            "ical.recurrence_id.repeated",
        ),
    ],
)
def test_malformed_input_names_the_line(text: str, line: int, code: str) -> None:
    with pytest.raises(ParseError) as info:
        from_ical(text)
    assert (info.value.code, info.value.segment) == (code, line)


def test_arguments_are_checked() -> None:
    with pytest.raises(TypeError, match="text"):
        from_ical(b"BEGIN:VCALENDAR")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="timezone"):
        from_ical(cal(), timezone="Mars/Base")
    with pytest.raises(TypeError, match="items"):
        to_ical(["x"], dtstamp=STAMP)  # type: ignore[list-item]
    with pytest.raises(ValueError, match="timezone"):
        to_ical([], dtstamp=STAMP, timezone="Mars/Base")
    with pytest.raises(ValueError, match="whole seconds"):
        to_ical([appt(dt.datetime(2025, 1, 1, 0, 0, 0, 5, tzinfo=UTC))], dtstamp=STAMP)
    assert from_ical(cal()) == ()
    assert from_ical(cal() + cal()) == ()


@given(st.text(max_size=300))
@settings(max_examples=200, deadline=None)
def test_junk_raises_only_parse_error(junk: str) -> None:
    with contextlib.suppress(ParseError):
        from_ical(junk)


@given(
    st.lists(
        st.sampled_from(
            [
                "BEGIN:VCALENDAR",
                "END:VCALENDAR",
                "BEGIN:VEVENT",
                "END:VEVENT",
                "UID:a",
                "UID:b",
                "DTSTART:20250101T000000Z",
                "DTSTART;VALUE=DATE:20250101",
                "DTSTART;TZID=America/New_York:20250309T023000",
                "DTEND:20241231T000000Z",
                "DURATION:PT1H",
                "RRULE:FREQ=DAILY;COUNT=3",
                "RRULE:FREQ=SECONDLY",
                "EXDATE:20250102T000000Z",
                "RECURRENCE-ID:20250102T000000Z",
                "STATUS:CANCELLED",
                "X-MEDOFFICE-STATUS:noshow",
                " continued",
                "RDATE:2025",
                "X-MEDOFFICE-FEB29:mar1",
                "EXDATE;VALUE=DATE:2025013",
            ]
        ),
        max_size=14,
    )
)
@settings(max_examples=300, deadline=None)
def test_shuffled_real_lines_raise_only_parse_error(lines: list[str]) -> None:
    with contextlib.suppress(ParseError):
        from_ical("\r\n".join(lines))


def test_an_open_ended_series_gets_running_zone_rules() -> None:
    s = Series(
        id="s",
        template=appt(dt.datetime(2025, 1, 6, 9, tzinfo=NY)),
        timezone="America/New_York",
        recurrence=Recurrence(frequency="WEEKLY"),
    )
    text = to_ical([s], dtstamp=STAMP)
    assert "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\n" in text
    vtz = icalendar.Calendar.from_ical(text).walk("VTIMEZONE")[0].to_tz()
    probe = dt.datetime(2026, 7, 1, tzinfo=UTC)
    assert probe.astimezone(vtz).utcoffset() == dt.timedelta(hours=-4)


def test_parameters_with_several_and_quoted_values() -> None:
    text = cal(
        "BEGIN:VEVENT",
        "UID:a",
        'DTSTART;X-A=one,"t:w;o";TZID="America/New_York":20250106T090000',
        "END:VEVENT",
    )
    (a,) = from_ical(text)
    assert a.start == dt.datetime(2025, 1, 6, 14, tzinfo=UTC)
