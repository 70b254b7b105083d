"""HTML: one self-contained file (inline CSS and SVG, no scripts, no external resources)."""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from reports import charts
from reports.document import Bullets, Cell, Chart, Document, Figures, Heading, Notice, Paragraph, Table
from reports.formatting import date, display, first_sentence

KIND_LABELS = {
    "org": "Rapport eigen organisatie",
    "compare": "Vergelijking",
    "peers": "Vergelijking met vergelijkbare organisaties",
    "province": "Provinciebreed beeld",
    "gaps": "Tekortenanalyse RIEC",
}
_BLOCK_KINDS = {Heading: "heading", Paragraph: "paragraph", Notice: "notice", Bullets: "bullets",
                Figures: "figures", Chart: "chart", Table: "table"}
# Sequential blues for heatmap cells: light (low) to dark (high).
_HEAT = ("#f1f6fb", "#dbe8f5", "#c0d7ee", "#9cc0e3", "#74a6d6", "#4f8bc6", "#2f6fb0", "#1d5591", "#143f6e")


def heat_style(cell: Cell) -> str:
    """Background (and legible text colour) for a heatmap cell from its 0..1 fill."""
    fill = min(max(cell.fill or 0.0, 0.0), 1.0)
    index = min(int(fill * len(_HEAT)), len(_HEAT) - 1)
    ink = "#ffffff" if index >= 5 else "#1f2933"
    return f"background-color:{_HEAT[index]};color:{ink}"


def column_widths(table: Table) -> list[str]:
    """Relative column widths (percent, one decimal) from the columns' spreadsheet widths."""
    widths = [max(column.width or 10, max(len(word) for word in column.label.split() or [""]) + 4,
                  14 if column.kind == "code" else 0) for column in table.columns]
    total = sum(widths)
    return [f"{100 * width / total:.1f}" for width in widths]


def block_kind(block: object) -> str:
    return _BLOCK_KINDS.get(type(block), "unknown")


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("reports", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(display=display, chart=charts.render, heat_style=heat_style, block_kind=block_kind,
                       nl_date=date, abbreviate=first_sentence, column_widths=column_widths)
    return env


def render_html(document: Document) -> str:
    template = environment().get_template("report.html")
    return template.render(doc=document, kind_label=KIND_LABELS.get(document.kind, document.kind))
