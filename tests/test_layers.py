"""Who may import whom, as DESIGN.md lays it out, checked on every module.

The rule table is data: a package that does not exist yet simply has no files,
and a new top-level module or package fails here until it is given a row.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "medoffice"

BASE = frozenset({"exceptions", "serialization"})
PRIVATE = "private"  # medoffice._resources and other top-level _helpers
LIBRARY = frozenset(
    {"exceptions", "serialization", PRIVATE, "codes", "terminology", "x12", "claims", "billing",
     "scheduling", "indexing"}
)  # fmt: skip
EVERYTHING = LIBRARY | {"root", "strategies", "_hypothesis_hook", "cli", "__main__"}

#: layer -> the other layers it may import (its own is always allowed).
ALLOWED: dict[str, frozenset[str]] = {
    "root": LIBRARY,  # the lazy re-exports in medoffice/__init__.py
    "exceptions": frozenset({"serialization"}),
    "serialization": frozenset({"exceptions"}),
    PRIVATE: BASE,
    "codes": BASE | {PRIVATE},
    "terminology": BASE | {PRIVATE, "codes"},
    "x12": BASE | {PRIVATE},  # serialization is "imported by everything"
    "claims": BASE | {PRIVATE, "codes", "terminology", "x12"},
    "billing": BASE | {PRIVATE, "codes", "terminology", "x12", "claims"},
    "scheduling": BASE | {PRIVATE, "codes"},
    "indexing": BASE | {PRIVATE, "codes"},
    "strategies": LIBRARY | {"root"},  # any model; nothing imports it
    "_hypothesis_hook": frozenset({"strategies"}),
    "cli": EVERYTHING - {"_hypothesis_hook"},
    "__main__": frozenset({"cli", "root"}),
}

#: Layers whose dynamic imports (``import_module(f"medoffice.{name}")``) are allowed.
DYNAMIC_OK = frozenset({"root", "cli"})

SPECIAL_TOP = {"exceptions", "serialization", "strategies", "_hypothesis_hook", "__main__"}


def layer_of(module: str) -> str | None:
    """The layer of a dotted module name inside medoffice (None if unknown)."""
    parts = module.split(".")
    if parts[0] != "medoffice":
        return None
    if len(parts) == 1:
        return "root"
    top = parts[1]
    if top in SPECIAL_TOP or top in ALLOWED:
        return top
    if top.startswith("_") and not top.startswith("__"):
        return PRIVATE
    return None


def module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_submodule(name: str) -> bool:
    """Whether ``medoffice.x.y`` names a module or package rather than an attribute."""
    parts = name.split(".")
    if parts[-1].startswith("__"):
        return False
    target = SRC.parent.joinpath(*parts)
    if target.with_suffix(".py").exists() or (target / "__init__.py").exists():
        return True
    return len(parts) == 2 and layer_of(name) not in {None, "root"}


def imports_of(source: str, module: str, *, is_package: bool = False) -> Iterator[tuple[int, str]]:
    """(line, imported medoffice module) for every import in ``source``.

    Relative imports are resolved; ``from medoffice import codes`` is
    ``medoffice.codes``; a dynamic ``import_module(f"medoffice.x.{n}")`` is
    ``medoffice.x`` and one that cannot be placed is ``medoffice.*``.
    """
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            for alias in node.names:
                candidate = f"{origin}.{alias.name}"
                if origin.startswith("medoffice") and _is_submodule(candidate):
                    yield node.lineno, candidate
                else:
                    yield node.lineno, origin
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name not in {"import_module", "__import__"}:
                continue
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                yield node.lineno, arg.value
            elif isinstance(arg, ast.JoinedStr):
                head = arg.values[0] if arg.values else None
                prefix = head.value if isinstance(head, ast.Constant) else ""
                known = str(prefix).rstrip(".")
                if known.startswith("medoffice") and known.count(".") >= 1:
                    yield node.lineno, known
                else:
                    yield node.lineno, "medoffice.*"


def violations(source: str, module: str, *, is_package: bool = False) -> list[str]:
    """Every import in ``source`` (the code of ``module``) that breaks the table."""
    importer = layer_of(module)
    if importer is None or importer not in ALLOWED:
        return [f"{module}: no rule for this module's layer; add it to ALLOWED"]
    out = []
    for line, target in imports_of(source, module, is_package=is_package):
        if target == "medoffice.*":
            if importer not in DYNAMIC_OK:
                out.append(f"{module}:{line}: a dynamic import of medoffice cannot be checked")
            continue
        if not (target == "medoffice" or target.startswith("medoffice.")):
            continue
        imported = layer_of(target)
        if imported is None:
            out.append(f"{module}:{line}: {target} is in no layer; add it to ALLOWED")
        elif imported != importer and imported not in ALLOWED[importer]:
            out.append(f"{module}:{line}: {importer} may not import {imported} ({target})")
    return out


FILES = sorted(SRC.rglob("*.py"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(SRC)))
def test_imports_follow_the_layers(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    module = module_name(path)
    assert violations(source, module, is_package=path.name == "__init__.py") == []


def test_rule_table_has_no_cycles_between_library_layers() -> None:
    graph = {k: set(v) & LIBRARY for k, v in ALLOWED.items() if k in LIBRARY}
    # exceptions <-> serialization is the one allowed pair.
    graph["exceptions"].discard("serialization")
    seen: dict[str, int] = {}

    def visit(node: str) -> None:
        seen[node] = 1
        for nxt in graph[node]:
            assert seen.get(nxt) != 1, f"cycle through {node} -> {nxt}"
            if nxt not in seen:
                visit(nxt)
        seen[node] = 2

    for node in graph:
        if node not in seen:
            visit(node)


def test_nothing_imports_cli_or_strategies() -> None:
    for layer, allowed in ALLOWED.items():
        if layer not in {"cli", "__main__"}:
            assert "cli" not in allowed, layer
        if layer not in {"cli", "_hypothesis_hook"}:
            assert "strategies" not in allowed, layer


def test_every_top_level_module_has_a_layer() -> None:
    for path in SRC.iterdir():
        if path.name == "__pycache__" or path.suffix not in {".py", ""}:
            continue
        name = module_name(path / "__init__.py") if path.is_dir() else module_name(path)
        assert layer_of(name) in ALLOWED, name


# -- the checker catches what it should ------------------------------------------


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        (
            "medoffice.codes.npi",
            "from medoffice.claims import Claim",
            "codes may not import claims",
        ),
        ("medoffice.codes.npi", "from .. import claims", "codes may not import claims"),
        (
            "medoffice.codes.npi",
            "from ..terminology import icd10cm",
            "codes may not import terminology",
        ),
        ("medoffice.exceptions", "import medoffice.codes.npi", "exceptions may not import codes"),
        (
            "medoffice.exceptions",
            "from medoffice import _resources",
            "exceptions may not import private",
        ),
        (
            "medoffice.serialization",
            "from medoffice import codes",
            "serialization may not import codes",
        ),
        ("medoffice.x12.tokens", "from medoffice.codes import npi", "x12 may not import codes"),
        (
            "medoffice.x12.tokens",
            "from medoffice import codes",
            "x12 may not import codes",
        ),
        (
            "medoffice.claims.model",
            "from medoffice.billing import x",
            "claims may not import billing",
        ),
        (
            "medoffice.scheduling.slots",
            "from medoffice.claims import x",
            "scheduling may not import claims",
        ),
        (
            "medoffice.indexing.mpi",
            "import medoffice.terminology",
            "indexing may not import terminology",
        ),
        ("medoffice.billing.post", "from medoffice.cli import main", "billing may not import cli"),
        (
            "medoffice.codes.npi",
            "from medoffice.strategies import npis",
            "codes may not import strategies",
        ),
        (
            "medoffice.terminology",
            "from medoffice import strategies",
            "terminology may not import strategies",
        ),
        ("medoffice.codes", "import medoffice", "codes may not import root"),
        (
            "medoffice.codes.npi",
            "from medoffice.widgets import w",
            "medoffice.widgets is in no layer",
        ),
        (
            "medoffice.codes.npi",
            "importlib.import_module('medoffice.claims')",
            "codes may not import claims",
        ),
        ("medoffice.codes.npi", "importlib.import_module(f'medoffice.{x}')", "dynamic import"),
        ("medoffice.widgets", "import attrs", "no rule for this module's layer"),
    ],
)
def test_checker_catches_forbidden_imports(module: str, source: str, expected: str) -> None:
    found = violations(source, module)
    assert len(found) == 1
    assert expected in found[0]


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("medoffice.codes.npi", "from medoffice.codes._util import clean"),
        ("medoffice.codes.npi", "from ._util import clean\nfrom ..exceptions import InvalidCode"),
        ("medoffice.codes.npi", "from medoffice._resources import read_text"),
        ("medoffice.exceptions", "from medoffice.serialization import to_dict"),
        ("medoffice.terminology.icd10cm", "from medoffice.codes import icd10cm"),
        ("medoffice.x12.tokens", "from medoffice.exceptions import ParseError"),
        ("medoffice.claims.model", "from medoffice import codes, terminology, x12"),
        (
            "medoffice.billing.post",
            "from medoffice.claims import Claim\nfrom medoffice.codes import npi",
        ),
        (
            "medoffice.cli.main",
            "from medoffice import strategies, billing, __version__\nimport medoffice",
        ),
        ("medoffice.strategies", "from medoffice.claims import Claim"),
        ("medoffice._hypothesis_hook", "import medoffice.strategies"),
        ("medoffice.__main__", "from medoffice.cli import main"),
        ("medoffice", "importlib.import_module(f'medoffice.{name}')"),
        ("medoffice.codes", "importlib.import_module(f'medoffice.codes.{name}')"),
        ("medoffice.codes.npi", "import attrs\nfrom typing import Any\nimport re"),
    ],
)
def test_checker_allows_what_the_design_allows(module: str, source: str) -> None:
    assert violations(source, module) == []


def test_relative_imports_in_packages_resolve() -> None:
    found = list(
        imports_of(
            "from . import npi\nfrom .. import exceptions", "medoffice.codes", is_package=True
        )
    )
    assert found == [(1, "medoffice.codes.npi"), (2, "medoffice.exceptions")]
