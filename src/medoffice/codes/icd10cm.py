"""ICD-10-CM diagnosis code *format* (existence is :mod:`medoffice.terminology`).

The shape of an ICD-10-CM code (ICD-10-CM Official Guidelines, Section I.A):

- 3 to 7 characters: character 1 a letter (every letter is in use, ``U`` for
  emergency codes), characters 2 to 7 digits or letters (character 2 was always
  a digit until FY2026 added category ``QA0``, genetic neurodevelopmental
  disorders such as ``QA0.0101``);
- a dot after the third character, for display only: claims carry ``E119``,
  people write ``E11.9``;
- ``X`` is a literal *placeholder* character that keeps positions free
  (``T36.0X1A``) or fills them before a 7th character (``W21.89XA``);
- the 7th character, where a category defines one, is always in position 7.

Whether a well-formed code exists, is billable, or needs a placeholder is a
question for the code set, not the format. :func:`compact` drops the dot and
upper-cases; :func:`format` puts the dot back.

>>> validate("e11.9")
'E119'
>>> format("S72001A")
'S72.001A'
>>> validate("E1.19")
Traceback (most recent call last):
    ...
medoffice.exceptions.InvalidFormat: icd10cm: the dot must come right after the third character
>>> validate("E1")
Traceback (most recent call last):
    ...
medoffice.exceptions.InvalidLength: icd10cm: must be 3 to 7 characters (not counting the dot)
>>> validate("1E11")
Traceback (most recent call last):
    ...
medoffice.exceptions.InvalidComponent: icd10cm: the first character must be a letter
>>> is_valid("W21.89XA"), is_valid("E11.9.1"), is_valid(119)
(True, False, False)
"""

from __future__ import annotations

from medoffice.codes._util import ascii_upper, passes, require_str
from medoffice.exceptions import InvalidComponent, InvalidFormat, InvalidLength

__all__ = ["compact", "format", "is_valid", "validate"]

_FIELD = "icd10cm"
_UPPER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def compact(code: str) -> str:
    """Return ``code`` upper-cased, without surrounding space or the dot.

    Raises:
        TypeError: if ``code`` is not a ``str``.

    >>> compact(" s72.001a ")
    'S72001A'
    """
    return ascii_upper(require_str(code, _FIELD).replace(".", "").strip())


def validate(code: str) -> str:
    """Check the form of an ICD-10-CM code and return it without the dot.

    Raises:
        InvalidFormat: for a misplaced or doubled dot, or characters other than
            letters and digits (``icd10cm.dot``, ``icd10cm.format``).
        InvalidLength: if it is not 3 to 7 characters (``icd10cm.length``).
        InvalidComponent: if character 1 is not a letter (``icd10cm.first``).
        TypeError: if ``code`` is not a ``str``.

    >>> validate("T36.0X1A")
    'T360X1A'
    """
    text = ascii_upper(require_str(code, _FIELD).strip())
    if "." in text:
        if text.count(".") > 1 or text.index(".") != 3 or len(text) == 4:
            raise InvalidFormat(
                "icd10cm: the dot must come right after the third character",
                field=_FIELD,
                code="icd10cm.dot",
            )
        text = text.replace(".", "")
    if not (text.isascii() and text.isalnum()):
        raise InvalidFormat(
            "icd10cm: must contain only letters and digits (and one dot)",
            field=_FIELD,
            code="icd10cm.format",
        )
    if not 3 <= len(text) <= 7:
        raise InvalidLength(
            "icd10cm: must be 3 to 7 characters (not counting the dot)",
            field=_FIELD,
            code="icd10cm.length",
        )
    if text[0] not in _UPPER:
        raise InvalidComponent(
            "icd10cm: the first character must be a letter", field=_FIELD, code="icd10cm.first"
        )
    return text


def is_valid(code: object) -> bool:
    """Whether ``code`` has the form of an ICD-10-CM code. Never raises.

    >>> is_valid("E11.9"), is_valid("E11.")
    (True, False)
    """
    return passes(validate, code)


def format(code: str) -> str:
    """Return the code in display form, with the dot after the third character.

    Raises:
        InvalidCode: if the code's form is not valid.

    >>> format("E119"), format("I10")
    ('E11.9', 'I10')
    """
    text = validate(code)
    return f"{text[:3]}.{text[3:]}" if len(text) > 3 else text
