"""Shared machinery for the identifier modules in :mod:`medoffice.codes`."""

from __future__ import annotations

from collections.abc import Callable

from medoffice.exceptions import InvalidCode

__all__ = ["ascii_upper", "clean", "passes", "require_str"]

# Characters people type between the parts of an identifier.
_SEPARATORS = " -./\t\n\r"


def require_str(value: object, field: str) -> str:
    """Return ``value`` if it is a ``str``; raise ``TypeError`` naming ``field`` otherwise."""
    if not isinstance(value, str):
        msg = f"{field}: expected a str, got {type(value).__name__}"
        raise TypeError(msg)
    return value


# Upper-cases ASCII letters only. ``str.upper()`` would turn "ß" into "SS", "ſ" into
# "S", "ı" into "I" and "ﬀ" into "FF", so non-ASCII input could become a valid code.
_ASCII_UPPER: dict[int, int] = {ord(c): ord(c.upper()) for c in "abcdefghijklmnopqrstuvwxyz"}


def ascii_upper(text: str) -> str:
    """Upper-case the ASCII letters of ``text`` and leave every other character alone."""
    return text.translate(_ASCII_UPPER)


def clean(value: object, field: str, separators: str = _SEPARATORS) -> str:
    """Upper-case (ASCII) and drop separator characters; non-strings raise ``TypeError``."""
    text = require_str(value, field)
    if text.isascii() and text.isalnum():
        # The common case: ASCII letters and digits only, so there is no separator
        # to drop and str.upper() is plain ASCII upper-casing.
        return text.upper()
    return text.translate(_table(separators))


_TABLES: dict[str, dict[int, int | None]] = {}


def _table(chars: str) -> dict[int, int | None]:
    table = _TABLES.get(chars)
    if table is None:
        table = _TABLES[chars] = {**_ASCII_UPPER, **dict.fromkeys(map(ord, chars))}
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
