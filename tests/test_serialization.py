"""Tests for medoffice.serialization: round trips, hooks, paths, no values in messages."""

from __future__ import annotations

import datetime as dt
import enum
import json
from decimal import Decimal
from typing import Any

import attrs
import cattrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice import strategies
from medoffice.codes import npi
from medoffice.exceptions import Problem, ValidationFailed, raise_for_errors
from medoffice.serialization import configure_converter, from_dict, make_converter, to_dict
from tests._settings import HEAVY, PER_CASE, split_types

# -- every public model ----------------------------------------------------------


LIGHT, HEAVY_ONES = split_types(strategies.TYPE_STRATEGIES)


@pytest.mark.parametrize("cls", LIGHT, ids=lambda c: c.__name__)
@PER_CASE
@given(data=st.data())
def test_every_model_round_trips(cls: type, data: st.DataObject) -> None:
    _round_trips(cls, data)


@pytest.mark.parametrize("cls", HEAVY_ONES, ids=lambda c: c.__name__)
@HEAVY
@given(data=st.data())
def test_every_big_model_round_trips(cls: type, data: st.DataObject) -> None:
    _round_trips(cls, data)


def _round_trips(cls: type, data: st.DataObject) -> None:
    value = data.draw(strategies.TYPE_STRATEGIES[cls](), label="value")
    assert type(value) is cls
    plain = to_dict(value)
    assert from_dict(plain, type(value)) == value
    # JSON-ready, and stable through JSON.
    text = json.dumps(plain, sort_keys=True, ensure_ascii=False)
    assert from_dict(json.loads(text), cls) == value
    assert to_dict(from_dict(plain, cls)) == plain


@pytest.mark.parametrize("cls", list(strategies.TYPE_STRATEGIES), ids=lambda c: c.__name__)
def test_every_model_refuses_non_dicts(cls: type) -> None:
    junks: tuple[object, ...] = (None, [], "x", 1, ())
    for junk in junks:
        with pytest.raises(ValidationFailed) as info:
            from_dict(junk, cls)
        (problem,) = info.value.problems
        assert problem.code == "serialization.type"
        assert problem.path == ""
        assert cls.__name__ in problem.message


# -- a small model with every hook -----------------------------------------------


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


@attrs.frozen(kw_only=True)
class Line:
    code: str = attrs.field(validator=attrs.validators.instance_of(str))
    units: int = attrs.field(validator=[attrs.validators.instance_of(int), attrs.validators.gt(0)])
    charge: Decimal = Decimal("0")


@attrs.frozen(kw_only=True)
class Sample:
    amount: Decimal
    day: dt.date
    at: dt.datetime
    color: Color
    tags: frozenset[str] = frozenset()
    lines: tuple[Line, ...] = ()
    pair: tuple[int, str] = (0, "")
    note: str | None = None


UTC = dt.UTC
EST = dt.timezone(dt.timedelta(hours=-5))

SAMPLE = Sample(
    amount=Decimal("125.50"),
    day=dt.date(2024, 1, 15),
    at=dt.datetime(2024, 1, 15, 9, 30, tzinfo=EST),
    color=Color.BLUE,
    tags=frozenset({"b", "a", "c"}),
    lines=(
        Line(code="99213", units=1, charge=Decimal("100")),
        Line(code="J3490", units=2, charge=Decimal("25.5")),
    ),
    pair=(7, "x"),
)

SAMPLE_DICT = {
    "amount": "125.50",
    "day": "2024-01-15",
    "at": "2024-01-15T09:30:00-05:00",
    "color": "blue",
    "tags": ["a", "b", "c"],
    "lines": [
        {"code": "99213", "units": 1, "charge": "100"},
        {"code": "J3490", "units": 2, "charge": "25.5"},
    ],
    "pair": [7, "x"],
    "note": None,
}


def test_sample_to_dict() -> None:
    assert to_dict(SAMPLE) == SAMPLE_DICT
    assert from_dict(SAMPLE_DICT, Sample) == SAMPLE


def test_to_dict_is_deterministic_for_frozensets() -> None:
    a = attrs.evolve(SAMPLE, tags=frozenset(["zeta", "alpha", "mu"]))
    b = attrs.evolve(SAMPLE, tags=frozenset(["mu", "zeta", "alpha"]))
    assert to_dict(a)["tags"] == to_dict(b)["tags"] == ["alpha", "mu", "zeta"]


