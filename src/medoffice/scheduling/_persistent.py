"""A persistent B+tree of tuples: sorted, immutable, O(log n) per change.

:class:`Tree` keeps tuples (entries) sorted. An entry's *key* is its first
``keylen`` items, unique within a tree. Every change returns a new tree that
shares every node it did not touch with the old one (path copying): a change
copies one small tuple per level, never the whole tree.

With ``end`` set, the tree is also an interval index: entries are
``(start, ..., end at position end, ...)`` sorted by ``start`` first; each
inner node keeps the running maximum of its children's ends and each leaf its
longest interval, so :meth:`Tree.overlapping` finds the entries whose
``[start, end)`` meets a window without looking at the ones that cannot.

Nodes are tuples: a leaf is ``(entries, longest length, max end, starts)``,
an inner node ``(separators, children, running max of the children's ends,
starts)``; a separator is the key of the first entry of the child after it.
In an interval tree, ``starts`` are the entries' (separators') starts packed in
an ``array`` of machine integers when they fit: :meth:`Tree.add` searches them
instead of the entries, which fetches far fewer objects from memory.

>>> t = Tree(keylen=2, end=2)
>>> for entry in [(10, "a", 20), (15, "b", 16), (30, "c", 40)]:
...     t = t.insert(entry)
>>> t.overlapping(16, 31)
[(10, 'a', 20), (30, 'c', 40)]
>>> t.find((15, "b")), len(t), len(t.remove((15, "b")))
((15, 'b', 16), 3, 2)

:class:`HashMap` is an unsorted persistent map (a hash array mapped trie): a
change copies one list of 32 slots per level, about ``log32 n`` of them.

>>> m = HashMap().set("a", 1)
>>> m.get("a"), m.set("a", 2).get("a"), m.get("a"), len(m.remove("a"))
(1, 2, 1, 0)
"""

from __future__ import annotations

import itertools
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from typing import Any

__all__ = ["Bucket", "HashMap", "Tree", "add_interval", "bucket_get", "bucket_set", "trie_path"]

#: Most entries in a leaf and children in an inner node; a full node splits in two.
FANOUT = 64
_NONE: list[int] = []  # never changed: the pmax of trees without intervals
_LOW = -(2**63)

Entry = tuple[Any, ...]
Node = tuple[Any, ...]


def _running_max(values: Iterable[int]) -> list[int]:
    return list(itertools.accumulate(values, max))


def _scan_left(  # noqa: PLR0917  # private and hot: positional is faster
    entries: list[Entry], i: int, floor: int, lo: int, at: int, out: list[Entry]
) -> None:
    """Append to ``out`` the entries from ``i`` leftwards that end after ``lo``.

    They are sorted by start and none is longer than ``lo - floor``: the scan
    stops at the first one starting at or before ``floor``.
    """
    while i >= 0:
        entry = entries[i]
        if entry[0] <= floor:
            return
        if entry[at] > lo:
            out.append(entry)
        i -= 1


def _leaves(node: Node, height: int, lo: int, probe: Entry, out: list[Node]) -> None:
    """Append to ``out``, right to left, the leaves below ``node`` that may overlap.

    Those that may hold entries starting before ``probe`` and ending after ``lo``.
    """
    j = bisect_left(node[0], probe)
    first = bisect_right(node[2], lo, 0, j + 1)
    children = node[1]
    for x in range(j, first - 1, -1):
        if height == 1:
            out.append(children[x])
        else:
            _leaves(children[x], height - 1, lo, probe, out)


def _starts(values: list[int]) -> Any:
    """A leaf's starts, packed (machine integers, no objects to visit) when they fit."""
    try:
        return array("q", values)
    except OverflowError:
        return values


def _inserted(starts: Any, i: int, start: int) -> Any:
    """A copy of a leaf's ``starts`` with ``start`` inserted at ``i``."""
    new = starts[:]
    try:
        new.insert(i, start)
    except OverflowError:
        new = [*new[:i], start, *new[i:]]
    return new


def _raised(running: list[int], j: int, top: int) -> list[int]:
    """A copy of a running max of ends with every value from ``j`` on below ``top`` raised to it."""
    k = bisect_left(running, top, j)
    running = running.copy()
    running[j:k] = [top] * (k - j)
    return running


