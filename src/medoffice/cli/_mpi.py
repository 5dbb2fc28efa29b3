"""``medoffice mpi``: duplicate charts and patient search over a file of registrations.

The commands read a *patients file* (see :mod:`medoffice.indexing.patients`):

- CSV with a header row naming :class:`~medoffice.indexing.patients.PatientRecord`
  fields (``id`` required; ``family``, ``given``, ``middle``, ``suffix``, ``sex``,
  ``birth_date`` as YYYY-MM-DD, ``ssn``, ``phone``, ``street``, ``city``, ``state``,
  ``zip``, ``email``; ``previous_family`` with names separated by ``;``;
  ``identifiers`` as ``system:value`` items separated by ``;``). Empty cells are
  missing values.
- JSON: a list of objects with the same keys (``previous_family`` a list of
  names, ``identifiers`` a list of ``[system, value]`` pairs).

The format comes from the extension (``.csv``, ``.json``), ``--format``, or, for
standard input and other names, the first character (``[`` is JSON). A row that
cannot be read is reported as ``line N: <field>: <rule>`` (CSV) or
``record N: ...`` (JSON), never with its values (patient data), and the exit
status is 1 with no other output.

- ``mpi dedupe FILE``: every pair of charts in the auto-link or clerical-review
  band with its per-field explanation, and the clusters of auto-linked charts,
  as JSON. A progress bar is drawn on standard error for long runs.
- ``mpi search FILE --name ... [--dob ...]``: the charts that may be the patient
  described, best first.

>>> from medoffice.cli import main
>>> main(["mpi", "search", "--help"])  # doctest: +ELLIPSIS
usage: medoffice mpi search [-h] [--json] ...
...
0
"""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from medoffice.cli._claim import _parse_json, _read_text
from medoffice.cli._command import CliError, add_command, add_group
from medoffice.cli._output import progress_bar, write_json, write_lines

if TYPE_CHECKING:
    from medoffice.cli._command import Subparsers
    from medoffice.indexing.patients import Candidate, FieldScore, Match, PatientRecord

__all__ = ["candidate_data", "load_patients", "match_data", "register"]

#: The columns of a patients file, in PatientRecord order.
FIELDS = (
    "id",
    "family",
    "given",
    "middle",
    "suffix",
    "sex",
    "birth_date",
    "ssn",
    "phone",
    "street",
    "city",
    "state",
    "zip",
    "email",
    "previous_family",
    "identifiers",
)


def _detect(path: str, text: str, chosen: str | None) -> str:
    if chosen:
        return chosen
    suffix = Path(path).suffix.lower() if path != "-" else ""
    if suffix in {".csv", ".json"}:
        return suffix[1:]
    return "json" if text.lstrip().startswith("[") else "csv"


def _split(text: str) -> list[str]:
    return [item.strip() for item in text.split(";") if item.strip()]


def _identifiers(text: str, where: str) -> list[tuple[str, str]]:
    out = []
    for item in _split(text):
        system, colon, value = item.partition(":")
        if not colon:
            msg = f"{where}: identifiers: each item must be system:value"
            raise CliError(msg)
        out.append((system.strip(), value.strip()))
    return out


def _record(row: dict[str, Any], where: str) -> PatientRecord:
    from medoffice.indexing.patients import PatientRecord  # noqa: PLC0415

    try:
        return PatientRecord(**row)
    except (TypeError, ValueError) as exc:
        # The record's messages name the field and the rule, never the value.
        raise CliError(f"{where}: {exc}") from None


