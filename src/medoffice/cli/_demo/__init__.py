"""``medoffice demo``: a worked day at the office, on embedded sample data.

The day is a list of sections, in :data:`SECTIONS`, each built by a function
with no arguments that returns a :class:`~medoffice.cli._demo._model.Section`
(a title, an introduction, and items that each say what was typed, what
medoffice says and why it matters). To add a part of the day (terminology,
scheduling, claims, billing, records):

1. write ``_demo/_<topic>.py`` with ``section() -> Section``, using the fictional
   data in :mod:`medoffice.cli._sample` (add to it as needed);
2. add ``"<key>": _<topic>.section`` to :data:`SECTIONS`, in the order of the day.

Sections must be deterministic: fixed dates and times from the sample data,
never the clock. Patient identifiers are shown masked.
"""

from __future__ import annotations

import argparse
import textwrap
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from medoffice.cli._command import add_command
from medoffice.cli._demo import _billing, _claims, _coding, _frontdesk, _records, _schedule
from medoffice.cli._demo._model import Item, Section, Status
from medoffice.cli._output import write_json, write_lines
from medoffice.serialization import to_dict

if TYPE_CHECKING:
    from medoffice.cli._command import Subparsers

__all__ = [
    "NOTICE",
    "SECTIONS",
    "TITLE",
    "Item",
    "Section",
    "Status",
    "as_json",
    "build",
    "register",
    "render_text",
]

#: A function that builds one section of the demo.
SectionBuilder = Callable[[], Section]

#: The sections of the day, by key, in order.
SECTIONS: dict[str, SectionBuilder] = {
    "front-desk": _frontdesk.section,
    "coding": _coding.section,
    "schedule": _schedule.section,
    "claims": _claims.section,
    "billing": _billing.section,
    "records": _records.section,
}

TITLE = "medoffice demo: a worked day at the office"
NOTICE = "Every practice, person, identifier and order below is fictional sample data."

_WIDTH = 79
_TAG_WIDTH = 13
_FIELD_WIDTH = 11


def build(keys: Sequence[str] | None = None) -> list[Section]:
    """Build the sections named by ``keys`` (all of them if ``None``), in the day's order.

    >>> [section.key for section in build()]
    ['front-desk', 'coding', 'schedule', 'claims', 'billing', 'records']
    """
    return [make() for key, make in SECTIONS.items() if keys is None or key in keys]


def _field(name: str, text: str) -> list[str]:
    r"""A field of an item, wrapped; each line of ``text`` starts a new line.

    When ``text`` has several lines, a line that wraps goes on indented by two.

    >>> for line in _field("why", "one\ntwo"):
    ...     print(line)
                 why:       one
                            two
    """
    indent = " " * (_TAG_WIDTH + _FIELD_WIDTH)
    hanging = indent + ("  " if "\n" in text else "")
    lines: list[str] = []
    for k, paragraph in enumerate(text.split("\n")):
        lines += textwrap.wrap(
            paragraph,
            width=_WIDTH,
            initial_indent=indent if k else f"{' ' * _TAG_WIDTH}{name + ':':<{_FIELD_WIDTH}}",
            subsequent_indent=hanging,
            break_long_words=False,
            break_on_hyphens=False,
        )
    return lines


def _item_lines(item: Item) -> list[str]:
    return [
        *textwrap.wrap(
            item.label,
            width=_WIDTH,
            initial_indent=f"{item.status.label:<{_TAG_WIDTH}}",
            subsequent_indent=" " * _TAG_WIDTH,
            break_long_words=False,
            break_on_hyphens=False,
        ),
        *_field("typed", item.typed),
        *_field("medoffice", item.says),
        *_field("why", item.why),
    ]


def render_text(sections: Iterable[Section]) -> list[str]:
    r"""The demo as readable lines: a title, then each section with its items.

    >>> lines = render_text(build())
    >>> lines[0]
    'medoffice demo: a worked day at the office'
    >>> lines[3:5]
    ["1. Front desk: the morning's paperwork", '======================================']
    """
    lines = [TITLE, NOTICE]
    for number, section in enumerate(sections, 1):
        heading = f"{number}. {section.title}"
        lines += ["", heading, "=" * len(heading)]
        lines += textwrap.wrap(section.intro, width=_WIDTH)
        for item in section.items:
            lines += ["", *_item_lines(item)]
        lines += ["", f"Summary: {section.summary()}."]
    lines += ["", "End of the demo. Next: medoffice --help"]
    return lines


def as_json(sections: Iterable[Section]) -> dict[str, Any]:
    """The demo as JSON-ready data: the title, the notice and the sections.

    >>> data = as_json(build())
    >>> data["sections"][0]["items"][0]["status"]
    'ok'
    """
    return {
        "title": TITLE,
        "notice": NOTICE,
        "sections": [to_dict(section) for section in sections],
    }


def _demo(args: argparse.Namespace) -> int:
    sections = build(args.section)
    if args.json:
        write_json(as_json(sections))
    else:
        write_lines(render_text(sections))
    return 0


def register(subparsers: Subparsers) -> None:
    """Add ``demo`` to the command line.

    >>> from medoffice.cli import main
    >>> main(["demo"])
    medoffice demo: a worked day at the office
    ...
    0
    """
    parser = add_command(
        subparsers,
        "demo",
        summary="a worked day at the office, on embedded sample data",
        description=(
            "Walk through a day at a (fictional) medical office: each step shows what\n"
            "was typed, what medoffice says, and why it matters. Deterministic: the\n"
            "sample data is embedded and the clock is never read."
        ),
        handler=_demo,
        epilog="sections, in order: " + ", ".join(SECTIONS),
    )
    parser.add_argument(
        "--section",
        action="append",
        choices=tuple(SECTIONS),
        metavar="KEY",
        help="show only this section (repeatable); one of: " + ", ".join(SECTIONS),
    )
