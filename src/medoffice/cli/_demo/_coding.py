"""Demo section 2: the coder codes the morning's visits (``terminology``).

Every answer comes from the bundled code sets, as of a fixed date of service
(:data:`medoffice.cli._sample.DATE_OF_SERVICE`), never the clock. The
terminology modules load when the section is built, not when the command line
starts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from medoffice import terminology
from medoffice.cli import _sample as sample
from medoffice.cli._abbrev import finding_lines
from medoffice.cli._demo._model import Item, Section, Status
from medoffice.cli._hcpcs import concept_line as hcpcs_line
from medoffice.cli._icd import concept_line, hit_line
from medoffice.cli._terms import explanation_lines
from medoffice.codes import icd10cm as icd10cm_format
from medoffice.exceptions import UnknownCode

if TYPE_CHECKING:
    from medoffice.exceptions import Suggestion
    from medoffice.terminology.wordparts import Segment

__all__ = ["section"]

#: How many search hits, and how many suggested codes of one kind, to show.
_HITS = 3
_SHOWN = 4


def _status(typed: str, display: str) -> Status:
    return Status.OK if typed == display else Status.NORMALIZED


def _suggestion_lines(suggestions: Sequence[Suggestion], on: dt.date) -> list[str]:
    """``did you mean`` lines: suggestions with the same reason share a line.

    A lone suggested code that exists on ``on`` is followed by medoffice's
    answer for it, so the fix can be read in full.
    """
    groups: list[tuple[str, list[str]]] = []
    for suggestion in suggestions:
        if groups and groups[-1][0] == suggestion.reason:
            groups[-1][1].append(suggestion.code)
        else:
            groups.append((suggestion.reason, [suggestion.code]))
    lines = []
    for reason, codes in groups:
        shown = ", ".join(icd10cm_format.format(code) for code in codes[:_SHOWN])
        more = " ..." if len(codes) > _SHOWN else ""
        lines.append(f"did you mean: {shown}{more} ({reason})")
        concept = terminology.icd10cm.get(codes[0], on=on) if len(codes) == 1 else None
        if concept is not None:
            lines.append(concept_line(concept))
    return lines


def _diagnosis(label: str, typed: str, why: str, *, on: dt.date, billable: bool = False) -> Item:
    """Look ``typed`` up in ICD-10-CM as of ``on``; refused codes show the suggestions."""
    shown = f"{typed}  (on {on.isoformat()}{', billable only' if billable else ''})"
    try:
        concept = terminology.icd10cm.lookup(typed, on=on, billable=billable)
    except UnknownCode as exc:
        says = "\n".join([f"BAD {exc.message}", *_suggestion_lines(exc.suggestions, on)])
        return Item(label=label, typed=shown, says=says, why=why, status=Status.REFUSED)
    status = _status(typed, concept.display)
    return Item(label=label, typed=shown, says=concept_line(concept), why=why, status=status)


def _search(label: str, query: str, why: str, *, billable_only: bool) -> Item:
    """Search ICD-10-CM in plain words and show the best few hits."""
    hits = terminology.icd10cm.search(
        query, limit=_HITS, billable_only=billable_only, on=sample.DATE_OF_SERVICE
    )
    shown = f"{query}  (search{', billable only' if billable_only else ''})"
    says = "\n".join(hit_line(hit) for hit in hits) or "no matches"
    status = Status.OK if hits else Status.FLAGGED
    return Item(label=label, typed=shown, says=says, why=why, status=status)


def _hcpcs(label: str, typed: str, why: str) -> Item:
    """Look up a HCPCS Level II code or modifier; a NOC code is flagged."""
    on = sample.DATE_OF_SERVICE
    concept = terminology.hcpcs.lookup(typed, on=on)
    noc = terminology.hcpcs.is_noc(concept.code, on=on)
    status = Status.FLAGGED if noc else _status(typed, concept.display)
    return Item(label=label, typed=typed, says=hcpcs_line(concept, noc=noc), why=why, status=status)


def _place(label: str, typed: str, why: str) -> Item:
    """Look up a place-of-service code and show its CMS name."""
    concept = terminology.pos.lookup(typed, on=sample.DATE_OF_SERVICE)
    says = f"OK  {concept.display}  {concept.title}"
    return Item(label=label, typed=typed, says=says, why=why, status=Status.OK)


def _order(label: str, text: str, why: str) -> Item:
    """Check the text of an order: one line per finding, with what to write instead."""
    findings = terminology.abbreviations.check(text)
    has_errors = any(finding.is_error for finding in findings)
    # The last line of ``medoffice abbrev check``: the counts, or "OK  no findings".
    head = finding_lines(text, findings)[-1]
    lines = [
        f"{finding.severity.value:<8}'{finding.text}': write "
        + ("the meaning in full" if finding.replacement is None else f"'{finding.replacement}'")
        for finding in findings
    ]
    status = Status.REFUSED if has_errors else Status.FLAGGED if findings else Status.OK
    return Item(label=label, typed=text, says="\n".join([head, *lines]), why=why, status=status)


def _segment(segment: Segment) -> str:
    part = segment.part
    if part is None:
        return f"{segment.notation} (not in the word-part table)"
    return f"{part.part} ({part.kind.label})"


def _term(label: str, word: str, why: str) -> Item:
    """Take a medical word apart; one that is not fully explained is flagged."""
    explanation = terminology.wordparts.explain(word)
    parts = " + ".join(_segment(segment) for segment in explanation.segments)
    says = f"{explanation_lines(explanation)[0]}\nparts: {parts}"
    status = Status.OK if explanation.complete else Status.FLAGGED
    return Item(label=label, typed=word, says=says, why=why, status=status)


def section() -> Section:
    """The coding section: the morning's notes, turned into codes and checked.

    >>> s = section()
    >>> s.key, s.summary()
    ('coding', '9 ok, 2 normalized, 2 flagged, 4 refused')
    """
    on = sample.DATE_OF_SERVICE
    diabetes, category, sprain, cause = sample.DIAGNOSIS_CODES_TYPED
    late_code, late_meaning = sample.LATE_CLAIM_CODE_TYPED
    pink_eye, sugar, hip = sample.LAY_QUERIES
    flu_shot, unlisted_drug = sample.HCPCS_TYPED
    side_modifier, side_meaning = sample.MODIFIERS_TYPED[1]
    office, away, home = sample.PLACES_TYPED
    history, eye_exam = sample.TERMS_TYPED
    items = (
        _diagnosis(
            f"Diagnosis (ICD-10-CM): {diabetes[1]}",
            diabetes[0],
            "Looked up as of the date of service: on 2 March 2026 the FY2026 release is in "
            "force (1 October 2025 to 30 September 2026). Billable means the code may go on "
            "a claim as it is.",
            on=on,
        ),
        _diagnosis(
            f"Diagnosis (ICD-10-CM): {category[1]}, checked for the claim",
            category[0],
            "E11 exists, but it is a header: a claim needs a code down to its last "
            "character, and payers deny headers. lookup(..., billable=True) refuses it and "
            "lists billable codes under it; the note says 'without complications': E11.9.",
            on=on,
            billable=True,
        ),
        _diagnosis(
            f"Diagnosis (ICD-10-CM): {sprain[1]}",
            sprain[0],
            "The tabular list defines the 7th characters once for the whole category; "
            "medoffice builds each full code's title from that definition. A is for active "
            "treatment; a follow-up visit would take D.",
            on=on,
        ),
        _diagnosis(
            f"External cause (ICD-10-CM): {cause[1]}",
            cause[0],
            "The 7th character must stand in the 7th place, so a shorter code is padded with "
            "the placeholder X. medoffice refuses W21.89A rather than guess, and names the fix.",
            on=on,
        ),
        _diagnosis(
            f"A claim held back since September: {late_meaning}",
            late_code,
            "E11.A is new in FY2026, in force from 1 October 2025. A visit on 15 September "
            "2025 is coded from FY2025, where E11.A does not exist; medoffice says from when "
            "it is valid, and the coder picks the code that was in force on the day.",
            on=sample.LATE_DATE_OF_SERVICE,
        ),
        _search(
            f"Search in the patient's own words: {pink_eye[2]}",
            pink_eye[0],
            "Patients describe, they do not code. medoffice's own lay synonyms lead from "
            "everyday words to the tabular titles (pink eye is conjunctivitis); the note "
            "says which eye.",
            billable_only=pink_eye[1],
        ),
        _search(
            f"Search in the patient's own words: {sugar[2]}",
            sugar[0],
            "An old lay name for diabetes. The type and any complications still come from "
            "the note.",
            billable_only=sugar[1],
        ),
        _search(
            f"Search in the patient's own words, for a claim: {hip[2]}",
            hip[0],
            "With billable_only=True an entry that needs a 7th character comes back as its "
            "first billable form: A, initial encounter for a closed fracture. The side and "
            "the encounter come from the note: a follow-up after the hospital takes D.",
            billable_only=hip[1],
        ),
        _hcpcs(
            f"HCPCS Level II: {flu_shot[1]}",
            flu_shot[0],
            "Medicare pays for giving the flu shot under this HCPCS code, not under a CPT "
            "administration code; the vaccine itself goes on a line of its own.",
        ),
        _hcpcs(
            f"HCPCS Level II: {unlisted_drug[1]}",
            unlisted_drug[0],
            "J3490 is on CMS's not-otherwise-classified list: the claim line must name the "
            "drug, its dose and its NDC (837P SV101-7, CMS-1500 box 19), or the payer "
            "denies it. medoffice flags it so the description gets written.",
        ),
        _hcpcs(
            f"Modifier (HCPCS Level II): {side_meaning}",
            side_modifier,
            "The CMS description, not just the form. The side must agree with the "
            "diagnosis: S93.401A is the right ankle.",
        ),
        _place(
            f"Place of service: {office[1]}",
            office[0],
            "CMS-1500 box 24B, 837P CLM05-1: the payer prices each line by where the service "
            "was given.",
        ),
        _place(
            f"Place of service: {away[1]}",
            away[0],
            "Telehealth with the patient somewhere other than at home.",
        ),
        _place(
            f"Place of service: {home[1]}",
            home[0],
            "Code 10 was added in 2022 for telehealth in the patient's home, and 02 renamed "
            "for everywhere else. Payers may pay the two differently, so the note must say "
            "where the patient was.",
        ),
        _order(
            "A medication order in a visit note",
            sample.ORDER_TEXT,
            "Errors are on the Joint Commission's Do-Not-Use list; warnings are kinds of "
            "abbreviation ISMP calls error-prone. The order goes back to the doctor to be "
            "rewritten before anyone acts on it.",
        ),
        _term(
            f"Medical word: {history[1]}",
            history[0],
            "Read by its parts: the gallbladder, surgically removed. The parts explain the "
            "word; the code for the history still comes from the code set.",
        ),
        _term(
            f"Medical word: {eye_exam[1]}",
            eye_exam[0],
            "medoffice explains what it can and marks the rest with a question mark rather "
            "than invent a meaning. The coder searches the code set instead: xanthelasma "
            "of the eyelid is H02.6-.",
        ),
    )
    return Section(
        key="coding",
        title="Coding the visits",
        intro=(
            f"{sample.DAY}, 2 p.m. The morning's visits are over, and the coder turns the "
            "notes into codes for the claims. medoffice answers from its bundled code sets "
            f"as of the date of service, {on.isoformat()}: ICD-10-CM diagnoses, HCPCS Level "
            "II codes and modifiers, places of service. It also checks an order for unsafe "
            "abbreviations and takes medical words apart."
        ),
        items=items,
    )
