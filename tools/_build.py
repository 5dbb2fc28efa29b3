"""What the data-building scripts in ``tools/`` share.

Each script rebuilds one bundled data file from pinned public-domain sources and
writes its own section of ``src/medoffice/terminology/data/PROVENANCE.md``
between its markers, keeping the other sections.
"""

from __future__ import annotations

import argparse
import filecmp
import hashlib
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

PROVENANCE_HEAD = (
    "# Provenance of the bundled data\n\nBuilt by the scripts in `tools/`; never at run time.\n\n"
)


class BuildError(Exception):
    """The sources disagree with each other or with what the script expects."""


def require(condition: object, message: str) -> None:
    if not condition:
        raise BuildError(message)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_pinned(data: Path, name: str, digest: str) -> bytes:
    """Read ``data/name`` and insist on its pinned sha256."""
    path = data / name
    require(path.is_file(), f"{path}: not found (give the shared data folder as DATA)")
    raw = path.read_bytes()
    require(sha256(raw) == digest, f"{path}: sha256 {sha256(raw)} is not the pinned {digest}")
    return raw


def write_provenance(
    path: Path, section: str, *, begin: str, end: str, head: str = PROVENANCE_HEAD
) -> None:
    """Replace the section between ``begin`` and ``end`` in ``path``, or append it."""
    old = path.read_text(encoding="utf-8") if path.exists() else head
    start, stop = old.find(begin), old.find(end)
    if 0 <= start < stop:
        rest = old[stop + len(end) :].lstrip("\n")
        new = old[:start] + section + ("\n" + rest if rest else "")
    else:
        new = old.rstrip("\n") + "\n\n" + section
    path.write_text(new, encoding="utf-8")


def check_tree(
    build: Callable[[Path], None],
    tree: Path,
    names: Sequence[str],
    provenance: str,
    *,
    same_content: Callable[[bytes, bytes], bool] | None = None,
) -> int:
    """Build into a temporary folder and compare bytes with ``tree``; 1 if any differ.

    ``same_content`` tells a file whose bytes differ but whose content is the
    same (another zlib, say), so the report can say so.
    """
    with tempfile.TemporaryDirectory() as folder:
        fresh = Path(folder)
        if (tree / provenance).exists():  # so that the other sections are kept
            shutil.copyfile(tree / provenance, fresh / provenance)
        build(fresh)
        differ = [
            name
            for name in names
            if not (tree / name).exists()
            or not filecmp.cmp(tree / name, fresh / name, shallow=False)
        ]
        for name in differ:
            ours = tree / name
            if (
                same_content
                and ours.exists()
                and same_content(ours.read_bytes(), (fresh / name).read_bytes())
            ):
                print(f"{name}: the same content in different bytes (another zlib?)")
    for name in differ:
        print(f"differs from a fresh build: {tree / name}")
    if not differ:
        print("up to date")
    return 1 if differ else 0


def run(
    argv: list[str] | None,
    *,
    prog: str,
    description: str,
    default_data: Path,
    build: Callable[[Path], None],
    check: Callable[[Path], int],
) -> int:
    """The command line the shared-data scripts have in common: ``[DATA] [--check]``."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument(
        "data",
        nargs="?",
        type=Path,
        default=default_data,
        help="the shared reference-data folder (default: %(default)s)",
    )
    parser.add_argument("--check", action="store_true", help="compare a fresh build with the tree")
    args = parser.parse_args(argv)
    try:
        if args.check:
            return check(args.data)
        build(args.data)
    except BuildError as error:
        print(f"{prog}: {error}", file=sys.stderr)
        return 2
    return 0
