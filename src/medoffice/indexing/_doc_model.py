"""The document index's values: documents, their types and review states, hits and records.

A :class:`Document` is one scanned, faxed or uploaded paper: who it is about
(the chart's record number, and the name and birth date written on it as the
second identifier), when the service was and when it arrived, what kind of
document it is, who sent and wrote it, how many pages it has, where it is in
review, and its text (from OCR or the sender). Its ``repr`` masks the patient's
name, birth date and the text; error messages name the field and the rule only.

>>> import datetime as dt
>>> doc = Document(id="fax-1", family="Smith", given="Jon", birth_date="1970-03-02",
...                received_at=dt.datetime(2024, 5, 1, 9, 30, tzinfo=dt.UTC),
...                doc_type="lab_result", text="Potassium 4.1")
>>> doc
Document(id='fax-1', patient_id=None, family='***', given='***', birth_date='***', date_of_service=None, received_at=datetime.datetime(2024, 5, 1, 9, 30, tzinfo=datetime.timezone.utc), doc_type=<DocType.LAB_RESULT: 'lab_result'>, source=None, author=None, pages=1, review_status=<ReviewStatus.UNINDEXED: 'unindexed'>, needs_attention=False, text='***')
>>> doc.file_to("MRN-1").review_status
<ReviewStatus.INDEXED: 'indexed'>
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from typing import Any

import attrs

from medoffice._values import require_aware
from medoffice.indexing._filing_common import mask

__all__ = [
    "DocType",
    "Document",
    "DocumentHit",
    "Facets",
    "Refiling",
    "ReviewStatus",
    "Routing",
    "RoutingReason",
]


class DocType(enum.Enum):
    """What a document is: the closed list of the reference, plus :attr:`OTHER`.

    >>> DocType("eob") is DocType.EOB, DocType.LAB_RESULT.label
    (True, 'lab result')
    """

    LAB_RESULT = "lab_result"
    IMAGING_REPORT = "imaging_report"
    REFERRAL = "referral"
    EOB = "eob"
    INSURANCE_CARD = "insurance_card"
    CONSENT = "consent"
    RELEASE_REQUEST = "release_request"
    PRESCRIPTION = "prescription"
    PRIOR_AUTHORIZATION = "prior_authorization"
    CORRESPONDENCE = "correspondence"
    HISTORY_AND_PHYSICAL = "history_and_physical"
    DISCHARGE_SUMMARY = "discharge_summary"
    FAX_COVER = "fax_cover"
    OTHER = "other"

    @property
    def label(self) -> str:
        """A short human label (``referral/consult letter``).

        >>> DocType.RELEASE_REQUEST.label
        'release-of-information request'
        """
        return _LABELS[self]


_LABELS: dict[DocType, str] = {
    DocType.LAB_RESULT: "lab result",
    DocType.IMAGING_REPORT: "imaging report",
    DocType.REFERRAL: "referral/consult letter",
    DocType.EOB: "EOB/remittance",
    DocType.INSURANCE_CARD: "insurance card",
    DocType.CONSENT: "consent/HIPAA acknowledgement",
    DocType.RELEASE_REQUEST: "release-of-information request",
    DocType.PRESCRIPTION: "prescription/refill request",
    DocType.PRIOR_AUTHORIZATION: "prior authorization",
    DocType.CORRESPONDENCE: "correspondence",
    DocType.HISTORY_AND_PHYSICAL: "history and physical (H&P)",
    DocType.DISCHARGE_SUMMARY: "discharge summary",
    DocType.FAX_COVER: "fax cover",
    DocType.OTHER: "other",
}


class ReviewStatus(enum.Enum):
    """Where a document is in its life: ``unindexed -> indexed -> reviewed -> signed``.

    A document is *indexed* once it is filed to a patient's chart; a clinician
    then *reviews* it and may *sign* it (signing may skip the review step).
    :attr:`Document.needs_attention` is a separate flag.

    >>> ReviewStatus.INDEXED.next_allowed()
    (<ReviewStatus.REVIEWED: 'reviewed'>, <ReviewStatus.SIGNED: 'signed'>)
    """

    UNINDEXED = "unindexed"
    INDEXED = "indexed"
    REVIEWED = "reviewed"
    SIGNED = "signed"

    def next_allowed(self) -> tuple[ReviewStatus, ...]:
        """The states a document in this state may move to.

        >>> ReviewStatus.SIGNED.next_allowed()
        ()
        """
        return _TRANSITIONS[self]


#: The review workflow as a literal transition table.
_TRANSITIONS: dict[ReviewStatus, tuple[ReviewStatus, ...]] = {
    ReviewStatus.UNINDEXED: (ReviewStatus.INDEXED,),
    ReviewStatus.INDEXED: (ReviewStatus.REVIEWED, ReviewStatus.SIGNED),
    ReviewStatus.REVIEWED: (ReviewStatus.SIGNED,),
    ReviewStatus.SIGNED: (),
}


# -- validators and converters (messages name the field, never the value) ---------------


def _enum(cls: type[enum.Enum], field: str) -> Any:
    def convert(value: object) -> object:
        if isinstance(value, cls):
            return value
        try:
            return cls(value)
        except (ValueError, TypeError):
            allowed = ", ".join(str(m.value) for m in cls)
            msg = f"{field}: must be one of {allowed}"
            raise ValueError(msg) from None

    return convert


def _doc_type(value: object) -> DocType:
    result: DocType = _enum(DocType, "doc_type")(value)
    return result


def _review_status(value: object) -> ReviewStatus:
    result: ReviewStatus = _enum(ReviewStatus, "review_status")(value)
    return result


def _optional_name(value: object) -> object:
    """Names and free text: surrounding spaces dropped, an empty value is ``None``."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _id(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        msg = f"{attribute.name}: must be text (str), not {type(value).__name__}"
        raise TypeError(msg)
    if not value or value != value.strip() or any(c in value for c in "\r\n\t"):
        msg = f"{attribute.name}: must be a non-empty identifier without surrounding spaces"
        raise ValueError(msg)


