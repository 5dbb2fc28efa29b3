"""Rebuild medoffice's bundled HCPCS Level II data from the shared CMS files.

Writes ``src/medoffice/terminology/data/hcpcs.tsv.gz`` and the HCPCS section of
``src/medoffice/terminology/data/PROVENANCE.md`` (between ``<!-- hcpcs -->`` and
``<!-- /hcpcs -->``; the rest of that file is kept as it is).

Usage, from the repository root::

    python tools/build_hcpcs.py [DATA]           # rebuild both files in place
    python tools/build_hcpcs.py [DATA] --check   # rebuild into a temporary folder and compare
                                                 # bytes with the files in the tree (exit 1 if
                                                 # they differ)

``DATA`` is the shared reference-data folder (default ``../shared/data`` next to the
repository). Nothing is downloaded. The script needs the standard library only (the NOC
workbook is read with ``zipfile`` and ``xml.etree``).

Sources (see ``DATA/hcpcs/PROVENANCE.txt``)
-------------------------------------------
* ``hcpcs/hcpcs_2025_jul_long_descriptions.csv``: ``code,kind,long_description`` for the
  8,387 Level II codes and 383 modifiers of the CMS July 2025 Alpha-Numeric HCPCS file
  (``HCPC2025_JUL_ANWEB_v3``), made from a trimmed copy of CMS's workbook.
* ``hcpcs/NOC_codes_JUL2025.xlsx``: CMS's list of "not otherwise classified" codes with their
  add and termination dates.

HCPCS Level II codes and descriptors are produced by CMS, a work of the US Government in the
public domain. Only Level II is here: no CPT (AMA) and no CDT (ADA) content.

Output format
-------------
UTF-8 text, gzip (level 9, mtime 0), one line per code, sorted: codes, then modifiers::

    code <TAB> noc <TAB> terminated <TAB> description

``noc`` is ``noc`` for a code on the NOC list, else empty; ``terminated`` is the ISO date of a
termination before the release (known only from the NOC list), else empty. Descriptions are
CMS's long descriptions with runs of white space collapsed to one space.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import re
import sys
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterable
from pathlib import Path

from _build import check_tree, read_pinned, require, run, sha256, write_provenance

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
DATA_DIR = ROOT / "src" / "medoffice" / "terminology" / "data"
DATA_FILE = "hcpcs.tsv.gz"
PROVENANCE_FILE = "PROVENANCE.md"
BEGIN_MARK = "<!-- hcpcs -->"
END_MARK = "<!-- /hcpcs -->"
MAX_SIZE = 600_000

RELEASE_ID = "2025-07"
RELEASE_LABEL = "HCPCS Level II July 2025"
RELEASE_STARTS = dt.date(2025, 7, 1)

CSV_NAME = "hcpcs/hcpcs_2025_jul_long_descriptions.csv"
CSV_SHA256 = "b6349ec62e28370536b763ac590dd00b09027301678df2393a786fcc90b8a7e5"
NOC_NAME = "hcpcs/NOC_codes_JUL2025.xlsx"
NOC_SHA256 = "ea3de405ff7d14824ee153825f607e82b5af8842cf13bb479575befe2626a61f"
EXPECTED = {"code": 8387, "modifier": 383}
EXPECTED_NOC = 163  # codes (168 data rows; two descriptions continue on a second row)

SOURCE_REPO = "github.com/VagishHemmige/usRds"
SOURCE_COMMIT = "e7ac385c9f6eca9b47b69c1b1c780bb22f7113f4"
SOURCE_ADDED = "675f7e2"
SOURCE_XLSX = "data-raw/hcpc2025_jul_anweb_v3/HCPC2025_JUL_ANWEB_v3.xlsx"
SOURCE_XLSX_SHA256 = "0ccf9092f94f709f98f21140300e6f7286fb8ba18091a4238ba72adaf57d198b"
SOURCE_NOC = "data-raw/hcpc2025_jul_anweb_v3/NOC codes_JUL2025.xlsx"

CODE_RE = re.compile(r"[A-V][0-9]{4}")
MODIFIER_RE = re.compile(r"[A-Z0-9]{2}")
_SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"

Row = tuple[str, str, str, str]
Noc = dict[str, tuple[str, dt.date, dt.date | None]]


def clean(text: str) -> str:
    """Trim and collapse runs of white space (107 descriptions have double spaces)."""
    return " ".join(text.split())


# --------------------------------------------------------------------------- sources


def read_codes(raw: bytes) -> dict[str, tuple[str, str]]:
    """code -> (kind, description) from the shared CSV, checked row by row."""
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    patterns = {"code": CODE_RE, "modifier": MODIFIER_RE}
    found: dict[str, tuple[str, str]] = {}
    for number, row in enumerate(rows, start=2):
        code, kind, text = row["code"], row["kind"], row["long_description"]
        require(kind in patterns, f"line {number}: unknown kind {kind!r}")
        require(patterns[kind].fullmatch(code), f"line {number}: {code!r} is not a {kind}")
        require(code not in found, f"line {number}: {code} appears twice")
        description = clean(text)
        require(description, f"line {number}: {code} has no description")
        found[code] = (kind, description)
    counts = {kind: sum(1 for k, _ in found.values() if k == kind) for kind in EXPECTED}
    require(counts == EXPECTED, f"{CSV_NAME}: counts {counts}, expected {EXPECTED}")
    return found


def _cells(raw: bytes) -> list[dict[str, str]]:
    """The first worksheet of an xlsx as rows of ``{column letter: text}``."""
    with zipfile.ZipFile(io.BytesIO(raw)) as book:
        shared = [
            "".join(t.text or "" for t in item.iter(f"{_SHEET_NS}t"))
            for item in ET.fromstring(book.read("xl/sharedStrings.xml"))
        ]
        sheet = ET.fromstring(book.read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in sheet.iter(f"{_SHEET_NS}row"):
        cells: dict[str, str] = {}
        for cell in row.iter(f"{_SHEET_NS}c"):
            column = re.sub(r"[0-9]+", "", cell.get("r", ""))
            value = cell.find(f"{_SHEET_NS}v")
            if value is None or value.text is None:
                continue
            text = shared[int(value.text)] if cell.get("t") == "s" else value.text
            cells[column] = text.strip()
        rows.append(cells)
    return rows


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    require(re.fullmatch(r"[0-9]{8}", text), f"NOC workbook: bad date {text!r}")
    return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))


def read_noc(raw: bytes) -> Noc:
    """code -> (description, added, terminated) from CMS's NOC workbook."""
    rows = _cells(raw)
    header = next(i for i, row in enumerate(rows) if row.get("A") == "HCPCS")
    columns = [rows[header].get(c) for c in "ABCD"]
    expected = ["HCPCS", "LONG DESCRIPTION", "ADD DATE", "TERM DATE"]
    require(columns == expected, f"NOC workbook: unexpected header {columns}")
    found: Noc = {}
    for row in rows[header + 1 :]:
        code = row.get("A")
        if not code:
            continue
        require(CODE_RE.fullmatch(code), f"NOC workbook: {code!r} is not a HCPCS code")
        if code in found:  # a description continued on the next row, without dates
            require("C" not in row and "D" not in row, f"NOC workbook: {code} listed twice")
            text, added, terminated = found[code]
            found[code] = (clean(f"{text} {row.get('B', '')}"), added, terminated)
            continue
        added = _date(row.get("C"))
        require(added is not None, f"NOC workbook: {code} has no add date")
        assert added is not None
        found[code] = (clean(row.get("B", "")), added, _date(row.get("D")))
    require(len(found) == EXPECTED_NOC, f"NOC workbook: {len(found)} codes, not {EXPECTED_NOC}")
    return found


