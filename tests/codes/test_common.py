"""Properties every module of medoffice.codes shares, checked over all of them.

Each module's spec (oracle, error paths, strategies) lives in its own test file;
this file runs the common contract: valid generators validate, invalid ones do
not, ``is_valid`` agrees with the oracle on arbitrary text, the four functions
are idempotent and consistent, junk is refused without surprises, and error
messages carry the field and the rule but never the input.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice import codes, strategies
from medoffice.exceptions import InvalidCode
from tests._settings import PER_CASE
from tests.codes import (
    test_cpt,
    test_ein,
    test_hcpcs,
    test_icd10cm,
    test_mbi,
    test_modifier,
    test_ndc,
    test_npi,
    test_zipcode,
)
from tests.codes._specs import MUTANTS, CodeSpec, decorated, text_inputs

SPECS: list[CodeSpec] = [
    test_cpt.SPEC,
    test_ein.SPEC,
    test_hcpcs.SPEC,
    test_icd10cm.SPEC,
    test_mbi.SPEC,
    test_modifier.SPEC,
    test_ndc.SPEC,
    test_npi.SPEC,
    test_zipcode.SPEC,
]
WITH_INVALID = [spec for spec in SPECS if spec.invalid is not None]

# Built once: strategies are lazy, and from_regex compiles its pattern.
TEXT = {spec.field: text_inputs(spec) for spec in SPECS}
DECORATED = {spec.field: decorated(spec) for spec in SPECS}
VALID = {spec.field: spec.valid() for spec in SPECS}
INVALID = {spec.field: spec.invalid() for spec in WITH_INVALID if spec.invalid is not None}

#: Functions that answer a question and never raise, whatever the input.
NEVER_RAISE = frozenset({"is_valid", "is_zip4"})


def test_every_module_has_a_spec() -> None:
    assert sorted(spec.field for spec in SPECS) == sorted(codes.KINDS)


def _public_functions(module: ModuleType) -> dict[str, Callable[..., Any]]:
    return {
        name: getattr(module, name)
        for name in module.__all__
        if inspect.isfunction(getattr(module, name))
    }


@pytest.mark.parametrize("spec", SPECS, ids=str)
def test_every_module_has_the_four_functions(spec: CodeSpec) -> None:
    functions = _public_functions(spec.module)
    assert {"validate", "is_valid", "compact", "format"} <= set(functions)
    assert spec.module.__all__ == sorted(spec.module.__all__)


# -- valid and invalid generators ------------------------------------------------


@pytest.mark.parametrize("spec", SPECS, ids=str)
@PER_CASE
@given(data=st.data())
def test_valid_values_validate_consistently(spec: CodeSpec, data: st.DataObject) -> None:
    m = spec.module
    value = data.draw(DECORATED[spec.field], label="value")
    assert m.is_valid(value)
    assert spec.oracle(value)
    canonical = m.validate(value)
    assert m.validate(canonical) == canonical  # idempotent
    assert m.is_valid(canonical)
    assert m.compact(value) == canonical  # the canonical form is the compact form
    assert m.compact(canonical) == canonical  # compact is idempotent
    shown = m.format(value)
    assert m.validate(shown) == canonical  # format, then validate
    assert m.format(shown) == shown
    assert m.format(canonical) == shown


@pytest.mark.parametrize("spec", WITH_INVALID, ids=str)
@PER_CASE
@given(data=st.data())
def test_invalid_values_never_validate(spec: CodeSpec, data: st.DataObject) -> None:
    value = data.draw(INVALID[spec.field], label="value")
    assert not spec.module.is_valid(value)
    assert not spec.oracle(value)
    with pytest.raises(InvalidCode) as info:
        spec.module.validate(value)
    assert info.value.field == spec.field


# -- the oracle ------------------------------------------------------------------


def _catalogue(spec: CodeSpec) -> dict[str, set[str]]:
    """Every message each documented error path gives, by rule code."""
    found: dict[str, set[str]] = {}
    for case in spec.errors:
        try:
            case.call(spec.module)
        except InvalidCode as exc:
            found.setdefault(exc.code, set()).add(str(exc))
    return found


CATALOGUES = {spec.field: _catalogue(spec) for spec in SPECS}


@pytest.mark.parametrize("spec", SPECS, ids=str)
@PER_CASE
@given(data=st.data())
def test_is_valid_matches_the_oracle(spec: CodeSpec, data: st.DataObject) -> None:
    m = spec.module
    value = data.draw(TEXT[spec.field], label="value")
    expected = spec.oracle(value)
    assert m.is_valid(value) == expected
    if expected:
        assert m.validate(value) == m.compact(value)
        return
    with pytest.raises(InvalidCode) as info:
        m.validate(value)
    err = info.value
    assert err.field == spec.field
    assert err.code.startswith(f"{spec.field}.")
    message = str(err)
    assert message.startswith(f"{spec.field}: ")
    # Messages come from a fixed set per rule: they name the field and the
    # rule and depend on nothing else, so they cannot carry the input.
    assert message in CATALOGUES[spec.field].get(err.code, set()), (err.code, message)
    if len(value.strip()) > 3:
        static = " ".join(CATALOGUES[spec.field].get(err.code, ()))
        assert value.strip() not in message or value.strip() in static


@pytest.mark.parametrize("spec", SPECS, ids=str)
def test_every_one_character_change_matches_the_oracle(spec: CodeSpec) -> None:
    # Exhaustive where Hypothesis samples: every position of a few valid
    # values, replaced by, or preceded by, every character worth trying.
    assert spec.samples
    for sample in spec.samples:
        assert spec.module.is_valid(sample)
        for i in range(len(sample) + 1):
            for char in MUTANTS + spec.alphabet + "abcxyz":
                for mutant in (sample[:i] + char + sample[i + 1 :], sample[:i] + char + sample[i:]):
                    assert spec.module.is_valid(mutant) == spec.oracle(mutant), mutant


@pytest.mark.parametrize("spec", [s for s in SPECS if s.field != "ndc"], ids=str)
@PER_CASE
@given(data=st.data())
def test_compact_is_idempotent_on_any_text(spec: CodeSpec, data: st.DataObject) -> None:
    value = data.draw(TEXT[spec.field], label="value")
    once = spec.module.compact(value)
    assert spec.module.compact(once) == once


@given(TEXT["ndc"])
def test_ndc_compact_is_validate(value: str) -> None:
    # An NDC cannot be compacted without knowing its layout, so compact checks.
    from medoffice.codes import ndc

    try:
        once = ndc.compact(value)
    except InvalidCode:
        assert not ndc.is_valid(value)
    else:
        assert ndc.compact(once) == once == ndc.validate(value)


@pytest.mark.parametrize("spec", SPECS, ids=str)
def test_error_catalogue_covers_every_documented_code(spec: CodeSpec) -> None:
    # Each "Raises:" code named in a docstring has a case in the error table.
    documented: set[str] = set()
    for function in _public_functions(spec.module).values():
        doc = inspect.getdoc(function) or ""
        documented.update(
            word.strip("`(),.")
            for word in doc.split()
            if word.strip("`(),.").startswith(f"{spec.field}.")
        )
    assert documented <= set(CATALOGUES[spec.field]), documented - set(CATALOGUES[spec.field])


# -- robustness ------------------------------------------------------------------


class _Weird:
    def __str__(self) -> str:
        return "1234567893"


NON_STRINGS: list[object] = [
    None,
    0,
    1234567893,
    -1,
    12.5,
    float("nan"),
    b"1234567893",
    bytearray(b"12345"),
    ["1234567893"],
    ("1", "2"),
    {"npi": "1234567893"},
    object(),
    _Weird(),
    True,
]



def _value_id(value: object) -> str:
    """A test id without memory addresses, the same in every process (pytest-xdist)."""
    return re.sub(r" (object )?at 0x[0-9a-fA-F]+", "", repr(value))


JUNK_STRINGS: list[str] = [
    "",
    " ",
    "€",
    "\x00",
    "1234567893\x00",
    "\x001EG4TE5MK73",
    "١٢٣",
    "١٢٣٤٥٦٧٨٩٣",  # an NPI in Arabic-Indic digits
    "１２３４５６７８９３",  # and in fullwidth digits
    "१२३४५६७८९३",  # Devanagari
    "E1١.9",
    "\ud800",  # a lone surrogate
    "🙂" * 11,
    "-" * 20,
    "." * 9,
    "x" * 1000,
    "9" * 100_001,
    "\u200b1234567893",
    "1234567893\u00a0",
]


def _outcome(function: Callable[[Any], object], value: object) -> tuple[Exception | None, object]:
    """What ``function(value)`` did: (None, result), or (the InvalidCode or TypeError, None)."""
    try:
        return None, function(value)
    except (InvalidCode, TypeError) as exc:
        return exc, None


def _raising_functions() -> list[tuple[str, str, Callable[..., Any]]]:
    out = []
    for spec in SPECS:
        for name, function in _public_functions(spec.module).items():
            if name not in NEVER_RAISE:
                out.append((spec.field, name, function))
    return out


RAISING = _raising_functions()
NEVER = [
    (spec.field, name, getattr(spec.module, name))
    for spec in SPECS
    for name in sorted(NEVER_RAISE & set(spec.module.__all__))
]


@pytest.mark.parametrize(("field", "name", "function"), NEVER, ids=lambda x: str(x)[:20])
@pytest.mark.parametrize("value", NON_STRINGS + JUNK_STRINGS, ids=_value_id)
def test_questions_answer_false_on_junk(
    field: str, name: str, function: Callable[[object], bool], value: object
) -> None:
    assert function(value) is False


@pytest.mark.parametrize(("field", "name", "function"), RAISING, ids=lambda x: str(x)[:20])
@pytest.mark.parametrize("value", NON_STRINGS, ids=_value_id)
def test_non_strings_raise_type_error(
    field: str, name: str, function: Callable[[object], object], value: object
) -> None:
    with pytest.raises(TypeError) as info:
        function(value)
    assert not isinstance(info.value, InvalidCode)
    assert str(info.value).startswith(f"{field}: ")


@pytest.mark.parametrize(("field", "name", "function"), RAISING, ids=lambda x: str(x)[:20])
@pytest.mark.parametrize("value", JUNK_STRINGS, ids=repr)
def test_junk_strings_raise_invalid_code_or_pass_through(
    field: str, name: str, function: Callable[[str], object], value: str
) -> None:
    error, result = _outcome(function, value)
    if error is None:
        # Only compact (and format where it is compact) may answer junk.
        assert name in {"compact", "format"}
        assert isinstance(result, str)
    else:
        assert isinstance(error, InvalidCode)
        assert error.field == field
        assert str(error).startswith(f"{field}: ")


TEN_MILLION = "1" * 10_000_000
ONE_MILLION_ODD = "١" * 500_000 + "A-." * 170_000


@pytest.mark.parametrize("spec", SPECS, ids=str)
def test_ten_million_characters(spec: CodeSpec) -> None:
    m = spec.module
    assert m.is_valid(TEN_MILLION) is False
    with pytest.raises(InvalidCode) as info:
        m.validate(TEN_MILLION)
    assert len(str(info.value)) < 200
    assert m.is_valid(ONE_MILLION_ODD) is False


@pytest.mark.parametrize("spec", SPECS, ids=str)
@settings(max_examples=25)
@given(value=strategies.junk())
def test_junk_strategy(spec: CodeSpec, value: object) -> None:
    m = spec.module
    assert m.is_valid(value) is False or (isinstance(value, str) and spec.oracle(value))
    for name in ("validate", "compact", "format"):
        error, _ = _outcome(getattr(m, name), value)
        if error is not None:
            assert isinstance(error, InvalidCode) == isinstance(value, str)
            assert str(error).startswith(f"{spec.field}: ")


_DIGIT_SETS = {
    "arabic-indic": "٠١٢٣٤٥٦٧٨٩",
    "extended-arabic-indic": "۰۱۲۳۴۵۶۷۸۹",
    "devanagari": "०१२३४५६७८९",
    "fullwidth": "０１２３４５６７８９",
    "mathematical": "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗",
}


@pytest.mark.parametrize("spec", SPECS, ids=str)
@settings(max_examples=30)
@given(data=st.data())
def test_unicode_digits_never_validate(spec: CodeSpec, data: st.DataObject) -> None:
    # str.isdigit() is True for all of these; a validator must want ASCII.
    value = data.draw(VALID[spec.field], label="value")
    for digits in _DIGIT_SETS.values():
        foreign = value.translate(str.maketrans("0123456789", digits))
        if foreign != value:
            assert not spec.module.is_valid(foreign)
            with pytest.raises(InvalidCode):
                spec.module.validate(foreign)
