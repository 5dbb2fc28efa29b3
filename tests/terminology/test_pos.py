"""Tests for medoffice.terminology.pos: the dated place-of-service table."""

from __future__ import annotations

import csv
import datetime as dt
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
from medoffice.exceptions import InvalidCode, InvalidFormat, InvalidLength, UnknownCode
from medoffice.terminology import CodeSet, CodeTable, ConceptKind, NoRelease, Release, pos
from medoffice.terminology._model import Concept, Hit
from tests._settings import PER_CASE

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "src" / "medoffice" / "terminology" / "data"
SHARED = ROOT.parent / "shared" / "data" / "place_of_service"

ASSIGNED = [
    f"{i:02d}"
    for i in (
        *range(1, 28),
        *range(31, 35),
        41,
        42,
        *range(49, 59),
        60,
        61,
        62,
        65,
        66,
        71,
        72,
        81,
        99,
    )
]
UNASSIGNED = sorted({f"{i:02d}" for i in range(100)} - set(ASSIGNED))
#: code -> first date of service (codes added since the table starts).
ADDED = {
    "02": dt.date(2017, 1, 1),
    "58": dt.date(2020, 1, 1),
    "10": dt.date(2022, 1, 1),
    "27": dt.date(2023, 10, 1),
    "66": dt.date(2024, 8, 1),
}
STARTS = dt.date(2016, 1, 1)


def test_assigned_codes() -> None:
    assert len(ASSIGNED) == 52
    assert [c.code for c in pos.codes()] == ASSIGNED
    for concept in pos.codes():
        assert pos.lookup(concept.code) == concept
        assert concept.system == "pos"
        assert concept.display == concept.code
        assert concept.kind is ConceptKind.CODE
        assert concept.billable
        assert concept.title
        assert concept.description
        assert concept.release == "2024-08"


def test_well_known_names() -> None:
    names = {
        "02": "Telehealth Provided Other than in Patient’s Home",
        "10": "Telehealth Provided in Patient’s Home",
        "11": "Office",
        "12": "Home",
        "19": "Off Campus-Outpatient Hospital",
        "21": "Inpatient Hospital",
        "22": "On Campus-Outpatient Hospital",
        "23": "Emergency Room – Hospital",
        "24": "Ambulatory Surgical Center",
        "27": "Outreach Site/ Street",
        "31": "Skilled Nursing Facility",
        "32": "Nursing Facility",
        "50": "Federally Qualified Health Center",
        "81": "Independent Laboratory",
        "99": "Other Place of Service",
    }
    for code, name in names.items():
        assert pos.lookup(code).title == name


def test_release() -> None:
    (release,) = pos.releases()
    assert (release.id, release.starts, release.ends, release.codes) == (
        "2024-08",
        STARTS,
        None,
        52,
    )
    assert "2024-08-01" in release.label
    assert isinstance(pos.bundled(), CodeSet)


@pytest.mark.parametrize("code", UNASSIGNED)
def test_unassigned_codes(code: str) -> None:
    assert pos.get(code) is None
    with pytest.raises(UnknownCode) as info:
        pos.lookup(code)
    assert info.value.message == f"pos: {code} is unassigned in the CMS place-of-service code set"
    assert info.value.suggestions == ()
    assert info.value.code == code
    assert info.value.system == "pos"


@pytest.mark.parametrize(("code", "starts"), sorted(ADDED.items()))
def test_codes_added_since_the_table_starts(code: str, starts: dt.date) -> None:
    before = starts - dt.timedelta(days=1)
    assert pos.get(code, on=before) is None or code == "02"
    assert pos.lookup(code, on=starts).code == code
    if code == "02":
        return
    with pytest.raises(UnknownCode) as info:
        pos.lookup(code, on=before)
    assert info.value.message == f"pos: {code} is not a place of service on {before.isoformat()}"
    (suggestion,) = info.value.suggestions
    assert (suggestion.code, suggestion.reason) == (code, f"not yet valid: effective {starts}")
    assert code not in {c.code for c in pos.codes(on=before)}


def test_telehealth_example_from_the_brief() -> None:
    with pytest.raises(UnknownCode) as info:
        pos.lookup("10", on=dt.date(2021, 6, 1))
    assert info.value.suggestions[0].reason == "not yet valid: effective 2022-01-01"


def test_02_was_renamed_in_2022() -> None:
    old = pos.lookup("02", on=dt.date(2021, 12, 31))
    new = pos.lookup("02", on=dt.date(2022, 1, 1))
    assert old.title == "Telehealth"
    assert old.description.endswith("through a telecommunication system.")
    assert new.title == "Telehealth Provided Other than in Patient’s Home"
    assert "not located in their home" in new.description
    assert pos.lookup("02") == new
    with pytest.raises(UnknownCode, match="not yet valid: effective 2017-01-01"):
        pos.lookup("02", on=dt.date(2016, 12, 31))


