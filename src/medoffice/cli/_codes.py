"""``medoffice codes``: check identifiers and codes from the command line.

``medoffice codes check KIND VALUE...`` prints one line per value, in order::

    OK  <display form>  (<compact form>)
    BAD <rule code>: <message>  (input '<value>')

The Medicare Beneficiary Identifier (``mbi``) is patient-identifying, so for it
the input is never echoed, and a valid MBI is shown masked (``****-***-MK73``)
unless ``--show-phi`` is given.
"""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TextIO

import attrs

from medoffice.cli._command import CliError, UsageError, add_command, add_group
from medoffice.cli._output import mask, write_json, write_lines
from medoffice.codes import KINDS, cpt, ein, hcpcs, icd10cm, mbi, modifier, ndc, npi, zipcode
from medoffice.exceptions import InvalidCode
from medoffice.serialization import to_dict

if TYPE_CHECKING:
    from medoffice.cli._command import Subparsers

__all__ = ["PHI_KINDS", "CheckError", "CheckResult", "check_value", "read_values", "register"]

# (validate, format) for each kind; NDC takes the layout of a bare 10-digit code.
_Functions = tuple[Callable[[str], str], Callable[[str], str]]
_SIMPLE: dict[str, _Functions] = {
    "cpt": (cpt.validate, cpt.format),
    "ein": (ein.validate, ein.format),
    "hcpcs": (hcpcs.validate, hcpcs.format),
    "icd10cm": (icd10cm.validate, icd10cm.format),
    "mbi": (mbi.validate, mbi.format),
    "modifier": (modifier.validate, modifier.format),
    "npi": (npi.validate, npi.format),
    "zipcode": (zipcode.validate, zipcode.format),
}

#: Kinds whose values identify a patient: never echoed, shown masked.
PHI_KINDS: frozenset[str] = frozenset({"mbi"})


def _functions(kind: str, layout: str | None) -> _Functions:
    if kind == "ndc":
        return (
            functools.partial(ndc.validate, layout=layout),
            functools.partial(ndc.format, layout=layout),
        )
    return _SIMPLE[kind]


@attrs.frozen(kw_only=True)
class CheckError:
    """Why a value was refused: the rule's stable code, the message, the error class.

    >>> CheckError(code="npi.length", message="npi: must be exactly 10 digits",
    ...            type="InvalidLength").code
    'npi.length'
    """

    code: str
    message: str
    type: str


@attrs.frozen(kw_only=True)
class CheckResult:
    """The verdict on one value, ready for display (PHI already masked).

    Attributes:
        kind: The identifier kind (``npi``, ``mbi`` …).
        input: The value as given, or ``None`` where it must not be shown.
        valid: Whether the value passed.
        compact: The compact (canonical) form, masked for PHI; ``None`` if invalid.
        display: The display form, masked for PHI; ``None`` if invalid.
        error: Why it was refused; ``None`` if valid.

    >>> check_value("ein", "123456789").line()
    'OK  12-3456789  (123456789)'
    """

    kind: str
    input: str | None
    valid: bool
    compact: str | None
    display: str | None
    error: CheckError | None

    def line(self) -> str:
        """One line of text: ``OK  <display>  (<compact>)`` or ``BAD <code>: <message>``.

        >>> check_value("npi", "123456789").line()
        "BAD npi.length: npi: must be exactly 10 digits  (input '123456789')"
        >>> check_value("mbi", "1EG4TE5MK7O").line()
        'BAD mbi.position: mbi: position 11 must be a digit'
        """
        if self.error is None:
            return f"OK  {self.display}  ({self.compact})"
        shown = "" if self.input is None else f"  (input {self.input!r})"
        return f"BAD {self.error.code}: {self.error.message}{shown}"

    def as_json(self) -> dict[str, Any]:
        """The result as JSON-ready data; ``input`` is left out where it is withheld.

        >>> data = check_value("mbi", "1EG4-TE5-MK73").as_json()
        >>> "input" in data, data["display"]
        (False, '****-***-MK73')
        """
        data = to_dict(self)
        if self.input is None:
            del data["input"]
        return data


