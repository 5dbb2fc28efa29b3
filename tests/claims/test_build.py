"""build_837p: golden files, the HL hierarchy, counts, determinism and refusals.

The golden files in ``golden/`` were checked by hand against the TR3 and the
sample 837P of the claims reference (§3); ``python -m tests.claims.test_build``
rewrites them (then read the diff).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.claims import (
    Accident,
    Address,
    Batch,
    Claim,
    ClaimDates,
    Drug,
    Patient,
    Payer,
    Provider,
    Receiver,
    ServiceLine,
    Submitter,
    Subscriber,
    _build,
)
from medoffice.claims._build import _amount, build_837p, claim_text
from medoffice.claims.examples import (
    dependent_visit,
    office_visit,
    receiver,
    submitter,
)
from medoffice.exceptions import Problem, ValidationFailed
from medoffice.serialization import from_dict, to_dict
from medoffice.strategies import valid_batches
from medoffice.x12 import Segment, tokenize
from tests.claims._secondary_example import secondary_visit

GOLDEN = Path(__file__).parent / "golden"
REFERENCE_SAMPLE = Path(__file__).parents[1] / "x12" / "golden" / "sample_837p.x12"

#: The envelope of every golden file but the office visit's (dates of service are before it).
CREATED = dt.datetime(2024, 3, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=-6)))


def envelope(**changes: Any) -> dict[str, Any]:
    """Keyword arguments for build_837p."""
    kwargs: dict[str, Any] = {
        "sender": submitter(),
        "receiver": receiver(),
        "control_number": 1,
        "created": CREATED,
        "usage": "T",
    }
    kwargs.update(changes)
    return kwargs


# -- the golden claims -------------------------------------------------------------

ADDRESS = Address(line1="900 LAKE SHORE DR", city="CHICAGO", state="IL", postal_code="606111234")
SECOND_BILLING = Provider(
    npi="1003000126",
    entity="1",
    name="NGUYEN",
    first_name="LINH",
    middle_name="T",
    suffix="MD",
    taxonomy="207R00000X",
    tax_id="123456789",
    tax_id_kind="SY",
    address=Address(line1="77 ELM ST", line2="SUITE 4", city="PEORIA", state="IL",
                    postal_code="616021111"),
)  # fmt: skip


def replacement() -> Claim:
    """The office visit sent again with a corrected line: frequency 7 and REF*F8."""
    visit = office_visit()
    return attrs.evolve(
        visit,
        frequency="7",
        original_claim_number="2024011500123",
        lines=(visit.lines[0], attrs.evolve(visit.lines[1], charge=Decimal("30.00"))),
    )


def void() -> Claim:
    """The office visit cancelled: frequency 8 and REF*F8."""
    return attrs.evolve(office_visit(), frequency="8", original_claim_number="2024011500123")


def auto_accident() -> Claim:
    """A visit after a car accident: CLM11 with the state, the accident date, prior auth, a note."""
    return attrs.evolve(
        office_visit(),
        account_number="PATACCT003",
        accident=Accident(causes=("AA", "EM"), state="IL", date=dt.date(2024, 1, 8)),
        prior_authorization="AUTH7781",
        note="PATIENT SEEN 2 DAYS AFTER ACCIDENT",
        dates=ClaimDates(onset=dt.date(2024, 1, 8), initial_treatment=dt.date(2024, 1, 9)),
        diagnoses=("S13.4XXA", "V43.52XA", "M54.50"),
        lines=(
            ServiceLine(procedure="99204", charge="210.00", service_date=dt.date(2024, 1, 10),
                        pointers=(1, 2, 3)),
            ServiceLine(procedure="72040", charge="95.5", service_date=dt.date(2024, 1, 10),
                        pointers=(1,)),
        ),
    )  # fmt: skip


def other_providers() -> Claim:
    """Referring, rendering and facility providers, a pay-to address, line extras."""
    return attrs.evolve(
        office_visit(),
        account_number="PATACCT004",
        pay_to=Address(line1="PO BOX 1200", city="SPRINGFIELD", state="IL", postal_code="627051200"),
        place_of_service="22",
        referral_number="REF5512",
        medical_record_number="MRN0099",
        patient_paid="20",
        referring=Provider(npi="1588667638", name="PATEL", first_name="RAVI"),
        rendering=Provider(npi="1497758544", name="OKAFOR", first_name="ADA", taxonomy="207RC0000X"),
        facility=Provider(npi="1316929326", entity="2", name="SPRINGFIELD MEMORIAL HOSPITAL",
                          address=ADDRESS),
        dates=ClaimDates(disability_start=dt.date(2024, 1, 2), disability_end=dt.date(2024, 1, 31),
                         admission=dt.date(2024, 1, 9), discharge=dt.date(2024, 1, 11)),
        lines=(
            ServiceLine(procedure="93000", modifiers=("25", "59"), charge="60.25",
                        service_date=dt.date(2024, 1, 9), service_end=dt.date(2024, 1, 10),
                        pointers=(2, 1), emergency=True, control_number="LN-1"),
            ServiceLine(procedure="J3420", charge="40", units=2, service_date=dt.date(2024, 1, 10),
                        place_of_service="11", drug=Drug(ndc="00517-0031-25", quantity="2",
                        unit="ML", prescription_number="RX55"),
                        rendering=Provider(npi="1760400154", name="BROWN", first_name="ELI",
                                           taxonomy="363LF0000X")),
        ),
    )  # fmt: skip


def _person(last: str, first: str, member: str, born: dt.date, sex: str) -> Subscriber:
    return Subscriber(last_name=last, first_name=first, member_id=member, birth_date=born,
                      sex=sex, address=Address(line1="12 PINE RD", city="SPRINGFIELD", state="IL",
                      postal_code="62704"), group_number="GRP900", filing_indicator="BL")  # fmt: skip


def two_providers_batch() -> list[Claim]:
    """Two billing providers, three subscribers (one with a dependent), four claims."""
    roe = _person("ROE", "RICHARD", "BCB100200300", dt.date(1975, 4, 30), "M")
    lee = _person("LEE", "MEI", "BCB400500600", dt.date(1990, 9, 9), "F")
    kid = Patient(last_name="LEE", first_name="TOM", birth_date=dt.date(2019, 2, 14), sex="M",
                  address=lee.address, relationship="19")  # fmt: skip
    payer = Payer(name="BLUE PLAN OF ILLINOIS", id="00621")
    visit = office_visit()
    return [
        visit,
        attrs.evolve(visit, account_number="ROE-1", subscriber=roe, payer=payer),
        attrs.evolve(visit, account_number="LEE-1", billing=SECOND_BILLING, subscriber=lee,
                     payer=payer),
        attrs.evolve(visit, account_number="LEE-2", billing=SECOND_BILLING, subscriber=lee,
                     payer=payer, patient=kid, diagnoses=("J06.9",),
                     lines=(ServiceLine(procedure="99212", charge="80",
                                        service_date=dt.date(2024, 2, 20)),)),
    ]  # fmt: skip


#: name -> (claims, envelope changes). The office visit keeps the reference sample's envelope.
GOLDEN_CASES: dict[str, tuple[Callable[[], list[Claim]], dict[str, Any]]] = {
    "office_visit": (
        lambda: [office_visit()],
        {"created": dt.datetime(2024, 1, 15, 12, 0, tzinfo=dt.UTC)},
    ),
    "dependent_visit": (lambda: [dependent_visit()], {}),
    "replacement": (lambda: [replacement()], {"control_number": 1234}),
    "void": (lambda: [void()], {"control_number": 987654321, "usage": "P"}),
    "auto_accident": (lambda: [auto_accident()], {}),
    "other_providers": (lambda: [other_providers()], {}),
    "two_providers": (two_providers_batch, {"control_number": 42}),
    "secondary": (lambda: [secondary_visit()], {"control_number": 2}),
}


def golden_text(name: str) -> str:
    claims, changes = GOLDEN_CASES[name]
    return build_837p(claims(), **envelope(**changes), line_breaks=True)


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_golden_file(name: str) -> None:
    expected = (GOLDEN / f"{name}.x12").read_text(encoding="ascii")
    assert golden_text(name) == expected
    claims, changes = GOLDEN_CASES[name]
    # The .json next to it holds the same claims, for the reader's and the CLI's tests.
    stored = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    assert from_dict(stored, Batch) == Batch(claims=claims())
    flat = build_837p(from_dict(stored, Batch), **envelope(**changes))
    assert flat == expected.replace("\n", "")


def test_office_visit_matches_the_reference_sample() -> None:
    """Our office visit is the reference's sample but for what the data says differently.

    The sample uses SENDERID/RECEIVERID in the ISA and GS where we use the
    submitter's and receiver's own ids (TGJ23, 66783JJT, as in its NM1s), and
    its BHT03 is ``0123`` where ours is the control number.
    """
    ours = (GOLDEN / "office_visit.x12").read_text(encoding="ascii")
    sample = REFERENCE_SAMPLE.read_text(encoding="ascii")
    adjusted = (
        sample.replace("*SENDERID       *", "*TGJ23          *")
        .replace("*RECEIVERID     *", "*66783JJT       *")
        .replace("GS*HC*SENDERID*RECEIVERID*", "GS*HC*TGJ23*66783JJT*")
        .replace("BHT*0019*00*0123*", "BHT*0019*00*1*")
    )
    assert adjusted != sample
    assert ours == adjusted


# -- reading the output back ---------------------------------------------------------


def segments_of(text: str) -> tuple[Segment, ...]:
    return tokenize(text)[1]


def body_of(text: str) -> list[Segment]:
    segments = segments_of(text)
    start = next(i for i, s in enumerate(segments) if s.id == "ST")
    end = next(i for i, s in enumerate(segments) if s.id == "SE")
    return list(segments[start : end + 1])


def check_hierarchy(segments: Sequence[Segment]) -> None:
    """HL01 counts up from 1; HL02 names an earlier HL of the parent level; HL04 = children."""
    parent_level = {"20": None, "22": "20", "23": "22"}
    levels: dict[str, str] = {}
    children: dict[str, int] = {}
    declared: dict[str, str] = {}
    hls = [s for s in segments if s.id == "HL"]
    assert hls
    for n, hl in enumerate(hls, 1):
        number, parent, level, has_children = (hl.element(k) for k in (1, 2, 3, 4))
        assert number == str(n)
        assert level in parent_level
        if parent_level[level] is None:
            assert parent == ""
        else:
            assert levels[parent] == parent_level[level]  # an earlier HL of the parent level
            children[parent] = children.get(parent, 0) + 1
        levels[number] = level
        declared[number] = has_children
    for number, has_children in declared.items():
        assert has_children == ("1" if children.get(number) else "0")


def check_counts(text: str, claims: Sequence[Claim]) -> None:
    body = body_of(text)
    assert body[-1].element(1) == str(len(body))  # SE01 counts ST to SE
    assert body[-1].element(2) == body[0].element(2)
    clms = [i for i, s in enumerate(body) if s.id == "CLM"]
    assert len(clms) == len(claims)
    for start, end, claim in zip(clms, [*clms[1:], len(body)], claims, strict=True):
        sv1 = [s for s in body[start:end] if s.id == "SV1"]
        # the next claim's HL may sit before end; SV1s only belong to this claim's 2400 loops
        assert len(sv1) == len(claim.lines)
        assert Decimal(body[start].element(2)) == sum(Decimal(s.element(2)) for s in sv1)
        assert body[start].element(1) == claim.account_number


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_golden_hierarchy_and_counts(name: str) -> None:
    claims, _changes = GOLDEN_CASES[name]
    text = golden_text(name)
    check_hierarchy(segments_of(text))
    check_counts(text, claims())


#: After every date valid_batches() draws (its window ends on 2025-09-30).
LATE = dt.datetime(2025, 10, 1, 0, 30, tzinfo=dt.timezone(dt.timedelta(hours=5)))


@settings(max_examples=min(50, settings().max_examples))
@given(valid_batches(max_claims=6))
def test_hierarchy_counts_and_determinism(batch: Batch) -> None:
    text = build_837p(batch, **envelope(created=LATE))
    check_hierarchy(segments_of(text))
    check_counts(text, batch.claims)
    # deterministic: again, from a list, and from the claims' plain-dict copies
    assert build_837p(list(batch.claims), **envelope(created=LATE)) == text
    copies = [from_dict(to_dict(c), Claim) for c in batch.claims]
    assert build_837p(iter(copies), **envelope(created=LATE)) == text


def test_two_providers_hierarchy() -> None:
    hls = [s.elements for s in segments_of(golden_text("two_providers")) if s.id == "HL"]
    assert hls == [
        ("1", "", "20", "1"),
        ("2", "1", "22", "0"),  # the office visit's subscriber
        ("3", "1", "22", "0"),  # ROE
        ("4", "", "20", "1"),  # the second billing provider
        ("5", "4", "22", "0"),  # LEE herself
        ("6", "4", "22", "1"),  # LEE as the subscriber of her son
        ("7", "6", "23", "0"),
    ]


def test_order_is_kept_and_consecutive_claims_share_loops() -> None:
    a, b = office_visit(), dependent_visit()
    other = attrs.evolve(a, billing=SECOND_BILLING, account_number="X1")
    ids = [
        [s.element(3) for s in segments_of(build_837p(claims, **envelope())) if s.id == "HL"]
        for claims in ([a, a, b, b], [a, other, a], [b, attrs.evolve(b, account_number="X2")])
    ]
    assert ids == [["20", "22", "22", "23"], ["20", "22", "20", "22", "20", "22"],
                   ["20", "22", "23"]]  # fmt: skip
    text = build_837p([a, other, a], **envelope())
    clm01 = [s.element(1) for s in segments_of(text) if s.id == "CLM"]
    assert clm01 == ["PATACCT001", "X1", "PATACCT001"]


def test_a_new_dependent_opens_a_new_2000c_under_the_same_2000b() -> None:
    b = dependent_visit()
    sibling = attrs.evolve(b, patient=attrs.evolve(b.patient, first_name="JOE"))
    hls = [s.elements for s in segments_of(build_837p([b, sibling], **envelope())) if s.id == "HL"]
    assert hls == [("1", "", "20", "1"), ("2", "1", "22", "1"), ("3", "2", "23", "0"),
                   ("4", "2", "23", "0")]  # fmt: skip


# -- formatting --------------------------------------------------------------------


@given(st.builds(lambda n, e: Decimal(n).scaleb(e), st.integers(0, 10**12), st.integers(-6, 3)))
def test_amounts_are_minimal(value: Decimal) -> None:
    text = _amount(value)
    assert Decimal(text) == value
    assert "E" not in text
    assert not text.startswith("+")
    if "." in text:
        assert not text.endswith(("0", "."))
    assert text == f"{value.normalize():f}" if value else text == "0"  # oracle


def test_amount_examples() -> None:
    assert [_amount(Decimal(v)) for v in ("125.00", "125.50", "0.5", "1E+2", "0.00", "7")] == [
        "125", "125.5", "0.5", "100", "0", "7"
    ]  # fmt: skip


def test_created_is_written_in_its_own_zone() -> None:
    created = dt.datetime(2024, 3, 1, 23, 45, tzinfo=dt.timezone(dt.timedelta(hours=-8)))
    text = build_837p([office_visit()], **envelope(created=created))
    assert "*240301*2345*" in text
    assert "BHT*0019*00*1*20240301*2345*CH~" in text


def test_contact_by_email_only() -> None:
    sender = Submitter(id="TGJ23", name="SMITH FAMILY PRACTICE", email="BILLING@EXAMPLE.COM")
    text = build_837p([office_visit()], **envelope(sender=sender))
    assert "PER*IC**EM*BILLING@EXAMPLE.COM~" in text


# -- refusals ------------------------------------------------------------------------


def _raises(claims: Iterable[Claim], **changes: Any) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as info:
        build_837p(claims, **envelope(**changes))
    return info.value


def test_every_envelope_problem_at_once() -> None:
    err = _raises(
        [],
        sender=Submitter(id="T", name=" ", qualifier="Z"),
        receiver=Receiver(id="ID-LONGER-THAN-15", name="R", qualifier="ZZZ"),
        control_number=1_000_000_000,
        created=dt.datetime(2100, 1, 1),  # naive and out of the ISA's years
        usage="X",
    )
    found = sorted((p.path, p.code) for p in err.problems)
    assert found == [
        ("claims", "batch.empty"),
        ("control_number", "envelope.control_number"),
        ("created", "envelope.created"),
        ("created", "envelope.created"),
        ("receiver.id", "envelope.id_length"),
        ("receiver.qualifier", "envelope.qualifier"),
        ("sender.id", "envelope.id_length"),
        ("sender.name", "envelope.name"),
        ("sender.phone", "envelope.contact"),
        ("sender.qualifier", "envelope.qualifier"),
        ("usage", "envelope.usage"),
    ]


def test_padded_ids_are_refused() -> None:
    err = _raises([office_visit()], sender=attrs.evolve(submitter(), id="TGJ23 "))
    assert [(p.path, p.code) for p in err.problems] == [("sender.id", "envelope.id_spaces")]


@pytest.mark.parametrize("usage", ["P", "T"])
def test_usage_by_value(usage: str) -> None:
    from medoffice.claims import Usage
    from medoffice.x12 import Usage as X12Usage

    texts = {
        build_837p([office_visit()], **envelope(usage=u))
        for u in (usage, Usage(usage), X12Usage(usage))
    }
    assert len(texts) == 1
    assert texts.pop()[102] == usage  # ISA15


@pytest.mark.parametrize(
    ("field", "value", "path"),
    [
        ("note", "PAID 5*3", "claims[0].note"),
        ("note", "A~B", "claims[0].note"),
        ("note", "A:B", "claims[0].note"),
        ("note", "A^B", "claims[0].note"),
        ("note", "CAFÉ", "claims[0].note"),
        ("account_number", "A*1", "claims[0].account_number"),
        ("prior_authorization", "G1~", "claims[0].prior_authorization"),
    ],
)
def test_delimiters_in_text_are_refused(field: str, value: str, path: str) -> None:
    claim = attrs.evolve(office_visit(), **{field: value})
    err = _raises([claim])
    assert path in {p.path for p in err.problems}
    assert {p.code for p in err.problems if p.path == path} <= {"x12.delimiter", "x12.charset"}
    assert all(value not in p.message for p in err.problems)


def test_text_problems_are_reported_with_other_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    claim = attrs.evolve(office_visit(), note="5*3")
    sender = attrs.evolve(submitter(), name="A~B")
    err = _raises([claim], sender=sender, control_number=0)
    assert {(p.path, p.code) for p in err.problems} >= {
        ("claims[0].note", "x12.delimiter"),
        ("sender.name", "x12.delimiter"),
        ("control_number", "envelope.control_number"),
    }


def test_scrubber_errors_block_and_warnings_do_not(monkeypatch: pytest.MonkeyPatch) -> None:
    warning = Problem(path="claims[0].note", code="claim.note", severity="warning", message="m")
    error = Problem(path="claims[0].lines[0].units", code="line.units", message="m")
    seen: list[dict[str, Any]] = []

    def fake(
        claims: Iterable[Claim], *, on: dt.date, code_sets: object = None, progress: object = None
    ) -> tuple[Problem, ...]:
        seen.append({"claims": tuple(claims), "on": on, "code_sets": code_sets})
        return tuple(result)

    monkeypatch.setattr(_build, "scrub_batch", fake)
    result = [warning]
    text = build_837p([office_visit()], **envelope(), code_sets="sets")  # type: ignore[arg-type]
    assert text.startswith("ISA")
    assert seen[0]["on"] == dt.date(2024, 3, 1)  # created's date in its own zone
    assert seen[0]["code_sets"] == "sets"
    result = [warning, error]
    err = _raises([office_visit()], control_number=0)
    assert err.problems[:2] == (warning, error)
    assert err.problems[2].code == "envelope.control_number"


def test_serializer_problems_are_placed_on_the_claim(monkeypatch: pytest.MonkeyPatch) -> None:
    # A value the text walk does not know about still never reaches the output.
    monkeypatch.setattr(_build, "claim_text", lambda claim, path: iter(()))
    monkeypatch.setattr(
        _build, "scrub_batch", lambda claims, *, on, code_sets=None, progress=None: ()
    )
    err = _raises([attrs.evolve(office_visit(), note="A*B")])
    assert [p.code for p in err.problems] == ["x12.delimiter"]
    assert err.problems[0].path.startswith("groups[0].transactions[0].body[")


def test_sparse_values_are_written_as_given(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the scrubber, optional parts that are missing are left out, never invented."""
    monkeypatch.setattr(
        _build, "scrub_batch", lambda claims, *, on, code_sets=None, progress=None: ()
    )
    visit = dependent_visit()
    assert visit.patient is not None
    claim = attrs.evolve(
        visit,
        billing=attrs.evolve(visit.billing, address=None, tax_id=None),
        subscriber=attrs.evolve(visit.subscriber, address=None, birth_date=None),
        patient=attrs.evolve(visit.patient, address=None, birth_date=None),
        payer=attrs.evolve(visit.payer, address=ADDRESS),
        facility=Provider(entity="2", name="CLINIC"),
        dates=ClaimDates(disability_end=dt.date(2024, 2, 1)),
        diagnoses=(),
    )
    body = body_of(build_837p([claim], **envelope()))
    ids = [s.id for s in body]
    assert ids[:20] == ["ST", "BHT", "NM1", "PER", "NM1", "HL", "PRV", "NM1", "HL", "SBR", "NM1",
                        "NM1", "N3", "N4", "HL", "PAT", "NM1", "CLM", "DTP", "NM1"]  # fmt: skip
    assert "HI" not in ids
    assert body[18].elements == ("361", "D8", "20240201")
    assert [s.elements for s in body if s.id == "NM1"][-1] == ("77", "2", "CLINIC")
    start = attrs.evolve(claim, dates=ClaimDates(disability_start=dt.date(2024, 2, 1)))
    assert "DTP*360*D8*20240201~" in build_837p([start], **envelope())


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"sender": "TGJ23"}, "sender"),
        ({"receiver": None}, "receiver"),
        ({"control_number": "1"}, "control_number"),
        ({"control_number": True}, "control_number"),
        ({"created": dt.date(2024, 1, 1)}, "created"),
    ],
)
def test_wrong_types(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(TypeError, match=f"^{field}: "):
        build_837p([office_visit()], **envelope(**kwargs))


@pytest.mark.parametrize(
    ("claims", "field"),
    [("claims", "claims"), (42, "claims"), ([office_visit(), "x"], r"claims\[1\]")],
)
def test_wrong_claims(claims: object, field: str) -> None:
    with pytest.raises(TypeError, match=f"^{field}: "):
        build_837p(claims, **envelope())  # type: ignore[arg-type]


# -- free text can never change the structure ---------------------------------------

NASTY = st.text(st.sampled_from("AZ 09-~*:^é\u2014\n\x00ü😀'"), max_size=12)
TEXT_FIELDS = ("note", "billing.name", "subscriber.last_name", "lines[0].description",
               "payer.name", "subscriber.address.line1")  # fmt: skip


def _with_text(claim: Claim, field: str, value: str) -> Claim:
    if field == "lines[0].description":
        return attrs.evolve(claim, lines=(attrs.evolve(claim.lines[0], description=value),
                                          *claim.lines[1:]))  # fmt: skip
    head, _, rest = field.partition(".")
    if not rest:
        return attrs.evolve(claim, **{head: value})
    return attrs.evolve(claim, **{head: _evolve_path(getattr(claim, head), rest, value)})


def _evolve_path(obj: Any, path: str, value: str) -> Any:
    head, _, rest = path.partition(".")
    if not rest:
        return attrs.evolve(obj, **{head: value})
    return attrs.evolve(obj, **{head: _evolve_path(getattr(obj, head), rest, value)})


@given(st.lists(st.tuples(st.sampled_from(TEXT_FIELDS), NASTY), min_size=1, max_size=4))
def test_free_text_never_changes_the_segment_structure(edits: list[tuple[str, str]]) -> None:
    dirty = clean = office_visit()
    for field, value in edits:
        dirty = _with_text(dirty, field, value)
        clean = _with_text(clean, field, "X")
    expected = [s.id for s in segments_of(build_837p([clean], **envelope()))]
    try:
        text = build_837p([dirty], **envelope())
    except ValidationFailed as err:
        refused: ValidationFailed | None = err
    else:
        refused = None
    if refused is not None:
        assert refused.errors
        return
    assert [s.id for s in segments_of(text)] == expected
    final = dict(edits).values()  # a later edit of a field replaces an earlier one
    assert all(v.isascii() and not set(v) & set("~*:^") for v in final if v in text)


@given(st.sampled_from(TEXT_FIELDS), NASTY)
def test_a_delimiter_or_non_ascii_character_is_always_refused(field: str, value: str) -> None:
    claim = _with_text(office_visit(), field, value)
    bad = any(c in "~*:^" or not " " <= c <= "}" for c in value)
    if not bad:
        return
    err = _raises([claim])
    path = "claims[0]." + field
    assert {p.code for p in err.problems if p.path == path} & {"x12.delimiter", "x12.charset"}


def test_claim_text_covers_every_written_value(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every text value written for the richest goldens is in claim_text (and nothing unwritten)."""
    monkeypatch.setattr(
        _build, "scrub_batch", lambda claims, *, on, code_sets=None, progress=None: ()
    )
    sparse = attrs.evolve(other_providers(), facility=Provider(entity="2", name="CLINIC"),
                          payer=Payer(name="ACME", id="12345", address=ADDRESS),
        subscriber=attrs.evolve(office_visit().subscriber, address=None))  # fmt: skip
    for claim in (other_providers(), dependent_visit(), auto_accident(), sparse):
        values = dict(claim_text(claim, "c"))
        text = build_837p([claim], **envelope())
        for path, value in values.items():
            assert value == "" or value in text, path
        assert "c.facility.first_name" not in values
        assert "c.rendering.address.line1" not in values


# -- regenerating the golden files ---------------------------------------------------


def write_golden() -> None:  # pragma: no cover - run by hand
    for name, (claims, _changes) in GOLDEN_CASES.items():
        (GOLDEN / f"{name}.x12").write_text(golden_text(name), encoding="ascii")
        data = to_dict(Batch(claims=claims()))
        (GOLDEN / f"{name}.json").write_text(
            json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )


if __name__ == "__main__":  # pragma: no cover
    write_golden()
    sys.stdout.write(f"wrote {len(GOLDEN_CASES)} golden files to {GOLDEN}\n")


def test_progress_counts_each_claim_scrubbed_then_written() -> None:
    steps: list[tuple[int, int]] = []
    claims = [office_visit(), dependent_visit(), office_visit()]
    build_837p(claims, **envelope(), progress=lambda done, total: steps.append((done, total)))
    assert steps == [(k, 6) for k in range(1, 7)]


def test_progress_stops_after_the_scrub_when_a_claim_is_refused() -> None:
    steps: list[int] = []
    bad = attrs.evolve(office_visit(), account_number="")
    with pytest.raises(ValidationFailed):
        build_837p([bad, office_visit()], **envelope(), progress=lambda d, _t: steps.append(d))
    assert steps == [1, 2]
