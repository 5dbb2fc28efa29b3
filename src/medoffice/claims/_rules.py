"""The scrubber's rules: every problem code it reports, with its severity and meaning.

Each :class:`Rule` has a stable dotted code (the :attr:`Problem.code
<medoffice.exceptions.Problem.code>` of what it finds), a severity and a
one-line summary. :data:`RULES` lists them all, sorted by code; the docs'
rule table is made from it, and a test breaks each rule on its own.

>>> rule = RULES_BY_CODE["npi.checksum"]
>>> rule.severity.value, rule.summary
('error', 'An NPI whose check digit (Luhn over 80840 and the first nine digits) does not match.')
"""

from __future__ import annotations

import types
from collections.abc import Mapping

import attrs

from medoffice.exceptions import Severity

__all__ = ["RULES", "RULES_BY_CODE", "Rule"]


@attrs.frozen(kw_only=True)
class Rule:
    """One rule of the scrubber.

    Attributes:
        code: The stable dotted code of the problems it reports (``npi.checksum``).
        severity: Whether a claim that breaks it may still be sent (a warning) or not.
        summary: What the rule checks, in one sentence.

    >>> Rule(code="npi.required", severity="error", summary="An NPI is missing.").severity
    <Severity.ERROR: 'error'>
    """

    code: str = attrs.field(validator=attrs.validators.instance_of(str))
    severity: Severity = attrs.field(converter=Severity)
    summary: str = attrs.field(validator=attrs.validators.instance_of(str))


_E = Severity.ERROR
_W = Severity.WARNING

