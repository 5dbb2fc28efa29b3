"""Tests for medoffice.terminology.abbreviations: the table, lookup and the order linter."""

from __future__ import annotations

import json
import re
import time

import attrs
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from medoffice import strategies
from medoffice.exceptions import Problem, Severity, UnknownCode
from medoffice.serialization import from_dict, to_dict
from medoffice.terminology import abbreviations
from medoffice.terminology._abbreviations_table import ROWS
from medoffice.terminology.abbreviations import (
    Abbreviation,
    Category,
    Context,
    Finding,
    Flag,
    check,
    expand,
    get,
    search,
    table,
)
from tests._settings import PER_CASE

N, EP, DNU = Flag.NONE, Flag.ERROR_PRONE, Flag.DO_NOT_USE

# The order-abbreviation table of the terminology reference (section 6), with its flags.
REFERENCE: dict[str, Flag] = {
    "qd": DNU, "qod": DNU, "bid": N, "tid": N, "qid": N, "q4h": N, "q6h": N, "q8h": N,
    "q12h": N, "q4–6h": N, "qam": N, "qpm": N, "hs": EP, "qhs": EP, "ac": N, "pc": N,
    "prn": N, "stat": N, "asap": N, "tiw": EP, "ud": EP, "x7d": N, "ad lib": N, "c̄": N,
    "s̄": N, "disp": N, "sig": N, "po": N, "per os": EP, "npo": N, "pr": N, "sl": N,
    "im": N, "iv": N, "sc": EP, "sq": EP, "subq": EP, "id": N, "inh": N, "top": N,
    "od": EP, "os": EP, "ou": EP, "ad": EP, "as": EP, "au": EP, "gtt": N, "tab": N,
    "cap": N, "susp": N, "sol": N, "cc": EP, "µg": EP, "u": DNU, "iu": DNU, "ms": DNU,
    "mso4": DNU, "mgso4": DNU, "daw": N, "nkda": N,
}  # fmt: skip

LABS = ("CBC", "CMP", "BMP", "A1c", "HbA1c", "TSH", "PT", "INR", "PT/INR", "UA", "FLP", "LFT")
IMAGING = ("CXR", "CT", "MRI", "US", "KUB", "DEXA", "echo", "mammo")
TIMING = ("ac", "pc", "stat", "asap", "prn", "q4h", "q6h", "q8h", "q12h", "qam", "hs")


def spellings(token: str) -> list[str]:
    """The ways people write ``token``: as is, upper, lower, with periods, spaced."""
    dotted = ".".join(token) + "."
    return [token, token.upper(), token.lower(), dotted, dotted.upper(), f" {token} "]


# -- the table -----------------------------------------------------------------------


def test_table_has_at_least_100_rows() -> None:
    assert len(ROWS) >= 100
    assert len(table()) == len(ROWS)


@pytest.mark.parametrize(("token", "flag"), sorted(REFERENCE.items()))
def test_reference_rows_are_in_the_table_with_their_flag(token: str, flag: Flag) -> None:
    assert expand(token).flag is flag


@pytest.mark.parametrize("token", LABS + IMAGING + TIMING)
def test_labs_imaging_and_timing(token: str) -> None:
    entry = expand(token)
    assert entry.meaning
    assert entry.category in {Category.LAB, Category.IMAGING, Category.TIMING, Category.FREQUENCY}


def test_lab_and_imaging_categories() -> None:
    assert {expand(t).category for t in LABS} == {Category.LAB}
    assert {expand(t).category for t in IMAGING} == {Category.IMAGING}
    assert expand("lipid panel" if get("lipid panel") else "FLP").category is Category.LAB


def test_keys_are_unique() -> None:
    keys = [key for entry in table() for key in entry.keys]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    assert duplicates == []


@pytest.mark.parametrize("entry", table(), ids=lambda e: e.abbreviation)
def test_every_row_expands_through_every_spelling(entry: Abbreviation) -> None:
    for written in (entry.abbreviation, *entry.aliases):
        dotless = "/" in written or "-" in written or " " in written or not written.isascii()
        for spelled in spellings(written):
            token = spelled.replace(".", "") if dotless else spelled
            assert expand(token) is entry, token
            assert get(token) is entry


@pytest.mark.parametrize("entry", table(), ids=lambda e: e.abbreviation)
def test_rows_are_well_formed(entry: Abbreviation) -> None:
    assert entry.meaning.strip() == entry.meaning
    assert isinstance(entry.category, Category)
    if entry.flag is Flag.NONE:
        assert entry.replacement is None
        assert entry.reason is None
        assert entry.rule is None
        assert entry.severity is None
    else:
        assert entry.reason
        assert entry.rule is not None
        assert re.fullmatch(r"abbrev\.(do_not_use|error_prone)\.[a-z0-9_]+", entry.rule)
        assert entry.severity is entry.flag.severity


def test_do_not_use_rows_have_replacements_except_ms() -> None:
    missing = [e.abbreviation for e in table(flag=Flag.DO_NOT_USE) if e.replacement is None]
    assert missing == ["MS"]
    assert {e.key for e in table(flag="do_not_use")} == {
        "qd", "qod", "u", "iu", "ms", "mso4", "mgso4",
    }  # fmt: skip


