"""ICD-10-CM: every code, its notes, validity by date of service, and search.

The bundled data holds the full FY2026 tabular list (chapters, blocks,
categories, every code with its title and notes, 7th characters applied) and the
billable code lists of the earlier and later releases medoffice could source
offline, so every answer is *as of a date of service*:

>>> lookup("e11.9").title
'Type 2 diabetes mellitus without complications'
>>> lookup("W21.89XA").title
'Striking against or struck by other sports equipment, initial encounter'
>>> valid_on("U07.1", dt.date(2020, 1, 1))
Traceback (most recent call last):
    ...
medoffice.terminology._model.NoRelease: icd10cm: no bundled release covers 2020-01-01 (the earliest starts 2022-10-01); pass code_set= for other dates

Codes are accepted in any case, with or without the dot. ``on=None`` means the
newest bundled release. Mistakes come back as
:class:`~medoffice.exceptions.UnknownCode` with suggestions:

>>> try:
...     lookup("W21.89A")
... except LookupError as exc:
...     print(exc.suggestions[0])
Suggestion(code='W2189XA', reason='add the placeholder X')

Every function takes ``code_set=`` to answer from another
:class:`~medoffice.terminology.CodeSet` instead (a newer release, say).
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import itertools
import re
from array import array
from collections.abc import Iterator
from typing import TYPE_CHECKING, NoReturn

from medoffice._resources import read_bytes
from medoffice.codes import icd10cm as _format
from medoffice.codes._util import require_str
from medoffice.exceptions import Suggestion, UnknownCode
from medoffice.terminology._icd10cm_data import UNTITLED, Tables, unpack
from medoffice.terminology._model import (
    CodeSet,
    Concept,
    ConceptKind,
    Extension,
    Field,
    Hit,
    MatchKind,
    NoRelease,
    Notes,
    Release,
    _ConceptDraft,
    _HitDraft,
    _new,
    deferred_concept,
    fill,
    new_concept,
    new_hit,
    new_match,
)

if TYPE_CHECKING:
    from medoffice.terminology._search import SearchIndex
from medoffice.terminology._synonyms import ICD10CM_SYNONYMS

__all__ = [
    "SYSTEM_URI",
    "ancestors",
    "bundled",
    "chapter",
    "children",
    "get",
    "inherited_notes",
    "is_billable",
    "lookup",
    "releases",
    "search",
    "valid_on",
]

#: The FHIR system URI for ICD-10-CM (not WHO ICD-10).
SYSTEM_URI = "http://hl7.org/fhir/sid/icd-10-cm"
_SYSTEM = "icd10cm"
#: The longest code, without its dot (a longer query without a dot is words).
_CODE_MAX = 7
_NOTE_KINDS = {
    "inclusionTerm": "inclusion_terms",
    "includes": "includes",
    "excludes1": "excludes1",
    "excludes2": "excludes2",
    "codeFirst": "code_first",
    "useAdditionalCode": "use_additional_code",
    "codeAlso": "code_also",
    "notes": "notes",
    "sevenChrNote": "seventh_character_notes",
}
_EMPTY_NOTES = Notes()
_NO_TITLE = "[title not in the bundled data: new in {release}]"
_MAX_SUGGESTIONS = 25
_RANGE_RE = re.compile(r"[A-Z][0-9A-Z]{2}-[A-Z][0-9A-Z]{2}|[0-9]{1,2}")


def _display(code: str) -> str:
    if len(code) > 3 and "-" not in code and not code.isdigit():
        return f"{code[:3]}.{code[3:]}"
    return code


def _outside(prefix: str, code: str) -> bool:
    return not code.startswith(prefix)


def _key(code: object) -> str:
    """The canonical key for user input: trimmed, upper case, no dot."""
    text = require_str(code, "icd10cm").strip().replace(".", "")
    return text.upper() if text.isascii() else text


#: display, title, kind, billable, parent, notes, extensions.
_Described = tuple[str, str, ConceptKind, bool, str | None, Notes, tuple[Extension, ...]]


class _Bundled:
    """The bundled ICD-10-CM releases; implements :class:`CodeSet`."""

    def __init__(self, tables: Tables) -> None:
        self._tables = tables
        raw = tables.header
        self._releases = tuple(
            Release(
                id=r["id"],
                label=r["label"],
                starts=dt.date.fromisoformat(r["starts"]),
                ends=dt.date.fromisoformat(r["ends"]) if r.get("ends") else None,
                codes=r["billable"],
                source=r["source"],
                titles_complete=bool(r.get("titles", True)),
            )
            for r in raw["releases"]
        )
        self._starts = [r.starts for r in self._releases]
        self._release_ids = tuple(r.id for r in self._releases)
        self._newest_id = self._release_ids[-1]
        self._latest = len(self._releases) - 1
        self._tabular = raw["tabular_release"]
        self._codes = tables.codes
        self._index = dict(zip(self._codes, range(len(self._codes)), strict=True))
        self._parent = tables.parent
        self._billable = tables.billable
        self._present = tables.present
        self._seventh = tables.seventh
        self._history = tables.title_history
        self._titles = tables.titles
        self._title_offsets = tables.title_offsets
        self._notes_offsets = tables.notes_offsets

    # -- releases ---------------------------------------------------------------

    @property
    def system(self) -> str:
        return _SYSTEM

    def releases(self) -> tuple[Release, ...]:
        return self._releases

    def release_index(self, on: dt.date | None) -> int:
        if on is None:
            return self._latest
        i = bisect.bisect_right(self._starts, on) - 1
        if i < 0 or not self._releases[i].covers(on):
            if i < 0:
                detail = f"the earliest starts {self._releases[0].starts.isoformat()}"
            else:
                detail = f"the newest ends {self._releases[-1].ends}"
            msg = (
                f"icd10cm: no bundled release covers {on.isoformat()} ({detail}); "
                "pass code_set= for other dates"
            )
            raise NoRelease(msg, system=_SYSTEM, on=on)
        return i

    # -- items ------------------------------------------------------------------

    def find(self, key: str) -> int | None:
        return self._index.get(key)

    def present(self, idx: int, ridx: int) -> bool:
        return bool(self._present[idx] >> ridx & 1)

    def seventh_owner(self, idx: int) -> str | None:
        """The code whose 7th-character definition applies at ``idx`` (nearest ancestor-or-self)."""
        owner = self._owners[idx]
        return None if owner < 0 else self._codes[owner]

    def seventh_for(self, idx: int) -> list[list[str]] | None:
        """The 7th-character definition that applies at ``idx``."""
        owner = self.seventh_owner(idx)
        return None if owner is None else self._seventh[owner]

    @functools.cached_property
    def _owners(self) -> array[int]:
        """Per item, the index of the nearest ancestor-or-self with a 7th-character definition.

        ``-1`` where none applies. Items are in tabular order (a parent before its
        children, each subtree contiguous) and a code's descendants are the codes
        it starts, so each definition covers one run of items: found by bisection,
        filled by slice, in milliseconds. Nested definitions come later and win.
        """
        codes = self._codes
        size = len(codes)
        owners = array("i", [-1]) * size
        for owner in sorted(self._index[code] for code in self._seventh if code in self._index):
            outside = functools.partial(_outside, codes[owner])
            end = bisect.bisect_left(codes, x=True, lo=owner + 1, key=outside)
            owners[owner:end] = array("i", [owner]) * (end - owner)
        return owners

    def title(self, idx: int, ridx: int) -> str:
        code = self._codes[idx]
        history = self._history.get(code)
        if history is not None:
            release_id = self._release_ids[ridx]
            for rid, old in history:
                if rid == release_id:
                    return old
        offsets = self._title_offsets
        title = self._titles[offsets[idx] : offsets[idx + 1]]
        if title == UNTITLED:
            return _NO_TITLE.format(release=self._first_release(idx))
        if title == "":
            return self._completed_title(idx, ridx)
        return title

    def _completed_title(self, idx: int, ridx: int) -> str:
        """The title of a code completed by its 7th character: the parent's, and the character's."""
        parent = self._parent[idx]
        owner = self._owners[parent]
        extension = self._seventh_titles[owner].get(self._codes[idx][-1], "") if owner >= 0 else ""
        return f"{self.title(parent, ridx)}, {extension}"

    @functools.cached_property
    def _seventh_titles(self) -> dict[int, dict[str, str]]:
        """Each 7th-character definition as {character: title}, by its owner's index."""
        index = self._index
        return {
            index[owner]: {pair[0]: pair[1] for pair in d} for owner, d in self._seventh.items()
        }

    def _first_release(self, idx: int) -> str:
        mask = self._present[idx]
        for i, release in enumerate(self._releases):
            if mask >> i & 1:
                return release.id
        return self._releases[-1].id  # pragma: no cover (every item is in a release)

    def notes(self, idx: int) -> Notes:
        raw = self._tables.item_notes(idx)
        return Notes(**{_NOTE_KINDS[k]: v for k, v in raw.items() if k in _NOTE_KINDS})

    @functools.cached_property
    def _extension_tuples(self) -> dict[int, tuple[Extension, ...]]:
        """Each 7th-character definition as Extension values, by its owner's index."""
        index = self._index
        return {
            index[owner]: tuple(Extension(character=c, title=t) for c, t in definition)
            for owner, definition in self._seventh.items()
        }

    @functools.lru_cache(maxsize=4096)  # noqa: B019 (one instance, lives for the process)
    def concept(self, idx: int, ridx: int) -> Concept:
        return self.build(idx, ridx)

    def build(self, idx: int, ridx: int) -> Concept:
        """Item ``idx`` as of release ``ridx``, built whole (the concept cache's miss)."""
        display, title, kind, billable, parent, notes, extensions = self.described(idx, ridx)
        return new_concept(
            _SYSTEM,
            self._codes[idx],
            display,
            title,
            kind,
            billable,
            self._release_ids[ridx],
            parent,
            notes,
            extensions,
            "",
        )

    def described(self, idx: int, ridx: int) -> _Described:
        """Item ``idx``'s fields but its code and release, in the fields' order.

        Display, title, kind, billable, parent, notes and extensions: each step
        inlined as it applies to the common cases.
        """
        code = self._codes[idx]
        parent = self._parent[idx]
        billable = bool(self._billable[idx] >> ridx & 1)
        offsets = self._title_offsets
        title = self._titles[offsets[idx] : offsets[idx + 1]]
        if code in self._history or title == UNTITLED:
            title = self.title(idx, ridx)
        elif not title:  # completed by its 7th character
            title = self._completed_title(idx, ridx)
        extensions: tuple[Extension, ...] = ()
        size = len(code)
        if size > 3 and code[3] != "-":
            display = f"{code[:3]}.{code[3:]}"
            kind = ConceptKind.CODE if billable else ConceptKind.SUBCATEGORY
            if size < 7:
                owner = self._owners[idx]
                if owner >= 0:
                    extensions = self._extension_tuples[owner]
        elif size == 3 and not code.isdigit():
            display = code
            kind = ConceptKind.CATEGORY
            owner = self._owners[idx]
            if owner >= 0:
                extensions = self._extension_tuples[owner]
        else:
            display = code
            kind = ConceptKind.BLOCK if "-" in code else ConceptKind.CHAPTER
        notes_offsets = self._notes_offsets
        return (
            display,
            title,
            kind,
            billable,
            self._codes[parent] if parent >= 0 else None,
            self.notes(idx) if notes_offsets[idx + 1] > notes_offsets[idx] else _EMPTY_NOTES,
            extensions,
        )

    def newest(self, text: str) -> Concept | None:
        """``get(text)`` in the newest release, deferred: ``lookup``'s cache-miss path.

        Only whether the code exists is settled here (no item data is read); the
        other fields are filled in from :meth:`build` when one is first read.
        """
        key = text.replace(".", "")  # E11.9 as written; e11.9 and the rest below
        if key not in self._index:
            key = _key(text)
            if key not in self._index:
                return None
        if key in self._absent:
            return None
        return deferred_concept(_SYSTEM, key, self._newest_id)

    @functools.cached_property
    def _absent(self) -> frozenset[str]:
        """The codes that the newest release does not have (a few thousand)."""
        bit = 1 << self._latest
        return frozenset(
            itertools.compress(self._codes, [not mask & bit for mask in self._present])
        )

    def fill(self, concept: Concept) -> bool:
        """Fill in a concept that :meth:`newest` deferred."""
        idx = self._index.get(concept.code)
        if idx is None or concept.release not in self._release_ids:
            return False
        fill(concept, (*self.described(idx, self._release_ids.index(concept.release)), ""))
        return True

    # -- CodeSet ----------------------------------------------------------------

    def get(self, code: str, *, on: dt.date | None = None) -> Concept | None:
        ridx = self.release_index(on)  # NoRelease for any code, known or not
        idx = self._index.get(code)
        if idx is None:
            idx = self._index.get(_key(code))
            if idx is None:
                return None
        if not self._present[idx] >> ridx & 1:
            return None
        return self.concept(idx, ridx)

    @functools.cached_property
    def _children(self) -> dict[int, list[int]]:
        kids: dict[int, list[int]] = {}
        for idx, parent in enumerate(self._parent):
            kids.setdefault(parent, []).append(idx)
        return kids

    def child_indexes(self, idx: int) -> list[int]:
        return self._children.get(idx, [])

    def children(self, code: str, *, on: dt.date | None = None) -> tuple[Concept, ...]:
        ridx = self.release_index(on)
        idx = self._index.get(_key(code))
        if idx is None:
            return ()
        return tuple(
            self.concept(child, ridx)
            for child in self.child_indexes(idx)
            if self._present[child] >> ridx & 1
        )

    def chapters(self) -> list[int]:
        return self._children.get(-1, [])

    def billable_under(self, idx: int, ridx: int) -> Iterator[int]:
        """Billable codes at or under ``idx`` in release ``ridx``, in tabular order."""
        stack = [idx]
        while stack:
            current = stack.pop()
            if not self._present[current] >> ridx & 1:
                continue
            if self._billable[current] >> ridx & 1:
                yield current
            stack.extend(reversed(self.child_indexes(current)))

    # -- search -----------------------------------------------------------------

    @functools.cached_property
    def _search_index(self) -> SearchIndex:
        from medoffice.terminology._search import Document, SearchIndex  # noqa: PLC0415

        docs = []
        tables = self._tables
        for idx, code in enumerate(self._codes):
            title = tables.title(idx)
            if not title or code.isdigit() or "-" in code:
                continue  # generated 7th-character codes, untitled codes, chapters, blocks
            terms = (
                tuple(tables.item_notes(idx).get("inclusionTerm", ()))
                if tables.has_notes(idx)
                else ()
            )
            prior = 0.3 if self._billable[idx] >> self._latest & 1 else 0.0
            if len(code) == 3:
                prior += 0.2
            docs.append(
                Document(
                    key=idx,
                    code=code,
                    title=title,
                    terms=terms,
                    synonyms=ICD10CM_SYNONYMS.get(code, ()),
                    prior=prior,
                )
            )
        docs.sort(key=lambda d: (len(d.title.split()), len(d.code), d.code))
        return SearchIndex(docs)

    def first_billable_child(self, idx: int, ridx: int) -> int | None:
        for child in self.child_indexes(idx):
            if self._billable[child] >> ridx & 1 and len(self._codes[child]) == 7:
                return child
        return None

    def search(
        self,
        query: str,
        *,
        limit: int = 10,
        billable_only: bool = False,
        on: dt.date | None = None,
    ) -> tuple[Hit, ...]:
        if type(query) is not str:
            require_str(query, "query")
        if limit < 1:
            msg = f"limit: must be at least 1, got {limit}"
            raise ValueError(msg)
        ridx = self._latest if on is None else self.release_index(on)
        billable = self._billable
        # Words (longer than any code, no dot) need no look at the code prefix.
        prefix = (
            None
            if len(query) > _CODE_MAX and "." not in query and len(query.strip()) > _CODE_MAX
            else self._code_prefix(query)
        )
        exact = None if prefix is None else self._exact_code_hit(prefix, ridx)
        if exact is not None and not (billable_only and not exact.billable):
            # A whole code that the index does not hold (one completed by its 7th
            # character, or one with no title): the code itself is the answer.
            return (exact,)
        code_match = None if prefix is None else lambda _: prefix
        if ridx == self._latest and not billable_only:
            # The common search: the few items the newest release lacks, as a set.
            found = self._search_index.ranked(
                query, limit=limit, code_match=code_match, reject=self._absent_items
            )
        else:
            present = self._present

            def accept(idx: int) -> bool:
                if not present[idx] >> ridx & 1:
                    return False
                if not billable_only or billable[idx] >> ridx & 1:
                    return True
                return self.first_billable_child(idx, ridx) is not None

            found = self._search_index.ranked(
                query, limit=limit, accept=accept, code_match=code_match
            )
        hits: list[Hit] = []
        seen: set[int] = set()
        codes, history = self._codes, self._history
        titles, offsets = self._titles, self._title_offsets
        for score, key, matches in found:
            idx = key
            if billable_only:
                # An entry that needs more characters: its first billable code,
                # which another entry may have given already.
                if not billable[idx] >> ridx & 1:
                    idx = self.first_billable_child(idx, ridx)  # type: ignore[assignment]
                if idx in seen:
                    continue
                seen.add(idx)
            code = codes[idx]
            title = titles[offsets[idx] : offsets[idx + 1]]
            if not title or title == UNTITLED or code in history:
                title = self.title(idx, ridx)
            # new_hit's work, inline (a call per hit costs more than the stores).
            hit = _new(_HitDraft)
            hit.code = code
            # Neither chapters nor blocks are searched: codes only.
            hit.display = f"{code[:3]}.{code[3:]}" if len(code) > 3 else code
            hit.title = title
            hit.billable = billable[idx] >> ridx & 1 == 1
            hit.score = score
            hit.matches = matches
            hit.__class__ = Hit
            hits.append(hit)
        return tuple(hits)

    @functools.cached_property
    def _absent_items(self) -> frozenset[int]:
        """The items that the newest release does not have."""
        return frozenset(self._index[code] for code in self._absent)

    def _exact_code_hit(self, key: str, ridx: int) -> Hit | None:
        idx = self._index.get(key)
        if idx is None or not self._present[idx] >> ridx & 1:
            return None
        if self._tables.title(idx) and len(key) < 7:
            return None  # indexed: found with its neighbours by code prefix
        return new_hit(
            self._codes[idx],
            _display(self._codes[idx]),
            self.title(idx, ridx),
            bool(self._billable[idx] >> ridx & 1),
            100.0,
            (new_match(key, key, Field.CODE, MatchKind.EXACT),),
        )

    def _code_prefix(self, query: str) -> str | None:
        text = _key(query)
        # Character 2 is a digit, except in FY2026's QA0 (genetic disorders): QA0.0101.
        looks_coded = text[1:2].isdigit() or text[2:3].isdigit()
        if 2 <= len(text) <= _CODE_MAX and text[0].isalpha() and looks_coded and text.isalnum():
            return text
        return None