def test_code_counts_by_date() -> None:
    assert len(pos.codes(on=STARTS)) == 52 - 5
    assert len(pos.codes(on=dt.date(2021, 6, 1))) == 49
    assert len(pos.codes(on=dt.date(2023, 10, 1))) == 51
    assert len(pos.codes(on=dt.date(2024, 8, 1))) == 52


def test_dates_before_the_table_raise_no_release() -> None:
    day = dt.date(2015, 12, 31)
    calls = [
        lambda: pos.lookup("11", on=day),
        lambda: pos.get("11", on=day),
        lambda: pos.get("nonsense", on=day),
        lambda: pos.codes(on=day),
        lambda: pos.search("office", on=day),
        lambda: pos.bundled().children("11", on=day),
    ]
    for call in calls:
        with pytest.raises(NoRelease) as info:
            call()
        assert info.value.on == day


def test_children_are_empty() -> None:
    assert pos.bundled().children("11") == ()
    with pytest.raises(TypeError):
        pos.bundled().children(11)  # type: ignore[arg-type]


# -- input ---------------------------------------------------------------------------


@given(
    st.sampled_from(ASSIGNED),
    st.sampled_from(["", " ", "\t", "  "]),
    st.sampled_from(["", " ", "\n"]),
)
def test_surrounding_space_is_ignored(code: str, left: str, right: str) -> None:
    assert pos.lookup(left + code + right).code == code
    assert pos.get(left + code + right) == pos.lookup(code)


@pytest.mark.parametrize(
    ("typed", "error", "rule"),
    [
        ("1", InvalidLength, "pos.length"),
        ("011", InvalidLength, "pos.length"),
        ("", InvalidFormat, "pos.format"),
        ("1a", InvalidFormat, "pos.format"),
        ("1 1", InvalidFormat, "pos.format"),
        ("١١", InvalidFormat, "pos.format"),  # Arabic-Indic digits are not ASCII
    ],
)
def test_malformed_codes(typed: str, error: type[InvalidCode], rule: str) -> None:
    with pytest.raises(error) as info:
        pos.lookup(typed)
    assert info.value.code == rule
    assert info.value.field == "pos"
    assert pos.get(typed) is None


def test_integers_are_refused() -> None:
    for call in (pos.lookup, pos.get):
        with pytest.raises(TypeError, match="pos: expected a str, got int"):
            call(11)  # type: ignore[arg-type]


@given(st.text(alphabet="0123456789", min_size=2, max_size=2))
def test_two_digits_are_assigned_or_unknown(code: str) -> None:
    if code in ASSIGNED:
        assert pos.lookup(code).code == code
    else:
        with pytest.raises(UnknownCode):
            pos.lookup(code)


@PER_CASE  # huge junk strings cost a few hundredths of a second each
@given(strategies.junk())
def test_junk_raises_only_documented_errors(value: object) -> None:
    try:
        pos.lookup(value)  # type: ignore[arg-type]
    except TypeError:
        assert not isinstance(value, str)
    except (InvalidCode, UnknownCode):
        assert isinstance(value, str)
    for call in (pos.get, pos.search):
        try:
            result = call(value)  # type: ignore[operator]
        except TypeError:
            assert not isinstance(value, str)
        else:
            assert result is None or isinstance(result, Concept | tuple)


# -- search --------------------------------------------------------------------------

RELEVANCE = [
    ("office", "11"),
    ("telehealth home", "10"),
    ("telehealth", "02"),
    ("er", "23"),
    ("emergency room", "23"),
    ("nursing home", "32"),
    ("skilled nursing", "31"),
    ("urgent care", "20"),
    ("surgery center", "24"),
    ("hospital outpatient", "22"),
    ("inpatient hospital", "21"),
    ("lab", "81"),
    ("ambulance", "41"),
    ("fqhc", "50"),
    ("jail", "09"),
    ("street", "27"),
    ("dialysis", "65"),
    ("methadone", "58"),
]


@pytest.mark.parametrize(("query", "expected"), RELEVANCE)
def test_search_relevance(query: str, expected: str) -> None:
    assert expected in [h.code for h in pos.search(query, limit=3)]


