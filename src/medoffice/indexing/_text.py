"""Text tools shared by the indexing modules: folding, Jaro-Winkler, phonetic keys, trigrams.

Every function here is pure and works on any ``str``. The conventions are
decided once, before any encoding, so that every module compares names the same
way:

- :func:`fold` upper-cases, strips accents, joins hyphenated and apostrophised
  words (``O'Brien`` is ``OBRIEN``, ``Smith-Jones`` is ``SMITHJONES``), turns
  any other punctuation into a space and collapses runs of spaces.
- :func:`soundex` encodes the letters of the folded text and
  ignore everything else (spaces, digits), so ``Van Dyke`` and ``VANDYKE`` share
  a key.
- :func:`jaro_winkler` compares the strings exactly as given (fold them first
  when case and accents should not count).

>>> fold("  Zoë  O'Brien-Smith, Jr. ")
'ZOE OBRIENSMITH JR'
>>> round(jaro_winkler("MARTHA", "MARHTA"), 4)
0.9611
>>> soundex("Robert"), soundex("Rupert"), soundex("MacAllister") == soundex("McAllister")
('R163', 'R163', True)
>>> sorted(given_name_keys("Bill"))
['BILL', 'WILLIAM']
"""

from __future__ import annotations

import functools
import unicodedata

from medoffice.indexing._nicknames import FORMAL_NAMES

__all__ = [
    "fold",
    "given_name_keys",
    "jaro",
    "jaro_winkler",
    "soundex",
    "trigrams",
]

# Letters that Unicode does not decompose into a base letter and a mark.
_SPECIAL = str.maketrans(
    {
        "ß": "SS",
        "ẞ": "SS",
        "Æ": "AE",
        "æ": "AE",
        "Œ": "OE",
        "œ": "OE",
        "Ø": "O",
        "ø": "O",
        "Ł": "L",
        "ł": "L",
        "Đ": "D",
        "đ": "D",
        "Ð": "D",
        "ð": "D",
        "Þ": "TH",
        "þ": "TH",
        "ı": "I",
    }
)

# Characters that join the two parts of one word: hyphens, dashes and apostrophes.
_JOINERS = frozenset("-'`\u2010\u2011\u2012\u2013\u2014\u2018\u2019\u02bc\u00b4")

