"""Rescheduling quality: average shift of ``propose_reschedule`` vs a later-only greedy.

The figure is quality, not speed: on dense calendars with double bookings, how
far (in minutes) does each moved appointment move? The anchor is the repair a
naive booking tool makes: a **later-only greedy** that takes the conflicts in
time order and pushes the later (unlocked) party of each to the earliest slot
after its own start with the same resources (``earliest_slot`` on the calendar
without it: same hours, blocks, buffers and notice rules, so the comparison is
fair). The reference puts that baseline at about 90-100 min per move on a dense
calendar; the target is that medoffice's best proposal moves appointments less
far on average, on the same calendars.

Calendars (``random.Random(seed)``, deterministic): a working week (Mon-Fri
09:00-17:00, New York) for three providers, each day booked to about 70% with
15/30/45-minute visits, a fifth of them locked; then double bookings: new
15-30-minute visits dropped on top of existing ones. Per calendar the table
gives the conflicts, the moves and the mean shift of both methods; the summary
gives the median over calendars of the per-calendar mean shifts and the ratio
(baseline / medoffice; above 1, medoffice disturbs less). The time of one
``propose_reschedule`` call is reported as median and 90th percentile, for
information.

Usage::

    python benchmarks/scheduling.py --only reschedule [--quick]
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import sys
import time

from medoffice.scheduling import (
    Appointment,
    AppointmentType,
    Availability,
    Hours,
    Level,
    Resource,
    SlotRequest,
    WeeklyHours,
)
from medoffice.scheduling._calendar import Calendar
from medoffice.scheduling._reschedule import propose_reschedule
from medoffice.scheduling._slots import earliest_slot
from medoffice.scheduling._time import to_us, zone

TZ = "America/New_York"
NY = zone(TZ)
MIN = dt.timedelta(minutes=1)
MONDAY = dt.date(2025, 3, 10)
NOW = dt.datetime(2025, 3, 3, 8, tzinfo=NY)
PROVIDERS = tuple(Resource(id=f"dr-{c}", kind="provider") for c in "abc")
AVAILABILITY = Availability(
    timezone=TZ,
    resources=PROVIDERS,
    hours=(
        Hours(timezone=TZ, weekly=(WeeklyHours(days=range(5), start=dt.time(9), end=dt.time(17)),)),
    ),
)


def dense_week(seed: int, doubles: int) -> list[Appointment]:
    rng = random.Random(seed)
    items: list[Appointment] = []
    for provider in PROVIDERS:
        for day in range(5):
            date = MONDAY + dt.timedelta(days=day)
            t = dt.datetime.combine(date, dt.time(9), tzinfo=NY)
            close = dt.datetime.combine(date, dt.time(17), tzinfo=NY)
            while True:
                minutes = rng.choice((15, 30, 30, 45))
                if t + minutes * MIN > close:
                    break
                if rng.random() < 0.7:
                    items.append(
                        Appointment(
                            id=f"{provider.id}-{len(items):04d}",
                            start=t,
                            end=t + minutes * MIN,
                            resources=(provider,),
                            locked=rng.random() < 0.2,
                        )
                    )
                t += minutes * MIN
    hosts = rng.sample(items, doubles)
    for k, host in enumerate(hosts):
        minutes = rng.choice((15, 30))
        items.append(
            Appointment(
                id=f"new-{k:03d}",
                start=host.start,
                end=host.start + minutes * MIN,
                resources=host.resources,
            )
        )
    return items


def later_only_greedy(calendar: Calendar) -> list[int] | None:
    """Minutes shifted per move, or ``None`` if some conflict could not be fixed."""
    shifts: list[int] = []
    stuck: set[tuple[str, ...]] = set()
    while True:
        pending = [
            c
            for c in calendar.conflicts()
            if c.severity is Level.BLOCK and c.appointments not in stuck
        ]
        if not pending:
            return shifts
        conflict = pending[0]
        parties = sorted(
            (a for i in conflict.appointments if (a := calendar.get(i)) is not None),
            key=lambda a: (to_us(a.start), a.id),
        )
        movers = [a for a in parties[1:] if not a.locked] or [
            a for a in parties[:1] if not a.locked
        ]
        if not movers:
            stuck.add(conflict.appointments)
            continue
        mover = movers[0]
        rest = calendar.cancel(mover.id).calendar
        kind = AppointmentType(code="visit", duration=mover.duration)
        slot = earliest_slot(
            SlotRequest(type=kind, resources=mover.resources),  # type: ignore[arg-type]
            rest,
            AVAILABILITY,
            after=mover.start,
            now=NOW,
        )
        if slot is None:
            return None
        shifts.append(round((slot.start - mover.start) / MIN))
        calendar = calendar.move(mover.id, start=slot.start).calendar


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run(quick: bool) -> tuple[list[str], list[tuple[bool | None, str]]]:  # noqa: FBT001
    seeds = range(4 if quick else 12)
    doubles = 6 if quick else 10
    head = f"{'seed':>4} {'conflicts':>9} {'ours moves':>10} {'ours mean':>9}"
    lines = [
        f"{len(seeds)} dense weeks, 3 providers, ~70% booked, 20% locked, {doubles} double bookings each",
        "",
        f"{head} {'greedy moves':>12} {'greedy mean':>11}",
    ]
    ours_means: list[float] = []
    base_means: list[float] = []
    timings: list[float] = []
    unresolved = 0
    for seed in seeds:
        calendar = Calendar(dense_week(seed, doubles))
        conflicts = [c for c in calendar.conflicts() if c.severity is Level.BLOCK]
        started = time.perf_counter()
        proposals = propose_reschedule(calendar, AVAILABILITY, now=NOW, limit=1)
        timings.append(time.perf_counter() - started)
        base = later_only_greedy(calendar)
        if not proposals or base is None or not base:
            lines.append(f"{seed:>4} {len(conflicts):>9}  (skipped: nothing to compare)")
            continue
        best = proposals[0]
        unresolved += len(best.unresolved)
        ours = best.cost.total_shift / MIN / best.cost.moved
        theirs = sum(abs(s) for s in base) / len(base)
        ours_means.append(ours)
        base_means.append(theirs)
        lines.append(
            f"{seed:>4} {len(conflicts):>9} {best.cost.moved:>10} {ours:>9.1f} "
            f"{len(base):>12} {theirs:>11.1f}"
        )
    verdicts: list[tuple[bool | None, str]] = []
    if not ours_means:
        return lines, [(None, "reschedule: no calendar to compare")]
    ours_med = statistics.median(ours_means)
    base_med = statistics.median(base_means)
    ratio = base_med / ours_med if ours_med else float("inf")
    wins = sum(o < b for o, b in zip(ours_means, base_means, strict=True))
    median_ms = statistics.median(timings) * 1e3
    lines += [
        "",
        (
            f"median of per-calendar mean shift: medoffice {ours_med:.1f} min, "
            f"later-only greedy {base_med:.1f} min, ratio {ratio:.2f}x "
            f"(medoffice smaller on {wins} of {len(ours_means)} calendars)"
        ),
        f"conflicts left unresolved by medoffice's best proposals: {unresolved}",
        (
            f"propose_reschedule time per calendar: median {median_ms:.1f} ms, "
            f"p90 {_pct(timings, 0.9) * 1e3:.1f} ms"
        ),
    ]
    verdict = (
        f"reschedule: median mean shift {ours_med:.1f} min vs later-only greedy "
        f"{base_med:.1f} min (target: smaller; ratio {ratio:.2f}x)"
    )
    verdicts.append((ours_med < base_med, verdict))
    verdicts.append((None, f"reschedule: median time per calendar {median_ms:.1f} ms"))
    return lines, verdicts


if __name__ == "__main__":
    from scheduling import main  # benchmarks/scheduling.py: prints the report and verdicts

    sys.exit(main(["--only", "reschedule", *sys.argv[1:]]))