def test_rule_codes_are_unique() -> None:
    rules = [e.rule for e in table() if e.rule is not None]
    assert len(rules) == len(set(rules))


def test_table_is_sorted_and_deterministic() -> None:
    assert table() == table()
    assert [e.key for e in table()] == sorted(e.key for e in table())


def test_table_filters() -> None:
    assert all(e.category is Category.ROUTE for e in table(category="route"))
    assert all(e.flag is Flag.ERROR_PRONE for e in table(flag=Flag.ERROR_PRONE))
    both = table(category=Category.DRUG, flag="do_not_use")
    assert [e.abbreviation for e in both] == ["MgSO4", "MS", "MSO4"]
    with pytest.raises(ValueError, match="bogus"):
        table(category="bogus")
    with pytest.raises(ValueError, match="bogus"):
        table(flag="bogus")


# -- lookup ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "abbreviation"),
    [
        ("b.i.d.", "bid"),
        ("Q.D.", "qd"),
        ("q.o.d", "qod"),
        ("MGSO4", "MgSO4"),
        ("sub q", "subq"),
        ("SUB-Q", "subq"),
        ("Sub‑Q", "subq"),  # a non-breaking hyphen
        ("q4—6h", "q4-6h"),  # an em dash
        ("ug", "µg"),
        ("μg", "µg"),  # the Greek mu
        ("A D  L I B", "ad lib"),
        ("PER OS", "per os"),
        ("hgba1c", "A1c"),
        ("w/o", "s̄"),
    ],
)
def test_lookup_ignores_case_periods_spaces_and_dashes(token: str, abbreviation: str) -> None:
    assert expand(token).abbreviation == abbreviation


def test_unknown_raises_with_suggestions() -> None:
    with pytest.raises(UnknownCode) as info:
        expand("q.i.d.d.")
    err = info.value
    assert isinstance(err, LookupError)
    assert (err.system, err.code) == ("abbreviations", "qidd")
    assert [s.code for s in err.suggestions][:1] == ["qid"]
    assert "qid" in str(err)
    assert all(s.reason.startswith("a close spelling: ") for s in err.suggestions)


def test_suggestions_name_each_abbreviation_once() -> None:
    # "gtts" and "gtt" are both keys of one row.
    with pytest.raises(UnknownCode) as info:
        expand("gttz")
    codes = [s.code for s in info.value.suggestions]
    assert codes.count("gtt") == 1


def test_unknown_without_suggestions() -> None:
    with pytest.raises(UnknownCode) as info:
        expand("")
    assert info.value.suggestions == ()
    assert str(info.value) == "abbreviations: '' is not a known abbreviation"


def test_long_unknown_token_is_cut_short_in_the_message() -> None:
    token = "x" * 10_000
    with pytest.raises(UnknownCode) as info:
        expand(token)
    assert info.value.code == token
    assert info.value.suggestions == ()
    assert len(str(info.value)) < 100


@pytest.mark.parametrize("junk", [None, 1, 1.5, b"qd", ["qd"], ("qd",), object()])
def test_non_str_raises_type_error(junk: object) -> None:
    for function in (expand, get, search, check):
        with pytest.raises(TypeError, match="must be a str"):
            function(junk)  # type: ignore[arg-type]


@given(st.text(max_size=30))
def test_get_and_expand_agree(token: str) -> None:
    entry = get(token)
    if entry is None:
        with pytest.raises(UnknownCode):
            expand(token)
    else:
        assert expand(token) is entry


def test_search() -> None:
    assert [e.abbreviation for e in search("every other day")] == ["qod"]
    assert [e.abbreviation for e in search("BOTH")] == ["au", "ou"]
    assert [e.abbreviation for e in search("q.d.")] == ["qd"]
    assert search("") == ()
    assert search("nothing like this anywhere") == ()
    assert all(isinstance(e, Abbreviation) for e in search("blood"))


# -- the value types ------------------------------------------------------------------------


def test_abbreviation_properties() -> None:
    entry = expand("gtts")
    assert entry.key == "gtt"
    assert entry.keys == ("gtt", "gtts")
    assert expand("per os").rule == "abbrev.error_prone.per_os"
    assert expand("µg").rule == "abbrev.error_prone.ug"
    assert expand("d/c").rule == "abbrev.error_prone.d_c"


def test_abbreviation_converts_and_validates() -> None:
    made = Abbreviation(
        abbreviation="zz", meaning="a test", category="general", flag="error_prone", aliases=["z z"]
    )
    assert made.category is Category.GENERAL
    assert made.flag is Flag.ERROR_PRONE
    assert made.aliases == ("z z",)
    assert made.rule == "abbrev.error_prone.zz"
    for bad in (
        {"abbreviation": ". ."},
        {"abbreviation": "…"},  # an ellipsis is three periods
        {"meaning": "  "},
        {"aliases": (".",)},
    ):
        with pytest.raises(ValueError, match="must"):
            attrs.evolve(made, **bad)
    with pytest.raises(ValueError, match="Category"):
        attrs.evolve(made, category="nonsense")
    with pytest.raises(TypeError, match="single str"):
        attrs.evolve(made, aliases="zz")
    with pytest.raises(TypeError):
        attrs.evolve(made, aliases=(1,))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        attrs.evolve(made, abbreviation=1)  # type: ignore[arg-type]


