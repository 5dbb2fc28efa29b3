"""Every public function and class shows a runnable example (a ``>>>`` line)."""

from __future__ import annotations

import importlib
import inspect
from types import ModuleType

import pytest

from medoffice import codes

MODULES = [
    "medoffice",
    "medoffice.exceptions",
    "medoffice.serialization",
    "medoffice.strategies",
    "medoffice._resources",
    "medoffice.codes",
    *(f"medoffice.codes.{kind}" for kind in codes.KINDS),
    "medoffice.terminology",
    *(
        f"medoffice.terminology.{name}"
        for name in ("icd10cm", "hcpcs", "pos", "abbreviations", "wordparts")
    ),
    "medoffice.scheduling",
    "medoffice.scheduling.fhir",
    "medoffice.scheduling.ical",
    "medoffice.x12",
    "medoffice.claims",
    "medoffice.claims.cms1500",
    "medoffice.claims.examples",
    "medoffice.billing",
    "medoffice.indexing",
    *(
        f"medoffice.indexing.{name}"
        for name in ("numbering", "alphabetic", "retention", "patients", "documents")
    ),
]


def _public(module: ModuleType) -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    for name in module.__all__:
        obj = getattr(module, name)
        if inspect.isfunction(obj) or inspect.isclass(obj) or inspect.ismodule(obj):
            out.append((name, obj))
    return out


CASES = [
    (name, member, obj)
    for name in MODULES
    for member, obj in _public(importlib.import_module(name))
]


@pytest.mark.parametrize("name", MODULES)
def test_module_docstring_has_an_example(name: str) -> None:
    module = importlib.import_module(name)
    assert ">>>" in (module.__doc__ or "")
    assert list(module.__all__) == sorted(module.__all__)


@pytest.mark.parametrize(
    ("module", "member", "obj"), CASES, ids=lambda x: str(x) if isinstance(x, str) else ""
)
def test_public_member_has_an_example(module: str, member: str, obj: object) -> None:
    # The object's own docstring, not one inherited from a base class.
    doc = obj.__doc__ or ""
    assert ">>>" in doc, f"{module}.{member} has no >>> example"


def test_public_methods_and_properties_have_examples() -> None:
    missing = []
    for module, member, obj in CASES:
        if not inspect.isclass(obj) or obj.__module__ != module:
            continue
        for attr, value in vars(obj).items():
            if attr.startswith("_"):
                continue
            func = value.fget if isinstance(value, property) else value
            if inspect.isfunction(func) and ">>>" not in (func.__doc__ or ""):
                missing.append(f"{module}.{member}.{attr}")
    assert missing == []