@functools.cache
def _load() -> _Bundled:
    loaded = _Bundled(unpack(read_bytes("medoffice.terminology", "data/icd10cm.bin")))
    _LOADED.append(loaded)
    return loaded


#: The bundled code set once loaded (lookup's hot path reads it without a call).
_LOADED: list[_Bundled] = []


def bundled() -> CodeSet:
    """The bundled ICD-10-CM code set, loaded on first use.

    >>> [r.id for r in bundled().releases()][:2]
    ['FY2023', 'FY2023-APR']
    """
    return _load()


def _bundled_or(code_set: CodeSet | None) -> CodeSet:
    return _load() if code_set is None else code_set


def releases(*, code_set: CodeSet | None = None) -> tuple[Release, ...]:
    """The releases answered, oldest first, with the dates of service they cover.

    >>> [(r.id, str(r.starts)) for r in releases()][-3:-1]
    [('FY2025', '2024-10-01'), ('FY2026', '2025-10-01')]
    """
    return _bundled_or(code_set).releases()


def get(code: str, *, on: dt.date | None = None, code_set: CodeSet | None = None) -> Concept | None:
    """The concept for ``code`` as of ``on``, or ``None`` if there is none then.

    Args:
        code: Any case, with or without the dot; a block (``E08-E13``) or a
            chapter number (``4``) also works.
        on: The date of service (``None``: the newest bundled release).
        code_set: Answer from this code set instead of the bundled one.

    Raises:
        NoRelease: if no release covers ``on``.
        TypeError: if ``code`` is not a ``str``.

    >>> get("E11").billable, get("ZZZ") is None
    (False, True)
    """
    return _bundled_or(code_set).get(_key(code), on=on)


