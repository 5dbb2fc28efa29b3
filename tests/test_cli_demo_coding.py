"""Tests for the demo's second section, "Coding the visits" (``_demo/_coding.py``)."""

from __future__ import annotations

import json
import re

import pytest

from medoffice.cli import _sample, main
from medoffice.cli._demo import SECTIONS, Item, Section, Status, _coding, as_json, render_text
from medoffice.codes import mbi
from medoffice.terminology import icd10cm

# The MBI of the front desk's patient, in every form a user might type it.
MBI_FORMS = ("1EG4TE5MK73", "1EG4-TE5-MK73", "1eg4te5mk73", "1eg4-te5-mk73", "MK73")

# Each item's verdict, in order: the section's story.
STATUSES = [
    "normalized",  # e11.9
    "refused",  # E11, billable only
    "ok",  # S93.401A
    "refused",  # W21.89A
    "refused",  # E11.A before FY2026
    "ok",  # pink eye
    "ok",  # sugar diabetes
    "ok",  # broken hip
    "ok",  # G0008
    "flagged",  # J3490 (NOC)
    "normalized",  # rt
    "ok",  # POS 11
    "ok",  # POS 02
    "ok",  # POS 10
    "refused",  # the order
    "ok",  # cholecystectomy
    "flagged",  # xanthelasma
]


@pytest.fixture(scope="module")
def section() -> Section:
    return _coding.section()


def by_typed(section: Section) -> dict[str, Item]:
    return {item.typed: item for item in section.items}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


# -- the section -----------------------------------------------------------------------


def test_registered_after_the_front_desk() -> None:
    assert list(SECTIONS)[:2] == ["front-desk", "coding"]
    assert SECTIONS["coding"] is _coding.section


def test_shape(section: Section) -> None:
    assert section.key == "coding"
    assert section.title == "Coding the visits"
    assert _sample.DAY in section.intro
    assert "2026-03-02" in section.intro
    assert [item.status.value for item in section.items] == STATUSES
    assert section.summary() == "9 ok, 2 normalized, 2 flagged, 4 refused"
    for item in section.items:
        assert item.label
        assert item.says
        assert item.why


def test_is_deterministic(section: Section) -> None:
    assert _coding.section() == section


def test_diagnosis_lookups(section: Section) -> None:
    items = by_typed(section)
    e119 = items["e11.9  (on 2026-03-02)"]
    assert e119.status is Status.NORMALIZED
    assert e119.says.startswith("OK  E11.9  Type 2 diabetes mellitus without complications")
    assert "[billable, FY2026]" in e119.says

    header = items["E11  (on 2026-03-02, billable only)"]
    assert header.status is Status.REFUSED
    first, suggested = header.says.splitlines()
    assert first == "BAD icd10cm: E11 is a header, not a billable code"
    # The first billable codes under E11, dotted, then an ellipsis for the rest.
    assert suggested.startswith("did you mean: E11.00, E11.01, ")
    assert suggested.endswith(" ... (billable code under E11)")
    assert suggested.count(",") == 3

    sprain = items["S93.401A  (on 2026-03-02)"]
    assert sprain.status is Status.OK
    assert "Sprain of unspecified ligament of right ankle, initial encounter" in sprain.says

    placeholder = items["W21.89A  (on 2026-03-02)"]
    assert placeholder.status is Status.REFUSED
    assert placeholder.says.splitlines()[:2] == [
        "BAD icd10cm: W21.89A is not a code on 2026-03-02",
        "did you mean: W21.89XA (add the placeholder X)",
    ]
    # The suggestion is answered in full, with its 7th-character title.
    assert placeholder.says.splitlines()[2].startswith(
        "OK  W21.89XA  Striking against or struck by other sports equipment, initial encounter"
    )


