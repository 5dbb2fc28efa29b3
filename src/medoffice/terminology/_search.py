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
import functools
import heapq
import math
import re
import unicodedata
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence

import attrs

from medoffice.terminology._model import Field, Match, MatchKind, trusted

__all__ = ["Document", "Found", "SearchIndex", "normalize_words"]

_WORD_RE = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "nos", "s"}
)
_FIELD_WEIGHT = {Field.SYNONYM: 1.3, Field.TITLE: 1.0, Field.TERM: 0.6, Field.CODE: 1.0}
_KIND_WEIGHT = {MatchKind.EXACT: 1.0, MatchKind.PREFIX: 0.75, MatchKind.TYPO: 0.6}
_FIELD_WEIGHTS = {f.value: w for f, w in _FIELD_WEIGHT.items()}  # by str value: C-level hash
_KIND_WEIGHTS = {k.value: w for k, w in _KIND_WEIGHT.items()}
_MIN_CANDIDATES = 24
_UNION_MAX = 4000  # a word's candidates are checked through a set up to this many documents
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
    # Stop words are dropped after stemming: "fors" stems to "for".
    return [s for w in _WORD_RE.findall(_fold(text)) if (s := _stem(w)) not in _STOP]


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
        "__weakref__",
        "_code_list",
        "_code_numbers",
        "_doc_offsets",
        "_doc_tokens",
        "_idf",
        "_keys",
        "_names",
        "_postings",
        "_priors",
        "_synonym_phrases",
        "_synonym_postings",
        "_title_counts",
        "_vocab",
        "_words",
    )

    def __init__(self, documents: Iterable[Document]) -> None:
        docs = tuple(documents)
        vocab: dict[str, int] = {}
        postings: list[list[int]] = []
        synonym_postings: dict[int, list[int]] = {}
        synonym_phrases: dict[int, tuple[str, ...]] = {}
        doc_tokens = array("I")
        doc_offsets = array("I", [0])
        title_counts = array("H")

        def token_id(word: str) -> int:
            tid = vocab.get(word)
            if tid is None:
                tid = vocab[word] = len(postings)
                postings.append([])
            return tid

        for number, doc in enumerate(docs):
            title_words = normalize_words(doc.title)
            seen: dict[int, None] = {}  # insertion-ordered: title words first
            for word in title_words:
                seen[token_id(word)] = None
            title_counts.append(len(seen))
            for text in doc.terms:
                for word in normalize_words(text):
                    seen[token_id(word)] = None
            synonym_seen: set[int] = set()
            if doc.synonyms:
                synonym_phrases[number] = tuple(
                    " ".join(normalize_words(text)) for text in doc.synonyms
                )
            for text in doc.synonyms:
                for word in normalize_words(text):
                    tid = token_id(word)
                    seen[tid] = None
                    if tid not in synonym_seen:
                        synonym_seen.add(tid)
                        synonym_postings.setdefault(tid, []).append(number)
            for tid in seen:
                postings[tid].append(number)
            doc_tokens.extend(seen)
            doc_offsets.append(len(doc_tokens))
        self._vocab = vocab
        self._names = tuple(sorted(vocab, key=vocab.__getitem__))
        self._words = sorted(vocab)
        self._postings = tuple(array("I", p) for p in postings)
        self._synonym_postings = {t: array("I", p) for t, p in synonym_postings.items()}
        self._synonym_phrases = synonym_phrases
        n = max(len(docs), 1)
        self._idf = tuple(math.log(1.0 + n / (1 + len(p))) for p in postings)
        self._doc_tokens = doc_tokens
        self._doc_offsets = doc_offsets
        self._title_counts = title_counts
        # Only what searching needs is kept: not the documents, nor their texts.
        self._keys = array("I", (doc.key for doc in docs))
        self._priors = array("d", (doc.prior for doc in docs))
        by_code = sorted((doc.code, number) for number, doc in enumerate(docs))
        self._code_list = [code for code, _ in by_code]
        self._code_numbers = array("I", (number for _, number in by_code))

    def __len__(self) -> int:
        return len(self._keys)

    # -- candidates -------------------------------------------------------------

    @functools.lru_cache(maxsize=2048)  # noqa: B019 (indexes live as long as their code set)
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
        codes = self._code_list
        start = bisect.bisect_left(codes, prefix)
        taken = 0
        for at in range(start, len(codes)):
            code = codes[at]
            if not code.startswith(prefix) or taken >= 4 * limit:
                break
            key = self._keys[self._code_numbers[at]]
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
            _Plan(self, w, self._candidates(w, last=i == len(words) - 1, short_ok=len(words) > 1))
            for i, w in enumerate(words)
        ]
        scored = self._match_all(plans, keep, limit, penalty=0.0)
        if not scored and len(words) > 1:
            # Nothing matches every word: leave one out at a time, and rank lower.
            best: dict[int, _Scored] = {}
            for skip in range(len(words)):
                for item in self._match_all(
                    plans[:skip] + plans[skip + 1 :], keep, limit, penalty=2.0
                ):
                    if item[1] not in best or best[item[1]][0] < item[0]:
                        best[item[1]] = item
            scored = list(best.values())
        scored.sort(key=lambda item: (-item[0], self._keys[item[1]]))
        return [self._found(item) for item in scored[:limit]]

    def _tokens_of(self, number: int) -> tuple[array[int], int]:
        """The token ids of document ``number`` (title ones first) and how many are title."""
        offsets = self._doc_offsets
        return self._doc_tokens[offsets[number] : offsets[number + 1]], self._title_counts[number]

    def _match_all(
        self,
        plans: list[_Plan],
        keep: Callable[[int], bool],
        limit: int,
        *,
        penalty: float,
    ) -> list[_Scored]:
        if not plans or any(not p.tokens for p in plans):
            return []
        base = min(plans, key=lambda p: p.size)
        lists = [self._postings[t] for t in base.tokens]
        stream: Iterable[int] = lists[0] if len(lists) == 1 else _dedupe(heapq.merge(*lists))
        # Documents come best first (short, general titles), so the first few
        # that match are the ones worth scoring; lay synonyms are added below.
        cap = max(_MIN_CANDIDATES, 2 * limit)
        keys, priors = self._keys, self._priors
        chosen: dict[int, None] = {}
        # The per-document test, without a generator or a method call per word:
        # sorted posting arrays (one token), sets (a union up to _UNION_MAX), else member().
        arrays: list[array[int]] = []
        sets: list[set[int]] = []
        slow: list[Callable[[int], bool]] = []
        for plan in plans:
            if plan is not base:
                test = plan.test()
                if isinstance(test, array):
                    arrays.append(test)
                elif isinstance(test, set):
                    sets.append(test)
                else:
                    slow.append(test)
        for number in stream:
            for values in arrays:
                i = bisect.bisect_left(values, number)
                if i == len(values) or values[i] != number:
                    break
            else:
                for found in sets:
                    if number not in found:
                        break
                else:
                    if (not slow or all(m(number) for m in slow)) and keep(keys[number]):
                        chosen[number] = None
                        if len(chosen) >= cap:
                            break
        # Score fully only the most promising: a cheap estimate from the static
        # prior and how much of the title the query words could cover.
        words = len(plans)
        counts = self._title_counts

        def estimate(number: int) -> float:
            return priors[number] + 3.0 * min(1.0, words / max(counts[number], 1))

        shortlist = sorted(chosen, key=lambda n: (-estimate(n), n))[: limit + 4]
        picked = dict.fromkeys(shortlist)
        for plan in plans:
            for tid in plan.tokens:
                for number in self._synonym_postings.get(tid, ()):
                    if number in picked:
                        continue
                    tokens = set(self._tokens_of(number)[0])
                    if all(not p.tokens.keys().isdisjoint(tokens) for p in plans) and keep(
                        keys[number]
                    ):
                        picked[number] = None
        return [self._score(number, plans, penalty) for number in picked]

    def _score(self, number: int, plans: list[_Plan], penalty: float) -> _Scored:
        tokens, title_count = self._tokens_of(number)
        title = tokens[:title_count]  # a few ids: `in` on the array beats building sets
        score = self._priors[number] - penalty
        matched_title = 0
        details: list[tuple[str, int, Field, MatchKind]] = []
        corrected: list[str] = []
        completed = False
        synonym_postings = self._synonym_postings
        for plan in plans:
            best: tuple[float, int, Field, MatchKind] | None = None
            wanted = plan.tokens
            for tid in tokens:
                kind = wanted.get(tid)
                if kind is None:
                    continue
                if tid in title:
                    where = Field.TITLE
                elif _contains(synonym_postings.get(tid, _EMPTY), number):
                    where = Field.SYNONYM
                else:
                    where = Field.TERM
                # A completed prefix counts as much as its most common completion, so
                # type-ahead prefers common words over rare ones.
                rarity = plan.prefix_idf if kind is MatchKind.PREFIX else self._idf[tid]
                # Weights by identity: hashing an Enum runs Python code.
                weight = rarity * _FIELD_WEIGHTS[where.value] * _KIND_WEIGHTS[kind.value]
                if best is None or weight > best[0] or (weight == best[0] and tid < best[1]):
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
            details.append((plan.word, tid, where, kind))
        if title_count:
            score += 3.0 * matched_title / title_count
        names = self._names
        title_text = " ".join(names[t] for t in tokens[:title_count])
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
        return (round(score, 6), number, tuple(details))

    def _found(self, item: _Scored) -> Found:
        score, number, details = item
        matches = tuple(
            trusted(Match, word=word, matched=self._names[tid], field=where, kind=kind)
            for word, tid, where, kind in details
        )
        return trusted(Found, key=self._keys[number], score=score, matches=matches)


