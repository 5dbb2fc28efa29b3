"""NDC (National Drug Code), the FDA's identifier of a drug package.

The FDA assigns a 10-digit NDC in three segments — labeler, product, package —
in one of three layouts:

- **4-4-2**, such as ``0002-1433-80``: a 0 goes before the labeler
  (``00002-1433-80``);
- **5-3-2**, such as ``50242-040-62``: a 0 goes before the product
  (``50242-0040-62``);
- **5-4-1**, such as ``60575-4112-1``: a 0 goes before the package
  (``60575-4112-01``).

HIPAA claims (837P ``LIN*N4``) carry the 11-digit **5-4-2** billing form, which
is what :func:`validate` and :func:`compact` return. A bare 10-digit NDC without
hyphens is ambiguous (its layout is lost), so it is refused unless the caller
names the layout.

>>> validate("0002-1433-80")
'00002143380'
>>> validate("50242-040-62"), validate("60575-4112-1")
('50242004062', '60575411201')
>>> format("0002-1433-80")
'00002-1433-80'
>>> validate("0002143380")
Traceback (most recent call last):
    ...
medoffice.exceptions.InvalidFormat: ndc: 10 digits without hyphens are ambiguous; write the hyphens or pass layout= ('4-4-2', '5-3-2' or '5-4-1')
>>> validate("0002143380", layout="4-4-2")
'00002143380'
>>> ten_digit_forms("00002143380")
('0002-1433-80',)
>>> is_valid("00002-1433-80"), is_valid("0002-14330-8"), is_valid(None)
(True, False, False)
"""

from __future__ import annotations

from medoffice.codes._util import require_str
from medoffice.exceptions import InvalidFormat, InvalidLength

__all__ = ["LAYOUTS", "compact", "format", "is_valid", "layout", "ten_digit_forms", "validate"]

_FIELD = "ndc"

#: The 10-digit segment layouts the FDA uses, with the segment lengths.
LAYOUTS: dict[str, tuple[int, int, int]] = {
    "4-4-2": (4, 4, 2),
    "5-3-2": (5, 3, 2),
    "5-4-1": (5, 4, 1),
}
_BILLING = (5, 4, 2)
_BY_LENGTHS = {lengths: name for name, lengths in LAYOUTS.items()}
_LAYOUT_NAMES = "('4-4-2', '5-3-2' or '5-4-1')"


