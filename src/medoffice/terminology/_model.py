"""The value types shared by medoffice's code sets, and the :class:`CodeSet` protocol."""

from __future__ import annotations

import datetime as dt
import enum
import functools
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast, runtime_checkable

import attrs

from medoffice._values import draft as _draft
from medoffice._values import name_sequences
from medoffice.exceptions import MedofficeError

__all__ = [
    "CodeSet",
    "Concept",
    "ConceptKind",
    "Extension",
    "Field",
    "Hit",
    "Match",
    "MatchKind",
    "NoRelease",
    "Notes",
    "Release",
]

_str = attrs.validators.instance_of(str)


def _matches(value: Iterable[Match]) -> tuple[Match, ...]:
    return tuple(value)


def _extensions(value: Iterable[Extension]) -> tuple[Extension, ...]:
    return tuple(value)


def _str_tuple(value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not hasattr(value, "__iter__"):
        msg = "expected a sequence of strings"
        raise TypeError(msg)
    return tuple(value)


_T = TypeVar("_T")
_new = object.__new__


@functools.cache
def _builder(cls: type) -> Callable[..., Any]:
    """A keyword-only constructor for the slotted attrs class ``cls``, built once.

    It sets each slot through its descriptor: what attrs' own ``__init__`` does,
    less the checks.
    """
    setters = tuple((field.name, cls.__dict__[field.name].__set__) for field in attrs.fields(cls))

    def build(**values: object) -> object:
        obj: object = _new(cls)
        for name, set_slot in setters:
            set_slot(obj, values[name])
        return obj

    return build


def trusted(cls: type[_T], /, **values: object) -> _T:
    """Build a frozen value from fields already known to be valid, skipping the checks.

    For medoffice's own hot paths (code-set lookups, search hits), where the
    values come from the bundled data and validation would dominate the cost.
    Every field must be given.

    >>> trusted(Extension, character="A", title="initial encounter")
    Extension(character='A', title='initial encounter')
    """
    build = _builder(cast("type", cls))
    return cast("_T", build(**values))


def _positional(cls: type) -> Callable[..., Any]:
    """An unchecked constructor for the frozen attrs class ``cls``: its fields, in order."""
    draft = _draft(cls)
    names = tuple(field.name for field in attrs.fields(cls))

    def build(*values: object) -> object:
        obj = _new(draft)
        for name, value in zip(names, values, strict=True):
            setattr(obj, name, value)
        obj.__class__ = cls
        return obj

    return build


class NoRelease(MedofficeError, LookupError):
    """No release of a code set covers the date asked.

    Attributes:
        system: The code system asked (``icd10cm``).
        on: The date that no release covers.

    >>> err = NoRelease("icd10cm: no bundled release covers 2021-05-01",
    ...                 system="icd10cm", on=dt.date(2021, 5, 1))
    >>> isinstance(err, LookupError), err.on
    (True, datetime.date(2021, 5, 1))
    """

    def __init__(self, message: str, *, system: str, on: dt.date) -> None:
        super().__init__(message)
        self.message = message
        self.system = system
        self.on = on

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_no_release, (self.message, self.system, self.on))


def _rebuild_no_release(message: str, system: str, on: dt.date) -> NoRelease:
    return NoRelease(message, system=system, on=on)


class ConceptKind(enum.Enum):
    """Where a concept sits in its code set.

    >>> ConceptKind("category")
    <ConceptKind.CATEGORY: 'category'>
    """

    CHAPTER = "chapter"
    BLOCK = "block"
    CATEGORY = "category"
    SUBCATEGORY = "subcategory"
    CODE = "code"
    MODIFIER = "modifier"


