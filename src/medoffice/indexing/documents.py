"""The document index: every scanned, faxed or uploaded document, filed under its patient.

- :class:`Document` is one document: the chart number (MRN) it is filed under,
  the name and birth date written on it (the second identifier), the dates of
  service and receipt, its :class:`DocType`, source, author, pages, its
  :class:`ReviewStatus` (``unindexed -> indexed -> reviewed/signed``, plus the
  ``needs_attention`` flag) and its text.
- :class:`DocumentIndex` is an immutable index of documents: :meth:`~DocumentIndex.add`,
  :meth:`~DocumentIndex.remove`, :meth:`~DocumentIndex.replace`, the audited
  :meth:`~DocumentIndex.refile` to another chart, :meth:`~DocumentIndex.search`
  by name (typo, nickname and sound-alike tolerant), chart number, birth date,
  dates, types, status and words, :meth:`~DocumentIndex.facets`, and the work
  queues :meth:`~DocumentIndex.unindexed`, :meth:`~DocumentIndex.unreviewed`
  and :meth:`~DocumentIndex.needing_attention`.
- :func:`route` files a new document to a chart only on a unique, confident
  patient match, and otherwise sends it to review with the reason.

Changing the newest index appends to a store that the versions share, so it
costs time in proportion to the document, not the index; every version still
sees exactly what it held (see the structure in ``_doc_index``). Building
100,000 documents takes seconds, and a search a few milliseconds.

>>> import datetime as dt
>>> at = dt.datetime(2024, 5, 1, 9, 30, tzinfo=dt.UTC)
>>> fax = Document(id="fax-1", family="Smith", given="Peggy", birth_date="1970-03-02",
...                received_at=at, doc_type="lab_result", source="Quest",
...                text="Potassium 5.9 H")
>>> index = DocumentIndex().add(fax.file_to("MRN-7"))
>>> [h.document.id for h in index.search(name="Margaret Smyth", words="potassium")]
['fax-1']
>>> fax
Document(id='fax-1', patient_id=None, family='***', given='***', birth_date='***', date_of_service=None, received_at=datetime.datetime(2024, 5, 1, 9, 30, tzinfo=datetime.timezone.utc), doc_type=<DocType.LAB_RESULT: 'lab_result'>, source='Quest', author=None, pages=1, review_status=<ReviewStatus.UNINDEXED: 'unindexed'>, needs_attention=False, text='***')
"""

from __future__ import annotations

from medoffice.indexing._doc_index import DocumentIndex
from medoffice.indexing._doc_keys import parse_name
from medoffice.indexing._doc_model import (
    DocType,
    Document,
    DocumentHit,
    Facets,
    Refiling,
    ReviewStatus,
    Routing,
    RoutingReason,
)
from medoffice.indexing._doc_route import PatientSearch, route

__all__ = [
    "DocType",
    "Document",
    "DocumentHit",
    "DocumentIndex",
    "Facets",
    "PatientSearch",
    "Refiling",
    "ReviewStatus",
    "Routing",
    "RoutingReason",
    "parse_name",
    "route",
]