def test_a_symbol_only_abbreviation_gets_a_rule_name() -> None:
    made = Abbreviation(abbreviation="@", meaning="at", category="general", flag="error_prone")
    assert made.rule == "abbrev.error_prone.symbol"


def test_finding_validates_its_span_and_rule() -> None:
    good = Finding(
        start=2, end=4, text="QD", rule="abbrev.do_not_use.qd", severity="error", message="m"
    )
    assert good.severity is Severity.ERROR
    assert good.is_error
    assert good.replacement is None
    with pytest.raises(ValueError, match="text"):
        attrs.evolve(good, end=5)
    with pytest.raises(ValueError, match="text"):
        attrs.evolve(good, text="", end=2)
    with pytest.raises(ValueError, match="rule"):
        attrs.evolve(good, rule="QD")
    with pytest.raises(ValueError, match="start"):
        attrs.evolve(good, start=-1, end=1)
    with pytest.raises(ValueError, match="Severity"):
        attrs.evolve(good, severity="fatal")


def test_to_problem() -> None:
    (finding,) = check("Lasix 40 mg PO qd")
    problem = finding.to_problem("orders[0].sig")
    assert problem == Problem(
        path="orders[0].sig",
        code="abbrev.do_not_use.qd",
        severity=Severity.ERROR,
        message=finding.message,
    )
    assert finding.to_problem().path == ""


@pytest.mark.parametrize("cls", [Abbreviation, Finding], ids=lambda c: c.__name__)
@PER_CASE
@given(data=st.data())
def test_round_trip_through_the_registry(cls: type, data: st.DataObject) -> None:
    value = data.draw(strategies.TYPE_STRATEGIES[cls](), label="value")
    assert type(value) is cls
    plain = json.loads(json.dumps(to_dict(value)))
    assert from_dict(plain, cls) == value


def test_round_trip_of_every_row_and_a_real_finding() -> None:
    for entry in table():
        assert from_dict(to_dict(entry), Abbreviation) == entry
    for finding in check("MSO4 5.0 mg IV q.d. 10 U SC"):
        data = to_dict(finding)
        assert data["severity"] in {"error", "warning"}
        assert from_dict(data, Finding) == finding


# -- check: the Joint Commission list (errors) -------------------------------------------------

DO_NOT_USE = [
    # text, flagged text, rule, replacement
    ("Insulin lispro 10 U SC", "U", "u", "unit(s)"),
    ("Insulin lispro 10U", "U", "u", "unit(s)"),
    ("heparin 5000 u", "u", "u", "unit(s)"),
    ("heparin 0.1 U/kg/hr", "U", "u", "unit(s)"),
    ("Vitamin D 1000 IU", "IU", "iu", "international unit(s)"),
    ("Vitamin D 1000IU", "IU", "iu", "international unit(s)"),
    ("Vitamin D 1000 iu", "iu", "iu", "international unit(s)"),
    ("Digoxin 0.125 mg PO QD", "QD", "qd", "daily"),
    ("Digoxin 0.125 mg PO qd", "qd", "qd", "daily"),
    ("Digoxin 0.125 mg PO Q.D.", "Q.D.", "qd", "daily"),
    ("Digoxin 0.125 mg PO q.d.", "q.d.", "qd", "daily"),
    ("Digoxin 0.125 mg PO q.d", "q.d", "qd", "daily"),
    ("take it qd.", "qd", "qd", "daily"),
    ("Furosemide 20 mg PO QOD", "QOD", "qod", "every other day"),
    ("Furosemide 20 mg PO qod", "qod", "qod", "every other day"),
    ("Furosemide 20 mg PO Q.O.D.", "Q.O.D.", "qod", "every other day"),
    ("Furosemide 20 mg PO q.o.d.", "q.o.d.", "qod", "every other day"),
    ("MS 2 mg IV q4h prn pain", "MS", "ms", None),
    ("MSO4 2 mg IV", "MSO4", "mso4", "morphine sulfate"),
    ("mso4 2 mg IV", "mso4", "mso4", "morphine sulfate"),
    ("MgSO4 2 g IV", "MgSO4", "mgso4", "magnesium sulfate"),
    ("MGSO4 2 g IV", "MGSO4", "mgso4", "magnesium sulfate"),
    ("Warfarin 5.0 mg PO", "5.0 mg", "trailing_zero", "5 mg"),
    ("Warfarin 1.0mg PO", "1.0mg", "trailing_zero", "1 mg"),
    ("Levothyroxine 0.10 mg", "0.10 mg", "trailing_zero", "0.1 mg"),
    ("dose 2.50", "2.50", "trailing_zero", "2.5"),
    ("give 10.00 mL", "10.00 mL", "trailing_zero", "10 mL"),
    ("1.0% cream", "1.0", "trailing_zero", "1"),
    ("Colchicine .5 mg", ".5 mg", "leading_zero", "0.5 mg"),
    ("Colchicine .6mg", ".6mg", "leading_zero", "0.6 mg"),
    ("Digoxin .125", ".125", "leading_zero", "0.125"),
    ("Dose: .25 mg", ".25 mg", "leading_zero", "0.25 mg"),
    ("Dose (.25 mg)", ".25 mg", "leading_zero", "0.25 mg"),
    ("Dose .50 mg", ".50 mg", "leading_zero", "0.5 mg"),
    ("Dose .0 mg", ".0 mg", "leading_zero", "0 mg"),
]


