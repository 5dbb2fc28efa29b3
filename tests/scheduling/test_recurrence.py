"""Tests for medoffice.scheduling._recurrence: DST-safe rules and series."""

from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import attrs
import pytest
from dateutil.rrule import rrule
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.exceptions import LocalTimeError, Severity
from medoffice.scheduling import Appointment, Resource, Status, _recurrence
from medoffice.scheduling._recurrence import (
    ByDay,
    Feb29,
    Frequency,
    OccurrenceChange,
    Recurrence,
    Series,
)
from medoffice.scheduling._time import Ambiguous, localize_or_none, to_us, zone

from ._strategies_recurrence import series

NY = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")
SYDNEY = ZoneInfo("Australia/Sydney")
UTC = dt.UTC
ROOM = Resource(id="room-1", kind="room")
DR = Resource(id="dr-lee", kind="provider")


def make(
    start: dt.datetime, rule: Recurrence | str, *, tz: str = "America/New_York", minutes: int = 30
) -> Series:
    rec = Recurrence.from_rrule(rule) if isinstance(rule, str) else rule
    template = Appointment(
        id="t", start=start, end=start + dt.timedelta(minutes=minutes), resources=(DR,)
    )
    return Series(id="s", template=template, timezone=tz, recurrence=rec)


def local(series: Series, start: dt.datetime, end: dt.datetime) -> list[str]:
    tz = zone(series.timezone)
    return [a.start.astimezone(tz).isoformat() for a in series.occurrences(start, end)]


def everything(s: Series) -> tuple[Appointment, ...]:
    return s.occurrences(dt.datetime(2000, 1, 1, tzinfo=UTC), dt.datetime(2040, 1, 1, tzinfo=UTC))


# -- wall time kept across DST ------------------------------------------------------------


@pytest.mark.parametrize(
    ("tz", "first", "offsets"),
    [
        ("America/New_York", dt.datetime(2025, 3, 3, 9), {"-05:00", "-04:00"}),
        ("America/New_York", dt.datetime(2025, 10, 27, 9), {"-04:00", "-05:00"}),
        ("Europe/London", dt.datetime(2025, 3, 24, 9), {"+00:00", "+01:00"}),
        ("Europe/London", dt.datetime(2025, 10, 20, 9), {"+01:00", "+00:00"}),
        ("Australia/Sydney", dt.datetime(2025, 3, 31, 9), {"+11:00", "+10:00"}),
        ("Australia/Sydney", dt.datetime(2025, 9, 29, 9), {"+10:00", "+11:00"}),
    ],
)
def test_weekly_keeps_nine_oclock_local_across_changes(
    tz: str, first: dt.datetime, offsets: set[str]
) -> None:
    s = make(first.replace(tzinfo=zone(tz)), "FREQ=WEEKLY;COUNT=3", tz=tz)
    got = local(
        s,
        first.replace(tzinfo=UTC) - dt.timedelta(days=2),
        first.replace(tzinfo=UTC) + dt.timedelta(days=30),
    )
    assert [x[11:19] for x in got] == ["09:00:00"] * 3
    assert {x[19:] for x in got} == offsets
    # Seven days apart in local dates, not 168 hours apart in UTC.
    instants = [a.start for a in everything(s)]
    assert {(b - a) for a, b in itertools.pairwise(instants)} != {dt.timedelta(weeks=1)}


def test_same_instants_whatever_zone_the_template_is_written_in() -> None:
    a = make(dt.datetime(2025, 3, 3, 9, tzinfo=NY), "FREQ=DAILY;COUNT=20")
    b = make(dt.datetime(2025, 3, 3, 14, tzinfo=UTC), "FREQ=DAILY;COUNT=20")
    assert everything(a) == everything(b)


# -- spring forward -------------------------------------------------------------------------


SPRING = dt.datetime(2025, 3, 8, 2, 30, tzinfo=NY)
WINDOW = (dt.datetime(2025, 3, 7, tzinfo=UTC), dt.datetime(2025, 3, 12, tzinfo=UTC))


def test_daily_through_a_gap_shifts_forward_by_default() -> None:
    got = local(make(SPRING, "FREQ=DAILY;COUNT=3"), *WINDOW)
    assert got == [
        "2025-03-08T02:30:00-05:00",
        "2025-03-09T03:30:00-04:00",
        "2025-03-10T02:30:00-04:00",
    ]


