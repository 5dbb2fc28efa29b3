"""Tests for ``medoffice pos lookup``, ``pos list`` and ``pos search``."""

from __future__ import annotations

import json
from typing import Any

import pytest

import medoffice.cli
from medoffice.cli import _pos, main


@pytest.fixture(autouse=True)
def _with_pos(monkeypatch: pytest.MonkeyPatch) -> None:
    commands = tuple(c for c in medoffice.cli._COMMANDS if c is not _pos.register)
    monkeypatch.setattr(medoffice.cli, "_COMMANDS", (*commands, _pos.register))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any]:
    status, out, err = run(capsys, *argv)
    assert err == ""
    return status, json.loads(out)


def test_help_lists_pos(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--help")
    assert status == 0
    assert "pos" in out


def test_lookup(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "pos", "lookup", "11", " 23")
    assert status == 0
    assert err == ""
    lines = out.splitlines()
    assert lines[0] == "OK  11  Office"
    assert lines[1].startswith("    Location, other than a hospital")
    assert "OK  23  Emergency Room – Hospital" in lines
    assert all(len(line) <= 88 for line in lines)


def test_lookup_not_found_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "pos", "lookup", "--on", "2021-06-01", "10", "28", "1", "11")
    assert status == 1
    lines = out.splitlines()
    assert lines[0] == (
        "BAD pos: 10 is not a place of service on 2021-06-01; did you mean: "
        "10 (not yet valid: effective 2022-01-01)"
    )
    assert lines[1] == "BAD pos: 28 is unassigned in the CMS place-of-service code set"
    assert lines[2] == "BAD pos.length: pos: must be exactly 2 digits (01, not 1)  (input '1')"
    assert lines[3] == "OK  11  Office"


def test_lookup_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, data = run_json(capsys, "pos", "lookup", "--json", "02", "99x", "40")
    assert status == 1
    found, bad, unassigned = data
    assert found["found"] is True
    assert found["concept"]["title"] == "Telehealth Provided Other than in Patient’s Home"
    assert found["concept"]["description"].startswith("The location where health services")
    assert found["error"] is None
    assert bad["error"] == {
        "type": "InvalidFormat",
        "code": "pos.format",
        "message": "pos: a place of service is two digits (11, 02)",
        "suggestions": [],
    }
    assert unassigned["error"]["type"] == "UnknownCode"
    assert unassigned["concept"] is None


def test_lookup_before_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "pos", "lookup", "--on", "2015-01-01", "11")
    assert status == 1
    assert out == ""
    assert err.startswith("medoffice: error: pos: the bundled table answers dates of service from")


def test_list(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "pos", "list")
    assert status == 0
    lines = out.splitlines()
    assert len(lines) == 52
    assert lines[0] == "01  Pharmacy"
    assert "11  Office" in lines
    status, out, _ = run(capsys, "pos", "list", "--on", "2021-06-01")
    lines = out.splitlines()
    assert len(lines) == 49
    assert "02  Telehealth" in lines


def test_list_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, data = run_json(capsys, "pos", "list", "--json")
    assert status == 0
    assert len(data) == 52
    assert data[10]["code"] == "11"
    assert data[10]["system"] == "pos"


def test_search(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "pos", "search", "--limit", "1", "nursing home")
    assert (status, out) == (0, "32  Nursing Facility\n")
    status, data = run_json(capsys, "pos", "search", "--json", "urgent care")
    assert data[0]["code"] == "20"
    status, out, _ = run(capsys, "pos", "search", "zzzzqqqq")
    assert (status, out) == (1, "")


@pytest.mark.parametrize(
    "argv",
    [
        ["pos"],
        ["pos", "lookup"],
        ["pos", "lookup", "--on", "yesterday", "11"],
        ["pos", "search"],
        ["pos", "search", "--limit", "0", "office"],
    ],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert out == ""
    assert "usage: medoffice pos" in err
