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
import functools
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import attrs
from hypothesis import HealthCheck, Phase, find, settings
from hypothesis import strategies as st

from medoffice.claims._model import (
    Accident,
    AccidentCause,
    Assignment,
    Batch,
    BenefitsAssignment,
    Claim,
    ClaimDates,
    Drug,
    DrugUnit,
    EntityType,
    FilingIndicator,
    Header,
    Patient,
    Payer,
    PayerResponsibility,
    Provider,
    Receiver,
    Relationship,
    ReleaseOfInformation,
    ServiceLine,
    Sex,
    Submitter,
    Subscriber,
    TaxIdKind,
    UnitKind,
    Usage,
)
from medoffice.claims._model import Address as ClaimAddress
from medoffice.claims._model import Frequency as ClaimFrequency
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
from medoffice.terminology import hcpcs as hcpcs_terms
from medoffice.terminology import icd10cm as icd10cm_terms
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
    "US_STATES",
    "X12_SAFE",
    "abbreviation_findings",
    "abbreviations",
    "accidents",
    "addresses",
    "adjudications",
    "adjustments",
    "appointment_types",
    "appointments",
    "attendees",
    "availabilities",
    "aware_datetimes",
    "balanced_remittances",
    "batches",
    "blocks",
    "breaks",
    "by_days",
    "calendar_views",
    "claim_dates",
    "claim_payments",
    "claims",
    "code_notes",
    "concepts",
    "conflict_policies",
    "conflicts",
    "costs",
    "cpt_codes",
    "date_overrides",
    "drugs",
    "eins",
    "example",
    "extensions",
    "fhir_schedules",
    "fhir_slots",
    "hcpcs_codes",
    "headers",
    "hits",
    "hours",
    "icd10cm_codes",
    "invalid_eins",
    "invalid_mbis",
    "invalid_npis",
    "junk",
    "ledger_entries",
    "ledgers",
    "matches",
    "mbis",
    "meeting_times",
    "modifiers",
    "moves",
    "ndcs",
    "npis",
    "occurrence_changes",
    "parties",
    "patients",
    "payees",
    "payers",
    "payments",
    "problem_codes",
    "problems",
    "proposals",
    "provider_adjustments",
    "providers",
    "receivers",
    "recurrences",
    "refusal_reasons",
    "register",
    "releases",
    "remittance_payers",
    "remittances",
    "requirements",
    "resource_ids",
    "scheduling_resources",
    "series",
    "service_lines",
    "service_payments",
    "slot_requests",
    "slots",
    "submitters",
    "subscribers",
    "suggestions",
    "time_zones",
    "utc_datetimes",
    "valid_batches",
    "valid_claims",
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


_T = TypeVar("_T")


def example(strategy: st.SearchStrategy[_T], where: Callable[[_T], bool] = lambda _: True) -> _T:
    """One value of ``strategy`` that satisfies ``where``, quickly and deterministically.

    Like :func:`hypothesis.find`, without shrinking (shrinking a whole claim
    batch to its smallest form takes minutes) and with a fixed seed, so the
    same call gives the same value: for docs, notebooks and fixtures, not for
    tests (use ``@given``).

    >>> from medoffice.codes import npi
    >>> npi.is_valid(example(npis()))
    True
    """
    return find(
        strategy,
        where,
        settings=settings(
            database=None,
            derandomize=True,
            max_examples=2000,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        ),
    )


def npis() -> st.SearchStrategy[str]:
    """Valid NPIs (10 digits, first 1 or 2, Luhn check digit).

    >>> from medoffice.strategies import example
    >>> npi.is_valid(example(npis(), lambda _: True))
    True
    """

    def finish(base: str) -> str:
        return base + npi.calc_check_digit(base)

    return st.builds(lambda first, rest: first + rest, st.sampled_from("12"), _digits(8)).map(
        finish
    )


def invalid_npis() -> st.SearchStrategy[str]:
    """Strings that look like NPIs but break exactly one rule.

    >>> from medoffice.strategies import example
    >>> npi.is_valid(example(invalid_npis(), lambda _: True))
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

    >>> from medoffice.strategies import example
    >>> ein.is_valid(example(eins(), lambda _: True))
    True
    """
    prefixes = sorted({f"{i:02d}" for i in range(100)} - ein.NEVER_ISSUED_PREFIXES)
    return st.builds(lambda p, rest: p + rest, st.sampled_from(prefixes), _digits(7))


def invalid_eins() -> st.SearchStrategy[str]:
    """Nine-digit strings whose prefix is never issued, and wrong lengths.

    >>> from medoffice.strategies import example
    >>> ein.is_valid(example(invalid_eins(), lambda _: True))
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

    >>> from medoffice.strategies import example
    >>> mbi.is_valid(example(mbis(), lambda _: True))
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

    >>> from medoffice.strategies import example
    >>> mbi.is_valid(example(invalid_mbis(), lambda _: True))
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

    >>> from medoffice.strategies import example
    >>> ndc.is_valid(example(ndcs(), lambda _: True))
    True
    """
    return st.sampled_from(sorted(ndc.LAYOUTS.values())).flatmap(
        lambda lengths: st.tuples(*(_digits(n) for n in lengths)).map("-".join)
    )


def icd10cm_codes() -> st.SearchStrategy[str]:
    """Strings with the *form* of an ICD-10-CM code (compact; not all exist).

    >>> from medoffice.codes import icd10cm
    >>> from medoffice.strategies import example
    >>> icd10cm.is_valid(example(icd10cm_codes(), lambda _: True))
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
    >>> from medoffice.strategies import example
    >>> cpt.is_valid(example(cpt_codes(), lambda _: True))
    True
    """
    return st.builds(lambda a, b: a + b, _digits(4), st.sampled_from(_DIGITS + "FTU"))


def hcpcs_codes() -> st.SearchStrategy[str]:
    """Strings with the form of a HCPCS Level II code.

    >>> from medoffice.codes import hcpcs
    >>> from medoffice.strategies import example
    >>> hcpcs.is_valid(example(hcpcs_codes(), lambda _: True))
    True
    """
    return st.builds(lambda a, b: a + b, st.sampled_from("ABCDEFGHIJKLMNOPQRSTUV"), _digits(4))


def modifiers() -> st.SearchStrategy[str]:
    """Two-character modifiers.

    >>> from medoffice.codes import modifier
    >>> from medoffice.strategies import example
    >>> modifier.is_valid(example(modifiers(), lambda _: True))
    True
    """
    return st.text(_DIGITS + _UPPER, min_size=2, max_size=2)


def zipcodes() -> st.SearchStrategy[str]:
    """Valid ZIP and ZIP+4 codes, compact.

    >>> from medoffice.codes import zipcode
    >>> from medoffice.strategies import example
    >>> zipcode.is_valid(example(zipcodes(), lambda _: True))
    True
    """
    return _zips(plus4_only=False)


def _zips(*, plus4_only: bool) -> st.SearchStrategy[str]:
    plus = _digits(4) if plus4_only else st.one_of(st.just(""), _digits(4))
    return st.builds(lambda z, p: z + p, _digits(5).filter(lambda z: not z.startswith("000")), plus)


def junk() -> st.SearchStrategy[object]:
    """Anything a careless caller might pass to a validator or parser.

    >>> from medoffice.strategies import example
    >>> example(junk(), lambda _: True) is not ...
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

    >>> from medoffice.strategies import example
    >>> "." in example(problem_codes(), lambda _: True)
    True
    """
    word = st.text("abcdefghijklmnopqrstuvwxyz0123456789_", min_size=1, max_size=8)
    return st.lists(word, min_size=2, max_size=4).map(".".join)


def problems() -> st.SearchStrategy[Problem]:
    """:class:`~medoffice.exceptions.Problem` values.

    >>> from medoffice.strategies import example
    >>> isinstance(example(problems(), lambda _: True), Problem)
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

    >>> from medoffice.strategies import example
    >>> isinstance(example(suggestions(), lambda _: True), Suggestion)
    True
    """
    return st.builds(Suggestion, code=st.text(max_size=8), reason=st.text(max_size=40))


_ABBREVIATION_CHARS = _UPPER + _UPPER.lower() + _DIGITS + "/&-"


def abbreviations() -> st.SearchStrategy[Abbreviation]:
    """:class:`~medoffice.terminology.abbreviations.Abbreviation` values.

    Rows of the bundled table, and made-up abbreviations.

    >>> from medoffice.strategies import example
    >>> isinstance(example(abbreviations(), lambda _: True), Abbreviation)
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

    >>> from medoffice.strategies import example
    >>> f = example(abbreviation_findings(), lambda _: True)
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

    >>> from medoffice.strategies import example
    >>> all(form.isalpha() for form in example(word_parts(), lambda _: True).forms)
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

    >>> from medoffice.strategies import example
    >>> s = example(word_segments(), lambda _: True)
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

    >>> from medoffice.strategies import example
    >>> e = example(word_explanations(), lambda _: True)
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

    >>> from medoffice.strategies import example
    >>> example(releases(), lambda r: r.ends is not None).ends is not None
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

    >>> from medoffice.strategies import example
    >>> isinstance(example(code_notes(), lambda _: True), Notes)
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

    >>> from medoffice.strategies import example
    >>> len(example(extensions(), lambda _: True).character)
    1
    """
    return st.builds(
        Extension, character=st.sampled_from("0123456789ABCDEFGHJKMNPQRS"), title=_SHORT_TEXT
    )


def concepts() -> st.SearchStrategy[Concept]:
    """:class:`~medoffice.terminology.Concept` values (well formed, not necessarily real).

    >>> from medoffice.strategies import example
    >>> isinstance(example(concepts(), lambda _: True), Concept)
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

    >>> from medoffice.strategies import example
    >>> isinstance(example(matches(), lambda _: True), Match)
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

    >>> from medoffice.strategies import example
    >>> isinstance(example(hits(), lambda _: True), Hit)
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

    >>> from medoffice.strategies import example
    >>> example(time_zones(), lambda _: True)
    'UTC'
    """
    return st.sampled_from(_ZONES)


def aware_datetimes(
    min_value: dt.datetime = dt.datetime(2000, 1, 1),
    max_value: dt.datetime = dt.datetime(2040, 12, 31),
) -> st.SearchStrategy[dt.datetime]:
    """Timezone-aware datetimes in DST and non-DST zones, never imaginary.

    >>> from medoffice.strategies import example
    >>> example(aware_datetimes(), lambda _: True).tzinfo is not None
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

    >>> from medoffice.strategies import example
    >>> example(resource_ids(), lambda _: True)
    'a0'
    """
    return st.builds(
        "{}{}".format, st.sampled_from(("a", "dr-", "room-", "p-", "x")), st.integers(0, 999)
    )


def scheduling_resources() -> st.SearchStrategy[Resource]:
    """:class:`~medoffice.scheduling.Resource` values.

    >>> from medoffice.strategies import example
    >>> example(scheduling_resources(), lambda _: True).capacity
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

    >>> from medoffice.strategies import example
    >>> a = example(appointments(), lambda _: True)
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

    >>> from medoffice.strategies import example
    >>> example(conflicts(), lambda _: True).kind.value
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

    >>> from medoffice.strategies import example
    >>> example(conflict_policies(), lambda _: True).patient
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

    >>> from medoffice.strategies import example
    >>> example(requirements(), lambda _: True).count
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

    >>> from medoffice.strategies import example
    >>> example(appointment_types(), lambda _: True).duration.total_seconds() > 0
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

    >>> from medoffice.strategies import example
    >>> example(slot_requests(), lambda _: True).patient is None
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

    >>> from medoffice.strategies import example
    >>> example(slots(), lambda _: True).duration >= dt.timedelta(0)
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

    >>> from medoffice.strategies import example
    >>> w = example(weekly_hours(), lambda _: True)
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

    >>> from medoffice.strategies import example
    >>> example(breaks(), lambda _: True).level
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

    >>> from medoffice.strategies import example
    >>> example(date_overrides(), lambda _: True).closed
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

    >>> from medoffice.strategies import example
    >>> b = example(blocks(), lambda _: True)
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

    >>> from medoffice.strategies import example
    >>> example(hours(), lambda _: True).daily_cap is None
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

    >>> from medoffice.strategies import example
    >>> example(availabilities(), lambda _: True).notice_days
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

    >>> from medoffice.strategies import example
    >>> example(utc_datetimes(), lambda _: True).tzinfo
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

    >>> from medoffice.strategies import example
    >>> example(attendees(), lambda _: True).busy
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

    >>> from medoffice.strategies import example
    >>> example(meeting_times(), lambda _: True).missing
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

    >>> from medoffice.strategies import example
    >>> example(by_days(), lambda _: True)
    ByDay(day=0, n=0)
    """
    return st.builds(ByDay, day=st.integers(0, 6), n=st.sampled_from((0, 1, 2, -1)))


