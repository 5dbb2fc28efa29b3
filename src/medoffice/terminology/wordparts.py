"""Medical word parts: prefixes, combining forms and suffixes, and what a term is made of.

Medical terms are built from parts: ``cholecyst/o`` (gallbladder) and
``-ectomy`` (surgical removal) make *cholecystectomy*. medoffice bundles a table
of several hundred parts, each with a short meaning written for this project,
and :func:`explain` takes a term apart into them:

>>> e = explain("Cholecystectomy")
>>> e.notation
'cholecyst/ectomy'
>>> e.gloss
'gallbladder + surgical removal'
>>> e.complete
True

Combining forms are roots with a *connecting vowel* (``gastr/o``), which is
kept before a consonant and before another root, and usually dropped before a
suffix that starts with a vowel. A root that itself ends in a vowel may lose it
before a vowel (*cardi* + *-itis* gives *carditis*); the segment says which
letter was dropped:

>>> explain("gastroenterology").notation
'gastr/o/enter/o/logy'
>>> [(s.text, s.connecting_vowel) for s in explain("gastroenterology").segments]
[('gastro', 'o'), ('entero', 'o'), ('logy', '')]
>>> e = explain("carditis")
>>> e.notation, e.segments[0].elided, e.segments[0].part.part
('card(i)/itis', 'i', 'cardi/o')

**It says when it cannot.** A stretch that no part explains is a segment with
``part=None``; the explanation is then not :attr:`~Explanation.complete`, and no
meaning is invented for it:

>>> e = explain("table")
>>> e.complete, e.notation, e.gloss
(False, '[table]', '?')
>>> e = explain("zzzitis")
>>> e.complete, e.notation, e.gloss
(False, '[zzz]/itis', '? + inflammation')

A complete explanation says that the term *can be read* as these parts, not
that the parts' meanings add up to the clinical definition.

**How a term is split.** Among every way of tiling the term with parts from the
table and unexplained letters, :func:`explain` picks the one that has, in this
order of importance:

1. the fewest unexplained letters;
2. the fewest parts (a listed part such as ``cholecyst/o`` beats
   ``chol/e`` + ``cyst/o``);
3. the fewest misplaced parts: a prefix after a combining form, a suffix that
   starts the word, a prefix or a combining form that ends it;
4. the fewest connecting vowels (*venous* is ``ven`` + ``-ous``, not
   ``veno`` + ``-us``);
5. the fewest elided vowels (*corneal* is ``corne`` + ``-al``, not
   ``corn(e)`` + ``-eal``).

Some placements are never used: a prefix may only follow the start of the word,
another prefix or (if it has three letters or more, like *dys-* in
*myelodysplasia*) a combining form; only suffixes may follow a suffix; nothing
unexplained may follow a suffix or precede a prefix; a root that lost its last
vowel must be followed by a combining form or a suffix starting with a vowel.
Remaining ties go to the reading whose first differing part is longer (then
prefix before combining form before suffix), so the result is deterministic.
:attr:`Explanation.alternatives` counts the other readings that scored as well,
and :func:`readings` lists them:

>>> explain("anemia").notation, explain("anemia").alternatives
('an/emia', 1)
>>> [r.gloss for r in readings("anemia")]
['without, not + blood condition', 'anus + blood condition']

(*an-* "without" and *an/o* "anus" are spelled alike.) Parts that share a
spelling and a kind are kept together on the segment as ``homographs``.

Input is one word: surrounding space is ignored and case folded to lower case;
anything that is not a letter (spaces, hyphens, digits) is refused with
:class:`~medoffice.exceptions.InvalidFormat`, so explain the words of a phrase
one by one. Letters outside a-z are accepted and left unexplained.

>>> [explain(word).gloss for word in "otitis media".split()]
['ear + inflammation', 'middle + condition']

:func:`lookup` finds a part by any spelling (``"cardio"``, ``"cardi/o"``,
``"-itis"``, ``"hyper-"``) and :func:`parts` lists the table:

>>> [p.meaning for p in lookup("-itis")]
['inflammation']
>>> len(parts(Kind.PREFIX)) > 50
True

The table uses American spellings. It is loaded on first use.
"""

