"""Procedure code modifiers: two characters after a CPT or HCPCS code.

A modifier tells the payer something about the service without changing the
code: ``25`` (a significant, separately identifiable E/M service), ``59`` (a
distinct procedure), ``LT``/``RT`` (left/right side), ``GT`` (telehealth).

- Level I (CPT) modifiers are two digits, plus the Category II performance
  measure modifiers ``1P``, ``2P``, ``3P`` and ``8P``; they are AMA material, so
  medoffice checks their form only.
- Level II (HCPCS) modifiers are two letters or a letter and a digit
  (``LT``, ``XU``, ``F1``, ``E4``); their descriptions are in
  :mod:`medoffice.terminology`.

An 837P service line carries at most four (``SV101-3`` to ``SV101-6``).

>>> validate(" lt "), validate("25")
('LT', '25')
>>> level("25"), level("1P"), level("XU")
('I', 'I', 'II')
>>> validate("L")
Traceback (most recent call last):
    ...
medoffice.exceptions.InvalidLength: modifier: must be exactly 2 characters
>>> is_valid("GT"), is_valid("G-"), is_valid(25)
(True, False, False)
"""

from __future__ import annotations

from medoffice.codes._util import ascii_upper, passes, require_str
from medoffice.exceptions import InvalidFormat, InvalidLength

__all__ = ["compact", "format", "is_valid", "level", "validate"]

_FIELD = "modifier"
_CPT_CATEGORY_II = frozenset({"1P", "2P", "3P", "8P"})


def compact(code: str) -> str:
    """Return ``code`` upper-cased, without surrounding space.

    Raises:
        TypeError: if ``code`` is not a ``str``.

    >>> compact(" rt")
    'RT'
    """
    return ascii_upper(require_str(code, _FIELD).strip())


def validate(code: str) -> str:
    """Check a modifier's form and return it upper-cased.

    Raises:
        InvalidFormat: for characters other than letters and digits (``modifier.format``).
        InvalidLength: if it is not two characters (``modifier.length``).
        TypeError: if ``code`` is not a ``str``.

    >>> validate("59")
    '59'
    """
    text = compact(code)
    if not (text.isascii() and text.isalnum()):
        raise InvalidFormat(
            "modifier: must contain only letters and digits",
            field=_FIELD,
            code="modifier.format",
        )
    if len(text) != 2:
        raise InvalidLength(
            "modifier: must be exactly 2 characters", field=_FIELD, code="modifier.length"
        )
    return text


def is_valid(code: object) -> bool:
    """Whether ``code`` has the form of a modifier. Never raises.

    >>> is_valid("XS"), is_valid("XSU")
    (True, False)
    """
    return passes(validate, code)


def format(code: str) -> str:
    """Return the modifier in display form (the same as the compact form).

    >>> format("gt")
    'GT'
    """
    return validate(code)


def level(code: str) -> str:
    """Return ``'I'`` for a CPT (Level I) modifier, ``'II'`` for a HCPCS Level II one.

    >>> level("59"), level("GT")
    ('I', 'II')
    """
    text = validate(code)
    return "I" if text.isdigit() or text in _CPT_CATEGORY_II else "II"
