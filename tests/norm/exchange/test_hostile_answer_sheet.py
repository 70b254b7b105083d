"""Hostile answer sheets (.xlsx): a million rows, zip bombs, XML entities, formulas, control
characters, devices. Each is refused quickly and in bounded memory, with a Dutch reason, and writes
nothing; an exported sheet holding control characters round-trips unchanged (docs/hostile-input.md)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from bundle_support import Clock, assessment, dump, new_store
from hostile_support import FORBIDDEN_IN_OUTPUT, HOSTILE_TEXT, in_child, make_fifo, traced
from openpyxl import load_workbook

from norm.exchange import answer_sheet
from norm.exchange.answer_sheet import (
    MAX_ENTRIES,
    MAX_ROWS,
    MAX_SHARED_STRINGS,
    SHEET,
    AnswerSheetError,
    build_answer_sheet,
    export_answer_sheet,
    import_answer_sheet,
    read_sheet_file,
)

QUICK = 3.0  # seconds, measured under tracemalloc on a shared machine; the refusals take 1–500 ms
SMALL = 50.0  # MB of Python allocations
SHEET_PART = "xl/worksheets/sheet1.xml"


@pytest.fixture
def store(tmp_path: Path):
    store = new_store(tmp_path / "gemeente.db", clock=Clock("2026-03-01T09:00:00Z"))
    yield store
    store.close()


@pytest.fixture
def concept(store) -> int:
    return assessment(store, finalise=False, text=False)


def exported(store, assessment_id: int) -> bytes:
    buffer = io.BytesIO()
    build_answer_sheet(store, assessment_id).save(buffer)
    return buffer.getvalue()


def rebuilt(xlsx: bytes, parts: dict[str, bytes | None], *, extra: int = 0) -> bytes:
    """The workbook with parts replaced (None: removed) or added, and ``extra`` tiny parts more."""
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename not in parts:
                target.writestr(info.filename, source.read(info.filename))
        for name, content in parts.items():
            if content is not None:
                target.writestr(name, content)
        for index in range(extra):
            target.writestr(f"xl/extra/{index}.bin", b"")
    return buffer.getvalue()


def sheet_part(xlsx: bytes) -> bytes:
    return zipfile.ZipFile(io.BytesIO(xlsx)).read(SHEET_PART)


def with_rows(xlsx: bytes, rows: bytes) -> bytes:
    """Append rows after the sheet's own rows."""
    part = sheet_part(xlsx)
    return rebuilt(xlsx, {SHEET_PART: part.replace(b"</sheetData>", rows + b"</sheetData>")})


def with_cell(xlsx: bytes, ref: str, cell: bytes) -> bytes:
    """Put a cell (raw XML) at ``ref`` in place of what is there, or at the end of its row."""
    part = sheet_part(xlsx)
    pattern = re.compile(rb'<c r="' + ref.encode() + rb'"[^>]*?(/>|>.*?</c>)', re.DOTALL)
    if pattern.search(part):
        part = pattern.sub(lambda _: cell, part, count=1)
    else:
        row = re.search(rb"\d+", ref.encode()).group()
        part = re.sub(rb'(<row r="' + row + rb'"[^>]*>.*?)</row>', lambda m: m.group(1) + cell + b"</row>", part,
                      count=1, flags=re.DOTALL)
    assert cell in part
    return rebuilt(xlsx, {SHEET_PART: part})


def refusal(store, assessment_id: int, data: bytes) -> tuple[str, dict[str, float]]:
    """Import ``data``; assert it was refused and wrote nothing; return the reason and the figures."""
    before = dump(store)
    with traced() as measured, pytest.raises(AnswerSheetError) as caught:
        import_answer_sheet(store, assessment_id, data)
    assert dump(store) == before
    return str(caught.value), measured


TOO_MANY_ROWS = f"het antwoordblad heeft te veel rijen (meer dan {MAX_ROWS})"


# -- size ---------------------------------------------------------------------------------------


def test_a_million_rows_are_refused_quickly_in_little_memory(store, concept) -> None:
    data = with_rows(exported(store, concept), b"<row/>" * 1_000_000)
    assert len(data) < 1_000_000  # a small file: the rows compress well
    reason, measured = refusal(store, concept, data)
    assert reason.startswith(TOO_MANY_ROWS)
    assert measured["seconds"] < QUICK and measured["peak_mb"] < SMALL, measured


def test_a_million_rows_of_text_are_refused_by_their_unpacked_size(store, concept) -> None:
    rows = b"".join(b'<row r="%d"><c r="H%d" t="inlineStr"><is><t>tekst</t></is></c></row>' % (n, n)
                    for n in range(12, 1_000_012))
    reason, measured = refusal(store, concept, with_rows(exported(store, concept), rows))
    assert reason.startswith("het bestand is uitgepakt onredelijk groot (meer dan 50 MB)")
    assert measured["seconds"] < QUICK and measured["peak_mb"] < SMALL, measured


