"""Tests for medoffice.strategies and the Hypothesis entry point."""

from __future__ import annotations

import importlib.metadata
import sys

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import medoffice
import medoffice._hypothesis_hook as hook
from medoffice import strategies
from medoffice.codes import cpt, ein, hcpcs, icd10cm, mbi, modifier, ndc, npi, zipcode
from medoffice.exceptions import _CODE_RE, Problem, Severity, Suggestion
from tests._settings import REGISTRATION


@given(st.from_type(Problem))
def test_from_type_problem_works_through_the_entry_point(value: Problem) -> None:
    assert isinstance(value, Problem)
    assert _CODE_RE.fullmatch(value.code)


@given(st.from_type(Suggestion))
def test_from_type_suggestion(value: Suggestion) -> None:
    assert isinstance(value, Suggestion)


def test_entry_point_is_declared() -> None:
    points = importlib.metadata.entry_points(group="hypothesis")
    ours = [p for p in points if p.value.startswith("medoffice.")]
    assert [p.value for p in ours] == ["medoffice._hypothesis_hook:_hypothesis_setup_hook"]
    assert ours[0].load() is hook._hypothesis_setup_hook


def test_register_is_idempotent() -> None:
    strategies.register()
    strategies.register()

    @given(st.from_type(Problem), st.from_type(Suggestion))
    def check(p: Problem, s: Suggestion) -> None:
        assert isinstance(p, Problem)
        assert isinstance(s, Suggestion)

    check()


def test_hook_does_nothing_when_strategies_are_loaded() -> None:
    before = sys.modules["medoffice.strategies"]
    hook._hypothesis_setup_hook()
    assert sys.modules["medoffice.strategies"] is before


def test_hook_imports_strategies_when_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    # Both are put back afterwards: the module in sys.modules and the
    # package attribute that the fresh import overwrites.
    monkeypatch.setattr(medoffice, "strategies", strategies)
    monkeypatch.delitem(sys.modules, "medoffice.strategies")
    hook._hypothesis_setup_hook()
    assert "medoffice.strategies" in sys.modules
    assert sys.modules["medoffice.strategies"] is not strategies


def test_type_strategies_cover_attrs_models() -> None:
    assert set(strategies.TYPE_STRATEGIES) >= {Problem, Suggestion}
    for cls in strategies.TYPE_STRATEGIES:
        assert attrs.has(cls)


@pytest.mark.parametrize("cls", list(strategies.TYPE_STRATEGIES), ids=lambda c: c.__name__)
@REGISTRATION
@given(data=st.data())
def test_type_strategies_are_registered_for_their_type(cls: type, data: st.DataObject) -> None:
    # Each registered strategy's own values are drawn (and checked to be of
    # their type) by the round-trip properties of tests/test_serialization.py;
    # here: Hypothesis finds the strategy through the entry-point hook.
    assert type(data.draw(st.from_type(cls))) is cls


@given(strategies.problem_codes())
def test_problem_codes_are_valid_problem_codes(code: str) -> None:
    Problem(path="", code=code, message="m")


@given(strategies.problems())
def test_problems_cover_both_severities(p: Problem) -> None:
    assert p.severity in set(Severity)


VALID = [
    (strategies.npis, npi),
    (strategies.eins, ein),
    (strategies.mbis, mbi),
    (strategies.ndcs, ndc),
    (strategies.icd10cm_codes, icd10cm),
    (strategies.cpt_codes, cpt),
    (strategies.hcpcs_codes, hcpcs),
    (strategies.modifiers, modifier),
    (strategies.zipcodes, zipcode),
]


@pytest.mark.parametrize(("factory", "module"), VALID, ids=lambda x: getattr(x, "__name__", ""))
@settings(max_examples=20)
@given(data=st.data())
def test_valid_strategies(factory: object, module: object, data: st.DataObject) -> None:
    value = data.draw(factory())  # type: ignore[operator]
    assert module.is_valid(value)  # type: ignore[attr-defined]


@given(strategies.junk())
def test_junk_is_never_a_valid_npi(value: object) -> None:
    assert not npi.is_valid(value)


def test_junk_is_varied() -> None:
    seen: set[type] = set()

    @given(strategies.junk())
    def collect(value: object) -> None:
        seen.add(type(value))

    collect()
    assert {type(None), str, bytes, int, float} <= seen


def test_every_strategy_is_public() -> None:
    names = {
        n for n in dir(strategies) if not n.startswith("_") and callable(getattr(strategies, n))
    }
    missing = {
        n
        for n in names - set(strategies.__all__)
        if getattr(strategies, n).__module__ == strategies.__name__
    }
    assert missing == set()
