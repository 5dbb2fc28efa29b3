"""Tests for medoffice.codes.npi: the worked example, Luhn, every error path."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice import strategies
from medoffice.codes import npi
from medoffice.exceptions import (
    InvalidChecksum,
    InvalidCode,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    MedofficeError,
)
from tests.codes._specs import CodeSpec, ErrorCase, drop_separators, upper_ascii


def luhn_check_digit(payload: str) -> int:
    """Textbook Luhn: the digit to append to ``payload`` so the whole passes.

    Starting from the rightmost digit of the payload, double every second digit
    (the rightmost is doubled, because the check digit will go after it), add
    the digits of each product, add everything up.
    """
    total = 0
    for i, char in enumerate(reversed(payload)):
        digit = int(char)
        if i % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return (10 - total % 10) % 10


def oracle(text: str) -> bool:
    """An NPI: 10 ASCII digits, first 1 or 2, Luhn over "80840" + the first nine."""
    compact = upper_ascii(drop_separators(text))
    if not re.fullmatch(r"[12][0-9]{9}", compact):
        return False
    return luhn_check_digit("80840" + compact[:9]) == int(compact[9])


ERRORS = (
    ErrorCase("12345678A3", InvalidFormat, "npi.format"),
    ErrorCase("", InvalidFormat, "npi.format"),
    ErrorCase("١٢٣٤٥٦٧٨٩٣", InvalidFormat, "npi.format"),
    ErrorCase("１２３４５６７８９３", InvalidFormat, "npi.format"),
    ErrorCase("123456789", InvalidLength, "npi.length"),
    ErrorCase("12345678931", InvalidLength, "npi.length"),
    ErrorCase("3234567891", InvalidComponent, "npi.prefix"),
    ErrorCase("0234567891", InvalidComponent, "npi.prefix"),
    ErrorCase("1234567890", InvalidChecksum, "npi.checksum"),
    ErrorCase("12345678A", InvalidFormat, "npi.format", func="calc_check_digit"),
    ErrorCase("12345678", InvalidLength, "npi.length", func="calc_check_digit"),
    ErrorCase("1234567893", InvalidLength, "npi.length", func="calc_check_digit"),
)

SPEC = CodeSpec(
    module=npi,
    valid=strategies.npis,
    invalid=strategies.invalid_npis,
    oracle=oracle,
    alphabet="0123456789 -",
    regexes=(r"[0-9]{10}", r"[12][0-9]{8,10}", r"[12][0-9 -]{9,12}"),
    errors=ERRORS,
    samples=("1234567893", "1245319599", "2000000002"),
)


def test_worked_example_from_the_reference() -> None:
    # claims.md: for 123456789 the 14-digit string is 80840123456789; doubling
    # every second digit from the right gives 9, 5, 1, 6, 2, 8, 0 (sum 31), the
    # others 8, 6, 4, 2, 0, 8, 8 sum to 36; 67 gives the check digit 3.
    payload = "80840" + "123456789"
    assert len(payload) == 14
    digits = [int(c) for c in reversed(payload)]
    assert digits[0::2] == [9, 7, 5, 3, 1, 4, 0]
    assert sum(d * 2 - 9 if d * 2 > 9 else d * 2 for d in digits[0::2]) == 31
    assert digits[1::2] == [8, 6, 4, 2, 0, 8, 8]
    assert sum(digits[1::2]) == 36
    assert luhn_check_digit(payload) == 3
    assert npi.calc_check_digit("123456789") == "3"
    assert npi.validate("1234567893") == "1234567893"
    assert npi.is_valid("1234567893")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1234567893", "1234567893"),
        ("1234-567-893", "1234567893"),
        (" 1 245 319 599 ", "1245319599"),
        ("1245319599", "1245319599"),
        ("2000000002", "2000000002"),
    ],
)
def test_known_valid(value: str, expected: str) -> None:
    assert npi.validate(value) == expected
    assert npi.compact(value) == expected
    assert npi.format(value) == expected
    assert npi.is_valid(value)


def test_shortcut_is_luhn_of_nine_digits_plus_24() -> None:
    # The reference's shortcut: the 80840 prefix contributes 24 to the sum.
    assert luhn_check_digit("80840" + "000000000") == (10 - 24 % 10) % 10


@given(st.text("0123456789", min_size=9, max_size=9))
def test_calc_check_digit_is_textbook_luhn(base: str) -> None:
    assert npi.calc_check_digit(base) == str(luhn_check_digit("80840" + base))


@given(st.sampled_from("12"), st.text("0123456789", min_size=8, max_size=8))
def test_calc_check_digit_agrees_with_validate(first: str, rest: str) -> None:
    base = first + rest
    check = npi.calc_check_digit(base)
    assert npi.validate(base + check) == base + check
    for other in "0123456789":
        if other != check:
            with pytest.raises(InvalidChecksum) as info:
                npi.validate(base + other)
            assert info.value.code == "npi.checksum"


def test_calc_check_digit_ignores_separators() -> None:
    assert npi.calc_check_digit("123-456-789") == "3"


def test_calc_check_digit_refuses_non_strings() -> None:
    with pytest.raises(TypeError, match=r"^npi: "):
        npi.calc_check_digit(123456789)  # type: ignore[arg-type]


@pytest.mark.parametrize("case", ERRORS, ids=str)
def test_error_paths(case: ErrorCase) -> None:
    with pytest.raises(case.exc) as info:
        case.call(npi)
    err = info.value
    assert type(err) is case.exc
    assert isinstance(err, InvalidCode)
    assert isinstance(err, ValueError)
    assert isinstance(err, MedofficeError)
    assert err.code == case.code
    assert err.field == "npi"
    assert str(err).startswith("npi: ")


def test_each_rule_has_its_own_subclass() -> None:
    codes = {(case.exc, case.code) for case in ERRORS}
    assert codes == {
        (InvalidFormat, "npi.format"),
        (InvalidLength, "npi.length"),
        (InvalidComponent, "npi.prefix"),
        (InvalidChecksum, "npi.checksum"),
    }


@given(strategies.npis())
def test_every_other_check_digit_fails(value: str) -> None:
    for digit in "0123456789":
        candidate = value[:-1] + digit
        assert npi.is_valid(candidate) == (digit == value[-1])
