"""Tests for the shared keyword search (``medoffice.terminology._search``) on small hand-made documents.

Which documents match is checked against a brute-force oracle written here from the
module's specification: every query word must match a word of the document exactly,
as a prefix (the last word only), or with one edit (delete, swap, replace, insert;
only when the word has no exact or prefix match); if no document matches every word,
documents matching all words but one are returned instead.
"""

from __future__ import annotations

import math
import re
import time
from array import array
from collections.abc import Callable, Iterable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.terminology import Field, MatchKind
from medoffice.terminology._search import (
    _SCANNED,
    Document,
    Found,
    SearchIndex,
    _intersection,
    _rounded,
    normalize_words,
)

FEMUR = Document(key=10, code="A1", title="Fracture of femur")
TIBIA = Document(key=11, code="A2", title="Fractures of the tibia", terms=("shin bone break",))
PNEUMONIA = Document(
    key=12, code="B1", title="Pneumonia, unspecified", synonyms=("lung infection",)
)
ASTHMA = Document(key=13, code="B2", title="Asthma", prior=0.5)
SMALL = SearchIndex([FEMUR, TIBIA, PNEUMONIA, ASTHMA])


def keys(found: Iterable[Found]) -> list[int]:
    return [f.key for f in found]


def matched(found: Found) -> list[tuple[str, str, Field, MatchKind]]:
    return [(m.word, m.matched, m.field, m.kind) for m in found.matches]


# --------------------------------------------------------------------------- matching


def test_exact_words() -> None:
    assert len(SMALL) == 4
    found = SMALL.search("femur")
    assert keys(found) == [10]
    assert matched(found[0]) == [("femur", "femur", Field.TITLE, MatchKind.EXACT)]
    assert keys(SMALL.search("fracture femur")) == [10]
    assert keys(SMALL.search("Fractures")) == [10, 11]  # stemmed, in any case
    assert keys(SMALL.search("FRACTURE OF THE FEMUR")) == [10]  # stop words ignored


def test_prefix_of_the_last_word_only() -> None:
    found = SMALL.search("fract")
    assert keys(found) == [10, 11]
    assert matched(found[0]) == [("fract", "fracture", Field.TITLE, MatchKind.PREFIX)]
    assert keys(SMALL.search("femur fract")) == [10]
    # "fract" is not the last word: no prefix match, so femur alone (ranked lower).
    lower = SMALL.search("fract femur")
    assert keys(lower) == [10]
    assert lower[0].score < SMALL.search("femur fract")[0].score
    assert matched(lower[0]) == [("femur", "femur", Field.TITLE, MatchKind.EXACT)]
    # One letter completes only after another word.
    assert SMALL.search("f") == []
    assert keys(SMALL.search("femur f")) == [10]


@pytest.mark.parametrize(
    ("typo", "edit"),
    [
        ("fracure", "delete"),
        ("fractrue", "swap"),
        ("fractxre", "replace"),
        ("fractuure", "insert"),
    ],
)
def test_one_typo_per_word(typo: str, edit: str) -> None:
    for query in (typo, f"{typo} femur", f"femur {typo}"):
        found = SMALL.search(query)
        assert 10 in keys(found), (edit, query)
        kinds = {m.word: m.kind for m in found[0].matches}
        assert kinds[typo] is MatchKind.TYPO
        assert {m.matched for m in found[0].matches if m.word == typo} == {"fracture"}


def test_typo_through_a_plural() -> None:
    # "tibius" is one edit from "tibias" (whose stem is "tibia"), two from "tibia".
    index = SearchIndex([Document(key=1, code="A", title="Tibia")])
    found = index.search("tibius")
    assert keys(found) == [1]
    assert matched(found[0]) == [("tibius", "tibia", Field.TITLE, MatchKind.TYPO)]


def test_no_typos_for_short_words_or_words_that_match() -> None:
    index = SearchIndex(
        [Document(key=1, code="A", title="Back pain"), Document(key=2, code="B", title="Bach")]
    )
    assert index.search("bak") == []  # under 4 letters: no typo variants
    assert keys(index.search("bach")) == [2]  # an exact match: "back" is not a candidate
    assert keys(index.search("pains")) == [1]


def test_terms_and_synonyms() -> None:
    term = SMALL.search("shin")
    assert keys(term) == [11]
    assert term[0].matches[0].field is Field.TERM
    synonym = SMALL.search("lung infection")
    assert keys(synonym) == [12]
    assert {m.field for m in synonym[0].matches} == {Field.SYNONYM}
    title_first = SearchIndex(
        [Document(key=1, code="A", title="Knee pain", terms=("knee ache",), synonyms=("knee",))]
    )
    assert title_first.search("knee")[0].matches[0].field is Field.TITLE


