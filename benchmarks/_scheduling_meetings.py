"""Staff meetings: ``common_free_time`` for 50 people over a week, beside two naive methods.

Target (issue 4): a meeting time for 50 people over a week **under 2 ms**
(median of the calls).

The workload is built deterministically (``random.Random(SEED)``): 50 staff in
three zones (30 in America/New_York, 12 in America/Chicago, 8 in
Europe/London), each with 20 busy intervals of 15-90 minutes on the 15-minute
grid inside their own hours. Most work 09:00-17:00 local Monday to Friday;
every fifth is a part-timer with hours of their own (08:00 to 16:00-18:00
Monday to Thursday, a half-hour lunch). Each person has their own ``Hours``
value (equal ones are expanded once per call). The 45 required attendees keep
Tuesday and Thursday 14:00-17:00 UTC mostly clear (1 busy interval in 30 may
fall there), so that they have some common time; the 5 optional ones do not,
so the results are ranked by who is missing. The week is the one in
which New York springs forward (2025-03-08 to 2025-03-15 UTC), so the zones'
offsets to each other change mid-week. The meeting is 30 minutes long.

Rows, each the median (and 90th percentile) of calls timed one by one with
``perf_counter_ns``, in one run:

- ``medoffice``: ``common_free_time`` with the attendees built beforehand, the
  hours expansion warm (``working_windows`` caches its weekly chunks, as it
  does in a long-running program). The target row.
- ``medoffice cold``: the same after clearing that cache before each call
  (every attendee's hours expanded from ``dateutil.rrule`` again), for
  information.
- ``minute grid``: the naive method: one boolean per minute of the week per
  attendee (from the same working windows and busy intervals), AND over the
  required attendees, then runs of at least 30 minutes and, for each, which
  optional attendees are free all along.
- ``intervaltree``: each attendee's busy intervals in an ``IntervalTree``
  (built per call), then every 15-minute start probed: inside each required
  attendee's hours (``bisect``) and ``overlaps`` on each tree; the optional
  attendees counted the same way. It gives candidate starts, not spans.
  Skipped when intervaltree is not installed.

``ratio`` is anchor / medoffice (above 1, medoffice is the faster). The script
checks that the three methods agree on which 15-minute starts fit the required
attendees, and prints what medoffice found.
"""

from __future__ import annotations

import bisect
import datetime as dt
import importlib.util
import random
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from medoffice.scheduling import Break, Hours, WeeklyHours, _hours
from medoffice.scheduling._meetings import Attendee, common_free_time
from medoffice.scheduling._time import to_us

SEED = 20250309
START = dt.datetime(2025, 3, 8, tzinfo=dt.UTC)
END = START + dt.timedelta(days=7)
DURATION = dt.timedelta(minutes=30)
ZONES = ("America/New_York",) * 30 + ("America/Chicago",) * 12 + ("Europe/London",) * 8
MINUTE = 60_000_000
STEP = 15 * MINUTE


def _hours_for(i: int, tz: str) -> Hours:
    if i % 5 == 4:  # a part-timer: hours of their own, Monday to Thursday, with lunch
        return Hours(
            timezone=tz,
            weekly=(WeeklyHours(days=range(4), start=dt.time(8), end=dt.time(16 + i % 3)),),
            breaks=(Break(days=range(4), start=dt.time(12, 30), end=dt.time(13)),),
        )
    return Hours(
        timezone=tz, weekly=(WeeklyHours(days=range(5), start=dt.time(9), end=dt.time(17)),)
    )