def test_daily_through_a_gap_can_skip_and_the_skipped_one_counts() -> None:
    rule = Recurrence(frequency="DAILY", count=3, nonexistent="skip")
    got = local(make(SPRING, rule), *WINDOW)
    assert got == ["2025-03-08T02:30:00-05:00", "2025-03-10T02:30:00-04:00"]


def test_daily_through_a_gap_can_raise() -> None:
    rule = Recurrence(frequency="DAILY", count=3, nonexistent="raise")
    with pytest.raises(LocalTimeError) as info:
        make(SPRING, rule).occurrences(*WINDOW)
    assert info.value.code == "time.nonexistent"


@given(series())
@settings(max_examples=60, deadline=None)
def test_never_emits_a_local_time_that_does_not_exist(s: Series) -> None:
    tz = zone(s.timezone)
    for appt in everything(s):
        wall = appt.start.astimezone(tz)
        # A wall time that exists reads back as the same instant.
        assert (
            wall.replace(tzinfo=None).replace(tzinfo=tz, fold=wall.fold).astimezone(UTC)
            == appt.start
        )


# -- fall back ------------------------------------------------------------------------------


FALL = dt.datetime(2025, 11, 1, 1, 30, tzinfo=NY)
FALL_WINDOW = (dt.datetime(2025, 11, 1, tzinfo=UTC), dt.datetime(2025, 11, 4, tzinfo=UTC))


@pytest.mark.parametrize(("policy", "utc_hour"), [(Ambiguous.EARLIER, 5), (Ambiguous.LATER, 6)])
def test_fold_policy_picks_the_instant(policy: Ambiguous, utc_hour: int) -> None:
    rule = Recurrence(frequency="DAILY", count=3, ambiguous=policy)
    got = make(FALL, rule).occurrences(*FALL_WINDOW)
    assert [a.start.astimezone(UTC).hour for a in got] == [5, utc_hour, 6]
    assert [a.start.astimezone(NY).strftime("%H:%M") for a in got] == ["01:30"] * 3


def test_fold_policy_can_raise() -> None:
    rule = Recurrence(frequency="DAILY", count=3, ambiguous="raise")
    with pytest.raises(LocalTimeError) as info:
        make(FALL, rule).occurrences(*FALL_WINDOW)
    assert info.value.code == "time.ambiguous"


def test_fold_occurrences_sort_by_instant() -> None:
    s = make(FALL, Recurrence(frequency="DAILY", count=3, ambiguous="later"))
    starts = [to_us(a.start) for a in s.occurrences(*FALL_WINDOW)]
    assert starts == sorted(starts)


# -- EXDATE ---------------------------------------------------------------------------------


def weekly_with(exdates: tuple[dt.datetime | dt.date, ...]) -> Series:
    rule = Recurrence(frequency="WEEKLY", count=5, exdates=exdates)
    return make(dt.datetime(2025, 1, 6, 9, tzinfo=NY), rule)


def test_count_applies_before_exdate() -> None:
    s = weekly_with((dt.datetime(2025, 1, 20, 9, tzinfo=NY),))
    got = everything(s)
    assert len(got) == 4
    assert dt.datetime(2025, 1, 20, 14, tzinfo=UTC) not in [a.start for a in got]
    assert s.problems() == ()


def test_exdate_in_another_zone_matches_the_same_instant() -> None:
    s = weekly_with((dt.datetime(2025, 1, 20, 14, tzinfo=UTC),))
    assert len(everything(s)) == 4
    assert s.unmatched_exdates() == ()


def test_exdate_one_second_off_is_reported_not_silently_ignored() -> None:
    off = dt.datetime(2025, 1, 20, 9, 0, 1, tzinfo=NY)
    s = weekly_with((off,))
    assert len(everything(s)) == 5
    assert s.unmatched_exdates() == (off,)
    (problem,) = s.problems()
    assert problem.code == "recurrence.exdate.unmatched"
    assert problem.severity is Severity.WARNING
    assert problem.path == "recurrence.exdates[0]"
    assert "20250120T140001Z" in problem.message


