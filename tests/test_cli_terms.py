"""Tests for ``medoffice terms``: explain words, look up parts."""

from __future__ import annotations

import argparse
import json
from typing import Any

import pytest

import medoffice.cli
from medoffice.cli import _terms, main
from medoffice.terminology.wordparts import Explanation, Segment, explain, lookup


@pytest.fixture(autouse=True)
def _with_terms(monkeypatch: pytest.MonkeyPatch) -> None:
    """Register ``terms`` with the command line (until cli/__init__.py lists it)."""
    commands = medoffice.cli._COMMANDS
    if _terms.register not in commands:
        monkeypatch.setattr(medoffice.cli, "_COMMANDS", (*commands, _terms.register))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any]:
    status, out, err = run(capsys, *argv)
    assert err == ""
    return status, json.loads(out)


# -- terms explain ------------------------------------------------------------------


def test_explain_one_word(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "terms", "explain", "cholecystectomy")
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        "cholecystectomy = cholecyst/ectomy: gallbladder + surgical removal",
        "  cholecyst  cholecyst/o  combining form  gallbladder",
        "  ectomy     -ectomy      suffix          surgical removal",
    ]


def test_explain_shows_vowels(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "terms", "explain", "Bradycardia")
    assert status == 0
    assert out.splitlines() == [
        "bradycardia = brady/card(i)/ia: slow + heart + condition",
        "  brady    brady-   prefix          slow",
        "  card(i)  cardi/o  combining form  heart",
        "  ia       -ia      suffix          condition",
    ]


def test_explain_several_words_and_a_phrase(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "terms", "explain", "hepatitis", "otitis media")
    assert status == 0
    blocks = out.split("\n\n")
    assert [block.splitlines()[0].split(" = ")[0] for block in blocks] == [
        "hepatitis",
        "otitis",
        "media",
    ]


def test_a_word_that_cannot_be_explained_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "terms", "explain", "hepatitis", "zzzitis")
    assert (status, err) == (1, "")
    lines = out.split("\n\n")[1].splitlines()
    assert lines == [
        "zzzitis = [zzz]/itis: ? + inflammation (not fully explained)",
        "  [zzz]  ?      -       not in the word-part table",
        "  itis   -itis  suffix  inflammation",
    ]


def test_a_non_word_is_reported_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "terms", "explain", "x-ray", "otitis")
    assert (status, err) == (1, "")
    first = out.splitlines()[0]
    assert first.startswith("x-ray: cannot be explained: term: must be one word")
    assert first.endswith("[wordparts.format]")
    assert "otitis = ot/itis" in out


def test_ambiguity_is_noted_and_all_shows_the_readings(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "terms", "explain", "anemia")
    assert status == 0
    assert out.splitlines()[0].endswith("(1 other reading scores as well)")
    assert "anus" not in out
    status, out, _ = run(capsys, "terms", "explain", "--all", "anemia")
    assert status == 0
    lines = out.splitlines()
    assert "  or:" in lines
    assert "  anemia = an/emia: anus + blood condition" in lines
    status, out, _ = run(capsys, "terms", "explain", "hemianopsia")
    assert "(2 other readings score as well)" in out


def test_explain_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, data = run_json(capsys, "terms", "explain", "--json", "gastroenterology", "zzz")
    assert status == 1
    first, second = data
    assert first["input"] == "gastroenterology"
    assert first["complete"] is True
    assert first["notation"] == "gastr/o/enter/o/logy"
    assert first["gloss"] == "stomach + intestine (usually the small) + study of"
    assert first["alternatives"] == 0
    assert [s["connecting_vowel"] for s in first["segments"]] == ["o", "o", ""]
    assert first["segments"][0]["part"]["kind"] == "combining_form"
    assert "others" not in first
    assert second["complete"] is False
    assert second["segments"][0]["part"] is None


def test_explain_json_with_all_and_errors(capsys: pytest.CaptureFixture[str]) -> None:
    status, data = run_json(capsys, "terms", "explain", "biopsy", "--all", "--json", "b12")
    assert status == 1
    biopsy, bad = data
    assert biopsy["alternatives"] == 1
    assert [o["segments"][0]["part"]["part"] for o in biopsy["others"]] == ["bi/o"]
    assert bad == {
        "input": "b12",
        "error": {
            "code": "wordparts.format",
            "message": "term: must be one word of letters only; "
            "explain the words of a phrase one by one",
        },
    }


