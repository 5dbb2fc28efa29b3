"""The immutable document index: inverted indexes in a shared, append-only store.

How it stays immutable and fast
-------------------------------

Every :class:`DocumentIndex` value is a *view* of a store: ``(store, entries,
clock, size)``. The store holds every document ever added along one line of
versions, as numbered *entries*, and append-only inverted indexes (posting lists
of entry numbers, ascending) on the chart number, the birth date, the type, the
review status, the attention flag, the service and received days, the words and
the names. A removal never deletes anything: it stamps the entry with the clock
of the version that removed it. A view sees entry ``e`` when ``e < entries`` and
the entry was not removed at or before its ``clock``, so what a view sees never
changes once the view exists.

- ``add``/``remove``/``replace`` on the newest view of a store (its *tip*)
  append to the store in place and return a new view: **O(k)** for a document of
  ``k`` keys (words, name, dates ...), independent of the size of the index.
- The same on an older view (a branch) first copies that view's live documents
  into a new store (a *fork*): **O(n)**, once per branch; the branch is then a tip.
- When more than half of a store's entries are dead (removed or replaced), the
  next change forks too, so dead entries cost at most a constant factor.
- ``DocumentIndex.of(docs)`` builds one store in a single pass: **O(total keys)**.

A lock makes "is this view the tip? then append" atomic, so views may be shared
between threads.

Search
------

A name query scores the distinct family names that share a Soundex key or
enough trigrams with it (a trigram posting list over *distinct* family names,
not documents), re-ranks them by Jaro-Winkler and keeps the documents of the
names that reach :data:`NAME_THRESHOLD`. Words are the intersection of their
posting lists. Otherwise the smallest posting list among the filters given
drives the search and each of its documents is checked against the other
filters. When every filter is broad (more than a few thousand documents), the
search walks the received days from the newest and stops once ``limit``
documents are found. Hits are ranked by score, then newest received first, then
by document id, so the same content gives the same answer, whatever the order
the documents came in.

>>> import datetime as dt
>>> from medoffice.indexing._doc_model import Document
>>> at = dt.datetime(2024, 5, 1, 9, tzinfo=dt.UTC)
>>> index = DocumentIndex().add(Document(id="d1", family="Smith", given="Jon", received_at=at))
>>> [h.document.id for h in index.search(name="Jon Smyth")]
['d1']
"""

from __future__ import annotations

import datetime as dt
import functools
import heapq
import sys
import threading
from array import array
from bisect import bisect_left, bisect_right, insort
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, repeat
from typing import Any, TypeAlias

import attrs

from medoffice._values import require_aware
from medoffice.exceptions import Problem, UnknownCode, ValidationFailed
from medoffice.indexing._doc_keys import (
    FAMILY_FLOOR,
    NAME_THRESHOLD,
    SWAPPED,
    SWAPPED_FLOOR,
    combined,
    fold_name,
    given_similarity,
    parse_name,
    shared_trigrams_needed,
    words,
)
from medoffice.indexing._doc_model import (
    DocType,
    Document,
    DocumentHit,
    Facets,
    Refiling,
    ReviewStatus,
)
from medoffice.indexing._text import jaro_winkler, soundex, trigrams

__all__ = ["DocumentIndex", "Query", "document_words", "facets_of", "make_query"]

_NEVER = sys.maxsize  # the removal clock of an entry that was never removed
#: A driving posting list longer than this makes a limited search walk the days instead.
_BROAD = 3000
_PROGRESS_EVERY = 10_000
_sink: deque[object] = deque(maxlen=0)
_consume = _sink.extend
#: Dead entries a store may hold beyond as many as its live ones before a change forks.
_DEAD_SLACK = 1024

#: A posting list: entry numbers, ascending, as machine integers (smaller than a
#: list of ints, and not tracked by the cyclic garbage collector, which would
#: otherwise walk every list of every index again and again while one is built).
Postings: TypeAlias = "array[int]"
_EMPTY: Postings = array("q")  # never changed
_new_postings = functools.partial(array, "q")
#: The postings of a key that usually has one entry: that entry alone, or an array.
Few: TypeAlias = "int | array[int]"


def _add_few(postings: dict[Any, Few], key: object, entry: int) -> bool:
    """Post ``entry`` under ``key``; whether the key had entries before."""
    found = postings.get(key)
    if found is None:
        postings[key] = entry
        return False
    if isinstance(found, int):
        postings[key] = array("q", (found, entry))
    else:
        found.append(entry)
    return True


def _few(found: Few | None) -> Postings:
    if found is None:
        return _EMPTY
    if isinstance(found, int):
        return array("q", (found,))
    return found


def document_words(doc: Document) -> set[str]:
    """The distinct searchable words of a document: its text, source and author.

    >>> import datetime as dt
    >>> doc = Document(id="d1", received_at=dt.datetime(2024, 5, 1, tzinfo=dt.UTC),
    ...                source="Quest Labs", text="Potassium low")
    >>> sorted(document_words(doc))
    ['LABS', 'LOW', 'POTASSIUM', 'QUEST']
    """
    found = set(words(doc.text))
    if doc.source:
        found.update(_field_words(doc.source))
    if doc.author:
        found.update(_field_words(doc.author))
    return found


@functools.lru_cache(maxsize=4096)
def _field_words(text: str) -> tuple[str, ...]:
    """The words of a source or an author: few distinct values, so cached."""
    return tuple(words(text))


