"""parse_837p: the reference sample, 837P files from other systems, errors and junk.

The files in ``golden_read/`` are hand-written 837P interchanges "from other
systems": the claims reference sample, a secondary claim with other-payer
loops (2320/2330), paperwork, contract and adjudication segments, a file with
two functional groups and three transactions written with ``|``, ``>`` and
CRLF line breaks, and a file full of quirks (ICD-9 qualifiers, a contradictory
hierarchy, segments the model does not hold). All but the last validate with
zero errors under pyx12.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from medoffice.claims import (
    Accident,
    Address,
    Batch,
    Claim,
    ClaimDates,
    Drug,
    Patient,
    Payer,
    Provider,
    ServiceLine,
    Sex,
    Subscriber,
    build_837p,
)
from medoffice.claims._model import (
    LineAdjudication,
    OtherPayer,
    OtherSubscriber,
    PayerAdjustment,
)
from medoffice.claims._read import _Fields, parse_837p
from medoffice.claims.examples import dependent_visit, office_visit, receiver, submitter
from medoffice.exceptions import ParseError, Severity
from medoffice.strategies import valid_batches
from medoffice.x12 import Segment
from tests.pyx12_judge import pyx12_errors

GOLDEN = Path(__file__).parent / "golden_read"


def _golden(name: str) -> str:
    with (GOLDEN / name).open(encoding="ascii", newline="") as f:
        return f.read()


SAMPLE = _golden("reference_sample.x12")
COB = _golden("secondary_cob.x12")
MULTI = _golden("multi_group_pipes.x12")
QUIRKS = _golden("quirks.x12")

#: The sample's envelope, and its body (BHT ... the last DTP) one segment a line.
_LINES = SAMPLE.splitlines()
_HEAD, _BODY = _LINES[:3], _LINES[3:-3]


def _wrap(body: list[str], head: list[str] = _HEAD) -> str:
    """The sample's envelope around ``body``, with the SE count recomputed."""
    return "\n".join([*head, *body, f"SE*{len(body) + 2}*0001~", "GE*1*1~", "IEA*1*000000001~"])


def _replace(old: str, new: str | None) -> str:
    """The sample with the body segment ``old`` replaced (or removed when ``new`` is None)."""
    assert old in _BODY, old
    body = [] if new is None else [new]
    i = _BODY.index(old)
    return _wrap([*_BODY[:i], *body, *_BODY[i + 1 :]])


def _messages(batch: Batch) -> list[str]:
    assert batch.header is not None
    return [str(p) for p in batch.header.warnings]


# -- the reference sample ------------------------------------------------------------------


def test_reference_sample_is_the_office_visit_example() -> None:
    batch = parse_837p(SAMPLE)
    (claim,) = batch.claims
    expected = office_visit()
    # Field by field, so a failure names the field. The sample (claims.md §3)
    # is exactly examples.office_visit(): nothing differs at the claim level.
    for field in attrs.fields(Claim):
        assert getattr(claim, field.name) == getattr(expected, field.name), field.name
    assert claim == expected
    assert batch == Batch(claims=(expected,))
    # CLM02 150 equals the line sum, so the claim keeps total_charge None and
    # the amounts come back as Decimals equal in value.
    assert claim.total_charge is None
    assert claim.total == Decimal("150.00")


def test_reference_sample_header() -> None:
    header = parse_837p(SAMPLE).header
    assert header is not None
    # The submitter comes from loop 1000A (NM109 TGJ23), not from ISA06
    # (SENDERID): the two differ in the sample. The qualifiers come from ISA05/07.
    assert (header.sender.id, header.sender.name, header.sender.qualifier) == (
        "TGJ23",
        "SMITH FAMILY PRACTICE",
        "ZZ",
    )
    assert (header.sender.contact_name, header.sender.phone, header.sender.email) == (
        "JANE BILLER",
        "2175551234",
        None,
    )
    assert (header.receiver.id, header.receiver.name) == ("66783JJT", "ACME CLEARINGHOUSE")
    assert header.control_number == 1
    assert header.created == dt.datetime(2024, 1, 15, 12, 0, tzinfo=dt.UTC)
    assert header.usage.value == "T"
    assert header.warnings == ()


@pytest.mark.parametrize(
    "name", ["reference_sample.x12", "secondary_cob.x12", "multi_group_pipes.x12"]
)
def test_golden_files_are_valid_837p(name: str) -> None:
    # The files "from other systems" are real 837P: pyx12 finds nothing wrong.
    assert pyx12_errors(_golden(name)) == []


def test_quirks_file_is_not_valid_837p_on_purpose() -> None:
    # DMG without sex in 2010CA and an EIN (NM108 24) on a rendering provider.
    assert pyx12_errors(QUIRKS) != []


# -- files from other systems ----------------------------------------------------------------

_RIVERSIDE_CA = {"city": "RIVERSIDE", "state": "CA", "postal_code": "92501"}


