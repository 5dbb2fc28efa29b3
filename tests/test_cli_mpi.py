"""Tests for ``medoffice mpi dedupe`` and ``medoffice mpi search``."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.cli import main
from medoffice.cli._mpi import match_data
from medoffice.indexing.patients import (
    Band,
    PatientIndex,
    PatientRecord,
    clusters,
    find_duplicates,
)
from medoffice.strategies import patient_records
from tests.test_cli_schedule import run, run_json

HEADER = "id,family,given,sex,birth_date,ssn,phone,street,zip,previous_family"
ROWS = [
    "100,Smith,William,M,1970-03-04,,(217) 555-0101,12 Oak St,62701,",
    "205,SMITH,Bill,M,1970-04-03,,217-555-0101,12 Oak Street,62701,",
    "311,Smith,Mary,F,1972-08-30,,217-555-0101,12 Oak St,62701,",
    "412,Okafor,Ada,F,1988-05-06,,217-555-0177,40 Elm St,62702,",
    "413,Okafor,Obi,M,1988-05-06,,217-555-0177,40 Elm St,62702,",
    "520,Kowalski,Anna,F,1961-11-19,,217-555-0190,7 Lake Rd,62703,Nowak",
    "521,Nowak,Anna,F,1961-11-19,,217-555-0190,7 Lake Rd,62703,",
]


def records() -> list[PatientRecord]:
    names = HEADER.split(",")
    out = []
    for line in ROWS:
        row: dict[str, Any] = {n: v or None for n, v in zip(names, line.split(","), strict=True)}
        row["previous_family"] = [row["previous_family"]] if row["previous_family"] else []
        out.append(PatientRecord(**row))
    return out


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def csv_file(tmp_path: Path, rows: list[str] = ROWS, name: str = "patients.csv") -> str:
    return write(tmp_path, name, "\n".join([HEADER, *rows]) + "\n")


def as_json(items: list[PatientRecord]) -> str:
    rows = []
    for r in items:
        row: dict[str, Any] = {
            name: getattr(r, name)
            for name in ("id", "family", "given", "middle", "suffix", "sex", "ssn", "phone")
        }
        row.update(street=r.street, city=r.city, state=r.state, zip=r.zip, email=r.email)
        row["birth_date"] = r.birth_date.isoformat() if r.birth_date else None
        row["previous_family"] = list(r.previous_family)
        row["identifiers"] = [list(pair) for pair in r.identifiers]
        rows.append(row)
    return json.dumps(rows)


def expected(items: list[PatientRecord]) -> dict[str, Any]:
    matches = find_duplicates(items)
    links = sum(m.band is Band.LINK for m in matches)
    return {
        "records": len(items),
        "links": links,
        "review": len(matches) - links,
        "matches": [match_data(m) for m in matches],
        "clusters": [sorted(group) for group in clusters(matches)],
    }


def test_dedupe_finds_the_nickname_and_swapped_date_and_keeps_twins_apart(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, data = run_json(capsys, "mpi", "dedupe", csv_file(tmp_path))
    assert status == 0
    assert data == expected(records())
    pairs = {(m["left"], m["right"]): m for m in data["matches"]}
    bill = pairs[("100", "205")]
    assert bill["band"] == "link"
    levels = {f["field"]: f["level"] for f in bill["fields"]}
    assert levels["given"] == "nickname"
    assert levels["birth_date"] == "day_month"
    assert sum(f["weight"] for f in bill["fields"]) == pytest.approx(bill["score"], abs=0.01)
    assert ("412", "413") not in pairs  # twins
    assert ("100", "311") not in pairs  # spouses
    assert ["100", "205"] in data["clusters"]
    assert ["520", "521"] in data["clusters"]  # a married name with the maiden name kept


def test_dedupe_json_input_and_stdin_give_the_same_result(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    want = expected(records())
    status, data = run_json(capsys, "mpi", "dedupe", write(tmp_path, "p.json", as_json(records())))
    assert (status, data) == (0, want)
    monkeypatch.setattr("sys.stdin", io.StringIO(as_json(records())))
    assert run_json(capsys, "mpi", "dedupe", "-") == (0, want)
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join([HEADER, *ROWS])))
    assert run_json(capsys, "mpi", "dedupe", "--format", "csv", "-") == (0, want)
    text = "\n".join([HEADER, *ROWS])
    assert run_json(capsys, "mpi", "dedupe", write(tmp_path, "p.txt", text)) == (0, want)


def test_dedupe_filters_by_band(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    rows = [*ROWS, "600,Smith,Wiliam,M,1970-03-04,,,,,"]  # a typo, no contact: review
    path = csv_file(tmp_path, rows)
    _, everything = run_json(capsys, "mpi", "dedupe", path)
    bands = {m["band"] for m in everything["matches"]}
    _, links = run_json(capsys, "mpi", "dedupe", "--links-only", path)
    _, review = run_json(capsys, "mpi", "dedupe", "--review", path)
    assert {m["band"] for m in links["matches"]} <= {"link"}
    assert {m["band"] for m in review["matches"]} <= {"review"}
    assert len(links["matches"]) + len(review["matches"]) == len(everything["matches"])
    assert len(links["matches"]) == everything["links"]
    assert bands == {"link", "review"}
    status, _, err = run(capsys, "mpi", "dedupe", "--links-only", "--review", path)
    assert status == 2
    assert "not allowed with" in err


def test_dedupe_reports_progress(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[int, int]] = []
    monkeypatch.setattr(
        "medoffice.cli._mpi.progress_bar", lambda label: lambda d, t: calls.append((d, t))
    )
    status, _ = run_json(capsys, "mpi", "dedupe", csv_file(tmp_path))
    assert status == 0
    assert calls
    assert calls[-1][0] == calls[-1][1] > 0


BAD_ROWS = [
    (["100,Smith,William,M,1970-13-04,,,,,"], "line 2: birth_date: must be an ISO date"),
    ([ROWS[0], "205,Smith,Bill,Q,,,,,,"], "line 3: sex: must be F, M, U or X"),
    ([ROWS[0], ROWS[1], ",Smith,Bill,M,,,,,,"], "line 4: id: must be a non-empty"),
    ([ROWS[0], "207,Smith,Bill,M,,212-44,,,,"], "line 3: ssn: must be 9 digits or the last four"),
    ([ROWS[0], ROWS[0]], "line 3: id: the record number is already on line 2"),
    ([ROWS[0] + ",Extra"], "line 2: more cells than the header has columns"),
]


@pytest.mark.parametrize(("rows", "message"), BAD_ROWS)
def test_bad_rows_are_reported_by_line_and_rule_never_by_value(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, rows: list[str], message: str
) -> None:
    path = csv_file(tmp_path, rows)
    for command in (["dedupe"], ["search", "--name", "Bill Smith"]):
        status, out, err = run(capsys, "mpi", *command, path)
        assert (status, out) == (1, "")
        assert err.startswith(f"medoffice: error: {message}")
        for secret in ("Smith", "William", "Bill", "1970", "212-44", "Extra"):
            assert secret not in err


def test_bad_files(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # A file without a header: its first patient is never echoed.
    path = write(tmp_path, "p.csv", "\n".join(ROWS) + "\n")
    status, _, err = run(capsys, "mpi", "dedupe", path)
    assert status == 1
    assert "line 1: column 1 is not a patient field" in err
    assert "Smith" not in err
    assert "100" not in err
    cases = {
        "p.json": ('{"id": "1"}', "must hold a list of records"),
        "q.json": ("[1, 2", "is not JSON"),
        "r.json": ('[{"id": "1", "nom": "Smith"}]', "record 1: 1 key(s) not patient fields"),
        "s.json": ('[{"id": "1"}, "Smith"]', "record 2: must be an object"),
        "t.json": ('[{"id": "1", "family": 7}]', "record 1: family: must be text"),
        "u.csv": ("family,given\nSmith,Ann\n", "line 1: the header has no id column"),
        "v.csv": ("id,id\n1,2\n", "line 1: a column is named twice"),
        "w.csv": ("id,identifiers\n1,MRN-77\n", "line 2: identifiers: each item must be"),
        # A cell over the csv module's size limit: reported by line, not echoed.
        "x.csv": ('id,family\n1,"Smith' + "x" * 200_000 + '"\n', "line 2: not readable as CSV"),
    }
    for name, (text, message) in cases.items():
        status, out, err = run(capsys, "mpi", "dedupe", write(tmp_path, name, text))
        assert (status, out) == (1, ""), name
        assert message in err, name
        assert "Smith" not in err
        assert "MRN-77" not in err
    status, _, err = run(capsys, "mpi", "dedupe", str(tmp_path / "missing.csv"))
    assert status == 1
    assert err.startswith("medoffice: error: ")
    empty = write(tmp_path, "empty.csv", "")
    assert run_json(capsys, "mpi", "dedupe", empty)[1]["records"] == 0


def test_identifiers_and_blank_lines_in_csv(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = "\ufeffid,family,identifiers\r\n1,Lee,MRN:77; EMPI:9\r\n\r\n2,Ng,\r\n"
    path = write(tmp_path, "p.csv", text)  # a spreadsheet's export: BOM and CRLF
    status, data = run_json(capsys, "mpi", "dedupe", path)
    assert (status, data["records"]) == (0, 2)
    path = write(tmp_path, "p.json", '\ufeff[{"id": "1", "identifiers": [["MRN", "77"]]}]')
    status, data = run_json(capsys, "mpi", "dedupe", path)
    assert (status, data["records"]) == (0, 1)


def test_search_ranks_the_registered_patient_first(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = csv_file(tmp_path)
    status, out, err = run(
        capsys, "mpi", "search", path, "--name", "Smith, Bill", "--dob", "1970-03-04"
    )
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["1.", "100", "LINK"]
    assert "given=nickname" in lines[1] or "given=nickname" in lines[0]
    assert "Smith" not in out
    status, data = run_json(
        capsys, "mpi", "search", path, "--name", "Bill Smith", "--dob", "1970-03-04", "--limit", "2"
    )
    assert status == 0
    index = PatientIndex.of(records())
    found = index.search(name="Bill Smith", birth_date="1970-03-04", limit=2)
    assert [c["id"] for c in data["candidates"]] == [c.record.id for c in found]
    assert [c["rank"] for c in data["candidates"]] == [1, 2]
    assert data["records"] == len(ROWS)


def test_search_errors_and_nothing_found(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = csv_file(tmp_path)
    status, out, err = run(
        capsys, "mpi", "search", path, "--name", "Ann Lee", "--dob", "1970-02-31"
    )
    assert (status, out) == (1, "")
    assert "query: birth_date: must be an ISO date" in err
    assert "1970-02-31" not in err
    assert "Lee" not in err
    status, _, err = run(capsys, "mpi", "search", path, "--name", "Lee", "--limit", "0")
    assert status == 1
    assert "limit" in err
    status, out, _ = run(capsys, "mpi", "search", path, "--name", "Zyx Quorble")
    assert (status, out) == (0, "no candidates\n")


@settings(max_examples=min(10, settings().max_examples), deadline=None)
@given(st.lists(patient_records(), max_size=6, unique_by=lambda r: r.id))
def test_dedupe_output_is_the_library_result(items: list[PatientRecord]) -> None:
    buffer = io.StringIO()
    old = sys.stdin, sys.stdout
    sys.stdin, sys.stdout = io.StringIO(as_json(items)), buffer
    try:
        status = main(["mpi", "dedupe", "-"])
    finally:
        sys.stdin, sys.stdout = old
    assert status == 0
    assert json.loads(buffer.getvalue()) == expected(items)
