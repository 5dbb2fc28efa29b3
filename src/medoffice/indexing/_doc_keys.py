"""The document index's keys: searchable words, the name query, and the name score.

These are the *definitions* the index and its test oracle share: which words a
document has, how a name query is read, which family names are candidates for
it and how a candidate scores. The index finds the same answers through its
inverted indexes; the oracle by looking at every document.

>>> words("Potassium 4.1 mmol/L; re-check")
['POTASSIUM', '4', '1', 'MMOL', 'L', 'RECHECK']
>>> parse_name("Smith, Jon"), parse_name("Mary Ann Smith")
(('SMITH', 'JON'), ('SMITH', 'MARY ANN'))
>>> round(name_score("SMITH", "BILL", "SMYTH", "WILLIAM"), 3)
0.936
"""

from __future__ import annotations

import functools

from medoffice.indexing._text import fold, given_name_keys, jaro_winkler, soundex, trigrams

__all__ = [
    "FAMILY_FLOOR",
    "NAME_THRESHOLD",
    "SWAPPED",
    "SWAPPED_FLOOR",
    "combined",
    "family_candidate",
    "fold_name",
    "given_similarity",
    "name_score",
    "parse_name",
    "shared_trigrams_needed",
    "words",
]

#: The least score of a name match (0.0 to 1.0).
NAME_THRESHOLD = 0.85
#: A document whose family and given names are the query's swapped ("John Smith"
#: filed as family JOHN, given SMITH) scores this fraction of the swapped match:
#: found, below the same name the right way round.
SWAPPED = 0.9
#: Weights of the family and the given name in a two-part name query.
_FAMILY_WEIGHT = 0.6
_GIVEN_WEIGHT = 0.4
#: A family similarity below this cannot reach :data:`NAME_THRESHOLD` with any given
#: name (``0.6 * 0.75 + 0.4 = 0.85``); a hair lower, so rounding never prunes a match.
FAMILY_FLOOR = (NAME_THRESHOLD - _GIVEN_WEIGHT) / _FAMILY_WEIGHT - 1e-9
#: The same floor for a swapped match, which must reach ``NAME_THRESHOLD / SWAPPED``.
SWAPPED_FLOOR = (NAME_THRESHOLD / SWAPPED - _GIVEN_WEIGHT) / _FAMILY_WEIGHT - 1e-9
#: The given-name similarity of a document without a given name (unknown, not wrong).
_UNKNOWN_GIVEN = 0.5
#: The similarity of two given names of which one is an initial that agrees.
_INITIAL = 0.9

_ASCII_KEEP = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_JOINERS = b"-'`"
# For ASCII text, fold() is: upper case, joiners dropped, every other character
# not a letter or digit a space. A 256-byte table does that at C speed.
_ASCII_TABLE = bytes(
    c if c in _ASCII_KEEP else (c - 32 if 97 <= c <= 122 else 32) for c in range(256)
)
_fold_uncached = fold.__wrapped__


def words(text: str) -> list[str]:
    """The searchable words of ``text``: the words of :func:`fold`, in order.

    ASCII text takes a fast path that gives exactly ``fold(text).split()``
    (the tests check that); other text goes through :func:`fold` itself,
    uncached (documents' texts are too many and too long for its cache).

    >>> words("Dr. O'Neil — re: follow-up")
    ['DR', 'ONEIL', 'RE', 'FOLLOWUP']
    """
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_TABLE, _JOINERS).decode("ascii").split()
    return _fold_uncached(text).split()


def fold_name(name: str) -> str:
    """``fold(name)``, quicker for ASCII names (the words of :func:`words`, joined).

    >>> fold_name("  O'Neil-Smith jr. ")
    'ONEILSMITH JR'
    """
    return " ".join(words(name))


