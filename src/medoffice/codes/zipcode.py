"""US ZIP codes: five digits, or ZIP+4 (nine digits, shown ``12345-6789``).

837P addresses carry the ZIP without the hyphen; the billing provider's and the
service facility's must be the full ZIP+4. No assigned ZIP code starts with
``000`` (the lowest in use is 00501, the IRS in Holtsville, NY).

>>> validate("12345-6789")
'123456789'
>>> format("123456789"), format("02134")
('12345-6789', '02134')
>>> split("12345-6789")
('12345', '6789')
>>> validate("1234")
Traceback (most recent call last):
    ...
medoffice.exceptions.InvalidLength: zipcode: must be 5 digits (ZIP) or 9 digits (ZIP+4)
>>> validate("00012")
Traceback (most recent call last):
    ...
medoffice.exceptions.InvalidComponent: zipcode: no ZIP code starts with 000
>>> is_valid("02134"), is_valid("2134"), is_valid(2134)
(True, False, False)
"""

from __future__ import annotations

from medoffice.codes._util import clean, passes
from medoffice.exceptions import InvalidComponent, InvalidFormat, InvalidLength

__all__ = ["compact", "format", "is_valid", "is_zip4", "split", "validate"]

_FIELD = "zipcode"


def compact(code: str) -> str:
    """Return ``code`` without surrounding space or separators.

    Raises:
        TypeError: if ``code`` is not a ``str``.

    >>> compact(" 12345-6789 ")
    '123456789'
    """
    return clean(code, _FIELD)


def validate(code: str) -> str:
    """Check a ZIP or ZIP+4 and return its digits (5 or 9).

    Raises:
        InvalidFormat: for anything but digits and separators (``zipcode.format``).
        InvalidLength: if it is not 5 or 9 digits (``zipcode.length``).
        InvalidComponent: if it starts with ``000`` (``zipcode.prefix``).
        TypeError: if ``code`` is not a ``str``.

    >>> validate("90210")
    '90210'
    """
    digits = compact(code)
    if not (digits.isascii() and digits.isdigit()):
        raise InvalidFormat(
            "zipcode: must contain digits only", field=_FIELD, code="zipcode.format"
        )
    if len(digits) not in (5, 9):
        raise InvalidLength(
            "zipcode: must be 5 digits (ZIP) or 9 digits (ZIP+4)",
            field=_FIELD,
            code="zipcode.length",
        )
    if digits.startswith("000"):
        raise InvalidComponent(
            "zipcode: no ZIP code starts with 000", field=_FIELD, code="zipcode.prefix"
        )
    return digits


def is_valid(code: object) -> bool:
    """Whether ``code`` is a valid ZIP or ZIP+4. Never raises.

    >>> is_valid("12345-6789"), is_valid("12345-678")
    (True, False)
    """
    return passes(validate, code)


def is_zip4(code: str) -> bool:
    """Whether ``code`` is a valid ZIP+4 (nine digits). Never raises.

    >>> is_zip4("12345-6789"), is_zip4("12345")
    (True, False)
    """
    return is_valid(code) and len(compact(code)) == 9


def split(code: str) -> tuple[str, str | None]:
    """Return the five-digit ZIP and the four-digit add-on (``None`` if absent).

    >>> split("90210")
    ('90210', None)
    """
    digits = validate(code)
    return digits[:5], (digits[5:] or None)


def format(code: str) -> str:
    """Return the ZIP in display form: ``12345`` or ``12345-6789``.

    >>> format("902101234")
    '90210-1234'
    """
    digits = validate(code)
    return f"{digits[:5]}-{digits[5:]}" if len(digits) == 9 else digits
