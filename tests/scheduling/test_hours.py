"""Working hours: expansion checked against a brute-force membership oracle, DST, reasons."""

from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.exceptions import LocalTimeError
from medoffice.scheduling import _hours
from medoffice.scheduling._hours import (
    Blocked,
    DateClosed,
    OnBreak,
    OutsideHours,
    closed_reasons,
    fitting_window,
    working_windows,
)
from medoffice.scheduling._model import Block, Break, DateOverride, Hours, Level, WeeklyHours
from medoffice.scheduling._time import Ambiguous, Nonexistent, localize_or_none, to_us

from ._strategies_availability import ZONES, hours_and_range

UTC = dt.UTC
NY = ZoneInfo("America/New_York")
HOUR = 3_600_000_000
MINUTE = 60_000_000


def us(*args: int, tz: dt.tzinfo = UTC) -> int:
    return to_us(dt.datetime(*args, tzinfo=tz))  # type: ignore[misc]


def local_hm(windows: tuple[tuple[int, int], ...], tz: dt.tzinfo) -> list[tuple[str, str]]:
    def fmt(u: int) -> str:
        return (
            (dt.datetime(1970, 1, 1, tzinfo=UTC) + dt.timedelta(microseconds=u))
            .astimezone(tz)
            .strftime("%m-%d %H:%M%z")
        )

    return [(fmt(s), fmt(e)) for s, e in windows]


# -- the oracle -------------------------------------------------------------------


def _instant(day: dt.date, t: dt.time, tz: dt.tzinfo, nx: Nonexistent, am: Ambiguous) -> int | None:
    got = localize_or_none(dt.datetime.combine(day, t), tz, nonexistent=nx, ambiguous=am)
    return None if got is None else to_us(got)


