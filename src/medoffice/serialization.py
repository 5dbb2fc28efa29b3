"""Plain-dict conversion for every public medoffice value, through cattrs.

``to_dict`` gives JSON-ready data: ``Decimal`` as a string (``"125.50"``),
``date``, ``time`` and ``datetime`` as ISO 8601 text (datetimes must be
timezone-aware), ``timedelta`` as an ISO 8601 duration (``"PT1H30M"``),
enums by value, tuples as lists and frozensets as sorted lists. ``from_dict``
reverses it and reports *every* structuring problem at once as
:class:`~medoffice.exceptions.ValidationFailed`, each with the path of the field.
Messages never repeat the offending value, which may be patient data.

>>> from medoffice.exceptions import Problem
>>> p = Problem(path="claim.lines[0].units", code="line.units", message="must be positive")
>>> data = to_dict(p)
>>> data
{'path': 'claim.lines[0].units', 'code': 'line.units', 'severity': 'error', 'message': 'must be positive'}
>>> from_dict(data, Problem) == p
True
>>> from_dict({"path": "x", "code": "a.b", "severity": "fatal"}, Problem)
Traceback (most recent call last):
    ...
medoffice.exceptions.ValidationFailed: 2 errors: severity: invalid value for this field (expected Severity) [serialization.invalid]; message: a required field is missing [serialization.missing]
>>> from_dict({"path": "x", "code": "no dots", "message": "m"}, Problem)
Traceback (most recent call last):
    ...
medoffice.exceptions.ValidationFailed: 1 error: code: must be a dotted lower-case identifier such as 'npi.checksum' [serialization.invalid]

Use :func:`make_converter` for a converter of your own that knows medoffice's
types, or :func:`configure_converter` to teach an existing one.
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
import types
import typing
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.errors import (
    BaseValidationError,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)

from medoffice.exceptions import MedofficeError, Problem, ValidationFailed

__all__ = ["configure_converter", "from_dict", "make_converter", "to_dict"]

T = TypeVar("T")

# attrs' gt/ge/lt/le and min_len/max_len validators raise ValueError(message) alone,
# without the attribute: "'units' must be > 0: -5", "Length of 'name' must be <= 3: 6".
# The name and the rule are read back from the message; the value after them is not.
_FIELD_RULE_RE = re.compile(r"([a-z_][a-z0-9_]*): (.+)", re.DOTALL)
_ATTRS_BOUND_RE = re.compile(r"(Length of )?'(\w+)' must be ([<>]=? .*?): ")


def _unstructure_decimal(value: decimal.Decimal) -> str:
    return str(value)


def _structure_decimal(value: object, _cls: type) -> decimal.Decimal:
    if isinstance(value, decimal.Decimal):
        result = value
    elif isinstance(value, bool) or not isinstance(value, (str, int)):
        # Floats are refused: they have already lost the cents.
        msg = "a decimal amount must be given as a string or an integer"
        raise TypeError(msg)
    else:
        try:
            result = decimal.Decimal(value)
        except decimal.InvalidOperation:
            msg = "not a decimal number"
            raise ValueError(msg) from None
    if not result.is_finite():
        msg = "a decimal amount must be finite"
        raise ValueError(msg)
    return result


def _structure_str(value: object, _cls: type) -> str:
    if not isinstance(value, str):
        # cattrs would call str() on anything; a number where text belongs is
        # more likely a mistake than an intent (1.0 would become "1.0").
        msg = "expected text"
        raise TypeError(msg)
    return value


def _structure_date(value: object, _cls: type) -> dt.date:
    if isinstance(value, dt.datetime):
        msg = "expected a date, got a datetime"
        raise TypeError(msg)
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        msg = "a date must be ISO 8601 text (YYYY-MM-DD)"
        raise TypeError(msg)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        msg = "a date must be ISO 8601 text (YYYY-MM-DD)"
        raise ValueError(msg) from None


def _structure_datetime(value: object, _cls: type) -> dt.datetime:
    if isinstance(value, dt.datetime):
        result = value
    elif isinstance(value, str):
        try:
            result = dt.datetime.fromisoformat(value)
        except ValueError:
            msg = "a datetime must be ISO 8601 text"
            raise ValueError(msg) from None
    else:
        msg = "a datetime must be ISO 8601 text"
        raise TypeError(msg)
    if result.tzinfo is None or result.utcoffset() is None:
        msg = "a datetime must carry a UTC offset (naive datetimes are refused)"
        raise ValueError(msg)
    return result


def _unstructure_datetime(value: dt.datetime) -> str:
    if value.tzinfo is None or value.utcoffset() is None:
        msg = "a datetime must carry a UTC offset (naive datetimes are refused)"
        raise ValueError(msg)
    return value.isoformat()


_DURATION_RE = re.compile(
    r"(-)?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(?:\.(\d{1,6}))?S)?)?"
)


def _unstructure_timedelta(value: dt.timedelta) -> str:
    sign = "-" if value < dt.timedelta(0) else ""
    value = abs(value)
    hours, rest = divmod(value.seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    out = f"{sign}P{value.days}D" if value.days else f"{sign}P"
    clock = ""
    if hours:
        clock += f"{hours}H"
    if minutes:
        clock += f"{minutes}M"
    if seconds or value.microseconds:
        fraction = f".{value.microseconds:06d}".rstrip("0") if value.microseconds else ""
        clock += f"{seconds}{fraction}S"
    if clock:
        out += "T" + clock
    return out if out[-1] != "P" else out + "T0S"


def _structure_timedelta(value: object, _cls: type) -> dt.timedelta:
    if isinstance(value, dt.timedelta):
        return value
    msg = "a duration must be ISO 8601 text such as 'PT30M' or 'P1DT2H'"
    if not isinstance(value, str):
        raise TypeError(msg)
    match = _DURATION_RE.fullmatch(value)
    if match is None or value.rstrip("T").endswith("P") or value.endswith("T"):
        raise ValueError(msg)
    neg, weeks, days, hours, minutes, seconds, fraction = match.groups()
    result = dt.timedelta(
        weeks=int(weeks or 0),
        days=int(days or 0),
        hours=int(hours or 0),
        minutes=int(minutes or 0),
        seconds=int(seconds or 0),
        microseconds=int((fraction or "0").ljust(6, "0")),
    )
    return -result if neg else result


def _structure_time(value: object, _cls: type) -> dt.time:
    if isinstance(value, dt.time):
        return value
    msg = "a time of day must be ISO 8601 text (HH:MM or HH:MM:SS)"
    if not isinstance(value, str):
        raise TypeError(msg)
    try:
        return dt.time.fromisoformat(value)
    except ValueError:
        raise ValueError(msg) from None


_UNIONS = (typing.Union, types.UnionType)


def _is_date_or_datetime(cls: Any) -> bool:
    """``date | datetime`` (optionally ``| None``): a day or an instant."""
    args = set(typing.get_args(cls)) if typing.get_origin(cls) in _UNIONS else set()
    return {dt.date, dt.datetime} <= args <= {dt.date, dt.datetime, type(None)}


def _structure_date_or_datetime(value: object, cls: Any) -> dt.date | dt.datetime | None:
    if value is None and type(None) in typing.get_args(cls):
        return None
    if isinstance(value, str) and "T" not in value.upper() and len(value) <= 10:
        return _structure_date(value, dt.date)
    return _structure_datetime(value, dt.datetime)


def _sort_key(item: object) -> tuple[str, str]:
    return (type(item).__name__, repr(item))


def configure_converter(converter: cattrs.Converter) -> cattrs.Converter:
    """Teach ``converter`` medoffice's conventions and return it.

    ``Decimal`` ↔ string, ``date``/``datetime`` ↔ ISO 8601 (aware datetimes
    only), tuples ↔ lists, frozensets ↔ sorted lists. Enums go by value (the
    cattrs default). Text fields accept only ``str`` (cattrs would otherwise
    turn ``1.0`` into ``"1.0"``).

    >>> import cattrs, decimal
    >>> conv = configure_converter(cattrs.Converter())
    >>> conv.unstructure(decimal.Decimal("12.50")), conv.unstructure((1, 2))
    ('12.50', [1, 2])
    >>> conv.unstructure(frozenset({"b", "a"}))
    ['a', 'b']
    """
    converter.register_structure_hook(str, _structure_str)
    converter.register_unstructure_hook(decimal.Decimal, _unstructure_decimal)
    converter.register_structure_hook(decimal.Decimal, _structure_decimal)
    converter.register_unstructure_hook(dt.datetime, _unstructure_datetime)
    converter.register_structure_hook(dt.datetime, _structure_datetime)
    converter.register_unstructure_hook(dt.timedelta, _unstructure_timedelta)
    converter.register_structure_hook(dt.timedelta, _structure_timedelta)
    converter.register_unstructure_hook(dt.time, dt.time.isoformat)
    converter.register_structure_hook(dt.time, _structure_time)
    converter.register_structure_hook_func(_is_date_or_datetime, _structure_date_or_datetime)
    converter.register_unstructure_hook(dt.date, dt.date.isoformat)
    converter.register_structure_hook(dt.date, _structure_date)

    def tuple_hook(cls: Any) -> Callable[[Any], list[Any]]:
        def unstructure(value: Iterable[Any]) -> list[Any]:
            return [converter.unstructure(item) for item in value]

        return unstructure

    def frozenset_hook(cls: Any) -> Callable[[Any], list[Any]]:
        def unstructure(value: Iterable[Any]) -> list[Any]:
            return sorted((converter.unstructure(item) for item in value), key=_sort_key)

        return unstructure

    converter.register_unstructure_hook_factory(_is_tuple, tuple_hook)
    converter.register_unstructure_hook_factory(_is_frozenset, frozenset_hook)
    return converter


def _origin(cls: Any) -> Any:
    return getattr(cls, "__origin__", cls)


def _is_tuple(cls: Any) -> bool:
    return _origin(cls) is tuple


def _is_frozenset(cls: Any) -> bool:
    return _origin(cls) is frozenset


def make_converter() -> cattrs.Converter:
    """A new cattrs converter configured for medoffice.

    It validates in detail (every problem at once) and refuses unknown keys.

    >>> from medoffice.exceptions import Suggestion
    >>> make_converter().structure({"code": "I10", "reason": "r"}, Suggestion)
    Suggestion(code='I10', reason='r')
    """
    return configure_converter(cattrs.Converter(detailed_validation=True, forbid_extra_keys=True))


_CONVERTER: list[cattrs.Converter] = []


def _converter() -> cattrs.Converter:
    if not _CONVERTER:
        _CONVERTER.append(make_converter())
    return _CONVERTER[0]


def to_dict(obj: object) -> dict[str, Any]:
    """Convert a medoffice value (an attrs instance) to plain, JSON-ready data.

    Raises:
        TypeError: if ``obj`` is not an attrs instance.

    >>> from medoffice.exceptions import Suggestion
    >>> to_dict(Suggestion(code="W2189XA", reason="add the placeholder X"))
    {'code': 'W2189XA', 'reason': 'add the placeholder X'}
    """
    if not attrs.has(type(obj)):
        msg = f"to_dict: expected a medoffice value, got {type(obj).__name__}"
        raise TypeError(msg)
    result: dict[str, Any] = _converter().unstructure(obj)
    return result


def from_dict(data: object, cls: type[T]) -> T:
    """Build a ``cls`` from plain data, as :func:`to_dict` wrote it.

    Raises:
        ValidationFailed: with a :class:`~medoffice.exceptions.Problem` for every
            field that is missing, unexpected or invalid.

    >>> from medoffice.exceptions import Suggestion
    >>> from_dict({"code": "I10", "reason": "r", "extra": 1}, Suggestion)
    Traceback (most recent call last):
        ...
    medoffice.exceptions.ValidationFailed: 1 error: extra: this field is not expected [serialization.extra_key]
    """
    if not isinstance(data, dict):
        raise ValidationFailed(
            (
                Problem(
                    path="",
                    code="serialization.type",
                    message=f"expected a mapping to build a {cls.__name__}",
                ),
            )
        )
    try:
        return _converter().structure(data, cls)
    except (BaseValidationError, ValueError, TypeError, KeyError, MedofficeError) as exc:
        raise ValidationFailed(tuple(_problems(exc, "", None))) from None


def _join(path: str, part: str | int) -> str:
    if isinstance(part, int):
        return f"{path}[{part}]"
    return f"{path}.{part}" if path else part


def _field_rule(exc: BaseException, owner: Any) -> Problem | None:
    """A problem for a check in ``owner`` itself that names one of its fields.

    ``__attrs_post_init__`` checks and converters raise a plain ``ValueError``
    whose message starts with the field's name (``end: must be after start``).
    """
    args = exc.args
    if not (
        isinstance(exc, (ValueError, TypeError))
        and not isinstance(exc, MedofficeError)
        and len(args) == 1
        and isinstance(args[0], str)
        and owner is not None
        and attrs.has(owner)
    ):
        return None
    named = _FIELD_RULE_RE.fullmatch(args[0])
    if named is None or named.group(1) not in attrs.fields_dict(owner):
        return None
    return Problem(path=named.group(1), code="serialization.invalid", message=named.group(2))


def _problems(exc: BaseException, path: str, expected: Any) -> Iterable[Problem]:
    if isinstance(exc, (ClassValidationError, IterableValidationError)):
        with_notes, without_notes = exc.group_exceptions()
        for inner, note in with_notes:
            if isinstance(note, IterableValidationNote):
                sub = _join(path, note.index)
            else:
                sub = _join(path, note.name)
            yield from _problems(inner, sub, note.type)
        owner = exc.cl if isinstance(exc, ClassValidationError) else None
        for inner in without_notes:
            named = _field_rule(inner, owner)
            if named is not None:
                yield named.at(path)
            else:
                yield from _problems(inner, path, expected)
        return
    if isinstance(exc, ForbiddenExtraKeysError):
        for key in sorted(exc.extra_fields):
            yield Problem(
                path=_join(path, key),
                code="serialization.extra_key",
                message="this field is not expected",
            )
        return
    if isinstance(exc, ValidationFailed):
        yield from (p.at(path) for p in exc.problems)
        return
    if isinstance(exc, MedofficeError) and hasattr(exc, "problem"):
        yield exc.problem(path)
        return
    if isinstance(exc, KeyError):
        yield Problem(
            path=path, code="serialization.missing", message="a required field is missing"
        )
        return
    args = exc.args
    bound = (
        _ATTRS_BOUND_RE.match(args[0])
        if isinstance(exc, ValueError) and len(args) == 1 and isinstance(args[0], str)
        else None
    )
    if bound is not None:
        rule = f"must be {bound.group(3)}"
        message = f"its length {rule}" if bound.group(1) else rule
        sub = _join(path, bound.group(2))
        yield Problem(path=sub, code="serialization.invalid", message=message)
        return
    if len(args) >= 2 and isinstance(args[1], attrs.Attribute):
        # Raised by an attrs validator while building the value.
        path = _join(path, args[1].name)
        if isinstance(exc, ValueError) and len(args) == 2 and isinstance(args[0], str):
            # medoffice's own validators raise (message, attribute) with a
            # message that names the rule and never the value.
            message = args[0].removeprefix(f"{args[1].name}: ")
            yield Problem(path=path, code="serialization.invalid", message=message)
            return
        expected = args[2] if len(args) >= 3 and isinstance(args[2], type) else args[1].type
    yield Problem(path=path, code="serialization.invalid", message=_invalid_message(expected))


def _invalid_message(expected: Any) -> str:
    if expected is None:
        return "invalid value for this field"
    name = getattr(expected, "__name__", None) or str(expected).replace("typing.", "")
    return f"invalid value for this field (expected {name})"