from __future__ import annotations

import difflib
import enum
import functools
from collections.abc import Iterable
from typing import TypeAlias

import attrs

from medoffice._values import name_sequences
from medoffice.exceptions import InvalidFormat, Suggestion, UnknownCode

__all__ = [
    "Explanation",
    "Kind",
    "Segment",
    "WordPart",
    "explain",
    "lookup",
    "parts",
    "readings",
]

_VOWELS = frozenset("aeiou")
_ASCII_LOWER = frozenset("abcdefghijklmnopqrstuvwxyz")


class Kind(enum.Enum):
    """What a word part is: a prefix, a combining form (root + vowel) or a suffix.

    >>> Kind("combining_form").label
    'combining form'
    """

    PREFIX = "prefix"
    COMBINING_FORM = "combining_form"
    SUFFIX = "suffix"

    @property
    def label(self) -> str:
        """The kind in words, for display.

        >>> Kind.SUFFIX.label
        'suffix'
        """
        return self.value.replace("_", " ")


def _to_tuple(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        msg = "expected a sequence of strings, not a single string"
        raise TypeError(msg)
    return tuple(value)


def _check_forms(
    _instance: object, attribute: attrs.Attribute[tuple[str, ...]], value: object
) -> None:
    if not isinstance(value, tuple) or not value:
        msg = f"{attribute.name}: must have at least one spelling"
        raise ValueError(msg, attribute)
    for form in value:
        if not (isinstance(form, str) and form and set(form) <= _ASCII_LOWER):
            msg = f"{attribute.name}: every spelling must be lower-case letters a-z"
            raise ValueError(msg, attribute)


def _check_text(_instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value:
        msg = f"{attribute.name}: must be non-empty text"
        raise ValueError(msg, attribute)


def _part_tuple(value: Iterable[WordPart]) -> tuple[WordPart, ...]:
    return tuple(value)


def _segment_tuple(value: Iterable[Segment]) -> tuple[Segment, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True, field_transformer=name_sequences)
class WordPart:
    """One entry of the word-part table.

    Attributes:
        part: How the part is written in the table: ``"hyper-"``, ``"cardi/o"``,
            ``"-ectomy"``; a part with several spellings lists them
            (``"a-, an-"``, ``"derm/o, dermat/o"``).
        kind: A prefix, a combining form or a suffix.
        meaning: A short meaning (``"heart"``, ``"surgical removal"``).
        forms: Every spelling the part takes inside words, lower-case letters
            only; a combining form has its root with and without the connecting
            vowel (``("cardi", "cardio")``).
        examples: Terms that contain the part.

    >>> cardio = lookup("cardi/o")[0]
    >>> cardio.kind, cardio.meaning, cardio.forms
    (<Kind.COMBINING_FORM: 'combining_form'>, 'heart', ('cardi', 'cardio'))
    >>> WordPart(part="-itis", kind="suffix", meaning="inflammation", forms=["itis"])
    WordPart(part='-itis', kind=<Kind.SUFFIX: 'suffix'>, meaning='inflammation', forms=('itis',), examples=())
    """

    part: str = attrs.field(validator=_check_text)
    kind: Kind = attrs.field(converter=Kind)
    meaning: str = attrs.field(validator=_check_text)
    forms: tuple[str, ...] = attrs.field(converter=_to_tuple, validator=_check_forms)
    examples: tuple[str, ...] = attrs.field(
        default=(),
        converter=_to_tuple,
        validator=attrs.validators.deep_iterable(attrs.validators.instance_of(str)),
    )


def _check_segment(segment: Segment) -> None:
    if segment.end != segment.start + len(segment.text):
        msg = "end: must be start plus the length of text"
        raise ValueError(msg)
    vowel, elided = segment.connecting_vowel, segment.elided
    if segment.part is None and (vowel or elided or segment.homographs):
        msg = "an unexplained segment has no connecting vowel, elided letter or homographs"
        raise ValueError(msg)
    if vowel and (len(vowel) >= len(segment.text) or not segment.text.endswith(vowel)):
        msg = "connecting_vowel: must be the end of text, after at least one letter"
        raise ValueError(msg)


@attrs.frozen(kw_only=True, field_transformer=name_sequences)
class Segment:
    """A stretch of a term: one word part, or letters that no part explains.

    Attributes:
        text: The letters of the term covered, ``term[start:end]``.
        start: Where the stretch begins in the (normalised) term.
        end: Where it ends (exclusive).
        part: The word part it is read as; ``None`` for an unexplained stretch.
        connecting_vowel: For a combining form, the connecting vowel at the end
            of :attr:`text` (``"o"`` in ``"gastro"``); empty if none is used.
        elided: For a combining form whose root ends in a vowel, the vowel it
            dropped before the next part (``"i"`` in *carditis*); else empty.
        homographs: Other parts of the same kind with the same spelling, in
            table order.

    >>> s = explain("gastritis").segments[0]
    >>> s.text, s.start, s.end, s.part.meaning, s.notation
    ('gastr', 0, 5, 'stomach', 'gastr')
    >>> Segment(text="zz", start=0, end=2).explained
    False
    """

    text: str = attrs.field(validator=_check_text)
    start: int = attrs.field(validator=[attrs.validators.instance_of(int), attrs.validators.ge(0)])
    end: int = attrs.field(validator=attrs.validators.instance_of(int))
    part: WordPart | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(WordPart)),
    )
    connecting_vowel: str = attrs.field(default="", validator=attrs.validators.instance_of(str))
    elided: str = attrs.field(default="", validator=attrs.validators.instance_of(str))
    homographs: tuple[WordPart, ...] = attrs.field(
        default=(),
        converter=_part_tuple,
        validator=attrs.validators.deep_iterable(attrs.validators.instance_of(WordPart)),
    )

    def __attrs_post_init__(self) -> None:
        _check_segment(self)

    @property
    def explained(self) -> bool:
        """Whether a word part explains this stretch.

        >>> [s.explained for s in explain("zzzitis").segments]
        [False, True]
        """
        return self.part is not None

    @property
    def notation(self) -> str:
        """The stretch as written in a breakdown: ``gastr/o``, ``card(i)``, ``[zzz]``.

        >>> [s.notation for s in explain("bradycardia").segments]
        ['brady', 'card(i)', 'ia']
        """
        if self.part is None:
            return f"[{self.text}]"
        if self.connecting_vowel:
            cut = len(self.text) - len(self.connecting_vowel)
            return f"{self.text[:cut]}/{self.connecting_vowel}"
        if self.elided:
            return f"{self.text}({self.elided})"
        return self.text


