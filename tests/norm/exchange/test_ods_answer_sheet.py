"""The answer sheet saved as .ods (LibreOffice's default) reads back like the .xlsx one, under the same
limits; hostile .ods files are refused with a clear message and change nothing."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from bundle_support import Clock, assessment, dump, new_store
from ods_support import MANIFEST, Formula, content_xml, ods_bytes, table_xml, workbook_as_ods

from norm.exchange import ods_sheet
from norm.exchange.answer_sheet import (
    HEADER_ROW,
    MAX_ROWS,
    MAX_SHEET_BYTES,
    SHEET,
    AnswerSheetError,
    build_answer_sheet,
    import_answer_sheet,
)

LEVEL, REASON, COMMENT, EVIDENCE = 6, 7, 8, 9


@pytest.fixture
def store(tmp_path: Path):
    store = new_store(tmp_path / "gemeente.db", clock=Clock("2026-03-01T09:00:00Z"))
    yield store
    store.close()


def _rows(store, assessment_id: int) -> tuple[Any, dict[str, int]]:
    book = build_answer_sheet(store, assessment_id)
    sheet = book[SHEET]
    rows = {sheet.cell(row=r, column=1).value: r for r in range(HEADER_ROW + 1, sheet.max_row + 1)}
    return book, rows


def answers(store, assessment_id: int) -> dict[str, tuple[Any, ...]]:
    return {code: (a.level, a.not_applicable, a.na_reason, a.comment, a.evidence)
            for code, a in store.answers(assessment_id).items()}


def test_an_ods_sheet_is_read_back(store) -> None:
    assessment_id = assessment(store, levels={"MINI-A01": 1}, finalise=False, text=False)
    book, rows = _rows(store, assessment_id)
    data = workbook_as_ods(book, {
        (SHEET, rows["MINI-A01"], LEVEL): "3 – Geborgd",
        (SHEET, rows["MINI-A01"], COMMENT): "Programma geëvalueerd",
        (SHEET, rows["MINI-A02"], LEVEL): 2.0,
        (SHEET, rows["MINI-A02"], EVIDENCE): 2026,
        (SHEET, rows["MINI-B01"], LEVEL): "0",
        (SHEET, rows["MINI-B02"], REASON): "  Geen vakantieparken  ",
    })
    assert ods_sheet.is_ods(data)
    result = import_answer_sheet(store, assessment_id, data)
    assert sorted(result.changed) == ["MINI-A01", "MINI-A02", "MINI-B01", "MINI-B02"]
    assert answers(store, assessment_id) == {
        "MINI-A01": (3, False, "", "Programma geëvalueerd", ""),
        "MINI-A02": (2, False, "", "", "2026"),
        "MINI-B01": (0, False, "", "", ""),
        "MINI-B02": (None, True, "Geen vakantieparken", "", ""),
    }
    # The same sheet read again changes nothing.
    before = dump(store)
    assert import_answer_sheet(store, assessment_id, data).changed == [] and dump(store) == before


def test_refused_rows_are_listed_as_for_xlsx(store) -> None:
    assessment_id = assessment(store, finalise=False, text=False)
    book, rows = _rows(store, assessment_id)
    before = dump(store)
    data = workbook_as_ods(book, {
        (SHEET, rows["MINI-A01"], LEVEL): 7,
        (SHEET, rows["MINI-A02"], 1): "MINI-A01",
    })
    with pytest.raises(AnswerSheetError) as refused:
        import_answer_sheet(store, assessment_id, data)
    problems = refused.value.problems
    assert any(f"rij {rows['MINI-A01']}: niveau 7 ligt niet op de schaal" in p for p in problems)
    assert any(f"rij {rows['MINI-A02']}: maatregel MINI-A01 staat ook al op rij" in p for p in problems)
    assert dump(store) == before


def test_a_formula_is_refused_with_its_row_and_never_evaluated(store) -> None:
    assessment_id = assessment(store, finalise=False, text=False)
    book, rows = _rows(store, assessment_id)
    before = dump(store)
    data = workbook_as_ods(book, {(SHEET, rows["MINI-A01"], LEVEL): Formula("of:=1+2", 3),
                                  (SHEET, rows["MINI-A02"], COMMENT): Formula('of:=WEBSERVICE("http://x")', 0)})
    with pytest.raises(AnswerSheetError) as refused:
        import_answer_sheet(store, assessment_id, data)
    assert f"rij {rows['MINI-A01']}, kolom Niveau: bevat een formule" in str(refused.value)
    assert len(refused.value.problems) == 2
    assert dump(store) == before


def test_a_sheet_of_another_assessment_is_refused(store) -> None:
    first = assessment(store, finalise=False, text=False)
    second = assessment(store, period="2027", finalise=False, text=False)
    book, _ = _rows(store, first)
    with pytest.raises(AnswerSheetError, match="andere beoordeling"):
        import_answer_sheet(store, second, workbook_as_ods(book))


def _header_and_meta(store, assessment_id: int) -> str:
    """The Kenmerken table of a real sheet (so the file passes the identity checks)."""
    book, _ = _rows(store, assessment_id)
    meta = [[cell.value for cell in row] for row in book["Kenmerken"].iter_rows()]
    return table_xml("Kenmerken", meta, trailing_empty=0)


def _hostile(store, assessment_id: int, answer_rows: str, prolog: str = "") -> bytes:
    return ods_bytes(content_xml(f"<table:table table:name=\"{SHEET}\">{answer_rows}</table:table>"
                                 + _header_and_meta(store, assessment_id), prolog))


@pytest.mark.parametrize(("make", "message"), [
    # A row with content far below: refused before calamine fills the rows in between.
    (lambda: f'<table:table-row table:number-rows-repeated="{MAX_ROWS + 10}"><table:table-cell/></table:table-row>'
             '<table:table-row><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>'
             '</table:table-row>', "te veel rijen"),
    # A repeated row with content: counted as every row it stands for.
    (lambda: f'<table:table-row table:number-rows-repeated="{MAX_ROWS + 1}"><table:table-cell '
             'office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>', "te veel rijen"),
    # A cell far to the right (calamine would build the whole rectangle).
    (lambda: '<table:table-row><table:table-cell table:number-columns-repeated="16000"/><table:table-cell '
             'office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>', "voorbij kolom"),
    # A repeated cell with content: many cells in one row.
    (lambda: '<table:table-row><table:table-cell table:number-columns-repeated="5000" office:value-type="string">'
             '<text:p>x</text:p></table:table-cell></table:table-row>', "kolom"),
    (lambda: '<table:table-row table:number-rows-repeated="-3"><table:table-cell/></table:table-row>',
     "herhalingsaantal"),
    (lambda: '<table:table-row table:number-rows-repeated="veel"><table:table-cell/></table:table-row>',
     "herhalingsaantal"),
])
def test_hostile_rows_and_cells_are_refused(store, make, message: str) -> None:
    assessment_id = assessment(store, finalise=False, text=False)
    before = dump(store)
    with pytest.raises(AnswerSheetError, match=message):
        import_answer_sheet(store, assessment_id, _hostile(store, assessment_id, make()))
    assert dump(store) == before


def test_entities_are_refused(store) -> None:
    assessment_id = assessment(store, finalise=False, text=False)
    prolog = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
    data = ods_bytes(content_xml("", "").replace('<?xml version="1.0" encoding="UTF-8"?>\n',
                                                  '<?xml version="1.0" encoding="UTF-8"?>\n' + prolog))
    with pytest.raises(AnswerSheetError, match="DOCTYPE"):
        import_answer_sheet(store, assessment_id, data)


def _zip(entries: dict[str, bytes], *, stored_mimetype: bool = True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), ods_sheet.MIMETYPE, compress_type=zipfile.ZIP_STORED)
        for name, data in entries.items():
            archive.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


@pytest.mark.parametrize(("make", "message"), [
    (lambda: _zip({"META-INF/manifest.xml": MANIFEST.encode()}), "content.xml ontbreekt"),
    (lambda: _zip({"content.xml": b"<niet-af", "META-INF/manifest.xml": MANIFEST.encode()}), "beschadigd"),
    (lambda: _zip({"content.xml": b"\x00" * (60 * 1024 * 1024)}), "onredelijk groot"),
    (lambda: _zip({"content.xml": content_xml("").encode(),
                   "META-INF/manifest.xml": b"<manifest><encryption-data/></manifest>"}), "wachtwoord"),
    (lambda: _zip({f"x{i}.xml": b"" for i in range(300)}), "te veel onderdelen"),
    (lambda: _zip({"content.xml": content_xml("").encode()})[:200], "geen geldig"),
    (lambda: b"PK\x03\x04" + b"\x00" * 26 + b"mimetype" + ods_sheet.MIMETYPE + b"\x00" * (MAX_SHEET_BYTES + 1),
     "te groot"),
])
def test_damaged_or_hostile_files_are_refused(store, make, message: str) -> None:
    assessment_id = assessment(store, finalise=False, text=False)
    data = make()
    assert ods_sheet.is_ods(data)
    before = dump(store)
    with pytest.raises(AnswerSheetError, match=message):
        import_answer_sheet(store, assessment_id, data)
    assert dump(store) == before


def test_a_workbook_without_the_answer_tab_is_refused(store) -> None:
    assessment_id = assessment(store, finalise=False, text=False)
    data = ods_bytes(content_xml(table_xml("Blad1", [["hallo"]])))
    with pytest.raises(AnswerSheetError, match="ontbreekt"):
        import_answer_sheet(store, assessment_id, data)
