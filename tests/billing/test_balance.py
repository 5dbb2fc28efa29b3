"""balance(): the three TR3 balancing equations, one at a time, against an oracle."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice import strategies
from medoffice.billing._balance import balance
from medoffice.billing._remit import Adjustment, Remittance
from tests.billing._remittances import GOLDEN


def oracle(r: Remittance) -> set[tuple[str, str]]:
    """The failing equations, from the model's own properties."""
    found = set()
    for i, claim in enumerate(r.claims):
        for j, line in enumerate(claim.lines):
            if not line.balances:
                found.add((f"claims[{i}].lines[{j}]", "balance.line"))
        if not claim.balances:
            found.add((f"claims[{i}]", "balance.claim"))
    if not r.balances:
        found.add(("payment.amount", "balance.transaction"))
    return found


def found(r: Remittance) -> set[tuple[str, str]]:
    return {(p.path, p.code) for p in balance(r)}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_golden_remittances_balance(name: str) -> None:
    assert balance(GOLDEN[name]) == ()


def test_a_line_that_does_not_balance_breaks_only_the_line_equation() -> None:
    r = GOLDEN["contractual_and_coinsurance"]
    claim = r.claims[0]
    line = attrs.evolve(claim.lines[1], paid=claim.lines[1].paid + 1)
    broken = attrs.evolve(r, claims=(attrs.evolve(claim, lines=(claim.lines[0], line)),))
    assert found(broken) == {("claims[0].lines[1]", "balance.line")}
    (problem,) = balance(broken)
    assert "charge 25 - adjustments 25 = 0, but paid is 1" in problem.message


def test_a_claim_that_does_not_balance_breaks_only_the_claim_equation() -> None:
    r = GOLDEN["reversal_and_correction"]
    claim = attrs.evolve(r.claims[1], billed=r.claims[1].billed + Decimal("0.01"))
    broken = attrs.evolve(r, claims=(r.claims[0], claim))
    assert found(broken) == {("claims[1]", "balance.claim")}


def test_claim_level_adjustments_count_in_the_claim_equation() -> None:
    r = GOLDEN["simple_paid"]
    claim = r.claims[0]
    extra = Adjustment(group="OA", reason="23", amount=Decimal(10))
    broken = attrs.evolve(r, claims=(attrs.evolve(claim, adjustments=(extra,)),))
    assert found(broken) == {("claims[0]", "balance.claim")}
    fixed = attrs.evolve(
        broken,
        claims=(attrs.evolve(broken.claims[0], paid=claim.paid - 10),),
        payment=attrs.evolve(r.payment, amount=r.payment.amount - 10),
    )
    assert balance(fixed) == ()


def test_a_payment_that_does_not_balance_breaks_only_the_transaction_equation() -> None:
    r = GOLDEN["interest_and_recovery"]
    broken = attrs.evolve(r, payment=attrs.evolve(r.payment, amount=r.payment.amount + 40))
    assert found(broken) == {("payment.amount", "balance.transaction")}
    (problem,) = balance(broken)
    assert (
        "claims paid 80 - provider adjustments 38.75 = 41.25, but the payment is 81.25"
        in problem.message
    )


def test_only_remittances_are_balanced() -> None:
    with pytest.raises(TypeError, match="remittance"):
        balance(GOLDEN["simple_paid"].claims[0])  # type: ignore[arg-type]


@given(strategies.balanced_remittances())
def test_balanced_remittances_balance(r: Remittance) -> None:
    assert balance(r) == ()


@settings(max_examples=min(100, settings().max_examples))
@given(strategies.remittances())
def test_balance_agrees_with_the_oracle(r: Remittance) -> None:
    assert found(r) == oracle(r)
    assert len(balance(r)) == len(oracle(r))


@given(strategies.balanced_remittances(), st.data())
def test_any_change_of_one_amount_is_found(r: Remittance, data: st.DataObject) -> None:
    delta = data.draw(st.decimals(-1000, 1000, places=2).filter(bool))
    which = data.draw(st.sampled_from(["payment", "claim", "line"]))
    lines = [(i, j) for i, c in enumerate(r.claims) for j in range(len(c.lines))]
    if which == "line" and lines:
        i, j = data.draw(st.sampled_from(lines))
        claim = r.claims[i]
        line = attrs.evolve(claim.lines[j], paid=claim.lines[j].paid + delta)
        claim = attrs.evolve(claim, lines=(*claim.lines[:j], line, *claim.lines[j + 1 :]))
        changed = attrs.evolve(r, claims=(*r.claims[:i], claim, *r.claims[i + 1 :]))
        assert found(changed) == {(f"claims[{i}].lines[{j}]", "balance.line")}
    elif which == "claim":
        i = data.draw(st.integers(0, len(r.claims) - 1))
        claim = attrs.evolve(r.claims[i], billed=r.claims[i].billed + delta)
        changed = attrs.evolve(r, claims=(*r.claims[:i], claim, *r.claims[i + 1 :]))
        assert found(changed) == {(f"claims[{i}]", "balance.claim")}
    else:
        changed = attrs.evolve(r, payment=attrs.evolve(r.payment, amount=r.payment.amount + delta))
        assert found(changed) == {("payment.amount", "balance.transaction")}
