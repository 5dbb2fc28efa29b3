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
from itertools import accumulate, islice

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
_GROUP_MAX = 4  # a word with up to this many candidates is intersected by its postings
_DENSE = 32  # a word's first documents tested one by one before the leapfrog
_SCANNED = 256  # a word with at most this many documents has them all tested one by one
_ESTIMATED = 3  # documents' estimates are kept for queries of up to this many words


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
    words = []
    for word in _WORD_RE.findall(_fold(text)):
        # _stem, inline. Stop words are dropped after stemming: "fors" stems to "for".
        stem = word[:-1] if word[-1] == "s" and len(word) > 3 and word[-2] not in "sui" else word
        if stem not in _STOP:
            words.append(stem)
    return words


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
#: (minus the score, document key, document number, matches): a scored document, in
#: an order that sorts best first (by score, then key) where keys are unique.
_Scored = tuple[float, int, int, tuple[Match, ...]]
#: A matched token's field, by where it sits among the document's tokens, and its weight.
_FIELD_AT = (Field.TITLE, Field.SYNONYM, Field.TERM)
_FIELD_AT_WEIGHT = tuple(_FIELD_WEIGHT[field] for field in _FIELD_AT)
_EXACT, _PREFIX, _TYPO = MatchKind.EXACT, MatchKind.PREFIX, MatchKind.TYPO
_EXACT_WEIGHT, _PREFIX_WEIGHT, _TYPO_WEIGHT = (_KIND_WEIGHT[k] for k in (_EXACT, _PREFIX, _TYPO))
#: Above every character of an indexed word ([a-z0-9]): ``word + _AFTER`` bounds its completions.
_AFTER = "{"


class _Word:
    """What one query word may match, worked out once per word (and cached).

    It also keeps the :class:`Match` objects made for it, by matched token and
    field: results share most of them, within a query and across queries.
    """

    __slots__ = (
        "choices",
        "kinds",
        "made",
        "only",
        "only_bonus",
        "only_weights",
        "prefix_idf",
        "size",
        "synonym_docs",
        "word",
    )

    def __init__(self, index: SearchIndex, word: str, kinds: dict[int, MatchKind]) -> None:
        self.word = word
        self.kinds = kinds
        df, idf = index._df, index._idf
        self.size = sum(map(df.__getitem__, kinds))
        # (Enum members by identity: hashing one runs Python code.)
        self.prefix_idf = 0.0
        if _PREFIX in kinds.values():
            self.prefix_idf = min([idf[t] for t, k in kinds.items() if k is _PREFIX])
        self.made: dict[int, Match] = {}  # by token id * 3 + field position
        #: Its few candidates' weights (SearchIndex._choices), once worked out.
        self.choices: tuple[tuple[int, tuple[float, float, float], float], ...] | None = None
        # The documents that have a candidate among their lay synonyms, in the
        # order of the candidates (most words have none).
        synonym_postings = index._synonym_postings
        self.synonym_docs: tuple[int, ...] = ()
        if not synonym_postings.keys().isdisjoint(kinds):
            numbers = (n for t in kinds if t in synonym_postings for n in synonym_postings[t])
            self.synonym_docs = tuple(dict.fromkeys(numbers))
        #: The one candidate token (most words have one), its weight per field and,
        #: for a completed prefix, its bonus (negative: none).
        self.only = -1
        self.only_weights: tuple[float, float, float] = (0.0, 0.0, 0.0)
        self.only_bonus = -1.0
        if len(kinds) == 1:
            ((only, kind),) = kinds.items()
            if kind is _PREFIX:
                rarity, weight = self.prefix_idf, _PREFIX_WEIGHT
                self.only_bonus = 0.5 * math.log1p(df[only])
            else:
                rarity = idf[only]
                weight = _EXACT_WEIGHT if kind is _EXACT else _TYPO_WEIGHT
            title, synonym, term = _FIELD_AT_WEIGHT
            self.only = only
            self.only_weights = (
                rarity * title * weight,
                rarity * synonym * weight,
                rarity * term * weight,
            )


