"""ParseError codes and positions: the segment number in the text and the element."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.exceptions import ParseError
from medoffice.x12 import Delimiters, Interchange, parse, parse_all, serialize, tokenize
from tests.x12._sample import FLAT, SAMPLE
from tests.x12._strategies import interchanges

ISA = FLAT[:106]
TAIL = FLAT[106:]


def _error(text: str, *, low: bool = False) -> ParseError:
    with pytest.raises(ParseError) as info:
        tokenize(text) if low else parse(text)
    return info.value


def _where(err: ParseError) -> tuple[str, int | None, int | None, str | None]:
    return (err.code, err.segment, err.element, err.segment_id)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ("x12.isa.missing", 1, None, None)),
        ("\r\n", ("x12.isa.missing", 1, None, None)),
        ("GS*HC~", ("x12.isa.missing", 1, None, None)),
        ("ISA*00*", ("x12.isa.short", 1, None, "ISA")),
        (ISA[:-2], ("x12.isa.short", 1, None, "ISA")),
        ("ISAA" + ISA[4:], ("x12.delimiters", 1, None, "ISA")),
        ("ISA " + ISA[4:], ("x12.delimiters", 1, None, "ISA")),
        (
            ISA.replace("*SENDERID       *", "*SENDERID      *") + " ",
            ("x12.isa.width", 1, 6, "ISA"),
        ),
        (ISA.replace("*00*  ", "*000* ", 1), ("x12.isa.width", 1, 1, "ISA")),
        (ISA[:103] + "**~" + TAIL, ("x12.isa.width", 1, 16, "ISA")),
        (ISA[:101] + "***:~" + TAIL, ("x12.isa.width", 1, 15, "ISA")),
        (ISA[:104] + "~~" + TAIL, ("x12.delimiters", 1, None, "ISA")),
        (ISA[:82] + "U" + ISA[83:], ("x12.delimiters", 1, None, "ISA")),
        (ISA[:105] + "\n" + TAIL, ("x12.delimiters", 1, None, "ISA")),
        (ISA + "GS*HC~~", ("x12.segment.empty", 3, None, None)),
        (ISA + "GS*HC~*X~", ("x12.segment.empty", 3, None, None)),
        (ISA + "GS*HC~nm1*X~", ("x12.segment.id", 3, None, None)),
        (ISA + "GS*HC~N*X~", ("x12.segment.id", 3, None, None)),
        (ISA + "GS*HC~NM1*X", ("x12.terminator", 3, None, None)),
    ],
)
def test_tokenizer_errors(text: str, expected: tuple[str, int, int | None, str | None]) -> None:
    assert _where(_error(text, low=True)) == expected


def _swap(old: str, new: str) -> str:
    assert FLAT.count(old) == 1
    return FLAT.replace(old, new)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (_swap("*00501*", "*00401*"), ("x12.isa.version", 1, 12)),
        (_swap("*000000001*0*", "*00000000A*0*"), ("x12.isa.control", 1, 13)),
        (_swap("*000000001*0*", "*000000000*0*"), ("x12.isa.control", 1, 13)),
        (_swap("*0*T*", "*2*T*"), ("x12.isa.acknowledgment", 1, 14)),
        (_swap("*0*T*", "*0*X*"), ("x12.isa.usage", 1, 15)),
        (_swap("*240115*1200*^", "*241315*1200*^"), ("x12.isa.date", 1, 9)),
        (_swap("*240115*1200*^", "*2401A5*1200*^"), ("x12.isa.date", 1, 9)),
        (_swap("*240115*1200*^", "*240115*1260*^"), ("x12.isa.time", 1, 10)),
        (_swap("*20240115*1200*1*X*", "*20240230*1200*1*X*"), ("x12.gs.date", 2, 4)),
        (_swap("*20240115*1200*1*X*", "*2024011*1200*1*X*"), ("x12.gs.date", 2, 4)),
        (_swap("*20240115*1200*1*X*", "*20240115*2400*1*X*"), ("x12.gs.time", 2, 5)),
        (_swap("*20240115*1200*1*X*", "*20240115*12*1*X*"), ("x12.gs.time", 2, 5)),
        (_swap("*20240115*1200*1*X*", "*20240115*1200*A*X*"), ("x12.gs.control", 2, 6)),
        (_swap("*20240115*1200*1*X*", "*20240115*1200*0*X*"), ("x12.gs.control", 2, 6)),
        (_swap("*20240115*1200*1*X*", "*20240115*1200*1*T*"), ("x12.gs.agency", 2, 7)),
        (_swap("GS*HC*SENDERID*", "GS**SENDERID*"), ("x12.element.missing", 2, 1)),
        (_swap("GS*HC*SENDERID*", "GS*HC*SEN:DERID*"), ("x12.element.composite", 2, 2)),
        (_swap("*1*X*005010X222A1~", "*1*X~"), ("x12.element.missing", 2, 8)),
        (_swap("ST*837*0001*", "ST*837**"), ("x12.element.missing", 3, 2)),
        (_swap("SE*27*0001~", "SE*A*0001~"), ("x12.se.count", 29, 1)),
        (_swap("SE*27*0001~", "SE*27~"), ("x12.se.control", 29, 2)),
        (_swap("GE*1*1~", "GE*~"), ("x12.element.missing", 30, 1)),
        (_swap("IEA*1*", "IEA*X*"), ("x12.iea.count", 31, 1)),
        (_swap("SE*27*0001~", "SE*" + "9" * 5000 + "*0001~"), ("x12.se.count", 29, 1)),
        (_swap("GE*1*1~", "GE*1" + "0" * 5000 + "*1~"), ("x12.ge.count", 30, 1)),
        (_swap("ST*837*0001*005010X222A1~", "BHT*0019~"), ("x12.nesting", 3, None)),
        (_swap("GS*HC*", "BHT*HC*"), ("x12.nesting", 2, None)),
        (_swap("SE*27*0001~", "GE*1*1~"), ("x12.nesting", 29, None)),
        (_swap("SE*27*0001~GE*1*1~", "SE*27*0001~IEA*1*000000001~"), ("x12.nesting", 30, None)),
        (FLAT + "GS*HC~", ("x12.nesting", 32, None)),
        (FLAT[: FLAT.index("~GE*") + 1], ("x12.unterminated", 29, None)),
        (FLAT[: FLAT.index("~SE*") + 1], ("x12.unterminated", 28, None)),
        (FLAT[: FLAT.index("~IEA*") + 1], ("x12.unterminated", 30, None)),
        (FLAT[:106], ("x12.unterminated", 1, None)),
    ],
)
def test_envelope_errors(text: str, expected: tuple[str, int, int | None]) -> None:
    err = _error(text)
    assert (err.code, err.segment, err.element) == expected


def test_counts_may_have_leading_zeros() -> None:
    text = _swap("SE*27*0001~", "SE*" + "0" * 5000 + "27*0001~")
    assert parse(text) == parse(FLAT)


def test_errors_name_the_segment_id() -> None:
    err = _error(_swap("SE*27*0001~", "SE*28*0001~"))
    assert err.segment_id == "SE"
    assert str(err) == "segment 29 (SE), element 1: SE01 is 28 but the transaction has 27 segments"


def test_parse_wants_exactly_one_interchange() -> None:
    second = FLAT.replace("000000001", "000000002")
    err = _error(FLAT + "\n" + second)
    assert _where(err) == ("x12.interchange.count", 32, None, "ISA")
    assert [i.control_number for i in parse_all(FLAT + "\n" + second)] == [1, 2]


def test_each_interchange_declares_its_own_delimiters() -> None:
    pipes = serialize(
        attrs.evolve(parse(FLAT), delimiters=Delimiters(element="|", component=">", segment="\x1c"))
    )
    found = parse_all(FLAT + pipes)
    assert found[0] == parse(FLAT)
    assert found[1].delimiters.segment == "\x1c"
    assert found[1].groups == found[0].groups
    d, segments = tokenize(FLAT + pipes)
    assert d == Delimiters()
    assert len(segments) == 62


def test_line_breaks_after_terminators_are_ignored() -> None:
    assert parse(SAMPLE.replace("\n", "\r\n")) == parse(FLAT)
    assert parse("\n" + SAMPLE + "\n\n") == parse(FLAT)


def test_group_time_with_seconds_and_hundredths() -> None:
    i = parse(_swap("*20240115*1200*1*X*", "*20240115*12003045*1*X*"))
    assert i.groups[0].created == dt.datetime(2024, 1, 15, 12, 0, 30, 450_000, tzinfo=dt.UTC)
    i = parse(_swap("*20240115*1200*1*X*", "*20240115*1200304*1*X*"))
    assert i.groups[0].created.microsecond == 400_000


def test_dates_are_read_in_the_given_zone() -> None:
    chicago = ZoneInfo("America/Chicago")
    i = parse(FLAT, zone=chicago)
    assert i.created == dt.datetime(2024, 1, 15, 12, 0, tzinfo=chicago)
    assert serialize(i) == FLAT


def test_isa_padding_is_stripped_from_ids() -> None:
    i = parse(FLAT)
    assert (i.sender_id, i.receiver_id, i.authorization, i.security) == (
        "SENDERID",
        "RECEIVERID",
        "",
        "",
    )


def test_parse_refuses_non_text() -> None:
    with pytest.raises(TypeError, match="text: must be a str"):
        parse(FLAT.encode())  # type: ignore[arg-type]


@settings(max_examples=min(100, settings().max_examples))
@given(interchanges(), st.data())
def test_a_wrong_se01_is_reported_at_that_se(i: Interchange, data: st.DataObject) -> None:
    text = serialize(i)
    d = i.delimiters
    segments = text.split(d.segment)[:-1]
    se_numbers = [n for n, s in enumerate(segments, 1) if s.startswith(f"SE{d.element}")]
    if not se_numbers:
        return
    number = data.draw(st.sampled_from(se_numbers))
    _, count, control = segments[number - 1].split(d.element)
    segments[number - 1] = d.element.join(("SE", str(int(count) + 1), control))
    with pytest.raises(ParseError) as info:
        parse(d.segment.join(segments) + d.segment)
    assert (info.value.code, info.value.segment, info.value.element) == ("x12.se.count", number, 1)
