"""The shape of the demo: sections of items, each what was typed, said and why."""

from __future__ import annotations

import enum

import attrs

__all__ = ["Item", "Section", "Status"]


class Status(enum.Enum):
    """medoffice's verdict on one demo item.

    >>> Status("flagged").label
    '[flagged]'
    """

    #: Accepted as typed.
    OK = "ok"
    #: Accepted, and rewritten to its standard form.
    NORMALIZED = "normalized"
    #: Accepted by the format rules but not good enough where it is going.
    FLAGGED = "flagged"
    #: Refused.
    REFUSED = "refused"

    @property
    def label(self) -> str:
        """The tag printed in front of the item.

        >>> Status.REFUSED.label
        '[refused]'
        """
        return f"[{self.value}]"


@attrs.frozen(kw_only=True)
class Item:
    """One step of the demo.

    Attributes:
        label: What the item is (``Rendering provider NPI, Dr. Ada Quill, MD``).
        typed: What was typed, masked where it is patient data.
        says: What medoffice says about it.
        why: Why it matters in the office.
        status: The verdict.

    >>> Item(label="EIN", typed="123456789", says="OK", why="box 25",
    ...      status=Status.OK).status.value
    'ok'
    """

    label: str
    typed: str
    says: str
    why: str
    status: Status


@attrs.frozen(kw_only=True)
class Section:
    """One part of the day: a title, a short introduction and its items.

    Attributes:
        key: A stable name for ``medoffice demo --section`` (``front-desk``).
        title: The heading.
        intro: A paragraph that sets the scene.
        items: The steps, in order.

    >>> Section(key="k", title="T", intro="i", items=()).summary()
    'no items'
    """

    key: str
    title: str
    intro: str
    items: tuple[Item, ...]

    def summary(self) -> str:
        """Count the items by verdict, in the order of :class:`Status`.

        >>> item = Item(label="l", typed="t", says="s", why="w", status=Status.OK)
        >>> Section(key="k", title="T", intro="i", items=(item, item)).summary()
        '2 ok'
        """
        counts = [
            f"{n} {status.value}"
            for status in Status
            if (n := sum(item.status is status for item in self.items))
        ]
        return ", ".join(counts) if counts else "no items"
