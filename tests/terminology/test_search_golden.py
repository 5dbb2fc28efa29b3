"""Search results pinned: the whole ranking of a broad query set, as it was written.

``golden/icd10cm_search.tsv`` holds, per query and search option, a digest of
every hit (code, display, title, billable, score, and each match: word,
matched, field, kind): a speed-up of the search must give the very same
results, order, scores and matches. The queries: the relevance test's, and,
from a seeded sample of the bundled tabular titles, their first one to three
words (type-ahead), partly typed last words, and words with one typo.

When the ranking is changed on purpose, rewrite the file (and say so in the
change)::

    python tests/terminology/test_search_golden.py
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import sys
from pathlib import Path

import pytest

from medoffice.terminology import Hit, icd10cm

GOLDEN = Path(__file__).parent / "golden" / "icd10cm_search.tsv"
SEED = 20261128
OLDER = dt.date(2023, 3, 1)
#: Search options by name: the default, other limits, billable codes only, an older release.
OPTIONS: dict[str, dict[str, object]] = {
    "default": {},
    "limit3": {"limit": 3},
    "limit25": {"limit": 25},
    "billable": {"billable_only": True},
    "fy2023": {"on": OLDER},
}


def digest(hits: tuple[Hit, ...]) -> str:
    """A short, stable digest of the hits, matches included."""
    rows = [
        [h.code, h.display, h.title, h.billable, repr(h.score)]
        + [[m.word, m.matched, m.field.value, m.kind.value] for m in h.matches]
        for h in hits
    ]
    text = json.dumps(rows, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def queries() -> list[str]:
    """The query set: written afresh from the bundled titles (seeded), relevance first."""
    from tests.terminology.test_icd10cm_search import RELEVANCE

    rng = random.Random(SEED)  # noqa: S311 (a seeded sample, not a secret)
    cs = icd10cm._load()
    sample = rng.sample(range(len(cs._codes)), 1000)
    titles = [title for i in sample if (title := cs._tables.title(i))]
    found = [query for query, _ in RELEVANCE]
    for title in titles:
        words = title.split()[: rng.randint(1, 3)]
        query = " ".join(words).rstrip(",;:([-")
        roll = rng.random()
        if roll < 0.25 and len(query) > 3:  # the last word partly typed
            query = query[: rng.randint(2, len(query) - 1)]
        elif roll < 0.35 and len(query) > 5:  # one letter dropped
            at = rng.randrange(1, len(query) - 1)
            query = query[:at] + query[at + 1 :]
        found.append(query)
    return list(dict.fromkeys(q for q in found if "\t" not in q and "\n" not in q))


def cases() -> list[tuple[str, str]]:
    """(query, option) pairs: every query by default, every fifth with each other option."""
    return [
        (query, option)
        for n, query in enumerate(queries())
        for option in OPTIONS
        if option == "default" or n % 5 == 0
    ]


def results(pairs: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    return {(q, o): digest(icd10cm.search(q, **OPTIONS[o])) for q, o in pairs}  # type: ignore[arg-type]


def read_golden() -> dict[tuple[str, str], str]:
    rows = [line.split("\t") for line in GOLDEN.read_text(encoding="utf-8").splitlines()]
    return {(query, option): value for option, value, query in rows}


def test_search_results_are_the_ones_pinned() -> None:
    golden = read_golden()
    pairs = cases()
    # The file pins the same query set as the test makes (seeded, from the bundled data).
    assert set(golden) == set(pairs)
    got = results(pairs)
    changed = [pair for pair in pairs if got[pair] != golden[pair]]
    shown = [
        (q, o, [(h.code, h.score) for h in icd10cm.search(q, **OPTIONS[o])])  # type: ignore[arg-type]
        for q, o in changed[:5]
    ]
    assert not changed, f"{len(changed)} of {len(pairs)} searches changed, e.g. {shown}"


@pytest.mark.parametrize("query", ["", "   ", "zzzzqqq"])
def test_queries_without_hits_digest_alike(query: str) -> None:
    assert digest(icd10cm.search(query)) == digest(())


def write_golden() -> None:
    got = results(cases())
    lines = [f"{option}\t{value}\t{query}" for (query, option), value in got.items()]
    GOLDEN.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} searches to {GOLDEN}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    write_golden()