def test_search_by_code_and_date() -> None:
    assert [h.code for h in pos.search("11")] == ["11"]
    assert [h.code for h in pos.search("1", limit=3)] == ["10", "11", "12"]
    assert [h.code for h in pos.search("telehealth", on=dt.date(2021, 1, 1))] == ["02"]
    hit = pos.search("telehealth", on=dt.date(2021, 1, 1))[0]
    assert isinstance(hit, Hit)
    assert hit.title == "Telehealth"
    assert pos.search("zzzzqqq") == ()
    assert pos.search("abc" * 100_000) == ()


# -- a caller's own table -------------------------------------------------------------


def test_code_set_answers_instead() -> None:
    table = CodeTable(
        system="pos",
        rows=[("11", "Office"), ("77", "Payer-specific place")],
        release=Release(id="payer", label="Payer POS list", starts=dt.date(2020, 1, 1)),
    )
    assert pos.lookup("77", code_set=table).title == "Payer-specific place"
    assert pos.get(" 77 ", code_set=table) is not None
    assert pos.releases(code_set=table)[0].id == "payer"
    assert [h.code for h in pos.search("payer", code_set=table)] == ["77"]
    with pytest.raises(UnknownCode) as info:
        pos.lookup("12", code_set=table)
    assert info.value.message == "pos: 12 is not a place of service in Payer POS list"
    with pytest.raises(UnknownCode, match="on 2021-01-01"):
        pos.lookup("12", code_set=table, on=dt.date(2021, 1, 1))


def test_a_code_no_longer_valid() -> None:
    table = pos._Bundled(
        "code\tstarts\tends\tname\tdescription\n"
        "11\t\t\tOffice\tAn office.\n"
        "98\t\t2019-12-31\tRetired\tA code that ended.\n"
    )
    assert pos.lookup("98", on=dt.date(2019, 12, 31), code_set=table).title == "Retired"
    for on in (None, dt.date(2020, 1, 1)):
        with pytest.raises(UnknownCode) as info:
            pos.lookup("98", on=on, code_set=table)
        assert info.value.suggestions[0].reason == "no longer valid: ended 2019-12-31"


def test_a_table_with_a_bad_header_is_refused() -> None:
    with pytest.raises(ValueError, match="unexpected header"):
        pos._Bundled("code\tname\n11\tOffice\n")
    with pytest.raises(ValueError, match="unexpected header"):
        pos._Bundled("")


# -- docs and data --------------------------------------------------------------------


def test_public_functions_have_examples() -> None:
    assert ">>>" in (pos.__doc__ or "")
    assert list(pos.__all__) == sorted(pos.__all__)
    for name in pos.__all__:
        obj = getattr(pos, name)
        if inspect.isfunction(obj):
            assert ">>>" in (obj.__doc__ or ""), name


def test_loading_is_lazy() -> None:
    code = "import medoffice.terminology.pos as m; print(m._load.cache_info().currsize)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "0"


def test_bundle_matches_provenance() -> None:
    blob = (DATA / "pos.tsv").read_bytes()
    text = (DATA / "PROVENANCE.md").read_text(encoding="utf-8")
    section = text[text.index("<!-- pos -->") : text.index("<!-- /pos -->")]
    assert f"`pos.tsv`, {len(blob):,} bytes, sha256 `{hashlib.sha256(blob).hexdigest()}`" in section
    assert "53 versions of 52 assigned codes" in section
    assert "Facility / Non-Facility column" in section
    lines = blob.decode("utf-8").splitlines()
    assert lines[0] == "code\tstarts\tends\tname\tdescription"
    assert len(lines) == 1 + 53
    assert "Facility" not in {line.split("\t")[1] for line in lines[1:]}


@pytest.mark.skipif(not SHARED.exists(), reason="the shared reference data is not here")
def test_bundle_agrees_with_the_shared_source() -> None:
    names = {
        row["code"]: row["name"]
        for row in csv.DictReader(
            io.StringIO((SHARED / "place_of_service_codes_cms_bfd.csv").read_text(encoding="utf-8"))
        )
    }
    described = {
        row["pos_code"]: row["pos_description"]
        for row in csv.DictReader(
            io.StringIO((SHARED / "place_of_service_codes.csv").read_text(encoding="utf-8"))
        )
    }
    assert sorted(c for c, n in names.items() if n != "Unassigned") == ASSIGNED
    for concept in pos.codes():
        assert concept.title == names[concept.code]
        assert concept.description == " ".join(described[concept.code].split())


@pytest.mark.skipif(not SHARED.exists(), reason="the shared reference data is not here")
def test_build_script_check_passes() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_pos.py"), str(SHARED.parent), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "up to date" in done.stdout


def test_synonyms_name_assigned_codes() -> None:
    for code, words in pos._SYNONYMS.items():
        assert code in ASSIGNED, code
        assert words