def _cob_claim() -> Claim:
    return Claim(
        account_number="RMG20240001",
        billing=Provider(
            npi="1987654328",
            entity="2",
            name="RIVERSIDE MEDICAL GROUP",
            taxonomy="207R00000X",
            tax_id="951234567",
            address=Address(
                line1="100 RIVER RD",
                line2="SUITE 200",
                city="RIVERSIDE",
                state="CA",
                postal_code="925011234",
            ),
        ),
        pay_to=Address(line1="PO BOX 999", city="RIVERSIDE", state="CA", postal_code="925020999"),
        payer=Payer(name="SECOND PAYER INC", id="SP001"),
        subscriber=Subscriber(
            last_name="GARCIA",
            first_name="MARIA",
            middle_name="L",
            member_id="MEM55501",
            birth_date=dt.date(1975, 4, 20),
            sex="F",
            address=Address(line1="12 ELM ST", **_RIVERSIDE_CA),
            group_number="GRP778",
            responsibility="S",
            filing_indicator="CI",
        ),
        frequency="7",
        original_claim_number="PAYERCLM123456",
        accident=Accident(causes=("EM", "AA"), state="CA", date=dt.date(2024, 2, 9)),
        prior_authorization="AUTH998877",
        medical_record_number="MRN0042",
        dates=ClaimDates(
            onset=dt.date(2024, 2, 10),
            disability_start=dt.date(2024, 2, 12),
            disability_end=dt.date(2024, 2, 20),
        ),
        note="PATIENT SEEN AFTER FALL",
        diagnoses=("S8290XA", "W010XXA", "M25561"),
        patient_paid=Decimal(20),
        referring=Provider(npi="1555555550", name="KIM", first_name="DAVID"),
        rendering=Provider(
            npi="1765432103",
            name="PATEL",
            first_name="ANIL",
            middle_name="R",
            taxonomy="207X00000X",
        ),
        facility=Provider(
            entity="2",
            name="RIVERSIDE URGENT CARE",
            address=Address(line1="300 MAIN ST", **_RIVERSIDE_CA),
        ),
        other_payers=(
            OtherPayer(
                payer=Payer(name="MEDICARE", id="MEDICARE01"),
                subscriber=OtherSubscriber(
                    last_name="GARCIA",
                    first_name="MARIA",
                    middle_name="L",
                    member_id="1EG4TE5MK72",
                    address=Address(line1="12 ELM ST", **_RIVERSIDE_CA),
                    group_number="GRP1122",
                ),
                responsibility="P",
                relationship="18",
                filing_indicator="MB",
                adjustments=(PayerAdjustment(group="PR", reason="1", amount=50),),
                paid=Decimal("120.5"),
                adjudicated=dt.date(2024, 2, 25),
            ),
        ),
        lines=(
            ServiceLine(
                procedure="99214",
                modifiers=("25",),
                charge=Decimal(175),
                service_date=dt.date(2024, 2, 12),
                pointers=(1, 2, 3),
                control_number="RMGLINE1",
                adjudications=(
                    LineAdjudication(
                        payer_id="MEDICARE01",
                        paid=Decimal("120.5"),
                        procedure="99214",
                        modifiers=("25",),
                        adjustments=(PayerAdjustment(group="CO", reason="45", amount="54.5"),),
                        adjudicated=dt.date(2024, 2, 25),
                    ),
                ),
            ),
            ServiceLine(
                procedure="73610",
                modifiers=("RT", "59"),
                charge=Decimal("70.75"),
                service_date=dt.date(2024, 2, 12),
                service_end=dt.date(2024, 2, 12),  # RD8 with equal dates stays a range
            ),
        ),
    )


def test_secondary_claim_with_other_payer_loops() -> None:
    batch = parse_837p(COB)
    assert batch.claims == (_cob_claim(),)
    assert batch.header is not None
    sender = batch.header.sender
    # PER*IC with TE, FX and EM: the phone and the e-mail are kept, the fax is not held.
    assert (sender.id, sender.phone, sender.email) == (
        "RMG001",
        "5555550100",
        "BILLING@EXAMPLE.ORG",
    )
    assert batch.header.created == dt.datetime(2024, 3, 1, 8, 15, 30, tzinfo=dt.UTC)
    assert (batch.header.control_number, batch.header.usage.value) == (452, "P")
    skipped = "is not held by the claim model; skipped [x12.837p.skipped]"
    assert _messages(batch) == [
        f"segment 14 (PER, contact information) {skipped}",
        f"segment 25 (REF, reference identifier) {skipped}",
        f"claims[0]: segment 30 (PWK, supplemental information (paperwork)) {skipped}",
        f"claims[0]: segment 31 (CN1, contract information) {skipped}",
        f"claims[0]: segment 36 (K3, file information) {skipped}",
        f"claims[0]: segment 42 (REF, reference identifier) {skipped}",
        "claims[0]: loop 2310D (supervising provider) in segment 46, starting with NM1, " + skipped,
        f"claims[0].lines[0]: segment 60 (NTE, note) {skipped}",
        "claims[0].lines[1]: loop 2420E (ordering provider) in segments 67-69, starting with "
        "NM1, " + skipped,
    ]
    assert all(p.severity is Severity.WARNING for p in batch.header.warnings)


def test_multiple_groups_and_transactions_with_other_delimiters() -> None:
    batch = parse_837p(MULTI)
    # Three claims from three transactions (two in the first GS, one in the second), in order.
    assert [c.account_number for c in batch.claims] == ["NCA1", "NCB9", "NCC3"]
    first, second, third = batch.claims
    # A dependent (2000C) with a foreign address (N404), a facility with an NPI,
    # a line place of service and emergency, a NOC drug line with a description,
    # an NDC, a prescription number and a line rendering provider, and minutes.
    assert first.billing == Provider(
        npi="1346798527",
        name="NORTH",
        first_name="ALEX",
        middle_name="J",
        suffix="MD",
        tax_id="123456789",
        tax_id_kind="SY",
        address=Address(line1="9 NORTH ST", city="BOSTON", state="MA", postal_code="021151234"),
    )
    abroad = Address(
        line1="1 HARBOR RD", city="VANCOUVER", state="BC", postal_code="V6B1A1", country="CA"
    )
    assert first.subscriber == Subscriber(
        last_name="CHEN",
        first_name="WEI",
        member_id="BCBS777",
        address=abroad,
        group_number="GRP9",
        filing_indicator="BL",
    )
    assert first.patient == Patient(
        last_name="CHEN",
        first_name="LI",
        birth_date=dt.date(2019, 9, 7),
        sex="F",
        address=abroad,
        relationship="19",
    )
    assert first.payer.address == Address(
        line1="PO BOX 1", city="CHICAGO", state="IL", postal_code="60601"
    )
    assert (first.place_of_service, first.provider_signature, first.assignment.value) == (
        "22",
        False,
        "C",
    )
    assert (first.benefits_assigned.value, first.release_of_information.value) == ("N", "I")
    assert first.dates == ClaimDates(
        initial_treatment=dt.date(2024, 4, 1), last_seen=dt.date(2024, 3, 15)
    )
    assert first.referral_number == "REF445"
    assert first.facility is not None
    assert first.facility.npi == "1122334455"
    er, drug, therapy = first.lines
    assert (er.procedure, er.modifiers, er.place_of_service, er.emergency) == (
        "99283",
        ("25",),
        "23",
        True,
    )
    assert (drug.procedure, drug.modifiers, drug.description) == ("J3490", (), "UNLISTED DRUG")
    assert drug.drug == Drug(
        ndc="00409733201", quantity="2.5", unit="ML", prescription_number="RX12345"
    )
    assert drug.rendering == Provider(
        npi="1245319599", name="ROSS", first_name="JANE", taxonomy="207P00000X"
    )
    assert (therapy.unit.value, therapy.units) == ("MJ", Decimal(15))
    # A void with the payer's claim number and an auto accident in NY (CLM11 AA:::NY).
    assert (second.frequency.value, second.original_claim_number) == ("8", "ORIG0099")
    assert second.accident == Accident(causes=("AA",), state="NY", date=dt.date(2024, 3, 20))
    assert (second.subscriber.suffix, second.subscriber.group_number) == ("JR", None)
    assert (second.assignment.value, second.benefits_assigned.value) == ("B", "W")
    assert second.lines[0].pointers == (1, 2)
    # An inpatient visit with admission and discharge dates, a referring
    # provider and an RD8 date range.
    assert third.dates == ClaimDates(admission=dt.date(2024, 4, 2), discharge=dt.date(2024, 4, 5))
    assert third.referring == Provider(npi="1987654328", name="WONG", first_name="KAREN")
    assert (third.lines[0].service_date, third.lines[0].service_end) == (
        dt.date(2024, 4, 2),
        dt.date(2024, 4, 5),
    )
    # The header is the first transaction's.
    assert batch.header is not None
    assert batch.header.sender.email == "ANN@NORTH.EXAMPLE"
    assert batch.header.created == dt.datetime(2024, 4, 5, 10, 30, tzinfo=dt.UTC)
    assert batch.header.warnings == ()


