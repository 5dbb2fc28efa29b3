"""Writing X12: the segment writer and the envelope (ISA/GS/ST ... SE/GE/IEA).

Every value is checked before anything is returned: a delimiter inside a
value, a character outside printable ASCII, a malformed segment id or a wrong
envelope value is refused with a :class:`~medoffice.exceptions.ValidationFailed`
that lists every problem. Counts and trailer control numbers are computed.

>>> from medoffice.x12._model import Segment
>>> write_segments([Segment("LX", ("1",)), Segment("SV1", (("HC", "99213"), "125", "", ""))])
'LX*1~SV1*HC:99213*125~'
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from typing import Any

from medoffice.exceptions import Problem, ValidationFailed
from medoffice.x12._model import (
    DEFAULT_DELIMITERS,
    ENVELOPE_IDS,
    Delimiters,
    Interchange,
    Segment,
    require,
    valid_segment_id,
)
from medoffice.x12._text import text_problems

__all__ = ["serialize", "write_segments"]

_ISA_REPETITION = 10  # index of ISA11 in Segment.elements
_ISA_COMPONENT = 15  # index of ISA16
_MAX_CONTROL = 999_999_999


@functools.cache
def _outside(delimiters: Delimiters) -> re.Pattern[str]:
    """Characters that may not appear anywhere in written text."""
    allowed = "".join(chr(c) for c in range(0x20, 0x7F)) + delimiters.all
    return re.compile(f"[^{re.escape(allowed)}]")


def _clean(text: str, d: Delimiters) -> bool:
    """Whether text holds only printable ASCII and the (control character) delimiters."""
    return _outside(d).search(text) is None


def _render(segments: Sequence[Segment], d: Delimiters) -> tuple[str, set[str]] | None:
    """The segments as text (no line breaks) and their ids, or None if any is bad.

    The fast path: every segment is joined, then the whole text is checked at
    once. A delimiter inside a value makes that delimiter's count differ from
    the count the structure implies, and the one pattern search finds any
    character outside printable ASCII. When anything is off, None is returned
    and the caller locates the problems with :func:`_locate`.
    """
    es = d.element
    cs = d.component
    parts: list[str] = []
    append = parts.append
    ids: set[str] = set()
    add = ids.add
    n_element = n_component = n_repetition = 0
    try:
        for seg in segments:
            sid = seg.id
            add(sid)
            els: Any = seg.elements
            if els.__class__ is not tuple and not isinstance(els, tuple | list):
                return None
            try:
                body = es.join(els)
                n = len(els)
                if n and els[-1] == "":
                    n -= 1
                    while n and els[n - 1] == "":
                        n -= 1
                    body = es.join(els[:n])
            except TypeError:
                out: list[str] = []
                for e in els:
                    if isinstance(e, tuple):
                        k = len(e)
                        while k and e[k - 1] == "":
                            k -= 1
                        if k:
                            n_component += k - 1
                            out.append(cs.join(e[:k]))
                        else:
                            out.append("")
                    elif isinstance(e, str):
                        out.append(e)
                    else:
                        return None
                while out and not out[-1]:
                    out.pop()
                n = len(out)
                body = es.join(out)
            if sid == "ISA":
                if n > _ISA_REPETITION and els[_ISA_REPETITION] == d.repetition:
                    n_repetition += 1
                if n > _ISA_COMPONENT and els[_ISA_COMPONENT] == cs:
                    n_component += 1
            n_element += n
            append(sid + es + body if n else sid)
        term = d.segment
        text = term.join(parts) + term if parts else ""
    except (TypeError, AttributeError):
        return None
    if (
        text.count(es) != n_element
        or text.count(cs) != n_component
        or text.count(d.repetition) != n_repetition
        or text.count(term) != len(parts)
        or not (text.isascii() and text.isprintable() if d.all.isprintable() else _clean(text, d))
        or not all(valid_segment_id(i) for i in ids)
    ):
        return None
    return text, ids


def _locate(segments: Sequence[Segment], d: Delimiters, prefix: str) -> list[Problem]:
    """Every problem in the segments, with paths under ``prefix`` (the slow path)."""
    problems: list[Problem] = []
    for i, seg in enumerate(segments):
        at = f"{prefix}[{i}]"
        require(seg, Segment, at)
        sid: object = seg.id
        require(sid, str, f"{at}.id")
        if not valid_segment_id(seg.id):
            problems.append(
                Problem(
                    path=f"{at}.id",
                    code="x12.segment_id",
                    message="a segment id is 2 or 3 upper-case letters or digits, starting with a letter",
                )
            )
        elements: object = seg.elements
        if not isinstance(elements, tuple | list):
            msg = f"{at}.elements: must be a tuple, not {type(elements).__name__}"
            raise TypeError(msg)
        value: object
        for k, value in enumerate(elements):
            where = f"{at}.elements[{k}]"
            if isinstance(value, str):
                if seg.id == "ISA" and (
                    (k == _ISA_REPETITION and value == d.repetition)
                    or (k == _ISA_COMPONENT and value == d.component)
                ):
                    continue
                problems.extend(text_problems(value, where, d))
            elif isinstance(value, tuple):
                for j, part in enumerate(value):
                    require(part, str, f"{where}[{j}]")
                    problems.extend(text_problems(part, f"{where}[{j}]", d))
            else:
                msg = f"{where}: must be a str or a tuple of str, not {type(value).__name__}"
                raise TypeError(msg)
    return problems


def write_segments(
    segments: Iterable[Segment],
    delimiters: Delimiters = DEFAULT_DELIMITERS,
    *,
    line_breaks: bool = False,
) -> str:
    """Write segments as X12 text, each followed by the segment terminator.

    Trailing empty elements and trailing empty components are dropped. A
    segment with the id ``ISA`` may hold the repetition separator as ISA11 and
    the component separator as ISA16; no other value may hold a delimiter.

    Args:
        segments: The segments, in order.
        delimiters: The delimiters to write with.
        line_breaks: Add a line break after every segment terminator.

    Returns:
        The text.

    Raises:
        ValidationFailed: With a problem for every value that holds a delimiter
            (``x12.delimiter``) or a character outside printable ASCII
            (``x12.charset``), and every malformed segment id
            (``x12.segment_id``); paths are ``[<segment>].elements[<k>]``.
        TypeError: If a segment or element has the wrong type.

    >>> print(write_segments([Segment("N3", ("123 MAIN ST",)), Segment("N4", ("SPRINGFIELD", "IL"))],
    ...                      line_breaks=True), end="")
    N3*123 MAIN ST~
    N4*SPRINGFIELD*IL~
    >>> write_segments([Segment("NTE", ("ADD", "PAID 5*3"))])
    Traceback (most recent call last):
    ...
    medoffice.exceptions.ValidationFailed: 1 error: [0].elements[1]: contains the element separator '*' at character 7; X12 has no escape character, so a delimiter cannot be data [x12.delimiter]
    """
    require(delimiters, Delimiters, "delimiters")
    segs = segments if isinstance(segments, tuple | list) else tuple(segments)
    rendered = _render(segs, delimiters)
    if rendered is None:
        raise ValidationFailed(tuple(_locate(segs, delimiters, "")))
    text = rendered[0]
    return text.replace(delimiters.segment, delimiters.segment + "\n") if line_breaks else text


# -- envelopes -----------------------------------------------------------------------


def _length(value: str, path: str, low: int, high: int) -> list[Problem]:
    if low <= len(value) <= high:
        return []
    if low == high:
        rule = f"exactly {low} characters"
    elif low == 0:
        rule = f"at most {high} characters"
    else:
        rule = f"{low} to {high} characters"
    return [Problem(path=path, code="x12.length", message=f"must be {rule}, not {len(value)}")]


def _control(value: int, path: str) -> list[Problem]:
    if 1 <= value <= _MAX_CONTROL:
        return []
    return [
        Problem(path=path, code="x12.control_number", message="must be between 1 and 999999999")
    ]


def _year(year: int, path: str, low: int, high: int) -> list[Problem]:
    if low <= year <= high:
        return []
    return [
        Problem(path=path, code="x12.date", message=f"the year must be between {low} and {high}")
    ]


def _padded(value: str, path: str) -> list[Problem]:
    if value.endswith(" "):
        return [
            Problem(
                path=path,
                code="x12.padding",
                message="must not end with a space (fixed-width ISA fields are padded with spaces)",
            )
        ]
    return []


def _isa_problems(i: Interchange) -> list[Problem]:
    d = i.delimiters
    problems: list[Problem] = []
    for name in (
        "authorization_qualifier",
        "security_qualifier",
        "sender_qualifier",
        "receiver_qualifier",
    ):
        problems += _length(getattr(i, name), name, 2, 2)
    for name, low, high in (
        ("authorization", 0, 10),
        ("security", 0, 10),
        ("sender_id", 1, 15),
        ("receiver_id", 1, 15),
    ):
        value = getattr(i, name)
        problems += _length(value, name, low, high) + _padded(value, name)
    for name in (
        "authorization_qualifier",
        "authorization",
        "security_qualifier",
        "security",
        "sender_qualifier",
        "sender_id",
        "receiver_qualifier",
        "receiver_id",
    ):
        problems += text_problems(getattr(i, name), name, d)
    problems += _control(i.control_number, "control_number")
    problems += _year(i.created.year, "created", 2000, 2099)
    return problems


def _group_problems(i: Interchange) -> list[Problem]:
    d = i.delimiters
    problems: list[Problem] = []
    seen_groups: set[int] = set()
    for gi, g in enumerate(i.groups):
        at = f"groups[{gi}]"
        problems += _length(g.functional_id, f"{at}.functional_id", 2, 2)
        problems += _length(g.sender_code, f"{at}.sender_code", 2, 15)
        problems += _length(g.receiver_code, f"{at}.receiver_code", 2, 15)
        problems += _length(g.version, f"{at}.version", 1, 12)
        for name in ("functional_id", "sender_code", "receiver_code", "version"):
            problems += text_problems(getattr(g, name), f"{at}.{name}", d)
        problems += _control(g.control_number, f"{at}.control_number")
        if g.control_number in seen_groups:
            problems.append(_duplicate(f"{at}.control_number", "group", "interchange"))
        seen_groups.add(g.control_number)
        problems += _year(g.created.year, f"{at}.created", 1000, 9999)
        seen: set[str] = set()
        for ti, t in enumerate(g.transactions):
            tat = f"{at}.transactions[{ti}]"
            problems += _length(t.set_id, f"{tat}.set_id", 3, 3)
            problems += _length(t.implementation, f"{tat}.implementation", 0, 35)
            if not 4 <= len(t.control_number) <= 9:
                problems.append(
                    Problem(
                        path=f"{tat}.control_number",
                        code="x12.control_number",
                        message=f"must be 4 to 9 characters, not {len(t.control_number)}",
                    )
                )
            if t.control_number in seen:
                problems.append(_duplicate(f"{tat}.control_number", "transaction", "group"))
            seen.add(t.control_number)
            for name in ("set_id", "control_number", "implementation"):
                problems += text_problems(getattr(t, name), f"{tat}.{name}", d)
    return problems


def _duplicate(path: str, what: str, where: str) -> Problem:
    return Problem(
        path=path,
        code="x12.control_number",
        message=f"is the control number of an earlier {what} in the same {where}",
    )


def _envelope_ids(body: Sequence[Segment], prefix: str) -> list[Problem]:
    return [
        Problem(
            path=f"{prefix}[{k}].id",
            code="x12.envelope_segment",
            message=f"an envelope segment ({seg.id}) cannot be part of a transaction body",
        )
        for k, seg in enumerate(body)
        if seg.id in ENVELOPE_IDS
    ]


def _isa(i: Interchange, term: str) -> str:
    d = i.delimiters
    es = d.element
    fields = (
        "ISA",
        i.authorization_qualifier,
        i.authorization.ljust(10),
        i.security_qualifier,
        i.security.ljust(10),
        i.sender_qualifier,
        i.sender_id.ljust(15),
        i.receiver_qualifier,
        i.receiver_id.ljust(15),
        i.created.strftime("%y%m%d"),
        i.created.strftime("%H%M"),
        d.repetition,
        "00501",
        f"{i.control_number:09d}",
        "1" if i.acknowledgment_requested else "0",
        i.usage.value,
        d.component,
    )
    return es.join(fields) + term


def serialize(interchange: Interchange, *, line_breaks: bool = False) -> str:
    """Write an interchange as X12 text, computing every count and trailer.

    SE01 is the number of segments from ST to SE, SE02 repeats ST02, GE01 is
    the number of transactions, GE02 repeats GS06, IEA01 is the number of
    groups and IEA02 repeats ISA13. The ISA is exactly 106 characters.

    Args:
        interchange: The interchange.
        line_breaks: Add a line break after every segment terminator.

    Returns:
        The text.

    Raises:
        ValidationFailed: With every problem at once (nothing is written): a
            delimiter or a character outside printable ASCII in any value, a
            malformed or envelope segment id in a body, and envelope values X12
            does not allow (lengths, control numbers, years).
        TypeError: If a value has the wrong type.

    >>> from datetime import datetime, timezone
    >>> from medoffice.x12._model import FunctionalGroup, Transaction
    >>> created = datetime(2024, 1, 15, 12, 0, tzinfo=timezone.utc)
    >>> body = (Segment("BHT", ("0019", "00", "0123", "20240115", "1200", "CH")),)
    >>> i = Interchange(sender_id="SENDERID", receiver_id="RECEIVERID", control_number=1,
    ...                 created=created, usage="T", groups=[FunctionalGroup(
    ...     functional_id="HC", sender_code="SENDERID", receiver_code="RECEIVERID",
    ...     control_number=1, created=created, version="005010X222A1",
    ...     transactions=[Transaction(set_id="837", control_number="0001",
    ...                               implementation="005010X222A1", body=body)])])
    >>> print(serialize(i, line_breaks=True), end="")
    ISA*00*          *00*          *ZZ*SENDERID       *ZZ*RECEIVERID     *240115*1200*^*00501*000000001*0*T*:~
    GS*HC*SENDERID*RECEIVERID*20240115*1200*1*X*005010X222A1~
    ST*837*0001*005010X222A1~
    BHT*0019*00*0123*20240115*1200*CH~
    SE*3*0001~
    GE*1*1~
    IEA*1*000000001~
    """
    require(interchange, Interchange, "interchange")
    d = interchange.delimiters
    es = d.element
    term = d.segment + "\n" if line_breaks else d.segment
    problems = _isa_problems(interchange) + _group_problems(interchange)
    out = [_isa(interchange, term)]
    for gi, g in enumerate(interchange.groups):
        created = g.created
        out.append(
            es.join(
                (
                    "GS",
                    g.functional_id,
                    g.sender_code,
                    g.receiver_code,
                    created.strftime("%Y%m%d"),
                    created.strftime("%H%M"),
                    str(g.control_number),
                    "X",
                    g.version,
                )
            )
            + term
        )
        for ti, t in enumerate(g.transactions):
            head = es.join(("ST", t.set_id, t.control_number, t.implementation))
            out.append((head if t.implementation else head[: -len(es)]) + term)
            rendered = _render(t.body, d)
            prefix = f"groups[{gi}].transactions[{ti}].body"
            if rendered is None:
                problems += _locate(t.body, d, prefix)
                problems += _envelope_ids(t.body, prefix)
                continue
            text, ids = rendered
            if not ids.isdisjoint(ENVELOPE_IDS):
                problems += _envelope_ids(t.body, prefix)
            if line_breaks:
                text = text.replace(d.segment, term)
            out.append(text)
            out.append(f"SE{es}{len(t.body) + 2}{es}{t.control_number}{term}")
        out.append(f"GE{es}{len(g.transactions)}{es}{g.control_number}{term}")
    out.append(f"IEA{es}{len(interchange.groups)}{es}{interchange.control_number:09d}{term}")
    if problems:
        raise ValidationFailed(tuple(problems))
    return "".join(out)