_TABLE: tuple[tuple[str, Severity, str], ...] = (
    ("accident.state_required", _E, "An auto accident (cause AA) without the state it happened in (CLM11-4)."),
    ("adjudication.duplicate", _E, "A service line adjudicated twice by the same other payer (loop 2430)."),
    ("adjudication.payer_unknown", _E, "A line adjudication whose payer id (SVD01) is not the id of one of the claim's other payers (loop 2330B)."),
    ("adjudication.unbalanced", _E, "A line adjudication whose line charge less its adjustments (CAS) is not the amount paid (SVD02)."),
    ("adjustments.too_many", _E, "Adjustments that need more than five CAS segments in one loop (one group code and six adjustments a segment)."),
    ("address.po_box", _E, "A billing-provider address that is a PO box or lock box (send it as the pay-to address)."),
    ("address.required", _E, "A missing address: the billing provider's, a service facility's, or the patient's (N3/N4)."),
    ("amount.decimals", _E, "A charge, total, amount paid or adjustment with more than two decimal places."),
    ("birth_date.required", _E, "A missing birth date for the patient, or for a subscriber whose sex is given (DMG02)."),
    ("causes.duplicate", _E, "An accident cause listed twice."),
    ("causes.required", _E, "An accident without a cause (CLM11-1)."),
    ("causes.too_many", _E, "More than two accident causes (CLM11-1 and CLM11-2; CLM11-3 is not used in the 837P)."),
    ("charge.not_positive", _E, "A service line charge that is zero or negative."),
    ("code_set.no_release", _W, "No release of a code set covers the date of service, so the code was checked for its form only."),
    ("country.format", _E, "A country code that is not two or three letters (N404, CLM11-5)."),
    ("cpt.unknown", _E, "A CPT code that the CPT file given as code_sets.cpt does not have on the date of service."),
    ("date.before_birth", _E, "A date of service before the patient's birth date."),
    ("date.before_icd10", _E, "A date of service before 2015-10-01, when ICD-10-CM replaced ICD-9-CM."),
    ("date.future", _E, "A date of service, birth date or claim date after the day the claim is scrubbed."),
    ("date.order", _E, "A date range that ends before it starts (service dates, disability, admission to discharge)."),
    ("diagnoses.duplicate", _E, "A diagnosis code listed twice."),
    ("diagnoses.required", _E, "A claim without a diagnosis (HI)."),
    ("diagnoses.too_many", _E, "More than twelve diagnoses."),
    ("ein.format", _E, "An EIN with characters other than digits (the 837P carries it without the hyphen)."),
    ("ein.length", _E, "An EIN that is not nine digits."),
    ("ein.prefix", _E, "An EIN whose two-digit prefix the IRS never issues."),
    ("hcpcs.unknown", _E, "A HCPCS Level II code that is not in the code set on the date of service."),
    ("icd10cm.first", _E, "A diagnosis code whose first character is not a letter (an ICD-9 code, say)."),
    ("icd10cm.format", _E, "A diagnosis code with characters other than letters and digits."),
    ("icd10cm.length", _E, "A diagnosis code that is not three to seven characters."),
    ("icd10cm.not_billable", _E, "A diagnosis code that is a header (a category with subcodes), not a billable code."),
    ("icd10cm.unknown", _E, "A diagnosis code that is not an ICD-10-CM code on the date of service."),
    ("lines.required", _E, "A claim without a service line."),
    ("lines.too_many", _E, "More than fifty service lines."),
    ("modifier.format", _E, "A modifier with characters other than letters and digits."),
    ("modifier.length", _E, "A modifier that is not two characters."),
    ("modifiers.duplicate", _E, "A modifier listed twice on one line."),
    ("modifiers.too_many", _E, "More than four modifiers on one line."),
    ("ndc.format", _E, "A drug's NDC that is not eleven digits (5-4-2, zero-padded)."),
    ("npi.checksum", _E, "An NPI whose check digit (Luhn over 80840 and the first nine digits) does not match."),
    ("npi.format", _E, "An NPI with characters other than digits."),
    ("npi.length", _E, "An NPI that is not ten digits."),
    ("npi.prefix", _E, "An NPI whose first digit is not 1 or 2."),
    ("npi.required", _E, "A missing NPI: the billing, rendering, referring or line rendering provider's."),
    ("number.too_long", _E, "An amount or quantity with more digits than its X12 element holds (18 for amounts, 15 for quantities)."),
    ("original_claim_number.required", _E, "A replacement (7) or void (8) without the payer's original claim number (REF*F8)."),
    ("original_claim_number.unexpected", _W, "An original claim (frequency 1) that carries an original claim number; it is not sent."),
    ("other_payer.paid_mismatch", _E, "An other payer's paid amount (AMT*D) that is not the sum of its line adjudications' paid amounts (SVD02) less its claim-level adjustments (CAS)."),
    ("other_payer.paid_required", _E, "An other payer that adjudicated lines (loop 2430) without its paid amount (AMT*D)."),
    ("other_payer.responsibility", _E, "An other payer whose place in the order of benefits (SBR01) is the claim's own or another other payer's."),
    ("other_payers.duplicate", _E, "Two other payers with the same payer ID (a line adjudication's SVD01 could not tell them apart)."),
    ("other_payers.required", _W, "A claim to a secondary or tertiary payer (SBR01 S or T) without the payer(s) before it (loop 2320): the payer cannot coordinate benefits."),
    ("other_payers.too_many", _E, "More than ten other payers (loop 2320)."),
    ("patient.self", _E, "A Patient whose relationship is SELF: leave the patient out when the subscriber is the patient."),
    ("patient_paid.negative", _E, "An amount paid by the patient that is negative."),
    ("pointers.duplicate", _E, "A diagnosis pointer listed twice on one line."),
    ("pointers.range", _E, "A diagnosis pointer that is not between 1 and the number of diagnoses."),
    ("pointers.required", _E, "A service line without a diagnosis pointer."),
    ("pointers.too_many", _E, "More than four diagnosis pointers on one line."),
    ("pos.format", _E, "A place of service that is not digits."),
    ("pos.length", _E, "A place of service that is not two digits."),
    ("pos.unknown", _E, "A place of service that is not in the CMS code set on the date of service."),
    ("procedure.description_required", _E, "A not-otherwise-classified HCPCS code without a description (line description or claim note)."),
    ("procedure.format", _E, "A procedure code that is neither CPT (five digits, or four and F, T or U) nor HCPCS Level II (a letter and four digits)."),
    ("provider.entity", _E, "A referring provider that is not a person, or a service facility that is not an organisation."),
    ("quantity.not_positive", _E, "A drug quantity that is zero or negative."),
    ("sex.required", _E, "A missing sex for the patient, or for a subscriber whose birth date is given (DMG03)."),
    ("ssn.format", _E, "A billing provider's SSN that is not nine digits, written without hyphens."),
    ("state.unknown", _E, "A state code that is not a US state, DC, a territory or a military post code."),
    ("tax_id.required", _E, "A billing provider without a tax ID (REF*EI or REF*SY)."),
    ("taxonomy.format", _E, "A provider taxonomy code that is not ten letters and digits ending in X."),
    ("text.empty", _E, "An optional text field given as empty text: leave it out (None) instead."),
    ("text.required", _E, "A required text field that is empty: names, member ID, payer name and ID, account number, address lines."),
    ("text.too_long", _E, "Text longer than its X12 element holds (CLM01 38, NM103 60, NM104 35, N301 55, REF02 50, NTE02 80 ...)."),
    ("text.too_short", _E, "Text shorter than its X12 element's minimum (a one-letter city, a one-character member or payer ID)."),
    ("total.mismatch", _E, "A total charge that is not the sum of the line charges."),
    ("units.decimals", _E, "Service units with more than three decimal places."),
    ("units.not_positive", _E, "Service units that are zero or negative."),
    ("x12.charset", _E, "Text with a character outside printable ASCII (X12 basic and extended character sets)."),
    ("x12.delimiter", _E, "Text containing an X12 delimiter (* : ^ ~); X12 has no escape, so it cannot be written."),
    ("zipcode.format", _E, "A US ZIP code with characters other than digits (the 837P carries it without the hyphen)."),
    ("zipcode.length", _E, "A US ZIP code that is not five or nine digits."),
    ("zipcode.prefix", _E, "A US ZIP code that starts with 000."),
    ("zipcode.zip4", _E, "A billing-provider or service-facility ZIP code that is not the full ZIP+4 (nine digits)."),
)  # fmt: skip

#: Every rule of the scrubber, sorted by code.
RULES: tuple[Rule, ...] = tuple(
    Rule(code=code, severity=severity, summary=summary)
    for code, severity, summary in sorted(_TABLE)
)

#: The rules by code.
RULES_BY_CODE: Mapping[str, Rule] = types.MappingProxyType({rule.code: rule for rule in RULES})