def test_quirks_are_read_with_warnings() -> None:
    batch = parse_837p(QUIRKS)
    spouse, own = batch.claims
    assert spouse.patient is not None
    assert (spouse.patient.relationship.value, spouse.patient.sex) == ("01", None)
    assert spouse.patient.birth_date == dt.date(1988, 3, 3)
    assert spouse.diagnoses == ("2500",)
    assert spouse.rendering == Provider(name="BLACK", first_name="TOM")  # NM108 24: no NPI
    assert spouse.lines[0].procedure == "ZZ123"
    assert own.patient is None
    assert own.subscriber.member_id == "QZM0002"
    skipped = "is not held by the claim model; skipped [x12.837p.skipped]"
    assert _messages(batch) == [
        f"segment 7 (PER, a second submitter contact) {skipped}",
        f"segment 11 (CUR, foreign currency information) {skipped}",
        f"segment 16 (REF, reference identifier) {skipped}",
        f"loop 2010AC (pay-to plan) in segments 17-20, starting with NM1, {skipped}",
        f"segment 23 (PAT, patient information of a subscriber who is the patient) {skipped}",
        f"segment 28 (REF, reference identifier) {skipped}",
        f"segment 30 (REF, reference identifier) {skipped}",
        (
            "segment 31 (HL) is a patient level under a subscriber whose SBR02 is 18 (self); its "
            "claims are read as the patient's [x12.837p.inconsistent]"
        ),
        f"claims[0]: segment 38 (DTP, date) {skipped}",
        f"claims[0]: segment 39 (CRC, condition information) {skipped}",
        (
            "claims[0]: segment 40 (HI) has ICD-9-CM qualifiers (BK, BF); the codes are read as "
            "diagnoses, which the model takes for ICD-10-CM [x12.837p.lossy]"
        ),
        f"claims[0]: segment 41 (HI, other health care information) {skipped}",
        f"claims[0]: segment 42 (HCP, pricing/repricing information) {skipped}",
        (
            "claims[0]: segment 43 (NM1): NM108 is not XX, so the provider is read without its "
            "identifier [x12.837p.lossy]"
        ),
        (
            "claims[0].lines[0]: segment 45 (SV1): SV101-1 is not HC, so the procedure code is read "
            "as a CPT/HCPCS code [x12.837p.lossy]"
        ),
        f"claims[0].lines[0]: segment 47 (DTP, date) {skipped}",
        f"claims[0].lines[0]: segment 48 (MEA, test result) {skipped}",
        f"claims[0].lines[0]: segment 49 (REF, reference identifier) {skipped}",
        f"claims[0].lines[0]: segment 50 (AMT, amount) {skipped}",
        f"claims[0].lines[0]: segment 51 (NTE, note) {skipped}",
        f"claims[0].lines[0]: segment 52 (PS1, purchased service information) {skipped}",
        (
            "claims[0].lines[0]: loop 2420B (purchased service provider) in segment 53, starting "
            f"with NM1, {skipped}"
        ),
        (
            "claims[0].lines[0]: loop 2440 (form identification) in segments 54-55, starting with "
            f"LQ, {skipped}"
        ),
        (
            "claims[1]: the claims under segment 56 (HL, a subscriber level) are read as the "
            "subscriber's own, but SBR02 is not 18 (self) [x12.837p.inconsistent]"
        ),
    ]


_DELIMITER_CHARS = "*:^~|>!#$%&+{}"


@given(
    chars=st.permutations(_DELIMITER_CHARS).map(lambda p: p[:4]),
    breaks=st.sampled_from(["", "\n", "\r\n"]),
)
def test_any_delimiters_and_line_breaks_read_the_same(chars: list[str], breaks: str) -> None:
    es, cs, rs, term = chars
    table = str.maketrans({"*": es, ":": cs, "^": rs, "~": term})
    text = breaks.join(line.translate(table) for line in SAMPLE.splitlines()) + breaks
    assert parse_837p(text) == parse_837p(SAMPLE)


# -- variants the builder never writes, made from the sample ---------------------------------


def test_total_charge_is_kept_when_it_differs_from_the_lines() -> None:
    # A foreign file may carry a total that does not add up; the reader keeps
    # it (the scrubber reports it).
    (claim,) = parse_837p(
        _replace("CLM*PATACCT001*150***11:B:1*Y*A*Y*Y~", "CLM*PATACCT001*151.00***11:B:1*Y*A*Y*Y~")
    ).claims
    assert claim.total_charge == Decimal(151)


def test_modifiers_description_and_dates() -> None:
    text = _replace(
        "SV1*HC:99213*125*UN*1***1:2~", "SV1*HC:99213:25:GT:59:XU:OFFICE VISIT*125*UN*1***2::1~"
    )
    line = parse_837p(text).claims[0].lines[0]
    assert (line.modifiers, line.description, line.pointers) == (
        ("25", "GT", "59", "XU"),
        "OFFICE VISIT",
        (2, 1),
    )


