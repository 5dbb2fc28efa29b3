"""Demo section 6: the records desk — paper charts, the patient index, incoming faxes (``records``).

At the end of the day the records clerk shelves the returned charts in
terminal-digit order and finds a folder out of place, files the loose-file
drawer alphabetically, and checks when charts may be destroyed under the
office's retention policy (its periods are parameters, not legal advice). The
patient index finds a patient registered twice (a nickname and the day and
month of birth swapped) and explains the score field by field, while twins
and a father and son stay apart; the front desk finds a patient whose name was
misspelt; and two faxes arrive, one filed to its chart and one sent to review.

The registrations are fictional and embedded here; chart numbers are shown
masked (the last four digits, which are the shelf address in terminal-digit
filing), names and birth dates of the patient index are never shown.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from medoffice.cli import _sample as sample
from medoffice.cli._demo._model import Item, Section, Status
from medoffice.cli._output import mask

if TYPE_CHECKING:
    from medoffice.indexing.documents import Document, Routing
    from medoffice.indexing.patients import FieldScore, Match, PatientIndex, PatientRecord

__all__ = ["FAXES", "REGISTRATIONS", "SHELF", "patients", "section"]

#: The office's registrations (fictional): chart number first.
REGISTRATIONS: tuple[dict[str, str], ...] = (
    {"id": "04-21-35", "family": "Whitlock", "given": "Margaret", "sex": "F",
     "birth_date": "1956-07-11", "phone": "(555) 201-4417", "street": "18 Ferry Lane",
     "zip": "04011"},
    {"id": "17-30-52", "family": "WHITLOCK", "given": "Peggy", "sex": "F",
     "birth_date": "1956-11-07", "phone": "555-201-4417", "street": "18 Ferry Ln",
     "zip": "04011"},
    {"id": "12-22-35", "family": "Abara", "given": "Kelechi", "sex": "M",
     "birth_date": "2014-09-23", "phone": "555-201-7730", "street": "7 Quarry Rd",
     "zip": "04012"},
    {"id": "12-22-36", "family": "Abara", "given": "Chinedu", "sex": "M",
     "birth_date": "2014-09-23", "phone": "555-201-7730", "street": "7 Quarry Rd",
     "zip": "04012"},
    {"id": "03-21-36", "family": "Lindqvist", "given": "Tomas", "suffix": "Jr", "sex": "M",
     "birth_date": "1988-02-14", "phone": "555-201-9981", "street": "40 Birch St",
     "zip": "04011"},
    {"id": "98-07-36", "family": "Lindqvist", "given": "Tomas", "sex": "M",
     "birth_date": "1961-05-30", "phone": "555-201-9981", "street": "40 Birch St",
     "zip": "04011"},
    {"id": "04-21-34", "family": "MacAdam", "given": "Joel", "sex": "M",
     "birth_date": "1979-12-01", "phone": "555-201-3300", "street": "2 Harbor View",
     "zip": "04013"},
)  # fmt: skip

#: The shelf as the clerk reads it, left to right (one folder out of place).
SHELF = ("04-21-34", "04-21-35", "17-30-52", "12-22-35", "98-07-36", "03-21-36", "12-22-36")

#: The loose-file drawer's labels, as written (fictional people).
DRAWER = ("McAllister, Rhea", "O'Neal, Sam", "MacAdoo, Flora", "De la Cruz, Marta",
          "Oneida, Ruth", "Mabry, Ines", "Delacroix, Paul")  # fmt: skip

#: The afternoon's faxes: (id, family, given, birth date, type, source).
FAXES = (
    ("fax-0311", "MacAdam", "Joel", "1979-12-01", "lab_result", "Harbor Lab"),
    ("fax-0312", "Abara", "K", "2014-09-23", "referral", "Coastal Pediatrics"),
)

_RECEIVED = dt.datetime(2026, 3, 2, 14, 5, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
_TWINS = ("12-22-35", "12-22-36")
_FATHER_AND_SON = ("03-21-36", "98-07-36")


def patients() -> tuple[PatientRecord, ...]:
    """The registrations as patient records.

    >>> [r.id for r in patients()][:2]
    ['04-21-35', '17-30-52']
    """
    from medoffice.indexing.patients import PatientRecord  # noqa: PLC0415

    return tuple(PatientRecord(**row) for row in REGISTRATIONS)


def _shelved() -> Item:
    from medoffice.indexing.numbering import section as shelf_section  # noqa: PLC0415
    from medoffice.indexing.numbering import shelf_order  # noqa: PLC0415

    cart = [row["id"] for row in REGISTRATIONS]
    lines = [
        f"section {shelf_section(n, 'terminal-digit'):02d}: {mask(str(n))}"
        for n in shelf_order(cart, "terminal-digit")
    ]
    return Item(
        label="The returned charts, shelved in terminal-digit order",
        typed=f"shelf_order({len(cart)} chart numbers, 'terminal-digit')",
        says="\n".join(lines),
        why="The last two digits pick one of 100 shelf sections, the middle two the place "
        "in it: new charts spread evenly over the room, and a clerk files by the "
        "digits she sees first on the label.",
        status=Status.OK,
    )


def _misfile() -> Item:
    from medoffice.indexing.numbering import misfiles  # noqa: PLC0415

    found = misfiles(SHELF, "terminal-digit")
    lines = [f"position {i + 1}: {mask(SHELF[i])} is out of place" for i in found]
    return Item(
        label="One shelf, read left to right",
        typed=" ".join(mask(n) for n in SHELF),
        says="\n".join(lines) or "in order",
        why="The fewest folders whose removal leaves the shelf in order: a chart filed "
        "among the 35s while it belongs in section 52 is a lost chart until someone "
        "looks there.",
        status=Status.FLAGGED if found else Status.OK,
    )


def _drawer() -> Item:
    from medoffice.indexing.alphabetic import filing_key, filing_units, parse_person  # noqa: PLC0415

    names = sorted((parse_person(text) for text in DRAWER), key=filing_key)
    return Item(
        label="The loose-file drawer, filed alphabetically (ARMA rules)",
        typed="; ".join(DRAWER),
        says="\n".join(" ".join(filing_units(name)) for name in names),
        why="Unit by unit, punctuation ignored: O'Neal is ONEAL, before ONEIDA; the prefix "
        "joins the surname (De la Cruz is DELACRUZ, after DELACROIX); Mac and Mc file as "
        "written (MABRY, MACADOO, MCALLISTER), the ARMA default (an option files Mc as Mac).",
        status=Status.NORMALIZED,
    )


def _retention() -> Item:
    from medoffice.indexing.retention import (  # noqa: PLC0415
        MPI,
        RetainedRecord,
        RetentionPolicy,
        destruction_date,
    )

    policy = RetentionPolicy(
        adult_years_after_last_encounter=10, age_of_majority=18, minor_years_after_majority=10
    )
    seen = sample.DATE_OF_SERVICE
    born = {row["id"]: dt.date.fromisoformat(row["birth_date"]) for row in REGISTRATIONS}
    adult = destruction_date(
        RetainedRecord(birth_date=born["04-21-34"], last_encounter=seen), policy
    )
    minor = destruction_date(
        RetainedRecord(birth_date=born[_TWINS[0]], last_encounter=seen), policy
    )
    entry = destruction_date(
        RetainedRecord(birth_date=born["04-21-34"], last_encounter=seen, record_class=MPI), policy
    )
    return Item(
        label="When may a chart be destroyed? (the office's policy, not legal advice)",
        typed="RetentionPolicy(adult_years_after_last_encounter=10, age_of_majority=18, "
        f"minor_years_after_majority=10); last encounter {seen.isoformat()}",
        says="\n".join(
            [
                f"adult's chart {mask('04-21-34')}: on or after {adult}",
                (
                    f"child's chart {mask(_TWINS[0])}: not before "
                    f"{minor.year if minor else '-'} "
                    "(10 years after majority, later than 10 years after the visit)"
                ),
                f"master patient index entry: {entry or 'never (a permanent class)'}",
            ]
        ),
        why="Every period is a parameter the office fills in from the rules that bind it; "
        "a minor's chart is kept until some years after majority, and the index that "
        "says which charts exist is never destroyed.",
        status=Status.OK,
    )


def _level_lines(fields: tuple[FieldScore, ...]) -> list[str]:
    return [f"  {f.field:<11} {f.level:<18} {f.weight:+6.2f}" for f in fields]


def _pair(match: Match) -> str:
    band = match.band.value.upper() if match.band else "no match"
    return f"{mask(match.left)} and {mask(match.right)}: {band}, score {match.score:.2f}"


def _duplicate(matches: tuple[Match, ...]) -> Item:
    from medoffice.indexing.patients import Band, clusters  # noqa: PLC0415

    lines: list[str] = []
    for match in matches:
        lines += [_pair(match), *_level_lines(match.fields)]
    groups = [" = ".join(mask(x) for x in sorted(group)) for group in clusters(matches)]
    lines += [f"to merge: {group}" for group in groups]
    return Item(
        label="The patient index: is anyone registered twice?",
        typed=f"find_duplicates({len(REGISTRATIONS)} registrations)",
        says="\n".join(lines) or "no duplicates",
        why="The same woman, registered once under her formal given name and once under "
        "its nickname, with day and month of birth swapped: each field adds its evidence "
        "in bits (log2 m/u), so the "
        "clerk sees why the pair is linked before merging the two charts. A duplicate "
        "chart splits a patient's history in two.",
        status=Status.FLAGGED if any(m.band is Band.LINK for m in matches) else Status.OK,
    )


def _apart(matches: tuple[Match, ...]) -> Item:
    from medoffice.indexing.patients import score_pair  # noqa: PLC0415

    records = {r.id: r for r in patients()}
    linked = {(m.left, m.right) for m in matches}
    lines: list[str] = []
    for left, right in (_TWINS, _FATHER_AND_SON):
        match = score_pair(records[left], records[right])
        signals = [f for f in match.fields if f.field in {"twin", "generation"}]
        lines.append(_pair(match))
        lines += _level_lines(tuple(signals))
    kept_apart = not ({_TWINS, _FATHER_AND_SON} & linked)
    return Item(
        label="Twins, and a father and son at one address, kept apart",
        typed=f"score_pair({mask(_TWINS[0])}, {mask(_TWINS[1])}); "
        f"score_pair({mask(_FATHER_AND_SON[0])}, {mask(_FATHER_AND_SON[1])})",
        says="\n".join(lines),
        why="Same surname, birth date, phone and address, different given names: twins. "
        "Same names, a Jr. suffix and a generation between the birth dates: father and "
        "son. Merging either pair would be an overlay, two people in one chart.",
        status=Status.OK if kept_apart else Status.FLAGGED,
    )


def _search(index: PatientIndex) -> Item:
    found = index.search(name="Joel McAdam", birth_date="1979-12-01", limit=3)
    lines = [
        f"{rank}. {mask(c.record.id)} {(c.band.value if c.band else '-').upper():<6} "
        f"{c.score:6.2f}  " + " ".join(f"{f.field}={f.level}" for f in c.fields)
        for rank, c in enumerate(found, 1)
    ]
    return Item(
        label="Front desk: is this caller already registered?",
        typed="search(name=<the caller's name, Mc for Mac>, birth_date=<as said>)",
        says="\n".join(lines) or "no candidates",
        why="A misspelt surname still finds the chart, ranked first with its evidence; "
        "the desk confirms it with the caller instead of registering a duplicate.",
        status=Status.OK if found else Status.FLAGGED,
    )


def _faxes() -> list[Document]:
    from medoffice.indexing.documents import Document  # noqa: PLC0415

    return [
        Document(
            id=fax_id,
            family=family,
            given=given,
            birth_date=born,
            received_at=_RECEIVED,
            doc_type=doc_type,
            source=source,
        )
        for fax_id, family, given, born, doc_type, source in FAXES
    ]


def _routed(routing: Routing) -> str:
    doc = routing.document
    where = (
        f"chart {mask(routing.patient_id)}"
        if routing.patient_id
        else f"review ({routing.reason.value.replace('_', ' ')})"
    )
    return f"{doc.id} {doc.doc_type.value.replace('_', ' ')} from {doc.source}: {where}"


def _fax(index: PatientIndex) -> Item:
    from medoffice.indexing.documents import DocumentIndex, route  # noqa: PLC0415

    routings = [route(doc, index) for doc in _faxes()]
    documents = DocumentIndex()
    for routing in routings:
        documents = documents.add(routing.document)
    waiting = [doc.id for doc in documents.unindexed()]
    return Item(
        label="The afternoon's faxes, routed by the document index",
        typed="route(fax, patient_index) for 2 faxes (name and birth date on each)",
        says="\n".join([*(_routed(r) for r in routings), f"review queue: {', '.join(waiting)}"]),
        why="A fax is filed only on a unique, confident match whose chart agrees with it. "
        "A referral naming one of the twins by an initial could be either child: "
        "filing it to the wrong one would be an overlay, so a person decides.",
        status=Status.FLAGGED if waiting else Status.OK,
    )


def section() -> Section:
    """The records desk section: charts on the shelf, the patient index, the faxes.

    >>> s = section()
    >>> s.key, len(s.items)
    ('records', 8)
    """
    from medoffice.indexing.patients import PatientIndex, find_duplicates  # noqa: PLC0415

    records = patients()
    matches = find_duplicates(records)
    index = PatientIndex.of(records)
    return Section(
        key="records",
        title="Records: the chart room and the patient index",
        intro="Late afternoon at the records desk: the day's charts go back on the "
        "shelf, the loose-file drawer is tidied, the retention policy is checked, "
        "the master patient index is searched for duplicates, and the faxes that "
        "came in are filed to their charts or sent to review.",
        items=(
            _shelved(),
            _misfile(),
            _drawer(),
            _retention(),
            _duplicate(matches),
            _apart(matches),
            _search(index),
            _fax(index),
        ),
    )