_offsets = st.integers(-23 * 60 - 59, 23 * 60 + 59).map(
    lambda m: dt.timezone(dt.timedelta(minutes=m))
)
_lines = st.builds(
    Line,
    code=st.text(max_size=5),
    units=st.integers(1, 10**6),
    charge=st.decimals(allow_nan=False, allow_infinity=False),
)
_samples = st.builds(
    Sample,
    amount=st.decimals(allow_nan=False, allow_infinity=False),
    day=st.dates(),
    at=st.datetimes(timezones=_offsets),
    color=st.sampled_from(Color),
    tags=st.frozensets(st.text(max_size=4), max_size=4),
    lines=st.lists(_lines, max_size=3).map(tuple),
    pair=st.tuples(st.integers(), st.text(max_size=3)),
    note=st.none() | st.text(max_size=10),
)


@PER_CASE
@given(_samples)
def test_sample_round_trips(value: Sample) -> None:
    plain = to_dict(value)
    json.dumps(plain)
    back = from_dict(plain, Sample)
    assert back == value
    assert back.at.utcoffset() == value.at.utcoffset()
    assert str(back.amount) == str(value.amount)


# -- Decimal ---------------------------------------------------------------------


def _problems_for(data: dict[str, Any], cls: type = Sample) -> list[Problem]:
    with pytest.raises(ValidationFailed) as info:
        from_dict(data, cls)
    return list(info.value.problems)


def _only(data: dict[str, Any], cls: type = Sample) -> Problem:
    (problem,) = _problems_for(data, cls)
    return problem


@pytest.mark.parametrize("value", ["125.50", "0", "-3", "1E+3", 7, Decimal("2.5")])
def test_decimal_accepts_text_ints_and_decimals(value: object) -> None:
    assert from_dict({**SAMPLE_DICT, "amount": value}, Sample).amount == Decimal(str(value))


@pytest.mark.parametrize(
    "value", [1.5, 0.1, True, None, [], "NaN", "sNaN", "Infinity", "-inf", "abc", "", "1,5"]
)
def test_decimal_refuses_floats_bools_and_non_finite(value: object) -> None:
    problem = _only({**SAMPLE_DICT, "amount": value})
    assert problem.path == "amount"
    assert problem.code == "serialization.invalid"


def test_decimal_unstructures_as_text() -> None:
    assert to_dict(attrs.evolve(SAMPLE, amount=Decimal("0.10")))["amount"] == "0.10"


# -- date and datetime -----------------------------------------------------------


@pytest.mark.parametrize("value", ["2024-01-15", dt.date(2024, 1, 15)])
def test_date_accepts_iso_text_and_dates(value: object) -> None:
    assert from_dict({**SAMPLE_DICT, "day": value}, Sample).day == dt.date(2024, 1, 15)


@pytest.mark.parametrize(
    "value",
    [
        dt.datetime(2024, 1, 15, tzinfo=UTC),
        dt.datetime(2024, 1, 15),
        "2024-01-15T10:00:00",
        "2024-13-01",
        "15/01/2024",
        "",
        20240115.0,
        None,
    ],
)
def test_date_refuses_datetimes_and_bad_text(value: object) -> None:
    problem = _only({**SAMPLE_DICT, "day": value})
    assert problem.path == "day"
    assert problem.code == "serialization.invalid"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-01-15T09:30:00-05:00", dt.datetime(2024, 1, 15, 9, 30, tzinfo=EST)),
        ("2024-01-15T14:30:00+00:00", dt.datetime(2024, 1, 15, 14, 30, tzinfo=UTC)),
        (dt.datetime(2024, 1, 15, 14, 30, tzinfo=UTC), dt.datetime(2024, 1, 15, 9, 30, tzinfo=EST)),
    ],
)
def test_datetime_accepts_aware(value: object, expected: dt.datetime) -> None:
    assert from_dict({**SAMPLE_DICT, "at": value}, Sample).at == expected


class _NoOffset(dt.tzinfo):
    """A time zone that does not know its offset: still a naive datetime."""

    def utcoffset(self, _: dt.datetime | None) -> None:
        return None

    def dst(self, _: dt.datetime | None) -> None:
        return None

    def tzname(self, _: dt.datetime | None) -> None:
        return None


@pytest.mark.parametrize(
    "value",
    [
        "2024-01-15T09:30:00",  # naive
        dt.datetime(2024, 1, 15, 9, 30),
        dt.datetime(2024, 1, 15, 9, 30, tzinfo=_NoOffset()),
        "2024-01-15",  # a date is a naive midnight
        dt.date(2024, 1, 15),
        "yesterday",
        "2024-01-15T25:00:00+00:00",
        1705311000,
        None,
    ],
)
def test_datetime_refuses_naive_and_bad(value: object) -> None:
    problem = _only({**SAMPLE_DICT, "at": value})
    assert problem.path == "at"
    assert problem.code == "serialization.invalid"


