"""The XLSX answer sheet: officials collect answers from colleagues in Excel and read them back.

The sheet lists the applicable measures of one assessment with a dropdown for the level and
columns for the n.v.t. reason, comment and evidence. Reading it back applies the same rules as
typing the answers: every row is checked first, and one bad row means nothing is written. Cell
values are plain text; a cell holding a formula is refused, never evaluated. Text that Excel could
take for a formula is written as text (quote prefix) on export.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from norm.answers import Answer
from norm.checklist import Checklist
from norm.files import write_atomically
from norm.store import MAX_TEXT, Store, StoreError

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
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_ROWS = 5_000
MAX_PROBLEMS_SHOWN = 10
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
    """Write a value; text that could start a formula stays text."""
    cell = sheet.cell(row=row, column=column)
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
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=2)
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
    for index, level in enumerate(checklist.scale, start=2):
        _put(scale, index, 1, level_choice(level.value, level.label))
        _put(scale, index, 2, level.description).alignment = wrap
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


def _open(data: bytes) -> Workbook:
    if len(data) > MAX_SHEET_BYTES:
        raise AnswerSheetError(f"het bestand is te groot ({len(data)} bytes)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > 1_000 or sum(e.file_size for e in entries) > MAX_UNPACKED_BYTES:
                raise AnswerSheetError("het bestand is uitgepakt onredelijk groot")
        return load_workbook(io.BytesIO(data), read_only=False, data_only=False, keep_links=False)
    except AnswerSheetError:
        raise
    except Exception:  # openpyxl raises many kinds of errors for damaged files
        raise AnswerSheetError("dit is geen geldig Excel-bestand (.xlsx)") from None


def _text(cell: Cell, row: int, title: str, problems: list[str]) -> str:
    value = cell.value
    if cell.data_type == "f" or (isinstance(value, str) and cell.data_type != "s" and value.startswith("=")):
        problems.append(f"rij {row}, kolom {title}: bevat een formule; formules worden niet uitgevoerd, "
                        "typ de tekst zelf")
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
    if "\x00" in text:
        problems.append(f"rij {row}, kolom {title}: bevat een ongeldig teken")
    return text


def _level(cell: Cell, row: int, scale: list[int], problems: list[str]) -> int | None:
    raw = _text(cell, row, "Niveau", problems) if cell.data_type in ("f", "s") else cell.value
    values = ", ".join(map(str, scale))
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        problems.append(f"rij {row}: niveau {raw!r} is geen niveau van de schaal ({values})")
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
            problems.append(f"rij {row}: niveau '{raw}' is geen niveau van de schaal ({values})")
            return None
        raw = int(match.group(1))
    if raw not in scale:
        problems.append(f"rij {row}: niveau {raw} ligt niet op de schaal ({values})")
        return None
    return raw


def read_answer_sheet(
    data: bytes, checklist: Checklist, organisation_type: str, *, uid: str,
    content_hashes: Collection[str] | None = None,
) -> list[SheetRow]:
    """Validate a sheet against the checklist; raises AnswerSheetError listing every problem."""
    book = _open(data)
    if SHEET not in book.sheetnames or META_SHEET not in book.sheetnames:
        raise AnswerSheetError(
            f"het tabblad '{SHEET}' of '{META_SHEET}' ontbreekt; exporteer een nieuw antwoordblad met "
            "'weerbaar export ID --format xlsx'"
        )
    meta = {str(r[0].value): r[1].value for r in book[META_SHEET].iter_rows(min_row=1, max_row=10, max_col=2)}
    if meta.get("beoordeling") != uid:
        raise AnswerSheetError("dit antwoordblad hoort bij een andere beoordeling")
    if meta.get("checklist") not in (content_hashes or {checklist.content_hash}):
        raise AnswerSheetError("dit antwoordblad hoort bij een andere versie van de checklist")
    sheet = book[SHEET]
    if sheet.max_row > MAX_ROWS:
        raise AnswerSheetError(f"het antwoordblad heeft te veel rijen ({sheet.max_row})")
    header = [cell.value for cell in sheet[HEADER_ROW]][: len(COLUMNS)]
    if tuple(header) != COLUMNS:
        raise AnswerSheetError(
            f"rij {HEADER_ROW} moet de kolomkoppen {', '.join(COLUMNS)} bevatten; verplaats geen kolommen"
        )
    applicable = {item.code for item in checklist.applicable_items(organisation_type)}
    scale = checklist.scale_values
    problems: list[str] = []
    rows: list[SheetRow] = []
    seen: dict[str, int] = {}
    for cells in sheet.iter_rows(min_row=HEADER_ROW + 1, max_col=len(COLUMNS)):
        row = cells[0].row
        if all(cell.value is None or (isinstance(cell.value, str) and not cell.value.strip()) for cell in cells):
            continue
        code = _text(cells[0], row, "Code", problems)
        level = _level(cells[5], row, scale, problems)
        reason = _text(cells[6], row, "N.v.t.-reden", problems)
        comment = _text(cells[7], row, "Toelichting", problems)
        evidence = _text(cells[8], row, "Bewijs", problems)
        if not code:
            problems.append(f"rij {row}: de code van de maatregel ontbreekt")
            continue
        if code in seen:
            problems.append(f"rij {row}: maatregel {code} staat ook al op rij {seen[code]}")
            continue
        seen[code] = row
        if checklist.item(code) is None:
            problems.append(f"rij {row}: maatregel {code} bestaat niet in {checklist.id} {checklist.version}")
        elif code not in applicable:
            problems.append(f"rij {row}: maatregel {code} geldt niet voor een {organisation_type}")
        if level is not None and reason:
            problems.append(f"rij {row}: geef een niveau óf een n.v.t.-reden, niet allebei")
        rows.append(SheetRow(row, code, level, reason, comment, evidence))
    if problems:
        shown = "; ".join(problems[:MAX_PROBLEMS_SHOWN])
        more = len(problems) - MAX_PROBLEMS_SHOWN
        raise AnswerSheetError(shown + (f" (en nog {more} andere)" if more > 0 else ""), problems)
    return rows


def import_answer_sheet(store: Store, assessment_id: int, data: bytes) -> SheetImportResult:
    """Apply a filled-in sheet to a concept assessment, all rows or none."""
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
                if not (answer.not_applicable and answer.na_reason == row.na_reason):
                    changes["not_applicable"] = row.na_reason
            elif row.level is not None:
                if answer.not_applicable or answer.level != row.level:
                    changes["level"] = row.level
            elif answer.not_applicable or answer.level is not None:
                changes["level"] = None
            if row.comment != answer.comment:
                changes["comment"] = row.comment
            if row.evidence != answer.evidence:
                changes["evidence"] = row.evidence
            if changes:
                store.set_answer(assessment_id, row.code, **changes)
                changed.append(row.code)
    return SheetImportResult(rows=len(rows), changed=changed)