def test_leave_one_out_ranks_below_full_matches() -> None:
    # Nothing has both words: each document that has one of them comes back,
    # scored as the shorter query minus a fixed penalty.
    both = SMALL.search("femur tibia")
    assert sorted(keys(both)) == [10, 11]
    for found in both:
        alone = SMALL.search(found.matches[0].word)
        score = next(f.score for f in alone if f.key == found.key)
        assert found.score == pytest.approx(score - 2.0)
    # When something matches every word, partial matches are not returned.
    assert keys(SMALL.search("fracture tibia")) == [11]
    assert SMALL.search("qqqq zzzz") == []
    assert SMALL.search("qqqq") == []


def test_documents_without_title_words() -> None:
    index = SearchIndex([Document(key=1, code="A", title="of the", terms=("elbow",))])
    found = index.search("elbow")
    assert keys(found) == [1]
    assert found[0].matches[0].field is Field.TERM
    # A prefix with several completions: scored the other way, to the same end.
    index = SearchIndex([Document(key=1, code="A", title="of the", terms=("elbow elbows2",))])
    found = index.search("elb")
    assert keys(found) == [1]
    assert found[0].matches[0].field is Field.TERM


def test_phrase_bonuses() -> None:
    index = SearchIndex(
        [
            Document(key=1, code="A", title="Knee pain"),
            Document(key=2, code="B", title="Pain in knee joint"),
            Document(key=3, code="C", title="Joint disorder", synonyms=("knee pain",)),
            Document(key=4, code="D", title="Arthralgia", synonyms=("knee pain and swelling",)),
            Document(key=5, code="E", title="Knee pain, left"),
        ]
    )
    found = {f.key: f.score for f in index.search("knee pain")}
    assert set(found) == {1, 2, 3, 4, 5}
    assert found[1] == max(found.values())  # the query is the title
    assert found[5] - found[2] == pytest.approx(0.5)  # a phrase of the title
    assert found[3] - found[4] == pytest.approx(3.0)  # a lay synonym, or in one


# --------------------------------------------------------------------------- codes


def code_prefix(text: str) -> str | None:
    key = text.strip().upper().replace(".", "")
    return key if re.fullmatch(r"[A-Z][0-9][0-9A-Z]{0,5}", key) else None


CODES = SearchIndex(
    [
        Document(key=0, code="E11", title="Type 2 diabetes mellitus"),
        Document(key=1, code="E119", title="Type 2 diabetes mellitus without complications"),
        Document(key=2, code="E1165", title="Type 2 diabetes mellitus with hyperglycemia"),
        Document(key=3, code="E10", title="Type 1 diabetes mellitus"),
    ]
)


def test_code_prefix_matches() -> None:
    found = CODES.search("e11", code_match=code_prefix)
    assert keys(found) == [0, 1, 2]
    assert matched(found[0]) == [("E11", "E11", Field.CODE, MatchKind.EXACT)]
    assert matched(found[1]) == [("E11", "E119", Field.CODE, MatchKind.PREFIX)]
    assert found[0].score > found[1].score > found[2].score
    assert keys(CODES.search("E11.9", code_match=code_prefix)) == [1]
    assert keys(CODES.search("e11", code_match=code_prefix, limit=1)) == [0]
    odd = CODES.search("e11", code_match=code_prefix, accept=lambda key: key % 2 == 1)
    assert keys(odd) == [1]
    # Not a code, or no code starts so: the words are searched instead.
    assert keys(CODES.search("hyperglycemia", code_match=code_prefix)) == [2]
    assert keys(CODES.search("E12 hyperglycemia", code_match=code_prefix)) == [2]
    assert keys(CODES.search("type 1", code_match=lambda text: None)) == [3]


# --------------------------------------------------------------------------- static order


def test_synonyms_far_down_the_static_order_are_still_found() -> None:
    docs = [Document(key=n, code=f"K{n:03d}", title=f"Knee pain {n}") for n in range(300)]
    docs.append(Document(key=999, code="Z", title="Gonalgia", synonyms=("knee pain",)))
    found = SearchIndex(docs).search("knee pain", limit=5)
    assert keys(found)[0] == 999
    assert len(found) == 5


