"""The patient record of the master patient index and its normalised features.

A :class:`PatientRecord` keeps what the front desk typed, lightly cleaned
(spaces trimmed, SSN and phone reduced to digits, sex to one letter). Matching
works on :class:`Features`, computed once per record by :func:`features`:
folded names with the suffix split out, nickname keys, Soundex codes, a valid
SSN or nothing (placeholders and invalid SSNs are missing, never agreement),
a real phone number or nothing, a standardised street.

>>> record = PatientRecord(id="A1", family="O'Brien Jr.", given="Bill", ssn="123-45-6789")
>>> record
PatientRecord(id='A1', family='***', given='***', middle=None, suffix=None, sex=None, birth_date=None, ssn='***', phone=None, street=None, city=None, state=None, zip=None, email=None, previous_family=(), identifiers=())
>>> f = features(record)
>>> f.family, f.suffix, sorted(f.given_keys), f.ssn
('OBRIEN', 'JR', ['BILL', 'WILLIAM'], '')
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from typing import NamedTuple

import attrs

from medoffice.indexing._filing_common import mask
from medoffice.indexing._text import fold, given_name_keys, soundex

__all__ = ["Features", "PatientRecord", "features", "valid_ssn"]

_SEXES = {
    "F": "F",
    "FEMALE": "F",
    "W": "F",
    "M": "M",
    "MALE": "M",
    "U": "U",
    "UNKNOWN": "U",
    "X": "X",
    "O": "X",
    "OTHER": "X",
}

#: Name suffixes, as written -> as kept.
SUFFIXES = {
    "JR": "JR",
    "JUNIOR": "JR",
    "SR": "SR",
    "SENIOR": "SR",
    "II": "II",
    "2ND": "II",
    "III": "III",
    "3RD": "III",
    "IV": "IV",
    "4TH": "IV",
}

# Placeholders, plus two numbers printed on sample cards and used by thousands:
# 078-05-1120 (the 1938 wallet insert, voided by the SSA) and 219-09-9999 (the
# Social Security Board's own pamphlet).
_PLACEHOLDER_SSNS = frozenset(
    {"000000000", "123456789", "999999999", "111111111", "987654321", "078051120", "219099999"}
)


def _text(field: str, value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        msg = f"{field}: must be text (str) or None, not {type(value).__name__}"
        raise TypeError(msg)
    value = " ".join(value.split())
    return value or None


def _family(value: object) -> str | None:
    return _text("family", value)


def _given(value: object) -> str | None:
    return _text("given", value)


def _middle(value: object) -> str | None:
    return _text("middle", value)


def _street(value: object) -> str | None:
    return _text("street", value)


def _city(value: object) -> str | None:
    return _text("city", value)


def _id(value: object) -> str:
    text = _text("id", value)
    if text is None:
        msg = "id: must be a non-empty record number"
        raise ValueError(msg)
    return text


def _sex(value: object) -> str | None:
    text = _text("sex", value)
    if text is None:
        return None
    sex = _SEXES.get(text.upper())
    if sex is None:
        msg = "sex: must be F, M, U or X"
        raise ValueError(msg)
    return sex


def _suffix(value: object) -> str | None:
    text = _text("suffix", value)
    if text is None:
        return None
    folded = fold(text).replace(" ", "")
    if not folded:
        return None
    return SUFFIXES.get(folded, folded)


def _birth_date(value: object) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        msg = "birth_date: must be a calendar date (datetime.date), not a datetime"
        raise TypeError(msg)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            msg = "birth_date: must be an ISO date (YYYY-MM-DD)"
            raise ValueError(msg) from None
    msg = f"birth_date: must be a date or ISO text, not {type(value).__name__}"
    raise TypeError(msg)


def _digits(field: str, value: object) -> str | None:
    text = _text(field, value)
    if text is None:
        return None
    digits = "".join(c for c in text if c in "0123456789")
    if any(c.isalpha() for c in text) or not digits:
        msg = f"{field}: must be digits (with optional hyphens, spaces, dots or parentheses)"
        raise ValueError(msg)
    return digits


def _ssn(value: object) -> str | None:
    digits = _digits("ssn", value)
    if digits is not None and len(digits) not in (4, 9):
        msg = "ssn: must be 9 digits or the last four"
        raise ValueError(msg)
    return digits


def _phone(value: object) -> str | None:
    digits = _digits("phone", value)
    if digits is None:
        return None
    if len(digits) == 11 and digits[0] == "1":
        digits = digits[1:]
    if not 7 <= len(digits) <= 15:
        msg = "phone: must have 7 to 15 digits"
        raise ValueError(msg)
    return digits


def _zip(value: object) -> str | None:
    digits = _digits("zip", value)
    if digits is not None and len(digits) not in (5, 9):
        msg = "zip: must be 5 digits or ZIP+4 (9 digits)"
        raise ValueError(msg)
    return digits


def _state(value: object) -> str | None:
    text = _text("state", value)
    return None if text is None else text.upper()


def _email(value: object) -> str | None:
    text = _text("email", value)
    if text is None:
        return None
    if text.count("@") != 1 or " " in text:
        msg = "email: must be one address with a single @ and no spaces"
        raise ValueError(msg)
    return text.lower()


def _names(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = (value,)
    if not isinstance(value, (list, tuple)):
        msg = f"previous_family: must be a list or tuple of names, not {type(value).__name__}"
        raise TypeError(msg)
    out = []
    for i, item in enumerate(value):
        text = _text(f"previous_family[{i}]", item)
        if text is not None:
            out.append(text)
    return tuple(out)


def _identifiers(value: object) -> tuple[tuple[str, str], ...]:
    if value is None:
        return ()
    if isinstance(value, dict):
        value = tuple(value.items())
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        msg = "identifiers: must be a list of (system, value) pairs"
        raise TypeError(msg)
    out = []
    for i, item in enumerate(value):
        if isinstance(item, str) or not isinstance(item, (list, tuple)) or len(item) != 2:
            msg = f"identifiers[{i}]: must be a (system, value) pair"
            raise TypeError(msg)
        system = _text(f"identifiers[{i}].system", item[0])
        ident = _text(f"identifiers[{i}].value", item[1])
        if system is None or ident is None:
            msg = f"identifiers[{i}]: system and value must both be non-empty"
            raise ValueError(msg)
        out.append((system, ident))
    return tuple(out)


@attrs.frozen(kw_only=True, cache_hash=True)
class PatientRecord:
    """One chart in the master patient index, as registered.

    Every field but ``id`` may be missing (``None``). Text is trimmed and runs
    of spaces collapsed; empty text is ``None``. ``ssn``, ``phone`` and ``zip``
    keep their digits only, ``sex`` one letter (F, M, U or X), ``suffix`` its
    folded form (``Jr.`` is ``JR``, ``3rd`` is ``III``), ``email`` lower case.
    Placeholder SSNs and phones are kept as typed; matching treats them as
    missing. The repr shows the ``id`` and masks everything else.

    Attributes:
        id: the chart's record number (MRN), required.
        family: the family name (surname).
        given: the given (first) name.
        middle: the middle name or initial.
        suffix: JR, SR, II, III, IV ...
        sex: F, M, U (unknown) or X.
        birth_date: the date of birth (a ``date`` or ISO text on input).
        ssn: the 9-digit SSN or its last four digits.
        phone: the phone number (10 digits; a leading 1 is dropped).
        street: the street address.
        city: the city.
        state: the state (upper case).
        zip: the ZIP code, 5 or 9 digits.
        email: the e-mail address.
        previous_family: maiden and previous surnames, aliases.
        identifiers: other identifiers as (system, value) pairs.

    Raises:
        TypeError: a field of the wrong type (naming the field only).
        ValueError: a field that breaks its rule (naming the field and the rule).

    >>> PatientRecord(id="12", sex="female", ssn="123 45 6789", birth_date="1980-02-29").sex
    'F'
    >>> PatientRecord(id="12", ssn="12345")
    Traceback (most recent call last):
    ...
    ValueError: ssn: must be 9 digits or the last four
    """

    id: str = attrs.field(converter=_id)
    family: str | None = attrs.field(default=None, converter=_family, repr=mask)
    given: str | None = attrs.field(default=None, converter=_given, repr=mask)
    middle: str | None = attrs.field(default=None, converter=_middle, repr=mask)
    suffix: str | None = attrs.field(default=None, converter=_suffix, repr=mask)
    sex: str | None = attrs.field(default=None, converter=_sex, repr=mask)
    birth_date: dt.date | None = attrs.field(default=None, converter=_birth_date, repr=mask)
    ssn: str | None = attrs.field(default=None, converter=_ssn, repr=mask)
    phone: str | None = attrs.field(default=None, converter=_phone, repr=mask)
    street: str | None = attrs.field(default=None, converter=_street, repr=mask)
    city: str | None = attrs.field(default=None, converter=_city, repr=mask)
    state: str | None = attrs.field(default=None, converter=_state, repr=mask)
    zip: str | None = attrs.field(default=None, converter=_zip, repr=mask)
    email: str | None = attrs.field(default=None, converter=_email, repr=mask)
    previous_family: tuple[str, ...] = attrs.field(default=(), converter=_names, repr=mask)
    identifiers: tuple[tuple[str, str], ...] = attrs.field(
        default=(), converter=_identifiers, repr=mask
    )


def valid_ssn(digits: str | None) -> bool:
    """Whether 9 SSN digits can be a real SSN (not a placeholder, not invalid).

    Invalid: area 000, 666 or 900-999, group 00, serial 0000, and the common
    placeholders (123-45-6789, 111-11-1111, 999-99-9999 ...), and the
    sample-card numbers 078-05-1120 and 219-09-9999 that many people used.

    >>> valid_ssn("123456789"), valid_ssn("666121234"), valid_ssn("212345678")
    (False, False, True)
    """
    if digits is None or len(digits) != 9 or not digits.isdigit():
        return False
    area = digits[:3]
    return not (
        digits in _PLACEHOLDER_SSNS
        or area in {"000", "666"}
        or area[0] == "9"
        or digits[3:5] == "00"
        or digits[5:] == "0000"
        or len(set(digits)) == 1
    )


def _valid_last4(digits: str) -> bool:
    return digits != "0000" and len(digits) == 4


def valid_phone(digits: str | None) -> bool:
    """Whether phone digits can be a real number (placeholders are not).

    Placeholders: one digit repeated (000-000-0000, 999-999-9999), 555-555-5555,
    123-456-7890, an exchange or line of 555-0100..0199 fiction numbers is kept.

    >>> valid_phone("2175551234"), valid_phone("5555555555"), valid_phone("1234567890")
    (True, False, False)
    """
    if not digits or len(digits) < 7:
        return False
    if len(set(digits)) == 1 or digits in {"5555555555", "1234567890", "0123456789"}:
        return False
    return not (len(digits) == 10 and digits[3:] in {"0000000", "5555555", "9999999"})


_STREET_WORDS = {
    "STREET": "ST",
    "STR": "ST",
    "AVENUE": "AVE",
    "AV": "AVE",
    "ROAD": "RD",
    "DRIVE": "DR",
    "LANE": "LN",
    "COURT": "CT",
    "BOULEVARD": "BLVD",
    "PLACE": "PL",
    "TERRACE": "TER",
    "CIRCLE": "CIR",
    "HIGHWAY": "HWY",
    "PARKWAY": "PKWY",
    "TRAIL": "TRL",
    "SQUARE": "SQ",
    "WAY": "WAY",
    "NORTH": "N",
    "SOUTH": "S",
    "EAST": "E",
    "WEST": "W",
    "NORTHEAST": "NE",
    "NORTHWEST": "NW",
    "SOUTHEAST": "SE",
    "SOUTHWEST": "SW",
    "APARTMENT": "APT",
    "SUITE": "STE",
    "UNIT": "UNIT",
    "FIRST": "1ST",
    "SECOND": "2ND",
    "THIRD": "3RD",
}


class Features(NamedTuple):
    """A record's normalised matching features (computed once by :func:`features`)."""

    id: str
    family: str
    families: frozenset[str]
    family_parts: frozenset[str]
    given: str
    given_keys: frozenset[str]
    middle: str
    suffix: str
    sex: str
    birth_date: dt.date | None
    dob: str
    ssn: str
    ssn4: str
    phone: str
    street: str
    house: str
    zip: str
    city: str
    email: str
    family_soundex: str
    given_soundexes: frozenset[str]


