"""Reading an answer sheet saved as OpenDocument (``.ods``, LibreOffice's default) with python-calamine.

The same limits and care as the ``.xlsx`` route (``norm.exchange.answer_sheet``): the file's size, the
zip's entries and unpacked sizes, encryption, and a streaming scan of ``content.xml`` before calamine
reads anything: no DOCTYPE or entities, a bounded number of XML elements, no row with content below
``MAX_ROWS`` and no more than ``MAX_CELLS`` cells with content (LibreOffice writes empty rows and
columns as one element with a repeat count of a million; those are skipped, not expanded). A cell
holding a formula (``table:formula``) is refused with its row and column, never evaluated.

The workbook is then offered to the row checks of the ``.xlsx`` route through a small adapter with
the few parts of openpyxl's interface they use.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from xml.parsers import expat

MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
MAX_COLUMN = 200
"""No cell with content may lie right of this column (the answer sheet has nine): calamine fills the
rectangle from A1 to the last cell with content, so a cell far to the right would cost memory."""


def is_ods(data: bytes) -> bool:
    """Whether ``data`` looks like an OpenDocument spreadsheet (a zip whose ``mimetype`` entry says so)."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    # The standard puts the uncompressed "mimetype" entry first: its name and content sit at fixed places.
    if data[30:38] == b"mimetype" and data[38:38 + len(MIMETYPE)] == MIMETYPE:
        return True
    try:  # some tools put it elsewhere
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entry = archive.getinfo("mimetype")
            return entry.file_size <= 100 and archive.read(entry).strip() == MIMETYPE
    except (KeyError, zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError, zlib.error,
            NotImplementedError):
        return False


class OdsRefused(Exception):
    """The file was refused before calamine read it; the message is Dutch, ``problems`` lists rows."""

    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.problems = problems or [message]


@dataclass(frozen=True)
class Limits:
    """The limits of the ``.xlsx`` route, handed in so both routes share one set of numbers."""

    max_bytes: int
    max_unpacked: int
    max_part: int
    max_entries: int
    max_elements: int
    max_rows: int
    max_cells: int
    max_cells_per_row: int
    sheet: str
    columns: tuple[str, ...]


