"""Demo section 4: the day's visits become claims, then an 837P (``claims``, ``x12``).

Everything runs on the sample practice's claims file
(:func:`medoffice.cli._sample.claims_file`), scrubbed as of the day of service
(:data:`~medoffice.cli._sample.DATE_OF_SERVICE`) and built at a fixed time
(:data:`~medoffice.cli._sample.CLAIMS_CREATED`), never the clock: a clean visit;
a claim with the usual mistakes, every one reported; a child's visit with a
drug line; a replacement without the payer's claim number; a note with a
delimiter in it; the batch as an 837P, read back; the CMS-1500 boxes of the
clean visit for review. Patient names, member IDs,
birth dates, addresses and account numbers are never shown: the segments that
carry them are left out and the account number is masked.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from medoffice.cli import _sample as sample
from medoffice.cli._claim import ClaimsFile, load
from medoffice.cli._demo._model import Item, Section, Status
from medoffice.codes import icd10cm

if TYPE_CHECKING:
    from medoffice.claims import Batch, Claim
    from medoffice.exceptions import Problem

__all__ = ["CONTROL_NUMBER", "NOTE_TYPED", "ORIGINAL_CLAIM_NUMBER", "batch", "claims", "section"]

#: The interchange control number of the day's batch.
CONTROL_NUMBER = 1001
#: A note keyed with a tilde for "to": the X12 segment terminator.
NOTE_TYPED = "RECHECK A1C IN 3~6 MONTHS"
#: The payer's claim number of the February claim being replaced.
ORIGINAL_CLAIM_NUMBER = "LHP2602170045"

_DAY = sample.DATE_OF_SERVICE
_FEBRUARY = dt.date(2026, 2, 16)

#: Segments whose elements identify a patient: left out of what the demo shows.
_PATIENT_LOOPS = {"IL", "QC"}


def _file() -> ClaimsFile:
    return load(json.dumps(sample.claims_file()))


def _problem_lines(problems: Iterable[Problem]) -> list[str]:
    """One line a problem; a header code's list of billable codes under it is cut short."""
    return [
        f"{p.severity.value.upper()} {p.path}: {p.message.split('; did you mean')[0]} [{p.code}]"
        for p in problems
    ]


def _verdict(claim: Claim) -> tuple[Status, list[str]]:
    from medoffice.claims import scrub  # noqa: PLC0415 - loaded when the section is built

    problems = scrub(claim, on=_DAY)
    if any(p.is_error for p in problems):
        errors = sum(p.is_error for p in problems)
        return Status.REFUSED, [
            f"REFUSED: {errors} error{'s' if errors != 1 else ''}",
            *_problem_lines(problems),
        ]
    return Status.OK, [f"OK: no problem as of {_DAY.isoformat()}", *_problem_lines(problems)]


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def _line_summary(claim: Claim) -> list[str]:
    lines = []
    for n, line in enumerate(claim.lines, 1):
        code = "-".join((line.procedure, *line.modifiers))
        units = f" x {line.units}" if line.units != 1 else ""
        pointers = ", ".join(str(p) for p in line.pointers)
        lines.append(f"line {n}: {code}{units} {_money(line.charge)} (diagnoses {pointers})")
    return lines


def _diagnoses(claim: Claim) -> str:
    return ", ".join(icd10cm.format(code) for code in claim.diagnoses)


# -- the claims ------------------------------------------------------------------------


def _with_mistakes(visit: Claim) -> Claim:
    """Dr. Okafor's ankle visit for the same patient, keyed in a hurry."""
    from medoffice.claims import Provider  # noqa: PLC0415

    okafor = sample.PROVIDERS[1]
    return attrs.evolve(
        visit,
        rendering=Provider(npi=okafor.npi_typed, name="OKAFOR", first_name="BEN"),
        diagnoses=("S93.401A", "E11"),
        lines=(
            attrs.evolve(
                visit.lines[0], procedure="99213", modifiers=("25",), charge=Decimal("125.00"),
                pointers=(1, 3),
            ),
            attrs.evolve(
                visit.lines[1], procedure="29540", modifiers=("RT",), charge=Decimal("65.00"),
                service_date=dt.date(2026, 3, 12), pointers=(1,),
            ),
        ),
        total_charge=Decimal("200.00"),
    )  # fmt: skip