@pytest.mark.parametrize(("text", "flagged", "rule", "replacement"), DO_NOT_USE)
def test_do_not_use_is_an_error(
    text: str, flagged: str, rule: str, replacement: str | None
) -> None:
    findings = [f for f in check(text) if f.is_error]
    assert len(findings) == 1, findings
    (finding,) = findings
    assert finding.text == flagged
    assert text[finding.start : finding.end] == flagged
    assert finding.start == text.rindex(flagged)
    assert finding.rule == f"abbrev.do_not_use.{rule}"
    assert finding.severity is Severity.ERROR
    assert finding.replacement == replacement
    assert f"{flagged!r}" in finding.message
    assert "Joint Commission" in finding.message


def test_do_not_use_errors_name_the_fix() -> None:
    (finding,) = check("Warfarin 5.0 mg")
    assert finding.message.endswith("write '5 mg'")
    (finding,) = check("MS 2 mg")
    assert finding.message.endswith("write the intended meaning in full")


def test_unit_run_into_the_number_says_to_add_a_space() -> None:
    (finding,) = check("10U")
    assert finding.message.endswith("write 'unit(s)', after a space")
    (finding,) = check("10 U")
    assert finding.message.endswith("write 'unit(s)'")


@pytest.mark.parametrize(
    "text",
    [
        "ALT 45 U/L",
        "Lipase 30 IU/L",
        "CK 120 u/dL",
        "U-100 insulin",
        "UA ordered",
        "Ms. Lopez",
        "QTc 450 ms",
        "MS Contin 15 mg",
        "M.S. in nursing",
        "10 mg",
        "0.5 mg",
        "2.5 mg",
        "v.5",
        "file.5",
        "...5",
        "12.10.2024",
        "5.0.1",
        "$5.00 copay",
        "1,000 units",
        "1,00",
        "10 units",
    ],
)
def test_not_do_not_use(text: str) -> None:
    assert [f for f in check(text) if f.is_error] == []


def test_both_zero_rules_at_once() -> None:
    (finding,) = check(".50 mg")
    assert finding.rule == "abbrev.do_not_use.leading_zero"
    assert finding.replacement == "0.5 mg"
    assert "leading zero" in finding.message
    assert "trailing zero" in finding.message


# -- check: report context -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Hemoglobin 12.0 g/dL",
        "A1c 7.0%",
        "Lesion measures 2.0 cm.",
        "A 14.0 Fr catheter was placed.",
        "Potassium 4.0 mEq/L",
    ],
)
def test_trailing_zero_is_allowed_in_reports(text: str) -> None:
    assert check(text, context="report") == ()
    assert [f.rule for f in check(text)] == ["abbrev.do_not_use.trailing_zero"]


def test_report_context_keeps_every_other_rule() -> None:
    report = check("Dose .50 mg qd; 10 U; 3.0mg", context="report")
    assert [(f.text, f.rule, f.replacement) for f in report] == [
        (".50 mg", "abbrev.do_not_use.leading_zero", "0.50 mg"),
        ("qd", "abbrev.do_not_use.qd", "daily"),
        ("U", "abbrev.do_not_use.u", "unit(s)"),
        ("3.0mg", "abbrev.error_prone.unit_run_in", "3.0 mg"),
    ]


def test_context_must_be_order_or_report() -> None:
    with pytest.raises(ValueError, match="context"):
        check("qd", context="note")  # type: ignore[arg-type]


# -- check: ISMP (warnings) ------------------------------------------------------------------