# -- the query --------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Query:
    """A checked search: each filter normalised, ``None`` when not given."""

    name: tuple[str, str] | None
    patient_id: str | None
    birth_date: dt.date | None
    service_from: dt.date | None
    service_to: dt.date | None
    received_from: dt.datetime | None
    received_to: dt.datetime | None
    types: frozenset[DocType] | None
    status: frozenset[ReviewStatus] | None
    needs_attention: bool | None
    words: tuple[str, ...] | None
    limit: int | None

    def matches(self, doc: Document) -> bool:
        """Whether ``doc`` passes every filter but the name and the words."""
        if self.patient_id is not None and doc.patient_id != self.patient_id:
            return False
        if self.birth_date is not None and doc.birth_date != self.birth_date:
            return False
        if self.types is not None and doc.doc_type not in self.types:
            return False
        if self.status is not None and doc.review_status not in self.status:
            return False
        if self.needs_attention is not None and doc.needs_attention is not self.needs_attention:
            return False
        if self.service_from is not None or self.service_to is not None:
            day = doc.date_of_service
            if day is None:
                return False
            if self.service_from is not None and day < self.service_from:
                return False
            if self.service_to is not None and day > self.service_to:
                return False
        if self.received_from is not None and doc.received_at < self.received_from:
            return False
        return not (self.received_to is not None and doc.received_at >= self.received_to)


