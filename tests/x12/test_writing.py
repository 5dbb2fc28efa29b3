"""The writer refuses what it cannot write, reports every problem, and never writes half."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.exceptions import ValidationFailed
from medoffice.x12 import (
    Delimiters,
    FunctionalGroup,
    Interchange,
    Segment,
    Transaction,
    parse,
    serialize,
    tokenize,
    write_segments,
)
from medoffice.x12._writer import _isa, _locate, _render
from tests.x12._sample import FLAT
from tests.x12._strategies import FORBIDDEN, delimiters, interchanges

HEAVY = settings(max_examples=min(100, settings().max_examples))
UTC = dt.UTC
CREATED = dt.datetime(2024, 1, 15, 12, 0, tzinfo=UTC)


def _trim(parts: list[str]) -> list[str]:
    while parts and parts[-1] == "":
        parts.pop()
    return parts


def naive_write(segments: list[Segment], d: Delimiters) -> str:
    """The oracle: the obvious writer, with no fast path."""
    out = []
    for seg in segments:
        elements = [
            d.component.join(_trim(list(e))) if isinstance(e, tuple) else e for e in seg.elements
        ]
        out.append(d.element.join([seg.id, *_trim(elements)]) + d.segment)
    return "".join(out)


ANY_TEXT = st.text(st.characters(codec="utf-8"), max_size=6) | st.sampled_from(list("*:^~|>"))
ANY_ELEMENT = ANY_TEXT | st.lists(ANY_TEXT, max_size=3).map(tuple)
ANY_SEGMENT = st.builds(
    Segment,
    st.sampled_from(["NM1", "SV1", "HI", "N3", "nm1", "X", "ISA", "A*B"]),
    st.lists(ANY_ELEMENT, max_size=5).map(tuple),
)


@HEAVY
@given(delimiters(), st.lists(ANY_SEGMENT, max_size=6))
def test_fast_path_agrees_with_the_slow_path_and_a_naive_writer(
    d: Delimiters, segments: list[Segment]
) -> None:
    rendered = _render(segments, d)
    problems = _locate(segments, d, "")
    assert (rendered is None) == bool(problems)
    if rendered is not None:
        assert rendered[0] == naive_write(segments, d)
        assert write_segments(segments, d) == rendered[0]
    else:
        with pytest.raises(ValidationFailed) as info:
            write_segments(segments, d)
        assert info.value.problems == tuple(problems)


@HEAVY
@given(delimiters(), st.lists(ANY_SEGMENT.filter(lambda s: s.id != "ISA"), max_size=6))
def test_the_structure_never_changes(d: Delimiters, segments: list[Segment]) -> None:
    """Whatever the values, the text either reads back as the same segments or is refused."""
    try:
        text = write_segments(segments, d)
    except ValidationFailed:
        return
    isa = _isa(Interchange(sender_id="S", receiver_id="R", control_number=1, created=CREATED,
                           delimiters=d, groups=()), d.segment)  # fmt: skip
    _, back = tokenize(isa + text)
    assert [s.id for s in back[1:]] == [s.id for s in segments]
    assert write_segments(back[1:], d) == text


def _places(i: Interchange) -> list[tuple[str, tuple[int, int, int, int, int | None]]]:
    """Every body value of ``i``: (path, (group, transaction, segment, element, component))."""
    out = []
    for gi, g in enumerate(i.groups):
        for ti, t in enumerate(g.transactions):
            for si, seg in enumerate(t.body):
                for ei, value in enumerate(seg.elements):
                    at = f"groups[{gi}].transactions[{ti}].body[{si}].elements[{ei}]"
                    if isinstance(value, str):
                        out.append((at, (gi, ti, si, ei, None)))
                    else:
                        out.extend(
                            (f"{at}[{ci}]", (gi, ti, si, ei, ci)) for ci in range(len(value))
                        )
    return out


def _inject(
    i: Interchange, where: tuple[int, int, int, int, int | None], char: str, at: int
) -> Interchange:
    gi, ti, si, ei, ci = where
    g = i.groups[gi]
    t = g.transactions[ti]
    seg = t.body[si]
    value = seg.elements[ei]
    if ci is None:
        assert isinstance(value, str)
        new: str | tuple[str, ...] = value[:at] + char + value[at:]
    else:
        assert isinstance(value, tuple)
        part = value[ci]
        new = (*value[:ci], part[:at] + char + part[at:], *value[ci + 1 :])
    elements = (*seg.elements[:ei], new, *seg.elements[ei + 1 :])
    body = (*t.body[:si], Segment(seg.id, elements), *t.body[si + 1 :])
    txs = (*g.transactions[:ti], attrs.evolve(t, body=body), *g.transactions[ti + 1 :])
    groups = (*i.groups[:gi], attrs.evolve(g, transactions=txs), *i.groups[gi + 1 :])
    return attrs.evolve(i, groups=groups)


@HEAVY
@given(interchanges(), st.data())
def test_a_bad_character_anywhere_in_a_body_is_refused_at_its_path(
    i: Interchange, data: st.DataObject
) -> None:
    places = _places(i)
    if not places:
        return
    path, where = data.draw(st.sampled_from(places))
    d = i.delimiters
    char = data.draw(st.sampled_from(d.all) | FORBIDDEN)
    bad = _inject(i, where, char, data.draw(st.integers(0, 12)))
    with pytest.raises(ValidationFailed) as info:
        serialize(bad)
    problems = info.value.problems
    assert [(p.path, p.code) for p in problems] == [
        (path, "x12.delimiter" if char in d.all else "x12.charset")
    ]
    # The low-level writer refuses it too, at the segment's own path.
    gi, ti, si, _, _ = where
    body = bad.groups[gi].transactions[ti].body
    with pytest.raises(ValidationFailed) as low:
        write_segments(body, d)
    local = path.split(".body", 1)[1]
    assert local.startswith(f"[{si}]")
    assert [p.path for p in low.value.problems] == [local]


ENVELOPE_FIELDS = [
    "sender_qualifier", "sender_id", "receiver_qualifier", "receiver_id",
    "authorization_qualifier", "authorization", "security_qualifier", "security",
]  # fmt: skip


@pytest.mark.parametrize("field", ENVELOPE_FIELDS)
@pytest.mark.parametrize("char", ["*", "~", ":", "^", "é", "\x07"])
def test_a_bad_character_in_an_isa_field_is_refused(field: str, char: str) -> None:
    i = parse(FLAT)
    value = getattr(i, field)
    with pytest.raises(ValidationFailed) as info:
        serialize(
            attrs.evolve(
                i, **{field: value[:1] + char if "qualifier" in field else value[:5] + char}
            )
        )
    codes = {p.code for p in info.value.problems if p.path == field}
    assert codes == {"x12.delimiter" if char in "*~:^" else "x12.charset"}


GROUP_FIELDS = ["functional_id", "sender_code", "receiver_code", "version"]
TRANSACTION_FIELDS = ["set_id", "control_number", "implementation"]


@pytest.mark.parametrize("field", GROUP_FIELDS + TRANSACTION_FIELDS)
def test_a_delimiter_in_a_group_or_transaction_field_is_refused(field: str) -> None:
    i = parse(FLAT)
    g = i.groups[0]
    t = g.transactions[0]
    if field in GROUP_FIELDS:
        g = attrs.evolve(g, **{field: getattr(g, field)[:1] + "~"})
        path = f"groups[0].{field}"
    else:
        t = attrs.evolve(t, **{field: getattr(t, field)[:2] + "*"})
        path = f"groups[0].transactions[0].{field}"
        g = attrs.evolve(g, transactions=(t,))
    with pytest.raises(ValidationFailed) as info:
        serialize(attrs.evolve(i, groups=(g,)))
    assert [(p.path, p.code) for p in info.value.problems if p.code == "x12.delimiter"] == [
        (path, "x12.delimiter")
    ]


def _interchange(**changes: object) -> Interchange:
    return attrs.evolve(parse(FLAT), **changes)


def test_every_envelope_problem_is_reported_at_once() -> None:
    good = parse(FLAT)
    g = good.groups[0]
    t = g.transactions[0]
    bad_t = attrs.evolve(t, set_id="8370", control_number="001", implementation="X" * 36)
    dup_t = attrs.evolve(t, control_number="001")
    bad_g = attrs.evolve(
        g,
        functional_id="H",
        sender_code="S",
        receiver_code="R" * 16,
        version="",
        control_number=0,
        created=dt.datetime(999, 1, 1, tzinfo=UTC),
        transactions=(bad_t, dup_t),
    )
    dup_g = attrs.evolve(g, control_number=0, transactions=())
    bad = attrs.evolve(
        good,
        sender_qualifier="Z",
        receiver_qualifier="ZZZ",
        authorization_qualifier="",
        security_qualifier="0",
        authorization="A" * 11,
        security="PASS ",
        sender_id="",
        receiver_id="R" * 16,
        control_number=1_000_000_000,
        created=dt.datetime(2100, 1, 1, tzinfo=UTC),
        groups=(bad_g, dup_g),
    )
    with pytest.raises(ValidationFailed) as info:
        serialize(bad)
    found = {(p.path, p.code) for p in info.value.problems}
    assert found == {
        ("sender_qualifier", "x12.length"),
        ("receiver_qualifier", "x12.length"),
        ("authorization_qualifier", "x12.length"),
        ("security_qualifier", "x12.length"),
        ("authorization", "x12.length"),
        ("security", "x12.padding"),
        ("sender_id", "x12.length"),
        ("receiver_id", "x12.length"),
        ("control_number", "x12.control_number"),
        ("created", "x12.date"),
        ("groups[0].functional_id", "x12.length"),
        ("groups[0].sender_code", "x12.length"),
        ("groups[0].receiver_code", "x12.length"),
        ("groups[0].version", "x12.length"),
        ("groups[0].control_number", "x12.control_number"),
        ("groups[0].created", "x12.date"),
        ("groups[0].transactions[0].set_id", "x12.length"),
        ("groups[0].transactions[0].control_number", "x12.control_number"),
        ("groups[0].transactions[0].implementation", "x12.length"),
        ("groups[0].transactions[1].control_number", "x12.control_number"),
        ("groups[1].control_number", "x12.control_number"),
    }
    # The second ST02 is short and repeated; the second GS06 is 0 and repeated.
    assert len(info.value.problems) == len(found) + 2
    for problem in info.value.problems:
        assert "PASS" not in problem.message


def test_envelope_segments_and_bad_ids_in_a_body_are_refused() -> None:
    i = parse(FLAT)
    t = i.groups[0].transactions[0]
    body = (*t.body[:3], Segment("SE", ("3", "0001")), Segment("nm1", ("X",)), *t.body[3:])
    bad = attrs.evolve(
        i, groups=(attrs.evolve(i.groups[0], transactions=(attrs.evolve(t, body=body),)),)
    )
    with pytest.raises(ValidationFailed) as info:
        serialize(bad)
    at = "groups[0].transactions[0].body"
    assert [(p.path, p.code) for p in info.value.problems] == [
        (f"{at}[4].id", "x12.segment_id"),
        (f"{at}[3].id", "x12.envelope_segment"),
    ]
    # An envelope id alone passes the fast path and is still caught.
    only = (*t.body, Segment("GE", ("1", "1")))
    bad = attrs.evolve(
        i, groups=(attrs.evolve(i.groups[0], transactions=(attrs.evolve(t, body=only),)),)
    )
    with pytest.raises(ValidationFailed) as info:
        serialize(bad)
    assert [(p.path, p.code) for p in info.value.problems] == [
        (f"{at}[25].id", "x12.envelope_segment")
    ]


def test_trailing_empty_elements_and_components_are_dropped() -> None:
    segments = [
        Segment("SV1", (("HC", "99213", "", ""), "125", "UN", "1", "", "", ("1", ""), "")),
        Segment("NM1", ("IL", "", "", ("", ""))),
        Segment("HL", ()),
        Segment("NM1", ("IL", "1", "", "")),
        Segment("HI", (("ABK", "E119"), ("", ""), ("ABF", "I10"))),
    ]
    assert write_segments(segments) == (
        "SV1*HC:99213*125*UN*1***1~NM1*IL~HL~NM1*IL*1~HI*ABK:E119**ABF:I10~"
    )


def test_write_segments_takes_any_iterable_and_line_breaks() -> None:
    segments = (Segment("LX", (str(n),)) for n in (1, 2))
    assert write_segments(segments, line_breaks=True) == "LX*1~\nLX*2~\n"
    assert write_segments([]) == ""


def test_isa11_and_isa16_may_hold_their_delimiters_and_nothing_else() -> None:
    d, segments = tokenize(FLAT)
    isa = segments[0]
    assert write_segments([isa], d) == FLAT[:106]
    moved = Segment("ISA", (*isa.elements[:9], "^", *isa.elements[10:]))
    with pytest.raises(ValidationFailed) as info:
        write_segments([moved], d)
    assert [p.path for p in info.value.problems] == ["[0].elements[9]"]


@pytest.mark.parametrize(
    ("segments", "message"),
    [
        (["NM1"], "[0]: must be a Segment, not str"),
        ([Segment(1, ())], "[0].id: must be a str, not int"),  # type: ignore[arg-type]
        ([Segment("NM1", "85")], "[0].elements: must be a tuple, not str"),  # type: ignore[arg-type]
        ([Segment("NM1", ("85", 2))], "[0].elements[1]: must be a str or a tuple of str, not int"),  # type: ignore[arg-type]
        ([Segment("SV1", (("HC", None),))], "[0].elements[0][1]: must be a str, not NoneType"),  # type: ignore[arg-type]
    ],
)
def test_wrong_types_raise_type_error_naming_the_place(
    segments: list[Segment], message: str
) -> None:
    with pytest.raises(TypeError, match=message.replace("[", r"\[").replace("]", r"\]")):
        write_segments(segments)


def test_wrong_argument_types() -> None:
    with pytest.raises(TypeError, match="delimiters: must be a Delimiters"):
        write_segments([], "*:^~")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="interchange: must be a Interchange"):
        serialize(FLAT)  # type: ignore[arg-type]


def test_an_empty_interchange_and_empty_group_are_written() -> None:
    i = Interchange(sender_id="S", receiver_id="R", control_number=5, created=CREATED, groups=(
        FunctionalGroup(functional_id="HC", sender_code="SS", receiver_code="RR", control_number=9,
                        created=CREATED, version="005010X222A1", transactions=(
            Transaction(set_id="837", control_number="0001", implementation="", body=()),)),
    ))  # fmt: skip
    text = serialize(i)
    assert text[106:] == (
        "GS*HC*SS*RR*20240115*1200*9*X*005010X222A1~ST*837*0001~SE*2*0001~GE*1*9~IEA*1*000000005~"
    )
    assert parse(text) == i


def test_dates_are_written_in_the_datetimes_own_zone() -> None:
    east = dt.timezone(dt.timedelta(hours=-5))
    created = dt.datetime(2024, 1, 1, 0, 30, tzinfo=UTC).astimezone(east)
    i = Interchange(sender_id="S", receiver_id="R", control_number=5, created=created, groups=())
    text = serialize(i)
    assert text[70:81] == "231231*1930"
    assert parse(text, zone=east) == i


def test_only_tuples_and_lists_hold_elements() -> None:
    with pytest.raises(TypeError, match=r"\[0\].elements: must be a tuple, not dict"):
        write_segments([Segment("NM1", {"85": 1})])  # type: ignore[arg-type]
    assert write_segments([Segment("NM1", ["85", "2"])]) == "NM1*85*2~"  # type: ignore[arg-type]