def _csv_rows(text: str) -> list[tuple[str, dict[str, Any]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return _read_csv(reader)
    except csv.Error:
        # Its message (a quote out of place, a cell over the size limit) is
        # not repeated: nothing of the cell is shown.
        msg = f"line {reader.line_num}: not readable as CSV (a stray quote or an oversized cell)"
        raise CliError(msg) from None


def _read_csv(reader: Any) -> list[tuple[str, dict[str, Any]]]:
    header = next(reader, None)
    if header is None:
        return []
    names = [name.strip().lower() for name in header]
    for column, name in enumerate(names, start=1):
        if name not in FIELDS:
            # The header is not echoed: a file without one starts with a patient.
            msg = f"line 1: column {column} is not a patient field ({', '.join(FIELDS)})"
            raise CliError(msg)
    if len(set(names)) < len(names):
        msg = "line 1: a column is named twice"
        raise CliError(msg)
    if "id" not in names:
        msg = "line 1: the header has no id column"
        raise CliError(msg)
    rows = []
    for cells in reader:
        where = f"line {reader.line_num}"
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(names):
            raise CliError(f"{where}: more cells than the header has columns")
        row: dict[str, Any] = {}
        for name, cell in zip(names, cells, strict=False):
            value = cell.strip()
            if name == "previous_family":
                row[name] = _split(value)
            elif name == "identifiers":
                row[name] = _identifiers(value, where)
            else:
                row[name] = value or None
        rows.append((where, row))
    return rows


def _json_rows(text: str) -> list[tuple[str, dict[str, Any]]]:
    data = _parse_json(text, "the patients file")
    if not isinstance(data, list):
        msg = "the patients file must hold a list of records"
        raise CliError(msg)
    rows = []
    for number, item in enumerate(data, start=1):
        where = f"record {number}"
        if not isinstance(item, dict):
            raise CliError(f"{where}: must be an object")
        unknown = sorted(set(item) - set(FIELDS))
        if unknown:
            # Keys are field names; an unknown one is counted, not echoed.
            raise CliError(f"{where}: {len(unknown)} key(s) not patient fields")
        row = dict(item)
        if isinstance(row.get("identifiers"), list):
            row["identifiers"] = [
                tuple(pair) if isinstance(pair, list) else pair for pair in row["identifiers"]
            ]
        rows.append((where, row))
    return rows


def load_patients(text: str, fmt: str) -> list[PatientRecord]:
    r"""Read a patients file's text (``csv`` or ``json``) into records.

    Raises:
        CliError: a row that cannot be read (its line or record number, the
            field and the rule; never its values), or two rows with one id.

    >>> records = load_patients("id,family,given,previous_family\n7,Lee,Ann,Kim;Park\n", "csv")
    >>> records[0].id, records[0].previous_family
    ('7', ('Kim', 'Park'))
    >>> load_patients('[{"id": "8", "sex": "female"}]', "json")[0].sex
    'F'
    >>> load_patients("id,birth_date\n9,1970-13-01\n", "csv")
    Traceback (most recent call last):
    ...
    medoffice.cli._command.CliError: line 2: birth_date: must be an ISO date (YYYY-MM-DD)
    """
    rows = _csv_rows(text) if fmt == "csv" else _json_rows(text)
    records = []
    seen: dict[str, str] = {}
    for where, row in rows:
        record = _record(row, where)
        if record.id in seen:
            raise CliError(f"{where}: id: the record number is already on {seen[record.id]}")
        seen[record.id] = where
        records.append(record)
    return records


def _fields(fields: tuple[FieldScore, ...]) -> list[dict[str, Any]]:
    return [{"field": f.field, "level": f.level, "weight": round(f.weight, 3)} for f in fields]


def match_data(match: Match) -> dict[str, Any]:
    """A match as JSON data: the two ids, score, band and per-field explanation.

    >>> import attrs
    >>> from medoffice.indexing.patients import PatientRecord, score_pair
    >>> a = PatientRecord(id="1", family="Lee", given="Ann", birth_date="1990-01-02")
    >>> data = match_data(score_pair(a, attrs.evolve(a, id="2")))
    >>> data["left"], data["right"], data["band"], [f["level"] for f in data["fields"]]
    ('1', '2', 'link', ['exact', 'exact', 'exact'])
    """
    return {
        "left": match.left,
        "right": match.right,
        "score": round(match.score, 3),
        "band": match.band.value if match.band else None,
        "fields": _fields(match.fields),
    }


def candidate_data(rank: int, candidate: Candidate) -> dict[str, Any]:
    """A search candidate as JSON data: rank, record id, score, band and explanation.

    >>> from medoffice.indexing.patients import Candidate, PatientRecord
    >>> candidate_data(1, Candidate(record=PatientRecord(id="7"), score=3.5))
    {'rank': 1, 'id': '7', 'score': 3.5, 'band': None, 'fields': []}
    """
    return {
        "rank": rank,
        "id": candidate.record.id,
        "score": round(candidate.score, 3),
        "band": candidate.band.value if candidate.band else None,
        "fields": _fields(candidate.fields),
    }


def _load(args: argparse.Namespace) -> list[PatientRecord]:
    path: str = args.file
    # A spreadsheet's UTF-8 export often starts with a byte order mark.
    text = _read_text(path, "patients file").removeprefix("\ufeff")
    return load_patients(text, _detect(path, text, args.format))


def _dedupe(args: argparse.Namespace) -> int:
    from medoffice.indexing.patients import Band, clusters, find_duplicates  # noqa: PLC0415

    records = _load(args)
    matches = find_duplicates(records, progress=progress_bar("matching"))
    groups = clusters(matches)
    links = sum(1 for m in matches if m.band is Band.LINK)
    shown = matches
    if args.links_only:
        shown = tuple(m for m in matches if m.band is Band.LINK)
    elif args.review:
        shown = tuple(m for m in matches if m.band is Band.REVIEW)
    write_json(
        {
            "records": len(records),
            "links": links,
            "review": len(matches) - links,
            "matches": [match_data(m) for m in shown],
            "clusters": [sorted(group) for group in groups],
        }
    )
    return 0


def _search(args: argparse.Namespace) -> int:
    from medoffice.indexing.patients import PatientIndex  # noqa: PLC0415

    index = PatientIndex.of(_load(args))
    query = {
        "name": args.name,
        "birth_date": args.dob,
        "sex": args.sex,
        "ssn": args.ssn,
        "phone": args.phone,
        "zip": args.zip,
    }
    try:
        found = index.search(**query, limit=args.limit)
    except (TypeError, ValueError) as exc:
        # The messages name the field and the rule, never the value.
        raise CliError(f"query: {exc}") from None
    rows = [candidate_data(rank, c) for rank, c in enumerate(found, start=1)]
    if args.json:
        write_json({"records": len(index), "candidates": rows})
        return 0
    if not rows:
        write_lines(["no candidates"])
        return 0
    write_lines(
        f"{row['rank']:>2}. {row['id']:<12} {(row['band'] or '-').upper():<6} "
        f"{row['score']:7.2f}  " + " ".join(f"{f['field']}={f['level']}" for f in row["fields"])
        for row in rows
    )
    return 0


_FILE_HELP = "the patients file (CSV with a header row, or a JSON list); '-' for stdin"

_DEDUPE_EPILOG = """\
output (JSON):
  {"records", "links", "review", "matches": [{"left", "right", "score", "band",
  "fields": [{"field", "level", "weight"}]}], "clusters": [[ids]]}. Matches are
  sorted by (left, right); the weights of a match's fields sum to its score.
  Clusters group the auto-linked charts transitively.

exit status: 0 done, 1 a row unreadable (line N: field: rule) or the file
unreadable, 2 usage error.

examples:
  medoffice mpi dedupe patients.csv
  medoffice mpi dedupe --links-only patients.json
  export-registrations | medoffice mpi dedupe --format csv -
"""

_SEARCH_EPILOG = """\
output:
  one candidate per line, best first: rank, record number, band (LINK, REVIEW
  or -), score, and the agreement level of each compared field; with --json,
  {"records", "candidates": [{"rank", "id", "score", "band", "fields"}]}.

examples:
  medoffice mpi search patients.csv --name "Smith, Bill" --dob 1970-03-04
  medoffice mpi search patients.csv --name "Margaret O'Brien" --limit 3 --json
"""


def register(subparsers: Subparsers) -> None:
    """Add ``mpi`` and its commands ``dedupe`` and ``search``.

    >>> import argparse
    >>> root = argparse.ArgumentParser(prog="medoffice")
    >>> register(root.add_subparsers(dest="command"))
    >>> root.parse_args(["mpi", "search", "p.csv", "--name", "Lee, Ann"]).limit
    10
    """
    group = add_group(
        subparsers,
        "mpi",
        summary="master patient index: duplicate charts, patient search",
        description="The master patient index over a patients file (CSV or JSON): find "
        "duplicate charts with a per-field explanation, or search for a patient.",
    )
    dedupe = add_command(
        group,
        "dedupe",
        summary="find duplicate charts (JSON)",
        description="Find every pair of charts in the auto-link or clerical-review band, "
        "with the per-field explanation of its score, and the clusters of auto-linked "
        "charts. Writes JSON.",
        handler=_dedupe,
        epilog=_DEDUPE_EPILOG,
    )
    search = add_command(
        group,
        "search",
        summary="search for a patient",
        description="List the charts that may be the patient described, best first.",
        handler=_search,
        epilog=_SEARCH_EPILOG,
    )
    for parser in (dedupe, search):
        parser.add_argument(
            "--format",
            choices=("csv", "json"),
            help="the file's format (default: from the extension or the first character)",
        )
        parser.add_argument("file", metavar="FILE", help=_FILE_HELP)
    only = dedupe.add_mutually_exclusive_group()
    only.add_argument("--links-only", action="store_true", help="list the auto-links only")
    only.add_argument("--review", action="store_true", help="list the review pairs only")
    search.add_argument("--name", help='"Family, Given Middle" or "Given Middle Family"')
    search.add_argument("--dob", help="the date of birth (YYYY-MM-DD)")
    search.add_argument("--sex", help="F, M, U or X")
    search.add_argument("--ssn", help="the SSN or its last four digits")
    search.add_argument("--phone", help="the phone number")
    search.add_argument("--zip", help="the ZIP code")
    search.add_argument(
        "--limit", type=int, default=10, help="at most this many candidates (default: 10)"
    )
