"""The one place where medoffice reads the files bundled inside its packages.

Code sets and other reference data ship as package data and are read lazily
through :mod:`importlib.resources` (so they work from a wheel, a zip or a
source tree). Everything else in the library stays free of I/O; the purity test
allows ``importlib.resources`` in this module alone.

>>> read_bytes("medoffice", "py.typed")
b''
"""

from __future__ import annotations

__all__ = ["read_bytes", "read_text"]


def _read(package: str, name: str) -> bytes:
    # Imported on first use: importlib.resources costs more to import than
    # everything else medoffice needs at start-up.
    from importlib import resources  # noqa: PLC0415

    node = resources.files(package)
    for part in name.split("/"):
        node = node.joinpath(part)
    return node.read_bytes()


def read_bytes(package: str, name: str) -> bytes:
    """Return the bytes of the file ``name`` bundled in ``package``.

    Nothing is cached here: each code set reads its file once, on first use,
    and keeps only what it parsed from it (the raw bytes would double the
    memory).

    Args:
        package: The dotted name of the package that holds the file
            (``"medoffice.terminology"``).
        name: The file's name inside the package; ``/`` separates folders
            (``"data/pos.tsv"``).

    Returns:
        The file's content.

    Raises:
        ModuleNotFoundError: if ``package`` cannot be imported.
        FileNotFoundError: if the package has no file called ``name``.

    >>> read_bytes("medoffice", "py.typed")
    b''
    """
    return _read(package, name)


def read_text(package: str, name: str) -> str:
    """Return the text of the UTF-8 file ``name`` bundled in ``package``.

    Args:
        package: The dotted name of the package that holds the file.
        name: The file's name inside the package; ``/`` separates folders.

    Returns:
        The file's content, decoded as UTF-8.

    Raises:
        ModuleNotFoundError: if ``package`` cannot be imported.
        FileNotFoundError: if the package has no file called ``name``.
        UnicodeDecodeError: if the file is not UTF-8.

    >>> read_text("medoffice", "py.typed")
    ''
    """
    return _read(package, name).decode("utf-8")
