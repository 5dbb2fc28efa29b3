"""Tests for medoffice.terminology.wordparts: real terms, honesty, properties, an oracle."""

from __future__ import annotations

import inspect
import itertools
import json
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from medoffice import strategies
from medoffice.exceptions import InvalidFormat, UnknownCode
from medoffice.serialization import from_dict, to_dict
from medoffice.terminology import _wordparts_table as table
from medoffice.terminology import wordparts
from medoffice.terminology.wordparts import (
    Explanation,
    Kind,
    Segment,
    WordPart,
    explain,
    lookup,
    parts,
    readings,
)

LOWER = "abcdefghijklmnopqrstuvwxyz"
VOWELS = "aeiou"

# -- real terms ---------------------------------------------------------------------

#: term -> (breakdown, the parts as the table writes them). Checked by hand.
TERMS: dict[str, tuple[str, tuple[str, ...]]] = {
    "cholecystectomy": ("cholecyst/ectomy", ("cholecyst/o", "-ectomy")),
    "gastroenterology": ("gastr/o/enter/o/logy", ("gastr/o", "enter/o", "-logy")),
    "hepatomegaly": ("hepat/o/megaly", ("hepat/o", "-megaly")),
    "bradycardia": ("brady/card(i)/ia", ("brady-", "cardi/o", "-ia")),
    "tachycardia": ("tachy/card(i)/ia", ("tachy-", "cardi/o", "-ia")),
    "hyperglycemia": ("hyper/glyc/emia", ("hyper-", "glyc/o", "-emia")),
    "hypoglycemia": ("hypo/glyc/emia", ("hypo-, hyp-", "glyc/o", "-emia")),
    "hypothyroidism": ("hypo/thyroid/ism", ("hypo-, hyp-", "thyr/o, thyroid/o", "-ism")),
    "nephrolithiasis": ("nephr/o/lith/iasis", ("nephr/o", "lith/o", "-iasis")),
    "osteoarthritis": ("oste/o/arthr/itis", ("oste/o", "arthr/o", "-itis")),
    "arthroscopy": ("arthr/o/scopy", ("arthr/o", "-scopy")),
    "cardiomyopathy": ("cardi/o/my/o/pathy", ("cardi/o", "my/o", "-pathy")),
    "encephalitis": ("encephal/itis", ("encephal/o", "-itis")),
    "hemiplegia": ("hemi/plegia", ("hemi-", "-plegia")),
    "leukocytosis": ("leuk/o/cyt/osis", ("leuk/o", "cyt/o", "-osis")),
    "dermatitis": ("dermat/itis", ("derm/o, dermat/o", "-itis")),
    "rhinoplasty": ("rhin/o/plasty", ("rhin/o", "-plasty")),
    "tonsillectomy": ("tonsill/ectomy", ("tonsill/o", "-ectomy")),
    "appendectomy": ("append/ectomy", ("appendic/o, append/o", "-ectomy")),
    "appendicitis": ("appendic/itis", ("appendic/o, append/o", "-itis")),
    "colonoscopy": ("colon/o/scopy", ("colon/o", "-scopy")),
    "electrocardiogram": ("electr/o/cardi/o/gram", ("electr/o", "cardi/o", "-gram")),
    "dysphagia": ("dys/phagia", ("dys-", "-phagia")),
    "dyspnea": ("dys/pnea", ("dys-", "-pnea")),
    "polyuria": ("poly/uria", ("poly-", "-uria")),
    "hematuria": ("hemat/uria", ("hemat/o", "-uria")),
    "neuralgia": ("neur/algia", ("neur/o", "-algia")),
    "myalgia": ("my/algia", ("my/o", "-algia")),
    "pericarditis": ("peri/card(i)/itis", ("peri-", "cardi/o", "-itis")),
    "endocarditis": ("endo/card(i)/itis", ("endo-, end-", "cardi/o", "-itis")),
    "thrombocytopenia": ("thromb/o/cyt/o/penia", ("thromb/o", "cyt/o", "-penia")),
    "erythrocyte": ("erythr/o/cyte", ("erythr/o", "-cyte")),
    "hysterectomy": ("hyster/ectomy", ("hyster/o", "-ectomy")),
    "mastectomy": ("mast/ectomy", ("mast/o", "-ectomy")),
    "laparoscopy": ("lapar/o/scopy", ("lapar/o", "-scopy")),
    "otitis": ("ot/itis", ("ot/o", "-itis")),
    "bronchitis": ("bronch/itis", ("bronch/o, bronchi/o", "-itis")),
    "pneumonia": ("pneumon/ia", ("pneumon/o", "-ia")),
    "cystitis": ("cyst/itis", ("cyst/o", "-itis")),
    "oophorectomy": ("oophor/ectomy", ("oophor/o", "-ectomy")),
    "salpingitis": ("salping/itis", ("salping/o", "-itis")),
    "cholelithiasis": ("chol/e/lith/iasis", ("chol/e", "lith/o", "-iasis")),
    "pyelonephritis": ("pyel/o/nephr/itis", ("pyel/o", "nephr/o", "-itis")),
    "glossitis": ("gloss/itis", ("gloss/o", "-itis")),
    "stomatitis": ("stomat/itis", ("stomat/o, stom/o", "-itis")),
    "ophthalmoscope": ("ophthalm/o/scope", ("ophthalm/o", "-scope")),
    "otoscope": ("ot/o/scope", ("ot/o", "-scope")),
    "rhinorrhea": ("rhin/o/rrhea", ("rhin/o", "-rrhea")),
    "menorrhagia": ("men/o/rrhagia", ("men/o", "-rrhage, -rrhagia")),
    "hemorrhage": ("hem/o/rrhage", ("hem/o", "-rrhage, -rrhagia")),
    "anemia": ("an/emia", ("a-, an-", "-emia")),
    "ischemia": ("isch/emia", ("isch/o", "-emia")),
    "hypertrophy": ("hyper/trophy", ("hyper-", "-trophy")),
    "atrophy": ("a/trophy", ("a-, an-", "-trophy")),
    "dysplasia": ("dys/plasia", ("dys-", "-plasia")),
    "neoplasm": ("neo/plasm", ("neo-", "-plasm")),
    "carcinoma": ("carcin/oma", ("carcin/o", "-oma")),
    "lipoma": ("lip/oma", ("lip/o", "-oma")),
    "osteoporosis": ("oste/o/por/osis", ("oste/o", "por/o", "-osis")),
    "craniotomy": ("crani/o/tomy", ("crani/o", "-tomy")),
    "tracheostomy": ("trache/o/stomy", ("trache/o", "-stomy")),
    "colostomy": ("col/o/stomy", ("col/o", "-stomy")),
    "hypertension": ("hyper/tens/ion", ("hyper-", "tens/o", "-ion, -tion, -ation")),
    "hypoxia": ("hyp/ox/ia", ("hypo-, hyp-", "ox/o, ox/i", "-ia")),
    "hyperkalemia": ("hyper/kal/emia", ("hyper-", "kal/i", "-emia")),
    "hyponatremia": ("hypo/natr/emia", ("hypo-, hyp-", "natr/o", "-emia")),
    "pancytopenia": ("pan/cyt/o/penia", ("pan-", "cyt/o", "-penia")),
    "osteomyelitis": ("oste/o/myel/itis", ("oste/o", "myel/o", "-itis")),
    "bronchiectasis": ("bronchi/ectasis", ("bronch/o, bronchi/o", "-ectasis, -ectasia")),
    "pneumothorax": ("pneum/o/thorax", ("pneum/o", "-thorax")),
    "esophagogastroduodenoscopy": (
        "esophag/o/gastr/o/duoden/o/scopy",
        ("esophag/o", "gastr/o", "duoden/o", "-scopy"),
    ),
    "hepatosplenomegaly": ("hepat/o/splen/o/megaly", ("hepat/o", "splen/o", "-megaly")),
    "myocarditis": ("my/o/card(i)/itis", ("my/o", "cardi/o", "-itis")),
    "diagnosis": ("dia/gnosis", ("dia-", "-gnosis")),
    "prognosis": ("pro/gnosis", ("pro-", "-gnosis")),
    "syndrome": ("syn/drome", ("syn-, sym-", "-drome")),
    "dialysis": ("dia/lysis", ("dia-", "-lysis")),
    "quadriplegia": ("quadri/plegia", ("quadri-", "-plegia")),
    "apnea": ("a/pnea", ("a-, an-", "-pnea")),
    "cyanosis": ("cyan/osis", ("cyan/o", "-osis")),
    "atherosclerosis": ("ather/o/scler/osis", ("ather/o", "scler/o", "-osis")),
    "echocardiography": ("ech/o/cardi/o/graphy", ("ech/o", "cardi/o", "-graphy")),
    "hydrocephalus": ("hydr/o/cephal/us", ("hydr/o", "cephal/o", "-us")),
    "hematemesis": ("hemat/emesis", ("hemat/o", "-emesis")),
    "hemoptysis": ("hem/o/ptysis", ("hem/o", "-ptysis")),
    "epistaxis": ("epi/staxis", ("epi-", "-staxis")),
    "myasthenia": ("my/asthenia", ("my/o", "-asthenia")),
    "myelodysplasia": ("myel/o/dys/plasia", ("myel/o", "dys-", "-plasia")),
    "endarterectomy": ("end/arter(i)/ectomy", ("endo-, end-", "arteri/o", "-ectomy")),
    "peritonitis": ("periton(e)/itis", ("peritone/o", "-itis")),
    "vitrectomy": ("vitr(e)/ectomy", ("vitre/o", "-ectomy")),
    "endometriosis": ("endo/metr/i/osis", ("endo-, end-", "metr/o, metr/i", "-osis")),
    "antibiotic": ("anti/bi/o/tic", ("anti-, ant-", "bi/o", "-tic")),
    "anticoagulant": ("anti/coagul/ant", ("anti-, ant-", "coagul/o", "-ant")),
    "multipara": ("multi/para", ("multi-", "-para")),
    "ovarian": ("ovari/an", ("ovari/o", "-an")),
    "afebrile": ("a/febr/ile", ("a-, an-", "febr/i", "-ile")),
    "venous": ("ven/ous", ("ven/o", "-ous")),
    "corneal": ("corne/al", ("corne/o", "-al")),
    "sialolith": ("sial/o/lith", ("sial/o", "lith/o")),
    "polycythemia": ("poly/cyt/hem/ia", ("poly-", "cyt/o", "hem/o", "-ia")),
}