def test_exdate_as_a_local_date_removes_that_days_occurrence() -> None:
    s = weekly_with((dt.date(2025, 1, 13), dt.date(2025, 1, 14)))
    assert len(everything(s)) == 4
    assert s.unmatched_exdates() == (dt.date(2025, 1, 14),)
    assert "2025-01-14" in s.problems()[0].message


def test_rdates_add_starts_not_counted_and_exdates_remove_them() -> None:
    extra = dt.datetime(2025, 1, 8, 15, tzinfo=NY)
    rule = Recurrence(frequency="WEEKLY", count=2, rdates=(extra,))
    s = make(dt.datetime(2025, 1, 6, 9, tzinfo=NY), rule)
    assert [a.start for a in everything(s)][1] == extra
    assert len(everything(s)) == 3
    s2 = make(s.template.start, attrs.evolve(rule, exdates=(extra,)))
    assert len(everything(s2)) == 2
    assert s2.unmatched_exdates() == ()


# -- Feb 29 -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("policy", "days"),
    [
        (Feb29.SKIP, ["2024-02-29", "2028-02-29"]),
        (Feb29.FEB28, ["2024-02-29", "2025-02-28", "2026-02-28", "2027-02-28", "2028-02-29"]),
        (Feb29.MAR1, ["2024-02-29", "2025-03-01", "2026-03-01", "2027-03-01", "2028-02-29"]),
    ],
)
def test_feb29_policies_for_a_yearly_visit(policy: Feb29, days: list[str]) -> None:
    rule = Recurrence(frequency="YEARLY", feb29=policy, until=dt.date(2028, 12, 31))
    s = make(dt.datetime(2024, 2, 29, 9, tzinfo=NY), rule)
    got = [a.start.astimezone(NY) for a in everything(s)]
    assert [d.date().isoformat() for d in got] == days
    assert {d.hour for d in got} == {9}


def test_feb29_counts_stand_ins_and_works_monthly() -> None:
    rule = Recurrence(frequency="MONTHLY", by_month_day=(29,), count=3, feb29="feb28")
    s = make(dt.datetime(2025, 1, 29, 9, tzinfo=NY), rule)
    got = [a.start.astimezone(NY).date().isoformat() for a in everything(s)]
    assert got == ["2025-01-29", "2025-02-28", "2025-03-29"]
    # No duplicate when the 28th is in the rule anyway.
    rule2 = Recurrence(frequency="MONTHLY", by_month_day=(28, 29), count=4, feb29="feb28")
    got2 = [a.start.date().isoformat() for a in everything(make(s.template.start, rule2))]
    assert got2 == ["2025-01-29", "2025-02-28", "2025-03-28", "2025-03-29"]


def test_feb29_policy_only_where_it_applies() -> None:
    # A rule on the 15th, or one in January only, gets no stand-ins.
    for rule in (
        Recurrence(frequency="MONTHLY", count=3, feb29="mar1"),
        Recurrence(frequency="YEARLY", by_month=(1,), by_month_day=(29,), count=2, feb29="mar1"),
    ):
        s = make(dt.datetime(2025, 1, 15, 9, tzinfo=NY), rule)
        assert all(a.start.astimezone(NY).month != 3 or a.start.day != 1 for a in everything(s))
    with pytest.raises(ValueError, match="feb29"):
        Recurrence(frequency="WEEKLY", feb29="feb28")


# -- UNTIL ------------------------------------------------------------------------------------


def test_until_as_a_date_is_the_end_of_that_local_day() -> None:
    # 23:30 in New York is already the next day in UTC: still included.
    rule = Recurrence(frequency="DAILY", until=dt.date(2025, 1, 8))
    s = make(dt.datetime(2025, 1, 6, 23, 30, tzinfo=NY), rule)
    got = [a.start.astimezone(NY).date().isoformat() for a in everything(s)]
    assert got == ["2025-01-06", "2025-01-07", "2025-01-08"]


def test_until_datetime_is_inclusive() -> None:
    rule = Recurrence(frequency="DAILY", until=dt.datetime(2025, 1, 8, 14, tzinfo=UTC))
    s = make(dt.datetime(2025, 1, 6, 9, tzinfo=NY), rule)
    assert len(everything(s)) == 3
    rule2 = attrs.evolve(rule, until=dt.datetime(2025, 1, 8, 13, 59, 59, tzinfo=UTC))
    assert len(everything(make(s.template.start, rule2))) == 2


