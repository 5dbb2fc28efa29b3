"""Registers medoffice's Hypothesis strategies; Hypothesis calls this through its entry point."""

from __future__ import annotations

import importlib
import sys


def _hypothesis_setup_hook() -> None:
    # medoffice.strategies registers its strategies when it is imported. If it is
    # being imported right now (it imports hypothesis, which runs this hook), the
    # registration happens at the end of that import.
    if "medoffice.strategies" not in sys.modules:
        importlib.import_module("medoffice.strategies")
