"""medoffice: the desk work of a medical office as a typed, pure Python library.

Subpackages load lazily, so ``import medoffice`` stays cheap:

>>> import medoffice
>>> medoffice.codes.npi.is_valid("1234567893")
True
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~10 ms)

__version__ = "0.1.0.dev0"

__all__ = ["__version__", "codes", "exceptions", "serialization"]

_SUBMODULES = frozenset({"codes", "exceptions", "serialization"})

if TYPE_CHECKING:  # pragma: no cover
    from typing import Any

    from medoffice import codes, exceptions, serialization


def __getattr__(name: str) -> Any:
    """Import a public subpackage on first use."""
    if name in _SUBMODULES:
        module = importlib.import_module(f"medoffice.{name}")
        globals()[name] = module
        return module
    msg = f"module 'medoffice' has no attribute {name!r}"
    raise AttributeError(msg)


def __dir__() -> list[str]:
    return sorted(set(globals()) | _SUBMODULES)
