"""From an uploaded action plan document to a plan: read (.docx or text export), parse (plan_rows),
link to the previous year's plan, check with the plan file's own validator, and — only when there
is no error — import through the YAML importer (`plan_import`), so the result is exactly that of
importing the equivalent YAML file (`dump_yaml(preview.document)`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from loim.parties.models import Party, PartyKind

from ..models import Plan
from ..planfile.export import dump_yaml, plan_document
from ..planfile.parse import parse_plan
from ..planfile.reader import PlanFileInvalid
from ..services.imports import ImportResult, plan_context, plan_import
from .blocks import Document
from .corrections import apply as apply_corrections
from .docx_reader import NotADocx, read_docx
from .inherit import inherit
from .plan_rows import ParseContext, ParseResult, Problem, Recognised, RecognisedDeliverable, parse_document
from .text_reader import read_text

DOCX_MAGIC = b"PK\x03\x04"


@dataclass
class Preview:
    filename: str
    document: dict
    problems: list[Problem] = field(default_factory=list)
    commitments: list[Recognised] = field(default_factory=list)
    deliverables: list[RecognisedDeliverable] = field(default_factory=list)
    base_year: int | None = None
    linked: list[str] = field(default_factory=list)  # what was carried over from the previous year
    corrected: list[str] = field(default_factory=list)  # the elements the advisor corrected in the preview
    places: dict[str, str] = field(default_factory=dict)  # element → place in the document

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.error]

    @property
    def year(self) -> int | None:
        return self.document.get("year")

    def yaml(self) -> str:
        return dump_yaml(self.document)


def read_document(data: bytes, *, filename: str) -> Document:
    """A .docx (by its zip signature) or a text export (UTF-8, or Windows-1257 as Word may save it)."""
    if data[:4] == DOCX_MAGIC or filename.lower().endswith(".docx"):
        return read_docx(data, filename=filename)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1257", errors="replace")
    return read_text(text, filename=filename)


def parse_context(*, year: int | None = None, filename: str = "") -> ParseContext:
    parties = list(Party.objects.all())
    owner = next((p.slug for p in parties if p.kind == PartyKind.IMPLEMENTER), "elvl")
    return ParseContext(parties=parties, owner=owner, year=year, filename=filename)


def build_preview(
    data: bytes,
    *,
    filename: str,
    year: int | None = None,
    base: dict | None = None,
    corrections: dict[str, dict] | None = None,
) -> Preview:
    """Everything the advisor sees before confirming; writes nothing.

    `base` is the canonical document of the previous year's plan; without it, the plan of the year
    before (when Lõim has one) is used, so indicator keys, counting rules and commitment keys carry
    over and next year's plan links to this year's. `corrections` are the advisor's corrections made
    in the preview (`corrections.apply`): applied to what was read, then the whole plan is checked; a
    problem of the document that a correction mends (an unreadable date, an unknown party, a target
    that is no number) is gone.
    """
    filename = Path(filename).name
    try:
        document = read_document(data, filename=filename)
    except NotADocx:
        return Preview(
            filename,
            {},
            [
                Problem(
                    pgettext("place", "document"),
                    filename,
                    _("The file is not a Word document (.docx) that can be opened."),
                )
            ],
        )
    context = parse_context(year=year, filename=filename)
    result: ParseResult = parse_document(document, context)
    preview = Preview(
        filename, result.document, list(result.problems), list(result.commitments), list(result.deliverables)
    )
    preview.places = dict(result.places)
    has_activities = any(s["activities"] for s in result.document.get("sections", []))
    if not result.document.get("year") or not has_activities or result.document.get("period") is None:
        return preview  # not a plan: nothing to link, correct or check
    plan_year = result.document["year"]
    if base is None:
        previous = Plan.objects.select_related("party", "copied_from").filter(year=plan_year - 1).first()
        if previous is not None:
            base = plan_document(previous)
    renames: dict[str, str] = {}
    if base is not None:
        preview.base_year = base.get("year")
        preview.linked = inherit(result.document, base, renames)
    for old, new in renames.items():
        if old in preview.places:
            preview.places[new] = preview.places.pop(old)
    for problem in preview.problems:
        problem.element = renames.get(problem.element, problem.element)
    if corrections:
        preview.corrected = apply_corrections(result.document, corrections, context.parties)
        mended = {(element, name) for element in preview.corrected for name in CORRECTED_FIELDS}
        preview.problems = [p for p in preview.problems if (p.element, p.field) not in mended]
    check(preview, preview.places)
    return preview


# the fields of the document a correction in the preview sets, so their problems are mended
CORRECTED_FIELDS = ("dates", "responsible", "targets")


def check(preview: Preview, places: dict[str, str]) -> None:
    """The plan file's validator on the equivalent YAML; each error named by its document place."""
    try:
        parse_plan(preview.yaml(), filename=preview.filename, context=plan_context())
    except PlanFileInvalid as exc:
        for error in exc.errors:
            place = places.get(error.where, error.where or _("plan"))
            field = f" ({error.field})" if error.field else ""
            preview.problems.append(Problem(place, "", f"{error.message}{field}"))


def confirm(preview: Preview, *, user=None) -> ImportResult:
    """Write the previewed plan through the YAML importer, in one transaction. Refused with errors."""
    if preview.errors:
        raise PlanFileInvalid([])
    canonical = parse_plan(preview.yaml(), filename=preview.filename, context=plan_context())
    return plan_import(document=canonical, filename=preview.filename, user=user)
