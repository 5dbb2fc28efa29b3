"""``medoffice terms``: take medical words apart into prefixes, combining forms and suffixes.

``medoffice terms explain WORD...`` prints a block per word: the breakdown and
the meanings, then one row per part (text in the word, the part as the table
writes it, its kind, its meaning)::

    cholecystectomy = cholecyst/ectomy: gallbladder + surgical removal
      cholecyst  cholecyst/o  combining form  gallbladder
      ectomy     -ectomy      suffix          surgical removal

Letters that no part explains are shown in brackets, with ``?`` for a meaning;
the exit status is then 1. ``medoffice terms part PART`` looks a part up by any
spelling (``cardio``, ``cardi/o``, ``itis``, ``hyper-``).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from medoffice.cli._command import add_command, add_group
from medoffice.cli._output import write_json, write_lines

if TYPE_CHECKING:
    from medoffice.cli._command import Subparsers
    from medoffice.terminology.wordparts import Explanation, Segment, WordPart

__all__ = ["explanation_lines", "part_lines", "register"]


def _row(segment: Segment) -> tuple[str, str, str, str]:
    part = segment.part
    if part is None:
        return (segment.notation, "?", "-", "not in the word-part table")
    meaning = part.meaning
    for other in segment.homographs:
        meaning += f"; or {other.part}: {other.meaning}"
    return (segment.notation, part.part, part.kind.label, meaning)


def _table(rows: list[tuple[str, ...]], indent: str = "  ") -> list[str]:
    widths = [max(len(row[k]) for row in rows) for k in range(len(rows[0]) - 1)]
    return [
        indent
        + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False))
        + "  "
        + row[-1]
        for row in rows
    ]


def explanation_lines(explanation: Explanation, *, count_others: bool = True) -> list[str]:
    """The text block for one explanation: a header line, then a row per segment.

    The header notes an incomplete explanation and, unless ``count_others`` is
    false, how many other readings score as well.

    >>> from medoffice.terminology.wordparts import explain
    >>> for line in explanation_lines(explain("zzzitis")):
    ...     print(line)
    zzzitis = [zzz]/itis: ? + inflammation (not fully explained)
      [zzz]  ?      -       not in the word-part table
      itis   -itis  suffix  inflammation
    >>> explanation_lines(explain("anemia"))[0]
    'anemia = an/emia: without, not + blood condition (1 other reading scores as well)'
    """
    e = explanation
    notes = []
    if not e.complete:
        notes.append("not fully explained")
    if e.alternatives and count_others:
        plural = "reading scores" if e.alternatives == 1 else "readings score"
        notes.append(f"{e.alternatives} other {plural} as well")
    note = f" ({'; '.join(notes)})" if notes else ""
    header = f"{e.term} = {e.notation}: {e.gloss}{note}"
    return [header, *_table([_row(s) for s in e.segments])]


def part_lines(part: WordPart) -> list[str]:
    """The text block for one word part.

    >>> from medoffice.terminology.wordparts import lookup
    >>> for line in part_lines(lookup("cardio")[0]):
    ...     print(line)
    cardi/o  combining form  heart
      spellings: cardi, cardio
      examples: cardiology, carditis
    """
    lines = [
        f"{part.part}  {part.kind.label}  {part.meaning}",
        f"  spellings: {', '.join(part.forms)}",
    ]
    if part.examples:
        lines.append(f"  examples: {', '.join(part.examples)}")
    return lines


def _words(values: Iterable[str]) -> Iterator[str]:
    for value in values:
        yield from value.split()


def _explanation_json(explanation: Explanation) -> dict[str, Any]:
    from medoffice.serialization import to_dict  # noqa: PLC0415

    data = to_dict(explanation)
    data.update(
        complete=explanation.complete, gloss=explanation.gloss, notation=explanation.notation
    )
    return data


def _explain(args: argparse.Namespace) -> int:
    from medoffice.exceptions import InvalidCode  # noqa: PLC0415
    from medoffice.terminology.wordparts import readings  # noqa: PLC0415

    limit = 10 if args.all else 1
    blocks: list[list[str]] = []
    results: list[dict[str, Any]] = []
    status = 0
    for word in _words(args.words):
        try:
            found = readings(word, limit=limit)
        except InvalidCode as exc:
            status = 1
            blocks.append([f"{word}: cannot be explained: {exc.message} [{exc.code}]"])
            results.append({"input": word, "error": {"code": exc.code, "message": exc.message}})
            continue
        best = found[0]
        if not best.complete:
            status = 1
        block = explanation_lines(best)
        for other in found[1:]:
            lines = explanation_lines(other, count_others=False)
            block += ["  or:", *("  " + line for line in lines)]
        blocks.append(block)
        data = {"input": word, **_explanation_json(best)}
        if args.all:
            data["others"] = [_explanation_json(other) for other in found[1:]]
        results.append(data)
    if args.json:
        write_json(results)
    else:
        write_lines(line for k, block in enumerate(blocks) for line in ([""] if k else []) + block)
    return status


def _part(args: argparse.Namespace) -> int:
    from medoffice.serialization import to_dict  # noqa: PLC0415
    from medoffice.terminology.wordparts import lookup  # noqa: PLC0415

    found = lookup(args.part)  # UnknownCode: main reports it, with suggestions (exit 1)
    if args.json:
        write_json([to_dict(part) for part in found])
    else:
        write_lines(
            line for k, part in enumerate(found) for line in ([""] if k else []) + part_lines(part)
        )
    return 0


_EXPLAIN_EPILOG = """\
output:
  <word> = <breakdown>: <meanings>  (notes)
    <text in the word>  <part>  <kind>  <meaning>
  A connecting vowel shows as gastr/o, a dropped vowel as card(i), letters no
  part explains as [zzz] with the meaning '?'. A quoted phrase is split into
  words; a word must be letters only.

