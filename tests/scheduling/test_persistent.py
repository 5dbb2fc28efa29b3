"""The persistent B+tree against a plain sorted list, over sequences of changes."""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.scheduling import _persistent
from medoffice.scheduling._persistent import HashMap, Tree

KEYS = st.integers(0, 400)
OPS = st.lists(
    st.tuples(st.sampled_from(("put", "put", "put", "del")), KEYS, st.integers(0, 60)),
    max_size=400,
)


def interval(key: int, length: int) -> tuple[int, str, int]:
    return (key, f"k{key % 7}", key + length)


@contextmanager
def small_nodes() -> Iterator[None]:
    """Nodes of four, so that a few hundred entries make a tree several levels deep."""
    saved = _persistent.FANOUT
    _persistent.FANOUT = 4
    try:
        yield
    finally:
        _persistent.FANOUT = saved


@settings(max_examples=min(200, settings().max_examples), deadline=None)
@given(ops=OPS, windows=st.lists(st.tuples(KEYS, st.integers(0, 80)), max_size=10))
def test_interval_tree_agrees_with_a_sorted_list(
    ops: list[tuple[str, int, int]], windows: list[tuple[int, int]]
) -> None:
    with small_nodes():
        check_interval_sequence(ops, windows)


def check_interval_sequence(
    ops: list[tuple[str, int, int]], windows: list[tuple[int, int]]
) -> None:
    tree = Tree(keylen=2, end=2)
    oracle: dict[tuple[int, str], tuple[int, str, int]] = {}
    versions = []
    for op, key, length in ops:
        entry = interval(key, length)
        if op == "put" and entry[:2] not in oracle:
            start, end = entry[0], entry[2]
            want = sorted(e for e in oracle.values() if e[0] < end and e[2] > start)
            inserted = tree.insert(entry)
            tree, hits = tree.add(entry)
            assert hits == (want if start < end else [])
            assert list(tree) == list(inserted)
            oracle[entry[:2]] = entry
        elif op == "put":
            tree = tree.insert(entry)
            oracle[entry[:2]] = entry
        elif entry[:2] in oracle:
            tree = tree.remove(entry[:2])
            del oracle[entry[:2]]
        else:
            with pytest.raises(KeyError):
                tree.remove(entry[:2])
        if len(versions) < 40:
            versions.append((tree, sorted(oracle.values())))
    for old, expect in versions:  # every version is intact: nothing was changed in place
        assert list(old) == expect
        assert len(old) == len(expect)
    expect = sorted(oracle.values())
    assert list(Tree(keylen=2, end=2).build(expect[::-1])) == expect
    for key in range(0, 401, 37):
        probe = (key, f"k{key % 7}")
        assert tree.find(probe) == oracle.get(probe)
    built = Tree(keylen=2, end=2).build(expect)
    for lo, width in windows:
        hi = lo + width
        want = [e for e in expect if e[0] < hi and e[2] > lo and lo < hi]
        assert tree.overlapping(lo, hi) == want
        assert built.overlapping(lo, hi) == want


@settings(max_examples=min(100, settings().max_examples), deadline=None)
@given(
    ops=st.lists(st.tuples(st.booleans(), st.text("abc", max_size=4), st.integers()), max_size=200)
)
def test_sorted_map_agrees_with_a_dict(ops: list[tuple[bool, str, int]]) -> None:
    with small_nodes():
        check_map_sequence(ops)


def check_map_sequence(ops: list[tuple[bool, str, int]]) -> None:
    tree = Tree(keylen=1)
    oracle: dict[str, int] = {}
    for put, key, value in ops:
        if put:
            tree = tree.insert((key, value))
            oracle[key] = value
        elif key in oracle:
            tree = tree.remove((key,))
            del oracle[key]
    assert list(tree) == sorted(oracle.items())
    for key in ("", "a", "abc", "cc"):
        assert tree.find((key,)) == ((key, oracle[key]) if key in oracle else None)


def test_changes_share_untouched_nodes() -> None:
    tree = Tree(keylen=2, end=2).build(interval(k, 5) for k in range(200))
    after = tree.insert(interval(1000, 5))
    old_children, new_children = tree._root[1], after._root[1]  # type: ignore[index]
    shared = sum(1 for a, b in zip(old_children, new_children, strict=False) if a is b)
    assert shared >= len(old_children) - 2
    assert list(tree) == [interval(k, 5) for k in range(200)]


