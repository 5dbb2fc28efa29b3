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
from collections.abc import Callable, Collection, Iterable, Iterator

import attrs

from medoffice.terminology._model import Field, Match, MatchKind, new_match

__all__ = ["Document", "Found", "Ranked", "SearchIndex", "normalize_words"]

_WORD_RE = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "nos", "s"}
)
_FIELD_WEIGHT = {Field.SYNONYM: 1.3, Field.TITLE: 1.0, Field.TERM: 0.6, Field.CODE: 1.0}
_KIND_WEIGHT = {MatchKind.EXACT: 1.0, MatchKind.PREFIX: 0.75, MatchKind.TYPO: 0.6}
_MIN_CANDIDATES = 24
_UNION_MAX = 4000  # a word's candidates are checked through a set up to this many documents
_UNION_AFTER = 64  # documents tested one by one before that set is built
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


#: (score, document key, matches): a result as :meth:`SearchIndex.ranked` gives it.
Ranked = tuple[float, int, tuple[Match, ...]]
#: (score, document number, ((query word, token id, field, kind), ...)): a scored document.
#: (score, document number, ((query word, token id, field, kind), ...)): a scored document;
#: the field as its index in _FIELD_AT.
_Scored = tuple[float, int, tuple[tuple[str, int, int, MatchKind], ...]]
#: A matched token's field, by where it sits among the document's tokens, and its weight.
_FIELD_AT = (Field.TITLE, Field.SYNONYM, Field.TERM)
_FIELD_AT_WEIGHT = tuple(_FIELD_WEIGHT[field] for field in _FIELD_AT)
_EXACT, _PREFIX, _TYPO = MatchKind.EXACT, MatchKind.PREFIX, MatchKind.TYPO
_EXACT_WEIGHT, _PREFIX_WEIGHT, _TYPO_WEIGHT = (_KIND_WEIGHT[k] for k in (_EXACT, _PREFIX, _TYPO))


