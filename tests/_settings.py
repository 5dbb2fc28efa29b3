"""Shared Hypothesis settings for tests that run once per module or per type.

The profile (``conftest.py``) sets the number of examples; a property that is
parametrized over many modules caps it, so the whole suite stays quick under
the ``ci`` profile.
"""

from __future__ import annotations

from collections.abc import Iterable

from hypothesis import settings

#: For properties parametrized over every code module or model type.
PER_CASE = settings(max_examples=min(100, settings().max_examples))

#: For the same properties on the big aggregate types (a claim of up to fifty
#: lines, a batch of claims, a remittance, a ledger): each example costs
#: milliseconds, so fewer of them keep the per-type tests within budget.
HEAVY = settings(max_examples=min(20, settings().max_examples))

#: For checking that a type's strategy is registered with Hypothesis
#: (``st.from_type``): a handful of draws show the registration; the values
#: themselves are exercised by the round-trip properties.
REGISTRATION = settings(max_examples=min(5, settings().max_examples))

#: The names of the types that take :data:`HEAVY` instead of :data:`PER_CASE`.
HEAVY_TYPES = frozenset(
    {"Batch", "Claim", "ClaimPayment", "Ledger", "OtherPayer", "Remittance", "ServiceLine"}
)


def split_types(types: Iterable[type]) -> tuple[list[type], list[type]]:
    """The types for :data:`PER_CASE` and those for :data:`HEAVY`, each in their order."""
    items = list(types)
    return (
        [t for t in items if t.__name__ not in HEAVY_TYPES],
        [t for t in items if t.__name__ in HEAVY_TYPES],
    )
