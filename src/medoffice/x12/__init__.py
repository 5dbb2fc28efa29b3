"""X12: the shared machinery of X12 EDI files (837, 835, 270/271), without transaction logic.

An X12 file is a sequence of *segments* (``NM1*85*2*SMITH FAMILY PRACTICE~``):
an id, then elements separated by the element separator, then the segment
terminator. A composite element holds components separated by the component
separator. Transactions (ST ... SE) sit in functional groups (GS ... GE) in an
interchange (ISA ... IEA). This package reads and writes segments and
envelopes, computes every count and trailer control number, and refuses any
value that would change the structure: X12 has no escape character.

>>> from datetime import datetime, timezone
>>> from medoffice.x12 import (FunctionalGroup, Interchange, Transaction, parse,
...                            segment, serialize)
>>> created = datetime(2024, 1, 15, 12, 0, tzinfo=timezone.utc)
>>> body = (segment("BHT", "0019", "00", "0123", "20240115", "1200", "CH"),)
>>> i = Interchange(sender_id="SENDERID", receiver_id="RECEIVERID", control_number=1,
...                 created=created, usage="T", groups=[FunctionalGroup(
...     functional_id="HC", sender_code="SENDERID", receiver_code="RECEIVERID",
...     control_number=1, created=created, version="005010X222A1",
...     transactions=[Transaction(set_id="837", control_number="0001",
...                               implementation="005010X222A1", body=body)])])
>>> text = serialize(i)
>>> text[-33:]
'SE*3*0001~GE*1*1~IEA*1*000000001~'
>>> parse(text) == i
True
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