def _top(node: Node) -> int:
    """The largest end below a node (a leaf keeps it as an int, an inner node last in a list)."""
    top = node[2]
    return top if type(top) is int else top[-1]


def add_interval(  # noqa: PLR0915  # hot: inlined
    root: Node | None, height: int, entry: Entry, keylen: int, at: int
) -> tuple[Node, int, list[Entry]]:
    """:meth:`Tree.add` on bare nodes: the new root and height, and the overlapping entries.

    ``root`` and ``height`` are those of an interval tree (``None`` and 0 when
    empty) whose keys are ``keylen`` long and ends at ``at``; the key of
    ``entry`` must not be in it yet. Callers that keep a tree's nodes in a
    value of their own call this to skip the :class:`Tree` object.

    >>> root, height, hits = add_interval(None, 0, (0, "a", 10), 2, 2)
    >>> add_interval(root, height, (5, "b", 6), 2, 2)[2]
    [(0, 'a', 10)]
    """
    lo, hi = entry[0], entry[at]
    if height:
        if height > 1:
            tree = _tree(root, height, keylen, at)
            grown, found = tree._add_deep(root, entry, at)  # type: ignore[arg-type]  # not empty
            return grown._root, grown._height, found  # type: ignore[return-value]
        # Two levels (most resources), inline: no helper calls. Its key is
        # new, so comparing the entry itself with keys and entries orders it
        # as its key would (they differ within the key).
        seps, children, running, firsts = root  # type: ignore[misc]  # not empty
        j = bisect_left(firsts, lo)  # the separators' starts: fewer objects to fetch
        last = len(seps)
        while j < last and firsts[j] == lo and seps[j] <= entry:
            j += 1
        leaf = children[j]
    elif root is None:
        return ([entry], hi - lo, hi, _starts([lo])), 0, []
    else:
        leaf = root
    entries, longest, top, starts = leaf
    n = len(entries)
    if n >= FANOUT:  # the leaf splits
        tree = _tree(root, height, keylen, at)
        grown = tree._slow_insert(entry[:keylen], entry)
        return grown._root, grown._height, tree.overlapping(lo, hi)  # type: ignore[return-value]
    # Search the packed starts, not the entries: fewer objects to fetch.
    i = bisect_left(starts, lo)
    while i < n and starts[i] == lo and entries[i] < entry:
        i += 1
    hits: list[Entry] = []
    if lo < hi:  # an empty interval overlaps nothing
        # This leaf's overlapping entries, left of the new one then right.
        floor = lo - longest
        x = i - 1
        while x >= 0 and starts[x] > floor:
            found = entries[x]
            if found[at] > lo:
                hits.append(found)
            x -= 1
        if len(hits) > 1:
            hits.reverse()
        m = i
        while m < n and starts[m] < hi:
            found = entries[m]
            if found[at] > lo:
                hits.append(found)
            m += 1
        # The leaves after this one may hold more if it ends before ``hi``,
        # and those before it if their running max of ends passes ``lo``.
        if height and ((m == n and j + 1 < len(children)) or (j and running[j - 1] > lo)):
            hits = _tree(root, height, keylen, at).overlapping(lo, hi)
    new_entries = entries.copy()
    new_entries.insert(i, entry)
    new_starts = starts[:]
    try:
        new_starts.insert(i, lo)
    except OverflowError:
        new_starts = _inserted(starts, i, lo)
    length = hi - lo
    top = hi if hi > top else top
    node = (new_entries, length if length > longest else longest, top, new_starts)
    if height:
        children = children.copy()
        children[j] = node
        if top > running[j]:
            running = _raised(running, j, top)
        node = (seps, children, running, firsts)
    return node, height, hits


def _tree(root: Node | None, height: int, keylen: int, end: int | None) -> Tree:
    """A :class:`Tree` of these nodes (its size unknown: 0), for its slower methods."""
    tree = Tree(keylen=keylen, end=end)
    tree._root = root
    tree._height = height
    return tree


