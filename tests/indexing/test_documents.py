"""Tests for medoffice.indexing.documents: the model, the index against an oracle, routing."""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import importlib
import inspect
import pickle
from collections.abc import Iterable, Iterator, Sequence
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.exceptions import MedofficeError, UnknownCode, ValidationFailed
from medoffice.indexing import _doc_index
from medoffice.indexing._doc_index import Query, facets_of, make_query
from medoffice.indexing._doc_keys import (
    NAME_THRESHOLD,
    SWAPPED,
    family_candidate,
    fold_name,
    name_score,
    parse_name,
    words,
)
from medoffice.indexing._text import fold
from medoffice.indexing.documents import (
    DocType,
    Document,
    DocumentHit,
    DocumentIndex,
    Facets,
    Refiling,
    ReviewStatus,
    Routing,
    RoutingReason,
    route,
)

UTC = dt.UTC
AT = dt.datetime(2024, 5, 1, 9, 30, tzinfo=UTC)

# -- strategies: small pools so that names, words and dates collide ---------------------

FAMILIES = ("Smith", "Smyth", "Smithe", "Schmidt", "Nguyen", "Ngyuen", "O'Neil", "Oneal",
            "Lee", "Li", "García", "Garcia-Lopez", "Van Buren", "Jones", "Johns")  # fmt: skip
GIVENS = ("William", "Bill", "Billy", "Margaret", "Peggy", "Jon", "John", "J", "Thi", "Mary Ann",
          "Catherine", "Katherine", "Bob", "Robert")  # fmt: skip
VOCAB = ("potassium", "Potassium!", "low", "HIGH", "follow-up", "mri", "café", "x-ray",
         "referral", "eob", "denied", "cbc 5.9", "Dr. O'Neil")  # fmt: skip
SOURCES = ("Quest Labs", "LabCorp", "St. Mary Hospital", "Aetna", "fax 555-0100")
ZONES = (UTC, ZoneInfo("America/New_York"), ZoneInfo("Pacific/Kiritimati"))
DAY0 = dt.date(2024, 1, 1)

days = st.integers(0, 9).map(lambda n: DAY0 + dt.timedelta(days=n))
instants = st.builds(
    lambda d, minutes, zone: (
        dt.datetime(2024, 1, 1, tzinfo=UTC).astimezone(zone) + dt.timedelta(days=d, minutes=minutes)
    ),
    st.integers(0, 6),
    st.sampled_from((0, 1, 30, 600, 1439)),
    st.sampled_from(ZONES),
)
patient_ids = st.sampled_from(("MRN-1", "MRN-2", "MRN-3"))
_PIDS = ("MRN-1", "MRN-2", "MRN-3")


def decode(seed: int, doc_id: str) -> Document:
    """A document chosen by ``seed``: one cheap draw per document, shrinking to simple ones."""

    def pick(options: Sequence[Any]) -> Any:
        nonlocal seed
        seed, choice = divmod(seed, len(options))
        return options[choice]

    status = pick(list(ReviewStatus))
    pid = pick(_PIDS if status is not ReviewStatus.UNINDEXED else (None, *_PIDS))
    received = dt.datetime(2024, 1, 1, tzinfo=UTC) + dt.timedelta(
        days=pick(range(7)), minutes=pick((0, 1, 30, 600, 1439)))  # fmt: skip
    return Document(
        id=doc_id,
        patient_id=pid,
        family=pick((None, *FAMILIES)),
        given=pick((None, *GIVENS)),
        birth_date=pick((None, dt.date(1970, 3, 2), dt.date(1970, 2, 3))),
        date_of_service=pick((None, *(DAY0 + dt.timedelta(days=n) for n in range(10)))),
        received_at=received.astimezone(pick(ZONES)),
        doc_type=pick(list(DocType)),
        source=pick((None, *SOURCES)),
        author=pick((None, "Dr. Patel", "Kim")),
        pages=pick((1, 2, 3)),
        review_status=status,
        needs_attention=pick((False, True)),
        text=" ".join(pick(VOCAB) for _ in range(pick(range(6)))),
    )


_SEEDS = st.integers(0, 2**128)


def documents(doc_id: str | None = None) -> st.SearchStrategy[Document]:
    ids = st.just(doc_id) if doc_id is not None else st.sampled_from([f"d{i}" for i in range(12)])
    return st.builds(decode, _SEEDS, ids)


def doc_lists(max_size: int = 12) -> st.SearchStrategy[list[Document]]:
    return st.lists(_SEEDS, max_size=max_size).map(
        lambda seeds: [decode(seed, f"d{i}") for i, seed in enumerate(seeds)]
    )


