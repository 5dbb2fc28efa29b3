"""Tests for medoffice._resources, the one reader of bundled files."""

from __future__ import annotations

import pytest

from medoffice import _resources


def test_read_bytes_reads_a_bundled_file() -> None:
    assert _resources.read_bytes("medoffice", "py.typed") == b""


def test_read_text_reads_a_bundled_file() -> None:
    assert _resources.read_text("medoffice", "py.typed") == ""


def test_reads_are_cached() -> None:
    first = _resources.read_bytes("medoffice", "py.typed")
    assert _resources.read_bytes("medoffice", "py.typed") is first
    info = _resources.read_bytes.cache_info()
    assert info.hits >= 1
    assert _resources.read_text("medoffice", "py.typed") is _resources.read_text(
        "medoffice", "py.typed"
    )


def test_reads_files_in_subfolders() -> None:
    # "/" separates folders inside the package.
    text = _resources.read_text("medoffice", "codes/__init__.py")
    assert "KINDS" in text
    assert _resources.read_bytes("medoffice", "codes/__init__.py") == text.encode("utf-8")


def test_missing_file() -> None:
    with pytest.raises(FileNotFoundError):
        _resources.read_bytes("medoffice", "no-such-file.tsv")
    with pytest.raises(FileNotFoundError):
        _resources.read_text("medoffice", "no/such/file.tsv")


def test_missing_package() -> None:
    with pytest.raises(ModuleNotFoundError):
        _resources.read_bytes("medoffice.no_such_package", "x")
