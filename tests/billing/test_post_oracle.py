"""Posting's fast path against an obviously-right oracle, on Hypothesis remittances.

``post`` makes its entries from checked values without the validating
constructors, matches lines with a cut-off scan, balances in one pass and
extends the ledger's indexes in place. The oracle here does the same work the
plain way: every entry through ``Entry(...)`` / ``Entry.transfer`` (validated),
each line matched by the best score over all the claim's lines, balancing with
the model's ``adjusted`` sums, and a ledger rebuilt from its entries. The
claim dispatch, reversals and provider-level adjustments are shared (the fast
path does not touch them). Results must be identical: entries (ids, order,
every field), work items, counts, problems, and every balance and index.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.billing import (
    Adjustment,
    ClaimPayment,
    Entry,
    Ledger,
    Party,
    Remittance,
    ServicePayment,
    balance,
)
from medoffice.billing._post import (
    PostingResult,
    WorkItem,
    WorkKind,
    _Lines,
    _Posting,
    _Target,
    post,
)
from medoffice.claims import Claim
from medoffice.exceptions import Problem, ValidationFailed
from tests.billing.test_post import CAPPED, PLB, Plan, _negated, plans, remittance, scenarios

ZERO = Decimal(0)


# -- the oracle ---------------------------------------------------------------------


def oracle_balance(r: Remittance) -> tuple[Problem, ...]:
    """The three equations, with the model's own sums."""
    problems = []
    for i, claim in enumerate(r.claims):
        for j, line in enumerate(claim.lines):
            if line.charge - line.adjusted != line.paid:
                problems.append(
                    Problem(
                        path=f"claims[{i}].lines[{j}]",
                        code="balance.line",
                        message=(
                            f"the line does not balance: charge {line.charge} - adjustments "
                            f"{line.adjusted} = {line.charge - line.adjusted}, "
                            f"but paid is {line.paid}"
                        ),
                    )
                )
        if claim.billed - claim.adjusted != claim.paid:
            problems.append(
                Problem(
                    path=f"claims[{i}]",
                    code="balance.claim",
                    message=(
                        f"the claim does not balance: billed {claim.billed} - claim and line "
                        f"adjustments {claim.adjusted} = {claim.billed - claim.adjusted}, "
                        f"but paid is {claim.paid}"
                    ),
                )
            )
    plb = sum((p.amount for p in r.provider_adjustments), ZERO)
    if r.paid - plb != r.payment.amount:
        problems.append(
            Problem(
                path="payment.amount",
                code="balance.transaction",
                message=(
                    f"the payment does not balance: claims paid {r.paid} - provider adjustments "
                    f"{plb} = {r.paid - plb}, but the payment is {r.payment.amount}"
                ),
            )
        )
    return tuple(problems)


def oracle_match(known: _Lines, svc: ServicePayment, used: list[int]) -> int | None:
    """The claim line ``svc`` pays: by control number, else the best score, the first of ties."""
    if svc.control_number is not None and svc.control_number in known.by_control:
        used.append(known.by_control[svc.control_number])
        return used[-1]
    billed = svc.billed_procedure
    mine = svc.original_modifiers if svc.original_procedure is not None else svc.modifiers

    def score(n: int) -> tuple[bool, ...]:
        line = known.lines[n]
        theirs = line.modifiers
        return (
            line.procedure == billed,
            theirs == mine,
            set(theirs) == set(mine),
            set(mine) <= set(theirs),
            line.charge == svc.charge,
        )

    candidates = [
        n
        for n, line in enumerate(known.lines)
        if n not in used
        and line.procedure in (billed, svc.procedure)
        and svc.service_date in (None, line.service_date)
    ]
    if not candidates:
        return None
    used.append(max(candidates, key=score))  # max keeps the first of equals
    return used[-1]


