"""Tests for the claims strategies: valid claims scrub clean, and reach every case."""

from __future__ import annotations

import datetime as dt
import warnings
from decimal import Decimal

import attrs
import pytest
from hypothesis import HealthCheck, Phase, event, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import HypothesisWarning

from medoffice import strategies
from medoffice.claims import Batch, Claim, Frequency, Relationship
from medoffice.claims import _model as model
from medoffice.claims._scrub import scrub
from medoffice.codes import ein, ndc, npi
from medoffice.exceptions import Severity
from medoffice.serialization import to_dict
from medoffice.terminology import icd10cm

ON = dt.date(2025, 10, 1)
QUICK = settings(max_examples=min(60, settings().max_examples), deadline=None)
# A search, not a minimal example: stop at the first claim that shows the case.
FIND = settings(
    max_examples=2000,
    database=None,
    phases=[Phase.generate],
    suppress_health_check=list(HealthCheck),
)


def _errors(claim: Claim, on: dt.date = ON) -> list[str]:
    return [f"{p.path}: {p.code}" for p in scrub(claim, on=on) if p.severity is Severity.ERROR]


def _texts(value: object) -> list[str]:
    """Every text value in the plain form of ``value``."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return []


def _check_structure(claim: Claim, first: dt.date, last: dt.date) -> None:
    """The rules the strategy promises, checked directly (an oracle beside the scrubber)."""
    assert npi.is_valid(claim.billing.npi)
    assert ein.is_valid(claim.billing.tax_id)
    address = claim.billing.address
    assert address is not None
    assert len(address.postal_code) == 9
    assert address.state in strategies.US_STATES
    assert "BOX" not in address.line1.upper()
    assert 1 <= len(claim.diagnoses) <= 12
    assert len(set(claim.diagnoses)) == len(claim.diagnoses)
    assert 1 <= len(claim.lines) <= 50
    for line in claim.lines:
        assert first <= line.service_date <= line.last_date <= last
        for code in claim.diagnoses:
            assert icd10cm.is_billable(code, on=line.service_date)
        assert 1 <= len(line.pointers) <= 4
        assert len(set(line.pointers)) == len(line.pointers)
        assert all(1 <= p <= len(claim.diagnoses) for p in line.pointers)
        assert len(line.modifiers) <= 4
        assert len(set(line.modifiers)) == len(line.modifiers)
        assert line.charge > 0
        assert line.charge.as_tuple().exponent >= -2  # type: ignore[operator]
        assert line.units > 0
        if line.drug is not None:
            assert len(line.drug.ndc) == 11
            assert ndc.is_valid(line.drug.ndc)
    assert claim.total == claim.line_total
    assert (claim.frequency is Frequency.ORIGINAL) == (claim.original_claim_number is None)
    if claim.patient is None:
        assert claim.subscriber.birth_date is not None
        assert claim.subscriber.address is not None
    else:
        assert claim.patient.relationship is not Relationship.SELF
    assert len(claim.account_number) <= 38
    for text in _texts(to_dict(claim)):
        assert not set(text) & set("~*:^")
        assert text.isascii()
        assert text.isprintable()
        assert text == text.strip()
        assert "  " not in text


@QUICK
@given(strategies.valid_claims())
def test_valid_claims_scrub_clean(claim: Claim) -> None:
    event("lines", "many" if len(claim.lines) > 4 else str(len(claim.lines)))
    event("patient", claim.relationship.name)
    assert _errors(claim) == []
    _check_structure(claim, dt.date(2023, 10, 1), dt.date(2025, 9, 30))


@QUICK
@given(
    data=st.data(),
    on=st.dates(dt.date(2023, 1, 1), dt.date(2027, 9, 30)),
)
def test_valid_claims_on_a_date_scrub_clean_on_that_date(data: st.DataObject, on: dt.date) -> None:
    claim = data.draw(strategies.valid_claims(on=on))
    assert claim.last_date is not None
    assert claim.last_date <= on
    assert _errors(claim, on) == []
    _check_structure(claim, on - dt.timedelta(days=365), on)


@settings(QUICK, max_examples=min(25, settings().max_examples))
@given(strategies.valid_batches())
def test_valid_batches_scrub_clean(batch: Batch) -> None:
    assert 1 <= len(batch.claims) <= 5
    accounts = [c.account_number for c in batch.claims]
    assert len(set(accounts)) == len(accounts)
    for claim in batch.claims:
        assert _errors(claim) == []


@settings(QUICK, max_examples=min(10, settings().max_examples))
@given(strategies.valid_batches(min_claims=3, max_claims=3))
def test_batch_sizes_are_respected(batch: Batch) -> None:
    assert len(batch.claims) == 3


def test_valid_claims_refuse_a_datetime_and_uncovered_dates() -> None:
    with pytest.raises(TypeError, match=r"^on: "):
        strategies.valid_claims(on=dt.datetime(2025, 1, 1))
    with pytest.raises(ValueError, match=r"^on: must be within"):
        find(strategies.valid_claims(on=dt.date(2000, 1, 1)), lambda _: True)


@pytest.mark.parametrize(("low", "high"), [(0, 5), (3, 2), (-1, 1)])
def test_valid_batches_refuse_bad_sizes(low: int, high: int) -> None:
    with pytest.raises(ValueError, match=r"^min_claims: "):
        strategies.valid_batches(min_claims=low, max_claims=high)


# -- every case is reachable -------------------------------------------------------


def _claim_with(condition: object) -> Claim:
    with warnings.catch_warnings():
        # Hypothesis warns when the call it would report is over 30 kB, as a
        # claim of fifty lines is; nothing is reported here, only searched.
        warnings.filterwarnings("ignore", "Generating overly large repr", HypothesisWarning)
        return find(strategies.valid_claims(), condition, settings=FIND)  # type: ignore[arg-type]


CASES = {
    "dependent": lambda c: c.patient is not None,
    "child": lambda c: c.relationship is Relationship.CHILD,
    "spouse": lambda c: c.relationship is Relationship.SPOUSE,
    "self": lambda c: c.patient is None,
    "fifty lines": lambda c: len(c.lines) == 50,
    "twelve diagnoses": lambda c: len(c.diagnoses) == 12,
    "ndc line": lambda c: any(line.drug is not None for line in c.lines),
    "void": lambda c: c.frequency is Frequency.VOID,
    "replacement": lambda c: c.frequency is Frequency.REPLACEMENT,
    "auto accident": lambda c: c.accident is not None and c.accident.state is not None,
    "four modifiers": lambda c: any(len(line.modifiers) == 4 for line in c.lines),
    "four pointers": lambda c: any(len(line.pointers) == 4 for line in c.lines),
    "date range": lambda c: any(line.service_end is not None for line in c.lines),
    "line rendering": lambda c: any(line.rendering is not None for line in c.lines),
    "hcpcs line": lambda c: any(line.procedure[0].isalpha() for line in c.lines),
    "cents": lambda c: any(line.charge != line.charge.to_integral() for line in c.lines),
    "fractional units": lambda c: any(line.units != line.units.to_integral() for line in c.lines),
    "all providers": lambda c: None not in (c.referring, c.rendering, c.facility, c.pay_to),
    "facility without npi": lambda c: c.facility is not None and c.facility.npi is None,
    "person billing": lambda c: c.billing.entity.name == "PERSON",
    "note and authorization": lambda c: c.note is not None and c.prior_authorization is not None,
    "claim dates": lambda c: c.dates.onset is not None and c.dates.admission is not None,
    "patient paid": lambda c: c.patient_paid is not None and c.patient_paid > 0,
    "longest names": lambda c: len(c.subscriber.last_name) == 60 and len(c.account_number) == 38,
}


@pytest.mark.parametrize("case", list(CASES))
def test_every_case_is_reachable(case: str) -> None:
    claim = _claim_with(CASES[case])
    assert CASES[case](claim)  # type: ignore[no-untyped-call]
    assert _errors(claim) == []


def test_batches_share_billing_providers_and_subscribers() -> None:
    def shared(batch: Batch) -> bool:
        pairs = zip(batch.claims, batch.claims[1:], strict=False)
        return any(
            a.billing == b.billing and a.subscriber == b.subscriber and a.payer == b.payer
            for a, b in pairs
        )

    batch = find(strategies.valid_batches(min_claims=2), shared, settings=FIND)
    assert shared(batch)
    several = find(
        strategies.valid_batches(),
        lambda b: (
            len({c.billing.npi for c in b.claims}) >= 2
            and len({c.subscriber.member_id for c in b.claims}) >= 2
        ),
        settings=FIND,
    )
    assert len(several.claims) >= 2


def test_money_keeps_its_written_form() -> None:
    claim = _claim_with(
        lambda c: any(
            str(line.charge).endswith("0") and "." in str(line.charge) for line in c.lines
        )
    )
    assert any(line.charge.as_tuple().exponent == -2 for line in claim.lines)
    assert all(isinstance(line.charge, Decimal) for line in claim.lines)


# -- the well-typed strategies --------------------------------------------------


CLAIM_TYPES = [
    cls for cls in strategies.TYPE_STRATEGIES if cls.__module__ == "medoffice.claims._model"
]


def test_every_claims_model_has_a_strategy() -> None:
    public = {getattr(model, name) for name in model.__all__ if attrs.has(getattr(model, name))}
    # The other-payer models of issue 6 have local strategies in test_other_payers.py
    # until medoffice.strategies generates them.
    others = {
        model.PayerAdjustment,
        model.LineAdjudication,
        model.OtherSubscriber,
        model.OtherPayer,
    }
    assert set(CLAIM_TYPES) <= public
    assert public - set(CLAIM_TYPES) <= others


@pytest.mark.parametrize(
    ("factory", "condition"),
    [
        (strategies.claims, lambda c: len(c.lines) >= 2 and c.patient is not None),
        (strategies.batches, lambda b: b.header is not None and len(b.claims) == 2),
        (strategies.service_lines, lambda s: s.drug is not None and s.rendering is not None),
        (strategies.subscribers, lambda s: s.address is not None and s.sex is not None),
        (strategies.providers, lambda p: p.address is not None and p.npi is not None),
    ],
)
def test_well_typed_strategies_reach_nested_values(factory: object, condition: object) -> None:
    value = find(factory(), condition, settings=FIND)  # type: ignore[operator,arg-type]
    assert condition(value)  # type: ignore[operator]