def _check_explanation(explanation: Explanation) -> None:
    position = 0
    for segment in explanation.segments:
        if segment.start != position:
            msg = "segments: must follow each other without gaps or overlaps"
            raise ValueError(msg)
        position = segment.end
    if "".join(s.text for s in explanation.segments) != explanation.term:
        msg = "segments: must spell out the term exactly"
        raise ValueError(msg)


@attrs.frozen(kw_only=True, field_transformer=name_sequences)
class Explanation:
    """What a term is made of, as returned by :func:`explain`.

    Attributes:
        term: The term as explained: stripped and in lower case.
        segments: Stretches that cover the whole term, in order.
        alternatives: How many other readings scored exactly as well (``0``
            when the reading is unambiguous).

    >>> e = explain("hepatomegaly")
    >>> [s.part.meaning for s in e.segments]
    ['liver', 'enlargement']
    >>> e.complete, e.alternatives
    (True, 0)
    """

    term: str = attrs.field(validator=_check_text)
    segments: tuple[Segment, ...] = attrs.field(
        converter=_segment_tuple,
        validator=attrs.validators.deep_iterable(attrs.validators.instance_of(Segment)),
    )
    alternatives: int = attrs.field(
        default=0, validator=[attrs.validators.instance_of(int), attrs.validators.ge(0)]
    )

    def __attrs_post_init__(self) -> None:
        _check_explanation(self)

    @property
    def complete(self) -> bool:
        """Whether every letter of the term is explained by a word part.

        >>> explain("hypothyroidism").complete, explain("xylophone").complete
        (True, False)
        """
        return all(s.part is not None for s in self.segments)

    @property
    def parts(self) -> tuple[WordPart, ...]:
        """The word parts found, in order (unexplained stretches left out).

        >>> [p.part for p in explain("pyelonephritis").parts]
        ['pyel/o', 'nephr/o', '-itis']
        """
        return tuple(s.part for s in self.segments if s.part is not None)

    @property
    def unexplained(self) -> tuple[Segment, ...]:
        """The stretches that no word part explains.

        >>> [s.text for s in explain("zzzitis").unexplained]
        ['zzz']
        """
        return tuple(s for s in self.segments if s.part is None)

    @property
    def gloss(self) -> str:
        """The meanings in word order, joined by ``+``; ``?`` for what is unexplained.

        >>> explain("hyperglycemia").gloss
        'above, excessive + sugar, glucose + blood condition'
        """
        return " + ".join("?" if s.part is None else s.part.meaning for s in self.segments)

    @property
    def notation(self) -> str:
        """The breakdown with slashes, connecting vowels shown: ``gastr/o/enter/o/logy``.

        >>> explain("osteoarthritis").notation
        'oste/o/arthr/itis'
        """
        return "/".join(s.notation for s in self.segments)