_SERIES_ZONES = ("America/New_York", "Europe/London", "Australia/Sydney", "UTC")


def recurrences() -> st.SearchStrategy[Recurrence]:
    """:class:`~medoffice.scheduling.Recurrence` values (COUNT or UNTIL, exdates, policies).

    >>> from medoffice.strategies import example
    >>> 1 <= example(recurrences(), lambda _: True).interval <= 3
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

    >>> from medoffice.strategies import example
    >>> example(occurrence_changes(), lambda _: True).status is None
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

    >>> from medoffice.strategies import example
    >>> example(series(), lambda _: True).id
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

    >>> from medoffice.strategies import example
    >>> isinstance(example(moves(), lambda _: True), Move)
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

    >>> from medoffice.strategies import example
    >>> example(costs(), lambda _: True).moved
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

    >>> from medoffice.strategies import example
    >>> example(proposals(), lambda _: True).moves
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

    >>> from medoffice.strategies import example
    >>> type(example(refusal_reasons(), lambda r: isinstance(r, DailyCap))).__name__
    'DailyCap'
    """
    return st.one_of(*_reason_strategies().values())


def _reason(cls: type) -> Callable[[], st.SearchStrategy[object]]:
    def factory() -> st.SearchStrategy[object]:
        return _reason_strategies()[cls]

    return factory


def calendar_views() -> st.SearchStrategy[CalendarView]:
    """:class:`~medoffice.scheduling.CalendarView` values (any text; no rendering).

    >>> from medoffice.strategies import example
    >>> example(calendar_views(), lambda _: True).title
    ''
    """
    return st.builds(CalendarView, svg=st.text(max_size=40), title=st.text(max_size=20))


def fhir_schedules() -> st.SearchStrategy[Schedule]:
    """:class:`~medoffice.scheduling.fhir.Schedule` values, with or without a horizon.

    >>> from medoffice.strategies import example
    >>> example(fhir_schedules(), lambda _: True).active
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

    >>> from medoffice.strategies import example
    >>> example(fhir_slots(), lambda _: True).overbooked
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


# -- claims -----------------------------------------------------------------------
#
# Two kinds of strategy: ``addresses()`` ... ``batches()`` make any well-typed
# value (text of any kind, amounts of any sign), for round trips and robustness;
# ``valid_claims()`` and ``valid_batches()`` make claims the scrubber accepts and
# an 837P validator takes: real codes, X12-safe text within the element lengths.

#: Printable ASCII without the X12 delimiters ``~ * : ^``.
X12_SAFE = "".join(chr(c) for c in range(0x20, 0x7F) if chr(c) not in "~*:^")
_ID_CHARS = _DIGITS + _UPPER
_ANY_TEXT = st.text(max_size=12)
_ANY_DECIMALS = st.decimals(-(10**12), 10**12, allow_nan=False, allow_infinity=False)

#: USPS codes of the states and the District of Columbia.
US_STATES = (
    "AK", "AL", "AR", "AZ", "CA", "CO", "CT", "DC", "DE", "FL", "GA", "HI", "IA",
    "ID", "IL", "IN", "KS", "KY", "LA", "MA", "MD", "ME", "MI", "MN", "MO", "MS",
    "MT", "NC", "ND", "NE", "NH", "NJ", "NM", "NV", "NY", "OH", "OK", "OR", "PA",
    "RI", "SC", "SD", "TN", "TX", "UT", "VA", "VT", "WA", "WI", "WV", "WY",
)  # fmt: skip
#: Long-standing places of service (each in the CMS table since before 2023).
_PLACES = ("02", "10", "11", "12", "19", "20", "22", "23", "24", "31", "32", "49", "50", "71", "72", "81", "99")  # fmt: skip
#: Real NUCC taxonomy codes of practices and practitioners.
_TAXONOMIES = (
    "207Q00000X", "208D00000X", "207R00000X", "208000000X", "207V00000X", "363LF0000X",
    "363A00000X", "261QP2300X", "193200000X", "207P00000X", "2084P0800X", "207X00000X",
)  # fmt: skip
#: Common CPT (Level I) modifiers; the Level II ones come from the bundled HCPCS release.
_CPT_MODIFIERS = ("25", "26", "50", "51", "52", "57", "59", "76", "77", "79", "91", "95")
_PO_BOX = re.compile(r"P\W*O\W*B|BOX|POST\W*OFFICE|DRAWER", re.IGNORECASE)
_DEFAULT_FIRST_DOS = dt.date(2023, 10, 1)
_DEFAULT_LAST_DOS = dt.date(2025, 9, 30)
_OLDEST_BIRTH = dt.date(1920, 1, 1)
_CENT = Decimal("0.01")
_ADULT = dt.timedelta(days=16 * 366)
_PARENT_GAP = dt.timedelta(days=13 * 366)


@functools.cache
def _x12_text(max_size: int, min_size: int = 1) -> st.SearchStrategy[str]:
    """X12-safe free text: no delimiters, no leading, trailing or double spaces.

    One value in four is as long as the element allows.
    """
    some = (
        st.text(X12_SAFE, min_size=min_size, max_size=max_size)
        .map(lambda s: " ".join(s.split()))
        .filter(lambda s: len(s) >= min_size)
    )
    longest = st.text(X12_SAFE.replace(" ", ""), min_size=max_size, max_size=max_size)
    return st.one_of(some, some, some, longest)


@functools.cache
def _x12_id(max_size: int, min_size: int = 1) -> st.SearchStrategy[str]:
    """Identifiers of letters and digits; one in four as long as the element allows."""
    some = st.text(_ID_CHARS, min_size=min_size, max_size=max_size)
    longest = st.text(_ID_CHARS, min_size=max_size, max_size=max_size)
    return st.one_of(some, some, some, longest)


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


def _quantities(places: int) -> st.SearchStrategy[Decimal]:
    return st.builds(
        lambda n, p: Decimal(n).scaleb(-p), st.integers(1, 99_999), st.integers(0, places)
    )


@functools.cache
def _icd10cm_pool() -> tuple[str, ...]:
    """Every billable ICD-10-CM code of the FY2025 release, sorted (a walk of the tabular list)."""
    on = dt.date(2025, 1, 1)
    found: list[str] = []
    stack = [str(n) for n in range(1, 23)]
    while stack:
        for concept in icd10cm_terms.children(stack.pop(), on=on):
            if concept.billable:
                found.append(concept.code)
            else:
                stack.append(concept.code)
    return tuple(sorted(found))


@functools.cache
def _icd10cm_strategy() -> st.SearchStrategy[str]:
    return st.sampled_from(_icd10cm_pool())


@functools.cache
def _icd10cm_coverage() -> tuple[dt.date, dt.date]:
    releases = icd10cm_terms.releases()
    last = releases[-1].ends
    return releases[0].starts, last if last is not None else dt.date.max


@functools.cache
def _hcpcs_pool() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """HCPCS Level II codes in effect (drugs, the rest) and every modifier, CPT's first."""
    codes = [c.code for c in hcpcs_terms.codes(kind="code")]
    drugs = tuple(c for c in codes if c.startswith("J") and not hcpcs_terms.is_noc(c))
    others = tuple(c for c in codes if not c.startswith("J"))
    levels = _CPT_MODIFIERS + tuple(c.code for c in hcpcs_terms.codes(kind="modifier"))
    return drugs, others, levels


def addresses() -> st.SearchStrategy[ClaimAddress]:
    """:class:`~medoffice.claims.Address` values with any text (not necessarily postal).

    >>> from medoffice.strategies import example
    >>> example(addresses(), lambda _: True).line2
    ''
    """
    return st.builds(
        ClaimAddress,
        line1=_ANY_TEXT,
        line2=_ANY_TEXT,
        city=_ANY_TEXT,
        state=st.text(max_size=3),
        postal_code=_ANY_TEXT,
        country=st.text(max_size=3),
    )


def providers() -> st.SearchStrategy[Provider]:
    """:class:`~medoffice.claims.Provider` values, well typed, not necessarily valid.

    >>> from medoffice.strategies import example
    >>> example(providers(), lambda p: p.npi is not None and npi.is_valid(p.npi)).entity.name
    'PERSON'
    """
    return st.builds(
        Provider,
        npi=_maybe(npis() | _ANY_TEXT),
        entity=st.sampled_from(EntityType),
        name=_ANY_TEXT,
        first_name=_ANY_TEXT,
        middle_name=_ANY_TEXT,
        suffix=_ANY_TEXT,
        taxonomy=_maybe(_ANY_TEXT),
        tax_id=_maybe(eins() | _ANY_TEXT),
        tax_id_kind=st.sampled_from(TaxIdKind),
        address=_maybe(addresses()),
    )


def payers() -> st.SearchStrategy[Payer]:
    """:class:`~medoffice.claims.Payer` values, well typed.

    >>> from medoffice.strategies import example
    >>> example(payers(), lambda _: True).address is None
    True
    """
    return st.builds(Payer, name=_ANY_TEXT, id=_ANY_TEXT, address=_maybe(addresses()))


def subscribers() -> st.SearchStrategy[Subscriber]:
    """:class:`~medoffice.claims.Subscriber` values, well typed (any dates, any text).

    >>> from medoffice.strategies import example
    >>> example(subscribers(), lambda s: s.birth_date is not None).birth_date is not None
    True
    """
    return st.builds(
        Subscriber,
        last_name=_ANY_TEXT,
        first_name=_ANY_TEXT,
        middle_name=_ANY_TEXT,
        suffix=_ANY_TEXT,
        member_id=_ANY_TEXT,
        birth_date=_maybe(st.dates()),
        sex=_maybe(st.sampled_from(Sex)),
        address=_maybe(addresses()),
        group_number=_maybe(_ANY_TEXT),
        group_name=_maybe(_ANY_TEXT),
        responsibility=st.sampled_from(PayerResponsibility),
        filing_indicator=st.sampled_from(FilingIndicator),
    )


def patients() -> st.SearchStrategy[Patient]:
    """:class:`~medoffice.claims.Patient` values, well typed (``SELF`` included).

    >>> from medoffice.strategies import example
    >>> example(patients(), lambda p: p.relationship.name == "CHILD").relationship.value
    '19'
    """
    return st.builds(
        Patient,
        last_name=_ANY_TEXT,
        first_name=_ANY_TEXT,
        middle_name=_ANY_TEXT,
        suffix=_ANY_TEXT,
        birth_date=_maybe(st.dates()),
        sex=_maybe(st.sampled_from(Sex)),
        address=_maybe(addresses()),
        relationship=st.sampled_from(Relationship),
    )


def accidents() -> st.SearchStrategy[Accident]:
    """:class:`~medoffice.claims.Accident` values (causes repeated or missing included).

    >>> from medoffice.strategies import example
    >>> example(accidents(), lambda _: True).causes
    ()
    """
    return st.builds(
        Accident,
        causes=st.lists(st.sampled_from(AccidentCause), max_size=4).map(tuple),
        state=_maybe(st.text(max_size=3)),
        country=st.text(max_size=3),
        date=_maybe(st.dates()),
    )