def _some(values: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | values


queries = st.fixed_dictionaries(
    {},
    optional={
        "name": st.sampled_from(FAMILIES + GIVENS)
        | st.builds("{} {}".format, st.sampled_from(GIVENS), st.sampled_from(FAMILIES))
        | st.builds("{}, {}".format, st.sampled_from(FAMILIES), st.sampled_from(GIVENS))
        | st.builds("{} {}".format, st.sampled_from(FAMILIES), st.sampled_from(GIVENS))
        | st.sampled_from(("Smitj", "Nguyne", "Bill Smyth", "", "...", "Peggy Smith")),
        "patient_id": _some(patient_ids),
        "birth_date": _some(st.sampled_from((dt.date(1970, 3, 2), "1970-02-03"))),
        "service_from": _some(days),
        "service_to": _some(days),
        "received_from": _some(instants),
        "received_to": _some(instants),
        "types": _some(st.sampled_from(DocType) | st.lists(st.sampled_from(DocType), max_size=3)),
        "status": _some(
            st.sampled_from([s.value for s in ReviewStatus])
            | st.frozensets(st.sampled_from(ReviewStatus), max_size=2)
        ),
        "needs_attention": _some(st.booleans()),
        "words": _some(
            st.sampled_from((*VOCAB, "quest", "LABS", "absent"))
            | st.lists(st.sampled_from((*VOCAB, "patel")), max_size=2)
        ),
        "limit": _some(st.integers(1, 6)),
    },
)


# -- the oracle: look at every document -----------------------------------------------


def _oracle_name(family: str, given: str, doc_family: str, doc_given: str) -> float:
    """The name score the obvious way: as written, and swapped at a discount."""
    best = 0.0
    if doc_family and family_candidate(family, doc_family):
        best = name_score(family, given, doc_family, doc_given)
    if len(given) > 1 and given != family and doc_family and family_candidate(given, doc_family):
        swapped = name_score(given, family, doc_family, doc_given)
        if swapped >= NAME_THRESHOLD:
            best = max(best, swapped * SWAPPED)
    return best


def oracle_matches(docs: Iterable[Document], query: Query) -> list[tuple[Document, float]]:
    out = []
    for doc in docs:
        score = 1.0
        if query.name is not None:
            family, given_name = query.name
            if not family or doc.family is None:
                continue
            score = _oracle_name(family, given_name, fold(doc.family), fold(doc.given or ""))
            if score < NAME_THRESHOLD:
                continue
        if query.patient_id is not None and doc.patient_id != query.patient_id:
            continue
        if query.birth_date is not None and doc.birth_date != query.birth_date:
            continue
        if query.types is not None and doc.doc_type not in query.types:
            continue
        if query.status is not None and doc.review_status not in query.status:
            continue
        if query.needs_attention is not None and doc.needs_attention != query.needs_attention:
            continue
        ranged = query.service_from is not None or query.service_to is not None
        if ranged and doc.date_of_service is None:
            continue
        if query.service_from is not None and doc.date_of_service < query.service_from:  # type: ignore[operator]
            continue
        if query.service_to is not None and doc.date_of_service > query.service_to:  # type: ignore[operator]
            continue
        if query.received_from is not None and doc.received_at < query.received_from:
            continue
        if query.received_to is not None and not doc.received_at < query.received_to:
            continue
        if query.words is not None:
            text = " ".join((doc.text, doc.source or "", doc.author or ""))
            if not set(query.words) <= set(fold(text).split()):
                continue
        out.append((doc, score))
    return out


def oracle_search(docs: Iterable[Document], **kwargs: Any) -> list[tuple[str, float]]:
    query = make_query(**{"limit": 50, **kwargs})  # search's default limit
    found = oracle_matches(docs, query)
    found.sort(key=lambda p: (-p[1], -p[0].received_at.timestamp(), p[0].id))
    if query.limit is not None:
        found = found[: query.limit]
    return [(d.id, s) for d, s in found]


def _ids(hits: Sequence[DocumentHit]) -> list[tuple[str, float]]:
    return [(h.document.id, h.score) for h in hits]


PLANS = pytest.mark.parametrize("plan", ["indexed", "walk"])


@contextlib.contextmanager
def planned(plan: str, dead_slack: int | None = None) -> Iterator[None]:
    """Search with the posting-list plan, or with the newest-first day walk whenever limited."""
    with pytest.MonkeyPatch.context() as patch:
        if plan == "walk":
            patch.setattr(_doc_index, "_BROAD", -1)
        if dead_slack is not None:
            patch.setattr(_doc_index, "_DEAD_SLACK", dead_slack)
        yield


# -- the model ------------------------------------------------------------------------


def test_document_normalises_and_defaults() -> None:
    doc = Document(id="d1", family="  Smith ", given="", birth_date="1970-03-02",
                   received_at=dt.datetime(2024, 5, 1, 5, 30, tzinfo=ZoneInfo("America/New_York")),
                   doc_type="eob", review_status="unindexed")  # fmt: skip
    assert doc.family == "Smith"
    assert doc.given is None
    assert doc.birth_date == dt.date(1970, 3, 2)
    assert doc.received_at == dt.datetime(2024, 5, 1, 9, 30, tzinfo=UTC)
    assert doc.received_at.tzinfo is UTC
    assert doc.doc_type is DocType.EOB
    assert (doc.pages, doc.review_status, doc.needs_attention, doc.text) == (
        1, ReviewStatus.UNINDEXED, False, "")  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "error", "field"),
    [
        ({"id": ""}, ValueError, "id"),
        ({"id": 7}, TypeError, "id"),
        ({"patient_id": ""}, ValueError, "patient_id"),
        ({"family": 3}, TypeError, "family"),
        ({"birth_date": "1970-02-30"}, ValueError, "birth_date"),
        ({"birth_date": dt.datetime(1970, 1, 1)}, TypeError, "birth_date"),
        ({"date_of_service": "soon"}, ValueError, "date_of_service"),
        ({"received_at": dt.datetime(2024, 5, 1)}, ValueError, "received_at"),
        ({"received_at": "2024-05-01T09:00:00+00:00"}, TypeError, "received_at"),
        ({"doc_type": "memo"}, ValueError, "doc_type"),
        ({"pages": 0}, ValueError, "pages"),
        ({"pages": True}, TypeError, "pages"),
        ({"review_status": "indexed"}, ValueError, "review_status"),
        ({"needs_attention": 1}, TypeError, "needs_attention"),
        ({"text": None}, TypeError, "text"),
    ],
)
def test_document_refuses_bad_fields_naming_them(
    changes: dict[str, object], error: type[Exception], field: str
) -> None:
    base: dict[str, object] = {"id": "d1", "received_at": AT, "family": "Zyxwvut",
                               "given": "Qwerty", "birth_date": "1961-07-08"}  # fmt: skip
    with pytest.raises(error) as info:
        Document(**{**base, **changes})  # type: ignore[arg-type]
    message = str(info.value)
    assert message.startswith(field)
    for secret in ("Zyxwvut", "Qwerty", "1961", "07-08"):
        assert secret not in message