def test_explain_json_keys_are_sorted(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "terms", "explain", "--json", "otitis")
    keys = list(json.loads(out)[0])
    assert keys == sorted(keys)


def test_words_may_follow_options(capsys: pytest.CaptureFixture[str]) -> None:
    status, data = run_json(capsys, "terms", "explain", "otitis", "--json", "rhinitis")
    assert status == 0
    assert [d["term"] for d in data] == ["otitis", "rhinitis"]


# -- terms part ---------------------------------------------------------------------


def test_part(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "terms", "part", "cardio")
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        "cardi/o  combining form  heart",
        "  spellings: cardi, cardio",
        "  examples: cardiology, carditis",
    ]


@pytest.mark.parametrize("argv", [["--", "-itis"], ["itis"], ["ITIS"]])
def test_part_suffix(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    status, out, _ = run(capsys, "terms", "part", *argv)
    assert status == 0
    assert out.splitlines()[0] == "-itis  suffix  inflammation"


def test_part_with_several_matches(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "terms", "part", "an")
    assert status == 0
    assert [block.splitlines()[0] for block in out.split("\n\n")] == [
        "a-, an-  prefix  without, not",
        "an/o  combining form  anus",
        "-an  suffix  pertaining to",
    ]


def test_part_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, data = run_json(capsys, "terms", "part", "--json", "hyper-")
    assert status == 0
    assert data == [
        {
            "examples": ["hyperglycemia", "hypertension"],
            "forms": ["hyper"],
            "kind": "prefix",
            "meaning": "above, excessive",
            "part": "hyper-",
        }
    ]


def test_unknown_part_exits_1_with_suggestions(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "terms", "part", "cardo")
    assert (status, out) == (1, "")
    assert err.startswith("medoffice: error: wordparts: no word part is spelled 'cardo'")
    assert "did you mean: cardi/o" in err


def test_bad_part_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "terms", "part", "12")
    assert (status, out) == (1, "")
    assert err.startswith("medoffice: error: part: must be letters a-z")


# -- usage --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["terms"],
        ["terms", "explain"],
        ["terms", "part"],
        ["terms", "part", "-itis"],  # a suffix needs "--" before it
        ["terms", "part", "cardio", "itis"],
        ["terms", "bogus"],
    ],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert out == ""
    assert "usage: medoffice" in err


def test_help_lists_terms(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--help")
    assert status == 0
    assert "terms" in out
    status, out, _ = run(capsys, "terms", "--help")
    assert status == 0
    assert "explain" in out
    assert "part" in out
    status, out, _ = run(capsys, "terms", "part", "--help")
    assert status == 0
    assert "medoffice terms part -- -itis" in out


def test_register_on_its_own_parser(capsys: pytest.CaptureFixture[str]) -> None:
    root = argparse.ArgumentParser(prog="medoffice")
    _terms.register(root.add_subparsers(dest="command", required=True))
    args = root.parse_args(["terms", "part", "--json", "itis"])
    assert args.handler(args) == 0
    assert json.loads(capsys.readouterr().out)[0]["part"] == "-itis"


# -- the text blocks ----------------------------------------------------------------


def test_homographs_are_shown() -> None:
    cardio, heart = lookup("cardio")[0], lookup("-ia")[0]
    e = Explanation(
        term="cardia",
        segments=(
            Segment(text="card", start=0, end=4, part=cardio, elided="i", homographs=(heart,)),
            Segment(text="ia", start=4, end=6, part=heart),
        ),
    )
    row = _terms.explanation_lines(e)[1]
    assert row.endswith("heart; or -ia: condition")


def test_part_lines_without_examples() -> None:
    part = lookup("itis")[0]
    bare = type(part)(part=part.part, kind=part.kind, meaning=part.meaning, forms=part.forms)
    assert _terms.part_lines(bare) == ["-itis  suffix  inflammation", "  spellings: itis"]


def test_explanation_lines_can_leave_out_the_count() -> None:
    lines = _terms.explanation_lines(explain("anemia"), count_others=False)
    assert lines[0] == "anemia = an/emia: without, not + blood condition"
