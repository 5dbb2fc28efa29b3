"""Hypothesis strategies for the rescheduling values (for ``medoffice.strategies``).

``moves()``, ``costs()`` and ``proposals()`` build :class:`Move`, :class:`Cost`
and :class:`Proposal` values from the shared appointment and conflict
strategies; the lead may copy them into ``src/medoffice/strategies.py``.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from medoffice.scheduling._reschedule import Cost, Move, Proposal
from medoffice.strategies import appointments as _appointments
from medoffice.strategies import conflicts, scheduling_resources

__all__ = ["costs", "moves", "proposals"]

_SHIFT = st.integers(-7 * 24 * 60, 7 * 24 * 60).map(lambda m: dt.timedelta(minutes=m))


def moves() -> st.SearchStrategy[Move]:
    """:class:`Move` values: an appointment, a new start and perhaps new resources."""
    return st.builds(
        lambda a, shift, resources: Move.of(a, to_start=a.start + shift, to_resources=resources),
        _appointments(),
        _SHIFT,
        st.one_of(
            st.none(),
            st.lists(scheduling_resources(), min_size=1, max_size=3, unique_by=lambda r: r.id),
        ),
    )


def costs() -> st.SearchStrategy[Cost]:
    """:class:`Cost` values."""
    minutes = st.integers(0, 20_000).map(lambda m: dt.timedelta(minutes=m))
    return st.builds(
        lambda moved, total, part, days, providers: Cost(
            moved=moved,
            total_shift=total,
            largest_shift=min(part, total),
            day_changes=min(days, moved),
            provider_changes=min(providers, moved),
        ),
        st.integers(0, 10),
        minutes,
        minutes,
        st.integers(0, 10),
        st.integers(0, 10),
    )


def proposals() -> st.SearchStrategy[Proposal]:
    """:class:`Proposal` values whose cost is the cost of their moves."""
    return st.builds(
        lambda ms, left: Proposal(moves=tuple(ms), cost=Cost.of(ms), unresolved=tuple(left)),
        st.lists(moves(), max_size=3, unique_by=lambda m: m.id),
        st.lists(conflicts(), max_size=2),
    )
