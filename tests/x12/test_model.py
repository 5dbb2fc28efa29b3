"""Delimiters, segments and envelopes: construction, accessors and type checks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.x12 import (
    Delimiters,
    FunctionalGroup,
    Interchange,
    Segment,
    Transaction,
    Usage,
    segment,
)
from tests.x12._strategies import DELIMITER_CHARS

CREATED = dt.datetime(2024, 1, 15, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        ({"element": 1}, TypeError, "element: the delimiter must be a string"),
        ({"segment": ""}, ValueError, "segment: the delimiter must be exactly one character"),
        ({"segment": "~\n"}, ValueError, "exactly one character"),
        ({"component": "A"}, ValueError, "component: the delimiter must be an ASCII character"),
        ({"component": "7"}, ValueError, "not a letter, a digit or white space"),
        ({"segment": "\n"}, ValueError, "white space"),
        ({"segment": " "}, ValueError, "white space"),
        ({"segment": "é"}, ValueError, "ASCII"),
        ({"repetition": "*"}, ValueError, "the four delimiters must be distinct"),
    ],
)
def test_delimiters_are_checked(
    changes: dict[str, object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        Delimiters(**changes)  # type: ignore[arg-type]


@given(st.lists(st.sampled_from(DELIMITER_CHARS), min_size=4, max_size=4, unique=True))
def test_any_four_distinct_usable_characters_are_delimiters(chars: list[str]) -> None:
    d = Delimiters(element=chars[0], component=chars[1], repetition=chars[2], segment=chars[3])
    assert d.all == "".join(chars)
    assert [d.name_of(c) for c in chars] == [
        "element separator",
        "component separator",
        "repetition separator",
        "segment terminator",
    ]
    assert hash(d) == hash(Delimiters(element=chars[0], component=chars[1],
                                      repetition=chars[2], segment=chars[3]))  # fmt: skip


def test_segment_accessors() -> None:
    s = Segment("CLM", ("A1", "150", "", "", ("11", "B", "1"), ()))
    assert [s.element(n) for n in range(1, 8)] == ["A1", "150", "", "", "11", "", ""]
    assert [s.component(5, k) for k in range(1, 5)] == ["11", "B", "1", ""]
    assert s.component(1, 1) == "A1"
    assert s.component(1, 2) == ""
    assert s.component(6, 1) == ""
    assert s.component(9, 1) == ""
    for bad in (0, -1):
        with pytest.raises(ValueError, match="start at 1"):
            s.element(bad)
        with pytest.raises(ValueError, match="start at 1"):
            s.component(bad, 1)
        with pytest.raises(ValueError, match="start at 1"):
            s.component(1, bad)


def test_segment_repr_hides_the_values() -> None:
    s = Segment("NM1", ("IL", "1", "DOE", "JOHN"))
    assert repr(s) == "Segment(id='NM1', elements=<4 elements>)"
    assert "DOE" not in repr(Transaction(set_id="837", control_number="0001",
                                         implementation="", body=(s,)))  # fmt: skip
    assert repr(Segment("NM1", "DOE")) == "Segment(id='NM1', elements=<? elements>)"  # type: ignore[arg-type]


def test_segment_equality_and_hash() -> None:
    assert Segment("N3", ("A",)) == Segment("N3", ("A",))
    assert Segment("N3", ("A",)) != Segment("N3", (("A",),))
    assert len({Segment("N3", ("A",)), Segment("N3", ("A",))}) == 1


def test_segment_function_converts_none_and_checks_types() -> None:
    assert segment("NM1", "85", None, "X").elements == ("85", "", "X")
    assert segment("SV1", ("HC", None, "25"), "1").elements == (("HC", "", "25"), "1")
    assert segment("SV1", ("HC", "99213")).elements == (("HC", "99213"),)
    assert segment("LX").elements == ()
    assert segment("LX", "1").elements == ("1",)


@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        ((1,), TypeError, "id: must be a str, not int"),
        (("nm1",), ValueError, "id: a segment id is 2 or 3"),
        (("NM12",), ValueError, "id: a segment id"),
        (("1M",), ValueError, "id: a segment id"),
        (("AMT", "F5", Decimal("1.5")), TypeError, "element 02: must be a str"),
        (("AMT", 5), TypeError, "element 01: must be a str, a tuple of str or None, not int"),
        (("SV1", ("HC", 5)), TypeError, "element 01-2: a component must be a str or None, not int"),
        (
            ("SV1", "A", ["HC"]),
            TypeError,
            "element 02: must be a str, a tuple of str or None, not list",
        ),
        (("DTP", "472", dt.date(2024, 1, 1)), TypeError, "not date"),
    ],
)
def test_segment_function_refuses(
    args: tuple[object, ...], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        segment(*args)  # type: ignore[arg-type]


def _interchange(**changes: object) -> Interchange:
    fields: dict[str, object] = {
        "sender_id": "S",
        "receiver_id": "R",
        "control_number": 1,
        "created": CREATED,
        "groups": (),
    }
    return Interchange(**{**fields, **changes})  # type: ignore[arg-type]


def test_interchange_defaults_and_conversions() -> None:
    i = _interchange(groups=[], usage="T")
    assert i.groups == ()
    assert i.usage is Usage.TEST
    assert _interchange().usage is Usage.PRODUCTION
    assert (i.sender_qualifier, i.authorization_qualifier, i.authorization) == ("ZZ", "00", "")
    assert i.delimiters == Delimiters()
    assert _interchange(usage=Usage.TEST).usage is Usage.TEST


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        ({"sender_id": 5}, TypeError, "sender_id: must be a str, not int"),
        ({"control_number": "1"}, TypeError, "control_number: must be an int, not str"),
        ({"control_number": True}, TypeError, "control_number: must be an int, not bool"),
        ({"created": dt.date(2024, 1, 1)}, TypeError, "created: must be a datetime"),
        ({"created": dt.datetime(2024, 1, 1)}, ValueError, "created: must be an aware datetime"),
        ({"usage": "X"}, ValueError, "usage: must be 'P'"),
        ({"usage": 1}, TypeError, "usage: must be a Usage"),
        ({"acknowledgment_requested": 1}, TypeError, "acknowledgment_requested: must be a bool"),
        ({"delimiters": "*:^~"}, TypeError, "delimiters: must be Delimiters"),
        ({"groups": "GS"}, TypeError, "groups: must be an iterable of FunctionalGroup"),
        ({"groups": 3}, TypeError, "groups: must be an iterable"),
        ({"groups": [1]}, TypeError, "groups: must hold FunctionalGroup values, not int"),
    ],
)
def test_interchange_types(
    changes: dict[str, object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        _interchange(**changes)


def test_group_and_transaction_types() -> None:
    fields: dict[str, object] = {
        "functional_id": "HC", "sender_code": "SS", "receiver_code": "RR", "control_number": 1,
        "created": CREATED, "version": "005010X222A1", "transactions": (),
    }  # fmt: skip
    assert FunctionalGroup(**fields).transactions == ()  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="transactions: must hold Transaction values, not str"):
        FunctionalGroup(**{**fields, "transactions": ["ST"]})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="version: must be a str"):
        FunctionalGroup(**{**fields, "version": 5010})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="body: must be an iterable of Segment, not str"):
        Transaction(set_id="837", control_number="0001", implementation="", body="BHT")
    with pytest.raises(TypeError, match="body: must be an iterable of Segment, not int"):
        Transaction(set_id="837", control_number="0001", implementation="", body=5)  # type: ignore[arg-type]
    t = Transaction(set_id="837", control_number="0001", implementation="", body=[Segment("LX")])
    assert t.body == (Segment("LX"),)
    assert t.segment_count == 3
