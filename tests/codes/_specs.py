"""What the shared code-module tests need to know about each module.

Each ``tests/codes/test_<kind>.py`` builds a :class:`CodeSpec` for its module:
an obviously-right oracle written in the test, the error paths it documents,
and strategies to feed it. ``test_common.py`` runs the shared properties over
every spec.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from hypothesis import strategies as st

from medoffice.exceptions import InvalidCode

#: The characters ``_util.clean`` drops between the parts of an identifier.
SEPARATORS = " -./\t\n\r"

#: Characters that have tripped validators: non-ASCII letters whose ``upper()``
#: is ASCII, Unicode and fullwidth digits, odd spaces, NUL, a dot, a hyphen.
TRICKY = "ßſıﬀﬁﬅ١٢٣۴５６０¹½\u00a0\u2007\u3000\x00\x0b\x0c\u200b.-/ \t\n"

#: What a mutation may put into a valid code.
MUTANTS = string.ascii_uppercase + string.digits + TRICKY

_LOWER_TO_UPPER = str.maketrans(string.ascii_lowercase, string.ascii_uppercase)


def upper_ascii(text: str) -> str:
    """Upper-case ASCII letters only (the way the modules must)."""
    return text.translate(_LOWER_TO_UPPER)


def drop_separators(text: str) -> str:
    """Remove every character in :data:`SEPARATORS`."""
    return "".join(c for c in text if c not in SEPARATORS)


@dataclass(frozen=True)
class ErrorCase:
    """One documented error path: ``func(value, **kwargs)`` raises ``exc`` with ``code``."""

    value: str
    exc: type[InvalidCode]
    code: str
    func: str = "validate"
    kwargs: Mapping[str, Any] = field(default_factory=dict)

    def call(self, module: ModuleType) -> Any:
        return getattr(module, self.func)(self.value, **self.kwargs)

    def __str__(self) -> str:
        return f"{self.func}({self.value!r})->{self.code}"


@dataclass(frozen=True)
class CodeSpec:
    """How the shared tests exercise one module of :mod:`medoffice.codes`."""

    module: ModuleType
    #: Valid inputs (compact, or the display form where that is the natural one).
    valid: Callable[[], st.SearchStrategy[str]]
    #: Obviously-right reimplementation of ``is_valid`` for any ``str``.
    oracle: Callable[[str], bool]
    #: Characters that matter to this module (digits, letters, separators).
    alphabet: str
    #: Regexes whose matches are near the valid form (for ``st.from_regex``).
    regexes: tuple[str, ...]
    #: Every documented error path.
    errors: tuple[ErrorCase, ...]
    #: A few valid values, for exhaustive one-character mutations.
    samples: tuple[str, ...] = ()
    #: Inputs that break one rule, from ``medoffice.strategies`` (if it has some).
    invalid: Callable[[], st.SearchStrategy[str]] | None = None

    @property
    def field(self) -> str:
        return self.module.__name__.rsplit(".", 1)[1]

    def __str__(self) -> str:
        return self.field


def text_inputs(spec: CodeSpec) -> st.SearchStrategy[str]:
    """Arbitrary text biased towards what matters to ``spec``'s module."""
    near = [st.from_regex(r, fullmatch=True) for r in spec.regexes]
    return st.one_of(
        st.text(max_size=20),
        st.text(spec.alphabet, max_size=16),
        st.text(spec.alphabet + TRICKY, max_size=16),
        *near,
        spec.valid(),
        spec.valid().flatmap(lambda v: mutations(v, spec.alphabet + MUTANTS)),
    )


def mutations(value: str, alphabet: str) -> st.SearchStrategy[str]:
    """``value`` with one character replaced, inserted or deleted, or its case changed."""
    positions = st.integers(0, max(len(value) - 1, 0))
    chars = st.sampled_from(alphabet)
    return st.one_of(
        st.builds(lambda i, c: value[:i] + c + value[i + 1 :], positions, chars),
        st.builds(lambda i, c: value[:i] + c + value[i:], positions, chars),
        positions.map(lambda i: value[:i] + value[i + 1 :]),
        st.just(value.lower()),
        st.just(f" {value}\t"),
    )


def decorated(spec: CodeSpec) -> st.SearchStrategy[str]:
    """Valid inputs as people type them: display form, lower case, spaces around."""
    module = spec.module

    def forms(value: str) -> st.SearchStrategy[str]:
        return st.sampled_from(
            [value, module.format(value), value.lower(), f"  {module.format(value)} "]
        )

    return spec.valid().flatmap(forms)
