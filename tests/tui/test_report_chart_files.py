"""Charts written as separate SVG files beside an HTML report (issue #11: copy into a council memo)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from reports_support import make_store, submit

from reports.charts import Bar, ScoreBars, chart_files
from reports.document import Chart, Document, Paragraph, Section
from reports.html import render_html
from tui.cli import main

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert("x")</script> & "Oost" <b>'


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("charts") / "charts.db"
    store = make_store(path)
    for n in range(1, 13):
        submit(store, f"GM{n:04d}", "2026", "geaggregeerd", default=n % 4)
    store.close()
    return path


def test_each_chart_is_written_beside_the_html_and_named_under_it(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "rapport.html"
    result = CliRunner().invoke(main, ["--db", str(db), "report", "province", "--format", "html", "-o", str(target)])
    assert result.exit_code == 0, result.output
    page = target.read_text(encoding="utf-8")
    files = sorted(tmp_path.glob("rapport-grafiek-*.svg"), key=lambda p: int(re.findall(r"\d+", p.stem)[-1]))
    assert files, "the report has charts, so files are expected"
    assert [p.name for p in files] == [f"rapport-grafiek-{n}.svg" for n in range(1, len(files) + 1)]
    assert page.count('class="chart-block"') == len(files)
    for path in files:
        assert f'<a href="{path.name}">{path.name}</a>' in page
        root = ET.fromstring(path.read_bytes())  # well-formed XML, or this raises
        assert root.tag == f"{SVG}svg"
        assert root.find(f"{SVG}title") is not None
        assert "inherit" not in path.read_text(encoding="utf-8")


def test_markdown_and_a_report_without_charts_write_no_chart_files(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "rapport.md"
    assert CliRunner().invoke(main, ["--db", str(db), "report", "province", "-o", str(target)]).exit_code == 0
    gaps = tmp_path / "gaten.html"  # the gap report has tables only
    assert CliRunner().invoke(main, ["--db", str(db), "report", "gaps", "-o", str(gaps)]).exit_code == 0
    assert "Ook als los bestand" not in gaps.read_text(encoding="utf-8")
    assert list(tmp_path.glob("*.svg")) == []


def test_user_text_in_a_chart_file_is_escaped() -> None:
    spec = ScoreBars(HOSTILE, [Bar(HOSTILE, 0.5, 0.6, note=HOSTILE)])
    document = Document("province", "t", "s", [], [Section("a", "A", [Paragraph("x"), Chart(spec, HOSTILE)])])
    [(block, name, data)] = chart_files(document, 'rap"port')
    assert name == 'rap"port-grafiek-1.svg' and block.spec is spec
    text = data.decode("utf-8")
    assert "<script" not in text and "<b>" not in text
    root = ET.fromstring(data)
    assert not [e for e in root.iter() if e.tag in (f"{SVG}script", "script", f"{SVG}b", "b")]
    assert root.find(f"{SVG}title").text == HOSTILE  # type: ignore[union-attr]
    page = render_html(document, {id(block): name})
    assert "<script>alert" not in page
    assert 'rap&#34;port-grafiek-1.svg' in page or "rap&quot;port-grafiek-1.svg" in page
