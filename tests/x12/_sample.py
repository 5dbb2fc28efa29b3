"""The sample 837P of the claims reference (validates with 0 errors under pyx12)."""

from __future__ import annotations

from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"
SAMPLE = (GOLDEN / "sample_837p.x12").read_text(encoding="ascii")
FLAT = SAMPLE.replace("\n", "")
