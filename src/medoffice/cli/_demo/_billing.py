"""Demo section 5: the payer's answer, posted, billed to the patient and aged (``billing``).

The story goes on from the claims section: the day's two claims
(:func:`medoffice.cli._sample.claims_file`) are charged to the ledger; three
weeks later the health plan's 835 pays the adult's visit (a contractual
write-off, CO-45, and 20% coinsurance, PR-2) and denies the child's (CO-16,
with remark codes); it is posted, the denial goes to the work queue, and the
same 835 posted again is caught; the plan then reverses and re-pays the
adult's claim; the patient gets a statement; and the office looks at its A/R
30 days later. Every date is fixed (:mod:`medoffice.cli._sample`), never the
clock. Account numbers and patient ids are masked, and the 835's segments
that name the patients are left out.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from medoffice.cli import _sample as sample
from medoffice.cli._claim import load
from medoffice.cli._demo._model import Item, Section, Status
from medoffice.cli._output import mask

if TYPE_CHECKING:
    from medoffice.billing import (
        AgingBucket,
        ClaimPayment,
        Ledger,
        PostingResult,
        Remittance,
        WorkItem,
    )
    from medoffice.claims import Claim

__all__ = [
    "CONTROL_NUMBERS",
    "claims",
    "correction",
    "interchange",
    "ledger",
    "remittance",
    "section",
]

#: The interchange control numbers of the payer's two 835 files.
CONTROL_NUMBERS = (2001, 2002)

_ADULT, _CHILD = "BW-100231", "BW-100245"
_FIRST_ICN, _CHILD_ICN, _SECOND_ICN = "LHP2603100117", "LHP2603100118", "LHP2604020031"


def claims() -> tuple[Claim, ...]:
    """The day's two claims, as sent (the adult's visit, the child's).

    >>> [len(claim.lines) for claim in claims()]
    [2, 3]
    """
    return load(json.dumps(sample.claims_file())).batch.claims


def ledger() -> Ledger:
    """The ledger with the two claims' charges, posted on the day of service.

    >>> ledger().balance()
    Decimal('358.50')
    """
    from medoffice.billing import Ledger, charges  # noqa: PLC0415 - loaded with the section

    entries = [
        entry
        for claim in claims()
        for entry in charges(
            claim,
            posted=sample.DATE_OF_SERVICE,
            patient_id=sample.PATIENT_IDS[claim.account_number],
        )
    ]
    return Ledger().append(*entries)


def _payer_and_payee() -> dict[str, object]:
    from medoffice.billing import Payee, Payer  # noqa: PLC0415
    from medoffice.claims import Address  # noqa: PLC0415

    p = sample.PAYER
    return {
        "payer": Payer(
            name=p.name,
            id=p.id,
            contact_phone=p.phone,
            address=Address(
                line1=p.address_line1, city=p.city, state=p.state, postal_code=p.postal_code
            ),
        ),
        "payee": Payee(
            name="BRIGHTWATER FAMILY MEDICINE PLLC",
            npi=sample.PRACTICE.group_npi_typed,
            tax_id=sample.PRACTICE.ein_typed,
        ),
    }


def _adult_paid(*, allowed: Decimal, icn: str, sign: int = 1) -> ClaimPayment:
    """The adult's claim paid: the visit at ``allowed`` with 20% coinsurance, the draw at 8.00.

    ``sign=-1`` gives its reversal (status 22, every amount negated).
    """
    from medoffice.billing import Adjustment, ClaimPayment, ServicePayment  # noqa: PLC0415

    visit, draw = claims()[0].lines
    coinsurance = (allowed * Decimal("0.20")).quantize(Decimal("0.01"))
    lines = [
        ServicePayment(
            procedure=visit.procedure,
            charge=sign * visit.charge,
            paid=sign * (allowed - coinsurance),
            units=Decimal(1),
            service_date=visit.service_date,
            allowed=allowed,
            adjustments=[
                Adjustment(group="CO", reason="45", amount=sign * (visit.charge - allowed)),
                Adjustment(group="PR", reason="2", amount=sign * coinsurance),
            ],
        ),
        ServicePayment(
            procedure=draw.procedure,
            charge=sign * draw.charge,
            paid=sign * Decimal("8.00"),
            units=Decimal(1),
            service_date=draw.service_date,
            allowed=Decimal("8.00"),
            adjustments=[
                Adjustment(group="CO", reason="45", amount=sign * (draw.charge - Decimal("8.00")))
            ],
        ),
    ]
    return ClaimPayment(
        account_number=_ADULT,
        status="22" if sign < 0 else "1",
        billed=sign * (visit.charge + draw.charge),
        paid=sum((line.paid for line in lines), Decimal(0)),
        patient_responsibility=sign * coinsurance,
        filing_indicator="12",
        payer_claim_number=icn,
        patient_last_name="RIVERA",
        patient_first_name="MARCO",
        member_id="LHP884120377",
        lines=lines,
        statement_start=sample.DATE_OF_SERVICE,
        statement_end=sample.DATE_OF_SERVICE,
    )


def _child_denied() -> ClaimPayment:
    """The child's claim denied: CO-16 on every line, M119 on the drug, MA130 on the claim."""
    from medoffice.billing import Adjustment, ClaimPayment, ServicePayment  # noqa: PLC0415

    child = claims()[1]
    lines = [
        ServicePayment(
            procedure=line.procedure,
            charge=line.charge,
            paid=0,
            units=line.units,
            service_date=line.service_date,
            adjustments=[Adjustment(group="CO", reason="16", amount=line.charge)],
            remarks=("M119",) if line.drug is not None else (),
        )
        for line in child.lines
    ]
    return ClaimPayment(
        account_number=_CHILD,
        status="4",
        billed=child.total,
        paid=0,
        patient_responsibility=0,
        filing_indicator="12",
        payer_claim_number=_CHILD_ICN,
        patient_last_name="NGUYEN",
        patient_first_name="MAI",
        member_id="LHP551903248",
        lines=lines,
        remarks=("MA130",),
        statement_start=sample.DATE_OF_SERVICE,
        statement_end=sample.DATE_OF_SERVICE,
    )