def lookup(
    code: str,
    *,
    on: dt.date | None = None,
    billable: bool = False,
    code_set: CodeSet | None = None,
) -> Concept:
    """The concept for ``code`` as of ``on``; raise with suggestions if there is none.

    Args:
        code: Any case, with or without the dot.
        on: The date of service (``None``: the newest bundled release).
        billable: Also refuse a code that is valid but not billable (a header
            such as ``E11``), suggesting its billable codes.
        code_set: Answer from this code set instead of the bundled one.

    Raises:
        UnknownCode: with ``suggestions`` that fix the common mistakes: a missing
            placeholder X, a header instead of its billable codes, a code not
            yet (or no longer) valid on that date.
        NoRelease: if no release covers ``on``.
        TypeError: if ``code`` is not a ``str``.

    >>> lookup("I10").title
    'Essential (primary) hypertension'
    >>> try:
    ...     lookup("E11", billable=True)
    ... except LookupError as exc:
    ...     print(exc.suggestions[0].code, "-", exc.suggestions[0].reason)
    E1100 - billable code under E11
    """
    if on is None and code_set is None and not billable and type(code) is str:
        # The common call, answered from the last codes asked, as the user typed them.
        concept = _RECENT.get(code)
        if concept is not None:
            return concept
        # Built afresh: the concept cache behind get() would only add its cost here.
        # _Bundled.newest and deferred_concept, inline (two calls cost a third of it).
        cs = _LOADED[0] if _LOADED else _load()
        key = code.replace(".", "")  # E11.9 as written; e11.9 and the rest by newest()
        if key in cs._index and key not in cs._absent:
            concept = _new(_ConceptDraft)
            concept.system = _SYSTEM
            concept.code = key
            concept.release = cs._newest_id
            concept.__class__ = Concept
        else:
            concept = cs.newest(code) or _lookup(code, None, billable=False, code_set=None)
        if len(_RECENT) >= _RECENT_MAX:
            _RECENT.clear()
        _RECENT[code] = concept
        return concept
    return _lookup(code, on, billable=billable, code_set=code_set)


