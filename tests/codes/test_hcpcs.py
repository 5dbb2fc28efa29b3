"""Tests for medoffice.codes.hcpcs: a letter A to V and four digits."""

from __future__ import annotations

import re

import pytest

from medoffice import strategies
from medoffice.codes import hcpcs
from medoffice.exceptions import InvalidComponent, InvalidFormat, InvalidLength
from tests.codes._specs import CodeSpec, ErrorCase, drop_separators, upper_ascii

HCPCS_RE = re.compile(r"[A-V][0-9]{4}")


def oracle(text: str) -> bool:
    return HCPCS_RE.fullmatch(upper_ascii(drop_separators(text))) is not None


ERRORS = (
    ErrorCase("J34!0", InvalidFormat, "hcpcs.format"),
    ErrorCase("", InvalidFormat, "hcpcs.format"),
    ErrorCase("Ｊ3490", InvalidFormat, "hcpcs.format"),
    ErrorCase("J349", InvalidLength, "hcpcs.length"),
    ErrorCase("J34901", InvalidLength, "hcpcs.length"),
    ErrorCase("W1234", InvalidComponent, "hcpcs.component"),
    ErrorCase("99213", InvalidComponent, "hcpcs.component"),
    ErrorCase("JJ349", InvalidComponent, "hcpcs.component"),
    ErrorCase("W1234", InvalidComponent, "hcpcs.component", func="format"),
)

SPEC = CodeSpec(
    module=hcpcs,
    valid=strategies.hcpcs_codes,
    oracle=oracle,
    alphabet="0123456789AGJVWXZaj -",
    regexes=(r"[A-Z][0-9]{4}", r"[A-Z0-9]{4,6}"),
    errors=ERRORS,
    samples=("J3490", "G0438", "A0428", "V5008"),
)


@pytest.mark.parametrize(
    ("value", "compact"),
    [(" j3490 ", "J3490"), ("G0438", "G0438"), ("e0114", "E0114"), ("g 0438", "G0438")],
)
def test_known_values(value: str, compact: str) -> None:
    assert hcpcs.validate(value) == compact
    assert hcpcs.compact(value) == compact
    assert hcpcs.format(value) == compact


@pytest.mark.parametrize("letter", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
def test_sections_are_a_to_v(letter: str) -> None:
    assert hcpcs.is_valid(f"{letter}1234") == (letter <= "V")


@pytest.mark.parametrize("case", ERRORS, ids=str)
def test_error_paths(case: ErrorCase) -> None:
    with pytest.raises(case.exc) as info:
        case.call(hcpcs)
    assert type(info.value) is case.exc
    assert info.value.code == case.code
    assert info.value.field == "hcpcs"
    assert str(info.value).startswith("hcpcs: ")


@pytest.mark.parametrize("value", ["ſ1234", "ı1234", "ﬀ123"])
def test_non_ascii_never_passes_for_ascii(value: str) -> None:
    assert not hcpcs.is_valid(value)
