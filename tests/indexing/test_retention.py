"""Retention: hand-worked dates, the leap-day policy, properties, an oracle, junk."""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.indexing.retention import (
    MPI,
    LeapDay,
    LegalHold,
    RetainedRecord,
    RetentionPolicy,
    destruction_date,
    is_destroyable,
)
from medoffice.strategies import junk

POLICY = RetentionPolicy(
    adult_years_after_last_encounter=10, age_of_majority=18, minor_years_after_majority=10
)


def record(born: dt.date, last: dt.date, **kw: object) -> RetainedRecord:
    return RetainedRecord(birth_date=born, last_encounter=last, **kw)  # type: ignore[arg-type]


# -- hand-worked examples --------------------------------------------------------------


@pytest.mark.parametrize(
    ("born", "last", "leap", "expected"),
    [
        # An adult: ten years after the last encounter.
        (dt.date(1960, 3, 1), dt.date(2020, 6, 30), "feb-28", dt.date(2030, 6, 30)),
        # A child seen at 4: majority (2034) + 10 = 2044, later than 2030.
        (dt.date(2016, 5, 2), dt.date(2020, 6, 30), "feb-28", dt.date(2044, 5, 2)),
        # A 17-year-old seen the day before majority: max(2031-05-01, 2031-05-02).
        (dt.date(2003, 5, 2), dt.date(2021, 5, 1), "feb-28", dt.date(2031, 5, 2)),
        # Seen on the 18th birthday: an adult, ten years after.
        (dt.date(2003, 5, 2), dt.date(2021, 5, 2), "feb-28", dt.date(2031, 5, 2)),
        # Leap-day encounter, adult: 2020-02-29 + 10 lands on 28 Feb or 1 Mar 2030.
        (dt.date(1950, 1, 1), dt.date(2020, 2, 29), "feb-28", dt.date(2030, 2, 28)),
        (dt.date(1950, 1, 1), dt.date(2020, 2, 29), "mar-1", dt.date(2030, 3, 1)),
        # Leap-day birthday, minor: 28 years later is 2032 (a leap year): 29 Feb either way.
        (dt.date(2004, 2, 29), dt.date(2010, 1, 1), "feb-28", dt.date(2032, 2, 29)),
        # ... and 2008-02-29 + 28 = 2036-02-29 too; 2005-born + 28 = 2033 (not leap).
        (dt.date(2008, 2, 29), dt.date(2010, 1, 1), "mar-1", dt.date(2036, 2, 29)),
    ],
)
def test_hand_worked(born: dt.date, last: dt.date, leap: str, expected: dt.date) -> None:
    policy = attrs.evolve(POLICY, leap_day=LeapDay(leap))
    assert destruction_date(record(born, last), policy) == expected


def test_a_young_adults_chart_keeps_the_minor_rule() -> None:
    # Born 2000, last seen at 19: the chart holds childhood records, so the minor
    # rule (2000 + 18 + 10 = 2028) outlasts the adult one (2019 + 7 = 2026).
    policy = attrs.evolve(POLICY, adult_years_after_last_encounter=7)
    assert destruction_date(record(dt.date(2000, 1, 1), dt.date(2019, 1, 1)), policy) == dt.date(
        2028, 1, 1
    )


def test_leap_day_minor_in_a_common_year() -> None:
    # Majority 18 + 11 years = 29: 2004-02-29 + 29 = 2033 (not a leap year).
    policy = attrs.evolve(POLICY, minor_years_after_majority=11)
    child = record(dt.date(2004, 2, 29), dt.date(2010, 1, 1))
    assert destruction_date(child, policy) == dt.date(2033, 2, 28)
    assert destruction_date(child, attrs.evolve(policy, leap_day="mar-1")) == dt.date(2033, 3, 1)


def test_permanent_classes_and_mpi_are_never_destroyed() -> None:
    r = record(dt.date(1950, 1, 1), dt.date(1990, 1, 1))
    assert destruction_date(attrs.evolve(r, record_class=MPI), POLICY) is None
    assert destruction_date(attrs.evolve(r, record_class="immunization"), POLICY) is not None
    keep = attrs.evolve(POLICY, permanent_classes={"immunization"})
    assert destruction_date(attrs.evolve(r, record_class="immunization"), keep) is None
    assert not is_destroyable(attrs.evolve(r, record_class=MPI), POLICY, today=dt.date(2999, 1, 1))


def test_legal_holds() -> None:
    r = record(dt.date(1950, 1, 1), dt.date(1990, 1, 1))
    open_hold = LegalHold(reason="case 1", placed_on=dt.date(1995, 1, 1))
    released = LegalHold(
        reason="case 2", placed_on=dt.date(1998, 1, 1), released_on=dt.date(2003, 7, 1)
    )
    assert destruction_date(attrs.evolve(r, legal_holds=[open_hold]), POLICY) is None
    assert destruction_date(attrs.evolve(r, legal_holds=[open_hold, released]), POLICY) is None
    # A hold released after the normal date pushes the date to the release.
    assert destruction_date(attrs.evolve(r, legal_holds=[released]), POLICY) == dt.date(2003, 7, 1)
    early = attrs.evolve(released, released_on=dt.date(1999, 1, 1))
    assert destruction_date(attrs.evolve(r, legal_holds=[early]), POLICY) == dt.date(2000, 1, 1)
    with pytest.raises(ValueError, match="released_on"):
        LegalHold(reason="r", placed_on=dt.date(2000, 1, 2), released_on=dt.date(2000, 1, 1))