# -- the table ---------------------------------------------------------------------

#: How a reading takes part in a word, for the placement rules and for ties.
_PREFIX, _ROOT, _SUFFIX, _UNKNOWN, _SHORT_PREFIX = range(5)
#: role -> rank among readings of the same length (prefix first, unknown last).
_TIE_RANK = (0, 1, 2, 3, 0)
#: Prefixes shorter than this may only open a word (no "a-" after a root).
_SHORT = 3

#: A way to read a stretch of letters: (end, role, connecting vowel, elided vowel, parts).
_Step: TypeAlias = tuple[int, int, str, str, tuple[WordPart, ...]]


def _role(kind: Kind, form: str) -> int:
    if kind is Kind.PREFIX:
        return _SHORT_PREFIX if len(form) < _SHORT else _PREFIX
    return _ROOT if kind is Kind.COMBINING_FORM else _SUFFIX


@attrs.frozen(kw_only=True)
class _Index:
    parts: tuple[WordPart, ...]
    #: spelling -> (role, connecting vowel, elided vowel, parts), best first; every
    #: beginning of a spelling is a key too (with no readings if it is not one).
    readings: dict[str, tuple[tuple[int, str, str, tuple[WordPart, ...]], ...]]
    longest: int
    #: spelling -> parts that take it (elided spellings left out), for lookup().
    by_form: dict[str, tuple[WordPart, ...]]
    by_part: dict[str, tuple[WordPart, ...]]


def _parse_spec(kind: Kind, spec: str) -> tuple[tuple[str, ...], dict[str, str]]:
    """Spellings of a table entry, and the connecting vowel of each spelling that has one."""
    forms: list[str] = []
    vowels: dict[str, str] = {}
    for item in spec.split(", "):
        if kind is Kind.COMBINING_FORM:
            root, _, vowel = item.partition("/")
            forms.append(root)
            if vowel:
                forms.append(root + vowel)
                vowels[root + vowel] = vowel
        else:
            forms.append(item.strip("-"))
    return tuple(dict.fromkeys(forms)), vowels


def _reading_order(
    item: tuple[tuple[str, int, str, str], list[WordPart]],
) -> tuple[str, int, str, str]:
    form, role, vowel, elided = item[0]
    return form, _TIE_RANK[role], vowel, elided