ERROR_PRONE = [
    # text, flagged text, rule, replacement
    ("Timolol 1 gtt OD bid", "OD", "od", "right eye"),
    ("Timolol 1 gtt OS bid", "OS", "os", "left eye"),
    ("Timolol 1 gtt OU bid", "OU", "ou", "both eyes"),
    ("Timolol 1 gtt ou bid", "ou", "ou", "both eyes"),
    ("Timolol 1 drop o.d. daily", "o.d.", "od", "right eye"),
    ("Ofloxacin 5 gtts AD bid", "AD", "ad", "right ear"),
    ("Ofloxacin 5 gtts AS bid", "AS", "as", "left ear"),
    ("Ofloxacin 5 gtts as bid", "as", "as", "left ear"),
    ("Ofloxacin 5 drops as 2 times a day", "as", "as", "left ear"),
    ("Ofloxacin 5 gtts as", "as", "as", "left ear"),
    ("Ofloxacin 5 gtts A.S. bid", "A.S.", "as", "left ear"),
    ("Ofloxacin 5 gtts au bid", "au", "au", "both ears"),
    ("1 DROP OU DAILY", "OU", "ou", "both eyes"),
    ("Enoxaparin 40 mg SC daily", "SC", "sc", "subcut"),
    ("Enoxaparin 40 mg sq daily", "sq", "sq", "subcut"),
    ("Enoxaparin 40 mg SQ", "SQ", "sq", "subcut"),
    ("Enoxaparin 40 mg subq", "subq", "subq", "subcut"),
    ("Enoxaparin 40 mg SubQ", "SubQ", "subq", "subcut"),
    ("Enoxaparin 40 mg sub q daily", "sub q", "subq", "subcut"),
    ("Enoxaparin 40 mg sub-q daily", "sub-q", "subq", "subcut"),
    ("Amoxicillin 500 mg per os", "per os", "per_os", "by mouth"),
    ("Amoxicillin 500 mg PER OS", "PER OS", "per_os", "by mouth"),
    ("Naloxone 4 mg IN once", "IN", "in", "intranasal"),
    ("Naloxone 2 sprays IN", "IN", "in", "intranasal"),
    ("Ketorolac 30 mg IJ", "IJ", "ij", "injection"),
    ("Zolpidem 5 mg hs", "hs", "hs", "at bedtime"),
    ("Zolpidem 5 mg HS", "HS", "hs", "at bedtime"),
    ("Zolpidem 5 mg h.s.", "h.s.", "hs", "at bedtime"),
    ("Simvastatin 20 mg qhs", "qhs", "qhs", "nightly at bedtime"),
    ("Simvastatin 20 mg QHS", "QHS", "qhs", "nightly at bedtime"),
    ("Simvastatin 20 mg qn", "qn", "qn", "nightly"),
    ("Lisinopril 10 mg q1d", "q1d", "q1d", "daily"),
    ("Epoetin 4000 units tiw", "tiw", "tiw", "three times weekly"),
    ("Prednisone taper UD", "UD", "ud", "as directed"),
    ("Prednisone taper u.d.", "u.d.", "ud", "as directed"),
    ("Lasix 40 mg IV; d/c lisinopril", "d/c", "d_c", None),
    ("Lasix 40 mg IV; D/C home", "D/C", "d_c", None),
    ("Normal saline 5 cc", "cc", "cc", "mL"),
    ("Normal saline 5cc", "cc", "cc", "mL"),
    ("Normal saline 5 CC/hr", "CC", "cc", "mL"),
    ("Fentanyl 50 µg IV", "µg", "ug", "mcg"),
    ("Fentanyl 50 μg IV", "μg", "ug", "mcg"),
    ("Fentanyl 50 ug IV", "ug", "ug", "mcg"),
    ("Phenobarbital 1 gr", "gr", "gr", None),
    ("Tylenol 325 mg q6PM", "q6PM", "q_time", "daily at 6 PM"),
    ("Tylenol 325 mg q 6 pm", "q 6 pm", "q_time", "daily at 6 PM"),
    ("Tylenol 325 mg q8:30a.m.", "q8:30a.m.", "q_time", "daily at 8:30 AM"),
    ("Tylenol 325 mg q2°", "q2°", "degree_sign", "every 2 hours"),
    ("Tylenol 325 mg q1°", "q1°", "degree_sign", "every hour"),
    ("Tylenol 325 mg q4-6°", "q4-6°", "degree_sign", "every 4 to 6 hours"),
    ("Tylenol 325 mg @ bedtime", "@", "at_sign", "at"),
    ("Tylenol 325 mg @8pm", "@", "at_sign", "at"),
    ("Tylenol 325 mg & 650 mg", "&", "ampersand", "and"),
    ("Tylenol and codeine & 30 mg", "&", "ampersand", "and"),
    ("Tylenol 325 mg + 650 mg", "+", "plus_sign", "and"),
    ("hold if SBP < 90", "<", "less_than", "less than"),
    ("hold if HR > 110", ">", "greater_than", "greater than"),
    ("give if K <=3.5", "<=", "less_than", "less than or equal to"),
    ("give if K ≤ 3.5", "≤", "less_than", "less than or equal to"),
    ("give if K >= 3.5", ">=", "greater_than", "greater than or equal to"),
    ("give if K ≥ 3.5", "≥", "greater_than", "greater than or equal to"),
    ("ø known allergies", "ø", "null_sign", None),
    ("Φ nausea", "Φ", "null_sign", None),
    ("Metoprolol 25mg", "25mg", "unit_run_in", "25 mg"),
    ("Metoprolol 25mg/kg", "25mg/kg", "unit_run_in", "25 mg/kg"),
    ("Metoprolol 2tabs", "2tabs", "unit_run_in", "2 tabs"),
    ("Metoprolol 25 mg. po daily", "25 mg.", "unit_period", "25 mg"),
    ("Metoprolol 25 mg.5 mg", "25 mg.", "unit_period", "25 mg"),
    ("Heparin 100000 units", "100000 units", "large_number", "100,000 units"),
    ("Heparin 1000000units", "1000000units", "large_number", "1,000,000 units"),
    ("Inderal40 mg", "Inderal40 mg", "drug_run_in", "Inderal 40 mg"),
    ("Tegretol300mg", "Tegretol300mg", "drug_run_in", "Tegretol 300 mg"),
    ("MTX 15 mg weekly", "MTX", "mtx", "methotrexate"),
    ("PTU 100 mg", "PTU", "ptu", "propylthiouracil"),
    ("HCT 25 mg", "HCT", "hct", None),
    ("HCTZ 25 mg", "HCTZ", "hctz", "hydrochlorothiazide"),
    ("hctz 25 mg", "hctz", "hctz", "hydrochlorothiazide"),
    ("APAP 650 mg", "APAP", "apap", "acetaminophen"),
    ("AZT 300 mg", "AZT", "azt", "zidovudine"),
    ("CPZ 10 mg", "CPZ", "cpz", "prochlorperazine"),
    ("T3 25 mcg", "T3", "t3", None),
    ("TAC to the wound", "TAC", "tac", None),
    ("TNK 50 mg", "TNK", "tnk", "tenecteplase"),
    ("ZnSO4 220 mg", "ZnSO4", "znso4", "zinc sulfate"),
    ("nitro drip", "nitro", "nitro", None),
    ("IV vanc 1 g", "vanc", "vanc", "vancomycin"),
    ("IV vanco 1 g", "vanco", "vanc", "vancomycin"),
    ("levo 500 mg", "levo", "levo", None),
]


