"""Tests for ``medoffice icd lookup``, ``medoffice icd search`` and ``medoffice icd releases``."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from medoffice.cli import main
from medoffice.terminology import icd10cm

LATEST = icd10cm.releases()[-1].id


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any]:
    status, out, err = run(capsys, *argv)
    assert err == ""
    return status, json.loads(out)


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "icd", "--help")
    assert status == 0
    for command in ("lookup", "search", "releases"):
        assert command in out
    status, out, _ = run(capsys, "icd", "lookup", "--help")
    assert status == 0
    assert "medoffice icd lookup e11.9 W21.89A" in out


# --------------------------------------------------------------------------- lookup


def test_lookup_ok_lines(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "icd", "lookup", "e11.9", "I10", "E11", "S72.001")
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        f"OK  E11.9  Type 2 diabetes mellitus without complications  [billable, {LATEST}]",
        f"OK  I10  Essential (primary) hypertension  [billable, {LATEST}]",
        f"OK  E11  Type 2 diabetes mellitus  [not billable: category, {LATEST}]",
        (
            "OK  S72.001  Fracture of unspecified part of neck of right femur"
            f"  [not billable: subcategory, {LATEST}]"
        ),
    ]


def test_lookup_bad_lines_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "icd", "lookup", "W21.89A", "E11.9", "1E11", "E11.99")
    assert (status, err) == (1, "")
    assert out.splitlines() == [
        "BAD icd10cm: W21.89A is not a code; did you mean: W2189XA (add the placeholder X)",
        f"OK  E11.9  Type 2 diabetes mellitus without complications  [billable, {LATEST}]",
        "BAD icd10cm: the first character must be a letter",
        "BAD icd10cm: E11.99 is not a code; did you mean: E119 (the nearest code to E1199)",
    ]


def test_lookup_on_a_date_of_service(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "icd", "lookup", "--on", "2026-03-02", "i10")
    assert status == 0
    assert out == "OK  I10  Essential (primary) hypertension  [billable, FY2026]\n"
    status, out, _ = run(capsys, "icd", "lookup", "--on", "2025-01-15", "E11.A")
    assert status == 1
    assert out.startswith("BAD icd10cm: E11.A is not a code on 2025-01-15; did you mean: E11A")
    assert "valid in ICD-10-CM FY2026 (2025-10-01 to 2026-09-30)" in out
    status, out, _ = run(capsys, "icd", "lookup", "--on", "2023-01-15", "Z59.1")
    assert (status, out) == (0, "OK  Z59.1  Inadequate housing  [billable, FY2023]\n")


def test_lookup_billable(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "icd", "lookup", "--billable", "E11.9")
    assert status == 0
    status, out, _ = run(capsys, "icd", "lookup", "--billable", "--on", "2024-05-01", "E11")
    assert status == 1
    assert out == (
        "BAD icd10cm: E11 is a header, not a billable code; did you mean: "
        "E1100 (billable code under E11); E1101 (billable code under E11); "
        "E1110 (billable code under E11); E1111 (billable code under E11); "
        "E1121 (billable code under E11) and 20 more\n"
    )


def test_lookup_reads_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("e11.9\n\n   W21.89A  \n"))
    status, out, _ = run(capsys, "icd", "lookup", "I10", "-", "E11")
    assert status == 1
    assert [
        line.split("  ")[1] if line.startswith("OK") else line[:20] for line in out.splitlines()
    ] == [
        "I10",
        "E11.9",
        "BAD icd10cm: W21.89A",
        "E11",
    ]


def test_lookup_codes_after_options(capsys: pytest.CaptureFixture[str]) -> None:
    status, data = run_json(capsys, "icd", "lookup", "E11.9", "--on", "2026-03-02", "--json", "I10")
    assert status == 0
    assert [d["concept"]["code"] for d in data] == ["E119", "I10"]
    assert {d["concept"]["release"] for d in data} == {"FY2026"}


def test_lookup_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, data = run_json(capsys, "icd", "lookup", "--json", "E11.9", "W21.89A", "1E11")
    assert status == 1
    found, unknown, malformed = data
    assert found["input"] == "E11.9"
    assert found["found"] is True
    assert found["error"] is None
    concept = found["concept"]
    assert (concept["code"], concept["display"], concept["kind"], concept["billable"]) == (
        "E119",
        "E11.9",
        "code",
        True,
    )
    assert concept["parent"] == "E11"
    assert concept["notes"]["excludes1"] == [
        "type 2 diabetes mellitus, without complications in remission (E11.A)"
    ]
    assert unknown == {
        "input": "W21.89A",
        "found": False,
        "concept": None,
        "error": {
            "message": "icd10cm: W21.89A is not a code; did you mean: W2189XA (add the placeholder X)",
            "code": "W2189A",
            "suggestions": [{"code": "W2189XA", "reason": "add the placeholder X"}],
        },
    }
    assert malformed["error"] == {
        "message": "icd10cm: the first character must be a letter",
        "code": "icd10cm.first",
        "suggestions": [],
    }


def test_lookup_json_all_found(capsys: pytest.CaptureFixture[str]) -> None:
    status, data = run_json(capsys, "icd", "lookup", "--json", "S72.001A")
    assert status == 0
    assert data[0]["concept"]["title"] == (
        "Fracture of unspecified part of neck of right femur, initial encounter for closed fracture"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["icd"], "required"),
        (["icd", "lookup"], "give at least one CODE, or '-' to read codes from standard input"),
        (["icd", "lookup", "--on", "2026-13-01", "E11.9"], "not a date (YYYY-MM-DD): '2026-13-01'"),
        (["icd", "lookup", "--on", "March 2026", "E11.9"], "not a date (YYYY-MM-DD): 'March 2026'"),
        (["icd", "lookup", "--bogus", "E11.9"], "unrecognized arguments: --bogus"),
        (["icd", "search"], "the following arguments are required: QUERY"),
        (["icd", "search", " "], "give the words to search for"),
        (["icd", "search", "", ""], "give the words to search for"),
        (["icd", "search", "--on", "2026/03/02", "x"], "not a date (YYYY-MM-DD)"),
        (["icd", "search", "--limit", "0", "diabetes"], "not a positive whole number: '0'"),
        (["icd", "search", "--limit", "-1", "diabetes"], "not a positive whole number: '-1'"),
        (["icd", "search", "--limit", "ten", "diabetes"], "not a positive whole number: 'ten'"),
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


def test_dates_no_release_covers_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (
        ["icd", "lookup", "--on", "2020-01-01", "E11.9"],
        ["icd", "search", "--on", "2020-01-01", "diabetes"],
    ):
        status, out, err = run(capsys, *argv)
        assert (status, out) == (1, "")
        assert err == (
            "medoffice: error: icd10cm: no bundled release covers 2020-01-01 "
            "(the earliest starts 2022-10-01); pass code_set= for other dates\n"
        )


# --------------------------------------------------------------------------- search


def test_search_text(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "icd", "search", "--limit", "1", "essential", "hypertension")
    assert (status, out, err) == (0, "I10  Essential (primary) hypertension\n", "")
    status, out, _ = run(capsys, "icd", "search", "e11")
    lines = out.splitlines()
    assert status == 0
    assert len(lines) == 10  # the default limit
    assert lines[0] == "E11  Type 2 diabetes mellitus  (not billable)"


def test_search_billable_only(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "icd", "search", "--billable-only", "--limit", "2", "broken hip")
    assert status == 0
    assert out.splitlines() == [
        (
            "S72.009A  Fracture of unspecified part of neck of unspecified femur, "
            "initial encounter for closed fracture"
        ),
        "T84.010A  Broken internal right hip prosthesis, initial encounter",
    ]
    assert "(not billable)" not in out


def test_search_on_a_date_of_service(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ("icd", "search", "--billable-only", "--limit", "1", "inadequate", "housing")
    status, out, _ = run(capsys, *argv, "--on", "2023-01-15")
    assert (status, out) == (0, "Z59.1  Inadequate housing\n")
    status, out, _ = run(capsys, *argv, "--on", "2023-06-01")
    assert out.startswith("Z59.1")  # Z59.10 .. Z59.19
    assert out.split("  ")[0] != "Z59.1"


def test_search_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, data = run_json(capsys, "icd", "search", "--json", "--limit", "3", "heart", "attack")
    assert status == 0
    assert len(data) <= 3
    assert data[0]["code"] == "I219"
    assert {"code", "display", "title", "billable", "score", "matches"} == set(data[0])
    assert data[0]["matches"][0]["field"] == "synonym"
    assert data[0]["score"] >= data[-1]["score"]


def test_search_without_matches(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "icd", "search", "qqqqzzzz", "xxxxyyyy")
    assert (status, out) == (0, "no matches\n")
    status, data = run_json(capsys, "icd", "search", "--json", "qqqqzzzz")
    assert (status, data) == (0, [])


# --------------------------------------------------------------------------- releases


def test_releases_text(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "icd", "releases")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == len(icd10cm.releases())
    assert lines[0] == "FY2023      2022-10-01 to 2023-03-31   73639 billable codes"
    assert lines[1] == "FY2023-APR  2023-04-01 to 2023-09-30   73674 billable codes"
    assert lines[-1] == (
        "FY2027      2026-10-01 to 2027-09-30   74879 billable codes  (titles incomplete)"
    )


def test_releases_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, data = run_json(capsys, "icd", "releases", "--json")
    assert status == 0
    assert [r["id"] for r in data] == [r.id for r in icd10cm.releases()]
    first = data[0]
    assert (first["starts"], first["ends"], first["codes"], first["titles_complete"]) == (
        "2022-10-01",
        "2023-03-31",
        73639,
        True,
    )
    assert first["label"] == "ICD-10-CM FY2023 (October 1, 2022)"
    assert data[-1]["titles_complete"] is False