@pytest.mark.parametrize(
    "value",
    [dt.datetime(2024, 1, 15, 9, 30), dt.datetime(2024, 1, 15, tzinfo=_NoOffset())],
)
def test_naive_datetimes_are_refused_on_the_way_out(value: dt.datetime) -> None:
    with pytest.raises(ValueError, match="UTC offset"):
        to_dict(attrs.evolve(SAMPLE, at=value))


# -- enums, tuples, frozensets, optional -----------------------------------------


def test_enum_by_value() -> None:
    assert to_dict(SAMPLE)["color"] == "blue"
    problem = _only({**SAMPLE_DICT, "color": "green"})
    assert (problem.path, problem.code) == ("color", "serialization.invalid")
    assert "Color" in problem.message


def test_tuples_and_frozensets() -> None:
    back = from_dict({**SAMPLE_DICT, "tags": ["x", "x"], "pair": [1, "y"]}, Sample)
    assert back.tags == frozenset({"x"})
    assert back.pair == (1, "y")
    assert isinstance(back.lines, tuple)
    problem = _only({**SAMPLE_DICT, "pair": ["one", "y"]})
    assert problem.path == "pair[0]"


def test_optional_field() -> None:
    assert from_dict({**SAMPLE_DICT, "note": "hi"}, Sample).note == "hi"
    data = dict(SAMPLE_DICT)
    del data["note"]
    assert from_dict(data, Sample).note is None


def test_text_fields_refuse_numbers() -> None:
    problem = _only({**SAMPLE_DICT, "note": 1.0})
    assert problem.path == "note"


# -- paths, missing and extra keys -----------------------------------------------


def test_nested_paths() -> None:
    data = {
        **SAMPLE_DICT,
        "lines": [
            {"code": "99213", "units": 1},
            {"code": "99214", "units": "many"},
            {"code": 5, "units": 1},
        ],
    }
    problems = _problems_for(data)
    assert [(p.path, p.code) for p in problems] == [
        ("lines[1].units", "serialization.invalid"),
        ("lines[2].code", "serialization.invalid"),
    ]


def test_nested_attrs_validator_paths() -> None:
    # attrs' gt() validator raises without the attribute; the path still names it.
    data = {**SAMPLE_DICT, "lines": [{"code": "99213", "units": 1}, {"code": "J3490", "units": 0}]}
    problem = _only(data)
    assert problem.path == "lines[1].units"
    assert problem.message == "must be > 0"
    assert _only({"code": "x", "units": -7}, Line).path == "units"


@attrs.frozen(kw_only=True)
class Named:
    name: str = attrs.field(validator=attrs.validators.max_len(3))
    size: int = attrs.field(validator=attrs.validators.in_([1, 2, 3]))
    start: dt.date = attrs.field(validator=attrs.validators.ge(dt.date(2000, 1, 1)))


def test_attrs_validators_report_the_field_and_rule_only() -> None:
    good = {"name": "abc", "size": 1, "start": "2020-01-01"}
    assert from_dict(good, Named) == Named(name="abc", size=1, start=dt.date(2020, 1, 1))
    patient = "Jonathan Smithers: 1960-02-03"
    problem = _only({**good, "name": patient}, Named)
    assert (problem.path, problem.message) == ("name", "its length must be <= 3")
    problem = _only({**good, "size": 9}, Named)
    assert problem.path == "size"
    problem = _only({**good, "start": "1960-02-03"}, Named)
    assert (problem.path, problem.message) == ("start", "must be >= 2000-01-01")
    assert "1960" not in str(problem)


def test_missing_and_extra_keys() -> None:
    data: dict[str, Any] = {k: v for k, v in SAMPLE_DICT.items() if k not in {"amount", "day"}}
    data["surprise"] = 1
    data["lines"] = [{"code": "99213", "units": 1, "modifier": "25"}]
    problems = {(p.path, p.code) for p in _problems_for(data)}
    assert problems == {
        ("amount", "serialization.missing"),
        ("day", "serialization.missing"),
        ("surprise", "serialization.extra_key"),
        ("lines[0].modifier", "serialization.extra_key"),
    }


def test_every_problem_is_reported_at_once() -> None:
    data = {**SAMPLE_DICT, "amount": 1.5, "day": "x", "at": "y", "color": "z"}
    assert {p.path for p in _problems_for(data)} == {"amount", "day", "at", "color"}


# -- problems raised by the value itself -----------------------------------------


@attrs.frozen(kw_only=True)
class Provider:
    npi: str = attrs.field(converter=npi.validate)