def test_a_demographics_segment_without_a_birth_date() -> None:
    (claim,) = parse_837p(_replace("DMG*D8*19800115*M~", "DMG***M~")).claims
    assert (claim.subscriber.birth_date, claim.subscriber.sex) == (None, Sex.MALE)


def test_drug_line_with_a_link_sequence_number() -> None:
    body = list(_BODY)
    at = len(body)
    body[at:at] = ["LIN**N4*00409733201~", "CTP****1.5*ML~", "REF*VY*1~", "REF*XZ*RX1~"]
    batch = parse_837p(_wrap(body))
    assert batch.claims[0].lines[1].drug == Drug(
        ndc="00409733201", quantity="1.5", unit="ML", prescription_number="RX1"
    )
    assert _messages(batch) == [
        (
            "claims[0].lines[1]: segment 31 (REF, reference identifier) is not held by the claim "
            "model; skipped [x12.837p.skipped]"
        )
    ]


def test_disability_dates_one_at_a_time() -> None:
    body = list(_BODY)
    at = body.index("HI*ABK:E119*ABF:I10~")
    body[at:at] = ["DTP*360*D8*20240101~", "DTP*297*D8*20231231~", "DTP*296*D8*20240201~"]
    (claim,) = parse_837p(_wrap(body)).claims
    assert claim.dates == ClaimDates(
        disability_start=dt.date(2024, 1, 1),
        last_worked=dt.date(2023, 12, 31),
        return_to_work=dt.date(2024, 2, 1),
    )
    body[at] = "DTP*314*D8*20240102~"  # 314 with a single date: the start
    (claim,) = parse_837p(_wrap(body[:at] + body[at:])).claims
    assert claim.dates.disability_start == dt.date(2024, 1, 2)


def test_accident_date_without_clm11() -> None:
    body = list(_BODY)
    body.insert(body.index("HI*ABK:E119*ABF:I10~"), "DTP*439*D8*20240105~")
    (claim,) = parse_837p(_wrap(body)).claims
    assert claim.accident == Accident(causes=(), date=dt.date(2024, 1, 5))


def test_two_per_and_a_second_ref_for_the_tax_id() -> None:
    body = list(_BODY)
    body.insert(body.index("REF*EI*371234567~") + 1, "REF*SY*123456789~")
    batch = parse_837p(_wrap(body))
    assert batch.claims[0].billing.tax_id == "371234567"
    assert _messages(batch) == [
        (
            "segment 14 (REF, reference identifier) is not held by the claim model; skipped "
            "[x12.837p.skipped]"
        )
    ]


def test_bht_time_with_seconds_and_hundredths() -> None:
    text = _replace("BHT*0019*00*0123*20240115*1200*CH~", "BHT*0019*18*0123*20240115*12003045*CH~")
    header = parse_837p(text).header
    assert header is not None
    assert header.created == dt.datetime(2024, 1, 15, 12, 0, 30, tzinfo=dt.UTC)


def test_pay_to_and_payer_address() -> None:
    body = list(_BODY)
    at = body.index("REF*EI*371234567~") + 1
    body[at:at] = ["NM1*87*2~", "N3*PO BOX 5~", "N4*SPRINGFIELD*IL*627050005~"]
    at = body.index("NM1*PR*2*ACME HEALTH PLAN*****PI*12345~") + 1
    body[at:at] = ["N3*1 PLAN WAY~", "N4*HARTFORD*CT*06101~"]
    (claim,) = parse_837p(_wrap(body)).claims
    assert claim.pay_to == Address(
        line1="PO BOX 5", city="SPRINGFIELD", state="IL", postal_code="627050005"
    )
    assert claim.payer.address == Address(
        line1="1 PLAN WAY", city="HARTFORD", state="CT", postal_code="06101"
    )


def test_several_claims_under_one_subscriber_and_lines_with_everything() -> None:
    body = list(_BODY)
    claim = body[body.index("CLM*PATACCT001*150***11:B:1*Y*A*Y*Y~") :]
    second = [s.replace("PATACCT001", "PATACCT009") for s in claim]
    batch = parse_837p(_wrap(body + second))
    assert [c.account_number for c in batch.claims] == ["PATACCT001", "PATACCT009"]
    assert batch.claims[0].subscriber is batch.claims[1].subscriber


# -- errors ------------------------------------------------------------------------------------

_CLM = "CLM*PATACCT001*150***11:B:1*Y*A*Y*Y~"
_SV1 = "SV1*HC:99213*125*UN*1***1:2~"
_DTP = "DTP*472*D8*20240110~"
_HI = "HI*ABK:E119*ABF:I10~"
_PR = "NM1*PR*2*ACME HEALTH PLAN*****PI*12345~"

