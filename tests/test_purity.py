"""The functional core does no I/O, reads no clock and draws no random numbers.

Every ``.py`` in ``src/medoffice`` is scanned except the edges: the ``cli``
package, ``__main__.py``, ``strategies.py`` and ``_hypothesis_hook.py``.
``importlib.resources`` is allowed in ``_resources.py`` alone, the single helper
that reads bundled reference data.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "medoffice"

EXCLUDED_DIRS = frozenset({"cli"})
EXCLUDED_FILES = frozenset({"strategies.py", "_hypothesis_hook.py", "__main__.py"})
RESOURCES_HELPER = "_resources.py"

BANNED_MODULES = frozenset(
    {
        "os", "pathlib", "socket", "subprocess", "urllib", "http", "requests", "random",
        "shutil", "tempfile", "logging", "sqlite3", "time", "secrets", "io",
    }
)  # fmt: skip
BANNED_CALLS = frozenset({"open", "print", "input", "exec", "eval", "breakpoint", "__import__"})
#: Method calls that read a clock (``datetime.now()``, ``date.today()``, ``clock.now()``).
CLOCK_METHODS = frozenset({"now", "today", "utcnow"})
#: Names that read a clock or draw randomness wherever they appear.
CLOCK_NAMES = frozenset(
    {"time_ns", "perf_counter", "perf_counter_ns", "monotonic", "monotonic_ns", "uuid1", "uuid4"}
)
#: ``sys`` attributes that are I/O or environment.
SYS_IO = frozenset({"stdin", "stdout", "stderr", "argv", "exit"})
DATE_TYPES = frozenset({"date", "datetime"})


def _dotted(node: ast.expr) -> str:
    """``a.b.c`` for a chain of attributes on a name, else ''."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return ""


def _banned_module(name: str, *, allow_resources: bool) -> bool:
    if name.split(".", maxsplit=1)[0] in BANNED_MODULES:
        return True
    return not allow_resources and (
        name == "importlib.resources" or name.startswith("importlib.resources.")
    )


def scan(source: str, filename: str = "<string>", *, allow_resources: bool = False) -> list[str]:
    """Every impure construct in ``source``, as ``filename:line: what``."""
    found: list[str] = []

    def hit(node: ast.AST, what: str) -> None:
        found.append(f"{filename}:{getattr(node, 'lineno', 0)}: {what}")

    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if _banned_module(alias.name, allow_resources=allow_resources):
                    hit(node, f"import {alias.name}")
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [f"{node.module}.{a.name}" for a in node.names]
            if _banned_module(node.module, allow_resources=allow_resources) or any(
                _banned_module(n, allow_resources=allow_resources) for n in names
            ):
                hit(node, f"from {node.module} import {', '.join(a.name for a in node.names)}")
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in BANNED_CALLS:
                hit(node, f"{func.id}()")
            elif isinstance(func, ast.Attribute) and func.attr in CLOCK_METHODS:
                hit(node, f".{func.attr}()")
            dotted = _dotted(func)
            if dotted in {"importlib.import_module", "import_module", "__import__"}:
                for arg in node.args[:1]:
                    if (
                        isinstance(arg, ast.Constant)
                        and isinstance(arg.value, str)
                        and _banned_module(arg.value, allow_resources=allow_resources)
                    ):
                        hit(node, f"import_module({arg.value!r})")
        if isinstance(node, ast.Attribute):
            dotted = _dotted(node)
            owner = dotted.rsplit(".", 1)[0].rsplit(".", 1)[-1] if "." in dotted else ""
            if node.attr in CLOCK_METHODS and owner in DATE_TYPES:
                hit(node, dotted)  # also date.today as a default_factory
            elif node.attr in CLOCK_NAMES:
                hit(node, dotted or node.attr)
            elif (owner == "sys" and node.attr in SYS_IO) or (
                not allow_resources and dotted.startswith("importlib.resources")
            ):
                hit(node, dotted)
        elif isinstance(node, ast.Name) and node.id in CLOCK_NAMES:
            hit(node, node.id)
        elif isinstance(node, ast.alias) and node.name in CLOCK_NAMES:
            hit(node, f"import {node.name}")
    return sorted(set(found))