# -- RRULE text -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "FREQ=WEEKLY;COUNT=5;BYDAY=MO",
        "FREQ=MONTHLY;INTERVAL=2;UNTIL=20251231T235959Z;BYDAY=2TU",
        "FREQ=MONTHLY;COUNT=12;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
        "FREQ=YEARLY;UNTIL=20300101;BYMONTH=2;BYMONTHDAY=-1",
        "FREQ=DAILY;BYDAY=MO,WE;WKST=SU",
    ],
)
def test_rrule_text_round_trips(text: str) -> None:
    assert Recurrence.from_rrule(text).to_rrule() == text
    assert Recurrence.from_rrule("RRULE:" + text.lower().replace("z", "Z")).to_rrule() == text


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("FREQ=WEEKLY;COUNT=5;UNTIL=20250101T000000Z", "COUNT and UNTIL"),
        ("FREQ=HOURLY", "FREQ=HOURLY"),
        ("COUNT=3", "FREQ is required"),
        ("FREQ=DAILY;BYHOUR=9", "BYHOUR"),
        ("FREQ=DAILY;COUNT=x", "integers"),
        ("FREQ=DAILY;COUNT", "NAME=VALUE"),
        ("FREQ=DAILY;FREQ=WEEKLY", "twice"),
        ("FREQ=DAILY;WKST=XX", "WKST"),
        ("FREQ=DAILY;UNTIL=2025", "DATE-TIME"),
        ("FREQ=DAILY;UNTIL=20250101T000000", "floating"),
        ("FREQ=WEEKLY;BYDAY=2MO", "ordinals"),
        ("FREQ=MONTHLY;BYDAY=XMO", "BYDAY"),
        ("FREQ=MONTHLY;BYSETPOS=1", "another BYxxx"),
        ("FREQ=MONTHLY;BYMONTHDAY=32", "±1..31"),
        ("FREQ=MONTHLY;BYMONTH=0", "1..12"),
        ("FREQ=MONTHLY;INTERVAL=0", "interval"),
    ],
)
def test_bad_rrules_are_refused_by_name(text: str, needle: str) -> None:
    with pytest.raises(ValueError, match=needle):
        Recurrence.from_rrule(text)


def test_floating_until_is_read_in_the_given_zone() -> None:
    r = Recurrence.from_rrule("FREQ=DAILY;UNTIL=20250110T090000", timezone="America/New_York")
    assert isinstance(r.until, dt.datetime)
    assert r.until.astimezone(UTC).hour == 14


def test_values_are_checked() -> None:
    with pytest.raises(TypeError, match="by_weekday"):
        Recurrence(frequency="DAILY", by_weekday=(1.5,))
    with pytest.raises(TypeError, match="integers"):
        Recurrence(frequency="DAILY", by_month=("1",))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="naive"):
        Recurrence(frequency="DAILY", until=dt.datetime(2025, 1, 1))
    with pytest.raises(ValueError, match="naive"):
        Recurrence(frequency="DAILY", exdates=(dt.datetime(2025, 1, 1),))
    with pytest.raises(TypeError, match="exdates"):
        Recurrence(frequency="DAILY", exdates=("2025-01-01",))
    with pytest.raises(TypeError, match="rdates"):
        Recurrence(frequency="DAILY", rdates=(dt.date(2025, 1, 1),))
    assert Recurrence(frequency="DAILY", by_weekday=(0, "TU", ByDay(day=2))).to_rrule() == (
        "FREQ=DAILY;BYDAY=MO,TU,WE"
    )
    assert Frequency("YEARLY") is Frequency.YEARLY


# -- window queries do not walk from the first occurrence -------------------------------------


class CountingRule(rrule):
    yielded = 0

    def _iter(self):  # type: ignore[no-untyped-def]
        for item in super()._iter():  # type: ignore[misc]
            CountingRule.yielded += 1
            yield item