def _remittance(claims: tuple[ClaimPayment, ...], trace: str, *, first: bool) -> Remittance:
    from medoffice.billing import Payment, Remittance  # noqa: PLC0415

    return Remittance(
        payment=Payment(
            amount=sum((c.paid for c in claims), Decimal(0)),
            method="CHK",
            date=sample.REMIT_DATE if first else sample.CORRECTION_DATE,
            trace_number=trace,
            payer_id=sample.PAYER.trace_payer_id,
        ),
        production_date=(sample.REMIT_CREATED if first else sample.CORRECTION_CREATED).date(),
        claims=claims,
        **_payer_and_payee(),  # type: ignore[arg-type]
    )


def remittance() -> Remittance:
    """The plan's first 835, paid by check: the adult's visit paid, the child's denied.

    >>> r = remittance()
    >>> r.payment.amount, [c.status.name for c in r.claims]
    (Decimal('96.00'), ['PRIMARY', 'DENIED'])
    """
    paid = (_adult_paid(allowed=Decimal("110.00"), icn=_FIRST_ICN), _child_denied())
    return _remittance(paid, "70031842", first=True)


def correction() -> Remittance:
    """The plan's second 835: the adult's claim reversed, then paid again at 115.00 allowed.

    >>> r = correction()
    >>> r.payment.amount, [c.status.name for c in r.claims]
    (Decimal('4.00'), ['REVERSAL', 'PRIMARY'])
    """
    paid = (
        _adult_paid(allowed=Decimal("110.00"), icn=_FIRST_ICN, sign=-1),
        _adult_paid(allowed=Decimal("115.00"), icn=_SECOND_ICN),
    )
    return _remittance(paid, "70034415", first=False)


def interchange(which: Remittance, *, line_breaks: bool = False) -> str:
    """The first or the second remittance as the payer's 835 file, at its fixed creation time.

    >>> interchange(remittance())[:3]
    'ISA'
    """
    from medoffice.billing import build_835  # noqa: PLC0415

    first = which.payment.date == sample.REMIT_DATE
    return build_835(
        [which],
        sender_id=sample.PAYER.id,
        receiver_id="BWFM01",
        control_number=CONTROL_NUMBERS[0 if first else 1],
        created=sample.REMIT_CREATED if first else sample.CORRECTION_CREATED,
        line_breaks=line_breaks,
    )


# -- showing things -------------------------------------------------------------------------


def _money(value: Decimal) -> str:
    return f"{value:,.2f}"


def _segments(text: str) -> list[str]:
    return [s for s in text.replace("\n", "").split("~") if s]


