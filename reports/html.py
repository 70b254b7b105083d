"""HTML: one self-contained file (inline CSS and SVG, no scripts, no external resources)."""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from reports import charts
from reports.document import Bullets, Cell, Chart, Column, Document, Figures, Heading, Notice, Paragraph, Table
from reports.formatting import date, display, first_sentence
from reports.wording import Words

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


LINE_CHARS = 110  # characters of 9 pt table text across the A4 text width


def column_widths(table: Table) -> list[str]:
    """Column widths in percent, from what the columns hold.

    A narrow column gets the characters of its longest value (or label word); the long text columns
    share what is left, in proportion to the average length of their filled values.
    """
    needs: list[float | None] = []
    floors: list[float] = []
    weights: dict[int, float] = {}
    for index, column in enumerate(table.columns):
        values = [display(row[index]) for row in table.rows]
        if column.abbreviate:
            values = [first_sentence(v) for v in values]
        lengths = [len(v) for v in values if v] or [0]
        # A header is never broken inside a word (style.css): its longest word, in bold, plus the padding.
        label = max((len(word) for word in column.label.split()), default=0) * 1.05 + 2.5
        floors.append(label)
        if column.kind in ("text", "lines") and max(lengths) > 16:
            needs.append(None)
            weight = max(12.0, min(sum(lengths) / len(lengths), 90.0 if column.abbreviate else 60.0))
            weights[index] = weight * (1.25 if not weights else 1.0)  # the first (the title) wraps least
        else:
            needs.append(float(max(label, min(max(lengths), 16) + 1.5, 10.5 if column.kind == "code" else 0)))
    narrow = sum(n for n in needs if n is not None)
    room = LINE_CHARS - narrow
    minimum = 15.0 * len(weights)
    if weights and room < minimum:  # too many narrow columns: shrink them, never below their header's word
        floor = sum(f for f, n in zip(floors, needs, strict=True) if n is not None)
        spare = max(narrow - floor, 0.0)
        shrink = min(spare, minimum - room)
        factor = (spare - shrink) / spare if spare else 1.0
        needs = [None if n is None else f + (n - f) * factor for f, n in zip(floors, needs, strict=True)]
        room = max(LINE_CHARS - sum(n for n in needs if n is not None), 10.0 * len(weights))
    total_weight = sum(weights.values()) or 1.0
    widths = [n if n is not None else room * weights[i] / total_weight for i, n in enumerate(needs)]
    total = sum(widths) or 1.0
    return [f"{100 * width / total:.1f}" for width in widths]


def is_long(cell: Cell) -> bool:
    """Whether a card shows the cell as a paragraph (long text, lists) or inline with the facts."""
    if cell.suppressed or cell.value is None:
        return False
    return cell.kind == "lines" or (cell.kind == "text" and len(display(cell)) > 40)


def zip_cells(columns: list[Column], cells: list[Cell]) -> list[tuple[Column, Cell]]:
    return list(zip(columns, cells, strict=True))


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
                       nl_date=date, abbreviate=first_sentence, column_widths=column_widths,
                       is_long=is_long, zip_cells=zip_cells)
    return env


def render_html(document: Document, chart_names: dict[int, str] | None = None) -> str:
    """The report as one HTML page; ``chart_names`` (id of a Chart block -> file name) adds under each
    chart the name of the separate file it is also written to (``charts.chart_files``)."""
    env = environment()
    names = chart_names or {}
    env.filters["chart_file"] = lambda block: names.get(id(block), "")
    template = env.get_template("report.html")
    words = Words(document.language)
    return template.render(doc=document, kind_label=words.kind(document.kind), w=words)