class _Scan:
    """Expat handlers over ``content.xml``: counts, positions and formula cells."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.elements = 0
        self.cells = 0
        self.table = ""
        self.row = 0  # the number of the current row (1-based) in the current table
        self.row_repeat = 1
        self.row_has_content = False
        self.row_cells = 0
        self.column = 0
        self.cell_repeat = 1
        self.cell_has_content = False
        self.formulas: list[str] = []

    def _refuse(self, message: str) -> None:
        raise OdsRefused(message)

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        self.elements += 1
        if self.elements > self.limits.max_elements:
            self._refuse(f"het onderdeel content.xml is te groot (meer dan {self.limits.max_elements} XML-elementen)")
        if tag == f"{_TABLE}table":
            self.table = attributes.get(f"{_TABLE}name", "")
            self.row = 0
        elif tag == f"{_TABLE}table-row":
            self.row_repeat = _repeat(attributes.get(f"{_TABLE}number-rows-repeated"))
            self.row += 1
            self.row_has_content = False
            self.row_cells = 0
            self.column = 0
        elif tag in (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell"):
            self.cell_repeat = _repeat(attributes.get(f"{_TABLE}number-columns-repeated"))
            self.column += 1
            self.cell_has_content = f"{_OFFICE}value-type" in attributes
            if f"{_TABLE}formula" in attributes:
                self.cell_has_content = True
                if self.table == self.limits.sheet:
                    columns = self.limits.columns
                    title = columns[self.column - 1] if self.column <= len(columns) else f"{self.column}"
                    self.formulas.append(f"rij {self.row}, kolom {title}: bevat een formule; formules worden niet "
                                         "uitgevoerd, typ de tekst zelf")
                else:
                    self.formulas.append(f"tabblad {self.table}: bevat een formule; formules worden niet uitgevoerd")
        elif tag == f"{_TEXT}p":
            self.cell_has_content = True

    def end(self, tag: str) -> None:
        if tag in (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell"):
            if self.cell_has_content:
                if self.column + self.cell_repeat - 1 > MAX_COLUMN:
                    self._refuse(f"tabblad {self.table} heeft gegevens voorbij kolom {MAX_COLUMN}; een antwoordblad "
                                 f"heeft {len(self.limits.columns)} kolommen")
                self.row_has_content = True
                self.row_cells += self.cell_repeat
                if self.row_cells > self.limits.max_cells_per_row:
                    self._refuse(f"rij {self.row} van tabblad {self.table} heeft te veel cellen")
            self.column += self.cell_repeat - 1
        elif tag == f"{_TABLE}table-row":
            if self.row_has_content:
                last = self.row + self.row_repeat - 1
                if last > self.limits.max_rows:
                    self._refuse(f"het antwoordblad heeft te veel rijen (meer dan {self.limits.max_rows}); verwijder "
                                 "de rijen onder de maatregelen of exporteer een nieuw antwoordblad")
                self.cells += self.row_cells * self.row_repeat
                if self.cells > self.limits.max_cells:
                    self._refuse(f"het werkblad {self.table} heeft te veel cellen")
            self.row += self.row_repeat - 1


def _repeat(value: str | None) -> int:
    if value is None:
        return 1
    try:
        number = int(value)
    except ValueError:
        raise OdsRefused("dit is geen geldig OpenDocument-rekenblad (.ods): een ongeldig herhalingsaantal") from None
    if number < 1:
        raise OdsRefused("dit is geen geldig OpenDocument-rekenblad (.ods): een ongeldig herhalingsaantal")
    return number


def _no_dtd(*_: Any) -> None:
    raise OdsRefused("het bestand bevat een XML-DOCTYPE of entiteiten; dat hoort niet in een rekenblad")


def check_ods(data: bytes, limits: Limits) -> None:
    """Check an ``.ods`` file before calamine reads it.

    :raises OdsRefused: too large, damaged, encrypted, a DTD, rows or cells beyond the limits, or a
        formula (every formula cell listed in ``problems``).
    """
    if len(data) > limits.max_bytes:
        raise OdsRefused(f"het bestand is te groot ({len(data)} bytes; maximaal {limits.max_bytes})")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        raise OdsRefused("dit is geen geldig OpenDocument-rekenblad (.ods)") from None
    with archive:
        entries = archive.infolist()
        if len(entries) > limits.max_entries:
            raise OdsRefused(f"het bestand bevat te veel onderdelen ({len(entries)}; maximaal {limits.max_entries})")
        if any(entry.file_size > limits.max_part for entry in entries) or \
                sum(entry.file_size for entry in entries) > limits.max_unpacked:
            raise OdsRefused(f"het bestand is uitgepakt onredelijk groot (meer dan "
                             f"{limits.max_unpacked // (1024 * 1024)} MB); een antwoordblad is veel kleiner")
        names = archive.namelist()
        if any(entry.flag_bits & 0x1 for entry in entries):
            raise OdsRefused("het bestand is versleuteld; sla het op zonder wachtwoord")
        if "content.xml" not in names:
            raise OdsRefused("dit is geen geldig OpenDocument-rekenblad (.ods): content.xml ontbreekt")
        try:
            if "META-INF/manifest.xml" in names and b"encryption-data" in archive.read("META-INF/manifest.xml"):
                raise OdsRefused("het bestand is met een wachtwoord beveiligd; sla het op zonder wachtwoord")
            scan = _Scan(limits)
            parser = expat.ParserCreate(namespace_separator="}")
            parser.StartElementHandler = scan.start
            parser.EndElementHandler = scan.end
            parser.StartDoctypeDeclHandler = _no_dtd
            parser.EntityDeclHandler = _no_dtd
            read = 0
            with archive.open("content.xml") as stream:
                while chunk := stream.read(64 * 1024):
                    read += len(chunk)
                    if read > limits.max_part:
                        raise OdsRefused("het bestand is uitgepakt onredelijk groot")
                    parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except OdsRefused:
            raise
        except (expat.ExpatError, zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError,
                NotImplementedError):
            raise OdsRefused("dit is geen geldig OpenDocument-rekenblad (.ods): content.xml is beschadigd") from None
    if scan.formulas:
        raise OdsRefused("; ".join(scan.formulas[:10]), scan.formulas)


@dataclass(frozen=True)
class OdsCell:
    """One cell as the row checks read it: ``value`` and openpyxl's ``data_type`` letter."""

    value: Any
    data_type: str


def _cell(value: Any) -> OdsCell:
    if value is None or value == "":
        return OdsCell(None, "n")
    if isinstance(value, bool):
        return OdsCell(value, "b")
    if isinstance(value, int | float):
        return OdsCell(value, "n")
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        return OdsCell(value, "d")
    return OdsCell(str(value), "s")


class OdsSheet:
    """A worksheet with openpyxl's ``iter_rows`` (rows as tuples of cells; missing cells are empty)."""

    def __init__(self, rows: list[list[Any]]):
        self._rows = rows

    def iter_rows(self, min_row: int = 1, max_row: int | None = None, min_col: int = 1,
                  max_col: int | None = None) -> Iterator[tuple[OdsCell, ...]]:
        width = max_col if max_col is not None else max((len(row) for row in self._rows), default=0)
        last = len(self._rows) if max_row is None else min(max_row, len(self._rows))
        for index in range(min_row - 1, last):
            row = self._rows[index]
            values = [row[column] if column < len(row) else None for column in range(min_col - 1, width)]
            yield tuple(_cell(value) for value in values)


class OdsBook:
    """An ``.ods`` workbook read by calamine, with the parts of openpyxl's interface the checks use."""

    def __init__(self, data: bytes, max_rows: int):
        from python_calamine import CalamineWorkbook

        self._sheets: dict[str, OdsSheet] = {}
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        try:
            self.sheetnames: list[str] = list(workbook.sheet_names)
            for name in self.sheetnames:
                # From A1 (not from the first cell with content), so row numbers match the file.
                rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False, nrows=max_rows + 1)
                self._sheets[name] = OdsSheet([list(row) for row in rows])
        finally:
            workbook.close()

    def __getitem__(self, name: str) -> OdsSheet:
        return self._sheets[name]

    def close(self) -> None:
        self._sheets.clear()
