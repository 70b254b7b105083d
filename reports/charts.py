"""Inline SVG charts, escaped and self-contained: no scripts, no external resources.

Each chart has a spec (plain data, also used by the writers that show the data as a table) and a
render function returning markup. Every text passes through ``escape``; colours and coordinates are
ours. Charts carry a <title> and a <desc> for screen readers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from reports.document import Chart, Document
from reports.formatting import number, percent, points, shown_delta

WIDTH = 720
LABEL_W = 250
VALUE_W = 70
ROW_H = 26
FONT = 12
FONT_FAMILY = "'Source Sans 3', 'Segoe UI', 'Noto Sans', 'Liberation Sans', 'DejaVu Sans', Arial, sans-serif"

INK = "#1f2933"
MUTED = "#6b7785"
GRID = "#d9dee4"
BLUE = "#2c6fb7"
BLUE_LIGHT = "#cfe0f3"
NAVY = "#173a63"
GREEN = "#2f7d4f"
ORANGE = "#c4631b"
MAGENTA = "#b8327a"
TIER_COLOURS = ("#d9dee4", "#c6dbef", "#8fbbe0", "#4f93cc", "#2c6fb7", "#173a63", "#0d2440")


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    target: float | None = None
    note: str = ""


@dataclass(frozen=True)
class ScoreBars:
    """Horizontal bars 0..100% with a target tick; bars below the target in orange."""

    title: str
    rows: list[Bar]
    description: str = "Balk: score; zwart streepje: streefscore. Oranje: onder de streefscore."
    """What the chart shows, for screen readers (in the report's language)."""
    target_word: str = "streef"
    """The word before the target in a bar's tooltip ("streef 67%")."""


@dataclass(frozen=True)
class Box:
    label: str
    q1: float | None
    median: float | None
    q3: float | None
    target: float | None = None
    own: float | None = None
    note: str = ""


@dataclass(frozen=True)
class BoxPlot:
    """Interquartile boxes with the median, a target tick and optionally the own score."""

    title: str
    rows: list[Box]
    own_label: str = "eigen score"


@dataclass(frozen=True)
class Change:
    label: str
    before: float | None
    after: float | None


@dataclass(frozen=True)
class Dumbbell:
    title: str
    rows: list[Change]
    before_label: str
    after_label: str


@dataclass(frozen=True)
class Series:
    label: str
    values: list[float | None]
    low: list[float | None] = field(default_factory=list)
    high: list[float | None] = field(default_factory=list)
    dashed: bool = False


@dataclass(frozen=True)
class TrendChart:
    title: str
    periods: list[str]
    series: list[Series]


@dataclass(frozen=True)
class Stack:
    label: str
    counts: list[int]
    note: str = ""


@dataclass(frozen=True)
class StackedBars:
    """100% stacked bars (e.g. organisations per growth stage per period)."""

    title: str
    categories: list[str]
    rows: list[Stack]


def _text(x: float, y: float, content: str, *, anchor: str = "start", size: int = FONT, fill: str = INK,
          weight: str = "normal") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{fill}" text-anchor="{anchor}" '
            f'font-weight="{weight}">{escape(content)}</text>')


def _short(label: str, limit: int = 38) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "\u2026"


def _svg(title: str, height: float, body: Sequence[str], desc: str = "") -> Markup:
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height:.0f}" '
            f'role="img" font-family="inherit"><title>{escape(title)}</title>')
    if desc:
        head += f"<desc>{escape(desc)}</desc>"
    return Markup(head + "".join(body) + "</svg>")  # noqa: S704 - every text above passed through escape


def _axis(top: float, bottom: float, x0: float, span: float) -> list[str]:
    parts = []
    for tick in (0, 25, 50, 75, 100):
        x = x0 + span * tick / 100
        parts.append(f'<line x1="{x:.1f}" y1="{top:.1f}" x2="{x:.1f}" y2="{bottom:.1f}" stroke="{GRID}" '
                     'stroke-width="1"/>')
        parts.append(_text(x, bottom + 14, f"{tick}%", anchor="middle", size=10, fill=MUTED))
    return parts


