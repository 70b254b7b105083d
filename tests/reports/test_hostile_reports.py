"""Control characters, terminal escapes and bidi overrides in user text: every report format is
written without a crash, and CSV, XLSX and Markdown carry none of them raw (docs/hostile-input.md)."""

from __future__ import annotations

import io
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hostile_support import FORBIDDEN_IN_OUTPUT, HOSTILE_TEXT
from reports_support import csv_rows, make_store, submit, xlsx_sheets

from norm.store import Store
from reports import build_report, render
from reports.guard import guard_formula, md_escape

NAME = "Gemeente \x1b[31mRood\x1b[0m \u202eLIAM\u202c \x9b2J"
SHOWN_NAME = "Gemeente ␛[31mRood␛[0m \ufffdLIAM\ufffd \ufffd2J"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, int]:
    store = make_store(tmp_path_factory.mktemp("vijandig") / "reports.db")
    store.upsert_organisation("GM0001", NAME, "gemeente", reference=True)
    assessment_id = store.new_assessment("GM0001", "testnorm", "2026")
    record = store.assessment(assessment_id)
    items = store.checklist(record.snapshot_id).applicable_items("gemeente")
    na_index = next(index for index, item in enumerate(items) if item.allows_na)
    for index, item in enumerate(items):
        if index == na_index:
            store.set_answer(assessment_id, item.code, not_applicable=f"n.v.t. {HOSTILE_TEXT}")
        else:
            store.set_answer(assessment_id, item.code, level=1, comment=HOSTILE_TEXT,
                             evidence=f"=HYPERLINK(\"http://evil\")\x07{HOSTILE_TEXT}")
    store.add_action(assessment_id, items[1].code, f"Actie {HOSTILE_TEXT}", "Eigenaar \x1b]8;;http://x\x07", None)
    store.finalise(assessment_id, sharing="benoemd", acknowledge_shortfalls=True)
    for code in ("GM0002", "GM0003", "GM0004", "GM0005", "GM0006"):
        submit(store, code, "2026", "benoemd")
    yield store, assessment_id
    store.close()


def documents(store: Store, assessment_id: int):
    yield "org", build_report(store, "org", ids=[assessment_id])
    yield "province", build_report(store, "province", period="2026")
    yield "gaps", build_report(store, "gaps", period="2026")
    yield "peers", build_report(store, "compare", ids=[assessment_id], peers=True)


@pytest.mark.parametrize("fmt", ["csv", "md", "xlsx"])
def test_no_raw_control_character_reaches_csv_markdown_or_xlsx(hostile, fmt: str) -> None:
    store, assessment_id = hostile
    for kind, document in documents(store, assessment_id):
        data = render(document, fmt)
        if fmt == "xlsx":
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                text = "".join(archive.read(name).decode("utf-8") for name in archive.namelist())
        else:
            text = data.decode("utf-8")
        found = FORBIDDEN_IN_OUTPUT & set(text.replace("\r\n", "\n"))
        assert not found, (kind, fmt, sorted(f"U+{ord(c):04X}" for c in found))


def test_the_org_report_shows_the_placeholders(hostile) -> None:
    store, assessment_id = hostile
    document = build_report(store, "org", ids=[assessment_id])
    csv_text = render(document, "csv").decode("utf-8")
    markdown = render(document, "md").decode("utf-8")
    sheets = xlsx_sheets(render(document, "xlsx"))
    cells = [str(value) for rows in sheets.values() for row in rows for value in row if isinstance(value, str)]
    for text in (csv_text, "\n".join(cells)):
        assert "␛[31mALARM␛[0m" in text and "␛]8;;http://evil␇klik" in text
    assert "␛\\[31mALARM␛\\[0m" in markdown and "␛\\]8;;http://evil␇klik" in markdown  # brackets escaped
    assert SHOWN_NAME in csv_text and f"{SHOWN_NAME} (GM0001)" in cells
    # The formula guard still works on the visible text.
    assert any(cell.startswith("'=HYPERLINK") for cell in cells)
    assert any(row["waarde"].startswith("'=HYPERLINK") for row in csv_rows(render(document, "csv")))


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_escapes_and_bidi_overrides_do_not_break_the_html(hostile, tmp_path: Path) -> None:
    """HTML escapes markup (autoescape); ESC and U+202E stay as text inside their element."""
    store, assessment_id = hostile
    hostile_html = render(build_report(store, "org", ids=[assessment_id]), "html").decode("utf-8")
    benign = make_store(tmp_path / "goed.db")
    benign.upsert_organisation("GM0001", "Gemeente Rood", "gemeente", reference=True)
    benign_id = submit(benign, "GM0001", "2026", "benoemd")
    benign_html = render(build_report(benign, "org", ids=[benign_id]), "html").decode("utf-8")
    benign.close()
    parsed, baseline = _Collector(), _Collector()
    parsed.feed(hostile_html)
    baseline.feed(benign_html)
    assert parsed.tags[:40] == baseline.tags[:40]  # the same document structure up to the tables
    assert any(NAME in text for text in parsed.text)


@pytest.mark.parametrize(("text", "guarded"), [
    ("\x1b[31m=1+1", "␛[31m=1+1"),
    ("=1+1\x1b", "'=1+1␛"),
    ("\t=cmd|' /C calc'!A0", "'\t=cmd|' /C calc'!A0"),
    ("@SUM(A1)\u202e", "'@SUM(A1)\ufffd"),
    ("gewoon\nmet regel", "gewoon\nmet regel"),
])
def test_guard_formula_makes_hidden_characters_visible_and_keeps_the_guard(text: str, guarded: str) -> None:
    assert guard_formula(text) == guarded


def test_md_escape_makes_hidden_characters_visible() -> None:
    assert md_escape("a\x1b[31m*b*\x07\u202e") == "a␛\\[31m\\*b\\*␇\ufffd"