class _Oracle(_Posting):
    """Posting with validated entries and the plain line matcher."""

    def _post_claim(self, i: int, cp: ClaimPayment, target: _Target) -> None:
        account = target.account
        patient = self._patient(account)
        other = self.secondary.get(account)
        as_secondary = cp.status.value in ("2", "20")
        to_secondary = cp.status.value in ("1", "19")
        payer = Party.payer(other if other is not None and as_secondary else target.payer_id)
        responsible = Party.payer(other) if other is not None and to_secondary else Party.patient()
        pcn = cp.payer_claim_number
        base = f"{self.source}:{i}:{pcn}"
        common: dict[str, Any] = {
            "posted": self.day,
            "account_number": account,
            "patient_id": patient,
            "source": self.source,
            "payer_claim_number": pcn,
        }

        def adjust(
            key: str, path: str, adjustments: Iterable[Adjustment], line: str | None
        ) -> None:
            for m, adj in enumerate(adjustments):
                if adj.amount == 0:
                    continue
                group = adj.group.value
                if group == "PR":
                    pair = Entry.transfer(
                        id=f"{key}:{m}", posted=self.day, account_number=account,
                        patient_id=patient, source=payer, target=responsible,
                        amount=adj.amount, line=line, group=group, reason=adj.reason,
                        origin=self.source,
                    )  # fmt: skip
                    self.entries += [attrs.evolve(e, payer_claim_number=pcn) for e in pair]
                elif group in ("CO", "PI"):
                    self.entries.append(
                        Entry(id=f"{key}:{m}", kind="adjustment", line=line, party=payer,
                              amount=-adj.amount, group=group, reason=adj.reason, **common)
                    )  # fmt: skip
                elif not (group == "OA" and adj.reason == "23"):
                    self._queue(
                        WorkKind.OTHER_ADJUSTMENT,
                        f"{path}.adjustments[{m}]",
                        cp,
                        (f"{group}-{adj.reason}",),
                        adj.amount,
                        f"{group} adjustment: not written off, left on the payer's balance",
                    )

        known = target.lines() if cp.lines else None
        used: list[int] = []
        for k, svc in enumerate(cp.lines):
            assert known is not None
            n = oracle_match(known, svc, used)
            line = None if n is None else known.ids[n]
            if n is None:
                codes = [f"{a.group.value}-{a.reason}" for a in svc.adjustments]
                self._queue(
                    WorkKind.UNMATCHED_LINE,
                    f"claims[{i}].lines[{k}]",
                    cp,
                    tuple(dict.fromkeys([*codes, *svc.remarks])),
                    svc.paid,
                    f"no line of the claim matches {svc.billed_procedure}: posted on the claim",
                )
            if svc.paid != 0:
                self.entries.append(
                    Entry(id=f"{base}:{k}:p", kind="payment", line=line, party=payer,
                          amount=-svc.paid, **common)
                )  # fmt: skip
            adjust(f"{base}:{k}", f"claims[{i}].lines[{k}]", svc.adjustments, line)
        adjust(f"{base}:c", f"claims[{i}]", cp.adjustments, None)
        rest = cp.paid - sum((svc.paid for svc in cp.lines), ZERO)
        if rest != 0:
            self.entries.append(
                Entry(id=f"{base}:c:p", kind="payment", party=payer, amount=-rest, **common)
            )


def _duplicate(ledger: Ledger) -> PostingResult:
    item = WorkItem(
        kind="duplicate",
        path="payment.trace_number",
        message="this remittance (payer and trace number) was posted before: nothing posted",
    )
    return PostingResult(ledger=ledger, work=[item])


def oracle_post(
    r: Remittance,
    ledger: Ledger,
    open_claims: Sequence[Claim],
    *,
    patient_ids: Mapping[str, str] | None = None,
    secondary: Mapping[str, str] | None = None,
) -> PostingResult:
    problems = oracle_balance(r)
    if problems:
        raise ValidationFailed(problems)
    posting = _Oracle(
        r,
        ledger,
        {c.account_number: c for c in open_claims},
        day=r.payment.date,
        patient_ids=patient_ids or {},
        secondary=secondary or {},
    )
    if any(e.source == posting.source for e in ledger.entries):
        return _duplicate(ledger)
    for i, cp in enumerate(r.claims):
        posting.claim(i, cp)
    provider = [posting.provider(j, plb) for j, plb in enumerate(r.provider_adjustments)]
    entries = tuple(posting.entries)
    ids = [e.id for e in ledger.entries + entries]
    if len(set(ids)) != len(ids):
        return _duplicate(ledger)
    return PostingResult(
        ledger=Ledger(entries=ledger.entries + entries),  # indexes built afresh
        posted=entries,
        work=posting.work,
        matched=posting.matched,
        provider_adjustments=provider,
    )


# -- comparing ----------------------------------------------------------------------

_BY = ("account_number", "line", "patient_id", "party")


def _fields(entries: Iterable[Entry]) -> list[tuple[object, ...]]:
    """Every field, with the amounts' exact digits (equal Decimals may print apart)."""
    return [(*attrs.astuple(e, recurse=False), str(e.amount)) for e in entries]


def _same_ledger(fast: Ledger, slow: Ledger) -> None:
    """The same entries; the fast ledger's indexes (extended in place) agree with plain scans."""
    entries = slow.entries
    assert _fields(fast.entries) == _fields(entries)
    assert all(type(e) is Entry for e in fast.entries)
    for by in _BY:
        key = attrs_key(by)
        totals: dict[object, Decimal] = {}
        for e in entries:
            totals[key(e)] = totals.get(key(e), ZERO) + e.amount
        assert fast.balances(by) == totals
        assert list(fast.balances(by)) == list(totals)  # in the order of their first entry
    for field in ("account_number", "source", "payer_claim_number", "patient_id", "party"):
        for value in {getattr(e, field) for e in entries}:
            found = list(fast.select(**{field: value}))
            assert found == [e for e in entries if getattr(e, field) == value]
    for account in {e.account_number for e in entries}:
        first = next(e.patient_id for e in entries if e.account_number == account)
        assert fast.patient_of(account) == first
    assert all(e.id in fast for e in entries)
    assert "no such id" not in fast


def attrs_key(by: str) -> Callable[[Entry], object]:
    """How ``balances(by)`` keys an entry."""
    if by == "line":
        return lambda e: (e.account_number, e.line)
    return lambda e: getattr(e, by)


