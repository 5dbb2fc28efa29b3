"""Demo section 1: the front desk keys in the morning's paperwork (``codes``)."""

from __future__ import annotations

from collections.abc import Callable

from medoffice.cli import _sample as sample
from medoffice.cli._codes import PHI_KINDS, check_value
from medoffice.cli._demo._model import Item, Section, Status
from medoffice.cli._output import mask
from medoffice.codes import zipcode

__all__ = ["section"]


def _item(
    label: str,
    kind: str,
    typed: str,
    why: str,
    *,
    layout: str | None = None,
    flag: Callable[[str], str | None] | None = None,
) -> Item:
    """Check ``typed`` as a ``kind`` and describe the verdict, PHI masked.

    ``flag`` may return a note that makes a valid value :attr:`Status.FLAGGED`.
    """
    result = check_value(kind, typed, layout=layout)
    says = result.line()
    note = flag(typed) if result.valid and flag is not None else None
    if not result.valid:
        status = Status.REFUSED
    elif note is not None:
        status = Status.FLAGGED
        says = f"{says}; flagged: {note}"
    elif typed in (result.display, result.compact):
        status = Status.OK
    else:
        status = Status.NORMALIZED
    shown = mask(typed) if kind in PHI_KINDS else typed
    if layout is not None:
        shown = f"{shown}  (layout {layout})"
    return Item(label=label, typed=shown, says=says, why=why, status=status)


def _not_zip4(typed: str) -> str | None:
    """Flag a ZIP that is not a ZIP+4: 837P billing addresses need all nine digits."""
    return None if zipcode.is_zip4(typed) else "not ZIP+4 (zipcode.is_zip4 is False)"


def section() -> Section:
    """The front desk section: every identifier of the morning, checked.

    >>> s = section()
    >>> s.key, [item.status.value for item in s.items][:4]
    ('front-desk', ['ok', 'ok', 'ok', 'refused'])
    """
    practice = sample.PRACTICE
    quill, okafor = sample.PROVIDERS
    diabetes, hypertension, sprain, typo = sample.DIAGNOSES_TYPED
    (visit_modifier, visit_meaning), (side_modifier, side_meaning) = sample.MODIFIERS_TYPED
    items = (
        _item(
            f"Practice tax ID (EIN), {practice.name}",
            "ein",
            practice.ein_typed,
            "The practice bills under its EIN (CMS-1500 box 25, 837P REF*EI). An EIN has "
            "no check digit, so medoffice can only refuse prefixes the IRS never issues.",
        ),
        _item(
            "Group (billing provider) NPI",
            "npi",
            practice.group_npi_typed,
            "The billing provider on every claim (box 33a, 837P loop 2010AA). "
            "Organisation NPIs start with 2.",
        ),
        _item(
            f"Rendering provider NPI, {quill.name} ({quill.role})",
            "npi",
            quill.npi_typed,
            "The rendering provider (box 24J, 837P loop 2310B). The last digit is a Luhn "
            "check digit over the 80840 prefix, and it matches.",
        ),
        _item(
            f"Rendering provider NPI, {okafor.name} ({okafor.role})",
            "npi",
            okafor.npi_typed,
            "One digit was mistyped. The check digit catches every single-digit typo, so "
            "the claim stops here instead of coming back from the payer weeks later.",
        ),
        _item(
            f"Rendering provider NPI, {okafor.name}, re-keyed from the NPPES record",
            "npi",
            okafor.npi_on_file,
            "Fixed at the desk, before any claim was built.",
        ),
        _item(
            "Medicare patient's MBI, keyed from the card",
            "mbi",
            sample.PATIENT_MBI_TYPED,
            "The MBI identifies the patient, so medoffice never prints it whole: not in "
            "errors, not here. It accepts lower case and dashes and stores the compact form.",
        ),
        _item(
            "NDC from the vial's label (4-4-2)",
            "ndc",
            sample.NDC_LABEL_TYPED,
            "Labels print a 10-digit NDC in one of three layouts; claims carry the 11-digit "
            "5-4-2 form (837P LIN*N4). Padding the wrong segment would bill another drug.",
        ),
        _item(
            "The same NDC keyed without hyphens",
            "ndc",
            sample.NDC_BARE_TYPED,
            "Without the hyphens the layout is lost and medoffice refuses to guess.",
        ),
        _item(
            "The same NDC with the layout read off the label",
            "ndc",
            sample.NDC_BARE_TYPED,
            "With the layout named (--layout 4-4-2 on the command line) the bare form "
            "converts to the same billing NDC.",
            layout=sample.NDC_LABEL_LAYOUT,
        ),
        _item(
            f"Diagnosis (ICD-10-CM): {diabetes[1]}",
            "icd10cm",
            diabetes[0],
            "Staff key codes fast, in lower case and without the dot. Claims carry them "
            "without the dot (E119); people read them with it (E11.9).",
        ),
        _item(
            f"Diagnosis (ICD-10-CM): {hypertension[1]}",
            "icd10cm",
            hypertension[0],
            "A three-character category with no subdivisions: no dot to add.",
        ),
        _item(
            f"Diagnosis (ICD-10-CM): {sprain[1]}",
            "icd10cm",
            sprain[0],
            "Seven characters; the 7th (A) says initial encounter. Whether a code exists "
            "on the date of service is a question for the code set, not the format.",
        ),
        _item(
            f"Diagnosis (ICD-10-CM): {typo[1]}",
            "icd10cm",
            typo[0],
            "The dot always follows the third character, so medoffice refuses E1.19 "
            "rather than guess which code was meant.",
        ),
        _item(
            "Office visit (CPT)",
            "cpt",
            sample.CPT_TYPED,
            "A Category I code. medoffice checks the form only: CPT descriptions are the "
            "AMA's, and a practice that licenses CPT can plug its code set in.",
        ),
        _item(
            "Office visit keyed with its modifier in the CPT field",
            "cpt",
            sample.CPT_WITH_MODIFIER_TYPED,
            "The modifier has its own fields (837P SV101-3 to SV101-6, up to four); glued "
            "to the code it makes the code invalid.",
        ),
        _item(
            f"Modifier on the visit: {visit_meaning}",
            "modifier",
            visit_modifier,
            "A CPT (Level I) modifier: two digits, in its own field.",
        ),
        _item(
            f"Modifier on the procedure: {side_meaning}",
            "modifier",
            side_modifier,
            "A HCPCS Level II modifier: two letters (or a letter and a digit), upper-cased.",
        ),
        _item(
            "Billing address ZIP",
            "zipcode",
            practice.billing_zip_typed,
            "A valid ZIP, but the billing provider's address on an 837P claim must carry "
            "the full ZIP+4; payers reject the claim without it.",
            flag=_not_zip4,
        ),
        _item(
            "Billing address ZIP+4, from the USPS lookup",
            "zipcode",
            practice.billing_zip4_typed,
            "Accepted. On the claim it is written without the hyphen.",
            flag=_not_zip4,
        ),
    )
    return Section(
        key="front-desk",
        title="Front desk: the morning's paperwork",
        intro=(
            f"{sample.DAY}, 8 a.m. at {practice.name}. The front desk keys in the "
            "practice's and the providers' identifiers, a Medicare patient's card, a drug "
            "from the fridge and the codes from yesterday's visits. medoffice checks each "
            "one before it can reach a claim."
        ),
        items=items,
    )
