"""The medoffice error hierarchy and :class:`Problem`.

Every error medoffice raises is a :class:`MedofficeError` and also the matching
builtin, so callers that only know ``ValueError`` or ``LookupError`` still catch
it:

- :class:`InvalidCode` (a ``ValueError``) for an identifier or code whose *form*
  is wrong, with the subclasses :class:`InvalidFormat`, :class:`InvalidLength`,
  :class:`InvalidChecksum` and :class:`InvalidComponent`;
- :class:`UnknownCode` (a ``LookupError``) for a well-formed code that a code set
  does not know, with :class:`Suggestion` values that fix the common mistakes;
- :class:`ValidationFailed` (a ``ValueError``) for an aggregate (a claim, a
  remittance, a structured dict) with *every* :class:`Problem` found at once;
- :class:`ParseError` (a ``ValueError``) for text formats, with the position;
- :class:`LocalTimeError` (a ``ValueError``) for a wall-clock time that does not
  exist (spring forward) or exists twice (fall back) when the policy is to raise.

Messages name the field and the rule. They never contain patient-identifying
values (names, birth dates, member IDs, addresses, SSNs).

>>> from medoffice.codes import npi
>>> try:
...     npi.validate("1234567890")
... except InvalidChecksum as exc:
...     print(exc.code, "|", exc, "|", isinstance(exc, ValueError))
npi.checksum | npi: the check digit does not match (Luhn over the 80840 prefix) | True
"""

from __future__ import annotations

import enum
import re
from typing import Any

import attrs

__all__ = [
    "InvalidChecksum",
    "InvalidCode",
    "InvalidComponent",
    "InvalidFormat",
    "InvalidLength",
    "LocalTimeError",
    "MedofficeError",
    "ParseError",
    "Problem",
    "Severity",
    "Suggestion",
    "UnknownCode",
    "ValidationFailed",
    "raise_for_errors",
]

_CODE_RE = re.compile(r"[a-z0-9_]+(?:\.[a-z0-9_]+)+")


class Severity(enum.Enum):
    """How bad a :class:`Problem` is.

    >>> Severity("warning") is Severity.WARNING
    True
    """

    ERROR = "error"
    WARNING = "warning"


def _check_code(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not _CODE_RE.fullmatch(value):
        msg = f"{attribute.name}: must be a dotted lower-case identifier such as 'npi.checksum'"
        raise ValueError(msg, attribute)


@attrs.frozen(kw_only=True)
class Problem:
    """One problem found in a value, with where it is and what rule it breaks.

    Attributes:
        path: Where the problem is, as an attribute path (``claim.lines[2].units``);
            empty for the value as a whole.
        code: A stable, dotted, machine-readable code (``npi.checksum``).
        severity: :attr:`Severity.ERROR` (the value must not be used) or
            :attr:`Severity.WARNING` (it may be used, but look again).
        message: A human message that names the field and the rule and never
            contains patient-identifying values.

    >>> p = Problem(path="claim.billing.npi", code="npi.checksum",
    ...             message="the check digit does not match")
    >>> str(p)
    'claim.billing.npi: the check digit does not match [npi.checksum]'
    >>> p.is_error
    True
    >>> Problem(path="", code="x.y", severity="warning", message="m").severity
    <Severity.WARNING: 'warning'>
    """

    path: str = attrs.field(validator=attrs.validators.instance_of(str))
    code: str = attrs.field(validator=[attrs.validators.instance_of(str), _check_code])
    severity: Severity = attrs.field(default=Severity.ERROR, converter=Severity)
    message: str = attrs.field(validator=attrs.validators.instance_of(str))

    @property
    def is_error(self) -> bool:
        """Whether this problem is an error (not a warning).

        >>> Problem(path="a", code="a.b", message="m").is_error
        True
        """
        return self.severity is Severity.ERROR

    def at(self, prefix: str) -> Problem:
        """Return this problem with its path placed under ``prefix``.

        >>> Problem(path="npi", code="npi.length", message="m").at("claim.billing").path
        'claim.billing.npi'
        >>> Problem(path="[0]", code="a.b", message="m").at("lines").path
        'lines[0]'
        >>> Problem(path="", code="a.b", message="m").at("claim").path
        'claim'
        """
        if not prefix:
            return self
        if not self.path:
            path = prefix
        elif self.path.startswith("["):
            path = prefix + self.path
        else:
            path = f"{prefix}.{self.path}"
        return attrs.evolve(self, path=path)

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{where}{self.message} [{self.code}]"


@attrs.frozen(kw_only=True)
class Suggestion:
    """A code that may be what the caller meant, and why.

    >>> Suggestion(code="W2189XA", reason="add the placeholder X")
    Suggestion(code='W2189XA', reason='add the placeholder X')
    """

    code: str = attrs.field(validator=attrs.validators.instance_of(str))
    reason: str = attrs.field(validator=attrs.validators.instance_of(str))


class MedofficeError(Exception):
    """The root of every error medoffice raises. It is never raised itself.

    >>> issubclass(InvalidChecksum, MedofficeError)
    True
    """


class InvalidCode(MedofficeError, ValueError):
    """An identifier or code whose form is wrong.

    Attributes:
        field: What kind of value was checked (``npi``, ``mbi``, ``icd10cm``).
        code: The stable dotted code of the rule that failed (``npi.checksum``).

    >>> err = InvalidFormat("ein: only digits and one hyphen are allowed",
    ...                     field="ein", code="ein.format")
    >>> err.problem("claim.billing.tax_id")
    Problem(path='claim.billing.tax_id', code='ein.format', severity=<Severity.ERROR: 'error'>, message='ein: only digits and one hyphen are allowed')
    """

    def __init__(self, message: str, *, field: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), (self.message,), {"field": self.field, "code": self.code}))

    def problem(self, path: str = "", severity: Severity = Severity.ERROR) -> Problem:
        """This error as a :class:`Problem` at ``path``.

        >>> InvalidLength("npi: must be 10 digits", field="npi",
        ...               code="npi.length").problem().path
        ''
        """
        return Problem(path=path, code=self.code, severity=severity, message=self.message)


