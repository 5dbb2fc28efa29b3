"""Indexing: keeping a medical office's files findable, on paper and on disk.

The subpackage has one public module per job:

- :mod:`medoffice.indexing.numbering`: medical record numbers on the shelf
  (terminal-digit, middle-digit and straight-numeric order, colour bands, misfiles,
  unit / serial / serial-unit numbering and check digits).
- :mod:`medoffice.indexing.alphabetic`: alphabetic filing keys, unit by unit.
- :mod:`medoffice.indexing.retention`: when a record may be destroyed, under a
  policy given as parameters.
- :mod:`medoffice.indexing.patients`: the master patient index, which finds
  duplicate charts and searches patients.
- :mod:`medoffice.indexing.documents`: the document index, which files every
  scanned or faxed document under its patient.

Import the module you need; importing :mod:`medoffice.indexing` itself loads nothing.

>>> import medoffice.indexing
>>> medoffice.indexing.__name__
'medoffice.indexing'
"""

from __future__ import annotations

__all__: list[str] = []