def _shown_segment(segment: str) -> str:
    """A segment of the 835 as shown: the account number in CLP01 masked."""
    if segment.startswith("CLP*"):
        _, account, rest = segment.split("*", 2)
        return f"CLP*{mask(account)}*{rest}"
    return segment


def _work_line(item: WorkItem) -> str:
    codes = " ".join(item.codes)
    return (
        f"{item.kind.value} {item.path} {mask(item.account_number)}: {codes}, {_money(item.amount)}"
    )


def _balances(ledger: Ledger) -> list[str]:
    from medoffice.billing import Party  # noqa: PLC0415

    lines = []
    for account, patient in sample.PATIENT_IDS.items():
        plan = ledger.balance(account_number=account, party=Party.payer(sample.PAYER.id))
        own = ledger.balance(account_number=account, party=Party.patient())
        lines.append(
            f"claim {mask(account)} (patient {mask(patient)}): the plan owes {_money(plan)}, "
            f"the patient {_money(own)}"
        )
    return lines


def _totals(entries: Iterable[object]) -> dict[str, Decimal]:
    from medoffice.cli._remit import posting_totals  # noqa: PLC0415

    return posting_totals(list(entries))  # type: ignore[arg-type]


# -- the items -------------------------------------------------------------------------------


def _charges_item(book: Ledger) -> Item:
    from medoffice.billing import line_ids  # noqa: PLC0415

    says = []
    for claim in claims():
        codes = ", ".join(
            f"{line_id} {line.procedure} {_money(line.charge)}"
            for line_id, line in zip(line_ids(claim), claim.lines, strict=True)
        )
        says.append(f"claim {mask(claim.account_number)}: {codes}")
    says.append(f"{len(book)} charge entries, owed by {sample.PAYER.id}: {_money(book.balance())}")
    return Item(
        label="The day's two claims are charged to the ledger",
        typed=f"charges(claim, posted={sample.DATE_OF_SERVICE}, patient_id=...) for each claim",
        says="\n".join(says),
        why="The ledger is append-only: every balance (of a claim, a line, a patient, "
        "a payer) is a sum of its entries, never a number stored beside them, so it "
        "cannot drift. The lines had no control number on the 837P, so they are known "
        "by their position (#1, #2 ...).",
        status=Status.OK,
    )


def _arrival_item(text: str, which: Remittance) -> Item:
    from medoffice.billing import balance, parse_835  # noqa: PLC0415

    segments = _segments(text)
    wanted = ("BPR", "TRN", "CLP", "CAS", "SVC", "AMT", "LQ", "MOA", "SE")
    shown = [_shown_segment(s) for s in segments if s.split("*", 1)[0] in wanted]
    back = parse_835(text)
    problems = balance(back[0])
    adult = which.claims[0]
    return Item(
        label="Three weeks later, the plan's answer: an 835 remittance",
        typed=(
            f"build_835(the plan's adjudication, sender {sample.PAYER.id}, receiver BWFM01, "
            f"control number {CONTROL_NUMBERS[0]}), then parse_835 and balance"
        ),
        says="\n".join(
            [
                *shown,
                f"{len(segments)} segments; read back equal to what was sent: {back == (which,)}",
                f"balancing: {len(problems)} problems",
                (
                    f"line: {_money(adult.lines[0].charge)} - "
                    f"{_money(adult.lines[0].adjusted)} = {_money(adult.lines[0].paid)}; "
                    f"claim: {_money(adult.billed)} - {_money(adult.adjusted)} = "
                    f"{_money(adult.paid)}; payment: {_money(which.paid)} = "
                    f"{_money(which.payment.amount)}"
                ),
            ]
        ),
        why="The 835 says what happened to every dollar: CAS*CO*45 is the contractual "
        "write-off down to the allowed amount, CAS*PR*2 the 20% coinsurance the patient "
        "owes. Before posting, the three balancing equations must hold (line, claim, "
        "payment), or the 835 is refused with the failing CLP or SVC.",
        status=Status.OK if not problems and back == (which,) else Status.REFUSED,
    )


def _posting_item(result: PostingResult) -> Item:
    totals = _totals(result.posted)
    return Item(
        label="Posting the 835 to the ledger",
        typed=f"post(remittance, ledger, open claims)  # posted {sample.REMIT_DATE}",
        says="\n".join(
            [
                f"matched {result.matched} of 2 claims; {len(result.posted)} entries",
                (
                    f"paid {_money(totals['paid'])}, written off "
                    f"{_money(totals['written_off'])} (CO-45), moved to the patient "
                    f"{_money(totals['to_patient'])} (PR-2)"
                ),
                "lines matched by procedure and date of service (no REF*6R on the 835)",
                *_balances(result.ledger),
            ]
        ),
        why="Each line keeps charge = paid + adjustments exactly, in Decimal. CO is "
        "written off and never billed to the patient; PR moves from the plan to the "
        "patient (or to a secondary payer). The 835 did not echo line control numbers, "
        "so the lines are matched by procedure and date, tolerating dropped modifiers.",
        status=Status.OK,
    )