@pytest.mark.parametrize("term", sorted(TERMS))
def test_real_terms(term: str) -> None:
    notation, expected = TERMS[term]
    e = explain(term)
    assert e.complete
    assert e.notation == notation
    assert tuple(p.part for p in e.parts) == expected
    assert e.gloss == " + ".join(p.meaning for p in e.parts)


def test_there_are_enough_real_terms() -> None:
    assert len(TERMS) >= 60


@pytest.mark.parametrize(
    ("term", "gloss"),
    [
        ("cholecystectomy", "gallbladder + surgical removal"),
        ("hepatomegaly", "liver + enlargement"),
        ("bradycardia", "slow + heart + condition"),
        ("pericarditis", "around, surrounding + heart + inflammation"),
        ("hematuria", "blood + urine, urination"),
    ],
)
def test_glosses(term: str, gloss: str) -> None:
    assert explain(term).gloss == gloss


def test_connecting_and_elided_vowels_are_marked() -> None:
    segments = explain("gastroenterology").segments
    assert [(s.text, s.connecting_vowel, s.elided) for s in segments] == [
        ("gastro", "o", ""),
        ("entero", "o", ""),
        ("logy", "", ""),
    ]
    card = explain("carditis").segments[0]
    assert (card.text, card.elided, card.connecting_vowel) == ("card", "i", "")
    assert card.part is not None
    assert "cardi" in card.part.forms