def _optional_id(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _id(inst, attribute, value)


def _optional_text(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, str):
        msg = f"{attribute.name}: must be text (str) or None, not {type(value).__name__}"
        raise TypeError(msg)


def _text(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        msg = f"{attribute.name}: must be text (str), not {type(value).__name__}"
        raise TypeError(msg)


def _to_date(value: object) -> object:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            msg = "must be an ISO 8601 date (YYYY-MM-DD)"
            raise ValueError(msg) from None
    return value


def _birth_date(value: object) -> object:
    try:
        return _to_date(value)
    except ValueError as exc:
        raise ValueError(f"birth_date: {exc}") from None


def _service_date(value: object) -> object:
    try:
        return _to_date(value)
    except ValueError as exc:
        raise ValueError(f"date_of_service: {exc}") from None


def _optional_date(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        msg = f"{attribute.name}: must be a calendar date (datetime.date, not a datetime) or None"
        raise TypeError(msg)


def _received(value: object) -> dt.datetime:
    # Instants are kept in UTC: an aware datetime in a fold compares unequal to
    # every datetime in another zone (PEP 495), so local times would not round-trip.
    try:
        return require_aware(value, "received_at").astimezone(dt.UTC)
    except OverflowError:
        msg = "received_at: must be within the years 1-9999 in UTC"
        raise ValueError(msg) from None


def _at(value: object) -> dt.datetime:
    try:
        return require_aware(value, "at").astimezone(dt.UTC)
    except OverflowError:
        msg = "at: must be within the years 1-9999 in UTC"
        raise ValueError(msg) from None


def _pages(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        msg = f"{attribute.name}: must be a whole number (int), not {type(value).__name__}"
        raise TypeError(msg)
    if value < 1:
        msg = f"{attribute.name}: must be at least 1"
        raise ValueError(msg)


def _bool(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, bool):
        msg = f"{attribute.name}: must be True or False"
        raise TypeError(msg)


def _score(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, float):
        msg = f"{attribute.name}: must be a float, not {type(value).__name__}"
        raise TypeError(msg)
    if not math.isfinite(value):
        msg = f"{attribute.name}: must be a finite number"
        raise ValueError(msg)


def _to_float(value: object) -> object:
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


# -- the document ---------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Document:
    """One document in the index, with its metadata and text.

    Attributes:
        id: The document's own identifier (unique in an index).
        patient_id: The chart's record number (MRN) it is filed under; ``None``
            until it is indexed.
        family: The patient's family name as written on the document.
        given: The patient's given name as written on the document.
        birth_date: The patient's birth date on the document, the second identifier
            (a ``date`` or ISO text).
        date_of_service: The day of the service the document is about, if any.
        received_at: When the office received it (an aware datetime, kept in UTC).
        doc_type: What it is (:class:`DocType` or its value text).
        source: Who sent it (a lab, a hospital, a payer, a fax number's owner).
        author: Who wrote or signed it (a provider).
        pages: How many pages (at least 1).
        review_status: Where it is in review (:class:`ReviewStatus` or its value);
            every state but ``unindexed`` needs a ``patient_id``.
        needs_attention: Flagged for someone to look at (an abnormal result, an
            illegible page), whatever its status.
        text: Its text (OCR or electronic), searched word by word.

    Raises:
        TypeError: A field has the wrong type.
        ValueError: A field breaks its rule (an empty id, a naive ``received_at``,
            ``pages`` below 1, an unknown type or status, an indexed document
            without a ``patient_id``).

    >>> import datetime as dt
    >>> Document(id="d1", received_at=dt.datetime(2024, 5, 1, tzinfo=dt.UTC), pages=0)
    Traceback (most recent call last):
    ...
    ValueError: pages: must be at least 1
    """

    id: str = attrs.field(validator=_id)
    patient_id: str | None = attrs.field(default=None, validator=_optional_id)
    family: str | None = attrs.field(
        default=None, converter=_optional_name, validator=_optional_text, repr=mask
    )
    given: str | None = attrs.field(
        default=None, converter=_optional_name, validator=_optional_text, repr=mask
    )
    birth_date: dt.date | None = attrs.field(
        default=None, converter=_birth_date, validator=_optional_date, repr=mask
    )
    date_of_service: dt.date | None = attrs.field(
        default=None, converter=_service_date, validator=_optional_date
    )
    received_at: dt.datetime = attrs.field(converter=_received)
    doc_type: DocType = attrs.field(default=DocType.OTHER, converter=_doc_type)
    source: str | None = attrs.field(
        default=None, converter=_optional_name, validator=_optional_text
    )
    author: str | None = attrs.field(
        default=None, converter=_optional_name, validator=_optional_text
    )
    pages: int = attrs.field(default=1, validator=_pages)
    review_status: ReviewStatus = attrs.field(
        default=ReviewStatus.UNINDEXED, converter=_review_status
    )
    needs_attention: bool = attrs.field(default=False, validator=_bool)
    text: str = attrs.field(default="", validator=_text, repr=mask)

    def __attrs_post_init__(self) -> None:
        if self.review_status is not ReviewStatus.UNINDEXED and self.patient_id is None:
            msg = "review_status: an indexed, reviewed or signed document needs a patient_id"
            raise ValueError(msg)

    def file_to(self, patient_id: str) -> Document:
        """This document filed to the chart ``patient_id``: indexed.

        A document that is already filed keeps its status; moving it to another
        chart is :meth:`DocumentIndex.refile`'s audited job, not this method's.

        Raises:
            ValueError: ``patient_id`` is empty, or the document is filed to
                another chart already.

        >>> import datetime as dt
        >>> doc = Document(id="d1", received_at=dt.datetime(2024, 5, 1, tzinfo=dt.UTC))
        >>> doc.file_to("MRN-7").patient_id
        'MRN-7'
        """
        if self.patient_id is not None and self.patient_id != patient_id:
            msg = "patient_id: the document is filed to another chart; re-file it with refile()"
            raise ValueError(msg)
        status = self.review_status
        if status is ReviewStatus.UNINDEXED:
            status = ReviewStatus.INDEXED
        return attrs.evolve(self, patient_id=patient_id, review_status=status)

    def advance(self, status: ReviewStatus | str) -> Document:
        """This document moved to the review ``status``, along the workflow.

        Raises:
            ValueError: The workflow does not allow the move (see
                :meth:`ReviewStatus.next_allowed`), or the status is unknown.

        >>> import datetime as dt
        >>> doc = Document(id="d1", patient_id="MRN-7", review_status="indexed",
        ...                received_at=dt.datetime(2024, 5, 1, tzinfo=dt.UTC))
        >>> doc.advance("reviewed").advance("signed").review_status
        <ReviewStatus.SIGNED: 'signed'>
        >>> doc.advance("unindexed")
        Traceback (most recent call last):
        ...
        ValueError: review_status: indexed may move to reviewed, signed only
        """
        target = _review_status(status)
        allowed = self.review_status.next_allowed()
        if target not in allowed:
            names = ", ".join(s.value for s in allowed) or "nothing"
            msg = f"review_status: {self.review_status.value} may move to {names} only"
            raise ValueError(msg)
        return attrs.evolve(self, review_status=target)


# -- results and records ------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class DocumentHit:
    """One search result: the document and how well it matched (1.0 without a name).

    >>> import datetime as dt
    >>> doc = Document(id="d1", received_at=dt.datetime(2024, 5, 1, tzinfo=dt.UTC))
    >>> DocumentHit(document=doc, score=1.0).score
    1.0
    """

    document: Document = attrs.field(validator=attrs.validators.instance_of(Document))
    score: float = attrs.field(converter=_to_float, validator=_score)


def _counts(cls: type[enum.Enum], field: str) -> Any:
    convert = _enum(cls, field)

    def counts(value: object) -> tuple[tuple[Any, int], ...]:
        if isinstance(value, dict):
            value = tuple(value.items())
        if isinstance(value, str) or not isinstance(value, (tuple, list)):
            msg = f"{field}: must be pairs of (value, count)"
            raise TypeError(msg)
        out = []
        for item in value:
            if not isinstance(item, (tuple, list)) or len(item) != 2:
                msg = f"{field}: must be pairs of (value, count)"
                raise TypeError(msg)
            count = item[1]
            if not isinstance(count, int) or isinstance(count, bool) or count < 0:
                msg = f"{field}: every count must be a whole number >= 0"
                raise ValueError(msg)
            out.append((convert(item[0]), count))
        return tuple(out)

    return counts


def _by_type(value: object) -> tuple[tuple[DocType, int], ...]:
    result: tuple[tuple[DocType, int], ...] = _counts(DocType, "by_type")(value)
    return result


def _by_status(value: object) -> tuple[tuple[ReviewStatus, int], ...]:
    result: tuple[tuple[ReviewStatus, int], ...] = _counts(ReviewStatus, "by_status")(value)
    return result


def _count(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        msg = f"{attribute.name}: must be a whole number (int), not {type(value).__name__}"
        raise TypeError(msg)
    if value < 0:
        msg = f"{attribute.name}: must be at least 0"
        raise ValueError(msg)


@attrs.frozen(kw_only=True)
class Facets:
    """Counts of the documents a search selects, by type and by review status.

    Types and states without a document are left out; both are in the enums' order.

    >>> Facets(total=3, by_type={"eob": 1, "lab_result": 2}, by_status={"indexed": 3},
    ...        needs_attention=1).by_type
    ((<DocType.EOB: 'eob'>, 1), (<DocType.LAB_RESULT: 'lab_result'>, 2))
    """

    total: int = attrs.field(validator=_count)
    by_type: tuple[tuple[DocType, int], ...] = attrs.field(default=(), converter=_by_type)
    by_status: tuple[tuple[ReviewStatus, int], ...] = attrs.field(default=(), converter=_by_status)
    needs_attention: int = attrs.field(default=0, validator=_count)


@attrs.frozen(kw_only=True)
class Refiling:
    """The audit record of a document moved from one chart to another.

    Misindexing is the document-level overlay: a move is never silent. The
    record keeps the old and new chart, who moved it and when (both given by the
    caller: nothing here reads a clock), and why.

    >>> import datetime as dt
    >>> Refiling(document_id="d1", old_patient_id="MRN-1", new_patient_id="MRN-2",
    ...          by="hrodriguez", at=dt.datetime(2024, 5, 2, 8, tzinfo=dt.UTC),
    ...          reason="wrong chart").new_patient_id
    'MRN-2'
    """

    document_id: str = attrs.field(validator=_id)
    old_patient_id: str | None = attrs.field(validator=_optional_id)
    new_patient_id: str = attrs.field(validator=_id)
    by: str = attrs.field(validator=_id)
    at: dt.datetime = attrs.field(converter=_at)
    reason: str = attrs.field(default="", validator=_text)


class RoutingReason(enum.Enum):
    """Why a new document went where it went.

    Only :attr:`UNIQUE_MATCH` files the document to a chart; every other reason
    sends it to the review queue.

    >>> RoutingReason.UNIQUE_MATCH.files, RoutingReason.SEVERAL_CANDIDATES.files
    (True, False)
    """

    UNIQUE_MATCH = "unique_match"
    MISSING_IDENTIFIERS = "missing_identifiers"
    NO_CANDIDATE = "no_candidate"
    SEVERAL_CANDIDATES = "several_candidates"
    LOW_CONFIDENCE = "low_confidence"
    DISAGREEMENT = "disagreement"

    @property
    def files(self) -> bool:
        """Whether this reason files the document to a chart.

        >>> RoutingReason.NO_CANDIDATE.files
        False
        """
        return self is RoutingReason.UNIQUE_MATCH


def _reason(value: object) -> RoutingReason:
    result: RoutingReason = _enum(RoutingReason, "reason")(value)
    return result


def _candidates(value: object) -> tuple[tuple[str, float], ...]:
    if isinstance(value, str) or not isinstance(value, (tuple, list)):
        msg = "candidates: must be pairs of (record id, score)"
        raise TypeError(msg)
    out = []
    for item in value:
        if (
            not isinstance(item, (tuple, list))
            or len(item) != 2
            or not isinstance(item[0], str)
            or not isinstance(item[1], (int, float))
            or isinstance(item[1], bool)
        ):
            msg = "candidates: must be pairs of (record id, score)"
            raise TypeError(msg)
        score = float(item[1])
        if not math.isfinite(score):
            msg = "candidates: every score must be a finite number"
            raise ValueError(msg)
        out.append((item[0], score))
    return tuple(out)


@attrs.frozen(kw_only=True)
class Routing:
    """Where a new document goes: a chart, or the review queue, and why.

    Attributes:
        document: The document as it should enter the index: filed and indexed
            when :attr:`filed`, otherwise unchanged (unindexed: the review queue).
        reason: Why (:class:`RoutingReason`).
        patient_id: The chart it is filed to, or ``None``.
        candidates: The patient index's candidates that were considered, as
            ``(record id, score)`` best first, for the reviewer.

    >>> import datetime as dt
    >>> doc = Document(id="d1", received_at=dt.datetime(2024, 5, 1, tzinfo=dt.UTC))
    >>> r = Routing(document=doc, reason="no_candidate")
    >>> r.filed, r.reason.value
    (False, 'no_candidate')
    """

    document: Document = attrs.field(validator=attrs.validators.instance_of(Document))
    reason: RoutingReason = attrs.field(converter=_reason)
    patient_id: str | None = attrs.field(default=None, validator=_optional_id)
    candidates: tuple[tuple[str, float], ...] = attrs.field(default=(), converter=_candidates)

    def __attrs_post_init__(self) -> None:
        if self.reason.files != (self.patient_id is not None):
            msg = "patient_id: set exactly when the reason files the document (unique_match)"
            raise ValueError(msg)
        if self.patient_id is not None and self.document.patient_id != self.patient_id:
            msg = "document: a filed document carries the routing's patient_id"
            raise ValueError(msg)

    @property
    def filed(self) -> bool:
        """Whether the document was filed to a chart (else it waits for review).

        >>> import datetime as dt
        >>> doc = Document(id="d1", patient_id="MRN-1", review_status="indexed",
        ...                received_at=dt.datetime(2024, 5, 1, tzinfo=dt.UTC))
        >>> Routing(document=doc, reason="unique_match", patient_id="MRN-1").filed
        True
        """
        return self.reason.files
