"""Tests for ``medoffice schedule check|slots|meeting|view``."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from medoffice.cli import _schedule, main
from medoffice.cli._sample import schedule_file
from medoffice.scheduling import find_conflicts


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any]:
    status, out, err = run(capsys, *argv, "--json")
    assert err == ""
    return status, json.loads(out)


@pytest.fixture
def day(tmp_path: Path) -> str:
    data = schedule_file()
    # A patient with a name: it must never be printed.
    data["resources"] = [  # type: ignore[index]
        {**r, "name": "Grace Lovelace"} if r["id"] == "pt-1001" else r
        for r in data["resources"]  # type: ignore[attr-defined]
    ]
    path = tmp_path / "day.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def write(tmp_path: Path, data: object, name: str = "f.json") -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


# -- check ------------------------------------------------------------------------


def test_check_lists_every_conflict(capsys: pytest.CaptureFixture[str], day: str) -> None:
    status, out, err = run(capsys, "schedule", "check", day)
    assert status == 1
    assert err == ""
    lines = out.splitlines()
    assert lines[-1] == "5 conflicts among 11 appointments, 4 blocking"
    assert lines[0].startswith("BLOCK overlap of a-01, a-03 on dr-quill")
    assert "[2026-03-02 09:15 EST to 2026-03-02 09:30 EST]" in lines[0]
    assert any(line.startswith("WARN  buffer overlap of a-08, a-09") for line in lines)
    assert "Lovelace" not in out


def test_check_json_agrees_with_the_library(capsys: pytest.CaptureFixture[str], day: str) -> None:
    status, data = run_json(capsys, "schedule", "check", day)
    assert status == 1
    book = _schedule.load(Path(day).read_text(encoding="utf-8"))
    expected = find_conflicts(book.appointments)
    assert data["blocking"] == 4
    assert [c["appointments"] for c in data["conflicts"]] == [
        list(c.appointments) for c in expected
    ]


def test_check_without_conflicts_exits_0(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = schedule_file()
    data["appointments"] = data["appointments"][:2]  # type: ignore[index]
    status, out, _ = run(capsys, "schedule", "check", write(tmp_path, data))
    assert status == 0
    assert out == "0 conflicts among 2 appointments, 0 blocking\n"


def test_check_reads_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(schedule_file())))
    status, out, _ = run(capsys, "schedule", "check", "-")
    assert status == 1
    assert out.splitlines()[-1].startswith("5 conflicts")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "the schedule file is not JSON (line 1, column 2)"),
        ("[]", "the schedule file must hold a JSON object"),
        (
            {"timezone": "UTC", "appointments": [{"id": "a", "resources": ["ghost"]}]},
            "appointments[0].resources[0]: no resource with that id in 'resources'",
        ),
        ({"timezone": "Mars/Base"}, "timezone: 'Mars/Base' is not an IANA time-zone name"),
    ],
)
def test_bad_files_are_reported(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: object, message: str
) -> None:
    status, out, err = run(capsys, "schedule", "check", write(tmp_path, content))
    assert status == 1
    assert out == ""
    assert message in err


def test_structuring_errors_name_paths_not_values(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = schedule_file()
    data["appointments"][0]["start"] = "2026-03-02T09:00"  # type: ignore[index]  # naive
    data["resources"][8]["name"] = "Grace Lovelace"  # type: ignore[index]
    status, _, err = run(capsys, "schedule", "check", write(tmp_path, data))
    assert status == 1
    assert "appointments[0].start" in err
    assert "Lovelace" not in err


def test_a_file_that_is_not_utf8(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes(b'{"timezone": "\xe9"}')
    status, _, err = run(capsys, "schedule", "check", str(path))
    assert status == 1
    assert "is not UTF-8 text" in err


def test_a_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, _, err = run(capsys, "schedule", "check", str(tmp_path / "nope.json"))
    assert status == 1
    assert "medoffice: error:" in err


# -- slots ------------------------------------------------------------------------


def test_slots(capsys: pytest.CaptureFixture[str], day: str) -> None:
    status, out, _ = run(
        capsys,
        "schedule",
        "slots",
        day,
        "--type",
        "ecg",
        "--after",
        "2026-03-02T09:00",
        "--now",
        "2026-03-02T08:00",
        "--limit",
        "2",
    )
    assert status == 0
    assert out.splitlines() == [
        "SLOT 2026-03-02 10:00 EST to 10:20  dr-quill, ecg-cart, room-2",
        "SLOT 2026-03-02 10:15 EST to 10:35  dr-quill, ecg-cart, room-2",
    ]


def test_slots_json_with_a_patient_and_a_pinned_resource(
    capsys: pytest.CaptureFixture[str], day: str
) -> None:
    status, data = run_json(
        capsys,
        "schedule",
        "slots",
        day,
        "--type",
        "visit",
        "--after",
        "2026-03-02T09:00-05:00",
        "--patient",
        "pt-1001",
        "--resource",
        "dr-okafor",
        "--limit",
        "1",
    )
    assert status == 0
    (slot,) = data["slots"]
    assert "dr-okafor" in slot["resources"]
    # pt-1001 is with both providers until 09:50; Dr. Okafor works mornings.
    assert slot["start"] >= "2026-03-02T14:50:00+00:00"


def test_slots_none_found(capsys: pytest.CaptureFixture[str], day: str) -> None:
    status, out, _ = run(
        capsys,
        "schedule",
        "slots",
        day,
        "--type",
        "visit",
        "--after",
        "2026-03-02T12:00",
        "--before",
        "2026-03-02T12:45",
    )
    assert status == 1
    assert out == "no open slot in that range\n"


def test_explain(capsys: pytest.CaptureFixture[str], day: str) -> None:
    status, out, _ = run(
        capsys,
        "schedule",
        "slots",
        day,
        "--type",
        "ecg",
        "--explain",
        "2026-03-02T12:15",
        "--now",
        "2026-03-02T08:00",
    )
    assert status == 1
    assert "NO  dr-quill is on a break (lunch)" in out
    status, data = run_json(
        capsys,
        "schedule",
        "slots",
        day,
        "--type",
        "ecg",
        "--explain",
        "2026-03-02T10:00",
        "--now",
        "2026-03-02T08:00",
    )
    assert (status, data["bookable"], data["reasons"]) == (0, True, [])
    status, out, _ = run(
        capsys,
        "schedule",
        "slots",
        day,
        "--type",
        "ecg",
        "--explain",
        "2026-03-02T10:00",
    )
    assert (status, out) == (0, "OK  2026-03-02 10:00 EST can be booked\n")


def test_explain_json_names_the_reason_types(capsys: pytest.CaptureFixture[str], day: str) -> None:
    status, data = run_json(
        capsys,
        "schedule",
        "slots",
        day,
        "--type",
        "visit",
        "--explain",
        "2026-03-02T09:00",
        "--resource",
        "dr-quill",
        "--patient",
        "pt-1001",
    )
    assert status == 1
    types = {r["type"] for r in data["reasons"]}
    assert "ResourceBusy" in types
    assert "Lovelace" not in json.dumps(data)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--type", "visit"], "give --after (where to start looking) or --explain WHEN"),
        (["--type", "visit", "--after", "soon"], "not an ISO 8601 date-time: 'soon'"),
        (
            ["--type", "visit", "--after", "2026-03-08T02:30"],
            "2026-03-08T02:30:00 does not exist in America/New_York",
        ),
        (
            ["--type", "visit", "--after", "2026-11-01T01:30"],
            "2026-11-01T01:30:00 happens twice in America/New_York",
        ),
    ],
)
def test_slots_usage_errors(
    capsys: pytest.CaptureFixture[str], day: str, argv: list[str], message: str
) -> None:
    status, _, err = run(capsys, "schedule", "slots", day, *argv)
    assert status == 2
    assert message in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--type", "surgery", "--after", "2026-03-02T09:00"], "no appointment type 'surgery'"),
        (
            ["--type", "visit", "--after", "2026-03-02T09:00", "--resource", "dr-who"],
            "--resource: the schedule file has no resource 'dr-who'",
        ),
    ],
)
def test_slots_errors(
    capsys: pytest.CaptureFixture[str], day: str, argv: list[str], message: str
) -> None:
    status, _, err = run(capsys, "schedule", "slots", day, *argv)
    assert status == 1
    assert message in err


def test_slots_without_availability_use_the_files_resources(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = schedule_file()
    del data["availability"]
    status, out, _ = run(
        capsys,
        "schedule",
        "slots",
        write(tmp_path, data),
        "--type",
        "lab",
        "--after",
        "2026-03-02T10:00",
        "--limit",
        "1",
    )
    assert status == 0
    # The lab holds two at once: 10:00 is taken twice over, 10:15 once (a-07 to 10:20).
    assert out == "SLOT 2026-03-02 10:15 EST to 10:30  lab\n"


# -- meeting ----------------------------------------------------------------------


def test_meeting(capsys: pytest.CaptureFixture[str], day: str) -> None:
    status, out, _ = run(
        capsys,
        "schedule",
        "meeting",
        day,
        "--required",
        "dr-quill, dr-okafor",
        "--optional",
        "rn-lina",
        "--duration",
        "30",
        "--from",
        "2026-03-02T08:00",
        "--to",
        "2026-03-06T17:00",
        "--limit",
        "3",
    )
    assert status == 0
    assert out.splitlines() == [
        "MEET 2026-03-02 08:00 EST to 09:00  everyone",
        "MEET 2026-03-02 10:15 EST to 11:00  everyone",
        "MEET 2026-03-04 08:00 EST to 12:00  everyone",
    ]


def test_meeting_json_and_none(capsys: pytest.CaptureFixture[str], day: str) -> None:
    status, data = run_json(
        capsys,
        "schedule",
        "meeting",
        day,
        "--required",
        "dr-quill,dr-okafor",
        "--duration",
        "60",
        "--from",
        "2026-03-03T08:00",
        "--to",
        "2026-03-03T17:00",
    )
    # Dr. Okafor does not work on Tuesdays.
    assert (status, data) == (1, {"times": []})
    status, out, _ = run(
        capsys,
        "schedule",
        "meeting",
        day,
        "--required",
        "dr-quill",
        "--duration",
        "60",
        "--from",
        "2026-03-03T08:00",
        "--to",
        "2026-03-03T10:00",
    )
    assert (status, out) == (0, "MEET 2026-03-03 08:00 EST to 10:00  everyone\n")


# -- view -------------------------------------------------------------------------


def test_view_writes_svg(capsys: pytest.CaptureFixture[str], day: str, tmp_path: Path) -> None:
    target = tmp_path / "day.svg"
    status, out, _ = run(capsys, "schedule", "view", day, "--day", "2026-03-02", "-o", str(target))
    assert (status, out) == (0, f"wrote {target}\n")
    svg = target.read_text(encoding="utf-8")
    root = ET.fromstring(svg)  # noqa: S314  # our own output
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "Lovelace" not in svg
    status, data = run_json(
        capsys,
        "schedule",
        "view",
        day,
        "--day",
        "2026-03-02",
        "--week",
        "--resource",
        "dr-quill",
        "-o",
        str(tmp_path / "week.svg"),
    )
    assert status == 0
    assert data["bytes"] == len((tmp_path / "week.svg").read_bytes())


def test_view_to_stdout(capsys: pytest.CaptureFixture[str], day: str) -> None:
    status, out, _ = run(
        capsys, "schedule", "view", day, "--day", "2026-03-02", "--resource", "lab", "-o", "-"
    )
    assert status == 0
    assert out.startswith("<svg")
    ET.fromstring(out)  # noqa: S314  # our own output


def test_help(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "schedule", "--help")
    assert status == 0
    for command in ("check", "slots", "meeting", "view"):
        assert command in out