@attrs.frozen(kw_only=True)
class Release:
    """One release of a code set, and the dates of service it applies to.

    Attributes:
        id: A short identifier (``FY2026``).
        label: A human label (``ICD-10-CM FY2026``).
        starts: The first date of service the release applies to.
        ends: The last date of service (``None`` while open-ended).
        codes: How many billable codes the release has.
        source: Where the data came from.
        titles_complete: Whether every code of the release has a title.

    >>> r = Release(id="FY2026", label="ICD-10-CM FY2026", starts=dt.date(2025, 10, 1),
    ...             ends=dt.date(2026, 9, 30), codes=74719, source="CDC tabular")
    >>> r.covers(dt.date(2026, 3, 2)), r.covers(dt.date(2026, 10, 1))
    (True, False)
    """

    id: str = attrs.field(validator=_str)
    label: str = attrs.field(validator=_str)
    starts: dt.date = attrs.field(validator=attrs.validators.instance_of(dt.date))
    ends: dt.date | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(dt.date))
    )
    codes: int = attrs.field(default=0, validator=attrs.validators.instance_of(int))
    source: str = attrs.field(default="", validator=_str)
    titles_complete: bool = attrs.field(default=True, validator=attrs.validators.instance_of(bool))

    def covers(self, on: dt.date) -> bool:
        """Whether a date of service falls in this release.

        >>> Release(id="x", label="x", starts=dt.date(2024, 10, 1)).covers(dt.date(2030, 1, 1))
        True
        """
        return self.starts <= on and (self.ends is None or on <= self.ends)


@attrs.frozen(kw_only=True, field_transformer=name_sequences)
class Notes:
    """The instructional notes on a tabular entry (ICD-10-CM Guidelines I.A).

    Attributes:
        inclusion_terms: Other conditions coded here (not an exhaustive list).
        includes: What the entry covers.
        excludes1: "NOT CODED HERE": never coded together with this entry.
        excludes2: "Not included here": the patient may have both; code both.
        code_first: The underlying condition to code first.
        use_additional_code: A further code to add.
        code_also: A second code that may be needed; sequencing varies.
        notes: Other notes.
        seventh_character_notes: Notes on the 7th character.

    >>> Notes(excludes1=["gestational diabetes (O24.4-)"]).excludes1
    ('gestational diabetes (O24.4-)',)
    >>> bool(Notes()), bool(Notes(notes=["x"]))
    (False, True)
    """

    inclusion_terms: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)
    includes: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)
    excludes1: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)
    excludes2: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)
    code_first: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)
    use_additional_code: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)
    code_also: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)
    notes: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)
    seventh_character_notes: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)

    def __bool__(self) -> bool:
        return any(getattr(self, a.name) for a in attrs.fields(Notes))


@attrs.frozen(kw_only=True)
class Extension:
    """A 7th-character value defined for an ICD-10-CM category or subcategory.

    >>> Extension(character="A", title="initial encounter")
    Extension(character='A', title='initial encounter')
    """

    character: str = attrs.field(validator=_str)
    title: str = attrs.field(validator=_str)


@attrs.frozen(kw_only=True, field_transformer=name_sequences)
class Concept:
    """One entry of a code set, as of a release.

    Attributes:
        system: The code system (``icd10cm``, ``hcpcs``, ``pos``, or a caller's).
        code: The canonical code (ICD-10-CM without the dot: ``E119``).
        display: The code as people write it (``E11.9``).
        title: The entry's title (description).
        kind: Where it sits in the hierarchy.
        billable: Whether it may go on a claim in :attr:`release`.
        release: The id of the release that answered.
        parent: The parent entry's code, if any.
        notes: Instructional notes attached to this entry itself (ancestors'
            notes apply too: see ``icd10cm.inherited_notes``).
        extensions: The 7th characters that complete this entry, where it needs
            one (an injury code such as ``S72.001`` needs ``A``, ``D``, ``S`` …).
        description: A definition longer than the title, where the code set has
            one (a place of service's CMS description); empty otherwise.

    >>> c = Concept(system="icd10cm", code="I10", display="I10",
    ...             title="Essential (primary) hypertension", kind="category",
    ...             billable=True, release="FY2026", parent="I10-I1A")
    >>> c.kind, c.billable
    (<ConceptKind.CATEGORY: 'category'>, True)
    """

    system: str = attrs.field(validator=_str)
    code: str = attrs.field(validator=_str)
    display: str = attrs.field(validator=_str)
    title: str = attrs.field(validator=_str)
    kind: ConceptKind = attrs.field(converter=ConceptKind)
    billable: bool = attrs.field(validator=attrs.validators.instance_of(bool))
    release: str = attrs.field(validator=_str)
    parent: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(str))
    )
    notes: Notes = attrs.field(factory=Notes, validator=attrs.validators.instance_of(Notes))
    extensions: tuple[Extension, ...] = attrs.field(default=(), converter=_extensions)
    description: str = attrs.field(default="", validator=_str)

    def __str__(self) -> str:
        return f"{self.display} {self.title}"

    if not TYPE_CHECKING:  # pragma: no branch (type checkers: a Concept has its fields only)

        def __getattr__(self, name: str) -> Any:
            # Reached only when the normal lookup fails: a field that a bundled code
            # set deferred (see deferred_concept) and nothing has read yet, or a name
            # the class does not have.
            if name in _DEFERRED and _fill(self):
                return getattr(self, name)
            msg = f"{type(self).__name__!r} object has no attribute {name!r}"
            raise AttributeError(msg, name=name, obj=self)


