"""Tests for medoffice.scheduling._time: instants, wall times and DST policies."""

from __future__ import annotations

import datetime as dt
import pickle
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.exceptions import LocalTimeError
from medoffice.scheduling._time import (
    UTC,
    Ambiguous,
    Nonexistent,
    day_bounds,
    from_us,
    is_aware,
    local_date,
    localize,
    localize_or_none,
    require_aware,
    to_us,
    zone,
)

NY = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")
SYDNEY = ZoneInfo("Australia/Sydney")
ZONES = [NY, LONDON, SYDNEY, ZoneInfo("UTC"), ZoneInfo("Asia/Kolkata")]

#: (zone, a wall time that a spring-forward change skips, the gap in hours)
GAPS = [
    (NY, dt.datetime(2025, 3, 9, 2, 30)),
    (LONDON, dt.datetime(2025, 3, 30, 1, 30)),
    (SYDNEY, dt.datetime(2025, 10, 5, 2, 30)),
]
#: (zone, a wall time that a fall-back change repeats)
FOLDS = [
    (NY, dt.datetime(2025, 11, 2, 1, 30)),
    (LONDON, dt.datetime(2025, 10, 26, 1, 30)),
    (SYDNEY, dt.datetime(2025, 4, 6, 2, 30)),
]


def _exists(value: dt.datetime) -> bool:
    """Whether an aware datetime's wall time survives a round trip through UTC."""
    assert value.tzinfo is not None
    back = value.astimezone(UTC).astimezone(value.tzinfo)
    return back.replace(tzinfo=None) == value.replace(tzinfo=None)


# -- instants ---------------------------------------------------------------------


@given(st.integers(-(2**50), 2**50))
def test_microseconds_round_trip(us: int) -> None:
    assert to_us(from_us(us)) == us


@given(st.datetimes(timezones=st.sampled_from(ZONES)))
def test_to_us_orders_like_utc(value: dt.datetime) -> None:
    utc = value.astimezone(UTC)
    assert from_us(to_us(value)) == utc
    assert to_us(value) == to_us(utc)


def test_the_fold_trap_is_avoided_by_microseconds() -> None:
    first = dt.datetime(2025, 11, 2, 1, 30, tzinfo=NY)
    second = dt.datetime(2025, 11, 2, 1, 30, fold=1, tzinfo=NY)
    assert first == second  # Python compares wall times within one tzinfo
    assert to_us(second) - to_us(first) == 3_600_000_000


def test_is_aware_and_require_aware() -> None:
    assert is_aware(dt.datetime(2025, 1, 1, tzinfo=UTC))
    assert not is_aware(dt.datetime(2025, 1, 1))
    with pytest.raises(ValueError, match="start: naive datetimes are refused"):
        require_aware(dt.datetime(2025, 1, 1), "start")
    with pytest.raises(TypeError, match="end: must be a datetime"):
        require_aware(dt.date(2025, 1, 1), "end")


# -- zones ------------------------------------------------------------------------


def test_zone_names() -> None:
    assert zone("America/New_York").key == "America/New_York"
    for bad in ("", " UTC", "Mars/Olympus", "../etc/passwd"):
        with pytest.raises(ValueError, match="timezone:"):
            zone(bad)
    with pytest.raises(ValueError, match="timezone:"):
        zone(5)  # type: ignore[arg-type]


# -- localize ---------------------------------------------------------------------


@pytest.mark.parametrize(("tz", "wall"), GAPS, ids=str)
def test_gap_policies(tz: ZoneInfo, wall: dt.datetime) -> None:
    shifted = localize(wall, tz)
    assert _exists(shifted)
    # Shifted forward by the length of the gap (one hour in these zones).
    assert shifted.replace(tzinfo=None) == wall + dt.timedelta(hours=1)
    assert localize(wall, tz, nonexistent=Nonexistent.SHIFT_FORWARD) == shifted
    assert localize_or_none(wall, tz, nonexistent=Nonexistent.SKIP) is None
    with pytest.raises(LocalTimeError) as info:
        localize(wall, tz, nonexistent=Nonexistent.RAISE)
    assert info.value.code == "time.nonexistent"
    assert info.value.zone == tz.key
    assert info.value.local == wall.isoformat()
    with pytest.raises(LocalTimeError, match="does not exist"):
        localize_or_none(wall, tz, nonexistent=Nonexistent.RAISE)


