"""CPT (HCPCS Level I) procedure code *format*.

CPT codes and their descriptions are the AMA's copyright, so medoffice checks
the form only and ships no descriptions; a practice that licenses CPT passes its
own code set to :mod:`medoffice.terminology`. The form is five characters:

- five digits for Category I codes (``99213``);
- four digits and ``F`` for Category II performance measures (``3074F``);
- four digits and ``T`` for Category III emerging technology (``0042T``);
- four digits and ``U`` for proprietary laboratory analyses (``0001U``).

>>> validate("99213"), validate(" 3074f ")
('99213', '3074F')
>>> category("0042T")
'III'
>>> validate("9921")
Traceback (most recent call last):
    ...
medoffice.exceptions.InvalidLength: cpt: must be exactly 5 characters
>>> validate("9921A")
Traceback (most recent call last):
    ...
medoffice.exceptions.InvalidComponent: cpt: the fifth character must be a digit, F, T or U
>>> is_valid("J3490"), is_valid("0001U")
(False, True)
"""

from __future__ import annotations

from medoffice.codes._util import clean, passes
from medoffice.exceptions import InvalidComponent, InvalidFormat, InvalidLength

__all__ = ["category", "compact", "format", "is_valid", "validate"]

_FIELD = "cpt"
_CATEGORY = {"F": "II", "T": "III", "U": "PLA"}


def compact(code: str) -> str:
    """Return ``code`` upper-cased, without surrounding space or separators.

    Raises:
        TypeError: if ``code`` is not a ``str``.

    >>> compact(" 3074f ")
    '3074F'
    """
    return clean(code, _FIELD)


def validate(code: str) -> str:
    """Check the form of a CPT code and return it upper-cased.

    Raises:
        InvalidFormat: for characters other than letters and digits (``cpt.format``).
        InvalidLength: if it is not five characters (``cpt.length``).
        InvalidComponent: if the first four are not digits, or the fifth is not a
            digit, ``F``, ``T`` or ``U`` (``cpt.component``).
        TypeError: if ``code`` is not a ``str``.

    >>> validate("0001U")
    '0001U'
    """
    text = compact(code)
    if not (text.isascii() and text.isalnum()):
        raise InvalidFormat(
            "cpt: must contain only letters and digits", field=_FIELD, code="cpt.format"
        )
    if len(text) != 5:
        raise InvalidLength("cpt: must be exactly 5 characters", field=_FIELD, code="cpt.length")
    if not text[:4].isdigit():
        raise InvalidComponent(
            "cpt: the first four characters must be digits", field=_FIELD, code="cpt.component"
        )
    if not (text[4].isdigit() or text[4] in _CATEGORY):
        raise InvalidComponent(
            "cpt: the fifth character must be a digit, F, T or U",
            field=_FIELD,
            code="cpt.component",
        )
    return text


def is_valid(code: object) -> bool:
    """Whether ``code`` has the form of a CPT code. Never raises.

    >>> is_valid("99213"), is_valid("99213-25")
    (True, False)
    """
    return passes(validate, code)


def format(code: str) -> str:
    """Return the code in display form (the same as the compact form).

    >>> format("3074f")
    '3074F'
    """
    return validate(code)


def category(code: str) -> str:
    """Return the CPT category: ``'I'``, ``'II'``, ``'III'`` or ``'PLA'``.

    >>> category("99213"), category("3074F"), category("0001U")
    ('I', 'II', 'PLA')
    """
    return _CATEGORY.get(validate(code)[4], "I")