def test_a_window_in_2029_does_not_walk_from_2020(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_recurrence, "rrule", CountingRule)
    for rule in ("FREQ=DAILY", "FREQ=WEEKLY;BYDAY=MO,TH", "FREQ=MONTHLY;BYDAY=2TU", "FREQ=YEARLY"):
        s = make(dt.datetime(2020, 1, 6, 9, tzinfo=NY), rule)
        CountingRule.yielded = 0
        got = s.occurrences(dt.datetime(2029, 2, 1, tzinfo=NY), dt.datetime(2029, 3, 1, tzinfo=NY))
        assert CountingRule.yielded < 40, rule  # ~3300 days lie in between
        assert all(a.start.year == 2029 for a in got)
    # The structural check can fail: from the first occurrence it walks them all.
    CountingRule.yielded = 0
    s = make(dt.datetime(2020, 1, 6, 9, tzinfo=NY), "FREQ=DAILY;COUNT=4000")
    s.occurrences(dt.datetime(2029, 2, 1, tzinfo=NY), dt.datetime(2029, 3, 1, tzinfo=NY))
    assert CountingRule.yielded > 3000


@given(series(), st.integers(0, 90), st.integers(1, 20))
@settings(max_examples=80, deadline=None)
def test_window_queries_equal_the_full_expansion_cut(s: Series, offset: int, days: int) -> None:
    lo = s.template.start + dt.timedelta(days=offset, hours=-3)
    hi = lo + dt.timedelta(days=days)
    full = [a for a in everything(s) if a.start < hi and (a.end > lo or a.start == a.end >= lo)]
    assert list(s.occurrences(lo, hi)) == full


# -- oracle -------------------------------------------------------------------------------------


