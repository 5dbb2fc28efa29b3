"""Medical record numbers on the shelf: numeric filing orders, colour bands and misfiles.

A record number is written as three pairs of digits, ``AA-BB-CC``:

- ``CC`` (the two rightmost digits) is the *primary* unit in terminal-digit filing,
- ``BB`` (the middle pair) is the *secondary* unit,
- ``AA`` (the leftmost digits) is the *tertiary* unit.

**Padding.** A number shorter than six digits files as if zero-padded on the
left to six digits (``12-34`` files where ``00-12-34`` does); digits beyond six
join the leftmost unit (``1234567`` is ``123-45-67``, tertiary unit ``123``).
A :class:`RecordNumber` keeps the digits *as written*, so ``00-12-34`` and
``12-34`` are different values that share one place on the shelf; every
:func:`sort_key` breaks that tie by the number of digits written, so the order
is total and agrees with equality.

The three orders (:class:`FilingSystem`):

- **straight** (consecutive) numeric: by the whole number;
- **terminal-digit**: by ``CC``, then ``BB``, then ``AA``; the room has 100
  primary sections ``00``-``99`` and consecutive new numbers spread evenly
  over them;
- **middle-digit**: by ``BB``, then ``AA``, then ``CC``.

>>> numbers = ["17-21-35", "04-21-35", "12-22-35", "03-21-36", "98-07-36", "04-21-34"]
>>> [str(n) for n in shelf_order(numbers, "terminal-digit")]
['04-21-34', '04-21-35', '17-21-35', '12-22-35', '98-07-36', '03-21-36']
>>> [str(n) for n in shelf_order(numbers, "middle-digit")]
['98-07-36', '03-21-36', '04-21-34', '04-21-35', '17-21-35', '12-22-35']
>>> section("04-21-35", "terminal-digit")
35
>>> misfiles(["04-21-34", "17-21-35", "04-21-35", "12-22-35"], "terminal-digit")
(2,)

**Check digit.** An office may append a check character to its numbers; this
module uses ISO/IEC 7064 MOD 11-2 (a digit or ``X``), which catches every
single wrong digit and every swap of two adjacent characters (Luhn misses
``09`` ↔ ``90``):

>>> check_character("00-12-34")
'4'
>>> str(parse_checked("00-12-34-4"))
'00-12-34'

**Numbering systems** (:class:`NumberingSystem`): *unit* (one number for
life), *serial* (a new number at every registration) and *serial-unit* (a new
number at every visit, older records moved forward and an OUT guide left at
the old number); :func:`assign` applies one registration to a :class:`FileRoom`.
"""

from __future__ import annotations

import bisect
import enum
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import attrs

from medoffice.exceptions import InvalidChecksum, InvalidFormat, InvalidLength, UnknownCode
from medoffice.indexing._filing_common import items, mask, non_empty_text

__all__ = [  # noqa: RUF022 - plain sorted order, as tests/test_docstrings.py checks
    "ColourScheme",
    "DEFAULT_COLOURS",
    "DEFAULT_LETTER_COLOURS",
    "FileRoom",
    "FilingSystem",
    "Folder",
    "NumberingSystem",
    "RecordNumber",
    "SortKey",
    "active_folders",
    "assign",
    "bands",
    "check_character",
    "colour_of",
    "format_number",
    "is_valid_checked",
    "locate",
    "misfiles",
    "parse",
    "parse_checked",
    "section",
    "shelf_order",
    "sort_key",
    "with_check_character",
]

#: The most digits a record number may have.
MAX_DIGITS = 15

_FIELD = "record_number"
#: Longer text is refused before it is read: 15 digits, separators and spaces fit.
_MAX_TEXT = 64
_DIGITS = frozenset("0123456789")
_SEPARATORS = re.compile(r"[- ]")


class FilingSystem(enum.Enum):
    """The order of folders on the shelf.

    >>> FilingSystem("terminal-digit") is FilingSystem.TERMINAL_DIGIT
    True
    """

    TERMINAL_DIGIT = "terminal-digit"
    MIDDLE_DIGIT = "middle-digit"
    STRAIGHT = "straight"


