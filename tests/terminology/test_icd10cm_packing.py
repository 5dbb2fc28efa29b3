"""Tests for the bundled ICD-10-CM file layout: ``_icd10cm_data.pack`` and ``unpack``."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice._resources import read_bytes
from medoffice.terminology._icd10cm_data import Tables, pack, unpack

MAGIC = b"medoffice-icd10cm\n"


def document(**changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "format": 1,
        "system": "http://hl7.org/fhir/sid/icd-10-cm",
        "tabular_release": "FY2026",
        "releases": [{"id": "FY2026", "starts": "2025-10-01", "ends": "2026-09-30"}],
        "items": {
            "code": ["4", "E08-E13", "E11", "E119", "E11A"],
            "parent": [-1, 0, 1, 2, 2],
            "title": ["Endocrine", "Diabetes mellitus", "Type 2 diabetes", "", None],
            "billable": [0, 0, 0, 1, 2],
            "present": [3, 3, 3, 1, 2],
        },
        "seventh": {"E11": [["A", "initial encounter"], ["D", "subsequent encounter"]]},
        "notes": {"E11": {"excludes1": ["gestational diabetes (O24.4-)"]}, "4": {"notes": ["x"]}},
        "title_history": {"E119": [["FY2025", "Old title"]]},
    }
    doc.update(changes)
    return doc


def test_round_trip_of_a_small_document() -> None:
    doc = document()
    blob = pack(doc)
    assert blob.startswith(MAGIC)
    assert pack(doc) == blob  # deterministic
    tables = unpack(blob)
    assert isinstance(tables, Tables)
    assert tables.document() == doc
    assert tables.codes == ["4", "E08-E13", "E11", "E119", "E11A"]
    assert [tables.title(i) for i in range(5)] == doc["items"]["title"]
    assert [tables.has_notes(i) for i in range(5)] == [True, False, True, False, False]
    assert tables.item_notes(2) == {"excludes1": ["gestational diabetes (O24.4-)"]}
    assert tables.item_notes(3) == {}
    assert list(tables.parent) == [-1, 0, 1, 2, 2]
    assert tables.seventh["E11"][1] == ["D", "subsequent encounter"]
    assert tables.header["tabular_release"] == "FY2026"
    assert tables.header["items"] == 5


def test_a_document_without_items() -> None:
    items = {"code": [], "parent": [], "title": [], "billable": [], "present": []}
    doc = document(items=items, notes={}, seventh={}, title_history={})
    assert unpack(pack(doc)).document() == doc


def test_notes_of_codes_not_in_the_items_are_not_kept() -> None:
    doc = document(notes={"Z99": {"notes": ["lost"]}})
    assert unpack(pack(doc)).document()["notes"] == {}


def test_the_bundled_file_unpacks() -> None:
    tables = unpack(read_bytes("medoffice.terminology", "data/icd10cm.bin"))
    assert len(tables.codes) == tables.header["items"] == len(tables.parent)
    assert tables.header["format"] == 2


# --------------------------------------------------------------------------- errors


def test_codes_with_a_newline_are_refused() -> None:
    doc = document()
    doc["items"]["code"][2] = "E1\n1"
    with pytest.raises(ValueError, match="codes must not contain a newline"):
        pack(doc)


@pytest.mark.parametrize("blob", [b"", b"not it", MAGIC[:-1], b"MEDOFFICE-ICD10CM\n{}\n"])
def test_not_a_data_file(blob: bytes) -> None:
    with pytest.raises(ValueError, match="not a medoffice ICD-10-CM data file"):
        unpack(blob)


def with_header(blob: bytes, **changes: object) -> bytes:
    end = blob.index(b"\n", len(MAGIC))
    header = json.loads(blob[len(MAGIC) : end]) | changes
    return MAGIC + json.dumps(header).encode() + blob[end:]


@pytest.mark.parametrize("number", [1, 3, "2", None])
def test_other_format_numbers_are_refused(number: object) -> None:
    blob = with_header(pack(document()), format=number)
    with pytest.raises(ValueError, match=f"unsupported ICD-10-CM data format {number!r}"):
        unpack(blob)


def test_a_header_without_a_format_is_refused() -> None:
    blob = pack(document())
    end = blob.index(b"\n", len(MAGIC))
    header = json.loads(blob[len(MAGIC) : end])
    del header["format"]
    with pytest.raises(ValueError, match="unsupported ICD-10-CM data format None"):
        unpack(MAGIC + json.dumps(header).encode() + blob[end:])


def test_a_header_without_its_end_of_line_is_refused() -> None:
    with pytest.raises(ValueError, match="not found"):  # bytes.index
        unpack(MAGIC + b'{"format": 2')


@pytest.mark.parametrize("cut", [1, 7, 100])
def test_truncated_files_are_refused(cut: int) -> None:
    blob = pack(document())
    with pytest.raises(ValueError, match="truncated or has trailing bytes"):
        unpack(blob[:-cut])


@pytest.mark.parametrize("extra", [b"\x00", b"\n", b"more bytes"])
def test_trailing_bytes_are_refused(extra: bytes) -> None:
    with pytest.raises(ValueError, match="truncated or has trailing bytes"):
        unpack(pack(document()) + extra)


# --------------------------------------------------------------------------- round trip


# Titles are text (no lone surrogates) or None; the one string the layout keeps
# for "no title", a lone NUL, is not a title any source has.
titles = st.none() | st.text(max_size=20).filter(lambda t: t != "\x00")
note_texts = st.lists(st.text(min_size=1, max_size=20), min_size=1, max_size=3)
note_kinds = st.sampled_from(["excludes1", "excludes2", "includes", "notes", "inclusionTerm"])


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    codes = draw(
        st.lists(
            st.text(st.characters(exclude_characters="\n", codec="utf-8"), max_size=8),
            max_size=12,
            unique=True,
        )
    )
    n = len(codes)
    parents = [draw(st.integers(-1, i - 1)) for i in range(n)]
    masks = st.integers(0, 0xFFFF)
    owners = st.lists(st.sampled_from(codes), unique=True, max_size=4) if codes else st.just([])
    notes = {
        code: draw(st.dictionaries(note_kinds, note_texts, max_size=3)) for code in draw(owners)
    }
    definition = st.lists(
        st.tuples(st.sampled_from("ADS0123"), st.text(min_size=1, max_size=20)).map(list),
        min_size=1,
        max_size=4,
    )
    seventh = {code: draw(definition) for code in draw(owners)}
    return {
        "format": draw(st.integers(1, 5)),
        "system": draw(st.text(max_size=10)),
        "tabular_release": draw(st.text(max_size=10)),
        "releases": draw(
            st.lists(
                st.fixed_dictionaries(
                    {"id": st.text(max_size=8), "billable": st.integers(0, 10**6)},
                    optional={"ends": st.none() | st.text(max_size=10)},
                ),
                max_size=3,
            )
        ),
        "items": {
            "code": codes,
            "parent": parents,
            "title": [draw(titles) for _ in range(n)],
            "billable": [draw(masks) for _ in range(n)],
            "present": [draw(masks) for _ in range(n)],
        },
        "seventh": seventh,
        "notes": notes,
        "title_history": draw(
            st.dictionaries(
                st.text(max_size=8),
                st.lists(
                    st.tuples(st.text(max_size=8), st.text(max_size=20)).map(list), max_size=2
                ),
                max_size=3,
            )
        ),
    }


@settings(max_examples=50)
@given(documents())
def test_pack_and_unpack_round_trip(doc: dict[str, Any]) -> None:
    blob = pack(doc)
    assert unpack(blob).document() == doc
    assert pack(unpack(blob).document()) == blob
