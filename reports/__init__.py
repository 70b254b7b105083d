"""Reports: aggregate data -> a format-agnostic document -> HTML, Markdown, PDF, XLSX or CSV.

    document = build_report(store, "province", checklist_id="utrechtse-weerbaarheidsnorm")
    data = render(document, "html")

The kinds of report are one table (``reports.kinds.REPORT_KINDS``), the output formats another
(``reports.formats.OUTPUT_FORMATS``); the command line and the terminal interface take their choices
from them. Privacy is enforced before a builder sees any data (norm.aggregate); the writers only format.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from norm.aggregate import DEFAULT_MIN_GROUP, check_min_group
from reports.builders.common import ReportError
from reports.formats import OUTPUT_FORMATS, OutputFormat, format_for_path, output_format
from reports.kinds import REPORT_KINDS, ReportKind, ReportRequest, choose_checklist, report_kind

if TYPE_CHECKING:
    from norm.store import Store
    from reports.document import Document

__all__ = ["OUTPUT_FORMATS", "REPORT_KINDS", "OutputFormat", "ReportError", "ReportKind", "ReportRequest",
           "build_report", "choose_checklist", "format_for_path", "output_format", "render", "report_kind"]


def build_report(
    store: Store,
    kind: str,
    *,
    ids: Sequence[int] = (),
    peers: bool = False,
    by: str = "type",
    checklist_id: str | None = None,
    period: str | None = None,
    min_group: int = DEFAULT_MIN_GROUP,
    organisation_type: str | None = None,
    language: str = "nl",
) -> Document:
    """Build one report; raises ReportError (or a StoreError) with a Dutch message.

    ``kind`` is an id of ``REPORT_KINDS``; ``compare`` with ``peers=True`` is the kind ``peers``.
    ``organisation_type`` limits the province report to one type (``--type gemeente``). ``language``
    (``nl`` or ``en``) is the language of the report's fixed texts; the messages raised stay Dutch.
    """
    check_min_group(min_group)
    entry = report_kind("peers" if kind == "compare" and peers else kind)
    if entry.regional:
        if ids:
            raise ReportError(f"'{entry.usage}' neemt geen beoordelingsnummers.")
    else:
        if checklist_id or period:
            raise ReportError("--checklist en --period horen bij 'province' en 'gaps'; een beoordeling bepaalt "
                              "die zelf.")
        if len(ids) != entry.assessments:
            wanted = "precies één beoordelingsnummer" if entry.assessments == 1 else "twee beoordelingsnummers"
            alternative = ", of één met --peers" if entry.id == "compare" else ""
            raise ReportError(f"'{entry.usage}' vraagt om {wanted}{alternative}.")
    if organisation_type is not None and entry.id != "province":
        raise ReportError("--type hoort bij 'report province'.")
    request = ReportRequest(ids=tuple(ids), by=by, checklist_id=checklist_id, period=period, min_group=min_group,
                            organisation_type=organisation_type, language=language)
    return entry.build(store, request)


def render(document: Document, fmt: str, *, bom: bool = False) -> bytes:
    """The document in one format (an id of ``OUTPUT_FORMATS``), as bytes (text formats in UTF-8)."""
    return output_format(fmt).render(document, bom=bom)
