"""Small checks shared by the indexing modules (filing, the patient and document indexes)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import attrs

__all__ = ["items", "mask", "non_empty_text"]

_T = TypeVar("_T")


def mask(value: object) -> str:
    """The repr of a patient-identifying field: whether it is set, never what it is.

    >>> mask("Smith"), mask(""), mask(None), mask(()), mask(("Jones",))
    ("'***'", "''", 'None', '()', '(***)')
    """
    if value is None:
        return "None"
    if isinstance(value, tuple):
        return "(***)" if value else "()"
    return "'***'" if value != "" else "''"


def items(
    field: str, kind: type[_T], what: str, check: Callable[[_T], bool] = lambda _: True
) -> Callable[[object], tuple[_T, ...]]:
    """A converter to a tuple of ``kind``; ``check`` must hold for every item.

    >>> items("tags", str, "non-empty text", bool)(["a", "b"])
    ('a', 'b')
    >>> items("tags", str, "non-empty text", bool)(["a", ""])
    Traceback (most recent call last):
    ...
    ValueError: tags: every item must be non-empty text
    """

    def convert(value: object) -> tuple[_T, ...]:
        if isinstance(value, str) or not isinstance(value, Iterable):
            msg = f"{field}: must be a sequence of {what}"
            raise TypeError(msg)
        found = tuple(value)
        if not all(isinstance(v, kind) for v in found):
            msg = f"{field}: every item must be {what}"
            raise TypeError(msg)
        if not all(check(v) for v in found):
            msg = f"{field}: every item must be {what}"
            raise ValueError(msg)
        return found

    return convert


def non_empty_text(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """An attrs validator: ``value`` is text with something besides spaces.

    >>> @attrs.frozen
    ... class A:
    ...     x: str = attrs.field(validator=non_empty_text)
    >>> A(" ")
    Traceback (most recent call last):
    ...
    ValueError: ('x: must be non-empty text', ...)
    """
    if not isinstance(value, str) or not value.strip():
        msg = f"{attribute.name}: must be non-empty text"
        raise ValueError(msg, attribute)