class InvalidFormat(InvalidCode):
    """The value has characters or a layout that the code never has.

    >>> from medoffice.codes import npi
    >>> try:
    ...     npi.validate("12345678A3")
    ... except InvalidFormat as exc:
    ...     print(exc.field, exc.code)
    npi npi.format
    """


class InvalidLength(InvalidCode):
    """The value has the wrong number of characters.

    >>> from medoffice.codes import npi
    >>> try:
    ...     npi.validate("123456789")
    ... except InvalidLength as exc:
    ...     print(exc.field, exc.code)
    npi npi.length
    """


class InvalidChecksum(InvalidCode):
    """The value's check digit does not match the rest of it.

    >>> from medoffice.codes import npi
    >>> try:
    ...     npi.validate("1234567890")
    ... except InvalidChecksum as exc:
    ...     print(exc.field, exc.code)
    npi npi.checksum
    """


class InvalidComponent(InvalidCode):
    """A part of the value (a prefix, a position) holds something never issued.

    >>> from medoffice.codes import npi
    >>> try:
    ...     npi.validate("3234567891")
    ... except InvalidComponent as exc:
    ...     print(exc.field, exc.code)
    npi npi.prefix
    """


class UnknownCode(MedofficeError, LookupError):
    """A well-formed code that the code set does not know (on that date).

    Attributes:
        system: The code system asked (``icd10cm``, ``hcpcs``, ``pos``).
        code: The code as normalised (the caller's input, cleaned).
        suggestions: Codes that may be what the caller meant, each with a reason.

    >>> err = UnknownCode("icd10cm: W2189A is not a code", system="icd10cm",
    ...                   code="W2189A",
    ...                   suggestions=(Suggestion(code="W2189XA",
    ...                                           reason="add the placeholder X"),))
    >>> [s.code for s in err.suggestions]
    ['W2189XA']
    >>> isinstance(err, LookupError)
    True
    """

    def __init__(
        self,
        message: str,
        *,
        system: str,
        code: str,
        suggestions: tuple[Suggestion, ...] = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        self.system = system
        self.code = code
        self.suggestions = tuple(suggestions)

    def __reduce__(self) -> tuple[Any, ...]:
        kwargs = {"system": self.system, "code": self.code, "suggestions": self.suggestions}
        return (_rebuild, (type(self), (self.message,), kwargs))

    def __str__(self) -> str:
        if not self.suggestions:
            return self.message
        tips = "; ".join(f"{s.code} ({s.reason})" for s in self.suggestions[:5])
        more = f" and {len(self.suggestions) - 5} more" if len(self.suggestions) > 5 else ""
        return f"{self.message}; did you mean: {tips}{more}"


class ValidationFailed(MedofficeError, ValueError):
    """An aggregate value has problems; every one of them is in :attr:`problems`.

    >>> err = ValidationFailed((
    ...     Problem(path="lines[0].units", code="line.units", message="must be positive"),
    ...     Problem(path="", code="claim.note", severity="warning", message="long note"),
    ... ))
    >>> print(err)
    1 error, 1 warning: lines[0].units: must be positive [line.units]; long note [claim.note]
    >>> [p.code for p in err.errors]
    ['line.units']
    """

    def __init__(self, problems: tuple[Problem, ...] | list[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__(self._summary())

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.problems,))

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems that are errors.

        >>> ValidationFailed(()).errors
        ()
        """
        return tuple(p for p in self.problems if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """The problems that are warnings.

        >>> ValidationFailed(()).warnings
        ()
        """
        return tuple(p for p in self.problems if not p.is_error)

    def _summary(self) -> str:
        n_err = len(self.errors)
        n_warn = len(self.problems) - n_err
        counts = [f"{n_err} error{'s' if n_err != 1 else ''}"]
        if n_warn:
            counts.append(f"{n_warn} warning{'s' if n_warn != 1 else ''}")
        shown = "; ".join(str(p) for p in self.problems[:3])
        more = f"; and {len(self.problems) - 3} more" if len(self.problems) > 3 else ""
        return f"{', '.join(counts)}: {shown}{more}" if shown else "no problems"


class ParseError(MedofficeError, ValueError):
    """Text in a standard format that cannot be read, with where it went wrong.

    Attributes:
        code: A stable dotted code for the rule (``x12.isa.length``).
        segment: The 1-based number of the segment (or line) where reading failed,
            if known.
        element: The 1-based element position within that segment, if known.
        segment_id: The segment's identifier (``CLM``), if known.

    >>> err = ParseError("CLM02 must be a decimal amount", code="x12.element.decimal",
    ...                  segment=14, element=2, segment_id="CLM")
    >>> print(err)
    segment 14 (CLM), element 2: CLM02 must be a decimal amount
    """

    def __init__(
        self,
        message: str,
        *,
        code: str,
        segment: int | None = None,
        element: int | None = None,
        segment_id: str | None = None,
    ) -> None:
        self.message = message
        self.code = code
        self.segment = segment
        self.element = element
        self.segment_id = segment_id
        super().__init__(self._render())

    def __reduce__(self) -> tuple[Any, ...]:
        kwargs = {
            "code": self.code,
            "segment": self.segment,
            "element": self.element,
            "segment_id": self.segment_id,
        }
        return (_rebuild, (type(self), (self.message,), kwargs))

    def _render(self) -> str:
        where = []
        if self.segment is not None:
            seg = f"segment {self.segment}"
            if self.segment_id:
                seg += f" ({self.segment_id})"
            where.append(seg)
        if self.element is not None:
            where.append(f"element {self.element}")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message

    def problem(self, path: str = "") -> Problem:
        """This error as a :class:`Problem`.

        >>> ParseError("bad", code="x12.bad", segment=2).problem().message
        'segment 2: bad'
        """
        return Problem(path=path, code=self.code, message=str(self))


def _rebuild(cls: type[Exception], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Exception:
    return cls(*args, **kwargs)


def raise_for_errors(problems: tuple[Problem, ...] | list[Problem]) -> None:
    """Raise :class:`ValidationFailed` with all ``problems`` if any is an error.

    Warnings alone do not raise.

    >>> raise_for_errors([Problem(path="a", code="a.b", severity="warning", message="m")])
    >>> raise_for_errors([Problem(path="a", code="a.b", message="m")])
    Traceback (most recent call last):
    ...
    medoffice.exceptions.ValidationFailed: 1 error: a: m [a.b]
    """
    if any(p.is_error for p in problems):
        raise ValidationFailed(tuple(problems))


class LocalTimeError(MedofficeError, ValueError):
    """A local wall-clock time that is missing or repeated in its time zone.

    Raised when a time-zone policy says ``raise`` rather than guess.

    Attributes:
        code: ``time.nonexistent`` (skipped by a spring-forward change) or
            ``time.ambiguous`` (repeated by a fall-back change).
        local: The wall time, as ISO 8601 text without an offset.
        zone: The IANA time-zone name.

    >>> err = LocalTimeError("2025-03-09T02:30 does not exist in America/New_York",
    ...                      code="time.nonexistent", local="2025-03-09T02:30:00",
    ...                      zone="America/New_York")
    >>> err.code, isinstance(err, ValueError)
    ('time.nonexistent', True)
    """

    def __init__(self, message: str, *, code: str, local: str, zone: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.local = local
        self.zone = zone

    def __reduce__(self) -> tuple[Any, ...]:
        kwargs = {"code": self.code, "local": self.local, "zone": self.zone}
        return (_rebuild, (type(self), (self.message,), kwargs))