def _day(value: object, field: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            msg = f"{field}: must be an ISO 8601 date (YYYY-MM-DD)"
            raise ValueError(msg) from None
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        msg = f"{field}: must be a calendar date (datetime.date, not a datetime)"
        raise TypeError(msg)
    return value


def _instant(value: object, field: str) -> dt.datetime | None:
    if value is None:
        return None
    return require_aware(value, field)


def _members(value: object, cls: Any, field: str) -> frozenset[Any] | None:
    if value is None:
        return None
    items: Iterable[object]
    if isinstance(value, (str, cls)):
        items = (value,)
    elif isinstance(value, Iterable) and not isinstance(value, (bytes, dict)):
        items = value
    else:
        msg = f"{field}: must be a {cls.__name__}, its value text, or a collection of them"
        raise TypeError(msg)
    out = set()
    for item in items:
        if isinstance(item, cls):
            out.add(item)
            continue
        try:
            out.add(cls(item))
        except (ValueError, TypeError):
            allowed = ", ".join(str(m.value) for m in cls)
            msg = f"{field}: every value must be one of {allowed}"
            raise ValueError(msg) from None
    return frozenset(out)


def _text_arg(value: object, field: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    msg = f"{field}: must be text (str), not {type(value).__name__}"
    raise TypeError(msg)


def _words_arg(value: object) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str):
        parts = [value]
    elif isinstance(value, Iterable) and not isinstance(value, (bytes, dict)):
        parts = list(value)
        if not all(isinstance(p, str) for p in parts):
            msg = "words: must be text or a collection of texts"
            raise TypeError(msg)
    else:
        msg = "words: must be text or a collection of texts"
        raise TypeError(msg)
    found = tuple(sorted({w for p in parts for w in words(p)}))
    return found or None


def _limit(value: object) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        msg = f"limit: must be a whole number (int) or None, not {type(value).__name__}"
        raise TypeError(msg)
    if value < 1:
        msg = "limit: must be at least 1"
        raise ValueError(msg)
    return value


def make_query(  # one keyword per filter
    *,
    name: object = None,
    patient_id: object = None,
    birth_date: object = None,
    service_from: object = None,
    service_to: object = None,
    received_from: object = None,
    received_to: object = None,
    types: object = None,
    status: object = None,
    needs_attention: object = None,
    words: object = None,
    limit: object = None,
) -> Query:
    """Check and normalise search arguments (``TypeError``/``ValueError`` naming the argument).

    >>> make_query(types="eob", words="Potassium, low").words
    ('LOW', 'POTASSIUM')
    """
    name_text = _text_arg(name, "name")
    if needs_attention is not None and not isinstance(needs_attention, bool):
        msg = "needs_attention: must be True, False or None"
        raise TypeError(msg)
    pid = _text_arg(patient_id, "patient_id")
    return Query(
        name=parse_name(name_text) if name_text is not None else None,
        patient_id=pid,
        birth_date=_day(birth_date, "birth_date"),
        service_from=_day(service_from, "service_from"),
        service_to=_day(service_to, "service_to"),
        received_from=_instant(received_from, "received_from"),
        received_to=_instant(received_to, "received_to"),
        types=_members(types, DocType, "types"),
        status=_members(status, ReviewStatus, "status"),
        needs_attention=needs_attention,
        words=_words_arg(words),
        limit=_limit(limit),
    )


_EVERYTHING = make_query()


# -- the store ----------------------------------------------------------------------------


class _Store:
    """Every entry of one line of versions, and the inverted indexes over them."""

    __slots__ = (
        "attention",
        "by_id",
        "clock",
        "dob",
        "docs",
        "families",
        "givens",
        "grams",
        "lock",
        "more_ids",
        "patient",
        "received",
        "received_days",
        "removed",
        "rkey",
        "service",
        "service_days",
        "sounds",
        "status",
        "types",
        "words",
    )

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.clock = 0
        self.docs: list[Document] = []
        self.removed: array[int] = array("q")
        self.rkey: array[float] = array("d")
        # Posting lists: a defaultdict makes a key's list on its first entry
        # (readers use .get(), which never makes one).
        # An id's first entry, and its later ones (re-added or replaced) if any.
        self.by_id: dict[str, int] = {}
        self.more_ids: dict[str, Postings] = {}
        # Keys that most often have one entry hold it as an int until a second comes.
        self.patient: dict[str, Few] = {}
        self.dob: dict[dt.date, Few] = {}
        self.types: defaultdict[str, Postings] = defaultdict(_new_postings)
        self.status: defaultdict[str, Postings] = defaultdict(_new_postings)
        self.attention: Postings = array("q")
        self.service: defaultdict[dt.date, Postings] = defaultdict(_new_postings)
        self.service_days: list[dt.date] = []
        self.received: defaultdict[dt.date, Postings] = defaultdict(_new_postings)
        self.received_days: list[dt.date] = []
        self.words: defaultdict[str, Postings] = defaultdict(_new_postings)
        # Names: each folded family name's entries, and each entry's folded given name.
        self.families: dict[str, Few] = {}
        self.givens: list[str] = []
        self.grams: dict[str, list[str]] = {}
        self.sounds: dict[str, list[str]] = {}

    def append(self, doc: Document) -> None:
        """Add ``doc`` as the next entry and post it to every index."""
        entry = len(self.docs)
        self.docs.append(doc)
        self.removed.append(_NEVER)
        received = doc.received_at
        self.rkey.append(received.timestamp())
        if self.by_id.setdefault(doc.id, entry) != entry:
            self.more_ids.setdefault(doc.id, array("q")).append(entry)
        if doc.patient_id is not None:
            _add_few(self.patient, doc.patient_id, entry)
        if doc.birth_date is not None:
            _add_few(self.dob, doc.birth_date, entry)
        # Enum members hash in Python code; their value text hashes in C.
        self.types[doc.doc_type._value_].append(entry)
        self.status[doc.review_status._value_].append(entry)
        if doc.needs_attention:
            self.attention.append(entry)
        served = doc.date_of_service
        if served is not None:
            if served not in self.service:
                insort(self.service_days, served)
            self.service[served].append(entry)
        day = received.date()
        if day not in self.received:
            insort(self.received_days, day)
        self.received[day].append(entry)
        # One posting per distinct word, in C loops: words() map to their lists
        # (the defaultdict makes the new ones), and each list gets the entry.
        _consume(map(array.append, map(self.words.__getitem__, document_words(doc)), repeat(entry)))
        given = doc.given
        self._post_name(
            fold_name(doc.family) if doc.family else "", fold_name(given) if given else "", entry
        )

    def _post_name(self, family: str, given: str, entry: int) -> None:
        self.givens.append(given)
        if not family:
            return
        if _add_few(self.families, family, entry):
            return
        for gram in trigrams(family):
            _post_family(self.grams, gram, family)
        code = soundex(family)
        if code:
            _post_family(self.sounds, code, family)


def _post_family(postings: dict[str, list[str]], key: str, family: str) -> None:
    found = postings.get(key)
    if found is None:
        postings[key] = [family]
    else:
        found.append(family)


def _problem(path: str, code: str, message: str) -> ValidationFailed:
    return ValidationFailed((Problem(path=path, code=code, message=message),))


def _unknown(_doc_id: str) -> UnknownCode:
    # Document ids are not patient-identifying, but the message does not need one.
    return UnknownCode(
        "document_id: no document with this id in the index", system="documents", code="id"
    )


def _check_document(value: object, field: str) -> Document:
    if not isinstance(value, Document):
        msg = f"{field}: must be a Document, not {type(value).__name__}"
        raise TypeError(msg)
    return value


def _check_id(value: object, field: str = "document_id") -> str:
    if not isinstance(value, str):
        msg = f"{field}: must be text (str), not {type(value).__name__}"
        raise TypeError(msg)
    return value


class DocumentIndex:
    """An immutable, searchable set of documents, each with a unique id.

    Every change (:meth:`add`, :meth:`remove`, :meth:`replace`, :meth:`refile`)
    returns a new index and leaves this one as it was; changing the newest
    index costs time in proportion to the document, not to the index (see
    the module :mod:`medoffice.indexing.documents` for the structure). Two
    indexes are equal when they hold the same documents.

    >>> import datetime as dt
    >>> from medoffice.indexing.documents import Document
    >>> at = dt.datetime(2024, 5, 1, 9, tzinfo=dt.UTC)
    >>> empty = DocumentIndex()
    >>> one = empty.add(Document(id="d1", received_at=at))
    >>> len(empty), len(one), "d1" in one
    (0, 1, True)
    """

    __slots__ = ("_clock", "_entries", "_size", "_store")

    def __init__(self) -> None:
        self._store = _Store()
        self._entries = 0
        self._clock = 0
        self._size = 0

    @classmethod
    def _view(cls, store: _Store, size: int) -> DocumentIndex:
        view = object.__new__(cls)
        view._store = store
        view._entries = len(store.docs)
        view._clock = store.clock
        view._size = size
        return view

    @classmethod
    def of(
        cls,
        docs: Iterable[Document],
        *,
        progress: Callable[[int, int], None] | None = None,
    ) -> DocumentIndex:
        """An index of ``docs``, built in one pass (faster than adding one by one).

        Args:
            docs: The documents; their ids must be unique.
            progress: Called as ``progress(done, total)`` every 10,000 documents
                and at the end.

        Raises:
            TypeError: An item is not a :class:`Document`.
            ValidationFailed: Some ids are not unique (one problem per repeat,
                code ``documents.duplicate_id``).

        >>> import datetime as dt
        >>> from medoffice.indexing.documents import Document
        >>> at = dt.datetime(2024, 5, 1, tzinfo=dt.UTC)
        >>> len(DocumentIndex.of([Document(id=f"d{i}", received_at=at) for i in range(3)]))
        3
        """
        given: object = docs
        if isinstance(given, (str, bytes)) or not isinstance(given, Iterable):
            msg = "docs: must be an iterable of Document"
            raise TypeError(msg)
        items: list[object] = list(given)
        seen: set[str] = set()
        problems = []
        checked: list[Document] = []
        for i, item in enumerate(items):
            doc = _check_document(item, f"docs[{i}]")
            checked.append(doc)
            if doc.id in seen:
                problems.append(
                    Problem(
                        path=f"docs[{i}].id",
                        code="documents.duplicate_id",
                        message="another document has the same id",
                    )
                )
            seen.add(doc.id)
        if problems:
            raise ValidationFailed(tuple(problems))
        store = _Store()
        total = len(items)
        append = store.append
        for i, doc in enumerate(checked, 1):
            append(doc)
            if progress is not None and i % _PROGRESS_EVERY == 0:
                progress(i, total)
        if progress is not None:
            progress(total, total)
        return cls._view(store, total)

    # -- reading ----------------------------------------------------------------------

    def _find(self, doc_id: str) -> int | None:
        store = self._store
        removed, clock, entries = store.removed, self._clock, self._entries
        more = store.more_ids.get(doc_id)
        if more:
            for entry in reversed(more):
                if entry < entries and removed[entry] > clock:
                    return entry
        first = store.by_id.get(doc_id)
        if first is not None and first < entries and removed[first] > clock:
            return first
        return None

    def _live(self) -> Iterator[int]:
        removed, clock = self._store.removed, self._clock
        return (e for e in range(self._entries) if removed[e] > clock)

    def __len__(self) -> int:
        return self._size

    def __contains__(self, doc_id: object) -> bool:
        return isinstance(doc_id, str) and self._find(doc_id) is not None

    def __iter__(self) -> Iterator[Document]:
        return iter(self.documents)

    def get(self, doc_id: str) -> Document | None:
        """The document with ``doc_id``, or ``None``.

        >>> import datetime as dt
        >>> from medoffice.indexing.documents import Document
        >>> index = DocumentIndex().add(
        ...     Document(id="d1", received_at=dt.datetime(2024, 5, 1, tzinfo=dt.UTC)))
        >>> index.get("d1").id, index.get("nope")
        ('d1', None)
        """
        entry = self._find(_check_id(doc_id))
        return None if entry is None else self._store.docs[entry]

    @property
    def documents(self) -> tuple[Document, ...]:
        """Every document, by id.

        >>> DocumentIndex().documents
        ()
        """
        docs = self._store.docs
        return tuple(sorted((docs[e] for e in self._live()), key=_doc_id))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DocumentIndex):
            return NotImplemented
        if self._size != other._size:
            return False
        docs = self._store.docs
        return {docs[e] for e in self._live()} == {other._store.docs[e] for e in other._live()}

    def __hash__(self) -> int:
        docs = self._store.docs
        return hash(frozenset(docs[e] for e in self._live()))

    def __repr__(self) -> str:
        return f"DocumentIndex(<{self._size} documents>)"

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled (and deep-copied) as its documents: the store holds a lock.
        return (_rebuild, (self.documents,))

    # -- changing -----------------------------------------------------------------------

    def _tip(self) -> bool:
        store = self._store
        return self._entries == len(store.docs) and self._clock == store.clock

    def _fork(self) -> DocumentIndex:
        """This index's live documents in a new store of their own."""
        docs = self._store.docs
        store = _Store()
        for entry in self._live():
            store.append(docs[entry])
        return self._view(store, self._size)

    def _writable(self) -> DocumentIndex | None:
        """``self`` if changes may append to its store now (lock held), else ``None``."""
        dead = self._entries - self._size
        if self._tip() and (dead <= _DEAD_SLACK or dead <= self._size):
            return self
        return None

    def add(self, doc: Document) -> DocumentIndex:
        """A new index with ``doc`` added.

        Raises:
            TypeError: ``doc`` is not a :class:`Document`.
            ValidationFailed: A document with the same id is in the index
                (code ``documents.duplicate_id``; use :meth:`replace`).

        >>> import datetime as dt
        >>> from medoffice.indexing.documents import Document
        >>> doc = Document(id="d1", received_at=dt.datetime(2024, 5, 1, tzinfo=dt.UTC))
        >>> DocumentIndex().add(doc).add(doc)
        Traceback (most recent call last):
        ...
        medoffice.exceptions.ValidationFailed: 1 error: id: a document with this id is already in the index; use replace() [documents.duplicate_id]
        """
        _check_document(doc, "doc")
        if self._find(doc.id) is not None:
            raise _problem(
                "id",
                "documents.duplicate_id",
                "a document with this id is already in the index; use replace()",
            )
        return self._apply(doc.id, None, doc, self._size + 1)

    def _apply(
        self, doc_id: str, remove: int | None, add: Document | None, size: int
    ) -> DocumentIndex:
        store = self._store
        with store.lock:
            if self._writable() is not None:
                store.clock += 1
                if remove is not None:
                    store.removed[remove] = store.clock
                if add is not None:
                    store.append(add)
                return self._view(store, size)
        fork = self._fork()  # a private store: it is its own tip
        return fork._apply(doc_id, fork._find(doc_id) if remove is not None else None, add, size)

    def remove(self, doc_id: str) -> DocumentIndex:
        """A new index without the document ``doc_id``.

        Raises:
            TypeError: ``doc_id`` is not text.
            UnknownCode: No document has that id (a ``LookupError``).

        >>> import datetime as dt
        >>> from medoffice.indexing.documents import Document
        >>> index = DocumentIndex().add(
        ...     Document(id="d1", received_at=dt.datetime(2024, 5, 1, tzinfo=dt.UTC)))
        >>> len(index.remove("d1")), len(index)
        (0, 1)
        """
        entry = self._find(_check_id(doc_id))
        if entry is None:
            raise _unknown(doc_id)
        return self._apply(doc_id, entry, None, self._size - 1)

    def replace(self, doc: Document) -> DocumentIndex:
        """A new index with ``doc`` in place of the document with the same id.

        Use it to record review, a corrected date or type, or the first filing
        of an unindexed document to a chart. Moving a filed document to
        another chart is :meth:`refile`'s job, because it must be audited.

        Raises:
            TypeError: ``doc`` is not a :class:`Document`.
            UnknownCode: No document has its id (a ``LookupError``).
            ValidationFailed: ``doc`` moves a filed document to another chart
                (code ``documents.patient_change``), or its review status
                backwards or past a step of the workflow (code
                ``documents.status_change``; a signed document stays signed).

        >>> import datetime as dt
        >>> from medoffice.indexing.documents import Document
        >>> doc = Document(id="d1", received_at=dt.datetime(2024, 5, 1, tzinfo=dt.UTC))
        >>> index = DocumentIndex().add(doc).replace(doc.file_to("MRN-1"))
        >>> index.get("d1").review_status.value
        'indexed'
        """
        _check_document(doc, "doc")
        entry = self._find(doc.id)
        if entry is None:
            raise _unknown(doc.id)
        before = self._store.docs[entry]
        old = before.patient_id
        if old is not None and doc.patient_id != old:
            raise _problem(
                "patient_id",
                "documents.patient_change",
                "a filed document moves to another chart only through refile() (audited)",
            )
        status = before.review_status
        if doc.review_status is not status and doc.review_status not in status.next_allowed():
            raise _problem(
                "review_status",
                "documents.status_change",
                "the review status moves only along the workflow (ReviewStatus.next_allowed)",
            )
        return self._apply(doc.id, entry, doc, self._size)

    def refile(
        self, doc_id: str, patient_id: str, *, by: str, at: dt.datetime, reason: str = ""
    ) -> tuple[DocumentIndex, Refiling]:
        """Move a document to another chart, with its audit record.

        Misindexing is the document-level overlay, so a move is never silent:
        the :class:`Refiling` keeps the old and the new chart, who moved it and
        when. The moved document goes back to ``indexed`` (it is reviewed again
        in the right chart) and keeps everything else.

        Args:
            doc_id: The document to move.
            patient_id: The chart it belongs to.
            by: Who moves it (a user id).
            at: When (an aware datetime; nothing here reads a clock).
            reason: Why, for the audit trail.

        Raises:
            TypeError, ValueError: A bad argument (named in the message).
            UnknownCode: No document has that id (a ``LookupError``).
            ValidationFailed: The document is filed to that chart already
                (code ``documents.same_patient``).

        >>> import datetime as dt
        >>> from medoffice.indexing.documents import Document
        >>> at = dt.datetime(2024, 5, 1, tzinfo=dt.UTC)
        >>> index = DocumentIndex().add(Document(id="d1", patient_id="MRN-1",
        ...                                      review_status="signed", received_at=at))
        >>> moved, audit = index.refile("d1", "MRN-2", by="hr", at=at, reason="wrong chart")
        >>> moved.get("d1").patient_id, audit.old_patient_id, moved.get("d1").review_status.value
        ('MRN-2', 'MRN-1', 'indexed')
        """
        entry = self._find(_check_id(doc_id))
        if entry is None:
            raise _unknown(doc_id)
        old = self._store.docs[entry]
        record = Refiling(
            document_id=doc_id,
            old_patient_id=old.patient_id,
            new_patient_id=patient_id,
            by=by,
            at=at,
            reason=reason,
        )
        if old.patient_id == patient_id:
            raise _problem(
                "patient_id",
                "documents.same_patient",
                "the document is filed to this chart already",
            )
        moved = attrs.evolve(old, patient_id=patient_id, review_status=ReviewStatus.INDEXED)
        return self._apply(doc_id, entry, moved, self._size), record

    # -- searching ----------------------------------------------------------------------

    def search(  # one keyword per filter
        self,
        *,
        name: str | None = None,
        patient_id: str | None = None,
        birth_date: dt.date | str | None = None,
        service_from: dt.date | str | None = None,
        service_to: dt.date | str | None = None,
        received_from: dt.datetime | None = None,
        received_to: dt.datetime | None = None,
        types: DocType | str | Iterable[DocType | str] | None = None,
        status: ReviewStatus | str | Iterable[ReviewStatus | str] | None = None,
        needs_attention: bool | None = None,
        words: str | Iterable[str] | None = None,
        limit: int | None = 50,
    ) -> tuple[DocumentHit, ...]:
        """The documents that pass every filter given, best first.

        Args:
            name: The patient's name as written on the documents, tolerant of
                typos, nicknames and sound-alikes: ``"Given Family"`` or
                ``"Family, Given"`` (see :func:`parse_name`). Hits are scored
                0.0-1.0 and only those reaching 0.85 are kept; a document with
                the family and given names swapped scores 0.9 of its match.
            patient_id: The chart's record number, exactly.
            birth_date: The birth date on the document, exactly.
            service_from: The first day of service (inclusive).
            service_to: The last day of service (inclusive). Documents without a
                date of service never pass a service range.
            received_from: Received at or after this instant.
            received_to: Received before this instant.
            types: One type or several (any of them).
            status: One review status or several (any of them).
            needs_attention: ``True`` or ``False`` to select by the flag.
            words: Words that must all be in the text, the source or the author
                (folded: case, accents and punctuation do not count).
            limit: At most this many hits (``None`` for all).

        Returns:
            The hits, by score (1.0 without a name), then newest received first,
            then by document id.

        Raises:
            TypeError, ValueError: A bad argument, named in the message.

        >>> import datetime as dt
        >>> from medoffice.indexing.documents import Document
        >>> at = dt.datetime(2024, 5, 1, 9, tzinfo=dt.UTC)
        >>> index = DocumentIndex.of([
        ...     Document(id="d1", family="Smith", given="William", birth_date="1970-03-02",
        ...              received_at=at, doc_type="lab_result", text="Potassium 5.9 HIGH"),
        ...     Document(id="d2", family="Smyth", given="Bill", received_at=at,
        ...              doc_type="referral"),
        ... ])
        >>> [(h.document.id, round(h.score, 2)) for h in index.search(name="Bill Smith")]
        [('d1', 1.0), ('d2', 0.94)]
        >>> [h.document.id for h in index.search(types="lab_result", words="potassium")]
        ['d1']
        """
        query = make_query(**_arguments(locals()))
        docs = self._store.docs
        return tuple(
            DocumentHit(document=docs[entry], score=score) for entry, score in self._run(query)
        )

    def facets(  # one keyword per filter
        self,
        *,
        name: str | None = None,
        patient_id: str | None = None,
        birth_date: dt.date | str | None = None,
        service_from: dt.date | str | None = None,
        service_to: dt.date | str | None = None,
        received_from: dt.datetime | None = None,
        received_to: dt.datetime | None = None,
        types: DocType | str | Iterable[DocType | str] | None = None,
        status: ReviewStatus | str | Iterable[ReviewStatus | str] | None = None,
        needs_attention: bool | None = None,
        words: str | Iterable[str] | None = None,
    ) -> Facets:
        """Counts by type and by review status of every document :meth:`search` selects.

        The filters are :meth:`search`'s, without a limit.

        >>> import datetime as dt
        >>> from medoffice.indexing.documents import Document
        >>> at = dt.datetime(2024, 5, 1, tzinfo=dt.UTC)
        >>> index = DocumentIndex.of([Document(id=f"d{i}", received_at=at, doc_type=t)
        ...                           for i, t in enumerate(["eob", "eob", "fax_cover"])])
        >>> f = index.facets()
        >>> f.total, [(t.value, n) for t, n in f.by_type]
        (3, [('eob', 2), ('fax_cover', 1)])
        """
        query = make_query(**_arguments(locals()))
        return self._facets(query)

    def _facets(self, query: Query) -> Facets:
        store = self._store
        if query != _EVERYTHING:
            docs = store.docs
            return facets_of(docs[e] for e, _score in self._matches(query))
        # Every document: count the type and status posting lists.
        removed, clock = store.removed, self._clock

        def count(postings: Postings) -> int:
            postings = self._cut(postings)
            if self._size == self._entries:  # no dead entries in this view
                return len(postings)
            return sum(1 for e in postings if removed[e] > clock)

        by_type = [(t, count(store.types.get(t.value, _EMPTY))) for t in DocType]
        by_status = [(s, count(store.status.get(s.value, _EMPTY))) for s in ReviewStatus]
        return Facets(
            total=self._size,
            by_type=tuple((t, n) for t, n in by_type if n),
            by_status=tuple((s, n) for s, n in by_status if n),
            needs_attention=count(store.attention),
        )

    def unindexed(self, *, limit: int | None = None) -> tuple[Document, ...]:
        """The work queue of documents not yet filed to a chart, oldest received first.

        >>> import datetime as dt
        >>> from medoffice.indexing.documents import Document
        >>> at = dt.datetime(2024, 5, 1, tzinfo=dt.UTC)
        >>> index = DocumentIndex().add(Document(id="d1", received_at=at))
        >>> [d.id for d in index.unindexed()]
        ['d1']
        """
        return self._queue(self._store.status.get(ReviewStatus.UNINDEXED.value, _EMPTY), limit)

    def unreviewed(self, *, limit: int | None = None) -> tuple[Document, ...]:
        """The work queue of filed documents nobody has reviewed, oldest received first.

        >>> import datetime as dt
        >>> from medoffice.indexing.documents import Document
        >>> at = dt.datetime(2024, 5, 1, tzinfo=dt.UTC)
        >>> doc = Document(id="d1", received_at=at).file_to("MRN-1")
        >>> [d.id for d in DocumentIndex().add(doc).unreviewed()]
        ['d1']
        """
        return self._queue(self._store.status.get(ReviewStatus.INDEXED.value, _EMPTY), limit)

    def needing_attention(self, *, limit: int | None = None) -> tuple[Document, ...]:
        """The work queue of documents flagged ``needs_attention``, oldest received first.

        >>> import datetime as dt
        >>> from medoffice.indexing.documents import Document
        >>> at = dt.datetime(2024, 5, 1, tzinfo=dt.UTC)
        >>> index = DocumentIndex().add(Document(id="d1", received_at=at, needs_attention=True))
        >>> [d.id for d in index.needing_attention()]
        ['d1']
        """
        return self._queue(self._store.attention, limit)

    def _queue(self, postings: Postings, limit: object) -> tuple[Document, ...]:
        most = _limit(limit)
        store = self._store
        docs, rkey, removed, clock = store.docs, store.rkey, store.removed, self._clock

        def oldest(entry: int) -> tuple[float, str]:
            return (rkey[entry], docs[entry].id)

        postings = self._cut(postings)
        if most is None or len(postings) <= _BROAD:
            live = [e for e in postings if removed[e] > clock]
            ranked = (
                sorted(live, key=oldest) if most is None else heapq.nsmallest(most, live, oldest)
            )
            return tuple(docs[e] for e in ranked)
        # A long queue: walk the received days from the oldest until `most` are found.
        out: list[int] = []
        for day in store.received_days[:]:
            found = [
                e
                for e in self._cut(store.received[day])
                if removed[e] > clock and _has(postings, e)
            ]
            found.sort(key=oldest)
            out.extend(found)
            if len(out) >= most:
                break
        return tuple(docs[e] for e in out[:most])

    # -- the query engine ---------------------------------------------------------------

    def _cut(self, postings: Postings) -> Postings:
        """The part of an ascending posting list this view may see."""
        if postings and postings[-1] >= self._entries:
            return postings[: bisect_left(postings, self._entries)]
        return postings

    def _name_scores(self, family: str, given: str) -> dict[int, float]:
        """Each matching entry's name score, the names swapped included (at a discount)."""
        scores = self._scores_for(family, given)
        if len(given) > 1 and given != family:
            for entry, score in self._scores_for(given, family, SWAPPED_FLOOR).items():
                swapped = score * SWAPPED
                if swapped >= NAME_THRESHOLD and swapped > scores.get(entry, 0.0):
                    scores[entry] = swapped
        return scores

    def _scores_for(self, family: str, given: str, floor: float = FAMILY_FLOOR) -> dict[int, float]:
        store = self._store
        if not family:
            return {}
        # Count, at C speed, how many of the query's trigrams each family shares.
        grams = trigrams(family)
        need = shared_trigrams_needed(family)
        counts = Counter(chain.from_iterable(store.grams.get(gram, ()) for gram in grams))
        candidates = {fam for fam, count in counts.items() if count >= need}
        key = soundex(family)
        if key:
            candidates.update(store.sounds.get(key, ()))
        floor = floor if given else NAME_THRESHOLD
        removed, clock = store.removed, self._clock
        givens: dict[str, float] = {}
        scores: dict[int, float] = {}
        given_keys = store.givens
        for fam in candidates:
            similarity = jaro_winkler(family, fam)
            if similarity < floor:
                continue
            if not given:
                if similarity >= NAME_THRESHOLD:
                    for entry in self._cut(_few(store.families[fam])):
                        if removed[entry] > clock:
                            scores[entry] = similarity
                continue
            by_given: dict[str, float] = {}  # this family's score for each given name
            for entry in self._cut(_few(store.families[fam])):
                if removed[entry] <= clock:
                    continue
                other = given_keys[entry]
                score = by_given.get(other)
                if score is None:
                    part = givens.get(other)
                    if part is None:
                        part = givens[other] = given_similarity(given, other)
                    score = by_given[other] = combined(similarity, part)
                if score >= NAME_THRESHOLD:
                    scores[entry] = score
        return scores

    def _word_lists(self, wanted: tuple[str, ...]) -> list[Postings] | None:
        """The posting lists of the wanted words, or ``None`` if a word is in no document."""
        store = self._store
        lists = []
        for word in wanted:
            found = store.words.get(word)
            if found is None:
                return None
            lists.append(self._cut(found))
        return lists

    def _sources(self, query: Query) -> list[tuple[int, list[Postings]]]:
        """Posting lists that hold every match of one filter each, with their total length."""
        store = self._store
        sources: list[list[Postings]] = []
        if query.patient_id is not None:
            sources.append([_few(store.patient.get(query.patient_id))])
        if query.birth_date is not None:
            sources.append([_few(store.dob.get(query.birth_date))])
        if query.types is not None:
            sources.append([store.types.get(t.value, _EMPTY) for t in query.types])
        if query.status is not None:
            sources.append([store.status.get(s.value, _EMPTY) for s in query.status])
        if query.needs_attention:
            sources.append([store.attention])
        if query.service_from is not None or query.service_to is not None:
            days = _between(store.service_days[:], query.service_from, query.service_to)
            sources.append([store.service[d] for d in days])
        if query.received_from is not None or query.received_to is not None:
            days = _between(store.received_days[:], *_utc_days(query))
            sources.append([store.received[d] for d in days])
        return [(sum(map(len, lists)), lists) for lists in sources]

    def _checker(self, query: Query, word_lists: list[Postings]) -> Callable[[int], bool]:
        """Whether a visible entry passes every filter but the name."""
        docs, matches = self._store.docs, query.matches
        if not word_lists:
            return lambda entry: matches(docs[entry])
        return lambda entry: matches(docs[entry]) and all(_has(w, entry) for w in word_lists)

    def _matches(self, query: Query) -> list[tuple[int, float]]:
        """Every matching ``(entry, score)``, unordered."""
        store = self._store
        removed, clock = store.removed, self._clock
        word_lists: list[Postings] = []
        if query.words is not None:
            found = self._word_lists(query.words)
            if found is None:
                return []
            word_lists = sorted(found, key=len)
        if query.name is not None:
            check = self._checker(query, word_lists)
            return [(e, s) for e, s in self._name_scores(*query.name).items() if check(e)]
        sources = self._sources(query)
        sources.extend((len(w), [w]) for w in word_lists[:1])
        if not sources:
            check = self._checker(query, word_lists)
            return [(e, 1.0) for e in self._live() if check(e)]
        _size, lists = min(sources, key=lambda s: s[0])
        if word_lists and lists and lists[0] is word_lists[0]:
            word_lists = word_lists[1:]
        check = self._checker(query, word_lists)
        out: list[tuple[int, float]] = []
        for postings in lists:
            out.extend((e, 1.0) for e in self._cut(postings) if removed[e] > clock and check(e))
        return out

    def _run(self, query: Query) -> list[tuple[int, float]]:
        """The ranked ``(entry, score)`` pairs of a search."""
        store = self._store
        docs, rkey = store.docs, store.rkey
        if query.name is None and query.limit is not None:
            sizes = [size for size, _lists in self._sources(query)]
            word_lists: list[Postings] = []
            if query.words is not None:
                found = self._word_lists(query.words)
                if found is None:
                    return []
                word_lists = found
                sizes.extend(map(len, word_lists))
            if not sizes or min(sizes) > _BROAD:
                return self._walk(query, query.limit, word_lists)
        found_pairs = self._matches(query)

        def rank(item: tuple[int, float]) -> tuple[float, float, str]:
            entry, score = item
            return (-score, -rkey[entry], docs[entry].id)

        if query.limit is None or len(found_pairs) <= query.limit:
            return sorted(found_pairs, key=rank)
        return heapq.nsmallest(query.limit, found_pairs, key=rank)

    def _walk(
        self, query: Query, limit: int, word_lists: list[Postings]
    ) -> list[tuple[int, float]]:
        """Newest received first, day by day, until ``limit`` matches are found."""
        store = self._store
        docs, rkey, removed, clock = store.docs, store.rkey, store.removed, self._clock
        check = self._checker(query, word_lists)
        days = store.received_days[:]
        if query.received_from is not None or query.received_to is not None:
            days = _between(days, *_utc_days(query))

        def newest(entry: int) -> tuple[float, str]:
            return (-rkey[entry], docs[entry].id)

        out: list[tuple[int, float]] = []
        for day in reversed(days):
            hits = [e for e in self._cut(store.received[day]) if removed[e] > clock and check(e)]
            hits.sort(key=newest)
            out.extend((e, 1.0) for e in hits)
            if len(out) >= limit:
                break
        return out[:limit]