class Tree:
    """A persistent sorted collection of tuples with unique keys.

    Args:
        keylen: How many leading items of an entry form its key.
        end: The position of an interval's end in each entry, for
            :meth:`overlapping`; its start is position 0. ``None`` for a plain
            sorted map.

    >>> m = Tree(keylen=1).insert(("b", 2)).insert(("a", 1)).insert(("b", 3))
    >>> list(m), m.find(("b",))
    ([('a', 1), ('b', 3)], ('b', 3))
    """

    __slots__ = ("_end", "_height", "_keylen", "_root", "_size")

    _root: Node | None
    _height: int
    _size: int
    _keylen: int
    _end: int | None

    def __init__(self, *, keylen: int, end: int | None = None) -> None:
        self._root = None
        self._height = 0
        self._size = 0
        self._keylen = keylen
        self._end = end

    def _new(self, root: Node | None, height: int, size: int) -> Tree:
        tree = object.__new__(Tree)
        tree._root = root
        tree._height = height
        tree._size = size
        tree._keylen = self._keylen
        tree._end = self._end
        return tree

    # -- building ----------------------------------------------------------------

    def _leaf(self, entries: list[Entry]) -> Node:
        end = self._end
        if end is None:
            return (entries, 0, 0)
        return (
            entries,
            max(e[end] - e[0] for e in entries),
            max(e[end] for e in entries),
            _starts([e[0] for e in entries]),
        )

    def _inner(self, seps: list[Entry], children: list[Node]) -> Node:
        if self._end is None:
            return (seps, children, _NONE, None)
        return (
            seps,
            children,
            _running_max(map(_top, children)),
            _starts([sep[0] for sep in seps]),
        )

    def build(self, entries: Iterable[Entry]) -> Tree:
        """A tree of ``entries`` (sorted or not; keys must be unique), built bottom-up.

        >>> list(Tree(keylen=1).build([("b",), ("a",)]))
        [('a',), ('b',)]
        """
        items = sorted(entries)
        if not items:
            return self._new(None, 0, 0)
        k = self._keylen
        half = FANOUT // 2 + FANOUT // 4
        level = [self._leaf(items[i : i + half]) for i in range(0, len(items), half)]
        firsts = [n[0][0][:k] for n in level]
        height = 0
        while len(level) > 1:
            nodes, keys = [], []
            for i in range(0, len(level), half):
                nodes.append(self._inner(firsts[i + 1 : i + half], level[i : i + half]))
                keys.append(firsts[i])
            level, firsts = nodes, keys
            height += 1
        return self._new(level[0], height, len(items))

    # -- reading -----------------------------------------------------------------

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[Entry]:
        if self._root is not None:
            yield from self._walk(self._root, self._height)

    def _walk(self, node: Node, height: int) -> Iterator[Entry]:
        if height == 0:
            yield from node[0]
        else:
            for child in node[1]:
                yield from self._walk(child, height - 1)

    def find(self, key: Entry) -> Entry | None:
        """The entry whose key is ``key`` (a tuple of ``keylen`` items), or ``None``.

        >>> Tree(keylen=1).find(("a",)) is None
        True
        """
        node = self._root
        if node is None:
            return None
        for _ in range(self._height):
            node = node[1][bisect_right(node[0], key)]
        entries = node[0]
        i = bisect_left(entries, key)
        if i < len(entries) and entries[i][: self._keylen] == key:
            found: Entry = entries[i]
            return found
        return None

    def overlapping(self, start: int, end: int) -> list[Entry]:
        """The entries whose ``[start, end)`` overlaps ``[start, end)``, sorted by key.

        Only for a tree made with ``end``. Costs ``O(log n + k)`` for ``k``
        entries found when no long interval spans many short ones.

        >>> Tree(keylen=2, end=2).build([(0, "a", 10), (10, "b", 20)]).overlapping(5, 10)
        [(0, 'a', 10)]
        """
        out: list[Entry] = []
        root = self._root
        if root is None or start >= end:
            return out
        at = self._end
        if at is None:
            msg = "overlapping: only for a tree made with end"
            raise TypeError(msg)
        probe = (end,)
        # Right to left from the last entry starting before the window's end:
        # children while their running max of ends reaches past ``start``,
        # entries of a leaf while its longest interval could.
        height = self._height
        if height == 0:
            leaves = [root]
        elif height == 1:
            j = bisect_left(root[0], probe)
            leaves = root[1][bisect_right(root[2], start, 0, j + 1) : j + 1]
            leaves.reverse()
        else:
            leaves = []
            _leaves(root, height, start, probe, leaves)
        for leaf in leaves:
            entries = leaf[0]
            _scan_left(entries, bisect_left(entries, probe) - 1, start - leaf[1], start, at, out)
        out.reverse()
        return out

    # -- changing ----------------------------------------------------------------

    def insert(self, entry: Entry) -> Tree:
        """A tree with ``entry`` added, or replacing the entry with the same key.

        >>> list(Tree(keylen=1).insert(("a", 1)).insert(("a", 2)))
        [('a', 2)]
        """
        keylen = self._keylen
        key = entry[:keylen]
        root = self._root
        if root is None:
            return self._new(self._leaf([entry]), 0, 1)
        # The common case without a split, in one loop down and one loop up.
        node = root
        path = []
        for _ in range(self._height):
            j = bisect_right(node[0], key)
            path.append((node, j))
            node = node[1][j]
        entries = node[0]
        i = bisect_left(entries, key)
        if i < len(entries) and entries[i][:keylen] == key:
            replaced = entries.copy()
            replaced[i] = entry
            return self._up(path, self._leaf(replaced), 0)
        return self._grow(path, node, i, key, entry)

    def add(self, entry: Entry) -> tuple[Tree, list[Entry]]:
        """:meth:`insert` of a new key, and the entries that overlap it (:meth:`overlapping`).

        One walk down does both; only for a tree made with ``end``, and the
        key of ``entry`` must not be in the tree yet. :func:`add_interval`
        does the work on the bare nodes.

        >>> tree, hits = Tree(keylen=2, end=2).build([(0, "a", 10), (20, "b", 30)]).add((5, "c", 25))
        >>> len(tree), hits
        (3, [(0, 'a', 10), (20, 'b', 30)])
        """
        at = self._end
        if at is None:
            msg = "add: only for a tree made with end"
            raise TypeError(msg)
        root, height, hits = add_interval(self._root, self._height, entry, self._keylen, at)
        return self._new(root, height, self._size + 1), hits

    def _add_deep(self, node: Node, entry: Entry, at: int) -> tuple[Tree, list[Entry]]:
        """:meth:`add` for a tree of three levels or more (``node``: its root)."""
        key = entry[: self._keylen]
        path = []
        for _ in range(self._height):
            j = bisect_right(node[0], key)
            path.append((node, j))
            node = node[1][j]
        entries = node[0]
        i = bisect_left(entries, key)
        # The overlapping entries of this leaf, from both sides of the new one.
        lo, hi = entry[0], entry[at]
        hits: list[Entry] = []
        if lo >= hi:  # an empty interval overlaps nothing
            return self._grow(path, node, i, key, entry), hits
        _scan_left(entries, i - 1, lo - node[1], lo, at, hits)
        hits.reverse()
        n = len(entries)
        m = i
        while m < n:
            found = entries[m]
            if found[0] >= hi:
                break
            if found[at] > lo:
                hits.append(found)
            m += 1
        # Leaves after this one may hold more if it ends before ``hi``, and
        # leaves before it if their running max of ends reaches past ``lo``.
        if m == n or any(j and parent[2][j - 1] > lo for parent, j in path):
            hits = self.overlapping(lo, hi)
        return self._grow(path, node, i, key, entry), hits

    def _grow(
        self, path: list[tuple[Node, int]], leaf: Node, i: int, key: Entry, entry: Entry
    ) -> Tree:
        """The tree with a new key's ``entry`` put at ``i`` in ``leaf``, the end of ``path``."""
        entries = leaf[0]
        if len(entries) >= FANOUT:
            return self._slow_insert(key, entry)
        new_entries = entries.copy()
        new_entries.insert(i, entry)
        end = self._end
        if end is None:
            return self._up(path, (new_entries, 0, 0), 1)
        e = entry[end]
        longest, top = leaf[1], leaf[2]
        child = (
            new_entries,
            e - entry[0] if e - entry[0] > longest else longest,
            e if e > top else top,
            _inserted(leaf[3], i, entry[0]),
        )
        return self._up(path, child, 1)

    def _up(self, path: list[tuple[Node, int]], child: Node, grew: int) -> Tree:
        """The tree with the leaf at the end of ``path`` replaced by ``child``: copy the path."""
        end = self._end
        top = child[2]  # raising every running max below top to it
        for parent, j in reversed(path):
            children = parent[1].copy()
            children[j] = child
            running = parent[2]
            if end is not None and top > running[j]:
                running = _raised(running, j, top)
            child = (parent[0], children, running, parent[3])
        tree = object.__new__(Tree)
        tree._root = child
        tree._height = self._height
        tree._size = self._size + grew
        tree._keylen = self._keylen
        tree._end = end
        return tree

    def _slow_insert(self, key: Entry, entry: Entry) -> Tree:
        """Insert with splits, recursively."""
        root = self._root
        assert root is not None  # noqa: S101  # checked by insert
        grew, parts = self._put(root, self._height, key, entry)
        size = self._size + grew
        if len(parts) == 1:
            return self._new(parts[0], self._height, size)
        (left, _), (right, sep) = parts[0], parts[1]
        return self._new(self._inner([sep], [left, right]), self._height + 1, size)

    def _put(
        self, node: Node, height: int, key: Entry, entry: Entry
    ) -> tuple[int, tuple[Any, ...]]:
        """Insert below ``node``: (1 if it grew, the one node or two (node, separator) halves).

        Only for a new key whose leaf is full (:meth:`insert` does the rest), so
        the leaf splits.
        """
        end = self._end
        if height == 0:
            new_entries = node[0].copy()
            new_entries.insert(bisect_left(new_entries, key), entry)
            half = len(new_entries) // 2
            right = new_entries[half:]
            return 1, (
                (self._leaf(new_entries[:half]), None),
                (self._leaf(right), right[0][: self._keylen]),
            )
        seps, children, pmax, starts = node
        j = bisect_right(seps, key)
        grew, parts = self._put(children[j], height - 1, key, entry)
        new_children = children.copy()
        if len(parts) == 1:
            child = parts[0]
            new_children[j] = child
            if end is None:
                return grew, ((seps, new_children, pmax, starts),)
            e = _top(child)
            if e > pmax[j]:
                pmax = _raised(pmax, j, e)
            return grew, ((seps, new_children, pmax, starts),)
        (left, _), (right, sep) = parts
        new_children[j : j + 1] = [left, right]
        new_seps = seps.copy()
        new_seps.insert(j, sep)
        if len(new_children) > FANOUT:
            half = len(new_children) // 2
            return grew, (
                (self._inner(new_seps[: half - 1], new_children[:half]), None),
                (self._inner(new_seps[half:], new_children[half:]), new_seps[half - 1]),
            )
        return grew, (self._inner(new_seps, new_children),)

    def remove(self, key: Entry) -> Tree:
        """A tree without the entry whose key is ``key``; a ``KeyError`` if there is none.

        >>> Tree(keylen=1).remove(("a",))
        Traceback (most recent call last):
        ...
        KeyError: ('a',)
        """
        root = self._root
        if root is None:
            raise KeyError(key)
        node = self._take(root, self._height, key)
        height = self._height
        while node is not None and height and len(node[1]) == 1:
            node, height = node[1][0], height - 1
        return self._new(node, height, self._size - 1)

    def _take(self, node: Node, height: int, key: Entry) -> Node | None:
        """``node`` without ``key``'s entry; ``None`` when it is left empty."""
        if height == 0:
            entries = node[0]
            i = bisect_left(entries, key)
            if i == len(entries) or entries[i][: self._keylen] != key:
                raise KeyError(key)
            rest = entries.copy()
            del rest[i]
            return self._leaf(rest) if rest else None
        seps, children = node[0], node[1]
        j = bisect_right(seps, key)
        child = self._take(children[j], height - 1, key)
        rest = children.copy()
        if child is not None:
            rest[j] = child
            return self._inner(seps, rest)
        if len(children) == 1:
            return None
        del rest[j]
        cut = seps.copy()
        del cut[j - 1 if j else 0]
        return self._inner(cut, rest)


