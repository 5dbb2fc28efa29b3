"""``medoffice.codes`` validators against python-stdnum, on the same inputs, in one run.

Target (the issue): the validators are at least as fast as python-stdnum's
Luhn-based validators on 100,000 inputs.

Inputs are built deterministically (``random.Random(SEED)``): half valid, half
invalid, shuffled, the invalid half a mix of the mistakes people make (a wrong
check digit most often, a wrong length, a letter, a prefix never issued). Each
benchmark runs a whole batch once per repeat; repeats of medoffice and its
anchor are interleaved, and the table gives the median batch time, scaled to
milliseconds per 100,000 inputs. ``ratio`` is anchor / medoffice: above 1,
medoffice is the faster. Quote the figures as medians and ratios from one run.

The anchors, and why each is fair:

- ``luhn``: ``stdnum.luhn.is_valid("80840" + x)`` and ``stdnum.luhn.validate``,
  the issue's own anchor. An NPI *is* a Luhn number under the 80840 prefix, so
  this is the check digit alone. It is the *lower bound* of stdnum's work: no
  compacting, no length or prefix check, and the prefixed strings are built
  before timing starts. (So it also accepts some inputs that are not NPIs: the
  ``accepted`` columns show how many.) NPI inputs are compact digits so that
  this anchor sees the same strings medoffice does.
- ``imei``: ``stdnum.imei.is_valid("80840" + x)``, a stdnum module doing the
  same job on the same number: an ISO/IEC 7812 Luhn number of 15 digits that
  is compacted, checked for digits only and for length, then Luhn-checked.
  (``80840`` + an NPI is exactly 15 digits. IMEI also allows 14 and 16 digits
  without a check digit, so it accepts the NPIs one digit short or long.)
- ``stdnum-npi``: the NPI validator a python-stdnum user would write, built
  the way a stdnum module is (``stdnum.util.clean``, ``isdigits``, a length
  and a prefix check, ``stdnum.luhn.validate``): exactly medoffice's rules.
- ``us.ein``: ``stdnum.us.ein`` against ``medoffice.codes.ein``, the same rules
  (nine digits, an optional hyphen, the issued two-digit prefixes). Half the
  inputs carry the hyphen.

Every ``validate`` row catches the library's own error base class
(``InvalidCode`` or ``stdnum.exceptions.ValidationError``) in the same wrapper.
MBI, NDC, ICD-10-CM and ZIP code have no stdnum module: they are timed for
information only.

Usage::

    pip install -e '.[bench]'
    python benchmarks/codes.py            # 100,000 inputs, 7 repeats
    python benchmarks/codes.py --quick    # 10,000 inputs, 3 repeats

It always exits 0 (it is a report) and ends with a PASS or FAIL line for the
target: every anchored ratio at least 1.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import random
import statistics
import string
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from medoffice.codes import ein, icd10cm, mbi, ndc, npi, zipcode
from medoffice.exceptions import InvalidCode

SEED = 20240501
PER = 100_000  # the table's unit: milliseconds per this many inputs
DIGITS = string.digits
MBI_LETTERS = "ACDEFGHJKMNPQRTUVWXY"  # A-Z without S, L, O, I, B, Z
# The IRS prefixes never issued, fixed here so that the inputs do not move with the library.
EIN_NEVER_ISSUED = ("00", "07", "08", "09", "17", "18", "19", "28", "29", "49", "69", "70",
                    "78", "79", "89", "96", "97")  # fmt: skip
EIN_ISSUED = tuple(p for p in (f"{i:02d}" for i in range(100)) if p not in EIN_NEVER_ISSUED)

Check = Callable[[str], object]


# --- inputs ---------------------------------------------------------------------------------


def luhn_digit(payload: str) -> str:
    """The Luhn check digit for ``payload``; a reference independent of both libraries."""
    total = 0
    for i, char in enumerate(reversed(payload)):
        value = int(char) * (2 if i % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return str(-total % 10)


def digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choices(DIGITS, k=count))


def npi_with_check(base: str) -> str:
    return base + luhn_digit("80840" + base)


def valid_npi(rng: random.Random) -> str:
    return npi_with_check(rng.choice("12") + digits(rng, 8))


def invalid_npi(rng: random.Random) -> str:
    good = valid_npi(rng)
    kind = rng.choices(("checksum", "length", "letter", "prefix"), weights=(6, 2, 1, 1))[0]
    if kind == "checksum":
        wrong = rng.choice([d for d in DIGITS if d != good[-1]])
        return good[:-1] + wrong
    if kind == "length":
        return good[:-1] if rng.random() < 0.5 else good + rng.choice(DIGITS)
    if kind == "letter":
        at = rng.randrange(10)
        return good[:at] + rng.choice(string.ascii_uppercase) + good[at + 1 :]
    return npi_with_check(rng.choice("3456789") + digits(rng, 8))


def valid_ein(rng: random.Random) -> str:
    prefix, rest = rng.choice(EIN_ISSUED), digits(rng, 7)
    return f"{prefix}-{rest}" if rng.random() < 0.5 else prefix + rest


def invalid_ein(rng: random.Random) -> str:
    kind = rng.choice(("prefix", "length", "letter"))
    if kind == "prefix":
        return rng.choice(EIN_NEVER_ISSUED) + "-" + digits(rng, 7)
    if kind == "length":
        return rng.choice(EIN_ISSUED) + digits(rng, rng.choice((6, 8)))
    return rng.choice(EIN_ISSUED) + "-" + digits(rng, 6) + rng.choice(string.ascii_uppercase)


def valid_mbi(rng: random.Random) -> str:
    letter, both = MBI_LETTERS, MBI_LETTERS + DIGITS
    pools = ("123456789", letter, both, DIGITS, letter, both, DIGITS, letter, letter, DIGITS,
             DIGITS)  # fmt: skip
    text = "".join(rng.choice(pool) for pool in pools)
    return f"{text[:4]}-{text[4:7]}-{text[7:]}" if rng.random() < 0.5 else text


def invalid_mbi(rng: random.Random) -> str:
    text = valid_mbi(rng).replace("-", "")
    kind = rng.choice(("excluded", "length", "zero"))
    if kind == "excluded":
        return text[:1] + rng.choice("SLOIBZ") + text[2:]
    if kind == "length":
        return text[:-1]
    return "0" + text[1:]


NDC_LAYOUTS = ((4, 4, 2), (5, 3, 2), (5, 4, 1), (5, 4, 2))


def valid_ndc(rng: random.Random) -> str:
    lengths = rng.choice(NDC_LAYOUTS)
    if lengths == (5, 4, 2) and rng.random() < 0.5:
        return digits(rng, 11)
    return "-".join(digits(rng, n) for n in lengths)


def invalid_ndc(rng: random.Random) -> str:
    kind = rng.choice(("bare10", "layout", "letter"))
    if kind == "bare10":
        return digits(rng, 10)
    if kind == "layout":
        return "-".join(digits(rng, n) for n in (3, 5, 2))
    return digits(rng, 5) + "-" + digits(rng, 3) + rng.choice(string.ascii_uppercase) + "-12"


def valid_icd10cm(rng: random.Random) -> str:
    head = rng.choice(string.ascii_uppercase) + digits(rng, 1) + rng.choice(DIGITS + "AB")
    tail = "".join(rng.choices(DIGITS + "XA", k=rng.randrange(5)))
    return f"{head}.{tail}" if tail and rng.random() < 0.7 else head + tail


def invalid_icd10cm(rng: random.Random) -> str:
    code = valid_icd10cm(rng).replace(".", "")
    kind = rng.choice(("dot", "first", "length"))
    if kind == "dot":
        return code[:2] + "." + code[2:]
    if kind == "first":
        return rng.choice(DIGITS) + code[1:]
    return code + digits(rng, 8 - len(code))


def valid_zipcode(rng: random.Random) -> str:
    five = rng.choice("123456789") + digits(rng, 4)
    return f"{five}-{digits(rng, 4)}" if rng.random() < 0.5 else five


def invalid_zipcode(rng: random.Random) -> str:
    kind = rng.choice(("prefix", "length", "letter"))
    if kind == "prefix":
        return "000" + digits(rng, 2)
    if kind == "length":
        return digits(rng, rng.choice((4, 6, 8)))
    return digits(rng, 4) + rng.choice(string.ascii_uppercase)


def build(
    rng: random.Random,
    size: int,
    valid: Callable[[random.Random], str],
    invalid: Callable[[random.Random], str],
) -> list[str]:
    """``size`` inputs, half from ``valid`` and half from ``invalid``, shuffled."""
    inputs = [valid(rng) for _ in range(size // 2)]
    inputs += [invalid(rng) for _ in range(size - size // 2)]
    rng.shuffle(inputs)
    return inputs


# --- what is timed --------------------------------------------------------------------------


def catching(validate: Check, errors: type[Exception]) -> Callable[[str], bool]:
    """``validate`` as a predicate: True if it returns, False if it raises ``errors``."""

    def check(value: str) -> bool:
        try:
            validate(value)
        except errors:
            return False
        return True

    return check


@dataclass(frozen=True)
class Side:
    """One side of a comparison: a check and the inputs it runs over."""

    label: str
    check: Check
    inputs: Sequence[str]


Pair = tuple[Side, Side]  # (medoffice, stdnum anchor)


def npi_ein_sides(npis: list[str], eins: list[str]) -> list[Side]:
    """medoffice's side of the anchored rows."""
    return [
        Side("npi.is_valid", npi.is_valid, npis),
        Side("npi.validate", catching(npi.validate, InvalidCode), npis),
        Side("ein.is_valid", ein.is_valid, eins),
        Side("ein.validate", catching(ein.validate, InvalidCode), eins),
    ]