@functools.cache
def _index() -> _Index:
    from medoffice.terminology import _wordparts_table as table  # noqa: PLC0415

    entries: list[tuple[WordPart, dict[str, str]]] = []
    for kind, rows in (
        (Kind.PREFIX, table.PREFIXES),
        (Kind.COMBINING_FORM, table.COMBINING_FORMS),
        (Kind.SUFFIX, table.SUFFIXES),
    ):
        for spec, meaning, examples in rows:
            forms, vowels = _parse_spec(kind, spec)
            part = WordPart(
                part=spec, kind=kind, meaning=meaning, forms=forms, examples=examples.split()
            )
            entries.append((part, vowels))

    groups: dict[tuple[str, int, str, str], list[WordPart]] = {}
    by_form: dict[str, list[WordPart]] = {}
    by_part: dict[str, list[WordPart]] = {}
    for part, vowels in entries:
        by_part.setdefault(part.part, []).append(part)
        for form in part.forms:
            by_form.setdefault(form, []).append(part)
            vowel = vowels.get(form, "")
            groups.setdefault((form, _role(part.kind, form), vowel, ""), []).append(part)
            # A root ending in a vowel may drop it before a vowel (cardi + itis).
            if (
                part.kind is Kind.COMBINING_FORM
                and not vowel
                and len(form) >= 3
                and form[-1] in _VOWELS
                and form[:-1] not in part.forms
            ):
                groups.setdefault((form[:-1], _ROOT, "", form[-1]), []).append(part)

    readings: dict[str, list[tuple[int, str, str, tuple[WordPart, ...]]]] = {}
    for (form, role, vowel, elided), found in sorted(groups.items(), key=_reading_order):
        readings.setdefault(form, []).append((role, vowel, elided, tuple(found)))
    return _Index(
        parts=tuple(part for part, _ in entries),
        readings={
            **{form[:k]: () for form in readings for k in range(1, len(form))},
            **{form: tuple(found) for form, found in readings.items()},
        },
        longest=max(len(form) for form in readings),
        by_form={form: tuple(found) for form, found in by_form.items()},
        by_part={part: tuple(found) for part, found in by_part.items()},
    )


def parts(kind: Kind | str | None = None) -> tuple[WordPart, ...]:
    """The word-part table in its order (prefixes, combining forms, suffixes), or one kind.

    Args:
        kind: A :class:`Kind` or its value (``"suffix"``) to keep only that kind;
            ``None`` for the whole table.

    Raises:
        ValueError: if ``kind`` is not a kind.

    >>> [p.part for p in parts("prefix")[:3]]
    ['a-, an-', 'ab-', 'ad-']
    >>> len(parts()) == sum(len(parts(k)) for k in Kind)
    True
    """
    everything = _index().parts
    if kind is None:
        return everything
    wanted = Kind(kind)
    return tuple(p for p in everything if p.kind is wanted)


# -- explain -----------------------------------------------------------------------

_START, _AFTER_PREFIX, _AFTER_ROOT, _AFTER_ELIDED, _AFTER_SUFFIX, _AFTER_UNKNOWN = range(6)
_NO = -1

#: previous state -> misplacement penalty of what follows it, by role (prefix,
#: combining form, suffix, unexplained letter, short prefix); _NO: never.
_PENALTY: tuple[tuple[int, int, int, int, int], ...] = (
    (0, 0, 1, 0, 0),  # start of the word: a suffix here is misplaced
    (0, 0, 0, 0, 0),  # after a prefix
    (1, 0, 0, 0, _NO),  # after a combining form: a prefix is misplaced, a short one never
    (_NO, 0, 0, _NO, _NO),  # after a root that dropped its last vowel
    (_NO, _NO, 0, _NO, _NO),  # after a suffix: only suffixes
    (_NO, 0, 0, 0, _NO),  # after unexplained letters: no prefix
)
#: previous state -> penalty for ending the word there.
_END_PENALTY = (0, 1, 1, _NO, 0, 0)
#: role -> state after it (an elided root is told apart by its elided vowel).
_AFTER = (_AFTER_PREFIX, _AFTER_ROOT, _AFTER_SUFFIX, _AFTER_UNKNOWN, _AFTER_PREFIX)


