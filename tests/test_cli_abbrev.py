"""Tests for ``medoffice abbrev check`` and ``medoffice abbrev expand``."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from medoffice import cli
from medoffice.cli import _abbrev, main


@pytest.fixture(autouse=True)
def _registered(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make sure ``abbrev`` is a command, whether or not ``cli`` lists it yet."""
    if _abbrev.register not in cli._COMMANDS:
        monkeypatch.setattr(cli, "_COMMANDS", (*cli._COMMANDS, _abbrev.register))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any]:
    status, out, err = run(capsys, *argv)
    assert err == ""
    return status, json.loads(out)


class _BadStdin:
    """Standard input holding bytes that are not UTF-8."""

    def read(self) -> str:
        raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")

    def __iter__(self) -> _BadStdin:
        return self

    def __next__(self) -> str:
        raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")


# -- check -----------------------------------------------------------------------------


def test_check_reports_errors_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "abbrev", "check", "Metoprolol 25 mg PO QD; 10 U SC")
    assert status == 1
    assert err == ""
    lines = out.splitlines()
    assert lines[0].startswith("1:21  error    abbrev.do_not_use.qd: 'QD', once daily, ")
    assert lines[1].startswith("1:28  error    abbrev.do_not_use.u: 'U', unit, ")
    assert lines[2].startswith("1:30  warning  abbrev.error_prone.sc: 'SC', ")
    assert lines[3] == "2 errors, 1 warning"
    assert len(lines) == 4


def test_check_warnings_only_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "abbrev", "check", "Enoxaparin 40 mg SC; 5mg; 5 cc")
    assert status == 0
    assert out.splitlines()[-1] == "3 warnings"


def test_check_clean_text(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "abbrev", "check", "Metoprolol 25 mg by mouth twice daily")
    assert (status, out) == (0, "OK  no findings\n")


def test_check_one_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "abbrev", "check", "qd")
    assert status == 1
    assert out.splitlines()[-1] == "1 error"


def test_check_report_context(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "abbrev", "check", "--context", "report", "Lesion 2.0 cm")[0] == 0
    status, out, _ = run(capsys, "abbrev", "check", "Lesion 2.0 cm")
    assert status == 1
    assert "abbrev.do_not_use.trailing_zero" in out


def test_check_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, data = run_json(capsys, "abbrev", "check", "--json", "Lasix 40 mg\nKCl 20 mEq qd")
    assert status == 1
    (finding,) = data
    assert finding == {
        "start": 23,
        "end": 25,
        "text": "qd",
        "rule": "abbrev.do_not_use.qd",
        "severity": "error",
        "message": finding["message"],
        "replacement": "daily",
        "line": 2,
        "column": 12,
    }
    assert run_json(capsys, "abbrev", "check", "--json", "daily") == (0, [])


def test_check_reads_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("Lasix 40 mg daily\n\nMSO4 .5 mg IV\n"))
    status, out, _ = run(capsys, "abbrev", "check", "-")
    assert status == 1
    lines = out.splitlines()
    assert lines[0].startswith("3:1  error    abbrev.do_not_use.mso4: ")
    assert lines[1].startswith("3:6  error    abbrev.do_not_use.leading_zero: ")


def test_check_undecodable_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", _BadStdin())
    status, out, err = run(capsys, "abbrev", "check", "-")
    assert status == 1
    assert out == ""
    assert (
        err == "medoffice: error: stdin: the input is not text in the expected encoding (UTF-8)\n"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["abbrev"], "required"),
        (["abbrev", "check"], "give the TEXT to check"),
        (["abbrev", "check", "a", "b"], "unrecognized arguments: b"),
        (["abbrev", "check", "--context", "note", "qd"], "invalid choice: 'note'"),
        (["abbrev", "expand"], "give at least one TOKEN"),
        (["abbrev", "expand", "-", "-"], "standard input can be read once"),
        (["abbrev", "expand", "bid", "--bogus"], "unrecognized arguments: --bogus"),
    ],
)
def test_usage_errors_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert out == ""
    assert "usage: medoffice" in err
    assert message in err


def test_help(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "abbrev", "check", "--help")
    assert status == 0
    assert "exit status: 0 no errors" in out
    status, out, _ = run(capsys, "--help")
    assert "abbrev" in out


# -- expand ------------------------------------------------------------------------------


def test_expand(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "abbrev", "expand", "b.i.d.", "QD", "sub q", "T3")
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        "OK  bid  twice a day  [frequency]",
        "OK  qd  once daily  [frequency]  do not use: write 'daily'",
        "OK  subq  under the skin (subcutaneous)  [route]  error-prone: write 'subcut'",
        (
            "OK  T3  liothyronine, or acetaminophen with codeine No. 3 (ambiguous)  [drug]"
            "  error-prone: write the meaning in full"
        ),
    ]


def test_expand_unknown_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "abbrev", "expand", "prn", "bdi")
    assert status == 1
    lines = out.splitlines()
    assert lines[0] == "OK  prn  as needed  [timing]"
    assert lines[1].startswith(
        "BAD abbreviations: 'bdi' is not a known abbreviation; did you mean:"
    )
    assert "bid (a close spelling: twice a day)" in lines[1]


def test_expand_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, data = run_json(capsys, "abbrev", "expand", "--json", "Q.D.", "zzzz")
    assert status == 1
    known, unknown = data
    assert known["input"] == "Q.D."
    assert known["known"] is True
    assert known["error"] is None
    assert known["abbreviation"] == {
        "abbreviation": "qd",
        "meaning": "once daily",
        "category": "frequency",
        "flag": "do_not_use",
        "replacement": "daily",
        "reason": known["abbreviation"]["reason"],
        "aliases": [],
    }
    assert unknown == {
        "input": "zzzz",
        "known": False,
        "abbreviation": None,
        "error": {
            "message": "abbreviations: 'zzzz' is not a known abbreviation",
            "suggestions": [],
        },
    }
    status, data = run_json(capsys, "abbrev", "expand", "--json", "bdi")
    assert {"code": "bid", "reason": "a close spelling: twice a day"} in data[0]["error"][
        "suggestions"
    ]


def test_expand_reads_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("tid\n\n  qid  \n"))
    status, out, _ = run(capsys, "abbrev", "expand", "bid", "-", "prn")
    assert status == 0
    assert [line.split("  ")[1] for line in out.splitlines()] == ["bid", "tid", "qid", "prn"]


def test_expand_undecodable_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", _BadStdin())
    status, _, err = run(capsys, "abbrev", "expand", "-")
    assert status == 1
    assert "stdin: the input is not text" in err


# -- helpers -------------------------------------------------------------------------------


def test_positions_count_lines_and_columns_from_1() -> None:
    text = "ab\ncd\n\nef"
    assert _abbrev._positions(text, [0, 1, 3, 6, 7, 8]) == [
        (1, 1),
        (1, 2),
        (2, 1),
        (3, 1),
        (4, 1),
        (4, 2),
    ]
