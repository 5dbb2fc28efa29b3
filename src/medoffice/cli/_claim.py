"""``medoffice claim``: scrub claims, write them as an 837P, and read an 837P back.

The commands read a *claims file*: JSON (a path, or ``-`` for standard input)
holding what ``medoffice.serialization`` writes for the claims of a
:class:`~medoffice.claims.Batch`, with the envelope parties beside them::

    {
      "sender":   {"id": "TGJ23", "name": "SMITH FAMILY PRACTICE",
                   "contact_name": "JANE BILLER", "phone": "2175551234"},
      "receiver": {"id": "66783JJT", "name": "ACME CLEARINGHOUSE"},
      "claims":   [{"account_number": "PATACCT001", "billing": {...}, ...}, ...]
    }

A file may also hold a single claim object, or a list of claims. A file that
cannot be read as claims is reported with every problem and its path.

- ``claim check FILE [--on DATE]``: every problem the scrubber finds, in the
  order of the claims' fields; exit status 1 if any is an error.
- ``claim build FILE [--sender ...] [--receiver ...] --control-number N
  [--created WHEN] [--usage T] [--line-breaks] [-o out.837]``: the 837P
  005010X222A1 interchange, or every problem and no file at all (an existing
  file is left as it was). ``--sender`` and ``--receiver`` take a JSON file or
  inline JSON (``{...}``) and override the file's own.
- ``claim read FILE.837 [-o claims.json]``: the claims file that ``check`` and
  ``build`` read, with the envelope (``header``) and the reader's warnings;
  ``build`` with the same control number and time gives back the same 837P.

Problems name fields and rules; patient names, member IDs, birth dates,
addresses and account numbers never appear in the output of ``check`` and
``build`` (``read`` writes the claims themselves, as asked).

>>> from medoffice.cli import main
>>> main(["claim", "read", "--help"])  # doctest: +ELLIPSIS
usage: medoffice claim read [-h] [--json] [-o OUTPUT] file
...
0
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from medoffice.cli._command import CliError, UsageError, add_command, add_group
from medoffice.cli._hcpcs import iso_date
from medoffice.cli._output import progress_bar, write_json, write_lines
from medoffice.exceptions import Problem, ValidationFailed
from medoffice.serialization import from_dict, to_dict

if TYPE_CHECKING:
    from medoffice.claims import Batch, Receiver, Submitter
    from medoffice.cli._command import Handler, Subparsers

__all__ = ["ClaimsFile", "load", "register", "to_file"]


@attrs.frozen(kw_only=True)
class ClaimsFile:
    """A claims file, structured: the batch and the envelope parties, if given.

    Attributes:
        batch: The claims.
        sender: The submitter given in the file, if any.
        receiver: The receiver given in the file, if any.

    >>> from medoffice.claims import Batch
    >>> ClaimsFile(batch=Batch(claims=())).sender is None
    True
    """

    batch: Batch
    sender: Submitter | None = None
    receiver: Receiver | None = None


def _parse_json(text: str, what: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        msg = f"{what} is not JSON (line {exc.lineno}, column {exc.colno})"
        raise CliError(msg) from None


#: The keys of a claims file that holds a batch (any other key is refused).
_FILE_KEYS = ("claims", "sender", "receiver", "header")


def load(text: str) -> ClaimsFile:
    """Read a claims file's text: a batch with parties, a list of claims, or one claim.

    An object with any of the keys ``claims``, ``sender``, ``receiver`` or
    ``header`` is a batch (``claims`` required; ``header``, as ``claim read``
    writes it, is ignored); any other object is one claim.

    Raises:
        CliError: if the text is not JSON or not a claims file's shape.
        medoffice.exceptions.ValidationFailed: with every problem in the file,
            each with its path (``claims[1].lines[0].charge``).

    >>> from medoffice.claims.examples import office_visit
    >>> from medoffice.serialization import to_dict
    >>> import json
    >>> f = load(json.dumps(to_dict(office_visit())))
    >>> len(f.batch.claims), f.sender
    (1, None)
    >>> load('{"sender": {"id": "TGJ23", "name": "SMITH FAMILY PRACTICE"}}')
    Traceback (most recent call last):
    ...
    medoffice.exceptions.ValidationFailed: 1 error: claims: a required field is missing [serialization.missing]
    """
    from medoffice.claims import Batch, Claim, Receiver, Submitter  # noqa: PLC0415

    data = _parse_json(text, "the claims file")
    if isinstance(data, list):
        return ClaimsFile(batch=from_dict({"claims": data}, Batch))
    if not isinstance(data, dict):
        msg = "the claims file must hold a JSON object (a batch or one claim) or a list of claims"
        raise CliError(msg)
    if not any(key in data for key in _FILE_KEYS):
        return ClaimsFile(batch=Batch(claims=(from_dict(data, Claim),)))
    problems: list[Problem] = []
    parts: dict[str, Any] = {}
    if data.get("claims") is None:
        problems.append(
            Problem(
                path="claims", code="serialization.missing", message="a required field is missing"
            )
        )
    for key, cls in (("claims", Batch), ("sender", Submitter), ("receiver", Receiver)):
        if data.get(key) is None:
            continue
        try:
            parts[key] = (
                from_dict({"claims": data[key]}, Batch)
                if cls is Batch
                else from_dict(data[key], cls)
            )
        except ValidationFailed as exc:
            problems += [p if cls is Batch else p.at(key) for p in exc.problems]
    problems += [
        Problem(path=key, code="serialization.unknown", message="not a field of a claims file")
        for key in sorted(set(data) - set(_FILE_KEYS))
    ]
    if problems:
        raise ValidationFailed(problems)
    return ClaimsFile(
        batch=parts["claims"], sender=parts.get("sender"), receiver=parts.get("receiver")
    )


def to_file(batch: Batch) -> dict[str, Any]:
    """A batch as claims-file data: the envelope parties, the claims, and the header.

    >>> from medoffice.claims import Batch
    >>> from medoffice.claims.examples import office_visit
    >>> sorted(to_file(Batch(claims=(office_visit(),))))
    ['claims']
    """
    data: dict[str, Any] = {"claims": [to_dict(claim) for claim in batch.claims]}
    if batch.header is not None:
        header = to_dict(batch.header)
        data["sender"] = header.pop("sender")
        data["receiver"] = header.pop("receiver")
        data["header"] = header
    return data


def _read_text(path: str, what: str) -> str:
    try:
        return sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        msg = f"{'standard input' if path == '-' else path}: the {what} is not UTF-8 text"
        raise CliError(msg) from None


def _party(value: str, cls: type[Any], option: str) -> Any:
    """``--sender`` / ``--receiver``: inline JSON (``{...}``) or a JSON file."""
    inline = value.lstrip().startswith("{")
    text = value if inline else _read_text(value, f"{option} file")
    data = _parse_json(text, option if inline else f"{value} ({option})")
    try:
        return from_dict(data, cls)
    except ValidationFailed as exc:
        raise ValidationFailed([p.at(option.lstrip("-")) for p in exc.problems]) from None


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _problem_line(problem: Problem) -> str:
    return f"{problem.severity.value.upper():7} {problem}"


def _report(
    args: argparse.Namespace, problems: Sequence[Problem], summary: str, **extra: Any
) -> None:
    """Every problem, one a line (or as JSON), then the summary."""
    errors = sum(p.is_error for p in problems)
    if args.json:
        write_json(
            {
                **extra,
                "errors": errors,
                "warnings": len(problems) - errors,
                "problems": [to_dict(p) for p in problems],
            }
        )
    else:
        write_lines([*(_problem_line(p) for p in problems), summary])


def _load_claims(args: argparse.Namespace) -> ClaimsFile | None:
    """The claims file named on the command line; ``None`` after reporting its problems."""
    try:
        return load(_read_text(args.file, "claims file"))
    except ValidationFailed as exc:
        _report(
            args,
            exc.problems,
            f"the claims file cannot be read: {_plural(len(exc.errors), 'error')}",
            claims=None,
        )
        return None


# -- check -------------------------------------------------------------------------


def _check(args: argparse.Namespace) -> int:
    from medoffice.claims import scrub_batch  # noqa: PLC0415

    claims_file = _load_claims(args)
    if claims_file is None:
        return 1
    count = len(claims_file.batch.claims)
    on = args.on or dt.date.today()  # the edge may read the clock
    found = scrub_batch(claims_file.batch, on=on, progress=progress_bar("scrubbing"))
    errors = sum(p.is_error for p in found)
    _report(
        args,
        found,
        f"{_plural(count, 'claim')}: {_plural(errors, 'error')}, "
        f"{_plural(len(found) - errors, 'warning')} (as of {on.isoformat()})",
        claims=count,
        on=on.isoformat(),
    )
    return 1 if errors else 0


# -- build -------------------------------------------------------------------------


def _created(text: str | None) -> dt.datetime:
    if text is None:
        return dt.datetime.now().astimezone()  # the edge may read the clock
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        msg = f"--created: not an ISO 8601 date-time: {text!r}"
        raise UsageError(msg) from None
    if value.tzinfo is None:
        msg = "--created: give a UTC offset (for example 2024-01-15T12:00:00-06:00)"
        raise UsageError(msg)
    return value


def _build(args: argparse.Namespace) -> int:
    from medoffice.claims import Receiver, Submitter, build_837p  # noqa: PLC0415

    created = _created(args.created)  # a usage error before any file is read
    claims_file = _load_claims(args)
    if claims_file is None:
        return 1
    sender = _party(args.sender, Submitter, "--sender") if args.sender else claims_file.sender
    receiver = (
        _party(args.receiver, Receiver, "--receiver") if args.receiver else claims_file.receiver
    )
    missing = [name for name, v in (("sender", sender), ("receiver", receiver)) if v is None]
    if sender is None or receiver is None:
        options = " and ".join(f"--{name}" for name in missing)
        msg = f"give {options}: the claims file has no {' and no '.join(missing)}"
        raise UsageError(msg)
    count = len(claims_file.batch.claims)
    try:
        text = build_837p(
            claims_file.batch,
            sender=sender,
            receiver=receiver,
            control_number=args.control_number,
            created=created,
            usage=args.usage,
            line_breaks=args.line_breaks,
            progress=progress_bar("building the 837P"),
        )
    except ValidationFailed as exc:
        _report(
            args,
            exc.problems,
            f"nothing written: {_plural(len(exc.errors), 'error')}",
            written=None,
            claims=count,
        )
        return 1
    if args.output in (None, "-"):
        if args.json:
            write_json({"written": None, "claims": count, "x12": text})
        else:
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return 0
    # build_837p refuses any character outside printable ASCII.
    Path(args.output).write_text(text, encoding="ascii", newline="")
    if args.json:
        write_json({"written": args.output, "claims": count, "characters": len(text)})
    else:
        write_lines([f"wrote {args.output}: {_plural(count, 'claim')}"])
    return 0


# -- read --------------------------------------------------------------------------


def _read(args: argparse.Namespace) -> int:
    from medoffice.claims import parse_837p  # noqa: PLC0415

    batch = parse_837p(_read_text(args.file, "837P file"))
    data = to_file(batch)
    if args.output in (None, "-"):
        write_json(data)
        return 0
    Path(args.output).write_text(
        json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    count = len(batch.claims)
    warnings = batch.header.warnings if batch.header is not None else ()
    if args.json:
        write_json(
            {
                "written": args.output,
                "claims": count,
                "warnings": [to_dict(p) for p in warnings],
            }
        )
    else:
        write_lines(
            [
                *(_problem_line(p) for p in warnings),
                f"wrote {args.output}: {_plural(count, 'claim')}, {_plural(len(warnings), 'warning')}",
            ]
        )
    return 0


def _control_number(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 999_999_999:
        msg = f"not a control number (1 to 999999999): {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return value


_CLAIMS_FILE = "the claims file (JSON), or - for standard input"


def _command(
    group: Subparsers,
    name: str,
    *,
    summary: str,
    description: str,
    handler: Handler,
    file_help: str,
) -> argparse.ArgumentParser:
    """A ``claim`` command and its ``file`` argument."""
    parser = add_command(group, name, summary=summary, description=description, handler=handler)
    parser.add_argument("file", help=file_help)
    return parser


def register(subparsers: Subparsers) -> None:
    """Add ``claim`` and its commands.

    >>> import argparse
    >>> root = argparse.ArgumentParser(prog="medoffice")
    >>> register(root.add_subparsers(dest="command"))
    >>> root.parse_args(["claim", "read", "in.837"]).file
    'in.837'
    """
    group = add_group(
        subparsers,
        "claim",
        summary="scrub claims, write an 837P, read one back",
        description="Scrub professional claims, write them as an X12 837P 005010X222A1 "
        "interchange, and read an 837P back into a claims file (JSON). See "
        "'medoffice claim COMMAND --help'.",
    )
    check = _command(
        group,
        "check",
        summary="list every problem in the claims",
        description="List every problem the scrubber finds; exit status 1 if any is an error.",
        handler=_check,
        file_help=_CLAIMS_FILE,
    )
    check.add_argument(
        "--on", type=iso_date, help="check as of this date (YYYY-MM-DD; default: today)"
    )

    build = _command(
        group,
        "build",
        summary="write the claims as an 837P",
        description="Scrub the claims and write them as an 837P 005010X222A1 interchange; "
        "with any error, list every problem and write nothing.",
        handler=_build,
        file_help=_CLAIMS_FILE,
    )
    build.add_argument("--sender", help="the submitter: a JSON file, or inline JSON")
    build.add_argument("--receiver", help="the receiver: a JSON file, or inline JSON")
    build.add_argument(
        "--control-number",
        type=_control_number,
        required=True,
        help="the interchange control number (1 to 999999999), unique per sender",
    )
    build.add_argument(
        "--created", help="when the batch is made (ISO 8601 with offset; default: now)"
    )
    build.add_argument(
        "--usage", choices=("P", "T"), default="P", help="P production (default) or T test"
    )
    build.add_argument(
        "--line-breaks", action="store_true", help="put a line break after each segment"
    )
    build.add_argument("-o", "--output", help="the 837P file to write (default: standard output)")

    read = _command(
        group,
        "read",
        summary="read an 837P into a claims file",
        description="Read an 837P 005010X222A1 file into a claims file (JSON), with the "
        "envelope and warnings for what the model does not hold.",
        handler=_read,
        file_help="the 837P file, or - for standard input",
    )
    read.add_argument("-o", "--output", help="the JSON file to write (default: standard output)")
