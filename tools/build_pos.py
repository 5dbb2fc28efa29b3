"""Rebuild medoffice's bundled place-of-service (POS) table from the shared CMS files.

Writes ``src/medoffice/terminology/data/pos.tsv`` and the POS section of
``src/medoffice/terminology/data/PROVENANCE.md`` (between ``<!-- pos -->`` and
``<!-- /pos -->``; the rest of that file is kept as it is).

Usage, from the repository root::

    python tools/build_pos.py [DATA]           # rebuild both files in place
    python tools/build_pos.py [DATA] --check   # rebuild into a temporary folder and compare
                                               # bytes with the files in the tree (exit 1 if
                                               # they differ)

``DATA`` is the shared reference-data folder (default ``../shared/data`` next to the
repository). Nothing is downloaded.

Sources (see ``DATA/place_of_service/PROVENANCE.txt``)
------------------------------------------------------
* ``place_of_service_codes_cms_bfd.csv`` (``code,name``; 00-99): the names, from CMS's Blue
  Button / BFD server (CC0-1.0). A code is assigned when its name is not ``Unassigned``.
* ``place_of_service_codes.csv`` (``pos_code,pos_type,pos_name,pos_description``): the CMS
  descriptions, as collected in the northstar R package (Apache-2.0 for the package's code;
  the text is CMS's). Its ``pos_type`` (Facility / Non-Facility) column is the package
  author's addition and is **not** shipped. Its names are used only to check the BFD names.

The POS code set is published by CMS: a work of the US Government, in the public domain.

History
-------
The sources give the code set as it is now. :data:`HISTORY` below adds the changes since
:data:`TABLE_STARTS` (the first date of service the table answers), each with its source:
codes added after that date and one renamed code. Names and descriptions of other codes are
today's; CMS has reworded some of them over the years without a new code.

Output format
-------------
UTF-8 text, a header line, then one line per version of a code, sorted by code and date::

    code <TAB> starts <TAB> ends <TAB> name <TAB> description

``starts`` is empty for a version in effect since :data:`TABLE_STARTS`; ``ends`` is empty for
the version in effect now. Unassigned codes have no line.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
import sys
from pathlib import Path

from _build import check_tree, read_pinned, require, run, sha256, write_provenance

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
DATA_DIR = ROOT / "src" / "medoffice" / "terminology" / "data"
DATA_FILE = "pos.tsv"
PROVENANCE_FILE = "PROVENANCE.md"
BEGIN_MARK = "<!-- pos -->"
END_MARK = "<!-- /pos -->"
HEADER = "code\tstarts\tends\tname\tdescription"

BFD_NAME = "place_of_service/place_of_service_codes_cms_bfd.csv"
BFD_SHA256 = "389088d6b00634773c3512e260ed356d443cd843afbdb3f206ae36119693557e"
BFD_SOURCE = (
    "github.com/CMSgov/beneficiary-fhir-data (CC0-1.0) at commit `62b2d2e8d9b050f09a7e9e01b2c4c991ce464be4`,"
    " `apps/bfd-server-ng/src/main/java/gov/cms/bfd/server/ng/claim/model/common/ClaimPlaceOfServiceCode.java`"
    " (sha256 `e2a81c9aa89f87a8b926305a7a0b0a073284810242e29e62f68764d5337319bc`)"
)
NORTHSTAR_NAME = "place_of_service/place_of_service_codes.csv"
NORTHSTAR_SHA256 = "b318169b0d090ed66dae7b618fff54b57b5633222cf945010008e026dcc7664d"
NORTHSTAR_SOURCE = (
    "github.com/andrewallenbruce/northstar (Apache-2.0 for the package's code) at commit"
    " `a37fd49831c3614a1eaa279d4addf06ad35798c4`, `data-raw/pos_codes.R` (sha256"
    " `5778b6441692b45c2b26024b0a4bc0d37c545d27f111577fadf0812faa7b1f7d`), citing the CMS"
    " code-set page and its database"
)
EXPECTED_ASSIGNED = 52

#: The first date of service the table answers for (POS 19 and the revised POS 22, MLN
#: Matters MM9231; everything before that is out of scope).
TABLE_STARTS = dt.date(2016, 1, 1)


@dataclasses.dataclass(frozen=True)
class Change:
    """A code added after :data:`TABLE_STARTS`, or an earlier name it had."""

    code: str
    starts: dt.date | None
    ends: dt.date | None
    source: str
    name: str | None = None  # an earlier name (None: the current one)
    description: str | None = None


HISTORY: tuple[Change, ...] = (
    Change(
        "02",
        dt.date(2017, 1, 1),
        dt.date(2021, 12, 31),
        'POS 02 "Telehealth" effective 2017-01-01 (CMS POS code set; MLN Matters MM9726); renamed and redescribed effective 2022-01-01 (CMS Transmittal 11045, CR 12427)',
        name="Telehealth",
        description="The location where health services and health related services are provided or received, through a telecommunication system.",
    ),
    Change("02", dt.date(2022, 1, 1), None, "CMS Transmittal 11045, CR 12427"),
    Change("10", dt.date(2022, 1, 1), None, "new, CMS Transmittal 11045, CR 12427"),
    Change("58", dt.date(2020, 1, 1), None, "new, CMS Transmittal 4486, CR 11353"),
    Change(
        "27", dt.date(2023, 10, 1), None, "new, CMS Transmittal 12411 (replacing 12254), CR 13314"
    ),
    Change(
        "66",
        dt.date(2024, 8, 1),
        None,
        "new, CMS Transmittal 12779 (effective 2024-08-01, as reported by secondary sources; not checked against the transmittal itself)",
    ),
)

Row = tuple[str, str, str, str, str]


def rows_of(raw: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))


def name_key(name: str) -> str:
    """Compare names by letters only: the sources differ in dashes and spaces after '/'."""
    return re.sub(r"[^a-z0-9]+", "", name.casefold())


#: Names the two sources word differently (BFD, the CMS-authored one, wins).
KNOWN_NAME_DIFFERENCES = {
    "71": ("Public Health Clinic", "State or Local Public Health Clinic"),
    "72": ("Rural Health Clinic", "Rural Health"),
}


def read_sources(bfd_raw: bytes, northstar_raw: bytes) -> dict[str, tuple[str, str]]:
    """code -> (name, description) for every assigned code."""
    bfd = rows_of(bfd_raw)
    require([r["code"] for r in bfd] == [f"{i:02d}" for i in range(100)], "BFD: not 00-99")
    names = {r["code"]: " ".join(r["name"].split()) for r in bfd if r["name"] != "Unassigned"}
    northstar = {r["pos_code"]: r for r in rows_of(northstar_raw)}
    described = {c for c, r in northstar.items() if r["pos_name"] != "Unassigned"}
    require(len(names) == EXPECTED_ASSIGNED, f"BFD: {len(names)} assigned codes")
    require(set(names) == described, f"the sources differ: {sorted(set(names) ^ described)}")
    found = {}
    for code, name in sorted(names.items()):
        row = northstar[code]
        other = row["pos_name"]
        if code in KNOWN_NAME_DIFFERENCES:
            require(KNOWN_NAME_DIFFERENCES[code] == (name, other), f"{code}: {name!r} / {other!r}")
        else:
            require(name_key(name) == name_key(other), f"{code}: {name!r} / {other!r}")
        description = " ".join(row["pos_description"].split())
        require(description, f"{code}: no description")
        for text in (name, description):
            require("\t" not in text and "\n" not in text, f"{code}: tab or newline")
        found[code] = (name, description)
    return found


def build_rows(current: dict[str, tuple[str, str]]) -> list[Row]:
    rows = []
    changes: dict[str, list[Change]] = {}
    for change in HISTORY:
        require(change.code in current, f"HISTORY: {change.code} is not assigned")
        changes.setdefault(change.code, []).append(change)
    for code, (name, description) in sorted(current.items()):
        versions = sorted(changes.get(code, []), key=lambda c: c.starts or TABLE_STARTS)
        if not versions:
            rows.append((code, "", "", name, description))
            continue
        require(versions[-1].ends is None and versions[-1].name is None, f"{code}: history")
        for change in versions:
            starts = change.starts.isoformat() if change.starts else ""
            ends = change.ends.isoformat() if change.ends else ""
            rows.append(
                (code, starts, ends, change.name or name, change.description or description)
            )
    return rows


def encode(rows: list[Row]) -> bytes:
    return (HEADER + "\n" + "".join("\t".join(r) + "\n" for r in rows)).encode("utf-8")


def provenance_section(rows: list[Row], blob: bytes, bfd_raw: bytes, northstar_raw: bytes) -> str:
    codes = sorted({r[0] for r in rows})
    since = TABLE_STARTS.isoformat()
    lines = [
        BEGIN_MARK,
        f"## Place of service (`{DATA_FILE}`)",
        "",
        "The place-of-service code set is published by CMS (a work of the US Government, public",
        "domain). The CSV carriers below are a CMS repository (CC0-1.0) and an R package",
        "(Apache-2.0 for its code); the code names and descriptions are CMS's text.",
        "",
        f"- Output: `{DATA_FILE}`, {len(blob):,} bytes, sha256 `{sha256(blob)}`.",
        f"- Rows: {len(rows)} versions of {len(codes)} assigned codes (00-99 otherwise unassigned); the table answers dates of service from {since}.",
        "- Rebuild: `python tools/build_pos.py [DATA]` (DATA defaults to `../shared/data`).",
        "- Check: `python tools/build_pos.py [DATA] --check` rebuilds into a temporary folder and exits 1 if the bytes differ from the files in the tree.",
        "",
        "### Sources",
        "",
        "| File (in DATA) | sha256 | What is taken |",
        "|---|---|---|",
        f"| `{BFD_NAME}` | `{sha256(bfd_raw)}` | which codes are assigned; their names |",
        f"| `{NORTHSTAR_NAME}` | `{sha256(northstar_raw)}` | descriptions (its names cross-check the BFD names) |",
        "",
        f"- `{BFD_NAME}`: {BFD_SOURCE}.",
        f"- `{NORTHSTAR_NAME}`: {NORTHSTAR_SOURCE}.",
        "",
        "The northstar file's Facility / Non-Facility column is its author's addition (from the",
        "Medicare physician fee schedule's facility designation) and could not be verified",
        "against CMS here, so it is not shipped. Names differ between the two files for 71",
        '("Public Health Clinic" / "State or Local Public Health Clinic") and 72 ("Rural',
        'Health Clinic" / "Rural Health"); the BFD (CMS) names are used. Names are kept as',
        'CMS writes them ("Prison/ Correctional Facility", curly apostrophes, en dashes).',
        "",
        "### History (dates of service)",
        "",
        f"The sources have no dates. These changes since {since} are recorded by `tools/build_pos.py`:",
        "",
        "| Code | From | To | Source |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {c.code} | {c.starts or TABLE_STARTS} | {c.ends or 'open'} | {c.source} |"
        for c in sorted(HISTORY, key=lambda c: (c.code, c.starts or TABLE_STARTS))
    ]
    lines += [
        "",
        f"Other codes are answered with today's name and description for every date from {since}.",
        "",
        END_MARK,
        "",
    ]
    return "\n".join(lines)


def build(data: Path, out: Path) -> None:
    bfd_raw = read_pinned(data, BFD_NAME, BFD_SHA256)
    northstar_raw = read_pinned(data, NORTHSTAR_NAME, NORTHSTAR_SHA256)
    rows = build_rows(read_sources(bfd_raw, northstar_raw))
    blob = encode(rows)
    out.mkdir(parents=True, exist_ok=True)
    (out / DATA_FILE).write_bytes(blob)
    write_provenance(
        out / PROVENANCE_FILE,
        begin=BEGIN_MARK,
        end=END_MARK,
        section=provenance_section(rows, blob, bfd_raw, northstar_raw),
    )
    print(f"{DATA_FILE}: {len(blob):,} bytes, {len(rows)} rows, sha256 {sha256(blob)[:16]}…")


def check(data: Path) -> int:
    return check_tree(
        lambda out: build(data, out), DATA_DIR, (DATA_FILE, PROVENANCE_FILE), PROVENANCE_FILE
    )


def main(argv: list[str] | None = None) -> int:
    return run(
        argv,
        prog="build_pos",
        description=(__doc__ or "").split("\n", 1)[0],
        default_data=DEFAULT_DATA,
        build=lambda data: build(data, DATA_DIR),
        check=check,
    )


if __name__ == "__main__":
    sys.exit(main())
