"""Tests for medoffice.codes.icd10cm: the form of a code, the dot, every error path."""

from __future__ import annotations

import re

import pytest
from hypothesis import given

from medoffice import strategies
from medoffice.codes import icd10cm
from medoffice.exceptions import InvalidComponent, InvalidFormat, InvalidLength
from tests.codes._specs import CodeSpec, ErrorCase, upper_ascii

# claims.md: ^[A-Z][0-9][0-9A-Z][0-9A-Z]{0,4}$, and a dot for display only,
# right after the third character and followed by at least one more. Since
# FY2026 the second character may be a letter too (QA0.0101).
ICD_RE = re.compile(r"[A-Z][0-9A-Z][0-9A-Z](?:\.[0-9A-Z]{1,4}|[0-9A-Z]{0,4})")


def oracle(text: str) -> bool:
    return ICD_RE.fullmatch(upper_ascii(text.strip())) is not None


ERRORS = (
    ErrorCase("E1.19", InvalidFormat, "icd10cm.dot"),
    ErrorCase("E11.9.1", InvalidFormat, "icd10cm.dot"),
    ErrorCase("E11.", InvalidFormat, "icd10cm.dot"),
    ErrorCase(".E119", InvalidFormat, "icd10cm.dot"),
    ErrorCase("E119.", InvalidFormat, "icd10cm.dot"),
    ErrorCase("E11-9", InvalidFormat, "icd10cm.format"),
    ErrorCase("E11 9", InvalidFormat, "icd10cm.format"),
    ErrorCase("", InvalidFormat, "icd10cm.format"),
    ErrorCase("E1١", InvalidFormat, "icd10cm.format"),
    ErrorCase("E1", InvalidLength, "icd10cm.length"),
    ErrorCase("S72.0012AB", InvalidLength, "icd10cm.length"),
    ErrorCase("1E11", InvalidComponent, "icd10cm.first"),
    ErrorCase("1E11", InvalidComponent, "icd10cm.first", func="format"),
)

SPEC = CodeSpec(
    module=icd10cm,
    valid=strategies.icd10cm_codes,
    oracle=oracle,
    alphabet="0123456789ABEIOSXZaex. ",
    regexes=(
        r"[A-Z][0-9][0-9A-Z]\.?[0-9A-Z]{0,5}",
        r"[A-Za-z0-9]{2,4}\.[0-9A-Z]{0,4}",
        r"[A-Z0-9.]{1,9}",
    ),
    errors=ERRORS,
    samples=("E11.9", "I10", "W21.89XA", "T360X1A"),
)


@pytest.mark.parametrize(
    ("value", "compact", "display"),
    [
        ("E11.9", "E119", "E11.9"),
        ("e119", "E119", "E11.9"),
        ("qa0.0101", "QA00101", "QA0.0101"),
        ("I10", "I10", "I10"),
        ("W21.89XA", "W2189XA", "W21.89XA"),
        ("T36.0X1A", "T360X1A", "T36.0X1A"),
        (" s72.001a ", "S72001A", "S72.001A"),
        ("U07.1", "U071", "U07.1"),
    ],
)
def test_known_values(value: str, compact: str, display: str) -> None:
    assert icd10cm.validate(value) == compact
    assert icd10cm.compact(value) == compact
    assert icd10cm.format(value) == display
    assert icd10cm.is_valid(value)


def test_compact_does_not_check() -> None:
    assert icd10cm.compact("E1.19") == "E119"
    assert icd10cm.compact(" . e11 ") == "E11"


@given(strategies.icd10cm_codes())
def test_display_form_has_the_dot_after_the_third_character(code: str) -> None:
    shown = icd10cm.format(code)
    if len(code) == 3:
        assert shown == code
    else:
        assert shown == f"{code[:3]}.{code[3:]}"
    assert ICD_RE.fullmatch(shown)


@pytest.mark.parametrize("case", ERRORS, ids=str)
def test_error_paths(case: ErrorCase) -> None:
    with pytest.raises(case.exc) as info:
        case.call(icd10cm)
    assert type(info.value) is case.exc
    assert info.value.code == case.code
    assert info.value.field == "icd10cm"
    assert str(info.value).startswith("icd10cm: ")


@pytest.mark.parametrize("value", ["ı10", "E1ſ", "E11ﬀ", "ß10", "Ｅ11", "E１1"])
def test_non_ascii_never_passes_for_ascii(value: str) -> None:
    # "ı".upper() == "I" and "ﬀ".upper() == "FF": case-folding must stay ASCII.
    assert not icd10cm.is_valid(value)
