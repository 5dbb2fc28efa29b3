"""Tests for medoffice.codes.ein: IRS prefixes, display form, every error path."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice import strategies
from medoffice.codes import ein
from medoffice.exceptions import InvalidComponent, InvalidFormat, InvalidLength
from tests.codes._specs import CodeSpec, ErrorCase, drop_separators

# The IRS's list of valid EIN prefixes, written as a regex (independently of the
# module's table of never-issued ones).
EIN_RE = re.compile(r"(0[1-6]|1[0-6]|2[0-7]|[35][0-9]|[468][0-8]|7[1-7]|9[0-589])[0-9]{7}")


def oracle(text: str) -> bool:
    return EIN_RE.fullmatch(drop_separators(text)) is not None


ERRORS = (
    ErrorCase("12-34567AB", InvalidFormat, "ein.format"),
    ErrorCase("", InvalidFormat, "ein.format"),
    ErrorCase("12_3456789", InvalidFormat, "ein.format"),
    ErrorCase("１２-３４５６７８９", InvalidFormat, "ein.format"),
    ErrorCase("12-345678", InvalidLength, "ein.length"),
    ErrorCase("12-34567890", InvalidLength, "ein.length"),
    ErrorCase("07-1234567", InvalidComponent, "ein.prefix"),
    ErrorCase("00-1234567", InvalidComponent, "ein.prefix", func="format"),
    ErrorCase("12-3456", InvalidLength, "ein.length", func="format"),
)

SPEC = CodeSpec(
    module=ein,
    valid=strategies.eins,
    invalid=strategies.invalid_eins,
    oracle=oracle,
    alphabet="0123456789-",
    regexes=(r"[0-9]{9}", r"[0-9]{2}-[0-9]{7}", r"[0-9]{2}-?[0-9]{6,8}"),
    errors=ERRORS,
    samples=("04-1234567", "123456789", "99-0000000"),
)


def test_never_issued_prefixes_match_the_irs_list() -> None:
    never = {f"{i:02d}" for i in range(100) if not EIN_RE.fullmatch(f"{i:02d}0000000")}
    assert never == ein.NEVER_ISSUED_PREFIXES


@pytest.mark.parametrize("prefix", sorted(ein.NEVER_ISSUED_PREFIXES))
def test_each_never_issued_prefix_is_refused(prefix: str) -> None:
    with pytest.raises(InvalidComponent) as info:
        ein.validate(f"{prefix}-1234567")
    assert info.value.code == "ein.prefix"
    assert info.value.field == "ein"


@pytest.mark.parametrize(
    ("value", "compact", "display"),
    [
        ("04-1234567", "041234567", "04-1234567"),
        ("123456789", "123456789", "12-3456789"),
        (" 98 7654321 ", "987654321", "98-7654321"),
        ("37-1234567", "371234567", "37-1234567"),
    ],
)
def test_known_values(value: str, compact: str, display: str) -> None:
    assert ein.validate(value) == compact
    assert ein.compact(value) == compact
    assert ein.format(value) == display
    assert ein.is_valid(value)


@given(strategies.eins())
def test_display_form_is_two_dash_seven(value: str) -> None:
    shown = ein.format(value)
    assert re.fullmatch(r"[0-9]{2}-[0-9]{7}", shown)
    assert shown.replace("-", "") == value


@given(st.text("0123456789", min_size=9, max_size=9))
def test_nine_digits_valid_exactly_when_prefix_issued(value: str) -> None:
    assert ein.is_valid(value) == (value[:2] not in ein.NEVER_ISSUED_PREFIXES)


@pytest.mark.parametrize("case", ERRORS, ids=str)
def test_error_paths(case: ErrorCase) -> None:
    with pytest.raises(case.exc) as info:
        case.call(ein)
    assert type(info.value) is case.exc
    assert info.value.code == case.code
    assert info.value.field == "ein"
    assert str(info.value).startswith("ein: ")