_CLAIM_DATE_FIELDS = tuple(a.name for a in attrs.fields(ClaimDates))


def claim_dates() -> st.SearchStrategy[ClaimDates]:
    """:class:`~medoffice.claims.ClaimDates` values, each date present or not, in any order.

    >>> from medoffice.strategies import example
    >>> example(claim_dates(), lambda _: True) == ClaimDates()
    True
    """
    return st.builds(ClaimDates, **{name: _maybe(st.dates()) for name in _CLAIM_DATE_FIELDS})


def drugs() -> st.SearchStrategy[Drug]:
    """:class:`~medoffice.claims.Drug` values, well typed.

    >>> from medoffice.strategies import example
    >>> example(drugs(), lambda _: True).prescription_number is None
    True
    """
    return st.builds(
        Drug,
        ndc=ndcs() | _ANY_TEXT,
        quantity=_ANY_DECIMALS,
        unit=st.sampled_from(DrugUnit),
        prescription_number=_maybe(_ANY_TEXT),
    )


def service_lines() -> st.SearchStrategy[ServiceLine]:
    """:class:`~medoffice.claims.ServiceLine` values, well typed (any amounts and pointers).

    >>> from medoffice.strategies import example
    >>> example(service_lines(), lambda _: True).units
    Decimal('1')
    """
    return st.builds(
        ServiceLine,
        procedure=cpt_codes() | hcpcs_codes() | _ANY_TEXT,
        modifiers=st.lists(modifiers() | _ANY_TEXT, max_size=5).map(tuple),
        charge=_ANY_DECIMALS,
        units=st.just(Decimal(1)) | _ANY_DECIMALS,
        unit=st.sampled_from(UnitKind),
        service_date=st.dates(),
        service_end=_maybe(st.dates()),
        pointers=st.lists(st.integers(-2, 14), max_size=5).map(tuple),
        place_of_service=_maybe(st.text(max_size=3)),
        emergency=st.booleans(),
        rendering=_maybe(providers()),
        drug=_maybe(drugs()),
        control_number=_maybe(_ANY_TEXT),
        description=_maybe(_ANY_TEXT),
    )


def claims() -> st.SearchStrategy[Claim]:
    """:class:`~medoffice.claims.Claim` values, well typed but usually not scrubbable.

    For claims the scrubber accepts, use :func:`valid_claims`.

    >>> from medoffice.strategies import example
    >>> example(claims(), lambda _: True).lines
    ()
    """
    return st.builds(
        Claim,
        account_number=_ANY_TEXT,
        billing=providers(),
        pay_to=_maybe(addresses()),
        payer=payers(),
        subscriber=subscribers(),
        patient=_maybe(patients()),
        place_of_service=st.text(max_size=3),
        frequency=st.sampled_from(ClaimFrequency),
        original_claim_number=_maybe(_ANY_TEXT),
        provider_signature=st.booleans(),
        assignment=st.sampled_from(Assignment),
        benefits_assigned=st.sampled_from(BenefitsAssignment),
        release_of_information=st.sampled_from(ReleaseOfInformation),
        accident=_maybe(accidents()),
        prior_authorization=_maybe(_ANY_TEXT),
        referral_number=_maybe(_ANY_TEXT),
        medical_record_number=_maybe(_ANY_TEXT),
        dates=claim_dates(),
        note=_maybe(_ANY_TEXT),
        diagnoses=st.lists(icd10cm_codes() | _ANY_TEXT, max_size=4).map(tuple),
        lines=st.lists(service_lines(), max_size=3).map(tuple),
        total_charge=_maybe(_ANY_DECIMALS),
        patient_paid=_maybe(_ANY_DECIMALS),
        referring=_maybe(providers()),
        rendering=_maybe(providers()),
        facility=_maybe(providers()),
    )


def submitters() -> st.SearchStrategy[Submitter]:
    """:class:`~medoffice.claims.Submitter` values valid for an 837P envelope.

    Ids are 2 to 15 letters and digits (they go into ISA06 and GS02), names
    X12-safe text, and there is a phone number, an e-mail or both.

    >>> from medoffice.strategies import example
    >>> s = example(submitters(), lambda _: True)
    >>> s.id, s.phone
    ('00', '2175551234')
    """
    return st.builds(
        _submitter,
        id=_x12_id(15, 2),
        name=_x12_text(60),
        contact_name=_x12_text(60),
        phone=_maybe(_phones()),
        email=_maybe(_emails()),
        entity=st.sampled_from(EntityType),
        qualifier=st.sampled_from(("ZZ", "ZZ", "01", "14", "20", "27", "28", "29", "30", "33")),
    )


def _submitter(*, phone: str | None, email: str | None, **kwargs: Any) -> Submitter:
    if phone is None and email is None:
        phone = "2175551234"
    return Submitter(phone=phone, email=email, **kwargs)


def _phones() -> st.SearchStrategy[str]:
    return st.builds(lambda a, rest: a + rest, st.sampled_from("23456789"), _digits(9))


def _emails() -> st.SearchStrategy[str]:
    local = st.text(_LOWER + _DIGITS + "._-", min_size=1, max_size=20)
    return st.builds("{}@{}.example".format, local, st.text(_LOWER, min_size=1, max_size=12))


def receivers() -> st.SearchStrategy[Receiver]:
    """:class:`~medoffice.claims.Receiver` values valid for an 837P envelope (ids of 2 to 15).

    >>> from medoffice.strategies import example
    >>> example(receivers(), lambda _: True).id
    '00'
    """
    return st.builds(
        Receiver,
        id=_x12_id(15, 2),
        name=_x12_text(60),
        qualifier=st.sampled_from(("ZZ", "ZZ", "01", "14", "20", "27", "28", "29", "30", "33")),
    )


def headers() -> st.SearchStrategy[Header]:
    """:class:`~medoffice.claims.Header` values, as a reader gives them.

    >>> from medoffice.strategies import example
    >>> example(headers(), lambda _: True).warnings
    ()
    """
    return st.builds(
        Header,
        sender=submitters(),
        receiver=receivers(),
        control_number=st.integers(0, 999_999_999),
        created=aware_datetimes(),
        usage=st.sampled_from(Usage),
        warnings=st.lists(problems(), max_size=2).map(tuple),
    )


def batches() -> st.SearchStrategy[Batch]:
    """:class:`~medoffice.claims.Batch` values of well-typed claims, with or without a header.

    >>> from medoffice.strategies import example
    >>> example(batches(), lambda _: True).claims
    ()
    """
    return st.builds(
        Batch, claims=st.lists(claims(), max_size=2).map(tuple), header=_maybe(headers())
    )


# -- valid claims -------------------------------------------------------------------
#
# Generation must be quick (an 837P validator runs on hundreds of batches), so
# every strategy drawn from below is built once (``_parts``); the composites
# only draw, and dates are drawn as day offsets.


def _claim_window(on: dt.date | None) -> tuple[dt.date, dt.date]:
    """The dates of service a valid claim may have, for a scrub on ``on``."""
    if on is None:
        return _DEFAULT_FIRST_DOS, _DEFAULT_LAST_DOS
    covered_from, covered_to = _icd10cm_coverage()
    first = max(on - dt.timedelta(days=365), covered_from)
    last = min(on, covered_to)
    if first > last:
        msg = (
            f"on: must be within the bundled ICD-10-CM releases ({covered_from.isoformat()} "
            f"to {covered_to.isoformat()})"
        )
        raise ValueError(msg)
    return first, last


def _valid_address(*, zip_plus4: bool, physical: bool) -> st.SearchStrategy[ClaimAddress]:
    street = _x12_text(55)
    extra = _x12_text(55)
    if physical:
        no_box = _x12_text(30).filter(lambda s: _PO_BOX.search(s) is None)
        street = st.builds(
            "{} {} {}".format,
            st.integers(1, 99999),
            no_box,
            st.sampled_from(("ST", "AVE", "RD", "BLVD", "LN", "DR", "WAY", "CT")),
        )
        extra = extra.filter(lambda s: _PO_BOX.search(s) is None)
    return st.builds(
        ClaimAddress,
        line1=street,
        line2=st.just("") | extra,
        city=_x12_text(30, 2),
        state=st.sampled_from(US_STATES),
        postal_code=_zips(plus4_only=True) if zip_plus4 else zipcodes(),
    )


#: How many lines a claim has: mostly few, sometimes many, up to the 50 an 837P allows.
_LINE_COUNTS = (1,) * 16 + (2,) * 10 + (3,) * 6 + (4,) * 4 + (5, 6, 7, 8, 10, 12, 15, 20, 30, 50)
_CPT_LAST = _DIGITS + "FTU"
_FREQUENCIES = (ClaimFrequency.ORIGINAL,) * 4 + (ClaimFrequency.REPLACEMENT, ClaimFrequency.VOID)
_RESPONSIBILITIES = (PayerResponsibility.PRIMARY,) * 4 + (
    PayerResponsibility.SECONDARY,
    PayerResponsibility.TERTIARY,
)


@functools.cache
def _parts() -> dict[str, st.SearchStrategy[Any]]:
    """Every strategy the valid-claim composites draw from, built once."""
    drug_codes, other_codes, modifier_pool = _hcpcs_pool()
    return {
        "npi": npis(),
        "ein": eins(),
        "bool": st.booleans(),
        "entity": st.sampled_from(EntityType),
        "taxonomy": _maybe(st.sampled_from(_TAXONOMIES)),
        "org_name": _x12_text(60),
        "last_name": _x12_text(60),
        "first_name": st.just("") | _x12_text(35),
        "middle_name": st.just("") | _x12_text(25),
        "suffix": st.just("") | st.sampled_from(("JR", "SR", "II", "III", "IV")),
        "sex": st.sampled_from(Sex),
        "physical_address": _valid_address(zip_plus4=True, physical=True),
        "address": _valid_address(zip_plus4=False, physical=False),
        "maybe_address": _maybe(_valid_address(zip_plus4=False, physical=False)),
        "member_id": _x12_id(80, 2),
        "payer_id": _x12_id(80, 2),
        "group_number": _maybe(_x12_id(50)),
        "group_name": _maybe(_x12_text(60)),
        "responsibility": st.sampled_from(_RESPONSIBILITIES),
        "filing": st.sampled_from(FilingIndicator),
        "relationship": st.sampled_from([r for r in Relationship if r is not Relationship.SELF]),
        "place": st.sampled_from(_PLACES),
        "diagnoses": st.lists(_icd10cm_strategy(), min_size=1, max_size=12, unique=True),
        "line_count": st.sampled_from(_LINE_COUNTS),
        "kind": st.sampled_from(("cpt", "cpt", "cpt", "hcpcs", "drug")),
        "cpt": st.integers(0, 10_000 * len(_CPT_LAST) - 1).map(
            lambda n: f"{n // len(_CPT_LAST):04d}{_CPT_LAST[n % len(_CPT_LAST)]}"
        ),
        "line_flags": st.integers(0, 255),
        "line_units": st.integers(1, 200).map(
            lambda n: Decimal((n - 1) % 12 + 1) if n <= 150 else Decimal(n - 150).scaleb(-1)
        ),
        "line_charge": st.integers(1, 9_999_999).map(
            lambda cents: (
                (Decimal(cents) / 100).quantize(_CENT) if cents % 3 == 0 else Decimal(cents) / 100
            )
        ),
        "hcpcs": st.sampled_from(other_codes),
        "drug_code": st.sampled_from(drug_codes),
        "ndc": ndcs().map(ndc.compact),
        "drug_quantity": _quantities(3),
        "drug_unit": st.sampled_from(DrugUnit),
        "text80": _x12_text(80),
        "modifiers": st.lists(st.sampled_from(modifier_pool), max_size=4, unique=True).map(tuple),
        "unit": st.sampled_from((UnitKind.UNIT, UnitKind.UNIT, UnitKind.MINUTES)),
        "frequency": st.sampled_from(_FREQUENCIES),
        "assignment": st.sampled_from(Assignment),
        "benefits": st.sampled_from(BenefitsAssignment),
        "release": st.sampled_from(ReleaseOfInformation),
        "causes": st.lists(st.sampled_from(AccidentCause), min_size=1, max_size=2, unique=True),
        "state": st.sampled_from(US_STATES),
        "account": _x12_id(38),
        "id50": _x12_id(50),
        "maybe_id50": _maybe(_x12_id(50)),
        "control": _maybe(_x12_id(45)),
        "maybe_note": _maybe(_x12_text(80)),
        "cents_shown": st.booleans(),
    }