@pytest.mark.parametrize("trick", ["row number", "cell reference", "declared dimension"])
def test_a_row_far_below_is_refused_without_filling_the_gap(store, concept, trick: str) -> None:
    xlsx = exported(store, concept)
    if trick == "row number":
        data = with_rows(xlsx, b'<row r="1048576"><c><v>1</v></c></row>')
    elif trick == "cell reference":
        data = with_rows(xlsx, b'<row><c r="H1048576"><v>1</v></c></row>')
    else:
        # openpyxl writes the element with or without a space before "/>", depending on its version.
        part = re.sub(rb'<dimension ref="A1:I11" ?/>', b'<dimension ref="A1:I1048576" />', sheet_part(xlsx))
        assert part != sheet_part(xlsx)
        data = rebuilt(xlsx, {SHEET_PART: part})
    reason, measured = refusal(store, concept, data)
    assert reason.startswith(TOO_MANY_ROWS)
    assert measured["seconds"] < QUICK and measured["peak_mb"] < SMALL, measured


@pytest.mark.parametrize("rows", [b"<row/>" * 1_000_000, b'<row r="1048576"><c><v>1</v></c></row>'],
                         ids=["a million rows", "a row far below"])
def test_the_streaming_read_stops_at_the_row_limit_on_its_own(store, concept, monkeypatch, rows: bytes) -> None:
    """The second line of defence: without the scan of the XML, reading still stops at MAX_ROWS."""
    monkeypatch.setattr(answer_sheet, "_scan_part", lambda archive, entry: None)
    reason, measured = refusal(store, concept, with_rows(exported(store, concept), rows))
    assert reason.startswith(TOO_MANY_ROWS)
    assert measured["seconds"] < QUICK and measured["peak_mb"] < SMALL, measured


def test_a_row_with_thousands_of_cells_is_refused(store, concept) -> None:
    reason, measured = refusal(store, concept, with_rows(exported(store, concept), b"<row>" + b"<c/>" * 5_000
                                                         + b"</row>"))
    assert reason == "het werkblad xl/worksheets/sheet1.xml heeft te veel cellen"
    assert measured["peak_mb"] < SMALL


def test_too_many_shared_strings_are_refused(store, concept) -> None:
    strings = (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               + b"<si><t>x</t></si>" * (MAX_SHARED_STRINGS + 1) + b"</sst>")
    reason, measured = refusal(store, concept, rebuilt(exported(store, concept), {"xl/sharedStrings.xml": strings}))
    assert reason == f"het bestand bevat te veel teksten (meer dan {MAX_SHARED_STRINGS})"
    assert measured["seconds"] < QUICK and measured["peak_mb"] < SMALL, measured


# -- the zip ------------------------------------------------------------------------------------


def test_a_zip_bomb_is_refused_before_unpacking(store, concept) -> None:
    xlsx = exported(store, concept)
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info.filename))
        with target.open("xl/media/bom.bin", "w") as stream:  # 256 MB of zeros, 250 kB packed
            zeros = bytes(1024 * 1024)
            for _ in range(256):
                stream.write(zeros)
    data = buffer.getvalue()
    assert len(data) < 1024 * 1024
    reason, measured = refusal(store, concept, data)
    assert reason.startswith("het bestand is uitgepakt onredelijk groot")
    assert measured["seconds"] < QUICK and measured["peak_mb"] < SMALL, measured


def test_a_zip_that_understates_its_unpacked_size_is_refused(store, concept) -> None:
    """The directory says 1 kB; the data inflates to 100 MB. Reading stops at the stated size."""
    xlsx = exported(store, concept)
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != SHEET_PART:
                target.writestr(info.filename, source.read(info.filename))
        part = source.read(SHEET_PART)
        with target.open(SHEET_PART, "w") as stream:
            stream.write(part.replace(b"</worksheet>", b""))
            for _ in range(100):
                stream.write(b" " * (1024 * 1024))
            stream.write(b"</worksheet>")
        target.getinfo(SHEET_PART).file_size = 1024  # the lie, written into the central directory
    reason, measured = refusal(store, concept, buffer.getvalue())
    assert reason == f"dit is geen geldig Excel-bestand (.xlsx): onderdeel {SHEET_PART} is beschadigd"
    assert measured["seconds"] < QUICK and measured["peak_mb"] < SMALL, measured