# (a segment of the sample, what replaces it (None: it is removed), the code,
#  the segment number, the element, the segment id)
# fmt: off
_ERRORS: list[tuple[str, str | None, str, int, int | None, str]] = [
    ("BHT*0019*00*0123*20240115*1200*CH~", None, "missing_segment", 4, None, "NM1"),
    ("BHT*0019*00*0123*20240115*1200*CH~", "BHT*0020*00*1*20240115*1200*CH~", "bad_value", 4, 1, "BHT"),
    ("BHT*0019*00*0123*20240115*1200*CH~", "BHT*0019*01*1*20240115*1200*CH~", "bad_value", 4, 2, "BHT"),
    ("BHT*0019*00*0123*20240115*1200*CH~", "BHT*0019*00*1*20241315*1200*CH~", "bad_value", 4, 4, "BHT"),
    ("BHT*0019*00*0123*20240115*1200*CH~", "BHT*0019*00*1*20240115*2500*CH~", "bad_value", 4, 5, "BHT"),
    ("BHT*0019*00*0123*20240115*1200*CH~", "BHT*0019*00*1*20240115*12*CH~", "bad_value", 4, 5, "BHT"),
    ("BHT*0019*00*0123*20240115*1200*CH~", "BHT*0019*00*1*20240115*1260*CH~", "bad_value", 4, 5, "BHT"),
    ("BHT*0019*00*0123*20240115*1200*CH~", "BHT*0019*00*1*20240115*120075*CH~", "bad_value", 4, 5, "BHT"),
    ("BHT*0019*00*0123*20240115*1200*CH~", "BHT*0019*00*1*20240115*1200*ZZ~", "bad_value", 4, 6, "BHT"),
    ("PER*IC*JANE BILLER*TE*2175551234~", None, "missing_segment", 6, None, "NM1"),
    ("NM1*41*2*SMITH FAMILY PRACTICE*****46*TGJ23~", "NM1*41*2*SMITH FAMILY PRACTICE~", "missing_element", 5, 9, "NM1"),
    ("NM1*41*2*SMITH FAMILY PRACTICE*****46*TGJ23~", "NM1*41*3*SMITH*****46*TGJ23~", "bad_value", 5, 2, "NM1"),
    ("NM1*40*2*ACME CLEARINGHOUSE*****46*66783JJT~", None, "missing_segment", 7, None, "HL"),
    ("HL*1**20*1~", None, "missing_segment", 8, None, "PRV"),
    ("HL*1**20*1~", "HL*1*1*20*1~", "hierarchy", 8, 2, "HL"),
    ("HL*1**20*1~", "HL***20*1~", "missing_element", 8, 1, "HL"),
    ("PRV*BI*PXC*207Q00000X~", "PRV*PE*PXC*207Q00000X~", "bad_value", 9, 1, "PRV"),
    ("NM1*85*2*SMITH FAMILY PRACTICE*****XX*1234567893~", None, "missing_segment", 10, None, "N3"),
    ("NM1*85*2*SMITH FAMILY PRACTICE*****XX*1234567893~", "NM1*85*2*SMITH FAMILY PRACTICE*****XX~", "missing_element", 10, 9, "NM1"),
    ("N3*123 MAIN ST~", None, "missing_segment", 11, None, "N4"),
    ("N4*SPRINGFIELD*IL*627011234~", None, "missing_segment", 12, None, "REF"),
    ("N4*SPRINGFIELD*IL*627011234~", "N4*SPRINGFIELD:X*IL*627011234~", "bad_value", 12, 1, "N4"),
    ("HL*2*1*22*0~", "HL*2*9*22*0~", "hierarchy", 14, 2, "HL"),
    ("HL*2*1*22*0~", "HL*2**22*0~", "hierarchy", 14, 2, "HL"),
    ("HL*2*1*22*0~", "HL*1*1*22*0~", "hierarchy", 14, 1, "HL"),
    ("HL*2*1*22*0~", "HL*2*1*23*0~", "hierarchy", 14, 2, "HL"),
    ("HL*2*1*22*0~", "HL*2*1*99*0~", "bad_value", 14, 3, "HL"),
    ("SBR*P*18*GRP12345******CI~", None, "missing_segment", 15, None, "NM1"),
    ("SBR*P*18*GRP12345******CI~", "SBR*P*01*GRP12345******CI~", "bad_value", 15, 2, "SBR"),
    ("SBR*P*18*GRP12345******CI~", "SBR*P*18*GRP12345******XX~", "bad_value", 15, 9, "SBR"),
    ("SBR*P*18*GRP12345******CI~", "SBR*P*18*GRP12345~", "missing_element", 15, 9, "SBR"),
    ("SBR*P*18*GRP12345******CI~", "SBR*Q*18*GRP12345******CI~", "bad_value", 15, 1, "SBR"),
    ("NM1*IL*1*DOE*JOHN*A***MI*XYZ123456789~", "NM1*IL*1*DOE*JOHN*A~", "missing_element", 16, 9, "NM1"),
    ("NM1*IL*1*DOE*JOHN*A***MI*XYZ123456789~", "NM1*IL*1****MI*XYZ1~", "missing_element", 16, 3, "NM1"),
    ("N3*456 OAK AVE~", None, "missing_segment", 17, None, "N4"),
    ("N3*456 OAK AVE~", "N3~", "missing_element", 17, 1, "N3"),
    ("DMG*D8*19800115*M~", "DMG*D8*19800115*Q~", "bad_value", 19, 3, "DMG"),
    ("DMG*D8*19800115*M~", "DMG*RD8*19800115*M~", "bad_value", 19, 1, "DMG"),
    ("DMG*D8*19800115*M~", "DMG*D8*1980011*M~", "bad_value", 19, 2, "DMG"),
    (_PR, None, "missing_segment", 20, None, "CLM"),
    (_PR, "NM1*PR*2*ACME HEALTH PLAN~", "missing_element", 20, 9, "NM1"),
    (_CLM, "CLM**150***11:B:1*Y*A*Y*Y~", "missing_element", 21, 1, "CLM"),
    (_CLM, "CLM*PATACCT001*15O***11:B:1*Y*A*Y*Y~", "bad_value", 21, 2, "CLM"),
    (_CLM, "CLM*PATACCT001*1E2***11:B:1*Y*A*Y*Y~", "bad_value", 21, 2, "CLM"),
    (_CLM, "CLM*PATACCT001*150***11:B:2*Y*A*Y*Y~", "bad_value", 21, 5, "CLM"),
    (_CLM, "CLM*PATACCT001*150***11:A:1*Y*A*Y*Y~", "bad_value", 21, 5, "CLM"),
    (_CLM, "CLM*PATACCT001*150***:B:1*Y*A*Y*Y~", "missing_element", 21, 5, "CLM"),
    (_CLM, "CLM*PATACCT001*150***11:B:1*X*A*Y*Y~", "bad_value", 21, 6, "CLM"),
    (_CLM, "CLM*PATACCT001*150***11:B:1*Y*D*Y*Y~", "bad_value", 21, 7, "CLM"),
    (_CLM, "CLM*PATACCT001*150***11:B:1*Y*A*Y*N~", "bad_value", 21, 9, "CLM"),
    (_CLM, "CLM*PATACCT001*150***11:B:1*Y*A*Y*Y**ZZ::IL~", "bad_value", 21, 11, "CLM"),
    (_CLM, "CLM*PATACCT001:X*150***11:B:1*Y*A*Y*Y~", "bad_value", 21, 1, "CLM"),
    (_HI, None, "missing_segment", 22, None, "LX"),
    (_HI, "HI*ABF:E119*ABF:I10~", "bad_value", 22, 1, "HI"),
    (_HI, "HI*ABK:E119*ABK:I10~", "bad_value", 22, 2, "HI"),
    (_HI, "HI*ABK:E119*ABF~", "missing_element", 22, 2, "HI"),
    (_HI, "HI*ABK:E119*ABF:I10*ABF:I10*ABF:I10*ABF:I10*ABF:I10*ABF:I10*ABF:I10*ABF:I10*ABF:I10*ABF:I10*ABF:I10*ABF:I10~", "bad_value", 22, 13, "HI"),
    ("LX*1~", None, "missing_segment", 23, None, "SV1"),
    (_SV1, None, "missing_segment", 24, None, "DTP"),
    (_SV1, "SV1*HC:99213*125*XX*1***1:2~", "bad_value", 24, 3, "SV1"),
    (_SV1, "SV1*HC:99213*125*UN****1:2~", "missing_element", 24, 4, "SV1"),
    (_SV1, "SV1*HC:99213*-*UN*1***1:2~", "bad_value", 24, 2, "SV1"),
    (_SV1, "SV1*HC*125*UN*1***1:2~", "missing_element", 24, 1, "SV1"),
    (_SV1, "SV1*HC:99213*125*UN*1***A:2~", "bad_value", 24, 7, "SV1"),
    (_SV1, "SV1*HC:99213*125*UN*1***1:123~", "bad_value", 24, 7, "SV1"),
    (_SV1, "SV1*HC:99213*125*UN*1***1:2**X~", "bad_value", 24, 9, "SV1"),
    (_DTP, None, "missing_segment", 25, None, "LX"),
    (_DTP, "DTP*472*D8*2024011~", "bad_value", 25, 3, "DTP"),
    (_DTP, "DTP*472*D8*20240230~", "bad_value", 25, 3, "DTP"),
    (_DTP, "DTP*472*DT*20240110~", "bad_value", 25, 2, "DTP"),
    (_DTP, "DTP*472*RD8*20240110~", "bad_value", 25, 3, "DTP"),
    (_DTP, "DTP*472*RD8*20240110-20240109~", "bad_value", 25, 3, "DTP"),
    (_DTP, "DTP*472*RD8*20240110-2024010~", "bad_value", 25, 3, "DTP"),
    ("LX*2~", "N3*1 MAIN ST~", "unexpected_segment", 26, None, "N3"),
    ("LX*2~", "ZZ*1~", "unexpected_segment", 26, None, "ZZ"),
    ("LX*2~", "CLM*PATACCT002*25***11:B:1*Y*A*Y*Y~", "missing_segment", 27, None, "SV1"),
]
# fmt: on