@attrs.frozen(kw_only=True)
class Group:
    providers: tuple[Provider, ...]


@attrs.frozen(kw_only=True)
class Checked:
    low: int
    high: int

    def __attrs_post_init__(self) -> None:
        if self.low > self.high:
            raise_for_errors(
                [Problem(path="low", code="range.order", message="must not exceed high")]
            )


@attrs.frozen(kw_only=True)
class Range:
    ranges: tuple[Checked, ...]


def test_invalid_code_inside_a_value_becomes_its_problem() -> None:
    assert from_dict({"providers": [{"npi": "1234567893"}]}, Group).providers[0].npi == "1234567893"
    problem = _only({"providers": [{"npi": "1234567893"}, {"npi": "1234567890"}]}, Group)
    assert problem.code == "npi.checksum"
    assert problem.path.startswith("providers[1]")
    assert "1234567890" not in str(problem)


def test_validation_failed_inside_a_value_is_placed_under_its_path() -> None:
    problem = _only({"ranges": [{"low": 1, "high": 2}, {"low": 3, "high": 2}]}, Range)
    assert (problem.path, problem.code) == ("ranges[1].low", "range.order")
    top = _only({"low": 3, "high": 2}, Checked)
    assert top.path == "low"


@attrs.frozen(kw_only=True)
class Whole:
    name: str

    def __attrs_post_init__(self) -> None:
        if self.name.startswith("J"):
            msg = f"no names like {self.name}"
            raise ValueError(msg)


@attrs.frozen(kw_only=True)
class Wholes:
    items: tuple[Whole, ...]


def test_an_error_about_the_whole_value_has_no_value() -> None:
    problem = _only({"name": "Jonathan Smithers"}, Whole)
    assert (problem.path, problem.code) == ("", "serialization.invalid")
    assert problem.message == "invalid value for this field"
    nested = _only({"items": [{"name": "Ann"}, {"name": "Jonathan Smithers"}]}, Wholes)
    assert nested.path == "items[1]"
    assert nested.message == "invalid value for this field (expected Whole)"
    assert "Jonathan" not in str(nested)


def test_problem_code_validator_message_is_reused() -> None:
    problem = _only({"path": "x", "code": "no dots", "message": "m"}, Problem)
    assert problem.path == "code"
    assert problem.message.startswith("must be a dotted lower-case identifier")


# -- no values in messages -------------------------------------------------------

_names = st.from_regex(r"[A-Z][a-z]{3,9} [A-Z][a-z]{3,9}", fullmatch=True)


@PER_CASE
@given(name=_names, field=st.sampled_from(["amount", "day", "at", "color", "pair", "lines"]))
def test_messages_never_contain_the_offending_value(name: str, field: str) -> None:
    value: object = name
    if field == "pair":
        value = [name, "x"]
    elif field == "lines":
        value = [{"code": "99213", "units": name}]
    with pytest.raises(ValidationFailed) as info:
        from_dict({**SAMPLE_DICT, field: value}, Sample)
    for text in (str(info.value), repr(info.value), *(str(p) for p in info.value.problems)):
        assert name not in text
        assert name.split(maxsplit=1)[0] not in text


@PER_CASE
@given(name=_names)
def test_messages_never_contain_the_value_where_an_int_is_expected(name: str) -> None:
    with pytest.raises(ValidationFailed) as info:
        from_dict({"code": "99213", "units": name}, Line)
    (problem,) = info.value.problems
    assert problem.path == "units"
    assert name not in str(info.value)
    assert "int" in problem.message


def test_messages_never_contain_a_non_dict_value() -> None:
    with pytest.raises(ValidationFailed) as info:
        from_dict("Jonathan Smithers", Sample)
    assert "Jonathan" not in str(info.value)


# -- converters ------------------------------------------------------------------


def test_make_converter_gives_fresh_configured_converters() -> None:
    a, b = make_converter(), make_converter()
    assert a is not b
    assert a.unstructure(Decimal("1.10")) == "1.10"
    with pytest.raises(cattrs.errors.ClassValidationError):
        a.structure({"code": "x", "units": 1, "extra": 2}, Line)


def test_configure_converter_teaches_an_existing_converter() -> None:
    conv = cattrs.Converter()
    assert configure_converter(conv) is conv
    assert conv.unstructure(dt.date(2024, 1, 2)) == "2024-01-02"
    assert conv.unstructure((Decimal("1"), dt.datetime(2024, 1, 2, tzinfo=UTC))) == [
        "1",
        "2024-01-02T00:00:00+00:00",
    ]
    assert conv.unstructure(frozenset({3, 1, 2})) == [1, 2, 3]
    assert conv.structure("2024-01-02", dt.date) == dt.date(2024, 1, 2)
    assert conv.structure("1.5", Decimal) == Decimal("1.5")