def _split_suffix(words: list[str]) -> tuple[list[str], str]:
    if len(words) > 1 and words[-1] in SUFFIXES:
        return words[:-1], SUFFIXES[words[-1]]
    return words, ""


def _name_words(text: str | None) -> list[str]:
    if text is None:
        return []
    return fold(text.replace("-", " ").replace("'", "").replace("\u2019", "")).split()


def features(record: PatientRecord) -> Features:
    """The normalised matching features of ``record``.

    Names are folded; a JR/SR/II/III/IV at the end of the family or given name
    moves to the suffix; the given name is its first word (the next word is the
    middle name when ``middle`` is missing); invalid and placeholder SSNs and
    phones become ``""`` (missing).

    Args:
        record: the record.

    Returns:
        The features (a named tuple, cheap to compare and to pickle).

    >>> f = features(PatientRecord(id="1", family="Smith-Jones", given="Mary Ann",
    ...                            phone="555-555-5555", street="12 North Main Street"))
    >>> f.family, sorted(f.family_parts), f.given, f.middle, f.phone, f.street, f.house
    ('SMITHJONES', ['JONES', 'SMITH'], 'MARY', 'ANN', '', '12 N MAIN ST', '12')
    """
    family_words, suffix = _name_parts(record.family)
    given_words, given_suffix = _name_parts(record.given)
    suffix = record.suffix or suffix or given_suffix
    family = "".join(family_words)
    given = given_words[0] if given_words else ""
    keys, given_codes = _given_parts(given)
    if record.middle is not None:
        middle = "".join(_name_parts(record.middle)[0])
    else:
        middle = "".join(given_words[1:2])
    if record.previous_family:
        previous = ["".join(_name_parts(name)[0]) for name in record.previous_family]
        families = frozenset(name for name in (family, *previous) if name)
    else:
        families = frozenset((family,)) if family else frozenset()
    ssn = record.ssn or ""
    ssn9 = ssn if valid_ssn(ssn) else ""
    ssn4 = ssn9[5:] if ssn9 else (ssn if len(ssn) == 4 and _valid_last4(ssn) else "")
    phone = record.phone if valid_phone(record.phone) else ""
    street, house = _street_parts(record.street or "")
    birth = record.birth_date
    return Features(
        record.id,
        family,
        families,
        frozenset(word for word in family_words if len(word) > 1),
        given,
        keys,
        middle,
        suffix or "",
        record.sex if record.sex in {"F", "M"} else "",
        birth,
        _dob_text(birth) if birth is not None else "",
        ssn9,
        ssn4,
        phone or "",
        street,
        house,
        (record.zip or "")[:5],
        fold(record.city) if record.city else "",
        record.email or "",
        soundex(family) if family else "",
        given_codes,
    )


@functools.lru_cache(maxsize=65536)
def _name_parts(text: str | None) -> tuple[tuple[str, ...], str]:
    words, suffix = _split_suffix(_name_words(text))
    return tuple(words), suffix


@functools.lru_cache(maxsize=65536)
def _given_parts(given: str) -> tuple[frozenset[str], frozenset[str]]:
    if not given:
        return frozenset(), frozenset()
    keys = given_name_keys(given)
    return keys, frozenset(soundex(key) for key in keys)


@functools.lru_cache(maxsize=65536)
def _street_parts(text: str) -> tuple[str, str]:
    words = [_STREET_WORDS.get(w, w) for w in fold(text).split()]
    house = words[0] if words and words[0][:1].isdigit() else ""
    return " ".join(words), house


@functools.lru_cache(maxsize=65536)
def _dob_text(birth: dt.date) -> str:
    return f"{birth.year:04d}{birth.month:02d}{birth.day:02d}"


def features_of(records: Iterable[PatientRecord]) -> list[Features]:
    """:func:`features` of every record, in order."""
    return [features(record) for record in records]
