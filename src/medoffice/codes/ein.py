"""EIN (Employer Identification Number), the US federal tax ID of a business.

A group practice bills under its EIN (837P ``REF*EI``, CMS-1500 box 25). Rules:

- nine digits, displayed as ``XX-XXXXXXX``;
- the two-digit prefix names the IRS campus that issued it, and these prefixes
  have never been issued: 00, 07, 08, 09, 17, 18, 19, 28, 29, 49, 69, 70, 78,
  79, 89, 96 and 97 (IRS, "How EINs are assigned and valid EIN prefixes").

There is no check digit, so a valid EIN is only a *possible* one.

>>> validate("04-1234567")
'041234567'
>>> format("041234567")
'04-1234567'
>>> validate("07-1234567")
Traceback (most recent call last):
    ...
medoffice.exceptions.InvalidComponent: ein: the prefix (first two digits) is one the IRS never issues
>>> validate("12-345678")
Traceback (most recent call last):
    ...
medoffice.exceptions.InvalidLength: ein: must be exactly 9 digits
>>> is_valid("12-3456789"), is_valid("12-34567AB"), is_valid(None)
(True, False, False)
"""

from __future__ import annotations

from medoffice.codes._util import clean, passes
from medoffice.exceptions import InvalidComponent, InvalidFormat, InvalidLength

__all__ = ["NEVER_ISSUED_PREFIXES", "compact", "format", "is_valid", "validate"]

_FIELD = "ein"

#: Two-digit prefixes that the IRS has never assigned to any campus.
NEVER_ISSUED_PREFIXES: frozenset[str] = frozenset(
    {
        "00",
        "07",
        "08",
        "09",
        "17",
        "18",
        "19",
        "28",
        "29",
        "49",
        "69",
        "70",
        "78",
        "79",
        "89",
        "96",
        "97",
    }
)


def compact(number: str) -> str:
    """Return ``number`` without surrounding space or separators.

    Raises:
        TypeError: if ``number`` is not a ``str``.

    >>> compact(" 12-3456789 ")
    '123456789'
    """
    return clean(number, _FIELD)


def validate(number: str) -> str:
    """Check an EIN and return it as nine digits.

    Raises:
        InvalidFormat: if it holds anything but digits and separators (``ein.format``).
        InvalidLength: if it is not nine digits (``ein.length``).
        InvalidComponent: if the prefix is never issued (``ein.prefix``).
        TypeError: if ``number`` is not a ``str``.

    >>> validate("98 7654321")
    '987654321'
    """
    digits = compact(number)
    if not (digits.isascii() and digits.isdigit()):
        raise InvalidFormat("ein: must contain digits only", field=_FIELD, code="ein.format")
    if len(digits) != 9:
        raise InvalidLength("ein: must be exactly 9 digits", field=_FIELD, code="ein.length")
    if digits[:2] in NEVER_ISSUED_PREFIXES:
        raise InvalidComponent(
            "ein: the prefix (first two digits) is one the IRS never issues",
            field=_FIELD,
            code="ein.prefix",
        )
    return digits


def is_valid(number: object) -> bool:
    """Whether ``number`` is a valid EIN. Never raises, whatever the input.

    >>> is_valid("00-1234567")
    False
    """
    return passes(validate, number)


def format(number: str) -> str:
    """Return the EIN in its display form ``XX-XXXXXXX``.

    Raises:
        InvalidCode: if the EIN is not valid.

    >>> format("123456789")
    '12-3456789'
    """
    digits = validate(number)
    return f"{digits[:2]}-{digits[2:]}"
