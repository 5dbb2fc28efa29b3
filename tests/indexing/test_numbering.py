"""Record numbers on the shelf: the reference's worked example, properties, oracles, junk."""

from __future__ import annotations

import contextlib
import importlib
import inspect
import itertools
import string

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.exceptions import InvalidChecksum, InvalidCode, InvalidFormat, UnknownCode
from medoffice.indexing.numbering import (
    DEFAULT_COLOURS,
    DEFAULT_LETTER_COLOURS,
    ColourScheme,
    FileRoom,
    FilingSystem,
    Folder,
    NumberingSystem,
    RecordNumber,
    active_folders,
    assign,
    bands,
    check_character,
    colour_of,
    format_number,
    is_valid_checked,
    locate,
    misfiles,
    parse,
    parse_checked,
    section,
    shelf_order,
    sort_key,
    with_check_character,
)
from medoffice.strategies import junk

SYSTEMS = list(FilingSystem)
WORKED = ["17-21-35", "04-21-35", "12-22-35", "03-21-36", "98-07-36", "04-21-34"]

numbers = st.text(string.digits, min_size=1, max_size=9).map(lambda d: RecordNumber(digits=d))
systems = st.sampled_from(SYSTEMS)


# -- the reference's worked examples -------------------------------------------------


@pytest.mark.parametrize(
    ("system", "expected"),
    [
        ("straight", ["03-21-36", "04-21-34", "04-21-35", "12-22-35", "17-21-35", "98-07-36"]),
        (
            "terminal-digit",
            ["04-21-34", "04-21-35", "17-21-35", "12-22-35", "98-07-36", "03-21-36"],
        ),
        ("middle-digit", ["98-07-36", "03-21-36", "04-21-34", "04-21-35", "17-21-35", "12-22-35"]),
    ],
)
def test_worked_example(system: str, expected: list[str]) -> None:
    assert [str(n) for n in shelf_order(WORKED, system)] == expected


def test_textbook_terminal_digit_order() -> None:
    textbook = ["45-49-99", "60-49-99", "44-50-99", "45-50-99", "44-51-99"]
    shuffled = [textbook[i] for i in (3, 0, 4, 2, 1)]
    assert [str(n) for n in shelf_order(shuffled, "terminal-digit")] == textbook


def test_padding_and_long_numbers() -> None:
    assert parse("12-34") != parse("00-12-34")
    assert parse("12-34").padded == parse("00-12-34").padded == "001234"
    assert sort_key("12-34", "straight") < sort_key("00-12-34", "straight")
    assert sort_key("12-34", "straight")[:3] == sort_key("00-12-34", "straight")[:3]
    assert parse("1234567").units == ("123", "45", "67")
    assert format_number("1234567") == "123-45-67"
    assert format_number("7", padded=True) == "00-00-07"
    # Digits beyond six join the tertiary unit: 1-00-00-00 files after 99-99-99 straight.
    assert sort_key("1000000", "straight") > sort_key("99-99-99", "straight")
    assert section("1000000", "terminal-digit") == 0
    assert section("123-45-67", "straight") == 123


@pytest.mark.parametrize(
    "text",
    [
        *("", " ", "12--34", "12-345", "123-45", "1-2-3", "12-34-56-78", "12a34", "12_34"),
        *("-1234", "1234-", "12\n34", "١٢٣", "1" * 16),
    ],
)
def test_parse_refuses(text: str) -> None:
    with pytest.raises(InvalidCode) as info:
        parse(text)
    assert info.value.code in {"record_number.format", "record_number.length"}
    assert info.value.field == "record_number"
    if text.strip():
        assert text.strip() not in str(info.value)


# -- properties ----------------------------------------------------------------------


@given(numbers, st.booleans())
def test_format_and_parse_round_trip(number: RecordNumber, padded: bool) -> None:
    text = format_number(number, padded=padded)
    back = parse(text)
    if padded:
        assert back.padded == number.padded
        assert format_number(back, padded=True) == text
    else:
        assert back == number
        assert format_number(back) == text


