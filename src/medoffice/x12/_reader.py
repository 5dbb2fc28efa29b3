"""Reading X12: the tokenizer and the envelope reader.

The delimiters come from the ISA segment, which is fixed width: the element
separator is its 4th character, the component separator is ISA16 and the
segment terminator is the character right after ISA16. Line breaks after
segment terminators are ignored. Every error is a
:class:`~medoffice.exceptions.ParseError` with the 1-based number of the
segment in the text and, where it applies, the element position.

>>> text = ("ISA*00*          *00*          *ZZ*SENDERID       *ZZ*RECEIVERID     "
...         "*240115*1200*^*00501*000000001*0*T*:~IEA*0*000000001~")
>>> delimiters, segments = tokenize(text)
>>> delimiters.all, [s.id for s in segments]
('*:^~', ['ISA', 'IEA'])
>>> parse(text).sender_id
'SENDERID'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar, cast

from medoffice._values import draft as _draft
from medoffice.exceptions import ParseError
from medoffice.x12._model import (
    Delimiters,
    FunctionalGroup,
    Interchange,
    Segment,
    Transaction,
    Usage,
    require,
    usable_delimiter,
    valid_segment_id,
)

__all__ = ["parse", "parse_all", "tokenize"]

_T = TypeVar("_T")

#: ISA01..ISA16 widths; the ISA is 106 characters with its terminator.
ISA_WIDTHS = (2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1)
ISA_LENGTH = 106
_BREAKS = "\r\n"


# -- tokenizer -----------------------------------------------------------------------


def _read_isa(text: str, pos: int, number: int) -> tuple[Delimiters, Segment]:
    head = text[pos : pos + ISA_LENGTH]
    if len(head) < ISA_LENGTH:
        msg = f"the ISA segment is {ISA_LENGTH} characters long; the text ends after {len(head)}"
        raise ParseError(msg, code="x12.isa.short", segment=number, segment_id="ISA")
    es = head[3]
    if not usable_delimiter(es):
        msg = "the character after ISA is not a usable element separator"
        raise ParseError(msg, code="x12.delimiters", segment=number, segment_id="ISA")
    fields = []
    offset = 4
    for k, width in enumerate(ISA_WIDTHS, 1):
        field = head[offset : offset + width]
        if es in field or (k < len(ISA_WIDTHS) and head[offset + width] != es):
            msg = f"ISA{k:02d} must be exactly {width} characters (the ISA is fixed width)"
            raise ParseError(msg, code="x12.isa.width", segment=number, element=k, segment_id="ISA")
        fields.append(field)
        offset += width + 1
    try:
        delimiters = Delimiters(
            element=es, component=head[104], repetition=head[82], segment=head[105]
        )
    except ValueError as exc:
        msg = (
            "the ISA's delimiters (element separator, ISA11 repetition separator, ISA16 "
            f"component separator, then the segment terminator) are not usable: {exc}"
        )
        raise ParseError(msg, code="x12.delimiters", segment=number, segment_id="ISA") from None
    return delimiters, Segment("ISA", tuple(fields))


def _scan(text: str) -> tuple[list[Segment], dict[int, Delimiters]]:
    """Every segment, and the delimiters each ISA (by index) declares.

    After each ISA the rest of the text is split on its segment terminator at
    once (then on its element separator, segment by segment); a later ISA
    with another terminator splits what follows it again.
    """
    require(text, str, "text")
    segments: list[Segment] = []
    declared: dict[int, Delimiters] = {}
    size = len(text)
    pos = 0
    while pos < size and text[pos] in _BREAKS:
        pos += 1
    if not text.startswith("ISA", pos):
        msg = "X12 text starts with an ISA segment"
        raise ParseError(msg, code="x12.isa.missing", segment=1)
    while pos < size:
        d, isa = _read_isa(text, pos, len(segments) + 1)
        declared[len(segments)] = d
        segments.append(isa)
        pos = _split(text, pos + ISA_LENGTH, d, segments, declared)
    return segments, declared


def _split(
    text: str,
    pos: int,
    d: Delimiters,
    segments: list[Segment],
    declared: dict[int, Delimiters],
) -> int:
    """Append the segments from ``pos`` on; where an ISA with another terminator starts, or the end."""
    es, cs, term = d.element, d.component, d.segment
    breaks = "\n" in text or "\r" in text
    append = segments.append
    new = _new
    draft = _SEGMENT_DRAFT
    chunks = text[pos:].split(term)
    last = len(chunks) - 1
    for k, chunk in enumerate(chunks):
        raw = chunk.lstrip(_BREAKS) if breaks else chunk
        if raw.startswith("ISA"):
            at = pos + len(chunk) - len(raw)
            d, isa = _read_isa(text, at, len(segments) + 1)
            if d.segment != term or len(raw) != ISA_LENGTH - 1:
                return at  # the caller reads it again, and splits what follows
            declared[len(segments)] = d
            append(isa)
            es, cs = d.element, d.component
            pos += len(chunk) + 1
            continue
        if k == last:
            if raw:
                msg = "the text ends without a segment terminator after the last segment"
                raise ParseError(msg, code="x12.terminator", segment=len(segments) + 1)
            return len(text)
        pos += len(chunk) + 1
        parts = raw.split(es)
        sid = parts[0]
        if not valid_segment_id(sid):
            number = len(segments) + 1
            if not sid:
                msg = "a segment has an empty id"
                raise ParseError(msg, code="x12.segment.empty", segment=number)
            msg = "a segment id is 2 or 3 upper-case letters or digits, starting with a letter"
            raise ParseError(msg, code="x12.segment.id", segment=number)
        del parts[0]
        seg = new(draft)
        seg.id = sid
        seg.elements = (
            tuple([tuple(p.split(cs)) if cs in p else p for p in parts])
            if cs in raw
            else tuple(parts)
        )
        seg.__class__ = Segment
        append(seg)
    return len(text)  # pragma: no cover - the last chunk returns


#: A private subclass of Segment whose slots can be set: the scanner fills one
#: and turns it into a Segment (the same layout), at the cost of plain stores.
_SEGMENT_DRAFT: Any = _draft(Segment)
_new = object.__new__


def tokenize(text: str) -> tuple[Delimiters, tuple[Segment, ...]]:
    r"""Split X12 text into segments, with the delimiters its ISA declares.

    The ISA comes back as a segment of its 16 elements, padding kept (and
    ISA11/ISA16 as plain strings). Elsewhere an element that holds the
    component separator becomes a tuple of components; any other stays a
    ``str``. Empty elements are kept. When the text holds several
    interchanges, each ISA's own delimiters split its segments and the first
    ISA's are returned.

    Args:
        text: The X12 text.

    Returns:
        The delimiters and every segment, in order.

    Raises:
        ParseError: If the text does not start with an ISA (``x12.isa.missing``),
            an ISA is cut short or not fixed width (``x12.isa.short``,
            ``x12.isa.width``), its delimiters are unusable (``x12.delimiters``),
            a segment id is empty or malformed (``x12.segment.empty``,
            ``x12.segment.id``) or the last segment has no terminator
            (``x12.terminator``).

    >>> isa = ("ISA*00*          *00*          *ZZ*SENDERID       *ZZ*RECEIVERID     "
    ...        "*240115*1200*^*00501*000000001*0*T*:~")
    >>> d, segs = tokenize(isa + "\nSV1*HC:99213*125~\n")
    >>> segs[1].elements
    (('HC', '99213'), '125')
    >>> tokenize(isa + "SV1*HC:99213*125")
    Traceback (most recent call last):
    ...
    medoffice.exceptions.ParseError: segment 2: the text ends without a segment terminator after the last segment
    """
    segments, declared = _scan(text)
    return declared[0], tuple(segments)


# -- envelopes -----------------------------------------------------------------------


class _Reader:
    """Reads interchanges from tokenized segments, checking nesting and trailers."""

    def __init__(
        self, segments: list[Segment], declared: dict[int, Delimiters], zone: dt.tzinfo
    ) -> None:
        self.segments = segments
        self.declared = declared
        self.zone = zone
        self.index = 0

    # helpers -----------------------------------------------------------------------

    def fail(
        self, message: str, code: str, *, element: int | None = None, index: int | None = None
    ) -> ParseError:
        at = self.index if index is None else index
        sid = self.segments[at].id if at < len(self.segments) else None
        return ParseError(message, code=code, segment=at + 1, element=element, segment_id=sid)

    def simple(self, seg: Segment, k: int) -> str:
        elements = seg.elements
        value = elements[k - 1] if k <= len(elements) else ""
        if isinstance(value, tuple):
            msg = f"{seg.id}{k:02d} must be a simple element, not a composite"
            raise self.fail(msg, "x12.element.composite", element=k)
        return value

    def required(self, seg: Segment, k: int) -> str:
        value = self.simple(seg, k)
        if not value:
            msg = f"{seg.id}{k:02d} is required"
            raise self.fail(msg, "x12.element.missing", element=k)
        return value

    def number(self, seg: Segment, k: int, *, low: int, high: int, code: str) -> int:
        value = self.required(seg, k)
        digits = value.lstrip("0") or "0"  # int() refuses more than 4,300 digits
        if not (
            value.isascii() and value.isdigit() and len(digits) <= 18 and low <= int(digits) <= high
        ):
            msg = f"{seg.id}{k:02d} must be a number from {low} to {high}"
            raise self.fail(msg, code, element=k)
        return int(digits)

    def digits(self, seg: Segment, k: int, widths: tuple[int, ...], code: str) -> str:
        value = self.simple(seg, k)
        if not (value.isascii() and value.isdigit() and len(value) in widths):
            size = " or ".join(str(w) for w in widths)
            msg = f"{seg.id}{k:02d} must be {size} digits"
            raise self.fail(msg, code, element=k)
        return value

    def moment(self, seg: Segment, k: int, *, century: bool) -> dt.datetime:
        """The date in element ``k`` and the time in element ``k + 1``."""
        code = f"x12.{seg.id.lower()}.date"
        day = self.digits(seg, k, (8,) if century else (6,), code)
        year = int(day[:-4]) + (0 if century else 2000)
        try:
            date = dt.date(year, int(day[-4:-2]), int(day[-2:]))
        except ValueError:
            msg = f"{seg.id}{k:02d} is not a valid date"
            raise self.fail(msg, code, element=k) from None
        code = f"x12.{seg.id.lower()}.time"
        clock = self.digits(seg, k + 1, (4,) if not century else (4, 6, 7, 8), code)
        second = int(clock[4:6]) if len(clock) > 4 else 0
        micro = int(clock[6:].ljust(2, "0")) * 10_000 if len(clock) > 6 else 0
        try:
            return dt.datetime.combine(
                date, dt.time(int(clock[:2]), int(clock[2:4]), second, micro), self.zone
            )
        except ValueError:
            msg = f"{seg.id}{k + 1:02d} is not a valid time"
            raise self.fail(msg, code, element=k + 1) from None

    def next_segment(self, expected: str, opened: str) -> Segment:
        if self.index >= len(self.segments):
            msg = f"the text ends inside {opened}: {expected} is missing"
            raise self.fail(msg, "x12.unterminated", index=len(self.segments) - 1)
        return self.segments[self.index]

    # structure ---------------------------------------------------------------------

    def children(
        self,
        read: Callable[[], _T],
        child: str,
        trailer: str,
        *,
        scope: str,
        control: tuple[int, Segment],
    ) -> list[_T]:
        """Read ``child`` envelopes up to the ``trailer``; check its count and control number."""
        found: list[_T] = []
        while True:
            seg = self.next_segment(trailer, f"the {scope}")
            if seg.id == child:
                found.append(read())
                continue
            if seg.id != trailer:
                msg = f"{seg.id} cannot appear here: expected {child} or {trailer}"
                raise self.fail(msg, "x12.nesting")
            code = f"x12.{trailer.lower()}"
            count = self.number(seg, 1, low=0, high=999_999_999, code=f"{code}.count")
            if count != len(found):
                msg = f"{trailer}01 is {count} but the {scope} has {len(found)} {child} segments"
                raise self.fail(msg, f"{code}.count", element=1)
            k, head = control
            if self.simple(seg, 2) != self.simple(head, k):
                msg = f"{trailer}02 must repeat {head.id}{k:02d}"
                raise self.fail(msg, f"{code}.control", element=2)
            self.index += 1
            return found

    def interchanges(self) -> list[tuple[int, Interchange]]:
        out = []
        while self.index < len(self.segments):
            start = self.index
            seg = self.segments[start]
            if seg.id != "ISA":
                msg = f"{seg.id} cannot appear here: an interchange starts with ISA"
                raise self.fail(msg, "x12.nesting")
            out.append((start + 1, self.interchange()))
        return out

    def isa_values(self, isa: Segment) -> tuple[int, str, str, dt.datetime]:
        """ISA13, ISA14, ISA15 and ISA09/10 of the current ISA, each checked."""
        if isa.elements[11] != "00501":
            msg = "ISA12 must be 00501 (version 5010)"
            raise self.fail(msg, "x12.isa.version", element=12)
        control = self.number(isa, 13, low=1, high=999_999_999, code="x12.isa.control")
        ack = isa.elements[13]
        if ack not in {"0", "1"}:
            raise self.fail("ISA14 must be 0 or 1", "x12.isa.acknowledgment", element=14)
        usage = isa.elements[14]
        if usage not in {"P", "T"}:
            raise self.fail("ISA15 must be P or T", "x12.isa.usage", element=15)
        created = self.moment(isa, 9, century=False)
        return control, ack, usage, created

    def interchange(self) -> Interchange:
        isa = self.segments[self.index]
        d = self.declared[self.index]
        control, ack, usage, created = self.isa_values(isa)
        self.index += 1
        groups = self.children(self.group, "GS", "IEA", scope="interchange", control=(13, isa))
        e = cast("tuple[str, ...]", isa.elements)  # the ISA is never split into components
        return Interchange(
            authorization_qualifier=e[0],
            authorization=e[1].rstrip(" "),
            security_qualifier=e[2],
            security=e[3].rstrip(" "),
            sender_qualifier=e[4],
            sender_id=e[5].rstrip(" "),
            receiver_qualifier=e[6],
            receiver_id=e[7].rstrip(" "),
            created=created,
            control_number=control,
            acknowledgment_requested=ack == "1",
            usage=Usage(usage),
            delimiters=d,
            groups=tuple(groups),
        )

    def gs_values(self, gs: Segment) -> tuple[str, str, str, dt.datetime, int, str]:
        """GS01, GS02, GS03, GS04/05, GS06 and GS08 of the current GS, each checked."""
        functional_id = self.required(gs, 1)
        sender = self.required(gs, 2)
        receiver = self.required(gs, 3)
        created = self.moment(gs, 4, century=True)
        control = self.number(gs, 6, low=1, high=999_999_999, code="x12.gs.control")
        if self.simple(gs, 7) != "X":
            raise self.fail("GS07 must be X", "x12.gs.agency", element=7)
        version = self.required(gs, 8)
        return functional_id, sender, receiver, created, control, version

    def group(self) -> FunctionalGroup:
        gs = self.segments[self.index]
        functional_id, sender, receiver, created, control, version = self.gs_values(gs)
        self.index += 1
        transactions = self.children(self.transaction, "ST", "GE", scope="group", control=(6, gs))
        return FunctionalGroup(
            functional_id=functional_id,
            sender_code=sender,
            receiver_code=receiver,
            control_number=control,
            created=created,
            version=version,
            transactions=tuple(transactions),
        )

    def transaction(self) -> Transaction:
        st = self.segments[self.index]
        set_id = self.required(st, 1)
        control = self.required(st, 2)
        implementation = self.simple(st, 3)
        start = self.index + 1
        segments = self.segments
        end = start
        while end < len(segments) and segments[end].id not in _ENVELOPE_OR_SE:
            end += 1
        self.index = end
        seg = self.next_segment("SE", "a transaction")
        if seg.id != "SE":
            msg = f"{seg.id} cannot appear here: the transaction is not closed by SE"
            raise self.fail(msg, "x12.nesting")
        count = self.number(seg, 1, low=0, high=9_999_999_999, code="x12.se.count")
        if count != end - start + 2:
            msg = f"SE01 is {count} but the transaction has {end - start + 2} segments"
            raise self.fail(msg, "x12.se.count", element=1)
        if self.simple(seg, 2) != control:
            raise self.fail("SE02 must repeat ST02", "x12.se.control", element=2)
        self.index += 1
        return Transaction(
            set_id=set_id,
            control_number=control,
            implementation=implementation,
            body=tuple(segments[start:end]),
        )


_ENVELOPE_OR_SE = frozenset({"ISA", "IEA", "GS", "GE", "ST", "SE"})


def _read(text: str, zone: dt.tzinfo) -> list[tuple[int, Interchange]]:
    segments, declared = _scan(text)
    return _Reader(segments, declared, zone).interchanges()


def parse_all(text: str, *, zone: dt.tzinfo = dt.UTC) -> tuple[Interchange, ...]:
    r"""Read every interchange in X12 text.

    Args:
        text: The X12 text (one or more ISA ... IEA).
        zone: The time zone of the ISA and GS dates and times, which X12 does not say.

    Returns:
        The interchanges, in order.

    Raises:
        ParseError: As :func:`tokenize`, and when a segment is out of place
            (``x12.nesting``), an envelope is not closed (``x12.unterminated``), a
            count or trailer control number is wrong (``x12.se.count``,
            ``x12.se.control``, ``x12.ge.count``, ``x12.ge.control``,
            ``x12.iea.count``, ``x12.iea.control``) or an envelope value cannot
            be read (``x12.isa.version``, ``x12.isa.control``, ``x12.isa.date``,
            ``x12.gs.time``, ``x12.element.missing`` ...).

    >>> one = ("ISA*00*          *00*          *ZZ*A              *ZZ*B              "
    ...        "*240115*1200*^*00501*000000001*0*T*:~IEA*0*000000001~")
    >>> [i.control_number for i in parse_all(one + "\n" + one.replace("000000001", "000000002"))]
    [1, 2]
    """
    return tuple(interchange for _, interchange in _read(text, zone))


def parse(text: str, *, zone: dt.tzinfo = dt.UTC) -> Interchange:
    """Read the one interchange in X12 text.

    Args:
        text: The X12 text (exactly one ISA ... IEA).
        zone: The time zone of the ISA and GS dates and times, which X12 does not say.

    Returns:
        The interchange; ``serialize(parse(text)) == text`` for canonical text.

    Raises:
        ParseError: As :func:`parse_all`, and ``x12.interchange.count`` if the text
            holds more than one interchange.

    >>> text = ("ISA*00*          *00*          *ZZ*SENDERID       *ZZ*RECEIVERID     "
    ...         "*240115*1200*^*00501*000000001*0*T*:~"
    ...         "GS*HC*SENDERID*RECEIVERID*20240115*1200*1*X*005010X222A1~"
    ...         "ST*837*0001*005010X222A1~BHT*0019*00*0123*20240115*1200*CH~SE*3*0001~"
    ...         "GE*1*1~IEA*1*000000001~")
    >>> i = parse(text)
    >>> i.groups[0].transactions[0].body[0].element(6)
    'CH'
    >>> parse(text.replace("SE*3", "SE*4"))
    Traceback (most recent call last):
    ...
    medoffice.exceptions.ParseError: segment 5 (SE), element 1: SE01 is 4 but the transaction has 3 segments
    """
    found = _read(text, zone)
    if len(found) != 1:
        msg = f"expected exactly one interchange, found {len(found)}"
        raise ParseError(msg, code="x12.interchange.count", segment=found[1][0], segment_id="ISA")
    return found[0][1]
