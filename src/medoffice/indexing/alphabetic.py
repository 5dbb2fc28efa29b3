"""Alphabetic filing, unit by unit (ARMA simplified filing rules, with the usual variants).

Every word or initial of a name is an *indexing unit*. Units are indexed in
upper case without punctuation and compared unit by unit, then letter by
letter within a unit, so that *nothing comes before something*
(``B`` < ``BAILEY``, ``BAILEY`` < ``BAILEY PARK``). The default rules
(:class:`FilingOptions`) are the ARMA simplified filing standard rules as taught
in office-procedures courses:

1. A person's units are the surname, then the given name, then the middle
   name(s); titles and suffixes come last (a suffix before a title).
2. Punctuation is ignored (``O'Neil`` is ``ONEIL``); a hyphenated name is one
   unit (``JONESSMITH``).
3. Prefixes join the part that follows in a surname (``De la Guardia`` is
   ``DELAGUARDIA``): d', da, de, del, della, der, des, di, du, el, fitz, la, le,
   m', mac, mc, o', saint, san, st., van, von.
4. Mc and Mac are filed as written (``MABNEY`` < ``MACDONALD`` < ``MCDONALD``),
   and ``St.`` as ``ST``.
5. Numeric suffixes come before alphabetic ones (``II`` < ``III`` < ``IV`` <
   ``JR`` < ``SR``); a unit of digits comes before any unit of letters, in
   numeric order.
6. A title with a single name (``Sister Mary``) is indexed as written.
7. An organisation's units are its words in the order written; a leading
   ``The`` goes last, and ``&``, ``#``, ``%``, ``+`` and ``@`` are spelt out
   (``AND``, ``NUMBER``, ``PERCENT``, ``PLUS``, ``AT``).
8. Identical names are put in order by birth date, then record number
   (:func:`sort_key`).

**Letters.** Accented Latin letters fold to their ASCII base letter (``É`` is
``E``; ``ß`` is ``SS``, ``Æ`` is ``AE``, ``Ø`` is ``O``, ``Ł`` is ``L``);
letters of other scripts are kept, upper-cased, and sort after ``Z`` by code
point.

>>> names = [parse_person(t) for t in ("McDonald, Ann", "MacDonald, Ann", "Mabney, Ann")]
>>> [filing_units(n) for n in sorted(names, key=filing_key)]
[('MABNEY', 'ANN'), ('MACDONALD', 'ANN'), ('MCDONALD', 'ANN')]
>>> filing_units(parse_person("De la Guardia, José-Luis, Jr."))
('DELAGUARDIA', 'JOSELUIS', 'JR')
>>> filing_units(OrganisationName(name="The Smith & Jones Clinic"))
('SMITH', 'AND', 'JONES', 'CLINIC', 'THE')

This is a filing convention, not an identity rule: two different people may
share a key, which is what the tiebreakers of :func:`sort_key` are for.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import unicodedata
from typing import Any

import attrs

from medoffice.exceptions import InvalidFormat, InvalidLength
from medoffice.indexing._filing_common import mask
from medoffice.indexing.numbering import ColourScheme, colour_of

__all__ = [  # noqa: RUF022 - plain sorted order, as tests/test_docstrings.py checks
    "FilingKey",
    "FilingOptions",
    "Hyphenated",
    "LIBRARY_OPTIONS",
    "McMac",
    "OrganisationName",
    "PersonName",
    "Prefixes",
    "Saint",
    "filing_key",
    "filing_units",
    "index_units",
    "letter_bands",
    "parse_person",
    "sort_key",
]


class McMac(enum.Enum):
    """How ``Mc`` and ``M'`` are filed.

    - ``as-written`` (ARMA): ``MCDONALD`` files after ``MACDONALD``;
    - ``mac`` (older practice): ``Mc`` and ``M'`` file as ``MAC``, so ``McDonald``
      and ``MacDonald`` interfile.

    >>> McMac("mac")
    <McMac.MAC: 'mac'>
    """

    AS_WRITTEN = "as-written"
    MAC = "mac"


class Saint(enum.Enum):
    """How ``St.`` is filed: ``as-written`` (ARMA: ``ST``) or ``saint`` (spelt out, ``SAINT``).

    >>> Saint("saint").value
    'saint'
    """

    AS_WRITTEN = "as-written"
    SAINT = "saint"


class Hyphenated(enum.Enum):
    """How hyphenated names are filed: ``one-unit`` (ARMA) or ``separate`` (library style).

    >>> Hyphenated("separate").name
    'SEPARATE'
    """

    ONE_UNIT = "one-unit"
    SEPARATE = "separate"


class Prefixes(enum.Enum):
    """Whether surname prefixes join the next part (``joined``, ARMA) or stay ``separate`` units.

    >>> Prefixes("joined").name
    'JOINED'
    """

    JOINED = "joined"
    SEPARATE = "separate"


@attrs.frozen(kw_only=True)
class FilingOptions:
    """The filing rules that vary between offices; the defaults are ARMA's.

    Attributes:
        mc_mac: ``Mc``/``M'`` as written, or interfiled as ``MAC``.
        saint: ``St.`` as ``ST``, or as ``SAINT``.
        hyphenated: a hyphenated name as one unit, or as separate units.
        prefixes: surname prefixes joined to the next part, or separate units.

    >>> FilingOptions()
    FilingOptions(mc_mac=<McMac.AS_WRITTEN: 'as-written'>, saint=<Saint.AS_WRITTEN: 'as-written'>, hyphenated=<Hyphenated.ONE_UNIT: 'one-unit'>, prefixes=<Prefixes.JOINED: 'joined'>)
    >>> FilingOptions(mc_mac="mac").mc_mac is McMac.MAC
    True
    """

    mc_mac: McMac = attrs.field(default=McMac.AS_WRITTEN, converter=McMac)
    saint: Saint = attrs.field(default=Saint.AS_WRITTEN, converter=Saint)
    hyphenated: Hyphenated = attrs.field(default=Hyphenated.ONE_UNIT, converter=Hyphenated)
    prefixes: Prefixes = attrs.field(default=Prefixes.JOINED, converter=Prefixes)


_ARMA = FilingOptions()

#: Library (Library of Congress) style: hyphenated and compound surnames as separate words.
LIBRARY_OPTIONS = FilingOptions(hyphenated="separate", prefixes="separate")

# -- text to units -------------------------------------------------------------------

# Latin letters that Unicode does not decompose into a base letter and a mark.
_LETTERS = str.maketrans(
    dict(
        zip(
            "ßẞÆæŒœØøŁłĐđÐðÞþı",
            (
                "ss",
                "SS",
                "AE",
                "ae",
                "OE",
                "oe",
                "O",
                "o",
                "L",
                "l",
                "D",
                "d",
                "D",
                "d",
                "TH",
                "th",
                "i",
            ),
            strict=True,
        )
    )
)
_SYMBOLS = {"&": "AND", "#": "NUMBER", "%": "PERCENT", "+": "PLUS", "@": "AT"}
_HYPHENS = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2015\u2212")
_APOSTROPHES = "'\u2018\u2019\u02bc`\u00b4"
_M_APOSTROPHE = re.compile(rf"(?i)\bM[{_APOSTROPHES}]\s*(?=\w)")
_MC = re.compile(r"MC(?=[A-Z])")

_PREFIXES = frozenset(
    [
        "D",
        "DA",
        "DE",
        "DEL",
        "DELLA",
        "DER",
        "DES",
        "DI",
        "DU",
        "EL",
        "FITZ",
        "LA",
        "LE",
        "M",
        "MAC",
        "MC",
        "O",
        "SAINT",
        "SAN",
        "ST",
        "VAN",
        "VON",
    ]
)
_TITLES = frozenset(
    [
        "MR",
        "MRS",
        "MS",
        "MISS",
        "MX",
        "DR",
        "PROF",
        "REV",
        "SISTER",
        "BROTHER",
        "FATHER",
        "MOTHER",
        "CAPT",
        "SGT",
        "HON",
        "SIR",
        "DAME",
        "LADY",
        "LORD",
    ]
)
_ROMAN = {"II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}
_ORDINAL = re.compile(r"([0-9]+)(?:ST|ND|RD|TH)")
_SUFFIXES = frozenset(
    [
        "JR",
        "SR",
        *["MD", "DO", "PHD", "DDS", "DMD", "RN", "NP", "PA", "ESQ", "CPA", "DVM", "OD", "DPM"],
        *_ROMAN,
    ]
)


def _prepare(text: str) -> str:
    """Upper-cased and decomposed, with the undecomposable Latin letters spelt out."""
    once = unicodedata.normalize("NFKD", text.translate(_LETTERS)).upper()
    return unicodedata.normalize("NFKD", once.translate(_LETTERS))


#: Punctuation that separates words; any other punctuation (periods, apostrophes,
#: quotes) simply vanishes, so ``Wm.`` is ``WM`` and ``A.B.C.`` is ``ABC``.
_SEPARATING = frozenset(",;:/\\()[]{}|<>")


#: The longest name, in characters, that filing accepts.
MAX_NAME_LENGTH = 1000


def _check_length(text: str, field: str) -> None:
    if len(text) > MAX_NAME_LENGTH:
        msg = f"{field}: must be at most {MAX_NAME_LENGTH} characters"
        raise InvalidLength(msg, field=field, code=f"{field}.length")


def _mac(unit: str) -> str:
    return "MAC" + unit[2:] if _MC.match(unit) else unit


def index_units(text: str, *, options: FilingOptions = _ARMA) -> tuple[str, ...]:
    """The indexing units of ``text`` written in order: upper case, accents folded, no punctuation.

    Hyphenated words are one unit or two as ``options.hyphenated`` says;
    apostrophes, periods and other punctuation vanish (commas, slashes and
    brackets separate words); ``&`` and friends are spelt out; ``St`` becomes
    ``SAINT`` and ``Mc``/``M'`` become ``MAC`` when the options say so. Text
    over 1,000 characters raises :class:`~medoffice.exceptions.InvalidLength`
    (``name.length``). Applying
    it to its own output (joined by spaces) gives the same units (it is
    idempotent). Prefixes are *not* joined here: that happens in a person's
    surname (:func:`filing_units`).

    >>> index_units("O'Neil-Brady, Wm. & Co.")
    ('ONEILBRADY', 'WM', 'AND', 'CO')
    >>> index_units("St. Luke's", options=FilingOptions(saint="saint"))
    ('SAINT', 'LUKES')
    >>> index_units("M'Gregor", options=FilingOptions(mc_mac="mac"))
    ('MACGREGOR',)
    """
    value: object = text
    if not isinstance(value, str):
        msg = f"name: must be text, not {type(value).__name__}"
        raise TypeError(msg)
    _check_length(value, "name")
    if options.mc_mac is McMac.MAC:
        value = _M_APOSTROPHE.sub("MC", value)
    out: list[str] = []
    for char in _prepare(value):
        if char in _APOSTROPHES:  # U+02BC is a letter to str.isalnum
            continue
        if char.isalnum():
            out.append(char)
        elif char in _SYMBOLS:
            out.append(f" {_SYMBOLS[char]} ")
        elif char in _HYPHENS:
            out.append("" if options.hyphenated is Hyphenated.ONE_UNIT else " ")
        elif char.isspace() or char in _SEPARATING:
            out.append(" ")
    units = []
    for word in "".join(out).split():
        unit = _mac(word) if options.mc_mac is McMac.MAC else word
        if options.saint is Saint.SAINT and unit == "ST":
            unit = "SAINT"
        units.append(unit)
    return tuple(units)


def _join_prefixes(units: tuple[str, ...], options: FilingOptions) -> tuple[str, ...]:
    """Join each run of prefixes to the part after it (``DE LA GUARDIA`` is ``DELAGUARDIA``)."""
    out: list[str] = []
    pending = ""
    for unit in units:
        if unit in _PREFIXES:
            pending += unit
            continue
        joined = pending + unit
        out.append(_mac(joined) if options.mc_mac is McMac.MAC else joined)
        pending = ""
    if pending:  # prefixes with nothing after them stay as written
        out.append(pending)
    return tuple(out)


# -- names ---------------------------------------------------------------------------


def _text(_instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        msg = f"{attribute.name}: must be text"
        raise TypeError(msg, attribute)


def _required(_instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    _text(_instance, attribute, value)
    if not index_units(str(value)):
        msg = f"{attribute.name}: must have at least one letter or digit"
        raise ValueError(msg, attribute)


def _strip(value: object) -> object:
    return " ".join(value.split()) if isinstance(value, str) else value


@attrs.frozen(kw_only=True)
class PersonName:
    """A person's name in its parts (every part is masked in the repr).

    Attributes:
        surname: The family name, prefixes included (``van der Berg``).
        given: The given (first) name or initial.
        middle: The middle name(s) or initial(s), space-separated.
        title: A title such as ``Dr.`` or ``Sister``.
        suffix: A suffix such as ``Jr.``, ``III`` or ``MD`` (several space-separated).

    >>> PersonName(surname="O'Neil", given="Mary", suffix="Jr.")
    PersonName(surname='***', given='***', middle='', title='', suffix='***')
    """

    surname: str = attrs.field(converter=_strip, validator=_required, repr=mask)
    given: str = attrs.field(default="", converter=_strip, validator=_text, repr=mask)
    middle: str = attrs.field(default="", converter=_strip, validator=_text, repr=mask)
    # Masked too: free text written there (a second comma's worth) may identify.
    title: str = attrs.field(default="", converter=_strip, validator=_text, repr=mask)
    suffix: str = attrs.field(default="", converter=_strip, validator=_text, repr=mask)


@attrs.frozen(kw_only=True)
class OrganisationName:
    """An organisation's name, filed by its words as written.

    Attributes:
        name: The name as written (``The Smith & Jones Clinic``).

    >>> filing_units(OrganisationName(name="3M Health"))
    ('3M', 'HEALTH')
    """

    name: str = attrs.field(converter=_strip, validator=_required)


def _is_title(token: str) -> bool:
    units = index_units(token)
    return len(units) == 1 and units[0] in _TITLES


def _is_suffix(token: str, *, initials: bool = True) -> bool:
    """Whether ``token`` is a suffix; ``initials=False`` refuses one-letter ones (``V``, ``X``)."""
    units = index_units(token)
    if len(units) != 1 or (not initials and len(units[0]) == 1):
        return False
    return units[0] in _SUFFIXES or bool(_ORDINAL.fullmatch(units[0]))


def _is_prefix_token(token: str) -> bool:
    """Whether a written word is a surname prefix; ``D``, ``M``, ``O`` only with an apostrophe."""
    units = index_units(token)
    if len(units) != 1 or units[0] not in _PREFIXES:
        return False
    return len(units[0]) > 1 or token.rstrip().endswith(tuple(_APOSTROPHES))


def _split_title_suffix(
    tokens: list[str], *, initials: bool
) -> tuple[list[str], list[str], list[str]]:
    titles: list[str] = []
    suffixes: list[str] = []
    while len(tokens) > 1 and _is_title(tokens[0]):
        titles.append(tokens.pop(0))
    while len(tokens) > 1 and _is_suffix(tokens[-1], initials=initials):
        suffixes.insert(0, tokens.pop())
    return titles, tokens, suffixes


def parse_person(text: str) -> PersonName:
    """Read a person's name written ``Last, First Middle[, Suffix]`` or ``First Middle Last``.

    Without a comma, the last name written is the surname, with any prefixes just
    before it (``Ludwig van Beethoven``). Titles (``Dr.``, ``Sister``) at the
    start and suffixes (``Jr.``, ``III``, ``MD``) at the end are recognised;
    text after a second comma is a suffix.

    Raises:
        InvalidFormat: ``person_name.empty`` when no surname is left (the message
            never quotes the name).
        InvalidLength: ``person_name.length`` for text over 1,000 characters.

    >>> n = parse_person("Smith, John Adam, Jr.")
    >>> (n.surname, n.given, n.middle, n.suffix)
    ('Smith', 'John', 'Adam', 'Jr.')
    >>> n = parse_person("Dr. Ludwig van Beethoven")
    >>> (n.title, n.given, n.surname)
    ('Dr.', 'Ludwig', 'van Beethoven')
    >>> filing_units(parse_person("Sister Mary"))
    ('SISTER', 'MARY')
    >>> filing_units(parse_person("John Smith, Jr."))
    ('SMITH', 'JOHN', 'JR')
    """
    value: object = text
    if not isinstance(value, str):
        msg = f"person_name: must be text, not {type(value).__name__}"
        raise TypeError(msg)
    _check_length(value, "person_name")
    titles: list[str] = []
    suffixes: list[str] = []
    parts = [part.strip() for part in value.split(",")]
    head_tokens = parts[0].split()
    if (
        len(parts) > 1
        and len(head_tokens) > 1
        and not _is_prefix_token(head_tokens[0])
        and all(_is_suffix(token) for part in parts[1:] for token in part.split())
    ):
        # "John Smith, Jr.": the name in written order, then its suffixes.
        name = parse_person(parts[0])
        suffix = " ".join(filter(None, (name.suffix, *parts[1:])))
        return attrs.evolve(name, suffix=suffix)
    if "," in value:
        head, rest, *extra = parts
        surname_tokens = head.split()
        while len(surname_tokens) > 1 and _is_suffix(surname_tokens[-1]):
            suffixes.insert(0, surname_tokens.pop())
        titles, tokens, more = _split_title_suffix(rest.split(), initials=False)
        if len(tokens) == 1 and _is_title(tokens[0]):  # "Mary, Sister"
            titles, tokens = [*tokens, *titles], []
        suffixes += more
        for part in extra:
            (titles if _is_title(part) else suffixes).append(part)
        given = tokens[:1]
        middle = tokens[1:]
    else:
        titles, tokens, suffixes = _split_title_suffix(value.split(), initials=True)
        at = len(tokens) - 1
        while at > 1 and _is_prefix_token(tokens[at - 1]):
            at -= 1
        surname_tokens = tokens[at:] if tokens else []
        given = tokens[:at][:1]
        middle = tokens[:at][1:]
    surname = " ".join(surname_tokens)
    if not index_units(surname):
        msg = "person_name: the surname must have at least one letter or digit"
        raise InvalidFormat(msg, field="person_name", code="person_name.empty")
    return PersonName(
        surname=surname,
        given=" ".join(given),
        middle=" ".join(middle),
        title=" ".join(titles),
        suffix=" ".join(suffixes),
    )


def _units(name: PersonName | OrganisationName, options: FilingOptions) -> tuple[str, ...]:
    if isinstance(name, OrganisationName):
        units = index_units(name.name, options=options)
        if len(units) > 1 and units[0] == "THE":
            units = (*units[1:], "THE")
        return units
    surname = index_units(name.surname, options=options)
    if options.prefixes is Prefixes.JOINED:
        surname = _join_prefixes(surname, options)
    given = index_units(name.given, options=options) + index_units(name.middle, options=options)
    title = index_units(name.title, options=options)
    suffix = index_units(name.suffix, options=options)
    if not given and title:  # a title with a single name is indexed as written
        return (*title, *surname, *suffix)
    return (*surname, *given, *suffix, *title)


def _check_name(name: object, options: object) -> None:
    if not isinstance(name, (PersonName, OrganisationName)):
        msg = f"name: must be a PersonName or OrganisationName, not {type(name).__name__}"
        raise TypeError(msg)
    if not isinstance(options, FilingOptions):
        msg = f"options: must be FilingOptions, not {type(options).__name__}"
        raise TypeError(msg)


def filing_units(
    name: PersonName | OrganisationName, options: FilingOptions = _ARMA
) -> tuple[str, ...]:
    """The indexing units of a name in filing order, as text.

    >>> filing_units(PersonName(surname="van der Berg", given="Anna", title="Dr."))
    ('VANDERBERG', 'ANNA', 'DR')
    >>> filing_units(PersonName(surname="van der Berg", given="Anna"), LIBRARY_OPTIONS)
    ('VAN', 'DER', 'BERG', 'ANNA')
    """
    _check_name(name, options)
    return _units(name, options)


#: A filing key: one ``(kind, number, text)`` triple per unit; numbers (kind 0)
#: come before letters (kind 1), and a shorter key that is a prefix of a longer
#: one comes first (nothing before something).
FilingKey = tuple[tuple[int, int, str], ...]


def _unit_key(unit: str, *, suffix: bool) -> tuple[int, int, str]:
    if unit.isascii() and unit.isdigit():
        return (0, int(unit), "")
    if suffix:
        if unit in _ROMAN:
            return (0, _ROMAN[unit], "")
        ordinal = _ORDINAL.fullmatch(unit)
        if ordinal:
            return (0, int(ordinal.group(1)), "")
    return (1, 0, unit)


def filing_key(name: PersonName | OrganisationName, options: FilingOptions = _ARMA) -> FilingKey:
    """The key that puts names in filing order (use it with ``sorted``).

    A unit of digits counts as its number and comes before any unit of letters;
    so does a roman numeral or ordinal *suffix* (``III``, ``2nd``), so numeric
    suffixes come before alphabetic ones.

    >>> keys = [filing_key(parse_person(t)) for t in ("Lee, Al, Sr.", "Lee, Al, Jr.",
    ...                                              "Lee, Al, III", "Lee, Al, II", "Lee, Al")]
    >>> [k[2:] for k in sorted(keys)]
    [(), ((0, 2, ''),), ((0, 3, ''),), ((1, 0, 'JR'),), ((1, 0, 'SR'),)]
    """
    _check_name(name, options)
    units = _units(name, options)
    suffixes: frozenset[int] = frozenset()
    if isinstance(name, PersonName) and name.suffix:
        count = len(index_units(name.suffix, options=options))
        has_given = bool(name.given.strip() or name.middle.strip())
        end = (
            len(units)
            if (not has_given and name.title)
            else len(units) - len(index_units(name.title, options=options))
        )
        suffixes = frozenset(range(end - count, end))
    return tuple(_unit_key(u, suffix=i in suffixes) for i, u in enumerate(units))


def letter_bands(
    name: PersonName | OrganisationName,
    options: FilingOptions = _ARMA,
    *,
    letters: int = 2,
    scheme: ColourScheme | None = None,
) -> tuple[str, ...]:
    """The colours on an alphabetic folder's edge: the first ``letters`` letters of its first unit.

    Folders of one section show one solid band, so a break in the band shows a
    misfile. Digits take the digit colours; a character with no colour (another
    script) is skipped. See :class:`~medoffice.indexing.numbering.ColourScheme`
    for the default colours.

    >>> letter_bands(parse_person("McDonald, Ann"))
    ('black', 'yellow')
    >>> letter_bands(parse_person("Abbott, Jo"), letters=3)
    ('red', 'orange', 'orange')
    """
    count: object = letters
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        msg = "letters: must be a whole number, 1 or more"
        raise ValueError(msg)
    first = filing_units(name, options)[0]
    shown = [c for c in first if c.isascii() and c.isalnum()][:count]
    chosen = scheme if scheme is not None else ColourScheme()
    return tuple(colour_of(c, chosen) for c in shown)


def _tiebreak_number(record_number: str | None) -> tuple[int, int, str]:
    if record_number is None:
        return (0, 0, "")
    text = "".join(record_number.split())
    digits = text.replace("-", "")
    if digits.isascii() and digits.isdigit():
        return (1, int(digits), text)
    return (2, 0, text)


def sort_key(
    name: PersonName | OrganisationName,
    *,
    birth_date: dt.date | None = None,
    record_number: str | None = None,
    options: FilingOptions = _ARMA,
) -> tuple[FilingKey, tuple[int, int], tuple[int, int, str]]:
    """The filing key with the medical office's tiebreakers: birth date, then record number.

    A missing birth date or record number comes first (nothing before
    something); numeric record numbers compare as numbers.

    >>> a = sort_key(parse_person("Lee, Al"), birth_date=dt.date(1980, 5, 1), record_number="20")
    >>> b = sort_key(parse_person("Lee, Al"), birth_date=dt.date(1980, 5, 1), record_number="3")
    >>> c = sort_key(parse_person("Lee, Al"), birth_date=dt.date(1975, 1, 9))
    >>> [k[2] for k in sorted([a, b, c])]
    [(0, 0, ''), (1, 3, '3'), (1, 20, '20')]
    """
    born: Any = birth_date
    if born is not None and (not isinstance(born, dt.date) or isinstance(born, dt.datetime)):
        msg = "birth_date: must be a date or None"
        raise TypeError(msg)
    number: Any = record_number
    if number is not None and not isinstance(number, str):
        msg = "record_number: must be text or None"
        raise TypeError(msg)
    date_key = (0, 0) if birth_date is None else (1, birth_date.toordinal())
    return (filing_key(name, options), date_key, _tiebreak_number(record_number))
