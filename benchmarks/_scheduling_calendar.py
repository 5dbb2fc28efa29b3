"""Calendar.add with its conflict check on a calendar of 100k bookings.

Each timed call adds one booking to the *same* 100k calendar (the calendar is
immutable, so every call starts from it). Beside it, in the same run:

- intervaltree (mutable): insert the booking's interval into the resource's
  ``IntervalTree`` and query the overlaps (then remove it again, untimed);
- a naive immutable calendar: copy the resource's booking list and check the new
  booking against every one (all pairs).
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
    ours = []
    for a in news:
        t0 = time.perf_counter_ns()
        cal.add(a)
        ours.append(time.perf_counter_ns() - t0)
    lines = [f"Calendar.add at {n} bookings ({calls} adds, each on the same calendar):"]
    lines.append(f"  medoffice  median {_pct(ours, 0.5):8.1f} µs  p99 {_pct(ours, 0.99):8.1f} µs")
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