def _next_state(role: int, elided: str) -> int:
    return _AFTER_ELIDED if elided else _AFTER[role]


def _steps(term: str, index: _Index) -> list[list[_Step]]:
    """Every reading that can start at each position, best first (longest first)."""
    n = len(term)
    readings, longest = index.readings, index.longest
    found: list[list[_Step]] = []
    for i in range(n):
        matches = []
        for j in range(i + 1, min(n, i + longest) + 1):
            here = readings.get(term[i:j])
            if here is None:  # no spelling starts so
                break
            if here:
                matches.append((j, here))
        found.append(
            [
                (j, role, vowel, elided, parts)
                for j, here in reversed(matches)
                for role, vowel, elided, parts in here
                if not elided or (j < n and term[j] in _VOWELS)
            ]
        )
    return found


#: A reading on a best path: (start, end, step); step is None for an unexplained letter.
_Move: TypeAlias = tuple[int, int, "_Step | None"]
#: A path as a linked list, last move first.
_Path: TypeAlias = "tuple[_Move, _Path] | None"


@attrs.frozen(kw_only=True)
class _Plan:
    """The best cost and the number of best paths from every (position, state)."""

    cost: list[list[int]]
    ways: list[list[int]]
    #: Weights of an elided vowel, a connecting vowel, a misplaced part, a part
    #: and an unexplained letter.
    weights: tuple[int, int, int, int, int]


def _plan(n: int, steps: list[list[_Step]]) -> _Plan:
    # Costs are compared lexicographically; each component is at most n + 2, so
    # they pack into one integer in base n + 3.
    base = n + 3
    weights = (1, base, base**2, base**3, base**4)
    w_elided, w_vowel, w_misplaced, w_part, w_unknown = weights
    never = base**6
    cost = [[never] * 6 for _ in range(n + 1)]
    ways = [[0] * 6 for _ in range(n + 1)]
    for state, penalty in enumerate(_END_PENALTY):
        if penalty != _NO:
            cost[n][state] = penalty * w_misplaced
            ways[n][state] = 1
    roles = range(5)
    for i in range(n - 1, -1, -1):
        # The best value and number of paths for each role of what comes next;
        # the previous state only adds a penalty per role.
        unknown = w_unknown + cost[i + 1][_AFTER_UNKNOWN]
        unknown_ways = ways[i + 1][_AFTER_UNKNOWN]
        if not steps[i]:  # only an unexplained letter fits here: the common case
            cost[i] = [unknown, unknown, unknown, never, never, unknown]
            ways[i] = [unknown_ways, unknown_ways, unknown_ways, 0, 0, unknown_ways]
            continue
        best = [never, never, never, unknown, never]
        count = [0, 0, 0, unknown_ways, 0]
        for j, role, vowel, elided, _ in steps[i]:
            after = _AFTER_ELIDED if elided else _AFTER[role]
            value = w_part + cost[j][after]
            if vowel:
                value += w_vowel
            if elided:
                value += w_elided
            if value < best[role]:
                best[role], count[role] = value, ways[j][after]
            elif value == best[role]:
                count[role] += ways[j][after]
        present = [(role, best[role], count[role]) for role in roles if best[role] < never]
        for state in range(1, 6) if i else (_START,):
            penalties = _PENALTY[state]
            lowest, paths = never, 0
            for role, value, number in present:
                penalty = penalties[role]
                if penalty == _NO:
                    continue
                total = value + penalty * w_misplaced
                if total < lowest:
                    lowest, paths = total, number
                elif total == lowest:
                    paths += number
            cost[i][state], ways[i][state] = lowest, paths
    return _Plan(cost=cost, ways=ways, weights=weights)