def _denial_item(result: PostingResult) -> Item:
    denied = [item for item in result.work if item.kind.value == "denied"]
    return Item(
        label="The child's claim was denied: it goes to the work queue",
        typed="PostingResult.work",
        says="\n".join(
            [
                *(_work_line(item) for item in result.work),
                (
                    "CO-16: the claim lacks information or has a billing error; "
                    "MA130: unprocessable, no appeal rights, correct and send again; "
                    "M119: missing, incomplete or invalid NDC"
                ),
                "nothing posted for it: the plan still owes the whole charge",
            ]
        ),
        why="A denial is not a write-off: posting it as one loses the money (OpenEMR "
        "#7186). The payer could not read the drug line's NDC (the sample's labeler is "
        "invented), so the biller fixes the NDC and sends a new claim; the remark codes "
        "say exactly that.",
        status=Status.FLAGGED if denied else Status.OK,
    )


def _twice_item(result: PostingResult, before: Ledger) -> Item:
    return Item(
        label="The same 835 arrives again (the clearinghouse resent it)",
        typed="post(the same remittance, the posted ledger, open claims)",
        says="\n".join(
            [
                *(f"{item.kind.value}: {item.message}" for item in result.work),
                (
                    f"entries posted: {len(result.posted)}; ledger unchanged: "
                    f"{result.ledger == before}"
                ),
            ]
        ),
        why="Each posted entry's id comes from the payer, the trace number (TRN) and "
        "the claim's place in the 835, so posting the same remittance twice is caught "
        "instead of paying the claim twice on the books.",
        status=Status.REFUSED if result.duplicate else Status.OK,
    )


def _correction_item(result: PostingResult, alone: Ledger, which: Remittance) -> Item:
    totals = _totals(result.posted)
    same = all(
        result.ledger.balance(account_number=account) == alone.balance(account_number=account)
        for account in sample.PATIENT_IDS
    )
    reversals = sum(1 for e in result.posted if e.kind.value == "reversal")
    return Item(
        label="Two weeks on, the plan corrects the adult's claim: a reversal, then a new payment",
        typed=(
            f"post(the correction, ...)  # claim {_FIRST_ICN} reversed (CLP02 22), "
            f"paid again as {_SECOND_ICN} at 115.00 allowed; payment {_money(which.payment.amount)}"
        ),
        says="\n".join(
            [
                f"{reversals} reversal entries undo the first posting",
                (
                    f"then paid {_money(totals['paid'])}, written off "
                    f"{_money(totals['written_off'])}, moved to the patient "
                    f"{_money(totals['to_patient'])}"
                ),
                *_balances(result.ledger),
                f"the same balances as posting the correction alone: {same}",
            ]
        ),
        why="A payer corrects a claim by reversing it (negative amounts, status 22) "
        "and paying it again under a new claim number. The reversal undoes exactly "
        "what was posted, so the result is as if only the correct answer had come.",
        status=Status.OK if same else Status.REFUSED,
    )


def _buckets(buckets: Iterable[AgingBucket]) -> str:
    return ", ".join(f"{b.label} {_money(b.amount)}" for b in buckets)


