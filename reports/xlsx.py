"""XLSX: the report's figures as data sheets (one per table) plus a cover sheet and the rules.

Numbers stay numbers (shares as fractions with a percent format), text is always stored as text and
guarded against formula injection, and the file is byte-for-byte reproducible.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from openpyxl import Workbook
from openpyxl.cell.cell import Cell as XlCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from norm.untrusted import visible
from reports.document import Bullets, Cell, Column, Document, Figures, Heading, Notice, Paragraph, Table
from reports.formatting import date, display
from reports.guard import guard_formula
from reports.kinds import KIND_LABELS

NAVY = "173A63"
HEADER_FILL = PatternFill("solid", fgColor="E8EEF5")
DEMO_FILL = PatternFill("solid", fgColor="FFF2BF")
FORMATS = {"percent": "0%", "delta_pp": "+0%;-0%;0%", "level": "0.##", "number": "0.##", "count": "0",
           "delta_level": "+0;-0;0"}
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_FIXED_TIME = dt.datetime(2000, 1, 1)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _sheet_name(title: str, used: set[str]) -> str:
    base = _SHEET_FORBIDDEN.sub("-", visible(title)).strip("'") or "Blad"
    base = base[:31]
    name, counter = base, 2
    while name.lower() in used:
        suffix = f" ({counter})"
        name = base[: 31 - len(suffix)] + suffix
        counter += 1
    used.add(name.lower())
    return name


def _cell(sheet: Worksheet, row: int, column: int) -> XlCell:
    cell = sheet.cell(row=row, column=column)
    if not isinstance(cell, XlCell):  # a merged cell: never in a sheet built here
        raise TypeError(f"cell {row},{column} is merged")
    return cell


def _put_text(cell: XlCell, value: str) -> None:
    """Store text as text: hidden characters made visible (openpyxl refuses most control
    characters with IllegalCharacterError), guarded, and never interpreted as a formula."""
    cell.value = guard_formula(value)
    cell.data_type = "s"


def _put(cell: XlCell, value: Cell) -> None:
    if value.suppressed:
        _put_text(cell, "onderdrukt")
        cell.font = Font(italic=True, color="7A8593")
        return
    if value.value is None:
        return
    if value.kind in FORMATS and isinstance(value.value, int | float) and not isinstance(value.value, bool):
        cell.value = value.value
        cell.number_format = FORMATS[value.kind]
        return
    if value.kind == "lines" and isinstance(value.value, tuple):
        _put_text(cell, "\n".join(value.value))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        return
    _put_text(cell, display(value))


def _expanded(table: Table) -> tuple[list[tuple[str, Column]], list[list[Cell | int | None]]]:
    """Headers and rows, with an n column after every column whose cells carry their own n."""
    headers: list[tuple[str, Column]] = []
    for column in table.columns:
        headers.append((column.label, column))
        if column.with_n:
            headers.append((f"{column.label} (n)", Column(f"{column.label} (n)", "count", width=8)))
    rows: list[list[Cell | int | None]] = []
    for row in table.rows:
        values: list[Cell | int | None] = []
        for column, cell in zip(table.columns, row, strict=True):
            values.append(cell)
            if column.with_n:
                values.append(cell.n)
        rows.append(values)
    return headers, rows


def _write_table(sheet: Worksheet, table: Table) -> None:
    headers, rows = _expanded(table)
    widths = [len(label) + 2 for label, _ in headers]
    for index, (label, _) in enumerate(headers, start=1):
        header = _cell(sheet, 1, index)
        _put_text(header, label)
        header.font = Font(bold=True, color=NAVY)
        header.fill = HEADER_FILL
        header.alignment = Alignment(wrap_text=True, vertical="top")
    for r_index, row in enumerate(rows, start=2):
        for c_index, value in enumerate(row, start=1):
            target = _cell(sheet, r_index, c_index)
            if not isinstance(value, Cell):
                if value is not None:
                    target.value = value
                    target.number_format = "0"
                continue
            _put(target, value)
            shown = display(value)
            widths[c_index - 1] = max(widths[c_index - 1], min(len(shown) + 2, 60))
            if value.kind in ("text", "lines") and len(shown) > 40:
                target.alignment = Alignment(wrap_text=True, vertical="top")
    for index, (_, column) in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(6, min(column.width or widths[index - 1], 70))
    sheet.freeze_panes = "B2" if len(headers) > 2 else "A2"
    if rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
    line = len(rows) + 3
    for note in table.notes:
        cell = _cell(sheet, line, 1)
        _put_text(cell, note)
        cell.font = Font(italic=True, color="5F6B7A")
        line += 1


def _cover(sheet: Worksheet, document: Document) -> None:
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 90
    rows: list[tuple[str, str, str]] = [
        ("title", document.title, ""),
        ("sub", f"{KIND_LABELS.get(document.kind, document.kind)} — {document.subtitle}", ""),
    ]
    if document.demo:
        rows.append(("demo", "DEMODATA — fictief", "Deze cijfers zijn verzonnen door 'weerbaar demo'."))
    if document.confidential:
        rows.append(("pair", "Vertrouwelijk", "Bevat de zwakke plekken van een organisatie; deel het niet verder."))
    rows.append(("blank", "", ""))
    rows += [("pair", label, value) for label, value in document.meta]
    if document.date:
        rows.append(("pair", "Gegevens tot en met", date(document.date)))
    for notice in document.notices:
        rows.append(("pair", "Let op", notice.text))
    for section in document.sections:
        for block in section.blocks:
            if isinstance(block, Figures):
                for figure in block.items:
                    rows.append(("pair", figure.label, f"{display(figure.value)}"
                                 + (f" ({figure.detail})" if figure.detail else "")))
    rows.append(("blank", "", ""))
    rows.append(("pair", "Bladen", ", ".join(t.key for t in document.tables()) + ", Uitleg"))
    for index, (kind, label, value) in enumerate(rows, start=1):
        a, b = _cell(sheet, index, 1), _cell(sheet, index, 2)
        _put_text(a, label)
        _put_text(b, value)
        b.alignment = Alignment(wrap_text=True, vertical="top")
        a.alignment = Alignment(vertical="top")
        if kind == "title":
            a.font = Font(bold=True, size=16, color=NAVY)
        elif kind == "sub":
            a.font = Font(size=12, color="5F6B7A")
        elif kind == "demo":
            a.font = Font(bold=True, color="7A5B00")
            a.fill = b.fill = DEMO_FILL
        elif kind == "pair":
            a.font = Font(bold=True)


def _rules(sheet: Worksheet, document: Document) -> None:
    sheet.column_dimensions["A"].width = 110
    row = 1
    rules = next((s for s in document.sections if s.id == "uitleg"), None)
    for block in rules.blocks if rules else []:
        lines: list[tuple[str, bool]] = []
        if isinstance(block, Heading):
            lines = [(block.text, True)]
        elif isinstance(block, Paragraph | Notice):
            lines = [(block.text, False)]
        elif isinstance(block, Bullets):
            lines = [(f"• {item}", False) for item in block.items]
        for line, bold in lines:
            cell = _cell(sheet, row, 1)
            _put_text(cell, line)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.font = Font(bold=bold)
            row += 1


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _reproducible(data: bytes, stamp: dt.datetime) -> bytes:
    """Rewrite the zip with fixed timestamps, so equal data gives equal bytes.

    openpyxl stamps "modified" with the clock when saving; it gets the data's date instead.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    target_buffer = io.BytesIO()
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(target_buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _MODIFIED.sub(rb"\g<1>" + iso + rb"\g<2>", content)
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, content)
    return target_buffer.getvalue()


def render_xlsx(document: Document) -> bytes:
    workbook = Workbook()
    used: set[str] = set()
    cover = workbook.active
    if not isinstance(cover, Worksheet):  # a new workbook has one worksheet
        raise TypeError("a new workbook has no worksheet")
    cover.title = _sheet_name("Rapport", used)
    _cover(cover, document)
    for table in document.tables():
        _write_table(workbook.create_sheet(_sheet_name(table.key, used)), table)
    _rules(workbook.create_sheet(_sheet_name("Uitleg", used)), document)
    stamp = _FIXED_TIME
    if document.date and len(document.date) >= 10:
        try:
            stamp = dt.datetime.fromisoformat(document.date[:19].replace("Z", ""))
        except ValueError:
            stamp = _FIXED_TIME
    workbook.properties.creator = "weerbaar"
    workbook.properties.title = visible(document.title)
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    workbook.properties.lastModifiedBy = "weerbaar"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _reproducible(buffer.getvalue(), stamp)
