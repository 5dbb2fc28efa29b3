"""Private helpers for building frozen attrs values on medoffice's hot paths.

Shared by the layers that read bulk data (terminology's code sets, the X12
reader, billing's 835 reader and ledger); it imports nothing of medoffice's.

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

import functools
from typing import Any

__all__ = ["draft"]


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