def test_broad_queries_look_at_the_first_documents_in_static_order() -> None:
    docs = [Document(key=n, code=f"K{n:03d}", title="Knee pain") for n in range(100)]
    docs.append(Document(key=100, code="Z", title="Knee pain", prior=50.0))
    found = SearchIndex(docs).search("knee pain", limit=3)
    assert keys(found) == [0, 1, 2]  # the later, better document is past the candidate cap


def test_prefixes_with_many_completions_keep_the_most_common() -> None:
    docs = [Document(key=n, code=f"P{n}", title=f"prefix{n:02d}") for n in range(60)]
    docs += [Document(key=100 + n, code=f"Q{n}", title="prefix59 common") for n in range(5)]
    index = SearchIndex(docs)
    found = index.search("prefix", limit=200)
    words = {m.matched for f in found for m in f.matches}
    assert len(words) <= 48
    assert "prefix59" in words  # the completion with the most documents
    assert {100, 101, 102, 103, 104} <= set(keys(found))


def test_many_candidate_words_on_a_large_index() -> None:
    # A prefix whose completions cover thousands of documents is checked per document.
    docs = [Document(key=n, code=f"D{n}", title=f"alpha beta{n % 3}") for n in range(4500)]
    docs += [Document(key=5000 + n, code=f"G{n}", title=f"gamma beta{n % 3}") for n in range(3)]
    docs.append(Document(key=6000, code="H", title="gamma delta"))
    index = SearchIndex(docs)
    assert sorted(keys(index.search("gamma bet", limit=10))) == [5000, 5001, 5002]
    assert sorted(keys(index.search("gamma beta0 beta1", limit=10))) == [5000, 5001]


def test_rare_combinations_of_common_words_far_down_the_static_order() -> None:
    # Each word alone is in thousands of documents, both together only late:
    # found by skipping between the words' postings (with a few candidates each).
    docs = [Document(key=n, code=f"A{n}", title=f"alpha filler{n % 7}") for n in range(3000)]
    docs += [Document(key=3000 + n, code=f"B{n}", title=f"beta filler{n % 7}") for n in range(3000)]
    docs += [Document(key=7000 + n, code=f"C{n}", title=f"alpha beta {n}") for n in range(30)]
    docs += [Document(key=8000, code="D", title="alphabet beta gamma")]
    index = SearchIndex(docs)
    assert sorted(keys(index.search("alpha beta", limit=40))) == list(range(7000, 7030))
    assert sorted(keys(index.search("beta alph", limit=40))) == [*range(7000, 7030), 8000]
    assert keys(index.search("gamma beta alpha", limit=40)) == [8000]  # leave-one-out
    assert keys(index.search("beta 29 alpha", limit=40)) == [7029]


@settings(max_examples=300)
@given(
    groups=st.lists(
        st.lists(st.frozensets(st.integers(0, 120), max_size=80), min_size=1, max_size=3),
        min_size=1,
        max_size=4,
    ),
    leap=st.booleans(),
    scanned=st.sampled_from([0, 16, _SCANNED]),
)
def test_intersection_of_posting_groups(
    groups: list[list[frozenset[int]]], leap: bool, scanned: int
) -> None:
    arrays = [[array("I", sorted(values)) for values in group] for group in groups]
    expected = sorted(
        n for n in set().union(*groups[0]) if all(any(n in v for v in g) for g in groups[1:])
    )
    assert list(_intersection(arrays, leap=leap, scanned=scanned)) == expected


# --------------------------------------------------------------------------- the API


def test_accept_filters_keys() -> None:
    assert keys(SMALL.search("fracture", accept=lambda key: key != 10)) == [11]
    assert SMALL.search("fracture", accept=lambda key: False) == []
    assert keys(SMALL.search("femur tibia", accept=lambda key: key == 11)) == [11]


def test_duplicate_keys_come_back_once() -> None:
    index = SearchIndex(
        [
            Document(key=7, code="A", title="Fracture of femur"),
            Document(key=7, code="B", title="Fracture of femur, open"),
            Document(key=8, code="C", title="Fracture of tibia"),
        ]
    )
    found = index.search("fracture femur", limit=10)
    assert keys(found) == [7]
    assert found[0].score == max(f.score for f in index.search("fracture femur", limit=10))


def test_limit() -> None:
    docs = [Document(key=n, code=f"A{n}", title=f"Knee pain {n}") for n in range(50)]
    index = SearchIndex(docs)
    assert len(index.search("knee", limit=3)) == 3
    assert len(index.search("knee", limit=30)) == 30
    assert index.search("knee", limit=0) == []