def _day_intervals(
    hours: Hours, day: dt.date, nx: Nonexistent, am: Ambiguous
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(base windows, blocking breaks) of one local date, by plain weekday tests."""
    tz = ZoneInfo(hours.timezone)
    overridden = [o for o in hours.overrides if o.date == day]
    pairs = (
        [w for o in overridden for w in o.windows]
        if overridden
        else [(w.start, w.end) for w in hours.weekly if day.weekday() in w.days]
    )
    base = []
    for a, b in pairs:
        lo, hi = _instant(day, a, tz, nx, am), _instant(day, b, tz, nx, am)
        if lo is not None and hi is not None and hi > lo:
            base.append((lo, hi))
    cuts = []
    for p in hours.breaks:
        if day.weekday() in p.days and p.level is Level.BLOCK:
            lo, hi = _instant(day, p.start, tz, nx, am), _instant(day, p.end, tz, nx, am)
            if lo is not None and hi is not None and hi > lo:
                cuts.append((lo, hi))
    return base, cuts


def oracle_windows(
    hours: Hours,
    start: int,
    end: int,
    nx: Nonexistent = Nonexistent.SHIFT_FORWARD,
    am: Ambiguous = Ambiguous.EARLIER,
) -> tuple[tuple[int, int], ...]:
    """Membership tested at every event point; working time is constant between them."""
    tz = ZoneInfo(hours.timezone)
    first = dt.datetime.fromtimestamp(start / 1e6, tz).date() - dt.timedelta(days=2)
    last = dt.datetime.fromtimestamp(end / 1e6, tz).date() + dt.timedelta(days=2)
    base: list[tuple[int, int]] = []
    cuts: list[tuple[int, int]] = []
    day = first
    while day <= last:
        b, c = _day_intervals(hours, day, nx, am)
        base += b
        cuts += c
        day += dt.timedelta(days=1)
    cuts += [(to_us(b.start), to_us(b.end)) for b in hours.blocks if b.level is Level.BLOCK]

    def member(u: int) -> bool:
        return any(a <= u < b for a, b in base) and not any(a <= u < b for a, b in cuts)

    points = sorted({start, end} | {p for iv in base + cuts for p in iv if start < p < end})
    out: list[tuple[int, int]] = []
    for a, b in itertools.pairwise(points):
        if member(a):
            if out and out[-1][1] == a:
                out[-1] = (out[-1][0], b)
            else:
                out.append((a, b))
    return tuple(out)


# -- properties -------------------------------------------------------------------


@settings(max_examples=min(150, settings().max_examples), deadline=None)
@given(hours_and_range())
def test_windows_match_the_oracle(case: tuple[Hours, int, int]) -> None:
    hours, start, end = case
    assert working_windows(hours, start, end) == oracle_windows(hours, start, end)


@settings(max_examples=min(60, settings().max_examples), deadline=None)
@given(hours_and_range(), st.sampled_from(list(Ambiguous)[:2]))
def test_windows_match_the_oracle_under_other_policies(
    case: tuple[Hours, int, int], am: Ambiguous
) -> None:
    hours, start, end = case
    nx = Nonexistent.SKIP
    got = working_windows(hours, start, end, nonexistent=nx, ambiguous=am)
    assert got == oracle_windows(hours, start, end, nx, am)


@settings(max_examples=min(100, settings().max_examples), deadline=None)
@given(hours_and_range(), st.data())
def test_reasons_block_exactly_when_not_inside_working_time(
    case: tuple[Hours, int, int], data: st.DataObject
) -> None:
    hours, start, end = case
    a = data.draw(st.integers(start, end - 1))
    b = data.draw(st.integers(a + 1, end))
    inside = working_windows(hours, a, b) == ((a, b),)
    reasons = closed_reasons(hours, a, b)
    assert inside == (not any(r.level is Level.BLOCK for r in reasons))
    for reason in reasons:
        assert reason.resource == hours.resource
        assert str(reason)


@settings(max_examples=min(100, settings().max_examples), deadline=None)
@given(hours_and_range(), st.data())
def test_fitting_window_is_the_first_fit(case: tuple[Hours, int, int], data: st.DataObject) -> None:
    hours, start, end = case
    length = data.draw(st.sampled_from([MINUTE, 15 * MINUTE, HOUR, 3 * HOUR]))
    until = data.draw(st.integers(start, end))
    got = fitting_window(hours, start, length, until)
    windows = oracle_windows(hours, start, until + length)
    expected = next(((s, e) for s, e in windows if s <= until and e - s >= length), None)
    if expected is None:
        assert got is None
    else:
        assert got is not None
        assert got[0] == expected[0]
        assert got[1] >= expected[1]  # the whole window, not clipped to the query


# -- examples ---------------------------------------------------------------------

NINE_TO_FIVE = WeeklyHours(days=range(7), start=dt.time(9), end=dt.time(17))


@pytest.mark.parametrize(
    ("zone", "before", "after"),
    [
        ("America/New_York", dt.date(2025, 3, 8), dt.date(2025, 3, 10)),
        ("America/New_York", dt.date(2025, 11, 1), dt.date(2025, 11, 3)),
        ("Europe/London", dt.date(2025, 3, 29), dt.date(2025, 3, 31)),
        ("Europe/London", dt.date(2025, 10, 25), dt.date(2025, 10, 27)),
        ("Australia/Sydney", dt.date(2025, 4, 5), dt.date(2025, 4, 7)),
        ("Australia/Sydney", dt.date(2025, 10, 4), dt.date(2025, 10, 6)),
    ],
)
def test_nine_stays_nine_across_dst(zone: str, before: dt.date, after: dt.date) -> None:
    tz = ZoneInfo(zone)
    hours = Hours(timezone=zone, weekly=(NINE_TO_FIVE,))
    lo = to_us(dt.datetime.combine(before, dt.time(), tz))
    hi = to_us(dt.datetime.combine(after + dt.timedelta(days=1), dt.time(), tz))
    windows = working_windows(hours, lo, hi)
    assert len(windows) == 3
    offsets = set()
    for s, e in windows:
        start = (dt.datetime(1970, 1, 1, tzinfo=UTC) + dt.timedelta(microseconds=s)).astimezone(tz)
        assert (start.hour, start.minute) == (9, 0)
        assert e - s == 8 * HOUR
        offsets.add(start.utcoffset())
    assert len(offsets) == 2  # the UTC offset changed, the wall time did not


def test_spring_forward_gap_window_policies() -> None:
    hours = Hours(
        timezone="America/New_York",
        weekly=(WeeklyHours(days={6}, start=dt.time(1, 30), end=dt.time(2, 30)),),
    )
    lo, hi = us(2025, 3, 9, tz=NY), us(2025, 3, 10, tz=NY)
    # 02:30 shifts forward to 03:30 EDT: 01:30 EST to 03:30 EDT is one hour.
    assert local_hm(working_windows(hours, lo, hi), NY) == [
        ("03-09 01:30-0500", "03-09 03:30-0400")
    ]
    assert working_windows(hours, lo, hi, nonexistent=Nonexistent.SKIP) == ()
    with pytest.raises(LocalTimeError):
        working_windows(hours, lo, hi, nonexistent=Nonexistent.RAISE)


def test_fall_back_window_policies() -> None:
    hours = Hours(
        timezone="America/New_York",
        weekly=(WeeklyHours(days={6}, start=dt.time(0, 30), end=dt.time(1, 30)),),
    )
    lo, hi = us(2025, 11, 2, tz=NY), us(2025, 11, 3, tz=NY)
    assert working_windows(hours, lo, hi) == ((us(2025, 11, 2, 4, 30), us(2025, 11, 2, 5, 30)),)
    later = working_windows(hours, lo, hi, ambiguous=Ambiguous.LATER)
    assert later == ((us(2025, 11, 2, 4, 30), us(2025, 11, 2, 6, 30)),)


def test_a_query_in_2029_starts_expanding_near_its_own_date(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    starts: list[dt.datetime] = []
    real = _hours.rrule

    def spy(*args: object, **kwargs: object) -> object:
        starts.append(kwargs["dtstart"])  # type: ignore[arg-type]
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(_hours, "rrule", spy)
    hours = Hours(timezone="Europe/London", weekly=(NINE_TO_FIVE,))
    lo, hi = us(2029, 6, 1), us(2029, 7, 1)
    assert len(working_windows(hours, lo, hi)) == 30
    assert starts
    assert all(s.date() >= dt.date(2029, 5, 15) for s in starts)


def test_overrides_breaks_and_blocks() -> None:
    hours = Hours(
        resource="dr-lee",
        timezone="UTC",
        weekly=(WeeklyHours(days=range(5), start=dt.time(9), end=dt.time(17)),),
        breaks=(
            Break(days=range(5), start=dt.time(12), end=dt.time(13), reason="lunch"),
            Break(days={0}, start=dt.time(16), end=dt.time(17), reason="admin", level="warn"),
        ),
        overrides=(
            DateOverride(date=dt.date(2025, 1, 7), windows=((dt.time(10), dt.time(14)),), reason="short"),
            DateOverride(date=dt.date(2025, 1, 8), reason="holiday"),
            DateOverride(date=dt.date(2025, 1, 11), windows=((dt.time(8), dt.time(9)),)),
        ),
        blocks=(
            Block(start=dt.datetime(2025, 1, 9, 15, tzinfo=UTC), end=dt.datetime(2025, 1, 9, 18, tzinfo=UTC),
                  reason="out of office"),
            Block(start=dt.datetime(2025, 1, 10, 9, tzinfo=UTC), end=dt.datetime(2025, 1, 10, 10, tzinfo=UTC),
                  reason="huddle", level="info"),
        ),
    )  # fmt: skip
    got = working_windows(hours, us(2025, 1, 6), us(2025, 1, 13))
    assert got == (
        (us(2025, 1, 6, 9), us(2025, 1, 6, 12)),
        (us(2025, 1, 6, 13), us(2025, 1, 6, 17)),  # a "warn" break keeps the time
        (us(2025, 1, 7, 10), us(2025, 1, 7, 12)),  # override hours, lunch still applies
        (us(2025, 1, 7, 13), us(2025, 1, 7, 14)),
        (us(2025, 1, 9, 9), us(2025, 1, 9, 12)),
        (us(2025, 1, 9, 13), us(2025, 1, 9, 15)),
        (us(2025, 1, 10, 9), us(2025, 1, 10, 12)),
        (us(2025, 1, 10, 13), us(2025, 1, 10, 17)),
        (us(2025, 1, 11, 8), us(2025, 1, 11, 9)),  # a Saturday opened by an override
    )
    assert got == oracle_windows(hours, us(2025, 1, 6), us(2025, 1, 13))
    reasons = closed_reasons(hours, us(2025, 1, 6, 15), us(2025, 1, 10, 11))
    kinds = [type(r) for r in reasons]
    assert kinds == [OnBreak, OutsideHours, DateClosed, OnBreak, DateClosed,
                     OutsideHours, OnBreak, Blocked, OutsideHours, Blocked]  # fmt: skip
    assert [str(r) for r in reasons][:3] == [
        "dr-lee is on a break (admin) from 2025-01-06 16:00 to 2025-01-06 17:00 (UTC) [warn]",
        "dr-lee does not work from 2025-01-06 17:00 to 2025-01-07 00:00 (UTC)",
        "dr-lee has special hours on 2025-01-07: 10:00-14:00 (short)",
    ]
    assert str(reasons[4]) == "dr-lee is closed on 2025-01-08 (holiday)"
    assert reasons[-1].level is Level.INFO
    assert closed_reasons(hours, us(2025, 1, 6, 9), us(2025, 1, 6, 10)) == ()
    assert closed_reasons(None, 0, 10) == ()
    assert closed_reasons(hours, 10, 10) == ()
    assert str(closed_reasons(hours, us(2025, 1, 6, 8), us(2025, 1, 6, 9), resource=None)[0])


def test_edges() -> None:
    hours = Hours(timezone="UTC", weekly=(NINE_TO_FIVE,))
    assert working_windows(hours, 10, 10) == ()
    assert working_windows(None, 5, 1) == ()
    assert fitting_window(None, 5, 10, 20) == (5, 30)
    assert fitting_window(hours, 20, 10, 5) is None
    assert fitting_window(Hours(timezone="UTC"), 0, 10, 7 * 24 * HOUR) is None
    t = us(2025, 1, 6, 16, 30)
    assert fitting_window(hours, t, HOUR, t + HOUR) is None
    assert str(OutsideHours(resource=None, start=dt.datetime(2025, 1, 1, tzinfo=UTC),
                            end=dt.datetime(2025, 1, 1, 1, tzinfo=UTC))).startswith("the resource")  # fmt: skip
    assert (
        str(DateClosed(resource=None, date=dt.date(2025, 1, 1)))
        == "the resource is closed on 2025-01-01"
    )
    pause = OnBreak(resource="r", reason="", start=dt.datetime(2025, 1, 1, tzinfo=UTC),
                    end=dt.datetime(2025, 1, 1, 1, tzinfo=UTC), level="block")  # fmt: skip
    assert "break from" in str(pause)
    block = Blocked(resource="r", reason="", start=pause.start, end=pause.end, level="block")
    assert "blocked from" in str(block)
    assert ZONES


# -- the fast expansion, against the slow one -------------------------------------

#: Zones whose offset changes at midnight (Havana, Santiago, Beirut), by half an
#: hour (Lord Howe), or that skipped a whole date (Apia, 2011-12-30).
ODD_ZONES = (
    ("America/Havana", 2024),
    ("America/Santiago", 2024),
    ("Asia/Beirut", 2023),
    ("Australia/Lord_Howe", 2025),
    ("Pacific/Apia", 2011),
    ("America/New_York", 2025),
    ("Europe/London", 2025),
)
WALLS = (
    (dt.time(0), dt.time(0, 30)),
    (dt.time(0, 30), dt.time(1, 30)),
    (dt.time(1), dt.time(3)),
    (dt.time(2, 15), dt.time(2, 45)),
    (dt.time(9), dt.time(17)),
    (dt.time(23), dt.time(23, 59, 59, 999_999)),
)
POLICIES = [(nx, am) for nx in Nonexistent for am in Ambiguous]


def _outcome(fn: object, *args: object) -> object:
    try:
        return fn(*args)  # type: ignore[operator]
    except LocalTimeError as exc:
        return ("raised", exc.code, str(exc))


def _slow_span(
    day: dt.date, start: dt.time, end: dt.time, tz: dt.tzinfo, policy: tuple[Nonexistent, Ambiguous]
) -> tuple[int, int] | None:
    return _hours._span(day, start, end, tz, nx=policy[0], am=policy[1])


@pytest.mark.parametrize(("zone", "year"), ODD_ZONES)
def test_clock_spans_equal_localize_every_day_of_a_year(zone: str, year: int) -> None:
    tz = ZoneInfo(zone)
    first, last = dt.date(year, 1, 1).toordinal(), dt.date(year, 12, 31).toordinal()
    plain = 0
    for nx, am in POLICIES:
        clock = _hours._Clock(tz, first, last, nx, am)
        plain = len(clock.bases)
        for ordinal in range(first, last + 1):
            day = dt.date.fromordinal(ordinal)
            for start, end in WALLS:
                slow = _outcome(_slow_span, day, start, end, tz, (nx, am))
                assert _outcome(clock.span, ordinal, start, end) == slow, (day, start, nx, am)
    # Only the days of a change (and, where it is at midnight, the day before) are not plain.
    assert 355 <= plain <= 363


@settings(max_examples=min(100, settings().max_examples), deadline=None)
@given(
    st.frozensets(st.integers(0, 6)),
    st.integers(dt.date(1990, 1, 1).toordinal(), dt.date(2060, 1, 1).toordinal()),
    st.integers(0, 60),
)
def test_rrule_blocks_hit_exactly_the_weekdays(
    days: frozenset[int], first: int, length: int
) -> None:
    got = list(_hours._occurrences(days, first, first + length))
    want = [o for o in range(first, first + length + 1) if dt.date.fromordinal(o).weekday() in days]
    assert got == want


def test_cache_clear_empties_every_hours_memo() -> None:
    hours = Hours(timezone="America/New_York", weekly=(NINE_TO_FIVE,))
    before = working_windows(hours, us(2025, 3, 3), us(2025, 3, 17))
    assert _hours._block_dates.cache_info().currsize
    assert _hours._midnight.cache_info().currsize
    _hours._chunk.cache_clear()
    assert _hours._block_dates.cache_info().currsize == 0
    assert _hours._midnight.cache_info().currsize == 0
    assert working_windows(hours, us(2025, 3, 3), us(2025, 3, 17)) == before
    assert len(before) == 14  # every day of two weeks


def test_chunk_memo_is_bounded_and_fitting_stops_at_until() -> None:
    memo = _hours._ChunkMemo(maxsize=2)
    hours = Hours(timezone="UTC", weekly=(NINE_TO_FIVE,))
    sf, ea = Nonexistent.SHIFT_FORWARD, Ambiguous.EARLIER
    first = memo(hours, 2900, sf, ea)
    assert memo(hours, 2900, sf, ea) is first
    memo(hours, 2901, sf, ea)
    assert len(memo) == 2
    memo(hours, 2902, sf, ea)
    assert len(memo) == 1  # emptied when full
    # A window after ``until`` is not a fit, however long.
    t = us(2025, 1, 6, 17)
    assert fitting_window(hours, t, HOUR, t + 15 * HOUR) is None
    assert fitting_window(hours, t, HOUR, t + 16 * HOUR) == (us(2025, 1, 7, 9), us(2025, 1, 7, 17))