def test_frozensets_of_mixed_types_sort_deterministically() -> None:
    conv = configure_converter(cattrs.Converter())
    assert conv.unstructure(frozenset({2, "a", 1})) == [1, 2, "a"]


@pytest.mark.parametrize("value", [None, 1, "x", {"a": 1}, Color.RED])
def test_to_dict_refuses_non_models(value: object) -> None:
    with pytest.raises(TypeError, match="expected a medoffice value"):
        to_dict(value)


# -- durations, times of day, checks inside a class --------------------------------


@pytest.mark.parametrize(
    ("td", "text"),
    [
        (dt.timedelta(0), "PT0S"),
        (dt.timedelta(minutes=90), "PT1H30M"),
        (dt.timedelta(days=2, seconds=5, microseconds=120), "P2DT5.00012S"),
        (-dt.timedelta(minutes=5), "-PT5M"),
        (dt.timedelta(microseconds=1), "PT0.000001S"),
        (dt.timedelta(days=1), "P1D"),
    ],
)
def test_durations_are_iso_8601(td: dt.timedelta, text: str) -> None:
    from medoffice.scheduling import AppointmentType

    kind = AppointmentType(code="v", duration=dt.timedelta(minutes=5), buffer_after=abs(td))
    assert to_dict(kind)["buffer_after"] == text.removeprefix("-")
    converter = make_converter()
    assert converter.unstructure(td) == text
    assert converter.structure(text, dt.timedelta) == td


@given(st.timedeltas())
def test_every_duration_round_trips(td: dt.timedelta) -> None:
    converter = make_converter()
    assert converter.structure(converter.unstructure(td), dt.timedelta) == td


@pytest.mark.parametrize("bad", ["P", "PT", "1H", "PT1.H", "P1DT", "PT5", "", "P-1D", 30, None])
def test_bad_durations_are_refused(bad: object) -> None:
    from medoffice.scheduling import AppointmentType

    data = {"code": "v", "duration": bad}
    with pytest.raises(ValidationFailed) as info:
        from_dict(data, AppointmentType)
    (problem,) = info.value.problems
    assert problem.path == "duration"
    assert problem.message == "invalid value for this field (expected timedelta)"


def test_times_of_day() -> None:
    from medoffice.scheduling import WeeklyHours

    hours = WeeklyHours(days=[0], start=dt.time(9), end=dt.time(17, 30))
    assert to_dict(hours) == {"days": [0], "start": "09:00:00", "end": "17:30:00"}
    assert from_dict({"days": [0], "start": "09:00", "end": "17:30"}, WeeklyHours) == hours
    for bad in ("9am", 9):
        with pytest.raises(ValidationFailed) as info:
            from_dict({"days": [0], "start": bad, "end": "17:30"}, WeeklyHours)
        assert [p.path for p in info.value.problems] == ["start"]


def test_checks_inside_a_class_name_their_field() -> None:
    from medoffice.scheduling import Appointment

    data = {
        "id": "a1",
        "start": "2025-01-06T10:00:00+00:00",
        "end": "2025-01-06T09:00:00+00:00",
        "resources": [{"id": "p-1", "kind": "patient", "name": "Jonathan Smithers"}],
    }
    with pytest.raises(ValidationFailed) as info:
        from_dict(data, Appointment)
    (problem,) = info.value.problems
    assert (problem.path, problem.message) == ("end", "must not be before start")
    assert "Jonathan" not in str(info.value)
    nested = {"items": [{"name": "Ann"}, {"name": "Jonathan Smithers"}]}
    assert _only(nested, Wholes).message == "invalid value for this field (expected Whole)"


def test_a_day_or_an_instant() -> None:
    from medoffice.scheduling import Recurrence

    rule = Recurrence(frequency="DAILY", until=dt.date(2025, 1, 5))
    assert to_dict(rule)["until"] == "2025-01-05"
    assert from_dict(to_dict(rule), Recurrence) == rule
    data = {**to_dict(rule), "until": "2025-01-05T23:59:59+00:00"}
    assert from_dict(data, Recurrence).until == dt.datetime(2025, 1, 5, 23, 59, 59, tzinfo=dt.UTC)
    for bad in ("2025-01-05T09:00", "tomorrow", 5):
        with pytest.raises(ValidationFailed) as info:
            from_dict({**data, "until": bad}, Recurrence)
        assert [p.path for p in info.value.problems] == ["until"]
