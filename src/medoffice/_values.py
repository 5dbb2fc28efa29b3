"""Private helpers for frozen attrs values, shared by layers that may not import each other.

:func:`draft` builds values on the hot paths that read bulk data (terminology's
code sets, the X12 reader, billing's 835 reader and ledger); :func:`require_aware`
is the one check of an aware datetime (scheduling and the document index). It
imports nothing of medoffice's.

>>> import attrs
>>> @attrs.frozen
... class Point:
...     x: int
>>> p = draft(Point).__new__(draft(Point))
>>> p.x = 1
>>> p.__class__ = Point
>>> p
Point(x=1)
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

__all__ = ["draft", "name_sequences", "require_aware"]


@functools.cache
def draft(cls: type) -> Any:
    """A private subclass of the frozen slotted attrs class ``cls`` whose slots can be set.

    It adds no slot, so an instance filled in through it can become a ``cls``
    by ``__class__`` assignment (the layouts are the same): a frozen value built
    at the cost of plain attribute stores, for the hot paths that build values
    from fields already checked. Built once per class.

    >>> import attrs
    >>> @attrs.frozen
    ... class Pair:
    ...     a: int
    ...     b: int
    >>> draft(Pair).__name__, draft(Pair) is draft(Pair)
    ('_PairDraft', True)
    """
    namespace = {
        "__slots__": (),
        "__module__": cls.__module__,
        # Both, so that attribute stores take CPython's generic (fast) path.
        "__setattr__": object.__setattr__,
        "__delattr__": object.__delattr__,
    }
    return type(f"_{cls.__name__}Draft", (cls,), namespace)


def require_aware(value: object, field: str) -> dt.datetime:
    """Return ``value`` if it is an aware datetime, else raise a ``TypeError``/``ValueError``.

    The message names the field and the rule, never the value.

    >>> require_aware(dt.datetime(2025, 1, 6, 9), "start")
    Traceback (most recent call last):
    ...
    ValueError: start: naive datetimes are refused; give a time zone (tzinfo)
    >>> require_aware("2025-01-06", "start")
    Traceback (most recent call last):
    ...
    TypeError: start: must be a datetime, not str
    """
    if not isinstance(value, dt.datetime):
        msg = f"{field}: must be a datetime, not {type(value).__name__}"
        raise TypeError(msg)
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        msg = f"{field}: naive datetimes are refused; give a time zone (tzinfo)"
        raise ValueError(msg)
    return value


def _named(convert: Callable[[Any], Any], field: str) -> Callable[[Any], Any]:
    def converter(value: Any) -> Any:
        try:
            return convert(value)
        except TypeError as error:
            if not (hasattr(value, "__iter__") or hasattr(value, "__getitem__")):
                msg = f"{field}: must be a sequence (a list or tuple), not {type(value).__name__}"
            elif str(error).startswith((f"{field}:", f"{field}[")):
                raise
            else:
                msg = f"{field}: {error}"
            raise TypeError(msg) from None

    converter.__name__ = f"{getattr(convert, '__name__', 'convert')}_for_{field}"
    converter.__doc__ = convert.__doc__
    return converter


def name_sequences(cls: type, fields: list[Any]) -> list[Any]:
    """An attrs ``field_transformer``: sequence fields refuse a non-iterable by name.

    Without it, ``tuple(5)`` inside a field's converter says only "'int' object
    is not iterable"; with it, the error names the field and the rule. Every
    field annotated ``tuple[...]`` or ``frozenset[...]`` (not ``| None``) gets
    its converter (``tuple`` or ``frozenset`` when it has none) wrapped: what
    the converter accepts is unchanged, and a ``TypeError`` it raises names the
    field (a value that is not iterable at all is "must be a sequence"). Static
    types still come from the converter as written.

    >>> import attrs
    >>> @attrs.frozen(kw_only=True, field_transformer=name_sequences)
    ... class Visit:
    ...     codes: tuple[str, ...] = ()
    >>> Visit(codes=["I10"]).codes
    ('I10',)
    >>> Visit(codes=5)
    Traceback (most recent call last):
    ...
    TypeError: codes: must be a sequence (a list or tuple), not int
    """
    out = []
    for field in fields:
        kind = field.type if isinstance(field.type, str) else getattr(field.type, "__name__", "")
        if kind.startswith(("tuple", "frozenset")) and "None" not in kind:
            convert = field.converter
            if convert is None:
                convert = frozenset if kind.startswith("frozenset") else tuple
            field = field.evolve(converter=_named(convert, field.name))  # noqa: PLW2901
        out.append(field)
    return out