def fill_deferred(concept: Concept) -> bool:
    """Fill in a concept that ``lookup`` deferred (``False``: not one of the bundled set's)."""
    return _load().fill(concept)


#: lookup(code) with the defaults, by the text given: bounded, cleared when full.
_RECENT: dict[str, Concept] = {}
_RECENT_MAX = 4096


def _lookup(code: str, on: dt.date | None, *, billable: bool, code_set: CodeSet | None) -> Concept:
    cs = _bundled_or(code_set)
    key = _key(code)
    concept = cs.get(key, on=on)
    if concept is not None and (concept.billable or not billable):
        return concept
    return _raise_unknown(cs, key, on, header=concept)


def _raise_unknown(cs: CodeSet, key: str, on: dt.date | None, header: Concept | None) -> NoReturn:
    """Raise :class:`UnknownCode` for ``key`` with the suggestions that fit."""
    if header is not None:
        suggestions = _billable_under(cs, key, on, reason=f"billable code under {key}")
        message = f"icd10cm: {_display(key)} is a header, not a billable code"
        raise UnknownCode(message, system=cs.system, code=key, suggestions=suggestions)
    if _RANGE_RE.fullmatch(key):  # a block (A00-A09) or a chapter (4): no neighbours
        message = f"icd10cm: {key} is not a block or chapter"
        raise UnknownCode(message, system=cs.system, code=key)
    if not _format.is_valid(key):
        _format.validate(key)  # raises the InvalidCode that says what is wrong
    suggestions = (
        _placeholder_fixes(cs, key, on) or _other_releases(cs, key, on) or _nearest(cs, key, on)
    )
    when = "" if on is None else f" on {on.isoformat()}"
    message = f"icd10cm: {_display(key)} is not a code{when}"
    raise UnknownCode(message, system=cs.system, code=key, suggestions=suggestions)