@pytest.mark.parametrize(("text", "flagged", "rule", "replacement"), ERROR_PRONE)
def test_error_prone_is_a_warning(
    text: str, flagged: str, rule: str, replacement: str | None
) -> None:
    findings = check(text)
    assert len(findings) == 1, findings
    (finding,) = findings
    assert finding.text == flagged
    assert finding.start == text.index(flagged)
    assert text[finding.start : finding.end] == flagged
    assert finding.rule == f"abbrev.error_prone.{rule}"
    assert finding.severity is Severity.WARNING
    assert not finding.is_error
    assert finding.replacement == replacement
    assert finding.message.startswith(f"{flagged!r}")
    assert "ISMP" in finding.message


# Every flagged row of the table, in a text where check must find it.
EXAMPLES: dict[str, str] = {
    "qd": "Lasix 20 mg qd",
    "qod": "Lasix 20 mg QOD",
    "U": "Insulin 10 U",
    "IU": "Vitamin D 400 IU",
    "MS": "MS 4 mg IV",
    "MSO4": "MSO4 4 mg IV",
    "MgSO4": "MgSO4 2 g IV",
    "qhs": "Zolpidem 5 mg qhs",
    "qn": "Zolpidem 5 mg qn",
    "q1d": "Lisinopril 10 mg q1d",
    "tiw": "Epoetin tiw",
    "hs": "Zolpidem 5 mg hs",
    "ud": "Prednisone UD",
    "per os": "Amoxicillin per os",
    "sc": "Heparin 5000 units SC",
    "sq": "Heparin 5000 units SQ",
    "subq": "Heparin 5000 units subq",
    "od": "1 gtt OD",
    "os": "1 gtt OS",
    "ou": "1 gtt OU",
    "ad": "2 gtts AD",
    "as": "2 gtts AS",
    "au": "2 gtts AU",
    "in": "Naloxone 4 mg IN",
    "ij": "Ketorolac 30 mg IJ",
    "cc": "Saline 10 cc",
    "µg": "Fentanyl 50 µg",
    "gr": "Aspirin 5 gr",
    "d/c": "d/c metformin",
    "ZnSO4": "ZnSO4 220 mg",
    "MTX": "MTX 15 mg",
    "PTU": "PTU 100 mg",
    "HCTZ": "HCTZ 25 mg",
    "HCT": "HCT 25 mg",
    "APAP": "APAP 650 mg",
    "AZT": "AZT 300 mg",
    "CPZ": "CPZ 10 mg",
    "T3": "T3 25 mcg",
    "TAC": "TAC topical",
    "TNK": "TNK 50 mg",
    "nitro": "nitro drip",
    "vanc": "vanc 1 g IV",
    "levo": "levo 750 mg",
}


@pytest.mark.parametrize(
    "entry", [e for e in table() if e.flag is not Flag.NONE], ids=lambda e: e.abbreviation
)
def test_every_flagged_row_is_found_by_check(entry: Abbreviation) -> None:
    text = EXAMPLES[entry.abbreviation]
    rules = [(f.rule, f.severity) for f in check(text)]
    assert (entry.rule, entry.severity) in rules


def test_examples_cover_exactly_the_flagged_rows() -> None:
    flagged = {e.abbreviation for e in table() if e.flag is not Flag.NONE}
    assert set(EXAMPLES) == flagged


@pytest.mark.parametrize(
    "text",
    [
        # eye and ear words in ordinary use
        "Use as directed.",
        "TAKE 1 TABLET BY MOUTH AS DIRECTED",
        "2 GTTS AS NEEDED",
        "1 drop as needed for dryness",
        "The cervical os is closed.",
        "od",
        "Os calcis fracture",
        "Diet AD LIB",
        "Diet ad lib",
        "Au pair",
        "USE AS DIR",
        # IN and IJ
        "Seen IN clinic",
        "IN clinic today",
        "TAKE 1 TAB IN AM",
        "Vancomycin 1 g IN 250 mL",
        "Ceftriaxone 1 g IN NS",
        "2 SPRAYS IN EACH NOSTRIL",
        "Insulin 10 units in the morning",
        "R IJ central line",
        "4 mg IN ONCE",
        # SC, SQ, T3, HCT
        "Charleston, SC 29401",
        "Wound 2 sq cm",
        "t3 is lower case",
        "Hct 38",
        # symbols in ordinary use
        "Email clinic@example.org",
        "Lives with mother & sister",
        "Tylenol + codeine",
        "1+ edema, 2+ pulses",
        "HIV +",
        "a -> b, c <- d, x => y",
        "<b>bold</b>",
        "Flexion to 90° and 38.5°C",
        "Søren and Øystein",
        # numbers
        "10 mg",
        "q4h",
        "x7d",
        "1st dose, 2nd dose, 3x daily",
        "CPT 99213 and ZIP 02139",
        "in 2024",
        "BP 120/80",
        "10:30",
    ],
)
def test_no_finding_where_the_heuristics_say_so(text: str) -> None:
    assert check(text) == (), text