@given(st.lists(numbers, max_size=12), systems)
def test_sort_keys_give_a_total_order(values: list[RecordNumber], system: FilingSystem) -> None:
    keys = [sort_key(n, system) for n in values]
    # Keys are injective: equal keys only for equal numbers ...
    for (a, ka), (b, kb) in itertools.combinations(zip(values, keys, strict=True), 2):
        assert (ka == kb) == (a == b)
    # ... and each key is a permutation of the three units plus the written width.
    for n, k in zip(values, keys, strict=True):
        assert sorted(k[:3]) == sorted(int(u) for u in n.units)
        assert k[3] == len(n.digits)
    # The order does not depend on the input order.
    assert shelf_order(values, system) == shelf_order(list(reversed(values)), system)


@given(st.integers(0, 10**7), st.integers(0, 450))
def test_terminal_digit_spreads_consecutive_numbers_evenly(start: int, count: int) -> None:
    counts = [0] * 100
    for value in range(start, start + count):
        counts[section(str(value), "terminal-digit")] += 1
    assert set(counts) <= {count // 100, -(-count // 100)}


@given(numbers, systems)
def test_section_is_the_first_unit_of_the_order(number: RecordNumber, system: FilingSystem) -> None:
    t, s, p = (int(u) for u in number.units)
    expected = {FilingSystem.TERMINAL_DIGIT: p, FilingSystem.MIDDLE_DIGIT: s}.get(system, t)
    assert section(number, system) == expected
    if system is not FilingSystem.STRAIGHT:
        assert 0 <= section(number, system) <= 99


# -- misfiles: against a brute-force oracle ------------------------------------------------


def _oracle_misfiles(shelf: list[RecordNumber], system: FilingSystem) -> tuple[int, ...]:
    """Try every set of kept folders, largest first, in lexicographic order."""
    places = [sort_key(n, system)[:3] for n in shelf]
    for size in range(len(shelf), -1, -1):
        for kept in itertools.combinations(range(len(shelf)), size):
            if all(places[a] <= places[b] for a, b in itertools.pairwise(kept)):
                return tuple(i for i in range(len(shelf)) if i not in kept)
    raise AssertionError


small_numbers = st.sampled_from(["1", "2", "101", "0101", "99", "201", "10000", "3"]).map(parse)


@given(st.lists(st.one_of(numbers, small_numbers), max_size=8), systems)
def test_misfiles_matches_the_brute_force_oracle(
    shelf: list[RecordNumber], system: FilingSystem
) -> None:
    found = misfiles(shelf, system)
    assert found == _oracle_misfiles(shelf, system)
    left = [n for i, n in enumerate(shelf) if i not in found]
    assert [sort_key(n, system)[:3] for n in left] == sorted(sort_key(n, system)[:3] for n in left)


def test_misfiles_examples() -> None:
    shelf = [str(n) for n in shelf_order(WORKED, "terminal-digit")]
    assert misfiles(shelf, "terminal-digit") == ()
    moved = [shelf[0], shelf[4], *shelf[1:4], shelf[5]]
    assert misfiles(moved, "terminal-digit") == (1,)
    # The same-place folders 12-34 and 00-12-34 may stand in either order.
    assert misfiles(["00-12-34", "12-34"], "straight") == ()


# -- colour bands ----------------------------------------------------------------------------


def test_colours() -> None:
    assert [colour_of(d) for d in range(10)] == list(DEFAULT_COLOURS)
    assert len(set(DEFAULT_COLOURS)) == 10
    scheme = ColourScheme(digits=[f"c{d}" for d in range(10)])
    assert colour_of("7", scheme) == "c7"
    assert bands("12-34-56", "middle-digit", scheme=scheme) == ("c3", "c4")
    assert bands("12-34-56", "straight", secondary=True, scheme=scheme) == ("c1", "c2", "c3", "c4")
    for bad in (10, -1, "12", "é", "?", "", True, 1.0):
        with pytest.raises(ValueError, match="digit"):
            colour_of(bad)  # type: ignore[arg-type]
    assert colour_of("a") == colour_of("A") == colour_of(0) == "red"
    assert colour_of("N") == "red with white stripe"
    assert len(set(DEFAULT_LETTER_COLOURS)) == 26
    with pytest.raises(ValueError, match="26"):
        ColourScheme(letters=["red"] * 10)
    with pytest.raises(ValueError, match="10 colour names"):
        ColourScheme(digits=["red"] * 9)
    with pytest.raises(TypeError):
        ColourScheme(digits="red")  # type: ignore[arg-type]


six_digit = st.text(string.digits, min_size=1, max_size=6).map(lambda d: RecordNumber(digits=d))


@given(st.lists(six_digit, min_size=1, max_size=10), systems)
def test_a_sorted_shelf_shows_solid_bands(values: list[RecordNumber], system: FilingSystem) -> None:
    # Numbers of up to six digits: bands promise solid runs only there (see bands()).
    shelf = shelf_order(values, system)
    colours = [bands(n, system) for n in shelf]
    # Folders with the same band colours stand together: no colour pattern reappears later.
    runs = [c for c, _ in itertools.groupby(colours)]
    assert len(runs) == len(set(runs))


def test_straight_bands_repeat_beyond_six_digits() -> None:
    # The documented limit: a longer number's first unit has more than two digits,
    # and its last two repeat an earlier section's colours.
    shelf = shelf_order(["0", "10000", "1000000"], "straight")
    assert [bands(n, "straight") for n in shelf] == [("red", "red"), ("red", "orange"), ("red", "red")]


# -- check character (ISO/IEC 7064 MOD 11-2) --------------------------------------------------


def test_check_character_known_value() -> None:
    # ORCID iDs use ISO/IEC 7064 MOD 11-2: 0000-0002-1825-0097 ends in its check digit 7.
    assert check_character("000000021825009") == "7"
    assert check_character("12-34") == check_character("00-12-34")


@given(numbers)
def test_check_character_round_trips(number: RecordNumber) -> None:
    written = with_check_character(number)
    assert parse_checked(written) == number
    assert is_valid_checked(written)
    assert is_valid_checked(written.lower())


@given(numbers, st.data())
def test_check_character_detects_every_single_error(
    number: RecordNumber, data: st.DataObject
) -> None:
    chars = number.digits + check_character(number)
    at = data.draw(st.integers(0, len(chars) - 1), label="position")
    alphabet = string.digits + ("X" if at == len(chars) - 1 else "")
    wrong = data.draw(st.sampled_from([c for c in alphabet if c != chars[at]]), label="wrong")
    changed = chars[:at] + wrong + chars[at + 1 :]
    assert not is_valid_checked(changed)


@given(numbers, st.data())
def test_check_character_detects_adjacent_transpositions(
    number: RecordNumber, data: st.DataObject
) -> None:
    chars = number.digits + check_character(number)
    swaps = [i for i in range(len(chars) - 1) if chars[i] != chars[i + 1]]
    if not swaps:
        return
    at = data.draw(st.sampled_from(swaps), label="position")
    changed = chars[:at] + chars[at + 1] + chars[at] + chars[at + 2 :]
    assert not is_valid_checked(changed)


def test_check_character_exhaustively_on_short_numbers() -> None:
    # Every 3-digit body: each single substitution and each adjacent swap is caught.
    for value in range(1000):
        body = f"{value:03d}"
        good = body + check_character(body)
        for at, char in itertools.product(range(3), string.digits):
            if char != body[at]:
                assert not is_valid_checked(good[:at] + char + good[at + 1 :])
        for at in range(3):
            if good[at] != good[at + 1]:
                swapped = good[:at] + good[at + 1] + good[at] + good[at + 2 :]
                assert not is_valid_checked(swapped)


def test_parse_checked_errors() -> None:
    with pytest.raises(InvalidChecksum) as info:
        parse_checked("12-34-56-8")
    assert info.value.code == "record_number.checksum"
    for bad in ("", "1", "12-34-56-Y", "12-34-5-X6"):
        with pytest.raises(InvalidFormat):
            parse_checked(bad)


# -- numbering systems ---------------------------------------------------------------------


def test_unit_numbering_keeps_one_number() -> None:
    room, first = assign(FileRoom(), "P1", "unit")
    room, second = assign(room, "P1", "unit")
    room, other = assign(room, "P2", "unit")
    assert first == second != other
    assert [str(f.number) for f in room.folders] == ["00-00-01", "00-00-02"]


def test_serial_numbering_scatters_records() -> None:
    room = FileRoom(next_number=41, width=8)
    for _ in range(3):
        room, _n = assign(room, "P1", "serial")
    assert [f.number.digits for f in active_folders(room, "P1")] == [
        "00000041",
        "00000042",
        "00000043",
    ]


def test_serial_unit_moves_records_forward() -> None:
    room = FileRoom()
    numbers_given = []
    for _ in range(3):
        room, n = assign(room, "P1", "serial-unit")
        numbers_given.append(n)
    assert [f.is_out_guide for f in room.folders] == [True, True, False]
    assert all(locate(room, n) == numbers_given[-1] for n in numbers_given)
    with pytest.raises(UnknownCode) as info:
        locate(room, "99-99-99")
    assert "99" not in str(info.value)


def test_assign_skips_numbers_in_use_and_refuses_duplicates() -> None:
    room = FileRoom(folders=[Folder(number="000002", patient_id="P9")], next_number=2)
    room, n = assign(room, "P1", "unit")
    assert n.digits == "000003"
    with pytest.raises(ValueError, match="same record number"):
        FileRoom(folders=[Folder(number="2", patient_id="A"), Folder(number="02", patient_id="B")])


@given(
    st.lists(
        st.tuples(st.sampled_from(["A", "B", "C"]), st.sampled_from(list(NumberingSystem))),
        max_size=12,
    ),
)
def test_one_active_folder_per_patient(visits: list[tuple[str, NumberingSystem]]) -> None:
    by_system: dict[NumberingSystem, FileRoom] = {}
    for patient, system in visits:
        room = by_system.get(system, FileRoom())
        before = room
        room, number = assign(room, patient, system)
        by_system[system] = room
        assert locate(room, number) == number
        # Nothing is lost: every earlier number still leads to one of the patient's folders.
        for folder in before.folders:
            assert locate(room, folder.number) in {f.number for f in room.folders}
    for system, room in by_system.items():
        for patient in "ABC":
            active = active_folders(room, patient)
            if system is not NumberingSystem.SERIAL and any(
                f.patient_id == patient for f in room.folders
            ):
                assert len(active) == 1
        numbers_used = [int(f.number.digits) for f in room.folders]
        assert len(numbers_used) == len(set(numbers_used))


def test_repr_masks_patient_id() -> None:
    folder = Folder(number="1", patient_id="PT-2041")
    assert "PT-2041" not in repr(folder)
    assert "PT-2041" not in repr(FileRoom(folders=[folder]))
    assert attrs.evolve(folder, forwarded_to="2").is_out_guide


# -- robustness ------------------------------------------------------------------------------


@given(junk())
def test_junk_gets_only_documented_errors(value: object) -> None:
    for call in (
        lambda: parse(value),  # type: ignore[arg-type]
        lambda: parse_checked(value),  # type: ignore[arg-type]
        lambda: sort_key(value, "straight"),  # type: ignore[arg-type]
        lambda: format_number(value),  # type: ignore[arg-type]
    ):
        with contextlib.suppress(InvalidCode, TypeError):
            call()
    assert is_valid_checked(value) in {True, False}


@given(st.text(max_size=12))
def test_any_text_parses_or_raises_a_record_number_error(text: str) -> None:
    try:
        number = parse(text)
    except InvalidCode as exc:
        field = exc.field
    else:
        field = "record_number"
        assert parse(format_number(number)) == number
    assert field == "record_number"


# -- every public name of the filing modules shows an example ----------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "medoffice.indexing.numbering",
        "medoffice.indexing.alphabetic",
        "medoffice.indexing.retention",
    ],
)
def test_filing_modules_document_every_public_name(name: str) -> None:
    module = importlib.import_module(name)
    assert ">>>" in (module.__doc__ or "")
    assert list(module.__all__) == sorted(module.__all__)
    missing = []
    for member in module.__all__:
        obj = getattr(module, member)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            if ">>>" not in (obj.__doc__ or ""):
                missing.append(member)
            if inspect.isclass(obj):
                for attr, value in vars(obj).items():
                    func = value.fget if isinstance(value, property) else value
                    documented = ">>>" in (getattr(func, "__doc__", None) or "")
                    if not attr.startswith("_") and inspect.isfunction(func) and not documented:
                        missing.append(f"{member}.{attr}")
    assert missing == []
