"""Tests for the demo's sixth section, "Records" (``_demo/_records.py``)."""

from __future__ import annotations

import json

import pytest

from medoffice.cli import main
from medoffice.cli._demo import SECTIONS, Section, _records, as_json, render_text
from medoffice.cli._output import mask
from medoffice.indexing.alphabetic import filing_key, parse_person
from medoffice.indexing.numbering import misfiles, shelf_order
from medoffice.indexing.patients import Band, PatientIndex, clusters, find_duplicates

# Each item's verdict, in order: the section's story.
STATUSES = [
    "ok",  # the charts shelved
    "flagged",  # a misfile
    "normalized",  # the drawer in filing order
    "ok",  # retention dates
    "flagged",  # a duplicate registration
    "ok",  # twins and father and son kept apart
    "ok",  # the search finds the chart
    "flagged",  # one fax to review
]


@pytest.fixture(scope="module")
def section() -> Section:
    return _records.section()


def says(section: Section, item: int) -> list[str]:
    return section.items[item].says.splitlines()


def test_registered_after_billing() -> None:
    assert list(SECTIONS)[4:6] == ["billing", "records"]
    assert SECTIONS["records"] is _records.section


def test_story(section: Section) -> None:
    assert section.key == "records"
    assert [item.status.value for item in section.items] == STATUSES
    assert section.summary() == "4 ok, 1 normalized, 3 flagged"


def test_the_shelf_and_the_misfile_are_the_librarys(section: Section) -> None:
    cart = [row["id"] for row in _records.REGISTRATIONS]
    order = [str(n) for n in shelf_order(cart, "terminal-digit")]
    assert [line.split(": ")[1] for line in says(section, 0)] == [mask(n) for n in order]
    assert misfiles(_records.SHELF, "terminal-digit") == (2,)
    assert says(section, 1) == [f"position 3: {mask(_records.SHELF[2])} is out of place"]


def test_the_drawer_is_in_filing_order(section: Section) -> None:
    names = sorted((parse_person(t) for t in _records.DRAWER), key=filing_key)
    assert says(section, 2)[:5] == [
        "DELACROIX PAUL",
        "DELACRUZ MARTA",
        "MABRY INES",
        "MACADOO FLORA",
        "MCALLISTER RHEA",
    ]
    assert len(says(section, 2)) == len(names)
    assert says(section, 2)[-2:] == ["ONEAL SAM", "ONEIDA RUTH"]


def test_retention(section: Section) -> None:
    lines = says(section, 3)
    assert lines[0].endswith("on or after 2036-03-02")
    assert "not before 2042" in lines[1]
    assert lines[-1].endswith("never (a permanent class)")


def test_the_duplicate_and_the_look_alikes(section: Section) -> None:
    records = _records.patients()
    matches = find_duplicates(records)
    assert [(m.left, m.right, m.band) for m in matches] == [("04-21-35", "17-30-52", Band.LINK)]
    assert clusters(matches) == (frozenset({"04-21-35", "17-30-52"}),)
    levels = {f.field: f.level for f in matches[0].fields}
    assert (levels["given"], levels["birth_date"]) == ("nickname", "day_month")
    lines = says(section, 4)
    assert lines[0] == f"**-21-35 and **-30-52: LINK, score {matches[0].score:.2f}"
    assert any(line.split()[:2] == ["given", "nickname"] for line in lines)
    assert lines[-1] == "to merge: **-21-35 = **-30-52"
    apart = says(section, 5)
    assert "no match" in apart[0]
    assert apart[1].split()[:2] == ["twin", "signal"]
    assert apart[3].split()[:2] == ["generation", "signal"]


def test_search_and_faxes(section: Section) -> None:
    index = PatientIndex.of(_records.patients())
    best = index.search(name="Joel McAdam", birth_date="1979-12-01")[0]
    assert best.record.id == "04-21-34"
    assert says(section, 6)[0].startswith("1. **-21-34 ")
    assert says(section, 7) == [
        "fax-0311 lab result from Harbor Lab: chart **-21-34",
        "fax-0312 referral from Coastal Pediatrics: review (low confidence)",
        "review queue: fax-0312",
    ]


def test_no_patient_data_and_deterministic(section: Section) -> None:
    text = "\n".join(render_text([section]))
    data = json.dumps(as_json([section]))
    assert text == "\n".join(render_text([_records.section()]))
    assert data == json.dumps(as_json([_records.section()]))
    secrets = set()
    for row in _records.REGISTRATIONS:
        secrets |= {row["id"], row["given"], row["birth_date"], row["phone"], row["street"]}
        secrets |= {row["family"], row["family"].upper()}
        secrets.add(row["birth_date"].replace("-", ""))
    for fax in _records.FAXES:
        secrets |= {fax[1], fax[3]}
    for secret in secrets - {"K"}:
        assert secret not in text, secret
        assert secret not in data, secret


def test_demo_command_runs_the_section(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--section", "records"]) == 0
    out = capsys.readouterr().out
    assert "1. Records: the chart room and the patient index" in out
    assert "Summary: 4 ok, 1 normalized, 3 flagged." in out
    assert main(["demo", "--section", "records", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [s["key"] for s in data["sections"]] == ["records"]
    assert list(SECTIONS)[-1] == "records"
