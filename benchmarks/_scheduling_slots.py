"""earliest_slot on a calendar of 10k bookings, beside a naive grid scan.

A clinic of 20 providers and 10 rooms works 09:00-17:00 on weekdays with a
12:00-13:00 lunch (America/New_York, across the spring DST change); 10k
provider + room bookings fill about 24 weeks (providers 30% booked, rooms 60%). Each request needs a provider (any of
three) and a room (any of three); ``after`` is spread over the calendar.

The anchor scans a 5-minute grid from ``after``: for each point it checks each
candidate's working windows and busy intervals with ``intervaltree`` queries,
the way one would without a fixed-point search. Both must find the same slot.
"""

from __future__ import annotations

import datetime as dt
import gc
import random
import statistics
import time
from zoneinfo import ZoneInfo

from medoffice.scheduling import (
    Appointment,
    AppointmentType,
    Availability,
    Break,
    Hours,
    Requirement,
    Resource,
    SlotRequest,
    WeeklyHours,
)
from medoffice.scheduling._calendar import Calendar
from medoffice.scheduling._hours import working_windows
from medoffice.scheduling._slots import earliest_slot
from medoffice.scheduling._time import to_us

NY = ZoneInfo("America/New_York")
FIRST = dt.date(2025, 2, 3)  # a Monday; 10k bookings reach past the DST change
STEP_US = 300_000_000
MIN = dt.timedelta(minutes=1)
#: Share of provider half-hours booked (rooms then run about 60% full).
BOOKED = 0.3


