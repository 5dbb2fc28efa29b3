"""Tests for ``medoffice claim check|build|read``: JSON in, X12 out, and back."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from medoffice.claims import Batch, Receiver, Submitter, build_837p, parse_837p, scrub_batch
from medoffice.cli import _claim, _sample
from medoffice.exceptions import ValidationFailed
from medoffice.serialization import from_dict, to_dict
from tests.test_cli_schedule import run, run_json

ON = _sample.DATE_OF_SERVICE.isoformat()
CREATED = _sample.CLAIMS_CREATED.isoformat()
BUILD = ("--control-number", "7", "--created", CREATED)

# What identifies the sample patients: none of it may appear in what check says.
PATIENT_DATA = (
    "RIVERA",
    "MARCO",
    "NGUYEN",
    "THANH",
    "LHP884120377",
    "LHP551903248",
    "BW-100231",
    "BW-100245",
    "1961-04-12",
    "19610412",
    "2019-08-20",
    "14 ELM ST",
    "9 LAKE RD",
)


def write(tmp_path: Path, data: object, name: str = "claims.json") -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def sample() -> dict[str, Any]:
    return copy.deepcopy(_sample.claims_file())


@pytest.fixture
def claims(tmp_path: Path) -> str:
    return write(tmp_path, sample())


def expected_837p(data: dict[str, Any], **options: Any) -> str:
    """What build_837p makes of a claims file's data, with the test's envelope values."""
    return build_837p(
        from_dict({"claims": data["claims"]}, Batch),
        sender=from_dict(data["sender"], Submitter),
        receiver=from_dict(data["receiver"], Receiver),
        control_number=7,
        created=_sample.CLAIMS_CREATED,
        **options,
    )


def broken() -> dict[str, Any]:
    """The sample with five mistakes: a check digit, a header code, a pointer, a total, a date."""
    data = sample()
    first, second = data["claims"]
    first["billing"]["npi"] = "2876543210"
    first["diagnoses"] = ["E11", "I10"]
    first["total_charge"] = "195.00"
    second["lines"][0]["pointers"] = [1, 3]
    second["lines"][2]["service_date"] = "2026-03-12"
    return data


BROKEN = [
    ("claims[0].billing.npi", "npi.checksum"),
    ("claims[0].diagnoses[0]", "icd10cm.not_billable"),
    ("claims[0].total_charge", "total.mismatch"),
    ("claims[1].lines[0].pointers[1]", "pointers.range"),
    ("claims[1].lines[2].service_date", "date.future"),
]


# -- check ------------------------------------------------------------------------


def test_check_clean_file(capsys: pytest.CaptureFixture[str], claims: str) -> None:
    status, out, err = run(capsys, "claim", "check", claims, "--on", ON)
    assert (status, err) == (0, "")
    assert out == "2 claims: 0 errors, 0 warnings (as of 2026-03-02)\n"


def test_check_lists_every_problem(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, err = run(capsys, "claim", "check", write(tmp_path, broken()), "--on", ON)
    assert (status, err) == (1, "")
    lines = out.splitlines()
    assert lines[-1] == "2 claims: 5 errors, 0 warnings (as of 2026-03-02)"
    assert len(lines) == len(BROKEN) + 1
    for line, (path, code) in zip(lines, BROKEN, strict=False):
        assert line.startswith(f"ERROR   {path}: ")
        assert line.endswith(f"[{code}]")


def test_check_on_moves_the_day(capsys: pytest.CaptureFixture[str], claims: str) -> None:
    status, out, _ = run(capsys, "claim", "check", claims, "--on", "2026-03-01")
    assert status == 1
    assert "[date.future]" in out
    assert out.splitlines()[-1].endswith("(as of 2026-03-01)")
    status, _, err = run(capsys, "claim", "check", claims, "--on", "March 1st")
    assert status == 2
    assert "not a date" in err


def test_check_without_on_uses_today(capsys: pytest.CaptureFixture[str], claims: str) -> None:
    status, out, _ = run(capsys, "claim", "check", claims)
    assert status == 0
    assert out.endswith(f"(as of {dt.date.today().isoformat()})\n")


def test_check_json_agrees_with_the_library(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = broken()
    status, out = run_json(capsys, "claim", "check", write(tmp_path, data), "--on", ON)
    assert status == 1
    batch = from_dict({"claims": data["claims"]}, Batch)
    assert out == {
        "claims": 2,
        "on": ON,
        "errors": 5,
        "warnings": 0,
        "problems": [to_dict(p) for p in scrub_batch(batch, on=_sample.DATE_OF_SERVICE)],
    }
    assert [(p["path"], p["code"]) for p in out["problems"]] == BROKEN


def test_check_warnings_alone_exit_0(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = sample()
    data["claims"][0]["original_claim_number"] = "LHP2602170045"  # sent with frequency 1
    status, out, _ = run(capsys, "claim", "check", write(tmp_path, data), "--on", ON)
    assert status == 0
    assert out.startswith("WARNING claims[0].original_claim_number: ")
    assert out.splitlines()[-1] == "2 claims: 0 errors, 1 warning (as of 2026-03-02)"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("account_number", "BW~100231"),
        ("subscriber.last_name", "RIVERA" * 11),
        ("subscriber.first_name", "MARCO*"),
        ("subscriber.member_id", "LHP884120377:"),
        ("subscriber.birth_date", "2027-04-12"),
        ("subscriber.address.line1", "14 ELM ST ~ APT 2"),
    ],
)
def test_check_never_prints_patient_data(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, field: str, value: str
) -> None:
    data = broken()
    target = data["claims"][0]
    *parents, last = field.split(".")
    for name in parents:
        target = target[name]
    target[last] = value
    for option in ((), ("--json",)):
        status, out, err = run(capsys, "claim", "check", write(tmp_path, data), "--on", ON, *option)
        assert status == 1
        assert f"claims[0].{field}" in out
        for secret in (*PATIENT_DATA, value, value.replace("-", "")):
            assert secret not in out + err


def test_check_reports_every_problem_of_an_unreadable_claims_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = sample()
    data["claims"][0]["subscriber"]["member_id"] = 884120377
    data["claims"][0]["subscriber"]["birth_date"] = "12/04/1961"
    data["claims"][1]["lines"][0]["charge"] = "a lot"
    data["claims"][1]["frequency"] = "5"
    data["sender"] = ["BWFM01"]
    data["comment"] = "unknown"
    path = write(tmp_path, data)
    status, out, err = run(capsys, "claim", "check", path, "--on", ON)
    assert (status, err) == (1, "")
    lines = out.splitlines()
    assert lines[-1] == "the claims file cannot be read: 6 errors"
    assert [line.split()[1] for line in lines[:-1]] == [
        "claims[0].subscriber.member_id:",
        "claims[0].subscriber.birth_date:",
        "claims[1].frequency:",
        "claims[1].lines[0].charge:",
        "sender:",
        "comment:",
    ]
    assert "12/04/1961" not in out
    status, data_out = run_json(capsys, "claim", "check", path)
    assert status == 1
    assert data_out["claims"] is None
    assert data_out["errors"] == 6


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "the claims file is not JSON (line 1, column 2)"),
        ('"a claim"', "the claims file must hold a JSON object"),
        (b"\xff\xfe{}", "the claims file is not UTF-8 text"),
    ],
)
def test_check_refuses_what_is_not_a_claims_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str | bytes, message: str
) -> None:
    path = tmp_path / "claims.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    status, out, err = run(capsys, "claim", "check", str(path))
    assert (status, out) == (1, "")
    assert err.startswith("medoffice: error: ")
    assert message in err


def test_check_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, _, err = run(capsys, "claim", "check", str(tmp_path / "nope.json"))
    assert status == 1
    assert "nope.json: No such file or directory" in err


def test_check_reads_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(sample()["claims"])))
    status, out, _ = run(capsys, "claim", "check", "-", "--on", ON)
    assert status == 0
    assert out.startswith("2 claims: 0 errors")


def test_check_standard_input_not_utf8(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b"\xff\xfe"), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    status, _, err = run(capsys, "claim", "check", "-")
    assert status == 1
    assert "standard input: the claims file is not UTF-8 text" in err


# -- the claims file ------------------------------------------------------------------


def test_load_shapes() -> None:
    data = sample()
    one = _claim.load(json.dumps(data["claims"][0]))
    many = _claim.load(json.dumps(data["claims"]))
    whole = _claim.load(json.dumps(data))
    assert one.batch.claims == many.batch.claims[:1]
    assert many.batch == whole.batch
    assert (many.sender, many.receiver) == (None, None)
    assert whole.sender == from_dict(data["sender"], Submitter)
    assert whole.receiver == from_dict(data["receiver"], Receiver)


@pytest.mark.parametrize(
    ("data", "found"),
    [
        ({"claims": None}, [("claims", "serialization.missing")]),
        ({"receiver": {"id": "HARBORCH"}}, [("claims", "serialization.missing"), ("receiver.name", "serialization.missing")]),
        ({"claims": [], "extra": 1}, [("extra", "serialization.unknown")]),
    ],
)  # fmt: skip
def test_load_names_every_problem(data: dict[str, Any], found: list[tuple[str, str]]) -> None:
    with pytest.raises(ValidationFailed) as info:
        _claim.load(json.dumps(data))
    assert [(p.path, p.code) for p in info.value.problems] == found


# -- build ------------------------------------------------------------------------


def test_build_writes_exactly_build_837p(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, claims: str
) -> None:
    out_path = tmp_path / "day.837"
    status, out, err = run(capsys, "claim", "build", claims, *BUILD, "-o", str(out_path))
    assert (status, err) == (0, "")
    assert out == f"wrote {out_path}: 2 claims\n"
    assert out_path.read_bytes() == expected_837p(sample()).encode("ascii")


def test_build_to_standard_output(capsys: pytest.CaptureFixture[str], claims: str) -> None:
    status, out, _ = run(capsys, "claim", "build", claims, *BUILD)
    assert status == 0
    assert out == expected_837p(sample()) + "\n"
    status, out, _ = run(capsys, "claim", "build", claims, *BUILD, "-o", "-", "--line-breaks")
    assert status == 0
    assert out == expected_837p(sample(), line_breaks=True)
    assert out.count("~\n") == out.count("~") == 55 + 4  # SE counts ST to SE


def test_build_json(capsys: pytest.CaptureFixture[str], tmp_path: Path, claims: str) -> None:
    status, data = run_json(capsys, "claim", "build", claims, *BUILD)
    assert status == 0
    assert data == {"written": None, "claims": 2, "x12": expected_837p(sample())}
    out_path = str(tmp_path / "day.837")
    status, data = run_json(capsys, "claim", "build", claims, *BUILD, "-o", out_path)
    assert status == 0
    assert data == {"written": out_path, "claims": 2, "characters": len(expected_837p(sample()))}


def test_build_line_breaks_to_a_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, claims: str
) -> None:
    out_path = tmp_path / "day.837"
    status, _, _ = run(
        capsys, "claim", "build", claims, *BUILD, "--line-breaks", "-o", str(out_path)
    )
    assert status == 0
    assert out_path.read_bytes() == expected_837p(sample(), line_breaks=True).encode("ascii")
    assert b"\r" not in out_path.read_bytes()


def test_build_usage_t(capsys: pytest.CaptureFixture[str], claims: str) -> None:
    status, out, _ = run(capsys, "claim", "build", claims, *BUILD, "--usage", "T")
    assert status == 0
    isa = out.split("~", 1)[0].split("*")
    assert isa[15] == "T"
    assert out == expected_837p(sample(), usage="T") + "\n"
    status, _, err = run(capsys, "claim", "build", claims, *BUILD, "--usage", "X")
    assert status == 2
    assert "invalid choice" in err


SENDER = {
    "id": "OTHER01",
    "name": "OTHER SUBMITTER",
    "contact_name": "DESK",
    "email": "a@b.example",
}
RECEIVER = {"id": "OTHERRCV", "name": "OTHER CLEARINGHOUSE"}


def test_build_parties_inline_and_from_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, claims: str
) -> None:
    expected = sample()
    expected.update(sender=SENDER, receiver=RECEIVER)
    inline = ("--sender", json.dumps(SENDER), "--receiver", json.dumps(RECEIVER))
    status, out, _ = run(capsys, "claim", "build", claims, *BUILD, *inline)
    assert status == 0
    assert out == expected_837p(expected) + "\n"
    assert "*ZZ*OTHER01        *ZZ*OTHERRCV       *" in out
    files = (
        "--sender",
        write(tmp_path, SENDER, "sender.json"),
        "--receiver",
        write(tmp_path, RECEIVER, "receiver.json"),
    )
    status, out, _ = run(capsys, "claim", "build", claims, *BUILD, *files)
    assert status == 0
    assert out == expected_837p(expected) + "\n"


def test_build_a_party_option_overrides_only_its_party(
    capsys: pytest.CaptureFixture[str], claims: str
) -> None:
    expected = sample()
    expected["receiver"] = RECEIVER
    status, out, _ = run(
        capsys, "claim", "build", claims, *BUILD, "--receiver", json.dumps(RECEIVER)
    )
    assert status == 0
    assert out == expected_837p(expected) + "\n"


@pytest.mark.parametrize(
    ("drop", "message"),
    [
        (("sender",), "give --sender: the claims file has no sender"),
        (("receiver",), "give --receiver: the claims file has no receiver"),
        (("sender", "receiver"), "give --sender and --receiver: the claims file has no sender and no receiver"),
    ],
)  # fmt: skip
def test_build_without_parties_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, drop: tuple[str, ...], message: str
) -> None:
    data = sample()
    for key in drop:
        del data[key]
    out_path = tmp_path / "day.837"
    status, out, err = run(
        capsys, "claim", "build", write(tmp_path, data), *BUILD, "-o", str(out_path)
    )
    assert (status, out) == (2, "")
    assert err.startswith("usage: medoffice claim build")
    assert message in err
    assert not out_path.exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("{not json", "--sender is not JSON"),
        ('{"id": "X1"}', "sender.name: a required field is missing"),
    ],
)
def test_build_bad_party(
    capsys: pytest.CaptureFixture[str], claims: str, value: str, message: str
) -> None:
    status, out, err = run(capsys, "claim", "build", claims, *BUILD, "--sender", value)
    assert (status, out) == (1, "")
    assert message in err


def test_build_party_file_not_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, claims: str
) -> None:
    path = write(tmp_path, "sender", "sender.txt")
    status, _, err = run(capsys, "claim", "build", claims, *BUILD, "--sender", path)
    assert status == 1
    assert f"{path} (--sender) is not JSON" in err


def test_build_refuses_a_claim_with_errors_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path, broken())
    existing = tmp_path / "day.837"
    existing.write_text("yesterday's batch", encoding="ascii")
    fresh = tmp_path / "new.837"
    for out_path in (existing, fresh):
        status, out, err = run(capsys, "claim", "build", path, *BUILD, "-o", str(out_path))
        assert (status, err) == (1, "")
        lines = out.splitlines()
        assert lines[-1] == "nothing written: 5 errors"
        assert [(line.split()[1].rstrip(":"), line.rsplit("[", 1)[1].rstrip("]")) for line in lines[:-1]] == BROKEN  # fmt: skip
    assert existing.read_text(encoding="ascii") == "yesterday's batch"
    assert not fresh.exists()
    status, data = run_json(capsys, "claim", "build", path, *BUILD)
    assert status == 1
    assert data["written"] is None
    assert data["errors"] == 5
    assert [(p["path"], p["code"]) for p in data["problems"]] == BROKEN


def test_build_refuses_envelope_problems(capsys: pytest.CaptureFixture[str], claims: str) -> None:
    sender = {**SENDER, "id": "X" * 16}
    status, out, _ = run(capsys, "claim", "build", claims, *BUILD, "--sender", json.dumps(sender))
    assert status == 1
    assert "sender.id" in out
    assert out.endswith("nothing written: 1 error\n")


def test_build_an_unreadable_claims_file_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = sample()
    data["claims"][0]["lines"][0]["charge"] = 165.0  # a float: the cents are already lost
    out_path = tmp_path / "day.837"
    status, out, _ = run(
        capsys, "claim", "build", write(tmp_path, data), *BUILD, "-o", str(out_path)
    )
    assert status == 1
    assert "claims[0].lines[0].charge" in out
    assert out.endswith("the claims file cannot be read: 1 error\n")
    assert not out_path.exists()


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--control-number", "0"),
        ("--control-number", "1000000000"),
        ("--control-number", "seven"),
        ("--created", "yesterday"),
        ("--created", "2026-03-02T17:00"),
        ("--created", "2026-03-02"),
    ],
)
def test_build_bad_envelope_options_are_usage_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, claims: str, option: str, value: str
) -> None:
    args = {"--control-number": "7", "--created": CREATED, option: value}
    out_path = tmp_path / "day.837"
    status, out, err = run(
        capsys, "claim", "build", claims, *(x for kv in args.items() for x in kv), "-o", str(out_path)
    )  # fmt: skip
    assert (status, out) == (2, "")
    assert option in err
    assert not out_path.exists()


def test_build_requires_a_control_number(capsys: pytest.CaptureFixture[str], claims: str) -> None:
    status, _, err = run(capsys, "claim", "build", claims)
    assert status == 2
    assert "--control-number" in err


def test_build_without_created_uses_now(capsys: pytest.CaptureFixture[str], claims: str) -> None:
    status, out, _ = run(capsys, "claim", "build", claims, "--control-number", "7")
    assert status == 0
    assert parse_837p(out).header is not None


def test_build_reads_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(sample())))
    status, out, _ = run(capsys, "claim", "build", "-", *BUILD)
    assert status == 0
    assert out == expected_837p(sample()) + "\n"


# -- read -------------------------------------------------------------------------


def test_json_in_x12_out_and_back(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, claims: str
) -> None:
    first, back, second = tmp_path / "day.837", tmp_path / "back.json", tmp_path / "again.837"
    assert run(capsys, "claim", "build", claims, *BUILD, "-o", str(first))[0] == 0
    status, out, err = run(capsys, "claim", "read", str(first), "-o", str(back))
    assert (status, err) == (0, "")
    assert out == f"wrote {back}: 2 claims, 0 warnings\n"
    # The claims file read back is one `build` takes as it is, sender and receiver included.
    assert run(capsys, "claim", "build", str(back), *BUILD, "-o", str(second))[0] == 0
    assert second.read_bytes() == first.read_bytes()
    assert (
        _claim.load(back.read_text(encoding="utf-8")).batch
        == _claim.load(Path(claims).read_text(encoding="utf-8")).batch
    )


def test_read_to_standard_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path, expected_837p(sample(), usage="T"), "day.837")
    status, out, _ = run(capsys, "claim", "read", path)
    assert status == 0
    data = json.loads(out)
    assert sorted(data) == ["claims", "header", "receiver", "sender"]
    assert data["header"]["control_number"] == 7
    assert data["header"]["usage"] == "T"
    assert data["header"]["warnings"] == []
    assert data["sender"] == to_dict(from_dict(sample()["sender"], Submitter))
    assert from_dict({"claims": data["claims"]}, Batch) == from_dict(
        {"claims": sample()["claims"]}, Batch
    )


def other_system() -> str:
    """An 837P with a segment the model does not hold (PWK, paperwork)."""
    text = expected_837p(sample())
    text = text.replace("HI*ABK:E119*ABF:I10~", "HI*ABK:E119*ABF:I10~PWK*OZ*BM***AC*DMN0012~")
    return text.replace("SE*55*", "SE*56*")


def test_read_counts_and_lists_warnings(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path, other_system(), "other.837")
    back = str(tmp_path / "back.json")
    status, out, _ = run(capsys, "claim", "read", path, "-o", back)
    assert status == 0
    lines = out.splitlines()
    assert lines[-1] == f"wrote {back}: 2 claims, 1 warning"
    assert lines[0].startswith("WARNING claims[0]: segment 23 (PWK")
    assert lines[0].endswith("[x12.837p.skipped]")
    status, data = run_json(capsys, "claim", "read", path, "-o", back)
    assert status == 0
    assert data["written"] == back
    assert data["claims"] == 2
    assert [w["code"] for w in data["warnings"]] == ["x12.837p.skipped"]
    saved = json.loads(Path(back).read_text(encoding="utf-8"))
    assert saved["header"]["warnings"] == data["warnings"]


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (("CLM*BW-100231*185*", "CLM*BW-100231*1X5*"), "(CLM), element 2"),
        (("DTP*472*D8*20260302~LX*2~", "LX*2~"), "segment 56 (SE), element 1: SE01 is 55"),
        (("ST*837*0007*005010X222A1~", "ST*837*0007*005010X223A2~"), "segment 3 (ST), element 3"),
    ],
)
def test_read_refuses_a_broken_837p(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    edit: tuple[str, str],
    message: str,
) -> None:
    text = expected_837p(sample())
    assert edit[0] in text
    back = tmp_path / "back.json"
    path = write(tmp_path, text.replace(edit[0], edit[1], 1), "broken.837")
    status, out, err = run(capsys, "claim", "read", path, "-o", str(back))
    assert (status, out) == (1, "")
    assert err.startswith("medoffice: error: segment ")
    assert message in err
    for secret in PATIENT_DATA:
        assert secret not in err
    assert not back.exists()


@pytest.mark.parametrize("content", [b"", b"hello", b"ISA*00*\xff"])
def test_read_junk(capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "junk.837"
    path.write_bytes(content)
    status, out, err = run(capsys, "claim", "read", str(path))
    assert (status, out) == (1, "")
    assert err.startswith("medoffice: error: ")
    assert "Traceback" not in err


def test_read_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(expected_837p(sample(), line_breaks=True)))
    status, out, _ = run(capsys, "claim", "read", "-", "-o", "-")
    assert status == 0
    assert len(json.loads(out)["claims"]) == 2


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "claim", "--help")
    assert status == 0
    for command in ("check", "build", "read"):
        assert command in out
    status, out, _ = run(capsys, "--help")
    assert "claim" in out
