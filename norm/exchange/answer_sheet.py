"""The XLSX answer sheet: officials collect answers from colleagues in Excel and read them back.

The sheet lists the applicable measures of one assessment with a dropdown for the level and
columns for the n.v.t. reason, comment and evidence. Reading it back applies the same rules as
typing the answers: every row is checked first, and one bad row means nothing is written. Cell
values are plain text; a cell holding a formula is refused, never evaluated. Text that Excel could
take for a formula is written as text (quote prefix) on export, and control characters (which XLSX
cannot hold) are written as visible placeholders (``norm.untrusted.visible``).

A sheet saved by LibreOffice as ``.ods`` is read too (``norm.exchange.ods_sheet``, python-calamine),
under the same limits, with the same row checks. A sheet comes from outside and is read under limits
(docs/hostile-input.md): the file's size, the zip's entries and unpacked sizes, and, before openpyxl
builds anything, a streaming scan of every XML part (no DOCTYPE or entities, a bounded number of
elements, rows, cells and shared strings). The sheet itself is then streamed (openpyxl's read-only mode)
and reading stops at ``MAX_ROWS``.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.parsers import expat

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from norm.answers import Answer
from norm.checklist import Checklist
from norm.exchange.ods_sheet import Limits, OdsBook, OdsRefused, check_ods, is_ods
from norm.files import write_atomically
from norm.store import MAX_TEXT, Store, StoreError
from norm.untrusted import UnreadableFile, first_control, read_regular_file, shown, visible

SHEET = "Antwoorden"
SCALE_SHEET = "Schaal"
META_SHEET = "Kenmerken"
SHEET_VERSION = "1"
HEADER_ROW = 7
COLUMNS = ("Code", "Thema", "Maatregel", "Stelling", "Streefniveau", "Niveau", "N.v.t.-reden",
           "Toelichting", "Bewijs")
WIDTHS = (12, 22, 30, 50, 13, 22, 28, 40, 40)
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MAX_SHEET_BYTES = 20 * 1024 * 1024
"""The largest answer sheet file read, in bytes (a sheet of 300 measures is about 30 kB)."""
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
"""The most bytes all parts of the workbook may unpack to (a zip bomb is refused before unpacking)."""
MAX_PART_BYTES = 20 * 1024 * 1024
"""The most bytes one part of the workbook may unpack to."""
MAX_ENTRIES = 200
"""The most parts (zip entries) a workbook may have; Excel writes about 15."""
MAX_XML_ELEMENTS = 500_000
"""The most XML elements in one part of the workbook."""
MAX_ROWS = 5_000
"""The last row number read from the answer sheet (a checklist has at most 2 000 measures)."""
MAX_CELLS = 200_000
"""The most cells in one worksheet."""
MAX_CELLS_PER_ROW = 1_000
MAX_SHARED_STRINGS = 50_000
"""The most distinct texts in a workbook (a full sheet of 5 000 rows holds at most 45 000 cells)."""
MAX_PROBLEMS_SHOWN = 10
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # password-protected .xlsx and old .xls files
_CELL_ROW = re.compile(r"[A-Za-z]{1,3}([0-9]{1,10})$")
_LEVEL_TEXT = re.compile(r"^\s*(-?\d+)\s*(?:[–—-].*)?$", re.DOTALL)


class AnswerSheetError(StoreError):
    """The sheet was refused; ``problems`` lists every row that is wrong."""

    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.problems = problems or [message]


# -- export ---------------------------------------------------------------------------------------


def level_choice(value: int, label: str) -> str:
    """How a level appears in the dropdown: "2 – Uitgevoerd"."""
    return f"{value} – {label}"


def _put(sheet: Worksheet, row: int, column: int, value: Any) -> Cell:
    """Write a value; control characters become visible placeholders (XLSX cannot hold most of
    them, and none belongs in a cell); text that could start a formula stays text."""
    cell = sheet.cell(row=row, column=column)
    if not isinstance(cell, Cell):  # a merged cell: never in a sheet built here
        raise TypeError(f"cell {row},{column} is merged")
    if isinstance(value, str):
        value = visible(value)
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def build_answer_sheet(store: Store, assessment_id: int) -> Workbook:
    """The workbook for one assessment (its applicable measures and current answers)."""
    record = store.assessment(assessment_id)
    checklist = store.checklist(record.snapshot_id)
    answers = store.answers(assessment_id)
    book = Workbook()
    sheet = book.active
    if not isinstance(sheet, Worksheet):  # a new workbook has one worksheet
        raise TypeError("a new workbook has no worksheet")
    sheet.title = SHEET
    bold = Font(bold=True)
    _put(sheet, 1, 1, "Antwoordblad weerbaar").font = Font(bold=True, size=14)
    for row, (label, value) in enumerate(
        (
            ("Organisatie", f"{record.organisation_name} ({record.organisation_code})"),
            ("Checklist", f"{checklist.title} — {checklist.id} versie {checklist.version}"),
            ("Periode", f"{record.period} ({record.kind}, {record.status})"),
            ("Invullen", "Kies per maatregel een niveau, of vul een n.v.t.-reden in; laat de code staan."),
        ),
        start=2,
    ):
        _put(sheet, row, 1, label).font = bold
        _put(sheet, row, 2, value)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for column, (title, width) in enumerate(zip(COLUMNS, WIDTHS, strict=True), start=1):
        cell = _put(sheet, HEADER_ROW, column, title)
        cell.font = bold
        cell.fill = fill
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.freeze_panes = f"B{HEADER_ROW + 1}"
    labels = {level.value: level.label for level in checklist.scale}
    wrap = Alignment(wrap_text=True, vertical="top")
    row = HEADER_ROW
    for theme in checklist.themes:
        for item in theme.items:
            if not item.applies(record.organisation_type):
                continue
            row += 1
            answer = answers.get(item.code) or Answer(item.code)
            level = "" if answer.level is None or answer.not_applicable else level_choice(
                answer.level, labels.get(answer.level, ""))
            values = (item.code, theme.title, item.title, item.statement,
                      level_choice(item.target, labels.get(item.target, "")), level,
                      answer.na_reason if answer.not_applicable else "", answer.comment, answer.evidence)
            for column, value in enumerate(values, start=1):
                _put(sheet, row, column, value or None).alignment = wrap
    last = max(row, HEADER_ROW + 1)
    validation = DataValidation(
        type="list", formula1=f"={SCALE_SHEET}!$A$2:$A${len(checklist.scale) + 1}", allow_blank=True,
        showErrorMessage=True, errorTitle="Ongeldig niveau", error="Kies een niveau uit de lijst.",
    )
    sheet.add_data_validation(validation)
    validation.add(f"F{HEADER_ROW + 1}:F{last}")

    scale = book.create_sheet(SCALE_SHEET)
    for column, title in enumerate(("Niveau", "Omschrijving"), start=1):
        _put(scale, 1, column, title).font = bold
    for index, scale_level in enumerate(checklist.scale, start=2):
        _put(scale, index, 1, level_choice(scale_level.value, scale_level.label))
        _put(scale, index, 2, scale_level.description).alignment = wrap
    scale.column_dimensions["A"].width = 28
    scale.column_dimensions["B"].width = 80

    meta = book.create_sheet(META_SHEET)
    for index, (key, value) in enumerate(
        (("formaat", f"weerbaar-antwoordblad {SHEET_VERSION}"), ("beoordeling", record.uid),
         ("checklist", checklist.content_hash)),
        start=1,
    ):
        _put(meta, index, 1, key)
        _put(meta, index, 2, value)
    meta.sheet_state = "hidden"
    return book


def export_answer_sheet(store: Store, assessment_id: int, path: str | Path) -> int:
    """Write the answer sheet; returns the number of measures on it."""
    if not Path(path).parent.is_dir():
        raise AnswerSheetError(f"De map '{Path(path).parent}' bestaat niet.")
    book = build_answer_sheet(store, assessment_id)
    buffer = io.BytesIO()
    book.save(buffer)
    write_atomically(Path(path), buffer.getvalue())
    return book[SHEET].max_row - HEADER_ROW


# -- import ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetRow:
    """One validated row of the sheet."""

    row: int
    code: str
    level: int | None
    na_reason: str
    comment: str
    evidence: str


@dataclass(frozen=True)
class SheetImportResult:
    rows: int
    changed: list[str]


class _Refused(Exception):
    """Stops the scan of a part; carries the Dutch reason."""


def _check_zip(data: bytes) -> zipfile.ZipFile:
    """The workbook as a zip archive, its directory checked: entries, sizes, encryption."""
    if len(data) > MAX_SHEET_BYTES:
        raise AnswerSheetError(f"het bestand is te groot ({len(data)} bytes; maximaal {MAX_SHEET_BYTES})")
    if data.startswith(_OLE_MAGIC):
        raise AnswerSheetError("dit is geen .xlsx-bestand maar een beveiligd (met wachtwoord) of oud .xls-bestand; "
                               "sla het op als Excel-werkmap (.xlsx) zonder wachtwoord")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        raise AnswerSheetError("dit is geen geldig Excel-bestand (.xlsx)") from None
    try:
        _check_entries(archive)
    except AnswerSheetError:
        archive.close()
        raise
    return archive


def _check_entries(archive: zipfile.ZipFile) -> None:
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        raise AnswerSheetError(f"het bestand bevat te veel onderdelen ({len(entries)}; maximaal {MAX_ENTRIES})")
    if any(entry.file_size > MAX_PART_BYTES for entry in entries) or \
            sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
        raise AnswerSheetError(
            f"het bestand is uitgepakt onredelijk groot (meer dan {MAX_UNPACKED_BYTES // (1024 * 1024)} MB); "
            "een antwoordblad is veel kleiner"
        )
    if any(entry.flag_bits & 0x1 for entry in entries):
        raise AnswerSheetError("het bestand is versleuteld; sla het op zonder wachtwoord")
    if "[Content_Types].xml" not in archive.namelist():
        raise AnswerSheetError("dit is een zip-bestand, maar geen Excel-werkmap (.xlsx)")


def _too_many_rows(number: int) -> None:
    if number > MAX_ROWS:
        raise _Refused(f"het antwoordblad heeft te veel rijen (meer dan {MAX_ROWS}); verwijder de rijen "
                       "onder de maatregelen of exporteer een nieuw antwoordblad")


class _PartCounter:
    """Expat handlers that count what openpyxl would build from one part, and stop past a limit."""

    def __init__(self, name: str):
        self.name = name
        self.elements = self.rows = self.cells = self.row_cells = self.strings = 0

    def _element(self) -> None:
        self.elements += 1
        if self.elements > MAX_XML_ELEMENTS:
            raise _Refused(f"het onderdeel {self.name} is te groot (meer dan {MAX_XML_ELEMENTS} XML-elementen)")

    def any_part(self, tag: str, attributes: dict[str, str]) -> None:
        self._element()

    def shared_strings(self, tag: str, attributes: dict[str, str]) -> None:
        self._element()
        if tag.endswith("}si"):
            self.strings += 1
            if self.strings > MAX_SHARED_STRINGS:
                raise _Refused(f"het bestand bevat te veel teksten (meer dan {MAX_SHARED_STRINGS})")

    def worksheet(self, tag: str, attributes: dict[str, str]) -> None:
        self._element()
        local = tag.rpartition("}")[2]
        if local == "c":
            self.cells += 1
            self.row_cells += 1
            if self.cells > MAX_CELLS or self.row_cells > MAX_CELLS_PER_ROW:
                raise _Refused(f"het werkblad {self.name} heeft te veel cellen")
            match = _CELL_ROW.match(attributes.get("r", ""))
            if match:
                _too_many_rows(int(match.group(1)))
        elif local == "row":
            self.rows += 1
            self.row_cells = 0
            _too_many_rows(self.rows)
            number = attributes.get("r", "")
            if number.isdigit():
                _too_many_rows(int(number))
        elif local == "dimension":
            match = _CELL_ROW.match(attributes.get("ref", "").rpartition(":")[2])
            if match:
                _too_many_rows(int(match.group(1)))


def _no_dtd(*_: Any) -> None:
    raise _Refused("het bestand bevat een XML-DOCTYPE of entiteiten; dat hoort niet in een werkmap")


def _scan_part(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    """Stream one XML part through expat, refusing a DTD (entities) and parts too big to build.

    Every part: at most MAX_XML_ELEMENTS elements. Worksheets: at most MAX_ROWS rows (also by row
    number, cell reference and declared dimension), MAX_CELLS cells and MAX_CELLS_PER_ROW cells in
    a row. Shared strings: at most MAX_SHARED_STRINGS.
    Raises _Refused, expat.ExpatError, zipfile.BadZipFile or zlib.error.
    """
    name = entry.filename
    counter = _PartCounter(name)
    parser = expat.ParserCreate(namespace_separator="}")
    if name.startswith("xl/worksheets/"):
        parser.StartElementHandler = counter.worksheet
    elif name == "xl/sharedStrings.xml":
        parser.StartElementHandler = counter.shared_strings
    else:
        parser.StartElementHandler = counter.any_part
    parser.StartDoctypeDeclHandler = _no_dtd
    parser.EntityDeclHandler = _no_dtd
    read = 0
    with archive.open(entry) as stream:
        while chunk := stream.read(64 * 1024):
            read += len(chunk)
            if read > MAX_PART_BYTES:
                raise _Refused("het bestand is uitgepakt onredelijk groot")
            parser.Parse(chunk, False)
    parser.Parse(b"", True)


def _open(data: bytes) -> Workbook:
    """The workbook, opened read-only (streaming) after the zip and every XML part passed the limits.

    Raises AnswerSheetError saying what is wrong.
    """
    archive = _check_zip(data)
    with archive:
        for entry in archive.infolist():
            if not entry.filename.endswith((".xml", ".rels")):  # not .vml: Excel writes it as loose HTML
                continue
            try:
                _scan_part(archive, entry)
            except _Refused as refusal:
                raise AnswerSheetError(str(refusal)) from None
            # zipfile raises NotImplementedError for a compression method it does not know.
            except (expat.ExpatError, zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError,
                    NotImplementedError):
                raise AnswerSheetError(f"dit is geen geldig Excel-bestand (.xlsx): onderdeel {entry.filename} "
                                       "is beschadigd") from None
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except Exception:  # openpyxl raises many kinds of errors for damaged files
        raise AnswerSheetError("dit is geen geldig Excel-bestand (.xlsx)") from None


def read_sheet_file(path: str | Path) -> bytes:
    """The bytes of an answer sheet file: a regular file of at most MAX_SHEET_BYTES.

    A FIFO or a device (``/dev/zero``, also through a link) is refused before it is opened.
    Raises AnswerSheetError saying why (also for a missing or unreadable file).
    """
    try:
        return read_regular_file(path, MAX_SHEET_BYTES)
    except UnreadableFile as error:
        raise AnswerSheetError(str(error)) from None


def _text(cell: Any, row: int, title: str, problems: list[str]) -> str:
    value = cell.value
    if cell.data_type == "f" or (isinstance(value, str) and cell.data_type != "s" and value.startswith("=")):
        problems.append(f"rij {row}, kolom {title}: bevat een formule; formules worden niet uitgevoerd, "
                        "typ de tekst zelf")
        return ""
    if cell.data_type == "e":
        problems.append(f"rij {row}, kolom {title}: bevat een Excel-foutwaarde ({shown(value)}); typ de tekst zelf")
        return ""
    if value is None:
        return ""
    if isinstance(value, bool):
        text = "WAAR" if value else "ONWAAR"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif hasattr(value, "isoformat"):
        text = value.isoformat()
    else:
        text = str(value)
    text = text.strip()
    if len(text) > MAX_TEXT:
        problems.append(f"rij {row}, kolom {title}: de tekst is te lang (meer dan {MAX_TEXT} tekens)")
    control = first_control(text)
    if control is not None:
        problems.append(f"rij {row}, kolom {title}: bevat een ongeldig teken (stuurteken {control}); "
                        "verwijder het")
    return text


def _level(cell: Any, row: int, scale: list[int], problems: list[str]) -> int | None:
    raw = _text(cell, row, "Niveau", problems) if cell.data_type in ("f", "s") else cell.value
    values = ", ".join(map(str, scale))
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        problems.append(f"rij {row}: niveau {shown(repr(raw))} is geen niveau van de schaal ({values})")
        return None
    if isinstance(raw, float):
        if not raw.is_integer():
            problems.append(f"rij {row}: niveau {raw} is geen geheel getal; kies uit {values}")
            return None
        raw = int(raw)
    if isinstance(raw, str):
        if raw.strip().lower().replace(" ", "") in ("nvt", "n.v.t.", "n.v.t"):
            problems.append(f"rij {row}: zet n.v.t. niet bij Niveau maar vul de kolom N.v.t.-reden in")
            return None
        match = _LEVEL_TEXT.match(raw)
        if match is None:
            problems.append(f"rij {row}: niveau '{shown(raw)}' is geen niveau van de schaal ({values})")
            return None
        raw = int(match.group(1))
    if raw not in scale:
        problems.append(f"rij {row}: niveau {raw} ligt niet op de schaal ({values})")
        return None
    return raw


def _ods_limits() -> Limits:
    return Limits(MAX_SHEET_BYTES, MAX_UNPACKED_BYTES, MAX_PART_BYTES, MAX_ENTRIES, MAX_XML_ELEMENTS, MAX_ROWS,
                  MAX_CELLS, MAX_CELLS_PER_ROW, SHEET, COLUMNS)


def _open_ods(data: bytes) -> OdsBook:
    """An ``.ods`` sheet, read by python-calamine after ``check_ods`` passed it (same limits as .xlsx).

    Raises AnswerSheetError saying what is wrong (every formula cell listed).
    """
    try:
        check_ods(data, _ods_limits())
    except OdsRefused as refusal:
        raise AnswerSheetError(str(refusal), refusal.problems) from None
    try:
        return OdsBook(data, MAX_ROWS)
    except Exception:  # calamine raises its own errors (and others) for damaged files
        raise AnswerSheetError("dit is geen geldig OpenDocument-rekenblad (.ods)") from None


def read_answer_sheet(
    data: bytes, checklist: Checklist, organisation_type: str, *, uid: str,
    content_hashes: Collection[str] | None = None,
) -> list[SheetRow]:
    """Validate a sheet (``.xlsx``, or ``.ods`` recognised by its content) against the checklist.

    Raises AnswerSheetError listing every problem (or the one reason the file cannot be read).
    """
    book: Workbook | OdsBook = _open_ods(data) if is_ods(data) else _open(data)
    try:
        return _read_rows(book, checklist, organisation_type, uid, content_hashes)
    except AnswerSheetError:
        raise
    except Exception:  # a damaged part openpyxl only meets while streaming the rows
        raise AnswerSheetError("dit is geen geldig Excel-bestand (.xlsx)") from None
    finally:
        book.close()


def _read_rows(
    book: Workbook | OdsBook, checklist: Checklist, organisation_type: str, uid: str,
    content_hashes: Collection[str] | None,
) -> list[SheetRow]:
    if SHEET not in book.sheetnames or META_SHEET not in book.sheetnames:
        raise AnswerSheetError(
            f"het tabblad '{SHEET}' of '{META_SHEET}' ontbreekt; exporteer een nieuw antwoordblad met "
            "'weerbaar export ID --format xlsx'"
        )
    meta = {str(r[0].value): r[1].value
            for r in book[META_SHEET].iter_rows(min_row=1, max_row=10, min_col=1, max_col=2) if len(r) == 2}
    if meta.get("beoordeling") != uid:
        raise AnswerSheetError("dit antwoordblad hoort bij een andere beoordeling")
    if meta.get("checklist") not in (content_hashes or {checklist.content_hash}):
        raise AnswerSheetError("dit antwoordblad hoort bij een andere versie van de checklist")
    applicable = {item.code for item in checklist.applicable_items(organisation_type)}
    scale = checklist.scale_values
    problems: list[str] = []
    rows: list[SheetRow] = []
    seen: dict[str, int] = {}
    header_seen = False
    # Streamed: openpyxl yields a row at a time (and fills in missing rows), so stop at MAX_ROWS.
    # The declared dimension is not trusted: openpyxl would silently skip rows below a stale one.
    sheet = book[SHEET]
    if isinstance(sheet, ReadOnlyWorksheet):
        sheet.reset_dimensions()
    sheet_rows = sheet.iter_rows(min_row=1, min_col=1, max_col=len(COLUMNS))
    for row, cells in enumerate(sheet_rows, start=1):
        if row > MAX_ROWS:
            raise AnswerSheetError(f"het antwoordblad heeft te veel rijen (meer dan {MAX_ROWS}); verwijder de "
                                   "rijen onder de maatregelen of exporteer een nieuw antwoordblad")
        if row < HEADER_ROW:
            continue
        if row == HEADER_ROW:
            header = tuple(cell.value for cell in cells)
            if header != COLUMNS:
                raise AnswerSheetError(
                    f"rij {HEADER_ROW} moet de kolomkoppen {', '.join(COLUMNS)} bevatten; verplaats geen kolommen"
                )
            header_seen = True
            continue
        if len(cells) < len(COLUMNS) or all(
            cell.value is None or (isinstance(cell.value, str) and not cell.value.strip()) for cell in cells
        ):
            continue
        _check_row(row, cells, checklist, organisation_type, applicable, scale, seen, rows, problems)
    if not header_seen:
        raise AnswerSheetError(
            f"rij {HEADER_ROW} moet de kolomkoppen {', '.join(COLUMNS)} bevatten; verplaats geen kolommen"
        )
    if problems:
        shown = "; ".join(problems[:MAX_PROBLEMS_SHOWN])
        more = len(problems) - MAX_PROBLEMS_SHOWN
        raise AnswerSheetError(shown + (f" (en nog {more} andere)" if more > 0 else ""), problems)
    return rows


def _check_row(
    row: int, cells: tuple[Any, ...], checklist: Checklist, organisation_type: str, applicable: set[str],
    scale: list[int], seen: dict[str, int], rows: list[SheetRow], problems: list[str],
) -> None:
    code = _text(cells[0], row, "Code", problems)
    level = _level(cells[5], row, scale, problems)
    reason = _text(cells[6], row, "N.v.t.-reden", problems)
    comment = _text(cells[7], row, "Toelichting", problems)
    evidence = _text(cells[8], row, "Bewijs", problems)
    if not code:
        problems.append(f"rij {row}: de code van de maatregel ontbreekt")
        return
    if code in seen:
        problems.append(f"rij {row}: maatregel {shown(code)} staat ook al op rij {seen[code]}")
        return
    seen[code] = row
    item = checklist.item(code)
    if item is None:
        problems.append(f"rij {row}: maatregel {shown(code)} bestaat niet in {checklist.id} {checklist.version}")
    elif code not in applicable:
        problems.append(f"rij {row}: maatregel {code} geldt niet voor een {organisation_type}")
    elif reason and not item.allows_na:
        problems.append(f"rij {row}: {item.na_refusal}")
    if level is not None and reason:
        problems.append(f"rij {row}: geef een niveau óf een n.v.t.-reden, niet allebei")
    rows.append(SheetRow(row, code, level, reason, comment, evidence))


def _same_text(from_sheet: str, stored: str) -> bool:
    """Whether the sheet still shows the stored text: as it is, or as exported (``visible``)."""
    return from_sheet == stored or from_sheet == visible(stored)


def import_answer_sheet(store: Store, assessment_id: int, data: bytes) -> SheetImportResult:
    """Apply a filled-in sheet to a concept assessment, all rows or none.

    Raises AnswerSheetError (the assessment takes no sheet, or the sheet is refused: every problem
    listed) and the store's errors for an unknown assessment.
    """
    record = store.assessment(assessment_id)
    if record.is_definitive:
        raise AnswerSheetError(
            f"beoordeling {assessment_id} is definitief; een antwoordblad kan haar niet meer wijzigen"
        )
    if record.origin == "demo":
        raise AnswerSheetError(f"beoordeling {assessment_id} is demodata (weerbaar demo) en blijft zoals ze is")
    if record.origin != "lokaal":
        raise AnswerSheetError(
            f"beoordeling {assessment_id} is geïmporteerd; alleen de organisatie zelf wijzigt haar antwoorden"
        )
    checklist = store.checklist(record.snapshot_id)
    rows = read_answer_sheet(data, checklist, record.organisation_type, uid=record.uid,
                             content_hashes=store.content_hashes(record.snapshot_id))
    changed: list[str] = []
    with store.write():
        current = store.answers(assessment_id)
        for row in rows:
            answer = current.get(row.code) or Answer(row.code)
            changes: dict[str, Any] = {}
            if row.na_reason:
                if not (answer.not_applicable and _same_text(row.na_reason, answer.na_reason)):
                    changes["not_applicable"] = row.na_reason
            elif row.level is not None:
                if answer.not_applicable or answer.level != row.level:
                    changes["level"] = row.level
            elif answer.not_applicable or answer.level is not None:
                changes["level"] = None
            if not _same_text(row.comment, answer.comment):
                changes["comment"] = row.comment
            if not _same_text(row.evidence, answer.evidence):
                changes["evidence"] = row.evidence
            if changes:
                store.set_answer(assessment_id, row.code, **changes)
                changed.append(row.code)
    return SheetImportResult(rows=len(rows), changed=changed)