def parse_name(name: str) -> tuple[str, str]:
    """A name query as ``(family, given)``, folded.

    ``"Family, Given"`` is read as written; otherwise the last word is the
    family name and the words before it the given name (write compound family
    names with the comma: ``"Van Buren, Martin"``). A single word is a family
    name. Either part may be ``""``.

    >>> parse_name("Buren"), parse_name("van buren, martin"), parse_name("...")
    (('BUREN', ''), ('VAN BUREN', 'MARTIN'), ('', ''))
    >>> parse_name("Mary Smith Jr.")
    ('SMITH', 'MARY')
    """
    if "," in name:
        family, _, given = name.partition(",")
        return fold(family), fold(given)
    parts = fold(name).split()
    while len(parts) > 1 and parts[-1] in _SUFFIXES:  # "Mary Smith Jr": SMITH, not JR
        parts.pop()
    if not parts:
        return "", ""
    return parts[-1], " ".join(parts[:-1])


#: Suffixes dropped from the end of a name written in order.
_SUFFIXES = frozenset({"JR", "SR", "II", "III", "IV", "V"})


def shared_trigrams_needed(family: str) -> int:
    """How many trigrams a family name must share with the query's ``family``.

    Half of the query's trigrams, rounded up: one typo (a wrong, missing, extra
    or swapped letter) in a name of five letters or more keeps at least that
    many. Short names whose letters are swapped share few trigrams; their
    Soundex key finds them (:func:`family_candidate`).

    >>> shared_trigrams_needed("LI"), shared_trigrams_needed("SMITH")
    (2, 3)
    """
    return (len(trigrams(family)) + 1) // 2


def family_candidate(query: str, family: str) -> bool:
    """Whether a document's folded ``family`` is a candidate for the folded ``query``.

    It is when their Soundex keys agree or they share enough trigrams
    (:func:`shared_trigrams_needed`). Only candidates are scored.

    >>> family_candidate("SMITH", "SMYTHE"), family_candidate("SMITH", "SANCHEZ")
    (True, False)
    """
    key = soundex(query)
    if key and key == soundex(family):
        return True
    return len(trigrams(query) & trigrams(family)) >= shared_trigrams_needed(query)


@functools.lru_cache(maxsize=1 << 16)
def given_similarity(query: str, given: str) -> float:
    """How well a document's folded given name matches the query's, 0.0 to 1.0.

    The first words are compared: 1.0 when they are the same name or nicknames
    of one name (``Bill``/``William``), 0.9 when one is an initial that agrees,
    their Jaro-Winkler similarity otherwise; 0.5 when the document has no given
    name (unknown, not wrong).

    >>> given_similarity("PEGGY", "MARGARET"), given_similarity("J", "JANE")
    (1.0, 0.9)
    """
    if not given:
        return _UNKNOWN_GIVEN
    first_q = query.split(maxsplit=1)[0]
    first_d = given.split(maxsplit=1)[0]
    if len(first_q) == 1 or len(first_d) == 1:
        return _INITIAL if first_q[0] == first_d[0] else 0.0
    if given_name_keys(first_q) & given_name_keys(first_d):
        return 1.0
    return jaro_winkler(first_q, first_d)


def combined(family_similarity: float, given: float) -> float:
    """The score of a two-part name query: ``0.6 * family + 0.4 * given``.

    >>> combined(1.0, 0.5)
    0.8
    """
    return _FAMILY_WEIGHT * family_similarity + _GIVEN_WEIGHT * given


def name_score(query_family: str, query_given: str, family: str, given: str) -> float:
    """How well a document's folded name matches a folded name query, 0.0 to 1.0.

    The family names are compared by Jaro-Winkler. With a given name in the
    query, the score is :func:`combined` of that and :func:`given_similarity`.

    >>> name_score("SMITH", "", "SMITH", "JANE")
    1.0
    >>> round(name_score("SMITH", "PEGGY", "SMITH", "MARGARET"), 3)
    1.0
    >>> name_score("SMITH", "J", "SMITH", "JANE")
    0.96
    """
    family_similarity = jaro_winkler(query_family, family)
    if not query_given:
        return family_similarity
    return combined(family_similarity, given_similarity(query_given, given))
