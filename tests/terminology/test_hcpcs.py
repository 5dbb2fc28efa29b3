"""Tests for medoffice.terminology.hcpcs: lookup, suggestions, search, data provenance."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import inspect
import io
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice import strategies
from medoffice._resources import read_bytes
from medoffice.codes import hcpcs as hcpcs_format
from medoffice.exceptions import InvalidCode, InvalidFormat, InvalidLength, UnknownCode
from medoffice.terminology import CodeSet, CodeTable, ConceptKind, NoRelease, Release, hcpcs
from medoffice.terminology._model import Concept, Hit
from tests._settings import PER_CASE

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "src" / "medoffice" / "terminology" / "data"
SHARED = ROOT.parent / "shared" / "data"
SHARED_CSV = SHARED / "hcpcs" / "hcpcs_2025_jul_long_descriptions.csv"

ALL = hcpcs.codes()
ALL_CODES = tuple(c.code for c in ALL)
KNOWN = frozenset(ALL_CODES)
TERMINATED = {
    "A9599": "2017-12-31",
    "G6021": "2015-12-31",
    "G6043": "2015-12-31",
    "G9743": "2019-12-31",
    "J0833": "2018-12-31",
    "J9044": "2022-12-31",
    "Q9977": "2015-12-31",
    "Q9985": "2017-12-31",
}
JULY_2025 = dt.date(2025, 7, 1)


def _rows() -> list[list[str]]:
    text = gzip.decompress(read_bytes("medoffice.terminology", "data/hcpcs.tsv.gz"))
    return [line.split("\t") for line in text.decode("utf-8").splitlines()]


# -- every code -------------------------------------------------------------------


def test_every_bundled_code_looks_itself_up() -> None:
    assert len(ALL) == 8379 + 383
    for concept in ALL:
        found = hcpcs.lookup(concept.code)
        assert found.code == concept.code
        assert found == concept
        assert hcpcs.get(concept.code.lower()) == concept
        assert found.system == "hcpcs"
        assert found.release == "2025-07"
        if len(concept.code) == 2:
            assert found.kind is ConceptKind.MODIFIER
            assert not found.billable
        else:
            assert found.kind is ConceptKind.CODE
            assert found.billable
            assert hcpcs_format.is_valid(found.code)


def test_codes_by_kind_and_order() -> None:
    codes = hcpcs.codes(kind="code")
    modifiers = hcpcs.codes(kind="modifier")
    assert codes + modifiers == ALL
    assert [c.code for c in codes] == sorted(c.code for c in codes)
    assert [m.code for m in modifiers] == sorted(m.code for m in modifiers)
    assert all(len(m.code) == 2 for m in modifiers)
    assert hcpcs.codes(on=dt.date(2030, 1, 1)) == ALL
    with pytest.raises(ValueError, match="kind"):
        hcpcs.codes(kind="procedure")  # type: ignore[arg-type]


def test_release() -> None:
    (release,) = hcpcs.releases()
    assert release == Release(
        id="2025-07",
        label="HCPCS Level II July 2025",
        starts=JULY_2025,
        ends=None,
        codes=8379,
        source=release.source,
    )
    assert "July 2025" in release.source
    assert isinstance(hcpcs.bundled(), CodeSet)
    assert hcpcs.bundled() is hcpcs.bundled()


def test_dates_before_the_release_raise_no_release() -> None:
    day = dt.date(2025, 6, 30)
    calls = [
        lambda: hcpcs.lookup("J3490", on=day),
        lambda: hcpcs.get("J3490", on=day),
        lambda: hcpcs.search("drug", on=day),
        lambda: hcpcs.is_noc("J3490", on=day),
        lambda: hcpcs.codes(on=day),
        lambda: hcpcs.bundled().children("J3490", on=day),
    ]
    for call in calls:
        with pytest.raises(NoRelease) as info:
            call()
        assert info.value.on == day
        assert info.value.system == "hcpcs"
    assert hcpcs.lookup("J3490", on=JULY_2025).code == "J3490"
    assert hcpcs.lookup("J3490", on=dt.date(2031, 1, 1)).code == "J3490"


def test_children_are_empty() -> None:
    assert hcpcs.bundled().children("J3490") == ()
    with pytest.raises(TypeError):
        hcpcs.bundled().children(3490)  # type: ignore[arg-type]


# -- normalisation ------------------------------------------------------------------


def _variants(code: str) -> st.SearchStrategy[str]:
    def mangle(flips: list[bool], left: str, right: str, sep: str) -> str:
        chars = [c.lower() if flip else c for c, flip in zip(code, flips, strict=False)]
        body = sep.join(["".join(chars[:1]), "".join(chars[1:])]) if sep else "".join(chars)
        return left + body + right

    return st.builds(
        mangle,
        st.lists(st.booleans(), min_size=len(code), max_size=len(code)),
        st.sampled_from(["", " ", "  ", "\t"]),
        st.sampled_from(["", " ", "\n"]),
        st.sampled_from(["", "-", ".", " "]),
    )


@given(data=st.data())
def test_normalisation_finds_the_same_concept(data: st.DataObject) -> None:
    code = data.draw(st.sampled_from(ALL_CODES))
    typed = data.draw(_variants(code))
    assert hcpcs.lookup(typed).code == code
    assert hcpcs.get(typed) == hcpcs.lookup(code)


@given(st.text(max_size=12))
def test_normalisation_is_idempotent(text: str) -> None:
    once = hcpcs._key(text)
    assert hcpcs._key(once) == once
    assert once == once.strip()


# -- unknown and malformed codes ------------------------------------------------------


@given(strategies.hcpcs_codes())
def test_unknown_well_formed_codes_raise_unknown_code(code: str) -> None:
    if code in KNOWN:
        assert hcpcs.lookup(code).code == code
        return
    with pytest.raises(UnknownCode) as info:
        hcpcs.lookup(code)
    assert info.value.code == code
    assert info.value.system == "hcpcs"
    assert hcpcs.get(code) is None
    for suggestion in info.value.suggestions:
        assert suggestion.code == code or hcpcs.get(suggestion.code) is not None


@given(strategies.modifiers())
def test_unknown_modifiers_raise_unknown_code(code: str) -> None:
    if code in KNOWN:
        assert hcpcs.modifier(code).kind is ConceptKind.MODIFIER
        return
    with pytest.raises(UnknownCode) as info:
        hcpcs.lookup(code)
    assert info.value.code == code
    for suggestion in info.value.suggestions:
        assert hcpcs.lookup(suggestion.code).kind is ConceptKind.MODIFIER


@given(strategies.cpt_codes())
def test_cpt_codes_are_named_as_cpt(code: str) -> None:
    with pytest.raises(UnknownCode, match="is a CPT \\(HCPCS Level I\\) code") as info:
        hcpcs.lookup(code)
    assert info.value.suggestions == ()
    assert "code_set=" in str(info.value)


def test_same_prefix_neighbours() -> None:
    with pytest.raises(UnknownCode) as info:
        hcpcs.lookup("J3499")
    assert info.value.suggestions[0].code == "J3490"
    assert info.value.suggestions[0].reason == "a code with the same prefix J349"
    with pytest.raises(UnknownCode) as info:
        hcpcs.lookup("E0119")  # nearest first
    codes = [s.code for s in info.value.suggestions]
    assert codes[0] == "E0118"
    assert all(c.startswith("E011") for c in codes)
    assert len(codes) <= 10


def test_no_neighbours_for_an_unused_section() -> None:
    with pytest.raises(UnknownCode) as info:
        hcpcs.lookup("F1234")
    assert info.value.suggestions == ()
    with pytest.raises(UnknownCode) as info:
        hcpcs.lookup("W9")
    assert info.value.suggestions == ()


def test_cpt_modifiers() -> None:
    with pytest.raises(UnknownCode) as info:
        hcpcs.lookup("59")
    assert "CPT (Level I) modifier" in info.value.message
    assert [s.code for s in info.value.suggestions] == ["XE", "XP", "XS", "XU"]
    assert info.value.suggestions[2].reason.startswith("HCPCS Level II counterpart of 59: Separate")
    for cpt_modifier, peers in [("95", ["GT"]), ("93", ["FQ"]), ("25", []), ("1P", [])]:
        with pytest.raises(UnknownCode) as info:
            hcpcs.lookup(cpt_modifier)
        assert [s.code for s in info.value.suggestions] == peers


def test_unknown_level_ii_modifier_suggests_same_letter() -> None:
    with pytest.raises(UnknownCode) as info:
        hcpcs.lookup("zz")
    assert info.value.message == "hcpcs: ZZ is not a HCPCS Level II modifier"
    assert [s.code for s in info.value.suggestions] == ["ZA", "ZB", "ZC"]
    with pytest.raises(UnknownCode, match="on 2025-08-01"):
        hcpcs.lookup("ZZ", on=dt.date(2025, 8, 1))


def test_cdt_codes_are_named_as_cdt() -> None:
    with pytest.raises(UnknownCode, match="CDT \\(dental\\) code") as info:
        hcpcs.lookup("D1110")
    assert info.value.suggestions == ()


@pytest.mark.parametrize(("code", "ended"), sorted(TERMINATED.items()))
def test_terminated_codes(code: str, ended: str) -> None:
    assert hcpcs.get(code) is None
    assert code not in KNOWN
    assert not hcpcs.is_noc(code)
    with pytest.raises(UnknownCode) as info:
        hcpcs.lookup(code)
    assert info.value.message == f"hcpcs: {code} was terminated on {ended} (CMS NOC list)"
    first, *others = info.value.suggestions
    assert (first.code, first.reason) == (code, f"valid until {ended}")
    assert all(hcpcs.get(s.code) is not None for s in others)
    assert hcpcs.search(code) == () or code not in {h.code for h in hcpcs.search(code)}


@pytest.mark.parametrize(
    ("typed", "parts"),
    [
        ("J3490-LT", ["J3490", "LT"]),
        ("j3490 lt rt", ["J3490", "LT", "RT"]),
        ("99213-25", ["99213", "25"]),
        ("E0114RTLTKXGA", ["E0114", "RT", "LT", "KX", "GA"]),
    ],
)
def test_code_with_modifiers(typed: str, parts: list[str]) -> None:
    with pytest.raises(UnknownCode, match="is a code followed by modifiers") as info:
        hcpcs.lookup(typed)
    assert [s.code for s in info.value.suggestions] == parts
    assert info.value.suggestions[0].reason == "the procedure code"
    assert info.value.suggestions[1].reason == "modifier 1"


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("J349", InvalidLength),
        ("", InvalidFormat),
        ("L$", InvalidFormat),
        ("W1234", InvalidCode),
        ("J34901", InvalidLength),
        ("ABCDEFG", InvalidLength),  # seven characters, but not a code and modifiers
        ("J3490L$", InvalidFormat),
        ("J349€", InvalidFormat),
    ],
)
def test_malformed_input_raises_invalid_code(typed: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        hcpcs.lookup(typed)
    assert hcpcs.get(typed) is None


def test_kind_refuses_the_other_shape() -> None:
    with pytest.raises(UnknownCode) as info:
        hcpcs.lookup("LT", kind="code")
    assert info.value.message == "hcpcs: LT is a modifier, not a procedure code"
    assert info.value.suggestions[0].code == "LT"
    assert info.value.suggestions[0].reason.startswith("modifier: Left side")
    with pytest.raises(UnknownCode) as info:
        hcpcs.modifier("J3490")
    assert info.value.message == "hcpcs: J3490 is a procedure code, not a modifier"
    assert info.value.suggestions[0].reason == "code: Unclassified drugs"
    with pytest.raises(UnknownCode) as info:
        hcpcs.lookup("ZZ", kind="code")
    assert info.value.suggestions == ()
    assert hcpcs.lookup("LT", kind="modifier").code == "LT"
    assert hcpcs.lookup("J3490", kind="code").code == "J3490"
    with pytest.raises(ValueError, match="kind"):
        hcpcs.lookup("J3490", kind="drug")  # type: ignore[arg-type]


# -- robustness ----------------------------------------------------------------------


@PER_CASE  # huge junk strings cost a few tenths of a second each
@given(strategies.junk())
def test_junk_raises_only_documented_errors(value: object) -> None:
    for call in (hcpcs.lookup, hcpcs.modifier):
        try:
            call(value)  # type: ignore[arg-type]
        except TypeError:
            assert not isinstance(value, str)
        except (InvalidCode, UnknownCode):
            assert isinstance(value, str)
    for call in (hcpcs.get, hcpcs.is_noc, hcpcs.search):
        try:
            result = call(value)  # type: ignore[operator]
        except TypeError:
            assert not isinstance(value, str)
        else:
            assert isinstance(value, str)
            assert result is None or isinstance(result, Concept | bool | tuple)


def test_search_stays_fast_on_huge_words() -> None:
    assert hcpcs.search("abc" * 100_000) == ()
    assert hcpcs.search("wheelchair " + "x" * 1000, limit=3)  # the long word is dropped


# -- NOC -----------------------------------------------------------------------------


def test_is_noc() -> None:
    assert hcpcs.is_noc("J3490")
    assert hcpcs.is_noc(" j3490 ")
    assert hcpcs.is_noc("E1399")
    assert hcpcs.is_noc("J0165")  # added to the NOC list 2025-07-01
    assert not hcpcs.is_noc("J1885")
    assert not hcpcs.is_noc("J0131")  # "not otherwise specified", but not on the list
    assert not hcpcs.is_noc("LT")
    assert not hcpcs.is_noc("ZZZZZ")
    with pytest.raises(TypeError):
        hcpcs.is_noc(3490)  # type: ignore[arg-type]
    assert sum(hcpcs.is_noc(code) for code in ALL_CODES) == 155


# -- search --------------------------------------------------------------------------

RELEVANCE = [
    ("flu vaccine administration", None, "G0008"),
    ("pneumococcal vaccine administration", None, "G0009"),
    ("unlisted drug", None, "J3490"),
    ("standard wheelchair", None, "K0001"),
    ("forearm crutches", None, "E0110"),
    ("walker", None, "E0130"),
    ("cpap", None, "E0601"),
    ("oxygen concentrator", None, "E1390"),
    ("annual wellness visit", None, "G0438"),
    ("pap smear", None, "Q0091"),
    ("ketorolac", None, "J1885"),
    ("b12 shot", None, "J3420"),
    ("ondansetron injection", None, "J2405"),
    ("depo provera", None, "J1050"),
    ("left side", "modifier", "LT"),
    ("right side", None, "RT"),
    ("telehealth", "modifier", "GT"),
    ("audio only", None, "FQ"),
    ("distinct procedural service separate structure", None, "XS"),
    ("technical component", None, "TC"),
    ("waiver of liability", None, "GA"),
    ("clia waived", None, "QW"),
    ("drug wasted", None, "JW"),
]


@pytest.mark.parametrize(("query", "kind", "expected"), RELEVANCE)
def test_search_relevance(query: str, kind: hcpcs.Kind | None, expected: str) -> None:
    hits = hcpcs.search(query, kind=kind, limit=3)
    assert expected in [h.code for h in hits], [h.code for h in hits]


def test_search_by_code_prefix() -> None:
    hits = hcpcs.search("j34", limit=5)
    assert [h.code for h in hits] == ["J3400", "J3401", "J3410", "J3411", "J3415"]
    assert hits[0].matches[0].field.value == "code"
    assert [h.code for h in hcpcs.search("xs", limit=1)] == ["XS"]
    assert hcpcs.search("J", limit=3)[0].code.startswith("J")
    assert hcpcs.search("J3490")[0].code == "J3490"


def test_search_filters() -> None:
    assert all(len(h.code) == 2 for h in hcpcs.search("side", kind="modifier"))
    assert all(len(h.code) == 5 for h in hcpcs.search("side", kind="code"))
    assert all(h.billable for h in hcpcs.search("side", billable_only=True))
    assert hcpcs.search("side", kind="modifier", billable_only=True) == ()
    assert hcpcs.search("wheelchair", limit=4) == hcpcs.search("wheelchair", limit=10)[:4]
    with pytest.raises(ValueError, match="kind"):
        hcpcs.search("side", kind="both")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        hcpcs.search(None)  # type: ignore[arg-type]


def test_search_hits_are_concepts() -> None:
    for hit in hcpcs.search("glucose", limit=10):
        assert isinstance(hit, Hit)
        concept = hcpcs.lookup(hit.code)
        assert (hit.title, hit.billable) == (concept.title, concept.billable)


@given(st.sampled_from(ALL_CODES))
def test_search_by_exact_code_finds_it_first(code: str) -> None:
    assert hcpcs.search(code, limit=1)[0].code == code


# -- a caller's own code set ----------------------------------------------------------

CPT = CodeTable(
    system="cpt",
    rows=[
        ("99213", "Office or other outpatient visit, established patient, low MDM"),
        ("99214", "Office or other outpatient visit, established patient, moderate MDM"),
        ("25", "Significant, separately identifiable evaluation and management service"),
        ("59", "Distinct procedural service"),
    ],
    release=Release(id="2025", label="CPT 2025 (licensed)", starts=dt.date(2025, 1, 1)),
)


def test_code_set_answers_instead() -> None:
    assert hcpcs.lookup("99213", code_set=CPT).title.startswith("Office")
    assert hcpcs.get("25", code_set=CPT) is not None
    assert hcpcs.releases(code_set=CPT)[0].id == "2025"
    with pytest.raises(UnknownCode) as info:
        hcpcs.lookup("99215", code_set=CPT)
    assert (
        info.value.message
        == "hcpcs: 99215 is a CPT (HCPCS Level I) code: CPT descriptors are AMA material that medoffice does not ship; pass code_set= with a CPT file your practice licenses"
    )
    with pytest.raises(UnknownCode) as info:
        hcpcs.lookup("A0001", code_set=CPT)
    assert info.value.message == "hcpcs: A0001 is not a code in CPT 2025 (licensed)"
    assert info.value.suggestions == ()
    with pytest.raises(UnknownCode) as info:
        hcpcs.lookup("95", code_set=CPT)  # no peers in this table
    assert info.value.suggestions == ()
    with pytest.raises(UnknownCode) as info:
        hcpcs.lookup("99212", code_set=CPT)
    assert "CPT" in info.value.message


def test_code_set_neighbours_and_search() -> None:
    table = CodeTable(
        system="hcpcs", rows=[("J3490", "Drugs"), ("J3590", "Biologics"), ("LT", "Left")]
    )
    with pytest.raises(UnknownCode) as info:
        hcpcs.lookup("J3491", code_set=table)
    assert [s.code for s in info.value.suggestions] == ["J3490"]
    with pytest.raises(UnknownCode) as info:
        hcpcs.lookup("J3491", code_set=table, on=dt.date(2025, 8, 1))
    assert info.value.message.endswith("on 2025-08-01")
    assert [h.code for h in hcpcs.search("left", code_set=table)] == ["LT"]
    assert [h.code for h in hcpcs.search("j", code_set=table, kind="code")] == ["J3490", "J3590"]
    assert [h.code for h in hcpcs.search("l", code_set=table, kind="modifier")] == ["LT"]


class _Empty:
    """A code set with no releases and no codes (the protocol allows it)."""

    system = "hcpcs"

    def releases(self) -> tuple[Release, ...]:
        return ()

    def get(self, code: str, *, on: dt.date | None = None) -> Concept | None:
        return None

    def children(self, code: str, *, on: dt.date | None = None) -> tuple[Concept, ...]:
        return ()

    def search(
        self, query: str, *, limit: int = 10, billable_only: bool = False, on: dt.date | None = None
    ) -> tuple[Hit, ...]:
        return ()


def test_code_set_without_releases() -> None:
    empty = _Empty()
    assert isinstance(empty, CodeSet)
    with pytest.raises(UnknownCode) as info:
        hcpcs.lookup("A0001", code_set=empty)
    assert info.value.message == "hcpcs: A0001 is not a code in hcpcs"


# -- docs and data ----------------------------------------------------------------------


def test_public_functions_have_examples() -> None:
    assert ">>>" in (hcpcs.__doc__ or "")
    assert list(hcpcs.__all__) == sorted(hcpcs.__all__)
    for name in hcpcs.__all__:
        obj = getattr(hcpcs, name)
        if inspect.isfunction(obj):
            assert ">>>" in (obj.__doc__ or ""), name


def test_loading_is_lazy() -> None:
    code = "import medoffice.terminology.hcpcs as m; print(m._load.cache_info().currsize)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "0"


def test_bundle_matches_provenance() -> None:
    blob = (DATA / "hcpcs.tsv.gz").read_bytes()
    text = (DATA / "PROVENANCE.md").read_text(encoding="utf-8")
    section = text[text.index("<!-- hcpcs -->") : text.index("<!-- /hcpcs -->")]
    assert f"{len(blob):,} bytes, sha256 `{hashlib.sha256(blob).hexdigest()}`" in section
    assert f"uncompressed sha256 `{hashlib.sha256(gzip.decompress(blob)).hexdigest()}`" in section
    assert (
        "8,770 = 8,387 codes + 383 modifiers; 155 NOC codes in effect; 8 codes known to be terminated"
        in section
    )
    for code, ended in TERMINATED.items():
        assert f"`{code}` terminated {ended}" in section
    assert len(blob) < 1_000_000
    assert gzip.decompress(blob).decode("utf-8")  # valid UTF-8
    assert blob[4:8] == b"\0\0\0\0"  # gzip mtime 0: a deterministic file


def test_bundle_rows() -> None:
    rows = _rows()
    assert len(rows) == 8770
    assert all(len(r) == 4 for r in rows)
    assert [r[0] for r in rows] == sorted((r[0] for r in rows), key=lambda c: (len(c) == 2, c))
    assert {r[0]: r[2] for r in rows if r[2]} == TERMINATED
    assert all(r[1] in {"", "noc"} for r in rows)
    assert all(r[3] == " ".join(r[3].split()) for r in rows)


@pytest.mark.skipif(not SHARED_CSV.exists(), reason="the shared reference data is not here")
def test_bundle_agrees_with_the_shared_source() -> None:
    raw = SHARED_CSV.read_bytes()
    assert hashlib.sha256(raw).hexdigest() in (DATA / "PROVENANCE.md").read_text(encoding="utf-8")
    source = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    bundled = {r[0]: r[3] for r in _rows()}
    assert len(source) == len(bundled)
    for row in source:
        assert bundled[row["code"]] == " ".join(row["long_description"].split())
        assert (len(row["code"]) == 2) == (row["kind"] == "modifier")


@pytest.mark.skipif(not SHARED_CSV.exists(), reason="the shared reference data is not here")
def test_build_script_check_passes() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_hcpcs.py"), str(SHARED), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "up to date" in done.stdout


def test_synonyms_name_bundled_codes() -> None:
    for code, words in hcpcs._SYNONYMS.items():
        assert code in KNOWN, code
        assert words
        assert all(w == w.lower() for w in words)
