"""Identifier and code formats, one module each, with the same four functions.

Every module offers ``validate()`` (the canonical compact form, or a typed
:class:`~medoffice.exceptions.InvalidCode`), ``is_valid()`` (never raises),
``compact()`` and ``format()``:

>>> from medoffice.codes import npi, ein, mbi, ndc, icd10cm
>>> npi.validate("1234567893"), ein.format("123456789")
('1234567893', '12-3456789')
>>> mbi.format("1eg4te5mk73"), ndc.format("0002-1433-80")
('1EG4-TE5-MK73', '00002-1433-80')
>>> icd10cm.format("e119")
'E11.9'
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING

__all__ = ["KINDS", "cpt", "ein", "hcpcs", "icd10cm", "mbi", "modifier", "ndc", "npi", "zipcode"]

#: The identifier kinds, by module name.
KINDS: tuple[str, ...] = (
    "cpt",
    "ein",
    "hcpcs",
    "icd10cm",
    "mbi",
    "modifier",
    "ndc",
    "npi",
    "zipcode",
)

if TYPE_CHECKING:  # pragma: no cover
    from medoffice.codes import cpt, ein, hcpcs, icd10cm, mbi, modifier, ndc, npi, zipcode


def __getattr__(name: str) -> ModuleType:
    """Import an identifier module on first use."""
    if name in KINDS:
        module = importlib.import_module(f"medoffice.codes.{name}")
        globals()[name] = module
        return module
    msg = f"module 'medoffice.codes' has no attribute {name!r}"
    raise AttributeError(msg)
