"""Hypothesis strategies for :mod:`medoffice.scheduling.fhir` (candidates for medoffice.strategies)."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from medoffice.scheduling import Appointment, Resource, ResourceKind, Slot, Status
from medoffice.scheduling.fhir import FhirSlot, Schedule, SlotStatus
from medoffice.strategies import aware_datetimes, resource_ids

#: Ids that are valid FHIR ids and ids that are not (spaces, underscores, too long).
ids = st.one_of(
    resource_ids(),
    st.from_regex(r"[A-Za-z0-9\-.]{1,64}", fullmatch=True),
    st.from_regex(r"[a-z_ ]{0,70}[a-z]", fullmatch=True).map(lambda s: "x" + s),
)
_printable = st.text(
    st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")), max_size=12
)
names = st.one_of(st.just(""), _printable)
durations = st.one_of(
    st.integers(0, 120).map(lambda m: dt.timedelta(minutes=m)),
    st.integers(0, 10**12).map(lambda us: dt.timedelta(microseconds=us)),
)
instants = st.one_of(
    aware_datetimes(),
    aware_datetimes().map(lambda d: d.replace(microsecond=d.microsecond or 1)),
)


def resources() -> st.SearchStrategy[Resource]:
    """Resources with ids FHIR can and cannot take as ids."""
    return st.builds(
        Resource,
        id=ids,
        kind=st.sampled_from(ResourceKind),
        capacity=st.integers(1, 4),
        name=names,
    )


def appointments() -> st.SearchStrategy[Appointment]:
    """Appointments with odd ids, types, sub-second buffers and lengths."""
    return st.builds(
        lambda start, length, **kw: Appointment(
            start=start, end=start.astimezone(dt.UTC) + length, **kw
        ),
        start=instants,
        length=durations,
        id=ids,
        resources=st.lists(resources(), min_size=1, max_size=4, unique_by=lambda r: r.id),
        status=st.sampled_from(Status),
        buffer_before=durations,
        buffer_after=durations,
        type=st.none()
        | st.sampled_from(("visit", "echo", "new patient", " odd "))
        | _printable.filter(bool),
        locked=st.booleans(),
    )


def slots() -> st.SearchStrategy[Slot]:
    """Slots with zero to three resource ids."""
    return st.builds(
        lambda start, length, res: Slot(
            start=start, end=start.astimezone(dt.UTC) + length, resources=res
        ),
        instants,
        durations,
        st.lists(ids, max_size=3, unique=True),
    )


def fhir_slots() -> st.SearchStrategy[FhirSlot]:
    """:class:`FhirSlot` values."""
    return st.builds(
        FhirSlot,
        slot=slots(),
        schedule=ids,
        status=st.sampled_from(SlotStatus),
        overbooked=st.booleans(),
        id=st.none() | ids,
    )


def schedules() -> st.SearchStrategy[Schedule]:
    """:class:`Schedule` values, with and without a planning horizon."""

    def build(
        sid: str, actors: list[Resource], active: bool, start: dt.datetime | None, days: int | None
    ) -> Schedule:
        end = None if days is None or start is None else start + dt.timedelta(days=days)
        return Schedule(id=sid, actors=actors, active=active, horizon_start=start, horizon_end=end)

    return st.builds(
        build,
        ids,
        st.lists(resources(), min_size=1, max_size=3, unique_by=lambda r: r.id),
        st.booleans(),
        st.none() | instants,
        st.none() | st.integers(0, 400),
    )