def _statement_item(book: Ledger) -> Item:
    from medoffice.billing import StatementPolicy, statement  # noqa: PLC0415

    patient = sample.PATIENT_IDS[_ADULT]
    found = statement(
        book,
        patient_id=patient,
        as_of=sample.STATEMENT_DATE,
        practice=[sample.PRACTICE.name, "200 HARBOR ST, BRIGHTWATER NY 12345-6789"],
        policy=StatementPolicy(message="Questions? Call the billing office at 518-555-0100."),
    )
    own = [row for row in found.lines if row.patient]
    text = found.text()
    return Item(
        label="The adult patient's statement",
        typed=f"statement(ledger, patient_id=..., as_of={sample.STATEMENT_DATE}).text()",
        says="\n".join(
            [
                (
                    f"statement of {found.as_of} for patient {mask(patient)}: "
                    f"{len(text.splitlines())} lines of text, 78 columns"
                ),
                f"activity: {len(found.lines)} lines, {len(own)} of them the patient's:",
                *(
                    f"  {row.posted} {mask(row.account_number)} {row.description} "
                    f"{_money(row.amount)}"
                    for row in own
                ),
                (
                    f"previous balance {_money(found.previous_balance)}; new charges "
                    f"{_money(found.new_charges)}; adjustments {_money(found.adjustments)}; "
                    f"payments {_money(found.patient_payments)}"
                ),
                f"insurance paid {_money(found.insurance_payments)} in the period",
                next(line for line in text.splitlines() if line.startswith("AMOUNT DUE")),
                f"by age: {_buckets(found.aging)}",
            ]
        ),
        why="The statement lists the plan's payments and write-offs for information, "
        "and bills only what is the patient's: the coinsurance of the corrected "
        "payment, not the first one. Amount due = previous balance + new charges - "
        "adjustments - payments, exactly; .html() gives the same statement with every "
        "text escaped.",
        status=Status.OK,
    )


def _aging_item(book: Ledger) -> Item:
    from medoffice.billing import PartyKind, aging  # noqa: PLC0415
    from medoffice.cli._ar import days_in_ar_or_none  # noqa: PLC0415

    report = aging(book, as_of=sample.AGING_DATE)
    rows = [
        (
            f"patient {mask(row.patient_id)}"
            if row.party.kind is PartyKind.PATIENT
            else f"payer {row.party.id}",
            row,
        )
        for row in report.rows
    ]
    return Item(
        label="A/R aging, 30 days after the statements",
        typed=f"aging(ledger, as_of={sample.AGING_DATE})  # medoffice ar aging",
        says="\n".join(
            [
                *(
                    f"{name}: {_buckets(b for b in row.buckets if b.amount)}; "
                    f"total {_money(row.total)}"
                    for name, row in rows
                ),
                f"total: {_buckets(report.buckets)}; {_money(report.total)}",
                f"days in A/R (90 days): {days_in_ar_or_none(book, sample.AGING_DATE)}",
            ]
        ),
        why="The denied claim, not yet sent again, is 67 days old and still the "
        "plan's: aging by payer shows it before it passes the plan's filing limit. "
        "The patient's coinsurance ages beside it, under the patient's masked id.",
        status=Status.FLAGGED if report.total else Status.OK,
    )


def _post_all(book: Ledger, remittances: Sequence[Remittance]) -> Ledger:
    from medoffice.billing import post  # noqa: PLC0415

    for which in remittances:
        book = post(which, book, claims()).ledger
    return book


def section() -> Section:
    """The billing section: the 835 read, balanced and posted; the statement; A/R aging.

    >>> s = section()
    >>> s.key, s.summary()
    ('billing', '5 ok, 2 flagged, 1 refused')
    """
    from medoffice.billing import post  # noqa: PLC0415

    charged = ledger()
    first, second = remittance(), correction()
    posted = post(first, charged, claims())
    again = post(first, posted.ledger, claims())
    corrected = post(second, posted.ledger, claims())
    # The correction alone: its reversal has nothing to undo, only the new payment posts.
    alone = _post_all(charged, [_without_reversals(second)])
    items = (
        _charges_item(charged),
        _arrival_item(interchange(first), first),
        _posting_item(posted),
        _denial_item(posted),
        _twice_item(again, posted.ledger),
        _correction_item(corrected, alone, second),
        _statement_item(corrected.ledger),
        _aging_item(corrected.ledger),
    )
    return Section(
        key="billing",
        title="Billing: the payer's answer",
        intro=f"{sample.REMIT_DATE:%A, %d %B %Y}: the health plan's 835 remittance for "
        "the claims of 2 March arrives. It is balanced and posted to the ledger: the "
        "payment, the contractual write-off and the patient's coinsurance; the denial "
        "goes to the work queue. A correction follows, then the patient's statement and, "
        "a month later, the office's A/R aging.",
        items=items,
    )


def _without_reversals(which: Remittance) -> Remittance:
    """``which`` without its reversals, the payment reduced to match (for comparisons)."""
    import attrs  # noqa: PLC0415

    kept = tuple(c for c in which.claims if not c.is_reversal)
    return attrs.evolve(
        which,
        claims=kept,
        payment=attrs.evolve(which.payment, amount=sum((c.paid for c in kept), Decimal(0))),
    )
