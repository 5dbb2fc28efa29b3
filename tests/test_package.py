"""Tests for the lazy package namespaces medoffice and medoffice.codes."""

from __future__ import annotations

import importlib

import pytest

import medoffice
from medoffice import codes


def test_version() -> None:
    assert isinstance(medoffice.__version__, str)
    assert medoffice.__version__[0].isdigit()


@pytest.mark.parametrize("name", ["codes", "exceptions", "serialization"])
def test_subpackages_load_lazily(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Forget the cached attribute so that __getattr__ runs again.
    monkeypatch.delattr(medoffice, name, raising=False)
    module = getattr(medoffice, name)
    assert module is importlib.import_module(f"medoffice.{name}")
    assert name in dir(medoffice)


def test_unknown_attribute() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        medoffice.nope  # noqa: B018


@pytest.mark.parametrize("kind", codes.KINDS)
def test_code_modules_load_lazily(kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(codes, kind, raising=False)
    assert getattr(codes, kind) is importlib.import_module(f"medoffice.codes.{kind}")


def test_codes_unknown_attribute() -> None:
    with pytest.raises(AttributeError, match="no attribute 'ssn'"):
        codes.ssn  # noqa: B018


def test_kinds_match_all() -> None:
    assert set(codes.__all__) == set(codes.KINDS) | {"KINDS"}
    assert list(codes.KINDS) == sorted(codes.KINDS)
