"""Shared text tools: folding, Jaro-Winkler (jellyfish as oracle), Soundex, trigrams, nicknames."""

from __future__ import annotations

import re
import unicodedata

import jellyfish
import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.indexing._nicknames import FORMAL_NAMES, NICKNAMES, PAIRS
from medoffice.indexing._text import (
    fold,
    given_name_keys,
    jaro,
    jaro_winkler,
    soundex,
    trigrams,
)

UPPER = st.text(alphabet="ABCDEHIKLMNORSTUWY", max_size=12)
NAMES = st.text(
    alphabet=st.sampled_from("abcdeghjklmnoprstuvwyzÀÉÑÖçß -'.,ABCKMNRSTZ"), max_size=16
)


# -- fold -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("O'Brien", "OBRIEN"),
        ("Smith-Jones", "SMITHJONES"),
        ("  de   la  Cruz ", "DE LA CRUZ"),
        ("Zoë", "ZOE"),
        ("Müller", "MULLER"),
        ("Straße", "STRASSE"),
        ("Øster", "OSTER"),
        ("Łukasz", "LUKASZ"),
        ("D’Angelo", "DANGELO"),
        ("St.John", "ST JOHN"),
        ("Jr.", "JR"),
        ("", ""),
        ("¡¿!?", ""),
        ("apt 4b", "APT 4B"),
    ],
)
def test_fold_examples(text: str, folded: str) -> None:
    assert fold(text) == folded


@given(st.text(max_size=30))
def test_fold_is_idempotent_and_clean(text: str) -> None:
    folded = fold(text)
    assert fold(folded) == folded
    assert folded == folded.strip()
    assert "  " not in folded
    assert all(c == " " or (c.isascii() and c.isalnum() and not c.islower()) for c in folded)


_SPELT = {"ß": "SS", "Æ": "AE", "æ": "AE", "Ø": "O", "ø": "O", "Ł": "L", "ł": "L", "Œ": "OE"}


def _slow_fold(text: str) -> str:
    # Oracle: one character at a time, words split on anything that is not a letter,
    # digit, mark, hyphen or apostrophe.
    pieces = []
    for char in text:
        if char in _SPELT:
            pieces.append(_SPELT[char])
            continue
        base = unicodedata.normalize("NFKD", char).upper()
        kept = "".join(c for c in base if c.isascii() and c.isalnum())
        if kept:
            pieces.append(kept)
        elif char in "-'\u2019" or (all(unicodedata.combining(c) for c in base) and base):
            continue
        else:
            pieces.append(" ")
    return re.sub(" +", " ", "".join(pieces)).strip()


@given(st.text(alphabet="abcxyzABÀÉÑÖçßæØł -'’.,_1!\u0301\t", max_size=20))
def test_fold_matches_the_slow_definition(text: str) -> None:
    assert fold(text) == _slow_fold(text)


# -- Jaro and Jaro-Winkler ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "jaro_value", "jw_value"),
    [
        ("MARTHA", "MARHTA", 0.9444, 0.9611),
        ("DWAYNE", "DUANE", 0.8222, 0.84),
        ("DIXON", "DICKSONX", 0.7667, 0.8133),
    ],
)
def test_reference_checks(a: str, b: str, jaro_value: float, jw_value: float) -> None:
    assert round(jaro(a, b), 4) == jaro_value
    assert round(jaro_winkler(a, b), 4) == jw_value


def test_boost_only_above_point_seven() -> None:
    # Jaro of ABCDEFGH / ABXYZ is below 0.7: the common prefix gives no boost.
    assert jaro("ABCDEFGH", "ABXYZW") <= 0.7
    assert jaro_winkler("ABCDEFGH", "ABXYZW") == jaro("ABCDEFGH", "ABXYZW")


def test_empty_and_equal_strings() -> None:
    assert jaro_winkler("", "") == 0.0
    assert jaro_winkler("A", "") == 0.0
    assert jaro_winkler("SMITH", "SMITH") == 1.0


@given(UPPER, UPPER)
def test_jaro_winkler_agrees_with_jellyfish(a: str, b: str) -> None:
    assert jaro(a, b) == pytest.approx(jellyfish.jaro_similarity(a, b), abs=1e-12)
    assert jaro_winkler(a, b) == pytest.approx(jellyfish.jaro_winkler_similarity(a, b), abs=1e-12)


@given(UPPER, UPPER)
def test_jaro_winkler_is_symmetric_and_bounded(a: str, b: str) -> None:
    value = jaro_winkler(a, b)
    assert 0.0 <= value <= 1.0
    assert value == pytest.approx(jaro_winkler(b, a), abs=1e-12)


# -- Soundex --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Robert", "R163"),
        ("Rupert", "R163"),
        ("Pfister", "P236"),
        ("Ashcraft", "A261"),
        ("Tymczak", "T522"),
        ("Honeyman", "H555"),
        ("Lee", "L000"),
        ("O'Brien", "O165"),
        ("", ""),
        ("123", ""),
    ],
)
def test_soundex_examples(name: str, code: str) -> None:
    assert soundex(name) == code


@given(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=12))
def test_soundex_agrees_with_jellyfish(name: str) -> None:
    assert soundex(name) == jellyfish.soundex(name)


@given(NAMES)
def test_soundex_ignores_case_accents_and_punctuation(name: str) -> None:
    letters = "".join(c for c in fold(name) if c.isalpha())
    assert soundex(name) == (jellyfish.soundex(letters) if letters else "")


# -- trigrams -------------------------------------------------------------------------------


def _slow_trigrams(text: str) -> frozenset[str]:
    out = set()
    for word in fold(text).split(" "):
        if not word:
            continue
        padded = "  " + word + " "
        for start in range(len(padded)):
            gram = padded[start : start + 3]
            if len(gram) == 3:
                out.add(gram)
    return frozenset(out)


@given(NAMES)
def test_trigrams_match_the_slow_definition(text: str) -> None:
    assert trigrams(text) == _slow_trigrams(text)


# -- nicknames ------------------------------------------------------------------------------


def test_the_table_is_big_enough_and_clean() -> None:
    assert len(PAIRS) >= 300
    for formal, nicks in NICKNAMES.items():
        assert fold(formal) == formal
        assert len(set(nicks)) == len(nicks), formal
        assert formal not in nicks
        assert all(fold(nick) == nick for nick in nicks)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Bill", "William"),
        ("Peggy", "Margaret"),
        ("Bob", "Robbie"),
        ("Liz", "Beth"),
        ("Kate", "Katie"),
    ],
)
def test_nicknames_share_a_key(a: str, b: str) -> None:
    assert given_name_keys(a) & given_name_keys(b)


def test_formal_names_do_not_share_keys() -> None:
    assert given_name_keys("AL") & given_name_keys("Albert")
    assert given_name_keys("AL") & given_name_keys("Alfred")
    assert not given_name_keys("Albert") & given_name_keys("Alfred")
    assert given_name_keys("") == frozenset()


@given(NAMES)
def test_given_name_keys_are_the_name_and_its_formal_names(name: str) -> None:
    folded = fold(name)
    expected = {folded} | {formal for nick, formal in PAIRS if nick == folded} if folded else set()
    assert given_name_keys(name) == expected
    assert all(formal in NICKNAMES for formal in FORMAL_NAMES.get(folded, ()))
