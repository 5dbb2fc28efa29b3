"""Tests for medoffice.codes.mbi: the CMS position table, PHI-free messages."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice import strategies
from medoffice.codes import mbi
from medoffice.exceptions import InvalidCode, InvalidComponent, InvalidFormat, InvalidLength
from tests.codes._specs import CodeSpec, ErrorCase, drop_separators, upper_ascii

# The CMS position table as a regex. Letters: A-Z without S, L, O, I, B, Z.
_A = "[AC-HJKMNP-RT-Y]"
_AN = "[0-9AC-HJKMNP-RT-Y]"
_N = "[0-9]"
MBI_RE = re.compile(f"[1-9]{_A}{_AN}{_N}{_A}{_AN}{_N}{_A}{_A}{_N}{_N}")


def oracle(text: str) -> bool:
    return MBI_RE.fullmatch(upper_ascii(drop_separators(text))) is not None


def test_letter_class_is_a_to_z_without_slobiz() -> None:
    letters = {chr(c) for c in range(ord("A"), ord("Z") + 1) if re.fullmatch(_A, chr(c))}
    assert letters == set("ABCDEFGHIJKLMNOPQRSTUVWXYZ") - set("SLOIBZ")
    assert frozenset("SLOIBZ") == mbi.EXCLUDED_LETTERS


VALID = "1EG4TE5MK73"  # the CMS example

# A character that breaks each position (1-based): a digit where a letter
# belongs, a letter where a digit belongs, an excluded letter where either fits.
_BREAKERS = {
    1: "0",
    2: "5",
    3: "S",
    4: "A",
    5: "9",
    6: "O",
    7: "C",
    8: "1",
    9: "B",
    10: "K",
    11: "Z",
}


def _broken(position: int) -> str:
    i = position - 1
    return VALID[:i] + _BREAKERS[position] + VALID[i + 1 :]


ERRORS = (
    ErrorCase("1EG4-TE5-MK7!", InvalidFormat, "mbi.format"),
    ErrorCase("", InvalidFormat, "mbi.format"),
    ErrorCase("1EG4TE5MK7٣", InvalidFormat, "mbi.format"),
    ErrorCase("1EG4TE5MK7", InvalidLength, "mbi.length"),
    ErrorCase("1EG4TE5MK733", InvalidLength, "mbi.length"),
    *(ErrorCase(_broken(p), InvalidComponent, "mbi.position") for p in range(1, 12)),
    ErrorCase("1EG4TE5MK7", InvalidLength, "mbi.length", func="format"),
)

SPEC = CodeSpec(
    module=mbi,
    valid=strategies.mbis,
    invalid=strategies.invalid_mbis,
    oracle=oracle,
    alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcz-",
    regexes=(r"[1-9][A-Z][0-9A-Z][0-9][A-Z]{2}[0-9][A-Z]{2}[0-9]{2}", r"[0-9A-Z]{11}"),
    errors=ERRORS,
    samples=("1EG4TE5MK73", "9AA0AA0AA00", "1EG4-TE5-MK73"),
)


@pytest.mark.parametrize("position", range(1, 12))
def test_each_position_names_itself_and_its_rule(position: int) -> None:
    value = _broken(position)
    assert not oracle(value)
    with pytest.raises(InvalidComponent) as info:
        mbi.validate(value)
    message = str(info.value)
    assert message.startswith(f"mbi: position {position} must be ")
    assert info.value.code == "mbi.position"
    assert value not in message


@pytest.mark.parametrize(
    ("value", "compact", "display"),
    [
        ("1EG4TE5MK73", "1EG4TE5MK73", "1EG4-TE5-MK73"),
        ("1eg4-te5-mk73", "1EG4TE5MK73", "1EG4-TE5-MK73"),
        (" 9AA0AA0AA00 ", "9AA0AA0AA00", "9AA0-AA0-AA00"),
    ],
)
def test_known_values(value: str, compact: str, display: str) -> None:
    assert mbi.validate(value) == compact
    assert mbi.compact(value) == compact
    assert mbi.format(value) == display


@pytest.mark.parametrize("letter", sorted(mbi.EXCLUDED_LETTERS))
def test_excluded_letters_never_validate(letter: str) -> None:
    for position in (2, 3, 5, 6, 8, 9):
        i = position - 1
        assert not mbi.is_valid(VALID[:i] + letter + VALID[i + 1 :])


@pytest.mark.parametrize("case", ERRORS, ids=str)
def test_error_paths(case: ErrorCase) -> None:
    with pytest.raises(case.exc) as info:
        case.call(mbi)
    assert type(info.value) is case.exc
    assert info.value.code == case.code
    assert info.value.field == "mbi"
    assert str(info.value).startswith("mbi: ")


def _variants(value: str) -> st.SearchStrategy[str]:
    return st.sampled_from(
        [value, value.lower(), f"{value[:4]}-{value[4:7]}-{value[7:]}", f" {value} "]
    )


@given(
    st.one_of(
        strategies.invalid_mbis(),
        strategies.mbis().map(lambda v: v + "7"),
        strategies.mbis().map(lambda v: v[:5] + "#" + v[6:]),
    ).flatmap(_variants)
)
def test_errors_never_contain_the_mbi(value: str) -> None:
    # The MBI is patient-identifying: no message may carry it or a part of it.
    with pytest.raises(InvalidCode) as info:
        mbi.validate(value)
    message = str(info.value)
    compact = upper_ascii(drop_separators(value))
    assert value not in message
    assert value.strip() not in message
    assert compact not in message
    for i in range(len(compact) - 3):
        assert compact[i : i + 4] not in message
    assert repr(value) not in repr(info.value)
    assert value not in str(info.value.args)


@given(strategies.mbis().flatmap(_variants))
def test_valid_mbis_format_without_leaking_elsewhere(value: str) -> None:
    # format() of a valid MBI is the display form, and is the only place it shows.
    shown = mbi.format(value)
    assert shown.replace("-", "") == mbi.compact(value)
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{3}-[0-9A-Z]{4}", shown)
