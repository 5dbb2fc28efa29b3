"""The subcommand registry: how a command module plugs into ``medoffice``.

A command module (``_codes.py``, ``_demo/``, later ``_icd.py``, ``_claim.py`` …)
exposes one function, ``register(subparsers)``, which adds its parser with
:func:`add_command` (a leaf command) or :func:`add_group` (a command with
subcommands of its own, such as ``codes check``). :func:`add_command` gives every
leaf command the shared ``--json`` flag and records its handler, a function
``handler(args) -> int`` that returns the exit status:

- ``0`` when everything went well;
- ``1`` when some input was invalid (the handler decides) or an expected error
  (:class:`~medoffice.exceptions.MedofficeError`, :class:`CliError`,
  :class:`OSError`) escaped it, which ``main`` reports on standard error;
- ``2`` for a usage error: argparse's own, or a :class:`UsageError` raised by the
  handler for a combination of arguments that argparse cannot check.

A command whose last positional takes any number of values (``nargs="*"``)
names it with ``values_dest=``: argparse stops filling such a positional at the
first option, so ``main`` hands it the values that follow options
(``codes check ndc --layout 4-4-2 1234567890``).

``register`` must stay cheap: import heavy library modules inside the handler.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias

__all__ = ["CliError", "Handler", "UsageError", "add_command", "add_group"]

if TYPE_CHECKING:
    #: What ``register(subparsers)`` receives.
    Subparsers: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]

#: A command's handler: takes the parsed arguments, returns the exit status.
Handler: TypeAlias = Callable[[argparse.Namespace], int]


class UsageError(Exception):
    """Arguments that parse but do not make sense together (exit status 2).

    ``main`` prints the command's usage line and ``<prog>: error: <message>``.

    >>> str(UsageError("--layout applies to ndc only"))
    '--layout applies to ndc only'
    """


class CliError(Exception):
    """An expected failure at the edge, such as unreadable input (exit status 1).

    ``main`` prints ``medoffice: error: <message>`` without a traceback.

    >>> str(CliError("stdin: the input is not valid text"))
    'stdin: the input is not valid text'
    """


def add_command(
    subparsers: Subparsers,
    name: str,
    *,
    summary: str,
    description: str,
    handler: Handler,
    epilog: str | None = None,
    values_dest: str | None = None,
) -> argparse.ArgumentParser:
    """Add a leaf command with the shared ``--json`` flag and its handler.

    Args:
        subparsers: Where to add it (the root's, or a group's from :func:`add_group`).
        name: The command's name on the command line.
        summary: One line for the parent's list of commands.
        description: The text at the top of the command's ``--help``.
        handler: The function that runs the command and returns the exit status.
        epilog: Text at the end of ``--help`` (examples), kept as written.
        values_dest: The ``dest`` of a trailing ``nargs="*"`` positional that also
            takes the values given after options.

    Returns:
        The command's parser, to add its own arguments to.

    >>> import argparse
    >>> root = argparse.ArgumentParser(prog="medoffice")
    >>> sub = root.add_subparsers(dest="command", required=True)
    >>> def hello(args: argparse.Namespace) -> int:
    ...     print("hello", "json" if args.json else "text")
    ...     return 0
    >>> parser = add_command(sub, "hello", summary="say hello",
    ...                      description="Say hello.", handler=hello)
    >>> args = root.parse_args(["hello", "--json"])
    >>> args.handler(args)
    hello json
    0
    """
    parser = subparsers.add_parser(
        name,
        help=summary,
        description=description,
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="write machine-readable JSON to standard output",
    )
    parser.set_defaults(handler=handler, command_parser=parser, values_dest=values_dest)
    return parser


def add_group(subparsers: Subparsers, name: str, *, summary: str, description: str) -> Subparsers:
    """Add a command that only groups subcommands (``medoffice codes check``).

    Args:
        subparsers: Where to add the group.
        name: The group's name on the command line.
        summary: One line for the parent's list of commands.
        description: The text at the top of the group's ``--help``.

    Returns:
        The group's subparsers, for :func:`add_command`. One of them is required.

    >>> import argparse
    >>> root = argparse.ArgumentParser(prog="medoffice")
    >>> sub = root.add_subparsers(dest="command", required=True)
    >>> group = add_group(sub, "codes", summary="identifiers", description="Codes.")
    >>> _ = add_command(group, "check", summary="check", description="Check.",
    ...                 handler=lambda args: 0)
    >>> root.parse_args(["codes", "check"]).codes_command
    'check'
    """
    parser = subparsers.add_parser(
        name,
        help=summary,
        description=description,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    return parser.add_subparsers(
        title="commands", dest=f"{name}_command", metavar="COMMAND", required=True
    )
