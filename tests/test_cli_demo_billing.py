"""Tests for the demo's fifth section, "Billing: the payer's answer" (``_demo/_billing.py``)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from medoffice.billing import Party, balance, parse_835, post
from medoffice.cli import _sample, main
from medoffice.cli._demo import SECTIONS, Section, _billing, as_json, render_text
from tests.pyx12_judge import pyx12_errors
from tests.test_cli_demo_claims import patient_data

# Each item's verdict, in order: the section's story.
STATUSES = [
    "ok",  # the charges
    "ok",  # the 835 arrives and balances
    "ok",  # posted
    "flagged",  # the denial in the work queue
    "refused",  # the same 835 twice
    "ok",  # reversal and correction
    "ok",  # the statement
    "flagged",  # A/R aging: the denied claim is getting old
]


@pytest.fixture(scope="module")
def section() -> Section:
    return _billing.section()


def test_registered_after_claims() -> None:
    assert list(SECTIONS)[3:5] == ["claims", "billing"]
    assert SECTIONS["billing"] is _billing.section


def test_story(section: Section) -> None:
    assert section.key == "billing"
    assert [item.status.value for item in section.items] == STATUSES
    assert section.summary() == "5 ok, 2 flagged, 1 refused"


def test_the_sample_remittances_balance_and_validate() -> None:
    for remittance in (_billing.remittance(), _billing.correction()):
        assert balance(remittance) == ()
        text = _billing.interchange(remittance)
        assert parse_835(text) == (remittance,)
        # pyx12 4.0.0 cannot make a 999 for an 835: not a finding about the file.
        assert [e for e in pyx12_errors(text) if "Failed to create 999" not in e] == []
    assert _billing.interchange(_billing.remittance()) != _billing.interchange(
        _billing.correction()
    )


def test_the_charges(section: Section) -> None:
    says = section.items[0].says.splitlines()
    assert says == [
        "claim **-**0231: #1 99214 165.00, #2 36415 20.00",
        "claim **-**0245: #1 99213 125.00, #2 J0696 18.50, #3 96372 30.00",
        "5 charge entries, owed by LHP01: 358.50",
    ]


def test_the_835_item_shows_the_real_segments(section: Section) -> None:
    text = _billing.interchange(_billing.remittance())
    segments = text.split("~")
    says = section.items[1].says.splitlines()
    shown = [line for line in says if "*" in line]
    assert shown[0].startswith("BPR*")
    assert any(line.startswith("CAS*CO*45*55") for line in shown)
    assert any(line.startswith("CAS*PR*2*22") for line in shown)
    assert "LQ*HE*M119" in shown
    for line in shown:
        if not line.startswith("CLP*"):
            assert line in segments
    assert [line[:14] for line in shown if line.startswith("CLP*")] == [
        "CLP***-**0231*",
        "CLP***-**0245*",
    ]
    assert "balancing: 0 problems" in says
    assert any(line.endswith("read back equal to what was sent: True") for line in says)


def test_posting_and_the_work_queue(section: Section) -> None:
    result = post(_billing.remittance(), _billing.ledger(), _billing.claims())
    plan = Party.payer("LHP01")
    assert result.ledger.balance(account_number="BW-100231", party=plan) == 0
    assert result.ledger.balance(account_number="BW-100231", party=Party.patient()) == Decimal(
        "22.00"
    )
    assert result.ledger.balance(account_number="BW-100245", party=plan) == Decimal("173.50")
    says = section.items[2].says
    assert "paid 96.00, written off 67.00 (CO-45), moved to the patient 22.00 (PR-2)" in says
    denial = section.items[3].says.splitlines()[0]
    assert denial.startswith("denied claims[1] **-**0245: ")
    assert set(denial.split(": ")[1].split(", ")[0].split()) == {"CO-16", "MA130", "M119"}
    assert denial.endswith("173.50")


def test_twice_and_the_correction(section: Section) -> None:
    assert section.items[4].says.splitlines()[-1] == "entries posted: 0; ledger unchanged: True"
    says = section.items[5].says.splitlines()
    assert says[1] == "then paid 100.00, written off 62.00, moved to the patient 23.00"
    assert "claim **-**0231 (patient **-2041): the plan owes 0.00, the patient 23.00" in says
    assert says[-1] == "the same balances as posting the correction alone: True"


def test_statement_and_aging(section: Section) -> None:
    statement = section.items[6].says.splitlines()
    assert "AMOUNT DUE: $23.00 by 2026-05-08" in statement
    assert statement[0].startswith("statement of 2026-04-08 for patient **-2041: ")
    aging = section.items[7].says.splitlines()
    assert aging == [
        "payer LHP01: 61-90 173.50; total 173.50",
        "patient **-2041: 61-90 23.00; total 23.00",
        "total: 0-30 0.00, 31-60 0.00, 61-90 196.50, 91-120 0.00, over 120 0.00; 196.50",
        "days in A/R (90 days): 49.3",
    ]


def test_no_patient_data_and_deterministic(section: Section) -> None:
    text = "\n".join(render_text([section]))
    data = json.dumps(as_json([section]))
    assert text == "\n".join(render_text([_billing.section()]))
    assert data == json.dumps(as_json([_billing.section()]))
    secrets = patient_data() | set(_sample.PATIENT_IDS.values())
    for secret in secrets:
        assert secret not in text, secret
        assert secret not in data, secret


def test_demo_command_runs_the_section(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--section", "billing"]) == 0
    out = capsys.readouterr().out
    assert "1. Billing: the payer's answer" in out
    assert "Summary: 5 ok, 2 flagged, 1 refused." in out
    assert main(["demo", "--section", "billing", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [s["key"] for s in data["sections"]] == ["billing"]
