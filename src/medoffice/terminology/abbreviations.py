"""Order abbreviations: a table with expansions, and a linter for orders.

medoffice ships its own table of the abbreviations written in orders and
prescriptions: frequencies, routes, timing, dose forms, units of measure, lab
and imaging orders, and a few clinical and drug-name abbreviations. Each
:class:`Abbreviation` has a meaning written by us, a :class:`Category`, and a
:class:`Flag`: ``do_not_use`` for the Joint Commission's Official "Do Not Use"
list, ``error_prone`` for the kinds of abbreviation that ISMP calls error-prone
(our own rules and wording), ``none`` otherwise.

Lookup ignores case, periods, spaces and the kind of dash, so ``b.i.d.``,
``BID`` and ``bid`` are the same abbreviation:

>>> expand("b.i.d.").meaning
'twice a day'
>>> expand("Q.D.").flag
<Flag.DO_NOT_USE: 'do_not_use'>
>>> expand("Q.D.").replacement
'daily'
>>> get("xyzzy") is None
True
>>> expand("bdi")
Traceback (most recent call last):
    ...
medoffice.exceptions.UnknownCode: abbreviations: 'bdi' is not a known abbreviation; did you mean: mdi (a close spelling: metered-dose inhaler); bid (a close spelling: twice a day)

:func:`check` reads the text of an order and returns a :class:`Finding` for
each flagged abbreviation or dose designation, with its character span (so
``text[f.start:f.end] == f.text``), a stable rule code, a severity and the
suggested replacement:

>>> for f in check("Metoprolol 25 mg PO QD; insulin 10 U SC qhs; .5 mg x1"):
...     print(f.start, f.end, f.text, f.severity.value, f.rule, f.replacement)
20 22 QD error abbrev.do_not_use.qd daily
35 36 U error abbrev.do_not_use.u unit(s)
37 39 SC warning abbrev.error_prone.sc subcut
40 43 qhs warning abbrev.error_prone.qhs nightly at bedtime
45 50 .5 mg error abbrev.do_not_use.leading_zero 0.5 mg

**Errors** (the Joint Commission list): ``U``/``u`` and ``IU`` written after a
number (``10 U``, ``10U``, ``10 IU``; ``U/L`` and ``IU/L`` are lab units and
pass); ``QD`` and ``QOD`` in any case, with or without periods; ``MSO4`` and
``MgSO4``; ``MS`` in capitals (not ``Ms.`` or ``ms``, nor ``MS Contin``); a
trailing zero (``5.0 mg``, ``2.50``); a dose without its leading zero
(``.5 mg``, but not ``v.5`` or ``file.5``).

**Warnings** (ISMP's error-prone categories, our rules):

- eye and ear abbreviations ``OD OS OU AD AS AU``. These are also English or
  Latin words (*as*, the cervical *os*), so they are flagged only in clear
  abbreviation use: written with periods (``A.S.``); right after a drop word
  (``gtt``, ``gtts``, ``drop``, ``drops``) — for ``as`` only when what follows
  is not an ordinary word (``2 gtts as bid`` is flagged, ``2 gtts as needed``
  is not); or in capitals, unless a neighbouring word is capitalised text
  (``TAKE AS DIRECTED``) or it is ``AD LIB``;
- ``SC``, ``SQ`` (not ``sq cm``), ``subq``, ``sub q``, ``sub-q``, ``per os``;
  ``IN`` and ``IJ`` in capitals right after a dose (``4 mg IN``), since *in*
  is a word and IJ is also the internal jugular;
- ``hs``, ``qhs``, ``qn``, ``q1d``, ``tiw``, ``UD``, ``d/c``, and a time joined
  to q (``q6PM``, rule ``q_time``);
- ``cc``, ``µg``/``ug`` and the apothecary ``gr`` after a number;
- dose designations: a number run into its unit (``10mg``, rule
  ``unit_run_in``), a unit of measure with a period in mid-sentence
  (``5 mg. po``, rule ``unit_period``), a dose of five or more digits without
  commas (``100000 units``, rule ``large_number``), a drug name run into its
  dose (``Inderal40 mg``, rule ``drug_run_in``);
- symbols: ``@`` (not in an e-mail address), ``&`` and ``+`` standing between
  doses, ``>`` ``<`` ``≥`` ``≤`` before a number, ``°`` for hours (``q2°``),
  and ``Φ``/``ø`` for zero or none;
- drug-name abbreviations and stems: ``MTX PTU HCTZ APAP AZT CPZ TNK ZnSO4
  vanc``; the ambiguous ``HCT`` and ``T3`` (in capitals), ``TAC``, ``nitro``
  and ``levo`` have no single replacement.

A slash (``25 units/10 units``) is not flagged: it is too common in correct
text (``mg/kg``, ``PT/INR``, ``120/80``).

One finding covers one stretch of text; findings never overlap. A dose with
several problems gets one finding, whose rule is the most serious problem
and whose replacement fixes them all:

>>> [(f.text, f.rule, f.replacement) for f in check("give 1.0mg now")]
[('1.0mg', 'abbrev.do_not_use.trailing_zero', '1 mg')]

In ``context="report"`` (lab results, lesion sizes, catheter sizes) a
trailing zero is allowed, as the Joint Commission allows it there; every
other rule is the same:

>>> check("Hemoglobin 12.0 g/dL", context="report")
()
>>> [f.rule for f in check("Hemoglobin 12.0 g/dL")]
['abbrev.do_not_use.trailing_zero']

Rule codes are ``abbrev.do_not_use.<abbreviation>`` and
``abbrev.error_prone.<abbreviation>`` for table entries (see
:attr:`Abbreviation.rule`), and ``abbrev.do_not_use.trailing_zero``,
``abbrev.do_not_use.leading_zero``, ``abbrev.error_prone.unit_run_in``,
``unit_period``, ``large_number``, ``drug_run_in``, ``q_time``, ``at_sign``,
``ampersand``, ``plus_sign``, ``greater_than``, ``less_than``, ``degree_sign``
and ``null_sign`` for the rest. :meth:`Finding.to_problem` turns a finding
into a :class:`~medoffice.exceptions.Problem`.

``check`` runs a fixed set of regular expressions compiled at import, each
once over the text, so its time grows linearly with the text. Non-``str``
input raises ``TypeError``.
"""