def test_too_many_entries_are_refused(store, concept) -> None:
    reason, _ = refusal(store, concept, rebuilt(exported(store, concept), {}, extra=MAX_ENTRIES))
    assert reason.startswith("het bestand bevat te veel onderdelen")


@pytest.mark.parametrize(("data", "reason"), [
    (b"Code;Niveau\nMINI-A01;2\n", "dit is geen geldig Excel-bestand (.xlsx)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "beveiligd (met wachtwoord) of oud .xls-bestand"),
], ids=["CSV named .xlsx", "OLE (password or .xls)"])
def test_files_that_are_no_xlsx(store, concept, data: bytes, reason: str) -> None:
    assert reason in refusal(store, concept, data)[0]


def test_a_zip_that_is_no_workbook_is_refused(store, concept) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("leesmij.txt", "geen werkmap")
    assert refusal(store, concept, buffer.getvalue())[0] == "dit is een zip-bestand, maar geen Excel-werkmap (.xlsx)"


def test_a_workbook_with_its_parts_missing_is_refused(store, concept) -> None:
    data = rebuilt(exported(store, concept), {"xl/workbook.xml": None})
    assert refusal(store, concept, data)[0] == "dit is geen geldig Excel-bestand (.xlsx)"


BILLION_LAUGHS_XML = (
    b'<?xml version="1.0"?>\n<!DOCTYPE sst [<!ENTITY a "lol">'
    + b"".join(b'<!ENTITY %s "%s">' % (bytes([ord("a") + n + 1]), b"&%s;" % bytes([ord("a") + n]) * 10)
               for n in range(8))
    + b']>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&i;</t></si></sst>'
)
"""Nine entities, each ten of the one before: "lol" 10**8 times once expanded."""


@pytest.mark.parametrize("part", ["xl/sharedStrings.xml", SHEET_PART, "[Content_Types].xml"])
def test_xml_entities_are_refused(store, concept, part: str) -> None:
    reason, measured = refusal(store, concept, rebuilt(exported(store, concept), {part: BILLION_LAUGHS_XML}))
    assert reason == "het bestand bevat een XML-DOCTYPE of entiteiten; dat hoort niet in een werkmap"
    assert measured["seconds"] < QUICK and measured["peak_mb"] < SMALL, measured


# -- cells --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("ref", "cell", "reason"), [
    ("H8", b'<c r="H8" t="str"><f>HYPERLINK("http://evil.example","klik")</f><v>klik</v></c>',
     "rij 8, kolom Toelichting: bevat een formule; formules worden niet uitgevoerd"),
    ("F8", b'<c r="F8"><f>1+1</f><v>2</v></c>', "rij 8, kolom Niveau: bevat een formule"),
    ("A9", b'<c r="A9" t="str"><f>"MINI-"&amp;"A02"</f><v>MINI-A02</v></c>', "rij 9, kolom Code: bevat een formule"),
    ("H8", b'<c r="H8" t="e"><v>#DIV/0!</v></c>', "rij 8, kolom Toelichting: bevat een Excel-foutwaarde (#DIV/0!)"),
    ("H8", '<c r="H8" t="inlineStr"><is><t>wis \x9b2J scherm</t></is></c>'.encode(),
     "rij 8, kolom Toelichting: bevat een ongeldig teken (stuurteken U+009B); verwijder het"),
    ("I8", '<c r="I8" t="inlineStr"><is><t>regel\x85einde</t></is></c>'.encode(),
     "rij 8, kolom Bewijs: bevat een ongeldig teken (stuurteken U+0085)"),
    ("H8", b'<c r="H8" t="inlineStr"><is><t>rood \x1b[31m</t></is></c>',
     f"dit is geen geldig Excel-bestand (.xlsx): onderdeel {SHEET_PART} is beschadigd"),
], ids=["HYPERLINK", "1+1 as level", "formula as code", "error value", "CSI", "NEL", "raw ESC"])
def test_formulas_errors_and_control_characters_in_cells_are_refused(store, concept, ref: str, cell: bytes,
                                                                     reason: str) -> None:
    assert reason in refusal(store, concept, with_cell(exported(store, concept), ref, cell))[0]


def test_an_escaped_control_character_stays_literal_text(store, concept) -> None:
    """OOXML writes control characters as _x001B_; openpyxl does not decode that, so it is text."""
    data = with_cell(exported(store, concept), "H8", b'<c r="H8" t="inlineStr"><is><t>a_x001B_[31m</t></is></c>')
    import_answer_sheet(store, concept, data)
    assert store.answers(concept)["MINI-A01"].comment == "a_x001B_[31m"


