"""``CodeTable``: a code set built from rows, for the caller's own code sets."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Mapping, Sequence

from medoffice.codes._util import require_str
from medoffice.terminology._model import Concept, ConceptKind, Hit, NoRelease, Release
from medoffice.terminology._search import Document, SearchIndex

__all__ = ["CodeTable", "Row", "plain_code"]

#: ``(code, title)``, ``(code, title, billable)`` or ``(code, title, billable, parent)``.
Row = tuple[str, str] | tuple[str, str, bool] | tuple[str, str, bool, str | None]


def plain_code(code: str) -> str:
    """The default normalisation: trimmed, upper case (ASCII), without dots or spaces.

    >>> plain_code(" e11.9 ")
    'E119'
    """
    text = require_str(code, "code").strip().replace(".", "").replace(" ", "")
    return text.upper() if text.isascii() else text


def _refuse_cycles(entries: Mapping[str, tuple[str, bool, str | None]]) -> None:
    """Raise ``ValueError`` if following parents from some code comes back to it."""
    settled: set[str] = set()  # codes whose chain of parents ends at a root
    for code in entries:
        path: dict[str, None] = {}
        at: str | None = code
        while at is not None and at not in settled:
            if at in path:
                msg = f"rows: the parents of {code!r} form a cycle"
                raise ValueError(msg)
            path[at] = None
            at = entries[at][2]
        settled.update(path)


class CodeTable:
    """A code set made from the caller's rows, answering like the bundled ones.

    Use it for a code set medoffice cannot ship: a CPT file the practice
    licenses, a payer's custom codes, or a newer ICD-10-CM release. It
    implements :class:`~medoffice.terminology.CodeSet`, so every function that
    takes ``code_set=`` accepts it.

    Args:
        system: The code system's short name (``cpt``).
        rows: ``(code, title)``, ``(code, title, billable)`` or
            ``(code, title, billable, parent_code)`` tuples, in display order.
        release: The release these rows are (dates of service it covers). Without
            one, the table answers for every date.
        synonyms: Extra search phrases per code (lay terms, local jargon).
        normalize: Turns user input into the canonical code (default: trim,
            upper case, drop dots).
        display: Turns a canonical code into its display form (default: as is).

    Raises:
        ValueError: if a code appears twice, a parent code is not in the rows, or
            following the parents of a code leads back to it.

    >>> cpt = CodeTable(system="cpt", rows=[
    ...     ("99213", "Office or other outpatient visit, established patient, low MDM"),
    ...     ("99214", "Office or other outpatient visit, established patient, moderate MDM"),
    ... ], synonyms={"99213": ["follow-up visit"]})
    >>> cpt.get("99213").title
    'Office or other outpatient visit, established patient, low MDM'
    >>> [h.code for h in cpt.search("follow up")]
    ['99213']
    """

    def __init__(
        self,
        *,
        system: str,
        rows: Iterable[Row],
        release: Release | None = None,
        synonyms: Mapping[str, Sequence[str]] | None = None,
        normalize: Callable[[str], str] = plain_code,
        display: Callable[[str], str] = str,
    ) -> None:
        self._system = system
        self._release = release or Release(
            id="unversioned", label=f"{system} (caller-supplied)", starts=dt.date.min
        )
        self._normalize = normalize
        self._display = display
        self._synonyms = {normalize(k): tuple(v) for k, v in (synonyms or {}).items()}
        entries: dict[str, tuple[str, bool, str | None]] = {}
        for row in rows:
            code = normalize(row[0])
            title = row[1]
            billable = bool(row[2]) if len(row) > 2 else True
            parent = normalize(row[3]) if len(row) > 3 and row[3] is not None else None
            if code in entries:
                msg = f"rows: code {code!r} appears more than once"
                raise ValueError(msg)
            entries[code] = (title, billable, parent)
        children: dict[str, list[str]] = {}
        for code, (_title, _billable, parent) in entries.items():
            if parent is not None:
                if parent not in entries:
                    msg = f"rows: the parent {parent!r} of {code!r} is not in the rows"
                    raise ValueError(msg)
                children.setdefault(parent, []).append(code)
        _refuse_cycles(entries)
        self._entries = entries
        self._children = {k: tuple(v) for k, v in children.items()}
        self._order = {code: i for i, code in enumerate(entries)}

    @property
    def system(self) -> str:
        """The code system's short name.

        >>> CodeTable(system="cpt", rows=[]).system
        'cpt'
        """
        return self._system

    def releases(self) -> tuple[Release, ...]:
        """The one release this table is.

        >>> CodeTable(system="cpt", rows=[]).releases()[0].id
        'unversioned'
        """
        return (self._release,)

    def __len__(self) -> int:
        return len(self._entries)

    def _check_date(self, on: dt.date | None) -> None:
        if on is not None and not self._release.covers(on):
            msg = f"{self._system}: release {self._release.id} does not cover {on.isoformat()}"
            raise NoRelease(msg, system=self._system, on=on)

    def get(self, code: str, *, on: dt.date | None = None) -> Concept | None:
        """The concept for ``code``, or ``None`` if the table does not have it.

        Raises:
            NoRelease: if the table's release does not cover ``on``.

        >>> CodeTable(system="x", rows=[("A1", "One")]).get("a1").display
        'A1'
        """
        self._check_date(on)
        key = self._normalize(code)
        entry = self._entries.get(key)
        if entry is None:
            return None
        return self._concept(key)

    @functools.lru_cache(maxsize=4096)  # noqa: B019 (tables live as long as their users)
    def _concept(self, key: str) -> Concept:
        title, billable, parent = self._entries[key]
        kind = ConceptKind.CODE if key not in self._children else ConceptKind.CATEGORY
        return Concept(
            system=self._system,
            code=key,
            display=self._display(key),
            title=title,
            kind=kind,
            billable=billable,
            release=self._release.id,
            parent=parent,
        )

    def children(self, code: str, *, on: dt.date | None = None) -> tuple[Concept, ...]:
        """The rows whose parent is ``code``.

        >>> t = CodeTable(system="x", rows=[("A", "Group", False), ("A1", "One", True, "A")])
        >>> [c.code for c in t.children("A")]
        ['A1']
        """
        self._check_date(on)
        return tuple(self._concept(c) for c in self._children.get(self._normalize(code), ()))

    @functools.cached_property
    def _index(self) -> SearchIndex:
        docs = []
        for number, (code, (title, billable, _parent)) in enumerate(self._entries.items()):
            docs.append(
                Document(
                    key=number,
                    code=code,
                    title=title,
                    synonyms=self._synonyms.get(code, ()),
                    prior=0.2 if billable else 0.0,
                )
            )
        return SearchIndex(docs)

    @functools.cached_property
    def _codes_by_number(self) -> tuple[str, ...]:
        return tuple(self._entries)

    def search(
        self,
        query: str,
        *,
        limit: int = 10,
        billable_only: bool = False,
        on: dt.date | None = None,
    ) -> tuple[Hit, ...]:
        """Ranked keyword search over titles and synonyms, and by code prefix.

        >>> t = CodeTable(system="x", rows=[("A1", "Left knee"), ("A2", "Right knee")])
        >>> [h.code for h in t.search("knee right")]
        ['A2']
        >>> [h.code for h in t.search("a")]
        ['A1', 'A2']
        """
        self._check_date(on)
        require_str(query, "query")
        if limit < 1:
            msg = f"limit: must be at least 1, got {limit}"
            raise ValueError(msg)
        codes = self._codes_by_number
        accept = None
        if billable_only:

            def accept(number: int) -> bool:
                return self._entries[codes[number]][1]

        def code_match(text: str) -> str | None:
            key = self._normalize(text)
            return key if key and " " not in text.strip() and key.isalnum() else None

        found = self._index.search(query, limit=limit, accept=accept, code_match=code_match)
        hits = []
        for f in found:
            code = codes[f.key]
            title, billable, _parent = self._entries[code]
            hits.append(
                Hit(
                    code=code,
                    display=self._display(code),
                    title=title,
                    billable=billable,
                    score=f.score,
                    matches=f.matches,
                )
            )
        return tuple(hits)
