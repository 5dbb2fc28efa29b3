"""The ``medoffice`` command line: the one place in medoffice that does I/O.

It reads arguments, files and standard input, calls the pure library, and writes
to standard output (text, or JSON with ``--json``) and standard error. Exit
status: ``0`` success, ``1`` some input invalid (or an expected error, reported as
``medoffice: error: ...``), ``2`` usage error, ``130`` interrupted.

Commands are registered in :data:`_COMMANDS`: each command module has a
``register(subparsers)`` function that adds its parser and handler with
:func:`medoffice.cli._command.add_command`; see that module for the contract.

>>> main(["codes", "check", "icd10cm", "e119"])
OK  E11.9  (E119)
0
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from medoffice import __version__
from medoffice.cli import (
    _abbrev,
    _ar,
    _claim,
    _codes,
    _demo,
    _file,
    _hcpcs,
    _icd,
    _mpi,
    _pos,
    _remit,
    _schedule,
    _statement,
    _terms,
)
from medoffice.cli._command import CliError, Handler, UsageError
from medoffice.cli._output import describe_os_error, discard_stdout, error
from medoffice.exceptions import MedofficeError

if TYPE_CHECKING:
    from medoffice.cli._command import Subparsers

__all__ = ["main"]

#: The command modules' ``register`` functions, in the order ``--help`` lists them.
_COMMANDS: tuple[Callable[[Subparsers], None], ...] = (
    _codes.register,
    _icd.register,
    _hcpcs.register,
    _pos.register,
    _abbrev.register,
    _terms.register,
    _schedule.register,
    _claim.register,
    _remit.register,
    _ar.register,
    _statement.register,
    _file.register,
    _mpi.register,
    _demo.register,
)


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="medoffice",
        description="The desk work of a medical office: identifiers and codes, "
        "ICD-10-CM, HCPCS, place of service, order abbreviations and word parts; "
        "the schedule (conflicts, slots, meetings, views); claims (scrub, 837P out and "
        "back); billing (835 remittances, posting, statements, A/R aging); records (paper "
        "files in shelf order, the master patient index: duplicate charts and patient search).",
        epilog="Run 'medoffice demo' for a worked day at the office.",
    )
    parser.add_argument("--version", action="version", version=f"medoffice {__version__}")
    subparsers = parser.add_subparsers(
        title="commands", dest="command", metavar="COMMAND", required=True
    )
    for register in _COMMANDS:
        register(subparsers)
    return parser


def _take_extras(
    parser: argparse.ArgumentParser, args: argparse.Namespace, extras: list[str]
) -> None:
    """Give values that followed an option to the command's ``values_dest``.

    argparse fills a trailing ``nargs="*"`` positional only up to the first option
    and leaves the rest over; anything that looks like an option stays an error.
    """
    dest: str | None = args.values_dest
    unknown = [arg for arg in extras if arg.startswith("-") and arg != "-"]
    if dest is None or unknown:
        parser.error(f"unrecognized arguments: {' '.join(unknown or extras)}")
    setattr(args, dest, [*getattr(args, dest), *extras])


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``medoffice`` command line and return its exit status.

    Args:
        argv: The arguments, without the program name; ``sys.argv[1:]`` if ``None``.

    Returns:
        ``0`` on success, ``1`` if some input was invalid or an expected error
        occurred, ``2`` for a usage error, ``130`` if interrupted.

    >>> main(["codes", "check", "cpt", "99213"])
    OK  99213  (99213)
    0
    >>> main(["codes", "check", "npi", "123456789"])
    BAD npi.length: npi: must be exactly 10 digits  (input '123456789')
    1
    """
    parser = _build_parser()
    try:
        args, extras = parser.parse_known_args(argv)
        if extras:
            _take_extras(parser, args, extras)
    except SystemExit as exc:  # --help, --version, or a usage error (already printed)
        return int(exc.code or 0)
    handler: Handler = args.handler
    try:
        return handler(args)
    except UsageError as exc:
        command_parser: argparse.ArgumentParser = args.command_parser
        command_parser.print_usage(sys.stderr)
        print(f"{command_parser.prog}: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader went away (``medoffice demo | head``): stop quietly.
        discard_stdout()
        return 1
    except OSError as exc:
        error(describe_os_error(exc))
        return 1
    except (MedofficeError, CliError) as exc:
        error(str(exc))
        return 1
    except KeyboardInterrupt:
        error("interrupted")
        return 130
