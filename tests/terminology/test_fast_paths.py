"""Tests for the fast paths of medoffice.terminology: what they skip must not show.

``icd10cm.lookup`` answers a first lookup with a *deferred* concept (only the code
and release are set; the rest is filled in when first read); concepts, hits and
matches are built without attrs' checks; 7th-character definitions are resolved
through a table built by bisection; the search index scores through precomputed
weights and may take a set of keys to reject. Each is checked here against the
slow, obvious way.
"""

from __future__ import annotations

import copy
import datetime as dt
import inspect
import pickle
import random

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.terminology import Concept, ConceptKind, Field, Hit, Match, MatchKind, icd10cm
from medoffice.terminology._model import (
    deferred_concept,
    new_concept,
    new_hit,
    new_match,
)
from medoffice.terminology._search import Document, SearchIndex

BUNDLED = icd10cm._load()


def fresh(code: str) -> Concept:
    """A first lookup of ``code``: the deferred concept, not one remembered."""
    concept = BUNDLED.newest(code)
    assert concept is not None
    return concept


# --------------------------------------------------------------------------- deferred concepts


@pytest.mark.parametrize(
    "code", ["E11.9", "e119", " I10 ", "W21.89XA", "S72.001A", "E11", "4", "E08-E13", "Z59.1"]
)
def test_a_deferred_concept_equals_the_concept_built_whole(code: str) -> None:
    whole = icd10cm.get(code)
    assert whole is not None
    assert fresh(code) == whole
    assert hash(fresh(code)) == hash(whole)
    assert repr(fresh(code)) == repr(whole)
    assert str(fresh(code)) == str(whole)
    assert attrs.asdict(fresh(code)) == attrs.asdict(whole)
    assert pickle.loads(pickle.dumps(fresh(code))) == whole  # noqa: S301 (our own bytes)
    assert copy.deepcopy(fresh(code)) == whole
    assert attrs.evolve(fresh(code), title="x") == attrs.evolve(whole, title="x")


def test_a_deferred_concept_fills_every_field_at_the_first_read() -> None:
    concept = fresh("S72.001A")
    assert type(concept) is Concept
    assert (
        concept.title
        == "Fracture of unspecified part of neck of right femur, initial encounter for closed fracture"
    )
    slots = [Concept.__dict__[a.name] for a in attrs.fields(Concept)]
    assert all(
        slot.__get__(concept, Concept) is not None for slot in slots if slot.__name__ != "parent"
    )
    assert concept.kind is ConceptKind.CODE
    assert concept.billable is True
    assert concept.parent == "S72001"
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        concept.title = "x"  # type: ignore[misc]


def test_lookup_answers_deferred_and_remembers() -> None:
    icd10cm._RECENT.clear()
    first = icd10cm.lookup("K21.9")
    assert icd10cm.lookup("K21.9") is first
    assert first == icd10cm.get("K219")
    assert first.title == "Gastro-esophageal reflux disease without esophagitis"
    # Unknown and absent codes still raise with suggestions.
    with pytest.raises(LookupError):
        icd10cm.lookup("K21.99")
    absent = next(iter(BUNDLED._absent))
    assert BUNDLED.newest(absent) is None
    with pytest.raises(LookupError):
        icd10cm.lookup(absent)


# Codes as people type them: dotted or not, any case, padded, some unknown,
# absent from the newest release, headers, blocks and chapters.
TYPED = st.one_of(
    st.sampled_from(BUNDLED._codes).flatmap(
        lambda code: st.sampled_from(
            [code, f"{code[:3]}.{code[3:]}", code.lower(), f" {code} ", code + "9"]
        )
    ),
    st.sampled_from(sorted(BUNDLED._absent)),
    st.text(alphabet="AEISZ0129.x- ", max_size=9),
)


@given(TYPED)
def test_lookup_fast_path_agrees_with_the_general_path(code: str) -> None:
    # The cache miss of lookup(code) (inline: newest() and deferred_concept) against
    # get(), the slow way, and _lookup's errors.
    icd10cm._RECENT.clear()
    try:
        expected: Concept | Exception = icd10cm._lookup(code, None, billable=False, code_set=None)
    except (LookupError, ValueError, TypeError) as exc:
        expected = exc
    try:
        got: Concept | Exception = icd10cm.lookup(code)
    except (LookupError, ValueError, TypeError) as exc:
        got = exc
    if isinstance(expected, Exception):
        assert type(got) is type(expected)
        assert str(got) == str(expected)
    else:
        assert got == expected
        assert attrs.asdict(got) == attrs.asdict(expected)
        assert icd10cm.lookup(code) is got  # remembered


def test_unknown_attributes_and_foreign_deferred_concepts() -> None:
    concept = fresh("I10")
    assert not hasattr(concept, "nope")
    with pytest.raises(AttributeError, match="'Concept' object has no attribute 'nope'"):
        concept.nope  # type: ignore[attr-defined]  # noqa: B018
    # A concept no bundled set can fill (not its code, not its release, not its system).
    for orphan in (
        deferred_concept("icd10cm", "ZZZ9", "FY2026"),
        deferred_concept("icd10cm", "I10", "FY1999"),
        deferred_concept("cpt", "99213", "2025"),
    ):
        assert orphan.code in {"ZZZ9", "I10", "99213"}
        with pytest.raises(AttributeError, match="no attribute 'title'"):
            orphan.title  # noqa: B018


