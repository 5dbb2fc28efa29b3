"""Shared Hypothesis settings for tests that run once per module or per type.

The profile (``conftest.py``) sets the number of examples; a property that is
parametrized over many modules caps it, so the whole suite stays quick under
the ``ci`` profile.
"""

from __future__ import annotations

from hypothesis import settings

#: For properties parametrized over every code module or model type.
PER_CASE = settings(max_examples=min(100, settings().max_examples))