def _digits_only(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _segments(ndc: str, layout_name: str | None) -> tuple[str, str, str]:
    """Split an NDC into its three segments, padded to the 5-4-2 billing form."""
    text = require_str(ndc, _FIELD).strip().replace(" ", "")
    if layout_name is not None and layout_name not in LAYOUTS:
        msg = f"ndc: layout must be one of {_LAYOUT_NAMES}"
        raise InvalidFormat(msg, field=_FIELD, code="ndc.layout")
    parts = text.split("-")
    if len(parts) == 3:
        if not all(map(_digits_only, parts)):
            raise InvalidFormat(
                "ndc: each segment must be digits only", field=_FIELD, code="ndc.format"
            )
        lengths = (len(parts[0]), len(parts[1]), len(parts[2]))
        if lengths != _BILLING and lengths not in _BY_LENGTHS:
            raise InvalidFormat(
                f"ndc: segments must follow 5-4-2 or a 10-digit layout {_LAYOUT_NAMES}",
                field=_FIELD,
                code="ndc.layout",
            )
        if layout_name is not None and lengths != LAYOUTS[layout_name] and lengths != _BILLING:
            raise InvalidFormat(
                "ndc: the hyphens do not match the layout given",
                field=_FIELD,
                code="ndc.layout",
            )
        a, b, c = parts
    elif len(parts) == 1:
        if not _digits_only(text):
            raise InvalidFormat("ndc: must contain digits only", field=_FIELD, code="ndc.format")
        if len(text) == 11:
            a, b, c = text[:5], text[5:9], text[9:]
        elif len(text) == 10:
            if layout_name is None:
                raise InvalidFormat(
                    "ndc: 10 digits without hyphens are ambiguous; write the hyphens or pass "
                    f"layout= {_LAYOUT_NAMES}",
                    field=_FIELD,
                    code="ndc.ambiguous",
                )
            la, lb, _ = LAYOUTS[layout_name]
            a, b, c = text[:la], text[la : la + lb], text[la + lb :]
        else:
            raise InvalidLength(
                "ndc: must be 10 digits (in a layout) or 11 digits (5-4-2)",
                field=_FIELD,
                code="ndc.length",
            )
    else:
        raise InvalidFormat(
            "ndc: must have three segments separated by two hyphens",
            field=_FIELD,
            code="ndc.format",
        )
    return a.zfill(5), b.zfill(4), c.zfill(2)


def validate(ndc: str, *, layout: str | None = None) -> str:
    """Check an NDC and return its 11-digit 5-4-2 billing form (no hyphens).

    Args:
        ndc: A hyphenated 10-digit NDC (4-4-2, 5-3-2, 5-4-1), a hyphenated 5-4-2
            NDC, or 11 bare digits.
        layout: The layout of a bare 10-digit NDC, which has lost its hyphens.

    Raises:
        InvalidFormat: for non-digits, a wrong layout, or a bare 10-digit NDC
            without ``layout`` (``ndc.format``, ``ndc.layout``, ``ndc.ambiguous``).
        InvalidLength: for a bare NDC of neither 10 nor 11 digits (``ndc.length``).
        TypeError: if ``ndc`` is not a ``str``.

    >>> validate("00002-1433-80")
    '00002143380'
    """
    return "".join(_segments(ndc, layout))


def compact(ndc: str, *, layout: str | None = None) -> str:
    """Return the 11-digit billing form; the same as :func:`validate`.

    An NDC cannot be compacted without knowing its layout, so this function
    checks the NDC too.

    >>> compact(" 50242-040-62 ")
    '50242004062'
    """
    return validate(ndc, layout=layout)


def is_valid(ndc: object) -> bool:
    """Whether ``ndc`` is a valid NDC with a known layout. Never raises.

    >>> is_valid("50242-040-62"), is_valid("5024204062")
    (True, False)
    """
    if not isinstance(ndc, str):
        return False
    try:
        _segments(ndc, None)
    except (InvalidFormat, InvalidLength):
        return False
    return True


def format(ndc: str, *, layout: str | None = None) -> str:
    """Return the hyphenated 11-digit billing form ``5-4-2``.

    >>> format("60575-4112-1")
    '60575-4112-01'
    """
    return "-".join(_segments(ndc, layout))


def layout(ndc: str) -> str:
    """Name the layout of a hyphenated NDC (``'4-4-2'``, ``'5-3-2'``, ``'5-4-1'`` or ``'5-4-2'``).

    Raises:
        InvalidFormat: if ``ndc`` is not hyphenated in one of those layouts.

    >>> layout("0002-1433-80"), layout("00002-1433-80")
    ('4-4-2', '5-4-2')
    """
    _segments(ndc, None)
    parts = ndc.strip().replace(" ", "").split("-")
    if len(parts) != 3:
        raise InvalidFormat(
            "ndc: only a hyphenated NDC shows its layout", field=_FIELD, code="ndc.layout"
        )
    lengths = (len(parts[0]), len(parts[1]), len(parts[2]))
    return _BY_LENGTHS.get(lengths, "5-4-2")


def ten_digit_forms(ndc: str) -> tuple[str, ...]:
    """Every hyphenated 10-digit NDC that has this 11-digit billing form.

    A billing form maps back to a 10-digit NDC only where the padded segment
    starts with 0; more than one answer means the FDA directory must decide.

    >>> ten_digit_forms("50242004062")
    ('50242-040-62',)
    >>> ten_digit_forms("00002004001")
    ('0002-0040-01', '00002-040-01', '00002-0040-1')
    >>> ten_digit_forms("12345678911")
    ()
    """
    a, b, c = _segments(ndc, None)
    forms = []
    if a[0] == "0":
        forms.append(f"{a[1:]}-{b}-{c}")
    if b[0] == "0":
        forms.append(f"{a}-{b[1:]}-{c}")
    if c[0] == "0":
        forms.append(f"{a}-{b}-{c[1:]}")
    return tuple(forms)
