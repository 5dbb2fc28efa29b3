"""X12 values: delimiters, segments and the ISA/GS/ST envelopes.

Constructors check types only (they are on the hot path of every builder);
the values that X12 constrains (lengths, control-number ranges, characters)
are checked by :func:`medoffice.x12.serialize`, which reports every problem at
once.

>>> seg = Segment("SV1", (("HC", "99213"), "125", "UN", "1"))
>>> seg.element(1), seg.component(1, 2), seg.element(2), seg.element(9)
('HC', '99213', '125', '')
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
from collections.abc import Callable, Iterable
from typing import Any, TypeAlias

import attrs

__all__ = [
    "Delimiters",
    "Element",
    "FunctionalGroup",
    "Interchange",
    "Segment",
    "Transaction",
    "Usage",
    "segment",
]

#: A simple element (``str``) or a composite element (a tuple of components).
Element: TypeAlias = str | tuple[str, ...]

#: Segment identifiers: two or three upper-case letters or digits, starting with a letter.
SEGMENT_ID = re.compile(r"[A-Z][A-Z0-9]{1,2}")

#: Segment ids of the envelope, which never appear in a transaction body.
ENVELOPE_IDS = frozenset({"ISA", "IEA", "GS", "GE", "ST", "SE"})


def require(value: object, kind: type[Any], field: str) -> None:
    """Raise ``TypeError`` naming ``field`` unless ``value`` is a ``kind``."""
    if not isinstance(value, kind):
        msg = f"{field}: must be a {kind.__name__}, not {type(value).__name__}"
        raise TypeError(msg)


@functools.cache
def valid_segment_id(value: str) -> bool:
    """Whether ``value`` is a well-formed segment id (cached: ids repeat)."""
    return SEGMENT_ID.fullmatch(value) is not None


# -- delimiters ----------------------------------------------------------------------

_SPACES = " \t\n\r\x0b\x0c"


def usable_delimiter(char: str) -> bool:
    """Whether ``char`` may be a delimiter: one ASCII character, no letter, digit or space."""
    return len(char) == 1 and char.isascii() and not char.isalnum() and char not in _SPACES


def _delimiter(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        msg = f"{attribute.name}: the delimiter must be a string"
        raise TypeError(msg)
    if len(value) != 1:
        msg = f"{attribute.name}: the delimiter must be exactly one character"
        raise ValueError(msg)
    if not usable_delimiter(value):
        msg = f"{attribute.name}: the delimiter must be an ASCII character that is not a letter, a digit or white space"
        raise ValueError(msg)


@attrs.frozen(kw_only=True, cache_hash=True)
class Delimiters:
    """The four X12 separators, read from (and written into) the ISA segment.

    Each is one ASCII character that is not a letter, a digit or white space,
    and the four are distinct. The element separator is the ISA's fourth
    character, the repetition separator is ISA11, the component separator is
    ISA16 and the segment terminator is the character right after ISA16.

    Attributes:
        element: Between the elements of a segment (``*``).
        component: Between the components of a composite element (``:``).
        repetition: Between repeats of an element (``^``); ISA11.
        segment: After every segment (``~``).

    >>> Delimiters().all
    '*:^~'
    >>> Delimiters(segment="|").segment
    '|'
    >>> Delimiters(element=":")
    Traceback (most recent call last):
    ...
    ValueError: delimiters: the four delimiters must be distinct
    """

    element: str = attrs.field(default="*", validator=_delimiter)
    component: str = attrs.field(default=":", validator=_delimiter)
    repetition: str = attrs.field(default="^", validator=_delimiter)
    segment: str = attrs.field(default="~", validator=_delimiter)

    def __attrs_post_init__(self) -> None:
        if len(set(self.all)) != 4:
            msg = "delimiters: the four delimiters must be distinct"
            raise ValueError(msg)

    @property
    def all(self) -> str:
        """The four characters: element, component, repetition, segment.

        >>> Delimiters(element="|", component=">").all
        '|>^~'
        """
        return self.element + self.component + self.repetition + self.segment

    def name_of(self, char: str) -> str:
        """Which delimiter ``char`` is, in words ('' if it is none of them).

        >>> Delimiters().name_of("~"), Delimiters().name_of("a")
        ('segment terminator', '')
        """
        if char == self.element:
            return "element separator"
        if char == self.component:
            return "component separator"
        if char == self.repetition:
            return "repetition separator"
        if char == self.segment:
            return "segment terminator"
        return ""


DEFAULT_DELIMITERS = Delimiters()


# -- segments ------------------------------------------------------------------------


@attrs.frozen(slots=True, repr=False)
class Segment:
    """One X12 segment: an id and its elements (the id is not an element).

    Elements are numbered from 1, as in X12 (``NM103`` is ``element(3)``). A
    composite element is a tuple of components. The constructor does not check
    anything (it is on every builder's hot path): :func:`segment` checks the id
    and the element types, and :func:`~medoffice.x12.serialize` refuses anything
    that cannot be written. The repr hides the values, which may be patient data.

    Attributes:
        id: The segment id (``NM1``).
        elements: Elements 01 onwards, each a ``str`` or a tuple of ``str``.

    >>> s = Segment("NM1", ("85", "2", "SMITH FAMILY PRACTICE"))
    >>> s.element(3), s.element(4)
    ('SMITH FAMILY PRACTICE', '')
    >>> s
    Segment(id='NM1', elements=<3 elements>)
    """

    id: str
    elements: tuple[Element, ...] = ()

    def element(self, n: int) -> str:
        """Element ``n`` (1-based) as text; '' if absent; a composite's first component.

        >>> Segment("CLM", ("A1", "150", "", "", ("11", "B", "1"))).element(5)
        '11'
        """
        return self.component(n, 1)

    def component(self, n: int, k: int) -> str:
        """Component ``k`` of element ``n`` (both 1-based); '' if absent.

        A simple element is its own first component.

        >>> s = Segment("SV1", (("HC", "99213", "25"), "125"))
        >>> s.component(1, 3), s.component(2, 1), s.component(2, 2), s.component(7, 1)
        ('25', '125', '', '')
        """
        if n < 1 or k < 1:
            msg = f"n, k: element and component positions start at 1, not {n}, {k}"
            raise ValueError(msg)
        elements = self.elements
        if n > len(elements):
            return ""
        value = elements[n - 1]
        if isinstance(value, str):
            return value if k == 1 else ""
        return value[k - 1] if k <= len(value) else ""

    def __repr__(self) -> str:
        elements: object = self.elements
        count = len(elements) if isinstance(elements, tuple) else "?"
        return f"Segment(id={self.id!r}, elements=<{count} elements>)"


def _quick(value: object) -> Element:
    """An element that is not a ``str``: None, a composite, or a TypeError."""
    if value is None:
        return ""
    if value.__class__ is tuple:
        try:
            "".join(value)  # the fast check that every part is a str
        except TypeError:
            pass
        else:
            return value
    return _element(value, 0)


def _element(value: object, position: int) -> Element:
    if isinstance(value, str):
        return value
    if isinstance(value, tuple):
        for k, part in enumerate(value, 1):
            if part is None or not isinstance(part, str):
                return tuple("" if p is None else _component(p, position, k) for p in value)
        return value
    msg = (
        f"element {position:02d}: must be a str, a tuple of str or None, "
        f"not {type(value).__name__} (format numbers and dates first)"
    )
    raise TypeError(msg)


def _component(value: object, position: int, k: int) -> str:
    if isinstance(value, str):
        return value
    msg = (
        f"element {position:02d}-{k}: a component must be a str or None, not {type(value).__name__}"
    )
    raise TypeError(msg)


def segment(id: str, *elements: Element | None) -> Segment:  # noqa: A002 - X12's own word
    """Build a :class:`Segment`, checking the id and the element types.

    ``None`` is written as an empty element (or component). Only ``str`` and
    tuples of ``str`` are accepted: numbers, amounts and dates are formatted by
    the caller, who knows the X12 format each element needs.

    Args:
        id: Two or three upper-case letters or digits, starting with a letter.
        *elements: Elements 01 onwards.

    Returns:
        The segment.

    Raises:
        ValueError: If the id is malformed.
        TypeError: If an element is not a ``str``, a tuple of ``str`` or ``None``.

    >>> segment("DTP", "472", "D8", "20240110")
    Segment(id='DTP', elements=<3 elements>)
    >>> segment("SV1", ("HC", "99213", None), "125").elements
    (('HC', '99213', ''), '125')
    >>> segment("SV1", ("HC", "99213"), 125)
    Traceback (most recent call last):
    ...
    TypeError: element 02: must be a str, a tuple of str or None, not int (format numbers and dates first)
    """
    require(id, str, "id")
    if not valid_segment_id(id):
        msg = "id: a segment id is 2 or 3 upper-case letters or digits, starting with a letter"
        raise ValueError(msg)
    for value in elements:
        if value.__class__ is not str:
            break
    else:
        return Segment(id, elements)  # type: ignore[arg-type]  # all str, checked above
    try:
        return Segment(id, tuple([v if v.__class__ is str else _quick(v) for v in elements]))
    except TypeError:  # again, slowly, to name the element
        return Segment(id, tuple([_element(v, n) for n, v in enumerate(elements, 1)]))


# -- envelopes -----------------------------------------------------------------------


class Usage(enum.Enum):
    """ISA15: whether an interchange holds production or test data.

    >>> Usage("T")
    <Usage.TEST: 'T'>
    """

    PRODUCTION = "P"
    TEST = "T"


def _str(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        msg = f"{attribute.name}: must be a str, not {type(value).__name__}"
        raise TypeError(msg)


def _int(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        msg = f"{attribute.name}: must be an int, not {type(value).__name__}"
        raise TypeError(msg)


def _aware(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, dt.datetime):
        msg = f"{attribute.name}: must be a datetime, not {type(value).__name__}"
        raise TypeError(msg)
    if value.utcoffset() is None:
        msg = f"{attribute.name}: must be an aware datetime (give it a time zone)"
        raise ValueError(msg)


def _tuple_of(kind: type, field: str) -> Callable[[Iterable[Any]], tuple[Any, ...]]:
    def convert(value: Iterable[Any]) -> tuple[Any, ...]:
        if isinstance(value, str | bytes) or not isinstance(value, Iterable):
            msg = f"{field}: must be an iterable of {kind.__name__}, not {type(value).__name__}"
            raise TypeError(msg)
        out = tuple(value)
        for item in out:
            if not isinstance(item, kind):
                msg = f"{field}: must hold {kind.__name__} values, not {type(item).__name__}"
                raise TypeError(msg)
        return out

    return convert


def _body(value: Iterable[Any]) -> tuple[Segment, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        msg = f"body: must be an iterable of Segment, not {type(value).__name__}"
        raise TypeError(msg)
    return tuple(value)


@attrs.frozen(kw_only=True)
class Transaction:
    """One transaction set: the segments between ST and SE.

    SE01 (the segment count) and SE02 are computed when written, never given.

    Attributes:
        set_id: ST01, the transaction set (``837``).
        control_number: ST02, 4–9 characters, unique within its group.
        implementation: ST03, the implementation guide (``005010X222A1``).
        body: The segments between ST and SE, both excluded.

    >>> t = Transaction(set_id="837", control_number="0001",
    ...                 implementation="005010X222A1",
    ...                 body=[Segment("BHT", ("0019", "00", "0123", "20240115", "1200", "CH"))])
    >>> t.segment_count
    3
    """

    set_id: str = attrs.field(validator=_str)
    control_number: str = attrs.field(validator=_str)
    implementation: str = attrs.field(validator=_str)
    body: tuple[Segment, ...] = attrs.field(converter=_body)

    @property
    def segment_count(self) -> int:
        """SE01: the segments from ST to SE, both included.

        >>> Transaction(set_id="837", control_number="0001", implementation="",
        ...             body=()).segment_count
        2
        """
        return len(self.body) + 2


def _transactions(value: Iterable[Any]) -> tuple[Transaction, ...]:
    return _tuple_of(Transaction, "transactions")(value)


@attrs.frozen(kw_only=True)
class FunctionalGroup:
    """A functional group (GS ... GE) of transactions of one kind.

    GS07 is always ``X``; GE01 and GE02 are computed when written.

    Attributes:
        functional_id: GS01, ``HC`` for an 837, ``HP`` for an 835.
        sender_code: GS02, the application sender's code (2–15 characters).
        receiver_code: GS03, the application receiver's code (2–15 characters).
        control_number: GS06, 1 to 999,999,999, unique within the interchange.
        created: GS04 (CCYYMMDD) and GS05 (HHMM), in this datetime's own zone.
        version: GS08, the version and implementation (``005010X222A1``).
        transactions: The transaction sets.

    >>> from datetime import datetime, timezone
    >>> g = FunctionalGroup(functional_id="HC", sender_code="SENDERID",
    ...                     receiver_code="RECEIVERID", control_number=1,
    ...                     created=datetime(2024, 1, 15, 12, 0, tzinfo=timezone.utc),
    ...                     version="005010X222A1", transactions=[])
    >>> g.transactions
    ()
    """

    functional_id: str = attrs.field(validator=_str)
    sender_code: str = attrs.field(validator=_str)
    receiver_code: str = attrs.field(validator=_str)
    control_number: int = attrs.field(validator=_int)
    created: dt.datetime = attrs.field(validator=_aware)
    version: str = attrs.field(validator=_str)
    transactions: tuple[Transaction, ...] = attrs.field(converter=_transactions)


def _usage(value: object) -> Usage:
    if isinstance(value, Usage):
        return value
    if isinstance(value, str):
        try:
            return Usage(value)
        except ValueError:
            msg = "usage: must be 'P' (production) or 'T' (test)"
            raise ValueError(msg) from None
    msg = f"usage: must be a Usage or 'P'/'T', not {type(value).__name__}"
    raise TypeError(msg)


def _bool(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, bool):
        msg = f"{attribute.name}: must be a bool, not {type(value).__name__}"
        raise TypeError(msg)


def _delimiters(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Delimiters):
        msg = f"{attribute.name}: must be Delimiters, not {type(value).__name__}"
        raise TypeError(msg)


def _groups(value: Iterable[Any]) -> tuple[FunctionalGroup, ...]:
    return _tuple_of(FunctionalGroup, "groups")(value)


@attrs.frozen(kw_only=True)
class Interchange:
    """An interchange (ISA ... IEA): who sends it to whom, and its groups.

    ISA11 is the repetition separator, ISA12 is always ``00501``; GE/IEA
    counts and control numbers are computed when written.

    Attributes:
        sender_qualifier: ISA05 (``ZZ`` mutually defined).
        sender_id: ISA06, 1–15 characters (padded to 15 when written).
        receiver_qualifier: ISA07.
        receiver_id: ISA08, 1–15 characters.
        control_number: ISA13, 1 to 999,999,999 (written as 9 digits).
        created: ISA09 (YYMMDD) and ISA10 (HHMM), in this datetime's own zone.
        usage: ISA15, production or test.
        acknowledgment_requested: ISA14, whether a TA1 is requested.
        authorization_qualifier: ISA01.
        authorization: ISA02, up to 10 characters (padded when written).
        security_qualifier: ISA03.
        security: ISA04, up to 10 characters.
        delimiters: The separators written into (and read from) the ISA.
        groups: The functional groups.

    >>> from datetime import datetime, timezone
    >>> i = Interchange(sender_id="SENDERID", receiver_id="RECEIVERID",
    ...                 control_number=1, usage="T",
    ...                 created=datetime(2024, 1, 15, 12, 0, tzinfo=timezone.utc), groups=())
    >>> i.usage, i.delimiters.all
    (<Usage.TEST: 'T'>, '*:^~')
    """

    sender_qualifier: str = attrs.field(default="ZZ", validator=_str)
    sender_id: str = attrs.field(validator=_str)
    receiver_qualifier: str = attrs.field(default="ZZ", validator=_str)
    receiver_id: str = attrs.field(validator=_str)
    control_number: int = attrs.field(validator=_int)
    created: dt.datetime = attrs.field(validator=_aware)
    usage: Usage = attrs.field(default=Usage.PRODUCTION, converter=_usage)
    acknowledgment_requested: bool = attrs.field(default=False, validator=_bool)
    authorization_qualifier: str = attrs.field(default="00", validator=_str)
    authorization: str = attrs.field(default="", validator=_str)
    security_qualifier: str = attrs.field(default="00", validator=_str)
    security: str = attrs.field(default="", validator=_str)
    delimiters: Delimiters = attrs.field(default=DEFAULT_DELIMITERS, validator=_delimiters)
    groups: tuple[FunctionalGroup, ...] = attrs.field(converter=_groups)