def stdnum_pairs(mine: list[Side], npis: list[str], eins: list[str]) -> list[Pair]:
    from stdnum import imei, luhn, util
    from stdnum.exceptions import (
        InvalidComponent,
        InvalidFormat,
        InvalidLength,
        ValidationError,
    )
    from stdnum.us import ein as stdnum_ein

    def npi_by_stdnum(number: str) -> str:
        """An NPI validator written the way a python-stdnum module is."""
        number = util.clean(number, " -./").strip().upper()
        if not util.isdigits(number):
            raise InvalidFormat
        if len(number) != 10:
            raise InvalidLength
        if number[0] not in "12":
            raise InvalidComponent
        luhn.validate("80840" + number)
        return number

    def std(validate: Check) -> Check:
        return catching(validate, ValidationError)

    prefixed = ["80840" + x for x in npis]  # built here, so the anchors do not pay for it
    npi_is_valid, npi_validate, ein_is_valid, ein_validate = mine
    return [
        (npi_is_valid, Side("luhn.is_valid", luhn.is_valid, prefixed)),
        (npi_is_valid, Side("imei.is_valid", imei.is_valid, prefixed)),
        (npi_is_valid, Side("stdnum-npi.is_valid", std(npi_by_stdnum), npis)),
        (npi_validate, Side("luhn.validate", std(luhn.validate), prefixed)),
        (npi_validate, Side("imei.validate", std(imei.validate), prefixed)),
        (npi_validate, Side("stdnum-npi.validate", std(npi_by_stdnum), npis)),
        (ein_is_valid, Side("us.ein.is_valid", stdnum_ein.is_valid, eins)),
        (ein_validate, Side("us.ein.validate", std(stdnum_ein.validate), eins)),
    ]