def test_results_are_deterministic_and_ordered() -> None:
    docs = [FEMUR, TIBIA, PNEUMONIA, ASTHMA]
    first, second = SearchIndex(docs), SearchIndex(docs)
    for query in ("fract", "fracture tibia", "lung", "asthm", "femur tibia", "fracure"):
        assert first.search(query) == first.search(query) == second.search(query)
        scores = [f.score for f in first.search(query)]
        assert scores == sorted(scores, reverse=True)


def test_empty_queries_and_empty_indexes() -> None:
    assert SMALL.search("") == []
    assert SMALL.search("the of and") == []
    assert SMALL.search("!!! ...") == []
    empty = SearchIndex([])
    assert len(empty) == 0
    assert empty.search("anything") == []
    assert empty.search("A1", code_match=code_prefix) == []


def test_very_long_words_return() -> None:
    started = time.perf_counter()
    assert SMALL.search("a" * 5000) == []
    assert SMALL.search(f"{'b' * 41} femur") != []
    assert SMALL.search("fracture" * 5) == []  # 40 letters: typos are tried, none match
    assert SMALL.search(" ".join(["x" * 45] * 50)) == []
    assert time.perf_counter() - started < 10


def test_scores_are_floats_and_matches_are_typed() -> None:
    for query in ("femur", "fract", "fracure", "femur tibia", "lung"):
        for found in SMALL.search(query):
            assert isinstance(found.score, float)
            assert math.isfinite(found.score)
            assert all(isinstance(m.kind, MatchKind) for m in found.matches)


# --------------------------------------------------------------------------- normalize_words


def test_normalize_words() -> None:
    assert normalize_words("Crohn's disease of small intestines, NOS") == [
        "crohn",
        "disease",
        "small",
        "intestine",
    ]
    assert normalize_words("Ménière’s DISEASE") == ["meniere", "disease"]
    assert normalize_words("abscess, virus, crisis, gas") == ["abscess", "virus", "crisis", "gas"]
    assert normalize_words("") == []
    # Stop words are dropped after stemming too: "fors" would stem to "for".
    assert normalize_words("ands fors thes") == []


STOP = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "nos", "s"}


@settings(max_examples=200)
@given(
    st.text(max_size=60)
    | st.lists(st.sampled_from([*STOP, "ands", "fors", "x's", "É"]), max_size=8).map(" ".join)
)
def test_normalize_words_properties(text: str) -> None:
    words = normalize_words(text)
    assert all(re.fullmatch(r"[a-z0-9]+", w) for w in words)
    assert not STOP & set(words)
    assert normalize_words(" ".join(words)) == words  # idempotent on its own output
    assert normalize_words(text.upper()) == normalize_words(text.lower()) or not text.isascii()


# --------------------------------------------------------------------------- the oracle