def oracle(s: Series) -> list[dt.datetime]:
    """Iterate days from the first one and apply a daily/weekly rule by hand."""
    rec = s.recurrence
    tz = zone(s.timezone)
    first = s.template.start.astimezone(tz).replace(tzinfo=None)
    d0 = first.date()
    week0 = d0 - dt.timedelta(days=(d0.weekday() - rec.week_start) % 7)
    days = {b.day for b in rec.by_weekday}
    if rec.frequency is Frequency.WEEKLY and not days:
        days = {d0.weekday()}
    out: list[dt.datetime] = []
    generated = 0
    for i in range(1000):  # 40 weekly starts every 3 weeks fit
        day = d0 + dt.timedelta(days=i)
        if rec.frequency is Frequency.DAILY:
            on = i % rec.interval == 0 and (not days or day.weekday() in days)
        else:
            on = ((day - week0).days // 7) % rec.interval == 0 and day.weekday() in days
        if not on:
            continue
        wall = dt.datetime.combine(day, first.time())
        if rec.count is not None and generated == rec.count:
            break
        generated += 1
        start = localize_or_none(wall, tz, nonexistent=rec.nonexistent, ambiguous=rec.ambiguous)
        if isinstance(rec.until, dt.datetime) and start is not None and start > rec.until:
            break
        is_date = isinstance(rec.until, dt.date) and not isinstance(rec.until, dt.datetime)
        if is_date and day > rec.until:  # type: ignore[operator]
            break
        if start is None:
            continue
        if any(isinstance(x, dt.datetime) and x == start for x in rec.exdates):
            continue
        out.append(start.astimezone(UTC))
    return out


@given(series())
@settings(max_examples=150, deadline=None)
def test_occurrences_equal_a_naive_day_by_day_expansion(s: Series) -> None:
    assert [a.start for a in everything(s)] == oracle(s)
    assert all(a.duration == s.duration for a in everything(s))


def test_oracle_can_fail() -> None:
    s = make(dt.datetime(2025, 1, 6, 9, tzinfo=NY), "FREQ=WEEKLY;INTERVAL=2;COUNT=3")
    wrong = attrs.evolve(s, recurrence=attrs.evolve(s.recurrence, interval=1))
    assert oracle(wrong) != [a.start for a in everything(s)]


# -- series edits ---------------------------------------------------------------------------------


WEEKLY = make(dt.datetime(2025, 1, 6, 9, tzinfo=NY), "FREQ=WEEKLY;COUNT=6")
JAN13 = dt.datetime(2025, 1, 13, 9, tzinfo=NY)


def test_occurrence_ids_are_the_series_and_the_original_utc_start() -> None:
    assert [a.id for a in everything(WEEKLY)][:2] == ["s@20250106T140000Z", "s@20250113T140000Z"]


def test_modify_moves_one_occurrence_keeping_its_id_and_length() -> None:
    moved = WEEKLY.modify(JAN13, start=dt.datetime(2025, 1, 15, 11, tzinfo=NY))
    got = everything(moved)
    assert len(got) == 6
    appt = next(a for a in got if a.id == "s@20250113T140000Z")
    assert appt.start == dt.datetime(2025, 1, 15, 16, tzinfo=UTC)
    assert appt.duration == dt.timedelta(minutes=30)
    # A window that holds only the new time finds it; one that holds only the old does not.
    assert [
        a.id
        for a in moved.occurrences(
            dt.datetime(2025, 1, 15, tzinfo=NY), dt.datetime(2025, 1, 16, tzinfo=NY)
        )
    ] == [appt.id]
    assert moved.occurrences(JAN13, JAN13 + dt.timedelta(hours=1)) == ()


def test_changes_add_up_and_validate() -> None:
    s = WEEKLY.modify(JAN13, end=JAN13 + dt.timedelta(hours=1))
    s = s.modify(JAN13, resources=(DR, ROOM), status="arrived")
    (change,) = s.changes
    assert change.end == JAN13 + dt.timedelta(hours=1)
    appt = next(a for a in everything(s) if a.id == "s@20250113T140000Z")
    assert appt.resource_ids() == ("dr-lee", "room-1")
    assert appt.status is Status.ARRIVED
    assert appt.duration == dt.timedelta(hours=1)
    with pytest.raises(ValueError, match="not an occurrence"):
        WEEKLY.modify(JAN13 + dt.timedelta(seconds=1), status="cancelled")
    with pytest.raises(ValueError, match="end"):
        WEEKLY.modify(JAN13, end=JAN13 - dt.timedelta(hours=1))
    with pytest.raises(ValueError, match="two changes"):
        attrs.evolve(WEEKLY, changes=(OccurrenceChange(original_start=JAN13),) * 2)


def test_cancel_occurrence_keeps_it_holding_no_time() -> None:
    s = WEEKLY.cancel_occurrence(JAN13)
    statuses = [a.status for a in everything(s)]
    assert statuses.count(Status.CANCELLED) == 1
    assert sum(a.holds_time for a in everything(s)) == 5


def test_changes_to_an_exdated_occurrence_are_dropped() -> None:
    s = WEEKLY.cancel_occurrence(JAN13)
    s = attrs.evolve(s, recurrence=attrs.evolve(s.recurrence, exdates=(JAN13,)))
    assert len(everything(s)) == 5


def test_split_this_and_following() -> None:
    s = WEEKLY.modify(dt.datetime(2025, 1, 27, 9, tzinfo=NY), status="pending")
    head, tail = s.split(dt.datetime(2025, 1, 20, 9, tzinfo=NY))
    assert head.recurrence.count == 2
    assert tail.recurrence.count == 4
    assert tail.template.start == dt.datetime(2025, 1, 20, 14, tzinfo=UTC)
    assert len(tail.changes) == 1
    assert head.changes == ()
    assert tail.id == "s-20250120T140000Z"
    before = [(a.start, a.status) for a in everything(s)]
    after = [(a.start, a.status) for a in everything(head) + everything(tail)]
    assert before == after


def test_split_refuses_a_cut_outside_the_series() -> None:
    with pytest.raises(ValueError, match="at:"):
        WEEKLY.split(dt.datetime(2025, 1, 6, 9, tzinfo=NY))
    with pytest.raises(ValueError, match="at:"):
        WEEKLY.split(dt.datetime(2025, 3, 1, tzinfo=NY))


def test_split_at_a_shifted_start_keeps_the_tails_wall_time() -> None:
    s = make(SPRING, "FREQ=DAILY;COUNT=5")
    head, tail = s.split(dt.datetime(2025, 3, 9, tzinfo=NY), new_id="s2")
    assert tail.template.start.astimezone(NY).strftime("%d %H:%M") == "10 02:30"
    assert next(a.start for a in everything(tail)) == dt.datetime(2025, 3, 9, 7, 30, tzinfo=UTC)
    assert [a.start for a in everything(head) + everything(tail)] == [
        a.start for a in everything(s)
    ]


@given(series(), st.integers(1, 60))
@settings(max_examples=80, deadline=None)
def test_split_partitions_the_occurrences(s: Series, days: int) -> None:
    at = s.template.start + dt.timedelta(days=days, hours=1)
    whole = [a.start for a in everything(s)]
    if not any(x < at for x in whole) or not any(x >= at for x in whole):
        return
    try:
        head, tail = s.split(at)
    except ValueError:
        # Only when every start from the cut on was shifted/skipped out of reach.
        raise
    assert [a.start for a in everything(head)] == [x for x in whole if x < at]
    assert [a.start for a in everything(tail)] == [x for x in whole if x >= at]


def test_series_values_are_checked() -> None:
    odd = Appointment(
        id="t",
        start=dt.datetime(2025, 1, 6, 9, 0, 0, 5, tzinfo=NY),
        end=dt.datetime(2025, 1, 6, 10, tzinfo=NY),
        resources=(DR,),
    )
    with pytest.raises(ValueError, match="whole seconds"):
        Series(id="s", template=odd, timezone="UTC", recurrence=Recurrence(frequency="DAILY"))
    with pytest.raises(TypeError, match="template"):
        Series(id="s", template="x", timezone="UTC", recurrence=Recurrence(frequency="DAILY"))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="timezone"):
        attrs.evolve(WEEKLY, timezone=5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="timezone"):
        attrs.evolve(WEEKLY, timezone="Mars/Base")
    with pytest.raises(ValueError, match="end"):
        WEEKLY.occurrences(JAN13, JAN13 - dt.timedelta(days=1))
    with pytest.raises(ValueError, match="naive"):
        WEEKLY.occurrences(dt.datetime(2025, 1, 1), JAN13)


