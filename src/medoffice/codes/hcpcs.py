"""HCPCS Level II code *format* (descriptions are :mod:`medoffice.terminology`).

HCPCS Level II codes (CMS, public domain) cover supplies, drugs, durable medical
equipment and services outside CPT. The form is a letter ``A`` to ``V`` followed
by four digits (``J3490``, ``G0438``, ``E0114``). The letter section says what the
code is for (``J`` drugs, ``E`` equipment, ``G`` temporary professional codes…).

Letters W to Z and ``0``-leading forms are not Level II codes; ``D`` codes are the
ADA's CDT dental codes, which are in the HCPCS file by reference only.

>>> validate(" j3490 ")
'J3490'
>>> validate("W1234")
Traceback (most recent call last):
    ...
medoffice.exceptions.InvalidComponent: hcpcs: the first character must be a letter A to V
>>> validate("J349")
Traceback (most recent call last):
    ...
medoffice.exceptions.InvalidLength: hcpcs: must be exactly 5 characters
>>> is_valid("G0438"), is_valid("99213")
(True, False)
"""

from __future__ import annotations

from medoffice.codes._util import clean, passes
from medoffice.exceptions import InvalidComponent, InvalidFormat, InvalidLength

__all__ = ["compact", "format", "is_valid", "validate"]

_FIELD = "hcpcs"
_SECTIONS = frozenset("ABCDEFGHIJKLMNOPQRSTUV")


def compact(code: str) -> str:
    """Return ``code`` upper-cased, without surrounding space or separators.

    Raises:
        TypeError: if ``code`` is not a ``str``.

    >>> compact("g 0438")
    'G0438'
    """
    return clean(code, _FIELD)


def validate(code: str) -> str:
    """Check the form of a HCPCS Level II code and return it upper-cased.

    Raises:
        InvalidFormat: for characters other than letters and digits (``hcpcs.format``).
        InvalidLength: if it is not five characters (``hcpcs.length``).
        InvalidComponent: if it does not start with a letter A to V, or the last
            four are not digits (``hcpcs.component``).
        TypeError: if ``code`` is not a ``str``.

    >>> validate("e0114")
    'E0114'
    """
    text = compact(code)
    if not (text.isascii() and text.isalnum()):
        raise InvalidFormat(
            "hcpcs: must contain only letters and digits", field=_FIELD, code="hcpcs.format"
        )
    if len(text) != 5:
        raise InvalidLength(
            "hcpcs: must be exactly 5 characters", field=_FIELD, code="hcpcs.length"
        )
    if text[0] not in _SECTIONS:
        raise InvalidComponent(
            "hcpcs: the first character must be a letter A to V",
            field=_FIELD,
            code="hcpcs.component",
        )
    if not text[1:].isdigit():
        raise InvalidComponent(
            "hcpcs: the last four characters must be digits",
            field=_FIELD,
            code="hcpcs.component",
        )
    return text


def is_valid(code: object) -> bool:
    """Whether ``code`` has the form of a HCPCS Level II code. Never raises.

    >>> is_valid("A0428"), is_valid("A04281")
    (True, False)
    """
    return passes(validate, code)


def format(code: str) -> str:
    """Return the code in display form (the same as the compact form).

    >>> format("a0428")
    'A0428'
    """
    return validate(code)
