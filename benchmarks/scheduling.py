"""``medoffice.scheduling`` beside intervaltree and the naive methods, in one run.

Targets (issue 4):

- all conflicts among 100k appointments over 200 resources at least 20× faster
  than building and querying an ``intervaltree``; 1M appointments with three
  resources each within 10 s on this 2-core machine class;
- ``earliest_slot`` median under 50 µs and 99th percentile under 1 ms on a
  calendar of 10k bookings;
- one ``Calendar.add`` with its conflict check under 20 µs at 100k bookings;
- a meeting time for 50 people over a week under 2 ms.

Each part lives in ``benchmarks/_scheduling_<part>.py`` and exposes
``run(quick) -> (report lines, verdicts)``; this script runs every part in one
process, one after the other, prints each report, then one PASS / FAIL / SKIP
line per target. It always exits 0: it is a report, not a test.

Usage::

    python benchmarks/scheduling.py            # full sizes
    python benchmarks/scheduling.py --quick    # smaller samples, fewer repeats
    python benchmarks/scheduling.py --only conflicts calendar
"""

from __future__ import annotations

import argparse
import gc
import importlib
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

#: The parts, in the order they run.
PARTS = ("conflicts", "calendar", "slots", "meetings", "reschedule")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller samples, fewer repeats")
    parser.add_argument("--only", nargs="+", choices=PARTS, help="run only these parts")
    args = parser.parse_args(argv)
    print(f"# medoffice.scheduling benchmarks ({'quick' if args.quick else 'full'})")
    print(f"# Python {platform.python_version()} on {platform.machine()}, {platform.system()}")
    verdicts: list[tuple[str, bool | None, str]] = []
    started = time.perf_counter()
    for part in args.only or PARTS:
        try:
            module = importlib.import_module(f"_scheduling_{part}")
        except ModuleNotFoundError as exc:
            verdicts.append((part, None, f"{part}: not measured ({exc})"))
            continue
        print(f"\n## {part}\n")
        gc.collect()
        lines, results = module.run(args.quick)
        for line in lines:
            print(line)
        verdicts.extend((part, ok, text) for ok, text in results)
    print("\n## verdicts\n")
    for _part, ok, text in verdicts:
        word = "INFO" if ok is None else "PASS" if ok else "FAIL"
        print(f"{word}  {text}")
    print(f"\n# total {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