# -- hash map -------------------------------------------------------------------------

# The hot loops below spell these out (5, 31) to save global lookups.
_BITS = 5
_WIDTH = 1 << _BITS
_MASK = _WIDTH - 1
#: A hash is a signed 64-bit value: 13 chunks of 5 bits (arithmetic shifts)
#: tell any two apart, so keys still together after them have equal hashes.
_HASH_BITS = 64


class Bucket(tuple[tuple[Any, Any], ...]):
    """The ``(key, value)`` pairs of keys with equal hashes, in one slot at the bottom of a trie.

    >>> bucket_get(Bucket(((1, "a"), (2, "b"))), 2)
    'b'
    """

    __slots__ = ()


#: A node is a list of 32 slots, one for each value of the next 5 bits of a
#: key's hash: ``None``, a child node (a list), one key's ``(key, value)``
#: pair (a tuple), or a :class:`Bucket` of pairs once every bit of the hashes
#: is used up (equal hashes).
HashNode = list[Any]


def trie_path(root: HashNode, old: HashNode | None, key: Any) -> tuple[HashNode, int]:
    """The node and slot of ``key`` in ``root``, after copying the nodes on the way to it.

    ``root`` is a fresh copy of ``old`` (the root of the map being changed),
    perhaps changed already along the paths of other keys: a node that is
    still ``old``'s is copied before it is changed, a fresh one is not (with
    ``old`` ``None``, every node is fresh: changes in place). On return
    ``node[slot]`` is ``None``, the pair of ``key``, or a :class:`Bucket`; the
    caller sets it (a pair or a bucket, see :func:`bucket_set`).

    >>> root = [None] * 32
    >>> node, slot = trie_path(root, None, "a")
    >>> node[slot] is None and node is root
    True
    """
    h = hash(key)
    node = root
    while True:
        slot = h & 31
        child = node[slot]
        if type(child) is not list:
            break
        was: Any = None if old is None else old[slot]
        if child is was:  # still the old map's: copy it and every node below
            node[slot] = node = child.copy()
            h >>= 5
            slot = h & 31
            child = node[slot]
            while type(child) is list:
                node[slot] = node = child.copy()
                h >>= 5
                slot = h & 31
                child = node[slot]
            break
        node = child  # a fresh copy already, or new
        old = was if type(was) is list else None
        h >>= 5
    if child is None or type(child) is Bucket or child[0] == key:
        return node, slot
    return _push_down(root, node, key, child)


