"""Hypothesis strategies for medoffice's identifiers and value types.

Install with the ``strategies`` extra (``pip install 'medoffice[strategies]'``).
Hypothesis loads them through its entry point, so ``st.from_type(Problem)``
works in any test suite that has medoffice installed.

>>> from hypothesis import given
>>> from medoffice.codes import npi
>>> @given(npis())
... def test_npis_are_valid(value):
...     assert npi.is_valid(value)
>>> test_npis_are_valid()
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import attrs
from hypothesis import strategies as st

from medoffice.codes import ein, mbi, ndc, npi
from medoffice.exceptions import Problem, Severity, Suggestion
from medoffice.scheduling._hours import Blocked, DateClosed, OnBreak, OutsideHours
from medoffice.scheduling._meetings import Attendee, MeetingTime
from medoffice.scheduling._model import (
    Appointment,
    AppointmentType,
    Availability,
    Block,
    Break,
    Conflict,
    ConflictKind,
    ConflictPolicy,
    DateOverride,
    Hours,
    Level,
    Requirement,
    Resource,
    ResourceKind,
    Slot,
    SlotRequest,
    Status,
    WeeklyHours,
)
from medoffice.scheduling._recurrence import (
    ByDay,
    Feb29,
    Frequency,
    OccurrenceChange,
    Recurrence,
    Series,
)
from medoffice.scheduling._reschedule import Cost, Move, Proposal
from medoffice.scheduling._slots import (
    BeyondHorizon,
    DailyCap,
    MinimumNotice,
    NonexistentLocalTime,
    NoQualifiedResource,
    ResourceBusy,
)
from medoffice.scheduling._time import Ambiguous, Nonexistent
from medoffice.scheduling._view import CalendarView
from medoffice.scheduling.fhir import FhirSlot, Schedule, SlotStatus
from medoffice.terminology._model import (
    Concept,
    ConceptKind,
    Extension,
    Field,
    Hit,
    Match,
    MatchKind,
    Notes,
    Release,
)
from medoffice.terminology.abbreviations import Abbreviation, Category, Finding, Flag
from medoffice.terminology.abbreviations import table as abbreviation_table
from medoffice.terminology.wordparts import Explanation, Kind, Segment, WordPart
from medoffice.terminology.wordparts import explain as explain_word

__all__ = [
    "TYPE_STRATEGIES",
    "abbreviation_findings",
    "abbreviations",
    "appointment_types",
    "appointments",
    "attendees",
    "availabilities",
    "aware_datetimes",
    "blocks",
    "breaks",
    "by_days",
    "calendar_views",
    "code_notes",
    "concepts",
    "conflict_policies",
    "conflicts",
    "costs",
    "cpt_codes",
    "date_overrides",
    "eins",
    "extensions",
    "fhir_schedules",
    "fhir_slots",
    "hcpcs_codes",
    "hits",
    "hours",
    "icd10cm_codes",
    "invalid_eins",
    "invalid_mbis",
    "invalid_npis",
    "junk",
    "matches",
    "mbis",
    "meeting_times",
    "modifiers",
    "moves",
    "ndcs",
    "npis",
    "occurrence_changes",
    "problem_codes",
    "problems",
    "proposals",
    "recurrences",
    "refusal_reasons",
    "register",
    "releases",
    "requirements",
    "resource_ids",
    "scheduling_resources",
    "series",
    "slot_requests",
    "slots",
    "suggestions",
    "time_zones",
    "utc_datetimes",
    "weekly_hours",
    "word_explanations",
    "word_parts",
    "word_segments",
    "zipcodes",
]

_DIGITS = "0123456789"
_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_MBI_LETTERS = "".join(sorted(set(_UPPER) - mbi.EXCLUDED_LETTERS))


def _digits(n: int) -> st.SearchStrategy[str]:
    return st.text(_DIGITS, min_size=n, max_size=n)


def npis() -> st.SearchStrategy[str]:
    """Valid NPIs (10 digits, first 1 or 2, Luhn check digit).

    >>> from hypothesis import find
    >>> npi.is_valid(find(npis(), lambda _: True))
    True
    """

    def finish(base: str) -> str:
        return base + npi.calc_check_digit(base)

    return st.builds(lambda first, rest: first + rest, st.sampled_from("12"), _digits(8)).map(
        finish
    )


def invalid_npis() -> st.SearchStrategy[str]:
    """Strings that look like NPIs but break exactly one rule.

    >>> from hypothesis import find
    >>> npi.is_valid(find(invalid_npis(), lambda _: True))
    False
    """

    def wrong_check(valid: str) -> str:
        bad = (int(valid[-1]) + 1) % 10
        return valid[:-1] + str(bad)

    return st.one_of(
        npis().map(wrong_check),
        npis().map(lambda v: v[:-1]),
        npis().map(lambda v: v + "0"),
        npis().map(lambda v: "3" + v[1:]),
        npis().map(lambda v: v[:4] + "A" + v[5:]),
    )


def eins() -> st.SearchStrategy[str]:
    """Valid EINs (nine digits with an issued prefix), compact.

    >>> from hypothesis import find
    >>> ein.is_valid(find(eins(), lambda _: True))
    True
    """
    prefixes = sorted({f"{i:02d}" for i in range(100)} - ein.NEVER_ISSUED_PREFIXES)
    return st.builds(lambda p, rest: p + rest, st.sampled_from(prefixes), _digits(7))


def invalid_eins() -> st.SearchStrategy[str]:
    """Nine-digit strings whose prefix is never issued, and wrong lengths.

    >>> from hypothesis import find
    >>> ein.is_valid(find(invalid_eins(), lambda _: True))
    False
    """
    return st.one_of(
        st.builds(
            lambda p, rest: p + rest,
            st.sampled_from(sorted(ein.NEVER_ISSUED_PREFIXES)),
            _digits(7),
        ),
        eins().map(lambda v: v[:-1]),
    )


def mbis() -> st.SearchStrategy[str]:
    """Valid MBIs, compact (11 characters, by the CMS position rules).

    >>> from hypothesis import find
    >>> mbi.is_valid(find(mbis(), lambda _: True))
    True
    """
    alpha = st.sampled_from(_MBI_LETTERS)
    num = st.sampled_from(_DIGITS)
    alnum = st.sampled_from(_DIGITS + _MBI_LETTERS)
    parts = (
        st.sampled_from("123456789"),
        alpha,
        alnum,
        num,
        alpha,
        alnum,
        num,
        alpha,
        alpha,
        num,
        num,
    )
    return st.tuples(*parts).map("".join)


def invalid_mbis() -> st.SearchStrategy[str]:
    """MBI-shaped strings with one position broken (an excluded letter, a 0 first ...).

    >>> from hypothesis import find
    >>> mbi.is_valid(find(invalid_mbis(), lambda _: True))
    False
    """

    def put(valid: str, pos: int, char: str) -> str:
        return valid[:pos] + char + valid[pos + 1 :]

    return st.one_of(
        st.builds(put, mbis(), st.just(0), st.just("0")),
        st.builds(put, mbis(), st.sampled_from([1, 4, 7, 8]), st.sampled_from("SLOIBZ0")),
        st.builds(put, mbis(), st.sampled_from([3, 6, 9, 10]), st.sampled_from("AC")),
        mbis().map(lambda v: v[:10]),
    )


def ndcs() -> st.SearchStrategy[str]:
    """Valid hyphenated 10-digit NDCs in the three FDA layouts.

    >>> from hypothesis import find
    >>> ndc.is_valid(find(ndcs(), lambda _: True))
    True
    """
    return st.sampled_from(sorted(ndc.LAYOUTS.values())).flatmap(
        lambda lengths: st.tuples(*(_digits(n) for n in lengths)).map("-".join)
    )


def icd10cm_codes() -> st.SearchStrategy[str]:
    """Strings with the *form* of an ICD-10-CM code (compact; not all exist).

    >>> from medoffice.codes import icd10cm
    >>> from hypothesis import find
    >>> icd10cm.is_valid(find(icd10cm_codes(), lambda _: True))
    True
    """
    alnum = st.sampled_from(_DIGITS + _UPPER)
    return st.builds(
        lambda a, b, rest: a + b + "".join(rest),
        st.sampled_from(_UPPER),
        st.sampled_from(_DIGITS),
        st.lists(alnum, min_size=1, max_size=5),
    )


def cpt_codes() -> st.SearchStrategy[str]:
    """Strings with the form of a CPT code (not real codes).

    >>> from medoffice.codes import cpt
    >>> from hypothesis import find
    >>> cpt.is_valid(find(cpt_codes(), lambda _: True))
    True
    """
    return st.builds(lambda a, b: a + b, _digits(4), st.sampled_from(_DIGITS + "FTU"))


def hcpcs_codes() -> st.SearchStrategy[str]:
    """Strings with the form of a HCPCS Level II code.

    >>> from medoffice.codes import hcpcs
    >>> from hypothesis import find
    >>> hcpcs.is_valid(find(hcpcs_codes(), lambda _: True))
    True
    """
    return st.builds(lambda a, b: a + b, st.sampled_from("ABCDEFGHIJKLMNOPQRSTUV"), _digits(4))


def modifiers() -> st.SearchStrategy[str]:
    """Two-character modifiers.

    >>> from medoffice.codes import modifier
    >>> from hypothesis import find
    >>> modifier.is_valid(find(modifiers(), lambda _: True))
    True
    """
    return st.text(_DIGITS + _UPPER, min_size=2, max_size=2)


def zipcodes() -> st.SearchStrategy[str]:
    """Valid ZIP and ZIP+4 codes, compact.

    >>> from medoffice.codes import zipcode
    >>> from hypothesis import find
    >>> zipcode.is_valid(find(zipcodes(), lambda _: True))
    True
    """
    return st.builds(
        lambda z, plus: z + plus,
        _digits(5).filter(lambda z: not z.startswith("000")),
        st.one_of(st.just(""), _digits(4)),
    )


def junk() -> st.SearchStrategy[object]:
    """Anything a careless caller might pass to a validator or parser.

    >>> from hypothesis import find
    >>> find(junk(), lambda _: True) is not ...
    True
    """
    return st.one_of(
        st.none(),
        st.just(""),
        st.just("€"),
        st.text(),
        st.binary(),
        st.integers(),
        st.floats(),
        st.lists(st.text(max_size=3), max_size=3),
        st.builds(object),
        st.text(max_size=3).map(lambda s: s * 100_000),
    )


def problem_codes() -> st.SearchStrategy[str]:
    """Stable dotted problem codes such as ``npi.checksum``.

    >>> from hypothesis import find
    >>> "." in find(problem_codes(), lambda _: True)
    True
    """
    word = st.text("abcdefghijklmnopqrstuvwxyz0123456789_", min_size=1, max_size=8)
    return st.lists(word, min_size=2, max_size=4).map(".".join)


def problems() -> st.SearchStrategy[Problem]:
    """:class:`~medoffice.exceptions.Problem` values.

    >>> from hypothesis import find
    >>> isinstance(find(problems(), lambda _: True), Problem)
    True
    """
    return st.builds(
        Problem,
        path=st.text(max_size=30),
        code=problem_codes(),
        severity=st.sampled_from(Severity),
        message=st.text(max_size=60),
    )


def suggestions() -> st.SearchStrategy[Suggestion]:
    """:class:`~medoffice.exceptions.Suggestion` values.

    >>> from hypothesis import find
    >>> isinstance(find(suggestions(), lambda _: True), Suggestion)
    True
    """
    return st.builds(Suggestion, code=st.text(max_size=8), reason=st.text(max_size=40))


_ABBREVIATION_CHARS = _UPPER + _UPPER.lower() + _DIGITS + "/&-"


def abbreviations() -> st.SearchStrategy[Abbreviation]:
    """:class:`~medoffice.terminology.abbreviations.Abbreviation` values.

    Rows of the bundled table, and made-up abbreviations.

    >>> from hypothesis import find
    >>> isinstance(find(abbreviations(), lambda _: True), Abbreviation)
    True
    """
    token = st.text(_ABBREVIATION_CHARS, min_size=1, max_size=8)
    made_up = st.builds(
        Abbreviation,
        abbreviation=token,
        meaning=st.text(min_size=1, max_size=40).filter(str.strip),
        category=st.sampled_from(Category),
        flag=st.sampled_from(Flag),
        replacement=st.none() | st.text(max_size=20),
        reason=st.none() | st.text(max_size=40),
        aliases=st.lists(token, max_size=3).map(tuple),
    )
    return st.one_of(st.sampled_from(abbreviation_table()), made_up)


def abbreviation_findings() -> st.SearchStrategy[Finding]:
    """:class:`~medoffice.terminology.abbreviations.Finding` values, consistent spans.

    >>> from hypothesis import find
    >>> f = find(abbreviation_findings(), lambda _: True)
    >>> f.end - f.start == len(f.text)
    True
    """

    def build(
        *,
        start: int,
        text: str,
        rule: str,
        severity: Severity,
        message: str,
        replacement: str | None,
    ) -> Finding:
        return Finding(
            start=start,
            end=start + len(text),
            text=text,
            rule=rule,
            severity=severity,
            message=message,
            replacement=replacement,
        )

    return st.builds(
        build,
        start=st.integers(0, 10_000),
        text=st.text(min_size=1, max_size=20),
        rule=problem_codes(),
        severity=st.sampled_from(Severity),
        message=st.text(max_size=60),
        replacement=st.none() | st.text(max_size=20),
    )


_LOWER = _UPPER.lower()


def word_parts() -> st.SearchStrategy[WordPart]:
    """:class:`~medoffice.terminology.wordparts.WordPart` values (made up, not from the table).

    >>> from hypothesis import find
    >>> all(form.isalpha() for form in find(word_parts(), lambda _: True).forms)
    True
    """
    return st.builds(
        WordPart,
        part=st.text(min_size=1, max_size=12),
        kind=st.sampled_from(Kind),
        meaning=st.text(min_size=1, max_size=30),
        forms=st.lists(st.text(_LOWER, min_size=1, max_size=10), min_size=1, max_size=3).map(tuple),
        examples=st.lists(st.text(max_size=15), max_size=3).map(tuple),
    )


def _word_segment(start: int, text: str, part: WordPart | None, vowel: int, elided: str) -> Segment:
    if part is None:
        return Segment(text=text, start=start, end=start + len(text))
    cut = min(vowel, len(text) - 1)
    return Segment(
        text=text,
        start=start,
        end=start + len(text),
        part=part,
        connecting_vowel=text[len(text) - cut :] if cut else "",
        elided=elided,
    )


def word_segments() -> st.SearchStrategy[Segment]:
    """:class:`~medoffice.terminology.wordparts.Segment` values, explained or not.

    >>> from hypothesis import find
    >>> s = find(word_segments(), lambda _: True)
    >>> s.end - s.start == len(s.text)
    True
    """
    return st.builds(
        _word_segment,
        start=st.integers(0, 1_000),
        text=st.text(min_size=1, max_size=12),
        part=st.none() | word_parts(),
        vowel=st.integers(0, 1),
        elided=st.sampled_from(["", "a", "e", "i", "o", "u"]),
    )


def _explanation_of(pieces: list[tuple[str, WordPart | None]], alternatives: int) -> Explanation:
    segments, start = [], 0
    for text, part in pieces:
        segments.append(_word_segment(start, text, part, 0, ""))
        start += len(text)
    term = "".join(text for text, _ in pieces)
    return Explanation(term=term, segments=tuple(segments), alternatives=alternatives)


def word_explanations() -> st.SearchStrategy[Explanation]:
    """:class:`~medoffice.terminology.wordparts.Explanation` values: real ones and made-up.

    Real ones come from :func:`~medoffice.terminology.wordparts.explain` on random
    letters; made-up ones tile a random term with random parts.

    >>> from hypothesis import find
    >>> e = find(word_explanations(), lambda _: True)
    >>> "".join(s.text for s in e.segments) == e.term
    True
    """
    piece = st.tuples(st.text(min_size=1, max_size=8), st.none() | word_parts())
    made_up = st.builds(_explanation_of, st.lists(piece, min_size=1, max_size=4), st.integers(0, 5))
    real = st.text(_LOWER, min_size=1, max_size=20).map(explain_word)
    return st.one_of(real, made_up)


_SHORT_TEXT = st.text(max_size=20)
_TEXTS = st.lists(st.text(max_size=30), max_size=3).map(tuple)


def releases() -> st.SearchStrategy[Release]:
    """:class:`~medoffice.terminology.Release` values.

    >>> from hypothesis import find
    >>> find(releases(), lambda r: r.ends is not None).ends is not None
    True
    """
    return st.builds(
        Release,
        id=_SHORT_TEXT,
        label=_SHORT_TEXT,
        starts=st.dates(),
        ends=st.none() | st.dates(),
        codes=st.integers(min_value=0, max_value=100_000),
        source=_SHORT_TEXT,
        titles_complete=st.booleans(),
    )


def code_notes() -> st.SearchStrategy[Notes]:
    """:class:`~medoffice.terminology.Notes` values.

    >>> from hypothesis import find
    >>> isinstance(find(code_notes(), lambda _: True), Notes)
    True
    """
    return st.builds(
        Notes,
        inclusion_terms=_TEXTS,
        includes=_TEXTS,
        excludes1=_TEXTS,
        excludes2=_TEXTS,
        code_first=_TEXTS,
        use_additional_code=_TEXTS,
        code_also=_TEXTS,
        notes=_TEXTS,
        seventh_character_notes=_TEXTS,
    )


def extensions() -> st.SearchStrategy[Extension]:
    """7th-character :class:`~medoffice.terminology.Extension` values.

    >>> from hypothesis import find
    >>> len(find(extensions(), lambda _: True).character)
    1
    """
    return st.builds(
        Extension, character=st.sampled_from("0123456789ABCDEFGHJKMNPQRS"), title=_SHORT_TEXT
    )


def concepts() -> st.SearchStrategy[Concept]:
    """:class:`~medoffice.terminology.Concept` values (well formed, not necessarily real).

    >>> from hypothesis import find
    >>> isinstance(find(concepts(), lambda _: True), Concept)
    True
    """
    return st.builds(
        Concept,
        system=st.sampled_from(["icd10cm", "hcpcs", "pos", "cpt"]),
        code=icd10cm_codes(),
        display=_SHORT_TEXT,
        title=st.text(max_size=60),
        kind=st.sampled_from(ConceptKind),
        billable=st.booleans(),
        release=_SHORT_TEXT,
        parent=st.none() | icd10cm_codes(),
        notes=code_notes(),
        extensions=st.lists(extensions(), max_size=3).map(tuple),
    )


def matches() -> st.SearchStrategy[Match]:
    """Search :class:`~medoffice.terminology.Match` values.

    >>> from hypothesis import find
    >>> isinstance(find(matches(), lambda _: True), Match)
    True
    """
    return st.builds(
        Match,
        word=_SHORT_TEXT,
        matched=_SHORT_TEXT,
        field=st.sampled_from(Field),
        kind=st.sampled_from(MatchKind),
    )


def hits() -> st.SearchStrategy[Hit]:
    """Search :class:`~medoffice.terminology.Hit` values.

    >>> from hypothesis import find
    >>> isinstance(find(hits(), lambda _: True), Hit)
    True
    """
    return st.builds(
        Hit,
        code=icd10cm_codes(),
        display=_SHORT_TEXT,
        title=st.text(max_size=60),
        billable=st.booleans(),
        score=st.floats(allow_nan=False, allow_infinity=False, width=32).map(float),
        matches=st.lists(matches(), max_size=3).map(tuple),
    )


# -- scheduling -----------------------------------------------------------------

#: Zones with DST changes on both hemispheres, and UTC.
_ZONES = ("UTC", "America/New_York", "Europe/London", "Australia/Sydney", "Asia/Kolkata")


def time_zones() -> st.SearchStrategy[str]:
    """IANA time-zone names with and without DST.

    >>> from hypothesis import find
    >>> find(time_zones(), lambda _: True)
    'UTC'
    """
    return st.sampled_from(_ZONES)


def aware_datetimes(
    min_value: dt.datetime = dt.datetime(2000, 1, 1),
    max_value: dt.datetime = dt.datetime(2040, 12, 31),
) -> st.SearchStrategy[dt.datetime]:
    """Timezone-aware datetimes in DST and non-DST zones, never imaginary.

    >>> from hypothesis import find
    >>> find(aware_datetimes(), lambda _: True).tzinfo is not None
    True
    """
    return st.datetimes(
        min_value=min_value,
        max_value=max_value,
        timezones=time_zones().map(ZoneInfo),
        allow_imaginary=False,
    )


def resource_ids() -> st.SearchStrategy[str]:
    """Resource and appointment identifiers (``dr-1``, ``room-2`` ...).

    >>> from hypothesis import find
    >>> find(resource_ids(), lambda _: True)
    'a0'
    """
    return st.builds(
        "{}{}".format, st.sampled_from(("a", "dr-", "room-", "p-", "x")), st.integers(0, 999)
    )


def scheduling_resources() -> st.SearchStrategy[Resource]:
    """:class:`~medoffice.scheduling.Resource` values.

    >>> from hypothesis import find
    >>> find(scheduling_resources(), lambda _: True).capacity
    1
    """
    return st.builds(
        Resource,
        id=resource_ids(),
        kind=st.sampled_from(ResourceKind),
        capacity=st.integers(1, 4),
        name=st.text(max_size=20),
    )


_MINUTES = st.integers(0, 120).map(lambda m: dt.timedelta(minutes=m))


def appointments() -> st.SearchStrategy[Appointment]:
    """:class:`~medoffice.scheduling.Appointment` values (zero-length ones too).

    >>> from hypothesis import find
    >>> a = find(appointments(), lambda _: True)
    >>> a.end >= a.start
    True
    """
    return st.builds(
        lambda start, length, **kw: Appointment(
            start=start, end=start.astimezone(dt.UTC) + length, **kw
        ),
        start=aware_datetimes(),
        length=st.integers(0, 240).map(lambda m: dt.timedelta(minutes=m)),
        id=resource_ids(),
        resources=st.lists(
            scheduling_resources(), min_size=1, max_size=3, unique_by=lambda r: r.id
        ),
        status=st.sampled_from(Status),
        buffer_before=_MINUTES,
        buffer_after=_MINUTES,
        type=st.none() | st.sampled_from(("visit", "echo", "physical")),
        locked=st.booleans(),
    )


def conflicts() -> st.SearchStrategy[Conflict]:
    """:class:`~medoffice.scheduling.Conflict` values.

    >>> from hypothesis import find
    >>> find(conflicts(), lambda _: True).kind.value
    'overlap'
    """
    utc = aware_datetimes().map(lambda d: d.astimezone(dt.UTC))
    return st.builds(
        lambda start, length, **kw: Conflict(start=start, end=start + length, **kw),
        start=utc,
        length=_MINUTES,
        kind=st.sampled_from(ConflictKind),
        appointments=st.lists(resource_ids(), min_size=2, max_size=4, unique=True),
        resources=st.lists(resource_ids(), min_size=1, max_size=2, unique=True),
        severity=st.sampled_from(Level),
        buffer_only=st.booleans(),
        load=st.integers(2, 6),
        capacity=st.integers(1, 5),
    )


def conflict_policies() -> st.SearchStrategy[ConflictPolicy]:
    """:class:`~medoffice.scheduling.ConflictPolicy` values.

    >>> from hypothesis import find
    >>> find(conflict_policies(), lambda _: True).patient
    <Level.BLOCK: 'block'>
    """
    levels = st.sampled_from(Level)
    return st.builds(
        ConflictPolicy,
        provider=levels,
        room=levels,
        equipment=levels,
        patient=levels,
        staff=levels,
        buffer=levels,
        resources=st.dictionaries(resource_ids(), levels, max_size=3),
    )


def requirements() -> st.SearchStrategy[Requirement]:
    """:class:`~medoffice.scheduling.Requirement` values.

    >>> from hypothesis import find
    >>> find(requirements(), lambda _: True).count
    1
    """
    return st.builds(
        Requirement,
        kind=st.sampled_from(ResourceKind),
        any_of=st.lists(resource_ids(), max_size=3, unique=True).map(tuple),
        count=st.integers(1, 2),
    )


def appointment_types() -> st.SearchStrategy[AppointmentType]:
    """:class:`~medoffice.scheduling.AppointmentType` values.

    >>> from hypothesis import find
    >>> find(appointment_types(), lambda _: True).duration.total_seconds() > 0
    True
    """
    return st.builds(
        AppointmentType,
        code=resource_ids(),
        duration=st.integers(5, 240).map(lambda m: dt.timedelta(minutes=m)),
        requires=st.lists(requirements(), max_size=3).map(tuple),
        buffer_before=_MINUTES,
        buffer_after=_MINUTES,
        name=st.text(max_size=20),
    )


def slot_requests() -> st.SearchStrategy[SlotRequest]:
    """:class:`~medoffice.scheduling.SlotRequest` values.

    >>> from hypothesis import find
    >>> find(slot_requests(), lambda _: True).patient is None
    True
    """
    return st.builds(
        SlotRequest,
        type=appointment_types(),
        patient=st.none() | scheduling_resources(),
        resources=st.lists(scheduling_resources(), max_size=2).map(tuple),
    )


def slots() -> st.SearchStrategy[Slot]:
    """:class:`~medoffice.scheduling.Slot` values.

    >>> from hypothesis import find
    >>> find(slots(), lambda _: True).duration >= dt.timedelta(0)
    True
    """
    return st.builds(
        lambda start, length, resources: Slot(
            start=start, end=start.astimezone(dt.UTC) + length, resources=resources
        ),
        start=aware_datetimes(),
        length=_MINUTES,
        resources=st.lists(resource_ids(), max_size=3, unique=True).map(tuple),
    )


_TIMES = st.integers(0, 23 * 60 + 58).map(lambda m: dt.time(m // 60, m % 60))


def _time_window() -> st.SearchStrategy[tuple[dt.time, dt.time]]:
    def build(start: dt.time, minutes: int) -> tuple[dt.time, dt.time]:
        total = min(start.hour * 60 + start.minute + minutes, 23 * 60 + 59)
        return start, dt.time(total // 60, total % 60)

    return st.builds(build, _TIMES, st.integers(1, 600))


_DAYS = st.frozensets(st.integers(0, 6), min_size=1)


def weekly_hours() -> st.SearchStrategy[WeeklyHours]:
    """:class:`~medoffice.scheduling.WeeklyHours` values.

    >>> from hypothesis import find
    >>> w = find(weekly_hours(), lambda _: True)
    >>> w.end > w.start
    True
    """
    return st.builds(
        lambda days, window: WeeklyHours(days=days, start=window[0], end=window[1]),
        _DAYS,
        _time_window(),
    )


def breaks() -> st.SearchStrategy[Break]:
    """:class:`~medoffice.scheduling.Break` values.

    >>> from hypothesis import find
    >>> find(breaks(), lambda _: True).level
    <Level.BLOCK: 'block'>
    """
    return st.builds(
        lambda days, window, reason, level: Break(
            days=days, start=window[0], end=window[1], reason=reason, level=level
        ),
        _DAYS,
        _time_window(),
        st.sampled_from(("", "lunch", "huddle")),
        st.sampled_from(Level),
    )


def date_overrides() -> st.SearchStrategy[DateOverride]:
    """:class:`~medoffice.scheduling.DateOverride` values (closed days too).

    >>> from hypothesis import find
    >>> find(date_overrides(), lambda _: True).closed
    True
    """
    return st.builds(
        DateOverride,
        date=st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31)),
        windows=st.lists(_time_window(), max_size=2).map(tuple),
        reason=st.sampled_from(("", "holiday", "half day")),
    )


def blocks() -> st.SearchStrategy[Block]:
    """:class:`~medoffice.scheduling.Block` values.

    >>> from hypothesis import find
    >>> b = find(blocks(), lambda _: True)
    >>> b.end > b.start
    True
    """
    return st.builds(
        lambda start, minutes, reason, level: Block(
            start=start,
            end=start.astimezone(dt.UTC) + dt.timedelta(minutes=minutes),
            reason=reason,
            level=level,
        ),
        aware_datetimes(),
        st.integers(1, 600),
        st.sampled_from(("", "out of office", "meeting")),
        st.sampled_from(Level),
    )


def hours() -> st.SearchStrategy[Hours]:
    """:class:`~medoffice.scheduling.Hours` values.

    >>> from hypothesis import find
    >>> find(hours(), lambda _: True).daily_cap is None
    True
    """
    return st.builds(
        Hours,
        resource=st.none() | resource_ids(),
        timezone=time_zones(),
        weekly=st.lists(weekly_hours(), max_size=2).map(tuple),
        breaks=st.lists(breaks(), max_size=2).map(tuple),
        overrides=st.lists(date_overrides(), max_size=2).map(tuple),
        blocks=st.lists(blocks(), max_size=2).map(tuple),
        daily_cap=st.none() | st.integers(1, 30),
    )


def availabilities() -> st.SearchStrategy[Availability]:
    """:class:`~medoffice.scheduling.Availability` values.

    >>> from hypothesis import find
    >>> find(availabilities(), lambda _: True).notice_days
    0
    """
    return st.builds(
        Availability,
        timezone=time_zones(),
        resources=st.lists(scheduling_resources(), max_size=3, unique_by=lambda r: r.id).map(tuple),
        hours=st.lists(hours(), max_size=3, unique_by=lambda h: h.resource).map(tuple),
        minimum_notice=_MINUTES,
        notice_days=st.integers(0, 3),
        horizon=st.none() | st.integers(1, 400).map(lambda d: dt.timedelta(days=d)),
    )


def utc_datetimes() -> st.SearchStrategy[dt.datetime]:
    """Datetimes in UTC (instants as the scheduling model keeps them).

    >>> from hypothesis import find
    >>> find(utc_datetimes(), lambda _: True).tzinfo
    datetime.timezone.utc
    """
    return aware_datetimes().map(lambda d: d.astimezone(dt.UTC))


def _span(minutes: int = 8 * 60) -> st.SearchStrategy[tuple[dt.datetime, dt.datetime]]:
    return st.builds(
        lambda start, length: (start, start + dt.timedelta(minutes=length)),
        utc_datetimes(),
        st.integers(1, minutes),
    )


def attendees() -> st.SearchStrategy[Attendee]:
    """:class:`~medoffice.scheduling.Attendee` values: any hours (or none), a few busy spans.

    >>> from hypothesis import find
    >>> find(attendees(), lambda _: True).busy
    ()
    """
    return st.builds(
        Attendee,
        id=resource_ids(),
        hours=st.none() | hours(),
        busy=st.lists(_span(), max_size=4).map(tuple),
    )


def meeting_times() -> st.SearchStrategy[MeetingTime]:
    """:class:`~medoffice.scheduling.MeetingTime` values.

    >>> from hypothesis import find
    >>> find(meeting_times(), lambda _: True).missing
    ()
    """

    def build(
        span: tuple[dt.datetime, dt.datetime], present: set[str], absent: set[str]
    ) -> MeetingTime:
        return MeetingTime(
            start=span[0],
            end=span[1],
            attendees=tuple(sorted(present)),
            missing=tuple(sorted(absent - present)),
        )

    return st.builds(
        build,
        _span(),
        st.sets(resource_ids(), min_size=1, max_size=4),
        st.sets(resource_ids(), max_size=3),
    )


def by_days() -> st.SearchStrategy[ByDay]:
    """:class:`~medoffice.scheduling.ByDay` values (``MO``, ``2TU``, ``-1FR``).

    >>> from hypothesis import find
    >>> find(by_days(), lambda _: True)
    ByDay(day=0, n=0)
    """
    return st.builds(ByDay, day=st.integers(0, 6), n=st.sampled_from((0, 1, 2, -1)))


_SERIES_ZONES = ("America/New_York", "Europe/London", "Australia/Sydney", "UTC")


def recurrences() -> st.SearchStrategy[Recurrence]:
    """:class:`~medoffice.scheduling.Recurrence` values (COUNT or UNTIL, exdates, policies).

    >>> from hypothesis import find
    >>> 1 <= find(recurrences(), lambda _: True).interval <= 3
    True
    """

    @st.composite
    def build(draw: st.DrawFn) -> Recurrence:
        first = draw(utc_datetimes())
        end = draw(st.sampled_from(("count", "until-date", "until-datetime", "none")))
        until: dt.date | dt.datetime | None = None
        if end == "until-date":
            until = first.date() + dt.timedelta(days=draw(st.integers(0, 400)))
        elif end == "until-datetime":
            until = first + dt.timedelta(hours=draw(st.integers(0, 9000)))
        exdates = draw(
            st.lists(
                st.integers(0, 60).map(lambda d: first + dt.timedelta(days=d))
                | st.integers(0, 60).map(lambda d: first.date() + dt.timedelta(days=d)),
                max_size=3,
                unique=True,
            )
        )
        frequency = draw(st.sampled_from(Frequency))
        feb29 = Feb29.SKIP
        by_weekday: tuple[ByDay, ...] = ()
        by_month_day: tuple[int, ...] = ()
        if frequency in {Frequency.MONTHLY, Frequency.YEARLY} and draw(st.booleans()):
            by_month_day = (draw(st.sampled_from((1, 15, 29, 31))),)
            feb29 = draw(st.sampled_from(Feb29))
        else:
            by_weekday = tuple(
                draw(st.lists(by_days().map(lambda b: ByDay(day=b.day)), max_size=3))
            )
        return Recurrence(
            frequency=frequency,
            interval=draw(st.integers(1, 3)),
            by_weekday=by_weekday,
            by_month_day=by_month_day,
            week_start=draw(st.integers(0, 6)),
            count=draw(st.integers(1, 40)) if end == "count" else None,
            until=until,
            exdates=tuple(exdates),
            nonexistent=draw(st.sampled_from(Nonexistent)),
            ambiguous=draw(st.sampled_from(Ambiguous)),
            feb29=feb29,
        )

    return build()


def occurrence_changes() -> st.SearchStrategy[OccurrenceChange]:
    """:class:`~medoffice.scheduling.OccurrenceChange` values (a move or a status).

    >>> from hypothesis import find
    >>> find(occurrence_changes(), lambda _: True).status is None
    True
    """
    return st.builds(
        lambda original, moved, status: OccurrenceChange(
            original_start=original,
            start=moved[0] if moved else None,
            end=moved[1] if moved else None,
            status=status,
        ),
        utc_datetimes(),
        st.none() | _span(),
        st.none() | st.sampled_from(Status),
    )


def series() -> st.SearchStrategy[Series]:
    """:class:`~medoffice.scheduling.Series` values near DST changes.

    >>> from hypothesis import find
    >>> find(series(), lambda _: True).id
    's'
    """

    @st.composite
    def build(draw: st.DrawFn) -> Series:
        name = draw(st.sampled_from(_SERIES_ZONES))
        start = draw(
            st.datetimes(
                min_value=dt.datetime(2020, 1, 1),
                max_value=dt.datetime(2030, 12, 31),
                timezones=st.just(ZoneInfo(name)),
                allow_imaginary=False,
            )
        )
        start = start.replace(second=0, microsecond=0)  # series start on whole seconds
        minutes = draw(st.sampled_from((0, 15, 30, 90)))
        template = Appointment(
            id="t",
            start=start,
            end=start.astimezone(dt.UTC) + dt.timedelta(minutes=minutes),
            resources=(Resource(id="room-1", kind="room"),),
        )
        rule = draw(recurrences())
        rule = attrs.evolve(rule, exdates=(), until=None if rule.count else rule.until)
        return Series(id="s", template=template, timezone=name, recurrence=rule)

    return build()


def moves() -> st.SearchStrategy[Move]:
    """:class:`~medoffice.scheduling.Move` values: an appointment, a new start, new resources.

    >>> from hypothesis import find
    >>> isinstance(find(moves(), lambda _: True), Move)
    True
    """
    return st.builds(
        lambda a, shift, resources: Move.of(a, to_start=a.start + shift, to_resources=resources),
        appointments(),
        st.integers(-7 * 24 * 60, 7 * 24 * 60).map(lambda m: dt.timedelta(minutes=m)),
        st.none()
        | st.lists(scheduling_resources(), min_size=1, max_size=3, unique_by=lambda r: r.id),
    )


def costs() -> st.SearchStrategy[Cost]:
    """:class:`~medoffice.scheduling.Cost` values.

    >>> from hypothesis import find
    >>> find(costs(), lambda _: True).moved
    0
    """
    minutes = st.integers(0, 20_000).map(lambda m: dt.timedelta(minutes=m))
    return st.builds(
        lambda moved, total, part, days, providers: Cost(
            moved=moved,
            total_shift=total,
            largest_shift=min(part, total),
            day_changes=min(days, moved),
            provider_changes=min(providers, moved),
        ),
        st.integers(0, 10),
        minutes,
        minutes,
        st.integers(0, 10),
        st.integers(0, 10),
    )


def proposals() -> st.SearchStrategy[Proposal]:
    """:class:`~medoffice.scheduling.Proposal` values whose cost is their moves' cost.

    >>> from hypothesis import find
    >>> find(proposals(), lambda _: True).moves
    ()
    """
    return st.builds(
        lambda ms, left: Proposal(moves=tuple(ms), cost=Cost.of(ms), unresolved=tuple(left)),
        st.lists(moves(), max_size=3, unique_by=lambda m: m.id),
        st.lists(conflicts(), max_size=2),
    )


def _levels() -> st.SearchStrategy[Level]:
    return st.sampled_from(Level)


def _reason_strategies() -> dict[type, st.SearchStrategy[Any]]:
    """One strategy per kind of refusal reason, by class."""
    maybe_id = st.none() | resource_ids()
    days = st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31))
    out: dict[type, st.SearchStrategy[Any]] = {
        ResourceBusy: st.builds(
            lambda span, **kw: ResourceBusy(start=span[0], end=span[1], **kw),
            _span(),
            resource=resource_ids(),
            appointment=resource_ids(),
            buffer=st.booleans(),
            patient=st.booleans(),
        ),
        DailyCap: st.builds(
            DailyCap,
            resource=resource_ids(),
            date=days,
            limit=st.integers(1, 30),
            count=st.integers(1, 40),
        ),
        MinimumNotice: st.builds(MinimumNotice, earliest=utc_datetimes()),
        BeyondHorizon: st.builds(BeyondHorizon, latest=utc_datetimes()),
        NonexistentLocalTime: st.builds(
            NonexistentLocalTime,
            local=st.datetimes(
                min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2040, 1, 1)
            ).map(dt.datetime.isoformat),
            zone=time_zones(),
        ),
        NoQualifiedResource: st.builds(
            NoQualifiedResource, requirement=requirements(), available=st.integers(0, 3)
        ),
        OutsideHours: st.builds(
            lambda span, resource: OutsideHours(resource=resource, start=span[0], end=span[1]),
            _span(),
            maybe_id,
        ),
        DateClosed: st.builds(
            DateClosed,
            resource=maybe_id,
            date=days,
            reason=st.sampled_from(("", "holiday")),
            windows=st.lists(_time_window(), max_size=2).map(lambda w: tuple(sorted(w))),
        ),
    }
    for cls in (OnBreak, Blocked):
        out[cls] = st.builds(
            lambda span, resource, reason, level, cls=cls: cls(
                resource=resource, reason=reason, start=span[0], end=span[1], level=level
            ),
            _span(),
            maybe_id,
            st.sampled_from(("", "lunch", "rounds")),
            st.sampled_from(Level),
        )
    return out


def refusal_reasons() -> st.SearchStrategy[Any]:
    """Every kind of reason :func:`~medoffice.scheduling.explain` gives for a refused start.

    >>> from hypothesis import find
    >>> type(find(refusal_reasons(), lambda r: isinstance(r, DailyCap))).__name__
    'DailyCap'
    """
    return st.one_of(*_reason_strategies().values())


def _reason(cls: type) -> Callable[[], st.SearchStrategy[object]]:
    def factory() -> st.SearchStrategy[object]:
        return _reason_strategies()[cls]

    return factory


def calendar_views() -> st.SearchStrategy[CalendarView]:
    """:class:`~medoffice.scheduling.CalendarView` values (any text; no rendering).

    >>> from hypothesis import find
    >>> find(calendar_views(), lambda _: True).title
    ''
    """
    return st.builds(CalendarView, svg=st.text(max_size=40), title=st.text(max_size=20))


def fhir_schedules() -> st.SearchStrategy[Schedule]:
    """:class:`~medoffice.scheduling.fhir.Schedule` values, with or without a horizon.

    >>> from hypothesis import find
    >>> find(fhir_schedules(), lambda _: True).active
    False
    """

    def build(
        sid: str, actors: list[Resource], start: dt.datetime | None, days: int | None, **kw: bool
    ) -> Schedule:
        end = None if days is None or start is None else start + dt.timedelta(days=days)
        return Schedule(id=sid, actors=actors, horizon_start=start, horizon_end=end, **kw)

    return st.builds(
        build,
        resource_ids(),
        st.lists(scheduling_resources(), min_size=1, max_size=3, unique_by=lambda r: r.id),
        st.none() | utc_datetimes(),
        st.none() | st.integers(0, 400),
        active=st.booleans(),
    )


def fhir_slots() -> st.SearchStrategy[FhirSlot]:
    """:class:`~medoffice.scheduling.fhir.FhirSlot` values.

    >>> from hypothesis import find
    >>> find(fhir_slots(), lambda _: True).overbooked
    False
    """
    return st.builds(
        FhirSlot,
        slot=slots(),
        schedule=resource_ids(),
        status=st.sampled_from(SlotStatus),
        overbooked=st.booleans(),
        id=st.none() | resource_ids(),
    )


#: Strategies for every public value type, registered with ``st.from_type``.
TYPE_STRATEGIES: dict[type, Callable[[], st.SearchStrategy[object]]] = {
    Release: releases,
    Notes: code_notes,
    Extension: extensions,
    Concept: concepts,
    Match: matches,
    Hit: hits,
    WordPart: word_parts,
    Segment: word_segments,
    Explanation: word_explanations,
    Problem: problems,
    Suggestion: suggestions,
    Abbreviation: abbreviations,
    Finding: abbreviation_findings,
    Resource: scheduling_resources,
    Appointment: appointments,
    Conflict: conflicts,
    ConflictPolicy: conflict_policies,
    Requirement: requirements,
    AppointmentType: appointment_types,
    SlotRequest: slot_requests,
    Slot: slots,
    WeeklyHours: weekly_hours,
    Break: breaks,
    DateOverride: date_overrides,
    Block: blocks,
    Hours: hours,
    Availability: availabilities,
    Attendee: attendees,
    MeetingTime: meeting_times,
    ByDay: by_days,
    Recurrence: recurrences,
    OccurrenceChange: occurrence_changes,
    Series: series,
    Move: moves,
    Cost: costs,
    Proposal: proposals,
    CalendarView: calendar_views,
    Schedule: fhir_schedules,
    FhirSlot: fhir_slots,
    **{
        cls: _reason(cls)
        for cls in (
            ResourceBusy,
            DailyCap,
            MinimumNotice,
            BeyondHorizon,
            NonexistentLocalTime,
            NoQualifiedResource,
            OutsideHours,
            DateClosed,
            OnBreak,
            Blocked,
        )
    },
}


def register() -> None:
    """Register a strategy for every public value type with Hypothesis.

    Called by Hypothesis through medoffice's entry point; calling it again is
    harmless.

    >>> from hypothesis import find
    >>> register()
    >>> isinstance(find(st.from_type(Problem), lambda _: True), Problem)
    True
    """
    for cls, factory in TYPE_STRATEGIES.items():
        st.register_type_strategy(cls, factory())


register()