def score_bars(spec: ScoreBars) -> Markup:
    x0, span = LABEL_W, WIDTH - LABEL_W - VALUE_W - 10
    top = 8
    body = _axis(top - 4, top + ROW_H * len(spec.rows), x0, span)
    for index, row in enumerate(spec.rows):
        y = top + index * ROW_H
        target = f" ({spec.target_word} {percent(row.target)})" if row.target is not None else ""
        body.append(f'<g><title>{escape(row.label)}: {escape(percent(row.value))}{escape(target)}</title>')
        body.append(_text(x0 - 8, y + 16, _short(row.label), anchor="end"))
        if row.value is not None:
            below = row.target is not None and row.value < row.target - 1e-9
            body.append(f'<rect x="{x0}" y="{y + 5}" width="{max(span * row.value, 1):.1f}" height="{ROW_H - 10}" '
                        f'rx="2" fill="{ORANGE if below else GREEN}"/>')
        if row.target is not None:
            tx = x0 + span * row.target
            body.append(f'<line x1="{tx:.1f}" y1="{y + 2}" x2="{tx:.1f}" y2="{y + ROW_H - 2}" stroke="{INK}" '
                        'stroke-width="2"/>')
        label = percent(row.value) + (f" {row.note}" if row.note else "")
        body.append(_text(x0 + span + 8, y + 16, label, weight="bold"))
        body.append("</g>")
    height = top + ROW_H * len(spec.rows) + 22
    return _svg(spec.title, height, body, spec.description)


def box_plot(spec: BoxPlot) -> Markup:
    x0, span = LABEL_W, WIDTH - LABEL_W - VALUE_W - 10
    top = 8
    body = _axis(top - 4, top + ROW_H * len(spec.rows), x0, span)
    for index, row in enumerate(spec.rows):
        y = top + index * ROW_H
        mid = y + ROW_H / 2
        body.append(f"<g><title>{escape(row.label)}: mediaan {escape(percent(row.median))}, "
                    f"kwartielen {escape(percent(row.q1))} tot {escape(percent(row.q3))}</title>")
        body.append(_text(x0 - 8, y + 16, _short(row.label), anchor="end"))
        if row.median is not None and row.q1 is not None and row.q3 is not None:
            left, right = x0 + span * row.q1, x0 + span * row.q3
            body.append(f'<rect x="{left:.1f}" y="{y + 5}" width="{max(right - left, 2):.1f}" height="{ROW_H - 10}" '
                        f'fill="{BLUE_LIGHT}" stroke="{BLUE}" stroke-width="1"/>')
            mx = x0 + span * row.median
            body.append(f'<line x1="{mx:.1f}" y1="{y + 3}" x2="{mx:.1f}" y2="{y + ROW_H - 3}" stroke="{NAVY}" '
                        'stroke-width="3"/>')
            value = percent(row.median)
        else:
            body.append(_text(x0 + 4, y + 16, row.note or "onderdrukt", fill=MUTED, size=11))
            value = ""
        if row.target is not None:
            tx = x0 + span * row.target
            body.append(f'<line x1="{tx:.1f}" y1="{y + 1}" x2="{tx:.1f}" y2="{y + ROW_H - 1}" stroke="{INK}" '
                        'stroke-width="1.5" stroke-dasharray="3 2"/>')
        if row.own is not None:
            ox = x0 + span * row.own
            body.append(f'<path d="M{ox:.1f} {mid - 6:.1f} L{ox + 6:.1f} {mid:.1f} L{ox:.1f} {mid + 6:.1f} '
                        f'L{ox - 6:.1f} {mid:.1f} Z" fill="{MAGENTA}" stroke="white" stroke-width="1"/>')
            value = percent(row.own)
        body.append(_text(x0 + span + 8, y + 16, value, weight="bold"))
        body.append("</g>")
    height = top + ROW_H * len(spec.rows) + 22
    legend_y = height + 4
    body.append(f'<rect x="{x0}" y="{legend_y}" width="18" height="10" fill="{BLUE_LIGHT}" stroke="{BLUE}"/>')
    body.append(_text(x0 + 24, legend_y + 9, "middelste helft (Q1–Q3), streep = mediaan", size=10, fill=MUTED))
    body.append(f'<line x1="{x0 + 300}" y1="{legend_y}" x2="{x0 + 300}" y2="{legend_y + 10}" stroke="{INK}" '
                'stroke-dasharray="3 2"/>')
    body.append(_text(x0 + 306, legend_y + 9, "streefscore", size=10, fill=MUTED))
    if any(row.own is not None for row in spec.rows):
        ox = x0 + 390
        body.append(f'<path d="M{ox} {legend_y} L{ox + 5} {legend_y + 5} L{ox} {legend_y + 10} L{ox - 5} '
                    f'{legend_y + 5} Z" fill="{MAGENTA}"/>')
        body.append(_text(ox + 9, legend_y + 9, spec.own_label, size=10, fill=MUTED))
    return _svg(spec.title, legend_y + 16, body)