def _clinic(n: int, rng: random.Random) -> tuple[list[Appointment], Availability]:
    providers = [Resource(id=f"dr-{i:02}", kind="provider") for i in range(20)]
    rooms = [Resource(id=f"room-{i:02}", kind="room") for i in range(10)]
    hours = Hours(
        timezone="America/New_York",
        weekly=(WeeklyHours(days=range(5), start=dt.time(9), end=dt.time(17)),),
        breaks=(Break(days=range(5), start=dt.time(12), end=dt.time(13), reason="lunch"),),
    )
    av = Availability(timezone="America/New_York", resources=providers + rooms, hours=(hours,))
    halves = [dt.time(9 + h // 2, 30 * (h % 2)) for h in range(16) if not 6 <= h < 8]
    apps: list[Appointment] = []
    day = FIRST
    while len(apps) < n:
        if day.weekday() < 5:
            for half in halves:
                free_rooms = list(rooms)
                rng.shuffle(free_rooms)
                for provider in providers:
                    if rng.random() < BOOKED and free_rooms and len(apps) < n:
                        start = dt.datetime.combine(day, half, NY)
                        apps.append(
                            Appointment(
                                id=f"a{len(apps)}",
                                start=start,
                                end=start + 30 * MIN,
                                resources=(provider, free_rooms.pop()),
                            )
                        )
        day += dt.timedelta(days=1)
    return apps, av


def _requests(av: Availability, count: int, rng: random.Random) -> list[SlotRequest]:
    providers = [r.id for r in av.resources if r.kind.value == "provider"]
    rooms = [r.id for r in av.resources if r.kind.value == "room"]
    out = []
    for _ in range(count):
        kind = AppointmentType(
            code="visit",
            duration=rng.choice((15, 30)) * MIN,
            requires=(
                Requirement(kind="provider", any_of=tuple(rng.sample(providers, 3))),
                Requirement(kind="room", any_of=tuple(rng.sample(rooms, 3))),
            ),
        )
        out.append(SlotRequest(type=kind))
    return out


class _Naive:
    """Grid scan over intervaltree indexes of busy spans and working windows."""

    def __init__(self, apps: list[Appointment], av: Availability, lo: int, hi: int) -> None:
        from intervaltree import IntervalTree  # the anchor is optional

        self.busy: dict[str, IntervalTree] = {}
        for a in apps:
            for r in a.resources:
                self.busy.setdefault(r.id, IntervalTree()).addi(*a.span)
        self.hours: dict[str, IntervalTree] = {}
        for r in av.resources:
            tree = IntervalTree()
            for s, e in working_windows(av.hours_for(r.id), lo, hi):
                tree.addi(s, e)
            self.hours[r.id] = tree

    def free(self, rid: str, t: int, d: int) -> bool:
        if not any(iv.begin <= t and t + d <= iv.end for iv in self.hours[rid].at(t)):
            return False
        tree = self.busy.get(rid)
        return tree is None or not tree.overlaps(t, t + d)

    def earliest(self, request: SlotRequest, after: int, limit: int) -> int | None:
        d = request.type.duration // dt.timedelta(microseconds=1)
        t = after - after % STEP_US + (STEP_US if after % STEP_US else 0)
        while t <= limit:
            if all(
                any(self.free(rid, t, d) for rid in req.any_of) for req in request.type.requires
            ):
                return t
            t += STEP_US
        return None


def _pct(values: list[int], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] / 1000


def run(quick: bool) -> tuple[list[str], list[tuple[bool | None, str]]]:  # noqa: FBT001
    """Time earliest_slot at 10k bookings beside a naive grid scan."""
    rng = random.Random(7)
    apps, av = _clinic(10_000, rng)
    cal = Calendar(apps)
    lo = to_us(apps[0].start)
    hi = max(to_us(a.end) for a in apps)
    calls = 300 if quick else 3000
    requests = _requests(av, calls, random.Random(8))
    afters = [
        dt.datetime.fromtimestamp((lo + rng.randrange(hi - lo) // STEP_US * STEP_US) / 1e6, NY)
        for _ in range(calls)
    ]
    # Warm the per-week hours cache once, as a running clinic's process would be
    # (the first query of a week expands it: about a millisecond).
    for hours in av.hours:
        working_windows(hours, lo - 86_400_000_000, hi + 30 * 86_400_000_000)
    for request, after in zip(requests[:50], afters[:50], strict=True):
        earliest_slot(request, cal, av, after=after)
    # Each request is timed in ROUNDS passes over the whole list and keeps its
    # fastest time: on a shared machine a single pass also measures the
    # scheduler (a request preempted by another process reads ~4 ms of wall
    # time for ~0.2 ms of CPU time), which is not earliest_slot's cost. The
    # first pass alone is printed too.
    rounds = 3 if quick else 5
    ours: list[int] = [0] * calls
    first_pass: list[int] = []
    found = []
    gc.disable()
    try:
        for round_ in range(rounds):
            for i, (request, after) in enumerate(zip(requests, afters, strict=True)):
                t0 = time.perf_counter_ns()
                slot = earliest_slot(request, cal, av, after=after)
                took = time.perf_counter_ns() - t0
                if round_ == 0:
                    first_pass.append(took)
                    found.append(slot)
                    ours[i] = took
                else:
                    ours[i] = min(ours[i], took)
    finally:
        gc.enable()
    lines = [
        (
            f"earliest_slot, {len(apps)} bookings, 20 providers + 10 rooms, "
            f"provider (any of 3) + room (any of 3), {calls} requests, best of {rounds} passes"
        ),
        (
            f"  medoffice                      median {statistics.median(ours) / 1000:8.1f} us   "
            f"p99 {_pct(ours, 0.99):8.1f} us"
        ),
        (
            f"  medoffice, first pass only     median {statistics.median(first_pass) / 1000:8.1f} us"
            f"   p99 {_pct(first_pass, 0.99):8.1f} us (wall time incl. preemption)"
        ),
    ]
    verdicts: list[tuple[bool | None, str]] = [
        (statistics.median(ours) < 50_000, "earliest_slot median < 50 us"),
        (_pct(ours, 0.99) < 1000, "earliest_slot p99 < 1 ms"),
    ]
    try:
        naive = _Naive(apps, av, lo - 86_400_000_000, hi + 30 * 86_400_000_000)
    except ImportError:
        lines.append("  intervaltree grid scan: not installed (pip install intervaltree)")
        verdicts.append((None, "anchor intervaltree grid scan: SKIP"))
        return lines, verdicts
    theirs: list[int] = []
    agree = 0
    sample = min(calls, 300)
    for request, after, slot in zip(requests[:sample], afters[:sample], found, strict=False):
        a = to_us(after)
        t0 = time.perf_counter_ns()
        got = naive.earliest(request, a, a + 30 * 86_400_000_000)
        theirs.append(time.perf_counter_ns() - t0)
        agree += got == (None if slot is None else to_us(slot.start))
    ratio = statistics.median(theirs) / statistics.median(ours[:sample])
    lines += [
        (
            f"  intervaltree 5-min grid scan   median {statistics.median(theirs) / 1000:8.1f} us   "
            f"p99 {_pct(theirs, 0.99):8.1f} us"
        ),
        f"  ratio (grid scan / medoffice, medians): {ratio:.1f}x; same slot in {agree}/{sample}",
    ]
    verdicts.append((agree == sample, f"same earliest slot as the grid scan ({agree}/{sample})"))
    verdicts.append((None, f"earliest_slot {ratio:.1f}x faster than an intervaltree grid scan"))
    return lines, verdicts


if __name__ == "__main__":
    import sys

    report, results = run("--quick" in sys.argv)
    for line in report:
        print(line)
    for ok, text in results:
        print({True: "PASS", False: "FAIL", None: "INFO"}[ok], text)
