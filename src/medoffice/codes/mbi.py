"""MBI (Medicare Beneficiary Identifier), the patient's Medicare number.

The MBI replaced the SSN-based HICN in 2018–2019. It is *patient-identifying*:
medoffice never puts an MBI in an error message or a ``repr``. Its rules (CMS,
"Understanding the Medicare Beneficiary Identifier format"):

====  ===========  ==========================================
pos   type         allowed
====  ===========  ==========================================
1     numeric      1–9
2     alphabetic   A–Z except S, L, O, I, B, Z
3     alphanumeric 0–9 or an allowed letter
4     numeric      0–9
5     alphabetic   an allowed letter
6     alphanumeric 0–9 or an allowed letter
7     numeric      0–9
8     alphabetic   an allowed letter
9     alphabetic   an allowed letter
10    numeric      0–9
11    numeric      0–9
====  ===========  ==========================================

The letters S, L, O, I, B and Z are never used, so they cannot be mistaken for
5, 1, 0, 1, 8 and 2. Dashes are for display only (``1EG4-TE5-MK73``); the
compact form is upper case without them.

>>> validate("1eg4-te5-mk73")
'1EG4TE5MK73'
>>> format("1EG4TE5MK73")
'1EG4-TE5-MK73'
>>> validate("1EG4TE5MK7")
Traceback (most recent call last):
    ...
medoffice.exceptions.InvalidLength: mbi: must be exactly 11 characters
>>> validate("1SG4TE5MK73")
Traceback (most recent call last):
    ...
medoffice.exceptions.InvalidComponent: mbi: position 2 must be a letter other than S, L, O, I, B, Z
>>> is_valid("0EG4TE5MK73"), is_valid(11)
(False, False)
"""

from __future__ import annotations

from medoffice.codes._util import clean, passes
from medoffice.exceptions import InvalidComponent, InvalidFormat, InvalidLength

__all__ = ["EXCLUDED_LETTERS", "compact", "format", "is_valid", "validate"]

_FIELD = "mbi"

#: Letters that never appear in an MBI.
EXCLUDED_LETTERS: frozenset[str] = frozenset("SLOIBZ")

_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ") - EXCLUDED_LETTERS
_DIGITS = frozenset("0123456789")
_ALLOWED = _LETTERS | _DIGITS

# (allowed characters, rule) for each position.
_POSITIONS: tuple[tuple[frozenset[str], str], ...] = (
    (_DIGITS - {"0"}, "a digit 1-9"),
    (_LETTERS, "a letter other than S, L, O, I, B, Z"),
    (_ALLOWED, "a digit or a letter other than S, L, O, I, B, Z"),
    (_DIGITS, "a digit"),
    (_LETTERS, "a letter other than S, L, O, I, B, Z"),
    (_ALLOWED, "a digit or a letter other than S, L, O, I, B, Z"),
    (_DIGITS, "a digit"),
    (_LETTERS, "a letter other than S, L, O, I, B, Z"),
    (_LETTERS, "a letter other than S, L, O, I, B, Z"),
    (_DIGITS, "a digit"),
    (_DIGITS, "a digit"),
)


def compact(number: str) -> str:
    """Return ``number`` upper-cased, without surrounding space or separators.

    Raises:
        TypeError: if ``number`` is not a ``str``.

    >>> compact(" 1eg4-te5-mk73 ")
    '1EG4TE5MK73'
    """
    return clean(number, _FIELD)


def validate(number: str) -> str:
    """Check an MBI and return its compact form.

    The error message names the position and the rule, never the value.

    Raises:
        InvalidFormat: if it holds characters outside A–Z and 0–9 (``mbi.format``).
        InvalidLength: if it is not 11 characters (``mbi.length``).
        InvalidComponent: if a position breaks its rule (``mbi.position``).
        TypeError: if ``number`` is not a ``str``.

    >>> validate("9AA0AA0AA00")
    '9AA0AA0AA00'
    """
    text = compact(number)
    if not (text.isascii() and text.isalnum()):
        raise InvalidFormat(
            "mbi: must contain only letters and digits", field=_FIELD, code="mbi.format"
        )
    if len(text) != 11:
        raise InvalidLength("mbi: must be exactly 11 characters", field=_FIELD, code="mbi.length")
    for position, (char, (allowed, rule)) in enumerate(zip(text, _POSITIONS, strict=True), 1):
        if char not in allowed:
            raise InvalidComponent(
                f"mbi: position {position} must be {rule}", field=_FIELD, code="mbi.position"
            )
    return text


def is_valid(number: object) -> bool:
    """Whether ``number`` is a valid MBI. Never raises, whatever the input.

    >>> is_valid("1EG4-TE5-MK73"), is_valid("1EG4-TE5-MK7O")
    (True, False)
    """
    return passes(validate, number)


def format(number: str) -> str:
    """Return the MBI in its display form ``NNNN-NNN-NNNN``.

    Raises:
        InvalidCode: if the MBI is not valid.

    >>> format("1eg4te5mk73")
    '1EG4-TE5-MK73'
    """
    text = validate(number)
    return f"{text[:4]}-{text[4:7]}-{text[7:]}"