def _replacement(visit: Claim, number: str | None) -> Claim:
    """The February visit, billed as a 99213, corrected to a 99214: a replacement claim."""
    return attrs.evolve(
        visit,
        frequency="7",
        original_claim_number=number,
        lines=tuple(attrs.evolve(line, service_date=_FEBRUARY) for line in visit.lines),
    )


def claims() -> dict[str, Claim]:
    """Every claim of the section, by name, as the items scrub them.

    >>> sorted(claims())
    ['child', 'mistakes', 'noted', 'noted_typed', 'replacement', 'replacement_typed', 'visit']
    """
    from medoffice.x12 import clean_text  # noqa: PLC0415

    visit, child = _file().batch.claims
    return {
        "visit": visit,
        "mistakes": _with_mistakes(visit),
        "child": child,
        "replacement_typed": _replacement(visit, None),
        "replacement": _replacement(visit, ORIGINAL_CLAIM_NUMBER),
        "noted_typed": attrs.evolve(visit, note=NOTE_TYPED),
        "noted": attrs.evolve(visit, note=clean_text(NOTE_TYPED, replacement="-")),
    }


def batch() -> Batch:
    """The day's batch: the noted visit, the replacement (same subscriber), the child's visit.

    >>> len(batch().claims)
    3
    """
    from medoffice.claims import Batch  # noqa: PLC0415

    found = claims()
    return Batch(claims=(found["noted"], found["replacement"], found["child"]))


def _interchange(claims_file: ClaimsFile, *, line_breaks: bool = True) -> str:
    from medoffice.claims import build_837p  # noqa: PLC0415

    assert claims_file.sender is not None  # noqa: S101 - the sample file has both parties
    assert claims_file.receiver is not None  # noqa: S101
    return build_837p(
        batch(),
        sender=claims_file.sender,
        receiver=claims_file.receiver,
        control_number=CONTROL_NUMBER,
        created=sample.CLAIMS_CREATED,
        line_breaks=line_breaks,
    )


def _segments(text: str) -> list[str]:
    return [s for s in text.replace("\n", "").split("~") if s]


def _shown(segment: str) -> str:
    """A segment as the demo shows it: the account number in CLM01 masked."""
    if segment.startswith("CLM*"):
        return "CLM*<account>*" + segment.split("*", 2)[2]
    if segment.startswith("ISA*"):
        isa = segment.split("*")
        return (
            f"ISA (fixed width, {len(segment) + 1} characters): from {isa[5]}:{isa[6].strip()} "
            f"to {isa[7]}:{isa[8].strip()}, {isa[9]} {isa[10]}, control number {isa[13]}, "
            f"usage {isa[15]}"
        )
    return segment


def _about_a_person(segments: Sequence[str]) -> list[int]:
    """The positions of the subscribers' and patients' NM1 and their N3, N4 and DMG."""
    out = []
    person = False
    for i, segment in enumerate(segments):
        tag, _, rest = segment.partition("*")
        if tag == "NM1":
            person = rest.split("*", 1)[0] in _PATIENT_LOOPS
        elif tag not in {"N3", "N4", "DMG"}:
            person = False
        if person:
            out.append(i)
    return out


# -- the items --------------------------------------------------------------------------


def _visit_item(visit: Claim) -> Item:
    status, says = _verdict(visit)
    return Item(
        label="The morning's visit becomes a claim: Dr. Quill, diabetes and blood pressure",
        typed="99214 and a blood draw (36415); diagnoses E11.9 and I10",
        says="\n".join(
            [
                *says,
                f"total {_money(visit.total)} in {len(visit.lines)} lines",
                *_line_summary(visit),
                f"diagnoses: {_diagnoses(visit)} (box 21, sent without the dot)",
            ]
        ),
        why="The scrubber checks what a payer checks, as of the day the claim is sent: "
        "NPIs and the EIN, codes valid on the date of service, pointers, totals, dates, "
        "the billing address's ZIP+4. A clean claim goes out the same evening.",
        status=status,
    )


