"""Test-wide settings: the Hypothesis profiles (``ci`` when ``CI=true``)."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=75,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("default", max_examples=60, deadline=None)
settings.load_profile("ci" if os.environ.get("CI", "").lower() == "true" else "default")
