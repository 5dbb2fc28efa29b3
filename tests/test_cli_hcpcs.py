"""Tests for ``medoffice hcpcs lookup`` and ``medoffice hcpcs search``."""

from __future__ import annotations

import json
from typing import Any

import pytest

import medoffice.cli
from medoffice.cli import _hcpcs, main


@pytest.fixture(autouse=True)
def _with_hcpcs(monkeypatch: pytest.MonkeyPatch) -> None:
    commands = tuple(c for c in medoffice.cli._COMMANDS if c is not _hcpcs.register)
    monkeypatch.setattr(medoffice.cli, "_COMMANDS", (*commands, _hcpcs.register))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any]:
    status, out, err = run(capsys, *argv)
    assert err == ""
    return status, json.loads(out)


def test_help_lists_hcpcs(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--help")
    assert status == 0
    assert "hcpcs" in out
    status, out, _ = run(capsys, "hcpcs", "lookup", "--help")
    assert status == 0
    assert "exit status: 0 all found, 1 any unknown" in out


def test_lookup_codes_and_modifiers(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "hcpcs", "lookup", "J3490", "g0008", "lt")
    assert status == 0
    assert err == ""
    assert out.splitlines() == [
        "OK  J3490  Unclassified drugs  [NOC: describe the item on the claim]",
        "OK  G0008  Administration of influenza virus vaccine",
        "OK  LT  [modifier]  Left side (used to identify procedures performed on the left side of the body)",
    ]


def test_lookup_unknown_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "hcpcs", "lookup", "J3490", "J3499", "99213", "J349")
    assert status == 1
    lines = out.splitlines()
    assert lines[0].startswith("OK  J3490")
    assert lines[1] == (
        "BAD hcpcs: J3499 is not a code in HCPCS Level II July 2025; did you mean: "
        "J3490 (a code with the same prefix J349)"
    )
    assert lines[2].startswith("BAD hcpcs: 99213 is a CPT (HCPCS Level I) code")
    assert lines[3] == "BAD hcpcs.length: hcpcs: must be exactly 5 characters  (input 'J349')"


def test_lookup_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, data = run_json(capsys, "hcpcs", "lookup", "--json", "J3490", "59", "J34")
    assert status == 1
    found, cpt, bad = data
    assert found["found"] is True
    assert found["noc"] is True
    assert found["error"] is None
    assert found["concept"]["code"] == "J3490"
    assert found["concept"]["kind"] == "code"
    assert cpt == {
        "input": "59",
        "found": False,
        "concept": None,
        "noc": False,
        "error": {
            "type": "UnknownCode",
            "code": None,
            "message": cpt["error"]["message"],
            "suggestions": cpt["error"]["suggestions"],
        },
    }
    assert [s["code"] for s in cpt["error"]["suggestions"]] == ["XE", "XP", "XS", "XU"]
    assert bad["error"]["type"] == "InvalidLength"
    assert bad["error"]["code"] == "hcpcs.length"


def test_lookup_values_after_options(capsys: pytest.CaptureFixture[str]) -> None:
    status, data = run_json(capsys, "hcpcs", "lookup", "J3490", "--json", "LT")
    assert status == 0
    assert [d["concept"]["code"] for d in data] == ["J3490", "LT"]


def test_lookup_kind(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "hcpcs", "lookup", "--kind", "modifier", "XS", "J3490")
    assert status == 1
    assert out.splitlines()[1] == (
        "BAD hcpcs: J3490 is a procedure code, not a modifier; did you mean: "
        "J3490 (code: Unclassified drugs)"
    )


def test_lookup_on(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "hcpcs", "lookup", "--on", "2025-07-01", "J3490")
    assert status == 0
    status, out, err = run(capsys, "hcpcs", "lookup", "--on", "2025-06-30", "J3490")
    assert status == 1
    assert out == ""
    assert err.startswith("medoffice: error: hcpcs: the bundled release")
    status, out, err = run(capsys, "hcpcs", "lookup", "--on", "July 2025", "J3490")
    assert status == 2
    assert "not a date (YYYY-MM-DD): 'July 2025'" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["hcpcs"],
        ["hcpcs", "lookup"],
        ["hcpcs", "lookup", "--kind", "drug", "J3490"],
        ["hcpcs", "search"],
        ["hcpcs", "search", "--limit", "0", "drug"],
        ["hcpcs", "search", "--limit", "ten", "drug"],
    ],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert out == ""
    assert "usage: medoffice hcpcs" in err


def test_search(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "hcpcs", "search", "--limit", "1", "flu vaccine administration")
    assert status == 0
    assert out == "G0008  Administration of influenza virus vaccine\n"
    status, out, _ = run(capsys, "hcpcs", "search", "--kind", "modifier", "--limit", "1", "left")
    assert out.startswith("LT  [modifier]  Left side")


def test_search_cuts_long_descriptions(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "hcpcs", "search", "S9379")
    assert status == 0
    lines = out.splitlines()
    assert any(line.endswith("…") for line in lines)
    assert all(len(line) <= 7 + 120 for line in lines)


def test_search_json_and_no_match(capsys: pytest.CaptureFixture[str]) -> None:
    status, data = run_json(capsys, "hcpcs", "search", "--json", "--limit", "2", "crutches")
    assert status == 0
    assert len(data) == 2
    assert {"code", "display", "title", "billable", "score", "matches"} <= set(data[0])
    status, out, _ = run(capsys, "hcpcs", "search", "qqqqzzzzxxxx")
    assert (status, out) == (1, "")


def test_helpers() -> None:
    assert _hcpcs.positive_int("3") == 3
    for bad in ("0", "-1", "x"):
        with pytest.raises(Exception, match="not a positive whole number"):
            _hcpcs.positive_int(bad)
