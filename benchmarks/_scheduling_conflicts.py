"""Batch conflicts: ``find_conflicts`` beside intervaltree and per-resource all pairs.

Targets (issue 4): all conflicts among 100k appointments over 200 resources at
least **20× faster** than building and querying an intervaltree; 1M
appointments with three resources each **within 10 s**.

The workload is a clinic's calendar, built deterministically
(``random.Random(SEED)``): providers see patients back to back in 30-minute
visits, 16 a day from 09:00 America/New_York, each in their own room, over as
many weekdays as it takes (across DST changes). Then the usual mistakes: 3% of
visits run 45 minutes (into the next one), 1% start 15 minutes early, 2% are
booked into another provider's room, 10% have a 5-minute clean-up buffer
after (a buffer-only clash with a visit that starts straight after), and 2% are
cancelled or no-shows. The 100k calendar holds 100 providers and 100 rooms
(two resources each); the 1M one 1,000 providers, 1,000 rooms and 200,000
patients drawn at random (three resources each). All capacities are 1.

What each side is given (all built before timing):

- ``medoffice``: ``find_conflicts(appointments)`` on the ``Appointment``
  objects; it returns sorted ``Conflict`` values (window datetimes, severity,
  buffer flag). The only row that checks its input (ids, resources).
- ``intervaltree``: for every booking that holds time, its occupied interval as
  ``(start, end)`` epoch-microsecond ints and its resource ids; it builds one
  ``IntervalTree`` per resource (``IntervalTree.from_tuples``) and queries it
  (``tree.overlap(start, end)``) for every booking on that resource, collecting
  the pairs with their shared resources in a dict. It builds no result objects.
- ``all pairs``: the same ints, grouped by resource; every pair of bookings of a
  resource compared. Quadratic, so it runs on the first 10k bookings, beside
  medoffice on the same 10k.

Every row is the median of ``repeats`` runs (7, 3 with ``--quick``; the
intervaltree row two fewer; the 1M run 3, 1 with ``--quick``) with the
collector off, and the script checks that the methods find the same pairs.
Each run is timed twice: the process's CPU time (``time.process_time``: all
of these are single-threaded, so on an idle machine it is the wall-clock time,
and it does not count the time other processes hold the CPU) and the
wall-clock time; the ratios and the verdicts use the CPU time, the wall-clock
medians are printed beside them. ``ratio`` is anchor / medoffice (above 1,
medoffice is the faster). Building the 1M ``Appointment`` objects is timed
(wall-clock) separately, for information.

Usage::

    python benchmarks/_scheduling_conflicts.py [--quick]
"""

from __future__ import annotations

import datetime as dt
import gc
import importlib.util
import itertools
import random
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from medoffice.scheduling._conflicts import find_conflicts
from medoffice.scheduling._model import Appointment, ConflictKind, Resource, Status

SEED = 20250309
NY = ZoneInfo("America/New_York")
FIRST_DAY = dt.date(2025, 1, 6)
VISIT = dt.timedelta(minutes=30)
PER_DAY = 16

Pairs = dict[tuple[int, int], set[str]]


