"""Place of service: the CMS code set for *where* a service was given, by date.

A professional claim says where each service happened with a two-digit place
of service (POS) code: box 24B of the CMS-1500, ``CLM05-1`` (or ``SV105``) of the
837P. The payer prices the line by it (facility or non-facility rates).

>>> lookup("11").title
'Office'
>>> lookup("10").description[:60]
'The location where health services and health related servic'

Codes are two ASCII digits, given as a ``str`` (surrounding space is ignored);
an ``int`` raises ``TypeError`` (``1`` is not ``"01"``), and anything but two
digits raises :class:`~medoffice.exceptions.InvalidCode`. 52 of the 100 codes
are assigned; the others raise :class:`~medoffice.exceptions.UnknownCode`:

>>> try:
...     lookup("28")
... except LookupError as exc:
...     print(exc)
pos: 28 is unassigned in the CMS place-of-service code set

The table is dated. It answers dates of service from 2016-01-01 and knows the
codes added since (02 in 2017, 58 in 2020, 10 in 2022, 27 in 2023, 66 in 2024)
and the 2022 renaming of 02; before 2016-01-01 it raises
:class:`~medoffice.terminology.NoRelease`:

>>> try:
...     lookup("10", on=dt.date(2021, 6, 1))
... except LookupError as exc:
...     print(exc)
pos: 10 is not a place of service on 2021-06-01; did you mean: 10 (not yet valid: effective 2022-01-01)
>>> lookup("02", on=dt.date(2021, 6, 1)).title
'Telehealth'

Other codes carry today's names and descriptions for every date. The Medicare
facility / non-facility designation is not included (it is a payment rule, not
part of the code set, and the source at hand could not be verified).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence

import attrs

from medoffice._resources import read_text
from medoffice.codes._util import require_str
from medoffice.exceptions import InvalidFormat, InvalidLength, Suggestion, UnknownCode
from medoffice.terminology._model import CodeSet, Concept, ConceptKind, Hit, NoRelease, Release
from medoffice.terminology._search import Document, SearchIndex, normalize_words

__all__ = ["SYSTEM_URI", "bundled", "codes", "get", "lookup", "releases", "search"]

#: The FHIR system URI for the CMS place-of-service code set.
SYSTEM_URI = "https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set"

_SYSTEM = "pos"
_DATA = "data/pos.tsv"
_HEADER = "code\tstarts\tends\tname\tdescription"
_TABLE_STARTS = dt.date(2016, 1, 1)

#: Everyday words for places (medoffice's own, not CMS's).
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "02": ("telehealth", "telemedicine", "virtual visit", "video visit"),
    "10": ("telehealth at home", "telemedicine at home", "video visit from home"),
    "11": ("doctor's office", "clinic office", "physician office", "in person visit"),
    "12": ("house call", "patient's home", "home visit"),
    "13": ("alf",),
    "15": ("mobile clinic", "van"),
    "16": ("hotel",),
    "17": ("retail clinic", "minute clinic"),
    "19": ("hospital outpatient off campus", "hopd"),
    "20": ("urgent care", "walk-in clinic"),
    "21": ("hospital inpatient", "admitted"),
    "22": ("hospital outpatient", "hopd", "outpatient department"),
    "23": ("er", "ed", "emergency department"),
    "24": ("asc", "surgery center", "surgicenter"),
    "31": ("snf",),
    "32": ("nursing home", "nf"),
    "41": ("ambulance",),
    "42": ("air ambulance", "helicopter"),
    "49": ("independent clinic",),
    "50": ("fqhc", "community health center"),
    "54": ("icf", "icf/iid"),
    "57": ("outpatient rehab for substance use",),
    "58": ("otp", "methadone clinic", "opioid treatment program"),
    "60": ("flu shot clinic", "vaccination site"),
    "61": ("cirf", "inpatient rehab", "irf"),
    "62": ("corf",),
    "65": ("dialysis center", "esrd facility"),
    "66": ("pace",),
    "71": ("health department",),
    "72": ("rhc",),
    "81": ("lab", "laboratory", "reference lab"),
    "99": ("other",),
}


#: Longer words cannot match an indexed word (even with a typo), and looking for
#: one-typo variants of them costs time quadratic in their length.
_LONGEST_WORD = 64
#: Only the start of a longer query is searched (no one types more; junk stays fast).
_LONGEST_QUERY = 256


def _tame(query: str) -> str:
    """``query`` cut to its first 256 characters, without words too long to match anything."""
    query = query[:_LONGEST_QUERY]
    words = normalize_words(query)
    if all(len(w) <= _LONGEST_WORD for w in words):
        return query
    return " ".join(w for w in words if len(w) <= _LONGEST_WORD)


def _key(code: object) -> str:
    """Two ASCII digits, or raise ``TypeError`` / :class:`InvalidCode`."""
    text = require_str(code, _SYSTEM).strip()
    if not (text.isascii() and text.isdigit()):
        msg = "pos: a place of service is two digits (11, 02)"
        raise InvalidFormat(msg, field=_SYSTEM, code="pos.format")
    if len(text) != 2:
        msg = "pos: must be exactly 2 digits (01, not 1)"
        raise InvalidLength(msg, field=_SYSTEM, code="pos.length")
    return text


def _plain(code: object) -> str | None:
    """The key for ``code``, or ``None`` if it is not two digits (``TypeError`` stays)."""
    text = require_str(code, _SYSTEM).strip()
    return text if len(text) == 2 and text.isascii() and text.isdigit() else None


@attrs.frozen
class _Version:
    code: str
    starts: dt.date
    ends: dt.date | None
    name: str
    description: str

    def covers(self, on: dt.date | None) -> bool:
        if on is None:
            return self.ends is None
        return self.starts <= on and (self.ends is None or on <= self.ends)


class _Bundled:
    """The bundled place-of-service table; implements :class:`CodeSet`."""

    def __init__(self, text: str) -> None:
        lines = text.splitlines()
        if not lines or lines[0] != _HEADER:
            msg = f"{_DATA}: unexpected header"
            raise ValueError(msg)
        versions: list[_Version] = []
        for line in lines[1:]:
            code, starts, ends, name, description = line.split("\t")
            versions.append(
                _Version(
                    code=code,
                    starts=dt.date.fromisoformat(starts) if starts else _TABLE_STARTS,
                    ends=dt.date.fromisoformat(ends) if ends else None,
                    name=name,
                    description=description,
                )
            )
        self._versions = tuple(versions)
        by_code: dict[str, list[_Version]] = {}
        for version in versions:
            by_code.setdefault(version.code, []).append(version)
        self._by_code = {code: tuple(found) for code, found in by_code.items()}
        latest = max(v.starts for v in versions)
        current = sum(1 for v in versions if v.ends is None)
        self._release = Release(
            id=latest.strftime("%Y-%m"),
            label=f"CMS place of service codes (changes through {latest.isoformat()})",
            starts=_TABLE_STARTS,
            codes=current,
            source="CMS place-of-service code set (names: CMS BFD; descriptions: CMS)",
        )

    @property
    def system(self) -> str:
        return _SYSTEM

    def releases(self) -> tuple[Release, ...]:
        return (self._release,)

    def check_date(self, on: dt.date | None) -> None:
        if on is not None and on < _TABLE_STARTS:
            msg = (
                f"pos: the bundled table answers dates of service from"
                f" {_TABLE_STARTS.isoformat()}, not {on.isoformat()}; pass code_set= for"
                " earlier dates"
            )
            raise NoRelease(msg, system=_SYSTEM, on=on)

    def versions(self, key: str) -> tuple[_Version, ...]:
        return self._by_code.get(key, ())

    @functools.lru_cache(maxsize=256)  # noqa: B019 (one instance, lives for the process)
    def concept(self, version: _Version) -> Concept:
        return Concept(
            system=_SYSTEM,
            code=version.code,
            display=version.code,
            title=version.name,
            kind=ConceptKind.CODE,
            billable=True,
            release=self._release.id,
            description=version.description,
        )

    def in_effect(self, on: dt.date | None) -> tuple[Concept, ...]:
        self.check_date(on)
        return tuple(self.concept(v) for v in self._versions if v.covers(on))

    # -- CodeSet ----------------------------------------------------------------

    def get(self, code: str, *, on: dt.date | None = None) -> Concept | None:
        self.check_date(on)
        key = _plain(code)
        for version in self.versions(key) if key is not None else ():
            if version.covers(on):
                return self.concept(version)
        return None

    def children(self, code: str, *, on: dt.date | None = None) -> tuple[Concept, ...]:
        self.check_date(on)
        require_str(code, _SYSTEM)
        return ()

    @functools.cached_property
    def _index(self) -> SearchIndex:
        return SearchIndex(
            Document(
                key=number,
                code=v.code,
                title=v.name,
                terms=(v.description,),
                synonyms=_SYNONYMS.get(v.code, ()),
            )
            for number, v in enumerate(self._versions)
        )

    def search(
        self,
        query: str,
        *,
        limit: int = 10,
        billable_only: bool = False,  # every place of service is billable
        on: dt.date | None = None,
    ) -> tuple[Hit, ...]:
        self.check_date(on)
        require_str(query, "query")
        versions = self._versions

        def accept(number: int) -> bool:
            return versions[number].covers(on)

        found = self._index.search(
            _tame(query), limit=limit, accept=accept, code_match=_code_prefix
        )
        return tuple(
            Hit(
                code=versions[f.key].code,
                display=versions[f.key].code,
                title=versions[f.key].name,
                billable=True,
                score=f.score,
                matches=f.matches,
            )
            for f in found
        )


def _code_prefix(query: str) -> str | None:
    text = query.strip()
    return text if 1 <= len(text) <= 2 and text.isascii() and text.isdigit() else None


@functools.cache
def _load() -> _Bundled:
    return _Bundled(read_text("medoffice.terminology", _DATA))


def bundled() -> CodeSet:
    """The bundled place-of-service table, loaded on first use.

    >>> bundled().releases()[0].starts
    datetime.date(2016, 1, 1)
    """
    return _load()


def _bundled_or(code_set: CodeSet | None) -> CodeSet:
    return _load() if code_set is None else code_set


def releases(*, code_set: CodeSet | None = None) -> tuple[Release, ...]:
    """The releases answered, with the dates of service they cover.

    The bundled table is one release from 2016-01-01, open-ended, named after
    its latest recorded change.

    >>> [(r.id, str(r.starts), r.ends, r.codes) for r in releases()]
    [('2024-08', '2016-01-01', None, 52)]
    """
    return _bundled_or(code_set).releases()


def get(code: str, *, on: dt.date | None = None, code_set: CodeSet | None = None) -> Concept | None:
    """The place of service ``code`` as of ``on``, or ``None`` if there is none then.

    Never raises for a code that is not two digits (it is simply not there).

    Args:
        code: Two digits (``"11"``).
        on: The date of service (``None``: today's code set).
        code_set: Answer from this code set instead of the bundled one.

    Raises:
        NoRelease: if no release covers ``on``.
        TypeError: if ``code`` is not a ``str``.

    >>> get("21").title, get("28"), get("1")
    ('Inpatient Hospital', None, None)
    >>> get("27", on=dt.date(2023, 9, 30)) is None
    True
    """
    return _bundled_or(code_set).get(require_str(code, _SYSTEM).strip(), on=on)


def lookup(code: str, *, on: dt.date | None = None, code_set: CodeSet | None = None) -> Concept:
    """The place of service ``code`` as of ``on``; raise if there is none then.

    Args:
        code: Two digits, as a ``str`` (``"11"``, ``" 11 "``).
        on: The date of service (``None``: today's code set).
        code_set: Answer from this code set instead of the bundled one (a
            payer's or a newer CMS table, as a :class:`~medoffice.terminology.CodeTable`).

    Raises:
        UnknownCode: for an unassigned code, or one not in effect on ``on``
            (with a suggestion saying when it is).
        InvalidCode: if ``code`` is not two digits (``pos.format``, ``pos.length``).
        NoRelease: if no release covers ``on``.
        TypeError: if ``code`` is not a ``str``.

    >>> lookup(" 23 ").title
    'Emergency Room – Hospital'
    >>> lookup("1")
    Traceback (most recent call last):
        ...
    medoffice.exceptions.InvalidLength: pos: must be exactly 2 digits (01, not 1)
    """
    cs = _bundled_or(code_set)
    key = _key(code)
    concept = cs.get(key, on=on)
    if concept is not None:
        return concept
    when = "" if on is None else f" on {on.isoformat()}"
    if isinstance(cs, _Bundled):
        versions = cs.versions(key)
        if not versions:
            message = f"pos: {key} is unassigned in the CMS place-of-service code set"
            raise UnknownCode(message, system=_SYSTEM, code=key)
        message = f"pos: {key} is not a place of service{when}"
        raise UnknownCode(message, system=_SYSTEM, code=key, suggestions=_validity(versions, on))
    message = f"pos: {key} is not a place of service in {cs.releases()[-1].label}{when}"
    raise UnknownCode(message, system=cs.system, code=key)


def _validity(versions: Sequence[_Version], on: dt.date | None) -> tuple[Suggestion, ...]:
    first, last = versions[0], versions[-1]
    if on is not None and on < first.starts:
        reason = f"not yet valid: effective {first.starts.isoformat()}"
    else:  # versions follow each other without gaps, so the code has ended
        reason = f"no longer valid: ended {last.ends}"
    return (Suggestion(code=first.code, reason=reason),)


def codes(*, on: dt.date | None = None) -> tuple[Concept, ...]:
    """The assigned places of service on ``on`` (``None``: today), in code order.

    Raises:
        NoRelease: if the bundled table does not cover ``on``.

    >>> len(codes()), len(codes(on=dt.date(2021, 6, 1)))
    (52, 49)
    >>> [c.code for c in codes()][:4]
    ['01', '02', '03', '04']
    """
    return _load().in_effect(on)


def search(
    query: str,
    *,
    limit: int = 10,
    on: dt.date | None = None,
    code_set: CodeSet | None = None,
) -> tuple[Hit, ...]:
    """Ranked keyword search over names, descriptions and everyday words.

    A code or its first digit finds the codes it starts.

    Args:
        query: The words (or a code prefix) to look for.
        limit: The most hits to return.
        on: The date of service (``None``: today's code set).
        code_set: Search this code set instead of the bundled one.

    Raises:
        NoRelease: if no release covers ``on``.
        TypeError: if ``query`` is not a ``str``.

    >>> [h.code for h in search("telehealth home", limit=1)]
    ['10']
    >>> [h.code for h in search("nursing home", limit=1)]
    ['32']
    """
    return _bundled_or(code_set).search(_tame(require_str(query, "query")), limit=limit, on=on)