def _billable_under(
    cs: CodeSet, key: str, on: dt.date | None, *, reason: str
) -> tuple[Suggestion, ...]:
    if isinstance(cs, _Bundled):
        idx = cs.find(key)
        if idx is None:
            return ()
        ridx = cs.release_index(on)
        codes = itertools.islice(cs.billable_under(idx, ridx), _MAX_SUGGESTIONS)
        return tuple(Suggestion(code=cs._codes[i], reason=reason) for i in codes)
    found: list[Suggestion] = []
    stack = list(reversed(cs.children(key, on=on)))
    while stack and len(found) < _MAX_SUGGESTIONS:
        concept = stack.pop()
        if concept.billable:
            found.append(Suggestion(code=concept.code, reason=reason))
        stack.extend(reversed(cs.children(concept.code, on=on)))
    return tuple(found)


def _placeholder_fixes(cs: CodeSet, key: str, on: dt.date | None) -> tuple[Suggestion, ...]:
    """``W2189A`` → ``W2189XA``: insert placeholder X's before the 7th character."""
    if not (4 <= len(key) < 7 and key[-1].isalpha()):
        return ()
    missing = 7 - len(key)
    body, last = key[:-1], key[-1]
    found: list[Suggestion] = []
    for positions in itertools.combinations(range(3, 7), missing):
        chars = list(body)
        for p in positions:
            chars.insert(p, "X")
        candidate = "".join(chars) + last
        if len(candidate) != 7 or candidate in (s.code for s in found):
            continue
        concept = cs.get(candidate, on=on)
        if concept is not None and concept.billable:
            found.append(Suggestion(code=candidate, reason="add the placeholder X"))
    return tuple(found)