def dumbbell(spec: Dumbbell) -> Markup:
    x0, span = LABEL_W, WIDTH - LABEL_W - VALUE_W - 10
    top = 8
    body = _axis(top - 4, top + ROW_H * len(spec.rows), x0, span)
    for index, row in enumerate(spec.rows):
        y = top + index * ROW_H
        mid = y + ROW_H / 2
        body.append(f"<g><title>{escape(row.label)}: {escape(percent(row.before))} → {escape(percent(row.after))}"
                    "</title>")
        body.append(_text(x0 - 8, y + 16, _short(row.label), anchor="end"))
        if row.before is not None and row.after is not None:
            bx, ax = x0 + span * row.before, x0 + span * row.after
            colour = GREEN if row.after >= row.before else ORANGE
            body.append(f'<line x1="{bx:.1f}" y1="{mid:.1f}" x2="{ax:.1f}" y2="{mid:.1f}" stroke="{colour}" '
                        'stroke-width="3"/>')
        if row.before is not None:
            body.append(f'<circle cx="{x0 + span * row.before:.1f}" cy="{mid:.1f}" r="5" fill="white" '
                        f'stroke="{MUTED}" stroke-width="2"/>')
        if row.after is not None:
            body.append(f'<circle cx="{x0 + span * row.after:.1f}" cy="{mid:.1f}" r="5" fill="{NAVY}"/>')
        delta = shown_delta(row.before, row.after)  # the difference of the rounded figures in the table beside it
        body.append(_text(x0 + span + 8, y + 16, points(delta, unit=False) if delta is not None else percent(row.after),
                          weight="bold"))
        body.append("</g>")
    height = top + ROW_H * len(spec.rows) + 22
    legend_y = height + 4
    body.append(f'<circle cx="{x0 + 5}" cy="{legend_y + 5}" r="5" fill="white" stroke="{MUTED}" stroke-width="2"/>')
    body.append(_text(x0 + 14, legend_y + 9, spec.before_label, size=10, fill=MUTED))
    body.append(f'<circle cx="{x0 + 165}" cy="{legend_y + 5}" r="5" fill="{NAVY}"/>')
    body.append(_text(x0 + 174, legend_y + 9, spec.after_label, size=10, fill=MUTED))
    return _svg(spec.title, legend_y + 16, body)


def trend_chart(spec: TrendChart) -> Markup:
    left, right, top, height = 48, WIDTH - 200, 12, 200
    count = len(spec.periods)
    step = (right - left) / max(count - 1, 1)

    def px(index: int) -> float:
        return left + (step * index if count > 1 else (right - left) / 2)

    def py(value: float) -> float:
        return top + height * (1 - value)

    body = []
    for tick in (0, 25, 50, 75, 100):
        y = py(tick / 100)
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="{GRID}"/>')
        body.append(_text(left - 6, y + 4, f"{tick}%", anchor="end", size=10, fill=MUTED))
    for index, period in enumerate(spec.periods):
        body.append(_text(px(index), top + height + 16, period, anchor="middle", size=11))
    colours = (NAVY, ORANGE, GREEN, MAGENTA, BLUE)
    for s_index, series in enumerate(spec.series):
        colour = colours[s_index % len(colours)]
        if series.low and series.high:
            band = [(i, lo, hi) for i, (lo, hi) in enumerate(zip(series.low, series.high, strict=False))
                    if lo is not None and hi is not None]
            if len(band) >= 2:
                upper = " ".join(f"{px(i):.1f},{py(hi):.1f}" for i, _, hi in band)
                lower = " ".join(f"{px(i):.1f},{py(lo):.1f}" for i, lo, _ in reversed(band))
                body.append(f'<polygon points="{upper} {lower}" fill="{colour}" fill-opacity="0.12" stroke="none"/>')
        points_ = [(i, v) for i, v in enumerate(series.values) if v is not None]
        dash = ' stroke-dasharray="6 4"' if series.dashed else ""
        if len(points_) >= 2:
            path = " ".join(f"{px(i):.1f},{py(v):.1f}" for i, v in points_)
            body.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"{dash}/>')
        for i, v in points_:
            body.append(f'<circle cx="{px(i):.1f}" cy="{py(v):.1f}" r="4" fill="{colour}"><title>'
                        f"{escape(series.label)} {escape(spec.periods[i])}: {escape(percent(v))}</title></circle>")
            body.append(_text(px(i), py(v) - 8, percent(v), anchor="middle", size=10, fill=colour))
        ly = top + 14 + s_index * 18
        body.append(f'<line x1="{right + 14}" y1="{ly - 4}" x2="{right + 34}" y2="{ly - 4}" stroke="{colour}" '
                    f'stroke-width="2.5"{dash}/>')
        body.append(_text(right + 40, ly, _short(series.label, 26), size=11))
    return _svg(spec.title, top + height + 26, body,
                "Lijnen: mediaan per periode; de band is de middelste helft (Q1–Q3).")


