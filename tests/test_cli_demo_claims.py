"""Tests for the demo's fourth section, "The claims" (``_demo/_claims.py``)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from medoffice.claims import Batch, build_837p, cms1500, parse_837p, scrub
from medoffice.cli import _sample, main
from medoffice.cli._claim import load
from medoffice.cli._demo import SECTIONS, Section, _claims, as_json, render_text
from medoffice.x12 import text_problems

# Each item's verdict, in order: the section's story.
STATUSES = [
    "ok",  # the morning's visit
    "refused",  # the usual mistakes
    "ok",  # the child's visit with a drug line
    "refused",  # a replacement without the payer's claim number
    "refused",  # a note with a tilde
    "ok",  # the batch as an 837P
    "ok",  # read back
    "ok",  # the CMS-1500 boxes
]

# What each claim of the section scrubs to, as of the day of service: (path, code).
EXPECTED: dict[str, list[tuple[str, str]]] = {
    "visit": [],
    "mistakes": [
        ("diagnoses[1]", "icd10cm.not_billable"),
        ("lines[0].pointers[1]", "pointers.range"),
        ("lines[1].service_date", "date.future"),
        ("total_charge", "total.mismatch"),
        ("rendering.npi", "npi.checksum"),
    ],
    "child": [],
    "replacement_typed": [("original_claim_number", "original_claim_number.required")],
    "replacement": [],
    "noted_typed": [("note", "x12.delimiter")],
    "noted": [],
}


def _people(value: Any) -> list[dict[str, Any]]:
    """Every subscriber and patient in the sample claims file."""
    return [
        person
        for claim in value["claims"]
        for person in (claim["subscriber"], claim.get("patient"))
        if person is not None
    ]


def patient_data() -> set[str]:
    """Names, member IDs, birth dates (as typed and as X12 writes them), streets, accounts."""
    data = _sample.claims_file()
    found: set[str] = set()
    for person in _people(data):
        found |= {person["last_name"], person["first_name"], person["birth_date"]}
        found.add(person["birth_date"].replace("-", ""))
        found |= {person[key] for key in ("member_id",) if key in person}
        if "address" in person:
            found.add(person["address"]["line1"])
    found |= {claim["account_number"] for claim in data["claims"]}  # type: ignore[index]
    return found


@pytest.fixture(scope="module")
def section() -> Section:
    return _claims.section()


def test_registered_after_schedule() -> None:
    assert list(SECTIONS)[2:4] == ["schedule", "claims"]
    assert SECTIONS["claims"] is _claims.section


def test_story(section: Section) -> None:
    assert section.key == "claims"
    assert [item.status.value for item in section.items] == STATUSES
    assert section.summary() == "5 ok, 3 refused"


def test_the_claims_scrub_as_the_items_say(section: Section) -> None:
    found = _claims.claims()
    assert set(found) == set(EXPECTED)
    for name, claim in found.items():
        problems = scrub(claim, on=_sample.DATE_OF_SERVICE)
        assert [(p.path, p.code) for p in problems] == EXPECTED[name], name
    says = section.items[1].says.splitlines()
    assert says[0] == "REFUSED: 5 errors"
    for (path, code), line in zip(EXPECTED["mistakes"], says[1:], strict=True):
        assert line.startswith(f"ERROR {path}: ")
        assert line.endswith(f"[{code}]")


def test_the_mistakes_are_this_mornings(section: Section) -> None:
    mistakes = _claims.claims()["mistakes"]
    assert mistakes.rendering is not None
    assert mistakes.rendering.npi == _sample.PROVIDERS[1].npi_typed
    assert mistakes.total_charge is not None
    assert mistakes.total_charge != mistakes.line_total
    assert "1987654358" in section.items[1].typed


def test_the_visit_shows_total_lines_and_dotted_codes(section: Section) -> None:
    says = section.items[0].says.splitlines()
    assert says[0] == "OK: no problem as of 2026-03-02"
    assert "total 185.00 in 2 lines" in says
    assert "diagnoses: E11.9, I10 (box 21, sent without the dot)" in says


def test_the_child_goes_in_2000c_with_its_drug(section: Section) -> None:
    says = section.items[2].says.splitlines()
    assert says[-4:] == ["HL*4*3*23*0", "PAT*19", "LIN**N4*01234567890", "CTP****1*ML"]


def test_the_replacement_is_fixed(section: Section) -> None:
    says = section.items[3].says.splitlines()
    assert says[-2:] == ["CLM*<account>*185***11:B:7*Y*A*Y*Y", "REF*F8*LHP2602170045"]
    assert any(line.endswith("OK: no problem as of 2026-03-02") for line in says)


def test_the_cleaned_note_is_writable(section: Section) -> None:
    noted = _claims.claims()["noted"]
    assert noted.note == "RECHECK A1C IN 3-6 MONTHS"
    assert text_problems(noted.note, "note") == ()
    assert "NTE*ADD*RECHECK A1C IN 3-6 MONTHS" in section.items[4].says


def test_the_batch_item_is_the_real_837p(section: Section) -> None:
    claims_file = load(json.dumps(_sample.claims_file()))
    assert claims_file.sender is not None
    assert claims_file.receiver is not None
    text = build_837p(
        _claims.batch(),
        sender=claims_file.sender,
        receiver=claims_file.receiver,
        control_number=_claims.CONTROL_NUMBER,
        created=_sample.CLAIMS_CREATED,
    )
    segments = text.split("~")[:-1]
    shown = section.items[5].says.splitlines()
    # Every segment shown but the summarised ISA and the masked CLMs is in the file as is.
    for line in shown[1:-2]:
        if not line.startswith("CLM*"):
            assert line in segments
    assert shown[0].startswith("ISA (fixed width, 106 characters): from ZZ:BWFM01 to ZZ:HARBORCH")
    assert shown[-5:-2] == ["SE*67*1001", "GE*1*1001", "IEA*1*000001001"]
    assert shown[-2] == f"{len(segments)} segments; SE counts the {len(segments) - 4} from ST to SE"
    assert sum(line.startswith("CLM*<account>*") for line in shown) == 3
    assert [s for s in shown if s.startswith("HL*")] == [
        "HL*1**20*1",
        "HL*2*1*22*0",
        "HL*3*1*22*1",
        "HL*4*3*23*0",
    ]
    # Ten segments carry the people: two subscribers and a patient.
    assert shown[-1].startswith(f"not shown: {len(segments) - len(shown) + 2} others, 10 of them")
    assert parse_837p(text) == _claims.batch()


def test_read_back(section: Section) -> None:
    says = section.items[6].says.splitlines()
    assert says[0] == "3 claims; equal to what was sent: True"
    assert says[-1] == "warnings: 0"
    assert isinstance(_claims.batch(), Batch)


def test_the_form_boxes_are_cms1500s(section: Section) -> None:
    form = cms1500.boxes(_claims.claims()["visit"])
    says = section.items[7].says.splitlines()
    assert says == [
        "21: ICD indicator 0 (ICD-10); A E11.9, B I10",
        "24A line 1: from 03 02 26 to 03 02 26",
        "24B to 24J line 1: B 11, D 99214, E AB, F 165.00, G 1, I ZZ, J 1234567893",
        "24J line 1, shaded: 207Q00000X (the taxonomy, qualifier ZZ in 24I)",
        "28: 185.00",
    ]
    assert (form["21A"], form["24D.1"], form["24J.1"], form["28"]) == (
        "E11.9",
        "99214",
        _sample.PROVIDERS[0].npi_on_file,
        "185.00",
    )


def test_no_patient_data_and_deterministic(section: Section) -> None:
    text = "\n".join(render_text([section]))
    data = json.dumps(as_json([section]))
    assert text == "\n".join(render_text([_claims.section()]))
    assert data == json.dumps(as_json([_claims.section()]))
    secrets = patient_data()
    assert len(secrets) >= 15
    for secret in secrets:
        assert secret not in text, secret
        assert secret not in data, secret


def test_demo_command_runs_the_section(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--section", "claims"]) == 0
    out = capsys.readouterr().out
    assert "1. The claims: from visits to an 837P" in out
    assert "Summary: 5 ok, 3 refused." in out
    assert main(["demo", "--section", "claims", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [s["key"] for s in data["sections"]] == ["claims"]
