"""Tests for ``medoffice file sort``."""

from __future__ import annotations

import contextlib
import io
import json
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.cli import main
from medoffice.indexing.numbering import format_number, shelf_order
from tests.test_cli_schedule import run, run_json

WORKED = ["17-21-35", "04-21-35", "12-22-35", "03-21-36", "98-07-36", "04-21-34"]


def write(tmp_path: Path, lines: list[str]) -> str:
    path = tmp_path / "numbers.txt"
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("system", "expected"),
    [
        (
            "terminal-digit",
            ["04-21-34", "04-21-35", "17-21-35", "12-22-35", "98-07-36", "03-21-36"],
        ),
        ("middle-digit", ["98-07-36", "03-21-36", "04-21-34", "04-21-35", "17-21-35", "12-22-35"]),
        ("straight", ["03-21-36", "04-21-34", "04-21-35", "12-22-35", "17-21-35", "98-07-36"]),
    ],
)
def test_sorts_the_worked_example(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, system: str, expected: list[str]
) -> None:
    status, out, err = run(capsys, "file", "sort", "--system", system, write(tmp_path, WORKED))
    assert (status, err) == (0, "")
    assert out.splitlines() == expected


def test_default_system_is_terminal_digit_and_padding(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, out, _ = run(capsys, "file", "sort", "--padded", write(tmp_path, ["1234", "5", ""]))
    assert status == 0
    assert out.splitlines() == ["00-00-05", "00-12-34"]


def test_reads_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("99-00-01\n00-12-34\n12-34\n"))
    status, out, _ = run(capsys, "file", "sort", "--system", "straight", "-")
    assert status == 0
    assert out.splitlines() == ["12-34", "00-12-34", "99-00-01"]


def test_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, data = run_json(capsys, "file", "sort", write(tmp_path, ["04-21-35", "04-21-34"]))
    assert status == 0
    assert data == {
        "system": "terminal-digit",
        "numbers": [
            {"number": "04-21-34", "digits": "042134", "section": 34, "line": 2},
            {"number": "04-21-35", "digits": "042135", "section": 35, "line": 1},
        ],
        "errors": [],
    }


def test_invalid_lines_are_reported_by_number_and_never_echoed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path, ["04-21-35", "Smith, John", "", "12-345", "1" * 20, "04-21-34"])
    status, out, err = run(capsys, "file", "sort", path)
    assert status == 1
    assert out.splitlines() == ["04-21-34", "04-21-35"]
    lines = err.splitlines()
    assert [line.split(":")[2].strip() for line in lines] == ["line 2", "line 4", "line 5"]
    assert lines[0].startswith("medoffice: error: line 2: record_number: ")
    assert "[record_number.format]" in lines[0]
    assert "[record_number.length]" in lines[2]
    assert "Smith" not in err
    assert "12-345" not in err
    status, out, err = run(capsys, "file", "sort", "--json", path)
    assert status == 1
    assert err == ""
    data = json.loads(out)
    assert [e["line"] for e in data["errors"]] == [2, 4, 5]
    assert "Smith" not in out


def test_usage_and_file_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, _, err = run(capsys, "file", "sort", "--system", "alphabetic", "-")
    assert status == 2
    assert "invalid choice" in err
    status, _, err = run(capsys, "file", "sort", str(tmp_path / "missing.txt"))
    assert status == 1
    assert err.startswith("medoffice: error: ")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\xff\xfe12\n")
    status, _, err = run(capsys, "file", "sort", str(binary))
    assert status == 1
    assert "not UTF-8" in err


@settings(max_examples=10, deadline=None)
@given(
    st.lists(st.integers(0, 10**8), max_size=15), st.sampled_from(["terminal-digit", "straight"])
)
def test_output_is_the_library_order(values: list[int], system: str) -> None:
    text = "".join(f"{v}\n" for v in values)
    out = io.StringIO()
    old = sys.stdin
    sys.stdin = io.StringIO(text)
    try:
        with contextlib.redirect_stdout(out):
            status = main(["file", "sort", "--system", system, "-"])
    finally:
        sys.stdin = old
    assert status == 0
    expected = [format_number(n) for n in shelf_order([str(v) for v in values], system)]
    assert out.getvalue().splitlines() == expected