class _Vocabulary:
    """The indexed words, numbered as they come: an index's token ids, while it is built."""

    __slots__ = ("_ids_of", "names", "postings", "vocab")

    def __init__(self) -> None:
        self.vocab: dict[str, int] = {}
        self.names: list[str] = []
        self.postings: list[list[int]] = []
        # Each text word's token id (-1: a stop word), worked out once per spelling:
        # what normalize_words does, without stemming the same word thousands of times.
        self._ids_of: dict[str, int] = {}

    def __call__(self, texts: Iterable[str]) -> dict[int, None]:
        """The token ids of ``texts``' words, in order, without repeats (new words numbered)."""
        ids: dict[int, None] = {}  # insertion-ordered, without repeats
        ids_of, vocab = self._ids_of, self.vocab
        for text in texts:
            for raw in _WORD_RE.findall(_fold(text)):
                tid = ids_of.get(raw)
                if tid is None:
                    word = _stem(raw)
                    if word in _STOP:
                        tid = -1
                    else:
                        tid = vocab.get(word)
                        if tid is None:
                            tid = vocab[word] = len(self.postings)
                            self.names.append(word)
                            self.postings.append([])
                    ids_of[raw] = tid
                if tid >= 0:
                    ids[tid] = None
        return ids


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
        "_df",
        "_doc_offsets",
        "_doc_tokens",
        "_estimates",
        "_idf",
        "_keys",
        "_names",
        "_postings",
        "_priors",
        "_profile_pairs",
        "_profiles",
        "_rejected_for",
        "_synonym_counts",
        "_synonym_phrases",
        "_synonym_postings",
        "_title_counts",
        "_title_offsets",
        "_title_text",
        "_unique_keys",
        "_vocab",
        "_word_at",
        "_word_tids",
        "_words",
    )

    def __init__(self, documents: Iterable[Document]) -> None:
        docs = tuple(documents)
        token_ids = _Vocabulary()
        vocab, names, postings = token_ids.vocab, token_ids.names, token_ids.postings
        synonym_postings: dict[int, list[int]] = {}
        synonym_phrases: dict[int, tuple[str, ...]] = {}
        doc_tokens = array("I")
        doc_offsets = array("I", [0])
        title_counts = array("H")
        synonym_counts = array("H")
        title_texts: list[str] = []
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
            # The title as its words (each once), which phrases are compared with.
            title_texts.append(" ".join(map(names.__getitem__, title)))
        self._vocab = vocab
        self._names = tuple(names)
        self._sort_words()
        self._postings = tuple(array("I", p) for p in postings)
        self._df = array("I", map(len, postings))
        self._synonym_postings = {t: array("I", p) for t, p in synonym_postings.items()}
        self._synonym_phrases = synonym_phrases
        n = max(len(docs), 1)
        self._idf = tuple(math.log(1.0 + n / (1 + len(p))) for p in postings)
        self._doc_tokens = doc_tokens
        self._doc_offsets = doc_offsets
        self._title_counts = title_counts
        self._synonym_counts = synonym_counts
        # The titles' words as one string, sliced by offsets (one string per title
        # would take several times the memory).
        self._title_text = "".join(title_texts)
        self._title_offsets = array("I", [0])
        self._title_offsets.extend(accumulate(map(len, title_texts)))
        # Only what searching needs is kept: not the documents, nor their texts.
        self._keys = array("I", (doc.key for doc in docs))
        self._unique_keys = len(set(self._keys)) == len(self._keys)
        self._priors = array("d", (doc.prior for doc in docs))
        self._estimates = tuple(self._estimated(words) for words in range(1, _ESTIMATED + 1))
        self._profile_pairs, self._profiles = self._profiled()
        self._rejected_for: tuple[frozenset[int], frozenset[int]] = (frozenset(), frozenset())
        by_code = sorted((doc.code, number) for number, doc in enumerate(docs))
        self._code_list = [code for code, _ in by_code]
        self._code_numbers = array("I", (number for _, number in by_code))

    def __len__(self) -> int:
        return len(self._keys)

    def _sort_words(self) -> None:
        """The indexed words in sorted order, their token ids, and each token's place."""
        vocab = self._vocab
        self._words = sorted(vocab)
        self._word_tids = array("I", map(vocab.__getitem__, self._words))
        self._word_at = array("I", bytes(4 * len(vocab)))
        for at, tid in enumerate(self._word_tids):
            self._word_at[tid] = at

    def _profiled(self) -> tuple[tuple[tuple[float, int], ...], array[int]]:
        """The documents' (prior, title word count) pairs, and each document's pair by number.

        The pairs are few: a small array to read when scoring, not two large ones.
        """
        pairs = dict.fromkeys(zip(self._priors, self._title_counts, strict=True))
        number_of = {pair: at for at, pair in enumerate(pairs)}
        profiles = array(
            "B" if len(pairs) <= 0x100 else "H" if len(pairs) <= 0x10000 else "I",
            map(number_of.__getitem__, zip(self._priors, self._title_counts, strict=True)),
        )
        return tuple(pairs), profiles

    def _rejected(self, reject: frozenset[int]) -> frozenset[int]:
        """The numbers of the documents whose keys are in ``reject`` (the last set asked, kept)."""
        given, numbers = self._rejected_for
        if given is not reject:
            numbers = frozenset(n for n, key in enumerate(self._keys) if key in reject)
            self._rejected_for = (reject, numbers)
        return numbers

    def _estimated(self, words: int) -> array[int]:
        """Per document, the rank of its estimate (see _match_all) for a query of ``words`` words.

        Rank 0 is the highest estimate; equal estimates share a rank, so sorting by
        rank orders as sorting by minus the estimate does. Few documents differ in
        both prior and title length, so the ranks are few: one byte each, where
        they fit (a small array stays in the processor's cache).
        """
        priors, counts = self._priors, self._title_counts
        pairs = set(zip(priors, counts, strict=True))
        table = {(p, c): -(p + 3.0 * min(1.0, words / max(c, 1))) for p, c in pairs}
        rank = {value: at for at, value in enumerate(sorted(set(table.values())))}
        ranks = {pair: rank[value] for pair, value in table.items()}
        code = "B" if len(rank) <= 0x100 else "H" if len(rank) <= 0x10000 else "I"
        return array(code, map(ranks.__getitem__, zip(priors, counts, strict=True)))

    # -- candidates -------------------------------------------------------------

    @functools.lru_cache(maxsize=2048)  # noqa: B019 (indexes live as long as their code set)
    def _word(self, word: str, last: bool, short_ok: bool) -> _Word:  # noqa: FBT001 (positional: the cache key is cheaper)
        return _Word(self, word, self._candidates(word, last=last, short_ok=short_ok))

    def _candidates(self, word: str, *, last: bool, short_ok: bool = False) -> dict[int, MatchKind]:
        """The token ids ``word`` may match, and how: exact, then completions, else typos."""
        kinds: dict[int, MatchKind] = {}
        tid = self._vocab.get(word)
        if tid is not None:
            kinds[tid] = _EXACT
        if last and (len(word) >= 2 or short_ok):  # "chest p" completes to "chest pain"
            # The completions are the sorted words from just after ``word`` to
            # ``word + _AFTER`` (query words are [a-z0-9] too); the first few
            # hundred are looked at.
            words = self._words
            start = bisect.bisect_right(words, word) if tid is None else self._word_at[tid] + 1
            stop = start
            if start < len(words) and words[start].startswith(word):
                stop = min(len(words), start + 4 * _PREFIX_CAP)
                stop = bisect.bisect_left(words, word + _AFTER, start + 1, stop)
            prefixed = self._word_tids[start:stop]
            if len(prefixed) > _PREFIX_CAP:
                # The most common ones, alphabetical among equals (a stable sort).
                prefixed = sorted(prefixed, key=self._df.__getitem__, reverse=True)[:_PREFIX_CAP]  # type: ignore[assignment]
            kinds.update(dict.fromkeys(prefixed, _PREFIX))
        if not kinds and 4 <= len(word) <= _TYPO_MAX:
            kinds = dict.fromkeys(self._typos(word), _TYPO)
        return kinds

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
        found_ = self._by_words(words, keep, limit)
        if self._unique_keys:
            return found_
        # Best first already (by score, then key): only a key's repeats are dropped.
        ranked: list[Ranked] = []
        seen: set[int] = set()
        for found in found_:
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
        last = len(words) - 1
        plans = [self._word(w, i == last, short_ok) for i, w in enumerate(words)]
        scored = self._match_all(plans, keep, limit, penalty=0.0)
        if not scored and len(words) > 1:
            # Nothing matches every word: leave one out at a time, and rank lower.
            best: dict[int, _Scored] = {}
            for skip in range(len(words)):
                for item in self._match_all(
                    plans[:skip] + plans[skip + 1 :], keep, limit, penalty=2.0
                ):
                    if item[2] not in best or best[item[2]][0] > item[0]:
                        best[item[2]] = item
            scored = list(best.values())
        if self._unique_keys:
            scored.sort()  # number and matches are never compared: the keys differ
        else:
            scored.sort(key=_rank_scored)  # stable: the first scored of equals first
        return [(-negated, key, matches) for negated, key, _, matches in scored[:limit]]

    def _tokens_of(self, number: int) -> array[int]:
        """The token ids of document ``number``: title ones, synonym ones, then the others."""
        offsets = self._doc_offsets
        return self._doc_tokens[offsets[number] : offsets[number + 1]]

    def _match_all(
        self,
        plans: list[_Word],
        keep: _Keep,
        limit: int,
        *,
        penalty: float,
    ) -> list[_Scored]:
        """The documents that have a candidate of every one of ``plans`` (not empty), scored."""
        base = plans[0]  # the word with the fewest documents (the first of equals)
        for plan in plans:
            if not plan.kinds:
                return []
            if plan.size < base.size:
                base = plan
        postings = self._postings
        # Documents come best first (short, general titles), so the first few
        # that match are the ones worth scoring; lay synonyms are added below.
        cap = max(_MIN_CANDIDATES, 2 * limit)
        # Words with a few candidates are intersected by their posting arrays;
        # the others' documents are tested one by one (a _Member).
        groups: list[list[array[int]]] = []
        slow: list[Callable[[int], bool]] = []
        for plan in plans:
            if len(plan.kinds) <= _GROUP_MAX:
                groups.append([postings[t] for t in plan.kinds])
            elif plan is not base:
                slow.append(_Member(self, plan))
        stream: Iterable[int]
        if len(base.kinds) > _GROUP_MAX:
            # Too many arrays to leapfrog over: each of the base's documents is looked up.
            groups.insert(0, [postings[t] for t in base.kinds])
            stream = _intersection(groups, leap=False)
        elif len(groups) == 1 and len(groups[0]) == 1:
            stream = groups[0][0]
        else:
            # The base first: its documents are the ones looked up in the others.
            grouped = [plan for plan in plans if len(plan.kinds) <= _GROUP_MAX]
            groups.insert(0, groups.pop(grouped.index(base)))
            stream = _intersection(groups)
        if not slow and keep.accept is None:
            chosen = self._first_kept(stream, keep, cap)
        else:
            chosen = self._chosen(stream, slow, keep, cap)
        return self._shortlisted(plans, chosen, keep, limit, penalty)

    def _shortlisted(
        self, plans: list[_Word], chosen: list[int], keep: _Keep, limit: int, penalty: float
    ) -> list[_Scored]:
        """Score the most promising of the ``chosen`` documents, and the lay synonyms' ones."""
        keys = self._keys
        # Score fully only the most promising: a cheap estimate from the static
        # prior and how much of the title the query words could cover.
        shortlist = limit + 4
        picked: dict[int, None]
        if len(chosen) > shortlist:
            words = len(plans)
            # (``chosen`` ascends: a stable sort by estimate breaks ties by number.)
            if words <= _ESTIMATED:
                best = sorted(chosen, key=self._estimates[words - 1].__getitem__)
            else:
                counts, priors = self._title_counts, self._priors
                best = sorted(
                    chosen, key=lambda n: -(priors[n] + 3.0 * min(1.0, words / max(counts[n], 1)))
                )
            picked = dict.fromkeys(best[:shortlist])
        else:
            picked = dict.fromkeys(chosen)
        for plan in plans:
            for number in plan.synonym_docs:
                if number in picked:
                    continue
                tokens = set(self._tokens_of(number))
                if all(not p.kinds.keys().isdisjoint(tokens) for p in plans) and keep(keys[number]):
                    picked[number] = None
        return self._score_all(picked, plans, penalty)

    def _first_kept(self, stream: Iterable[int], keep: _Keep, cap: int) -> list[int]:
        """The first ``cap`` documents of ``stream`` whose keys ``keep`` does not reject.

        (``keep`` has no ``accept``.) Most often the stream's first ``cap``, none
        of them rejected: checked at C speed.
        """
        keys, reject = self._keys, keep.reject
        if isinstance(stream, array):
            head = stream[:cap].tolist()
            stream = islice(stream, cap, None)
        else:
            stream = iter(stream)
            head = list(islice(stream, cap))
        if isinstance(reject, frozenset) and self._rejected(reject).isdisjoint(head):
            return head  # (no key read: the rejected documents' numbers are known)
        chosen = [n for n in head if keys[n] not in reject]
        if len(chosen) < cap and len(head) == cap:
            chosen += self._chosen(stream, [], keep, cap - len(chosen))
        return chosen

    def _chosen(
        self,
        stream: Iterable[int],
        slow: list[Callable[[int], bool]],
        keep: _Keep,
        cap: int,
    ) -> list[int]:
        """The first ``cap`` documents of ``stream`` that pass the ``slow`` tests and ``keep``."""
        keys = self._keys
        accept, reject = keep.accept, keep.reject
        chosen: list[int] = []
        for number in stream:
            key = keys[number]
            if key in reject or (accept is not None and not accept(key)):
                continue
            if not slow or all(m(number) for m in slow):
                chosen.append(number)
                if len(chosen) >= cap:
                    break
        return chosen

    def _best(
        self, plan: _Word, tokens: array[int], title_count: int, synonyms_end: int
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

    def _score_all(
        self, numbers: Iterable[int], plans: list[_Word], penalty: float
    ) -> list[_Scored]:
        """Score documents that have a candidate of every word (as _match_all picks them)."""
        for plan in plans:
            if plan.only < 0:
                return self._score_mixed(numbers, plans, penalty)
        return self._score_fixed(numbers, plans, penalty)

    def _score_fixed(  # noqa: PLR0915 (one loop over the documents, kept inline: the hot path)
        self, numbers: Iterable[int], plans: list[_Word], penalty: float
    ) -> list[_Scored]:
        """:meth:`_score_all` where each word has one candidate (most queries).

        The phrase is then the same for every document, and the matches depend
        only on the fields matched. Every document has every candidate, so a
        candidate's place is looked for from the document's start alone.
        """
        offsets, index = self._doc_offsets, self._doc_tokens.index
        synonym_counts = self._synonym_counts
        title_text, title_offsets = self._title_text, self._title_offsets
        profiles, pairs = self._profiles, self._profile_pairs
        synonym_phrases, keys = self._synonym_phrases, self._keys
        onlys = [(plan.only, plan.only_weights, plan.only_bonus) for plan in plans]
        phrase = " ".join([self._names[plan.only] for plan in plans])
        size = len(phrase)
        # A phrase the search completed is weaker evidence than one typed out.
        halve = False
        for plan in plans:
            if plan.only_bonus >= 0.0:
                halve = True
        by_fields: dict[int, tuple[Match, ...]] = {}  # by the fields, in base 3
        scored: list[_Scored] = []
        append = scored.append
        for number in numbers:
            start = offsets[number]
            prior, title_count = pairs[profiles[number]]
            title_end = start + title_count
            score = prior - penalty
            matched_title = fields = 0
            for best, weights, bonus in onlys:
                position = index(best, start)
                if position < title_end:
                    score += weights[0]
                    matched_title += 1
                    fields *= 3
                else:
                    at = 1 if position < title_end + synonym_counts[number] else 2
                    score += weights[at]
                    fields = fields * 3 + at
                if bonus >= 0.0:
                    # Type-ahead: prefer the completions people mean most often.
                    score += bonus
            matches = by_fields.get(fields)
            if matches is None:
                matches = by_fields[fields] = self._fixed_matches(plans, fields)
            if title_count:
                score += 3.0 * matched_title / title_count
            # The title's words, compared in place: the phrase is the title, or in it.
            text_start, text_end = title_offsets[number], title_offsets[number + 1]
            if title_text.find(phrase, text_start, text_end) < 0:
                bonus = 0.0
            else:
                bonus = 3.0 if text_end - text_start == size else 0.5
            synonyms = synonym_phrases.get(number)
            if synonyms is not None:
                bonus += _synonym_bonus(phrase, synonyms)
            score += bonus / 2 if halve else bonus
            # _rounded(score), inline.
            if -1e6 < score < 1e6:
                millionths = score * 1e6
                whole = round(millionths)
                if whole and -0.499 < millionths - whole < 0.499:
                    append((-(whole / 1e6), keys[number], number, matches))
                    continue
            append((-round(score, 6), keys[number], number, matches))
        return scored

    def _score_mixed(  # noqa: PLR0915 (one loop over the documents, inline: the hot path)
        self, numbers: Iterable[int], plans: list[_Word], penalty: float
    ) -> list[_Scored]:
        """:meth:`_score_all` where some word has several candidates."""
        offsets, doc_tokens = self._doc_offsets, self._doc_tokens
        synonym_counts = self._synonym_counts
        title_text, title_offsets = self._title_text, self._title_offsets
        profiles, pairs = self._profiles, self._profile_pairs
        synonym_phrases, keys = self._synonym_phrases, self._keys
        names = self._names
        # Per word: its one candidate, or its few candidates' weights, or neither
        # (many candidates: looked up through a set, by _best).
        ways = [(plan, self._choices(plan)) for plan in plans]
        scored: list[_Scored] = []
        for number in numbers:
            start, end = offsets[number], offsets[number + 1]
            tokens = doc_tokens[start:end]
            prior, title_count = pairs[profiles[number]]
            synonyms_end = title_count + synonym_counts[number]
            score = prior - penalty
            matched_title = 0
            completed = False
            matches: list[Match] = []
            words: list[str] = []
            for plan, choices in ways:
                best = plan.only
                if best >= 0:  # one candidate token: its weight is known per field
                    position = tokens.index(best)
                    at = 0 if position < title_count else 1 if position < synonyms_end else 2
                    score += plan.only_weights[at]
                    if plan.only_bonus >= 0.0:
                        completed = True
                        score += plan.only_bonus
                elif choices:
                    # The best-weighted candidate the document has (the lowest token of equals).
                    best_weight, at, completion = -1.0, 0, -1.0
                    for tid, weights, bonus in choices:
                        if tid in tokens:
                            position = tokens.index(tid)
                            field = (
                                0 if position < title_count else 1 if position < synonyms_end else 2
                            )
                            weight = weights[field]
                            if weight > best_weight or (weight == best_weight and tid < best):
                                best_weight, best, at, completion = weight, tid, field, bonus
                    score += best_weight
                    if completion >= 0.0:
                        completed = True
                        score += completion
                else:
                    best_weight, best, at = self._best(plan, tokens, title_count, synonyms_end)
                    score += best_weight
                    if plan.kinds[best] is _PREFIX:
                        completed = True
                        score += 0.5 * math.log1p(self._df[best])
                if at == 0:
                    matched_title += 1
                match = plan.made.get(best * 3 + at)
                if match is None:
                    match = self._match(plan, best, at)
                matches.append(match)
                words.append(names[best])
            if title_count:
                score += 3.0 * matched_title / title_count
            # The phrase as the document spells it (typos corrected, prefixes completed).
            phrase = " ".join(words)
            bonus = 0.0
            # The title's words: compared in place (phrase == text, phrase in text).
            text_start, text_end = title_offsets[number], title_offsets[number + 1]
            if len(phrase) == text_end - text_start:
                if title_text.startswith(phrase, text_start, text_end):
                    bonus += 3.0
            elif (
                phrase
                and len(phrase) < text_end - text_start
                and title_text.find(phrase, text_start, text_end) >= 0
            ):
                bonus += 0.5
            synonyms = synonym_phrases.get(number)
            if synonyms is not None:
                bonus += _synonym_bonus(phrase, synonyms)
            # A phrase the search completed is weaker evidence than one typed out.
            score += bonus / 2 if completed else bonus
            scored.append((-_rounded(score), keys[number], number, tuple(matches)))
        return scored

    def _choices(self, plan: _Word) -> tuple[tuple[int, tuple[float, float, float], float], ...]:
        """A word's few candidates (none if one, or many): token, weight per field, completion bonus.

        The weights as :meth:`_best` works them out; the bonus (negative: none)
        of a completed prefix as :meth:`_best` implies it. Made once per word.
        """
        choices = plan.choices
        if choices is None:
            choices = ()
            if plan.only < 0 and len(plan.kinds) <= _GROUP_MAX:
                idf, df = self._idf, self._df
                title, synonym, term = _FIELD_AT_WEIGHT
                made = []
                for tid, kind in plan.kinds.items():
                    bonus = -1.0
                    if kind is _EXACT:
                        rarity, weight = idf[tid], _EXACT_WEIGHT
                    elif kind is _PREFIX:
                        rarity, weight = plan.prefix_idf, _PREFIX_WEIGHT
                        bonus = 0.5 * math.log1p(df[tid])
                    else:
                        rarity, weight = idf[tid], _TYPO_WEIGHT
                    weights = (
                        rarity * title * weight,
                        rarity * synonym * weight,
                        rarity * term * weight,
                    )
                    made.append((tid, weights, bonus))
                choices = tuple(made)
            plan.choices = choices
        return choices

    def _fixed_matches(self, plans: list[_Word], fields: int) -> tuple[Match, ...]:
        """The matches of words with one candidate each, given the fields (base 3, last word last)."""
        matches: list[Match] = []
        for plan in reversed(plans):
            fields, at = divmod(fields, 3)
            matches.append(self._match(plan, plan.only, at))
        matches.reverse()
        return tuple(matches)

    def _match(self, plan: _Word, tid: int, at: int) -> Match:
        """The match of ``plan``'s word with token ``tid`` in field ``at`` (made once)."""
        match = plan.made.get(tid * 3 + at)
        if match is None:
            match = plan.made[tid * 3 + at] = new_match(
                plan.word, self._names[tid], _FIELD_AT[at], plan.kinds[tid]
            )
        return match


class _Member:
    """Whether a document has one of a word's candidates (a word with several).

    The document's few tokens are looked up, until so many documents were tested
    that the union of the word's postings (if not too large) pays off.
    """

    __slots__ = ("_index", "_kinds", "_size", "_tested", "_union")

    def __init__(self, index: SearchIndex, word: _Word) -> None:
        self._index = index
        self._kinds = word.kinds
        self._size = word.size
        self._union: set[int] | None = None
        self._tested = 0

    def __call__(self, number: int) -> bool:
        union = self._union
        if union is not None:
            return number in union
        self._tested += 1
        if self._tested > _UNION_AFTER and self._size <= _UNION_MAX:
            postings = self._index._postings
            union = self._union = set().union(*(postings[t] for t in self._kinds))
            return number in union
        return not self._kinds.keys().isdisjoint(self._index._tokens_of(number))


class _Keep:
    """Which document keys a search may return: ``accept``, less ``reject``."""

    __slots__ = ("accept", "reject")

    def __init__(self, accept: Callable[[int], bool] | None, reject: Collection[int]) -> None:
        self.accept = accept
        self.reject = reject

    def __call__(self, key: int) -> bool:
        return key not in self.reject and (self.accept is None or self.accept(key))


def _synonym_bonus(phrase: str, synonyms: tuple[str, ...]) -> float:
    """The bonus for a phrase that is one of a document's lay synonyms (or in one)."""
    if phrase in synonyms:
        return 4.0
    if any(phrase in synonym for synonym in synonyms):
        return 1.0
    return 0.0


def _rounded(score: float) -> float:
    """``round(score, 6)`` at less cost.

    The nearest integer to a million times the score, divided back, is the
    same number while the score is small (the product is then exact to 1e-4)
    and not near a half millionth.
    """
    if -1e6 < score < 1e6:
        millionths = score * 1e6
        whole = round(millionths)
        if whole and -0.499 < millionths - whole < 0.499:
            return whole / 1e6
    return round(score, 6)


def _rank(item: Ranked) -> tuple[float, int]:
    return (-item[0], item[1])


def _rank_scored(item: _Scored) -> tuple[float, int]:
    return item[:2]


def _intersection(
    groups: list[list[array[int]]], *, leap: bool = True, scanned: int = _SCANNED
) -> Iterator[int]:
    """The numbers that every group has (in one of its sorted arrays), ascending.

    The first few numbers of the first group are looked up in the others; then
    (if ``leap``, else the first group's numbers all are) the groups take turns
    (leapfrog): each skips to its first number not below the highest seen,
    which passes over long runs that some group lacks (a rare combination of
    common words) at the cost of a bisection per array. A first group of one
    array of at most ``scanned`` numbers is looked up whole: cheaper than the
    leapfrog's turns.
    """
    bisect_left = bisect.bisect_left
    base, others = groups[0], groups[1:]
    last = -1
    firsts, leap = _firsts(base, leap=leap, scanned=scanned)
    if all(len(group) == 1 for group in others):  # one array each, tested faster
        # The shortest first: it rejects the most. Each is bisected below its
        # last index, so that every index found can be read.
        arrays = sorted([values for (values,) in others], key=len)
        if arrays and not arrays[0]:
            return
        tops = [(values, len(values) - 1) for values in arrays]
        if len(tops) == 1:  # two words (the most common case)
            ((values, top),) = tops
            for number in firsts:
                if values[bisect_left(values, number, 0, top)] == number:
                    yield number
                last = number
        else:
            for number in firsts:
                for values, top in tops:
                    if values[bisect_left(values, number, 0, top)] != number:
                        break
                else:
                    yield number
                last = number
    else:
        for number in firsts:
            last = number
            for group in others:
                for values in group:
                    i = bisect_left(values, number)
                    if i < len(values) and values[i] == number:
                        break
                else:
                    break  # no array of the group has it
            else:
                yield number
    if not leap or last < 0:
        return
    if all(len(group) == 1 for group in groups):
        yield from _leapfrog([values for (values,) in groups], last + 1)
        return
    starts = [[0] * len(group) for group in groups]
    count = len(groups)
    target, agree, turn = last + 1, 0, 0
    while True:
        group, begin = groups[turn], starts[turn]
        found = -1
        for at, values in enumerate(group):
            i = begin[at] = bisect_left(values, target, begin[at])
            if i < len(values) and (found < 0 or values[i] < found):
                found = values[i]
        if found < 0:
            return
        if found != target:
            target, agree = found, 0
        agree += 1
        if agree == count:
            yield target
            target, agree = target + 1, 0
        turn = turn + 1 if turn + 1 < count else 0


def _leapfrog(arrays: list[array[int]], target: int) -> Iterator[int]:
    """The numbers from ``target`` on that all ``arrays`` have, ascending (the leapfrog, one array a group).

    Each array in turn skips to its first number not below the highest seen.
    """
    bisect_left = bisect.bisect_left
    if len(arrays) == 2:  # two words (the most common case): one bisection each per turn
        first, second = arrays
        i = j = 0
        size, other = len(first), len(second)
        while True:
            i = bisect_left(first, target, i)
            if i == size:
                return
            number = first[i]
            j = bisect_left(second, number, j)
            if j == other:
                return
            target = second[j]
            if target == number:
                yield number
                target += 1
    starts = [0] * len(arrays)
    count = len(arrays)
    agree, turn = 0, 0
    while True:
        values = arrays[turn]
        i = starts[turn] = bisect_left(values, target, starts[turn])
        if i == len(values):
            return
        found = values[i]
        if found != target:
            target, agree = found, 0
        agree += 1
        if agree == count:
            yield target
            target, agree = target + 1, 0
        turn = turn + 1 if turn + 1 < count else 0


def _firsts(base: list[array[int]], *, leap: bool, scanned: int) -> tuple[Iterable[int], bool]:
    """The numbers of the first group that _intersection looks up one by one, and ``leap``."""
    if len(base) == 1:
        (firsts,) = base
        if len(firsts) <= scanned:
            return firsts, False
        return (islice(firsts, _DENSE) if leap else firsts), leap
    if sum(map(len, base)) <= scanned:
        return sorted(set().union(*base)), False  # merged at C speed
    if leap:
        # The union's first _DENSE are among each array's first _DENSE.
        return sorted(set().union(*[values[:_DENSE] for values in base]))[:_DENSE], True
    return _dedupe(heapq.merge(*base)), False


def _dedupe(numbers: Iterable[int]) -> Iterator[int]:
    last = -1
    for n in numbers:
        if n != last:
            last = n
            yield n
