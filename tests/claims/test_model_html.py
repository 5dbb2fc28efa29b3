"""``Claim._repr_html_``: a review summary for notebooks, never with patient data."""

from __future__ import annotations

import html

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice import strategies
from medoffice.claims import Claim
from medoffice.claims.examples import dependent_visit, office_visit
from tests._settings import PER_CASE

MARK = "Qzxv"


def _marked(claim: Claim, tag: str) -> Claim:
    """The claim with every patient-identifying text field set to a marked value."""
    sub = attrs.evolve(
        claim.subscriber,
        last_name=f"{MARK}last{tag}",
        first_name=f"{MARK}first{tag}",
        member_id=f"{MARK}id{tag}",
    )
    patient = (
        None
        if claim.patient is None
        else attrs.evolve(claim.patient, last_name=f"{MARK}pl{tag}", first_name=f"{MARK}pf{tag}")
    )
    return attrs.evolve(
        claim,
        subscriber=sub,
        patient=patient,
        account_number=f"{MARK}acct{tag}",
        note=f"{MARK}note{tag}",
        medical_record_number=f"{MARK}mrn{tag}",
    )


def test_the_examples_show_lines_diagnoses_and_total() -> None:
    page = dependent_visit()._repr_html_()
    assert page.count("<tr>") == 1 + 3 + 1  # head, three lines, total
    assert "A: H66.90, B: R50.9" in page
    assert "<td>J0696 (NDC 00409733201)</td>" in page
    assert "<td>173.50</td>" in page
    assert "patient: child" in page
    assert "patient: self" in office_visit()._repr_html_()


@PER_CASE
@given(strategies.claims(), st.text(alphabet="abc", min_size=1, max_size=3))
def test_never_shows_patient_data_and_escapes_everything(claim: Claim, tag: str) -> None:
    page = _marked(claim, tag)._repr_html_()
    assert MARK not in page
    assert page.count("<tr>") == len(claim.lines) + 2
    for line in claim.lines:
        assert html.escape(line.procedure) in page


@settings(max_examples=20)
@given(strategies.valid_claims())
def test_valid_claims_list_every_diagnosis_with_its_letter(claim: Claim) -> None:
    page = claim._repr_html_()
    for letter, code in zip("ABCDEFGHIJKL", claim.diagnoses, strict=False):
        assert f"{letter}: {code[:3]}" in page
