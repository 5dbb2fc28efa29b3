"""X12: the shared machinery of X12 EDI files (837, 835, 270/271), without transaction logic.

An X12 file is a sequence of *segments* (``NM1*85*2*SMITH FAMILY PRACTICE~``):
an id, then elements separated by the element separator, then the segment
terminator. A composite element holds components separated by the component
separator. Transactions (ST ... SE) sit in functional groups (GS ... GE) in an
interchange (ISA ... IEA). This package reads and writes segments and
envelopes, computes every count and trailer control number, and refuses any
value that would change the structure: X12 has no escape character.

>>> from medoffice.x12 import segment, text_problems, write_segments
>>> write_segments([segment("SV1", ("HC", "99213"), "125", "UN", "1")])
'SV1*HC:99213*125*UN*1~'
>>> [p.code for p in text_problems("5*3", "claims[0].note")]
['x12.delimiter']

See :func:`serialize` and :func:`parse` for whole interchanges, with their
envelopes and counts.
"""

from __future__ import annotations

from medoffice.x12._model import (
    Delimiters,
    Element,
    FunctionalGroup,
    Interchange,
    Segment,
    Transaction,
    Usage,
    segment,
)
from medoffice.x12._reader import parse, parse_all, tokenize
from medoffice.x12._text import clean_text, text_problems
from medoffice.x12._writer import serialize, write_segments

__all__ = [
    "Delimiters",
    "Element",
    "FunctionalGroup",
    "Interchange",
    "Segment",
    "Transaction",
    "Usage",
    "clean_text",
    "parse",
    "parse_all",
    "segment",
    "serialize",
    "text_problems",
    "tokenize",
    "write_segments",
]
