"""pyx12 as the external judge of build_837p: every golden file and every generated valid batch.

pyx12 4.0.0 validates 005010X222A1 (structure, element lengths and types,
code lists, envelope counts); see ``tests/pyx12_judge.py``. Its map is loaded
once per process, so a small file takes about 20 ms.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from medoffice.claims import Batch, build_837p
from medoffice.strategies import valid_batches
from tests.claims.test_build import envelope
from tests.pyx12_judge import pyx12_errors

GOLDEN = Path(__file__).parent / "golden"
GOLDEN_FILES = sorted(GOLDEN.glob("*.x12"))

#: At least 200 examples under the ci profile (CI=true); fewer locally.
EXAMPLES = 200 if os.environ.get("CI", "").lower() == "true" else 25

#: After every date valid_batches() draws (its window ends on 2025-09-30), in a zone west of UTC.
CREATED = dt.datetime(2025, 10, 15, 18, 5, tzinfo=dt.timezone(dt.timedelta(hours=-7)))


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
@given(valid_batches(max_claims=6))
def test_every_valid_batch_validates(batch: Batch) -> None:
    text = build_837p(batch, **envelope(created=CREATED, control_number=9876))
    assert pyx12_errors(text) == []