from __future__ import annotations

import difflib
import enum
import re
import unicodedata
from collections.abc import Iterable
from typing import Any, Literal

import attrs

from medoffice._values import name_sequences
from medoffice.exceptions import Problem, Severity, Suggestion, UnknownCode
from medoffice.terminology._abbreviations_table import ROWS

__all__ = [
    "Abbreviation",
    "Category",
    "Context",
    "Finding",
    "Flag",
    "check",
    "expand",
    "get",
    "search",
    "table",
]

_SYSTEM = "abbreviations"

#: Where the checked text comes from: an order (the default) or a report.
Context = Literal["order", "report"]
_CONTEXTS: tuple[str, ...] = ("order", "report")


class Category(enum.Enum):
    """What an abbreviation is about.

    >>> Category("route") is Category.ROUTE
    True
    """

    FREQUENCY = "frequency"
    TIMING = "timing"
    ROUTE = "route"
    DOSE_FORM = "dose_form"
    MEASURE = "measure"
    LAB = "lab"
    IMAGING = "imaging"
    ORDER = "order"
    CLINICAL = "clinical"
    DRUG = "drug"
    GENERAL = "general"


class Flag(enum.Enum):
    """Whether an abbreviation should be written at all.

    ``DO_NOT_USE`` is the Joint Commission's Do-Not-Use list (an error);
    ``ERROR_PRONE`` is an abbreviation of a kind ISMP calls error-prone (a
    warning); ``NONE`` is an ordinary abbreviation.

    >>> Flag("do_not_use").severity
    <Severity.ERROR: 'error'>
    """

    NONE = "none"
    ERROR_PRONE = "error_prone"
    DO_NOT_USE = "do_not_use"

    @property
    def severity(self) -> Severity | None:
        """The severity of a finding for this flag; ``None`` for ``NONE``.

        >>> Flag.ERROR_PRONE.severity
        <Severity.WARNING: 'warning'>
        >>> Flag.NONE.severity is None
        True
        """
        if self is Flag.DO_NOT_USE:
            return Severity.ERROR
        if self is Flag.ERROR_PRONE:
            return Severity.WARNING
        return None


# -- keys ------------------------------------------------------------------------------

_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—−", "-"))


def _normalize(token: str) -> str:
    """The lookup key: NFKC, case-folded, without periods or white space."""
    folded = unicodedata.normalize("NFKC", token).casefold().translate(_DASHES)
    return "".join(ch for ch in folded if ch != "." and not ch.isspace())


def _slug(abbreviation: str) -> str:
    """The last part of a rule code: lower-case ASCII letters, digits and ``_``."""
    folded = unicodedata.normalize("NFKC", abbreviation).casefold().replace("μ", "u")
    return re.sub(r"[^a-z0-9]+", "_", folded).strip("_") or "symbol"