def _weekdays() -> list[dt.date]:
    days = []
    day = FIRST_DAY
    while len(days) < 2_000:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def calendar(n: int, providers: int, patients: int, seed: int = SEED) -> list[Appointment]:
    """``n`` bookings: ``providers`` providers, as many rooms, and optionally patients."""
    rnd = random.Random(seed)
    docs = [Resource(id=f"dr-{i:04d}", kind="provider") for i in range(providers)]
    rooms = [Resource(id=f"room-{i:04d}", kind="room") for i in range(providers)]
    people = [Resource(id=f"p-{i:06d}", kind="patient") for i in range(patients)]
    days = _weekdays()
    starts: dict[tuple[dt.date, int], dt.datetime] = {}
    out = []
    for i in range(n):
        p, k = i % providers, i // providers
        day, slot = days[k // PER_DAY], k % PER_DAY
        start = starts.get((day, slot))
        if start is None:
            wall = dt.datetime.combine(day, dt.time(9)) + slot * VISIT
            start = starts[day, slot] = wall.replace(tzinfo=NY)
        length = VISIT
        draw = rnd.random()
        if draw < 0.03:
            length = dt.timedelta(minutes=45)
        elif draw < 0.04:
            start -= dt.timedelta(minutes=15)
        room = rooms[p] if rnd.random() >= 0.02 else rnd.choice(rooms)
        held = [docs[p], room]
        if people:
            held.append(rnd.choice(people))
        draw = rnd.random()
        status = Status.BOOKED
        if draw < 0.01:
            status = Status.CANCELLED
        elif draw < 0.02:
            status = Status.NOSHOW
        out.append(
            Appointment(
                id=f"a{i:07d}",
                start=start,
                end=start + length,
                resources=held,
                status=status,
                buffer_after=dt.timedelta(minutes=5) if rnd.random() < 0.1 else dt.timedelta(0),
            )
        )
    return out


def as_ints(apps: list[Appointment]) -> list[tuple[int, int, tuple[str, ...]]]:
    """What the anchors get: occupied ``(start, end)`` µs and resource ids, active only."""
    return [(*a.span, a.resource_ids()) if a.holds_time else (0, 0, ()) for a in apps]


def _add(pairs: Pairs, i: int, j: int, rid: str) -> None:
    key = (i, j) if i < j else (j, i)
    found = pairs.get(key)
    if found is None:
        pairs[key] = {rid}
    else:
        found.add(rid)


def by_intervaltree(rows: list[tuple[int, int, tuple[str, ...]]]) -> Pairs:
    """One IntervalTree per resource, queried for every booking on it."""
    from intervaltree import IntervalTree  # optional anchor

    groups: defaultdict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for i, (s, e, rids) in enumerate(rows):
        for rid in rids:
            groups[rid].append((s, e, i))
    pairs: Pairs = {}
    for rid, items in groups.items():
        tree = IntervalTree.from_tuples(items)
        for s, e, i in items:
            for hit in tree.overlap(s, e):
                if hit.data != i:
                    _add(pairs, i, hit.data, rid)
    return pairs


def by_all_pairs(rows: list[tuple[int, int, tuple[str, ...]]]) -> Pairs:
    """Every pair of bookings of each resource."""
    groups: defaultdict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for i, (s, e, rids) in enumerate(rows):
        for rid in rids:
            groups[rid].append((s, e, i))
    pairs: Pairs = {}
    for rid, items in groups.items():
        for (s1, e1, i), (s2, e2, j) in itertools.combinations(items, 2):
            if s1 < e2 and s2 < e1:
                _add(pairs, i, j, rid)
    return pairs


def ours(apps: list[Appointment]) -> Pairs:
    """medoffice's overlap pairs, as the anchors give them (by position)."""
    index = {a.id: i for i, a in enumerate(apps)}
    return {
        tuple(sorted(index[x] for x in c.appointments)): set(c.resources)  # type: ignore[misc]
        for c in find_conflicts(apps)
        if c.kind is ConflictKind.OVERLAP
    }


WALL: dict[int, float] = {}  # id(result) -> median wall-clock seconds, for the report


def _median(fn: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    """Median CPU seconds of ``fn`` (and its wall-clock median in ``WALL``), and its result."""
    cpu, wall, result = [], [], None
    for _ in range(repeats):
        gc.collect()
        gc.disable()
        try:
            w0, c0 = time.perf_counter(), time.process_time()
            result = fn()
            cpu.append(time.process_time() - c0)
            wall.append(time.perf_counter() - w0)
        finally:
            gc.enable()
    WALL[id(result)] = statistics.median(wall)
    return statistics.median(cpu), result


def _wall(result: object) -> str:
    return f"{WALL[id(result)]:>9.3f}"


Report = tuple[list[str], list[tuple[bool | None, str]]]


def _hundred_k(repeats: int) -> tuple[float, Report]:
    """100k against intervaltree, and its first 10k against all pairs."""
    lines: list[str] = []
    verdicts: list[tuple[bool | None, str]] = []
    apps = calendar(100_000, 100, 0)
    rows = as_ints(apps)
    t_ours, found = _median(lambda: find_conflicts(apps), repeats)
    pairs = ours(apps)
    buffer_only = sum(c.buffer_only for c in found)
    lines += [
        (
            "100,000 appointments, 100 providers + 100 rooms (2 each), "
            f"{len(found):,} conflicts ({buffer_only:,} buffer-only), {len(pairs):,} pairs"
        ),
        f"{'method':<28} {'cpu s':>9} {'wall s':>9} {'ratio':>8}  same pairs",
        f"{'medoffice find_conflicts':<28} {t_ours:>9.3f} {_wall(found)} {1:>7.1f}×",
    ]
    if importlib.util.find_spec("intervaltree") is not None:
        t_tree, tree_pairs = _median(lambda: by_intervaltree(rows), max(1, repeats - 2))
        ratio = t_tree / t_ours
        same = tree_pairs == pairs
        lines.append(
            f"{'intervaltree build + query':<28} {t_tree:>9.3f} {_wall(tree_pairs)} "
            f"{ratio:>7.1f}×  {'yes' if same else 'NO'}"
        )
        verdicts.append(
            (
                ratio >= 20 and same,
                (
                    f"conflicts: 100k over 200 resources, intervaltree / medoffice = "
                    f"{ratio:.1f}× (target >= 20×)"
                ),
            )
        )
    else:
        lines.append(
            "intervaltree                 skipped: not installed (pip install -e '.[bench]')"
        )
        verdicts.append((None, "conflicts: intervaltree not installed, ratio not measured"))

    small, small_rows = apps[:10_000], rows[:10_000]
    t_small, small_found = _median(lambda: find_conflicts(small), repeats)
    t_pairs, all_pairs = _median(lambda: by_all_pairs(small_rows), repeats)
    same = all_pairs == ours(small)
    lines += [
        "",
        "first 10,000 of them",
        f"{'medoffice find_conflicts':<28} {t_small:>9.3f} {_wall(small_found)} {1:>7.1f}×",
        (
            f"{'per-resource all pairs':<28} {t_pairs:>9.3f} {_wall(all_pairs)} "
            f"{t_pairs / t_small:>7.1f}×  {'yes' if same else 'NO'}"
        ),
    ]
    verdicts.append((None, f"conflicts: 10k, all pairs / medoffice = {t_pairs / t_small:.1f}×"))
    return t_ours, (lines, verdicts)


def _million(repeats: int, t_ours: float) -> Report:
    """1M appointments of three resources each."""
    t0 = time.perf_counter()
    big = calendar(1_000_000, 1_000, 200_000)
    t_build = time.perf_counter() - t0
    t_big, big_found = _median(lambda: find_conflicts(big), repeats)
    lines = [
        "",
        (
            "1,000,000 appointments, 3 resources each (1,000 providers, 1,000 rooms, "
            f"200,000 patients): {len(big_found):,} conflicts"
        ),
        f"{'building the Appointments':<28} {'':>9} {t_build:>9.3f}  (once, not in the target)",
        (
            f"{'medoffice find_conflicts':<28} {t_big:>9.3f} {_wall(big_found)}  "
            f"({t_big / t_ours:.1f}× the 100k run)"
        ),
    ]
    verdicts: list[tuple[bool | None, str]] = [
        (
            t_big < 10,
            (
                f"conflicts: 1M appointments, median {t_big:.2f} s CPU "
                f"({WALL[id(big_found)]:.2f} s wall; target < 10 s)"
            ),
        ),
        (None, f"conflicts: building 1M Appointment objects took {t_build:.1f} s (wall)"),
    ]
    return lines, verdicts


def run(quick: bool) -> Report:  # noqa: FBT001
    """The report lines and verdicts."""
    t_ours, (lines, verdicts) = _hundred_k(3 if quick else 7)
    more_lines, more_verdicts = _million(1 if quick else 3, t_ours)
    return lines + more_lines, verdicts + more_verdicts


if __name__ == "__main__":
    report, results = run("--quick" in sys.argv)
    print("\n".join(report))
    for ok, text in results:
        print({True: "PASS", False: "FAIL", None: "INFO"}[ok], text)