exit status: 0 every word fully explained, 1 any word not (or not a word),
2 usage error.

examples:
  medoffice terms explain cholecystectomy
  medoffice terms explain "otitis media" hepatomegaly
  medoffice terms explain --all anemia
  medoffice terms explain --json gastroenterology
"""

_PART_EPILOG = """\
A suffix starts with a hyphen, so put -- before it (or leave the hyphen off):
  medoffice terms part -- -itis
  medoffice terms part itis
  medoffice terms part cardi/o
  medoffice terms part hyper-

exit status: 0 found, 1 not in the table (with suggestions), 2 usage error.
"""


def register(subparsers: Subparsers) -> None:
    """Add ``terms`` and its subcommands ``explain`` and ``part`` to the command line.

    >>> import argparse
    >>> root = argparse.ArgumentParser(prog="medoffice")
    >>> register(root.add_subparsers(dest="command", required=True))
    >>> args = root.parse_args(["terms", "explain", "hepatitis"])
    >>> args.handler(args)
    hepatitis = hepat/itis: liver + inflammation
      hepat  hepat/o  combining form  liver
      itis   -itis    suffix          inflammation
    0
    """
    terms = add_group(
        subparsers,
        "terms",
        summary="medical terms: take words apart into prefixes, roots and suffixes",
        description="Medical terminology from medoffice's word-part table.",
    )
    explain = add_command(
        terms,
        "explain",
        summary="explain medical words by their parts",
        description=(
            "Take each WORD apart into prefixes, combining forms and suffixes, and\n"
            "give the meaning of each part. Say so when a word cannot be fully explained."
        ),
        handler=_explain,
        epilog=_EXPLAIN_EPILOG,
        values_dest="words",
    )
    explain.add_argument("words", metavar="WORD", nargs="+", help="a medical word")
    explain.add_argument(
        "--all",
        action="store_true",
        help="also show the other readings that score as well as the best (up to 10)",
    )
    part = add_command(
        terms,
        "part",
        summary="look up a prefix, combining form or suffix",
        description="Show the word parts spelled PART, with their meaning and examples.",
        handler=_part,
        epilog=_PART_EPILOG,
    )
    part.add_argument("part", metavar="PART", help="a spelling: cardio, cardi/o, itis, hyper-")
