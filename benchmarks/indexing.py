"""Indexing: duplicate-finding quality and speed of the patient index, beside splink.

One run over the registrations of ``_indexing_data.generate`` (seeded; see its
docstring for the people, the corruptions and their rates), with SSNs and
without any, at 5,000 records (``--quick``) and also at 100,000:

- **medoffice** ``find_duplicates`` with its default model. A pair in the
  auto-link band counts as a predicted duplicate; the review band is reported
  beside it, and so is the F1 a clerk would reach by resolving every review
  pair correctly.
- **splink** 5 (DuckDB backend) with the settings of its documented
  deduplication example (``deduplicate_50k_synthetic``), mapped onto these
  columns: the same ten blocking rules (the postcode becomes the ZIP, the birth
  place the city) plus one on the SSN when there is one;
  ``ForenameSurnameComparison``, ``DateOfBirthComparison``, exact matches with
  term-frequency adjustments on ZIP and city (for postcode and birth place),
  exact sex (for occupation) and exact SSN when there is one. The phone is
  left out, as in the example: an exact phone comparison, tried, lowered
  splink's F1 (0.60 against 0.78 at 5,000 records with SSNs, seed 7);
  ``estimate_probability_two_random_records_match`` (recall 0.6),
  ``estimate_u_using_random_sampling(max_pairs=1e7)``, two EM sessions
  (first name and surname; birth date), then ``predict`` at a match
  probability of 0.5. A pair at 0.95 or more (the example's clustering
  threshold) counts as a predicted duplicate; the F1 at other thresholds is
  printed too, for information (choosing one needs the truth). Splink is given the standardised
  columns its documentation asks for (upper-case ASCII names, ISO dates, phone
  and SSN digits, invalid and placeholder SSNs as null). DuckDB uses every
  core; medoffice runs in one Python thread.

Metrics, for each matcher and data set: pairwise precision, recall and F1 over
the true duplicate pairs; the share of twin, Jr./Sr. and common-name pairs
*not* auto-linked (kept apart); recall per error type (a pair counts under
each corruption it carries); the review band's share of the candidate pairs,
where the candidate pairs are the pairs ``find_duplicates`` compared (the total
it reports to its ``progress`` callback: every pair of records sharing a
blocking key); pair completeness (true pairs sharing a ``blocking_keys`` key);
overlays (auto-link clusters holding two people). Wall time: median of 3 runs
at 5,000 records, one at 100,000; the ratio is splink's time over medoffice's.
The targets judge wall time; the CPU time is printed beside it, and the load
average at the start and the end, because the machine may be shared.

Then, at 100,000 records: ``PatientIndex.search`` over 1,000 queries made from
random records with one typo in the family or given name (name and birth
date given), p50 and p95, and whether the person's record was in the top 5;
and ``DocumentIndex.of`` on 100,000 documents. Each target prints PASS or
FAIL. Run: ``python benchmarks/indexing.py [--quick] [--seed N] [--no-splink]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import logging
import os
import random
import statistics
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from _indexing_data import HARD_KINDS, PLACEHOLDERS, Dataset, generate, split_types, typo

Pair = frozenset[str]
Verdicts = list[tuple[bool | None, str]]

# The targets of the issue.
F1_WITH_SSN, F1_WITHOUT_SSN = 0.99, 0.98
LINK_PRECISION = 0.999
KEPT_APART = 0.99
REVIEW_SHARE = 0.02
SECONDS = {5_000: 3.0, 100_000: 60.0}
SEARCH_P95_MS = 5.0
DOCUMENTS_SECONDS = 5.0
SPLINK_LINK = 0.95
SPLINK_CUTS = (0.5, 0.8, 0.9, 0.99, 0.999, 0.9999)


@dataclass
class Outcome:
    """What one matcher said about one data set."""

    links: set[Pair]
    reviews: set[Pair] = field(default_factory=set)
    candidates: int | None = None
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    clusters: tuple[frozenset[str], ...] | None = None
    scores: dict[Pair, float] = field(default_factory=dict)


@dataclass
class Quality:
    precision: float
    recall: float
    f1: float
    f1_clerk: float | None
    kept_apart: dict[str, tuple[int, int]]
    recall_by_type: dict[str, tuple[int, int]]
    review_share: float | None


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _prf(predicted: set[Pair], truth: set[Pair]) -> tuple[float, float, float]:
    hits = len(predicted & truth)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(truth) if truth else 1.0
    return precision, recall, _f1(precision, recall)


def evaluate(data: Dataset, outcome: Outcome) -> Quality:
    """Pairwise quality of ``outcome`` against the truth of ``data``."""
    truth = set(data.error_types)
    precision, recall, f1 = _prf(outcome.links, truth)
    f1_clerk = None
    if outcome.reviews:
        f1_clerk = _prf(outcome.links | (outcome.reviews & truth), truth)[2]
    apart: dict[str, list[int]] = {kind: [0, 0] for kind in HARD_KINDS}
    for pair, kind in data.hard_pairs.items():
        apart[kind][0] += pair not in outcome.links
        apart[kind][1] += 1
    by_type: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for pair, label in data.error_types.items():
        for kind in split_types(label):
            by_type[kind][0] += pair in outcome.links
            by_type[kind][1] += 1
    share = None
    if outcome.candidates:
        share = len(outcome.reviews) / outcome.candidates
    return Quality(
        precision,
        recall,
        f1,
        f1_clerk,
        {k: (v[0], v[1]) for k, v in apart.items()},
        {k: (v[0], v[1]) for k, v in sorted(by_type.items())},
        share,
    )


def _timed(fn: Callable[[], Outcome], runs: int) -> Outcome:
    laps, cpu, result = [], [], None
    for _ in range(runs):
        gc.collect()
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn()
        laps.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    assert result is not None
    result.seconds, result.cpu = laps, cpu
    return result


# -- the matchers ------------------------------------------------------------------------


def exact_baseline(data: Dataset) -> Outcome:
    """Same folded family name, given name and birth date: the floor."""
    groups: dict[tuple[object, ...], list[str]] = defaultdict(list)
    for row in data.rows:
        if row["birth_date"] is not None:
            key = (_ascii(row["family"]), _ascii(row["given"]), row["birth_date"])
            groups[key].append(str(row["id"]))
    links = {frozenset((a, b)) for ids in groups.values() for a in ids for b in ids if a < b}
    return Outcome(links)


def medoffice_matcher(data: Dataset) -> Callable[[], Outcome]:
    from medoffice.indexing.patients import Band, PatientRecord, clusters, find_duplicates

    records = [PatientRecord(**row) for row in data.rows]

    def run() -> Outcome:
        compared: list[int] = []
        matches = find_duplicates(records, progress=lambda _done, total: compared.append(total))
        links = {frozenset((m.left, m.right)) for m in matches if m.band is Band.LINK}
        reviews = {frozenset((m.left, m.right)) for m in matches if m.band is Band.REVIEW}
        return Outcome(
            links, reviews, candidates=compared[-1] if compared else 0, clusters=clusters(matches)
        )

    return run


def pair_completeness(data: Dataset) -> float:
    """Share of the true duplicate pairs whose records share a blocking key."""
    from medoffice.indexing.patients import PatientRecord, blocking_keys

    keys = {row["id"]: blocking_keys(PatientRecord(**row)) for row in data.rows}
    pairs = data.error_types
    met = sum(bool(keys[a] & keys[b]) for a, b in (sorted(p) for p in pairs))
    return met / len(pairs) if pairs else 1.0


def _ascii(value: object) -> str | None:
    if value is None:
        return None
    text = unicodedata.normalize("NFKD", str(value).upper())
    kept = "".join(ch for ch in text if ch.isalnum() or ch == " ")
    return " ".join(kept.split()) or None


def _digits(value: object) -> str | None:
    if value is None:
        return None
    return "".join(ch for ch in str(value) if ch.isdigit()) or None


def _valid_ssn(value: object) -> str | None:
    digits = _digits(value)
    if digits is None or len(digits) != 9 or value in PLACEHOLDERS:
        return None
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    if area in {"000", "666"} or area >= "900" or group == "00" or serial == "0000":
        return None
    return digits


def splink_table(data: Dataset) -> list[dict[str, object]]:
    """The columns splink is given: standardised as its documentation asks."""
    out = []
    for row in data.rows:
        birth = row["birth_date"]
        first, surname = _ascii(row["given"]), _ascii(row["family"])
        out.append(
            {
                "unique_id": row["id"],
                "first_name": first,
                "surname": surname,
                "first_name_surname_concat": f"{first} {surname}" if first and surname else None,
                "dob": birth.isoformat() if isinstance(birth, dt.date) else None,
                "sex": row["sex"],
                "ssn": _valid_ssn(row["ssn"]),
                "phone": _digits(row["phone"]),
                "zip": str(row["zip"])[:5] if row["zip"] else None,
                "city": _ascii(row["city"]),
            }
        )
    return out


def splink_matcher(
    data: Dataset, *, ssn: bool, exact: tuple[str, ...] = ("sex",)
) -> Callable[[], Outcome] | None:
    try:
        import pyarrow as pa  # type: ignore[import-untyped]
        import splink.comparison_library as cl
        from splink import Linker, SettingsCreator, block_on
        from splink.backends.duckdb import DuckDBAPI
    except ImportError:
        return None
    table = pa.Table.from_pylist(splink_table(data))
    blocking: list[Any] = [
        block_on("substr(first_name,1,3)", "substr(surname,1,4)"),
        block_on("surname", "dob"),
        block_on("first_name", "dob"),
        block_on("zip", "first_name"),
        block_on("zip", "surname"),
        block_on("dob", "city"),
        block_on("substr(zip,1,3)", "dob"),
        block_on("substr(zip,1,3)", "first_name"),
        block_on("substr(zip,1,3)", "surname"),
        block_on("substr(first_name,1,2)", "substr(surname,1,2)", "substr(dob,1,4)"),
    ]
    comparisons: list[Any] = [
        cl.ForenameSurnameComparison(
            "first_name", "surname", forename_surname_concat_col_name="first_name_surname_concat"
        ),
        cl.DateOfBirthComparison("dob", input_is_string=True),
        cl.ExactMatch("zip").configure(term_frequency_adjustments=True),
        cl.ExactMatch("city").configure(term_frequency_adjustments=True),
        *(cl.ExactMatch(column) for column in exact),
    ]
    if ssn:
        blocking.append(block_on("ssn"))
        comparisons.append(cl.ExactMatch("ssn"))

    def run() -> Outcome:
        db_api = DuckDBAPI()
        frame = db_api.register(table)
        settings = SettingsCreator(
            link_type="dedupe_only",
            blocking_rules_to_generate_predictions=blocking,
            comparisons=comparisons,
        )
        linker = Linker(frame, settings, log_level=logging.ERROR)
        linker.training.estimate_probability_two_random_records_match(
            [
                block_on("first_name", "surname", "dob"),
                block_on("substr(first_name,1,2)", "surname", "substr(zip,1,2)"),
                block_on("dob", "zip"),
            ],
            recall=0.6,
        )
        linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=1)
        for rule in (block_on("first_name", "surname"), block_on("dob")):
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, estimate_without_term_frequencies=True
            )
        predicted = linker.inference.predict(threshold_match_probability=0.5)
        relation = predicted.as_duckdbpyrelation()
        rows = relation.project("unique_id_l, unique_id_r, match_probability").fetchall()
        scores = {frozenset((str(a), str(b))): float(p) for a, b, p in rows}
        links = {pair for pair, p in scores.items() if p >= SPLINK_LINK}
        return Outcome(links, scores=scores)

    return run


# -- reporting ---------------------------------------------------------------------------


def _pct(hits: int, total: int) -> str:
    return f"{hits / total:.4f} ({hits:,}/{total:,})" if total else "n/a (0 pairs)"


def _report(name: str, data: Dataset, outcome: Outcome) -> tuple[list[str], Quality]:
    q = evaluate(data, outcome)
    seconds = statistics.median(outcome.seconds) if outcome.seconds else float("nan")
    lines = [
        (
            f"  {name}: {seconds:.2f} s (median of {len(outcome.seconds)}: "
            f"{', '.join(f'{s:.2f}' for s in outcome.seconds)}; CPU time "
            f"{statistics.median(outcome.cpu):.2f} s, all threads)"
        ),
        f"    auto-link pairs {len(outcome.links):,}; precision {q.precision:.5f}  "
        f"recall {q.recall:.4f}  F1 {q.f1:.4f}"
        + (
            f"  (F1 with every review pair resolved by a clerk: {q.f1_clerk:.4f})"
            if q.f1_clerk is not None
            else ""
        ),
    ]
    if outcome.candidates is not None:
        share = q.review_share if q.review_share is not None else 0.0
        lines.append(
            f"    review band {len(outcome.reviews):,} pairs ({len(outcome.reviews & set(data.error_types)):,}"
            f" true) = {share:.4%} of {outcome.candidates:,} candidate pairs compared"
        )
    if outcome.clusters is not None:
        mixed = sum(len({data.person[r] for r in group}) > 1 for group in outcome.clusters)
        lines.append(
            f"    clusters over auto-links: {len(outcome.clusters):,}, of which {mixed} hold "
            "two or more people (overlays)"
        )
    if outcome.scores:
        truth = set(data.error_types)
        at = [
            f"{cut}: {_prf({p for p, s in outcome.scores.items() if s >= cut}, truth)[2]:.4f}"
            for cut in SPLINK_CUTS
        ]
        lines.append(
            f"    F1 at other match probabilities (chosen knowing the truth): {', '.join(at)}"
        )
    lines.append(
        "    kept apart: " + "; ".join(f"{kind} {_pct(*q.kept_apart[kind])}" for kind in HARD_KINDS)
    )
    lines.append("    recall per error type (pairs carrying it, auto-linked):")
    for kind, (hits, total) in q.recall_by_type.items():
        lines.append(f"      {kind:<16} {_pct(hits, total)}")
    return lines, q


def _quality_verdicts(label: str, q: Quality, *, ssn: bool) -> Verdicts:
    target = F1_WITH_SSN if ssn else F1_WITHOUT_SSN
    out: Verdicts = [
        (q.f1 >= target, f"{label}: F1 {q.f1:.4f}; target >= {target}"),
        (
            q.precision >= LINK_PRECISION,
            f"{label}: auto-link precision {q.precision:.5f}; target >= {LINK_PRECISION}",
        ),
    ]
    for kind in ("twins", "jr_sr"):
        hits, total = q.kept_apart[kind]
        rate = hits / total if total else 1.0
        out.append(
            (
                rate >= KEPT_APART,
                f"{label}: {kind} kept apart {rate:.4f} ({hits}/{total}); target >= {KEPT_APART}",
            )
        )
    if q.review_share is not None:
        out.append(
            (
                q.review_share <= REVIEW_SHARE,
                (
                    f"{label}: review band "
                    f"{q.review_share:.4%} of candidate pairs; target <= {REVIEW_SHARE:.0%}"
                ),
            )
        )
    return out


def matching(n: int, *, seed: int, ssn: bool, splink: bool) -> tuple[list[str], Verdicts]:
    """Quality and time of the matchers on ``n`` records."""
    runs = 3 if n <= 5_000 else 1
    start = time.perf_counter()
    data = generate(n, seed=seed, ssn=ssn)
    made = time.perf_counter() - start
    kinds = Counter(data.hard_pairs.values())
    label = f"{n:,} records, {'with SSNs' if ssn else 'no SSNs'}"
    lines = [
        f"{label} (seed {seed}; generated in {made:.1f} s): {len(set(data.person.values())):,} "
        f"people, {len(data.error_types):,} true duplicate pairs; look-alike pairs: "
        + ", ".join(f"{k} {kinds[k]:,}" for k in HARD_KINDS),
    ]
    base = exact_baseline(data)
    bq = evaluate(data, base)
    lines.append(
        f"  exact name + birth date baseline: precision {bq.precision:.4f}  "
        f"recall {bq.recall:.4f}  F1 {bq.f1:.4f}"
    )
    verdicts: Verdicts = []
    mine = medoffice_matcher(data)
    outcome = _timed(mine, runs)
    text, q = _report("medoffice find_duplicates", data, outcome)
    lines += text
    lines.append(
        f"    pair completeness (true pairs sharing a blocking key): {pair_completeness(data):.4f}"
    )
    verdicts += _quality_verdicts(label, q, ssn=ssn)
    ours = statistics.median(outcome.seconds)
    if n in SECONDS:
        verdicts.append(
            (
                ours < SECONDS[n],
                (
                    f"{label}: find_duplicates {ours:.2f} s "
                    f"(median of {runs}); target < {SECONDS[n]:.0f} s"
                ),
            )
        )
    theirs = splink_matcher(data, ssn=ssn) if splink else None
    if theirs is None:
        lines.append("  splink: skipped (--no-splink, or not installed: pip install -e '.[bench]')")
        return lines, verdicts
    logging.getLogger("splink").setLevel(logging.ERROR)
    other = _timed(theirs, runs)
    text, sq = _report(f"splink (DuckDB, match probability >= {SPLINK_LINK})", data, other)
    lines += text
    slow = statistics.median(other.seconds)
    cpu_ratio = statistics.median(other.cpu) / statistics.median(outcome.cpu)
    lines.append(
        f"  F1 medoffice {q.f1:.4f} vs splink {sq.f1:.4f}; time splink/medoffice = "
        f"{slow / ours:.2f}x wall, {cpu_ratio:.2f}x CPU (above 1, medoffice is the faster)"
    )
    verdicts.append(
        (
            None,
            (
                f"{label}: F1 {q.f1:.4f} vs splink {sq.f1:.4f}; "
                f"splink takes {slow / ours:.2f}x medoffice's wall time, {cpu_ratio:.2f}x its CPU time"
            ),
        )
    )
    return lines, verdicts


def _query(rng: random.Random, row: dict[str, object]) -> dict[str, object]:
    family, given = str(row["family"] or "X"), str(row["given"] or "X")
    if rng.random() < 0.5:
        family = typo(rng, family.upper())
    else:
        given = typo(rng, given.upper())
    return {"name": f"{family}, {given}", "birth_date": row["birth_date"]}


def searching(seed: int, n: int = 100_000, queries: int = 1_000) -> tuple[list[str], Verdicts]:
    """``PatientIndex.search`` latency at ``n`` patients."""
    from medoffice.indexing.patients import PatientIndex, PatientRecord

    data = generate(n, seed=seed)
    records = [PatientRecord(**row) for row in data.rows]
    start, start_cpu = time.perf_counter(), time.process_time()
    index = PatientIndex.of(records)
    built, built_cpu = time.perf_counter() - start, time.process_time() - start_cpu
    rng = random.Random(seed + 1)
    picks = rng.sample(data.rows, queries)
    asked = [_query(rng, row) for row in picks]
    index.search(**asked[0])  # type: ignore[arg-type]  # warm
    laps, cpu, found = [], [], 0
    for row, query in zip(picks, asked, strict=True):
        start, start_cpu = time.perf_counter(), time.thread_time()
        hits = index.search(**query, limit=5)  # type: ignore[arg-type]
        laps.append(time.perf_counter() - start)
        cpu.append(time.thread_time() - start_cpu)
        found += any(data.person[c.record.id] == data.person[str(row["id"])] for c in hits)
    laps.sort()
    cpu.sort()
    p50, p95 = laps[len(laps) // 2] * 1e3, laps[int(len(laps) * 0.95)] * 1e3
    cpu50, cpu95 = cpu[len(cpu) // 2] * 1e3, cpu[int(len(cpu) * 0.95)] * 1e3
    lines = [
        (
            f"PatientIndex at {n:,} patients: built in {built:.2f} s (CPU {built_cpu:.2f} s); "
            f"{queries:,} searches "
            f"(name with one typo, birth date): p50 {p50:.2f} ms, p95 {p95:.2f} ms, "
            f"max {laps[-1] * 1e3:.2f} ms (CPU time: p50 {cpu50:.2f} ms, p95 {cpu95:.2f} ms); "
            f"the person in the top 5: {found / queries:.1%}"
        ),
    ]
    return lines, [
        (
            p95 < SEARCH_P95_MS,
            (
                f"PatientIndex.search p95 {p95:.2f} ms at "
                f"{n:,} patients; target < {SEARCH_P95_MS:.0f} ms"
            ),
        )
    ]


def _documents(data: Dataset, rng: random.Random) -> Iterable[object]:
    from medoffice.indexing.documents import DocType, Document

    kinds = list(DocType)
    received = dt.datetime(2024, 1, 2, 8, 0, tzinfo=dt.UTC)
    words = ("potassium", "glucose", "referral", "follow-up", "x-ray", "normal", "mri", "consent")
    for k, row in enumerate(data.rows):
        yield Document(
            id=f"D{k:06d}",
            patient_id=str(row["id"]),
            family=row["family"],
            given=row["given"],
            birth_date=row["birth_date"],
            received_at=received + dt.timedelta(minutes=k),
            doc_type=rng.choice(kinds),
            text=" ".join(rng.sample(words, 3)),
        )


def documents(seed: int, n: int = 100_000) -> tuple[list[str], Verdicts]:
    """``DocumentIndex.of`` on ``n`` documents."""
    try:
        from medoffice.indexing.documents import DocumentIndex
    except ImportError:
        return ["DocumentIndex: not available yet"], [(None, "DocumentIndex: skipped")]
    data = generate(n, seed=seed)
    start = time.perf_counter()
    docs = list(_documents(data, random.Random(seed)))
    made = time.perf_counter() - start
    gc.collect()
    start, start_cpu = time.perf_counter(), time.process_time()
    index = DocumentIndex.of(docs)  # type: ignore[arg-type]
    built, built_cpu = time.perf_counter() - start, time.process_time() - start_cpu
    assert len(index) == n
    lines = [
        (
            f"DocumentIndex.of {n:,} documents: {built:.2f} s (CPU time {built_cpu:.2f} s; "
            "making the Document values: "
            f"{made:.2f} s, not counted)"
        )
    ]
    return lines, [
        (
            built < DOCUMENTS_SECONDS,
            f"indexing {n:,} documents {built:.2f} s; target < {DOCUMENTS_SECONDS:.0f} s",
        )
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5,000 records only")
    parser.add_argument("--seed", type=int, default=7, help="the generator's seed (7)")
    parser.add_argument("--no-splink", action="store_true", help="skip the splink anchor")
    args = parser.parse_args()
    sizes = (5_000,) if args.quick else (5_000, 100_000)
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.2f} at the start"
    )
    verdicts: Verdicts = []
    for n in sizes:
        for ssn in (True, False):
            lines, more = matching(n, seed=args.seed, ssn=ssn, splink=not args.no_splink)
            print("\n".join(lines), flush=True)
            verdicts += more
    if not args.quick:
        for part in (searching, documents):
            lines, more = part(args.seed)
            print("\n".join(lines), flush=True)
            verdicts += more
    print(f"load average {os.getloadavg()[0]:.2f} at the end")
    for ok, text in verdicts:
        print(f"{'PASS' if ok else 'FAIL' if ok is False else 'INFO'}: {text}")
    return 0 if all(ok is not False for ok, _ in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
