"""text_problems names what cannot be written; clean_text makes any text writable."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.x12 import Delimiters, clean_text, text_problems
from medoffice.x12._text import bad_characters
from tests.x12._strategies import PRINTABLE, delimiters

ANY = st.text(st.characters(codec="utf-8"), max_size=40)


@given(ANY, delimiters(), st.none() | st.text(PRINTABLE, max_size=3))
def test_clean_text_is_always_clean(value: str, d: Delimiters, replacement: str | None) -> None:
    if replacement is not None and text_problems(replacement, "r", d):
        with pytest.raises(ValueError, match="replacement: must itself be printable ASCII"):
            clean_text(value, d, replacement=replacement)
        return
    cleaned = clean_text(value, d, replacement=replacement)
    assert text_problems(cleaned, "x", d) == ()
    assert "  " not in cleaned
    assert cleaned == cleaned.strip(" ")
    assert clean_text(cleaned, d, replacement=replacement) == cleaned


@given(delimiters(), st.data())
def test_clean_single_spaced_text_is_left_alone(d: Delimiters, data: st.DataObject) -> None:
    alphabet = "".join(c for c in PRINTABLE if c not in d.all and c != " ")
    words = data.draw(st.lists(st.text(alphabet, min_size=1, max_size=6), max_size=5))
    value = " ".join(words)
    assert clean_text(value, d) == value
    assert text_problems(value, "x", d) == ()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Renée Müller-Lüdenscheidt", "Renee Muller-Ludenscheidt"),
        ("Straße Ærø Łódź Øster Œuvre", "Strasse AEro Lodz Oster OEuvre"),
        ("“quoted” ‘single’ «guillemets»", '"quoted" \'single\' "guillemets"'),
        ("2–3 — 4−5", "2-3 - 4-5"),
        ("ﬁne ｆｕｌｌ", "fine full"),
        ("a\u00a0b\tc\r\nd", "a b c d"),
        ("  padded  ", "padded"),
        ("PAID*5~", "PAID5"),
        ("x ~ y", "x y"),
        ("emoji 😀 here", "emoji here"),
        ("bell\x07", "bell"),
        ("", ""),
    ],
)
def test_clean_text_examples(value: str, expected: str) -> None:
    assert clean_text(value) == expected


def test_clean_text_replacement() -> None:
    assert clean_text("A*B:C", replacement="-") == "A-B-C"
    assert clean_text("A*B", replacement=" ") == "A B"
    assert clean_text("A*B", replacement="\\") == "A\\B"
    assert clean_text("a|b", Delimiters(element="|"), replacement="*") == "a*b"
    with pytest.raises(ValueError, match="replacement"):
        clean_text("A*B", replacement="~")
    with pytest.raises(TypeError, match="replacement: must be a str"):
        clean_text("A*B", replacement=1)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="value: must be a str"):
        clean_text(None)  # type: ignore[arg-type]


def test_text_problems_name_the_rule_and_position_never_the_value() -> None:
    value = "DOE*JOHN:ZOË^SMITH~\x01\x02"
    problems = text_problems(value, "claims[0].patient.name")
    assert [(p.path, p.code) for p in problems] == [
        ("claims[0].patient.name", "x12.delimiter"),
        ("claims[0].patient.name", "x12.delimiter"),
        ("claims[0].patient.name", "x12.delimiter"),
        ("claims[0].patient.name", "x12.delimiter"),
        ("claims[0].patient.name", "x12.charset"),
    ]
    messages = [p.message for p in problems]
    assert messages[0].startswith("contains the element separator '*' at character 4")
    assert messages[1].startswith("contains the component separator ':' at character 9")
    assert messages[2].startswith("contains the repetition separator '^' at character 13")
    assert messages[3].startswith("contains the segment terminator '~' at character 19")
    assert messages[4] == (
        "contains a non-ASCII character at character 12 (3 such characters); "
        "X12 data is printable ASCII"
    )
    for message in messages:
        for word in ("DOE", "JOHN", "ZO", "SMITH"):
            assert word not in message


def test_text_problems_counts_repeats_and_control_characters() -> None:
    (problem,) = text_problems("A*B*C", "x")
    assert "2 times, first at character 2" in problem.message
    (problem,) = text_problems("TAB\tHERE", "x")
    assert problem.message.startswith("contains a control character at character 4;")
    (problem,) = text_problems("DEL\x7f", "x")
    assert "control character" in problem.message
    assert text_problems("", "x") == ()
    assert text_problems("A*B", "x", Delimiters(element="|")) == ()
    (problem,) = text_problems("A|B", "x", Delimiters(element="|"))
    assert problem.code == "x12.delimiter"


def test_a_control_character_delimiter_is_reported_as_a_delimiter() -> None:
    d = Delimiters(segment="\x1c")
    assert [p.code for p in text_problems("A\x1cB\x1d", "x", d)] == [
        "x12.delimiter",
        "x12.charset",
    ]
    assert clean_text("A\x1cB", d) == "A B"


@given(ANY, delimiters())
def test_text_problems_agrees_with_the_pattern(value: str, d: Delimiters) -> None:
    assert (text_problems(value, "x", d) == ()) == (bad_characters(d).search(value) is None)


def test_text_problems_refuses_non_text() -> None:
    with pytest.raises(TypeError, match="note: must be a str, not int"):
        text_problems(5, "note")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="value: must be a str"):
        text_problems(5, "")  # type: ignore[arg-type]
