"""The keyword search shared by medoffice's code sets.

An inverted index over *documents* (code-set entries), each with a code, a
title, other terms (inclusion terms) and lay synonyms. Documents are given in
their *static order*, best first (short, general titles before long, specific
ones): postings are kept in that order, so a broad query can stop after the
first few hundred candidates and still find the best ones.

Matching, per query word: the exact word; the word as a prefix of an indexed
word when it is the last query word (type-ahead); otherwise words one edit away
(one typo per word). All query words must match (AND); if nothing matches all
of them, the search drops one word at a time and ranks what is left lower.

Ranking adds, per query word, the rarity of the matched word (idf) weighted by
where it matched (synonym, title, inclusion term) and how (exact, prefix, typo);
then how much of the title the query covers, bonuses when the query is the
title, a phrase of it, or one of the document's lay synonyms, and the caller's
static prior for the document.
"""

from __future__ import annotations

import bisect
import heapq
import math
import re
import unicodedata
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence

import attrs

from medoffice.terminology._model import Field, Match, MatchKind

__all__ = ["Document", "Found", "SearchIndex", "normalize_words"]

_WORD_RE = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "nos", "s"}
)
_FIELD_WEIGHT = {Field.SYNONYM: 1.3, Field.TITLE: 1.0, Field.TERM: 0.6, Field.CODE: 1.0}
_KIND_WEIGHT = {MatchKind.EXACT: 1.0, MatchKind.PREFIX: 0.75, MatchKind.TYPO: 0.6}
_CANDIDATE_CAP = 400
_PREFIX_CAP = 48
_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
_TYPO_MAX = 40  # no medical word is longer; longer input gets no typo variants


def _fold(text: str) -> str:
    """Lower-case, without accents or apostrophes."""
    text = text.lower().replace("'", "").replace("\u2019", "")
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _stem(word: str) -> str:
    """A light plural stem: ``fractures`` → ``fracture``, ``abscess`` stays."""
    if len(word) > 3 and word[-1] == "s" and word[-2] not in "sui":
        return word[:-1]
    return word


def normalize_words(text: str) -> list[str]:
    """Split text into normalised search words (folded, stemmed, no stop words).

    >>> normalize_words("Crohn's disease of small intestines, NOS")
    ['crohn', 'disease', 'small', 'intestine']
    """
    return [_stem(w) for w in _WORD_RE.findall(_fold(text)) if w not in _STOP]


@attrs.frozen(kw_only=True)
class Document:
    """One searchable entry: its caller-side key, code and texts."""

    key: int
    code: str
    title: str
    terms: tuple[str, ...] = ()
    synonyms: tuple[str, ...] = ()
    prior: float = 0.0


@attrs.frozen(kw_only=True)
class Found:
    """A search result before the code set turns it into a ``Hit``."""

    key: int
    score: float
    matches: tuple[Match, ...]


