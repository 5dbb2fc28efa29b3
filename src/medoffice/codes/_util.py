"""Shared machinery for the identifier modules in :mod:`medoffice.codes`."""

from __future__ import annotations

from collections.abc import Callable

from medoffice.exceptions import InvalidCode

__all__ = ["clean", "passes", "require_str"]

# Characters people type between the parts of an identifier.
_SEPARATORS = " -./\t\n\r"


def require_str(value: object, field: str) -> str:
    """Return ``value`` if it is a ``str``; raise ``TypeError`` naming ``field`` otherwise."""
    if not isinstance(value, str):
        msg = f"{field}: expected a str, got {type(value).__name__}"
        raise TypeError(msg)
    return value


def clean(value: object, field: str, separators: str = _SEPARATORS) -> str:
    """Strip, upper-case and drop separator characters; non-strings raise ``TypeError``."""
    text = require_str(value, field)
    return text.translate(_deleter(separators)).upper()


_DELETERS: dict[str, dict[int, None]] = {}


def _deleter(chars: str) -> dict[int, None]:
    table = _DELETERS.get(chars)
    if table is None:
        table = _DELETERS[chars] = dict.fromkeys(map(ord, chars))
    return table


def passes(validate: Callable[[str], str], value: object) -> bool:
    """Whether ``validate(value)`` succeeds; never raises, whatever ``value`` is."""
    if not isinstance(value, str):
        return False
    try:
        validate(value)
    except InvalidCode:
        return False
    return True