def _other_releases(cs: CodeSet, key: str, on: dt.date | None) -> tuple[Suggestion, ...]:
    """The releases where ``key`` is a billable code, and what replaced it."""
    found: list[Suggestion] = []
    for release in cs.releases():
        concept = cs.get(key, on=release.starts)
        if concept is not None and concept.billable:
            ends = release.ends.isoformat() if release.ends else "open"
            reason = f"valid in {release.label} ({release.starts.isoformat()} to {ends})"
            found.append(Suggestion(code=key, reason=reason))
    if found:
        found.extend(_billable_under(cs, key, on, reason=f"billable code under {key} on that date"))
    return tuple(found)


def _nearest(cs: CodeSet, key: str, on: dt.date | None) -> tuple[Suggestion, ...]:
    """Billable codes under the longest prefix of ``key`` that exists."""
    for end in range(len(key) - 1, 2, -1):
        prefix = key[:end]
        concept = cs.get(prefix, on=on)
        if concept is not None:
            if concept.billable:
                return (Suggestion(code=prefix, reason=f"the nearest code to {key}"),)
            return _billable_under(cs, prefix, on, reason=f"billable code under {prefix}")
    return ()


def is_billable(code: str, *, on: dt.date | None = None, code_set: CodeSet | None = None) -> bool:
    """Whether ``code`` may go on a claim on ``on`` (``False`` for unknown codes and headers).

    >>> is_billable("E11.9"), is_billable("E11"), is_billable("E11.99")
    (True, False, False)
    """
    concept = _bundled_or(code_set).get(_key(code), on=on)
    return concept is not None and concept.billable