ORDINARY = [
    "Patient was seen as scheduled; she is in no acute distress.",
    "Follow up in two weeks, or sooner as needed.",
    "Take one tablet by mouth twice daily with food.",
    "Metformin 500 mg by mouth twice daily with meals.",
    "Insulin glargine 10 units subcutaneously at bedtime.",
    "Blood pressure 128/76, pulse 72, temperature 98.6 F.",
    "Ms. Lopez was counseled about smoking cessation and exercise.",
    "The cervical os is closed and there is no bleeding.",
    "Use as directed on the package insert.",
    "QTc 450 ms on the ECG; no acute changes.",
    "Email the results to clinic@example.org by Friday.",
    "He lives with his mother & sister and walks daily.",
    "Acetaminophen 650 mg by mouth every 6 hours as needed for pain.",
    "Apply a thin layer to the affected area twice daily for 7 days.",
    "Return to clinic in 3 months for a repeat A1c, CBC, CMP and lipid panel.",
    "She arrived at 10:30 and left at 11:15.",
    "TAKE 1 TABLET BY MOUTH AS DIRECTED.",
    "Discussed the plan with the patient, who agrees and has no questions.",
    "Chest x-ray and an MRI of the lumbar spine were ordered.",
    "Heparin 5,000 units subcutaneously every 8 hours.",
    "Mail the form to 1 Main Street, Charleston, SC 29401.",
    "As discussed, she will call us if the rash spreads.",
    "In the morning, check the blood sugar before breakfast.",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_sentences_have_no_findings(text: str) -> None:
    assert check(text) == ()
    assert check(text, context="report") == ()


def test_at_least_ten_ordinary_sentences() -> None:
    assert len(ORDINARY) >= 10


def test_a_full_order() -> None:
    text = (
        "Metoprolol tartrate 25mg PO BID\n"
        "Insulin glargine 10 U SC qhs\n"
        "Warfarin 5.0 mg PO QD; check PT/INR in 3 days\n"
        "Morphine (MSO4) .5 mg IV q2h prn pain > 7"
    )
    got = [(f.text, f.rule.rsplit(".", 1)[1], f.severity.value) for f in check(text)]
    assert got == [
        ("25mg", "unit_run_in", "warning"),
        ("U", "u", "error"),
        ("SC", "sc", "warning"),
        ("qhs", "qhs", "warning"),
        ("5.0 mg", "trailing_zero", "error"),
        ("QD", "qd", "error"),
        ("MSO4", "mso4", "error"),
        (".5 mg", "leading_zero", "error"),
        (">", "greater_than", "warning"),
    ]


def test_findings_do_not_overlap_and_errors_win() -> None:
    # "sub q" (a warning) and "q.d." (an error) share the q.
    assert [(f.text, f.rule) for f in check("sub q.d.")] == [("q.d.", "abbrev.do_not_use.qd")]
    # "per os" and "OS" overlap: the longer one is kept.
    assert [f.text for f in check("per OS")] == ["per OS"]
    # Found by two patterns, reported once.
    assert [f.text for f in check("subq")] == ["subq"]
    # A drug name run into its dose, with a flagged unit: both are reported.
    got = [(f.text, f.rule) for f in check("Lantus100 U")]
    assert got == [
        ("Lantus100", "abbrev.error_prone.drug_run_in"),
        ("U", "abbrev.do_not_use.u"),
    ]
    # A dose with several problems is one finding, as serious as the worst.
    (finding,) = check("Inderal40.0mg")
    assert finding.rule == "abbrev.do_not_use.trailing_zero"
    assert finding.replacement == "Inderal 40 mg"


def test_a_number_and_its_flagged_unit_are_two_findings() -> None:
    got = [(f.text, f.rule, f.replacement) for f in check("Heparin 100000 U")]
    assert got == [
        ("100000", "abbrev.error_prone.large_number", "100,000"),
        ("U", "abbrev.do_not_use.u", "unit(s)"),
    ]
    pairs = [(f.text, f.rule) for f in check("4mg IN; >= .5; 500mcg/5mL")]
    assert pairs == [
        ("4mg", "abbrev.error_prone.unit_run_in"),
        ("IN", "abbrev.error_prone.in"),
        (">=", "abbrev.error_prone.greater_than"),
        (".5", "abbrev.do_not_use.leading_zero"),
        ("500mcg", "abbrev.error_prone.unit_run_in"),
        ("5mL", "abbrev.error_prone.unit_run_in"),
    ]


def test_long_words_are_skipped_quickly() -> None:
    assert check("q" * 13) == ()
    assert check("a.b.c.d.e.f.g") == ()


# -- properties ------------------------------------------------------------------------------

ORDERISH = st.text(
    alphabet=st.sampled_from(list("qdQDoOsSuUhHmMgGcCiInNaAtTbB .,;/-0123456789@&+<>=°øµ\n\t")),
    max_size=60,
)


def assert_well_formed(text: str, findings: tuple[Finding, ...]) -> None:
    reached = 0
    for finding in findings:
        assert 0 <= finding.start < finding.end <= len(text)
        assert text[finding.start : finding.end] == finding.text
        assert finding.start >= reached
        reached = finding.end
        assert finding.rule.startswith(("abbrev.do_not_use.", "abbrev.error_prone."))
        assert finding.is_error == finding.rule.startswith("abbrev.do_not_use.")
        finding.to_problem()  # a valid Problem


@given(st.text())
@example("")
@example("qd\x00U\u2028.5")
def test_check_never_raises_and_is_well_formed(text: str) -> None:
    contexts: tuple[Context, ...] = ("order", "report")
    for context in contexts:
        findings = check(text, context=context)
        assert_well_formed(text, findings)


@given(ORDERISH)
@example("5.0 U QD")
@example(".50mg. ")
def test_orderish_text(text: str) -> None:
    findings = check(text)
    assert_well_formed(text, findings)
    assert check(text) == findings  # deterministic
    report = check(text, context="report")
    assert_well_formed(text, report)
    assert not any(f.rule.endswith(".trailing_zero") for f in report)


SAFE = st.text(alphabet=st.sampled_from(list("bfjkwxyz ,;\n")), max_size=30)

INSERTS = [
    # inserted text, offset of the finding in it, flagged text, rule
    ("QD", 0, "QD", "abbrev.do_not_use.qd"),
    ("q.o.d.", 0, "q.o.d.", "abbrev.do_not_use.qod"),
    ("MSO4", 0, "MSO4", "abbrev.do_not_use.mso4"),
    ("MgSO4", 0, "MgSO4", "abbrev.do_not_use.mgso4"),
    ("5.0 mg", 0, "5.0 mg", "abbrev.do_not_use.trailing_zero"),
    (".5 mg", 0, ".5 mg", "abbrev.do_not_use.leading_zero"),
    ("10 U", 3, "U", "abbrev.do_not_use.u"),
    ("10 IU", 3, "IU", "abbrev.do_not_use.iu"),
    ("qhs", 0, "qhs", "abbrev.error_prone.qhs"),
    ("HCTZ", 0, "HCTZ", "abbrev.error_prone.hctz"),
    ("OD", 0, "OD", "abbrev.error_prone.od"),
    ("10mg", 0, "10mg", "abbrev.error_prone.unit_run_in"),
    ("per os", 0, "per os", "abbrev.error_prone.per_os"),
    ("5 cc", 2, "cc", "abbrev.error_prone.cc"),
]


@given(left=SAFE, right=SAFE, insert=st.sampled_from(INSERTS))
def test_an_inserted_token_is_found_where_it_was_put(
    left: str, right: str, insert: tuple[str, int, str, str]
) -> None:
    assume(check(left) == () and check(right) == ())
    token, offset, flagged, rule = insert
    text = f"{left} {token} {right}"
    findings = check(text)
    start = len(left) + 1 + offset
    assert [(f.start, f.text, f.rule) for f in findings] == [(start, flagged, rule)]


NAMES = ("Zxkqv", "Wybjf")


@given(
    words=st.lists(
        st.sampled_from([*NAMES, "MSO4", "5.0 mg", "qd", "10 U", "OD", "and", ";", "10mg"]),
        max_size=12,
    )
)
def test_messages_never_quote_the_rest_of_the_text(words: list[str]) -> None:
    text = " ".join(words)
    for finding in check(text):
        for name in NAMES:
            assert name not in finding.message


@pytest.mark.parametrize(
    "text",
    [
        "1" * 100_000,
        "." * 100_000,
        "a" * 100_000,
        "a." * 50_000,
        ".5 " * 30_000,
        "q.d. " * 20_000,
        "1,000" * 20_000,
        "gtt as " * 15_000,
        "mg " * 30_000,
        " " * 100_000,
    ],
    ids=lambda t: repr(t[:6]),
)
def test_long_and_pathological_texts_are_fast(text: str) -> None:
    started = time.perf_counter()
    findings = check(text)
    assert time.perf_counter() - started < 10
    assert_well_formed(text, findings)


def test_check_time_grows_linearly() -> None:
    unit = "Metoprolol 25mg PO QD; insulin 10 U SC qhs; .5 mg; hold if SBP < 90. "

    def best_of_3(text: str) -> float:
        times = []
        for _ in range(3):
            started = time.perf_counter()
            check(text)
            times.append(time.perf_counter() - started)
        return min(times)

    small = best_of_3(unit * 200)
    large = best_of_3(unit * 1600)
    assert large < small * 8 * 4  # eight times the text, far less than 64 times the time


def test_public_names() -> None:
    assert abbreviations.__all__ == sorted(abbreviations.__all__)
    for name in abbreviations.__all__:
        assert hasattr(abbreviations, name)