_ConceptDraft = _draft(Concept)
#: The fields deferred_concept leaves to first use: all but system, code and release.
#: (In field order: what fill() takes.)
_DEFERRED_FIELDS = (
    "display",
    "title",
    "kind",
    "billable",
    "parent",
    "notes",
    "extensions",
    "description",
)
_DEFERRED = frozenset(_DEFERRED_FIELDS)
_DEFERRED_SETTERS = tuple(Concept.__dict__[name].__set__ for name in _DEFERRED_FIELDS)


def deferred_concept(system: str, code: str, release: str) -> Concept:
    """A :class:`Concept` whose other fields its code set fills in when one is first read.

    For ``icd10cm.lookup``'s cache miss, where a caller may only want to know
    that the code exists: the title, notes and the rest cost nothing until
    read, and then are filled together (see ``icd10cm.fill_deferred``). It
    compares, hashes, prints and pickles as a concept built whole.

    >>> c = deferred_concept("icd10cm", "E119", "FY2026")
    >>> c.title, c.billable
    ('Type 2 diabetes mellitus without complications', True)
    """
    obj: Any = _new(_ConceptDraft)
    obj.system = system
    obj.code = code
    obj.release = release
    obj.__class__ = Concept
    concept: Concept = obj
    return concept


def fill(concept: Concept, values: tuple[object, ...]) -> None:
    """Set ``concept``'s deferred fields from ``values``.

    In the fields' own order: display, title, kind, billable, parent, notes,
    extensions and description.
    """
    for set_slot, value in zip(_DEFERRED_SETTERS, values, strict=True):
        set_slot(concept, value)


def _fill(concept: Concept) -> bool:
    """Fill a deferred concept from its code set; ``False`` if none deferred it."""
    # The one code set that defers is loaded if it made this concept (and it
    # imports this module: hence no import here).
    module = sys.modules.get("medoffice.terminology.icd10cm")
    if module is None or concept.system != "icd10cm":
        return False
    filled: bool = module.fill_deferred(concept)
    return filled


_new_concept = _positional(Concept)


def new_concept(  # noqa: PLR0917 (one argument per field, in field order)
    system: str,
    code: str,
    display: str,
    title: str,
    kind: ConceptKind,
    billable: bool,  # noqa: FBT001
    release: str,
    parent: str | None,
    notes: Notes,
    extensions: tuple[Extension, ...],
    description: str,
) -> Concept:
    """A :class:`Concept` from trusted values, without the checks (a code set's cache miss).

    >>> c = new_concept("x", "A", "A", "T", ConceptKind.CODE, True, "r", None, Notes(), (), "")
    >>> c == Concept(system="x", code="A", display="A", title="T", kind="code",
    ...              billable=True, release="r")
    True
    """
    concept: Concept = _new_concept(
        system,
        code,
        display,
        title,
        kind,
        billable,
        release,
        parent,
        notes,
        extensions,
        description,
    )
    return concept


class Field(enum.Enum):
    """Where a search word matched.

    >>> Field("synonym")
    <Field.SYNONYM: 'synonym'>
    """

    CODE = "code"
    TITLE = "title"
    TERM = "term"
    SYNONYM = "synonym"


class MatchKind(enum.Enum):
    """How a search word matched a word of the entry.

    >>> MatchKind("typo")
    <MatchKind.TYPO: 'typo'>
    """

    EXACT = "exact"
    PREFIX = "prefix"
    TYPO = "typo"