def _mistakes_item(claim: Claim) -> Item:
    status, says = _verdict(claim)
    return Item(
        label="Dr. Okafor's ankle visit for the same patient, keyed in a hurry",
        typed=(
            f"rendering NPI {claim.rendering.npi if claim.rendering else ''}; diagnoses "
            f"{_diagnoses(claim)}; 99213-25 pointing to diagnoses 1 and 3; 29540-RT on "
            f"2026-03-12; total {_money(claim.total)}"
        ),
        says="\n".join(says),
        why="Every problem at once, each with its path and a stable code, so the biller "
        "fixes the claim in one pass instead of one rejection at a time: the NPI typo "
        "from this morning, a header code, a pointer to a third diagnosis that is not "
        "there, a date ten days ahead and a total that is not the sum of the lines.",
        status=status,
    )


def _child_item(child: Claim, text: str) -> Item:
    status, says = _verdict(child)
    segments = _segments(text)
    start = next(i for i, s in enumerate(segments) if s.startswith("HL*") and s.endswith("*23*0"))
    shown = [segments[start], segments[start + 1]]
    shown += [s for s in segments if s.startswith(("LIN*", "CTP*"))]
    drug = child.lines[1].drug
    return Item(
        label="A child's visit: an ear infection, an antibiotic injection with its NDC",
        typed=(
            f"the patient is the subscriber's child; J0696 x 2 with NDC "
            f"{drug.ndc if drug else ''}, 1 ML; then the injection (96372)"
        ),
        says="\n".join(
            [
                *says,
                f"diagnoses: {_diagnoses(child)}",
                *_line_summary(child),
                "the child goes in the patient loop 2000C, under the parent's 2000B:",
                *shown,
            ]
        ),
        why="A dependent is not the insured: the claim names the subscriber (the parent) "
        "in 2000B and the patient in 2000C with the relationship (PAT*19). A drug line "
        "carries the NDC (LIN, 11 digits) and the quantity given (CTP), which payers "
        "require for drugs billed with J codes.",
        status=status,
    )


def _replacement_item(typed: Claim, fixed: Claim, text: str) -> Item:
    status, says = _verdict(typed)
    _, fixed_says = _verdict(fixed)
    segments = _segments(text)
    clm = next(s for s in segments if s.startswith("CLM*") and ":B:7*" in s)
    ref = next(s for s in segments if s.startswith("REF*F8*"))
    return Item(
        label="A correction: February's visit was billed as 99213, it was a 99214",
        typed=f"frequency 7 (replacement), dates of service {_FEBRUARY}, no claim number",
        says="\n".join(
            [
                *says,
                f"with the payer's claim number {ORIGINAL_CLAIM_NUMBER}: {fixed_says[0]}",
                _shown(clm),
                ref,
            ]
        ),
        why="A replacement (7) or a void (8) must say which claim it replaces: the "
        "payer's claim control number from the remittance (REF*F8, box 22). Without it "
        "the payer treats the claim as a duplicate and denies it.",
        status=status,
    )


def _note_item(typed: Claim, cleaned: Claim) -> Item:
    status, says = _verdict(typed)
    _, cleaned_says = _verdict(cleaned)
    return Item(
        label="A note for the payer, keyed with a tilde",
        typed=f"note: {NOTE_TYPED}",
        says="\n".join(
            [
                *says,
                f"clean_text(note, replacement='-'): {cleaned.note}",
                f"then: {cleaned_says[0]}; sent as NTE*ADD*{cleaned.note}",
            ]
        ),
        why="'~' ends a segment in X12, and X12 has no escape character: written as "
        "typed, the note would cut the claim in two. medoffice refuses it; cleaning is "
        "an explicit step (medoffice.x12.clean_text), never a silent one.",
        status=status,
    )


def _batch_item(text: str) -> Item:
    segments = _segments(text)
    wanted = ("ISA", "GS", "ST", "BHT", "HL", "CLM", "HI", "SV1", "SE", "GE", "IEA")
    shown = [_shown(s) for s in segments if s.split("*", 1)[0] in wanted]
    body = len(segments) - 4  # ST to SE, without ISA, GS, GE and IEA
    left_out = len(_about_a_person(segments))
    return Item(
        label="The day's batch becomes an 837P: three claims, one interchange",
        typed=(
            f"build_837p(3 claims, sender BWFM01, receiver HARBORCH, control number "
            f"{CONTROL_NUMBER}, created {sample.CLAIMS_CREATED:%Y-%m-%d %H:%M%z})"
        ),
        says="\n".join(
            [
                *shown,
                f"{len(segments)} segments; SE counts the {body} from ST to SE",
                (
                    f"not shown: {len(segments) - len(shown)} others, {left_out} of them the "
                    "subscribers' and the patient's names, member IDs, addresses and birth dates"
                ),
            ]
        ),
        why="The envelope's counts and control numbers are computed, never typed: SE01, "
        "GE01, IEA01 and the matching ISA13/IEA02, GS06/GE02 and ST02/SE02. The two "
        "claims of one subscriber share a 2000B loop (HL*2); the child hangs under the "
        "parent (HL*4, parent 3). The same batch always gives the same bytes.",
        status=Status.OK,
    )