def _check_key(_instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if not _normalize(value):
        msg = f"{attribute.name}: must hold a character other than periods and spaces"
        raise ValueError(msg)


def _check_meaning(_instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if not value.strip():
        msg = f"{attribute.name}: must not be blank"
        raise ValueError(msg)


def _to_aliases(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        msg = "aliases: expected a tuple of str, got a single str"
        raise TypeError(msg)
    return tuple(value)


_TEXT = attrs.validators.instance_of(str)
_OPTIONAL_TEXT = attrs.validators.optional(_TEXT)


@attrs.frozen(kw_only=True, field_transformer=name_sequences)
class Abbreviation:
    """One abbreviation of the table, with its meaning and whether to use it.

    Attributes:
        abbreviation: The common written form (``bid``, ``mL``, ``CBC``).
        meaning: What it stands for, in plain words.
        category: What it is about (:class:`Category`).
        flag: Whether to write it (:class:`Flag`).
        replacement: What to write instead, for a flagged abbreviation; ``None``
            where it is ambiguous and the meaning must be spelled out.
        reason: How a flagged abbreviation gets misread.
        aliases: Other spellings; case, periods and spaces never need one.

    >>> a = expand("qid")
    >>> a.abbreviation, a.meaning, a.category
    ('qid', 'four times a day', <Category.FREQUENCY: 'frequency'>)
    """

    abbreviation: str = attrs.field(validator=[_TEXT, _check_key])
    meaning: str = attrs.field(validator=[_TEXT, _check_meaning])
    category: Category = attrs.field(converter=Category)
    flag: Flag = attrs.field(default=Flag.NONE, converter=Flag)
    replacement: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    reason: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    aliases: tuple[str, ...] = attrs.field(
        default=(),
        converter=_to_aliases,
        validator=attrs.validators.deep_iterable(member_validator=[_TEXT, _check_key]),
    )

    @property
    def key(self) -> str:
        """The lookup key of :attr:`abbreviation` (case-folded, no periods or spaces).

        >>> expand("ad lib").key
        'adlib'
        """
        return _normalize(self.abbreviation)

    @property
    def keys(self) -> tuple[str, ...]:
        """Every lookup key: the abbreviation's, then each alias's.

        >>> expand("gtts").keys
        ('gtt', 'gtts')
        """
        return (self.key, *(_normalize(alias) for alias in self.aliases))

    @property
    def severity(self) -> Severity | None:
        """The severity :func:`check` gives it; ``None`` if it is not flagged.

        >>> expand("U").severity
        <Severity.ERROR: 'error'>
        """
        return self.flag.severity

    @property
    def rule(self) -> str | None:
        """The rule code :func:`check` reports it under; ``None`` if not flagged.

        >>> expand("MgSO4").rule
        'abbrev.do_not_use.mgso4'
        >>> expand("per os").rule
        'abbrev.error_prone.per_os'
        >>> expand("bid").rule is None
        True
        """
        if self.flag is Flag.NONE:
            return None
        return f"abbrev.{self.flag.value}.{_slug(self.abbreviation)}"


_RULE_RE = re.compile(r"[a-z0-9_]+(?:\.[a-z0-9_]+)+")


def _check_rule(_instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if not _RULE_RE.fullmatch(value):
        msg = f"{attribute.name}: must be a dotted lower-case code such as 'abbrev.do_not_use.qd'"
        raise ValueError(msg)


def _check_span(instance: Finding, attribute: attrs.Attribute[Any], value: str) -> None:
    if not value or len(value) != instance.end - instance.start:
        msg = f"{attribute.name}: must be non-empty and as long as the span from start to end"
        raise ValueError(msg)


_INDEX_VALIDATOR = [attrs.validators.instance_of(int), attrs.validators.ge(0)]


@attrs.frozen(kw_only=True)
class Finding:
    """One flagged abbreviation or dose designation in a checked text.

    Attributes:
        start: Where the flagged text starts (a character offset).
        end: Where it ends (exclusive): ``text[start:end]`` is :attr:`text`.
        text: The flagged text itself.
        rule: The stable dotted rule code (``abbrev.do_not_use.qd``).
        severity: ``error`` for the Joint Commission list, ``warning`` for the
            error-prone ones.
        message: What is wrong and what to write; it quotes the flagged text
            and nothing else of the checked text.
        replacement: What to write instead; ``None`` where the meaning must be
            spelled out.

    >>> (f,) = check("Take 1 tab PO QOD")
    >>> f
    Finding(start=14, end=17, text='QOD', rule='abbrev.do_not_use.qod', severity=<Severity.ERROR: 'error'>, message="'QOD', every other day, is on the Joint Commission Do-Not-Use list: read as QD (daily) or QID; the O can pass for a period or an I; write 'every other day'", replacement='every other day')
    """

    start: int = attrs.field(validator=_INDEX_VALIDATOR)
    end: int = attrs.field(validator=_INDEX_VALIDATOR)
    text: str = attrs.field(validator=[_TEXT, _check_span])
    rule: str = attrs.field(validator=[_TEXT, _check_rule])
    severity: Severity = attrs.field(converter=Severity)
    message: str = attrs.field(validator=_TEXT)
    replacement: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)

    @property
    def is_error(self) -> bool:
        """Whether this finding is an error (the Joint Commission list).

        >>> [f.is_error for f in check("5 cc qd")]
        [False, True]
        """
        return self.severity is Severity.ERROR

    def to_problem(self, path: str = "") -> Problem:
        """This finding as a :class:`~medoffice.exceptions.Problem` at ``path``.

        >>> (f,) = check("MSO4 2 mg IV")
        >>> p = f.to_problem("order.sig")
        >>> p.path, p.code, p.is_error
        ('order.sig', 'abbrev.do_not_use.mso4', True)
        """
        return Problem(path=path, code=self.rule, severity=self.severity, message=self.message)


# -- the table ---------------------------------------------------------------------------

_TABLE: tuple[Abbreviation, ...] = tuple(
    sorted(
        (
            Abbreviation(
                abbreviation=abbreviation,
                meaning=meaning,
                category=category,
                flag=flag,
                replacement=replacement,
                reason=reason,
                aliases=aliases,
            )
            for abbreviation, meaning, category, flag, replacement, reason, aliases in ROWS
        ),
        key=lambda entry: (entry.key, entry.abbreviation),
    )
)
_INDEX: dict[str, Abbreviation] = {}
for _entry in _TABLE:
    for _key in _entry.keys:
        _INDEX.setdefault(_key, _entry)
_KEYS: tuple[str, ...] = tuple(sorted(_INDEX))
_MEANING_WORD_RE = re.compile(r"\w+")


def _require_str(value: object, name: str) -> str:
    if not isinstance(value, str):
        msg = f"{_SYSTEM}: {name} must be a str, got {type(value).__name__}"
        raise TypeError(msg)
    return value


def table(
    *, category: Category | str | None = None, flag: Flag | str | None = None
) -> tuple[Abbreviation, ...]:
    """Every abbreviation in the table, sorted by key; optionally only some.

    Args:
        category: Only this category (a :class:`Category` or its value).
        flag: Only this flag (a :class:`Flag` or its value).

    Raises:
        ValueError: if ``category`` or ``flag`` is not one of the enum's values.

    >>> len(table()) >= 100
    True
    >>> [a.abbreviation for a in table(flag="do_not_use")]
    ['IU', 'MgSO4', 'MS', 'MSO4', 'qd', 'qod', 'U']
    >>> [a.abbreviation for a in table(category=Category.IMAGING)][:4]
    ['CT', 'CTA', 'CXR', 'DEXA']
    """
    wanted_category = None if category is None else Category(category)
    wanted_flag = None if flag is None else Flag(flag)
    return tuple(
        entry
        for entry in _TABLE
        if (wanted_category is None or entry.category is wanted_category)
        and (wanted_flag is None or entry.flag is wanted_flag)
    )


def get(token: str) -> Abbreviation | None:
    """The abbreviation ``token`` stands for, or ``None`` if it is not in the table.

    Case, periods, spaces and the kind of dash are ignored.

    Raises:
        TypeError: if ``token`` is not a ``str``.

    >>> get("P.R.N.").meaning
    'as needed'
    >>> get("Sub Q").replacement
    'subcut'
    >>> get("sometimes") is None
    True
    """
    return _INDEX.get(_normalize(_require_str(token, "token")))


def _suggestions(key: str) -> tuple[Suggestion, ...]:
    if len(key) > 20:
        return ()
    seen: list[Abbreviation] = []
    for match in difflib.get_close_matches(key, _KEYS, n=5, cutoff=0.6):
        entry = _INDEX[match]
        if entry not in seen:
            seen.append(entry)
    return tuple(
        Suggestion(code=entry.abbreviation, reason=f"a close spelling: {entry.meaning}")
        for entry in seen
    )


def expand(token: str) -> Abbreviation:
    """The abbreviation ``token`` stands for.

    Case, periods, spaces and the kind of dash are ignored.

    Raises:
        UnknownCode: if ``token`` is not in the table (``system`` is
            ``"abbreviations"``), with close spellings as suggestions.
        TypeError: if ``token`` is not a ``str``.

    >>> expand("QHS").replacement
    'nightly at bedtime'
    >>> expand("mcg").meaning
    'microgram'
    >>> try:
    ...     expand("qdd")
    ... except LookupError as exc:
    ...     print(exc.system, exc.code, [s.code for s in exc.suggestions])
    abbreviations qdd ['qd', 'qod', 'qid', 'q1d']
    """
    entry = get(token)
    if entry is None:
        key = _normalize(token)
        shown = key if len(key) <= 40 else key[:40] + "…"
        msg = f"{_SYSTEM}: {shown!r} is not a known abbreviation"
        raise UnknownCode(msg, system=_SYSTEM, code=key, suggestions=_suggestions(key))
    return entry


def search(query: str) -> tuple[Abbreviation, ...]:
    """Abbreviations whose key is ``query``, or whose meaning has all its words.

    Each word of ``query`` must start a word of the meaning (``inhal`` finds
    *inhalation*); case is ignored. The result is in table order.

    Raises:
        TypeError: if ``query`` is not a ``str``.

    >>> [a.abbreviation for a in search("every other")]
    ['qod']
    >>> [a.abbreviation for a in search("ear")]
    ['ad', 'as', 'au']
    >>> [a.abbreviation for a in search("inhal")]
    ['inh', 'mdi']
    >>> search("   ")
    ()
    """
    words = _require_str(query, "query").casefold().split()
    if not words:
        return ()
    key = _normalize(query)
    return tuple(entry for entry in _TABLE if key in entry.keys or _meaning_has(entry, words))


def _meaning_has(entry: Abbreviation, words: list[str]) -> bool:
    starts = _MEANING_WORD_RE.findall(entry.meaning.casefold())
    return all(any(start.startswith(word) for start in starts) for word in words)


# -- check: patterns -----------------------------------------------------------------------

# Units that take a dose. Measures: run into the number or followed by a period, they
# are flagged. Counts: flagged when run into the number. Flagged units (U, IU, cc, µg,
# gr) are findings of their own.
_MEASURE = r"(?i:mcg|mg|meq|mmol|ml|kg|gm|dl|ng)|g|L"
_COUNT = (
    r"(?i:units?|tabs?|tablets?|caps?|capsules?|gtts?|drops?|puffs?|sprays?|patch(?:es)?"
    r"|supps?|suppositor(?:y|ies)|vials?|amps?)"
)
_FLAGGED_UNIT = r"(?i:iu|cc|ug|gr)|[µμ]g|U|u"
_PER = r"(?:/(?i:kg|m2|m²|ml|l|dl|hrs?|h|hour|min|day|d|dose|wk|week|mg|mcg|g))*+"
_UNIT = rf"(?P<base>{_FLAGGED_UNIT}|{_MEASURE}|{_COUNT})(?P<per>{_PER})(?![A-Za-z0-9µμ])"
_SPACE = r"[ \t\u00a0]*+"

_NUMBER_RE = re.compile(
    rf"""
    (?P<num>
        [0-9](?<![\w.$€£¢][0-9])[0-9]*+(?:,[0-9]{{3}})*+(?:\.[0-9]++)?+
      | \.(?<![\w.$€£¢]\.)[0-9]++
    )
    (?:
        (?P<space>{_SPACE})(?P<unit>{_UNIT})(?P<dot>\.(?=[ \t]*+[a-z0-9]))?
      | (?!\w|[.,][0-9])
    )
    """,
    re.VERBOSE,
)
_FLAGGED_UNIT_RE = re.compile(
    rf"[0-9](?P<space>{_SPACE})(?P<base>{_FLAGGED_UNIT})(?P<per>{_PER})(?![A-Za-z0-9µμ])"
)
_DRUG_RUN_IN_RE = re.compile(
    rf"""
    (?<![\w.])(?P<name>[A-Za-z]{{4,}}+)(?P<num>[0-9]++(?:\.[0-9]++)?+)
    (?P<space>{_SPACE})(?P<unit>{_UNIT})
    """,
    re.VERBOSE,
)
_PREV_RE = re.compile(r"(?<![A-Za-z0-9.])([A-Za-z0-9]++(?:\.[A-Za-z0-9]++)*+\.?+)[ \t]++\Z")
_NEXT_RE = re.compile(r"[ \t]++([A-Za-z0-9]++(?:\.[A-Za-z0-9]++)*+)")
# Each pattern starts with the character it looks for, and only then looks behind:
# the regular expression engine then skips quickly to the candidates.
_PER_OS_RE = re.compile(r"[pP](?<![\w.][pP])[eE][rR][ \t]++[oO][sS](?!\w)")
_SUBQ_RE = re.compile(r"[sS](?<![\w.][sS])[uU][bB][ \t-]?+[qQ](?!\w)")
_DC_RE = re.compile(r"[dD](?<![\w/][dD])/[cC](?![\w/])")
_Q_TIME_RE = re.compile(
    r"[qQ](?<![\w.][qQ])[ \t]?(?P<hour>[0-9]{1,2})(?::(?P<minute>[0-9]{2}))?[ \t]?"
    r"(?P<half>(?i:[ap]m|[ap]\.m\.))(?!\w)"
)
_DEGREE_RE = re.compile(
    r"[qQ](?<![\w.][qQ])[ \t]?(?P<low>[0-9]{1,2})(?:[-–](?P<high>[0-9]{1,2}))?[ \t]?°(?![A-Za-z])"
)
_AT_RE = re.compile(r"@(?:(?<!\w@)|(?!\w))")
_AND_RE = re.compile(r"[&+](?<=[ \t][&+])(?=[ \t])")
_COMPARE_RE = re.compile(r"[<>≥≤](?<![-<>=].)(?:(?<=[<>])=)?(?=[ \t]*+\.?[0-9])")
_NULL_RE = re.compile(r"[ØøΦφ∅](?<!\w.)(?!\w)")

_MEASURE_KEYS = frozenset({"mcg", "mg", "meq", "mmol", "ml", "kg", "gm", "dl", "ng", "g", "l"})
_DOSE_WORDS = _MEASURE_KEYS | {"unit", "units", "spray", "sprays", "puff", "puffs"}
_DROP_WORDS = frozenset({"gtt", "gtts", "drop", "drops"})
_EYE_EAR = frozenset({"od", "os", "ou", "ad", "as", "au"})
_DILUENTS = frozenset({"ns", "nss", "d5w", "lr", "sw", "saline", "water", "dextrose", "nacl"})
_AREA_UNITS = frozenset({"cm", "mm", "m", "in", "inch", "inches", "ft", "feet", "meter", "meters"})
#: Keys found by their own patterns (after a number, or with a slash), not as words.
_NOT_WORDS = frozenset({"u", "iu", "cc", "ug", "gr", "d/c", "peros"})
_WORD_FLAGGED: dict[str, Abbreviation] = {
    key: entry
    for key, entry in _INDEX.items()
    if entry.flag is not Flag.NONE
    and key not in _NOT_WORDS
    and key.isascii()
    and key.isalnum()
    and key[0].isalpha()
}


def _word_pattern(key: str) -> str:
    r"""``qd`` as ``[qQ]\.?[dD]``: any case, a period allowed after each character."""
    return r"\.?".join(f"[{ch}{ch.upper()}]" if ch.isalpha() else ch for ch in key)


# A flagged word, whole: not inside a longer word or a dotted run (``q.d.x``). A final
# period is included; a sentence's full stop is dropped again by ``_words``.
_WORD_RE = re.compile(
    r"(?<![\w.])(?:"
    + "|".join(_word_pattern(key) for key in sorted(_WORD_FLAGGED, key=lambda k: (-len(k), k)))
    + r")\.?(?!\w)(?!\.[A-Za-z0-9])"
)

_COMPARE_WORDS = {
    ">": ("greater_than", "greater than"),
    "<": ("less_than", "less than"),
    ">=": ("greater_than", "greater than or equal to"),
    "≥": ("greater_than", "greater than or equal to"),
    "<=": ("less_than", "less than or equal to"),
    "≤": ("less_than", "less than or equal to"),
}

_JC = "on the Joint Commission Do-Not-Use list"
_ISMP = "error-prone (ISMP)"

# rule -> (severity, description); a dose's problems in order of seriousness.
_DOSE_ISSUES: dict[str, tuple[Severity, str]] = {
    "leading_zero": (
        Severity.ERROR,
        f"a decimal dose without its leading zero is {_JC} (the decimal point can be missed)",
    ),
    "trailing_zero": (
        Severity.ERROR,
        (
            f"a trailing zero is {_JC} for orders (the decimal point can be missed "
            "and the dose read ten times too large)"
        ),
    ),
    "drug_run_in": (
        Severity.WARNING,
        f"a drug name run into its dose is {_ISMP}: the last letter can read as a digit",
    ),
    "large_number": (
        Severity.WARNING,
        f"a dose of five or more digits without commas is {_ISMP}: the digits get miscounted",
    ),
    "unit_run_in": (
        Severity.WARNING,
        f"a unit run into the number is {_ISMP}: the unit can read as more digits",
    ),
    "unit_period": (
        Severity.WARNING,
        f"a unit of measure followed by a period is {_ISMP}: the period can read as a 1",
    ),
}

_ISSUE_ORDER = list(_DOSE_ISSUES)

_Candidate = tuple[int, int, int, Finding]


# -- check: helpers ------------------------------------------------------------------------


def _finding(
    text: str,
    span: tuple[int, int],
    *,
    rule: str,
    severity: Severity,
    message: str,
    replacement: str | None,
) -> _Candidate:
    start, end = span
    finding = Finding(
        start=start,
        end=end,
        text=text[start:end],
        rule=rule,
        severity=severity,
        message=message,
        replacement=replacement,
    )
    return (start, end, 0 if severity is Severity.ERROR else 1, finding)


def _advice(replacement: str | None) -> str:
    if replacement is None:
        return "write the intended meaning in full"
    return f"write {replacement!r}"


def _entry_candidate(
    entry: Abbreviation, text: str, start: int, end: int, *, note: str = ""
) -> _Candidate:
    listed = _JC if entry.flag is Flag.DO_NOT_USE else "an error-prone abbreviation (ISMP)"
    message = (
        f"{text[start:end]!r}, {entry.meaning}, is {listed}: {entry.reason}; "
        f"{_advice(entry.replacement)}{note}"
    )
    severity = Severity.ERROR if entry.flag is Flag.DO_NOT_USE else Severity.WARNING
    return _finding(
        text,
        (start, end),
        rule=str(entry.rule),
        severity=severity,
        message=message,
        replacement=entry.replacement,
    )


def _rule_candidate(
    text: str, span: tuple[int, int], rule: str, description: str, replacement: str | None
) -> _Candidate:
    message = f"{text[span[0] : span[1]]!r}: {description}; {_advice(replacement)}"
    return _finding(
        text,
        span,
        rule=f"abbrev.error_prone.{rule}",
        severity=Severity.WARNING,
        message=message,
        replacement=replacement,
    )


def _prev_word(text: str, start: int) -> str | None:
    match = _PREV_RE.search(text, max(0, start - 32), start)
    return None if match is None else match[1]


def _next_word(text: str, end: int) -> str | None:
    match = _NEXT_RE.match(text, end, end + 40)
    return None if match is None else match[1]


def _shouting(word: str | None) -> bool:
    """Whether ``word`` is capitalised ordinary text (``TAKE``), not an abbreviation."""
    return (
        word is not None
        and len(word) >= 3
        and word.isascii()
        and word.isalpha()
        and word.isupper()
        and _normalize(word) not in _INDEX
    )


def _is_dose_word(word: str | None) -> bool:
    if word is None:
        return False
    key = _normalize(word)
    return key[-1].isdigit() or key.lstrip("0123456789,") in _DOSE_WORDS


def _is_flagged_unit(base: str, per: str) -> bool:
    key = _normalize(base)
    if key in {"u", "iu"} and per:
        # U/L and IU/L are lab reporting units, not doses.
        return per.casefold().split("/")[1] not in {"l", "dl"}
    return key in {"u", "iu", "cc", "ug", "gr", "μg"}


def _group_thousands(digits: str) -> str:
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return ",".join(groups)


def _dose_issues(
    num: str, *, unit: str | None, spaced: bool, dot: bool, flagged_unit: bool, context: str
) -> tuple[str, list[str]]:
    """The corrected number and the dose rules that ``num`` (with its unit) breaks."""
    whole, _, frac = num.partition(".")
    has_frac = "." in num
    issues: list[str] = []
    if not whole:
        issues.append("leading_zero")
        whole = "0"
    if has_frac and frac.endswith("0") and context == "order":
        issues.append("trailing_zero")
        frac = frac.rstrip("0")
    digits = whole.replace(",", "")
    if unit is not None and "," not in whole and len(digits) >= 5:
        issues.append("large_number")
        whole = _group_thousands(digits)
    if unit is not None and not flagged_unit:
        if not spaced:
            issues.append("unit_run_in")
        if dot:
            issues.append("unit_period")
    fixed = f"{whole}.{frac}" if frac else whole
    return fixed, issues


def _dose_candidate(
    text: str, span: tuple[int, int], issues: list[str], replacement: str
) -> _Candidate:
    ordered = sorted(issues, key=_ISSUE_ORDER.index)
    severity = _DOSE_ISSUES[ordered[0]][0]
    family = "do_not_use" if severity is Severity.ERROR else "error_prone"
    described = "; ".join(_DOSE_ISSUES[issue][1] for issue in ordered)
    message = f"{text[span[0] : span[1]]!r}: {described}; write {replacement!r}"
    return _finding(
        text,
        span,
        rule=f"abbrev.{family}.{ordered[0]}",
        severity=severity,
        message=message,
        replacement=replacement,
    )


# -- check: passes -----------------------------------------------------------------------


def _numbers(text: str, context: str) -> Iterable[_Candidate]:
    for match in _NUMBER_RE.finditer(text):
        unit = match["unit"]
        flagged = unit is not None and _is_flagged_unit(match["base"], match["per"])
        fixed, issues = _dose_issues(
            match["num"],
            unit=unit,
            spaced=bool(match["space"]),
            dot=match["dot"] is not None,
            flagged_unit=flagged,
            context=context,
        )
        if not issues:
            continue
        if unit is None or flagged:
            yield _dose_candidate(text, (match.start(), match.end("num")), issues, fixed)
        else:
            yield _dose_candidate(text, match.span(), issues, f"{fixed} {unit}")


def _flagged_units(text: str) -> Iterable[_Candidate]:
    for match in _FLAGGED_UNIT_RE.finditer(text):
        if _is_flagged_unit(match["base"], match["per"]):
            entry = _INDEX[_normalize(match["base"])]
            start, end = match.span("base")
            note = "" if match["space"] else ", after a space"
            yield _entry_candidate(entry, text, start, end, note=note)


def _drug_run_ins(text: str, context: str) -> Iterable[_Candidate]:
    for match in _DRUG_RUN_IN_RE.finditer(text):
        unit = match["unit"]
        flagged = _is_flagged_unit(match["base"], match["per"])
        fixed, issues = _dose_issues(
            match["num"],
            unit=unit,
            spaced=bool(match["space"]),
            dot=False,
            flagged_unit=flagged,
            context=context,
        )
        issues.append("drug_run_in")
        if flagged:
            # The flagged unit is a finding of its own.
            yield _dose_candidate(
                text, (match.start(), match.end("num")), issues, f"{match['name']} {fixed}"
            )
        else:
            replacement = f"{match['name']} {fixed} {unit}"
            yield _dose_candidate(text, match.span(), issues, replacement)


def _word_is_flagged(key: str, raw: str, text: str, start: int, end: int) -> bool:
    """Whether the flagged word ``raw`` at ``text[start:end]`` is used as one."""
    if key in _EYE_EAR:
        return _eye_ear_is_flagged(key, raw, text, start, end)
    after = _next_word(text, end)
    if key in {"in", "ij"}:
        # After a dose only ("4 mg IN"), and not "4 mg IN 100 mL" or "IN NS".
        before = _prev_word(text, start)
        return (
            raw.isupper()
            and _is_dose_word(before)
            and not (_shouting(before) or _shouting(after))
            and (after is None or not (after[0].isdigit() or _normalize(after) in _DILUENTS))
        )
    if key == "ms":
        return raw == "MS" and (after is None or after.casefold() != "contin")
    if key in {"hct", "t3"}:
        return raw.isupper()
    if key == "sc":
        return after is None or not (len(after) == 5 and after.isdigit())  # a ZIP code
    if key == "sq":
        return after is None or after.casefold() not in _AREA_UNITS
    return True


def _eye_ear_is_flagged(key: str, raw: str, text: str, start: int, end: int) -> bool:
    if "." in raw:
        return True
    before = _prev_word(text, start)
    after = _next_word(text, end)
    if before is not None and _normalize(before) in _DROP_WORDS:
        # "2 gtts as bid" but not "2 gtts as needed".
        return key != "as" or after is None or after[0].isdigit() or _normalize(after) in _INDEX
    if raw.isupper():
        if key == "ad" and after is not None and after.casefold() == "lib":
            return False
        return not (_shouting(before) or _shouting(after))
    return False


def _words(text: str) -> Iterable[_Candidate]:
    for match in _WORD_RE.finditer(text):
        raw = match[0]
        start, end = match.span()
        if raw.endswith(".") and "." not in raw[:-1]:
            raw = raw[:-1]  # the full stop of a sentence, not part of the abbreviation
            end -= 1
        key = raw.replace(".", "").lower()
        if _word_is_flagged(key, raw, text, start, end):
            yield _entry_candidate(_WORD_FLAGGED[key], text, start, end)


def _phrases(text: str) -> Iterable[_Candidate]:
    for pattern, key in ((_PER_OS_RE, "peros"), (_SUBQ_RE, "subq"), (_DC_RE, "d/c")):
        for match in pattern.finditer(text):
            yield _entry_candidate(_INDEX[key], text, match.start(), match.end())


def _symbols(text: str) -> Iterable[_Candidate]:
    for match in _Q_TIME_RE.finditer(text):
        minute = f":{match['minute']}" if match["minute"] else ""
        half = "AM" if match["half"][0] in "aA" else "PM"
        replacement = f"daily at {int(match['hour'])}{minute} {half}"
        description = f"a time joined to q is {_ISMP}: it reads as every so many hours"
        yield _rule_candidate(text, match.span(), "q_time", description, replacement)
    for match in _DEGREE_RE.finditer(text):
        low, high = match["low"], match["high"]
        if high:
            replacement = f"every {int(low)} to {int(high)} hours"
        else:
            replacement = "every hour" if int(low) == 1 else f"every {int(low)} hours"
        description = f"° for hours is {_ISMP}: it reads as a zero"
        yield _rule_candidate(text, match.span(), "degree_sign", description, replacement)
    for match in _AT_RE.finditer(text):
        description = f"the @ sign is {_ISMP}: it reads as a 2"
        yield _rule_candidate(text, match.span(), "at_sign", description, "at")
    for match in _AND_RE.finditer(text):
        before = _prev_word(text, match.start())
        after = _next_word(text, match.end())
        if _is_dose_word(before) or (after is not None and after[0].isdigit()):
            if match[0] == "&":
                rule, description = "ampersand", f"an & between doses is {_ISMP}: it reads as a 2"
            else:
                rule, description = "plus_sign", f"a + between doses is {_ISMP}: it reads as a 4"
            yield _rule_candidate(text, match.span(), rule, description, "and")
    for match in _COMPARE_RE.finditer(text):
        rule, words = _COMPARE_WORDS[match[0]]
        description = f"the {match[0]} sign is {_ISMP}: > and < are mistaken for each other"
        yield _rule_candidate(text, match.span(), rule, description, words)
    for match in _NULL_RE.finditer(text):
        description = f"{match[0]} for zero or none is {_ISMP}: it reads as a 4, 6, 8 or 9"
        yield _rule_candidate(text, match.span(), "null_sign", description, None)


def check(text: str, *, context: Context = "order") -> tuple[Finding, ...]:
    """Every flagged abbreviation and dose designation in ``text``, by position.

    Args:
        text: The text of an order, a prescription or a report.
        context: ``"order"`` (the default) or ``"report"``: in a report (a lab
            result, a lesion size, a catheter size) a trailing zero is allowed.

    Returns:
        The findings, sorted by ``start``, never overlapping.

    Raises:
        TypeError: if ``text`` is not a ``str``.
        ValueError: if ``context`` is not ``"order"`` or ``"report"``.

    >>> [(f.text, f.replacement) for f in check("Timolol 1 gtt OU bid; 100000 units")]
    [('OU', 'both eyes'), ('100000 units', '100,000 units')]
    >>> check("Patient was seen as scheduled; she is in no acute distress.")
    ()
    >>> check("Lesion 2.0 cm", context="report")
    ()
    """
    _require_str(text, "text")
    if context not in _CONTEXTS:
        msg = f"{_SYSTEM}: context must be 'order' or 'report'"
        raise ValueError(msg)
    candidates = [
        *_numbers(text, context),
        *_flagged_units(text),
        *_drug_run_ins(text, context),
        *_words(text),
        *_phrases(text),
        *_symbols(text),
    ]
    return _resolve(candidates)


def _sweep(candidates: list[_Candidate], taken: list[Finding]) -> list[Finding]:
    """Keep each candidate (by start, longest first) that overlaps nothing kept.

    ``taken`` are findings kept before, sorted and not overlapping: a candidate
    that overlaps one of them is dropped too.
    """
    candidates.sort(key=lambda c: (c[0], c[0] - c[1], c[3].rule))
    kept: list[Finding] = []
    reached = 0
    index = 0
    for start, end, _rank, finding in candidates:
        while index < len(taken) and taken[index].end <= start:
            index += 1
        if start >= reached and (index == len(taken) or taken[index].start >= end):
            kept.append(finding)
            reached = end
    return kept


def _resolve(candidates: list[_Candidate]) -> tuple[Finding, ...]:
    """Non-overlapping findings sorted by start; an error always wins over a warning."""
    errors = _sweep([c for c in candidates if c[2] == 0], [])
    warnings = _sweep([c for c in candidates if c[2] != 0], errors)
    return tuple(sorted([*errors, *warnings], key=lambda f: f.start))
