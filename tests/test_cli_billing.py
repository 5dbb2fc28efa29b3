"""Tests for ``medoffice remit read|post``, ``medoffice ar aging`` and ``medoffice statement``."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.billing import (
    Ledger,
    ProviderAdjustment,
    Remittance,
    aging,
    balance,
    build_835,
    parse_835,
    post,
    statement,
)
from medoffice.cli import _remit, _sample, main
from medoffice.cli._ar import load_ledger
from medoffice.cli._command import CliError
from medoffice.cli._demo import _billing
from medoffice.exceptions import ValidationFailed
from medoffice.serialization import from_dict, to_dict
from medoffice.strategies import balanced_remittances, ledgers
from tests.test_cli_schedule import run, run_json

AS_OF = _sample.AGING_DATE.isoformat()
ADULT = _sample.PATIENT_IDS["BW-100231"]

# What identifies the sample patients: none of it may appear in remit, post or aging output.
PATIENT_DATA = (
    "RIVERA",
    "MARCO",
    "NGUYEN",
    "LHP884120377",
    "LHP551903248",
    "BW-100231",
    "BW-100245",
    "PT-2041",
    "PT-2057",
)


def write(tmp_path: Path, data: object, name: str) -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def ledger_data(ledger: Ledger) -> dict[str, Any]:
    data: dict[str, Any] = to_dict(ledger)
    return data


def posted_ledger() -> Ledger:
    """The charges, the first 835 and the correction, posted."""
    book = _billing.ledger()
    for remittance in (_billing.remittance(), _billing.correction()):
        book = post(remittance, book, _billing.claims()).ledger
    return book


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    return {
        "ledger": write(tmp_path, ledger_data(_billing.ledger()), "ledger.json"),
        "claims": write(tmp_path, _sample.claims_file(), "claims.json"),
        "first": write(tmp_path, _billing.interchange(_billing.remittance()), "first.835"),
        "second": write(tmp_path, _billing.interchange(_billing.correction()), "second.835"),
        "posted": write(tmp_path, ledger_data(posted_ledger()), "posted.json"),
        "out": str(tmp_path / "new.json"),
    }


def unbalanced(tmp_path: Path) -> str:
    """The first 835 with its payment (BPR02) one dollar more than the claims paid."""
    text = _billing.interchange(_billing.remittance())
    segments = text.split("~")
    for i, segment in enumerate(segments):
        if segment.startswith("BPR*"):
            elements = segment.split("*")
            elements[2] = str(Decimal(elements[2]) + 1)
            segments[i] = "*".join(elements)
    return write(tmp_path, "~".join(segments), "unbalanced.835")


def assert_private(text: str) -> None:
    for secret in PATIENT_DATA:
        assert secret not in text, secret


# -- remit read ------------------------------------------------------------------------


def test_read_prints_the_remittances(
    capsys: pytest.CaptureFixture[str], files: dict[str, str]
) -> None:
    status, out, err = run(capsys, "remit", "read", files["first"])
    assert (status, err) == (0, "")
    data = json.loads(out)
    text = Path(files["first"]).read_text(encoding="utf-8")
    assert data == {"remittances": [to_dict(r) for r in parse_835(text)]}
    assert parse_835(text) == (_billing.remittance(),)


def test_read_summary(capsys: pytest.CaptureFixture[str], files: dict[str, str]) -> None:
    status, out, err = run(capsys, "remit", "read", files["first"], "--summary")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == (
        "remittance 1 of 1: LAKESIDE HEALTH PLAN (LHP01) to BRIGHTWATER FAMILY MEDICINE PLLC "
        "(NPI 2876543218)"
    )
    assert lines[1] == "  payment 96.00 by CHK on 2026-03-23, trace 70031842 (payer 1746120938)"
    assert lines[3].split() == [
        "**-**0231", "1", "primary", "185.00", "96.00", "22.00",
        "CO-45", "67.00,", "PR-2", "22.00",
    ]  # fmt: skip
    assert lines[4].split()[:6] == ["**-**0245", "4", "denied", "173.50", "0.00", "0.00"]
    assert lines[4].endswith("CO-16 173.50; remarks MA130, M119")
    assert lines[-1] == "  balances: lines, claims and the payment"
    assert_private(out)


def test_read_summary_json(capsys: pytest.CaptureFixture[str], files: dict[str, str]) -> None:
    status, data = run_json(capsys, "remit", "read", files["second"], "--summary")
    assert status == 0
    (remittance,) = data["remittances"]
    assert Decimal(remittance["payment"]["amount"]) == Decimal("4.00")
    assert [c["status_name"] for c in remittance["claims"]] == ["reversal", "primary"]
    assert {k: Decimal(v) for k, v in remittance["claims"][0]["adjustments"].items()} == {
        "CO-45": Decimal(-67),
        "PR-2": Decimal(-22),
    }
    assert remittance["problems"] == []
    assert_private(json.dumps(data))


def test_read_summary_shows_what_does_not_balance(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = unbalanced(tmp_path)
    status, out, _ = run(capsys, "remit", "read", path, "--summary")
    assert status == 0
    problems = balance(parse_835(Path(path).read_text(encoding="utf-8"))[0])
    assert problems
    assert f"  does not balance: {len(problems)} problem" in out
    for problem in problems:
        assert f"[{problem.code}]" in out


def test_read_refuses_what_is_not_an_835(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = _billing.interchange(_billing.remittance()).replace(
        "CLP*BW-100231*1*", "CLP*BW-100231*X*"
    )
    status, out, err = run(capsys, "remit", "read", write(tmp_path, text, "bad.835"))
    assert (status, out) == (1, "")
    assert err.startswith("medoffice: error: segment ")
    assert "CLP" in err
    assert_private(err)


def test_read_an_835_with_no_remittance(
    capsys: pytest.CaptureFixture[str], files: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("medoffice.billing.parse_835", lambda text: ())
    status, out, err = run(capsys, "remit", "read", files["first"])
    assert (status, out) == (1, "")
    assert err.endswith("the 835 file holds no remittance\n")


# -- remit post ------------------------------------------------------------------------


def test_post_writes_the_new_ledger(
    capsys: pytest.CaptureFixture[str], files: dict[str, str]
) -> None:
    status, out, err = run(
        capsys, "remit", "post", files["first"], "--ledger", files["ledger"],
        "--claims", files["claims"], "-o", files["out"],
    )  # fmt: skip
    assert (status, err) == (0, "")
    expected = post(_billing.remittance(), _billing.ledger(), _billing.claims())
    written = load_ledger(Path(files["out"]).read_text(encoding="utf-8"))
    assert written == expected.ledger
    lines = out.splitlines()
    assert lines[:3] == [
        "remittance 1: LAKESIDE HEALTH PLAN, trace 70031842, 96.00 by CHK on 2026-03-23",
        f"  matched {expected.matched} of 2 claims; {len(expected.posted)} entries posted",
        "  paid 96.00, written off 67.00, to the patient 22.00",
    ]
    assert lines[3] == "work queue: 1 item"
    assert lines[4].startswith("  denied           remittances[0].claims[1]: ")
    details = lines[4].rsplit(" (", 1)[1].rstrip(")").split("; ")
    assert details[0] == "**-**0245"
    assert set(details[1].split()) == {"CO-16", "MA130", "M119"}
    assert details[2] == "173.50"
    assert (
        lines[-1]
        == f"wrote {files['out']}: {len(expected.posted)} entries added, {len(written)} in all"
    )
    assert_private(out)
    assert (
        sorted(p.name for p in Path(files["out"]).parent.iterdir() if p.name.startswith(".")) == []
    )


def test_post_json(capsys: pytest.CaptureFixture[str], files: dict[str, str]) -> None:
    status, data = run_json(
        capsys, "remit", "post", files["first"], "--ledger", files["ledger"],
        "--claims", files["claims"],
    )  # fmt: skip
    assert status == 0
    (remittance,) = data["remittances"]
    assert Decimal(remittance["paid"]) == Decimal("96.00")
    assert Decimal(remittance["to_patient"]) == Decimal("22.00")
    assert remittance["duplicate"] is False
    assert [w["kind"] for w in data["work"]] == ["denied"]
    assert data["work"][0]["account"] == "**-**0245"
    assert set(data["work"][0]["codes"]) == {"CO-16", "MA130", "M119"}
    assert data["written"] is None
    assert data["ledger_entries"] == len(_billing.ledger())
    assert_private(json.dumps(data))


def test_post_without_output_writes_nothing(
    capsys: pytest.CaptureFixture[str], files: dict[str, str]
) -> None:
    status, out, _ = run(
        capsys, "remit", "post", files["first"], "--ledger", files["ledger"],
        "--claims", files["claims"],
    )  # fmt: skip
    assert status == 0
    assert out.splitlines()[-1].startswith("not written: ")
    assert not Path(files["out"]).exists()


def test_post_without_claims_as_the_library_does(
    capsys: pytest.CaptureFixture[str], files: dict[str, str]
) -> None:
    status, data = run_json(capsys, "remit", "post", files["first"], "--ledger", files["ledger"])
    assert status == 0
    expected = post(_billing.remittance(), _billing.ledger(), [])
    assert [w["kind"] for w in data["work"]] == [w.kind.value for w in expected.work]
    assert data["remittances"][0]["entries"] == len(expected.posted)


def test_post_twice_is_caught(
    capsys: pytest.CaptureFixture[str], files: dict[str, str], tmp_path: Path
) -> None:
    args = ("remit", "post", files["first"], "--claims", files["claims"])
    assert run(capsys, *args, "--ledger", files["ledger"], "-o", files["out"])[0] == 0
    again = str(tmp_path / "again.json")
    status, out, _ = run(capsys, *args, "--ledger", files["out"], "-o", again)
    assert status == 1
    assert "  posted before: nothing posted again" in out
    assert out.splitlines()[-1] == "nothing written: the 835 was posted before"
    assert not Path(again).exists()
    status, data = run_json(capsys, *args, "--ledger", files["out"])
    assert (status, data["entries_added"], data["remittances"][0]["duplicate"]) == (1, 0, True)


def test_post_refuses_an_unbalanced_835(
    capsys: pytest.CaptureFixture[str], files: dict[str, str], tmp_path: Path
) -> None:
    Path(files["out"]).write_text("before", encoding="utf-8")
    path = unbalanced(tmp_path)
    status, out, err = run(
        capsys, "remit", "post", path, "--ledger", files["ledger"],
        "--claims", files["claims"], "-o", files["out"],
    )  # fmt: skip
    assert (status, err) == (1, "")
    lines = out.splitlines()
    assert lines[-1].startswith("nothing posted, nothing written: 1 error")
    assert lines[0].startswith("ERROR   remittances[0].")
    assert Path(files["out"]).read_text(encoding="utf-8") == "before"
    status, data = run_json(capsys, "remit", "post", path, "--ledger", files["ledger"])
    assert (status, data["written"], data["errors"]) == (1, None, 1)


def test_post_a_reversal_and_correction(
    capsys: pytest.CaptureFixture[str], files: dict[str, str]
) -> None:
    first = run(
        capsys, "remit", "post", files["first"], "--ledger", files["ledger"],
        "--claims", files["claims"], "-o", files["out"],
    )  # fmt: skip
    assert first[0] == 0
    status, out, _ = run(
        capsys, "remit", "post", files["second"], "--ledger", files["out"],
        "--claims", files["claims"], "-o", files["out"],
    )  # fmt: skip
    assert status == 0
    assert "  reversed 96.00 of earlier payments" in out
    assert "  paid 100.00, written off 62.00, to the patient 23.00" in out
    written = load_ledger(Path(files["out"]).read_text(encoding="utf-8"))
    assert written == posted_ledger()
    assert written.balance(account_number="BW-100231") == Decimal("23.00")


def test_post_interest_at_the_provider_level(
    capsys: pytest.CaptureFixture[str], files: dict[str, str], tmp_path: Path
) -> None:
    first = _billing.remittance()
    interest = ProviderAdjustment(
        provider_id=_sample.PRACTICE.group_npi_typed,
        fiscal_period_end=dt.date(2026, 12, 31),
        reason="L6",
        amount=Decimal("-1.25"),
    )
    with_interest = attrs.evolve(
        first,
        provider_adjustments=[interest],
        payment=attrs.evolve(first.payment, amount=Decimal("97.25")),
    )
    path = write(tmp_path, _billing.interchange(with_interest), "interest.835")
    status, out, _ = run(capsys, "remit", "read", path, "--summary")
    assert status == 0
    assert "  provider-level L6 -1.25" in out.splitlines()
    status, out, _ = run(
        capsys, "remit", "post", path, "--ledger", files["ledger"], "--claims", files["claims"]
    )
    assert status == 0
    assert "  provider-level -1.25" in out.splitlines()


def test_post_on_a_given_day(capsys: pytest.CaptureFixture[str], files: dict[str, str]) -> None:
    status, _, _ = run(
        capsys, "remit", "post", files["first"], "--ledger", files["ledger"],
        "--claims", files["claims"], "-o", files["out"], "--posted", "2026-03-25",
    )  # fmt: skip
    assert status == 0
    written = load_ledger(Path(files["out"]).read_text(encoding="utf-8"))
    assert {e.posted for e in written if e.kind.value != "charge"} == {dt.date(2026, 3, 25)}


def test_post_reports_every_problem_of_the_ledger_file(
    capsys: pytest.CaptureFixture[str], files: dict[str, str], tmp_path: Path
) -> None:
    data = ledger_data(_billing.ledger())
    data["entries"][0]["amount"] = 165.0
    data["entries"][2]["kind"] = "gift"
    data["entries"][3]["id"] = data["entries"][1]["id"]
    path = write(tmp_path, data, "broken.json")
    status, out, err = run(capsys, "remit", "post", files["first"], "--ledger", path)
    assert (status, err) == (1, "")
    lines = out.splitlines()
    assert lines[-1] == "the ledger file cannot be read: 2 errors"
    assert [line.split()[1] for line in lines[:-1]] == ["entries[0].amount:", "entries[2].kind:"]
    data["entries"][0]["amount"] = "165.00"
    data["entries"][2]["kind"] = "charge"
    status, out, _ = run(
        capsys, "remit", "post", files["first"], "--ledger", write(tmp_path, data, "dup.json")
    )
    assert status == 1
    assert "entries[3].id: the id is already in the ledger [ledger.duplicate_id]" in out


def test_post_reports_the_claims_file(
    capsys: pytest.CaptureFixture[str], files: dict[str, str], tmp_path: Path
) -> None:
    claims = _sample.claims_file()
    claims["claims"][0]["lines"][0]["charge"] = 165.0  # type: ignore[index]
    path = write(tmp_path, claims, "claims.json")
    status, out, _ = run(
        capsys, "remit", "post", files["first"], "--ledger", files["ledger"], "--claims", path
    )
    assert status == 1
    assert out.splitlines()[-1] == "the claims file cannot be read: 1 error"
    assert "claims[0].lines[0].charge" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "the ledger file is not JSON (line 1, column 2)"),
        ("3", "the ledger file must hold a JSON object"),
    ],
)
def test_ledger_file_that_is_not_a_ledger(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str, message: str
) -> None:
    path = write(tmp_path, content, "ledger.json")
    status, out, err = run(capsys, "ar", "aging", path, "--as-of", AS_OF)
    assert (status, out) == (1, "")
    assert message in err


def test_post_to_a_missing_folder(
    capsys: pytest.CaptureFixture[str], files: dict[str, str], tmp_path: Path
) -> None:
    target = tmp_path / "nowhere" / "new.json"
    status, _, err = run(
        capsys, "remit", "post", files["first"], "--ledger", files["ledger"], "-o", str(target)
    )
    assert status == 1
    assert "No such file or directory" in err


def test_write_atomically_leaves_nothing_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "ledger.json"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        _remit.write_atomically(str(target), "\ud800")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["ledger.json"]


# -- ar aging --------------------------------------------------------------------------


def test_aging_text(capsys: pytest.CaptureFixture[str], files: dict[str, str]) -> None:
    status, out, err = run(capsys, "ar", "aging", files["posted"], "--as-of", AS_OF)
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        "A/R aging as of 2026-05-08 (aged from the charge)",
        "owed by                   0-30     31-60     61-90    91-120  over 120       total",
        "payer LHP01               0.00      0.00    173.50      0.00      0.00      173.50",
        "patient **-2041           0.00      0.00     23.00      0.00      0.00       23.00",
        "total                     0.00      0.00    196.50      0.00      0.00      196.50",
        "days in A/R (90 days): 49.3",
    ]


def test_aging_json_agrees_with_the_library(
    capsys: pytest.CaptureFixture[str], files: dict[str, str]
) -> None:
    status, data = run_json(
        capsys, "ar", "aging", files["posted"], "--as-of", "2026-04-08", "--basis", "responsibility"
    )
    assert status == 0
    report = aging(posted_ledger(), as_of=dt.date(2026, 4, 8), basis="responsibility")
    assert data["total"] == str(report.total)
    assert data["basis"] == "responsibility"
    assert data["buckets"] == list(report.labels)
    assert data["payers"] == [
        {
            "kind": "payer",
            "id": "LHP01",
            "buckets": {b.label: str(b.amount) for b in report.payers[0].buckets},
            "total": "173.50",
        }
    ]
    assert [p["id"] for p in data["patients"]] == ["**-2041"]
    assert data["patients"][0]["buckets"]["0-30"] == "23.00"
    assert_private(json.dumps(data))


def test_aging_days_in_ar_undefined(
    capsys: pytest.CaptureFixture[str], files: dict[str, str]
) -> None:
    status, data = run_json(capsys, "ar", "aging", files["posted"], "--as-of", "2026-12-31")
    assert (status, data["days_in_ar"]) == (0, None)
    status, out, _ = run(capsys, "ar", "aging", files["posted"], "--as-of", "2026-12-31")
    assert out.splitlines()[-1] == "days in A/R (90 days): n/a"


def test_aging_accepts_a_list_of_entries(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path, ledger_data(_billing.ledger())["entries"], "entries.json")
    status, data = run_json(capsys, "ar", "aging", path, "--as-of", "2026-03-02")
    assert (status, data["total"]) == (0, "358.50")


def test_aging_bad_ledger(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path, {"entries": [{"id": "x"}]}, "ledger.json")
    status, data = run_json(capsys, "ar", "aging", path, "--as-of", AS_OF)
    assert (status, data["ledger"], data["errors"]) == (1, None, 6)


def test_aging_needs_a_date(capsys: pytest.CaptureFixture[str], files: dict[str, str]) -> None:
    assert run(capsys, "ar", "aging", files["posted"])[0] == 2
    assert run(capsys, "ar", "aging", files["posted"], "--as-of", "May 8")[0] == 2


# -- statement -------------------------------------------------------------------------


def expected_statement(**options: Any) -> Any:
    return statement(posted_ledger(), patient_id=ADULT, as_of=_sample.STATEMENT_DATE, **options)


def test_statement_text(capsys: pytest.CaptureFixture[str], files: dict[str, str]) -> None:
    status, out, err = run(
        capsys, "statement", files["posted"], "--patient", ADULT, "--as-of", "2026-04-08",
        "--name", "MARCO RIVERA", "--practice", "BRIGHTWATER FAMILY MEDICINE",
    )  # fmt: skip
    assert (status, err) == (0, "")
    found = expected_statement(
        patient_name="MARCO RIVERA", practice=["BRIGHTWATER FAMILY MEDICINE"]
    )
    assert out == found.text() + "\n"
    assert "AMOUNT DUE: $23.00 by 2026-05-08" in out


def test_statement_html_and_json(capsys: pytest.CaptureFixture[str], files: dict[str, str]) -> None:
    args = ("statement", files["posted"], "--patient", ADULT, "--as-of", "2026-04-08")
    status, out, _ = run(capsys, *args, "--html", "--name", "<b>M</b>")
    assert status == 0
    assert out == expected_statement(patient_name="<b>M</b>").html() + "\n"
    assert "&lt;b&gt;M&lt;/b&gt;" in out
    status, data = run_json(capsys, *args, "--due-days", "15", "--message", "Thank you")
    assert status == 0
    assert data["amount_due"] == "23.00"
    assert data["due_date"] == "2026-04-23"
    assert data["message"] == "Thank you"


def test_statement_since(capsys: pytest.CaptureFixture[str], files: dict[str, str]) -> None:
    status, out, _ = run(
        capsys, "statement", files["posted"], "--patient", ADULT, "--as-of", "2026-04-08",
        "--since", "2026-03-31",
    )  # fmt: skip
    assert status == 0
    assert "Activity after 2026-03-31" in out
    assert out == expected_statement(since=dt.date(2026, 3, 31)).text() + "\n"


def test_statement_unknown_patient(
    capsys: pytest.CaptureFixture[str], files: dict[str, str]
) -> None:
    status, out, err = run(
        capsys, "statement", files["posted"], "--patient", "PT-9999", "--as-of", "2026-04-08"
    )
    assert (status, out) == (1, "")
    assert "no entry for the patient" in err
    assert "PT-9999" not in err


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("--since", "2026-04-08"), "--since must be before --as-of"),
        (("--due-days", "-1"), "--due-days must not be negative"),
    ],
)
def test_statement_usage_errors(
    capsys: pytest.CaptureFixture[str], files: dict[str, str], extra: tuple[str, ...], message: str
) -> None:
    status, _, err = run(
        capsys, "statement", files["posted"], "--patient", ADULT, "--as-of", "2026-04-08", *extra
    )
    assert status == 2
    assert message in err


def test_statement_bad_ledger(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path, {"entries": [{"id": "x"}]}, "ledger.json")
    status, out, _ = run(capsys, "statement", path, "--patient", ADULT, "--as-of", "2026-04-08")
    assert status == 1
    assert out.splitlines()[-1] == "the ledger file cannot be read: 6 errors"


def test_load_ledger_round_trips() -> None:
    book = posted_ledger()
    assert load_ledger(json.dumps(to_dict(book))) == book
    assert from_dict(to_dict(book), Ledger) == book
    with pytest.raises(ValidationFailed):
        load_ledger('{"entries": [{"id": "x"}]}')


# -- properties --------------------------------------------------------------------------


def call(*argv: str) -> tuple[int, str, str]:
    """``main`` with its output captured (no pytest fixture: for Hypothesis)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(argv))
    return status, out.getvalue(), err.getvalue()