def test_empty_trees() -> None:
    tree = Tree(keylen=1)
    assert list(tree) == []
    assert tree.find(("a",)) is None
    assert Tree(keylen=2, end=2).overlapping(0, 10) == []
    assert len(tree.build([])) == 0
    one = tree.insert(("a", 1))
    assert len(one.remove(("a",))) == 0
    with pytest.raises(KeyError):
        one.remove(("b",))


@pytest.mark.parametrize("seed", range(3))
def test_grow_deep_then_empty(seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311
    keys = rng.sample(range(2000), 600)
    ops = [("put", k, rng.randrange(50)) for k in keys]
    rng.shuffle(keys)
    ops += [("del", k, 0) for k in keys]
    windows = [(rng.randrange(2000), rng.randrange(100)) for _ in range(20)]
    with small_nodes():
        check_interval_sequence(ops[:600], windows)
        check_interval_sequence(ops, windows)


def test_deep_sorted_map() -> None:
    ops = [(True, f"{k * 7919 % 1000:03d}", k) for k in range(300)]
    ops += [(False, f"{k * 7919 % 1000:03d}", 0) for k in range(0, 300, 3)]
    with small_nodes():
        check_map_sequence(ops)


class Key:
    """A key whose hash the test chooses: equal hashes use every level of the trie."""

    def __init__(self, value: int, hashed: int) -> None:
        self.value = value
        self.hashed = hashed

    def __hash__(self) -> int:
        return self.hashed

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Key) and (other.value, other.hashed) == (self.value, self.hashed)

    def __repr__(self) -> str:
        return f"Key({self.value}, {self.hashed})"


# Hashes that share long prefixes of 5-bit chunks, and some that are equal.
HASHES = st.sampled_from((0, 1, 32, 33, 1 << 40, (1 << 40) + 1, -1, -(1 << 62), (1 << 61) - 1))
HASH_KEYS = st.one_of(
    st.builds(Key, st.integers(0, 30), HASHES),
    st.integers(-50, 50).map(lambda k: Key(k, k << 35)),
)


@settings(max_examples=min(200, settings().max_examples), deadline=None)
@given(
    ops=st.lists(
        st.tuples(st.sampled_from(("put", "put", "del")), HASH_KEYS, st.integers(0, 9)),
        max_size=150,
    ),
    probes=st.lists(HASH_KEYS, max_size=10),
)
def test_hash_map_agrees_with_a_dict(ops: list[tuple[str, Key, int]], probes: list[Key]) -> None:
    hashed = HashMap()
    oracle: dict[Key, int] = {}
    versions = []
    for op, key, value in ops:
        if op == "put":
            hashed = hashed.set(key, value)
            oracle[key] = value
        elif key in oracle:
            hashed = hashed.remove(key)
            del oracle[key]
        else:
            with pytest.raises(KeyError):
                hashed.remove(key)
        assert len(hashed) == len(oracle)
        versions.append((hashed, dict(oracle)))
    for old, expect in versions:  # every version is intact
        assert dict(old.items()) == expect
        assert len(list(old.items())) == len(expect)
        assert sorted(old, key=repr) == sorted(expect, key=repr)
    assert dict(HashMap(oracle.items()).items()) == oracle
    for key in [*probes, *oracle]:
        assert hashed.get(key, -1) == oracle.get(key, -1)
        assert (key in hashed) == (key in oracle)


def test_hash_map_of_strings_shares_and_empties() -> None:
    keys = [f"a{k}" for k in range(3000)]
    full = HashMap((k, k) for k in keys)
    changed = full.set("a7", "x")
    assert full.get("a7") == "a7"
    assert changed.get("a7") == "x"
    assert len(changed) == len(full) == 3000
    shared = sum(1 for a, b in zip(full._root, changed._root, strict=True) if a is b)
    assert shared == len(full._root) - 1
    emptied = full
    for k in reversed(keys):
        emptied = emptied.remove(k)
    assert len(emptied) == 0
    assert list(emptied.items()) == []
    assert emptied._root == [None] * 32
    assert full.get("a2999") == "a2999"
    twice = HashMap([("a", 1), ("b", 2), ("a", 3)])
    assert sorted(twice.items()) == [("a", 3), ("b", 2)]
    assert len(twice) == 2