@functools.cache
def _pointers(diagnoses: int) -> st.SearchStrategy[tuple[int, ...]]:
    return st.lists(
        st.integers(1, diagnoses), min_size=1, max_size=min(4, diagnoses), unique=True
    ).map(tuple)


@functools.cache
def _line_places(claim_place: str) -> st.SearchStrategy[str]:
    return st.sampled_from(tuple(p for p in _PLACES if p != claim_place))


def _draw_date(draw: st.DrawFn, first: dt.date, last: dt.date) -> dt.date:
    """A date from ``first`` to ``last`` (``first`` when the span is empty)."""
    if last <= first:
        return first
    return first + dt.timedelta(days=draw(st.integers(0, (last - first).days)))


def _draw_maybe_date(draw: st.DrawFn, first: dt.date, last: dt.date) -> dt.date | None:
    return _draw_date(draw, first, last) if draw(_parts()["bool"]) else None


def _draw_names(draw: st.DrawFn, last_key: str = "last_name") -> dict[str, str]:
    parts = _parts()
    return {
        last_key: draw(parts["last_name"]),
        "first_name": draw(parts["first_name"]),
        "middle_name": draw(parts["middle_name"]),
        "suffix": draw(parts["suffix"]),
    }


def _draw_provider(draw: st.DrawFn, role: str, avoid: frozenset[str] = frozenset()) -> Provider:
    """A provider valid in ``role`` (billing, rendering, referring or facility)."""
    parts = _parts()
    entity = {"referring": EntityType.PERSON, "facility": EntityType.ORGANIZATION}.get(role)
    if entity is None:
        entity = draw(parts["entity"])
    number: str | None = draw(parts["npi"])
    while number in avoid:
        number = draw(parts["npi"])
    if role == "facility" and draw(parts["bool"]):
        number = None
    if entity is EntityType.PERSON:
        names = _draw_names(draw, "name")
        if role == "referring" and not names["first_name"]:
            names["first_name"] = "A"
    else:
        names = {"name": draw(parts["org_name"])}
    billing = role == "billing"
    return Provider(
        npi=number,
        entity=entity,
        taxonomy=draw(parts["taxonomy"]) if role in {"billing", "rendering"} else None,
        tax_id=draw(parts["ein"]) if billing else None,
        address=draw(parts["physical_address"]) if role in {"billing", "facility"} else None,
        **names,
    )


def _draw_subscriber(draw: st.DrawFn, born_by: dt.date) -> Subscriber:
    parts = _parts()
    group_number = draw(parts["group_number"])
    return Subscriber(
        member_id=draw(parts["member_id"]),
        birth_date=_draw_date(draw, _OLDEST_BIRTH, born_by),
        sex=draw(parts["sex"]),
        address=draw(parts["address"]),
        group_number=group_number,
        group_name=draw(parts["group_name"]) if group_number is None else None,
        responsibility=draw(parts["responsibility"]),
        filing_indicator=draw(parts["filing"]),
        **_draw_names(draw),
    )


def _draw_payer(draw: st.DrawFn) -> Payer:
    parts = _parts()
    return Payer(
        name=draw(parts["org_name"]),
        id=draw(parts["payer_id"]),
        address=draw(parts["maybe_address"]),
    )


def _draw_patient(draw: st.DrawFn, subscriber: Subscriber, seen_by: dt.date) -> Patient:
    """A dependent of ``subscriber``: a child born after the subscriber, or another relation."""
    parts = _parts()
    relationship = draw(parts["relationship"])
    parent_born = subscriber.birth_date or _OLDEST_BIRTH
    earliest = parent_born + _PARENT_GAP if relationship is Relationship.CHILD else _OLDEST_BIRTH
    born = _draw_date(draw, earliest, seen_by)
    if born == subscriber.birth_date:
        born += dt.timedelta(days=1)
    return Patient(
        birth_date=born,
        sex=draw(parts["sex"]),
        address=draw(parts["address"]),
        relationship=relationship,
        **_draw_names(draw),
    )


def _draw_claim_dates(draw: st.DrawFn, born: dt.date, first: dt.date, last: dt.date) -> ClaimDates:
    """Claim dates between the birth and the dates of service, pairs in order."""
    values: dict[str, dt.date | None] = {}
    for start, end in (
        ("admission", "discharge"),
        ("disability_start", "disability_end"),
        ("last_worked", "return_to_work"),
    ):
        values[start] = _draw_maybe_date(draw, born, first)
        values[end] = _draw_maybe_date(draw, values[start] or born, last)
    for name in ("onset", "initial_treatment", "last_seen", "acute_manifestation",
                 "last_menstrual_period", "last_xray"):  # fmt: skip
        values[name] = _draw_maybe_date(draw, born, first)
    return ClaimDates(**values)


def _draw_accident(draw: st.DrawFn, born: dt.date, first: dt.date) -> Accident:
    parts = _parts()
    causes = tuple(draw(parts["causes"]))
    auto = AccidentCause.AUTO in causes
    dated = auto or AccidentCause.OTHER in causes or draw(parts["bool"])
    return Accident(
        causes=causes,
        state=draw(parts["state"]) if auto or draw(parts["bool"]) else None,
        date=_draw_date(draw, born, first) if dated else None,
    )


def _draw_amount(draw: st.DrawFn, most_cents: int) -> Decimal:
    amount = Decimal(draw(st.integers(1, most_cents))) / 100
    return amount.quantize(_CENT) if draw(_parts()["cents_shown"]) else amount


def _draw_line(
    draw: st.DrawFn,
    *,
    first: dt.date,
    last: dt.date,
    diagnoses: int,
    place: str,
    avoid: frozenset[str],
    control: str | None,
) -> ServiceLine:
    parts = _parts()
    # One draw for the rarer parts of a line keeps 50-line claims quick to make:
    # bit 0 emergency, bits 1-2 a range of dates, 3-4 a line rendering provider,
    # 5-6 a description, 7 the line's own place of service.
    flags = draw(parts["line_flags"])
    kind = draw(parts["kind"])
    drug = None
    description = draw(parts["text80"]) if flags & 0b1100000 == 0b1100000 else None
    if kind == "cpt":
        procedure = draw(parts["cpt"])
    elif kind == "hcpcs":
        procedure = draw(parts["hcpcs"])
        if description is None and hcpcs_terms.is_noc(procedure):
            description = draw(parts["text80"])
    else:
        procedure = draw(parts["drug_code"])
        drug = Drug(
            ndc=draw(parts["ndc"]),
            quantity=draw(parts["drug_quantity"]),
            unit=draw(parts["drug_unit"]),
            prescription_number=draw(parts["maybe_id50"]),
        )
    start = _draw_date(draw, first, last)
    return ServiceLine(
        procedure=procedure,
        modifiers=draw(parts["modifiers"]),
        charge=draw(parts["line_charge"]),
        units=draw(parts["line_units"]),
        unit=draw(parts["unit"]),
        service_date=start,
        service_end=_draw_date(draw, start, last) if flags & 0b110 == 0b110 else None,
        pointers=draw(_pointers(diagnoses)),
        place_of_service=draw(_line_places(place)) if flags & 0b10000000 else None,
        emergency=bool(flags & 1),
        rendering=_draw_provider(draw, "rendering", avoid) if flags & 0b11000 == 0b11000 else None,
        drug=drug,
        control_number=control,
        description=description,
    )


def _draw_diagnoses(draw: st.DrawFn, first: dt.date, last: dt.date) -> tuple[str, ...]:
    """1 to 12 distinct codes billable from ``first`` to ``last``."""

    def billable(code: str) -> bool:
        return icd10cm_terms.is_billable(code, on=first) and icd10cm_terms.is_billable(
            code, on=last
        )

    drawn = draw(_parts()["diagnoses"])
    kept = [code for code in drawn if billable(code)]
    while len(kept) < len(drawn):  # rare: a code new or gone within the window
        code = draw(_icd10cm_strategy())
        if code not in kept and billable(code):
            kept.append(code)
    return tuple(kept)


@st.composite
def _valid_claim(
    draw: st.DrawFn,
    *,
    window: tuple[dt.date, dt.date],
    billing: Provider | None = None,
    insured: tuple[Subscriber, Payer] | None = None,
    account: str | None = None,
) -> Claim:
    parts = _parts()
    lo, hi = window
    first = _draw_date(draw, lo, hi)
    last = min(first + dt.timedelta(days=7), hi)
    if billing is None:
        billing = _draw_provider(draw, "billing")
    if insured is None:
        insured = (_draw_subscriber(draw, lo - _ADULT), _draw_payer(draw))
    subscriber, payer = insured
    patient = None
    if draw(parts["bool"]):
        patient = _draw_patient(draw, subscriber, first)
        # The subscriber's demographics go with the claim only when the subscriber is the patient.
        subscriber = attrs.evolve(subscriber, birth_date=None, sex=None, address=None)
    born = (patient or subscriber).birth_date or _OLDEST_BIRTH
    place = draw(parts["place"])
    diagnoses = _draw_diagnoses(draw, first, last)
    rendering = None
    if draw(parts["bool"]):
        rendering = _draw_provider(draw, "rendering", frozenset({billing.npi or ""}))
    avoid = frozenset(p.npi or "" for p in (billing, rendering) if p is not None)
    control = draw(parts["control"])
    lines = tuple(
        _draw_line(
            draw,
            first=first,
            last=last,
            diagnoses=len(diagnoses),
            place=place,
            avoid=avoid,
            control=None if control is None else f"{control}-{i}",
        )
        for i in range(1, draw(parts["line_count"]) + 1)
    )
    frequency = draw(parts["frequency"])
    line_total = sum((line.charge for line in lines), Decimal(0))
    optional: dict[str, Callable[[], Any]] = {
        "pay_to": lambda: draw(parts["address"]),
        "accident": lambda: _draw_accident(draw, born, first),
        "prior_authorization": lambda: draw(parts["id50"]),
        "referral_number": lambda: draw(parts["id50"]),
        "medical_record_number": lambda: draw(parts["id50"]),
        "note": lambda: draw(parts["text80"]),
        "total_charge": lambda: line_total,
        "patient_paid": lambda: _draw_amount(draw, int(line_total * 100)),
        "referring": lambda: _draw_provider(draw, "referring", avoid),
        "facility": lambda: _draw_provider(draw, "facility", avoid),
    }
    present = {name: make() for name, make in optional.items() if draw(parts["bool"])}
    return Claim(
        account_number=account if account is not None else draw(parts["account"]),
        billing=billing,
        payer=payer,
        subscriber=subscriber,
        patient=patient,
        place_of_service=place,
        frequency=frequency,
        original_claim_number=None if frequency is ClaimFrequency.ORIGINAL else draw(parts["id50"]),
        provider_signature=draw(parts["bool"]),
        assignment=draw(parts["assignment"]),
        benefits_assigned=draw(parts["benefits"]),
        release_of_information=draw(parts["release"]),
        dates=_draw_claim_dates(draw, born, first, last),
        diagnoses=diagnoses,
        lines=lines,
        rendering=rendering,
        **present,
    )


def _is_date_or_none(value: object) -> bool:
    return value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime))