# --------------------------------------------------------------------------- output


def build_rows(codes: dict[str, tuple[str, str]], noc: Noc) -> list[Row]:
    missing = sorted(set(noc) - set(codes))
    require(not missing, f"NOC codes not in the code file: {missing}")
    rows = []
    for code in sorted(codes, key=lambda c: (len(c) == 2, c)):
        _kind, description = codes[code]
        entry = noc.get(code)
        flag = "noc" if entry else ""
        terminated = entry[2] if entry else None
        ended = terminated.isoformat() if terminated and terminated < RELEASE_STARTS else ""
        require("\t" not in description and "\n" not in description, f"{code}: tab or newline")
        rows.append((code, flag, ended, description))
    return rows


def encode(rows: Iterable[Row]) -> bytes:
    text = "".join("\t".join(row) + "\n" for row in rows)
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def provenance_section(
    rows: list[Row], blob: bytes, csv_raw: bytes, noc_raw: bytes, noc: Noc
) -> str:
    n_codes = sum(1 for r in rows if len(r[0]) == 5)
    n_mods = len(rows) - n_codes
    terminated = [(r[0], r[2]) for r in rows if r[2]]
    n_noc = sum(1 for r in rows if r[1] and not r[2])
    by_code = {r[0]: r[3] for r in rows}
    reworded = sorted(
        c for c, (text, _a, _t) in noc.items() if text.casefold() != by_code[c].casefold()
    )
    text_sha = sha256(gzip.decompress(blob))
    lines = [
        BEGIN_MARK,
        f"## HCPCS Level II (`{DATA_FILE}`)",
        "",
        "HCPCS Level II codes, modifiers and descriptors are produced by CMS (a work of the US",
        "Government, public domain, 17 USC 105). Only Level II is bundled: CPT (Level I) codes,",
        "descriptors and modifiers are AMA material and CDT (D) codes are ADA material; neither is",
        "in the source or in this file.",
        "",
        f"- Release: {RELEASE_LABEL} (quarterly update, `{RELEASE_ID}`), effective {RELEASE_STARTS.isoformat()}. The source has no per-code effective dates.",
        f"- Output: `{DATA_FILE}`, {len(blob):,} bytes, sha256 `{sha256(blob)}` (uncompressed sha256 `{text_sha}`).",
        f"- Rows: {len(rows):,} = {n_codes:,} codes + {n_mods:,} modifiers; {n_noc} NOC codes in effect; {len(terminated)} codes known to be terminated.",
        "- Rebuild: `python tools/build_hcpcs.py [DATA]` (DATA defaults to `../shared/data`).",
        "- Check: `python tools/build_hcpcs.py [DATA] --check` rebuilds into a temporary folder and exits 1 if the bytes differ from the files in the tree.",
        "",
        "### Sources",
        "",
        "| File (in DATA) | sha256 | What is taken |",
        "|---|---|---|",
        f"| `{CSV_NAME}` | `{sha256(csv_raw)}` | every code and modifier with its long description |",
        f"| `{NOC_NAME}` | `{sha256(noc_raw)}` | the NOC flag; termination dates |",
        "",
        f"Both come from {SOURCE_REPO} at commit `{SOURCE_COMMIT}` (files added in `{SOURCE_ADDED}`): the CSV was made with openpyxl from `{SOURCE_XLSX}` (sha256 `{SOURCE_XLSX_SHA256}`), and the NOC workbook is `{SOURCE_NOC}`.",
        "The file names are CMS's own for the July 2025 Alpha-Numeric HCPCS file (cms.gov, HCPCS quarterly update).",
        "",
        "### Caveats",
        "",
        "- The source workbook was trimmed by the repository owner to two columns (code, long",
        "  description): CMS's short descriptions, add/termination dates, action codes and",
        "  coverage/pricing columns are not available. CMS's file keeps codes that were terminated",
        "  in earlier years, so some bundled codes may no longer be valid; medoffice knows a",
        "  termination only where the NOC workbook gives one:",
        "",
    ]
    lines += [f"  - `{code}` terminated {ended}" for code, ended in terminated]
    lines += [
        "",
        '- NOC means "on CMS\'s NOC list". Some other codes say "not otherwise specified" in',
        "  their description (J0131, J0799, A6609 …) but are not on the list and are not flagged.",
        f"- Descriptions are the code file's (v3); the NOC workbook (v1) words {len(reworded)} of them differently ({', '.join(reworded)}).",
        "- Runs of white space in descriptions are collapsed to one space (107 have double spaces).",
        "",
        END_MARK,
        "",
    ]
    return "\n".join(lines)