def valid_on(code: str, on: dt.date, *, code_set: CodeSet | None = None) -> bool:
    """Whether ``code`` is a billable code for a date of service ``on``.

    >>> valid_on("E11.9", dt.date(2023, 1, 15))
    True
    """
    return is_billable(code, on=on, code_set=code_set)


def children(
    code: str, *, on: dt.date | None = None, code_set: CodeSet | None = None
) -> tuple[Concept, ...]:
    """The direct children of ``code`` (empty for a leaf or an unknown code).

    >>> [c.display for c in children("E11.6")][:3]
    ['E11.61', 'E11.62', 'E11.63']
    """
    return _bundled_or(code_set).children(_key(code), on=on)


def ancestors(
    code: str, *, on: dt.date | None = None, code_set: CodeSet | None = None
) -> tuple[Concept, ...]:
    """The concepts above ``code``, nearest first, ending at its chapter.

    Raises:
        UnknownCode: if ``code`` is not a code on ``on``.

    >>> [c.code for c in ancestors("E11.9")]
    ['E11', 'E08-E13', '4']
    """
    cs = _bundled_or(code_set)
    concept = lookup(code, on=on, code_set=cs)
    found: list[Concept] = []
    while concept.parent is not None:
        parent = cs.get(concept.parent, on=on)
        if parent is None:
            break
        found.append(parent)
        concept = parent
    return tuple(found)