def _best_moves(
    i: int, state: int, steps: list[list[_Step]], plan: _Plan
) -> list[tuple[_Move, int]]:
    """The moves from (i, state) that stay on a best path, in tie order, with the state after."""
    w_elided, w_vowel, w_misplaced, w_part, w_unknown = plan.weights
    cost, penalties = plan.cost, _PENALTY[state]
    target = cost[i][state]
    moves: list[tuple[_Move, int]] = []
    for step in steps[i]:
        j, role, vowel, elided, _ = step
        after = _next_state(role, elided)
        penalty = penalties[role]
        value = w_part + cost[j][after] + penalty * w_misplaced
        value += (w_vowel if vowel else 0) + (w_elided if elided else 0)
        if penalty != _NO and value == target:
            moves.append(((i, j, step), after))
    unknown = penalties[_UNKNOWN]
    if unknown != _NO and w_unknown + cost[i + 1][_AFTER_UNKNOWN] + unknown * w_misplaced == target:
        moves.append(((i, i + 1, None), _AFTER_UNKNOWN))
    return moves


def _segments(term: str, path: _Path) -> tuple[Segment, ...]:
    moves: list[_Move] = []
    while path is not None:
        move, path = path
        moves.append(move)
    segments: list[Segment] = []
    unknown_from = -1
    for i, j, step in reversed(moves):
        if step is None:
            if unknown_from < 0:
                unknown_from = i
            continue
        if unknown_from >= 0:
            segments.append(Segment(text=term[unknown_from:i], start=unknown_from, end=i))
            unknown_from = -1
        _, _, vowel, elided, matched = step
        segments.append(
            Segment(
                text=term[i:j],
                start=i,
                end=j,
                part=matched[0],
                connecting_vowel=vowel,
                elided=elided,
                homographs=matched[1:],
            )
        )
    if unknown_from >= 0:
        segments.append(Segment(text=term[unknown_from:], start=unknown_from, end=len(term)))
    return tuple(segments)


def _solve(term: str, limit: int) -> tuple[Explanation, ...]:
    """The first ``limit`` best readings of ``term``, in tie order."""
    n = len(term)
    steps = _steps(term, _index())
    plan = _plan(n, steps)
    alternatives = plan.ways[0][_START] - 1
    found: list[Explanation] = []
    stack: list[tuple[int, int, _Path]] = [(0, _START, None)]
    while stack and len(found) < limit:
        i, state, path = stack.pop()
        if i == n:
            found.append(
                Explanation(term=term, segments=_segments(term, path), alternatives=alternatives)
            )
            continue
        for move, after in reversed(_best_moves(i, state, steps, plan)):
            stack.append((move[1], after, (move, path)))
    return tuple(found)


def _normalise(value: object, field: str) -> str:
    if not isinstance(value, str):
        msg = f"{field}: expected str, got {type(value).__name__}"
        raise TypeError(msg)
    return value.strip()


def _word(term: object) -> str:
    text = _normalise(term, "term")
    if not text.isalpha():
        msg = "term: must be one word of letters only; explain the words of a phrase one by one"
        raise InvalidFormat(msg, field="term", code="wordparts.format")
    return text.lower()


def _positive(limit: object) -> int:
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        msg = "limit: must be a positive integer"
        raise ValueError(msg)
    return limit


def explain(term: str) -> Explanation:
    """Take a medical term apart into word parts, and say what each part means.

    Args:
        term: One word. Case and surrounding space do not matter.

    Returns:
        The best reading of the term (see the module documentation for how it is
        chosen). Letters that no part explains are kept as segments with
        ``part=None``, and the explanation is then not complete.

    Raises:
        TypeError: if ``term`` is not a string.
        InvalidFormat: if ``term`` is empty or has anything but letters
            (``wordparts.format``).

    >>> explain("nephrolithiasis").notation
    'nephr/o/lith/iasis'
    >>> explain("otitis media")
    Traceback (most recent call last):
        ...
    medoffice.exceptions.InvalidFormat: term: must be one word of letters only; explain the words of a phrase one by one
    """
    return _solve(_word(term), 1)[0]