def test_a_phrase_is_explained_word_by_word() -> None:
    phrase = "otitis media"
    otitis, media = (explain(word) for word in phrase.split(" "))
    assert otitis.gloss == "ear + inflammation"
    assert media.parts[0].meaning == "middle"


# -- honesty ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "word", ["table", "zzzz", "xylophone", "qwrtplk", "pineapple", "hello", "jaundice"]
)
def test_words_that_cannot_be_explained(word: str) -> None:
    e = explain(word)
    assert not e.complete
    assert e.unexplained
    assert "?" in e.gloss
    for segment in e.unexplained:
        assert segment.part is None
        assert segment.notation == f"[{segment.text}]"


def test_nonsense_with_a_real_suffix_is_partly_explained() -> None:
    e = explain("zzzitis")
    assert not e.complete
    assert [(s.text, s.part and s.part.part) for s in e.segments] == [
        ("zzz", None),
        ("itis", "-itis"),
    ]
    assert e.gloss == "? + inflammation"
    assert e.notation == "[zzz]/itis"


@pytest.mark.parametrize(
    ("word", "notation"),
    [
        ("table", "[table]"),  # no "a-" in the middle of a word
        ("manager", "man/[a]/ger"),  # a short prefix never follows a root
        ("hyperzzz", "hyper/[zzz]"),
        ("zzzhyper", "[zzzhyper]"),  # nothing unexplained before a prefix
        ("itiszzz", "[itiszzz]"),  # nothing unexplained after a suffix
        ("cardix", "cardi/[x]"),  # an elided vowel needs a part after it
    ],
)
def test_placement_rules(word: str, notation: str) -> None:
    assert explain(word).notation == notation


