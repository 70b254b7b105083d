"""The format-agnostic report document: builders fill it, writers (HTML, Markdown, XLSX, CSV) render it.

Values stay typed (a share is a float 0..1, a level an int) so every format shows the same figure
its own way; a suppressed cell carries its reason instead of a value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

CellKind = Literal["text", "code", "lines", "percent", "level", "count", "delta_pp", "delta_level", "number"]
Tone = Literal["goed", "matig", "slecht", "neutraal"]


@dataclass(frozen=True)
class Cell:
    """One value in a table. ``n`` is the number of organisations behind it, where that applies."""

    value: str | int | float | tuple[str, ...] | None
    kind: CellKind = "text"
    n: int | None = None
    suppressed: str | None = None
    tone: Tone | None = None
    fill: float | None = None  # 0..1, the intensity of a heatmap cell

    @property
    def empty(self) -> bool:
        return self.value is None and self.suppressed is None


def text(value: str | None, **kwargs: object) -> Cell:
    return Cell(value, "text", **kwargs)  # type: ignore[arg-type]


def code(value: str) -> Cell:
    return Cell(value, "code")


def agg(label: str, kind: CellKind, width: int | None = None) -> Column:
    """A column of figures over the organisations counted in the row's n column."""
    return Column(label, kind, width, aggregate=True)


@dataclass(frozen=True)
class Column:
    label: str
    kind: CellKind = "text"
    width: int | None = None  # characters in a spreadsheet; None = from the content
    with_n: bool = False  # cells carry their own n (shown inline; a separate column in data formats)
    aggregate: bool = False  # a figure over the organisations counted in the row's "n" column
    abbreviate: bool = False  # long text: the first sentence in reading formats, all of it in data formats


@dataclass(frozen=True)
class Table:
    """A table; ``key`` names the sheet (XLSX) and the table (CSV)."""

    key: str
    title: str
    columns: list[Column]
    rows: list[list[Cell]]
    notes: list[str] = field(default_factory=list)
    style: Literal["grid", "cards", "heatmap"] = "grid"
    empty_text: str = "Geen gegevens."

    @property
    def suppression_reasons(self) -> list[str]:
        return sorted({cell.suppressed for row in self.rows for cell in row if cell.suppressed})


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Notice:
    text: str
    tone: Literal["info", "waarschuwing", "demo"] = "info"


@dataclass(frozen=True)
class Bullets:
    items: list[str]


@dataclass(frozen=True)
class Figure:
    """A key figure: a label, a value and a line beneath it (n, target, change)."""

    label: str
    value: Cell
    detail: str = ""


@dataclass(frozen=True)
class Figures:
    items: list[Figure]


@dataclass(frozen=True)
class Chart:
    """A chart; ``spec`` is one of the chart specs in reports.charts. The data is also in a table."""

    spec: object
    caption: str


Block = Heading | Paragraph | Notice | Bullets | Figures | Table | Chart


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    blocks: list[Block]
    page_break: bool = False


@dataclass(frozen=True)
class Document:
    kind: str
    title: str
    subtitle: str
    meta: list[tuple[str, str]]
    sections: list[Section]
    notices: list[Notice] = field(default_factory=list)
    demo: bool = False
    confidential: bool = False
    date: str | None = None  # from the data (latest finalisation), never the clock
    language: str = "nl"  # of the fixed texts; the writers use it for their own words

    def tables(self) -> list[Table]:
        return [block for section in self.sections for block in section.blocks if isinstance(block, Table)]