def test_every_period_is_a_parameter() -> None:
    r = record(dt.date(2010, 6, 1), dt.date(2015, 6, 1))
    short = RetentionPolicy(
        adult_years_after_last_encounter=7, age_of_majority=21, minor_years_after_majority=3
    )
    assert destruction_date(r, short) == dt.date(2034, 6, 1)
    zero = RetentionPolicy(
        adult_years_after_last_encounter=0, age_of_majority=0, minor_years_after_majority=0
    )
    assert destruction_date(r, zero) == r.last_encounter
    # A minor seen late under a short minor period: the adult rule is the later one.
    teen = record(dt.date(2003, 5, 2), dt.date(2021, 4, 1))
    brief = attrs.evolve(POLICY, minor_years_after_majority=3)
    assert destruction_date(teen, brief) == dt.date(2031, 4, 1)
    with pytest.raises(TypeError):
        RetentionPolicy(age_of_majority=18)  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("adult_years_after_last_encounter", -1, ValueError),
        ("age_of_majority", 201, ValueError),
        ("minor_years_after_majority", 1.5, TypeError),
        ("age_of_majority", True, TypeError),
        ("permanent_classes", "mpi", TypeError),
        ("permanent_classes", {""}, ValueError),
        ("leap_day", "feb-29", ValueError),
    ],
)
def test_policy_refuses(field: str, value: object, error: type[Exception]) -> None:
    with pytest.raises(error, match=field if field != "leap_day" else "LeapDay"):
        attrs.evolve(POLICY, **{field: value})


def test_record_checks_and_masks() -> None:
    born = dt.date(1987, 11, 23)
    r = record(born, dt.date(2020, 1, 1))
    assert "1987" not in repr(r)
    with pytest.raises(ValueError, match="last_encounter") as info:
        record(born, dt.date(1980, 1, 1))
    assert "1987" not in str(info.value)
    with pytest.raises(TypeError, match="birth_date"):
        record(dt.datetime(1987, 1, 1, tzinfo=dt.UTC), dt.date(2020, 1, 1))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="record_class"):
        record(born, dt.date(2020, 1, 1), record_class=" ")
    with pytest.raises(TypeError, match="legal_holds"):
        record(born, dt.date(2020, 1, 1), legal_holds=["hold"])
    with pytest.raises(TypeError, match="today"):
        is_destroyable(r, POLICY, today=dt.datetime(2030, 1, 1, tzinfo=dt.UTC))  # type: ignore[arg-type]


# -- properties and an oracle ---------------------------------------------------------------

dates = st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))
policies = st.builds(
    RetentionPolicy,
    adult_years_after_last_encounter=st.integers(0, 30),
    age_of_majority=st.integers(0, 25),
    minor_years_after_majority=st.integers(0, 30),
    leap_day=st.sampled_from(list(LeapDay)),
)


@st.composite
def records(draw: st.DrawFn) -> RetainedRecord:
    born = draw(dates)
    last = draw(st.dates(born, dt.date(2100, 12, 31)))
    return record(born, last)


def _oracle_plus(day: dt.date, years: int, leap: LeapDay) -> dt.date:
    year = day.year + years
    if (day.month, day.day) == (2, 29) and not calendar.isleap(year):
        return dt.date(year, 2, 28) if leap is LeapDay.FEB_28 else dt.date(year, 3, 1)
    return day.replace(year=year)


def _oracle(r: RetainedRecord, p: RetentionPolicy) -> dt.date:
    """The reference's formula, written out with plain calendar arithmetic."""
    adult = _oracle_plus(r.last_encounter, p.adult_years_after_last_encounter, p.leap_day)
    total = p.age_of_majority + p.minor_years_after_majority
    return max(adult, _oracle_plus(r.birth_date, total, p.leap_day))


@given(records(), policies)
def test_matches_the_oracle(r: RetainedRecord, policy: RetentionPolicy) -> None:
    assert destruction_date(r, policy) == _oracle(r, policy)


@given(records(), policies, st.integers(0, 4000))
def test_monotone_in_the_last_encounter(
    r: RetainedRecord, policy: RetentionPolicy, days: int
) -> None:
    later = r.last_encounter + dt.timedelta(days=days)
    if later.year > 2100:
        return
    first = destruction_date(r, policy)
    second = destruction_date(attrs.evolve(r, last_encounter=later), policy)
    assert first is not None
    assert second is not None
    assert first <= second


@given(records(), policies)
def test_a_minor_is_never_earlier_than_the_adult_rule(
    r: RetainedRecord, policy: RetentionPolicy
) -> None:
    when = destruction_date(r, policy)
    adult = _oracle_plus(r.last_encounter, policy.adult_years_after_last_encounter, policy.leap_day)
    assert when is not None
    assert when >= adult
    assert when >= r.last_encounter


@given(records(), policies, dates)
def test_is_destroyable_agrees_with_the_date(
    r: RetainedRecord, policy: RetentionPolicy, today: dt.date
) -> None:
    when = destruction_date(r, policy)
    assert when is not None
    assert is_destroyable(r, policy, today=today) == (today >= when)


@given(junk(), junk())
def test_junk_gets_only_documented_errors(a: object, b: object) -> None:
    with contextlib.suppress(TypeError, ValueError):
        destruction_date(a, b)  # type: ignore[arg-type]
    with contextlib.suppress(TypeError, ValueError):
        RetainedRecord(birth_date=a, last_encounter=b)  # type: ignore[arg-type]
    with contextlib.suppress(TypeError, ValueError):
        RetentionPolicy(
            adult_years_after_last_encounter=a,  # type: ignore[arg-type]
            age_of_majority=b,  # type: ignore[arg-type]
            minor_years_after_majority=1,
        )


def test_a_date_past_the_calendar_is_a_clear_error() -> None:
    far = record(dt.date(9990, 1, 1), dt.date(9995, 1, 1))
    with pytest.raises(ValueError, match="after the year 9999"):
        destruction_date(far, POLICY)