def check_value(
    kind: str, value: str, *, layout: str | None = None, show_phi: bool = False
) -> CheckResult:
    """Check ``value`` as a ``kind`` and return the verdict, with PHI masked.

    Args:
        kind: One of :data:`medoffice.codes.KINDS`.
        value: The value as typed.
        layout: For ``ndc`` only: the layout of a bare 10-digit NDC.
        show_phi: Show patient identifiers (``mbi``) in full.

    >>> check_value("icd10cm", "e119").display
    'E11.9'
    >>> check_value("mbi", "1eg4te5mk73").compact
    '*******MK73'
    >>> check_value("mbi", "1eg4te5mk73", show_phi=True).compact
    '1EG4TE5MK73'
    >>> check_value("ndc", "1234567890", layout="4-4-2").display
    '01234-5678-90'
    """
    validate, display = _functions(kind, layout)
    hidden = kind in PHI_KINDS and not show_phi
    shown_input = None if hidden else value
    try:
        compact = validate(value)
        shown = display(value)
    except InvalidCode as exc:
        error = CheckError(code=exc.code, message=exc.message, type=type(exc).__name__)
        return CheckResult(
            kind=kind, input=shown_input, valid=False, compact=None, display=None, error=error
        )
    if hidden:
        compact, shown = mask(compact), mask(shown)
    return CheckResult(
        kind=kind, input=shown_input, valid=True, compact=compact, display=shown, error=None
    )


def read_values(stream: TextIO) -> list[str]:
    r"""Read values one per line, stripped; blank lines are skipped.

    Raises:
        CliError: if the input cannot be decoded.

    >>> import io
    >>> read_values(io.StringIO("1234567893\n\n  1245319599  \n"))
    ['1234567893', '1245319599']
    """
    try:
        return [stripped for line in stream if (stripped := line.strip())]
    except UnicodeDecodeError:
        msg = "stdin: the input is not text in the expected encoding (UTF-8)"
        raise CliError(msg) from None


def _values(args: argparse.Namespace) -> Iterable[str]:
    values: list[str] = args.values
    from_stdin: bool = args.stdin
    if not values and not from_stdin:
        msg = "give at least one VALUE, '-' to read standard input, or --stdin"
        raise UsageError(msg)
    if values.count("-") + from_stdin > 1:
        msg = "standard input can be read once: give '-' once, or --stdin"
        raise UsageError(msg)
    for value in [*values, "-"] if from_stdin else values:
        if value == "-":
            yield from read_values(sys.stdin)
        else:
            yield value


def _check(args: argparse.Namespace) -> int:
    kind: str = args.kind
    layout: str | None = args.layout
    if layout is not None and kind != "ndc":
        msg = "--layout applies to ndc only"
        raise UsageError(msg)
    results = [
        check_value(kind, value, layout=layout, show_phi=args.show_phi) for value in _values(args)
    ]
    if args.json:
        write_json([result.as_json() for result in results])
    else:
        write_lines(result.line() for result in results)
    return 0 if all(result.valid for result in results) else 1


_CHECK_EPILOG = """\
output:
  OK  <display form>  (<compact form>)
  BAD <rule code>: <message>  (input '<value>')
  MBIs are patient data: never echoed, and shown masked unless --show-phi.

exit status: 0 all valid, 1 any invalid, 2 usage error.

examples:
  medoffice codes check npi 1234567893 1234567890
  medoffice codes check icd10cm e119 i10
  medoffice codes check ndc --layout 4-4-2 1234567890
  medoffice codes check --json mbi 1EG4-TE5-MK73
  cut -f3 providers.tsv | medoffice codes check npi --stdin
"""


def register(subparsers: Subparsers) -> None:
    """Add ``codes`` and its subcommand ``check`` to the command line.

    >>> from medoffice.cli import main
    >>> main(["codes", "check", "zipcode", "12345-6789"])
    OK  12345-6789  (123456789)
    0
    """
    codes = add_group(
        subparsers,
        "codes",
        summary="check identifiers and codes (NPI, EIN, MBI, NDC, ICD-10-CM ...)",
        description="Check the form of identifiers and codes.",
    )
    check = add_command(
        codes,
        "check",
        summary="check values of one kind",
        description=(
            "Check each VALUE as a KIND and print one line per value.\n"
            "Give '-' (or --stdin) to read values from standard input, one per line."
        ),
        handler=_check,
        epilog=_CHECK_EPILOG,
        values_dest="values",
    )
    check.add_argument("kind", metavar="KIND", choices=KINDS, help=f"one of: {', '.join(KINDS)}")
    check.add_argument(
        "values", metavar="VALUE", nargs="*", default=[], help="a value to check, or '-'"
    )
    check.add_argument(
        "--stdin", action="store_true", help="read values from standard input, one per line"
    )
    check.add_argument(
        "--layout",
        choices=tuple(ndc.LAYOUTS),
        help="ndc only: the layout of bare 10-digit NDCs",
    )
    check.add_argument(
        "--show-phi",
        action="store_true",
        help="show patient identifiers (mbi) in full instead of masked",
    )