def _read_back_item(text: str, sent: Batch) -> Item:
    from medoffice.claims import parse_837p  # noqa: PLC0415

    back = parse_837p(text)
    header = back.header
    assert header is not None  # noqa: S101 - parse_837p always sets it
    return Item(
        label="The 837P read back, as from any other system",
        typed="parse_837p(the 837P text)",
        says="\n".join(
            [
                f"{len(back.claims)} claims; equal to what was sent: {back == sent}",
                (
                    f"from {header.sender.id} to {header.receiver.id}, control number "
                    f"{header.control_number}, usage {header.usage.value}"
                ),
                f"created {header.created:%Y-%m-%d %H:%M} (X12 carries no time zone)",
                f"warnings: {len(header.warnings)}",
            ]
        ),
        why="The reader takes what the builder writes and 837P files from other "
        "systems, with a warning for each segment the model does not hold and an error "
        "that names the segment and element. `medoffice claim read` turns the file back "
        "into the claims file that `medoffice claim build` reads.",
        status=Status.OK if back == sent else Status.REFUSED,
    )


def _form_item(visit: Claim) -> Item:
    from medoffice.claims import cms1500  # noqa: PLC0415

    form = cms1500.boxes(visit)

    def filled(keys: Iterable[str], prefix: str) -> str:
        return ", ".join(
            f"{key.removeprefix(prefix).removesuffix('.1')} {form[key]}"
            for key in keys
            if form[key]
        )

    letters = [f"21{letter}" for letter in "ABCDEFGHIJKL"]
    line = [f"24{box}.1" for box in "BCDEFGHIJ"]
    return Item(
        label="The morning's claim as CMS-1500 boxes, for review",
        typed="cms1500.boxes(claim): boxes 21, 24A to 24J of line 1, and 28",
        says="\n".join(
            [
                f"21: ICD indicator {form['21.ind']} (ICD-10); {filled(letters, '21')}",
                f"24A line 1: from {form['24A.1.from']} to {form['24A.1.to']}",
                f"24B to 24J line 1: {filled(line, '24')}",
                f"24J line 1, shaded: {form['24J.1.other']} (the taxonomy, qualifier ZZ in 24I)",
                f"28: {form['28']}",
            ]
        ),
        why="Billers review claims in the form's terms, and some payers still take "
        "paper: box 21 lists the diagnoses as A to L, a line's 24E points to them by "
        "letter (AB is the 837P's 1:2), 24J is the rendering NPI and 28 the total. "
        "The form is protected health information by design (names, birth dates, "
        "member IDs); the demo shows only these boxes.",
        status=Status.OK,
    )


def section() -> Section:
    """The claims section: the day's visits, scrubbed, written as an 837P and read back.

    >>> s = section()
    >>> s.key, s.summary()
    ('claims', '5 ok, 3 refused')
    """
    found = claims()
    claims_file = _file()
    text = _interchange(claims_file)
    items = (
        _visit_item(found["visit"]),
        _mistakes_item(found["mistakes"]),
        _child_item(found["child"], text),
        _replacement_item(found["replacement_typed"], found["replacement"], text),
        _note_item(found["noted_typed"], found["noted"]),
        _batch_item(text),
        _read_back_item(_interchange(claims_file, line_breaks=False), batch()),
        _form_item(found["visit"]),
    )
    return Section(
        key="claims",
        title="The claims: from visits to an 837P",
        intro=f"{sample.DAY}, 5 p.m. The coded visits become claims to the patients' "
        "health plan, sent through a clearinghouse. Each claim is scrubbed first, with "
        "every problem at once; the clean ones become one 837P 005010X222A1 file, which "
        "reads back into the same claims, and the biller reviews a claim on the CMS-1500.",
        items=items,
    )