def test_a_code_used_before_it_existed(section: Section) -> None:
    late = by_typed(section)["E11.A  (on 2025-09-15)"]
    assert late.status is Status.REFUSED
    lines = late.says.splitlines()
    assert lines[0] == "BAD icd10cm: E11.A is not a code on 2025-09-15"
    assert "did you mean: E11.A (valid in ICD-10-CM FY2026 (2025-10-01 to 2026-09-30))" in lines
    # Not valid on that date, so there is no title to show for the suggestion.
    assert not any(line.startswith("OK") for line in lines)
    # ... while on the day of the demo it is a billable code.
    assert icd10cm.is_billable("E11.A", on=_sample.DATE_OF_SERVICE)
    assert not icd10cm.is_billable("E11.A", on=_sample.LATE_DATE_OF_SERVICE)


def test_searches_in_plain_words(section: Section) -> None:
    items = by_typed(section)
    pink_eye = items["pink eye  (search)"]
    assert pink_eye.says.splitlines()[0].startswith("H10.")
    assert "conjunctivitis" in pink_eye.says
    assert items["sugar diabetes  (search)"].says.splitlines()[0] == (
        "E11.9  Type 2 diabetes mellitus without complications"
    )
    hip = items["broken hip  (search, billable only)"]
    top = hip.says.splitlines()[0]
    # Billable only: the entry that needs a 7th character comes back as its initial encounter.
    assert re.match(r"S72\.\d{2}\dA  Fracture of .*femur, initial encounter", top)
    for item in (pink_eye, hip):
        assert item.status is Status.OK
        assert 1 <= len(item.says.splitlines()) <= 3 * 3  # three hits, each wrapped at most 3x


def test_hcpcs_and_modifier(section: Section) -> None:
    items = by_typed(section)
    assert items["G0008"].says == "OK  G0008  Administration of influenza virus vaccine"
    assert items["G0008"].status is Status.OK
    noc = items["J3490"]
    assert noc.status is Status.FLAGGED
    assert noc.says == "OK  J3490  Unclassified drugs  [NOC: describe the item on the claim]"
    assert "not-otherwise-classified" in noc.why
    side = items["rt"]
    assert side.status is Status.NORMALIZED
    assert side.says.startswith("OK  RT  [modifier]  Right side")


def test_places_of_service(section: Section) -> None:
    items = by_typed(section)
    assert items["11"].says == "OK  11  Office"
    assert items["02"].says.startswith("OK  02  Telehealth Provided Other than in Patient")
    assert items["10"].says.startswith("OK  10  Telehealth Provided in Patient")
    assert items["02"].says != items["10"].says


def test_order_findings(section: Section) -> None:
    order = by_typed(section)[_sample.ORDER_TEXT]
    assert order.status is Status.REFUSED
    assert order.says.splitlines() == [
        "3 errors, 2 warnings",
        "error   '500.0 mg': write '500 mg'",
        "error   'qd': write 'daily'",
        "error   'U': write 'unit(s)'",
        "warning 'SC': write 'subcut'",
        "warning 'qhs': write 'nightly at bedtime'",
    ]


@pytest.mark.parametrize(
    ("text", "status", "says"),
    [
        ("Metformin 500 mg PO daily", Status.OK, ["OK  no findings"]),
        ("Insulin 10 units SC qhs", Status.FLAGGED, ["2 warnings"]),
        ("TAC 5 mL topically", Status.FLAGGED, ["1 warning"]),
    ],
)
def test_order_verdicts(text: str, status: Status, says: list[str]) -> None:
    item = _coding._order("order", text, "why")
    assert item.status is status
    assert item.says.splitlines()[0] == says[0]
    if status is Status.FLAGGED:
        assert all(line.startswith("warning ") for line in item.says.splitlines()[1:])


def test_order_without_a_single_replacement() -> None:
    item = _coding._order("order", "TAC 5 mL topically", "why")
    assert item.says.splitlines()[1] == "warning 'TAC': write the meaning in full"


def test_search_without_hits() -> None:
    item = _coding._search("search", "qqqzzzxxyy", "why", billable_only=False)
    assert item.says == "no matches"
    assert item.status is Status.FLAGGED


