"""The bundled ICD-10-CM file: a compact column layout that loads in milliseconds.

``tools/build_icd10cm.py`` builds a *document* (plain data: releases, items as
columns, 7th-character definitions, notes, title histories) and stores it with
:func:`pack`; the library reads it with :func:`unpack`. The layout is a JSON
header line followed by raw sections, so loading needs no JSON parsing of the
hundred thousand items: codes and titles are newline-separated text, the
parent links and release masks are little-endian integer arrays, and each
item's notes stay as a JSON string that is parsed only when that item is
looked up.
"""

from __future__ import annotations

import json
import sys
from array import array
from typing import Any

__all__ = ["UNTITLED", "Tables", "pack", "unpack"]

_MAGIC = b"medoffice-icd10cm\n"
_FORMAT = 2
#: The stored title of an item that no bundled source titles.
UNTITLED = "\x00"
_ARRAYS = {"parent": "i", "billable": "H", "present": "H"}


def _dumps(value: object) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _array_bytes(typecode: str, values: list[int]) -> bytes:
    column = array(typecode, values)
    if sys.byteorder == "big":  # pragma: no cover (the file is little-endian)
        column.byteswap()
    return column.tobytes()


def _array_from(typecode: str, data: bytes) -> array[int]:
    column = array(typecode)
    column.frombytes(data)
    if sys.byteorder == "big":  # pragma: no cover
        column.byteswap()
    return column


def _joined(texts: list[str]) -> tuple[str, list[int]]:
    """All ``texts`` in one string, and where each starts (in characters)."""
    offsets = [0]
    for text in texts:
        offsets.append(offsets[-1] + len(text))
    return "".join(texts), offsets


def pack(document: dict[str, Any]) -> bytes:
    """Store a document in the bundled layout (deterministic bytes).

    >>> doc = {"format": 1, "system": "s", "tabular_release": "R", "releases": [],
    ...        "items": {"code": ["1", "A00"], "parent": [-1, 0], "title": ["Ch", None],
    ...                  "billable": [0, 1], "present": [1, 1]},
    ...        "seventh": {}, "notes": {"A00": {"notes": ["n"]}}, "title_history": {}}
    >>> unpack(pack(doc)).document() == doc
    True
    """
    items = document["items"]
    codes: list[str] = items["code"]
    titles = [UNTITLED if t is None else t for t in items["title"]]
    if any("\n" in code for code in codes):
        msg = "codes must not contain a newline"
        raise ValueError(msg)
    notes = document["notes"]
    note_texts = [_dumps(notes[c]) if c in notes else "" for c in codes]
    title_blob, title_offsets = _joined(titles)
    notes_blob, notes_offsets = _joined(note_texts)
    sections: list[tuple[str, bytes]] = [
        ("code", "\n".join(codes).encode()),
        ("title", title_blob.encode()),
        ("title_offsets", _array_bytes("I", title_offsets)),
        *((name, _array_bytes(tc, items[name])) for name, tc in _ARRAYS.items()),
        ("notes", notes_blob.encode()),
        ("notes_offsets", _array_bytes("I", notes_offsets)),
        ("seventh", _dumps(document["seventh"]).encode()),
        ("title_history", _dumps(document["title_history"]).encode()),
    ]
    header = {
        "format": _FORMAT,
        "document_format": document["format"],
        "system": document["system"],
        "tabular_release": document["tabular_release"],
        "releases": document["releases"],
        "items": len(codes),
        "sections": [[name, len(data)] for name, data in sections],
    }
    return b"".join([_MAGIC, _dumps(header).encode(), b"\n", *(data for _, data in sections)])


class Tables:
    """The unpacked columns of the bundled file."""

    __slots__ = (
        "billable",
        "codes",
        "header",
        "notes",
        "notes_offsets",
        "parent",
        "present",
        "seventh",
        "title_history",
        "title_offsets",
        "titles",
    )

    def __init__(self, header: dict[str, Any], sections: dict[str, bytes]) -> None:
        self.header = header
        # "".split("\n") is [""]: a document without items has no codes.
        self.codes: list[str] = sections["code"].decode().split("\n") if header["items"] else []
        # Titles and notes stay in one string each and are sliced on demand.
        self.titles = sections["title"].decode()
        self.title_offsets = _array_from("I", sections["title_offsets"])
        self.parent = _array_from("i", sections["parent"])
        self.billable = _array_from("H", sections["billable"])
        self.present = _array_from("H", sections["present"])
        self.notes = sections["notes"].decode()
        self.notes_offsets = _array_from("I", sections["notes_offsets"])
        self.seventh: dict[str, list[list[str]]] = json.loads(sections["seventh"])
        self.title_history: dict[str, list[list[str]]] = json.loads(sections["title_history"])

    def title(self, idx: int) -> str | None:
        """The stored title of item ``idx`` (``None`` where no source has one)."""
        text = self.titles[self.title_offsets[idx] : self.title_offsets[idx + 1]]
        return None if text == UNTITLED else text

    def has_notes(self, idx: int) -> bool:
        """Whether item ``idx`` has notes."""
        return self.notes_offsets[idx + 1] > self.notes_offsets[idx]

    def item_notes(self, idx: int) -> dict[str, list[str]]:
        """The notes of item ``idx``, parsed on demand."""
        text = self.notes[self.notes_offsets[idx] : self.notes_offsets[idx + 1]]
        return json.loads(text) if text else {}

    def document(self) -> dict[str, Any]:
        """The whole document again, as plain data (for checks and tools)."""
        n = len(self.codes)
        return {
            "format": self.header["document_format"],
            "system": self.header["system"],
            "tabular_release": self.header["tabular_release"],
            "releases": self.header["releases"],
            "items": {
                "code": list(self.codes),
                "parent": list(self.parent),
                "title": [self.title(i) for i in range(n)],
                "billable": list(self.billable),
                "present": list(self.present),
            },
            "seventh": self.seventh,
            "notes": {self.codes[i]: self.item_notes(i) for i in range(n) if self.has_notes(i)},
            "title_history": self.title_history,
        }


def unpack(blob: bytes) -> Tables:
    """Read the bundled layout.

    Raises:
        ValueError: if ``blob`` is not a medoffice ICD-10-CM file of this format.

    >>> unpack(b"not it")
    Traceback (most recent call last):
        ...
    ValueError: not a medoffice ICD-10-CM data file
    """
    if not blob.startswith(_MAGIC):
        msg = "not a medoffice ICD-10-CM data file"
        raise ValueError(msg)
    end = blob.index(b"\n", len(_MAGIC))
    header: dict[str, Any] = json.loads(blob[len(_MAGIC) : end])
    if header.get("format") != _FORMAT:
        msg = f"unsupported ICD-10-CM data format {header.get('format')!r}"
        raise ValueError(msg)
    sections: dict[str, bytes] = {}
    offset = end + 1
    for name, size in header["sections"]:
        sections[name] = blob[offset : offset + size]
        offset += size
    if offset != len(blob):
        msg = "the ICD-10-CM data file is truncated or has trailing bytes"
        raise ValueError(msg)
    return Tables(header, sections)