@given(doc=documents())
def test_repr_masks_the_patient(doc: Document) -> None:
    text = repr(doc)
    for secret in (doc.family, doc.given, doc.birth_date and doc.birth_date.isoformat()):
        if secret:
            assert f"'{secret}'" not in text
    if doc.text:
        assert repr(doc.text) not in text
    assert repr(doc.id) in text
    assert "***" in repr(DocumentHit(document=doc, score=1.0)) or not (doc.family or doc.text)


def test_review_workflow_is_the_transition_table() -> None:
    doc = Document(id="d1", received_at=AT)
    with pytest.raises(ValueError, match=r"^review_status: unindexed may move to indexed only$"):
        doc.advance("reviewed")
    filed = doc.file_to("MRN-1")
    assert filed.review_status is ReviewStatus.INDEXED
    assert filed.advance("signed").review_status is ReviewStatus.SIGNED
    with pytest.raises(ValueError, match="may move to nothing only"):
        filed.advance("signed").advance("reviewed")
    with pytest.raises(ValueError, match=r"^patient_id: the document is filed to another chart"):
        filed.file_to("MRN-2")
    assert filed.file_to("MRN-1") == filed
    reachable = {ReviewStatus.UNINDEXED}
    for status in ReviewStatus:
        reachable.update(status.next_allowed())
    assert reachable == set(ReviewStatus)
    assert all(DocType(t.value).label for t in DocType)


def test_records_check_their_fields() -> None:
    doc = Document(id="d1", received_at=AT)
    with pytest.raises(ValueError, match=r"^patient_id: set exactly when"):
        Routing(document=doc, reason="unique_match")
    with pytest.raises(ValueError, match=r"^document: a filed document carries"):
        Routing(document=doc.file_to("A"), reason="unique_match", patient_id="B")
    with pytest.raises(TypeError, match=r"^candidates:"):
        Routing(document=doc, reason="no_candidate", candidates=[("a", "high")])
    with pytest.raises(ValueError, match=r"^at: naive datetimes"):
        Refiling(document_id="d1", old_patient_id=None, new_patient_id="B", by="x",
                 at=dt.datetime(2024, 1, 1))  # fmt: skip
    with pytest.raises(ValueError, match=r"^score: must be a finite number"):
        DocumentHit(document=doc, score=float("nan"))
    with pytest.raises(ValueError, match=r"^by_type: every count"):
        Facets(total=1, by_type=[("eob", -1)])
    assert Facets(total=0, by_type={"eob": 0}).by_type == ((DocType.EOB, 0),)


@given(text=st.text(max_size=40) | st.text("aZ09 -'`.,\u00e9\u2019", max_size=40))
def test_words_are_the_folded_words(text: str) -> None:
    assert words(text) == fold(text).split()
    assert fold_name(text) == fold(text)


def test_parse_name_reads_both_orders() -> None:
    assert parse_name("Jon Smith") == ("SMITH", "JON")
    assert parse_name("Smith, Jon") == ("SMITH", "JON")
    assert parse_name("Smith,") == ("SMITH", "")
    assert parse_name("  ") == ("", "")