def test_zero_length_occurrences_are_found_in_their_window() -> None:
    s = make(dt.datetime(2025, 1, 6, 9, tzinfo=NY), "FREQ=DAILY;COUNT=3", minutes=0)
    assert len(s.occurrences(JAN13 - dt.timedelta(days=6), JAN13)) == 2
    assert (
        s.occurrences(
            dt.datetime(2025, 1, 6, 9, 1, tzinfo=NY), dt.datetime(2025, 1, 7, 9, tzinfo=NY)
        )
        == ()
    )


def test_split_with_skipped_starts_keeps_the_count() -> None:
    s = make(SPRING, Recurrence(frequency="DAILY", count=5, nonexistent="skip"))
    whole = [a.start for a in everything(s)]
    assert len(whole) == 4
    cuts = {
        dt.datetime(2025, 3, 9, tzinfo=NY): (1, 3),
        dt.datetime(2025, 3, 10, 12, tzinfo=NY): (3, 2),
    }
    for cut, counts in cuts.items():
        head, tail = s.split(cut)
        assert [a.start for a in everything(head)] == [x for x in whole if x < cut]
        assert [a.start for a in everything(tail)] == [x for x in whole if x >= cut]
        # The skipped 03-09 02:30 counts on the side of its wall time.
        assert (head.recurrence.count, tail.recurrence.count) == counts


def test_split_at_the_last_start_when_it_was_shifted() -> None:
    s = make(SPRING, "FREQ=DAILY;COUNT=2")
    head, tail = s.split(dt.datetime(2025, 3, 9, tzinfo=NY))
    assert [a.start for a in everything(tail)] == [dt.datetime(2025, 3, 9, 7, 30, tzinfo=UTC)]
    assert len(everything(head)) == 1


def test_split_of_an_until_series_moves_later_exdates_and_stops_at_until() -> None:
    rule = Recurrence(
        frequency="DAILY",
        until=dt.date(2025, 1, 10),
        exdates=(dt.date(2025, 1, 7), dt.date(2025, 1, 9)),
    )
    s = make(dt.datetime(2025, 1, 6, 9, tzinfo=NY), rule)
    head, tail = s.split(dt.datetime(2025, 1, 8, 9, tzinfo=NY))
    assert head.recurrence.exdates == (dt.date(2025, 1, 7),)
    assert tail.recurrence.exdates == (dt.date(2025, 1, 9),)
    assert head.recurrence.until == dt.datetime(2025, 1, 8, 13, 59, 59, tzinfo=UTC)
    assert [a.start.day for a in everything(head) + everything(tail)] == [6, 8, 10]
    with pytest.raises(ValueError, match="at:"):
        s.split(dt.datetime(2025, 1, 10, 12, tzinfo=NY))
