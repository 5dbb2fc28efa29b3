"""Tests for medoffice.codes.cpt: the five-character form and the category."""

from __future__ import annotations

import re

import pytest
from hypothesis import given

from medoffice import strategies
from medoffice.codes import cpt
from medoffice.exceptions import InvalidComponent, InvalidFormat, InvalidLength
from tests.codes._specs import CodeSpec, ErrorCase, drop_separators, upper_ascii

CPT_RE = re.compile(r"[0-9]{4}[0-9FTU]")


def oracle(text: str) -> bool:
    return CPT_RE.fullmatch(upper_ascii(drop_separators(text))) is not None


ERRORS = (
    ErrorCase("9921!", InvalidFormat, "cpt.format"),
    ErrorCase("", InvalidFormat, "cpt.format"),
    ErrorCase("9921٣", InvalidFormat, "cpt.format"),
    ErrorCase("9921", InvalidLength, "cpt.length"),
    ErrorCase("992134", InvalidLength, "cpt.length"),
    ErrorCase("A9921", InvalidComponent, "cpt.component"),
    ErrorCase("J3490", InvalidComponent, "cpt.component"),
    ErrorCase("9921A", InvalidComponent, "cpt.component"),
    ErrorCase("9921A", InvalidComponent, "cpt.component", func="format"),
    ErrorCase("9921", InvalidLength, "cpt.length", func="category"),
)

SPEC = CodeSpec(
    module=cpt,
    valid=strategies.cpt_codes,
    oracle=oracle,
    alphabet="0123456789FTUAJftu -",
    regexes=(r"[0-9]{4}[0-9A-Z]", r"[0-9]{4}[A-Z]", r"[0-9A-Z]{4,6}"),
    errors=ERRORS,
    samples=("99213", "3074F", "0042T", "0001U"),
)


@pytest.mark.parametrize(
    ("value", "compact", "category"),
    [
        ("99213", "99213", "I"),
        (" 3074f ", "3074F", "II"),
        ("0042T", "0042T", "III"),
        ("0001u", "0001U", "PLA"),
    ],
)
def test_known_values(value: str, compact: str, category: str) -> None:
    assert cpt.validate(value) == compact
    assert cpt.compact(value) == compact
    assert cpt.format(value) == compact
    assert cpt.category(value) == category


@given(strategies.cpt_codes())
def test_category_follows_the_fifth_character(code: str) -> None:
    expected = {"F": "II", "T": "III", "U": "PLA"}.get(code[4], "I")
    assert cpt.category(code) == expected


@pytest.mark.parametrize("letter", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
def test_fifth_character_letters(letter: str) -> None:
    assert cpt.is_valid(f"1234{letter}") == (letter in "FTU")
    assert cpt.is_valid(f"{letter}1234") is False


@pytest.mark.parametrize("case", ERRORS, ids=str)
def test_error_paths(case: ErrorCase) -> None:
    with pytest.raises(case.exc) as info:
        case.call(cpt)
    assert type(info.value) is case.exc
    assert info.value.code == case.code
    assert info.value.field == "cpt"
    assert str(info.value).startswith("cpt: ")
