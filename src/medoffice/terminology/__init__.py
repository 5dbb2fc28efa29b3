"""Medical terminology, offline, answered as of a date of service.

ICD-10-CM by date of service, HCPCS Level II, place of service, order
abbreviations and medical word parts.

Nothing is loaded when this package is imported; each code set loads on first
use.

>>> from medoffice.terminology import icd10cm
>>> icd10cm.lookup("e11.9").title
'Type 2 diabetes mellitus without complications'
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:  # pragma: no cover
    from medoffice.terminology import abbreviations, hcpcs, icd10cm, pos, wordparts
    from medoffice.terminology._model import (
        CodeSet,
        Concept,
        ConceptKind,
        Extension,
        Field,
        Hit,
        Match,
        MatchKind,
        NoRelease,
        Notes,
        Release,
    )
    from medoffice.terminology._table import CodeTable

__all__ = [
    "CodeSet",
    "CodeTable",
    "Concept",
    "ConceptKind",
    "Extension",
    "Field",
    "Hit",
    "Match",
    "MatchKind",
    "NoRelease",
    "Notes",
    "Release",
    "abbreviations",
    "hcpcs",
    "icd10cm",
    "pos",
    "wordparts",
]

_SUBMODULES = frozenset({"abbreviations", "hcpcs", "icd10cm", "pos", "wordparts"})
_NAMES = {
    "CodeTable": "medoffice.terminology._table",
    **dict.fromkeys(
        (
            "CodeSet",
            "Concept",
            "ConceptKind",
            "Extension",
            "Field",
            "Hit",
            "Match",
            "MatchKind",
            "NoRelease",
            "Notes",
            "Release",
        ),
        "medoffice.terminology._model",
    ),
}


def __getattr__(name: str) -> object:
    """Import a terminology module, or the module that defines a name, on first use."""
    if name in _SUBMODULES:
        module = importlib.import_module(f"medoffice.terminology.{name}")
        globals()[name] = module
        return module
    if name in _NAMES:
        value = getattr(importlib.import_module(_NAMES[name]), name)
        globals()[name] = value
        return value
    msg = f"module 'medoffice.terminology' has no attribute {name!r}"
    raise AttributeError(msg)
