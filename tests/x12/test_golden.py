"""The sample 837P of the claims reference, read and written back byte for byte."""

from __future__ import annotations

import pytest

from medoffice.exceptions import ParseError
from medoffice.x12 import parse, serialize, tokenize, write_segments
from tests.pyx12_judge import pyx12_errors
from tests.x12._sample import FLAT, SAMPLE


def test_sample_round_trips_byte_for_byte() -> None:
    interchange = parse(SAMPLE)
    assert serialize(interchange, line_breaks=True) == SAMPLE
    assert serialize(interchange) == FLAT
    assert parse(FLAT) == interchange


def test_sample_structure() -> None:
    interchange = parse(SAMPLE)
    assert interchange.sender_id == "SENDERID"
    assert interchange.usage.value == "T"
    (group,) = interchange.groups
    assert (group.functional_id, group.control_number, group.version) == (
        "HC",
        1,
        "005010X222A1",
    )
    (transaction,) = group.transactions
    assert transaction.control_number == "0001"
    assert len(transaction.body) == 25
    assert transaction.segment_count == 27
    clm = next(s for s in transaction.body if s.id == "CLM")
    assert clm.component(5, 1) == "11"
    assert clm.component(5, 3) == "1"


def test_sample_tokenizes_and_writes_back() -> None:
    delimiters, segments = tokenize(SAMPLE)
    assert delimiters.all == "*:^~"
    assert len(segments) == 31
    assert segments[0].id == "ISA"
    assert len(segments[0].elements) == 16
    assert segments[0].element(6) == "SENDERID       "
    assert write_segments(segments, delimiters, line_breaks=True) == SAMPLE


def test_pyx12_accepts_what_we_write() -> None:
    assert pyx12_errors(serialize(parse(SAMPLE))) == []
    assert pyx12_errors(serialize(parse(SAMPLE), line_breaks=True)) == []


def test_pyx12_judge_can_fail() -> None:
    assert pyx12_errors(SAMPLE.replace("SE*27*", "SE*28*")) != []


@pytest.mark.parametrize(
    ("old", "new", "code", "segment", "element"),
    [
        ("SE*27*0001", "SE*28*0001", "x12.se.count", 29, 1),
        ("SE*27*0001", "SE*27*0002", "x12.se.control", 29, 2),
        ("GE*1*1~", "GE*2*1~", "x12.ge.count", 30, 1),
        ("GE*1*1~", "GE*1*2~", "x12.ge.control", 30, 2),
        ("IEA*1*", "IEA*2*", "x12.iea.count", 31, 1),
        ("IEA*1*000000001", "IEA*1*000000002", "x12.iea.control", 31, 2),
    ],
)
def test_a_changed_count_names_the_segment_and_element(
    old: str, new: str, code: str, segment: int, element: int
) -> None:
    with pytest.raises(ParseError) as info:
        parse(SAMPLE.replace(old, new))
    assert (info.value.code, info.value.segment, info.value.element) == (code, segment, element)