# -- the index against the oracle -------------------------------------------------------


@PLANS
@given(docs=doc_lists(), kwargs=queries)
def test_search_is_the_oracles_answer(
    plan: str, docs: list[Document], kwargs: dict[str, Any]
) -> None:
    index = DocumentIndex.of(docs)
    with planned(plan):
        assert _ids(index.search(**kwargs)) == oracle_search(docs, **kwargs)
        facet_kwargs = {k: v for k, v in kwargs.items() if k != "limit"}
        expected = facets_of(d for d, _s in oracle_matches(docs, make_query(**facet_kwargs)))
        assert index.facets(**facet_kwargs) == expected


NAMES = (
    st.sampled_from(FAMILIES + GIVENS)
    | st.builds("{} {}".format, st.sampled_from(GIVENS), st.sampled_from(FAMILIES))
    | st.builds("{}, {}".format, st.sampled_from(FAMILIES), st.sampled_from(GIVENS))
    | st.builds("{} {}".format, st.sampled_from(FAMILIES), st.sampled_from(GIVENS))
    | st.sampled_from(("Smitj", "Nguyne", "Bill Smyth", "Peggy Smith", "Katherine Lee"))
)


def _typo(text: str, at: int) -> str:
    """``text`` with a typo: two letters swapped, or (``at`` < 0) the first letter wrong."""
    if at < 0:
        return "X" + text[1:]
    if len(text) < 2:
        return text
    i = at % (len(text) - 1)
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


@given(
    docs=doc_lists(),
    data=st.data(),
    more=st.fixed_dictionaries(
        {}, optional={"limit": _some(st.integers(1, 4)), "status": st.sampled_from(ReviewStatus)}
    ),
)
def test_name_search_is_the_oracles_answer(
    docs: list[Document], data: st.DataObject, more: dict[str, Any]
) -> None:
    """Name queries (the mixed queries above seldom leave a name match): pooled or mistyped."""
    named = [d for d in docs if d.family]
    if named and data.draw(st.booleans()):
        doc = data.draw(st.sampled_from(named))
        family = _typo(doc.family or "", data.draw(st.integers(-1, 20)))
        name = f"{doc.given or ''} {family}" if data.draw(st.booleans()) else f"{family}, "
    else:
        name = data.draw(NAMES)
    found = DocumentIndex.of(docs).search(name=name, **more)
    assert _ids(found) == oracle_search(docs, name=name, **more)


FEW_WORDS = ("low", "mri", "cbc", "Dr. Patel")


@PLANS
@given(
    docs=doc_lists(),
    data=st.data(),
    wanted=st.lists(st.sampled_from((*FEW_WORDS, "quest", "absent")), min_size=1, max_size=3),
    more=st.fixed_dictionaries(
        {}, optional={"limit": _some(st.integers(1, 4)), "types": st.sampled_from(DocType)}
    ),
)
def test_word_search_is_the_oracles_answer(
    plan: str, docs: list[Document], data: st.DataObject, wanted: list[str], more: dict[str, Any]
) -> None:
    """Word queries (every word must be there) over texts of a few words."""
    texts = st.lists(st.sampled_from(FEW_WORDS), max_size=3).map(" ".join)
    docs = [attrs.evolve(d, text=data.draw(texts)) for d in docs]
    with planned(plan):
        found = DocumentIndex.of(docs).search(words=wanted, **more)
    assert _ids(found) == oracle_search(docs, words=wanted, **more)


@PLANS
@settings(max_examples=min(25, settings().max_examples))
@given(data=st.data(), docs=doc_lists(max_size=10))
def test_every_version_keeps_its_content(
    plan: str, data: st.DataObject, docs: list[Document]
) -> None:
    """Random changes on random earlier versions (tips, branches, compactions) vs a dict model."""
    with planned(plan, dead_slack=data.draw(st.sampled_from((0, 1024)))):
        _changes_keep_every_version(data, docs)