@pytest.mark.parametrize(("tz", "wall"), FOLDS, ids=str)
def test_fold_policies(tz: ZoneInfo, wall: dt.datetime) -> None:
    earlier = localize(wall, tz, ambiguous=Ambiguous.EARLIER)
    later = localize(wall, tz, ambiguous=Ambiguous.LATER)
    assert to_us(later) - to_us(earlier) == 3_600_000_000
    assert earlier.replace(tzinfo=None) == later.replace(tzinfo=None) == wall
    assert localize(wall, tz) == earlier  # the default
    with pytest.raises(LocalTimeError) as info:
        localize(wall, tz, ambiguous=Ambiguous.RAISE)
    assert info.value.code == "time.ambiguous"
    assert "happens twice" in str(info.value)


@given(
    st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2060, 1, 1)),
    st.sampled_from(ZONES),
    st.sampled_from(Nonexistent),
    st.sampled_from([Ambiguous.EARLIER, Ambiguous.LATER]),
)
def test_localize_never_emits_a_time_that_does_not_exist(
    wall: dt.datetime, tz: ZoneInfo, gap: Nonexistent, fold: Ambiguous
) -> None:
    if (
        gap is Nonexistent.RAISE
        and localize_or_none(wall, tz, nonexistent=Nonexistent.SKIP) is None
    ):
        with pytest.raises(LocalTimeError, match="does not exist"):
            localize(wall, tz, nonexistent=gap, ambiguous=fold)
        return
    result = localize_or_none(wall, tz, nonexistent=gap, ambiguous=fold)
    if result is None:
        assert gap is Nonexistent.SKIP
        return
    assert _exists(result)
    if result.replace(tzinfo=None) != wall:
        # Only a skipped wall time moves, and only forward, by at most the gap.
        assert gap is Nonexistent.SHIFT_FORWARD
        assert wall < result.replace(tzinfo=None) <= wall + dt.timedelta(hours=2)


def test_local_time_error_pickles() -> None:
    err = LocalTimeError("m", code="time.ambiguous", local="2025-11-02T01:30:00", zone="X/Y")
    back = pickle.loads(pickle.dumps(err))  # noqa: S301  # our own object
    assert (back.code, back.local, back.zone, str(back)) == (err.code, err.local, err.zone, "m")


# -- days -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "tz", "hours"),
    [
        (dt.date(2025, 3, 9), NY, 23),
        (dt.date(2025, 11, 2), NY, 25),
        (dt.date(2025, 7, 1), NY, 24),
        (dt.date(2025, 3, 30), LONDON, 23),
        (dt.date(2025, 10, 5), SYDNEY, 23),
        (dt.date(2025, 4, 6), SYDNEY, 25),
    ],
)
def test_day_bounds(day: dt.date, tz: ZoneInfo, hours: int) -> None:
    start, end = day_bounds(day, tz)
    assert end - start == hours * 3_600_000_000
    assert local_date(start, tz) == day
    assert local_date(end - 1, tz) == day
    assert local_date(end, tz) == day + dt.timedelta(days=1)


def test_a_midnight_that_does_not_exist_starts_the_day_at_the_first_instant() -> None:
    # America/Santiago springs forward at midnight: 2025-09-07 00:00 does not exist.
    santiago = ZoneInfo("America/Santiago")
    start, end = day_bounds(dt.date(2025, 9, 7), santiago)
    assert from_us(start).astimezone(santiago).hour == 1
    assert end - start == 23 * 3_600_000_000
