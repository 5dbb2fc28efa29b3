"""Junk in: only the documented errors come out."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.exceptions import ParseError, ValidationFailed
from medoffice.x12 import (
    Delimiters,
    FunctionalGroup,
    Interchange,
    Segment,
    Transaction,
    clean_text,
    parse,
    parse_all,
    serialize,
    text_problems,
    tokenize,
    write_segments,
)
from tests.x12._sample import FLAT, SAMPLE
from tests.x12._strategies import JUNK_ELEMENT, delimiters, interchanges

HEAVY = settings(max_examples=min(100, settings().max_examples))
X12ISH = st.text(st.sampled_from("ISAGSTE*:^~\n\r 0123456789AXZ"), max_size=200)


def _error(reader: Callable[[str], object], text: str) -> ParseError | None:
    try:
        reader(text)
    except ParseError as err:
        return err
    return None


def _read(text: str) -> None:
    for reader in (parse, parse_all, tokenize):
        err = _error(reader, text)
        if err is not None:
            assert err.code.startswith("x12.")
            assert err.segment is None or err.segment >= 1
            assert err.element is None or 1 <= err.element <= 16


@given(st.text() | X12ISH)
def test_junk_text_raises_only_parse_error(text: str) -> None:
    _read(text)
    _read(FLAT[:106] + text)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from([FLAT, SAMPLE]))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "delete", "replace"]))
        char = draw(st.sampled_from("*:^~\n0A ") | st.characters())
        if kind == "insert":
            text = text[:at] + char + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + 1 :]
        else:
            text = text[:at] + char + text[at + 1 :]
    return text


@HEAVY
@given(mutated())
def test_mutated_files_raise_only_parse_error(text: str) -> None:
    _read(text)


@HEAVY
@given(interchanges(), st.data())
def test_truncated_files_raise_only_parse_error(i: Interchange, data: st.DataObject) -> None:
    text = serialize(i)
    cut = data.draw(st.integers(0, len(text) - 1))
    _read(text[:cut])


CREATED = dt.datetime(2024, 1, 15, 12, 0, tzinfo=dt.UTC)
JUNK_TEXT = st.text(max_size=20)
JUNK_SEGMENT = st.builds(
    Segment, st.text(max_size=4) | st.integers(), st.lists(JUNK_ELEMENT, max_size=4).map(tuple)
)


@st.composite
def junk_interchanges(draw: st.DrawFn) -> Interchange:
    transactions = [
        Transaction(
            set_id=draw(JUNK_TEXT),
            control_number=draw(JUNK_TEXT),
            implementation=draw(JUNK_TEXT),
            body=draw(st.lists(JUNK_SEGMENT, max_size=3)),
        )
        for _ in range(draw(st.integers(0, 2)))
    ]
    group = FunctionalGroup(
        functional_id=draw(JUNK_TEXT),
        sender_code=draw(JUNK_TEXT),
        receiver_code=draw(JUNK_TEXT),
        control_number=draw(st.integers()),
        created=draw(st.datetimes(timezones=st.just(dt.UTC))),
        version=draw(JUNK_TEXT),
        transactions=transactions,
    )
    return Interchange(
        sender_qualifier=draw(JUNK_TEXT),
        sender_id=draw(JUNK_TEXT),
        receiver_qualifier=draw(JUNK_TEXT),
        receiver_id=draw(JUNK_TEXT),
        control_number=draw(st.integers()),
        created=draw(st.datetimes(timezones=st.just(dt.UTC))),
        authorization=draw(JUNK_TEXT),
        security=draw(JUNK_TEXT),
        delimiters=draw(delimiters()),
        groups=draw(st.lists(st.just(group), max_size=2)),
    )


@HEAVY
@given(junk_interchanges(), st.booleans())
def test_junk_into_serialize_raises_only_validation_failed_or_type_error(
    i: Interchange, line_breaks: bool
) -> None:
    try:
        text = serialize(i, line_breaks=line_breaks)
    except (ValidationFailed, TypeError):
        return
    assert parse(text, zone=dt.UTC).control_number == i.control_number


@HEAVY
@given(st.lists(JUNK_SEGMENT, max_size=5), delimiters())
def test_junk_into_write_segments_raises_only_validation_failed_or_type_error(
    segments: list[Segment], d: Delimiters
) -> None:
    with contextlib.suppress(ValidationFailed, TypeError):
        write_segments(segments, d)


@given(st.text(), st.text(max_size=10), delimiters())
def test_text_functions_never_raise_on_text(value: str, path: str, d: Delimiters) -> None:
    text_problems(value, path, d)
    clean_text(value, d)
