"""pyx12 as the external judge of build_837p: every golden file and every generated valid batch.

pyx12 4.0.0 validates 005010X222A1 (structure, element lengths and types,
code lists, envelope counts); see ``tests/pyx12_judge.py``. Its map is loaded
once per process, so a small file takes about 20 ms.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from medoffice.claims import Claim
from medoffice.claims._build import build_837p
from tests.claims.test_build import CREATED, envelope, local_batches
from tests.pyx12_judge import pyx12_errors

GOLDEN = Path(__file__).parent / "golden"
GOLDEN_FILES = sorted(GOLDEN.glob("*.x12"))

#: At least 200 examples under the ci profile (CI=true); fewer locally.
EXAMPLES = 200 if os.environ.get("CI", "").lower() == "true" else 25


def test_there_are_golden_files() -> None:
    assert len(GOLDEN_FILES) >= 7


@pytest.mark.parametrize("path", GOLDEN_FILES, ids=lambda p: p.stem)
def test_golden_file_validates(path: Path) -> None:
    assert pyx12_errors(path.read_text(encoding="ascii")) == []


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("HI*ABK:", "HI*ABF:"),  # ABF as the principal diagnosis
        ("SE*27*", "SE*26*"),  # a wrong segment count
        ("*11:B:1*", "*AA:B:1*"),  # a place of service outside the code list
        ("DMG*D8*19800115*M~", "DMG*D8*19800115*X~"),  # sex outside F/M/U
    ],
)
def test_the_judge_can_fail(old: str, new: str) -> None:
    text = (GOLDEN / "office_visit.x12").read_text(encoding="ascii")
    assert old in text
    assert pyx12_errors(text.replace(old, new)) != []


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(local_batches())
def test_every_valid_batch_validates(claims: list[Claim]) -> None:
    text = build_837p(claims, **envelope())
    assert pyx12_errors(text) == []


def test_envelope_date_is_the_scrub_date() -> None:
    assert CREATED.date().isoformat() == "2024-03-01"