class SearchIndex:
    """An inverted index over documents given best first.

    >>> index = SearchIndex([
    ...     Document(key=0, code="I10", title="Essential (primary) hypertension",
    ...              synonyms=("high blood pressure",), prior=1.0),
    ...     Document(key=1, code="I150", title="Renovascular hypertension"),
    ... ])
    >>> [f.key for f in index.search("high blood pressure")]
    [0]
    >>> [f.key for f in index.search("hypertensoin")]
    [0, 1]
    """

    __slots__ = (
        "_codes",
        "_docs",
        "_idf",
        "_names",
        "_postings",
        "_synonym_phrases",
        "_synonym_postings",
        "_title_ids",
        "_title_offsets",
        "_titles",
        "_vocab",
        "_words",
    )

    def __init__(self, documents: Iterable[Document]) -> None:
        docs = tuple(documents)
        self._docs = docs
        vocab: dict[str, int] = {}
        postings: list[list[int]] = []
        synonym_postings: dict[int, list[int]] = {}
        synonym_phrases: dict[int, tuple[str, ...]] = {}
        title_ids = array("I")
        title_offsets = array("I", [0])
        titles: list[str] = []

        def token_id(word: str) -> int:
            tid = vocab.get(word)
            if tid is None:
                tid = vocab[word] = len(postings)
                postings.append([])
            return tid

        for number, doc in enumerate(docs):
            title_words = normalize_words(doc.title)
            titles.append(" ".join(title_words))
            seen: set[int] = set()
            for word in title_words:
                tid = token_id(word)
                if tid not in seen:
                    seen.add(tid)
                    title_ids.append(tid)
            title_offsets.append(len(title_ids))
            for text in doc.terms:
                for word in normalize_words(text):
                    seen.add(token_id(word))
            synonym_seen: set[int] = set()
            if doc.synonyms:
                synonym_phrases[number] = tuple(
                    " ".join(normalize_words(text)) for text in doc.synonyms
                )
            for text in doc.synonyms:
                for word in normalize_words(text):
                    tid = token_id(word)
                    seen.add(tid)
                    if tid not in synonym_seen:
                        synonym_seen.add(tid)
                        synonym_postings.setdefault(tid, []).append(number)
            for tid in seen:
                postings[tid].append(number)
        self._vocab = vocab
        self._names = tuple(sorted(vocab, key=vocab.__getitem__))
        self._words = sorted(vocab)
        self._postings = tuple(array("I", p) for p in postings)
        self._synonym_postings = {t: array("I", p) for t, p in synonym_postings.items()}
        self._synonym_phrases = synonym_phrases
        n = max(len(docs), 1)
        self._idf = tuple(math.log(1.0 + n / (1 + len(p))) for p in postings)
        self._title_ids = title_ids
        self._title_offsets = title_offsets
        self._titles = tuple(titles)
        self._codes = sorted((doc.code, number) for number, doc in enumerate(docs))

    def __len__(self) -> int:
        return len(self._docs)

    # -- candidates -------------------------------------------------------------

    def _candidates(
        self, word: str, *, last: bool, short_ok: bool = False
    ) -> list[tuple[int, MatchKind]]:
        found: list[tuple[int, MatchKind]] = []
        tid = self._vocab.get(word)
        if tid is not None:
            found.append((tid, MatchKind.EXACT))
        if last and (len(word) >= 2 or short_ok):  # "chest p" completes to "chest pain"
            words = self._words
            start = bisect.bisect_right(words, word)
            prefixed: list[int] = []
            for other in words[start : start + 4 * _PREFIX_CAP]:
                if not other.startswith(word):
                    break
                prefixed.append(self._vocab[other])
            if len(prefixed) > _PREFIX_CAP:
                prefixed.sort(key=lambda t: -len(self._postings[t]))
                prefixed = prefixed[:_PREFIX_CAP]
            found.extend((t, MatchKind.PREFIX) for t in prefixed)
        if not found and 4 <= len(word) <= _TYPO_MAX:
            found.extend((t, MatchKind.TYPO) for t in self._typos(word))
        return found

    def _typos(self, word: str) -> list[int]:
        """Indexed words one edit (delete, swap, replace, insert) away from ``word``."""
        variants: set[str] = set()
        for i in range(len(word) + 1):
            head, tail = word[:i], word[i:]
            if tail:
                variants.add(head + tail[1:])
                if len(tail) > 1:
                    variants.add(head + tail[1] + tail[0] + tail[2:])
                for c in _ALPHABET:
                    variants.add(head + c + tail[1:])
            for c in _ALPHABET:
                variants.add(head + c + tail)
        variants.discard(word)
        vocab = self._vocab
        found = {vocab[v] for v in variants if v in vocab}
        found.update(vocab[_stem(v)] for v in variants if _stem(v) in vocab)
        return sorted(found)

    # -- search -----------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        limit: int = 10,
        accept: Callable[[int], bool] | None = None,
        code_match: Callable[[str], str | None] | None = None,
    ) -> list[Found]:
        """Return up to ``limit`` results, best first.

        Args:
            query: The user's words (or a code or code prefix).
            limit: How many results at most.
            accept: A filter on document keys (a date of service, billable only).
            code_match: Turns the query into a canonical code prefix when it looks
                like a code (``"e11.9"`` → ``"E119"``), or returns ``None``.
        """
        keep = accept or _always
        results: dict[int, Found] = {}
        if code_match is not None:
            prefix = code_match(query)
            if prefix is not None:
                for found in self._by_code(prefix, keep, limit):
                    results[found.key] = found
        words = list(dict.fromkeys(normalize_words(query)))
        if words and not results:
            for found in self._by_words(words, keep, limit):
                if found.key not in results:
                    results[found.key] = found
        ranked = sorted(results.values(), key=lambda f: (-f.score, f.key))
        return ranked[:limit]

    def _by_code(self, prefix: str, keep: Callable[[int], bool], limit: int) -> Iterator[Found]:
        codes = self._codes
        start = bisect.bisect_left(codes, (prefix, -1))
        taken = 0
        for code, number in codes[start:]:
            if not code.startswith(prefix) or taken >= 4 * limit:
                break
            key = self._docs[number].key
            if keep(key):
                taken += 1
                score = 100.0 - (len(code) - len(prefix)) - taken * 1e-3
                yield Found(
                    key=key,
                    score=score,
                    matches=(
                        Match(
                            word=prefix,
                            matched=code,
                            field=Field.CODE,
                            kind=_code_kind(code, prefix),
                        ),
                    ),
                )

    def _by_words(self, words: list[str], keep: Callable[[int], bool], limit: int) -> list[Found]:
        plans = [
            self._candidates(w, last=i == len(words) - 1, short_ok=len(words) > 1)
            for i, w in enumerate(words)
        ]
        found = self._match_all(words, plans, keep, penalty=0.0)
        if found or len(words) < 2:
            return found
        # Nothing matches every word: leave one out at a time, and rank lower.
        merged: dict[int, Found] = {}
        for skip in range(len(words)):
            sub_words = words[:skip] + words[skip + 1 :]
            sub_plans = plans[:skip] + plans[skip + 1 :]
            for f in self._match_all(sub_words, sub_plans, keep, penalty=2.0):
                if f.key not in merged or merged[f.key].score < f.score:
                    merged[f.key] = f
        return sorted(merged.values(), key=lambda f: (-f.score, f.key))[: 4 * limit]

    def _match_all(
        self,
        words: list[str],
        plans: list[list[tuple[int, MatchKind]]],
        keep: Callable[[int], bool],
        *,
        penalty: float,
    ) -> list[Found]:
        if not words or any(not p for p in plans):
            return []
        postings = self._postings
        sizes = [sum(len(postings[t]) for t, _ in plan) for plan in plans]
        order = sorted(range(len(words)), key=sizes.__getitem__)
        base, others = order[0], order[1:]
        base_lists = [postings[t] for t, _ in plans[base]]
        stream: Iterable[int] = (
            base_lists[0] if len(base_lists) == 1 else _dedupe(heapq.merge(*base_lists))
        )

        def matches_all(number: int) -> bool:
            return all(any(_contains(postings[t], number) for t, _ in plans[i]) for i in others)

        chosen: list[int] = []
        for number in stream:
            if matches_all(number) and keep(self._docs[number].key):
                chosen.append(number)
                if len(chosen) >= _CANDIDATE_CAP:
                    break
        # Lay synonyms can sit on documents far down the static order.
        for tid, _kind in (pair for plan in plans for pair in plan):
            for number in self._synonym_postings.get(tid, ()):
                if (
                    number not in chosen
                    and self._in_all(number, plans)
                    and keep(self._docs[number].key)
                ):
                    chosen.append(number)
        return [self._score(number, words, plans, penalty) for number in chosen]

    def _in_all(self, number: int, plans: list[list[tuple[int, MatchKind]]]) -> bool:
        """Whether document ``number`` matches some candidate of every plan."""
        postings = self._postings
        return all(any(_contains(postings[t], number) for t, _ in plan) for plan in plans)

    def _score(
        self,
        number: int,
        words: list[str],
        plans: list[list[tuple[int, MatchKind]]],
        penalty: float,
    ) -> Found:
        doc = self._docs[number]
        title_ids = self._title_ids[self._title_offsets[number] : self._title_offsets[number + 1]]
        title_set = set(title_ids)
        score = doc.prior - penalty
        matched_title = 0
        matches: list[Match] = []
        corrected: list[str] = []
        completed = False
        for word, plan in zip(words, plans, strict=True):
            best: tuple[float, int, Field, MatchKind] | None = None
            prefix_idf = min((self._idf[t] for t, k in plan if k is MatchKind.PREFIX), default=0.0)
            for tid, kind in plan:
                if not _contains(self._postings[tid], number):
                    continue
                if tid in title_set:
                    where = Field.TITLE
                elif _contains(self._synonym_postings.get(tid, _EMPTY), number):
                    where = Field.SYNONYM
                else:
                    where = Field.TERM
                # A completed prefix counts as much as its most common completion, so
                # type-ahead prefers common words over rare ones.
                rarity = prefix_idf if kind is MatchKind.PREFIX else self._idf[tid]
                weight = rarity * _FIELD_WEIGHT[where] * _KIND_WEIGHT[kind]
                if best is None or weight > best[0]:
                    best = (weight, tid, where, kind)
            if best is None:
                continue
            weight, tid, where, kind = best
            score += weight
            if kind is MatchKind.PREFIX:
                # Type-ahead: prefer the completions people mean most often.
                completed = True
                score += 0.5 * math.log1p(len(self._postings[tid]))
            corrected.append(self._names[tid])
            if where is Field.TITLE:
                matched_title += 1
            matches.append(Match(word=word, matched=self._names[tid], field=where, kind=kind))
        if title_ids:
            score += 3.0 * matched_title / len(title_ids)
        title_text = self._titles[number]
        # The phrase as the document spells it (typos corrected, prefixes completed).
        phrase = " ".join(corrected)
        bonus = 0.0
        if phrase == title_text:
            bonus += 3.0
        elif phrase and phrase in title_text:
            bonus += 0.5
        synonyms = self._synonym_phrases.get(number, ())
        if phrase in synonyms:
            bonus += 4.0
        elif any(phrase in synonym for synonym in synonyms):
            bonus += 1.0
        # A phrase the search completed is weaker evidence than one typed out.
        score += bonus / 2 if completed else bonus
        return Found(key=doc.key, score=round(score, 6), matches=tuple(matches))


_EMPTY = array("I")


def _always(_key: int) -> bool:
    return True


def _contains(values: Sequence[int], number: int) -> bool:
    i = bisect.bisect_left(values, number)
    return i < len(values) and values[i] == number


def _dedupe(numbers: Iterable[int]) -> Iterator[int]:
    last = -1
    for n in numbers:
        if n != last:
            last = n
            yield n


def _code_kind(code: str, prefix: str) -> MatchKind:
    return MatchKind.EXACT if code == prefix else MatchKind.PREFIX