def _changes_keep_every_version(data: st.DataObject, docs: list[Document]) -> None:
    versions: list[tuple[DocumentIndex, dict[str, Document]]] = [(DocumentIndex(), {})]
    for _step in range(data.draw(st.integers(1, 12))):
        index, model = versions[data.draw(st.integers(0, len(versions) - 1))]
        op = data.draw(st.sampled_from(("add", "remove", "replace", "refile")))
        if op == "add" or not model:
            doc = data.draw(st.sampled_from(docs) if docs else documents())
            if doc.id in model:
                with pytest.raises(ValidationFailed):
                    index.add(doc)
                continue
            versions.append((index.add(doc), {**model, doc.id: doc}))
        elif op == "remove":
            doc_id = data.draw(st.sampled_from(sorted(model)))
            versions.append((index.remove(doc_id), {k: v for k, v in model.items() if k != doc_id}))
        elif op == "replace":
            doc_id = data.draw(st.sampled_from(sorted(model)))
            status = model[doc_id].review_status
            new = attrs.evolve(data.draw(documents(doc_id=doc_id)),
                               patient_id=model[doc_id].patient_id or "MRN-9",
                               review_status=data.draw(st.sampled_from(
                                   (status, *status.next_allowed()))))  # fmt: skip
            versions.append((index.replace(new), {**model, doc_id: new}))
        else:
            doc_id = data.draw(st.sampled_from(sorted(model)))
            target = "MRN-X" if model[doc_id].patient_id != "MRN-X" else "MRN-Y"
            moved, record = index.refile(doc_id, target, by="clerk", at=AT)
            assert (record.old_patient_id, record.new_patient_id) == (
                model[doc_id].patient_id,
                target,
            )
            new = attrs.evolve(model[doc_id], patient_id=target, review_status="indexed")
            versions.append((moved, {**model, doc_id: new}))
    for index, model in versions:
        assert len(index) == len(model)
        assert index.documents == tuple(model[k] for k in sorted(model))
        assert all(index.get(k) == v and k in index for k, v in model.items())
        assert index == DocumentIndex.of(model.values())
        kwargs = data.draw(queries)
        assert _ids(index.search(**kwargs)) == oracle_search(model.values(), **kwargs)
        assert index.facets() == facets_of(model.values())
        oldest = sorted(model.values(), key=lambda d: (d.received_at, d.id))
        assert (
            index.unreviewed(limit=2)
            == tuple(d for d in oldest if d.review_status is ReviewStatus.INDEXED)[:2]
        )


@settings(max_examples=min(40, settings().max_examples))
@given(docs=doc_lists(), order=st.randoms(use_true_random=False), kwargs=queries)
def test_content_does_not_depend_on_insertion_order(
    docs: list[Document], order: Any, kwargs: dict[str, Any]
) -> None:
    shuffled = list(docs)
    order.shuffle(shuffled)
    one_by_one = DocumentIndex()
    for doc in shuffled:
        one_by_one = one_by_one.add(doc)
    bulk = DocumentIndex.of(docs)
    assert one_by_one == bulk
    assert hash(one_by_one) == hash(bulk)
    assert one_by_one.documents == bulk.documents
    assert one_by_one.search(**kwargs) == bulk.search(**kwargs)
    assert one_by_one.unindexed() == bulk.unindexed()
    assert pickle.loads(pickle.dumps(one_by_one)) == bulk  # noqa: S301 (our own bytes)
    assert copy.deepcopy(bulk).documents == bulk.documents


@given(docs=doc_lists(), extra=documents(doc_id="new"))
def test_add_then_remove_is_the_original(docs: list[Document], extra: Document) -> None:
    index = DocumentIndex.of(docs)
    back = index.add(extra).remove("new")
    assert back == index
    assert back.documents == index.documents
    assert _ids(back.search(limit=None)) == _ids(index.search(limit=None))
    assert "new" not in back
    with pytest.raises(UnknownCode):
        back.remove("new")


@PLANS
@given(docs=doc_lists(), limit=_some(st.integers(1, 4)))
def test_work_queues_are_oldest_first(plan: str, docs: list[Document], limit: int | None) -> None:
    with planned(plan):
        _queues_are_oldest_first(docs, limit)


def _queues_are_oldest_first(docs: list[Document], limit: int | None) -> None:
    index = DocumentIndex.of(docs)

    def oracle(keep: Any) -> tuple[Document, ...]:
        found = sorted((d for d in docs if keep(d)), key=lambda d: (d.received_at, d.id))
        return tuple(found[:limit] if limit is not None else found)

    assert index.unindexed(limit=limit) == oracle(
        lambda d: d.review_status is ReviewStatus.UNINDEXED
    )
    assert index.unreviewed(limit=limit) == oracle(
        lambda d: d.review_status is ReviewStatus.INDEXED
    )
    assert index.needing_attention(limit=limit) == oracle(lambda d: d.needs_attention)


def test_name_search_tolerates_typos_nicknames_and_sound_alikes() -> None:
    docs = [
        Document(id="a", family="Smith", given="William", received_at=AT),
        Document(id="b", family="Nguyen", given="Thi", received_at=AT),
        Document(id="c", family="Catherwood", given="Katherine", received_at=AT),
        Document(id="d", family="Jones", given="Margaret", received_at=AT),
    ]
    index = DocumentIndex.of(docs)

    def first(name: str) -> str | None:
        hits = index.search(name=name)
        return hits[0].document.id if hits else None

    assert first("Bill Smith") == "a"  # nickname
    assert first("William Smiht") == "a"  # transposition
    assert first("Smyth, Billy") == "a"  # sound-alike and nickname
    assert first("Thi Ngyuen") == "b"
    assert first("Catherine Katherwood") == "c"
    assert first("Peggy Jones") == "d"
    assert first("Zbigniew Brzezinski") is None


