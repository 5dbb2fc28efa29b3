"""Tests for medoffice.codes.zipcode: ZIP and ZIP+4."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice import strategies
from medoffice.codes import zipcode
from medoffice.exceptions import InvalidComponent, InvalidFormat, InvalidLength
from tests.codes._specs import CodeSpec, ErrorCase, drop_separators

ZIP_RE = re.compile(r"(?!000)[0-9]{5}(?:[0-9]{4})?")


def oracle(text: str) -> bool:
    return ZIP_RE.fullmatch(drop_separators(text)) is not None


ERRORS = (
    ErrorCase("1234A", InvalidFormat, "zipcode.format"),
    ErrorCase("", InvalidFormat, "zipcode.format"),
    ErrorCase("９0210", InvalidFormat, "zipcode.format"),
    ErrorCase("1234", InvalidLength, "zipcode.length"),
    ErrorCase("123456", InvalidLength, "zipcode.length"),
    ErrorCase("12345-678", InvalidLength, "zipcode.length"),
    ErrorCase("00012", InvalidComponent, "zipcode.prefix"),
    ErrorCase("00012-3456", InvalidComponent, "zipcode.prefix"),
    ErrorCase("1234", InvalidLength, "zipcode.length", func="format"),
    ErrorCase("1234", InvalidLength, "zipcode.length", func="split"),
)

SPEC = CodeSpec(
    module=zipcode,
    valid=strategies.zipcodes,
    oracle=oracle,
    alphabet="0123456789- ",
    regexes=(r"[0-9]{5}(-[0-9]{4})?", r"[0-9]{4,10}", r"0{3}[0-9]{2,6}"),
    errors=ERRORS,
    samples=("02134", "12345-6789", "00501"),
)


@pytest.mark.parametrize(
    ("value", "compact", "display", "parts"),
    [
        ("12345-6789", "123456789", "12345-6789", ("12345", "6789")),
        ("02134", "02134", "02134", ("02134", None)),
        ("00501", "00501", "00501", ("00501", None)),
        (" 902101234 ", "902101234", "90210-1234", ("90210", "1234")),
    ],
)
def test_known_values(
    value: str, compact: str, display: str, parts: tuple[str, str | None]
) -> None:
    assert zipcode.validate(value) == compact
    assert zipcode.compact(value) == compact
    assert zipcode.format(value) == display
    assert zipcode.split(value) == parts
    assert zipcode.is_zip4(value) == (parts[1] is not None)


@given(strategies.zipcodes())
def test_split_and_is_zip4(value: str) -> None:
    five, four = zipcode.split(value)
    assert five + (four or "") == value
    assert zipcode.is_zip4(value) == (four is not None)


@pytest.mark.parametrize("value", [None, 12345, "1234", "", "00012"])
def test_is_zip4_never_raises(value: object) -> None:
    assert zipcode.is_zip4(value) is False  # type: ignore[arg-type]


@given(st.text("0123456789", min_size=5, max_size=5))
def test_only_000_prefix_is_refused(value: str) -> None:
    assert zipcode.is_valid(value) == (not value.startswith("000"))


@pytest.mark.parametrize("case", ERRORS, ids=str)
def test_error_paths(case: ErrorCase) -> None:
    with pytest.raises(case.exc) as info:
        case.call(zipcode)
    assert type(info.value) is case.exc
    assert info.value.code == case.code
    assert info.value.field == "zipcode"
    assert str(info.value).startswith("zipcode: ")