# --------------------------------------------------------------------------- main


def build(data: Path, out: Path) -> None:
    csv_raw = read_pinned(data, CSV_NAME, CSV_SHA256)
    noc_raw = read_pinned(data, NOC_NAME, NOC_SHA256)
    codes = read_codes(csv_raw)
    noc = read_noc(noc_raw)
    rows = build_rows(codes, noc)
    blob = encode(rows)
    require(len(blob) <= MAX_SIZE, f"{DATA_FILE} is {len(blob):,} bytes, over {MAX_SIZE:,}")
    out.mkdir(parents=True, exist_ok=True)
    (out / DATA_FILE).write_bytes(blob)
    write_provenance(
        out / PROVENANCE_FILE,
        begin=BEGIN_MARK,
        end=END_MARK,
        section=provenance_section(rows, blob, csv_raw, noc_raw, noc),
    )
    print(f"{DATA_FILE}: {len(blob):,} bytes, {len(rows):,} rows, sha256 {sha256(blob)[:16]}…")


def check(data: Path) -> int:
    return check_tree(
        lambda out: build(data, out),
        DATA_DIR,
        (DATA_FILE, PROVENANCE_FILE),
        PROVENANCE_FILE,
        same_content=_same_text,
    )


def _same_text(ours: bytes, theirs: bytes) -> bool:
    try:
        return gzip.decompress(ours) == gzip.decompress(theirs)
    except (OSError, EOFError):
        return False


def main(argv: list[str] | None = None) -> int:
    return run(
        argv,
        prog="build_hcpcs",
        description=(__doc__ or "").split("\n", 1)[0],
        default_data=DEFAULT_DATA,
        build=lambda data: build(data, DATA_DIR),
        check=check,
    )


if __name__ == "__main__":
    sys.exit(main())