def _library_files() -> list[Path]:
    files = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC)
        if EXCLUDED_DIRS & set(rel.parts[:-1]) or rel.name in EXCLUDED_FILES:
            continue
        files.append(path)
    return files


FILES = _library_files()


def test_the_scan_sees_the_library() -> None:
    names = {str(p.relative_to(SRC)) for p in FILES}
    assert {"exceptions.py", "serialization.py", "codes/npi.py", "_resources.py"} <= names
    assert not any(n.startswith("cli/") for n in names)
    assert "strategies.py" not in names


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(SRC)))
def test_library_module_is_pure(path: Path) -> None:
    rel = path.relative_to(SRC)
    findings = scan(
        path.read_text(encoding="utf-8"),
        str(rel),
        allow_resources=str(rel) == RESOURCES_HELPER,
    )
    assert findings == []


def test_resources_helper_uses_importlib_resources() -> None:
    source = (SRC / RESOURCES_HELPER).read_text(encoding="utf-8")
    assert scan(source, RESOURCES_HELPER, allow_resources=True) == []
    assert scan(source, RESOURCES_HELPER) != []  # it is the exception, not the rule


BAD = """
import os
import os.path as osp
import io
import time
from pathlib import Path
from logging import getLogger
import urllib.request
from http import client
import random, secrets
from importlib import resources
import importlib.resources
from datetime import datetime, date
import datetime as dt
from time import perf_counter
import importlib

def f(clock):
    open("x")
    print("hi")
    input()
    exec("1")
    eval("1")
    __import__("os")
    importlib.import_module("socket")
    importlib.resources.files("medoffice")
    datetime.now()
    dt.datetime.utcnow()
    date.today()
    clock.now()
    time.time_ns()
    time.monotonic()
    perf_counter()
    sys.stdout.write("x")
"""

EXPECTED_BAD = [
    "import os",
    "import os.path",
    "import io",
    "import time",
    "from pathlib import Path",
    "from logging import getLogger",
    "import urllib.request",
    "from http import client",
    "import random",
    "import secrets",
    "from importlib import resources",
    "import importlib.resources",
    "open()",
    "print()",
    "input()",
    "exec()",
    "eval()",
    "__import__()",
    "import_module('os')",
    "import_module('socket')",
    "importlib.resources.files",
    ".now()",
    "datetime.now",
    ".utcnow()",
    "dt.datetime.utcnow",
    ".today()",
    "date.today",
    "time.time_ns",
    "time.monotonic",
    "perf_counter",
    "sys.stdout",
]


def test_scanner_catches_planted_snippet() -> None:
    findings = scan(BAD, "bad.py")
    whats = [f.split(": ", 1)[1] for f in findings]
    for expected in EXPECTED_BAD:
        assert expected in whats, expected


def test_scanner_catches_default_factory_clock() -> None:
    snippet = "import attrs\nimport datetime\nx = attrs.field(factory=datetime.date.today)\n"
    assert scan(snippet) == ["<string>:3: datetime.date.today"]


def test_scanner_allows_clean_code() -> None:
    clean = """
from __future__ import annotations
import datetime as dt
import importlib
from typing import IO, TYPE_CHECKING
from medoffice.exceptions import Problem

def f(now: dt.datetime, today: dt.date) -> dt.date:
    module = importlib.import_module("medoffice.codes.npi")
    return today + dt.timedelta(days=1) if now.tzinfo else today
"""
    assert scan(clean) == []


def test_resources_only_allowed_in_the_helper() -> None:
    snippet = "from importlib import resources\nresources.files('medoffice')\n"
    assert scan(snippet) != []
    assert scan(snippet, allow_resources=True) == []
