"""How much ``import medoffice`` adds to a fresh interpreter, beside the anchors.

Target (the issue): ``import medoffice`` adds under 30 ms over a bare
interpreter, because its subpackages load lazily.

Two measurements, each from ``--runs`` fresh subprocesses of ``sys.executable``
(runs of the different targets are interleaved, so drift on a shared machine
hits them all alike):

1. ``python -X importtime -c "import X"``: the cumulative microseconds on the
   top-level ``X`` line of the importtime report. That figure is exactly what
   the import adds (modules that the interpreter had already loaded at start-up
   are not counted again), and it is far less noisy than wall-clock time, so
   ``--check`` uses its median. Targets: ``medoffice``, ``medoffice.codes.npi``
   (for information: the first real use), and the anchors ``attrs`` (a
   run-time dependency) and ``stdnum`` (python-stdnum, in the ``bench`` extra;
   skipped if it is not installed).
2. Wall-clock of whole interpreter runs, ``-c "pass"`` against
   ``-c "import medoffice"``: start-up, import and shutdown. "Added" is the
   median of the paired differences.

The ``anchor/target`` column is the anchor's median over medoffice's: above 1,
``import medoffice`` is the cheaper. Quote the figures as medians and ratios
from one run: the machine is shared and noisy, single timings mean little.

Usage::

    python benchmarks/import_time.py            # report
    python benchmarks/import_time.py --check    # report, exit 1 if over budget
"""

from __future__ import annotations

import argparse
import importlib.util
import math
import statistics
import subprocess
import sys
import time

BUDGET_MS = 30.0
TARGET = "medoffice"
# Modules timed with -X importtime, in display order; the first is the target.
MODULES = (TARGET, "medoffice.codes.npi", "attrs", "stdnum")
ANCHORS = ("attrs", "stdnum")


def run(code: str, *, importtime: bool = False) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter; fail loudly if it fails."""
    flags = ["-X", "importtime"] if importtime else []
    proc = subprocess.run(
        [sys.executable, *flags, "-c", code], capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        sys.exit(f"import_time: {code!r} failed:\n{proc.stderr}")
    return proc


def cumulative_us(report: str, module: str) -> int:
    """The cumulative µs on the top-level line for ``module`` in an importtime report.

    Lines look like ``import time:   self |  cumulative | <indent>name``; a
    top-level import has a single space before its name.
    """
    for line in report.splitlines():
        if not line.startswith("import time:"):
            continue
        _, cumulative, name = line.split("|", 2)
        if name == f" {module}":
            return int(cumulative)
    sys.exit(f"import_time: no top-level importtime line for {module!r} (already imported?)")


def importtime_us(module: str) -> int:
    return cumulative_us(run(f"import {module}", importtime=True).stderr, module)


def wall_ms(code: str) -> float:
    start = time.perf_counter()
    run(code)
    return (time.perf_counter() - start) * 1000


def p90(values: list[float]) -> float:
    """The nearest-rank 90th percentile."""
    ordered = sorted(values)
    return ordered[math.ceil(0.9 * len(ordered)) - 1]


def row(name: str, values: list[float], ratio: str = "") -> str:
    line = f"{name:<36} {statistics.median(values):>9.2f} {p90(values):>9.2f} {ratio:>14}"
    return line.rstrip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="fresh interpreters per target")
    parser.add_argument(
        "--check",
        action="store_true",
        help=f"exit 1 if the median importtime of {TARGET} is {BUDGET_MS:g} ms or more",
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    modules = [m for m in MODULES if importlib.util.find_spec(m.partition(".")[0]) is not None]
    missing = sorted(set(MODULES) - set(modules))

    # One discarded round so that byte-code compilation is not timed.
    for module in modules:
        importtime_us(module)
    run("pass")

    cumulative: dict[str, list[float]] = {m: [] for m in modules}
    bare: list[float] = []
    loaded: list[float] = []
    for _ in range(args.runs):
        for module in modules:
            cumulative[module].append(importtime_us(module) / 1000)
        bare.append(wall_ms("pass"))
        loaded.append(wall_ms(f"import {TARGET}"))
    added = [b - a for a, b in zip(bare, loaded, strict=True)]

    target = statistics.median(cumulative[TARGET])
    print(f"Python {sys.version.split()[0]}, {args.runs} fresh interpreters per target")
    print(f"{'':<36} {'median':>9} {'p90':>9} {'anchor/target':>14}")
    print("-X importtime, cumulative ms of the top-level line")
    for module in modules:
        ratio = ""
        if module in ANCHORS:
            anchor = statistics.median(cumulative[module])
            ratio = f"{anchor / target:.2f}"
        print(row(f"  import {module}", cumulative[module], ratio))
    for module in missing:
        print(f"  import {module:<29} (not installed: pip install -e '.[bench]')")
    print("wall-clock ms of a whole interpreter run")
    print(row("  python -c pass", bare))
    print(row(f"  python -c 'import {TARGET}'", loaded))
    print(row("  added (paired difference)", added))

    verdict = "PASS" if target < BUDGET_MS else "FAIL"
    print(
        f"{verdict}: import {TARGET} adds {target:.2f} ms (median importtime cumulative); "
        f"budget < {BUDGET_MS:g} ms"
    )
    return 1 if args.check and verdict == "FAIL" else 0


if __name__ == "__main__":
    sys.exit(main())
