"""The XLSX answer sheet: export with a level dropdown, read back under the rules, all or nothing."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from bundle_support import Clock, assessment, dump, new_store
from openpyxl import load_workbook

from norm.exchange.answer_sheet import (
    HEADER_ROW,
    SHEET,
    AnswerSheetError,
    build_answer_sheet,
    export_answer_sheet,
    import_answer_sheet,
)

LEVEL, REASON, COMMENT, EVIDENCE = "F", "G", "H", "I"


@pytest.fixture
def store(tmp_path: Path):
    store = new_store(tmp_path / "gemeente.db", clock=Clock("2026-03-01T09:00:00Z"))
    yield store
    store.close()


def sheet_bytes(store, assessment_id: int, edit=None) -> bytes:
    """Export the sheet, let ``edit(sheet, rows)`` fill it in like a colleague would, return the file."""
    book = build_answer_sheet(store, assessment_id)
    sheet = book[SHEET]
    rows = {sheet[f"A{r}"].value: r for r in range(HEADER_ROW + 1, sheet.max_row + 1)}
    if edit:
        edit(sheet, rows)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def answers(store, assessment_id: int) -> dict[str, tuple[Any, ...]]:
    return {code: (a.level, a.not_applicable, a.na_reason, a.comment, a.evidence)
            for code, a in store.answers(assessment_id).items()}


def test_export_lists_applicable_measures_with_a_level_dropdown(store, tmp_path: Path) -> None:
    assessment_id = assessment(store, "W0636", levels={"MINI-A01": 3}, finalise=False, text=False)
    store.set_answer(assessment_id, "MINI-A01", comment="=HYPERLINK(\"http://x\",\"klik\")")
    store.set_answer(assessment_id, "MINI-A02", not_applicable="-geen meldpunt nodig")
    count = export_answer_sheet(store, assessment_id, tmp_path / "blad.xlsx")
    book = load_workbook(tmp_path / "blad.xlsx")
    sheet = book[SHEET]
    assert count == 2  # a water board is not asked MINI-B01 and MINI-B02
    header = [c.value for c in sheet[HEADER_ROW]]
    assert header == ["Code", "Thema", "Maatregel", "Stelling", "Streefniveau", "Niveau", "N.v.t.-reden",
                      "Toelichting", "Bewijs"]
    first, second = HEADER_ROW + 1, HEADER_ROW + 2
    assert [sheet[f"A{r}"].value for r in (first, second)] == ["MINI-A01", "MINI-A02"]
    assert sheet[f"{LEVEL}{first}"].value == "3 – Geborgd" and sheet[f"E{first}"].value == "2 – Uitgevoerd"
    assert sheet[f"{LEVEL}{second}"].value is None and sheet[f"{REASON}{second}"].value == "-geen meldpunt nodig"
    # Text that Excel would take for a formula is stored as text.
    for cell in (sheet[f"{COMMENT}{first}"], sheet[f"{REASON}{second}"]):
        assert cell.data_type == "s" and cell.quotePrefix
    assert sheet[f"{COMMENT}{first}"].value.startswith("=HYPERLINK")
    validations = sheet.data_validations.dataValidation
    assert len(validations) == 1 and validations[0].type == "list"
    assert validations[0].formula1 == "=Schaal!$A$2:$A$5" and str(validations[0].sqref) == f"F{first}:F{second}"
    assert [r[0].value for r in book["Schaal"].iter_rows(min_row=2)] == [
        "0 – Ontbreekt", "1 – In ontwikkeling", "2 – Uitgevoerd", "3 – Geborgd"]
    assert book["Kenmerken"].sheet_state == "hidden"


def test_a_filled_in_sheet_is_read_back(store) -> None:
    assessment_id = assessment(store, levels={"MINI-A01": 1}, finalise=False, text=False)

    def fill(sheet, rows):
        sheet[f"{LEVEL}{rows['MINI-A01']}"] = "3 – Geborgd"
        sheet[f"{COMMENT}{rows['MINI-A01']}"] = "Programma geëvalueerd"
        sheet[f"{LEVEL}{rows['MINI-A02']}"] = 2
        sheet[f"{EVIDENCE}{rows['MINI-A02']}"] = 2026
        sheet[f"{LEVEL}{rows['MINI-B01']}"] = "0"
        sheet[f"{REASON}{rows['MINI-B02']}"] = "  Geen vakantieparken  "

    result = import_answer_sheet(store, assessment_id, sheet_bytes(store, assessment_id, fill))
    assert result.rows == 4 and sorted(result.changed) == ["MINI-A01", "MINI-A02", "MINI-B01", "MINI-B02"]
    assert answers(store, assessment_id) == {
        "MINI-A01": (3, False, "", "Programma geëvalueerd", ""),
        "MINI-A02": (2, False, "", "", "2026"),
        "MINI-B01": (0, False, "", "", ""),
        "MINI-B02": (None, True, "Geen vakantieparken", "", ""),
    }
    assert any(e.field == "level" and e.new_value == "3" for e in store.changelog(assessment_id))
    # Reading the exported sheet back unchanged changes nothing.
    before = dump(store)
    again = import_answer_sheet(store, assessment_id, sheet_bytes(store, assessment_id))
    assert again.changed == [] and dump(store) == before


def test_formula_like_text_survives_the_round_trip(store) -> None:
    assessment_id = assessment(store, finalise=False, text=False)
    store.set_answer(assessment_id, "MINI-A01", comment="=1+1 is geen formule", evidence="@team -lijst")
    before = dump(store)
    assert import_answer_sheet(store, assessment_id, sheet_bytes(store, assessment_id)).changed == []
    assert dump(store) == before


def test_clearing_a_level_in_the_sheet_clears_the_answer(store) -> None:
    assessment_id = assessment(store, finalise=False, text=False)

    def clear(sheet, rows):
        sheet[f"{LEVEL}{rows['MINI-A02']}"] = None

    import_answer_sheet(store, assessment_id, sheet_bytes(store, assessment_id, clear))
    assert "MINI-A02" in store.score(assessment_id).open_items


def _set(column: str, code: str, value: Any):
    def edit(sheet, rows):
        sheet[f"{column}{rows[code]}"] = value
    return edit


def _add_row(values: list[Any]):
    def edit(sheet, rows):
        sheet.append(values)
    return edit


BAD_SHEETS = {
    "level off the scale": (_set(LEVEL, "MINI-A02", 7), "rij 9: niveau 7 ligt niet op de schaal (0, 1, 2, 3)"),
    "level as words": (_set(LEVEL, "MINI-A02", "hoog"), "rij 9: niveau 'hoog' is geen niveau van de schaal"),
    "fractional level": (_set(LEVEL, "MINI-A02", 1.5), "rij 9: niveau 1.5 is geen geheel getal"),
    "n.v.t. as level": (_set(LEVEL, "MINI-A02", "n.v.t."), "rij 9: zet n.v.t. niet bij Niveau"),
    "level and reason": (_set(REASON, "MINI-A01", "geldt niet"), "rij 8: geef een niveau óf een n.v.t.-reden"),
    "n.v.t. on a basisnorm measure": (_set(REASON, "MINI-B01", "geldt niet"),
                                      "rij 10: N.v.t. is niet toegestaan bij MINI-B01: deze maatregel hoort bij de "
                                      "basisnorm"),
    "formula in a comment": (_set(COMMENT, "MINI-B01", "=HYPERLINK(\"http://x\")"),
                             "rij 10, kolom Toelichting: bevat een formule"),
    "formula as level": (_set(LEVEL, "MINI-B01", "=1+1"), "rij 10, kolom Niveau: bevat een formule"),
    "unknown code": (_add_row(["MINI-Z09", None, None, None, None, 2]), "rij 12: maatregel MINI-Z09 bestaat niet"),
    "duplicate code": (_add_row(["MINI-A01", None, None, None, None, 2]),
                       "rij 12: maatregel MINI-A01 staat ook al op rij 8"),
    "missing code": (_add_row([None, None, None, None, None, 2]), "rij 12: de code van de maatregel ontbreekt"),
    "text too long": (_set(EVIDENCE, "MINI-A01", "x" * 20_001), "rij 8, kolom Bewijs: de tekst is te lang"),
    "moved columns": (lambda sheet, rows: sheet.insert_cols(2), "rij 7 moet de kolomkoppen"),
}


@pytest.mark.parametrize("name", list(BAD_SHEETS))
def test_a_bad_row_is_reported_by_number_and_nothing_is_written(store, name: str) -> None:
    edit, message = BAD_SHEETS[name]
    assessment_id = assessment(store, levels={"MINI-A01": 1}, finalise=False, text=False)

    def with_good_changes(sheet, rows):
        sheet[f"{LEVEL}{rows['MINI-B02']}"] = 3  # a valid change on another row must not be written either
        edit(sheet, rows)

    data = sheet_bytes(store, assessment_id, with_good_changes)
    before = dump(store)
    with pytest.raises(AnswerSheetError) as caught:
        import_answer_sheet(store, assessment_id, data)
    assert message in str(caught.value)
    assert dump(store) == before


def test_every_problem_is_listed(store) -> None:
    assessment_id = assessment(store, finalise=False, text=False)

    def two_errors(sheet, rows):
        sheet[f"{LEVEL}{rows['MINI-A01']}"] = 9
        sheet[f"{LEVEL}{rows['MINI-B02']}"] = "veel"

    with pytest.raises(AnswerSheetError) as caught:
        import_answer_sheet(store, assessment_id, sheet_bytes(store, assessment_id, two_errors))
    assert [p.split(":")[0] for p in caught.value.problems] == ["rij 8", "rij 11"]


def test_a_sheet_of_another_assessment_is_refused(store) -> None:
    first = assessment(store, finalise=False, text=False)
    other = assessment(store, "GM0307", finalise=False, text=False)
    with pytest.raises(AnswerSheetError, match="andere beoordeling"):
        import_answer_sheet(store, other, sheet_bytes(store, first))


def test_a_definitive_assessment_takes_no_sheet(store) -> None:
    assessment_id = assessment(store)
    with pytest.raises(AnswerSheetError, match="definitief"):
        import_answer_sheet(store, assessment_id, sheet_bytes(store, assessment_id))


@pytest.mark.parametrize("data", [b"", b"PK\x03\x04 kapot", b'{"format": "weerbaar-inzending"}', bytes(range(256))])
def test_files_that_are_no_workbook_are_refused(store, data: bytes) -> None:
    assessment_id = assessment(store, finalise=False)
    with pytest.raises(AnswerSheetError, match="geen geldig Excel-bestand"):
        import_answer_sheet(store, assessment_id, data)


def test_a_workbook_without_the_answer_sheet_is_refused(store) -> None:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    with pytest.raises(AnswerSheetError, match="ontbreekt"):
        import_answer_sheet(store, assessment(store, finalise=False), buffer.getvalue())


def test_export_to_a_missing_folder_is_refused(store, tmp_path: Path) -> None:
    with pytest.raises(AnswerSheetError, match="bestaat niet"):
        export_answer_sheet(store, assessment(store, finalise=False), tmp_path / "weg" / "blad.xlsx")


def test_an_imported_assessment_takes_no_sheet(store, tmp_path: Path) -> None:
    from bundle_support import bundle_bytes

    from norm.exchange.importer import BundleImporter

    assessment_id = assessment(store, finalise=False)
    province = new_store(tmp_path / "provincie.db")
    imported = BundleImporter(province).import_bytes(bundle_bytes(store, assessment_id)).assessment_id
    assert province.assessment(imported).status == "concept"
    before = dump(province)
    with pytest.raises(AnswerSheetError, match="geïmporteerd"):
        import_answer_sheet(province, imported, sheet_bytes(province, imported))
    assert dump(province) == before
    province.close()