@given(ledgers())
@settings(max_examples=min(50, settings().max_examples))
def test_any_ledger_round_trips_through_its_file(ledger: Ledger) -> None:
    assert load_ledger(json.dumps(to_dict(ledger))) == ledger
    assert load_ledger(json.dumps(to_dict(ledger)["entries"])) == ledger


@given(balanced_remittances(max_claims=3))
@settings(max_examples=min(10, settings().max_examples), deadline=None)
def test_read_and_post_agree_with_the_library(remittance: Remittance) -> None:
    text = build_835(
        [remittance], sender_id="LHP01", receiver_id="BWFM01", control_number=1,
        created=_sample.REMIT_CREATED,
    )  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "in.835")
        Path(path).write_text(text, encoding="ascii")
        status, out, _ = call("remit", "read", path)
        assert status == 0
        assert json.loads(out) == {"remittances": [to_dict(r) for r in parse_835(text)]}
        status, out, _ = call("remit", "read", path, "--summary", "--json")
        assert status == 0
        assert json.loads(out)["remittances"][0]["problems"] == []
        ledger = str(Path(folder) / "ledger.json")
        Path(ledger).write_text('{"entries": []}', encoding="utf-8")
        new = str(Path(folder) / "new.json")
        status, out, _ = call("remit", "post", path, "--ledger", ledger, "-o", new, "--json")
        assert status == 0
        expected = post(parse_835(text)[0], Ledger(), [])
        assert [w["kind"] for w in json.loads(out)["work"]] == [w.kind.value for w in expected.work]
        assert load_ledger(Path(new).read_text(encoding="utf-8")) == expected.ledger


@given(st.text(max_size=300))
@settings(max_examples=min(50, settings().max_examples))
def test_junk_835_is_refused_with_one_line(junk: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "junk.835"
        path.write_text(junk, encoding="utf-8")
        status, out, err = call("remit", "read", str(path), "--summary")
    assert (status, out) == (1, "")
    assert err.startswith("medoffice: error: ")
    assert err.count("\n") == 1


@given(st.one_of(st.text(max_size=200), st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=10,
).map(json.dumps)))  # fmt: skip
@settings(max_examples=min(50, settings().max_examples))
def test_junk_ledger_gives_only_documented_errors(junk: str) -> None:
    with contextlib.suppress(CliError, ValidationFailed):
        load_ledger(junk)
