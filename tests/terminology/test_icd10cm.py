"""Tests for medoffice.terminology.icd10cm: lookups by date of service, suggestions, titles, notes.

The bundled data file is read independently (through ``_icd10cm_data.unpack``) and
serves as the oracle for properties that must hold for every item: each looks itself
up, leaves are exactly the billable codes, ancestors end at a chapter, and validity
on a date agrees with each release's membership. Data integrity itself is checked in
``test_icd10cm_data.py``, search relevance in ``test_icd10cm_search.py``.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import pickle
import re
from collections.abc import Callable

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice._resources import read_bytes
from medoffice.codes import icd10cm as icd10cm_format
from medoffice.exceptions import (
    InvalidCode,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    MedofficeError,
    Suggestion,
    UnknownCode,
)
from medoffice.terminology import (
    CodeSet,
    CodeTable,
    Concept,
    ConceptKind,
    Extension,
    Hit,
    NoRelease,
    Notes,
    Release,
    icd10cm,
)
from medoffice.terminology._icd10cm_data import Tables, unpack
from medoffice.terminology._model import trusted

RELEASES = icd10cm.releases()
RELEASE_IDS = [r.id for r in RELEASES]
LATEST = len(RELEASES) - 1
EVERY = (1 << len(RELEASES)) - 1
FY2023 = dt.date(2023, 1, 15)
FY2023_APR = dt.date(2023, 6, 1)
FY2025 = dt.date(2025, 1, 15)
FY2026 = dt.date(2026, 3, 2)
FIRST_DAY = dt.date(2022, 10, 1)
LAST_DAY = dt.date(2027, 9, 30)
CODE = re.compile(r"[A-Z][0-9A-Z]{2,6}")
NO_TITLE = "[title not in the bundled data: new in FY2027]"


# --------------------------------------------------------------------------- the oracle


@functools.cache
def tables() -> Tables:
    return unpack(read_bytes("medoffice.terminology", "data/icd10cm.bin"))


@functools.cache
def position() -> dict[str, int]:
    return {code: i for i, code in enumerate(tables().codes)}


@functools.cache
def kids() -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    for i, parent in enumerate(tables().parent):
        found.setdefault(parent, []).append(i)
    return found


def newest(mask: int) -> int:
    """The newest release (position) in a release mask."""
    return mask.bit_length() - 1


def on_date(ridx: int) -> dt.date | None:
    """A date of service in release ``ridx`` (``None`` for the newest)."""
    return None if ridx == LATEST else RELEASES[ridx].starts


def fy(release_id: str) -> int:
    return RELEASE_IDS.index(release_id)


def is_structural(code: str) -> bool:
    return code.isdigit() or "-" in code


def seventh_definition(i: int) -> dict[str, str]:
    t = tables()
    while i >= 0:
        if t.codes[i] in t.seventh:
            return dict(t.seventh[t.codes[i]])
        i = t.parent[i]
    return {}


def unknown(code: str, **kwargs: object) -> UnknownCode:
    with pytest.raises(UnknownCode) as info:
        icd10cm.lookup(code, **kwargs)  # type: ignore[arg-type]
    return info.value


# --------------------------------------------------------------------------- every item


def test_every_item_looks_itself_up() -> None:
    # Each item is asked on a date of the tabular release (FY2026) if it is in it,
    # otherwise of the newest release that has it.
    t, tabular = tables(), fy("FY2026")
    never = []
    for i, code in enumerate(t.codes):
        mask = t.present[i]
        if not mask:
            never.append(code)
            continue
        ridx = tabular if mask >> tabular & 1 else newest(mask)
        concept = icd10cm.lookup(code, on=on_date(ridx))
        assert concept.code == code
        assert concept.release == RELEASE_IDS[ridx]
        assert concept.billable is bool(t.billable[i] >> ridx & 1)
        assert concept.system == "icd10cm"
        parent = t.parent[i]
        assert concept.parent == (t.codes[parent] if parent >= 0 else None)
        if ridx != tabular:
            continue
        # In the tabular release: the children are the data's, in tabular order,
        # and an item below a block is billable exactly when it has none.
        children = icd10cm.children(code, on=on_date(ridx))
        expected = [t.codes[k] for k in kids().get(i, []) if t.present[k] >> ridx & 1]
        assert [c.code for c in children] == expected
        assert all(c.parent == code for c in children)
        if is_structural(code):
            # Blocks that only group other blocks (C00-C96 ...) have no children.
            assert children or "-" in code
            assert not concept.billable
        else:
            assert concept.billable is (not children), code
            if len(code) == 3:
                assert concept.kind is ConceptKind.CATEGORY
            else:
                leaf = ConceptKind.CODE if concept.billable else ConceptKind.SUBCATEGORY
                assert concept.kind is leaf, code
    # Every item is in some release, the sections that only group other blocks
    # (C00-C96 ...) included.
    assert never == []
    grouping = icd10cm.lookup("C00-C96")
    assert grouping.kind is ConceptKind.BLOCK
    assert grouping.parent == "2"


def test_chapters_and_blocks() -> None:
    chapters = [icd10cm.lookup(str(n)) for n in range(1, 23)]
    assert all(c.kind is ConceptKind.CHAPTER for c in chapters)
    assert all(c.parent is None and not c.billable for c in chapters)
    assert chapters[3].title.startswith("Endocrine, nutritional and metabolic diseases")
    block = icd10cm.lookup("a00-a09")
    assert (block.code, block.display, block.kind, block.parent) == (
        "A00-A09",
        "A00-A09",
        ConceptKind.BLOCK,
        "1",
    )
    assert icd10cm.get("23") is None
    assert icd10cm.get("A00-A10") is None


code_forms = st.sampled_from(
    [c for c, m in zip(tables().codes, tables().present, strict=True) if m >> LATEST & 1]
)


@settings(max_examples=200)
@given(
    code=code_forms,
    lower=st.booleans(),
    dotted=st.booleans(),
    before=st.sampled_from(["", " ", "  ", "\t", "\n "]),
    after=st.sampled_from(["", " ", "\t", " \n"]),
)
def test_normalisation_is_case_dot_and_space_insensitive(
    code: str, lower: bool, dotted: bool, before: str, after: str
) -> None:
    concept = icd10cm.lookup(code)
    text = concept.display if dotted else code
    text = before + (text.lower() if lower else text) + after
    assert icd10cm.lookup(text) == concept
    assert icd10cm.get(text) == concept
    # Idempotent: the canonical code and the display form answer the same.
    assert icd10cm.lookup(concept.code) == concept
    assert icd10cm.lookup(concept.display) == concept
    assert concept.display.replace(".", "") == concept.code


def test_display_form() -> None:
    assert icd10cm.lookup("E119").display == "E11.9"
    assert icd10cm.lookup("I10").display == "I10"
    assert icd10cm.lookup("S72001A").display == "S72.001A"
    assert icd10cm.lookup("QA00101").display == "QA0.0101"
    assert icd10cm.lookup("4").display == "4"
    assert str(icd10cm.lookup("I10")) == "I10 Essential (primary) hypertension"


def test_codes_subdivided_between_releases_are_leaves_where_billable() -> None:
    # Billable in one release and a header (with children) in another: Z59.1 until
    # 2023-03-31, I42.0 in FY2026; the kind follows the release asked.
    t = tables()
    changed = [
        i
        for i, mask in enumerate(t.billable)
        if mask and any(t.billable[k] for k in kids().get(i, []))
    ]
    assert len(changed) > 50
    for i in changed:
        code = t.codes[i]
        for release in RELEASES:
            concept = icd10cm.get(code, on=release.starts)
            if concept is None:
                continue
            children = icd10cm.children(code, on=release.starts)
            assert concept.billable is (not children), (code, release.id)
            if len(code) > 3:
                expected = ConceptKind.CODE if concept.billable else ConceptKind.SUBCATEGORY
                assert concept.kind is expected, (code, release.id)
    assert icd10cm.lookup("Z59.1", on=FY2023).kind is ConceptKind.CODE
    assert icd10cm.lookup("Z59.1", on=FY2023_APR).kind is ConceptKind.SUBCATEGORY
    assert icd10cm.lookup("I42.0", on=FY2026).kind is ConceptKind.CODE
    assert icd10cm.lookup("I42.0").kind is ConceptKind.SUBCATEGORY


def test_ancestors_end_at_a_chapter() -> None:
    # Every chapter and block, and every fourth other item.
    t = tables()
    for i, code in enumerate(t.codes):
        mask = t.present[i]
        if not mask or (i % 4 and not is_structural(code)):
            continue
        on = on_date(newest(mask))
        found = icd10cm.ancestors(code, on=on)
        if code.isdigit():
            assert found == ()
            continue
        assert found[-1].kind is ConceptKind.CHAPTER, code
        chain = [code, *(a.code for a in found)]
        assert [a.parent for a in found] == [*chain[2:], None]
        assert all(a.kind is not ConceptKind.CHAPTER for a in found[:-1])
        if "-" in code:
            assert len(found) == 1
        else:
            assert found[-2].kind is ConceptKind.BLOCK


def test_chapter() -> None:
    assert icd10cm.chapter("I10").code == "9"
    assert icd10cm.chapter("I10").title == "Diseases of the circulatory system (I00-I99)"
    assert icd10cm.chapter("E08-E13").code == "4"
    assert icd10cm.chapter("s72.001a").code == "19"
    assert icd10cm.chapter("4").code == "4"  # a chapter is its own
    assert icd10cm.chapter("Z59.1", on=FY2023).code == "21"
    with pytest.raises(UnknownCode):
        icd10cm.chapter("E11.99")


def test_children() -> None:
    assert [c.display for c in icd10cm.children("E11.6")] == [
        "E11.61",
        "E11.62",
        "E11.63",
        "E11.64",
        "E11.65",
        "E11.69",
    ]
    assert [c.code for c in icd10cm.children("E08-E13")] == ["E08", "E09", "E10", "E11", "E13"]
    assert [c.code for c in icd10cm.children("Z59.1", on=FY2023)] == []
    assert [c.code for c in icd10cm.children("Z59.1", on=FY2023_APR)] == [
        "Z5910",
        "Z5911",
        "Z5912",
        "Z5919",
    ]
    assert icd10cm.children("E11.9") == ()
    assert icd10cm.children("E11.99") == ()  # unknown
    assert icd10cm.children("nonsense!") == ()
    chapters = icd10cm.children("4")
    assert all(c.kind is ConceptKind.BLOCK and c.parent == "4" for c in chapters)


# --------------------------------------------------------------------------- releases


def test_releases_are_ordered_and_contiguous() -> None:
    assert RELEASE_IDS == ["FY2023", "FY2023-APR", "FY2024", "FY2025", "FY2026", "FY2027"]
    assert RELEASES[0].starts == FIRST_DAY
    assert RELEASES[-1].ends == LAST_DAY
    for before, after in itertools.pairwise(RELEASES):
        assert before.ends is not None
        assert before.starts < before.ends
        assert before.ends + dt.timedelta(days=1) == after.starts
    assert [r.titles_complete for r in RELEASES] == [True] * 5 + [False]
    assert [r.codes for r in RELEASES] == [73_639, 73_674, 74_044, 74_260, 74_719, 74_879]
    assert all(r.source and r.label.startswith("ICD-10-CM") for r in RELEASES)
    assert icd10cm.bundled() is icd10cm.bundled()
    assert isinstance(icd10cm.bundled(), CodeSet)
    assert icd10cm.bundled().system == "icd10cm"


@pytest.mark.parametrize("ridx", range(len(RELEASES)))
def test_valid_on_agrees_with_release_membership(ridx: int) -> None:
    t, release = tables(), RELEASES[ridx]
    assert release.ends is not None
    # Every code whose validity changes across releases, and a sample of the rest.
    changing = [i for i, mask in enumerate(t.billable) if mask not in (0, EVERY)]
    sample = range(ridx, len(t.codes), 53)
    for i in [*changing, *sample]:
        code, expected = t.codes[i], bool(t.billable[i] >> ridx & 1)
        assert icd10cm.valid_on(code, release.starts) is expected, (code, release.id)
        assert icd10cm.valid_on(code, release.ends) is expected, (code, release.id)
        assert icd10cm.is_billable(code, on=release.ends) is expected
        present = bool(t.present[i] >> ridx & 1)
        assert (icd10cm.get(code, on=release.starts) is not None) is present
    assert len(changing) > 1_000


def test_valid_on_across_a_release_boundary() -> None:
    assert icd10cm.valid_on("E11.A", dt.date(2025, 10, 1))
    assert not icd10cm.valid_on("E11.A", dt.date(2025, 9, 30))
    assert icd10cm.valid_on("Z59.1", dt.date(2023, 3, 31))
    assert not icd10cm.valid_on("Z59.1", dt.date(2023, 4, 1))
    assert icd10cm.valid_on("T78.1XXA", dt.date(2025, 9, 30))
    assert not icd10cm.valid_on("T78.1XXA", dt.date(2025, 10, 1))
    assert not icd10cm.valid_on("E11", FY2026)  # a header
    assert not icd10cm.valid_on("E11.99", FY2026)  # unknown


def test_get_answers_none_for_unknown_codes_and_codes_not_present_then() -> None:
    assert icd10cm.get("ZZZ") is None
    assert icd10cm.get("E11.99") is None
    assert icd10cm.get("not a code at all") is None
    assert icd10cm.get("E11.A", on=FY2025) is None  # new in FY2026
    assert icd10cm.get("E11.A", on=FY2026).billable  # type: ignore[union-attr]
    assert icd10cm.get("T78.1XXA", on=FY2026) is None  # deleted in FY2026
    assert icd10cm.get("T78.1XXA", on=FY2025).billable  # type: ignore[union-attr]
    assert icd10cm.get("Z59.10", on=FY2023) is None  # added 2023-04-01
    header = icd10cm.get("E11")
    assert header is not None
    assert not header.billable


OUTSIDE = [dt.date(2022, 9, 30), dt.date(2000, 1, 1), dt.date(2027, 10, 1), dt.date(2100, 1, 1)]
CALLS: dict[str, Callable[[str, dt.date], object]] = {
    "get": lambda code, on: icd10cm.get(code, on=on),
    "lookup": lambda code, on: icd10cm.lookup(code, on=on),
    "is_billable": lambda code, on: icd10cm.is_billable(code, on=on),
    "valid_on": icd10cm.valid_on,
    "children": lambda code, on: icd10cm.children(code, on=on),
    "ancestors": lambda code, on: icd10cm.ancestors(code, on=on),
    "chapter": lambda code, on: icd10cm.chapter(code, on=on),
    "inherited_notes": lambda code, on: icd10cm.inherited_notes(code, on=on),
    "search": lambda code, on: icd10cm.search(code, on=on),
}


@pytest.mark.parametrize("name", CALLS)
@pytest.mark.parametrize("code", ["E11.9", "E11", "ZZZ", "Z99.999"])
def test_no_release_outside_the_bundled_dates(name: str, code: str) -> None:
    for on in OUTSIDE:
        with pytest.raises(NoRelease) as info:
            CALLS[name](code, on)
        assert info.value.system == "icd10cm"
        assert info.value.on == on
        assert isinstance(info.value, LookupError)
        assert info.value.message.startswith(f"icd10cm: no bundled release covers {on.isoformat()}")
        assert info.value.message.endswith("; pass code_set= for other dates")


def test_no_release_messages_name_the_nearest_bundled_date() -> None:
    with pytest.raises(NoRelease, match=r"\(the earliest starts 2022-10-01\)"):
        icd10cm.get("E11.9", on=dt.date(2022, 9, 30))
    with pytest.raises(NoRelease, match=r"\(the newest ends 2027-09-30\)"):
        icd10cm.get("E11.9", on=dt.date(2027, 10, 1))
    assert icd10cm.get("E11.9", on=FIRST_DAY) is not None
    assert icd10cm.get("E11.9", on=LAST_DAY) is not None


# --------------------------------------------------------------------------- suggestions


def test_missing_placeholder_x() -> None:
    exc = unknown("W21.89A")
    assert (exc.system, exc.code) == ("icd10cm", "W2189A")
    assert exc.suggestions == (Suggestion(code="W2189XA", reason="add the placeholder X"),)
    assert exc.message == "icd10cm: W21.89A is not a code"
    assert [s.code for s in unknown("t36.01a").suggestions] == ["T360X1A"]
    assert [s.code for s in unknown("S02.0A").suggestions] == ["S020XXA"]  # two X's
    assert [s.code for s in unknown("S020B", on=FY2025).suggestions] == ["S020XXB"]
    assert unknown("W21.89A").suggestions[0].code == icd10cm.lookup("W21.89XA").code


def test_header_refused_when_billable_is_asked() -> None:
    assert not icd10cm.lookup("E11").billable
    exc = unknown("E11", billable=True)
    assert exc.code == "E11"
    assert exc.message == "icd10cm: E11 is a header, not a billable code"
    codes = [s.code for s in exc.suggestions]
    assert codes[:5] == ["E1100", "E1101", "E1110", "E1111", "E1121"]
    assert len(codes) == 25  # at most 25, in tabular order
    assert {s.reason for s in exc.suggestions} == {"billable code under E11"}
    assert all(icd10cm.is_billable(c) for c in codes)
    assert icd10cm.lookup("E11.9", billable=True).code == "E119"
    chapter = unknown("4", billable=True)
    assert chapter.suggestions[0].code == "E000"


def test_code_not_yet_valid() -> None:
    exc = unknown("E11.A", on=FY2025)
    assert exc.message == "icd10cm: E11.A is not a code on 2025-01-15"
    assert [s.code for s in exc.suggestions] == ["E11A", "E11A"]
    assert [s.reason for s in exc.suggestions] == [
        "valid in ICD-10-CM FY2026 (2025-10-01 to 2026-09-30)",
        "valid in ICD-10-CM FY2027 (2026-10-01 to 2027-09-30)",
    ]


def test_code_no_longer_valid() -> None:
    exc = unknown("T78.1XXA", on=FY2026)
    assert exc.code == "T781XXA"
    assert [s.code for s in exc.suggestions] == ["T781XXA"] * 4
    reasons = [s.reason for s in exc.suggestions]
    assert [r.split(" (")[0] for r in reasons] == [
        "valid in ICD-10-CM FY2023",
        "valid in ICD-10-CM FY2023, April 1, 2023 update",
        "valid in ICD-10-CM FY2024",
        "valid in ICD-10-CM FY2025",
    ]
    assert reasons[-1] == "valid in ICD-10-CM FY2025 (2024-10-01 to 2025-09-30)"
    assert unknown("T78.1XXA").suggestions == exc.suggestions  # the newest release too


def test_code_that_became_a_header_suggests_its_billable_codes() -> None:
    assert icd10cm.lookup("Z59.1", on=FY2023, billable=True).billable
    exc = unknown("Z59.1", on=FY2023_APR, billable=True)
    assert exc.suggestions == tuple(
        Suggestion(code=c, reason="billable code under Z591")
        for c in ("Z5910", "Z5911", "Z5912", "Z5919")
    )
    assert [s.code for s in unknown("I42.0", billable=True).suggestions] == [
        "I4200",
        "I4201",
        "I4209",
    ]


def test_nearest_existing_prefix() -> None:
    exc = unknown("E11.99")
    assert exc.suggestions == (Suggestion(code="E119", reason="the nearest code to E1199"),)
    assert unknown("E11.399").suggestions == (
        Suggestion(code="E1139", reason="the nearest code to E11399"),
    )
    under = unknown("A00.2").suggestions
    assert under == tuple(
        Suggestion(code=c, reason="billable code under A00") for c in ("A000", "A001", "A009")
    )
    # A 7th character that the category does not define (S06 death codes take only A).
    assert unknown("S06.377D").suggestions == (
        Suggestion(code="S06377A", reason="billable code under S06377"),
    )
    assert unknown("U99.9").suggestions == ()
    assert unknown("ZZZ").suggestions == ()


@pytest.mark.parametrize(
    ("text", "error", "rule"),
    [
        ("1E11", InvalidComponent, "icd10cm.first"),
        ("E1", InvalidLength, "icd10cm.length"),
        ("E11.99999", InvalidLength, "icd10cm.length"),
        ("E11-9", InvalidFormat, "icd10cm.format"),
        ("É11", InvalidFormat, "icd10cm.format"),
        ("", InvalidFormat, "icd10cm.format"),
    ],
)
def test_malformed_input_raises_invalid_code(
    text: str, error: type[InvalidCode], rule: str
) -> None:
    for call in (
        lambda: icd10cm.lookup(text),
        lambda: icd10cm.lookup(text, billable=True),
        lambda: icd10cm.ancestors(text),
        lambda: icd10cm.inherited_notes(text),
    ):
        with pytest.raises(error) as info:
            call()
        assert isinstance(info.value, InvalidCode)
        assert isinstance(info.value, ValueError)
        assert info.value.code == rule
        assert info.value.field == "icd10cm"
    assert icd10cm.get(text) is None
    assert not icd10cm.is_billable(text)


@pytest.mark.parametrize("bad", [None, 119, b"E119", ["E119"]])
def test_non_text_raises_type_error(bad: object) -> None:
    for call in (
        icd10cm.lookup,
        icd10cm.get,
        icd10cm.is_billable,
        icd10cm.children,
        icd10cm.ancestors,
        icd10cm.chapter,
        icd10cm.inherited_notes,
        icd10cm.search,
        lambda code: icd10cm.valid_on(code, FY2026),
    ):
        with pytest.raises(TypeError):
            call(bad)


LABELS = "|".join(re.escape(r.label) for r in RELEASES)
DATE = r"\d{4}-\d{2}-\d{2}"
MESSAGE = re.compile(
    rf"icd10cm: (?P<code>[A-Z0-9.-]+) "
    rf"(is not a code( on {DATE})?|is a header, not a billable code|is not a block or chapter)"
)
REASON = re.compile(
    r"add the placeholder X"
    r"|billable code under [A-Z0-9-]{1,7}( on that date)?"
    r"|the nearest code to [A-Z0-9]{3,7}"
    rf"|valid in ({LABELS}) \({DATE} to ({DATE}|open)\)"
)
FORMAT_MESSAGES = {
    "icd10cm: must contain only letters and digits (and one dot)",
    "icd10cm: must be 3 to 7 characters (not counting the dot)",
    "icd10cm: the first character must be a letter",
}
code_like = st.from_regex(r"[A-Za-z][0-9A-Za-z]{2}(\.?[0-9A-Za-z]{1,4})?", fullmatch=True)
near_codes = code_forms.flatmap(
    lambda c: st.sampled_from([c[:-1], c + "X", c[:-1] + "A", c[:3] + c[4:], c + "9"])
)


def outcome(text: str, on: dt.date | None, *, billable: bool) -> Concept | MedofficeError:
    try:
        return icd10cm.lookup(text, on=on, billable=billable)
    except (UnknownCode, InvalidCode) as exc:
        return exc


@settings(max_examples=120)
@given(
    text=code_like | near_codes | st.text(max_size=12),
    on=st.none() | st.dates(min_value=FIRST_DAY, max_value=LAST_DAY),
    billable=st.booleans(),
)
def test_errors_name_only_codes_and_dates(text: str, on: dt.date | None, billable: bool) -> None:
    result = outcome(text, on, billable=billable)
    if isinstance(result, InvalidCode):
        assert result.message in FORMAT_MESSAGES
    elif isinstance(result, UnknownCode):
        match = MESSAGE.fullmatch(result.message)
        assert match, result.message
        assert match["code"].replace(".", "") == result.code
        assert result.system == "icd10cm"
        assert icd10cm_format.is_valid(result.code) or is_structural(result.code)
        assert len(result.suggestions) <= 25
        for suggestion in result.suggestions:
            assert CODE.fullmatch(suggestion.code), suggestion
            assert REASON.fullmatch(suggestion.reason), suggestion.reason
            if not suggestion.reason.startswith("valid in"):
                assert icd10cm.is_billable(suggestion.code, on=on)
    else:
        assert isinstance(result, Concept)
        assert result.billable or not billable
        assert result.code == text.strip().replace(".", "").upper()


# --------------------------------------------------------------------------- titles


@pytest.mark.parametrize(
    ("code", "title"),
    [
        (
            "S72.001A",
            (
                "Fracture of unspecified part of neck of right femur, "
                "initial encounter for closed fracture"
            ),
        ),
        ("W21.89XA", "Striking against or struck by other sports equipment, initial encounter"),
        ("T36.0X1A", "Poisoning by penicillins, accidental (unintentional), initial encounter"),
        (
            "O36.5930",
            (
                "Maternal care for other known or suspected poor fetal growth, third trimester, "
                "not applicable or unspecified"
            ),
        ),
        (
            "O36.5931",
            (
                "Maternal care for other known or suspected poor fetal growth, third trimester, "
                "fetus 1"
            ),
        ),
        ("S02.0XXB", "Fracture of vault of skull, initial encounter for open fracture"),
        ("H40.1110", "Primary open-angle glaucoma, right eye, stage unspecified"),
    ],
)
def test_generated_codes_take_the_parent_title_and_the_extension(code: str, title: str) -> None:
    concept = icd10cm.lookup(code)
    assert concept.title == title
    assert concept.billable
    assert concept.kind is ConceptKind.CODE


def test_every_generated_title_is_parent_title_and_extension() -> None:
    t = tables()
    generated = [i for i in range(len(t.codes)) if t.title(i) == "" and t.present[i] >> LATEST & 1]
    assert len(generated) > 50_000
    for i in generated[::5]:
        code = t.codes[i]
        parent = icd10cm.lookup(t.codes[t.parent[i]])
        extension = seventh_definition(i)[code[6]]
        assert icd10cm.lookup(code).title == f"{parent.title}, {extension}", code


def test_s06_death_codes_take_only_initial_encounter() -> None:
    assert icd10cm.lookup("S06.377A").title.endswith(
        "prior to regaining consciousness, initial encounter"
    )
    assert icd10cm.get("S06.377D") is None
    assert icd10cm.get("S06.377S") is None
    assert icd10cm.get("S06.376D") is not None


def test_title_history() -> None:
    t = tables()
    assert t.title_history
    for code, entries in t.title_history.items():
        old = dict(entries)
        i = position()[code]
        current = set()
        for ridx, release in enumerate(RELEASES):
            if not t.present[i] >> ridx & 1:
                continue
            title = icd10cm.lookup(code, on=release.starts).title
            if release.id in old:
                assert title == old[release.id], (code, release.id)
            else:
                current.add(title)
        assert len(current) == 1, code
        assert current.isdisjoint(old.values()), code
    assert icd10cm.lookup("A77.41", on=FY2023).title == "Ehrlichiosis chafeensis [E. chafeensis]"
    assert icd10cm.lookup("A77.41", on=FY2026).title == "Ehrlichiosis chaffeensis [E. chaffeensis]"
    assert icd10cm.lookup("A77.41").title == "Ehrlichiosis chaffeensis [E. chaffeensis]"


def test_fy2027_codes_have_the_placeholder_title() -> None:
    t = tables()
    only = [c for c, mask in zip(t.codes, t.present, strict=True) if mask == 1 << LATEST]
    assert len(only) == 190
    for code in only:
        concept = icd10cm.lookup(code)
        assert concept.title == NO_TITLE
        assert concept.release == "FY2027"
        assert icd10cm.get(code, on=FY2026) is None
    assert icd10cm.lookup("J4B").title == NO_TITLE
    assert RELEASES[-1].titles_complete is False


# --------------------------------------------------------------------------- notes and extensions


def test_notes_of_a_category() -> None:
    notes = icd10cm.lookup("E11").notes
    assert "gestational diabetes (O24.4-)" in notes.excludes1
    assert "type 1 diabetes mellitus (E10.-)" in notes.excludes1
    assert "insulin (Z79.4)" in notes.use_additional_code
    assert "diabetes NOS" in notes.includes
    assert notes.excludes2 == ()
    assert notes
    assert not icd10cm.lookup("E08-E13").notes


def test_inherited_notes_come_own_then_category_then_chapter() -> None:
    chain = icd10cm.inherited_notes("e11.9")
    assert [where for where, _ in chain] == ["E119", "E11", "4"]
    assert chain[0][1].excludes1 == (
        "type 2 diabetes mellitus, without complications in remission (E11.A)",
    )
    assert chain[1][1] == icd10cm.lookup("E11").notes
    assert chain[2][1].notes[0].startswith("All neoplasms")
    assert all(notes for _, notes in chain)


def test_chapter_and_block_notes_are_inherited() -> None:
    chapter = icd10cm.lookup("1").notes
    assert chapter.includes == ("diseases generally recognized as communicable or transmissible",)
    assert "code to identify resistance to antimicrobial drugs (Z16.-)" in (
        chapter.use_additional_code
    )
    block = icd10cm.lookup("A15-A19").notes
    assert block.includes == (
        "infections due to Mycobacterium tuberculosis and Mycobacterium bovis",
    )
    chain = icd10cm.inherited_notes("A15.0")
    assert [where for where, _ in chain][-2:] == ["A15-A19", "1"]
    assert chain[-2][1] == block
    assert chain[-1][1] == chapter
    assert icd10cm.lookup("S06").notes.notes[0].startswith("7th characters D and S do not apply")


def test_extensions_on_a_code_that_needs_a_7th_character() -> None:
    extensions = icd10cm.lookup("S72.001").extensions
    assert "".join(e.character for e in extensions) == "ABCDEFGHJKMNPQRS"
    assert extensions[0].title == "initial encounter for closed fracture"
    assert extensions[-1].title == "sequela"
    assert not icd10cm.lookup("S72.001").billable
    assert icd10cm.lookup("S72.001A").extensions == ()
    assert icd10cm.lookup("W21.89XA").extensions == ()
    assert [e.character for e in icd10cm.lookup("S06.377").extensions] == ["A", "D", "S"]
    assert [e.character for e in icd10cm.lookup("O36.593").extensions] == list("0123459")
    assert icd10cm.lookup("E11.9").extensions == ()
    assert icd10cm.lookup("19").extensions == ()
    assert icd10cm.lookup("S00-S09").extensions == ()


# --------------------------------------------------------------------------- search on the bundled set


def test_search_by_code_prefix() -> None:
    assert [h.code for h in icd10cm.search("e11", limit=3)] == ["E11", "E110", "E111"]
    billable = icd10cm.search("e11", limit=3, billable_only=True)
    assert [h.code for h in billable] == ["E1100", "E1101", "E1110"]
    assert all(h.billable for h in billable)
    # FY2026 added QA0, the first category whose second character is a letter.
    assert icd10cm.search("QA0.0101", limit=1)[0].code == "QA00101"
    assert icd10cm.search("qa0", limit=1)[0].code == "QA0"
    assert icd10cm.search("QA0", on=FY2025) == ()
    hit = icd10cm.search("I10", limit=1)[0]
    assert isinstance(hit, Hit)
    assert (hit.code, hit.display, hit.billable) == ("I10", "I10", True)


def test_billable_only_shows_each_code_once() -> None:
    query = "basal cell carcinoma skin right eyelid"
    assert [h.code for h in icd10cm.search(query)][:2] == ["C44112", "C441121"]
    # The header's first billable code is also a hit of its own: it is listed once.
    billable = [h.code for h in icd10cm.search(query, billable_only=True)]
    assert billable[:2] == ["C441121", "C441122"]
    assert len(billable) == len(set(billable))


def test_search_titles_follow_the_date_of_service() -> None:
    old = icd10cm.search("ehrlichiosis", on=FY2023, limit=5)
    new = icd10cm.search("ehrlichiosis", on=FY2026, limit=5)
    assert "Ehrlichiosis chafeensis [E. chafeensis]" in [h.title for h in old]
    assert "Ehrlichiosis chaffeensis [E. chaffeensis]" in [h.title for h in new]


# --------------------------------------------------------------------------- a caller's own code set


def dotted(code: str) -> str:
    return f"{code[:3]}.{code[3:]}" if len(code) > 3 else code


NEWER = Release(
    id="FY2099",
    label="ICD-10-CM FY2099 (test)",
    starts=dt.date(2098, 10, 1),
    ends=dt.date(2099, 9, 30),
    codes=4,
)
TABLE = CodeTable(
    system="icd10cm",
    rows=[
        ("21", "Factors influencing health status and contact with health services", False),
        ("Z99", "Dependence on enabling machines and devices", False, "21"),
        ("Z99.8", "Dependence on other enabling machines", True, "Z99"),
        ("Z99.9", "Dependence on made-up machines", False, "Z99"),
        ("Z99.99", "Dependence on a made-up machine, unspecified", True, "Z99.9"),
        ("Z99.91", "Dependence on a made-up robot", True, "Z99.9"),
        ("W21.89XA", "Struck by sports equipment, initial encounter", True, "Z99"),
    ],
    release=NEWER,
    synonyms={"Z99.99": ["robot helper"]},
    display=dotted,
)
IN_NEWER = dt.date(2099, 1, 1)


def test_code_set_answers_every_function() -> None:
    concept = icd10cm.lookup("z99.99", code_set=TABLE)
    assert (concept.code, concept.display, concept.release) == ("Z9999", "Z99.99", "FY2099")
    assert concept.title == "Dependence on a made-up machine, unspecified"
    assert icd10cm.lookup("Z99.99", on=IN_NEWER, code_set=TABLE) == concept
    assert icd10cm.get("Z99.99", code_set=TABLE) == concept
    assert icd10cm.get("E11.9", code_set=TABLE) is None
    assert icd10cm.is_billable("Z99.99", code_set=TABLE)
    assert not icd10cm.is_billable("Z99.9", code_set=TABLE)
    assert icd10cm.valid_on("Z99.99", IN_NEWER, code_set=TABLE)
    assert not icd10cm.valid_on("E11.9", IN_NEWER, code_set=TABLE)
    assert [c.code for c in icd10cm.children("Z99.9", code_set=TABLE)] == ["Z9999", "Z9991"]
    assert [c.code for c in icd10cm.ancestors("Z99.99", code_set=TABLE)] == ["Z999", "Z99", "21"]
    assert icd10cm.chapter("Z99.99", code_set=TABLE).code == "21"
    assert icd10cm.chapter("21", code_set=TABLE).code == "21"
    assert icd10cm.inherited_notes("Z99.99", code_set=TABLE) == ()
    assert icd10cm.releases(code_set=TABLE) == (NEWER,)
    assert [h.code for h in icd10cm.search("robot", code_set=TABLE)] == ["Z9999", "Z9991"]
    assert [h.code for h in icd10cm.search("z99.9", code_set=TABLE)] == ["Z999", "Z9991", "Z9999"]
    made_up = icd10cm.search("made up", billable_only=True, code_set=TABLE)
    assert {h.code for h in made_up} == {"Z9999", "Z9991"}
    with pytest.raises(NoRelease):
        icd10cm.lookup("Z99.99", on=FY2026, code_set=TABLE)
    with pytest.raises(NoRelease):
        icd10cm.search("robot", on=FY2026, code_set=TABLE)


def test_code_set_suggestions() -> None:
    with pytest.raises(UnknownCode) as info:
        icd10cm.lookup("Z99.9", billable=True, code_set=TABLE)
    assert info.value.suggestions == (
        Suggestion(code="Z9999", reason="billable code under Z999"),
        Suggestion(code="Z9991", reason="billable code under Z999"),
    )
    assert info.value.system == "icd10cm"
    with pytest.raises(UnknownCode) as info:
        icd10cm.lookup("Z99", billable=True, code_set=TABLE)
    # Depth first, in the table's order.
    assert [s.code for s in info.value.suggestions] == ["Z998", "Z9999", "Z9991", "W2189XA"]
    with pytest.raises(UnknownCode) as info:
        icd10cm.lookup("W21.89A", code_set=TABLE)
    assert [s.code for s in info.value.suggestions] == ["W2189XA"]
    with pytest.raises(UnknownCode) as info:
        icd10cm.lookup("Z99.97", on=IN_NEWER, code_set=TABLE)
    assert info.value.message == "icd10cm: Z99.97 is not a code on 2099-01-01"
    assert [s.code for s in info.value.suggestions] == ["Z9999", "Z9991"]
    with pytest.raises(UnknownCode) as info:
        icd10cm.lookup("Z99.81", code_set=TABLE)
    assert info.value.suggestions == (Suggestion(code="Z998", reason="the nearest code to Z9981"),)
    with pytest.raises(UnknownCode) as info:
        icd10cm.lookup("E11.9", code_set=TABLE)
    assert info.value.suggestions == ()


def test_code_set_suggestions_stop_at_25() -> None:
    rows: list[tuple[str, str, bool, str | None]] = [("A00", "Header", False, None)]
    rows += [(f"A00{n:02d}", f"Leaf {n}", True, "A00") for n in range(30)]
    table = CodeTable(system="icd10cm", rows=rows)
    with pytest.raises(UnknownCode) as info:
        icd10cm.lookup("A00", billable=True, code_set=table)
    assert [s.code for s in info.value.suggestions] == [f"A00{n:02d}" for n in range(25)]


class _Gapped:
    """A code set whose parent links point at a code it does not answer for."""

    system = "icd10cm"

    def __init__(self, table: CodeTable, hidden: str) -> None:
        self._table = table
        self._hidden = hidden

    def releases(self) -> tuple[Release, ...]:
        return self._table.releases()

    def get(self, code: str, *, on: dt.date | None = None) -> Concept | None:
        return None if code == self._hidden else self._table.get(code, on=on)

    def children(self, code: str, *, on: dt.date | None = None) -> tuple[Concept, ...]:
        return self._table.children(code, on=on)

    def search(
        self, query: str, *, limit: int = 10, billable_only: bool = False, on: dt.date | None = None
    ) -> tuple[Hit, ...]:
        return self._table.search(query, limit=limit, billable_only=billable_only, on=on)


def test_ancestors_stop_where_the_code_set_has_no_parent() -> None:
    gapped = _Gapped(TABLE, hidden="Z99")
    assert isinstance(gapped, CodeSet)
    assert [c.code for c in icd10cm.ancestors("Z99.99", code_set=gapped)] == ["Z999"]
    assert icd10cm.chapter("Z99.99", code_set=gapped).code == "Z999"


def test_the_bundled_code_set_protocol() -> None:
    # Called through the CodeSet protocol, the bundled set normalises codes itself.
    bundled = icd10cm.bundled()
    assert bundled.get("e11.9") == icd10cm.lookup("E11.9")
    assert bundled.get(" I10 ", on=FY2026) == icd10cm.lookup("I10", on=FY2026)
    assert bundled.get("E11.99") is None
    assert [c.code for c in bundled.children("e11.6")][:2] == ["E1161", "E1162"]
    assert bundled.search("essential hypertension", limit=1)[0].code == "I10"


def test_bundled_internals() -> None:
    # Helpers of the bundled set that the module does not call itself.
    bundled = icd10cm._Bundled(tables())
    t, ridx = tables(), fy("FY2023")
    z591 = position()["Z591"]
    assert bundled.present(z591, ridx) is True
    assert bundled.present(position()["Z5910"], ridx) is False
    assert [t.codes[i] for i in bundled.chapters()] == [str(n) for n in range(1, 23)]
    assert bundled.find("Z591") == z591
    assert bundled.seventh_for(position()["E119"]) is None


def test_billable_under_a_code_the_bundled_set_does_not_have() -> None:
    # Defensive: lookup() only asks for the billable codes under codes it found.
    found = icd10cm._billable_under(icd10cm.bundled(), "ZZZ", None, reason="x")
    assert found == ()


def test_public_functions_have_examples() -> None:
    assert ">>>" in (icd10cm.__doc__ or "")
    assert list(icd10cm.__all__) == sorted(icd10cm.__all__)
    for name in icd10cm.__all__:
        obj = getattr(icd10cm, name)
        if callable(obj):
            assert ">>>" in (obj.__doc__ or ""), name
    assert icd10cm.SYSTEM_URI == "http://hl7.org/fhir/sid/icd-10-cm"


# --------------------------------------------------------------------------- the shared value types


def test_release_covers_its_dates() -> None:
    fy2026 = RELEASES[fy("FY2026")]
    assert fy2026.covers(dt.date(2025, 10, 1))
    assert fy2026.covers(dt.date(2026, 9, 30))
    assert not fy2026.covers(dt.date(2025, 9, 30))
    assert not fy2026.covers(dt.date(2026, 10, 1))
    open_ended = Release(id="x", label="x", starts=dt.date(2024, 10, 1))
    assert open_ended.covers(dt.date.max)
    assert not open_ended.covers(dt.date(2024, 9, 30))
    with pytest.raises(TypeError):
        Release(id="x", label="x", starts="2024-10-01")  # type: ignore[arg-type]


def test_notes_are_true_when_any_kind_has_text() -> None:
    assert not Notes()
    for name in attrs.fields_dict(Notes):
        assert Notes(**{name: ["text"]}), name
    assert Notes(excludes1=["a", "b"]).excludes1 == ("a", "b")
    for bad in ("a string", 3, None):
        with pytest.raises(TypeError, match=r"^includes: (expected|must be) a sequence"):
            Notes(includes=bad)  # type: ignore[arg-type]


def test_no_release_pickles() -> None:
    error = NoRelease("icd10cm: no bundled release covers 2021-05-01", system="icd10cm", on=FY2023)
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 (our own bytes)
    assert type(copy) is NoRelease
    assert (copy.message, copy.system, copy.on) == (error.message, "icd10cm", FY2023)
    assert str(copy) == error.message
    assert isinstance(copy, LookupError)
    with pytest.raises(NoRelease) as info:
        icd10cm.get("E11.9", on=dt.date(2020, 1, 1))
    again = pickle.loads(pickle.dumps(info.value))  # noqa: S301 (our own bytes)
    assert (again.message, again.on) == (info.value.message, dt.date(2020, 1, 1))


def test_trusted_builds_without_checks() -> None:
    extension = trusted(Extension, character="A", title="initial encounter")
    assert extension == Extension(character="A", title="initial encounter")
    assert isinstance(extension, Extension)
    unchecked = trusted(Extension, character=1, title=None)  # what it skips
    assert unchecked.character == 1
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        extension.character = "D"  # type: ignore[misc]
    # The bundled set's concepts are built this way and equal checked ones.
    concept = icd10cm.lookup("I10")
    assert concept == Concept(**attrs.asdict(concept, recurse=False))


def test_concept_kind_is_converted() -> None:
    concept = Concept(
        system="x", code="A", display="A", title="T", kind="code", billable=True, release="r"
    )
    assert concept.kind is ConceptKind.CODE
    assert str(concept) == "A T"
    with pytest.raises(ValueError, match="'leaf' is not a valid ConceptKind"):
        Concept(
            system="x", code="A", display="A", title="T", kind="leaf", billable=True, release="r"
        )


def test_a_block_or_chapter_that_does_not_exist_is_unknown() -> None:
    for key in ("E08-E14", "23"):
        with pytest.raises(UnknownCode) as info:
            icd10cm.lookup(key)
        assert info.value.suggestions == ()
        assert "not a block or chapter" in str(info.value)