def test_hostile_text_is_exported_visibly_and_round_trips_unchanged(store, tmp_path: Path) -> None:
    store.upsert_organisation("GM0344", "Utrecht \x1b[31m\u202e", "gemeente", reference=True)
    assessment_id = assessment(store, finalise=False, text=False)
    store.set_answer(assessment_id, "MINI-A01", comment=HOSTILE_TEXT, evidence="=1+1\x07")
    store.set_answer(assessment_id, "MINI-A02", not_applicable="geldt niet \x9b\x85 hier")
    path = tmp_path / "blad.xlsx"
    export_answer_sheet(store, assessment_id, path)  # openpyxl refuses raw control characters
    book = load_workbook(path)
    texts = [str(c.value) for row in book[SHEET].iter_rows() for c in row if isinstance(c.value, str)]
    assert not FORBIDDEN_IN_OUTPUT & set("".join(texts))
    assert "Utrecht ␛[31m\ufffd (GM0344)" in texts and "=1+1␇" in texts
    comment = book[SHEET]["H8"]
    assert comment.value.startswith("rood ␛[31mALARM␛[0m link ␛]8;;http://evil␇klik")
    assert book[SHEET]["I8"].data_type == "s" and book[SHEET]["I8"].quotePrefix  # still no formula
    before = dump(store)
    result = import_answer_sheet(store, assessment_id, path.read_bytes())
    assert result.changed == [] and dump(store) == before
    assert store.answers(assessment_id)["MINI-A01"].comment == HOSTILE_TEXT


def test_an_edited_placeholder_text_is_stored_as_shown(store) -> None:
    assessment_id = assessment(store, finalise=False, text=False)
    store.set_answer(assessment_id, "MINI-A01", comment="a\x1bb")
    data = with_cell(exported(store, assessment_id), "H8",
                     '<c r="H8" t="inlineStr"><is><t>a␛b aangevuld</t></is></c>'.encode())
    assert import_answer_sheet(store, assessment_id, data).changed == ["MINI-A01"]
    assert store.answers(assessment_id)["MINI-A01"].comment == "a␛b aangevuld"


# -- the file -----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["fifo", "/dev/zero", "/dev/urandom", "link to /dev/zero"])
def test_fifos_and_devices_are_refused_before_reading(tmp_path: Path, kind: str) -> None:
    if kind == "fifo":
        path = make_fifo(tmp_path / "blad.xlsx")
    elif kind.startswith("link"):
        path = tmp_path / "blad.xlsx"
        path.symlink_to("/dev/zero")
    else:
        path = Path(kind)
    outcome = in_child(lambda: read_sheet_file(path))
    assert outcome.kind == "AnswerSheetError" and outcome.message.startswith("dit is geen gewoon bestand"), outcome
    assert outcome.seconds < QUICK


def test_a_sheet_file_is_read(store, concept, tmp_path: Path) -> None:
    path = tmp_path / "blad.xlsx"
    export_answer_sheet(store, concept, path)
    assert read_sheet_file(path) == path.read_bytes()
    with pytest.raises(AnswerSheetError, match="kan het bestand niet lezen"):
        read_sheet_file(tmp_path / "weg.xlsx")


def test_a_stale_declared_dimension_hides_no_rows(store) -> None:
    """openpyxl's streaming reader stops at the declared dimension; a stale one must not make
    weerbaar skip answers silently."""
    assessment_id = assessment(store, levels={"MINI-A01": 1}, finalise=False, text=False)
    xlsx = with_cell(exported(store, assessment_id), "H11",
                     b'<c r="H11" t="inlineStr"><is><t>onder de dimensie</t></is></c>')
    data = rebuilt(xlsx, {SHEET_PART: sheet_part(xlsx).replace(b'<dimension ref="A1:I11" />',
                                                               b'<dimension ref="A1:I8" />')})
    assert import_answer_sheet(store, assessment_id, data).changed == ["MINI-B02"]
    assert store.answers(assessment_id)["MINI-B02"].comment == "onder de dimensie"


def test_messages_never_echo_an_escape_sequence_or_an_endless_value(store, concept) -> None:
    xlsx = with_cell(exported(store, concept), "F9", '<c r="F9" t="inlineStr"><is><t>\x9b2J hoog</t></is></c>'.encode())
    long_code = "\u202eMINI" + "X" * 5000
    data = with_cell(xlsx, "A10", f'<c r="A10" t="inlineStr"><is><t>{long_code}</t></is></c>'.encode())
    reason = refusal(store, concept, data)[0]
    assert "\x9b" not in reason and "\u202e" not in reason
    assert "rij 9: niveau '\ufffd2J hoog' is geen niveau van de schaal" in reason
    assert "rij 10: maatregel \ufffdMINIXXX" in reason and "…" in reason and len(reason) < 1000
