"""Tests for the demo's third section, "The calendar" (``_demo/_schedule.py``)."""

from __future__ import annotations

import json

import pytest

from medoffice.cli import _sample, main
from medoffice.cli._demo import SECTIONS, Section, _schedule, render_text
from medoffice.cli._schedule import load
from medoffice.scheduling import Calendar, find_conflicts

# Each item's verdict, in order: the section's story.
STATUSES = [
    "flagged",  # the morning's conflicts
    "refused",  # the phone booking
    "ok",  # the earliest ECG
    "refused",  # 12:15 is lunch
    "ok",  # the staff meeting
    "ok",  # the weekly series across DST
    "ok",  # the rescheduling proposal
    "ok",  # the exports
]


@pytest.fixture(scope="module")
def section() -> Section:
    return _schedule.section()


def test_registered_after_coding() -> None:
    assert list(SECTIONS)[1:3] == ["coding", "schedule"]
    assert SECTIONS["schedule"] is _schedule.section


def test_story(section: Section) -> None:
    assert section.key == "schedule"
    assert [item.status.value for item in section.items] == STATUSES


def test_the_conflicts_are_the_librarys(section: Section) -> None:
    book = load(json.dumps(_sample.schedule_file()))
    found = find_conflicts(book.appointments)
    says = section.items[0].says.splitlines()
    assert len(says) == len(found) + 1
    assert says[-1] == "4 of 5 block"


def test_the_series_keeps_its_wall_time(section: Section) -> None:
    lines = section.items[5].says.splitlines()
    assert lines == [
        "Mon 02 Mar 09:30 EST = 14:30 UTC",
        "Mon 09 Mar 09:30 EDT = 13:30 UTC",
        "Mon 16 Mar 09:30 EDT = 13:30 UTC",
        "Mon 23 Mar 09:30 EDT = 13:30 UTC",
    ]


def test_the_proposal_leaves_no_blocking_conflict_around_dr_quill(section: Section) -> None:
    says = section.items[6].says
    assert says.endswith("blocking conflicts left outside the lab: 0")
    assert "a-10" not in says  # locked


def test_the_booking_is_caught(section: Section) -> None:
    assert section.items[1].says == "BLOCK: overlap of a-02, a-12 on dr-quill, 09:45-10:00"


def test_no_patient_name_and_deterministic(section: Section) -> None:
    text = "\n".join(render_text([section]))
    assert text == "\n".join(render_text([_schedule.section()]))
    for resource in _sample.schedule_file()["resources"]:  # type: ignore[attr-defined]
        if resource["kind"] == "patient":
            assert "name" not in resource
    assert "SUMMARY:visit" in text


def test_sample_calendar_loads() -> None:
    book = load(json.dumps(_sample.schedule_file()))
    assert len(Calendar(book.appointments)) == 11


def test_demo_command_runs_the_section(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--section", "schedule"]) == 0
    out = capsys.readouterr().out
    assert "The calendar: Monday's bookings" in out
