"""Tests for medoffice.codes.modifier: two characters, Level I or II."""

from __future__ import annotations

import re

import pytest

from medoffice import strategies
from medoffice.codes import modifier
from medoffice.exceptions import InvalidFormat, InvalidLength
from tests.codes._specs import CodeSpec, ErrorCase, upper_ascii

MODIFIER_RE = re.compile(r"[A-Z0-9]{2}")


def oracle(text: str) -> bool:
    return MODIFIER_RE.fullmatch(upper_ascii(text.strip())) is not None


ERRORS = (
    ErrorCase("G-", InvalidFormat, "modifier.format"),
    ErrorCase("", InvalidFormat, "modifier.format"),
    ErrorCase("L T", InvalidFormat, "modifier.format"),
    ErrorCase("２5", InvalidFormat, "modifier.format"),
    ErrorCase("L", InvalidLength, "modifier.length"),
    ErrorCase("LTX", InvalidLength, "modifier.length"),
    ErrorCase("LTX", InvalidLength, "modifier.length", func="format"),
    ErrorCase("L", InvalidLength, "modifier.length", func="level"),
)

SPEC = CodeSpec(
    module=modifier,
    valid=strategies.modifiers,
    oracle=oracle,
    alphabet="0123456789GLPTXltx -",
    regexes=(r"[A-Z0-9]{1,3}", r" ?[a-zA-Z0-9]{2} ?"),
    errors=ERRORS,
    samples=("25", "LT", "1P", "F1"),
)


@pytest.mark.parametrize(
    ("value", "compact", "level"),
    [
        (" lt ", "LT", "II"),
        ("25", "25", "I"),
        ("59", "59", "I"),
        ("1P", "1P", "I"),
        ("8p", "8P", "I"),
        ("XU", "XU", "II"),
        ("F1", "F1", "II"),
        ("gt", "GT", "II"),
    ],
)
def test_known_values(value: str, compact: str, level: str) -> None:
    assert modifier.validate(value) == compact
    assert modifier.compact(value) == compact
    assert modifier.format(value) == compact
    assert modifier.level(value) == level


@pytest.mark.parametrize("case", ERRORS, ids=str)
def test_error_paths(case: ErrorCase) -> None:
    with pytest.raises(case.exc) as info:
        case.call(modifier)
    assert type(info.value) is case.exc
    assert info.value.code == case.code
    assert info.value.field == "modifier"
    assert str(info.value).startswith("modifier: ")


@pytest.mark.parametrize("value", ["ß", "ıT", "ﬀ", "ſT", "ﬅ"])
def test_non_ascii_never_passes_for_ascii(value: str) -> None:
    # "ß".upper() == "SS" would make a modifier out of one German letter.
    assert not modifier.is_valid(value)
