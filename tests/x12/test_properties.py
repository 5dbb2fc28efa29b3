"""Round trips and computed counts, as Hypothesis properties."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.x12 import (
    Delimiters,
    Interchange,
    parse,
    parse_all,
    serialize,
    tokenize,
    write_segments,
)
from medoffice.x12._writer import _isa
from tests.x12._sample import FLAT
from tests.x12._strategies import body_segment, delimiters, interchanges

HEAVY = settings(max_examples=min(100, settings().max_examples))


@HEAVY
@given(interchanges(), st.booleans())
def test_parse_inverts_serialize(interchange: Interchange, line_breaks: bool) -> None:
    text = serialize(interchange, line_breaks=line_breaks)
    assert parse(text) == interchange
    assert serialize(parse(text), line_breaks=line_breaks) == text
    # The ISA is 106 characters and declares the delimiters where readers look.
    d = interchange.delimiters
    assert (text[:3], text[3], text[82], text[104]) == ("ISA", d.element, d.repetition, d.component)
    assert text.index(d.segment) == 105
    # Every count equals a naive count of the segments written.
    trailers = _naive_counts(text, d)
    n_transactions = sum(len(g.transactions) for g in interchange.groups)
    assert len(trailers) == n_transactions + len(interchange.groups) + 1
    for _sid, elements, expected in trailers:
        assert int(elements[0]) == expected


@HEAVY
@given(interchanges())
def test_tokenize_and_write_segments_invert_each_other(interchange: Interchange) -> None:
    text = serialize(interchange, line_breaks=True)
    d, segments = tokenize(text)
    assert d == interchange.delimiters
    assert write_segments(segments, d, line_breaks=True) == text


@HEAVY
@given(st.data())
def test_segments_survive_writing_and_tokenizing(data: st.DataObject) -> None:
    d = data.draw(delimiters())
    segments = data.draw(st.lists(body_segment(d), max_size=8))
    isa = _isa(_probe(d), d.segment)
    _, back = tokenize(isa + write_segments(segments, d))
    assert list(back[1:]) == segments


@settings(max_examples=min(40, settings().max_examples))
@given(st.lists(interchanges(), min_size=1, max_size=2))
def test_several_interchanges_in_one_text(found: list[Interchange]) -> None:
    text = "\r\n".join(serialize(i) for i in found)
    assert parse_all(text) == tuple(found)


def _naive_counts(text: str, d: Delimiters) -> list[tuple[str, list[str], int]]:
    """(trailer id, trailer elements, what it should count), by walking the text by hand."""
    out = []
    lines = [line.lstrip("\r\n") for line in text.split(d.segment)][:-1]
    st_at = gs_sts = isa_gss = 0
    for n, line in enumerate(lines):
        sid, *rest = line.split(d.element)
        if sid == "ST":
            st_at = n
            gs_sts += 1
        elif sid == "SE":
            out.append((sid, rest, n - st_at + 1))
        elif sid == "GS":
            gs_sts = 0
            isa_gss += 1
        elif sid == "GE":
            out.append((sid, rest, gs_sts))
        elif sid == "IEA":
            out.append((sid, rest, isa_gss))
    return out


def _probe(d: Delimiters) -> Interchange:
    return Interchange(
        sender_id="S",
        receiver_id="R",
        control_number=7,
        created=dt.datetime(2024, 1, 15, 12, 0, tzinfo=dt.UTC),
        delimiters=d,
        groups=(),
    )


def test_naive_oracle_can_fail() -> None:
    # The oracle itself is exercised on a text whose SE01 is wrong.
    bad = FLAT.replace("SE*27*", "SE*26*")
    trailers = _naive_counts(bad, Delimiters())
    assert any(int(e[0]) != expected for _s, e, expected in trailers)
