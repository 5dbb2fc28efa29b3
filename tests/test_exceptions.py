"""Tests for medoffice.exceptions: hierarchy, pickling, Problem, summaries."""

from __future__ import annotations

import ast
import pickle
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice import exceptions as ex
from medoffice import strategies
from medoffice.exceptions import (
    InvalidChecksum,
    InvalidCode,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    LocalTimeError,
    MedofficeError,
    ParseError,
    Problem,
    Severity,
    Suggestion,
    UnknownCode,
    ValidationFailed,
    raise_for_errors,
)
from tests._settings import PER_CASE

SRC = Path(__file__).resolve().parents[1] / "src" / "medoffice"

# -- hierarchy -------------------------------------------------------------------

BUILTINS = {
    InvalidCode: ValueError,
    InvalidFormat: ValueError,
    InvalidLength: ValueError,
    InvalidChecksum: ValueError,
    InvalidComponent: ValueError,
    UnknownCode: LookupError,
    ValidationFailed: ValueError,
    ParseError: ValueError,
    LocalTimeError: ValueError,
}


@pytest.mark.parametrize(("cls", "builtin"), BUILTINS.items(), ids=lambda c: c.__name__)
def test_every_error_is_a_medoffice_error_and_its_builtin(
    cls: type[Exception], builtin: type[Exception]
) -> None:
    assert issubclass(cls, MedofficeError)
    assert issubclass(cls, builtin)


@pytest.mark.parametrize("cls", [InvalidFormat, InvalidLength, InvalidChecksum, InvalidComponent])
def test_code_errors_are_invalid_code(cls: type[InvalidCode]) -> None:
    assert issubclass(cls, InvalidCode)


def test_every_exception_class_is_listed() -> None:
    found = {
        obj
        for name in ex.__all__
        if isinstance(obj := getattr(ex, name), type) and issubclass(obj, BaseException)
    }
    assert found == set(BUILTINS) | {MedofficeError}