def _check(error: ParseError, code: str, number: int, element: int | None, segment_id: str) -> None:
    assert (error.code, error.segment, error.element, error.segment_id) == (
        f"x12.837p.{code}",
        number,
        element,
        segment_id,
    ), str(error)
    _no_phi(str(error))


@pytest.mark.parametrize(("old", "new", "expected"), [(r[0], r[1], r[2:]) for r in _ERRORS])
def test_errors_name_the_segment_and_element(
    old: str, new: str | None, expected: tuple[str, int, int | None, str]
) -> None:
    with pytest.raises(ParseError) as info:
        parse_837p(_replace(old, new))
    _check(info.value, *expected)


#: Segments inserted after an anchor segment of the sample, and the error that follows.
# fmt: off
_INSERTIONS: list[tuple[str, list[str], str, int, int | None, str]] = [
    ("HL*1**20*1~", ["PRV*BI*PXC*207Q00000X~"], "unexpected_segment", 10, None, "PRV"),
    ("N4*SPRINGFIELD*IL*627011234~", ["N4*X*IL*62701~"], "unexpected_segment", 13, None, "N4"),
    ("REF*EI*371234567~", ["NM1*87*2~"], "missing_segment", 15, None, "HL"),
    ("REF*EI*371234567~", ["HL*9**20*1~"], "missing_segment", 15, None, "HL"),
    ("SBR*P*18*GRP12345******CI~", ["N4*X*IL*62704~"], "missing_segment", 16, None, "N4"),
    (_CLM, ["HI*ABK:E119~"], "unexpected_segment", 23, None, "HI"),
    (_CLM, ["DTP*431*D8*20240101~"] * 2, "unexpected_segment", 23, None, "DTP"),
    (_CLM, ["DTP*314*RD8*20240101-20240102~", "DTP*360*D8*20240101~"], "unexpected_segment", 23, None, "DTP"),
    (_CLM, ["DTP*431*RD8*20240101-20240102~"], "bad_value", 22, 2, "DTP"),
    (_CLM, ["DTP*314*RD8*20240101~"], "bad_value", 22, 3, "DTP"),
    (_CLM, ["REF*G1~"], "missing_element", 22, 2, "REF"),
    (_CLM, ["AMT*F5*ABC~"], "bad_value", 22, 2, "AMT"),
    (_CLM, ["NTE*ADD~"], "missing_element", 22, 2, "NTE"),
    (_CLM, ["NTE*ADD*A~", "NTE*ADD*B~"], "unexpected_segment", 23, None, "NTE"),
    (_HI, ["NM1*82*1*SMITH*ALICE****XX*1245319599~"] * 2, "unexpected_segment", 24, None, "NM1"),
    (_HI, ["NM1*DN*1*SMITH*ALICE****XX*1245319599~"] * 2, "unexpected_segment", 24, None, "NM1"),
    (_HI, ["NM1*77*2*FACILITY~"] * 2, "unexpected_segment", 24, None, "NM1"),
    (_HI, ["NM1*ZZ*1*SMITH~"], "unexpected_segment", 23, 1, "NM1"),
    (_HI, ["NM1*77*2*FACILITY~", "N4*X*IL*62704~"], "missing_segment", 24, None, "N4"),
    (_HI, ["NM1*82*1*SMITH*ALICE****XX~"], "missing_element", 23, 9, "NM1"),
    (_HI, ["NM1*82*1*SMITH*ALICE****XX*1245319599~", "PRV*BI*PXC*208000000X~"], "bad_value", 24, 1, "PRV"),
    (_HI, ["NM1*82*1*SMITH*ALICE****XX*1245319599~", "PRV*PE*PXC~"], "missing_element", 24, 3, "PRV"),
    (_SV1, [_DTP], "unexpected_segment", 26, None, "DTP"),
    (_SV1, ["REF*6R*A~", "REF*6R*B~"], "unexpected_segment", 26, None, "REF"),
    (_DTP, ["LIN**N4~"], "missing_element", 26, 3, "LIN"),
    (_DTP, ["LIN**EN*00409733201~"], "bad_value", 26, 2, "LIN"),
    (_DTP, ["LIN**N4*00409733201~"], "missing_segment", 27, None, "LX"),
    (_DTP, ["LIN**N4*00409733201~", "CTP****X*ML~"], "bad_value", 27, 4, "CTP"),
    (_DTP, ["LIN**N4*00409733201~", "CTP****1*XX~"], "bad_value", 27, 5, "CTP"),
    (_DTP, ["NM1*ZZ*1*SMITH~"], "unexpected_segment", 26, 1, "NM1"),
    (_DTP, ["NM1*82*1*SMITH*ALICE****XX*1245319599~"] * 2, "unexpected_segment", 27, None, "NM1"),
    (_DTP, ["PRV*PE*PXC*208000000X~"], "unexpected_segment", 26, None, "PRV"),
    (_PR, ["HL*3*2*23*0~", "PAT*18~", "NM1*QC*1*DOE*JANE~"], "bad_value", 22, 1, "PAT"),
    (_PR, ["HL*3*2*23*0~", "PAT*99~", "NM1*QC*1*DOE*JANE~"], "bad_value", 22, 1, "PAT"),
    (_PR, ["HL*3*2*23*0~", "NM1*QC*1*DOE*JANE~"], "missing_segment", 22, None, "NM1"),
    (_PR, ["HL*3*2*23*0~", "PAT*19~"], "missing_segment", 23, None, "CLM"),
    (_PR, ["HL*3*2*23*0~", "PAT*19~", "NM1*QC*1~"], "missing_element", 23, 3, "NM1"),
    (_PR, ["HL*3*1*23*0~", "PAT*19~", "NM1*QC*1*DOE*JANE~"], "hierarchy", 21, 2, "HL"),
    (_PR, ["HL*3*2*23*0~", "PAT*19~", "NM1*QC*1*DOE*JANE~", "DMG*D8*2016~"], "bad_value", 24, 2, "DMG"),
]
# fmt: on