def info_sides(rng: random.Random, size: int) -> list[Side]:
    sides = []
    for module, valid, invalid in (
        (mbi, valid_mbi, invalid_mbi),
        (ndc, valid_ndc, invalid_ndc),
        (icd10cm, valid_icd10cm, invalid_icd10cm),
        (zipcode, valid_zipcode, invalid_zipcode),
    ):
        name = module.__name__.rpartition(".")[2]
        inputs = build(rng, size, valid, invalid)
        sides.append(Side(f"{name}.is_valid", module.is_valid, inputs))
        sides.append(Side(f"{name}.validate", catching(module.validate, InvalidCode), inputs))
    return sides


# --- timing and report ----------------------------------------------------------------------


def time_batch(check: Check, inputs: Sequence[str]) -> float:
    """Seconds for one pass of ``check`` over ``inputs``, with the collector off (as timeit)."""
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        start = time.perf_counter()
        for value in inputs:
            check(value)
        return time.perf_counter() - start
    finally:
        if gc_was_enabled:
            gc.enable()


def accepted(side: Side) -> int:
    """How many inputs ``side`` accepts (a ``validate`` wrapper or an ``is_valid``)."""
    return sum(1 for value in side.inputs if side.check(value))


def measure(sides: list[Side], repeats: int) -> dict[int, float]:
    """Median seconds per batch for every distinct side (by id), repeats interleaved."""
    distinct = {id(side): side for side in sides}
    times: dict[int, list[float]] = {key: [] for key in distinct}
    for side in distinct.values():  # warm-up: lazy imports, data files, caches
        time_batch(side.check, side.inputs)
    for _ in range(repeats):
        for key, side in distinct.items():
            times[key].append(time_batch(side.check, side.inputs))
    return {key: statistics.median(values) for key, values in times.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 inputs and 3 repeats")
    parser.add_argument("--seed", type=int, default=SEED, help="seed for the inputs")
    args = parser.parse_args(argv)
    size, repeats = (10_000, 3) if args.quick else (100_000, 7)

    rng = random.Random(args.seed)
    npis = build(rng, size, valid_npi, invalid_npi)
    eins = build(rng, size, valid_ein, invalid_ein)
    npi_ein = npi_ein_sides(npis, eins)
    info = info_sides(rng, size)
    if importlib.util.find_spec("stdnum") is not None:
        pairs = stdnum_pairs(npi_ein, npis, eins)
    else:
        pairs, info = [], npi_ein + info
    median = measure([side for pair in pairs for side in pair] + info, repeats)

    def ms(side: Side) -> float:
        return median[id(side)] * 1000 * PER / len(side.inputs)

    print(
        f"Python {sys.version.split()[0]}; {size:,} inputs (half valid), seed {args.seed}; "
        f"median of {repeats} repeats\n"
        f"ms per {PER:,} inputs; ratio = anchor / medoffice (above 1: medoffice is faster)\n"
    )
    print(
        f"{'medoffice':<17} {'ms':>7}   {'stdnum anchor':<20} {'ms':>7} {'ratio':>6}"
        "   accepted (medoffice / anchor)"
    )
    ratios = []
    for ours, anchor in pairs:
        ratio = ms(anchor) / ms(ours)
        ratios.append((ratio, f"{ours.label} vs {anchor.label}"))
        print(
            f"{ours.label:<17} {ms(ours):>7.1f}   {anchor.label:<20} {ms(anchor):>7.1f} "
            f"{ratio:>6.2f}   {accepted(ours):,} / {accepted(anchor):,}"
        )
    for side in info:
        print(f"{side.label:<17} {ms(side):>7.1f}   {'(no anchor)':<35}   {accepted(side):,}")

    if not ratios:
        print("SKIP: python-stdnum is not installed (pip install -e '.[bench]')")
        return 0
    worst, where = min(ratios)
    verdict = "PASS" if worst >= 1 else "FAIL"
    print(
        f"{verdict}: at least as fast as python-stdnum on every anchored row "
        f"(lowest ratio {worst:.2f}, {where})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