def _raises_medoffice_error(source: str) -> list[int]:
    """Line numbers of ``raise MedofficeError`` / ``raise MedofficeError(...)``."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Raise) and node.exc is not None:
            target = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
            if name == "MedofficeError":
                lines.append(node.lineno)
    return lines


def test_medoffice_error_is_never_raised_by_the_library() -> None:
    offenders = {
        str(path.relative_to(SRC)): found
        for path in sorted(SRC.rglob("*.py"))
        if (found := _raises_medoffice_error(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


def test_the_raise_scanner_catches_a_planted_raise() -> None:
    planted = "def f():\n    raise MedofficeError('x')\n\ndef g():\n    raise ex.MedofficeError\n"
    assert _raises_medoffice_error(planted) == [2, 5]
    assert _raises_medoffice_error("raise ValueError('MedofficeError(')") == []


# -- pickling --------------------------------------------------------------------

PROBLEM = Problem(path="claim.lines[0].units", code="line.units", message="must be positive")
WARNING = Problem(path="", code="claim.note", severity="warning", message="long note")

EXAMPLES: list[Exception] = [
    MedofficeError("root"),
    InvalidCode("npi: bad", field="npi", code="npi.format"),
    InvalidFormat("npi: digits only", field="npi", code="npi.format"),
    InvalidLength("npi: 10 digits", field="npi", code="npi.length"),
    InvalidChecksum("npi: check digit", field="npi", code="npi.checksum"),
    InvalidComponent("npi: prefix", field="npi", code="npi.prefix"),
    UnknownCode("icd10cm: not a code", system="icd10cm", code="W2189A"),
    UnknownCode(
        "icd10cm: not a code",
        system="icd10cm",
        code="W2189A",
        suggestions=(Suggestion(code="W2189XA", reason="add the placeholder X"),),
    ),
    ValidationFailed((PROBLEM, WARNING)),
    ValidationFailed(()),
    ParseError("bad", code="x12.bad"),
    LocalTimeError(
        "gap", code="time.nonexistent", local="2025-03-09T02:30:00", zone="America/New_York"
    ),
    ParseError("CLM02 bad", code="x12.element.decimal", segment=14, element=2, segment_id="CLM"),
]

_ATTRIBUTES = ("message", "field", "code", "system", "suggestions", "problems", "segment",
               "element", "segment_id")  # fmt: skip


@pytest.mark.parametrize("error", EXAMPLES, ids=lambda e: f"{type(e).__name__}")
def test_pickle_round_trip(error: Exception) -> None:
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        copy = pickle.loads(pickle.dumps(error, protocol=protocol))  # noqa: S301
        assert type(copy) is type(error)
        assert str(copy) == str(error)
        assert copy.args == error.args
        for name in _ATTRIBUTES:
            assert getattr(copy, name, None) == getattr(error, name, None), name


def test_every_exception_class_has_a_pickle_example() -> None:
    assert {type(e) for e in EXAMPLES} == set(BUILTINS) | {MedofficeError}


@PER_CASE
@given(st.lists(strategies.problems(), max_size=6))
def test_validation_failed_pickles_any_problems(problems: list[Problem]) -> None:
    error = ValidationFailed(problems)
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301
    assert copy.problems == error.problems
    assert str(copy) == str(error)


# -- Problem ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "code", ["npi", "NPI.checksum", "npi.", ".npi", "npi..checksum", "npi checksum", "", "npi-x.y"]
)
def test_problem_refuses_bad_codes(code: str) -> None:
    with pytest.raises(ValueError, match="dotted lower-case identifier") as info:
        Problem(path="", code=code, message="m")
    # attrs' convention: (message, attribute), so serialization can find the field.
    message, attribute = info.value.args
    assert message.startswith("code: must be a dotted lower-case identifier")
    assert attribute.name == "code"


@pytest.mark.parametrize("code", ["npi.checksum", "a.b.c", "x12.isa_13.length", "a1.b2"])
def test_problem_accepts_dotted_codes(code: str) -> None:
    assert Problem(path="", code=code, message="m").code == code


@pytest.mark.parametrize(
    "kwargs",
    [
        {"path": None, "code": "a.b", "message": "m"},
        {"path": "", "code": 1, "message": "m"},
        {"path": "", "code": "a.b", "message": None},
    ],
)
def test_problem_refuses_non_strings(kwargs: dict[str, object]) -> None:
    with pytest.raises(TypeError):
        Problem(**kwargs)  # type: ignore[arg-type]


def test_problem_severity() -> None:
    assert Problem(path="", code="a.b", message="m").severity is Severity.ERROR
    warning = Problem(path="", code="a.b", severity="warning", message="m")
    assert warning.severity is Severity.WARNING
    assert not warning.is_error
    with pytest.raises(ValueError, match="fatal"):
        Problem(path="", code="a.b", severity="fatal", message="m")


def test_problem_is_frozen_and_keyword_only() -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        PROBLEM.path = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        Problem("a", "a.b", Severity.ERROR, "m")  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("path", "prefix", "expected"),
    [
        ("npi", "claim.billing", "claim.billing.npi"),
        ("[0]", "lines", "lines[0]"),
        ("[0].units", "claim.lines", "claim.lines[0].units"),
        ("", "claim", "claim"),
        ("npi", "", "npi"),
        ("", "", ""),
    ],
)
def test_problem_at(path: str, prefix: str, expected: str) -> None:
    p = Problem(path=path, code="a.b", message="m")
    moved = p.at(prefix)
    assert moved.path == expected
    assert (moved.code, moved.severity, moved.message) == (p.code, p.severity, p.message)


def test_problem_at_empty_prefix_is_identity() -> None:
    assert PROBLEM.at("") is PROBLEM


def test_problem_str() -> None:
    assert str(PROBLEM) == "claim.lines[0].units: must be positive [line.units]"
    assert str(WARNING) == "long note [claim.note]"


def test_invalid_code_as_problem() -> None:
    err = InvalidChecksum("npi: check digit", field="npi", code="npi.checksum")
    p = err.problem("claim.billing.npi", severity=Severity.WARNING)
    assert p == Problem(
        path="claim.billing.npi",
        code="npi.checksum",
        severity="warning",
        message="npi: check digit",
    )


# -- ValidationFailed ------------------------------------------------------------


def _p(i: int, severity: str = "error") -> Problem:
    return Problem(path=f"lines[{i}]", code="line.units", severity=severity, message="m")


@pytest.mark.parametrize(
    ("problems", "expected"),
    [
        ((), "no problems"),
        ((_p(0),), "1 error: lines[0]: m [line.units]"),
        ((_p(0), _p(1)), "2 errors: lines[0]: m [line.units]; lines[1]: m [line.units]"),
        ((_p(0, "warning"),), "0 errors, 1 warning: lines[0]: m [line.units]"),
        (
            (_p(0), _p(1, "warning"), _p(2, "warning")),
            (
                "1 error, 2 warnings: lines[0]: m [line.units]; lines[1]: m [line.units]; "
                "lines[2]: m [line.units]"
            ),
        ),
        (
            tuple(_p(i) for i in range(4)),
            (
                "4 errors: lines[0]: m [line.units]; lines[1]: m [line.units]; "
                "lines[2]: m [line.units]; and 1 more"
            ),
        ),
        (
            tuple(_p(i) for i in range(10)),
            (
                "10 errors: lines[0]: m [line.units]; lines[1]: m [line.units]; "
                "lines[2]: m [line.units]; and 7 more"
            ),
        ),
    ],
)
def test_validation_failed_summary(problems: tuple[Problem, ...], expected: str) -> None:
    error = ValidationFailed(problems)
    assert str(error) == expected
    assert error.problems == problems


def test_validation_failed_errors_and_warnings() -> None:
    problems = [_p(0), _p(1, "warning"), _p(2)]
    error = ValidationFailed(problems)
    assert error.problems == tuple(problems)
    assert error.errors == (problems[0], problems[2])
    assert error.warnings == (problems[1],)


@PER_CASE
@given(st.lists(strategies.problems(), max_size=8))
def test_validation_failed_partitions_problems(problems: list[Problem]) -> None:
    error = ValidationFailed(problems)
    assert len(error.errors) + len(error.warnings) == len(problems)
    assert all(p.is_error for p in error.errors)
    assert not any(p.is_error for p in error.warnings)


def test_raise_for_errors() -> None:
    raise_for_errors([])
    raise_for_errors(())
    raise_for_errors([_p(0, "warning"), _p(1, "warning")])
    with pytest.raises(ValidationFailed) as info:
        raise_for_errors([_p(0, "warning"), _p(1)])
    # Warnings travel with the errors.
    assert info.value.problems == (_p(0, "warning"), _p(1))


# -- UnknownCode -----------------------------------------------------------------


def _suggestions(n: int) -> tuple[Suggestion, ...]:
    return tuple(Suggestion(code=f"E11{i}", reason=f"r{i}") for i in range(n))


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "icd10cm: E11 is not a code"),
        (1, "icd10cm: E11 is not a code; did you mean: E110 (r0)"),
        (
            5,
            (
                "icd10cm: E11 is not a code; did you mean: E110 (r0); E111 (r1); E112 (r2); "
                "E113 (r3); E114 (r4)"
            ),
        ),
        (
            8,
            (
                "icd10cm: E11 is not a code; did you mean: E110 (r0); E111 (r1); E112 (r2); "
                "E113 (r3); E114 (r4) and 3 more"
            ),
        ),
    ],
)
def test_unknown_code_str(n: int, expected: str) -> None:
    error = UnknownCode(
        "icd10cm: E11 is not a code", system="icd10cm", code="E11", suggestions=_suggestions(n)
    )
    assert str(error) == expected
    assert error.suggestions == _suggestions(n)
    assert (error.system, error.code, error.message) == ("icd10cm", "E11", error.message)


def test_unknown_code_takes_any_iterable_of_suggestions() -> None:
    error = UnknownCode("m", system="s", code="c", suggestions=list(_suggestions(2)))  # type: ignore[arg-type]
    assert error.suggestions == _suggestions(2)


def test_suggestion_validates() -> None:
    with pytest.raises(TypeError):
        Suggestion(code=1, reason="r")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Suggestion(code="c", reason=None)  # type: ignore[arg-type]


# -- ParseError ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, "bad"),
        ({"segment": 3}, "segment 3: bad"),
        ({"segment": 3, "segment_id": "CLM"}, "segment 3 (CLM): bad"),
        ({"segment": 3, "segment_id": ""}, "segment 3: bad"),
        ({"element": 2}, "element 2: bad"),
        ({"segment": 3, "element": 2}, "segment 3, element 2: bad"),
        ({"segment": 14, "element": 2, "segment_id": "CLM"}, "segment 14 (CLM), element 2: bad"),
        ({"segment_id": "CLM"}, "bad"),
        ({"segment": 0, "element": 0}, "segment 0, element 0: bad"),
    ],
)
def test_parse_error_rendering(kwargs: dict[str, object], expected: str) -> None:
    error = ParseError("bad", code="x12.bad", **kwargs)  # type: ignore[arg-type]
    assert str(error) == expected
    assert error.message == "bad"
    assert error.code == "x12.bad"
    problem = error.problem("claim")
    assert problem == Problem(path="claim", code="x12.bad", message=expected)
    assert error.problem().path == ""
