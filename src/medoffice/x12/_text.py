"""What may be written into an X12 element, and an opt-in way to make text fit.

X12 has no escape character: a delimiter inside a value would change the
structure of the file, so it is refused, never written. Data is printable
ASCII (the basic and extended character sets); control characters and
non-ASCII characters are refused too.

>>> [p.code for p in text_problems("ACME*HEALTH", "payer.name")]
['x12.delimiter']
>>> clean_text("Café “Zoë” – 2~3")
'Cafe "Zoe" - 23'
"""

from __future__ import annotations

import functools
import re
import unicodedata

from medoffice.exceptions import Problem
from medoffice.x12._model import DEFAULT_DELIMITERS, Delimiters, require

__all__ = ["bad_characters", "clean_text", "text_problems"]

_PRINTABLE = "".join(chr(c) for c in range(0x20, 0x7F))

#: Typographic characters that NFKD leaves alone, and letters it cannot split.
_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u2015": "-", "\u2212": "-",
        "\u00df": "ss", "\u00c6": "AE", "\u00e6": "ae", "\u00d8": "O", "\u00f8": "o",
        "\u0152": "OE", "\u0153": "oe", "\u0141": "L", "\u0142": "l", "\u0110": "D",
        "\u0111": "d", "\u00de": "TH", "\u00fe": "th", "\u0131": "i",
    }
)  # fmt: skip


@functools.cache
def bad_characters(delimiters: Delimiters = DEFAULT_DELIMITERS) -> re.Pattern[str]:
    """A pattern matching any character that may not appear in an element.

    That is any delimiter, and anything outside printable ASCII.

    >>> bad_characters().search("ACME HEALTH") is None
    True
    >>> bad_characters().search("A~B").start()
    1
    """
    allowed = "".join(c for c in _PRINTABLE if c not in delimiters.all)
    return re.compile(f"[^{re.escape(allowed)}]")


def _where(value: str, char: str) -> str:
    first = value.index(char) + 1
    count = value.count(char)
    if count == 1:
        return f"at character {first}"
    return f"{count} times, first at character {first}"


def _category(char: str) -> str:
    if not char.isascii():
        return "a non-ASCII character"
    return "a control character"


def text_problems(
    value: str, path: str, delimiters: Delimiters = DEFAULT_DELIMITERS
) -> tuple[Problem, ...]:
    """What :func:`~medoffice.x12.serialize` would refuse about one value.

    One problem per delimiter found (code ``x12.delimiter``) and one for
    characters outside printable ASCII (code ``x12.charset``). Messages name
    the rule, the delimiter and the character positions, never the value
    itself (it may be patient data).

    Args:
        value: The text to check.
        path: Where the value is, used as each problem's path (``claims[0].note``).
        delimiters: The delimiters it will be written with.

    Returns:
        The problems; empty when the value can be written as it is.

    >>> text_problems("ROOM 12", "note")
    ()
    >>> for p in text_problems("Zoë: 5*3~", "claims[0].note"):
    ...     print(p)
    claims[0].note: contains the element separator '*' at character 7; X12 has no escape character, so a delimiter cannot be data [x12.delimiter]
    claims[0].note: contains the component separator ':' at character 4; X12 has no escape character, so a delimiter cannot be data [x12.delimiter]
    claims[0].note: contains the segment terminator '~' at character 9; X12 has no escape character, so a delimiter cannot be data [x12.delimiter]
    claims[0].note: contains a non-ASCII character at character 3; X12 data is printable ASCII [x12.charset]
    """
    require(value, str, path or "value")
    d = delimiters
    if (
        value.isascii()
        and value.isprintable()
        and d.element not in value
        and d.component not in value
        and d.repetition not in value
        and d.segment not in value
    ):
        return ()
    problems = [
        Problem(
            path=path,
            code="x12.delimiter",
            message=(
                f"contains the {delimiters.name_of(char)} {char!r} {_where(value, char)}; "
                "X12 has no escape character, so a delimiter cannot be data"
            ),
        )
        for char in delimiters.all
        if char in value
    ]
    outside = [
        (i, c) for i, c in enumerate(value, 1) if not (" " <= c <= "~") and c not in delimiters.all
    ]
    if outside:
        first, char = outside[0]
        more = f" ({len(outside)} such characters)" if len(outside) > 1 else ""
        problems.append(
            Problem(
                path=path,
                code="x12.charset",
                message=(
                    f"contains {_category(char)} at character {first}{more}; "
                    "X12 data is printable ASCII"
                ),
            )
        )
    return tuple(problems)


def _check_replacement(replacement: str | None, delimiters: Delimiters) -> str:
    if replacement is None:
        return ""
    require(replacement, str, "replacement")
    if bad_characters(delimiters).search(replacement) is not None:
        msg = "replacement: must itself be printable ASCII without any delimiter"
        raise ValueError(msg)
    return replacement


def clean_text(
    value: str,
    delimiters: Delimiters = DEFAULT_DELIMITERS,
    *,
    replacement: str | None = None,
) -> str:
    r"""Make free text writable: an explicit, opt-in normalisation.

    Accents are folded to ASCII (NFKD, ``é`` -> ``e``), typographic quotes and
    dashes become ASCII ones, runs of white space become one space (and the
    ends are trimmed), and any delimiter or other character that cannot be
    written is replaced by ``replacement`` (removed when it is ``None``).
    The result always passes :func:`text_problems`.

    Args:
        value: The text.
        delimiters: The delimiters it will be written with.
        replacement: What replaces a character that cannot be written; it must
            itself be clean.

    Returns:
        The cleaned text.

    Raises:
        ValueError: If ``replacement`` is not clean itself.

    >>> clean_text("  Renée  O’Brien\n")
    "Renee O'Brien"
    >>> clean_text("A*B~C 😀", replacement="?")
    'A?B?C ?'
    >>> clean_text("5:30", Delimiters(component=">"))
    '5:30'
    """
    require(value, str, "value")
    replace = _check_replacement(replacement, delimiters)
    bad = bad_characters(delimiters)
    if bad.search(value) is None and "  " not in value and value == value.strip(" "):
        return value
    text = unicodedata.normalize("NFKD", value.translate(_FOLD)).translate(_FOLD)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = bad.sub(lambda _match: replace, " ".join(text.split()))
    return " ".join(text.split())