@attrs.frozen(kw_only=True)
class Match:
    """One word of a search query and what it matched.

    Attributes:
        word: The query word, normalised.
        matched: The word of the entry it matched.
        field: Where: the code, the title, an inclusion term or a lay synonym.
        kind: Exact, as a prefix (type-ahead) or with one typo.

    >>> Match(word="hypertensoin", matched="hypertension", field="title", kind="typo").kind
    <MatchKind.TYPO: 'typo'>
    """

    word: str = attrs.field(validator=_str)
    matched: str = attrs.field(validator=_str)
    field: Field = attrs.field(converter=Field)
    kind: MatchKind = attrs.field(converter=MatchKind)


@attrs.frozen(kw_only=True, field_transformer=name_sequences)
class Hit:
    """One search result.

    Attributes:
        code: The canonical code.
        display: The code as people write it.
        title: The entry's title.
        billable: Whether the code may go on a claim (in the release searched).
        score: The relevance score (higher is better; only the order matters).
        matches: Which query words matched where.

    >>> h = Hit(code="I10", display="I10", title="Essential (primary) hypertension",
    ...         billable=True, score=9.5,
    ...         matches=[Match(word="hypertension", matched="hypertension",
    ...                        field="title", kind="exact")])
    >>> [m.field.value for m in h.matches]
    ['title']
    """

    code: str = attrs.field(validator=_str)
    display: str = attrs.field(validator=_str)
    title: str = attrs.field(validator=_str)
    billable: bool = attrs.field(validator=attrs.validators.instance_of(bool))
    score: float = attrs.field(validator=attrs.validators.instance_of(float))
    matches: tuple[Match, ...] = attrs.field(default=(), converter=_matches)


# Drafts of the search results' classes, filled in by plain attribute stores,
# one per field (a loop over the fields with setattr costs four times as much).
_MatchDraft: Any = _draft(Match)
_HitDraft: Any = _draft(Hit)


def new_match(word: str, matched: str, field: Field, kind: MatchKind) -> Match:
    """A :class:`Match` from trusted values, without the checks (search results).

    >>> new_match("chest", "chest", Field.TITLE, MatchKind.EXACT).field
    <Field.TITLE: 'title'>
    """
    match = _new(_MatchDraft)
    match.word = word
    match.matched = matched
    match.field = field
    match.kind = kind
    match.__class__ = Match
    built: Match = match
    return built


def new_hit(  # noqa: PLR0917 (one argument per field, in field order)
    code: str,
    display: str,
    title: str,
    billable: bool,  # noqa: FBT001
    score: float,
    matches: tuple[Match, ...],
) -> Hit:
    """A :class:`Hit` from trusted values, without the checks (search results).

    >>> new_hit("I10", "I10", "Essential (primary) hypertension", True, 9.5, ()).score
    9.5
    """
    hit = _new(_HitDraft)
    hit.code = code
    hit.display = display
    hit.title = title
    hit.billable = billable
    hit.score = score
    hit.matches = matches
    hit.__class__ = Hit
    built: Hit = hit
    return built


@runtime_checkable
class CodeSet(Protocol):
    """What a code set offers, so that callers can bring their own.

    The bundled ICD-10-CM, HCPCS and place-of-service sets implement it, and so
    does :class:`medoffice.terminology.CodeTable`, which wraps a caller's own
    rows (a newer ICD-10-CM release, or a CPT file the practice licenses). Every
    ``icd10cm`` function takes ``code_set=`` and answers from it.

    >>> from medoffice.terminology import CodeTable
    >>> isinstance(CodeTable(system="cpt", rows=[("99213", "Office visit")]), CodeSet)
    True
    """

    @property
    def system(self) -> str:
        """The code system's short name."""
        ...

    def releases(self) -> tuple[Release, ...]:
        """The releases this code set answers for, oldest first."""
        ...

    def get(self, code: str, *, on: dt.date | None = None) -> Concept | None:
        """The concept for ``code`` as of ``on`` (the newest release if ``None``)."""
        ...

    def children(self, code: str, *, on: dt.date | None = None) -> tuple[Concept, ...]:
        """The direct children of ``code``, in the code set's order."""
        ...

    def search(
        self,
        query: str,
        *,
        limit: int = 10,
        billable_only: bool = False,
        on: dt.date | None = None,
    ) -> tuple[Hit, ...]:
        """Ranked keyword search."""
        ...