def test_add_skips_empty_intervals_beside_it() -> None:
    tree = Tree(keylen=2, end=2).build([(10, "b", 10), (5, "z", 6)])
    grown, hits = tree.add((10, "a", 20))
    assert hits == []
    assert list(grown) == [(5, "z", 6), (10, "a", 20), (10, "b", 10)]
    assert Tree(keylen=2, end=2).add((1, "a", 2))[1] == []
    with pytest.raises(TypeError, match="end"):
        Tree(keylen=1).add(("a", 1))
    with pytest.raises(TypeError, match="end"):
        Tree(keylen=1).insert(("a", 1)).overlapping(0, 1)


@settings(max_examples=min(200, settings().max_examples), deadline=None)
@given(
    batches=st.lists(st.lists(st.tuples(HASH_KEYS, st.integers(0, 9)), max_size=6), max_size=30),
)
def test_hash_map_update_agrees_with_a_dict(batches: list[list[tuple[Key, int]]]) -> None:
    hashed = HashMap()
    oracle: dict[Key, tuple[int, object]] = {}
    versions = []
    for batch in batches:
        seen: list[object] = []

        def step(arg: int, old: object, seen: list[object] = seen) -> tuple[int, object]:
            seen.append(old)
            return (arg, old)

        hashed = hashed.update(batch, step)
        want = []
        for key, arg in batch:  # one key after the other, as a dict would
            want.append(oracle.get(key))
            oracle[key] = (arg, oracle.get(key))
        assert seen == want  # fn is asked once per key, with the value before it
        assert len(hashed) == len(oracle)
        versions.append((hashed, dict(oracle)))
    for old, expect in versions:  # every version is intact
        assert dict(old.items()) == expect
        for key, value in expect.items():
            assert old.get(key) == value


def test_hash_map_update_copies_a_shared_path_once() -> None:
    full = HashMap((f"a{k}", k) for k in range(3000))
    keys = ["a1", "a2", "a3", "new"]
    changed = full.update([(k, k) for k in keys], lambda arg, old: (arg, old))
    assert [changed.get(k) for k in keys] == [("a1", 1), ("a2", 2), ("a3", 3), ("new", None)]
    assert len(changed) == 3001
    assert full.get("a1") == 1
    assert "new" not in full
    touched = {hash(k) & 31 for k in keys}
    shared = sum(1 for a, b in zip(full._root, changed._root, strict=True) if a is b)
    assert shared == 32 - len(touched)


@settings(max_examples=min(100, settings().max_examples), deadline=None)
@given(
    starts=st.lists(
        st.tuples(
            st.sampled_from((0, 1, 2, 3, 2**63 - 2, 2**63, -(2**63) - 1, 2**70)),
            st.sampled_from("abcdefgh"),
            st.integers(0, 3),
        ),
        unique_by=lambda t: t[:2],
        max_size=40,
    ),
    bulk=st.booleans(),
)
def test_interval_tree_with_equal_and_huge_starts(
    starts: list[tuple[int, str, int]], *, bulk: bool
) -> None:
    """Entries sharing a start, and starts beyond 64 bits (kept unpacked)."""
    entries = [(s, name, s + length) for s, name, length in starts]
    half = len(entries) // 2 if bulk else 0
    with small_nodes():
        tree = Tree(keylen=2, end=2).build(entries[:half])
        have = entries[:half]
        for entry in entries[half:]:
            want = sorted(e for e in have if e[0] < entry[2] and e[2] > entry[0])
            tree, hits = tree.add(entry)
            have.append(entry)
            if entry[0] == entry[2]:  # an empty interval overlaps nothing
                want = []
            assert hits == want
            assert list(tree) == sorted(have)
        for entry in have:
            assert tree.find(entry[:2]) == entry


@pytest.mark.parametrize("size", [3, 40, 400])  # one level of nodes of four, and several
def test_add_passes_an_empty_interval_at_its_start(size: int) -> None:
    with small_nodes():
        tree = Tree(keylen=2, end=2).build([(k * 10, "m", k * 10 + 5) for k in range(size)])
        assert tree._height == {3: 0, 40: 3, 400: 5}[size]
        tree = tree.insert((10, "z", 10))
        grown, hits = tree.add((10, "a", 12))
    assert hits == [(10, "m", 15)]
    assert grown.find((10, "a")) == (10, "a", 12)