def _arguments(names: dict[str, Any]) -> dict[str, Any]:
    """A method's keyword arguments, from its ``locals()`` at the start."""
    return {k: v for k, v in names.items() if k != "self"}


def _rebuild(documents: tuple[Document, ...]) -> DocumentIndex:
    return DocumentIndex.of(documents)


def _has(postings: Postings, entry: int) -> bool:
    i = bisect_left(postings, entry)
    return i < len(postings) and postings[i] == entry


def _between(days: list[dt.date], first: dt.date | None, last: dt.date | None) -> list[dt.date]:
    lo = 0 if first is None else bisect_left(days, first)
    hi = len(days) if last is None else bisect_right(days, last)
    return days[lo:hi]


def _utc_days(query: Query) -> tuple[dt.date | None, dt.date | None]:
    """The UTC days that can hold a document received in the query's range."""
    first = last = None
    if query.received_from is not None:
        first = _utc_date(query.received_from)
    if query.received_to is not None:
        last = _utc_date(query.received_to)
    return first, last


def _utc_date(instant: dt.datetime) -> dt.date:
    try:
        return instant.astimezone(dt.UTC).date()
    except OverflowError:  # beyond year 1 or 9999 in UTC: the range is open there
        return dt.date.min if instant.year < 2 else dt.date.max


def _doc_id(doc: Document) -> str:
    return doc.id


def facets_of(docs: Iterable[Document]) -> Facets:
    """The :class:`Facets` of some documents.

    >>> facets_of([]).total
    0
    """
    by_type: dict[DocType, int] = {}
    by_status: dict[ReviewStatus, int] = {}
    total = attention = 0
    for doc in docs:
        total += 1
        by_type[doc.doc_type] = by_type.get(doc.doc_type, 0) + 1
        by_status[doc.review_status] = by_status.get(doc.review_status, 0) + 1
        attention += doc.needs_attention
    return Facets(
        total=total,
        by_type=tuple((t, by_type[t]) for t in DocType if t in by_type),
        by_status=tuple((s, by_status[s]) for s in ReviewStatus if s in by_status),
        needs_attention=attention,
    )
