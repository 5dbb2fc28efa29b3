"""NPI (National Provider Identifier).

The NPI is the 10-digit identifier of a health care provider in the United
States, issued by CMS through NPPES. Its rules:

- exactly 10 digits, no letters;
- the first digit is ``1`` or ``2`` (the only ones issued so far);
- the last digit is a Luhn check digit computed over the card-issuer prefix
  ``80840`` followed by the first nine digits (which comes to the Luhn sum of the
  nine digits plus 24).

Spaces and hyphens typed between digits are ignored. The NPI has no display
format, so :func:`format` returns the compact form.

>>> validate("1234567893")
'1234567893'
>>> validate("1234-567-893")
'1234567893'
>>> validate("1234567890")
Traceback (most recent call last):
    ...
medoffice.exceptions.InvalidChecksum: npi: the check digit does not match (Luhn over the 80840 prefix)
>>> validate("123456789")
Traceback (most recent call last):
    ...
medoffice.exceptions.InvalidLength: npi: must be exactly 10 digits
>>> validate("3234567891")
Traceback (most recent call last):
    ...
medoffice.exceptions.InvalidComponent: npi: the first digit must be 1 or 2
>>> calc_check_digit("123456789")
'3'
>>> is_valid("1234567893"), is_valid(None), is_valid("12345678A3")
(True, False, False)
"""

from __future__ import annotations

from medoffice.codes._util import clean, passes
from medoffice.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

__all__ = ["calc_check_digit", "compact", "format", "is_valid", "validate"]

_FIELD = "npi"
# Maps a digit to the digit sum of twice that digit (the Luhn doubling step).
_DOUBLED = bytes.maketrans(b"0123456789", b"0246813579")
_DIGITS = frozenset("0123456789")


def compact(number: str) -> str:
    """Return ``number`` without surrounding space or separators.

    Raises:
        TypeError: if ``number`` is not a ``str``.

    >>> compact(" 1234 567 893 ")
    '1234567893'
    """
    return clean(number, _FIELD)


def _all_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _luhn_total(digits: str) -> int:
    """The Luhn sum of ASCII ``digits``, the rightmost digit not doubled."""
    raw = digits.encode("ascii")
    return sum(raw[-1::-2]) + sum(raw[-2::-2].translate(_DOUBLED)) - 48 * len(raw)


def calc_check_digit(number: str) -> str:
    """Return the check digit for the first nine digits of an NPI.

    Raises:
        InvalidFormat: if ``number`` holds anything but digits.
        InvalidLength: if it is not nine digits long.
        TypeError: if ``number`` is not a ``str``.

    >>> calc_check_digit("199999998")
    '4'
    """
    digits = compact(number)
    if not _all_digits(digits):
        raise InvalidFormat(
            "npi: the base for a check digit must be digits only", field=_FIELD, code="npi.format"
        )
    if len(digits) != 9:
        raise InvalidLength(
            "npi: the base for a check digit must be exactly 9 digits",
            field=_FIELD,
            code="npi.length",
        )
    # Append a zero so the nine digits take the doubled positions, then add
    # the 24 contributed by the 80840 prefix.
    total = 24 + _luhn_total(digits + "0")
    return str((10 - total % 10) % 10)


def validate(number: str) -> str:
    """Check an NPI and return it in compact form.

    Raises:
        InvalidFormat: if it holds anything but digits (``npi.format``).
        InvalidLength: if it is not 10 digits (``npi.length``).
        InvalidComponent: if the first digit is not 1 or 2 (``npi.prefix``).
        InvalidChecksum: if the check digit is wrong (``npi.checksum``).
        TypeError: if ``number`` is not a ``str``.

    >>> validate("1 245 319 599")
    '1245319599'
    """
    digits = compact(number)
    if not _all_digits(digits):
        raise InvalidFormat("npi: must contain digits only", field=_FIELD, code="npi.format")
    if len(digits) != 10:
        raise InvalidLength("npi: must be exactly 10 digits", field=_FIELD, code="npi.length")
    if digits[0] not in "12":
        raise InvalidComponent(
            "npi: the first digit must be 1 or 2", field=_FIELD, code="npi.prefix"
        )
    if (24 + _luhn_total(digits)) % 10:
        raise InvalidChecksum(
            "npi: the check digit does not match (Luhn over the 80840 prefix)",
            field=_FIELD,
            code="npi.checksum",
        )
    return digits


def is_valid(number: object) -> bool:
    """Whether ``number`` is a valid NPI. Never raises, whatever the input.

    >>> is_valid("1234567893"), is_valid("1234567890"), is_valid(1234567893)
    (True, False, False)
    """
    return passes(validate, number)


def format(number: str) -> str:
    """Return the NPI in its display form, which is the compact form.

    >>> format("1234-567893")
    '1234567893'
    """
    return compact(number)