def valid_claims(*, on: dt.date | None = None) -> st.SearchStrategy[Claim]:
    """Claims the scrubber accepts and an 837P validator takes.

    Real, billable ICD-10-CM codes valid on the dates of service; real HCPCS
    Level II codes and modifiers; CPT codes of the right form; valid NPIs and
    EINs; a billing address with ZIP+4 and no PO box; 1 to 12 diagnoses and 1
    to 50 lines (mostly few); NDC drug lines; dependents and self claims;
    replacements and voids with the original claim number; accidents; optional
    referring, rendering and facility providers; claim dates; notes. Text is
    X12-safe (printable ASCII without ``~ * : ^``, no leading, trailing or
    double spaces) and within the element lengths.

    The subscriber's birth date, sex and address are set only when the
    subscriber is the patient (an 837P sends them only then).

    Args:
        on: The date the claims will be scrubbed on. The dates of service fall
            in the year up to ``on`` (within the bundled ICD-10-CM releases);
            without ``on``, between 2023-10-01 and 2025-09-30.

    Raises:
        TypeError: if ``on`` is not a date.
        ValueError: (when drawing) if no bundled ICD-10-CM release covers the year up to ``on``.

    >>> import datetime as dt
    >>> from medoffice.strategies import example
    >>> claim = example(valid_claims(on=dt.date(2025, 3, 1)), lambda c: c.patient is not None)
    >>> claim.relationship.name != "SELF", claim.last_date <= dt.date(2025, 3, 1)
    (True, True)
    """
    if not _is_date_or_none(on):
        msg = "on: must be a calendar date (datetime.date)"
        raise TypeError(msg)
    return st.deferred(lambda: _valid_claim(window=_claim_window(on)))


@st.composite
def _valid_batch(draw: st.DrawFn, min_claims: int, max_claims: int) -> Batch:
    window = _claim_window(None)
    billers: list[Provider] = []
    for _ in range(draw(st.integers(1, 3))):
        billers.append(_draw_provider(draw, "billing", frozenset(p.npi or "" for p in billers)))
    insured: list[tuple[Subscriber, Payer]] = []
    for _ in range(draw(st.integers(1, 3))):
        subscriber = _draw_subscriber(draw, window[0] - _ADULT)
        if all(s.member_id != subscriber.member_id for s, _ in insured):
            insured.append((subscriber, _draw_payer(draw)))
    count = draw(st.integers(min_claims, max_claims))
    accounts = draw(st.lists(_parts()["account"], min_size=count, max_size=count, unique=True))
    return Batch(
        claims=tuple(
            draw(
                _valid_claim(
                    window=window,
                    billing=billers[draw(st.integers(0, len(billers) - 1))],
                    insured=insured[draw(st.integers(0, len(insured) - 1))],
                    account=account,
                )
            )
            for account in accounts
        )
    )


