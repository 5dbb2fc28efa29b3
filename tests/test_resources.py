"""Tests for medoffice._resources, the one reader of bundled files."""

from __future__ import annotations

import pytest

from medoffice import _resources


def test_read_bytes_reads_a_bundled_file() -> None:
    assert _resources.read_bytes("medoffice", "py.typed") == b""


def test_read_text_reads_a_bundled_file() -> None:
    assert _resources.read_text("medoffice", "py.typed") == ""


def test_code_sets_read_their_file_once() -> None:
    # The helper keeps nothing (the raw bytes would double the memory); each code
    # set caches what it parsed, so its file is read on first use only.
    from medoffice.terminology import icd10cm

    assert icd10cm.bundled() is icd10cm.bundled()


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
