"""Every sequence field of every public model refuses a value that is not a sequence by name.

A tuple or frozenset field given ``5`` (or a float, or an object) raises a
``TypeError`` whose message names the field and the rule, never the bare
"'int' object is not iterable"; a list still becomes a tuple.
"""

from __future__ import annotations

import typing

import attrs
import pytest

from medoffice import strategies

# (None is left out: some fields take it for "none", as a patient with no aliases.)
NOT_SEQUENCES: tuple[object, ...] = (5, 2.5, object())


def _sequence_fields() -> list[tuple[type, str]]:
    found: list[tuple[type, str]] = []
    for cls in strategies.TYPE_STRATEGIES:
        if not attrs.has(cls):
            continue
        hints = typing.get_type_hints(cls)
        found.extend(
            (cls, field.name)
            for field in attrs.fields(cls)
            if field.init and typing.get_origin(hints[field.name]) in (tuple, frozenset)
        )
    return found


FIELDS = _sequence_fields()


def test_the_models_have_sequence_fields() -> None:
    # The probe below must not pass by finding nothing.
    assert len(FIELDS) > 80


@pytest.mark.parametrize(("cls", "name"), FIELDS, ids=lambda x: getattr(x, "__name__", x))
def test_a_non_sequence_is_refused_by_the_fields_name(cls: type, name: str) -> None:
    example = strategies.example(strategies.TYPE_STRATEGIES[cls]())
    kwargs = {f.name: getattr(example, f.name) for f in attrs.fields(cls) if f.init}
    for junk in NOT_SEQUENCES:
        kwargs[name] = junk
        with pytest.raises(TypeError) as caught:
            cls(**kwargs)
        assert str(caught.value).startswith(f"{name}: "), str(caught.value)
    kwargs[name] = list(getattr(example, name))
    value = getattr(cls(**kwargs), name)
    assert isinstance(value, tuple | frozenset)
    assert value == getattr(example, name)