def _push_down(root: HashNode, node: HashNode, key: Any, pair: Any) -> tuple[HashNode, int]:
    """:func:`trie_path` when ``key``'s slot in ``node`` holds another key's ``pair``.

    Pushes the pair down into new nodes until the two hashes part (or run out:
    a bucket) and returns the node and slot for ``key``.
    """
    h = hash(key)
    shift = 0  # how deep ``node`` is: the hot walk does not count
    above = root
    while above is not node:
        above = above[h >> shift & _MASK]
        shift += _BITS
    slot = h >> shift & _MASK
    other = hash(pair[0])
    while shift + _BITS < _HASH_BITS:
        below: HashNode = [None] * _WIDTH
        shift += _BITS
        below[other >> shift & _MASK] = pair
        node[slot] = node = below
        slot = h >> shift & _MASK
        if node[slot] is None:
            return node, slot
    node[slot] = Bucket((pair,))
    return node, slot


def bucket_get(bucket: Bucket, key: Any, default: Any = None) -> Any:
    """The value of ``key`` in a bucket, or ``default``.

    >>> bucket_get(Bucket((("a", 1),)), "a"), bucket_get(Bucket(), "a")
    (1, None)
    """
    for k, v in bucket:
        if k == key:
            return v
    return default


def bucket_set(node: HashNode, slot: int, key: Any, value: Any) -> int:
    """Set ``key`` in the bucket at ``node[slot]`` (``node`` fresh): 1 if it is new, else 0.

    >>> node = [Bucket((("a", 1),))]
    >>> bucket_set(node, 0, "b", 2), bucket_set(node, 0, "a", 3), node[0]
    (1, 0, (('b', 2), ('a', 3)))
    """
    bucket = node[slot]
    kept = tuple(pair for pair in bucket if pair[0] != key)
    node[slot] = Bucket((*kept, (key, value)))
    return int(len(kept) == len(bucket))