def test_ambiguity_is_counted_and_listed() -> None:
    e = explain("biopsy")
    assert e.alternatives == 1
    both = readings("biopsy")
    assert both[0] == e
    assert [r.parts[0].part for r in both] == ["bi-", "bi/o"]
    assert all(r.alternatives == 1 for r in both)
    assert readings("biopsy", limit=1) == (e,)
    assert explain("gastritis").alternatives == 0
    assert len(readings("hemianopsia")) == 3


@pytest.mark.parametrize("limit", [0, -1, True, 1.5, "2", None])
def test_readings_limit_must_be_a_positive_int(limit: Any) -> None:
    with pytest.raises(ValueError, match="limit"):
        readings("anemia", limit=limit)


# -- input --------------------------------------------------------------------------


def test_case_and_space_are_normalised() -> None:
    e = explain("  Cholecystectomy\n")
    assert e.term == "cholecystectomy"
    assert e == explain("CHOLECYSTECTOMY")


@pytest.mark.parametrize("bad", ["", "   ", "otitis media", "x-ray", "b12", "café!", "o'clock"])
def test_non_words_are_refused(bad: str) -> None:
    with pytest.raises(InvalidFormat) as info:
        explain(bad)
    assert info.value.code == "wordparts.format"
    assert info.value.field == "term"
    assert isinstance(info.value, ValueError)
    with pytest.raises(InvalidFormat):
        readings(bad)


@pytest.mark.parametrize("bad", [None, 1, b"cardio", ["cardio"]])
def test_non_strings_are_a_type_error(bad: Any) -> None:
    with pytest.raises(TypeError, match="expected str"):
        explain(bad)
    with pytest.raises(TypeError, match="expected str"):
        lookup(bad)


def test_letters_outside_ascii_are_left_unexplained() -> None:
    e = explain("Ménière")
    assert e.term == "ménière"
    assert not e.complete
    e = explain("İtis")  # lower() turns one letter into two characters
    assert e.term == "i̇tis"
    assert "".join(s.text for s in e.segments) == e.term


# -- properties ---------------------------------------------------------------------

_letters = st.characters(categories=("Lu", "Ll", "Lt", "Lm", "Lo"))
_alphabetic = st.text(_letters, min_size=1, max_size=30)
#: Letters that make up most word parts, so random words often contain some.
_medical_letters = st.text("aeioucdghlmnoprsty", min_size=1, max_size=30)


def _all_forms() -> list[str]:
    return sorted({form for part in parts() for form in part.forms})


_forms = st.sampled_from(_all_forms())
_glued = st.lists(_forms | st.text(LOWER, min_size=1, max_size=2), min_size=1, max_size=5).map(
    "".join
)


def _check_tiling(term: str, e: Explanation) -> None:
    assert e.term == term.strip().lower()
    assert "".join(s.text for s in e.segments) == e.term
    position = 0
    for segment in e.segments:
        assert segment.start == position
        assert segment.end == position + len(segment.text)
        position = segment.end
    assert position == len(e.term)
    assert e.complete == all(s.part is not None for s in e.segments)
    assert e.complete == (not e.unexplained)
    kinds = [s.part is None for s in e.segments]
    assert not any(a and b for a, b in itertools.pairwise(kinds))  # runs are merged
    for segment in e.segments:
        if segment.part is not None:
            assert segment.text + segment.elided in segment.part.forms
            if segment.connecting_vowel:
                assert segment.part.kind is Kind.COMBINING_FORM
                assert segment.text.endswith(segment.connecting_vowel)