def test_name_search_finds_swapped_names_below_the_right_order() -> None:
    docs = [
        Document(id="right", family="Smith", given="John", received_at=AT, doc_type="other"),
        Document(id="swapped", family="John", given="Smith", received_at=AT, doc_type="other"),
        Document(id="other", family="Johns", given="Mary", received_at=AT, doc_type="other"),
    ]
    index = DocumentIndex.of(docs)
    hits = index.search(name="John Smith")
    assert [(h.document.id, h.score) for h in hits] == [("right", 1.0), ("swapped", SWAPPED)]
    # Written the other way round, the other document comes first.
    assert [h.document.id for h in index.search(name="Smith John")] == ["swapped", "right"]
    # A one-letter given name is not tried as a family name.
    assert [h.document.id for h in index.search(name="J Smith")] == ["right"]


def test_big_index_uses_both_plans_and_agrees(monkeypatch: pytest.MonkeyPatch) -> None:
    """Above the broad threshold the walk answers; its answer is the oracle's."""
    docs = [
        Document(id=f"d{i:04}", received_at=AT + dt.timedelta(hours=i % 97),
                 doc_type=list(DocType)[i % 14], text="lab" if i % 3 else "lab low",
                 family=FAMILIES[i % len(FAMILIES)], needs_attention=i % 5 == 0)
        for i in range(400)
    ]  # fmt: skip
    index = DocumentIndex.of(docs)
    monkeypatch.setattr(_doc_index, "_BROAD", 50)
    for kwargs in ({}, {"words": "lab"}, {"types": ["eob", "other"], "limit": 7},
                   {"needs_attention": True, "words": "low"}, {"received_to": AT + dt.timedelta(hours=3)},
                   {"name": "Smith", "limit": 3}):  # fmt: skip
        assert _ids(index.search(**kwargs)) == oracle_search(docs, **kwargs)


# -- changes: replace and refile -------------------------------------------------------------


def test_replace_records_review_but_never_moves_a_chart() -> None:
    doc = Document(id="d1", family="Smith", received_at=AT)
    index = DocumentIndex().add(doc)
    filed = index.replace(doc.file_to("MRN-1"))
    assert filed.get("d1").review_status is ReviewStatus.INDEXED  # type: ignore[union-attr]
    assert [h.document.id for h in filed.search(patient_id="MRN-1")] == ["d1"]
    assert filed.search(patient_id="MRN-1", status="unindexed") == ()
    with pytest.raises(ValidationFailed) as info:
        filed.replace(attrs.evolve(doc, patient_id="MRN-2"))
    assert [p.code for p in info.value.problems] == ["documents.patient_change"]
    with pytest.raises(UnknownCode):
        filed.replace(attrs.evolve(doc, id="other"))


def test_refile_is_audited() -> None:
    doc = Document(id="d1", family="Smith", patient_id="MRN-1", review_status="signed",
                   received_at=AT)  # fmt: skip
    index = DocumentIndex().add(doc)
    at = dt.datetime(2024, 5, 2, 8, tzinfo=ZoneInfo("America/Chicago"))
    moved, record = index.refile("d1", "MRN-2", by="hrodriguez", at=at, reason="DOB mismatch")
    assert record == Refiling(document_id="d1", old_patient_id="MRN-1", new_patient_id="MRN-2",
                              by="hrodriguez", at=at, reason="DOB mismatch")  # fmt: skip
    assert moved.search(patient_id="MRN-1") == ()
    assert moved.get("d1") == attrs.evolve(doc, patient_id="MRN-2", review_status="indexed")
    assert index.get("d1") == doc
    with pytest.raises(ValidationFailed) as info:
        moved.refile("d1", "MRN-2", by="x", at=at)
    assert [p.code for p in info.value.problems] == ["documents.same_patient"]
    with pytest.raises(ValueError, match=r"^by:"):
        index.refile("d1", "MRN-3", by="", at=at)
    with pytest.raises(ValueError, match=r"^at: naive"):
        index.refile("d1", "MRN-3", by="x", at=dt.datetime(2024, 1, 1))
    with pytest.raises(UnknownCode):
        index.refile("nope", "MRN-3", by="x", at=at)


def test_of_reports_every_duplicate_and_progress() -> None:
    docs = [Document(id=i, received_at=AT) for i in ("a", "b", "a", "b", "c")]
    with pytest.raises(ValidationFailed) as info:
        DocumentIndex.of(docs)
    assert [p.path for p in info.value.problems] == ["docs[2].id", "docs[3].id"]
    with pytest.raises(TypeError, match=r"^docs\[1\]: must be a Document"):
        DocumentIndex.of([docs[0], "d2"])  # type: ignore[list-item]
    seen: list[tuple[int, int]] = []
    DocumentIndex.of(docs[:2], progress=lambda done, total: seen.append((done, total)))
    assert seen == [(2, 2)]
    assert repr(DocumentIndex.of(docs[:2])) == "DocumentIndex(<2 documents>)"
    assert list(DocumentIndex.of(docs[:2])) == docs[:2]


