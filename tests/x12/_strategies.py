"""Hypothesis strategies for X12 values: valid (canonical) ones and junk."""

from __future__ import annotations

import datetime as dt
import string

from hypothesis import strategies as st

from medoffice.x12 import (
    Delimiters,
    Element,
    FunctionalGroup,
    Interchange,
    Segment,
    Transaction,
    Usage,
)
from medoffice.x12._model import ENVELOPE_IDS

PRINTABLE = "".join(chr(c) for c in range(0x20, 0x7F))
#: Characters a delimiter may be: ASCII, not a letter, digit or white space.
DELIMITER_CHARS = "".join(
    c for c in map(chr, range(128)) if not c.isalnum() and c not in " \t\n\r\x0b\x0c"
)
DEFAULT = Delimiters()


@st.composite
def delimiters(draw: st.DrawFn) -> Delimiters:
    """Any four distinct usable delimiters, the default set most often."""
    if draw(st.booleans()):
        return DEFAULT
    chars = draw(st.lists(st.sampled_from(DELIMITER_CHARS), min_size=4, max_size=4, unique=True))
    return Delimiters(element=chars[0], component=chars[1], repetition=chars[2], segment=chars[3])


def clean_text(d: Delimiters, *, min_size: int = 0, max_size: int = 12) -> st.SearchStrategy[str]:
    """Text that may be written with ``d``: printable ASCII without its delimiters."""
    alphabet = "".join(c for c in PRINTABLE if c not in d.all)
    return st.text(alphabet, min_size=min_size, max_size=max_size)


def element(d: Delimiters) -> st.SearchStrategy[Element]:
    """A canonical element: a str, or a composite of 2+ components ending non-empty."""
    composite = st.builds(
        lambda head, last: (*head, last),
        st.lists(clean_text(d, max_size=5), min_size=1, max_size=3),
        clean_text(d, min_size=1, max_size=5),
    )
    return st.one_of(clean_text(d), composite)


SEGMENT_IDS = st.builds(
    str.__add__,
    st.sampled_from(string.ascii_uppercase),
    st.text(string.ascii_uppercase + string.digits, min_size=1, max_size=2),
).filter(lambda s: s not in ENVELOPE_IDS)


@st.composite
def body_segment(draw: st.DrawFn, d: Delimiters) -> Segment:
    """A canonical body segment: no trailing empty element."""
    elements = draw(st.lists(element(d), max_size=6))
    if elements and elements[-1] == "":
        elements[-1] = draw(clean_text(d, min_size=1))
    return Segment(draw(SEGMENT_IDS), tuple(elements))


def utc_minutes(low: int, high: int) -> st.SearchStrategy[dt.datetime]:
    """Aware UTC datetimes on whole minutes between the years ``low`` and ``high``."""
    return st.datetimes(
        min_value=dt.datetime(low, 1, 1), max_value=dt.datetime(high, 12, 31, 23, 59)
    ).map(lambda t: t.replace(second=0, microsecond=0, tzinfo=dt.UTC))


@st.composite
def transactions(draw: st.DrawFn, d: Delimiters) -> tuple[Transaction, ...]:
    """Transactions with distinct control numbers."""
    controls = draw(st.lists(clean_text(d, min_size=4, max_size=9), max_size=2, unique=True))
    return tuple(
        Transaction(
            set_id=draw(clean_text(d, min_size=3, max_size=3)),
            control_number=control,
            implementation=draw(clean_text(d, max_size=35)),
            body=draw(st.lists(body_segment(d), max_size=6)),
        )
        for control in controls
    )


@st.composite
def groups(draw: st.DrawFn, d: Delimiters) -> tuple[FunctionalGroup, ...]:
    """Functional groups with distinct control numbers."""
    controls = draw(st.lists(st.integers(1, 999_999_999), max_size=2, unique=True))
    return tuple(
        FunctionalGroup(
            functional_id=draw(clean_text(d, min_size=2, max_size=2)),
            sender_code=draw(clean_text(d, min_size=2, max_size=15)),
            receiver_code=draw(clean_text(d, min_size=2, max_size=15)),
            control_number=control,
            created=draw(utc_minutes(1000, 9999)),
            version=draw(clean_text(d, min_size=1, max_size=12)),
            transactions=draw(transactions(d)),
        )
        for control in controls
    )


def isa_text(d: Delimiters, *, min_size: int, max_size: int) -> st.SearchStrategy[str]:
    """A fixed-width ISA value: no trailing space (padding would swallow it)."""
    return clean_text(d, min_size=min_size, max_size=max_size).filter(lambda s: not s.endswith(" "))


@st.composite
def interchanges(draw: st.DrawFn) -> Interchange:
    """Valid interchanges: ``parse(serialize(i)) == i`` for every one."""
    d = draw(delimiters())
    return Interchange(
        sender_qualifier=draw(clean_text(d, min_size=2, max_size=2)),
        sender_id=draw(isa_text(d, min_size=1, max_size=15)),
        receiver_qualifier=draw(clean_text(d, min_size=2, max_size=2)),
        receiver_id=draw(isa_text(d, min_size=1, max_size=15)),
        control_number=draw(st.integers(1, 999_999_999)),
        created=draw(utc_minutes(2000, 2099)),
        usage=draw(st.sampled_from(Usage)),
        acknowledgment_requested=draw(st.booleans()),
        authorization_qualifier=draw(clean_text(d, min_size=2, max_size=2)),
        authorization=draw(isa_text(d, min_size=0, max_size=10)),
        security_qualifier=draw(clean_text(d, min_size=2, max_size=2)),
        security=draw(isa_text(d, min_size=0, max_size=10)),
        delimiters=d,
        groups=draw(groups(d)),
    )


#: Characters that may never be data: delimiters are added per case.
FORBIDDEN = st.one_of(
    st.characters(min_codepoint=0x80),
    st.sampled_from([chr(c) for c in range(0x20)] + ["\x7f"]),
)

#: Junk element values: any text, and wrong types.
JUNK_ELEMENT = st.one_of(
    st.text(max_size=8),
    st.tuples(st.text(max_size=4), st.text(max_size=4)),
    st.none(),
    st.integers(),
    st.tuples(st.integers()),
    st.just([]),
)