@given(_alphabetic | _medical_letters | _glued)
@example("a")
@example("İ")
@example("ß")
def test_explain_tiles_the_term_and_is_deterministic(term: str) -> None:
    e = explain(term)
    _check_tiling(term, e)
    assert explain(term) == e
    assert e.alternatives >= 0


@settings(max_examples=min(100, settings().max_examples))
@given(_glued | _medical_letters)
def test_readings_all_tile_and_score_alike(term: str) -> None:
    found = readings(term, limit=5)
    assert found[0] == explain(term)
    assert len(found) == min(5, found[0].alternatives + 1)
    assert len(set(found)) == len(found)
    for e in found:
        _check_tiling(term, e)
        assert sum(len(s.text) for s in e.unexplained) == sum(
            len(s.text) for s in found[0].unexplained
        )
        assert len(e.parts) == len(found[0].parts)


# -- the oracle: every tiling, scored by the documented rules ---------------------

_TIE_RANK = {Kind.PREFIX: 0, Kind.COMBINING_FORM: 1, Kind.SUFFIX: 2, None: 3}


def _oracle_options(
    term: str, i: int
) -> list[tuple[int, Kind | None, str, str, tuple[WordPart, ...]]]:
    """Every reading at ``i``, by trying each spelling of the index (no trie, no stems)."""
    found: list[tuple[int, Kind | None, str, str, tuple[WordPart, ...]]] = []
    for form, found_readings in wordparts._index().readings.items():
        if not found_readings or not term.startswith(form, i):
            continue
        j = i + len(form)
        for _role, vowel, elided, matched in found_readings:
            if elided and (j == len(term) or term[j] not in VOWELS):
                continue
            found.append((j, matched[0].kind, vowel, elided, matched))
    found.append((i + 1, None, "", "", ()))  # an unexplained letter
    return found


def _oracle_penalty(previous: str, kind: Kind | None, length: int) -> int | None:
    """The placement rules of the module docstring: a penalty, or None for never."""
    if kind is None:
        return None if previous in {"suffix", "elided"} else 0
    if kind is Kind.PREFIX:
        if previous in {"start", "prefix"}:
            return 0
        if previous == "root":
            return 1 if length >= 3 else None
        return None
    if kind is Kind.COMBINING_FORM:
        return None if previous == "suffix" else 0
    return 1 if previous == "start" else 0


def _oracle_paths(term: str) -> Iterator[tuple[tuple[int, ...], list[tuple[Any, ...]]]]:
    """Every legal tiling of ``term``, with its cost (unexplained, parts, misplaced,
    vowels, elisions)."""

    def walk(
        i: int, previous: str, path: list[tuple[Any, ...]], cost: tuple[int, ...]
    ) -> Iterator[tuple[tuple[int, ...], list[tuple[Any, ...]]]]:
        if i == len(term):
            if previous != "elided":
                ending = 1 if previous in {"prefix", "root"} else 0
                yield (cost[0], cost[1], cost[2] + ending, cost[3], cost[4]), path
            return
        for j, kind, vowel, elided, matched in _oracle_options(term, i):
            penalty = _oracle_penalty(previous, kind, j - i)
            if penalty is None:
                continue
            if kind is None:
                after, added = "unknown", (1, 0, 0, 0, 0)
            else:
                after = {
                    Kind.PREFIX: "prefix",
                    Kind.SUFFIX: "suffix",
                    Kind.COMBINING_FORM: "elided" if elided else "root",
                }[kind]
                added = (0, 1, penalty, int(bool(vowel)), int(bool(elided)))
            step = (i, j, kind, vowel, elided, matched)
            total = tuple(a + b for a, b in zip(cost, added, strict=True))
            yield from walk(j, after, [*path, step], total)

    yield from walk(0, "start", [], (0, 0, 0, 0, 0))


