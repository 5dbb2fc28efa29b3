"""Alphabetic filing: our worked examples, the properties of the key, an oracle, junk."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from medoffice.exceptions import InvalidCode, InvalidFormat
from medoffice.indexing.alphabetic import (
    LIBRARY_OPTIONS,
    FilingOptions,
    Hyphenated,
    McMac,
    OrganisationName,
    PersonName,
    Prefixes,
    Saint,
    filing_key,
    filing_units,
    index_units,
    letter_bands,
    parse_person,
    sort_key,
)
from medoffice.indexing.numbering import ColourScheme
from medoffice.strategies import junk

EXAMPLES = Path(__file__).with_name("alphabetic_examples.txt")
ALL_OPTIONS = [
    FilingOptions(mc_mac=m, saint=s, hyphenated=h, prefixes=p)
    for m, s, h, p in itertools.product(McMac, Saint, Hyphenated, Prefixes)
]


def _options(text: str) -> FilingOptions:
    if text == "-":
        return FilingOptions()
    if text == "library":
        return LIBRARY_OPTIONS
    return FilingOptions(**dict(pair.split("=") for pair in text.split(",")))  # type: ignore[arg-type]


def _name(text: str) -> PersonName | OrganisationName:
    kind, _, written = text.partition(":")
    return parse_person(written) if kind == "person" else OrganisationName(name=written)


def _examples() -> list[tuple[int, list[str]]]:
    rows = []
    for number, line in enumerate(EXAMPLES.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip() and not line.startswith("#"):
            rows.append((number, [field.strip() for field in line.split(" | ")]))
    return rows


ROWS = _examples()


def test_there_are_at_least_100_examples_covering_every_option() -> None:
    assert len(ROWS) >= 100
    used = {fields[1] for _, fields in ROWS}
    for option in ("mc_mac=mac", "saint=saint", "hyphenated=separate", "prefixes=separate"):
        assert option in used
    assert {"person", "org", "before", "same"} <= {fields[0] for _, fields in ROWS}


@pytest.mark.parametrize(("line", "fields"), ROWS, ids=[f"line{n}" for n, _ in ROWS])
def test_worked_example(line: int, fields: list[str]) -> None:
    kind, options, first, second = fields
    opts = _options(options)
    if kind == "person":
        assert filing_units(parse_person(first), opts) == tuple(second.split())
    elif kind == "org":
        assert filing_units(OrganisationName(name=first), opts) == tuple(second.split())
    elif kind == "before":
        assert filing_key(_name(first), opts) < filing_key(_name(second), opts)
    else:
        assert kind == "same", f"line {line}: unknown kind"
        assert filing_key(_name(first), opts) == filing_key(_name(second), opts)


# -- properties ------------------------------------------------------------------------

words = st.text(
    st.characters(codec="utf-8", categories=("L", "Nd", "P", "S", "Zs")), min_size=1, max_size=12
)
options = st.sampled_from(ALL_OPTIONS)


SURNAMES = ["Smith", "O'Neil", "Jones-Smith", "van der Berg", "McDonald", "St. John", "Peña", "Lee"]


@st.composite
def person_names(draw: st.DrawFn) -> PersonName:
    surname = draw(st.sampled_from(SURNAMES) | words.filter(lambda w: bool(index_units(w))))
    return PersonName(
        surname=surname,
        given=draw(st.sampled_from(["", "Ann", "Mary-Ann", "J.", "Zoë"]) | words),
        middle=draw(st.sampled_from(["", "B", "Lee"])),
        title=draw(st.sampled_from(["", "Dr.", "Sister"])),
        suffix=draw(st.sampled_from(["", "Jr.", "II", "III", "Sr.", "2nd", "MD"])),
    )


org_names = words.filter(lambda w: bool(index_units(w))).map(lambda w: OrganisationName(name=w))
names = st.one_of(person_names(), org_names)


@given(st.text(max_size=30), options)
def test_index_units_is_idempotent(text: str, opts: FilingOptions) -> None:
    units = index_units(text, options=opts)
    assert index_units(" ".join(units), options=opts) == units
    for unit in units:
        assert unit == unit.upper()
        assert all(ch.isalnum() for ch in unit)


@given(st.text(max_size=30), options)
def test_case_and_punctuation_are_ignored(text: str, opts: FilingOptions) -> None:
    units = index_units(text, options=opts)
    assert index_units(text.lower(), options=opts) == index_units(text.upper(), options=opts)
    # Periods and quotes after letters vanish (apostrophes too, but M' means Mc).
    spiced = "".join(f'{ch}."' if ch.isalpha() and ch.isascii() else ch for ch in text)
    assert index_units(spiced, options=opts) == units


@given(org_names, org_names, options)
def test_nothing_before_something(
    a: OrganisationName, b: OrganisationName, opts: FilingOptions
) -> None:
    assume(
        filing_units(a, opts)[0] != "THE" and not set("'`\u2018\u2019\u02bc\u00b4") & set(a.name)
    )
    longer = OrganisationName(name=f"{a.name} {b.name}")
    assert filing_key(a, opts) < filing_key(longer, opts)
    assert filing_units(longer, opts)[: len(filing_units(a, opts))] == filing_units(a, opts)


@settings(max_examples=min(40, settings().max_examples))
@given(st.lists(names, max_size=6), options)
def test_the_key_gives_a_total_order(
    values: list[PersonName | OrganisationName], opts: FilingOptions
) -> None:
    keys = [filing_key(v, opts) for v in values]
    ordered = sorted(keys)
    assert sorted(sorted(keys, reverse=True)) == ordered
    for a, b, c in itertools.combinations(keys, 3):
        assert not (a < b < c) or a < c
        assert (a < b) + (b < a) + (a == b) == 1


def _oracle_key(
    units: tuple[str, ...], suffix_from: int | None, end: int
) -> list[tuple[int, int, str]]:
    """Spell the comparison rule out: numbers (digits, or suffix numerals) before letters."""
    romans = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
    out = []
    for i, unit in enumerate(units):
        is_suffix = suffix_from is not None and suffix_from <= i < end
        if unit.isdigit() and unit.isascii():
            out.append((0, int(unit), ""))
        elif is_suffix and unit in romans[1:]:
            out.append((0, romans.index(unit) + 1, ""))
        elif is_suffix and unit[:-2].isdigit() and unit[-2:] in {"ST", "ND", "RD", "TH"}:
            out.append((0, int(unit[:-2]), ""))
        else:
            out.append((1, 0, unit))
    return out


@given(person_names(), options)
def test_person_key_matches_the_spelled_out_rule(name: PersonName, opts: FilingOptions) -> None:
    units = filing_units(name, opts)
    n_suffix = len(index_units(name.suffix, options=opts))
    n_title = len(index_units(name.title, options=opts))
    title_first = not (name.given or name.middle) and n_title
    end = len(units) if title_first else len(units) - n_title
    suffix_from = end - n_suffix if n_suffix else None
    key = filing_key(name, opts)
    assert list(key) == _oracle_key(units, suffix_from, end)


@given(
    st.sampled_from(SURNAMES).map(lambda s: PersonName(surname=s, given="Al")),
    st.dates() | st.none(),
    st.dates() | st.none(),
)
def test_tiebreak_by_birth_date_then_record_number(
    name: PersonName, born_a: dt.date | None, born_b: dt.date | None
) -> None:
    a = sort_key(name, birth_date=born_a, record_number="10")
    b = sort_key(name, birth_date=born_b, record_number="9")
    if born_a == born_b:
        assert b < a  # record number 9 before 10: numbers compare as numbers
    elif born_a is None or (born_b is not None and born_a < born_b):
        assert a < b
    else:
        assert b < a


def test_sort_key_examples() -> None:
    ann = parse_person("Lee, Ann")
    keys = [
        sort_key(ann, birth_date=dt.date(1990, 1, 2), record_number="A7"),
        sort_key(ann, birth_date=dt.date(1990, 1, 2), record_number="12"),
        sort_key(ann, birth_date=dt.date(1990, 1, 2)),
        sort_key(ann, birth_date=dt.date(1980, 1, 2), record_number="99"),
        sort_key(parse_person("Lea, Zed")),
    ]
    assert sorted(keys) == [keys[4], keys[3], keys[2], keys[1], keys[0]]
    with pytest.raises(TypeError, match="birth_date"):
        sort_key(ann, birth_date=dt.datetime(1990, 1, 2))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="record_number"):
        sort_key(ann, record_number=12)  # type: ignore[arg-type]


# -- parsing and errors -----------------------------------------------------------------


def test_parse_person_parts() -> None:
    n = parse_person("Smith Jr., Dr. John Adam")
    assert (n.surname, n.given, n.middle, n.title, n.suffix) == (
        "Smith",
        "John",
        "Adam",
        "Dr.",
        "Jr.",
    )
    n = parse_person("Smith, John, Esq., Rev.")
    assert (n.suffix, n.title) == ("Esq.", "Rev.")
    assert parse_person("Prince") == PersonName(surname="Prince")


@pytest.mark.parametrize("text", ["", "   ", ",", ", John", "...", ",,,", "- ' ."])
def test_parse_person_refuses_names_without_a_surname(text: str) -> None:
    with pytest.raises(InvalidFormat) as info:
        parse_person(text)
    assert info.value.code == "person_name.empty"


def test_errors_and_reprs_never_show_the_name() -> None:
    secret = PersonName(surname="Quixote", given="Dulcinea", middle="Toboso", suffix="Jr.")
    assert "Quixote" not in repr(secret)
    assert "Dulcinea" not in repr(secret)
    assert "Toboso" not in repr(secret)
    with pytest.raises(ValueError, match="surname") as info:
        PersonName(surname="!!!", given="Dulcinea")
    assert "Dulcinea" not in str(info.value)
    assert "!!!" not in str(info.value)
    with pytest.raises(TypeError, match="name"):
        filing_key("Quixote")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="options"):
        filing_key(secret, "arma")  # type: ignore[arg-type]


@given(junk())
def test_junk_gets_only_documented_errors(value: object) -> None:
    for call in (
        lambda: parse_person(value),  # type: ignore[arg-type]
        lambda: index_units(value),  # type: ignore[arg-type]
        lambda: PersonName(surname=value),  # type: ignore[arg-type]
        lambda: OrganisationName(name=value),  # type: ignore[arg-type]
        lambda: filing_key(value),  # type: ignore[arg-type]
    ):
        with contextlib.suppress(InvalidCode, TypeError, ValueError):
            call()


@given(st.text(max_size=40))
def test_any_text_parses_or_is_refused_cleanly(text: str) -> None:
    try:
        name = parse_person(text)
    except InvalidFormat as exc:
        code = exc.code
    else:
        code = "ok"
        assert filing_units(name)
        assert filing_units(parse_person(text)) == filing_units(name)
    assert code in {"ok", "person_name.empty"}


def test_overlong_names_are_refused() -> None:
    with pytest.raises(InvalidCode) as info:
        parse_person("a " * 600)
    assert info.value.code == "person_name.length"
    with pytest.raises(InvalidCode) as info:
        OrganisationName(name="x" * 1001)
    assert info.value.code == "name.length"


@given(st.lists(st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ -'", min_size=1, max_size=8), max_size=10))
def test_a_sorted_drawer_shows_solid_letter_bands(surnames: list[str]) -> None:
    people = [PersonName(surname=s) for s in surnames if index_units(s)]
    colours = [letter_bands(p) for p in sorted(people, key=filing_key)]
    runs = [c for c, _ in itertools.groupby(colours)]
    assert len(runs) == len(set(runs))


def test_letter_bands() -> None:
    assert letter_bands(parse_person("O'Neil, Pat")) == (
        "orange with white stripe",
        "red with white stripe",
    )
    assert letter_bands(OrganisationName(name="3M Health"), letters=1) == ("light green",)
    plain = ColourScheme(letters=[c * 2 for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"])
    assert letter_bands(parse_person("Lee, Al"), letters=5, scheme=plain) == ("LL", "EE", "EE")
    with pytest.raises(ValueError, match="letters"):
        letter_bands(parse_person("Lee, Al"), letters=0)


def test_the_modifier_letter_apostrophe_is_punctuation() -> None:
    # U+02BC counts as a letter to str.isalnum; it must be ignored like "'".
    from medoffice.indexing.alphabetic import filing_units, parse_person

    assert filing_units(parse_person("O\u02bcneil, Mary")) == filing_units(
        parse_person("O'Neil, Mary")
    )
