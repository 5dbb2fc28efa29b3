"""HCPCS Level II: every code and modifier with its CMS description, and search.

HCPCS Level II (CMS, public domain) codes supplies, drugs, equipment and services
that CPT does not: ``J3490`` unclassified drugs, ``G0008`` flu vaccine
administration, ``E0114`` crutches. Its two-character *modifiers* (``LT``,
``XS``, ``GT`` …) qualify a code on a claim line. Both are here, looked up by
their shape: two characters are a modifier, five a code.

>>> lookup("j3490").title
'Unclassified drugs'
>>> lookup("lt").kind.value, lookup("lt").title
('modifier', 'Left side (used to identify procedures performed on the left side of the body)')
>>> is_noc("J3490")
True

The bundled release is the CMS **July 2025** quarterly file, which applies to dates
of service from 2025-07-01. The file has no per-code dates, so every code is
answered alike for any date from then on (a later quarterly update may have added
or deleted codes: pass ``code_set=`` for a newer file). Dates before 2025-07-01
raise :class:`~medoffice.terminology.NoRelease` rather than guess:

>>> lookup("J3490", on=dt.date(2025, 6, 30))
Traceback (most recent call last):
    ...
medoffice.terminology._model.NoRelease: hcpcs: the bundled release (HCPCS Level II July 2025) starts 2025-07-01 and does not cover 2025-06-30; pass code_set= for other dates

Mistakes come back as :class:`~medoffice.exceptions.UnknownCode` with
suggestions. CPT codes and CPT modifiers are AMA material that medoffice does not
ship, and are called out as such:

>>> try:
...     lookup("99213")
... except LookupError as exc:
...     print(exc)
hcpcs: 99213 is a CPT (HCPCS Level I) code: CPT descriptors are AMA material that medoffice does not ship; pass code_set= with a CPT file your practice licenses
>>> try:
...     lookup("59")
... except LookupError as exc:
...     print([s.code for s in exc.suggestions])
['XE', 'XP', 'XS', 'XU']

Input is normalised: surrounding space and separators (`` -./``) are dropped and
letters upper-cased (``" j-3490 "`` is ``J3490``). Malformed input raises
:class:`~medoffice.exceptions.InvalidCode`; anything but a ``str`` raises
``TypeError``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import gzip
from collections.abc import Iterator
from typing import Literal, NoReturn

from medoffice._resources import read_bytes
from medoffice.codes import cpt as _cpt
from medoffice.codes import hcpcs as _format
from medoffice.codes import modifier as _modifier
from medoffice.codes._util import clean, require_str
from medoffice.exceptions import Suggestion, UnknownCode
from medoffice.terminology._model import CodeSet, Concept, ConceptKind, Hit, NoRelease, Release
from medoffice.terminology._search import Document, SearchIndex, normalize_words

__all__ = [
    "SYSTEM_URI",
    "bundled",
    "codes",
    "get",
    "is_noc",
    "lookup",
    "modifier",
    "releases",
    "search",
]

#: The FHIR system URI for HCPCS Level II (HL7 terminology).
SYSTEM_URI = "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"

#: The ``kind`` argument: procedure codes or modifiers (``None`` for both). A typing
#: alias, used as ``hcpcs.Kind``.
Kind = Literal["code", "modifier"]

_SYSTEM = "hcpcs"
_DATA = "data/hcpcs.tsv.gz"
_RELEASE_ID = "2025-07"
_RELEASE_LABEL = "HCPCS Level II July 2025"
_RELEASE_STARTS = dt.date(2025, 7, 1)
_RELEASE_SOURCE = "CMS Alpha-Numeric HCPCS file, July 2025 (HCPC2025_JUL_ANWEB_v3) and its NOC list"
_MAX_SUGGESTIONS = 10
_KINDS = (None, "code", "modifier")

#: CPT modifiers with HCPCS Level II counterparts (CMS defines X{E,P,S,U} as
#: subsets of 59; GT and FQ say what 95 and 93 say, for payers that want them).
_CPT_MODIFIER_PEERS: dict[str, tuple[str, ...]] = {
    "59": ("XE", "XP", "XS", "XU"),
    "95": ("GT",),
    "93": ("FQ",),
}

#: Lay words for common codes and modifiers (medoffice's own, not CMS's).
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "G0008": ("flu shot administration", "flu vaccine administration", "flu shot given"),
    "G0009": ("pneumonia shot administration", "pneumonia vaccine administration"),
    "G0010": ("hep b shot administration", "hepatitis b vaccine administration"),
    "Q2039": ("flu vaccine", "flu shot"),
    "J3490": ("unlisted drug", "unknown drug", "miscellaneous drug", "drug noc"),
    "J3590": ("unlisted biologic", "biologic noc"),
    "J9999": ("unlisted chemotherapy drug", "chemo noc"),
    "G0438": ("annual wellness visit", "awv", "initial wellness visit"),
    "G0439": ("annual wellness visit", "awv", "subsequent wellness visit"),
    "G0402": ("welcome to medicare visit", "ippe"),
    "G0121": ("screening colonoscopy",),
    "G0105": ("screening colonoscopy high risk",),
    "Q0091": ("pap smear", "pap test collection"),
    "G0101": ("pelvic exam", "breast exam"),
    "G0442": ("alcohol screening",),
    "G0444": ("depression screening",),
    "G0447": ("obesity counseling", "weight loss counseling"),
    "G2211": ("complexity add-on", "visit complexity"),
    "J1885": ("toradol", "ketorolac shot"),
    "J0696": ("rocephin", "ceftriaxone shot"),
    "J1100": ("decadron", "dexamethasone shot"),
    "J1030": ("depo-medrol", "depo medrol", "steroid shot"),
    "J1040": ("depo-medrol", "depo medrol"),
    "J3420": ("b12 shot", "vitamin b12 injection", "cyanocobalamin"),
    "J3301": ("kenalog", "triamcinolone shot"),
    "J1050": ("depo-provera", "depo provera", "birth control shot"),
    "J2550": ("phenergan", "promethazine shot"),
    "J0171": ("epinephrine", "epi"),
    "J7030": ("normal saline", "iv fluids", "saline bag"),
    "J7050": ("normal saline", "iv fluids"),
    "J1200": ("benadryl", "diphenhydramine shot"),
    "J2405": ("zofran", "ondansetron shot"),
    "J0561": ("bicillin", "penicillin shot"),
    "J1815": ("insulin",),
    "E0114": ("crutches",),
    "E0130": ("walker",),
    "E0143": ("walker with wheels", "rolling walker"),
    "E0100": ("cane",),
    "E0601": ("cpap", "cpap machine", "sleep apnea machine"),
    "E1130": ("standard wheelchair", "manual wheelchair"),
    "E0260": ("hospital bed",),
    "E0607": ("glucose monitor", "glucometer"),
    "A4253": ("glucose test strips", "diabetic test strips"),
    "A4259": ("lancets",),
    "A0428": ("ambulance bls", "basic ambulance", "non-emergency ambulance"),
    "A0429": ("ambulance bls emergency", "emergency ambulance"),
    "A0427": ("ambulance als emergency", "advanced life support ambulance"),
    "A0425": ("ambulance mileage",),
    "A4550": ("surgical tray",),
    "L3908": ("wrist splint", "wrist brace"),
    "L1830": ("knee immobilizer", "knee brace"),
    "L4360": ("walking boot", "walking cast boot"),
    # Modifiers
    "LT": ("left side", "left"),
    "RT": ("right side", "right"),
    "GT": ("telehealth", "telemedicine", "video visit", "audio video telehealth"),
    "FQ": ("audio only", "telephone visit", "phone telehealth"),
    "XS": ("separate structure", "separate organ", "distinct procedural service"),
    "XE": ("separate encounter", "distinct procedural service"),
    "XP": ("separate practitioner", "distinct procedural service"),
    "XU": ("unusual non-overlapping service", "distinct procedural service"),
    "GA": ("abn on file", "waiver of liability", "advance beneficiary notice"),
    "GY": ("statutorily excluded", "not a medicare benefit"),
    "GZ": ("no abn", "expected denial"),
    "KX": ("requirements met", "medical necessity documentation on file"),
    "TC": ("technical component",),
    "QW": ("clia waived test", "waived lab test"),
    "JW": ("drug wasted", "wastage", "discarded drug"),
    "JZ": ("no drug wasted", "zero wastage"),
    "GC": ("resident", "teaching physician"),
    "AI": ("admitting physician", "principal physician of record"),
    "SA": ("nurse practitioner with physician",),
    "FA": ("left thumb",),
    "F5": ("right thumb",),
    "E1": ("upper left eyelid",),
}


def _key(code: object) -> str:
    """The canonical key: upper case, without surrounding space or ``-./`` separators."""
    return clean(require_str(code, _SYSTEM), _SYSTEM).strip()


def _shape(key: str) -> Kind | None:
    if len(key) == 2:
        return "modifier"
    if len(key) == 5:
        return "code"
    return None


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


def _check_kind(kind: object) -> None:
    if kind not in _KINDS:
        msg = f"kind: expected 'code', 'modifier' or None, got {kind!r}"
        raise ValueError(msg)


class _Bundled:
    """The bundled HCPCS Level II release; implements :class:`CodeSet`."""

    def __init__(self, text: str) -> None:
        rows: dict[str, tuple[str, bool, str]] = {}
        for line in text.splitlines():
            code, noc, terminated, description = line.split("\t")
            rows[code] = (description, noc == "noc", terminated)
        self._rows = rows
        self._codes = sorted(c for c in rows if len(c) == 5)
        self._modifiers = sorted(c for c in rows if len(c) == 2)
        billable = sum(1 for c in self._codes if not rows[c][2])
        self._release = Release(
            id=_RELEASE_ID,
            label=_RELEASE_LABEL,
            starts=_RELEASE_STARTS,
            codes=billable,
            source=_RELEASE_SOURCE,
        )

    # -- releases ---------------------------------------------------------------

    @property
    def system(self) -> str:
        return _SYSTEM

    def releases(self) -> tuple[Release, ...]:
        return (self._release,)

    def check_date(self, on: dt.date | None) -> None:
        if on is not None and on < self._release.starts:
            msg = (
                f"hcpcs: the bundled release ({self._release.label}) starts"
                f" {self._release.starts.isoformat()} and does not cover {on.isoformat()};"
                " pass code_set= for other dates"
            )
            raise NoRelease(msg, system=_SYSTEM, on=on)

    # -- entries ----------------------------------------------------------------

    def terminated(self, key: str) -> str:
        """The termination date of a code the release still lists, or ``''``."""
        row = self._rows.get(key)
        return row[2] if row is not None else ""

    def is_noc(self, key: str) -> bool:
        row = self._rows.get(key)
        return row is not None and row[1] and not row[2]

    @functools.lru_cache(maxsize=4096)  # noqa: B019 (one instance, lives for the process)
    def concept(self, key: str) -> Concept:
        description = self._rows[key][0]
        is_modifier = len(key) == 2
        return Concept(
            system=_SYSTEM,
            code=key,
            display=key,
            title=description,
            kind=ConceptKind.MODIFIER if is_modifier else ConceptKind.CODE,
            billable=not is_modifier,
            release=self._release.id,
        )

    def keys(self, kind: Kind | None) -> Iterator[str]:
        """Every key in effect, codes then modifiers, sorted."""
        if kind != "modifier":
            yield from (c for c in self._codes if not self._rows[c][2])
        if kind != "code":
            yield from self._modifiers

    def neighbours(self, key: str) -> list[str]:
        """Codes in effect that share the longest prefix with ``key``, nearest first."""
        pool = self._modifiers if len(key) == 2 else self._codes
        for end in range(len(key) - 1, 0, -1):
            prefix = key[:end]
            start = bisect.bisect_left(pool, prefix)
            stop = bisect.bisect_left(pool, prefix + "\x7f")
            found = [c for c in pool[start:stop] if not self._rows[c][2] and c != key]
            if found:
                found.sort(key=lambda c: (_distance(c, key), c))
                return found[:_MAX_SUGGESTIONS]
        return []

    # -- CodeSet ----------------------------------------------------------------

    def get(self, code: str, *, on: dt.date | None = None) -> Concept | None:
        self.check_date(on)
        key = code if code in self._rows else _key(code)
        row = self._rows.get(key)
        if row is None or row[2]:
            return None
        return self.concept(key)

    def children(self, code: str, *, on: dt.date | None = None) -> tuple[Concept, ...]:
        self.check_date(on)
        require_str(code, _SYSTEM)
        return ()

    @functools.cached_property
    def _order(self) -> tuple[str, ...]:
        return tuple(self.keys(None))

    @functools.cached_property
    def _index(self) -> SearchIndex:
        docs = []
        for number, key in enumerate(self._order):
            description, noc, _terminated = self._rows[key]
            docs.append(
                Document(
                    key=number,
                    code=key,
                    title=description,
                    synonyms=_SYNONYMS.get(key, ()),
                    prior=0.0 if noc else 0.2,
                )
            )
        docs.sort(key=lambda d: (len(d.title.split()), d.code))
        return SearchIndex(docs)

    def search(
        self,
        query: str,
        *,
        limit: int = 10,
        billable_only: bool = False,
        on: dt.date | None = None,
        kind: Kind | None = None,
    ) -> tuple[Hit, ...]:
        self.check_date(on)
        require_str(query, "query")
        _check_kind(kind)
        order = self._order
        want = "code" if billable_only else kind
        if billable_only and kind == "modifier":
            return ()

        def accept(number: int) -> bool:
            return want is None or (len(order[number]) == 2) == (want == "modifier")

        found = self._index.search(
            _tame(query), limit=limit, accept=accept, code_match=_code_prefix
        )
        hits = []
        for f in found:
            concept = self.concept(order[f.key])
            hits.append(
                Hit(
                    code=concept.code,
                    display=concept.display,
                    title=concept.title,
                    billable=concept.billable,
                    score=f.score,
                    matches=f.matches,
                )
            )
        return tuple(hits)


def _distance(code: str, key: str) -> int:
    if code[1:].isdigit() and key[1:].isdigit():
        return abs(int(code[1:]) - int(key[1:]))
    return 0


def _code_prefix(query: str) -> str | None:
    """The query as a code (or modifier) prefix, if it looks like one."""
    if " " in query.strip():
        return None
    text = clean(query, _SYSTEM)
    if not (text.isascii() and text.isalnum()) or len(text) > 5:
        return None
    if len(text) == 2 or (text[0].isalpha() and (len(text) == 1 or text[1:].isdigit())):
        return text
    return None


@functools.cache
def _load() -> _Bundled:
    return _Bundled(gzip.decompress(read_bytes("medoffice.terminology", _DATA)).decode("utf-8"))


def bundled() -> CodeSet:
    """The bundled HCPCS Level II code set, loaded on first use.

    >>> bundled().releases()[0].label
    'HCPCS Level II July 2025'
    """
    return _load()


def _bundled_or(code_set: CodeSet | None) -> CodeSet:
    return bundled() if code_set is None else code_set


def releases(*, code_set: CodeSet | None = None) -> tuple[Release, ...]:
    """The releases answered, oldest first, with the dates of service they cover.

    The bundled one starts 2025-07-01 and is open-ended (``ends`` is ``None``): it
    answers every later date until a newer release is bundled.

    >>> [(r.id, str(r.starts), r.ends) for r in releases()]
    [('2025-07', '2025-07-01', None)]
    """
    return _bundled_or(code_set).releases()


def get(code: str, *, on: dt.date | None = None, code_set: CodeSet | None = None) -> Concept | None:
    """The code or modifier ``code`` as of ``on``, or ``None`` if there is none.

    Never raises for a malformed code (it is simply not there).

    Args:
        code: A code (``J3490``) or modifier (``LT``), in any case.
        on: The date of service (``None``: the bundled release).
        code_set: Answer from this code set instead of the bundled one.

    Raises:
        NoRelease: if no release covers ``on``.
        TypeError: if ``code`` is not a ``str``.

    >>> get("e0114").title
    'Crutches underarm, other than wood, adjustable or fixed, pair, with pads, tips and handgrips'
    >>> get("J9998") is None, get("J-34-90!") is None
    (True, True)
    """
    return _bundled_or(code_set).get(_key(code), on=on)


def lookup(
    code: str,
    *,
    on: dt.date | None = None,
    kind: Kind | None = None,
    code_set: CodeSet | None = None,
) -> Concept:
    """The code or modifier ``code`` as of ``on``; raise with suggestions if there is none.

    Two characters are a modifier, five a code. A code followed by modifiers
    (``J3490-LT``) is refused with the parts as suggestions.

    Args:
        code: A code or modifier, in any case, with or without separators.
        on: The date of service (``None``: the bundled release).
        kind: ``"code"`` or ``"modifier"`` to refuse the other shape (a
            modifier typed where a procedure code belongs); ``None`` takes both.
        code_set: Answer from this code set instead of the bundled one (a CPT
            file the practice licenses, or a newer HCPCS release).

    Raises:
        UnknownCode: with ``suggestions``: codes with the same prefix; the
            Level II counterparts of a CPT modifier; the parts of a code with
            modifiers; the right lookup for the other kind. CPT codes and CDT
            (dental) codes are named as such.
        InvalidCode: for input that is neither a code nor a modifier in form.
        NoRelease: if no release covers ``on``.
        TypeError: if ``code`` is not a ``str``.
        ValueError: if ``kind`` is not ``"code"``, ``"modifier"`` or ``None``.

    >>> lookup("G0008").title
    'Administration of influenza virus vaccine'
    >>> try:
    ...     lookup("J3499")
    ... except LookupError as exc:
    ...     print(exc.suggestions[0])
    Suggestion(code='J3490', reason='a code with the same prefix J349')
    >>> try:
    ...     lookup("LT", kind="code")
    ... except LookupError as exc:
    ...     print(exc)
    hcpcs: LT is a modifier, not a procedure code; did you mean: LT (modifier: Left side (used to identify procedures performed on the left side of the body))
    """
    _check_kind(kind)
    cs = _bundled_or(code_set)
    key = _key(code)
    shape = _shape(key)
    if kind is not None and shape is not None and shape != kind:
        _raise_wrong_kind(cs, key, on, shape)
    concept = cs.get(key, on=on)
    if concept is not None:
        return concept
    return _raise_unknown(cs, key, on)


def modifier(code: str, *, on: dt.date | None = None, code_set: CodeSet | None = None) -> Concept:
    """The modifier ``code``: :func:`lookup` with ``kind="modifier"``.

    >>> modifier("xs").title
    'Separate structure, a service that is distinct because it was performed on a separate organ/structure'
    >>> try:
    ...     modifier("J3490")
    ... except LookupError as exc:
    ...     print(exc.message)
    hcpcs: J3490 is a procedure code, not a modifier
    """
    return lookup(code, on=on, kind="modifier", code_set=code_set)


def _raise_wrong_kind(cs: CodeSet, key: str, on: dt.date | None, shape: Kind) -> NoReturn:
    other = "a modifier" if shape == "modifier" else "a procedure code"
    wanted = "a procedure code" if shape == "modifier" else "a modifier"
    concept = cs.get(key, on=on)
    suggestions: tuple[Suggestion, ...] = ()
    if concept is not None:
        suggestions = (Suggestion(code=key, reason=f"{shape}: {concept.title}"),)
    message = f"hcpcs: {key} is {other}, not {wanted}"
    raise UnknownCode(message, system=cs.system, code=key, suggestions=suggestions)


def _raise_unknown(cs: CodeSet, key: str, on: dt.date | None) -> NoReturn:
    """Raise :class:`UnknownCode` (or ``InvalidCode``) for a key ``cs`` does not have."""
    if len(key) == 2:
        _modifier.validate(key)  # InvalidFormat for anything but two letters or digits
        if _modifier.level(key) == "I":
            message = (
                f"hcpcs: {key} is a CPT (Level I) modifier: CPT descriptors are AMA material"
                " that medoffice does not ship"
            )
            suggestions = _peers(cs, key, on)
        else:
            message = f"hcpcs: {key} is not a HCPCS Level II modifier{_when(on)}"
            suggestions = _nearest(cs, key, on)
        raise UnknownCode(message, system=cs.system, code=key, suggestions=suggestions)
    parts = _split_modifiers(key)
    if parts is not None:
        message = f"hcpcs: {key} is a code followed by modifiers; look each up on its own"
        suggestions = (
            Suggestion(code=parts[0], reason="the procedure code"),
            *(Suggestion(code=m, reason=f"modifier {i}") for i, m in enumerate(parts[1:], start=1)),
        )
        raise UnknownCode(message, system=cs.system, code=key, suggestions=suggestions)
    if len(key) == 5 and not _format.is_valid(key) and _cpt.is_valid(key):
        message = (
            f"hcpcs: {key} is a CPT (HCPCS Level I) code: CPT descriptors are AMA material"
            " that medoffice does not ship; pass code_set= with a CPT file your practice licenses"
        )
        raise UnknownCode(message, system=cs.system, code=key)
    _format.validate(key)  # raises the InvalidCode that says what is wrong
    if key.startswith("D"):
        message = (
            f"hcpcs: {key} is a CDT (dental) code: CDT is ADA material that medoffice does"
            " not ship; pass code_set= with a CDT file your practice licenses"
        )
        raise UnknownCode(message, system=cs.system, code=key)
    ended = cs.terminated(key) if isinstance(cs, _Bundled) else ""
    if ended:
        message = f"hcpcs: {key} was terminated on {ended} (CMS NOC list)"
        suggestions = (Suggestion(code=key, reason=f"valid until {ended}"), *_nearest(cs, key, on))
    else:
        release = cs.releases()[-1].label if cs.releases() else cs.system
        message = f"hcpcs: {key} is not a code in {release}{_when(on)}"
        suggestions = _nearest(cs, key, on)
    raise UnknownCode(message, system=cs.system, code=key, suggestions=suggestions)


def _when(on: dt.date | None) -> str:
    return "" if on is None else f" on {on.isoformat()}"


def _peers(cs: CodeSet, key: str, on: dt.date | None) -> tuple[Suggestion, ...]:
    found = []
    for peer in _CPT_MODIFIER_PEERS.get(key, ()):
        concept = cs.get(peer, on=on)
        if concept is not None:
            reason = f"HCPCS Level II counterpart of {key}: {concept.title}"
            found.append(Suggestion(code=peer, reason=reason))
    return tuple(found)


def _nearest(cs: CodeSet, key: str, on: dt.date | None) -> tuple[Suggestion, ...]:
    """Entries that share the longest prefix with ``key``."""
    if isinstance(cs, _Bundled):
        found = cs.neighbours(key)
    else:
        found = []
        for end in range(len(key) - 1, 0, -1):
            prefix = key[:end]
            hits = cs.search(prefix, limit=_MAX_SUGGESTIONS, on=on)
            found = [h.code for h in hits if h.code.startswith(prefix) and h.code != key]
            if found:
                break
    what = "a modifier" if len(key) == 2 else "a code"
    return tuple(
        Suggestion(code=c, reason=f"{what} with the same prefix {_common(c, key)}") for c in found
    )


def _common(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def _split_modifiers(key: str) -> tuple[str, ...] | None:
    """``J3490LTRT`` → ``('J3490', 'LT', 'RT')``, if the key has that shape."""
    if len(key) not in (7, 9, 11, 13) or not (key.isascii() and key.isalnum()):
        return None
    head = key[:5]
    if not (_format.is_valid(head) or _cpt.is_valid(head)):
        return None
    return (head, *(key[i : i + 2] for i in range(5, len(key), 2)))


def is_noc(code: str, *, on: dt.date | None = None) -> bool:
    """Whether ``code`` is a "not otherwise classified" code in effect (CMS's NOC list).

    A claim line with a NOC code (``J3490`` unclassified drugs, ``E1399``
    miscellaneous equipment) must describe the item: the drug's name, dose and
    NDC, or the equipment, in the line note (837P ``SV101-7`` / CMS-1500 box 19).
    ``False`` for other codes, modifiers and unknown input.

    Raises:
        NoRelease: if the bundled release does not cover ``on``.
        TypeError: if ``code`` is not a ``str``.

    >>> is_noc("J3490"), is_noc("E1399"), is_noc("J1885"), is_noc("nonsense")
    (True, True, False, False)
    """
    cs = _load()
    cs.check_date(on)
    return cs.is_noc(_key(code))


def codes(*, kind: Kind | None = None, on: dt.date | None = None) -> tuple[Concept, ...]:
    """Every bundled code and modifier in effect, codes first, each sorted.

    Args:
        kind: ``"code"`` or ``"modifier"`` for one kind only.
        on: The date of service (``None``: the bundled release).

    Raises:
        NoRelease: if the bundled release does not cover ``on``.

    >>> len(codes(kind="code")), len(codes(kind="modifier"))
    (8379, 383)
    >>> codes(kind="modifier")[0].code
    'A1'
    """
    _check_kind(kind)
    cs = _load()
    cs.check_date(on)
    return tuple(cs.concept(key) for key in cs.keys(kind))


def search(
    query: str,
    *,
    limit: int = 10,
    kind: Kind | None = None,
    billable_only: bool = False,
    on: dt.date | None = None,
    code_set: CodeSet | None = None,
) -> tuple[Hit, ...]:
    """Ranked keyword search over descriptions and lay synonyms, or by code prefix.

    Words may be typed partly (the last word is matched as a prefix) or with
    one typo each; a code, modifier or code prefix (``J34``) finds what it
    starts. Each :class:`~medoffice.terminology.Hit` says which words matched.

    Args:
        query: The words (or a code prefix) to look for.
        limit: The most hits to return.
        kind: ``"code"`` or ``"modifier"`` for one kind only.
        billable_only: Procedure codes only (a modifier is never billed alone).
        on: The date of service (``None``: the bundled release).
        code_set: Search this code set instead (``kind`` then goes by shape:
            two characters are a modifier).

    Raises:
        NoRelease: if no release covers ``on``.
        TypeError: if ``query`` is not a ``str``.
        ValueError: if ``kind`` is not ``"code"``, ``"modifier"`` or ``None``.

    >>> [h.code for h in search("flu vaccine administration", limit=1)]
    ['G0008']
    >>> [h.code for h in search("left side", kind="modifier", limit=1)]
    ['LT']
    """
    _check_kind(kind)
    cs = _bundled_or(code_set)
    if isinstance(cs, _Bundled):
        return cs.search(query, limit=limit, billable_only=billable_only, on=on, kind=kind)
    text = _tame(require_str(query, "query"))
    if kind is None:
        return cs.search(text, limit=limit, billable_only=billable_only, on=on)
    hits = cs.search(text, limit=limit * 4 + 20, billable_only=billable_only, on=on)
    return tuple(h for h in hits if (len(h.code) == 2) == (kind == "modifier"))[:limit]