def readings(term: str, limit: int = 10) -> tuple[Explanation, ...]:
    """Every reading of ``term`` that scores as well as the best, best first.

    The first is :func:`explain`'s; there are ``alternatives + 1`` in all, of
    which the first ``limit`` are returned.

    Args:
        term: One word, as for :func:`explain`.
        limit: The most readings to return (at least 1).

    Raises:
        TypeError: if ``term`` is not a string.
        InvalidFormat: as for :func:`explain`.
        ValueError: if ``limit`` is not a positive integer.

    >>> [r.gloss for r in readings("biopsy")]
    ['two, twice, both + viewing, examination', 'life + viewing, examination']
    >>> len(readings("gastritis"))
    1
    """
    return _solve(_word(term), _positive(limit))


# -- lookup ------------------------------------------------------------------------


def _suggest(core: str, wanted: Kind | None, index: _Index) -> tuple[Suggestion, ...]:
    found: dict[str, Suggestion] = {}

    def add(part: WordPart, reason: str) -> None:
        found.setdefault(part.part, Suggestion(code=part.part, reason=reason))

    if wanted is not None:
        for part in index.by_form.get(core, ()):
            add(part, f"a {part.kind.label}, not a {wanted.label}: {part.meaning}")
    for form in difflib.get_close_matches(core, sorted(index.by_form), n=4, cutoff=0.75):
        for part in index.by_form[form]:
            add(part, f"spelled {form!r}: {part.meaning}")
    reading = explain(core)
    if reading.complete and len(reading.segments) > 1:
        for part in reading.parts:
            add(part, f"a part of {core!r}: {part.meaning}")
    return tuple(found.values())


def lookup(part: str) -> tuple[WordPart, ...]:
    """Find the word parts spelled ``part``.

    Args:
        part: A spelling as it appears in words (``"cardio"``, ``"itis"``) or as
            the table writes it (``"cardi/o"``, ``"-itis"``, ``"hyper-"``). A
            leading hyphen asks for suffixes only, a trailing one for prefixes
            only, a slash for combining forms only.

    Returns:
        The matching parts, in table order.

    Raises:
        TypeError: if ``part`` is not a string.
        InvalidFormat: if ``part`` is not letters with those marks
            (``wordparts.format``).
        UnknownCode: if no part is spelled so (``system="wordparts"``), with
            suggestions: the same spelling of another kind, similar spellings,
            or the parts of a whole term.

    >>> [p.part for p in lookup("Cardio")]
    ['cardi/o']
    >>> try:
    ...     lookup("-hyper")
    ... except UnknownCode as exc:
    ...     print(exc.code, exc.suggestions[0])
    hyper Suggestion(code='hyper-', reason='a prefix, not a suffix: above, excessive')
    >>> try:
    ...     lookup("cardo")
    ... except UnknownCode as exc:
    ...     print([s.code for s in exc.suggestions])
    ['cardi/o', 'caud/o', 'carp/o']
    """
    text = _normalise(part, "part").lower()
    index = _index()
    if text in index.by_part:
        return index.by_part[text]
    wanted: Kind | None = None
    core = text
    if "/" in core:
        wanted, core = Kind.COMBINING_FORM, core.replace("/", "")
    elif core.startswith("-") and not core.endswith("-"):
        wanted, core = Kind.SUFFIX, core[1:]
    elif core.endswith("-") and not core.startswith("-"):
        wanted, core = Kind.PREFIX, core[:-1]
    if not core or not set(core) <= _ASCII_LOWER:
        msg = "part: must be letters a-z, written as in a word or as 'hyper-', 'cardi/o', '-itis'"
        raise InvalidFormat(msg, field="part", code="wordparts.format")
    found = tuple(p for p in index.by_form.get(core, ()) if wanted is None or p.kind is wanted)
    if found:
        return found
    what = wanted.label if wanted else "word part"
    msg = f"wordparts: no {what} is spelled {core!r}"
    raise UnknownCode(msg, system="wordparts", code=core, suggestions=_suggest(core, wanted, index))
