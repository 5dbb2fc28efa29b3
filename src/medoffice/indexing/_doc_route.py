"""Routing a new document: to a chart only on a unique, confident patient match.

A document goes to a chart when the patient index finds exactly one candidate
in its auto-link band, no other candidate comes close, and the document's own
identifiers agree with that chart (birth date, family name, and the chart number
if the document already carries one). Anything else goes to the review queue,
with the reason. Filing to the wrong chart is the document-level overlay, so
every doubt is a human's to resolve.

>>> import datetime as dt
>>> from medoffice.indexing._doc_model import Document
>>> doc = Document(id="fax-1", received_at=dt.datetime(2024, 5, 1, tzinfo=dt.UTC))
>>> route(doc, _NoPatients()).reason.value
'missing_identifiers'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from medoffice.indexing._doc_keys import NAME_THRESHOLD
from medoffice.indexing._doc_model import Document, Routing, RoutingReason
from medoffice.indexing._text import fold, jaro_winkler

__all__ = ["CandidateLike", "PatientLike", "PatientSearch", "route"]

#: The default score gap: another candidate within this much of the best is "close".
DEFAULT_MARGIN = 4.0
_LINK = "link"


class PatientLike(Protocol):
    """What routing reads of a patient record (a :class:`~medoffice.indexing.patients.PatientRecord`)."""

    @property
    def id(self) -> str: ...
    @property
    def family(self) -> str | None: ...
    @property
    def birth_date(self) -> dt.date | None: ...


class CandidateLike(Protocol):
    """What routing reads of a patient search's candidate: the record, a score and a band."""

    @property
    def record(self) -> PatientLike: ...
    @property
    def score(self) -> float: ...
    @property
    def band(self) -> object: ...


class PatientSearch(Protocol):
    """A patient index that searches by name and birth date, best candidate first.

    :class:`~medoffice.indexing.patients.PatientIndex` is one; :func:`route`
    asks it with ``name="Family, Given"`` and the birth date.

    >>> from medoffice.indexing.patients import PatientIndex
    >>> index: PatientSearch = PatientIndex.of([])
    >>> index.search(name="Smith, Jon")
    ()
    """

    def search(
        self, *, name: str | None = None, birth_date: dt.date | None = None
    ) -> Sequence[CandidateLike]:
        """The candidates for a patient of this name and birth date, best first.

        >>> _NoPatients().search(name="Smith, Jon")
        ()
        """
        ...


class _NoPatients:
    def search(
        self, *, name: str | None = None, birth_date: dt.date | None = None
    ) -> Sequence[CandidateLike]:
        del name, birth_date
        return ()


def _is_link(band: object) -> bool:
    return getattr(band, "value", band) == _LINK


def _agrees(doc: Document, record: PatientLike) -> bool:
    """Whether the document's own identifiers agree with the chart's."""
    if doc.patient_id is not None and doc.patient_id != record.id:
        return False
    if record.birth_date is not None and record.birth_date != doc.birth_date:
        return False
    family = fold(record.family) if record.family else ""
    return bool(family) and jaro_winkler(fold(doc.family or ""), family) >= NAME_THRESHOLD


def route(
    document: Document, patients: PatientSearch, *, margin: float = DEFAULT_MARGIN
) -> Routing:
    """Decide where a new document goes: a chart, or the review queue.

    The patient index is searched with the name and birth date written on the
    document (both are needed: two identifiers). The document is filed only when

    - exactly one candidate is in the auto-link band,
    - no other candidate scores within ``margin`` of it, and
    - the chart agrees with the document: the same birth date, a family name
      that matches (Jaro-Winkler at least 0.85, folded), and the same chart
      number if the document carries one already.

    Otherwise it stays unindexed for review, and the reason says why:
    ``missing_identifiers`` (no family name or birth date), ``no_candidate``,
    ``several_candidates`` (more than one link, or a close second),
    ``low_confidence`` (the best candidate is not in the link band) or
    ``disagreement`` (the chart's identifiers differ from the document's).

    Args:
        document: The new document.
        patients: The patient index (anything with ``search(*, name=...,
            birth_date=...)`` returning candidates with ``record``, ``score``
            and ``band``, such as :class:`~medoffice.indexing.patients.PatientIndex`).
        margin: How close (in the patient index's score units) another
            candidate may come to the best before the match is not unique.

    Returns:
        The :class:`Routing`, whose ``document`` is ready for :meth:`DocumentIndex.add`.

    Raises:
        TypeError: ``document`` is not a :class:`Document` or ``margin`` not a number.
        ValueError: ``margin`` is negative or not finite.

    >>> import datetime as dt
    >>> from medoffice.indexing._doc_model import Document
    >>> doc = Document(id="fax-1", family="Smith", birth_date="1970-03-02",
    ...                received_at=dt.datetime(2024, 5, 1, tzinfo=dt.UTC))
    >>> route(doc, _NoPatients()).reason.value
    'no_candidate'
    """
    given_doc: object = document
    if not isinstance(given_doc, Document):
        msg = f"document: must be a Document, not {type(given_doc).__name__}"
        raise TypeError(msg)
    given_margin: object = margin
    if not isinstance(given_margin, (int, float)) or isinstance(given_margin, bool):
        msg = f"margin: must be a number, not {type(given_margin).__name__}"
        raise TypeError(msg)
    if not 0 <= margin < float("inf"):
        msg = "margin: must be a finite number >= 0"
        raise ValueError(msg)
    if document.family is None or document.birth_date is None:
        return Routing(document=document, reason=RoutingReason.MISSING_IDENTIFIERS)
    name = f"{document.family}, {document.given or ''}"
    found = tuple(patients.search(name=name, birth_date=document.birth_date))
    ranked = sorted(found, key=lambda c: (-float(c.score), c.record.id))
    seen = tuple((c.record.id, float(c.score)) for c in ranked)
    if not ranked:
        return Routing(document=document, reason=RoutingReason.NO_CANDIDATE)
    best = ranked[0]
    links = [c for c in ranked if _is_link(c.band)]
    if not _is_link(best.band):
        return Routing(document=document, reason=RoutingReason.LOW_CONFIDENCE, candidates=seen)
    close = [c for c in ranked[1:] if float(c.score) >= float(best.score) - margin]
    if len(links) > 1 or close:
        return Routing(document=document, reason=RoutingReason.SEVERAL_CANDIDATES, candidates=seen)
    if not _agrees(document, best.record):
        return Routing(document=document, reason=RoutingReason.DISAGREEMENT, candidates=seen)
    patient_id = best.record.id
    return Routing(
        document=document.file_to(patient_id),
        reason=RoutingReason.UNIQUE_MATCH,
        patient_id=patient_id,
        candidates=seen,
    )