#: (score, document number, ((query word, token id, field, kind), ...))
_Scored = tuple[float, int, tuple[tuple[str, int, Field, MatchKind], ...]]


class _Plan:
    """One query word and the indexed words it may match."""

    __slots__ = ("_index", "_union", "prefix_idf", "size", "tokens", "word")

    def __init__(
        self, index: SearchIndex, word: str, candidates: list[tuple[int, MatchKind]]
    ) -> None:
        self.word = word
        self.tokens: dict[int, MatchKind] = {}
        for tid, kind in candidates:
            self.tokens.setdefault(tid, kind)
        postings = index._postings
        self.size = sum(len(postings[t]) for t in self.tokens)
        self.prefix_idf = min(
            (index._idf[t] for t, k in self.tokens.items() if k is MatchKind.PREFIX),
            default=0.0,
        )
        self._index = index
        self._union: set[int] | None = None

    def test(self) -> array[int] | set[int] | Callable[[int], bool]:
        """How to test documents for this word, the cheapest way.

        A sorted posting array (one token), the union of its postings (up to
        ``_UNION_MAX`` documents), else :meth:`member`.
        """
        postings = self._index._postings
        if len(self.tokens) == 1:
            return postings[next(iter(self.tokens))]
        if self.size <= _UNION_MAX:
            if self._union is None:
                self._union = set().union(*(postings[t] for t in self.tokens))
            return self._union
        return self.member

    def member(self, number: int) -> bool:
        """Whether document ``number`` has one of this word's candidates."""
        postings = self._index._postings
        if len(self.tokens) == 1:
            return _contains(postings[next(iter(self.tokens))], number)
        if self.size <= _UNION_MAX:
            if self._union is None:
                self._union = set().union(*(postings[t] for t in self.tokens))
            return number in self._union
        tokens, _title = self._index._tokens_of(number)
        return not self.tokens.keys().isdisjoint(tokens)


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