def test_word_parts(section: Section) -> None:
    items = by_typed(section)
    complete = items["cholecystectomy"]
    assert complete.status is Status.OK
    assert complete.says.splitlines() == [
        "cholecystectomy = cholecyst/ectomy: gallbladder + surgical removal",
        "parts: cholecyst/o (combining form) + -ectomy (suffix)",
    ]
    # Honest about what it cannot read: a "?" and no invented meaning.
    partial = items["xanthelasma"]
    assert partial.status is Status.FLAGGED
    assert "(not fully explained)" in partial.says
    assert "yellow + ?" in partial.says
    assert "(not in the word-part table)" in partial.says


# -- on the command line ---------------------------------------------------------------


def test_text(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "demo", "--section", "coding")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[3:5] == ["1. Coding the visits", "===================="]
    assert "[refused]    Diagnosis (ICD-10-CM): the same diabetes, keyed as its category," in lines
    assert "             typed:     E11  (on 2026-03-02, billable only)" in lines
    assert "             medoffice: BAD icd10cm: E11 is a header, not a billable code" in lines
    # Several lines of an answer each start a line; a wrapped one hangs by two.
    assert "                        error   'qd': write 'daily'" in lines
    assert "                        did you mean: W21.89XA (add the placeholder X)" in lines
    assert "Summary: 9 ok, 2 normalized, 2 flagged, 4 refused." in lines
    assert lines[-1] == "End of the demo. Next: medoffice --help"
    assert all(len(line) <= 79 for line in lines)
    assert lines == render_text([_coding.section()])


def test_text_of_the_whole_day(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "demo")
    lines = out.splitlines()
    assert lines.index("1. Front desk: the morning's paperwork") < lines.index(
        "2. Coding the visits"
    )
    assert "Summary: 7 ok, 7 normalized, 1 flagged, 4 refused." in lines
    assert "Summary: 9 ok, 2 normalized, 2 flagged, 4 refused." in lines
    assert all(len(line) <= 79 for line in lines)


def test_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "demo", "--json")
    assert (status, err) == (0, "")
    data = json.loads(out)
    coding = data["sections"][1]
    assert coding["key"] == "coding"
    assert coding["title"] == "Coding the visits"
    assert [item["status"] for item in coding["items"]] == STATUSES
    for item in coding["items"]:
        assert set(item) == {"label", "typed", "says", "why", "status"}
    items = {item["typed"]: item for item in coding["items"]}
    assert items["J3490"]["status"] == "flagged"
    assert items[_sample.ORDER_TEXT]["says"].startswith("3 errors, 2 warnings\nerror   ")
    assert data == as_json([SECTIONS[key]() for key in SECTIONS])
    _, only = run(capsys, "demo", "--json", "--section", "coding")[:2]
    assert [s["key"] for s in json.loads(only)["sections"]] == ["coding"]


# -- patient data -----------------------------------------------------------------------


@pytest.mark.parametrize("json_flag", [[], ["--json"]])
def test_no_patient_identifiers(capsys: pytest.CaptureFixture[str], json_flag: list[str]) -> None:
    _, out, err = run(capsys, "demo", "--section", "coding", *json_flag)
    text = out + err
    for form in MBI_FORMS:
        assert form.casefold() not in text.casefold()
    # No word of the output is an MBI at all, in any case or with dashes.
    for word in re.findall(r"[A-Za-z0-9-]{11,13}", text):
        assert not mbi.is_valid(word), word


def test_sample_data_for_coding() -> None:
    day = _sample.DATE_OF_SERVICE
    assert f"{day:%A}, {day.day} {day:%B %Y}" == _sample.DAY
    assert day > _sample.LATE_DATE_OF_SERVICE
    # The late claim's code is valid on the day of the demo, not on the late date.
    code, _ = _sample.LATE_CLAIM_CODE_TYPED
    assert icd10cm.valid_on(code, day)
    assert not icd10cm.valid_on(code, _sample.LATE_DATE_OF_SERVICE)