def _people() -> tuple[list[Attendee], list[str], list[str]]:
    rng = random.Random(SEED)
    people = []
    optional = {f"staff-{i:02d}" for i in range(0, len(ZONES), 10)}
    for i, tz in enumerate(ZONES):
        key = f"staff-{i:02d}"
        hours = _hours_for(i, tz)
        windows = _hours.working_windows(hours, to_us(START), to_us(END))
        busy: list[tuple[dt.datetime, dt.datetime]] = []
        while len(busy) < 20:
            low, high = rng.choice(windows)
            start = low + rng.randrange((high - low) // STEP) * STEP
            end = min(high, start + rng.randint(1, 6) * STEP)
            when = START + dt.timedelta(microseconds=start - to_us(START))
            protected = when.weekday() in {1, 3} and 14 <= when.hour < 17
            if protected and key not in optional and rng.random() > 1 / 30:
                continue
            busy.append((when, START + dt.timedelta(microseconds=end - to_us(START))))
        people.append(Attendee(id=key, hours=hours, busy=tuple(busy)))
    required = [p.id for p in people if p.id not in optional]
    return people, required, sorted(optional)


def _medoffice(people: list[Attendee], required: list[str], optional: list[str]) -> Any:
    return common_free_time(
        people, (START, END), duration=DURATION, required=required, optional=optional
    )


def _free_lists(
    people: list[Attendee],
) -> dict[str, tuple[list[tuple[int, int]], list[tuple[int, int]]]]:
    low, high = to_us(START), to_us(END)
    return {
        p.id: (
            list(_hours.working_windows(p.hours, low, high)),
            sorted((to_us(s), to_us(e)) for s, e in p.busy),
        )
        for p in people
    }


def _minute_grid(people: list[Attendee], required: list[str], optional: list[str]) -> Any:
    """Booleans per minute; the runs where every required attendee is free."""
    low, high = to_us(START), to_us(END)
    minutes = (high - low) // MINUTE
    lists = _free_lists(people)
    grid: dict[str, list[bool]] = {}
    for key, (windows, busy) in lists.items():
        row = [False] * minutes
        for s, e in windows:
            row[(s - low) // MINUTE : (e - low) // MINUTE] = [True] * ((e - s) // MINUTE)
        for s, e in busy:
            a, b = max(0, (s - low) // MINUTE), min(minutes, (e - low) // MINUTE)
            if b > a:
                row[a:b] = [False] * (b - a)
        grid[key] = row
    need = DURATION // dt.timedelta(minutes=1)
    runs = []
    start = None
    for m in range(minutes + 1):
        ok = m < minutes and all(grid[key][m] for key in required)
        if ok and start is None:
            start = m
        elif not ok and start is not None:
            if m - start >= need:
                present = tuple(key for key in optional if all(grid[key][start:m]))
                runs.append((low + start * MINUTE, low + m * MINUTE, present))
            start = None
    return runs


def _intervaltree(people: list[Attendee], required: list[str], optional: list[str]) -> Any:
    """Probe every 15-minute start against each attendee's hours and busy tree."""
    from intervaltree import IntervalTree

    low, high = to_us(START), to_us(END)
    d = DURATION // dt.timedelta(microseconds=1)
    lists = _free_lists(people)
    trees = {
        key: IntervalTree.from_tuples(b for b in busy if b[1] > b[0])
        for key, (_, busy) in lists.items()
    }
    starts = {key: [s for s, _ in windows] for key, (windows, _) in lists.items()}

    def free(key: str, t: int) -> bool:
        windows = lists[key][0]
        i = bisect.bisect_right(starts[key], t) - 1
        return i >= 0 and t + d <= windows[i][1] and not trees[key].overlaps(t, t + d)

    return [
        (t, tuple(key for key in optional if free(key, t)))
        for t in range(low, high - d + 1, STEP)
        if all(free(key, t) for key in required)
    ]


def _time(
    fn: Callable[[], object], repeats: int, before: Callable[[], object] | None = None
) -> list[float]:
    out = []
    for _ in range(repeats):
        if before is not None:
            before()
        t0 = time.perf_counter_ns()
        fn()
        out.append((time.perf_counter_ns() - t0) / 1e6)
    return out


def _fits(spans: list[tuple[int, int]], d: int) -> set[int]:
    low = to_us(START)
    return {t for s, e in spans for t in range(s + (low - s) % STEP, e - d + 1, STEP)}


def run(quick: bool) -> tuple[list[str], list[tuple[bool | None, str]]]:  # noqa: FBT001
    people, required, optional = _people()
    repeats = 30 if quick else 200
    slow_repeats = 3 if quick else 7
    found = _medoffice(people, required, optional)  # warm the hours cache
    rows: list[tuple[str, list[float]]] = []
    rows.append(("medoffice", _time(lambda: _medoffice(people, required, optional), repeats)))
    rows.append(
        (
            "medoffice cold",
            _time(
                lambda: _medoffice(people, required, optional),
                max(5, repeats // 10),
                before=_hours._chunk.cache_clear,
            ),
        )
    )
    _medoffice(people, required, optional)
    rows.append(
        ("minute grid", _time(lambda: _minute_grid(people, required, optional), slow_repeats))
    )
    have_tree = importlib.util.find_spec("intervaltree") is not None
    if have_tree:
        rows.append(
            ("intervaltree", _time(lambda: _intervaltree(people, required, optional), slow_repeats))
        )

    # Do the methods agree on which 15-minute starts fit the required attendees?
    d = DURATION // dt.timedelta(microseconds=1)
    ours = _fits([(to_us(m.start), to_us(m.end)) for m in found], d)
    grid = _fits([(s, e) for s, e, _ in _minute_grid(people, required, optional)], d)
    agree = ours == grid
    if have_tree:
        agree = agree and ours == {t for t, _ in _intervaltree(people, required, optional)}

    base = statistics.median(rows[0][1])
    lines = [
        (
            "50 attendees (45 required, 5 optional), 3 zones, 20 busy intervals each, "
            f"one week ({START:%Y-%m-%d} to {END:%Y-%m-%d}, New York's DST change), "
            "30-minute meeting"
        ),
        "",
        f"{'method':<16} {'median ms':>10} {'p90 ms':>10} {'calls':>6} {'ratio':>8}",
    ]
    for name, times in rows:
        med = statistics.median(times)
        p90 = statistics.quantiles(times, n=10)[-1] if len(times) > 1 else med
        lines.append(f"{name:<16} {med:>10.3f} {p90:>10.3f} {len(times):>6} {med / base:>7.1f}×")
    if not have_tree:
        lines.append("intervaltree     skipped: not installed (pip install -e '.[bench]')")
    lines.append("")
    lines.append(f"methods agree on the fitting 15-minute starts: {'yes' if agree else 'NO'}")
    lines.append(f"medoffice found {len(found)} spans; the best three:")
    lines.extend(
        f"  {m.start:%a %H:%M}-{m.end:%H:%M} UTC, {len(m.attendees)} attendees, missing {list(m.missing)}"
        for m in found[:3]
    )
    verdicts: list[tuple[bool | None, str]] = [
        (
            base < 2.0 and agree,
            f"meetings: 50 people over a week, median {base:.3f} ms (target < 2 ms)",
        ),
        (None, f"meetings: cold hours cache, median {statistics.median(rows[1][1]):.3f} ms"),
    ]
    verdicts.extend(
        (None, f"meetings: {name} / medoffice = {statistics.median(times) / base:.0f}×")
        for name, times in rows[2:]
    )
    return lines, verdicts


if __name__ == "__main__":
    report, results = run("--quick" in sys.argv)
    print("\n".join(report))
    for ok, text in results:
        print("INFO" if ok is None else "PASS" if ok else "FAIL", text)
