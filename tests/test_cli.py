"""Tests for the command line, ``medoffice.cli`` and ``python -m medoffice``."""

from __future__ import annotations

import importlib
import io
import json
import os
import runpy
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import medoffice
from medoffice.cli import _codes, _sample, main
from medoffice.cli._demo import SECTIONS, Status, build
from medoffice.cli._output import describe_os_error, mask
from medoffice.codes import KINDS, mbi, npi
from medoffice.exceptions import UnknownCode

# A made-up MBI in the CMS format, in every form a user might type it.
RAW_MBI = "1EG4TE5MK73"
MBI_FORMS = (RAW_MBI, "1EG4-TE5-MK73", "1eg4te5mk73", "1eg4-te5-mk73", "1EG4TE5")

# kind -> (a valid value, its OK line, an invalid value, the rule code it breaks)
CASES: dict[str, tuple[str, str, str, str]] = {
    "cpt": ("99213", "OK  99213  (99213)", "9921A", "cpt.component"),
    "ein": ("12-3456789", "OK  12-3456789  (123456789)", "07-1234567", "ein.prefix"),
    "hcpcs": ("j3490", "OK  J3490  (J3490)", "W1234", "hcpcs.component"),
    "icd10cm": ("e119", "OK  E11.9  (E119)", "E1", "icd10cm.length"),
    "mbi": ("1EG4TE5MK73", "OK  ****-***-MK73  (*******MK73)", "1EG4TE5MK7", "mbi.length"),
    "modifier": ("lt", "OK  LT  (LT)", "L", "modifier.length"),
    "ndc": ("0002-1433-80", "OK  00002-1433-80  (00002143380)", "0002143380", "ndc.ambiguous"),
    "npi": ("1234567893", "OK  1234567893  (1234567893)", "1234567890", "npi.checksum"),
    "zipcode": ("12345-6789", "OK  12345-6789  (123456789)", "1234", "zipcode.length"),
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``main`` and return the exit status, standard output and standard error."""
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any]:
    status, out, err = run(capsys, *argv)
    assert err == ""
    return status, json.loads(out)


def test_cases_cover_every_kind() -> None:
    assert set(CASES) == set(KINDS)


# -- the top level -----------------------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--version")
    assert status == 0
    assert out == f"medoffice {medoffice.__version__}\n"


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--help")
    assert status == 0
    assert "codes" in out
    assert "demo" in out


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["nosuchcommand"],
        ["codes"],
        ["codes", "check"],
        ["codes", "check", "bogus", "1234567893"],
        ["codes", "check", "npi"],
        ["demo", "--section", "nosuchsection"],
    ],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert out == ""
    assert "usage: medoffice" in err
    assert "error:" in err
    assert "Traceback" not in err


def test_unknown_kind_names_the_choices(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "codes", "check", "ssn", "123-45-6789")
    assert status == 2
    assert "invalid choice: 'ssn'" in err
    assert "npi" in err


def test_no_values_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "codes", "check", "npi")
    assert status == 2
    assert err.startswith("usage: medoffice codes check")
    assert "medoffice codes check: error: give at least one VALUE" in err


def test_unknown_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "codes", "check", "npi", "1234567893", "--bogus", "1")
    assert status == 2
    assert "medoffice: error: unrecognized arguments: --bogus\n" in err


def test_extra_positional_for_demo_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "demo", "extra")
    assert status == 2
    assert "unrecognized arguments: extra" in err


# -- codes check: every kind ---------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(CASES))
def test_check_valid(capsys: pytest.CaptureFixture[str], kind: str) -> None:
    value, line, _, _ = CASES[kind]
    assert run(capsys, "codes", "check", kind, value) == (0, line + "\n", "")


@pytest.mark.parametrize("kind", sorted(CASES))
def test_check_invalid(capsys: pytest.CaptureFixture[str], kind: str) -> None:
    _, _, value, code = CASES[kind]
    status, out, err = run(capsys, "codes", "check", kind, value)
    assert status == 1
    assert err == ""
    assert out.startswith(f"BAD {code}: {kind}: ")
    assert out.count("\n") == 1
    if kind == "mbi":
        assert value not in out
    else:
        assert out.endswith(f"  (input {value!r})\n")


@pytest.mark.parametrize("kind", sorted(CASES))
def test_check_json(capsys: pytest.CaptureFixture[str], kind: str) -> None:
    good, line, bad, code = CASES[kind]
    status, data = run_json(capsys, "codes", "check", "--json", kind, good, bad)
    assert status == 1
    ok, refused = data
    assert ok["kind"] == refused["kind"] == kind
    assert ok["valid"] is True
    assert ok["error"] is None
    assert line == f"OK  {ok['display']}  ({ok['compact']})"
    assert refused["valid"] is False
    assert refused["compact"] is None
    assert refused["display"] is None
    assert refused["error"]["code"] == code
    assert refused["error"]["message"].startswith(f"{kind}: ")
    assert refused["error"]["type"].startswith("Invalid")
    if kind == "mbi":
        assert "input" not in ok
        assert "input" not in refused
    else:
        assert (ok["input"], refused["input"]) == (good, bad)


def test_check_json_is_sorted_and_keeps_non_ascii(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "codes", "check", "--json", "cpt", "9921é")
    assert status == 1
    assert "9921é" in out
    keys = list(json.loads(out)[0])
    assert keys == sorted(keys)


def test_check_all_valid_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "codes", "check", "npi", "1234567893", "1245319599")
    assert status == 0
    assert out.splitlines() == ["OK  1234567893  (1234567893)", "OK  1245319599  (1245319599)"]


def test_check_mixed_exits_1_and_keeps_order(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "codes", "check", "icd10cm", "e119", "E1.19", "i10")
    assert status == 1
    lines = out.splitlines()
    assert lines[0] == "OK  E11.9  (E119)"
    assert lines[1].startswith("BAD icd10cm.dot: ")
    assert lines[2] == "OK  I10  (I10)"


def test_options_may_come_between_values(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys, "codes", "check", "ndc", "--layout", "4-4-2", "1234567890", "0002-1433-80"
    )
    assert status == 0
    assert out.splitlines() == [
        "OK  01234-5678-90  (01234567890)",
        "OK  00002-1433-80  (00002143380)",
    ]
    status, data = run_json(capsys, "codes", "check", "npi", "1234567893", "--json", "1234567890")
    assert status == 1
    assert [entry["valid"] for entry in data] == [True, False]


# -- codes check: NDC layouts ---------------------------------------------------------


@pytest.mark.parametrize(
    ("layout", "line"),
    [
        ("4-4-2", "OK  01234-5678-90  (01234567890)"),
        ("5-3-2", "OK  12345-0678-90  (12345067890)"),
        ("5-4-1", "OK  12345-6789-00  (12345678900)"),
    ],
)
def test_ndc_layout(capsys: pytest.CaptureFixture[str], layout: str, line: str) -> None:
    assert run(capsys, "codes", "check", "ndc", "--layout", layout, "1234567890") == (
        0,
        line + "\n",
        "",
    )


def test_ndc_layout_must_match_hyphens(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "codes", "check", "ndc", "--layout", "5-3-2", "0002-1433-80")
    assert status == 1
    assert out.startswith("BAD ndc.layout: ")


def test_layout_is_for_ndc_only(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "codes", "check", "npi", "--layout", "4-4-2", "1234567893")
    assert status == 2
    assert out == ""
    assert err.startswith("usage: medoffice codes check")
    assert err.endswith("medoffice codes check: error: --layout applies to ndc only\n")


def test_bad_layout_name_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "codes", "check", "ndc", "--layout", "4-4-3", "1234567890")
    assert status == 2
    assert "invalid choice: '4-4-3'" in err


# -- codes check: standard input ------------------------------------------------------


def feed(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))


def test_dash_reads_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    feed(monkeypatch, "1234567893\n\n   \n 1234567890 \n")
    status, out, _ = run(capsys, "codes", "check", "npi", "1245319599", "-", "2876543218")
    assert status == 1
    lines = out.splitlines()
    assert len(lines) == 4
    assert lines[0] == "OK  1245319599  (1245319599)"
    assert lines[1] == "OK  1234567893  (1234567893)"
    assert lines[2].startswith("BAD npi.checksum: ")
    assert lines[2].endswith("(input '1234567890')")
    assert lines[3] == "OK  2876543218  (2876543218)"


def test_stdin_flag_reads_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    feed(monkeypatch, "E11.9\ni10\n")
    status, out, _ = run(capsys, "codes", "check", "icd10cm", "--stdin")
    assert status == 0
    assert out.splitlines() == ["OK  E11.9  (E119)", "OK  I10  (I10)"]


def test_stdin_flag_after_values(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    feed(monkeypatch, "25\n")
    status, out, _ = run(capsys, "codes", "check", "modifier", "rt", "--stdin")
    assert status == 0
    assert out.splitlines() == ["OK  RT  (RT)", "OK  25  (25)"]


def test_empty_stdin_checks_nothing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    feed(monkeypatch, "\n\n")
    assert run(capsys, "codes", "check", "npi", "--stdin") == (0, "", "")
    feed(monkeypatch, "")
    assert run_json(capsys, "codes", "check", "npi", "--json", "-") == (0, [])


@pytest.mark.parametrize(
    "argv",
    [
        ["codes", "check", "npi", "-", "-"],
        ["codes", "check", "npi", "--stdin", "-"],
    ],
)
def test_stdin_is_read_once(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> None:
    feed(monkeypatch, "1234567893\n")
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert out == ""
    assert "standard input can be read once" in err


def test_undecodable_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        sys, "stdin", io.TextIOWrapper(io.BytesIO(b"1234567893\n\xff\xfe\n"), encoding="utf-8")
    )
    status, out, err = run(capsys, "codes", "check", "npi", "-")
    assert status == 1
    assert out == ""
    assert err == (
        "medoffice: error: stdin: the input is not text in the expected encoding (UTF-8)\n"
    )


class FailingStream:
    """A stream whose reading fails with ``exc``."""

    def __init__(self, exc: BaseException) -> None:
        self.exc = exc

    def __iter__(self) -> FailingStream:
        return self

    def __next__(self) -> str:
        raise self.exc


@pytest.mark.parametrize(
    ("exc", "message"),
    [
        (PermissionError(13, "Permission denied", "/dev/stdin"), "/dev/stdin: Permission denied"),
        (OSError("device not ready"), "device not ready"),
    ],
)
def test_os_error_reading_stdin(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    exc: OSError,
    message: str,
) -> None:
    monkeypatch.setattr(sys, "stdin", FailingStream(exc))
    assert run(capsys, "codes", "check", "npi", "--stdin") == (
        1,
        "",
        f"medoffice: error: {message}\n",
    )


def test_interrupted(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", FailingStream(KeyboardInterrupt()))
    assert run(capsys, "codes", "check", "npi", "-") == (130, "", "medoffice: error: interrupted\n")


def test_library_error_is_reported_without_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def lookup_fails(*args: object, **kwargs: object) -> None:
        raise UnknownCode("icd10cm: E11.99 is not a code", system="icd10cm", code="E1199")

    monkeypatch.setattr(_codes, "check_value", lookup_fails)
    assert run(capsys, "codes", "check", "icd10cm", "E11.99") == (
        1,
        "",
        "medoffice: error: icd10cm: E11.99 is not a code\n",
    )


# -- codes check: the MBI is patient data ----------------------------------------------


def all_output(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    status, out, err = run(capsys, *argv)
    return status, out + err


@pytest.mark.parametrize("typed", MBI_FORMS)
@pytest.mark.parametrize("json_flag", [[], ["--json"]])
def test_mbi_is_never_echoed(
    capsys: pytest.CaptureFixture[str], typed: str, json_flag: list[str]
) -> None:
    _, text = all_output(capsys, "codes", "check", *json_flag, "mbi", typed)
    assert typed not in text
    for form in MBI_FORMS:
        assert form not in text
    assert "1EG4" not in text.upper()


def test_mbi_masked_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "codes", "check", "mbi", "1eg4-te5-mk73")
    assert status == 0
    assert out == "OK  ****-***-MK73  (*******MK73)\n"


def test_invalid_mbi_shows_only_the_rule(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "codes", "check", "mbi", "1SG4TE5MK73")
    assert status == 1
    assert out == "BAD mbi.position: mbi: position 2 must be a letter other than S, L, O, I, B, Z\n"


def test_mbi_from_stdin_is_never_echoed(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    feed(monkeypatch, "1EG4TE5MK73\n1EG4TE5MK7O\n")
    status, text = all_output(capsys, "codes", "check", "--json", "mbi", "--stdin")
    assert status == 1
    assert RAW_MBI not in text
    assert "1EG4TE5MK7O" not in text


def test_show_phi(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "codes", "check", "--show-phi", "mbi", "1eg4te5mk73", "1EG4TE5")
    assert status == 1
    ok, bad = out.splitlines()
    assert ok == "OK  1EG4-TE5-MK73  (1EG4TE5MK73)"
    assert bad == "BAD mbi.length: mbi: must be exactly 11 characters  (input '1EG4TE5')"
    status, data = run_json(capsys, "codes", "check", "--json", "--show-phi", "mbi", RAW_MBI)
    assert status == 0
    assert data == [
        {
            "compact": RAW_MBI,
            "display": "1EG4-TE5-MK73",
            "error": None,
            "input": RAW_MBI,
            "kind": "mbi",
            "valid": True,
        }
    ]


@pytest.mark.parametrize(
    ("text", "keep", "masked"),
    [
        ("1EG4-TE5-MK73", 4, "****-***-MK73"),
        ("1EG4TE5MK73", 4, "*******MK73"),
        ("ABC", 4, "ABC"),
        ("", 4, ""),
        ("12-34", 0, "**-**"),
    ],
)
def test_mask(text: str, keep: int, masked: str) -> None:
    assert mask(text, keep) == masked


def test_describe_os_error() -> None:
    assert describe_os_error(FileNotFoundError(2, "No such file", "x.txt")) == "x.txt: No such file"
    assert describe_os_error(OSError("plain")) == "plain"


# -- demo --------------------------------------------------------------------------------


def test_demo_text(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "demo")
    assert status == 0
    assert err == ""
    lines = out.splitlines()
    assert lines[0] == "medoffice demo: a worked day at the office"
    assert "fictional" in lines[1]
    assert "1. Front desk: the morning's paperwork" in lines
    # What was typed, what medoffice says, and why, for each item.
    assert "             typed:     1987654358" in lines
    assert "[refused]    Rendering provider NPI, Dr. Ben Okafor, DO (sports medicine)" in lines
    assert any("BAD npi.checksum: npi: the check digit does not match" in line for line in lines)
    assert "             medoffice: OK  1987654328  (1987654328)" in lines
    assert "             medoffice: OK  01234-5678-90  (01234567890)" in lines
    assert "             medoffice: OK  E11.9  (E119)" in lines
    assert "             medoffice: OK  S93.401A  (S93401A)" in lines
    assert "             medoffice: OK  ****-***-MK73  (*******MK73)" in lines
    assert "             typed:     ****-***-mk73" in lines
    assert any("BAD ndc.ambiguous" in line for line in lines)
    assert any("BAD cpt.length" in line for line in lines)
    assert any("BAD icd10cm.dot" in line for line in lines)
    assert any(line.startswith("[flagged]    Billing address ZIP") for line in lines)
    assert any("flagged: not ZIP+4" in line for line in lines)
    assert "Summary: 7 ok, 7 normalized, 1 flagged, 4 refused." in lines
    assert "2. Coding the visits" in lines
    assert lines[-1] == "End of the demo. Next: medoffice --help"
    assert all(len(line) <= 79 for line in lines)
    assert any("why:" in line for line in lines)


def test_demo_never_shows_the_mbi(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["demo"], ["demo", "--json"]):
        _, text = all_output(capsys, *argv)
        for form in MBI_FORMS:
            assert form not in text


def test_demo_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, data = run_json(capsys, "demo", "--json")
    assert status == 0
    assert data["title"] == "medoffice demo: a worked day at the office"
    assert "fictional" in data["notice"]
    assert [s["key"] for s in data["sections"]] == list(SECTIONS)
    section = data["sections"][0]
    assert section["key"] == "front-desk"
    assert section["title"] == "Front desk: the morning's paperwork"
    items = section["items"]
    assert {item["status"] for item in items} == {status.value for status in Status}
    for item in items:
        assert set(item) == {"label", "typed", "says", "why", "status"}
    by_typed = {item["typed"]: item for item in items}
    assert by_typed["e119"]["says"] == "OK  E11.9  (E119)"
    assert by_typed["e119"]["status"] == "normalized"
    assert by_typed["12345"]["status"] == "flagged"
    assert by_typed["1987654358"]["status"] == "refused"
    assert by_typed["1234567890  (layout 4-4-2)"]["says"] == "OK  01234-5678-90  (01234567890)"


def test_demo_section_option(capsys: pytest.CaptureFixture[str]) -> None:
    full = run(capsys, "demo")
    assert run(capsys, "demo", *(f"--section={key}" for key in SECTIONS)) == full
    # The order of the day, whatever the order of the options.
    assert run(capsys, "demo", *(f"--section={key}" for key in reversed(SECTIONS))) == full
    status, out, _ = run(capsys, "demo", "--section", "front-desk")
    assert status == 0
    assert "1. Front desk: the morning's paperwork" in out.splitlines()
    assert "Coding the visits" not in out


def test_demo_is_deterministic(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "demo") == run(capsys, "demo")
    assert run(capsys, "demo", "--json") == run(capsys, "demo", "--json")


def test_demo_sections_registry() -> None:
    for key, make in SECTIONS.items():
        assert make().key == key
    assert [section.key for section in build([])] == []
    assert [section.key for section in build(["front-desk"])] == ["front-desk"]
    assert [section.key for section in build(["coding", "front-desk"])] == [
        "front-desk",
        "coding",
    ]


def test_sample_data_is_what_it_claims() -> None:
    practice = _sample.PRACTICE
    quill, okafor = _sample.PROVIDERS
    for number in (practice.group_npi_typed, quill.npi_on_file, okafor.npi_on_file):
        assert npi.calc_check_digit(number[:9]) == number[9]
        assert npi.is_valid(number)
    assert practice.group_npi_typed.startswith("2")
    assert not npi.is_valid(okafor.npi_typed)
    assert mbi.is_valid(_sample.PATIENT_MBI_TYPED)


# -- python -m medoffice -----------------------------------------------------------------


def test_python_dash_m_demo() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "medoffice", "demo"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("medoffice demo: a worked day at the office\n")
    assert "1. Front desk: the morning's paperwork" in proc.stdout
    assert proc.stderr == ""


def test_dunder_main_in_process(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Imported as a module, it does nothing.
    importlib.import_module("medoffice.__main__")
    # Run as a script, it runs the command line on sys.argv and exits with its status.
    monkeypatch.setattr(sys, "argv", ["medoffice", "codes", "check", "cpt", "99213"])
    script = Path(medoffice.__file__).with_name("__main__.py")
    with pytest.raises(SystemExit) as info:
        runpy.run_path(str(script), run_name="__main__")
    assert info.value.code == 0
    assert capsys.readouterr().out == "OK  99213  (99213)\n"


# -- a reader that goes away ----------------------------------------------------------------


class ClosedPipe(io.StringIO):
    """Standard output whose reader has gone away (``medoffice demo | head``)."""

    def __init__(self, fd: int | None) -> None:
        super().__init__()
        self.fd = fd

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def fileno(self) -> int:
        if self.fd is None:
            raise io.UnsupportedOperation("fileno")
        return self.fd


def test_broken_pipe_with_a_real_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    target = tmp_path / "stdout"
    fd = os.open(target, os.O_WRONLY | os.O_CREAT)
    try:
        monkeypatch.setattr(sys, "stdout", ClosedPipe(fd))
        assert main(["demo"]) == 1
        # Further writes to the descriptor now go to the null device.
        os.write(fd, b"lost")
    finally:
        os.close(fd)
    assert target.read_bytes() == b""


def test_broken_pipe_without_a_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdout", ClosedPipe(None))
    assert main(["codes", "check", "npi", "1234567893"]) == 1
