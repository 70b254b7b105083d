"""The DOCX report: read back with python-docx, it holds the headings, tables and notes of the document."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from reports_support import make_store, submit

from norm.scoring import as_percentage
from norm.store import Store
from reports import build_report, format_for_path, output_format, render
from reports.document import Cell, Column, Document, Notice, Paragraph, Section, Table, text


@pytest.fixture(scope="module")
def org_report(tmp_path_factory: pytest.TempPathFactory):
    store = make_store(tmp_path_factory.mktemp("docx") / "docx.db")
    submit(store, "GM0001", "2025", "benoemd", default=1)
    assessment_id = submit(store, "GM0001", "2026", "benoemd", default=2)
    yield store, assessment_id
    store.close()


def read(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def table_rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_docx_is_a_registered_format() -> None:
    assert output_format("docx").suffix == ".docx"
    assert format_for_path(Path("raadsmemo.DOCX")).id == "docx"


def test_the_own_report_reads_back_with_headings_tables_and_figures(org_report: tuple[Store, int]) -> None:
    store, assessment_id = org_report
    document = build_report(store, "org", ids=[assessment_id])
    word = read(render(document, "docx"))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading") or p.style.name == "Title"]
    assert headings[0] == document.title
    for section in document.sections:
        assert section.title in headings
    themes = next(t for t in word.tables if t.rows[0].cells[0].text == "Code"
                  and any(r.cells[0].text == "Totaal" for r in t.rows))
    score = store.score(assessment_id)
    rows = table_rows(themes)
    for theme in score.themes:
        row = next(r for r in rows if r[0] == theme.code)
        assert as_percentage(theme.score) in row
    header = themes.rows[0]._tr
    assert header.trPr is not None and "tblHeader" in header.trPr.xml  # repeated on every page
    assert word.core_properties.author == "weerbaar"


def test_the_comparison_with_the_previous_period_reads_back(org_report: tuple[Store, int]) -> None:
    store, assessment_id = org_report
    previous = store.previous_assessment(assessment_id)
    word = read(render(build_report(store, "compare", ids=[previous.id, assessment_id]), "docx"))
    assert any("2025" in p.text for p in word.paragraphs) or any("2025" in c.text for t in word.tables
                                                                  for r in t.rows for c in r.cells)
    assert word.tables


def test_hostile_text_is_kept_visible_and_the_file_stays_valid() -> None:
    hostile = "=HYPERLINK(\"http://x\")\x07<w:p>&amp;\x1b[31m"
    document = Document(
        kind="org", title=hostile, subtitle="sub", meta=[("Organisatie", hostile)],
        sections=[Section("s", hostile, [
            Paragraph(hostile), Notice(hostile, "waarschuwing"),
            Table("t", "Tabel", [Column("Naam"), Column("Score", "percent")],
                  [[text(hostile), Cell(0.5, "percent")], [text("x"), Cell(None, "percent", suppressed="te klein")]],
                  notes=["Een noot."]),
        ])],
    )
    word = read(render(document, "docx"))
    body = "\n".join(p.text for p in word.paragraphs)
    assert "<w:p>&amp;" in body  # text, not markup
    assert "\x07" not in body and "\x1b" not in body
    rows = table_rows(word.tables[-1])
    assert rows[0] == ["Naam", "Score"]
    assert rows[1][1] == "50%" and rows[2][1] == "onderdrukt"
    assert "Een noot." in body and "te klein" in body


def test_docx_output_is_deterministic(org_report: tuple[Store, int]) -> None:
    store, assessment_id = org_report
    document = build_report(store, "org", ids=[assessment_id])
    first, second = read(render(document, "docx")), read(render(document, "docx"))
    assert [p.text for p in first.paragraphs] == [p.text for p in second.paragraphs]
    assert first.core_properties.created == second.core_properties.created
