"""Reports: aggregate data -> a format-agnostic document -> HTML, Markdown, PDF, XLSX or CSV.

    document = build_report(store, "province", checklist_id="utrechtse-weerbaarheidsnorm")
    data = render(document, "html")

Privacy is enforced before a builder sees any data (norm.aggregate); the writers only format.
"""

from __future__ import annotations

from collections.abc import Sequence

from norm.aggregate import DEFAULT_MIN_GROUP, check_min_group, checklists_with_shared_results, load_shared
from norm.store import Store
from reports.builders.common import ReportError
from reports.document import Document

KINDS: tuple[str, ...] = ("org", "compare", "province", "gaps")
FORMATS: tuple[str, ...] = ("html", "md", "pdf", "xlsx", "csv")
SUFFIXES: dict[str, str] = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".pdf": "pdf",
                            ".xlsx": "xlsx", ".csv": "csv"}
BINARY_FORMATS: frozenset[str] = frozenset({"html", "pdf", "xlsx"})

__all__ = ["BINARY_FORMATS", "FORMATS", "KINDS", "SUFFIXES", "ReportError", "build_report", "choose_checklist",
           "render"]


def choose_checklist(store: Store, checklist_id: str | None) -> str:
    """The checklist for a province or gap report: the one given, or the only one with shared results."""
    if checklist_id:
        store.require_latest_snapshot(checklist_id)
        return checklist_id
    candidates = checklists_with_shared_results(store)
    if not candidates:
        raise ReportError("Er zijn nog geen gedeelde, definitieve beoordelingen; probeer 'weerbaar demo' voor "
                          "een voorbeeld.")
    if len(candidates) > 1:
        raise ReportError(f"Kies een checklist met --checklist: {', '.join(candidates)}.")
    return candidates[0]


def _aggregate_report(store: Store, kind: str, checklist_id: str | None, period: str | None, min_group: int
                      ) -> Document:
    from reports.builders.gaps import build_gaps_report
    from reports.builders.province import build_province_report

    chosen = choose_checklist(store, checklist_id)
    data = load_shared(store, chosen, min_group=min_group)
    if not data.periods:
        raise ReportError(f"Voor checklist '{chosen}' zijn nog geen gedeelde, definitieve beoordelingen.")
    if period is None:
        period = data.latest_period
    elif period not in data.periods:
        raise ReportError(f"Geen gedeelde, definitieve beoordelingen voor periode '{period}'; beschikbaar: "
                          f"{', '.join(data.periods)}.")
    builder = build_province_report if kind == "province" else build_gaps_report
    return builder(data, period)  # type: ignore[arg-type]


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
) -> Document:
    """Build one of the four reports; raises ReportError (or a StoreError) with a Dutch message."""
    check_min_group(min_group)
    if kind not in KINDS:
        raise ReportError(f"Onbekende rapportsoort '{kind}'; kies uit: {', '.join(KINDS)}.")
    if kind in ("province", "gaps"):
        if ids:
            raise ReportError(f"'report {kind}' neemt geen beoordelingsnummers.")
        return _aggregate_report(store, kind, checklist_id, period, min_group)
    if checklist_id or period:
        raise ReportError("--checklist en --period horen bij 'province' en 'gaps'; een beoordeling bepaalt die "
                          "zelf.")
    if kind == "org":
        if len(ids) != 1:
            raise ReportError("'report org' vraagt om precies één beoordelingsnummer.")
        from reports.builders.org import build_org_report

        return build_org_report(store, ids[0])
    from reports.builders.compare import build_compare_report, build_peer_report

    if peers:
        if len(ids) != 1:
            raise ReportError("'report compare ID --peers' vraagt om precies één beoordelingsnummer.")
        return build_peer_report(store, ids[0], by=by, min_group=min_group)
    if len(ids) != 2:
        raise ReportError("'report compare' vraagt om twee beoordelingsnummers, of één met --peers.")
    return build_compare_report(store, ids[0], ids[1])


def render(document: Document, fmt: str, *, bom: bool = False) -> bytes:
    """The document in one format, as bytes (text formats in UTF-8)."""
    if fmt == "html":
        from reports.html import render_html

        return render_html(document).encode("utf-8")
    if fmt == "md":
        from reports.markdown import render_markdown

        return render_markdown(document).encode("utf-8")
    if fmt == "csv":
        from reports.csvout import render_csv

        return (("\ufeff" if bom else "") + render_csv(document)).encode("utf-8")
    if fmt == "xlsx":
        from reports.xlsx import render_xlsx

        return render_xlsx(document)
    if fmt == "pdf":
        from reports.html import render_html
        from reports.pdf import render_pdf

        return render_pdf(render_html(document))
    raise ReportError(f"Onbekend formaat '{fmt}'; kies uit: {', '.join(FORMATS)}.")
