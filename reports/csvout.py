"""CSV: every figure of the report as one row in a long ("tidy") table.

Columns: tabel; rij; kolom; waarde; eenheid; n; opmerking. Semicolon-separated with a decimal comma,
as Dutch spreadsheet settings expect. Percentages are percentages (48,1 with unit %), levels and
counts plain numbers. Text is guarded against formula injection, and no field carries a control
character or a bidirectional override: every field passes ``norm.untrusted.visible`` on the way out.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from norm.untrusted import visible
from reports.document import Bullets, Cell, Document, Figures, Heading, Paragraph, Table
from reports.formatting import display
from reports.guard import guard_formula
from reports.kinds import KIND_LABELS

HEADER = ["tabel", "rij", "kolom", "waarde", "eenheid", "n", "opmerking"]
UNITS = {"percent": "%", "delta_pp": "pp", "level": "niveau", "delta_level": "niveau", "count": "aantal"}


def _decimal(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return (text if text not in ("-0", "") else "0").replace(".", ",")


def value_of(cell: Cell) -> tuple[str, str, str]:
    """(waarde, eenheid, opmerking) for one cell."""
    if cell.suppressed:
        return "", UNITS.get(cell.kind, ""), f"onderdrukt: {cell.suppressed}"
    value = cell.value
    if value is None:
        return "", UNITS.get(cell.kind, ""), ""
    if cell.kind in ("percent", "delta_pp") and isinstance(value, int | float):
        return _decimal(value * 100), UNITS[cell.kind], ""
    if cell.kind in ("level", "delta_level", "number") and isinstance(value, int | float):
        return _decimal(value), UNITS.get(cell.kind, ""), ""
    if cell.kind == "count" and isinstance(value, int | float):
        return str(int(value)), "aantal", ""
    if cell.kind == "lines" and isinstance(value, tuple):
        return guard_formula(" | ".join(value)), "", ""
    return guard_formula(display(cell)), "", ""


def _key_index(table: Table) -> int:
    """The column that names a row: the first code or text column."""
    return next((i for i, column in enumerate(table.columns) if column.kind in ("code", "text")), 0)


def _row_n(table: Table, row: list[Cell]) -> int | None:
    """The row's own n (its "n" column), given to every figure of the row that has no n itself."""
    for column, cell in zip(table.columns, row, strict=True):
        if column.label == "n" and isinstance(cell.value, int):
            return cell.value
    return None


class _VisibleWriter:
    """The csv writer of the report, with every text field made visible on the way out (text from
    guard_formula already is; this also covers units, notes and labels)."""

    def __init__(self, stream: io.StringIO):
        self._writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")

    def writerow(self, row: Sequence[object]) -> None:
        self._writer.writerow([visible(value) if isinstance(value, str) else value for value in row])


def render_csv(document: Document) -> str:
    buffer = io.StringIO()
    writer = _VisibleWriter(buffer)
    writer.writerow(HEADER)

    def info(label: str, value: str) -> None:
        writer.writerow(["Rapport", guard_formula(label), "waarde", guard_formula(value), "", "", ""])

    info("titel", document.title)
    info("soort", KIND_LABELS.get(document.kind, document.kind))
    info("ondertitel", document.subtitle)
    if document.demo:
        info("demodata", "DEMODATA — fictief")
    for label, value in document.meta:
        info(label, value)
    for section in document.sections:
        for block in section.blocks:
            if isinstance(block, Figures):
                for figure in block.items:
                    value, unit, note = value_of(figure.value)
                    writer.writerow(["Kerncijfers", guard_formula(figure.label), "waarde", value, unit, "",
                                     guard_formula(note or figure.detail)])
    for table in document.tables():
        key_index = _key_index(table)
        for row in table.rows:
            key = guard_formula(display(row[key_index])) if row else ""
            row_n = _row_n(table, row)
            for index, (column, cell) in enumerate(zip(table.columns, row, strict=True)):
                if index == key_index or column.label == "n":
                    continue
                value, unit, note = value_of(cell)
                n = cell.n if cell.n is not None else (row_n if column.aggregate else None)
                writer.writerow([guard_formula(table.key), key, guard_formula(column.label), value, unit,
                                 "" if n is None else str(n), note])
        for note in table.notes:
            writer.writerow([guard_formula(table.key), "noot", "noot", guard_formula(note), "", "", ""])
    rules = next((s for s in document.sections if s.id == "uitleg"), None)
    lines = []
    for block in rules.blocks if rules else []:
        if isinstance(block, Heading | Paragraph):
            lines.append(block.text)
        elif isinstance(block, Bullets):
            lines.extend(block.items)
    for index, line in enumerate(lines, start=1):
        writer.writerow(["Uitleg", str(index), "tekst", guard_formula(line), "", "", ""])
    return buffer.getvalue()