_ASCII_UPPER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_ALNUM = _ASCII_UPPER | frozenset("0123456789")


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """``text`` upper-cased, without accents and punctuation, spaces collapsed.

    Hyphens, dashes and apostrophes join the parts of a word; any other
    character that is not an ASCII letter or digit becomes a space. Letters that
    Unicode does not decompose (``ß``, ``Æ``, ``Ø``, ``Ł`` ...) are spelt out.

    Args:
        text: any text.

    Returns:
        Words of ``A-Z`` and ``0-9`` separated by single spaces, without leading
        or trailing spaces (``""`` when nothing is left).

    >>> fold("José  de la Peña-O’Neil")
    'JOSE DE LA PENAONEIL'
    >>> fold("St.John, Mary-Ann")
    'ST JOHN MARYANN'
    >>> fold("...")
    ''
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL)).upper()
    out: list[str] = []
    for char in decomposed:
        if char in _ALNUM:
            out.append(char)
        elif char in _JOINERS or unicodedata.combining(char):
            continue
        else:
            out.append(" ")
    return " ".join("".join(out).split())


def jaro(a: str, b: str) -> float:
    """The Jaro similarity of two strings, from 0.0 (nothing in common) to 1.0.

    Characters match when they are equal and at most
    ``max(len(a), len(b)) // 2 - 1`` positions apart (each character matches at
    most once, scanning ``a`` from the left); ``t`` is half the number of matched
    characters that are out of order, rounded down, and the similarity is
    ``(m/len(a) + m/len(b) + (m - t)/m) / 3``. It is 0.0 when either string is
    empty or nothing matches.

    Args:
        a: the first string, compared exactly (fold it first if needed).
        b: the second string.

    Returns:
        The similarity.

    >>> round(jaro("MARTHA", "MARHTA"), 4), round(jaro("DWAYNE", "DUANE"), 4)
    (0.9444, 0.8222)
    """
    len_a = len(a)
    len_b = len(b)
    if not len_a or not len_b:
        return 0.0
    if a == b:
        return 1.0
    window = max(len_a, len_b) // 2 - 1
    window = max(window, 0)
    taken = [False] * len_b
    matched_a: list[str] = []
    for i, char in enumerate(a):
        start = i - window if i > window else 0
        stop = min(i + window + 1, len_b)
        j = b.find(char, start, stop)
        while j != -1 and taken[j]:
            j = b.find(char, j + 1, stop)
        if j != -1:
            taken[j] = True
            matched_a.append(char)
    matches = len(matched_a)
    if not matches:
        return 0.0
    matched_b = [char for char, used in zip(b, taken, strict=True) if used]
    out_of_order = sum(1 for x, y in zip(matched_a, matched_b, strict=True) if x != y)
    half = out_of_order // 2
    return (matches / len_a + matches / len_b + (matches - half) / matches) / 3.0


def jaro_winkler(a: str, b: str) -> float:
    """The Jaro-Winkler similarity: Jaro, boosted for a common prefix.

    ``jw = jaro + l * 0.1 * (1 - jaro)`` where ``l`` is the length of the common
    prefix, at most 4. The boost applies only when ``jaro > 0.7``. Empty strings
    score 0.0 (as in jellyfish); equal non-empty strings score 1.0.

    Args:
        a: the first string, compared exactly (fold it first if needed).
        b: the second string.

    Returns:
        The similarity, from 0.0 to 1.0.

    >>> [round(jaro_winkler(a, b), 4) for a, b in
    ...  [("MARTHA", "MARHTA"), ("DWAYNE", "DUANE"), ("DIXON", "DICKSONX")]]
    [0.9611, 0.84, 0.8133]
    """
    similarity = jaro(a, b)
    if similarity <= 0.7 or similarity == 1.0:
        return similarity
    prefix = 0
    for x, y in zip(a[:4], b[:4], strict=False):
        if x != y:
            break
        prefix += 1
    return similarity + prefix * 0.1 * (1.0 - similarity)


_SOUNDEX_CODES: dict[str, str] = {
    **dict.fromkeys("BFPV", "1"),
    **dict.fromkeys("CGJKQSXZ", "2"),
    **dict.fromkeys("DT", "3"),
    "L": "4",
    **dict.fromkeys("MN", "5"),
    "R": "6",
    **dict.fromkeys("AEIOUY", ""),  # vowels separate repeated codes
}


@functools.lru_cache(maxsize=65536)
def soundex(text: str) -> str:
    """American Soundex of the letters of ``text``: a letter and three digits.

    The first letter is kept; then b f p v = 1, c g j k q s x z = 2, d t = 3,
    l = 4, m n = 5, r = 6. Adjacent letters with the same code count once (the
    first letter included); a vowel between them separates them, ``H`` and ``W``
    do not. The key is padded with zeros to four characters. Everything but the
    letters of :func:`fold` is ignored; text without letters gives ``""``.

    Args:
        text: a name (any case, accents, spaces or punctuation).

    Returns:
        The four-character key, or ``""``.

    >>> soundex("Pfister"), soundex("Ashcraft"), soundex("Tymczak"), soundex("Lee")
    ('P236', 'A261', 'T522', 'L000')
    >>> soundex("Van Dyke") == soundex("VanDyke")
    True
    """
    letters = [c for c in fold(text) if c in _ASCII_UPPER]
    if not letters:
        return ""
    first = letters[0]
    digits: list[str] = []
    last = _SOUNDEX_CODES.get(first, "")
    for char in letters[1:]:
        if char in "HW":
            continue
        code = _SOUNDEX_CODES[char]
        if code and code != last:
            digits.append(code)
            if len(digits) == 3:
                break
        last = code
    return (first + "".join(digits) + "000")[:4]


@functools.lru_cache(maxsize=65536)
def trigrams(text: str) -> frozenset[str]:
    """The set of letter trigrams of ``text``'s folded words.

    Each word of :func:`fold` is padded with two spaces in front and one behind
    (so a word's start weighs more and even a one-letter word has trigrams), and
    every run of three characters is taken.

    Args:
        text: any text.

    Returns:
        The trigrams (empty when the folded text is empty).

    >>> sorted(trigrams("Ann"))
    ['  A', ' AN', 'ANN', 'NN ']
    >>> trigrams("...")
    frozenset()
    """
    grams: set[str] = set()
    for word in fold(text).split():
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(grams)


@functools.lru_cache(maxsize=65536)
def given_name_keys(name: str) -> frozenset[str]:
    """The folded given name plus every formal name it is a nickname of.

    Two given names are nickname-equivalent when their keys intersect:
    ``Bill`` and ``Billy`` both lead to ``WILLIAM``. A formal name only leads to
    itself, so two different formal names (``ALBERT``, ``ALFRED``) never share a
    key, even though ``AL`` shares a key with each. The nickname table is
    :data:`medoffice.indexing._nicknames.NICKNAMES`.

    Args:
        name: a given name, in any case or spelling of accents.

    Returns:
        The keys (empty when the folded name is empty).

    >>> sorted(given_name_keys("peggy"))
    ['MARGARET', 'PEGGY']
    >>> sorted(given_name_keys("William"))
    ['WILLIAM']
    """
    folded = fold(name)
    if not folded:
        return frozenset()
    return frozenset((folded, *FORMAL_NAMES.get(folded, ())))
