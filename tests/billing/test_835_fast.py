"""The 835 reader's fast path against its oracle, the full reader (``_835._full``).

Where the fast path reads a text it gives what the full reader gives, value for
value (Decimal exponents, dates, codes, types); where the full reader raises, the
fast path gives up (``None``) so that ``parse_835`` raises the full reader's
error. The usual texts (built ones, with line breaks, lower-case codes, segments
the model skips, other delimiters, several interchanges) must take the fast path.
"""

from __future__ import annotations

import decimal
import pathlib
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medoffice import strategies
from medoffice.billing import _835
from medoffice.billing._835 import build_835, parse_835
from medoffice.billing._remit import Remittance
from medoffice.exceptions import ParseError
from tests.billing._remittances import ENVELOPE, GOLDEN

GOLDEN_DIR = pathlib.Path(__file__).parent / "golden"
SMALL = settings(
    max_examples=min(20, settings().max_examples),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def exact(value: object) -> object:
    """``value`` as plain data that tells apart what ``==`` does not (``Decimal('1.0')``)."""
    if isinstance(value, tuple | list):
        return tuple(exact(v) for v in value)
    if attrs.has(type(value)):
        fields = attrs.fields(type(value))
        return (type(value), tuple(exact(getattr(value, f.name)) for f in fields))
    if isinstance(value, decimal.Decimal):
        return (decimal.Decimal, str(value))
    return (type(value), value)


def outcome(read: Any, text: str) -> object:
    """What ``read(text)`` gives, or the error it raises, as comparable data."""
    try:
        return exact(read(text))
    except ParseError as exc:
        return (ParseError, str(exc), exc.code, exc.segment, exc.element, exc.segment_id)


def assert_agrees(text: str, *, fast_expected: bool = False) -> None:
    """The fast path gives the full reader's values, or gives up; parse_835 is the full reader."""
    fast = _835._fast(text)
    full = outcome(_835._full, text)
    if fast is None:
        assert not fast_expected
    else:
        assert exact(tuple(fast)) == full
    assert outcome(parse_835, text) == full


# -- texts the fast path must read -----------------------------------------------------


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_golden_files_take_the_fast_path(name: str) -> None:
    text = (GOLDEN_DIR / f"{name}.835").read_text()
    assert_agrees(text, fast_expected=True)
    assert_agrees(text.replace("\n", "\r\n"), fast_expected=True)
    assert_agrees("\n" + text.replace("~\n", "~"), fast_expected=True)


@SMALL
@given(
    st.lists(strategies.balanced_remittances(max_claims=2), min_size=1, max_size=2),
    st.booleans(),
)
def test_built_remittances_take_the_fast_path(
    remittances: list[Remittance], line_breaks: bool
) -> None:
    text = build_835(remittances, line_breaks=line_breaks, **ENVELOPE)
    assert _835._fast(text) == remittances
    assert_agrees(text, fast_expected=True)
    second = build_835(remittances[-1], **{**ENVELOPE, "control_number": 2})
    assert_agrees(text + second, fast_expected=True)


@SMALL
@given(strategies.remittances())
def test_any_buildable_remittance_takes_the_fast_path(remittance: Remittance) -> None:
    try:
        text = build_835(remittance, **ENVELOPE)
    except ValueError:
        return
    assert_agrees(text, fast_expected=True)


def test_other_delimiters_take_the_fast_path() -> None:
    text = build_835(list(GOLDEN.values()), **ENVELOPE)
    assert not set("|>!'") & set(text)
    other = text.translate(str.maketrans("*:^~", "|>!'"))
    assert_agrees(other, fast_expected=True)
    assert parse_835(other) == tuple(GOLDEN.values())


def test_what_the_model_skips_takes_the_fast_path() -> None:
    text = build_835(GOLDEN["contractual_and_coinsurance"], **ENVELOPE)
    extra = (
        text.replace("LX*1~", "LX*1~TS3*1234567893*11*20241231*1*150~TS2*1~")
        .replace("NM1*QC", "MIA*0~NM1*QC", 1)
        .replace("MI*XYZ123456789~", "MI*XYZ123456789~NM1*IL*1*DOE~REF*1L*GRP1~AMT*AU*150~")
        .replace("PATACCT001-2~", "PATACCT001-2~REF*LU*11~AMT*KH*0~QTY*ZK*1~LQ*RX*X1~DTM*9*1~")
        .replace("SVC*HC:", "SVC*hc:a.")
        .replace("CAS*CO*45*25~", "CAS*CO*45*25*1*b 1*0.50**oa*9*1.****5*.5*2~")
    )
    assert_agrees(_recount(extra), fast_expected=True)


def _recount(text: str) -> str:
    """Every SE01 made right again after segments were added or removed (``~`` terminators)."""
    segments = text.split("~")
    start = 0
    for k, segment in enumerate(segments):
        if segment.startswith("ST*"):
            start = k
        elif segment.startswith("SE*"):
            control = segment.split("*")[2] if segment.count("*") >= 2 else ""
            segments[k] = f"SE*{k - start + 1}*{control}"
    return "~".join(segments)


# -- texts the fast path must give up on ----------------------------------------------


def test_the_fast_path_gives_up_where_the_full_reader_reads_differently() -> None:
    base = build_835(GOLDEN["interest_and_recovery"], **ENVELOPE)
    # A component separator where the full reader takes the first component.
    for old, new in (("NM1*QC*", "NM1*QC:X*"), ("CLP*PATACCT004*", "CLP*PATACCT004:9*")):
        text = base.replace(old, new, 1)
        assert _835._fast(text) is None
        assert_agrees(text)
    # A decimal point as the component separator: the tokenizer splits amounts.
    dotted = base.translate(str.maketrans(":.", ".:"))
    assert _835._fast(dotted) is None
    assert_agrees(dotted)


def test_the_fast_path_ignores_the_callers_decimal_context() -> None:
    text = _recount(
        build_835(GOLDEN["contractual_and_coinsurance"], **ENVELOPE).replace(
            "CAS*CO*45*", "CAS*CO*45*-~CAS*OA*"
        )
    )
    with decimal.localcontext() as quiet:
        quiet.traps[decimal.InvalidOperation] = False
        assert _835._fast(text) is None
        with pytest.raises(ParseError, match="CAS03: an amount must be a decimal number"):
            parse_835(text)


def test_counts_of_any_length_are_read_or_parse_errors() -> None:
    text = build_835(GOLDEN["simple_paid"], **ENVELOPE)
    trailer = "~SE*22*0001~GE*1*1~IEA*1*000000001~"
    assert text.endswith(trailer)
    padded = text.replace(trailer, trailer.replace("SE*", "SE*" + "0" * 5000))
    assert_agrees(padded)
    assert parse_835(padded) == (GOLDEN["simple_paid"],)
    for old, new, code in (("SE*22", "SE*" + "1" * 5000, "x12.se.count"), ("IEA*1", "IEA*9" + "0" * 5000, "x12.iea.count")):  # fmt: skip
        broken = text.replace(trailer, trailer.replace(old, new))
        assert_agrees(broken)
        with pytest.raises(ParseError) as exc:
            parse_835(broken)
        assert exc.value.code == code


# -- mutations and junk ----------------------------------------------------------------

#: Element values near the rules: amounts, codes, qualifiers, dates, composites.
SPECIAL = (
    "", "0", "-0", "1", "1.", ".5", "-.5", "-", ".", "1.2.3", "1-", "1e5", "+1", " 1", "\u0661",
    "1_0", "CO", "PR", "CR", "XX", "QC", "HE", "6R", "B6", "472", "150", "151", "232", "233",
    "050", "405", "PE", "20240110", "20241310", "\uff12\uff10\uff12\uff140110", "HC:99213",
    "HC:99213:25:59:GT:95:76", "HC::25", "HC", "hc:a.b c", "45", "N130", "22", "X:Y", "835",
)  # fmt: skip
VALUES = st.one_of(st.sampled_from(SPECIAL), st.text("0123456789.-:*^~ ABCEHQRX\n", max_size=6))
IDS = st.sampled_from(
    ["CAS", "DTM", "REF", "AMT", "QTY", "LQ", "NM1", "MOA", "MIA", "PER", "LX", "TS3", "TS2",
     "SVC", "CLP", "PLB", "N1", "N3", "N4", "BPR", "TRN", "CUR", "RDM", "XYZ", "SE", "GE", "ST",
     "GS", "IEA", "ISA", "cas", "C", ""]
)  # fmt: skip


#: The golden remittances, and all of them in one file, as the builder writes them.
BASES = [build_835(r, **ENVELOPE) for r in (*GOLDEN.values(), list(GOLDEN.values()))]


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A built 835 with a few segments changed, dropped, repeated or added."""
    segments = draw(st.sampled_from(BASES)).split("~")
    for _ in range(draw(st.integers(1, 3))):
        k = draw(st.integers(1, len(segments) - 2))
        action = draw(st.sampled_from(["element", "element", "drop", "repeat", "add"]))
        if action == "element":
            elements = segments[k].split("*")
            at = draw(st.integers(1, len(elements)))
            elements[at:] = [draw(VALUES), *elements[at + 1 :]]
            segments[k] = "*".join(elements)
        elif action == "drop":
            del segments[k]
        elif action == "repeat":
            segments.insert(k, segments[k])
        else:
            elements = draw(st.lists(VALUES, max_size=5))
            segments.insert(k, "*".join([draw(IDS), *elements]))
    text = "~".join(segments)
    return _recount(text) if draw(st.booleans()) else text


@settings(
    max_examples=min(150, settings().max_examples * 2),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutated())
def test_mutated_texts_agree(text: str) -> None:
    assert_agrees(text)


@given(
    name=st.sampled_from(sorted(GOLDEN)),
    at=st.integers(0, 10**6),
    junk=st.text("*:~^0123456789ABCNQXZ-. \n", max_size=4),
    cut=st.integers(0, 3),
)
def test_golden_files_with_junk_agree(name: str, at: int, junk: str, cut: int) -> None:
    text = (GOLDEN_DIR / f"{name}.835").read_text()
    i = at % len(text)
    assert_agrees(text[:i] + junk + text[i + cut :])


@given(st.text(max_size=200))
def test_junk_agrees(text: str) -> None:
    assert_agrees(text)