def valid_batches(*, min_claims: int = 1, max_claims: int = 5) -> st.SearchStrategy[Batch]:
    """Batches of :func:`valid_claims` from a few billing providers and subscribers.

    Consecutive claims often share a billing provider or a subscriber and payer
    (so an 837P shares their HL loops); account numbers are distinct. The dates
    of service are between 2023-10-01 and 2025-09-30.

    Args:
        min_claims: The fewest claims in a batch (at least 1).
        max_claims: The most claims in a batch.

    Raises:
        ValueError: if ``min_claims`` is below 1 or above ``max_claims``.

    >>> from medoffice.strategies import example
    >>> 2 <= len(example(valid_batches(min_claims=2)).claims) <= 5
    True
    """
    if not 1 <= min_claims <= max_claims:
        msg = "min_claims: must be at least 1 and at most max_claims"
        raise ValueError(msg)
    return _valid_batch(min_claims, max_claims)


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
    ClaimAddress: addresses,
    Provider: providers,
    Payer: payers,
    Subscriber: subscribers,
    Patient: patients,
    Accident: accidents,
    ClaimDates: claim_dates,
    Drug: drugs,
    ServiceLine: service_lines,
    Claim: claims,
    Submitter: submitters,
    Receiver: receivers,
    Header: headers,
    Batch: batches,
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

    >>> from medoffice.strategies import example
    >>> register()
    >>> isinstance(example(st.from_type(Problem), lambda _: True), Problem)
    True
    """
    for cls, factory in TYPE_STRATEGIES.items():
        st.register_type_strategy(cls, factory())


register()


# -- billing ------------------------------------------------------------------------
#
# ``remittances()`` and the strategies of the other billing types make any
# well-typed value (for round trips through serialization and robustness);
# ``balanced_remittances()`` makes remittances that balance and that
# ``build_835`` writes; ``adjudications(claim)`` makes a payer's realistic
# answer to one claim, for posting and money-conservation properties.

from medoffice.billing._ledger import Entry, EntryKind, Ledger, Party  # noqa: E402
from medoffice.billing._remit import (  # noqa: E402
    Adjustment,
    AdjustmentGroup,
    ClaimPayment,
    ClaimStatus,
    Payee,
    Payment,
    PaymentMethod,
    ProviderAdjustment,
    Remittance,
    ServicePayment,
)
from medoffice.billing._remit import Payer as RemitPayer  # noqa: E402

_ANY_DATES = st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31))
_ANY_CODES = st.lists(_ANY_TEXT, max_size=3).map(tuple)


def adjustments() -> st.SearchStrategy[Adjustment]:
    """Any well-typed :class:`~medoffice.billing.Adjustment` (any group, text and amount).

    >>> from medoffice.strategies import example
    >>> isinstance(example(adjustments(), lambda _: True), Adjustment)
    True
    """
    return st.builds(
        Adjustment,
        group=st.sampled_from(AdjustmentGroup),
        reason=_ANY_TEXT,
        amount=_ANY_DECIMALS,
        quantity=_maybe(_ANY_DECIMALS),
    )


def service_payments() -> st.SearchStrategy[ServicePayment]:
    """Any well-typed :class:`~medoffice.billing.ServicePayment` (it need not balance).

    >>> from medoffice.strategies import example
    >>> isinstance(example(service_payments(), lambda _: True), ServicePayment)
    True
    """
    return st.builds(
        ServicePayment,
        procedure=_ANY_TEXT,
        modifiers=_ANY_CODES,
        charge=_ANY_DECIMALS,
        paid=_ANY_DECIMALS,
        units=_maybe(_ANY_DECIMALS),
        original_procedure=_maybe(_ANY_TEXT),
        original_modifiers=_ANY_CODES,
        original_units=_maybe(_ANY_DECIMALS),
        service_date=_maybe(_ANY_DATES),
        service_end=_maybe(_ANY_DATES),
        control_number=_maybe(_ANY_TEXT),
        adjustments=st.lists(adjustments(), max_size=3),
        allowed=_maybe(_ANY_DECIMALS),
        remarks=_ANY_CODES,
    )


def claim_payments() -> st.SearchStrategy[ClaimPayment]:
    """Any well-typed :class:`~medoffice.billing.ClaimPayment` (it need not balance).

    >>> from medoffice.strategies import example
    >>> isinstance(example(claim_payments(), lambda _: True), ClaimPayment)
    True
    """
    return st.builds(
        ClaimPayment,
        account_number=_ANY_TEXT,
        status=st.sampled_from(ClaimStatus),
        billed=_ANY_DECIMALS,
        paid=_ANY_DECIMALS,
        patient_responsibility=_maybe(_ANY_DECIMALS),
        filing_indicator=_ANY_TEXT,
        payer_claim_number=_ANY_TEXT,
        place_of_service=_ANY_TEXT,
        frequency=_ANY_TEXT,
        patient_last_name=_ANY_TEXT,
        patient_first_name=_ANY_TEXT,
        member_id=_ANY_TEXT,
        adjustments=st.lists(adjustments(), max_size=2),
        lines=st.lists(service_payments(), max_size=3),
        remarks=_ANY_CODES,
        received=_maybe(_ANY_DATES),
        statement_start=_maybe(_ANY_DATES),
        statement_end=_maybe(_ANY_DATES),
    )


def provider_adjustments() -> st.SearchStrategy[ProviderAdjustment]:
    """Any well-typed :class:`~medoffice.billing.ProviderAdjustment`.

    >>> from medoffice.strategies import example
    >>> isinstance(example(provider_adjustments(), lambda _: True), ProviderAdjustment)
    True
    """
    return st.builds(
        ProviderAdjustment,
        provider_id=_ANY_TEXT,
        fiscal_period_end=_ANY_DATES,
        reason=_ANY_TEXT,
        reference=_ANY_TEXT,
        amount=_ANY_DECIMALS,
    )


def payments() -> st.SearchStrategy[Payment]:
    """Any well-typed :class:`~medoffice.billing.Payment`.

    >>> from medoffice.strategies import example
    >>> isinstance(example(payments(), lambda _: True), Payment)
    True
    """
    return st.builds(
        Payment,
        amount=_ANY_DECIMALS,
        method=st.sampled_from(PaymentMethod),
        credit=st.booleans(),
        date=_ANY_DATES,
        trace_number=_ANY_TEXT,
        payer_id=_ANY_TEXT,
    )


def remittance_payers() -> st.SearchStrategy[RemitPayer]:
    """Any well-typed remittance :class:`~medoffice.billing.Payer` (with or without an address).

    >>> from medoffice.strategies import example
    >>> isinstance(example(remittance_payers(), lambda _: True), RemitPayer)
    True
    """
    return st.builds(
        RemitPayer,
        name=_ANY_TEXT,
        id=_ANY_TEXT,
        contact_phone=_ANY_TEXT,
        address=_maybe(addresses()),
    )


def payees() -> st.SearchStrategy[Payee]:
    """Any well-typed :class:`~medoffice.billing.Payee`.

    >>> from medoffice.strategies import example
    >>> isinstance(example(payees(), lambda _: True), Payee)
    True
    """
    return st.builds(Payee, name=_ANY_TEXT, npi=_ANY_TEXT, tax_id=_ANY_TEXT)


def remittances() -> st.SearchStrategy[Remittance]:
    """Any well-typed :class:`~medoffice.billing.Remittance`: it need not balance or be buildable.

    >>> from medoffice.strategies import example
    >>> isinstance(example(remittances(), lambda _: True), Remittance)
    True
    """
    return st.builds(
        Remittance,
        payment=payments(),
        payer=remittance_payers(),
        payee=payees(),
        production_date=_maybe(_ANY_DATES),
        claims=st.lists(claim_payments(), max_size=3),
        provider_adjustments=st.lists(provider_adjustments(), max_size=2),
    )


def parties() -> st.SearchStrategy[Party]:
    """Any :class:`~medoffice.billing.Party`: a payer with an id, or the patient.

    >>> from medoffice.strategies import example
    >>> example(parties(), lambda p: p.kind.name == "PATIENT").id
    ''
    """
    return st.one_of(st.builds(Party.payer, _ANY_TEXT), st.just(Party.patient()))


def ledger_entries() -> st.SearchStrategy[Entry]:
    """Any well-typed ledger :class:`~medoffice.billing.Entry`.

    >>> from medoffice.strategies import example
    >>> isinstance(example(ledger_entries(), lambda _: True), Entry)
    True
    """
    return st.builds(
        Entry,
        id=_ANY_TEXT,
        kind=st.sampled_from(EntryKind),
        posted=_ANY_DATES,
        account_number=_ANY_TEXT,
        patient_id=_ANY_TEXT,
        line=_maybe(_ANY_TEXT),
        party=parties(),
        amount=_ANY_DECIMALS,
        group=_maybe(st.sampled_from(AdjustmentGroup)),
        reason=_maybe(_ANY_TEXT),
        source=_ANY_TEXT,
        reverses=_maybe(_ANY_TEXT),
        memo=_ANY_TEXT,
    )


def ledgers() -> st.SearchStrategy[Ledger]:
    """Any :class:`~medoffice.billing.Ledger`: well-typed entries with distinct ids.

    >>> from medoffice.strategies import example
    >>> len(example(ledgers(), lambda ledger: len(ledger) > 1)) > 1
    True
    """
    return st.lists(ledger_entries(), max_size=5, unique_by=lambda e: e.id).map(
        lambda entries: Ledger(entries=entries)
    )


# -- balanced, buildable remittances ---------------------------------------------------

#: Claim adjustment reason codes (CARC) a professional 835 often carries.
_CARCS = ("45", "1", "2", "3", "16", "18", "23", "29", "50", "59", "96", "97", "131", "197", "253", "B7")  # fmt: skip
#: Groups the 835 map allows (CR, a correction, is no longer sent in 005010).
_CAS_GROUPS = (
    AdjustmentGroup.CONTRACTUAL,
    AdjustmentGroup.PATIENT,
    AdjustmentGroup.OTHER,
    AdjustmentGroup.PAYER_INITIATED,
)
#: Remittance advice remark codes (RARC).
_RARCS = ("N130", "M15", "N290", "MA130", "N20", "M80", "N4", "MA01", "N381")
#: Claim filing indicators of the 835 (CLP06).
_CLP06 = ("12", "13", "14", "15", "16", "17", "AM", "CH", "DS", "HM", "LM", "MA", "MB", "MC", "OF", "TV", "VA", "WC", "ZZ")  # fmt: skip
#: Provider-level adjustment reasons (PLB03-1): interest, recovery, forwarding balance ...
_PLB_REASONS = ("L6", "WO", "FB", "72", "CS", "AH", "IR", "J1", "50", "90")
#: Statuses a payer sends; reversals are drawn separately (their amounts are negated).
_CLAIM_STATUSES = (ClaimStatus.PRIMARY,) * 6 + (
    ClaimStatus.SECONDARY,
    ClaimStatus.DENIED,
    ClaimStatus.PRIMARY_FORWARDED,
    ClaimStatus.TERTIARY,
    ClaimStatus.NOT_OUR_CLAIM,
)
_CENTS = st.integers(0, 2_000_000).map(lambda c: Decimal(c) / 100)
_SMALL_CENTS = st.integers(-5_000, 50_000).map(lambda c: Decimal(c) / 100)
_MODIFIERS_2 = st.lists(_x12_id(2, 2), max_size=4).map(tuple)
_PAID_DATES = st.dates(dt.date(2023, 10, 1), dt.date(2026, 12, 31))


@st.composite
def _cas_adjustments(draw: st.DrawFn, most: int) -> tuple[Adjustment, ...]:
    """Adjustments in runs of one group (as CAS segments carry them)."""
    found: list[Adjustment] = []
    for group in draw(st.lists(st.sampled_from(_CAS_GROUPS), max_size=3, unique=True)):
        found.extend(
            Adjustment(
                group=group,
                reason=draw(st.sampled_from(_CARCS)),
                amount=draw(_SMALL_CENTS),
                quantity=draw(_maybe(_quantities(2))),
            )
            for _ in range(draw(st.integers(1, most)))
        )
    return tuple(found)


@st.composite
def _balanced_line(draw: st.DrawFn) -> ServicePayment:
    adjusted = draw(_cas_adjustments(3))
    charge = draw(_CENTS)
    changed = draw(st.integers(0, 5)) == 0
    start = draw(_maybe(_PAID_DATES))
    return ServicePayment(
        procedure=draw(_x12_id(5, 5)),
        modifiers=draw(_MODIFIERS_2),
        charge=charge,
        paid=charge - sum((a.amount for a in adjusted), Decimal(0)),
        units=draw(_maybe(_quantities(2))),
        original_procedure=draw(_x12_id(5, 5)) if changed else None,
        original_modifiers=draw(_MODIFIERS_2) if changed else (),
        original_units=draw(_maybe(_quantities(2))),
        service_date=start,
        service_end=draw(_maybe(_PAID_DATES)) if start is not None else None,
        control_number=draw(_maybe(_x12_id(50))),
        adjustments=adjusted,
        allowed=draw(_maybe(_CENTS)),
        remarks=draw(st.lists(st.sampled_from(_RARCS), max_size=3)),
    )


def _negated(claim: ClaimPayment) -> ClaimPayment:
    """The claim as a reversal (CLP02 22): every amount negated."""

    def flip(adjustments: tuple[Adjustment, ...]) -> tuple[Adjustment, ...]:
        return tuple(attrs.evolve(a, amount=-a.amount) for a in adjustments)

    return attrs.evolve(
        claim,
        status=ClaimStatus.REVERSAL,
        billed=-claim.billed,
        paid=-claim.paid,
        patient_responsibility=None
        if claim.patient_responsibility is None
        else -claim.patient_responsibility,
        adjustments=flip(claim.adjustments),
        lines=tuple(
            attrs.evolve(
                line, charge=-line.charge, paid=-line.paid, adjustments=flip(line.adjustments)
            )
            for line in claim.lines
        ),
    )


@st.composite
def _balanced_claim(draw: st.DrawFn) -> ClaimPayment:
    lines = tuple(draw(st.lists(_balanced_line(), max_size=4)))
    claim_level = draw(_cas_adjustments(2)) if draw(st.integers(0, 3)) == 0 else ()
    billed = sum((line.charge for line in lines), Decimal(0))
    if not lines:
        billed = draw(_CENTS)
    paid = sum((line.paid for line in lines), billed if not lines else Decimal(0)) - sum(
        (a.amount for a in claim_level), Decimal(0)
    )
    patient = [a.amount for line in lines for a in line.adjustments if a.group.value == "PR"]
    patient += [a.amount for a in claim_level if a.group.value == "PR"]
    named = draw(st.booleans())
    claim = ClaimPayment(
        account_number=draw(_x12_text(38)),
        status=draw(st.sampled_from(_CLAIM_STATUSES)),
        billed=billed,
        paid=paid,
        patient_responsibility=sum(patient, Decimal(0)) if draw(st.booleans()) else None,
        filing_indicator=draw(st.sampled_from(_CLP06)),
        payer_claim_number=draw(_x12_id(50)),
        place_of_service=draw(st.just("") | st.sampled_from(_PLACES)),
        frequency=draw(st.sampled_from(("", "1", "7", "8"))),
        patient_last_name=draw(_x12_text(60)) if named else "",
        patient_first_name=draw(st.just("") | _x12_text(35)) if named else "",
        member_id=draw(st.just("") | _x12_id(80, 2)),
        adjustments=claim_level,
        lines=lines,
        remarks=draw(st.lists(st.sampled_from(_RARCS), max_size=5)),
        received=draw(_maybe(_PAID_DATES)),
        statement_start=draw(_maybe(_PAID_DATES)),
        statement_end=draw(_maybe(_PAID_DATES)),
    )
    return _negated(claim) if draw(st.integers(0, 7)) == 0 else claim


@st.composite
def _balanced_remittance(draw: st.DrawFn, max_claims: int) -> Remittance:
    payee_npi = draw(npis())
    claims = tuple(draw(st.lists(_balanced_claim(), min_size=1, max_size=max_claims)))
    period = draw(_PAID_DATES)
    plb = [
        ProviderAdjustment(
            provider_id=payee_npi if draw(st.integers(0, 3)) else draw(npis()),
            fiscal_period_end=period,
            reason=draw(st.sampled_from(_PLB_REASONS)),
            reference=draw(st.just("") | _x12_id(50)),
            amount=draw(_SMALL_CENTS),
        )
        for _ in range(draw(st.sampled_from((0, 0, 0, 1, 1, 2, 3, 7))))
    ]
    total = sum((c.paid for c in claims), Decimal(0)) - sum((p.amount for p in plb), Decimal(0))
    if total < 0:  # a negative balance is carried forward (PLB FB), never paid out as negative
        plb.append(
            ProviderAdjustment(
                provider_id=payee_npi, fiscal_period_end=period, reason="FB", amount=total
            )
        )
        total = Decimal(0)
    return Remittance(
        payment=Payment(
            amount=total,
            method=PaymentMethod.CHECK if total else PaymentMethod.NONE,
            date=draw(_PAID_DATES),
            trace_number=draw(_x12_id(50)),
            payer_id="1" + draw(_digits(9)),
        ),
        payer=RemitPayer(
            name=draw(_x12_text(60)),
            id=draw(st.just("") | _x12_id(50)),
            contact_phone=draw(_digits(10)),
            address=draw(_valid_address(zip_plus4=False, physical=False)),
        ),
        payee=Payee(
            name=draw(_x12_text(60)),
            npi=payee_npi,
            tax_id=draw(st.just("") | eins()),
        ),
        production_date=draw(_maybe(_PAID_DATES)),
        claims=claims,
        provider_adjustments=plb,
    )


def balanced_remittances(*, max_claims: int = 4) -> st.SearchStrategy[Remittance]:
    """Remittances that balance and that :func:`~medoffice.billing.build_835` writes.

    Every line's charge minus its adjustments is its payment; every claim's
    billed amount minus its claim and line adjustments is its payment; the
    payment (BPR02) is the claims' payments minus the provider-level
    adjustments, never negative (a negative total is carried forward with a
    PLB ``FB``). Check or no-payment remittances (the model holds no bank
    details for ACH); CAS groups CO, PR, OA and PI in runs of one group;
    reversals (CLP02 22, amounts negated), denials, claims without lines,
    changed procedures (SVC06); up to 7 provider-level adjustments. Text is
    X12-safe and within the 835's element lengths.

    Args:
        max_claims: The most claims in a remittance (at least 1).

    Raises:
        ValueError: if ``max_claims`` is below 1.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5, database=None)
    ... @given(balanced_remittances())
    ... def test_balanced(remittance):
    ...     assert remittance.balances and all(claim.balances for claim in remittance.claims)
    >>> test_balanced()
    """
    if max_claims < 1:
        msg = "max_claims: must be at least 1"
        raise ValueError(msg)
    return _balanced_remittance(max_claims)


# -- adjudications of a claim -----------------------------------------------------

#: The claim filing indicators the 835 shares with the 837P (others become ``ZZ``).
_SHARED_CLP06 = frozenset(_CLP06)
#: Denial reasons (CARC, group CO) and a remark code that goes with each.
_DENIALS = (("97", "N20"), ("16", "MA130"), ("50", "N130"), ("29", "N4"), ("B7", "N290"))


def _cents_between(draw: st.DrawFn, low: Decimal, high: Decimal) -> Decimal:
    """An amount from ``low`` to ``high`` in whole cents (both in cents already)."""
    return Decimal(draw(st.integers(int(low * 100), int(high * 100)))) / 100


@st.composite
def _adjudicated_line(draw: st.DrawFn, line: ServiceLine, *, denied: bool) -> ServicePayment:
    charge = line.charge
    dropped = bool(line.modifiers) and draw(st.integers(0, 5)) == 0
    common: dict[str, Any] = {
        "procedure": line.procedure,
        "modifiers": () if dropped else line.modifiers,
        "original_procedure": line.procedure if dropped else None,
        "original_modifiers": line.modifiers if dropped else (),
        "charge": charge,
        "units": line.units,
        "service_date": line.service_date,
        "service_end": line.service_end,
        "control_number": line.control_number,
    }
    if denied or (charge > 0 and draw(st.integers(0, 9)) == 0):
        reason, remark = draw(st.sampled_from(_DENIALS))
        return ServicePayment(
            paid=Decimal(0),
            adjustments=(Adjustment(group="CO", reason=reason, amount=charge),),
            remarks=(remark,),
            **common,
        )
    whole = charge > 0 and charge == charge.quantize(_CENT)
    allowed = _cents_between(draw, charge * 4 / 10, charge) if whole else charge
    found: list[Adjustment] = []
    if charge != allowed:
        found.append(Adjustment(group="CO", reason="45", amount=charge - allowed))
    left = allowed
    for reason in ("1", "2", "3"):  # deductible, coinsurance, copay
        if left > 0 and whole and draw(st.integers(0, 2)) == 0:
            share = _cents_between(draw, Decimal("0.01"), min(left, Decimal(200)))
            found.append(Adjustment(group="PR", reason=reason, amount=share))
            left -= share
    return ServicePayment(
        paid=left,
        adjustments=tuple(found),
        allowed=allowed if draw(st.booleans()) else None,
        **common,
    )


@st.composite
def _adjudication(draw: st.DrawFn, claim: Claim) -> ClaimPayment:
    denied = draw(st.integers(0, 9)) == 0
    lines = tuple(draw(_adjudicated_line(line, denied=denied)) for line in claim.lines)
    billed = sum((line.charge for line in lines), Decimal(0))
    paid = sum((line.paid for line in lines), Decimal(0))
    patient = sum(
        (
            a.amount
            for line in lines
            for a in line.adjustments
            if a.group is AdjustmentGroup.PATIENT
        ),
        Decimal(0),
    )
    person = claim.patient or claim.subscriber
    filing = claim.subscriber.filing_indicator.value
    return ClaimPayment(
        account_number=claim.account_number,
        status=ClaimStatus.DENIED if denied else ClaimStatus.PRIMARY,
        billed=billed,
        paid=paid,
        patient_responsibility=patient,
        filing_indicator=filing if filing in _SHARED_CLP06 else "ZZ",
        payer_claim_number=draw(_x12_id(20, 8)),
        place_of_service=claim.place_of_service,
        frequency=claim.frequency.value,
        patient_last_name=person.last_name,
        patient_first_name=person.first_name,
        member_id=claim.subscriber.member_id,
        lines=lines,
        remarks=("MA01",) if denied else (),
        statement_start=claim.first_date,
        statement_end=claim.last_date,
    )


def adjudications(claim: Claim) -> st.SearchStrategy[ClaimPayment]:
    """A payer's realistic, balanced answer (2100 loop) to ``claim``.

    Each line is paid at 40-100 % of its charge with the rest written off as
    CO-45 (contractual), part of the allowed amount sometimes left to the
    patient as PR-1 deductible, PR-2 coinsurance or PR-3 copay; about one line
    in ten, and one claim in ten entirely (status 4), is denied with a CO
    reason and a remark code. The payer sometimes drops a line's modifiers
    (keeping the billed ones in SVC06). Every line keeps ``charge = paid +
    adjustments``; line control numbers echo the claim's; the account number,
    the patient and the dates are the claim's.

    Args:
        claim: The claim the payer answers.

    Raises:
        TypeError: if ``claim`` is not a :class:`~medoffice.claims.Claim`.

    >>> from hypothesis import given, settings
    >>> from medoffice.claims.examples import office_visit
    >>> @settings(max_examples=5, database=None)
    ... @given(adjudications(office_visit()))
    ... def test_adjudication(payment):
    ...     assert payment.balances and payment.account_number == office_visit().account_number
    >>> test_adjudication()
    """
    value: object = claim
    if not isinstance(value, Claim):
        msg = f"claim: must be a Claim, not {type(value).__name__}"
        raise TypeError(msg)
    return _adjudication(value)


TYPE_STRATEGIES.update(
    {
        Adjustment: adjustments,
        ServicePayment: service_payments,
        ClaimPayment: claim_payments,
        ProviderAdjustment: provider_adjustments,
        Payment: payments,
        RemitPayer: remittance_payers,
        Payee: payees,
        Remittance: remittances,
        Party: parties,
        Entry: ledger_entries,
        Ledger: ledgers,
    }
)
register()


# -- indexing: filing (numbering, alphabetic, retention) ---------------------------------

from medoffice.indexing.alphabetic import (  # noqa: E402
    FilingOptions,
    Hyphenated,
    McMac,
    OrganisationName,
    PersonName,
    Prefixes,
    Saint,
)
from medoffice.indexing.alphabetic import index_units as _index_units  # noqa: E402
from medoffice.indexing.numbering import ColourScheme, FileRoom, Folder, RecordNumber  # noqa: E402
from medoffice.indexing.retention import (  # noqa: E402
    LeapDay,
    LegalHold,
    RetainedRecord,
    RetentionPolicy,
)

__all__ = sorted(  # noqa: PLE0605
    [
        *__all__,
        "colour_schemes",
        "file_rooms",
        "filing_options",
        "folders",
        "legal_holds",
        "organisation_names",
        "person_names",
        "record_numbers",
        "retained_records",
        "retention_policies",
    ]
)

_FILING_DATES = st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))
_NAME_WORDS = st.text(
    st.characters(codec="utf-8", categories=("L", "Nd", "P", "Zs")), min_size=1, max_size=12
)


def record_numbers() -> st.SearchStrategy[RecordNumber]:
    """Medical record numbers of 1 to 9 digits, leading zeros as written.

    >>> number = example(record_numbers())
    >>> 1 <= len(number.digits) <= 9
    True
    """
    return st.text(_DIGITS, min_size=1, max_size=9).map(lambda d: RecordNumber(digits=d))


def colour_schemes() -> st.SearchStrategy[ColourScheme]:
    """Ten colour names, one for each digit.

    >>> len(example(colour_schemes()).digits)
    10
    """
    name = st.text(_UPPER.lower() + " ", min_size=1, max_size=10).filter(str.strip)
    return st.lists(name, min_size=10, max_size=10).map(lambda d: ColourScheme(digits=d))


def folders() -> st.SearchStrategy[Folder]:
    """A folder in use or an OUT guide.

    >>> isinstance(example(folders()), Folder)
    True
    """
    return st.builds(
        Folder,
        number=record_numbers(),
        patient_id=st.text(_ID_CHARS + "-", min_size=1, max_size=10),
        forwarded_to=st.none() | record_numbers(),
    )


def file_rooms() -> st.SearchStrategy[FileRoom]:
    """A file room: folders with distinct numbers, the next number and the width.

    >>> room = example(file_rooms())
    >>> len({int(f.number.digits) for f in room.folders}) == len(room.folders)
    True
    """
    return st.builds(
        FileRoom,
        folders=st.lists(folders(), max_size=5, unique_by=lambda f: int(f.number.digits)),
        next_number=st.integers(0, 10**6),
        width=st.integers(1, 15),
    )


def filing_options() -> st.SearchStrategy[FilingOptions]:
    """Any combination of the alphabetic filing options.

    >>> isinstance(example(filing_options()), FilingOptions)
    True
    """
    return st.builds(
        FilingOptions,
        mc_mac=st.sampled_from(McMac),
        saint=st.sampled_from(Saint),
        hyphenated=st.sampled_from(Hyphenated),
        prefixes=st.sampled_from(Prefixes),
    )


def person_names() -> st.SearchStrategy[PersonName]:
    """A person's name in parts: any letters, punctuation and spaces, a surname that files.

    >>> bool(example(person_names()).surname)
    True
    """
    return st.builds(
        PersonName,
        surname=_NAME_WORDS.filter(lambda w: bool(_index_units(w))),
        given=st.just("") | _NAME_WORDS,
        middle=st.just("") | _NAME_WORDS,
        title=st.sampled_from(["", "Dr.", "Sister", "Mrs."]),
        suffix=st.sampled_from(["", "Jr.", "Sr.", "II", "III", "2nd", "MD"]),
    )


def organisation_names() -> st.SearchStrategy[OrganisationName]:
    """An organisation's name with at least one unit.

    >>> bool(example(organisation_names()).name)
    True
    """
    words = st.text(
        st.characters(codec="utf-8", categories=("L", "Nd", "P", "S", "Zs")),
        min_size=1,
        max_size=20,
    )
    return words.filter(lambda w: bool(_index_units(w))).map(lambda w: OrganisationName(name=w))


def retention_policies() -> st.SearchStrategy[RetentionPolicy]:
    """A retention policy with periods of 0-30 years (values for tests, not law).

    >>> 0 <= example(retention_policies()).age_of_majority <= 25
    True
    """
    return st.builds(
        RetentionPolicy,
        adult_years_after_last_encounter=st.integers(0, 30),
        age_of_majority=st.integers(0, 25),
        minor_years_after_majority=st.integers(0, 30),
        permanent_classes=st.frozensets(st.sampled_from(["immunization", "x-ray", "consent"])),
        leap_day=st.sampled_from(LeapDay),
        name=st.text(max_size=10),
    )


@st.composite
def _legal_hold(draw: st.DrawFn) -> LegalHold:
    placed = draw(_FILING_DATES)
    released = draw(st.none() | st.dates(placed, dt.date(2100, 12, 31)))
    return LegalHold(reason=draw(st.text(max_size=12)), placed_on=placed, released_on=released)


def legal_holds() -> st.SearchStrategy[LegalHold]:
    """A legal hold, in force or released on or after the day it was placed.

    >>> hold = example(legal_holds())
    >>> hold.released_on is None or hold.released_on >= hold.placed_on
    True
    """
    return _legal_hold()


@st.composite
def _retained_record(draw: st.DrawFn) -> RetainedRecord:
    born = draw(_FILING_DATES)
    return RetainedRecord(
        birth_date=born,
        last_encounter=draw(st.dates(born, dt.date(2100, 12, 31))),
        record_class=draw(st.sampled_from(["medical-record", "mpi", "immunization"])),
        legal_holds=draw(st.lists(legal_holds(), max_size=2)),
    )


def retained_records() -> st.SearchStrategy[RetainedRecord]:
    """A record for retention: a last encounter on or after the birth date, maybe held.

    >>> r = example(retained_records())
    >>> r.last_encounter >= r.birth_date
    True
    """
    return _retained_record()


TYPE_STRATEGIES.update(
    {
        RecordNumber: record_numbers,
        ColourScheme: colour_schemes,
        Folder: folders,
        FileRoom: file_rooms,
        FilingOptions: filing_options,
        PersonName: person_names,
        OrganisationName: organisation_names,
        RetentionPolicy: retention_policies,
        LegalHold: legal_holds,
        RetainedRecord: retained_records,
    }
)
register()


# -- indexing: the master patient index -------------------------------------------------------

from medoffice.indexing._mpi_match import LEVELS as _MPI_LEVELS  # noqa: E402
from medoffice.indexing.patients import (  # noqa: E402
    Band as MpiBand,
)
from medoffice.indexing.patients import (  # noqa: E402
    Candidate as MpiCandidate,
)
from medoffice.indexing.patients import (  # noqa: E402
    FieldModel as MpiFieldModel,
)
from medoffice.indexing.patients import (  # noqa: E402
    FieldScore as MpiFieldScore,
)
from medoffice.indexing.patients import (  # noqa: E402
    Match as MpiMatch,
)
from medoffice.indexing.patients import (  # noqa: E402
    Model as MpiModel,
)
from medoffice.indexing.patients import (  # noqa: E402
    NameFrequencies,
    PatientRecord,
)

__all__ = sorted(  # noqa: PLE0605
    [
        *__all__,
        "mpi_candidates",
        "mpi_field_models",
        "mpi_field_scores",
        "mpi_models",
        "name_frequency_tables",
        "patient_matches",
        "patient_records",
    ]
)

_MPI_FAMILIES = ("Smith", "García", "O'Brien", "Nguyen", "Smith-Jones", "de la Cruz", "Lee Jr.")
_MPI_GIVEN = ("William", "Bill", "Margaret", "Peggy", "José", "Ann", "Mary Ann", "Zoë")


def _mpi_name(names: tuple[str, ...]) -> st.SearchStrategy[str | None]:
    return st.one_of(st.none(), st.sampled_from(names), st.text(min_size=1, max_size=12))


def patient_records() -> st.SearchStrategy[PatientRecord]:
    """:class:`~medoffice.indexing.patients.PatientRecord` values, any field missing.

    Names mix common spellings (accents, hyphens, apostrophes, suffixes) with
    arbitrary text; SSNs are 9 digits or the last four (placeholders included);
    phones 10 digits.

    >>> from medoffice.strategies import example
    >>> example(patient_records(), lambda r: r.family is not None).id != ""
    True
    """
    return st.builds(
        PatientRecord,
        id=st.text(alphabet="0123456789ABCDEFGH", min_size=1, max_size=8),
        family=_mpi_name(_MPI_FAMILIES),
        given=_mpi_name(_MPI_GIVEN),
        middle=_mpi_name(("A", "Lee", "Marie")),
        suffix=st.one_of(st.none(), st.sampled_from(("JR", "Sr.", "III", "2nd"))),
        sex=st.one_of(st.none(), st.sampled_from("FMUX")),
        birth_date=st.one_of(st.none(), st.dates(dt.date(1900, 1, 1), dt.date(2030, 12, 31))),
        ssn=st.one_of(
            st.none(), _digits(9), _digits(4), st.sampled_from(("123-45-6789", "000-00-0000"))
        ),
        phone=st.one_of(st.none(), _digits(10), st.just("555-555-5555")),
        street=st.one_of(
            st.none(), st.sampled_from(("12 Main St", "12 Main Street", "4 Oak Ave Apt 2"))
        ),
        city=st.one_of(st.none(), st.sampled_from(("Springfield", "Decatur"))),
        state=st.one_of(st.none(), st.sampled_from(("IL", "MO"))),
        zip=st.one_of(st.none(), _digits(5), _digits(9)),
        email=st.one_of(st.none(), st.sampled_from(("ann@example.com", "b.lee@example.org"))),
        previous_family=st.lists(st.sampled_from(_MPI_FAMILIES), max_size=2).map(tuple),
        identifiers=st.lists(
            st.tuples(st.sampled_from(("MRN", "EMPI")), _digits(6)), max_size=2
        ).map(tuple),
    )


def mpi_field_scores() -> st.SearchStrategy[MpiFieldScore]:
    """:class:`~medoffice.indexing.patients.FieldScore` values (an explanation line).

    >>> from medoffice.strategies import example
    >>> example(mpi_field_scores(), lambda f: f.weight < 0).field in _MPI_LEVELS
    True
    """
    return st.builds(
        MpiFieldScore,
        field=st.sampled_from(tuple(_MPI_LEVELS)),
        level=st.sampled_from(("exact", "different", "swapped-exact")),
        weight=st.floats(-40, 40),
    )


def patient_matches() -> st.SearchStrategy[MpiMatch]:
    """:class:`~medoffice.indexing.patients.Match` values whose weights sum to the score.

    >>> from medoffice.strategies import example
    >>> m = example(patient_matches(), lambda m: len(m.fields) > 1)
    >>> m.left < m.right
    True
    """

    def build(ids: tuple[str, str], fields: list[MpiFieldScore], band: MpiBand | None) -> MpiMatch:
        score = sum(f.weight for f in fields)
        return MpiMatch(left=min(ids), right=max(ids), score=score, band=band, fields=tuple(fields))

    ids = st.lists(
        st.text(alphabet="0123456789", min_size=1, max_size=6), min_size=2, max_size=2, unique=True
    )
    return st.builds(
        build,
        ids.map(lambda x: (x[0], x[1])),
        st.lists(mpi_field_scores(), max_size=5),
        st.one_of(st.none(), st.sampled_from(MpiBand)),
    )


def _probabilities(size: int) -> st.SearchStrategy[tuple[float, ...]]:
    return st.lists(st.floats(0.001, 0.999), min_size=size, max_size=size).map(tuple)


def mpi_field_models() -> st.SearchStrategy[MpiFieldModel]:
    """:class:`~medoffice.indexing.patients.FieldModel` values (m and u per level).

    >>> from medoffice.strategies import example
    >>> f = example(mpi_field_models(), lambda f: f.field == "ssn")
    >>> len(f.m) == len(f.u) == 5
    True
    """
    return st.sampled_from(tuple(_MPI_LEVELS)).flatmap(
        lambda field: st.builds(
            MpiFieldModel,
            field=st.just(field),
            m=_probabilities(len(_MPI_LEVELS[field])),
            u=_probabilities(len(_MPI_LEVELS[field])),
        )
    )


def mpi_models() -> st.SearchStrategy[MpiModel]:
    """:class:`~medoffice.indexing.patients.Model` values (review at most link).

    >>> from medoffice.strategies import example
    >>> m = example(mpi_models(), lambda m: True)
    >>> m.review <= m.link
    True
    """

    def build(
        *,
        fields: list[MpiFieldModel],
        bounds: list[float],
        signals: tuple[float, float],
        value_specific: bool,
    ) -> MpiModel:
        return MpiModel(
            fields=tuple(fields),
            review=min(bounds),
            link=max(bounds),
            twin_weight=signals[0],
            generation_weight=signals[1],
            value_specific=value_specific,
        )

    fields = st.tuples(
        *(
            st.builds(
                MpiFieldModel,
                field=st.just(name),
                m=_probabilities(len(levels)),
                u=_probabilities(len(levels)),
            )
            for name, levels in _MPI_LEVELS.items()
        )
    ).map(list)
    return st.builds(
        build,
        fields=fields,
        bounds=st.lists(st.floats(-50, 80), min_size=2, max_size=2),
        signals=st.tuples(st.floats(-60, 0), st.floats(-60, 0)),
        value_specific=st.booleans(),
    )


def name_frequency_tables() -> st.SearchStrategy[NameFrequencies]:
    """:class:`~medoffice.indexing.patients.NameFrequencies` values.

    >>> from medoffice.strategies import example
    >>> example(name_frequency_tables(), lambda f: f.total > 0).total > 0
    True
    """
    counts = st.dictionaries(
        st.sampled_from(("SMITH", "LEE", "ANN", "BO")), st.integers(1, 50), max_size=4
    )
    return st.builds(
        lambda family, given: NameFrequencies(
            total=max([0, *family.values(), *given.values()]) * 2, family=family, given=given
        ),
        counts,
        counts,
    )


def mpi_candidates() -> st.SearchStrategy[MpiCandidate]:
    """:class:`~medoffice.indexing.patients.Candidate` values (search results).

    >>> from medoffice.strategies import example
    >>> example(mpi_candidates(), lambda c: c.band is None).score <= 1000
    True
    """
    return st.builds(
        MpiCandidate,
        record=patient_records(),
        score=st.floats(-100, 100),
        band=st.one_of(st.none(), st.sampled_from(MpiBand)),
        fields=st.lists(mpi_field_scores(), max_size=3).map(tuple),
    )


TYPE_STRATEGIES.update(
    {
        PatientRecord: patient_records,
        MpiFieldScore: mpi_field_scores,
        MpiMatch: patient_matches,
        MpiFieldModel: mpi_field_models,
        MpiModel: mpi_models,
        NameFrequencies: name_frequency_tables,
        MpiCandidate: mpi_candidates,
    }
)
register()


# -- indexing: documents ---------------------------------------------------------------
#
# Names, words and dates come from small pools, so that any few documents share
# names (with typos and nicknames), words and days, and searches find several.

from medoffice.indexing.documents import (  # noqa: E402
    DocType,
    Document,
    DocumentHit,
    Facets,
    Refiling,
    ReviewStatus,
    Routing,
    RoutingReason,
)

__all__ = sorted(  # noqa: PLE0605
    [*__all__, "document_facets", "document_hits", "documents", "refilings", "routings"]
)

_DOC_FAMILIES = ("Smith", "Smyth", "Nguyen", "Ngyuen", "O'Neil", "García", "Lee", "Van Buren")
_DOC_GIVENS = ("William", "Bill", "Margaret", "Peggy", "Thi", "J", "Mary Ann")
_DOC_WORDS = ("potassium", "glucose", "referral", "follow-up", "x-ray", "normal", "café", "5.9")
_DOC_IDS = st.builds("D{:04d}".format, st.integers(0, 9999))
_MRNS = st.builds("MRN-{}".format, st.integers(1, 50))
_DOC_DAYS = st.dates(dt.date(2023, 1, 1), dt.date(2024, 12, 31))


def _pooled(pool: tuple[str, ...]) -> st.SearchStrategy[str | None]:
    return st.one_of(st.none(), st.sampled_from(pool), _ANY_TEXT)


@st.composite
def _document(draw: st.DrawFn) -> Document:
    status = draw(st.sampled_from(ReviewStatus))
    filed = status is not ReviewStatus.UNINDEXED or draw(st.booleans())
    words = draw(st.lists(st.sampled_from(_DOC_WORDS), max_size=6))
    return Document(
        id=draw(_DOC_IDS),
        patient_id=draw(_MRNS) if filed else None,
        family=draw(_pooled(_DOC_FAMILIES)),
        given=draw(_pooled(_DOC_GIVENS)),
        birth_date=draw(st.none() | st.dates(dt.date(1920, 1, 1), dt.date(2024, 12, 31))),
        date_of_service=draw(st.none() | _DOC_DAYS),
        received_at=draw(aware_datetimes(dt.datetime(2023, 1, 1), dt.datetime(2025, 1, 1))),
        doc_type=draw(st.sampled_from(DocType)),
        source=draw(_pooled(("Quest Diagnostics", "LabCorp", "St. Mary Hospital", "Aetna"))),
        author=draw(_pooled(("Dr. Patel", "Kim, NP"))),
        pages=draw(st.integers(1, 40)),
        review_status=status,
        needs_attention=draw(st.booleans()),
        text=" ".join(words) if draw(st.booleans()) else draw(st.text(max_size=40)),
    )


def documents() -> st.SearchStrategy[Document]:
    """:class:`~medoffice.indexing.documents.Document` values of every type and status.

    Indexed, reviewed and signed documents are filed to a chart; unindexed ones
    sometimes are. Names come from a small pool with typos and nicknames (or
    are any text), receipt times are aware, in several time zones.

    >>> from medoffice.strategies import example
    >>> example(documents(), lambda d: d.review_status.value == "signed").patient_id is not None
    True
    """
    return _document()


def document_hits() -> st.SearchStrategy[DocumentHit]:
    """Search hits: a document and a score from 0.0 to 1.0.

    >>> from medoffice.strategies import example
    >>> 0.0 <= example(document_hits()).score <= 1.0
    True
    """
    return st.builds(DocumentHit, document=documents(), score=st.floats(0.0, 1.0))


def document_facets() -> st.SearchStrategy[Facets]:
    """Facet counts by document type and review status.

    >>> from medoffice.strategies import example
    >>> example(document_facets()).total >= 0
    True
    """
    counts = st.integers(0, 10_000)
    return st.builds(
        Facets,
        total=counts,
        by_type=st.dictionaries(st.sampled_from(DocType), counts, max_size=4),
        by_status=st.dictionaries(st.sampled_from(ReviewStatus), counts, max_size=4),
        needs_attention=counts,
    )


def refilings() -> st.SearchStrategy[Refiling]:
    """Audit records of documents moved from one chart to another.

    >>> from medoffice.strategies import example
    >>> example(refilings(), lambda r: r.old_patient_id is not None).at.tzinfo is not None
    True
    """
    return st.builds(
        Refiling,
        document_id=_DOC_IDS,
        old_patient_id=st.none() | _MRNS,
        new_patient_id=_MRNS,
        by=st.sampled_from(("hrodriguez", "clerk-2", "dr.patel")),
        at=aware_datetimes(),
        reason=st.sampled_from(("", "wrong chart", "DOB mismatch")) | st.text(max_size=20),
    )


@st.composite
def _routing(draw: st.DrawFn) -> Routing:
    reason = draw(st.sampled_from(RoutingReason))
    document = draw(documents())
    patient_id = None
    if reason.files:
        patient_id = draw(_MRNS)
        document = attrs.evolve(document, patient_id=patient_id)
    candidates = draw(st.lists(st.tuples(_MRNS, st.floats(-50.0, 50.0)), max_size=3))
    return Routing(
        document=document, reason=reason, patient_id=patient_id, candidates=tuple(candidates)
    )


def routings() -> st.SearchStrategy[Routing]:
    """Routing decisions: filed to a chart (the document carries it) or sent to review.

    >>> from medoffice.strategies import example
    >>> r = example(routings(), lambda r: r.filed)
    >>> r.document.patient_id == r.patient_id
    True
    """
    return _routing()


TYPE_STRATEGIES.update(
    {
        Document: documents,
        DocumentHit: document_hits,
        Facets: document_facets,
        Refiling: refilings,
        Routing: routings,
    }
)
register()