def _same(
    r: Remittance,
    ledger: Ledger,
    claims: Sequence[Claim],
    *,
    secondary: Mapping[str, str] | None = None,
    patient_ids: Mapping[str, str] | None = None,
) -> PostingResult | None:
    """Post ``r`` both ways: the same problems (then ``None``), or the same result (the fast one)."""
    problems: tuple[Problem, ...] = ()
    try:
        expected = oracle_post(r, ledger, claims, secondary=secondary, patient_ids=patient_ids)
    except ValidationFailed as error:
        problems = error.problems
    if problems:
        with pytest.raises(ValidationFailed) as caught:
            post(r, ledger, claims, secondary=secondary, patient_ids=patient_ids)
        assert caught.value.problems == problems
        assert balance(r) == problems
        return None
    result = post(r, ledger, claims, secondary=secondary, patient_ids=patient_ids)
    assert type(result) is PostingResult
    assert _fields(result.posted) == _fields(expected.posted)
    assert result.work == expected.work
    assert result.matched == expected.matched
    assert result.provider_adjustments == expected.provider_adjustments
    assert result.duplicate == expected.duplicate
    _same_ledger(result.ledger, expected.ledger)
    return result


# -- Hypothesis inputs ----------------------------------------------------------------

_CENT = Decimal("0.01")


def _stranger(plan: Plan) -> ClaimPayment:
    """The payment of a claim nobody knows (no open claim, no charge, no payer claim number)."""
    return attrs.evolve(plan.payment, account_number="STRANGER", payer_claim_number="")


def _unbalance(r: Remittance, where: int) -> Remittance:
    if where == 0:
        return attrs.evolve(r, payment=attrs.evolve(r.payment, amount=r.payment.amount + _CENT))
    claim = r.claims[0]
    if where == 1 and claim.lines:
        line = attrs.evolve(claim.lines[0], paid=claim.lines[0].paid + _CENT)
        claim = attrs.evolve(claim, lines=[line, *claim.lines[1:]])
    else:
        claim = attrs.evolve(claim, billed=claim.billed + _CENT)
    return attrs.evolve(r, claims=[claim, *r.claims[1:]])


@CAPPED
@given(scenarios(), PLB, st.data())
def test_post_is_the_oracle(
    scenario: tuple[Ledger, list[Plan]], plb: list[tuple[str, Decimal]], data: st.DataObject
) -> None:
    """Pay, then reverse and correct (with strangers, duplicates, secondaries), both ways."""
    ledger, plans_ = scenario
    claims = [p.claim for p in plans_]
    # Some claims only in the ledger (their lines matched by control number).
    open_claims = data.draw(st.lists(st.sampled_from(claims), unique_by=id)) or claims
    accounts = [c.account_number for c in claims]
    secondary = {a: "SEC9" for a in accounts if data.draw(st.booleans(), label="secondary")}
    patients = {a: f"PAT-{a}" for a in accounts if data.draw(st.booleans(), label="patient")}
    strangers = [_stranger(p) for p in plans_[: data.draw(st.integers(0, 1))]]
    first = remittance([*(p.payment for p in plans_), *strangers], plb=plb)
    once = _same(first, ledger, open_claims, secondary=secondary, patient_ids=patients)
    assert once is not None
    again = _same(first, once.ledger, open_claims, secondary=secondary, patient_ids=patients)
    assert again is not None
    assert again.duplicate == bool(once.posted)
    # Reverse some payments (one twice, once with nothing left to reverse) and correct them.
    reversed_ = data.draw(st.lists(st.sampled_from(plans_), max_size=3))
    corrections = [data.draw(plans(p.claim, pcn=f"NEW{n}")) for n, p in enumerate(reversed_)]
    second = remittance(
        itertools.chain.from_iterable(
            (_negated(p.payment), c.payment) for p, c in zip(reversed_, corrections, strict=True)
        ),
        trace="T2",
    )
    _same(second, once.ledger, open_claims, secondary=secondary, patient_ids=patients)
    # Appending to an older ledger of the chain (not its tip) rebuilds its indexes.
    _same(second, ledger, open_claims, secondary=secondary, patient_ids=patients)


@CAPPED
@given(scenarios(), st.integers(0, 2))
def test_unbalanced_remittances_fail_alike(scenario: tuple[Ledger, list[Plan]], where: int) -> None:
    ledger, plans_ = scenario
    r = _unbalance(remittance(p.payment for p in plans_), where)
    assert _same(r, ledger, [p.claim for p in plans_]) is None


@CAPPED
@given(scenarios())
def test_recoded_and_reordered_lines_match_alike(scenario: tuple[Ledger, list[Plan]]) -> None:
    """Every service line sent in reverse order, without control numbers or dates."""
    ledger, plans_ = scenario
    loose = [
        attrs.evolve(
            p.payment,
            lines=[
                attrs.evolve(s, control_number=None, service_date=None)
                for s in reversed(p.payment.lines)
            ],
        )
        for p in plans_
    ]
    _same(remittance(loose), ledger, [p.claim for p in plans_])