@pytest.mark.parametrize(("anchor", "new", "expected"), [(r[0], r[1], r[2:]) for r in _INSERTIONS])
def test_errors_after_an_insertion(
    anchor: str, new: list[str], expected: tuple[str, int, int | None, str]
) -> None:
    at = _BODY.index(anchor) + 1
    with pytest.raises(ParseError) as info:
        parse_837p(_wrap([*_BODY[:at], *new, *_BODY[at:]]))
    _check(info.value, *expected)


def test_a_dependent_under_a_self_subscriber_is_read_with_a_warning() -> None:
    at = _BODY.index(_PR) + 1
    patient = ["HL*3*2*23*0~", "PAT*19~", "NM1*QC*1*DOE*JANE~", "DMG*D8*20160603~"]
    batch = parse_837p(_wrap([*_BODY[:at], *patient, *_BODY[at:]]))
    (claim,) = batch.claims
    assert claim.patient == Patient(
        last_name="DOE", first_name="JANE", birth_date=dt.date(2016, 6, 3), relationship="19"
    )
    assert [p.code for p in batch.header.warnings] == ["x12.837p.inconsistent"]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("old", "new", "code", "number", "element"),
    [
        ("GS*HC*", "GS*HP*", "x12.837p.unsupported", 2, 1),
        ("*X*005010X222A1~\nST", "*X*005010X223A2~\nST", "x12.837p.unsupported", 2, 8),
        ("ST*837*0001*005010X222A1~", "ST*835*0001*005010X222A1~", "x12.837p.unsupported", 3, 1),
        ("ST*837*0001*005010X222A1~", "ST*837*0001*005010X221A1~", "x12.837p.unsupported", 3, 3),
        ("SE*27*", "SE*26*", "x12.se.count", 29, 1),
    ],
)
def test_envelope_errors(old: str, new: str, code: str, number: int, element: int) -> None:
    assert old in SAMPLE
    with pytest.raises(ParseError) as info:
        parse_837p(SAMPLE.replace(old, new))
    assert (info.value.code, info.value.segment, info.value.element) == (code, number, element)


def test_st03_may_be_left_to_gs08() -> None:
    text = SAMPLE.replace("ST*837*0001*005010X222A1~", "ST*837*0001~")
    assert parse_837p(text) == parse_837p(SAMPLE)


def test_an_interchange_without_transactions() -> None:
    isa = _HEAD[0]
    with pytest.raises(ParseError) as info:
        parse_837p(isa + "\nIEA*0*000000001~")
    assert (info.value.code, info.value.segment, info.value.segment_id) == (
        "x12.837p.missing_segment",
        2,
        "IEA",
    )
    with pytest.raises(ParseError) as info:
        parse_837p("\n".join([isa, _HEAD[1], "GE*0*1~", "IEA*1*000000001~"]))
    assert (info.value.code, info.value.segment) == ("x12.837p.missing_segment", 4)


@pytest.mark.parametrize(
    ("keep", "number", "segment_id"),
    [(0, 4, "SE"), (1, 5, "SE"), (3, 7, "SE"), (4, 8, "SE"), (17, 21, "SE")],
)
def test_a_body_that_stops_early(keep: int, number: int, segment_id: str) -> None:
    # BHT only, no 1000A, no 1000B, no HL, a subscriber without claims ...
    body = _BODY[:keep]
    if keep == 17:  # a subscriber level without claims is fine
        assert parse_837p(_wrap(body)).claims == ()
        return
    with pytest.raises(ParseError) as info:
        parse_837p(_wrap(body))
    assert (info.value.code, info.value.segment, info.value.segment_id) == (
        "x12.837p.missing_segment",
        number,
        segment_id,
    )


