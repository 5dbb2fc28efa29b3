"""The tokenizer against an oracle: the plain segment-by-segment scanner it replaced."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.exceptions import ParseError
from medoffice.x12 import Delimiters, Segment, serialize, tokenize
from medoffice.x12._model import valid_segment_id
from medoffice.x12._reader import ISA_LENGTH, _read_isa
from tests.x12._sample import FLAT, SAMPLE
from tests.x12._strategies import interchanges
from tests.x12.test_robustness import X12ISH, mutated

CAPPED = settings(max_examples=min(60, settings().max_examples))
#: Whole files are slow to make: fewer of them.
FILES = settings(max_examples=min(15, settings().max_examples))


def oracle(text: str) -> tuple[Delimiters, tuple[Segment, ...]]:
    """Find each terminator from where the last segment ended; one segment at a time."""
    segments: list[Segment] = []
    declared: dict[int, Delimiters] = {}
    pos, d = 0, None
    while True:
        while pos < len(text) and text[pos] in "\r\n":
            pos += 1
        if pos >= len(text):
            break
        number = len(segments) + 1
        if text.startswith("ISA", pos):
            d, isa = _read_isa(text, pos, number)
            declared[len(segments)] = d
            segments.append(isa)
            pos += ISA_LENGTH
            continue
        if d is None:
            raise ParseError("no ISA", code="x12.isa.missing", segment=number)
        end = text.find(d.segment, pos)
        if end < 0:
            raise ParseError("no terminator", code="x12.terminator", segment=number)
        parts = text[pos:end].split(d.element)
        pos = end + 1
        if not parts[0]:
            raise ParseError("empty id", code="x12.segment.empty", segment=number)
        if not valid_segment_id(parts[0]):
            raise ParseError("bad id", code="x12.segment.id", segment=number)
        elements = tuple(tuple(p.split(d.component)) if d.component in p else p for p in parts[1:])
        segments.append(Segment(parts[0], elements))
    if not segments:
        raise ParseError("no ISA", code="x12.isa.missing", segment=1)
    return declared[0], tuple(segments)


def outcome(reader: object, text: str) -> object:
    try:
        return reader(text)  # type: ignore[operator]
    except ParseError as exc:
        return (exc.code, exc.segment, exc.element)


def assert_as_oracle(text: str) -> None:
    assert outcome(tokenize, text) == outcome(oracle, text)


@FILES
@given(st.lists(interchanges(), min_size=1, max_size=3), st.lists(st.booleans(), max_size=3))
def test_the_tokenizer_is_the_oracle_on_files(found: list[object], breaks: list[bool]) -> None:
    # Several interchanges, each with its own delimiters, with or without line breaks.
    texts = [
        serialize(i, line_breaks=k < len(breaks) and breaks[k])  # type: ignore[arg-type]
        for k, i in enumerate(found)
    ]
    text = "".join(texts)
    assert_as_oracle(text)
    assert_as_oracle("\r\n" + text + "\n\n")
    for cut in (1, len(text) // 2, len(text) - 1):
        assert_as_oracle(text[:cut])


@CAPPED
@given(mutated() | X12ISH | (X12ISH.map(lambda t: FLAT[:106] + t)))
def test_the_tokenizer_is_the_oracle_on_junk(text: str) -> None:
    assert_as_oracle(text)
    assert_as_oracle(text + SAMPLE)


def test_the_oracle_can_fail() -> None:
    # The oracle tells the tokenizer's answers apart: a wrong split would be caught.
    assert outcome(oracle, FLAT) != outcome(oracle, FLAT.replace("~", "~~", 3))
    assert outcome(oracle, SAMPLE) == outcome(tokenize, SAMPLE)
    one = oracle(FLAT)[1]
    assert oracle(FLAT + FLAT.replace("~", "|"))[1] == one + one
    assert len(FLAT.split("~")) - 1 == len(one)
