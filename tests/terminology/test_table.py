"""Tests for medoffice.terminology.CodeTable: a code set made from the caller's rows."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.terminology import (
    CodeSet,
    CodeTable,
    Concept,
    ConceptKind,
    Field,
    MatchKind,
    NoRelease,
    Release,
)
from medoffice.terminology._table import plain_code

CPT_2025 = Release(
    id="2025",
    label="CPT 2025 (licensed)",
    starts=dt.date(2025, 1, 1),
    ends=dt.date(2025, 12, 31),
    codes=3,
)
ROWS = [
    ("992", "Evaluation and management visits", False),
    ("9921", "Office or other outpatient visits, established patient", False, "992"),
    ("99213", "Office visit, established patient, low medical decision making", True, "9921"),
    ("99214", "Office visit, established patient, moderate medical decision making", True, "9921"),
    ("99215", "Office visit, established patient, high medical decision making", True, "9921"),
    ("25", "Significant, separately identifiable evaluation and management service"),
]


def table(**kwargs: object) -> CodeTable:
    options: dict[str, object] = {"system": "cpt", "rows": ROWS, "release": CPT_2025}
    options.update(kwargs)
    return CodeTable(**options)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- rows


def test_rows_of_two_three_and_four_fields() -> None:
    t = table()
    assert len(t) == 6
    assert t.system == "cpt"
    assert isinstance(t, CodeSet)
    visit = t.get("99213")
    assert visit == Concept(
        system="cpt",
        code="99213",
        display="99213",
        title="Office visit, established patient, low medical decision making",
        kind=ConceptKind.CODE,
        billable=True,
        release="2025",
        parent="9921",
    )
    header = t.get("992")
    assert header is not None
    assert (header.kind, header.billable, header.parent) == (ConceptKind.CATEGORY, False, None)
    modifier = t.get("25")
    assert modifier is not None
    assert (modifier.kind, modifier.billable, modifier.parent) == (ConceptKind.CODE, True, None)
    assert t.get("99212") is None
    assert CodeTable(system="x", rows=[("A", "Alone", True, None)]).get("a") is not None


def test_duplicate_codes_are_refused() -> None:
    with pytest.raises(ValueError, match="rows: code 'A1' appears more than once"):
        CodeTable(system="x", rows=[("A1", "One"), ("A1", "Again")])
    with pytest.raises(ValueError, match="appears more than once"):
        CodeTable(system="x", rows=[("a1", "One"), (" A.1 ", "The same after normalising")])


def test_unknown_parents_are_refused() -> None:
    with pytest.raises(ValueError, match="rows: the parent 'B' of 'A1' is not in the rows"):
        CodeTable(system="x", rows=[("A1", "One", True, "B")])


@pytest.mark.parametrize(
    "rows",
    [
        [("A", "Self", False, "A")],
        [("A", "One", False, "B"), ("B", "Two", False, "A")],
        [
            ("R", "Root", False),
            ("A", "One", False, "C"),
            ("B", "Two", False, "A"),
            ("C", "Three", True, "B"),
        ],
    ],
)
def test_cycles_of_parents_are_refused(rows: list[tuple[str, str, bool, str]]) -> None:
    # A cycle would make ancestors() and the suggestions under a header loop forever.
    with pytest.raises(ValueError, match="form a cycle"):
        CodeTable(system="x", rows=rows)


def test_deep_chains_are_accepted() -> None:
    rows: list[tuple[str, str, bool, str | None]] = [("C0", "Root", False, None)]
    rows += [(f"C{n}", f"Level {n}", False, f"C{n - 1}") for n in range(1, 2000)]
    t = CodeTable(system="x", rows=rows)
    assert [c.code for c in t.children("C1998")] == ["C1999"]


def test_plain_code() -> None:
    assert plain_code(" e11.9 ") == "E119"
    assert plain_code("a b.c") == "ABC"
    assert plain_code("é1") == "é1"  # only ASCII is upper-cased
    with pytest.raises(TypeError):
        plain_code(119)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- releases and dates


def test_a_table_without_a_release_answers_every_date() -> None:
    t = CodeTable(system="cpt", rows=ROWS)
    (release,) = t.releases()
    assert (release.id, release.label, release.starts, release.ends) == (
        "unversioned",
        "cpt (caller-supplied)",
        dt.date.min,
        None,
    )
    for on in (dt.date.min, dt.date(1990, 1, 1), dt.date.max, None):
        assert t.get("99213", on=on) is not None
        assert t.children("9921", on=on)
        assert t.search("office", on=on)


def test_a_table_with_a_release_answers_its_dates_only() -> None:
    t = table()
    assert t.releases() == (CPT_2025,)
    for on in (CPT_2025.starts, dt.date(2025, 6, 1), CPT_2025.ends):
        assert t.get("99213", on=on) is not None
        assert len(t.children("9921", on=on)) == 3
        assert t.search("office", on=on)
    calls = (
        lambda on: t.get("99213", on=on),
        lambda on: t.get("00000", on=on),
        lambda on: t.children("9921", on=on),
        lambda on: t.search("office", on=on),
    )
    for on in (dt.date(2024, 12, 31), dt.date(2026, 1, 1)):
        for call in calls:
            with pytest.raises(NoRelease) as info:
                call(on)
            assert info.value.system == "cpt"
            assert info.value.on == on
            assert info.value.message == f"cpt: release 2025 does not cover {on.isoformat()}"


# --------------------------------------------------------------------------- hierarchy


def test_children_in_row_order() -> None:
    t = table()
    assert [c.code for c in t.children("9921")] == ["99213", "99214", "99215"]
    assert [c.code for c in t.children(" 992 ")] == ["9921"]
    assert t.children("99213") == ()
    assert t.children("nope") == ()
    assert all(c.parent == "9921" for c in t.children("9921"))


def test_concepts_are_built_once() -> None:
    t = table()
    assert t.get("99213") is t.get("99213")
    assert t.children("9921")[0] is t.get("99213")


# --------------------------------------------------------------------------- search


def test_search_titles_and_synonyms() -> None:
    t = table(synonyms={"99214": ["follow-up visit", "med check"], " 25 ": ["modifier 25"]})
    hits = t.search("moderate")
    assert [h.code for h in hits] == ["99214"]
    assert hits[0].matches[0].field is Field.TITLE
    synonym = t.search("med check")
    assert [h.code for h in synonym] == ["99214"]
    assert {m.field for m in synonym[0].matches} == {Field.SYNONYM}
    assert [h.code for h in t.search("modifier")] == ["25"]  # synonym keys are normalised
    office = t.search("office visit", limit=2)
    assert len(office) == 2
    assert all(h.billable for h in office)
    assert t.search("qqqqzzzz") == ()
    assert t.search("") == ()
    assert t.search("   ") == ()
    with pytest.raises(TypeError):
        t.search(None)  # type: ignore[arg-type]


def test_search_billable_only() -> None:
    t = table()
    everything = {h.code for h in t.search("visits", limit=20)}
    assert {"992", "9921"} <= everything
    billable = t.search("visits", billable_only=True, limit=20)
    assert billable
    assert all(h.billable for h in billable)
    assert not {"992", "9921"} & {h.code for h in billable}
    assert [h.code for h in t.search("9921", billable_only=True)] == ["99213", "99214", "99215"]


def test_search_by_code_prefix() -> None:
    t = table()
    hits = t.search("9921")
    assert [h.code for h in hits] == ["9921", "99213", "99214", "99215"]
    assert hits[0].matches[0].kind is MatchKind.EXACT
    assert hits[1].matches[0].kind is MatchKind.PREFIX
    assert hits[1].matches[0].field is Field.CODE
    assert hits[0].score > hits[1].score > hits[2].score > hits[3].score
    assert [h.code for h in t.search("9921", limit=2)] == ["9921", "99213"]
    assert [h.code for h in t.search(" 992.13 ")] == ["99213"]
    # Not a code: several words, or punctuation that is not a dot (and codes are
    # not indexed as words).
    assert t.search("99 21") == ()
    assert t.search("9921-") == ()
    # A code among words is a word the titles do not have: it is left out, ranked lower.
    words = t.search("office 99213")
    assert {h.code for h in words} == {h.code for h in t.search("office")}
    assert max(h.score for h in words) < min(h.score for h in t.search("office"))


def test_custom_normalize_and_display() -> None:
    t = CodeTable(
        system="payer",
        rows=[("abc-1", "Local code one"), ("abc-2", "Local code two", True, "abc-1")],
        normalize=lambda text: text.strip().lower(),
        display=lambda code: code.upper(),
    )
    concept = t.get("  ABC-1 ")
    assert concept is not None
    assert (concept.code, concept.display) == ("abc-1", "ABC-1")
    assert [c.code for c in t.children("ABC-1")] == ["abc-2"]
    assert t.get("abc1") is None  # the default would drop the dot, not the hyphen
    hits = t.search("local two")
    assert [(h.code, h.display) for h in hits] == [("abc-2", "ABC-2")]


@settings(max_examples=40)
@given(
    st.lists(
        st.tuples(
            st.from_regex(r"[A-Z][0-9]{1,4}", fullmatch=True),
            st.text(min_size=1, max_size=30),
            st.booleans(),
        ),
        max_size=15,
        unique_by=lambda row: row[0],
    )
)
def test_every_row_answers_for_itself(rows: list[tuple[str, str, bool]]) -> None:
    t = CodeTable(system="x", rows=rows)
    assert len(t) == len(rows)
    for code, title, billable in rows:
        concept = t.get(code.lower())
        assert concept is not None
        assert (concept.code, concept.title, concept.billable) == (code, title, billable)
        assert concept.kind is ConceptKind.CODE
        found = t.search(code, limit=len(rows) + 1, billable_only=billable)
        assert code in [h.code for h in found]