def stacked_bars(spec: StackedBars) -> Markup:
    x0, span = 90, WIDTH - 90 - 20
    top = 8
    body = []
    for index, row in enumerate(spec.rows):
        y = top + index * (ROW_H + 4)
        total = sum(row.counts)
        body.append(_text(x0 - 8, y + 17, row.label, anchor="end"))
        if not total:
            body.append(_text(x0 + 4, y + 17, row.note or "onderdrukt", fill=MUTED, size=11))
            continue
        x = float(x0)
        for c_index, count in enumerate(row.counts):
            if not count:
                continue
            width = span * count / total
            colour = TIER_COLOURS[min(c_index, len(TIER_COLOURS) - 1)]
            body.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{width:.1f}" height="{ROW_H - 4}" fill="{colour}" '
                        f'stroke="white"><title>{escape(spec.categories[c_index])}: {count}</title></rect>')
            if width > 26:
                ink = "white" if c_index >= 3 else INK
                body.append(_text(x + width / 2, y + 18, str(count), anchor="middle", size=11, fill=ink))
            x += width
    legend_y = top + len(spec.rows) * (ROW_H + 4) + 6
    x = float(x0)
    for c_index, category in enumerate(spec.categories):
        colour = TIER_COLOURS[min(c_index, len(TIER_COLOURS) - 1)]
        body.append(f'<rect x="{x:.1f}" y="{legend_y}" width="12" height="12" fill="{colour}" stroke="{GRID}"/>')
        body.append(_text(x + 16, legend_y + 10, _short(category, 24), size=10, fill=MUTED))
        x += 30 + min(len(category), 24) * 6
    return _svg(spec.title, legend_y + 18, body, "Aantal organisaties per groeifase, per periode.")


def level_text(value: float | None) -> str:
    return "\u2013" if value is None else number(value)


RENDERERS = {
    ScoreBars: score_bars,
    BoxPlot: box_plot,
    Dumbbell: dumbbell,
    TrendChart: trend_chart,
    StackedBars: stacked_bars,
}


def render(spec: object) -> Markup:
    """The SVG markup for any chart spec."""
    renderer = RENDERERS.get(type(spec))
    if renderer is None:
        raise TypeError(f"onbekend grafiektype {type(spec).__name__}")
    return renderer(spec)  # type: ignore[operator, no-any-return]


CHART_FILE_SUFFIX = ".svg"


def chart_files(document: Document, stem: str) -> list[tuple[Chart, str, bytes]]:
    """Every chart of ``document`` as a standalone SVG file, in reading order: (the Chart block, the
    file name ``{stem}-grafiek-{n}.svg``, the file's bytes). PNG is not written: no library in the lock
    rasterises SVG without a network (cairosvg is absent; WeasyPrint 70 writes PDF only).

    The SVG is the same markup as in the HTML (every text escaped), with an XML declaration and a
    concrete font, since a standalone file inherits none."""
    files: list[tuple[Chart, str, bytes]] = []
    for section in document.sections:
        for block in section.blocks:
            if isinstance(block, Chart):
                svg = str(render(block.spec)).replace('font-family="inherit"', f'font-family="{FONT_FAMILY}"', 1)
                name = f"{stem}-grafiek-{len(files) + 1}{CHART_FILE_SUFFIX}"
                files.append((block, name, ('<?xml version="1.0" encoding="UTF-8"?>\n' + svg + "\n").encode("utf-8")))
    return files