def test_deferred_concepts_of_older_releases_fill_as_of_their_release() -> None:
    # Z59.1 was billable in FY2023, split since: the release decides.
    concept = deferred_concept("icd10cm", "Z591", "FY2023")
    assert concept == icd10cm.get("Z59.1", on=dt.date(2023, 1, 15))
    assert concept.billable is True


# --------------------------------------------------------------------------- unchecked builders


@pytest.mark.parametrize(
    ("build", "cls"), [(new_concept, Concept), (new_hit, Hit), (new_match, Match)]
)
def test_unchecked_builders_take_every_field_in_order(build: object, cls: type) -> None:
    names = list(inspect.signature(build).parameters)  # type: ignore[arg-type]
    assert names == [a.name for a in attrs.fields(cls)]


def test_unchecked_builders_make_the_frozen_classes() -> None:
    match = new_match("chest", "chest", Field.TITLE, MatchKind.EXACT)
    hit = new_hit("R079", "R07.9", "Chest pain, unspecified", True, 9.5, (match,))
    assert type(hit) is Hit
    assert type(match) is Match
    assert hit == Hit(
        code="R079",
        display="R07.9",
        title="Chest pain, unspecified",
        billable=True,
        score=9.5,
        matches=[Match(word="chest", matched="chest", field="title", kind="exact")],
    )
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        hit.score = 1.0  # type: ignore[misc]


# --------------------------------------------------------------------------- 7th characters


def test_seventh_character_owners_agree_with_walking_up_the_parents() -> None:
    codes, parent, seventh = BUNDLED._codes, BUNDLED._parent, BUNDLED._seventh

    def walk(idx: int) -> str | None:
        while idx >= 0:
            if codes[idx] in seventh:
                return codes[idx]
            idx = parent[idx]
        return None

    assert [BUNDLED.seventh_owner(i) for i in range(len(codes))] == [
        walk(i) for i in range(len(codes))
    ]


def test_completed_titles_as_the_tabular_list_spells_them() -> None:
    rng = random.Random(7)  # noqa: S311 (a sample, not a secret)
    tables = BUNDLED._tables
    completed = [i for i in range(len(BUNDLED._codes)) if tables.title(i) == ""]
    for idx in rng.sample(completed, 200):
        code = BUNDLED._codes[idx]
        owner = BUNDLED.seventh_owner(BUNDLED._parent[idx])
        assert owner is not None
        extension = next(t for c, t in BUNDLED._seventh[owner] if c == code[-1])
        parent_title = icd10cm.get(BUNDLED._codes[BUNDLED._parent[idx]])
        assert parent_title is not None
        assert icd10cm.lookup(code).title == f"{parent_title.title}, {extension}"


# --------------------------------------------------------------------------- the search index


def test_rejected_keys_are_never_returned() -> None:
    docs = [Document(key=n, code=f"A{n}", title=f"Knee pain {n}") for n in range(20)]
    index = SearchIndex(docs)
    found = index.ranked("knee", limit=30, reject=frozenset({0, 3}))
    assert {key for _, key, _ in found} == set(range(20)) - {0, 3}
    both = index.ranked("knee", limit=30, accept=lambda key: key % 2 == 0, reject={4})
    assert {key for _, key, _ in both} == set(range(0, 20, 2)) - {4}
    codes = index.ranked("A1", limit=30, code_match=lambda q: q, reject={1})
    assert 1 not in {key for _, key, _ in codes}
    assert [key for _, key, _ in index.ranked("knee", limit=3)] == [
        f.key for f in index.search("knee", limit=3)
    ]


# Documents that share words, some keys repeated: rejected sets against a filter.
KNEES = SearchIndex(
    [
        Document(key=n % 37, code=f"K{n:02}", title=f"Knee {'pain' if n % 3 else 'sprain'} {n % 5}")
        for n in range(60)
    ]
)


@given(
    st.lists(st.frozensets(st.integers(0, 40), max_size=12), min_size=1, max_size=4),
    st.sampled_from(["knee", "knee pain", "pain 3", "sprain knee 2", "kne"]),
)
def test_a_rejected_set_acts_as_the_same_filter(rejects: list[frozenset[int]], query: str) -> None:
    # Several sets in turn: the index keeps the rejected documents of the last one.
    for reject in [*rejects, rejects[0]]:

        def accept(key: int, reject: frozenset[int] = reject) -> bool:
            return key not in reject

        expected = KNEES.ranked(query, limit=25, accept=accept)
        assert KNEES.ranked(query, limit=25, reject=reject) == expected


def test_a_word_with_several_candidates_switches_to_a_set_after_many_tests() -> None:
    # "alpha" is rarer than "bet…" (beta1, beta2), but few documents have both:
    # the documents are tested one by one, then through the union of postings.
    docs = [Document(key=n, code=f"A{n}", title=f"alpha gamma{n}") for n in range(200)]
    docs += [Document(key=1000 + n, code=f"B{n}", title=f"beta{n % 2} delta") for n in range(300)]
    docs += [Document(key=2000 + n, code=f"C{n}", title=f"alpha beta{n % 2}") for n in range(3)]
    index = SearchIndex(docs)
    assert sorted(f.key for f in index.search("alpha bet", limit=10)) == [2000, 2001, 2002]
    assert sorted(f.key for f in index.search("alpha beta1", limit=10)) == [2001]