def _oracle_segments(term: str, path: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []
    for i, j, kind, vowel, elided, matched in path:
        if kind is None and out and out[-1][3] is None:
            start = out[-1][1]
            out[-1] = (term[start:j], start, j, None, "", "", ())
        elif kind is None:
            out.append((term[i:j], i, j, None, "", "", ()))
        else:
            out.append((term[i:j], i, j, matched[0], vowel, elided, matched[1:]))
    return out


def _oracle(term: str) -> list[list[tuple[Any, ...]]]:
    """The best tilings in tie order: longer part first, then prefix, root, suffix, unknown."""
    scored = list(_oracle_paths(term))
    best = min(cost for cost, _ in scored)
    winners = [path for cost, path in scored if cost == best]
    winners.sort(key=lambda path: [(-(j - i), _TIE_RANK[k], v, e) for i, j, k, v, e, _ in path])
    return [_oracle_segments(term, path) for path in winners]


def _as_tuples(e: Explanation) -> list[tuple[Any, ...]]:
    return [
        (s.text, s.start, s.end, s.part, s.connecting_vowel, s.elided, s.homographs)
        for s in e.segments
    ]


_short_glued = st.lists(
    _forms.filter(lambda f: len(f) <= 6) | st.text(LOWER, min_size=1, max_size=2),
    min_size=1,
    max_size=3,
).map("".join)


@settings(max_examples=min(120, settings().max_examples))
@given(
    (_short_glued | st.text("aeioucdhlmnprst", min_size=1, max_size=9)).filter(
        lambda t: len(t) <= 12
    )
)
@example("anemia")
@example("carditis")
@example("hemianopsia")
@example("venous")
@example("corneal")
@example("manager")
@example("paracentesis")
def test_the_dynamic_programme_agrees_with_brute_force(term: str) -> None:
    expected = _oracle(term)
    e = explain(term)
    assert _as_tuples(e) == expected[0]
    assert e.alternatives == len(expected) - 1
    assert [_as_tuples(r) for r in readings(term, limit=len(expected) + 1)] == expected


# -- the table ----------------------------------------------------------------------


def test_table_size_by_kind() -> None:
    counts = {kind: len(parts(kind)) for kind in Kind}
    assert counts[Kind.PREFIX] >= 70
    assert counts[Kind.COMBINING_FORM] >= 250
    assert counts[Kind.SUFFIX] >= 80
    assert sum(counts.values()) == len(parts()) >= 400


def test_parts_accepts_kind_values_and_keeps_table_order() -> None:
    assert parts("suffix") == parts(Kind.SUFFIX)
    assert parts() == parts(Kind.PREFIX) + parts(Kind.COMBINING_FORM) + parts(Kind.SUFFIX)
    with pytest.raises(ValueError, match="is not a valid Kind"):
        parts("infix")


@pytest.mark.parametrize("rows", [table.PREFIXES, table.COMBINING_FORMS, table.SUFFIXES])
def test_table_rows_are_sorted_and_unique(rows: tuple[tuple[str, str, str], ...]) -> None:
    spellings = [row[0] for row in rows]
    assert spellings == sorted(spellings)
    assert len(set(spellings)) == len(spellings)


def test_table_entries_are_well_formed() -> None:
    for part in parts():
        assert part.meaning == part.meaning.strip()
        assert part.examples, part.part
        assert len(set(part.forms)) == len(part.forms)
        assert all(set(form) <= set(LOWER) for form in part.forms), part.part
        for spelling in part.part.split(", "):
            if part.kind is Kind.PREFIX:
                assert spelling.endswith("-")
                assert not spelling.startswith("-")
            elif part.kind is Kind.SUFFIX:
                assert spelling.startswith("-")
                assert not spelling.endswith("-")
            else:
                assert "-" not in spelling
                assert spelling.count("/") <= 1


def test_no_two_parts_of_one_kind_share_a_spelling() -> None:
    seen: dict[tuple[str, Kind], str] = {}
    for part in parts():
        for form in part.forms:
            assert (form, part.kind) not in seen, (part.part, seen.get((form, part.kind)))
            seen[form, part.kind] = part.part


@pytest.mark.parametrize("part", parts(), ids=lambda p: p.part)
def test_every_example_explains_with_its_part(part: WordPart) -> None:
    for term in part.examples:
        e = explain(term)
        assert e.complete, (term, e.notation)
        assert any(s.part == part or part in s.homographs for s in e.segments), (term, e.notation)


@pytest.mark.parametrize(
    ("spec", "kind", "forms", "vowels"),
    [
        ("cardi/o", Kind.COMBINING_FORM, ("cardi", "cardio"), {"cardio": "o"}),
        (
            "metr/o, metr/i",
            Kind.COMBINING_FORM,
            ("metr", "metro", "metri"),
            {"metro": "o", "metri": "i"},
        ),
        ("lymph/o, lymph", Kind.COMBINING_FORM, ("lymph", "lympho"), {"lympho": "o"}),
        ("card", Kind.COMBINING_FORM, ("card",), {}),
        ("a-, an-", Kind.PREFIX, ("a", "an"), {}),
        ("-rrhage, -rrhagia", Kind.SUFFIX, ("rrhage", "rrhagia"), {}),
    ],
)
def test_spellings_are_read_from_the_table(
    spec: str, kind: Kind, forms: tuple[str, ...], vowels: dict[str, str]
) -> None:
    assert wordparts._parse_spec(kind, spec) == (forms, vowels)


def test_the_table_loads_on_first_use() -> None:
    code = (
        "import sys\n"
        "from medoffice.terminology import wordparts\n"
        "assert 'medoffice.terminology._wordparts_table' not in sys.modules\n"
        "wordparts.explain('otitis')\n"
        "assert 'medoffice.terminology._wordparts_table' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_a_rebuilt_index_gives_the_same_answers() -> None:
    before = [explain(term) for term in TERMS]
    wordparts._index.cache_clear()
    assert [explain(term) for term in TERMS] == before


# -- lookup -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("cardio", ["cardi/o"]),
        ("cardi", ["cardi/o"]),
        ("cardi/o", ["cardi/o"]),
        (" Cardi/O ", ["cardi/o"]),
        ("-itis", ["-itis"]),
        ("itis", ["-itis"]),
        ("hyper-", ["hyper-"]),
        ("hyper", ["hyper-"]),
        ("a-, an-", ["a-, an-"]),
        ("an", ["a-, an-", "an/o", "-an"]),
        ("an-", ["a-, an-"]),
        ("-an", ["-an"]),
        ("an/o", ["an/o"]),
        ("thyroid", ["thyr/o, thyroid/o"]),
        ("-rrhagia", ["-rrhage, -rrhagia"]),
    ],
)
def test_lookup(query: str, expected: list[str]) -> None:
    assert [p.part for p in lookup(query)] == expected


