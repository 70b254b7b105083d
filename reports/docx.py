"""DOCX: the report as an editable Word document (python-docx), for a council memo.

Headings stay headings (Word's own styles, so the navigation pane and a table of contents work),
tables stay tables with a repeated header row, and the notes under a table stay beside it. Every text
passes ``norm.untrusted.visible`` first: a control character cannot be stored in the XML of a
document, so it is shown as a placeholder instead of breaking the file. Charts are left out; their
figures are in the tables beside them. The core properties carry no clock time, so the same report
gives the same document text.
"""

from __future__ import annotations

import datetime as dt
import io

from docx import Document as new_document
from docx.document import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.table import Table as WordTable

from norm.untrusted import visible
from reports.document import Bullets, Cell, Chart, Document, Figures, Heading, Notice, Paragraph, Table
from reports.formatting import SUPPRESSED, date, display
from reports.wording import Words

_NUMERIC = {"percent", "level", "count", "delta_pp", "delta_level", "number"}
_GREY = RGBColor(0x5A, 0x65, 0x73)
_FIXED_TIME = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def _text(value: object) -> str:
    return visible("" if value is None else str(value))


def _repeat_header(table: WordTable) -> None:
    """Repeat the first row of ``table`` on every page (Word's "herhalen als koprij")."""
    row_properties = table.rows[0]._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    row_properties.append(marker)


def _cell_text(cell: Cell) -> str:
    if cell.suppressed:
        return SUPPRESSED
    if cell.kind == "lines" and isinstance(cell.value, tuple):
        return "\n".join(_text(line) for line in cell.value)
    text = _text(display(cell))
    if cell.n is not None and cell.kind in _NUMERIC and cell.value is not None:
        text += f" (n = {cell.n})"
    return text


def _add_table(word: WordDocument, table: Table) -> None:
    if table.title:
        word.add_paragraph(_text(table.title), style="Heading 3")
    if not table.rows:
        word.add_paragraph(_text(table.empty_text))
    else:
        grid = word.add_table(rows=1, cols=len(table.columns))
        grid.style = "Table Grid"
        grid.alignment = WD_TABLE_ALIGNMENT.LEFT
        for index, column in enumerate(table.columns):
            cell = grid.rows[0].cells[index]
            cell.text = ""
            run = cell.paragraphs[0].add_run(_text(column.label))
            run.bold = True
        _repeat_header(grid)
        for row in table.rows:
            cells = grid.add_row().cells
            for index, value in enumerate(row):
                cells[index].text = _cell_text(value)
                if value.suppressed:
                    for run in cells[index].paragraphs[0].runs:
                        run.italic = True
    for note in [*table.notes, *table.suppression_reasons]:
        paragraph = word.add_paragraph()
        run = paragraph.add_run(_text(note))
        run.italic = True
        run.font.size = Pt(9)
        run.font.color.rgb = _GREY


def _add_figures(word: WordDocument, figures: Figures) -> None:
    grid = word.add_table(rows=0, cols=3)
    grid.style = "Table Grid"
    for figure in figures.items:
        cells = grid.add_row().cells
        cells[0].text = _text(figure.label)
        cells[1].text = ""
        cells[1].paragraphs[0].add_run(_cell_text(figure.value)).bold = True
        cells[2].text = _text(figure.detail)


def _add_notice(word: WordDocument, notice: Notice, words: Words | None = None) -> None:
    paragraph = word.add_paragraph()
    paragraph.add_run(f"{(words or Words()).notice(notice.tone)}: ").bold = True
    paragraph.add_run(_text(notice.text))


def render_docx(document: Document) -> bytes:
    """The document as the bytes of a .docx file."""
    word = new_document()
    words = Words(document.language)
    properties = word.core_properties
    properties.title = _text(document.title)[:255]
    properties.subject = _text(words.kind(document.kind))[:255]
    properties.author = "weerbaar"
    properties.last_modified_by = "weerbaar"
    properties.created = properties.modified = _FIXED_TIME
    properties.revision = 1
    if document.demo:
        _add_notice(word, Notice(words("frame.demo_docx"), "demo"), words)
    word.add_heading(_text(document.title), level=0)
    line = " · ".join(part for part in (words.kind(document.kind), document.subtitle,
                                        words("frame.confidential") if document.confidential else "") if part)
    word.add_paragraph(_text(line), style="Subtitle")
    meta = ([*document.meta, (words("frame.date"), date(document.date, words.language))] if document.date
            else list(document.meta))
    if meta:
        grid = word.add_table(rows=0, cols=2)
        for name, value in meta:
            cells = grid.add_row().cells
            cells[0].text = ""
            cells[0].paragraphs[0].add_run(_text(name)).bold = True
            cells[1].text = _text(value)
    for notice in document.notices:
        _add_notice(word, notice, words)
    for section in document.sections:
        word.add_heading(_text(section.title), level=1)
        for block in section.blocks:
            if isinstance(block, Heading):
                word.add_heading(_text(block.text), level=2)
            elif isinstance(block, Paragraph):
                word.add_paragraph(_text(block.text))
            elif isinstance(block, Notice):
                _add_notice(word, block, words)
            elif isinstance(block, Bullets):
                for item in block.items:
                    word.add_paragraph(_text(item), style="List Bullet")
            elif isinstance(block, Figures):
                _add_figures(word, block)
            elif isinstance(block, Table):
                _add_table(word, block)
            elif isinstance(block, Chart) and block.caption:
                word.add_paragraph(_text(block.caption), style="Caption")
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()
