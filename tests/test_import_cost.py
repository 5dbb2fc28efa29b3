"""``import medoffice`` stays cheap: subpackages and dependencies load on use."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("attr", "attrs", "cattrs", "cattr", "dateutil", "hypothesis")


def _modules_after(code: str) -> set[str]:
    script = f"import json, sys\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def _top(names: set[str]) -> set[str]:
    return {name.split(".")[0] for name in names}


@pytest.fixture(scope="module")
def after_import() -> set[str]:
    return _modules_after("import medoffice")


def test_import_medoffice_loads_no_dependency(after_import: set[str]) -> None:
    assert _top(after_import) & set(HEAVY) == set()


def test_import_medoffice_loads_no_subpackage(after_import: set[str]) -> None:
    assert "medoffice" in after_import
    assert {m for m in after_import if m.startswith("medoffice.")} == set()


def test_a_code_module_does_not_load_cattrs() -> None:
    loaded = _modules_after("import medoffice.codes.npi")
    assert "medoffice.codes.npi" in loaded
    assert _top(loaded) & {"cattrs", "cattr", "dateutil", "hypothesis"} == set()
    assert "medoffice.serialization" not in loaded


def test_attribute_access_loads_on_demand() -> None:
    loaded = _modules_after("import medoffice\nassert medoffice.codes.npi.is_valid('1234567893')")
    assert {"medoffice.codes", "medoffice.codes.npi"} <= loaded
    assert "medoffice.codes.mbi" not in loaded
    assert "cattrs" not in _top(loaded)