def test_lookup_returns_table_entries() -> None:
    (itis,) = lookup("itis")
    assert itis in parts(Kind.SUFFIX)
    assert itis.kind is Kind.SUFFIX
    assert itis.meaning == "inflammation"


@pytest.mark.parametrize(
    ("query", "code", "suggested"),
    [
        ("-hyper", "hyper", "hyper-"),  # the same spelling, another kind
        ("itis-", "itis", "-itis"),
        ("ectomy/", "ectomy", "-ectomy"),
        ("zzz-", "zzz", None),  # nothing close
        ("cardo", "cardo", "cardi/o"),  # a similar spelling
        ("cholecystitis", "cholecystitis", "-itis"),  # a whole term: its parts
    ],
)
def test_unknown_parts_come_with_suggestions(query: str, code: str, suggested: str | None) -> None:
    with pytest.raises(UnknownCode) as info:
        lookup(query)
    error = info.value
    assert error.system == "wordparts"
    assert error.code == code
    assert isinstance(error, LookupError)
    codes = [s.code for s in error.suggestions]
    if suggested is not None:
        assert suggested in codes
    assert len(codes) == len(set(codes))


def test_gastr_slash_is_a_combining_form() -> None:
    assert [p.part for p in lookup("gastr/o")] == ["gastr/o"]
    with pytest.raises(UnknownCode):
        lookup("-gastr")


def test_unknown_without_anything_close() -> None:
    with pytest.raises(UnknownCode) as info:
        lookup("qqqq")
    assert info.value.suggestions == ()
    assert str(info.value) == "wordparts: no word part is spelled 'qqqq'"


@pytest.mark.parametrize("bad", ["", "  ", "-", "/", "12", "a b", "café", "car-dio"])
def test_lookup_refuses_what_is_not_a_spelling(bad: str) -> None:
    with pytest.raises(InvalidFormat) as info:
        lookup(bad)
    assert info.value.code == "wordparts.format"
    assert info.value.field == "part"


# -- the values ---------------------------------------------------------------------


