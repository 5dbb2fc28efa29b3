"""Tests for medoffice.codes.ndc: the three layouts, 5-4-2, ambiguity, round trips."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice import strategies
from medoffice.codes import ndc
from medoffice.exceptions import InvalidFormat, InvalidLength
from tests.codes._specs import CodeSpec, ErrorCase

NDC_RE = re.compile(
    r"[0-9]{4}-[0-9]{4}-[0-9]{2}"  # 4-4-2
    r"|[0-9]{5}-[0-9]{3}-[0-9]{2}"  # 5-3-2
    r"|[0-9]{5}-[0-9]{4}-[0-9]"  # 5-4-1
    r"|[0-9]{5}-[0-9]{4}-[0-9]{2}"  # 5-4-2 (billing, hyphenated)
    r"|[0-9]{11}"  # 5-4-2 (billing, bare)
)


def oracle(text: str) -> bool:
    # Surrounding whitespace and inner spaces are ignored; a bare 10-digit
    # NDC is ambiguous and so not valid without a layout.
    return NDC_RE.fullmatch(text.strip().replace(" ", "")) is not None


def billing(labeler: str, product: str, package: str) -> str:
    """The 5-4-2 form by hand: left-pad each segment with zeros."""
    return (
        "0" * (5 - len(labeler))
        + labeler
        + "0" * (4 - len(product))
        + product
        + ("0" * (2 - len(package)) + package)
    )


ERRORS = (
    ErrorCase("0002-1433-8A", InvalidFormat, "ndc.format"),
    ErrorCase("0002--80", InvalidFormat, "ndc.format"),
    ErrorCase("1-2-3", InvalidFormat, "ndc.layout"),
    ErrorCase("00002-01433-80", InvalidFormat, "ndc.layout"),
    ErrorCase("000214338A", InvalidFormat, "ndc.format"),
    ErrorCase("", InvalidFormat, "ndc.format"),
    ErrorCase("0002143380", InvalidFormat, "ndc.ambiguous"),
    ErrorCase("000214338", InvalidLength, "ndc.length"),
    ErrorCase("000021433800", InvalidLength, "ndc.length"),
    ErrorCase("0002-143380", InvalidFormat, "ndc.format"),
    ErrorCase("00-02-1433-80", InvalidFormat, "ndc.format"),
    ErrorCase("0002-1433-80", InvalidFormat, "ndc.layout", kwargs={"layout": "5-3-2"}),
    ErrorCase("0002143380", InvalidFormat, "ndc.layout", kwargs={"layout": "4-4-3"}),
    ErrorCase("0002143380", InvalidFormat, "ndc.ambiguous", func="compact"),
    ErrorCase("0002143380", InvalidFormat, "ndc.ambiguous", func="format"),
    ErrorCase("00002143380", InvalidFormat, "ndc.layout", func="layout"),
    ErrorCase("0002-1433-8", InvalidFormat, "ndc.layout", func="layout"),
    ErrorCase("0002-1433", InvalidFormat, "ndc.format", func="ten_digit_forms"),
)

SPEC = CodeSpec(
    module=ndc,
    valid=strategies.ndcs,
    oracle=oracle,
    alphabet="0123456789- ",
    regexes=(r"[0-9]{4,5}-[0-9]{3,4}-[0-9]{1,2}", r"[0-9]{9,12}", r"[0-9 -]{10,14}"),
    errors=ERRORS,
    samples=("0002-1433-80", "50242-040-62", "60575-4112-1", "00002-1433-80", "00002143380"),
)


@pytest.mark.parametrize(
    ("value", "layout", "billing_form"),
    [
        ("0002-1433-80", "4-4-2", "00002143380"),
        ("50242-040-62", "5-3-2", "50242004062"),
        ("60575-4112-1", "5-4-1", "60575411201"),
        ("00002-1433-80", "5-4-2", "00002143380"),
    ],
)
def test_three_layouts_to_5_4_2(value: str, layout: str, billing_form: str) -> None:
    assert ndc.validate(value) == billing_form
    assert ndc.compact(value) == billing_form
    assert ndc.format(value) == f"{billing_form[:5]}-{billing_form[5:9]}-{billing_form[9:]}"
    assert ndc.layout(value) == layout
    assert ndc.layout(f" {value} ") == layout
    assert ndc.is_valid(value)
    assert ndc.validate(billing_form) == billing_form


@pytest.mark.parametrize("name", sorted(ndc.LAYOUTS))
@given(digits=st.text("0123456789", min_size=10, max_size=10))
def test_bare_ten_digits_need_a_layout(name: str, digits: str) -> None:
    assert not ndc.is_valid(digits)
    with pytest.raises(InvalidFormat) as info:
        ndc.validate(digits)
    assert info.value.code == "ndc.ambiguous"
    a, b, _ = ndc.LAYOUTS[name]
    segments = (digits[:a], digits[a : a + b], digits[a + b :])
    hyphenated = "-".join(segments)
    assert ndc.validate(digits, layout=name) == billing(*segments)
    assert ndc.validate(digits, layout=name) == ndc.validate(hyphenated)
    assert ndc.compact(digits, layout=name) == ndc.validate(hyphenated)
    assert ndc.format(digits, layout=name) == ndc.format(hyphenated)
    assert ndc.layout(hyphenated) == name
    # A hyphenated NDC in its own layout, or in 5-4-2, may be given a layout too.
    assert ndc.validate(hyphenated, layout=name) == ndc.validate(hyphenated)
    assert ndc.validate(ndc.format(hyphenated), layout=name) == ndc.validate(hyphenated)
    assert ndc.validate(billing(*segments), layout=name) == billing(*segments)


@given(strategies.ndcs())
def test_hyphenated_ndcs_pad_by_hand(value: str) -> None:
    assert ndc.validate(value) == billing(*value.split("-"))
    assert ndc.layout(value) in ndc.LAYOUTS


@given(st.text("0123456789", min_size=11, max_size=11))
def test_ten_digit_forms_round_trip(value: str) -> None:
    forms = ndc.ten_digit_forms(value)
    assert len(set(forms)) == len(forms)
    for form in forms:
        assert ndc.validate(form) == value
        assert ndc.layout(form) in ndc.LAYOUTS
    # Exactly one form per segment that starts with the padding zero.
    zeros = [value[0] == "0", value[5] == "0", value[9] == "0"]
    assert len(forms) == sum(zeros)
    assert ndc.ten_digit_forms(ndc.format(value)) == forms


@given(strategies.ndcs())
def test_every_ten_digit_ndc_is_among_the_forms_of_its_billing_form(value: str) -> None:
    assert value in ndc.ten_digit_forms(ndc.validate(value))


def test_ten_digit_forms_examples() -> None:
    assert ndc.ten_digit_forms("00002143380") == ("0002-1433-80",)
    assert ndc.ten_digit_forms("00002004001") == ("0002-0040-01", "00002-040-01", "00002-0040-1")
    assert ndc.ten_digit_forms("12345678911") == ()


@pytest.mark.parametrize("case", ERRORS, ids=str)
def test_error_paths(case: ErrorCase) -> None:
    with pytest.raises(case.exc) as info:
        case.call(ndc)
    assert type(info.value) is case.exc
    assert info.value.code == case.code
    assert info.value.field == "ndc"
    assert str(info.value).startswith("ndc: ")


def test_layout_refuses_non_strings() -> None:
    with pytest.raises(TypeError, match=r"^ndc: "):
        ndc.layout(1234)  # type: ignore[arg-type]