class _Word:
    """What one query word may match, worked out once per word (and cached)."""

    __slots__ = ("kinds", "only", "only_weights", "prefix_idf", "size")

    def __init__(self, index: SearchIndex, candidates: list[tuple[int, MatchKind]]) -> None:
        kinds: dict[int, MatchKind] = {}
        for tid, kind in candidates:
            kinds.setdefault(tid, kind)
        self.kinds = kinds
        self.size = sum(map(len, map(index._postings.__getitem__, kinds)))
        prefixed = [t for t, k in kinds.items() if k is MatchKind.PREFIX]
        self.prefix_idf = min(map(index._idf.__getitem__, prefixed), default=0.0)
        #: The one candidate token (most words have one), and its weight per field.
        self.only = -1
        self.only_weights: tuple[float, ...] = (0.0, 0.0, 0.0)
        if len(kinds) == 1:
            ((self.only, kind),) = kinds.items()
            rarity = self.prefix_idf if kind is MatchKind.PREFIX else index._idf[self.only]
            self.only_weights = tuple(rarity * w * _KIND_WEIGHT[kind] for w in _FIELD_AT_WEIGHT)


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
        "_synonym_counts",
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
        synonym_counts = array("H")

        def token_ids(texts: Iterable[str]) -> dict[int, None]:
            ids: dict[int, None] = {}  # insertion-ordered, without repeats
            for text in texts:
                for word in normalize_words(text):
                    tid = vocab.get(word)
                    if tid is None:
                        tid = vocab[word] = len(postings)
                        postings.append([])
                    ids[tid] = None
            return ids

        for number, doc in enumerate(docs):
            # Token ids are given in this order: title words, terms, synonyms.
            title = token_ids((doc.title,))
            terms = token_ids(doc.terms)
            synonyms = token_ids(doc.synonyms)
            if doc.synonyms:
                synonym_phrases[number] = tuple(
                    " ".join(normalize_words(text)) for text in doc.synonyms
                )
            for tid in synonyms:
                synonym_postings.setdefault(tid, []).append(number)
            # Stored title words first, then synonym words, then the terms' other
            # words: where a token sits says which field it matches in.
            synonym_only = [t for t in synonyms if t not in title]
            term_only = [t for t in terms if t not in title and t not in synonyms]
            tokens = [*title, *synonym_only, *term_only]
            for tid in tokens:
                postings[tid].append(number)
            doc_tokens.extend(tokens)
            doc_offsets.append(len(doc_tokens))
            title_counts.append(len(title))
            synonym_counts.append(len(synonym_only))
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
        self._synonym_counts = synonym_counts
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
    def _word(self, word: str, last: bool, short_ok: bool) -> _Word:  # noqa: FBT001 (positional: the cache key is cheaper)
        return _Word(self, self._candidates(word, last=last, short_ok=short_ok))

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
                rest = tail[1:]
                variants.add(head + rest)
                if rest:
                    variants.add(head + rest[0] + tail[0] + rest[1:])
                variants.update([head + c + rest for c in _ALPHABET])
            variants.update([head + c + tail for c in _ALPHABET])
        variants.discard(word)
        vocab = self._vocab
        # (keys() & a set looks the set's members up in the dict, not the other way.)
        found = {vocab[v] for v in vocab.keys() & variants}
        # A variant may be the plural of an indexed word (only an "s" stems).
        stems = {_stem(v) for v in variants if v[-1] == "s"}
        found.update(vocab[v] for v in vocab.keys() & stems)
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
        return [
            Found(key=key, score=score, matches=matches)
            for score, key, matches in self.ranked(
                query, limit=limit, accept=accept, code_match=code_match
            )
        ]

    def ranked(
        self,
        query: str,
        *,
        limit: int = 10,
        accept: Callable[[int], bool] | None = None,
        code_match: Callable[[str], str | None] | None = None,
        reject: Collection[int] = (),
    ) -> list[Ranked]:
        """:meth:`search`'s results as ``(score, key, matches)`` tuples, best first.

        ``reject``: keys never to return, a cheaper filter than ``accept`` (which
        applies too) where the caller has a set of them.
        """
        keep = _Keep(accept, reject)
        results: dict[int, Ranked] = {}
        if code_match is not None:
            prefix = code_match(query)
            if prefix is not None:
                for found in self._by_code(prefix, keep, limit):
                    results[found[1]] = found
        if results:
            return sorted(results.values(), key=_rank)[:limit]
        words = list(dict.fromkeys(normalize_words(query)))
        if not words:
            return []
        # Best first already (by score, then key): only a key's repeats are dropped.
        ranked: list[Ranked] = []
        seen: set[int] = set()
        for found in self._by_words(words, keep, limit):
            if found[1] not in seen:
                seen.add(found[1])
                ranked.append(found)
        return ranked

    def _by_code(self, prefix: str, keep: _Keep, limit: int) -> Iterator[Ranked]:
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
                kind = MatchKind.EXACT if code == prefix else MatchKind.PREFIX
                yield (score, key, (new_match(prefix, code, Field.CODE, kind),))

    def _by_words(self, words: list[str], keep: _Keep, limit: int) -> list[Ranked]:
        short_ok = len(words) > 1
        plans = [
            _Plan(self, w, self._word(w, i == len(words) - 1, short_ok))
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
        keys, names = self._keys, self._names
        scored.sort(key=lambda item: (-item[0], keys[item[1]]))
        results: list[Ranked] = []
        made: dict[tuple[str, int, int], Match] = {}  # results share most of their matches
        for score, number, details in scored[:limit]:
            matches = []
            for word, tid, at, kind in details:
                match = made.get((word, tid, at))
                if match is None:
                    match = made[word, tid, at] = new_match(word, names[tid], _FIELD_AT[at], kind)
                matches.append(match)
            results.append((score, keys[number], tuple(matches)))
        return results

    def _tokens_of(self, number: int) -> array[int]:
        """The token ids of document ``number``: title ones, synonym ones, then the others."""
        offsets = self._doc_offsets
        return self._doc_tokens[offsets[number] : offsets[number + 1]]

    def _match_all(
        self,
        plans: list[_Plan],
        keep: _Keep,
        limit: int,
        *,
        penalty: float,
    ) -> list[_Scored]:
        if not plans or any(not p.kinds for p in plans):
            return []
        base = min(plans, key=lambda p: p.size)
        lists = [self._postings[t] for t in base.kinds]
        stream: Iterable[int] = lists[0] if len(lists) == 1 else _dedupe(heapq.merge(*lists))
        # Documents come best first (short, general titles), so the first few
        # that match are the ones worth scoring; lay synonyms are added below.
        cap = max(_MIN_CANDIDATES, 2 * limit)
        keys, priors = self._keys, self._priors
        accept, reject = keep.accept, keep.reject
        chosen: list[int] = []
        # The per-document test, without a generator or a method call per word:
        # sorted posting arrays (one token) bisected here, else member().
        arrays: list[array[int]] = []
        slow: list[Callable[[int], bool]] = []
        for plan in plans:
            if plan is not base:
                test = plan.test()
                if isinstance(test, array):
                    arrays.append(test)
                else:
                    slow.append(test)
        bisect_left = bisect.bisect_left
        for number in stream:
            for values in arrays:
                i = bisect_left(values, number)
                if i == len(values) or values[i] != number:
                    break
            else:
                key = keys[number]
                if key in reject or (accept is not None and not accept(key)):
                    continue
                if not slow or all(m(number) for m in slow):
                    chosen.append(number)
                    if len(chosen) >= cap:
                        break
        # Score fully only the most promising: a cheap estimate from the static
        # prior and how much of the title the query words could cover.
        words = len(plans)
        counts = self._title_counts
        estimates = [(-(priors[n] + 3.0 * min(1.0, words / max(counts[n], 1))), n) for n in chosen]
        estimates.sort()
        picked = {n: None for _, n in estimates[: limit + 4]}
        synonym_postings = self._synonym_postings
        for plan in plans:
            for tid in plan.kinds:
                for number in synonym_postings.get(tid, ()):
                    if number in picked:
                        continue
                    tokens = set(self._tokens_of(number))
                    if all(not p.kinds.keys().isdisjoint(tokens) for p in plans) and keep(
                        keys[number]
                    ):
                        picked[number] = None
        return [self._score(number, plans, penalty) for number in picked]

    def _best(
        self, plan: _Plan, tokens: array[int], title_count: int, synonyms_end: int
    ) -> tuple[float, int, int]:
        """The best-weighted of ``plan``'s tokens in a document: (weight, token, field)."""
        kinds, idf = plan.kinds, self._idf
        best_weight, best, at = -1.0, -1, 0
        for tid in kinds.keys() & tokens:  # looks the document's few tokens up
            position = tokens.index(tid)
            field = 0 if position < title_count else 1 if position < synonyms_end else 2
            kind = kinds[tid]
            # (Enum members by identity: hashing one runs Python code.) A completed
            # prefix counts as much as its most common completion, so type-ahead
            # prefers common words over rare ones.
            if kind is _EXACT:
                weight = idf[tid] * _FIELD_AT_WEIGHT[field] * _EXACT_WEIGHT
            elif kind is _PREFIX:
                weight = plan.prefix_idf * _FIELD_AT_WEIGHT[field] * _PREFIX_WEIGHT
            else:
                weight = idf[tid] * _FIELD_AT_WEIGHT[field] * _TYPO_WEIGHT
            if weight > best_weight or (weight == best_weight and tid < best):
                best_weight, best, at = weight, tid, field
        return best_weight, best, at

    def _score(self, number: int, plans: list[_Plan], penalty: float) -> _Scored:
        offsets = self._doc_offsets
        tokens = self._doc_tokens[offsets[number] : offsets[number + 1]]
        title_count = self._title_counts[number]
        synonyms_end = title_count + self._synonym_counts[number]
        score = self._priors[number] - penalty
        matched_title = 0
        details: list[tuple[str, int, int, MatchKind]] = []
        corrected: list[str] = []
        names = self._names
        completed = False
        # Every document scored has a candidate of every word (_match_all's tests).
        for plan in plans:
            kinds = plan.kinds
            best = plan.only
            if best >= 0:  # one candidate token: its weight is known per field
                position = tokens.index(best)
                at = 0 if position < title_count else 1 if position < synonyms_end else 2
                best_weight = plan.only_weights[at]
            else:
                best_weight, best, at = self._best(plan, tokens, title_count, synonyms_end)
            score += best_weight
            kind = kinds[best]
            if kind is _PREFIX:
                # Type-ahead: prefer the completions people mean most often.
                completed = True
                score += 0.5 * math.log1p(len(self._postings[best]))
            corrected.append(names[best])
            if at == 0:
                matched_title += 1
            details.append((plan.word, best, at, kind))
        if title_count:
            score += 3.0 * matched_title / title_count
        title_text = " ".join(map(names.__getitem__, tokens[:title_count]))
        # The phrase as the document spells it (typos corrected, prefixes completed).
        phrase = " ".join(corrected)
        bonus = 0.0
        if phrase == title_text:
            bonus += 3.0
        elif phrase and phrase in title_text:
            bonus += 0.5
        synonyms = self._synonym_phrases.get(number)
        if synonyms is None:
            pass
        elif phrase in synonyms:
            bonus += 4.0
        elif any(phrase in synonym for synonym in synonyms):
            bonus += 1.0
        # A phrase the search completed is weaker evidence than one typed out.
        score += bonus / 2 if completed else bonus
        return (round(score, 6), number, tuple(details))


class _Plan:
    """One query word, what it may match, and how to test documents for it."""

    __slots__ = (
        "_index",
        "_tested",
        "_union",
        "kinds",
        "only",
        "only_weights",
        "prefix_idf",
        "size",
        "word",
    )

    def __init__(self, index: SearchIndex, word: str, data: _Word) -> None:
        self.word = word
        self.kinds = data.kinds
        self.only = data.only
        self.only_weights = data.only_weights
        self.prefix_idf = data.prefix_idf
        self.size = data.size
        self._index = index
        self._union: set[int] | None = None
        self._tested = 0

    def test(self) -> array[int] | Callable[[int], bool]:
        """How to test documents for this word, the cheapest way.

        Its posting array if it has one token (bisected in place), else :meth:`member`.
        """
        if self.only >= 0:
            return self._index._postings[self.only]
        return self.member

    def member(self, number: int) -> bool:
        """Whether document ``number`` has one of this word's candidates.

        The document's few tokens are looked up, until so many documents were
        tested that the union of the word's postings (if not too large) pays off.
        """
        union = self._union
        if union is not None:
            return number in union
        self._tested += 1
        if self._tested > _UNION_AFTER and self.size <= _UNION_MAX:
            postings = self._index._postings
            union = self._union = set().union(*(postings[t] for t in self.kinds))
            return number in union
        return not self.kinds.keys().isdisjoint(self._index._tokens_of(number))


class _Keep:
    """Which document keys a search may return: ``accept``, less ``reject``."""

    __slots__ = ("accept", "reject")

    def __init__(self, accept: Callable[[int], bool] | None, reject: Collection[int]) -> None:
        self.accept = accept
        self.reject = reject

    def __call__(self, key: int) -> bool:
        return key not in self.reject and (self.accept is None or self.accept(key))


def _rank(item: Ranked) -> tuple[float, int]:
    return (-item[0], item[1])


def _dedupe(numbers: Iterable[int]) -> Iterator[int]:
    last = -1
    for n in numbers:
        if n != last:
            last = n
            yield n