def one_edit(a: str, b: str) -> bool:
    """Whether ``b`` is ``a`` with one letter deleted, inserted, replaced, or two swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        i = diff[0]
        return len(diff) == 2 and diff[1] == i + 1 and a[i] == b[i + 1] and a[i + 1] == b[i]
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def typo_of(query: str, word: str) -> bool:
    plural = word + "s"
    stems_back = len(plural) > 3 and word[-1] not in "sui"
    return one_edit(query, word) or (stems_back and plural != query and one_edit(query, plural))


def document_words(doc: Document) -> set[str]:
    return {w for text in (doc.title, *doc.terms, *doc.synonyms) for w in normalize_words(text)}


def oracle(docs: list[Document], query: str, accept: Callable[[int], bool]) -> set[int]:
    words = list(dict.fromkeys(normalize_words(query)))
    vocab = set().union(*(document_words(d) for d in docs))
    candidates = []
    for i, word in enumerate(words):
        found = {word} & vocab
        if i == len(words) - 1 and (len(word) >= 2 or len(words) > 1):
            found |= {w for w in vocab if w.startswith(word)}
        if not found and 4 <= len(word) <= 40:
            found = {w for w in vocab if typo_of(word, w)}
        candidates.append(found)

    def matching(skip: int | None) -> set[int]:
        return {
            d.key
            for d in docs
            if accept(d.key)
            and all(c & document_words(d) for i, c in enumerate(candidates) if i != skip)
        }

    full = matching(None) if words else set()
    if full or len(words) < 2:
        return full
    return set().union(*(matching(skip) for skip in range(len(words))))


def variants(word: str) -> st.SearchStrategy[str]:
    """The word, partly typed, or with one typo of each kind."""
    swapped = word[1] + word[0] + word[2:] if len(word) > 1 else word
    return st.sampled_from(
        [
            word,
            word[:-1] or word,
            word[:2],
            word[1:] or word,
            word + "b",
            f"{word[0]}e{word[1:]}",
            swapped,
        ]
    )


# Words from a small alphabet, and words one edit apart, so that documents and
# queries share words, prefixes and typos often.
letters = st.text(alphabet="abdes", min_size=1, max_size=7)
words = letters | st.sampled_from(["bead", "dabs", "sade", "abode"]).flatmap(variants)
phrases = st.lists(words, min_size=1, max_size=4).map(" ".join)
short_phrases = st.lists(words, min_size=1, max_size=2).map(" ".join)
corpora = st.lists(
    st.tuples(
        phrases,
        st.lists(short_phrases, max_size=1),
        st.lists(short_phrases, max_size=1),
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=200)
@given(corpus=corpora, data=st.data(), rejected=st.frozensets(st.integers(0, 5), max_size=2))
def test_matches_agree_with_a_brute_force_oracle(
    corpus: list[tuple[str, list[str], list[str]]], data: st.DataObject, rejected: frozenset[int]
) -> None:
    docs = [
        Document(key=n, code=f"C{n}", title=title, terms=tuple(terms), synonyms=tuple(synonyms))
        for n, (title, terms, synonyms) in enumerate(corpus)
    ]
    vocab = sorted(set().union(*(document_words(d) for d in docs)))
    near = st.sampled_from(vocab).flatmap(variants) if vocab else letters
    query = " ".join(data.draw(st.lists(near | letters, min_size=1, max_size=3), label="query"))

    def accept(key: int) -> bool:
        return key not in rejected

    index = SearchIndex(docs)
    found = index.search(query, limit=100, accept=accept)
    assert set(keys(found)) == oracle(docs, query, accept)
    assert len(keys(found)) == len(set(keys(found)))


def test_rejected_keys_among_the_first_documents() -> None:
    # 30 documents with the word: the first 24 (the candidates looked at) hold
    # rejected keys, as a frozenset or any other collection.
    docs = [Document(key=n, code=f"A{n:02}", title=f"Knee pain {n}") for n in range(30)]
    index = SearchIndex(docs)
    for reject in (frozenset({0, 5}), (0, 5), frozenset()):
        kept = [r[1] for r in index.ranked("knee", reject=reject)]
        assert kept == [key for key in range(30) if key not in reject][:10]
    # Two words: a stream of documents rather than an array.
    kept = [r[1] for r in index.ranked("knee pain", limit=30, reject=frozenset({3}))]
    assert sorted(kept) == [n for n in range(30) if n != 3]


@pytest.mark.parametrize("prior", [0.0, 2e6, -2e6, -1.0, 0.1234565, -3.0000005, 1e-9])
def test_scores_are_rounded_to_six_places(prior: float) -> None:
    index = SearchIndex([Document(key=1, code="A", title="Asthma", prior=prior)])
    ((score, key, _),) = index.ranked("asthma")
    # The same score, unrounded, from an index where the prior adds nothing.
    ((base, _, _),) = SearchIndex([Document(key=1, code="A", title="Asthma")]).ranked("asthma")
    assert key == 1
    assert score == round(prior + base, 6) or math.isclose(score, round(prior + base, 6))
    assert score == round(score, 6)


def test_scores_near_zero_are_rounded_too() -> None:
    ((base, _, _),) = SearchIndex([Document(key=1, code="A", title="Asthma")]).ranked("asthma")
    index = SearchIndex([Document(key=1, code="A", title="Asthma", prior=-base)])
    ((score, _, _),) = index.ranked("asthma")
    assert abs(score) <= 1e-6


@settings(max_examples=200)
@given(
    st.floats(allow_nan=False, allow_infinity=False)
    | st.integers(-(10**7), 10**7).map(lambda n: n / 1e6 + 5e-7)  # half-millionths
    | st.floats(-1e7, 1e7)
)
def test_rounded_is_round_to_six_places(score: float) -> None:
    assert _rounded(score) == round(score, 6)


def test_long_queries_estimate_by_prior_and_title_length() -> None:
    docs = [
        Document(key=n, code=f"A{n:02}", title=f"Knee pain left side {n}", prior=n % 3)
        for n in range(30)
    ]
    found = SearchIndex(docs).ranked("knee pain left side")
    # The first 24 documents are looked at (ties: the static order).
    assert [key for _, key, _ in found] == sorted(range(24), key=lambda n: -(n % 3))[:10]
