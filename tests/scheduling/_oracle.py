"""Brute-force conflict checkers: slow, obviously right, for tests to compare against.

:func:`all_pairs_conflicts` looks at every pair of bookings and, for resources of
capacity > 1, counts the load on every elementary interval between event points.
It shares no code with :mod:`medoffice.scheduling._conflicts` and does not use
``Appointment.span``: spans are computed here from ``start``, ``end`` and the buffers.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable

from medoffice.scheduling._model import (
    Appointment,
    Conflict,
    ConflictKind,
    ConflictPolicy,
    Level,
    Resource,
)
from medoffice.scheduling._time import from_us, to_us

_US = dt.timedelta(microseconds=1)

__all__ = ["all_pairs_conflicts", "holds_time", "occupied", "oracle_key", "overload_oracle"]


def holds_time(appointment: Appointment) -> bool:
    """An active status and a non-zero length (spelled out, not ``Appointment.holds_time``)."""
    return appointment.status.holds_time and to_us(appointment.start) != to_us(appointment.end)


def occupied(appointment: Appointment) -> tuple[int, int]:
    """The occupied interval in epoch µs, buffers included (none for a marker)."""
    start, end = clinical(appointment)
    if start == end:
        return start, end
    return start - appointment.buffer_before // _US, end + appointment.buffer_after // _US


def clinical(appointment: Appointment) -> tuple[int, int]:
    """The clinical interval in epoch µs."""
    return to_us(appointment.start), to_us(appointment.end)


def _worst(levels: Iterable[Level]) -> Level:
    order = [Level.INFO, Level.WARN, Level.BLOCK]
    return max(levels, key=order.index)


def oracle_key(c: Conflict) -> tuple[int, int, str, tuple[str, ...], tuple[str, ...]]:
    """The documented result order."""
    return (to_us(c.start), to_us(c.end), c.kind.value, c.appointments, c.resources)


def _pair(a: Appointment, b: Appointment, policy: ConflictPolicy) -> Conflict | None:
    (sa, ea), (sb, eb) = occupied(a), occupied(b)
    lo, hi = max(sa, sb), min(ea, eb)
    if not lo < hi:
        return None
    b_by_id = {r.id: r for r in b.resources}
    shared = [
        r
        for r in a.resources
        if r.id in b_by_id and r.capacity == 1 and b_by_id[r.id].capacity == 1
    ]
    if not shared:
        return None
    (ca, da), (cb, db) = clinical(a), clinical(b)
    buffer_only = not max(ca, cb) < min(da, db)
    severity = policy.buffer if buffer_only else _worst(policy.level_for(r) for r in shared)
    return Conflict(
        kind=ConflictKind.OVERLAP,
        appointments=tuple(sorted((a.id, b.id))),
        resources=tuple(sorted(r.id for r in shared)),
        start=from_us(lo),
        end=from_us(hi),
        severity=severity,
        buffer_only=buffer_only,
        load=2,
        capacity=1,
    )


def _count(intervals: list[tuple[int, int]], lo: int, hi: int) -> int:
    """How many intervals cover all of the elementary interval ``[lo, hi)``."""
    return sum(1 for s, e in intervals if s <= lo and hi <= e)


def overload_oracle(
    resource: Resource, bookings: list[Appointment], policy: ConflictPolicy
) -> list[Conflict]:
    """The overload windows of one resource of capacity > 1, by elementary intervals."""
    held = [b for b in bookings if holds_time(b) and resource.id in b.resource_ids()]
    spans = [occupied(b) for b in held]
    points = sorted({p for span in spans for p in span})
    over = [
        (lo, hi, _count(spans, lo, hi))
        for lo, hi in itertools.pairwise(points)
        if _count(spans, lo, hi) > resource.capacity
    ]
    windows: list[list[int]] = []  # [start, end, peak]
    for lo, hi, load in over:
        if windows and windows[-1][1] == lo:
            windows[-1][1] = hi
            windows[-1][2] = max(windows[-1][2], load)
        else:
            windows.append([lo, hi, load])
    out = []
    for lo, hi, peak in windows:
        members = [b for b, (s, e) in zip(held, spans, strict=True) if s < hi and lo < e]
        clin = [clinical(b) for b in members]
        cpoints = sorted({lo, hi} | {p for span in clin for p in span if lo < p < hi})
        clinical_peak = max(_count(clin, x, y) for x, y in itertools.pairwise(cpoints))
        buffer_only = clinical_peak <= resource.capacity
        out.append(
            Conflict(
                kind=ConflictKind.OVERLOAD,
                appointments=tuple(sorted(b.id for b in members)),
                resources=(resource.id,),
                start=from_us(lo),
                end=from_us(hi),
                severity=policy.buffer if buffer_only else policy.level_for(resource),
                buffer_only=buffer_only,
                load=peak,
                capacity=resource.capacity,
            )
        )
    return out


def all_pairs_conflicts(
    appointments: Iterable[Appointment], policy: ConflictPolicy | None = None
) -> tuple[Conflict, ...]:
    """Every conflict, by brute force: all pairs, then every capacity > 1 resource."""
    policy = ConflictPolicy() if policy is None else policy
    active = [a for a in appointments if holds_time(a)]
    out: list[Conflict] = []
    for a, b in itertools.combinations(active, 2):
        found = _pair(a, b, policy)
        if found is not None:
            out.append(found)
    resources = {r.id: r for a in active for r in a.resources}
    for resource in resources.values():
        if resource.capacity > 1:
            out.extend(overload_oracle(resource, active, policy))
    return tuple(sorted(out, key=oracle_key))