class HashMap:
    """A persistent map: ``set`` and ``remove`` return a new map sharing all but one path.

    A hash array mapped trie of 32-way nodes: a change copies one list of 32
    per level, about ``log32 n`` of them. Keys are hashable; iteration order is
    not meaningful.

    >>> m = HashMap().set("dr-lee", 1).set("room-1", 2)
    >>> sorted(m.items()), "dr-lee" in m, m.get("x", 0)
    ([('dr-lee', 1), ('room-1', 2)], True, 0)
    """

    __slots__ = ("_root", "_size")

    _root: HashNode
    _size: int

    def __init__(self, items: Iterable[tuple[Any, Any]] = ()) -> None:
        root: HashNode = [None] * _WIDTH
        size = 0
        for key, value in items:
            node, slot = trie_path(root, None, key)
            child = node[slot]
            if type(child) is Bucket:
                size += bucket_set(node, slot, key, value)
            else:
                size += child is None
                node[slot] = (key, value)
        self._root = root
        self._size = size

    def __len__(self) -> int:
        return self._size

    def __contains__(self, key: object) -> bool:
        return self.get(key, _ABSENT) is not _ABSENT

    def get(self, key: Any, default: Any = None) -> Any:
        """The value of ``key``, or ``default``.

        >>> HashMap().get("a") is None
        True
        """
        h = hash(key)
        child = self._root[h & 31]
        while type(child) is list:
            h >>= 5
            child = child[h & 31]
        if child is None:
            return default
        if type(child) is Bucket:
            return bucket_get(child, key, default)
        return child[1] if child[0] == key else default

    def items(self) -> Iterator[tuple[Any, Any]]:
        """Every ``(key, value)`` pair, in no particular order.

        >>> list(HashMap().set(1, "a").items())
        [(1, 'a')]
        """
        stack = [self._root]
        while stack:
            for child in stack.pop():
                if type(child) is list:
                    stack.append(child)
                elif type(child) is Bucket:
                    yield from child
                elif child is not None:
                    yield child

    def __iter__(self) -> Iterator[Any]:
        return (k for k, _ in self.items())

    def set(self, key: Any, value: Any) -> HashMap:
        """A map with ``key`` set to ``value`` (added or replaced).

        >>> HashMap().set("a", 1).set("a", 2).get("a")
        2
        """
        old = self._root
        root = old.copy()
        node, slot = trie_path(root, old, key)
        child = node[slot]
        if type(child) is Bucket:
            grew = bucket_set(node, slot, key, value)
        else:
            grew = child is None
            node[slot] = (key, value)
        return self._new(root, self._size + grew)

    def update(self, items: Iterable[tuple[Any, Any]], fn: Callable[[Any, Any], Any]) -> HashMap:
        """A map with each ``key`` of ``items`` set to ``fn(arg, its value or None)``.

        ``items`` are ``(key, arg)`` pairs. One walk per key both reads and
        writes (a :meth:`get` and a :meth:`set` in one), and nodes on the paths
        of several keys (the root at least) are copied once.

        >>> m = HashMap().set("a", 1).update([("a", 10), ("b", 20)], lambda arg, old: (arg, old))
        >>> sorted(m.items()), len(m)
        ([('a', (10, 1)), ('b', (20, None))], 2)
        """
        old = self._root
        root = old.copy()
        size = self._size
        for key, arg in items:
            node, slot = trie_path(root, old, key)
            child = node[slot]
            if type(child) is Bucket:
                size += bucket_set(node, slot, key, fn(arg, bucket_get(child, key)))
            elif child is None:
                node[slot] = (key, fn(arg, None))
                size += 1
            else:
                node[slot] = (key, fn(arg, child[1]))
        return self._new(root, size)

    def _new(self, root: HashNode, size: int) -> HashMap:
        out = object.__new__(HashMap)
        out._root = root
        out._size = size
        return out

    def remove(self, key: Any) -> HashMap:
        """A map without ``key``; a ``KeyError`` if it has none.

        >>> HashMap().remove("a")
        Traceback (most recent call last):
        ...
        KeyError: 'a'
        """
        h = hash(key)
        trail: list[tuple[HashNode, int]] = []
        node = self._root
        while True:
            slot = h & _MASK
            child = node[slot]
            trail.append((node, slot))
            if type(child) is not list:
                break
            node = child
            h >>= _BITS
        new: Any
        if type(child) is Bucket:
            kept = Bucket(pair for pair in child if pair[0] != key)
            if len(kept) == len(child):
                raise KeyError(key)
            new = kept or None
        elif child is None or child[0] != key:
            raise KeyError(key)
        else:
            new = None
        for parent, slot in reversed(trail):
            copy = parent.copy()
            copy[slot] = new
            new = copy if any(item is not None for item in copy) else None
        return self._new(new or [None] * _WIDTH, self._size - 1)


_ABSENT = object()