def test_the_model_refusing_a_value_is_a_parse_error() -> None:
    fields = _Fields(Segment("N4", ("SPRINGFIELD",)), 12)
    with pytest.raises(ParseError) as info:
        fields.make(Address, line1=1, city="X", state="IL", postal_code="62701")
    assert (info.value.code, info.value.segment, info.value.segment_id) == (
        "x12.837p.bad_value",
        12,
        "N4",
    )
    assert "line1" in info.value.message


def test_text_must_be_a_str() -> None:
    with pytest.raises(TypeError):
        parse_837p(SAMPLE.encode())  # type: ignore[arg-type]


# -- robustness ---------------------------------------------------------------------------------

#: Values that are patient data in the golden files; no message may repeat them.
_PHI = (
    "DOE", "JOHN", "XYZ123456789", "PATACCT001", "456 OAK AVE", "19800115", "62704",
    "GARCIA", "MARIA", "MEM55501", "RMG20240001", "12 ELM ST", "19750420", "MRN0042",
    "CHEN", "BCBS777", "OKAFOR", "MCD0001", "1 HARBOR RD", "STONE", "QZM0001", "PETER",
)  # fmt: skip


def _no_phi(message: str) -> None:
    for value in _PHI:
        assert value not in message, value


@settings(max_examples=min(200, settings().max_examples * 2))
@given(st.text())
def test_junk_is_a_parse_error(text: str) -> None:
    with pytest.raises(ParseError):
        parse_837p(text)


@given(st.text(alphabet=st.sampled_from("*:^~\nISAGEHCLMN0123456789 "), max_size=300))
def test_delimiter_soup_is_a_parse_error(text: str) -> None:
    with pytest.raises(ParseError):
        parse_837p(_HEAD[0] + text)


def _split(text: str) -> tuple[list[str], list[str], list[str]]:
    """Head (ISA, GS, ST), body and tail of a one-transaction golden file."""
    lines = text.splitlines()
    return lines[:3], lines[3:-3], lines[-3:]


_FILES = [SAMPLE, COB, QUIRKS]


@st.composite
def _mutated(draw: st.DrawFn) -> str:
    """A golden file with one body segment deleted, duplicated, moved, cut or changed."""
    head, body, _ = _split(draw(st.sampled_from(_FILES)))
    i = draw(st.integers(0, len(body) - 1))
    kind = draw(st.sampled_from(["delete", "duplicate", "move", "cut", "element"]))
    seg = body[i]
    if kind == "delete":
        del body[i]
    elif kind == "duplicate":
        body.insert(i, seg)
    elif kind == "move":
        body.insert(draw(st.integers(0, len(body))), body.pop(i))
    elif kind == "cut":
        body[i] = seg[: draw(st.integers(0, len(seg) - 1))].rstrip("~") + "~"
        assume(body[i] != "~")
    else:
        parts = seg[:-1].split("*")
        k = draw(st.integers(0, len(parts)))
        value = draw(st.text(alphabet="AZ09:.-X ", max_size=12))
        parts[k : k + 1] = [value]
        body[i] = "*".join(parts) + "~"
    return _wrap(body, head)


@settings(max_examples=min(300, settings().max_examples * 3))
@given(_mutated())
def test_mutated_files_read_or_raise_parse_errors_without_phi(text: str) -> None:
    try:
        batch = parse_837p(text)
    except ParseError as error:
        _no_phi(str(error))
    else:
        for message in _messages(batch):
            _no_phi(message)


@given(st.sampled_from(_FILES), st.data())
def test_truncated_files_are_parse_errors(text: str, data: st.DataObject) -> None:
    cut = data.draw(st.integers(0, len(text.rstrip("\n")) - 2))
    with pytest.raises(ParseError):
        parse_837p(text[:cut])


_NAMES = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=6, max_size=10).map(
    lambda s: "Q" + s
)


@given(last=_NAMES, member=_NAMES, account=_NAMES, street=_NAMES, mutation=_mutated())
def test_messages_never_contain_names_or_member_ids(
    last: str, member: str, account: str, street: str, mutation: str
) -> None:
    text = (
        mutation.replace("DOE", last)
        .replace("GARCIA", last)
        .replace("STONE", last)
        .replace("XYZ123456789", member)
        .replace("MEM55501", member)
        .replace("QZM0001", member)
        .replace("PATACCT001", account)
        .replace("RMG20240001", account)
        .replace("456 OAK AVE", street)
        .replace("12 ELM ST", street)
    )
    try:
        batch = parse_837p(text)
    except ParseError as error:
        messages = [str(error), repr(error)]
    else:
        messages = _messages(batch)
    for message in messages:
        for value in (last, member, account, street):
            assert value not in message


# -- round trips with the builder ------------------------------------------------------------

_CREATED = dt.datetime(2024, 3, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=-6)))


def _build(batch: Batch, created: dt.datetime = _CREATED) -> str:
    return build_837p(
        batch, sender=submitter(), receiver=receiver(), control_number=4711, created=created
    )


def test_the_examples_round_trip() -> None:
    batch = Batch(claims=(office_visit(), dependent_visit(), office_visit()))
    text = _build(batch)
    read = parse_837p(text)
    assert read == batch
    assert read.header is not None
    assert read.header.warnings == ()
    # X12 has no time zone: 09:30 at UTC-6 comes back as 09:30 UTC.
    assert read.header.created == dt.datetime(2024, 3, 1, 9, 30, tzinfo=dt.UTC)


def test_a_total_charge_equal_to_the_lines_reads_back_equal() -> None:
    # One CLM02 for both: the model keeps a total equal to the line sum as None.
    claim = attrs.evolve(office_visit(), total_charge=Decimal("150.00"))
    assert claim.total_charge is None
    read = parse_837p(_build(Batch(claims=(claim,))))
    assert read == Batch(claims=(claim,))
    assert read.claims[0].total == Decimal(150)


_LATER = dt.datetime(2025, 10, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5)))


@settings(max_examples=min(50, settings().max_examples))
@given(valid_batches())
def test_valid_batches_round_trip(batch: Batch) -> None:
    text = _build(batch, created=_LATER)
    read = parse_837p(text)
    assert read == batch
    header = read.header
    assert header is not None
    again = build_837p(
        read,
        sender=header.sender,
        receiver=header.receiver,
        control_number=header.control_number,
        created=header.created,
        usage=header.usage,
    )
    assert again == text