def chapter(code: str, *, on: dt.date | None = None, code_set: CodeSet | None = None) -> Concept:
    """The chapter ``code`` belongs to.

    >>> chapter("I10").title
    'Diseases of the circulatory system (I00-I99)'
    """
    found = ancestors(code, on=on, code_set=code_set)
    return found[-1] if found else lookup(code, on=on, code_set=code_set)


def inherited_notes(
    code: str, *, on: dt.date | None = None, code_set: CodeSet | None = None
) -> tuple[tuple[str, Notes], ...]:
    """The notes that apply to ``code``: its own, then each ancestor's, nearest first.

    Instructional notes on a chapter, block or category apply to everything
    under it (ICD-10-CM Guidelines I.A).

    >>> [where for where, notes in inherited_notes("E11.9")]
    ['E119', 'E11', '4']
    """
    concept = lookup(code, on=on, code_set=code_set)
    chain = (concept, *ancestors(code, on=on, code_set=code_set))
    return tuple((c.code, c.notes) for c in chain if c.notes)


def search(
    query: str,
    *,
    limit: int = 10,
    billable_only: bool = False,
    on: dt.date | None = None,
    code_set: CodeSet | None = None,
) -> tuple[Hit, ...]:
    """Ranked keyword search over titles, inclusion terms and lay synonyms.

    Words may be typed partly (the last word is matched as a prefix) or with
    one typo each; a code or code prefix finds the codes it starts. Each
    :class:`~medoffice.terminology.Hit` says which words matched where.

    Args:
        query: The words (or a code prefix) to look for.
        limit: The most hits to return.
        billable_only: Only codes that may go on a claim; an entry that needs a
            7th character is shown as its first billable form.
        on: The date of service (``None``: the newest bundled release).
        code_set: Search this code set instead of the bundled one.

    >>> [h.display for h in search("essential hypertension", limit=1)]
    ['I10']
    >>> search("heart attack", limit=1)[0].matches[0].field.value
    'synonym'
    """
    return _bundled_or(code_set).search(query, limit=limit, billable_only=billable_only, on=on)