# -- robustness: junk gives only documented errors ------------------------------------------

EXTREME_ZONES = st.sampled_from(
    (UTC, dt.timezone(dt.timedelta(hours=14)), dt.timezone(dt.timedelta(hours=-14)))
)
JUNK = st.one_of(
    st.none(),
    st.integers(),
    st.floats(),
    st.text(max_size=8),
    st.booleans(),
    st.binary(max_size=4),
    st.lists(st.integers(), max_size=2),
    st.dates(),
    st.datetimes(),
    st.datetimes(timezones=EXTREME_ZONES),
    st.just({"a": 1}),
    st.sampled_from(list(DocType) + list(ReviewStatus)),
)
DOC_FIELDS = [a.name for a in attrs.fields(Document)]
SEARCH_ARGS = ("name", "patient_id", "birth_date", "service_from", "service_to",
               "received_from", "received_to", "types", "status", "needs_attention",
               "words", "limit")  # fmt: skip


@given(junk=st.dictionaries(st.sampled_from(DOC_FIELDS), JUNK, max_size=4))
def test_junk_documents_raise_only_documented_errors(junk: dict[str, object]) -> None:
    kwargs: dict[str, object] = {"id": "d1", "received_at": AT, **junk}
    try:
        Document(**kwargs)  # type: ignore[arg-type]
    except (TypeError, ValueError) as exc:
        field = str(exc).split(":", 1)[0]
    else:
        return
    assert field in DOC_FIELDS


@given(junk=st.dictionaries(st.sampled_from(SEARCH_ARGS), JUNK, max_size=3))
def test_junk_searches_raise_only_documented_errors(junk: dict[str, Any]) -> None:
    index = DocumentIndex.of([Document(id="d1", family="Smith", received_at=AT, text="x")])
    for call in (index.search, index.facets):
        args = {k: v for k, v in junk.items() if call is index.search or k != "limit"}
        try:
            call(**args)
        except (TypeError, ValueError) as exc:
            field = str(exc).split(":", 1)[0]
        else:
            continue
        assert field in SEARCH_ARGS


def test_junk_to_changes_raises_documented_errors() -> None:
    index = DocumentIndex()
    with pytest.raises(TypeError, match=r"^doc: must be a Document"):
        index.add("d1")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^document_id: must be text"):
        index.remove(3)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^docs: must be an iterable"):
        DocumentIndex.of("abc")  # type: ignore[arg-type]
    with pytest.raises(UnknownCode) as info:
        index.remove("MRN-SECRET")
    err = info.value
    assert isinstance(err, LookupError)
    assert isinstance(err, MedofficeError)
    assert "SECRET" not in str(err)
    assert index.get("x") is None
    assert 3 not in index


# -- routing ----------------------------------------------------------------------------


@attrs.frozen
class FakeRecord:
    id: str
    family: str | None
    birth_date: dt.date | None


class FakeBand:
    def __init__(self, value: str) -> None:
        self.value = value


@attrs.frozen
class FakeCandidate:
    record: FakeRecord
    score: float
    band: FakeBand | None


class FakePatients:
    def __init__(self, *candidates: FakeCandidate) -> None:
        self.candidates = candidates
        self.asked: list[tuple[str | None, dt.date | None]] = []

    def search(
        self, *, name: str | None = None, birth_date: dt.date | None = None
    ) -> tuple[FakeCandidate, ...]:
        self.asked.append((name, birth_date))
        return self.candidates


DOB = dt.date(1970, 3, 2)
FAX = Document(id="fax-1", family="Smith", given="Jon", birth_date=DOB, received_at=AT,
               doc_type="lab_result")  # fmt: skip


def _candidate(mrn: str, score: float, band: str | None, family: str = "Smith",
               birth_date: dt.date = DOB) -> FakeCandidate:  # fmt: skip
    return FakeCandidate(FakeRecord(mrn, family, birth_date), score,
                         FakeBand(band) if band else None)  # fmt: skip