def test_word_part_validation() -> None:
    good: dict[str, Any] = {
        "part": "-itis",
        "kind": "suffix",
        "meaning": "inflammation",
        "forms": ["itis"],
    }
    assert WordPart(**good).forms == ("itis",)
    for field, value in [
        ("forms", []),
        ("forms", ["Itis"]),
        ("forms", ["it is"]),
        ("forms", [""]),
        ("forms", [1]),
        ("part", ""),
        ("meaning", ""),
        ("meaning", None),
        ("kind", "infix"),
    ]:
        with pytest.raises(ValueError, match=field if field != "kind" else "Kind"):
            WordPart(**{**good, field: value})
    with pytest.raises(TypeError, match="single string"):
        WordPart(**{**good, "forms": "itis"})
    with pytest.raises(TypeError):
        WordPart(**{**good, "examples": [1]})


def test_segment_validation() -> None:
    itis = lookup("itis")[0]
    assert Segment(text="itis", start=3, end=7, part=itis).explained
    with pytest.raises(ValueError, match="end"):
        Segment(text="itis", start=3, end=6, part=itis)
    with pytest.raises(ValueError, match="unexplained"):
        Segment(text="zz", start=0, end=2, connecting_vowel="z")
    with pytest.raises(ValueError, match="unexplained"):
        Segment(text="zz", start=0, end=2, homographs=[itis])
    with pytest.raises(ValueError, match="connecting_vowel"):
        Segment(text="cardio", start=0, end=6, part=itis, connecting_vowel="i")
    with pytest.raises(ValueError, match="connecting_vowel"):
        Segment(text="o", start=0, end=1, part=itis, connecting_vowel="o")
    with pytest.raises(ValueError, match="start"):
        Segment(text="zz", start=-1, end=1)
    with pytest.raises(TypeError):
        Segment(text="zz", start=0, end=2, part="itis")  # type: ignore[arg-type]


def test_explanation_validation() -> None:
    z = Segment(text="z", start=0, end=1)
    assert Explanation(term="z", segments=[z]).segments == (z,)
    with pytest.raises(ValueError, match="term"):
        Explanation(term="", segments=())
    with pytest.raises(ValueError, match="gaps"):
        Explanation(term="zz", segments=(z, z))
    with pytest.raises(ValueError, match="spell out"):
        Explanation(term="zy", segments=(z, Segment(text="z", start=1, end=2)))
    with pytest.raises(ValueError, match="spell out"):
        Explanation(term="zz", segments=(z,))
    with pytest.raises(ValueError, match="alternatives"):
        Explanation(term="z", segments=(z,), alternatives=-1)


def test_explanation_properties() -> None:
    e = explain("zzzcholecystitis")
    assert [s.text for s in e.unexplained] == ["zzz"]
    assert [p.part for p in e.parts] == ["cholecyst/o", "-itis"]
    assert e.notation == "[zzz]/cholecyst/itis"
    assert e.gloss == "? + gallbladder + inflammation"
    assert [s.explained for s in e.segments] == [False, True, True]
    assert Kind.COMBINING_FORM.label == "combining form"


def test_values_are_frozen() -> None:
    e = explain("otitis")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        e.term = "x"  # type: ignore[misc]


@pytest.mark.parametrize("term", ["cholecystectomy", "zzzitis", "anemia", "carditis"])
def test_explanations_round_trip_through_json(term: str) -> None:
    e = explain(term)
    data = json.loads(json.dumps(to_dict(e)))
    assert from_dict(data, Explanation) == e
    assert data["segments"][0]["text"] == e.segments[0].text


@pytest.mark.parametrize("cls", [WordPart, Segment, Explanation])
def test_strategies_are_registered(cls: type) -> None:
    assert cls in strategies.TYPE_STRATEGIES


# -- documentation ------------------------------------------------------------------


def test_every_public_member_has_an_example() -> None:
    assert ">>>" in (wordparts.__doc__ or "")
    assert list(wordparts.__all__) == sorted(wordparts.__all__)
    missing = []
    for name in wordparts.__all__:
        obj = getattr(wordparts, name)
        if ">>>" not in (obj.__doc__ or ""):
            missing.append(name)
        if inspect.isclass(obj):
            for attr, value in vars(obj).items():
                func = value.fget if isinstance(value, property) else value
                public = not attr.startswith("_") and inspect.isfunction(func)
                if public and ">>>" not in (func.__doc__ or ""):
                    missing.append(f"{name}.{attr}")
    assert missing == []
