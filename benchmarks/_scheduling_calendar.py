"""Calendar.add with its conflict check on a calendar of 100k bookings.

Each timed call adds one booking to the *same* 100k calendar (the calendar is
immutable, so every call starts from it). Beside it, in the same run:

- intervaltree (mutable): insert the booking's interval into the resource's
  ``IntervalTree`` and query the overlaps (then remove it again, untimed);
- a naive immutable calendar: copy the resource's booking list and check the new
  booking against every one (all pairs).

About half the random adds conflict; the medians of the conflict-free and the
conflicting adds are reported too (the target is the overall median). The
speed of a bare Python loop on this machine is printed beside them: the
figures scale with it (a busy or slow machine shows larger times).
"""

from __future__ import annotations

import datetime as dt
import gc
import random
import statistics
import time

from medoffice.scheduling import Appointment, Resource
from medoffice.scheduling._calendar import Calendar

HOUR = 3_600_000_000
BASE = dt.datetime(2025, 1, 6, tzinfo=dt.UTC)


def _bookings(
    n: int, rng: random.Random
) -> tuple[list[Appointment], list[Resource], list[Resource]]:
    providers = [Resource(id=f"dr-{i}", kind="provider") for i in range(100)]
    rooms = [Resource(id=f"room-{i}", kind="room") for i in range(100)]
    patients = [Resource(id=f"p-{i}", kind="patient") for i in range(n // 5)]
    days = n // (len(providers) * 8) + 1
    out = []
    for i in range(n):
        start = BASE + dt.timedelta(minutes=rng.randrange(days * 24 * 4) * 15)
        out.append(
            Appointment(
                id=f"a{i}",
                start=start,
                end=start + dt.timedelta(minutes=rng.choice((15, 30, 45))),
                resources=(rng.choice(providers), rng.choice(rooms), rng.choice(patients)),
            )
        )
    return out, providers + rooms, patients


def _pct(values: list[int], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] / 1000


def _loop_ns() -> float:
    """Nanoseconds per iteration of a bare ``x += i`` loop: how fast this machine runs Python."""
    laps = []
    for _ in range(5):
        t0 = time.perf_counter_ns()
        x = 0
        for i in range(200_000):
            x += i
        laps.append((time.perf_counter_ns() - t0) / 200_000)
    return statistics.median(laps)


def _time_adds(cal: Calendar, news: list[Appointment]) -> tuple[list[int], list[str]]:
    """Each add's time (ns), and the report lines: overall, conflict-free and conflicting."""
    loop_before = _loop_ns()
    ours: list[int] = []
    clashing: list[int] = []
    free: list[int] = []
    for a in news:
        t0 = time.perf_counter_ns()
        change = cal.add(a)
        took = time.perf_counter_ns() - t0
        ours.append(took)
        (free if change.ok else clashing).append(took)
    loop = (loop_before + _loop_ns()) / 2
    return ours, [
        f"  medoffice  median {_pct(ours, 0.5):8.1f} µs  p99 {_pct(ours, 0.99):8.1f} µs",
        (
            f"    conflict-free adds ({len(free)})  median {_pct(free, 0.5):8.1f} µs;  "
            f"conflicting adds ({len(clashing)})  median {_pct(clashing, 0.5):8.1f} µs"
        ),
        (
            f"    this machine: {loop:.0f} ns per bare Python loop iteration "
            f"(a median add = {_pct(ours, 0.5) * 1000 / loop:.0f} iterations)"
        ),
    ]


def run(quick: bool) -> tuple[list[str], list[tuple[bool | None, str]]]:  # noqa: FBT001
    """Time Calendar.add at 100k bookings beside intervaltree and a naive copy."""
    rng = random.Random(4)
    n = 20_000 if quick else 100_000
    calls = 300 if quick else 2000
    apps, shared, patients = _bookings(n, rng)
    cal = Calendar(apps)
    news, _, _ = _bookings(calls, random.Random(5))
    news = [
        Appointment(
            id=f"new{i}",
            start=a.start,
            end=a.end,
            resources=(rng.choice(shared[:100]), rng.choice(shared[100:]), rng.choice(patients)),
        )
        for i, a in enumerate(news)
    ]
    gc.collect()
    gc.disable()  # as timeit does, for every contender: a full collection walks 100k bookings
    ours, lines = _time_adds(cal, news)
    lines.insert(0, f"Calendar.add at {n} bookings ({calls} adds, each on the same calendar):")
    verdicts: list[tuple[bool | None, str]] = []

    by_res: dict[str, list[tuple[int, int, str]]] = {}
    for a in apps:
        for r in a.resources:
            by_res.setdefault(r.id, []).append((*a.span, a.id))
    naive = []
    for a in news[: max(50, calls // 10)]:
        s, e = a.span
        t0 = time.perf_counter_ns()
        for r in a.resources:
            copy = list(by_res.get(r.id, ()))
            _hits = [b for b in copy if b[0] < e and b[1] > s]
            copy.append((s, e, a.id))
        naive.append(time.perf_counter_ns() - t0)
    ratio_naive = statistics.median(naive) / statistics.median(ours)
    lines.append(
        f"  naive copy + all pairs  median {_pct(naive, 0.5):8.1f} µs  ({ratio_naive:.1f}× medoffice)"
    )
    try:
        from intervaltree import IntervalTree
    except ImportError:  # pragma: no cover - the bench extra
        verdicts.append((None, "intervaltree not installed: anchor skipped"))
    else:
        trees = {
            rid: IntervalTree.from_tuples((s, e, i) for s, e, i in v) for rid, v in by_res.items()
        }
        anchor = []
        for a in news:
            s, e = a.span
            t0 = time.perf_counter_ns()
            for r in a.resources:
                tree = trees.setdefault(r.id, IntervalTree())
                _hits = tree.overlap(s, e)
                tree.addi(s, e, a.id)
            anchor.append(time.perf_counter_ns() - t0)
            for r in a.resources:
                trees[r.id].removei(s, e, a.id)
        ratio = statistics.median(anchor) / statistics.median(ours)
        lines.append(
            f"  intervaltree (mutable) insert + query  median {_pct(anchor, 0.5):8.1f} µs  "
            f"({ratio:.2f}× medoffice)"
        )
    gc.enable()
    median = _pct(ours, 0.5)
    verdicts.append(
        (
            median < 20 if not quick else None,
            f"Calendar.add median {median:.1f} µs at {n} (target < 20 µs at 100k)",
        )
    )
    return lines, verdicts


if __name__ == "__main__":
    import sys

    out, judged = run(quick="--quick" in sys.argv)
    sys.stdout.write("\n".join(out) + "\n")
    for ok, text in judged:
        sys.stdout.write(f"{ {True: 'PASS', False: 'FAIL', None: 'INFO'}[ok] }: {text}\n")
