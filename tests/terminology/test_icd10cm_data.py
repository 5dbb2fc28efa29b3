"""The bundled ICD-10-CM data file, checked on its own terms (no library code involved).

``tools/build_icd10cm.py`` writes ``icd10cm.bin`` and its PROVENANCE section; these
tests read the file as the library will (through importlib.resources) and check that its
masks, hierarchy, 7th characters and provenance agree with each other and with known facts.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import re
import zlib
from datetime import date, timedelta
from importlib import resources
from typing import Any

import pytest

from medoffice.terminology._icd10cm_data import unpack

DATA = resources.files("medoffice.terminology") / "data"
KINDS = {
    "inclusionTerm",
    "includes",
    "excludes1",
    "excludes2",
    "codeFirst",
    "useAdditionalCode",
    "codeAlso",
    "notes",
    "sevenChrNote",
}
RELEASE_IDS = ["FY2023", "FY2023-APR", "FY2024", "FY2025", "FY2026", "FY2027"]
CODE = re.compile(r"[A-Z][0-9A-Z]{2,6}")


@functools.cache
def document() -> dict[str, Any]:
    loaded: dict[str, Any] = unpack((DATA / "icd10cm.bin").read_bytes()).document()
    return loaded


@functools.cache
def index() -> dict[str, int]:
    return {code: i for i, code in enumerate(document()["items"]["code"])}


def bit(release: str) -> int:
    return 1 << RELEASE_IDS.index(release)


def item(code: str) -> dict[str, Any]:
    items = document()["items"]
    i = index()[code]
    return {field: items[field][i] for field in items} | {"index": i}


def billable_codes(release_bit: int) -> list[str]:
    items = document()["items"]
    return sorted(
        code
        for code, mask in zip(items["code"], items["billable"], strict=True)
        if mask & release_bit
    )


def nearest_seventh(i: int) -> list[list[str]] | None:
    items, seventh = document()["items"], document()["seventh"]
    while i >= 0:
        if items["code"][i] in seventh:
            rule: list[list[str]] = seventh[items["code"][i]]
            return rule
        i = items["parent"][i]
    return None


def full_title(code: str) -> str:
    """The title, with a generated code's title derived from its parent's."""
    entry = item(code)
    title: str = entry["title"]
    if title:
        return title
    parent = document()["items"]["code"][entry["parent"]]
    extension = dict(nearest_seventh(entry["index"]) or [])[code[6]]
    return f"{full_title(parent)}, {extension}"


def provenance_section() -> str:
    text = (DATA / "PROVENANCE.md").read_text(encoding="utf-8")
    start, end = text.index("<!-- icd10cm -->"), text.index("<!-- /icd10cm -->")
    return text[start:end]


# --------------------------------------------------------------------------- shape


def test_header() -> None:
    doc = document()
    assert doc["format"] == 1
    assert doc["system"] == "http://hl7.org/fhir/sid/icd-10-cm"
    assert doc["tabular_release"] == "FY2026"
    assert [r["id"] for r in doc["releases"]] == RELEASE_IDS
    assert [r["starts"] for r in doc["releases"]] == sorted(r["starts"] for r in doc["releases"])
    assert {r["id"] for r in doc["releases"] if not r["titles"]} == {"FY2027"}


def test_releases_are_contiguous() -> None:
    releases = document()["releases"]
    for before, after in itertools.pairwise(releases):
        ends = date.fromisoformat(before["ends"])
        assert ends + timedelta(days=1) == date.fromisoformat(after["starts"])


def test_columns_have_one_entry_per_item() -> None:
    items = document()["items"]
    assert {len(column) for column in items.values()} == {len(items["code"])}
    assert len(index()) == len(items["code"]), "duplicate codes"


def test_codes_have_the_documented_shapes() -> None:
    for code in document()["items"]["code"]:
        if code.isdigit():
            assert 1 <= int(code) <= 22
        elif "-" in code:
            first, last = code.split("-")
            assert CODE.fullmatch(first)
            assert CODE.fullmatch(last)
            assert len(first) == len(last) == 3
        else:
            assert CODE.fullmatch(code), code


def test_parents_precede_children() -> None:
    items = document()["items"]
    for i, (code, parent) in enumerate(zip(items["code"], items["parent"], strict=True)):
        assert parent < i, code
        assert (parent == -1) == code.isdigit(), code
        if "-" in code:
            assert items["code"][parent].isdigit(), code
        elif not code.isdigit():
            assert not items["code"][parent].isdigit(), f"{code} hangs from a chapter"


def test_present_is_billable_or_present_below() -> None:
    items = document()["items"]
    expected = list(items["billable"])
    for i in range(len(expected) - 1, -1, -1):
        if items["parent"][i] >= 0:
            expected[items["parent"][i]] |= expected[i]
    # Sections that only group other blocks (C00-C96 ...) have no children: they
    # are present when a block inside their range is.
    blocks = [(i, *c.split("-")) for i, c in enumerate(items["code"]) if "-" in c]
    for i, first, last in blocks:
        if expected[i] == 0:
            for j, low, high in blocks:
                if j != i and first <= low and high <= last:
                    expected[i] |= expected[j]
    assert items["present"] == expected
    assert all(b & p == b for b, p in zip(items["billable"], items["present"], strict=True))


def test_chapters_and_blocks_are_never_billable() -> None:
    items = document()["items"]
    for code, mask in zip(items["code"], items["billable"], strict=True):
        if code.isdigit() or "-" in code:
            assert mask == 0, code


def test_billable_items_have_no_billable_descendants_in_the_same_release() -> None:
    items = document()["items"]
    for i, parent in enumerate(items["parent"]):
        if parent >= 0:
            assert items["billable"][i] & items["billable"][parent] == 0, items["code"][i]


# --------------------------------------------------------------------------- releases


@pytest.mark.parametrize("position", range(len(RELEASE_IDS)))
def test_release_count_and_hash_match_the_record(position: int) -> None:
    release = document()["releases"][position]
    codes = billable_codes(1 << position)
    assert len(codes) == release["billable"]
    assert hashlib.sha256("\n".join(codes).encode()).hexdigest() == release["sha256"]


@pytest.mark.parametrize("position", range(len(RELEASE_IDS)))
def test_release_count_and_hash_match_provenance(position: int) -> None:
    release = document()["releases"][position]
    rows = [line for line in provenance_section().splitlines() if line.startswith("| FY")]
    cells = {row.split("|")[1].strip(): [c.strip() for c in row.split("|")[2:]] for row in rows}
    starts, ends, count, digest = cells[release["id"]][:4]
    codes = billable_codes(1 << position)
    assert (starts, ends) == (release["starts"], release["ends"])
    assert count == f"{len(codes):,}"
    assert digest == f"`{hashlib.sha256(chr(10).join(codes).encode()).hexdigest()}`"


def test_provenance_records_the_data_file() -> None:
    blob = (DATA / "icd10cm.bin").read_bytes()
    section = provenance_section()
    assert f"`{hashlib.sha256(blob).hexdigest()}`" in section
    assert f"{len(blob):,} bytes" in section
    assert "python tools/build_icd10cm.py" in section
    assert "--check" in section


def test_the_data_file_fits_the_budget() -> None:
    # The wheel stores it deflated: that is what the 5 MB budget for all data counts.
    assert len(zlib.compress((DATA / "icd10cm.bin").read_bytes(), 9)) <= 3_000_000


@pytest.mark.parametrize(
    ("release", "count"),
    [
        ("FY2023", 73_639),
        ("FY2023-APR", 73_674),
        ("FY2024", 74_044),
        ("FY2025", 74_260),
        ("FY2026", 74_719),
        ("FY2027", 74_879),
    ],
)
def test_release_counts(release: str, count: int) -> None:
    assert len(billable_codes(bit(release))) == count


def test_fy2026_changes_match_the_release_summary() -> None:
    fy2025, fy2026 = set(billable_codes(bit("FY2025"))), set(billable_codes(bit("FY2026")))
    assert (len(fy2026 - fy2025), len(fy2025 - fy2026)) == (487, 28)


def test_april_2023_update() -> None:
    october, april = set(billable_codes(bit("FY2023"))), set(billable_codes(bit("FY2023-APR")))
    assert (len(april - october), len(october - april)) == (42, 7)
    assert "Z5911" in april - october
    assert "Z591" in october - april


def test_only_fy2027_codes_lack_a_title() -> None:
    items = document()["items"]
    for code, title, mask in zip(items["code"], items["title"], items["billable"], strict=True):
        if title is None:
            assert mask == bit("FY2027"), code
        else:
            assert isinstance(title, str), code


# --------------------------------------------------------------------------- 7th characters


def test_generated_codes_come_from_their_parents_definition() -> None:
    items = document()["items"]
    generated = [i for i, title in enumerate(items["title"]) if title == ""]
    assert len(generated) > 50_000
    for i in generated:
        code, parent = items["code"][i], items["code"][items["parent"][i]]
        assert len(code) == 7, code
        assert code[:6] == parent.ljust(6, "X"), code
        rule = nearest_seventh(i)
        assert rule is not None, code
        assert code[6] in {char for char, _ in rule}, code


def test_seventh_definitions_are_char_text_pairs() -> None:
    for code, rule in document()["seventh"].items():
        assert code in index()
        assert rule
        for char, text in rule:
            assert len(char) == 1
            assert char.isalnum()
            assert text
            assert text == text.strip()


def test_s06_death_codes_take_only_initial_encounter() -> None:
    assert item("S06377A")["billable"] & bit("FY2026")
    assert "S06377D" not in index()
    assert "S06377S" not in index()
    assert item("S06376D")["billable"] & bit("FY2026")


def test_placeholder_x_codes() -> None:
    assert item("W2189XA")["billable"] == (1 << len(RELEASE_IDS)) - 1
    assert "W2189A" not in index()
    assert item("T360X1A")["billable"] & bit("FY2026")
    assert document()["items"]["code"][item("T360X1A")["parent"]] == "T360X1"


def test_derived_title() -> None:
    assert item("W2189XA")["title"] == ""
    assert full_title("W2189XA") == (
        "Striking against or struck by other sports equipment, initial encounter"
    )
    assert full_title("S72001A") == (
        "Fracture of unspecified part of neck of right femur, initial encounter for closed fracture"
    )


# --------------------------------------------------------------------------- known facts


def test_known_codes() -> None:
    every = (1 << len(RELEASE_IDS)) - 1
    assert item("E119")["billable"] == every
    assert item("E119")["title"] == "Type 2 diabetes mellitus without complications"
    assert item("I10")["billable"] == every
    assert item("U071")["billable"] == every
    assert item("E11")["billable"] == 0
    assert item("E11")["present"] == every
    assert document()["items"]["code"][item("E11")["parent"]] == "E08-E13"


def test_fy2026_new_code() -> None:
    new = item("E11A")
    assert new["billable"] & bit("FY2026")
    assert not new["billable"] & bit("FY2025")
    assert item("QA00101")["billable"] == bit("FY2026") | bit("FY2027")  # character 2 a letter


def test_code_deleted_in_fy2026() -> None:
    deleted = item("T781XXA")
    assert deleted["billable"] == bit("FY2023") | bit("FY2023-APR") | bit("FY2024") | bit("FY2025")
    assert deleted["title"].startswith("Other adverse food reactions")
    assert item("Z5986")["billable"] & bit("FY2025")
    assert not item("Z5986")["billable"] & bit("FY2026")
    assert item("Z5986")["present"] & bit("FY2026")  # subdivided: a header in FY2026


def test_fy2027_codes() -> None:
    assert item("J4B")["title"] is None
    assert item("J4B")["billable"] == bit("FY2027")
    assert document()["items"]["code"][item("I4200")["parent"]] == "I420"
    assert item("I420")["billable"] & bit("FY2026")
    assert not item("I420")["billable"] & bit("FY2027")
    assert item("I420")["present"] & bit("FY2027")  # a header in FY2027


def test_single_category_blocks() -> None:
    block = item("B99-B99")
    assert document()["items"]["code"][block["parent"]] == "1"
    assert document()["items"]["code"][item("B99")["parent"]] == "B99-B99"


# --------------------------------------------------------------------------- notes and history


def test_notes_kinds_and_keys() -> None:
    notes = document()["notes"]
    for code, kinds in notes.items():
        assert code in index(), code
        assert kinds
        assert set(kinds) <= KINDS, code
        for texts in kinds.values():
            assert texts
            assert all(t and t == t.strip() and "  " not in t for t in texts)
    assert "excludes1" in notes["E11"]
    assert "1" in notes  # a chapter
    assert notes["A15-A19"]["includes"] == [
        "infections due to Mycobacterium tuberculosis and Mycobacterium bovis"
    ]
    assert notes["S06"]["notes"][0].startswith("7th characters D and S do not apply")


def test_title_history() -> None:
    history = document()["title_history"]
    assert history
    for code, entries in history.items():
        assert code in index(), code
        ids = [release for release, _ in entries]
        assert ids == sorted(ids, key=RELEASE_IDS.index)
        assert set(ids) <= set(RELEASE_IDS) - {"FY2027"}
        for release, title in entries:
            assert item(code)["billable"] & bit(release), (code, release)
            assert title
            assert title != full_title(code)
    assert history["Q8740"][0] == ["FY2023", "Marfan's syndrome, unspecified"]