@pytest.mark.parametrize(
    ("candidates", "reason", "doc"),
    [
        ((_candidate("M1", 30, "link"), _candidate("M2", 10, None)), "unique_match", FAX),
        ((), "no_candidate", FAX),
        (
            (_candidate("M1", 30, "link"),),
            "missing_identifiers",
            attrs.evolve(FAX, birth_date=None),
        ),
        ((_candidate("M1", 30, "link"),), "missing_identifiers", attrs.evolve(FAX, family=None)),
        ((_candidate("M1", 20, "review"),), "low_confidence", FAX),
        ((_candidate("M1", 30, "link"), _candidate("M2", 29, "link")), "several_candidates", FAX),
        ((_candidate("M1", 30, "link"), _candidate("M2", 27, "review")), "several_candidates", FAX),
        ((_candidate("M1", 30, "link", birth_date=dt.date(1970, 2, 3)),), "disagreement", FAX),
        ((_candidate("M1", 30, "link", family="Jones"),), "disagreement", FAX),
        ((_candidate("M1", 30, "link"),), "disagreement", FAX.file_to("M9")),
        ((_candidate("M1", 30, "link"),), "unique_match", FAX.file_to("M1")),
    ],
)
def test_route_files_only_a_unique_confident_agreeing_match(
    candidates: tuple[FakeCandidate, ...], reason: str, doc: Document
) -> None:
    patients = FakePatients(*reversed(candidates))
    routing = route(doc, patients)
    assert routing.reason is RoutingReason(reason)
    assert routing.filed == (reason == "unique_match")
    if routing.filed:
        assert routing.patient_id == "M1"
        assert routing.document == doc.file_to("M1")
        assert routing.document.review_status is ReviewStatus.INDEXED
    else:
        assert routing.patient_id is None
        assert routing.document == doc
    if reason != "missing_identifiers":
        assert patients.asked == [("Smith, Jon", DOB)]
        best_first = sorted(candidates, key=lambda c: -c.score)
        assert [c for c, _s in routing.candidates] == [c.record.id for c in best_first]


def test_route_margin_and_bad_arguments() -> None:
    patients = FakePatients(_candidate("M1", 30, "link"), _candidate("M2", 27, "review"))
    assert route(FAX, patients, margin=2).reason is RoutingReason.UNIQUE_MATCH
    with pytest.raises(TypeError, match=r"^document:"):
        route("fax", patients)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"^margin:"):
        route(FAX, patients, margin=-1)
    with pytest.raises(TypeError, match=r"^margin:"):
        route(FAX, patients, margin="1")  # type: ignore[arg-type]


def test_route_with_the_master_patient_index() -> None:
    patients_module = importlib.import_module("medoffice.indexing.patients")
    record = patients_module.PatientRecord
    mpi = patients_module.PatientIndex.of([
        record(id="MRN-1", family="Smith", given="Jonathan", birth_date=DOB, sex="M"),
        record(id="MRN-2", family="Garcia", given="Ana", birth_date=dt.date(1985, 7, 1)),
        record(id="MRN-3", family="Lee", given="Kim", birth_date=dt.date(1990, 1, 1)),
        record(id="MRN-4", family="Lee", given="Kim", birth_date=dt.date(1990, 1, 1)),
    ])  # fmt: skip
    filed = route(attrs.evolve(FAX, given="Jonathan"), mpi)
    assert (filed.reason, filed.patient_id) == (RoutingReason.UNIQUE_MATCH, "MRN-1")
    twins = route(attrs.evolve(FAX, family="Lee", given="Kim", birth_date=dt.date(1990, 1, 1)),
                  mpi)  # fmt: skip
    assert twins.reason is RoutingReason.SEVERAL_CANDIDATES
    stranger = route(attrs.evolve(FAX, family="Okafor", birth_date=dt.date(2001, 1, 1)), mpi)
    assert not stranger.filed


# -- every public member documents itself with an example --------------------------------------


def test_public_members_have_examples() -> None:
    module = importlib.import_module("medoffice.indexing.documents")
    assert ">>>" in (module.__doc__ or "")
    assert list(module.__all__) == sorted(module.__all__)
    missing = []
    for name in module.__all__:
        obj = getattr(module, name)
        if not (inspect.isclass(obj) or inspect.isfunction(obj)):
            continue
        if obj.__doc__ is None or ">>>" not in obj.__doc__:
            missing.append(name)
        if inspect.isclass(obj):
            for attr, value in vars(obj).items():
                func = value.fget if isinstance(value, property) else value
                if isinstance(func, classmethod):
                    func = func.__func__
                if not attr.startswith("_") and inspect.isfunction(func) and ">>>" not in (
                    func.__doc__ or ""):  # fmt: skip
                    missing.append(f"{name}.{attr}")
    assert missing == []


def test_replace_moves_the_review_status_only_forward() -> None:
    doc = Document(id="d1", patient_id="MRN-1", review_status="signed", received_at=AT)
    index = DocumentIndex().add(doc)
    with pytest.raises(ValidationFailed) as info:
        index.replace(attrs.evolve(doc, review_status="indexed"))
    assert [p.code for p in info.value.problems] == ["documents.status_change"]
    fresh = DocumentIndex().add(attrs.evolve(doc, review_status="indexed"))
    assert fresh.replace(doc).get("d1") == doc  # indexed -> signed is a step forward


def test_words_with_a_filter_that_matches_nothing_find_nothing() -> None:
    # A received range holding no document is the smallest source: it has no
    # posting lists at all (a random Hypothesis run found the IndexError).
    doc = Document(id="d0", received_at=AT, doc_type="other", text="potassium")
    for index in (DocumentIndex.of([doc]), DocumentIndex.of([]).add(doc)):
        later = AT + dt.timedelta(days=2)
        assert index.search(received_from=later, words="potassium") == ()
        assert _ids(index.search(words="potassium")) == oracle_search([doc], words="potassium")
