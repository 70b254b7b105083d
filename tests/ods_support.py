"""A small OpenDocument spreadsheet writer for the tests (no LibreOffice needed): an openpyxl workbook,
or rows given directly, as the bytes of an ``.ods`` file, the way LibreOffice lays one out (the
``mimetype`` entry first and stored, trailing empty rows as one element with a large repeat count)."""

from __future__ import annotations

import io
import zipfile
from typing import Any
from xml.sax.saxutils import escape, quoteattr

MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" office:version="1.2"'
)
MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{MIMETYPE}"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    '</manifest:manifest>'
)


class Formula:
    """A cell with a formula (``of:=...``) and the value LibreOffice cached for it."""

    def __init__(self, formula: str, value: Any = 0):
        self.formula = formula
        self.value = value


def cell_xml(value: Any) -> str:
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, Formula):
        return (f'<table:table-cell table:formula={quoteattr(value.formula)} office:value-type="float" '
                f'office:value="{value.value}"><text:p>{value.value}</text:p></table:table-cell>')
    if isinstance(value, bool):
        return (f'<table:table-cell office:value-type="boolean" office:boolean-value="{str(value).lower()}">'
                f"<text:p>{value}</text:p></table:table-cell>")
    if isinstance(value, int | float):
        return (f'<table:table-cell office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>")
    return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'


def table_xml(name: str, rows: list[list[Any]], trailing_empty: int = 1_048_000) -> str:
    body = "".join("<table:table-row>" + "".join(cell_xml(v) for v in row) + "</table:table-row>" for row in rows)
    if trailing_empty:
        body += (f'<table:table-row table:number-rows-repeated="{trailing_empty}">'
                 '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>')
    return f"<table:table table:name={quoteattr(name)}>{body}</table:table>"


def content_xml(tables: str, prolog: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n{prolog}<office:document-content {NAMESPACES}>'
            f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>"
            "</office:document-content>")


def ods_bytes(content: str, *, manifest: str = MANIFEST, extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        for name, data in (extra or {}).items():
            archive.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def workbook_as_ods(book, cells: dict[tuple[str, int, int], Any] | None = None) -> bytes:
    """An openpyxl workbook as .ods; ``cells`` overrides (sheet, row, column) values (1-based)."""
    tables = []
    for sheet in book.worksheets:
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
        for (name, row, column), value in (cells or {}).items():
            if name != sheet.title:
                continue
            while len(rows) < row:
                rows.append([])
            while len(rows[row - 1]) < column:
                rows[row - 1].append(None)
            rows[row - 1][column - 1] = value
        tables.append(table_xml(sheet.title, rows))
    return ods_bytes(content_xml("".join(tables)))