def _check_digits(_instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        msg = f"{attribute.name}: must be text of digits"
        raise TypeError(msg, attribute)
    if not 1 <= len(value) <= MAX_DIGITS or not set(value) <= _DIGITS:
        msg = f"{attribute.name}: must be 1 to {MAX_DIGITS} ASCII digits"
        raise ValueError(msg, attribute)


@attrs.frozen(kw_only=True, order=False)
class RecordNumber:
    """A medical record number, its digits as written (see the module's padding rule).

    Attributes:
        digits: The digits without separators, leading zeros kept as written.

    >>> n = RecordNumber(digits="1234")
    >>> str(n), n.padded, n.units
    ('12-34', '001234', ('00', '12', '34'))
    >>> n == RecordNumber(digits="001234")
    False
    >>> RecordNumber(digits="1234567").units
    ('123', '45', '67')
    """

    digits: str = attrs.field(validator=_check_digits)

    @property
    def padded(self) -> str:
        """The digits zero-padded on the left to six.

        >>> RecordNumber(digits="7").padded
        '000007'
        """
        return self.digits.zfill(6)

    @property
    def units(self) -> tuple[str, str, str]:
        """The tertiary, secondary and primary units (``AA``, ``BB``, ``CC``) of the padded number.

        >>> RecordNumber(digits="451299").units
        ('45', '12', '99')
        """
        p = self.padded
        return (p[:-4], p[-4:-2], p[-2:])

    def __str__(self) -> str:
        return format_number(self)


def _number(number: RecordNumber | str) -> RecordNumber:
    value: object = number
    if isinstance(value, RecordNumber):
        return value
    if isinstance(value, str):
        return parse(value)
    msg = f"{_FIELD}: must be a RecordNumber or text, not {type(value).__name__}"
    raise TypeError(msg)


def parse(text: str) -> RecordNumber:
    """Read a record number written as digits, optionally grouped (``00-12-34``, ``12 34``).

    Groups are separated by one hyphen or space; with separators, every group but
    the first has exactly two digits, and there are at most three groups (digits
    beyond six belong to the first). Surrounding spaces are ignored.

    Raises:
        InvalidFormat: ``record_number.format`` for anything else.
        InvalidLength: ``record_number.length`` for more than 15 digits.

    >>> parse(" 00-12-34 ")
    RecordNumber(digits='001234')
    >>> parse("123-45-67").digits
    '1234567'
    >>> parse("12-345")
    Traceback (most recent call last):
    ...
    medoffice.exceptions.InvalidFormat: record_number: groups after the first must be two digits
    """
    value: object = text
    if not isinstance(value, str):
        msg = f"{_FIELD}: must be text, not {type(value).__name__}"
        raise TypeError(msg)
    if len(value) > _MAX_TEXT:
        msg = f"{_FIELD}: must have at most {MAX_DIGITS} digits"
        raise InvalidLength(msg, field=_FIELD, code="record_number.length")
    groups = _SEPARATORS.split(value.strip())
    if any(not g or not set(g) <= _DIGITS for g in groups):
        msg = f"{_FIELD}: only digits, single hyphens or spaces between groups are allowed"
        raise InvalidFormat(msg, field=_FIELD, code="record_number.format")
    if len(groups) > 3:
        msg = f"{_FIELD}: at most three groups (AA-BB-CC)"
        raise InvalidFormat(msg, field=_FIELD, code="record_number.format")
    if any(len(g) != 2 for g in groups[1:]):
        msg = f"{_FIELD}: groups after the first must be two digits"
        raise InvalidFormat(msg, field=_FIELD, code="record_number.format")
    if len(groups) == 2 and len(groups[0]) > 2:
        msg = f"{_FIELD}: the first of two groups has one or two digits"
        raise InvalidFormat(msg, field=_FIELD, code="record_number.format")
    digits = "".join(groups)
    if len(digits) > MAX_DIGITS:
        msg = f"{_FIELD}: must have at most {MAX_DIGITS} digits"
        raise InvalidLength(msg, field=_FIELD, code="record_number.length")
    return RecordNumber(digits=digits)


def format_number(number: RecordNumber | str, *, padded: bool = False) -> str:
    """The number as written, in pairs from the right (``12-34``); ``padded`` gives ``00-12-34``.

    Digits beyond six stay in the first group (``123-45-67``). ``parse`` reads
    back what this writes.

    >>> format_number("1234"), format_number("1234", padded=True)
    ('12-34', '00-12-34')
    >>> format_number("12345"), format_number("1234567")
    ('1-23-45', '123-45-67')
    """
    n = _number(number)
    d = n.padded if padded else n.digits
    if len(d) >= 6:
        return f"{d[:-4]}-{d[-4:-2]}-{d[-2:]}"
    groups = []
    while d:
        groups.append(d[-2:])
        d = d[:-2]
    return "-".join(reversed(groups))


#: A total order on record numbers: the three units as integers in the system's
#: order, then the number of digits written.
SortKey = tuple[int, int, int, int]


def sort_key(number: RecordNumber | str, system: FilingSystem | str) -> SortKey:
    """The shelf position of ``number`` under ``system``, as a key for ``sorted``.

    >>> sort_key("45-49-99", "terminal-digit")
    (99, 49, 45, 6)
    >>> sort_key("45-49-99", "middle-digit"), sort_key("45-49-99", "straight")
    ((49, 45, 99, 6), (45, 49, 99, 6))
    """
    n = _number(number)
    kind = FilingSystem(system)
    t, s, p = (int(u) for u in n.units)
    width = len(n.digits)
    if kind is FilingSystem.TERMINAL_DIGIT:
        return (p, s, t, width)
    if kind is FilingSystem.MIDDLE_DIGIT:
        return (s, t, p, width)
    return (t, s, p, width)


def _place(key: SortKey) -> tuple[int, int, int]:
    """Where a folder stands on the shelf (the key without the written-width tie-break)."""
    return key[:3]


def section(number: RecordNumber | str, system: FilingSystem | str) -> int:
    """The primary section a folder is filed in: the first unit of the system's order.

    Terminal-digit: ``CC`` (00-99); middle-digit: ``BB`` (00-99); straight: the
    leftmost unit ``AA``, which exceeds 99 for numbers longer than six digits.

    >>> section("12-34-56", "terminal-digit"), section("12-34-56", "middle-digit")
    (56, 34)
    >>> section("12-34-56", "straight")
    12
    """
    return sort_key(number, system)[0]


def shelf_order(
    numbers: Iterable[RecordNumber | str], system: FilingSystem | str
) -> tuple[RecordNumber, ...]:
    """The numbers in the order their folders stand on the shelf under ``system``.

    >>> [str(n) for n in shelf_order(["45-50-99", "44-51-99", "60-49-99"], "terminal-digit")]
    ['60-49-99', '45-50-99', '44-51-99']
    """
    kind = FilingSystem(system)
    parsed = [_number(n) for n in numbers]
    return tuple(sorted(parsed, key=lambda n: sort_key(n, kind)))


def misfiles(
    shelf_sequence: Sequence[RecordNumber | str], system: FilingSystem | str
) -> tuple[int, ...]:
    """The positions (0-based) of the folders out of place on a shelf read left to right.

    Definition: the smallest set of folders whose removal leaves the shelf in
    order (folders at the same place, such as ``12-34`` and ``00-12-34``, may
    stand in either order). It is the complement of a longest non-decreasing
    subsequence of shelf places. When several smallest sets exist, the folders
    *kept* are the earliest possible (the lexicographically smallest positions),
    so a later folder is flagged rather than an earlier one. Runs in O(n log n).

    >>> misfiles(["01-00-10", "01-00-30", "01-00-20", "01-00-40"], "straight")
    (2,)
    >>> misfiles([], "terminal-digit")
    ()
    """
    kind = FilingSystem(system)
    places = [_place(sort_key(_number(n), kind)) for n in shelf_sequence]
    # longest[i]: the length of the longest non-decreasing run of places starting at i.
    longest = [0] * len(places)
    tails: list[tuple[int, int, int]] = []  # negated places: non-decreasing, from the right
    for i in range(len(places) - 1, -1, -1):
        neg = (-places[i][0], -places[i][1], -places[i][2])
        at = bisect.bisect_right(tails, neg)
        if at == len(tails):
            tails.append(neg)
        else:
            tails[at] = neg
        longest[i] = at + 1
    need = len(tails)
    kept: set[int] = set()
    last: tuple[int, int, int] | None = None
    for i, place in enumerate(places):
        if need and longest[i] >= need and (last is None or place >= last):
            kept.add(i)
            last = place
            need -= 1
    return tuple(i for i in range(len(places)) if i not in kept)


# -- colour bands ------------------------------------------------------------------

#: The default colour of each digit 0-9 (medoffice's own scheme; use the
#: colours of your folders' labels through :class:`ColourScheme`).
DEFAULT_COLOURS: tuple[str, ...] = (
    "red",
    "orange",
    "yellow",
    "light green",
    "dark green",
    "light blue",
    "dark blue",
    "purple",
    "pink",
    "brown",
)


def _colours(field: str, count: int, of: str) -> Callable[[object], tuple[str, ...]]:
    """A converter to exactly ``count`` colour names, one for each of ``of``."""
    names = items(field, str, "a colour name (non-empty text)", lambda c: bool(c.strip()))

    def convert(value: object) -> tuple[str, ...]:
        colours = names(value)
        if len(colours) != count:
            msg = f"{field}: must be {count} colour names, one for each {of}"
            raise ValueError(msg)
        return colours

    return convert


_digit_colours = _colours("digits", 10, "digit 0-9")
_letter_colour_names = _colours("letters", 26, "letter A-Z")


def _ten_colours(value: object) -> tuple[str, ...]:
    return _digit_colours(value)


def _letter_colours(value: object) -> tuple[str, ...]:
    return _letter_colour_names(value)


_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_LETTER_BASE = (*DEFAULT_COLOURS, "grey", "white", "black")

#: The default colour of each letter A-Z for alphabetic files (medoffice's own
#: scheme): A-M take the ten digit colours then grey, white and black; N-Z take
#: the same thirteen with a white stripe.
DEFAULT_LETTER_COLOURS: tuple[str, ...] = (
    *_LETTER_BASE,
    *(f"{c} with white stripe" for c in _LETTER_BASE),
)


@attrs.frozen(kw_only=True)
class ColourScheme:
    """The colour of the label for each digit 0-9, and for each letter A-Z.

    Attributes:
        digits: Ten colour names; ``digits[d]`` is the colour of digit ``d``.
        letters: Twenty-six colour names; ``letters[0]`` is the colour of ``A``.

    >>> ColourScheme().digits[0], ColourScheme().letters[13]
    ('red', 'red with white stripe')
    >>> ColourScheme(digits=[str(d) for d in range(10)]).digits[9]
    '9'
    """

    digits: tuple[str, ...] = attrs.field(default=DEFAULT_COLOURS, converter=_ten_colours)
    letters: tuple[str, ...] = attrs.field(
        default=DEFAULT_LETTER_COLOURS, converter=_letter_colours
    )


_DEFAULT_SCHEME = ColourScheme()


def colour_of(character: int | str, scheme: ColourScheme = _DEFAULT_SCHEME) -> str:
    """The label colour of one digit (0-9, as an int or a character) or letter (A-Z, any case).

    >>> colour_of(0), colour_of("9"), colour_of("b")
    ('red', 'brown', 'orange')
    """
    value: object = character
    if isinstance(value, str) and len(value) == 1 and value in _DIGITS:
        return scheme.digits[int(value)]
    if isinstance(value, str) and len(value) == 1 and value.upper() in _LETTERS:
        return scheme.letters[_LETTERS.index(value.upper())]
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 9:
        return scheme.digits[value]
    msg = "character: must be one digit 0-9 or one letter A-Z"
    raise ValueError(msg)


def bands(
    number: RecordNumber | str,
    system: FilingSystem | str,
    *,
    secondary: bool = False,
    scheme: ColourScheme = _DEFAULT_SCHEME,
) -> tuple[str, ...]:
    """The colours on a folder's edge: the primary unit's two digits, optionally the secondary's.

    The primary unit is the first of the system's order (``CC`` for
    terminal-digit, ``BB`` for middle-digit, the last two digits of ``AA`` for
    straight). Folders of one section show one solid band, so a break in the
    band shows a misfile. That holds for numbers of up to six digits; in
    straight order a longer number's first unit has more digits, and its
    last two repeat the colours of an earlier section.

    >>> bands("12-34-56", "terminal-digit")
    ('light blue', 'dark blue')
    >>> bands("12-34-56", "terminal-digit", secondary=True)
    ('light blue', 'dark blue', 'light green', 'dark green')
    """
    n = _number(number)
    kind = FilingSystem(system)
    t, s, p = n.units
    first, second = {
        FilingSystem.TERMINAL_DIGIT: (p, s),
        FilingSystem.MIDDLE_DIGIT: (s, t[-2:]),
        FilingSystem.STRAIGHT: (t[-2:], s),
    }[kind]
    digits = first + second if secondary else first
    return tuple(scheme.digits[int(d)] for d in digits)


# -- check character (ISO/IEC 7064 MOD 11-2) -----------------------------------------


def check_character(number: RecordNumber | str) -> str:
    """The ISO/IEC 7064 MOD 11-2 check character of the number's digits (``0``-``9`` or ``X``).

    Leading zeros do not change it, so ``12-34`` and ``00-12-34`` share it.

    >>> check_character("12-34"), check_character("1")
    ('4', 'X')
    """
    p = 0
    for d in _number(number).digits:
        p = ((p + int(d)) * 2) % 11
    c = (12 - p) % 11
    return "X" if c == 10 else str(c)


def with_check_character(number: RecordNumber | str) -> str:
    """The number as written followed by ``-`` and its check character.

    >>> with_check_character("12-34-56")
    '12-34-56-3'
    """
    n = _number(number)
    return f"{format_number(n)}-{check_character(n)}"


def parse_checked(text: str) -> RecordNumber:
    """Read a number written with its check character last (``00-12-34-9``), and verify it.

    The check character follows the number, after a hyphen or a space or
    directly; ``x`` and ``X`` are the same.

    Raises:
        InvalidFormat: ``record_number.format`` when the number is malformed.
        InvalidChecksum: ``record_number.checksum`` when the check character does not match.

    >>> parse_checked("12-34-56-3").digits
    '123456'
    >>> parse_checked("12-34-56-8")
    Traceback (most recent call last):
    ...
    medoffice.exceptions.InvalidChecksum: record_number: the check character does not match (ISO/IEC 7064 MOD 11-2)
    """
    value: object = text
    if not isinstance(value, str):
        msg = f"{_FIELD}: must be text, not {type(value).__name__}"
        raise TypeError(msg)
    body = text.strip()
    if len(body) < 2:
        msg = f"{_FIELD}: a number and its check character are needed"
        raise InvalidFormat(msg, field=_FIELD, code="record_number.format")
    check = body[-1].upper()
    rest = body[:-1]
    if rest.endswith(("-", " ")):
        rest = rest[:-1]
    if check not in _DIGITS and check != "X":
        msg = f"{_FIELD}: the check character must be a digit or X"
        raise InvalidFormat(msg, field=_FIELD, code="record_number.format")
    number = parse(rest)
    if check_character(number) != check:
        msg = f"{_FIELD}: the check character does not match (ISO/IEC 7064 MOD 11-2)"
        raise InvalidChecksum(msg, field=_FIELD, code="record_number.checksum")
    return number


def is_valid_checked(text: object) -> bool:
    """Whether ``text`` is a number with a matching check character; never raises.

    >>> is_valid_checked("12-34-56-3"), is_valid_checked("12-34-65-3"), is_valid_checked(None)
    (True, False, False)
    """
    if not isinstance(text, str):
        return False
    try:
        parse_checked(text)
    except (InvalidFormat, InvalidLength, InvalidChecksum):
        return False
    return True


# -- numbering systems -----------------------------------------------------------------


class NumberingSystem(enum.Enum):
    """How an office gives numbers to patients.

    - ``unit``: one number for life and one folder;
    - ``serial``: a new number and folder at every registration, the old ones kept;
    - ``serial-unit``: a new number at every visit; the older records move
      forward into the new folder and an OUT guide forwards from each old number.

    >>> NumberingSystem("serial-unit").name
    'SERIAL_UNIT'
    """

    UNIT = "unit"
    SERIAL = "serial"
    SERIAL_UNIT = "serial-unit"


def _optional_number(value: Any) -> RecordNumber | None:
    return None if value is None else _number(value)


@attrs.frozen(kw_only=True)
class Folder:
    """One folder in the file room, or the OUT guide left where a folder was.

    Attributes:
        number: The record number on the folder.
        patient_id: The patient the folder belongs to (masked in the repr).
        forwarded_to: ``None`` for a folder in use; for an OUT guide, the number
            the records moved to.

    >>> Folder(number="00-00-01", patient_id="P1")
    Folder(number=RecordNumber(digits='000001'), patient_id='***', forwarded_to=None)
    """

    number: RecordNumber = attrs.field(converter=_number)
    patient_id: str = attrs.field(validator=non_empty_text, repr=mask)
    forwarded_to: RecordNumber | None = attrs.field(default=None, converter=_optional_number)

    @property
    def is_out_guide(self) -> bool:
        """Whether this is an OUT guide (the records moved to :attr:`forwarded_to`).

        >>> Folder(number="1", patient_id="P1", forwarded_to="2").is_out_guide
        True
        """
        return self.forwarded_to is not None


_folder_items = items("folders", Folder, "a Folder")


def _folders(value: object) -> tuple[Folder, ...]:
    return _folder_items(value)


def _positive(_instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        msg = f"{attribute.name}: must be a whole number, zero or more"
        raise ValueError(msg, attribute)


def _width(_instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_DIGITS:
        msg = f"{attribute.name}: must be a whole number of digits from 1 to {MAX_DIGITS}"
        raise ValueError(msg, attribute)


def _unique_numbers(instance: FileRoom, attribute: attrs.Attribute[Any], value: object) -> None:
    seen = [int(f.number.digits) for f in instance.folders]
    if len(set(seen)) != len(seen):
        msg = f"{attribute.name}: two folders carry the same record number"
        raise ValueError(msg, attribute)


@attrs.frozen(kw_only=True)
class FileRoom:
    """The folders of an office and the next serial number to give out.

    Attributes:
        folders: Every folder and OUT guide, in the order they were made.
        next_number: The next number to give (numbers are issued consecutively).
        width: The digits a new number is written with (zero-padded), 6 by default.

    >>> room = FileRoom(next_number=1)
    >>> room, number = assign(room, "P1", "unit")
    >>> str(number), room.next_number
    ('00-00-01', 2)
    """

    folders: tuple[Folder, ...] = attrs.field(
        default=(), converter=_folders, validator=_unique_numbers
    )
    next_number: int = attrs.field(default=1, validator=_positive)
    width: int = attrs.field(default=6, validator=_width)


def active_folders(room: FileRoom, patient_id: str) -> tuple[Folder, ...]:
    """The folders in use (not OUT guides) for one patient, in the order they were made.

    >>> room, _ = assign(FileRoom(), "P1", "serial")
    >>> room, _ = assign(room, "P1", "serial")
    >>> len(active_folders(room, "P1"))
    2
    """
    return tuple(f for f in room.folders if f.patient_id == patient_id and not f.is_out_guide)


def assign(
    room: FileRoom, patient_id: str, system: NumberingSystem | str
) -> tuple[FileRoom, RecordNumber]:
    """Register one visit of ``patient_id`` under ``system``: the new room and the number to use.

    - ``unit``: the patient's folder if there is one, else a new number;
    - ``serial``: always a new number and folder; earlier folders stay where they are;
    - ``serial-unit``: a new number; every earlier folder of the patient becomes an
      OUT guide forwarding to it (the records move forward).

    Under unit and serial-unit numbering each patient has exactly one folder in use.

    >>> room, first = assign(FileRoom(), "P1", "serial-unit")
    >>> room, second = assign(room, "P1", "serial-unit")
    >>> [(str(f.number), str(f.forwarded_to)) for f in room.folders]
    [('00-00-01', '00-00-02'), ('00-00-02', 'None')]
    >>> str(locate(room, first))
    '00-00-02'
    """
    given: object = room
    if not isinstance(given, FileRoom):
        msg = f"room: must be a FileRoom, not {type(given).__name__}"
        raise TypeError(msg)
    kind = NumberingSystem(system)
    mine = active_folders(room, patient_id)
    if kind is NumberingSystem.UNIT and mine:
        return room, mine[-1].number
    taken = {int(f.number.digits) for f in room.folders}
    serial = room.next_number
    while serial in taken:
        serial += 1
    number = RecordNumber(digits=str(serial).zfill(room.width))
    new = Folder(number=number, patient_id=patient_id)
    folders = room.folders
    if kind is NumberingSystem.SERIAL_UNIT:
        folders = tuple(
            attrs.evolve(f, forwarded_to=number)
            if f.patient_id == patient_id and not f.is_out_guide
            else f
            for f in folders
        )
    return attrs.evolve(room, folders=(*folders, new), next_number=serial + 1), number


def locate(room: FileRoom, number: RecordNumber | str) -> RecordNumber:
    """Where the records filed under ``number`` are now, following OUT guides.

    Raises:
        UnknownCode: (a ``LookupError``) if no folder or guide carries ``number``;
            the message does not quote it.

    >>> room, n = assign(FileRoom(), "P1", "unit")
    >>> locate(room, n) == n
    True
    """
    by_place = {int(f.number.digits): f for f in room.folders}
    current = _number(number)
    for _ in range(len(by_place) + 1):
        folder = by_place.get(int(current.digits))
        if folder is None:
            msg = f"{_FIELD}: no folder or OUT guide carries this number"
            raise UnknownCode(msg, system=_FIELD, code="")
        if folder.forwarded_to is None:
            return folder.number
        current = folder.forwarded_to
    msg = f"{_FIELD}: the OUT guides forward in a circle"
    raise UnknownCode(msg, system=_FIELD, code="")
